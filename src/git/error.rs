//! What can go wrong reading a map's past, in words for the person asking.

use std::fmt;
use std::path::PathBuf;

use crate::text::safe;

/// Why a map's history (or a map at a revision) could not be read.
#[derive(Debug)]
pub enum GitError {
    /// No repository holds the path: there is no history to read.
    NotInRepository { path: PathBuf },
    /// A bare repository, or the path is outside its work tree.
    OutsideWorkTree { path: PathBuf, workdir: PathBuf },
    /// `--at` named something that is not a commit.
    BadRevision { rev: String, reason: String },
    /// The revision has no such file or folder.
    NotAtRevision { rev: String, path: String },
    /// The repository has no commit yet.
    NoCommits { repo: PathBuf },
    /// The repository could not be read (a corrupt object, a broken ref).
    Read { path: PathBuf, reason: String },
}

impl fmt::Display for GitError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            GitError::NotInRepository { path } => write!(
                f,
                "{}: not in a git repository (none in its folder or above it), so it has no history; \
                 keep the maps folder in git (`git init`, then commit) to see how maps change",
                safe::path(path)
            ),
            GitError::OutsideWorkTree { path, workdir } => write!(
                f,
                "{}: outside the work tree of the repository at {}",
                safe::path(path),
                safe::path(workdir)
            ),
            GitError::BadRevision { rev, reason } => write!(
                f,
                "`{}` is not a commit in this repository: {}",
                safe::clean_cow(rev),
                safe::clean_cow(reason)
            ),
            GitError::NotAtRevision { rev, path } => write!(
                f,
                "{}: not in revision {}",
                safe::clean_cow(path),
                safe::clean_cow(rev)
            ),
            GitError::NoCommits { repo } => write!(
                f,
                "the repository at {} has no commits yet, so there is no history",
                safe::path(repo)
            ),
            GitError::Read { path, reason } => write!(
                f,
                "{}: cannot read its history from git: {}",
                safe::path(path),
                safe::clean_cow(reason)
            ),
        }
    }
}

impl std::error::Error for GitError {}
