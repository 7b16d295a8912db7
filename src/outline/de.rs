//! The outline model read from the node tree: serde's derives check the shapes,
//! this deserializer gives each problem its place and says what to leave out to read on.

use std::collections::HashSet;
use std::fmt;

use serde::de::{
    self, DeserializeSeed, Deserializer, EnumAccess, MapAccess, SeqAccess, VariantAccess, Visitor,
};

use super::yaml::{Entry, Node, Value};
use crate::diag::Span;

/// The struct name by which [`super::Spanned`] asks for its node's place.
pub const SPANNED: &str = "$deckhand::Spanned";
pub const SPANNED_FIELDS: &[&str] = &["$span", "$value"];

/// What earlier attempts found: entries and items to leave out, and the
/// values already reported as wrong (so that their absence is not reported again).
#[derive(Debug, Default)]
pub struct Recovery {
    pub skip: HashSet<u32>,
    /// `(map node id, key)` of values left out because they were wrong.
    pub refused: HashSet<(u32, String)>,
}

/// A node of the tree, as a serde deserializer.
#[derive(Clone, Copy)]
pub struct De<'a> {
    pub node: &'a Node,
    pub recovery: &'a Recovery,
}

/// One problem, with what to leave out to read on past it.
#[derive(Debug)]
pub struct Error {
    pub problem: Problem,
    pub span: Option<Span>,
    /// The key (or block kind) whose value had the problem, for the wording.
    pub key: Option<String>,
    /// The map entry (by its key's node) or list item to leave out next time.
    pub skip: Option<u32>,
    /// The list that loses an item when `skip` is one of its items.
    pub pruned_list: Option<Span>,
    /// A value of `(map, key)` left out for being wrong.
    pub refused: Option<(u32, String)>,
    /// A consequence of a problem reported already: not reported again.
    pub silent: bool,
}

#[derive(Debug)]
pub enum Problem {
    UnknownKey {
        key: String,
        expected: &'static [&'static str],
    },
    UnknownKind {
        kind: String,
        expected: &'static [&'static str],
    },
    Missing {
        field: &'static str,
    },
    /// A value of the wrong shape: `expected` and `found` in a trainer's words.
    Expected {
        expected: String,
        found: String,
    },
    /// A block map with a second key: `first` is its kind.
    TwoKeys {
        first: String,
        second: String,
    },
    /// A block written as a bare word: `- quote`.
    KindWithoutFields {
        kind: String,
    },
    Other(String),
    /// A problem already said in full (its place included).
    Said(Box<crate::diag::Diagnostic>),
}

impl Error {
    fn new(problem: Problem) -> Self {
        Error {
            problem,
            span: None,
            key: None,
            skip: None,
            pruned_list: None,
            refused: None,
            silent: false,
        }
    }

    fn expected(expected: &str, node: &Node) -> Self {
        let mut error = Error::new(Problem::Expected {
            expected: expected.to_string(),
            found: node.described(),
        });
        error.span = Some(node.span);
        error
    }

    fn is_missing(&self) -> bool {
        matches!(self.problem, Problem::Missing { .. })
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        write!(f, "{:?}", self.problem)
    }
}

impl std::error::Error for Error {}

impl de::Error for Error {
    fn custom<T: fmt::Display>(message: T) -> Self {
        Error::new(Problem::Other(message.to_string()))
    }
    fn unknown_field(field: &str, expected: &'static [&'static str]) -> Self {
        Error::new(Problem::UnknownKey {
            key: field.to_string(),
            expected,
        })
    }
    fn unknown_variant(variant: &str, expected: &'static [&'static str]) -> Self {
        Error::new(Problem::UnknownKind {
            kind: variant.to_string(),
            expected,
        })
    }
    fn missing_field(field: &'static str) -> Self {
        Error::new(Problem::Missing { field })
    }
    fn invalid_type(unexpected: de::Unexpected, expected: &dyn de::Expected) -> Self {
        Error::new(Problem::Expected {
            expected: expected.to_string(),
            found: match unexpected {
                de::Unexpected::Seq => "a list".to_string(),
                de::Unexpected::Map => "a map of keys".to_string(),
                de::Unexpected::Unit | de::Unexpected::Option => "nothing".to_string(),
                de::Unexpected::Str(text) => format!("`{text}`"),
                other => format!("`{other}`"),
            },
        })
    }
    fn invalid_value(unexpected: de::Unexpected, expected: &dyn de::Expected) -> Self {
        Self::invalid_type(unexpected, expected)
    }
    fn duplicate_field(field: &'static str) -> Self {
        Error::new(Problem::Other(format!(
            "`{field}` appears twice in the same map"
        )))
    }
}

const A_LIST: &str = "a list (lines starting with `- `)";
const A_MAP: &str = "a map of keys (`key: value` lines)";
const TEXT: &str = "text";
const A_NUMBER: &str = "a whole number";

impl<'a> De<'a> {
    pub fn new(node: &'a Node, recovery: &'a Recovery) -> Self {
        De { node, recovery }
    }

    fn scalar(&self) -> Option<&'a str> {
        match &self.node.value {
            Value::Scalar(s) => Some(&s.text),
            _ => None,
        }
    }

    fn number<T: std::str::FromStr>(&self) -> Result<T, Error> {
        self.scalar()
            .and_then(|s| s.trim().parse::<T>().ok())
            .ok_or_else(|| Error::expected(A_NUMBER, self.node))
    }

    fn map(&self) -> MapDe<'a> {
        let entries: &'a [Entry] = match &self.node.value {
            Value::Map(entries) => entries,
            _ => &[],
        };
        MapDe {
            map: self.node,
            entries: entries.iter(),
            current: None,
            recovery: self.recovery,
        }
    }
}

/// Text with `: ` in it, read by YAML as a map of one key: said as such.
fn colon_in_text(node: &Node) -> Option<Error> {
    let said = super::problems::colon_in_text(node)?;
    let mut error = Error::new(Problem::Said(Box::new(said)));
    error.span = Some(node.span);
    Some(error)
}

macro_rules! numbers {
    ($($method:ident => $visit:ident: $ty:ty),* $(,)?) => {
        $(fn $method<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
            visitor.$visit(self.number::<$ty>()?)
        })*
    };
}

impl<'de, 'a> Deserializer<'de> for De<'a> {
    type Error = Error;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        match &self.node.value {
            // `- ~` among questions is nothing, like `-`: an empty item.
            Value::Scalar(_) if self.node.is_null() => visitor.visit_str(""),
            Value::Scalar(s) => visitor.visit_str(&s.text),
            Value::List(_) => visitor.visit_seq(SeqDe::new(self)),
            Value::Map(_) => visitor.visit_map(self.map()).map_err(|error| {
                // A text-or-map (a question) whose one key is a sentence is
                // text with `: ` in it.
                match &error.problem {
                    Problem::UnknownKey { key, .. } if key.contains(' ') => {
                        colon_in_text(self.node).unwrap_or(error)
                    }
                    _ => error,
                }
            }),
        }
    }

    fn deserialize_bool<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        let word = self.scalar().map(|s| s.trim().to_lowercase());
        match word.as_deref() {
            Some("true" | "yes" | "on") => visitor.visit_bool(true),
            Some("false" | "no" | "off") => visitor.visit_bool(false),
            _ => Err(Error::expected("`true` or `false`", self.node)),
        }
    }

    numbers! {
        deserialize_i8 => visit_i8: i8,
        deserialize_i16 => visit_i16: i16,
        deserialize_i32 => visit_i32: i32,
        deserialize_i64 => visit_i64: i64,
        deserialize_u8 => visit_u8: u8,
        deserialize_u16 => visit_u16: u16,
        deserialize_u32 => visit_u32: u32,
        deserialize_u64 => visit_u64: u64,
        deserialize_f32 => visit_f32: f32,
        deserialize_f64 => visit_f64: f64,
    }

    fn deserialize_char<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        self.deserialize_str(visitor)
    }

    fn deserialize_str<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        match &self.node.value {
            Value::Scalar(s) if !(self.node.is_null() && s.text.is_empty()) => {
                visitor.visit_str(&s.text)
            }
            Value::Map(_) => {
                Err(colon_in_text(self.node).unwrap_or_else(|| Error::expected(TEXT, self.node)))
            }
            _ => Err(Error::expected(TEXT, self.node)),
        }
    }

    fn deserialize_string<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        self.deserialize_str(visitor)
    }

    fn deserialize_bytes<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        self.deserialize_str(visitor)
    }

    fn deserialize_byte_buf<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        self.deserialize_str(visitor)
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        if self.node.is_null() {
            visitor.visit_none()
        } else {
            visitor.visit_some(self)
        }
    }

    fn deserialize_unit<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        visitor.visit_unit()
    }

    fn deserialize_unit_struct<V: Visitor<'de>>(
        self,
        _: &'static str,
        visitor: V,
    ) -> Result<V::Value, Error> {
        visitor.visit_unit()
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        _: &'static str,
        visitor: V,
    ) -> Result<V::Value, Error> {
        visitor.visit_newtype_struct(self)
    }

    fn deserialize_seq<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        match &self.node.value {
            Value::List(_) => visitor.visit_seq(SeqDe::new(self)),
            _ => Err(Error::expected(A_LIST, self.node)),
        }
    }

    fn deserialize_tuple<V: Visitor<'de>>(self, _: usize, visitor: V) -> Result<V::Value, Error> {
        self.deserialize_seq(visitor)
    }

    fn deserialize_tuple_struct<V: Visitor<'de>>(
        self,
        _: &'static str,
        _: usize,
        visitor: V,
    ) -> Result<V::Value, Error> {
        self.deserialize_seq(visitor)
    }

    fn deserialize_map<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        match &self.node.value {
            Value::Map(_) => visitor.visit_map(self.map()),
            _ if self.node.is_null() => visitor.visit_map(self.map()),
            _ => Err(Error::expected(A_MAP, self.node)),
        }
    }

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        name: &'static str,
        _fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Error> {
        if name == SPANNED {
            return visitor.visit_map(SpannedAccess { de: self, step: 0 });
        }
        let result = match &self.node.value {
            // An empty value is a map with no keys: a struct whose fields are
            // all optional is fine, and one with a required field says which.
            Value::Map(_) => visitor.visit_map(self.map()),
            _ if self.node.is_null() => visitor.visit_map(self.map()),
            _ => return Err(Error::expected(A_MAP, self.node)),
        };
        result.map_err(|mut error| {
            if let Problem::Missing { field } = &error.problem
                && error.span.is_none()
                && self
                    .recovery
                    .refused
                    .contains(&(self.node.id, (*field).to_string()))
            {
                error.silent = true;
            }
            error
        })
    }

    fn deserialize_enum<V: Visitor<'de>>(
        self,
        _: &'static str,
        variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Error> {
        let entries: Vec<&Entry> = match &self.node.value {
            Value::Map(entries) => entries
                .iter()
                .filter(|e| !self.recovery.skip.contains(&e.key.id))
                .collect(),
            Value::Scalar(s) if variants.contains(&s.text.trim()) => {
                let mut error = Error::new(Problem::KindWithoutFields {
                    kind: s.text.trim().to_string(),
                });
                error.span = Some(self.node.span);
                return Err(error);
            }
            _ => {
                return Err(Error::expected(
                    "a block: its kind, a colon, and its fields indented under it",
                    self.node,
                ));
            }
        };
        match entries.as_slice() {
            [entry] => visitor.visit_enum(EnumDe {
                entry,
                recovery: self.recovery,
            }),
            [first, second, ..] => {
                let mut error = Error::new(Problem::TwoKeys {
                    first: first.key.as_str().unwrap_or_default().to_string(),
                    second: second.key.as_str().unwrap_or_default().to_string(),
                });
                error.span = Some(second.key.span);
                error.skip = Some(second.key.id);
                Err(error)
            }
            [] => Err(Error::expected(
                "a block: its kind, a colon, and its fields indented under it",
                self.node,
            )),
        }
    }

    fn deserialize_identifier<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        match self.scalar() {
            Some(text) => visitor.visit_str(text),
            None => Err(Error::expected("a key", self.node)),
        }
    }

    fn deserialize_ignored_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        visitor.visit_unit()
    }
}

/// A map node's entries, leaving out those an earlier attempt skipped.
struct MapDe<'a> {
    map: &'a Node,
    entries: std::slice::Iter<'a, Entry>,
    current: Option<&'a Entry>,
    recovery: &'a Recovery,
}

impl<'de, 'a> MapAccess<'de> for MapDe<'a> {
    type Error = Error;

    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, Error> {
        let Some(entry) = self
            .entries
            .by_ref()
            .find(|e| !self.recovery.skip.contains(&e.key.id))
        else {
            return Ok(None);
        };
        self.current = Some(entry);
        seed.deserialize(De::new(&entry.key, self.recovery))
            .map(Some)
            .map_err(|mut error| {
                if let Problem::UnknownKey { key, expected } = &error.problem {
                    // `- Say this: now` is text with `: ` in it, not an unknown key.
                    if key.contains(' ')
                        && let Some(said) = colon_in_text(self.map)
                    {
                        error.problem = said.problem;
                    } else if let Some(near) = crate::diag::did_you_mean(key, expected) {
                        // `flim:` is the `film` the map then lacks: one problem, said once.
                        error.refused = Some((self.map.id, near.to_string()));
                    }
                }
                error.span.get_or_insert(entry.key.span);
                error.skip.get_or_insert(entry.key.id);
                error
            })
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value, Error> {
        let Some(entry) = self.current else {
            return Err(Error::new(Problem::Other("a value without a key".into())));
        };
        seed.deserialize(De::new(&entry.value, self.recovery))
            .map_err(|mut error| {
                let key = entry.key.as_str().unwrap_or_default().to_string();
                if error.span.is_none() {
                    // A map missing a required key is pointed at by its own key.
                    error.span = Some(if error.is_missing() {
                        entry.key.span
                    } else {
                        entry.value.span
                    });
                }
                if error.key.is_none() {
                    error.key = Some(key.clone());
                }
                if error.skip.is_none() {
                    error.skip = Some(entry.key.id);
                    error.refused = Some((self.map.id, key));
                }
                error
            })
    }
}

/// A list node's items, leaving out those an earlier attempt skipped.
struct SeqDe<'a> {
    list: &'a Node,
    items: std::slice::Iter<'a, Node>,
    recovery: &'a Recovery,
}

impl<'a> SeqDe<'a> {
    fn new(de: De<'a>) -> Self {
        let items: &'a [Node] = match &de.node.value {
            Value::List(items) => items,
            _ => &[],
        };
        SeqDe {
            list: de.node,
            items: items.iter(),
            recovery: de.recovery,
        }
    }
}

impl<'de, 'a> SeqAccess<'de> for SeqDe<'a> {
    type Error = Error;

    fn next_element_seed<T: DeserializeSeed<'de>>(
        &mut self,
        seed: T,
    ) -> Result<Option<T::Value>, Error> {
        let Some(item) = self
            .items
            .by_ref()
            .find(|n| !self.recovery.skip.contains(&n.id))
        else {
            return Ok(None);
        };
        seed.deserialize(De::new(item, self.recovery))
            .map(Some)
            .map_err(|mut error| {
                error.span.get_or_insert(item.span);
                if error.skip.is_none() {
                    error.skip = Some(item.id);
                    error.pruned_list = Some(self.list.span);
                }
                error
            })
    }

    fn size_hint(&self) -> Option<usize> {
        Some(self.items.len())
    }
}

/// A block: the one key of its map is its kind.
struct EnumDe<'a> {
    entry: &'a Entry,
    recovery: &'a Recovery,
}

impl<'de, 'a> EnumAccess<'de> for EnumDe<'a> {
    type Error = Error;
    type Variant = Self;

    fn variant_seed<V: DeserializeSeed<'de>>(self, seed: V) -> Result<(V::Value, Self), Error> {
        let key = &self.entry.key;
        match seed.deserialize(De::new(key, self.recovery)) {
            Ok(value) => Ok((value, self)),
            Err(mut error) => {
                error.span.get_or_insert(key.span);
                Err(error)
            }
        }
    }
}

impl<'de, 'a> VariantAccess<'de> for EnumDe<'a> {
    type Error = Error;

    fn unit_variant(self) -> Result<(), Error> {
        Ok(())
    }

    fn newtype_variant_seed<T: DeserializeSeed<'de>>(self, seed: T) -> Result<T::Value, Error> {
        let Entry { key, value } = self.entry;
        seed.deserialize(De::new(value, self.recovery))
            .map_err(|mut error| {
                if error.span.is_none() {
                    error.span = Some(if error.is_missing() {
                        key.span
                    } else {
                        value.span
                    });
                }
                if error.key.is_none() {
                    error.key = key.as_str().map(str::to_string);
                }
                error
            })
    }

    fn tuple_variant<V: Visitor<'de>>(self, _: usize, visitor: V) -> Result<V::Value, Error> {
        De::new(&self.entry.value, self.recovery).deserialize_seq(visitor)
    }

    fn struct_variant<V: Visitor<'de>>(
        self,
        fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Error> {
        De::new(&self.entry.value, self.recovery).deserialize_struct("", fields, visitor)
    }
}

/// Hands [`super::Spanned`] its node's place, then its value.
struct SpannedAccess<'a> {
    de: De<'a>,
    step: u8,
}

impl<'de, 'a> MapAccess<'de> for SpannedAccess<'a> {
    type Error = Error;

    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, Error> {
        let key = match self.step {
            0 => SPANNED_FIELDS[0],
            1 => SPANNED_FIELDS[1],
            _ => return Ok(None),
        };
        seed.deserialize(de::value::StrDeserializer::<Error>::new(key))
            .map(Some)
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value, Error> {
        self.step += 1;
        if self.step == 1 {
            let span = self.de.node.span;
            let numbers = [
                u64::from(span.file.index()),
                u64::from(span.line),
                u64::from(span.column),
                span.offset as u64,
                span.len as u64,
            ];
            seed.deserialize(de::value::SeqDeserializer::<_, Error>::new(
                numbers.into_iter(),
            ))
        } else {
            seed.deserialize(self.de)
        }
    }
}
