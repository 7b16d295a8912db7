//! The template data contract as a Markdown reference for theme authors,
//! made from the types' own doc comments (`docs/template-data.md`).

use std::fmt::Write as _;

use serde_json::{Map, Value};

use super::document_schema;

/// The reference: what `/data.json` holds, type by type.
pub fn template_data_reference() -> String {
    let schema = document_schema();
    let root = schema.as_value();
    let mut out = String::from(
        "# The data templates read\n\n\
         Every document's templates read one file, `/data.json`, as\n\
         `#let data = json(\"data.json\")` in `common.typ`. This is what it holds.\n\
         A field that is absent from the data of a document's audience is never\n\
         there at all: the slides' and the handout's data have no speaker\n\
         notes, hints or role briefs, so no template can show them; the role\n\
         cards' (`roles.typ`) holds the briefs and only the role-plays, the\n\
         guide's everything. Styled text is an array of\n\
         [`Run`](#run), drawn with `rich(…)` from `common.typ`.\n\n\
         This page is made by `deckhand schema --template-data` from the\n\
         documented types in `src/plan/document.rs`; a test keeps it in step.\n",
    );
    let empty = Map::new();
    let definitions = root
        .get("$defs")
        .and_then(Value::as_object)
        .unwrap_or(&empty);
    type_section(&mut out, "Document", root, definitions);
    for (name, definition) in definitions {
        type_section(&mut out, name, definition, definitions);
    }
    out
}

fn type_section(
    out: &mut String,
    name: &str,
    definition: &Value,
    definitions: &Map<String, Value>,
) {
    let _ = write!(out, "\n## `{name}`\n\n");
    if let Some(description) = definition.get("description").and_then(Value::as_str) {
        let _ = write!(out, "{}\n\n", one_line(description));
    }
    let variants = definition.get("anyOf").and_then(Value::as_array);
    let Some(properties) = definition.get("properties").and_then(Value::as_object) else {
        match variants {
            Some(variants) => {
                let names: Vec<String> =
                    variants.iter().map(|v| type_name(v, definitions)).collect();
                let _ = writeln!(out, "One of: {}.", names.join(", "));
            }
            None => {
                let _ = writeln!(out, "Type: {}.", type_name(definition, definitions));
            }
        }
        return;
    };
    let required: Vec<&str> = definition
        .get("required")
        .and_then(Value::as_array)
        .map(|r| r.iter().filter_map(Value::as_str).collect())
        .unwrap_or_default();
    out.push_str("| field | type | what it is |\n| --- | --- | --- |\n");
    for (field, property) in properties {
        let mut kind = type_name(property, definitions);
        if !required.contains(&field.as_str()) {
            kind.push_str(" (sometimes absent)");
        }
        let description = property
            .get("description")
            .and_then(Value::as_str)
            .map(one_line)
            .unwrap_or_default();
        let _ = writeln!(out, "| `{field}` | {kind} | {description} |");
    }
    if let Some(variants) = variants {
        let names: Vec<String> = variants.iter().map(|v| type_name(v, definitions)).collect();
        let _ = write!(
            out,
            "\nBeside these, the fields of its kind, one of: {}.\n",
            names.join(", ")
        );
    }
}

/// A schema's type in words: `string or none`, `array of Rich`, `SceneData`.
fn type_name(schema: &Value, definitions: &Map<String, Value>) -> String {
    if let Some(reference) = schema.get("$ref").and_then(Value::as_str) {
        let name = reference.rsplit('/').next().unwrap_or(reference);
        return format!("[`{name}`](#{})", name.to_lowercase());
    }
    if let Some(any) = schema.get("anyOf").and_then(Value::as_array) {
        let names: Vec<String> = any.iter().map(|s| type_name(s, definitions)).collect();
        return names.join(" or ");
    }
    match schema.get("type") {
        Some(Value::String(kind)) => simple_type(kind, schema, definitions),
        Some(Value::Array(kinds)) => kinds
            .iter()
            .filter_map(Value::as_str)
            .map(|k| simple_type(k, schema, definitions))
            .collect::<Vec<_>>()
            .join(" or "),
        _ => "any".to_string(),
    }
}

fn simple_type(kind: &str, schema: &Value, definitions: &Map<String, Value>) -> String {
    match kind {
        "array" => match schema.get("items") {
            Some(items) => format!("array of {}", type_name(items, definitions)),
            None => "array".to_string(),
        },
        "null" => "none".to_string(),
        "integer" => "integer".to_string(),
        "object" => "dictionary".to_string(),
        other => other.to_string(),
    }
}

fn one_line(text: &str) -> String {
    text.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .replace('|', "\\|")
}

#[cfg(test)]
mod tests {
    /// Proves: the committed reference for theme authors is the one the types make.
    #[test]
    fn committed_reference_matches_the_types() {
        let committed = include_str!("../../docs/template-data.md");
        assert!(
            committed == super::template_data_reference(),
            "docs/template-data.md is stale: run `cargo run -- schema --template-data > docs/template-data.md`"
        );
    }
}
