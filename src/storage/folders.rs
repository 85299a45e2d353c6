//! Where journeymap keeps things: the maps folder, the config file and the
//! state folder (recovery files, caches, locks of its own).

use std::io;
use std::path::{Path, PathBuf};

use directories::ProjectDirs;

/// The platform folders, or `None` on a system without a home folder.
fn project_dirs() -> Option<ProjectDirs> {
    ProjectDirs::from("", "", "journeymap")
}

/// The maps folder: `--dir`, else `JOURNEYMAP_DIR` (clap reads it into
/// `explicit`), else the platform data folder.
pub fn maps_dir(explicit: Option<&Path>) -> PathBuf {
    if let Some(dir) = explicit {
        return dir.to_path_buf();
    }
    project_dirs()
        .map(|d| d.data_dir().join("maps"))
        .unwrap_or_else(|| PathBuf::from("maps"))
}

/// The default config file.
pub fn config_file() -> PathBuf {
    project_dirs()
        .map(|d| d.config_dir().join("config.ron"))
        .unwrap_or_else(|| PathBuf::from("config.ron"))
}

/// Environment variable that overrides the state folder (tests, and people
/// who keep recovery files somewhere of their choosing).
pub const STATE_DIR_ENV: &str = "JOURNEYMAP_STATE_DIR";

/// The state folder: recovery files and the status cache.
/// `JOURNEYMAP_STATE_DIR`, else the platform state folder.
pub fn state_dir() -> PathBuf {
    if let Some(dir) = std::env::var_os(STATE_DIR_ENV).filter(|d| !d.is_empty()) {
        return PathBuf::from(dir);
    }
    project_dirs()
        .map(|d| {
            d.state_dir()
                .map(Path::to_path_buf)
                .unwrap_or_else(|| d.data_local_dir().join("state"))
        })
        .unwrap_or_else(|| PathBuf::from(".journeymap-state"))
}

/// Whether a path names a map file (`*.ron`, not a hidden temp file).
pub fn is_map_file(path: &Path) -> bool {
    path.extension().is_some_and(|e| e == "ron")
        && !path
            .file_name()
            .is_some_and(|n| n.to_string_lossy().starts_with('.'))
}

/// The map files directly in a folder, sorted by name.
pub fn list_maps(dir: &Path) -> io::Result<Vec<PathBuf>> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir)? {
        let path = entry?.path();
        if is_map_file(&path) && !path.is_dir() {
            out.push(path);
        }
    }
    out.sort();
    Ok(out)
}
