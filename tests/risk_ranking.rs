//! One ranking, "riskiest first", everywhere: the bundled sample maps come
//! in the same order in the portfolio, in `index.md`, in review mode and in
//! `check --sort risk` (docs/risk.md). Ties go by client name.

mod common;

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

use common::cli::{Sandbox, TODAY};
use journeymap::analysis::Thresholds;
use journeymap::storage::{SaveGuard, load_map, save_map};
use journeymap::tui::{App, AppOptions};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{Event, KeyCode, KeyEvent, KeyModifiers};
use serde_json::Value;

/// The samples riskiest first on 2026-11-23, with their scores (the
/// table of docs/risk.md). Kestrel (5 missed, 3 weak, 24 days late) is
/// above Harbor (2 missed, 3 weak, 17 days late); both say where the
/// client is now, so the stages not reached yet add nothing.
const RANKING: [(&str, f64); 7] = [
    ("Kestrel Precision Components", 82.6),
    ("Lumenway Software", 54.3),
    ("Northwind Health", 41.8),
    ("Harbor Freightways", 35.9),
    ("Eastbrook University", 19.8),
    ("Cobalt Retail", 12.8),
    ("Quiet Meadow Trust", 3.0),
];

fn clients() -> Vec<&'static str> {
    RANKING.iter().map(|(c, _)| *c).collect()
}

fn today() -> jiff::civil::Date {
    jiff::civil::date(2026, 11, 23)
}

/// A sandbox whose maps folder holds a copy of every sample.
fn samples() -> Sandbox {
    let sb = Sandbox::new();
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("maps");
    for entry in fs::read_dir(src).expect("samples") {
        let path = entry.expect("entry").path();
        fs::copy(&path, sb.maps().join(path.file_name().expect("name"))).expect("copied");
    }
    sb
}

fn check_json(sb: &Sandbox, extra: &[&str]) -> Value {
    let out = sb
        .cmd()
        .args([
            "check",
            "--today",
            TODAY,
            "--format",
            "json",
            "--fail-on",
            "never",
        ])
        .args(extra)
        .arg("maps")
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    serde_json::from_slice(&out.stdout).expect("JSON")
}

fn json_clients(json: &Value) -> Vec<String> {
    json["maps"]
        .as_array()
        .expect("maps")
        .iter()
        .map(|m| m["client"].as_str().expect("client").to_string())
        .collect()
}

/// Where each client's name first appears in `text`, in ranking order.
fn positions(text: &str, names: &[&str]) -> Vec<usize> {
    names
        .iter()
        .map(|n| {
            text.find(n)
                .unwrap_or_else(|| panic!("{n} missing in:\n{text}"))
        })
        .collect()
}

fn assert_in_order(text: &str, names: &[&str]) {
    let at = positions(text, names);
    assert!(
        at.windows(2).all(|w| w[0] < w[1]),
        "{names:?} out of order in:\n{text}"
    );
}

#[test]
fn check_sort_risk_lists_riskiest_first_with_each_score() {
    let sb = samples();
    let json = check_json(&sb, &["--sort", "risk"]);
    assert_eq!(json_clients(&json), clients());
    let scores: Vec<f64> = json["maps"]
        .as_array()
        .expect("maps")
        .iter()
        .map(|m| m["risk"].as_f64().expect("a number"))
        .collect();
    assert_eq!(scores, RANKING.iter().map(|(_, s)| *s).collect::<Vec<_>>());
    // A map's score is the sum of its stages'.
    for m in json["maps"].as_array().expect("maps") {
        let stages: f64 = m["stages"]
            .as_array()
            .expect("stages")
            .iter()
            .map(|s| s["risk"].as_f64().expect("stage risk"))
            .sum();
        let total = m["risk"].as_f64().expect("risk");
        assert!(
            (stages - total).abs() < 1e-9,
            "{}: {stages} vs {total}",
            m["client"]
        );
    }
    // Text lists the same order and says each score.
    let out = sb
        .cmd()
        .args([
            "check",
            "--today",
            TODAY,
            "--sort",
            "risk",
            "--fail-on",
            "never",
            "maps",
        ])
        .output()
        .expect("runs");
    let text = String::from_utf8(out.stdout).expect("UTF-8");
    assert_in_order(&text, &clients());
    assert!(
        text.contains("Kestrel Precision Components  ● AT RISK  risk 82.6"),
        "{text}"
    );
}

#[test]
fn check_keeps_the_order_of_the_paths_by_default() {
    let sb = samples();
    let json = check_json(&sb, &[]);
    let paths: Vec<&str> = json["maps"]
        .as_array()
        .expect("maps")
        .iter()
        .map(|m| m["path"].as_str().expect("path"))
        .collect();
    let mut sorted = paths.clone();
    sorted.sort();
    assert_eq!(paths, sorted);
    assert_eq!(
        json_clients(&check_json(&sb, &["--sort", "path"])),
        json_clients(&json)
    );
}

#[test]
fn equal_scores_go_by_client_name_ignoring_case() {
    let sb = Sandbox::new();
    // Three copies of one map under three names: the same score.
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("maps/cobalt-retail.ron");
    let map = load_map(&src).expect("sample").map;
    for (file, client) in [
        ("a.ron", "zeta Stores"),
        ("b.ron", "Alpha Stores"),
        ("c.ron", "beta Stores"),
    ] {
        let mut m = map.clone();
        m.client.name = client.into();
        save_map(&sb.maps().join(file), &m, SaveGuard::New).expect("saved");
    }
    let json = check_json(&sb, &["--sort", "risk"]);
    assert_eq!(
        json_clients(&json),
        ["Alpha Stores", "beta Stores", "zeta Stores"]
    );
}

#[test]
fn index_md_lists_riskiest_first() {
    let sb = samples();
    let out = sb
        .cmd()
        .args(["export", "maps", "-o", "exported", "--today", TODAY])
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    let index = fs::read_to_string(sb.path().join("exported/index.md")).expect("index");
    assert_in_order(&index, &clients());
    assert!(
        index.contains("| ● At risk | 82.6 | [Kestrel Precision Components]"),
        "{index}"
    );
}

fn options(path: &Path, read_only: bool) -> AppOptions {
    AppOptions {
        path: path.to_path_buf(),
        path_is_default: false,
        read_only,
        today: today(),
        thresholds: Thresholds::default(),
        no_color: true,
        keys: BTreeMap::new(),
        user: "tester".into(),
        state_dir: None,
    }
}

fn screen(app: &App, w: u16, h: u16) -> String {
    let mut terminal = Terminal::new(TestBackend::new(w, h)).expect("terminal");
    terminal
        .draw(|f| f.render_widget(app, f.area()))
        .expect("draw");
    let buf = terminal.backend().buffer();
    (0..h)
        .map(|y| (0..w).map(|x| buf[(x, y)].symbol()).collect::<String>())
        .collect::<Vec<_>>()
        .join("\n")
}

fn press(app: &mut App, code: KeyCode) {
    app.handle_event(Event::Key(KeyEvent::new(code, KeyModifiers::NONE)));
}

#[test]
fn the_portfolio_lists_riskiest_first_and_says_why() {
    let sb = samples();
    let mut app = App::new(options(&sb.maps(), false)).expect("opens");
    let wide = screen(&app, 160, 48);
    assert_in_order(&wide, &clients());
    // Wide enough, each row shows its score.
    assert!(
        wide.contains("● AT RISK   82.6 Kestrel Precision Components"),
        "{wide}"
    );
    // From 84 columns on; at 83 the feedback column keeps its place.
    assert!(screen(&app, 84, 24).contains(" Risk Client"));
    assert!(!screen(&app, 83, 24).contains(" Risk "));
    // At 80x24 the order is the same; the status line says why the
    // selected map ranks where it does, biggest term first.
    let narrow = screen(&app, 80, 24);
    let first_words: Vec<&str> = clients()
        .iter()
        .map(|c| c.split(' ').next().unwrap_or(c))
        .collect();
    assert_in_order(&narrow, &first_words);
    assert!(
        narrow.contains(" risk 82.6 = 60 (6 critical) + 8.4 (42 d overdue) + 8 (4 warning)"),
        "{narrow}"
    );
    for _ in 0..3 {
        press(&mut app, KeyCode::Down);
    }
    let fourth = screen(&app, 80, 24);
    assert!(
        fourth.contains(" risk 35.9 = 20 (2 critical) + 8 (4 warning)"),
        "{fourth}"
    );
}

/// At risk with 3 missed commitments but a score of 16.3: one stage
/// without feedback (10) and three promises kept a day late (3 x 2.1).
/// Ranked by missed commitments it would come second; by risk it comes
/// after Eastbrook University (19.8) and before Cobalt Retail (12.8).
fn many_small_misses() -> journeymap::model::Map {
    let mut map = journeymap::model::Map::new("Alpine Outfitters", "Dana Ruiz");
    let mut stage = journeymap::model::Stage::new("closing", "Closing");
    for n in 1..=3 {
        stage.commitments.push(journeymap::model::Commitment {
            promise: format!("Promise {n}").into(),
            owner: "Dana Ruiz".into(),
            due: jiff::civil::date(2026, 11, 10),
            done: Some(jiff::civil::date(2026, 11, 11)),
        });
    }
    map.stages.push(stage);
    map
}

#[test]
fn review_walks_the_maps_riskiest_first() {
    let sb = samples();
    save_map(
        &sb.maps().join("alpine.ron"),
        &many_small_misses(),
        SaveGuard::New,
    )
    .expect("saved");
    let mut app = App::review(options(&sb.maps(), true)).expect("review opens");
    let (_, total) = app.review_walk().expect("a walk").position();
    let mut files: Vec<String> = Vec::new();
    for _ in 0..total {
        let (file, _) = app
            .review_walk()
            .expect("a walk")
            .showing()
            .expect("a stop");
        if files.last() != Some(&file) {
            files.push(file);
        }
        press(&mut app, KeyCode::Char('n'));
    }
    let walked: Vec<String> = files
        .iter()
        .map(|f| {
            let path: PathBuf = sb.maps().join(f);
            load_map(&path).expect("loads").map.client.name.to_string()
        })
        .collect();
    // Each map visited once, in order; Quiet Meadow Trust (ok) has no
    // stage to review.
    let mut expected = clients()[..6].to_vec();
    expected.insert(5, "Alpine Outfitters");
    assert_eq!(walked, expected);
}
