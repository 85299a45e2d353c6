//! The temporary files of a save, named so that journeymap can tell its
//! own from anyone else's, and the sweep that removes those a killed save
//! left behind.
//!
//! A save writes `.acme.ron.journeymap-4242-laptop.Ab3dE9.tmp` next to the
//! map: the map's name, then the process id and the machine, then random
//! letters. A copy kept while a hard-linked file is rewritten in place is
//! `.acme.ron.journeymap-inplace-4242-laptop.Ab3dE9.tmp`. Such a file is
//! stale once its process is gone from this machine, or, whatever machine
//! wrote it (a shared folder), once it is an hour old: no save takes that
//! long. Stale files are removed when a map of the folder is loaded or
//! saved; an in-place rewrite that was cut short is finished first.

use std::collections::HashSet;
use std::fs;
use std::io::{self, Read, Write};
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::time::{Duration, SystemTime};

use tempfile::NamedTempFile;

use crate::storage::lock::{hostname, process_alive};

/// What every journeymap temporary file has after the map's name.
const MARK: &str = ".journeymap-";
/// After [`MARK`] in the copy kept during an in-place rewrite.
const IN_PLACE: &str = "inplace-";
const SUFFIX: &str = ".tmp";
const RANDOM_LEN: usize = 6;
/// A temporary file this old is stale whoever wrote it.
const STALE_AFTER: Duration = Duration::from_secs(60 * 60);
/// Longest file name most file systems accept, in bytes.
const NAME_MAX: usize = 255;

/// Creates the temporary file of a save of `name` in `dir`.
pub(super) fn create(dir: &Path, name: &str, in_place: bool) -> io::Result<NamedTempFile> {
    let prefix = prefix(name, in_place);
    tempfile::Builder::new()
        .prefix(&prefix)
        .suffix(SUFFIX)
        .rand_bytes(RANDOM_LEN)
        .tempfile_in(dir)
}

/// `.NAME.journeymap-[inplace-]PID-HOST.`, the map's name shortened (on a
/// character boundary) when the whole would be longer than a file name
/// may be.
fn prefix(name: &str, in_place: bool) -> String {
    let tail = format!(
        "{MARK}{}{}-{}.",
        if in_place { IN_PLACE } else { "" },
        std::process::id(),
        this_host()
    );
    let room = NAME_MAX.saturating_sub(1 + tail.len() + RANDOM_LEN + SUFFIX.len());
    let mut cut = name.len().min(room);
    while !name.is_char_boundary(cut) {
        cut -= 1;
    }
    format!(".{}{tail}", &name[..cut])
}

/// This machine's name as it goes into a file name: letters, digits, `-`
/// and `.` only, at most 64 bytes.
fn this_host() -> String {
    host_for_name(&hostname())
}

fn host_for_name(host: &str) -> String {
    host.chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' || c == '.' {
                c
            } else {
                '_'
            }
        })
        .take(64)
        .collect()
}

/// A file name read back as one of ours.
#[derive(Debug, PartialEq, Eq)]
struct TempName {
    /// The name of the file being saved (maybe shortened).
    target: String,
    in_place: bool,
    pid: u32,
    host: String,
}

fn parse(file_name: &str) -> Option<TempName> {
    let rest = file_name.strip_prefix('.')?.strip_suffix(SUFFIX)?;
    let at = rest.rfind(MARK)?;
    let target = &rest[..at];
    let rest = &rest[at + MARK.len()..];
    let (in_place, rest) = match rest.strip_prefix(IN_PLACE) {
        Some(rest) => (true, rest),
        None => (false, rest),
    };
    let (pid, rest) = rest.split_once('-')?;
    let (host, random) = rest.rsplit_once('.')?;
    let ok = !target.is_empty()
        && !pid.is_empty()
        && pid.bytes().all(|b| b.is_ascii_digit())
        && !host.is_empty()
        && random.len() == RANDOM_LEN
        && random.bytes().all(|b| b.is_ascii_alphanumeric());
    if !ok {
        return None;
    }
    Some(TempName {
        target: target.to_string(),
        in_place,
        pid: pid.parse().ok()?,
        host: host.to_string(),
    })
}

/// Whether the process that wrote this file is certainly done with it.
fn is_stale(name: &TempName, modified: Option<SystemTime>, now: SystemTime) -> bool {
    let old = modified
        .and_then(|m| now.duration_since(m).ok())
        .is_some_and(|age| age >= STALE_AFTER);
    let gone =
        name.host == this_host() && name.pid != std::process::id() && !process_alive(name.pid);
    old || gone
}

/// Removes the stale temporary files of journeymap's saves in `dir`, and
/// no other file. Best effort: a folder that cannot be read, or a file
/// that cannot be removed, is left for a later sweep.
pub fn sweep(dir: &Path) {
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    let now = SystemTime::now();
    for entry in entries.flatten() {
        let file_name = entry.file_name();
        let Some(name) = file_name.to_str().and_then(parse) else {
            continue;
        };
        // Never follow a link: only our own regular files are touched.
        let Ok(meta) = fs::symlink_metadata(entry.path()) else {
            continue;
        };
        if !meta.is_file() || !is_stale(&name, meta.modified().ok(), now) {
            continue;
        }
        let path = entry.path();
        if name.in_place && finish_in_place(&dir.join(&name.target), &path).is_err() {
            // The map may be incomplete and this copy the only whole text:
            // kept, for the next sweep or for someone to look at.
            continue;
        }
        let _ = fs::remove_file(&path);
    }
}

/// [`sweep`], at most once per folder in this process: loading the maps
/// of a folder one by one must not read the folder once per map.
pub fn sweep_once(dir: &Path) {
    static SWEPT: Mutex<Option<HashSet<PathBuf>>> = Mutex::new(None);
    let first = match SWEPT.lock() {
        Ok(mut swept) => swept
            .get_or_insert_with(HashSet::new)
            .insert(dir.to_path_buf()),
        Err(_) => false,
    };
    if first {
        sweep(dir);
    }
}

/// An in-place rewrite truncates the map and writes the new text from the
/// start; killed on the way, it leaves the map holding the beginning of
/// `copy`. Then the rewrite is finished from the copy, in place (keeping
/// the hard links). A map that is anything else (the old text: the
/// rewrite never began; the new one; someone's later save) is left alone.
/// An error means the map could not be checked or finished.
fn finish_in_place(map: &Path, copy: &Path) -> io::Result<()> {
    // The map gone (or its name shortened in the copy's): nothing to
    // finish, but the copy is kept rather than guessed about.
    let meta = fs::symlink_metadata(map)?;
    if !meta.is_file() {
        return Ok(());
    }
    let new = fs::read(copy)?;
    if meta.len() >= new.len() as u64 {
        return Ok(());
    }
    let mut file = fs::OpenOptions::new().read(true).write(true).open(map)?;
    let mut now = Vec::new();
    file.read_to_end(&mut now)?;
    if !new.starts_with(&now) {
        return Ok(());
    }
    use std::io::Seek;
    file.seek(io::SeekFrom::Start(0))?;
    file.set_len(0)?;
    file.write_all(&new)?;
    file.sync_all()
}

/// This machine's name as temporary file names carry it, for the save
/// tests that plant a killed save's file.
#[cfg(test)]
pub(super) fn tests_host() -> String {
    this_host()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_say_whose_they_are_and_read_back() {
        let p = prefix("acme.ron", false);
        let name = format!("{p}Ab3dE9{SUFFIX}");
        assert_eq!(
            parse(&name),
            Some(TempName {
                target: "acme.ron".into(),
                in_place: false,
                pid: std::process::id(),
                host: this_host(),
            })
        );
        let copy = format!("{}Zz0000{SUFFIX}", prefix("a.b-c.ron", true));
        let parsed = parse(&copy).unwrap();
        assert!(parsed.in_place);
        assert_eq!(parsed.target, "a.b-c.ron");
    }

    #[test]
    fn other_names_are_not_ours() {
        for name in [
            ".acme.ron.Ab3dE9.tmp",
            "acme.ron",
            ".acme.ron.lock",
            ".acme.ron.journeymap-12-host.Ab3dE9",
            ".acme.ron.journeymap-x1-host.Ab3dE9.tmp",
            ".acme.ron.journeymap-12-host.Ab3.tmp",
            ".journeymap-12-host.Ab3dE9.tmp",
        ] {
            assert_eq!(parse(name), None, "{name}");
        }
    }

    #[test]
    fn a_long_name_is_shortened_to_fit() {
        let long = "é".repeat(200);
        let p = prefix(&long, true);
        assert!(p.len() + RANDOM_LEN + SUFFIX.len() <= NAME_MAX);
        assert!(parse(&format!("{p}Ab3dE9{SUFFIX}")).is_some());
    }

    #[test]
    fn hosts_with_odd_characters_are_kept_plain() {
        assert_eq!(host_for_name("lap top/1"), "lap_top_1");
    }

    #[test]
    fn staleness_is_a_gone_process_here_or_an_hour_anywhere() {
        let now = SystemTime::now();
        let recent = Some(now);
        let name = |pid, host: &str| TempName {
            target: "acme.ron".into(),
            in_place: false,
            pid,
            host: host.into(),
        };
        let mut child = std::process::Command::new("true").spawn().unwrap();
        let dead = child.id();
        child.wait().unwrap();
        assert!(is_stale(&name(dead, &this_host()), recent, now));
        assert!(!is_stale(
            &name(std::process::id(), &this_host()),
            recent,
            now
        ));
        // Another machine's process cannot be asked: only age tells.
        assert!(!is_stale(&name(dead, "elsewhere"), recent, now));
        let old = Some(now - STALE_AFTER);
        assert!(is_stale(&name(dead, "elsewhere"), old, now));
        assert!(is_stale(&name(std::process::id(), &this_host()), old, now));
    }
}
