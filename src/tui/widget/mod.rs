//! Reusable widgets.
pub mod dialog;
pub mod form;
