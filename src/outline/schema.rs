//! The JSON Schema of the outline format, for editors: the model's, with the
//! `- include:` items that may stand wherever a section or a block may.

use schemars::Schema;
use serde_json::{Value, json};

use super::model::Outline;

/// The schema `deckhand schema` prints and `schema/outline.schema.json` holds.
pub fn outline_schema() -> Schema {
    let mut schema = schemars::schema_for!(Outline);
    let include = include_item();
    if let Some(sections) = schema
        .get_mut("properties")
        .and_then(|p| p.get_mut("sections"))
        && let Some(mut section) = sections.get_mut("items").map(Value::take)
    {
        if let Some(blocks) = section.pointer_mut("/properties/blocks")
            && let Some(block) = blocks.get_mut("items").map(Value::take)
        {
            blocks["items"] = json!({ "anyOf": [block, include.clone()] });
        }
        sections["items"] = json!({ "anyOf": [section, include] });
    }
    schema
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
