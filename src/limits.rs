//! Bounds on what one run may cost, so that a theme's code from a stranger
//! can neither exhaust the machine's memory nor run for ever.
//!
//! Typst runs a theme's templates as code, and a loop such as
//! `range(100000000)` or `array.repeat(2e9)` would take gigabytes; two
//! nested loops would never end. The binary counts the heap it holds
//! ([`Counting`], its global allocator) and refuses to go past the memory
//! limit; each document is rendered under a time limit ([`rendering`]). A
//! breach stops the process through the handler the command line installs
//! ([`on_breach`]), which says which theme caused it: nothing has been
//! written by then, since files are written only after every document
//! rendered.

use std::alloc::{GlobalAlloc, Layout};
use std::cell::Cell;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Mutex, OnceLock, mpsc};
use std::time::Duration;

/// The heap the process may hold by default: a workshop of 1000 blocks
/// needs under half of it.
pub const DEFAULT_MEMORY_LIMIT: usize = 1024 * 1024 * 1024;
/// How long one document may take to render by default.
pub const DEFAULT_TIME_LIMIT: Duration = Duration::from_secs(60);

static ALLOCATED: AtomicUsize = AtomicUsize::new(0);
static LIMIT: AtomicUsize = AtomicUsize::new(usize::MAX);
static BREACHED: AtomicBool = AtomicBool::new(false);
static HANDLER: OnceLock<fn(Breach) -> !> = OnceLock::new();

thread_local! {
    /// The theme whose templates this thread is rendering, for the message.
    static THEME: Cell<Option<&'static str>> = const { Cell::new(None) };
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
// count is kept beside it, and a refused request never reaches it.
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
/// the process first (without one, the count goes on).
fn hold(size: usize) {
    if !reserve(size) {
        breach_memory();
        ALLOCATED.fetch_add(size, Ordering::Relaxed);
    }
}

/// Counts `size` more bytes held, unless that goes past the limit.
fn reserve(size: usize) -> bool {
    let held = ALLOCATED.fetch_add(size, Ordering::Relaxed) + size;
    if held > LIMIT.load(Ordering::Relaxed) && !BREACHED.load(Ordering::Relaxed) {
        ALLOCATED.fetch_sub(size, Ordering::Relaxed);
        return false;
    }
    true
}

fn breach_memory() {
    let limit = LIMIT.load(Ordering::Relaxed);
    let theme = THEME.with(Cell::get);
    breach(Breach::Memory { limit, theme });
}

/// Hands a breach to the handler, once; the rest of the process may then
/// allocate what it needs to say so and stop.
fn breach(what: Breach) {
    if BREACHED.swap(true, Ordering::SeqCst) {
        return;
    }
    if let Some(handler) = HANDLER.get() {
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

/// A document being rendered with `theme`'s templates, for at most `limit`:
/// past it, the breach handler is called. Dropping it ends the watch.
pub struct Rendering {
    done: Option<mpsc::Sender<()>>,
    previous: Option<&'static str>,
}

/// Starts watching a render of `theme` for `limit`.
pub fn rendering(theme: &str, limit: Duration) -> Rendering {
    let theme = interned(theme);
    let previous = THEME.with(|t| t.replace(Some(theme)));
    let (done, finished) = mpsc::channel::<()>();
    // The watch needs a thread of its own: the render's thread is busy.
    let watch = std::thread::Builder::new()
        .name("deckhand-time-limit".into())
        .spawn(move || {
            if let Err(mpsc::RecvTimeoutError::Timeout) = finished.recv_timeout(limit) {
                breach(Breach::Time { limit, theme });
            }
        });
    Rendering {
        done: watch.ok().map(|_| done),
        previous,
    }
}

impl Drop for Rendering {
    fn drop(&mut self) {
        if let Some(done) = self.done.take() {
            let _ = done.send(());
        }
        THEME.with(|t| t.set(self.previous));
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
