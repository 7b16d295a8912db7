//! Typst's errors in a theme folder's templates, as deckhand diagnostics at the template's file and line.

use typst::diag::SourceDiagnostic;
use typst::syntax::{DiagSpan, DiagSpanKind, Source};

use crate::diag::{Diagnostic, Registered, Span};
use crate::theme::Theme;

/// `diagnostic` at its place in one of the theme folder's files: its own span
/// when it is in one, else the innermost call in one that led to it. `None`
/// when no place is in the folder's files (the built-in templates failed).
pub fn in_theme_file(diagnostic: &SourceDiagnostic, theme: &Theme) -> Option<Diagnostic> {
    let folder = theme.folder.as_ref()?;
    let spans =
        std::iter::once(diagnostic.span).chain(diagnostic.trace.iter().map(|t| t.span.into()));
    let span = spans
        .into_iter()
        .find_map(|span| locate(span, theme, folder))?;
    let (span, source) = (span.0, span.1.file);
    let written = source
        .text
        .get(span.offset..span.offset + span.len)
        .unwrap_or_default()
        .trim_matches('"');
    if let Some((rule, standards)) = broken_standard(&diagnostic.message) {
        let mut located = Diagnostic::error(format!("{rule} (required by {standards})")).at(span);
        for hint in &diagnostic.hints {
            located = located.with_hint(hint.v.to_string());
        }
        return Some(located.with_hint(WITHOUT_STANDARDS));
    }
    let (message, hint) = in_theme_words(&diagnostic.message, written);
    let mut located = Diagnostic::error(message).at(span);
    match hint {
        Some(hint) => located = located.with_hint(hint),
        None => {
            for hint in &diagnostic.hints {
                located = located.with_hint(hint.v.to_string());
            }
        }
    }
    Some(located)
}

/// The advice for a PDF that a standard refuses, besides fixing the cause.
pub const WITHOUT_STANDARDS: &str =
    "to write it anyway, as a tagged PDF that claims no standard, build with `--pdf-standard none`";

/// Typst's "PDF/UA-1, PDF/A-2a error: missing alt text" as the rule broken
/// and the standards that make it: (`missing alt text`, `PDF/UA-1, PDF/A-2a`).
pub fn broken_standard(message: &str) -> Option<(&str, &str)> {
    let (standards, rule) = message.split_once(" error: ")?;
    standards
        .starts_with("PDF/")
        .then_some((rule.trim(), standards))
}

/// Typst's messages about files, which speak of a project root and a
/// `--root` argument that deckhand does not have, in the theme's terms.
fn in_theme_words(message: &str, written: &str) -> (String, Option<&'static str>) {
    const INSIDE: &str =
        "a theme reads only the files in its own folder, by a path like `logo.png`";
    if written.starts_with('@') {
        return (
            format!("the package `{written}` is not available"),
            Some(
                "deckhand uses no packages (it never goes online): copy what the theme needs into its folder",
            ),
        );
    }
    if message.contains("would escape the project root") {
        return (
            format!("`{written}` is outside the theme folder"),
            Some(INSIDE),
        );
    }
    if message.starts_with("file not found") {
        return (
            format!("`{written}` is not in the theme folder"),
            Some(INSIDE),
        );
    }
    (message.to_string(), None)
}

/// The span a Typst span points into, with the theme file it is in (held
/// while the diagnostic is made), if it is one of the folder's files.
fn locate(span: DiagSpan, theme: &Theme, folder: &std::path::Path) -> Option<(Span, Registered)> {
    let (id, range) = match span.get() {
        DiagSpanKind::Detached => return None,
        DiagSpanKind::Number { id, num, sub_range } => {
            let path = id.vpath().get_with_slash().to_string();
            let text = theme.own_source(&path)?;
            // Typst numbers the nodes of a source the same way each time it
            // parses the same text, so a fresh parse maps the span back.
            let source = Source::new(id, text.to_string());
            (id, source.range(num, sub_range)?)
        }
        DiagSpanKind::Range { id, range } => (id, range),
    };
    let path = id.vpath().get_with_slash().to_string();
    let text = theme.own_source(&path)?;
    let name = folder.join(path.trim_start_matches('/'));
    let file = crate::diag::add_source(name.display().to_string(), text);
    let span = Span::at_offset(text, range.start, range.end.saturating_sub(range.start));
    Some((span.in_file(file.id), file))
}
