//! The board's emotion curve, the review room and what a new user missed
//! (issue 13, items 5 to 7), driven by keys on a TestBackend.

mod tui_support;

use insta::assert_snapshot;
use ratatui::buffer::Buffer;
use ratatui::crossterm::event::KeyCode;
use ratatui::style::Modifier;
use tui_support::*;

/// A map with a very positive stage, an assumed negative one, a gap, a
/// very negative score, a slightly negative mean and a positive one.
const CURVE: &str = "tests/data/tui/curve/curve.ron";

/// The first `rows` rows of a screen.
fn top(s: &str, rows: usize) -> String {
    s.lines().take(rows).collect::<Vec<_>>().join("\n")
}

/// Where a stage's mark is: (column, row) of `●` or `○` inside the
/// columns `from..to` of the curve's rows.
fn mark_in(
    buf: &Buffer,
    rows: std::ops::Range<u16>,
    from: u16,
    to: u16,
) -> Option<(u16, u16, String)> {
    for y in rows {
        for x in from..to {
            let sym = buf[(x, y)].symbol();
            if sym == "●" || sym == "○" {
                return Some((x, y, sym.to_string()));
            }
        }
    }
    None
}

fn is_braille(sym: &str) -> bool {
    sym.chars()
        .next()
        .is_some_and(|c| ('\u{2801}'..='\u{28ff}').contains(&c))
}

/// The curve's cells at a size: `plot` rows of line under the header,
/// then the labels.
fn check_curve(width: u16, height: u16, plot: u16) {
    let app = open_app(CURVE);
    let buf = draw(&app, width, height);
    let s = text(&buf);
    // The scale: +2 on the first line row, 0 in the middle, -2 last.
    let row = |y: u16| {
        s.lines()
            .nth(usize::from(y))
            .unwrap_or_default()
            .to_string()
    };
    assert!(row(1).starts_with("+2"), "{s}");
    assert!(row(1 + plot / 2).starts_with(" 0"), "{s}");
    assert!(row(plot).starts_with("-2"), "{s}");
    let labels = row(1 + plot);
    for name in [
        "1 Kickoff",
        "2 Setup",
        "3 Training",
        "4 Go-live",
        "6 Renewal",
    ] {
        assert!(labels.contains(name), "{name} in {labels:?}");
    }
    // Six slots over the width after the 3-cell scale.
    let plot_w = width - 3;
    let slot = |i: u16| (3 + i * plot_w / 6, 3 + (i + 1) * plot_w / 6);
    let lines = 1..1 + plot;
    let mark = |i: u16| {
        let (from, to) = slot(i);
        mark_in(&buf, lines.clone(), from, to)
    };
    let (_, y, m) = mark(0).expect("kickoff is marked");
    assert_eq!((y, m.as_str()), (1, "●"), "+2 heard: the top row");
    let (_, y, m) = mark(1).expect("setup is marked");
    assert_eq!(m, "○", "an assumed value has the hollow mark");
    assert!(y > 1 + plot / 2 && y <= plot, "-1 is below the 0 row: {y}");
    assert_eq!(mark(2), None, "nothing known: no mark");
    let (from, to) = slot(2);
    let centre = (from + to) / 2;
    for y in lines.clone() {
        assert!(
            !is_braille(buf[(centre, y)].symbol()),
            "the line breaks at the gap ({centre},{y}):\n{s}"
        );
    }
    let (_, y, m) = mark(3).expect("go-live is marked");
    assert_eq!((y, m.as_str()), (plot, "●"), "-2 (score 1): the bottom row");
    let (_, y_neg, _) = mark(4).expect("the review is marked");
    assert_eq!(y_neg, 1 + plot / 2, "-0.3 is near 0, not near the bottom");
    // Symmetric: +1 sits as far above 0 as -1 below it.
    let (_, y_pos, _) = mark(5).expect("renewal is marked");
    let (_, y_minus, _) = mark(1).expect("setup is marked");
    let zero = 1 + plot / 2;
    assert_eq!(
        zero - y_pos,
        y_minus - zero,
        "+1 and -1 mirror each other:\n{s}"
    );
    // The selected stage's label is reversed, the others are not.
    let (from, _) = slot(0);
    assert!(buf[(from, 1 + plot)].modifier.contains(Modifier::REVERSED));
    let (from, _) = slot(1);
    assert!(!buf[(from, 1 + plot)].modifier.contains(Modifier::REVERSED));
}

#[test]
fn the_curve_spans_every_stage_with_marks_gaps_and_a_symmetric_scale() {
    check_curve(80, 24, 3);
    check_curve(160, 48, 5);
    let app = open_app(CURVE);
    assert_snapshot!("curve_80x24", top(&screen(&app, 80, 24), 7));
    assert_snapshot!("curve_160x48", top(&screen(&app, 160, 48), 9));
}

#[test]
fn the_curve_follows_the_selected_stage_beyond_the_columns_in_view() {
    let mut app = open_app(CURVE);
    for _ in 0..5 {
        press(&mut app, KeyCode::Right);
    }
    let buf = draw(&app, 80, 24);
    let s = text(&buf);
    // Columns show stages 4-6; the curve still starts at the first stage.
    assert!(!s.contains("╭ 1 Kickoff"), "{s}");
    let labels = s.lines().nth(4).unwrap_or_default();
    assert!(
        labels.contains("1 Kickoff") && labels.contains("6 Renewal"),
        "{labels}"
    );
    let x = u16::try_from(labels.find("6 Renewal").unwrap_or(0)).unwrap_or(0);
    // (all cells before it are one byte wide: plain ASCII labels)
    assert!(buf[(x, 4)].modifier.contains(Modifier::REVERSED), "{s}");
}

#[test]
fn the_sentiment_strip_reads_the_same_either_side_of_zero() {
    let app = open_app(CURVE);
    let s = screen(&app, 160, 48);
    let strip = s.lines().nth(7).unwrap_or_default();
    // Bars grow from the centre mark: right for +, left for -.
    assert!(strip.contains("  ┊██ ●+2.0 very positive"), "{strip}");
    assert!(strip.contains(" █┊   ○-1.0 negative"), "{strip}");
    assert!(strip.contains("██┊   ●-2.0 very negative"), "{strip}");
    assert!(strip.contains(" ▐┊   ●-0.3 neutral"), "{strip}");
    assert!(strip.contains("  ┊█  ●+1.0 positive"), "{strip}");
    assert!(strip.contains("no sentiment data"), "{strip}");
}

/// Two maps to review: Harbor (several stages at risk or to watch) and
/// Alder (one stage at risk with long review notes, one to watch).
const REVIEW: &str = "tests/data/tui/review";

fn review_app(only_at_risk: bool) -> journeymap::tui::App {
    journeymap::tui::App::review_only(options(std::path::Path::new(REVIEW)), only_at_risk)
        .expect("the review opens")
}

fn showing(app: &journeymap::tui::App) -> (String, String) {
    app.review_walk()
        .and_then(|w| w.showing())
        .expect("a stop is showing")
}

/// The header's "stop X of Y" and the card's "stage N of M".
fn numbers(s: &str) -> (String, String) {
    let header = s.lines().next().unwrap_or_default();
    let card = s.lines().nth(1).unwrap_or_default();
    let grab = |line: &str, word: &str| {
        let at = line
            .find(word)
            .unwrap_or_else(|| panic!("{word} in {line:?}"));
        line[at..]
            .split([':', '·'])
            .next()
            .unwrap_or_default()
            .split("  ")
            .next()
            .unwrap_or_default()
            .trim()
            .to_string()
    };
    (grab(header, "stop "), grab(card, "stage "))
}

#[test]
fn review_only_at_risk_stays_on_critical_stages_and_tab_goes_to_the_next_map() {
    let mut app = review_app(true);
    let s = screen(&app, 80, 24);
    assert_snapshot!("review_at_risk_80x24", s);
    let (stop, stage) = numbers(&s);
    assert!(stop.starts_with("stop 1 of "), "{stop}");
    assert_eq!(showing(&app).0, "harbor-freightways.ron");
    assert!(
        stage.starts_with("stage ") && stage.ends_with(" of 6"),
        "{stage}"
    );
    let (_, total) = app.review_walk().unwrap().position();
    // Every stop is at risk.
    for _ in 0..total {
        let s = screen(&app, 80, 24);
        assert!(
            s.lines().nth(1).unwrap_or_default().contains("AT RISK"),
            "{s}"
        );
        press(&mut app, KeyCode::Char('n'));
    }
    // Tab: the first stop of the next map.
    let mut app = review_app(true);
    press(&mut app, KeyCode::Tab);
    assert_eq!(
        showing(&app),
        ("alder-logistics.ron".into(), "rollout".into())
    );
    let s = screen(&app, 80, 24);
    assert_snapshot!("review_next_map_80x24", s);
    assert!(s.contains("stage 2 of 3: Warehouse rollout"), "{s}");
    // The last map: Tab says so and stays.
    press(&mut app, KeyCode::Tab);
    assert_eq!(showing(&app).0, "alder-logistics.ron");
    assert!(screen(&app, 80, 24).contains("This is the last map of the review"));
    // `/` shows every stage needing attention again, staying here.
    press(&mut app, KeyCode::Char('/'));
    assert!(!app.review_walk().unwrap().only_at_risk());
    assert_eq!(
        showing(&app),
        ("alder-logistics.ron".into(), "rollout".into())
    );
    let (_, all) = app.review_walk().unwrap().position();
    assert!(all > total, "{all} stops in all, {total} at risk");
    let s = screen(&app, 160, 48);
    assert_snapshot!("review_all_stops_160x48", s);
    assert!(s.contains("needing attention"), "{s}");
    // Shift-Tab: back to the first stop of the first map.
    app.handle_event(key_event(
        KeyCode::BackTab,
        ratatui::crossterm::event::KeyModifiers::SHIFT,
    ));
    assert_eq!(showing(&app).0, "harbor-freightways.ron");
    assert_eq!(app.review_walk().unwrap().position().0, 1);
}

#[test]
fn the_header_counts_stops_and_the_card_names_the_stage_number() {
    let mut app = review_app(false);
    let (_, total) = app.review_walk().unwrap().position();
    for at in 1..=total {
        let s = screen(&app, 80, 24);
        let (stop, stage) = numbers(&s);
        assert_eq!(
            stop,
            format!("stop {at} of {total} needing attention"),
            "{s}"
        );
        let (file, id) = showing(&app);
        let map = journeymap::storage::load_map(&std::path::Path::new(REVIEW).join(&file))
            .expect("fixture reads")
            .map;
        let n = map.stages.iter().position(|s| s.id == id).unwrap() + 1;
        assert_eq!(stage, format!("stage {n} of {}", map.stages.len()), "{s}");
        press(&mut app, KeyCode::Char('n'));
    }
}

#[test]
fn long_review_notes_scroll_at_80x24_instead_of_being_cut() {
    let mut app = review_app(true);
    press(&mut app, KeyCode::Tab);
    let s = screen(&app, 80, 24);
    assert!(!s.contains("LAST NOTE"), "{s}");
    // The border says there is more, and the footer says how to see it.
    assert!(s.contains("more ╯"), "{s}");
    assert!(s.contains("↑↓ scroll"), "{s}");
    press(&mut app, KeyCode::PageDown);
    press(&mut app, KeyCode::PageDown);
    let s = screen(&app, 80, 24);
    assert_snapshot!("review_notes_scrolled_80x24", s);
    assert!(
        s.contains("LAST NOTE") && s.contains("by 1 December."),
        "{s}"
    );
    assert!(s.contains("above"), "{s}");
    // Back up: one key moves the card at once (no scrolling past the end).
    press(&mut app, KeyCode::Up);
    assert_ne!(screen(&app, 80, 24), s);
}

#[test]
fn review_only_takes_at_risk_and_names_it_when_misspelt() {
    let out = assert_cmd::Command::cargo_bin("journeymap")
        .unwrap()
        .args(["review", REVIEW, "--only", "risky", "--today", "2026-11-23"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("'risky'") && err.contains("at-risk"), "{err}");
}

/// The line of a screen marked as selected (`▶`).
fn selected_line(s: &str) -> String {
    s.lines()
        .find(|l| l.starts_with('▶') || l.starts_with("│ ▶"))
        .unwrap_or_else(|| panic!("nothing selected:\n{s}"))
        .to_string()
}

/// The board's selected stage, from its thick border.
fn selected_column(s: &str) -> String {
    let line = s.lines().find(|l| l.contains('┏')).unwrap_or_default();
    let at = line.find('┏').unwrap_or(0);
    line[at..]
        .chars()
        .skip(2)
        .take_while(|c| *c != '━')
        .collect::<String>()
        .trim()
        .to_string()
}

#[test]
fn digits_jump_to_the_stage_of_that_number() {
    let mut app = open_app(HARBOR);
    press(&mut app, KeyCode::Char('4'));
    let s = screen(&app, 80, 24);
    assert_snapshot!("digit_4_80x24", s);
    assert_eq!(selected_column(&s), "4 Invoice dispute");
    press(&mut app, KeyCode::Char('6'));
    assert_eq!(
        selected_column(&screen(&app, 160, 48)),
        "6 Expansion to Canada"
    );
    // "6" then "1": no stage 61, so stage 1.
    press(&mut app, KeyCode::Char('1'));
    assert_eq!(
        selected_column(&screen(&app, 80, 24)),
        "1 Executive kickoff"
    );
    press(&mut app, KeyCode::Esc);
    press(&mut app, KeyCode::Char('9'));
    let s = screen(&app, 80, 24);
    assert!(s.contains("There is no stage 9: the map has 6"), "{s}");
    assert_eq!(selected_column(&s), "1 Executive kickoff");
}

#[test]
fn slash_finds_text_in_the_map_and_n_goes_to_the_next_match() {
    let mut app = open_app(HARBOR);
    press(&mut app, KeyCode::Char('/'));
    type_text(&mut app, "billing");
    let s = screen(&app, 80, 24);
    assert_snapshot!("find_typing_80x24", s);
    assert!(s.contains("find: billing▏"), "{s}");
    // While typing, n is text, not "next".
    assert!(s.contains("matches in"), "{s}");
    press(&mut app, KeyCode::Enter);
    assert_eq!(app.top_screen(), Some("Stage detail"));
    let s = screen(&app, 80, 24);
    assert_snapshot!("find_first_match_80x24", s);
    let first = selected_line(&s);
    assert!(s.contains("Match 1 of "), "{s}");
    press(&mut app, KeyCode::Char('n'));
    let s = screen(&app, 160, 48);
    assert_snapshot!("find_next_match_160x48", s);
    assert!(s.contains("Match 2 of "), "{s}");
    assert_ne!(selected_line(&s), first);
    press(&mut app, KeyCode::Char('N'));
    assert!(screen(&app, 80, 24).contains("Match 1 of "));
    // Esc ends the search, then goes back to the board.
    press(&mut app, KeyCode::Esc);
    assert!(screen(&app, 80, 24).contains("Search ended"));
    press(&mut app, KeyCode::Char('n'));
    assert!(!screen(&app, 80, 24).contains("Match"));
    press(&mut app, KeyCode::Esc);
    assert_eq!(app.top_screen(), Some("Journey board"));
    // A text found nowhere says so.
    press(&mut app, KeyCode::Char('/'));
    type_text(&mut app, "zzzz");
    press(&mut app, KeyCode::Enter);
    let s = screen(&app, 80, 24);
    assert!(s.contains("No match for \"zzzz\" in this map"), "{s}");
    assert_eq!(app.top_screen(), Some("Journey board"));
}

#[test]
fn the_help_mentions_the_mouse_and_wraps_at_80_columns() {
    let mut app = open_app(HARBOR);
    press(&mut app, KeyCode::Char('?'));
    assert_snapshot!("help_board_80x24_top", screen(&app, 80, 24));
    // Tall enough for all of it: nothing is cut at the box's edge.
    let s = screen(&app, 80, 70);
    // The box: from its title to its bottom border.
    let lines: Vec<&str> = s.lines().collect();
    let top = lines
        .iter()
        .position(|l| l.contains("╭ Keys"))
        .expect("the help box");
    let bottom = top
        + lines[top..]
            .iter()
            .position(|l| l.contains('╰'))
            .expect("its end");
    // In cells (every character here is one cell wide).
    let x = lines[top].chars().take_while(|c| *c != '╭').count();
    let w = lines[top].chars().skip(x).take_while(|c| *c != '╮').count() + 1;
    let boxed: Vec<String> = lines[top..=bottom]
        .iter()
        .map(|l| l.chars().skip(x).take(w).collect())
        .collect();
    let text = boxed.join("\n");
    assert!(text.contains("Mouse") && text.contains("click"), "{text}");
    assert!(!text.contains('…'), "no help line is cut:\n{text}");
    assert!(
        boxed
            .iter()
            .any(|l| l.trim_start_matches('│').starts_with("          ") && l.contains("the box")),
        "the long line wraps under its text:\n{text}"
    );
}

#[test]
fn slash_and_r_say_so_where_they_do_nothing() {
    let mut app = open_app(MAPS);
    press(&mut app, KeyCode::Char('r'));
    let s = screen(&app, 80, 24);
    assert!(
        s.contains("r adds a review note on a stage's screen"),
        "{s}"
    );
    let mut app = open_app("tests/data/tui/empty");
    press(&mut app, KeyCode::Char('/'));
    let s = screen(&app, 80, 24);
    assert!(s.contains("/ finds text on the portfolio"), "{s}");
}

#[test]
fn going_back_to_the_portfolio_selects_the_map_just_left() {
    let dir = tempfile::tempdir().unwrap();
    for name in ["broken.ron", "harbor-freightways.ron", "cobalt-retail.ron"] {
        std::fs::copy(format!("{MAPS}/{name}"), dir.path().join(name)).unwrap();
    }
    let mut app = open_app(dir.path().to_str().unwrap());
    // A new map, made from the portfolio (the broken row selected).
    press(&mut app, KeyCode::Char('n'));
    type_text(&mut app, "Zed Holdings");
    press(&mut app, KeyCode::Enter);
    press(&mut app, KeyCode::Enter);
    press(&mut app, KeyCode::Char('e'));
    press(&mut app, KeyCode::Enter);
    assert_eq!(app.top_screen(), Some("Journey board"));
    press(&mut app, KeyCode::Esc);
    assert_eq!(app.top_screen(), Some("Portfolio"));
    let s = screen(&app, 80, 24);
    assert!(selected_line(&s).contains("Zed Holdings"), "{s}");
}

#[test]
fn the_stage_header_keeps_status_and_unsaved_in_view_at_80_columns() {
    let dir = tempfile::tempdir().unwrap();
    let text = std::fs::read_to_string(HARBOR)
        .unwrap()
        .replace(
            "name: \"Harbor Freightways\"",
            "name: \"Harbor Freightways International Logistics Holdings\"",
        )
        .replace(
            "name: \"Invoice dispute\"",
            "name: \"Invoice dispute about the double billing of the Tacoma depots\"",
        );
    let map = dir.path().join("harbor.ron");
    std::fs::write(&map, text).unwrap();
    let mut app = open_app(map.to_str().unwrap());
    press(&mut app, KeyCode::Char('4'));
    // An edit: the stage moves right, and the map is unsaved.
    press(&mut app, KeyCode::Char('J'));
    press(&mut app, KeyCode::Enter);
    let s = screen(&app, 80, 24).replace(&dir.path().display().to_string(), "[DIR]");
    assert_snapshot!("stage_header_long_names_80x24", s);
    let header = s.lines().next().unwrap_or_default();
    assert!(header.contains("● unsaved"), "{header}");
    assert!(
        header.contains("AT RISK") || header.contains("WATCH") || header.contains("OK"),
        "{header}"
    );
    assert!(header.contains("stage 5 of 6"), "{header}");
}

#[test]
fn o_is_refused_with_unsaved_edits_and_asked_of_the_terminal_loop_otherwise() {
    let dir = tempfile::tempdir().unwrap();
    let map = dir.path().join("harbor.ron");
    std::fs::copy(HARBOR, &map).unwrap();
    let mut app = open_app(map.to_str().unwrap());
    press(&mut app, KeyCode::Char('o'));
    assert_eq!(app.take_external_edit().as_deref(), Some(map.as_path()));
    // What the editor does; the loop reports back and the map is read again.
    let text = std::fs::read_to_string(&map)
        .unwrap()
        .replace("Harbor Freightways", "Zebulon");
    std::fs::write(&map, text).unwrap();
    app.external_edit_done(&map, Ok(()));
    let s = screen(&app, 80, 24);
    assert!(s.contains("Zebulon") && s.contains("reloaded"), "{s}");
    // With unsaved edits: refused, nothing asked of the loop.
    press(&mut app, KeyCode::Char('J'));
    press(&mut app, KeyCode::Char('o'));
    assert_eq!(app.take_external_edit(), None);
    let s = screen(&app, 80, 24);
    assert!(
        s.contains("Unsaved edits: save (Ctrl-s) or undo them"),
        "{s}"
    );
    // An editor that failed says so.
    press(&mut app, KeyCode::Char('u'));
    app.external_edit_done(&map, Err("the editor `nope` could not be started".into()));
    assert!(screen(&app, 80, 24).contains("could not be started"));
}
