//! What changed between two versions of a workshop, as a trainer sees it:
//! blocks added, removed, moved and changed, sections renamed, the timing.
//!
//! It reads two [`Plan`]s, so that includes are already spliced in and a
//! variant's blocks are known. Blocks are matched by kind and content
//! ([`matching`]), not by place; the fields of a matched pair are compared
//! as written ([`fields`]); [`summary`] puts it in words, and [`document`]
//! makes the data of the review PDF, whose changed words [`words`] marks.

mod document;
mod fields;
mod matching;
mod summary;
mod words;

pub use document::{ReviewData, review_data};
pub use fields::{Edit, FieldChange, Item};
pub use matching::{Matching, match_plans};
pub use summary::{Style, summary};
pub use words::mark_changed_words;

use serde::Serialize;
use serde_json::Value;

use crate::diag::{self, FileId};
use crate::outline::{Block, Outline, Section, Spanned};
use crate::plan::{Plan, PlanOptions, variant_names};

/// Two outlines sharing less than this part of their blocks, under
/// different titles, are two different workshops.
const RELATED: f64 = 0.25;

/// One version of a workshop, for [`compare`].
#[derive(Clone, Copy, Debug)]
pub struct Version<'a, 'o> {
    /// As the user named it: `decks/x.yaml`, `main:decks/x.yaml`.
    pub name: &'a str,
    /// The whole outline planned, every variant's blocks in it.
    pub plan: &'a Plan<'o>,
    /// The outline's own file (a block from another was included).
    pub file: FileId,
}

/// Everything that changed, from the old version to the new.
#[derive(Debug, Serialize)]
pub struct Review {
    /// The old version as the user named it: `main:decks/x.yaml`.
    pub old_name: String,
    /// The new version as the user named it.
    pub new_name: String,
    /// The workshop's title (the new version's).
    pub title: String,
    /// The old version's title.
    pub old_title: String,
    /// The two outlines look like two different workshops (few blocks in
    /// common, another title): nothing else is compared.
    pub unrelated: bool,
    /// How many blocks each version has, and how many they share.
    pub blocks: Counts,
    /// Changes to the workshop's own fields (title, duration, variants, …).
    pub workshop: Vec<FieldChange>,
    /// Every section with a change, in the new order (a removed one where it was).
    pub sections: Vec<SectionReview>,
    /// The minutes planned, for the whole outline or each variant.
    pub timing: Vec<BeforeAfter>,
    /// The handout's pages, for the whole outline or each variant, when counted.
    pub handout_pages: Vec<BeforeAfter>,
}

/// Blocks in each version, and shared by both (changed or not).
#[derive(Clone, Copy, Debug, Default, Serialize)]
pub struct Counts {
    pub old: usize,
    pub new: usize,
    pub shared: usize,
}

/// A number before and after, for the outline or one of its variants
/// (absent on the side that does not have the variant).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct BeforeAfter {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub variant: Option<String>,
    pub old: Option<u32>,
    pub new: Option<u32>,
}

/// What happened to a section.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum SectionStatus {
    /// In both versions under the same title.
    Kept,
    /// In both versions under another title.
    Renamed,
    Added,
    Removed,
}

/// A section with something changed.
#[derive(Debug, Serialize)]
pub struct SectionReview {
    pub status: SectionStatus,
    /// Its title (the old one for a removed section).
    pub title: String,
    /// Its old title, when it was renamed.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub old_title: Option<String>,
    /// In another place among the sections.
    pub moved: bool,
    /// Its blocks' minutes added up, before and after.
    pub minutes: BeforeAfter,
    /// Changes to its own fields (goal, only, except).
    pub fields: Vec<FieldChange>,
    /// Its blocks that changed, in order (a removed one where it was).
    pub blocks: Vec<BlockReview>,
    /// The variants it is in, when not every one: `only in `full``.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub variants: Option<String>,
    /// Its index in the old plan's sections.
    #[serde(skip)]
    pub old: Option<usize>,
    /// Its index in the new plan's sections.
    #[serde(skip)]
    pub new: Option<usize>,
}

impl SectionReview {
    /// Whether anything about the section changed.
    pub fn has_changes(&self) -> bool {
        self.status != SectionStatus::Kept
            || self.moved
            || !self.fields.is_empty()
            || !self.blocks.is_empty()
            || self.minutes.old != self.minutes.new
    }
}

/// What happened to a block.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum BlockStatus {
    Added,
    Removed,
    Moved,
    Changed,
    MovedAndChanged,
}

impl BlockStatus {
    /// The status in words: `moved and changed`.
    pub fn words(self) -> &'static str {
        match self {
            BlockStatus::Added => "added",
            BlockStatus::Removed => "removed",
            BlockStatus::Moved => "moved",
            BlockStatus::Changed => "changed",
            BlockStatus::MovedAndChanged => "moved and changed",
        }
    }
}

/// A block as a trainer names it: its kind and its headline.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Named {
    pub kind: &'static str,
    /// The film, the lesson's title, the first question, ….
    pub headline: String,
}

/// Where a moved block went.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Moved {
    /// The section it was in, when it was in another one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub from_section: Option<String>,
    /// The block it now follows; none when it comes first in its section.
    pub after: Option<Named>,
}

/// A block that changed.
#[derive(Debug, Serialize)]
pub struct BlockReview {
    pub status: BlockStatus,
    /// The block (its new version, or the old one when removed).
    #[serde(flatten)]
    pub name: Named,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub moved: Option<Moved>,
    /// What changed in its fields.
    pub fields: Vec<FieldChange>,
    /// The variants it is in, when not every one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub variants: Option<String>,
    /// The included file it comes from, when not the outline itself.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub file: Option<String>,
    /// Its index in the old plan's blocks.
    #[serde(skip)]
    pub old: Option<usize>,
    /// Its index in the new plan's blocks.
    #[serde(skip)]
    pub new: Option<usize>,
}

impl Review {
    /// Whether the two versions differ at all.
    pub fn has_changes(&self) -> bool {
        self.unrelated
            || !self.workshop.is_empty()
            || self.sections.iter().any(SectionReview::has_changes)
            || self.timing.iter().any(|t| t.old != t.new)
            || self.handout_pages.iter().any(|t| t.old != t.new)
    }
}

/// Compares two versions of a workshop. `pictures_differ` says whether the
/// pictures two blocks name (a still, an image) differ in their files
/// though their paths are the same.
pub fn compare(
    old: Version<'_, '_>,
    new: Version<'_, '_>,
    pictures_differ: &dyn Fn(&Spanned<Block>, &Spanned<Block>) -> bool,
) -> Review {
    let matching = match_plans(old.plan, new.plan);
    let counts = Counts {
        old: old.plan.blocks.len(),
        new: new.plan.blocks.len(),
        shared: matching.shared_blocks(),
    };
    let same_title = old.plan.outline.title.value.trim() == new.plan.outline.title.value.trim();
    let most = counts.old.max(counts.new).max(1);
    let unrelated = !same_title && (counts.shared as f64) < RELATED * most as f64;
    let mut review = Review {
        old_name: old.name.to_string(),
        new_name: new.name.to_string(),
        title: new.plan.outline.title.value.clone(),
        old_title: old.plan.outline.title.value.clone(),
        unrelated,
        blocks: counts,
        workshop: Vec::new(),
        sections: Vec::new(),
        timing: timing(old.plan.outline, new.plan.outline),
        handout_pages: Vec::new(),
    };
    if unrelated {
        return review;
    }
    review.workshop = fields::changes(
        &model(old.plan.outline),
        &model(new.plan.outline),
        &["sections"],
    );
    review.sections = sections(old, new, &matching, pictures_differ);
    review
}

/// A part of the model as written, as JSON.
fn model(part: &impl Serialize) -> Value {
    serde_json::to_value(part).unwrap_or(Value::Null)
}

/// A block's own fields as written.
fn block_fields(block: &Block) -> Value {
    match model(block) {
        Value::Object(kinds) => kinds.into_iter().next().map(|(_, v)| v).unwrap_or_default(),
        _ => Value::Null,
    }
}

/// The minutes planned for the outline, or for each variant either version declares.
fn timing(old: &Outline, new: &Outline) -> Vec<BeforeAfter> {
    let minutes = |outline: &Outline, variant: &Option<String>| -> Option<u32> {
        let declared = variant_names(outline);
        declared.contains(variant).then(|| {
            Plan::new(
                outline,
                &PlanOptions {
                    variant: variant.clone(),
                    ..PlanOptions::default()
                },
            )
            .minutes
        })
    };
    let mut variants = variant_names(old);
    for variant in variant_names(new) {
        if !variants.contains(&variant) {
            variants.push(variant);
        }
    }
    // An outline that gains its first variants: its whole is compared with each.
    let any_named = variants.iter().any(Option::is_some);
    variants.retain(|v| v.is_some() || !any_named);
    variants
        .into_iter()
        .map(|variant| BeforeAfter {
            old: minutes(old, &variant).or_else(|| minutes(old, &None)),
            new: minutes(new, &variant).or_else(|| minutes(new, &None)),
            variant,
        })
        .collect()
}

/// The variants a section or block is in, in words, when not every one
/// the outline declares.
fn variants_words(outline: &Outline, section: &Section, block: Option<&Block>) -> Option<String> {
    let declared: Vec<String> = variant_names(outline).into_iter().flatten().collect();
    if declared.is_empty() {
        return None;
    }
    let within: Vec<&String> = declared
        .iter()
        .filter(|name| {
            section.variants().includes(name)
                && block.is_none_or(|b| b.common().variants.includes(name))
        })
        .collect();
    if within.len() == declared.len() {
        return None;
    }
    if within.is_empty() {
        return Some("in no variant".to_string());
    }
    let names: Vec<String> = within.iter().map(|n| format!("`{n}`")).collect();
    Some(format!("only in {}", names.join(", ")))
}

fn named(block: &Block) -> Named {
    Named {
        kind: block.kind(),
        headline: block.headline(),
    }
}

/// A section's review being made, with its blocks and the keys that order them.
type Draft = (SectionReview, Vec<(usize, BlockReview)>);

/// The sections with a change, each with its changed blocks.
fn sections(
    old: Version<'_, '_>,
    new: Version<'_, '_>,
    matching: &Matching,
    pictures_differ: &dyn Fn(&Spanned<Block>, &Spanned<Block>) -> bool,
) -> Vec<SectionReview> {
    let (old_plan, new_plan) = (old.plan, new.plan);
    // Blocks that keep their section and their order among its blocks.
    let mut in_place = vec![false; new_plan.blocks.len()];
    for (s, partner) in matching.old_sections.iter().enumerate() {
        let Some(t) = *partner else { continue };
        let pairs: Vec<(usize, usize)> = old_plan.sections[s]
            .blocks
            .clone()
            .filter_map(|i| matching.old_blocks[i].map(|j| (i, j)))
            .filter(|&(_, j)| new_plan.blocks[j].section == t)
            .collect();
        let places: Vec<usize> = pairs.iter().map(|&(_, j)| j).collect();
        for (&(_, j), kept) in pairs.iter().zip(matching::in_order(&places)) {
            in_place[j] = kept;
        }
    }
    let sections_in_place = {
        let places: Vec<usize> = matching.old_sections.iter().flatten().copied().collect();
        let kept = matching::in_order(&places);
        let mut in_place = vec![false; new_plan.sections.len()];
        for (&t, kept) in places.iter().zip(kept) {
            in_place[t] = kept;
        }
        in_place
    };

    // Each review's blocks, with a key that orders them: 2j + 1 for the new
    // block j, 2j + 2 for a removed block after it, 2j for one before it.
    let mut reviews: Vec<Draft> = Vec::new();
    let mut review_of_new = vec![None; new_plan.sections.len()];
    let mut review_of_old = vec![None; old_plan.sections.len()];
    for (t, planned) in new_plan.sections.iter().enumerate() {
        let partner = matching.new_sections[t];
        let section = &planned.section.value;
        let (status, old_title, fields, old_minutes) = match partner {
            Some(s) => {
                let old_section = &old_plan.sections[s];
                let old_title = old_section.section.title.value.trim();
                let renamed = old_title != section.title.value.trim();
                (
                    if renamed {
                        SectionStatus::Renamed
                    } else {
                        SectionStatus::Kept
                    },
                    renamed.then(|| old_title.to_string()),
                    fields::changes(
                        &model(&old_section.section.value),
                        &model(section),
                        &["title", "blocks"],
                    ),
                    Some(old_section.end - old_section.start),
                )
            }
            None => (SectionStatus::Added, None, Vec::new(), None),
        };
        review_of_new[t] = Some(reviews.len());
        if let Some(s) = partner {
            review_of_old[s] = Some(reviews.len());
        }
        reviews.push((
            SectionReview {
                status,
                title: section.title.value.clone(),
                old_title,
                moved: partner.is_some() && !sections_in_place[t],
                minutes: BeforeAfter {
                    variant: None,
                    old: old_minutes,
                    new: Some(planned.end - planned.start),
                },
                fields,
                blocks: Vec::new(),
                variants: variants_words(new_plan.outline, section, None),
                old: partner,
                new: Some(t),
            },
            Vec::new(),
        ));
    }
    // Removed sections, after the section that followed the one before them.
    let mut removed_sections: Vec<(usize, usize)> = Vec::new();
    for (s, planned) in old_plan.sections.iter().enumerate() {
        if matching.old_sections[s].is_some() {
            continue;
        }
        let after = (0..s)
            .rev()
            .find_map(|p| matching.old_sections[p])
            .map_or(0, |t| t + 1);
        let section = &planned.section.value;
        removed_sections.push((after, reviews.len()));
        review_of_old[s] = Some(reviews.len());
        reviews.push((
            SectionReview {
                status: SectionStatus::Removed,
                title: section.title.value.clone(),
                old_title: None,
                moved: false,
                minutes: BeforeAfter {
                    variant: None,
                    old: Some(planned.end - planned.start),
                    new: None,
                },
                fields: Vec::new(),
                blocks: Vec::new(),
                variants: variants_words(old_plan.outline, section, None),
                old: Some(s),
                new: None,
            },
            Vec::new(),
        ));
    }

    // The new blocks: added, moved, changed.
    for (j, planned) in new_plan.blocks.iter().enumerate() {
        let block = planned.block;
        let section = &new_plan.sections[planned.section];
        let key = 2 * j + 1;
        let file = shown_file(new.file, block.span.file);
        let variants = variants_words(new_plan.outline, &section.section.value, Some(&block.value));
        let target = review_of_new[planned.section];
        let Some(i) = matching.new_blocks[j] else {
            push_block(
                &mut reviews,
                target,
                key,
                BlockReview {
                    status: BlockStatus::Added,
                    name: named(&block.value),
                    moved: None,
                    fields: Vec::new(),
                    variants,
                    file,
                    old: None,
                    new: Some(j),
                },
            );
            continue;
        };
        let old_block = old_plan.blocks[i].block;
        let mut changes = fields::changes(
            &block_fields(&old_block.value),
            &block_fields(&block.value),
            &[],
        );
        if let Some(picture) = picture_field(&block.value)
            && !changes
                .iter()
                .any(|c| c.field == format!("`{}`", picture.0))
            && pictures_differ(old_block, block)
        {
            changes.push(FieldChange {
                field: format!("`{}`", picture.0),
                item: None,
                part: None,
                change: Edit::Replaced,
                old: Some(picture.1.to_string()),
                new: Some(picture.1.to_string()),
            });
        }
        let moved = (!in_place[j]).then(|| {
            let old_section = old_plan.blocks[i].section;
            let from_section = (matching.old_sections[old_section] != Some(planned.section))
                .then(|| old_plan.sections[old_section].section.title.value.clone());
            let after =
                (section.blocks.start < j).then(|| named(&new_plan.blocks[j - 1].block.value));
            Moved {
                from_section,
                after,
            }
        });
        let status = match (moved.is_some(), changes.is_empty()) {
            (false, true) => continue,
            (true, true) => BlockStatus::Moved,
            (false, false) => BlockStatus::Changed,
            (true, false) => BlockStatus::MovedAndChanged,
        };
        push_block(
            &mut reviews,
            target,
            key,
            BlockReview {
                status,
                name: named(&block.value),
                moved,
                fields: changes,
                variants,
                file,
                old: Some(i),
                new: Some(j),
            },
        );
    }
    // The removed blocks, where they stood: after the block that now
    // stands for the one before them in their section.
    for (i, planned) in old_plan.blocks.iter().enumerate() {
        if matching.old_blocks[i].is_some() {
            continue;
        }
        let section = &old_plan.sections[planned.section];
        let key = match matching.old_sections[planned.section] {
            Some(t) => (section.blocks.start..i)
                .rev()
                .filter_map(|p| matching.old_blocks[p])
                .find(|&j| new_plan.blocks[j].section == t)
                .map_or(2 * new_plan.sections[t].blocks.start, |j| 2 * j + 2),
            None => 2 * i,
        };
        let block = planned.block;
        push_block(
            &mut reviews,
            review_of_old[planned.section],
            key,
            BlockReview {
                status: BlockStatus::Removed,
                name: named(&block.value),
                moved: None,
                fields: Vec::new(),
                variants: variants_words(
                    old_plan.outline,
                    &section.section.value,
                    Some(&block.value),
                ),
                file: shown_file(old.file, block.span.file),
                old: Some(i),
                new: None,
            },
        );
    }

    let mut order: Vec<usize> = (0..new_plan.sections.len())
        .filter_map(|t| review_of_new[t])
        .collect();
    for (after, index) in removed_sections.into_iter().rev() {
        let at = order
            .iter()
            .position(|&r| reviews[r].0.new.is_some_and(|t| t >= after))
            .unwrap_or(order.len());
        order.insert(at, index);
    }
    let mut slots: Vec<Option<Draft>> = reviews.into_iter().map(Some).collect();
    order
        .into_iter()
        .filter_map(|index| slots[index].take())
        .map(|(mut review, mut blocks)| {
            blocks.sort_by_key(|(key, _)| *key);
            review.blocks = blocks.into_iter().map(|(_, b)| b).collect();
            review
        })
        .filter(SectionReview::has_changes)
        .collect()
}

fn push_block(reviews: &mut [Draft], target: Option<usize>, key: usize, block: BlockReview) {
    if let Some((_, blocks)) = target.and_then(|t| reviews.get_mut(t)) {
        blocks.push((key, block));
    }
}

/// The field naming a block's picture, and the path written there.
fn picture_field(block: &Block) -> Option<(&'static str, &str)> {
    match block {
        Block::Scene(scene) => scene.still.as_ref().map(|s| ("still", s.value.as_str())),
        Block::Image(image) => Some(("src", image.src.value.as_str())),
        _ => None,
    }
}

/// The name of the file a block was written in, when it is not the
/// outline: `_library/scenes/x.yaml` for `decks/../_library/scenes/x.yaml`.
fn shown_file(outline: FileId, file: FileId) -> Option<String> {
    if file == outline || file == FileId::NONE {
        return None;
    }
    let name = diag::source(file)?.name.clone();
    let mut parts: Vec<&str> = Vec::new();
    for part in name.split('/') {
        match part {
            ".." if parts.last().is_some_and(|p| *p != "..") => {
                parts.pop();
            }
            "." => {}
            _ => parts.push(part),
        }
    }
    Some(parts.join("/"))
}
