//! Saving map files: same bytes for an unchanged map, links and permission
//! bits kept, no overwrite of a file changed by someone else, and a failed
//! save leaves the original and no temporary file behind.

mod common;

use std::fs;
use std::os::unix::fs::{PermissionsExt, symlink};
use std::path::Path;

use common::{SPEC_EXAMPLE, entries, temp_path};
use journeymap::model::Map;
use journeymap::storage::{
    SaveErrorKind, SaveGuard, content_hash, load_map, ron_text::has_comments, save_map, save_text,
    to_canonical,
};

fn spec_map() -> Map {
    journeymap::storage::parse_map(SPEC_EXAMPLE).unwrap_or_else(|e| panic!("{e:?}"))
}

fn mode(path: &Path) -> u32 {
    fs::metadata(path).expect("metadata").permissions().mode() & 0o7777
}

fn read(path: &Path) -> String {
    fs::read_to_string(path).expect("read")
}

// --- bytes --------------------------------------------------------------

#[test]
fn loading_and_saving_an_unchanged_map_gives_the_same_bytes() {
    let (dir, path) = temp_path("northwind.ron");
    fs::write(&path, SPEC_EXAMPLE).expect("write");
    let loaded = load_map(&path).unwrap_or_else(|e| panic!("{e}"));
    let saved = save_map(&path, &loaded.map, SaveGuard::Unchanged(loaded.hash))
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(read(&path), SPEC_EXAMPLE);
    assert_eq!(saved.hash, loaded.hash);
    assert_eq!(entries(dir.path()), ["northwind.ron"]);
}

#[test]
fn an_edit_is_saved_and_the_new_hash_guards_the_next_save() {
    let (_dir, path) = temp_path("northwind.ron");
    fs::write(&path, SPEC_EXAMPLE).expect("write");
    let loaded = load_map(&path).unwrap_or_else(|e| panic!("{e}"));
    let mut map = loaded.map;
    map.title = "Renewal \"at risk\"\nsee notes".into();
    let first =
        save_map(&path, &map, SaveGuard::Unchanged(loaded.hash)).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(first.hash, content_hash(read(&path).as_bytes()));
    map.stages[0].name = "Rapport".into();
    save_map(&path, &map, SaveGuard::Unchanged(first.hash)).unwrap_or_else(|e| panic!("{e}"));
    let back = load_map(&path).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(back.map, map);
    assert_eq!(read(&path), to_canonical(&map).expect("serialize"));
}

#[test]
fn a_new_map_is_written_in_the_canonical_layout() {
    let (dir, path) = temp_path("new.ron");
    let map = spec_map();
    let saved = save_map(&path, &map, SaveGuard::New).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(read(&path), SPEC_EXAMPLE);
    assert_eq!(saved.hash, content_hash(SPEC_EXAMPLE.as_bytes()));
    // Not the temporary file's private 0600.
    assert_eq!(mode(&path), 0o644);
    assert_eq!(entries(dir.path()), ["new.ron"]);
}

// --- guards -------------------------------------------------------------

#[test]
fn a_file_changed_on_disk_is_not_overwritten_unless_forced() {
    let (dir, path) = temp_path("northwind.ron");
    fs::write(&path, SPEC_EXAMPLE).expect("write");
    let loaded = load_map(&path).unwrap_or_else(|e| panic!("{e}"));
    let theirs = SPEC_EXAMPLE.replace("Dana Ruiz", "Sam Lee");
    fs::write(&path, &theirs).expect("someone else saves");

    let mut ours = loaded.map.clone();
    ours.title = "Ours".into();
    let err = save_map(&path, &ours, SaveGuard::Unchanged(loaded.hash)).expect_err("changed");
    assert!(matches!(err.kind, SaveErrorKind::ChangedOnDisk), "{err:?}");
    assert_eq!(
        err.to_string(),
        format!(
            "{} changed on disk since it was opened; not overwritten",
            path.display()
        )
    );
    assert_eq!(read(&path), theirs);
    assert_eq!(entries(dir.path()), ["northwind.ron"]);

    save_map(&path, &ours, SaveGuard::Force).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(read(&path), to_canonical(&ours).expect("serialize"));
}

#[test]
fn a_new_map_never_overwrites_an_existing_file() {
    let (_dir, path) = temp_path("taken.ron");
    fs::write(&path, "someone's notes").expect("write");
    let err = save_map(&path, &spec_map(), SaveGuard::New).expect_err("exists");
    assert!(matches!(err.kind, SaveErrorKind::Exists), "{err:?}");
    assert_eq!(
        err.to_string(),
        format!("{} already exists; not overwritten", path.display())
    );
    assert_eq!(read(&path), "someone's notes");
}

#[test]
fn a_new_map_never_replaces_a_folder() {
    let (dir, path) = temp_path("folder.ron");
    fs::create_dir(&path).expect("mkdir");
    let err = save_map(&path, &spec_map(), SaveGuard::New).expect_err("a folder");
    assert!(matches!(err.kind, SaveErrorKind::Exists), "{err:?}");
    assert!(path.is_dir());
    assert_eq!(entries(dir.path()), ["folder.ron"]);
}

#[test]
fn a_file_deleted_since_it_was_loaded_is_reported() {
    let (dir, path) = temp_path("gone.ron");
    fs::write(&path, SPEC_EXAMPLE).expect("write");
    let loaded = load_map(&path).unwrap_or_else(|e| panic!("{e}"));
    fs::remove_file(&path).expect("delete");
    let err = save_map(&path, &loaded.map, SaveGuard::Unchanged(loaded.hash)).expect_err("deleted");
    assert!(matches!(err.kind, SaveErrorKind::Deleted), "{err:?}");
    assert_eq!(
        err.to_string(),
        format!("{} was deleted since it was opened", path.display())
    );
    assert!(entries(dir.path()).is_empty());
}

#[test]
fn a_map_that_would_not_load_again_is_not_saved() {
    let (dir, path) = temp_path("northwind.ron");
    fs::write(&path, SPEC_EXAMPLE).expect("write");
    let loaded = load_map(&path).unwrap_or_else(|e| panic!("{e}"));
    // The stage a review note and `now` point at is deleted, and a new
    // stage has no name yet.
    let mut map = loaded.map;
    map.stages.clear();
    map.stages.push(journeymap::model::Stage::new("next", " "));
    let err = save_map(&path, &map, SaveGuard::Unchanged(loaded.hash)).expect_err("invalid");
    assert!(
        matches!(&err.kind, SaveErrorKind::Invalid(p) if p.len() == 3),
        "{err:?}"
    );
    let shown = path.display();
    assert_eq!(
        err.to_string(),
        format!(
            "{shown}: not saved: stage \"next\": stages[0].name: the stage name is empty\n\
             {shown}: not saved: now.stage: now names stage \"rapport\", which the map does not have\n\
             {shown}: not saved: reviews[0].stage: review names stage \"rapport\", which the map does not have"
        )
    );
    assert_eq!(read(&path), SPEC_EXAMPLE);
    assert_eq!(entries(dir.path()), ["northwind.ron"]);

    map.stages[0].name = "Next".into();
    map.reviews[0].stage = Some("next".into());
    map.start_at_first_stage(jiff::civil::date(2026, 11, 23));
    save_map(&path, &map, SaveGuard::Unchanged(loaded.hash)).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(load_map(&path).unwrap_or_else(|e| panic!("{e}")).map, map);
}

// --- links and permissions ----------------------------------------------

/// Saves an edited spec map through `link` and checks that `target` got it
/// and `link` is still the same link.
fn save_through(link: &Path, target: &Path) {
    let before = fs::read_link(link).expect("a link");
    let loaded = load_map(link).unwrap_or_else(|e| panic!("{e}"));
    let mut map = loaded.map;
    map.title = "Saved through a link".into();
    save_map(link, &map, SaveGuard::Unchanged(loaded.hash)).unwrap_or_else(|e| panic!("{e}"));
    assert!(
        fs::symlink_metadata(link)
            .expect("link")
            .file_type()
            .is_symlink()
    );
    assert_eq!(fs::read_link(link).expect("a link"), before);
    assert_eq!(read(target), to_canonical(&map).expect("serialize"));
}

#[test]
fn saving_through_an_absolute_link_writes_its_target() {
    let (dir, target) = temp_path("real.ron");
    fs::write(&target, SPEC_EXAMPLE).expect("write");
    let link = dir.path().join("link.ron");
    symlink(&target, &link).expect("symlink");
    save_through(&link, &target);
    assert_eq!(entries(dir.path()), ["link.ron", "real.ron"]);
}

#[test]
fn saving_through_a_relative_link_in_another_folder_writes_its_target() {
    let (dir, target) = temp_path("real.ron");
    fs::write(&target, SPEC_EXAMPLE).expect("write");
    let links = dir.path().join("links");
    fs::create_dir(&links).expect("mkdir");
    let link = links.join("link.ron");
    symlink("../real.ron", &link).expect("symlink");
    save_through(&link, &target);
    assert_eq!(entries(&links), ["link.ron"]);
    assert_eq!(entries(dir.path()), ["links", "real.ron"]);
}

#[test]
fn saving_through_a_chain_of_links_writes_the_last_target() {
    let (dir, target) = temp_path("real.ron");
    fs::write(&target, SPEC_EXAMPLE).expect("write");
    symlink("real.ron", dir.path().join("one.ron")).expect("symlink");
    let two = dir.path().join("two.ron");
    symlink("one.ron", &two).expect("symlink");
    save_through(&two, &target);
    assert_eq!(
        fs::read_link(dir.path().join("one.ron")).expect("link"),
        Path::new("real.ron")
    );
}

#[test]
fn permission_bits_are_kept() {
    for bits in [0o600, 0o640, 0o664] {
        let (_dir, path) = temp_path("private.ron");
        fs::write(&path, SPEC_EXAMPLE).expect("write");
        fs::set_permissions(&path, fs::Permissions::from_mode(bits)).expect("chmod");
        save_map(&path, &spec_map(), SaveGuard::Force).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(mode(&path), bits, "{bits:o}");
    }
}

#[test]
fn owner_and_group_are_kept() {
    use std::os::unix::fs::{MetadataExt, chown};
    let (_dir, path) = temp_path("theirs.ron");
    fs::write(&path, SPEC_EXAMPLE).expect("write");
    // A teammate's file; only root may make one for the test.
    if chown(&path, Some(4321), Some(8765)).is_err() {
        eprintln!("skipped: cannot give a file away (needs root)");
        return;
    }
    fs::set_permissions(&path, fs::Permissions::from_mode(0o664)).expect("chmod");
    save_map(&path, &spec_map(), SaveGuard::Force).unwrap_or_else(|e| panic!("{e}"));
    let meta = fs::metadata(&path).expect("metadata");
    assert_eq!((meta.uid(), meta.gid()), (4321, 8765));
    assert_eq!(mode(&path), 0o664);
}

// --- failing saves ------------------------------------------------------

#[test]
fn a_save_into_a_missing_folder_fails_and_creates_nothing() {
    let (dir, _) = temp_path("unused");
    let path = dir.path().join("missing").join("map.ron");
    let err = save_map(&path, &spec_map(), SaveGuard::New).expect_err("no folder");
    assert!(matches!(err.kind, SaveErrorKind::Io { .. }), "{err:?}");
    assert_eq!(
        err.to_string(),
        format!(
            "{}: cannot create a temporary file in the folder: no such file or folder",
            path.display()
        )
    );
    assert!(entries(dir.path()).is_empty());
}

#[test]
fn a_save_below_a_regular_file_fails_and_leaves_the_file_alone() {
    let (dir, file) = temp_path("notes.txt");
    fs::write(&file, "notes").expect("write");
    let path = file.join("map.ron");
    for guard in [SaveGuard::New, SaveGuard::Force, SaveGuard::Unchanged(0)] {
        let err = save_map(&path, &spec_map(), guard).expect_err("not a folder");
        assert!(
            matches!(err.kind, SaveErrorKind::Io { .. }),
            "{guard:?}: {err:?}"
        );
        assert!(
            err.to_string()
                .starts_with(&format!("{}: cannot ", path.display())),
            "{err}"
        );
    }
    assert_eq!(read(&file), "notes");
    assert_eq!(entries(dir.path()), ["notes.txt"]);
}

#[test]
fn a_save_that_fails_at_the_rename_leaves_no_temporary_file() {
    // A forced save over a folder gets as far as the rename, which fails:
    // the temporary file already written must be removed.
    let (dir, path) = temp_path("folder.ron");
    fs::create_dir(&path).expect("mkdir");
    fs::write(path.join("inside"), "keep").expect("write");
    let err = save_map(&path, &spec_map(), SaveGuard::Force).expect_err("a folder");
    assert!(
        matches!(
            err.kind,
            SaveErrorKind::Io {
                action: "replace the file",
                ..
            }
        ),
        "{err:?}"
    );
    assert_eq!(entries(dir.path()), ["folder.ron"]);
    assert_eq!(entries(&path), ["inside"]);
}

/// A tiny tmpfs, unmounted when dropped.
struct SmallDisk {
    dir: tempfile::TempDir,
}

impl SmallDisk {
    /// `None` where mounting is not allowed (not root, no mount namespace).
    fn mount(kib: u32) -> Option<SmallDisk> {
        let dir = tempfile::tempdir().ok()?;
        let ok = std::process::Command::new("mount")
            .args(["-t", "tmpfs", "-o", &format!("size={kib}k"), "tmpfs"])
            .arg(dir.path())
            .stderr(std::process::Stdio::null())
            .status()
            .is_ok_and(|s| s.success());
        ok.then_some(SmallDisk { dir })
    }
}

impl Drop for SmallDisk {
    fn drop(&mut self) {
        let _ = std::process::Command::new("umount")
            .arg(self.dir.path())
            .status();
    }
}

#[test]
fn a_save_on_a_full_disk_leaves_the_original_and_no_temporary_file() {
    let Some(disk) = SmallDisk::mount(64) else {
        eprintln!("skipped: cannot mount a tmpfs here (needs root)");
        return;
    };
    let dir = disk.dir.path();
    let path = dir.join("northwind.ron");
    fs::write(&path, SPEC_EXAMPLE).expect("write");
    let loaded = load_map(&path).unwrap_or_else(|e| panic!("{e}"));
    // Fill the disk.
    let mut filler = fs::File::create(dir.join("filler")).expect("create");
    let chunk = vec![b'x'; 4096];
    while std::io::Write::write_all(&mut filler, &chunk).is_ok() {}
    drop(filler);

    let mut map = loaded.map;
    map.title = "x".repeat(256 * 1024).into();
    let err = save_map(&path, &map, SaveGuard::Unchanged(loaded.hash)).expect_err("full");
    assert!(
        err.to_string().starts_with(&format!(
            "{}: cannot write the file: the disk is full",
            path.display()
        )),
        "{err}"
    );
    assert_eq!(read(&path), SPEC_EXAMPLE);
    assert_eq!(entries(dir), ["filler", "northwind.ron"]);
}

// --- raw bytes and comments ---------------------------------------------

#[test]
fn save_text_writes_exactly_the_bytes_given() {
    let (_dir, path) = temp_path("raw.ron");
    let bytes = b"(\r\n  odd: \"\xc3\xa9\",\n)";
    let saved = save_text(&path, bytes, SaveGuard::New).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(fs::read(&path).expect("read"), bytes);
    assert_eq!(saved.hash, content_hash(bytes));
}

#[test]
fn comments_are_noticed_and_comment_markers_in_strings_are_not() {
    assert!(has_comments("(\n    // why\n    format: 1,\n)"));
    assert!(has_comments("(format: 1, /* why */)"));
    assert!(has_comments("(format: 1)// at the end"));
    assert!(has_comments("(title: \"a\" /* after a string */)"));
    assert!(has_comments(
        "(title: \"say \\\"hi\\\"\", // after escaped quotes\n)"
    ));
    assert!(!has_comments("(url: \"https://x\")"));
    assert!(!has_comments("(note: \"/* not a comment */\")"));
    assert!(!has_comments("(note: r#\"a \"//\" b\"#)"));
    assert!(!has_comments("(note: \"a \\\" // still inside\")"));
    assert!(!has_comments("(ratio: 1, path: \"a/b\")"));
    assert!(!has_comments(SPEC_EXAMPLE));
}

#[test]
fn a_loaded_map_says_whether_its_file_has_comments() {
    let (_dir, path) = temp_path("commented.ron");
    let commented = SPEC_EXAMPLE.replacen("(\n", "(\n    // Owned by Dana.\n", 1);
    fs::write(&path, &commented).expect("write");
    let loaded = load_map(&path).unwrap_or_else(|e| panic!("{e}"));
    assert!(loaded.has_comments);
    assert_eq!(loaded.map, spec_map());

    fs::write(&path, SPEC_EXAMPLE).expect("write");
    assert!(
        !load_map(&path)
            .unwrap_or_else(|e| panic!("{e}"))
            .has_comments
    );
}
