//! Odd files where journeymap expects its own: a FIFO or a device named
//! like a map or a config, a link loop. Each is refused at once with words
//! that name the path, and never waited for or read without end.

#![cfg(unix)]

mod common;

use std::fs;
use std::time::Duration;

use common::cli::*;
use common::make_fifo;
use predicates::prelude::*;

/// Long enough for a slow machine, far shorter than "forever".
const PATIENCE: Duration = Duration::from_secs(20);

#[test]
fn check_reports_a_fifo_in_the_maps_folder_and_goes_on() {
    let sb = Sandbox::new();
    sb.write_map("a.ron", &ok_map("Alpha"));
    let fifo = sb.maps().join("x.ron");
    make_fifo(&fifo);
    sb.cmd()
        .args(["check", "--today", TODAY])
        .timeout(PATIENCE)
        .assert()
        .code(2)
        .stdout(predicate::str::contains("Alpha  ○ OK"))
        .stderr(predicate::str::contains(format!(
            "{}: not a regular file (a FIFO); not read",
            fifo.display()
        )));
}

#[test]
fn check_reports_a_fifo_named_on_the_command_line() {
    let sb = Sandbox::new();
    make_fifo(&sb.path().join("x.ron"));
    sb.cmd()
        .args(["check", "--today", TODAY, "x.ron"])
        .timeout(PATIENCE)
        .assert()
        .code(2)
        .stderr("x.ron: not a regular file (a FIFO); not read\n");
}

#[cfg(target_os = "linux")]
#[test]
fn check_refuses_an_endless_device_behind_a_link() {
    let sb = Sandbox::new();
    std::os::unix::fs::symlink("/dev/zero", sb.maps().join("zero.ron")).expect("link");
    sb.cmd()
        .args(["check", "--today", TODAY])
        .timeout(PATIENCE)
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "zero.ron: not a regular file (a character device); not read",
        ));
}

#[test]
fn a_fifo_as_the_config_is_an_error_naming_it() {
    let sb = Sandbox::new();
    fs::remove_file(sb.config()).expect("remove the config");
    make_fifo(&sb.config());
    sb.cmd()
        .args(["check", "--today", TODAY])
        .timeout(PATIENCE)
        .assert()
        .code(2)
        .stderr(predicate::str::contains(format!(
            "{}: cannot read the config: not a regular file (a FIFO); not read",
            sb.config().display()
        )));
}

#[test]
fn a_link_loop_is_named_as_one() {
    let sb = Sandbox::new();
    std::os::unix::fs::symlink("b.ron", sb.maps().join("a.ron")).expect("link");
    std::os::unix::fs::symlink("a.ron", sb.maps().join("b.ron")).expect("link");
    sb.cmd()
        .args(["check", "--today", TODAY])
        .timeout(PATIENCE)
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "a.ron: cannot read: too many levels of symbolic links (a link loop)",
        ));
}
