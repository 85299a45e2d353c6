//! The reader against damaged maps: the sample maps with bytes and RON
//! tokens inserted, deleted and replaced. Whatever the damage, reading
//! ends (no panic, no hang), a syntax error says where, and nothing ron
//! refuses is ever accepted, or read differently.

use std::path::Path;
use std::sync::mpsc;
use std::time::Duration;

use journeymap::model::{FORMAT_VERSION, FieldPath, Map, PathSeg, keeping_bad_dates};
use journeymap::storage::ron_text::{self, TextPos};
use journeymap::storage::{LoadErrorKind, load_bytes};
use proptest::prelude::*;
use proptest::test_runner::{Config, TestCaseError, TestRunner};

const PATH: &str = "maps/damaged.ron";

/// The sample maps, as shipped.
fn samples() -> Vec<Vec<u8>> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("maps");
    let mut paths: Vec<_> = std::fs::read_dir(dir)
        .expect("the samples folder")
        .map(|e| e.expect("an entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "ron"))
        .collect();
    paths.sort();
    paths
        .iter()
        .map(|p| std::fs::read(p).expect("a sample"))
        .collect()
}

/// Pieces that make or break RON: delimiters, quotes and escapes, comment
/// and raw-string markers, numbers out of range, options, attributes, a
/// byte order mark, and format numbers this version does not know.
const PIECES: &[&str] = &[
    "\"",
    "\\",
    ",",
    "(",
    ")",
    "[",
    "]",
    "{",
    "}",
    ":",
    "-",
    "0",
    "9",
    "256",
    "-129",
    "99999999999",
    " ",
    "\n",
    "\r\n",
    "\t",
    "/",
    "//",
    "/*",
    "*/",
    "#",
    "#![enable(implicit_some)]",
    "r#\"",
    "\"#",
    "'",
    "Some(",
    "None",
    "true",
    "x",
    "é",
    "☕",
    "\\'",
    "\\n",
    "\\u{41}",
    "\\x41",
    "_",
    "\u{feff}",
    "\u{0}",
    "format: 3,",
    "format: 99999999999,",
    "tags: {\"a\", \"b\"},",
];

/// One edit of a file: where (a fraction of its length) and what.
#[derive(Debug, Clone)]
enum Edit {
    InsertPiece(u32, usize),
    ReplaceWithPiece(u32, usize),
    InsertByte(u32, u8),
    ReplaceByte(u32, u8),
    Delete(u32, usize),
    /// A line given again right after itself.
    RepeatLine(u32),
    /// The `format: 1,` line moved to the end of the map, or dropped: the
    /// format probe then walks the whole damaged text to look for it.
    MoveFormat {
        drop: bool,
    },
}

fn edit() -> impl Strategy<Value = Edit> {
    let at = any::<u32>();
    let piece = 0..PIECES.len();
    prop_oneof![
        (at, piece.clone()).prop_map(|(a, p)| Edit::InsertPiece(a, p)),
        (at, piece).prop_map(|(a, p)| Edit::ReplaceWithPiece(a, p)),
        (at, any::<u8>()).prop_map(|(a, b)| Edit::InsertByte(a, b)),
        (at, any::<u8>()).prop_map(|(a, b)| Edit::ReplaceByte(a, b)),
        (at, 1usize..12).prop_map(|(a, n)| Edit::Delete(a, n)),
        at.prop_map(Edit::RepeatLine),
        any::<bool>().prop_map(|drop| Edit::MoveFormat { drop }),
    ]
}

/// The byte offset a fraction names in a file of `len` bytes.
fn offset(at: u32, len: usize) -> usize {
    (u64::from(at) * len as u64 / (u64::from(u32::MAX) + 1)) as usize
}

fn apply(bytes: &mut Vec<u8>, edit: &Edit) {
    let len = bytes.len();
    match *edit {
        Edit::InsertPiece(at, p) => {
            let i = offset(at, len + 1);
            bytes.splice(i..i, PIECES[p].bytes());
        }
        Edit::ReplaceWithPiece(at, p) => {
            let i = offset(at, len);
            let end = (i + 1).min(len);
            bytes.splice(i..end, PIECES[p].bytes());
        }
        Edit::InsertByte(at, b) => bytes.insert(offset(at, len + 1), b),
        Edit::ReplaceByte(at, b) if len > 0 => bytes[offset(at, len)] = b,
        Edit::ReplaceByte(..) => {}
        Edit::Delete(at, n) => {
            let i = offset(at, len);
            bytes.drain(i..(i + n).min(len));
        }
        Edit::RepeatLine(at) => {
            let i = offset(at, len);
            let start = bytes[..i]
                .iter()
                .rposition(|&b| b == b'\n')
                .map_or(0, |p| p + 1);
            let end = bytes[i..]
                .iter()
                .position(|&b| b == b'\n')
                .map_or(len, |p| i + p + 1);
            let line = bytes[start..end].to_vec();
            bytes.splice(end..end, line);
        }
        Edit::MoveFormat { drop } => {
            let line = b"    format: 1,\n";
            if let Some(i) = bytes.windows(line.len()).position(|w| w == line) {
                bytes.drain(i..i + line.len());
                if !drop && let Some(end) = bytes.iter().rposition(|&b| b == b')') {
                    bytes.splice(end..end, b", format: 1".iter().copied());
                }
            }
        }
    }
}

/// Whether `pos` is a place in `text`: a line it has, and a column on that
/// line or just past its end.
fn is_in(text: &str, pos: TextPos) -> bool {
    let lines: Vec<&str> = text.split('\n').collect();
    pos.line >= 1
        && pos.line <= lines.len()
        && pos.col >= 1
        && pos.col <= lines[pos.line - 1].chars().count() + 1
}

/// What must hold for any bytes given to the reader.
fn check(bytes: &[u8]) -> Result<(), TestCaseError> {
    let result = load_bytes(Path::new(PATH), bytes);
    let Ok(text) = std::str::from_utf8(bytes) else {
        let Err(err) = result else {
            return Err(TestCaseError::fail(
                "bytes that are not UTF-8 were accepted",
            ));
        };
        let LoadErrorKind::NotUtf8(pos) = err.kind else {
            return Err(TestCaseError::fail(format!("not UTF-8, but: {err}")));
        };
        let prefix = format!("{PATH}:{}:{}: ", pos.line, pos.col);
        prop_assert!(err.to_string().starts_with(&prefix), "{err}");
        return Ok(());
    };
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    // The scanner that finds places and the format must end on any text,
    // not only on the texts the reader happens to give it.
    let first_name = FieldPath(vec![
        PathSeg::Field("stages"),
        PathSeg::Index(0),
        PathSeg::Field("name"),
    ]);
    let _ = ron_text::locate(text, &first_name);
    let _ = ron_text::plain_value(text, &FieldPath(vec![PathSeg::Field("format")]));
    // Bad dates are kept as ron reads the rest, as the loader does: they
    // are validation problems, not syntax.
    let (by_ron, _) = keeping_bad_dates(|| ron::from_str::<Map>(text));
    match result {
        Ok(loaded) => {
            // Accepted: ron reads the same map (upgraded to the current
            // format, as the loader does).
            let Ok(mut raw) = by_ron else {
                return Err(TestCaseError::fail(format!(
                    "accepted what ron refuses: {:?}",
                    by_ron.err()
                )));
            };
            raw.format = journeymap::model::FORMAT_VERSION;
            prop_assert_eq!(raw, loaded.map);
        }
        Err(err) => match &err.kind {
            LoadErrorKind::Syntax { pos, message } => {
                prop_assert!(
                    by_ron.is_err(),
                    "a syntax error where ron reads a map: {err}"
                );
                prop_assert!(is_in(text, *pos), "{pos:?} is not in the text: {err}");
                let prefix = format!("{PATH}:{}:{}: ", pos.line, pos.col);
                prop_assert!(err.to_string().starts_with(&prefix), "{err}");
                prop_assert!(!message.is_empty());
            }
            LoadErrorKind::NewerFormat(n) => prop_assert!(*n > u64::from(FORMAT_VERSION)),
            // Only for what ron reads: the format or a rule of it broken.
            LoadErrorKind::UnknownFormat(_) | LoadErrorKind::Invalid(_) => {
                prop_assert!(by_ron.is_ok(), "{err}");
            }
            _ => return Err(TestCaseError::fail(format!("unexpected error: {err}"))),
        },
    }
    Ok(())
}

#[test]
fn damaged_sample_maps_are_refused_with_a_place_or_read_as_ron_reads_them() {
    let samples = samples();
    assert!(samples.len() >= 5, "the sample maps are missing");
    // Run on a thread so that a hang fails the test instead of stalling CI.
    let (done, finished) = mpsc::channel();
    std::thread::spawn(move || {
        // A few hundred cases keep this to seconds in a debug build; a
        // failure is shrunk to its fewest, smallest edits.
        let mut runner = TestRunner::new(Config {
            cases: 300,
            failure_persistence: None,
            ..Config::default()
        });
        let strategy = (0..samples.len(), proptest::collection::vec(edit(), 1..5));
        let result = runner.run(&strategy, |(sample, edits)| {
            let mut bytes = samples[sample].clone();
            for e in &edits {
                apply(&mut bytes, e);
            }
            check(&bytes)
        });
        let _ = done.send(result.map_err(|e| e.to_string()));
    });
    match finished.recv_timeout(Duration::from_secs(60)) {
        Ok(Ok(())) => {}
        Ok(Err(failure)) => panic!("{failure}"),
        Err(_) => panic!("reading a damaged map did not finish: a hang"),
    }
}

#[test]
fn the_samples_themselves_pass_the_check() {
    for bytes in samples() {
        check(&bytes).expect("an undamaged sample");
        assert!(load_bytes(Path::new(PATH), &bytes).is_ok());
    }
}
