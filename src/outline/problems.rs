//! Problems met while reading YAML, said in a trainer's words at their place.

use serde_saphyr::Error as YamlError;

use super::de::{Error, Problem};
use super::model::Block;
use super::spanned::span_of;
use super::yaml::{Node, Style, Value};
use crate::diag::{Diagnostic, FileId, Span, did_you_mean, source};

/// A problem the tree's deserializer found, as a diagnostic.
pub fn from_model_error(error: &Error, file: FileId) -> Diagnostic {
    let key = error.key.as_deref();
    let diagnostic = match &error.problem {
        Problem::UnknownKey { key, expected } => error
            .span
            .and_then(|span| split_by_comma(span, key))
            .unwrap_or_else(|| unknown_key(key, expected)),
        Problem::UnknownKind { kind, expected } => {
            let mut candidates: Vec<&str> = expected.to_vec();
            candidates.push("include");
            let d = Diagnostic::error(format!("unknown block kind `{kind}`"));
            let d = match did_you_mean(kind, &candidates) {
                Some(near) => d.with_hint(format!("did you mean `{near}`?")),
                None => d,
            };
            d.with_hint(format!("the block kinds are {}", list(expected)))
        }
        Problem::Missing { field } => {
            let message = match key {
                Some(owner) => format!("this `{owner}` has no `{field}`"),
                None if error.span.is_none() => format!("the outline has no `{field}`"),
                None => format!("this item has no `{field}`"),
            };
            Diagnostic::error(message).with_hint(format!(
                "add `{field}:` with its value under it; it is required"
            ))
        }
        Problem::Expected { expected, found } => {
            let expected = plain_expected(expected);
            match (key, found.as_str()) {
                (Some(key), "nothing") => Diagnostic::error(format!("`{key}` is empty")).with_hint(
                    format!("write its value after `{key}: ` on the same line, or remove the key"),
                ),
                (Some(key), found) => {
                    let d = Diagnostic::error(format!("`{key}` should be {expected}, not {found}"));
                    match shape_example(key, &expected, found) {
                        Some(example) => d.with_hint(example),
                        None => d,
                    }
                }
                (None, found) => Diagnostic::error(format!("expected {expected}, found {found}")),
            }
        }
        Problem::TwoKeys { first, second } => {
            let d = Diagnostic::error(format!(
                "a block has one kind, but this `{first}` block also has `{second}` beside it"
            ));
            if Block::KINDS.contains(&second.as_str()) {
                d.with_hint(format!(
                    "start each block on a line of its own: `- {second}:` under the `- {first}:` block"
                ))
            } else {
                d.with_hint(format!(
                    "indent `{second}:` to line up with the other keys of the `{first}`"
                ))
            }
        }
        Problem::KindWithoutFields { kind } => {
            Diagnostic::error(format!("the `{kind}` block has nothing in it")).with_hint(format!(
                "write `{kind}:` with a colon, and its fields indented under it"
            ))
        }
        Problem::Other(message) => Diagnostic::error(message.clone()),
        Problem::Said(said) => return (**said).clone(),
    };
    match error.span {
        Some(span) => diagnostic.at(span),
        None => diagnostic.at(Span::start_of(file)),
    }
}

/// `unknown key` with "did you mean" or the keys allowed.
pub fn unknown_key(key: &str, expected: &[&str]) -> Diagnostic {
    let d = Diagnostic::error(format!("unknown key `{key}`"));
    let allowed: Vec<&str> = expected
        .iter()
        .copied()
        .filter(|k| !k.starts_with('$'))
        .collect();
    if let Some(near) = did_you_mean(key, &allowed) {
        return d.with_hint(format!("did you mean `{near}`?"));
    }
    let meant = SAME_MEANING
        .iter()
        .find(|(word, meant)| key.eq_ignore_ascii_case(word) && allowed.contains(meant));
    match meant {
        Some((_, "source")) => d.with_hint(
            "write the film and its year in `source`, like `source: Jerry Maguire (1996)`, and who says the line in `by`",
        ),
        Some((_, meant)) => {
            d.with_hint(format!("did you mean `{meant}`? It is this block's name for that"))
        }
        None => d.with_hint(format!("the keys allowed here are {}", list(&allowed))),
    }
}

/// How to write `key`'s value in the shape expected, shown with the value
/// the trainer wrote (`found`, in backticks): a text where a list goes
/// becomes a list of that one item, a block kind given a bare value gets its
/// main field (`break: 10` is `break: {minutes: 10}`).
fn shape_example(key: &str, expected: &str, found: &str) -> Option<String> {
    let value = found.strip_prefix('`')?.strip_suffix('`')?;
    if expected.starts_with("a list") {
        return Some(format!(
            "a list has one item per line, each starting with `- `: write `{key}:` alone on its line, then `- {value}` indented on the line under it"
        ));
    }
    if !expected.starts_with("a map") {
        return None;
    }
    let field = match key {
        "scene" => "film",
        "quote" => "text",
        "lesson" | "activity" | "roleplay" | "text" => "title",
        "break" => "minutes",
        "image" => "src",
        _ => return None,
    };
    Some(format!(
        "a `{key}` block holds its fields as `key: value` lines indented under it: write `{key}: {{{field}: {value}}}`, or `{field}: {value}` on the line under `{key}:`"
    ))
}

/// A key that is the rest of a text a comma cut off, in a `{ … }` map where
/// a comma separates entries (`{by: Vivian, Pretty Woman}`): says so, with the
/// text quoted whole.
fn split_by_comma(span: Span, key: &str) -> Option<Diagnostic> {
    let text = source(span.file)?;
    let before = text.text.get(..span.offset)?;
    let comma = before.trim_end_matches([' ', '\t']);
    let comma = comma.strip_suffix(',')?;
    // The entry before the comma, back to the `{` or the comma before it.
    let entry_start = comma.rfind([',', '{'])? + 1;
    let (previous_key, previous_value) = comma[entry_start..].split_once(':')?;
    let (previous_key, previous_value) = (previous_key.trim(), previous_value.trim());
    // Only a key written without its own value: `Pretty Woman` then `,` or `}`.
    let after = text.text.get(span.offset + span.len..)?.trim_start();
    if previous_key.is_empty() || previous_value.is_empty() || !after.starts_with([',', '}']) {
        return None;
    }
    let whole = format!("{previous_value}, {key}");
    Some(
        Diagnostic::error(format!(
            "`{key}` is read as a key: in `{{ … }}` a comma separates keys, so the comma in `{previous_key}: {whole}` cut the text in two"
        ))
        .at(span)
        .with_hint(format!(
            "put the whole text in quotes: `{previous_key}: {}`",
            quoted(&whole)
        )),
    )
}

/// Words trainers write for a key that has another name here: an activity's
/// `steps` are its `instructions`, a quote's `film` is its `source`.
const SAME_MEANING: &[(&str, &str)] = &[
    ("steps", "instructions"),
    ("step", "instructions"),
    ("film", "source"),
    ("movie", "source"),
    ("year", "source"),
    ("author", "by"),
    ("speaker", "by"),
    ("who", "by"),
    ("time", "minutes"),
    ("duration", "minutes"),
    ("length", "minutes"),
    ("question", "ask"),
    ("questions", "ask"),
    ("image", "still"),
    ("picture", "still"),
    ("photo", "still"),
    ("description", "setup"),
    ("bullets", "points"),
];

/// Text that holds `: ` is read by YAML as a key and its value. When a text
/// was expected and such a map was found, says so and shows the fixed line.
pub fn colon_in_text(node: &Node) -> Option<Diagnostic> {
    let [entry] = node.entries()? else {
        return None;
    };
    let (Value::Scalar(key), Value::Scalar(_)) = (&entry.key.value, &entry.value.value) else {
        return None;
    };
    if key.style != Style::Plain || !key.text.contains(' ') {
        return None;
    }
    let text = source(node.span.file)?;
    let line = line_of(&text.text, entry.key.span.offset);
    let start = entry.key.span.offset - line.0;
    let fixed = format!("{}{}", &line.1[..start], quoted(line.1[start..].trim_end()));
    Some(
        Diagnostic::error("this text contains `: `, so YAML reads it as a key and a value")
            .at(entry.key.span)
            .with_hint(format!("put the whole text in quotes: `{}`", fixed.trim())),
    )
}

/// The YAML reader's error (broken syntax, too large), in a trainer's words.
pub fn from_yaml_error(error: &YamlError, file: FileId) -> Diagnostic {
    let mut error = error;
    while let YamlError::WithSnippet { error: inner, .. } = error {
        error = inner;
    }
    let text = source(file).map(|s| s.text.clone()).unwrap_or_default();
    let span = error.location().map(|l| {
        let span = span_of(&l).in_file(file);
        if span.offset == 0 && span.line > 1 {
            line_col_span(&text, span.line, span.column).in_file(file)
        } else {
            span
        }
    });
    let described = error.without_snippet().to_string();
    let diagnostic = match error {
        YamlError::Budget {
            breach: serde_saphyr::budget::BudgetBreach::Depth { .. },
            ..
        } => Diagnostic::error("the file nests more than 32 levels deep").with_hint(
            "an outline needs about ten levels; look for brackets `[` or `{` that are never closed",
        ),
        YamlError::Budget { .. }
        | YamlError::AliasReplayLimitExceeded { .. }
        | YamlError::AliasExpansionLimitExceeded { .. }
        | YamlError::AliasReplayStackDepthExceeded { .. } => Diagnostic::error(
            "the file is too large or too deeply nested once its aliases are expanded",
        )
        .with_hint("an outline needs no more than a few levels of nesting and few `*aliases`"),
        _ if described.contains("budget breached") || described.contains("alias") => {
            Diagnostic::error(
                "the file is too large or too deeply nested once its aliases are expanded",
            )
            .with_hint("an outline needs no more than a few levels of nesting and few `*aliases`")
        }
        _ if described.contains("from_str_multiple")
            || described.contains("multiple documents") =>
        {
            Diagnostic::error("the file holds more than one YAML document").with_hint(
                "keep one workshop per file: remove the `---` line that starts a second one",
            )
        }
        _ if described.contains("binary") || described.contains("tag") => {
            Diagnostic::error("this value has a YAML tag (`!!…`) that deckhand does not read")
                .with_hint("remove the tag and write the value as plain text")
        }
        _ => return syntax_problem(&text, file, span, &described),
    };
    match span {
        Some(span) => diagnostic.at(span),
        None => diagnostic.in_file(file),
    }
}

/// A YAML syntax error (`described` by the parser, at `span`), pointed at
/// its likely cause: a pasted control character, a tab in the indentation,
/// a `: ` inside a text, a key out of line.
fn syntax_problem(text: &str, file: FileId, span: Option<Span>, described: &str) -> Diagnostic {
    // A control character pasted into the file stops the YAML
    // parser; point at it rather than at where the parser gave up.
    if let Some(offset) = text.find(|c: char| c.is_control() && !matches!(c, '\t' | '\n' | '\r')) {
        let c = text[offset..].chars().next().unwrap_or_default();
        return Diagnostic::error(format!(
            "the file holds the control character U+{:04X}, which no document can show",
            c as u32
        ))
        .at(Span::at_offset(text, offset, c.len_utf8()).in_file(file))
        .with_hint("remove it: it is invisible, and usually comes from a copy and paste");
    }
    // A tab in the indentation is the usual cause; point at it.
    if let Some(tab) = first_indenting_tab(text) {
        return Diagnostic::error("a tab is used for indentation")
            .at(Span::at_offset(text, tab, 1).in_file(file))
            .with_hint("YAML indentation must use spaces: replace the tab with spaces");
    }
    let at = |diagnostic: Diagnostic| match span {
        Some(span) => diagnostic.at(span),
        None => diagnostic.in_file(file),
    };
    let first = described
        .lines()
        .next()
        .unwrap_or("the YAML could not be read");
    let first = strip_location(first);
    if first.contains("mapping values are not allowed") {
        if let Some(fix) = span.and_then(|s| quoted_value_fix(text, s)) {
            return at(Diagnostic::error(
                "this text contains `: `, which YAML reads as the start of another key",
            )
            .with_hint(format!("put the whole text in quotes: `{fix}`")));
        }
        if let Some(misaligned) = span.and_then(|s| misaligned_key(text, s, file)) {
            return misaligned;
        }
        at(
            Diagnostic::error("this `key:` does not line up with the keys around it")
                .with_hint("check the indentation of this line and the one before"),
        )
    } else if first.contains("did not find expected key")
        && let Some(misaligned) = span.and_then(|s| misaligned_key(text, s, file))
    {
        misaligned
    } else {
        at(Diagnostic::error(format!(
            "the YAML cannot be read here: {}",
            trainer_words(first)
        ))
        .with_hint("check the indentation, quotes and brackets on this line and the one before"))
    }
}

/// The parser's phrases, with its vocabulary (scalars, sequences) in plain words.
fn trainer_words(message: &str) -> String {
    message
        .replace("block scalar", "block of text")
        .replace("plain scalar", "text")
        .replace("scalar", "value")
        .replace("block sequence", "list")
        .replace("sequence", "list")
        .replace("block mapping", "map")
        .replace("mapping", "map")
}

/// The byte offset of the first tab among a line's leading white space.
fn first_indenting_tab(text: &str) -> Option<usize> {
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        let indent = line.len() - line.trim_start_matches([' ', '\t']).len();
        if let Some(tab) = line[..indent].find('\t') {
            return Some(offset + tab);
        }
        offset += line.len();
    }
    None
}

/// For a `key:` at `span`'s line that starts in another column than the
/// key on the line above it, what to do: the usual slip is a space too many
/// or too few.
fn misaligned_key(text: &str, span: Span, file: FileId) -> Option<Diagnostic> {
    let lines: Vec<&str> = text.lines().collect();
    let index = span.line.checked_sub(1)? as usize;
    let line_start: usize = text.split_inclusive('\n').take(index).map(str::len).sum();
    let (column, key) = key_of(lines.get(index)?)?;
    let (above_column, above) = lines[..index]
        .iter()
        .rev()
        .filter(|l| !l.trim().is_empty() && !l.trim_start().starts_with('#'))
        .find_map(|l| key_of(l))?;
    if column == above_column || column.abs_diff(above_column) > 2 {
        return None;
    }
    let spaces = |n: usize| {
        if n == 1 {
            "1 space".into()
        } else {
            format!("{n} spaces")
        }
    };
    let (by, way) = if column > above_column {
        (column - above_column, "left")
    } else {
        (above_column - column, "right")
    };
    Some(
        Diagnostic::error(format!(
            "`{key}:` starts in column {}, but `{above}:` on the line above in column {}, so YAML cannot tell which block `{key}:` belongs to",
            column + 1,
            above_column + 1,
        ))
        .with_hint(format!(
            "keys of one block start in the same column: move `{key}:` {} to the {way}",
            spaces(by)
        ))
        .at(Span::at_offset(text, line_start + column, key.len()).in_file(file)),
    )
}

/// The column (counted from 0) and name of the key a line starts, after a
/// list's `- ` if it has one: `(4, "title")` for `  - title: One`.
fn key_of(line: &str) -> Option<(usize, &str)> {
    let indent = line.len() - line.trim_start_matches(' ').len();
    let rest = &line[indent..];
    let (column, rest) = match rest.strip_prefix("- ") {
        Some(item) => (
            indent + 2 + (item.len() - item.trim_start().len()),
            item.trim_start(),
        ),
        None => (indent, rest),
    };
    let key = rest.split_once(':')?.0;
    let plain = !key.is_empty()
        && key
            .chars()
            .all(|c| c.is_alphanumeric() || c == '_' || c == '-');
    plain.then_some((column, key))
}

/// For `key: text: more` at `span`'s line, the same line with the text quoted.
fn quoted_value_fix(text: &str, span: Span) -> Option<String> {
    let line = text.lines().nth(span.line.checked_sub(1)? as usize)?;
    let trimmed = line.trim_start();
    let item = trimmed.strip_prefix("- ").unwrap_or(trimmed);
    let (key, value) = item.split_once(": ")?;
    if key.contains(' ') || value.trim().is_empty() {
        // `- Say this: then that`: the whole item is the text.
        return Some(format!("- {}", quoted(item.trim_end())));
    }
    let prefix = &trimmed[..trimmed.len() - item.len()];
    Some(format!("{prefix}{key}: {}", quoted(value.trim_end())))
}

/// `"text"`, with inner quotes and backslashes escaped.
fn quoted(text: &str) -> String {
    format!("\"{}\"", text.replace('\\', "\\\\").replace('"', "\\\""))
}

/// The start offset and text of the line holding byte `offset`.
fn line_of(text: &str, offset: usize) -> (usize, &str) {
    let start = text[..offset.min(text.len())]
        .rfind('\n')
        .map_or(0, |i| i + 1);
    let end = text[start..].find('\n').map_or(text.len(), |i| start + i);
    (start, &text[start..end])
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

pub fn list(items: &[&str]) -> String {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_colon_in_a_value_is_quoted_in_the_fix() {
        let text = "title: T\ntakeaway: Direct the call: now\n";
        let span = Span::at_offset(text, 25, 1);
        assert_eq!(
            quoted_value_fix(text, span).as_deref(),
            Some("takeaway: \"Direct the call: now\"")
        );
        let text = "ask:\n  - Say what you do: I send \"someone\" now.\n";
        let span = Span::at_offset(text, 25, 1);
        assert_eq!(
            quoted_value_fix(text, span).as_deref(),
            Some("- \"Say what you do: I send \\\"someone\\\" now.\"")
        );
    }

    #[test]
    fn tabs_in_indentation_are_found() {
        assert_eq!(first_indenting_tab("a:\n  b: c\n \tc: d\n"), Some(11));
        assert_eq!(first_indenting_tab("a: b\tc\n"), None);
    }
}
