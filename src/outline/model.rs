//! The outline model: one serde type per YAML mapping, strict about unknown keys.

use schemars::JsonSchema;
use serde::de::{self, Deserializer, MapAccess, Visitor};
use serde::{Deserialize, Serialize};

use super::spanned::{Parsed, Spanned};
use super::values::{ClipRange, ClockTime, Date, Language, Minutes, Paper};
use crate::diag::Span;

/// Text as the trainer wrote it; `*emphasis*` and `**strong**` are honoured.
pub type Text = Spanned<String>;

/// One workshop: its description and its sections.
#[derive(Clone, Debug, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(title = "deckhand workshop outline")]
pub struct Outline {
    /// The workshop's title, on the title slide and the handout's cover.
    #[schemars(example = &"Customer Service at the Movies")]
    pub title: Text,
    /// A line under the title.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub subtitle: Option<Text>,
    /// Who the workshop is for.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub audience: Option<Text>,
    /// The language of the labels, hyphenation, quotation marks and dates: `en` or `fr`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(example = &"en")]
    pub language: Option<Spanned<Parsed<Language>>>,
    /// The declared length of the workshop, checked against the blocks' minutes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(example = &"90min", example = &"1h30", example = &"1h 30min")]
    pub duration: Option<Spanned<Parsed<Minutes>>>,
    /// The clock time the workshop starts; the guide and agenda print times from it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(example = &"09:00")]
    pub start: Option<Spanned<Parsed<ClockTime>>>,
    /// The day of the workshop (`YYYY-MM-DD`), on the title slide and as the PDFs' date.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(example = &"2026-11-22")]
    pub date: Option<Spanned<Parsed<Date>>>,
    /// The trainer running the workshop.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub facilitator: Option<Text>,
    /// A built-in theme name (see `deckhand themes`) or a theme folder beside the outline.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(example = &"classic")]
    pub theme: Option<Text>,
    /// How the participants' handout is printed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub handout: Option<Spanned<Handout>>,
    /// The parts of the workshop, in order.
    pub sections: Spanned<Vec<Spanned<Section>>>,
}

/// Settings of the printed handout.
#[derive(Clone, Debug, Default, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Handout {
    /// `a4` (the default) or `us-letter`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(example = &"a4")]
    pub paper: Option<Spanned<Parsed<Paper>>>,
    /// Ruled lines left for notes after each set of questions (default 6).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note_lines: Option<Spanned<u8>>,
    /// Print the handout's stills in shades of grey, to save colour toner (default false).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub grayscale: Option<Spanned<bool>>,
}

/// A part of the workshop with its blocks.
#[derive(Clone, Debug, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Section {
    /// The section's title, on its divider slide and in the agenda.
    pub title: Text,
    /// What participants should get out of this section.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub goal: Option<Text>,
    /// The section's content, in order: each block is a map with one key, its kind.
    pub blocks: Spanned<Vec<Spanned<Block>>>,
}

/// One block of content; the key names its kind.
#[derive(Clone, Debug, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "snake_case", deny_unknown_fields)]
pub enum Block {
    /// A film scene to watch and discuss.
    Scene(Box<Scene>),
    /// A line to put in front of the room.
    Quote(Quote),
    /// The lesson to draw, with its points and takeaway.
    Lesson(Lesson),
    /// Questions for the group.
    Questions(Questions),
}

impl Block {
    pub const KINDS: [&'static str; 4] = ["scene", "quote", "lesson", "questions"];

    pub fn kind(&self) -> &'static str {
        match self {
            Block::Scene(_) => "scene",
            Block::Quote(_) => "quote",
            Block::Lesson(_) => "lesson",
            Block::Questions(_) => "questions",
        }
    }

    /// The time budget of the block, if it has one.
    pub fn minutes(&self) -> Option<&Spanned<u32>> {
        match self {
            Block::Scene(b) => b.minutes.as_ref(),
            Block::Quote(b) => b.minutes.as_ref(),
            Block::Lesson(b) => b.minutes.as_ref(),
            Block::Questions(b) => b.minutes.as_ref(),
        }
    }

    /// The speaker notes: for the facilitator only.
    pub fn notes(&self) -> Option<&Text> {
        match self {
            Block::Scene(b) => b.notes.as_ref(),
            Block::Quote(b) => b.notes.as_ref(),
            Block::Lesson(b) => b.notes.as_ref(),
            Block::Questions(b) => b.notes.as_ref(),
        }
    }

    /// A short name for the block in tables: the film, the lesson's title, ….
    pub fn headline(&self) -> String {
        match self {
            Block::Scene(b) => b.film.value.clone(),
            Block::Quote(b) => b.text.value.clone(),
            Block::Lesson(b) => b.title.value.clone(),
            Block::Questions(b) => b
                .ask
                .first()
                .map(|q| q.text().to_string())
                .unwrap_or_default(),
        }
    }
}

/// A film scene: what to play, and what to look for.
#[derive(Clone, Debug, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Scene {
    /// The film (or series) the scene comes from.
    #[schemars(example = &"Love Actually")]
    pub film: Text,
    /// The year the film came out.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(example = 2003)]
    pub year: Option<Spanned<u16>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub director: Option<Text>,
    /// The part to play: `start-end` timecodes, `h:mm:ss` or `mm:ss`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(example = &"1:02:10-1:04:30")]
    pub clip: Option<Spanned<Parsed<ClipRange>>>,
    /// An image for the scene, relative to the outline file.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(example = &"images/gift-wrap.png")]
    pub still: Option<Text>,
    /// A description of the still for readers who cannot see it (default: the film and scene).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub alt: Option<Text>,
    /// What happens before and in the scene, in a sentence or two.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub setup: Option<Text>,
    /// What the group should look out for while watching.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub watch_for: Option<Spanned<Vec<Text>>>,
    /// The time budget of this block, in minutes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub minutes: Option<Spanned<u32>>,
    /// Speaker notes: in the guide and the presenter console, never on slides or handouts.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub notes: Option<Text>,
}

/// A quotation, shown large.
#[derive(Clone, Debug, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Quote {
    /// The words quoted.
    pub text: Text,
    /// Who said them.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub by: Option<Text>,
    /// Where they come from.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<Text>,
    /// The time budget of this block, in minutes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub minutes: Option<Spanned<u32>>,
    /// Speaker notes: in the guide and the presenter console, never on slides or handouts.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub notes: Option<Text>,
}

/// A lesson: a title, its points and the one thing to remember.
#[derive(Clone, Debug, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Lesson {
    pub title: Text,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub points: Option<Spanned<Vec<Text>>>,
    /// The one sentence to remember, set apart on the slide and the handout.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub takeaway: Option<Text>,
    /// The time budget of this block, in minutes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub minutes: Option<Spanned<u32>>,
    /// Speaker notes: in the guide and the presenter console, never on slides or handouts.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub notes: Option<Text>,
}

/// Questions for the group to discuss.
#[derive(Clone, Debug, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Questions {
    /// The questions: each a line of text, or `text` with a facilitator `hint`.
    pub ask: Spanned<Vec<Spanned<Question>>>,
    /// The time budget of this block, in minutes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub minutes: Option<Spanned<u32>>,
    /// Speaker notes: in the guide and the presenter console, never on slides or handouts.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub notes: Option<Text>,
}

/// A question: plain text, or text with a hint for the facilitator.
#[derive(Clone, Debug, Serialize, JsonSchema)]
#[serde(untagged)]
pub enum Question {
    Plain(String),
    WithHint {
        text: Text,
        /// What a good answer touches on: for the facilitator's guide only.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        hint: Option<Text>,
    },
}

impl Question {
    pub fn text(&self) -> &str {
        match self {
            Question::Plain(text) => text,
            Question::WithHint { text, .. } => text,
        }
    }
    pub fn hint(&self) -> Option<&Text> {
        match self {
            Question::Plain(_) => None,
            Question::WithHint { hint, .. } => hint.as_ref(),
        }
    }
}

// Written by hand because serde's untagged enums buffer their input and so
// lose the positions of the values inside.
impl<'de> Deserialize<'de> for Question {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(QuestionVisitor)
    }
}

struct QuestionVisitor;

impl<'de> Visitor<'de> for QuestionVisitor {
    type Value = Question;

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("a question as text, or a map with `text` and `hint`")
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Question, E> {
        Ok(Question::Plain(v.to_string()))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Question, A::Error> {
        const FIELDS: &[&str] = &["text", "hint"];
        let mut text = None;
        let mut hint = None;
        while let Some(key) = map.next_key::<String>()? {
            match key.as_str() {
                "text" if text.is_none() => text = Some(map.next_value()?),
                "hint" if hint.is_none() => hint = Some(map.next_value()?),
                "text" | "hint" => return Err(de::Error::duplicate_field("text")),
                other => return Err(de::Error::unknown_field(other, FIELDS)),
            }
        }
        let text = text.ok_or_else(|| de::Error::missing_field("text"))?;
        Ok(Question::WithHint { text, hint })
    }
}

/// The declared values of an outline, parsed, with their defaults applied.
impl Outline {
    pub fn language(&self) -> Language {
        self.language
            .as_ref()
            .and_then(|l| l.ok().copied())
            .unwrap_or_default()
    }
    pub fn duration(&self) -> Option<Minutes> {
        self.duration.as_ref().and_then(|d| d.ok().copied())
    }
    pub fn start(&self) -> Option<ClockTime> {
        self.start.as_ref().and_then(|s| s.ok().copied())
    }
    pub fn date(&self) -> Option<Date> {
        self.date.as_ref().and_then(|d| d.ok().copied())
    }
    pub fn paper(&self) -> Paper {
        self.handout
            .as_ref()
            .and_then(|h| h.paper.as_ref())
            .and_then(|p| p.ok().copied())
            .unwrap_or_default()
    }
    pub fn note_lines(&self) -> u8 {
        self.handout
            .as_ref()
            .and_then(|h| h.note_lines.as_ref())
            .map_or(6, |n| n.value)
    }
    pub fn grayscale_handout(&self) -> bool {
        self.handout
            .as_ref()
            .and_then(|h| h.grayscale.as_ref())
            .is_some_and(|g| g.value)
    }
    /// Every block with its section, in order.
    pub fn blocks(&self) -> impl Iterator<Item = (&Spanned<Section>, &Spanned<Block>)> {
        self.sections
            .iter()
            .flat_map(|section| section.blocks.iter().map(move |block| (section, block)))
    }
}

/// One text field of an outline, for the checks that apply to every text.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct TextField<'a> {
    /// The field's key, like `title` or `watch_for`.
    pub key: &'static str,
    pub text: &'a str,
    pub span: Span,
}

impl Outline {
    /// Every text field the trainer wrote, in file order; paths (`still`,
    /// `theme`) are not text and are left out.
    pub fn text_fields(&self) -> Vec<TextField<'_>> {
        let mut fields = Vec::new();
        push(&mut fields, "title", Some(&self.title));
        push(&mut fields, "subtitle", self.subtitle.as_ref());
        push(&mut fields, "audience", self.audience.as_ref());
        push(&mut fields, "facilitator", self.facilitator.as_ref());
        for section in self.sections.iter() {
            push(&mut fields, "title", Some(&section.title));
            push(&mut fields, "goal", section.goal.as_ref());
            for block in section.blocks.iter() {
                block.value.text_fields_into(&mut fields);
            }
        }
        fields
    }
}

impl Block {
    fn text_fields_into<'a>(&'a self, fields: &mut Vec<TextField<'a>>) {
        let list = |list: Option<&'a Spanned<Vec<Text>>>| list.into_iter().flat_map(|l| l.iter());
        match self {
            Block::Scene(scene) => {
                push(fields, "film", Some(&scene.film));
                push(fields, "director", scene.director.as_ref());
                push(fields, "alt", scene.alt.as_ref());
                push(fields, "setup", scene.setup.as_ref());
                for item in list(scene.watch_for.as_ref()) {
                    push(fields, "watch_for", Some(item));
                }
                push(fields, "notes", scene.notes.as_ref());
            }
            Block::Quote(quote) => {
                push(fields, "text", Some(&quote.text));
                push(fields, "by", quote.by.as_ref());
                push(fields, "source", quote.source.as_ref());
                push(fields, "notes", quote.notes.as_ref());
            }
            Block::Lesson(lesson) => {
                push(fields, "title", Some(&lesson.title));
                for item in list(lesson.points.as_ref()) {
                    push(fields, "points", Some(item));
                }
                push(fields, "takeaway", lesson.takeaway.as_ref());
                push(fields, "notes", lesson.notes.as_ref());
            }
            Block::Questions(questions) => {
                for question in questions.ask.iter() {
                    match &question.value {
                        // A plain question keeps no position of its own: point at its item.
                        Question::Plain(text) => fields.push(TextField {
                            key: "ask",
                            text,
                            span: question.span,
                        }),
                        Question::WithHint { text, hint } => {
                            push(fields, "text", Some(text));
                            push(fields, "hint", hint.as_ref());
                        }
                    }
                }
                push(fields, "notes", questions.notes.as_ref());
            }
        }
    }
}

fn push<'a>(fields: &mut Vec<TextField<'a>>, key: &'static str, text: Option<&'a Text>) {
    if let Some(text) = text {
        fields.push(TextField {
            key,
            text: &text.value,
            span: text.span,
        });
    }
}
