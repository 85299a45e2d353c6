//! Maps in a git repository (issue 14, items 1 and 5): `journeymap git
//! setup`, the textconv that makes `git diff` and `git log -p` read as
//! facts, `journeymap diff`, and the hint when a clone lacks the setup.
//! Every test runs real git in a temporary repository, with fixed
//! identities and dates and its own HOME, so the user's git config plays
//! no part.

use std::fs;
use std::path::PathBuf;
use std::process::Output;

use assert_cmd::Command;
use jiff::civil::Date;
use journeymap::model::{Commitment, Feedback, Map, Method, Stage, parse_date};
use journeymap::storage::to_canonical;
use tempfile::TempDir;

const TODAY: &str = "2026-11-23";

fn d(text: &str) -> Date {
    parse_date(text).expect("test date")
}

/// A git repository in a temp folder, with a home of its own.
struct Repo {
    dir: TempDir,
}

impl Repo {
    fn new() -> Repo {
        let repo = Repo {
            dir: tempfile::tempdir().expect("temp dir"),
        };
        fs::create_dir_all(repo.home()).expect("home");
        fs::create_dir_all(repo.work()).expect("work tree");
        repo.git(&["init", "-q", "-b", "main"]);
        repo
    }

    fn home(&self) -> PathBuf {
        self.dir.path().join("home")
    }

    fn work(&self) -> PathBuf {
        self.dir.path().join("work")
    }

    fn env(&self, cmd: &mut std::process::Command) {
        cmd.current_dir(self.work())
            .env("HOME", self.home())
            .env("XDG_CONFIG_HOME", self.home().join(".config"))
            .env_remove("GIT_CONFIG_GLOBAL")
            .env("GIT_CONFIG_NOSYSTEM", "1")
            .env("GIT_AUTHOR_NAME", "Dana Ruiz")
            .env("GIT_AUTHOR_EMAIL", "dana@example.invalid")
            .env("GIT_COMMITTER_NAME", "Dana Ruiz")
            .env("GIT_COMMITTER_EMAIL", "dana@example.invalid")
            .env("GIT_AUTHOR_DATE", "2026-11-20T10:00:00Z")
            .env("GIT_COMMITTER_DATE", "2026-11-20T10:00:00Z")
            .env("GIT_PAGER", "cat")
            .env("NO_COLOR", "1");
    }

    /// Runs git; panics with its output when it fails.
    fn git(&self, args: &[&str]) -> String {
        let out = self.git_output(args);
        assert!(
            out.status.success(),
            "git {args:?} failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8_lossy(&out.stdout).into_owned()
    }

    fn git_output(&self, args: &[&str]) -> Output {
        let mut cmd = std::process::Command::new("git");
        self.env(&mut cmd);
        cmd.args(args).output().expect("git runs")
    }

    /// The journeymap binary, run in the work tree.
    fn jm(&self) -> Command {
        let mut cmd = std::process::Command::new(assert_cmd::cargo::cargo_bin!("journeymap"));
        self.env(&mut cmd);
        Command::from_std(cmd)
    }

    fn write(&self, name: &str, text: &str) -> PathBuf {
        let path = self.work().join(name);
        fs::write(&path, text).expect("write");
        path
    }

    fn write_map(&self, name: &str, map: &Map) -> PathBuf {
        self.write(name, &to_canonical(map).expect("canonical"))
    }

    fn commit_all(&self, message: &str) {
        self.git(&["add", "-A"]);
        self.git(&["commit", "-q", "-m", message]);
    }

    fn commits(&self) -> usize {
        self.git(&["rev-list", "--count", "HEAD"])
            .trim()
            .parse()
            .expect("a count")
    }
}

fn stdout(out: &Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// A small map of the kind the issue tells of.
fn northwind() -> Map {
    let mut map = Map::new("Northwind Health", "Dana Ruiz");
    let mut discovery = Stage::new("discovery", "Discovery");
    discovery.feedback.push(Feedback {
        date: d("2026-10-12"),
        method: Method::Meeting,
        score: Some(4),
        by: "Dana Ruiz".into(),
        summary: "Keen on rostering".into(),
        holding_back: false,
    });
    let mut closing = Stage::new("closing", "Closing");
    closing.commitments.push(Commitment::new(
        "Send the revised quote",
        "Lena Okafor",
        d("2026-11-20"),
    ));
    map.stages = vec![discovery, closing];
    map
}

/// `northwind` a week later: the quote sent, a call logged.
fn northwind_later() -> Map {
    let mut map = northwind();
    map.stages[1].commitments[0].done = Some(d("2026-11-20"));
    map.stages[0].feedback.push(Feedback {
        date: d("2026-11-02"),
        method: Method::Call,
        score: None,
        by: "Lena Okafor".into(),
        summary: "Wants net 60".into(),
        holding_back: false,
    });
    map
}

#[test]
fn setup_commits_only_the_attributes_then_changes_nothing() {
    let repo = Repo::new();
    repo.write_map("northwind.ron", &northwind());
    repo.commit_all("first map");
    // Something of the user's, staged: it must stay staged, uncommitted.
    repo.write("notes.txt", "half done\n");
    repo.git(&["add", "notes.txt"]);

    let out = repo
        .jm()
        .args(["git", "setup", "--check"])
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(1), "{}", stdout(&out));
    let said = stdout(&out);
    for missing in [
        ".gitattributes: missing",
        "merge.journeymap.name: missing",
        "merge.journeymap.driver: missing",
        "diff.journeymap.textconv: missing",
    ] {
        assert!(said.contains(missing), "{missing} in:\n{said}");
    }

    let out = repo.jm().args(["git", "setup"]).output().expect("runs");
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}{}",
        stdout(&out),
        stderr(&out)
    );
    assert!(
        stdout(&out).contains("committed that file alone"),
        "{}",
        stdout(&out)
    );
    assert_eq!(repo.commits(), 2);
    assert_eq!(
        repo.git(&["show", "--name-only", "--format=%s", "HEAD"]),
        "Merge and diff journey maps with journeymap\n\n.gitattributes\n"
    );
    assert_eq!(
        repo.git(&["show", "HEAD:.gitattributes"]),
        "*.ron merge=journeymap diff=journeymap\n"
    );
    assert_eq!(
        repo.git(&["diff", "--cached", "--name-only"]),
        "notes.txt\n"
    );
    let driver = repo.git(&["config", "--local", "merge.journeymap.driver"]);
    assert!(
        driver.ends_with("journeymap merge-driver %O %A %B %L %P\n"),
        "{driver}"
    );
    let textconv = repo.git(&["config", "--local", "diff.journeymap.textconv"]);
    assert!(textconv.ends_with("journeymap textconv\n"), "{textconv}");
    assert!(
        !repo
            .git(&["config", "--local", "merge.journeymap.name"])
            .is_empty()
    );

    // Again: nothing to do, no new commit.
    let out = repo.jm().args(["git", "setup"]).output().expect("runs");
    assert_eq!(out.status.code(), Some(0));
    assert!(stdout(&out).contains("nothing changed"), "{}", stdout(&out));
    assert_eq!(repo.commits(), 2);
    let out = repo
        .jm()
        .args(["git", "setup", "--check"])
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(0), "{}", stdout(&out));
}

#[test]
fn setup_in_a_subfolder_uses_the_top_of_the_repository() {
    let repo = Repo::new();
    fs::create_dir(repo.work().join("maps")).expect("maps");
    repo.write_map("maps/northwind.ron", &northwind());
    repo.commit_all("first map");
    let out = repo
        .jm()
        .current_dir(repo.work().join("maps"))
        .args(["git", "setup"])
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(repo.work().join(".gitattributes").is_file());
    assert!(!repo.work().join("maps/.gitattributes").exists());
}

#[test]
fn setup_in_a_repository_without_commits() {
    let repo = Repo::new();
    let out = repo.jm().args(["git", "setup"]).output().expect("runs");
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(repo.commits(), 1);
}

#[test]
fn setup_leaves_the_users_own_attribute_changes_for_them_to_commit() {
    let repo = Repo::new();
    repo.write(".gitattributes", "*.png binary\n");
    repo.commit_all("attributes");
    repo.write(".gitattributes", "*.png binary\n*.pdf binary\n");
    let out = repo.jm().args(["git", "setup"]).output().expect("runs");
    assert_eq!(out.status.code(), Some(1), "{}", stdout(&out));
    assert!(stdout(&out).contains("not committed"), "{}", stdout(&out));
    assert_eq!(repo.commits(), 1);
    assert_eq!(
        fs::read_to_string(repo.work().join(".gitattributes")).expect("read"),
        "*.png binary\n*.pdf binary\n*.ron merge=journeymap diff=journeymap\n"
    );
    // The config part is done all the same.
    assert!(!repo.git(&["config", "merge.journeymap.driver"]).is_empty());
}

#[test]
fn setup_global_sets_the_users_config_not_the_repositorys() {
    let repo = Repo::new();
    let out = repo
        .jm()
        .args(["git", "setup", "--global"])
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let global = fs::read_to_string(repo.home().join(".gitconfig")).expect("global config");
    assert!(global.contains("[merge \"journeymap\"]"), "{global}");
    assert!(global.contains("textconv = "), "{global}");
    assert!(
        repo.git_output(&["config", "--local", "merge.journeymap.driver"])
            .stdout
            .is_empty()
    );
    let out = repo
        .jm()
        .args(["git", "setup", "--global", "--check"])
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(0), "{}", stdout(&out));
}

#[test]
fn setup_outside_a_work_tree_is_an_error() {
    let repo = Repo::new();
    let outside = repo.dir.path().join("elsewhere");
    fs::create_dir(&outside).expect("dir");
    let out = repo
        .jm()
        .current_dir(&outside)
        .env("GIT_CEILING_DIRECTORIES", repo.dir.path())
        .args(["git", "setup"])
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("not in a git work tree"),
        "{}",
        stderr(&out)
    );
}

/// A repository set up for readable diffs, with two versions of a map.
fn history() -> Repo {
    let repo = Repo::new();
    repo.jm().args(["git", "setup"]).assert().success();
    repo.write_map("northwind.ron", &northwind());
    repo.commit_all("first map");
    repo.write_map("northwind.ron", &northwind_later());
    repo.commit_all("quote sent, call logged");
    repo
}

#[test]
fn git_log_and_git_diff_read_as_facts() {
    let repo = history();
    let log = repo.git(&[
        "log",
        "-p",
        "--format=commit %s",
        "-1",
        "--",
        "northwind.ron",
    ]);
    let wanted = [
        "-Closing · commitment \"Send the revised quote\" (Lena Okafor): open",
        "+Closing · commitment \"Send the revised quote\" (Lena Okafor): kept 2026-11-20",
        "+Discovery · feedback 2026-11-02 (Call, Lena Okafor): \"Wants net 60\"",
        "+Discovery · feedback 2026-11-02 (Call, Lena Okafor): no score",
    ];
    for line in wanted {
        assert!(log.lines().any(|l| l == line), "{line} in:\n{log}");
    }
    // No RON in sight.
    assert!(!log.contains("done: "), "{log}");
    let diff = repo.git(&["diff", "HEAD~1", "HEAD"]);
    assert!(diff.contains(wanted[1]), "{diff}");
    let show = repo.git(&["show", "HEAD"]);
    assert!(show.contains(wanted[1]), "{show}");
}

#[test]
fn journeymap_diff_between_revisions_and_files() {
    let repo = history();
    let out = repo
        .jm()
        .args(["diff", "HEAD~1:northwind.ron", "HEAD:northwind.ron"])
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert_eq!(
        stdout(&out),
        "Discovery · feedback 2026-11-02 (Call, Lena Okafor) added: \"Wants net 60\"\n\
         Closing · commitment \"Send the revised quote\" (Lena Okafor): kept 2026-11-20\n"
    );
    // A revision against the working file, the same map in another
    // layout: the same.
    let loose = to_canonical(&northwind_later())
        .expect("canonical")
        .replace("    ", "  ");
    repo.write("northwind.ron", &loose);
    let out = repo
        .jm()
        .args(["diff", "HEAD:northwind.ron", "northwind.ron"])
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(stdout(&out).is_empty());
    // Trouble is 2, with the name.
    let out = repo
        .jm()
        .args(["diff", "HEAD:nope.ron", "northwind.ron"])
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("HEAD:nope.ron"), "{}", stderr(&out));
    repo.write("broken.ron", "(format: 1,");
    let out = repo
        .jm()
        .args(["diff", "broken.ron", "northwind.ron"])
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("broken.ron:1:"), "{}", stderr(&out));
}

#[test]
fn a_conflicted_map_diffs_as_its_raw_text_and_says_so() {
    // Only the textconv: the merge itself is git's line merge here.
    let repo = Repo::new();
    repo.write(".gitattributes", "*.ron diff=journeymap\n");
    let me = assert_cmd::cargo::cargo_bin!("journeymap");
    let textconv = format!("{} textconv", me.display());
    repo.git(&["config", "diff.journeymap.textconv", &textconv]);
    repo.write_map("northwind.ron", &northwind());
    repo.commit_all("first map");
    repo.git(&["checkout", "-q", "-b", "lena"]);
    let mut lena = northwind();
    lena.stages[1].commitments[0].done = Some(d("2026-11-20"));
    repo.write_map("northwind.ron", &lena);
    repo.commit_all("kept");
    repo.git(&["checkout", "-q", "main"]);
    let mut dana = northwind();
    dana.stages[1].commitments[0].done = Some(d("2026-11-21"));
    repo.write_map("northwind.ron", &dana);
    repo.commit_all("kept a day later");
    assert!(!repo.git_output(&["merge", "-q", "lena"]).status.success());

    let out = repo
        .jm()
        .args(["textconv", "northwind.ron"])
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(0));
    let text = stdout(&out);
    let (first, rest) = text.split_once('\n').expect("lines");
    assert!(first.contains("conflict markers"), "{first}");
    assert_eq!(
        rest,
        fs::read_to_string(repo.work().join("northwind.ron")).expect("read")
    );
    // And git diff runs through it rather than failing.
    let diff = repo.git(&["diff", "HEAD", "--", "northwind.ron"]);
    assert!(diff.contains("+journeymap textconv: not a map"), "{diff}");
    assert!(diff.contains("+<<<<<<< HEAD"), "{diff}");
}

#[test]
fn check_hints_once_when_the_clone_lacks_the_setup() {
    let repo = Repo::new();
    repo.write(".gitattributes", "*.ron merge=journeymap diff=journeymap\n");
    repo.write_map("a.ron", &northwind());
    repo.write_map("b.ron", &northwind());
    let check = |repo: &Repo| {
        repo.jm()
            .args([
                "check",
                "a.ron",
                "b.ron",
                "--today",
                TODAY,
                "--fail-on",
                "never",
            ])
            .output()
            .expect("runs")
    };
    let out = check(&repo);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let hints: Vec<String> = stderr(&out)
        .lines()
        .filter(|l| l.starts_with("hint: "))
        .map(str::to_string)
        .collect();
    assert_eq!(hints.len(), 1, "{hints:?}");
    assert!(hints[0].contains("journeymap git setup"), "{}", hints[0]);
    assert!(
        hints[0].contains("merge driver and its readable diffs"),
        "{}",
        hints[0]
    );

    // Set up by hand in the repository's config: no hint.
    repo.git(&[
        "config",
        "merge.journeymap.driver",
        "journeymap merge-driver %O %A %B %L %P",
    ]);
    repo.git(&["config", "diff.journeymap.textconv", "journeymap textconv"]);
    let out = check(&repo);
    assert!(!stderr(&out).contains("hint:"), "{}", stderr(&out));

    // In the user's config instead: no hint either.
    let other = Repo::new();
    other.write(".gitattributes", "*.ron merge=journeymap\n");
    other.write_map("a.ron", &northwind());
    other.write_map("b.ron", &northwind());
    assert!(stderr(&check(&other)).contains("hint: "));
    fs::write(
        other.home().join(".gitconfig"),
        "[merge \"journeymap\"]\n\tdriver = journeymap merge-driver %O %A %B %L %P\n",
    )
    .expect("global config");
    assert!(!stderr(&check(&other)).contains("hint:"));
}

#[test]
fn no_hint_without_the_attributes() {
    let repo = Repo::new();
    repo.write_map("a.ron", &northwind());
    let out = repo
        .jm()
        .args(["check", "a.ron", "--today", TODAY, "--fail-on", "never"])
        .output()
        .expect("runs");
    assert!(!stderr(&out).contains("hint:"), "{}", stderr(&out));
}
