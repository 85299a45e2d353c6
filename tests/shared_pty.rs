//! The real binary in a pseudo-terminal: two processes on one map (lock,
//! live reload), a process killed with SIGKILL and its edits recovered by
//! the next one, and a review note written from review mode.
//!
//! ratatui redraws only the cells that changed and moves the cursor over
//! blank ones, so the output stream is fed into a small screen model
//! (`Screen`: cursor moves, clears, UTF-8 text) and phrases are looked
//! for on that screen.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use journeymap::storage::recovery::Recovery;
use journeymap::storage::{SaveGuard, content_hash, load_map, lock, lock_state, save_map};
use rexpect::process::Signal;
use rexpect::session::{PtySession, spawn_command};

struct Setup {
    _dir: tempfile::TempDir,
    home: PathBuf,
    state: PathBuf,
    map: PathBuf,
}

fn setup() -> Setup {
    let dir = tempfile::tempdir().unwrap();
    let home = dir.path().join("home");
    let state = dir.path().join("state");
    let maps = dir.path().join("maps");
    fs::create_dir_all(&home).unwrap();
    fs::create_dir_all(&maps).unwrap();
    let map = maps.join("harbor.ron");
    let sample = Path::new(env!("CARGO_MANIFEST_DIR")).join("maps/harbor-freightways.ron");
    fs::copy(sample, &map).unwrap();
    Setup {
        _dir: dir,
        home,
        state,
        map,
    }
}

/// Starts journeymap in an 80x24 pseudo-terminal.
fn spawn(s: &Setup, user: &str, args: &str) -> Term {
    let mut cmd = Command::new("sh");
    cmd.arg("-c").arg(format!(
        "stty rows 24 cols 80; exec '{}' {args} --today 2026-11-23 --no-color",
        env!("CARGO_BIN_EXE_journeymap")
    ));
    cmd.env("JOURNEYMAP_STATE_DIR", &s.state)
        .env("HOME", &s.home)
        .env("XDG_CONFIG_HOME", s.home.join(".config"))
        .env("USER", user)
        .env("TERM", "xterm")
        .env_remove("NO_COLOR");
    let p = spawn_command(cmd, Some(10_000)).expect("journeymap starts in a pty");
    Term {
        p,
        screen: Screen::new(),
    }
}

fn wait_for(what: &str, check: impl Fn() -> bool) {
    let start = Instant::now();
    while !check() {
        assert!(
            start.elapsed() < Duration::from_secs(10),
            "timed out waiting for {what}"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
}

fn recovery_files(state: &Path) -> Vec<PathBuf> {
    // Only finished recovery copies: a copy being written at this moment
    // is a hidden `.name.XXXX.tmp` file of the atomic save, not one yet.
    let finished = |p: &PathBuf| {
        p.extension().is_some_and(|e| e == "ron")
            && !p
                .file_name()
                .is_some_and(|n| n.to_string_lossy().starts_with('.'))
    };
    match fs::read_dir(state.join("recovery")) {
        Ok(entries) => entries
            .map(|e| e.unwrap().path())
            .filter(finished)
            .collect(),
        Err(_) => Vec::new(),
    }
}

/// The terminal as the user would see it: enough of a VT100 for what
/// crossterm writes (cursor positioning, clears, colours ignored).
struct Screen {
    rows: Vec<Vec<char>>,
    row: usize,
    col: usize,
    /// UTF-8 bytes of a character not complete yet.
    pending: Vec<u8>,
    /// An escape sequence being read.
    escape: Option<String>,
}

impl Screen {
    const W: usize = 80;
    const H: usize = 24;

    fn new() -> Self {
        Screen {
            rows: vec![vec![' '; Self::W]; Self::H],
            row: 0,
            col: 0,
            pending: Vec::new(),
            escape: None,
        }
    }

    /// Feeds one byte of output (rexpect hands bytes over as chars).
    fn feed(&mut self, byte: u8) {
        if let Some(seq) = &mut self.escape {
            seq.push(byte as char);
            let done = match seq.len() {
                1 => seq != "[",
                _ => (0x40..=0x7e).contains(&byte),
            };
            if done {
                let seq = self.escape.take().unwrap_or_default();
                self.control(&seq);
            }
            return;
        }
        match byte {
            0x1b => self.escape = Some(String::new()),
            b'\r' => self.col = 0,
            b'\n' => self.row = (self.row + 1).min(Self::H - 1),
            _ => {
                self.pending.push(byte);
                match std::str::from_utf8(&self.pending) {
                    Ok(text) => {
                        let c = text.chars().next().unwrap_or(' ');
                        self.pending.clear();
                        self.put(c);
                    }
                    Err(e) if e.error_len().is_some() => self.pending.clear(),
                    Err(_) => {}
                }
            }
        }
    }

    fn put(&mut self, c: char) {
        if self.col < Self::W && self.row < Self::H {
            self.rows[self.row][self.col] = c;
        }
        self.col += 1;
    }

    fn control(&mut self, seq: &str) {
        let Some(body) = seq.strip_prefix('[') else {
            return;
        };
        let (params, last) = body.split_at(body.len().saturating_sub(1));
        let nums: Vec<usize> = params.split(';').filter_map(|n| n.parse().ok()).collect();
        match last {
            "H" | "f" => {
                self.row = nums
                    .first()
                    .copied()
                    .unwrap_or(1)
                    .saturating_sub(1)
                    .min(Self::H - 1);
                self.col = nums.get(1).copied().unwrap_or(1).saturating_sub(1);
            }
            "J" => self.rows = vec![vec![' '; Self::W]; Self::H],
            "K" if self.row < Self::H => {
                for c in self.col.min(Self::W)..Self::W {
                    self.rows[self.row][c] = ' ';
                }
            }
            _ => {}
        }
    }

    fn text(&self) -> String {
        self.rows
            .iter()
            .map(|r| r.iter().collect::<String>())
            .collect::<Vec<_>>()
            .join("\n")
    }
}

/// A journeymap process in a pseudo-terminal and its screen.
struct Term {
    p: PtySession,
    screen: Screen,
}

impl Term {
    fn pump(&mut self) {
        while let Some(c) = self.p.try_read() {
            self.screen.feed(c as u32 as u8);
        }
    }

    /// Waits until `phrase` is on the screen.
    fn see(&mut self, phrase: &str) {
        let start = Instant::now();
        loop {
            self.pump();
            if self.screen.text().contains(phrase) {
                return;
            }
            if start.elapsed() > Duration::from_secs(10) {
                panic!("\"{phrase}\" not on the screen:\n{}", self.screen.text());
            }
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    fn keys(&mut self, text: &str) {
        self.p.send(text).unwrap();
        self.p.flush().unwrap();
    }

    fn ctrl(&mut self, c: char) {
        self.p.send_control(c).unwrap();
    }

    /// Quits with `q` and waits for the process to end.
    fn quit(mut self) {
        self.keys("q");
        self.p.exp_eof().unwrap();
    }
}

/// Waits until the process that wrote the recovery files is gone (the
/// kernel may take a moment to tear a killed process down).
fn wait_until_gone(state: &Path) {
    for file in recovery_files(state) {
        let pid: u32 = file
            .file_stem()
            .and_then(|s| s.to_string_lossy().rsplit('.').next().map(str::to_string))
            .and_then(|p| p.parse().ok())
            .expect("recovery file names end with the pid");
        wait_for("the killed process to be gone", || {
            !lock::process_alive(pid)
        });
    }
}

fn quote(path: &Path) -> String {
    format!("'{}'", path.display())
}

#[test]
fn a_second_process_is_told_who_edits_and_the_lock_goes_with_the_first() {
    let s = setup();
    let mut first = spawn(&s, "dana", &quote(&s.map));
    first.see("Harbor Freightways");
    wait_for("the lock", || lock::lock_path(&s.map).exists());

    let mut second = spawn(&s, "sam", &quote(&s.map));
    second.see("Someone else is editing this map");
    second.see("also being edited by dana on");
    second.keys("r");
    second.see("Opened read-only");
    second.quit();
    assert!(
        lock::lock_path(&s.map).exists(),
        "sam's exit leaves dana's lock"
    );

    first.quit();
    assert!(!lock::lock_path(&s.map).exists(), "dana's exit removes it");
}

#[test]
fn a_teammates_save_reloads_a_clean_view() {
    let s = setup();
    let mut p = spawn(&s, "dana", &quote(&s.map));
    p.see("Harbor Freightways");
    // Give the watcher a moment to be in place, then a teammate saves.
    std::thread::sleep(Duration::from_millis(300));
    let mut theirs = load_map(&s.map).unwrap().map;
    theirs.client.name = "Harbor Freight Lines".into();
    save_map(&s.map, &theirs, SaveGuard::Force).unwrap();
    p.see("changed on disk: reloaded");
    p.see("Harbor Freight Lines");
    p.quit();
}

/// A recovery file as a process that died would have left it: the edited
/// map, written by this test, then attributed to a pid that is gone.
fn seed_recovery(s: &Setup) -> journeymap::model::Map {
    let loaded = load_map(&s.map).unwrap();
    let mut edited = loaded.map.clone();
    edited.stages[0].name = "Rapport, recovered".into();
    let recovery = Recovery::new(s.state.join("recovery"));
    recovery.write(&s.map, Some(loaded.hash), &edited).unwrap();
    let mut child = Command::new("true").spawn().unwrap();
    let dead = child.id();
    child.wait().unwrap();
    let mine = recovery.file_for(&s.map);
    let me = std::process::id().to_string();
    let text = fs::read_to_string(&mine)
        .unwrap()
        .replace(&format!("pid: {me}"), &format!("pid: {dead}"));
    let name = mine
        .file_name()
        .unwrap()
        .to_string_lossy()
        .replace(&me, &dead.to_string());
    fs::write(mine.with_file_name(name), text).unwrap();
    fs::remove_file(mine).unwrap();
    edited
}

#[test]
fn edits_of_a_process_killed_with_sigkill_are_recovered_by_the_next() {
    let s = setup();
    let original = fs::read(&s.map).unwrap();
    let edited = seed_recovery(&s);
    let seeded = recovery_files(&s.state);
    assert_eq!(seeded.len(), 1);

    // The first process restores the edits: they are unsaved in it, and
    // it copies them to its own recovery file within about a second.
    let mut first = spawn(&s, "dana", &quote(&s.map));
    first.see("Recovered edits");
    first.see("renamed from");
    first.keys("r");
    first.see("Recovered edits restored");
    wait_for("the first process's own recovery file", || {
        let files = recovery_files(&s.state);
        files.len() == 1 && files != seeded
    });
    first.p.process_mut().signal(Signal::SIGKILL).unwrap();
    let _ = first.p.process_mut().wait();
    wait_until_gone(&s.state);
    assert_eq!(fs::read(&s.map).unwrap(), original, "nothing was saved");
    assert!(
        lock::lock_path(&s.map).exists(),
        "a killed process leaves its lock"
    );

    // The next process ignores the stale lock and offers the edits again.
    let mut second = spawn(&s, "dana", &quote(&s.map));
    second.see("Recovered edits");
    second.see("renamed from");
    second.keys("r");
    second.see("Recovered edits restored");
    second.ctrl('s');
    second.see("Saved /");
    second.see("harbor.ron");
    second.quit();

    let saved = load_map(&s.map).unwrap();
    assert_eq!(saved.map, edited);
    assert_ne!(saved.hash, content_hash(&original));
    assert_eq!(recovery_files(&s.state), Vec::<PathBuf>::new());
    assert!(!lock::lock_path(&s.map).exists());
}

#[test]
fn discarding_recovered_edits_changes_nothing_and_they_are_gone() {
    let s = setup();
    let original = fs::read(&s.map).unwrap();
    seed_recovery(&s);
    let mut p = spawn(&s, "dana", &quote(&s.map));
    p.see("Recovered edits");
    p.keys("d");
    p.see("Recovered edits discarded");
    p.quit();
    assert_eq!(fs::read(&s.map).unwrap(), original);
    assert_eq!(recovery_files(&s.state), Vec::<PathBuf>::new());
}

#[test]
fn review_mode_writes_a_note_signed_with_as() {
    let s = setup();
    let before = load_map(&s.map).unwrap().map;
    let mut p = spawn(&s, "dana", &format!("review {} --as Lena", quote(&s.map)));
    p.see("REVIEW");
    p.keys("c");
    p.see("Note by Lena on 2026-11-23");
    p.keys("Escalate the dispute\r");
    p.see("Note saved to harbor.ron");
    p.quit();
    let after = load_map(&s.map).unwrap().map;
    assert_eq!(after.reviews.len(), before.reviews.len() + 1);
    let note = after.reviews.last().unwrap();
    assert_eq!(
        (note.by.as_str(), note.note.as_str()),
        ("Lena", "Escalate the dispute")
    );
    assert_eq!(note.date, jiff::civil::date(2026, 11, 23));
    assert!(
        !lock::lock_path(&s.map).exists(),
        "review mode takes no lock"
    );
}

#[test]
fn edits_typed_into_a_process_killed_with_sigkill_come_back() {
    let s = setup();
    let original = fs::read(&s.map).unwrap();
    let mut first = spawn(&s, "dana", &quote(&s.map));
    first.see("Harbor Freightways");
    // Edit the first stage's name through the form (Name comes first).
    first.keys("e");
    first.see("Edit stage");
    first.keys(" (typed)");
    // Enter moves to the next field; on the last one it applies the form.
    first.keys("\r\r\r");
    first.see("● unsaved");
    wait_for("a recovery file of the typed edit", || {
        recovery_files(&s.state)
            .iter()
            .any(|f| fs::read_to_string(f).is_ok_and(|t| t.contains("(typed)")))
    });
    first.p.process_mut().signal(Signal::SIGKILL).unwrap();
    let _ = first.p.process_mut().wait();
    assert_eq!(fs::read(&s.map).unwrap(), original, "nothing was saved");
    wait_until_gone(&s.state);

    let mut second = spawn(&s, "dana", &quote(&s.map));
    second.see("Recovered edits");
    second.see("(typed)");
    second.keys("r");
    second.see("Recovered edits restored");
    second.ctrl('s');
    second.see("Saved /");
    second.quit();
    let saved = load_map(&s.map).unwrap().map;
    assert!(
        saved.stages[0].name.ends_with(" (typed)"),
        "{}",
        saved.stages[0].name
    );
    assert_eq!(recovery_files(&s.state), Vec::<PathBuf>::new());
}

/// A process told to end (SIGTERM from `kill`, SIGHUP from a closed
/// terminal) cannot ask about unsaved edits: it keeps them, the newest
/// included, restores the terminal, releases the lock and says so.
#[test]
fn a_terminated_process_restores_the_terminal_and_keeps_its_edits() {
    for (signal, code, name) in [
        (Signal::SIGTERM, 143, "SIGTERM"),
        (Signal::SIGHUP, 129, "SIGHUP"),
    ] {
        let s = setup();
        let original = fs::read(&s.map).unwrap();
        let mut first = spawn(&s, "dana", &quote(&s.map));
        first.see("Harbor Freightways");
        // A first edit reaches the recovery folder on the next tick...
        first.keys("J");
        first.see("● unsaved");
        wait_for("a recovery copy of the first edit", || {
            !recovery_files(&s.state).is_empty()
        });
        // ...the second is sent at once and signalled before a second
        // has passed: only the final copy can hold it.
        first.keys("e");
        first.see("Edit stage");
        first.keys(" (last)\r\r\r");
        // The status line names the edit once it is applied.
        first.see("Edit stage \"Executive kickoff (last)\"");
        first.p.process_mut().signal(signal).unwrap();
        let rest = first.p.exp_eof().unwrap();
        assert!(
            rest.contains("\u{1b}[?1049l"),
            "{name}: the alternate screen is left: {rest:?}"
        );
        assert!(rest.contains(&format!("stopped by {name}")), "{rest:?}");
        assert!(rest.contains("unsaved edits are kept"), "{rest:?}");
        match first.p.process_mut().wait().unwrap() {
            rexpect::process::WaitStatus::Exited(_, status) => assert_eq!(status, code),
            other => panic!("{name}: ended with {other:?}"),
        }
        assert_eq!(fs::read(&s.map).unwrap(), original, "nothing was saved");
        assert!(
            !lock::lock_path(&s.map).exists(),
            "{name}: the lock is released"
        );
        let copies = recovery_files(&s.state);
        assert_eq!(copies.len(), 1);
        assert!(fs::read_to_string(&copies[0]).unwrap().contains("(last)"));

        let mut second = spawn(&s, "dana", &quote(&s.map));
        second.see("Recovered edits");
        second.keys("d");
        second.see("Recovered edits discarded");
        second.quit();
    }
}

fn make_fifo(path: &Path) {
    let status = Command::new("mkfifo").arg(path).status().unwrap();
    assert!(status.success(), "mkfifo {}", path.display());
}

#[test]
fn a_fifo_as_the_lock_file_is_told_and_the_map_opens() {
    let s = setup();
    make_fifo(&lock::lock_path(&s.map));
    let mut p = spawn(&s, "dana", &quote(&s.map));
    p.see("Harbor Freightways");
    p.see(".harbor.ron.lock: not a regular file (a FIFO); not read");
    p.quit();
}

#[test]
fn a_fifo_in_the_maps_folder_is_listed_as_unreadable_and_q_quits() {
    let s = setup();
    let maps = s.map.parent().unwrap().to_path_buf();
    make_fifo(&maps.join("x.ron"));
    let mut p = spawn(&s, "dana", &format!("--dir {}", quote(&maps)));
    p.see("Harbor Freightways");
    p.see("not a regular file");
    p.quit();
}

/// `journeymap log` from a shell next to a running app.
fn log_from_shell(s: &Setup, summary: &str) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_journeymap"))
        .args(["log"])
        .arg(&s.map)
        .args(["--stage", "billing-portal", "feedback", "--method", "call"])
        .arg(summary)
        .args(["--today", "2026-11-23"])
        .env("JOURNEYMAP_STATE_DIR", &s.state)
        .env("HOME", &s.home)
        .env("XDG_CONFIG_HOME", s.home.join(".config"))
        .env("USER", "sam")
        .output()
        .expect("journeymap log runs")
}

#[test]
fn log_from_the_shell_writes_under_a_clean_editor_and_waits_for_unsaved_edits() {
    let s = setup();
    let stage = load_map(&s.map).unwrap().map.stage_index("billing-portal");
    assert!(
        stage.is_some(),
        "the sample has the stage this test logs on"
    );
    // Dana has the map open for editing, nothing unsaved, on the stage
    // the shell logs on: the shell writes, the app reloads and shows it.
    let mut p = spawn(&s, "dana", &quote(&s.map));
    p.see("Harbor Freightways");
    wait_for("the app's lock and its word", || {
        lock_state::state_path(&lock::lock_path(&s.map)).exists()
    });
    p.keys("4\r");
    p.see("stage 4 of 7");
    std::thread::sleep(Duration::from_millis(300));
    let out = log_from_shell(&s, "Portal works now");
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    let said = String::from_utf8_lossy(&out.stdout);
    assert!(
        said.contains("is open in the journeymap of dana on"),
        "{said}"
    );
    assert!(said.contains("it reloads the change"), "{said}");
    p.see("changed on disk: reloaded");
    p.see("stage 4 of 7");
    // Found with the search in the map, as logged.
    p.keys("/Portal works\r");
    p.see("Portal works now · call · today · sam");
    // An unsaved edit (the stage moved one place on): the shell leaves it
    // alone.
    // Esc ends the search, then goes back to the board.
    p.keys("\x1b");
    p.see("Search ended");
    p.keys("\x1b");
    p.see("Enter open stage");
    p.keys("J");
    p.see("● unsaved");
    let before = fs::read(&s.map).unwrap();
    let out = log_from_shell(&s, "Not behind Dana's back");
    assert_eq!(out.status.code(), Some(1), "{out:?}");
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("has unsaved edits in the journeymap of dana on"),
        "{err}"
    );
    assert!(err.contains("Save them there and run this again"), "{err}");
    assert_eq!(fs::read(&s.map).unwrap(), before);
    // Saved: the shell may write again.
    p.ctrl('s');
    p.see("Saved /");
    let out = log_from_shell(&s, "Second entry");
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    p.see("changed on disk: reloaded");
    p.quit();
    assert!(!lock::lock_path(&s.map).exists());
    assert!(!lock_state::state_path(&lock::lock_path(&s.map)).exists());
    let map = load_map(&s.map).unwrap().map;
    let stage = map.stage_index("billing-portal").unwrap_or(0);
    let summaries: Vec<&str> = map.stages[stage]
        .feedback
        .iter()
        .map(|f| f.summary.as_str())
        .collect();
    assert!(summaries.contains(&"Portal works now"), "{summaries:?}");
    assert!(summaries.contains(&"Second entry"), "{summaries:?}");
    assert!(!summaries.contains(&"Not behind Dana's back"));
}

#[test]
fn log_from_the_shell_waits_for_an_editor_of_an_older_kind_and_a_viewer_reloads() {
    let s = setup();
    let stage = load_map(&s.map).unwrap().map.stage_index("billing-portal");
    // An editor that does not say whether it has unsaved edits (an older
    // journeymap writes no state): the shell leaves the map alone.
    let mut p = spawn(&s, "dana", &quote(&s.map));
    p.see("Harbor Freightways");
    let state = lock_state::state_path(&lock::lock_path(&s.map));
    wait_for("the app's word", || state.exists());
    fs::remove_file(&state).unwrap();
    let before = fs::read(&s.map).unwrap();
    let out = log_from_shell(&s, "Portal works now");
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("is open for editing by dana on"), "{err}");
    assert_eq!(fs::read(&s.map).unwrap(), before);
    p.quit();
    // Sam views it read-only: the shell writes, the view reloads.
    let mut p = spawn(&s, "sam", &format!("--read-only {}", quote(&s.map)));
    p.see("Harbor Freightways");
    std::thread::sleep(Duration::from_millis(300));
    let out = log_from_shell(&s, "Portal works now");
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    p.see("changed on disk: reloaded");
    p.quit();
    let map = load_map(&s.map).unwrap().map;
    let fb = map.stages[stage.unwrap_or(0)]
        .feedback
        .last()
        .cloned()
        .unwrap();
    assert_eq!(
        (fb.summary.as_str(), fb.by.as_str()),
        ("Portal works now", "sam")
    );
}
