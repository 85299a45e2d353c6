//! The commits that changed one map: first parents from `HEAD` back,
//! following the file across renames, as `git log --first-parent --follow`.

use jiff::civil::Date;

use gix::ObjectId;

use super::GitError;
use super::repo::{MapRepo, short};
use super::similar::{RENAME_THRESHOLD, similarity};

/// One commit that changed the map.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Revision {
    /// The full commit id, in hex.
    pub id: String,
    /// The 7-character form.
    pub short: String,
    pub author: String,
    pub email: String,
    /// The commit's date (the committer's, in the committer's time zone):
    /// the day the map was in this state for everyone.
    pub date: Date,
    /// The commit's first line.
    pub subject: String,
    /// The map's path in this commit (it differs before a rename).
    pub path: String,
    pub(super) blob: ObjectId,
}

/// How far back a log reaches, and why it stops there.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LogEnd {
    /// The oldest revision is the commit that added the map: all of it.
    Added,
    /// The repository is a shallow clone: the oldest revision is the
    /// oldest commit it has, the map may be older.
    Shallow,
    /// The walk stopped at `--since`; the oldest revision is the last one
    /// before it, kept to compare the first one shown with.
    Since,
    /// The map is not in `HEAD`: never committed (or removed).
    NotInHead,
}

/// The revisions of a map, newest first.
#[derive(Debug, Clone)]
pub struct FileLog {
    pub revisions: Vec<Revision>,
    pub end: LogEnd,
}

impl MapRepo {
    /// The commits that changed the file at `path` (as [`MapRepo::relative`]
    /// gives it), newest first. With `since`, the walk stops at the first
    /// revision dated before it (which is kept, see [`LogEnd::Since`]).
    pub fn file_log(&self, path: &str, since: Option<Date>) -> Result<FileLog, GitError> {
        let Some(head) = self.head()? else {
            return Ok(FileLog {
                revisions: Vec::new(),
                end: LogEnd::NotInHead,
            });
        };
        let shallow = self.shallow_commits();
        let mut path = path.to_string();
        let find = |id| self.repo.find_commit(id).map_err(|e| self.read_error(e));
        // Each commit and tree is decoded once: the parent of one step is
        // the commit of the next.
        let mut commit = find(head)?;
        let mut tree = self.commit_tree(&commit)?;
        let Some(mut blob) = self.blob_in(&tree, &path)? else {
            return Ok(FileLog {
                revisions: Vec::new(),
                end: LogEnd::NotInHead,
            });
        };
        let mut revisions = Vec::new();
        let end = loop {
            let parent = commit.parent_ids().next().map(|id| id.detach());
            let parent = match parent {
                Some(p) if !shallow.contains(&commit.id) && self.repo.has_object(p) => find(p)?,
                Some(_) => {
                    // The clone stops here: this commit is where the map
                    // starts, as far as anyone here can tell.
                    revisions.push(self.revision(&commit, &path, blob)?);
                    break LogEnd::Shallow;
                }
                None => {
                    revisions.push(self.revision(&commit, &path, blob)?);
                    break LogEnd::Added;
                }
            };
            let parent_tree = self.commit_tree(&parent)?;
            let before = match self.blob_in(&parent_tree, &path)? {
                Some(b) => Some((path.clone(), b)),
                None => self.renamed_from(&tree, &parent_tree, blob)?,
            };
            if before.as_ref().map(|(p, b)| (p, *b)) != Some((&path, blob)) {
                let revision = self.revision(&commit, &path, blob)?;
                let older = since.is_some_and(|s| revision.date < s);
                revisions.push(revision);
                if older {
                    break LogEnd::Since;
                }
            }
            let Some((old_path, old_blob)) = before else {
                break LogEnd::Added;
            };
            path = old_path;
            blob = old_blob;
            commit = parent;
            tree = parent_tree;
        };
        Ok(FileLog { revisions, end })
    }

    /// Where the blob at a path new in `tree` came from in `parent_tree`:
    /// a file there that is gone from `tree`, with the same bytes, else
    /// the most alike at or over git's 50%.
    fn renamed_from(
        &self,
        tree: &gix::Tree<'_>,
        parent_tree: &gix::Tree<'_>,
        blob: ObjectId,
    ) -> Result<Option<(String, ObjectId)>, GitError> {
        let now = self.all_blobs(tree)?;
        let mut gone: Vec<(String, ObjectId)> = self
            .all_blobs(parent_tree)?
            .into_iter()
            .filter(|(path, _)| !now.contains_key(path))
            .collect();
        gone.sort();
        if let Some(same) = gone.iter().find(|(_, b)| *b == blob) {
            return Ok(Some(same.clone()));
        }
        let bytes = self.blob_bytes(blob)?;
        let mut best: Option<(f64, (String, ObjectId))> = None;
        for (path, old) in gone {
            let score = similarity(&self.blob_bytes(old)?, &bytes);
            if score >= RENAME_THRESHOLD && best.as_ref().is_none_or(|(s, _)| score > *s) {
                best = Some((score, (path, old)));
            }
        }
        Ok(best.map(|(_, found)| found))
    }

    fn commit_tree<'r>(&'r self, commit: &gix::Commit<'r>) -> Result<gix::Tree<'r>, GitError> {
        commit.tree().map_err(|e| self.read_error(e))
    }

    fn revision(
        &self,
        commit: &gix::Commit<'_>,
        path: &str,
        blob: ObjectId,
    ) -> Result<Revision, GitError> {
        let author = commit.author().map_err(|e| self.read_error(e))?;
        let (name, email) = (author.name.to_string(), author.email.to_string());
        let time = commit.time().map_err(|e| self.read_error(e))?;
        let subject = commit
            .message_raw_sloppy()
            .to_string()
            .lines()
            .next()
            .unwrap_or_default()
            .to_string();
        Ok(Revision {
            id: commit.id.to_string(),
            short: short(&commit.id),
            author: name,
            email,
            date: commit_date(time.seconds, time.offset),
            subject,
            path: path.to_string(),
            blob,
        })
    }

    /// The bytes of the map at a revision.
    pub fn revision_bytes(&self, revision: &Revision) -> Result<Vec<u8>, GitError> {
        self.blob_bytes(revision.blob)
    }
}

/// The calendar date of a git time in its own offset (a commit made at
/// 23:30 in New York is dated that day, not the next one in UTC).
pub(super) fn commit_date(seconds: i64, offset: i32) -> Date {
    let offset = jiff::tz::Offset::from_seconds(offset).unwrap_or(jiff::tz::Offset::UTC);
    jiff::Timestamp::from_second(seconds)
        .unwrap_or(jiff::Timestamp::UNIX_EPOCH)
        .to_zoned(offset.to_time_zone())
        .date()
}
