//! Typst's errors in a theme folder's templates, as deckhand diagnostics at the template's file and line.

use std::sync::Arc;

use typst::diag::SourceDiagnostic;
use typst::syntax::{DiagSpan, DiagSpanKind, Source};

use crate::diag::{Diagnostic, SourceFile, Span};
use crate::theme::Theme;

/// `diagnostic` at its place in one of the theme folder's files: its own span
/// when it is in one, else the innermost call in one that led to it. `None`
/// when no place is in the folder's files (the built-in templates failed).
pub fn in_theme_file(diagnostic: &SourceDiagnostic, theme: &Theme) -> Option<Diagnostic> {
    let folder = theme.folder.as_ref()?;
    let spans =
        std::iter::once(diagnostic.span).chain(diagnostic.trace.iter().map(|t| t.span.into()));
    let (source, span) = spans
        .into_iter()
        .find_map(|span| locate(span, theme, folder))?;
    let mut located = Diagnostic::error(diagnostic.message.to_string()).at(&source, span);
    for hint in &diagnostic.hints {
        located = located.with_hint(hint.v.to_string());
    }
    Some(located)
}

/// The theme file and span a Typst span points into, if it is one of the folder's files.
fn locate(
    span: DiagSpan,
    theme: &Theme,
    folder: &std::path::Path,
) -> Option<(Arc<SourceFile>, Span)> {
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
    let file = Arc::new(SourceFile {
        name: name.display().to_string(),
        text: text.to_string(),
    });
    let span = Span::at_offset(text, range.start, range.end.saturating_sub(range.start));
    Some((file, span))
}
