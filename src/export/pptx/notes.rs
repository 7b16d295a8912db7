//! A slide's notes page, from the facilitator's data: the clip's cue, the hints of the questions it shows, the block's speaker notes.

use super::canvas::{Canvas, Colour, Font, Para, plain_run};
use super::slides::{block_of, short_length};
use crate::outline::Run;
use crate::plan::{Content, Document, PlannedSlide, QuestionData, Shows};

/// The paragraphs of `slide`'s notes, from `facilitator`'s data; none when
/// its block has nothing for the trainer. Role briefs are never read.
pub fn notes(facilitator: &Document, slide: &PlannedSlide) -> Vec<Vec<Run>> {
    let Some(block) = block_of(facilitator, slide) else {
        return Vec::new();
    };
    let labels = crate::i18n::labels_by_code(facilitator.lang);
    let mut paragraphs = Vec::new();
    let questions: &[QuestionData] = match (&block.content, slide.shows) {
        (Content::Scene(scene), Shows::Main) => {
            if let Some(clip) = &scene.clip {
                let plays = scene
                    .video
                    .as_ref()
                    .map(|v| v.plays.clone())
                    .filter(|p| !p.is_empty())
                    .unwrap_or_else(|| short_length(clip.seconds));
                let mut line = format!(
                    "{}{} {} – {} ({plays})",
                    labels.clip, labels.colon, clip.start, clip.end,
                );
                if let Some(video) = &scene.video {
                    line.push_str(&format!(" · {}", video.path));
                }
                paragraphs.push(vec![plain_run(&line)]);
            }
            &[]
        }
        (Content::Questions(questions), Shows::Questions) => &questions.questions,
        (Content::Activity(activity), Shows::Debrief) => &activity.debrief,
        _ => &[],
    };
    for question in slide.items.iter().filter_map(|&i| questions.get(i)) {
        if let Some(Some(hint)) = &question.hint {
            let mut runs = vec![Run {
                strong: true,
                ..plain_run(&format!(
                    "{} {}{} ",
                    labels.hint, question.number, labels.colon
                ))
            }];
            runs.extend(hint.iter().cloned());
            paragraphs.push(runs);
        }
    }
    // On each of the block's slides, as the pdfpc notes have them.
    if let Some(Some(notes)) = &block.notes {
        paragraphs.push(notes.clone());
    }
    paragraphs
}

/// The notes page of a slide holding `paragraphs`.
pub fn notes_page(lang: &str, paragraphs: &[Vec<Run>]) -> std::io::Result<Vec<u8>> {
    let paras: Vec<Para> = paragraphs
        .iter()
        .map(|runs| Para::new(runs, Font::new(12, Colour::Ink)))
        .collect();
    let mut canvas = Canvas::notes(lang);
    canvas.notes_placeholders(&paras);
    let mut xml = canvas.end_tree();
    xml.close("p:notes");
    xml.finish()
}
