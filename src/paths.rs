//! Which files an outline may reach, and the one door every file deckhand reads goes through.
//!
//! Every file deckhand reads (an outline, the project file, an included
//! part, a still, a film, a theme's file, a font, a cache entry) is opened
//! by [`open`] or [`read`], which refuse before a byte is read: a link whose
//! target leaves the folder the file may come from, anything that is not a
//! regular file (a folder, a pipe, a device, a socket), and a file over its
//! kind's size bound ([`Kind::bound`]). A git revision's files
//! ([`RevisionTree`], for `deckhand diff main:decks/x.yaml`) are read
//! through the same door, from git's objects into memory, under a folder
//! name that exists nowhere on the disk: no stage after this one can tell
//! them from files, and nothing of a revision is ever written out.

use std::collections::HashMap;
use std::fs::File;
use std::io::{Cursor, Read, Seek, SeekFrom};
use std::path::{Component, Path, PathBuf};
use std::sync::{Arc, Mutex, OnceLock, RwLock};

/// What deckhand reads, each kind with the most bytes one file may hold.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// An outline, an included part or the project file.
    Outline,
    /// A still or an `image` block's picture.
    Picture,
    /// A logo drawn as SVG, read whole and parsed.
    Drawing,
    /// A film, of which only the header is read.
    Film,
    /// A file of a theme folder.
    ThemeFile,
    /// A font a trainer added.
    Font,
    /// An entry of the cache of prepared pictures.
    CacheEntry,
    /// A file of a presenter folder, served by `present --watch`.
    Presented,
    /// A clip cut to a file of its own, read whole to embed it in the
    /// PowerPoint deck (`--pptx-clips embed`).
    CutClip,
}

const MIB: u64 = 1024 * 1024;
/// The largest cut clip the PowerPoint deck embeds, and the most its clips
/// may hold in all: the deck is made in memory, within the run's 1 GiB.
pub const MAX_EMBEDDED_CLIP_BYTES: u64 = 200 * MIB;
pub const MAX_EMBEDDED_CLIPS_BYTES: u64 = 400 * MIB;

impl Kind {
    /// The largest file of this kind deckhand opens (the README's Limits).
    pub const fn bound(self) -> u64 {
        match self {
            Kind::Outline | Kind::Drawing => MIB,
            Kind::Picture => 100 * MIB,
            // A film is gigabytes; only its header is read, within
            // `video.rs`'s own bound on the header's boxes.
            Kind::Film => 1024 * 1024 * MIB,
            Kind::ThemeFile | Kind::Font | Kind::CacheEntry => 64 * MIB,
            Kind::Presented => 256 * MIB,
            Kind::CutClip => MAX_EMBEDDED_CLIP_BYTES,
        }
    }

    /// The most bytes of a file of this kind read from a git revision
    /// into memory: a film's first bytes, its header, suffice.
    const fn in_memory(self) -> u64 {
        match self {
            Kind::Film => 64 * MIB,
            other => other.bound(),
        }
    }
}

/// Why the door refused a file, said after its name: "`x.png` is a folder, not a file".
#[derive(Debug, thiserror::Error)]
pub enum Refused {
    #[error("does not exist")]
    Missing,
    #[error("is a link that leads out of the folder it may be read from")]
    LinksOut,
    #[error("is {0}, not a regular file")]
    NotAFile(&'static str),
    #[error("is larger than {}", size_in_words(*.bound))]
    TooLarge { size: u64, bound: u64 },
    #[error("cannot be read ({0})")]
    Unreadable(std::io::Error),
}

/// `1 MiB`, `64 MiB`.
pub fn size_in_words(bytes: u64) -> String {
    if bytes >= MIB && bytes.is_multiple_of(MIB) {
        format!("{} MiB", bytes / MIB)
    } else {
        format!("{bytes} bytes")
    }
}

/// A file opened by the door: on the disk, or a revision's blob in memory.
#[derive(Debug)]
pub struct Opened {
    source: Source,
    size: u64,
}

#[derive(Debug)]
enum Source {
    Disk(File),
    Memory(Cursor<Arc<[u8]>>),
}

impl Opened {
    /// Its size when it was opened.
    pub fn size(&self) -> u64 {
        self.size
    }

    /// The file on the disk, for what only the disk has (its time of last use).
    pub fn disk_file(&self) -> Option<&File> {
        match &self.source {
            Source::Disk(file) => Some(file),
            Source::Memory(_) => None,
        }
    }
}

impl Read for Opened {
    fn read(&mut self, buffer: &mut [u8]) -> std::io::Result<usize> {
        match &mut self.source {
            Source::Disk(file) => file.read(buffer),
            Source::Memory(cursor) => cursor.read(buffer),
        }
    }
}

impl Seek for Opened {
    fn seek(&mut self, to: SeekFrom) -> std::io::Result<u64> {
        match &mut self.source {
            Source::Disk(file) => file.seek(to),
            Source::Memory(cursor) => cursor.seek(to),
        }
    }
}

/// Opens `path`, a file of `kind` that may come only from inside `within`
/// (a canonical folder, or a revision's folder): refused, before a byte is
/// read, when it is a link that leads out, not a regular file, or larger
/// than its kind's bound.
pub fn open(within: &Path, path: &Path, kind: Kind) -> Result<Opened, Refused> {
    if let Some((tree, _)) = tree_of(path) {
        return tree.open(within, path, kind);
    }
    let real = path.canonicalize().map_err(Refused::Unreadable)?;
    // `within` may be written as the user gave it (relative, through a
    // link): compared as the real folder it names.
    let within = within
        .canonicalize()
        .unwrap_or_else(|_| within.to_path_buf());
    if !real.starts_with(&within) {
        return Err(Refused::LinksOut);
    }
    let metadata = std::fs::metadata(&real).map_err(Refused::Unreadable)?;
    regular(&metadata, kind)?;
    let file = open_regular(&real).map_err(Refused::Unreadable)?;
    // What was opened is checked again: the name may have been given to
    // something else in between.
    let metadata = file.metadata().map_err(Refused::Unreadable)?;
    regular(&metadata, kind)?;
    Ok(Opened {
        source: Source::Disk(file),
        size: metadata.len(),
    })
}

/// Reads the whole of `path` through [`open`]; a file that grew past its
/// bound while it was read is refused too.
pub fn read(within: &Path, path: &Path, kind: Kind) -> Result<Vec<u8>, Refused> {
    let mut opened = open(within, path, kind)?;
    if let Source::Memory(cursor) = &opened.source {
        return Ok(cursor.get_ref().to_vec());
    }
    let mut bytes = Vec::with_capacity(usize::try_from(opened.size).unwrap_or(0));
    (&mut opened)
        .take(kind.bound() + 1)
        .read_to_end(&mut bytes)
        .map_err(Refused::Unreadable)?;
    let size = bytes.len() as u64;
    if size > kind.bound() {
        return Err(Refused::TooLarge {
            size,
            bound: kind.bound(),
        });
    }
    Ok(bytes)
}

/// A regular file within its kind's bound, or why not.
fn regular(metadata: &std::fs::Metadata, kind: Kind) -> Result<(), Refused> {
    let file_type = metadata.file_type();
    if !file_type.is_file() {
        return Err(Refused::NotAFile(what_it_is(&file_type)));
    }
    if metadata.len() > kind.bound() {
        return Err(Refused::TooLarge {
            size: metadata.len(),
            bound: kind.bound(),
        });
    }
    Ok(())
}

/// "a folder", "a named pipe": what a file that is not a regular one is.
fn what_it_is(file_type: &std::fs::FileType) -> &'static str {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if file_type.is_fifo() {
            return "a named pipe";
        }
        if file_type.is_socket() {
            return "a socket";
        }
        if file_type.is_block_device() || file_type.is_char_device() {
            return "a device";
        }
    }
    if file_type.is_dir() {
        "a folder"
    } else {
        "neither a file nor a folder"
    }
}

/// Opens a file for reading without following a link in its last part
/// and without waiting: a pipe put in its place opens at once (and is then
/// refused) instead of blocking for ever.
fn open_regular(path: &Path) -> std::io::Result<File> {
    let mut options = std::fs::OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.custom_flags(libc::O_NOFOLLOW | libc::O_NONBLOCK);
    }
    options.open(path)
}

/// What is at a path, links followed (inside a revision, within it only).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Entry {
    File,
    Folder,
    /// A pipe, a device, a socket.
    Other,
    Missing,
}

/// `path` as an absolute path with its links resolved, though it (or
/// folders above it) may not exist yet: an output or export folder before
/// the first build. The part that does not exist is kept as written.
pub fn real_even_if_missing(path: &Path) -> PathBuf {
    let absolute = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
    let mut existing = absolute.as_path();
    let mut missing = Vec::new();
    while !existing.exists() {
        match (existing.parent(), existing.file_name()) {
            (Some(parent), Some(name)) => {
                missing.push(name.to_os_string());
                existing = parent;
            }
            _ => break,
        }
    }
    let mut real = existing
        .canonicalize()
        .unwrap_or_else(|_| existing.to_path_buf());
    for name in missing.into_iter().rev() {
        real.push(name);
    }
    real
}

/// What is at `path`, without opening it.
pub fn entry(path: &Path) -> Entry {
    if let Some((tree, _)) = tree_of(path) {
        return match tree.canonical(path) {
            Ok(real) => tree.entry_at(&real),
            Err(_) => Entry::Missing,
        };
    }
    match std::fs::metadata(path) {
        Ok(metadata) if metadata.is_file() => Entry::File,
        Ok(metadata) if metadata.is_dir() => Entry::Folder,
        Ok(_) => Entry::Other,
        Err(_) => Entry::Missing,
    }
}

/// Whether anything at all is named `path`, a link that leads nowhere included.
pub fn named(path: &Path) -> bool {
    if let Some((tree, parts)) = tree_of(path) {
        return tree.entries.contains_key(&parts.join("/"));
    }
    std::fs::symlink_metadata(path).is_ok()
}

pub fn is_folder(path: &Path) -> bool {
    entry(path) == Entry::Folder
}

pub fn is_file(path: &Path) -> bool {
    entry(path) == Entry::File
}

/// `path` with its links resolved (inside a revision, within it only).
pub fn canonical(path: &Path) -> std::io::Result<PathBuf> {
    match tree_of(path) {
        Some((tree, _)) => tree.canonical(path),
        None => path.canonicalize(),
    }
}

/// The names in the folder `folder`, as paths under it.
pub fn list(folder: &Path) -> std::io::Result<Vec<PathBuf>> {
    if let Some((tree, _)) = tree_of(folder) {
        let real = tree.canonical(folder)?;
        let prefix = tree.parts(&real).join("/");
        let mut names: Vec<PathBuf> = tree
            .entries
            .keys()
            .filter_map(|key| {
                let rest = if prefix.is_empty() {
                    key.as_str()
                } else {
                    key.strip_prefix(&prefix)?.strip_prefix('/')?
                };
                (!rest.is_empty() && !rest.contains('/')).then(|| folder.join(rest))
            })
            .collect();
        names.sort();
        return Ok(names);
    }
    let mut names = Vec::new();
    for item in std::fs::read_dir(folder)? {
        names.push(item?.path());
    }
    Ok(names)
}

/// Whether `folder` is the top of a repository, above which no project file is looked for.
pub fn is_repository_top(folder: &Path) -> bool {
    match tree_of(folder) {
        Some((_, parts)) => parts.is_empty(),
        None => folder.join(".git").exists(),
    }
}

/// The folder an outline's paths may reach: the project's (where
/// `deckhand.yaml` is) or, without a project file, the outline's own.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Root {
    /// Canonical.
    pub path: PathBuf,
    /// The project file that made this the root, if one did.
    pub project_file: Option<PathBuf>,
}

impl Root {
    /// The folder itself as the root (no project file).
    pub fn folder(folder: &Path) -> std::io::Result<Root> {
        Ok(Root {
            path: canonical(folder)?,
            project_file: None,
        })
    }

    /// What the root is called in messages.
    pub fn described(&self) -> &'static str {
        if self.project_file.is_some() {
            "the project's folder (where `deckhand.yaml` is)"
        } else {
            "the outline's folder"
        }
    }

    /// Resolves `written`, relative to the folder `base` of the file that
    /// names it, refusing absolute paths and paths that leave the root, by
    /// `..` or through a link. The result is canonical.
    pub fn resolve(&self, base: &Path, written: &str) -> Result<PathBuf, Unusable> {
        let path = Path::new(written);
        if written.trim().is_empty() {
            return Err(Unusable::Empty);
        }
        let named = |problem| Unusable::Named {
            written: written.to_string(),
            problem,
        };
        if path.is_absolute() || written.starts_with('/') || written.starts_with('\\') {
            return Err(named(PathProblem::Absolute));
        }
        if path.components().any(|c| matches!(c, Component::Prefix(_))) {
            return Err(named(PathProblem::NotRelative));
        }
        let base = canonical(base).map_err(|e| Unusable::Folder {
            folder: shown(base),
            reason: e.to_string(),
        })?;
        let mut lexical = base.clone();
        for component in path.components() {
            match component {
                Component::ParentDir => {
                    lexical.pop();
                }
                Component::Normal(part) => lexical.push(part),
                _ => {}
            }
        }
        if !lexical.starts_with(&self.path) {
            return Err(named(PathProblem::Leaves(self.described())));
        }
        let real = canonical(&base.join(path)).map_err(|error| {
            if error.kind() == std::io::ErrorKind::NotFound {
                named(PathProblem::Missing)
            } else {
                named(PathProblem::ThroughLink(self.described()))
            }
        })?;
        if !real.starts_with(&self.path) {
            return Err(named(PathProblem::ThroughLink(self.described())));
        }
        Ok(real)
    }
}

/// Why a path an outline wrote cannot be used; said in a trainer's words.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum Unusable {
    #[error("the path is empty")]
    Empty,
    /// `` `x.yaml` does not exist ``: the path as written, and what is wrong with it.
    #[error("`{written}` {problem}")]
    Named {
        written: String,
        problem: PathProblem,
    },
    #[error("cannot read the folder `{folder}` ({reason})")]
    Folder { folder: String, reason: String },
}

/// What is wrong with a path an outline wrote, said after its name.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum PathProblem {
    #[error("is an absolute path; write it relative to the file that names it")]
    Absolute,
    #[error("is not a relative path")]
    NotRelative,
    /// Leaves the project (or the folder) it describes: `the project (the folder with deckhand.yaml)`.
    #[error("leaves {0}")]
    Leaves(&'static str),
    #[error("does not exist")]
    Missing,
    #[error("points outside {0} through a link")]
    ThroughLink(&'static str),
}

/// Reads a revision's objects for its [`RevisionTree`]: git's business (`git.rs`).
pub trait Objects: Send + Sync + std::fmt::Debug {
    /// The first `limit` bytes of the object `id`.
    fn read(&self, id: &str, limit: u64) -> std::io::Result<Vec<u8>>;
}

/// What a revision's tree holds at a path.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Stored {
    File { id: String, size: u64 },
    Link { id: String, size: u64 },
    Folder,
}

impl Stored {
    fn noun(&self) -> &'static str {
        match self {
            Stored::File { .. } => "file",
            Stored::Link { .. } => "link",
            Stored::Folder => "folder",
        }
    }
}

/// A committed link's target is a path: a longer one is no link of a workshop's.
const MAX_LINK_BYTES: u64 = 4096;
/// Links followed in turn to reach one file, as an operating system allows.
const MAX_LINKS: usize = 40;

/// The files of a project at a git revision, listed with their sizes, read
/// from git's objects only when the loader asks for one, and named as if
/// they were under a folder, [`RevisionTree::top`], that is never made.
#[derive(Debug)]
pub struct RevisionTree {
    top: PathBuf,
    revision: String,
    /// By path from the repository's top, `decks/x.yaml`.
    entries: HashMap<String, Stored>,
    objects: Box<dyn Objects>,
    /// Objects read whole, by id: `diff` opens an old version's picture for
    /// its shape and again to compare it, and each read was a `git` process
    /// unpacking megabytes. At most [`MAX_KEPT_BYTES`] in all.
    kept: Mutex<Kept>,
}

/// What a revision tree keeps of the objects it read.
const MAX_KEPT_BYTES: u64 = 256 * 1024 * 1024;

/// The objects a revision tree read whole, by id, and their bytes in all.
type Kept = (HashMap<String, Arc<[u8]>>, u64);

/// Why a revision's listing is no tree deckhand can read.
#[derive(Debug, thiserror::Error)]
pub enum BadTree {
    #[error("`{path}` is in the revision twice, as a {first} and as a {second}")]
    Twice {
        path: String,
        first: &'static str,
        second: &'static str,
    },
    #[error("`{path}` has a name no file of a checkout can have")]
    Name { path: String },
}

impl RevisionTree {
    /// The tree of `listed` (each path from the repository's top, and what
    /// is there) at `revision`, read by `objects`; registered, so that the
    /// door reads its files and messages name them `REVISION:PATH`. Folders
    /// are those the paths imply; a name that is both a file (or a link)
    /// and a folder is refused: git itself never makes one, and a checkout
    /// of it would write through the link.
    pub fn register(
        revision: &str,
        listed: Vec<(String, Stored)>,
        objects: Box<dyn Objects>,
    ) -> Result<Arc<RevisionTree>, BadTree> {
        let mut entries: HashMap<String, Stored> = HashMap::new();
        let mut add = |path: &str, stored: Stored| -> Result<(), BadTree> {
            match entries.get(path) {
                Some(Stored::Folder) if stored == Stored::Folder => Ok(()),
                Some(earlier) => Err(BadTree::Twice {
                    path: path.to_string(),
                    first: earlier.noun(),
                    second: stored.noun(),
                }),
                None => {
                    entries.insert(path.to_string(), stored);
                    Ok(())
                }
            }
        };
        for (path, stored) in listed {
            let parts: Vec<&str> = path.split('/').collect();
            if parts
                .iter()
                .any(|p| p.is_empty() || *p == "." || *p == ".." || p.contains('\\'))
            {
                return Err(BadTree::Name { path });
            }
            for end in 1..parts.len() {
                add(&parts[..end].join("/"), Stored::Folder)?;
            }
            add(&path, stored)?;
        }
        static NEXT: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
        let number = NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let top =
            std::env::temp_dir().join(format!("deckhand-revision-{}-{number}", std::process::id()));
        let tree = Arc::new(RevisionTree {
            top,
            revision: revision.to_string(),
            entries,
            objects,
            kept: Mutex::default(),
        });
        if let Ok(mut trees) = trees().write() {
            trees.push(Arc::clone(&tree));
        }
        Ok(tree)
    }

    /// The folder its files are named under, which exists nowhere on the disk.
    pub fn top(&self) -> &Path {
        &self.top
    }

    /// `top/decks/x.yaml` for `decks/x.yaml`.
    pub fn path(&self, from_top: &str) -> PathBuf {
        let mut path = self.top.clone();
        path.extend(from_top.split('/').filter(|p| !p.is_empty()));
        path
    }

    /// The parts of `path` under the top, `..` kept.
    fn parts(&self, path: &Path) -> Vec<String> {
        let Ok(inside) = path.strip_prefix(&self.top) else {
            return vec!["..".into()];
        };
        inside
            .components()
            .filter_map(|c| match c {
                Component::Normal(part) => Some(part.to_string_lossy().into_owned()),
                Component::ParentDir => Some("..".into()),
                _ => None,
            })
            .collect()
    }

    /// `path` with its committed links followed, within the tree only: a
    /// link that leads out of it (by `..` or an absolute target) is refused.
    fn canonical(&self, path: &Path) -> std::io::Result<PathBuf> {
        let outside = || std::io::Error::other("it leads outside the revision's files");
        let missing = || std::io::Error::from(std::io::ErrorKind::NotFound);
        let mut todo: std::collections::VecDeque<String> = self.parts(path).into();
        let mut done: Vec<String> = Vec::new();
        let mut links = 0;
        while let Some(part) = todo.pop_front() {
            match part.as_str() {
                "" | "." => continue,
                ".." => {
                    done.pop().ok_or_else(outside)?;
                    continue;
                }
                _ => done.push(part),
            }
            match self.entries.get(&done.join("/")) {
                None => return Err(missing()),
                Some(Stored::Folder) => {}
                Some(Stored::File { .. }) => {
                    if todo.iter().any(|p| !p.is_empty() && p != ".") {
                        return Err(missing());
                    }
                }
                Some(Stored::Link { id, size }) => {
                    links += 1;
                    if links > MAX_LINKS || *size > MAX_LINK_BYTES {
                        return Err(outside());
                    }
                    let target = self.objects.read(id, MAX_LINK_BYTES)?;
                    let target = String::from_utf8(target).map_err(|_| missing())?;
                    done.pop();
                    if target.starts_with(['/', '\\']) || target.contains(':') {
                        return Err(outside());
                    }
                    let mut next: std::collections::VecDeque<String> =
                        target.split(['/', '\\']).map(str::to_string).collect();
                    next.extend(todo);
                    todo = next;
                }
            }
        }
        let mut real = self.top.clone();
        real.extend(&done);
        Ok(real)
    }

    fn entry_at(&self, real: &Path) -> Entry {
        let parts = self.parts(real);
        if parts.is_empty() {
            return Entry::Folder;
        }
        match self.entries.get(&parts.join("/")) {
            Some(Stored::File { .. }) => Entry::File,
            Some(Stored::Folder) => Entry::Folder,
            Some(Stored::Link { .. }) | None => Entry::Missing,
        }
    }

    /// The door for the revision's files: the same refusals as on the disk,
    /// the size from git's listing, before a byte of the file is read.
    fn open(&self, within: &Path, path: &Path, kind: Kind) -> Result<Opened, Refused> {
        let real = self.canonical(path).map_err(|error| match error.kind() {
            std::io::ErrorKind::NotFound => Refused::Missing,
            _ => Refused::LinksOut,
        })?;
        if !real.starts_with(within) {
            return Err(Refused::LinksOut);
        }
        let (id, size) = match self.entries.get(&self.parts(&real).join("/")) {
            Some(Stored::File { id, size }) => (id, *size),
            Some(Stored::Folder) => return Err(Refused::NotAFile("a folder")),
            _ if self.parts(&real).is_empty() => return Err(Refused::NotAFile("a folder")),
            _ => return Err(Refused::Missing),
        };
        if size > kind.bound() {
            return Err(Refused::TooLarge {
                size,
                bound: kind.bound(),
            });
        }
        let bytes = self
            .object(id, size, size.min(kind.in_memory()))
            .map_err(Refused::Unreadable)?;
        Ok(Opened {
            size: bytes.len() as u64,
            source: Source::Memory(Cursor::new(bytes)),
        })
    }

    /// The first `limit` bytes of the object `id` of `size` bytes; read once
    /// when that is all of it.
    fn object(&self, id: &str, size: u64, limit: u64) -> std::io::Result<Arc<[u8]>> {
        if limit < size {
            return self.objects.read(id, limit).map(Arc::from);
        }
        if let Some(bytes) = self.kept.lock().ok().and_then(|k| k.0.get(id).cloned()) {
            return Ok(bytes);
        }
        let bytes: Arc<[u8]> = Arc::from(self.objects.read(id, limit)?);
        if let Ok(mut kept) = self.kept.lock()
            && kept.1 + bytes.len() as u64 <= MAX_KEPT_BYTES
        {
            kept.1 += bytes.len() as u64;
            kept.0.insert(id.to_string(), Arc::clone(&bytes));
        }
        Ok(bytes)
    }
}

/// Every revision tree of this run.
fn trees() -> &'static RwLock<Vec<Arc<RevisionTree>>> {
    static TREES: OnceLock<RwLock<Vec<Arc<RevisionTree>>>> = OnceLock::new();
    TREES.get_or_init(|| RwLock::new(Vec::new()))
}

/// The revision tree `path` is under, and its parts under the tree's top.
fn tree_of(path: &Path) -> Option<(Arc<RevisionTree>, Vec<String>)> {
    let trees = trees().read().ok()?;
    trees.iter().find_map(|tree| {
        path.strip_prefix(&tree.top)
            .ok()
            .map(|_| (Arc::clone(tree), tree.parts(path)))
    })
}

/// `main:decks/x.yaml` for a file of a revision tree; `None` for any other path.
pub fn revision_name(path: &Path) -> Option<String> {
    let (tree, parts) = tree_of(path)?;
    let mut tidy: Vec<String> = Vec::new();
    for part in parts {
        if part == ".." {
            tidy.pop();
        } else {
            tidy.push(part);
        }
    }
    Some(format!("{}:{}", tree.revision, tidy.join("/")))
}

/// How messages name the file the user named `path`: as written, or
/// `main:decks/x.yaml` for a file read at a git revision.
pub fn shown(path: &Path) -> String {
    revision_name(path).unwrap_or_else(|| path.display().to_string())
}

/// A path deckhand found (an included file, the project file) as messages
/// show it: `decks/../_library/x.yaml` as
/// `_library/x.yaml`, and an absolute path relative to the working folder
/// when they share more than the file system's root.
pub fn shown_found(path: &Path) -> String {
    if let Some(name) = revision_name(path) {
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
pub fn tidy(path: &Path) -> PathBuf {
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

/// Resolves `relative` inside `folder`, which is also the root.
pub fn resolve_inside(folder: &Path, relative: &str) -> Result<PathBuf, Unusable> {
    let root = Root::folder(folder).map_err(|e| Unusable::Folder {
        folder: shown(folder),
        reason: e.to_string(),
    })?;
    root.resolve(folder, relative)
}

/// The folder that holds `path`, which the outline's own paths are relative to.
pub fn folder_of(path: &Path) -> &Path {
    match path.parent() {
        Some(folder) if !folder.as_os_str().is_empty() => folder,
        _ => Path::new("."),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refuses_escapes() {
        let here = Path::new(env!("CARGO_MANIFEST_DIR"));
        let problem = |written| match resolve_inside(here, written) {
            Err(Unusable::Named { problem, .. }) => Some(problem),
            _ => None,
        };
        assert!(matches!(
            problem("../etc/passwd"),
            Some(PathProblem::Leaves(_))
        ));
        assert!(resolve_inside(here, "src/../Cargo.toml").is_ok());
        assert_eq!(problem("/etc/passwd"), Some(PathProblem::Absolute));
        assert_eq!(problem("missing.png"), Some(PathProblem::Missing));
        assert_eq!(
            resolve_inside(here, "missing.png").map_err(|e| e.to_string()),
            Err("`missing.png` does not exist".to_string())
        );
        assert!(resolve_inside(here, "Cargo.toml").is_ok());
    }

    /// Objects by id, counting what is read of them.
    #[derive(Debug, Default)]
    struct Fake {
        objects: HashMap<String, Vec<u8>>,
        read: Arc<std::sync::Mutex<Vec<String>>>,
    }

    impl Objects for Fake {
        fn read(&self, id: &str, limit: u64) -> std::io::Result<Vec<u8>> {
            self.read.lock().expect("lock").push(id.to_string());
            let bytes = self.objects.get(id).cloned().unwrap_or_default();
            Ok(bytes[..bytes.len().min(limit as usize)].to_vec())
        }
    }

    fn file(id: &str, size: u64) -> Stored {
        Stored::File {
            id: id.into(),
            size,
        }
    }

    fn link(id: &str, target: &str) -> Stored {
        Stored::Link {
            id: id.into(),
            size: target.len() as u64,
        }
    }

    /// Proves: a revision's link is followed within its files only, and a
    /// file over its kind's bound is refused by its listed size without a read.
    #[test]
    fn a_revision_tree_is_read_through_the_door() {
        let mut fake = Fake::default();
        for (id, bytes) in [
            ("outline", &b"title: T"[..]),
            ("inside", b"../lib/part.yaml"),
            ("out", b"../../../etc/passwd"),
            ("absolute", b"/etc/passwd"),
        ] {
            fake.objects.insert(id.into(), bytes.to_vec());
        }
        let asked = Arc::clone(&fake.read);
        let tree = RevisionTree::register(
            "main",
            vec![
                ("decks/x.yaml".into(), file("outline", 8)),
                ("lib/part.yaml".into(), file("outline", 8)),
                ("decks/part.yaml".into(), link("inside", "../lib/part.yaml")),
                ("decks/out.yaml".into(), link("out", "../../../etc/passwd")),
                ("decks/abs.yaml".into(), link("absolute", "/etc/passwd")),
                ("decks/film.mp4".into(), file("film", 2 << 30)),
            ],
            Box::new(fake),
        )
        .expect("a tree");
        let top = tree.top().to_path_buf();
        let root = Root {
            path: top.clone(),
            project_file: None,
        };
        let decks = tree.path("decks");
        assert_eq!(
            root.resolve(&decks, "part.yaml"),
            Ok(tree.path("lib/part.yaml"))
        );
        assert_eq!(
            read(&top, &decks.join("part.yaml"), Kind::Outline).ok(),
            Some(b"title: T".to_vec())
        );
        for escape in ["out.yaml", "abs.yaml"] {
            assert!(
                root.resolve(&decks, escape).is_err_and(|e| matches!(
                    e,
                    Unusable::Named {
                        problem: PathProblem::ThroughLink(_),
                        ..
                    }
                )),
                "{escape}"
            );
            assert!(matches!(
                open(&top, &decks.join(escape), Kind::Outline),
                Err(Refused::LinksOut)
            ));
        }
        assert!(matches!(
            open(&top, &decks.join("film.mp4"), Kind::Picture),
            Err(Refused::TooLarge { .. })
        ));
        // Refused by the size git listed: not a byte of the film was asked for.
        assert!(!asked.lock().expect("lock").contains(&"film".to_string()));
        assert!(matches!(
            open(&top, &decks, Kind::Outline),
            Err(Refused::NotAFile("a folder"))
        ));
        assert_eq!(entry(&decks), Entry::Folder);
        assert_eq!(entry(&decks.join("part.yaml")), Entry::File);
        assert_eq!(list(&decks).map(|names| names.len()).ok(), Some(5));
        assert_eq!(shown(&decks.join("x.yaml")), "main:decks/x.yaml");
    }

    /// Proves: a name that is both a link and a folder is no tree at all.
    #[test]
    fn a_tree_naming_a_path_twice_is_refused() {
        let twice = RevisionTree::register(
            "evil",
            vec![
                ("decks/evil".into(), link("out", "../../../etc/passwd")),
                ("decks/evil/payload.yaml".into(), file("outline", 8)),
            ],
            Box::new(Fake::default()),
        );
        assert!(matches!(
            twice,
            Err(BadTree::Twice {
                first: "link",
                second: "folder",
                ..
            })
        ));
    }

    /// Proves: on the disk, the door refuses a folder, a link out of the
    /// folder it may read and a file over its bound, and reads a link inside.
    #[cfg(unix)]
    #[test]
    fn the_door_refuses_before_reading() {
        let dir = tempfile::tempdir().expect("a folder");
        let within = dir.path().canonicalize().expect("canonical");
        let outside = tempfile::tempdir().expect("a folder");
        std::fs::write(outside.path().join("secret"), "SECRET").expect("written");
        std::fs::write(within.join("a.yaml"), "title: T").expect("written");
        std::os::unix::fs::symlink("a.yaml", within.join("b.yaml")).expect("a link");
        std::os::unix::fs::symlink(outside.path().join("secret"), within.join("c.yaml"))
            .expect("a link");
        std::fs::create_dir(within.join("d.yaml")).expect("a folder");
        let big = std::fs::File::create(within.join("e.yaml")).expect("a file");
        big.set_len(Kind::Outline.bound() + 1).expect("sized");
        assert_eq!(
            read(&within, &within.join("b.yaml"), Kind::Outline).ok(),
            Some(b"title: T".to_vec())
        );
        assert!(matches!(
            read(&within, &within.join("c.yaml"), Kind::Outline),
            Err(Refused::LinksOut)
        ));
        assert!(matches!(
            read(&within, &within.join("d.yaml"), Kind::Outline),
            Err(Refused::NotAFile("a folder"))
        ));
        assert!(matches!(
            read(&within, &within.join("e.yaml"), Kind::Outline),
            Err(Refused::TooLarge { .. })
        ));
    }
}
