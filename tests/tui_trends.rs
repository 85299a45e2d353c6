//! The portfolio's trends from git: where each map stood 30 and 90 days
//! ago next to now, in words, sorted by "got worse" on `w`; cached in the
//! state folder by commit id.

mod tui_support;

use insta::assert_snapshot;
use journeymap::git::{TrendCache, TrendRequest, compute_trends};
use journeymap::synth::history::{HistorySpec, git, git_on, write_history};
use journeymap::tui::App;
use ratatui::crossterm::event::KeyCode;
use tui_support::*;

struct Repo {
    dir: tempfile::TempDir,
    state: tempfile::TempDir,
}

/// A year of a generated portfolio, its last commit a few days before
/// the tests' date.
fn repo() -> Repo {
    let dir = tempfile::tempdir().expect("temp dir");
    write_history(dir.path(), &HistorySpec::year(5)).expect("history written");
    Repo {
        dir,
        state: tempfile::tempdir().expect("state dir"),
    }
}

fn open(repo: &Repo) -> App {
    let mut opts = options(&repo.dir.path().join("maps"));
    opts.state_dir = Some(repo.state.path().to_path_buf());
    App::new(opts).expect("the app opens")
}

/// The screen with the temporary folder's random name made fixed (same
/// length, so the layout is the same).
fn shown(app: &App, repo: &Repo) -> String {
    let dir = repo.dir.path().display().to_string();
    let fixed: String = dir
        .chars()
        .enumerate()
        .map(|(i, c)| if i >= "/tmp/.tmp".len() { 'X' } else { c })
        .collect();
    screen(app, 160, 48).replace(&dir, &fixed)
}

#[test]
fn rows_show_30_and_90_days_ago_in_words_and_sort_by_got_worse() {
    let repo = repo();
    let mut app = open(&repo);
    let s = shown(&app, &repo);
    assert!(s.contains("30 d   90 d"), "{s}");
    assert!(s.contains("worse") || s.contains("better"), "{s}");
    assert_snapshot!("trends_160x48", s);
    press(&mut app, KeyCode::Char('w'));
    let s = shown(&app, &repo);
    assert!(s.contains("got worse first"), "{s}");
    assert_snapshot!("trends_got_worse_160x48", s);
    // The first row got worse over one of the two spans (the selection
    // stays on the map it was on).
    let first = s
        .lines()
        .skip_while(|l| !l.contains("30 d   90 d"))
        .nth(1)
        .unwrap_or_default()
        .to_string();
    assert!(first.contains("worse"), "{first}");
    press(&mut app, KeyCode::Char('w'));
    assert!(!shown(&app, &repo).contains("got worse first"));
}

#[test]
fn trends_agree_with_check_at_the_commit_of_that_day_and_are_cached() {
    let repo = repo();
    let maps = repo.dir.path().join("maps");
    let paths = journeymap::storage::folders::list_maps(&maps).expect("maps");
    let cache_file = TrendCache::file_for(repo.state.path(), &maps);
    let request = TrendRequest {
        folder: maps.clone(),
        paths: paths.clone(),
        today: today(),
        thresholds: Default::default(),
        cache_file: Some(cache_file.clone()),
    };
    let cold = compute_trends(&request).expect("trends");
    assert!(cache_file.exists(), "the cache is written");
    // Warm: the same answer, from the cache.
    let warm = compute_trends(&request).expect("trends");
    assert_eq!(cold, warm);
    // 30 days before 2026-11-23 is 2026-10-24: the map as the last commit
    // of that day or before had it, checked on that day.
    let rev = journeymap::synth::history::git(
        repo.dir.path(),
        &[
            "rev-list",
            "-1",
            "--first-parent",
            "--before=2026-10-24T23:59:59Z",
            "HEAD",
        ],
        None,
    )
    .expect("rev-list");
    let rev = String::from_utf8_lossy(&rev).trim().to_string();
    for (path, trend) in paths.iter().zip(&cold) {
        let name = format!(
            "maps/{}",
            path.file_name().unwrap_or_default().to_string_lossy()
        );
        let bytes = journeymap::synth::history::git(
            repo.dir.path(),
            &["show", &format!("{rev}:{name}")],
            None,
        )
        .expect("git show");
        let map = journeymap::storage::load_bytes(path, &bytes)
            .expect("reads")
            .map;
        let status = journeymap::analysis::MapSummary::analyse(
            &map,
            jiff::civil::date(2026, 10, 24),
            &Default::default(),
        )
        .status;
        assert_eq!(trend.then[0], Some(status), "{name}");
    }
}

#[test]
fn outside_a_repository_there_are_no_trend_columns() {
    let dir = tempfile::tempdir().expect("temp dir");
    for name in ["harbor-freightways.ron", "quiet-meadow-trust.ron"] {
        std::fs::copy(format!("{MAPS}/{name}"), dir.path().join(name)).expect("copied");
    }
    let state = tempfile::tempdir().expect("state dir");
    let mut opts = options(dir.path());
    opts.state_dir = Some(state.path().to_path_buf());
    let mut app = App::new(opts).expect("the app opens");
    let s = screen(&app, 160, 48);
    assert!(s.contains("Harbor") && !s.contains("30 d"), "{s}");
    press(&mut app, KeyCode::Char('w'));
    assert!(!screen(&app, 160, 48).contains("got worse first"));
}

#[test]
fn a_map_renamed_since_is_judged_under_the_name_it_had_then() {
    let dir = tempfile::tempdir().expect("temp dir");
    let maps = dir.path().join("maps");
    std::fs::create_dir(&maps).expect("maps folder");
    git(dir.path(), &["init", "-q", "-b", "main"], None).expect("git");
    std::fs::copy(
        format!("{MAPS}/harbor-freightways.ron"),
        maps.join("harbor.ron"),
    )
    .expect("copied");
    git(dir.path(), &["add", "."], None).expect("git");
    let added = "2026-06-01T10:00:00Z";
    git_on(dir.path(), added, &["commit", "-q", "-m", "add harbor"]).expect("git commit");
    // Renamed ten days before the tests' date: 30 and 90 days ago it
    // had its old name.
    git(
        dir.path(),
        &["mv", "maps/harbor.ron", "maps/harbor-freightways.ron"],
        None,
    )
    .expect("git");
    let renamed = "2026-11-13T10:00:00Z";
    git_on(
        dir.path(),
        renamed,
        &["commit", "-q", "-m", "rename harbor"],
    )
    .expect("git commit");
    // And a map added after both days has no trend.
    std::fs::copy(
        format!("{MAPS}/quiet-meadow-trust.ron"),
        maps.join("quiet.ron"),
    )
    .expect("copied");
    git(dir.path(), &["add", "."], None).expect("git");
    git_on(dir.path(), renamed, &["commit", "-q", "-m", "add quiet"]).expect("git commit");
    let paths = vec![maps.join("harbor-freightways.ron"), maps.join("quiet.ron")];
    let request = TrendRequest {
        folder: maps.clone(),
        paths: paths.clone(),
        today: today(),
        thresholds: Default::default(),
        cache_file: None,
    };
    let trends = compute_trends(&request).expect("trends");
    let map = journeymap::storage::load_map(&paths[0]).expect("reads").map;
    let status_on =
        |date| journeymap::analysis::MapSummary::analyse(&map, date, &Default::default()).status;
    assert_eq!(
        trends[0].then,
        [
            Some(status_on(jiff::civil::date(2026, 10, 24))),
            Some(status_on(jiff::civil::date(2026, 8, 25))),
        ],
        "the renamed map's trend"
    );
    assert_eq!(trends[1].then, [None, None], "a map added since has none");
}
