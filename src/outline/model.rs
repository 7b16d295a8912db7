//! The outline model: one serde type per YAML mapping, strict about unknown keys.

use schemars::JsonSchema;
use serde::de::{self, Deserializer, MapAccess, Visitor};
use serde::{Deserialize, Serialize};

use super::spanned::{Parsed, Spanned};
use super::values::{
    ClipRange, ClockTime, Colour, Date, Fit, Focus, GroupForm, HandoutLayout, Language, Minutes,
    NoteLines, Paper, Participants, Reveal, Year,
};
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
    /// How many take part, 1 to 500: the role cards hold one set for each
    /// group a role-play needs (`--participants` overrides it).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(example = &15)]
    pub participants: Option<Spanned<Parsed<Participants>>>,
    /// A built-in theme name (see `deckhand themes`) or a theme folder beside the outline.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(example = &"classic")]
    pub theme: Option<Text>,
    /// How the participants' handout is printed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub handout: Option<Spanned<Handout>>,
    /// Which version of the workshop this is: printed with the date on the
    /// title slide and in the handout's and guide's footers.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(example = &"2.1", length(min = 1, max = 40))]
    pub version: Option<Text>,
    /// How the lists of blocks come onto their slides unless a block says
    /// otherwise: `steps`, one item at a time (a page for each, as a click
    /// reveals it), or `all` at once (the default). Only blocks with a list
    /// take it: questions, lessons' points, scenes' `watch_for`, activities.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(example = &"steps")]
    pub reveal: Option<Spanned<Parsed<Reveal>>>,
    /// Cuts of the workshop, each built into its own files: a name, and what
    /// it changes (`duration`, `start`, `date`, `subtitle`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub variants: Option<Spanned<VariantList>>,
    /// A company's look without Typst: its colours and font on the slides
    /// (usually in the project file's `defaults`, for every outline).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub brand: Option<Spanned<Brand>>,
    /// The deck's last slide, and the last lines of the handout: a thank-you,
    /// what to do next, how to reach the trainer.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub closing: Option<Spanned<Closing>>,
    /// The parts of the workshop, in order.
    pub sections: Spanned<Vec<Spanned<Section>>>,
}

/// A company's look on the slides, over the theme's.
#[derive(Clone, Debug, Default, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Brand {
    /// The accent colour: titles' rules, numbers, times, the takeaway box (`#rrggbb`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(example = &"#0b6e4f")]
    pub accent: Option<Spanned<Parsed<Colour>>>,
    /// The colour of the slides' text (`#rrggbb`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(example = &"#1b1b1b")]
    pub ink: Option<Spanned<Parsed<Colour>>>,
    /// The logo (SVG, PNG, JPEG or WebP), on the title slide and in the slides' footer; relative to the file that names it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(example = &"images/logo.svg")]
    pub logo: Option<Text>,
    /// The family of the slides' text: a font in a `fonts/` folder beside the outline or the project file, or a bundled one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(example = &"Inter")]
    pub font: Option<Text>,
}

/// How the workshop ends: the closing slide and the handout's last lines.
#[derive(Clone, Debug, Default, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Closing {
    /// Its title (default: "Thank you", in the outline's language).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(example = &"Thank you")]
    pub title: Option<Text>,
    /// A line or two under the title: an invitation to ask questions.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(example = &"Questions? We stay ten minutes after the end.")]
    pub text: Option<Text>,
    /// How to reach the trainer: an e-mail address, a phone number, a link.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(example = &"priya.marsh@example.com")]
    pub contact: Option<Text>,
    /// What to do after the workshop, one line each.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub next_steps: Option<Spanned<Vec<Text>>>,
}

/// The variants of an outline, in the order they are written.
#[derive(Clone, Debug, Default, Serialize)]
pub struct VariantList(pub Vec<Variant>);

/// One cut of a workshop: `short: {duration: 90min}`.
#[derive(Clone, Debug, Serialize)]
pub struct Variant {
    pub name: Spanned<String>,
    pub settings: Spanned<VariantSettings>,
}

/// What a variant changes from the outline's own values.
#[derive(Clone, Debug, Default, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct VariantSettings {
    /// The declared length of this cut.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(example = &"90min")]
    pub duration: Option<Spanned<Parsed<Minutes>>>,
    /// The clock time this cut starts.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(example = &"09:00")]
    pub start: Option<Spanned<Parsed<ClockTime>>>,
    /// The day of this cut (`YYYY-MM-DD`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<Spanned<Parsed<Date>>>,
    /// The line under the title for this cut.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub subtitle: Option<Text>,
}

// A map whose keys are the trainer's names, kept in their order with their places.
impl<'de> Deserialize<'de> for VariantList {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_map(VariantListVisitor)
    }
}

struct VariantListVisitor;

impl<'de> Visitor<'de> for VariantListVisitor {
    type Value = VariantList;

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("a map of variant names, like `short: {duration: 90min}`")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<VariantList, A::Error> {
        let mut variants = Vec::new();
        while let Some(name) = map.next_key::<Spanned<String>>()? {
            let settings = map.next_value()?;
            variants.push(Variant { name, settings });
        }
        Ok(VariantList(variants))
    }
}

impl JsonSchema for VariantList {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Variants".into()
    }
    fn json_schema(generator: &mut schemars::SchemaGenerator) -> schemars::Schema {
        let settings = generator.subschema_for::<VariantSettings>();
        schemars::json_schema!({
            "type": "object",
            "description": "Cuts of the workshop by name, each with what it changes.",
            "propertyNames": { "pattern": "^[a-z0-9][a-z0-9-]*$" },
            // `validate::MAX_VARIANTS`, which a test holds to this.
            "maxProperties": 20,
            "additionalProperties": settings,
        })
    }
}

/// Settings of the printed handout.
#[derive(Clone, Debug, Default, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Handout {
    /// `a4` (the default) or `us-letter`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub paper: Option<Spanned<Parsed<Paper>>>,
    /// Ruled lines left for notes after each set of questions, 0 to 30 (default 6).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note_lines: Option<Spanned<Parsed<NoteLines>>>,
    /// Print the handout's stills in shades of grey, to save colour toner (default false).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub grayscale: Option<Spanned<bool>>,
    /// `workbook` (the default: cards, lessons and questions with room for notes)
    /// or `slides-with-lines` (three slide thumbnails a page beside ruled lines).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub layout: Option<Spanned<Parsed<HandoutLayout>>>,
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
    /// The variants (cuts) this section is in, and no other: `only: [full]`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub only: Option<Spanned<Vec<Text>>>,
    /// The variants this section is left out of: `except: [short]`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub except: Option<Spanned<Vec<Text>>>,
}

impl Section {
    pub fn variants(&self) -> Variants<'_> {
        Variants {
            only: self.only.as_ref(),
            except: self.except.as_ref(),
        }
    }
}

/// Declares the block kinds once: each kind's key, struct and own fields. It
/// adds the fields every block has (`minutes`, `notes`, `handout`, `only`,
/// `except`) to each struct, and makes [`Block`], [`Block::KINDS`],
/// [`Block::kind`] and [`Block::common`].
macro_rules! block_kinds {
    ($(
        $(#[doc = $doc:literal])*
        $key:literal => $Variant:ident($Struct:ident) {
            $(
                $(#[$field_meta:meta])*
                pub $field:ident: $ty:ty,
            )*
        }
    )*) => {
        /// One block of content: a map with one key, its kind.
        #[derive(Clone, Debug, Deserialize, Serialize, JsonSchema)]
        #[serde(deny_unknown_fields)]
        pub enum Block {
            $(
                $(#[doc = $doc])*
                #[serde(rename = $key)]
                $Variant(Box<$Struct>),
            )*
        }

        $(
            $(#[doc = $doc])*
            #[derive(Clone, Debug, Deserialize, Serialize, JsonSchema)]
            #[serde(deny_unknown_fields)]
            pub struct $Struct {
                $(
                    $(#[$field_meta])*
                    pub $field: $ty,
                )*
                /// The time this block takes, in minutes (`5`, or `1h30` for longer ones).
                #[serde(default, skip_serializing_if = "Option::is_none")]
                pub minutes: Option<Spanned<Parsed<Minutes>>>,
                /// Speaker notes: in the guide and the presenter console, never on slides or handouts.
                #[serde(default, skip_serializing_if = "Option::is_none")]
                pub notes: Option<Text>,
                /// `false` keeps this block out of the participants' handout (default true).
                #[serde(default, skip_serializing_if = "Option::is_none")]
                pub handout: Option<Spanned<bool>>,
                /// The variants (cuts) this block is in, and no other: `only: [full]`.
                #[serde(default, skip_serializing_if = "Option::is_none")]
                pub only: Option<Spanned<Vec<Text>>>,
                /// The variants this block is left out of: `except: [short]`.
                #[serde(default, skip_serializing_if = "Option::is_none")]
                pub except: Option<Spanned<Vec<Text>>>,
                /// `steps` shows the block's list one item at a time, a click
                /// each (questions' `ask`, a lesson's `points`, a scene's
                /// `watch_for`, an activity's `instructions` and `debrief`);
                /// `all` shows it at once. Default: the outline's `reveal`.
                #[serde(default, skip_serializing_if = "Option::is_none")]
                pub reveal: Option<Spanned<Parsed<Reveal>>>,
            }
        )*

        impl Block {
            /// Every kind's key, in the order of the format's reference.
            pub const KINDS: &'static [&'static str] = &[$($key),*];

            pub fn kind(&self) -> &'static str {
                match self {
                    $(Block::$Variant(_) => $key,)*
                }
            }

            /// The fields every kind has.
            pub fn common(&self) -> Common<'_> {
                match self {
                    $(Block::$Variant(b) => Common {
                        minutes: b.minutes.as_ref(),
                        notes: b.notes.as_ref(),
                        handout: b.handout.as_ref(),
                        reveal: b.reveal.as_ref(),
                        variants: Variants {
                            only: b.only.as_ref(),
                            except: b.except.as_ref(),
                        },
                    },)*
                }
            }
        }
    };
}

block_kinds! {
    /// A film scene to watch and discuss.
    "scene" => Scene(Scene) {
        /// The film (or series) the scene comes from.
        #[schemars(example = &"Love Actually")]
        pub film: Text,
        /// The year the film came out.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        #[schemars(example = 2003)]
        pub year: Option<Spanned<Parsed<Year>>>,
        /// Who directed it.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub director: Option<Text>,
        /// The part to play: `start-end` timecodes, `h:mm:ss` or `mm:ss`.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        #[schemars(example = &"1:02:10-1:04:30")]
        pub clip: Option<Spanned<Parsed<ClipRange>>>,
        /// An image for the scene, relative to this file.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        #[schemars(example = &"images/gift-wrap.png")]
        pub still: Option<Text>,
        /// How the still fills its frame on the slide: `cover` (cropped to fill it) or `contain` (all of it, with bars); by default it fills the frame when that crops at most about a quarter of it.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        #[schemars(example = &"cover")]
        pub fit: Option<Spanned<Parsed<Fit>>>,
        /// The point of the still kept in view when it is cropped: `top`, `bottom left`, or across and down in percent, `30% 40%` (default: its middle).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        #[schemars(example = &"top")]
        pub focus: Option<Spanned<Parsed<Focus>>>,
        /// The film file on the presenting machine (MP4, M4V, MOV, MKV or WebM), relative to this file: the slide plays the clip in pdfpc.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        #[schemars(example = &"clips/love-actually.mp4")]
        pub video: Option<Text>,
        /// A description of the still for readers who cannot see it (default: the film and scene).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub alt: Option<Text>,
        /// What happens before and in the scene, in a sentence or two.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub setup: Option<Text>,
        /// What the group should look out for while watching.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub watch_for: Option<Spanned<Vec<Text>>>,
    }

    /// A line to put in front of the room.
    "quote" => Quote(Quote) {
        /// The words quoted.
        pub text: Text,
        /// Who said them.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub by: Option<Text>,
        /// Where they come from.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub source: Option<Text>,
    }

    /// The lesson to draw, with its points and takeaway.
    "lesson" => Lesson(Lesson) {
        /// The lesson's title.
        pub title: Text,
        /// Its points, one line each.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub points: Option<Spanned<Vec<Text>>>,
        /// The one sentence to remember, set apart on the slide and the handout.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub takeaway: Option<Text>,
    }

    /// Questions for the group.
    "questions" => Questions(Questions) {
        /// The questions: each a line of text, or `text` with a facilitator `hint`.
        pub ask: Spanned<Vec<Spanned<Question>>>,
    }

    /// An exercise: steps, a group form, materials and a debrief.
    "activity" => Activity(Activity) {
        /// What the activity is called, on its slide and in the run of show.
        #[schemars(example = &"Rewrite the opening line")]
        pub title: Text,
        /// The steps, in order: numbered on the slides and the handout.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub instructions: Option<Spanned<Vec<Text>>>,
        /// How people work: `solo`, `pairs`, `plenary` or `groups of N` (2 to 20).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub group: Option<Spanned<Parsed<GroupForm>>>,
        /// What the trainer brings: listed in the guide's preparation.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub materials: Option<Spanned<Vec<Text>>>,
        /// Questions for after the activity: each a line of text, or `text` with a facilitator `hint`.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub debrief: Option<Spanned<Vec<Spanned<Question>>>>,
    }

    /// A role-play: a scenario, roles with private briefs, what observers note.
    "roleplay" => Roleplay(Roleplay) {
        /// What the role-play is called.
        #[schemars(example = &"The caller who has already called three times")]
        pub title: Text,
        /// The situation everyone knows: on the slide, the role cards and the observer sheet.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub scenario: Option<Text>,
        /// The parts to play: the slides show only their names; each brief is on its own cut-out card.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub roles: Option<Spanned<Vec<Spanned<Role>>>>,
        /// What the observers look for: the observer sheet, with room to write.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub observe: Option<Spanned<Vec<Text>>>,
    }

    /// A pause: a slide saying when the group resumes, and a row in the run of show. Give it `minutes`.
    "break" => Break(Break) {
        /// What the slide calls it (default: "Break").
        #[serde(default, skip_serializing_if = "Option::is_none")]
        #[schemars(example = &"Coffee")]
        pub title: Option<Text>,
    }

    /// A plain slide of text.
    "text" => Text(TextSlide) {
        /// The slide's title.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub title: Option<Text>,
        /// The text: paragraphs are separated by an empty line (write it with `body: |`).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub body: Option<Text>,
    }

    /// A slide showing one image.
    "image" => Image(ImageSlide) {
        /// The image file, relative to this file.
        #[schemars(example = &"images/floor-plan.png")]
        pub src: Text,
        /// How the image fills its frame on the slide: `cover` (cropped to fill it) or `contain` (all of it, with bars; the default: an image is often a diagram or a screenshot).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        #[schemars(example = &"cover")]
        pub fit: Option<Spanned<Parsed<Fit>>>,
        /// The point of the image kept in view when it is cropped: `top`, `bottom left`, or across and down in percent, `30% 40%` (default: its middle).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        #[schemars(example = &"top")]
        pub focus: Option<Spanned<Parsed<Focus>>>,
        /// A line under the image.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub caption: Option<Text>,
        /// A description of the image for readers who cannot see it (default: the caption).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub alt: Option<Text>,
    }
}

/// The fields every block has, whatever its kind.
#[derive(Clone, Copy, Debug)]
pub struct Common<'a> {
    pub minutes: Option<&'a Spanned<Parsed<Minutes>>>,
    pub notes: Option<&'a Text>,
    pub handout: Option<&'a Spanned<bool>>,
    pub reveal: Option<&'a Spanned<Parsed<Reveal>>>,
    pub variants: Variants<'a>,
}

/// `only` and `except` of a section or block: the variants it is in.
#[derive(Clone, Copy, Debug, Default)]
pub struct Variants<'a> {
    pub only: Option<&'a Spanned<Vec<Text>>>,
    pub except: Option<&'a Spanned<Vec<Text>>>,
}

impl Variants<'_> {
    /// Whether the section or block is in the variant called `name`.
    pub fn includes(&self, name: &str) -> bool {
        let named = |list: Option<&Spanned<Vec<Text>>>| {
            list.is_some_and(|l| l.iter().any(|n| n.value.trim() == name))
        };
        (self.only.is_none() || named(self.only)) && !named(self.except)
    }
}

impl Block {
    /// The block's minutes, when given and valid.
    pub fn minutes(&self) -> Option<u32> {
        self.common().minutes.and_then(|m| m.ok()).map(|m| m.0)
    }

    /// How the block reveals its list: its own `reveal`, else `default` (the outline's).
    pub fn reveal(&self, default: Reveal) -> Reveal {
        self.common()
            .reveal
            .and_then(|r| r.ok().copied())
            .unwrap_or(default)
    }

    /// The key of the list its slides can reveal one item at a time, and
    /// whether the block has one: `("points", false)` for a lesson without
    /// points; `None` for a kind that never has one.
    pub fn revealable_list(&self) -> Option<(&'static str, bool)> {
        let given = |list: Option<&Spanned<Vec<Text>>>| list.is_some_and(|l| !l.is_empty());
        match self {
            Block::Scene(b) => Some(("watch_for", given(b.watch_for.as_ref()))),
            Block::Lesson(b) => Some(("points", given(b.points.as_ref()))),
            Block::Questions(_) => Some(("ask", true)),
            Block::Activity(b) => Some((
                "instructions",
                given(b.instructions.as_ref()) || b.debrief.as_ref().is_some_and(|d| !d.is_empty()),
            )),
            Block::Quote(_)
            | Block::Roleplay(_)
            | Block::Break(_)
            | Block::Text(_)
            | Block::Image(_) => None,
        }
    }

    /// How many items its slides can reveal one at a time.
    pub fn revealable_items(&self) -> usize {
        let len = |list: Option<&Spanned<Vec<Text>>>| list.map_or(0, |l| l.len());
        match self {
            Block::Scene(b) => len(b.watch_for.as_ref()),
            Block::Lesson(b) => len(b.points.as_ref()),
            Block::Questions(b) => b.ask.len(),
            Block::Activity(b) => {
                len(b.instructions.as_ref()) + b.debrief.as_ref().map_or(0, |d| d.len())
            }
            _ => 0,
        }
    }

    /// The speaker notes: for the facilitator only.
    pub fn notes(&self) -> Option<&Text> {
        self.common().notes
    }

    /// Whether the block goes into the participants' handout (`handout: false`
    /// keeps it out; a break is never in it).
    pub fn in_handout(&self) -> bool {
        let asked = self.common().handout.is_none_or(|h| h.value);
        asked && !matches!(self, Block::Break(_))
    }

    /// A short name for the block in tables: the film, the lesson's title, ….
    /// Empty for a break without a title (the templates print its kind).
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
            Block::Activity(b) => b.title.value.clone(),
            Block::Roleplay(b) => b.title.value.clone(),
            Block::Break(b) => b
                .title
                .as_ref()
                .map(|t| t.value.clone())
                .unwrap_or_default(),
            Block::Text(b) => match &b.title {
                Some(title) => title.value.clone(),
                None => b
                    .body
                    .as_ref()
                    .map(|body| first_words(body, 60))
                    .unwrap_or_default(),
            },
            Block::Image(b) => match &b.caption {
                Some(caption) => caption.value.clone(),
                None => b.src.value.clone(),
            },
        }
    }
}

/// The first line of `text`, cut at a word before `limit` characters, with `…` when cut.
fn first_words(text: &str, limit: usize) -> String {
    let line = text
        .lines()
        .map(str::trim)
        .find(|l| !l.is_empty())
        .unwrap_or_default();
    if line.chars().count() <= limit {
        return line.to_string();
    }
    let cut: String = line.chars().take(limit).collect();
    let cut = cut.rsplit_once(' ').map_or(cut.as_str(), |(head, _)| head);
    format!("{}…", cut.trim_end())
}

/// One part in a role-play.
#[derive(Clone, Debug, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Role {
    /// The part's name, shown on the slide: `Customer`, `Agent`.
    pub name: Text,
    /// What only this player knows: on their role card and in the guide, never on the slides.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub brief: Option<Text>,
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
            .and_then(|n| n.ok())
            .map_or(6, |n| n.0)
    }
    pub fn handout_layout(&self) -> HandoutLayout {
        self.handout
            .as_ref()
            .and_then(|h| h.layout.as_ref())
            .and_then(|l| l.ok().copied())
            .unwrap_or_default()
    }
    pub fn grayscale_handout(&self) -> bool {
        self.handout
            .as_ref()
            .and_then(|h| h.grayscale.as_ref())
            .is_some_and(|g| g.value)
    }
    /// How blocks reveal their lists unless they say otherwise.
    pub fn reveal(&self) -> Reveal {
        self.reveal
            .as_ref()
            .and_then(|r| r.ok().copied())
            .unwrap_or_default()
    }
    /// Every block with its section, in order.
    pub fn blocks(&self) -> impl Iterator<Item = (&Spanned<Section>, &Spanned<Block>)> {
        self.sections
            .iter()
            .flat_map(|section| section.blocks.iter().map(move |block| (section, block)))
    }
}

/// One text field of an outline, for the checks that apply to every text.
/// The first character in `text` that no document can show: a control
/// character other than a line break or a tab (`\u0000`, a stray escape
/// or a copy and paste), a byte order mark, or a non-character. PDF/A
/// refuses some of them outright, and none prints as anything.
pub fn control_character(text: &str) -> Option<char> {
    text.chars().find(|&c| {
        (c.is_control() && !matches!(c, '\n' | '\t'))
            || matches!(c, '\u{FEFF}' | '\u{FFFE}' | '\u{FFFF}')
    })
}

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
    /// Every picture the outline names, in file order, with what it is
    /// (`still`, `image`, `logo`), each as written: its scenes' stills, its
    /// image slides' images, its brand's logo.
    pub fn pictures(&self) -> Vec<(&Text, &'static str)> {
        let mut found: Vec<(&Text, &'static str)> = self
            .blocks()
            .filter_map(|(_, block)| match &block.value {
                Block::Scene(scene) => scene.still.as_ref().map(|s| (s, "still")),
                Block::Image(image) => Some((&image.src, "image")),
                _ => None,
            })
            .collect();
        if let Some(logo) = self.brand.as_ref().and_then(|b| b.logo.as_ref()) {
            found.push((logo, "logo"));
        }
        found
    }

    pub fn text_fields(&self) -> Vec<TextField<'_>> {
        let mut fields = Vec::new();
        push(&mut fields, "title", Some(&self.title));
        push(&mut fields, "subtitle", self.subtitle.as_ref());
        push(&mut fields, "audience", self.audience.as_ref());
        push(&mut fields, "facilitator", self.facilitator.as_ref());
        push(&mut fields, "version", self.version.as_ref());
        for variant in self.variants.iter().flat_map(|v| v.0.iter()) {
            push(&mut fields, "subtitle", variant.settings.subtitle.as_ref());
        }
        if let Some(closing) = &self.closing {
            push(&mut fields, "title", closing.title.as_ref());
            push(&mut fields, "text", closing.text.as_ref());
            push(&mut fields, "contact", closing.contact.as_ref());
            for step in closing.next_steps.iter().flat_map(|l| l.iter()) {
                push(&mut fields, "next_steps", Some(step));
            }
        }
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
                    question_fields(fields, "ask", question);
                }
                push(fields, "notes", questions.notes.as_ref());
            }
            Block::Activity(activity) => {
                push(fields, "title", Some(&activity.title));
                for item in list(activity.instructions.as_ref()) {
                    push(fields, "instructions", Some(item));
                }
                for item in list(activity.materials.as_ref()) {
                    push(fields, "materials", Some(item));
                }
                for question in activity.debrief.iter().flat_map(|d| d.iter()) {
                    question_fields(fields, "debrief", question);
                }
                push(fields, "notes", activity.notes.as_ref());
            }
            Block::Roleplay(roleplay) => {
                push(fields, "title", Some(&roleplay.title));
                push(fields, "scenario", roleplay.scenario.as_ref());
                for role in roleplay.roles.iter().flat_map(|r| r.iter()) {
                    push(fields, "name", Some(&role.name));
                    push(fields, "brief", role.brief.as_ref());
                }
                for item in list(roleplay.observe.as_ref()) {
                    push(fields, "observe", Some(item));
                }
                push(fields, "notes", roleplay.notes.as_ref());
            }
            Block::Break(pause) => {
                push(fields, "title", pause.title.as_ref());
                push(fields, "notes", pause.notes.as_ref());
            }
            Block::Text(text) => {
                push(fields, "title", text.title.as_ref());
                push(fields, "body", text.body.as_ref());
                push(fields, "notes", text.notes.as_ref());
            }
            Block::Image(image) => {
                push(fields, "caption", image.caption.as_ref());
                push(fields, "alt", image.alt.as_ref());
                push(fields, "notes", image.notes.as_ref());
            }
        }
    }
}

fn question_fields<'a>(
    fields: &mut Vec<TextField<'a>>,
    list_key: &'static str,
    question: &'a Spanned<Question>,
) {
    match &question.value {
        // A plain question keeps no position of its own: point at its item.
        Question::Plain(text) => fields.push(TextField {
            key: list_key,
            text,
            span: question.span,
        }),
        Question::WithHint { text, hint } => {
            push(fields, "text", Some(text));
            push(fields, "hint", hint.as_ref());
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
