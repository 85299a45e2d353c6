//! Whether the app holding a map's lock has unsaved edits: a second small
//! file next to the lock, `.acme.ron.lock.state`, that the app rewrites
//! each time its answer changes (an edit made, saved, undone back to the
//! file, the file reloaded).
//!
//! `journeymap log` and `done` read it to tell "open with unsaved edits"
//! (not written behind the editor's back) from "open, nothing unsaved"
//! (written; the app reloads it). The lock file itself cannot say so:
//! older journeymap versions read it with unknown fields refused and would
//! take a lock with one more field for litter and remove it.
//!
//! The state names the very lock it belongs to (user, host, pid, since),
//! so a state left by a process that died, or written for an earlier lock,
//! never speaks for the lock there now. Anything but a state that matches
//! the live lock exactly (missing, unreadable, garbled, a FIFO, another
//! lock's) is "unknown", and the caller must assume unsaved edits: an
//! older journeymap never writes one.

use std::fs;
use std::io::{self, Write};
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use super::lock::{LOCK_TEMP_PREFIX, LockInfo, read_lock_info};
use super::regular_file::read_regular_file;

/// What the state file holds.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct LockState {
    /// The lock this state speaks for, as written in the lock file.
    lock: LockInfo,
    /// The holder has edits it has not saved.
    unsaved: bool,
}

/// What the holder of a lock says about its edits.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HolderEdits {
    /// Nothing unsaved: the file on disk is what the holder shows, and it
    /// reloads the file when it changes.
    AllSaved,
    /// Edits not saved yet.
    Unsaved,
    /// No word from this holder (no state, an unreadable one, or one that
    /// names another lock): assume unsaved edits.
    Unknown,
}

/// A state file is a hundred bytes or so; anything much larger is not one.
const MAX_STATE_BYTES: u64 = 64 * 1024;

/// The state file of the lock at `lock_path`: its name plus `.state`.
pub fn state_path(lock_path: &Path) -> PathBuf {
    let mut name = lock_path
        .file_name()
        .map(|n| n.to_os_string())
        .unwrap_or_default();
    name.push(".state");
    lock_path.with_file_name(name)
}

/// What `holder`, the live lock at `lock_path`, says about its edits.
pub fn holder_edits(lock_path: &Path, holder: &LockInfo) -> HolderEdits {
    // A lock of a process gone from this machine has no editor behind it
    // to ask; the caller takes such a lock over instead.
    if holder.is_stale() {
        return HolderEdits::Unknown;
    }
    match read_state(&state_path(lock_path)) {
        Some(state) if state.lock == *holder => {
            if state.unsaved {
                HolderEdits::Unsaved
            } else {
                HolderEdits::AllSaved
            }
        }
        _ => HolderEdits::Unknown,
    }
}

/// The state at `path`, if it is a regular file that holds one. Through
/// the one reader of files others may have put in place: a FIFO there is
/// not waited for, `/dev/zero` not read.
fn read_state(path: &Path) -> Option<LockState> {
    let (_, bytes) = read_regular_file(path, MAX_STATE_BYTES).ok()?;
    let text = std::str::from_utf8(&bytes).ok()?;
    ron::from_str(text).ok()
}

/// Writes the state of the lock `info` at `lock_path`, whole or not at all
/// (a temporary file renamed over it). Written only while the lock file
/// still holds `info`: a lock someone broke and took over is theirs to
/// speak for.
pub(super) fn write(lock_path: &Path, info: &LockInfo, unsaved: bool) -> io::Result<()> {
    if read_lock_info(lock_path)?.as_ref() != Some(info) {
        return Err(io::Error::other("the lock is no longer ours"));
    }
    let state = LockState {
        lock: info.clone(),
        unsaved,
    };
    let text = ron::to_string(&state).map_err(io::Error::other)?;
    let dir = match lock_path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    };
    // Named like the lock's own temporary file, so that what a killed
    // process leaves is cleared with it (`lock::create_exclusive`).
    let mut tmp = tempfile::Builder::new()
        .prefix(&format!("{LOCK_TEMP_PREFIX}{}.", std::process::id()))
        .suffix(".tmp")
        .tempfile_in(&dir)?;
    tmp.write_all(text.as_bytes())?;
    tmp.write_all(b"\n")?;
    tmp.persist(state_path(lock_path)).map_err(|e| e.error)?;
    Ok(())
}

/// Removes the state of the lock at `lock_path` when `owner` accepts what
/// it holds (`None`: not a readable state). A FIFO or folder there is not
/// journeymap's and stays.
pub(super) fn remove_if(lock_path: &Path, owner: impl Fn(Option<&LockInfo>) -> bool) {
    let path = state_path(lock_path);
    let Ok(meta) = fs::symlink_metadata(&path) else {
        return;
    };
    if !meta.is_file() {
        return;
    }
    let state = read_state(&path);
    if owner(state.as_ref().map(|s| &s.lock)) {
        let _ = fs::remove_file(&path);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::storage::lock::{self, Acquire, lock_path};
    use crate::storage::stale::tests::dead_pid;

    fn map_in(dir: &Path) -> PathBuf {
        let path = dir.join("acme.ron");
        fs::write(&path, "(format: 1)").unwrap();
        path
    }

    /// Another journeymap on this machine holds the lock (pid 1 runs).
    fn lock_of_another(map: &Path) -> LockInfo {
        let info = LockInfo {
            pid: 1,
            ..LockInfo::current("Dana")
        };
        fs::write(lock_path(map), ron::to_string(&info).unwrap()).unwrap();
        info
    }

    fn put_state(map: &Path, lock: &LockInfo, unsaved: bool) {
        let state = LockState {
            lock: lock.clone(),
            unsaved,
        };
        fs::write(state_path(&lock_path(map)), ron::to_string(&state).unwrap()).unwrap();
    }

    #[test]
    fn the_state_sits_next_to_the_lock() {
        assert_eq!(
            state_path(Path::new("maps/.acme.ron.lock")),
            PathBuf::from("maps/.acme.ron.lock.state")
        );
    }

    #[test]
    fn the_holders_word_is_read_when_it_names_the_live_lock() {
        let dir = tempfile::tempdir().unwrap();
        let map = map_in(dir.path());
        let dana = lock_of_another(&map);
        let lock = lock_path(&map);
        assert_eq!(holder_edits(&lock, &dana), HolderEdits::Unknown);
        put_state(&map, &dana, false);
        assert_eq!(holder_edits(&lock, &dana), HolderEdits::AllSaved);
        put_state(&map, &dana, true);
        assert_eq!(holder_edits(&lock, &dana), HolderEdits::Unsaved);
    }

    #[test]
    fn a_state_of_another_lock_says_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let map = map_in(dir.path());
        let dana = lock_of_another(&map);
        let lock = lock_path(&map);
        // An earlier lock of the same process: another `since`.
        let earlier = LockInfo {
            since: dana.since - jiff::SignedDuration::from_secs(60),
            ..dana.clone()
        };
        // Another process, another machine, another user.
        let others = [
            earlier,
            LockInfo {
                pid: 2,
                ..dana.clone()
            },
            LockInfo {
                host: "elsewhere-not-this-host".into(),
                ..dana.clone()
            },
            LockInfo {
                user: "Lee".into(),
                ..dana.clone()
            },
        ];
        for other in others {
            put_state(&map, &other, false);
            assert_eq!(
                holder_edits(&lock, &dana),
                HolderEdits::Unknown,
                "{other:?}"
            );
        }
    }

    #[test]
    fn a_state_of_a_process_that_is_gone_says_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let map = map_in(dir.path());
        let ghost = LockInfo {
            pid: dead_pid(),
            ..LockInfo::current("Ghost")
        };
        fs::write(lock_path(&map), ron::to_string(&ghost).unwrap()).unwrap();
        put_state(&map, &ghost, false);
        assert_eq!(holder_edits(&lock_path(&map), &ghost), HolderEdits::Unknown);
    }

    #[test]
    fn a_holder_on_another_machine_is_taken_at_its_word() {
        // Its process cannot be looked at from here; its lock counts as
        // alive, and so does what it says of its edits.
        let dir = tempfile::tempdir().unwrap();
        let map = map_in(dir.path());
        let lena = LockInfo {
            host: "elsewhere-not-this-host".into(),
            pid: dead_pid(),
            ..LockInfo::current("Lena")
        };
        fs::write(lock_path(&map), ron::to_string(&lena).unwrap()).unwrap();
        put_state(&map, &lena, false);
        assert_eq!(holder_edits(&lock_path(&map), &lena), HolderEdits::AllSaved);
    }

    #[test]
    fn garbage_an_unknown_field_or_a_huge_file_says_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let map = map_in(dir.path());
        let dana = lock_of_another(&map);
        let lock = lock_path(&map);
        let state = state_path(&lock);
        let good = ron::to_string(&LockState {
            lock: dana.clone(),
            unsaved: false,
        })
        .unwrap();
        let texts = [
            "not a state".to_string(),
            String::new(),
            good.replacen("unsaved:", "later: 1, unsaved:", 1),
            good[..good.len() / 2].to_string(),
        ];
        for text in texts {
            fs::write(&state, &text).unwrap();
            assert_eq!(holder_edits(&lock, &dana), HolderEdits::Unknown, "{text}");
        }
        fs::write(&state, [0xff, 0xfe]).unwrap();
        assert_eq!(holder_edits(&lock, &dana), HolderEdits::Unknown);
        let file = fs::File::create(&state).unwrap();
        file.set_len(MAX_STATE_BYTES + 1).unwrap();
        assert_eq!(holder_edits(&lock, &dana), HolderEdits::Unknown);
        fs::remove_file(&state).unwrap();
        fs::create_dir(&state).unwrap();
        assert_eq!(holder_edits(&lock, &dana), HolderEdits::Unknown);
    }

    #[cfg(unix)]
    #[test]
    fn a_fifo_as_the_state_is_not_waited_for_and_stays() {
        use crate::storage::regular_file::tests::{make_fifo, within_seconds};
        use std::os::unix::fs::FileTypeExt;
        let dir = tempfile::tempdir().unwrap();
        let map = map_in(dir.path());
        let dana = lock_of_another(&map);
        let lock = lock_path(&map);
        let fifo = state_path(&lock);
        make_fifo(&fifo);
        let (l, d) = (lock.clone(), dana.clone());
        let edits = within_seconds(&fifo, move || holder_edits(&l, &d));
        assert_eq!(edits, HolderEdits::Unknown);
        remove_if(&lock, |_| true);
        assert!(fs::symlink_metadata(&fifo).unwrap().file_type().is_fifo());
    }

    #[test]
    fn the_holder_writes_its_state_and_releasing_the_lock_removes_it() {
        let dir = tempfile::tempdir().unwrap();
        let map = map_in(dir.path());
        let Acquire::Acquired(mine) = lock::acquire(&map, "Dana").unwrap() else {
            panic!("expected the lock");
        };
        let lock = lock_path(&map);
        mine.tell_unsaved(true).unwrap();
        assert_eq!(holder_edits(&lock, mine.info()), HolderEdits::Unsaved);
        mine.tell_unsaved(false).unwrap();
        assert_eq!(holder_edits(&lock, mine.info()), HolderEdits::AllSaved);
        mine.release().unwrap();
        assert!(!state_path(&lock).exists());
        // Nothing else is left: no temporary file.
        let names: Vec<_> = fs::read_dir(dir.path()).unwrap().collect();
        assert_eq!(names.len(), 1);
    }

    #[test]
    fn a_broken_and_taken_over_lock_is_not_spoken_for() {
        let dir = tempfile::tempdir().unwrap();
        let map = map_in(dir.path());
        let Acquire::Acquired(mine) = lock::acquire(&map, "Dana").unwrap() else {
            panic!("expected the lock");
        };
        mine.tell_unsaved(false).unwrap();
        // Someone broke our lock and took it over, with their own state.
        let lena = LockInfo {
            host: "elsewhere-not-this-host".into(),
            ..LockInfo::current("Lena")
        };
        fs::write(lock_path(&map), ron::to_string(&lena).unwrap()).unwrap();
        put_state(&map, &lena, true);
        assert!(mine.tell_unsaved(false).is_err());
        mine.release().unwrap();
        let lock = lock_path(&map);
        assert_eq!(holder_edits(&lock, &lena), HolderEdits::Unsaved);
    }

    #[test]
    fn taking_a_stale_lock_over_clears_its_state() {
        let dir = tempfile::tempdir().unwrap();
        let map = map_in(dir.path());
        let ghost = LockInfo {
            pid: dead_pid(),
            ..LockInfo::current("Ghost")
        };
        fs::write(lock_path(&map), ron::to_string(&ghost).unwrap()).unwrap();
        put_state(&map, &ghost, true);
        let Acquire::Acquired(mine) = lock::acquire(&map, "Dana").unwrap() else {
            panic!("a stale lock must not block");
        };
        assert!(!state_path(&lock_path(&map)).exists());
        mine.release().unwrap();
    }

    #[test]
    fn a_state_a_killed_process_was_writing_is_cleared_with_lock_litter() {
        use crate::storage::stale::{GRACE, tests::age};
        let dir = tempfile::tempdir().unwrap();
        let litter = dir
            .path()
            .join(format!("{LOCK_TEMP_PREFIX}{}.Zz99Yy.tmp", dead_pid()));
        fs::write(&litter, "(lock: (user: \"Gh").unwrap();
        age(&litter, GRACE + std::time::Duration::from_secs(60));
        // Anyone taking a lock in this folder sweeps it.
        let other = dir.path().join("other.ron");
        fs::write(&other, "(format: 1)").unwrap();
        let Acquire::Acquired(mine) = lock::acquire(&other, "Sam").unwrap() else {
            panic!("expected the lock");
        };
        assert!(!litter.exists());
        mine.release().unwrap();
    }
}
