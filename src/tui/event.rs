//! Messages screens send to the app. Screens never reach into each other:
//! they queue an `AppEvent` and the app decides what happens (open a
//! screen, go back, quit, show a message).

use std::path::PathBuf;

use super::forms::FormTarget;
use crate::edit::document::ItemKind;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AppEvent {
    /// Open the map at this path on the journey board.
    OpenMap(PathBuf),
    /// Open the detail screen of this stage of the open map.
    OpenStage(usize),
    /// Open the detail screen of a stage with one of its items selected
    /// (the item a finding is about); `index: None` selects the kind's
    /// first row.
    OpenItem {
        stage: usize,
        kind: ItemKind,
        index: Option<usize>,
    },
    /// Open a stage's screen at a match of a search in the map (`item:
    /// None` is the stage itself), going on with the same search there.
    OpenFound {
        stage: usize,
        item: Option<(ItemKind, usize)>,
        query: String,
    },
    /// Open the agenda over every map of this folder.
    OpenAgenda(PathBuf),
    /// Open the search across every map of this folder.
    OpenSearch(PathBuf),
    /// Open the timeline of the open map (its history from git).
    OpenTimeline,
    /// Open the map at `path` as `revision` had it, read-only, over the
    /// timeline (as `--at` opens a revision).
    OpenRevision {
        path: PathBuf,
        revision: Box<crate::git::Revision>,
    },
    /// Mark kept the commitment at `index` of stage `stage` of the open
    /// map, if its promise is still `promise` (the agenda read the file
    /// earlier; the map may have changed since).
    MarkKept {
        stage: usize,
        index: usize,
        promise: String,
    },
    /// Leave the current screen.
    Back,
    /// Quit, asking first when there are unsaved changes.
    Quit,
    /// Leave the current screen without asking (after the user chose to
    /// save or discard the map's changes).
    ForceBack,
    /// Open a form or a question that changes the open map (or creates
    /// one); see `tui::editor`.
    Edit(EditRequest),
    /// Undo or redo the last edit of the open map.
    Undo,
    Redo,
    /// Quit without asking (after the user chose to discard changes).
    ForceQuit,
    /// Ask where to export the open map.
    Export,
    /// Ask where to export every map of this folder.
    ExportFolder(PathBuf),
    /// The folder now has maps (the first was just created): show them as
    /// the root screen.
    ShowFolder(PathBuf),
    /// The answer to the session's prompt: a letter, or `None` for the
    /// safe way out (Esc).
    AnswerPrompt(Option<char>),
    /// Save the open map.
    Save,
    /// Show the help overlay.
    Help,
    /// Open this map file in the user's editor (`$VISUAL`, `$EDITOR`),
    /// and read it again afterwards.
    EditFile(PathBuf),
    /// A message on the status line.
    Status(String),
    /// An error message on the status line.
    Error(String),
    /// A long text (e.g. every problem of a file) in an overlay.
    ShowText {
        title: String,
        lines: Vec<String>,
    },
    /// The open map changed on disk or was saved: refresh its summary.
    MapChanged(PathBuf),
    /// The user left this map's board (its summary may have changed too).
    MapLeft(PathBuf),
}

/// What a screen asks the editor to do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum EditRequest {
    /// Open the form for a new or existing stage or item.
    Form(FormTarget),
    /// Ask which kind of item to add to a stage.
    AddAny { stage: usize },
    /// Ask before deleting a stage (`kind: None`) or an item.
    Delete {
        stage: usize,
        kind: Option<ItemKind>,
        index: usize,
    },
    /// The new-map form, for a file in this folder.
    NewMap(PathBuf),
}

/// What to do once the map is saved (or its changes discarded).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AfterSave {
    Stay,
    /// Leave the map's screens (back to the portfolio).
    Leave,
    Quit,
}
