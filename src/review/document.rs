//! The data of the review PDF (`/review.json`, beside the new version's
//! `/data.json`): the summary for its cover, then each changed block or
//! section in both versions, as the deck's own data with the words that
//! differ marked (`changed` runs), for the deck's slide functions to draw.

use std::collections::HashMap;

use serde::Serialize;
use serde_json::Value;

use super::summary::{self, Line, Style};
use super::words::mark_values;
use super::{BlockStatus, Review, SectionStatus};
use crate::plan::{Audience, Files, PictureFile, Plan, document_data};

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
        for block in &section.blocks {
            // A block moved and otherwise the same looks the same: the
            // summary says where it went.
            if block.status == BlockStatus::Moved {
                continue;
            }
            pages.push(page(
                block.status.words(),
                "block",
                summary::name_in_text(&block.name),
                section.title.clone(),
                summary::details_in_text(block),
                block.old.and_then(|i| old_parts.block(i)),
                block.new.and_then(|j| new_parts.block(j)),
            ));
        }
    }
    ReviewData {
        old_name: review.old_name.clone(),
        new_name: review.new_name.clone(),
        cover: cover(review),
        pages,
    }
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
    /// The id of each block of the plan.
    ids: Vec<String>,
}

impl Parts {
    fn of(plan: &Plan<'_>, pictures: &dyn Fn(&str) -> Option<PictureFile>) -> Parts {
        // Review slides show no play link: the films are not at hand.
        let files = Files {
            pictures,
            videos: &|_, _| None,
        };
        let data = serde_json::to_value(document_data(plan, Audience::Room, &files))
            .unwrap_or(Value::Null);
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
            ids,
        }
    }

    fn section(&self, index: usize) -> Option<Value> {
        self.sections.get(index).cloned()
    }

    /// The block at `index` in the plan.
    fn block(&self, index: usize) -> Option<Value> {
        self.blocks.get(self.ids.get(index)?).cloned()
    }
}
