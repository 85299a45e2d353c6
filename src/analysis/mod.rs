//! Findings: pure functions from a map, a date ("today") and thresholds to
//! what needs attention. No I/O, no clock: the caller passes the date.

mod agenda;
mod commitment;
mod due;
/// The app's agenda screen's per-map list (to be folded into `due`).
mod findings;
mod record;
mod risk;
mod search;
mod sentiment;
mod summary;

pub use agenda::*;
pub use commitment::*;
pub use due::*;
pub use findings::*;
pub use record::*;
pub use risk::*;
pub use search::*;
pub use sentiment::*;
pub use summary::*;
