//! The facts every document shares, worked out once: which sections and blocks
//! a variant holds, their ids, the schedule, and what each audience may see.
//!
//! The slides, the handout, the guide and the pdfpc notes all read one
//! [`Plan`]: a block's number, its clock times and whether it is in the
//! handout are decided here and nowhere else. [`document`] turns a plan into
//! the data the Typst templates read, whose types are the contract theme
//! authors program against (`docs/template-data.md`).

mod document;
mod ids;
mod kind;
mod reference;
mod slides;

pub use document::{
    Audience, BlockData, BrandData, CLIP_LINK_SCHEME, Content, Document, Files, ImageData,
    LessonData, Picture, PictureFile, QuestionData, QuoteData, RoleplayData, SceneData,
    SectionData, TextData, VideoData, VideoFile, document_data, document_schema,
};
pub use ids::{BlockId, SectionId, SlideId, SlidePart};
pub use kind::DocumentKind;
pub use reference::template_data_reference;
pub use slides::{Pagination, PlannedSlide, Shows, SlideData, block_slides, slides};

use std::ops::Range;

use crate::diag::{Diagnostic, Span};
use crate::outline::{
    Block, ClockTime, Date, HandoutLayout, Language, Minutes, Outline, Paper, Parsed, Section,
    Spanned, Text, Variant,
};

/// What a build asks of the plan besides the outline.
#[derive(Clone, Debug, Default)]
pub struct PlanOptions {
    /// The variant to plan, by name; `None` for an outline without variants.
    pub variant: Option<String>,
    /// Overrides the outline's `handout.paper` (`--paper`).
    pub paper: Option<Paper>,
    /// Printed beside the version (`--revision`).
    pub revision: Option<String>,
    /// Overrides the outline's `participants` (`--participants`).
    pub participants: Option<u32>,
    /// How much one slide holds: the theme's `pagination`.
    pub pagination: Pagination,
}

/// One variant (or the only cut) of a workshop, scheduled.
#[derive(Debug)]
pub struct Plan<'o> {
    pub outline: &'o Outline,
    /// The variant planned, for an outline with variants.
    pub variant: Option<&'o Variant>,
    pub language: Language,
    /// The declared length, with its place (the variant's own, else the outline's).
    pub duration: Option<&'o Spanned<Parsed<Minutes>>>,
    pub start: Option<ClockTime>,
    pub date: Option<Date>,
    pub subtitle: Option<&'o Text>,
    pub paper: Paper,
    pub layout: HandoutLayout,
    pub note_lines: u8,
    pub grayscale: bool,
    pub version: Option<&'o Text>,
    pub revision: Option<String>,
    /// How many take part, when the outline or the command line says.
    pub participants: Option<u32>,
    /// How much one slide holds: the theme's `pagination`.
    pub pagination: Pagination,
    pub sections: Vec<PlannedSection<'o>>,
    pub blocks: Vec<PlannedBlock<'o>>,
    /// The blocks' minutes added up.
    pub minutes: u32,
}

/// A section of the plan, with its place in the schedule.
#[derive(Debug)]
pub struct PlannedSection<'o> {
    pub id: SectionId,
    pub section: &'o Spanned<Section>,
    /// Minutes from the workshop's start.
    pub start: u32,
    pub end: u32,
    /// Its blocks, as indexes into [`Plan::blocks`].
    pub blocks: Range<usize>,
}

/// A block of the plan, with its place in the schedule.
#[derive(Debug)]
pub struct PlannedBlock<'o> {
    pub id: BlockId,
    /// Its section, as an index into [`Plan::sections`].
    pub section: usize,
    pub block: &'o Spanned<Block>,
    /// Minutes from the workshop's start.
    pub start: u32,
    pub end: u32,
}

impl PlannedBlock<'_> {
    pub fn minutes(&self) -> u32 {
        self.end - self.start
    }
}

/// The names of the variants an outline builds: `[None]` when it has none.
pub fn variant_names(outline: &Outline) -> Vec<Option<String>> {
    match &outline.variants {
        Some(variants) if !variants.0.is_empty() => variants
            .0
            .iter()
            .map(|v| Some(v.name.value.trim().to_string()))
            .collect(),
        _ => vec![None],
    }
}

/// The sections and blocks of the variant `name` (all, for none), each
/// with its id and its minutes from the start, and the minutes of them all.
fn schedule<'o>(
    outline: &'o Outline,
    name: Option<&str>,
) -> (Vec<PlannedSection<'o>>, Vec<PlannedBlock<'o>>, u32) {
    let mut sections = Vec::new();
    let mut blocks = Vec::new();
    let mut elapsed = 0u32;
    for section in outline.sections.iter() {
        if name.is_some_and(|n| !section.variants().includes(n)) {
            continue;
        }
        let first = blocks.len();
        let section_start = elapsed;
        for block in section.blocks.iter() {
            if name.is_some_and(|n| !block.common().variants.includes(n)) {
                continue;
            }
            let minutes = block.minutes().unwrap_or(0);
            blocks.push(PlannedBlock {
                id: BlockId(u32::try_from(blocks.len() + 1).unwrap_or(u32::MAX)),
                section: sections.len(),
                block,
                start: elapsed,
                end: elapsed + minutes,
            });
            elapsed += minutes;
        }
        sections.push(PlannedSection {
            id: SectionId(u32::try_from(sections.len() + 1).unwrap_or(u32::MAX)),
            section,
            start: section_start,
            end: elapsed,
            blocks: first..blocks.len(),
        });
    }
    (sections, blocks, elapsed)
}

impl<'o> Plan<'o> {
    /// Plans `outline`, or the variant `options.variant` of it. A variant
    /// name the outline does not declare plans the whole outline; the
    /// command line checks names before it asks.
    pub fn new(outline: &'o Outline, options: &PlanOptions) -> Plan<'o> {
        let variant = options.variant.as_deref().and_then(|name| {
            outline
                .variants
                .as_ref()
                .and_then(|v| v.0.iter().find(|v| v.name.value.trim() == name))
        });
        let settings = variant.map(|v| &v.settings.value);
        let ok = |parsed: Option<&'o Spanned<Parsed<_>>>| parsed.filter(|p| p.ok().is_some());
        let duration = ok(settings.and_then(|s| s.duration.as_ref()))
            .or_else(|| ok(outline.duration.as_ref()));
        let start = settings
            .and_then(|s| s.start.as_ref())
            .and_then(|s| s.ok().copied())
            .or_else(|| outline.start());
        let date = settings
            .and_then(|s| s.date.as_ref())
            .and_then(|d| d.ok().copied())
            .or_else(|| outline.date());
        let subtitle = settings
            .and_then(|s| s.subtitle.as_ref())
            .or(outline.subtitle.as_ref());
        let (sections, blocks, elapsed) = schedule(outline, variant.map(|v| v.name.value.trim()));
        Plan {
            outline,
            variant,
            language: outline.language(),
            duration,
            start,
            date,
            subtitle,
            paper: options.paper.unwrap_or_else(|| outline.paper()),
            layout: outline.handout_layout(),
            note_lines: outline.note_lines(),
            grayscale: outline.grayscale_handout(),
            version: outline.version.as_ref(),
            revision: options.revision.clone(),
            participants: options.participants.or_else(|| {
                outline
                    .participants
                    .as_ref()
                    .and_then(|p| p.ok())
                    .map(|p| p.0)
            }),
            pagination: options.pagination,
            sections,
            blocks,
            minutes: elapsed,
        }
    }

    /// Every slide of the deck, in order.
    pub fn slides(&self) -> Vec<PlannedSlide> {
        slides(self, &self.pagination)
    }

    /// The variant's name, if the plan is of one.
    pub fn variant_name(&self) -> Option<&str> {
        self.variant.map(|v| v.name.value.trim())
    }

    /// The clock time `minutes` after the start, when the workshop has a start.
    pub fn clock(&self, minutes: u32) -> Option<ClockTime> {
        self.start.map(|s| s.plus(minutes))
    }

    /// The declared duration in minutes.
    pub fn declared_minutes(&self) -> Option<u32> {
        self.duration.and_then(|d| d.ok()).map(|d| d.0)
    }

    pub fn block(&self, id: BlockId) -> Option<&PlannedBlock<'o>> {
        let index = usize::try_from(id.0).ok()?.checked_sub(1)?;
        self.blocks.get(index)
    }

    pub fn section(&self, id: SectionId) -> Option<&PlannedSection<'o>> {
        let index = usize::try_from(id.0).ok()?.checked_sub(1)?;
        self.sections.get(index)
    }

    /// The blocks of a section.
    pub fn blocks_of(&self, section: &PlannedSection<'o>) -> &[PlannedBlock<'o>] {
        &self.blocks[section.blocks.clone()]
    }

    /// A warning when the blocks' minutes do not add up to the declared `duration`.
    pub fn timing_warning(&self) -> Option<Diagnostic> {
        // A cut with no block at all is an error of its own (validate).
        if self.blocks.is_empty() {
            return None;
        }
        let declared = self.duration?;
        let duration = declared.ok()?.0;
        let planned = self.minutes;
        if planned == duration {
            return None;
        }
        let (how, by) = if planned > duration {
            ("more", planned - duration)
        } else {
            ("less", duration - planned)
        };
        let cut = match self.variant_name() {
            Some(name) => format!("in the `{name}` variant, "),
            None => String::new(),
        };
        Some(
            Diagnostic::warning(format!(
                "{cut}the blocks add up to {planned} min, {by} min {how} than the declared `duration` of {duration} min"
            ))
            .at(declared.span)
            .with_hint("adjust the blocks' `minutes` or the `duration`"),
        )
    }

    /// Where in the outline a slide comes from, and how to name it in a
    /// message: the block, the section's divider, or the workshop's title.
    pub fn slide_origin(&self, slide: SlideId) -> SlideOrigin {
        let workshop = |what: &str| SlideOrigin {
            span: self.outline.title.span,
            what: what.to_string(),
            block: None,
        };
        match slide {
            SlideId::Title => workshop("the title slide"),
            SlideId::Agenda => workshop("the agenda slide"),
            SlideId::Closing => SlideOrigin {
                span: self
                    .outline
                    .closing
                    .as_ref()
                    .map_or(self.outline.title.span, |c| c.span),
                what: "the closing slide".to_string(),
                block: None,
            },
            SlideId::Divider(id) => match self.section(id) {
                Some(section) => SlideOrigin {
                    span: section.section.title.span,
                    what: "this section's divider".to_string(),
                    block: None,
                },
                None => workshop("a slide"),
            },
            SlideId::Block(id, _) => match self.block(id) {
                Some(block) => SlideOrigin {
                    span: block.block.span,
                    what: format!("this {}", block.block.kind()),
                    block: Some(block.block.kind()),
                },
                None => workshop("a slide"),
            },
        }
    }
}

/// The outline's place a slide comes from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SlideOrigin {
    pub span: Span,
    /// `this scene`, `this section's divider`, `the agenda slide`.
    pub what: String,
    /// The block's kind, when the slide is a block's.
    pub block: Option<&'static str>,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn outline(text: &str) -> Outline {
        match crate::outline::load_str("t.yaml", text).loaded {
            Some(loaded) => loaded.outline,
            None => panic!("the outline loads"),
        }
    }

    const CUTS: &str = "title: T\nstart: '09:00'\nduration: 40min\nvariants:\n  short: {duration: 15min}\n  full: {start: '13:00'}\nsections:\n  - title: A\n    blocks:\n      - quote: {text: a, minutes: 10}\n      - quote: {text: b, minutes: 5, only: [full]}\n  - title: B\n    except: [short]\n    blocks:\n      - quote: {text: c, minutes: 25}\n  - title: C\n    blocks:\n      - quote: {text: d, minutes: 5}\n";

    /// Proves: each variant has its own blocks, clock times and timing check.
    #[test]
    fn each_variant_is_scheduled_on_its_own() {
        let outline = outline(CUTS);
        assert_eq!(
            variant_names(&outline),
            vec![Some("short".to_string()), Some("full".to_string())]
        );
        let plan = |name: &str| {
            Plan::new(
                &outline,
                &PlanOptions {
                    variant: Some(name.to_string()),
                    ..PlanOptions::default()
                },
            )
        };
        let short = plan("short");
        assert_eq!(short.sections.len(), 2);
        assert_eq!(short.blocks.len(), 2);
        assert_eq!(short.minutes, 15);
        assert_eq!(short.timing_warning(), None);
        assert_eq!(
            short.clock(short.blocks[1].start),
            Some(ClockTime(9 * 60 + 10))
        );
        let full = plan("full");
        assert_eq!(full.blocks.len(), 4);
        assert_eq!(full.minutes, 45);
        assert_eq!(
            full.clock(full.blocks[3].start),
            Some(ClockTime(13 * 60 + 40))
        );
        assert_eq!(full.blocks[3].id, BlockId(4));
        let warning = full.timing_warning().map(|d| d.message);
        assert_eq!(
            warning.as_deref(),
            Some(
                "in the `full` variant, the blocks add up to 45 min, 5 min more than the declared `duration` of 40 min"
            )
        );
    }
}
