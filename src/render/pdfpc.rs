//! Speaker notes for pdfpc-compatible presenter consoles (the `.pdfpc` JSON, format 2).

use serde::Serialize;

use crate::assets::VideoLink;
use crate::i18n;
use crate::outline::{Block, Question, Spanned};
use crate::plan::{Plan, PlannedBlock, SlideId, SlidePart};

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct PdfpcFile {
    pdfpc_format: u32,
    #[serde(skip_serializing_if = "Option::is_none")]
    duration: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    start_time: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    end_time: Option<String>,
    pages: Vec<PdfpcPage>,
}

#[derive(Serialize)]
struct PdfpcPage {
    idx: usize,
    label: String,
    overlay: usize,
    #[serde(skip_serializing_if = "Option::is_none")]
    note: Option<String>,
}

/// The `.pdfpc` file for the slides of `plan` whose pages show
/// `page_slides` and the questions `page_questions`: each page's note is its
/// block's clip (a scene's, with the file the slide plays as its link names
/// it, from `videos`), the hints of the questions it shows, then the
/// block's speaker notes.
pub fn pdfpc(
    plan: &Plan<'_>,
    page_slides: &[Option<SlideId>],
    page_questions: &[Vec<u32>],
    videos: &[VideoLink],
) -> String {
    let labels = i18n::labels(plan.language);
    let label = |key: &str| -> String {
        labels
            .get(key)
            .and_then(|l| l.as_str())
            .unwrap_or(key)
            .to_string()
    };
    let file = PdfpcFile {
        pdfpc_format: 2,
        duration: plan.declared_minutes(),
        start_time: plan.clock(0).map(|t| t.to_string()),
        end_time: plan.clock(plan.minutes).map(|t| t.to_string()),
        pages: page_slides
            .iter()
            .enumerate()
            .map(|(idx, slide)| {
                let shown = page_questions.get(idx).map(Vec::as_slice);
                PdfpcPage {
                    idx,
                    label: (idx + 1).to_string(),
                    overlay: 0,
                    note: slide.and_then(|slide| note(plan, slide, shown, videos, &label)),
                }
            })
            .collect(),
    };
    let mut text = serde_json::to_string_pretty(&file).unwrap_or_default();
    text.push('\n');
    text
}

/// The note of one slide: none when its block has nothing for the trainer.
fn note(
    plan: &Plan<'_>,
    slide: SlideId,
    shown: Option<&[u32]>,
    videos: &[VideoLink],
    label: &dyn Fn(&str) -> String,
) -> Option<String> {
    let SlideId::Block(id, part) = slide else {
        return None;
    };
    let planned: &PlannedBlock<'_> = plan.block(id)?;
    let mut parts = Vec::new();
    let questions: Option<&Spanned<Vec<Spanned<Question>>>> = match (&planned.block.value, part) {
        (Block::Scene(scene), _) => {
            if let Some(clip) = scene.clip.as_ref().and_then(|c| c.ok()) {
                let mut line = format!(
                    "{}{} {} – {} ({})",
                    label("clip"),
                    label("colon"),
                    clip.start,
                    clip.end,
                    clip.length()
                );
                let file = scene
                    .video
                    .as_ref()
                    .and_then(|v| videos.iter().find(|l| l.is(v, Some(*clip))));
                if let Some(file) = file {
                    line.push_str(&format!(" · {}", file.file.path));
                }
                parts.push(line);
            }
            None
        }
        (Block::Questions(questions), SlidePart::Page(_)) => Some(&questions.ask),
        (Block::Activity(activity), SlidePart::Debrief(_)) => activity.debrief.as_ref(),
        _ => None,
    };
    if let Some(questions) = questions {
        let hints: Vec<String> = questions
            .iter()
            .enumerate()
            .filter(|(i, _)| shown.is_none_or(|s| s.is_empty() || s.contains(&(*i as u32 + 1))))
            .filter_map(|(i, q)| {
                let hint = q.hint()?;
                Some(format!(
                    "{} {}{} {}",
                    label("hint"),
                    i + 1,
                    label("colon"),
                    hint.value
                ))
            })
            .collect();
        if !hints.is_empty() {
            parts.push(hints.join("\n"));
        }
    }
    if let Some(notes) = planned.block.notes() {
        parts.push(notes.value.clone());
    }
    (!parts.is_empty()).then(|| parts.join("\n\n"))
}
