//! Snapshots of the app's screens, driven by key events on a TestBackend.

mod tui_support;

use insta::assert_snapshot;
use ratatui::crossterm::event::KeyCode;
use tui_support::*;

#[test]
fn portfolio_sorted_by_risk_with_broken_file_as_a_row() {
    let app = open_app(MAPS);
    let s = screen(&app, 80, 24);
    assert_snapshot!("portfolio_80x24", s);
    // Unreadable first, then at risk, watch, ok.
    let order: Vec<usize> = ["broken.ron", "Harbor", "Cobalt", "Quiet Meadow"]
        .iter()
        .map(|n| s.find(n).unwrap_or_else(|| panic!("{n} on screen")))
        .collect();
    assert!(order.windows(2).all(|w| w[0] < w[1]), "{s}");
    assert_snapshot!("portfolio_160x48", screen(&app, 160, 48));
}

#[test]
fn portfolio_filter_narrows_and_esc_clears() {
    let mut app = open_app(MAPS);
    press(&mut app, KeyCode::Char('/'));
    type_text(&mut app, "cob");
    let s = screen(&app, 80, 24);
    assert_snapshot!("portfolio_filtered_80x24", s);
    assert!(s.contains("Cobalt Retail") && !s.contains("Harbor"), "{s}");
    // While typing, q is text, not quit.
    press(&mut app, KeyCode::Char('q'));
    assert!(!app.should_quit());
    press(&mut app, KeyCode::Backspace);
    press(&mut app, KeyCode::Esc);
    let s = screen(&app, 80, 24);
    assert!(s.contains("Harbor") && s.contains("Cobalt"), "{s}");
    // Ctrl-c is not text: it quits even while typing.
    press(&mut app, KeyCode::Char('/'));
    app.handle_event(key_event(
        KeyCode::Char('c'),
        ratatui::crossterm::event::KeyModifiers::CONTROL,
    ));
    assert!(app.should_quit());
}

#[test]
fn a_paste_goes_into_the_filter_while_it_is_typed() {
    let mut app = open_app(MAPS);
    // Not filtering: a paste on the list changes nothing.
    app.handle_event(ratatui::crossterm::event::Event::Paste("cob".into()));
    let s = screen(&app, 80, 24);
    assert!(s.contains("Harbor") && !s.contains("filter:"), "{s}");
    press(&mut app, KeyCode::Char('/'));
    type_text(&mut app, "c");
    // One line, at the cursor: the line break is a space, not lost text.
    app.handle_event(ratatui::crossterm::event::Event::Paste("obalt\r\n".into()));
    let s = screen(&app, 80, 24);
    assert!(s.contains("filter: cobalt ▏ 1 of 4"), "{s}");
    assert!(s.contains("Cobalt Retail") && !s.contains("Harbor"), "{s}");
    // The editing keys of every text input work here too.
    app.handle_event(key_event(
        KeyCode::Char('w'),
        ratatui::crossterm::event::KeyModifiers::CONTROL,
    ));
    let s = screen(&app, 80, 24);
    assert!(s.contains("filter: ▏ 4 of 4"), "{s}");
}

#[test]
fn enter_opens_the_board_and_esc_returns() {
    let mut app = open_app(MAPS);
    press(&mut app, KeyCode::Down); // past the broken file to Harbor
    press(&mut app, KeyCode::Enter);
    assert_eq!(app.top_screen(), Some("Journey board"));
    assert_snapshot!("board_80x24", screen(&app, 80, 24));
    assert_snapshot!("board_160x48", screen(&app, 160, 48));
    press(&mut app, KeyCode::Esc);
    assert_eq!(app.top_screen(), Some("Portfolio"));
}

#[test]
fn enter_on_a_broken_file_shows_every_problem() {
    let mut app = open_app(MAPS);
    press(&mut app, KeyCode::Enter);
    assert!(app.has_overlay());
    assert_eq!(app.top_screen(), Some("Portfolio"));
    let s = screen(&app, 80, 24);
    assert!(s.contains("broken.ron cannot be read"), "{s}");
    assert!(s.contains("2026-02-30"), "{s}");
    press(&mut app, KeyCode::Esc);
    assert!(!app.has_overlay());
}

#[test]
fn board_scrolls_to_keep_the_selected_stage_visible() {
    let mut app = open_app(HARBOR);
    for _ in 0..5 {
        press(&mut app, KeyCode::Right);
    }
    let s = screen(&app, 80, 24);
    assert_snapshot!("board_last_stage_80x24", s);
    assert!(s.contains("6 Expansion to Canada"), "{s}");
    assert!(!s.contains("1 Executive kickoff"), "{s}");
    assert!(s.contains("◂ 3 more"), "{s}");
}

/// The line of the screen marked as selected (`▶`).
fn selected_line(s: &str) -> &str {
    s.lines()
        .find(|l| l.starts_with('▶'))
        .unwrap_or_else(|| panic!("nothing selected:\n{s}"))
}

#[test]
fn findings_panel_takes_focus_and_enter_opens_the_finding_s_item() {
    let mut app = open_app(HARBOR);
    press(&mut app, KeyCode::Tab);
    assert_snapshot!("findings_80x24", screen(&app, 80, 24));
    assert_snapshot!("findings_160x48", screen(&app, 160, 48));
    // The first finding is critical: the low score of "Invoice dispute"
    // (stage 4). Enter opens that stage with that feedback selected.
    press(&mut app, KeyCode::Enter);
    assert_eq!(app.top_screen(), Some("Stage detail"));
    let s = screen(&app, 80, 24);
    assert!(s.contains("stage 4 of 6 · Invoice dispute"), "{s}");
    assert!(selected_line(&s).contains("2026-11-10 2/5"), "{s}");
    // Back on the board, the panel is where it was, and the stage of the
    // finding is selected: the second finding is the overdue promise.
    press(&mut app, KeyCode::Esc);
    assert_eq!(app.top_screen(), Some("Journey board"));
    assert!(screen(&app, 80, 24).contains("┏ 4 Invoice dispute"));
    press(&mut app, KeyCode::Down);
    press(&mut app, KeyCode::Enter);
    let s = screen(&app, 80, 24);
    assert!(selected_line(&s).contains("overdue"), "{s}");
    assert!(s.contains("Issue the credit note"), "{s}");
    // "No feedback" is about the stage's feedback as a whole: its list.
    press(&mut app, KeyCode::Esc);
    press(&mut app, KeyCode::Down);
    press(&mut app, KeyCode::Enter);
    let s = screen(&app, 80, 24);
    assert!(s.contains("· Contract renewal ·"), "{s}");
    assert!(selected_line(&s).contains("none yet"), "{s}");
}

/// A copy of a bundled sample map in a temporary folder, so that opening
/// it leaves nothing next to the real one.
fn sample_copy(name: &str) -> (tempfile::TempDir, String) {
    let dir = tempfile::tempdir().expect("temp dir");
    let to = dir.path().join(name);
    std::fs::copy(format!("maps/{name}"), &to).expect("copied");
    let path = to.display().to_string();
    (dir, path)
}

/// The rows of the findings panel as drawn (between its borders).
fn panel_rows(s: &str) -> Vec<&str> {
    s.lines()
        .skip_while(|l| !l.contains("Findings "))
        .skip(1)
        .take_while(|l| l.starts_with('│') || l.starts_with('┃'))
        .collect()
}

#[test]
fn the_findings_panel_opens_on_the_worst_finding_and_says_what_is_out_of_view() {
    // At 80x24, Kestrel's first stage has only a warning, and the map has
    // 6 critical findings: the panel shows those, not the first stage's.
    let (dir, path) = sample_copy("kestrel-precision-components.ron");
    let mut app = open_app(&path);
    let s = screen(&app, 80, 24);
    // The temporary folder has a random name.
    let tmp = dir.path().display().to_string();
    assert_snapshot!("findings_kestrel_80x24", s.replace(&tmp, "<tmp>"));
    assert!(s.contains("● 6 critical"), "{s}");
    let rows = panel_rows(&s);
    assert!(!rows.is_empty(), "{s}");
    assert!(rows.iter().all(|r| r.contains("● ")), "{rows:#?}");
    // 15 findings, 4 shown: the border says so, and how many of them are
    // the selected stage's (its one warning).
    assert!(s.contains("↓ 11 more, 1 of this stage"), "{s}");
    // Focused and moved down, the view follows and says what is above.
    press(&mut app, KeyCode::Tab);
    for _ in 0..11 {
        press(&mut app, KeyCode::Down);
    }
    let s = screen(&app, 80, 24);
    assert!(s.contains("↑ "), "{s}");
    assert!(s.contains(" above"), "{s}");
}

#[test]
fn the_stage_screen_lists_findings_worst_first() {
    // Payroll integration: survey-only (a warning) comes before the low
    // score (critical) in the rules' order; shown, the critical is first.
    let (_dir, path) = sample_copy("kestrel-precision-components.ron");
    let mut app = open_app(&path);
    for _ in 0..4 {
        press(&mut app, KeyCode::Right);
    }
    press(&mut app, KeyCode::Enter);
    let s = screen(&app, 100, 40);
    assert!(s.contains("· Payroll integration ·"), "{s}");
    let low = s
        .find("● newest score is 2 of 5")
        .expect("low score listed");
    let survey = s
        .find("◐ no personal feedback")
        .expect("survey-only listed");
    assert!(low < survey, "{s}");
}

#[test]
fn enter_on_a_stage_opens_the_stage_screen() {
    let mut app = open_app(HARBOR);
    press(&mut app, KeyCode::Right);
    press(&mut app, KeyCode::Enter);
    assert_eq!(app.top_screen(), Some("Stage detail"));
    press(&mut app, KeyCode::Esc);
    assert_eq!(app.top_screen(), Some("Journey board"));
    // The board was opened directly: Esc stays, q quits.
    press(&mut app, KeyCode::Esc);
    assert_eq!(app.top_screen(), Some("Journey board"));
    press(&mut app, KeyCode::Char('q'));
    assert!(app.should_quit());
}

#[test]
fn help_overlay_lists_the_screens_keys() {
    let mut app = open_app(HARBOR);
    press(&mut app, KeyCode::Char('?'));
    let s = screen(&app, 80, 24);
    assert_snapshot!("help_board_80x24", s);
    assert!(s.contains("open stage") && s.contains("findings"), "{s}");
    // The whole help, the keys that work everywhere included, at 160x48
    // (at 80x24 it scrolls).
    let s = screen(&app, 160, 48);
    assert_snapshot!("help_board_160x48", s);
    assert!(s.contains("this help") && s.contains("Ctrl-s"), "{s}");
    press(&mut app, KeyCode::Char('?'));
    assert!(!app.has_overlay());
}

#[test]
fn empty_folder_explains_how_to_start() {
    // A folder with a file that is not a map.
    let app = open_app("tests/data/tui/empty");
    let s = screen(&app, 80, 24);
    assert!(s.contains("journeymap new"), "{s}");
    assert!(s.contains("journeymap maps"), "{s}");
    assert_snapshot!("empty_80x24", s);
    assert_snapshot!("empty_160x48", screen(&app, 160, 48));
}

#[test]
fn missing_default_folder_is_the_empty_state_but_a_named_one_is_an_error() {
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("nope");
    let mut opts = options(&missing);
    let err = journeymap::tui::App::new(opts.clone())
        .err()
        .expect("named path must exist");
    assert!(err.to_string().contains("no such file or folder"), "{err}");
    opts.path_is_default = true;
    let app = journeymap::tui::App::new(opts).unwrap();
    assert!(screen(&app, 80, 24).contains("does not exist yet"));
}

#[test]
fn too_small_says_so() {
    let app = open_app(MAPS);
    assert_snapshot!("too_small_59x16", screen(&app, 59, 16));
    assert_snapshot!("too_small_80x15", screen(&app, 80, 15));
    let s = screen(&app, 60, 16);
    assert!(!s.contains("too small"), "{s}");
}

#[test]
fn mouse_click_selects_and_wheel_scrolls() {
    let mut app = open_app(MAPS);
    screen(&app, 80, 24);
    // Row 6 is the fourth map (Quiet Meadow): header 0, border 1, heading 2.
    click(&mut app, 20, 6);
    let s = screen(&app, 80, 24);
    assert!(s.lines().nth(6).unwrap().contains("▶ ○ OK"), "{s}");
    // Clicking the selected row opens it.
    click(&mut app, 20, 6);
    assert_eq!(app.top_screen(), Some("Journey board"));
    let s = screen(&app, 80, 24);
    assert!(s.contains("Quiet Meadow Trust"), "{s}");

    let mut app = open_app(HARBOR);
    screen(&app, 80, 24);
    // Click the second column (columns are 26 wide at 80 columns).
    click(&mut app, 30, 8);
    assert!(screen(&app, 80, 24).contains("┏ 2 Depot pilot"));
    wheel(&mut app, true, 30, 8);
    assert!(screen(&app, 80, 24).contains("┏ 3 Billing portal"));
}

#[test]
fn quit_from_the_portfolio() {
    let mut app = open_app(MAPS);
    press(&mut app, KeyCode::Char('q'));
    assert!(app.should_quit());
}

#[test]
fn hundreds_of_maps_scroll_with_the_selection() {
    let dir = tempfile::tempdir().unwrap();
    for i in 0..250 {
        let map = journeymap::model::Map::new(&format!("Client {i:03}"), "Dana Ruiz");
        let text = journeymap::storage::to_canonical(&map).unwrap();
        std::fs::write(dir.path().join(format!("c{i:03}.ron")), text).unwrap();
    }
    let mut app = journeymap::tui::App::new(options(dir.path())).unwrap();
    let s = screen(&app, 80, 24);
    assert!(s.contains("250 maps") && s.contains("1 of 250"), "{s}");
    assert!(s.contains("Client 000") && !s.contains("Client 249"), "{s}");
    press(&mut app, KeyCode::End);
    let s = screen(&app, 80, 24);
    assert!(
        s.contains("▶ ○ OK      Client 249") && !s.contains("Client 000"),
        "{s}"
    );
    press(&mut app, KeyCode::PageUp);
    let s = screen(&app, 80, 24);
    assert!(s.contains("▶ ○ OK      Client 231"), "{s}");
    wheel(&mut app, false, 10, 10);
    assert!(screen(&app, 80, 24).contains("▶ ○ OK      Client 228"));
}

#[test]
fn a_map_without_stages_says_how_to_add_one() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("new.ron");
    let map = journeymap::model::Map::new("Fresh Client", "Dana Ruiz");
    std::fs::write(&path, journeymap::storage::to_canonical(&map).unwrap()).unwrap();
    let app = journeymap::tui::App::new(options(&path)).unwrap();
    let s = screen(&app, 80, 24);
    assert!(s.contains("no stages yet: a adds the first one"), "{s}");
    assert!(s.contains("Fresh Client") && s.contains("○ OK"), "{s}");
}

/// Empties the focused text field of a form (End, then Backspace).
fn clear_field(app: &mut journeymap::tui::App, chars: usize) {
    press(app, KeyCode::End);
    for _ in 0..chars {
        press(app, KeyCode::Backspace);
    }
}

#[test]
fn x_on_the_board_asks_where_with_the_map_md_next_to_the_map() {
    let mut app = open_app(HARBOR);
    press(&mut app, KeyCode::Char('x'));
    let s = screen(&app, 80, 24);
    assert_snapshot!("export_form_board_80x24", s);
    assert!(
        s.contains("tests/data/tui/maps/harbor-freightways.md"),
        "{s}"
    );
    // Esc cancels: nothing is written.
    press(&mut app, KeyCode::Esc);
    assert!(!screen(&app, 80, 24).contains("Export to"));
    assert!(!std::path::Path::new("tests/data/tui/maps/harbor-freightways.md").exists());
    assert_eq!(app.top_screen(), Some("Journey board"));
}

#[test]
fn x_in_the_portfolio_asks_for_a_folder_for_every_map() {
    let mut app = open_app(MAPS);
    press(&mut app, KeyCode::Char('x'));
    let s = screen(&app, 80, 24);
    assert_snapshot!("export_form_portfolio_80x24", s);
    assert!(s.contains("tests/data/tui/maps/export"), "{s}");
    press(&mut app, KeyCode::Esc);
    assert!(!std::path::Path::new("tests/data/tui/maps/export").exists());
    assert_eq!(app.top_screen(), Some("Portfolio"));
}

#[test]
fn confirming_the_export_form_writes_the_map_and_asks_before_replacing() {
    let dir = tempfile::tempdir().unwrap();
    let map = dir.path().join("harbor.ron");
    std::fs::copy(HARBOR, &map).unwrap();
    let mut app = journeymap::tui::App::new(options(&map)).unwrap();
    // Enter at once: next to the map.
    press(&mut app, KeyCode::Char('x'));
    press(&mut app, KeyCode::Enter);
    let md = dir.path().join("harbor.md");
    let text = std::fs::read_to_string(&md).expect("exported next to the map");
    assert!(text.contains("Harbor Freightways"), "{text}");
    let s = screen(&app, 200, 24);
    assert!(s.contains(&format!("Exported to {}", md.display())), "{s}");

    // An edited path: written there, the status names it.
    let out = dir.path().join("shared").join("harbor-review.md");
    std::fs::create_dir(dir.path().join("shared")).unwrap();
    let prefill = md.display().to_string().chars().count();
    press(&mut app, KeyCode::Char('x'));
    clear_field(&mut app, prefill);
    type_text(&mut app, &out.display().to_string());
    press(&mut app, KeyCode::Enter);
    assert!(
        std::fs::read_to_string(&out)
            .unwrap()
            .contains("Harbor Freightways")
    );
    let s = screen(&app, 200, 24);
    assert!(s.contains(&format!("Exported to {}", out.display())), "{s}");

    // A folder: the document goes into it, named after the map.
    press(&mut app, KeyCode::Char('x'));
    clear_field(&mut app, prefill);
    type_text(&mut app, &dir.path().join("shared").display().to_string());
    press(&mut app, KeyCode::Enter);
    assert!(dir.path().join("shared").join("harbor.md").is_file());

    // An existing file: the form asks; Enter again replaces it.
    std::fs::write(&md, "my own notes").unwrap();
    press(&mut app, KeyCode::Char('x'));
    press(&mut app, KeyCode::Enter);
    let s = screen(&app, 200, 24);
    assert!(s.contains("exists: press"), "{s}");
    assert_eq!(std::fs::read_to_string(&md).unwrap(), "my own notes");
    press(&mut app, KeyCode::Enter);
    assert!(
        std::fs::read_to_string(&md)
            .unwrap()
            .contains("Harbor Freightways")
    );
    assert!(screen(&app, 200, 24).contains("Exported to"));

    // Esc at the question leaves the file alone.
    std::fs::write(&md, "my own notes").unwrap();
    press(&mut app, KeyCode::Char('x'));
    press(&mut app, KeyCode::Enter);
    press(&mut app, KeyCode::Esc);
    press(&mut app, KeyCode::Esc);
    assert!(!screen(&app, 200, 24).contains("Export to"));
    assert_eq!(std::fs::read_to_string(&md).unwrap(), "my own notes");

    // A place that cannot be written: the reason, in the form.
    let blocker = dir.path().join("a-file");
    std::fs::write(&blocker, "").unwrap();
    press(&mut app, KeyCode::Char('x'));
    clear_field(&mut app, prefill);
    type_text(&mut app, &blocker.join("x.md").display().to_string());
    press(&mut app, KeyCode::Enter);
    let s = screen(&app, 200, 24);
    assert!(s.contains("not exported:"), "{s}");
    assert!(s.contains("Export to"), "the form stays open: {s}");
}

#[test]
fn confirming_the_portfolio_export_writes_every_map_and_the_index() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("handout");
    let mut app = open_app(MAPS);
    press(&mut app, KeyCode::Char('x'));
    clear_field(&mut app, "tests/data/tui/maps/export".len());
    type_text(&mut app, &out.display().to_string());
    press(&mut app, KeyCode::Enter);
    for name in [
        "index.md",
        "harbor-freightways.md",
        "cobalt-retail.md",
        "quiet-meadow-trust.md",
    ] {
        assert!(out.join(name).is_file(), "{name} written");
    }
    let index = std::fs::read_to_string(out.join("index.md")).unwrap();
    assert!(
        index.contains("broken.ron"),
        "the unreadable map is listed: {index}"
    );
    let s = screen(&app, 200, 24);
    assert!(
        s.contains(&format!(
            "Exported 3 maps to {} (index.md); 1 unreadable file listed in index.md",
            out.display()
        )),
        "{s}"
    );

    // Again: the files exist, so the form asks first.
    std::fs::write(out.join("index.md"), "mine").unwrap();
    press(&mut app, KeyCode::Char('x'));
    clear_field(&mut app, "tests/data/tui/maps/export".len());
    type_text(&mut app, &out.display().to_string());
    press(&mut app, KeyCode::Enter);
    let s = screen(&app, 200, 24);
    assert!(s.contains("exists: press"), "{s}");
    assert_eq!(
        std::fs::read_to_string(out.join("index.md")).unwrap(),
        "mine"
    );
    press(&mut app, KeyCode::Enter);
    assert!(
        std::fs::read_to_string(out.join("index.md"))
            .unwrap()
            .contains("broken.ron")
    );
}

#[test]
fn findings_list_scrolls_only_as_far_as_the_selection_needs() {
    let mut app = open_app(HARBOR);
    press(&mut app, KeyCode::Tab);
    // 80x20: the focused panel shows 7 of the 9 findings.
    screen(&app, 80, 20);
    for _ in 0..8 {
        press(&mut app, KeyCode::Down);
        screen(&app, 80, 20);
    }
    let s = screen(&app, 80, 20);
    assert!(
        s.contains("Add depot cost centres"),
        "the last finding shows\n{s}"
    );
    // Going up one keeps the view where it is.
    press(&mut app, KeyCode::Up);
    let s2 = screen(&app, 80, 20);
    assert!(s2.contains("Add depot cost centres"), "{s2}");
    press(&mut app, KeyCode::Char('g'));
    let s3 = screen(&app, 80, 20);
    assert!(
        s3.contains("newest score is 2 of 5"),
        "back at the top\n{s3}"
    );
}

/// The second open of a folder takes unchanged maps from the warm-start
/// cache: shown here by changing a file's bytes behind the cache's back
/// (same size, same time), which only a cached row would not notice.
#[test]
fn second_open_takes_unchanged_maps_from_the_status_cache() {
    let dir = tempfile::tempdir().expect("temp dir");
    let maps = dir.path().join("maps");
    std::fs::create_dir(&maps).expect("folder");
    let old = std::time::SystemTime::now() - std::time::Duration::from_secs(120);
    for entry in std::fs::read_dir(MAPS).expect("test maps") {
        let from = entry.expect("entry").path();
        let to = maps.join(from.file_name().expect("name"));
        std::fs::copy(&from, &to).expect("copied");
        // Old enough for size and time to be trusted (no racy window).
        let f = std::fs::File::options()
            .write(true)
            .open(&to)
            .expect("open");
        f.set_modified(old).expect("set time");
    }
    let state = dir.path().join("state");
    let with_cache = |state: Option<&std::path::Path>| {
        let mut opts = options(&maps);
        opts.state_dir = state.map(|s| s.to_path_buf());
        journeymap::tui::App::new(opts).expect("the app opens")
    };

    let first = screen(&with_cache(Some(&state)), 80, 24);
    assert!(first.contains("Harbor Freightways"), "{first}");
    let cache_files: Vec<_> = std::fs::read_dir(&state)
        .expect("state folder written")
        .collect();
    assert_eq!(cache_files.len(), 1);

    // Same size, same time, different bytes: unreadable if parsed.
    let harbor = maps.join("harbor-freightways.ron");
    let len = std::fs::metadata(&harbor).expect("meta").len() as usize;
    std::fs::write(&harbor, "x".repeat(len)).expect("written");
    let f = std::fs::File::options()
        .write(true)
        .open(&harbor)
        .expect("open");
    f.set_modified(old).expect("set time");

    let second = screen(&with_cache(Some(&state)), 80, 24);
    assert_eq!(second, first, "the cached rows, as before");
    // Without the cache the file is read and found broken: the test above
    // could fail.
    let uncached = screen(&with_cache(None), 80, 24);
    assert!(
        uncached.contains("ERROR   harbor-freightways.ron:1:1"),
        "{uncached}"
    );
    assert!(!uncached.contains("Harbor Freightways"), "{uncached}");
}
