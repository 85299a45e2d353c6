//! `paths`, `completions`, `--help`, `--version` and option placement.

mod common;

use common::cli::*;
use predicates::prelude::*;

#[test]
fn paths_prints_the_folders_in_use() {
    let sb = Sandbox::new();
    let out = sb.cmd().arg("paths").output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    let text = String::from_utf8(out.stdout).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 3, "{text}");
    assert_eq!(lines[0], format!("maps folder:  {}", sb.maps().display()));
    assert_eq!(lines[1], format!("config file:  {}", sb.config().display()));
    let state = sb.path().join("xdg-state").join("journeymap");
    assert_eq!(lines[2], format!("state folder: {}", state.display()));
}

#[test]
fn dir_overrides_journeymap_dir() {
    let sb = Sandbox::new();
    sb.cmd()
        .args(["paths", "--dir", "/srv/team-maps"])
        .assert()
        .code(0)
        .stdout(predicate::str::contains("maps folder:  /srv/team-maps\n"));
}

#[test]
fn completions_for_bash_name_the_commands() {
    let sb = Sandbox::new();
    sb.cmd()
        .args(["completions", "bash"])
        .assert()
        .code(0)
        .stdout(predicate::str::contains("journeymap"))
        .stdout(predicate::str::contains("check"))
        .stdout(predicate::str::contains("--fail-on"));
}

#[test]
fn every_help_shows_an_example() {
    let sb = Sandbox::new();
    sb.cmd()
        .arg("--help")
        .assert()
        .code(0)
        .stdout(predicate::str::contains("Example"));
    for command in [
        "check",
        "new",
        "fmt",
        "export",
        "review",
        "paths",
        "completions",
        "diff",
        "textconv",
        "git setup",
    ] {
        sb.cmd()
            .args(command.split(' ').chain(["--help"]))
            .assert()
            .code(0)
            .stdout(predicate::str::contains("Example"));
    }
}

#[test]
fn version_prints_the_package_version() {
    let sb = Sandbox::new();
    sb.cmd()
        .arg("--version")
        .assert()
        .code(0)
        .stdout(format!("journeymap {}\n", env!("CARGO_PKG_VERSION")));
}

#[test]
fn options_may_come_before_or_after_the_command() {
    let sb = Sandbox::new();
    sb.write_map("a.ron", &ok_map("Alpha"));
    for args in [["--today", TODAY, "check"], ["check", "--today", TODAY]] {
        sb.cmd()
            .args(args)
            .assert()
            .code(0)
            .stdout(predicate::str::contains("Alpha  ○ OK"));
    }
}

#[test]
fn a_path_before_a_command_is_refused_not_ignored() {
    let sb = Sandbox::new();
    sb.cmd()
        .args(["maps", "check", "--today", TODAY])
        .assert()
        .code(2)
        .stdout("")
        .stderr(predicate::str::contains("journeymap check maps"));
}

#[test]
fn an_invalid_config_is_an_error_naming_the_file() {
    let sb = Sandbox::with_config("(colour: true)");
    sb.cmd()
        .args(["check", "--today", TODAY])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("config.ron:1:"));
}

#[test]
fn paths_works_even_when_the_config_does_not_load() {
    let sb = Sandbox::with_config("(colour: true)");
    sb.cmd()
        .arg("paths")
        .assert()
        .code(0)
        .stdout(predicate::str::contains(format!(
            "config file:  {}\n",
            sb.config().display()
        )));
}
