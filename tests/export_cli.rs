//! `journeymap export` through the real binary.

mod export_common;

use std::fs;
use std::path::{Path, PathBuf};

use assert_cmd::Command;
use export_common::*;
use journeymap::storage::load_map;
use predicates::prelude::*;

/// The binary with a private home (no user config). Each test passes
/// `--today` after the command's arguments (clap refuses global options
/// before a subcommand in this CLI).
fn journeymap(home: &Path) -> Command {
    let mut cmd = Command::cargo_bin("journeymap").expect("the binary");
    cmd.env("HOME", home)
        .env("XDG_CONFIG_HOME", home.join("config"))
        .env("XDG_DATA_HOME", home.join("data"))
        .env("XDG_STATE_HOME", home.join("state"))
        .env_remove("JOURNEYMAP_DIR")
        .env_remove("NO_COLOR");
    cmd
}

/// A temporary folder holding a copy of the sample maps in `maps/`.
fn workspace() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().expect("tempdir");
    let maps = dir.path().join("maps");
    fs::create_dir(&maps).expect("maps folder");
    for path in sample_maps() {
        fs::copy(&path, maps.join(path.file_name().expect("name"))).expect("copy a map");
    }
    (dir, maps)
}

fn expected_document(path: &Path) -> String {
    let loaded = load_map(path).unwrap_or_else(|e| panic!("{e}"));
    journeymap::export::export_map(&loaded.map, &analyse(&loaded.map), today())
}

fn files_in(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = fs::read_dir(dir)
        .expect("read the folder")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

#[test]
fn a_map_file_goes_to_stdout() {
    let (dir, maps) = workspace();
    let map = maps.join("harbor-freightways.ron");
    journeymap(dir.path())
        .arg("export")
        .arg(&map)
        .args(["--today", TODAY])
        .assert()
        .success()
        .stdout(expected_document(&map));
}

#[test]
fn a_map_file_goes_to_a_file_once_unless_forced() {
    let (dir, maps) = workspace();
    let map = maps.join("northwind-health.ron");
    let out = dir.path().join("northwind.md");
    journeymap(dir.path())
        .arg("export")
        .arg(&map)
        .arg("-o")
        .arg(&out)
        .args(["--today", TODAY])
        .assert()
        .success()
        .stdout("");
    assert_eq!(
        fs::read_to_string(&out).expect("written"),
        expected_document(&map)
    );
    fs::write(&out, "edited by hand").expect("edit");
    journeymap(dir.path())
        .arg("export")
        .arg(&map)
        .arg("-o")
        .arg(&out)
        .args(["--today", TODAY])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("northwind.md").and(predicate::str::contains("--force")));
    assert_eq!(fs::read_to_string(&out).expect("kept"), "edited by hand");
    journeymap(dir.path())
        .arg("export")
        .arg(&map)
        .arg("-o")
        .arg(&out)
        .arg("--force")
        .args(["--today", TODAY])
        .assert()
        .success();
    assert_eq!(
        fs::read_to_string(&out).expect("replaced"),
        expected_document(&map)
    );
}

#[test]
fn markdown_is_never_written_over_the_map_itself() {
    let (dir, maps) = workspace();
    let map = maps.join("cobalt-retail.ron");
    let before = fs::read(&map).expect("map");
    journeymap(dir.path())
        .arg("export")
        .arg(&map)
        .arg("-o")
        .arg(&map)
        .arg("--force")
        .args(["--today", TODAY])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("cobalt-retail.ron"));
    assert_eq!(fs::read(&map).expect("map"), before);
}

#[test]
fn a_folder_needs_an_output_folder() {
    let (dir, maps) = workspace();
    journeymap(dir.path())
        .arg("export")
        .arg(&maps)
        .args(["--today", TODAY])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("-o DIR"));
}

#[test]
fn a_folder_gives_one_document_per_map_and_an_index() {
    let (dir, maps) = workspace();
    let out = dir.path().join("docs").join("maps");
    journeymap(dir.path())
        .arg("export")
        .arg(&maps)
        .arg("-o")
        .arg(&out)
        .args(["--today", TODAY])
        .assert()
        .success();
    let mut want: Vec<String> = sample_maps()
        .iter()
        .map(|p| format!("{}.md", p.file_stem().expect("stem").to_string_lossy()))
        .collect();
    want.push("index.md".into());
    want.sort();
    assert_eq!(files_in(&out), want);
    for path in sample_maps() {
        let stem = path
            .file_stem()
            .expect("stem")
            .to_string_lossy()
            .into_owned();
        let doc = fs::read_to_string(out.join(format!("{stem}.md"))).expect("document");
        assert_eq!(doc, expected_document(&path), "{stem}");
    }
    let index = fs::read_to_string(out.join("index.md")).expect("index");
    assert!(index.contains("[Harbor Freightways](harbor-freightways.md)"));
    assert!(!index.contains("could not be read"));
}

#[test]
fn an_existing_document_stops_the_whole_export_without_force() {
    let (dir, maps) = workspace();
    let out = dir.path().join("out");
    fs::create_dir(&out).expect("out");
    fs::write(out.join("cobalt-retail.md"), "mine").expect("an old document");
    journeymap(dir.path())
        .arg("export")
        .arg(&maps)
        .arg("-o")
        .arg(&out)
        .args(["--today", TODAY])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("cobalt-retail.md"));
    // Nothing half-written: not even the documents before it in order.
    assert_eq!(files_in(&out), vec!["cobalt-retail.md".to_string()]);
    assert_eq!(
        fs::read_to_string(out.join("cobalt-retail.md")).expect("kept"),
        "mine"
    );
    journeymap(dir.path())
        .arg("export")
        .arg(&maps)
        .arg("-o")
        .arg(&out)
        .arg("--force")
        .args(["--today", TODAY])
        .assert()
        .success();
    assert_eq!(
        fs::read_to_string(out.join("cobalt-retail.md")).expect("replaced"),
        expected_document(&maps.join("cobalt-retail.ron"))
    );
}

#[test]
fn a_broken_map_is_listed_and_the_rest_exported() {
    let (dir, maps) = workspace();
    fs::write(
        maps.join("broken.ron"),
        "(\n    format: 1,\n    client: (name: 42),\n)\n",
    )
    .expect("a broken map");
    let out = dir.path().join("out");
    journeymap(dir.path())
        .arg("export")
        .arg(&maps)
        .arg("-o")
        .arg(&out)
        .args(["--today", TODAY])
        .assert()
        .code(2)
        .stderr(
            predicate::str::contains("broken.ron:3:").and(predicate::str::contains("index.md")),
        );
    let index = fs::read_to_string(out.join("index.md")).expect("index");
    assert!(index.contains("## Maps that could not be read"), "{index}");
    assert!(index.contains("**broken.ron**"), "{index}");
    assert!(!out.join("broken.md").exists());
    for path in sample_maps() {
        let stem = path
            .file_stem()
            .expect("stem")
            .to_string_lossy()
            .into_owned();
        assert!(out.join(format!("{stem}.md")).exists(), "{stem}.md");
    }
}

#[test]
fn a_broken_map_file_is_an_error_with_its_place() {
    let dir = tempfile::tempdir().expect("tempdir");
    let map = dir.path().join("bad.ron");
    fs::write(&map, "(\n    format: 1,\n    oops\n").expect("bad map");
    journeymap(dir.path())
        .arg("export")
        .arg(&map)
        .args(["--today", TODAY])
        .assert()
        .code(2)
        .stdout("")
        .stderr(predicate::str::contains("bad.ron:3:"));
}

#[test]
fn a_folder_cannot_be_exported_below_a_file() {
    let (dir, maps) = workspace();
    let blocker = dir.path().join("blocker");
    fs::write(&blocker, "a file").expect("file");
    journeymap(dir.path())
        .arg("export")
        .arg(&maps)
        .arg("-o")
        .arg(blocker.join("docs"))
        .args(["--today", TODAY])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("blocker"));
}
