//! Writing a map file: canonical text, atomically, without ever clobbering
//! a file that changed behind our back.

use std::fmt;
use std::fs;
use std::io::{self, Write};
use std::path::{Path, PathBuf};

use super::load::{content_hash, io_words, read_limited};
use crate::model::{Map, Problem};

/// The canonical text of a map: pretty RON, 4-space indent, fields in the
/// documented order, optional fields written out, `\n` line ends, one
/// trailing newline. Loading it and writing it again gives the same bytes.
///
/// Written directly by [`super::canonical`], byte for byte what
/// [`canonical_with_ron`] gives, many times faster.
pub fn to_canonical(map: &Map) -> Result<String, ron::Error> {
    super::canonical::to_string(map)
}

/// The canonical text through serde and ron's pretty printer: the
/// reference the direct writer is tested against, and a bench baseline.
#[doc(hidden)]
pub fn canonical_with_ron(map: &Map) -> Result<String, ron::Error> {
    let mut text = ron_pretty(map)?;
    text.push('\n');
    Ok(text)
}

/// Any value in the canonical layout through ron's pretty printer (4-space
/// indent, `\n`, plain apostrophes), without a trailing newline: the
/// reference for whole maps, and how a review note is written into a file.
pub(crate) fn ron_pretty<T: serde::Serialize>(value: &T) -> Result<String, ron::Error> {
    let config = ron::ser::PrettyConfig::new()
        .indentor("    ")
        .new_line("\n")
        .separator(" ");
    Ok(unescape_apostrophes(ron::ser::to_string_pretty(
        value, config,
    )?))
}

/// ron escapes strings with `char::escape_debug`, which writes `'` as
/// `\'`. Apostrophes are everywhere in what account managers write
/// ("the client's week"), and `\'` is noise in hand edits and git diffs,
/// so the canonical layout writes them plain (RON reads both). Escapes are
/// read pairwise, so an escaped backslash before a quote is kept intact.
pub(crate) fn unescape_apostrophes(text: String) -> String {
    if !text.contains("\\'") {
        return text;
    }
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('\'') => out.push('\''),
            Some(next) => {
                out.push('\\');
                out.push(next);
            }
            None => out.push('\\'),
        }
    }
    out
}

/// What a save may overwrite.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SaveGuard {
    /// Only a file whose bytes still hash to this (as when it was loaded).
    Unchanged(u64),
    /// Only where no file exists yet.
    New,
    /// Whatever is there: the user chose to overwrite.
    Force,
}

/// A successful save.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Saved {
    /// Hash of the bytes now on disk, the guard for the next save.
    pub hash: u64,
}

#[derive(Debug)]
pub struct SaveError {
    pub path: PathBuf,
    pub kind: SaveErrorKind,
}

#[derive(Debug)]
pub enum SaveErrorKind {
    /// The file's bytes differ from those loaded: someone else saved.
    ChangedOnDisk,
    /// The file was deleted since it was loaded.
    Deleted,
    /// A new map would overwrite an existing file.
    Exists,
    /// The map breaks rules of the format (a review naming a deleted stage,
    /// a stage without a name...): written, it could not be opened again.
    Invalid(Vec<Problem>),
    Serialize(ron::Error),
    Io {
        action: &'static str,
        error: io::Error,
    },
}

impl fmt::Display for SaveError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let path = self.path.display();
        match &self.kind {
            SaveErrorKind::ChangedOnDisk => write!(
                f,
                "{path} changed on disk since it was opened; not overwritten"
            ),
            SaveErrorKind::Deleted => write!(f, "{path} was deleted since it was opened"),
            SaveErrorKind::Exists => write!(f, "{path} already exists; not overwritten"),
            SaveErrorKind::Invalid(problems) => {
                for (i, p) in problems.iter().enumerate() {
                    if i > 0 {
                        writeln!(f)?;
                    }
                    write!(f, "{path}: not saved: {p}")?;
                }
                Ok(())
            }
            SaveErrorKind::Serialize(e) => write!(f, "{path}: cannot write the map: {e}"),
            SaveErrorKind::Io { action, error } => {
                write!(f, "{path}: cannot {action}: {}", io_words(error))
            }
        }
    }
}

impl std::error::Error for SaveError {}

/// Follows symbolic links to the file they finally name, so that a save
/// replaces the target and keeps the link.
pub fn resolve_links(path: &Path) -> io::Result<PathBuf> {
    let mut current = path.to_path_buf();
    for _ in 0..40 {
        match fs::symlink_metadata(&current) {
            Ok(meta) if meta.file_type().is_symlink() => {
                let target = fs::read_link(&current)?;
                current = match current.parent() {
                    Some(dir) if target.is_relative() => dir.join(target),
                    _ => target,
                };
            }
            Ok(_) => return Ok(current),
            Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(current),
            Err(e) => return Err(e),
        }
    }
    Err(io::Error::other("too many levels of symbolic links"))
}

/// Saves a map in the canonical layout; see [`save_text`]. A map that
/// breaks a rule of the format is refused: the file would not load again.
pub fn save_map(path: &Path, map: &Map, guard: SaveGuard) -> Result<Saved, SaveError> {
    let problems = crate::model::validate(map);
    if !problems.is_empty() {
        return Err(SaveError {
            path: path.to_path_buf(),
            kind: SaveErrorKind::Invalid(problems),
        });
    }
    let text = to_canonical(map).map_err(|e| SaveError {
        path: path.to_path_buf(),
        kind: SaveErrorKind::Serialize(e),
    })?;
    save_text(path, text.as_bytes(), guard)
}

/// Writes bytes atomically: a temporary file in the same folder, flushed to
/// disk, renamed over the target, then the folder flushed, so a reader or a
/// crash sees the old file or the new one, never a mix. The file's
/// permission bits are kept; a symbolic link stays a link to the new file.
/// On any failure the original is untouched and no temporary file is left.
pub fn save_text(path: &Path, bytes: &[u8], guard: SaveGuard) -> Result<Saved, SaveError> {
    let err = |kind| SaveError {
        path: path.to_path_buf(),
        kind,
    };
    let io_err = |action, error| err(SaveErrorKind::Io { action, error });
    let target = resolve_links(path).map_err(|e| io_err("follow the link", e))?;
    // Read only what the guard needs, and never more than a map may hold:
    // a forced save over a device or a huge file must not read it whole.
    match guard {
        SaveGuard::Unchanged(hash) => match read_limited(&target) {
            Ok(old) if content_hash(&old) != hash => {
                return Err(err(SaveErrorKind::ChangedOnDisk));
            }
            Ok(_) => {}
            Err(e) if e.kind() == io::ErrorKind::NotFound => {
                return Err(err(SaveErrorKind::Deleted));
            }
            Err(e) => return Err(io_err("read the file before saving", e)),
        },
        SaveGuard::New => match fs::symlink_metadata(&target) {
            Ok(_) => return Err(err(SaveErrorKind::Exists)),
            Err(e) if e.kind() == io::ErrorKind::NotFound => {}
            Err(e) => return Err(io_err("check whether the file exists", e)),
        },
        SaveGuard::Force => {}
    }
    let dir = match target.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => dir.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let name = target
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "map".into());
    // Dropping `tmp` on any early return deletes it: no stray files.
    let mut tmp = tempfile::Builder::new()
        .prefix(&format!(".{name}."))
        .suffix(".tmp")
        .tempfile_in(&dir)
        .map_err(|e| io_err("create a temporary file in the folder", e))?;
    tmp.write_all(bytes)
        .map_err(|e| io_err("write the file", e))?;
    // Keep the bits of the file being replaced; a new file gets the usual
    // ones rather than the temporary file's private 0600.
    let old_meta = fs::metadata(&target).ok();
    let permissions = match &old_meta {
        Some(meta) => Some(meta.permissions()),
        None => new_file_permissions(),
    };
    if let Some(meta) = &old_meta {
        keep_owner(tmp.as_file(), meta);
    }
    if let Some(permissions) = permissions {
        fs::set_permissions(tmp.path(), permissions)
            .map_err(|e| io_err("set the file's permissions", e))?;
    }
    tmp.as_file()
        .sync_all()
        .map_err(|e| io_err("flush the file to disk", e))?;
    tmp.persist(&target)
        .map_err(|e| io_err("replace the file", e.error))?;
    // The rename is only durable once the folder itself is on disk.
    if let Ok(d) = fs::File::open(&dir) {
        let _ = d.sync_all();
    }
    Ok(Saved {
        hash: content_hash(bytes),
    })
}

/// Gives the new file the owner and group of the one it replaces, so that
/// a teammate's file saved by someone else (or by root) stays theirs and
/// stays writable by its group. Best effort: only root may give a file
/// away, and anyone may keep a group they belong to; a failure leaves the
/// saver as owner, which is what an ordinary editor does.
#[cfg(unix)]
fn keep_owner(file: &fs::File, old: &fs::Metadata) {
    use std::os::unix::fs::{MetadataExt, fchown};
    if fchown(file, Some(old.uid()), Some(old.gid())).is_err() {
        let _ = fchown(file, None, Some(old.gid()));
    }
}

#[cfg(not(unix))]
fn keep_owner(_file: &fs::File, _old: &fs::Metadata) {}

#[cfg(unix)]
fn new_file_permissions() -> Option<fs::Permissions> {
    use std::os::unix::fs::PermissionsExt;
    Some(fs::Permissions::from_mode(0o644))
}

#[cfg(not(unix))]
fn new_file_permissions() -> Option<fs::Permissions> {
    None
}
