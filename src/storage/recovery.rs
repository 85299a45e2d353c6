//! Crash recovery: unsaved edits copied to the state folder every second or
//! so, so that a killed process or a dead machine loses at most a moment of
//! work. The next open of the map offers to restore them.
//!
//! One file per map, named after a hash of the map's canonical path (two
//! ways of naming one file share it), holding that path, the hash of the
//! file the edits started from, and the edited map itself.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use super::folders;
use super::load::content_hash;
use super::save::{SaveGuard, save_text};
use crate::model::Map;

/// The version of the recovery file layout (not the map format).
const RECOVERY_FORMAT: u32 = 1;

/// What a recovery file holds.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RecoveryFile {
    pub format: u32,
    /// The map file the edits belong to (canonical path).
    pub path: PathBuf,
    /// Hash of the file the edits started from; `None` for a map never
    /// saved.
    pub base_hash: Option<u64>,
    /// When the edits were written.
    pub written: jiff::Timestamp,
    /// The map with the unsaved edits.
    pub map: Map,
}

/// The recovery folder.
#[derive(Debug, Clone)]
pub struct Recovery {
    dir: PathBuf,
}

impl Default for Recovery {
    /// `recovery/` in the state folder (`JOURNEYMAP_STATE_DIR` overrides).
    fn default() -> Self {
        Recovery::new(folders::state_dir().join("recovery"))
    }
}

impl Recovery {
    pub fn new(dir: impl Into<PathBuf>) -> Self {
        Recovery { dir: dir.into() }
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// The recovery file of a map.
    pub fn file_for(&self, map_path: &Path) -> PathBuf {
        let key = canonical_key(map_path);
        let stem = key
            .file_stem()
            .map(|s| crate::model::slug(&s.to_string_lossy()))
            .filter(|s| !s.is_empty())
            .unwrap_or_else(|| "map".into());
        let hash = content_hash(key.as_os_str().as_encoded_bytes());
        self.dir.join(format!("{stem}-{hash:016x}.ron"))
    }

    /// Writes the unsaved edits of a map, atomically (a crash mid-write
    /// leaves the previous copy).
    pub fn write(&self, map_path: &Path, base_hash: Option<u64>, map: &Map) -> io::Result<()> {
        fs::create_dir_all(&self.dir)?;
        let file = RecoveryFile {
            format: RECOVERY_FORMAT,
            path: canonical_key(map_path),
            base_hash,
            written: jiff::Timestamp::now(),
            map: map.clone(),
        };
        let config = ron::ser::PrettyConfig::new().indentor("    ");
        let text = ron::ser::to_string_pretty(&file, config).map_err(io::Error::other)?;
        save_text(&self.file_for(map_path), text.as_bytes(), SaveGuard::Force)
            .map(|_| ())
            .map_err(|e| match e.kind {
                super::SaveErrorKind::Io { error, .. } => error,
                other => io::Error::other(format!("{other:?}")),
            })
    }

    /// The recovered edits of a map, if there are any. A recovery file
    /// that cannot be read is an error (it is kept, never dropped quietly).
    pub fn read(&self, map_path: &Path) -> io::Result<Option<RecoveryFile>> {
        let path = self.file_for(map_path);
        let text = match fs::read_to_string(&path) {
            Ok(text) => text,
            Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(None),
            Err(e) => return Err(e),
        };
        let file: RecoveryFile = ron::from_str(&text).map_err(|e| {
            io::Error::new(
                io::ErrorKind::InvalidData,
                format!("{}: not a recovery file: {e}", path.display()),
            )
        })?;
        if file.format != RECOVERY_FORMAT {
            return Err(io::Error::new(
                io::ErrorKind::InvalidData,
                format!(
                    "{}: recovery format {} is not one this journeymap reads",
                    path.display(),
                    file.format
                ),
            ));
        }
        Ok(Some(file))
    }

    /// Removes the recovery file of a map (after a save or a discard).
    pub fn discard(&self, map_path: &Path) -> io::Result<()> {
        match fs::remove_file(self.file_for(map_path)) {
            Err(e) if e.kind() != io::ErrorKind::NotFound => Err(e),
            _ => Ok(()),
        }
    }
}

/// The path that identifies a map file however it was named: symbolic
/// links and `..` resolved. A map that no longer exists is named through
/// its (resolved) folder.
pub fn canonical_key(map_path: &Path) -> PathBuf {
    if let Ok(path) = fs::canonicalize(map_path) {
        return path;
    }
    let absolute = std::path::absolute(map_path).unwrap_or_else(|_| map_path.to_path_buf());
    match (absolute.parent(), absolute.file_name()) {
        (Some(dir), Some(name)) => fs::canonicalize(dir)
            .map(|d| d.join(name))
            .unwrap_or(absolute.clone()),
        _ => absolute,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Stage;

    fn edited() -> Map {
        let mut map = Map::new("Acme", "Dana");
        map.stages.push(Stage::new("rapport", "Building rapport"));
        map
    }

    #[test]
    fn write_read_discard() {
        let state = tempfile::tempdir().unwrap();
        let maps = tempfile::tempdir().unwrap();
        let map_path = maps.path().join("acme.ron");
        fs::write(&map_path, "x").unwrap();
        let recovery = Recovery::new(state.path().join("recovery"));
        assert_eq!(recovery.read(&map_path).unwrap(), None);
        recovery.write(&map_path, Some(42), &edited()).unwrap();
        let file = recovery.read(&map_path).unwrap().expect("a recovery file");
        assert_eq!(file.map, edited());
        assert_eq!(file.base_hash, Some(42));
        assert_eq!(file.path, fs::canonicalize(&map_path).unwrap());
        // Only the recovery file, no temporary ones.
        assert_eq!(fs::read_dir(recovery.dir()).unwrap().count(), 1);
        recovery.discard(&map_path).unwrap();
        assert_eq!(recovery.read(&map_path).unwrap(), None);
        recovery.discard(&map_path).unwrap();
    }

    #[test]
    fn one_file_however_the_map_is_named() {
        let maps = tempfile::tempdir().unwrap();
        fs::create_dir(maps.path().join("sub")).unwrap();
        let map_path = maps.path().join("acme.ron");
        fs::write(&map_path, "x").unwrap();
        let recovery = Recovery::new("/nonexistent");
        let other_name = maps.path().join("sub/../acme.ron");
        assert_eq!(recovery.file_for(&map_path), recovery.file_for(&other_name));
        let name = recovery.file_for(&map_path);
        let name = name.file_name().unwrap().to_string_lossy();
        assert!(name.starts_with("acme-") && name.ends_with(".ron"), "{name}");
        // A deleted map keeps its key.
        let before = recovery.file_for(&map_path);
        fs::remove_file(&map_path).unwrap();
        assert_eq!(recovery.file_for(&map_path), before);
        assert_ne!(
            recovery.file_for(&map_path),
            recovery.file_for(&maps.path().join("other.ron"))
        );
    }

    #[test]
    fn a_damaged_recovery_file_is_an_error_and_kept() {
        let state = tempfile::tempdir().unwrap();
        let recovery = Recovery::new(state.path());
        let map_path = state.path().join("acme.ron");
        fs::write(recovery.file_for(&map_path), "garbage").unwrap();
        let err = recovery.read(&map_path).unwrap_err();
        assert_eq!(err.kind(), io::ErrorKind::InvalidData);
        assert!(recovery.file_for(&map_path).exists());
    }

    #[test]
    fn an_unwritable_state_folder_is_an_error() {
        let state = tempfile::tempdir().unwrap();
        let blocker = state.path().join("file");
        fs::write(&blocker, "").unwrap();
        let recovery = Recovery::new(blocker.join("recovery"));
        assert!(recovery.write(Path::new("acme.ron"), None, &edited()).is_err());
    }
}
