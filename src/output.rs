//! Writing output files: each is written whole beside its target, then renamed into place.

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

/// Why output files could not be written.
#[derive(Debug, thiserror::Error)]
pub enum OutputError {
    #[error("cannot create the output folder `{path}` ({source})")]
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
    #[error("cannot write `{path}` ({source})")]
    Write {
        path: String,
        #[source]
        source: std::io::Error,
    },
}

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

fn temporary_path(path: &Path) -> PathBuf {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    path.with_file_name(format!(".{name}.{}.tmp", std::process::id()))
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
                    .filter(|e| e.file_name().to_string_lossy().ends_with(".tmp"))
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
}
