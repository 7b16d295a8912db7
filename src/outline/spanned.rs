//! Values that remember where they stood in the YAML file.

use std::borrow::Cow;
use std::fmt;
use std::marker::PhantomData;
use std::str::FromStr;

use schemars::{JsonSchema, Schema, SchemaGenerator};
use serde::de::{self, Deserializer, Visitor};
use serde::{Deserialize, Serialize, Serializer};

use super::de::{SPANNED, SPANNED_FIELDS};
use crate::diag::{FileId, Span};

/// A value with the position of its YAML node, so messages can point at it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Spanned<T> {
    pub value: T,
    pub span: Span,
}

impl<T> Spanned<T> {
    pub fn new(value: T, span: Span) -> Self {
        Spanned { value, span }
    }
}

impl<T> std::ops::Deref for Spanned<T> {
    type Target = T;
    fn deref(&self) -> &T {
        &self.value
    }
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for Spanned<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_struct(SPANNED, SPANNED_FIELDS, SpannedVisitor(PhantomData))
    }
}

/// Reads the place the tree's deserializer hands over, then the value.
struct SpannedVisitor<T>(PhantomData<T>);

impl<'de, T: Deserialize<'de>> Visitor<'de> for SpannedVisitor<T> {
    type Value = Spanned<T>;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a value")
    }

    fn visit_map<A: de::MapAccess<'de>>(self, mut map: A) -> Result<Spanned<T>, A::Error> {
        let mut span = Span::default();
        let mut value = None;
        while let Some(key) = map.next_key::<String>()? {
            if key == SPANNED_FIELDS[0] {
                let [file, line, column, offset, len]: [u64; 5] = map.next_value()?;
                span = Span {
                    file: FileId::from_index(u32::try_from(file).unwrap_or(0)),
                    line: u32::try_from(line).unwrap_or(u32::MAX),
                    column: u32::try_from(column).unwrap_or(u32::MAX),
                    offset: usize::try_from(offset).unwrap_or(0),
                    len: usize::try_from(len).unwrap_or(0),
                };
            } else {
                value = Some(map.next_value()?);
            }
        }
        let value = value.ok_or_else(|| de::Error::custom("a value without its place"))?;
        Ok(Spanned { value, span })
    }
}

/// Converts the YAML parser's location into ours (1-based line and column, bytes).
pub(crate) fn span_of(location: &serde_saphyr::Location) -> Span {
    let span = location.span();
    Span {
        file: FileId::NONE,
        line: u32::try_from(location.line()).unwrap_or(u32::MAX),
        column: u32::try_from(location.column()).unwrap_or(u32::MAX),
        offset: span
            .byte_offset()
            .and_then(|o| usize::try_from(o).ok())
            .unwrap_or(0),
        len: span
            .byte_len()
            .and_then(|l| usize::try_from(l).ok())
            .unwrap_or(0),
    }
}

impl<T: Serialize> Serialize for Spanned<T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.value.serialize(serializer)
    }
}

impl<T: JsonSchema> JsonSchema for Spanned<T> {
    fn inline_schema() -> bool {
        true
    }
    fn schema_name() -> Cow<'static, str> {
        T::schema_name()
    }
    fn json_schema(generator: &mut SchemaGenerator) -> Schema {
        T::json_schema(generator)
    }
}

/// A scalar kept as the user wrote it, with the result of parsing it.
///
/// Parsing never fails the load: a bad value is reported by validation,
/// together with every other problem in the file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Parsed<T> {
    pub raw: String,
    pub value: Result<T, String>,
}

impl<T> Parsed<T> {
    pub fn ok(&self) -> Option<&T> {
        self.value.as_ref().ok()
    }
}

impl<'de, T> Deserialize<'de> for Parsed<T>
where
    T: FromStr<Err = String>,
{
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let raw = deserializer.deserialize_any(ScalarText(PhantomData::<T>))?;
        let value = raw.trim().parse::<T>();
        Ok(Parsed { raw, value })
    }
}

/// Accepts any scalar as text: `duration: 90` means the same as `duration: "90"`.
struct ScalarText<T>(PhantomData<T>);

impl<T> Visitor<'_> for ScalarText<T> {
    type Value = String;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a single value (text or a number)")
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<String, E> {
        Ok(v.to_string())
    }
    fn visit_string<E: de::Error>(self, v: String) -> Result<String, E> {
        Ok(v)
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<String, E> {
        Ok(v.to_string())
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<String, E> {
        Ok(v.to_string())
    }
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<String, E> {
        Ok(v.to_string())
    }
    fn visit_bool<E: de::Error>(self, v: bool) -> Result<String, E> {
        Ok(v.to_string())
    }
}

impl<T> Serialize for Parsed<T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.raw)
    }
}

// A value's schema is its type's (`schema.rs`): what the parser accepts, so
// that an editor flags what `check` would.
impl<T: JsonSchema> JsonSchema for Parsed<T> {
    fn inline_schema() -> bool {
        true
    }
    fn schema_name() -> Cow<'static, str> {
        T::schema_name()
    }
    fn json_schema(generator: &mut SchemaGenerator) -> Schema {
        T::json_schema(generator)
    }
}
