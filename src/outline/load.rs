//! Reading an outline file: bytes -> text -> YAML with positions -> the model.

use std::io::Read;
use std::path::Path;
use std::sync::Arc;

use serde_saphyr::{Budget, Error as YamlError, Options};

use super::model::Outline;
use super::spanned::span_of;
use crate::diag::{Diagnostic, SourceFile, Span, did_you_mean};
use crate::paths::OutlineFileError;

/// The largest outline deckhand reads; a workshop is a few kilobytes.
pub const MAX_OUTLINE_BYTES: usize = 1024 * 1024;

/// Why an outline could not be loaded.
#[derive(Debug, thiserror::Error)]
pub enum LoadError {
    #[error("cannot read `{path}` ({source})")]
    Io {
        path: String,
        #[source]
        source: std::io::Error,
    },
    #[error("the outline has problems")]
    Invalid(Vec<Diagnostic>),
}

/// Reads and parses the outline at `path`; `name` is how messages name the file.
pub fn load_file(path: &Path) -> Result<(Outline, Arc<SourceFile>), LoadError> {
    let name = path.display().to_string();
    let io = |source| LoadError::Io {
        path: name.clone(),
        source,
    };
    let real = match crate::paths::outline_file(path) {
        Ok(real) => real,
        Err(OutlineFileError::Unreadable(source)) => return Err(io(source)),
        Err(refused) => {
            return Err(LoadError::Invalid(vec![
                Diagnostic::error(refused.to_string())
                    .in_file(&Arc::new(SourceFile {
                        name,
                        text: String::new(),
                    }))
                    .with_hint(match refused {
                        OutlineFileError::LinksOut => "deckhand reads only outlines inside the folder they are named in; copy the outline there instead of linking to it",
                        _ => "name an outline: a `.yaml` file of text",
                    }),
            ]));
        }
    };
    // Read at most one byte more than the limit, so that a huge file is
    // refused without being read whole.
    let file = std::fs::File::open(&real).map_err(io)?;
    let mut bytes = Vec::new();
    file.take(MAX_OUTLINE_BYTES as u64 + 1)
        .read_to_end(&mut bytes)
        .map_err(io)?;
    load_bytes(&name, bytes)
}

/// Parses outline bytes (which must be UTF-8 and at most [`MAX_OUTLINE_BYTES`]).
pub fn load_bytes(name: &str, bytes: Vec<u8>) -> Result<(Outline, Arc<SourceFile>), LoadError> {
    let file_only = |message: &str, hint: &str| {
        let source = Arc::new(SourceFile {
            name: name.to_string(),
            text: String::new(),
        });
        LoadError::Invalid(vec![
            Diagnostic::error(message).in_file(&source).with_hint(hint),
        ])
    };
    if bytes.len() > MAX_OUTLINE_BYTES {
        return Err(file_only(
            "the outline is larger than 1 MiB",
            "a workshop outline is text of a few kilobytes; split it into several workshops",
        ));
    }
    let text = match String::from_utf8(bytes) {
        Ok(text) => text,
        Err(error) => {
            let offset = error.utf8_error().valid_up_to();
            let text = String::from_utf8_lossy(error.as_bytes()).into_owned();
            let source = Arc::new(SourceFile {
                name: name.to_string(),
                text,
            });
            let span = Span::at_offset(&source.text, offset, 1);
            return Err(LoadError::Invalid(vec![
                Diagnostic::error("the outline is not UTF-8 text")
                    .at(&source, span)
                    .with_hint("save the file as UTF-8 in your editor"),
            ]));
        }
    };
    load_str(name, text)
}

/// Parses outline text; `name` is how messages name the file.
pub fn load_str(name: &str, text: String) -> Result<(Outline, Arc<SourceFile>), LoadError> {
    let source = Arc::new(SourceFile {
        name: name.to_string(),
        text,
    });
    let meaningful = source
        .text
        .lines()
        .any(|l| !l.trim().is_empty() && !l.trim_start().starts_with('#') && l.trim() != "---");
    if !meaningful {
        return Err(LoadError::Invalid(vec![
            Diagnostic::error("the outline is empty")
                .in_file(&source)
                .with_hint("start with `title:` and `sections:`; `deckhand new FILE` writes a starter outline"),
        ]));
    }
    let first = source
        .text
        .lines()
        .map(str::trim)
        .find(|l| !l.is_empty() && !l.starts_with('#') && *l != "---")
        .unwrap_or_default();
    // A file that is not an outline is named, never quoted: it may be a file
    // of secrets named by mistake (or by a hostile pull request).
    if !has_outline_key(&source.text) {
        return Err(LoadError::Invalid(vec![
            Diagnostic::error("this file is not a workshop outline")
                .in_file(&source)
                .with_hint("an outline is a map of keys like `title:` and `sections:`, starting at the left margin; `deckhand new FILE` writes one"),
        ]));
    }
    if first.starts_with('-') || first.starts_with('[') || !first.contains(':') {
        let offset = source.text.find(first).unwrap_or(0);
        return Err(LoadError::Invalid(vec![
            Diagnostic::error("the outline must be a map of keys like `title:` and `sections:`")
                .at(&source, Span::at_offset(&source.text, offset, first.len()))
                .with_hint("the first line of an outline is usually `title: …`"),
        ]));
    }
    let mut budget = Budget::default();
    budget.max_events = 200_000;
    // An outline has no use for many aliases or deep nesting; refusing them
    // up front bounds the time and memory of "billion laughs" inputs.
    budget.max_aliases = 50;
    budget.max_anchors = 50;
    budget.max_depth = 32;
    budget.max_nodes = 200_000;
    budget.max_total_scalar_bytes = MAX_OUTLINE_BYTES;
    let over_budget = serde_saphyr::budget::check_yaml_budget(
        &source.text,
        budget.clone(),
        serde_saphyr::budget::EnforcingPolicy::AllContent,
    )
    .is_ok_and(|report| report.breached.is_some());
    if over_budget {
        return Err(LoadError::Invalid(vec![
            Diagnostic::error(
                "the outline is too large or too deeply nested once its aliases are expanded",
            )
            .in_file(&source)
            .with_hint("an outline needs no more than a few levels of nesting and few `*aliases`"),
        ]));
    }
    let mut options = Options::default();
    options.budget = Some(budget);
    match serde_saphyr::from_str_with_options::<Outline>(&source.text, options.clone()) {
        Ok(outline) => Ok((outline, source)),
        Err(error) => {
            let mut found = vec![yaml_diagnostic(&error, &source)];
            found.extend(later_structural_errors(&source, &error, &options));
            Err(LoadError::Invalid(found))
        }
    }
}

/// Whether a line of `text` is a `title:` or `sections:` key, the two every
/// outline has: only then may a message quote the file's lines.
fn has_outline_key(text: &str) -> bool {
    text.lines().any(|line| {
        let line = line.trim_start().trim_start_matches(['-', ' ', '{']);
        let Some((key, _)) = line.split_once(':') else {
            return false;
        };
        matches!(key.trim().trim_matches(['"', '\'']), "title" | "sections")
    })
}

/// How many structural problems one run reports at most.
const MAX_STRUCTURAL_ERRORS: usize = 20;

/// Finds the structural problems after the first one.
///
/// The YAML reader stops at its first problem. For the kinds a trainer makes
/// most (a misspelt key or block kind, a value of the wrong type), the
/// offending lines are blanked out, in place so that every position stays
/// the same, and the file is read again to find the next problem.
fn later_structural_errors(
    source: &Arc<SourceFile>,
    first: &YamlError,
    options: &Options,
) -> Vec<Diagnostic> {
    let mut found = Vec::new();
    let mut text = source.text.clone();
    let mut error = structural_kind(innermost(first));
    while found.len() < MAX_STRUCTURAL_ERRORS {
        let Some((line, recoverable, was_type_error)) = error else {
            break;
        };
        if !recoverable || !blank_node(&mut text, line) {
            break;
        }
        match serde_saphyr::from_str_with_options::<Outline>(&text, options.clone()) {
            Ok(_) => break,
            Err(next) => {
                let inner = innermost(&next);
                // A required value blanked out after a type error is not a new problem.
                if was_type_error && matches!(inner, YamlError::SerdeMissingField { .. }) {
                    break;
                }
                found.push(yaml_diagnostic(&next, source));
                error = structural_kind(inner);
            }
        }
    }
    found
}

fn innermost(mut error: &YamlError) -> &YamlError {
    while let YamlError::WithSnippet { error: inner, .. } = error {
        error = inner;
    }
    error
}

/// The error's line, whether reading can go on past it, and whether it is a type error.
fn structural_kind(error: &YamlError) -> Option<(u32, bool, bool)> {
    {
        let line = u32::try_from(error.location()?.line()).ok()?;
        let (recoverable, type_error) = match error {
            YamlError::SerdeUnknownField { .. }
            | YamlError::SerdeUnknownVariant { .. }
            | YamlError::DuplicateMappingKey { .. } => (true, false),
            YamlError::SerdeInvalidType { .. }
            | YamlError::SerdeInvalidValue { .. }
            | YamlError::InvalidScalar { .. } => (true, true),
            _ => (false, false),
        };
        Some((line, recoverable, type_error))
    }
}

/// Replaces line `line` (1-based) and the more indented lines under it with
/// spaces, keeping every byte offset. False when there is nothing to blank.
fn blank_node(text: &mut String, line: u32) -> bool {
    let lines: Vec<&str> = text.split_inclusive('\n').collect();
    let Some(first) = lines.get(line.saturating_sub(1) as usize) else {
        return false;
    };
    if first.trim().is_empty() {
        return false;
    }
    let indent = |l: &str| l.len() - l.trim_start_matches(' ').len();
    let own_indent = indent(first);
    let mut end = line as usize;
    while let Some(next) = lines.get(end) {
        let blank = next.trim().is_empty() || next.trim_start().starts_with('#');
        if !blank && indent(next) <= own_indent {
            break;
        }
        end += 1;
    }
    let blanked: String = lines
        .iter()
        .enumerate()
        .map(|(i, l)| {
            if i + 1 >= line as usize && i < end {
                l.bytes()
                    .map(|b| if b == b'\n' { '\n' } else { ' ' })
                    .collect::<String>()
            } else {
                (*l).to_string()
            }
        })
        .collect();
    *text = blanked;
    true
}

/// Turns the YAML reader's error into a message in the trainer's terms.
fn yaml_diagnostic(error: &YamlError, source: &Arc<SourceFile>) -> Diagnostic {
    let mut error = error;
    while let YamlError::WithSnippet { error: inner, .. } = error {
        error = inner;
    }
    let span = error.location().map(|l| {
        let span = span_of(&l);
        if span.offset == 0 && span.line > 1 {
            line_col_span(&source.text, span.line, span.column)
        } else {
            span
        }
    });
    let diagnostic = match error {
        YamlError::SerdeUnknownField {
            field, expected, ..
        } => {
            let d = Diagnostic::error(format!("unknown key `{field}`"));
            match did_you_mean(field, expected) {
                Some(near) => d.with_hint(format!("did you mean `{near}`?")),
                None => d.with_hint(format!("the keys allowed here are {}", list(expected))),
            }
        }
        YamlError::SerdeUnknownVariant {
            variant, expected, ..
        } => {
            let d = Diagnostic::error(format!("unknown block kind `{variant}`"));
            let d = match did_you_mean(variant, expected) {
                Some(near) => d.with_hint(format!("did you mean `{near}`?")),
                None => d,
            };
            d.with_hint(format!("the block kinds are {}", list(expected)))
        }
        YamlError::SerdeMissingField { field, .. } => {
            Diagnostic::error(format!("missing `{field}`"))
                .with_hint(format!("add `{field}:` to this map; it is required"))
        }
        YamlError::SerdeInvalidType {
            unexpected,
            expected,
            ..
        }
        | YamlError::SerdeInvalidValue {
            unexpected,
            expected,
            ..
        } => Diagnostic::error(format!(
            "expected {}, found {}",
            plain_expected(expected),
            unexpected
        )),
        YamlError::DuplicateMappingKey { key, .. } => Diagnostic::error(match key {
            Some(key) => format!("`{key}` appears twice in the same map"),
            None => "a key appears twice in the same map".to_string(),
        })
        .with_hint("keep one of them"),
        YamlError::Budget { .. }
        | YamlError::AliasReplayLimitExceeded { .. }
        | YamlError::AliasExpansionLimitExceeded { .. }
        | YamlError::AliasReplayStackDepthExceeded { .. } => Diagnostic::error(
            "the outline is too large or too deeply nested once its aliases are expanded",
        )
        .with_hint("an outline needs no more than a few levels of nesting and few `*aliases`"),
        YamlError::InvalidScalar { ty, .. } => {
            let found = span
                .and_then(|s| source.text.get(s.offset..s.offset + s.len))
                .unwrap_or_default();
            Diagnostic::error(format!("expected {}, found `{found}`", plain_expected(ty)))
        }
        other => {
            let text = other.without_snippet().to_string();
            let first = text.lines().next().unwrap_or("the YAML could not be read");
            let first = strip_location(first);
            let first = if first.contains("mapping values are not allowed") {
                "this `key:` does not line up with the keys around it"
            } else {
                first
            };
            let mut d = Diagnostic::error(format!("invalid YAML: {first}"));
            if source.text.contains('\t') {
                d = d.with_hint("YAML indentation must use spaces, not tabs");
            } else {
                d = d.with_hint(
                    "check the indentation, quotes and brackets on this line and the one before",
                );
            }
            d
        }
    };
    match span {
        Some(span) => diagnostic.at(source, span),
        None => diagnostic.in_file(source),
    }
}

fn line_col_span(text: &str, line: u32, column: u32) -> Span {
    let mut offset = 0;
    for (i, l) in text.split_inclusive('\n').enumerate() {
        if i + 1 == line as usize {
            let col_bytes: usize = l
                .chars()
                .take(column.saturating_sub(1) as usize)
                .map(char::len_utf8)
                .sum();
            return Span::at_offset(text, offset + col_bytes, 1);
        }
        offset += l.len();
    }
    Span::at_offset(text, text.len(), 1)
}

fn strip_location(message: &str) -> &str {
    match message.find(" at line ") {
        Some(i) => &message[..i],
        None => message,
    }
}

fn list(items: &[&str]) -> String {
    items
        .iter()
        .map(|i| format!("`{i}`"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// Serde's wording for expected types, in a trainer's words.
fn plain_expected(expected: &str) -> String {
    let e = expected.to_lowercase();
    if e.starts_with("u8") || e.starts_with("u16") || e.starts_with("u32") || e.contains("integer")
    {
        "a whole number".to_string()
    } else if e.contains("sequence") {
        "a list (lines starting with `- `)".to_string()
    } else if e.contains("struct") || e.contains("map") || e.contains("enum") {
        "a map of keys (`key: value` lines)".to_string()
    } else if e.contains("string") {
        "text".to_string()
    } else {
        expected.to_string()
    }
}
