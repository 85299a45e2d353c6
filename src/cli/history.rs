//! `journeymap history MAP`: the map at each commit that changed it, as
//! `check` saw it that day, with what appeared, what cleared and what
//! changed; the uncommitted file last. Exit 0, or 2 when there is no
//! history to read (not in a repository, not committed and not on disk).

mod json;
mod text;

use std::process::ExitCode;

use super::Context;
use super::args::{HistoryArgs, OutputFormat};
use crate::git::{History, HistoryEntry, LogEnd, When};

pub fn run(ctx: &Context, args: HistoryArgs) -> anyhow::Result<ExitCode> {
    if args.path.is_dir() {
        anyhow::bail!(
            "{} is a folder: history shows one map, e.g. `journeymap history {}/NAME.ron`",
            crate::text::safe::path(&args.path),
            crate::text::safe::path(&args.path)
        );
    }
    let history = History::of(&args.path, args.since, ctx.today, &ctx.config.thresholds)?;
    if history.entries.is_empty() && history.end == LogEnd::NotInHead {
        anyhow::bail!(
            "{}: not in the last commit of the repository at {} and not on disk, so there is no history to show",
            crate::text::safe::path(&args.path),
            crate::text::safe::path(&history.workdir)
        );
    }
    match args.format {
        OutputFormat::Text => super::style::print_with(|out| text::write(out, ctx, &history))?,
        OutputFormat::Json => super::style::print_with(|out| json::write(out, ctx, &history))?,
    }
    Ok(ExitCode::SUCCESS)
}

/// How far back the history reaches, in one sentence.
fn reach(history: &History) -> String {
    let oldest = history.entries.iter().find_map(|e| match &e.when {
        When::Commit(r) => Some(r),
        When::Uncommitted => None,
    });
    match (&history.end, oldest) {
        (LogEnd::Added, Some(r)) => {
            format!("All of it: the map was added in {} on {}.", r.short, r.date)
        }
        (LogEnd::Shallow, Some(r)) => format!(
            "This is a shallow clone: its history stops at {} of {}, and the map may be older \
             (`git fetch --unshallow` fetches the rest).",
            r.short, r.date
        ),
        (LogEnd::Since, _) => match &history.before_since {
            Some(r) => format!(
                "From the --since date on; the first entry is compared with {} of {}.",
                r.short, r.date
            ),
            None => "From the --since date on.".to_string(),
        },
        (LogEnd::Added | LogEnd::Shallow, None) => {
            "No commit changed the map since the --since date.".to_string()
        }
        (LogEnd::NotInHead, _) => "The map has never been committed (it is not in the last \
             commit), so there is no history before the file on disk; commit it to start one."
            .to_string(),
    }
}

/// The one-line summary of what an entry changed.
fn summary(entry: &HistoryEntry, previous_path: Option<&str>) -> String {
    if previous_path.is_none() {
        return "first version".to_string();
    }
    let mut line = entry.changes.join("; ");
    if let Some(old) = previous_path.filter(|p| *p != entry.path) {
        let renamed = format!("renamed from {old}");
        line = if line.is_empty() {
            renamed
        } else {
            format!("{renamed}; {line}")
        };
    }
    if line.is_empty() {
        line = if entry.verdict.is_err() {
            "the file does not read".to_string()
        } else {
            "no change to the map's content".to_string()
        };
    }
    line
}
