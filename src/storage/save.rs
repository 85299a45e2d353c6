//! Writing a map file: canonical text, atomically, without ever clobbering
//! a file that changed behind our back, nor writing one that could not be
//! opened again.
//!
//! Every save goes through [`write_file`]: the checks of what is on disk
//! (`on_disk`), a recognisably named temporary file (`temp_files`, which
//! also sweeps up those a crash left), and the step that puts the new file
//! in place without replacing a change made meanwhile (`replace`).

mod on_disk;
mod replace;
pub(crate) mod temp_files;
#[cfg(test)]
mod tests;

use std::fmt;
use std::fs;
use std::io::{self, Write};
use std::path::{Path, PathBuf};

use super::load::{MAX_FILE_BYTES, content_hash, io_words};
use crate::model::{FORMAT_VERSION, Map, Problem};

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
    /// Whatever is there when the save starts (the user chose to
    /// overwrite), but nothing that replaces it while the save runs.
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
    /// The file's bytes differ from those loaded (or, for a forced save,
    /// from those found when the save started): someone else saved.
    ChangedOnDisk,
    /// The file was deleted since it was loaded.
    Deleted,
    /// A new map would overwrite an existing file.
    Exists,
    /// The map breaks rules of the format (a review naming a deleted stage,
    /// a stage without a name...): written, it could not be opened again.
    Invalid(Vec<Problem>),
    /// The text would be this many bytes, over [`MAX_FILE_BYTES`]: written,
    /// the file could not be opened again.
    TooLarge(u64),
    /// The file on disk has this `format`, newer than this version knows:
    /// overwriting it would drop what the newer version wrote.
    NewerFormat(u64),
    /// The file is read-only for the user saving (its permission bits),
    /// even though the folder would let it be replaced.
    NotWritable,
    /// A file with several hard links is rewritten in place; that write
    /// failed and the old text could not be put back either. The new text
    /// is complete in `copy`.
    InPlaceFailed {
        error: io::Error,
        copy: PathBuf,
    },
    Serialize(ron::Error),
    Io {
        action: &'static str,
        error: io::Error,
    },
}

/// A size in MiB for messages, with one decimal so that a file just over
/// the limit does not read "64 MiB, over 64 MiB".
pub fn mib(bytes: u64) -> String {
    format!("{:.1} MiB", bytes as f64 / (1024.0 * 1024.0))
}

impl fmt::Display for SaveError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Shared files have any names: one may hold an escape sequence.
        let path = crate::text::safe::path(&self.path);
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
            SaveErrorKind::TooLarge(bytes) => write!(
                f,
                "{path}: not saved: the map would be {}, over the {} MiB a map file may have \
                 (journeymap could not open it again)",
                mib(*bytes),
                MAX_FILE_BYTES / (1024 * 1024)
            ),
            SaveErrorKind::NewerFormat(n) => write!(
                f,
                "{path}: not overwritten: the file on disk is format {n}, newer than this \
                 journeymap knows (format {FORMAT_VERSION}); saving over it would drop what the \
                 newer version wrote"
            ),
            SaveErrorKind::NotWritable => write!(
                f,
                "{path}: not overwritten: the file is read-only for you (its permissions do not \
                 let you write it)"
            ),
            SaveErrorKind::InPlaceFailed { error, copy } => write!(
                f,
                "{path}: cannot write the file: {}; it may be incomplete: the new text is kept \
                 in {}",
                io_words(error),
                copy.display()
            ),
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

/// Saves a map in the canonical layout; see [`save_map_text`]. A map that
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
    save_map_text(path, text.as_bytes(), guard)
}

/// Saves the text of a map file, as [`save_text`] does, with the two rules
/// of a file journeymap must be able to open again: never more bytes than
/// a load accepts ([`MAX_FILE_BYTES`]), and never over a file whose
/// `format` is newer than this version knows.
pub fn save_map_text(path: &Path, bytes: &[u8], guard: SaveGuard) -> Result<Saved, SaveError> {
    write_file(path, bytes, guard, Contents::Map)
}

/// Writes bytes atomically: a temporary file in the same folder, flushed to
/// disk, swapped in for the target, then the folder flushed, so a reader or
/// a crash sees the old file or the new one, never a mix. The file's
/// permission bits are kept; a symbolic link stays a link to the new file;
/// a file with several hard links is rewritten in place, so that every
/// name sees the new text. A file the user may not write is refused, as
/// is one that changes while the save runs. On any failure the original is
/// untouched and no temporary file is left. Not for map files: see
/// [`save_map_text`].
pub fn save_text(path: &Path, bytes: &[u8], guard: SaveGuard) -> Result<Saved, SaveError> {
    write_file(path, bytes, guard, Contents::Other)
}

/// What a save writes, for the rules that only hold for map files.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Contents {
    /// A map file, read back by `load_map`.
    Map,
    /// Anything else: an export, a recovery copy, a cache.
    Other,
}

/// The one place every save goes through.
fn write_file(
    path: &Path,
    bytes: &[u8],
    guard: SaveGuard,
    contents: Contents,
) -> Result<Saved, SaveError> {
    let err = |kind| SaveError {
        path: path.to_path_buf(),
        kind,
    };
    let io_err = |action, error| err(SaveErrorKind::Io { action, error });
    // Before anything touches the disk: a file load would refuse is never
    // written (docs/format.md promises it).
    if contents == Contents::Map && bytes.len() as u64 > MAX_FILE_BYTES {
        return Err(err(SaveErrorKind::TooLarge(bytes.len() as u64)));
    }
    let target = resolve_links(path).map_err(|e| io_err("follow the link", e))?;
    let dir = match target.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => dir.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let name = target
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "map".into());
    // Temporary files a killed save left here, before this save reads the
    // target (an interrupted in-place write is finished first).
    temp_files::sweep(&dir);
    let found = on_disk::check(&target, guard, contents == Contents::Map).map_err(err)?;
    let in_place = found.rewrite_in_place();
    // Dropping `tmp` on any early return deletes it: no stray files.
    let mut tmp = temp_files::create(&dir, &name, in_place)
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
    replace::put_in_place(tmp, &target, &dir, bytes, &found, guard).map_err(err)?;
    // The rename is only durable once the folder itself is on disk.
    sync_dir(&dir);
    Ok(Saved {
        hash: content_hash(bytes),
    })
}

/// Flushes a folder's entries (a new name, a rename) to disk. Best effort:
/// some systems cannot open a folder for that, and the data is on disk.
fn sync_dir(dir: &Path) {
    if let Ok(d) = fs::File::open(dir) {
        let _ = d.sync_all();
    }
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
