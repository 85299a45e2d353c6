//! `journeymap history` through the real binary, on repositories written
//! by the history generator: every entry against `check` at that
//! revision, renames, merges (first parent), a shallow clone, outside a
//! repository, a map never committed, the uncommitted file, `--since`.

mod common;

use std::fs;
use std::path::Path;

use common::cli::*;
use journeymap::synth::history::{GeneratedHistory, HistorySpec, git, write_history};
use predicates::prelude::*;
use serde_json::Value;

/// A sandbox whose folder is a repository with a generated history.
fn generated(commits: usize, seed: u64) -> (Sandbox, GeneratedHistory) {
    let sb = Sandbox::new();
    let spec = HistorySpec {
        commits,
        ..HistorySpec::year(seed)
    };
    let made = write_history(sb.path(), &spec).expect("history written");
    (sb, made)
}

fn run_git(dir: &Path, args: &[&str]) -> String {
    String::from_utf8(git(dir, args, None).expect("git runs")).expect("utf-8")
}

fn history_json(sb: &Sandbox, dir: &Path, args: &[&str]) -> Value {
    let out = sb
        .cmd()
        .current_dir(dir)
        .args(["history", "--format", "json", "--today", TODAY])
        .args(args)
        .output()
        .expect("runs");
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("json")
}

fn entries(report: &Value) -> &Vec<Value> {
    report["entries"].as_array().expect("entries")
}

/// The short ids `git log --first-parent --follow` lists, oldest first.
fn git_log(dir: &Path, path: &str) -> Vec<String> {
    let mut ids: Vec<String> = run_git(
        dir,
        &[
            "log",
            "--first-parent",
            "--follow",
            "--format=%h",
            "--abbrev=7",
            "--",
            path,
        ],
    )
    .lines()
    .map(str::to_string)
    .collect();
    ids.reverse();
    ids
}

#[test]
fn each_entry_is_what_check_says_of_that_revision_on_its_date() {
    let (sb, made) = generated(120, 11);
    let dir = sb.path();
    for map in &made.maps[..2] {
        let report = history_json(&sb, dir, &[map]);
        assert_eq!(report["reaches"], "added");
        let list = entries(&report);
        let shorts: Vec<&str> = list.iter().filter_map(|e| e["short"].as_str()).collect();
        assert_eq!(shorts, git_log(dir, map), "{map}");
        assert!(list.len() > 5, "{map}: {} entries", list.len());
        let out_dir = tempfile::tempdir().expect("temp dir");
        for entry in list {
            let short = entry["short"].as_str().expect("a commit");
            let date = entry["date"].as_str().expect("a date");
            // The file exactly as that commit has it.
            let bytes = git(dir, &["show", &format!("{short}:{map}")], None).expect("git show");
            let file = out_dir.path().join(format!("{short}.ron"));
            fs::write(&file, bytes).expect("written");
            let out = sb
                .cmd()
                .args([
                    "check",
                    "--format",
                    "json",
                    "--fail-on",
                    "never",
                    "--today",
                    date,
                ])
                .arg(&file)
                .output()
                .expect("check runs");
            let check: Value = serde_json::from_slice(&out.stdout).expect("check json");
            let checked = &check["maps"][0];
            for field in ["client", "status", "risk", "stages", "findings"] {
                assert_eq!(
                    entry[field], checked[field],
                    "{map} at {short} ({date}): {field}"
                );
            }
        }
        // Appeared and cleared add up: each entry's findings are the ones
        // before, less those cleared, plus those appeared.
        for pair in list.windows(2) {
            let count = |v: &Value| v.as_array().map_or(0, Vec::len) as i64;
            assert_eq!(
                count(&pair[1]["findings"]),
                count(&pair[0]["findings"]) - count(&pair[1]["cleared"])
                    + count(&pair[1]["appeared"]),
                "at {}",
                pair[1]["short"]
            );
        }
    }
}

#[test]
fn text_lists_each_commit_with_author_status_and_changes() {
    let (sb, made) = generated(40, 3);
    let map = &made.maps[0];
    let log = git_log(sb.path(), map);
    sb.cmd()
        .args(["history", "--today", TODAY, map])
        .assert()
        .code(0)
        .stdout(predicate::str::contains(format!(
            "{} commits changed it",
            log.len()
        )))
        .stdout(predicate::str::contains("All of it: the map was added in"))
        .stdout(predicate::str::contains(format!(
            "2025-11-24  {}  Dana Ruiz",
            log[0]
        )))
        .stdout(predicate::str::contains("first version"))
        .stdout(predicate::str::contains("now, uncommitted").not());
}

#[test]
fn renames_are_followed_with_and_without_changes() {
    let (sb, made) = generated(30, 5);
    let dir = sb.path();
    let map = &made.maps[0];
    let before = git_log(dir, map).len();
    // A pure rename, then a rename into a folder with an edit.
    run_git(dir, &["mv", map, "maps/renamed.ron"]);
    run_git(
        dir,
        &[
            "commit",
            "-q",
            "-m",
            "rename",
            "--date",
            "2026-02-02T10:00:00",
        ],
    );
    fs::create_dir_all(dir.join("maps/key")).expect("folder");
    run_git(dir, &["mv", "maps/renamed.ron", "maps/key/client.ron"]);
    let text = fs::read_to_string(dir.join("maps/key/client.ron")).expect("read");
    fs::write(
        dir.join("maps/key/client.ron"),
        text.replacen("title: \"", "title: \"Key account: ", 1),
    )
    .expect("write");
    run_git(dir, &["commit", "-q", "-am", "move and retitle"]);
    let report = history_json(&sb, dir, &["maps/key/client.ron"]);
    let list = entries(&report);
    assert_eq!(list.len(), before + 2);
    assert_eq!(report["reaches"], "added");
    assert_eq!(list[0]["path"], map.as_str());
    assert_eq!(list[before]["path"], "maps/renamed.ron");
    assert_eq!(list[before]["summary"], format!("renamed from {map}"));
    let last = list[before + 1]["summary"].as_str().expect("summary");
    assert!(
        last.starts_with("renamed from maps/renamed.ron; title changed"),
        "{last}"
    );
}

#[test]
fn merges_count_on_the_first_parent_only() {
    let (sb, made) = generated(20, 7);
    let dir = sb.path();
    let map = &made.maps[0];
    let before = git_log(dir, map).len();
    run_git(dir, &["checkout", "-q", "-b", "side"]);
    for title in ["one", "two"] {
        let text = fs::read_to_string(dir.join(map)).expect("read");
        fs::write(
            dir.join(map),
            text.replacen("title: \"", &format!("title: \"{title} "), 1),
        )
        .expect("write");
        run_git(dir, &["commit", "-q", "-am", title]);
    }
    run_git(dir, &["checkout", "-q", "main"]);
    run_git(dir, &["merge", "-q", "--no-ff", "-m", "merge side", "side"]);
    let report = history_json(&sb, dir, &[map]);
    let list = entries(&report);
    // The two side commits are one change on main: the merge.
    assert_eq!(list.len(), before + 1);
    let merge = run_git(dir, &["rev-parse", "--short=7", "HEAD"]);
    assert_eq!(list[before]["short"], merge.trim());
    assert_eq!(list[before]["subject"], "merge side");
}

#[test]
fn a_shallow_clone_says_how_far_back_it_sees() {
    let (sb, made) = generated(40, 9);
    let map = &made.maps[0];
    let clone = sb.path().join("clone");
    let url = format!("file://{}", sb.path().display());
    run_git(
        sb.path(),
        &[
            "clone",
            "-q",
            "--depth",
            "3",
            &url,
            clone.to_str().expect("utf-8"),
        ],
    );
    let report = history_json(&sb, &clone, &[map]);
    assert_eq!(report["reaches"], "shallow");
    let list = entries(&report);
    assert!(
        !list.is_empty() && list.len() <= 3,
        "{} entries",
        list.len()
    );
    let reach = report["reach"].as_str().expect("reach");
    assert!(
        reach.contains("shallow clone") && reach.contains("--unshallow"),
        "{reach}"
    );
    sb.cmd()
        .current_dir(&clone)
        .args(["history", "--today", TODAY, map])
        .assert()
        .code(0)
        .stdout(predicate::str::contains(
            "This is a shallow clone: its history stops at",
        ));
}

#[test]
fn outside_a_repository_it_says_so_and_exits_2() {
    let sb = Sandbox::new();
    let file = sb.write_map("acme.ron", &ok_map("Acme Corp"));
    sb.cmd()
        .args(["history", "--today", TODAY])
        .arg(&file)
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "acme.ron: not in a git repository",
        ))
        .stderr(predicate::str::contains("panicked").not());
}

#[test]
fn a_map_never_committed_is_shown_as_it_is_now() {
    let (sb, _) = generated(5, 1);
    sb.write_map("new.ron", &at_risk_map("Newco"));
    let report = history_json(&sb, sb.path(), &["maps/new.ron"]);
    assert_eq!(report["reaches"], "not-committed");
    let list = entries(&report);
    assert_eq!(list.len(), 1);
    assert_eq!(list[0]["uncommitted"], true);
    assert_eq!(list[0]["date"], TODAY);
    assert_eq!(list[0]["status"], "at-risk");
    sb.cmd()
        .args(["history", "--today", TODAY, "maps/new.ron"])
        .assert()
        .code(0)
        .stdout(predicate::str::contains("has never been committed"))
        .stdout(predicate::str::contains("2026-11-23  now, uncommitted"));
    // A folder is not a map.
    sb.cmd()
        .args(["history", "--today", TODAY, "maps"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "maps is a folder: history shows one map",
        ));
    // Neither committed nor on disk: nothing to show.
    sb.cmd()
        .args(["history", "--today", TODAY, "maps/gone.ron"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "maps/gone.ron: not in the last commit",
        ));
}

#[test]
fn the_uncommitted_file_comes_last_as_of_today_only_when_it_differs() {
    let (sb, made) = generated(20, 2);
    let map = &made.maps[1];
    let committed = entries(&history_json(&sb, sb.path(), &[map])).len();
    let text = fs::read_to_string(sb.path().join(map)).expect("read");
    fs::write(
        sb.path().join(map),
        text.replacen("title: \"", "title: \"Edited ", 1),
    )
    .expect("write");
    let report = history_json(&sb, sb.path(), &[map]);
    let list = entries(&report);
    assert_eq!(list.len(), committed + 1);
    let last = &list[committed];
    assert_eq!(last["uncommitted"], true);
    assert_eq!(last["commit"], Value::Null);
    assert_eq!(last["date"], TODAY);
    assert!(
        last["summary"]
            .as_str()
            .is_some_and(|s| s.starts_with("title changed"))
    );
    // A file that no longer reads is an entry with its error, not a failure.
    fs::write(sb.path().join(map), "(format: 1, client: ").expect("write");
    let report = history_json(&sb, sb.path(), &[map]);
    let last = entries(&report).last().cloned().unwrap_or_default();
    assert_eq!(last["status"], Value::Null);
    assert!(
        last["error"]
            .as_str()
            .is_some_and(|e| e.contains(map.as_str())),
        "{last}"
    );
}

#[test]
fn since_shows_the_later_commits_compared_with_the_one_before() {
    let (sb, made) = generated(120, 4);
    let map = &made.maps[0];
    let all = history_json(&sb, sb.path(), &[map]);
    let all = entries(&all);
    let since = "2026-03-01";
    let report = history_json(&sb, sb.path(), &["--since", since, map]);
    assert_eq!(report["reaches"], "since");
    let list = entries(&report);
    let later: Vec<&Value> = all
        .iter()
        .filter(|e| e["date"].as_str() >= Some(since))
        .collect();
    assert_eq!(list.len(), later.len());
    for (a, b) in list.iter().zip(later) {
        assert_eq!(a, b);
    }
}
