//! Reading a map file: size limit, format check, parsing, validation, and
//! errors that point at the file, line and column.

use std::fmt;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use super::fast_ron;
use super::git_markers;
use super::regular_file::{self, SpecialFile, read_regular_file};
use super::ron_text::{self, TextPos};
use crate::model::{
    self, BadDates, FORMAT_VERSION, FieldPath, Map, OLDEST_FORMAT, PathSeg, Problem,
};

/// Files larger than this are refused without being parsed: no real map
/// comes near it, and parsing one would stall the app.
pub const MAX_FILE_BYTES: u64 = 64 * 1024 * 1024;

/// A map read from a file, with what a later save needs to know.
#[derive(Debug, Clone)]
pub struct LoadedMap {
    pub path: PathBuf,
    pub map: Map,
    /// Hash of the bytes read: a save refuses to overwrite a file whose
    /// bytes changed since.
    pub hash: u64,
    /// The file holds `//` or `/* */` comments, which a save would drop.
    pub has_comments: bool,
    /// The file held git's conflict markers: `map` is its sides merged as
    /// the merge driver would (`super::git_markers`), not yet saved.
    pub from_markers: bool,
}

/// Why a file could not be loaded. Its `Display` gives one line per
/// problem, each starting `path:line:col:` where the place is known.
#[derive(Debug)]
pub struct LoadError {
    pub path: PathBuf,
    pub kind: LoadErrorKind,
}

#[derive(Debug)]
pub enum LoadErrorKind {
    Io(io::Error),
    /// A FIFO, socket or device where a map should be: refused unread.
    NotRegular(SpecialFile),
    /// Over [`MAX_FILE_BYTES`]: the size on disk, or what was read before
    /// giving up.
    TooLarge(u64),
    NotUtf8(TextPos),
    /// RON syntax or a value of the wrong type, unknown field or variant.
    Syntax {
        pos: TextPos,
        message: String,
    },
    /// The file comes from a newer version of journeymap (`u64::MAX`: a
    /// format number larger than that).
    NewerFormat(u64),
    UnknownFormat(u32),
    /// Every broken rule of the format, in file order where known.
    Invalid(Vec<LocatedProblem>),
    /// The file holds git's conflict markers (from `line`), and one side
    /// rebuilt from them is not a map: `problem` says why, placed in that
    /// side's text.
    ConflictMarkers {
        line: usize,
        side: &'static str,
        problem: String,
    },
}

/// A validation problem with its place in the file, when it can be found.
#[derive(Debug, Clone)]
pub struct LocatedProblem {
    pub pos: Option<TextPos>,
    pub problem: Problem,
}

impl LoadError {
    fn new(path: &Path, kind: LoadErrorKind) -> Self {
        LoadError {
            path: path.to_path_buf(),
            kind,
        }
    }

    /// The place of the first problem, when known.
    pub fn first_pos(&self) -> Option<TextPos> {
        match &self.kind {
            LoadErrorKind::NotUtf8(pos) | LoadErrorKind::Syntax { pos, .. } => Some(*pos),
            LoadErrorKind::Invalid(problems) => problems.iter().find_map(|p| p.pos),
            _ => None,
        }
    }

    /// A one-line summary (the first problem, and how many more).
    pub fn summary(&self) -> String {
        let text = self.to_string();
        let mut lines = text.lines();
        let first = lines.next().unwrap_or_default().to_string();
        let more = lines.count();
        if more > 0 {
            format!("{first} (and {more} more)")
        } else {
            first
        }
    }
}

impl fmt::Display for LoadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Shared files have any names: one may hold an escape sequence.
        let path = crate::text::safe::path(&self.path);
        match &self.kind {
            LoadErrorKind::Io(e) => write!(f, "{path}: cannot read: {}", io_words(e)),
            LoadErrorKind::NotRegular(special) => {
                write!(f, "{path}: {}", regular_file::NotRegular(*special))
            }
            LoadErrorKind::TooLarge(_) => write!(
                f,
                "{path}: the file is larger than the {} MiB a map may have; it was not read",
                MAX_FILE_BYTES / (1024 * 1024)
            ),
            LoadErrorKind::NotUtf8(p) => {
                write!(f, "{path}:{}:{}: the file is not UTF-8 text", p.line, p.col)
            }
            LoadErrorKind::Syntax { pos, message } => {
                write!(f, "{path}:{}:{}: {message}", pos.line, pos.col)
            }
            LoadErrorKind::NewerFormat(n) => write!(
                f,
                "{path}: format {n} is newer than this journeymap knows (format {FORMAT_VERSION}); \
                 the file may come from a newer version: upgrade journeymap to open it"
            ),
            LoadErrorKind::UnknownFormat(n) => write!(
                f,
                "{path}: format {n} is not a known map format (this journeymap reads formats {OLDEST_FORMAT} to {FORMAT_VERSION})"
            ),
            LoadErrorKind::ConflictMarkers {
                line,
                side,
                problem,
            } => write!(
                f,
                "{path}:{line}:1: the file holds git's conflict markers (it was merged without \
                 journeymap's merge driver), and {side} side rebuilt from them is not a map \
                 ({problem}): fix that side by hand, or set up the driver (`journeymap git setup`) \
                 and merge the file again with `git checkout -m {path}`"
            ),
            LoadErrorKind::Invalid(problems) => {
                for (i, p) in problems.iter().enumerate() {
                    if i > 0 {
                        writeln!(f)?;
                    }
                    match p.pos {
                        Some(pos) => write!(f, "{path}:{}:{}: {}", pos.line, pos.col, p.problem)?,
                        None => write!(f, "{path}: {}", p.problem)?,
                    }
                }
                Ok(())
            }
        }
    }
}

impl std::error::Error for LoadError {}

/// Plain words for the I/O errors people actually meet.
pub fn io_words(e: &io::Error) -> String {
    // A refusal of `regular_file` carries its own words.
    if let Some(inner) = e.get_ref()
        && (inner.is::<regular_file::NotRegular>() || inner.is::<regular_file::OverLimit>())
    {
        return inner.to_string();
    }
    // No stable `ErrorKind` for these yet: the OS code says it.
    #[cfg(unix)]
    match e.raw_os_error() {
        Some(libc::ELOOP) => return "too many levels of symbolic links (a link loop)".into(),
        Some(libc::ENAMETOOLONG) => return "the name is too long".into(),
        Some(libc::EIO) => return "input/output error (the disk or its connection failed)".into(),
        _ => {}
    }
    match e.kind() {
        io::ErrorKind::NotFound => "no such file or folder".into(),
        io::ErrorKind::PermissionDenied => "permission denied".into(),
        io::ErrorKind::StorageFull => "the disk is full".into(),
        io::ErrorKind::ReadOnlyFilesystem => "the file system is read-only".into(),
        io::ErrorKind::IsADirectory => "it is a folder, not a file".into(),
        io::ErrorKind::NotADirectory => "part of the path is a file, not a folder".into(),
        io::ErrorKind::QuotaExceeded => "the disk quota is used up".into(),
        io::ErrorKind::FileTooLarge => "the file is too large for the file system".into(),
        _ => e.to_string(),
    }
}

/// Hash of a file's bytes, used to notice changes made by others.
pub fn content_hash(bytes: &[u8]) -> u64 {
    xxhash_rust::xxh3::xxh3_64(bytes)
}

/// Reads, parses and validates a map file.
pub fn load_map(path: &Path) -> Result<LoadedMap, LoadError> {
    let (_, bytes) = read_map_file(path)?;
    load_bytes(path, &bytes)
}

/// Reads a map file's bytes, refusing folders, FIFOs, devices and files
/// over the size limit; the metadata is that of the file read.
pub fn read_map_file(path: &Path) -> Result<(fs::Metadata, Vec<u8>), LoadError> {
    // Temporary files a killed save left beside the map go first (and an
    // in-place save cut short is finished before the map is read).
    super::save::temp_files::sweep_once(path.parent().unwrap_or(Path::new(".")));
    read_regular_file(path, MAX_FILE_BYTES).map_err(|e| {
        let kind = if let Some(special) = regular_file::not_regular(&e) {
            LoadErrorKind::NotRegular(special)
        } else if let Some(size) = regular_file::over_limit(&e) {
            LoadErrorKind::TooLarge(size)
        } else {
            LoadErrorKind::Io(e)
        };
        LoadError::new(path, kind)
    })
}

/// A map file's bytes for code that wants a plain I/O error (the save
/// guard): the same refusals as [`read_map_file`].
pub(super) fn read_limited(path: &Path) -> io::Result<Vec<u8>> {
    read_regular_file(path, MAX_FILE_BYTES).map(|(_, bytes)| bytes)
}

/// Parses and validates the bytes of a map file; `path` is only used in
/// messages and the result.
pub fn load_bytes(path: &Path, bytes: &[u8]) -> Result<LoadedMap, LoadError> {
    let text = std::str::from_utf8(bytes).map_err(|e| {
        let pos = pos_of_byte(bytes, e.valid_up_to());
        LoadError::new(path, LoadErrorKind::NotUtf8(pos))
    })?;
    // Some Windows editors start UTF-8 files with a byte order mark, which
    // ron rejects as "Expected opening `(`". Editors hide it, so reading
    // past it also keeps line:col as people see them. A save drops it.
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let (map, from_markers) = match parse_map(text) {
        Ok(map) => (map, false),
        // Only a file that is not RON may hold markers: a marker-like line
        // can sit inside a raw string of a good file.
        Err(kind) => match git_markers::split(text) {
            Some(sides) => (
                merge_marker_sides(&sides).map_err(|k| LoadError::new(path, k))?,
                true,
            ),
            None => return Err(LoadError::new(path, kind)),
        },
    };
    Ok(LoadedMap {
        path: path.to_path_buf(),
        map,
        hash: content_hash(bytes),
        has_comments: ron_text::has_comments(text),
        from_markers,
    })
}

/// The map of a file holding git's conflict markers: both sides (and the
/// base, in diff3 style) read and merged as the merge driver would.
fn merge_marker_sides(sides: &git_markers::Sides) -> Result<Map, LoadErrorKind> {
    let read = |text: &str, side: &'static str| {
        parse_map(text).map_err(|kind| LoadErrorKind::ConflictMarkers {
            line: sides.first_line,
            side,
            problem: LoadError::new(Path::new(side), kind).summary(),
        })
    };
    let ours = read(&sides.ours, "our")?;
    let theirs = read(&sides.theirs, "their")?;
    let base = match &sides.base {
        Some(text) => Some(read(text, "the base's")?),
        None => None,
    };
    Ok(model::merge::merge(base.as_ref(), &ours, &theirs))
}

/// The `format` number of a file ron refused, so that a file from a newer
/// version is refused for that reason and not for its new syntax. Found by
/// a tolerant scan of the top level that stops at `format:` whatever comes
/// after it; a whole number too large for any format is newer than all of
/// them (`u64::MAX` here). `None` when there is no plain whole number.
pub(super) fn probe_format(text: &str) -> Option<u64> {
    let value = ron_text::plain_value(text, &FieldPath(vec![PathSeg::Field("format")]))?;
    // RON's integer forms: `2`, `+2`, `0x2`, `0o2`, `0b10`, `1_000`.
    let digits: String = value.strip_prefix('+').unwrap_or(value).replace('_', "");
    let (radix, digits) = match digits.get(..2) {
        Some("0x") => (16, &digits[2..]),
        Some("0o") => (8, &digits[2..]),
        Some("0b") => (2, &digits[2..]),
        _ => (10, &digits[..]),
    };
    if digits.is_empty() || !digits.chars().all(|c| c.is_digit(radix)) {
        return None;
    }
    Some(u64::from_str_radix(digits, radix).unwrap_or(u64::MAX))
}

/// Parses and validates map text.
pub fn parse_map(text: &str) -> Result<Map, LoadErrorKind> {
    // Plain files take the fast reader; anything else, and every error,
    // goes through ron, so values and messages are always ron's. Either
    // keeps the dates that are not real YYYY-MM-DD to report them all
    // with the other problems.
    let (map, bad_dates) = match model::keeping_bad_dates(|| fast_ron::from_str::<Map>(text)) {
        (Ok(map), bad_dates) => (map, bad_dates),
        (Err(fast_ron::NotCanonical), _) => {
            let (map, bad_dates) = model::keeping_bad_dates(|| parse_with_ron(text));
            (map?, bad_dates)
        }
    };
    validated(text, map, &bad_dates)
}

/// ron's reader, with its errors turned into ours.
fn parse_with_ron(text: &str) -> Result<Map, LoadErrorKind> {
    let raw: Map = match ron::from_str(text) {
        Ok(raw) => raw,
        Err(e) => {
            // A newer format may fail only because of fields or syntax
            // this version does not know, or a format number too large
            // for a u32: say that, not "unknown field" or "Expected
            // colon". Probing only after a failure keeps the common path
            // to a single parse.
            if let Some(format) = probe_format(text)
                && format > u64::from(FORMAT_VERSION)
            {
                return Err(LoadErrorKind::NewerFormat(format));
            }
            return Err(LoadErrorKind::Syntax {
                // ron places some errors (a number expected) on the blank
                // before the offending value; point at the value itself.
                pos: ron_text::skip_blanks(
                    text,
                    TextPos {
                        line: e.span.start.line,
                        col: e.span.start.col,
                    },
                ),
                message: e.code.to_string(),
            });
        }
    };
    Ok(raw)
}

/// Checks the format and validates a map read from `text` (the bad dates
/// among them), collecting every problem with its place in `text`.
///
/// A map of an older format comes back upgraded to the current one (its
/// `format` set to [`FORMAT_VERSION`]): every older format is the current
/// one without some fields, so only the number changes, and the next save
/// writes the current format.
fn validated(text: &str, mut map: Map, bad_dates: &BadDates) -> Result<Map, LoadErrorKind> {
    if !(OLDEST_FORMAT..=FORMAT_VERSION).contains(&map.format) {
        return Err(if map.format > FORMAT_VERSION {
            LoadErrorKind::NewerFormat(u64::from(map.format))
        } else {
            LoadErrorKind::UnknownFormat(map.format)
        });
    }
    let problems = model::validate_loaded(&map, bad_dates);
    if problems.is_empty() {
        map.format = FORMAT_VERSION;
        return Ok(map);
    }
    let mut located: Vec<LocatedProblem> = problems
        .into_iter()
        .map(|problem| LocatedProblem {
            pos: ron_text::locate(text, &problem.path),
            problem,
        })
        .collect();
    // File order, so people can walk the list top to bottom.
    located.sort_by_key(|p| {
        p.pos
            .map(|pos| (pos.line, pos.col))
            .unwrap_or((usize::MAX, 0))
    });
    Err(LoadErrorKind::Invalid(located))
}

fn pos_of_byte(bytes: &[u8], offset: usize) -> TextPos {
    let before = &bytes[..offset.min(bytes.len())];
    let line = before.iter().filter(|&&b| b == b'\n').count() + 1;
    let line_start = before
        .iter()
        .rposition(|&b| b == b'\n')
        .map_or(0, |i| i + 1);
    let col = String::from_utf8_lossy(&before[line_start..])
        .chars()
        .count()
        + 1;
    TextPos { line, col }
}
