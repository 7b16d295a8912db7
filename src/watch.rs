//! Watching: build, then rebuild each outline whenever a file it read changes.

use std::collections::{BTreeSet, HashSet};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use notify::{EventKind, RecursiveMode};
use notify_debouncer_full::{DebounceEventResult, new_debouncer};

use crate::pipeline::{self, BuildOptions, FindError, Mode, OutlineReport, Session};

/// How long the files must be quiet before a rebuild: editors save in several writes.
const DEBOUNCE: Duration = Duration::from_millis(100);
/// How often the loop looks at the stop flag.
const TICK: Duration = Duration::from_millis(200);

/// Why watching could not start or go on.
#[derive(Debug, thiserror::Error)]
pub enum WatchError {
    #[error(transparent)]
    Outlines(#[from] FindError),
    #[error("cannot watch `{path}` for changes ({message})")]
    Watch { path: String, message: String },
}

/// One round of builds: the first build, or a rebuild after a change.
pub struct Round<'a> {
    pub reports: &'a [OutlineReport],
    pub took: Duration,
    /// False for the first build.
    pub rebuild: bool,
}

/// Builds `paths`, then rebuilds the outlines whose inputs change until `stop` is set.
///
/// A failed rebuild writes nothing, so the last good files stay in place.
pub fn watch(
    paths: &[PathBuf],
    options: &BuildOptions,
    stop: &AtomicBool,
    on_round: &mut dyn FnMut(Round),
) -> Result<(), WatchError> {
    let (events, changes) = mpsc::channel::<DebounceEventResult>();
    let mut debouncer = new_debouncer(DEBOUNCE, None, events).map_err(|e| WatchError::Watch {
        path: String::new(),
        message: e.to_string(),
    })?;
    let mut watched: HashSet<PathBuf> = HashSet::new();
    let mut watch_folder = |folder: &Path| -> Result<(), WatchError> {
        let folder = canonical(folder);
        if watched.contains(&folder) {
            return Ok(());
        }
        debouncer
            .watch(&folder, RecursiveMode::NonRecursive)
            .map_err(|e| WatchError::Watch {
                path: folder.display().to_string(),
                message: e.to_string(),
            })?;
        watched.insert(folder);
        Ok(())
    };

    let started = Instant::now();
    // Typst's work and the rendered documents are kept from round to round.
    let session = Session::default();
    let (outlines, _) = pipeline::find_outlines(paths)?;
    // Watched before the first build, so that an edit saved during it is
    // seen; the folders of pictures and themes are known only after it.
    for path in paths.iter().filter(|p| p.is_dir()) {
        watch_folder(path)?;
    }
    for outline in &outlines {
        watch_folder(&parent(outline))?;
    }
    let mut known = pipeline::build_all(&outlines, options, Mode::Write, &session, &|_| {});
    for report in &known {
        for folder in input_folders(report) {
            watch_folder(&folder)?;
        }
    }
    // Only now: whatever is saved after the first round is reported is seen.
    on_round(Round {
        reports: &known,
        took: started.elapsed(),
        rebuild: false,
    });

    while !stop.load(Ordering::Relaxed) {
        let changed = match changes.recv_timeout(TICK) {
            Ok(Ok(events)) => events
                .into_iter()
                .filter(|e| !matches!(e.kind, EventKind::Access(_)))
                .flat_map(|e| e.event.paths)
                .map(|p| canonical(&p))
                .collect::<BTreeSet<PathBuf>>(),
            // The watcher's own errors (a folder removed, say): keep going with what is left.
            Ok(Err(_)) => continue,
            Err(mpsc::RecvTimeoutError::Timeout) => continue,
            Err(mpsc::RecvTimeoutError::Disconnected) => break,
        };
        if changed.is_empty() {
            continue;
        }
        let started = Instant::now();
        let outlines = pipeline::find_outlines(paths)
            .map(|(outlines, _)| outlines)
            .unwrap_or_default();
        let affected: Vec<PathBuf> = outlines
            .iter()
            .filter(|outline| {
                match known.iter().find(|r| r.path == **outline) {
                    Some(report) => is_affected(report, &changed),
                    // A new outline in a watched folder.
                    None => true,
                }
            })
            .cloned()
            .collect();
        if affected.is_empty() {
            continue;
        }
        let reports = pipeline::build_all(&affected, options, Mode::Write, &session, &|_| {});
        on_round(Round {
            reports: &reports,
            took: started.elapsed(),
            rebuild: true,
        });
        for report in reports {
            for folder in input_folders(&report) {
                watch_folder(&folder)?;
            }
            known.retain(|r| r.path != report.path);
            known.push(report);
        }
    }
    Ok(())
}

/// Whether a change to `changed` means the outline of `report` must be rebuilt.
fn is_affected(report: &OutlineReport, changed: &BTreeSet<PathBuf>) -> bool {
    let inputs: HashSet<PathBuf> = report.inputs.iter().map(|p| canonical(p)).collect();
    if changed.iter().any(|path| inputs.contains(path)) {
        return true;
    }
    // A failed build may not have got as far as reading a missing image or
    // theme file: a picture or template appearing beside the outline may be the fix.
    report.failed() && {
        let folder = canonical(&parent(&report.path));
        changed
            .iter()
            .any(|path| path.starts_with(&folder) && may_be_an_input(path))
    }
}

/// Whether a file could be an outline's input: a picture, a template or a font.
fn may_be_an_input(path: &Path) -> bool {
    const INPUTS: [&str; 13] = [
        "png", "jpg", "jpeg", "webp", "gif", "bmp", "tif", "tiff", "typ", "ttf", "otf", "ttc",
        "otc",
    ];
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| INPUTS.contains(&e.to_ascii_lowercase().as_str()))
}

/// The folders holding what a build read.
fn input_folders(report: &OutlineReport) -> BTreeSet<PathBuf> {
    std::iter::once(&report.path)
        .chain(&report.inputs)
        .map(|p| parent(p))
        .collect()
}

fn parent(path: &Path) -> PathBuf {
    match path.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent.to_path_buf(),
        _ => PathBuf::from("."),
    }
}

/// The absolute form of `path`, also for a file that was just removed.
fn canonical(path: &Path) -> PathBuf {
    if let Ok(path) = std::fs::canonicalize(path) {
        return path;
    }
    match (path.parent(), path.file_name()) {
        (Some(parent), Some(name)) => std::fs::canonicalize(if parent.as_os_str().is_empty() {
            Path::new(".")
        } else {
            parent
        })
        .map(|p| p.join(name))
        .unwrap_or_else(|_| path.to_path_buf()),
        _ => path.to_path_buf(),
    }
}
