//! The one translation from the outline model to the data the Typst templates read.
//!
//! Facilitator-only text (speaker notes, question hints) is added only for
//! [`Audience::Facilitator`]: the slides' and handout's data never hold it.

use serde_json::{Map, Value, json};

use crate::assets::PreparedStill;
use crate::i18n;
use crate::outline::{Block, Outline, Question, Spanned, Text, parse_inline};

/// Who reads a document; it decides what the document's data may hold.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Audience {
    /// The room and the participants: slides and handout.
    Participants,
    /// The trainer: the guide.
    Facilitator,
}

/// Questions per slide, so that each stays legible at 24 pt and more.
const QUESTIONS_PER_SLIDE: usize = 3;
/// Characters of questions per slide, for long questions.
const QUESTION_CHARS_PER_SLIDE: usize = 260;

fn rich(text: &str) -> Value {
    json!(parse_inline(text))
}

fn rich_opt(text: Option<&Text>) -> Value {
    text.map_or(Value::Null, |t| rich(t))
}

fn rich_list(list: Option<&Spanned<Vec<Text>>>) -> Value {
    Value::Array(
        list.map(|l| l.iter().map(|t| rich(t)).collect())
            .unwrap_or_default(),
    )
}

/// The data for one document, as the templates' `/data.json`.
pub fn document_data(outline: &Outline, stills: &[PreparedStill], audience: Audience) -> Value {
    let language = outline.language();
    let clock = |minutes: u32| {
        outline
            .start()
            .map(|s| i18n::clock(language, s.plus(minutes)))
    };
    let mut elapsed = 0u32;
    let mut sections = Vec::new();
    let mut block_number = 0usize;
    for (index, section) in outline.sections.iter().enumerate() {
        let section_start = elapsed;
        let mut blocks = Vec::new();
        for block in section.blocks.iter() {
            block_number += 1;
            let minutes = block.minutes().map(|m| m.value);
            let mut data = block_data(&block.value, stills, audience);
            data.insert("id".into(), json!(format!("b{block_number}")));
            data.insert("kind".into(), json!(block.kind()));
            data.insert("minutes".into(), json!(minutes));
            data.insert("start".into(), json!(clock(elapsed)));
            data.insert("elapsed".into(), json!(elapsed_text(elapsed)));
            data.insert("headline".into(), rich(&block.headline()));
            if audience == Audience::Facilitator {
                data.insert("notes".into(), rich_opt(block.notes()));
            }
            elapsed += minutes.unwrap_or(0);
            blocks.push(Value::Object(data));
        }
        sections.push(json!({
            "number": index + 1,
            "id": format!("s{}", index + 1),
            "title": rich(&section.title),
            "goal": rich_opt(section.goal.as_ref()),
            "start": clock(section_start),
            "elapsed": elapsed_text(section_start),
            "minutes": elapsed - section_start,
            "blocks": blocks,
        }));
    }
    let date = outline.date();
    json!({
        "lang": language.code(),
        "labels": i18n::labels(language),
        "paper": outline.paper().name(),
        "note_lines": outline.note_lines(),
        "workshop": {
            "title": rich(&outline.title),
            "title_plain": outline.title.value,
            "subtitle": rich_opt(outline.subtitle.as_ref()),
            "audience": rich_opt(outline.audience.as_ref()),
            "facilitator": outline.facilitator.as_ref().map(|f| f.value.clone()),
            "date": date.map(|d| json!({"year": d.year, "month": d.month, "day": d.day})),
            "duration": outline.duration().map(|d| d.0),
            "duration_text": outline.duration().map(|d| d.to_string()),
            "planned": elapsed,
            "planned_text": crate::outline::Minutes(elapsed).to_string(),
            "start": clock(0),
            "end": clock(elapsed),
        },
        "sections": sections,
    })
}

fn elapsed_text(minutes: u32) -> String {
    format!("{}:{:02}", minutes / 60, minutes % 60)
}

fn block_data(block: &Block, stills: &[PreparedStill], audience: Audience) -> Map<String, Value> {
    let value = match block {
        Block::Scene(scene) => {
            let still = scene.still.as_ref().and_then(|written| {
                stills.iter().find(|s| s.written == written.value).map(|s| {
                    json!({
                        "path": s.virtual_path,
                        "card_path": s.card_path,
                        "portrait": s.height > s.width,
                        "alt": scene.alt.as_ref().map_or_else(
                            || format!("A still from {}", scene.film.value),
                            |a| a.value.clone()),
                    })
                })
            });
            let clip = scene.clip.as_ref().and_then(|c| c.ok().copied());
            json!({
                "film": rich(&scene.film),
                "film_plain": scene.film.value,
                "year": scene.year.as_ref().map(|y| y.value),
                "director": scene.director.as_ref().map(|d| d.value.clone()),
                "clip": clip.map(|c| json!({
                    "start": c.start.to_string(),
                    "end": c.end.to_string(),
                    "length": c.length().to_string(),
                    "seconds": c.length().0,
                })),
                "still": still,
                "setup": rich_opt(scene.setup.as_ref()),
                "watch_for": rich_list(scene.watch_for.as_ref()),
            })
        }
        Block::Quote(quote) => json!({
            "text": rich(&quote.text),
            "by": rich_opt(quote.by.as_ref()),
            "source": rich_opt(quote.source.as_ref()),
        }),
        Block::Lesson(lesson) => json!({
            "title": rich(&lesson.title),
            "points": rich_list(lesson.points.as_ref()),
            "takeaway": rich_opt(lesson.takeaway.as_ref()),
        }),
        Block::Questions(questions) => {
            let items: Vec<Value> = questions
                .ask
                .iter()
                .enumerate()
                .map(|(i, q)| question_data(i + 1, q, audience))
                .collect();
            json!({
                "questions": items,
                "slides": question_slides(questions.ask.iter().map(|q| q.text().len()).collect()),
            })
        }
    };
    match value {
        Value::Object(map) => map,
        _ => Map::new(),
    }
}

fn question_data(number: usize, question: &Question, audience: Audience) -> Value {
    let mut data = json!({ "number": number, "text": rich(question.text()) });
    if audience == Audience::Facilitator
        && let Value::Object(map) = &mut data
    {
        map.insert("hint".into(), rich_opt(question.hint()));
    }
    data
}

/// Splits questions over slides: indexes (0-based) of the questions on each slide.
fn question_slides(lengths: Vec<usize>) -> Vec<Vec<usize>> {
    let mut slides: Vec<Vec<usize>> = Vec::new();
    let mut chars = 0;
    for (index, length) in lengths.into_iter().enumerate() {
        match slides.last_mut() {
            Some(slide)
                if slide.len() < QUESTIONS_PER_SLIDE
                    && chars + length <= QUESTION_CHARS_PER_SLIDE =>
            {
                slide.push(index);
                chars += length;
            }
            _ => {
                slides.push(vec![index]);
                chars = length;
            }
        }
    }
    slides
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn questions_split_by_count_and_length() {
        assert_eq!(
            question_slides(vec![10, 10, 10, 10]),
            vec![vec![0, 1, 2], vec![3]]
        );
        assert_eq!(question_slides(vec![200, 200]), vec![vec![0], vec![1]]);
        assert!(question_slides(vec![]).is_empty());
    }
}
