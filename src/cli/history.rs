//! `journeymap history MAP`: the map at each commit that changed it, as
//! `check` saw it that day, with what appeared, what cleared and what
//! changed; the uncommitted file last. Exit 0, or 2 when there is no
//! history to read (not in a repository, not committed and not on disk).

mod json;
mod text;

use std::process::ExitCode;

use super::Context;
use super::args::{HistoryArgs, OutputFormat};
use crate::git::{History, HistoryEntry, LogEnd};

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
