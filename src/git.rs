//! Outlines at a git revision (`main:decks/x.yaml`): the files of its project read with the `git` program into memory, never onto the disk.
//!
//! An outline at a revision is read with everything it uses at that
//! revision (included files, the project file, stills, a theme folder),
//! never from the working tree. The project's folder at the revision is
//! listed once (`git ls-tree -r -l`: names, kinds and sizes) into a
//! [`RevisionTree`], which the read door of [`paths`] reads as it reads the
//! disk: a file's bytes are asked of git (`git cat-file`) only when the
//! loader opens it, after its size was checked against its kind's bound,
//! and a committed link is followed only within the revision's files.
//! Nothing is written out; messages name the files `main:decks/x.yaml:12:7`.

use std::io::Read;
use std::path::{Component, Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::Arc;

use crate::diag::{Diagnostic, did_you_mean};
use crate::outline::PROJECT_FILE;
use crate::paths::{self, BadTree, Objects, RevisionTree, Stored};

/// `REV:PATH` as the user wrote it: `main:decks/x.yaml`, `HEAD~1:decks/`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RevisionPath {
    pub revision: String,
    pub path: String,
}

impl RevisionPath {
    /// `REV:PATH` when `argument` names no file or folder that exists and
    /// has a revision before a colon; `None` for a plain path.
    pub fn parse(argument: &str) -> Option<RevisionPath> {
        if Path::new(argument).exists() {
            return None;
        }
        let (revision, path) = argument.split_once(':')?;
        if revision.is_empty() {
            return None;
        }
        Some(RevisionPath {
            revision: revision.to_string(),
            path: path.to_string(),
        })
    }
}

impl std::fmt::Display for RevisionPath {
    fn fmt(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        write!(f, "{}:{}", self.revision, self.path)
    }
}

/// Why a revision's files could not be read.
#[derive(Debug, thiserror::Error)]
pub enum GitError {
    #[error("`{spec}` is a file of a git revision, but the `git` program cannot be run ({reason})")]
    Missing { spec: String, reason: String },
    #[error("`{spec}` is a file of a git revision, but `{folder}` is not in a git repository")]
    NotARepository { spec: String, folder: String },
    #[error("git does not know the revision `{revision}`")]
    UnknownRevision {
        revision: String,
        near: Option<String>,
    },
    #[error("`{path}` is not in the revision `{revision}`")]
    NotInRevision { revision: String, path: String },
    #[error("`{spec}` leaves the repository")]
    OutsideRepository { spec: String },
    #[error("git could not read `{spec}` ({message})")]
    Failed { spec: String, message: String },
    #[error("`{spec}` cannot be read: {source}")]
    BadTree {
        spec: String,
        #[source]
        source: BadTree,
    },
}

impl GitError {
    /// The error as a problem to print, with what to do about it.
    pub fn diagnostic(&self) -> Diagnostic {
        let problem = Diagnostic::error(self.to_string());
        match self {
            GitError::Missing { .. } => problem.with_hint(
                "install git, or compare two files: `deckhand diff old.yaml new.yaml`",
            ),
            GitError::NotARepository { .. } => problem.with_hint(
                "run deckhand inside the repository, or compare two files: `deckhand diff old.yaml new.yaml`",
            ),
            GitError::UnknownRevision { near, .. } => match near {
                Some(near) => problem.with_hint(format!("did you mean `{near}`?")),
                None => problem.with_hint(
                    "a revision is a branch, a tag or a commit, as git names it: `main`, `v2.1`, `HEAD~1`",
                ),
            },
            GitError::NotInRevision { revision, path } => {
                let folder = paths::folder_of(Path::new(path)).display().to_string();
                problem.with_hint(format!(
                    "the path is from the top of the repository (`./` for one from here); `git ls-tree --name-only {revision} {folder}/` lists what is there"
                ))
            }
            GitError::OutsideRepository { .. } => {
                problem.with_hint("name a file inside the repository, from its top")
            }
            GitError::BadTree { .. } => problem.with_hint(
                "git itself never commits such a tree; `git fsck` names the commit that holds it",
            ),
            GitError::Failed { .. } => problem,
        }
    }
}

/// A revision's files, listed, and the outline (or folder) asked for among them.
#[derive(Debug)]
pub struct Checkout {
    /// The revision's files, read when opened.
    pub tree: Arc<RevisionTree>,
    /// The file or folder `REV:PATH` names, under the tree's top.
    pub path: PathBuf,
}

/// Lists the project folder of `spec` at its revision (the folder of the
/// nearest `deckhand.yaml` above it then, else its own folder) for the
/// read door, and names its files by revision in messages. `here` is the
/// folder relative paths start from (`main:./x.yaml`).
pub fn check_out(spec: &RevisionPath, here: &Path) -> Result<Checkout, GitError> {
    let shown = spec.to_string();
    // One call for the repository's top, the folder here within it, and
    // the commit: `git diff` in CI runs this for every outline.
    let wanted = format!("{}^{{commit}}", spec.revision);
    let located = git(
        here,
        &[
            "rev-parse",
            "--show-toplevel",
            "--show-prefix",
            "--verify",
            "--quiet",
            "--end-of-options",
            &wanted,
        ],
        &shown,
    )?;
    let lines: Vec<&str> = located.stdout.lines().collect();
    let (top, prefix) = match lines.as_slice() {
        [top, prefix, ..] => (PathBuf::from(top), prefix.to_string()),
        _ => {
            return Err(GitError::NotARepository {
                spec: shown,
                folder: here.display().to_string(),
            });
        }
    };
    let commit = match lines.get(2) {
        Some(commit) if located.success => commit.to_string(),
        _ => return Err(unknown_revision(&top, &spec.revision, &shown)?),
    };
    let path = repository_path(&spec.path, &prefix).ok_or_else(|| GitError::OutsideRepository {
        spec: shown.clone(),
    })?;
    let project =
        project_folder(&top, &commit, &path, &shown)?.ok_or_else(|| GitError::NotInRevision {
            revision: spec.revision.clone(),
            path: path.clone(),
        })?;
    let listed = list_tree(&top, &commit, &project, &shown)?;
    let tree = RevisionTree::register(&spec.revision, listed, Box::new(GitObjects { top }))
        .map_err(|source| GitError::BadTree {
            spec: shown.clone(),
            source,
        })?;
    let path = tree.path(&path);
    Ok(Checkout { tree, path })
}

/// The path from the repository's top: `written` is from the top, as git
/// reads `REV:PATH`, unless it starts with `./` or `../` (from `prefix`,
/// the folder deckhand runs in). `None` when it leaves the repository.
fn repository_path(written: &str, prefix: &str) -> Option<String> {
    let from_here = written == "."
        || written == ".."
        || written.starts_with("./")
        || written.starts_with("../");
    let joined = if from_here {
        format!("{prefix}{written}")
    } else {
        written.to_string()
    };
    let mut parts: Vec<String> = Vec::new();
    for component in Path::new(&joined).components() {
        match component {
            Component::Normal(part) => parts.push(part.to_string_lossy().into_owned()),
            Component::ParentDir => {
                parts.pop()?;
            }
            Component::CurDir => {}
            Component::RootDir | Component::Prefix(_) => return None,
        }
    }
    Some(parts.join("/"))
}

/// The folder that holds `path` (`""` at the top).
fn parent(path: &str) -> String {
    path.rsplit_once('/')
        .map(|(folder, _)| folder.to_string())
        .unwrap_or_default()
}

/// Why git knows no commit `revision`, with the nearest name it knows.
fn unknown_revision(top: &Path, revision: &str, shown: &str) -> Result<GitError, GitError> {
    let names = git(top, &["for-each-ref", "--format=%(refname:short)"], shown)?;
    let known: Vec<&str> = names.stdout.lines().collect();
    Ok(GitError::UnknownRevision {
        revision: revision.to_string(),
        near: did_you_mean(revision, &known).map(str::to_string),
    })
}

/// The folder an outline at `path` (a file, or a folder of outlines) may
/// reach at `commit`: its nearest project file's, else its own. `None`
/// when the revision has no such path. One `git ls-tree` answers both.
fn project_folder(
    top: &Path,
    commit: &str,
    path: &str,
    shown: &str,
) -> Result<Option<String>, GitError> {
    // Nearest first: the path's own (should it be a folder), then each folder up.
    let mut candidates = Vec::new();
    if !path.is_empty() {
        candidates.push(format!("{path}/{PROJECT_FILE}"));
    }
    let mut folder = (!path.is_empty()).then(|| parent(path));
    while let Some(dir) = folder {
        candidates.push(if dir.is_empty() {
            PROJECT_FILE.to_string()
        } else {
            format!("{dir}/{PROJECT_FILE}")
        });
        folder = (!dir.is_empty()).then(|| parent(&dir));
    }
    // `-t`: a folder is listed even when a deeper path makes git look into it.
    let mut args = vec!["ls-tree", "-z", "-t", commit, "--"];
    if !path.is_empty() {
        args.push(path);
    }
    args.extend(candidates.iter().map(String::as_str));
    let listed = git(top, &args, shown)?;
    let entries: Vec<(&str, &str)> = listed
        .stdout
        .split('\0')
        .filter_map(|line| {
            let (meta, name) = line.split_once('\t')?;
            Some((meta.split(' ').nth(1)?, name))
        })
        .collect();
    let own_folder = if path.is_empty() {
        String::new()
    } else {
        match entries.iter().find(|(_, name)| *name == path) {
            Some(("tree", _)) => path.to_string(),
            Some(_) => parent(path),
            None => return Ok(None),
        }
    };
    Ok(Some(
        candidates
            .iter()
            .find(|c| entries.contains(&("blob", c.as_str())))
            .map_or(own_folder, |file| parent(file)),
    ))
}

/// The files under `folder` at `commit`, each with its kind and size
/// (`git ls-tree -r -l`): no file's bytes are read.
fn list_tree(
    top: &Path,
    commit: &str,
    folder: &str,
    shown: &str,
) -> Result<Vec<(String, Stored)>, GitError> {
    let mut args = vec!["ls-tree", "-r", "-l", "-z", "--full-tree", commit];
    if !folder.is_empty() {
        args.extend(["--", folder]);
    }
    let listed = git(top, &args, shown)?;
    if !listed.success {
        return Err(GitError::Failed {
            spec: shown.to_string(),
            message: "`git ls-tree` failed".into(),
        });
    }
    Ok(listed
        .stdout
        .split('\0')
        .filter_map(|line| {
            let (meta, path) = line.split_once('\t')?;
            let mut meta = meta.split_whitespace();
            let mode = meta.next()?;
            let kind = meta.next()?;
            let id = meta.next()?.to_string();
            let size = meta.next()?.parse::<u64>().ok()?;
            // A submodule's commit is not a file of this repository.
            if kind != "blob" {
                return None;
            }
            let stored = if mode == "120000" {
                Stored::Link { id, size }
            } else {
                Stored::File { id, size }
            };
            Some((path.to_string(), stored))
        })
        .collect())
}

/// A repository's objects, read by the `git` program one at a time, when
/// the door opens a file (a few per outline: its includes and stills).
#[derive(Debug)]
struct GitObjects {
    top: PathBuf,
}

impl Objects for GitObjects {
    fn read(&self, id: &str, limit: u64) -> std::io::Result<Vec<u8>> {
        let mut child = Command::new("git")
            .current_dir(&self.top)
            .args(["cat-file", "blob", id])
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()?;
        let mut bytes = Vec::new();
        let read = match child.stdout.take() {
            Some(stdout) => stdout.take(limit).read_to_end(&mut bytes),
            None => Err(std::io::Error::other("no output from `git cat-file`")),
        };
        if read.is_ok() && (bytes.len() as u64) < limit {
            // The whole object came: git has finished, and says how.
            let status = child.wait()?;
            if !status.success() {
                return Err(std::io::Error::other(format!(
                    "git cannot read the object {id}"
                )));
            }
            return Ok(bytes);
        }
        // Only the first `limit` bytes were wanted: the rest is never read.
        let _ = child.kill();
        let _ = child.wait();
        read.map(|_| bytes)
    }
}

/// What a git command printed, and whether it succeeded.
struct GitOutput {
    success: bool,
    stdout: String,
}

/// Runs `git ARGS` in `folder`; an error only when git cannot be run.
fn git(folder: &Path, args: &[&str], shown: &str) -> Result<GitOutput, GitError> {
    let output = Command::new("git")
        .current_dir(folder)
        .args(args)
        .stdin(Stdio::null())
        .output()
        .map_err(|error| GitError::Missing {
            spec: shown.to_string(),
            reason: if error.kind() == std::io::ErrorKind::NotFound {
                "it is not installed, or not on the PATH".to_string()
            } else {
                error.to_string()
            },
        })?;
    Ok(GitOutput {
        success: output.status.success(),
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Proves: `REV:PATH` is told from a plain path, and paths are read from the top or from here.
    #[test]
    fn revision_paths_are_read_as_git_reads_them() {
        assert_eq!(
            RevisionPath::parse("main:decks/x.yaml"),
            Some(RevisionPath {
                revision: "main".into(),
                path: "decks/x.yaml".into()
            })
        );
        assert_eq!(RevisionPath::parse("decks/x.yaml"), None);
        assert_eq!(RevisionPath::parse(":x.yaml"), None);
        // An existing file is a file, colon or not.
        assert_eq!(RevisionPath::parse("Cargo.toml"), None);
        assert_eq!(
            repository_path("decks/x.yaml", "sub/"),
            Some("decks/x.yaml".into())
        );
        assert_eq!(
            repository_path("./x.yaml", "decks/"),
            Some("decks/x.yaml".into())
        );
        assert_eq!(
            repository_path("../_library/a.yaml", "decks/"),
            Some("_library/a.yaml".into())
        );
        assert_eq!(repository_path("../x.yaml", ""), None);
        assert_eq!(parent("decks/x.yaml"), "decks");
        assert_eq!(parent("x.yaml"), "");
    }
}
