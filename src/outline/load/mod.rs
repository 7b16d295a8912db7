//! Reading an outline with what it includes: the project file's defaults and
//! the included files spliced into one tree, then the model read from it,
//! every problem collected at its file, line and column.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use serde::Deserialize;

use super::de::{De, Recovery};
use super::model::Outline;
use super::problems;
use super::yaml::{self, Node, Style, Value};
use crate::diag::{self, Diagnostic, FileId, SourceFile, Span, did_you_mean};
use crate::paths::{self, Kind, Refused, Root};

mod bounds;
mod include;
mod project;

use bounds::node_count;
use include::{declared_variants, entry_value_mut, renumber};
use project::find_root;

/// The largest outline deckhand reads, and the most text an outline may
/// hold with everything it includes: a workshop is a few kilobytes.
pub const MAX_OUTLINE_BYTES: usize = 1024 * 1024;
/// How deep includes may nest: an outline that includes a section that
/// includes a block is two.
pub const MAX_INCLUDE_DEPTH: usize = 16;
/// The most items one list in a block may hold (questions, points, steps).
pub const MAX_LIST_ITEMS: usize = 100;
/// The most list items an outline may hold in all, aliases expanded.
pub const MAX_ITEMS: usize = 20_000;
/// The file that marks a project's root and holds its defaults.
pub const PROJECT_FILE: &str = "deckhand.yaml";
/// The most YAML values an outline may hold with the files it includes,
/// as one file may hold with its aliases expanded.
pub const MAX_EXPANDED_NODES: usize = 200_000;
/// How deep the values of an outline may nest, with the files it includes
/// spliced in, as in one file.
pub const MAX_NESTING: usize = 32;
/// The most problems reported for one outline.
const MAX_PROBLEMS: usize = 100;

/// An outline read and its model made, with what its paths need.
#[derive(Debug)]
pub struct Loaded {
    pub outline: Outline,
    /// The folder its paths may reach.
    pub root: Root,
    /// The outline file itself.
    pub file: FileId,
    /// The folder of each file read, which the paths it names are relative to.
    folders: HashMap<FileId, PathBuf>,
    /// Where each included file was (first) included from.
    included_from: HashMap<FileId, Span>,
    /// Lists that lost an item to a problem: their emptiness is not a new problem.
    pub pruned: HashSet<Span>,
    /// The folders the project file's `films:` names, where films the
    /// project does not hold are looked for.
    pub films: Vec<PathBuf>,
    /// The files read, held (never read) so that the spans of the model
    /// point into them for as long as the model lives.
    _files: Vec<Arc<SourceFile>>,
}

impl Loaded {
    /// The folder that the paths written in `file` are relative to.
    pub fn folder_of(&self, file: FileId) -> &Path {
        self.folders
            .get(&file)
            .or_else(|| self.folders.get(&self.file))
            .map_or(Path::new("."), PathBuf::as_path)
    }

    /// The project's top folder, when a project file made it the root.
    pub fn project_folder(&self) -> Option<&Path> {
        self.root
            .project_file
            .as_ref()
            .map(|_| self.root.path.as_path())
    }

    /// Adds to `diagnostic` where its file was included from.
    pub fn locate(&self, diagnostic: Diagnostic) -> Diagnostic {
        locate(&self.included_from, diagnostic)
    }
}

fn locate(included_from: &HashMap<FileId, Span>, mut diagnostic: Diagnostic) -> Diagnostic {
    let mut file = diagnostic.span.map(|s| s.file);
    let mut chain = Vec::new();
    while let Some(site) = file.and_then(|f| included_from.get(&f)) {
        if chain.contains(site) || chain.len() > MAX_INCLUDE_DEPTH {
            break;
        }
        chain.push(*site);
        file = Some(site.file);
    }
    diagnostic.included_from = diag::sites(&chain);
    diagnostic
}

/// What reading an outline gave: its model when it could be made, every
/// problem found, and every file read.
#[derive(Debug, Default)]
pub struct Load {
    pub loaded: Option<Loaded>,
    pub diagnostics: Vec<Diagnostic>,
    /// Every file read or looked for (outline, includes, project file), for `watch`.
    pub inputs: Vec<PathBuf>,
    /// The project file used, as messages name it.
    pub project_file: Option<PathBuf>,
    /// Project files further up than the one used (the nearest wins).
    pub ignored_project_files: Vec<PathBuf>,
}

impl Load {
    pub fn failed(&self) -> bool {
        self.loaded.is_none() || self.diagnostics.iter().any(Diagnostic::is_error)
    }
}

/// The files read during one round of builds, by their real path, with
/// their texts as diagnostics quote them and their parsed trees: a library
/// file shared by many outlines is read, kept and parsed once. A round ends
/// when the cache is dropped or [`Sources::forget`] is called (`watch`
/// does, before each rebuild, so that an edit is read and the last round's
/// versions are let go).
#[derive(Debug, Default)]
pub struct Sources {
    files: Mutex<HashMap<PathBuf, Arc<Vec<u8>>>>,
    reads: std::sync::atomic::AtomicUsize,
    /// The texts registered in this round: held, so that a file registered
    /// again by the next outline gets the same id (and its tree below).
    texts: Mutex<Vec<Arc<SourceFile>>>,
    /// The parsed tree of each text registered.
    trees: Mutex<HashMap<FileId, Arc<Node>>>,
}

impl Sources {
    /// The bytes of the file at `path`, read through the door (from inside
    /// `within` only) the first time only.
    fn read(&self, within: &Path, path: &Path) -> Result<Arc<Vec<u8>>, Refused> {
        // Held while reading, so that outlines built at once read a shared file once.
        let mut files = self.files.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(bytes) = files.get(path) {
            return Ok(Arc::clone(bytes));
        }
        let bytes = Arc::new(paths::read(within, path, Kind::Outline)?);
        self.reads
            .fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        files.insert(path.to_path_buf(), Arc::clone(&bytes));
        Ok(bytes)
    }

    /// Forgets every file read, so that the next load reads them again.
    pub fn forget(&self) {
        self.files.lock().unwrap_or_else(|e| e.into_inner()).clear();
        self.texts.lock().unwrap_or_else(|e| e.into_inner()).clear();
        self.trees.lock().unwrap_or_else(|e| e.into_inner()).clear();
    }

    /// How many texts this round holds (none after [`Sources::forget`]).
    pub fn texts_held(&self) -> usize {
        self.texts.lock().unwrap_or_else(|e| e.into_inner()).len()
    }

    fn hold(&self, file: &Arc<SourceFile>) {
        let mut texts = self.texts.lock().unwrap_or_else(|e| e.into_inner());
        if !texts.iter().any(|held| Arc::ptr_eq(held, file)) {
            texts.push(Arc::clone(file));
        }
    }

    /// How many times a file was read from the disk.
    pub fn reads(&self) -> usize {
        self.reads.load(std::sync::atomic::Ordering::Relaxed)
    }
}

/// Reads the outline at `path`, with its project file and includes.
pub fn load_file(path: &Path) -> Load {
    load_file_with(path, &Sources::default())
}

/// Reads the outline at `path`, taking the files it shares with other
/// outlines from `sources`.
pub fn load_file_with(path: &Path, sources: &Sources) -> Load {
    let shown = crate::paths::shown(path);
    let mut load = Load::default();
    load.inputs.push(path.to_path_buf());
    if path.file_name().is_some_and(|name| name == PROJECT_FILE) {
        load.diagnostics.push(
            Diagnostic::error("this is the project file, not an outline")
                .in_path(&shown)
                .with_hint("`deckhand.yaml` holds the `defaults` of the outlines under its folder; name an outline, or the folder that holds them"),
        );
        return load;
    }
    let folder = crate::paths::folder_of(path);
    let (root, ignored) = match find_root(folder) {
        Ok(found) => found,
        Err(error) => {
            load.diagnostics.push(
                Diagnostic::error(format!("cannot read `{shown}` ({error})")).in_path(&shown),
            );
            return load;
        }
    };
    load.project_file = root
        .project_file
        .as_deref()
        .map(|p| PathBuf::from(paths::shown_found(p)));
    load.ignored_project_files = ignored
        .iter()
        .map(|p| PathBuf::from(paths::shown_found(p)))
        .collect();
    // The outline is read like every other file: a link to a file outside
    // its folder (a token, `/proc/self/environ`) is refused before it is
    // opened, so that no message can show a line of it; so is a pipe or a
    // device, which would block the read for ever.
    let read = paths::read(&root.path, path, Kind::Outline);
    let mut loader = Loader::new(root, Some(sources));
    let text = match read {
        Ok(bytes) => loader.text(&shown, &bytes, None),
        Err(Refused::Unreadable(error)) => {
            Err(Diagnostic::error(format!("cannot read `{shown}` ({error})")).in_path(&shown))
        }
        Err(Refused::TooLarge { .. }) => Err(Diagnostic::error("the outline is larger than 1 MiB")
            .in_path(&shown)
            .with_hint(
                "a workshop outline is text of a few kilobytes; split it into several files",
            )),
        Err(refused) => {
            let hint = match refused {
                Refused::LinksOut => {
                    "deckhand reads only outlines inside the folder they are named in (or its project); copy the outline there instead of linking to it"
                }
                _ => "name an outline: a `.yaml` file of text",
            };
            let message = match refused {
                Refused::LinksOut => {
                    "the outline is a link to a file outside its folder (or its project's)"
                        .to_string()
                }
                other => format!("the outline {other}"),
            };
            Err(Diagnostic::error(message).in_path(&shown).with_hint(hint))
        }
    };
    loader.finish(text, folder, &mut load);
    load
}

/// Reads outline bytes named `name`, with no project and no includes (for
/// tests and fuzzing: nothing on the disk is read).
pub fn load_bytes(name: &str, bytes: Vec<u8>) -> Load {
    let mut load = Load::default();
    let root = Root {
        path: PathBuf::from("."),
        project_file: None,
    };
    let mut loader = Loader::new(root, None);
    let text = loader.text(name, &bytes, None);
    loader.finish(text, Path::new("."), &mut load);
    load
}

/// Reads outline text named `name`, as [`load_bytes`] does.
pub fn load_str(name: &str, text: &str) -> Load {
    load_bytes(name, text.as_bytes().to_vec())
}

/// Where a list of items is being filled: sections or blocks.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Slot {
    Section,
    Block,
}

impl Slot {
    fn noun(self) -> &'static str {
        match self {
            Slot::Section => "section",
            Slot::Block => "block",
        }
    }
}

/// The state of one outline's load.
struct Loader<'s> {
    root: Root,
    /// Where included files and the project file are read from; none when
    /// the outline is not a file on the disk (tests, fuzzing).
    sources: Option<&'s Sources>,
    diagnostics: Vec<Diagnostic>,
    inputs: Vec<PathBuf>,
    folders: HashMap<FileId, PathBuf>,
    included_from: HashMap<FileId, Span>,
    pruned: HashSet<Span>,
    /// Text read from all files, includes counted each time they are spliced.
    expanded_bytes: usize,
    /// YAML nodes of all files, includes counted each time they are spliced.
    expanded_nodes: usize,
    /// Whether an include was refused for making the outline too large.
    over_limit: bool,
    /// The variants the outline declares.
    variants: Vec<String>,
    /// The project file's `films:` folders.
    films: Vec<PathBuf>,
    /// The files registered, held while the load lasts (and by its model).
    files: Vec<Arc<SourceFile>>,
}

impl<'s> Loader<'s> {
    fn new(root: Root, sources: Option<&'s Sources>) -> Self {
        Loader {
            root,
            sources,
            diagnostics: Vec::new(),
            inputs: Vec::new(),
            folders: HashMap::new(),
            included_from: HashMap::new(),
            pruned: HashSet::new(),
            expanded_bytes: 0,
            expanded_nodes: 0,
            over_limit: false,
            variants: Vec::new(),
            films: Vec::new(),
            files: Vec::new(),
        }
    }

    /// Registers a file's text as a source, held by this load and by the
    /// round's sources.
    fn register(&mut self, name: &str, text: &str) -> FileId {
        let registered = diag::add_source(name, text);
        if let Some(sources) = self.sources {
            sources.hold(&registered.file);
        }
        self.files.push(registered.file);
        registered.id
    }

    /// Checks and registers a file's bytes as a source: size, UTF-8, and
    /// that it is an outline's at all. For an included file, `site` is the
    /// include item's path, where a problem with the file as a whole is said.
    fn text(
        &mut self,
        name: &str,
        bytes: &[u8],
        site: Option<(Span, &str)>,
    ) -> Result<(FileId, String), Diagnostic> {
        let whole_file = |message: &str, hint: &str| match site {
            Some((span, written)) => {
                Diagnostic::error(format!("cannot include `{written}`: {message}"))
                    .at(span)
                    .with_hint(hint)
            }
            None => Diagnostic::error(message).in_path(name).with_hint(hint),
        };
        let noun = if site.is_some() {
            "the file"
        } else {
            "the outline"
        };
        if bytes.len() > MAX_OUTLINE_BYTES {
            return Err(whole_file(
                &format!("{noun} is larger than 1 MiB"),
                "a workshop outline is text of a few kilobytes; split it into several files",
            ));
        }
        let text = match std::str::from_utf8(bytes) {
            Ok(text) => text.to_string(),
            Err(error) => {
                let offset = error.valid_up_to();
                let text = String::from_utf8_lossy(bytes).into_owned();
                let file = self.register(name, &text);
                if let Some((span, _)) = site {
                    self.included_from.entry(file).or_insert(span);
                }
                return Err(Diagnostic::error(format!("{noun} is not UTF-8 text"))
                    .at(Span::at_offset(&text, offset, 1).in_file(file))
                    .with_hint("save the file as UTF-8 in your editor"));
            }
        };
        // A file saved with old Mac line endings (CR alone) becomes one with
        // LF line endings: the same length, so every place stays right.
        let text = if text.contains('\r') {
            lone_carriage_returns_to_newlines(&text)
        } else {
            text
        };
        let meaningful = text
            .lines()
            .any(|l| !l.trim().is_empty() && !l.trim_start().starts_with('#') && l.trim() != "---");
        if !meaningful {
            let hint = match site {
                Some(_) => "an included file holds a section or a block, or a list of them",
                None => {
                    "start with `title:` and `sections:`; `deckhand new FILE` writes a starter outline"
                }
            };
            return Err(whole_file(&format!("{noun} is empty"), hint));
        }
        // A file that is not an outline is named, never quoted: it may be a
        // file of secrets named by mistake (or by a hostile pull request).
        if site.is_none() && !has_outline_key(&text) {
            return Err(whole_file(
                "this file is not a workshop outline",
                "an outline is a map of keys like `title:` and `sections:`, starting at the left margin; `deckhand new FILE` writes one",
            ));
        }
        self.expanded_bytes += text.len();
        Ok((self.register(name, &text), text))
    }

    /// Parses a registered file into a tree, warning about text cut by ` #`.
    fn parse(&mut self, file: FileId, text: &str) -> Option<Node> {
        match parsed(file, text, self.sources) {
            Ok(tree) => {
                self.diagnostics.extend(comment_warnings(&tree, text));
                Some(tree)
            }
            Err(diagnostic) => {
                self.diagnostics.push(diagnostic);
                None
            }
        }
    }

    /// From the outline's text to its model, filling `load`.
    fn finish(
        mut self,
        text: Result<(FileId, String), Diagnostic>,
        folder: &Path,
        load: &mut Load,
    ) {
        let (file, text) = match text {
            Ok(read) => read,
            Err(diagnostic) => {
                load.diagnostics.push(diagnostic);
                return;
            }
        };
        self.folders.insert(file, folder.to_path_buf());
        let Some(mut tree) = self.parse(file, &text) else {
            self.hand_over(load, None, file);
            return;
        };
        if tree.entries().is_none() {
            let first = first_line_span(&text).in_file(file);
            self.diagnostics.push(
                Diagnostic::error(
                    "the outline must be a map of keys like `title:` and `sections:`",
                )
                .at(first)
                .with_hint("the first line of an outline is usually `title: …`"),
            );
            self.hand_over(load, None, file);
            return;
        }
        self.expanded_nodes += node_count(&tree);
        self.apply_project_defaults(&mut tree);
        self.variants = declared_variants(&tree);
        if let Some(sections) = entry_value_mut(&mut tree, "sections") {
            let mut stack = Vec::new();
            self.expand(sections, Slot::Section, 0, &mut stack);
        }
        // Past a limit on size the model is not read: it would only say
        // the same problem again and again.
        if self.over_limit || !self.depth_within_limit(&tree) {
            self.hand_over(load, None, file);
            return;
        }
        renumber(&mut tree, &mut 0);
        let mut recovery = Recovery::default();
        self.check_duplicate_keys(&tree, &mut recovery);
        self.check_items(&tree);
        let outline = self.read_model(&tree, file, recovery);
        self.hand_over(load, outline, file);
    }

    fn hand_over(self, load: &mut Load, outline: Option<Outline>, file: FileId) {
        let Loader {
            root,
            diagnostics,
            inputs,
            folders,
            included_from,
            pruned,
            films,
            files,
            ..
        } = self;
        let mut diagnostics: Vec<Diagnostic> = diagnostics
            .into_iter()
            .map(|d| locate(&included_from, d))
            .collect();
        diag::sort(&mut diagnostics);
        load.diagnostics.extend(diagnostics);
        load.inputs.extend(inputs);
        load.loaded = outline.map(|outline| Loaded {
            outline,
            root,
            file,
            folders,
            included_from,
            pruned,
            films,
            _files: files,
        });
    }

    /// Reads the model, leaving out each broken entry or item and reading
    /// again, so that every problem is found in one run.
    fn read_model(&mut self, tree: &Node, file: FileId, mut recovery: Recovery) -> Option<Outline> {
        let mut reported = 0;
        loop {
            match Outline::deserialize(De::new(tree, &recovery)) {
                Ok(outline) => return Some(outline),
                Err(error) => {
                    if !error.silent {
                        reported += 1;
                        if reported > MAX_PROBLEMS {
                            self.diagnostics.push(
                                Diagnostic::error(format!(
                                    "more than {MAX_PROBLEMS} problems; the rest are not shown"
                                ))
                                .in_file(file)
                                .with_hint("fix these first, then check again"),
                            );
                            return None;
                        }
                        self.diagnostics
                            .push(problems::from_model_error(&error, file));
                    }
                    if let Some(list) = error.pruned_list {
                        self.pruned.insert(list);
                    }
                    if let Some(refused) = error.refused {
                        recovery.refused.insert(refused);
                    }
                    match error.skip {
                        Some(skip) if recovery.skip.insert(skip) => {}
                        // Nothing left to leave out: the outline itself is broken.
                        _ => return None,
                    }
                }
            }
        }
    }
}

/// The parsed tree of a file, kept for the round by its text: a library
/// file shared by many outlines of a folder build is parsed once.
fn parsed(file: FileId, text: &str, sources: Option<&Sources>) -> Result<Node, Diagnostic> {
    let trees = sources.map(|sources| &sources.trees);
    if let Some(tree) = trees.and_then(|t| t.lock().ok()?.get(&file).cloned()) {
        return Ok((*tree).clone());
    }
    let tree = yaml::parse(text, file, 0, MAX_OUTLINE_BYTES)
        .map_err(|error| problems::from_yaml_error(&error, file))?;
    if let Some(mut trees) = trees.and_then(|t| t.lock().ok()) {
        if trees.len() >= 512 {
            trees.clear();
        }
        trees.insert(file, Arc::new(tree.clone()));
    }
    Ok(tree)
}

/// `written` with its file name replaced by that of a `.yaml` file in the
/// same folder whose name is close to it: the likely typo's fix.
fn near_file(base: &Path, written: &str) -> Option<String> {
    let missing = base.join(written);
    let wanted = missing.file_name()?.to_str()?;
    let mut names: Vec<String> = paths::list(missing.parent()?)
        .ok()?
        .iter()
        .filter_map(|p| p.file_name()?.to_str().map(str::to_string))
        .filter(|name| is_yaml(Path::new(name)))
        .collect();
    names.sort();
    let known: Vec<&str> = names.iter().map(String::as_str).collect();
    let near = did_you_mean(wanted, &known)?;
    let folder = written.strip_suffix(wanted)?;
    Some(format!("{folder}{near}"))
}

fn is_yaml(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| e.eq_ignore_ascii_case("yaml") || e.eq_ignore_ascii_case("yml"))
}

/// `\r` not followed by `\n` becomes `\n`.
fn lone_carriage_returns_to_newlines(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = String::with_capacity(text.len());
    for (i, c) in text.char_indices() {
        if c == '\r' && bytes.get(i + 1) != Some(&b'\n') {
            out.push('\n');
        } else {
            out.push(c);
        }
    }
    out
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

fn first_line_span(text: &str) -> Span {
    let first = text
        .lines()
        .map(str::trim)
        .find(|l| !l.is_empty() && !l.starts_with('#') && *l != "---")
        .unwrap_or_default();
    let offset = text.find(first).unwrap_or(0);
    Span::at_offset(text, offset, first.len())
}

/// A warning for each plain text that YAML cut at ` #`: `takeaway: Direct
/// the call #not the applause` keeps only "Direct the call". A comment
/// written the usual way, `# like this`, with a space after `#`, is left alone.
fn comment_warnings(tree: &Node, text: &str) -> Vec<Diagnostic> {
    let mut found = Vec::new();
    let mut visit = |node: &Node| {
        let Value::Scalar(scalar) = &node.value else {
            return;
        };
        if scalar.style != Style::Plain || scalar.text.is_empty() {
            return;
        }
        let end = node.span.offset + node.span.len;
        let Some(rest) = text.get(end..) else { return };
        let rest = rest.split('\n').next().unwrap_or_default();
        let spaces = rest.len() - rest.trim_start_matches([' ', '\t']).len();
        let after = &rest[spaces..];
        if spaces == 0 || !after.starts_with('#') {
            return;
        }
        let cut = after.trim_end();
        if cut.chars().nth(1).is_none_or(char::is_whitespace) {
            return;
        }
        found.push(
            Diagnostic::warning(format!(
                "`{cut}` is left out: YAML reads text after ` #` as a comment"
            ))
            .at(Span {
                offset: end + spaces,
                len: cut.len(),
                column: node.span.column + u32::try_from(node.span.len + spaces).unwrap_or(0),
                ..node.span
            })
            .with_hint(format!(
                "to keep it, put the whole text in quotes: \"{} {cut}\"",
                scalar.text
            )),
        );
    };
    // Keys are not text a reader sees; only values are checked.
    fn values(node: &Node, visit: &mut impl FnMut(&Node)) {
        match &node.value {
            Value::Scalar(_) => visit(node),
            Value::List(items) => items.iter().for_each(|n| values(n, visit)),
            Value::Map(entries) => entries.iter().for_each(|e| values(&e.value, visit)),
        }
    }
    values(tree, &mut visit);
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    fn problems(text: &str) -> Vec<String> {
        load_str("t.yaml", text)
            .diagnostics
            .iter()
            .map(|d| format!("{}: {}", d.place().unwrap_or_default(), d.message))
            .collect()
    }

    /// Proves: an unknown key, a wrong type and a bad value are all reported
    /// in one run, and the model is still made for validation.
    #[test]
    fn every_structural_problem_in_one_run() {
        let text = "title: T\nsections:\n  - title: A\n    blocks:\n      - scene:\n          film: F\n          wach_for: [x]\n          minutes: ten\n      - quote:\n          txt: hi\n";
        assert_eq!(
            problems(text),
            vec![
                "t.yaml:7:11: unknown key `wach_for`",
                "t.yaml:10:11: unknown key `txt`",
            ]
        );
        let load = load_str("t.yaml", text);
        assert!(load.loaded.is_some());
    }

    /// A project (its `deckhand.yaml`) whose outlines `names` each include
    /// one part of its `_library/`.
    fn project_sharing_a_part(names: &[&str]) -> tempfile::TempDir {
        let dir = tempfile::tempdir().expect("a folder");
        let write = |name: &str, text: &str| {
            let path = dir.path().join(name);
            std::fs::create_dir_all(crate::paths::folder_of(&path)).expect("folders");
            std::fs::write(path, text).expect("written");
        };
        write("deckhand.yaml", "defaults:\n  facilitator: Sam\n");
        write("_library/q.yaml", "quote: {text: Shared}\n");
        for name in names {
            write(
                name,
                "title: T\nsections:\n  - title: S\n    blocks:\n      - include: ../_library/q.yaml\n",
            );
        }
        dir
    }

    /// Proves: outlines loaded in one round read a file they share once,
    /// and read it again in the next round.
    #[test]
    fn a_shared_file_is_read_once_a_round() {
        let dir = project_sharing_a_part(&["decks/a.yaml", "decks/b.yaml"]);
        let sources = Sources::default();
        for name in ["decks/a.yaml", "decks/b.yaml"] {
            let load = load_file_with(&dir.path().join(name), &sources);
            assert!(!load.failed(), "{:?}", load.diagnostics);
        }
        // The project file and the library's file.
        assert_eq!(sources.reads(), 2);
        sources.forget();
        load_file_with(&dir.path().join("decks/a.yaml"), &sources);
        assert_eq!(sources.reads(), 4);
    }

    /// Proves: a new round (`watch` starts one before each rebuild) lets go
    /// of the texts and trees the last round read, so a long `watch` does
    /// not keep every edited version of every file.
    #[test]
    fn a_new_round_keeps_nothing_of_the_last() {
        let dir = project_sharing_a_part(&["decks/a.yaml"]);
        let sources = Sources::default();
        let load = load_file_with(&dir.path().join("decks/a.yaml"), &sources);
        let Some(loaded) = load.loaded else {
            panic!("{:?}", load.diagnostics);
        };
        let outline = Arc::downgrade(&diag::source(loaded.file).expect("registered"));
        drop(loaded);
        // Kept for the round: the next outline of a folder build shares them.
        assert!(outline.upgrade().is_some());
        assert_eq!(sources.texts_held(), 3);
        sources.forget();
        assert_eq!(sources.texts_held(), 0);
        assert_eq!(sources.trees.lock().map(|t| t.len()).ok(), Some(0));
        assert!(
            outline.upgrade().is_none(),
            "the last round's text is let go"
        );
    }

    /// Proves: plain scalars are text where text is expected.
    #[test]
    fn plain_numbers_and_words_are_text() {
        let load = load_str(
            "t.yaml",
            "title: 2024\nsections:\n  - title: No\n    blocks:\n      - questions:\n          ask: [No, 42, yes]\n",
        );
        assert!(load.diagnostics.is_empty(), "{:?}", load.diagnostics);
        let outline = load.loaded.map(|l| l.outline);
        assert_eq!(outline.map(|o| o.title.value), Some("2024".to_string()));
    }

    /// Proves: a text cut by ` #` is a warning; an ordinary comment is not.
    #[test]
    fn text_cut_by_a_comment_warns() {
        let found = problems(
            "title: T # the title\nsections:\n  - title: A #not this\n    blocks:\n      - quote: {text: x}\n",
        );
        assert_eq!(
            found,
            vec!["t.yaml:3:14: `#not this` is left out: YAML reads text after ` #` as a comment"]
        );
    }
}
