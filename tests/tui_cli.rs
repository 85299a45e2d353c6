//! `journeymap [PATH]` outside a terminal: what can be checked before the
//! screen is taken is reported plainly, with exit code 2.

use assert_cmd::Command;
use predicates::str::contains;

fn journeymap() -> Command {
    let mut cmd = Command::cargo_bin("journeymap").unwrap();
    cmd.env_remove("JOURNEYMAP_DIR");
    cmd
}

#[test]
fn a_map_that_cannot_be_read_is_reported_with_its_place() {
    journeymap()
        .args(["tests/data/tui/maps/broken.ron", "--today", "2026-11-23"])
        .assert()
        .code(2)
        .stdout("")
        .stderr(contains("tests/data/tui/maps/broken.ron:14:24:"))
        .stderr(contains("2026-02-30"));
}

#[test]
fn a_missing_path_is_an_error() {
    journeymap()
        .args(["tests/data/tui/no-such-folder", "--today", "2026-11-23"])
        .assert()
        .code(2)
        .stdout("")
        .stderr(contains("no-such-folder: no such file or folder"));
}

#[test]
fn without_a_terminal_the_app_says_what_to_use_instead() {
    journeymap()
        .args(["tests/data/tui/maps", "--today", "2026-11-23"])
        .assert()
        .code(2)
        .stdout("")
        .stderr(contains("needs a terminal"))
        .stderr(contains("journeymap check"));
}
