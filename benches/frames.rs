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
    Event::Key(KeyEvent {
        code,
        modifiers: KeyModifiers::NONE,
        kind: KeyEventKind::Press,
        state: KeyEventState::NONE,
    })
}

/// Presses `keys` in turn, drawing a frame after each.
fn press_and_draw(c: &mut Criterion, name: &str, app: &mut App, keys: &[KeyCode]) {
    let mut terminal = Terminal::new(TestBackend::new(200, 60)).expect("test terminal");
    let mut next = 0;
    c.bench_function(name, |b| {
        b.iter(|| {
            app.handle_event(key(keys[next % keys.len()]));
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
    press_and_draw(
        c,
        "frame: edit on the large map (move stage right/left)",
        &mut big,
        &[KeyCode::Char('J'), KeyCode::Char('K')],
    );
    let doc = big.document().expect("a map is open");
    assert!(doc.borrow().is_dirty(), "moving a stage is an edit");
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
