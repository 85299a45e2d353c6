//! Work over many files on every core: a fixed set of worker threads take
//! the next index from a shared counter, so a slow file never holds up the
//! rest and no thread idles while work is left.

use std::num::NonZeroUsize;
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};

/// How many worker threads to use for `jobs` pieces of work: one per core,
/// never more than there are jobs, at least one.
pub fn worker_count(jobs: usize) -> usize {
    std::thread::available_parallelism()
        .map(NonZeroUsize::get)
        .unwrap_or(1)
        .min(jobs)
        .max(1)
}

/// Runs `f` on every item on all cores and returns the results in the
/// order of `items`. `f` gets the item's index too. For `journeymap check`
/// and anything else that needs every result before it can go on.
pub fn map_ordered<I, T, F>(items: &[I], f: F) -> Vec<T>
where
    I: Sync,
    T: Send,
    F: Fn(usize, &I) -> T + Sync,
{
    let workers = worker_count(items.len());
    if workers == 1 {
        return items
            .iter()
            .enumerate()
            .map(|(i, item)| f(i, item))
            .collect();
    }
    let next = AtomicUsize::new(0);
    let done: Mutex<Vec<(usize, T)>> = Mutex::new(Vec::with_capacity(items.len()));
    std::thread::scope(|scope| {
        for _ in 0..workers {
            scope.spawn(|| {
                let mut mine = Vec::new();
                loop {
                    let i = next.fetch_add(1, Ordering::Relaxed);
                    let Some(item) = items.get(i) else { break };
                    mine.push((i, f(i, item)));
                }
                // A worker that panicked poisons nothing we rely on: the
                // scope re-raises its panic after joining.
                done.lock().unwrap_or_else(|e| e.into_inner()).extend(mine);
            });
        }
    });
    let mut done = done.into_inner().unwrap_or_else(|e| e.into_inner());
    done.sort_unstable_by_key(|(i, _)| *i);
    done.into_iter().map(|(_, t)| t).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_order_and_runs_everything_once() {
        let items: Vec<u64> = (0..1000).collect();
        let out = map_ordered(&items, |i, x| (i, x * 2, std::thread::current().id()));
        assert_eq!(out.len(), 1000);
        for (k, (i, doubled, _)) in out.iter().enumerate() {
            assert_eq!(*i, k);
            assert_eq!(*doubled, 2 * k as u64);
        }
    }

    #[test]
    fn no_items_no_work() {
        let out: Vec<u8> = map_ordered(&[] as &[u8], |_, x| *x);
        assert!(out.is_empty());
        assert_eq!(worker_count(0), 1);
        assert!(worker_count(1000) >= 1);
    }
}
