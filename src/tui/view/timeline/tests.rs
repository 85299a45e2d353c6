use super::*;
use crate::git::GitError;
use crate::tui::test_screen::drawn;

fn waiting() -> Timeline {
    let map = Map::new("Acme", "Dana");
    Timeline::waiting(
        PathBuf::from("acme.ron"),
        map,
        jiff::civil::date(2026, 11, 23),
        Thresholds::default(),
    )
}

#[test]
fn the_first_frame_says_the_history_is_being_read() {
    let t = waiting();
    let s = drawn(&t, 80, 24);
    assert!(s.contains("Timeline · Acme"), "{s}");
    assert!(s.contains("reading history from git…"), "{s}");
}

#[test]
fn without_a_repository_it_says_so_and_how_to_go_back() {
    let mut t = waiting();
    t.loaded(Err(GitError::NotInRepository {
        path: PathBuf::from("acme.ron"),
    }));
    let s = drawn(&t, 80, 24);
    assert!(s.contains("acme.ron: not in a git repository"), "{s}");
    assert!(s.contains("Esc goes back to the board"), "{s}");
}

#[test]
fn draws_at_any_size_without_panicking() {
    let mut t = waiting();
    for (w, h) in [(0, 0), (1, 1), (5, 3), (20, 4), (60, 16)] {
        drawn(&t, w, h);
    }
    t.loaded(Err(GitError::NoCommits {
        repo: PathBuf::from("/r"),
    }));
    for (w, h) in [(0, 0), (1, 1), (5, 3), (20, 4), (60, 16)] {
        drawn(&t, w, h);
    }
}

/// A history of three uncommitted-like states (a `Revision` is git's to
/// make): stages a and b; a file that did not read; a and a new c, b gone.
fn history() -> crate::git::History {
    use crate::analysis::{Risk, Status};
    use crate::git::{EntryVerdict, HistoryEntry, LogEnd, StageVerdict, When};
    let stage = |id: &str, status| StageVerdict {
        id: id.into(),
        name: format!("Stage {id}"),
        phase: crate::model::Phase::Past,
        status,
        risk: Risk::default(),
        sentiment: None,
    };
    let entry = |date: &str, verdict| HistoryEntry {
        when: When::Uncommitted,
        date: date.parse().expect("date"),
        path: "acme.ron".into(),
        verdict,
        appeared: Vec::new(),
        cleared: Vec::new(),
        changes: Vec::new(),
    };
    let verdict = |stages: Vec<StageVerdict>| {
        Ok(EntryVerdict {
            client: "Acme".into(),
            status: Status::AtRisk,
            risk: Risk::default(),
            stages,
            findings: Vec::new(),
        })
    };
    crate::git::History {
        path: PathBuf::from("acme.ron"),
        workdir: PathBuf::from("/r"),
        entries: vec![
            entry(
                "2026-03-30",
                verdict(vec![stage("a", Status::AtRisk), stage("b", Status::Ok)]),
            ),
            entry("2026-04-02", Err("acme.ron:3:1: expected `(`".into())),
            entry(
                "2026-04-10",
                verdict(vec![stage("a", Status::Ok), stage("c", Status::Watch)]),
            ),
        ],
        end: LogEnd::Added,
        before_since: None,
    }
}

#[test]
fn rows_are_every_stage_ever_and_cells_say_absent_and_unreadable() {
    let mut t = waiting();
    t.loaded(Ok(history()));
    let s = drawn(&t, 80, 24);
    let row = |name: &str| {
        s.lines()
            .find(|l| l.starts_with(&format!(" {name}")))
            .unwrap_or_else(|| panic!("{name} in\n{s}"))
            .split_whitespace()
            .skip(2)
            .collect::<Vec<_>>()
            .join(" ")
    };
    // Today's stages first, in their order, then the one removed; two
    // cells a point when they fit.
    let names: Vec<&str> = s
        .lines()
        .filter_map(|l| l.strip_prefix(" Stage "))
        .map(|l| &l[..1])
        .collect();
    assert_eq!(names, ["a", "c", "b"], "{s}");
    assert_eq!(row("Stage a"), "● ✗ ○", "{s}");
    assert_eq!(row("Stage c"), "· ✗ ◐", "{s}");
    assert_eq!(row("Stage b"), "○ ✗ ·", "{s}");
    // The last point is selected: "now, uncommitted" (this history has
    // no commits); the first one moved back to.
    assert!(s.contains("▲ 3 of 3 now, uncommitted · 2026-04-10"), "{s}");
    left(&mut t);
    let s = drawn(&t, 80, 24);
    assert!(s.contains("✗ did not read"), "{s}");
    assert!(s.contains("the map did not read at this point"), "{s}");
    for (w, h) in [
        (0, 0),
        (1, 1),
        (10, 3),
        (14, 5),
        (30, 8),
        (60, 16),
        (200, 60),
    ] {
        drawn(&t, w, h);
    }
}

fn left(t: &mut Timeline) {
    use crate::tui::keymap::KeyMap;
    use crate::tui::theme::Theme;
    use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
    let keys = KeyMap::default();
    let theme = Theme::new(false);
    let th = Thresholds::default();
    let mut ctx = Ctx::new(
        &keys,
        &theme,
        jiff::civil::date(2026, 11, 23),
        &th,
        false,
        "t",
    );
    let key = KeyEvent::new(KeyCode::Left, KeyModifiers::NONE);
    assert!(t.handle_key(key, &mut ctx).is_consumed());
}
