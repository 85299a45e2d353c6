//! Frames of the app on generated maps at 200x60: a key press and the
//! frame after it, for the portfolio of 1,000 realistic maps, the board of
//! the realistic and the large map, and an edit (moving a stage) on the
//! board, which also re-analyses the map.
//!
//! cargo bench --bench frames

use std::collections::BTreeMap;
use std::hint::black_box;
use std::path::Path;
use std::time::Duration;

use criterion::{Criterion, criterion_group, criterion_main};
use journeymap::analysis::Thresholds;
use journeymap::edit::document::{Edit, Item, SharedDoc};
use journeymap::model::Commitment;
use journeymap::synth::{self, BENCH_TODAY, Size};
use journeymap::tui::{App, AppOptions};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{
    Event, KeyCode, KeyEvent, KeyEventKind, KeyEventState, KeyModifiers,
};

fn options(path: &Path) -> AppOptions {
    AppOptions {
        path: path.to_path_buf(),
        path_is_default: false,
        read_only: false,
        today: BENCH_TODAY,
        thresholds: Thresholds::default(),
        no_color: false,
        keys: BTreeMap::new(),
        user: "bench".into(),
        state_dir: None,
    }
}

fn key(code: KeyCode) -> Event {
    key_with(code, KeyModifiers::NONE)
}

fn key_with(code: KeyCode, modifiers: KeyModifiers) -> Event {
    Event::Key(KeyEvent {
        code,
        modifiers,
        kind: KeyEventKind::Press,
        state: KeyEventState::NONE,
    })
}

/// Presses `keys` in turn, drawing a frame after each.
fn press_and_draw(c: &mut Criterion, name: &str, app: &mut App, keys: &[KeyCode]) {
    let keys: Vec<Event> = keys.iter().map(|&k| key(k)).collect();
    press_events_and_draw(c, name, app, &keys);
}

/// Sends `events` in turn, drawing a frame after each.
fn press_events_and_draw(c: &mut Criterion, name: &str, app: &mut App, events: &[Event]) {
    let mut terminal = Terminal::new(TestBackend::new(200, 60)).expect("test terminal");
    let mut next = 0;
    c.bench_function(name, |b| {
        b.iter(|| {
            app.handle_event(events[next % events.len()].clone());
            next += 1;
            terminal
                .draw(|f| f.render_widget(black_box(&*app), f.area()))
                .expect("drawn");
        })
    });
}

fn bench(c: &mut Criterion) {
    let dir = tempfile::tempdir_in(env!("CARGO_TARGET_TMPDIR")).expect("temp dir");
    let maps = dir.path().join("maps");
    synth::write_portfolio(&maps, 1000, 1).expect("portfolio written");
    let realistic = dir.path().join("realistic.ron");
    std::fs::write(&realistic, synth::map_text(Size::REALISTIC, 1)).expect("written");
    let large = dir.path().join("large.ron");
    std::fs::write(&large, synth::map_text(Size::LARGE, 1)).expect("written");

    let mut portfolio = App::new(options(&maps)).expect("portfolio opens");
    press_and_draw(
        c,
        "frame: portfolio of 1000 maps, down",
        &mut portfolio,
        &[KeyCode::Down],
    );
    let mut board = App::new(options(&realistic)).expect("map opens");
    press_and_draw(
        c,
        "frame: board of the realistic map, right/left",
        &mut board,
        &[KeyCode::Right, KeyCode::Right, KeyCode::Left, KeyCode::Left],
    );
    press_and_draw(
        c,
        "frame: edit on the realistic map (move stage right/left)",
        &mut board,
        &[KeyCode::Char('J'), KeyCode::Char('K')],
    );
    let mut big = App::new(options(&large)).expect("map opens");
    press_and_draw(
        c,
        "frame: board of the large map, right/left",
        &mut big,
        &[KeyCode::Right, KeyCode::Right, KeyCode::Left, KeyCode::Left],
    );
    // The stage screen of one of the large map's stages (125 items).
    big.handle_event(key(KeyCode::Enter));
    assert_eq!(
        big.top_screen(),
        Some("Stage detail"),
        "Enter opens the stage"
    );
    press_and_draw(
        c,
        "frame: stage of the large map, down/up",
        &mut big,
        &[KeyCode::Down, KeyCode::Down, KeyCode::Up, KeyCode::Up],
    );
    big.handle_event(key(KeyCode::Esc));
    assert_eq!(big.top_screen(), Some("Journey board"), "Esc goes back");
    // J is an edit (checked here, not after the bench: a name filter may
    // skip it).
    big.handle_event(key(KeyCode::Char('J')));
    let doc = big.document().expect("a map is open").clone();
    assert!(doc.borrow().is_dirty(), "moving a stage is an edit");
    big.handle_event(key(KeyCode::Char('K')));
    press_and_draw(
        c,
        "frame: edit on the large map (move stage right/left)",
        &mut big,
        &[KeyCode::Char('J'), KeyCode::Char('K')],
    );

    // An item edit in one stage of the large map: a commitment added (not
    // measured), then undone and redone by key, each followed by a frame.
    // Only the changed stage is analysed again.
    // Home selects the first stage, which shows in the first column.
    big.handle_event(key(KeyCode::Home));
    let stage = 0;
    doc.borrow_mut()
        .apply(Edit::AddItem {
            stage,
            item: Item::Commitment(Commitment {
                promise: "Send the revised rollout plan".into(),
                owner: "Dana Ruiz".into(),
                due: jiff::civil::date(2026, 11, 2),
                done: None,
            }),
            at: None,
        })
        .expect("commitment added");
    // The keys do what the bench says: u takes the commitment out again,
    // ctrl-r puts it back.
    let commitments = |doc: &SharedDoc| doc.borrow().map().stages[stage].commitments.len();
    let undo = key(KeyCode::Char('u'));
    let redo = key_with(KeyCode::Char('r'), KeyModifiers::CONTROL);
    let with = commitments(&doc);
    big.handle_event(undo.clone());
    assert_eq!(commitments(&doc), with - 1, "u undoes the commitment");
    big.handle_event(redo.clone());
    assert_eq!(commitments(&doc), with, "ctrl-r redoes it");
    press_events_and_draw(
        c,
        "frame: edit on the large map (undo/redo a new commitment)",
        &mut big,
        &[undo, redo],
    );
}

criterion_group! {
    name = benches;
    config = Criterion::default()
        .sample_size(20)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(3));
    targets = bench
}
criterion_main!(benches);
