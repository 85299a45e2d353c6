//! The agenda's open commitments as an iCalendar file (RFC 5545), for the
//! calendar where reminders fire: one all-day event per commitment on its
//! due date (the big calendar apps ignore to-dos), or one to-do with that
//! due date. Pure: the rows, the maps' file names and the time stamp in,
//! the text out. The `icalendar` crate writes the calendar's head and
//! every text value: CRLF line ends, lines folded at 75 octets on
//! character boundaries, `\`, `,`, `;` and line breaks in text escaped.
//! The fixed lines of each component are written as the crate writes them
//! (see [`component`]; a test holds them to it).
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

use std::io::{self, Write};

use icalendar::{Calendar, Property};
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
    // through the writer), a few hundred components into one string each
    // (one buffer, grown once, not one string per component), written in
    // order.
    for batch in jobs.chunks(BATCH) {
        let chunks: Vec<&[(&IcsRow<'_>, &str)]> = batch.chunks(CHUNK).collect();
        let texts = map_ordered(&chunks, |_, chunk| {
            let mut text = String::with_capacity(chunk.len() * COMPONENT_BYTES);
            for &(row, uid) in chunk.iter() {
                component(&mut text, row, uid, kind, &stamp)?;
            }
            Ok::<_, std::fmt::Error>(text)
        });
        for text in texts {
            out.write_all(text.map_err(io::Error::other)?.as_bytes())?;
        }
    }
    out.write_all(CALENDAR_END.as_bytes())
}

/// How many components are made at once before they are written.
const BATCH: usize = 4096;

/// How many components one worker writes into one string.
const CHUNK: usize = 256;

/// About how long one component's text is, to size its buffer.
const COMPONENT_BYTES: usize = 640;

/// Appends one commitment's `VEVENT` or `VTODO` to `out`.
///
/// The free text (summary, description) goes through the crate's
/// `Property`, which escapes and folds it. The other lines are fixed ASCII
/// shorter than a folded line (a UID is 32 hex digits and a short tail, a
/// date is 8 digits), so there is nothing to escape or fold: they are
/// written here, in the order the crate writes a component's properties
/// (by name), which saves the crate's per-property work (a map node, a
/// line and an escaped copy of each) 30,000 times over. The test
/// `components_are_what_the_crate_writes` holds this to the crate's own
/// `Event` and `Todo` output, byte for byte.
fn component(
    out: &mut String,
    row: &IcsRow<'_>,
    uid: &str,
    kind: IcsKind,
    stamp: &str,
) -> std::fmt::Result {
    let c = row.commitment;
    let (summary, description) = texts(row);
    let summary: String = Property::new("SUMMARY", summary).try_into()?;
    let description: String = Property::new("DESCRIPTION", description).try_into()?;
    let line = |out: &mut String, parts: &[&str]| {
        for part in parts {
            out.push_str(part);
        }
        out.push_str("\r\n");
    };
    match kind {
        IcsKind::Events => {
            line(out, &["BEGIN:VEVENT"]);
            out.push_str(&description);
            // An all-day event ends (exclusively) the next day; a due
            // date at the end of time gets the one-day default.
            if let Ok(next) = c.due.tomorrow() {
                line(out, &["DTEND;VALUE=DATE:", &ymd(next)]);
            }
            line(out, &["DTSTAMP:", stamp]);
            line(out, &["DTSTART;VALUE=DATE:", &ymd(c.due)]);
            out.push_str(&summary);
            line(out, &["TRANSP:TRANSPARENT"]);
            line(out, &["UID:", uid]);
            line(out, &["END:VEVENT"]);
        }
        IcsKind::Todos => {
            line(out, &["BEGIN:VTODO"]);
            out.push_str(&description);
            line(out, &["DTSTAMP:", stamp]);
            line(out, &["DUE;VALUE=DATE:", &ymd(c.due)]);
            line(out, &["STATUS:NEEDS-ACTION"]);
            out.push_str(&summary);
            line(out, &["UID:", uid]);
            line(out, &["END:VTODO"]);
        }
    }
    Ok(())
}

/// The summary and the description of a commitment's component, as the
/// TEXT values to escape.
fn texts(row: &IcsRow<'_>) -> (String, String) {
    let c = row.commitment;
    let summary = text(format!("{}: {}", c.place.client, c.promise));
    let description = text(format!(
        "Promised by {} to {}, stage \"{}\" ({}), due {}.\nMap: {}",
        c.owner, c.place.client, c.place.stage_name, c.place.stage_id, c.due, row.file_name
    ));
    (summary, description)
}

/// The last line of a calendar.
const CALENDAR_END: &str = "END:VCALENDAR\r\n";

/// A date-valued property: `DTSTART;VALUE=DATE:20261120`.
#[cfg(test)]
fn date_property(key: &str, date: Date) -> Property {
    Property::new(key, ymd(date))
        .add_parameter("VALUE", "DATE")
        .done()
}

/// `20261120`: a date as a DATE value, without the formatting machinery
/// (twice per component).
fn ymd(date: Date) -> String {
    let (year, month, day) = (date.year(), date.month(), date.day());
    if !(0..=9999).contains(&year) {
        return format!("{year:04}{month:02}{day:02}");
    }
    let mut text = String::with_capacity(8);
    for (n, digits) in [(year, 4), (i16::from(month), 2), (i16::from(day), 2)] {
        for place in (0..digits).rev() {
            let digit = (n / 10_i16.pow(place)) % 10;
            text.push(char::from(b'0' + digit.unsigned_abs() as u8));
        }
    }
    text
}

/// Text for a TEXT value: line breaks as `\n` (the writer escapes them),
/// every other control character, which TEXT may not hold, as a space, and
/// characters that are invisible or reorder text (a right-to-left override
/// that would make a promise read backwards in the calendar) left out.
fn text(s: String) -> String {
    let keep = |c: char| c == '\n' || c == '\t' || !safe::is_dangerous(c);
    // Printable ASCII, the usual case, holds nothing to take out: a byte
    // test, not a look-up per character.
    let plain = |b: u8| (b' '..=b'~').contains(&b) || b == b'\n' || b == b'\t';
    if s.bytes().all(plain) || s.chars().all(keep) {
        return s;
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
    let hashes: Vec<u128> = rows.iter().map(|row| key_hash(&key(row))).collect();
    // Same key, same stage: numbered in the stage's order. Rows in the
    // order of their key's hash, then of their place in the stage.
    let mut order: Vec<usize> = (0..rows.len()).collect();
    order.sort_unstable_by_key(|&i| (hashes[i], rows[i].commitment.item));
    // The n-th of a key: how many rows of that key come before it in the
    // stage (the same place twice, from two folders with a map of the
    // same name, shares its number).
    let mut nth = vec![0; rows.len()];
    let mut first = 0;
    for k in 1..order.len() {
        let (a, b) = (order[k - 1], order[k]);
        if hashes[a] != hashes[b] || key(&rows[a]) != key(&rows[b]) {
            first = k;
        } else if rows[a].commitment.item == rows[b].commitment.item {
            nth[b] = nth[a];
        } else {
            nth[b] = k - first;
        }
    }
    hashes
        .iter()
        .zip(nth)
        .map(|(hash, nth)| match nth {
            0 => format!("{hash:032x}@journeymap"),
            n => format!("{hash:032x}-{}@journeymap", n + 1),
        })
        .collect()
}

/// The hash a UID is made of: the key's parts, each ended by a zero byte.
fn key_hash(parts: &[&str; 4]) -> u128 {
    let mut bytes = Vec::with_capacity(parts.iter().map(|p| p.len() + 1).sum());
    for part in parts {
        bytes.extend_from_slice(part.as_bytes());
        bytes.push(0);
    }
    xxhash_rust::xxh3::xxh3_128(&bytes)
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::{AgendaPlace, CommitmentState, DueGroup};
    use icalendar::{Component, Event, Todo, TodoStatus};

    /// The component as the crate writes it from its own model: what
    /// `component` must give.
    fn by_the_crate(row: &IcsRow<'_>, uid: &str, kind: IcsKind, stamp: &str) -> String {
        let c = row.commitment;
        let (summary, description) = texts(row);
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

    fn commitment(
        client: &str,
        stage: &str,
        promise: &str,
        owner: &str,
        due: Date,
    ) -> DueCommitment {
        DueCommitment {
            place: AgendaPlace {
                map: 0,
                stage: 0,
                stage_id: stage.to_lowercase().replace(' ', "-"),
                stage_name: stage.into(),
                client: client.into(),
                segment: None,
                account_manager: "Lena".into(),
            },
            item: 0,
            promise: promise.into(),
            owner: owner.into(),
            due,
            in_days: 0,
            group: DueGroup::Overdue,
            state: CommitmentState::Overdue(1),
        }
    }

    #[test]
    fn components_are_what_the_crate_writes() {
        let d = jiff::civil::date;
        let long = "Send the revised quote with the volume discount, the new SLA, \
                    and the onboarding plan; then call Rick, Joanne and the CFO";
        let cases = [
            commitment(
                "Acme",
                "Proposal",
                "Send the quote",
                "Dana",
                d(2026, 11, 20),
            ),
            commitment(
                "Café Zürich",
                "Première",
                "Envoyer l'offre, vite; merci",
                "Zoë",
                d(2026, 1, 1),
            ),
            commitment(
                "北京 Trading",
                "签约",
                "发送报价单给客户的采购部门负责人王先生和李女士以及财务",
                "王",
                d(2026, 2, 28),
            ),
            commitment(
                "Acme, Inc.",
                "Close; win",
                long,
                "Dana \\ Lee",
                d(2024, 2, 29),
            ),
            commitment(
                "Acme",
                "Stage",
                "Line one\nline two\r\nthree\u{202e}evil\u{7}",
                "Dana",
                d(2026, 12, 31),
            ),
            commitment(
                "Acme",
                "Stage",
                "At the end of time",
                "Dana",
                d(9999, 12, 31),
            ),
            commitment("A", "S", &"x".repeat(300), &"y ".repeat(80), d(1, 1, 1)),
        ];
        let stamp = "20261123T101500Z";
        for c in &cases {
            let row = IcsRow {
                commitment: c,
                file_name: "acme-corp.ron",
            };
            for uid in [
                "49956b92c1ac20fc20fdb9c43fa3487d@journeymap",
                "49956b92c1ac20fc20fdb9c43fa3487d-12@journeymap",
            ] {
                for kind in [IcsKind::Events, IcsKind::Todos] {
                    let mut ours = String::new();
                    component(&mut ours, &row, uid, kind, stamp).unwrap();
                    assert_eq!(
                        ours,
                        by_the_crate(&row, uid, kind, stamp),
                        "{kind:?} {:?}",
                        c.promise
                    );
                }
            }
        }
    }

    #[test]
    fn dates_are_eight_digits() {
        let d = jiff::civil::date;
        assert_eq!(ymd(d(2026, 11, 20)), "20261120");
        assert_eq!(ymd(d(1, 1, 1)), "00010101");
        assert_eq!(ymd(d(9999, 12, 31)), "99991231");
        assert_eq!(ymd(d(-5, 3, 4)), format!("{:04}{:02}{:02}", -5, 3, 4));
    }
}
