//! Findings: pure functions from a map, a date ("today") and thresholds to
//! what needs attention. No I/O, no clock: the caller passes the date.

mod agenda;
mod commitment;
mod due;
mod findings;
mod risk;
mod search;
mod summary;

pub use agenda::*;
pub use commitment::*;
pub use due::*;
pub use findings::*;
pub use risk::*;
pub use search::*;
pub use summary::*;
