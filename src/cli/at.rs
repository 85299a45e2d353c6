//! `--at REV`: the maps as a git revision has them, for `check`, `export`
//! and the app. Read from the repository the path is in; nothing on disk
//! changes.

use std::path::{Path, PathBuf};

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
/// when the value is dropped), read-only.
pub use crate::git::materialise;
