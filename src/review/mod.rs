//! What changed between two versions of a workshop, as a trainer sees it:
//! blocks added, removed, moved and changed, sections renamed, the timing.
//!
//! It reads two [`Plan`]s, so that includes are already spliced in and a
//! variant's blocks are known. Blocks are matched by kind and content
//! (`matching.rs`), not by place; the fields of a matched pair are compared
//! as written (`fields.rs`); `summary.rs` puts it in words, and `document.rs`
//! makes the data of the review PDF, whose changed words `words.rs` marks.

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

/// The sections with a change, each with its changed blocks, in reading
/// order: the new version's, a removed section or block where it stood.
fn sections(
    old: Version<'_, '_>,
    new: Version<'_, '_>,
    matching: &Matching,
    pictures_differ: &dyn Fn(&Spanned<Block>, &Spanned<Block>) -> bool,
) -> Vec<SectionReview> {
    let (old_plan, new_plan) = (old.plan, new.plan);
    let blocks_in_place = blocks_in_place(old_plan, new_plan, matching);
    let sections_in_place = sections_in_place(matching, new_plan.sections.len());

    // One draft per section of either version; its blocks carry a key that
    // orders them: 2j + 1 for the new block j, 2j + 2 for a removed block
    // after it, 2j for one before it.
    let mut drafts: Vec<Draft> = Vec::new();
    let mut draft_of_new = vec![None; new_plan.sections.len()];
    let mut draft_of_old = vec![None; old_plan.sections.len()];
    for t in 0..new_plan.sections.len() {
        let partner = matching.new_sections[t];
        draft_of_new[t] = Some(drafts.len());
        if let Some(s) = partner {
            draft_of_old[s] = Some(drafts.len());
        }
        let moved = partner.is_some() && !sections_in_place[t];
        drafts.push((
            kept_section(old_plan, new_plan, partner, t, moved),
            Vec::new(),
        ));
    }
    // Removed sections go after the new section that stands for the one before them.
    let mut removed_sections: Vec<(usize, usize)> = Vec::new();
    for s in (0..old_plan.sections.len()).filter(|&s| matching.old_sections[s].is_none()) {
        let after = (0..s)
            .rev()
            .find_map(|p| matching.old_sections[p])
            .map_or(0, |t| t + 1);
        removed_sections.push((after, drafts.len()));
        draft_of_old[s] = Some(drafts.len());
        drafts.push((removed_section(old_plan, s), Vec::new()));
    }

    for (j, planned) in new_plan.blocks.iter().enumerate() {
        let review = match matching.new_blocks[j] {
            Some(i) => matched_block(
                old,
                new,
                matching,
                (i, j),
                blocks_in_place[j],
                pictures_differ,
            ),
            None => Some(added_or_removed(new, j, BlockStatus::Added)),
        };
        if let Some(review) = review {
            push_block(
                &mut drafts,
                draft_of_new[planned.section],
                2 * j + 1,
                review,
            );
        }
    }
    for (i, planned) in old_plan.blocks.iter().enumerate() {
        if matching.old_blocks[i].is_some() {
            continue;
        }
        let review = added_or_removed(old, i, BlockStatus::Removed);
        let key = removed_block_key(old_plan, new_plan, matching, i);
        push_block(&mut drafts, draft_of_old[planned.section], key, review);
    }

    in_reading_order(drafts, draft_of_new, removed_sections)
}

/// The block `index` of `version`, added (in the new version) or removed
/// (from the old): it has no partner to compare its fields with.
fn added_or_removed(version: Version<'_, '_>, index: usize, status: BlockStatus) -> BlockReview {
    let planned = &version.plan.blocks[index];
    let added = status == BlockStatus::Added;
    BlockReview {
        status,
        name: named(&planned.block.value),
        moved: None,
        fields: Vec::new(),
        variants: block_variants(version.plan, index),
        file: shown_file(version.file, planned.block.span.file),
        old: (!added).then_some(index),
        new: added.then_some(index),
    }
}

/// The drafts in the new version's order, each removed section after the
/// new section it followed, their blocks sorted by key; only those with a change.
fn in_reading_order(
    drafts: Vec<Draft>,
    draft_of_new: Vec<Option<usize>>,
    removed_sections: Vec<(usize, usize)>,
) -> Vec<SectionReview> {
    let mut order: Vec<usize> = draft_of_new.into_iter().flatten().collect();
    for (after, index) in removed_sections {
        let at = order
            .iter()
            .position(|&d| drafts[d].0.new.is_some_and(|t| t >= after))
            .unwrap_or(order.len());
        order.insert(at, index);
    }
    let mut slots: Vec<Option<Draft>> = drafts.into_iter().map(Some).collect();
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

/// For each new block, whether it keeps its section and its order among
/// the blocks it shares with its old section (the longest such run).
fn blocks_in_place(old: &Plan<'_>, new: &Plan<'_>, matching: &Matching) -> Vec<bool> {
    let mut in_place = vec![false; new.blocks.len()];
    for (s, partner) in matching.old_sections.iter().enumerate() {
        let Some(t) = *partner else { continue };
        let places: Vec<usize> = old.sections[s]
            .blocks
            .clone()
            .filter_map(|i| matching.old_blocks[i])
            .filter(|&j| new.blocks[j].section == t)
            .collect();
        for (&j, kept) in places.iter().zip(matching::in_order(&places)) {
            in_place[j] = kept;
        }
    }
    in_place
}

/// For each new section, whether it keeps its order among the sections of both versions.
fn sections_in_place(matching: &Matching, count: usize) -> Vec<bool> {
    let places: Vec<usize> = matching.old_sections.iter().flatten().copied().collect();
    let mut in_place = vec![false; count];
    for (&t, kept) in places.iter().zip(matching::in_order(&places)) {
        in_place[t] = kept;
    }
    in_place
}

/// The review of the new section `t`, which was the old section `partner` (or is new).
fn kept_section(
    old: &Plan<'_>,
    new: &Plan<'_>,
    partner: Option<usize>,
    t: usize,
    moved: bool,
) -> SectionReview {
    let planned = &new.sections[t];
    let section = &planned.section.value;
    let title = section.title.value.clone();
    let mut review = SectionReview {
        status: SectionStatus::Added,
        title,
        old_title: None,
        moved,
        minutes: BeforeAfter {
            variant: None,
            old: None,
            new: Some(planned.end - planned.start),
        },
        fields: Vec::new(),
        blocks: Vec::new(),
        variants: variants_words(new.outline, section, None),
        old: partner,
        new: Some(t),
    };
    if let Some(s) = partner {
        let old_section = &old.sections[s];
        let old_title = old_section.section.title.value.trim();
        let renamed = old_title != section.title.value.trim();
        review.status = if renamed {
            SectionStatus::Renamed
        } else {
            SectionStatus::Kept
        };
        review.old_title = renamed.then(|| old_title.to_string());
        review.minutes.old = Some(old_section.end - old_section.start);
        review.fields = fields::changes(
            &model(&old_section.section.value),
            &model(section),
            &["title", "blocks"],
        );
    }
    review
}

/// The review of the old section `s`, which the new version has not.
fn removed_section(old: &Plan<'_>, s: usize) -> SectionReview {
    let planned = &old.sections[s];
    let section = &planned.section.value;
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
        variants: variants_words(old.outline, section, None),
        old: Some(s),
        new: None,
    }
}

/// The review of the old block `i` become the new block `j`: none when it
/// is the same and in its place.
fn matched_block(
    old: Version<'_, '_>,
    new: Version<'_, '_>,
    matching: &Matching,
    (i, j): (usize, usize),
    in_place: bool,
    pictures_differ: &dyn Fn(&Spanned<Block>, &Spanned<Block>) -> bool,
) -> Option<BlockReview> {
    let (old_block, block) = (old.plan.blocks[i].block, new.plan.blocks[j].block);
    let mut changes = fields::changes(
        &block_fields(&old_block.value),
        &block_fields(&block.value),
        &[],
    );
    if let Some((field, path)) = picture_field(&block.value)
        && !changes.iter().any(|c| c.field == field)
        && pictures_differ(old_block, block)
    {
        changes.push(FieldChange {
            field: field.to_string(),
            item: None,
            name: None,
            part: None,
            change: Edit::Replaced,
            old: Some(path.to_string()),
            new: Some(path.to_string()),
        });
    }
    let moved = (!in_place).then(|| {
        let old_section = old.plan.blocks[i].section;
        let new_section = new.plan.blocks[j].section;
        let from_section = (matching.old_sections[old_section] != Some(new_section))
            .then(|| old.plan.sections[old_section].section.title.value.clone());
        let first = new.plan.sections[new_section].blocks.start == j;
        Moved {
            from_section,
            after: (!first).then(|| named(&new.plan.blocks[j - 1].block.value)),
        }
    });
    let status = match (moved.is_some(), changes.is_empty()) {
        (false, true) => return None,
        (true, true) => BlockStatus::Moved,
        (false, false) => BlockStatus::Changed,
        (true, false) => BlockStatus::MovedAndChanged,
    };
    Some(BlockReview {
        status,
        name: named(&block.value),
        moved,
        fields: changes,
        variants: block_variants(new.plan, j),
        file: shown_file(new.file, block.span.file),
        old: Some(i),
        new: Some(j),
    })
}

/// Where the removed old block `i` goes among the new blocks of its
/// section: after the new block that stands for the one before it.
fn removed_block_key(old: &Plan<'_>, new: &Plan<'_>, matching: &Matching, i: usize) -> usize {
    let section = &old.sections[old.blocks[i].section];
    match matching.old_sections[old.blocks[i].section] {
        Some(t) => (section.blocks.start..i)
            .rev()
            .filter_map(|p| matching.old_blocks[p])
            .find(|&j| new.blocks[j].section == t)
            .map_or(2 * new.sections[t].blocks.start, |j| 2 * j + 2),
        None => 2 * i,
    }
}

/// The variants the block at `index` of `plan` is in, in words, when not every one.
fn block_variants(plan: &Plan<'_>, index: usize) -> Option<String> {
    let planned = &plan.blocks[index];
    let section = &plan.sections[planned.section].section.value;
    variants_words(plan.outline, section, Some(&planned.block.value))
}

fn push_block(drafts: &mut [Draft], target: Option<usize>, key: usize, block: BlockReview) {
    if let Some((_, blocks)) = target.and_then(|t| drafts.get_mut(t)) {
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

#[cfg(test)]
mod tests {
    use super::*;

    fn review(old: &str, new: &str) -> Review {
        let load = |text: &str| match crate::outline::load_str("t.yaml", text).loaded {
            Some(loaded) => loaded,
            None => panic!("the outline loads"),
        };
        let (old, new) = (load(old), load(new));
        let whole = PlanOptions::default();
        let (old_plan, new_plan) = (
            Plan::new(&old.outline, &whole),
            Plan::new(&new.outline, &whole),
        );
        compare(
            Version {
                name: "old.yaml",
                plan: &old_plan,
                file: old.file,
            },
            Version {
                name: "new.yaml",
                plan: &new_plan,
                file: new.file,
            },
            &|_, _| false,
        )
    }

    /// Proves: removed sections stand where they were, in their order, and a
    /// block that went to another section says where it came from.
    #[test]
    fn removed_sections_keep_their_places_and_moves_name_their_section() {
        let old = "title: T\nsections:\n  - title: One\n    blocks:\n      - quote: {text: a}\n      - quote: {text: moving on}\n  - title: Two\n    blocks:\n      - quote: {text: b}\n  - title: Three\n    blocks:\n      - quote: {text: c}\n  - title: Four\n    blocks:\n      - quote: {text: d}\n";
        let new = "title: T\nsections:\n  - title: One\n    blocks:\n      - quote: {text: a}\n  - title: Four\n    blocks:\n      - quote: {text: d}\n      - quote: {text: moving on}\n";
        let review = review(old, new);
        let titles: Vec<(&str, SectionStatus)> = review
            .sections
            .iter()
            .map(|s| (s.title.as_str(), s.status))
            .collect();
        assert_eq!(
            titles,
            vec![
                ("Two", SectionStatus::Removed),
                ("Three", SectionStatus::Removed),
                ("Four", SectionStatus::Kept),
            ]
        );
        let moved = &review.sections[2].blocks[0];
        assert_eq!(moved.status, BlockStatus::Moved);
        assert_eq!(
            moved.moved.as_ref().and_then(|m| m.from_section.as_deref()),
            Some("One")
        );
    }
}
