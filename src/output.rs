//! Writing files, the one door out: each is written whole to a temporary file of its own, created exclusively and never through a link, then renamed into place.

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

#[cfg(feature = "render")]
mod cache;
#[cfg(feature = "render")]
mod clips;

#[cfg(feature = "render")]
pub use cache::{MAX_CACHE_BYTES, PictureCache, cache_folder};
#[cfg(feature = "render")]
pub use clips::{
    Cut, CutMode, FFMPEG_VARIABLE, Ffmpeg, FfmpegError, Outcome, Progress, cut_clips, find_ffmpeg,
};

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
    #[error("`{path}` is a folder, where one of this build's files goes; nothing was written")]
    InTheWay { path: String },
    #[error("two files of this build would both be written to `{path}`; nothing was written")]
    Twice { path: String },
    #[cfg(feature = "render")]
    #[error("cannot write to the picture cache `{path}` ({})", describe(.source))]
    Cache {
        path: String,
        #[source]
        source: std::io::Error,
    },
    #[error("`{path}` is a link; deckhand writes nothing through a link, and nothing was written")]
    Link { path: String },
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

/// Where one outline's (or one variant's) files go: `out/film-night-slides.pdf`,
/// or `out/film-night-short-slides.pdf` for its `short` variant.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Names {
    dir: PathBuf,
    prefix: String,
}

impl Names {
    pub fn new(dir: &Path, outline: &Path, variant: Option<&str>) -> Names {
        let stem = stem(outline);
        Names {
            dir: dir.to_path_buf(),
            prefix: match variant {
                Some(variant) => format!("{stem}-{variant}"),
                None => stem,
            },
        }
    }

    /// `out/<prefix>-<suffix>`: `slides.pdf`, `contact.png`.
    pub fn file(&self, suffix: &str) -> PathBuf {
        self.dir.join(format!("{}-{suffix}", self.prefix))
    }

    /// Page `index` (from 0) of `count` pages of a document as a PNG,
    /// numbered so that the names sort: `talk-slides-01.png`.
    pub fn page(&self, document: &str, index: usize, count: usize) -> PathBuf {
        let digits = count.to_string().len().max(2);
        self.file(&format!("{document}-{:0digits$}.png", index + 1))
    }

    /// What the files' names start with: `film-night-short`.
    pub fn prefix(&self) -> &str {
        &self.prefix
    }
}

/// Page images named like `names`' pages of `document` (`talk-slides-07.png`)
/// that are not among `made`: left by an earlier build with more pages.
pub fn leftover_pages(names: &Names, document: &str, made: &[PathBuf]) -> Vec<PathBuf> {
    let prefix = format!("{}-{document}-", names.prefix);
    let Ok(entries) = fs::read_dir(&names.dir) else {
        return Vec::new();
    };
    let mut leftover: Vec<PathBuf> = entries
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|path| {
            let name = file_name(path);
            let number = name
                .strip_prefix(&prefix)
                .and_then(|rest| rest.strip_suffix(".png"));
            number.is_some_and(|n| n.len() >= 2 && n.bytes().all(|b| b.is_ascii_digit()))
                && !made.contains(path)
        })
        .collect();
    leftover.sort();
    leftover
}

/// The files in `folder` that are not among `made`: left there by an
/// earlier build (the stills of a deck that showed others).
pub fn leftover_in(folder: &Path, made: &[PathBuf]) -> Vec<PathBuf> {
    let Ok(entries) = fs::read_dir(folder) else {
        return Vec::new();
    };
    let mut leftover: Vec<PathBuf> = entries
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_ok_and(|t| t.is_file()))
        .map(|e| e.path())
        .filter(|path| !made.contains(path))
        .collect();
    leftover.sort();
    leftover
}

/// Removes files a build no longer makes.
pub fn remove_files(paths: &[PathBuf]) -> Result<(), OutputError> {
    for path in paths {
        fs::remove_file(path).map_err(|source| OutputError::Write {
            path: path.display().to_string(),
            source,
        })?;
    }
    Ok(())
}

/// An outline's name without its extension: `film-night` for `decks/film-night.yaml`.
pub fn stem(outline: &Path) -> String {
    outline
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| "workshop".into())
}

/// Writes every file or none: all are written to temporary files first, and
/// only when each is complete are they renamed over the targets. What could
/// stop a rename (a folder in a target's place, two different files for one
/// target) is checked before anything is written. The same bytes for one
/// target are one file (two cuts of a workshop exporting the same still).
pub fn write_all(files: &[(PathBuf, Vec<u8>)]) -> Result<(), OutputError> {
    let mut targets: std::collections::HashMap<&PathBuf, &[u8]> = Default::default();
    let mut unique = Vec::new();
    for (path, bytes) in files {
        match targets.insert(path, bytes) {
            Some(earlier) if earlier == bytes.as_slice() => continue,
            Some(_) => {
                return Err(OutputError::Twice {
                    path: path.display().to_string(),
                });
            }
            None => unique.push((path, bytes)),
        }
        if path.is_dir() {
            return Err(OutputError::InTheWay {
                path: path.display().to_string(),
            });
        }
    }
    let mut temporaries: Vec<(PathBuf, &Path)> = Vec::new();
    let cleanup = |temporaries: &[(PathBuf, &Path)]| {
        for (temporary, _) in temporaries {
            let _ = fs::remove_file(temporary);
        }
    };
    for (path, bytes) in unique {
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

/// `out/.talk-slides.pdf.1234-7.deckhand-tmp` for `out/talk-slides.pdf`,
/// the 7th temporary of process 1234: beside its target, so the rename
/// stays on one file system, hidden, and its own to each write: two
/// outlines built at once that share a still write it side by side.
pub(crate) fn temporary_path(path: &Path) -> PathBuf {
    static WRITES: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
    let write = WRITES.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    path.with_file_name(format!(
        ".{}.{}-{write}{TEMPORARY_SUFFIX}",
        file_name(path),
        std::process::id()
    ))
}

fn file_name(path: &Path) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default()
}

/// Removes the temporary files a killed build left beside `outputs`: those
/// of processes that are no longer running (a build running at the same
/// time keeps its own). The outputs themselves are never touched.
pub fn remove_stale_temporaries(outputs: &[PathBuf]) {
    let mut folders: Vec<&Path> = outputs
        .iter()
        .map(|o| o.parent().unwrap_or(Path::new(".")))
        .collect();
    folders.sort();
    folders.dedup();
    for folder in folders {
        let Ok(entries) = fs::read_dir(folder) else {
            continue;
        };
        for entry in entries.filter_map(Result::ok) {
            let name = entry.file_name().to_string_lossy().into_owned();
            let Some(rest) = name
                .strip_prefix('.')
                .and_then(|n| n.strip_suffix(TEMPORARY_SUFFIX))
            else {
                continue;
            };
            let (output, pid) = match rest.rsplit_once('.') {
                Some((output, writer)) => {
                    // `1234-7`, or `1234` from an older deckhand.
                    let pid = writer.split_once('-').map_or(writer, |(pid, _)| pid);
                    match pid.parse::<u32>() {
                        Ok(pid) => (output, Some(pid)),
                        Err(_) => (rest, None),
                    }
                }
                // An older deckhand's name, with no process number.
                _ => (rest, None),
            };
            let ours = outputs.iter().any(|o| file_name(o) == output);
            if ours && pid.is_none_or(|pid| !process_is_running(pid)) {
                let _ = fs::remove_file(entry.path());
            }
        }
    }
}

/// Whether process `pid` runs: known on Linux (`/proc`); elsewhere assumed,
/// so that another build's file is never taken away. This process runs:
/// its other threads are writing their temporaries now.
fn process_is_running(pid: u32) -> bool {
    if pid == std::process::id() {
        return true;
    }
    let proc = Path::new("/proc");
    !proc.is_dir() || proc.join(pid.to_string()).exists()
}

/// Writes `bytes` to the temporary file `path`, made afresh: whatever has
/// its name (a killed build's file of the same process number, a link
/// someone put there) is removed, never written through.
fn write_synced(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let mut file = match create_exclusive(path) {
        Err(error) if error.kind() == std::io::ErrorKind::AlreadyExists => {
            fs::remove_file(path)?;
            create_exclusive(path)?
        }
        other => other?,
    };
    fill_and_sync(&mut file, bytes)
}

/// Writes all of `bytes` to `file` and waits until the disk has them.
fn fill_and_sync(file: &mut fs::File, bytes: &[u8]) -> std::io::Result<()> {
    file.write_all(bytes)?;
    file.sync_all()
}

/// Creates the new file `path` for writing: an error when anything has
/// its name, a link (even one that leads nowhere) included.
pub(crate) fn create_exclusive(path: &Path) -> std::io::Result<fs::File> {
    let mut options = fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.custom_flags(libc::O_NOFOLLOW);
    }
    options.open(path)
}

/// The files among `files` whose bytes on disk are missing or different, for `build --check`.
pub fn differing(files: &[(PathBuf, Vec<u8>)]) -> Result<Vec<PathBuf>, OutputError> {
    let mut stale = Vec::new();
    for (path, bytes) in files {
        // Only a regular file is compared: a pipe at an output's name would never end.
        if fs::symlink_metadata(path).is_ok_and(|m| !m.is_file()) {
            stale.push(path.clone());
            continue;
        }
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

/// Writes a new file, and the folders it goes in, refusing to replace a file that exists.
pub fn write_new(path: &Path, bytes: &[u8]) -> Result<(), OutputError> {
    if let Some(folder) = path.parent().filter(|f| !f.as_os_str().is_empty()) {
        fs::create_dir_all(folder).map_err(|source| OutputError::Folder {
            path: folder.display().to_string(),
            source,
        })?;
    }
    let mut file = create_exclusive(path).map_err(|source| OutputError::Write {
        path: path.display().to_string(),
        source,
    })?;
    file.write_all(bytes).map_err(|source| OutputError::Write {
        path: path.display().to_string(),
        source,
    })
}

/// Writes new files under the folder `base` (the one the user named),
/// creating their folders: refuses, writing nothing, when any of them
/// exists already or when a folder on the way under `base` is a link
/// (which could lead anywhere: a file of `.github/` would land there).
pub fn write_new_files(base: &Path, files: &[(PathBuf, Vec<u8>)]) -> Result<(), OutputError> {
    for (path, _) in files {
        if fs::symlink_metadata(path).is_ok() {
            return Err(OutputError::Exists {
                path: path.display().to_string(),
            });
        }
        let inside = path.strip_prefix(base).unwrap_or(path);
        let mut folder = base.to_path_buf();
        for part in inside.parent().into_iter().flat_map(Path::components) {
            folder.push(part);
            if fs::symlink_metadata(&folder).is_ok_and(|m| m.file_type().is_symlink()) {
                return Err(OutputError::Link {
                    path: folder.display().to_string(),
                });
            }
        }
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
    fn one_target_twice_is_one_file_when_the_bytes_agree_and_refused_when_not() {
        let dir = tempfile::tempdir().expect("temp dir");
        let still = dir.path().join("stills/a.png");
        let same = write_all(&[
            (still.clone(), b"a".to_vec()),
            (still.clone(), b"a".to_vec()),
        ]);
        assert!(same.is_ok());
        assert_eq!(fs::read(&still).ok(), Some(b"a".to_vec()));
        let other = dir.path().join("b.png");
        let differing = write_all(&[
            (other.clone(), b"a".to_vec()),
            (other.clone(), b"b".to_vec()),
        ]);
        assert!(matches!(differing, Err(OutputError::Twice { .. })));
        assert!(!other.exists());
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
        // /dev/full fails every write with ENOSPC, as a full disk does. It
        // is opened as it is: `write_synced` would replace the device with a
        // file when the tests run as root (as CI does).
        let opened = fs::OpenOptions::new().write(true).open("/dev/full");
        let mut dev_full = opened.expect("/dev/full is there on Linux");
        let error = fill_and_sync(&mut dev_full, b"x").expect_err("/dev/full refuses writes");
        assert_eq!(error.kind(), std::io::ErrorKind::StorageFull);
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

    /// Proves: a folder where one output goes stops the write before any
    /// output is replaced, and leaves no temporary file.
    #[test]
    fn a_folder_in_a_targets_place_replaces_nothing() {
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
        assert_eq!(fs::read(&first).ok(), Some(b"old a".to_vec()));
        assert!(second.join("in-the-way").is_dir());
        assert!(!temporary_path(&second).exists());
        let _ = fs::remove_dir_all(&dir);
    }

    /// Proves: a temporary file left by a killed build (or an older
    /// deckhand) is removed, one this build is writing is not, and the output is kept.
    #[test]
    fn stale_temporaries_are_removed() {
        let dir = tempfile_dir("stale");
        let output = dir.join("a.pdf");
        assert!(fs::write(&output, b"good").is_ok());
        // Process numbers on Linux stay below 2^22: this one never ran.
        let killed = dir.join(".a.pdf.4194305-0.deckhand-tmp");
        let older = dir.join(".a.pdf.deckhand-tmp");
        let ours = temporary_path(&output);
        for temporary in [&killed, &older, &ours] {
            assert!(fs::write(temporary, b"half").is_ok());
        }
        remove_stale_temporaries(std::slice::from_ref(&output));
        assert!(!killed.exists() && !older.exists());
        assert!(ours.exists(), "another thread of this build is writing it");
        assert_eq!(fs::read(&output).ok(), Some(b"good".to_vec()));
        let _ = fs::remove_dir_all(&dir);
    }

    /// Proves: outlines built at once that share a still each write it
    /// (and clear stale temporaries beside it) without taking away the
    /// temporary another thread is about to rename: CI once failed with
    /// "cannot write `typst/stills/….png` (No such file or directory)".
    #[test]
    fn threads_writing_one_shared_file_all_succeed() {
        let dir = tempfile_dir("shared");
        let still = dir.join("stills").join("57bef429133d65ae.png");
        let bytes = vec![7u8; 64 * 1024];
        std::thread::scope(|scope| {
            let writers: Vec<_> = (0..8)
                .map(|_| {
                    scope.spawn(|| {
                        (0..40)
                            .map(|_| {
                                remove_stale_temporaries(std::slice::from_ref(&still));
                                write_all(&[(still.clone(), bytes.clone())]).is_ok()
                            })
                            .filter(|written| !written)
                            .count()
                    })
                })
                .collect();
            for writer in writers {
                assert_eq!(writer.join().ok(), Some(0), "every write succeeds");
            }
        });
        assert_eq!(fs::read(&still).ok(), Some(bytes));
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
