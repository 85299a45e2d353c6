//! Files in a commit's tree.

use std::collections::HashMap;
use std::path::Path;

use gix::ObjectId;

use super::GitError;
use super::repo::{At, MapRepo};
use crate::storage::folders::is_map_file;

impl MapRepo {
    /// The tree of `commit`.
    pub(super) fn tree_of(&self, commit: ObjectId) -> Result<gix::Tree<'_>, GitError> {
        self.repo
            .find_commit(commit)
            .and_then(|c| c.tree())
            .map_err(|e| self.read_error(e))
    }

    /// The blob at `path` in `tree`; `None` when there is none (or a
    /// folder or submodule stands there).
    pub(super) fn blob_in(
        &self,
        tree: &gix::Tree<'_>,
        path: &str,
    ) -> Result<Option<ObjectId>, GitError> {
        if path.is_empty() {
            return Ok(None);
        }
        let entry = tree
            .lookup_entry_by_path(Path::new(path))
            .map_err(|e| self.read_error(e))?;
        Ok(entry.filter(|e| e.mode().is_blob()).map(|e| e.object_id()))
    }

    /// The bytes of the file at `path` in `HEAD`; `None` when it has none
    /// (or there is no commit yet).
    pub(super) fn head_bytes(&self, path: &str) -> Result<Option<Vec<u8>>, GitError> {
        let Some(head) = self.head()? else {
            return Ok(None);
        };
        let tree = self.tree_of(head)?;
        self.blob_in(&tree, path)?
            .map(|blob| self.blob_bytes(blob))
            .transpose()
    }

    /// The bytes of the file at `path` in commit `commit`; `None` when
    /// that commit has none.
    pub(super) fn bytes_at(
        &self,
        commit: ObjectId,
        path: &str,
    ) -> Result<Option<Vec<u8>>, GitError> {
        let tree = self.tree_of(commit)?;
        self.blob_in(&tree, path)?
            .map(|blob| self.blob_bytes(blob))
            .transpose()
    }

    /// The bytes of a blob.
    pub(super) fn blob_bytes(&self, id: ObjectId) -> Result<Vec<u8>, GitError> {
        self.repo
            .find_blob(id)
            .map(|mut b| b.take_data())
            .map_err(|e| self.read_error(e))
    }

    /// The map files (`*.ron`) directly in `folder` of `commit`'s tree
    /// (`""` is the top), sorted by name, as `(path, blob)`; `None` when
    /// the commit has no such folder.
    pub(super) fn maps_in(
        &self,
        commit: ObjectId,
        folder: &str,
    ) -> Result<Option<Vec<(String, ObjectId)>>, GitError> {
        let root = self.tree_of(commit)?;
        let tree = if folder.is_empty() {
            root
        } else {
            let entry = root
                .lookup_entry_by_path(Path::new(folder))
                .map_err(|e| self.read_error(e))?;
            match entry {
                Some(e) if e.mode().is_tree() => self
                    .repo
                    .find_tree(e.object_id())
                    .map_err(|e| self.read_error(e))?,
                _ => return Ok(None),
            }
        };
        let mut out = Vec::new();
        for entry in tree.iter() {
            let entry = entry.map_err(|e| self.read_error(e))?;
            let name = entry.filename().to_string();
            if entry.mode().is_blob() && is_map_file(Path::new(&name)) {
                let path = if folder.is_empty() {
                    name
                } else {
                    format!("{folder}/{name}")
                };
                out.push((path, entry.object_id()));
            }
        }
        out.sort();
        Ok(Some(out))
    }

    /// Every blob of a tree, by path, for finding where a file came from.
    pub(super) fn all_blobs(
        &self,
        tree: &gix::Tree<'_>,
    ) -> Result<HashMap<String, ObjectId>, GitError> {
        let mut out = HashMap::new();
        let mut pending = vec![(String::new(), tree.id)];
        while let Some((prefix, id)) = pending.pop() {
            let tree = self.repo.find_tree(id).map_err(|e| self.read_error(e))?;
            for entry in tree.iter() {
                let entry = entry.map_err(|e| self.read_error(e))?;
                let path = format!("{prefix}{}", entry.filename());
                if entry.mode().is_tree() {
                    pending.push((format!("{path}/"), entry.object_id()));
                } else if entry.mode().is_blob() {
                    out.insert(path, entry.object_id());
                }
            }
        }
        Ok(out)
    }
}

impl MapRepo {
    /// The maps at `path` (a map file or a folder of maps, as
    /// [`MapRepo::relative`] gives it) in the commit `at`: each map's path
    /// in the repository and bytes, a folder's maps by name.
    pub fn maps_at(&self, at: &At, path: &str) -> Result<Vec<(String, Vec<u8>)>, GitError> {
        let tree = self.tree_of(at.id)?;
        let paths = match self.blob_in(&tree, path)? {
            Some(blob) => vec![(path.to_string(), blob)],
            None => self
                .maps_in(at.id, path)?
                .ok_or_else(|| GitError::NotAtRevision {
                    rev: at.short.clone(),
                    path: if path.is_empty() {
                        ".".into()
                    } else {
                        path.into()
                    },
                })?,
        };
        paths
            .into_iter()
            .map(|(path, blob)| Ok((path, self.blob_bytes(blob)?)))
            .collect()
    }
}
