//! The data a document's templates read (`/data.json`): typed, documented,
//! and holding only what the document's audience may see.
//!
//! These types are the contract theme authors program against; their doc
//! comments are published as `docs/template-data.md` (a test keeps it in step).

use schemars::JsonSchema;
use serde::Serialize;

use super::{Plan, PlannedBlock, PlannedSection, SlideData, block_slides};
use crate::i18n;
use crate::outline::{
    Activity, Block, ClipRange, Fit, Focus, ImageSlide, Language, Minutes, Parsed, Question,
    Roleplay, Run, Scene, Spanned, Text, TextSlide, Timecode, parse_inline,
};

/// Who reads a document; it decides what the document's data may hold.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Audience {
    /// Everyone in the room at once: the slides. No notes, hints or role briefs.
    Room,
    /// Each participant on paper: the handout. No role briefs, notes or
    /// hints; only the blocks meant for the handout.
    Participants,
    /// The trainer: the guide. Everything.
    Facilitator,
    /// The players of the role-plays, each handed their own card: the role
    /// cards, printed once by the trainer. Role briefs, no notes or hints;
    /// only the role-plays.
    Players,
}

impl Audience {
    /// Speaker notes and question hints.
    fn sees_facilitator_text(self) -> bool {
        self == Audience::Facilitator
    }
    /// The films of scenes: the slides play them, the guide lists them.
    fn sees_videos(self) -> bool {
        matches!(self, Audience::Room | Audience::Facilitator)
    }
    /// The private briefs of role-play roles.
    fn sees_role_briefs(self) -> bool {
        matches!(self, Audience::Players | Audience::Facilitator)
    }
    /// Whether this audience's document has `block` at all.
    fn sees_block(self, block: &Block) -> bool {
        match self {
            Audience::Participants => block.in_handout(),
            // Every role-play's cards, `handout: false` or not: the cards
            // are how the role-play is run, not a page of the handout.
            Audience::Players => matches!(block, Block::Roleplay(_)),
            Audience::Room | Audience::Facilitator => true,
        }
    }
}

/// A prepared picture, as the templates find it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, JsonSchema)]
pub struct Picture {
    /// The slide-size file, for `image(…)`.
    pub path: String,
    /// The smaller file for paper (grey when the handout asks for grey).
    pub card_path: String,
    /// Taller than wide.
    pub portrait: bool,
    /// What the picture shows, for readers who cannot see it.
    pub alt: String,
    /// How it fills its frame on a slide as the outline says: `cover` or
    /// `contain`; `none`: a scene's still fills the frame when that crops
    /// at most about a quarter of it, else it shows all of it; an image
    /// slide shows all of it.
    pub fit: Option<&'static str>,
    /// The point kept in view when it is cropped, in percent across and
    /// down from its top left; `none`: its middle.
    pub focus: Option<FocusData>,
}

/// A point of a picture, in percent of its width and height from its top left.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, JsonSchema)]
pub struct FocusData {
    pub x: u8,
    pub y: u8,
}

/// A picture's `fit` and `focus` as the outline wrote them (an unreadable one is an error reported elsewhere).
fn framing(
    fit: Option<&Spanned<Parsed<Fit>>>,
    focus: Option<&Spanned<Parsed<Focus>>>,
) -> (Option<&'static str>, Option<FocusData>) {
    (
        fit.and_then(|f| f.value.ok()).map(|f| f.name()),
        focus
            .and_then(|f| f.value.ok())
            .map(|f| FocusData { x: f.x, y: f.y }),
    )
}

/// A prepared picture's files, found by the path the outline wrote.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PictureFile {
    pub path: String,
    pub card_path: String,
    pub portrait: bool,
}

/// A scene's film file, checked, found by what the outline wrote.
#[derive(Clone, Debug, PartialEq)]
pub struct VideoFile {
    /// The path written in the slides' link: relative to the slides PDF's
    /// folder (or to `--clips-relative-to`), `/`-separated.
    pub path: String,
    /// How long the file lasts; none when it was not found.
    pub length: Option<Timecode>,
    /// The picture's width over its height; none when unknown.
    pub aspect: Option<f64>,
    /// Whether the film was found when the slides were built.
    pub found: bool,
    /// A clip cut to a file of its own: it plays whole, from its start.
    pub cut: bool,
}

/// What the templates' data is made with besides the plan: the prepared
/// pictures, found by the path the outline wrote, and the checked films.
pub struct Files<'a> {
    pub pictures: &'a dyn Fn(&str) -> Option<PictureFile>,
    /// The file that plays a scene's `video` and `clip`.
    pub videos: &'a dyn Fn(&Text, Option<ClipRange>) -> Option<VideoFile>,
}

impl Files<'_> {
    /// No pictures and no films.
    pub fn none() -> Files<'static> {
        Files {
            pictures: &|_| None,
            videos: &|_, _| None,
        }
    }
}

/// The scheme of the links the templates put on a scene's play area
/// ([`VideoData::link`]); deckhand turns each into a Launch action of the
/// slides PDF, which pdfpc plays in place.
pub const CLIP_LINK_SCHEME: &str = "deckhand-clip:";

/// Styled text: runs of text, each maybe `strong` or `emph`. Draw it with
/// `rich(…)` from `common.typ`.
pub type Rich = Vec<Run>;

/// Present only for the audience that may see it: absent from the data of
/// the others (so no template can show it), `none` when the outline has none.
type Private<T> = Option<Option<T>>;

/// Everything one document's templates read from `/data.json`.
#[derive(Debug, Serialize, JsonSchema)]
pub struct Document {
    /// The outline's language code: `en`, `fr`.
    pub lang: &'static str,
    /// Every label in that language, from `templates/lang/<code>.json`:
    /// `labels.agenda`, `labels.kinds.scene`, `labels.months`, ….
    pub labels: serde_json::Map<String, serde_json::Value>,
    /// `a4` or `us-letter`.
    pub paper: &'static str,
    /// Ruled lines after each set of questions in the handout.
    pub note_lines: u8,
    /// The handout's layout: `workbook` or `slides-with-lines`.
    pub layout: &'static str,
    /// The workshop as a whole.
    pub workshop: Workshop,
    /// The sections of the built variant, in order.
    pub sections: Vec<SectionData>,
    /// The handout's page count, for the guide's preparation list (set by the
    /// renderer; `none` in the other documents).
    pub handout_pages: Option<usize>,
    /// The role cards' page count, for the guide's preparation list (set by
    /// the renderer; `none` in the other documents, and without a role-play).
    pub roles_pages: Option<usize>,
}

/// The workshop as a whole.
#[derive(Debug, Serialize, JsonSchema)]
pub struct Workshop {
    /// The workshop's title.
    pub title: Rich,
    /// The title without styling, for PDF metadata and running footers.
    pub title_plain: String,
    /// The line under the title (the variant's own, when it has one).
    pub subtitle: Option<Rich>,
    /// Who the workshop is for.
    pub audience: Option<Rich>,
    /// The trainer.
    pub facilitator: Option<String>,
    /// The day of the workshop; `date-text(…)` writes it in words.
    pub date: Option<DateData>,
    /// The declared length in minutes.
    pub duration: Option<u32>,
    /// The declared length in words: `1 h 30 min`.
    pub duration_text: Option<String>,
    /// The blocks' minutes added up.
    pub planned: u32,
    /// The same in words.
    pub planned_text: String,
    /// The start's clock time in the language's convention, when the outline has a `start`.
    pub start: Option<String>,
    /// The planned end's clock time.
    pub end: Option<String>,
    /// The outline's `version`, when it has one.
    pub version: Option<String>,
    /// The build's `--revision`, when given.
    pub revision: Option<String>,
    /// The variant built, for an outline with variants.
    pub variant: Option<String>,
    /// How many take part (the outline's `participants`, or `--participants`).
    pub participants: Option<u32>,
    /// The outline's `brand`: colours and a font over the theme's on the
    /// slides; `none` without one.
    pub brand: Option<BrandData>,
    /// How it ends, from the outline's `closing`: the deck's last slide and
    /// the handout's last lines; `none` without one.
    pub closing: Option<ClosingData>,
}

/// A company's look, as the outline's `brand` gives it (each `none` when not given).
#[derive(Debug, Serialize, JsonSchema)]
pub struct BrandData {
    /// The accent colour, `#rrggbb`: the screen palette's `accent`.
    pub accent: Option<String>,
    /// The text's colour, `#rrggbb`: the screen palette's `ink`.
    pub ink: Option<String>,
    /// The font family of the slides' text: the `body` font.
    pub font: Option<String>,
    /// The logo, prepared like a still (an SVG logo drawn into a PNG first): on the title slide and in the slides' footer.
    pub logo: Option<Picture>,
}

/// The closing slide's words.
#[derive(Debug, Serialize, JsonSchema)]
pub struct ClosingData {
    /// Its title as the outline gives it; `none`: the label `thank_you`.
    pub title: Option<Rich>,
    /// A line or two under it.
    pub text: Option<Rich>,
    /// How to reach the trainer.
    pub contact: Option<Rich>,
    /// What to do after the workshop.
    pub next_steps: Vec<Rich>,
}

/// A calendar date.
#[derive(Debug, Serialize, JsonSchema)]
pub struct DateData {
    pub year: i32,
    pub month: u8,
    pub day: u8,
}

/// A section and its blocks.
#[derive(Debug, Serialize, JsonSchema)]
pub struct SectionData {
    /// Its number, from 1.
    pub number: u32,
    /// `s1`, `s2`, …: the id of its divider slide.
    pub id: String,
    pub title: Rich,
    /// What participants should get out of it.
    pub goal: Option<Rich>,
    /// Its start's clock time, when the workshop has a `start`.
    pub start: Option<String>,
    /// Time from the workshop's start: `0:45`.
    pub elapsed: String,
    /// Its blocks' minutes added up.
    pub minutes: u32,
    /// Its blocks for this audience (the handout's leaves out `handout: false`;
    /// the role cards' holds only the role-plays).
    pub blocks: Vec<BlockData>,
}

/// One block: what every kind has, then its kind's own fields.
#[derive(Debug, Serialize, JsonSchema)]
pub struct BlockData {
    /// `b1`, `b2`, …: its slides' ids are this id, `b3/2` for its second
    /// slide and `b3/d1` for its first debrief slide.
    pub id: String,
    /// `scene`, `quote`, `lesson`, `questions`, `activity`, `roleplay`,
    /// `break`, `text` or `image`.
    pub kind: &'static str,
    /// Whether it is in the participants' handout.
    pub in_handout: bool,
    /// Its time budget.
    pub minutes: Option<u32>,
    /// Its start's clock time, when the workshop has a `start`.
    pub start: Option<String>,
    /// Its end's clock time.
    pub end: Option<String>,
    /// Time from the workshop's start: `1:05`.
    pub elapsed: String,
    /// A short name for tables: the film, the lesson's title, ….
    pub headline: Option<Rich>,
    /// Speaker notes: in the guide's data only.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub notes: Private<Rich>,
    /// Its slides in the deck, in order, as the plan made them (the theme's
    /// `pagination` decides how many items go on one): draw each of them.
    pub slides: Vec<SlideData>,
    /// The kind's own fields, beside these.
    #[serde(flatten)]
    pub content: Content,
}

/// A block's own fields, by kind (read them after checking `kind`).
#[derive(Debug, Serialize, JsonSchema)]
#[serde(untagged)]
pub enum Content {
    Scene(SceneData),
    Quote(QuoteData),
    Lesson(LessonData),
    Questions(QuestionsData),
    Activity(ActivityData),
    Roleplay(RoleplayData),
    Break(BreakData),
    Text(TextData),
    Image(ImageData),
}

#[derive(Debug, Serialize, JsonSchema)]
pub struct SceneData {
    /// The film (or series).
    pub film: Rich,
    /// The same without styling.
    pub film_plain: String,
    /// The year it came out.
    pub year: Option<u16>,
    pub director: Option<String>,
    /// The part to play.
    pub clip: Option<ClipData>,
    /// The scene's still.
    pub still: Option<Picture>,
    /// The film file that plays the clip: in the slides' and the guide's
    /// data only (`none` in the handout's).
    pub video: Option<Box<VideoData>>,
    /// What happens before and in the scene.
    pub setup: Option<Rich>,
    /// What the group looks out for while watching.
    pub watch_for: Vec<Rich>,
}

/// A clip's timecodes: `1:02:10`.
#[derive(Debug, Serialize, JsonSchema)]
pub struct ClipData {
    /// Where the clip starts in the film: `1:02:10`.
    pub start: String,
    /// Where it ends.
    pub end: String,
    /// How long it runs: `0:02:20`.
    pub length: String,
    /// How long it runs, in seconds.
    pub seconds: u32,
}

/// A scene's film file, and how its slide plays the clip.
///
/// On a slide, `link(video.link, body)` makes `body` (the still, or a "play"
/// frame) the play area: deckhand turns that link into a Launch action that
/// pdfpc plays in place, from the clip's start to its end; other viewers
/// show the still. Use the link once per scene, on its first slide.
#[derive(Debug, Serialize, JsonSchema)]
pub struct VideoData {
    /// The file as the outline names it: `clips/love-actually.mp4`.
    pub file: String,
    /// Where the slides look for it, relative to the slides PDF's folder (or
    /// to the folder `--clips-relative-to` names): `../clips/love-actually.mp4`,
    /// or the cut clip, `clips/love-actually-1h02m10s-1h04m30s.mp4`. The
    /// notes, the cue sheet and the preparation list name this path. The
    /// file must be there on the presenting machine.
    pub path: String,
    /// How long the file lasts: `1:58:03`; none when it was not found.
    pub length: Option<String>,
    /// What the play area runs for, short: `2:20` (the clip, else the whole
    /// film); empty for a film without a clip that was not found.
    pub plays: String,
    /// The film's picture, width over height (`1.778` for 16:9): the play
    /// area is the largest rectangle of this shape inside the still's box,
    /// so that a player shows the film undistorted; none when unknown (the
    /// play area is the whole box).
    pub aspect: Option<f64>,
    /// Whether the film was found when the slides were built; the guide's
    /// preparation list marks those that were not.
    pub found: bool,
    /// The play area's link target, for `link(…)`: `deckhand-clip:b3`.
    pub link: String,
    /// What the Launch action opens: the path, then the clip's start and stop
    /// in whole seconds, `../clips/love-actually.mp4?start=3730&stop=3870`
    /// (a cut clip's path alone).
    pub launch: String,
    /// The play area's description for screen readers: `Play the scene from Love Actually (2:20)`.
    pub alt: String,
}

#[derive(Debug, Serialize, JsonSchema)]
pub struct QuoteData {
    /// The words quoted.
    pub text: Rich,
    /// Who said them.
    pub by: Option<Rich>,
    /// Where they come from.
    pub source: Option<Rich>,
}

#[derive(Debug, Serialize, JsonSchema)]
pub struct LessonData {
    pub title: Rich,
    /// Its points, in order.
    pub points: Vec<Rich>,
    /// The one sentence to remember.
    pub takeaway: Option<Rich>,
}

/// Questions: a theme's `pagination` decides how many go on one slide.
#[derive(Debug, Serialize, JsonSchema)]
pub struct QuestionsData {
    /// The questions, in order.
    pub questions: Vec<QuestionData>,
}

#[derive(Debug, Serialize, JsonSchema)]
pub struct QuestionData {
    /// Its number in its list, from 1.
    pub number: usize,
    /// The question.
    pub text: Rich,
    /// What a good answer touches on: in the guide's data only.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub hint: Private<Rich>,
}

#[derive(Debug, Serialize, JsonSchema)]
pub struct ActivityData {
    pub title: Rich,
    /// The steps, in order.
    pub instructions: Vec<Rich>,
    /// How people work.
    pub group: Option<GroupData>,
    /// What the trainer brings.
    pub materials: Vec<Rich>,
    /// The questions for after it.
    pub debrief: Vec<QuestionData>,
}

/// An activity's group form: `form` is `solo`, `pairs`, `plenary` or
/// `groups` (then `size` is the group's size).
#[derive(Debug, Serialize, JsonSchema)]
pub struct GroupData {
    /// `solo`, `pairs`, `plenary` or `groups`.
    pub form: &'static str,
    /// The size of each group, for `groups`.
    pub size: Option<u8>,
}

#[derive(Debug, Serialize, JsonSchema)]
pub struct RoleplayData {
    pub title: Rich,
    /// The title without styling.
    pub title_plain: String,
    /// The situation everyone knows.
    pub scenario: Option<Rich>,
    /// The parts to play.
    pub roles: Vec<RoleData>,
    /// What observers look for.
    pub observe: Vec<Rich>,
    /// How many play it together: a player for each role, and an observer
    /// when there is something to observe.
    pub group_size: u32,
    /// How many groups play it at once, so how many sets of role cards (and
    /// observer sheets) to print: the participants in groups of
    /// `group_size` (the last group may be smaller); 1 without `participants`.
    pub sets: u32,
}

#[derive(Debug, Serialize, JsonSchema)]
pub struct RoleData {
    /// The part's name: `Customer`.
    pub name: Rich,
    /// What only this player knows: in the role cards' and the guide's data,
    /// never the slides' or the handout's.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub brief: Private<Rich>,
}

#[derive(Debug, Serialize, JsonSchema)]
pub struct BreakData {
    /// What it is called (`Coffee`), or none for a plain break.
    pub title: Option<Rich>,
}

#[derive(Debug, Serialize, JsonSchema)]
pub struct TextData {
    /// The slide's title.
    pub title: Option<Rich>,
    /// The body's paragraphs.
    pub paragraphs: Vec<Rich>,
}

#[derive(Debug, Serialize, JsonSchema)]
pub struct ImageData {
    /// The file as the outline names it.
    pub src: String,
    /// A line under the image.
    pub caption: Option<Rich>,
    /// The prepared picture.
    pub image: Option<Picture>,
}

fn rich(text: &str) -> Rich {
    parse_inline(text)
}

/// A trainer's text without its styling: `Every *kind*` is "Every kind" in
/// a footer and the PDF's title, not its markup.
fn plain(text: &str) -> String {
    parse_inline(text).into_iter().map(|run| run.text).collect()
}

fn rich_opt(text: Option<&Text>) -> Option<Rich> {
    text.map(|t| rich(t))
}

fn rich_list(list: Option<&Spanned<Vec<Text>>>) -> Vec<Rich> {
    list.map(|l| l.iter().map(|t| rich(t)).collect())
        .unwrap_or_default()
}

/// Only for the audience that may see it.
fn private<T>(shown: bool, value: Option<T>) -> Private<T> {
    shown.then_some(value)
}

/// The JSON Schema of [`Document`], for the reference of theme authors.
pub fn document_schema() -> schemars::Schema {
    // As the data is written: a field is required unless it may be left out.
    schemars::generate::SchemaSettings::default()
        .for_serialize()
        .into_generator()
        .into_root_schema_for::<Document>()
}

/// The data of one document of `plan`, for `audience`. `pictures` finds a
/// prepared picture by the path the outline wrote.
pub fn document_data(plan: &Plan<'_>, audience: Audience, files: &Files<'_>) -> Document {
    let language = plan.language;
    let clock = |minutes: u32| plan.clock(minutes).map(|t| i18n::clock(language, t));
    let sections = plan
        .sections
        .iter()
        .map(|section| section_data(plan, section, audience, files))
        .collect();
    let outline = plan.outline;
    Document {
        lang: language.code(),
        labels: i18n::label_object(language).clone(),
        paper: plan.paper.name(),
        note_lines: plan.note_lines,
        layout: plan.layout.name(),
        workshop: Workshop {
            title: rich(&outline.title),
            title_plain: plain(&outline.title.value),
            subtitle: rich_opt(plan.subtitle),
            audience: rich_opt(outline.audience.as_ref()),
            facilitator: outline.facilitator.as_ref().map(|f| f.value.clone()),
            date: plan.date.map(|d| DateData {
                year: d.year,
                month: d.month,
                day: d.day,
            }),
            duration: plan.declared_minutes(),
            duration_text: plan.declared_minutes().map(|d| Minutes(d).to_string()),
            planned: plan.minutes,
            planned_text: Minutes(plan.minutes).to_string(),
            start: clock(0),
            end: clock(plan.minutes),
            version: plan.version.map(|v| v.value.clone()),
            revision: plan.revision.clone(),
            variant: plan.variant_name().map(str::to_string),
            participants: plan.participants,
            brand: outline.brand.as_ref().map(|b| BrandData {
                accent: b
                    .accent
                    .as_ref()
                    .and_then(|c| c.value.ok())
                    .map(|c| c.hex()),
                ink: b.ink.as_ref().and_then(|c| c.value.ok()).map(|c| c.hex()),
                font: b.font.as_ref().map(|f| f.value.trim().to_string()),
                logo: b.logo.as_ref().and_then(|written| {
                    (files.pictures)(&written.value).map(|file| Picture {
                        path: file.path,
                        card_path: file.card_path,
                        portrait: file.portrait,
                        alt: format!("{} logo", outline.title.value.trim()),
                        fit: Some("contain"),
                        focus: None,
                    })
                }),
            }),
            closing: outline.closing.as_ref().map(|c| ClosingData {
                title: rich_opt(c.title.as_ref()),
                text: rich_opt(c.text.as_ref()),
                contact: rich_opt(c.contact.as_ref()),
                next_steps: rich_list(c.next_steps.as_ref()),
            }),
        },
        sections,
        handout_pages: None,
        roles_pages: None,
    }
}

fn section_data(
    plan: &Plan<'_>,
    section: &PlannedSection<'_>,
    audience: Audience,
    files: &Files<'_>,
) -> SectionData {
    let clock = |minutes: u32| plan.clock(minutes).map(|t| i18n::clock(plan.language, t));
    let blocks = plan
        .blocks_of(section)
        .iter()
        .filter(|b| audience.sees_block(&b.block.value))
        .map(|b| block_data(plan, b, audience, files))
        .collect();
    SectionData {
        number: section.id.0,
        id: section.id.to_string(),
        title: rich(&section.section.title),
        goal: rich_opt(section.section.goal.as_ref()),
        start: clock(section.start),
        elapsed: elapsed_text(section.start),
        minutes: section.end - section.start,
        blocks,
    }
}

fn block_data(
    plan: &Plan<'_>,
    planned: &PlannedBlock<'_>,
    audience: Audience,
    files: &Files<'_>,
) -> BlockData {
    let clock = |minutes: u32| plan.clock(minutes).map(|t| i18n::clock(plan.language, t));
    let block = &planned.block.value;
    let headline = block.headline();
    BlockData {
        id: planned.id.to_string(),
        kind: block.kind(),
        in_handout: block.in_handout(),
        minutes: block.minutes(),
        start: clock(planned.start),
        end: clock(planned.end),
        elapsed: elapsed_text(planned.start),
        headline: (!headline.is_empty()).then(|| rich(&headline)),
        notes: private(audience.sees_facilitator_text(), rich_opt(block.notes())),
        slides: block_slides(planned, &plan.pagination, plan.outline.reveal())
            .iter()
            .map(SlideData::from)
            .collect(),
        content: content(planned, audience, plan.language, plan.participants, files),
    }
}

/// `1:05` for 65 minutes.
fn elapsed_text(minutes: u32) -> String {
    format!("{}:{:02}", minutes / 60, minutes % 60)
}

fn content(
    planned: &PlannedBlock<'_>,
    audience: Audience,
    language: Language,
    participants: Option<u32>,
    files: &Files<'_>,
) -> Content {
    match &planned.block.value {
        Block::Scene(scene) => {
            Content::Scene(scene_data(planned, scene, audience, language, files))
        }
        Block::Quote(quote) => Content::Quote(QuoteData {
            text: rich(&quote.text),
            by: rich_opt(quote.by.as_ref()),
            source: rich_opt(quote.source.as_ref()),
        }),
        Block::Lesson(lesson) => Content::Lesson(LessonData {
            title: rich(&lesson.title),
            points: rich_list(lesson.points.as_ref()),
            takeaway: rich_opt(lesson.takeaway.as_ref()),
        }),
        Block::Questions(questions) => Content::Questions(QuestionsData {
            questions: questions
                .ask
                .iter()
                .enumerate()
                .map(|(i, q)| question_data(i + 1, q, audience))
                .collect(),
        }),
        Block::Activity(activity) => Content::Activity(activity_data(activity, audience)),
        Block::Roleplay(roleplay) => {
            Content::Roleplay(roleplay_data(roleplay, audience, participants))
        }
        Block::Break(pause) => Content::Break(BreakData {
            title: rich_opt(pause.title.as_ref()),
        }),
        Block::Text(text) => Content::Text(text_data(text)),
        Block::Image(image) => Content::Image(image_data(image, files)),
    }
}

fn scene_data(
    planned: &PlannedBlock<'_>,
    scene: &Scene,
    audience: Audience,
    language: Language,
    files: &Files<'_>,
) -> SceneData {
    let still = scene.still.as_ref().and_then(|written| {
        (files.pictures)(&written.value).map(|file| Picture {
            path: file.path,
            card_path: file.card_path,
            portrait: file.portrait,
            alt: scene.alt.as_ref().map_or_else(
                || still_alt(language, &scene.film.value),
                |a| a.value.clone(),
            ),
            fit: framing(scene.fit.as_ref(), scene.focus.as_ref()).0,
            focus: framing(scene.fit.as_ref(), scene.focus.as_ref()).1,
        })
    });
    let clip = scene.clip.as_ref().and_then(|c| c.ok().copied());
    let video = scene
        .video
        .as_ref()
        .filter(|_| audience.sees_videos())
        .and_then(|written| {
            let file = (files.videos)(written, clip)?;
            Some(Box::new(video_data(
                planned,
                scene,
                &written.value,
                file,
                clip,
                language,
            )))
        });
    SceneData {
        film: rich(&scene.film),
        film_plain: plain(&scene.film.value),
        year: scene.year.as_ref().and_then(|y| y.ok()).map(|y| y.0),
        director: scene.director.as_ref().map(|d| d.value.clone()),
        clip: clip.map(|c| ClipData {
            start: c.start.to_string(),
            end: c.end.to_string(),
            length: c.length().to_string(),
            seconds: c.length().0,
        }),
        still,
        video,
        setup: rich_opt(scene.setup.as_ref()),
        watch_for: rich_list(scene.watch_for.as_ref()),
    }
}

/// How a scene's slide plays its clip from `file`: from the film at the
/// clip's timecodes, or a cut clip whole (pdfpc then starts on its first
/// frame and pauses on its last, which it does not do with `start`/`stop`).
fn video_data(
    planned: &PlannedBlock<'_>,
    scene: &Scene,
    written: &str,
    file: VideoFile,
    clip: Option<ClipRange>,
    language: Language,
) -> VideoData {
    let plays = clip
        .map(|c| c.length())
        .or(file.length)
        .map(short_time)
        .unwrap_or_default();
    let launch = match clip {
        Some(c) if !file.cut => format!("{}?start={}&stop={}", file.path, c.start.0, c.end.0),
        _ => file.path.clone(),
    };
    let labels = i18n::labels(language);
    let pattern = if plays.is_empty() {
        &labels.play_scene_untimed
    } else {
        &labels.play_scene
    };
    let alt = pattern
        .replace("{film}", &scene.film.value)
        .replace("{length}", &plays);
    VideoData {
        file: written.to_string(),
        path: file.path,
        length: file.length.map(|l| l.to_string()),
        plays,
        link: format!("{CLIP_LINK_SCHEME}{}", planned.id),
        launch,
        alt,
        aspect: file.aspect,
        found: file.found,
    }
}

/// `2:20` for a length under an hour, else `1:02:20`.
fn short_time(length: Timecode) -> String {
    let seconds = length.0;
    if seconds < 3600 {
        format!("{}:{:02}", seconds / 60, seconds % 60)
    } else {
        length.to_string()
    }
}

/// The default description of a still, in the outline's language.
fn still_alt(language: Language, film: &str) -> String {
    i18n::labels(language).still_of.replace("{film}", film)
}

fn activity_data(activity: &Activity, audience: Audience) -> ActivityData {
    let steps: Vec<&Text> = activity
        .instructions
        .as_ref()
        .map(|l| l.iter().collect())
        .unwrap_or_default();
    let debrief: Vec<&Spanned<Question>> = activity.debrief.iter().flat_map(|d| d.iter()).collect();
    ActivityData {
        title: rich(&activity.title),
        instructions: steps.iter().map(|t| rich(t)).collect(),
        group: activity
            .group
            .as_ref()
            .and_then(|g| g.ok().copied())
            .map(|g| GroupData {
                form: g.name(),
                size: g.size(),
            }),
        materials: rich_list(activity.materials.as_ref()),
        debrief: debrief
            .iter()
            .enumerate()
            .map(|(i, q)| question_data(i + 1, q, audience))
            .collect(),
    }
}

fn roleplay_data(
    roleplay: &Roleplay,
    audience: Audience,
    participants: Option<u32>,
) -> RoleplayData {
    let roles = roleplay.roles.iter().flat_map(|r| r.iter()).count();
    let observers = usize::from(roleplay.observe.as_ref().is_some_and(|o| !o.is_empty()));
    let group_size = u32::try_from(roles + observers).unwrap_or(u32::MAX).max(1);
    RoleplayData {
        title: rich(&roleplay.title),
        title_plain: plain(&roleplay.title.value),
        scenario: rich_opt(roleplay.scenario.as_ref()),
        roles: roleplay
            .roles
            .iter()
            .flat_map(|r| r.iter())
            .map(|role| RoleData {
                name: rich(&role.name),
                brief: private(audience.sees_role_briefs(), rich_opt(role.brief.as_ref())),
            })
            .collect(),
        observe: rich_list(roleplay.observe.as_ref()),
        group_size,
        sets: participants.map_or(1, |n| n.div_ceil(group_size).max(1)),
    }
}

fn text_data(text: &TextSlide) -> TextData {
    TextData {
        title: rich_opt(text.title.as_ref()),
        paragraphs: text
            .body
            .as_ref()
            .map(|b| paragraphs(b))
            .unwrap_or_default(),
    }
}

/// Paragraphs are separated by an empty line; a single line break is a space.
fn paragraphs(body: &str) -> Vec<Rich> {
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

fn image_data(image: &ImageSlide, files: &Files<'_>) -> ImageData {
    let alt = image
        .alt
        .as_ref()
        .or(image.caption.as_ref())
        .map_or_else(|| image.src.value.clone(), |t| t.value.clone());
    ImageData {
        src: image.src.value.clone(),
        caption: rich_opt(image.caption.as_ref()),
        image: (files.pictures)(&image.src.value).map(|file| Picture {
            path: file.path,
            card_path: file.card_path,
            portrait: file.portrait,
            alt,
            fit: framing(image.fit.as_ref(), image.focus.as_ref()).0,
            focus: framing(image.fit.as_ref(), image.focus.as_ref()).1,
        }),
    }
}

fn question_data(number: usize, question: &Question, audience: Audience) -> QuestionData {
    QuestionData {
        number,
        text: rich(question.text()),
        hint: private(audience.sees_facilitator_text(), rich_opt(question.hint())),
    }
}

#[cfg(test)]
mod tests {
    use super::super::PlanOptions;
    use super::*;

    /// Proves: the slides' and the handout's data cannot hold a brief, a
    /// hint or a note, whatever the templates do; the role cards' hold the
    /// briefs and only the role-plays.
    #[test]
    fn private_text_reaches_only_its_readers() {
        let yaml = "title: T\nsections:\n  - title: A\n    blocks:\n      - roleplay:\n          title: R\n          roles:\n            - name: Agent\n              brief: SECRETBRIEF\n          notes: SECRETNOTE\n      - activity:\n          title: A\n          debrief:\n            - text: Q\n              hint: SECRETHINT\n";
        let Some(loaded) = crate::outline::load_str("t.yaml", yaml).loaded else {
            panic!("the outline loads");
        };
        let plan = Plan::new(&loaded.outline, &PlanOptions::default());
        let text = |audience| {
            serde_json::to_string(&document_data(&plan, audience, &Files::none()))
                .unwrap_or_default()
        };
        let room = text(Audience::Room);
        assert!(room.contains("Agent"), "{room}");
        for secret in ["SECRETBRIEF", "SECRETNOTE", "SECRETHINT"] {
            assert!(!room.contains(secret), "{secret} in {room}");
        }
        let participants = text(Audience::Participants);
        assert!(participants.contains("Agent"), "{participants}");
        for secret in ["SECRETBRIEF", "SECRETNOTE", "SECRETHINT"] {
            assert!(!participants.contains(secret), "{secret} in {participants}");
        }
        let players = text(Audience::Players);
        assert!(players.contains("SECRETBRIEF"), "{players}");
        for absent in ["SECRETNOTE", "SECRETHINT", "\"kind\":\"activity\""] {
            assert!(!players.contains(absent), "{absent} in {players}");
        }
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
