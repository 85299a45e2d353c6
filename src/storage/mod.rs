//! Map files on disk: reading with precise errors, canonical atomic saves,
//! and where things live.

mod canonical;
pub mod day_cache;
mod fast_ron;
pub mod folders;
pub mod git_hint;
pub mod git_markers;
mod load;
pub mod lock;
pub mod lock_state;
pub mod map_scan;
pub mod parallel;
pub mod portfolio;
pub mod recovery;
pub mod recovery_writer;
pub mod regular_file;
pub mod review_note;
pub mod ron_text;
pub(crate) mod save;
#[cfg(test)]
mod serde_subset_tests;
pub mod stale;
pub mod status_cache;
pub mod watch;

pub use load::{
    LoadError, LoadErrorKind, LoadedMap, LocatedProblem, MAX_FILE_BYTES, content_hash, io_words,
    load_bytes, load_map, parse_map, read_map_file,
};
pub use save::{
    SaveError, SaveErrorKind, SaveGuard, Saved, canonical_with_ron, mib, resolve_links, save_map,
    save_map_text, save_text, to_canonical,
};
