//! `journeymap textconv FILE`: a map as one line per fact, in journey
//! order (`model::fact_lines`), for git's `diff.journeymap.textconv`, so
//! that `git diff`, `git log -p` and `git show` read as what changed for
//! the client.
//!
//! It never fails: git stops a whole `git diff` or `git log -p` when a
//! textconv fails, and one broken or conflicted version in the history
//! must not hide every other change. A file that is not a map journeymap
//! can read is printed as it is, after a first line that says so and why;
//! one that cannot be read at all gets that one line. The exit code is 0.

use std::io::{self, Write};
use std::path::Path;
use std::process::ExitCode;

use super::args::TextconvArgs;
use super::style;
use crate::model::fact_lines;
use crate::storage::{MAX_FILE_BYTES, io_words, load_bytes, regular_file};
use crate::text::safe;

/// What the first line of a raw fallback starts with, so that a reader
/// (and a test) can tell it from a map's facts.
pub const RAW_NOTE: &str = "journeymap textconv: not a map journeymap can read";

pub fn run(args: &TextconvArgs) -> anyhow::Result<ExitCode> {
    style::print_with(|out| write(out, &args.file))?;
    Ok(ExitCode::SUCCESS)
}

fn write(out: &mut dyn Write, path: &Path) -> io::Result<()> {
    let bytes = match regular_file::read_regular_file(path, MAX_FILE_BYTES) {
        Ok((_, bytes)) => bytes,
        Err(e) => {
            let why = match (regular_file::not_regular(&e), regular_file::over_limit(&e)) {
                (Some(special), _) => format!("not a regular file ({special})"),
                (_, Some(size)) => format!(
                    "larger than the {} a map may have ({size} bytes)",
                    crate::storage::mib(MAX_FILE_BYTES)
                ),
                _ => format!("cannot read: {}", io_words(&e)),
            };
            return writeln!(out, "{RAW_NOTE}: {why}");
        }
    };
    // A file with git's own markers would load (rebuilt from its sides),
    // but mid-merge the diff should show what git left, as it is.
    let loaded = if has_conflict_markers(&bytes) {
        Err(None)
    } else {
        load_bytes(path, &bytes).map_err(Some)
    };
    match loaded {
        Ok(loaded) => {
            for line in fact_lines(&loaded.map) {
                writeln!(out, "{line}")?;
            }
            Ok(())
        }
        Err(e) => {
            writeln!(
                out,
                "{RAW_NOTE} ({}); its text as it is:",
                why(path, e.as_ref(), &bytes)
            )?;
            out.write_all(&bytes)
        }
    }
}

/// Why the file was not read, on one line: a conflict left by git, or the
/// first problem the reader found (without the file name, which for git
/// is a temporary file's).
fn why(path: &Path, e: Option<&crate::storage::LoadError>, bytes: &[u8]) -> String {
    let Some(e) = e.filter(|_| !has_conflict_markers(bytes)) else {
        return "it holds git's conflict markers: the merge is not finished".into();
    };
    let message = e.to_string();
    let lines: Vec<&str> = message.lines().collect();
    let prefix = format!("{}:", safe::path(path));
    let first = lines.first().copied().unwrap_or("");
    let first = first.strip_prefix(&prefix).unwrap_or(first).trim_start();
    let more = match lines.len() {
        0 | 1 => String::new(),
        n => format!(", and {} more", n - 1),
    };
    format!("{}{more}", safe::clean(first))
}

/// A line that starts with one of git's conflict markers.
fn has_conflict_markers(bytes: &[u8]) -> bool {
    bytes
        .split(|&b| b == b'\n')
        .any(|line| line.starts_with(b"<<<<<<< ") || line.starts_with(b">>>>>>> "))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn textconv(text: &[u8]) -> String {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("acme.ron");
        std::fs::write(&path, text).expect("write");
        let mut out = Vec::new();
        write(&mut out, &path).expect("write out");
        String::from_utf8_lossy(&out).into_owned()
    }

    #[test]
    fn a_broken_map_is_printed_raw_after_a_line_that_says_why() {
        let out = textconv(b"(format: 1, client: (name: \"A\" account_manager: \"\"))\n");
        let (first, rest) = out.split_once('\n').expect("two parts");
        assert!(first.starts_with(RAW_NOTE), "{first}");
        assert!(first.contains("1:"), "the place of the problem: {first}");
        assert!(!first.contains("acme.ron"), "{first}");
        assert_eq!(
            rest,
            "(format: 1, client: (name: \"A\" account_manager: \"\"))\n"
        );
    }

    #[test]
    fn a_conflicted_map_says_so() {
        let out = textconv(b"(\n<<<<<<< ours\n    format: 1,\n=======\n>>>>>>> theirs\n");
        assert!(out.starts_with(RAW_NOTE), "{out}");
        assert!(
            out.lines()
                .next()
                .unwrap_or("")
                .contains("conflict markers")
        );
    }

    #[test]
    fn not_utf8_and_missing_files_never_fail() {
        let out = textconv(b"\xff\xfe(");
        assert!(out.starts_with(RAW_NOTE), "{out}");
        let mut out = Vec::new();
        write(&mut out, Path::new("/nonexistent/x.ron")).expect("no error");
        assert!(String::from_utf8_lossy(&out).starts_with(RAW_NOTE));
    }
}
