//! The persistent cache of prepared pictures: entries written whole, checked when read, trimmed.
//!
//! Each entry is one file named by its key. It records what it was made
//! from (the source picture's digest and the preparation's parameters, as
//! the caller words them), then its bytes, then the SHA-256 of all that;
//! it is used only when it is whole and was made from what the caller
//! asks for: an entry copied over another's name, or damaged, is ignored
//! and made again. It is written to a temporary file of its own, created
//! exclusively (never through a link someone put at its name), and renamed
//! into place, so two builds at once never see half an entry. An entry is
//! read through the read door like any file: only a regular file of a
//! plausible size is one (a pipe at its name is never waited on).

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, SystemTime};

use sha2::{Digest, Sha256};

use super::{OutputError, create_exclusive};
use crate::paths::{self, Kind};

/// Beyond this, the least recently used entries are removed (about five
/// hundred phone photos' worth).
pub const MAX_CACHE_BYTES: u64 = 512 * 1024 * 1024;
/// A temporary file this old was left by a build that was killed.
const ABANDONED: Duration = Duration::from_secs(3600);
const ENTRY_SUFFIX: &str = ".picture";
const TEMPORARY_SUFFIX: &str = ".picture-tmp";
const CHECKSUM_BYTES: usize = 32;
/// How long the record of what an entry was made from is, before it.
const RECORD_LENGTH_BYTES: usize = 4;

/// The folder of deckhand's caches: `DECKHAND_CACHE_DIR`, else the
/// platform's cache folder (`$XDG_CACHE_HOME/deckhand`, `~/.cache/deckhand`,
/// `~/Library/Caches/deckhand`, `%LOCALAPPDATA%\deckhand`); `None` when there is none.
pub fn cache_folder() -> Option<PathBuf> {
    match std::env::var_os("DECKHAND_CACHE_DIR") {
        Some(folder) if !folder.is_empty() => Some(PathBuf::from(folder)),
        _ => dirs::cache_dir().map(|folder| folder.join("deckhand")),
    }
}

/// Prepared pictures on disk, by key, in `<cache folder>/pictures`.
#[derive(Debug)]
pub struct PictureCache {
    folder: PathBuf,
}

impl PictureCache {
    pub fn new(cache_folder: &Path) -> PictureCache {
        PictureCache {
            folder: cache_folder.join("pictures"),
        }
    }

    fn entry_path(&self, key: &str) -> PathBuf {
        self.folder.join(format!("{key}{ENTRY_SUFFIX}"))
    }

    /// The entry stored under `key`, if there is one, it is whole, and it
    /// was made from `made_from`; a damaged one is removed, to be written again.
    pub fn load(&self, key: &str, made_from: &[u8]) -> Option<Vec<u8>> {
        let path = self.entry_path(key);
        let within = self.folder.canonicalize().ok()?;
        let mut opened = paths::open(&within, &path, Kind::CacheEntry).ok()?;
        let mut bytes = Vec::new();
        std::io::Read::read_to_end(
            &mut std::io::Read::take(&mut opened, Kind::CacheEntry.bound()),
            &mut bytes,
        )
        .ok()?;
        let split = bytes.len().checked_sub(CHECKSUM_BYTES)?;
        let (whole, checksum) = bytes.split_at(split);
        if Sha256::digest(whole).as_slice() != checksum {
            let _ = fs::remove_file(&path);
            return None;
        }
        let (length, rest) = whole.split_at_checked(RECORD_LENGTH_BYTES)?;
        let length = usize::try_from(u32::from_le_bytes(length.try_into().ok()?)).ok()?;
        let (record, payload) = rest.split_at_checked(length)?;
        if record != made_from {
            return None;
        }
        // Most recently used last, for trimming.
        if let Some(file) = opened.disk_file() {
            let _ = file.set_modified(now());
        }
        Some(payload.to_vec())
    }

    /// Stores `payload`, made from `made_from`, under `key`: whole, or not at all.
    pub fn store(&self, key: &str, made_from: &[u8], payload: &[u8]) -> Result<(), OutputError> {
        let failed = |source: std::io::Error| OutputError::Cache {
            path: self.folder.display().to_string(),
            source,
        };
        fs::create_dir_all(&self.folder).map_err(failed)?;
        // The cache's own folder is never a link someone put there: entries
        // would land wherever it leads.
        if fs::symlink_metadata(&self.folder).is_ok_and(|m| m.file_type().is_symlink()) {
            return Err(failed(std::io::Error::other(
                "its `pictures` folder is a link; deckhand writes nothing through a link",
            )));
        }
        let length = u32::try_from(made_from.len())
            .map_err(|_| failed(std::io::Error::other("the entry's record is too long")))?;
        let mut whole = Vec::with_capacity(RECORD_LENGTH_BYTES + made_from.len() + payload.len());
        whole.extend_from_slice(&length.to_le_bytes());
        whole.extend_from_slice(made_from);
        whole.extend_from_slice(payload);
        let checksum = Sha256::digest(&whole);
        // A name no other build uses: this process's id and a counter; one
        // taken (by a link someone put there) is passed over, never opened.
        static COUNTER: AtomicU64 = AtomicU64::new(0);
        let mut attempts = 0;
        let (temporary, mut file) = loop {
            let temporary = self.folder.join(format!(
                ".{key}.{}.{}{TEMPORARY_SUFFIX}",
                std::process::id(),
                COUNTER.fetch_add(1, Ordering::Relaxed)
            ));
            match create_exclusive(&temporary) {
                Ok(file) => break (temporary, file),
                Err(error) if error.kind() == std::io::ErrorKind::AlreadyExists && attempts < 8 => {
                    attempts += 1;
                }
                Err(error) => return Err(failed(error)),
            }
        };
        let written = file
            .write_all(&whole)
            .and_then(|()| file.write_all(&checksum))
            .and_then(|()| file.sync_all());
        drop(file);
        // The rename replaces whatever has the entry's name (a link too)
        // and writes through nothing.
        let renamed = written.and_then(|()| fs::rename(&temporary, self.entry_path(key)));
        if let Err(source) = renamed {
            let _ = fs::remove_file(&temporary);
            return Err(failed(source));
        }
        Ok(())
    }

    /// Removes the least recently used entries while the cache holds more
    /// than [`MAX_CACHE_BYTES`], and temporary files that killed builds left.
    /// Another build may be trimming too: a file already gone is no matter.
    pub fn trim(&self) {
        self.trim_within(MAX_CACHE_BYTES);
    }

    /// Trims to `bound`; down to three quarters of it, so that the next build need not.
    fn trim_within(&self, bound: u64) {
        let Ok(listing) = fs::read_dir(&self.folder) else {
            return;
        };
        let mut entries: Vec<(SystemTime, u64, PathBuf)> = Vec::new();
        let mut total = 0;
        for item in listing.filter_map(Result::ok) {
            let path = item.path();
            let Ok(metadata) = item.metadata() else {
                continue;
            };
            let modified = metadata.modified().unwrap_or(SystemTime::UNIX_EPOCH);
            let name = item.file_name().to_string_lossy().into_owned();
            if name.ends_with(TEMPORARY_SUFFIX) {
                let age = now().duration_since(modified).unwrap_or_default();
                if age > ABANDONED {
                    let _ = fs::remove_file(&path);
                }
            } else if name.ends_with(ENTRY_SUFFIX) && metadata.is_file() {
                total += metadata.len();
                entries.push((modified, metadata.len(), path));
            }
        }
        if total <= bound {
            return;
        }
        entries.sort();
        for (_, size, path) in entries {
            if total <= bound / 4 * 3 {
                break;
            }
            if fs::remove_file(&path).is_ok() {
                total -= size;
            }
        }
    }
}

/// The clock, for the cache's housekeeping only: it orders entries for
/// trimming and never reaches an output.
#[allow(clippy::disallowed_methods)]
fn now() -> SystemTime {
    SystemTime::now()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Proves: an entry reads back as written, and a damaged one is refused and removed.
    #[test]
    fn entries_are_checked_when_read() {
        let dir = tempfile::tempdir().expect("temp dir");
        let cache = PictureCache::new(dir.path());
        assert!(cache.store("abc", b"source 1", b"prepared picture").is_ok());
        assert_eq!(
            cache.load("abc", b"source 1"),
            Some(b"prepared picture".to_vec())
        );
        // Made from something else: not this entry.
        assert_eq!(cache.load("abc", b"source 2"), None);
        let path = cache.entry_path("abc");
        let mut bytes = fs::read(&path).expect("entry");
        bytes[3] ^= 0x55;
        fs::write(&path, bytes).expect("damage");
        assert_eq!(cache.load("abc", b"source 1"), None);
        assert!(!path.exists());
        assert_eq!(cache.load("missing", b"source 1"), None);
    }

    /// Proves: trimming removes the least recently used entries first, down below the bound.
    #[test]
    fn trimming_keeps_the_recently_used() {
        let dir = tempfile::tempdir().expect("temp dir");
        let cache = PictureCache::new(dir.path());
        let big = vec![7u8; 300];
        for key in ["old", "middle", "new"] {
            assert!(cache.store(key, b"", &big).is_ok());
        }
        let set = |key: &str, seconds: u64| {
            let file = fs::File::options()
                .append(true)
                .open(cache.entry_path(key))
                .expect("entry");
            file.set_modified(SystemTime::UNIX_EPOCH + Duration::from_secs(seconds))
                .expect("set time");
        };
        set("old", 1_000);
        set("middle", 2_000);
        set("new", 3_000);
        assert!(cache.store("newest", b"", b"x").is_ok());
        cache.trim_within(1000);
        assert!(!cache.entry_path("old").exists());
        assert!(cache.entry_path("middle").exists() && cache.entry_path("newest").exists());
    }
}
