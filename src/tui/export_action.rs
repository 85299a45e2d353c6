//! `x` in the app: the open map (or the map selected in the portfolio) as
//! Markdown next to its file, `acme.ron` → `acme.md`. An existing document
//! is never replaced silently: the first `x` says it exists, a second `x`
//! on the same file replaces it.

use std::path::{Path, PathBuf};

use jiff::civil::Date;

use crate::analysis::{Analysis, Thresholds};
use crate::export;
use crate::model::Map;
use crate::storage;

/// Where the Markdown of a map file goes.
pub fn target_for(map_path: &Path) -> PathBuf {
    map_path.with_extension("md")
}

/// What a press of the export key led to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    Written(PathBuf),
    /// The document exists; the same key again replaces it.
    AskReplace(PathBuf),
    Failed(String),
}

/// Exports a map held in memory (the open document, unsaved edits
/// included). `replace` is set when the user pressed the key a second time
/// for the same target.
pub fn export_map(
    source: &Path,
    map: &Map,
    analysis: &Analysis,
    today: Date,
    replace: bool,
) -> Outcome {
    let target = target_for(source);
    if !replace && std::fs::symlink_metadata(&target).is_ok() {
        return Outcome::AskReplace(target);
    }
    match export::write_map_file_from(source, map, analysis, today, &target, replace) {
        Ok(written) => Outcome::Written(written),
        Err(e) => Outcome::Failed(e.to_string()),
    }
}

/// Exports a map file that is not open (the portfolio's selection).
pub fn export_file(source: &Path, today: Date, t: &Thresholds, replace: bool) -> Outcome {
    match storage::load_map(source) {
        Ok(loaded) => {
            let analysis = Analysis::of(&loaded.map, today, t);
            export_map(source, &loaded.map, &analysis, today, replace)
        }
        Err(e) => Outcome::Failed(e.summary()),
    }
}
