//! The one way `log` and `done` change a map from the shell: the same
//! lock, validation and safe save as the app, so the file stays canonical
//! and nobody's unsaved work is written over.
//!
//! 1. Take the map's lock (`storage::lock`). A live lock of another
//!    process means the map is open for editing elsewhere. When that
//!    editor says it has nothing unsaved (`storage::lock_state`), the edit
//!    goes ahead without the lock and the editor reloads the file; when it
//!    has unsaved edits, or does not say (an older journeymap), nothing is
//!    written, and the message says who has it and what to do instead.
//! 2. Load the map (`Document::load`): a bad file is refused with its
//!    `file:line:col` errors.
//! 3. Refuse a file with hand-written comments (a save drops them) unless
//!    `--drop-comments`, as `fmt` does.
//! 4. Apply the edit through the editing core (`Edit`), which checks it.
//! 5. Save with the hash guard (`Document::save`): a change made on disk
//!    meanwhile is not overwritten.
//!
//! Exit codes: 0 changed; 1 refused, nothing changed (a value not allowed,
//! no or several matches, the map open elsewhere, comments); 2 the map
//! cannot be read or saved.

use std::fmt;
use std::path::Path;
use std::process::ExitCode;

use super::Context;
use super::args::EditTarget;
use crate::edit::document::{Document, Edit};
use crate::model::Map;
use crate::storage::lock::{self, Acquire, LockInfo};
use crate::storage::lock_state::{self, HolderEdits};
use crate::text::safe;

/// Why a command changed nothing, in words for the user (exit code 1).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refused(pub String);

impl fmt::Display for Refused {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for Refused {}

/// Runs one edit on the map of `target`. `make` gets the loaded map and
/// returns the edit and the line to print once it is saved, or why it
/// cannot be made.
pub fn run(
    ctx: &Context,
    target: &EditTarget,
    make: impl FnOnce(&Map) -> Result<(Edit, String), Refused>,
) -> anyhow::Result<ExitCode> {
    match edit(ctx, target, make) {
        Ok(done) => {
            super::style::print(&format!("{done}\n"))?;
            Ok(ExitCode::SUCCESS)
        }
        Err(e) => match e.downcast_ref::<Refused>() {
            Some(refused) => {
                super::style::eprint(&format!("journeymap: {refused}"));
                Ok(ExitCode::from(1))
            }
            None => Err(e),
        },
    }
}

fn edit(
    ctx: &Context,
    target: &EditTarget,
    make: impl FnOnce(&Map) -> Result<(Edit, String), Refused>,
) -> anyhow::Result<String> {
    let path = target.map.as_path();
    let name = safe::path(path);
    // The lock first, so that the map cannot be opened for editing
    // between our reading and our writing it without that editor being
    // told. A lock that cannot be written (a read-only folder) does not
    // stop us, as in the app: the save itself says what is wrong.
    let (_lock, editor) = match lock::acquire(path, &ctx.user_name()) {
        Ok(Acquire::Acquired(lock)) => (Some(lock), None),
        Ok(Acquire::Held(other)) => {
            editor_allows(path, &other)?;
            (None, Some(other))
        }
        Err(_) => (None, None),
    };
    let mut doc = Document::load(path, ctx.today, ctx.config.thresholds, false)
        .map_err(|e| anyhow::anyhow!("{e}"))?;
    if doc.has_comments() && !target.drop_comments {
        return Err(Refused(format!(
            "{name} holds hand-written comments, which saving drops: nothing was changed. \
             Move them out of the file, or run again with --drop-comments"
        ))
        .into());
    }
    let (edit, done) = make(doc.map())?;
    doc.apply(edit)
        .map_err(|e| Refused(format!("{name}: {e}")))?;
    // Asked again just before writing: the editor may have started an
    // edit since. One it starts after this is caught by its own save,
    // which finds the file changed and offers to merge.
    if let Some(other) = &editor {
        editor_allows(path, other)?;
    }
    doc.save(false)
        .map_err(|e| anyhow::anyhow!("{e}; nothing was changed"))?;
    Ok(match editor {
        Some(other) => format!(
            "{done}\n{name} is open in the journeymap of {} (process {}), with nothing \
             unsaved there: it reloads the change",
            other.describe(),
            other.pid
        ),
        None => done,
    })
}

/// Whether the map may be written while `other`'s journeymap holds its
/// lock: only when that editor says it has nothing unsaved. Else why not,
/// and what to do instead.
fn editor_allows(path: &Path, other: &LockInfo) -> Result<(), Refused> {
    let name = safe::path(path);
    match lock_state::holder_edits(&lock::lock_path(path), other) {
        HolderEdits::AllSaved => Ok(()),
        HolderEdits::Unsaved => Err(Refused(format!(
            "{name} has unsaved edits in the journeymap of {} (process {}): nothing was \
             changed, so that they are not written over. Save them there and run this \
             again, or make the change in that app",
            other.describe(),
            other.pid
        ))),
        HolderEdits::Unknown => Err(Refused(format!(
            "{name} is open for editing by {} (process {}): nothing was changed, \
             so that edits not saved there are not written over. Make the change \
             in that app, or close the map there and run this again",
            other.describe(),
            other.pid
        ))),
    }
}

/// The index of the stage `wanted` names: its id, else its name (any
/// case). Refused with the map's stages when none or several match.
pub fn find_stage(map: &Map, path: &Path, wanted: &str) -> Result<usize, Refused> {
    let wanted = wanted.trim();
    if let Some(i) = map.stage_index(wanted) {
        return Ok(i);
    }
    let named: Vec<usize> = (0..map.stages.len())
        .filter(|&i| map.stages[i].name.trim().to_lowercase() == wanted.to_lowercase())
        .collect();
    match named.as_slice() {
        [one] => Ok(*one),
        [] => Err(Refused(format!(
            "{} has no stage \"{}\"; give one of its stages by id or name: {}",
            safe::path(path),
            safe::clean(wanted),
            stage_list(map, 0..map.stages.len())
        ))),
        several => Err(Refused(format!(
            "{} has {} stages named \"{}\": give one by id: {}",
            safe::path(path),
            several.len(),
            safe::clean(wanted),
            stage_list(map, several.iter().copied())
        ))),
    }
}

/// `first-call ("First call"), proposal ("Proposal")`.
fn stage_list(map: &Map, stages: impl Iterator<Item = usize>) -> String {
    let list: Vec<String> = stages
        .map(|i| {
            let s = &map.stages[i];
            format!("{} (\"{}\")", s.id, safe::clean(&s.name))
        })
        .collect();
    if list.is_empty() {
        "it has none".into()
    } else {
        list.join(", ")
    }
}

/// The stage `--stage` names, which these commands need.
pub fn required_stage(map: &Map, target: &EditTarget) -> Result<usize, Refused> {
    match &target.stage {
        Some(wanted) => find_stage(map, &target.map, wanted),
        None => Err(Refused(format!(
            "say which stage with --stage ID (an id or a name): {}",
            stage_list(map, 0..map.stages.len())
        ))),
    }
}
