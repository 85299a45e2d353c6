//! Putting a save's new file in place without replacing, unseen, a change
//! made since the check (`on_disk`) looked at the target.
//!
//! - A new file is linked in only where no file exists
//!   (`renameat2(RENAME_NOREPLACE)`, or `link`), so one created meanwhile
//!   is never replaced.
//! - An existing file is swapped with the new one in a single step
//!   (`renameat2(RENAME_EXCHANGE)`): the replaced file stays in hand under
//!   the temporary name and is compared with the bytes checked; if it is
//!   not them, someone saved in between and the swap is undone.
//! - Where a swap is not possible (not Linux, or a file system without
//!   it), the file is checked again just before an ordinary rename. A save
//!   by another program in the microseconds between that check and the
//!   rename can still be replaced: the one window left.
//! - A file with several hard links is rewritten in place, its new text
//!   first written and flushed to the temporary file, which stays until
//!   the rewrite is on disk (and lets `temp_files::sweep` finish a
//!   rewrite cut short).

use std::fs;
use std::io::{self, Read, Seek, Write};
use std::path::Path;

use tempfile::NamedTempFile;

use super::on_disk::{FileId, FileSeen, Found};
use super::{SaveErrorKind, SaveGuard, sync_dir};
use crate::storage::load::{MAX_FILE_BYTES, content_hash, read_limited};

/// A test's stand-in for another program, run on the target.
#[cfg(test)]
pub(super) type Hook = Box<dyn FnMut(&Path)>;

#[cfg(test)]
thread_local! {
    /// Runs between the check and the replacing step: lets tests make
    /// "someone else saves right now" happen deterministically.
    pub(super) static BEFORE_REPLACE: std::cell::RefCell<Option<Hook>> =
        std::cell::RefCell::new(None);
    /// Behave as on a system without `renameat2`.
    pub(super) static NO_RENAMEAT2: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

fn io_err(action: &'static str) -> impl FnOnce(io::Error) -> SaveErrorKind {
    move |error| SaveErrorKind::Io { action, error }
}

/// Replaces (or creates) `target` with the flushed temporary file `tmp`
/// holding `bytes`, as the check `found` allows.
pub(super) fn put_in_place(
    tmp: NamedTempFile,
    target: &Path,
    dir: &Path,
    bytes: &[u8],
    found: &Found,
    guard: SaveGuard,
) -> Result<(), SaveErrorKind> {
    #[cfg(test)]
    BEFORE_REPLACE.with(|hook| {
        if let Some(hook) = hook.borrow_mut().as_mut() {
            hook(target);
        }
    });
    match found {
        Found::Nothing => create(tmp, target, guard),
        Found::File(seen) if found.rewrite_in_place() => {
            rewrite_in_place(tmp, target, dir, bytes, seen)
        }
        Found::File(seen) => swap_in(tmp, target, seen),
    }
}

/// Where no file was: links the new one in, refusing if one appeared.
fn create(tmp: NamedTempFile, target: &Path, guard: SaveGuard) -> Result<(), SaveErrorKind> {
    let appeared = || match guard {
        SaveGuard::New => SaveErrorKind::Exists,
        _ => SaveErrorKind::ChangedOnDisk,
    };
    match rename2(tmp.path(), target, Rename2::NoReplace) {
        Ok(()) => {
            // The temporary name is gone; nothing is left to delete.
            let _ = tmp.into_temp_path().keep();
            return Ok(());
        }
        Err(e) if e.kind() == io::ErrorKind::AlreadyExists => return Err(appeared()),
        Err(e) if !unsupported(&e) => return Err(io_err("replace the file")(e)),
        Err(_) => {}
    }
    // A second name that fails if the target exists, then the temporary
    // one goes (dropping `tmp`).
    match fs::hard_link(tmp.path(), target) {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == io::ErrorKind::AlreadyExists => Err(appeared()),
        // No hard links here (some network or FAT file systems): a plain
        // rename, with the window between check and rename this leaves.
        Err(_) => tmp
            .persist(target)
            .map(|_| ())
            .map_err(|e| io_err("replace the file")(e.error)),
    }
}

/// Swaps the new file in for the one checked, and back if the one it
/// replaced is not the one checked.
fn swap_in(tmp: NamedTempFile, target: &Path, seen: &FileSeen) -> Result<(), SaveErrorKind> {
    match rename2(tmp.path(), target, Rename2::Exchange) {
        Ok(()) => {}
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Err(SaveErrorKind::Deleted),
        Err(e) if unsupported(&e) => return check_then_rename(tmp, target, seen),
        Err(e) => return Err(io_err("replace the file")(e)),
    }
    // The temporary name now holds what was at the target a moment ago.
    let replaced_is_checked = fs::symlink_metadata(tmp.path()).is_ok_and(|m| m.is_file())
        && read_limited(tmp.path()).is_ok_and(|old| content_hash(&old) == seen.hash);
    if replaced_is_checked {
        // Dropping `tmp` removes the old file.
        return Ok(());
    }
    // Someone saved between the check and the swap: theirs goes back.
    if let Err(e) = rename2(tmp.path(), target, Rename2::Exchange) {
        // Theirs is safe under the temporary name: keep it there.
        let _ = tmp.into_temp_path().keep();
        return Err(io_err("put back the file saved meanwhile")(e));
    }
    let ours_is_back = match (tmp.as_file().metadata(), fs::symlink_metadata(tmp.path())) {
        (Ok(ours), Ok(there)) => FileId::of(&ours) == FileId::of(&there),
        _ => false,
    };
    if !ours_is_back {
        // A third save landed meanwhile; what the temporary name holds
        // now is not ours to delete.
        let _ = tmp.into_temp_path().keep();
    }
    Err(SaveErrorKind::ChangedOnDisk)
}

/// Without a swap: the file is checked once more right before the rename.
fn check_then_rename(
    tmp: NamedTempFile,
    target: &Path,
    seen: &FileSeen,
) -> Result<(), SaveErrorKind> {
    match read_limited(target) {
        Ok(now) if content_hash(&now) == seen.hash => {}
        Ok(_) => return Err(SaveErrorKind::ChangedOnDisk),
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Err(SaveErrorKind::Deleted),
        Err(e) => return Err(io_err("read the file before saving")(e)),
    }
    tmp.persist(target)
        .map(|_| ())
        .map_err(|e| io_err("replace the file")(e.error))
}

/// Rewrites a file that has other names (hard links) in place, so that
/// they all see the new text. `tmp` already holds it, flushed: until the
/// rewrite is on disk it is the whole new text, whatever happens.
fn rewrite_in_place(
    tmp: NamedTempFile,
    target: &Path,
    dir: &Path,
    bytes: &[u8],
    seen: &FileSeen,
) -> Result<(), SaveErrorKind> {
    // The copy's name must be on disk before the map is cut.
    sync_dir(dir);
    let mut file = fs::OpenOptions::new()
        .read(true)
        .write(true)
        .open(target)
        .map_err(|e| match e.kind() {
            io::ErrorKind::NotFound => SaveErrorKind::Deleted,
            _ => io_err("open the file for writing")(e),
        })?;
    // The file open now must be the one checked, with the bytes checked.
    let id = file.metadata().map(|m| FileId::of(&m));
    if id.ok() != Some(seen.id) {
        return Err(SaveErrorKind::ChangedOnDisk);
    }
    let mut old = Vec::new();
    (&mut file)
        .take(MAX_FILE_BYTES + 1)
        .read_to_end(&mut old)
        .map_err(io_err("read the file before saving"))?;
    if content_hash(&old) != seen.hash {
        return Err(SaveErrorKind::ChangedOnDisk);
    }
    // Cut first, then write: a rewrite cut short leaves the start of the
    // copy, which the sweep recognises and finishes.
    if let Err(error) = overwrite(&mut file, bytes) {
        // The old text is in memory: put it back, so a failure (a full
        // disk) leaves the file as it was.
        if overwrite(&mut file, &old).is_ok() {
            return Err(SaveErrorKind::Io {
                action: "write the file",
                error,
            });
        }
        let copy = tmp
            .into_temp_path()
            .keep()
            .map_err(|e| io_err("keep the new text")(e.error))?;
        return Err(SaveErrorKind::InPlaceFailed { error, copy });
    }
    // On disk: the copy is no longer needed (dropping `tmp` removes it).
    Ok(())
}

fn overwrite(file: &mut fs::File, bytes: &[u8]) -> io::Result<()> {
    file.seek(io::SeekFrom::Start(0))?;
    file.set_len(0)?;
    file.write_all(bytes)?;
    file.sync_all()
}

#[derive(Clone, Copy)]
enum Rename2 {
    NoReplace,
    Exchange,
}

/// Whether `renameat2` (or the flag) is not available here.
fn unsupported(e: &io::Error) -> bool {
    matches!(
        e.raw_os_error(),
        Some(code) if code == libc::EINVAL || code == libc::ENOSYS || code == libc::EOPNOTSUPP
    )
}

/// `renameat2` with one of its flags. Called through `syscall` so that it
/// works whatever the C library's age; an old kernel says ENOSYS.
#[cfg(target_os = "linux")]
fn rename2(from: &Path, to: &Path, how: Rename2) -> io::Result<()> {
    use std::os::unix::ffi::OsStrExt;
    #[cfg(test)]
    if NO_RENAMEAT2.with(std::cell::Cell::get) {
        return Err(io::Error::from_raw_os_error(libc::ENOSYS));
    }
    let c = |p: &Path| {
        std::ffi::CString::new(p.as_os_str().as_bytes())
            .map_err(|e| io::Error::new(io::ErrorKind::InvalidInput, e))
    };
    let (from, to) = (c(from)?, c(to)?);
    let flags = match how {
        Rename2::NoReplace => libc::RENAME_NOREPLACE,
        Rename2::Exchange => libc::RENAME_EXCHANGE,
    };
    // SAFETY: two valid NUL-terminated paths, relative to the working
    // folder; the kernel only reads them.
    let rc = unsafe {
        libc::syscall(
            libc::SYS_renameat2,
            libc::AT_FDCWD,
            from.as_ptr(),
            libc::AT_FDCWD,
            to.as_ptr(),
            flags,
        )
    };
    if rc == 0 {
        Ok(())
    } else {
        Err(io::Error::last_os_error())
    }
}

#[cfg(not(target_os = "linux"))]
fn rename2(_from: &Path, _to: &Path, _how: Rename2) -> io::Result<()> {
    Err(io::Error::from_raw_os_error(libc::ENOSYS))
}
