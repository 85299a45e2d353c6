//! Crash recovery: unsaved edits copied to the state folder every second or
//! so, so that a killed process or a dead machine loses at most a moment of
//! work. The next open of the map offers to restore them.
//!
//! One file per map and process, named after a hash of the map's canonical
//! path (two ways of naming one file share it) and the process id (two
//! instances editing one map do not overwrite each other's copy). It holds
//! that path, the hash of the file the edits started from, who wrote it,
//! and the edited map itself. Only files whose process is gone are offered
//! for recovery: a running instance's copy is its own business.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use super::canonical;
use super::folders;
use super::load::{MAX_FILE_BYTES, content_hash, io_words};
use super::lock::{hostname, process_alive};
use super::regular_file::read_regular_file;
use super::save::{SaveGuard, save_text};
use super::stale;
use crate::model::Map;

/// The version of the recovery file layout (not the map format).
const RECOVERY_FORMAT: u32 = 1;

/// A recovery file holds a map in the canonical layout, which may be
/// larger than the (compact) file it was read from: room for that.
const MAX_RECOVERY_BYTES: u64 = 4 * MAX_FILE_BYTES;

/// What a recovery file holds.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RecoveryFile {
    pub format: u32,
    /// The map file the edits belong to (canonical path).
    pub path: PathBuf,
    /// Hash of the file the edits started from; `None` for a map never
    /// saved.
    pub base_hash: Option<u64>,
    /// When the edits were written.
    pub written: jiff::Timestamp,
    /// The process that wrote them.
    pub host: String,
    pub pid: u32,
    /// The map with the unsaved edits.
    pub map: Map,
}

/// The recovery folder.
#[derive(Debug, Clone)]
pub struct Recovery {
    dir: PathBuf,
}

impl Default for Recovery {
    /// `recovery/` in the state folder (`JOURNEYMAP_STATE_DIR` overrides).
    fn default() -> Self {
        Recovery::new(folders::state_dir().join("recovery"))
    }
}

impl Recovery {
    pub fn new(dir: impl Into<PathBuf>) -> Self {
        Recovery { dir: dir.into() }
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// The recovery file this process writes for a map.
    pub fn file_for(&self, map_path: &Path) -> PathBuf {
        self.dir
            .join(format!("{}.{}.ron", prefix(map_path), std::process::id()))
    }

    /// Writes the unsaved edits of a map, atomically (a crash mid-write
    /// leaves the previous copy).
    pub fn write(&self, map_path: &Path, base_hash: Option<u64>, map: &Map) -> io::Result<()> {
        fs::create_dir_all(&self.dir)?;
        let text = recovery_text(map_path, base_hash, map)?;
        save_text(&self.file_for(map_path), text.as_bytes(), SaveGuard::Force)
            .map(|_| ())
            .map_err(|e| match e.kind {
                super::SaveErrorKind::Io { error, .. } => error,
                other => io::Error::other(format!("{other:?}")),
            })
    }

    /// Edits of a map left behind by processes that are gone (killed, or
    /// on a machine that died), newest first. A recovery file that cannot
    /// be read is an error (it is kept, never dropped quietly). Half-written
    /// temporary files that such processes left are removed on the way.
    pub fn find(&self, map_path: &Path) -> io::Result<Vec<Found>> {
        let prefix = format!("{}.", prefix(map_path));
        match stale::remove_stale(&self.dir, temp_pid) {
            Ok(_) => {}
            Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(Vec::new()),
            // The listing below says what is wrong with the folder.
            Err(_) => {}
        }
        let entries = fs::read_dir(&self.dir)?;
        let mut out = Vec::new();
        for entry in entries {
            let path = entry?.path();
            let name = path
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            if !name.starts_with(&prefix) || !name.ends_with(".ron") {
                continue;
            }
            let file = match read_file(&path) {
                // Removed since the listing (its writer saved or quit).
                Err(e) if e.kind() == io::ErrorKind::NotFound => continue,
                read => read?,
            };
            let ours = file.host == hostname() && file.pid == std::process::id();
            let alive = file.host == hostname() && process_alive(file.pid);
            if !ours && !alive {
                out.push(Found {
                    file: path,
                    recovered: file,
                });
            }
        }
        out.sort_by_key(|f| std::cmp::Reverse(f.recovered.written));
        Ok(out)
    }

    /// Removes this process's recovery file of a map (after a save).
    pub fn discard(&self, map_path: &Path) -> io::Result<()> {
        remove(&self.file_for(map_path))
    }
}

/// A recovery file left behind by a process that is gone.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Found {
    /// The recovery file itself (removed with [`Found::discard`]).
    pub file: PathBuf,
    pub recovered: RecoveryFile,
}

impl Found {
    /// Removes the recovery file (after the edits were restored and taken
    /// over, or discarded).
    pub fn discard(&self) -> io::Result<()> {
        remove(&self.file)
    }
}

fn remove(path: &Path) -> io::Result<()> {
    match fs::remove_file(path) {
        Err(e) if e.kind() != io::ErrorKind::NotFound => Err(e),
        _ => Ok(()),
    }
}

/// The text of a [`RecoveryFile`]: the small fields through ron, the map
/// in its canonical layout, which is RON as well and ten times faster to
/// write than ron's pretty printer (60 ms for a large map otherwise).
fn recovery_text(map_path: &Path, base_hash: Option<u64>, map: &Map) -> io::Result<String> {
    let header = [
        ("format", ron(&RECOVERY_FORMAT)?),
        ("path", ron(&canonical_key(map_path))?),
        ("base_hash", ron(&base_hash)?),
        ("written", ron(&jiff::Timestamp::now())?),
        ("host", ron(&hostname())?),
        ("pid", ron(&std::process::id())?),
    ];
    let map_text = canonical::to_string(map).map_err(io::Error::other)?;
    let mut text = String::with_capacity(map_text.len() + 256);
    text.push_str("(\n");
    for (name, value) in header {
        text.push_str("    ");
        text.push_str(name);
        text.push_str(": ");
        text.push_str(&value);
        text.push_str(",\n");
    }
    text.push_str("    map: ");
    text.push_str(map_text.trim_end());
    text.push_str(",\n)\n");
    Ok(text)
}

/// One header field as RON.
fn ron<T: Serialize>(value: &T) -> io::Result<String> {
    ron::to_string(value).map_err(io::Error::other)
}

/// The process id in the name of the temporary file a recovery write
/// makes (`save_text` names it `.{file name}.{random}.tmp`, so it starts
/// with `.acme-<hash>.<pid>.ron.`): `None` for any other name.
fn temp_pid(name: &str) -> Option<u32> {
    if !name.ends_with(".tmp") {
        return None;
    }
    let (recovery_name, _) = name.strip_prefix('.')?.split_once(".ron.")?;
    let (key, pid) = recovery_name.rsplit_once('.')?;
    let (_, hash) = key.rsplit_once('-')?;
    if hash.len() != 16 || !hash.bytes().all(|b| b.is_ascii_hexdigit()) {
        return None;
    }
    stale::parse_pid(pid)
}

fn read_file(path: &Path) -> io::Result<RecoveryFile> {
    // Never blocks on a FIFO or reads a device endlessly. The error names
    // the file (its words become the message: `io_words` keeps them).
    let (_, bytes) = read_regular_file(path, MAX_RECOVERY_BYTES).map_err(|e| match e.kind() {
        io::ErrorKind::NotFound => e,
        _ => io::Error::other(format!("{}: {}", path.display(), io_words(&e))),
    })?;
    let text = String::from_utf8(bytes).map_err(|_| {
        io::Error::new(
            io::ErrorKind::InvalidData,
            format!("{}: not a recovery file: not UTF-8 text", path.display()),
        )
    })?;
    let file: RecoveryFile = ron::from_str(&text).map_err(|e| {
        io::Error::new(
            io::ErrorKind::InvalidData,
            format!("{}: not a recovery file: {e}", path.display()),
        )
    })?;
    if file.format != RECOVERY_FORMAT {
        return Err(io::Error::new(
            io::ErrorKind::InvalidData,
            format!(
                "{}: recovery format {} is not one this journeymap reads",
                path.display(),
                file.format
            ),
        ));
    }
    Ok(file)
}

/// `acme-<hash of the canonical path>`: the start of every recovery file
/// name of one map.
fn prefix(map_path: &Path) -> String {
    let key = canonical_key(map_path);
    let stem = key
        .file_stem()
        .map(|s| crate::model::slug(&s.to_string_lossy()))
        .filter(|s| !s.is_empty())
        .unwrap_or_else(|| "map".into());
    let hash = content_hash(key.as_os_str().as_encoded_bytes());
    format!("{stem}-{hash:016x}")
}

/// The path that identifies a map file however it was named: symbolic
/// links and `..` resolved. A map that no longer exists is named through
/// its (resolved) folder.
pub fn canonical_key(map_path: &Path) -> PathBuf {
    if let Ok(path) = fs::canonicalize(map_path) {
        return path;
    }
    let absolute = std::path::absolute(map_path).unwrap_or_else(|_| map_path.to_path_buf());
    match (absolute.parent(), absolute.file_name()) {
        (Some(dir), Some(name)) => fs::canonicalize(dir)
            .map(|d| d.join(name))
            .unwrap_or(absolute.clone()),
        _ => absolute,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Stage;

    fn edited() -> Map {
        let mut map = Map::new("Acme", "Dana");
        map.stages.push(Stage::new("rapport", "Building rapport"));
        map
    }

    /// A recovery file as a process that is gone would have left it.
    fn orphan(recovery: &Recovery, map_path: &Path, pid: u32) -> PathBuf {
        recovery.write(map_path, Some(7), &edited()).unwrap();
        let mine = recovery.file_for(map_path);
        let text = fs::read_to_string(&mine).unwrap().replace(
            &format!("pid: {}", std::process::id()),
            &format!("pid: {pid}"),
        );
        let theirs = mine.with_file_name(
            mine.file_name()
                .unwrap()
                .to_string_lossy()
                .replace(&std::process::id().to_string(), &pid.to_string()),
        );
        fs::write(&theirs, text).unwrap();
        fs::remove_file(mine).unwrap();
        theirs
    }

    fn dead_pid() -> u32 {
        let mut child = std::process::Command::new("true").spawn().unwrap();
        let pid = child.id();
        child.wait().unwrap();
        pid
    }

    #[test]
    fn write_then_found_only_once_the_writer_is_gone() {
        let state = tempfile::tempdir().unwrap();
        let maps = tempfile::tempdir().unwrap();
        let map_path = maps.path().join("acme.ron");
        fs::write(&map_path, "x").unwrap();
        let recovery = Recovery::new(state.path().join("recovery"));
        assert_eq!(recovery.find(&map_path).unwrap(), vec![]);
        // Our own copy is not offered back to us.
        recovery.write(&map_path, Some(42), &edited()).unwrap();
        assert_eq!(recovery.find(&map_path).unwrap(), vec![]);
        assert_eq!(fs::read_dir(recovery.dir()).unwrap().count(), 1);
        recovery.discard(&map_path).unwrap();
        assert_eq!(fs::read_dir(recovery.dir()).unwrap().count(), 0);

        let left = orphan(&recovery, &map_path, dead_pid());
        let found = recovery.find(&map_path).unwrap();
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].file, left);
        assert_eq!(found[0].recovered.map, edited());
        assert_eq!(found[0].recovered.base_hash, Some(7));
        assert_eq!(
            found[0].recovered.path,
            fs::canonicalize(&map_path).unwrap()
        );
        // Not offered for another map.
        assert_eq!(
            recovery.find(&maps.path().join("other.ron")).unwrap(),
            vec![]
        );
        found[0].discard().unwrap();
        assert_eq!(recovery.find(&map_path).unwrap(), vec![]);
    }

    #[test]
    fn the_recovery_text_reads_back_as_written() {
        let dir = tempfile::tempdir().unwrap();
        // A path and text that need escaping in RON.
        let map_path = dir.path().join("a \"quoted\" \\ map.ron");
        fs::write(&map_path, "x").unwrap();
        let mut map = crate::synth::map(crate::synth::Size::REALISTIC, 3);
        map.client.name = "Zoë \"Q\" O'Brien \\ 東京 \u{1b}[2J".into();
        for base_hash in [Some(u64::MAX), None] {
            let text = recovery_text(&map_path, base_hash, &map).unwrap();
            let file: RecoveryFile = ron::from_str(&text).unwrap();
            assert_eq!(file.format, RECOVERY_FORMAT);
            assert_eq!(file.path, fs::canonicalize(&map_path).unwrap());
            assert_eq!(file.base_hash, base_hash);
            assert_eq!(file.host, hostname());
            assert_eq!(file.pid, std::process::id());
            assert_eq!(file.map, map);
        }
    }

    #[test]
    fn a_running_instances_copy_is_not_offered() {
        let state = tempfile::tempdir().unwrap();
        let map_path = state.path().join("acme.ron");
        let recovery = Recovery::new(state.path().join("recovery"));
        // pid 1 is always running.
        orphan(&recovery, &map_path, 1);
        assert_eq!(recovery.find(&map_path).unwrap(), vec![]);
    }

    #[test]
    fn one_key_however_the_map_is_named() {
        let maps = tempfile::tempdir().unwrap();
        fs::create_dir(maps.path().join("sub")).unwrap();
        let map_path = maps.path().join("acme.ron");
        fs::write(&map_path, "x").unwrap();
        let recovery = Recovery::new("/nonexistent");
        let other_name = maps.path().join("sub/../acme.ron");
        assert_eq!(recovery.file_for(&map_path), recovery.file_for(&other_name));
        let name = recovery.file_for(&map_path);
        let name = name.file_name().unwrap().to_string_lossy();
        assert!(
            name.starts_with("acme-") && name.ends_with(".ron"),
            "{name}"
        );
        // A deleted map keeps its key.
        let before = recovery.file_for(&map_path);
        fs::remove_file(&map_path).unwrap();
        assert_eq!(recovery.file_for(&map_path), before);
        assert_ne!(
            recovery.file_for(&map_path),
            recovery.file_for(&maps.path().join("other.ron"))
        );
    }

    #[test]
    fn a_damaged_recovery_file_is_an_error_and_kept() {
        let state = tempfile::tempdir().unwrap();
        let recovery = Recovery::new(state.path());
        let map_path = state.path().join("acme.ron");
        let damaged = state.path().join(format!("{}.99.ron", prefix(&map_path)));
        fs::write(&damaged, "garbage").unwrap();
        let err = recovery.find(&map_path).unwrap_err();
        assert_eq!(err.kind(), io::ErrorKind::InvalidData);
        assert!(damaged.exists());
    }

    #[test]
    fn half_written_copies_of_gone_processes_are_cleared_and_no_others() {
        use crate::storage::stale::{GRACE, tests::age};
        let state = tempfile::tempdir().unwrap();
        let recovery = Recovery::new(state.path());
        let map_path = state.path().join("acme.ron");
        let other_map = state.path().join("other.ron");
        let old = GRACE + std::time::Duration::from_secs(60);
        // What `save_text` makes for a recovery copy, as a process killed
        // mid-write leaves it: `.{copy's name}.{random}.tmp`.
        let temp = |map: &Path, pid: u32| {
            state
                .path()
                .join(format!(".{}.{pid}.ron.Ab12Cd.tmp", prefix(map)))
        };
        let dead = dead_pid();
        let litter = [temp(&map_path, dead), temp(&other_map, dead)];
        // A copy being written by a running process (pid 1 always runs),
        // a fresh file (perhaps another machine's, sharing the folder),
        // and files that are not journeymap's.
        let live = temp(&map_path, 1);
        let fresh = state
            .path()
            .join(format!(".{}.{dead}.ron.Xy.tmp", prefix(&map_path)));
        let foreign = [
            state.path().join(format!(".notes.{dead}.ron.Ab.tmp")),
            state
                .path()
                .join(format!("{}.{dead}.ron.Ab.tmp", prefix(&map_path))),
        ];
        for path in litter.iter().chain([&live]).chain(&foreign) {
            fs::write(path, "(format: 1, pa").unwrap();
            age(path, old);
        }
        fs::write(&fresh, "(format: 1, pa").unwrap();
        // The edits a gone process left are not litter: kept and offered.
        let left = orphan(&recovery, &map_path, dead);

        let found = recovery.find(&map_path).unwrap();
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].file, left);
        for path in &litter {
            assert!(!path.exists(), "{} left", path.display());
        }
        for path in [&live, &fresh].into_iter().chain(&foreign) {
            assert!(path.exists(), "{} removed", path.display());
        }
    }

    #[cfg(unix)]
    #[test]
    fn a_fifo_named_like_a_recovery_file_is_an_error_naming_it() {
        use crate::storage::regular_file::tests::{make_fifo, within_seconds};
        let state = tempfile::tempdir().unwrap();
        let recovery = Recovery::new(state.path());
        let map_path = state.path().join("acme.ron");
        let fifo = state.path().join(format!("{}.99.ron", prefix(&map_path)));
        make_fifo(&fifo);
        let err = within_seconds(&fifo, move || recovery.find(&map_path)).unwrap_err();
        assert_eq!(
            io_words(&err),
            format!("{}: not a regular file (a FIFO); not read", fifo.display())
        );
        assert!(fifo.exists());
    }

    #[test]
    fn an_unwritable_state_folder_is_an_error() {
        let state = tempfile::tempdir().unwrap();
        let blocker = state.path().join("file");
        fs::write(&blocker, "").unwrap();
        let recovery = Recovery::new(blocker.join("recovery"));
        assert!(
            recovery
                .write(Path::new("acme.ron"), None, &edited())
                .is_err()
        );
    }
}
