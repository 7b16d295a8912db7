//! Problems found in a user's files, as values: the `Diagnostic` type and its one renderer.

use std::collections::{BTreeMap, HashMap};
use std::fmt::Write as _;
use std::sync::{Arc, Mutex, Weak};

use annotate_snippets::{AnnotationKind, Group, Level, Renderer, Snippet};

/// How bad a problem is: errors stop the build, warnings do not.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    Error,
    Warning,
}

/// A file a diagnostic can point into, with its text for the snippet.
#[derive(Debug, PartialEq, Eq)]
pub struct SourceFile {
    /// The path as the user named it (relative paths stay relative); for a
    /// file read at a git revision, `REV:PATH`.
    pub name: String,
    /// The text, or nothing when the file must not be quoted (it is not an
    /// outline) or could not be read.
    pub text: String,
}

/// Which [`SourceFile`] a [`Span`] points into: a number the registry
/// knows the file by while someone holds it, so that a span from an
/// included file, a project file or a theme template names its own file.
/// `FileId::NONE` points nowhere.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct FileId(u32);

impl FileId {
    pub const NONE: FileId = FileId(0);

    /// The id as a number, to carry it through serde.
    pub fn index(self) -> u32 {
        self.0
    }

    /// The id a number from [`FileId::index`] stands for.
    pub(crate) fn from_index(index: u32) -> FileId {
        FileId(index)
    }
}

/// A source just registered: whoever holds `file` keeps `id` pointing at it.
#[derive(Clone, Debug)]
pub struct Registered {
    pub id: FileId,
    pub file: Arc<SourceFile>,
}

/// The sources registered and still held somewhere, by id. The registry
/// holds none of them itself: a source lives while a load, a session's
/// round or a diagnostic holds it, so a long `watch` lets the files of its
/// past rounds go. (Spans carry a number, not the file, because they pass
/// through serde and are copied everywhere.)
#[derive(Default)]
struct Registry {
    /// The id given last; 0 is [`FileId::NONE`].
    last: u32,
    files: BTreeMap<u32, Weak<SourceFile>>,
}

fn registry() -> std::sync::MutexGuard<'static, Registry> {
    static FILES: Mutex<Registry> = Mutex::new(Registry {
        last: 0,
        files: BTreeMap::new(),
    });
    FILES.lock().unwrap_or_else(|e| e.into_inner())
}

/// Registers a source so that spans can point into it, for as long as the
/// returned file is held. The same name and text registered again while
/// the first is held gets the same id, so a library file read once per
/// outline of a folder build is kept (and parsed) once.
pub fn add_source(name: impl Into<String>, text: impl Into<String>) -> Registered {
    let file = SourceFile {
        name: name.into(),
        text: text.into(),
    };
    let mut registry = registry();
    let held = registry.files.iter().rev().find_map(|(id, weak)| {
        let held = weak.upgrade()?;
        (*held == file).then_some((*id, held))
    });
    if let Some((id, file)) = held {
        return Registered {
            id: FileId(id),
            file,
        };
    }
    // The files no one holds any more are forgotten as new ones come.
    registry.files.retain(|_, weak| weak.strong_count() > 0);
    registry.last = registry.last.checked_add(1).unwrap_or(1);
    let id = registry.last;
    let file = Arc::new(file);
    registry.files.insert(id, Arc::downgrade(&file));
    Registered {
        id: FileId(id),
        file,
    }
}

/// The source a file id names, while someone holds it (none for [`FileId::NONE`]).
pub fn source(id: FileId) -> Option<Arc<SourceFile>> {
    if id == FileId::NONE {
        return None;
    }
    registry().files.get(&id.0)?.upgrade()
}

/// Where an included file is included from: a place, with the file it is in.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Site {
    pub span: Span,
    pub file: Arc<SourceFile>,
}

impl Site {
    /// `FILE:LINE:COLUMN`, for notes.
    pub fn place(&self) -> String {
        format!("{}:{}:{}", self.file.name, self.span.line, self.span.column)
    }
}

/// The sites of `spans`, each with its file (a span into no file is left out).
pub fn sites(spans: &[Span]) -> Vec<Site> {
    spans
        .iter()
        .filter_map(|span| {
            Some(Site {
                span: *span,
                file: source(span.file)?,
            })
        })
        .collect()
}

/// A place in a source file: 1-based line and column, byte range for the caret.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Span {
    pub file: FileId,
    pub line: u32,
    pub column: u32,
    pub offset: usize,
    pub len: usize,
}

impl Span {
    /// The span of `len` bytes at byte `offset` of `text`, with line and column computed.
    pub fn at_offset(text: &str, offset: usize, len: usize) -> Span {
        let offset = offset.min(text.len());
        let before = &text[..floor_char_boundary(text, offset)];
        let line = before.matches('\n').count() + 1;
        let line_start = before.rfind('\n').map_or(0, |i| i + 1);
        let column = before[line_start..].chars().count() + 1;
        Span {
            file: FileId::NONE,
            line: u32::try_from(line).unwrap_or(u32::MAX),
            column: u32::try_from(column).unwrap_or(u32::MAX),
            offset,
            len,
        }
    }

    /// The same place in `file`.
    pub fn in_file(self, file: FileId) -> Span {
        Span { file, ..self }
    }

    /// The start of `file`: line 1, column 1.
    pub fn start_of(file: FileId) -> Span {
        Span {
            file,
            line: 1,
            column: 1,
            offset: 0,
            len: 0,
        }
    }
}

fn floor_char_boundary(text: &str, mut index: usize) -> usize {
    while index > 0 && !text.is_char_boundary(index) {
        index -= 1;
    }
    index
}

/// One problem: what is wrong, where, and what to do about it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Diagnostic {
    pub severity: Severity,
    pub message: String,
    pub source: Option<Arc<SourceFile>>,
    pub span: Option<Span>,
    /// A short note under the caret.
    pub label: Option<String>,
    /// Where the problem's file was included from, innermost first.
    pub included_from: Vec<Site>,
    pub hints: Vec<String>,
}

impl Diagnostic {
    pub fn error(message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Error,
            message: message.into(),
            source: None,
            span: None,
            label: None,
            included_from: Vec::new(),
            hints: Vec::new(),
        }
    }

    pub fn warning(message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Warning,
            ..Diagnostic::error(message)
        }
    }

    /// At `span`, in the file it names.
    pub fn at(mut self, span: Span) -> Self {
        if let Some(source) = source(span.file) {
            self.source = Some(source);
            self.span = Some(span);
        }
        self
    }

    /// About the whole of `file`, with no line.
    pub fn in_file(mut self, file: FileId) -> Self {
        self.source = source(file);
        self.span = None;
        self
    }

    /// About the file the user named `name`, whose text is not shown.
    pub fn in_path(mut self, name: impl Into<String>) -> Self {
        self.source = Some(add_source(name, String::new()).file);
        self.span = None;
        self
    }

    pub fn with_label(mut self, label: impl Into<String>) -> Self {
        self.label = Some(label.into());
        self
    }

    pub fn with_hint(mut self, hint: impl Into<String>) -> Self {
        self.hints.push(hint.into());
        self
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    /// `FILE:LINE:COLUMN`, `FILE`, or nothing, as far as the place is known.
    pub fn place(&self) -> Option<String> {
        let source = self.source.as_ref()?;
        Some(match self.span {
            Some(span) => format!("{}:{}:{}", source.name, span.line, span.column),
            None => source.name.clone(),
        })
    }
}

/// Sorts diagnostics into file order: by file, then line and column; errors first on a tie.
pub fn sort(diagnostics: &mut [Diagnostic]) {
    // A problem in an included file sorts at the line that includes it.
    diagnostics.sort_by_cached_key(|d| {
        let outermost = match d.included_from.last() {
            Some(site) => Some((&site.file, site.span)),
            None => d.source.as_ref().zip(d.span),
        };
        (
            outermost.map(|(file, _)| file.name.clone()),
            outermost.map(|(_, s)| (s.line, s.column)),
            d.span.map(|s| (s.line, s.column)),
            d.severity,
        )
    });
}

/// The problems of several outlines, each printed once: a problem in a file
/// that several of them include (a library part) stays with the first
/// outline that met it, and its notes name where every outline includes it
/// (three outlines sharing a part with a mistake show it once, not three times).
pub fn once_each(lists: Vec<Vec<Diagnostic>>) -> Vec<Vec<Diagnostic>> {
    let mut kept_lists: Vec<Vec<Diagnostic>> = Vec::with_capacity(lists.len());
    let mut first_seen: HashMap<String, (usize, usize)> = HashMap::new();
    for (list_index, list) in lists.into_iter().enumerate() {
        let mut kept: Vec<Diagnostic> = Vec::with_capacity(list.len());
        for diagnostic in list {
            if diagnostic.included_from.is_empty() {
                kept.push(diagnostic);
                continue;
            }
            let key = shared_key(&diagnostic);
            match first_seen.get(&key) {
                Some(&(list, index)) => {
                    let first = if list == list_index {
                        &mut kept[index]
                    } else {
                        &mut kept_lists[list][index]
                    };
                    for site in diagnostic.included_from {
                        if !first.included_from.contains(&site) {
                            first.included_from.push(site);
                        }
                    }
                }
                None => {
                    first_seen.insert(key, (list_index, kept.len()));
                    kept.push(diagnostic);
                }
            }
        }
        kept_lists.push(kept);
    }
    kept_lists
}

/// What makes two outlines' problems the same problem of a file they share:
/// everything printed but the notes of where it is included from.
fn shared_key(diagnostic: &Diagnostic) -> String {
    format!(
        "{:?}\0{}\0{:?}\0{:?}\0{:?}\0{:?}",
        diagnostic.severity,
        diagnostic.message,
        diagnostic.place(),
        diagnostic.span.map(|s| (s.offset, s.len)),
        diagnostic.label,
        diagnostic.hints
    )
}

/// Renders one diagnostic: `FILE:LINE:COLUMN: error: MESSAGE`, the line with a caret, hints.
pub fn render(diagnostic: &Diagnostic, color: bool) -> String {
    let (level, word) = match diagnostic.severity {
        Severity::Error => (Level::ERROR, "error"),
        Severity::Warning => (Level::WARNING, "warning"),
    };
    let mut out = String::new();
    let header = match diagnostic.place() {
        Some(place) => format!("{place}: "),
        None => String::new(),
    };
    if color {
        let code = match diagnostic.severity {
            Severity::Error => "\x1b[1;31m",
            Severity::Warning => "\x1b[1;33m",
        };
        let _ = writeln!(
            out,
            "\x1b[1m{header}\x1b[0m{code}{word}\x1b[0m\x1b[1m: {}\x1b[0m",
            diagnostic.message
        );
    } else {
        let _ = writeln!(out, "{header}{word}: {}", diagnostic.message);
    }

    let mut group = Group::with_level(level.clone());
    let mut has_elements = false;
    if let (Some(source), Some(span)) = (&diagnostic.source, diagnostic.span) {
        let (start, end) = caret_range(&source.text, span);
        let mut annotation = AnnotationKind::Primary.span(start..end);
        if let Some(label) = &diagnostic.label {
            annotation = annotation.label(label.as_str());
        }
        group = group.element(
            Snippet::source(source.text.as_str())
                .fold(true)
                .annotation(annotation),
        );
        has_elements = true;
    }
    let included: Vec<String> = diagnostic
        .included_from
        .iter()
        .map(|site| format!("included from {}", site.place()))
        .collect();
    for note in &included {
        group = group.element(Level::NOTE.message(note.as_str()));
        has_elements = true;
    }
    for hint in &diagnostic.hints {
        group = group.element(Level::HELP.message(hint.as_str()));
        has_elements = true;
    }
    if has_elements {
        let renderer = if color {
            Renderer::styled()
        } else {
            Renderer::plain()
        };
        out.push_str(&renderer.render(&[group]));
        out.push('\n');
    }
    out
}

/// The caret's byte range, kept on one line and never empty, so it always shows.
fn caret_range(text: &str, span: Span) -> (usize, usize) {
    let mut start = floor_char_boundary(text, span.offset.min(text.len()));
    // An empty value at the end of its line: the caret goes on the line's
    // last character rather than on the line break.
    if span.len == 0 && text[start..].starts_with(['\n', '\r']) && start > 0 {
        start = floor_char_boundary(text, start - 1);
    }
    let line_end = text[start..].find('\n').map_or(text.len(), |i| start + i);
    let mut end = floor_char_boundary(text, (start + span.len.max(1)).min(line_end));
    if end <= start {
        end = text[start..]
            .char_indices()
            .nth(1)
            .map_or(text.len(), |(i, _)| start + i);
    }
    (start, end.max(start))
}

/// `2 errors, 1 warning`, or `no problems`.
pub fn summary(diagnostics: &[Diagnostic]) -> String {
    let errors = diagnostics.iter().filter(|d| d.is_error()).count();
    let warnings = diagnostics.len() - errors;
    let plural = |n: usize, word: &str| {
        if n == 1 {
            format!("1 {word}")
        } else {
            format!("{n} {word}s")
        }
    };
    match (errors, warnings) {
        (0, 0) => "no problems".to_string(),
        (e, 0) => plural(e, "error"),
        (0, w) => plural(w, "warning"),
        (e, w) => format!("{}, {}", plural(e, "error"), plural(w, "warning")),
    }
}

/// The known word closest to `word`, if it is close enough to be a likely typo.
pub fn did_you_mean<'a>(word: &str, known: &[&'a str]) -> Option<&'a str> {
    known
        .iter()
        .map(|candidate| (strsim::jaro_winkler(word, candidate), *candidate))
        .filter(|(score, _)| *score > 0.8)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, candidate)| candidate)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renders_place_caret_and_hint() {
        let text = "title: Hi\nyear: soon\n";
        let talk = add_source("talk.yaml", text);
        let span = Span::at_offset(text, 16, 4).in_file(talk.id);
        let diag = Diagnostic::error("`year` must be a whole number")
            .at(span)
            .with_label("not a number")
            .with_hint("write the year in digits, like 2003");
        let out = render(&diag, false);
        assert!(
            out.starts_with("talk.yaml:2:7: error: `year` must be a whole number\n"),
            "{out}"
        );
        assert!(out.contains("2 | year: soon"), "{out}");
        assert!(out.contains("^^^^ not a number"), "{out}");
        assert!(out.contains("help: write the year in digits"), "{out}");
    }

    /// Proves: the registry keeps no file alive: the same text registered
    /// while held gets the same id, and once let go its id points nowhere.
    #[test]
    fn a_source_lives_while_it_is_held() {
        let text = "title: Held while read\n";
        let first = add_source("held.yaml", text);
        let again = add_source("held.yaml", text);
        assert_eq!(again.id, first.id);
        assert_eq!(
            source(first.id).map(|f| f.text.clone()).as_deref(),
            Some(text)
        );
        let id = first.id;
        drop((first, again));
        assert_eq!(source(id), None);
    }

    #[test]
    fn span_counts_characters_not_bytes_for_columns() {
        let text = "titre: Été\nx: y";
        let span = Span::at_offset(text, text.find('x').unwrap_or(0), 1);
        assert_eq!((span.line, span.column), (2, 1));
        let span = Span::at_offset(text, text.find(": Été").unwrap_or(0) + 2, 1);
        assert_eq!((span.line, span.column), (1, 8));
    }

    #[test]
    fn suggests_near_misses_only() {
        let known = ["film", "watch_for", "setup"];
        assert_eq!(did_you_mean("wach_for", &known), Some("watch_for"));
        assert_eq!(did_you_mean("banana", &known), None);
    }

    #[test]
    fn summary_counts() {
        let d = vec![
            Diagnostic::error("a"),
            Diagnostic::error("b"),
            Diagnostic::warning("c"),
        ];
        assert_eq!(summary(&d), "2 errors, 1 warning");
        assert_eq!(summary(&[]), "no problems");
    }
}
