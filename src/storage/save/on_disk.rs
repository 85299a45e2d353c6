//! What a save is about to replace, checked before anything is written:
//! whether the guard allows it, whether the user may write the file, and,
//! for a map, whether it comes from a newer journeymap.

use std::fs;
use std::io;
use std::path::Path;

use super::{SaveErrorKind, SaveGuard};
use crate::model::FORMAT_VERSION;
use crate::storage::load::{content_hash, read_limited};

/// What was at the target when the save started.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Found {
    /// No file there yet.
    Nothing,
    /// A regular file: a save may only replace these very bytes.
    File(FileSeen),
}

/// A regular file as the check saw it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct FileSeen {
    /// Hash of its bytes (at most one past the load limit).
    pub hash: u64,
    pub id: FileId,
    /// How many names (hard links) it has.
    pub links: u64,
}

/// Which file, whatever its name: device and inode.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct FileId {
    dev: u64,
    ino: u64,
}

impl FileId {
    #[cfg(unix)]
    pub fn of(meta: &fs::Metadata) -> FileId {
        use std::os::unix::fs::MetadataExt;
        FileId {
            dev: meta.dev(),
            ino: meta.ino(),
        }
    }

    #[cfg(not(unix))]
    pub fn of(_meta: &fs::Metadata) -> FileId {
        FileId { dev: 0, ino: 0 }
    }
}

impl Found {
    /// A file with other names is rewritten in place so that they all see
    /// the new text: a rename would leave the others on the old one.
    pub fn rewrite_in_place(&self) -> bool {
        matches!(self, Found::File(seen) if seen.links > 1)
    }
}

/// Checks what is at `target` against the guard. Reads the file (never
/// more than a map may hold) unless the guard is `New`; `map` adds the
/// check that a forced save never downgrades a newer format.
pub(super) fn check(target: &Path, guard: SaveGuard, map: bool) -> Result<Found, SaveErrorKind> {
    let meta = match fs::symlink_metadata(target) {
        Ok(meta) => meta,
        Err(e) if e.kind() == io::ErrorKind::NotFound => {
            return match guard {
                SaveGuard::Unchanged(_) => Err(SaveErrorKind::Deleted),
                SaveGuard::New | SaveGuard::Force => Ok(Found::Nothing),
            };
        }
        Err(error) => {
            return Err(SaveErrorKind::Io {
                action: "check the file before saving",
                error,
            });
        }
    };
    if guard == SaveGuard::New {
        return Err(SaveErrorKind::Exists);
    }
    // Never opened for the check: a folder cannot be a map, and opening a
    // pipe or a device could hang or have effects.
    if !meta.is_file() {
        let error = if meta.is_dir() {
            io::Error::new(io::ErrorKind::IsADirectory, "is a directory")
        } else {
            io::Error::other("it is not a regular file")
        };
        return Err(SaveErrorKind::Io {
            action: "replace the file",
            error,
        });
    }
    if !may_write(target)? {
        return Err(SaveErrorKind::NotWritable);
    }
    let bytes = match read_limited(target) {
        Ok(bytes) => bytes,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Err(SaveErrorKind::Deleted),
        Err(error) => {
            return Err(SaveErrorKind::Io {
                action: "read the file before saving",
                error,
            });
        }
    };
    let hash = content_hash(&bytes);
    match guard {
        SaveGuard::Unchanged(expected) if hash != expected => {
            return Err(SaveErrorKind::ChangedOnDisk);
        }
        // The bytes a guarded save expects were loaded, so their format is
        // known; only a forced save can meet a file never read.
        SaveGuard::Force if map => {
            if let Some(n) = format_of(&bytes).filter(|&n| n > u64::from(FORMAT_VERSION)) {
                return Err(SaveErrorKind::NewerFormat(n));
            }
        }
        _ => {}
    }
    Ok(Found::File(FileSeen {
        hash,
        id: FileId::of(&meta),
        links: links(&meta),
    }))
}

#[cfg(unix)]
fn links(meta: &fs::Metadata) -> u64 {
    use std::os::unix::fs::MetadataExt;
    meta.nlink()
}

#[cfg(not(unix))]
fn links(_meta: &fs::Metadata) -> u64 {
    1
}

/// Whether this user may write the file, as its permission bits say. A
/// writable folder lets anyone replace a file by renaming over it, which
/// is how a save works, so without this a file made read-only (or someone
/// else's 0444 file) would be replaced anyway and change owner. Editors
/// refuse; so do we. Uses the effective ids, as `open` would.
#[cfg(unix)]
fn may_write(path: &Path) -> Result<bool, SaveErrorKind> {
    use std::os::unix::ffi::OsStrExt;
    let io_err = |error| SaveErrorKind::Io {
        action: "write the file",
        error,
    };
    let c_path = std::ffi::CString::new(path.as_os_str().as_bytes())
        .map_err(|e| io_err(io::Error::new(io::ErrorKind::InvalidInput, e)))?;
    // SAFETY: a valid NUL-terminated path; faccessat only reads it.
    let rc = unsafe {
        libc::faccessat(
            libc::AT_FDCWD,
            c_path.as_ptr(),
            libc::W_OK,
            libc::AT_EACCESS,
        )
    };
    if rc == 0 {
        return Ok(true);
    }
    let error = io::Error::last_os_error();
    match error.raw_os_error() {
        Some(libc::EACCES) | Some(libc::EPERM) => Ok(false),
        // A read-only file system and the like: said in their own words.
        _ => Err(io_err(error)),
    }
}

#[cfg(not(unix))]
fn may_write(path: &Path) -> Result<bool, SaveErrorKind> {
    match fs::metadata(path) {
        Ok(meta) => Ok(!meta.permissions().readonly()),
        Err(_) => Ok(true),
    }
}

/// The top-level `format` of a map file's bytes, if it can be read: the
/// loader's own tolerant probe, so that a newer file is recognised however
/// much of its syntax this version does not know, and a number too large
/// for any version counts as newer.
pub(super) fn format_of(bytes: &[u8]) -> Option<u64> {
    let text = std::str::from_utf8(bytes).ok()?;
    super::super::load::probe_format(text.strip_prefix('\u{feff}').unwrap_or(text))
}
