//! How long the app takes to draw a frame: a portfolio of hundreds of maps
//! and the board of a large map, at 200x50. Drawing happens after every key
//! press, so it must stay far below a frame (16 ms).

use std::collections::BTreeMap;
use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use journeymap::analysis::Thresholds;
use journeymap::model::{Commitment, Feedback, Map, Method, Perception, Source, Stage};
use journeymap::tui::{App, AppOptions};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{
    Event, KeyCode, KeyEvent, KeyEventKind, KeyEventState, KeyModifiers,
};

fn today() -> jiff::civil::Date {
    jiff::civil::date(2026, 11, 23)
}

fn options(path: &std::path::Path) -> AppOptions {
    AppOptions {
        path: path.to_path_buf(),
        path_is_default: false,
        read_only: false,
        today: today(),
        thresholds: Thresholds::default(),
        no_color: false,
        keys: BTreeMap::new(),
        user: "bench".into(),
        state_dir: None,
    }
}

/// A map with `stages` stages of a dozen items each.
fn big_map(client: &str, stages: usize) -> Map {
    let mut map = Map::new(client, "Dana Ruiz");
    for s in 0..stages {
        let mut stage = Stage::new(&format!("s{s}"), &format!("Stage number {s}"));
        for i in 0..4 {
            stage.perceptions.push(Perception {
                text: format!("Perception {i} about how they see us in this stage").into(),
                sentiment: (i as i8 % 5) - 2,
                source: if i % 2 == 0 {
                    Source::Heard
                } else {
                    Source::Assumed
                },
            });
            stage.feedback.push(Feedback {
                date: jiff::civil::date(2026, 1 + (i % 10) as i8, 1 + s as i8 % 28),
                method: if i % 2 == 0 {
                    Method::Call
                } else {
                    Method::Survey
                },
                score: Some(1 + (i % 5) as u8),
                by: "Dana Ruiz".into(),
                summary: "They said something worth writing down".into(),
                holding_back: i == 3,
            });
            stage.commitments.push(Commitment {
                promise: format!("Promise {i}: send the numbers").into(),
                owner: "Dana Ruiz".into(),
                due: jiff::civil::date(2026, 11, 1 + i as i8 * 7),
                done: None,
            });
        }
        map.stages.push(stage);
    }
    map
}

fn key(code: KeyCode) -> Event {
    Event::Key(KeyEvent {
        code,
        modifiers: KeyModifiers::NONE,
        kind: KeyEventKind::Press,
        state: KeyEventState::NONE,
    })
}

fn bench(c: &mut Criterion) {
    let dir = tempfile::tempdir().unwrap();
    for i in 0..300 {
        let text =
            journeymap::storage::to_canonical(&big_map(&format!("Client {i:03}"), 6)).unwrap();
        std::fs::write(dir.path().join(format!("c{i:03}.ron")), text).unwrap();
    }
    let big = dir.path().join("big.ron");
    std::fs::write(
        &big,
        journeymap::storage::to_canonical(&big_map("Big Client", 40)).unwrap(),
    )
    .unwrap();

    let mut terminal = Terminal::new(TestBackend::new(200, 50)).unwrap();
    let mut portfolio = App::new(options(dir.path())).unwrap();
    c.bench_function("draw portfolio of 300 maps at 200x50", |b| {
        b.iter(|| {
            portfolio.handle_event(key(KeyCode::Down));
            terminal
                .draw(|f| f.render_widget(black_box(&portfolio), f.area()))
                .unwrap();
        })
    });
    let mut board = App::new(options(&big)).unwrap();
    c.bench_function("draw board of a 40-stage map at 200x50", |b| {
        b.iter(|| {
            board.handle_event(key(KeyCode::Right));
            terminal
                .draw(|f| f.render_widget(black_box(&board), f.area()))
                .unwrap();
        })
    });
}

criterion_group!(benches, bench);
criterion_main!(benches);
