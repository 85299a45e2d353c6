//! One controller per screen.

pub mod board;
pub mod empty;
pub mod find;
pub mod portfolio;
pub mod review;
pub mod stage;
pub mod too_small;
