//! The timeline screen (`T` on the board), on repositories written by the
//! history generator with a fixed seed, as of the tests' fixed date: the
//! grid, the curves and the record at 80x24 and 160x48, moving the point,
//! Enter opening the revision read-only, and the cases where there is no
//! history to show (outside a repository, never committed, a shallow
//! clone, a map opened at a revision).

mod common;
mod tui_support;

use std::fs;
use std::path::{Path, PathBuf};

use insta::assert_snapshot;
use journeymap::synth::history::{GeneratedHistory, HistorySpec, git, write_history};
use journeymap::tui::App;
use ratatui::crossterm::event::{KeyCode, KeyModifiers};
use tui_support::*;

struct Repo {
    dir: tempfile::TempDir,
    made: GeneratedHistory,
}

/// A year of a generated portfolio (seed 5), its last commit a few days
/// before the tests' date.
fn repo() -> Repo {
    let dir = tempfile::tempdir().expect("temp dir");
    let made = write_history(dir.path(), &HistorySpec::year(5)).expect("history written");
    Repo { dir, made }
}

impl Repo {
    fn map(&self, i: usize) -> PathBuf {
        self.dir.path().join(&self.made.maps[i])
    }
}

/// The app on one map's board, then its timeline, read.
fn timeline_of(path: &Path) -> App {
    let mut app = App::new(options(path)).expect("the app opens");
    press(&mut app, KeyCode::Char('T'));
    app.wait_loaded();
    app
}

/// The screen with the temporary folder's random name made fixed (same
/// length, so the layout is the same).
fn shown(app: &App, dir: &Path, width: u16, height: u16) -> String {
    let dir = dir.display().to_string();
    let fixed: String = dir
        .chars()
        .enumerate()
        .map(|(i, c)| if i >= "/tmp/.tmp".len() { 'X' } else { c })
        .collect();
    screen(app, width, height).replace(&dir, &fixed)
}

fn run_git(dir: &Path, args: &[&str]) -> String {
    String::from_utf8(git(dir, args, None).expect("git runs")).expect("utf-8")
}

/// The line about the selected point.
fn point_line(s: &str) -> String {
    s.lines()
        .find(|l| l.trim_start().starts_with('▲') && l.contains(" of "))
        .unwrap_or_default()
        .to_string()
}

#[test]
fn the_timeline_at_80x24_and_160x48() {
    let repo = repo();
    // The map edited most (seed 5: 84 commits), so that 80 columns
    // cannot show all of them.
    let path = repo.map(1);
    let mut app = timeline_of(&path);
    assert_eq!(app.top_screen(), Some("Timeline"));
    let s = shown(&app, repo.dir.path(), 80, 24);
    let log = run_git(
        repo.dir.path(),
        &[
            "log",
            "--first-parent",
            "--format=%h %an %cs",
            "--",
            &repo.made.maps[1],
        ],
    );
    let newest = log.lines().next().expect("a commit");
    let count = log.lines().count();
    let mut words = newest.splitn(2, ' ');
    let (id, rest) = (words.next().unwrap_or(""), words.next().unwrap_or(""));
    let (author, date) = rest.rsplit_once(' ').expect("author and date");
    assert!(s.contains(&format!("{count} commits changed it")), "{s}");
    assert!(s.contains("All of it: the map was added in"), "{s}");
    // The newest commit is selected, with its author and date.
    let line = point_line(&s);
    assert!(
        line.contains(&format!("{count} of {count} {id} · {date} · {author}")),
        "{line}\n{s}"
    );
    assert!(
        s.contains(" older"),
        "the oldest points are scrolled off:\n{s}"
    );
    assert!(s.contains(" then ") && s.contains(" now "), "{s}");
    assert!(s.contains("Quarter  on time  late  missed"), "{s}");
    assert_snapshot!("timeline_80x24", s);
    let s = shown(&app, repo.dir.path(), 160, 48);
    assert!(s.contains("kept on time  kept late  missed"), "{s}");
    assert!(s.contains("what changed since the point before"), "{s}");
    assert!(s.contains("● at risk  ◐ watch  ○ ok"), "{s}");
    assert_snapshot!("timeline_160x48", s);
    // Esc goes back to the board.
    press(&mut app, KeyCode::Esc);
    assert_eq!(app.top_screen(), Some("Journey board"));
}

#[test]
fn the_point_moves_and_the_view_follows_it() {
    let repo = repo();
    let mut app = timeline_of(&repo.map(1));
    let s = shown(&app, repo.dir.path(), 80, 24);
    let count: usize = point_line(&s)
        .split(" of ")
        .nth(1)
        .and_then(|rest| rest.split(' ').next())
        .and_then(|n| n.parse().ok())
        .expect("N of M");
    press(&mut app, KeyCode::Left);
    press(&mut app, KeyCode::Char('h'));
    let line = point_line(&shown(&app, repo.dir.path(), 80, 24));
    assert!(
        line.contains(&format!("{} of {count}", count - 2)),
        "{line}"
    );
    press(&mut app, KeyCode::Char('l'));
    let line = point_line(&shown(&app, repo.dir.path(), 80, 24));
    assert!(
        line.contains(&format!("{} of {count}", count - 1)),
        "{line}"
    );
    // Home: the first point, the first commit; the view scrolled to it.
    press(&mut app, KeyCode::Home);
    let s = shown(&app, repo.dir.path(), 80, 24);
    let first = run_git(
        repo.dir.path(),
        &[
            "log",
            "--first-parent",
            "--format=%h",
            "--",
            &repo.made.maps[1],
        ],
    );
    let first = first.lines().last().expect("a commit");
    assert!(
        point_line(&s).contains(&format!("1 of {count} {first}")),
        "{s}"
    );
    assert!(!s.contains(" older") && s.contains(" newer ▸"), "{s}");
    assert_snapshot!("timeline_first_point_80x24", s);
    press(&mut app, KeyCode::End);
    let line = point_line(&shown(&app, repo.dir.path(), 80, 24));
    assert!(line.contains(&format!("{count} of {count}")), "{line}");
}

#[test]
fn enter_opens_that_revision_read_only_and_esc_comes_back() {
    let repo = repo();
    let path = repo.map(0);
    let mut app = timeline_of(&path);
    press(&mut app, KeyCode::Left);
    let s = shown(&app, repo.dir.path(), 80, 24);
    let line = point_line(&s);
    let id = line
        .split_whitespace()
        .nth(4)
        .expect("the short id")
        .to_string();
    press(&mut app, KeyCode::Enter);
    assert_eq!(
        app.screen_names(),
        ["Journey board", "Timeline", "Journey board"]
    );
    let s = screen(&app, 80, 24);
    assert!(s.contains("read-only"), "{s}");
    assert!(s.contains(&format!("Revision {id}")), "{s}");
    assert!(s.contains("Esc timeline"), "{s}");
    // What is open is that revision's file.
    let doc = app.document().expect("a map is open").clone();
    let opened = doc.borrow().path.clone();
    let want = git(
        repo.dir.path(),
        &["show", &format!("{id}:{}", repo.made.maps[0])],
        None,
    )
    .expect("git show");
    assert_eq!(fs::read(&opened).expect("the copy"), want);
    assert!(
        opened
            .to_string_lossy()
            .contains(&format!("journeymap-at-{}.{id}-", std::process::id()))
    );
    // Edits and saves are refused, the app's one way.
    press(&mut app, KeyCode::Char('a'));
    let s = screen(&app, 80, 24);
    assert!(s.contains("read-only: nothing can be changed"), "{s}");
    assert!(!app.has_overlay(), "no form opens:\n{s}");
    app.handle_event(key_event(KeyCode::Char('s'), KeyModifiers::CONTROL));
    assert!(!app.is_dirty());
    assert_eq!(fs::read(&opened).expect("the copy"), want, "nothing saved");
    // T there says where one is.
    press(&mut app, KeyCode::Char('T'));
    let s = screen(&app, 80, 24);
    assert!(
        s.contains(&format!("This is revision {id} of the map, read-only")),
        "{s}"
    );
    // Esc: the timeline, the copy gone; Esc again: the map itself,
    // editable.
    press(&mut app, KeyCode::Esc);
    assert_eq!(app.top_screen(), Some("Timeline"));
    assert!(!opened.exists(), "the revision's copy is removed");
    press(&mut app, KeyCode::Esc);
    assert_eq!(app.screen_names(), ["Journey board"]);
    let doc = app.document().expect("the map is open again").clone();
    assert_eq!(doc.borrow().path, path);
    assert!(!doc.borrow().read_only);
    assert!(!screen(&app, 80, 24).contains("read-only"));
}

#[test]
fn a_revision_is_not_opened_over_unsaved_edits() {
    let repo = repo();
    let mut app = App::new(options(&repo.map(0))).expect("the app opens");
    press(&mut app, KeyCode::Char('>'));
    assert!(app.is_dirty());
    press(&mut app, KeyCode::Char('T'));
    app.wait_loaded();
    press(&mut app, KeyCode::Left);
    press(&mut app, KeyCode::Enter);
    assert_eq!(app.top_screen(), Some("Timeline"));
    let s = screen(&app, 80, 24);
    assert!(s.contains("The map has unsaved edits"), "{s}");
}

#[test]
fn outside_a_repository_the_timeline_says_so() {
    let dir = tempfile::tempdir().expect("temp dir");
    let file = dir.path().join("harbor-freightways.ron");
    fs::copy(HARBOR, &file).expect("copied");
    let app = timeline_of(&file);
    let s = shown(&app, dir.path(), 80, 24);
    assert!(s.contains("not in a git repository"), "{s}");
    assert!(s.contains("Esc goes back to the board"), "{s}");
    assert_snapshot!("timeline_not_a_repository_80x24", s);
}

#[test]
fn a_map_never_committed_has_only_its_file_on_disk() {
    let repo = repo();
    let new = repo.dir.path().join("maps/new-client.ron");
    fs::copy(repo.map(0), &new).expect("copied");
    let mut app = timeline_of(&new);
    let s = shown(&app, repo.dir.path(), 80, 24);
    assert!(s.contains("The map has never been committed"), "{s}");
    assert!(s.contains("0 commits changed it"), "{s}");
    assert!(point_line(&s).contains("1 of 1 now, uncommitted"), "{s}");
    press(&mut app, KeyCode::Enter);
    let s = screen(&app, 80, 24);
    assert_eq!(app.top_screen(), Some("Timeline"));
    assert!(s.contains("not committed"), "{s}");
}

#[test]
fn a_shallow_clone_says_how_far_back_it_sees() {
    let repo = repo();
    let clone = tempfile::tempdir().expect("temp dir");
    let url = format!("file://{}", repo.dir.path().display());
    git(
        clone.path(),
        &["clone", "-q", "--depth", "20", &url, "c"],
        None,
    )
    .expect("git clone");
    let app = timeline_of(&clone.path().join("c").join(&repo.made.maps[1]));
    let s = shown(&app, clone.path(), 80, 24);
    assert!(s.contains("This is a shallow clone"), "{s}");
}

#[test]
fn a_map_opened_at_a_revision_has_no_timeline_of_its_own() {
    let repo = repo();
    let at = journeymap::git::materialise("HEAD~5", &repo.map(0)).expect("materialised");
    // As `journeymap --at` opens it.
    let mut opts = options(&at.path);
    opts.read_only = true;
    let mut app = App::new(opts).expect("the app opens");
    app.set_revision(&at.short);
    press(&mut app, KeyCode::Char('T'));
    assert_eq!(app.top_screen(), Some("Journey board"));
    let s = screen(&app, 100, 24);
    assert!(s.contains("it has no timeline"), "{s}");
    assert!(s.contains("(--at)"), "{s}");
}

#[test]
fn the_key_elsewhere_says_where_it_works() {
    let mut app = open_app(MAPS);
    press(&mut app, KeyCode::Char('T'));
    assert_eq!(app.top_screen(), Some("Portfolio"));
    let s = screen(&app, 80, 24);
    assert!(s.contains("T opens a map's timeline from its board"), "{s}");
}

#[test]
fn through_the_binary_t_and_enter_open_a_revision_and_at_has_no_timeline() {
    let repo = repo();
    let map = repo.map(0);
    let before = fs::read(&map).expect("read");
    // The map itself: T, the point before the newest, Enter.
    let mut cmd = common::pty::app_command(&format!(
        "'{}' --today 2026-11-23 --no-color",
        map.display()
    ));
    cmd.current_dir(repo.dir.path());
    let mut p = rexpect::session::spawn_command(cmd, Some(20_000)).expect("spawn in a pty");
    // The backend sends only changed cells: match single words.
    p.exp_string("findings").expect("the board");
    p.send("T").expect("send");
    p.flush().expect("flush");
    p.exp_string("Quarter").expect("the timeline, read");
    p.send("h").expect("send");
    p.send("\r").expect("send Enter");
    p.flush().expect("flush");
    p.exp_string("Revision").expect("the revision opens");
    p.send("a").expect("send");
    p.flush().expect("flush");
    p.exp_string("nothing").expect("an edit is refused");
    p.send("q").expect("send");
    p.flush().expect("flush");
    p.exp_eof().expect("the app exits");
    assert_eq!(
        fs::read(&map).expect("read"),
        before,
        "the map is untouched"
    );
    // `--at`: T says there is no timeline of a revision's copy.
    let mut cmd = common::pty::app_command(&format!(
        "--at HEAD~3 '{}' --today 2026-11-23 --no-color",
        map.display()
    ));
    cmd.current_dir(repo.dir.path());
    let mut p = rexpect::session::spawn_command(cmd, Some(20_000)).expect("spawn in a pty");
    p.exp_string("read-only").expect("the board, read-only");
    p.send("T").expect("send");
    p.flush().expect("flush");
    p.exp_string("it has no timeline").expect("T says why not");
    p.send("q").expect("send");
    p.flush().expect("flush");
    p.exp_eof().expect("the app exits");
}
