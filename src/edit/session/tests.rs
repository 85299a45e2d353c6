//! Two instances of the app on one file, in one process: each is a
//! `Document` with its own `Session`, as the app holds them.

use std::fs;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use super::*;
use crate::analysis::Thresholds;
use crate::edit::document::{Edit, StageHeader};
use crate::model::{Map, Stage};
use crate::storage::lock_state;
use crate::storage::{SaveGuard, content_hash, save_map, to_canonical};

fn today() -> jiff::civil::Date {
    jiff::civil::date(2026, 11, 23)
}

fn sample() -> Map {
    let mut map = Map::new("Acme", "Dana");
    map.stages.push(Stage::new("rapport", "Building rapport"));
    map.stages.push(Stage::new("closing", "Closing"));
    map
}

struct Instance {
    doc: Document,
    session: Session,
    notices: Vec<Notice>,
}

fn open(path: &Path, user: &str, state: &Path) -> Instance {
    let doc = Document::load(path, today(), Thresholds::default(), false).expect("loads");
    let (session, notices) = Session::start(&doc, user, Recovery::new(state));
    Instance {
        doc,
        session,
        notices,
    }
}

fn setup() -> (tempfile::TempDir, PathBuf, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let maps = dir.path().join("maps");
    fs::create_dir(&maps).unwrap();
    let path = maps.join("acme.ron");
    fs::write(&path, to_canonical(&sample()).unwrap()).unwrap();
    let state = dir.path().join("state");
    (dir, path, state)
}

fn rename_stage(doc: &mut Document, index: usize, name: &str) {
    let stage = &doc.map().stages[index];
    let header = StageHeader {
        id: stage.id.to_string(),
        name: name.into(),
        goal: stage.goal.clone().map(String::from),
    };
    doc.apply(Edit::EditStage { index, header }).unwrap();
}

/// Ticks like the app's loop until something happens, at most 3 s.
fn tick_until(i: &mut Instance, done: impl Fn(&Instance) -> bool) {
    let start = Instant::now();
    while start.elapsed() < Duration::from_secs(3) {
        let notices = i.session.tick(&mut i.doc, Instant::now());
        i.notices.extend(notices);
        if done(i) {
            return;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    panic!("nothing happened in 3 s; notices: {:?}", i.notices);
}

/// Ticks for a while, for checking that nothing happens.
fn tick_for(i: &mut Instance, how_long: Duration) {
    let start = Instant::now();
    while start.elapsed() < how_long {
        let notices = i.session.tick(&mut i.doc, Instant::now());
        i.notices.extend(notices);
        std::thread::sleep(Duration::from_millis(50));
    }
}

/// A teammate's save, as another journeymap (or editor) would write it.
fn teammate_saves(path: &Path, stage_name: &str) -> Map {
    let mut theirs = crate::storage::load_map(path).unwrap().map;
    theirs.stages[1].name = stage_name.into();
    save_map(path, &theirs, SaveGuard::Force).unwrap();
    theirs
}

#[test]
fn merging_takes_both_sides_as_one_undoable_unsaved_step_that_saves_over_theirs() {
    let (_dir, path, state) = setup();
    let mut a = open(&path, "Dana", &state);
    rename_stage(&mut a.doc, 0, "Mine");
    teammate_saves(&path, "Theirs");
    tick_until(&mut a, |i| i.session.prompt().is_some());
    assert_eq!(
        a.session.prompt().unwrap().choices[0].0,
        'm',
        "merge comes first"
    );
    let notices = a.session.answer(Some('m'), &mut a.doc);
    assert!(a.session.prompt().is_none());
    assert!(
        matches!(&notices[..], [Notice::Info(t)] if t.starts_with("Merged your edits with acme.ron")),
        "{notices:?}"
    );
    let names: Vec<&str> = a.doc.map().stages.iter().map(|s| s.name.as_str()).collect();
    assert_eq!(names, ["Mine", "Theirs"]);
    assert!(a.doc.is_dirty(), "a merge is not saved on its own");
    // The save expects the file merged with, so it goes through.
    a.doc.save(false).expect("saved over theirs");
    assert_eq!(
        crate::storage::load_map(&path).unwrap().map,
        a.doc.map().clone()
    );
    // Undo goes back to mine alone.
    a.doc.undo();
    let names: Vec<&str> = a.doc.map().stages.iter().map(|s| s.name.as_str()).collect();
    assert_eq!(names, ["Mine", "Closing"]);
}

#[test]
fn undoing_an_unsaved_merge_makes_the_next_save_ask_again_instead_of_writing_over_theirs() {
    let (_dir, path, state) = setup();
    let mut a = open(&path, "Dana", &state);
    rename_stage(&mut a.doc, 0, "Mine");
    let theirs = teammate_saves(&path, "Theirs");
    tick_until(&mut a, |i| i.session.prompt().is_some());
    a.session.answer(Some('m'), &mut a.doc);
    // Undo the merge: mine alone, which never saw their file.
    assert_eq!(
        a.doc.undo().as_deref(),
        Some("merge with the version on disk")
    );
    let err = a
        .doc
        .save(false)
        .expect_err("their file is not written over");
    assert!(matches!(err.kind, SaveErrorKind::ChangedOnDisk), "{err}");
    assert_eq!(crate::storage::load_map(&path).unwrap().map, theirs);
    assert!(a.session.on_save_error(&a.doc, &err));
    let prompt = a
        .session
        .prompt()
        .expect("the changed-on-disk question again");
    assert_eq!(prompt.choices[0].0, 'm', "merge is offered again");
    // Redo the merge: the save expects their file again and goes through.
    a.session.answer(None, &mut a.doc);
    assert_eq!(
        a.doc.redo().as_deref(),
        Some("merge with the version on disk")
    );
    a.doc
        .save(false)
        .expect("the merge saves over the file it was merged with");
    let names: Vec<String> = crate::storage::load_map(&path)
        .unwrap()
        .map
        .stages
        .iter()
        .map(|s| s.name.to_string())
        .collect();
    assert_eq!(names, ["Mine", "Theirs"]);
}

#[test]
fn a_merge_with_conflicts_keeps_them_in_the_map_and_asks_to_show_them() {
    let (_dir, path, state) = setup();
    let mut a = open(&path, "Dana", &state);
    rename_stage(&mut a.doc, 1, "Mine");
    teammate_saves(&path, "Theirs");
    tick_until(&mut a, |i| i.session.prompt().is_some());
    let notices = a.session.answer(Some('m'), &mut a.doc);
    assert_eq!(notices.last(), Some(&Notice::Conflicts), "{notices:?}");
    let conflicts = &a.doc.map().conflicts;
    assert_eq!(conflicts.len(), 1);
    assert_eq!(
        a.doc.map().stages[1].name,
        "Mine",
        "mine is kept in place meanwhile"
    );
    let theirs = conflicts[0].theirs.clone();
    a.doc
        .apply(Edit::ResolveConflict {
            index: 0,
            chosen: theirs,
        })
        .expect("resolved");
    assert_eq!(a.doc.map().stages[1].name, "Theirs");
    assert!(a.doc.map().conflicts.is_empty());
    a.doc.undo();
    assert_eq!(
        a.doc.map().conflicts.len(),
        1,
        "undo brings the conflict back"
    );
}

#[test]
fn a_clean_view_reloads_and_says_so() {
    let (_dir, path, state) = setup();
    let mut a = open(&path, "Dana", &state);
    let theirs = teammate_saves(&path, "Closing the deal");
    tick_until(&mut a, |i| !i.notices.is_empty());
    assert_eq!(a.doc.map(), &theirs);
    assert!(!a.doc.is_dirty());
    assert_eq!(
        a.notices,
        vec![Notice::Info("acme.ron changed on disk: reloaded".into())]
    );
    // A save after the reload goes through: the guard knows the new bytes.
    rename_stage(&mut a.doc, 0, "Rapport");
    a.doc.save(false).unwrap();
}

#[test]
fn our_own_saves_are_not_reported_back() {
    let (_dir, path, state) = setup();
    let mut a = open(&path, "Dana", &state);
    rename_stage(&mut a.doc, 0, "Rapport");
    a.doc.save(false).unwrap();
    tick_for(&mut a, Duration::from_millis(1200));
    assert_eq!(a.notices, vec![]);
    assert!(a.session.prompt().is_none());
    // The watcher still works after our save.
    teammate_saves(&path, "Theirs");
    tick_until(&mut a, |i| !i.notices.is_empty());
    assert_eq!(a.doc.map().stages[1].name, "Theirs");
}

#[test]
fn unsaved_edits_and_a_change_on_disk_ask_then_reload_drops_mine() {
    let (_dir, path, state) = setup();
    let mut a = open(&path, "Dana", &state);
    rename_stage(&mut a.doc, 0, "Mine");
    let theirs = teammate_saves(&path, "Theirs");
    tick_until(&mut a, |i| i.session.prompt().is_some());
    let prompt = a.session.prompt().unwrap();
    assert_eq!(prompt.title, "Changed on disk");
    // Each side's change, said of the side that made it.
    assert_eq!(
        prompt.lines[2..],
        [
            "They changed:",
            "  • stage \"Theirs\": renamed from \"Closing\"",
            "You changed:",
            "  • stage \"Mine\": renamed from \"Building rapport\"",
        ]
    );
    let keys: Vec<char> = prompt.choices.iter().map(|c| c.0).collect();
    assert_eq!(keys, vec!['m', 'r', 'o', 'c']);
    // Nothing happened on its own: my edits are still here.
    assert_eq!(a.doc.map().stages[0].name, "Mine");
    assert_eq!(
        fs::read(&path).unwrap(),
        to_canonical(&theirs).unwrap().into_bytes()
    );
    // An unknown key changes nothing.
    assert!(a.session.answer(Some('x'), &mut a.doc).is_empty());
    assert!(a.session.prompt().is_some());
    a.session.answer(Some('r'), &mut a.doc);
    assert!(a.session.prompt().is_none());
    assert_eq!(a.doc.map(), &theirs);
    assert!(!a.doc.is_dirty());
}

fn need(text: &str, met: bool) -> crate::model::Need {
    crate::model::Need {
        text: text.into(),
        motivation: crate::model::Motivation::Utility,
        met,
    }
}

fn promise(text: &str) -> crate::model::Commitment {
    crate::model::Commitment {
        promise: text.into(),
        owner: "Dana".into(),
        due: jiff::civil::date(2026, 12, 1),
        done: None,
    }
}

fn heard(date: &str, by: &str) -> crate::model::Feedback {
    crate::model::Feedback {
        date: date.parse().unwrap(),
        method: crate::model::Method::Call,
        score: Some(4),
        by: by.into(),
        summary: "fine".into(),
        holding_back: false,
    }
}

/// The dialog says what the other side added, removed and changed, and
/// apart from it what I did: adding feedback of my own does not make
/// theirs read as "removed".
#[test]
fn the_changed_on_disk_summary_says_what_each_side_did() {
    let (_dir, path, state) = setup();
    let mut base = sample();
    base.stages[0].needs = vec![need("Predictable invoicing", false)];
    base.stages[0].feedback = vec![heard("2026-11-01", "Dana")];
    base.stages[0].commitments = vec![promise("Call back"), promise("Send the quote")];
    save_map(&path, &base, SaveGuard::Force).unwrap();
    let mut a = open(&path, "Dana", &state);
    // Mine: two feedback entries logged, not saved.
    for by in ["Dana", "Lee"] {
        a.doc
            .apply(Edit::LogFeedback {
                stage: 0,
                feedback: heard("2026-11-20", by),
            })
            .unwrap();
    }
    // Theirs: a need added and one edited, a feedback entry added, a
    // promise kept and another dropped.
    let mut theirs = base.clone();
    let stage = &mut theirs.stages[0];
    stage.needs[0].met = true;
    stage.needs.push(need("One contact person", false));
    stage.feedback.push(heard("2026-11-18", "Sam"));
    stage.commitments[0].done = Some(jiff::civil::date(2026, 11, 22));
    stage.commitments.remove(1);
    save_map(&path, &theirs, SaveGuard::Force).unwrap();
    tick_until(&mut a, |i| i.session.prompt().is_some());
    let prompt = a.session.prompt().unwrap();
    assert_eq!(
        prompt.lines,
        [
            "acme.ron was changed on disk by someone else",
            "while you have unsaved edits.",
            "They changed:",
            "  • stage \"Building rapport\": 1 need added, 1 need changed, 1 feedback added, \
             1 commitment removed, 1 commitment changed",
            "You changed:",
            "  • stage \"Building rapport\": 2 feedback added",
        ]
    );
    // Undone back to the file as loaded: only their side has changes.
    a.doc.undo();
    a.doc.undo();
    assert!(!a.doc.is_dirty());
    assert_eq!(a.doc.disk_version().as_ref(), Some(&base));
}

#[test]
fn keep_mine_overwrites_only_when_chosen() {
    let (_dir, path, state) = setup();
    let mut a = open(&path, "Dana", &state);
    rename_stage(&mut a.doc, 0, "Mine");
    teammate_saves(&path, "Theirs");
    tick_until(&mut a, |i| i.session.prompt().is_some());
    a.session.answer(Some('o'), &mut a.doc);
    let on_disk = crate::storage::load_map(&path).unwrap().map;
    assert_eq!(on_disk.stages[0].name, "Mine");
    assert_eq!(
        on_disk.stages[1].name, "Closing",
        "mine replaced theirs whole"
    );
    assert!(!a.doc.is_dirty());
    // Our overwrite is not reported back as a change.
    a.notices.clear();
    tick_for(&mut a, Duration::from_millis(800));
    assert!(a.session.prompt().is_none(), "{:?}", a.notices);
}

#[test]
fn save_mine_as_a_copy_keeps_both() {
    let (_dir, path, state) = setup();
    let mut a = open(&path, "Dana Ruiz", &state);
    rename_stage(&mut a.doc, 0, "Mine");
    let mine = a.doc.map().clone();
    let theirs = teammate_saves(&path, "Theirs");
    tick_until(&mut a, |i| i.session.prompt().is_some());
    let notices = a.session.answer(Some('c'), &mut a.doc);
    let copy = path.with_file_name("acme-copy-dana-ruiz.ron");
    assert_eq!(crate::storage::load_map(&copy).unwrap().map, mine);
    assert_eq!(crate::storage::load_map(&path).unwrap().map, theirs);
    assert_eq!(a.doc.map(), &theirs);
    assert_eq!(
        notices,
        vec![Notice::Info(
            "Your version is saved as acme-copy-dana-ruiz.ron; showing acme.ron as it is on disk"
                .into()
        )]
    );
    // A second copy gets a new name.
    assert_eq!(
        copy_path(&path, "Dana Ruiz"),
        path.with_file_name("acme-copy-dana-ruiz-2.ron")
    );
}

#[test]
fn a_save_that_finds_the_file_changed_asks_the_same_question() {
    let (_dir, path, state) = setup();
    let mut a = open(&path, "Dana", &state);
    rename_stage(&mut a.doc, 0, "Mine");
    // The teammate's save lands before the watcher reports it.
    teammate_saves(&path, "Theirs");
    let err = a.doc.save(false).unwrap_err();
    assert!(a.session.on_save_error(&a.doc, &err));
    assert_eq!(a.session.prompt().unwrap().title, "Changed on disk");
    assert_eq!(
        crate::storage::load_map(&path).unwrap().map.stages[1].name,
        "Theirs"
    );
}

#[test]
fn a_deleted_map_is_reported_and_its_edits_can_still_be_saved() {
    let (_dir, path, state) = setup();
    let mut a = open(&path, "Dana", &state);
    rename_stage(&mut a.doc, 0, "Mine");
    fs::remove_file(&path).unwrap();
    tick_until(&mut a, |i| i.session.prompt().is_some());
    assert_eq!(a.session.prompt().unwrap().title, "Deleted on disk");
    assert!(a.session.is_removed());
    a.session.answer(Some('s'), &mut a.doc);
    assert_eq!(
        crate::storage::load_map(&path).unwrap().map.stages[0].name,
        "Mine"
    );
    assert!(!a.doc.is_dirty());
}

#[test]
fn a_deleted_map_without_edits_is_only_reported() {
    let (_dir, path, state) = setup();
    let mut a = open(&path, "Dana", &state);
    fs::remove_file(&path).unwrap();
    tick_until(&mut a, |i| !i.notices.is_empty());
    assert_eq!(
        a.notices,
        vec![Notice::Error(
            "acme.ron was deleted on disk; this is the last version read".into()
        )]
    );
    assert!(a.session.prompt().is_none());
}

/// Another journeymap process on this host, running (pid 1 always is),
/// has the map open for editing.
fn other_process_edits(path: &Path, user: &str) {
    let info = LockInfo {
        pid: 1,
        ..LockInfo::current(user)
    };
    fs::write(lock::lock_path(path), ron::to_string(&info).unwrap()).unwrap();
}

#[test]
fn a_second_instance_is_told_who_edits_and_may_go_read_only() {
    let (_dir, path, state) = setup();
    other_process_edits(&path, "Dana");
    let mut b = open(&path, "Sam", &state);
    assert!(!b.session.holds_lock());
    let prompt = b.session.prompt().expect("told about Dana").clone();
    assert!(
        prompt.lines[0].starts_with("acme.ron is also being edited by Dana on "),
        "{:?}",
        prompt.lines
    );
    assert_eq!(
        b.session.answer(Some('r'), &mut b.doc),
        vec![Notice::ReadOnly]
    );
    assert!(b.doc.read_only);
    assert!(b.doc.apply(Edit::DeleteStage { index: 0 }).is_err());
    // Sam ending leaves Dana's lock.
    b.session.end();
    assert!(lock::lock_path(&path).exists());
}

#[test]
fn edit_anyway_and_both_saves_are_guarded() {
    let (_dir, path, state) = setup();
    other_process_edits(&path, "Lena");
    let mut a = open(&path, "Dana", &state);
    let mut b = open(&path, "Sam", &state);
    a.session.answer(Some('e'), &mut a.doc);
    b.session.answer(Some('e'), &mut b.doc);
    assert!(!b.doc.read_only);
    rename_stage(&mut a.doc, 0, "Dana's");
    rename_stage(&mut b.doc, 1, "Sam's");
    a.doc.save(false).unwrap();
    // Sam's save must not clobber Dana's.
    let err = b.doc.save(false).unwrap_err();
    assert!(b.session.on_save_error(&b.doc, &err));
    assert_eq!(
        crate::storage::load_map(&path).unwrap().map.stages[0].name,
        "Dana's"
    );
    a.session.end();
    b.session.end();
    assert!(lock::lock_path(&path).exists(), "Lena's lock stays");
}

#[test]
fn a_second_view_in_this_process_is_not_someone_else() {
    let (_dir, path, state) = setup();
    let a = open(&path, "Dana", &state);
    let b = open(&path, "Dana", &state);
    assert!(b.session.prompt().is_none());
    assert!(b.session.holds_lock());
    a.session.end();
    b.session.end();
    assert!(!lock::lock_path(&path).exists());
}

#[test]
fn a_stale_lock_is_ignored() {
    let (_dir, path, state) = setup();
    let mut child = std::process::Command::new("true").spawn().unwrap();
    let dead = child.id();
    child.wait().unwrap();
    let stale = LockInfo {
        pid: dead,
        ..LockInfo::current("Ghost")
    };
    fs::write(lock::lock_path(&path), ron::to_string(&stale).unwrap()).unwrap();
    let a = open(&path, "Dana", &state);
    assert!(a.session.prompt().is_none());
    assert!(a.session.holds_lock());
}

#[test]
fn unsaved_edits_are_backed_up_and_removed_after_a_save() {
    let (_dir, path, state) = setup();
    let mut a = open(&path, "Dana", &state);
    let recovery = Recovery::new(&state);
    tick_for(&mut a, Duration::from_millis(100));
    assert!(!recovery.file_for(&path).exists(), "nothing to back up");
    rename_stage(&mut a.doc, 0, "Mine");
    let t0 = Instant::now();
    a.session.tick(&mut a.doc, t0);
    a.session.flush_recovery();
    let text = fs::read_to_string(recovery.file_for(&path)).unwrap();
    assert!(text.contains("Mine"));
    // Another edit within the second waits; after it, it is written.
    rename_stage(&mut a.doc, 1, "Later");
    a.session.tick(&mut a.doc, t0 + Duration::from_millis(500));
    a.session.flush_recovery();
    assert!(
        !fs::read_to_string(recovery.file_for(&path))
            .unwrap()
            .contains("Later")
    );
    a.session.tick(&mut a.doc, t0 + Duration::from_millis(1100));
    a.session.flush_recovery();
    assert!(
        fs::read_to_string(recovery.file_for(&path))
            .unwrap()
            .contains("Later")
    );
    a.doc.save(false).unwrap();
    a.session.tick(&mut a.doc, t0 + Duration::from_millis(1200));
    a.session.flush_recovery();
    assert!(!recovery.file_for(&path).exists());
}

/// Makes our recovery file look like one left by a process that died.
fn as_if_killed(recovery: &Recovery, path: &Path) {
    let mut child = std::process::Command::new("true").spawn().unwrap();
    let dead = child.id();
    child.wait().unwrap();
    let mine = recovery.file_for(path);
    let me = std::process::id().to_string();
    let text = fs::read_to_string(&mine)
        .unwrap()
        .replace(&format!("pid: {me}"), &format!("pid: {dead}"));
    let name = mine
        .file_name()
        .unwrap()
        .to_string_lossy()
        .replace(&me, &dead.to_string());
    fs::write(mine.with_file_name(name), text).unwrap();
    fs::remove_file(mine).unwrap();
}

#[test]
fn edits_left_by_a_crash_are_offered_and_restored() {
    let (_dir, path, state) = setup();
    let recovery = Recovery::new(&state);
    {
        let mut a = open(&path, "Dana", &state);
        rename_stage(&mut a.doc, 0, "Mine");
        a.session.tick(&mut a.doc, Instant::now());
        a.session.flush_recovery();
        // The process "dies": no save, no end().
        std::mem::forget(a.session);
    }
    let _ = fs::remove_file(lock::lock_path(&path));
    as_if_killed(&recovery, &path);
    let before = fs::read(&path).unwrap();
    let mut b = open(&path, "Dana", &state);
    let prompt = b.session.prompt().expect("offered").clone();
    assert_eq!(prompt.title, "Recovered edits");
    assert!(
        prompt
            .lines
            .iter()
            .any(|l| l.contains("stage \"Mine\": renamed from \"Building rapport\"")),
        "{:?}",
        prompt.lines
    );
    b.session.answer(Some('r'), &mut b.doc);
    assert_eq!(b.doc.map().stages[0].name, "Mine");
    assert!(b.doc.is_dirty());
    assert_eq!(fs::read(&path).unwrap(), before, "restoring does not save");
    // Undo brings back the file's version.
    b.doc.undo();
    assert_eq!(b.doc.map(), &sample());
    b.doc.redo();
    b.doc.save(false).unwrap();
    b.session.tick(&mut b.doc, Instant::now());
    b.session.flush_recovery();
    assert_eq!(
        fs::read_dir(&state).unwrap().count(),
        0,
        "recovery files gone"
    );
    assert_eq!(
        crate::storage::load_map(&path).unwrap().map.stages[0].name,
        "Mine"
    );
}

#[test]
fn edits_left_by_a_crash_can_be_discarded() {
    let (_dir, path, state) = setup();
    let recovery = Recovery::new(&state);
    let mut a = open(&path, "Dana", &state);
    rename_stage(&mut a.doc, 0, "Mine");
    a.session.tick(&mut a.doc, Instant::now());
    a.session.flush_recovery();
    std::mem::forget(a.session);
    let _ = fs::remove_file(lock::lock_path(&path));
    as_if_killed(&recovery, &path);
    let mut b = open(&path, "Dana", &state);
    b.session.answer(Some('d'), &mut b.doc);
    assert_eq!(b.doc.map(), &sample());
    assert!(!b.doc.is_dirty());
    assert_eq!(fs::read_dir(&state).unwrap().count(), 0);
    b.session.end();
    let c = open(&path, "Dana", &state);
    assert!(c.session.prompt().is_none(), "not offered again");
}

#[test]
fn restored_edits_over_a_changed_file_do_not_overwrite_it_silently() {
    let (_dir, path, state) = setup();
    let recovery = Recovery::new(&state);
    let mut a = open(&path, "Dana", &state);
    rename_stage(&mut a.doc, 0, "Mine");
    a.session.tick(&mut a.doc, Instant::now());
    a.session.flush_recovery();
    std::mem::forget(a.session);
    let _ = fs::remove_file(lock::lock_path(&path));
    as_if_killed(&recovery, &path);
    teammate_saves(&path, "Theirs");
    let theirs_bytes = fs::read(&path).unwrap();
    let mut b = open(&path, "Dana", &state);
    assert!(
        b.session
            .prompt()
            .unwrap()
            .lines
            .iter()
            .any(|l| l.contains("The file changed since"))
    );
    b.session.answer(Some('r'), &mut b.doc);
    let err = b.doc.save(false).unwrap_err();
    assert!(b.session.on_save_error(&b.doc, &err));
    assert_eq!(fs::read(&path).unwrap(), theirs_bytes);
    assert_eq!(
        content_hash(&theirs_bytes),
        content_hash(&fs::read(&path).unwrap())
    );
}

#[test]
fn unwinding_from_a_panic_keeps_the_recovery_copy_and_frees_the_lock() {
    let (_dir, path, state) = setup();
    let recovery = Recovery::new(&state);
    let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        let mut a = open(&path, "Dana", &state);
        rename_stage(&mut a.doc, 0, "Mine");
        a.session.tick(&mut a.doc, Instant::now());
        a.session.flush_recovery();
        assert!(recovery.file_for(&path).exists());
        panic!("a bug");
    }));
    assert!(result.is_err());
    // Unwinding dropped the session: our lock is gone (the process lives
    // on only in tests; a real panic ends it), the edits are not.
    assert!(!lock::lock_path(&path).exists());
    assert!(
        fs::read_to_string(recovery.file_for(&path))
            .unwrap()
            .contains("Mine")
    );
}

#[test]
fn a_recovery_folder_that_cannot_be_written_is_reported_once() {
    let (_dir, path, state) = setup();
    // The state "folder" is a file: no copy can be made in it.
    fs::write(&state, "not a folder").unwrap();
    let mut a = open(&path, "Dana", &state);
    let t0 = Instant::now();
    let mut notices = Vec::new();
    for second in 0..4 {
        rename_stage(&mut a.doc, 0, &format!("Mine {second}"));
        let now = t0 + Duration::from_millis(1100 * second);
        notices.extend(a.session.tick(&mut a.doc, now));
        a.session.flush_recovery();
    }
    notices.extend(a.session.tick(&mut a.doc, t0 + Duration::from_secs(5)));
    let reported: Vec<_> = notices
        .iter()
        .filter(|n| matches!(n, Notice::Error(e) if e.contains("cannot be backed up")))
        .collect();
    assert_eq!(reported.len(), 1, "{notices:?}");
}

#[test]
fn closing_the_map_on_purpose_removes_lock_and_recovery_copy() {
    let (_dir, path, state) = setup();
    let recovery = Recovery::new(&state);
    let mut a = open(&path, "Dana", &state);
    rename_stage(&mut a.doc, 0, "Mine");
    a.session.tick(&mut a.doc, Instant::now());
    a.session.flush_recovery();
    assert!(recovery.file_for(&path).exists());
    a.session.end_discarding();
    assert!(!recovery.file_for(&path).exists());
    assert!(!lock::lock_path(&path).exists());
}

#[test]
fn keeping_edits_on_the_way_out_writes_them_now_or_says_why_not() {
    let (_dir, path, state) = setup();
    let mut a = open(&path, "Dana", &state);
    assert!(a.session.keep_edits(&a.doc).is_none(), "nothing to keep");
    rename_stage(&mut a.doc, 0, "Mine");
    // No tick since the edit: only this call can have written it.
    let copy = a.session.keep_edits(&a.doc).unwrap().unwrap();
    assert!(fs::read_to_string(copy).unwrap().contains("Mine"));

    let (_dir, path, state) = setup();
    fs::write(&state, "not a folder").unwrap();
    let mut b = open(&path, "Dana", &state);
    rename_stage(&mut b.doc, 0, "Mine");
    assert!(b.session.keep_edits(&b.doc).unwrap().is_err());
}

/// A newer journeymap's save: its canonical text with `format: 3`.
fn newer_journeymap_saves(path: &Path) -> String {
    let text = to_canonical(&sample())
        .unwrap()
        .replace("format: 2,", "format: 3,");
    let tmp = path.with_extension("newer");
    fs::write(&tmp, &text).unwrap();
    fs::rename(&tmp, path).unwrap();
    text
}

fn press(i: &mut Instance, key: Option<char>) -> Vec<Notice> {
    i.session.answer(key, &mut i.doc)
}

#[test]
fn a_newer_format_on_disk_is_never_overwritten_by_unsaved_edits() {
    let (_dir, path, state) = setup();
    let mut a = open(&path, "Dana", &state);
    rename_stage(&mut a.doc, 0, "Mine");
    let theirs = newer_journeymap_saves(&path);
    tick_until(&mut a, |i| i.session.prompt().is_some());
    let prompt = a.session.prompt().unwrap();
    assert_eq!(prompt.title, "Newer format on disk");
    assert_eq!(
        prompt.choices,
        vec![('c', "save mine as a copy".to_string())]
    );
    // "Overwrite" is not among the choices, and is refused if asked for.
    assert!(press(&mut a, Some('o')).is_empty());
    assert_eq!(a.session.prompt().unwrap().title, "Newer format on disk");
    let err = a.doc.save(true).expect_err("a forced save is refused too");
    assert!(matches!(err.kind, SaveErrorKind::NewerFormat(3)), "{err}");
    assert_eq!(fs::read_to_string(&path).unwrap(), theirs);
    // The edits go to a copy; the newer file stays as it was.
    let notices = press(&mut a, Some('c'));
    let copy = path.with_file_name("acme-copy-dana.ron");
    assert_eq!(
        notices,
        vec![Notice::Info(
            "Your version is saved as acme-copy-dana.ron; acme.ron is left as the newer \
             journeymap wrote it"
                .into()
        )]
    );
    assert_eq!(
        crate::storage::load_map(&copy).unwrap().map.stages[0].name,
        "Mine"
    );
    assert_eq!(fs::read_to_string(&path).unwrap(), theirs);
    assert!(a.doc.is_dirty(), "the edits are still in the app");
}

#[test]
fn a_newer_format_that_replaced_a_clean_view_is_not_overwritten_by_the_next_save() {
    let (_dir, path, state) = setup();
    let mut a = open(&path, "Dana", &state);
    let theirs = newer_journeymap_saves(&path);
    tick_until(&mut a, |i| !i.notices.is_empty());
    assert!(
        matches!(&a.notices[0], Notice::Error(e) if e.contains("format 3 is newer")),
        "{:?}",
        a.notices
    );
    // Edits made to the last good version, then a save.
    rename_stage(&mut a.doc, 0, "Mine");
    assert!(a.session.check_before_save(&a.doc));
    assert_eq!(a.session.prompt().unwrap().title, "Newer format on disk");
    // Had the save gone ahead anyway (the check raced), and the user then
    // chose to overwrite, the save itself refuses:
    let err = a.doc.save(false).expect_err("changed");
    assert!(a.session.on_save_error(&a.doc, &err));
    assert_eq!(a.session.prompt().unwrap().title, "Newer format on disk");
    let err = a.doc.save(true).expect_err("newer");
    assert_eq!(
        save_error_words(&err),
        "the file on disk is format 3, from a newer journeymap (this one writes format 2)"
    );
    assert!(a.session.on_save_error(&a.doc, &err));
    assert_eq!(fs::read_to_string(&path).unwrap(), theirs);
    assert!(a.doc.is_dirty());
    assert_eq!(
        press(&mut a, None),
        vec![Notice::Info(
            "Your edits are kept; acme.ron is not overwritten".into()
        )]
    );
}

#[test]
fn keep_mine_overwrite_over_a_newer_format_refuses_and_offers_the_copy() {
    let (_dir, path, state) = setup();
    let mut a = open(&path, "Dana", &state);
    rename_stage(&mut a.doc, 0, "Mine");
    // The conflict question was raised for an ordinary change...
    teammate_saves(&path, "Theirs");
    tick_until(&mut a, |i| i.session.prompt().is_some());
    assert_eq!(a.session.prompt().unwrap().title, "Changed on disk");
    // ...and by the time the user answers, a newer journeymap has saved.
    let theirs = newer_journeymap_saves(&path);
    let notices = press(&mut a, Some('o'));
    assert_eq!(
        notices,
        vec![Notice::Error(
            "Not saved: the file on disk is format 3, from a newer journeymap (this one writes \
             format 2). Your edits are kept"
                .into()
        )]
    );
    assert_eq!(fs::read_to_string(&path).unwrap(), theirs);
    assert_eq!(a.session.prompt().unwrap().title, "Newer format on disk");
    assert!(a.doc.is_dirty());
}

#[test]
fn refusals_are_said_in_plain_words() {
    let words = |kind| {
        save_error_words(&SaveError {
            path: PathBuf::from("maps/acme.ron"),
            kind,
        })
    };
    assert_eq!(
        words(SaveErrorKind::TooLarge(175 * 1024 * 1024)),
        "the map would be 175.0 MiB, over the 64 MiB a map file may have"
    );
    assert_eq!(
        words(SaveErrorKind::NotWritable),
        "the file is read-only for you"
    );
}

/// What the state next to our lock says, as `journeymap log` reads it.
fn told(path: &Path, i: &Instance) -> lock_state::HolderEdits {
    let info = i.session.lock.as_ref().expect("the lock is ours").info();
    lock_state::holder_edits(&lock::lock_path(path), info)
}

#[test]
fn the_lock_says_whether_edits_are_unsaved_as_that_changes() {
    use lock_state::HolderEdits::{AllSaved, Unsaved};
    let (_dir, path, state) = setup();
    let mut a = open(&path, "Dana", &state);
    assert_eq!(told(&path, &a), AllSaved, "said at once when opened");
    rename_stage(&mut a.doc, 0, "Mine");
    // Said when the app says so (after the key), or at the next tick.
    assert_eq!(told(&path, &a), AllSaved);
    a.session.tell_edit_state(&a.doc);
    assert_eq!(told(&path, &a), Unsaved);
    a.doc.undo();
    a.session.tick(&mut a.doc, Instant::now());
    assert_eq!(told(&path, &a), AllSaved, "undone back to the file");
    rename_stage(&mut a.doc, 0, "Mine");
    a.session.tick(&mut a.doc, Instant::now());
    assert_eq!(told(&path, &a), Unsaved);
    a.doc.save(false).unwrap();
    a.session.tick(&mut a.doc, Instant::now());
    assert_eq!(told(&path, &a), AllSaved, "saved");
    // Unsaved again, then the file changes on disk: reloading (dropping
    // ours) leaves nothing unsaved.
    rename_stage(&mut a.doc, 0, "Mine again");
    a.session.tell_edit_state(&a.doc);
    let mut theirs = sample();
    theirs.stages[1].name = "Theirs".into();
    save_map(&path, &theirs, SaveGuard::Force).unwrap();
    tick_until(&mut a, |i| i.session.prompt().is_some());
    assert_eq!(told(&path, &a), Unsaved, "asked, not yet answered");
    a.session.answer(Some('r'), &mut a.doc);
    assert_eq!(told(&path, &a), AllSaved, "reloaded");
    let state_file = lock_state::state_path(&lock::lock_path(&path));
    assert!(state_file.exists());
    a.session.end();
    assert!(!state_file.exists(), "goes with the lock");
    assert!(!lock::lock_path(&path).exists());
}

#[test]
fn a_clean_view_reloads_a_change_and_says_it_is_still_clean() {
    use lock_state::HolderEdits::AllSaved;
    let (_dir, path, state) = setup();
    let mut a = open(&path, "Dana", &state);
    // What `journeymap log` does while the app has nothing unsaved.
    std::thread::sleep(Duration::from_millis(300));
    let mut theirs = sample();
    theirs.stages[1].name = "Logged from the shell".into();
    save_map(&path, &theirs, SaveGuard::Force).unwrap();
    tick_until(&mut a, |i| {
        i.doc.map().stages[1].name == "Logged from the shell"
    });
    assert!(!a.doc.is_dirty());
    assert_eq!(told(&path, &a), AllSaved);
}

#[test]
fn a_read_only_view_or_one_without_the_lock_writes_no_state() {
    let (_dir, path, state) = setup();
    let mut doc = Document::load(&path, today(), Thresholds::default(), false).unwrap();
    doc.read_only = true;
    let (mut session, _) = Session::start(&doc, "Dana", Recovery::new(&state));
    session.tell_edit_state(&doc);
    let state_file = lock_state::state_path(&lock::lock_path(&path));
    assert!(!state_file.exists());
    session.end();
}
