//! Presence: a small sidecar file next to a map (`.acme.ron.lock`) that
//! says who has it open for editing, so a teammate who opens the same map
//! is told before two people edit it at once.
//!
//! The lock is advisory: it never stops a save (the content hash guard in
//! `save` does that); it only lets the app say "also being edited by Dana
//! on laptop since 10:42" and offer read-only. The map file itself is never
//! touched here.

use std::fs;
use std::io::{self, Write};
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use super::lock_state;
use super::regular_file::{over_limit, read_regular_file};
use super::save::resolve_links;
use super::stale;

/// What a lock file holds.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LockInfo {
    pub user: String,
    pub host: String,
    pub pid: u32,
    pub since: jiff::Timestamp,
}

impl LockInfo {
    /// A lock for this process, now.
    pub fn current(user: &str) -> Self {
        LockInfo {
            user: user.to_string(),
            host: hostname(),
            pid: std::process::id(),
            since: jiff::Timestamp::now(),
        }
    }

    /// The lock's time in the local time zone, to the minute.
    pub fn since_words(&self) -> String {
        self.since
            .to_zoned(jiff::tz::TimeZone::system())
            .strftime("%Y-%m-%d %H:%M")
            .to_string()
    }

    /// "Dana on laptop since 2026-11-23 10:42".
    pub fn describe(&self) -> String {
        format!(
            "{} on {} since {}",
            self.user,
            self.host,
            self.since_words()
        )
    }

    /// Whether the process that wrote the lock is known to be gone: it ran
    /// on this host and no process has its id any more. A lock from another
    /// host is always taken as alive, since we cannot look there.
    pub fn is_stale(&self) -> bool {
        self.host == hostname() && !process_alive(self.pid)
    }

    /// Whether the lock was written by this very process. One journeymap
    /// process edits a map through one view, so its own lock (left by an
    /// earlier view of the same map, or another app instance in a test)
    /// is never "someone else".
    pub fn is_this_process(&self) -> bool {
        self.host == hostname() && self.pid == std::process::id()
    }
}

/// Someone else's lock found on a map.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Holder {
    /// A live lock: someone is editing the map.
    Alive(LockInfo),
    /// A lock left by a process that is gone (crash, kill -9): ignored.
    Stale(LockInfo),
    /// A lock file that cannot be understood: treated as stale.
    Unreadable,
}

/// The lock file of a map: `.NAME.lock` next to the file the map path
/// finally names (so two links to one file share one lock).
pub fn lock_path(map: &Path) -> PathBuf {
    let target = resolve_links(map).unwrap_or_else(|_| map.to_path_buf());
    let name = target
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "map".into());
    target.with_file_name(format!(".{name}.lock"))
}

/// Whether a path is a lock file (the watcher ignores them).
pub fn is_lock_file(path: &Path) -> bool {
    path.file_name().is_some_and(|n| {
        let n = n.to_string_lossy();
        n.starts_with('.') && n.ends_with(".lock")
    })
}

/// Who holds the lock of a map, if anyone.
pub fn inspect(map: &Path) -> io::Result<Option<Holder>> {
    read_holder(&lock_path(map))
}

fn read_holder(path: &Path) -> io::Result<Option<Holder>> {
    Ok(match read_lock(path)? {
        LockFile::Missing => None,
        LockFile::Garbled => Some(Holder::Unreadable),
        LockFile::Lock(info) if info.is_stale() => Some(Holder::Stale(info)),
        LockFile::Lock(info) => Some(Holder::Alive(info)),
    })
}

/// A lock file is a few dozen bytes; anything much larger is not one.
const MAX_LOCK_BYTES: u64 = 64 * 1024;

/// What is at a lock file's path.
enum LockFile {
    Missing,
    /// A regular file that does not hold a lock: treated as stale.
    Garbled,
    Lock(LockInfo),
}

/// Reads the lock file at `path`. A FIFO, device or folder there is an
/// error, not a lock to ignore or remove: it is not journeymap's, and
/// reading it could block or never end.
fn read_lock(path: &Path) -> io::Result<LockFile> {
    let bytes = match read_regular_file(path, MAX_LOCK_BYTES) {
        Ok((_, bytes)) => bytes,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(LockFile::Missing),
        Err(e) if over_limit(&e).is_some() => return Ok(LockFile::Garbled),
        Err(e) => return Err(e),
    };
    let info = std::str::from_utf8(&bytes)
        .ok()
        .and_then(|text| ron::from_str::<LockInfo>(text).ok());
    Ok(info.map_or(LockFile::Garbled, LockFile::Lock))
}

/// The lock at `path`, if a readable one is there.
pub(super) fn read_lock_info(path: &Path) -> io::Result<Option<LockInfo>> {
    Ok(match read_lock(path)? {
        LockFile::Lock(info) => Some(info),
        LockFile::Missing | LockFile::Garbled => None,
    })
}

/// The result of trying to take a map's lock.
#[derive(Debug)]
pub enum Acquire {
    /// The lock is ours until released (or dropped).
    Acquired(MapLock),
    /// Someone else is editing the map.
    Held(LockInfo),
}

/// Takes the lock of a map for `user`, replacing a stale or unreadable
/// one. Fails with an I/O error when the lock file cannot be written (a
/// read-only folder, for one): the caller may go on without a lock.
pub fn acquire(map: &Path, user: &str) -> io::Result<Acquire> {
    let path = lock_path(map);
    let info = LockInfo::current(user);
    // Two rounds: the second after clearing a stale lock.
    for _ in 0..2 {
        match create_exclusive(&path, &info) {
            Ok(()) => {
                // A state file there spoke for an earlier lock (of a
                // process gone, or an older view of ours): not for this one.
                lock_state::remove_if(&path, |_| true);
                return Ok(Acquire::Acquired(MapLock { path, info }));
            }
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists => {}
            Err(e) => return Err(e),
        }
        match read_holder(&path)? {
            // Vanished in between: try again.
            None => {}
            Some(Holder::Alive(other)) if !other.is_this_process() => {
                return Ok(Acquire::Held(other));
            }
            // Ours: taken over by the new view.
            Some(Holder::Alive(ours)) => remove_if(&path, |found| found == Some(&ours))?,
            // Only what we judged stale is removed: if another instance
            // replaced it meanwhile, its fresh lock stays.
            Some(Holder::Stale(stale)) => remove_if(&path, |found| found == Some(&stale))?,
            Some(Holder::Unreadable) => remove_if(&path, |found| found.is_none())?,
        }
    }
    match read_holder(&path)? {
        Some(Holder::Alive(other)) => Ok(Acquire::Held(other)),
        _ => Err(io::Error::other(
            "the lock file keeps changing; another journeymap is starting",
        )),
    }
}

/// The start of the name of the temporary file a lock is made in:
/// `.journeymap-lock.<pid>.<random>.tmp`.
pub(super) const LOCK_TEMP_PREFIX: &str = ".journeymap-lock.";

/// The process id in the name of a lock's temporary file.
fn lock_temp_pid(name: &str) -> Option<u32> {
    stale::pid_after(name, LOCK_TEMP_PREFIX).filter(|_| name.ends_with(".tmp"))
}

/// Creates the lock file with its full content in one step: the text goes
/// to a temporary file that is then hard-linked to the lock's name, which
/// fails if the name exists. Nobody ever reads a half-written lock.
fn create_exclusive(path: &Path, info: &LockInfo) -> io::Result<()> {
    let text = ron::to_string(info).map_err(io::Error::other)?;
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    };
    // Named with our pid, so what a killed instance left can be told from
    // another's lock being made right now, and cleared.
    let _ = stale::remove_stale(&dir, lock_temp_pid);
    let mut tmp = tempfile::Builder::new()
        .prefix(&format!("{LOCK_TEMP_PREFIX}{}.", std::process::id()))
        .suffix(".tmp")
        .tempfile_in(&dir)?;
    tmp.write_all(text.as_bytes())?;
    tmp.write_all(b"\n")?;
    match fs::hard_link(tmp.path(), path) {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == io::ErrorKind::AlreadyExists => Err(e),
        // File systems without hard links: exclusive create, then write.
        Err(_) => {
            let mut f = fs::OpenOptions::new()
                .write(true)
                .create_new(true)
                .open(path)?;
            f.write_all(text.as_bytes())?;
            f.write_all(b"\n")
        }
    }
    // `tmp` is removed when dropped.
}

/// Removes the lock file if `check` accepts what it holds (`None`: not a
/// readable lock).
fn remove_if(path: &Path, check: impl Fn(Option<&LockInfo>) -> bool) -> io::Result<()> {
    let info = match read_lock(path)? {
        LockFile::Missing => return Ok(()),
        LockFile::Garbled => None,
        LockFile::Lock(info) => Some(info),
    };
    if check(info.as_ref()) {
        match fs::remove_file(path) {
            Err(e) if e.kind() != io::ErrorKind::NotFound => return Err(e),
            _ => {}
        }
    }
    Ok(())
}

/// A lock this process holds. Released on drop; a lock file that no longer
/// holds our details (someone broke it and took it over) is left alone.
#[derive(Debug)]
pub struct MapLock {
    path: PathBuf,
    info: LockInfo,
}

impl MapLock {
    pub fn path(&self) -> &Path {
        &self.path
    }

    pub fn info(&self) -> &LockInfo {
        &self.info
    }

    /// Removes the lock file if it is still ours.
    pub fn release(self) -> io::Result<()> {
        let result = self.remove();
        std::mem::forget(self);
        result
    }

    /// Says next to the lock whether this holder has unsaved edits
    /// (`storage::lock_state`), for `journeymap log` and `done`. When that
    /// cannot be written, an older word of ours is removed rather than
    /// left to say something no longer true.
    pub fn tell_unsaved(&self, unsaved: bool) -> io::Result<()> {
        let written = lock_state::write(&self.path, &self.info, unsaved);
        if written.is_err() {
            lock_state::remove_if(&self.path, |found| found == Some(&self.info));
        }
        written
    }

    fn remove(&self) -> io::Result<()> {
        // The state first: a lock without one says "unknown", never
        // "nothing unsaved" for a lock that is gone.
        lock_state::remove_if(&self.path, |found| found == Some(&self.info));
        remove_if(&self.path, |found| found == Some(&self.info))
    }
}

impl Drop for MapLock {
    fn drop(&mut self) {
        let _ = self.remove();
    }
}

/// This machine's name, as other instances will see it.
pub fn hostname() -> String {
    let mut buf = [0u8; 256];
    // SAFETY: the buffer is valid for its length; gethostname writes at
    // most that many bytes.
    let rc = unsafe { libc::gethostname(buf.as_mut_ptr().cast(), buf.len()) };
    if rc != 0 {
        return "localhost".into();
    }
    let end = buf.iter().position(|&b| b == 0).unwrap_or(buf.len());
    let name = String::from_utf8_lossy(&buf[..end]).into_owned();
    if name.is_empty() {
        "localhost".into()
    } else {
        name
    }
}

/// Whether a process with this id exists on this machine.
pub fn process_alive(pid: u32) -> bool {
    let Ok(pid) = libc::pid_t::try_from(pid) else {
        return false;
    };
    if pid <= 0 {
        return false;
    }
    // SAFETY: signal 0 only checks that the process exists.
    if unsafe { libc::kill(pid, 0) } == 0 {
        return true;
    }
    // EPERM: it exists but belongs to someone else.
    io::Error::last_os_error().raw_os_error() == Some(libc::EPERM)
}

#[cfg(test)]
mod tests {
    use super::*;
    #[cfg(unix)]
    use std::os::unix::fs::FileTypeExt;

    fn map_in(dir: &Path) -> PathBuf {
        let path = dir.join("acme.ron");
        fs::write(&path, "(format: 1)").unwrap();
        path
    }

    /// A pid that is certainly not running: a child that has exited and
    /// been reaped.
    fn dead_pid() -> u32 {
        let mut child = std::process::Command::new("true").spawn().unwrap();
        let pid = child.id();
        child.wait().unwrap();
        pid
    }

    #[test]
    fn lock_file_sits_next_to_the_map_and_is_hidden() {
        assert_eq!(
            lock_path(Path::new("maps/acme.ron")),
            PathBuf::from("maps/.acme.ron.lock")
        );
        assert!(is_lock_file(Path::new("maps/.acme.ron.lock")));
        assert!(!is_lock_file(Path::new("maps/acme.ron")));
    }

    #[test]
    fn acquire_writes_who_and_release_removes_it() {
        let dir = tempfile::tempdir().unwrap();
        let map = map_in(dir.path());
        let before = fs::read(&map).unwrap();
        let Acquire::Acquired(lock) = acquire(&map, "Dana").unwrap() else {
            panic!("expected the lock");
        };
        let text = fs::read_to_string(lock_path(&map)).unwrap();
        assert!(text.contains("\"Dana\""), "{text}");
        assert!(
            text.contains(&format!("pid:{}", std::process::id())),
            "{text}"
        );
        assert_eq!(fs::read(&map).unwrap(), before, "the map is never touched");
        lock.release().unwrap();
        assert!(!lock_path(&map).exists());
        // No temporary files left behind.
        let names: Vec<_> = fs::read_dir(dir.path()).unwrap().collect();
        assert_eq!(names.len(), 1);
    }

    /// The lock of another journeymap process on this host that is
    /// running (pid 1 always is).
    fn other_process(user: &str) -> LockInfo {
        LockInfo {
            pid: 1,
            ..LockInfo::current(user)
        }
    }

    #[test]
    fn a_second_process_sees_the_live_lock() {
        let dir = tempfile::tempdir().unwrap();
        let map = map_in(dir.path());
        let theirs = other_process("Dana");
        fs::write(lock_path(&map), ron::to_string(&theirs).unwrap()).unwrap();
        match acquire(&map, "Sam").unwrap() {
            Acquire::Held(info) => {
                assert_eq!(info, theirs);
                assert!(info.describe().starts_with("Dana on "));
            }
            Acquire::Acquired(_) => panic!("two holders of one lock"),
        }
        assert!(matches!(inspect(&map).unwrap(), Some(Holder::Alive(_))));
    }

    #[test]
    fn a_second_view_in_the_same_process_takes_the_lock_over() {
        let dir = tempfile::tempdir().unwrap();
        let map = map_in(dir.path());
        let Acquire::Acquired(first) = acquire(&map, "Dana").unwrap() else {
            panic!("expected the lock");
        };
        let Acquire::Acquired(second) = acquire(&map, "Dana").unwrap() else {
            panic!("our own lock is not someone else's");
        };
        // The first no longer owns the file: it leaves it alone.
        drop(first);
        assert!(lock_path(&map).exists());
        drop(second);
        assert_eq!(inspect(&map).unwrap(), None);
    }

    #[test]
    fn a_stale_lock_of_a_dead_process_is_replaced() {
        let dir = tempfile::tempdir().unwrap();
        let map = map_in(dir.path());
        let stale = LockInfo {
            pid: dead_pid(),
            ..LockInfo::current("Ghost")
        };
        assert!(stale.is_stale());
        fs::write(lock_path(&map), ron::to_string(&stale).unwrap()).unwrap();
        assert!(matches!(inspect(&map).unwrap(), Some(Holder::Stale(_))));
        let Acquire::Acquired(lock) = acquire(&map, "Dana").unwrap() else {
            panic!("a stale lock must not block");
        };
        assert_eq!(lock.info().user, "Dana");
    }

    #[test]
    fn a_lock_from_another_host_is_taken_as_alive() {
        let dir = tempfile::tempdir().unwrap();
        let map = map_in(dir.path());
        let other = LockInfo {
            host: "elsewhere-not-this-host".into(),
            pid: dead_pid(),
            ..LockInfo::current("Lena")
        };
        fs::write(lock_path(&map), ron::to_string(&other).unwrap()).unwrap();
        assert!(matches!(acquire(&map, "Dana").unwrap(), Acquire::Held(i) if i.user == "Lena"));
    }

    #[test]
    fn an_unreadable_lock_does_not_block() {
        let dir = tempfile::tempdir().unwrap();
        let map = map_in(dir.path());
        fs::write(lock_path(&map), "not a lock").unwrap();
        assert!(matches!(
            acquire(&map, "Dana").unwrap(),
            Acquire::Acquired(_)
        ));
    }

    #[test]
    fn someone_elses_lock_is_not_removed_on_release() {
        let dir = tempfile::tempdir().unwrap();
        let map = map_in(dir.path());
        let Acquire::Acquired(mine) = acquire(&map, "Dana").unwrap() else {
            panic!("expected the lock");
        };
        // Someone broke our lock and took it over.
        let theirs = LockInfo {
            host: "elsewhere-not-this-host".into(),
            ..LockInfo::current("Lena")
        };
        fs::write(lock_path(&map), ron::to_string(&theirs).unwrap()).unwrap();
        mine.release().unwrap();
        assert!(lock_path(&map).exists());
    }

    #[test]
    fn an_unwritable_folder_is_an_error_not_a_panic() {
        let dir = tempfile::tempdir().unwrap();
        // The map's "folder" is a regular file: nothing can be created in it.
        let file = dir.path().join("not-a-folder");
        fs::write(&file, "").unwrap();
        assert!(acquire(&file.join("acme.ron"), "Dana").is_err());
    }

    #[cfg(unix)]
    #[test]
    fn a_fifo_as_the_lock_file_is_an_error_not_a_hang() {
        use crate::storage::regular_file::tests::{make_fifo, within_seconds};
        let dir = tempfile::tempdir().unwrap();
        let map = map_in(dir.path());
        let fifo = lock_path(&map);
        make_fifo(&fifo);
        let err = within_seconds(&fifo, move || acquire(&map, "Dana")).unwrap_err();
        assert_eq!(err.to_string(), "not a regular file (a FIFO); not read");
        // Not ours: left where it is.
        assert!(fs::symlink_metadata(&fifo).unwrap().file_type().is_fifo());
    }

    #[cfg(target_os = "linux")]
    #[test]
    fn an_endless_device_as_the_lock_file_is_refused_unread() {
        let dir = tempfile::tempdir().unwrap();
        let map = map_in(dir.path());
        std::os::unix::fs::symlink("/dev/zero", lock_path(&map)).unwrap();
        let err = acquire(&map, "Dana").unwrap_err();
        assert_eq!(
            err.to_string(),
            "not a regular file (a character device); not read"
        );
        assert!(inspect(&map).is_err());
    }

    #[test]
    fn a_huge_file_as_the_lock_is_unreadable_and_replaced() {
        let dir = tempfile::tempdir().unwrap();
        let map = map_in(dir.path());
        let file = fs::File::create(lock_path(&map)).unwrap();
        file.set_len(MAX_LOCK_BYTES + 1).unwrap();
        assert_eq!(inspect(&map).unwrap(), Some(Holder::Unreadable));
        assert!(matches!(
            acquire(&map, "Dana").unwrap(),
            Acquire::Acquired(_)
        ));
    }

    #[test]
    fn the_temporary_file_a_killed_instance_left_is_cleared() {
        use crate::storage::stale::{
            GRACE,
            tests::{age, dead_pid},
        };
        let dir = tempfile::tempdir().unwrap();
        let map = map_in(dir.path());
        let old = GRACE + std::time::Duration::from_secs(60);
        let litter = dir
            .path()
            .join(format!("{LOCK_TEMP_PREFIX}{}.Ab12Cd.tmp", dead_pid()));
        // Another instance making its lock right now (pid 1 runs).
        let live = dir.path().join(format!("{LOCK_TEMP_PREFIX}1.Ef34Gh.tmp"));
        for path in [&litter, &live] {
            fs::write(path, "(user: \"Gh").unwrap();
            age(path, old);
        }
        let Acquire::Acquired(lock) = acquire(&map, "Dana").unwrap() else {
            panic!("expected the lock");
        };
        assert!(!litter.exists(), "litter left");
        assert!(live.exists(), "a live instance's file removed");
        lock.release().unwrap();
    }

    #[test]
    fn process_liveness() {
        assert!(process_alive(std::process::id()));
        assert!(!process_alive(dead_pid()));
        assert!(!process_alive(0));
    }
}
