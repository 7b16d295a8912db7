//! Bounds on what one run may cost, so that a theme's code from a stranger
//! can neither exhaust the machine's memory nor run for ever.
//!
//! Typst runs a theme's templates as code, and a loop such as
//! `range(100000000)` or `array.repeat(2e9)` would take gigabytes; two
//! nested loops would never end. The binary counts the heap it holds
//! ([`Counting`], its global allocator) and refuses to go past the memory
//! limit; the documents of a run are rendered under one time limit, all
//! together ([`rendering`]). A breach stops the process through the handler
//! the command line installs ([`on_breach`]), which says which theme caused
//! it: nothing has been written by then, since files are written only after
//! every document rendered.

use std::alloc::{GlobalAlloc, Layout};
use std::cell::Cell;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Mutex, OnceLock, PoisonError, mpsc};
use std::time::{Duration, Instant};

/// The heap the process may hold by default: a workshop of 1000 blocks
/// needs under half of it.
pub const DEFAULT_MEMORY_LIMIT: usize = 1024 * 1024 * 1024;
/// How long all the documents of a run may take to render by default: the
/// largest outline the limits allow (2000 blocks) takes 6 s, a repository
/// of 20 outlines with 3 cuts each under 3 s.
pub const DEFAULT_TIME_LIMIT: Duration = Duration::from_secs(30);
/// Past the memory limit by more than this, a thread other than the one
/// saying so waits for the process to stop rather than ask the system.
const SLACK: usize = 64 * 1024 * 1024;

static ALLOCATED: AtomicUsize = AtomicUsize::new(0);
static LIMIT: AtomicUsize = AtomicUsize::new(usize::MAX);
static BREACHED: AtomicBool = AtomicBool::new(false);
static HANDLER: OnceLock<fn(Breach) -> !> = OnceLock::new();
/// When the run's first document started rendering: every document's time
/// counts from there. `None` until then, and again after [`new_round`].
static STARTED: Mutex<Option<Instant>> = Mutex::new(None);

/// The themes being rendered now, one entry per document: a thread that is
/// not itself rendering (a worker Typst lays pages out on, a document
/// beside the one that took the memory) is refused in their name when
/// they agree. Only tried, never waited for, from inside the allocator.
static RENDERING: Mutex<Vec<&'static str>> = Mutex::new(Vec::new());

thread_local! {
    /// The theme whose templates this thread is rendering, for the message.
    static THEME: Cell<Option<&'static str>> = const { Cell::new(None) };
    /// Whether this thread is the one saying that a bound was passed: it
    /// may allocate what the message needs.
    static REPORTING: Cell<bool> = const { Cell::new(false) };
}

/// What went past its bound.
#[derive(Clone, Copy, Debug)]
pub enum Breach {
    Memory {
        limit: usize,
        theme: Option<&'static str>,
    },
    Time {
        limit: Duration,
        theme: &'static str,
    },
}

/// The global allocator of the binary: `inner`, counting what is held and
/// refusing to hold more than the limit.
pub struct Counting<A>(pub A);

// SAFETY: every call is passed to the inner allocator unchanged; only a
// count is kept beside it, and a refused request never reaches it. The one
// place deckhand needs `unsafe`: a global allocator is an unsafe trait.
#[allow(unsafe_code)]
unsafe impl<A: GlobalAlloc> GlobalAlloc for Counting<A> {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        hold(layout.size());
        // SAFETY: the caller's contract is passed on unchanged.
        let pointer = unsafe { self.0.alloc(layout) };
        if pointer.is_null() {
            ALLOCATED.fetch_sub(layout.size(), Ordering::Relaxed);
        }
        pointer
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        hold(layout.size());
        // SAFETY: as for `alloc`.
        let pointer = unsafe { self.0.alloc_zeroed(layout) };
        if pointer.is_null() {
            ALLOCATED.fetch_sub(layout.size(), Ordering::Relaxed);
        }
        pointer
    }

    unsafe fn dealloc(&self, pointer: *mut u8, layout: Layout) {
        ALLOCATED.fetch_sub(layout.size(), Ordering::Relaxed);
        // SAFETY: as for `alloc`.
        unsafe { self.0.dealloc(pointer, layout) }
    }

    unsafe fn realloc(&self, pointer: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        let old_size = layout.size();
        if new_size > old_size {
            hold(new_size - old_size);
        }
        // SAFETY: as for `alloc`.
        let moved = unsafe { self.0.realloc(pointer, layout, new_size) };
        if moved.is_null() {
            if new_size > old_size {
                ALLOCATED.fetch_sub(new_size - old_size, Ordering::Relaxed);
            }
        } else if new_size < old_size {
            ALLOCATED.fetch_sub(old_size - new_size, Ordering::Relaxed);
        }
        moved
    }
}

/// Counts `size` more bytes held; past the limit, the breach handler stops
/// the process before the system is asked for them (without a handler, the
/// count goes on).
///
/// Once a breach is being reported, another thread asking for more than the
/// limit (and a little slack) waits here until the process stops: passed
/// to the system, a request of gigabytes may fail, and the system's
/// allocator would then print its own message and a backtrace over the
/// clean one. The reporting thread itself always gets what it asks for.
fn hold(size: usize) {
    let limit = LIMIT.load(Ordering::Relaxed);
    let held = ALLOCATED
        .fetch_add(size, Ordering::Relaxed)
        .saturating_add(size);
    if held <= limit || REPORTING.with(Cell::get) {
        return;
    }
    if !BREACHED.load(Ordering::Relaxed) {
        ALLOCATED.fetch_sub(size, Ordering::Relaxed);
        // Returns only when there is no handler, or another thread got
        // there first and is reporting.
        breach_memory();
        ALLOCATED.fetch_add(size, Ordering::Relaxed);
    }
    if HANDLER.get().is_some() && held > limit.saturating_add(SLACK) {
        ALLOCATED.fetch_sub(size, Ordering::Relaxed);
        loop {
            std::thread::park();
        }
    }
}

fn breach_memory() {
    let limit = LIMIT.load(Ordering::Relaxed);
    let theme = THEME.with(Cell::get).or_else(|| {
        let rendering = RENDERING.try_lock().ok()?;
        let first = *rendering.first()?;
        rendering.iter().all(|t| *t == first).then_some(first)
    });
    breach(Breach::Memory { limit, theme });
}

/// Hands a breach to the handler, once; the thread that reports it may
/// then allocate what it needs to say so and stop.
fn breach(what: Breach) {
    if BREACHED.swap(true, Ordering::SeqCst) {
        return;
    }
    if let Some(handler) = HANDLER.get() {
        REPORTING.with(|r| r.set(true));
        handler(what);
    }
}

/// Sets the heap the process may hold.
pub fn set_memory_limit(bytes: usize) {
    LIMIT.store(bytes, Ordering::Relaxed);
}

/// What to do when a bound is passed: the command line says so and exits.
pub fn on_breach(handler: fn(Breach) -> !) {
    let _ = HANDLER.set(handler);
}

/// The heap held now, as counted (0 without the counting allocator).
pub fn held() -> usize {
    ALLOCATED.load(Ordering::Relaxed)
}

/// A document being rendered with `theme`'s templates, until the run's
/// time is up: past it, the breach handler is called. Dropping it ends the
/// watch.
pub struct Rendering {
    done: Option<mpsc::Sender<()>>,
    theme: &'static str,
    previous: Option<&'static str>,
}

/// Starts a new run: the next document rendered starts the clock again.
/// `watch` calls it before each rebuild; a one-shot command has one run.
pub fn new_round() {
    *STARTED.lock().unwrap_or_else(PoisonError::into_inner) = None;
}

/// What is left of `limit` for this run, whose clock starts now if no
/// document has been rendered yet.
fn time_left(limit: Duration) -> Duration {
    left_on(&STARTED, limit)
}

/// What is left of `limit` on `clock`, which starts now if it had not.
fn left_on(clock: &Mutex<Option<Instant>>, limit: Duration) -> Duration {
    let mut started = clock.lock().unwrap_or_else(PoisonError::into_inner);
    let start = *started.get_or_insert_with(Instant::now);
    limit.saturating_sub(start.elapsed())
}

/// Starts watching a render of `theme`: all the documents of a run, one
/// after another or side by side, share `limit`, counted from the first.
pub fn rendering(theme: &str, limit: Duration) -> Rendering {
    let theme = interned(theme);
    let previous = THEME.with(|t| t.replace(Some(theme)));
    RENDERING
        .lock()
        .unwrap_or_else(PoisonError::into_inner)
        .push(theme);
    let left = time_left(limit);
    let (done, finished) = mpsc::channel::<()>();
    // The watch needs a thread of its own: the render's thread is busy.
    let watch = std::thread::Builder::new()
        .name("deckhand-time-limit".into())
        .spawn(move || {
            if let Err(mpsc::RecvTimeoutError::Timeout) = finished.recv_timeout(left) {
                breach(Breach::Time { limit, theme });
            }
        });
    Rendering {
        done: watch.ok().map(|_| done),
        theme,
        previous,
    }
}

impl Drop for Rendering {
    fn drop(&mut self) {
        if let Some(done) = self.done.take() {
            let _ = done.send(());
        }
        THEME.with(|t| t.set(self.previous));
        let mut rendering = RENDERING.lock().unwrap_or_else(PoisonError::into_inner);
        if let Some(at) = rendering.iter().position(|t| *t == self.theme) {
            rendering.remove(at);
        }
    }
}

/// Theme names live as long as the process: there are a handful.
fn interned(name: &str) -> &'static str {
    static NAMES: Mutex<Vec<&'static str>> = Mutex::new(Vec::new());
    let Ok(mut names) = NAMES.lock() else {
        return "the theme";
    };
    if let Some(known) = names.iter().find(|n| **n == name) {
        return known;
    }
    let leaked: &'static str = Box::leak(name.to_string().into_boxed_str());
    names.push(leaked);
    leaked
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Proves: the documents of a run share its time: one started later
    /// gets only what is left, never the whole limit again, and one started
    /// after the time is up is stopped at once.
    #[test]
    fn documents_share_the_time_of_their_run() {
        let clock = Mutex::new(None);
        let limit = Duration::from_secs(3600);
        let first = left_on(&clock, limit);
        assert!(first <= limit);
        std::thread::sleep(Duration::from_millis(10));
        let second = left_on(&clock, limit);
        assert!(
            second + Duration::from_millis(10) <= first,
            "{second:?} after {first:?}"
        );
        assert_eq!(left_on(&clock, Duration::from_millis(1)), Duration::ZERO);
    }
}
