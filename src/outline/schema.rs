//! The JSON Schemas of deckhand's files, for editors: the outline's (the
//! model's, with the `- include:` items that may stand wherever a section or
//! a block may), an included part's, and the project file's.

use schemars::Schema;
use serde_json::{Map, Value, json};

use super::model::Outline;

/// The schema `deckhand schema` prints and `schema/outline.schema.json` holds.
pub fn outline_schema() -> Schema {
    let mut schema = schemars::schema_for!(Outline);
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
pub fn part_schema() -> Value {
    let outline = outline_schema();
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
pub fn project_schema() -> Value {
    let outline = outline_schema();
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
        "required": ["include"],
        "additionalProperties": false,
    })
}
