//! The review in a trainer's words, section by section: Markdown for a
//! pull-request comment, or plain text for a terminal.

use std::fmt::Write as _;

use super::{
    BeforeAfter, BlockReview, Edit, FieldChange, Moved, Named, Review, SectionReview, SectionStatus,
};
use crate::outline::Minutes;

/// How the summary is written.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Style {
    /// For a pull-request comment: headings, a table, bold statuses.
    Markdown,
    /// For a terminal: the same lines, no markup.
    Text,
}

/// Longer values are shown by the part that changed.
const LONG: usize = 90;
/// Headlines are cut to about this many characters.
const HEADLINE: usize = 60;

/// One line of the summary, before it is written in a style.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Line {
    /// A heading: 2 for the workshop, 3 for a section.
    Heading(usize, String),
    /// A list item, `depth` levels in, opening with its status when it has one.
    Item {
        depth: usize,
        status: Option<&'static str>,
        text: String,
    },
    /// A line of its own.
    Plain(String),
    /// Rows of what, before and after.
    Table(Vec<[String; 3]>),
}

/// The summary of `review`, ending with a newline.
pub fn summary(review: &Review, style: Style) -> String {
    write(&lines(review, style), style)
}

/// The summary's lines, their text written for `style`.
pub fn lines(review: &Review, style: Style) -> Vec<Line> {
    let w = Writer { style };
    let mut out = Vec::new();
    if review.unrelated {
        out.push(Line::Heading(2, "Two different workshops".into()));
        out.push(Line::Plain(format!(
            "{} ({}, {}) and {} ({}, {}) share {}: they look like two different workshops, so they are not compared block by block.",
            w.code(&review.old_name),
            w.quoted(&review.old_title),
            count(review.blocks.old, "block"),
            w.code(&review.new_name),
            w.quoted(&review.title),
            count(review.blocks.new, "block"),
            match review.blocks.shared {
                0 => "no block".to_string(),
                n => count(n, "block"),
            },
        )));
        return out;
    }
    out.push(Line::Heading(2, w.text(&review.title)));
    out.push(Line::Plain(format!(
        "{} → {}",
        w.code(&review.old_name),
        w.code(&review.new_name)
    )));
    if !review.has_changes() {
        out.push(Line::Plain("No changes.".into()));
        return out;
    }
    out.push(Line::Table(totals(review)));
    for change in &review.workshop {
        out.push(Line::Item {
            depth: 0,
            status: Some("changed"),
            text: field_words(&w, change),
        });
    }
    for section in review.sections.iter().filter(|s| s.has_changes()) {
        section_lines(&w, section, &mut out);
    }
    out
}

/// Lines written out in `style`, with an empty line between groups.
fn write(lines: &[Line], style: Style) -> String {
    let markdown = style == Style::Markdown;
    let mut out = String::new();
    let mut previous: Option<&Line> = None;
    for line in lines {
        let apart = match (previous, line) {
            (None, _) => false,
            (Some(_), Line::Heading(..)) => true,
            (Some(Line::Heading(..)), _) => markdown,
            (Some(Line::Item { .. }), Line::Item { .. }) => false,
            (Some(Line::Plain(_)), Line::Plain(_)) => false,
            _ => true,
        };
        if apart {
            out.push('\n');
        }
        match line {
            Line::Heading(level, title) if markdown => {
                let _ = writeln!(out, "{} {title}", "#".repeat(*level));
            }
            Line::Heading(_, title) | Line::Plain(title) => {
                let _ = writeln!(out, "{title}");
            }
            Line::Item {
                depth,
                status,
                text,
            } => {
                let status = match status {
                    Some(words) if markdown => format!("**{words}** "),
                    Some(words) => format!("{words} "),
                    None => String::new(),
                };
                if markdown {
                    let _ = writeln!(out, "{}- {status}{text}", "  ".repeat(*depth));
                } else {
                    let _ = writeln!(out, "{}{status}{text}", "  ".repeat(depth + 1));
                }
            }
            Line::Table(rows) if markdown => {
                out.push_str("| | before | after |\n| --- | --- | --- |\n");
                for [what, before, after] in rows {
                    let _ = writeln!(out, "| {what} | {before} | {after} |");
                }
            }
            Line::Table(rows) => {
                for [what, before, after] in rows {
                    let _ = writeln!(out, "{what}: {before} → {after}");
                }
            }
        }
        previous = Some(line);
    }
    out
}

/// The totals: time and handout pages, before and after.
fn totals(review: &Review) -> Vec<[String; 3]> {
    let mut rows = Vec::new();
    for timing in &review.timing {
        let what = match &timing.variant {
            Some(variant) => format!("time, `{variant}`"),
            None => "time".to_string(),
        };
        rows.push([
            what,
            timing.old.map_or("-".into(), minutes),
            after(timing, minutes, |d| Minutes(d).to_string()),
        ]);
    }
    for pages in &review.handout_pages {
        let what = match &pages.variant {
            Some(variant) => format!("handout, `{variant}`"),
            None => "handout".to_string(),
        };
        let in_pages = |n: u32| count(n as usize, "page");
        rows.push([
            what,
            pages.old.map_or("-".into(), in_pages),
            after(pages, in_pages, |d| count(d as usize, "page")),
        ]);
    }
    rows
}

/// The new value with how far it moved: `3 h 04 min (+4 min)`.
fn after(
    timing: &BeforeAfter,
    value: impl Fn(u32) -> String,
    delta: impl Fn(u32) -> String,
) -> String {
    let Some(new) = timing.new else {
        return "-".into();
    };
    match timing.old {
        Some(old) if new > old => format!("{} (+{})", value(new), delta(new - old)),
        Some(old) if new < old => format!("{} (-{})", value(new), delta(old - new)),
        Some(_) => format!("{} (same)", value(new)),
        None => value(new),
    }
}

fn minutes(m: u32) -> String {
    Minutes(m).to_string()
}

fn count(n: usize, noun: &str) -> String {
    if n == 1 {
        format!("1 {noun}")
    } else {
        format!("{n} {noun}s")
    }
}

fn section_lines(w: &Writer, section: &SectionReview, out: &mut Vec<Line>) {
    let mut title = w.text(&section.title);
    match section.status {
        SectionStatus::Renamed => {
            let old = section.old_title.as_deref().unwrap_or_default();
            let _ = write!(title, " (renamed from {})", w.quoted(old));
        }
        SectionStatus::Added => title.push_str(" (new section)"),
        SectionStatus::Removed => title.push_str(" (removed)"),
        SectionStatus::Kept => {}
    }
    if section.moved {
        title.push_str(" (moved)");
    }
    if let Some(variants) = &section.variants {
        let _ = write!(title, " ({variants})");
    }
    out.push(Line::Heading(3, title));
    for change in &section.fields {
        out.push(Line::Item {
            depth: 0,
            status: Some("changed"),
            text: field_words(w, change),
        });
    }
    for block in &section.blocks {
        block_lines(w, block, out);
    }
    if section.minutes.old != section.minutes.new
        && let (Some(old), Some(_)) = (section.minutes.old, section.minutes.new)
    {
        out.push(Line::Plain(format!(
            "Time: {} → {}",
            minutes(old),
            after(&section.minutes, minutes, |d| Minutes(d).to_string())
        )));
    }
}

fn block_lines(w: &Writer, block: &BlockReview, out: &mut Vec<Line>) {
    let mut line = w.name(&block.name);
    if let Some(variants) = &block.variants {
        let _ = write!(line, " ({variants})");
    }
    if let Some(file) = &block.file {
        let _ = write!(line, " (in {})", w.code(file));
    }
    let mut details = block_details(w, block);
    let status = Some(block.status.words());
    if details.len() == 1 {
        let _ = write!(line, ": {}", details[0]);
        details.clear();
    }
    out.push(Line::Item {
        depth: 0,
        status,
        text: line,
    });
    for detail in details {
        out.push(Line::Item {
            depth: 1,
            status: None,
            text: detail,
        });
    }
}

/// What changed in a block, one line a change, its move first.
fn block_details(w: &Writer, block: &BlockReview) -> Vec<String> {
    let mut details: Vec<String> = Vec::new();
    if let Some(moved) = &block.moved {
        details.push(moved_words(w, moved));
    }
    details.extend(block.fields.iter().map(|f| field_words(w, f)));
    details
}

/// What changed in a block, in plain text, for the review's pages.
pub(super) fn details_in_text(block: &BlockReview) -> Vec<String> {
    block_details(&Writer { style: Style::Text }, block)
}

/// A block's name in plain text: `scene “Pretty Woman”`.
pub(super) fn name_in_text(named: &Named) -> String {
    Writer { style: Style::Text }.name(named)
}

/// A section's changes in plain text, for the review's pages.
pub(super) fn section_details_in_text(section: &SectionReview) -> Vec<String> {
    let w = Writer { style: Style::Text };
    let mut details = Vec::new();
    if let Some(old) = &section.old_title {
        details.push(format!(
            "`title`: {} → {}",
            w.quoted(old),
            w.quoted(&section.title)
        ));
    }
    details.extend(section.fields.iter().map(|f| field_words(&w, f)));
    if let (Some(old), Some(_)) = (section.minutes.old, section.minutes.new)
        && section.minutes.old != section.minutes.new
    {
        details.push(format!(
            "time: {} → {}",
            minutes(old),
            after(&section.minutes, minutes, |d| Minutes(d).to_string())
        ));
    }
    details
}

fn moved_words(w: &Writer, moved: &Moved) -> String {
    let place = match &moved.after {
        Some(before) => format!("now after {}", w.name(before)),
        None => "now first in the section".to_string(),
    };
    match &moved.from_section {
        Some(section) => format!("from {}, {place}", w.quoted(section)),
        None => place,
    }
}

/// One field's change in words.
fn field_words(w: &Writer, change: &FieldChange) -> String {
    let (old, new) = shown_values(w, change.old.as_deref(), change.new.as_deref());
    let Some(item) = change.item else {
        let field = format!("`{}`", change.field);
        return match change.change {
            Edit::Changed | Edit::Moved => format!("{field}: {old} → {new}"),
            Edit::Added => format!("{field} added: {new}"),
            Edit::Removed => format!("{field} removed (was {old})"),
            Edit::Replaced => format!("{field} {new}: another picture in the same file"),
        };
    };
    let noun = &super::fields::item_noun(&change.field);
    let number = |n: Option<usize>| n.map(|n| n.to_string()).unwrap_or_default();
    let (was, now) = (number(item.old), number(item.new));
    // A named item (a role, a variant) by its name rather than its number.
    let (was, now) = match &change.name {
        Some(name) if change.change != Edit::Moved => {
            let named = w.quoted(name);
            (named.clone(), named)
        }
        _ => (was, now),
    };
    if let Some(part) = &change.part {
        let whose = format!("`{part}` of {noun} {now}");
        return match change.change {
            Edit::Added => format!("{whose} added: {new}"),
            Edit::Removed => format!("{whose} removed (was {old})"),
            _ => format!("{whose}: {old} → {new}"),
        };
    }
    let named = change.name.is_some();
    match change.change {
        Edit::Changed | Edit::Replaced => format!("{noun} {now} reworded: {old} → {new}"),
        Edit::Added if named => format!("{noun} {now} added"),
        Edit::Added => format!("{noun} {now} added: {new}"),
        Edit::Removed if named => format!("{noun} {was} removed"),
        Edit::Removed => format!("{noun} {was} removed: {old}"),
        Edit::Moved => format!("{noun} {was} is now {noun} {now}: {new}"),
    }
}

/// Two values as shown: quoted when they are text; when long, the part
/// that differs with a few words around it.
fn shown_values(w: &Writer, old: Option<&str>, new: Option<&str>) -> (String, String) {
    let (old, new) = (old.unwrap_or_default(), new.unwrap_or_default());
    if old.chars().count() <= LONG && new.chars().count() <= LONG {
        return (w.value(old), w.value(new));
    }
    let old_words: Vec<&str> = old.split_whitespace().collect();
    let new_words: Vec<&str> = new.split_whitespace().collect();
    let start = old_words
        .iter()
        .zip(&new_words)
        .take_while(|(a, b)| a == b)
        .count();
    let end = old_words[start..]
        .iter()
        .rev()
        .zip(new_words[start..].iter().rev())
        .take_while(|(a, b)| a == b)
        .count();
    const CONTEXT: usize = 3;
    let excerpt = |words: &[&str]| {
        let from = start.saturating_sub(CONTEXT);
        let to = (words.len() - end + CONTEXT).min(words.len());
        let mut text = words[from..to].join(" ");
        if text.chars().count() > 2 * LONG {
            text = text.chars().take(2 * LONG).collect::<String>() + "…";
        }
        if words.is_empty() {
            return String::new();
        }
        let lead = if from > 0 { "…" } else { "" };
        let tail = if to < words.len() { "…" } else { "" };
        format!("{lead}{text}{tail}")
    };
    (w.value(&excerpt(&old_words)), w.value(&excerpt(&new_words)))
}

/// Text cut to about `limit` characters at a word, with `…`.
fn shortened(text: &str, limit: usize) -> String {
    let line = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if line.chars().count() <= limit {
        return line;
    }
    let cut: String = line.chars().take(limit).collect();
    let cut = cut.rsplit_once(' ').map_or(cut.as_str(), |(head, _)| head);
    format!("{}…", cut.trim_end())
}

/// Writes in one style.
struct Writer {
    style: Style,
}

impl Writer {
    fn markdown(&self) -> bool {
        self.style == Style::Markdown
    }

    /// A file or revision name: `main:decks/x.yaml`.
    fn code(&self, name: &str) -> String {
        if self.markdown() {
            format!("`{}`", name.replace('`', "'"))
        } else {
            name.to_string()
        }
    }

    /// `scene “Pretty Woman”`, a break without a title as `break`.
    fn name(&self, named: &Named) -> String {
        if named.headline.trim().is_empty() {
            return named.kind.to_string();
        }
        format!(
            "{} {}",
            named.kind,
            self.quoted(&shortened(&named.headline, HEADLINE))
        )
    }

    fn quoted(&self, text: &str) -> String {
        format!("“{}”", self.text(text))
    }

    /// A value as written: quoted when it is words, as it is when it is a
    /// single token (`0:34:00-0:36:10`, `7`).
    fn value(&self, text: &str) -> String {
        if text.is_empty() {
            "(none)".to_string()
        } else if text.contains(char::is_whitespace) {
            self.quoted(text)
        } else {
            self.text(text)
        }
    }

    /// The trainer's text, on one line; in Markdown with the characters
    /// that would be read as markup escaped, so that it shows as written.
    fn text(&self, text: &str) -> String {
        let line = text.split_whitespace().collect::<Vec<_>>().join(" ");
        if !self.markdown() {
            return line;
        }
        let mut escaped = String::with_capacity(line.len());
        for c in line.chars() {
            if matches!(
                c,
                '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '|' | '~' | '#' | '!'
            ) {
                escaped.push('\\');
            }
            escaped.push(c);
        }
        escaped
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Proves: a long text is shown by the words that changed, with a few around them.
    #[test]
    fn long_values_show_the_part_that_changed() {
        let w = Writer { style: Style::Text };
        let old = "A young woman with money to spend walks into an upmarket boutique. The staff decide, at a glance, that she does not belong there.";
        let new = "A young woman with money to spend walks into an upmarket boutique. The staff decide, in a second, that she does not belong there.";
        let (old, new) = shown_values(&w, Some(old), Some(new));
        assert_eq!(old, "“…The staff decide, at a glance, that she does…”");
        assert_eq!(new, "“…The staff decide, in a second, that she does…”");
    }

    /// Proves: the trainer's text cannot turn into Markdown markup.
    #[test]
    fn markup_in_text_is_escaped() {
        let w = Writer {
            style: Style::Markdown,
        };
        assert_eq!(
            w.text("Ask *before* | [x](y)"),
            "Ask \\*before\\* \\| \\[x\\](y)"
        );
    }
}
