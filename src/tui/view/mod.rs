//! One controller per screen.

pub mod board;
pub mod empty;
pub mod placeholder;
pub mod portfolio;
pub mod review;
pub mod too_small;
