//! What changed in the fields of a block, a section or the workshop, read
//! from the two versions of the model as written: `clip` from one value to
//! another, question 2 reworded, a point added, a step moved.
//!
//! It works on the model serialized (the YAML's keys, values as the trainer
//! wrote them), so a new block kind or field is compared without a line here.

use serde::Serialize;
use serde_json::{Map, Value};

use super::words::common;

/// One field's change.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct FieldChange {
    /// The field as the outline names it: `clip`, `handout.paper`, `ask`.
    pub field: String,
    /// Which item of a list, when the field is one: its number (from 1) in
    /// each version.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub item: Option<Item>,
    /// The item's name, in a list of named items (a role, a variant).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// The part of the item that changed, when it is not the item's own text
    /// (`hint`, `brief`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub part: Option<String>,
    pub change: Edit,
    /// The value before, as written.
    pub old: Option<String>,
    /// The value after, as written.
    pub new: Option<String>,
}

/// An item's number in the old and the new list.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct Item {
    pub old: Option<usize>,
    pub new: Option<usize>,
}

/// How a field changed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Edit {
    Changed,
    Added,
    Removed,
    /// A list item in another place, its text the same.
    Moved,
    /// A picture's file holds another picture under the same name.
    Replaced,
}

/// The order fields are reported in: the outline format's. Fields not
/// named here come after, by name.
const FIELD_ORDER: &[&str] = &[
    "title",
    "subtitle",
    "audience",
    "language",
    "duration",
    "start",
    "date",
    "facilitator",
    "theme",
    "handout",
    "version",
    "variants",
    "goal",
    "film",
    "year",
    "director",
    "clip",
    "still",
    "video",
    "alt",
    "setup",
    "watch_for",
    "text",
    "by",
    "source",
    "points",
    "takeaway",
    "ask",
    "instructions",
    "group",
    "materials",
    "debrief",
    "scenario",
    "roles",
    "observe",
    "body",
    "src",
    "caption",
    "minutes",
    "notes",
    "only",
    "except",
];

/// Lists read as one value: `only: [full]`.
const VALUE_LISTS: &[&str] = &["only", "except"];

/// What one item of the list `key` is called: `question` (2).
pub fn item_noun(key: &str) -> String {
    match key {
        "ask" => "question",
        "watch_for" => "thing to watch for",
        "points" => "point",
        "instructions" => "step",
        "materials" => "material",
        "debrief" => "debrief question",
        "roles" => "role",
        "observe" => "observer point",
        "variants" => "variant",
        other => return format!("`{other}` item"),
    }
    .to_string()
}

/// The changes from `old` to `new`, two maps of fields, leaving out `skip`.
pub fn changes(old: &Value, new: &Value, skip: &[&str]) -> Vec<FieldChange> {
    let empty = Map::new();
    let old = old.as_object().unwrap_or(&empty);
    let new = new.as_object().unwrap_or(&empty);
    let mut keys: Vec<&String> = old.keys().chain(new.keys()).collect();
    keys.sort_by_key(|k| {
        (
            FIELD_ORDER
                .iter()
                .position(|f| f == k)
                .unwrap_or(FIELD_ORDER.len()),
            k.as_str(),
        )
    });
    keys.dedup();
    let mut found = Vec::new();
    for key in keys {
        if skip.contains(&key.as_str()) {
            continue;
        }
        field(key, key, old.get(key), new.get(key), &mut found);
    }
    found
}

/// The changes of the field `key`, named `path` (`handout.paper`).
fn field(
    path: &str,
    key: &str,
    old: Option<&Value>,
    new: Option<&Value>,
    found: &mut Vec<FieldChange>,
) {
    let old = old.filter(|v| !v.is_null());
    let new = new.filter(|v| !v.is_null());
    if old == new {
        return;
    }
    let is_list = |v: Option<&Value>| v.is_some_and(Value::is_array);
    let is_map = |v: Option<&Value>| v.is_some_and(Value::is_object);
    if !VALUE_LISTS.contains(&key) && (is_list(old) || is_list(new)) && !is_map(old) && !is_map(new)
    {
        let empty = Vec::new();
        let old_items = old.and_then(Value::as_array).unwrap_or(&empty);
        let new_items = new.and_then(Value::as_array).unwrap_or(&empty);
        list(key, old_items, new_items, found);
        return;
    }
    if is_map(old) && is_map(new) {
        let empty = Map::new();
        let old_fields = old.and_then(Value::as_object).unwrap_or(&empty);
        let new_fields = new.and_then(Value::as_object).unwrap_or(&empty);
        let mut keys: Vec<&String> = old_fields.keys().chain(new_fields.keys()).collect();
        keys.sort();
        keys.dedup();
        for inner in keys {
            field(
                &format!("{path}.{inner}"),
                inner,
                old_fields.get(inner),
                new_fields.get(inner),
                found,
            );
        }
        return;
    }
    found.push(FieldChange {
        field: path.to_string(),
        item: None,
        name: None,
        part: None,
        change: match (old, new) {
            (None, _) => Edit::Added,
            (_, None) => Edit::Removed,
            _ => Edit::Changed,
        },
        old: old.map(written),
        new: new.map(written),
    });
}

/// The changes of a list: items matched by what they say; an item whose
/// text is found elsewhere moved; between matched items, items are paired
/// in order (reworded); the rest were added or removed.
fn list(key: &str, old: &[Value], new: &[Value], found: &mut Vec<FieldChange>) {
    let matched = Matched::new(old, new);
    let at = |old: Option<usize>, new: Option<usize>| Item {
        old: old.map(|i| i + 1),
        new: new.map(|j| j + 1),
    };
    let change = |item: Item, name: Option<String>, change: Edit| FieldChange {
        field: key.to_string(),
        item: Some(item),
        name,
        part: None,
        change,
        old: None,
        new: None,
    };
    let mut events: Vec<(usize, FieldChange)> = Vec::new();
    for &(i, j) in &matched.moved {
        events.push((
            j,
            FieldChange {
                new: Some(item_text(&new[j])),
                ..change(at(Some(i), Some(j)), item_name(&new[j]), Edit::Moved)
            },
        ));
    }
    for &(i, j) in &matched.reworded {
        let (old_text, new_text) = (item_text(&old[i]), item_text(&new[j]));
        if old_text != new_text {
            events.push((
                j,
                FieldChange {
                    old: Some(old_text),
                    new: Some(new_text),
                    ..change(at(Some(i), Some(j)), None, Edit::Changed)
                },
            ));
        }
        for part in part_changes(&old[i], &new[j]) {
            events.push((
                j,
                FieldChange {
                    field: key.to_string(),
                    item: Some(at(Some(i), Some(j))),
                    name: item_name(&new[j]),
                    ..part
                },
            ));
        }
    }
    for &j in &matched.new_left {
        events.push((
            j,
            FieldChange {
                new: Some(item_text(&new[j])),
                ..change(at(None, Some(j)), item_name(&new[j]), Edit::Added)
            },
        ));
    }
    for &i in &matched.old_left {
        events.push((
            matched.place_in_new(i, new.len()),
            FieldChange {
                old: Some(item_text(&old[i])),
                ..change(at(Some(i), None), item_name(&old[i]), Edit::Removed)
            },
        ));
    }
    events.sort_by_key(|(place, change)| (*place, change.item.and_then(|i| i.old)));
    found.extend(events.into_iter().map(|(_, change)| change));
}

/// How the items of two versions of a list answer each other: kept in
/// order, moved, reworded in place, or only in one version.
struct Matched {
    old_kept: Vec<bool>,
    new_kept: Vec<bool>,
    /// The same item in another place: (old index, new index).
    moved: Vec<(usize, usize)>,
    /// Items left in the same stretch between kept ones: one item reworded.
    reworded: Vec<(usize, usize)>,
    old_left: Vec<usize>,
    new_left: Vec<usize>,
}

impl Matched {
    fn new(old: &[Value], new: &[Value]) -> Matched {
        let old_keys: Vec<String> = old.iter().map(Value::to_string).collect();
        let new_keys: Vec<String> = new.iter().map(Value::to_string).collect();
        let (old_kept, new_kept) = common(&old_keys, &new_keys);
        let mut old_left: Vec<usize> = (0..old.len()).filter(|&i| !old_kept[i]).collect();
        let mut new_left: Vec<usize> = (0..new.len()).filter(|&j| !new_kept[j]).collect();
        let mut moved = Vec::new();
        old_left.retain(
            |&i| match new_left.iter().position(|&j| old_keys[i] == new_keys[j]) {
                Some(at) => {
                    moved.push((i, new_left.remove(at)));
                    false
                }
                None => true,
            },
        );
        let mut reworded = Vec::new();
        old_left.retain(|&i| {
            let here = stretch(&old_kept, i);
            match new_left.iter().position(|&j| stretch(&new_kept, j) == here) {
                Some(at) => {
                    reworded.push((i, new_left.remove(at)));
                    false
                }
                None => true,
            }
        });
        Matched {
            old_kept,
            new_kept,
            moved,
            reworded,
            old_left,
            new_left,
        }
    }

    /// Where the removed old item `i` stood among the new list's items:
    /// after the kept item before it.
    fn place_in_new(&self, i: usize, new_len: usize) -> usize {
        match stretch(&self.old_kept, i) {
            0 => 0,
            here => self
                .new_kept
                .iter()
                .enumerate()
                .filter(|(_, kept)| **kept)
                .nth(here - 1)
                .map_or(new_len, |(j, _)| j + 1),
        }
    }
}

/// How many kept items come before `index`: the stretch it stands in.
fn stretch(kept: &[bool], index: usize) -> usize {
    kept[..index].iter().filter(|k| **k).count()
}

/// The parts of a reworded item (a question's `hint`) that changed, each a
/// change of its own (field, item and name are the caller's).
fn part_changes(old: &Value, new: &Value) -> Vec<FieldChange> {
    let (old_parts, new_parts) = (item_parts(old), item_parts(new));
    let mut parts: Vec<&String> = old_parts.keys().chain(new_parts.keys()).collect();
    parts.sort();
    parts.dedup();
    parts
        .into_iter()
        .filter_map(|part| {
            let (before, after) = (old_parts.get(part), new_parts.get(part));
            (before != after).then(|| FieldChange {
                field: String::new(),
                item: None,
                name: None,
                part: Some(part.clone()),
                change: match (before, after) {
                    (None, _) => Edit::Added,
                    (_, None) => Edit::Removed,
                    _ => Edit::Changed,
                },
                old: before.map(written),
                new: after.map(written),
            })
        })
        .collect()
}

/// The name of a named item: a role's, a variant's.
fn item_name(item: &Value) -> Option<String> {
    item.get("name").map(written)
}

/// An item's own text: the item itself, or its `text` or `name`.
fn item_text(item: &Value) -> String {
    match item {
        Value::Object(fields) => fields
            .get("text")
            .or_else(|| fields.get("name"))
            .map_or_else(|| item.to_string(), written),
        other => written(other),
    }
}

/// An item's other fields (a question's `hint`, a role's `brief`, a
/// variant's settings), by name.
fn item_parts(item: &Value) -> Map<String, Value> {
    let mut parts = Map::new();
    if let Value::Object(fields) = item {
        for (key, value) in fields {
            match (key.as_str(), value) {
                ("text" | "name", _) => {}
                // A variant's settings read as its own fields.
                ("settings", Value::Object(settings)) => {
                    parts.extend(settings.iter().map(|(k, v)| (k.clone(), v.clone())));
                }
                _ => {
                    parts.insert(key.clone(), value.clone());
                }
            }
        }
    }
    parts
}

/// A value as the trainer wrote it: text as it is, lists joined.
pub fn written(value: &Value) -> String {
    match value {
        Value::String(text) => text.clone(),
        Value::Array(items) => items.iter().map(written).collect::<Vec<_>>().join(", "),
        Value::Null => String::new(),
        other => other.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    /// Proves: a changed value, a reworded question, a new hint and an added point are each one change in order.
    #[test]
    fn fields_and_list_items_are_compared_as_written() {
        let old =
            json!({"clip": "0:33:40-0:36:10", "ask": ["A?", "B?", {"text": "C?"}], "minutes": "7"});
        let new = json!({"clip": "0:34:00-0:36:10", "ask": ["A?", "Be?", {"text": "C?", "hint": "H"}, "D?"], "minutes": "7"});
        let found = changes(&old, &new, &[]);
        let brief: Vec<(String, Edit, Option<String>)> = found
            .iter()
            .map(|c| {
                (
                    format!("{} {:?} {:?}", c.field, c.item.and_then(|i| i.new), c.part),
                    c.change,
                    c.new.clone(),
                )
            })
            .collect();
        assert_eq!(
            brief,
            vec![
                (
                    "clip None None".into(),
                    Edit::Changed,
                    Some("0:34:00-0:36:10".into())
                ),
                ("ask Some(2) None".into(), Edit::Changed, Some("Be?".into())),
                (
                    "ask Some(3) Some(\"hint\")".into(),
                    Edit::Added,
                    Some("H".into())
                ),
                ("ask Some(4) None".into(), Edit::Added, Some("D?".into())),
            ]
        );
    }

    /// Proves: an item in another place is a move, not a removal and an addition.
    #[test]
    fn a_reordered_item_is_moved() {
        let found = changes(
            &json!({"points": ["a", "b", "c"]}),
            &json!({"points": ["c", "a", "b"]}),
            &[],
        );
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].change, Edit::Moved);
        assert_eq!(
            found[0].item,
            Some(Item {
                old: Some(3),
                new: Some(1)
            })
        );
    }
}
