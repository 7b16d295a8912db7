//! Which files an outline may reach: those inside its folder, by no `..`, absolute path or link leading out.

use std::path::{Component, Path, PathBuf};

/// Resolves `relative` inside `folder`, refusing absolute paths, `..` and links out.
pub fn resolve_inside(folder: &Path, relative: &str) -> Result<PathBuf, String> {
    let path = Path::new(relative);
    if relative.trim().is_empty() {
        return Err("the path is empty".into());
    }
    if path.is_absolute() || relative.starts_with('/') || relative.starts_with('\\') {
        return Err(format!(
            "`{relative}` is an absolute path; paths are relative to the outline's folder"
        ));
    }
    if path
        .components()
        .any(|c| matches!(c, Component::ParentDir | Component::Prefix(_)))
    {
        return Err(format!(
            "`{relative}` leaves the outline's folder; keep the files an outline uses beside it"
        ));
    }
    let joined = folder.join(path);
    let real = joined
        .canonicalize()
        .map_err(|_| format!("`{relative}` does not exist"))?;
    let root = folder
        .canonicalize()
        .map_err(|e| format!("cannot read the outline's folder ({e})"))?;
    if !real.starts_with(&root) {
        return Err(format!(
            "`{relative}` points outside the outline's folder (through a link)"
        ));
    }
    Ok(real)
}

/// The folder that holds `path`, which the outline's own paths are relative to.
pub fn folder_of(path: &Path) -> &Path {
    match path.parent() {
        Some(folder) if !folder.as_os_str().is_empty() => folder,
        _ => Path::new("."),
    }
}

/// Where the outline named `path` really is, when deckhand may read it: a
/// regular file inside its own folder. An outline that is a link to a file
/// elsewhere (a token, `/proc/self/environ`) is refused before it is opened,
/// so that no message can show a line of it; so is a pipe or a device, which
/// would block the read for ever.
pub fn outline_file(path: &Path) -> Result<PathBuf, OutlineFileError> {
    let metadata = std::fs::symlink_metadata(path).map_err(OutlineFileError::Unreadable)?;
    let real = if metadata.file_type().is_symlink() {
        let real = path.canonicalize().map_err(OutlineFileError::Unreadable)?;
        let folder = folder_of(path)
            .canonicalize()
            .map_err(OutlineFileError::Unreadable)?;
        if !real.starts_with(&folder) {
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
    #[error("the outline is a link to a file outside its folder")]
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
        assert!(resolve_inside(here, "/etc/passwd").is_err_and(|e| e.contains("absolute")));
        assert!(resolve_inside(here, "missing.png").is_err_and(|e| e.contains("does not exist")));
        assert!(resolve_inside(here, "Cargo.toml").is_ok());
    }
}
