//! The screens over every map of a folder, driven by key events on a
//! TestBackend: the agenda (`A`) and the search (`s`) from the portfolio,
//! and the portfolio's filter over segments and owners. The date is
//! always passed (2026-11-23), never read.
//!
//! Each test works on its own copy of the sample maps (`maps/`), in a
//! folder under `target/tmp` named by a relative path of fixed length, so
//! that the screens (which show the folder and the selected file) make
//! stable snapshots once the random part of the name is blanked.

mod tui_support;

use std::fs;
use std::path::{Path, PathBuf};

use insta::assert_snapshot;
use journeymap::storage::load_map;
use journeymap::tui::App;
use journeymap::tui::view::board::Board;
use journeymap::tui::view::stage::StageView;
use ratatui::crossterm::event::{KeyCode, KeyModifiers};
use tui_support::*;

/// A copy of `maps/` (the seven sample maps) in a folder of its own.
struct Folder {
    dir: tempfile::TempDir,
    /// The folder as the app is given it: relative, fixed length.
    rel: PathBuf,
}

impl Folder {
    fn new() -> Folder {
        fs::create_dir_all("target/tmp").expect("target/tmp");
        let dir = tempfile::Builder::new()
            .prefix("agenda-")
            .rand_bytes(6)
            .tempdir_in("target/tmp")
            .expect("temp dir");
        let name = dir.path().file_name().expect("name").to_owned();
        let rel = Path::new("target/tmp").join(name);
        for entry in fs::read_dir("maps").expect("maps/") {
            let path = entry.expect("entry").path();
            if path.extension().is_some_and(|e| e == "ron") {
                let to = rel.join(path.file_name().expect("file name"));
                fs::copy(&path, to).expect("copied");
            }
        }
        Folder { dir, rel }
    }

    fn map(&self, name: &str) -> PathBuf {
        self.rel.join(name)
    }

    fn app(&self) -> App {
        App::new(options(&self.rel)).expect("the app opens")
    }

    /// The screen with the folder's random name blanked (same length, so
    /// nothing moves).
    fn screen(&self, app: &App, width: u16, height: u16) -> String {
        let name = self.dir.path().file_name().expect("name").to_string_lossy();
        screen(app, width, height).replace(name.as_ref(), "agenda-######")
    }
}

/// Opens a screen from the portfolio and waits for its maps.
fn open(app: &mut App, key: char) {
    press(app, KeyCode::Char(key));
    app.wait_loaded();
}

/// The line of the screen with the selection mark.
fn selected_line(s: &str) -> String {
    s.lines()
        .find(|l| l.contains('▶'))
        .unwrap_or_else(|| panic!("no selection on\n{s}"))
        .to_string()
}

#[test]
fn agenda_groups_what_is_owed_at_both_sizes() {
    let f = Folder::new();
    let mut app = f.app();
    open(&mut app, 'A');
    assert_eq!(app.top_screen(), Some("Agenda"));
    let s = f.screen(&app, 80, 24);
    assert_snapshot!("agenda_80x24", s);
    // Overdue first, most late first, with client, stage, owner and how
    // late; then due today.
    let overdue = s.find("Overdue · 7").expect("overdue heading");
    let today = s.find("Due today · 1").expect("today heading");
    assert!(overdue < today, "{s}");
    assert!(selected_line(&s).contains("✗ 24 d late  Kestrel"), "{s}");
    assert_snapshot!("agenda_160x48", f.screen(&app, 160, 48));
    // The end of the list: the stages to call back.
    press(&mut app, KeyCode::End);
    let s = f.screen(&app, 80, 24);
    assert_snapshot!("agenda_end_80x24", s);
    assert!(s.contains("Call back soon"), "{s}");
    assert!(selected_line(&s).contains("☎ in 12 d"), "{s}");
    // The stage the client is in, with no feedback yet: its grace period
    // ends (the finding turns critical) on 2026-12-01.
    assert!(
        s.contains("☎ in 8 d     Kestrel Preci… Go-live at… Priya Na… no feedback yet"),
        "{s}"
    );
}

#[test]
fn enter_on_a_stage_whose_grace_period_ends_opens_the_stage() {
    let f = Folder::new();
    let mut app = f.app();
    agenda_row(&f, &mut app, "kestrel go-live call back", KeyCode::Enter);
    assert_eq!(app.top_screen(), Some("Stage detail"));
    let stage = app
        .top_layer()
        .and_then(|l| l.as_any().downcast_ref::<StageView>())
        .expect("the stage screen");
    let map = load_map(&f.map("kestrel-precision-components.ron")).expect("valid");
    assert_eq!(
        map.map.stages[stage.stage_index()].name,
        "Go-live at three plants"
    );
}

#[test]
fn agenda_is_in_the_portfolio_help_through_the_keymap() {
    let f = Folder::new();
    let mut app = f.app();
    press(&mut app, KeyCode::Char('?'));
    let s = f.screen(&app, 100, 40);
    assert!(
        s.contains("A ") && s.contains("what is owed across every map"),
        "{s}"
    );
    assert!(s.contains("search the text of every map"), "{s}");
}

#[test]
fn agenda_filters_by_owner_and_by_text_as_you_type() {
    let f = Folder::new();
    let mut app = f.app();
    open(&mut app, 'A');
    press(&mut app, KeyCode::Char('/'));
    type_text(&mut app, "@ayesha");
    let s = f.screen(&app, 80, 24);
    assert_snapshot!("agenda_owner_filter_80x24", s);
    // Her six commitments, and the stage she heard the client on last,
    // as `journeymap agenda --owner` has it.
    assert!(s.contains("filter: @ayesha▏ 7 of 36"), "{s}");
    let rows: Vec<&str> = s
        .lines()
        .filter(|l| l.contains('✗') || l.contains('◷'))
        .collect();
    assert_eq!(rows.len(), 6, "{s}");
    assert!(rows.iter().all(|l| l.contains("Ayesha")), "{s}");
    assert!(s.contains("☎ in 12 d    Lumenway"), "{s}");
    // More words narrow further, as they are typed: a client's name.
    type_text(&mut app, " harb");
    let s = f.screen(&app, 80, 24);
    assert!(s.contains("3 of 36"), "{s}");
    assert!(!s.contains("Kestrel") && !s.contains("Eastbrook"), "{s}");
    // `@` looks at the owner only: Harbor's promises never name "credit"
    // as an owner.
    type_text(&mut app, " @credit");
    assert!(f.screen(&app, 80, 24).contains("Nothing matches"));
    // Plain words look at the promise too.
    for _ in 0.." @credit".len() {
        press(&mut app, KeyCode::Backspace);
    }
    type_text(&mut app, " credit");
    let s = f.screen(&app, 80, 24);
    assert!(
        s.contains("1 of 36") && s.contains("Issue the credit"),
        "{s}"
    );
    // Esc clears the filter and leaves it.
    press(&mut app, KeyCode::Esc);
    let s = f.screen(&app, 80, 24);
    assert!(!s.contains("filter:") && s.contains("Overdue · 7"), "{s}");
    assert_eq!(app.top_screen(), Some("Agenda"));
}

/// Filters the agenda down to one row and opens it with `key`.
fn agenda_row(f: &Folder, app: &mut App, words: &str, key: KeyCode) {
    open(app, 'A');
    press(app, KeyCode::Char('/'));
    type_text(app, words);
    let s = f.screen(app, 80, 24);
    assert!(s.contains("1 of 36"), "{s}");
    press(app, KeyCode::Enter); // keep the filter
    press(app, key);
}

#[test]
fn enter_opens_the_map_at_the_stage_with_the_commitment_selected() {
    let f = Folder::new();
    let mut app = f.app();
    agenda_row(&f, &mut app, "credit note", KeyCode::Enter);
    assert_eq!(
        app.screen_names(),
        vec!["Portfolio", "Agenda", "Journey board", "Stage detail"]
    );
    let stage = app
        .top_layer()
        .and_then(|l| l.as_any().downcast_ref::<StageView>())
        .expect("the stage screen");
    let map = load_map(&f.map("harbor-freightways.ron")).expect("valid");
    let stage_index = stage.stage_index();
    let name = &map.map.stages[stage_index].name;
    assert_eq!(name, "Invoice dispute (fuel surcharge)");
    let s = f.screen(&app, 80, 24);
    assert_snapshot!("agenda_enter_80x24", s);
    assert!(selected_line(&s).contains("overdue 17 days"), "{s}");
    // Back: the board, on that stage; again: the agenda with the row
    // still selected.
    press(&mut app, KeyCode::Esc);
    let board = app
        .top_layer()
        .and_then(|l| l.as_any().downcast_ref::<Board>())
        .expect("the board");
    assert_eq!(board.selected_stage(), stage_index);
    press(&mut app, KeyCode::Esc);
    assert_eq!(app.top_screen(), Some("Agenda"));
    assert!(selected_line(&f.screen(&app, 80, 24)).contains("Issue the credit"));
}

#[test]
fn enter_on_a_stage_to_call_back_selects_its_newest_feedback() {
    let f = Folder::new();
    let mut app = f.app();
    agenda_row(&f, &mut app, "lumenway call back", KeyCode::Enter);
    assert_eq!(app.top_screen(), Some("Stage detail"));
    let s = f.screen(&app, 160, 48);
    assert!(selected_line(&s).contains("2026-09-05"), "{s}");
}

#[test]
fn m_marks_kept_with_the_boards_undo_and_save() {
    let f = Folder::new();
    let path = f.map("harbor-freightways.ron");
    let before = fs::read_to_string(&path).expect("readable");
    let mut app = f.app();
    agenda_row(&f, &mut app, "credit note", KeyCode::Char('m'));
    // The map is open at the commitment, marked kept today, not saved.
    assert_eq!(app.top_screen(), Some("Stage detail"));
    let s = f.screen(&app, 80, 24);
    assert_snapshot!("agenda_mark_kept_80x24", s);
    assert!(
        s.contains("Mark commitment kept · u undoes, Ctrl-s saves"),
        "{s}"
    );
    assert!(selected_line(&s).contains("kept late by 17 days"), "{s}");
    assert!(app.is_dirty());
    assert_eq!(fs::read_to_string(&path).expect("readable"), before);
    // The same undo as everywhere.
    press(&mut app, KeyCode::Char('u'));
    assert!(!app.is_dirty());
    let s = f.screen(&app, 80, 24);
    assert!(s.contains("Undid: mark commitment kept"), "{s}");
    assert!(selected_line(&s).contains("overdue 17 days"), "{s}");
    // Again, and saved: the file has it, and back on the agenda it is
    // no longer owed.
    press(&mut app, KeyCode::Char('m'));
    app.handle_event(key_event(KeyCode::Char('s'), KeyModifiers::CONTROL));
    assert!(!app.is_dirty());
    let saved = load_map(&path).expect("valid");
    let c = saved
        .map
        .stages
        .iter()
        .flat_map(|s| &s.commitments)
        .find(|c| c.promise.starts_with("Issue the credit note"))
        .expect("the commitment");
    assert_eq!(c.done, Some(today()));
    press(&mut app, KeyCode::Esc);
    press(&mut app, KeyCode::Esc);
    assert_eq!(app.top_screen(), Some("Agenda"));
    // The map is read again in the background.
    app.wait_loaded();
    let s = f.screen(&app, 80, 24);
    assert!(s.contains("Nothing matches"), "{s}");
    press(&mut app, KeyCode::Esc);
    assert!(f.screen(&app, 80, 24).contains("Overdue · 6"));
}

#[test]
fn m_on_a_stage_to_call_back_says_what_it_is() {
    let f = Folder::new();
    let mut app = f.app();
    agenda_row(&f, &mut app, "lumenway call back", KeyCode::Char('m'));
    assert_eq!(app.top_screen(), Some("Agenda"));
    let s = f.screen(&app, 80, 24);
    assert!(s.contains("this is a stage to call back"), "{s}");
}

#[test]
fn m_refuses_a_commitment_that_moved_since_the_agenda_read_the_map() {
    let f = Folder::new();
    let path = f.map("harbor-freightways.ron");
    let mut app = f.app();
    open(&mut app, 'A');
    press(&mut app, KeyCode::Char('/'));
    type_text(&mut app, "credit note");
    press(&mut app, KeyCode::Enter);
    // Someone renames the promise after the agenda read the file (no
    // watcher runs in the test to tell the agenda).
    let text = fs::read_to_string(&path).expect("readable");
    let changed = text.replace(
        "Issue the credit note for the double-billed surcharge",
        "Issue the credit note (reworded)",
    );
    assert_ne!(changed, text);
    fs::write(&path, changed).expect("written");
    press(&mut app, KeyCode::Char('m'));
    let s = f.screen(&app, 80, 24);
    assert!(
        s.contains("the map changed since the agenda read it"),
        "{s}"
    );
    assert!(!app.is_dirty());
}

#[test]
fn search_finds_any_text_with_where_it_is_at_both_sizes() {
    let f = Folder::new();
    let mut app = f.app();
    open(&mut app, 's');
    assert_eq!(app.top_screen(), Some("Search all maps"));
    let s = f.screen(&app, 80, 24);
    assert!(s.contains("Type to search every map"), "{s}");
    // As it is typed: letters are text here (q does not quit).
    type_text(&mut app, "surcharge");
    assert!(!app.should_quit());
    let s = f.screen(&app, 80, 24);
    assert_snapshot!("search_80x24", s);
    assert!(
        s.contains("Harbor Freightways › Invoice dispute (fuel surcharge) › stage"),
        "{s}"
    );
    assert_snapshot!("search_160x48", f.screen(&app, 160, 48));
    // Typing on narrows, taking a letter back widens again.
    type_text(&mut app, "x");
    assert!(
        f.screen(&app, 80, 24)
            .contains("Nothing matches \"surchargex\"")
    );
    press(&mut app, KeyCode::Backspace);
    assert!(f.screen(&app, 80, 24).contains("7 hits in 1 map"));
    type_text(&mut app, " credit");
    assert!(f.screen(&app, 80, 24).contains("3 hits in 1 map"));
    // Owners, departments, segments and review notes are found too.
    for (query, expect) in [
        ("tomasz wren", "touchpoint"),
        ("accounting", "touchpoint"),
        ("manufacturing", "Kestrel Precision Components"),
    ] {
        for _ in 0..40 {
            press(&mut app, KeyCode::Backspace);
        }
        type_text(&mut app, query);
        let s = f.screen(&app, 80, 24);
        assert!(selected_line(&s).contains(expect), "{query}: {s}");
    }
}

#[test]
fn search_finds_review_notes_and_enter_opens_the_item() {
    let f = Folder::new();
    let map = load_map(&f.map("northwind-health.ron")).expect("valid").map;
    let (i, note) = map
        .reviews
        .iter()
        .enumerate()
        .find(|(_, r)| r.stage.is_some())
        .expect("a review note about a stage");
    let words: String = note
        .note
        .split_whitespace()
        .take(6)
        .collect::<Vec<_>>()
        .join(" ");
    let mut app = f.app();
    open(&mut app, 's');
    type_text(&mut app, &words);
    let s = f.screen(&app, 160, 48);
    assert!(selected_line(&s).contains("› review note"), "{s}");
    press(&mut app, KeyCode::Enter);
    assert_eq!(app.top_screen(), Some("Stage detail"));
    let stage = app
        .top_layer()
        .and_then(|l| l.as_any().downcast_ref::<StageView>())
        .expect("the stage screen");
    assert_eq!(
        Some(stage.stage_index()),
        note.stage.as_deref().and_then(|id| map.stage_index(id)),
        "note {i}"
    );
    let s = f.screen(&app, 160, 48);
    let first: String = note.note.chars().take(20).collect();
    assert!(selected_line(&s).contains(&first), "{s}");
    // Esc on the search goes back to the portfolio.
    press(&mut app, KeyCode::Esc);
    press(&mut app, KeyCode::Esc);
    assert_eq!(app.top_screen(), Some("Search all maps"));
    press(&mut app, KeyCode::Esc);
    assert_eq!(app.top_screen(), Some("Portfolio"));
}

#[test]
fn search_enter_on_a_commitment_selects_it() {
    let f = Folder::new();
    let mut app = f.app();
    open(&mut app, 's');
    type_text(&mut app, "double-billed credit");
    press(&mut app, KeyCode::Enter);
    assert_eq!(app.top_screen(), Some("Stage detail"));
    let s = f.screen(&app, 80, 24);
    assert!(selected_line(&s).contains("overdue 17 days"), "{s}");
}

#[test]
fn portfolio_filter_matches_segment_and_owners_and_shows_the_segment() {
    let f = Folder::new();
    let mut app = f.app();
    // The segment has a column on a wide screen...
    let s = f.screen(&app, 106, 30);
    assert!(s.contains("Segment") && s.contains("Manufactu"), "{s}");
    assert!(!f.screen(&app, 104, 30).contains("Segment"));
    // ...and is on the status line after the score's terms, where those
    // leave room for it.
    press(&mut app, KeyCode::End);
    let s = f.screen(&app, 80, 24);
    assert!(s.contains(" risk 3.0 = 3 (6 info) · Non-profit · "), "{s}");
    press(&mut app, KeyCode::Char('/'));
    type_text(&mut app, "manufacturing");
    let s = f.screen(&app, 80, 24);
    assert!(s.contains("1 of 7") && s.contains("Kestrel"), "{s}");
    for _ in 0.."manufacturing".len() {
        press(&mut app, KeyCode::Backspace);
    }
    // An owner of touchpoints and commitments, manager of no map.
    type_text(&mut app, "tomasz");
    let s = f.screen(&app, 80, 24);
    assert!(s.contains("3 of 7"), "{s}");
    for client in ["Harbor", "Kestrel", "Quiet Meadow"] {
        assert!(s.contains(client), "{client}: {s}");
    }
}

#[test]
fn m_changes_nothing_on_a_map_someone_else_is_editing() {
    use journeymap::storage::lock;
    let f = Folder::new();
    let path = f.map("harbor-freightways.ron");
    // Dana's journeymap, another process (pid 1 is always running).
    let dana = lock::LockInfo {
        pid: 1,
        ..lock::LockInfo::current("Dana")
    };
    fs::write(lock::lock_path(&path), ron::to_string(&dana).expect("ron")).expect("lock");
    let mut app = f.app();
    agenda_row(&f, &mut app, "credit note", KeyCode::Char('m'));
    // The map is open with the question on top; the commitment is not
    // marked behind the question.
    assert!(app.has_overlay());
    assert_eq!(app.top_screen(), Some("Stage detail"));
    assert!(!app.is_dirty());
    let s = f.screen(&app, 80, 24);
    assert!(s.contains("Someone else is editing this map"), "{s}");
    assert!(s.contains("answer the question about the map first"), "{s}");
}

#[test]
fn m_is_refused_when_read_only() {
    let f = Folder::new();
    let before = fs::read_to_string(f.map("harbor-freightways.ron")).expect("readable");
    let mut opts = options(&f.rel);
    opts.read_only = true;
    let mut app = App::new(opts).expect("the app opens");
    agenda_row(&f, &mut app, "credit note", KeyCode::Char('m'));
    assert_eq!(app.top_screen(), Some("Agenda"));
    let s = f.screen(&app, 80, 24);
    assert!(s.contains("read-only: nothing can be changed"), "{s}");
    assert_eq!(
        fs::read_to_string(f.map("harbor-freightways.ron")).expect("readable"),
        before
    );
}
