//! Reusable widgets.
