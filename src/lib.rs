//! journeymap: customer journey maps for account managers, in the terminal.
//!
//! Layers, each in its folder, depending inward on `model`:
//! `model` (types, validation), `storage` (files), `analysis` (findings),
//! `edit` (the editing core: document, undo, session; no ratatui),
//! `export` (Markdown), `cli` (commands) and `tui` (the app). `text` (text
//! made harmless for a terminal) depends on nothing and serves them all.
//! `docs/architecture.md` says what may import what.

pub mod analysis;
pub mod cli;
pub mod config;
pub mod edit;
pub mod export;
pub mod git;
pub mod model;
pub mod storage;
#[doc(hidden)]
pub mod synth;
pub mod text;
pub mod tui;
