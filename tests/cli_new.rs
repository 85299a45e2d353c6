//! `journeymap new` through the real binary.

mod common;

use std::fs;

use common::cli::*;
use journeymap::storage::{load_map, to_canonical};
use predicates::prelude::*;

#[test]
fn new_writes_a_canonical_selling_map_and_prints_its_path() {
    let sb = Sandbox::new();
    let expected = sb.maps().join("acme-corp.ron");
    sb.cmd()
        .args(["new", "Acme Corp", "--manager", "Dana Ruiz"])
        .assert()
        .code(0)
        .stdout(format!("{}\n", expected.display()));
    let loaded = load_map(&expected).expect("the new map loads");
    let map = &loaded.map;
    assert_eq!(map.client.name, "Acme Corp");
    assert_eq!(map.client.account_manager, "Dana Ruiz");
    assert_eq!(map.title, "Acme Corp: journey map");
    let ids: Vec<&str> = map.stages.iter().map(|s| s.id.as_str()).collect();
    assert_eq!(
        ids,
        [
            "rapport",
            "qualifying",
            "education",
            "demonstration",
            "closing",
            "after-sales"
        ]
    );
    assert!(map.stages.iter().all(|s| s.goal.is_some()));
    let bytes = fs::read_to_string(&expected).unwrap();
    assert_eq!(bytes, to_canonical(map).unwrap(), "written canonical");
    assert!(!loaded.has_comments);
}

#[test]
fn the_lifecycle_template_has_six_stages_from_awareness_to_renewal() {
    let sb = Sandbox::new();
    sb.cmd()
        .args(["new", "City Library", "--template", "lifecycle"])
        .assert()
        .code(0);
    let map = load_map(&sb.maps().join("city-library.ron")).unwrap().map;
    let names: Vec<&str> = map.stages.iter().map(|s| s.name.as_str()).collect();
    assert_eq!(
        names,
        [
            "Awareness",
            "Consideration",
            "Purchase",
            "Onboarding",
            "Support",
            "Renewal"
        ]
    );
}

#[test]
fn new_never_overwrites_an_existing_file() {
    let sb = Sandbox::new();
    let path = sb.write("acme-corp.ron", "// precious hand-written notes\n");
    sb.cmd()
        .args(["new", "Acme Corp", "--manager", "Dana"])
        .assert()
        .code(2)
        .stdout("")
        .stderr(predicate::str::contains(path.display().to_string()))
        .stderr(predicate::str::contains("already exists"));
    assert_eq!(
        fs::read_to_string(&path).unwrap(),
        "// precious hand-written notes\n"
    );
}

#[test]
fn a_client_name_without_letters_or_digits_is_refused() {
    let sb = Sandbox::new();
    sb.cmd()
        .args(["new", "!!! ---", "--manager", "Dana"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("cannot name a file"));
    assert_eq!(fs::read_dir(sb.maps()).unwrap().count(), 0);
}

#[test]
fn an_empty_manager_is_refused_before_writing() {
    let sb = Sandbox::new();
    sb.cmd()
        .args(["new", "Acme", "--manager", "  "])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("account manager is blank"));
    assert_eq!(fs::read_dir(sb.maps()).unwrap().count(), 0);
}

#[test]
fn the_manager_defaults_to_the_config_name_then_user() {
    let sb = Sandbox::with_config(r#"(name: Some("Pat Lee"))"#);
    sb.cmd().args(["new", "Acme"]).assert().code(0);
    let map = load_map(&sb.maps().join("acme.ron")).unwrap().map;
    assert_eq!(map.client.account_manager, "Pat Lee");

    let sb = Sandbox::new();
    sb.cmd().args(["new", "Acme"]).assert().code(0);
    let map = load_map(&sb.maps().join("acme.ron")).unwrap().map;
    assert_eq!(map.client.account_manager, "tester");
}

#[test]
fn dir_names_the_folder_and_it_is_created_when_missing() {
    let sb = Sandbox::new();
    let dir = sb.path().join("team").join("maps");
    sb.cmd()
        .args(["new", "Acme", "--dir"])
        .arg(&dir)
        .assert()
        .code(0);
    assert!(load_map(&dir.join("acme.ron")).is_ok());
}

#[test]
fn a_folder_that_cannot_be_created_is_an_error_naming_it() {
    let sb = Sandbox::new();
    // A regular file where a parent folder should be: fails even as root.
    let blocker = sb.path().join("not-a-folder");
    fs::write(&blocker, "").unwrap();
    let dir = blocker.join("maps");
    sb.cmd()
        .args(["new", "Acme", "--dir"])
        .arg(&dir)
        .assert()
        .code(2)
        .stderr(predicate::str::contains(dir.display().to_string()));
}

#[test]
fn a_new_map_starts_in_its_first_stage_with_nothing_critical() {
    let sb = Sandbox::new();
    sb.cmd()
        .args(["new", "Acme", "--today", TODAY])
        .assert()
        .code(0);
    let text = std::fs::read_to_string(sb.maps().join("acme.ron")).expect("written");
    assert!(
        text.contains(
            "now: Some((\n        stage: \"rapport\",\n        since: \"2026-11-23\",\n    )),"
        ),
        "{text}"
    );
    // Nothing has gone wrong yet: the stages ahead ask for nothing, the
    // first one only for feedback soon.
    sb.cmd()
        .args(["check", "--today", TODAY])
        .assert()
        .code(0)
        .stdout(predicate::str::contains(
            "1 finding (0 critical, 0 warning, 1 info)",
        ))
        .stdout(predicate::str::contains("ask within 14 days"));
    // The grace period's last day, then the day after.
    sb.cmd()
        .args(["check", "--today", "2026-12-07"])
        .assert()
        .code(0);
    sb.cmd()
        .args(["check", "--today", "2026-12-08"])
        .assert()
        .code(1)
        .stdout(predicate::str::contains(
            "1 finding (1 critical, 0 warning, 0 info)",
        ))
        .stdout(predicate::str::contains(
            "no feedback gathered since the client reached this stage on 2026-11-23 (15 days ago)",
        ));
}
