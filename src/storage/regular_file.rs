//! Reading a file that anyone may have put in place: only a regular file,
//! never more than a limit, and never waiting for it.
//!
//! A FIFO named like a map blocks `open` until some writer comes (forever,
//! usually), `/dev/zero` never ends, and a terminal opened the plain way
//! can become ours. None of them is data journeymap wrote or can use, so
//! every file journeymap reads (maps, lock files and their state files,
//! recovery copies, the config, the status cache) goes through [`read_regular_file`], which
//! refuses them with words that say what the path is.

use std::fmt;
use std::fs;
use std::io::{self, Read};
use std::path::Path;

/// What a path names when it is neither a regular file nor a folder.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SpecialFile {
    Fifo,
    Socket,
    CharDevice,
    BlockDevice,
    /// A kind this platform has that the others do not.
    Other,
}

impl SpecialFile {
    /// The special kind of a file type; `None` for a regular file or a
    /// folder (a folder has its own error, [`io::ErrorKind::IsADirectory`]).
    fn of(file_type: fs::FileType) -> Option<Self> {
        if file_type.is_file() || file_type.is_dir() {
            return None;
        }
        #[cfg(unix)]
        {
            use std::os::unix::fs::FileTypeExt;
            if file_type.is_fifo() {
                return Some(SpecialFile::Fifo);
            }
            if file_type.is_socket() {
                return Some(SpecialFile::Socket);
            }
            if file_type.is_char_device() {
                return Some(SpecialFile::CharDevice);
            }
            if file_type.is_block_device() {
                return Some(SpecialFile::BlockDevice);
            }
        }
        Some(SpecialFile::Other)
    }
}

impl fmt::Display for SpecialFile {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            SpecialFile::Fifo => "a FIFO",
            SpecialFile::Socket => "a socket",
            SpecialFile::CharDevice => "a character device",
            SpecialFile::BlockDevice => "a block device",
            SpecialFile::Other => "a special file",
        })
    }
}

/// The error inside an [`io::Error`] for a path that is not a regular
/// file; see [`not_regular`].
#[derive(Debug)]
pub struct NotRegular(pub SpecialFile);

impl fmt::Display for NotRegular {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "not a regular file ({}); not read", self.0)
    }
}

impl std::error::Error for NotRegular {}

/// The error inside an [`io::Error`] for a file over the limit the caller
/// gave; see [`over_limit`].
#[derive(Debug)]
pub struct OverLimit {
    /// The size on disk, or what was read before giving up.
    pub size: u64,
    pub limit: u64,
}

impl fmt::Display for OverLimit {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "larger than {}; not read", size_words(self.limit))
    }
}

impl std::error::Error for OverLimit {}

/// "64 MiB", "64 KiB", "100 bytes".
fn size_words(bytes: u64) -> String {
    const KIB: u64 = 1024;
    const MIB: u64 = 1024 * 1024;
    if bytes >= MIB && bytes.is_multiple_of(MIB) {
        format!("{} MiB", bytes / MIB)
    } else if bytes >= KIB && bytes.is_multiple_of(KIB) {
        format!("{} KiB", bytes / KIB)
    } else {
        format!("{bytes} bytes")
    }
}

/// What a path is, when an error says it is not a regular file.
pub fn not_regular(e: &io::Error) -> Option<SpecialFile> {
    e.get_ref()?.downcast_ref::<NotRegular>().map(|n| n.0)
}

/// The size of a file refused for being over its limit.
pub fn over_limit(e: &io::Error) -> Option<u64> {
    e.get_ref()?.downcast_ref::<OverLimit>().map(|o| o.size)
}

/// Reads a regular file of at most `limit` bytes, with the metadata of the
/// very file read. Anything else is an error before a byte is read: a
/// folder ([`io::ErrorKind::IsADirectory`]), a FIFO, socket or device
/// ([`NotRegular`]), a file over the limit ([`OverLimit`]). Never blocks
/// on a FIFO, never reads more than one byte past the limit.
pub fn read_regular_file(path: &Path, limit: u64) -> io::Result<(fs::Metadata, Vec<u8>)> {
    // Looked at before opening, so a FIFO or a device is not even opened
    // (opening one can unblock or disturb whoever uses it)...
    check(&fs::metadata(path)?, limit)?;
    let file = open_without_waiting(path)?;
    // ...and again once open, since the path may have been replaced in
    // between: this is the file actually read.
    let meta = file.metadata()?;
    check(&meta, limit)?;
    // The size on disk may be out of date (the file grows as we read): the
    // read stops one byte past the limit whatever it says.
    let mut bytes = Vec::with_capacity(usize::try_from(meta.len()).unwrap_or(0));
    file.take(limit.saturating_add(1)).read_to_end(&mut bytes)?;
    let size = bytes.len() as u64;
    if size > limit {
        return Err(io::Error::new(
            io::ErrorKind::FileTooLarge,
            OverLimit { size, limit },
        ));
    }
    Ok((meta, bytes))
}

fn check(meta: &fs::Metadata, limit: u64) -> io::Result<()> {
    if meta.is_dir() {
        return Err(io::ErrorKind::IsADirectory.into());
    }
    if let Some(special) = SpecialFile::of(meta.file_type()) {
        return Err(io::Error::new(
            io::ErrorKind::InvalidInput,
            NotRegular(special),
        ));
    }
    if meta.len() > limit {
        return Err(io::Error::new(
            io::ErrorKind::FileTooLarge,
            OverLimit {
                size: meta.len(),
                limit,
            },
        ));
    }
    Ok(())
}

/// Opens for reading with `O_NONBLOCK` (a FIFO opens at once instead of
/// waiting for a writer) and `O_NOCTTY` (a terminal never becomes ours).
/// Once the file is known to be regular the flag has done its job; it is
/// cleared so that no file system can answer a read with "try again".
#[cfg(unix)]
fn open_without_waiting(path: &Path) -> io::Result<fs::File> {
    use std::os::fd::AsRawFd;
    use std::os::unix::fs::OpenOptionsExt;
    let file = fs::OpenOptions::new()
        .read(true)
        .custom_flags(libc::O_NONBLOCK | libc::O_NOCTTY)
        .open(path)?;
    let fd = file.as_raw_fd();
    // SAFETY: fcntl on a descriptor we own, with plain integer arguments.
    unsafe {
        let flags = libc::fcntl(fd, libc::F_GETFL);
        if flags >= 0 {
            libc::fcntl(fd, libc::F_SETFL, flags & !libc::O_NONBLOCK);
        }
    }
    Ok(file)
}

#[cfg(not(unix))]
fn open_without_waiting(path: &Path) -> io::Result<fs::File> {
    fs::File::open(path)
}

#[cfg(all(test, unix))]
pub(crate) mod tests {
    use super::*;
    use std::path::PathBuf;
    use std::sync::mpsc;
    use std::time::Duration;

    /// Makes a FIFO at `path`.
    pub(crate) fn make_fifo(path: &Path) {
        let status = std::process::Command::new("mkfifo")
            .arg(path)
            .status()
            .expect("mkfifo runs");
        assert!(status.success(), "mkfifo {}", path.display());
    }

    /// Runs `read` on a thread and fails if it has not returned within a
    /// few seconds; a read stuck on the FIFO at `fifo` is then released by
    /// opening its other end, so the test ends either way.
    pub(crate) fn within_seconds<T: Send + 'static>(
        fifo: &Path,
        read: impl FnOnce() -> T + Send + 'static,
    ) -> T {
        let (tx, rx) = mpsc::channel();
        std::thread::spawn(move || {
            let _ = tx.send(read());
        });
        match rx.recv_timeout(Duration::from_secs(5)) {
            Ok(value) => value,
            Err(_) => {
                // Without waiting: there may be no reader to meet.
                use std::os::unix::fs::OpenOptionsExt;
                let _ = fs::OpenOptions::new()
                    .write(true)
                    .custom_flags(libc::O_NONBLOCK)
                    .open(fifo);
                panic!("reading {} blocked", fifo.display());
            }
        }
    }

    #[test]
    fn a_regular_file_is_read_whole_with_its_metadata() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.ron");
        fs::write(&path, "(format: 1)").unwrap();
        let (meta, bytes) = read_regular_file(&path, 100).unwrap();
        assert_eq!(bytes, b"(format: 1)");
        assert_eq!(meta.len(), 11);
        // Exactly the limit is fine, one byte over is not.
        assert!(read_regular_file(&path, 11).is_ok());
        let err = read_regular_file(&path, 10).unwrap_err();
        assert_eq!(over_limit(&err), Some(11));
        assert_eq!(err.to_string(), "larger than 10 bytes; not read");
    }

    #[test]
    fn a_fifo_is_refused_at_once_not_waited_for() {
        let dir = tempfile::tempdir().unwrap();
        let fifo = dir.path().join("x.ron");
        make_fifo(&fifo);
        let path = fifo.clone();
        let err = within_seconds(&fifo, move || read_regular_file(&path, 100)).unwrap_err();
        assert_eq!(not_regular(&err), Some(SpecialFile::Fifo));
        assert_eq!(err.to_string(), "not a regular file (a FIFO); not read");
    }

    #[cfg(target_os = "linux")]
    #[test]
    fn an_endless_device_behind_a_link_is_refused_before_reading() {
        let dir = tempfile::tempdir().unwrap();
        let link = dir.path().join("zero.ron");
        std::os::unix::fs::symlink("/dev/zero", &link).unwrap();
        let err = read_regular_file(&link, u64::MAX).unwrap_err();
        assert_eq!(not_regular(&err), Some(SpecialFile::CharDevice));
    }

    #[test]
    fn a_folder_is_its_own_error() {
        let dir = tempfile::tempdir().unwrap();
        let err = read_regular_file(dir.path(), 100).unwrap_err();
        assert_eq!(err.kind(), io::ErrorKind::IsADirectory);
        assert_eq!(not_regular(&err), None);
    }

    #[test]
    fn a_missing_file_is_the_plain_os_error() {
        let missing = PathBuf::from("/nonexistent/journeymap/x.ron");
        let err = read_regular_file(&missing, 100).unwrap_err();
        assert_eq!(err.kind(), io::ErrorKind::NotFound);
    }

    #[test]
    fn sizes_in_words() {
        assert_eq!(size_words(64 * 1024 * 1024), "64 MiB");
        assert_eq!(size_words(64 * 1024), "64 KiB");
        assert_eq!(size_words(1000), "1000 bytes");
    }
}
