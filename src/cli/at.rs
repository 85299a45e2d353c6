//! `--at REV`: the maps as a git revision has them, for `check`, `export`
//! and the app. Read from the repository the path is in; nothing on disk
//! changes.

use std::fs;
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};

use tempfile::TempDir;

use crate::git::{GitError, MapRepo};

/// The maps at `path` (a file or a folder) in revision `rev`: each named
/// `SHORT:path` as `git show` takes it, with its bytes.
pub fn maps_at(rev: &str, path: &Path) -> Result<Vec<(PathBuf, Vec<u8>)>, GitError> {
    let repo = MapRepo::discover(path)?;
    let at = repo.resolve(rev)?;
    let relative = repo.relative(path)?;
    Ok(repo
        .maps_at(&at, &relative)?
        .into_iter()
        .map(|(p, bytes)| (PathBuf::from(format!("{}:{p}", at.short)), bytes))
        .collect())
}

/// The maps at `path` in `rev`, written into a new temporary folder (gone
/// when the value is dropped) under their own names, for the commands that
/// work on files. The files are read-only: nothing saves into them.
pub struct Materialised {
    /// Kept for its `Drop`, which removes the folder.
    _dir: TempDir,
    /// The file or folder to open in place of `path`.
    pub path: PathBuf,
}

pub fn materialise(rev: &str, path: &Path) -> anyhow::Result<Materialised> {
    let repo = MapRepo::discover(path)?;
    let at = repo.resolve(rev)?;
    let relative = repo.relative(path)?;
    let maps = repo.maps_at(&at, &relative)?;
    let dir = tempfile::Builder::new()
        .prefix(&format!("journeymap-at-{}-", at.short))
        .tempdir()?;
    let single = maps.len() == 1 && maps[0].0 == relative;
    let mut opened = dir.path().to_path_buf();
    for (p, bytes) in &maps {
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
    })
}
