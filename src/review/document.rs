//! The data of the review PDF (`/review.json`, beside the new version's
//! `/data.json`): the summary for its cover, then each changed block or
//! section in both versions, as the deck's own data with the words that
//! differ marked (`changed` runs), for the deck's slide functions to draw.

use std::collections::HashMap;

use serde::Serialize;
use serde_json::Value;

use super::summary::{self, Line, Style};
use super::words::mark_values;
use super::{BlockReview, BlockStatus, Review, SectionStatus};
use crate::plan::{Audience, Files, PictureFile, Plan, VideoFile, document_data};

/// What `review.typ` reads from `/review.json`.
#[derive(Debug, Serialize)]
pub struct ReviewData {
    /// The old version as the user named it: `main:decks/x.yaml`.
    pub old_name: String,
    /// The new version as the user named it.
    pub new_name: String,
    /// The summary, line by line, for the cover.
    pub cover: Vec<CoverLine>,
    /// Each changed block or section with its two versions, in the
    /// summary's order.
    pub pages: Vec<ReviewPage>,
}

/// One line of the summary.
#[derive(Debug, Serialize)]
pub struct CoverLine {
    /// `title`, `section` (a section's heading), `item` (a change),
    /// `detail` (a part of a change) or `plain`.
    pub kind: &'static str,
    /// For an item: `added`, `removed`, `moved`, `changed`, `moved and changed`.
    pub status: Option<&'static str>,
    /// The words; field names are between backticks (`clip`).
    pub text: String,
}

/// A changed block or section, to draw old beside new.
#[derive(Debug, Serialize)]
pub struct ReviewPage {
    /// `added`, `removed`, `changed`, `moved and changed` or `renamed`.
    pub status: &'static str,
    /// `block`: `old` and `new` are a block's data (`BlockData`), drawn with
    /// `block-slides`; `section`: a section's (`SectionData`), drawn with
    /// `divider-slide`.
    pub what: &'static str,
    /// `scene “Pretty Woman”`, `section “Respect first”`.
    pub title: String,
    /// The section it is in (its new title).
    pub section: String,
    /// What changed, one line each, as in the summary.
    pub changes: Vec<String>,
    /// The old version; none for something new.
    pub old: Option<Value>,
    /// The new version; none for something removed.
    pub new: Option<Value>,
    /// Plain text fields (no runs to mark) that differ, as dotted paths
    /// into `old` and `new`: `clip.start`, `director`.
    pub changed_fields: Vec<String>,
    /// What only the guide shows that changed (speaker notes, hints,
    /// briefs), old and new with the words that differ marked: drawn on a
    /// page of its own, as the guide has them.
    pub guide: Vec<GuideText>,
}

/// One text of the guide's that changed: the block's speaker notes, a
/// question's hint, a role's brief.
#[derive(Debug, Serialize)]
pub struct GuideText {
    /// What it is: `speaker notes`, `hint of question 2`, `brief of Vivian`.
    pub label: String,
    /// The old version's runs; none when it had none.
    pub old: Value,
    /// The new version's runs; none when it has none.
    pub new: Value,
}

/// The review's data: `old` and `new` are the plans compared (the whole
/// outline), each with a way to find its prepared pictures.
pub fn review_data(
    review: &Review,
    old: &Plan<'_>,
    new: &Plan<'_>,
    old_pictures: &dyn Fn(&str) -> Option<PictureFile>,
    new_pictures: &dyn Fn(&str) -> Option<PictureFile>,
) -> ReviewData {
    let old_parts = Parts::of(old, old_pictures);
    let new_parts = Parts::of(new, new_pictures);
    let mut pages = Vec::new();
    for section in &review.sections {
        let old_section = section.old.and_then(|s| old_parts.section(s));
        let new_section = section.new.and_then(|t| new_parts.section(t));
        let divider_status = match section.status {
            SectionStatus::Renamed => Some("renamed"),
            SectionStatus::Added => Some("added"),
            SectionStatus::Removed => Some("removed"),
            SectionStatus::Kept => None,
        };
        if let Some(status) = divider_status {
            pages.push(page(
                status,
                "section",
                format!("section “{}”", section.title),
                section.title.clone(),
                summary::section_details_in_text(section),
                old_section,
                new_section,
            ));
        }
        let mut blocks = section.blocks.iter().peekable();
        while let Some(block) = blocks.next() {
            // A block moved and otherwise the same looks the same: the
            // summary says where it went.
            if block.status == BlockStatus::Moved {
                continue;
            }
            // A block removed where another is added, or the other way
            // round, was replaced in place: one page, old beside new.
            if let Some(other) = blocks.next_if(|next| replaces(block, next)) {
                let pair = if block.status == BlockStatus::Removed {
                    (block, other)
                } else {
                    (other, block)
                };
                pages.push(replaced_page(&section.title, pair, &old_parts, &new_parts));
                continue;
            }
            let mut shown = page(
                block.status.words(),
                "block",
                summary::name_in_text(&block.name),
                section.title.clone(),
                summary::details_in_text(block),
                block.old.and_then(|i| old_parts.block(i)),
                block.new.and_then(|j| new_parts.block(j)),
            );
            if let (Some(i), Some(j)) = (block.old, block.new) {
                shown.guide = guide_texts(old_parts.guide_block(i), new_parts.guide_block(j));
            }
            pages.push(shown);
        }
    }
    ReviewData {
        old_name: review.old_name.clone(),
        new_name: review.new_name.clone(),
        cover: cover(review),
        pages,
    }
}

/// The page of a block `removed` where another is `added`: old beside new.
fn replaced_page(
    section_title: &str,
    (removed, added): (&BlockReview, &BlockReview),
    old_parts: &Parts,
    new_parts: &Parts,
) -> ReviewPage {
    page(
        "replaced",
        "block",
        format!(
            "{} → {}",
            summary::name_in_text(&removed.name),
            summary::name_in_text(&added.name)
        ),
        section_title.to_string(),
        Vec::new(),
        removed.old.and_then(|i| old_parts.block(i)),
        added.new.and_then(|j| new_parts.block(j)),
    )
}

/// Whether `next`, beside `block` in its section's changes, is added where
/// `block` is removed (or the other way round): a replacement in place.
fn replaces(block: &BlockReview, next: &BlockReview) -> bool {
    matches!(
        (block.status, next.status),
        (BlockStatus::Removed, BlockStatus::Added) | (BlockStatus::Added, BlockStatus::Removed)
    )
}

/// The texts only the guide shows (speaker notes, hints, briefs) that
/// differ between a block's two versions of the guide's data, marked.
fn guide_texts(old: Option<Value>, new: Option<Value>) -> Vec<GuideText> {
    let (Some(old), Some(new)) = (old, new) else {
        return Vec::new();
    };
    let mut found = Vec::new();
    let mut compare = |label: String, old: &Value, new: &Value| {
        if old != new {
            let (mut old, mut new) = (old.clone(), new.clone());
            mark_values(&mut old, &mut new);
            found.push(GuideText { label, old, new });
        }
    };
    compare("speaker notes".to_string(), &old["notes"], &new["notes"]);
    for (list, words) in [("questions", "question"), ("debrief", "debrief question")] {
        let (old_items, new_items) = (items(&old[list]), items(&new[list]));
        for k in 0..old_items.len().max(new_items.len()) {
            let (before, after) = (item(old_items, k), item(new_items, k));
            compare(
                format!("hint of {words} {}", k + 1),
                &before["hint"],
                &after["hint"],
            );
        }
    }
    let (old_roles, new_roles) = (items(&old["roles"]), items(&new["roles"]));
    for k in 0..old_roles.len().max(new_roles.len()) {
        let (before, after) = (item(old_roles, k), item(new_roles, k));
        let role = if after.is_null() { before } else { after };
        compare(
            format!("brief of {}", plain_text(&role["name"])),
            &before["brief"],
            &after["brief"],
        );
    }
    found
}

/// The items of a list in a block's data (none when it has no such list).
fn items(list: &Value) -> &[Value] {
    list.as_array().map_or(&[], Vec::as_slice)
}

/// Item `k` of a list, or null past its end.
fn item(items: &[Value], k: usize) -> &Value {
    items.get(k).unwrap_or(&Value::Null)
}

/// Styled runs' text without the styling.
fn plain_text(runs: &Value) -> String {
    items(runs)
        .iter()
        .filter_map(|run| run["text"].as_str())
        .collect()
}

/// A page's data, the words that differ marked when it has both versions.
fn page(
    status: &'static str,
    what: &'static str,
    title: String,
    section: String,
    changes: Vec<String>,
    mut old: Option<Value>,
    mut new: Option<Value>,
) -> ReviewPage {
    let changed_fields = match (&mut old, &mut new) {
        (Some(old), Some(new)) => mark_values(old, new),
        _ => Vec::new(),
    };
    ReviewPage {
        status,
        what,
        title,
        section,
        changes,
        old,
        new,
        changed_fields,
        guide: Vec::new(),
    }
}

/// The summary's lines for the cover.
fn cover(review: &Review) -> Vec<CoverLine> {
    let line = |kind, status, text: &str| CoverLine {
        kind,
        status,
        text: text.to_string(),
    };
    let mut found = Vec::new();
    for written in summary::lines(review, Style::Text) {
        match written {
            Line::Heading(2, text) => found.push(line("title", None, &text)),
            Line::Heading(_, text) => found.push(line("section", None, &text)),
            Line::Item {
                depth: 0,
                status,
                text,
            } => found.push(line("item", status, &text)),
            Line::Item { status, text, .. } => found.push(line("detail", status, &text)),
            Line::Plain(text) => found.push(line("plain", None, &text)),
            Line::Table(rows) => found.extend(rows.iter().map(|[what, before, after]| {
                line("plain", None, &format!("{what}: {before} → {after}"))
            })),
        }
    }
    found
}

/// A version's sections and blocks as the slides' data, by index in its plan.
struct Parts {
    /// Each section without its blocks (a divider slide shows none).
    sections: Vec<Value>,
    blocks: HashMap<String, Value>,
    /// The blocks as the guide's data, with their notes and hints.
    guide_blocks: HashMap<String, Value>,
    /// The id of each block of the plan.
    ids: Vec<String>,
}

impl Parts {
    fn of(plan: &Plan<'_>, pictures: &dyn Fn(&str) -> Option<PictureFile>) -> Parts {
        // The films are not at hand: a scene with one gets its play badge
        // with the clip's length (none without a clip), and the review
        // draws no link.
        let files = Files {
            pictures,
            videos: &|written, _| {
                Some(VideoFile {
                    path: written.value.clone(),
                    length: None,
                    aspect: None,
                    found: true,
                    cut: false,
                })
            },
        };
        let mut data = serde_json::to_value(document_data(plan, Audience::Room, &files))
            .unwrap_or(Value::Null);
        unknown_film_lengths(&mut data);
        let guide = serde_json::to_value(document_data(plan, Audience::Facilitator, &files))
            .unwrap_or(Value::Null);
        let mut guide_blocks = HashMap::new();
        for section in guide["sections"].as_array().into_iter().flatten() {
            for block in section["blocks"].as_array().into_iter().flatten() {
                if let Some(id) = block["id"].as_str() {
                    guide_blocks.insert(id.to_string(), block.clone());
                }
            }
        }
        let mut sections = Vec::new();
        let mut blocks = HashMap::new();
        for section in data["sections"].as_array().into_iter().flatten() {
            for block in section["blocks"].as_array().into_iter().flatten() {
                if let Some(id) = block["id"].as_str() {
                    blocks.insert(id.to_string(), block.clone());
                }
            }
            let mut section = section.clone();
            if let Some(fields) = section.as_object_mut() {
                fields.remove("blocks");
            }
            sections.push(section);
        }
        let ids = plan.blocks.iter().map(|b| b.id.to_string()).collect();
        Parts {
            sections,
            blocks,
            guide_blocks,
            ids,
        }
    }

    /// The block at `index` in the plan, as the guide's data.
    fn guide_block(&self, index: usize) -> Option<Value> {
        self.guide_blocks.get(self.ids.get(index)?).cloned()
    }

    fn section(&self, index: usize) -> Option<Value> {
        self.sections.get(index).cloned()
    }

    /// The block at `index` in the plan.
    fn block(&self, index: usize) -> Option<Value> {
        self.blocks.get(self.ids.get(index)?).cloned()
    }
}

/// A scene's play badge without a clip would give the film's length, which
/// the review does not know: it shows the play symbol alone.
fn unknown_film_lengths(data: &mut Value) {
    for section in data["sections"].as_array_mut().into_iter().flatten() {
        for block in section["blocks"].as_array_mut().into_iter().flatten() {
            if block["clip"].is_null()
                && let Some(video) = block.get_mut("video").and_then(Value::as_object_mut)
            {
                video.insert("plays".into(), Value::String(String::new()));
            }
        }
    }
}
