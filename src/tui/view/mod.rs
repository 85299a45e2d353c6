//! One controller per screen.

pub mod across;
pub mod agenda;
pub mod board;
pub mod empty;
pub mod find;
pub mod portfolio;
pub mod review;
pub mod search;
pub mod stage;
pub mod timeline;
pub mod too_small;
