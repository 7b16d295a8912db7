//! Writing output files: each is written whole beside its target, then renamed into place.

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

#[cfg(feature = "render")]
mod cache;

#[cfg(feature = "render")]
pub use cache::{MAX_CACHE_BYTES, PictureCache, cache_folder};

/// Why output files could not be written.
#[derive(Debug, thiserror::Error)]
pub enum OutputError {
    #[error("cannot create the output folder `{path}` ({})", describe(.source))]
    Folder {
        path: String,
        #[source]
        source: std::io::Error,
    },
    #[error("cannot read `{path}` to compare it ({source})")]
    Read {
        path: String,
        #[source]
        source: std::io::Error,
    },
    #[error("`{path}` already exists; nothing was written, and no file is ever replaced")]
    Exists { path: String },
    #[error("the output folder `{path}` is a file; name a folder with `-o`")]
    NotAFolder { path: String },
    #[cfg(feature = "render")]
    #[error("cannot write to the picture cache `{path}` ({})", describe(.source))]
    Cache {
        path: String,
        #[source]
        source: std::io::Error,
    },
    #[error("cannot write `{path}` ({})", describe(.source))]
    Write {
        path: String,
        #[source]
        source: std::io::Error,
    },
}

/// An I/O error in a user's words: the usual causes named plainly.
fn describe(error: &std::io::Error) -> String {
    use std::io::ErrorKind;
    let plain = match error.kind() {
        ErrorKind::StorageFull => "the disk is full",
        ErrorKind::PermissionDenied => "permission denied",
        ErrorKind::ReadOnlyFilesystem => "the file system is read-only",
        ErrorKind::QuotaExceeded => "the disk quota is used up",
        ErrorKind::IsADirectory => "a folder of that name is in the way",
        ErrorKind::NotADirectory | ErrorKind::AlreadyExists => "a file is in the way of the folder",
        _ => return error.to_string(),
    };
    plain.to_string()
}

/// The suffix of the temporary file each output is first written to.
pub const TEMPORARY_SUFFIX: &str = ".deckhand-tmp";

/// The file `<stem>-<suffix>` in `dir`, e.g. `out/film-night-slides.pdf`.
pub fn output_path(dir: &Path, stem: &str, suffix: &str) -> PathBuf {
    dir.join(format!("{stem}-{suffix}"))
}

/// Writes every file or none: all are written to temporary files first, and
/// only when each is complete are they renamed over the targets.
pub fn write_all(files: &[(PathBuf, Vec<u8>)]) -> Result<(), OutputError> {
    let mut temporaries: Vec<(PathBuf, &Path)> = Vec::new();
    let cleanup = |temporaries: &[(PathBuf, &Path)]| {
        for (temporary, _) in temporaries {
            let _ = fs::remove_file(temporary);
        }
    };
    for (path, bytes) in files {
        let folder = path.parent().unwrap_or(Path::new("."));
        if folder.exists() && !folder.is_dir() {
            cleanup(&temporaries);
            return Err(OutputError::NotAFolder {
                path: folder.display().to_string(),
            });
        }
        if let Err(source) = fs::create_dir_all(folder) {
            cleanup(&temporaries);
            return Err(OutputError::Folder {
                path: folder.display().to_string(),
                source,
            });
        }
        let temporary = temporary_path(path);
        match write_synced(&temporary, bytes) {
            Ok(()) => temporaries.push((temporary, path)),
            Err(source) => {
                let _ = fs::remove_file(&temporary);
                cleanup(&temporaries);
                return Err(OutputError::Write {
                    path: path.display().to_string(),
                    source,
                });
            }
        }
    }
    for (index, (temporary, path)) in temporaries.iter().enumerate() {
        if let Err(source) = fs::rename(temporary, path) {
            cleanup(&temporaries[index..]);
            return Err(OutputError::Write {
                path: path.display().to_string(),
                source,
            });
        }
    }
    Ok(())
}

/// `out/.talk-slides.pdf.deckhand-tmp` for `out/talk-slides.pdf`: beside its
/// target, so the rename stays on one file system, and hidden.
fn temporary_path(path: &Path) -> PathBuf {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    path.with_file_name(format!(".{name}{TEMPORARY_SUFFIX}"))
}

/// Removes the temporary files a build that was killed may have left beside
/// `outputs`; the outputs themselves are never touched.
pub fn remove_stale_temporaries(outputs: &[PathBuf]) {
    for output in outputs {
        let temporary = temporary_path(output);
        if temporary.is_file() {
            let _ = fs::remove_file(temporary);
        }
    }
}

fn write_synced(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let mut file = fs::File::create(path)?;
    file.write_all(bytes)?;
    file.sync_all()
}

/// The files among `files` whose bytes on disk are missing or different, for `build --check`.
pub fn differing(files: &[(PathBuf, Vec<u8>)]) -> Result<Vec<PathBuf>, OutputError> {
    let mut stale = Vec::new();
    for (path, bytes) in files {
        match fs::read(path) {
            Ok(existing) if existing == *bytes => {}
            Ok(_) => stale.push(path.clone()),
            Err(error) if error.kind() == std::io::ErrorKind::NotFound => stale.push(path.clone()),
            Err(source) => {
                return Err(OutputError::Read {
                    path: path.display().to_string(),
                    source,
                });
            }
        }
    }
    Ok(stale)
}

/// Writes a new file, refusing to replace one that exists.
pub fn write_new(path: &Path, bytes: &[u8]) -> Result<(), OutputError> {
    let mut file = fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path)
        .map_err(|source| OutputError::Write {
            path: path.display().to_string(),
            source,
        })?;
    file.write_all(bytes).map_err(|source| OutputError::Write {
        path: path.display().to_string(),
        source,
    })
}

/// Writes new files, creating their folders: refuses, writing nothing, when
/// any of them exists already.
pub fn write_new_files(files: &[(PathBuf, Vec<u8>)]) -> Result<(), OutputError> {
    if let Some((path, _)) = files.iter().find(|(path, _)| path.exists()) {
        return Err(OutputError::Exists {
            path: path.display().to_string(),
        });
    }
    for (path, bytes) in files {
        let folder = path.parent().unwrap_or(Path::new("."));
        fs::create_dir_all(folder).map_err(|source| OutputError::Folder {
            path: folder.display().to_string(),
            source,
        })?;
        write_new(path, bytes)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_failed_write_leaves_earlier_files_untouched() {
        let dir = std::env::temp_dir().join(format!("deckhand-output-{}", std::process::id()));
        let _ = fs::remove_dir_all(&dir);
        let kept = dir.join("a.pdf");
        assert!(write_all(&[(kept.clone(), b"old".to_vec())]).is_ok());
        // The second target's folder is a file, so its write fails after the first succeeded.
        let blocker = dir.join("blocker");
        assert!(fs::write(&blocker, b"x").is_ok());
        let result = write_all(&[
            (kept.clone(), b"new".to_vec()),
            (blocker.join("b.pdf"), b"new".to_vec()),
        ]);
        assert!(result.is_err());
        assert_eq!(fs::read(&kept).ok(), Some(b"old".to_vec()));
        let leftovers = fs::read_dir(&dir)
            .map(|d| {
                d.filter_map(Result::ok)
                    .filter(|e| e.file_name().to_string_lossy().ends_with(TEMPORARY_SUFFIX))
                    .count()
            })
            .unwrap_or(0);
        assert_eq!(leftovers, 0);
        let _ = fs::remove_dir_all(&dir);
    }

    #[test]
    fn differing_names_missing_and_changed_files_only() {
        let dir = tempfile::tempdir().expect("temp dir");
        let same = dir.path().join("same.pdf");
        let changed = dir.path().join("changed.pdf");
        let missing = dir.path().join("missing.pdf");
        assert!(fs::write(&same, b"a").is_ok() && fs::write(&changed, b"b").is_ok());
        let stale = differing(&[
            (same, b"a".to_vec()),
            (changed.clone(), b"c".to_vec()),
            (missing.clone(), b"d".to_vec()),
        ]);
        assert_eq!(stale.ok(), Some(vec![changed, missing]));
    }

    /// Proves: a full disk is reported as such, and leaves no temporary file behind.
    #[test]
    fn a_full_disk_is_named_plainly() {
        let full = std::io::Error::from_raw_os_error(28);
        let message = OutputError::Write {
            path: "out/talk-slides.pdf".into(),
            source: full,
        }
        .to_string();
        assert_eq!(
            message,
            "cannot write `out/talk-slides.pdf` (the disk is full)"
        );
        // /dev/full fails every write with ENOSPC, as a full disk does.
        let dev_full = Path::new("/dev/full");
        if dev_full.exists() {
            let error = write_synced(dev_full, b"x").expect_err("/dev/full refuses writes");
            assert_eq!(error.kind(), std::io::ErrorKind::StorageFull);
        }
    }

    /// Proves: `-o` naming a file is refused before anything is written.
    #[test]
    fn an_output_folder_that_is_a_file_is_refused() {
        let dir = tempfile_dir("not-a-folder");
        let file = dir.join("out");
        assert!(fs::write(&file, b"keep").is_ok());
        let result = write_all(&[(file.join("a.pdf"), b"new".to_vec())]);
        let message = result.err().map(|e| e.to_string()).unwrap_or_default();
        assert!(
            message.contains("is a file; name a folder with `-o`"),
            "{message}"
        );
        assert_eq!(fs::read(&file).ok(), Some(b"keep".to_vec()));
        let _ = fs::remove_dir_all(&dir);
    }

    /// Proves: a rename that fails between two outputs leaves each output
    /// either whole and new or whole and old, and no temporary file.
    #[test]
    fn a_failure_between_two_renames_leaves_whole_files() {
        let dir = tempfile_dir("between");
        let first = dir.join("a.pdf");
        let second = dir.join("b.pdf");
        assert!(write_all(&[(first.clone(), b"old a".to_vec())]).is_ok());
        // A non-empty folder where the second output goes: its rename fails.
        assert!(fs::create_dir_all(second.join("in-the-way")).is_ok());
        let result = write_all(&[
            (first.clone(), b"new a".to_vec()),
            (second.clone(), b"new b".to_vec()),
        ]);
        assert!(result.is_err());
        assert_eq!(fs::read(&first).ok(), Some(b"new a".to_vec()));
        assert!(second.join("in-the-way").is_dir());
        assert!(!temporary_path(&second).exists());
        let _ = fs::remove_dir_all(&dir);
    }

    /// Proves: a temporary file left by a killed build is removed, the output kept.
    #[test]
    fn stale_temporaries_are_removed() {
        let dir = tempfile_dir("stale");
        let output = dir.join("a.pdf");
        assert!(fs::write(&output, b"good").is_ok());
        assert!(fs::write(temporary_path(&output), b"half").is_ok());
        remove_stale_temporaries(std::slice::from_ref(&output));
        assert!(!temporary_path(&output).exists());
        assert_eq!(fs::read(&output).ok(), Some(b"good".to_vec()));
        let _ = fs::remove_dir_all(&dir);
    }

    fn tempfile_dir(name: &str) -> PathBuf {
        let dir =
            std::env::temp_dir().join(format!("deckhand-output-{name}-{}", std::process::id()));
        let _ = fs::remove_dir_all(&dir);
        assert!(fs::create_dir_all(&dir).is_ok());
        dir
    }
}
