//! Nothing a shared map or a file name holds reaches the terminal raw: every
//! command's stdout and stderr is scanned, run on a map with escape
//! sequences, OSC and CSI sequences, BEL, CR, C1 controls, a bidi override
//! and a zero-width space in every text field, stored under file and
//! folder names holding the same characters (and one that is not UTF-8).
//!
//! Allowed in the output: printable text, `\n`. Not allowed: any other byte
//! below 0x20, 0x7f, C1 controls (U+0080..U+009F), and characters that are
//! invisible or reorder text.

mod common;
mod export_common;

use std::ffi::OsString;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Output;

use common::cli::{Sandbox, TODAY};
use journeymap::model::Map;
use journeymap::storage::to_canonical;

/// What an attacker would put in a shared map: a title-setting OSC, colour
/// and clear-screen CSI, BEL, a carriage return that overwrites the line,
/// the one-byte CSI and NEL (C1), DEL, a right-to-left override and a
/// zero-width space.
const PAYLOAD: &str =
    "\u{1b}]0;pwned\u{7}\u{1b}[31m\u{1b}[2J\r\u{7}\u{9b}31m\u{85}\u{7f}\u{202e}evil\u{200b}";

/// Whether a character must never reach the terminal. Written out here,
/// not taken from the program, so that the test checks the program.
fn is_forbidden(c: char) -> bool {
    (c < ' ' && c != '\n')
        || ('\u{7f}'..='\u{9f}').contains(&c)
        || matches!(
            c,
            '\u{ad}'
                | '\u{61c}'
                | '\u{180e}'
                | '\u{200b}'..='\u{200f}'
                | '\u{2028}'..='\u{202e}'
                | '\u{2060}'..='\u{206f}'
                | '\u{feff}'
                | '\u{fff9}'..='\u{fffb}'
                | '\u{e0000}'..='\u{e007f}'
        )
}

/// Panics naming the first forbidden byte or character in `bytes`.
fn assert_harmless(what: &str, bytes: &[u8]) {
    let shown = String::from_utf8_lossy(bytes);
    if let Some(i) = bytes
        .iter()
        .position(|&b| (b < 0x20 && b != b'\n') || b == 0x7f)
    {
        panic!("{what}: byte {:#04x} at {i} in\n{shown:?}", bytes[i]);
    }
    let text = std::str::from_utf8(bytes)
        .unwrap_or_else(|e| panic!("{what}: output is not UTF-8 ({e}):\n{shown:?}"));
    if let Some(c) = text.chars().find(|&c| is_forbidden(c)) {
        panic!("{what}: character {c:?} in\n{text:?}");
    }
}

/// The hostile map: the payload in every text field, stage names, items
/// (whose text also reaches finding messages) and review notes included.
fn hostile_map() -> Map {
    export_common::build_map(&|label, k| format!("{label} {PAYLOAD} {k}"))
}

/// A file or folder name: the payload, then `name` (so that a map file
/// still ends in `.ron`).
fn hostile_name(name: &str) -> String {
    format!("{PAYLOAD}{name}")
}

/// A name that is not UTF-8, holding raw escape and C1 bytes.
#[cfg(unix)]
fn not_utf8_name() -> OsString {
    use std::os::unix::ffi::OsStringExt;
    OsString::from_vec(b"bad\xff\xfe\x1b[2J\xc2\x9b\x07.ron".to_vec())
}

#[cfg(not(unix))]
fn not_utf8_name() -> OsString {
    OsString::from("not-utf8-needs-unix.ron")
}

/// The sandbox and the paths the commands work on.
struct Hostile {
    sb: Sandbox,
    /// A folder with a hostile name holding every kind of map file.
    dir: PathBuf,
    /// The valid hostile map, stored non-canonically so `fmt` names it.
    map: PathBuf,
    /// A path that does not exist, with a hostile name.
    missing: PathBuf,
}

fn setup() -> Hostile {
    let sb = Sandbox::new();
    let dir = sb.maps().join(hostile_name("folder"));
    fs::create_dir(&dir).expect("hostile folder");
    let canonical = to_canonical(&hostile_map()).expect("canonical text");
    // A blank line more than the canonical layout: valid, but not canonical.
    let map = dir.join(hostile_name("acme.ron"));
    fs::write(&map, format!("{canonical}\n")).expect("map");
    fs::write(dir.join(not_utf8_name()), &canonical).expect("map under a non-UTF-8 name");
    // Comments: `fmt` leaves the file and says so, naming it.
    let commented = canonical.replacen('\n', "\n// kept by hand\n", 1);
    fs::write(dir.join(hostile_name("commented.ron")), commented).expect("commented map");
    // Invalid: a stage id that breaks the id rules holds the payload.
    let mut invalid = hostile_map();
    invalid.stages[0].id = format!("kick {PAYLOAD}").into();
    let invalid = to_canonical(&invalid).expect("canonical text");
    fs::write(dir.join(hostile_name("invalid.ron")), invalid).expect("invalid map");
    // A syntax error on raw control characters outside any string.
    fs::write(
        dir.join(hostile_name("syntax.ron")),
        format!("(format: 1, {PAYLOAD}: \"{PAYLOAD}\")\n"),
    )
    .expect("broken map");
    // Not UTF-8 inside.
    fs::write(
        dir.join(hostile_name("latin1.ron")),
        b"(format: 1, \xe9\x9b)\n",
    )
    .expect("latin1");
    let missing = dir.join(hostile_name("missing.ron"));
    Hostile {
        sb,
        dir,
        map,
        missing,
    }
}

/// Runs the binary in the sandbox with `args`.
fn run(h: &Hostile, args: &[&dyn AsRefOs]) -> Output {
    let mut cmd = h.sb.std_cmd();
    for a in args {
        cmd.arg(a.os());
    }
    cmd.output().expect("run journeymap")
}

/// Arguments of mixed kinds (`&str`, paths) in one list.
trait AsRefOs {
    fn os(&self) -> &std::ffi::OsStr;
}

impl AsRefOs for &str {
    fn os(&self) -> &std::ffi::OsStr {
        std::ffi::OsStr::new(self)
    }
}

impl AsRefOs for String {
    fn os(&self) -> &std::ffi::OsStr {
        std::ffi::OsStr::new(self)
    }
}

impl AsRefOs for PathBuf {
    fn os(&self) -> &std::ffi::OsStr {
        self.as_os_str()
    }
}

/// Scans both streams of a run, and returns them as text for more checks.
fn scan(what: &str, out: &Output) -> String {
    assert_harmless(&format!("{what} (stdout)"), &out.stdout);
    assert_harmless(&format!("{what} (stderr)"), &out.stderr);
    format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    )
}

/// Scans every file under `dir`.
fn scan_files(what: &str, dir: &Path) {
    let mut seen = 0;
    for entry in fs::read_dir(dir).expect("export folder") {
        let path = entry.expect("entry").path();
        let bytes = fs::read(&path).expect("exported file");
        assert_harmless(&format!("{what}: {}", path.display()), &bytes);
        seen += 1;
    }
    assert!(
        seen > 1,
        "{what}: nothing was exported into {}",
        dir.display()
    );
}

/// The escaped payload, as the program shows it: proof that the hostile
/// text reached the output (the scan would pass on silence too).
fn assert_shown_escaped(what: &str, text: &str) {
    assert!(
        text.contains("␛]0;pwned␇") && text.contains("\\u{202e}evil\\u{200b}"),
        "{what}: the payload is not shown escaped:\n{text}"
    );
}

#[test]
fn check_text_and_json_print_nothing_raw() {
    let h = setup();
    let text = scan("check", &run(&h, &[&"check", &h.dir, &"--today", &TODAY]));
    assert_shown_escaped("check", &text);
    assert!(text.contains("bad\u{fffd}\u{fffd}␛[2J"), "{text}");
    let out = run(
        &h,
        &[&"check", &h.dir, &"--format", &"json", &"--today", &TODAY],
    );
    scan("check --format json", &out);
    // The JSON still carries the exact text, escaped the JSON way.
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON report");
    let client = hostile_map().client.name;
    assert!(
        report["maps"]
            .as_array()
            .expect("maps")
            .iter()
            .any(|m| m["client"] == client.as_str()),
        "{report}"
    );
    let missing = scan("check missing", &run(&h, &[&"check", &h.missing]));
    assert_shown_escaped("check missing", &missing);
    scan(
        "check missing json",
        &run(&h, &[&"check", &h.missing, &"--format", &"json"]),
    );
}

#[test]
fn fmt_and_fmt_check_print_nothing_raw() {
    let h = setup();
    let check = scan("fmt --check", &run(&h, &[&"fmt", &"--check", &h.dir]));
    assert_shown_escaped("fmt --check", &check);
    assert!(check.contains("has comments"), "{check}");
    let fmt = scan("fmt", &run(&h, &[&"fmt", &h.dir]));
    assert!(fmt.contains("formatted "), "{fmt}");
    assert_shown_escaped("fmt", &fmt);
    scan("fmt missing", &run(&h, &[&"fmt", &h.missing]));
}

#[test]
fn export_to_stdout_files_and_folders_prints_and_writes_nothing_raw() {
    let h = setup();
    scan(
        "export to stdout",
        &run(&h, &[&"export", &h.map, &"--today", &TODAY]),
    );
    let out_dir = h.sb.path().join(hostile_name("out"));
    fs::create_dir(&out_dir).expect("out folder");
    let wrote = scan(
        "export -o folder",
        &run(
            &h,
            &[&"export", &h.map, &"-o", &out_dir, &"--today", &TODAY],
        ),
    );
    assert_shown_escaped("export -o folder", &wrote);
    let exists = scan(
        "export over an existing file",
        &run(
            &h,
            &[&"export", &h.map, &"-o", &out_dir, &"--today", &TODAY],
        ),
    );
    assert!(exists.contains("already exists"), "{exists}");
    let folder_out = h.sb.path().join(hostile_name("docs"));
    let folder = scan(
        "export folder",
        &run(
            &h,
            &[&"export", &h.dir, &"-o", &folder_out, &"--today", &TODAY],
        ),
    );
    assert!(folder.contains("could not be read"), "{folder}");
    assert_shown_escaped("export folder", &folder);
    // The Markdown escapes file names too: in the index's list of files
    // that could not be read, and in the documents.
    scan_files("folder export", &folder_out);
    scan("export folder without -o", &run(&h, &[&"export", &h.dir]));
    scan("export missing", &run(&h, &[&"export", &h.missing]));
}

#[test]
fn new_paths_and_the_app_print_nothing_raw() {
    let h = setup();
    let client = format!("{PAYLOAD} Client");
    let new = |h: &Hostile| {
        let mut cmd = h.sb.std_cmd();
        cmd.env("JOURNEYMAP_DIR", &h.dir)
            .args(["new", &client, "--manager", PAYLOAD]);
        cmd.output().expect("run journeymap")
    };
    let created = scan("new", &new(&h));
    assert_shown_escaped("new", &created);
    let exists = scan("new over an existing file", &new(&h));
    assert!(exists.contains("already exists"), "{exists}");
    scan(
        "new without letters",
        &run(&h, &[&"new", &"\u{1b}\u{202e}\u{9b}"]),
    );
    let paths = scan(
        "paths",
        &run(&h, &[&"paths", &"--dir", &h.dir, &"--config", &h.missing]),
    );
    assert_shown_escaped("paths", &paths);
    scan("review missing", &run(&h, &[&"review", &h.missing]));
    scan("review", &run(&h, &[&"review", &h.dir]));
    let app = scan("app missing", &run(&h, &[&h.missing]));
    assert_shown_escaped("app missing", &app);
    scan("path before command", &run(&h, &[&h.dir, &"check"]));
}

#[test]
fn a_broken_config_under_a_hostile_name_is_reported_harmlessly() {
    let h = setup();
    let config = h.sb.path().join(hostile_name("config.ron"));
    fs::write(&config, format!("(name: {PAYLOAD})")).expect("config");
    // The sandbox's folders, but this config file.
    let mut cmd = std::process::Command::new(assert_cmd::cargo::cargo_bin!("journeymap"));
    cmd.current_dir(h.sb.path())
        .env("JOURNEYMAP_DIR", &h.dir)
        .env("HOME", h.sb.path().join("home"))
        .env("XDG_CONFIG_HOME", h.sb.path().join("xdg-config"))
        .env("XDG_DATA_HOME", h.sb.path().join("xdg-data"))
        .env("XDG_STATE_HOME", h.sb.path().join("xdg-state"))
        .arg("--config")
        .arg(&config)
        .arg("check");
    let out = cmd.output().expect("run journeymap");
    let text = scan("broken config", &out);
    assert_shown_escaped("broken config", &text);
}

/// The errors the app shows too name files harmlessly on their own, not
/// only once a command prints them.
#[test]
fn load_save_and_export_errors_name_hostile_files_harmlessly() {
    use journeymap::export::ExportError;
    use journeymap::storage::{SaveGuard, load_map, save_map};
    let h = setup();
    let mut messages = Vec::new();
    for name in [hostile_name("missing.ron"), hostile_name("syntax.ron")] {
        match load_map(&h.dir.join(name)) {
            Ok(_) => panic!("a broken map loaded"),
            Err(e) => messages.push(e.to_string()),
        }
    }
    match save_map(&h.map, &hostile_map(), SaveGuard::New) {
        Ok(_) => panic!("saved over an existing file"),
        Err(e) => messages.push(e.to_string()),
    }
    messages.push(ExportError::Exists(h.map.clone()).to_string());
    for message in &messages {
        assert_harmless("error message", message.as_bytes());
        assert_shown_escaped("error message", message);
    }
}

#[test]
fn agenda_log_and_done_print_nothing_raw() {
    let h = setup();
    let agenda = scan(
        "agenda",
        &run(
            &h,
            &[&"agenda", &h.dir, &"--today", &TODAY, &"--days", &"400"],
        ),
    );
    assert_shown_escaped("agenda", &agenda);
    // A calendar file ends its lines in CRLF, as RFC 5545 says; nothing
    // else of the payload is left in it.
    let ics = run(
        &h,
        &[&"agenda", &h.map, &"--format", &"ics", &"--today", &TODAY],
    );
    let ics = String::from_utf8_lossy(&ics.stdout).replace("\r\n", "\n");
    assert!(ics.contains("]0\\;pwned"), "{ics}");
    assert_harmless("agenda ics", ics.as_bytes());
    // A stage that is not there: the message lists the map's stages.
    let wrong = format!("no such {PAYLOAD}");
    let log = scan(
        "log to a missing stage",
        &run(
            &h,
            &[
                &"log",
                &h.map,
                &"--stage",
                &wrong,
                &"feedback",
                &"--method",
                &"call",
                &"x",
            ],
        ),
    );
    assert_shown_escaped("log", &log);
    // Nothing matches: the open promises are listed.
    let done = scan(
        "done without a match",
        &run(&h, &[&"done", &h.map, &wrong, &"--today", &TODAY]),
    );
    assert!(done.contains("the open ones"), "{done}");
    assert_shown_escaped("done", &done);
}

#[test]
fn argument_errors_quote_what_was_typed_harmlessly_even_in_colour() {
    let h = setup();
    // clap colours its errors for a terminal, and then writes what was
    // typed as it was typed; CLICOLOR_FORCE makes it colour a pipe too.
    // The errors are printed plain, so no escape byte at all is expected.
    let flag = format!("--{PAYLOAD}");
    let log_args = [
        "log", "m.ron", "--stage", "s", "feedback", "--method", "call", "--score", PAYLOAD, "x",
    ];
    for (what, args) in [
        ("an unknown value", &["check", "--format", PAYLOAD][..]),
        ("an unknown flag", &["check", flag.as_str()][..]),
        ("a bad date", &["check", "--today", PAYLOAD][..]),
        ("a bad score", &log_args[..]),
    ] {
        let mut cmd = h.sb.std_cmd();
        cmd.env("CLICOLOR_FORCE", "1").args(args);
        let out = cmd.output().expect("run journeymap");
        assert_eq!(out.status.code(), Some(2), "{what}: a usage error");
        let text = scan(what, &out);
        assert!(
            text.contains("␛]0;pwned␇"),
            "{what}: not shown escaped:\n{text}"
        );
    }
}
