//! YAML text to a tree of nodes that remember their place, read by serde-saphyr within budgets.
//!
//! The outline model is deserialized from this tree rather than from the
//! text, so that loading can splice in included files and project defaults,
//! skip a broken entry and read on, and read every plain scalar as the text
//! the trainer wrote (`- No` is a question, not a boolean).

use serde::de::{self, Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_saphyr::{Budget, Options};

use crate::diag::{FileId, Span};

/// One YAML value with its place in its file.
#[derive(Clone, Debug, PartialEq)]
pub struct Node {
    /// Unique within one load, so that a broken entry can be skipped.
    pub id: u32,
    pub span: Span,
    pub value: Value,
}

#[derive(Clone, Debug, PartialEq)]
pub enum Value {
    Scalar(Scalar),
    List(Vec<Node>),
    Map(Vec<Entry>),
}

/// `key: value` in a map.
#[derive(Clone, Debug, PartialEq)]
pub struct Entry {
    pub key: Node,
    pub value: Node,
}

/// A scalar as written: plain scalars keep their source text exactly.
#[derive(Clone, Debug, PartialEq)]
pub struct Scalar {
    pub text: String,
    pub style: Style,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Style {
    /// Unquoted: `text: Hello`, `minutes: 5`, an empty value.
    Plain,
    /// `'…'` or `"…"`.
    Quoted,
    /// `|` or `>`.
    Block,
}

impl Node {
    /// True for an empty value or a plain `~`/`null`.
    pub fn is_null(&self) -> bool {
        match &self.value {
            Value::Scalar(s) => {
                s.style == Style::Plain
                    && matches!(s.text.as_str(), "" | "~" | "null" | "Null" | "NULL")
            }
            _ => false,
        }
    }

    pub fn as_str(&self) -> Option<&str> {
        match &self.value {
            Value::Scalar(s) => Some(&s.text),
            _ => None,
        }
    }

    pub fn entries(&self) -> Option<&[Entry]> {
        match &self.value {
            Value::Map(entries) => Some(entries),
            _ => None,
        }
    }

    pub fn entries_mut(&mut self) -> Option<&mut Vec<Entry>> {
        match &mut self.value {
            Value::Map(entries) => Some(entries),
            _ => None,
        }
    }

    /// The value of `key` in a map node.
    pub fn get(&self, key: &str) -> Option<&Node> {
        self.entries()?
            .iter()
            .find(|e| e.key.as_str() == Some(key))
            .map(|e| &e.value)
    }

    /// What the node is, in a trainer's words, for messages: `text \`abc\``,
    /// `a list`, `a map`, `nothing`.
    pub fn described(&self) -> String {
        match &self.value {
            _ if self.is_null() => "nothing".to_string(),
            Value::Scalar(s) => {
                let shown: String = s.text.chars().take(40).collect();
                let more = if s.text.chars().count() > 40 {
                    "…"
                } else {
                    ""
                };
                format!("`{shown}{more}`")
            }
            Value::List(_) => "a list".to_string(),
            Value::Map(_) => "a map of keys".to_string(),
        }
    }

    /// Every node of the tree, this one first.
    pub fn walk(&self, visit: &mut impl FnMut(&Node)) {
        visit(self);
        match &self.value {
            Value::Scalar(_) => {}
            Value::List(items) => items.iter().for_each(|n| n.walk(visit)),
            Value::Map(entries) => entries.iter().for_each(|e| {
                e.key.walk(visit);
                e.value.walk(visit);
            }),
        }
    }
}

/// How much YAML one file may make: aliases and nesting are bounded so that
/// a "billion laughs" file is refused before it is expanded.
pub fn budget(max_bytes: usize) -> Budget {
    let mut budget = Budget::default();
    budget.max_events = 200_000;
    budget.max_aliases = 50;
    budget.max_anchors = 50;
    budget.max_depth = 32;
    budget.max_nodes = 200_000;
    budget.max_total_scalar_bytes = max_bytes;
    budget
}

/// Reads `text` (the file `file`) into a tree; node ids start at `first_id`.
pub fn parse(
    text: &str,
    file: FileId,
    first_id: u32,
    max_bytes: usize,
) -> Result<Node, serde_saphyr::Error> {
    let mut options = Options::default();
    options.budget = Some(budget(max_bytes));
    // Repeated keys reach the tree, which reports each at its line and reads on.
    options.duplicate_keys = serde_saphyr::DuplicateKeyPolicy::PassThrough;
    let raw: serde_saphyr::Spanned<Raw> = serde_saphyr::from_str_with_options(text, options)?;
    let mut next_id = first_id;
    Ok(convert(raw, text, file, &mut next_id))
}

/// The tree as serde-saphyr hands it over, before places are made ours.
enum Raw {
    Null,
    /// A boolean or a number: its text is read back from the source.
    Typed,
    Text(String),
    List(Vec<serde_saphyr::Spanned<Raw>>),
    Map(Vec<(serde_saphyr::Spanned<Raw>, serde_saphyr::Spanned<Raw>)>),
}

impl<'de> Deserialize<'de> for Raw {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(RawVisitor)
    }
}

struct RawVisitor;

impl<'de> Visitor<'de> for RawVisitor {
    type Value = Raw;
    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("any YAML value")
    }
    fn visit_bool<E: de::Error>(self, _: bool) -> Result<Raw, E> {
        Ok(Raw::Typed)
    }
    fn visit_i64<E: de::Error>(self, _: i64) -> Result<Raw, E> {
        Ok(Raw::Typed)
    }
    fn visit_u64<E: de::Error>(self, _: u64) -> Result<Raw, E> {
        Ok(Raw::Typed)
    }
    fn visit_i128<E: de::Error>(self, _: i128) -> Result<Raw, E> {
        Ok(Raw::Typed)
    }
    fn visit_u128<E: de::Error>(self, _: u128) -> Result<Raw, E> {
        Ok(Raw::Typed)
    }
    fn visit_f64<E: de::Error>(self, _: f64) -> Result<Raw, E> {
        Ok(Raw::Typed)
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<Raw, E> {
        Ok(Raw::Text(v.to_string()))
    }
    fn visit_string<E: de::Error>(self, v: String) -> Result<Raw, E> {
        Ok(Raw::Text(v))
    }
    fn visit_bytes<E: de::Error>(self, v: &[u8]) -> Result<Raw, E> {
        Ok(Raw::Text(String::from_utf8_lossy(v).into_owned()))
    }
    fn visit_unit<E: de::Error>(self) -> Result<Raw, E> {
        Ok(Raw::Null)
    }
    fn visit_none<E: de::Error>(self) -> Result<Raw, E> {
        Ok(Raw::Null)
    }
    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Raw, D::Error> {
        Raw::deserialize(d)
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Raw, A::Error> {
        let mut items = Vec::new();
        while let Some(item) = seq.next_element()? {
            items.push(item);
        }
        Ok(Raw::List(items))
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Raw, A::Error> {
        let mut entries = Vec::new();
        while let Some((key, value)) = map.next_entry()? {
            entries.push((key, value));
        }
        Ok(Raw::Map(entries))
    }
}

fn convert(raw: serde_saphyr::Spanned<Raw>, text: &str, file: FileId, next_id: &mut u32) -> Node {
    let span = super::spanned::span_of(&raw.referenced).in_file(file);
    let id = *next_id;
    *next_id += 1;
    let written = || {
        text.get(span.offset..span.offset + span.len)
            .unwrap_or_default()
            .to_string()
    };
    let style = match text.as_bytes().get(span.offset) {
        Some(b'"' | b'\'') => Style::Quoted,
        Some(b'|' | b'>') => Style::Block,
        _ => Style::Plain,
    };
    // An empty value has no extent of its own: its caret goes where it starts.
    let span = match raw.value {
        Raw::Null => Span { len: 0, ..span },
        _ => span,
    };
    let value = match raw.value {
        Raw::Null => Value::Scalar(Scalar {
            text: if style == Style::Plain {
                null_text(&written())
            } else {
                String::new()
            },
            style,
        }),
        Raw::Typed => Value::Scalar(Scalar {
            text: written().trim().to_string(),
            style: Style::Plain,
        }),
        Raw::Text(text) => Value::Scalar(Scalar { text, style }),
        Raw::List(items) => Value::List(
            items
                .into_iter()
                .map(|item| convert(item, text, file, next_id))
                .collect(),
        ),
        Raw::Map(entries) => Value::Map(
            entries
                .into_iter()
                .map(|(key, value)| Entry {
                    key: convert(key, text, file, next_id),
                    value: convert(value, text, file, next_id),
                })
                .collect(),
        ),
    };
    Node { id, span, value }
}

/// The text of a null scalar: `~` or `null` as written, else empty.
fn null_text(written: &str) -> String {
    let written = written.trim();
    if matches!(written, "~" | "null" | "Null" | "NULL") {
        written.to_string()
    } else {
        String::new()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tree(text: &str) -> Node {
        let file = crate::diag::add_source("t.yaml", text);
        match parse(text, file.id, 0, 1 << 20) {
            Ok(node) => node,
            Err(error) => panic!("{error}"),
        }
    }

    /// Proves: plain scalars keep the text written, whatever YAML would make of them.
    #[test]
    fn plain_scalars_keep_their_text() {
        let root = tree("a: No\nb: 1.50\nc: 0x10\nd: 'quoted'\ne:\nf: ~\ng: [x, 42]\n");
        let text = |key: &str| root.get(key).and_then(Node::as_str).map(str::to_string);
        assert_eq!(text("a").as_deref(), Some("No"));
        assert_eq!(text("b").as_deref(), Some("1.50"));
        assert_eq!(text("c").as_deref(), Some("0x10"));
        assert_eq!(text("d").as_deref(), Some("quoted"));
        assert_eq!(root.get("d").map(|n| n.span.column), Some(4));
        assert!(root.get("e").is_some_and(Node::is_null));
        assert!(root.get("f").is_some_and(Node::is_null));
        let Some(Value::List(items)) = root.get("g").map(|n| &n.value) else {
            panic!("a list");
        };
        assert_eq!(items[1].as_str(), Some("42"));
        assert_eq!((items[1].span.line, items[1].span.column), (7, 8));
    }
}
