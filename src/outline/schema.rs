//! The JSON Schemas of deckhand's files, for editors: the outline's (the
//! model's, with the `- include:` items that may stand wherever a section or
//! a block may), an included part's, and the project file's; and the schema
//! of each value type, which accepts what its parser accepts.

use std::borrow::Cow;

use schemars::{JsonSchema, Schema, SchemaGenerator, json_schema};
use serde_json::{Map, Value, json};

use super::model::Outline;
use super::values::{
    ClipRange, ClockTime, Colour, Date, Fit, Focus, GroupForm, HandoutLayout, Language,
    MAX_MINUTES, MAX_NOTE_LINES, MAX_PARTICIPANTS, Minutes, NoteLines, Paper, Participants, Reveal,
    Year,
};

/// The schema `deckhand schema` prints and `schema/outline.schema.json` holds;
/// `themes` are the built-in themes' names, which `theme` offers.
pub fn outline_schema(themes: &[&str]) -> Value {
    let mut schema = schemars::schema_for!(Outline).to_value();
    drop_null(&mut schema);
    if let Some(theme) = schema.pointer_mut("/properties/theme") {
        *theme = theme_schema(theme, themes);
    }
    non_empty_lists(&mut schema);
    text_messages(&mut schema);
    let include = include_item();
    let mut defs = Map::new();
    if let Some(sections) = schema
        .get_mut("properties")
        .and_then(|p| p.get_mut("sections"))
        && let Some(mut section) = sections.get_mut("items").map(Value::take)
    {
        if let Some(blocks) = section.pointer_mut("/properties/blocks")
            && let Some(block) = blocks.get_mut("items").map(Value::take)
        {
            defs.insert("Block".into(), block);
            blocks["items"] = json!({ "anyOf": [
                { "$ref": "#/$defs/Block" }, { "$ref": "#/$defs/Include" },
            ] });
        }
        defs.insert("Section".into(), section);
        if let Some(block) = defs.get_mut("Block") {
            *block = one_object_of(block);
        }
        sections["items"] = json!({ "anyOf": [
            { "$ref": "#/$defs/Section" }, { "$ref": "#/$defs/Include" },
        ] });
    }
    defs.insert("Include".into(), include);
    if let Some(Value::Object(existing)) = schema.get_mut("$defs") {
        existing.extend(defs);
    }
    schema
}

// Included parts and the project file. Both are made from the outline's
// schema, so that they follow every change to the model.

/// The schema of an included file (`schema/part.schema.json`): one section
/// or one block, a list of either, or an include item.
pub fn part_schema(themes: &[&str]) -> Value {
    let outline = outline_schema(themes);
    let list_of = |item: &str| {
        json!({
            "type": "array",
            "items": { "anyOf": [{ "$ref": format!("#/$defs/{item}") }, { "$ref": "#/$defs/Include" }] },
        })
    };
    json!({
        "$schema": outline.get("$schema"),
        "title": "deckhand part",
        "description": "A file included by outlines with `- include:`: a section (`title`, `blocks`), a block (its kind, like `scene:`), or a list of sections or of blocks.",
        "anyOf": [
            { "$ref": "#/$defs/Section" },
            { "$ref": "#/$defs/Block" },
            list_of("Section"),
            list_of("Block"),
            { "$ref": "#/$defs/Include" },
        ],
        "$defs": outline.get("$defs"),
    })
}

/// The schema of the project file, `deckhand.yaml` (`schema/project.schema.json`).
pub fn project_schema(themes: &[&str]) -> Value {
    let outline = outline_schema(themes);
    let mut properties = outline
        .get("properties")
        .and_then(Value::as_object)
        .cloned()
        .unwrap_or_default();
    properties.remove("sections");
    json!({
        "$schema": outline.get("$schema"),
        "title": "deckhand project file",
        "description": "`deckhand.yaml` at the top of a repository of workshops: the folder every path in its outlines may reach, and the values its outlines leave out.",
        "type": "object",
        "properties": {
            "defaults": {
                "description": "Values for every outline under this folder; an outline's own value wins, and `handout` is merged key by key. Paths are relative to this file.",
                "type": "object",
                "properties": properties,
                "additionalProperties": false,
            },
            "films": {
                "description": "Where films the project does not hold are looked for, by their file name: a folder, or a list of folders, relative to this file or absolute (films are kept out of git). `DECKHAND_FILMS` adds folders on one machine.",
                "oneOf": [
                    { "type": "string" },
                    { "type": "array", "items": { "type": "string" } },
                ],
            },
        },
        "additionalProperties": false,
        "$defs": outline.get("$defs"),
    })
}

/// `- include: PATH` with its optional `only` and `except`.
fn include_item() -> Value {
    let names = |description: &str| {
        json!({
            "description": description,
            "type": "array",
            "items": { "type": "string" },
        })
    };
    json!({
        "description": "Another file's section(s) or block(s), spliced in here.",
        "type": "object",
        "properties": {
            "include": {
                "description": "The file, relative to this one, inside the project's folder.",
                "type": "string",
                "examples": ["../_library/scenes/love-actually.yaml"],
            },
            "only": names("The variants the included items are in, and no other."),
            "except": names("The variants the included items are left out of."),
        },
        // Not `required`: editors offer a required key twice, once as the
        // key and once as a skeleton of the item; `only` and `except` need
        // `include` all the same.
        "minProperties": 1,
        "dependentRequired": { "only": ["include"], "except": ["include"] },
        "additionalProperties": false,
    })
}

// What the model's derived schema says differently from what `check` accepts
// or from what an editor should offer.

/// Removes `null` wherever the schema allows it (an optional field): an
/// editor would offer `null` as a value, and an empty value is a slip.
fn drop_null(value: &mut Value) {
    match value {
        Value::Object(map) => {
            if let Some(Value::Array(types)) = map.get_mut("type") {
                types.retain(|t| t != "null");
                if let [single] = types.as_slice() {
                    let single = single.clone();
                    map.insert("type".into(), single);
                }
            }
            for key in ["anyOf", "oneOf"] {
                if let Some(Value::Array(options)) = map.get_mut(key) {
                    options.retain(|o| o != &json!({ "type": "null" }));
                    if let [single] = options.as_slice() {
                        let single = single.clone();
                        map.remove(key);
                        if let Value::Object(inner) = single {
                            for (k, v) in inner {
                                map.entry(k).or_insert(v);
                            }
                        }
                    }
                }
            }
            map.values_mut().for_each(drop_null);
        }
        Value::Array(items) => items.iter_mut().for_each(drop_null),
        _ => {}
    }
}

/// A block as one map of every kind, holding exactly one of them, rather than
/// one schema per kind: an editor then offers each kind once, and says
/// "not allowed" once for a misspelt kind.
fn one_object_of(block: &Value) -> Value {
    let mut kinds = Map::new();
    for option in block
        .get("oneOf")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
    {
        let description = option.get("description").cloned();
        if let Some(Value::Object(properties)) = option.get("properties") {
            for (kind, schema) in properties {
                let mut schema = schema.clone();
                if let (Some(description), Value::Object(map)) = (&description, &mut schema) {
                    map.insert("description".into(), description.clone());
                }
                kinds.insert(kind.clone(), schema);
            }
        }
    }
    json!({
        "description": block.get("description"),
        "type": "object",
        "properties": kinds,
        "minProperties": 1,
        "maxProperties": 1,
        "additionalProperties": false,
    })
}

/// The lists `check` refuses empty get `minItems: 1`; a block's lists, the
/// limit of items in one list.
fn non_empty_lists(value: &mut Value) {
    const NON_EMPTY: [&str; 10] = [
        "sections",
        "blocks",
        "ask",
        "watch_for",
        "points",
        "instructions",
        "materials",
        "debrief",
        "roles",
        "observe",
    ];
    let Value::Object(map) = value else {
        if let Value::Array(items) = value {
            items.iter_mut().for_each(non_empty_lists);
        }
        return;
    };
    if let Some(Value::Object(properties)) = map.get_mut("properties") {
        for (key, property) in properties.iter_mut() {
            if NON_EMPTY.contains(&key.as_str()) && property.get("type") == Some(&json!("array")) {
                property["minItems"] = json!(1);
                if !matches!(key.as_str(), "sections" | "blocks") {
                    property["maxItems"] = json!(super::MAX_LIST_ITEMS);
                }
            }
        }
    }
    map.values_mut().for_each(non_empty_lists);
}

/// What an editor says when a text is not text: most often a text holding
/// `: `, which YAML reads as a key and its value (what `check` says too).
fn text_messages(value: &mut Value) {
    match value {
        Value::Object(map) => {
            if map.get("type") == Some(&json!("string")) && !map.contains_key("pattern") {
                map.insert(
                    "errorMessage".into(),
                    json!("expected a text here: put the whole text in quotes when it holds `: ` (YAML reads that as a key and its value)"),
                );
            }
            map.values_mut().for_each(text_messages);
        }
        Value::Array(items) => items.iter_mut().for_each(text_messages),
        _ => {}
    }
}

/// `theme`: a built-in theme's name, or a theme folder's path.
fn theme_schema(derived: &Value, themes: &[&str]) -> Value {
    let names = themes.join("|");
    json!({
        "description": derived.get("description"),
        "type": "string",
        "pattern": format!(r"^\s*({names})\s*$|[/\\]|^\s*\."),
        "patternErrorMessage": format!(
            "not a built-in theme ({}); write a theme folder as a path, like `./my-theme`",
            themes.join(", ")
        ),
        "examples": themes.iter().copied().chain(["./my-theme"]).collect::<Vec<_>>(),
    })
}

/// `[sS][oO][lL][oO]`: a word in any case, as the parsers compare words.
fn caseless(word: &str) -> String {
    word.chars()
        .map(|c| {
            let (lower, upper) = (c.to_ascii_lowercase(), c.to_ascii_uppercase());
            if lower == upper {
                regex_escape(c)
            } else {
                format!("[{lower}{upper}]")
            }
        })
        .collect()
}

fn regex_escape(c: char) -> String {
    if "\\.+*?()|[]{}^$-".contains(c) {
        format!("\\{c}")
    } else {
        c.to_string()
    }
}

/// One of `words`, in any case, with spaces around.
fn any_word(words: &[&str]) -> String {
    let words: Vec<String> = words.iter().map(|w| caseless(w)).collect();
    format!(r"^\s*({})\s*$", words.join("|"))
}

/// A text value that must match `pattern`, said in a trainer's words when it does not.
fn text_schema(pattern: &str, problem: &str, examples: &[&str]) -> Schema {
    json_schema!({
        "type": "string",
        "pattern": pattern,
        "patternErrorMessage": problem,
        "examples": examples,
    })
}

/// A whole number from `min` to `max`, or the same written as text. One
/// schema of two types rather than two schemas: `minimum` and `maximum` are
/// about numbers only, `pattern` about text only, and an editor then reports
/// the problem of the type written (`ten` is not a length of time, rather
/// than "expected an integer").
fn number_schema(min: u32, max: u32, pattern: &str, problem: &str) -> Schema {
    json_schema!({
        "type": ["integer", "string"],
        "minimum": min,
        "maximum": max,
        "pattern": pattern,
        "patternErrorMessage": problem,
    })
}

/// `impl JsonSchema` for a value type: its name, and its schema.
macro_rules! value_schema {
    ($ty:ty, $name:literal, $schema:expr) => {
        impl JsonSchema for $ty {
            fn inline_schema() -> bool {
                true
            }
            fn schema_name() -> Cow<'static, str> {
                $name.into()
            }
            fn json_schema(_: &mut SchemaGenerator) -> Schema {
                $schema
            }
        }
    };
}

/// `m`, `min` or `minutes`, in any case.
const MINUTES_UNIT: &str = "[mM]([iI][nN]([uU][tT][eE][sS])?)?";
/// A timecode: `mm:ss` or `h:mm:ss`, each field one to three digits.
const TIMECODE: &str = "[0-9]{1,3}(:0?[0-5]?[0-9]){1,2}";

value_schema!(
    Minutes,
    "Minutes",
    number_schema(
        0,
        MAX_MINUTES,
        &format!(r"^\s*[0-9]+\s*([hH](\s*[0-9]+(\s*{MINUTES_UNIT})?)?|{MINUTES_UNIT})?\s*$"),
        "not a length of time: write it like `90min`, `1h30` or `1h 30min`",
    )
);
value_schema!(
    ClockTime,
    "ClockTime",
    text_schema(
        r"^\s*0*(1?[0-9]|2[0-3])\s*[:hH]\s*(0*[0-5]?[0-9])?\s*$",
        "not a time of day: write it like `09:00` or `13:30` (24-hour clock)",
        &["09:00"],
    )
);
value_schema!(
    Date,
    "Date",
    text_schema(
        r"^\s*[1-9][0-9]{3}-0*(0?[1-9]|1[0-2])-0*(0?[1-9]|[12][0-9]|3[01])\s*$",
        "not a date: write it like `2026-11-22`",
        &["2026-11-22"],
    )
);
value_schema!(
    Year,
    "Year",
    number_schema(
        1870,
        2100,
        r"^\s*0*(18[7-9][0-9]|19[0-9]{2}|20[0-9]{2}|2100)\s*$",
        "not a film's year: write it in digits, like `2003` (1870 to 2100)",
    )
);
value_schema!(
    NoteLines,
    "NoteLines",
    number_schema(
        0,
        MAX_NOTE_LINES as u32,
        r"^\s*\+?0*([0-9]|[12][0-9]|30)\s*$",
        "not a number of lines from 0 to 30",
    )
);
value_schema!(
    Participants,
    "Participants",
    number_schema(
        1,
        MAX_PARTICIPANTS,
        r"^\s*\+?0*([1-9][0-9]?|[1-4][0-9][0-9]|500)\s*$",
        "not a number of participants from 1 to 500",
    )
);
value_schema!(
    ClipRange,
    "Clip",
    text_schema(
        &format!(r"^\s*{TIMECODE}\s*[-–]\s*{TIMECODE}\s*$"),
        "not a clip: write `start-end` in `h:mm:ss` or `mm:ss`, like `1:02:10-1:04:30`",
        &["1:02:10-1:04:30"],
    )
);
value_schema!(
    GroupForm,
    "GroupForm",
    text_schema(
        &format!(
            r"^\s*({}|{}|{}|{}\s+{}\s+\+?0*([2-9]|1[0-9]|20))\s*$",
            caseless("solo"),
            caseless("pairs"),
            caseless("plenary"),
            caseless("groups"),
            caseless("of"),
        ),
        "not a group form: write `solo`, `pairs`, `plenary` or `groups of N` (N from 2 to 20)",
        &["solo", "pairs", "plenary", "groups of 4"],
    )
);
value_schema!(Language, "Language", {
    let codes: Vec<&str> = Language::ALL.iter().map(|l| l.code()).collect();
    text_schema(
        &any_word(&codes),
        &format!("not a language deckhand knows: {}", codes.join(", ")),
        &codes,
    )
});
value_schema!(
    Paper,
    "Paper",
    text_schema(
        &any_word(&["a4", "us-letter", "letter", "us_letter", "us letter"]),
        "not a paper size: `a4` or `us-letter`",
        &["a4", "us-letter"],
    )
);
value_schema!(
    Colour,
    "Colour",
    text_schema(
        r"^\s*#([0-9a-fA-F]{3}|[0-9a-fA-F]{6})\s*$",
        "not a colour: write it like `#b4441b` or `#b41`",
        &["#b4441b"],
    )
);
value_schema!(
    Fit,
    "Fit",
    text_schema(
        &any_word(&["cover", "contain"]),
        "not a way to fit a picture: `cover` or `contain`",
        &["cover", "contain"],
    )
);
value_schema!(
    Focus,
    "Focus",
    text_schema(
        &{
            let word = format!(
                "({}|{}|{}|{}|{}|{}|{}|0*([0-9]{{1,2}}|100)%)",
                caseless("left"),
                caseless("right"),
                caseless("top"),
                caseless("bottom"),
                caseless("center"),
                caseless("centre"),
                caseless("middle"),
            );
            format!(r"^\s*{word}(\s+{word})?\s*$")
        },
        "not a point of the picture: `top`, `bottom left`, `center` or `30% 40%` (across, then down)",
        &["top", "bottom left", "30% 40%"],
    )
);
value_schema!(
    HandoutLayout,
    "HandoutLayout",
    text_schema(
        &any_word(&["workbook", "slides-with-lines", "slides_with_lines"]),
        "not a handout layout: `workbook` or `slides-with-lines`",
        &["workbook", "slides-with-lines"],
    )
);

value_schema!(
    Reveal,
    "Reveal",
    text_schema(
        &any_word(&["steps", "all"]),
        "not a way to reveal a list: `steps` or `all`",
        &["steps", "all"],
    )
);

#[cfg(test)]
mod tests {
    use std::str::FromStr;

    use super::*;

    /// Whether each sample matches `T`'s pattern exactly when `T`'s parser takes it.
    fn agrees<T: JsonSchema + FromStr>(samples: &[&str]) {
        let schema = T::json_schema(&mut SchemaGenerator::default());
        let pattern = schema
            .get("pattern")
            .and_then(Value::as_str)
            .expect("a pattern");
        let pattern = regex::Regex::new(pattern).expect("a pattern Rust reads as JavaScript does");
        for sample in samples {
            assert_eq!(
                pattern.is_match(sample),
                sample.parse::<T>().is_ok(),
                "{}: {sample:?}",
                T::schema_name()
            );
        }
    }

    /// Proves: an editor flags a value's text exactly when `check` would
    /// (beyond what a pattern can know: a week's length, 30 February, a clip
    /// that ends before it starts).
    #[test]
    fn each_values_pattern_accepts_what_its_parser_accepts() {
        agrees::<Minutes>(&[
            "90",
            "90min",
            "90 min",
            "45 MIN",
            "1h30",
            "1h 30min",
            "1 h 30",
            "2h",
            "1h30m",
            "5 minutes",
            "ten",
            "",
            "1h3x",
            "h",
            "-5min",
            "1.5",
            "90 mins",
            "h30",
        ]);
        agrees::<ClockTime>(&[
            "09:00", "9:30", "14h15", "14H", " 13:30 ", "25:00", "noon", "9", "12:60", "9.30",
            "23:59", "24:00",
        ]);
        agrees::<Date>(&[
            "2026-11-22",
            "2026-1-2",
            " 2026-11-22 ",
            "22/11/2026",
            "2026-13-01",
            "2026-11-32",
            "999-01-01",
            "2026-11",
            "26-11-22",
        ]);
        agrees::<Year>(&[
            "2003", " 1870", "2100", "1869", "2101", "20003", "two", "03", "",
        ]);
        agrees::<NoteLines>(&["0", "6", "30", "31", "-1", "six", "06", " 12 "]);
        agrees::<Participants>(&[
            "1", "15", "99", "100", "499", "500", "501", "0", "-3", "fifteen", "015", " 12 ",
        ]);
        agrees::<ClipRange>(&[
            "1:02:10-1:04:30",
            "12:05 - 16:40",
            "0:12:05–0:16:40",
            "1:75-2:00",
            "1:2:3:4-5",
            "1:02:10",
            "a-b",
            "75:00-80:00",
            "1:60:00-2:00:00",
        ]);
        agrees::<GroupForm>(&[
            "solo",
            "Pairs",
            " plenary ",
            "groups of 4",
            "Groups  of 20",
            "groups of 1",
            "groups of 21",
            "threes",
            "groups of",
            "group of 4",
        ]);
        agrees::<Language>(&["en", "FR", " fr ", "de", "english", ""]);
        agrees::<Paper>(&[
            "a4",
            "A4",
            "us-letter",
            "US-Letter",
            "letter",
            "a5",
            "US Letter",
            "us  letter",
            "usletter",
        ]);
        agrees::<HandoutLayout>(&["workbook", "slides-with-lines", "Workbook", "slides", ""]);
        agrees::<Reveal>(&["steps", "Steps", " all ", "step", "one by one", ""]);
        agrees::<Fit>(&["cover", "Contain", "fill", ""]);
        agrees::<Colour>(&["#b4441b", "#B41", "b4441b", "#b4441", "red", ""]);
        agrees::<Focus>(&[
            "top",
            "bottom left",
            "30% 40%",
            "30%",
            "up",
            "30 40",
            "100%",
            "",
        ]);
    }
}
