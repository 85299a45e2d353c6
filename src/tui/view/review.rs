//! Review mode (`journeymap review`): a read-only presenter walk through
//! every stage that needs attention, one large card at a time, for a team
//! looking at one shared tmux session (which shrinks to its smallest
//! client, so the card is made for 80x24).
//!
//! Keys: review mode binds `n`/`p` to next/previous and `c` to add a note
//! (besides the arrows; see `App::review`), so the footer reads "n next
//! p previous c add a note" from the keymap like everywhere else.
//!
//! The one write it makes is a review note, added to the map file as
//! text by `storage::review_note` and saved at once. Maps changed on disk
//! by others are read again live.

use std::cell::Cell;
use std::path::{Path, PathBuf};

use ratatui::buffer::Buffer;
use ratatui::crossterm::event::KeyEvent;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, BorderType};

use crate::analysis::{AgendaItem, Analysis, CommitmentState, Status, review_agenda};
use crate::model::{Map, Review, Source, Stage};
use crate::storage::review_note::add_review_note;
use crate::storage::watch::{MapWatcher, WatchEvent};
use crate::storage::{self, folders};
use crate::tui::component::{CommandHint, Component, Ctx, EventState};
use crate::tui::event::AppEvent;
use crate::tui::keymap::Action;
use crate::tui::theme::{self, Theme};
use crate::tui::widget::text_input::TextInput;
use crate::tui::widget::{draw_box, put_line, safe_text, status};

/// One map in the review.
struct ReviewMap {
    path: PathBuf,
    map: Map,
    analysis: Analysis,
}

/// The walk: maps, the stops through them, where we are.
pub struct ReviewWalk {
    maps: Vec<ReviewMap>,
    /// Files that could not be read, one line each.
    skipped: Vec<String>,
    /// The stops shown: every stage needing attention, or only those at
    /// risk (`only_at_risk`).
    agenda: Vec<AgendaItem>,
    only_at_risk: bool,
    pos: usize,
    /// Lines of the card scrolled away at the top.
    scroll: usize,
    /// How far the card could scroll and how many rows it shows, at the
    /// last draw (for the footer's hint and for paging).
    overflow: Cell<(usize, usize)>,
    /// The note being written, if `c` was pressed.
    note: Option<TextInput>,
    watcher: Option<MapWatcher>,
    today: jiff::civil::Date,
    thresholds: crate::analysis::Thresholds,
}

impl ReviewWalk {
    /// Reads the map or every map of the folder at `path`. Fails when
    /// nothing can be reviewed at all (no such path, or one map that
    /// cannot be read); in a folder, unreadable maps are listed and
    /// skipped.
    pub fn open(
        path: &Path,
        today: jiff::civil::Date,
        thresholds: crate::analysis::Thresholds,
    ) -> anyhow::Result<ReviewWalk> {
        let files = if path.is_dir() {
            folders::list_maps(path)
                .map_err(|e| anyhow::anyhow!("{}: {}", path.display(), storage::io_words(&e)))?
        } else if path.exists() {
            vec![path.to_path_buf()]
        } else {
            anyhow::bail!("{}: no such file or folder", path.display());
        };
        let mut maps = Vec::new();
        let mut skipped = Vec::new();
        for file in files {
            match storage::load_map(&file) {
                Ok(loaded) => maps.push(ReviewMap {
                    analysis: Analysis::of(&loaded.map, today, &thresholds),
                    path: file,
                    map: loaded.map,
                }),
                Err(e) if !path.is_dir() => anyhow::bail!("{e}"),
                Err(e) => skipped.push(e.summary()),
            }
        }
        let mut watcher = MapWatcher::new().ok();
        if let Some(w) = &mut watcher {
            for m in &maps {
                let hash = storage::read_map_file(&m.path)
                    .ok()
                    .map(|(_, bytes)| storage::content_hash(&bytes));
                let _ = w.watch_file(&m.path, hash);
            }
        }
        let mut walk = ReviewWalk {
            maps,
            skipped,
            agenda: Vec::new(),
            only_at_risk: false,
            pos: 0,
            scroll: 0,
            overflow: Cell::new((0, 0)),
            note: None,
            watcher,
            today,
            thresholds,
        };
        walk.rebuild_agenda(None);
        Ok(walk)
    }

    /// Recomputes the stops, staying on the same stage where it still
    /// needs attention.
    fn rebuild_agenda(&mut self, keep: Option<(PathBuf, String)>) {
        let pairs: Vec<(&Map, &Analysis)> =
            self.maps.iter().map(|m| (&m.map, &m.analysis)).collect();
        self.agenda = review_agenda(&pairs)
            .into_iter()
            .filter(|a| !self.only_at_risk || a.status == Status::AtRisk)
            .collect();
        if let Some((path, id)) = keep
            && let Some(i) = self.agenda.iter().position(|a| {
                self.maps[a.map].path == path && self.maps[a.map].map.stages[a.stage].id == id
            })
        {
            self.pos = i;
        }
        self.pos = self.pos.min(self.agenda.len().saturating_sub(1));
    }

    /// Only the stages at risk, or every stage needing attention. The walk
    /// stays on the stage showing if it is still a stop, else goes to the
    /// next stop after it (in the order of the whole walk).
    pub fn set_only_at_risk(&mut self, only: bool) {
        if only == self.only_at_risk {
            return;
        }
        let here = self.current().map(|(_, _, item)| item);
        let pairs: Vec<(&Map, &Analysis)> =
            self.maps.iter().map(|m| (&m.map, &m.analysis)).collect();
        let all = review_agenda(&pairs);
        let rank = |item: &AgendaItem| {
            all.iter()
                .position(|a| a.map == item.map && a.stage == item.stage)
                .unwrap_or(usize::MAX)
        };
        let here_rank = here.as_ref().map_or(0, rank);
        self.only_at_risk = only;
        self.rebuild_agenda(None);
        self.pos = self
            .agenda
            .iter()
            .position(|a| rank(a) >= here_rank)
            .unwrap_or(self.agenda.len().saturating_sub(1));
        self.scroll = 0;
    }

    /// How far a scrolling key moves the card: a line, or a page less
    /// one line.
    fn scroll_step(&self, key: &KeyEvent, ctx: &Ctx) -> Option<isize> {
        let (_, rows) = self.overflow.get();
        let page = isize::try_from(rows.saturating_sub(1).max(1)).unwrap_or(1);
        if ctx.is(Action::Down, key) {
            Some(1)
        } else if ctx.is(Action::Up, key) {
            Some(-1)
        } else if ctx.is(Action::PageDown, key) {
            Some(page)
        } else if ctx.is(Action::PageUp, key) {
            Some(-page)
        } else {
            None
        }
    }

    pub fn only_at_risk(&self) -> bool {
        self.only_at_risk
    }

    /// Goes to the first stop of the next map (`forward`) or of the
    /// previous one; whether there was one.
    fn jump_map(&mut self, forward: bool) -> bool {
        let Some(map) = self.agenda.get(self.pos).map(|a| a.map) else {
            return false;
        };
        let target = if forward {
            self.agenda[self.pos..]
                .iter()
                .position(|a| a.map != map)
                .map(|i| self.pos + i)
        } else {
            // The start of the map before this one.
            self.agenda[..self.pos]
                .iter()
                .rposition(|a| a.map != map)
                .map(|i| {
                    let before = self.agenda[i].map;
                    self.agenda[..=i]
                        .iter()
                        .rposition(|a| a.map != before)
                        .map_or(0, |j| j + 1)
                })
        };
        match target {
            Some(i) => {
                self.pos = i;
                self.scroll = 0;
                true
            }
            None => false,
        }
    }

    /// The stop showing: its map and stage.
    fn current(&self) -> Option<(&ReviewMap, &Stage, AgendaItem)> {
        let item = *self.agenda.get(self.pos)?;
        let m = self.maps.get(item.map)?;
        let stage = m.map.stages.get(item.stage)?;
        Some((m, stage, item))
    }

    fn current_key(&self) -> Option<(PathBuf, String)> {
        self.current()
            .map(|(m, stage, _)| (m.path.clone(), stage.id.to_string()))
    }

    /// "3 of 7".
    pub fn position(&self) -> (usize, usize) {
        (
            if self.agenda.is_empty() {
                0
            } else {
                self.pos + 1
            },
            self.agenda.len(),
        )
    }

    /// The stage showing, as (file name, stage id), for tests.
    pub fn showing(&self) -> Option<(String, String)> {
        self.current().map(|(m, stage, _)| {
            (
                m.path
                    .file_name()
                    .map(|n| n.to_string_lossy().into_owned())
                    .unwrap_or_default(),
                stage.id.to_string(),
            )
        })
    }

    /// Reads again the maps that others changed on disk; whether anything
    /// changed on screen.
    pub fn tick(&mut self) -> Option<String> {
        let events = self.watcher.as_mut().map(MapWatcher::poll)?;
        let mut changed = Vec::new();
        for event in events {
            if let WatchEvent::Changed { path, .. } = event
                && let Some(i) = self.maps.iter().position(|m| m.path == path)
                && let Ok(loaded) = storage::load_map(&path)
            {
                self.replace_map(i, loaded.map);
                changed.push(file_name(&path));
            }
        }
        (!changed.is_empty()).then(|| format!("{} changed on disk: reloaded", changed.join(", ")))
    }

    fn replace_map(&mut self, i: usize, map: Map) {
        let keep = self.current_key();
        self.maps[i].analysis = Analysis::of(&map, self.today, &self.thresholds);
        self.maps[i].map = map;
        self.rebuild_agenda(keep);
    }

    fn save_note(&mut self, text: String, ctx: &mut Ctx) {
        let Some((m, stage, item)) = self.current() else {
            return;
        };
        let review = Review {
            date: ctx.today,
            by: ctx.user.into(),
            stage: Some(stage.id.clone()),
            note: text.trim().into(),
        };
        let path = m.path.clone();
        match add_review_note(&path, &review) {
            Ok(loaded) => {
                if let Some(w) = &mut self.watcher {
                    w.set_known(&path, Some(loaded.hash));
                }
                self.replace_map(item.map, loaded.map);
                self.note = None;
                // Show the new note: it is the last line of the card.
                self.scroll = usize::MAX;
                ctx.send(AppEvent::Status(format!(
                    "Note saved to {}",
                    file_name(&path)
                )));
            }
            // The text stays in the input, so saving again is one key.
            Err(e) => ctx.send(AppEvent::Error(format!("Note not saved: {e}"))),
        }
    }

    /// Keys while a note is written: text first (a letter is text even
    /// when bound to an action), then `open` saves it and `back` drops it.
    /// Every key stays with the note while it is open.
    fn handle_note_key(&mut self, key: KeyEvent, ctx: &mut Ctx) -> EventState {
        let Some(note) = &mut self.note else {
            return EventState::NotConsumed;
        };
        if note.handle_key(key).is_used() {
            return EventState::Consumed;
        }
        if ctx.is(Action::Back, &key) {
            self.note = None;
        } else if ctx.is(Action::Open, &key) {
            let text = note.text();
            if text.trim().is_empty() {
                ctx.send(AppEvent::Error("The note is empty".into()));
            } else {
                self.save_note(text, ctx);
            }
        }
        EventState::Consumed
    }

    /// The card's lines for the stop showing, at a width.
    fn card_lines(&self, width: usize, theme: &Theme) -> Vec<Line<'static>> {
        let Some((m, stage, item)) = self.current() else {
            return Vec::new();
        };
        let today = self.today;
        let mut out: Vec<Line<'static>> = Vec::new();
        let heading = |text: &str| Line::from(Span::styled(text.to_string(), theme.heading()));
        let indent = "  ";
        let inner = width.saturating_sub(indent.len() + 2);

        if let Some(goal) = &stage.goal {
            out.push(Line::from(Span::styled(
                safe_text::fit(&format!("Goal: {goal}"), width),
                theme.dim(),
            )));
        }
        out.push(heading("Why it is flagged"));
        for f in m.analysis.stages[item.stage].worst_first() {
            for (i, part) in safe_text::wrap(&f.message, inner).into_iter().enumerate() {
                let glyph = if i == 0 {
                    theme::severity_glyph(f.severity)
                } else {
                    " "
                };
                out.push(Line::from(vec![
                    Span::raw(indent),
                    Span::styled(format!("{glyph} "), theme.severity(f.severity)),
                    Span::raw(part),
                ]));
            }
        }

        // Needs and perceptions side by side when there is room. Each entry
        // is a marker (coloured) and its text.
        let needs: Vec<(String, Style, String)> = stage
            .needs
            .iter()
            .map(|n| {
                let (mark, style) = if n.met {
                    ("✓ ", theme.success())
                } else {
                    ("✗ ", theme.warning())
                };
                let met = if n.met { ", met" } else { "" };
                (
                    mark.to_string(),
                    style,
                    safe_text::clean(&format!("{} ({}{met})", n.text, n.motivation)),
                )
            })
            .collect();
        let perceptions: Vec<(String, Style, String)> = stage
            .perceptions
            .iter()
            .map(|p| {
                let style = match p.sentiment {
                    s if s < 0 => theme.warning(),
                    0 => theme.text(),
                    _ => theme.success(),
                };
                let source = match p.source {
                    Source::Assumed => "our guess",
                    Source::Heard => "heard",
                    Source::Observed => "observed",
                };
                (
                    // "+1", "-2", and " 0": zero has no sign.
                    if p.sentiment == 0 {
                        " 0 ".to_string()
                    } else {
                        format!("{:+} ", p.sentiment)
                    },
                    style,
                    safe_text::clean(&format!("\"{}\" ({source})", p.text)),
                )
            })
            .collect();
        let placeholder = |what: &str| vec![(String::new(), theme.dim(), what.to_string())];
        let needs = if needs.is_empty() {
            placeholder("none written down")
        } else {
            needs
        };
        let perceptions = if perceptions.is_empty() {
            placeholder("nothing recorded")
        } else {
            perceptions
        };
        // An entry wrapped to `cells`: its marker on the first row, the
        // text's next rows under the text; every row exactly `cells` wide.
        let entry_rows = |(mark, style, text): &(String, Style, String), cells: usize| {
            let mark_w = safe_text::width(mark);
            let room = cells.saturating_sub(mark_w).max(1);
            let text_style = if mark.is_empty() {
                theme.dim()
            } else {
                theme.text()
            };
            safe_text::wrap(text, room)
                .into_iter()
                .enumerate()
                .map(|(i, part)| {
                    let lead = if i == 0 {
                        Span::styled(mark.clone(), *style)
                    } else {
                        Span::raw(" ".repeat(mark_w))
                    };
                    vec![lead, Span::styled(safe_text::pad(&part, room), text_style)]
                })
                .collect::<Vec<_>>()
        };
        if width >= 60 {
            let col = (width - indent.len()) / 2;
            out.push(Line::from(vec![
                Span::styled(
                    safe_text::pad("What the client needs", col + indent.len()),
                    theme.heading(),
                ),
                Span::styled("How they see us", theme.heading()),
            ]));
            let left: Vec<_> = needs.iter().flat_map(|e| entry_rows(e, col - 1)).collect();
            let right: Vec<_> = perceptions
                .iter()
                .flat_map(|e| entry_rows(e, width.saturating_sub(col + indent.len())))
                .collect();
            for i in 0..left.len().max(right.len()) {
                let mut spans = vec![Span::raw(indent)];
                match left.get(i) {
                    Some(row) => spans.extend(row.iter().cloned()),
                    None => spans.push(Span::raw(" ".repeat(col - 1))),
                }
                spans.push(Span::raw(" "));
                if let Some(row) = right.get(i) {
                    spans.extend(row.iter().cloned());
                }
                out.push(Line::from(spans));
            }
        } else {
            out.push(heading("What the client needs"));
            for row in needs.iter().flat_map(|e| entry_rows(e, inner)) {
                let mut spans = vec![Span::raw(indent)];
                spans.extend(row);
                out.push(Line::from(spans));
            }
            out.push(heading("How they see us"));
            for row in perceptions.iter().flat_map(|e| entry_rows(e, inner)) {
                let mut spans = vec![Span::raw(indent)];
                spans.extend(row);
                out.push(Line::from(spans));
            }
        }
        let none = |what: &str| Span::styled(what.to_string(), theme.dim());

        out.push(heading("Promises"));
        if stage.commitments.is_empty() {
            out.push(Line::from(vec![
                Span::raw(indent),
                none("no promises made"),
            ]));
        }
        for c in &stage.commitments {
            let state = CommitmentState::of(c, today, &self.thresholds);
            let style = theme.commitment(state);
            // The state first: it is what the room needs to see.
            let lead = format!("{}: ", state.words());
            let lead_w = safe_text::width(&lead);
            let text = format!("\"{}\" ({}, due {})", c.promise, c.owner, c.due);
            for (i, part) in safe_text::wrap(&text, inner.saturating_sub(lead_w))
                .into_iter()
                .enumerate()
            {
                let first = if i == 0 {
                    Span::styled(lead.clone(), style)
                } else {
                    Span::raw(" ".repeat(lead_w))
                };
                out.push(Line::from(vec![Span::raw(indent), first, Span::raw(part)]));
            }
        }

        out.push(heading("Review notes"));
        let notes: Vec<&Review> = m
            .map
            .reviews
            .iter()
            .filter(|r| r.stage.as_deref() == Some(stage.id.as_str()) || r.stage.is_none())
            .collect();
        if notes.is_empty() {
            out.push(Line::from(vec![Span::raw(indent), none("none yet")]));
        }
        for r in notes {
            let about = if r.stage.is_none() {
                " (whole map)"
            } else {
                ""
            };
            let text = format!("{} {}{about}: {}", r.date, r.by, r.note);
            for part in safe_text::wrap(&text, inner) {
                out.push(Line::from(vec![Span::raw(indent), Span::raw(part)]));
            }
        }
        out
    }
}

fn file_name(path: &Path) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| path.display().to_string())
}

impl Component for ReviewWalk {
    fn handle_key(&mut self, key: KeyEvent, ctx: &mut Ctx) -> EventState {
        if self.note.is_some() {
            return self.handle_note_key(key, ctx);
        }
        let count = self.agenda.len();
        if ctx.is(Action::Right, &key) {
            if self.pos + 1 < count {
                self.pos += 1;
                self.scroll = 0;
            } else if count > 0 {
                ctx.send(AppEvent::Status(format!(
                    "That was the last stage: {} ends the review",
                    ctx.keys.describe(Action::Quit)
                )));
            }
        } else if ctx.is(Action::Left, &key) {
            if self.pos > 0 {
                self.pos -= 1;
                self.scroll = 0;
            }
        } else if ctx.is(Action::Add, &key) {
            if self.current().is_some() {
                self.note = Some(TextInput::default());
            }
        } else if ctx.is(Action::NextPanel, &key) || ctx.is(Action::PrevPanel, &key) {
            let forward = ctx.is(Action::NextPanel, &key);
            if !self.jump_map(forward) && count > 0 {
                ctx.send(AppEvent::Status(
                    if forward {
                        "This is the last map of the review"
                    } else {
                        "This is the first map of the review"
                    }
                    .into(),
                ));
            }
        } else if ctx.is(Action::Filter, &key) {
            self.set_only_at_risk(!self.only_at_risk);
            ctx.send(AppEvent::Status(
                if self.only_at_risk {
                    "Showing only the stages at risk"
                } else {
                    "Showing every stage that needs attention"
                }
                .into(),
            ));
        } else if let Some(delta) = self.scroll_step(&key, ctx) {
            // Within what the last draw could show, so that a key back up
            // always moves the card.
            let (max, _) = self.overflow.get();
            self.scroll = self.scroll.min(max).saturating_add_signed(delta).min(max);
        } else if ctx.is(Action::Back, &key) {
            ctx.send(AppEvent::Quit);
        } else {
            return EventState::NotConsumed;
        }
        EventState::Consumed
    }

    fn commands(&self, _ctx: &Ctx) -> Vec<CommandHint> {
        if self.note.is_some() {
            return vec![
                CommandHint::new(&[Action::Open], "save the note"),
                CommandHint::new(&[Action::Back], "cancel"),
            ];
        }
        let (max_scroll, _) = self.overflow.get();
        let scroll = if max_scroll > 0 {
            CommandHint::new(&[Action::Up, Action::Down], "scroll")
        } else {
            CommandHint::help_only(&[Action::Up, Action::Down], "scroll the card")
        };
        let mut out = vec![
            CommandHint::new(&[Action::Right], "next"),
            CommandHint::new(&[Action::Left], "previous"),
            CommandHint::new(&[Action::Add], "note"),
            scroll,
        ];
        if self.maps.len() > 1 {
            out.push(CommandHint::new(&[Action::NextPanel], "next map"));
        }
        out.extend([
            CommandHint::new(
                &[Action::Filter],
                if self.only_at_risk { "all" } else { "at risk" },
            ),
            CommandHint::help_only(&[Action::Add], "add a review note about the stage"),
            CommandHint::help_only(
                &[Action::Filter],
                "switch: only the stages at risk / every stage needing attention",
            ),
            CommandHint::help_only(&[Action::PrevPanel], "previous map"),
            CommandHint::help_only(&[Action::PageUp, Action::PageDown], "scroll a page"),
        ]);
        out
    }

    fn is_typing(&self) -> bool {
        self.note.is_some()
    }

    fn name(&self) -> &'static str {
        "Review"
    }

    /// Live reload of the maps under review.
    fn tick(&mut self, ctx: &mut Ctx) -> bool {
        match ReviewWalk::tick(self) {
            Some(text) => {
                ctx.send(AppEvent::Status(text));
                true
            }
            None => false,
        }
    }

    /// A paste while a note is written goes into the note.
    fn handle_paste(&mut self, text: &str, _ctx: &mut Ctx) -> EventState {
        match &mut self.note {
            Some(note) => {
                note.paste(text);
                EventState::Consumed
            }
            None => EventState::NotConsumed,
        }
    }

    fn draw(&self, area: Rect, buf: &mut Buffer, ctx: &Ctx) {
        if area.height < 3 || area.width < 20 {
            return;
        }
        let theme = ctx.theme;
        let w = usize::from(area.width);
        let (at, total) = self.position();
        // Header: what is being reviewed, where we are, read-only.
        let client = self
            .current()
            .map(|(m, _, _)| m.map.client.name.clone())
            .unwrap_or_else(|| "nothing to review".into());
        let right = " read-only ";
        // The counter counts stops; the card's title says which stage of
        // the map this is ("stage 3 of 6"). The counter matters more than
        // the client's full name: the name gives way first.
        let which = if self.only_at_risk {
            "at risk"
        } else {
            "needing attention"
        };
        let counter = format!(" · stop {at} of {total} {which}");
        let room = w.saturating_sub(right.len() + " REVIEW · ".len() + counter.len());
        let left = if room >= 8 {
            format!(" REVIEW · {}{counter}", safe_text::fit(&client, room))
        } else {
            let short = format!(" REVIEW{counter}");
            let short = if safe_text::width(&short) + right.len() <= w {
                short
            } else {
                format!(" REVIEW · stop {at} of {total}")
            };
            safe_text::fit(&short, w.saturating_sub(right.len()))
        };
        let gap = w.saturating_sub(safe_text::width(&left) + right.len());
        put_line(
            buf,
            area,
            0,
            &Line::from(vec![
                Span::styled(left, theme.heading()),
                Span::raw(" ".repeat(gap)),
                Span::styled(right, theme.dim()),
            ]),
        );
        let card_area = Rect {
            y: area.y + 1,
            height: area.height - 1,
            ..area
        };
        let Some((m, stage, item)) = self.current() else {
            let block = Block::bordered().border_type(BorderType::Rounded);
            let inner = draw_box(block, card_area, buf);
            let maps = if self.maps.len() == 1 {
                "the map".to_string()
            } else {
                format!("the {} maps", self.maps.len())
            };
            let mut lines = vec![Line::from(if self.only_at_risk {
                format!(
                    "Nothing is at risk in {maps}: {} shows every stage that needs attention.",
                    ctx.keys.describe(Action::Filter)
                )
            } else {
                format!("Nothing needs attention: every stage of {maps} is ok.")
            })];
            for s in &self.skipped {
                lines.push(Line::from(Span::styled(
                    format!("not read: {s}"),
                    theme.error(),
                )));
            }
            for (i, line) in lines.iter().enumerate() {
                put_line(buf, inner, i as u16, line);
            }
            return;
        };
        let stage_no = item.stage + 1;
        let title = Line::from(vec![
            Span::styled(
                format!(
                    " stage {stage_no} of {}: {} · ",
                    m.map.stages.len(),
                    safe_text::fit(&stage.name, w.saturating_sub(40))
                ),
                theme.heading(),
            ),
            status::badge(item.status, theme),
            Span::raw(" "),
        ]);
        let mut block = Block::bordered()
            .border_type(BorderType::Rounded)
            .border_style(theme.border(true))
            .title(title);
        if self.maps.len() > 1 {
            block = block.title_bottom(Line::from(Span::styled(
                format!(" {} ", safe_text::fit(&file_name(&m.path), w / 2)),
                theme.dim(),
            )));
        }
        // How far the card scrolls, known before the box is drawn so that
        // the hints go on its border rather than over a line of the card.
        let text_w = usize::from(card_area.width.saturating_sub(4));
        let lines = self.card_lines(text_w, theme);
        // The note input takes the last two rows while it is open.
        let input_rows: u16 = if self.note.is_some() { 2 } else { 0 };
        let rows = usize::from(card_area.height.saturating_sub(2 + input_rows));
        let max_scroll = lines.len().saturating_sub(rows);
        let scroll = self.scroll.min(max_scroll);
        self.overflow.set((max_scroll, rows));
        if scroll < max_scroll {
            block = block.title_bottom(
                Line::from(Span::styled(
                    format!(" ↓ {} more ", max_scroll - scroll),
                    theme.key(),
                ))
                .right_aligned(),
            );
        }
        if scroll > 0 {
            block = block.title(
                Line::from(Span::styled(format!(" ↑ {scroll} above "), theme.key()))
                    .right_aligned(),
            );
        }
        let inner = draw_box(block, card_area, buf);
        let inner = Rect {
            x: inner.x + 1,
            width: inner.width.saturating_sub(2),
            ..inner
        };
        for (i, line) in lines.iter().skip(scroll).take(rows).enumerate() {
            put_line(buf, inner, i as u16, line);
        }
        if let Some(note) = &self.note {
            let label = format!("Note by {} on {}: ", ctx.user, ctx.today);
            let room = usize::from(inner.width).saturating_sub(safe_text::width(&label) + 1);
            // A long note shows around the cursor: that is where the typing is.
            let (before, after) = note.around_cursor(room);
            let y = inner.height.saturating_sub(2);
            put_line(
                buf,
                inner,
                y,
                &Line::from(Span::styled(
                    "─".repeat(usize::from(inner.width)),
                    theme.dim(),
                )),
            );
            put_line(
                buf,
                inner,
                y + 1,
                &Line::from(vec![
                    Span::styled(label, theme.key()),
                    Span::raw(before),
                    Span::styled("▏", theme.key()),
                    Span::raw(after),
                ]),
            );
        }
    }
}
