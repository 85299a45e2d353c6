//! An open map being edited: the map, its analysis, undo and redo, the
//! dirty flag and saving through `storage` with the hash guard.
//!
//! Every change goes through [`Document::apply`] with a typed [`Edit`]. An
//! edit is checked first (a refused edit changes nothing), then turned into
//! a low-level [`Op`] whose application returns its own inverse: undo and
//! redo are the same operation run in opposite directions. Item edits keep
//! a snapshot of the one stage they change, not of the whole map, so undo
//! stays cheap on large maps.

use std::cell::RefCell;
use std::path::{Path, PathBuf};
use std::rc::Rc;
use std::sync::atomic::{AtomicU64, Ordering};

use jiff::civil::Date;

use crate::analysis::{Analysis, StageAnalysis, Thresholds};
use crate::model::{
    Client, Commitment, Feedback, Map, Need, Now, Part, Perception, Review, Stage, Touchpoint,
    is_valid_stage_id,
};
use crate::storage::{self, LoadedMap, SaveError, SaveGuard};

/// A document shared by the screens that show it.
pub type SharedDoc = Rc<RefCell<Document>>;

/// The kinds of things a stage (or, for reviews, the map) holds in lists.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ItemKind {
    Touchpoint,
    Need,
    Perception,
    Feedback,
    Commitment,
    /// Review notes belong to the map; a note may name a stage.
    Review,
}

impl ItemKind {
    pub const ALL: [ItemKind; 6] = [
        ItemKind::Touchpoint,
        ItemKind::Need,
        ItemKind::Perception,
        ItemKind::Feedback,
        ItemKind::Commitment,
        ItemKind::Review,
    ];

    /// "touchpoint", for messages.
    pub fn noun(self) -> &'static str {
        match self {
            ItemKind::Touchpoint => "touchpoint",
            ItemKind::Need => "need",
            ItemKind::Perception => "perception",
            ItemKind::Feedback => "feedback",
            ItemKind::Commitment => "commitment",
            ItemKind::Review => "review note",
        }
    }

    /// "Touchpoints", for group headings.
    pub fn heading(self) -> &'static str {
        match self {
            ItemKind::Touchpoint => "Touchpoints",
            ItemKind::Need => "Needs",
            ItemKind::Perception => "Perceptions",
            ItemKind::Feedback => "Feedback",
            ItemKind::Commitment => "Commitments",
            ItemKind::Review => "Review notes",
        }
    }
}

/// One item of any kind, as a value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Item {
    Touchpoint(Touchpoint),
    Need(Need),
    Perception(Perception),
    Feedback(Feedback),
    Commitment(Commitment),
    Review(Review),
}

impl Item {
    pub fn kind(&self) -> ItemKind {
        match self {
            Item::Touchpoint(_) => ItemKind::Touchpoint,
            Item::Need(_) => ItemKind::Need,
            Item::Perception(_) => ItemKind::Perception,
            Item::Feedback(_) => ItemKind::Feedback,
            Item::Commitment(_) => ItemKind::Commitment,
            Item::Review(_) => ItemKind::Review,
        }
    }

    /// The rules of the format an item alone can break, in words.
    fn check(&self, map: &Map) -> Result<(), String> {
        match self {
            Item::Perception(p) if !(-2..=2).contains(&p.sentiment) => {
                Err(format!("sentiment {} is outside -2..=2", p.sentiment))
            }
            Item::Feedback(f) if f.score.is_some_and(|s| !(1..=5).contains(&s)) => Err(format!(
                "score {} is outside 1..=5",
                f.score.unwrap_or_default()
            )),
            Item::Review(Review {
                stage: Some(id), ..
            }) if map.stage_index(id).is_none() => {
                Err(format!("the map has no stage \"{}\"", id.escape_debug()))
            }
            _ => Ok(()),
        }
    }
}

/// The part of a stage edited by the stage form: everything but its lists.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StageHeader {
    pub id: String,
    pub name: String,
    pub goal: Option<String>,
}

/// Every change a user can make to a map.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Edit {
    /// Insert a stage at `at` (at most the number of stages).
    AddStage {
        at: usize,
        stage: Stage,
    },
    /// Change a stage's id, name or goal. Review notes naming the old id
    /// follow the new one.
    EditStage {
        index: usize,
        header: StageHeader,
    },
    /// Delete a stage; review notes about it become notes on the whole map
    /// (their text is kept).
    DeleteStage {
        index: usize,
    },
    MoveStage {
        from: usize,
        to: usize,
    },
    /// Insert an item at `at` in its list, or at the end. `stage` is
    /// ignored for review notes, which belong to the map.
    AddItem {
        stage: usize,
        item: Item,
        at: Option<usize>,
    },
    EditItem {
        stage: usize,
        index: usize,
        item: Item,
    },
    DeleteItem {
        stage: usize,
        kind: ItemKind,
        index: usize,
    },
    MoveItem {
        stage: usize,
        kind: ItemKind,
        from: usize,
        to: usize,
    },
    /// Quick action: an open commitment is kept on `on`.
    MarkKept {
        stage: usize,
        index: usize,
        on: Date,
    },
    /// Quick action: new feedback for a stage.
    LogFeedback {
        stage: usize,
        feedback: Feedback,
    },
    /// The client and title of the map.
    EditClient {
        client: Client,
        title: String,
    },
    /// The client is in this stage now, since `since`: the stages before
    /// it are past, the ones after it ahead.
    MoveNow {
        stage: usize,
        since: Date,
    },
    /// Settles merge conflict `index` (`model::resolve`): `chosen` (one
    /// of its versions, or `None` for "not there") takes the place of the
    /// version the map kept.
    ResolveConflict {
        index: usize,
        chosen: Option<Part>,
    },
}

impl Edit {
    /// What the edit does, for the status line and undo messages.
    pub fn describe(&self) -> String {
        match self {
            Edit::AddStage { stage, .. } => format!("add stage \"{}\"", stage.name),
            Edit::EditStage { header, .. } => format!("edit stage \"{}\"", header.name),
            Edit::DeleteStage { .. } => "delete stage".into(),
            Edit::MoveStage { .. } => "move stage".into(),
            Edit::AddItem { item, .. } => format!("add {}", item.kind().noun()),
            Edit::EditItem { item, .. } => format!("edit {}", item.kind().noun()),
            Edit::DeleteItem { kind, .. } => format!("delete {}", kind.noun()),
            Edit::MoveItem { kind, .. } => format!("move {}", kind.noun()),
            Edit::MarkKept { .. } => "mark commitment kept".into(),
            Edit::LogFeedback { .. } => "log feedback".into(),
            Edit::EditClient { .. } => "edit client".into(),
            Edit::MoveNow { .. } => "move where the client is now".into(),
            Edit::ResolveConflict { .. } => "resolve merge conflict".into(),
        }
    }
}

/// Why an edit was refused; the map is unchanged.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EditError(pub String);

impl std::fmt::Display for EditError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for EditError {}

fn refuse<T>(why: impl Into<String>) -> Result<T, EditError> {
    Err(EditError(why.into()))
}

/// A low-level change whose application returns its inverse.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Op {
    /// Put this stage at `index`, in place of the one there.
    ReplaceStage {
        index: usize,
        stage: Box<Stage>,
    },
    InsertStage {
        index: usize,
        stage: Box<Stage>,
    },
    RemoveStage {
        index: usize,
    },
    MoveStage {
        from: usize,
        to: usize,
    },
    ReplaceReviews(Vec<Review>),
    ReplaceClient {
        client: Client,
        title: String,
    },
    ReplaceNow(Option<Now>),
    /// The whole map (a conflict resolved may touch any part of it).
    ReplaceMap(Box<Map>),
    /// Several ops applied in order (undone in reverse order).
    Batch(Vec<Op>),
}

/// What an applied op changed, to know what to re-analyse.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Touched {
    Nothing,
    /// The stage at this index changed.
    Stage(usize),
    /// A stage was inserted at this index.
    Inserted(usize),
    /// The stage at this index was removed.
    Removed(usize),
    /// A stage moved from one index to another.
    Moved(usize, usize),
    /// Anything else: analyse the whole map again.
    Structure,
}

impl Touched {
    /// Applies the op to a list with one entry per stage (analyses,
    /// stamps): a changed or inserted stage gets a `fresh` entry, the
    /// others move along. Returns the positions whose entries shifted, or
    /// `None` when the list cannot follow and must be made again.
    /// `stages` is the number of stages after the op; `fresh(i)` is only
    /// called for `i < stages`.
    fn follow<T>(
        self,
        list: &mut Vec<T>,
        stages: usize,
        mut fresh: impl FnMut(usize) -> T,
    ) -> Option<std::ops::Range<usize>> {
        let shifted = match self {
            Touched::Nothing => 0..0,
            Touched::Stage(i) if i < list.len() && i < stages => {
                list[i] = fresh(i);
                i..i + 1
            }
            Touched::Inserted(i) if i <= list.len() && i < stages => {
                list.insert(i, fresh(i));
                i..list.len()
            }
            Touched::Removed(i) if i < list.len() => {
                list.remove(i);
                i..list.len()
            }
            Touched::Moved(from, to) if from < list.len() && to < list.len() => {
                let moved = list.remove(from);
                list.insert(to, moved);
                from.min(to)..from.max(to) + 1
            }
            _ => return None,
        };
        (list.len() == stages).then_some(shifted)
    }

    fn and(self, other: Touched) -> Touched {
        match (self, other) {
            (Touched::Nothing, t) | (t, Touched::Nothing) => t,
            (Touched::Stage(a), Touched::Stage(b)) if a == b => Touched::Stage(a),
            _ => Touched::Structure,
        }
    }
}

impl Op {
    /// Applies the op; indexes were checked when the op was made.
    fn apply(self, map: &mut Map) -> (Op, Touched) {
        match self {
            Op::ReplaceStage { index, stage } => {
                let old = std::mem::replace(&mut map.stages[index], *stage);
                (
                    Op::ReplaceStage {
                        index,
                        stage: Box::new(old),
                    },
                    Touched::Stage(index),
                )
            }
            Op::InsertStage { index, stage } => {
                map.stages.insert(index, *stage);
                (Op::RemoveStage { index }, Touched::Inserted(index))
            }
            Op::RemoveStage { index } => {
                let stage = map.stages.remove(index);
                (
                    Op::InsertStage {
                        index,
                        stage: Box::new(stage),
                    },
                    Touched::Removed(index),
                )
            }
            Op::MoveStage { from, to } => {
                let stage = map.stages.remove(from);
                map.stages.insert(to, stage);
                // A stage moved across the one the client is in changes
                // phase (past, now, ahead), and so do its findings.
                let touched = if map.now.is_some() {
                    Touched::Structure
                } else {
                    Touched::Moved(from, to)
                };
                (Op::MoveStage { from: to, to: from }, touched)
            }
            Op::ReplaceMap(whole) => {
                let old = std::mem::replace(map, *whole);
                (Op::ReplaceMap(Box::new(old)), Touched::Structure)
            }
            Op::ReplaceNow(now) => {
                let old = std::mem::replace(&mut map.now, now);
                // Every stage's phase may change.
                (Op::ReplaceNow(old), Touched::Structure)
            }
            Op::ReplaceReviews(reviews) => {
                let old = std::mem::replace(&mut map.reviews, reviews);
                // A note dated in the future is a finding of its stage.
                (Op::ReplaceReviews(old), Touched::Structure)
            }
            Op::ReplaceClient { client, title } => {
                let old_client = std::mem::replace(&mut map.client, client);
                let old_title = std::mem::replace(&mut map.title, title.into());
                (
                    Op::ReplaceClient {
                        client: old_client,
                        title: old_title.to_string(),
                    },
                    Touched::Nothing,
                )
            }
            Op::Batch(ops) => {
                let mut inverses = Vec::with_capacity(ops.len());
                let mut touched = Touched::Nothing;
                for op in ops {
                    let (inverse, t) = op.apply(map);
                    inverses.push(inverse);
                    touched = touched.and(t);
                }
                inverses.reverse();
                (Op::Batch(inverses), touched)
            }
        }
    }
}

/// One step of the undo or redo history.
#[derive(Debug, Clone)]
struct Step {
    /// Applying it goes back (undo stack) or forward (redo stack).
    op: Op,
    /// The version of the map the op leads to.
    version: u64,
    /// What the user did, e.g. "add commitment".
    label: String,
    /// For a step that changed which file the document was put together
    /// with (a merge with the version on disk, recovered edits): the save
    /// guard's hash the state it leads to expects. Undoing a merge brings
    /// back the edits alone, which were never checked against the file
    /// now on disk, so a save then asks instead of writing over it.
    /// Cleared by a save: from then on the file is the one just written.
    disk_hash: Option<u64>,
}

/// An open map.
#[derive(Debug, Clone)]
pub struct Document {
    pub path: PathBuf,
    /// The map as edited (read it freely; change it only through `apply`).
    map: Map,
    analysis: Analysis,
    /// Changes whenever the analysis does, unique across documents, so a
    /// screen can keep what it derives from the analysis (the findings in
    /// panel order) until the next change.
    analysis_stamp: u64,
    /// One stamp per stage, changed whenever that stage changes (a stage
    /// that moves takes its stamp along): a screen keeps what it drew of
    /// the other stages.
    stage_stamps: Vec<u64>,
    /// Hash of the file as last loaded or saved: the save guard.
    hash: u64,
    /// The file on disk holds comments that a save would drop.
    has_comments: bool,
    /// The file held git's conflict markers; the map is its sides merged.
    from_markers: bool,
    /// Edits are refused (opened with --read-only).
    pub read_only: bool,
    today: Date,
    thresholds: Thresholds,
    undo: Vec<Step>,
    redo: Vec<Step>,
    /// Each state of the map gets a version number, unique across
    /// documents; `saved` is the one on disk, so undoing back to it makes
    /// the document clean again.
    version: u64,
    saved: Option<u64>,
}

impl Document {
    /// A document for a map just loaded from its file, open for editing
    /// (set `read_only` to refuse edits).
    pub fn open(loaded: LoadedMap, today: Date, thresholds: Thresholds) -> Self {
        let analysis = Analysis::of(&loaded.map, today, &thresholds);
        let version = fresh_stamp();
        let stage_stamps = loaded.map.stages.iter().map(|_| fresh_stamp()).collect();
        Document {
            path: loaded.path,
            map: loaded.map,
            analysis,
            analysis_stamp: fresh_stamp(),
            stage_stamps,
            hash: loaded.hash,
            has_comments: loaded.has_comments,
            from_markers: loaded.from_markers,
            read_only: false,
            today,
            thresholds,
            undo: Vec::new(),
            redo: Vec::new(),
            version,
            // A map merged from conflict markers is not what the file
            // holds: unsaved until saved.
            saved: (!loaded.from_markers).then_some(version),
        }
    }

    /// Loads a map file and opens it.
    pub fn load(
        path: &Path,
        today: Date,
        thresholds: Thresholds,
        read_only: bool,
    ) -> Result<Self, storage::LoadError> {
        let mut doc = Self::open(storage::load_map(path)?, today, thresholds);
        doc.read_only = read_only;
        Ok(doc)
    }

    /// Creates a new map file (refusing to overwrite an existing one) and
    /// opens it.
    pub fn create(
        path: &Path,
        map: Map,
        today: Date,
        thresholds: Thresholds,
    ) -> Result<Self, SaveError> {
        let saved = storage::save_map(path, &map, SaveGuard::New)?;
        Ok(Self::open(
            LoadedMap {
                path: path.to_path_buf(),
                map,
                hash: saved.hash,
                has_comments: false,
                from_markers: false,
            },
            today,
            thresholds,
        ))
    }

    /// The document shared by the screens that show it (board, stage
    /// detail).
    pub fn shared(self) -> SharedDoc {
        Rc::new(RefCell::new(self))
    }

    pub fn map(&self) -> &Map {
        &self.map
    }

    pub fn analysis(&self) -> &Analysis {
        &self.analysis
    }

    /// The version of the map as it is now: equal versions, equal maps
    /// (undo goes back to an earlier version), so a copy of the map can be
    /// known current without comparing it.
    pub fn version(&self) -> u64 {
        self.version
    }

    /// See the field: equal stamps mean the same analysis.
    pub fn analysis_stamp(&self) -> u64 {
        self.analysis_stamp
    }

    /// See the field: equal stamps mean the same stage with the same
    /// analysis. `None` for a stage that does not exist.
    pub fn stage_stamp(&self, index: usize) -> Option<u64> {
        self.stage_stamps.get(index).copied()
    }

    pub fn today(&self) -> Date {
        self.today
    }

    pub fn thresholds(&self) -> &Thresholds {
        &self.thresholds
    }

    /// The map differs from the file as last loaded or saved.
    pub fn is_dirty(&self) -> bool {
        self.saved != Some(self.version)
    }

    /// The file on disk has hand-written comments that the next save drops:
    /// ask before saving.
    pub fn has_comments(&self) -> bool {
        self.has_comments
    }

    /// The file held git's conflict markers: the map is its sides merged
    /// as the merge driver would, not saved yet.
    pub fn from_markers(&self) -> bool {
        self.from_markers
    }

    pub fn can_undo(&self) -> bool {
        !self.undo.is_empty()
    }

    pub fn can_redo(&self) -> bool {
        !self.redo.is_empty()
    }

    /// Checks and applies an edit; on success it can be undone. Returns the
    /// edit's description for the status line.
    pub fn apply(&mut self, edit: Edit) -> Result<String, EditError> {
        if self.read_only {
            return refuse("the map is open read-only: nothing can be changed");
        }
        let label = edit.describe();
        let op = self.op_for(edit)?;
        let (inverse, touched) = op.apply(&mut self.map);
        self.reanalyse(touched);
        self.undo.push(Step {
            op: inverse,
            version: self.version,
            label: label.clone(),
            disk_hash: None,
        });
        self.redo.clear();
        self.version = fresh_stamp();
        Ok(label)
    }

    /// Undoes the last edit; returns what was undone.
    pub fn undo(&mut self) -> Option<String> {
        if self.read_only {
            return None;
        }
        let step = self.undo.pop()?;
        let back = self.step_across(step);
        let label = back.label.clone();
        self.redo.push(back);
        Some(label)
    }

    /// Redoes the last undone edit; returns what was redone.
    pub fn redo(&mut self) -> Option<String> {
        if self.read_only {
            return None;
        }
        let step = self.redo.pop()?;
        let back = self.step_across(step);
        let label = back.label.clone();
        self.undo.push(back);
        Some(label)
    }

    /// Applies an undo or redo step and returns the step that goes back:
    /// the map, its version and, for a step that has one, the hash a save
    /// expects all move together.
    fn step_across(&mut self, step: Step) -> Step {
        let (inverse, touched) = step.op.apply(&mut self.map);
        self.reanalyse(touched);
        let back = Step {
            op: inverse,
            version: self.version,
            label: step.label,
            disk_hash: step.disk_hash.map(|_| self.hash),
        };
        self.version = step.version;
        if let Some(hash) = step.disk_hash {
            self.hash = hash;
        }
        back
    }

    /// Saves the map over its file. Without `force` the save is refused
    /// when the file changed or vanished since it was loaded or last saved;
    /// with it (the user chose to overwrite) whatever is there is replaced.
    pub fn save(&mut self, force: bool) -> Result<(), SaveError> {
        let guard = if force {
            SaveGuard::Force
        } else {
            SaveGuard::Unchanged(self.hash)
        };
        let saved = storage::save_map(&self.path, &self.map, guard)?;
        self.hash = saved.hash;
        for step in self.undo.iter_mut().chain(self.redo.iter_mut()) {
            step.disk_hash = None;
        }
        self.has_comments = false;
        self.from_markers = false;
        self.saved = Some(self.version);
        Ok(())
    }

    /// Brings the analysis and the stage stamps up to date after an op:
    /// only the stage that changed is analysed again and stamped anew;
    /// inserted, removed and moved stages shift the others, whose findings
    /// only need their stage index renumbered.
    fn reanalyse(&mut self, touched: Touched) {
        if touched == Touched::Nothing {
            return;
        }
        self.analysis_stamp = fresh_stamp();
        let (map, today, t) = (&self.map, self.today, self.thresholds);
        // Whole-map review notes dated in the future are findings of the
        // first stage (`analysis::review_findings`): when another stage
        // becomes first, every stage is analysed again.
        let first_changed = matches!(
            touched,
            Touched::Inserted(0)
                | Touched::Removed(0)
                | Touched::Moved(0, _)
                | Touched::Moved(_, 0)
        );
        let touched = if first_changed
            && map
                .reviews
                .iter()
                .any(|r| r.stage.is_none() && crate::analysis::is_future(r.date, today))
        {
            Touched::Structure
        } else {
            touched
        };
        let count = map.stages.len();
        if touched
            .follow(&mut self.stage_stamps, count, |_| fresh_stamp())
            .is_none()
        {
            // Anything else (or never expected): every stage is new.
            self.stage_stamps = map.stages.iter().map(|_| fresh_stamp()).collect();
        }
        let fresh = |i: usize| StageAnalysis::of(map, i, today, &t);
        let stages = &mut self.analysis.stages;
        match touched.follow(stages, count, fresh) {
            Some(shifted) => {
                for (i, stage) in stages
                    .iter_mut()
                    .enumerate()
                    .take(shifted.end)
                    .skip(shifted.start)
                {
                    for f in &mut stage.findings {
                        f.stage = i;
                    }
                }
                self.analysis.status = stages.iter().map(|s| s.status).max().unwrap_or_default();
            }
            // Anything else: a full analysis is always right.
            None => self.analysis = Analysis::of(map, today, &t),
        }
    }

    fn stage(&self, index: usize) -> Result<&Stage, EditError> {
        match self.map.stages.get(index) {
            Some(s) => Ok(s),
            None => refuse(format!("there is no stage {}", index + 1)),
        }
    }

    /// Checks an edit against the map and turns it into an op.
    fn op_for(&self, edit: Edit) -> Result<Op, EditError> {
        let map = &self.map;
        match edit {
            Edit::AddStage { at, stage } => {
                if at > map.stages.len() {
                    return refuse(format!("cannot add a stage at position {}", at + 1));
                }
                check_header(map, None, &stage.id, &stage.name)?;
                for item in checked_items(&stage) {
                    item.check(map).map_err(EditError)?;
                }
                Ok(Op::InsertStage {
                    index: at,
                    stage: Box::new(stage),
                })
            }
            Edit::EditStage { index, header } => {
                let old = self.stage(index)?;
                check_header(map, Some(index), &header.id, &header.name)?;
                let mut stage = old.clone();
                let old_id = std::mem::replace(&mut stage.id, header.id.clone().into());
                stage.name = header.name.into();
                stage.goal = header.goal.map(Into::into);
                let replace = Op::ReplaceStage {
                    index,
                    stage: Box::new(stage),
                };
                let mut ops = vec![replace];
                if old_id != header.id
                    && map.reviews.iter().any(|r| r.stage == Some(old_id.clone()))
                {
                    let mut reviews = map.reviews.clone();
                    for r in &mut reviews {
                        if r.stage.as_deref() == Some(old_id.as_str()) {
                            r.stage = Some(header.id.clone().into());
                        }
                    }
                    ops.push(Op::ReplaceReviews(reviews));
                }
                // Where the client is follows the new id too.
                if let Some(now) = map.now.as_ref().filter(|n| n.stage == old_id)
                    && old_id != header.id
                {
                    ops.push(Op::ReplaceNow(Some(Now {
                        stage: header.id.clone().into(),
                        since: now.since,
                    })));
                }
                Ok(if ops.len() == 1 {
                    ops.remove(0)
                } else {
                    Op::Batch(ops)
                })
            }
            Edit::DeleteStage { index } => {
                let id = self.stage(index)?.id.clone();
                if map.now_index() == Some(index) {
                    return refuse(
                        "the client is in this stage now: mark another stage as now first",
                    );
                }
                let remove = Op::RemoveStage { index };
                if !map.reviews.iter().any(|r| r.stage.as_deref() == Some(&id)) {
                    return Ok(remove);
                }
                let mut reviews = map.reviews.clone();
                for r in &mut reviews {
                    if r.stage.as_deref() == Some(&id) {
                        r.stage = None;
                    }
                }
                Ok(Op::Batch(vec![Op::ReplaceReviews(reviews), remove]))
            }
            Edit::MoveStage { from, to } => {
                self.stage(from)?;
                self.stage(to)?;
                if from == to {
                    return refuse("the stage is already there");
                }
                Ok(Op::MoveStage { from, to })
            }
            Edit::AddItem { stage, item, at } => {
                item.check(map).map_err(EditError)?;
                if let Item::Review(review) = item {
                    let mut reviews = map.reviews.clone();
                    let at = at.unwrap_or(reviews.len());
                    if at > reviews.len() {
                        return refuse("no such place in the review notes");
                    }
                    reviews.insert(at, review);
                    return Ok(Op::ReplaceReviews(reviews));
                }
                let mut s = self.stage(stage)?.clone();
                let kind = item.kind();
                let len = list_len(&s, kind);
                let at = at.unwrap_or(len);
                if at > len {
                    return refuse(format!("no such place in the {}", kind.heading()));
                }
                insert_item(&mut s, at, item);
                Ok(replace_stage(stage, s))
            }
            Edit::EditItem { stage, index, item } => {
                item.check(map).map_err(EditError)?;
                if let Item::Review(review) = item {
                    let mut reviews = map.reviews.clone();
                    match reviews.get_mut(index) {
                        Some(slot) => *slot = review,
                        None => return refuse("there is no such review note"),
                    }
                    return Ok(Op::ReplaceReviews(reviews));
                }
                let mut s = self.stage(stage)?.clone();
                let kind = item.kind();
                if index >= list_len(&s, kind) {
                    return refuse(format!("there is no such {}", kind.noun()));
                }
                remove_item(&mut s, kind, index);
                insert_item(&mut s, index, item);
                Ok(replace_stage(stage, s))
            }
            Edit::DeleteItem { stage, kind, index } => {
                if kind == ItemKind::Review {
                    if index >= map.reviews.len() {
                        return refuse("there is no such review note");
                    }
                    let mut reviews = map.reviews.clone();
                    reviews.remove(index);
                    return Ok(Op::ReplaceReviews(reviews));
                }
                let mut s = self.stage(stage)?.clone();
                if index >= list_len(&s, kind) {
                    return refuse(format!("there is no such {}", kind.noun()));
                }
                remove_item(&mut s, kind, index);
                Ok(replace_stage(stage, s))
            }
            Edit::MoveItem {
                stage,
                kind,
                from,
                to,
            } => {
                if from == to {
                    return refuse(format!("the {} is already there", kind.noun()));
                }
                if kind == ItemKind::Review {
                    let mut reviews = map.reviews.clone();
                    if from >= reviews.len() || to >= reviews.len() {
                        return refuse("there is no such review note");
                    }
                    let r = reviews.remove(from);
                    reviews.insert(to, r);
                    return Ok(Op::ReplaceReviews(reviews));
                }
                let mut s = self.stage(stage)?.clone();
                let len = list_len(&s, kind);
                if from >= len || to >= len {
                    return refuse(format!("there is no such {}", kind.noun()));
                }
                if let Some(item) = remove_item(&mut s, kind, from) {
                    insert_item(&mut s, to, item);
                }
                Ok(replace_stage(stage, s))
            }
            Edit::MarkKept { stage, index, on } => {
                let mut s = self.stage(stage)?.clone();
                match s.commitments.get_mut(index) {
                    None => return refuse("there is no such commitment"),
                    // A kept date after today is not kept yet: marking it
                    // kept replaces that date.
                    Some(c) if crate::analysis::kept_on(c, self.today).is_some() => {
                        return refuse("the commitment is already marked kept");
                    }
                    Some(c) => c.done = Some(on),
                }
                Ok(replace_stage(stage, s))
            }
            Edit::LogFeedback { stage, feedback } => {
                let item = Item::Feedback(feedback);
                item.check(map).map_err(EditError)?;
                let mut s = self.stage(stage)?.clone();
                let at = s.feedback.len();
                insert_item(&mut s, at, item);
                Ok(replace_stage(stage, s))
            }
            Edit::EditClient { client, title } => {
                if client.name.trim().is_empty() {
                    return refuse("the client name is empty");
                }
                if client.account_manager.trim().is_empty() {
                    return refuse("the account manager is empty");
                }
                Ok(Op::ReplaceClient { client, title })
            }
            Edit::MoveNow { stage, since } => {
                let id = self.stage(stage)?.id.clone();
                if map.now_index() == Some(stage) {
                    return refuse("the client is in this stage already");
                }
                Ok(Op::ReplaceNow(Some(Now { stage: id, since })))
            }
            Edit::ResolveConflict { index, chosen } => {
                let mut resolved = map.clone();
                crate::model::resolve(&mut resolved, index, chosen).map_err(|e| EditError(e.0))?;
                // A version may name a stage another conflict still
                // decides about: that one first, then this.
                if let Some(p) = crate::model::validate(&resolved).first() {
                    return refuse(format!(
                        "that version would break a rule of the map ({p}): resolve the other conflicts first"
                    ));
                }
                Ok(Op::ReplaceMap(Box::new(resolved)))
            }
        }
    }
}

/// A fresh stamp (for versions and analyses) from a counter shared by
/// every document: a document replaced by another (a reload) never repeats
/// its predecessor's stamps.
fn fresh_stamp() -> u64 {
    static NEXT: AtomicU64 = AtomicU64::new(1);
    NEXT.fetch_add(1, Ordering::Relaxed)
}

fn replace_stage(index: usize, stage: Stage) -> Op {
    Op::ReplaceStage {
        index,
        stage: Box::new(stage),
    }
}

/// Checks a stage's id and name; `editing` is the stage's own index, which
/// may keep its id.
pub fn check_header(
    map: &Map,
    editing: Option<usize>,
    id: &str,
    name: &str,
) -> Result<(), EditError> {
    if let Some(why) = stage_id_problem(map, editing, id) {
        return refuse(why);
    }
    if name.trim().is_empty() {
        return refuse("the stage name is empty");
    }
    Ok(())
}

/// Why `id` cannot be the id of a stage (the one at `editing`, or a new
/// one), in words; `None` when it can.
pub fn stage_id_problem(map: &Map, editing: Option<usize>, id: &str) -> Option<String> {
    if id.is_empty() {
        return Some("the stage id is empty".into());
    }
    if !is_valid_stage_id(id) {
        return Some("use only lowercase letters, digits and '-'".into());
    }
    match map.stage_index(id) {
        Some(i) if Some(i) != editing => Some(format!(
            "stage {} (\"{}\") already has this id",
            i + 1,
            map.stages[i].name
        )),
        _ => None,
    }
}

/// How many items of a kind a stage holds (review notes: none, they
/// belong to the map).
pub fn list_len(stage: &Stage, kind: ItemKind) -> usize {
    match kind {
        ItemKind::Touchpoint => stage.touchpoints.len(),
        ItemKind::Need => stage.needs.len(),
        ItemKind::Perception => stage.perceptions.len(),
        ItemKind::Feedback => stage.feedback.len(),
        ItemKind::Commitment => stage.commitments.len(),
        ItemKind::Review => 0,
    }
}

/// A copy of one item of a stage, or of the map's review notes.
pub fn get_item(map: &Map, stage: usize, kind: ItemKind, index: usize) -> Option<Item> {
    if kind == ItemKind::Review {
        return map.reviews.get(index).cloned().map(Item::Review);
    }
    let s = map.stages.get(stage)?;
    Some(match kind {
        ItemKind::Touchpoint => Item::Touchpoint(s.touchpoints.get(index)?.clone()),
        ItemKind::Need => Item::Need(s.needs.get(index)?.clone()),
        ItemKind::Perception => Item::Perception(s.perceptions.get(index)?.clone()),
        ItemKind::Feedback => Item::Feedback(s.feedback.get(index)?.clone()),
        ItemKind::Commitment => Item::Commitment(s.commitments.get(index)?.clone()),
        ItemKind::Review => return None,
    })
}

/// The items of a stage that have rules of their own (sentiment and score
/// ranges), for checking a whole stage being added.
fn checked_items(stage: &Stage) -> Vec<Item> {
    let mut items: Vec<Item> = Vec::new();
    items.extend(stage.perceptions.iter().cloned().map(Item::Perception));
    items.extend(stage.feedback.iter().cloned().map(Item::Feedback));
    items
}

/// Inserts a stage item; `at` was checked. Review notes are not stage
/// items and are ignored.
fn insert_item(stage: &mut Stage, at: usize, item: Item) {
    match item {
        Item::Touchpoint(x) => stage.touchpoints.insert(at, x),
        Item::Need(x) => stage.needs.insert(at, x),
        Item::Perception(x) => stage.perceptions.insert(at, x),
        Item::Feedback(x) => stage.feedback.insert(at, x),
        Item::Commitment(x) => stage.commitments.insert(at, x),
        Item::Review(_) => {}
    }
}

/// Removes a stage item; `index` was checked. Review notes are not stage
/// items: `None`.
fn remove_item(stage: &mut Stage, kind: ItemKind, index: usize) -> Option<Item> {
    Some(match kind {
        ItemKind::Touchpoint => Item::Touchpoint(stage.touchpoints.remove(index)),
        ItemKind::Need => Item::Need(stage.needs.remove(index)),
        ItemKind::Perception => Item::Perception(stage.perceptions.remove(index)),
        ItemKind::Feedback => Item::Feedback(stage.feedback.remove(index)),
        ItemKind::Commitment => Item::Commitment(stage.commitments.remove(index)),
        ItemKind::Review => return None,
    })
}

mod disk;
#[cfg(test)]
mod tests;
