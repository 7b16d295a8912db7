//! Speaker notes for pdfpc-compatible presenter consoles (the `.pdfpc` JSON, format 2), from the facilitator's data and the planned slides.

use std::collections::HashMap;

use serde::Serialize;

use super::{Export, ExportError, File, Made, Needs};
use crate::outline::Run;
use crate::plan::{
    BlockData, Content, Document, DocumentKind, PlannedSlide, QuestionData, Shows, SlideId,
};

pub struct Pdfpc;

const FILE: &str = "slides.pdfpc";

impl Export for Pdfpc {
    fn format(&self) -> &'static str {
        "pdf"
    }

    fn needs(&self) -> Needs {
        Needs::default()
    }

    fn files(&self, made: &Made<'_>) -> Result<Vec<File>, ExportError> {
        if made.rendered.target != DocumentKind::Slides {
            return Ok(Vec::new());
        }
        let notes = pdfpc(made).map_err(|e| ExportError {
            format: self.format(),
            document: made.rendered.target.name(),
            message: e.to_string(),
        })?;
        Ok(vec![(made.names.file(FILE), notes.into_bytes())])
    }

    fn file_names(&self, kind: DocumentKind) -> Vec<String> {
        match kind {
            DocumentKind::Slides => vec![FILE.to_string()],
            _ => Vec::new(),
        }
    }
}

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
#[serde(rename_all = "camelCase")]
struct PdfpcPage {
    idx: usize,
    /// The slide's number: the pages of a slide revealed step by step share
    /// it, and pdfpc counts them as one slide (one thumbnail in its overview).
    label: String,
    /// The page's place among its slide's pages, from 0.
    overlay: usize,
    /// Whether it is a later page of its slide (pdfpc's "overlay").
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    forced_overlay: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    note: Option<String>,
}

/// The `.pdfpc` file of the slides: each page's note is its block's clip (a
/// scene's), the hints of the questions its slide shows, then the block's
/// speaker notes. The pages of one slide (a slide revealed step by step)
/// are its overlays, each with the slide's note.
fn pdfpc(made: &Made<'_>) -> serde_json::Result<String> {
    let facilitator = made.facilitator;
    let blocks: HashMap<&str, &BlockData> = facilitator
        .sections
        .iter()
        .flat_map(|s| &s.blocks)
        .map(|b| (b.id.as_str(), b))
        .collect();
    let note = |slide: SlideId| -> Option<String> {
        let planned = made.slides.iter().find(|s| s.id == slide)?;
        let block = blocks.get(planned.block?.to_string().as_str())?;
        note(facilitator, block, planned)
    };
    let workshop = &facilitator.workshop;
    let file = PdfpcFile {
        pdfpc_format: 2,
        duration: workshop.duration,
        start_time: made.plan.clock(0).map(|t| t.to_string()),
        end_time: made.plan.clock(made.plan.minutes).map(|t| t.to_string()),
        pages: pages(&made.rendered.page_slides, &made.rendered.page_steps)
            .into_iter()
            .map(|(idx, number, overlay)| PdfpcPage {
                idx,
                label: number.to_string(),
                overlay,
                forced_overlay: overlay > 0,
                note: made.rendered.page_slides[idx].and_then(note),
            })
            .collect(),
    };
    let mut text = serde_json::to_string_pretty(&file)?;
    text.push('\n');
    Ok(text)
}

/// Each page's index, its slide's number (from 1) and its place among its
/// slide's pages (from 0): a later reveal step of the slide on the page
/// before is an overlay of it.
fn pages(
    page_slides: &[Option<SlideId>],
    page_steps: &[Option<u32>],
) -> Vec<(usize, usize, usize)> {
    let mut pages = Vec::with_capacity(page_slides.len());
    let mut number = 0;
    let mut overlay = 0;
    for (idx, slide) in page_slides.iter().enumerate() {
        let step = page_steps.get(idx).copied().flatten();
        let earlier = idx
            .checked_sub(1)
            .and_then(|i| page_steps.get(i).copied().flatten());
        let same_slide = idx > 0 && slide.is_some() && page_slides[idx - 1] == *slide;
        if same_slide && step.is_some_and(|s| earlier.is_some_and(|e| s > e)) {
            overlay += 1;
        } else {
            number += 1;
            overlay = 0;
        }
        pages.push((idx, number, overlay));
    }
    pages
}

/// The note of one slide: none when its block has nothing for the trainer.
pub(super) fn note(
    facilitator: &Document,
    block: &BlockData,
    slide: &PlannedSlide,
) -> Option<String> {
    let labels = crate::i18n::labels_by_code(facilitator.lang);
    let mut parts = Vec::new();
    let questions: &[QuestionData] = match (&block.content, slide.shows) {
        (Content::Scene(scene), _) => {
            if let Some(clip) = &scene.clip {
                let mut line = format!(
                    "{}{} {} – {} ({})",
                    labels.clip, labels.colon, clip.start, clip.end, clip.length
                );
                if let Some(video) = &scene.video {
                    line.push_str(&format!(" · {}", video.path));
                }
                parts.push(line);
            }
            &[]
        }
        (Content::Questions(questions), Shows::Questions) => &questions.questions,
        (Content::Activity(activity), Shows::Debrief) => &activity.debrief,
        _ => &[],
    };
    let hints: Vec<String> = slide
        .items
        .iter()
        .filter_map(|&i| questions.get(i))
        .filter_map(|q| {
            let hint = q.hint.as_ref()?.as_ref()?;
            Some(format!(
                "{} {}{} {}",
                labels.hint,
                q.number,
                labels.colon,
                markup(hint)
            ))
        })
        .collect();
    if !hints.is_empty() {
        parts.push(hints.join("\n"));
    }
    if let Some(Some(notes)) = &block.notes {
        parts.push(markup(notes));
    }
    (!parts.is_empty()).then(|| parts.join("\n\n"))
}

/// Styled text written back as the outline writes it, `*emphasis*` and
/// `**strong**`, which pdfpc shows as Markdown.
fn markup(runs: &[Run]) -> String {
    runs.iter()
        .map(|run| {
            let marks = match (run.strong, run.emph) {
                (true, true) => "***",
                (true, false) => "**",
                (false, true) => "*",
                (false, false) => "",
            };
            format!("{marks}{}{marks}", run.text)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::outline::parse_inline;

    /// Proves: the later reveal steps of a slide are overlays of it, under
    /// its number; an overflowing slide's next page is a page of its own.
    #[test]
    fn reveal_steps_are_overlays_of_one_slide() {
        let b = |n| {
            Some(SlideId::Block(
                crate::plan::BlockId(n),
                crate::plan::SlidePart::Page(1),
            ))
        };
        let slides = [
            Some(SlideId::Title),
            b(1),
            b(1),
            b(1),
            b(2),
            b(2),
            b(3),
            b(3),
        ];
        let steps = [
            None,
            Some(1),
            Some(2),
            Some(3),
            None,
            None,
            Some(1),
            Some(2),
        ];
        let numbers: Vec<(usize, usize)> = pages(&slides, &steps)
            .iter()
            .map(|&(_, n, o)| (n, o))
            .collect();
        assert_eq!(
            numbers,
            [
                (1, 0),
                (2, 0),
                (2, 1),
                (2, 2),
                (3, 0),
                (4, 0),
                (5, 0),
                (5, 1)
            ]
        );
    }

    /// Proves: emphasis and strong text come back as the outline wrote them.
    #[test]
    fn styled_text_is_written_back_as_written() {
        for text in [
            "plain",
            "what we *can* do",
            "a **firm** line",
            "***both***",
            "a * b",
        ] {
            assert_eq!(markup(&parse_inline(text)), text);
        }
    }
}
