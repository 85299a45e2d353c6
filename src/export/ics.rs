//! The agenda's open commitments as an iCalendar file (RFC 5545), for the
//! calendar where reminders fire: one all-day event per commitment on its
//! due date (the big calendar apps ignore to-dos), or one to-do with that
//! due date. Pure: the rows, the maps' file names and the time stamp in,
//! the text out. The `icalendar` crate writes it: CRLF line ends, lines
//! folded at 75 octets on character boundaries, `\`, `,`, `;` and line
//! breaks in text escaped.
//!
//! **UIDs.** Each commitment's UID is made from its map's file name (not
//! the folder, so a moved folder keeps them), its stage id, its promise and
//! its owner, and not from its due date: exporting again after the due date
//! moved gives the same UID, so a calendar that imports the file updates
//! the event instead of adding a second one. Two open commitments with the
//! same promise and owner in one stage are told apart by their order there
//! (the second one's UID has `-2`). Renaming the file, the stage id, the
//! promise or the owner makes a new UID (the old event stays in the
//! calendar until deleted there), and so does a kept commitment: it is no
//! longer in the file.

use std::collections::HashMap;
use std::io::{self, Write};

use icalendar::{Calendar, Component, Event, Property, Todo, TodoStatus};
use jiff::civil::Date;

use crate::analysis::DueCommitment;
use crate::storage::parallel::map_ordered;
use crate::text::safe;

/// What each commitment becomes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IcsKind {
    /// An all-day `VEVENT` on the due date, shown as free time.
    Events,
    /// A `VTODO` due on the due date.
    Todos,
}

/// One open commitment and the file name of its map (`acme.ron`).
pub struct IcsRow<'a> {
    pub commitment: &'a DueCommitment,
    pub file_name: &'a str,
}

/// Writes the calendar of `rows` to `out`, with `stamp` (when the file is
/// made) as every component's `DTSTAMP`. A batch of components at a time,
/// so that the calendar of 30,000 promises is never held whole.
pub fn write_agenda_calendar(
    out: &mut dyn Write,
    rows: &[IcsRow<'_>],
    kind: IcsKind,
    stamp: jiff::Timestamp,
) -> io::Result<()> {
    let mut calendar = Calendar::empty();
    for (key, value) in [
        ("VERSION", "2.0"),
        ("PRODID", "-//journeymap//agenda//EN"),
        ("CALSCALE", "GREGORIAN"),
        ("METHOD", "PUBLISH"),
        ("X-WR-CALNAME", "journeymap commitments"),
    ] {
        calendar.append_property(Property::new(key, value));
    }
    // The calendar's own lines, then each component as it is made, then
    // the end line the writer puts after the (here no) components.
    let head = calendar.to_string();
    let head = head.strip_suffix(CALENDAR_END).unwrap_or(&head);
    out.write_all(head.as_bytes())?;
    let stamp = stamp.strftime("%Y%m%dT%H%M%SZ").to_string();
    let uids = uids(rows);
    let jobs: Vec<(&IcsRow<'_>, &str)> = rows.iter().zip(uids.iter().map(String::as_str)).collect();
    // Made on every core a batch at a time (30,000 promises take a while
    // through the writer), written in order.
    for batch in jobs.chunks(BATCH) {
        let texts = map_ordered(batch, |_, &(row, uid)| component(row, uid, kind, &stamp));
        for text in texts {
            out.write_all(text.as_bytes())?;
        }
    }
    out.write_all(CALENDAR_END.as_bytes())
}

/// How many components are made at once before they are written.
const BATCH: usize = 4096;

/// One commitment's `VEVENT` or `VTODO`, as text.
fn component(row: &IcsRow<'_>, uid: &str, kind: IcsKind, stamp: &str) -> String {
    let c = row.commitment;
    let summary = text(&format!("{}: {}", c.place.client, c.promise));
    let description = text(&format!(
        "Promised by {} to {}, stage \"{}\" ({}), due {}.\nMap: {}",
        c.owner, c.place.client, c.place.stage_name, c.place.stage_id, c.due, row.file_name
    ));
    match kind {
        IcsKind::Events => {
            let mut event = Event::new();
            event
                .uid(uid)
                .add_property("DTSTAMP", stamp)
                .append_property(date_property("DTSTART", c.due))
                .summary(&summary)
                .description(&description)
                .add_property("TRANSP", "TRANSPARENT");
            // An all-day event ends (exclusively) the next day; a due
            // date at the end of time gets the one-day default.
            if let Ok(next) = c.due.tomorrow() {
                event.append_property(date_property("DTEND", next));
            }
            Component::to_string(&event)
        }
        IcsKind::Todos => {
            let mut todo = Todo::new();
            todo.uid(uid)
                .add_property("DTSTAMP", stamp)
                .append_property(date_property("DUE", c.due))
                .summary(&summary)
                .description(&description)
                .status(TodoStatus::NeedsAction);
            Component::to_string(&todo)
        }
    }
}

/// The last line of a calendar.
const CALENDAR_END: &str = "END:VCALENDAR\r\n";

/// A date-valued property: `DTSTART;VALUE=DATE:20261120`.
fn date_property(key: &str, date: Date) -> Property {
    let ymd = format!("{:04}{:02}{:02}", date.year(), date.month(), date.day());
    Property::new(key, ymd)
        .add_parameter("VALUE", "DATE")
        .done()
}

/// Text for a TEXT value: line breaks as `\n` (the writer escapes them),
/// every other control character, which TEXT may not hold, as a space, and
/// characters that are invisible or reorder text (a right-to-left override
/// that would make a promise read backwards in the calendar) left out.
fn text(s: &str) -> String {
    let keep = |c: char| c == '\n' || c == '\t' || !safe::is_dangerous(c);
    if s.chars().all(keep) {
        return s.to_string();
    }
    s.replace("\r\n", "\n")
        .chars()
        .filter_map(|ch| match ch {
            '\r' => Some('\n'),
            c if keep(c) => Some(c),
            c if c.is_control() => Some(' '),
            _ => None,
        })
        .collect()
}

/// The UID of each row (see the module's doc).
fn uids(rows: &[IcsRow<'_>]) -> Vec<String> {
    // Same key, same stage: numbered in the stage's order.
    let mut same: HashMap<[&str; 4], Vec<usize>> = HashMap::new();
    for row in rows {
        same.entry(key(row)).or_default().push(row.commitment.item);
    }
    for items in same.values_mut() {
        items.sort_unstable();
    }
    rows.iter()
        .map(|row| {
            let items = &same[&key(row)];
            let nth = items
                .iter()
                .position(|&i| i == row.commitment.item)
                .unwrap_or(0);
            let mut bytes = Vec::new();
            for part in key(row) {
                bytes.extend_from_slice(part.as_bytes());
                bytes.push(0);
            }
            let hash = xxhash_rust::xxh3::xxh3_128(&bytes);
            match nth {
                0 => format!("{hash:032x}@journeymap"),
                n => format!("{hash:032x}-{}@journeymap", n + 1),
            }
        })
        .collect()
}

fn key<'a>(row: &IcsRow<'a>) -> [&'a str; 4] {
    let c = row.commitment;
    [
        row.file_name,
        c.place.stage_id.as_str(),
        c.promise.as_str(),
        c.owner.as_str(),
    ]
}
