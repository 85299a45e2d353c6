//! `journeymap git setup`: makes the git repository of the current folder
//! merge maps with journeymap's driver and show their diffs as facts
//! (`docs/teamwork.md`). It runs `git` for everything.
//!
//! - `.gitattributes` at the repository's top gets
//!   [`ATTRIBUTES_LINE`], and is committed on its own, so that every
//!   clone gets it. Only that file is committed, with `git commit --only`,
//!   and only when its one change is that line: whatever else you staged
//!   stays staged, and changes of yours to `.gitattributes` are left for
//!   you to commit.
//! - `merge.journeymap.name`, `merge.journeymap.driver` and
//!   `diff.journeymap.textconv` are set in the repository's config, or in
//!   yours with `--global` (a clone does not copy config).
//!
//! The commands name the running journeymap as `journeymap` when that is
//! what `journeymap` on `PATH` runs (so that an upgrade is picked up, and
//! a `--global` config works on every machine), else by its absolute
//! path (a build that is not installed).
//!
//! Running it again changes nothing. `--check` changes nothing and lists
//! what is missing. Exit codes: 0 set up, 1 something is missing or left
//! for you (each named), 2 trouble (not in a git work tree, git failed).

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode, Output};

use anyhow::Context as _;

use super::args::GitSetupArgs;
use super::style;
use crate::storage::git_hint::{ATTRIBUTES_LINE, attribute_names};
use crate::text::safe;

/// The message of the commit that adds the attributes.
const COMMIT_MESSAGE: &str = "Merge and diff journey maps with journeymap\n\n\
Added by `journeymap git setup`: *.ron files merge with journeymap's\n\
structural merge driver and show their diffs as one line per fact.\n\
Git config does not travel with a clone: run `journeymap git setup`\n\
once in each clone (docs/teamwork.md).\n";

pub fn run(args: &GitSetupArgs) -> anyhow::Result<ExitCode> {
    let git = Git::new(std::env::current_dir().context("cannot tell the current folder")?);
    let top = git.top()?;
    if top.is_none() && !args.global {
        anyhow::bail!(
            "not in a git work tree: run `journeymap git setup` in the repository that holds your maps \
             (or `journeymap git setup --global` to set up only your own git config)"
        );
    }
    let mut report = Report::default();
    if let Some(top) = &top {
        attributes(&Git::new(top.clone()), top, args.check, &mut report)?;
    } else {
        report.line("not in a git work tree: .gitattributes left alone".into());
    }
    config(&git, args, &mut report)?;
    if !args.check && !report.changed {
        report.line("journeymap git setup: already set up; nothing changed".into());
    }
    let text = report.lines.join("\n") + "\n";
    style::print(&text)?;
    Ok(ExitCode::from(if report.left { 1 } else { 0 }))
}

/// What was done or found, one line each, and whether something is left.
#[derive(Default)]
struct Report {
    lines: Vec<String>,
    left: bool,
    /// Something was written (a file, a commit, a config key).
    changed: bool,
}

impl Report {
    fn line(&mut self, line: String) {
        self.lines.push(line);
    }

    fn did(&mut self, line: String) {
        self.changed = true;
        self.lines.push(line);
    }

    fn missing(&mut self, line: String) {
        self.left = true;
        self.lines.push(line);
    }
}

/// The config keys and the values they get.
fn wanted() -> [(&'static str, String); 3] {
    let me = own_command();
    [
        (
            "merge.journeymap.name",
            "journeymap: structural merge of journey maps".to_string(),
        ),
        (
            "merge.journeymap.driver",
            format!("{me} merge-driver %O %A %B %L %P"),
        ),
        ("diff.journeymap.textconv", format!("{me} textconv")),
    ]
}

fn config(git: &Git, args: &GitSetupArgs, report: &mut Report) -> anyhow::Result<()> {
    let (scope, place) = if args.global {
        (Some("--global"), "your git config")
    } else {
        (None, "this repository's config")
    };
    for (key, value) in wanted() {
        // Without --global, a value set anywhere (the user's config too)
        // is what git uses.
        let mut get = vec!["config"];
        get.extend(scope);
        get.extend(["--get", key]);
        let current = git
            .output(&get)?
            .filter(|s| !s.trim().is_empty())
            .map(|s| s.trim_end_matches('\n').to_string());
        let shown = safe::clean(&value);
        match (&current, args.check) {
            (Some(now), _) if *now == value => report.line(format!("{key}: set (\"{shown}\")")),
            (Some(now), true) => report.line(format!(
                "{key}: set to \"{}\" (setup would set \"{shown}\")",
                safe::clean(now)
            )),
            (None, true) => report.missing(format!("{key}: missing from {place}")),
            (_, false) => {
                git.run_ok(&["config", scope.unwrap_or("--local"), key, &value])?;
                report.did(match current {
                    Some(was) => format!(
                        "{key}: changed to \"{shown}\" in {place} (was \"{}\")",
                        safe::clean(&was)
                    ),
                    None => format!("{key}: set to \"{shown}\" in {place}"),
                });
            }
        }
    }
    Ok(())
}

/// Whether `text` asks for both the merge driver and the textconv.
fn has_line(text: &str) -> bool {
    let (mut merge, mut diff) = (false, false);
    for line in text.lines() {
        let (m, d) = attribute_names(line);
        merge |= m;
        diff |= d;
    }
    merge && diff
}

/// `text` with [`ATTRIBUTES_LINE`] at its end, on a line of its own.
fn with_line(text: &str) -> String {
    let mut out = text.to_string();
    if !out.is_empty() && !out.ends_with('\n') {
        out.push('\n');
    }
    out.push_str(ATTRIBUTES_LINE);
    out.push('\n');
    out
}

fn attributes(git: &Git, top: &Path, check: bool, report: &mut Report) -> anyhow::Result<()> {
    let path = top.join(".gitattributes");
    let work =
        match fs::read(&path) {
            Ok(bytes) => Some(String::from_utf8(bytes).map_err(|_| {
                anyhow::anyhow!("{}: not UTF-8 text; left alone", safe::path(&path))
            })?),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
            Err(e) => {
                return Err(anyhow::anyhow!(
                    "{}: cannot read: {}",
                    safe::path(&path),
                    crate::storage::io_words(&e)
                ));
            }
        };
    let head = git.output(&["cat-file", "blob", "HEAD:.gitattributes"])?;
    let index = git.output(&["cat-file", "blob", ":.gitattributes"])?;
    let in_work = work.as_deref().is_some_and(has_line);
    let in_head = head.as_deref().is_some_and(has_line);
    let line = format!("\"{ATTRIBUTES_LINE}\"");
    if in_work && in_head {
        report.line(format!(".gitattributes: has {line}, committed"));
        return Ok(());
    }
    if check {
        report.missing(if in_work {
            format!(".gitattributes: has {line}, but not committed, so clones do not get it")
        } else {
            format!(".gitattributes: missing {line}")
        });
        return Ok(());
    }
    let new_text = match &work {
        Some(text) if in_work => text.clone(),
        other => with_line(other.as_deref().unwrap_or("")),
    };
    if !in_work {
        fs::write(&path, &new_text)
            .with_context(|| format!("{}: cannot write", safe::path(&path)))?;
        report.changed = true;
    }
    // Committed only when the one change to it is the line: anything
    // else in it is the user's, to commit when they choose.
    let expected = with_line(head.as_deref().unwrap_or(""));
    if new_text != expected || index != head {
        report.missing(format!(
            ".gitattributes: {} {line}, not committed: it holds other changes of yours; \
             commit it yourself (git commit .gitattributes) so that clones get it",
            if in_work { "has" } else { "added" },
        ));
        return Ok(());
    }
    git.run_ok(&["add", "--", ".gitattributes"])?;
    if let Err(e) = git.run_ok(&[
        "commit",
        "-q",
        "--only",
        "-m",
        COMMIT_MESSAGE,
        "--",
        ".gitattributes",
    ]) {
        report.missing(format!(
            ".gitattributes: {} {line} and staged it, but could not commit it ({e:#}); \
             commit it yourself so that clones get it",
            if in_work { "has" } else { "added" },
        ));
        return Ok(());
    }
    let id = git
        .output(&["rev-parse", "--short", "HEAD"])?
        .unwrap_or_default();
    report.did(format!(
        ".gitattributes: {} {line} and committed that file alone ({} \"Merge and diff journey maps with journeymap\"); \
         nothing else was committed",
        if in_work { "had" } else { "added" },
        id.trim()
    ));
    Ok(())
}

/// How git should run this journeymap: `journeymap` when that is what
/// `PATH` finds, else the absolute path, quoted for the shell git uses.
fn own_command() -> String {
    let Ok(me) = std::env::current_exe().and_then(fs::canonicalize) else {
        return "journeymap".into();
    };
    let on_path = std::env::var_os("PATH").and_then(|paths| {
        std::env::split_paths(&paths)
            .map(|dir| dir.join("journeymap"))
            .find(|candidate| candidate.is_file())
    });
    if on_path.and_then(|p| fs::canonicalize(p).ok()).as_ref() == Some(&me) {
        return "journeymap".into();
    }
    shell_quoted(&me.to_string_lossy())
}

/// `text` as one word for `sh`: as it is when it holds only safe
/// characters, else in single quotes.
fn shell_quoted(text: &str) -> String {
    let safe = !text.is_empty()
        && text
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "/._-+,:@%".contains(c));
    if safe {
        text.to_string()
    } else {
        format!("'{}'", text.replace('\'', "'\\''"))
    }
}

/// `git` run in one folder.
struct Git {
    dir: PathBuf,
}

impl Git {
    fn new(dir: PathBuf) -> Self {
        Git { dir }
    }

    fn spawn(&self, args: &[&str]) -> anyhow::Result<Output> {
        Command::new("git")
            .args(args)
            .current_dir(&self.dir)
            .output()
            .context("cannot run git (is it installed?)")
    }

    /// Runs git; its error output is the error when it fails.
    fn run_ok(&self, args: &[&str]) -> anyhow::Result<()> {
        let out = self.spawn(args)?;
        if out.status.success() {
            return Ok(());
        }
        let why = String::from_utf8_lossy(&out.stderr);
        anyhow::bail!(
            "`git {}` failed: {}",
            args.first().copied().unwrap_or(""),
            safe::clean(why.trim())
        )
    }

    /// Git's output when it succeeds, `None` when it says no (a key not
    /// set, a file not in a commit).
    fn output(&self, args: &[&str]) -> anyhow::Result<Option<String>> {
        let out = self.spawn(args)?;
        Ok(out
            .status
            .success()
            .then(|| String::from_utf8_lossy(&out.stdout).into_owned()))
    }

    /// The top of the work tree the folder is in, `None` outside one.
    fn top(&self) -> anyhow::Result<Option<PathBuf>> {
        Ok(self
            .output(&["rev-parse", "--show-toplevel"])?
            .map(|t| PathBuf::from(t.trim_end_matches('\n')))
            .filter(|t| !t.as_os_str().is_empty()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_line_is_added_once_on_its_own_line() {
        assert_eq!(with_line(""), format!("{ATTRIBUTES_LINE}\n"));
        assert_eq!(
            with_line("*.png binary"),
            format!("*.png binary\n{ATTRIBUTES_LINE}\n")
        );
        assert!(has_line(&with_line("*.png binary\n")));
        assert!(has_line("*.ron merge=journeymap\n*.ron diff=journeymap\n"));
        assert!(!has_line("*.ron merge=journeymap\n"));
    }

    #[test]
    fn paths_are_quoted_for_the_shell_only_when_needed() {
        assert_eq!(shell_quoted("/usr/bin/journeymap"), "/usr/bin/journeymap");
        assert_eq!(shell_quoted("/home/a b/it's"), "'/home/a b/it'\\''s'");
    }
}
