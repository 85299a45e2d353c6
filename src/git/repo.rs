//! The repository a map lives in, and paths inside it.

use std::collections::HashSet;
use std::path::{Component, Path, PathBuf};

use gix::ObjectId;

use super::GitError;

/// The memory the cache of decoded pack objects may take (git's own
/// `core.deltaBaseCacheLimit` is 96 MiB).
const PACK_CACHE_BYTES: usize = 96 * 1024 * 1024;

/// A commit maps are read at (`--at`).
#[derive(Debug, Clone)]
pub struct At {
    pub(super) id: ObjectId,
    /// The 7-character form.
    pub short: String,
}

/// A repository with a work tree, opened for reading maps' pasts.
pub struct MapRepo {
    pub(super) repo: gix::Repository,
    /// The work tree, canonical, so that paths given in any form compare.
    workdir: PathBuf,
}

impl MapRepo {
    /// The repository holding `path` (a map file or a folder, which need
    /// not exist any more), found from its folder upwards like `git` does.
    pub fn discover(path: &Path) -> Result<MapRepo, GitError> {
        let start = existing_folder(path);
        let mut repo = gix::discover(&start).map_err(|_| GitError::NotInRepository {
            path: path.to_path_buf(),
        })?;
        // A map's revisions are deltas of each other in a pack, often in
        // chains dozens long: without a cache of decoded bases each read
        // decodes its whole chain again.
        repo.objects.set_pack_cache(|| {
            Box::new(gix::odb::pack::cache::lru::MemoryCappedHashmap::new(
                PACK_CACHE_BYTES,
            ))
        });
        let Some(workdir) = repo.workdir() else {
            return Err(GitError::OutsideWorkTree {
                path: path.to_path_buf(),
                workdir: repo.git_dir().to_path_buf(),
            });
        };
        let workdir = workdir
            .canonicalize()
            .map_err(|e| read_error(path, e.to_string()))?;
        Ok(MapRepo { repo, workdir })
    }

    /// The work tree's folder.
    pub fn workdir(&self) -> &Path {
        &self.workdir
    }

    /// `path` as git names it: relative to the work tree, `/`-separated.
    /// An empty string is the work tree itself.
    pub fn relative(&self, path: &Path) -> Result<String, GitError> {
        let absolute = canonical_lenient(path).map_err(|e| read_error(path, e))?;
        let inside =
            absolute
                .strip_prefix(&self.workdir)
                .map_err(|_| GitError::OutsideWorkTree {
                    path: path.to_path_buf(),
                    workdir: self.workdir.clone(),
                })?;
        let parts: Vec<String> = inside
            .components()
            .map(|c| c.as_os_str().to_string_lossy().into_owned())
            .collect();
        Ok(parts.join("/"))
    }

    /// The commit `HEAD` points at; `None` before the first commit.
    pub(super) fn head(&self) -> Result<Option<ObjectId>, GitError> {
        let mut head = self
            .repo
            .head()
            .map_err(|e| read_error(&self.workdir, e.to_string()))?;
        if head.is_unborn() {
            return Ok(None);
        }
        head.peel_to_commit()
            .map(|c| Some(c.id))
            .map_err(|e| read_error(&self.workdir, e.to_string()))
    }

    /// The commit `rev` names (`HEAD~3`, `main`, a short id, a tag).
    pub fn resolve(&self, rev: &str) -> Result<At, GitError> {
        let bad = |reason: String| GitError::BadRevision {
            rev: rev.to_string(),
            reason,
        };
        let id = self
            .repo
            .rev_parse_single(rev)
            .map_err(|e| bad(e.to_string()))?;
        let commit = id
            .object()
            .and_then(|o| o.peel_to_commit())
            .map_err(|e| bad(e.to_string()))?;
        Ok(At {
            id: commit.id,
            short: short(&commit.id),
        })
    }

    /// The commits whose parents a shallow clone does not have.
    pub(super) fn shallow_commits(&self) -> HashSet<ObjectId> {
        self.repo
            .shallow_commits()
            .ok()
            .flatten()
            .map(|commits| commits.iter().copied().collect())
            .unwrap_or_default()
    }

    pub(super) fn read_error(&self, reason: impl ToString) -> GitError {
        read_error(&self.workdir, reason)
    }
}

/// The 7-character form people read and type.
pub(super) fn short(id: &ObjectId) -> String {
    id.to_hex_with_len(7).to_string()
}

fn read_error(path: &Path, reason: impl ToString) -> GitError {
    GitError::Read {
        path: path.to_path_buf(),
        reason: reason.to_string(),
    }
}

/// The nearest folder of `path` that exists: its own folder for a file,
/// itself for a folder; `.` for a bare file name.
fn existing_folder(path: &Path) -> PathBuf {
    let mut at = if path.is_dir() {
        path.to_path_buf()
    } else {
        path.parent().map(Path::to_path_buf).unwrap_or_default()
    };
    while !at.as_os_str().is_empty() && !at.is_dir() {
        at = at.parent().map(Path::to_path_buf).unwrap_or_default();
    }
    if at.as_os_str().is_empty() {
        PathBuf::from(".")
    } else {
        at
    }
}

/// `path` made absolute with symbolic links resolved, for a path whose
/// last parts may not exist (a map deleted since): the existing part is
/// canonicalised and the rest joined on, `..` refused there.
fn canonical_lenient(path: &Path) -> Result<PathBuf, String> {
    let absolute = if path.is_absolute() {
        path.to_path_buf()
    } else {
        std::env::current_dir()
            .map_err(|e| e.to_string())?
            .join(path)
    };
    let mut existing = absolute.as_path();
    let mut rest = Vec::new();
    while !existing.exists() {
        let Some(name) = existing.file_name() else {
            break;
        };
        rest.push(name.to_os_string());
        existing = existing.parent().unwrap_or(Path::new("/"));
    }
    let mut out = existing.canonicalize().map_err(|e| e.to_string())?;
    for part in rest.iter().rev() {
        if Path::new(part)
            .components()
            .any(|c| c == Component::ParentDir)
        {
            return Err("a path through a missing folder and `..`".into());
        }
        out.push(part);
    }
    Ok(out)
}
