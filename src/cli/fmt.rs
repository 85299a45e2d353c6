//! `journeymap fmt`: rewrite maps in the canonical layout, like `cargo fmt`.
//!
//! `--check` reports exactly the files a plain run (with the same flags)
//! would rewrite, so a file kept with comments does not fail it unless
//! `--drop-comments` is given too. Invalid files are reported, never written.

use std::path::Path;
use std::process::ExitCode;

use super::Context;
use super::args::FmtArgs;
use super::inputs;
use super::style::{eprint, print};
use crate::storage::{LoadedMap, SaveGuard, content_hash, load_map, save_map_text, to_canonical};
use crate::text::safe;

/// What happened to one file.
enum Outcome {
    Canonical,
    /// Not canonical, but it has comments and `--drop-comments` was not given.
    KeptForComments,
    /// Not canonical; `--check` only lists it.
    WouldFormat,
    Formatted,
    Failed,
}

pub fn run(ctx: &Context, args: FmtArgs) -> anyhow::Result<ExitCode> {
    let inputs = inputs::collect(&args.paths, &ctx.maps_dir);
    let mut failed = !inputs.errors.is_empty();
    for e in &inputs.errors {
        eprint(&e.to_string());
    }
    let mut would_format = 0;
    for path in &inputs.files {
        match format_file(path, &args)? {
            Outcome::Failed => failed = true,
            Outcome::WouldFormat => would_format += 1,
            Outcome::Canonical | Outcome::KeptForComments | Outcome::Formatted => {}
        }
    }
    if would_format > 0 {
        eprint(&format!(
            "{} not in the canonical layout; `journeymap fmt` rewrites {}",
            super::style::count(would_format, "file is", "files are"),
            if would_format == 1 { "it" } else { "them" }
        ));
    }
    Ok(ExitCode::from(if failed {
        2
    } else if would_format > 0 {
        1
    } else {
        0
    }))
}

/// Checks or rewrites one file; only a failure to print is an `Err`.
fn format_file(path: &Path, args: &FmtArgs) -> anyhow::Result<Outcome> {
    let loaded: LoadedMap = match load_map(path) {
        Ok(loaded) => loaded,
        Err(e) => {
            eprint(&e.to_string());
            return Ok(Outcome::Failed);
        }
    };
    let shown = safe::path(path);
    if loaded.from_markers {
        // Writing the merge of its sides would settle a git conflict
        // behind the user's back: that is the app's (or the driver's) job.
        eprint(&format!(
            "{shown}: holds git's conflict markers; left as is (open it in journeymap, which \
             merges both sides, or merge it again with the driver: `git checkout -m {shown}`)"
        ));
        return Ok(Outcome::Failed);
    }
    let text = match to_canonical(&loaded.map) {
        Ok(text) => text,
        Err(e) => {
            eprint(&format!("{shown}: cannot write the map: {e}"));
            return Ok(Outcome::Failed);
        }
    };
    if content_hash(text.as_bytes()) == loaded.hash {
        return Ok(Outcome::Canonical);
    }
    if loaded.has_comments && !args.drop_comments {
        eprint(&format!(
            "{shown}: has comments, which the canonical layout cannot keep; left as is \
             (--drop-comments rewrites it without them)"
        ));
        return Ok(Outcome::KeptForComments);
    }
    if args.check {
        print(&format!("{shown}\n"))?;
        return Ok(Outcome::WouldFormat);
    }
    // The guard refuses if someone saved the file since we read it.
    match save_map_text(path, text.as_bytes(), SaveGuard::Unchanged(loaded.hash)) {
        Ok(_) => {
            let note = if loaded.has_comments {
                " (comments dropped)"
            } else {
                ""
            };
            print(&format!("formatted {shown}{note}\n"))?;
            Ok(Outcome::Formatted)
        }
        Err(e) => {
            eprint(&e.to_string());
            Ok(Outcome::Failed)
        }
    }
}
