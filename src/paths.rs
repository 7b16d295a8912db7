//! Which files an outline may reach: those inside its folder, by no `..`, absolute path or link leading out.

use std::path::{Component, Path, PathBuf};
use std::sync::{OnceLock, RwLock};

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
            path: folder.canonicalize()?,
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
    pub fn resolve(&self, base: &Path, written: &str) -> Result<PathBuf, String> {
        let path = Path::new(written);
        if written.trim().is_empty() {
            return Err("the path is empty".into());
        }
        if path.is_absolute() || written.starts_with('/') || written.starts_with('\\') {
            return Err(format!(
                "`{written}` is an absolute path; write it relative to the file that names it"
            ));
        }
        if path.components().any(|c| matches!(c, Component::Prefix(_))) {
            return Err(format!("`{written}` is not a relative path"));
        }
        let base = base
            .canonicalize()
            .map_err(|e| format!("cannot read the folder `{}` ({e})", base.display()))?;
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
            return Err(format!("`{written}` leaves {}", self.described()));
        }
        let real = base
            .join(path)
            .canonicalize()
            .map_err(|_| format!("`{written}` does not exist"))?;
        if !real.starts_with(&self.path) {
            return Err(format!(
                "`{written}` points outside {} through a link",
                self.described()
            ));
        }
        Ok(real)
    }
}

/// Folders holding the files of a git revision, each with the revision's
/// name: their files are named in messages as git names them,
/// `main:decks/x.yaml`, never by the scratch folder they were read into.
fn revision_folders() -> &'static RwLock<Vec<(PathBuf, String)>> {
    static FOLDERS: OnceLock<RwLock<Vec<(PathBuf, String)>>> = OnceLock::new();
    FOLDERS.get_or_init(|| RwLock::new(Vec::new()))
}

/// Names the files under `folder` (the top of a repository's tree at
/// `revision`, as written out by `deckhand diff`) `REVISION:PATH` in messages.
pub fn name_revision_folder(folder: &Path, revision: &str) {
    if let Ok(mut folders) = revision_folders().write() {
        folders.push((folder.to_path_buf(), revision.to_string()));
    }
}

/// `main:decks/x.yaml` for a file of a folder named by
/// [`name_revision_folder`]; `None` for any other path.
pub fn revision_name(path: &Path) -> Option<String> {
    let folders = revision_folders().read().ok()?;
    folders.iter().find_map(|(folder, revision)| {
        let inside = path.strip_prefix(folder).ok()?;
        let mut parts: Vec<String> = Vec::new();
        for component in inside.components() {
            match component {
                Component::ParentDir => {
                    parts.pop();
                }
                Component::Normal(part) => parts.push(part.to_string_lossy().into_owned()),
                _ => {}
            }
        }
        Some(format!("{revision}:{}", parts.join("/")))
    })
}

/// How messages name the file the user named `path`: as written, or
/// `main:decks/x.yaml` for a file read at a git revision.
pub fn shown(path: &Path) -> String {
    revision_name(path).unwrap_or_else(|| path.display().to_string())
}

/// Resolves `relative` inside `folder`, which is also the root.
pub fn resolve_inside(folder: &Path, relative: &str) -> Result<PathBuf, String> {
    let root =
        Root::folder(folder).map_err(|e| format!("cannot read the outline's folder ({e})"))?;
    root.resolve(folder, relative)
}

/// The folder that holds `path`, which the outline's own paths are relative to.
pub fn folder_of(path: &Path) -> &Path {
    match path.parent() {
        Some(folder) if !folder.as_os_str().is_empty() => folder,
        _ => Path::new("."),
    }
}

/// Where the outline named `path` really is, when deckhand may read it: a
/// regular file inside `root` (its project's folder, else its own folder). An outline that is a link to a file
/// elsewhere (a token, `/proc/self/environ`) is refused before it is opened,
/// so that no message can show a line of it; so is a pipe or a device, which
/// would block the read for ever.
pub fn outline_file(path: &Path, root: &Root) -> Result<PathBuf, OutlineFileError> {
    let metadata = std::fs::symlink_metadata(path).map_err(OutlineFileError::Unreadable)?;
    let real = if metadata.file_type().is_symlink() {
        let real = path.canonicalize().map_err(OutlineFileError::Unreadable)?;
        if !real.starts_with(&root.path) {
            return Err(OutlineFileError::LinksOut);
        }
        real
    } else {
        path.to_path_buf()
    };
    if !std::fs::metadata(&real)
        .map_err(OutlineFileError::Unreadable)?
        .is_file()
    {
        return Err(OutlineFileError::NotAFile);
    }
    Ok(real)
}

/// Why an outline file is not read.
#[derive(Debug, thiserror::Error)]
pub enum OutlineFileError {
    #[error("the outline is a link to a file outside its folder (or its project's)")]
    LinksOut,
    #[error("the outline is not a regular file (a folder, a pipe or a device)")]
    NotAFile,
    #[error("{0}")]
    Unreadable(std::io::Error),
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refuses_escapes() {
        let here = Path::new(env!("CARGO_MANIFEST_DIR"));
        assert!(resolve_inside(here, "../etc/passwd").is_err_and(|e| e.contains("leaves")));
        assert!(resolve_inside(here, "src/../Cargo.toml").is_ok());
        assert!(resolve_inside(here, "/etc/passwd").is_err_and(|e| e.contains("absolute")));
        assert!(resolve_inside(here, "missing.png").is_err_and(|e| e.contains("does not exist")));
        assert!(resolve_inside(here, "Cargo.toml").is_ok());
    }
}
