//! Temporary files that a killed journeymap left behind.
//!
//! Every write goes to a temporary file first, removed when the write ends
//! or fails; only a process killed mid-write (`kill -9`, a power cut)
//! leaves one. Such files carry the id of the process that made them in
//! their name, so a later run can tell litter from a write in progress: a
//! file is stale once its process is gone. Because a folder may be shared
//! by several machines (a network home), where a process id means nothing,
//! a file must also have been left untouched for a while: no write takes
//! that long.

use std::fs;
use std::io;
use std::path::Path;
use std::time::{Duration, SystemTime};

use super::lock::process_alive;

/// How long a temporary file must have been untouched to count as left
/// behind, whatever its process id says.
pub const GRACE: Duration = Duration::from_secs(10 * 60);

/// Whether the temporary file at `path`, made by process `pid`, was left
/// behind: that process is not running here and the file has not been
/// modified for [`GRACE`]. Never true for this process's own files.
pub fn is_stale(path: &Path, pid: u32) -> bool {
    left_behind(path, pid).is_some_and(|meta| meta.is_file())
}

/// The metadata of `path` if its process `pid` is gone and it has been
/// untouched for [`GRACE`] (a symbolic link is judged itself, never
/// followed).
fn left_behind(path: &Path, pid: u32) -> Option<fs::Metadata> {
    if pid == std::process::id() || process_alive(pid) {
        return None;
    }
    let meta = fs::symlink_metadata(path).ok()?;
    let age = SystemTime::now()
        .duration_since(meta.modified().ok()?)
        .ok()?;
    (age >= GRACE).then_some(meta)
}

/// The process id in a temporary file name made as `{prefix}{pid}.…`,
/// e.g. `.journeymap-lock.4242.Ab12Cd.tmp` with the prefix
/// `.journeymap-lock.`.
pub fn pid_after(name: &str, prefix: &str) -> Option<u32> {
    let (digits, _) = name.strip_prefix(prefix)?.split_once('.')?;
    parse_pid(digits)
}

/// A process id written in decimal digits, nothing else.
pub fn parse_pid(digits: &str) -> Option<u32> {
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    digits.parse().ok()
}

/// Removes the stale temporary files of `dir`: those `pid_of` recognises
/// by name (giving their process id) and [`is_stale`] judges left behind.
/// Best effort: a file that cannot be removed stays for the next run.
/// Returns how many were removed.
pub fn remove_stale(dir: &Path, pid_of: impl Fn(&str) -> Option<u32>) -> io::Result<usize> {
    let mut removed = 0;
    for entry in fs::read_dir(dir)? {
        let Ok(entry) = entry else { continue };
        let name = entry.file_name();
        let Some(pid) = pid_of(&name.to_string_lossy()) else {
            continue;
        };
        let path = entry.path();
        if is_stale(&path, pid) && fs::remove_file(&path).is_ok() {
            removed += 1;
        }
    }
    Ok(removed)
}

/// Removes the stale temporary folders of `dir` (the copies of a revision
/// a killed app left), recognised as [`remove_stale`] recognises files.
/// Best effort, like it. Returns how many were removed.
pub fn remove_stale_folders(dir: &Path, pid_of: impl Fn(&str) -> Option<u32>) -> io::Result<usize> {
    let mut removed = 0;
    for entry in fs::read_dir(dir)? {
        let Ok(entry) = entry else { continue };
        let Some(pid) = pid_of(&entry.file_name().to_string_lossy()) else {
            continue;
        };
        let path = entry.path();
        let is_folder = left_behind(&path, pid).is_some_and(|meta| meta.is_dir());
        if is_folder && fs::remove_dir_all(&path).is_ok() {
            removed += 1;
        }
    }
    Ok(removed)
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// A pid that is certainly not running: a child that has exited and
    /// been reaped.
    pub(crate) fn dead_pid() -> u32 {
        let mut child = std::process::Command::new("true").spawn().unwrap();
        let pid = child.id();
        child.wait().unwrap();
        pid
    }

    /// Makes a file look untouched for longer than [`GRACE`] (or not).
    pub(crate) fn age(path: &Path, by: Duration) {
        let file = fs::File::options().write(true).open(path).unwrap();
        file.set_modified(SystemTime::now() - by).unwrap();
    }

    #[test]
    fn only_an_old_file_of_a_gone_process_is_stale() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("t.tmp");
        fs::write(&path, "half").unwrap();
        let dead = dead_pid();
        // Fresh: maybe a process of another machine sharing the folder.
        assert!(!is_stale(&path, dead));
        age(&path, GRACE + Duration::from_secs(1));
        assert!(is_stale(&path, dead));
        // A live process (pid 1 always runs) and this one: never.
        assert!(!is_stale(&path, 1));
        assert!(!is_stale(&path, std::process::id()));
        // Never a folder.
        let sub = dir.path().join("sub");
        fs::create_dir(&sub).unwrap();
        assert!(!is_stale(&sub, dead));
    }

    #[test]
    fn only_old_folders_of_gone_processes_are_removed() {
        let tmp = tempfile::tempdir().unwrap();
        let dead = dead_pid();
        let folder = |name: &str, old: bool| {
            let path = tmp.path().join(name);
            fs::create_dir(&path).unwrap();
            fs::write(path.join("m.ron"), "x").unwrap();
            if old {
                let dir = fs::File::open(&path).unwrap();
                dir.set_modified(SystemTime::now() - GRACE - Duration::from_secs(1))
                    .unwrap();
            }
            path
        };
        let gone = folder(&format!("jm-{dead}.abc1234-x"), true);
        let fresh = folder(&format!("jm-{dead}.abc1234-y"), false);
        let live = folder("jm-1.abc1234-z", true);
        let ours = folder(&format!("jm-{}.abc1234-w", std::process::id()), true);
        let other = folder("unrelated", true);
        fs::write(tmp.path().join(format!("jm-{dead}.file")), "a file").unwrap();
        let pid_of = |name: &str| pid_after(name, "jm-");
        assert_eq!(remove_stale_folders(tmp.path(), pid_of).unwrap(), 1);
        assert!(!gone.exists());
        for kept in [&fresh, &live, &ours, &other] {
            assert!(kept.exists(), "{} was removed", kept.display());
        }
        assert!(tmp.path().join(format!("jm-{dead}.file")).exists());
    }

    #[test]
    fn the_pid_is_read_from_the_name() {
        let prefix = ".journeymap-lock.";
        assert_eq!(
            pid_after(".journeymap-lock.4242.Ab12.tmp", prefix),
            Some(4242)
        );
        assert_eq!(pid_after(".journeymap-lock.Ab12.tmp", prefix), None);
        assert_eq!(pid_after(".journeymap-lock.4242", prefix), None);
        assert_eq!(pid_after(".acme.ron.4242.x.tmp", prefix), None);
    }

    #[test]
    fn remove_stale_removes_only_recognised_stale_files() {
        let dir = tempfile::tempdir().unwrap();
        let old = GRACE + Duration::from_secs(60);
        let dead = dead_pid();
        let litter = dir.path().join(format!(".t.{dead}.a.tmp"));
        let live = dir.path().join(".t.1.b.tmp");
        let unnamed = dir.path().join(".t.c.tmp");
        for path in [&litter, &live, &unnamed] {
            fs::write(path, "x").unwrap();
            age(path, old);
        }
        let removed = remove_stale(dir.path(), |name| pid_after(name, ".t.")).unwrap();
        assert_eq!(removed, 1);
        assert!(!litter.exists());
        assert!(live.exists() && unnamed.exists());
    }
}
