//! Which words changed between two versions of a text: a word diff, and the
//! runs of the review's slide data marked `changed` where they differ.

use serde_json::Value;

use crate::outline::Run;

/// A word, or the white space after it, with the style of its run.
#[derive(Clone, Debug, PartialEq, Eq)]
struct Token {
    text: String,
    strong: bool,
    emph: bool,
}

impl Token {
    fn is_space(&self) -> bool {
        self.text.chars().all(char::is_whitespace)
    }
}

/// The runs cut into words and the spaces between them.
fn tokens(runs: &[Run]) -> Vec<Token> {
    let mut found = Vec::new();
    for run in runs {
        let mut current = String::new();
        let mut in_space = None;
        for c in run.text.chars() {
            let space = c.is_whitespace();
            if in_space.is_some_and(|s| s != space) {
                found.push(Token {
                    text: std::mem::take(&mut current),
                    strong: run.strong,
                    emph: run.emph,
                });
            }
            in_space = Some(space);
            current.push(c);
        }
        if !current.is_empty() {
            found.push(Token {
                text: current,
                strong: run.strong,
                emph: run.emph,
            });
        }
    }
    found
}

/// For each item of `old` and of `new`, whether it is among the longest
/// common subsequence of the two (so unchanged). The common start and end
/// are taken off first: an edit is usually a few words in a long text.
pub fn common<T: PartialEq>(old: &[T], new: &[T]) -> (Vec<bool>, Vec<bool>) {
    let mut old_kept = vec![false; old.len()];
    let mut new_kept = vec![false; new.len()];
    let start = old.iter().zip(new).take_while(|(a, b)| a == b).count();
    let end = old[start..]
        .iter()
        .rev()
        .zip(new[start..].iter().rev())
        .take_while(|(a, b)| a == b)
        .count();
    for i in 0..start {
        old_kept[i] = true;
        new_kept[i] = true;
    }
    for i in 0..end {
        old_kept[old.len() - 1 - i] = true;
        new_kept[new.len() - 1 - i] = true;
    }
    let a = &old[start..old.len() - end];
    let b = &new[start..new.len() - end];
    // lengths[i][j]: the longest common subsequence of a[i..] and b[j..].
    let width = b.len() + 1;
    let mut lengths = vec![0u32; (a.len() + 1) * width];
    for i in (0..a.len()).rev() {
        for j in (0..b.len()).rev() {
            lengths[i * width + j] = if a[i] == b[j] {
                lengths[(i + 1) * width + j + 1] + 1
            } else {
                lengths[(i + 1) * width + j].max(lengths[i * width + j + 1])
            };
        }
    }
    let (mut i, mut j) = (0, 0);
    while i < a.len() && j < b.len() {
        if a[i] == b[j] {
            old_kept[start + i] = true;
            new_kept[start + j] = true;
            i += 1;
            j += 1;
        } else if lengths[(i + 1) * width + j] >= lengths[i * width + j + 1] {
            i += 1;
        } else {
            j += 1;
        }
    }
    (old_kept, new_kept)
}

/// Runs again from tokens, each token `changed` unless `kept`; a space is
/// changed only between two changed words, so a marked phrase is one run.
fn runs(tokens: &[Token], kept: &[bool]) -> Vec<Run> {
    let changed: Vec<bool> = (0..tokens.len())
        .map(|i| {
            if kept[i] {
                return false;
            }
            if !tokens[i].is_space() {
                return true;
            }
            let before = i.checked_sub(1).is_some_and(|p| !kept[p]);
            let after = kept.get(i + 1).is_some_and(|k| !k);
            before && after
        })
        .collect();
    let mut found: Vec<Run> = Vec::new();
    for (token, changed) in tokens.iter().zip(changed) {
        match found.last_mut() {
            Some(last)
                if last.strong == token.strong
                    && last.emph == token.emph
                    && last.changed == changed =>
            {
                last.text.push_str(&token.text);
            }
            _ => found.push(Run {
                text: token.text.clone(),
                strong: token.strong,
                emph: token.emph,
                changed,
            }),
        }
    }
    found
}

/// Marks the words of `old` that `new` lacks, and those of `new` that `old` lacks.
pub fn mark_changed_words(old: &[Run], new: &[Run]) -> (Vec<Run>, Vec<Run>) {
    let old_tokens = tokens(old);
    let new_tokens = tokens(new);
    let (old_kept, new_kept) = common(&old_tokens, &new_tokens);
    (runs(&old_tokens, &old_kept), runs(&new_tokens, &new_kept))
}

/// Fields of a block's (or section's, or list item's) data that say where
/// it is, not what it shows.
const PLACE_FIELDS: [&str; 5] = ["id", "number", "start", "end", "elapsed"];

/// Marks, in two versions of a block's (or section's) data, the words
/// that differ: field by field, list item by list item, word by word. A
/// field or item only one version has is marked whole. Returns the plain
/// (unstyled) text fields outside lists that differ, as dotted paths
/// (`clip.start`, `director`): they hold no runs to mark, and the review's
/// template may mark them itself.
pub fn mark_values(old: &mut Value, new: &mut Value) -> Vec<String> {
    let mut plain = Vec::new();
    mark_at("", old, new, &mut plain);
    plain
}

fn mark_at(path: &str, old: &mut Value, new: &mut Value, plain: &mut Vec<String>) {
    if let (Some(old_runs), Some(new_runs)) = (as_rich(old), as_rich(new)) {
        if old_runs != new_runs {
            let (old_marked, new_marked) = mark_changed_words(&old_runs, &new_runs);
            *old = to_value(&old_marked);
            *new = to_value(&new_marked);
        }
        return;
    }
    match (old, new) {
        (Value::Object(old), Value::Object(new)) => {
            for (key, old_value) in old.iter_mut() {
                // A block's clock times, not a clip's timecodes.
                if path.is_empty() && PLACE_FIELDS.contains(&key.as_str()) {
                    continue;
                }
                let inner = if path.is_empty() {
                    key.clone()
                } else {
                    format!("{path}.{key}")
                };
                match new.get_mut(key) {
                    Some(new_value) => mark_at(&inner, old_value, new_value, plain),
                    None => mark_all(old_value),
                }
            }
            for (key, new_value) in new.iter_mut() {
                if !old.contains_key(key) {
                    mark_all(new_value);
                }
            }
        }
        (Value::Array(old), Value::Array(new)) => mark_lists(old, new),
        (Value::String(old), Value::String(new)) if old != new && !path.is_empty() => {
            plain.push(path.to_string());
        }
        (Value::Null, other) | (other, Value::Null) => mark_all(other),
        _ => {}
    }
}

/// Items of two lists matched by what they say: the items both have stay
/// unmarked; between them, items are paired in order and marked word by
/// word; what is left over is marked whole.
fn mark_lists(old: &mut [Value], new: &mut [Value]) {
    let old_keys: Vec<String> = old.iter().map(identity).collect();
    let new_keys: Vec<String> = new.iter().map(identity).collect();
    let (old_kept, new_kept) = common(&old_keys, &new_keys);
    let old_gaps = gaps(&old_kept);
    let new_gaps = gaps(&new_kept);
    for (old_gap, new_gap) in old_gaps.iter().zip(&new_gaps) {
        let pairs = old_gap.len().min(new_gap.len());
        for k in 0..pairs {
            let (i, j) = (old_gap[k], new_gap[k]);
            mark_at("", &mut old[i], &mut new[j], &mut Vec::new());
        }
        for &i in &old_gap[pairs..] {
            mark_all(&mut old[i]);
        }
        for &j in &new_gap[pairs..] {
            mark_all(&mut new[j]);
        }
    }
}

/// The indexes of the items not kept, in runs between kept items: as many
/// runs as there are kept items, plus one (some of them empty).
fn gaps(kept: &[bool]) -> Vec<Vec<usize>> {
    let mut found = vec![Vec::new()];
    for (index, &kept) in kept.iter().enumerate() {
        if kept {
            found.push(Vec::new());
        } else if let Some(last) = found.last_mut() {
            last.push(index);
        }
    }
    found
}

/// What an item says, leaving out where it is (its number).
fn identity(item: &Value) -> String {
    match item {
        Value::Object(fields) => {
            let said: serde_json::Map<String, Value> = fields
                .iter()
                .filter(|(key, _)| !PLACE_FIELDS.contains(&key.as_str()))
                .map(|(key, value)| (key.clone(), value.clone()))
                .collect();
            Value::Object(said).to_string()
        }
        other => other.to_string(),
    }
}

/// Marks every word of every text in `value`.
pub fn mark_all(value: &mut Value) {
    if let Some(mut runs) = as_rich(value) {
        for run in &mut runs {
            run.changed = true;
        }
        *value = to_value(&runs);
        return;
    }
    match value {
        Value::Object(fields) => fields
            .iter_mut()
            .filter(|(key, _)| !PLACE_FIELDS.contains(&key.as_str()))
            .for_each(|(_, v)| mark_all(v)),
        Value::Array(items) => items.iter_mut().for_each(mark_all),
        _ => {}
    }
}

/// The runs of a styled text (an array of objects with a `text`), if `value` is one.
fn as_rich(value: &Value) -> Option<Vec<Run>> {
    let items = value.as_array()?;
    if items.is_empty() {
        return None;
    }
    let is_run = |item: &Value| {
        item.as_object().is_some_and(|fields| {
            fields.get("text").is_some_and(Value::is_string)
                && fields
                    .keys()
                    .all(|k| matches!(k.as_str(), "text" | "strong" | "emph" | "changed"))
        })
    };
    if !items.iter().all(is_run) {
        return None;
    }
    serde_json::from_value(value.clone()).ok()
}

fn to_value(runs: &[Run]) -> Value {
    serde_json::to_value(runs).unwrap_or(Value::Null)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::outline::parse_inline;

    fn marked(runs: &[Run]) -> Vec<&str> {
        runs.iter()
            .filter(|r| r.changed)
            .map(|r| r.text.as_str())
            .collect()
    }

    /// Proves: only the words that differ are marked, on each side, styles kept.
    #[test]
    fn a_reworded_question_marks_its_new_words() {
        let old = parse_inline("Which signals in the clip should have changed his plan?");
        let new = parse_inline("Which *signs* in the clip should have changed his plan?");
        let (old, new) = mark_changed_words(&old, &new);
        assert_eq!(marked(&old), vec!["signals"]);
        assert_eq!(marked(&new), vec!["signs"]);
        assert!(new.iter().any(|r| r.emph && r.changed));
        let (_, new) = mark_changed_words(
            &parse_inline("Big mistake."),
            &parse_inline("Big mistake. Big. Huge."),
        );
        assert_eq!(marked(&new), vec!["Big. Huge."]);
    }

    /// Proves: in lists, a kept item is not marked, a reworded one is marked word by word, a new one whole.
    #[test]
    fn list_items_are_matched_before_words_are_marked() {
        let rich = |t: &str| serde_json::to_value(parse_inline(t)).unwrap_or(Value::Null);
        let mut old = serde_json::json!({"id": "b1", "points": [rich("Listen first."), rich("Say what you will do.")]});
        let mut new = serde_json::json!({"id": "b2", "points": [rich("A new point."), rich("Listen first."), rich("Say what you can do.")]});
        let plain = mark_values(&mut old, &mut new);
        assert!(plain.is_empty(), "{plain:?}");
        let runs = |v: &Value, i: usize| -> Vec<Run> {
            serde_json::from_value(v["points"][i].clone()).unwrap_or_default()
        };
        assert_eq!(marked(&runs(&new, 0)), vec!["A new point."]);
        assert!(marked(&runs(&new, 1)).is_empty());
        assert_eq!(marked(&runs(&new, 2)), vec!["can"]);
        assert_eq!(marked(&runs(&old, 1)), vec!["will"]);
        assert_eq!(new["id"], "b2");
    }

    /// Proves: a clip's timecodes that differ are named for the template to
    /// mark, the block's own clock times are not.
    #[test]
    fn plain_fields_that_differ_are_named() {
        let mut old =
            serde_json::json!({"start": "09:00", "clip": {"start": "0:33:40", "end": "0:36:10"}});
        let mut new =
            serde_json::json!({"start": "09:05", "clip": {"start": "0:34:00", "end": "0:36:10"}});
        assert_eq!(mark_values(&mut old, &mut new), vec!["clip.start"]);
    }
}
