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
