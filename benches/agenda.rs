//! The screens over every map of the 1,000-map portfolio, at 160x48:
//! from `A` (agenda) or `s` (search) on the portfolio to the first frame
//! (the maps then stream in), to every row in, and, on the search, a
//! letter typed over every map's text.
//!
//! cargo bench --bench agenda
//!
//! The maps are the portfolio bench's (same folder, same seed, same
//! bytes), generated once into the target folder.

use std::collections::BTreeMap;
use std::fs;
use std::hint::black_box;
use std::path::{Path, PathBuf};
use std::time::Duration;

use criterion::{Criterion, criterion_group, criterion_main};
use journeymap::analysis::Thresholds;
use journeymap::storage::folders::list_maps;
use journeymap::synth::{self, BENCH_TODAY};
use journeymap::tui::{App, AppOptions};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{
    Event, KeyCode, KeyEvent, KeyEventKind, KeyEventState, KeyModifiers,
};

const COUNT: usize = 1000;

/// The portfolio bench's folder, generated on first use.
fn portfolio() -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("portfolio-{COUNT}-seed1"));
    let done = dir.join(".complete");
    if !done.exists() {
        let _ = fs::remove_dir_all(&dir);
        synth::write_portfolio(&dir, COUNT, 1).expect("portfolio written");
        fs::write(&done, "").expect("marker written");
    }
    assert_eq!(list_maps(&dir).expect("listed").len(), COUNT);
    dir
}

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

fn bench(c: &mut Criterion) {
    let dir = portfolio();
    let mut app = App::new(options(&dir)).expect("portfolio opens");
    let mut terminal = Terminal::new(TestBackend::new(160, 48)).expect("test terminal");
    let mut draw = |app: &App| {
        terminal
            .draw(|f| f.render_widget(black_box(app), f.area()))
            .expect("drawn");
    };
    for (letter, name) in [('A', "Agenda"), ('s', "Search all maps")] {
        // Checked here, not after the bench: a name filter may skip it.
        app.handle_event(key(KeyCode::Char(letter)));
        assert_eq!(app.top_screen(), Some(name));
        app.wait_loaded();
        app.handle_event(key(KeyCode::Esc));
        assert_eq!(app.top_screen(), Some("Portfolio"));

        c.bench_function(&format!("{name}/{COUNT}: key to first frame"), |b| {
            b.iter(|| {
                app.handle_event(key(KeyCode::Char(letter)));
                draw(&app);
                // Leaving stops the scan (after the files being read).
                app.handle_event(key(KeyCode::Esc));
            })
        });
        c.bench_function(&format!("{name}/{COUNT}: key to every row in"), |b| {
            b.iter(|| {
                app.handle_event(key(KeyCode::Char(letter)));
                app.wait_loaded();
                draw(&app);
                app.handle_event(key(KeyCode::Esc));
            })
        });
    }
    // A letter typed and taken back over every map's text.
    app.handle_event(key(KeyCode::Char('s')));
    app.wait_loaded();
    for c in "invoic".chars() {
        app.handle_event(key(KeyCode::Char(c)));
    }
    let keys = [key(KeyCode::Char('e')), key(KeyCode::Backspace)];
    let mut next = 0;
    c.bench_function(&format!("Search all maps/{COUNT}: type a letter"), |b| {
        b.iter(|| {
            app.handle_event(keys[next % 2].clone());
            next += 1;
            draw(&app);
        })
    });
}

criterion_group! {
    name = benches;
    config = Criterion::default()
        .sample_size(10)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(5));
    targets = bench
}
criterion_main!(benches);
