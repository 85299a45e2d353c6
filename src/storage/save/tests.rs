//! The save path's guarantees that need a hand inside it: another
//! program's save landing between the check and the replace (through the
//! `BEFORE_REPLACE` hook, never timing), a system without `renameat2`,
//! hard links, the size limit and newer formats.

use std::fs;
use std::os::unix::fs::MetadataExt;
use std::path::{Path, PathBuf};

use super::replace::{BEFORE_REPLACE, NO_RENAMEAT2};
use super::*;

fn map_text(title: &str) -> String {
    format!("(\n    format: 1,\n    title: \"{title}\",\n)\n")
}

fn setup(text: &str) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("acme.ron");
    fs::write(&path, text).unwrap();
    (dir, path)
}

fn names(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

/// Another program's rename-save of `text` over `path`.
fn rename_save(path: &Path, text: &str) {
    let other = path.with_file_name("other-editor.swp");
    fs::write(&other, text).unwrap();
    fs::rename(&other, path).unwrap();
}

/// Runs `f` with `hook` called between the check and the replace.
fn with_hook<T>(hook: impl FnMut(&Path) + 'static, f: impl FnOnce() -> T) -> T {
    BEFORE_REPLACE.with(|h| *h.borrow_mut() = Some(Box::new(hook)));
    let out = f();
    BEFORE_REPLACE.with(|h| *h.borrow_mut() = None);
    out
}

fn without_renameat2<T>(f: impl FnOnce() -> T) -> T {
    NO_RENAMEAT2.with(|c| c.set(true));
    let out = f();
    NO_RENAMEAT2.with(|c| c.set(false));
    out
}

// --- a change made during the save -----------------------------------------

#[test]
fn a_rename_save_between_check_and_swap_is_never_replaced() {
    for guard in ["unchanged", "force"] {
        let old = map_text("old");
        let (dir, path) = setup(&old);
        let guard = match guard {
            "unchanged" => SaveGuard::Unchanged(content_hash(old.as_bytes())),
            _ => SaveGuard::Force,
        };
        let err = with_hook(
            |target| rename_save(target, &map_text("theirs")),
            || save_map_text(&path, map_text("mine").as_bytes(), guard),
        )
        .expect_err("theirs landed after the check");
        assert!(matches!(err.kind, SaveErrorKind::ChangedOnDisk), "{err}");
        assert_eq!(fs::read_to_string(&path).unwrap(), map_text("theirs"));
        assert_eq!(names(dir.path()), ["acme.ron"], "{guard:?}");
    }
}

#[test]
fn an_in_place_change_between_check_and_swap_is_never_replaced() {
    let old = map_text("old");
    let (dir, path) = setup(&old);
    let err = with_hook(
        |target| fs::write(target, map_text("theirs")).unwrap(),
        || {
            save_map_text(
                &path,
                map_text("mine").as_bytes(),
                SaveGuard::Unchanged(content_hash(old.as_bytes())),
            )
        },
    )
    .expect_err("changed after the check");
    assert!(matches!(err.kind, SaveErrorKind::ChangedOnDisk), "{err}");
    assert_eq!(fs::read_to_string(&path).unwrap(), map_text("theirs"));
    assert_eq!(names(dir.path()), ["acme.ron"]);
}

#[test]
fn without_renameat2_the_file_is_checked_again_before_the_rename() {
    let old = map_text("old");
    let (dir, path) = setup(&old);
    let err = without_renameat2(|| {
        with_hook(
            |target| rename_save(target, &map_text("theirs")),
            || save_map_text(&path, map_text("mine").as_bytes(), SaveGuard::Force),
        )
    })
    .expect_err("theirs landed after the check");
    assert!(matches!(err.kind, SaveErrorKind::ChangedOnDisk), "{err}");
    assert_eq!(fs::read_to_string(&path).unwrap(), map_text("theirs"));
    assert_eq!(names(dir.path()), ["acme.ron"]);
    // And an ordinary save works there.
    let saved = without_renameat2(|| {
        save_map_text(
            &path,
            map_text("mine").as_bytes(),
            SaveGuard::Unchanged(content_hash(map_text("theirs").as_bytes())),
        )
    })
    .unwrap();
    assert_eq!(saved.hash, content_hash(map_text("mine").as_bytes()));
    assert_eq!(fs::read_to_string(&path).unwrap(), map_text("mine"));
    assert_eq!(names(dir.path()), ["acme.ron"]);
}

#[test]
fn a_file_created_during_a_new_save_is_never_replaced() {
    for no_renameat2 in [false, true] {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("acme.ron");
        let run = || {
            with_hook(
                |target| fs::write(target, map_text("theirs")).unwrap(),
                || save_map_text(&path, map_text("mine").as_bytes(), SaveGuard::New),
            )
        };
        let result = if no_renameat2 {
            without_renameat2(run)
        } else {
            run()
        };
        let err = result.expect_err("theirs was created first");
        assert!(matches!(err.kind, SaveErrorKind::Exists), "{err}");
        assert_eq!(fs::read_to_string(&path).unwrap(), map_text("theirs"));
        assert_eq!(names(dir.path()), ["acme.ron"]);
    }
}

// --- hard links -------------------------------------------------------------

#[test]
fn a_hard_linked_file_is_rewritten_in_place_and_every_name_sees_it() {
    let old = map_text("old");
    let (dir, path) = setup(&old);
    let other = dir.path().join("shared.ron");
    fs::hard_link(&path, &other).unwrap();
    let inode = fs::metadata(&path).unwrap().ino();
    save_map_text(
        &path,
        map_text("mine").as_bytes(),
        SaveGuard::Unchanged(content_hash(old.as_bytes())),
    )
    .unwrap();
    assert_eq!(fs::read_to_string(&other).unwrap(), map_text("mine"));
    assert_eq!(fs::read_to_string(&path).unwrap(), map_text("mine"));
    let meta = fs::metadata(&path).unwrap();
    assert_eq!((meta.ino(), meta.nlink()), (inode, 2));
    assert_eq!(names(dir.path()), ["acme.ron", "shared.ron"]);
}

#[test]
fn a_hard_linked_file_replaced_during_the_save_is_not_written() {
    let old = map_text("old");
    let (dir, path) = setup(&old);
    let other = dir.path().join("shared.ron");
    fs::hard_link(&path, &other).unwrap();
    let err = with_hook(
        |target| rename_save(target, &map_text("theirs")),
        || save_map_text(&path, map_text("mine").as_bytes(), SaveGuard::Force),
    )
    .expect_err("replaced after the check");
    assert!(matches!(err.kind, SaveErrorKind::ChangedOnDisk), "{err}");
    assert_eq!(fs::read_to_string(&path).unwrap(), map_text("theirs"));
    assert_eq!(fs::read_to_string(&other).unwrap(), old);
    assert_eq!(names(dir.path()), ["acme.ron", "shared.ron"]);
}

#[test]
fn a_hard_linked_file_changed_in_place_during_the_save_is_not_written() {
    let old = map_text("old");
    let (dir, path) = setup(&old);
    fs::hard_link(&path, dir.path().join("shared.ron")).unwrap();
    let err = with_hook(
        |target| fs::write(target, map_text("theirs")).unwrap(),
        || {
            save_map_text(
                &path,
                map_text("mine").as_bytes(),
                SaveGuard::Unchanged(content_hash(old.as_bytes())),
            )
        },
    )
    .expect_err("changed after the check");
    assert!(matches!(err.kind, SaveErrorKind::ChangedOnDisk), "{err}");
    assert_eq!(fs::read_to_string(&path).unwrap(), map_text("theirs"));
    assert_eq!(names(dir.path()), ["acme.ron", "shared.ron"]);
}

// --- files a save must not write -------------------------------------------

#[test]
fn a_map_over_the_load_limit_is_never_written() {
    let old = map_text("old");
    let (dir, path) = setup(&old);
    let huge = vec![b' '; MAX_FILE_BYTES as usize + 1];
    let err = save_map_text(&path, &huge, SaveGuard::Force).expect_err("too large");
    assert!(matches!(err.kind, SaveErrorKind::TooLarge(n) if n == MAX_FILE_BYTES + 1));
    assert_eq!(
        err.to_string(),
        format!(
            "{}: not saved: the map would be 64.0 MiB, over the 64 MiB a map file may have \
             (journeymap could not open it again)",
            path.display()
        )
    );
    assert_eq!(fs::read_to_string(&path).unwrap(), old);
    assert_eq!(names(dir.path()), ["acme.ron"]);
}

#[test]
fn a_forced_save_never_overwrites_a_newer_format() {
    for theirs in [
        "(\n    format: 3,\n    title: \"from the future\",\n)\n".to_string(),
        // Not in the canonical layout: found by ron.
        "// written by hand\n(title: \"from the future\", format: 3, wings: true)".to_string(),
    ] {
        let (dir, path) = setup(&theirs);
        let err =
            save_map_text(&path, map_text("mine").as_bytes(), SaveGuard::Force).expect_err("newer");
        assert!(matches!(err.kind, SaveErrorKind::NewerFormat(3)), "{err}");
        assert!(err.to_string().contains("format 3, newer than"), "{err}");
        assert_eq!(fs::read_to_string(&path).unwrap(), theirs);
        assert_eq!(names(dir.path()), ["acme.ron"]);
    }
    // Anything else a forced save may replace; exports are not maps.
    let (_dir, path) = setup("(\n    format: 3,\n)\n");
    save_text(&path, b"# export", SaveGuard::Force).unwrap();
    let (_dir, path) = setup("not a map at all");
    save_map_text(&path, map_text("mine").as_bytes(), SaveGuard::Force).unwrap();
}

#[test]
fn the_format_is_read_from_the_canonical_first_line_or_by_ron() {
    use super::on_disk::format_of;
    assert_eq!(format_of(b"(\n    format: 7,\n"), Some(7));
    assert_eq!(format_of("\u{feff}Map ( format:3)".as_bytes()), Some(3));
    assert_eq!(format_of(b"(title: \"x\", format: 4)"), Some(4));
    assert_eq!(format_of(b"(formats: 4)"), None);
    assert_eq!(format_of(b"garbage"), None);
    // New syntax after the number, and a number no version has, are newer.
    assert_eq!(format_of(b"(format: 3, tags: #{new})"), Some(3));
    assert_eq!(format_of(b"(format: 99999999999)"), Some(99_999_999_999));
}

// --- temporary files --------------------------------------------------------

/// A pid that is certainly not running: a child that exited and was reaped.
fn dead_pid() -> u32 {
    let mut child = std::process::Command::new("true").spawn().unwrap();
    let pid = child.id();
    child.wait().unwrap();
    pid
}

fn litter(dir: &Path, map: &str, in_place: bool, pid: u32, text: &str) -> PathBuf {
    let host = super::temp_files::tests_host();
    let mark = if in_place { "inplace-" } else { "" };
    let path = dir.join(format!(".{map}.journeymap-{mark}{pid}-{host}.Ab3dE9.tmp"));
    fs::write(&path, text).unwrap();
    path
}

#[test]
fn temporary_files_are_named_for_the_map_and_this_process() {
    let (dir, path) = setup(&map_text("old"));
    let seen = std::rc::Rc::new(std::cell::RefCell::new(Vec::new()));
    let names_then = seen.clone();
    let folder = dir.path().to_path_buf();
    with_hook(
        move |_| *names_then.borrow_mut() = names(&folder),
        || save_map_text(&path, map_text("mine").as_bytes(), SaveGuard::Force),
    )
    .unwrap();
    let seen = seen.borrow();
    let tmp = seen
        .iter()
        .find(|n| n.ends_with(".tmp"))
        .expect("a temporary file");
    let start = format!(".acme.ron.journeymap-{}-", std::process::id());
    assert!(tmp.starts_with(&start), "{tmp}");
}

#[test]
fn a_save_sweeps_stale_temporary_files_and_nothing_else() {
    let (dir, path) = setup(&map_text("old"));
    let d = dir.path();
    litter(d, "acme.ron", false, dead_pid(), "left by a killed save");
    litter(d, "other.ron", false, dead_pid(), "left by a killed save");
    let live = litter(d, "acme.ron", false, std::process::id(), "a save under way");
    fs::write(d.join(".acme.ron.Xy12Ab.tmp"), "someone else's").unwrap();
    fs::write(d.join("notes.tmp"), "someone else's").unwrap();
    save_map_text(&path, map_text("mine").as_bytes(), SaveGuard::Force).unwrap();
    let live_name = live.file_name().unwrap().to_string_lossy().into_owned();
    let mut expected = vec![
        ".acme.ron.Xy12Ab.tmp".to_string(),
        live_name,
        "acme.ron".into(),
        "notes.tmp".into(),
    ];
    expected.sort();
    assert_eq!(names(d), expected);
}

#[test]
fn a_load_sweeps_stale_temporary_files() {
    let (dir, path) = setup(&map_text("old"));
    litter(
        dir.path(),
        "acme.ron",
        false,
        dead_pid(),
        "left by a killed save",
    );
    let _ = crate::storage::load_map(&path);
    assert_eq!(names(dir.path()), ["acme.ron"]);
}

#[test]
fn an_in_place_rewrite_cut_short_is_finished_by_the_sweep() {
    let new = map_text("the whole new text");
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("acme.ron");
    // Killed after writing half of the new text.
    fs::write(&path, &new[..new.len() / 2]).unwrap();
    fs::hard_link(&path, dir.path().join("shared.ron")).unwrap();
    litter(dir.path(), "acme.ron", true, dead_pid(), &new);
    super::temp_files::sweep(dir.path());
    assert_eq!(fs::read_to_string(&path).unwrap(), new);
    assert_eq!(
        fs::read_to_string(dir.path().join("shared.ron")).unwrap(),
        new
    );
    assert_eq!(names(dir.path()), ["acme.ron", "shared.ron"]);
}

#[test]
fn an_in_place_copy_of_a_rewrite_that_never_began_just_goes() {
    let old = map_text("old, complete");
    let (dir, path) = setup(&old);
    litter(dir.path(), "acme.ron", true, dead_pid(), &map_text("new"));
    super::temp_files::sweep(dir.path());
    assert_eq!(fs::read_to_string(&path).unwrap(), old);
    assert_eq!(names(dir.path()), ["acme.ron"]);
}
