//! Stage detail: every item of one stage in full, grouped by kind, one
//! selected. The stage itself is the first row (edit its name, id and goal;
//! delete it; move it left or right). Feedback reads newest first with its
//! method, score and age; commitments say their state in words.
//!
//! Direct edits (move, mark kept) are applied here to the shared document;
//! forms and questions are asked of the app's editor with
//! `AppEvent::Edit`, so that they look and behave the same everywhere.

use std::cell::Cell;

use ratatui::buffer::Buffer;
use ratatui::crossterm::event::{KeyEvent, MouseButton, MouseEvent, MouseEventKind};
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};

use crate::analysis::{CommitmentState, Finding, ItemList, Severity, newest_feedback};
use crate::edit::document::{Edit, Item, ItemKind, SharedDoc, get_item, list_len};
use crate::edit::find::Hit;
use crate::model::{Feedback, Map, Stage};
use crate::tui::component::{CommandHint, Component, Ctx, EventState};
use crate::tui::event::AppEvent;
use crate::tui::event::EditRequest;
use crate::tui::forms::FormTarget;
use crate::tui::keymap::Action;
use crate::tui::theme::{severity_glyph, status_glyph, status_word};
use crate::tui::view::find::{self, FindBar, FindKey};
use crate::tui::widget::describe::{age, capitalise};
use crate::tui::widget::{put_line, safe_text};

/// The groups of the screen, top to bottom. `None` is the stage itself.
const GROUPS: [Option<ItemKind>; 7] = [
    None,
    Some(ItemKind::Touchpoint),
    Some(ItemKind::Need),
    Some(ItemKind::Perception),
    Some(ItemKind::Feedback),
    Some(ItemKind::Commitment),
    Some(ItemKind::Review),
];

/// What is selected: a group and a row in it, in display order. An empty
/// group has one row (its "none yet" line) so that it can be added to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
struct Selection {
    group: usize,
    row: usize,
}

pub struct StageView {
    doc: SharedDoc,
    stage: usize,
    /// The id and the number of stages when last seen, to follow the
    /// stage when an undo moves it and to notice when it is deleted.
    id: String,
    count: usize,
    /// An item of this kind was asked for (add, log feedback): once it
    /// appears, select it. (kind, items of that kind before)
    pending_add: Option<(ItemKind, usize)>,
    sel: Selection,
    /// The selected item as last seen, with the document's version then:
    /// when the map changes under the view (reloaded after a teammate's
    /// save or `journeymap log`), the selection stays on that item, not
    /// on its row (a new feedback entry is listed above the others).
    seen: Option<(u64, Item)>,
    /// First line shown, kept so that the selection stays in view without
    /// the screen jumping; updated while drawing.
    scroll: Cell<usize>,
    /// Where each row was drawn (screen y → selection), for mouse clicks.
    hits: std::cell::RefCell<Vec<(u16, Selection)>>,
    /// The search in the map (`/`), if any.
    find: FindBar,
}

/// Indexes of a stage's feedback, newest first (latest date; between the
/// same dates, later in the file first).
pub fn feedback_order(feedback: &[Feedback]) -> Vec<usize> {
    let mut order: Vec<usize> = (0..feedback.len()).collect();
    order.sort_by(|&a, &b| (feedback[b].date, b).cmp(&(feedback[a].date, a)));
    order
}

/// Indexes (in `map.reviews`) of the review notes about a stage.
fn review_indexes(map: &Map, stage: &Stage) -> Vec<usize> {
    map.reviews
        .iter()
        .enumerate()
        .filter(|(_, r)| r.stage.as_deref() == Some(stage.id.as_str()))
        .map(|(i, _)| i)
        .collect()
}

/// The model indexes of a group's rows, in display order.
fn group_indexes(map: &Map, stage: &Stage, kind: ItemKind) -> Vec<usize> {
    match kind {
        ItemKind::Feedback => feedback_order(&stage.feedback),
        ItemKind::Review => review_indexes(map, stage),
        k => (0..list_len(stage, k)).collect(),
    }
}

impl StageView {
    pub fn new(doc: SharedDoc, stage: usize) -> Self {
        let (id, count) = {
            let d = doc.borrow();
            let map = d.map();
            let id = map.stages.get(stage).map(|s| s.id.clone());
            (id.unwrap_or_default(), map.stages.len())
        };
        StageView {
            doc,
            stage,
            id: id.to_string(),
            count,
            pending_add: None,
            sel: Selection::default(),
            seen: None,
            scroll: Cell::new(0),
            hits: Default::default(),
            find: FindBar::default(),
        }
    }

    /// Shows a match of a search (`item: None`: the stage's own row) and
    /// goes on with the search: `n` / `N` from there.
    pub fn show_found(&mut self, item: Option<(ItemKind, usize)>, query: &str) {
        self.find = FindBar::with_query(query);
        match item {
            Some((kind, index)) => self.select_item(kind, Some(index)),
            None => self.sel = Selection::default(),
        }
    }

    /// Where a match is in the screen's order: stage, group, row.
    fn found_at(map: &Map, hit: &Hit) -> (usize, usize, usize) {
        let Some((kind, index)) = hit.item else {
            return (hit.stage, 0, 0);
        };
        let group = GROUPS.iter().position(|g| *g == Some(kind)).unwrap_or(0);
        let row = map
            .stages
            .get(hit.stage)
            .and_then(|stage| {
                group_indexes(map, stage, kind)
                    .iter()
                    .position(|&i| i == index)
            })
            .unwrap_or(0);
        (hit.stage, group, row)
    }

    /// Goes to the next (or previous) match from the selection (`here`:
    /// the selection itself counts), on to other stages and round.
    fn find_step(&mut self, forward: bool, here: bool, ctx: &mut Ctx) {
        let (hits, target) = {
            let doc = self.doc.borrow();
            let map = doc.map();
            let hits = self.find.hits(map);
            let at = (self.stage, self.sel.group, self.sel.row);
            let places: Vec<(usize, usize, usize)> =
                hits.iter().map(|h| StageView::found_at(map, h)).collect();
            let pick = if forward {
                places
                    .iter()
                    .position(|p| *p > at || (here && *p == at))
                    .or((!places.is_empty()).then_some(0))
            } else {
                places
                    .iter()
                    .rposition(|p| *p < at)
                    .or(places.len().checked_sub(1))
            };
            (hits, pick)
        };
        let Some(i) = target else {
            ctx.send(AppEvent::Error(format!(
                "No match for \"{}\" in this map",
                safe_text::clean(self.find.query())
            )));
            return;
        };
        let hit = hits[i];
        if hit.stage != self.stage {
            self.show(hit.stage);
        }
        match hit.item {
            Some((kind, index)) => self.select_item(kind, Some(index)),
            None => self.sel = Selection::default(),
        }
        ctx.send(AppEvent::Status(format!(
            "Match {} of {} for \"{}\"",
            i + 1,
            hits.len(),
            safe_text::clean(self.find.query())
        )));
    }

    /// Selects an item of the stage: the row of `index` in the group of
    /// `kind`, or the group's first row when `index` is `None` or not in
    /// the group (a note about the whole map is not listed here).
    pub fn select_item(&mut self, kind: ItemKind, index: Option<usize>) {
        let Some(group) = GROUPS.iter().position(|g| *g == Some(kind)) else {
            return;
        };
        let row = {
            let doc = self.doc.borrow();
            let map = doc.map();
            map.stages
                .get(self.stage)
                .zip(index)
                .and_then(|(stage, index)| {
                    group_indexes(map, stage, kind)
                        .iter()
                        .position(|&i| i == index)
                })
                .unwrap_or(0)
        };
        self.sel = Selection { group, row };
    }

    /// The stage shown (it follows the stage when it is moved).
    pub fn stage_index(&self) -> usize {
        self.stage
    }

    /// Catches up with changes to the map made elsewhere (an undo, a form):
    /// follows the stage when it moved or was renamed. Returns `false`
    /// when the stage is gone, so the screen should close.
    pub fn sync(&mut self) -> bool {
        // An item being added is selected once it appears, whatever was
        // selected before.
        let adding = self.pending_add.is_some();
        let alive = self.sync_stage();
        if alive && !adding {
            self.follow_item();
        } else if alive {
            self.remember_selected();
        }
        alive
    }

    /// After a change to the map: if the item selected before is no longer
    /// on the selected row but still in its group (something was listed
    /// above it), selects it there. Then remembers what is selected now.
    fn follow_item(&mut self) {
        let version = self.doc.borrow().version();
        if let Some((seen_version, item)) = self.seen.take()
            && seen_version != version
            && self.selected_value().as_ref() != Some(&item)
        {
            let doc = self.doc.borrow();
            let map = doc.map();
            let kind = item.kind();
            let row = map.stages.get(self.stage).and_then(|stage| {
                group_indexes(map, stage, kind)
                    .iter()
                    .position(|&i| get_item(map, self.stage, kind, i).as_ref() == Some(&item))
            });
            drop(doc);
            if let (Some(row), Some(group)) = (row, GROUPS.iter().position(|g| *g == Some(kind))) {
                self.sel = Selection { group, row };
            }
        }
        self.remember_selected();
    }

    /// The selected item as a value.
    fn selected_value(&self) -> Option<Item> {
        let (kind, index) = self.selected_item()?;
        get_item(self.doc.borrow().map(), self.stage, kind, index)
    }

    fn sync_stage(&mut self) -> bool {
        let doc = self.doc.borrow();
        let map = doc.map();
        let n = map.stages.len();
        if let Some(i) = map.stage_index(&self.id) {
            self.stage = i;
            self.count = n;
            // Select an item just added through a form.
            if let Some((kind, before)) = self.pending_add {
                let stage = &map.stages[i];
                let indexes = group_indexes(map, stage, kind);
                let now = match kind {
                    ItemKind::Review => map.reviews.len(),
                    k => list_len(stage, k),
                };
                if now == before + 1
                    && let Some(row) = indexes.iter().position(|&x| x + 1 == now)
                    && let Some(group) = GROUPS.iter().position(|g| *g == Some(kind))
                {
                    self.sel = Selection { group, row };
                    self.pending_add = None;
                }
            }
            return true;
        }
        if n == 0 || n < self.count {
            return false;
        }
        // Same number of stages and the id is gone: it was renamed in place.
        self.stage = self.stage.min(n - 1);
        self.id = map.stages[self.stage].id.to_string();
        self.count = n;
        true
    }

    /// Shows another stage.
    fn show(&mut self, stage: usize) {
        self.stage = stage;
        self.sel.row = 0;
        self.scroll.set(0);
        if let Some(s) = self.doc.borrow().map().stages.get(stage) {
            self.id = s.id.to_string();
        }
    }

    /// Rows in each group (at least one: the "none yet" line).
    fn group_rows(&self, group: usize) -> usize {
        let doc = self.doc.borrow();
        let map = doc.map();
        let Some(stage) = map.stages.get(self.stage) else {
            return 1;
        };
        match GROUPS.get(group).copied().flatten() {
            None => 1,
            Some(kind) => group_indexes(map, stage, kind).len().max(1),
        }
    }

    /// The selected item: its kind and model index; `None` for the stage
    /// row or an empty group.
    fn selected_item(&self) -> Option<(ItemKind, usize)> {
        let doc = self.doc.borrow();
        let map = doc.map();
        let stage = map.stages.get(self.stage)?;
        let kind = GROUPS.get(self.sel.group).copied().flatten()?;
        let index = *group_indexes(map, stage, kind).get(self.sel.row)?;
        Some((kind, index))
    }

    fn focused_kind(&self) -> Option<ItemKind> {
        GROUPS.get(self.sel.group).copied().flatten()
    }

    fn clamp(&mut self) {
        let count = self.doc.borrow().map().stages.len();
        if count > 0 && self.stage >= count {
            self.stage = count - 1;
        }
        self.sel.group = self.sel.group.min(GROUPS.len() - 1);
        self.sel.row = self.sel.row.min(self.group_rows(self.sel.group) - 1);
        self.remember_selected();
    }

    /// What the user selected, and in which version: the keys' own edits
    /// (a move, an edit) are not followed as changes from outside.
    fn remember_selected(&mut self) {
        let version = self.doc.borrow().version();
        self.seen = self.selected_value().map(|item| (version, item));
    }

    fn move_selection(&mut self, down: bool) {
        if down {
            if self.sel.row + 1 < self.group_rows(self.sel.group) {
                self.sel.row += 1;
            } else if self.sel.group + 1 < GROUPS.len() {
                self.sel = Selection {
                    group: self.sel.group + 1,
                    row: 0,
                };
            }
        } else if self.sel.row > 0 {
            self.sel.row -= 1;
        } else if self.sel.group > 0 {
            let group = self.sel.group - 1;
            self.sel = Selection {
                group,
                row: self.group_rows(group) - 1,
            };
        }
    }

    /// Applies a direct edit and says what happened.
    fn apply(&mut self, edit: Edit, ctx: &mut Ctx) -> bool {
        let result = self.doc.borrow_mut().apply(edit);
        match result {
            Ok(done) => {
                ctx.send(AppEvent::Status(capitalise(&done)));
                true
            }
            Err(why) => {
                ctx.send(AppEvent::Error(why.0));
                false
            }
        }
    }

    /// Moves the selected item (or the stage) one place up or down.
    fn move_selected(&mut self, up: bool, ctx: &mut Ctx) {
        let stages = self.doc.borrow().map().stages.len();
        let Some(kind) = self.focused_kind() else {
            // The stage row: move the stage left (up) or right (down).
            let to = if up {
                self.stage.checked_sub(1)
            } else {
                Some(self.stage + 1).filter(|&t| t < stages)
            };
            match to {
                Some(to) => {
                    if self.apply(
                        Edit::MoveStage {
                            from: self.stage,
                            to,
                        },
                        ctx,
                    ) {
                        self.stage = to;
                    }
                }
                None => ctx.send(AppEvent::Error(format!(
                    "the stage is already the {} one",
                    if up { "first" } else { "last" }
                ))),
            }
            return;
        };
        if kind == ItemKind::Feedback {
            ctx.send(AppEvent::Error(
                "feedback is shown newest first: change its date to move it".into(),
            ));
            return;
        }
        let Some((_, from)) = self.selected_item() else {
            return;
        };
        let rows = self.group_rows(self.sel.group);
        let row_to = if up {
            self.sel.row.checked_sub(1)
        } else {
            Some(self.sel.row + 1).filter(|&r| r < rows)
        };
        let Some(row_to) = row_to else {
            ctx.send(AppEvent::Error(format!(
                "the {} is already the {} one",
                kind.noun(),
                if up { "first" } else { "last" }
            )));
            return;
        };
        // Rows map to model indexes (review notes are spread over the
        // map's list): move to the index of the neighbouring row.
        let to = {
            let doc = self.doc.borrow();
            let map = doc.map();
            map.stages
                .get(self.stage)
                .and_then(|s| group_indexes(map, s, kind).get(row_to).copied())
        };
        if let Some(to) = to
            && self.apply(
                Edit::MoveItem {
                    stage: self.stage,
                    kind,
                    from,
                    to,
                },
                ctx,
            )
        {
            self.sel.row = row_to;
        }
    }

    fn request(&self, req: EditRequest, ctx: &mut Ctx) {
        ctx.send(AppEvent::Edit(req));
    }

    /// Remembers how many items of a kind there are, to select the one a
    /// form is about to add.
    fn expect_add(&mut self, kind: ItemKind) {
        let doc = self.doc.borrow();
        let map = doc.map();
        let count = match kind {
            ItemKind::Review => map.reviews.len(),
            k => map.stages.get(self.stage).map_or(0, |s| list_len(s, k)),
        };
        drop(doc);
        self.pending_add = Some((kind, count));
    }

    fn add(&mut self, ctx: &mut Ctx) {
        if let Some(kind) = self.focused_kind() {
            self.expect_add(kind);
        }
        match self.focused_kind() {
            Some(kind) => self.request(
                EditRequest::Form(FormTarget::NewItem {
                    stage: self.stage,
                    kind,
                }),
                ctx,
            ),
            // On the stage row "add" is ambiguous: ask which kind.
            None => self.request(EditRequest::AddAny { stage: self.stage }, ctx),
        }
    }

    fn edit(&mut self, ctx: &mut Ctx) {
        match (self.focused_kind(), self.selected_item()) {
            (None, _) => self.request(
                EditRequest::Form(FormTarget::EditStage { index: self.stage }),
                ctx,
            ),
            (Some(_), Some((kind, index))) => self.request(
                EditRequest::Form(FormTarget::EditItem {
                    stage: self.stage,
                    kind,
                    index,
                }),
                ctx,
            ),
            (Some(_), None) => self.add(ctx),
        }
    }

    fn delete(&self, ctx: &mut Ctx) {
        match (self.focused_kind(), self.selected_item()) {
            (None, _) => self.request(
                EditRequest::Delete {
                    stage: self.stage,
                    kind: None,
                    index: self.stage,
                },
                ctx,
            ),
            (Some(_), Some((kind, index))) => self.request(
                EditRequest::Delete {
                    stage: self.stage,
                    kind: Some(kind),
                    index,
                },
                ctx,
            ),
            (Some(kind), None) => ctx.send(AppEvent::Error(format!(
                "there is no {} to delete",
                kind.noun()
            ))),
        }
    }

    fn mark_kept(&mut self, ctx: &mut Ctx) {
        match self.selected_item() {
            Some((ItemKind::Commitment, index)) => {
                self.apply(
                    Edit::MarkKept {
                        stage: self.stage,
                        index,
                        on: ctx.today,
                    },
                    ctx,
                );
            }
            _ => ctx.send(AppEvent::Error(
                "select a commitment to mark it kept".into(),
            )),
        }
    }

    /// The lines of the screen body, each with the row it belongs to.
    fn lines(&self, width: usize, ctx: &Ctx) -> Vec<(Line<'static>, Option<Selection>)> {
        let doc = self.doc.borrow();
        let map = doc.map();
        let theme = ctx.theme;
        let mut out: Vec<(Line<'static>, Option<Selection>)> = Vec::new();
        let Some(stage) = map.stages.get(self.stage) else {
            out.push((
                Line::from(" This stage no longer exists (an undo removed it). Esc goes back."),
                None,
            ));
            return out;
        };
        let text_width = width.saturating_sub(4).max(10);
        // The stage itself.
        let stage_sel = Selection { group: 0, row: 0 };
        out.push((
            Line::from(vec![
                Span::styled(" Stage ", theme.dim()),
                Span::styled(
                    safe_text::fit(&stage.name, text_width.saturating_sub(20)),
                    theme.heading(),
                ),
                Span::styled(format!("  id {}", safe_text::clean(&stage.id)), theme.dim()),
            ]),
            Some(stage_sel),
        ));
        let goal = stage.goal.as_deref().unwrap_or("no goal written yet");
        for l in safe_text::wrap(&safe_text::clean(goal), text_width.saturating_sub(6)) {
            out.push((
                Line::from(vec![Span::styled("   Goal ", theme.dim()), Span::raw(l)]),
                Some(stage_sel),
            ));
        }
        // Why it is flagged: how we listen (the stage's feedback) here;
        // findings about one commitment or perception are marked on it.
        // In the order they matter, as on the board and in the export.
        let findings: Vec<Finding> = doc
            .analysis()
            .stages
            .get(self.stage)
            .map(|s| s.worst_first().into_iter().cloned().collect())
            .unwrap_or_default();
        // Listed here: how we listen, and what has no row below: a finding
        // about no item (feedback awaited in the stage the client is in, a
        // `since` in the future) or a note about the whole map, whose
        // finding the first stage carries.
        let has_row = |f: &Finding| match (f.list, f.item) {
            (_, None) => false,
            (Some(ItemList::Reviews), Some(i)) => {
                map.reviews.get(i).and_then(|r| r.stage.as_deref()) == Some(stage.id.as_str())
            }
            _ => true,
        };
        let (listening, on_items): (Vec<_>, Vec<_>) = findings
            .iter()
            .partition(|f| f.kind.is_weak_feedback() || !has_row(f));
        out.push((Line::default(), None));
        let mut heading = format!(" Findings {}", findings.len());
        if !on_items.is_empty() {
            heading.push_str(&format!(" · {} marked on items below", on_items.len()));
        }
        out.push((Line::from(Span::styled(heading, theme.heading())), None));
        if listening.is_empty() {
            out.push((
                Line::from(Span::styled("   feedback: nothing to watch", theme.dim())),
                None,
            ));
        }
        for f in listening {
            for (i, l) in
                safe_text::wrap(&safe_text::clean(&f.message), text_width.saturating_sub(2))
                    .into_iter()
                    .enumerate()
            {
                let glyph = if i == 0 {
                    severity_glyph(f.severity)
                } else {
                    " "
                };
                out.push((
                    Line::from(vec![
                        Span::styled(format!("   {glyph} "), theme.severity(f.severity)),
                        Span::raw(l),
                    ]),
                    None,
                ));
            }
        }
        for (g, kind) in GROUPS.iter().enumerate().skip(1) {
            let Some(kind) = *kind else { continue };
            let indexes = group_indexes(map, stage, kind);
            out.push((Line::default(), None));
            let mut heading = format!(" {} {}", kind.heading(), indexes.len());
            if kind == ItemKind::Feedback && !indexes.is_empty() {
                heading.push_str(" · newest first");
            }
            out.push((Line::from(Span::styled(heading, theme.heading())), None));
            if indexes.is_empty() {
                out.push((
                    Line::from(Span::styled(
                        format!("   none yet: {} adds one", ctx.keys.describe(Action::Add)),
                        theme.dim(),
                    )),
                    Some(Selection { group: g, row: 0 }),
                ));
                continue;
            }
            for (row, &index) in indexes.iter().enumerate() {
                let sel = Some(Selection { group: g, row });
                let severity = on_items
                    .iter()
                    .filter(|f| f.item == Some(index) && finding_is_about(f, kind))
                    .map(|f| f.severity)
                    .max();
                let item = ItemRow {
                    kind,
                    index,
                    severity,
                };
                for l in item_lines(map, stage, item, width, ctx) {
                    out.push((l, sel));
                }
            }
        }
        out
    }

    /// The header: client, stage number and name on the left; the stage's
    /// status, the unsaved marker and read-only on the right, always shown:
    /// the names give way first (the client's before the stage's).
    fn header(&self, width: usize, ctx: &Ctx) -> Line<'static> {
        let doc = self.doc.borrow();
        let map = doc.map();
        let theme = ctx.theme;
        let mut right: Vec<Span<'static>> = Vec::new();
        let mut left_fixed = String::new();
        let mut stage_name = String::new();
        if let Some(stage) = map.stages.get(self.stage) {
            let status = doc
                .analysis()
                .stages
                .get(self.stage)
                .map(|s| s.status)
                .unwrap_or_default();
            left_fixed = format!(" · stage {} of {} · ", self.stage + 1, map.stages.len());
            stage_name = safe_text::clean(&stage.name);
            right.push(Span::raw(" · "));
            right.push(Span::styled(
                format!("{} {}", status_glyph(status), status_word(status)),
                theme.status(status),
            ));
        }
        if doc.is_dirty() {
            right.push(Span::styled("  ● unsaved", theme.warning()));
        }
        if doc.read_only {
            right.push(Span::styled("  read-only", theme.dim()));
        }
        let right_w: usize = right.iter().map(Span::width).sum();
        let client = safe_text::clean(&map.client.name);
        // Room for the two names: the client keeps at least a few cells
        // when the stage's name is long.
        let room = width.saturating_sub(right_w + safe_text::width(&left_fixed) + 1);
        let stage_w = safe_text::width(&stage_name);
        let client_w = safe_text::width(&client);
        let (client_room, stage_room) = if client_w + stage_w <= room {
            (client_w, stage_w)
        } else {
            let client_room = client_w.min(room.saturating_sub(stage_w).max(room.min(12)));
            (client_room, room.saturating_sub(client_room))
        };
        let mut spans = vec![Span::styled(
            format!(" {}", safe_text::fit(&client, client_room)),
            theme.heading(),
        )];
        if !left_fixed.is_empty() {
            spans.push(Span::styled(left_fixed, theme.dim()));
            spans.push(Span::raw(safe_text::fit(&stage_name, stage_room)));
        }
        spans.extend(right);
        Line::from(spans)
    }
}

/// Whether a finding is about an item of that kind (the `item` index of a
/// finding refers to the list it names).
fn finding_is_about(finding: &Finding, item: ItemKind) -> bool {
    let list = match item {
        ItemKind::Feedback => ItemList::Feedback,
        ItemKind::Commitment => ItemList::Commitments,
        ItemKind::Perception => ItemList::Perceptions,
        ItemKind::Review => ItemList::Reviews,
        ItemKind::Touchpoint | ItemKind::Need => return false,
    };
    finding.list == Some(list)
}

/// One item to draw, with the worst finding about it.
#[derive(Debug, Clone, Copy)]
struct ItemRow {
    kind: ItemKind,
    index: usize,
    severity: Option<Severity>,
}

/// The lines of one item: a glyph for its worst finding, a tag column
/// (state, date, channel...), then the text wrapped, then details dimmed.
fn item_lines(
    map: &Map,
    stage: &Stage,
    row: ItemRow,
    width: usize,
    ctx: &Ctx,
) -> Vec<Line<'static>> {
    let (today, theme) = (ctx.today, ctx.theme);
    let ItemRow {
        kind,
        index,
        severity,
    } = row;
    // (tag, tag style, text, details)
    let (tag, tag_style, text, details): (String, Style, String, String) = match kind {
        ItemKind::Touchpoint => {
            let Some(t) = stage.touchpoints.get(index) else {
                return Vec::new();
            };
            let mut details = t.owner.clone();
            if !t.department.is_empty() {
                details = format!("{details} · {}", t.department).into();
            }
            (
                t.channel.to_string(),
                theme.dim(),
                t.description.to_string(),
                details.to_string(),
            )
        }
        ItemKind::Need => {
            let Some(n) = stage.needs.get(index) else {
                return Vec::new();
            };
            let (tag, style) = if n.met {
                ("✓ met", theme.success())
            } else {
                ("○ open", theme.warning())
            };
            (
                tag.into(),
                style,
                n.text.to_string(),
                n.motivation.to_string(),
            )
        }
        ItemKind::Perception => {
            let Some(p) = stage.perceptions.get(index) else {
                return Vec::new();
            };
            let style = if p.source == crate::model::Source::Assumed {
                theme.warning()
            } else {
                theme.dim()
            };
            (
                format!("{:+} {}", p.sentiment, p.source),
                style,
                p.text.to_string(),
                String::new(),
            )
        }
        ItemKind::Feedback => {
            let Some(f) = stage.feedback.get(index) else {
                return Vec::new();
            };
            let score = f.score.map_or("no score".to_string(), |s| format!("{s}/5"));
            let mut details = format!("{} · {} · {}", f.method, age(f.date, today), f.by);
            if f.holding_back {
                details.push_str(" · held back");
            }
            let newest = newest_feedback(stage, today) == Some(index);
            let style = if newest { theme.heading() } else { theme.dim() };
            (
                format!("{} {score}", f.date),
                style,
                f.summary.to_string(),
                details,
            )
        }
        ItemKind::Commitment => {
            let Some(c) = stage.commitments.get(index) else {
                return Vec::new();
            };
            let state = CommitmentState::of(c, today, ctx.thresholds);
            (
                state.label(),
                theme.commitment(state),
                c.promise.to_string(),
                format!("{} · due {}", c.owner, c.due),
            )
        }
        ItemKind::Review => {
            let Some(r) = map.reviews.get(index) else {
                return Vec::new();
            };
            (
                r.date.to_string(),
                theme.dim(),
                r.note.to_string(),
                r.by.to_string(),
            )
        }
    };
    // Two columns: the tag in a fixed column, the text beside it.
    let tag_col = (width * 3 / 10).clamp(8, 24);
    let text_col = width.saturating_sub(tag_col + 5).max(8);
    let glyph = match severity {
        Some(sev) => Span::styled(format!(" {} ", severity_glyph(sev)), theme.severity(sev)),
        None => Span::raw("   "),
    };
    let text = safe_text::clean(&text);
    let details = safe_text::clean(&details);
    let head = vec![
        glyph,
        Span::styled(safe_text::pad(&tag, tag_col), tag_style),
        Span::raw(" "),
    ];
    // On wide screens short items take one line: text, then details.
    let one_line = safe_text::width(&text) + 3 + safe_text::width(&details);
    if one_line <= text_col {
        let mut spans = head;
        spans.push(Span::raw(text));
        if !details.is_empty() {
            spans.push(Span::styled(format!(" · {details}"), theme.dim()));
        }
        return vec![Line::from(spans)];
    }
    let mut wrapped = safe_text::wrap(&text, text_col).into_iter();
    let mut first = head;
    first.push(Span::raw(wrapped.next().unwrap_or_default()));
    let mut lines = vec![Line::from(first)];
    let indent = " ".repeat(tag_col + 4);
    for l in wrapped {
        lines.push(Line::from(format!("{indent}{l}")));
    }
    if !details.is_empty() {
        for l in safe_text::wrap(&details, text_col) {
            lines.push(Line::from(vec![
                Span::raw(indent.clone()),
                Span::styled(l, theme.dim()),
            ]));
        }
    }
    lines
}

impl Component for StageView {
    fn handle_key(&mut self, key: KeyEvent, ctx: &mut Ctx) -> EventState {
        // The form of an earlier add is closed by now.
        self.pending_add = None;
        self.clamp();
        if self.find.is_typing() {
            if self.find.handle_key(key, ctx) == FindKey::Confirmed {
                self.find_step(true, true, ctx);
            }
            return EventState::Consumed;
        }
        if self.find.is_active()
            && let Some(forward) = find::step_key(&key)
        {
            self.find_step(forward, false, ctx);
            return EventState::Consumed;
        }
        let Some(action) = ctx.keys.action(&key) else {
            return EventState::NotConsumed;
        };
        let stages = self.doc.borrow().map().stages.len();
        match action {
            Action::Down => self.move_selection(true),
            Action::Up => self.move_selection(false),
            Action::NextPanel => {
                self.sel = Selection {
                    group: (self.sel.group + 1) % GROUPS.len(),
                    row: 0,
                }
            }
            Action::PrevPanel => {
                self.sel = Selection {
                    group: (self.sel.group + GROUPS.len() - 1) % GROUPS.len(),
                    row: 0,
                }
            }
            Action::Top => self.sel = Selection::default(),
            Action::Bottom => {
                let group = GROUPS.len() - 1;
                self.sel = Selection {
                    group,
                    row: self.group_rows(group) - 1,
                }
            }
            Action::PageDown => (0..10).for_each(|_| self.move_selection(true)),
            Action::PageUp => (0..10).for_each(|_| self.move_selection(false)),
            Action::Left if self.stage > 0 => self.show(self.stage - 1),
            Action::Right if self.stage + 1 < stages => self.show(self.stage + 1),
            Action::Left | Action::Right => {}
            Action::Add => self.add(ctx),
            Action::Edit | Action::Open => self.edit(ctx),
            Action::Delete => self.delete(ctx),
            Action::MoveUp => self.move_selected(true, ctx),
            Action::MoveDown => self.move_selected(false, ctx),
            Action::MarkKept => self.mark_kept(ctx),
            Action::LogFeedback => {
                self.expect_add(ItemKind::Feedback);
                self.request(
                    EditRequest::Form(FormTarget::LogFeedback { stage: self.stage }),
                    ctx,
                )
            }
            Action::Review => {
                self.expect_add(ItemKind::Review);
                self.request(
                    EditRequest::Form(FormTarget::NewItem {
                        stage: self.stage,
                        kind: ItemKind::Review,
                    }),
                    ctx,
                )
            }
            Action::Filter => self.find.start(),
            Action::Back if self.find.is_active() => {
                // Esc ends the search first, then goes back.
                self.find = FindBar::default();
                ctx.send(AppEvent::Status("Search ended".into()));
            }
            _ => return EventState::NotConsumed,
        }
        self.clamp();
        EventState::Consumed
    }

    fn is_typing(&self) -> bool {
        self.find.is_typing()
    }

    fn handle_paste(&mut self, text: &str, _ctx: &mut Ctx) -> EventState {
        if self.find.paste(text) {
            EventState::Consumed
        } else {
            EventState::NotConsumed
        }
    }

    fn handle_mouse(&mut self, mouse: MouseEvent, _area: Rect, _ctx: &mut Ctx) -> EventState {
        match mouse.kind {
            MouseEventKind::ScrollDown => self.move_selection(true),
            MouseEventKind::ScrollUp => self.move_selection(false),
            MouseEventKind::Down(MouseButton::Left) => {
                let hit = self
                    .hits
                    .borrow()
                    .iter()
                    .find(|(y, _)| *y == mouse.row)
                    .map(|(_, s)| *s);
                match hit {
                    Some(sel) => self.sel = sel,
                    None => return EventState::NotConsumed,
                }
            }
            _ => return EventState::NotConsumed,
        }
        self.remember_selected();
        EventState::Consumed
    }

    fn commands(&self, _ctx: &Ctx) -> Vec<CommandHint> {
        if self.find.is_typing() {
            return FindBar::typing_commands();
        }
        let mut hints = vec![
            CommandHint::new(&[Action::Up, Action::Down], "select"),
            CommandHint::new(&[Action::Add], "add"),
            CommandHint::new(&[Action::Edit], "edit"),
            CommandHint::new(&[Action::Delete], "delete"),
        ];
        match self.focused_kind() {
            Some(ItemKind::Commitment) => hints.push(CommandHint::new(&[Action::MarkKept], "kept")),
            Some(ItemKind::Feedback) => {
                hints.push(CommandHint::new(&[Action::LogFeedback], "log feedback"))
            }
            _ => {}
        }
        if self.find.is_active() {
            hints.push(find::step_commands());
        }
        hints.extend([
            CommandHint::new(&[Action::Undo], "undo"),
            CommandHint::new(&[Action::Save], "save"),
            CommandHint::help_only(
                &[Action::NextPanel, Action::PrevPanel],
                "next / previous group",
            ),
            CommandHint::help_only(&[Action::Left, Action::Right], "previous / next stage"),
            CommandHint::help_only(
                &[Action::MoveUp, Action::MoveDown],
                "move the item (or the stage)",
            ),
            CommandHint::help_only(&[Action::MarkKept], "mark the commitment kept today"),
            CommandHint::help_only(&[Action::LogFeedback], "log new feedback"),
            CommandHint::help_only(&[Action::Review], "add a review note about the stage"),
            CommandHint::help_only(
                &[Action::Filter],
                "find text in the map; then n / N: next / previous match",
            ),
            CommandHint::help_only(&[Action::Redo], "redo"),
            CommandHint::help_only(&[Action::Back], "back to the board"),
        ]);
        hints
    }

    fn name(&self) -> &'static str {
        "Stage detail"
    }

    fn sync(&mut self, _ctx: &Ctx) -> bool {
        StageView::sync(self)
    }

    fn draw(&self, area: Rect, buf: &mut Buffer, ctx: &Ctx) {
        let area = area.intersection(*buf.area());
        if area.height == 0 || area.width == 0 {
            return;
        }
        put_line(buf, area, 0, &self.header(usize::from(area.width), ctx));
        let body = Rect {
            y: area.y + 1,
            height: area.height - 1,
            ..area
        };
        let lines = self.lines(usize::from(body.width), ctx);
        let rows = usize::from(body.height);
        // Keep every line of the selected row in view.
        let first_sel = lines.iter().position(|(_, s)| *s == Some(self.sel));
        let last_sel = lines.iter().rposition(|(_, s)| *s == Some(self.sel));
        let mut top = self.scroll.get().min(lines.len().saturating_sub(1));
        if let (Some(first), Some(last)) = (first_sel, last_sel) {
            if last >= top + rows {
                top = (last + 1).saturating_sub(rows);
            }
            if first < top {
                top = first;
            }
        }
        self.scroll.set(top);
        let mut hits = self.hits.borrow_mut();
        hits.clear();
        for (i, (line, sel)) in lines.iter().skip(top).take(rows).enumerate() {
            let y = i as u16;
            let selected = *sel == Some(self.sel);
            let row_area = Rect {
                y: body.y + y,
                height: 1,
                ..body
            };
            if selected {
                buf.set_style(row_area, ctx.theme.selected());
                put_line(buf, body, y, &Line::from("▶"));
            }
            let mut line = line.clone();
            if selected {
                line = line.patch_style(ctx.theme.selected());
                if let Some(first) = line.spans.first_mut()
                    && first.content.starts_with(' ')
                {
                    first.content = format!("▶{}", &first.content[1..]).into();
                }
            }
            put_line(buf, body, y, &line);
            if let Some(sel) = sel {
                hits.push((body.y + y, *sel));
            }
        }
        drop(hits);
        self.find.draw(self.doc.borrow().map(), area, buf, ctx);
    }
}

#[cfg(test)]
mod tests {
    use jiff::civil::Date;

    use super::*;
    use crate::model::Method;

    fn d(y: i16, m: i8, day: i8) -> Date {
        jiff::civil::date(y, m, day)
    }

    #[test]
    fn feedback_is_ordered_newest_first_ties_by_file_order() {
        let fb = |date: Date| Feedback {
            date,
            method: Method::Call,
            score: None,
            by: Default::default(),
            summary: Default::default(),
            holding_back: false,
        };
        let list = vec![
            fb(d(2026, 1, 1)),
            fb(d(2026, 3, 1)),
            fb(d(2026, 3, 1)),
            fb(d(2025, 1, 1)),
        ];
        assert_eq!(feedback_order(&list), vec![2, 1, 0, 3]);
    }

    #[test]
    fn the_selected_item_stays_selected_when_a_reload_lists_one_above_it() {
        use crate::analysis::Thresholds;
        use crate::edit::document::Document;
        use crate::storage::{SaveGuard, load_map, save_map};
        let fb = |date: Date, summary: &str| Feedback {
            date,
            method: Method::Call,
            score: None,
            by: "Dana".into(),
            summary: summary.into(),
            holding_back: false,
        };
        let mut map = Map::new("Acme", "Dana");
        map.stages.push(Stage::new("rapport", "Rapport"));
        map.stages[0].feedback = vec![fb(d(2026, 11, 1), "Older"), fb(d(2026, 11, 10), "Newer")];
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("acme.ron");
        save_map(&path, &map, SaveGuard::Force).unwrap();
        let doc = Document::load(&path, d(2026, 11, 23), Thresholds::default(), false)
            .unwrap()
            .shared();
        let mut view = StageView::new(doc.clone(), 0);
        let feedback = GROUPS.iter().position(|g| *g == Some(ItemKind::Feedback));
        view.sel = Selection {
            group: feedback.unwrap(),
            row: 1,
        };
        view.clamp();
        let summary = |v: &StageView| match v.selected_value() {
            Some(Item::Feedback(f)) => f.summary,
            other => panic!("{other:?}"),
        };
        assert_eq!(summary(&view), "Older");
        // `journeymap log` adds today's feedback; the app reloads the file.
        map.stages[0]
            .feedback
            .push(fb(d(2026, 11, 23), "Logged from the shell"));
        save_map(&path, &map, SaveGuard::Force).unwrap();
        doc.borrow_mut().replace_from_disk(load_map(&path).unwrap());
        assert!(view.sync());
        assert_eq!(summary(&view), "Older", "the same entry, one row lower");
        assert_eq!(view.sel.row, 2);
        // The selected entry itself gone: the row stays, within the list.
        map.stages[0].feedback.remove(0);
        save_map(&path, &map, SaveGuard::Force).unwrap();
        doc.borrow_mut().replace_from_disk(load_map(&path).unwrap());
        assert!(view.sync());
        view.clamp();
        assert_eq!(view.sel.row, 1);
    }
}
