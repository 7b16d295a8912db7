//! Watching: build, then rebuild each outline whenever a file it read changes.

use std::collections::{BTreeSet, HashSet};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use notify::{EventKind, RecursiveMode};
use notify_debouncer_full::{DebounceEventResult, DebouncedEvent, new_debouncer};

use crate::pipeline::{self, BuildOptions, FindError, Mode, OutlineReport, Session};

/// How long the files must be quiet before a rebuild: editors save in several writes.
const DEBOUNCE: Duration = Duration::from_millis(100);
/// How long a changed picture's size and time must stay the same before it
/// is read: an editor saving a large photo may pause longer than `DEBOUNCE`
/// between its writes, and half a JPEG is no picture.
const SETTLE: Duration = Duration::from_millis(300);
/// The longest wait for a picture to settle: a file that keeps changing is built as it is.
const SETTLE_AT_MOST: Duration = Duration::from_secs(10);
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

/// What a watch reports: a round of builds, or a watched folder that went
/// away or came back.
pub enum Event<'a> {
    Round(Round<'a>),
    /// A watched folder was removed; it is watched for again.
    FolderGone(&'a Path),
    /// A removed folder is back; what it holds is built again.
    FolderBack(&'a Path),
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
    on_event: &mut dyn FnMut(Event),
) -> Result<(), WatchError> {
    let (events, changes) = mpsc::channel::<DebounceEventResult>();
    let debouncer = new_debouncer(DEBOUNCE, None, events).map_err(|e| WatchError::Watch {
        path: String::new(),
        message: e.to_string(),
    })?;
    let mut folders = Folders {
        debouncer,
        watched: HashSet::new(),
        gone: Vec::new(),
        awaited: Vec::new(),
    };
    // Typst's work and the rendered documents are kept from round to round.
    let session = Session::default();
    let mut known = first_round(paths, options, &session, &mut folders, on_event)?;
    while !stop.load(Ordering::Relaxed) {
        let back = folders.look_again(on_event)?;
        let Some(changed) = changes_in_one_tick(&changes, &back) else {
            break;
        };
        if changed.is_empty() {
            continue;
        }
        let started = Instant::now();
        let affected = affected_outlines(paths, &known, &changed);
        if affected.is_empty() {
            continue;
        }
        let reports = rebuild(&affected, &changed, options, &session);
        on_event(Event::Round(Round {
            reports: &reports,
            took: started.elapsed(),
            rebuild: true,
        }));
        for report in reports {
            folders.watch_inputs(&report)?;
            known.retain(|r| r.path != report.path);
            known.push(report);
        }
    }
    Ok(())
}

/// Builds every outline once, watching their folders first (so that an
/// edit saved during the build is seen), then the folders of the pictures
/// and themes they read, known only after it.
fn first_round(
    paths: &[PathBuf],
    options: &BuildOptions,
    session: &Session,
    folders: &mut Folders,
    on_event: &mut dyn FnMut(Event),
) -> Result<Vec<OutlineReport>, WatchError> {
    let started = Instant::now();
    let (outlines, _) = pipeline::find_outlines(paths)?;
    for path in paths.iter().filter(|p| p.is_dir()) {
        folders.watch(path)?;
    }
    for outline in &outlines {
        folders.watch(&parent(outline))?;
    }
    let known = pipeline::build_all(&outlines, options, Mode::Write, session, &|_| {});
    for report in &known {
        folders.watch_inputs(report)?;
    }
    // Only now: whatever is saved after the first round is reported is seen.
    on_event(Event::Round(Round {
        reports: &known,
        took: started.elapsed(),
        rebuild: false,
    }));
    Ok(known)
}

/// The files changed in one tick, with every file of a folder that came
/// `back`; `None` when the watcher has stopped.
fn changes_in_one_tick(
    changes: &mpsc::Receiver<DebounceEventResult>,
    back: &[PathBuf],
) -> Option<BTreeSet<PathBuf>> {
    let changed = match changes.recv_timeout(TICK) {
        Ok(Ok(events)) => changed_paths(events).collect(),
        // The watcher's own errors (a folder removed, say): the next
        // tick notices what is gone.
        Ok(Err(_)) => BTreeSet::new(),
        Err(mpsc::RecvTimeoutError::Timeout) => BTreeSet::new(),
        Err(mpsc::RecvTimeoutError::Disconnected) => return None,
    };
    let mut changed: BTreeSet<PathBuf> = changed
        .into_iter()
        .chain(back.iter().flat_map(|folder| files_in(folder)))
        .collect();
    if changed.is_empty() {
        return Some(changed);
    }
    // A picture saved in several writes: read once whole, and the
    // events its later writes queued meanwhile make no more builds.
    settle(&changed);
    while let Ok(Ok(events)) = changes.try_recv() {
        changed.extend(changed_paths(events));
    }
    Some(changed)
}

/// The paths the watcher's events name, canonical; reading a file changes nothing.
fn changed_paths(events: Vec<DebouncedEvent>) -> impl Iterator<Item = PathBuf> {
    events
        .into_iter()
        .filter(|e| !matches!(e.kind, EventKind::Access(_)))
        .flat_map(|e| e.event.paths)
        .map(|p| canonical(&p))
}

/// The outlines to build again: those that read a changed file, and new ones.
fn affected_outlines(
    paths: &[PathBuf],
    known: &[OutlineReport],
    changed: &BTreeSet<PathBuf>,
) -> Vec<PathBuf> {
    let outlines = pipeline::find_outlines(paths)
        .map(|(outlines, _)| outlines)
        .unwrap_or_default();
    outlines
        .into_iter()
        .filter(|outline| {
            match known.iter().find(|r| r.path == *outline) {
                Some(report) => is_affected(report, changed),
                // A new outline in a watched folder.
                None => true,
            }
        })
        .collect()
}

/// Builds the `affected` outlines in a new round: the files edited since
/// the last one are read again.
fn rebuild(
    affected: &[PathBuf],
    changed: &BTreeSet<PathBuf>,
    options: &BuildOptions,
    session: &Session,
) -> Vec<OutlineReport> {
    let before = picture_states(changed);
    session.new_round();
    let reports = pipeline::build_all(affected, options, Mode::Write, session, &|_| {});
    // A picture still being saved when it was read: once more, when it is whole.
    if reports.iter().any(OutlineReport::failed) && picture_states(changed) != before {
        settle(changed);
        session.new_round();
        return pipeline::build_all(affected, options, Mode::Write, session, &|_| {});
    }
    reports
}

/// The folders watched, and the watcher.
struct Folders {
    debouncer: notify_debouncer_full::Debouncer<
        notify::RecommendedWatcher,
        notify_debouncer_full::RecommendedCache,
    >,
    watched: HashSet<PathBuf>,
    /// Folders removed while watched: the watcher forgets them, so they
    /// are looked for on every tick and watched again when they come back.
    gone: Vec<PathBuf>,
    /// Folders a build looked in that do not exist yet, such as the
    /// `clips/` of a film not copied in: watched once they are made.
    awaited: Vec<PathBuf>,
}

impl Folders {
    /// Notices the folders removed since the last tick and those that came
    /// back, watching these again; returns those that came back.
    fn look_again(&mut self, on_event: &mut dyn FnMut(Event)) -> Result<Vec<PathBuf>, WatchError> {
        for folder in self.watched.iter().filter(|f| !f.is_dir()) {
            if !self.gone.contains(folder) {
                self.gone.push(folder.clone());
                on_event(Event::FolderGone(folder));
            }
        }
        for folder in &self.gone {
            self.watched.remove(folder);
        }
        let mut back = Vec::new();
        self.gone.retain(|folder| {
            let returned = folder.is_dir();
            if returned {
                back.push(folder.clone());
            }
            !returned
        });
        for folder in &back {
            let _ = self.debouncer.unwatch(folder);
            self.watch(folder)?;
            on_event(Event::FolderBack(folder));
        }
        let mut made = Vec::new();
        self.awaited.retain(|folder| {
            let exists = folder.is_dir();
            if exists {
                made.push(folder.clone());
            }
            !exists
        });
        for folder in &made {
            self.watch(folder)?;
        }
        back.extend(made);
        Ok(back)
    }

    /// Watches the folders of the files a build read, and awaits those of
    /// the files it looked for in folders that do not exist.
    fn watch_inputs(&mut self, report: &OutlineReport) -> Result<(), WatchError> {
        for folder in input_folders(report) {
            if folder.is_dir() {
                self.watch(&folder)?;
            } else {
                let folder = canonical(&folder);
                if !self.awaited.contains(&folder) {
                    self.awaited.push(folder);
                }
            }
        }
        Ok(())
    }

    fn watch(&mut self, folder: &Path) -> Result<(), WatchError> {
        let folder = canonical(folder);
        if self.watched.contains(&folder) {
            return Ok(());
        }
        self.debouncer
            .watch(&folder, RecursiveMode::NonRecursive)
            .map_err(|e| WatchError::Watch {
                path: folder.display().to_string(),
                message: e.to_string(),
            })?;
        self.watched.insert(folder);
        Ok(())
    }
}

/// The files directly in `folder`, canonical.
fn files_in(folder: &Path) -> Vec<PathBuf> {
    std::fs::read_dir(folder)
        .map(|entries| {
            entries
                .filter_map(Result::ok)
                .map(|e| canonical(&e.path()))
                .collect()
        })
        .unwrap_or_default()
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

/// The size and time of each changed picture, as far as they can be read.
fn picture_states(
    changed: &BTreeSet<PathBuf>,
) -> Vec<Option<(u64, Option<std::time::SystemTime>)>> {
    changed
        .iter()
        .filter(|path| may_be_an_input(path))
        .map(|path| {
            let metadata = std::fs::metadata(path).ok()?;
            Some((metadata.len(), metadata.modified().ok()))
        })
        .collect()
}

/// Waits until no changed picture's size or time has changed for `SETTLE`
/// (at most `SETTLE_AT_MOST`): a photo an editor is still writing is read
/// when it is whole, not reported as unreadable.
fn settle(changed: &BTreeSet<PathBuf>) {
    let mut last = picture_states(changed);
    if last.is_empty() {
        return;
    }
    let started = Instant::now();
    while started.elapsed() < SETTLE_AT_MOST {
        std::thread::sleep(SETTLE);
        let now = picture_states(changed);
        if now == last {
            return;
        }
        last = now;
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
