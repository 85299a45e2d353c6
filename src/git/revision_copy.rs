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
use crate::storage::stale::{pid_after, remove_stale_folders};

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

/// The start of a copy folder's name, followed by the process id and a
/// dot: a copy is removed when its app ends, but one killed (`kill -9`,
/// or the watchdog after a closed terminal) leaves it, and the next copy
/// made removes the folders of processes that are gone.
const FOLDER_PREFIX: &str = "journeymap-at-";

/// Writes `maps` (repository path, bytes) into a new folder; `single`:
/// the one file is what is opened, else the folder.
fn write(short: &str, maps: &[(String, Vec<u8>)], single: bool) -> anyhow::Result<Materialised> {
    let temp = std::env::temp_dir();
    // Best effort: litter that cannot be removed stays for the next run.
    let _ = remove_stale_folders(&temp, |name| pid_after(name, FOLDER_PREFIX));
    let dir = tempfile::Builder::new()
        .prefix(&format!("{FOLDER_PREFIX}{}.{short}-", std::process::id()))
        .tempdir_in(&temp)?;
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_copy_folder_is_named_so_a_later_run_can_tell_whose_it_is() {
        let copy = write("abc1234", &[("maps/a.ron".into(), b"x".to_vec())], true).unwrap();
        let folder = copy.path.parent().unwrap();
        let name = folder.file_name().unwrap().to_string_lossy().into_owned();
        assert_eq!(pid_after(&name, FOLDER_PREFIX), Some(std::process::id()));
        assert_eq!(fs::read(&copy.path).unwrap(), b"x");
        let folder = folder.to_path_buf();
        drop(copy);
        assert!(!folder.exists());
    }
}
