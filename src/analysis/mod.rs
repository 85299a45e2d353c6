//! Findings: pure functions from a map, a date ("today") and thresholds to
//! what needs attention. No I/O, no clock: the caller passes the date.

mod findings;
mod summary;

pub use findings::*;
pub use summary::*;
