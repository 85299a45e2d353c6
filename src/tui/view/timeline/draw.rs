//! Drawing the timeline: the title and how far back it reaches, the grid
//! of statuses with the months above and the cursor under it, the line
//! about the selected point, the two curves, the record table.
//!
//! Everything reads without colour: a status is its glyph (the board's
//! ● ◐ ○), a stage not in the map then is `·`, a revision that did not
//! read is `✗` all the way down, the cursor is a `▲` under its column.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};

use super::data::{Point, TimelineData};
use super::{State, Timeline};
use crate::analysis::{Quarter, QuarterRecord, Status, journey_sentiment};
use crate::tui::component::Ctx;
use crate::tui::keymap::Action;
use crate::tui::theme::{self, Theme};
use crate::tui::widget::{emotion_curve, put_line, safe_text, sentiment, status};

/// Rows for everything but the grid, the curves and the record: the title,
/// the reach line and the selected point's line.
const FIXED_ROWS: u16 = 3;
/// The width from which the record's headers are written out in full.
const WIDE: u16 = 110;

pub(super) fn screen(t: &Timeline, area: Rect, buf: &mut Buffer, ctx: &Ctx) {
    let area = area.intersection(*buf.area());
    if area.is_empty() {
        return;
    }
    let theme = ctx.theme;
    let client = safe_text::clean(&t.now.client.name);
    let title = |extra: String| {
        Line::from(vec![
            Span::styled(" Timeline", theme.heading()),
            Span::styled(" · ", theme.dim()),
            Span::styled(client.clone(), theme.heading()),
            Span::styled(extra, theme.dim()),
        ])
    };
    let data = match &t.state {
        State::Loading => {
            put_line(buf, area, 0, &title(String::new()));
            let line = Line::from(Span::styled(" reading history from git…", theme.dim()));
            put_line(buf, area, 2, &line);
            return;
        }
        State::Failed(why) => {
            put_line(buf, area, 0, &title(String::new()));
            let inner = Rect {
                x: area.x + 1,
                width: area.width.saturating_sub(2),
                ..area
            };
            let mut row = 2;
            for line in safe_text::wrap(why, usize::from(inner.width)) {
                put_line(
                    buf,
                    inner,
                    row,
                    &Line::from(Span::styled(line, theme.error())),
                );
                row += 1;
            }
            let back = format!(
                "The timeline needs the map's history from git. {} goes back to the board.",
                ctx.keys.describe(Action::Back)
            );
            for line in safe_text::wrap(&back, usize::from(inner.width)) {
                row += 1;
                put_line(
                    buf,
                    inner,
                    row,
                    &Line::from(Span::styled(line, theme.dim())),
                );
            }
            return;
        }
        State::Ready(data) => data,
    };
    let commits = data.points.iter().filter(|p| p.revision.is_some()).count();
    let noun = if commits == 1 { "commit" } else { "commits" };
    put_line(
        buf,
        area,
        0,
        &title(format!(" · {commits} {noun} changed it")),
    );
    let reach = format!(
        " {}",
        safe_text::fit(&data.reach, usize::from(area.width) - 1)
    );
    put_line(
        buf,
        area,
        1,
        &Line::from(Span::styled(reach.clone(), theme.dim())),
    );
    // The glyphs' meaning, right of it when there is room.
    let legend = legend(theme);
    let legend_w: usize = legend.iter().map(Span::width).sum();
    if safe_text::width(&reach) + legend_w + 4 <= usize::from(area.width) {
        let x = area.right() - u16::try_from(legend_w).unwrap_or(0);
        let at = Rect {
            x,
            y: area.y + 1,
            width: area.right() - x,
            height: 1,
        };
        put_line(buf, at, 0, &Line::from(legend));
    }
    if data.points.is_empty() {
        let line = Line::from(Span::styled(" No state of the map to show.", theme.dim()));
        put_line(buf, area, 3, &line);
        return;
    }
    let wide = area.width >= WIDE;
    // Heights: the curves get 2 rows each (a line and the stage names),
    // 4 on tall screens; the grid what it needs unless that leaves the
    // record fewer than 4 rows; the record the rest.
    let h = area.height;
    let curve_h: u16 = match h {
        44.. => 6,
        40.. => 4,
        18.. => 1,
        _ => 0,
    };
    let rest = h.saturating_sub(FIXED_ROWS + 2 * curve_h);
    let record_want =
        u16::try_from(data.record.len()).unwrap_or(u16::MAX) + if wide { 2 } else { 1 };
    let grid_want = u16::try_from(data.rows.len()).unwrap_or(u16::MAX) + 2;
    let grid_h = grid_want
        .min(rest.saturating_sub(record_want.min(4)))
        .max(rest.min(3));
    let record_h = record_want.min(rest - grid_h);
    // A blank row between the parts when there is room for them.
    let gap = u16::from(rest - grid_h - record_h >= 3);
    let mut y = area.y + 2;
    let grid = Rect {
        y,
        height: grid_h,
        ..area
    };
    draw_grid(t, data, grid, buf, theme);
    y += grid_h;
    let info = Rect {
        y,
        height: 1,
        ..area
    };
    draw_point_line(data, t.cursor, info, buf, theme);
    y += 1 + gap;
    if curve_h > 0 {
        let point = data.points.get(t.cursor);
        let then = Rect {
            y,
            height: curve_h,
            ..area
        };
        draw_then(point, then, buf, theme);
        let now = Rect {
            y: y + curve_h,
            height: curve_h,
            ..area
        };
        let names: Vec<String> = t.now.stages.iter().map(|s| s.name.to_string()).collect();
        draw_curve(
            "now",
            &t.today.to_string(),
            &journey_sentiment(&t.now),
            &names,
            now,
            buf,
            theme,
        );
        y += 2 * curve_h + gap;
    }
    let record = Rect {
        y,
        height: record_h.min(area.bottom().saturating_sub(y)),
        ..area
    };
    let selected = data.points.get(t.cursor).map(|p| Quarter::of(p.date));
    draw_record(&data.record, selected, wide, record, buf, theme);
    y = record.bottom() + gap;
    if let Some(point) = data.points.get(t.cursor)
        && y + 2 <= area.bottom()
    {
        let changes = Rect {
            y,
            height: area.bottom() - y,
            ..area
        };
        draw_changes(point, t.cursor == 0, changes, buf, theme);
    }
}

/// What the glyphs of the grid mean.
fn legend(theme: &Theme) -> Vec<Span<'static>> {
    use crate::analysis::Status;
    let mut spans = Vec::new();
    for s in [Status::AtRisk, Status::Watch, Status::Ok] {
        spans.push(Span::styled(theme::status_glyph(s), theme.status(s)));
        spans.push(Span::styled(
            format!(" {}  ", theme::status_word(s).to_lowercase()),
            theme.dim(),
        ));
    }
    spans.push(Span::styled("· not in the map  ", theme.dim()));
    spans.push(Span::styled(theme::ERROR_GLYPH, theme.error()));
    spans.push(Span::styled(" did not read ", theme.dim()));
    spans
}

/// What the selected point changed, and the findings that appeared (`+`)
/// and cleared (`-`) with it, as many lines as fit.
fn draw_changes(point: &Point, first: bool, area: Rect, buf: &mut Buffer, theme: &Theme) {
    let name = point
        .revision
        .as_ref()
        .map_or("the uncommitted file".to_string(), |r| r.short.clone());
    let title = Line::from(vec![
        Span::styled(format!(" At {name}"), theme.heading()),
        Span::styled(": what changed since the point before", theme.dim()),
    ]);
    put_line(buf, area, 0, &title);
    let width = usize::from(area.width).saturating_sub(3);
    let mut lines: Vec<Line> = point
        .changes
        .iter()
        .map(|c| Line::from(Span::raw(format!("   {}", safe_text::fit(c, width)))))
        .collect();
    for (appeared, severity, text) in &point.findings {
        let sign = if *appeared { "+" } else { "-" };
        lines.push(Line::from(vec![
            Span::styled(format!("   {sign} "), theme.dim()),
            Span::styled(theme::severity_glyph(*severity), theme.severity(*severity)),
            Span::raw(format!(
                " {}",
                safe_text::fit(text, width.saturating_sub(4))
            )),
        ]));
    }
    if lines.is_empty() {
        // The `history` command's words for an entry with no change.
        let why = match &point.status {
            Err(e) => format!("the file does not read: {}", e.lines().next().unwrap_or("")),
            Ok(_) if first => "the first version".to_string(),
            Ok(_) => "no change to the map's content".to_string(),
        };
        lines.push(Line::from(Span::styled(
            format!("   {}", safe_text::fit(&why, width)),
            theme.dim(),
        )));
    }
    let room = usize::from(area.height) - 1;
    let overflow = lines.len() > room;
    for (i, line) in lines.iter().take(room).enumerate() {
        let row = u16::try_from(i + 1).unwrap_or(u16::MAX);
        if overflow && i + 1 == room {
            let more = Line::from(Span::styled(
                format!("   … {} more", lines.len() - i),
                theme.dim(),
            ));
            put_line(buf, area, row, &more);
        } else {
            put_line(buf, area, row, line);
        }
    }
}

/// The stage names' column width.
fn name_width(area: Rect) -> u16 {
    (area.width / 5).clamp(12, 28)
}

fn draw_grid(t: &Timeline, data: &TimelineData, area: Rect, buf: &mut Buffer, theme: &Theme) {
    let name_w = name_width(area);
    if area.height < 3 || area.width < name_w + 3 {
        return;
    }
    let room = usize::from(area.width.saturating_sub(name_w + 1));
    let n = data.points.len();
    // Two cells a point (glyph and space) when all fit so, else one.
    let cell = if n * 2 <= room { 2 } else { 1 };
    let shown = (room / cell).clamp(1, n.max(1)).min(n);
    let mut first = t.first.get();
    if t.cursor < first {
        first = t.cursor;
    } else if t.cursor >= first + shown {
        first = t.cursor + 1 - shown;
    }
    first = first.min(n - shown);
    t.first.set(first);
    t.shown.set(shown);
    let x0 = area.x + name_w + 1;
    let x_of = |i: usize| x0 + u16::try_from((i - first) * cell).unwrap_or(0);
    // The months above: where a point's month differs from the one
    // before; the year with January and with the first label.
    let mut free = x0;
    let mut last_month = None;
    for i in first..first + shown {
        let date = data.points[i].date;
        let month = (date.year(), date.month());
        if last_month != Some(month) {
            let x = x_of(i);
            let label = if last_month.is_none() || date.month() == 1 {
                format!("{}-{:02}", date.year(), date.month())
            } else {
                MONTHS[usize::try_from(date.month() - 1).unwrap_or(0)].to_string()
            };
            let w = u16::try_from(label.len()).unwrap_or(0);
            if x >= free && x + w <= area.right() {
                buf.set_string(x, area.y, &label, theme.dim());
                free = x + w + 1;
            }
            last_month = Some(month);
        }
    }
    // The stage rows; when they do not all fit, the last row says how
    // many more there are.
    let rows_room = usize::from(area.height - 2);
    let overflow = data.rows.len() > rows_room;
    let rows_shown = if overflow {
        rows_room.saturating_sub(1).max(1)
    } else {
        data.rows.len()
    };
    t.rows_shown.set(rows_shown);
    let row_first = t.row_first.min(data.rows.len().saturating_sub(rows_shown));
    let name_area = Rect {
        width: name_w,
        ..area
    };
    for (slot, r) in (row_first..data.rows.len()).take(rows_shown).enumerate() {
        let y = area.y + 1 + u16::try_from(slot).unwrap_or(0);
        let name = safe_text::pad(&data.rows[r], usize::from(name_w) - 1);
        put_line(
            buf,
            name_area,
            y - area.y,
            &Line::from(Span::styled(format!(" {name}"), theme.text())),
        );
        for i in first..first + shown {
            let (glyph, mut style) = cell_glyph(&data.points[i], r, theme);
            if i == t.cursor {
                style = style.patch(theme.selected());
            }
            buf.set_string(x_of(i), y, glyph, style);
        }
    }
    if overflow {
        let hidden_above = row_first;
        let hidden_below = data.rows.len() - row_first - rows_shown;
        let text = match (hidden_above, hidden_below) {
            (0, n) => format!(" ↓ {n} more stages"),
            (n, 0) => format!(" ↑ {n} more stages"),
            (a, b) => format!(" ↑ {a} ↓ {b} more"),
        };
        let y = u16::try_from(1 + rows_shown).unwrap_or(0);
        put_line(
            buf,
            name_area,
            y,
            &Line::from(Span::styled(
                safe_text::fit(&text, usize::from(name_w)),
                theme.key(),
            )),
        );
    }
    // The cursor under its column, and how many points are off screen.
    let caret_y = area.y + area.height - 1;
    if first > 0 {
        let text = safe_text::fit(&format!(" ◂ {first} older"), usize::from(name_w));
        buf.set_string(area.x, caret_y, text, theme.key());
    }
    let caret_x = x_of(t.cursor);
    buf.set_string(caret_x, caret_y, "▲", theme.heading());
    let newer = n - first - shown;
    if newer > 0 {
        let text = format!("{newer} newer ▸");
        let w = u16::try_from(safe_text::width(&text)).unwrap_or(0);
        let x = area.right().saturating_sub(w);
        if x > caret_x + 1 {
            buf.set_string(x, caret_y, text, theme.key());
        }
    }
}

const MONTHS: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];

/// A cell: the stage's status glyph then, `·` where the stage was not in
/// the map, `✗` where the map did not read.
fn cell_glyph(point: &Point, row: usize, theme: &Theme) -> (&'static str, ratatui::style::Style) {
    match (&point.status, point.cells.get(row).copied().flatten()) {
        (Err(_), _) => (theme::ERROR_GLYPH, theme.error()),
        (Ok(_), Some(s)) => (theme::status_glyph(s), theme.status(s)),
        (Ok(_), None) => ("·", theme.dim()),
    }
}

/// The selected point: which commit, when, by whom, the map's status then
/// and the commit's subject.
fn draw_point_line(
    data: &TimelineData,
    cursor: usize,
    area: Rect,
    buf: &mut Buffer,
    theme: &Theme,
) {
    let Some(point) = data.points.get(cursor) else {
        return;
    };
    let sep = || Span::styled(" · ", theme.dim());
    let mut spans = vec![Span::styled(
        format!(" ▲ {} of {} ", cursor + 1, data.points.len()),
        theme.dim(),
    )];
    match &point.revision {
        Some(r) => spans.extend([
            Span::styled(r.short.clone(), theme.key()),
            sep(),
            Span::raw(point.date.to_string()),
            sep(),
            Span::raw(safe_text::clean(&r.author)),
        ]),
        None => spans.extend([
            Span::styled("now, uncommitted", theme.key()),
            sep(),
            Span::raw(point.date.to_string()),
        ]),
    }
    spans.push(sep());
    match &point.status {
        Ok(s) => spans.push(status::badge(*s, theme)),
        Err(_) => spans.push(Span::styled(
            format!("{} did not read", theme::ERROR_GLYPH),
            theme.error(),
        )),
    }
    let subject = match &point.revision {
        Some(r) => safe_text::clean(&r.subject),
        None => "the file on disk".to_string(),
    };
    spans.push(sep());
    spans.push(Span::styled(subject, theme.dim()));
    put_line(buf, area, 0, &Line::from(spans));
}

/// The curve at the selected point.
fn draw_then(point: Option<&Point>, area: Rect, buf: &mut Buffer, theme: &Theme) {
    let Some(point) = point else {
        return;
    };
    if point.status.is_err() {
        draw_label("then", &point.date.to_string(), area, buf, theme);
        let line = Line::from(Span::styled(
            "the map did not read at this point",
            theme.error(),
        ));
        put_line(buf, curve_area(area), 0, &line);
        return;
    }
    draw_curve(
        "then",
        &point.date.to_string(),
        &point.curve,
        &point.names,
        area,
        buf,
        theme,
    );
}

/// The label column left of a curve.
const LABEL_W: u16 = 12;

fn curve_area(area: Rect) -> Rect {
    Rect {
        x: area.x + LABEL_W,
        width: area.width.saturating_sub(LABEL_W),
        ..area
    }
}

fn draw_label(word: &str, date: &str, area: Rect, buf: &mut Buffer, theme: &Theme) {
    let label = Rect {
        width: LABEL_W.min(area.width),
        ..area
    };
    let word = Span::styled(format!(" {word:<5}"), theme.heading());
    if area.height >= 2 {
        put_line(buf, label, 0, &Line::from(word));
        let date = Span::styled(format!(" {date}"), theme.dim());
        put_line(buf, label, 1, &Line::from(date));
    } else {
        // One line: the word and the day of the date (MM-DD).
        let day = Span::styled(date.get(5..).unwrap_or(date).to_string(), theme.dim());
        put_line(buf, label, 0, &Line::from(vec![word, day]));
    }
}

/// One emotion curve (the board's), labelled.
fn draw_curve(
    word: &str,
    date: &str,
    points: &[Option<crate::analysis::StageSentiment>],
    names: &[String],
    area: Rect,
    buf: &mut Buffer,
    theme: &Theme,
) {
    draw_label(word, date, area, buf, theme);
    let plot = curve_area(area);
    if points.iter().all(Option::is_none) {
        let line = Line::from(Span::styled("no sentiment known", theme.dim()));
        put_line(buf, plot, 0, &line);
        return;
    }
    if area.height < 4 {
        draw_bars(points, plot, buf, theme);
        return;
    }
    // No stage is selected on these curves.
    emotion_curve::draw(points, names, usize::MAX, plot, buf, theme);
}

/// The curve in one line, for short screens: each stage's number and its
/// sentiment as the board's strip draws it (a bar either side of a centre
/// mark, and the value), `—` where nothing was known.
fn draw_bars(
    points: &[Option<crate::analysis::StageSentiment>],
    area: Rect,
    buf: &mut Buffer,
    theme: &Theme,
) {
    let n = points.len().max(1);
    let slot = usize::from(area.width) / n;
    let mut spans = Vec::new();
    for (i, p) in points.iter().enumerate() {
        let digits = (i + 1).to_string().len();
        // The bar two cells a side and the value when there is room, else
        // without the value, else one cell a side right after the number.
        let (half, value, number) = if slot > digits + 11 {
            (2, true, format!("{} ", i + 1))
        } else if slot > digits + 6 {
            (2, false, format!("{} ", i + 1))
        } else {
            (1, false, (i + 1).to_string())
        };
        let (text, style) = match p {
            Some(s) => {
                let value = if value {
                    format!(" {}", sentiment::label(s.value))
                } else {
                    String::new()
                };
                let style = if s.value <= -1.0 {
                    theme.status(Status::AtRisk)
                } else if s.value < 0.0 {
                    theme.status(Status::Watch)
                } else {
                    theme.status(Status::Ok)
                };
                (format!("{}{value}", sentiment::bar(s.value, half)), style)
            }
            None if value => (format!("  {}   —", sentiment::CENTRE), theme.dim()),
            None => {
                let side = " ".repeat(half);
                (format!("{side}{}{side}", sentiment::CENTRE), theme.dim())
            }
        };
        let cell = safe_text::pad(&format!("{number}{text}"), slot);
        spans.push(Span::styled(cell, style));
    }
    put_line(buf, area, 0, &Line::from(spans));
}

/// The record: one row a quarter, newest last, as many as fit; the
/// quarter of the selected point marked `▸`.
fn draw_record(
    record: &[QuarterRecord],
    selected: Option<Quarter>,
    wide: bool,
    area: Rect,
    buf: &mut Buffer,
    theme: &Theme,
) {
    if area.height == 0 {
        return;
    }
    if record.is_empty() {
        let line = Line::from(Span::styled(
            " Record per quarter: no commitment due, feedback or stage moving to count yet.",
            theme.dim(),
        ));
        put_line(buf, area, 0, &line);
        return;
    }
    let heads: [&str; 7] = if wide {
        [
            "kept on time",
            "kept late",
            "missed",
            "heard in person",
            "survey only",
            "at risk → ok",
            "ok → at risk",
        ]
    } else {
        [
            "on time",
            "late",
            "missed",
            "in person",
            "survey",
            "risk→ok",
            "ok→risk",
        ]
    };
    let mut row = 0;
    if wide {
        let line = Line::from(vec![
            Span::styled(" Record per quarter", theme.heading()),
            Span::styled(
                ":  commitments falling due  │  stages heard from  │  stages moving",
                theme.dim(),
            ),
        ]);
        put_line(buf, area, row, &line);
        row += 1;
    }
    let width = |i: usize| safe_text::width(heads[i]) + 2;
    let group_end = |i: usize| i == 2 || i == 4;
    let mut spans = vec![Span::styled(
        if wide { "   Quarter" } else { " Quarter" }.to_string(),
        theme.heading(),
    )];
    for (i, head) in heads.iter().enumerate() {
        spans.push(Span::styled(
            safe_text::pad_left(head, width(i)),
            theme.heading(),
        ));
        if wide && group_end(i) {
            spans.push(Span::styled("  │", theme.dim()));
        }
    }
    put_line(buf, area, row, &Line::from(spans));
    row += 1;
    // The latest quarters, unless the selected point's is older.
    let room = usize::from(area.height - row);
    let mut skip = record.len().saturating_sub(room);
    if let Some(i) = record.iter().position(|r| Some(r.quarter) == selected) {
        skip = skip.min(i);
    }
    for r in record.iter().skip(skip).take(room) {
        let counts = [
            r.kept_on_time,
            r.kept_late,
            r.missed,
            r.heard_in_person,
            r.survey_only,
            r.recovered,
            r.fell,
        ];
        let mark = if Some(r.quarter) == selected {
            "▸"
        } else {
            " "
        };
        let label = if wide {
            format!(" {mark} {}", r.quarter.label())
        } else {
            format!("{mark}{}", r.quarter.label())
        };
        let mut spans = vec![Span::styled(label, theme.text())];
        for (i, n) in counts.iter().enumerate() {
            let style = match i {
                2 | 4 | 6 if *n > 0 => theme.warning(),
                _ if *n == 0 => theme.dim(),
                _ => theme.text(),
            };
            spans.push(Span::styled(
                safe_text::pad_left(&n.to_string(), width(i)),
                style,
            ));
            if wide && group_end(i) {
                spans.push(Span::styled("  │", theme.dim()));
            }
        }
        put_line(buf, area, row, &Line::from(spans));
        row += 1;
    }
}
