//! The one translation from the outline model to the data the Typst templates read.
//!
//! What a document's data may hold depends on who reads it ([`Audience`]):
//! speaker notes and hints only for the facilitator, role-play briefs for the
//! players' cards and the facilitator, and never for the room. The slides
//! cannot show what their data does not hold.

use serde_json::{Map, Value, json};

use crate::assets::PreparedStill;
use crate::i18n;
use crate::outline::{
    Activity, Block, ImageSlide, Outline, Question, Roleplay, Spanned, Text, TextSlide,
    parse_inline,
};

/// Who reads a document; it decides what the document's data may hold.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Audience {
    /// Everyone in the room at once: the slides. No notes, hints or role briefs.
    Room,
    /// Each participant on paper: the handout. Role briefs (on cut-out cards),
    /// no notes or hints; only the blocks meant for the handout.
    Participants,
    /// The trainer: the guide. Everything.
    Facilitator,
}

impl Audience {
    /// Speaker notes and question hints.
    fn sees_facilitator_text(self) -> bool {
        self == Audience::Facilitator
    }
    /// The private briefs of role-play roles.
    fn sees_role_briefs(self) -> bool {
        matches!(self, Audience::Participants | Audience::Facilitator)
    }
}

/// Questions per slide, so that each stays legible at 24 pt and more.
const QUESTIONS_PER_SLIDE: usize = 3;
/// Characters of questions per slide, for long questions.
const QUESTION_CHARS_PER_SLIDE: usize = 260;
/// Activity steps per slide, beside the time badge.
const STEPS_PER_SLIDE: usize = 4;
/// Characters of steps per slide: the steps' column is narrower than a question's.
const STEP_CHARS_PER_SLIDE: usize = 240;

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
            if audience == Audience::Participants && !block.in_handout() {
                // Left out of the handout, but its minutes still move the clock.
                elapsed += minutes.unwrap_or(0);
                continue;
            }
            let mut data = block_data(&block.value, stills, audience, language);
            data.insert("id".into(), json!(format!("b{block_number}")));
            data.insert("kind".into(), json!(block.kind()));
            data.insert("in_handout".into(), json!(block.in_handout()));
            data.insert("minutes".into(), json!(minutes));
            data.insert("start".into(), json!(clock(elapsed)));
            data.insert("end".into(), json!(clock(elapsed + minutes.unwrap_or(0))));
            data.insert("elapsed".into(), json!(elapsed_text(elapsed)));
            let headline = block.headline();
            data.insert(
                "headline".into(),
                if headline.is_empty() {
                    Value::Null
                } else {
                    rich(&headline)
                },
            );
            if audience.sees_facilitator_text() {
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
        "layout": outline.handout_layout().name(),
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

/// The default description of a still, in the outline's language.
fn still_alt(language: crate::outline::Language, film: &str) -> String {
    let labels = i18n::labels(language);
    let pattern = labels
        .get("still_of")
        .and_then(|p| p.as_str())
        .unwrap_or("{film}");
    pattern.replace("{film}", film)
}

fn elapsed_text(minutes: u32) -> String {
    format!("{}:{:02}", minutes / 60, minutes % 60)
}

fn block_data(
    block: &Block,
    stills: &[PreparedStill],
    audience: Audience,
    language: crate::outline::Language,
) -> Map<String, Value> {
    let value = match block {
        Block::Scene(scene) => {
            let still = scene.still.as_ref().and_then(|written| {
                stills.iter().find(|s| s.written == written.value).map(|s| {
                    json!({
                        "path": s.virtual_path,
                        "card_path": s.card_path,
                        "portrait": s.height > s.width,
                        "alt": scene.alt.as_ref().map_or_else(
                            || still_alt(language, &scene.film.value),
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
        Block::Activity(activity) => activity_data(activity, audience),
        Block::Roleplay(roleplay) => roleplay_data(roleplay, audience),
        Block::Break(pause) => json!({ "title": rich_opt(pause.title.as_ref()) }),
        Block::Text(text) => text_data(text),
        Block::Image(image) => image_data(image, stills),
    };
    match value {
        Value::Object(map) => map,
        _ => Map::new(),
    }
}

fn activity_data(activity: &Activity, audience: Audience) -> Value {
    let steps: Vec<&Text> = activity
        .instructions
        .as_ref()
        .map(|l| l.iter().collect())
        .unwrap_or_default();
    let debrief: Vec<Value> = activity
        .debrief
        .iter()
        .flat_map(|d| d.iter())
        .enumerate()
        .map(|(i, q)| question_data(i + 1, q, audience))
        .collect();
    let group = activity
        .group
        .as_ref()
        .and_then(|g| g.ok().copied())
        .map(|g| json!({ "form": g.name(), "size": g.size() }));
    json!({
        "title": rich(&activity.title),
        "instructions": steps.iter().map(|t| rich(t)).collect::<Vec<_>>(),
        "step_slides": chunk_slides(
            steps.iter().map(|t| t.len()).collect(),
            STEPS_PER_SLIDE,
            STEP_CHARS_PER_SLIDE,
        ),
        "group": group,
        "materials": rich_list(activity.materials.as_ref()),
        "debrief": debrief,
        "debrief_slides": question_slides(
            activity.debrief.iter().flat_map(|d| d.iter()).map(|q| q.text().len()).collect(),
        ),
    })
}

fn roleplay_data(roleplay: &Roleplay, audience: Audience) -> Value {
    let roles: Vec<Value> = roleplay
        .roles
        .iter()
        .flat_map(|r| r.iter())
        .map(|role| {
            let mut data = json!({ "name": rich(&role.name) });
            if audience.sees_role_briefs()
                && let Value::Object(map) = &mut data
            {
                map.insert("brief".into(), rich_opt(role.brief.as_ref()));
            }
            data
        })
        .collect();
    json!({
        "title": rich(&roleplay.title),
        "title_plain": roleplay.title.value,
        "scenario": rich_opt(roleplay.scenario.as_ref()),
        "roles": roles,
        "observe": rich_list(roleplay.observe.as_ref()),
    })
}

fn text_data(text: &TextSlide) -> Value {
    json!({
        "title": rich_opt(text.title.as_ref()),
        "paragraphs": text.body.as_ref().map(|b| paragraphs(b)).unwrap_or_default(),
    })
}

/// Paragraphs are separated by an empty line; a single line break is a space.
fn paragraphs(body: &str) -> Vec<Value> {
    let mut found = Vec::new();
    let mut current: Vec<&str> = Vec::new();
    for line in body.lines().map(str::trim).chain(std::iter::once("")) {
        if line.is_empty() {
            if !current.is_empty() {
                found.push(rich(&current.join(" ")));
                current.clear();
            }
        } else {
            current.push(line);
        }
    }
    found
}

fn image_data(image: &ImageSlide, stills: &[PreparedStill]) -> Value {
    let picture = stills.iter().find(|s| s.written == image.src.value);
    let alt = image
        .alt
        .as_ref()
        .or(image.caption.as_ref())
        .map_or_else(|| image.src.value.clone(), |t| t.value.clone());
    json!({
        "src": image.src.value,
        "caption": rich_opt(image.caption.as_ref()),
        "image": picture.map(|s| json!({
            "path": s.virtual_path,
            "card_path": s.card_path,
            "portrait": s.height > s.width,
            "alt": alt,
        })),
    })
}

fn question_data(number: usize, question: &Question, audience: Audience) -> Value {
    let mut data = json!({ "number": number, "text": rich(question.text()) });
    if audience.sees_facilitator_text()
        && let Value::Object(map) = &mut data
    {
        map.insert("hint".into(), rich_opt(question.hint()));
    }
    data
}

/// Splits questions over slides: indexes (0-based) of the questions on each slide.
fn question_slides(lengths: Vec<usize>) -> Vec<Vec<usize>> {
    chunk_slides(lengths, QUESTIONS_PER_SLIDE, QUESTION_CHARS_PER_SLIDE)
}

/// Splits items of these lengths over slides, at most `per_slide` items and
/// about `chars_per_slide` characters each: the indexes on each slide.
fn chunk_slides(lengths: Vec<usize>, per_slide: usize, chars_per_slide: usize) -> Vec<Vec<usize>> {
    let mut slides: Vec<Vec<usize>> = Vec::new();
    let mut chars = 0;
    for (index, length) in lengths.into_iter().enumerate() {
        match slides.last_mut() {
            Some(slide) if slide.len() < per_slide && chars + length <= chars_per_slide => {
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

    /// The slides' data cannot hold a brief, a hint or a note, whatever the templates do.
    #[test]
    fn the_rooms_data_holds_no_private_text() {
        let yaml = "title: T\nsections:\n  - title: A\n    blocks:\n      - roleplay:\n          title: R\n          roles:\n            - name: Agent\n              brief: SECRETBRIEF\n          notes: SECRETNOTE\n      - activity:\n          title: A\n          debrief:\n            - text: Q\n              hint: SECRETHINT\n";
        let Ok((outline, _)) = crate::outline::load_str("t.yaml", yaml.to_string()) else {
            panic!("the outline loads");
        };
        let text = |audience| document_data(&outline, &[], audience).to_string();
        let room = text(Audience::Room);
        assert!(room.contains("Agent"), "{room}");
        for secret in ["SECRETBRIEF", "SECRETNOTE", "SECRETHINT"] {
            assert!(!room.contains(secret), "{secret} in {room}");
        }
        let participants = text(Audience::Participants);
        assert!(participants.contains("SECRETBRIEF"));
        assert!(!participants.contains("SECRETNOTE") && !participants.contains("SECRETHINT"));
        let guide = text(Audience::Facilitator);
        for secret in ["SECRETBRIEF", "SECRETNOTE", "SECRETHINT"] {
            assert!(guide.contains(secret), "{secret} not in {guide}");
        }
    }

    #[test]
    fn paragraphs_split_on_empty_lines() {
        let found = paragraphs("One line\nand its end.\n\n\nTwo.\n");
        assert_eq!(found.len(), 2);
        assert_eq!(found[0], rich("One line and its end."));
    }
}
