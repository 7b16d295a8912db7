//! Reading an outline with what it includes: the project file's defaults and
//! the included files spliced into one tree, then the model read from it,
//! every problem collected at its file, line and column.

use std::collections::{HashMap, HashSet};
use std::path::{Component, Path, PathBuf};
use std::sync::{Arc, Mutex, OnceLock};

use serde::Deserialize;

use super::de::{De, Recovery};
use super::model::{Block, Outline};
use super::problems::{self, list, unknown_key};
use super::yaml::{self, Entry, Node, Scalar, Style, Value};
use crate::diag::{self, Diagnostic, FileId, Span, did_you_mean};
use crate::paths::{self, Kind, Refused, Root};

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
}

impl Loaded {
    /// The folder that the paths written in `file` are relative to.
    pub fn folder_of(&self, file: FileId) -> &Path {
        self.folders
            .get(&file)
            .or_else(|| self.folders.get(&self.file))
            .map_or(Path::new("."), PathBuf::as_path)
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
    diagnostic.included_from = chain;
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

/// The files read during one round of builds, by their real path: a
/// library file shared by many outlines is read once. A round ends when the
/// cache is dropped or [`Sources::forget`] is called (`watch` does, before
/// each rebuild, so that an edit is read).
#[derive(Debug, Default)]
pub struct Sources {
    files: Mutex<HashMap<PathBuf, Arc<Vec<u8>>>>,
    reads: std::sync::atomic::AtomicUsize,
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
        .map(|p| PathBuf::from(shown_path(p)));
    load.ignored_project_files = ignored
        .iter()
        .map(|p| PathBuf::from(shown_path(p)))
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

/// The folders of the project file's `films:` (one, or a list), relative
/// to the project file's folder or absolute: films are kept out of git, in
/// a folder beside the repository or on a drive. Only a film's header is
/// read there, and only for a `video:` the project does not hold.
fn film_folders(
    project_folder: &Path,
    value: &Node,
    problems: &mut Vec<Diagnostic>,
) -> Vec<PathBuf> {
    let items: Vec<&Node> = match &value.value {
        Value::List(items) => items.iter().collect(),
        _ if value.is_null() => Vec::new(),
        _ => vec![value],
    };
    let mut folders = Vec::new();
    for item in items {
        match item.as_str().map(str::trim) {
            Some(folder) if !folder.is_empty() => folders.push(project_folder.join(folder)),
            _ => problems.push(
                Diagnostic::error("`films` should name a folder, or a list of folders")
                    .at(item.span)
                    .with_hint(
                        "e.g. `films: ../films`, relative to `deckhand.yaml`, or an absolute path",
                    ),
            ),
        }
    }
    folders
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

/// The project root for an outline in `folder`: the nearest folder above it
/// (up to a git repository's top) holding `deckhand.yaml`, else the folder
/// itself; and the project files further up, which are not used.
fn find_root(folder: &Path) -> std::io::Result<(Root, Vec<PathBuf>)> {
    let own = paths::canonical(folder)?;
    let mut found: Vec<PathBuf> = Vec::new();
    let mut at = Some(own.as_path());
    while let Some(dir) = at {
        // Whatever bears the name is the project file: a folder, a pipe or
        // a link that leads out is then said to be one, never passed over.
        let candidate = dir.join(PROJECT_FILE);
        if paths::named(&candidate) {
            found.push(candidate);
        }
        if paths::is_repository_top(dir) {
            break;
        }
        at = dir.parent();
    }
    let mut found = found.into_iter();
    Ok(match found.next() {
        Some(nearest) => {
            let path = crate::paths::folder_of(&nearest).to_path_buf();
            (
                Root {
                    path,
                    project_file: Some(nearest),
                },
                found.collect(),
            )
        }
        None => (
            Root {
                path: own,
                project_file: None,
            },
            Vec::new(),
        ),
    })
}

/// Why the project file is not read, named but never quoted: a link out of
/// the project may lead to a file of secrets.
fn project_file_refused(shown: &str, refused: Refused) -> Diagnostic {
    let (message, hint) = match refused {
        Refused::LinksOut => (
            "the project file is a link to a file outside the project's folder".to_string(),
            "deckhand reads no file through a link that leads out of the project; make `deckhand.yaml` a file of its own",
        ),
        Refused::NotAFile(what) => (
            format!("the project file is {what}, not a regular file"),
            "`deckhand.yaml` marks the project's folder and holds the `defaults` of its outlines; make it a file, or remove it",
        ),
        Refused::TooLarge { .. } => (
            "the project file is larger than 1 MiB".to_string(),
            "a project file holds a few `defaults`",
        ),
        other => (
            format!("cannot read the project file ({other})"),
            "`deckhand.yaml` marks the project's folder and holds the `defaults` of its outlines",
        ),
    };
    Diagnostic::error(message).in_path(shown).with_hint(hint)
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
        }
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
                let file = diag::add_source(name, text.clone());
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
        Ok((diag::add_source(name, text.clone()), text))
    }

    /// Parses a registered file into a tree, warning about text cut by ` #`.
    fn parse(&mut self, file: FileId, text: &str) -> Option<Node> {
        match parsed(file, text) {
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

    /// Adds the project file's `defaults` for the keys the outline leaves out.
    fn apply_project_defaults(&mut self, tree: &mut Node) {
        let Some(project_file) = self.root.project_file.clone() else {
            return;
        };
        let shown = shown_path(&project_file);
        self.inputs.push(PathBuf::from(&shown));
        let Some(sources) = self.sources else { return };
        let read = sources
            .read(&self.root.path, &project_file)
            .map_err(|refused| project_file_refused(&shown, refused))
            .and_then(|bytes| self.text_of_project(&shown, &bytes));
        let (file, text) = match read {
            Ok(read) => read,
            Err(diagnostic) => {
                self.diagnostics.push(diagnostic);
                return;
            }
        };
        self.folders
            .insert(file, crate::paths::folder_of(&project_file).to_path_buf());
        let Some(project) = self.parse(file, &text) else {
            return;
        };
        self.expanded_nodes += node_count(&project);
        // An empty project file (or one of comments) means no defaults.
        if project.is_null() {
            return;
        }
        let Some(entries) = project.entries() else {
            self.diagnostics.push(
                Diagnostic::error("the project file must be a map with `defaults:`")
                    .at(project.span)
                    .with_hint(
                        "write `defaults:` and, indented under it, the values every outline gets",
                    ),
            );
            return;
        };
        let mut defaults = None;
        for entry in entries {
            match entry.key.as_str() {
                Some("defaults") => defaults = Some(&entry.value),
                Some("films") => {
                    let folder = crate::paths::folder_of(&project_file).to_path_buf();
                    self.films = film_folders(&folder, &entry.value, &mut self.diagnostics);
                }
                Some(other) => self
                    .diagnostics
                    .push(unknown_key(other, &["defaults", "films"]).at(entry.key.span)),
                None => {}
            }
        }
        let Some(defaults) = defaults else { return };
        if defaults.is_null() {
            return;
        }
        let Some(default_entries) = defaults.entries() else {
            self.diagnostics.push(
                Diagnostic::error(
                    "`defaults` should be a map of outline keys, like `facilitator: Sam`",
                )
                .at(defaults.span),
            );
            return;
        };
        let Some(outline_entries) = tree.entries_mut() else {
            return;
        };
        for default in default_entries {
            let key = default.key.as_str().unwrap_or_default();
            if key == "sections" {
                self.diagnostics.push(
                    Diagnostic::error("`defaults` cannot hold `sections`")
                        .at(default.key.span)
                        .with_hint(
                            "each outline has its own sections; share them with `- include:`",
                        ),
                );
                continue;
            }
            match outline_entries
                .iter_mut()
                .find(|e| e.key.as_str() == Some(key))
            {
                None => outline_entries.push(default.clone()),
                // The handout's settings are merged key by key.
                Some(own) if key == "handout" => {
                    if let (Some(own), Some(more)) =
                        (own.value.entries_mut(), default.value.entries())
                    {
                        for entry in more {
                            if !own.iter().any(|e| e.key.as_str() == entry.key.as_str()) {
                                own.push(entry.clone());
                            }
                        }
                    }
                }
                Some(_) => {}
            }
        }
    }

    fn text_of_project(
        &mut self,
        shown: &str,
        bytes: &[u8],
    ) -> Result<(FileId, String), Diagnostic> {
        if bytes.len() > MAX_OUTLINE_BYTES {
            return Err(Diagnostic::error("the project file is larger than 1 MiB").in_path(shown));
        }
        let text = std::str::from_utf8(bytes)
            .map_err(|_| Diagnostic::error("the project file is not UTF-8 text").in_path(shown))?;
        self.expanded_bytes += text.len();
        Ok((diag::add_source(shown, text), text.to_string()))
    }

    /// Expands the includes of a list of sections or blocks in place, and
    /// checks the variant names of its items.
    fn expand(
        &mut self,
        list: &mut Node,
        slot: Slot,
        depth: usize,
        stack: &mut Vec<(PathBuf, String)>,
    ) {
        let list_span = list.span;
        let Value::List(items) = &mut list.value else {
            return;
        };
        let mut expanded = Vec::with_capacity(items.len());
        for mut item in std::mem::take(items) {
            if item.get("include").is_some() {
                let spliced = self.splice(&item, slot, depth, stack);
                if spliced.is_empty() {
                    self.pruned.insert(list_span);
                }
                expanded.extend(spliced);
                continue;
            }
            self.check_item(&mut item, slot, depth, stack);
            expanded.push(item);
        }
        *items = expanded;
    }

    /// A section's or block's own variant names, and a section's blocks.
    fn check_item(
        &mut self,
        item: &mut Node,
        slot: Slot,
        depth: usize,
        stack: &mut Vec<(PathBuf, String)>,
    ) {
        match slot {
            Slot::Section => {
                self.check_variant_names(item);
                if let Some(blocks) = entry_value_mut(item, "blocks") {
                    self.expand(blocks, Slot::Block, depth, stack);
                }
            }
            Slot::Block => {
                if let Some([entry]) = item.entries() {
                    let fields = entry.value.clone();
                    self.check_variant_names(&fields);
                }
            }
        }
    }

    /// The items an `- include:` item stands for, read from its file.
    fn splice(
        &mut self,
        item: &Node,
        slot: Slot,
        depth: usize,
        stack: &mut Vec<(PathBuf, String)>,
    ) -> Vec<Node> {
        let Some(entries) = item.entries() else {
            return Vec::new();
        };
        for entry in entries {
            let key = entry.key.as_str().unwrap_or_default();
            if !matches!(key, "include" | "only" | "except") {
                self.diagnostics.push(
                    Diagnostic::error(format!(
                        "an include item has `include`, `only` and `except`, not `{key}`"
                    ))
                    .at(entry.key.span)
                    .with_hint(format!(
                        "to change the included {}, copy it into this file instead",
                        slot.noun()
                    )),
                );
                return Vec::new();
            }
            if key != "include" && !matches!(entry.value.value, Value::List(_)) {
                self.diagnostics.push(
                    Diagnostic::error(format!(
                        "`{key}` should be a list of variant names, not {}",
                        entry.value.described()
                    ))
                    .at(entry.value.span)
                    .with_hint(format!(
                        "write the names in brackets, like `{key}: [short]`"
                    )),
                );
                return Vec::new();
            }
        }
        self.check_variant_names(item);
        let Some(target) = item.get("include") else {
            return Vec::new();
        };
        let written = match &target.value {
            Value::Scalar(Scalar { text, .. }) if !target.is_null() => text.trim().to_string(),
            _ => {
                self.diagnostics.push(
                    Diagnostic::error("`include` should be the path of a file")
                        .at(target.span)
                        .with_hint(format!(
                            "for example `- include: ../_library/{}s/name.yaml`",
                            slot.noun()
                        )),
                );
                return Vec::new();
            }
        };
        let cannot = |message: String| {
            Diagnostic::error(format!("cannot include `{written}`: {message}")).at(target.span)
        };
        let Some(sources) = self.sources else {
            self.diagnostics
                .push(cannot("includes are read only from an outline file".into()));
            return Vec::new();
        };
        if depth >= MAX_INCLUDE_DEPTH {
            self.diagnostics.push(
                cannot(format!(
                    "includes nest more than {MAX_INCLUDE_DEPTH} levels deep"
                ))
                .with_hint(
                    "an included file may include others, but not this deep; look for a long chain",
                ),
            );
            return Vec::new();
        }
        let base = self
            .folders
            .get(&target.span.file)
            .cloned()
            .unwrap_or_else(|| PathBuf::from("."));
        // As messages name it: beside the including file as the user sees it.
        let shown = diag::source(target.span.file)
            .map(|including| {
                let folder = crate::paths::folder_of(Path::new(&including.name));
                tidy(&folder.join(&written)).display().to_string()
            })
            .unwrap_or_else(|| written.clone());
        // Watched even when missing: creating it may be the fix.
        self.inputs.push(PathBuf::from(&shown));
        if !is_yaml(Path::new(&written)) {
            self.diagnostics.push(
                cannot("only `.yaml` and `.yml` files can be included".into()).with_hint(
                    "an included file holds sections or blocks, written like an outline's",
                ),
            );
            return Vec::new();
        }
        let real = match self.root.resolve(&base, &written) {
            Ok(real) => real,
            Err(message) => {
                // "`x.yaml` does not exist" says the name the message already gave.
                let message = match message.strip_prefix(&format!("`{written}` ")) {
                    Some(rest) => format!("it {rest}"),
                    None => message,
                };
                let missing = message.ends_with("does not exist");
                let mut d = cannot(message);
                if let Some(near) = near_file(&base, &written).filter(|_| missing) {
                    d = d.with_hint(format!("did you mean `{near}`?"));
                }
                self.diagnostics.push(d.with_hint(format!(
                    "an included file is a `.yaml` file inside {}, named relative to the file that includes it",
                    self.root.described()
                )));
                return Vec::new();
            }
        };
        // Through a link inside the root, the file's own name is what changes.
        if paths::canonical(Path::new(&shown)).ok().as_ref() != Some(&real) {
            self.inputs.push(real.clone());
        }
        if let Some(start) = stack.iter().position(|(p, _)| *p == real) {
            let mut chain: Vec<&str> = stack[start..].iter().map(|(_, n)| n.as_str()).collect();
            chain.push(&shown);
            let message = if chain.len() == 2 {
                "it includes itself".to_string()
            } else {
                format!("the includes go round in a circle: {}", chain.join(" → "))
            };
            self.diagnostics.push(cannot(message).with_hint(
                "an included file may not include, directly or not, a file that includes it",
            ));
            return Vec::new();
        }
        let read = sources
            .read(&self.root.path, &real)
            .map_err(|refused| match refused {
                Refused::NotAFile(_) => cannot("it is not a file".into()).with_hint("name a `.yaml` file"),
                Refused::TooLarge { .. } => cannot("the file is larger than 1 MiB".into()).with_hint(
                    "a workshop outline is text of a few kilobytes; split it into several files",
                ),
                other => cannot(format!("it {other}")),
            })
            .and_then(|bytes| self.text(&shown, &bytes, Some((target.span, &written))));
        let (file, text) = match read {
            Ok(read) => read,
            Err(diagnostic) => {
                self.diagnostics.push(diagnostic);
                return Vec::new();
            }
        };
        if self.expanded_bytes > MAX_OUTLINE_BYTES {
            self.diagnostics.push(
                cannot(
                    "the outline would hold more than 1 MiB of text with the files it includes"
                        .into(),
                )
                .with_hint("a workshop is a few kilobytes; include fewer or smaller files"),
            );
            self.over_limit = true;
            return Vec::new();
        }
        self.included_from.entry(file).or_insert(target.span);
        self.folders
            .insert(file, crate::paths::folder_of(&real).to_path_buf());
        let Some(tree) = self.parse(file, &text) else {
            return Vec::new();
        };
        self.expanded_nodes += node_count(&tree);
        if self.expanded_nodes > MAX_EXPANDED_NODES {
            self.diagnostics.push(
                cannot(format!(
                    "the outline would hold more than {MAX_EXPANDED_NODES} YAML values with the files it includes"
                ))
                .with_hint("include fewer files, or files with fewer aliases (`*name`)"),
            );
            self.over_limit = true;
            return Vec::new();
        }
        let items = match self.shape(tree, slot, &shown, target.span) {
            Some(items) => items,
            None => return Vec::new(),
        };
        stack.push((real, shown));
        let mut spliced = Vec::new();
        for mut included in items {
            if included.get("include").is_some() {
                spliced.extend(self.splice(&included, slot, depth + 1, stack));
                continue;
            }
            self.check_item(&mut included, slot, depth + 1, stack);
            spliced.push(included);
        }
        stack.pop();
        for included in &mut spliced {
            narrow_variants(included, slot, item.get("only"), item.get("except"));
        }
        spliced
    }

    /// The sections or blocks an included file holds, or `None` with a
    /// problem when it holds the other kind of thing.
    fn shape(&mut self, tree: Node, slot: Slot, shown: &str, site: Span) -> Option<Vec<Node>> {
        let items = match tree.value {
            Value::List(items) => items,
            Value::Map(_) => vec![tree],
            Value::Scalar(_) => {
                self.diagnostics.push(
                    Diagnostic::error(format!("`{shown}` holds no {}", slot.noun()))
                        .at(site)
                        .with_hint(format!(
                            "an included file holds one {0} or a list of {0}s",
                            slot.noun()
                        )),
                );
                return None;
            }
        };
        for item in &items {
            let holds = holds(item);
            if holds.is_some_and(|h| h != slot) {
                let other = holds.map_or("something else", Slot::noun);
                self.diagnostics.push(
                    Diagnostic::error(format!(
                        "`{shown}` holds a {other}, but a {} is expected here",
                        slot.noun()
                    ))
                    .at(site)
                    .with_hint(match slot {
                        Slot::Section => "include a block inside a section's `blocks:` list",
                        Slot::Block => "include a section in the outline's `sections:` list",
                    }),
                );
                return None;
            }
        }
        Some(items)
    }

    /// Every `only`/`except` of an item names a declared variant.
    fn check_variant_names(&mut self, item: &Node) {
        for key in ["only", "except"] {
            let Some(names) = item.get(key) else { continue };
            let Value::List(names) = &names.value else {
                continue;
            };
            for name in names {
                let Some(text) = name.as_str() else { continue };
                let text = text.trim();
                if self.variants.iter().any(|v| v == text) {
                    continue;
                }
                let d = Diagnostic::error(format!("unknown variant `{text}`")).at(name.span);
                let known: Vec<&str> = self.variants.iter().map(String::as_str).collect();
                let d = if known.is_empty() {
                    d.with_hint("the outline declares no `variants`; declare the cuts under `variants:` at its top, like `variants: {short: {duration: 90min}}`")
                } else {
                    let d = match did_you_mean(text, &known) {
                        Some(near) => d.with_hint(format!("did you mean `{near}`?")),
                        None => d,
                    };
                    d.with_hint(format!("the outline's variants are {}", list(&known)))
                };
                self.diagnostics.push(d);
            }
        }
    }

    /// The nesting limit of one file, for the outline with its includes:
    /// an included file nests as deep as the place that includes it.
    fn depth_within_limit(&mut self, tree: &Node) -> bool {
        fn deepest(node: &Node, depth: usize) -> Option<&Node> {
            let children: Vec<&Node> = match &node.value {
                Value::Scalar(_) => return None,
                Value::List(items) => items.iter().collect(),
                Value::Map(entries) => entries.iter().map(|e| &e.value).collect(),
            };
            if depth > MAX_NESTING {
                return Some(node);
            }
            children
                .into_iter()
                .find_map(|child| deepest(child, depth + 1))
        }
        if let Some(node) = deepest(tree, 1) {
            self.diagnostics.push(
                Diagnostic::error(format!(
                    "this value nests more than {MAX_NESTING} levels deep, counting the levels of the files that include it"
                ))
                .at(node.span)
                .with_hint("an outline needs about ten levels; look for lists inside lists"),
            );
            return false;
        }
        true
    }

    /// A key twice in one map: reported, and the second one left out.
    fn check_duplicate_keys(&mut self, tree: &Node, recovery: &mut Recovery) {
        let mut found = Vec::new();
        tree.walk(&mut |node| {
            let Some(entries) = node.entries() else {
                return;
            };
            for (i, entry) in entries.iter().enumerate() {
                let Some(key) = entry.key.as_str() else {
                    continue;
                };
                if entries[..i].iter().any(|e| e.key.as_str() == Some(key)) {
                    found.push((key.to_string(), entry.key.span, entry.key.id));
                }
            }
        });
        for (key, span, id) in found {
            let hint = if Block::KINDS.contains(&key.as_str()) {
                format!("to add another block, start it on a line of its own: `- {key}:`")
            } else {
                "keep one of them".to_string()
            };
            self.diagnostics.push(
                Diagnostic::error(format!("`{key}` appears twice in the same map"))
                    .at(span)
                    .with_hint(hint),
            );
            recovery.skip.insert(id);
        }
    }

    /// The limits on list items, per list and in all, after aliases and includes.
    fn check_items(&mut self, tree: &Node) {
        let mut total = 0usize;
        let mut over_total = None;
        let mut long_lists = Vec::new();
        let blocks = tree
            .get("sections")
            .into_iter()
            .flat_map(items_of)
            .filter_map(|section| section.get("blocks"))
            .flat_map(items_of);
        for block in blocks {
            block.walk(&mut |node| {
                if let Value::List(items) = &node.value {
                    if items.len() > MAX_LIST_ITEMS {
                        long_lists.push((node.span, items.len()));
                    }
                    total += items.len();
                    if total > MAX_ITEMS && over_total.is_none() {
                        over_total = Some(node.span);
                    }
                }
            });
        }
        for (span, count) in long_lists {
            self.diagnostics.push(
                Diagnostic::error(format!(
                    "this list has {count} items, more than the limit of {MAX_LIST_ITEMS}"
                ))
                .at(span)
                .with_hint("a slide shows a few items; split them over several blocks"),
            );
        }
        if let Some(span) = over_total {
            self.diagnostics.push(
                Diagnostic::error(format!(
                    "the outline holds more than {MAX_ITEMS} list items in all (aliases and includes counted)"
                ))
                .at(span)
                .with_hint("split the workshop into several outlines"),
            );
        }
    }
}

/// The parsed tree of a file, kept for the life of the process by its text:
/// a library file shared by many outlines of a folder build is parsed once.
fn parsed(file: FileId, text: &str) -> Result<Node, Diagnostic> {
    type Trees = Mutex<HashMap<FileId, Arc<Node>>>;
    static TREES: OnceLock<Trees> = OnceLock::new();
    let trees = TREES.get_or_init(Trees::default);
    if let Some(tree) = trees.lock().ok().and_then(|t| t.get(&file).cloned()) {
        return Ok((*tree).clone());
    }
    let tree = yaml::parse(text, file, 0, MAX_OUTLINE_BYTES)
        .map_err(|error| problems::from_yaml_error(&error, file))?;
    if let Ok(mut trees) = trees.lock() {
        if trees.len() >= 512 {
            trees.clear();
        }
        trees.insert(file, Arc::new(tree.clone()));
    }
    Ok(tree)
}

/// What an included file's item is: a section (`title` and `blocks`), a
/// block (one key, a kind or `include`), or neither (left to the model to say).
fn holds(item: &Node) -> Option<Slot> {
    let entries = item.entries()?;
    let keys: Vec<&str> = entries.iter().filter_map(|e| e.key.as_str()).collect();
    if keys.contains(&"blocks") {
        return Some(Slot::Section);
    }
    if keys.iter().any(|k| Block::KINDS.contains(k)) {
        return Some(Slot::Block);
    }
    None
}

/// Narrows an included item's variants by its include item's `only` and
/// `except`: an item is in a variant when both let it be.
fn narrow_variants(item: &mut Node, slot: Slot, only: Option<&Node>, except: Option<&Node>) {
    if only.is_none() && except.is_none() {
        return;
    }
    let fields = match slot {
        Slot::Section => Some(item),
        Slot::Block => match &mut item.value {
            Value::Map(entries) if entries.len() == 1 => entries.first_mut().map(|e| &mut e.value),
            _ => None,
        },
    };
    let Some(fields) = fields else { return };
    if fields.is_null() {
        fields.value = Value::Map(Vec::new());
    }
    let Some(entries) = fields.entries_mut() else {
        return;
    };
    let names = |node: &Node| -> Vec<String> {
        match &node.value {
            Value::List(items) => items
                .iter()
                .filter_map(|n| n.as_str().map(|t| t.trim().to_string()))
                .collect(),
            _ => Vec::new(),
        }
    };
    if let Some(only) = only {
        let allowed = names(only);
        match entries.iter_mut().find(|e| e.key.as_str() == Some("only")) {
            Some(own) => {
                if let Value::List(items) = &mut own.value.value {
                    items.retain(|n| {
                        n.as_str()
                            .is_some_and(|t| allowed.iter().any(|a| a == t.trim()))
                    });
                }
            }
            None => entries.push(synthetic_entry("only", only)),
        }
    }
    if let Some(except) = except {
        match entries
            .iter_mut()
            .find(|e| e.key.as_str() == Some("except"))
        {
            Some(own) => {
                if let (Value::List(items), Value::List(more)) =
                    (&mut own.value.value, &except.value)
                {
                    items.extend(more.iter().cloned());
                }
            }
            None => entries.push(synthetic_entry("except", except)),
        }
    }
}

fn synthetic_entry(key: &str, value: &Node) -> Entry {
    Entry {
        key: Node {
            id: 0,
            span: value.span,
            value: Value::Scalar(Scalar {
                text: key.to_string(),
                style: Style::Plain,
            }),
        },
        value: value.clone(),
    }
}

/// Gives every node of the expanded tree its own id (a file included twice
/// is two copies).
fn renumber(node: &mut Node, next: &mut u32) {
    node.id = *next;
    *next += 1;
    match &mut node.value {
        Value::Scalar(_) => {}
        Value::List(items) => items.iter_mut().for_each(|n| renumber(n, next)),
        Value::Map(entries) => entries.iter_mut().for_each(|e| {
            renumber(&mut e.key, next);
            renumber(&mut e.value, next);
        }),
    }
}

fn items_of(node: &Node) -> &[Node] {
    match &node.value {
        Value::List(items) => items,
        _ => &[],
    }
}

fn entry_value_mut<'a>(node: &'a mut Node, key: &str) -> Option<&'a mut Node> {
    node.entries_mut()?
        .iter_mut()
        .find(|e| e.key.as_str() == Some(key))
        .map(|e| &mut e.value)
}

/// The names under the outline's `variants:`.
fn declared_variants(tree: &Node) -> Vec<String> {
    tree.get("variants")
        .and_then(Node::entries)
        .map(|entries| {
            entries
                .iter()
                .filter_map(|e| e.key.as_str().map(|k| k.trim().to_string()))
                .collect()
        })
        .unwrap_or_default()
}

/// A path as messages show it: `decks/../_library/x.yaml` as
/// `_library/x.yaml`, and an absolute path relative to the working folder
/// when they share more than the file system's root.
fn shown_path(path: &Path) -> String {
    if let Some(name) = crate::paths::revision_name(path) {
        return name;
    }
    let path = tidy(path);
    if path.is_relative() {
        return path.display().to_string();
    }
    let Ok(cwd) = std::env::current_dir() else {
        return path.display().to_string();
    };
    let shared = path
        .components()
        .zip(cwd.components())
        .take_while(|(a, b)| a == b)
        .count();
    if shared <= 1 {
        return path.display().to_string();
    }
    let up = cwd.components().count() - shared;
    let relative: PathBuf = std::iter::repeat_n(Component::ParentDir, up)
        .chain(path.components().skip(shared))
        .collect();
    relative.display().to_string()
}

/// `path` with `.` left out and each `..` taking away the folder before it,
/// as far as the path names one: `decks/../_library/x.yaml` is `_library/x.yaml`.
fn tidy(path: &Path) -> PathBuf {
    let mut parts: Vec<Component> = Vec::new();
    for component in path.components() {
        match component {
            Component::CurDir => {}
            Component::ParentDir => match parts.last() {
                Some(Component::Normal(_)) => {
                    parts.pop();
                }
                Some(Component::RootDir | Component::Prefix(_)) => {}
                _ => parts.push(component),
            },
            _ => parts.push(component),
        }
    }
    if parts.is_empty() {
        return PathBuf::from(".");
    }
    parts.into_iter().collect()
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

/// How many YAML values a tree holds, keys included.
fn node_count(node: &Node) -> usize {
    let mut count = 0;
    node.walk(&mut |_| count += 1);
    count
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

    /// Proves: outlines loaded in one round read a file they share once,
    /// and read it again in the next round.
    #[test]
    fn a_shared_file_is_read_once_a_round() {
        let dir = tempfile::tempdir().expect("a folder");
        let write = |name: &str, text: &str| {
            let path = dir.path().join(name);
            std::fs::create_dir_all(crate::paths::folder_of(&path)).expect("folders");
            std::fs::write(path, text).expect("written");
        };
        write("deckhand.yaml", "defaults:\n  facilitator: Sam\n");
        write("_library/q.yaml", "quote: {text: Shared}\n");
        let outline =
            "title: T\nsections:\n  - title: S\n    blocks:\n      - include: ../_library/q.yaml\n";
        write("decks/a.yaml", outline);
        write("decks/b.yaml", outline);
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
