//! `--at REV` through the real binary: `check` and `export` of a
//! revision give what they give on that revision's file, and the app
//! opens it read-only, refusing edits and saves.

mod common;

use std::fs;
use std::path::Path;

use common::cli::*;
use journeymap::synth::history::{GeneratedHistory, HistorySpec, git, write_history};
use predicates::prelude::*;
use rexpect::session::spawn_command;
use serde_json::Value;

fn generated() -> (Sandbox, GeneratedHistory) {
    let sb = Sandbox::new();
    let spec = HistorySpec {
        commits: 60,
        ..HistorySpec::year(21)
    };
    let made = write_history(sb.path(), &spec).expect("history written");
    (sb, made)
}

/// The revision's file, as `git show` gives it, in a temp file.
fn show(dir: &Path, rev: &str, path: &str, out: &Path) -> std::path::PathBuf {
    let bytes = git(dir, &["show", &format!("{rev}:{path}")], None).expect("git show");
    let file = out.join(path.rsplit('/').next().unwrap_or(path));
    fs::write(&file, bytes).expect("written");
    file
}

fn short(dir: &Path, rev: &str) -> String {
    let out = git(dir, &["rev-parse", "--short=7", rev], None).expect("rev-parse");
    String::from_utf8_lossy(&out).trim().to_string()
}

fn json(sb: &Sandbox, args: &[&str]) -> Value {
    let out = sb.cmd().args(args).output().expect("runs");
    serde_json::from_slice(&out.stdout).expect("json")
}

#[test]
fn check_at_a_revision_is_check_of_that_revisions_file() {
    let (sb, made) = generated();
    let map = &made.maps[0];
    let old = tempfile::tempdir().expect("temp dir");
    let file = show(sb.path(), "HEAD~30", map, old.path());
    let at = json(
        &sb,
        &[
            "check",
            "--format",
            "json",
            "--fail-on",
            "never",
            "--today",
            TODAY,
            "--at",
            "HEAD~30",
            map,
        ],
    );
    let plain = json(
        &sb,
        &[
            "check",
            "--format",
            "json",
            "--fail-on",
            "never",
            "--today",
            TODAY,
            file.to_str().unwrap_or(""),
        ],
    );
    assert_eq!(
        at["maps"][0]["path"],
        format!("{}:{map}", short(sb.path(), "HEAD~30"))
    );
    for field in ["client", "status", "risk", "stages", "findings"] {
        assert_eq!(at["maps"][0][field], plain["maps"][0][field], "{field}");
    }
    // The file on disk is another version: the revision was read.
    let now = json(
        &sb,
        &[
            "check",
            "--format",
            "json",
            "--fail-on",
            "never",
            "--today",
            TODAY,
            map,
        ],
    );
    assert_ne!(now["maps"][0]["findings"], at["maps"][0]["findings"]);
    // A folder at a revision: every map it had then.
    let folder = json(
        &sb,
        &[
            "check",
            "--format",
            "json",
            "--fail-on",
            "never",
            "--today",
            TODAY,
            "--at",
            "HEAD~30",
            "maps",
        ],
    );
    assert_eq!(
        folder["maps"].as_array().map(Vec::len),
        Some(made.maps.len())
    );
}

#[test]
fn check_at_explains_bad_revisions_and_missing_files() {
    let (sb, _) = generated();
    sb.cmd()
        .args(["check", "--today", TODAY, "--at", "no-such-rev", "maps"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "`no-such-rev` is not a commit in this repository",
        ));
    sb.cmd()
        .args([
            "check",
            "--today",
            TODAY,
            "--at",
            "HEAD",
            "maps/missing.ron",
        ])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "maps/missing.ron: not in revision",
        ));
    let outside = Sandbox::new();
    outside.write_map("acme.ron", &ok_map("Acme Corp"));
    outside
        .cmd()
        .args(["check", "--today", TODAY, "--at", "HEAD", "maps/acme.ron"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "maps/acme.ron: not in a git repository",
        ));
    // Before the command it means nothing, and says so.
    sb.cmd()
        .args(["--at", "HEAD", "check"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("--at comes after the command"));
}

#[test]
fn export_at_a_revision_is_the_export_of_that_revisions_file() {
    let (sb, made) = generated();
    let map = &made.maps[1];
    let old = tempfile::tempdir().expect("temp dir");
    let file = show(sb.path(), "HEAD~40", map, old.path());
    let at = sb
        .cmd()
        .args(["export", "--today", TODAY, "--at", "HEAD~40", map])
        .output()
        .expect("runs");
    let plain = sb
        .cmd()
        .args(["export", "--today", TODAY])
        .arg(&file)
        .output()
        .expect("runs");
    assert_eq!(
        at.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&at.stderr)
    );
    assert_eq!(at.stdout, plain.stdout);
    let now = sb
        .cmd()
        .args(["export", "--today", TODAY, map])
        .output()
        .expect("runs");
    assert_ne!(now.stdout, at.stdout);
}

#[test]
fn the_app_at_a_revision_is_read_only_and_refuses_edits_and_saves() {
    let (sb, made) = generated();
    let map = sb.path().join(&made.maps[0]);
    let before = fs::read(&map).expect("read");
    let mut cmd = common::pty::app_command(&format!(
        "--at HEAD~10 '{}' --today 2026-11-23 --no-color",
        map.display()
    ));
    cmd.current_dir(sb.path());
    let mut p = spawn_command(cmd, Some(20_000)).expect("spawn in a pty");
    // The backend sends only changed cells: match single words.
    p.exp_string("read-only").expect("the title says read-only");
    p.send("a").expect("send");
    p.flush().expect("flush");
    p.exp_string("nothing").expect("an edit is refused");
    p.send("\u{13}").expect("send ctrl-s");
    p.flush().expect("flush");
    p.exp_string("never").expect("a save is refused");
    p.send("q").expect("send");
    p.flush().expect("flush");
    p.exp_eof().expect("the app exits");
    assert_eq!(
        fs::read(&map).expect("read"),
        before,
        "the file on disk is untouched"
    );
}
