//! Work spread over the cores, results in the order of the items, one policy for panics.

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};

/// Runs `work` on each item on up to one thread per core, taking the next
/// item as a thread becomes free, and returns the results in the items'
/// order. `done` hears of each result as it comes. A panic in one item's
/// work (a bug) is that item's `None`: the other items are not lost.
pub fn parallel_map<T: Sync, R: Send>(
    items: &[T],
    work: impl Fn(&T) -> R + Sync,
    done: &(dyn Fn(&R) + Sync),
) -> Vec<Option<R>> {
    let threads = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .clamp(1, items.len().max(1));
    let next = AtomicUsize::new(0);
    let results: Mutex<Vec<Option<R>>> = Mutex::new((0..items.len()).map(|_| None).collect());
    let run = || {
        loop {
            let index = next.fetch_add(1, Ordering::Relaxed);
            let Some(item) = items.get(index) else { break };
            let result = catch_unwind(AssertUnwindSafe(|| work(item))).ok();
            if let Some(result) = &result {
                done(result);
            }
            if let Ok(mut results) = results.lock() {
                results[index] = result;
            }
        }
    };
    if threads < 2 {
        run();
    } else {
        std::thread::scope(|scope| {
            for _ in 0..threads {
                scope.spawn(run);
            }
        });
    }
    results.into_inner().unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Proves: results keep the items' order, and a panicking item is the only one lost.
    #[test]
    fn results_in_order_and_a_panic_loses_one_item() {
        let items: Vec<u32> = (0..20).collect();
        let results = parallel_map(
            &items,
            |&n| {
                assert!(n != 7, "seven");
                n * 2
            },
            &|_| {},
        );
        for (n, result) in results.iter().enumerate() {
            if n == 7 {
                assert_eq!(*result, None);
            } else {
                assert_eq!(*result, Some(n as u32 * 2));
            }
        }
    }
}
