//! Maps in git: a map's past revisions, read straight from the repository
//! the maps folder lives in, and what each revision said about the client.
//!
//! Read-only and pure Rust (`gix`): nothing here writes to a repository or
//! runs the `git` program. gix's types stay inside this folder; the rest of
//! the crate sees plain values ([`Revision`], [`FileLog`]) and [`GitError`]
//! messages that name the file and say how far back git can see.

mod error;
mod history;
mod history_load;
mod repo;
mod revision_copy;
mod similar;
mod tree;
mod trend;
mod trend_cache;
mod walk;

pub use error::GitError;
pub use history::{EntryVerdict, FindingChange, History, HistoryEntry, StageVerdict, When};
pub use history_load::{HistoryLoad, HistoryOutcome};
pub use repo::{At, MapRepo};
pub use revision_copy::{Materialised, materialise, materialise_revision};
pub use trend::{
    Direction, MapTrend, TREND_DAYS, TrendLoad, TrendOutcome, TrendRequest,
    compute as compute_trends,
};
pub use trend_cache::TrendCache;
pub use walk::{FileLog, LogEnd, Revision};
