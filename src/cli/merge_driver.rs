//! `journeymap merge-driver %O %A %B %L %P`: git's merge driver for maps
//! (gitattributes(5), "Defining a custom merge driver"). The structural
//! merge (`model::merge`) of the three versions is written to %A, safely
//! (`storage::save_map_text`); exit 0 when it merged cleanly, 1 when
//! conflicts are left in the map (it still opens: the app and `check`
//! show them). When a version is not a map at all, %A gets git-style
//! conflict markers around each whole version, so no side is lost and git
//! reports the conflict; exit 1.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::Args;

use crate::model::{self, Map};
use crate::storage::{self, SaveGuard, git_markers};
use crate::text::safe;

#[derive(Debug, Args)]
pub struct MergeDriverArgs {
    /// %O: the common ancestor's version (empty when there is none).
    pub base: PathBuf,
    /// %A: our version; the result is written here.
    pub ours: PathBuf,
    /// %B: their version.
    pub theirs: PathBuf,
    /// %L: the length of conflict markers, when markers are left.
    #[arg(default_value_t = 7)]
    pub marker_size: usize,
    /// %P: the file's name in the repository, for messages.
    pub name: Option<String>,
}

pub fn run(args: &MergeDriverArgs) -> anyhow::Result<ExitCode> {
    let name = match &args.name {
        Some(name) => safe::clean(name),
        None => safe::path(&args.ours).into_owned(),
    };
    let bytes = |path: &Path| -> anyhow::Result<Vec<u8>> {
        storage::read_map_file(path)
            .map(|(_, bytes)| bytes)
            .map_err(|e| anyhow::anyhow!("{name}: {e}"))
    };
    let (base, ours, theirs) = (bytes(&args.base)?, bytes(&args.ours)?, bytes(&args.theirs)?);
    let ours_hash = storage::content_hash(&ours);
    let guard = SaveGuard::Unchanged(ours_hash);
    // git's temporary files have meaningless names: messages name the
    // file as the repository knows it (and which side it is).
    let shown = PathBuf::from(&name);
    let read = |_: &Path, bytes: &[u8]| storage::load_bytes(&shown, bytes).map(|l| l.map);
    // A file both sides added has an empty base: then nothing is common.
    let base_map = if base.iter().all(u8::is_ascii_whitespace) {
        Ok(None)
    } else {
        read(&args.base, &base).map(Some)
    };
    let sides = (
        base_map,
        read(&args.ours, &ours),
        read(&args.theirs, &theirs),
    );
    let (base_map, ours_map, theirs_map) = match sides {
        (Ok(b), Ok(o), Ok(t)) => (b, o, t),
        (b, o, t) => {
            let why: Vec<String> = [
                ("the base", b.err()),
                ("ours", o.err()),
                ("theirs", t.err()),
            ]
            .into_iter()
            .filter_map(|(side, e)| e.map(|e| format!("{side}: {}", e.summary())))
            .collect();
            return leave_markers(args, &name, (&base, &ours, &theirs), guard, &why.join("; "));
        }
    };
    let merged = model::merge::merge(base_map.as_ref(), &ours_map, &theirs_map);
    let problems = model::validate(&merged);
    if let Some(p) = problems.first() {
        // Never write a file journeymap would refuse to read.
        let why = format!("the merged map breaks a rule ({p})");
        return leave_markers(args, &name, (&base, &ours, &theirs), guard, &why);
    }
    write_merged(&args.ours, &merged, guard, &name)?;
    if merged.conflicts.is_empty() {
        return Ok(ExitCode::SUCCESS);
    }
    let mut report = format!(
        "journeymap: {name}: merged, with {} conflict{} left in the map (open it in journeymap to pick a version, `journeymap check` lists them):",
        merged.conflicts.len(),
        if merged.conflicts.len() == 1 { "" } else { "s" },
    );
    for c in &merged.conflicts {
        report.push_str("\n  ");
        report.push_str(&safe::clean(&c.describe()));
    }
    eprintln!("{report}");
    Ok(ExitCode::from(1))
}

fn write_merged(path: &Path, map: &Map, guard: SaveGuard, name: &str) -> anyhow::Result<()> {
    let text = storage::to_canonical(map)
        .map_err(|e| anyhow::anyhow!("{name}: the merged map cannot be written: {e}"))?;
    storage::save_map_text(path, text.as_bytes(), guard)
        .map_err(|e| anyhow::anyhow!("{name}: {e}"))?;
    Ok(())
}

/// Leaves git-style markers around each whole version in %A: nothing is
/// lost, and the file is a conflict for git and for people.
fn leave_markers(
    args: &MergeDriverArgs,
    name: &str,
    (base, ours, theirs): (&[u8], &[u8], &[u8]),
    guard: SaveGuard,
    why: &str,
) -> anyhow::Result<ExitCode> {
    let text = git_markers::whole_file(ours, base, theirs, args.marker_size, name);
    storage::save_text(&args.ours, &text, guard).map_err(|e| anyhow::anyhow!("{name}: {e}"))?;
    eprintln!(
        "journeymap: {name}: not merged, a version is not a map ({}); left conflict markers around each whole version",
        safe::clean(why)
    );
    Ok(ExitCode::from(1))
}
