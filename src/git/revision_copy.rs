//! The maps of a revision copied into a new temporary folder under their
//! own names, read-only: how the app opens a map as it was (`--at REV`,
//! and Enter on a point of the timeline), so that a revision is opened
//! like any file and every edit and save is refused the one way the app
//! refuses them for a read-only map. Nothing in the repository changes.

use std::fs;
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};

use tempfile::TempDir;

use super::{MapRepo, Revision};

/// The copies, gone with the value.
pub struct Materialised {
    /// Kept for its `Drop`, which removes the folder.
    _dir: TempDir,
    /// The file or folder to open in place of the one asked for.
    pub path: PathBuf,
    /// The revision's 7-character id.
    pub short: String,
}

/// The maps at `path` (a file or a folder) in `rev`.
pub fn materialise(rev: &str, path: &Path) -> anyhow::Result<Materialised> {
    let repo = MapRepo::discover(path)?;
    let at = repo.resolve(rev)?;
    let relative = repo.relative(path)?;
    let maps = repo.maps_at(&at, &relative)?;
    let single = maps.len() == 1 && maps[0].0 == relative;
    write(&at.short, &maps, single)
}

/// The map at `path` as one revision of its history had it (under the
/// name it had then: the history follows renames).
pub fn materialise_revision(path: &Path, revision: &Revision) -> anyhow::Result<Materialised> {
    let repo = MapRepo::discover(path)?;
    let bytes = repo.revision_bytes(revision)?;
    write(&revision.short, &[(revision.path.clone(), bytes)], true)
}

/// Writes `maps` (repository path, bytes) into a new folder; `single`:
/// the one file is what is opened, else the folder.
fn write(short: &str, maps: &[(String, Vec<u8>)], single: bool) -> anyhow::Result<Materialised> {
    let dir = tempfile::Builder::new()
        .prefix(&format!("journeymap-at-{short}-"))
        .tempdir()?;
    let mut opened = dir.path().to_path_buf();
    for (p, bytes) in maps {
        let name = p.rsplit('/').next().unwrap_or(p);
        let file = dir.path().join(name);
        fs::write(&file, bytes)?;
        fs::set_permissions(&file, fs::Permissions::from_mode(0o444))?;
        if single {
            opened = file;
        }
    }
    Ok(Materialised {
        _dir: dir,
        path: opened,
        short: short.to_string(),
    })
}
