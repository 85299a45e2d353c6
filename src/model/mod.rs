//! The journey map itself: plain data types and their validation.
//!
//! This layer knows nothing about files, terminals or dates of "today"; every
//! other layer depends on it and never the other way round.

mod conflict;
mod date;
mod diff;
mod facts;
mod map;
mod matching;
pub mod merge;
mod semantic_diff;
mod templates;
mod validate;

pub use conflict::{Conflict, Heading, Part, ResolveError, Side, resolve};
pub use date::{BadDates, keeping_bad_dates, parse_date};
pub use diff::summarise_changes;
pub use facts::fact_lines;
pub use map::*;
pub use matching::{Matching, SameItem, match_items};
pub use semantic_diff::diff_lines;
pub use templates::{TemplateKind, template};
pub use validate::{FieldPath, PathSeg, Problem, validate, validate_loaded};

/// The newest file format this program reads and writes.
pub const FORMAT_VERSION: u32 = 2;

/// The oldest file format this program still reads (and upgrades on save).
pub const OLDEST_FORMAT: u32 = 1;
