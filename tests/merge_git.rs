//! The merge driver through a real `git merge`: each case of
//! `tests/data/merge/` (base, ours, theirs, expected) is merged in a
//! temporary repository with the driver set up by hand in its
//! `.git/config` and `.gitattributes`, both ways round; and the same
//! cases merged without the driver leave markers the app still opens.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use journeymap::model::Map;
use journeymap::storage::{load_map, parse_map};

const BIN: &str = env!("CARGO_BIN_EXE_journeymap");

fn cases() -> Vec<PathBuf> {
    let mut dirs: Vec<PathBuf> = fs::read_dir("tests/data/merge")
        .expect("the corpus")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.is_dir())
        .collect();
    dirs.sort();
    assert!(dirs.len() >= 12, "the corpus is missing cases: {dirs:?}");
    dirs
}

fn have_git() -> bool {
    let found = Command::new("git").arg("--version").output().is_ok();
    if !found {
        eprintln!("skipped: git is not installed");
    }
    found
}

fn git(dir: &Path, args: &[&str]) -> Output {
    Command::new("git")
        .args(args)
        .current_dir(dir)
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("HOME", dir)
        .env("GIT_AUTHOR_DATE", "2026-11-23T12:00:00Z")
        .env("GIT_COMMITTER_DATE", "2026-11-23T12:00:00Z")
        .output()
        .expect("git runs")
}

fn git_ok(dir: &Path, args: &[&str]) {
    let out = git(dir, args);
    assert!(
        out.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// A repository whose history holds `base`, then `ours` on `main` and
/// `theirs` on `other`; `m.ron` is the map. With `driver`, the merge
/// driver is configured as `journeymap git setup` would.
fn repo(base: &[u8], ours: &[u8], theirs: &[u8], driver: bool, style: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    let p = dir.path();
    git_ok(p, &["init", "-q", "-b", "main"]);
    git_ok(p, &["config", "user.name", "Test"]);
    git_ok(p, &["config", "user.email", "test@example.invalid"]);
    git_ok(p, &["config", "merge.conflictStyle", style]);
    if driver {
        fs::write(p.join(".gitattributes"), "*.ron merge=journeymap\n").expect("attributes");
        let command = format!("{BIN} merge-driver %O %A %B %L %P");
        git_ok(p, &["config", "merge.journeymap.driver", &command]);
        git_ok(p, &["config", "merge.journeymap.name", "journeymap maps"]);
    }
    let commit = |text: &[u8], message: &str| {
        fs::write(p.join("m.ron"), text).expect("write the map");
        git_ok(p, &["add", "-A"]);
        git_ok(p, &["commit", "-q", "--allow-empty", "-m", message]);
    };
    commit(base, "base");
    git_ok(p, &["checkout", "-q", "-b", "other"]);
    commit(theirs, "theirs");
    git_ok(p, &["checkout", "-q", "main"]);
    commit(ours, "ours");
    dir
}

fn read(case: &Path, name: &str) -> Vec<u8> {
    fs::read(case.join(name)).unwrap_or_else(|e| panic!("{}/{name}: {e}", case.display()))
}

/// Whether the expected result is a conflict for git.
fn conflicted(expected: &[u8]) -> bool {
    let text = String::from_utf8_lossy(expected);
    text.contains("\n    conflicts: [") || text.starts_with("<<<<<<<")
}

#[test]
fn every_case_merges_through_git_as_expected_both_ways_round() {
    if !have_git() {
        return;
    }
    for case in cases() {
        let (base, ours, theirs) = (
            read(&case, "base.ron"),
            read(&case, "ours.ron"),
            read(&case, "theirs.ron"),
        );
        let expected = read(&case, "expected.ron");
        let conflict = conflicted(&expected);
        for swapped in [false, true] {
            let (a, b) = if swapped {
                (&theirs, &ours)
            } else {
                (&ours, &theirs)
            };
            let dir = repo(&base, a, b, true, "merge");
            let out = git(dir.path(), &["merge", "--no-edit", "other"]);
            let merged = fs::read(dir.path().join("m.ron")).expect("merged map");
            let name = format!("{} (swapped: {swapped})", case.display());
            assert_eq!(
                !out.status.success(),
                conflict,
                "{name}: git merge said {}{}",
                String::from_utf8_lossy(&out.stdout),
                String::from_utf8_lossy(&out.stderr)
            );
            if !swapped {
                assert_eq!(
                    String::from_utf8_lossy(&merged),
                    String::from_utf8_lossy(&expected),
                    "{name}"
                );
            } else if !conflict {
                // A clean merge does not depend on which side is ours.
                assert_eq!(
                    String::from_utf8_lossy(&merged),
                    String::from_utf8_lossy(&expected),
                    "{name}"
                );
            }
            if conflict {
                let status = git(dir.path(), &["status", "--porcelain"]);
                assert!(
                    String::from_utf8_lossy(&status.stdout).contains("UU m.ron"),
                    "{name}"
                );
            }
        }
    }
}

/// What a map file holds, read as the app reads it.
fn map_of(bytes: &[u8]) -> Map {
    parse_map(std::str::from_utf8(bytes).expect("utf-8")).expect("a map")
}

#[test]
fn a_conflicted_result_opens_and_check_names_each_conflict() {
    for case in cases() {
        let expected = read(&case, "expected.ron");
        if !conflicted(&expected) || expected.starts_with(b"<<<<<<<") {
            continue;
        }
        let map = map_of(&expected);
        assert!(!map.conflicts.is_empty());
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("m.ron");
        fs::write(&path, &expected).expect("write");
        let out = Command::new(BIN)
            .args(["check", "--today", "2026-11-23"])
            .arg(&path)
            .output()
            .expect("check runs");
        assert_eq!(out.status.code(), Some(2), "{}", case.display());
        let err = String::from_utf8_lossy(&out.stderr);
        for (i, c) in map.conflicts.iter().enumerate() {
            let line = format!(
                "conflicts[{i}]: unresolved merge conflict: {}",
                c.describe()
            );
            assert!(err.contains(&line), "{}: {err}", case.display());
        }
    }
}

/// A map both branches added: git gives the driver an empty base, and
/// nothing counts as deleted.
#[test]
fn a_map_added_on_both_branches_merges_without_a_base() {
    if !have_git() {
        return;
    }
    let case = Path::new("tests/data/merge/both-add-feedback");
    let (ours, theirs) = (read(case, "ours.ron"), read(case, "theirs.ron"));
    let dir = tempfile::tempdir().expect("temp dir");
    let p = dir.path();
    git_ok(p, &["init", "-q", "-b", "main"]);
    git_ok(p, &["config", "user.name", "Test"]);
    git_ok(p, &["config", "user.email", "test@example.invalid"]);
    fs::write(p.join(".gitattributes"), "*.ron merge=journeymap\n").expect("attributes");
    let command = format!("{BIN} merge-driver %O %A %B %L %P");
    git_ok(p, &["config", "merge.journeymap.driver", &command]);
    git_ok(p, &["add", "-A"]);
    git_ok(p, &["commit", "-q", "-m", "no map yet"]);
    git_ok(p, &["checkout", "-q", "-b", "other"]);
    fs::write(p.join("m.ron"), &theirs).expect("theirs");
    git_ok(p, &["add", "-A"]);
    git_ok(p, &["commit", "-q", "-m", "theirs"]);
    git_ok(p, &["checkout", "-q", "main"]);
    fs::write(p.join("m.ron"), &ours).expect("ours");
    git_ok(p, &["add", "-A"]);
    git_ok(p, &["commit", "-q", "-m", "ours"]);
    let out = git(p, &["merge", "--no-edit", "other"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    let merged = map_of(&fs::read(p.join("m.ron")).expect("merged"));
    // Both sides' new feedback, and the one they share, once.
    let summaries: Vec<&str> = merged.stages[0]
        .feedback
        .iter()
        .map(|f| f.summary.as_str())
        .collect();
    assert_eq!(
        summaries,
        [
            "Happy with onboarding, unsure about billing",
            "Asked for a billing call",
            "Billing call went well"
        ]
    );
}

#[test]
fn fmt_leaves_a_file_with_git_markers_as_it_is() {
    let case = Path::new("tests/data/merge/conflict-same-field");
    let (ours, base, theirs) = (
        read(case, "ours.ron"),
        read(case, "base.ron"),
        read(case, "theirs.ron"),
    );
    let text = journeymap::storage::git_markers::whole_file(&ours, &base, &theirs, 7, "m.ron");
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("m.ron");
    fs::write(&path, &text).expect("write");
    for check in [false, true] {
        let mut cmd = Command::new(BIN);
        cmd.arg("fmt");
        if check {
            cmd.arg("--check");
        }
        let out = cmd.arg(&path).output().expect("fmt runs");
        assert_eq!(out.status.code(), Some(2));
        assert!(
            String::from_utf8_lossy(&out.stderr)
                .contains("holds git's conflict markers; left as is")
        );
        assert_eq!(
            fs::read(&path).expect("read"),
            text,
            "the file is not touched"
        );
    }
}

#[test]
fn a_side_that_is_not_a_map_leaves_every_version_in_markers() {
    let case = Path::new("tests/data/merge/side-not-a-map");
    let expected = String::from_utf8(read(case, "expected.ron")).expect("utf-8");
    for side in ["ours.ron", "base.ron", "theirs.ron"] {
        let text = String::from_utf8(read(case, side)).expect("utf-8");
        assert!(expected.contains(&text), "{side} is lost");
    }
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("m.ron");
    fs::write(&path, &expected).expect("write");
    let err = load_map(&path)
        .expect_err("their side is not a map")
        .to_string();
    assert!(
        err.contains("the file holds git's conflict markers"),
        "{err}"
    );
    assert!(
        err.contains("their side rebuilt from them is not a map"),
        "{err}"
    );
}

/// git merges the lines outside its conflicts itself, and a line merge can
/// make a side that is no map: here ours moved a stage up while theirs
/// edited it where it was, so the rebuilt side holds it twice.
const LINE_MERGE_BREAKS: &[&str] = &["reorder-and-edit"];

#[test]
fn merged_without_the_driver_the_markers_open_as_the_driver_would_merge() {
    if !have_git() {
        return;
    }
    for style in ["diff3", "merge"] {
        for case in cases() {
            let expected = read(&case, "expected.ron");
            if expected.starts_with(b"<<<<<<<") {
                continue;
            }
            let (base, ours, theirs) = (
                read(&case, "base.ron"),
                read(&case, "ours.ron"),
                read(&case, "theirs.ron"),
            );
            let dir = repo(&base, &ours, &theirs, false, style);
            let out = git(dir.path(), &["merge", "--no-edit", "other"]);
            let path = dir.path().join("m.ron");
            let name = format!("{} ({style})", case.display());
            let breaks = LINE_MERGE_BREAKS.iter().any(|c| case.ends_with(c));
            match load_map(&path) {
                Ok(loaded) if out.status.success() => {
                    // git merged the lines itself: no markers.
                    assert!(!loaded.from_markers, "{name}");
                    continue;
                }
                Ok(loaded) => {
                    assert!(!breaks, "{name}: expected the rebuilt side to break");
                    assert!(loaded.from_markers, "{name}");
                    if style == "diff3" {
                        // With the base, the sides merge as the driver did.
                        assert_eq!(loaded.map, map_of(&expected), "{name}");
                    } else {
                        // Without it nothing is known deleted: whatever
                        // either side holds is kept.
                        for side in [&ours, &theirs] {
                            for stage in &map_of(side).stages {
                                assert!(
                                    loaded.map.stages.iter().any(|s| s.id == stage.id),
                                    "{name}: {}",
                                    stage.id
                                );
                            }
                        }
                    }
                }
                Err(e) => {
                    assert!(breaks, "{name}: {e}");
                    let e = e.to_string();
                    assert!(
                        e.contains("git's conflict markers") && e.contains("git checkout -m"),
                        "{e}"
                    );
                }
            }
            // The way out the message gives: the driver, then merge the
            // file again.
            fs::write(
                dir.path().join(".gitattributes"),
                "*.ron merge=journeymap\n",
            )
            .expect("attributes");
            let command = format!("{BIN} merge-driver %O %A %B %L %P");
            git_ok(dir.path(), &["config", "merge.journeymap.driver", &command]);
            git(dir.path(), &["checkout", "-m", "m.ron"]);
            let again = fs::read(&path).expect("merged again");
            assert_eq!(
                String::from_utf8_lossy(&again),
                String::from_utf8_lossy(&expected),
                "{name}"
            );
        }
    }
}
