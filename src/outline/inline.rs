//! The inline emphasis of outline text: `*emphasis*` and `**strong**`, nothing else.
//!
//! Everything that is not one of those two marks stays literal text, Markdown's
//! block syntax included: `- not a list` and `# 1 priority` print as written.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// A stretch of text with one style.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct Run {
    /// The text, to print as it is.
    pub text: String,
    /// `**strong**` text: present (and true) only then.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub strong: bool,
    /// `*emphasised*` text: present (and true) only then.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub emph: bool,
    /// Words that differ from the other version of the text: present (and
    /// true) only in the data of `deckhand diff`'s review, where `rich`
    /// draws them highlighted.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub changed: bool,
}

/// Splits `text` into styled runs. Unmatched stars stay as they are.
pub fn parse_inline(text: &str) -> Vec<Run> {
    let mut runs = Vec::new();
    parse_into(text, false, false, &mut runs);
    runs
}

fn parse_into(text: &str, strong: bool, emph: bool, runs: &mut Vec<Run>) {
    let mut literal = String::new();
    let mut rest = text;
    while let Some(c) = rest.chars().next() {
        if c == '*' {
            let double = rest.starts_with("**") && !strong;
            let delimiter = if double { "**" } else { "*" };
            let applies = if double { true } else { !emph };
            if applies && let Some((inner, after)) = enclosed(rest, delimiter) {
                push(runs, &mut literal, strong, emph);
                if double {
                    parse_into(inner, true, emph, runs);
                } else {
                    parse_into(inner, strong, true, runs);
                }
                rest = after;
                continue;
            }
        }
        literal.push(c);
        rest = &rest[c.len_utf8()..];
    }
    push(runs, &mut literal, strong, emph);
}

/// For `rest` starting with `delimiter`: the text up to the matching closing
/// delimiter and what follows it. Like Markdown, the inner text may not start
/// or end with a space, and `*` does not close on half of a `**`.
fn enclosed<'a>(rest: &'a str, delimiter: &str) -> Option<(&'a str, &'a str)> {
    let body = &rest[delimiter.len()..];
    if body.starts_with(char::is_whitespace) || body.starts_with('*') && delimiter == "*" {
        return None;
    }
    let mut search_from = 0;
    while let Some(found) = body[search_from..].find(delimiter) {
        let end = search_from + found;
        let inner = &body[..end];
        let after = &body[end + delimiter.len()..];
        let splits_double = delimiter == "*" && (after.starts_with('*') || inner.ends_with('*'));
        if !inner.is_empty() && !inner.ends_with(char::is_whitespace) && !splits_double {
            return Some((inner, after));
        }
        search_from = end + delimiter.len();
    }
    None
}

fn push(runs: &mut Vec<Run>, literal: &mut String, strong: bool, emph: bool) {
    if literal.is_empty() {
        return;
    }
    let text = std::mem::take(literal);
    match runs.last_mut() {
        Some(last) if last.strong == strong && last.emph == emph => last.text.push_str(&text),
        _ => runs.push(Run {
            text,
            strong,
            emph,
            changed: false,
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn plain(text: &str) -> Run {
        Run {
            text: text.into(),
            strong: false,
            emph: false,
            changed: false,
        }
    }

    fn styled(text: &str, strong: bool, emph: bool) -> Run {
        Run {
            text: text.into(),
            strong,
            emph,
            changed: false,
        }
    }

    #[test]
    fn emphasis_and_strong() {
        assert_eq!(
            parse_inline("Ask *before* you add **extra** service."),
            vec![
                plain("Ask "),
                styled("before", false, true),
                plain(" you add "),
                styled("extra", true, false),
                plain(" service."),
            ]
        );
    }

    #[test]
    fn nesting() {
        assert_eq!(
            parse_inline("**very *much* so**"),
            vec![
                styled("very ", true, false),
                styled("much", true, true),
                styled(" so", true, false),
            ]
        );
    }

    #[test]
    fn everything_else_is_literal() {
        for text in [
            "- not a list",
            "# 1 priority",
            "1. first",
            "2 * 3 = 6",
            "a * b * c",
            "#set page(fill: red) $x$ <label> @ref \\ [x]",
            "**unclosed",
            "*",
            "**",
            "***",
            "_under_",
        ] {
            assert_eq!(parse_inline(text), vec![plain(text)], "{text}");
        }
    }

    #[test]
    fn empty_text_has_no_runs() {
        assert!(parse_inline("").is_empty());
    }
}
