//! The app under hostile conditions: map text full of escape sequences and
//! invisible characters, every terminal size, colours off, and key
//! bindings from the config.

mod tui_support;

use std::collections::BTreeMap;

use insta::assert_snapshot;
use journeymap::model::{Commitment, Feedback, Map, Method, Perception, Source, Stage};
use journeymap::tui::App;
use ratatui::buffer::Buffer;
use ratatui::crossterm::event::{KeyCode, KeyModifiers};
use ratatui::style::Color;
use tui_support::*;

/// A map whose every text field tries to break the screen.
fn hostile_map() -> Map {
    let mut map = Map::new(
        "\u{1b}[31mEvil\u{1b}[0m Corp\u{1b}]0;pwned\u{7}\r\n東京物流🚚",
        "Dana\u{202e}zuR\u{202c} \u{200b}Ruiz",
    );
    map.title = "title\u{1b}[2J".into();
    let mut s1 = Stage::new("one", "東京物流センター🚚📦 with a very long name");
    s1.perceptions.push(Perception {
        text: "Says \u{2066}hello\u{2069}\r\nthen\tleaves\u{feff}".into(),
        sentiment: -2,
        source: Source::Heard,
    });
    s1.feedback.push(Feedback {
        date: jiff::civil::date(2026, 11, 1),
        method: Method::Other("\u{1b}[1mcarrier pigeon\u{9b}".into()),
        score: Some(1),
        by: "👩‍💻 Zoë".into(),
        summary: "Ｆｕｌｌｗｉｄｔｈ text and e\u{301}\u{301}\u{301} accents".into(),
        holding_back: true,
    });
    s1.commitments.push(Commitment {
        promise: "Fix it\u{1b}[?1049l now".into(),
        owner: "\u{7f}Bob".into(),
        due: jiff::civil::date(2026, 11, 1),
        done: None,
    });
    let s2 = Stage::new("two", "\u{202e}desrever\u{202c} stage");
    let s3 = Stage::new("three", "Zero\u{200b}width\u{2060}join\u{200d}er");
    map.stages = vec![s1, s2, s3];
    map
}

fn write_hostile() -> tempfile::TempDir {
    let dir = tempfile::Builder::new()
        .prefix("hostile")
        .tempdir()
        .unwrap();
    let text = journeymap::storage::to_canonical(&hostile_map()).unwrap();
    std::fs::write(dir.path().join("evil.ron"), text).unwrap();
    dir
}

/// No cell holds a control, bidi or zero-width character.
fn assert_harmless(buf: &Buffer) {
    for cell in buf.content() {
        for c in cell.symbol().chars() {
            let bad = c.is_control()
                || ('\u{200b}'..='\u{200f}').contains(&c)
                || ('\u{202a}'..='\u{202e}').contains(&c)
                || ('\u{2060}'..='\u{2069}').contains(&c)
                || c == '\u{feff}';
            assert!(!bad, "raw {c:?} reached the screen in {:?}", cell.symbol());
        }
    }
}

fn symbol(buf: &Buffer, x: u16, y: u16) -> &str {
    buf[(x, y)].symbol()
}

#[test]
fn hostile_text_is_shown_visibly_and_keeps_borders_intact() {
    let dir = write_hostile();
    let mut app = App::new(options(dir.path())).unwrap();
    let dir_name = dir.path().display().to_string();
    for (w, h) in [(80, 24), (160, 48), (61, 17)] {
        let buf = draw(&app, w, h);
        assert_harmless(&buf);
        // The table's side borders are in place on every row.
        for y in 2..h - 3 {
            assert_eq!(
                symbol(&buf, 0, y),
                "│",
                "row {y} at {w}x{h}\n{}",
                text(&buf)
            );
            assert_eq!(
                symbol(&buf, w - 1, y),
                "│",
                "row {y} at {w}x{h}\n{}",
                text(&buf)
            );
        }
    }
    let portfolio = screen(&app, 80, 24).replace(&dir_name, "[DIR]");
    assert!(portfolio.contains("␛[31mEvil␛[0m"), "{portfolio}");
    assert_snapshot!("hostile_portfolio_80x24", portfolio);

    press(&mut app, KeyCode::Enter);
    assert_eq!(app.top_screen(), Some("Journey board"));
    for (w, h) in [(80, 24), (160, 48), (61, 17), (100, 30)] {
        let buf = draw(&app, w, h);
        assert_harmless(&buf);
        // Every stage column keeps its left and right border on every row.
        let shown = (w / 26).clamp(1, 3);
        let col_w = w / shown;
        // From under the column titles (below the emotion curve and the
        // sentiment strip) down to the columns' bottom border.
        let titles = (1..h)
            .find(|&y| matches!(symbol(&buf, 0, y), "┏" | "╭"))
            .expect("the columns start");
        let bottom = (titles + 1..h)
            .find(|&y| matches!(symbol(&buf, 0, y), "┗" | "╰"))
            .expect("the columns end");
        assert!(
            bottom >= titles + 4,
            "columns of a sensible height at {w}x{h}"
        );
        for y in titles + 1..bottom {
            for slot in 0..shown {
                let left = slot * col_w;
                let right = if slot + 1 == shown {
                    w - 1
                } else {
                    left + col_w - 1
                };
                for x in [left, right] {
                    let s = symbol(&buf, x, y);
                    assert!(
                        matches!(s, "│" | "┃"),
                        "{s:?} at {x},{y} at {w}x{h}\n{}",
                        text(&buf)
                    );
                }
            }
        }
    }
    let board = screen(&app, 80, 24).replace(&dir_name, "[DIR]");
    assert!(board.contains("\\u{202e}"), "{board}");
    assert_snapshot!("hostile_board_80x24", board);
    press(&mut app, KeyCode::Tab);
    let findings = draw(&app, 80, 24);
    assert_harmless(&findings);
    assert_snapshot!(
        "hostile_findings_80x24",
        text(&findings).replace(&dir_name, "[DIR]")
    );
}

/// The edit forms show hostile text as the rest of the app does, in the
/// field being edited and the others, and in the form's title.
#[test]
fn forms_draw_hostile_text_visibly() {
    let dir = write_hostile();
    let mut app = App::new(options(dir.path())).unwrap();
    press(&mut app, KeyCode::Enter);
    press(&mut app, KeyCode::Char('E'));
    let client = draw(&app, 80, 24);
    assert_harmless(&client);
    let shown = text(&client);
    assert!(shown.contains("Edit client"), "{shown}");
    assert!(shown.contains("␛[31mEvil␛[0m"), "{shown}");
    assert!(shown.contains("Dana\\u{202e}zuR"), "{shown}");
    // Focused on the manager now: drawn by the field, not the text area.
    press(&mut app, KeyCode::Tab);
    type_text(&mut app, "\u{202e}");
    let typed = draw(&app, 80, 24);
    assert_harmless(&typed);
    assert!(text(&typed).contains("Ruiz\\u{202e}"), "{}", text(&typed));
    press(&mut app, KeyCode::Esc);
    press(&mut app, KeyCode::Char('y'));
    assert!(!screen(&app, 80, 24).contains("Edit client"), "closed");
    // The second stage's name is a bidi override.
    press(&mut app, KeyCode::Right);
    press(&mut app, KeyCode::Char('e'));
    let stage = draw(&app, 80, 24);
    assert_harmless(&stage);
    assert!(
        text(&stage).contains("Edit stage 2 of 3"),
        "{}",
        text(&stage)
    );
    assert!(
        text(&stage).contains("\\u{202e}desrever\\u{202c} stage"),
        "{}",
        text(&stage)
    );
}

/// Every screen state to try at every size.
fn states() -> Vec<(&'static str, App)> {
    let mut out = Vec::new();
    out.push(("portfolio", open_app(MAPS)));
    let mut filtering = open_app(MAPS);
    press(&mut filtering, KeyCode::Char('/'));
    type_text(&mut filtering, "東京🚚x");
    out.push(("filtering", filtering));
    let mut board = open_app(MAPS);
    press(&mut board, KeyCode::Down);
    press(&mut board, KeyCode::Enter);
    out.push(("board", board));
    let mut findings = open_app(HARBOR);
    press(&mut findings, KeyCode::Tab);
    press(&mut findings, KeyCode::Char('G'));
    out.push(("findings", findings));
    let mut help = open_app(HARBOR);
    press(&mut help, KeyCode::Char('?'));
    out.push(("help", help));
    let mut error = open_app(MAPS);
    press(&mut error, KeyCode::Enter);
    out.push(("error overlay", error));
    out.push(("empty", open_app("tests/data/tui/empty")));
    let mut stage = open_app(HARBOR);
    press(&mut stage, KeyCode::Enter);
    out.push(("stage", stage));
    out
}

#[test]
fn no_size_makes_any_screen_panic() {
    let mut sizes: Vec<(u16, u16)> = Vec::new();
    for w in 1..=30 {
        for h in 1..=12 {
            sizes.push((w, h));
        }
    }
    // A fixed pseudo-random spread of larger sizes, and the edges.
    let mut seed: u32 = 0x2545_f491;
    for _ in 0..40 {
        seed = seed.wrapping_mul(1_103_515_245).wrapping_add(12_345);
        let w = 1 + (seed >> 8) as u16 % 300;
        seed = seed.wrapping_mul(1_103_515_245).wrapping_add(12_345);
        let h = 1 + (seed >> 8) as u16 % 120;
        sizes.push((w, h));
    }
    sizes.extend([
        (59, 16),
        (60, 15),
        (60, 16),
        (61, 17),
        (500, 3),
        (3, 200),
        (400, 150),
    ]);
    let dir = write_hostile();
    let mut all = states();
    all.push(("hostile", App::new(options(dir.path())).unwrap()));
    for (name, app) in &all {
        for &(w, h) in &sizes {
            let buf = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| draw(app, w, h)))
                .unwrap_or_else(|_| panic!("{name} panicked at {w}x{h}"));
            assert_harmless(&buf);
        }
    }
}

#[test]
fn keys_pressed_at_a_tiny_size_do_not_panic() {
    for (_, mut app) in states() {
        draw(&app, 3, 2);
        for code in [
            KeyCode::Right,
            KeyCode::Tab,
            KeyCode::Down,
            KeyCode::Enter,
            KeyCode::End,
        ] {
            press(&mut app, code);
            draw(&app, 3, 2);
            draw(&app, 61, 17);
        }
    }
}

#[test]
fn status_reads_in_colour_and_without() {
    let mut opts = options(std::path::Path::new(MAPS));
    opts.no_color = false;
    let app = App::new(opts.clone()).unwrap();
    let buf = draw(&app, 80, 24);
    let find = |buf: &Buffer, needle: &str| -> (u16, u16) {
        let t = text(buf);
        let y = t
            .lines()
            .position(|l| l.contains(needle))
            .expect("on screen");
        let x = t
            .lines()
            .nth(y)
            .unwrap()
            .chars()
            .take_while(|_| true)
            .collect::<String>();
        let col = x.find(needle).map(|b| x[..b].chars().count()).unwrap();
        (col as u16, y as u16)
    };
    let (x, y) = find(&buf, "AT RISK");
    assert_eq!(buf[(x, y)].fg, Color::Red);
    let (x, y) = find(&buf, "WATCH");
    assert_eq!(buf[(x, y)].fg, Color::Yellow);
    // Only the 16 named colours are used.
    for cell in buf.content() {
        for c in [cell.fg, cell.bg] {
            assert!(!matches!(c, Color::Rgb(..) | Color::Indexed(_)), "{c:?}");
        }
    }

    opts.no_color = true;
    let app = App::new(opts).unwrap();
    let buf = draw(&app, 80, 24);
    for cell in buf.content() {
        assert_eq!((cell.fg, cell.bg), (Color::Reset, Color::Reset), "{cell:?}");
    }
    // The words and glyphs still carry the status.
    let t = text(&buf);
    assert!(
        t.contains("● AT RISK") && t.contains("◐ WATCH") && t.contains("○ OK"),
        "{t}"
    );
    assert!(t.contains("✗ ERROR"), "{t}");
}

#[test]
fn key_overrides_change_the_keys_the_footer_and_the_help() {
    let mut opts = options(std::path::Path::new(HARBOR));
    opts.keys = BTreeMap::from([
        ("quit".to_string(), vec!["ctrl-q".to_string()]),
        ("help".to_string(), vec!["f2".to_string()]),
        (
            "next_panel".to_string(),
            vec!["f".to_string(), "tab".to_string()],
        ),
        ("log-feedback".to_string(), vec!["L".to_string()]),
    ]);
    let mut app = App::new(opts).unwrap();
    let s = screen(&app, 80, 24);
    let footer = s.lines().last().unwrap();
    assert!(
        footer.contains("Ctrl-q quit") && footer.contains("F2 help"),
        "{footer}"
    );
    assert!(footer.contains("f findings"), "{footer}");
    press(&mut app, KeyCode::Char('?'));
    assert!(!app.has_overlay());
    press(&mut app, KeyCode::F(2));
    assert!(app.has_overlay());
    // Tall enough for the whole help, the keys of every screen included.
    let help = screen(&app, 80, 48);
    assert!(help.contains("f Tab") && help.contains("Ctrl-q"), "{help}");
    press(&mut app, KeyCode::Esc);
    press(&mut app, KeyCode::Char('q'));
    assert!(!app.should_quit());
    app.handle_event(key_event(KeyCode::Char('q'), KeyModifiers::CONTROL));
    assert!(app.should_quit());
}

#[test]
fn conflicting_or_unknown_bindings_stop_the_app_before_it_starts() {
    let mut opts = options(std::path::Path::new(MAPS));
    opts.keys = BTreeMap::from([
        ("save".to_string(), vec!["q".to_string()]),
        ("jump".to_string(), vec!["x".to_string()]),
    ]);
    let err = App::new(opts)
        .err()
        .expect("bad bindings are refused")
        .to_string();
    assert!(
        err.contains("q is bound to both \"save\" and \"quit\""),
        "{err}"
    );
    assert!(err.contains("\"jump\" is not an action"), "{err}");
}

#[test]
fn binary_reports_bad_bindings_on_stderr_with_exit_2_and_no_screen_codes() {
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("config.ron");
    std::fs::write(
        &config,
        "(keys: {\"save\": [\"q\"], \"undo\": [\"hyper-z\"]})",
    )
    .unwrap();
    let out = assert_cmd::Command::cargo_bin("journeymap")
        .unwrap()
        .args(["--config"])
        .arg(&config)
        .args([MAPS, "--today", "2026-11-23"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(out.stdout.is_empty(), "nothing drawn: {:?}", out.stdout);
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("config.ron"), "{err}");
    assert!(err.contains("q is bound to both"), "{err}");
    assert!(err.contains("keys.undo: \"hyper-z\" is not a key"), "{err}");
}

/// The README's key table is the keymap's defaults: one source of truth.
#[test]
fn readme_lists_every_action_with_its_default_keys() {
    use journeymap::tui::keymap::{Action, KeyMap};
    let readme = std::fs::read_to_string("README.md").unwrap();
    let keys = KeyMap::default();
    for action in Action::ALL {
        let row = readme
            .lines()
            .find(|l| l.starts_with("| `") && l.contains(&format!("`{}`", action.name())))
            .unwrap_or_else(|| panic!("README has no key row for {}", action.name()));
        for chord in keys.keys(action) {
            let shown = format!("`{}`", chord.describe());
            assert!(
                row.contains(&shown),
                "README row for {} lacks {shown}: {row}",
                action.name()
            );
        }
    }
}
