//! Set-ups for tests that drive an `App` in the test process.

use std::fs;
use std::path::{Path, PathBuf};
use std::sync::Once;

/// Recovery copies and caches go to a folder of this test run, not the
/// user's.
pub fn private_state_dir() {
    static ONCE: Once = Once::new();
    ONCE.call_once(|| {
        let dir = tempfile::tempdir().unwrap().keep();
        // SAFETY: set once, before any test of this binary reads it.
        unsafe { std::env::set_var("JOURNEYMAP_STATE_DIR", dir) };
    });
}

/// A copy of the Northwind Health sample as `maps/acme.ron` in a new
/// temporary folder (the folder, and the map's path).
pub fn sample_copy() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let maps = dir.path().join("maps");
    fs::create_dir(&maps).unwrap();
    let file = maps.join("acme.ron");
    fs::copy(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("maps/northwind-health.ron"),
        &file,
    )
    .unwrap();
    (dir, file)
}
