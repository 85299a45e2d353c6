//! Search across every map of the folder: any text a person may remember
//! (an item's text, an owner, a department, the segment, a review note),
//! found as it is typed, each hit with where it is (client › stage › kind).
//! Enter opens the map there with the item selected.
//!
//! The maps are read in the background (`storage::map_scan`) into
//! searchable entries (`analysis::search_entries`); the matching rule is
//! `analysis::matches_words`, the portfolio filter's too.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use ratatui::buffer::Buffer;
use ratatui::crossterm::event::{KeyEvent, MouseEvent, MouseEventKind};
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, BorderType};

use super::across::{self, ListPos};
use crate::analysis::{HitKind, SearchEntry, search_entries};
use crate::edit::document::ItemKind;
use crate::storage::LoadedMap;
use crate::storage::map_scan::{MapScan, MapSet};
use crate::tui::component::{CommandHint, Component, Ctx, EventState};
use crate::tui::event::AppEvent;
use crate::tui::keymap::Action;
use crate::tui::theme::Theme;
use crate::tui::widget::text_input::{TextInput, TextKey};
use crate::tui::widget::{fill, put_line, safe_text};

/// One map, ready to search.
#[derive(Debug, Clone)]
pub struct SearchMap {
    pub client: String,
    pub stage_names: Vec<String>,
    pub entries: Vec<SearchEntry>,
}

impl SearchMap {
    fn of(loaded: &LoadedMap) -> SearchMap {
        let map = &loaded.map;
        SearchMap {
            client: map.client.name.to_string(),
            stage_names: map.stages.iter().map(|s| s.name.to_string()).collect(),
            entries: search_entries(map),
        }
    }
}

/// A hit: entry `entry` of map `map`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Hit {
    map: usize,
    entry: usize,
}

pub struct SearchView {
    /// Every map read so far, with its path (unreadable ones are counted).
    set: MapSet<SearchMap>,
    /// The hits of the query, by client, then in map order.
    hits: Vec<Hit>,
    /// The query the hits are for, lowercase.
    searched: String,
    /// Map indices by client name then file, and each map's place there.
    order: Vec<usize>,
    rank: Vec<usize>,
    pos: ListPos,
    query: TextInput,
}

impl SearchView {
    /// Starts reading `files` in the background; returns at once.
    pub fn start(dir: &Path, files: Vec<PathBuf>) -> SearchView {
        SearchView::with_set(MapSet::start(dir, files, SearchMap::of))
    }

    /// A search whose maps come from `scan` (for tests: a manual one).
    pub fn with_scan(dir: &Path, scan: MapScan<SearchMap>) -> SearchView {
        SearchView::with_set(MapSet::with_scan(dir, scan, Arc::new(SearchMap::of)))
    }

    fn with_set(set: MapSet<SearchMap>) -> SearchView {
        SearchView {
            set,
            hits: Vec::new(),
            searched: String::new(),
            order: Vec::new(),
            rank: Vec::new(),
            pos: ListPos::default(),
            query: TextInput::default(),
        }
    }

    /// Takes in every map read since (searching them for the query so
    /// far); whether anything changed.
    pub fn poll(&mut self) -> bool {
        let was_loading = self.set.is_loading();
        let changed = self.set.poll();
        if changed.is_empty() {
            return was_loading != self.set.is_loading();
        }
        let keep = self.hits.get(self.pos.selected).copied();
        self.hits.retain(|h| changed.binary_search(&h.map).is_err());
        for &m in &changed {
            let found = self.search_map(m, &self.searched);
            self.hits
                .extend(found.into_iter().map(|entry| Hit { map: m, entry }));
        }
        self.reorder();
        self.hits
            .sort_unstable_by_key(|h| (self.rank[h.map], h.entry));
        self.keep_selection(keep);
        true
    }

    /// The entries of map `m` that match (none for an empty query).
    fn search_map(&self, m: usize, query: &str) -> Vec<usize> {
        matching(&self.set.maps[m].1, query)
    }

    /// The maps in the order hits are listed: by client name, then file.
    fn reorder(&mut self) {
        let maps = &self.set.maps;
        let mut order: Vec<usize> = (0..maps.len()).collect();
        order.sort_by_cached_key(|&m| {
            let client = match &maps[m].1 {
                Ok(map) => map.client.to_lowercase(),
                Err(_) => String::new(),
            };
            (client, &maps[m].0)
        });
        self.rank = vec![0; maps.len()];
        for (r, &m) in order.iter().enumerate() {
            self.rank[m] = r;
        }
        self.order = order;
    }

    fn keep_selection(&mut self, keep: Option<Hit>) {
        self.pos.selected = keep
            .and_then(|k| self.hits.iter().position(|&h| h == k))
            .unwrap_or(0);
    }

    /// Searches again after the query changed. Typing on at the end only
    /// narrows (every word still has to appear, one is longer or there is
    /// one more), so only the hits so far are looked at; otherwise every
    /// map is searched, on every core.
    fn research(&mut self) {
        let query = self.query.text().to_lowercase();
        let narrower = !self.searched.trim().is_empty() && query.starts_with(&self.searched);
        if narrower {
            let maps = &self.set.maps;
            self.hits.retain(|h| match &maps[h.map].1 {
                Ok(map) => map.entries[h.entry].matches(&query),
                Err(_) => false,
            });
        } else {
            let maps = &self.set.maps;
            let found = crate::storage::parallel::map_ordered(&self.order, |_, &m| {
                matching(&maps[m].1, &query)
            });
            self.hits = self
                .order
                .iter()
                .zip(found)
                .flat_map(|(&m, entries)| {
                    entries.into_iter().map(move |entry| Hit { map: m, entry })
                })
                .collect();
        }
        self.searched = query;
        self.pos.selected = 0;
    }

    fn open_selected(&self, ctx: &mut Ctx) {
        let Some(hit) = self.hits.get(self.pos.selected) else {
            return;
        };
        let (path, Ok(map)) = &self.set.maps[hit.map] else {
            return;
        };
        let Some(entry) = map.entries.get(hit.entry) else {
            return;
        };
        ctx.send(AppEvent::OpenMap(path.clone()));
        let kind = match entry.kind {
            HitKind::Client => None,
            HitKind::Stage => {
                if let Some(stage) = entry.stage {
                    ctx.send(AppEvent::OpenStage(stage));
                }
                return;
            }
            HitKind::Touchpoint => Some(ItemKind::Touchpoint),
            HitKind::Need => Some(ItemKind::Need),
            HitKind::Perception => Some(ItemKind::Perception),
            HitKind::Feedback => Some(ItemKind::Feedback),
            HitKind::Commitment => Some(ItemKind::Commitment),
            HitKind::Review => Some(ItemKind::Review),
        };
        // The client, and review notes about the whole map, are on the
        // board itself.
        if let (Some(kind), Some(stage)) = (kind, entry.stage) {
            ctx.send(AppEvent::OpenItem {
                stage,
                kind,
                index: Some(entry.index),
            });
        }
    }

    fn readable(&self) -> usize {
        self.set.maps.iter().filter(|(_, r)| r.is_ok()).count()
    }

    fn unreadable(&self) -> usize {
        self.set.unreadable()
    }

    /// The lines of a hit: where it is and its text side by side on a
    /// wide screen; on a narrow one where it is, and the text under it.
    fn hit_lines(
        &self,
        hit: Hit,
        width: usize,
        theme: &Theme,
        selected: bool,
    ) -> Vec<Line<'static>> {
        let mark = if selected { "▶ " } else { "  " };
        let Ok(map) = &self.set.maps[hit.map].1 else {
            return Vec::new();
        };
        let Some(entry) = map.entries.get(hit.entry) else {
            return Vec::new();
        };
        let rest = width.saturating_sub(MARK_W);
        let stage = entry.stage.and_then(|s| map.stage_names.get(s));
        let stage = stage.map(String::as_str);
        let lines = if width >= SIDE_BY_SIDE_W {
            let place_w = (rest * 9 / 20).min(60);
            let text_w = rest.saturating_sub(place_w + 1);
            let place = place(&map.client, stage, entry.kind, place_w);
            vec![Line::from(vec![
                Span::raw(mark),
                Span::styled(safe_text::pad(&place, place_w), theme.dim()),
                Span::raw(" "),
                Span::raw(safe_text::fit(&entry.text, text_w)),
            ])]
        } else {
            let indent = MARK_W + 2;
            vec![
                Line::from(vec![
                    Span::raw(mark),
                    Span::styled(place(&map.client, stage, entry.kind, rest), theme.dim()),
                ]),
                Line::from(vec![
                    Span::raw(" ".repeat(indent)),
                    Span::raw(safe_text::fit(&entry.text, width.saturating_sub(indent))),
                ]),
            ]
        };
        if selected {
            lines
                .into_iter()
                .map(|l| l.style(theme.selected()))
                .collect()
        } else {
            lines
        }
    }
}

/// From this inner width on, a hit takes one line; below, two.
const SIDE_BY_SIDE_W: usize = 110;

const MARK_W: usize = 2;

/// The entries of a map that match a lowercase query (none for an empty
/// query or a map that could not be read).
fn matching(map: &Result<SearchMap, String>, query: &str) -> Vec<usize> {
    let Ok(map) = map else {
        return Vec::new();
    };
    if query.trim().is_empty() {
        return Vec::new();
    }
    map.entries
        .iter()
        .enumerate()
        .filter(|(_, e)| e.matches(query))
        .map(|(i, _)| i)
        .collect()
}

/// "Client › Stage › kind" in `width` cells: the kind whole, the client
/// and the stage name cut to share what is left.
fn place(client: &str, stage: Option<&str>, kind: HitKind, width: usize) -> String {
    let kind = (kind != HitKind::Client).then(|| kind.noun());
    let sep = " › ";
    let fixed = kind.map_or(0, |k| k.len() + sep.len()) + stage.map_or(0, |_| sep.len());
    let budget = width.saturating_sub(fixed);
    let client = safe_text::clean(client);
    let stage = stage.map(safe_text::clean);
    let stage_w = stage.as_deref().map_or(0, safe_text::width);
    let client_w = safe_text::width(&client).min(budget.saturating_sub(stage_w).max(budget / 2));
    let mut out = safe_text::truncate(&client, client_w);
    if let Some(stage) = &stage {
        out.push_str(sep);
        out.push_str(&safe_text::truncate(stage, budget.saturating_sub(client_w)));
    }
    if let Some(kind) = kind {
        out.push_str(sep);
        out.push_str(kind);
    }
    safe_text::truncate(&out, width)
}

impl Component for SearchView {
    /// The query takes the keys as it is typed; up and down (and a page,
    /// which cannot be text) move, Enter opens, Esc goes back.
    fn handle_key(&mut self, key: KeyEvent, ctx: &mut Ctx) -> EventState {
        match self.query.handle_key(key) {
            TextKey::Changed => self.research(),
            TextKey::Unchanged => {}
            TextKey::NotText if ctx.is(Action::Open, &key) => self.open_selected(ctx),
            TextKey::NotText if self.pos.handle_key(&key, ctx, self.hits.len()) => {}
            TextKey::NotText => return EventState::NotConsumed,
        }
        EventState::Consumed
    }

    fn handle_mouse(&mut self, mouse: MouseEvent, _area: Rect, _ctx: &mut Ctx) -> EventState {
        match mouse.kind {
            MouseEventKind::ScrollDown => self.pos.move_by(3, self.hits.len()),
            MouseEventKind::ScrollUp => self.pos.move_by(-3, self.hits.len()),
            _ => return EventState::NotConsumed,
        }
        EventState::Consumed
    }

    fn handle_paste(&mut self, text: &str, _ctx: &mut Ctx) -> EventState {
        if self.query.paste(text) {
            self.research();
        }
        EventState::Consumed
    }

    fn commands(&self, _ctx: &Ctx) -> Vec<CommandHint> {
        vec![
            CommandHint::new(&[Action::Up, Action::Down], "move"),
            CommandHint::new(&[Action::Open], "open"),
            CommandHint::new(&[Action::Back], "back"),
            CommandHint::help_only(
                &[Action::Open],
                "open the map there, with the item selected",
            ),
            CommandHint::help_only(&[Action::PageUp, Action::PageDown], "page up / down"),
        ]
    }

    fn name(&self) -> &'static str {
        "Search all maps"
    }

    fn is_typing(&self) -> bool {
        true
    }

    fn tick(&mut self, _ctx: &mut Ctx) -> bool {
        self.poll()
    }

    fn is_loading(&self) -> bool {
        self.set.is_loading()
    }

    fn wait_loaded(&mut self) {
        self.set.wait();
        self.reorder();
        // Every map again, whatever was typed meanwhile.
        self.searched.clear();
        self.research();
    }

    /// The map is read again in the background, then searched again.
    fn map_changed(&mut self, path: &Path, _ctx: &mut Ctx) {
        self.set.changed(path);
    }

    /// The selected hit in full, then the map's file.
    fn context(&self) -> Option<String> {
        let hit = self.hits.get(self.pos.selected)?;
        let (path, Ok(map)) = &self.set.maps[hit.map] else {
            return None;
        };
        let entry = map.entries.get(hit.entry)?;
        Some(format!("{} · {}", entry.text, path.display()))
    }

    fn draw(&self, area: Rect, buf: &mut Buffer, ctx: &Ctx) {
        let theme = ctx.theme;
        if area.height == 0 {
            return;
        }
        let maps = self.readable();
        let unreadable = match self.unreadable() {
            0 => String::new(),
            n => format!(" ({n} unreadable)"),
        };
        let dir = safe_text::clean(&self.set.dir().display().to_string());
        across::header(
            area,
            buf,
            &[
                format!(" Search · {dir} · {maps} maps{unreadable}"),
                format!(" Search · {maps} maps{unreadable}"),
                " Search".to_string(),
            ],
            ctx,
        );
        let panel = Rect {
            y: area.y + 1,
            height: area.height - 1,
            ..area
        };
        let map_count = {
            let mut m: Vec<usize> = self.hits.iter().map(|h| h.map).collect();
            m.dedup();
            m.len()
        };
        let counts = match (self.hits.len(), map_count) {
            (1, _) => "1 hit".to_string(),
            (n, 1) => format!("{n} hits in 1 map"),
            (n, m) => format!("{n} hits in {m} maps"),
        };
        let room = usize::from(area.width / 2);
        let block = Block::bordered()
            .border_type(BorderType::Rounded)
            .border_style(theme.border(true))
            .title(across::typed_title(
                "search",
                &self.query,
                true,
                room,
                &counts,
                theme,
            ));
        let list = across::draw_list_panel(
            block,
            self.set.progress(),
            &self.pos,
            self.hits.len(),
            panel,
            buf,
            theme,
        );
        if list.height == 0 || list.width == 0 {
            return;
        }
        if self.hits.is_empty() {
            let text = if self.query.text().trim().is_empty() {
                "Type to search every map: item text, owners, departments, segments, review notes."
                    .to_string()
            } else if self.set.progress().is_some() {
                "Nothing yet; still reading the maps…".to_string()
            } else {
                format!(
                    "Nothing matches \"{}\".",
                    safe_text::clean(&self.query.text())
                )
            };
            across::note(list, buf, &text, theme);
            return;
        }
        let height = usize::from(list.height);
        let width = usize::from(list.width);
        let per = if width >= SIDE_BY_SIDE_W { 1 } else { 2 };
        let at = self.pos.selected * per;
        let offset = self
            .pos
            .scroll(at, at + per - 1, height, self.hits.len() * per);
        self.pos.set_page(height / per);
        let first = offset / per;
        let mut y = 0u16;
        let skip = offset % per;
        for (n, hit) in self.hits.iter().enumerate().skip(first) {
            let selected = n == self.pos.selected;
            for line in self
                .hit_lines(*hit, width, theme, selected)
                .iter()
                .skip(if n == first { skip } else { 0 })
            {
                if usize::from(y) >= height {
                    return;
                }
                if selected {
                    fill(
                        buf,
                        Rect {
                            y: list.y + y,
                            height: 1,
                            ..list
                        },
                        theme.selected(),
                    );
                }
                put_line(buf, list, y, line);
                y += 1;
            }
            if usize::from(y) >= height {
                return;
            }
        }
    }
}
