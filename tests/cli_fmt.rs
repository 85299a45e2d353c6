//! `journeymap fmt` through the real binary.

mod common;

use std::fs;

use common::cli::*;
use journeymap::storage::{load_map, to_canonical};
use predicates::prelude::*;

#[test]
fn check_lists_a_non_canonical_file_exits_1_and_changes_nothing() {
    let sb = Sandbox::new();
    sb.write_map("a.ron", &ok_map("Alpha"));
    let hand = sb.write("hand.ron", HAND_WRITTEN);
    sb.cmd()
        .args(["fmt", "--check"])
        .assert()
        .code(1)
        .stdout(format!("{}\n", hand.display()))
        .stderr(predicate::str::contains(
            "1 file is not in the canonical layout",
        ));
    assert_eq!(fs::read_to_string(&hand).unwrap(), HAND_WRITTEN);
}

#[test]
fn check_exits_0_when_everything_is_canonical() {
    let sb = Sandbox::new();
    sb.write_map("a.ron", &ok_map("Alpha"));
    sb.write_map("b.ron", &at_risk_map("Bravo"));
    sb.cmd()
        .args(["fmt", "--check"])
        .assert()
        .code(0)
        .stdout("");
}

#[test]
fn fmt_rewrites_into_the_canonical_layout_keeping_the_content() {
    let sb = Sandbox::new();
    let hand = sb.write("hand.ron", HAND_WRITTEN);
    let before = load_map(&hand).unwrap().map;
    sb.cmd()
        .args(["fmt", "maps/hand.ron"])
        .assert()
        .code(0)
        .stdout("formatted maps/hand.ron\n");
    let after = load_map(&hand).unwrap().map;
    assert_eq!(after, before);
    assert_eq!(
        fs::read_to_string(&hand).unwrap(),
        to_canonical(&after).unwrap()
    );
    sb.cmd().args(["fmt", "--check"]).assert().code(0);
}

#[test]
fn a_file_with_comments_is_left_alone_without_drop_comments() {
    let sb = Sandbox::new();
    let commented = sb.write("c.ron", WITH_COMMENT);
    sb.cmd()
        .args(["fmt"])
        .assert()
        .code(0)
        .stdout("")
        .stderr(predicate::str::contains("c.ron: has comments"))
        .stderr(predicate::str::contains("--drop-comments"));
    assert_eq!(fs::read_to_string(&commented).unwrap(), WITH_COMMENT);
    // `--check` reports what a plain run would rewrite: nothing here.
    sb.cmd().args(["fmt", "--check"]).assert().code(0);
    sb.cmd()
        .args(["fmt", "--check", "--drop-comments"])
        .assert()
        .code(1);
    assert_eq!(fs::read_to_string(&commented).unwrap(), WITH_COMMENT);
}

#[test]
fn drop_comments_rewrites_and_says_so() {
    let sb = Sandbox::new();
    let commented = sb.write("c.ron", WITH_COMMENT);
    sb.cmd()
        .args(["fmt", "--drop-comments"])
        .assert()
        .code(0)
        .stdout(predicate::str::contains("(comments dropped)"));
    let text = fs::read_to_string(&commented).unwrap();
    assert!(!text.contains("//"), "{text}");
    let loaded = load_map(&commented).unwrap();
    assert_eq!(loaded.map.client.name, "Commented Inc");
    assert_eq!(text, to_canonical(&loaded.map).unwrap());
}

#[test]
fn an_invalid_file_is_reported_with_its_place_and_never_written() {
    let sb = Sandbox::new();
    let broken = sb.write("broken.ron", INVALID);
    let hand = sb.write("hand.ron", HAND_WRITTEN);
    sb.cmd()
        .args(["fmt"])
        .assert()
        .code(2)
        .stdout(predicate::str::contains("formatted"))
        .stderr(predicate::str::is_match(r"broken\.ron:9:\d+: .*score 9").unwrap());
    assert_eq!(fs::read_to_string(&broken).unwrap(), INVALID);
    // The valid file next to it was still formatted.
    let map = load_map(&hand).unwrap().map;
    assert_eq!(
        fs::read_to_string(&hand).unwrap(),
        to_canonical(&map).unwrap()
    );
    sb.cmd().args(["fmt", "--check"]).assert().code(2);
    assert_eq!(fs::read_to_string(&broken).unwrap(), INVALID);
}

#[test]
fn a_missing_path_is_an_error_naming_it() {
    let sb = Sandbox::new();
    sb.cmd()
        .args(["fmt", "gone.ron"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("gone.ron: no such file"));
}

#[test]
fn fmt_keeps_a_hard_link_and_every_name_sees_the_new_layout() {
    use std::os::unix::fs::MetadataExt;
    let sb = Sandbox::new();
    let hand = sb.write("hand.ron", HAND_WRITTEN);
    let other = sb.path().join("shared-copy.ron");
    fs::hard_link(&hand, &other).unwrap();
    sb.cmd()
        .args(["fmt", "maps/hand.ron"])
        .assert()
        .code(0)
        .stdout("formatted maps/hand.ron\n");
    let canonical = to_canonical(&load_map(&hand).unwrap().map).unwrap();
    assert_eq!(fs::read_to_string(&hand).unwrap(), canonical);
    assert_eq!(fs::read_to_string(&other).unwrap(), canonical);
    assert_eq!(fs::metadata(&hand).unwrap().nlink(), 2);
    assert_eq!(entries(&sb.maps()), ["hand.ron"]);
}

/// Names in a folder, sorted.
fn entries(dir: &std::path::Path) -> Vec<String> {
    let mut names: Vec<String> = fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

#[test]
fn fmt_never_replaces_a_file_the_user_may_not_write() {
    use std::os::unix::fs::{MetadataExt, PermissionsExt};
    if std::process::Command::new("setpriv")
        .arg("--version")
        .output()
        .is_err()
    {
        eprintln!("SKIPPED: setpriv is not installed; cannot run as another user");
        return;
    }
    let sb = Sandbox::new();
    // A folder anyone may write (not sticky, unlike /tmp): renaming over
    // the file would succeed, which is what must not happen.
    for dir in [sb.path(), &sb.maps()] {
        fs::set_permissions(dir, fs::Permissions::from_mode(0o777)).unwrap();
    }
    let hand = sb.write("hand.ron", HAND_WRITTEN);
    fs::set_permissions(&hand, fs::Permissions::from_mode(0o444)).unwrap();
    let owner = fs::metadata(&hand).unwrap().uid();
    let mut cmd = std::process::Command::new("setpriv");
    cmd.args(["--reuid=65534", "--regid=65534", "--clear-groups"])
        .arg(assert_cmd::cargo::cargo_bin!("journeymap"))
        .args(["--config"])
        .arg(sb.config())
        .args(["fmt", "maps/hand.ron"])
        .current_dir(sb.path())
        .env("JOURNEYMAP_DIR", sb.maps())
        .env("HOME", sb.path().join("home"))
        .env("XDG_STATE_HOME", sb.path().join("xdg-state"));
    let out = cmd.output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains(
            "maps/hand.ron: not overwritten: the file is read-only for you (its permissions do \
             not let you write it)"
        ),
        "{stderr}"
    );
    assert_eq!(fs::read_to_string(&hand).unwrap(), HAND_WRITTEN);
    let meta = fs::metadata(&hand).unwrap();
    assert_eq!((meta.uid(), meta.mode() & 0o7777), (owner, 0o444));
    assert_eq!(entries(&sb.maps()), ["hand.ron"]);
}

#[test]
fn fmt_upgrades_a_format_1_file_and_its_findings_stay_the_same() {
    let sb = Sandbox::new();
    let old = include_str!("data/format1-example.ron");
    let path = sb.write("old.ron", old);
    let check = || {
        let out = sb
            .cmd()
            .args([
                "check",
                "--today",
                TODAY,
                "--format",
                "json",
                "maps/old.ron",
            ])
            .output()
            .expect("runs");
        String::from_utf8(out.stdout).expect("UTF-8")
    };
    let before = check();
    sb.cmd()
        .args(["fmt", "--check"])
        .assert()
        .code(1)
        .stdout(format!("{}\n", path.display()));
    sb.cmd().args(["fmt", "maps/old.ron"]).assert().code(0);
    let text = fs::read_to_string(&path).unwrap();
    assert_eq!(
        text,
        old.replacen("format: 1,", "format: 2,", 1).replacen(
            "    stages: [\n",
            "    now: None,\n    stages: [\n",
            1
        )
    );
    assert_eq!(check(), before);
    sb.cmd().args(["fmt", "--check"]).assert().code(0);
}
