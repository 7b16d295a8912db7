//! How many documents are laid out at once: as many as the memory their
//! layouts will take allows.
//!
//! Typst keeps a document's pages until its PDF is made, and what it
//! memoised while laying them out until told to forget it. A workshop's three documents take
//! some 30 MB each and are laid out side by side; at 1000 blocks each takes
//! some 200 MB, and at the 2000 the limits allow, three at once (and a
//! folder's outlines beside them) would pass the run's 1 GiB. So each
//! layout first takes its share of a fixed budget, by an estimate from the
//! size of its data, and waits while the budget is spent; a large document
//! gives back what Typst memoised for it when it is done.

use std::sync::{Condvar, Mutex};

/// Megabytes of layout the documents of one run may take at once.
const CAPACITY_MB: usize = 400;

/// A layout's memory, in megabytes, grows with its data: about half a
/// megabyte for each kilobyte of JSON (a 1000-block outline's slides have
/// 350 KB of data and take some 200 MB to lay out; the example's, 12 KB and
/// a few MB), on top of what every document shares (fonts, templates).
const DATA_BYTES_PER_MB: usize = 2048;

/// A document whose layout is estimated at this or more is followed by
/// dropping Typst's memoised work: it would take more than it saves.
const LARGE_MB: usize = 64;

/// The run's budget for layouts. Kept by whoever runs the builds, so that
/// the outlines of a folder, built side by side, share it.
#[derive(Debug)]
pub struct LayoutBudget {
    free: Mutex<usize>,
    returned: Condvar,
}

impl Default for LayoutBudget {
    fn default() -> Self {
        LayoutBudget {
            free: Mutex::new(CAPACITY_MB),
            returned: Condvar::new(),
        }
    }
}

impl LayoutBudget {
    /// Waits until the layout of a document with `data_bytes` of data fits
    /// in what is free, and takes its share. A layout larger than the whole
    /// budget waits for all others and runs alone.
    pub fn take(&self, data_bytes: usize) -> Share<'_> {
        let megabytes = estimate_mb(data_bytes);
        let mut free = self
            .free
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        while *free < megabytes {
            free = self
                .returned
                .wait(free)
                .unwrap_or_else(|poisoned| poisoned.into_inner());
        }
        *free -= megabytes;
        Share {
            budget: self,
            megabytes,
        }
    }
}

/// The estimated memory of a layout, in megabytes, never more than the budget.
fn estimate_mb(data_bytes: usize) -> usize {
    (data_bytes / DATA_BYTES_PER_MB).clamp(1, CAPACITY_MB)
}

/// A layout's share of the budget, given back when the document is done.
#[derive(Debug)]
pub struct Share<'a> {
    budget: &'a LayoutBudget,
    megabytes: usize,
}

impl Drop for Share<'_> {
    fn drop(&mut self) {
        if self.megabytes >= LARGE_MB {
            // Typst's memoised layouts of a large document are most of its
            // memory, and no other document reuses them. A document being
            // laid out beside it loses its memoised work too, and redoes
            // some: at 1000 blocks 0.4 s more, for a third less memory.
            typst::comemo::evict(0);
        }
        let mut free = self
            .budget
            .free
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        *free += self.megabytes;
        self.budget.returned.notify_all();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicUsize, Ordering};

    /// Proves: small layouts run side by side; large ones wait for each
    /// other, so that no more than the budget is ever taken at once.
    #[test]
    fn layouts_beyond_the_budget_wait_their_turn() {
        let budget = LayoutBudget::default();
        let small = [
            budget.take(12_000),
            budget.take(12_000),
            budget.take(15_000),
        ];
        assert_eq!(*budget.free.lock().unwrap(), CAPACITY_MB - 5 - 5 - 7);
        drop(small);
        let (running, most) = (AtomicUsize::new(0), AtomicUsize::new(0));
        std::thread::scope(|scope| {
            for _ in 0..4 {
                scope.spawn(|| {
                    let _share = budget.take(500_000);
                    let now = running.fetch_add(1, Ordering::SeqCst) + 1;
                    most.fetch_max(now, Ordering::SeqCst);
                    std::thread::sleep(std::time::Duration::from_millis(20));
                    running.fetch_sub(1, Ordering::SeqCst);
                });
            }
        });
        assert_eq!(most.load(Ordering::SeqCst), 1, "244 MB each: one at a time");
        assert_eq!(*budget.free.lock().unwrap(), CAPACITY_MB);
        assert_eq!(
            estimate_mb(10_000_000),
            CAPACITY_MB,
            "larger than all: alone"
        );
    }
}
