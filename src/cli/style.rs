//! Plain-terminal styling for command output: ANSI colours only when asked
//! for, and labels that still read right without them (glyph + word).

use std::io::{self, Write};

use crate::analysis::{Severity, Status};
use crate::text::safe;

/// The few colours command output uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Paint {
    Red,
    Yellow,
    Green,
    Cyan,
    Bold,
    Dim,
}

impl Paint {
    fn code(self) -> &'static str {
        match self {
            Paint::Red => "\x1b[1;31m",
            Paint::Yellow => "\x1b[33m",
            Paint::Green => "\x1b[32m",
            Paint::Cyan => "\x1b[36m",
            Paint::Bold => "\x1b[1m",
            Paint::Dim => "\x1b[2m",
        }
    }
}

/// `text` in `paint` when `color` is on, else `text` unchanged.
pub fn paint(text: &str, paint: Paint, color: bool) -> String {
    if color {
        format!("{}{text}\x1b[0m", paint.code())
    } else {
        text.to_string()
    }
}

/// "● AT RISK", "◐ WATCH", "○ OK": the glyph and the word carry the
/// meaning; colour only repeats it.
pub fn status_label(status: Status) -> &'static str {
    match status {
        Status::AtRisk => "● AT RISK",
        Status::Watch => "◐ WATCH",
        Status::Ok => "○ OK",
    }
}

pub fn status_paint(status: Status) -> Paint {
    match status {
        Status::AtRisk => Paint::Red,
        Status::Watch => Paint::Yellow,
        Status::Ok => Paint::Green,
    }
}

pub fn severity_paint(severity: Severity) -> Paint {
    match severity {
        Severity::Critical => Paint::Red,
        Severity::Warning => Paint::Yellow,
        Severity::Info => Paint::Cyan,
    }
}

/// Writes text to stdout; a reader that went away (`| head`) is not an
/// error worth reporting.
pub fn print(text: &str) -> io::Result<()> {
    print_with(|out| out.write_all(text.as_bytes()))
}

/// Lets `write` write to stdout as it goes, buffered, so that output as
/// large as a large map is never held whole; a reader that went away is
/// not an error, as for [`print`].
pub fn print_with(write: impl FnOnce(&mut dyn Write) -> io::Result<()>) -> io::Result<()> {
    let mut out = io::BufWriter::new(io::stdout().lock());
    match write(&mut out).and_then(|()| out.flush()) {
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => Ok(()),
        other => other,
    }
}

/// Writes a message to stderr, each line made harmless. Messages carry
/// file names, map text and text from other libraries (a parser quoting
/// the file it read), so every message goes out by this one door. The
/// terminal may be gone: a failed write is not worth a panic.
pub fn eprint(message: &str) {
    let mut err = io::stderr().lock();
    for line in safe::clean_lines(message) {
        let _ = writeln!(err, "{line}");
    }
}

/// "1 map", "2 maps".
pub fn count(n: usize, one: &str, many: &str) -> String {
    if n == 1 {
        format!("1 {one}")
    } else {
        format!("{n} {many}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_escapes_without_colour() {
        assert_eq!(paint("x", Paint::Red, false), "x");
        assert_eq!(paint("x", Paint::Red, true), "\x1b[1;31mx\x1b[0m");
    }

    #[test]
    fn labels_name_the_status_in_words() {
        assert!(status_label(Status::AtRisk).ends_with("AT RISK"));
        assert!(status_label(Status::Watch).ends_with("WATCH"));
        assert!(status_label(Status::Ok).ends_with("OK"));
    }
}
