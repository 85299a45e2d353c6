//! What a newcomer runs into on the command line: a mistyped command, an
//! export into a folder that does not exist, a client name with accents
//! or in another script.

mod common;

use std::fs;

use common::cli::*;
use predicates::prelude::*;

#[test]
fn a_mistyped_command_suggests_the_command() {
    let sb = Sandbox::new();
    sb.cmd()
        .arg("chek")
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "`chek` is neither a command nor a file or folder; did you mean `journeymap check`?",
        ));
    // A mistyped subcommand of a command: clap's own suggestion.
    sb.cmd()
        .args(["log", "maps/acme.ron", "--stage", "x", "feedbak"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("feedback"));
}

#[test]
fn a_file_named_like_a_typo_is_still_opened_not_suggested() {
    let sb = Sandbox::new();
    fs::write(sb.path().join("chek"), "not a map").unwrap();
    // The app refuses to start without a terminal, but it got the path:
    // no suggestion.
    sb.cmd()
        .arg("chek")
        .assert()
        .stderr(predicate::str::contains("did you mean").not());
}

#[test]
fn export_into_a_missing_folder_says_the_folder_is_missing() {
    let sb = Sandbox::new();
    sb.write_map("acme.ron", &ok_map("Acme"));
    for out in ["nowhere/acme.md", "nowhere/"] {
        sb.cmd()
            .args(["export", "maps/acme.ron", "-o", out, "--today", TODAY])
            .assert()
            .code(2)
            .stderr(predicate::str::starts_with("journeymap: nowhere"))
            .stderr(predicate::str::contains(
                ": the folder does not exist; create it first, or write elsewhere",
            ))
            .stderr(predicate::str::contains("temporary file").not());
    }
    assert!(!sb.path().join("nowhere").exists());
    // A folder export makes its folder, as before.
    sb.cmd()
        .args(["export", "maps", "-o", "new/docs", "--today", TODAY])
        .assert()
        .code(0);
    assert!(sb.path().join("new/docs/index.md").exists());
}

#[test]
fn new_transliterates_the_client_name_into_the_file_name() {
    let sb = Sandbox::new();
    for (client, file) in [
        ("Café Zürich", "cafe-zurich.ron"),
        ("北京 Trading", "bei-jing-trading.ron"),
    ] {
        sb.cmd()
            .args(["new", client, "--manager", "Dana"])
            .assert()
            .code(0)
            .stdout(predicate::str::ends_with(format!("{file}\n")));
        assert!(sb.maps().join(file).exists(), "{file}");
    }
    // And does not reuse a taken name: the second "Cafe Zurich" is refused.
    sb.cmd()
        .args(["new", "Cafe Zurich", "--manager", "Dana"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("cafe-zurich.ron already exists"));
}
