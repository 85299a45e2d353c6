//! Dates in a map file: text of exactly the form `"YYYY-MM-DD"`, read by
//! serde straight into a [`Date`] (jiff's calendar day, which the rest of
//! the program computes with).
//!
//! Every date field of the model is marked `#[serde(with = "ymd")]` (or
//! `optional` for an `Option`), so the file's one definition of a date is
//! here: [`parse_date`] when reading, `YYYY-MM-DD` when writing.
//!
//! A file must report every impossible date at once, next to the other
//! rules it breaks (docs/format.md), but serde stops at the first error
//! and gives a value's `Deserialize` no context. So while a map is read
//! inside [`keeping_bad_dates`], a date that is not a real `YYYY-MM-DD`
//! does not fail the read: its message is kept, and the field gets a
//! stand-in day that no file can name (a year before 0000) and that says
//! which message is its own. Validation then reports each stand-in at its
//! place in the map; a map holding one is never handed out.

use std::cell::RefCell;

use jiff::civil::Date;
use serde::de::{self, Deserializer, Visitor};
use serde::{Deserialize, Serialize, Serializer};

/// Parses a `YYYY-MM-DD` date, strictly: exactly that shape, a real day.
pub fn parse_date(text: &str) -> Result<Date, String> {
    let b = text.as_bytes();
    let shaped = b.len() == 10
        && b[4] == b'-'
        && b[7] == b'-'
        && b.iter()
            .enumerate()
            .all(|(i, c)| i == 4 || i == 7 || c.is_ascii_digit());
    if !shaped {
        return Err(format!(
            "date \"{}\" is not of the form YYYY-MM-DD",
            text.escape_debug()
        ));
    }
    // The shape is checked: read the digits directly, which is several
    // times cheaper than jiff's general parser and checks the same.
    let num =
        |r: std::ops::Range<usize>| b[r].iter().fold(0i16, |n, d| n * 10 + i16::from(d - b'0'));
    Date::new(num(0..4), num(5..7) as i8, num(8..10) as i8)
        .map_err(|_| format!("date {text} is not a real date"))
}

/// A date as a file holds it.
#[derive(Clone, Copy)]
struct Ymd(Date);

impl Serialize for Ymd {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let d = self.0;
        if !(0..=9999).contains(&d.year()) {
            // Never in a map that was read (four-digit years only), but
            // written as jiff writes it rather than wrongly.
            return serializer.collect_str(&d);
        }
        let (y, m, day) = (d.year() as u16, d.month() as u8, d.day() as u8);
        let digits = [
            b'0' + (y / 1000) as u8,
            b'0' + (y / 100 % 10) as u8,
            b'0' + (y / 10 % 10) as u8,
            b'0' + (y % 10) as u8,
            b'-',
            b'0' + m / 10,
            b'0' + m % 10,
            b'-',
            b'0' + day / 10,
            b'0' + day % 10,
        ];
        // ASCII digits and dashes: always UTF-8.
        serializer.serialize_str(std::str::from_utf8(&digits).unwrap_or_default())
    }
}

impl<'de> Deserialize<'de> for Ymd {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_str(YmdVisitor).map(Ymd)
    }
}

struct YmdVisitor;

impl Visitor<'_> for YmdVisitor {
    type Value = Date;

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("a date \"YYYY-MM-DD\"")
    }

    fn visit_str<E: de::Error>(self, text: &str) -> Result<Date, E> {
        parse_date(text).or_else(|message| keep(message).map_err(E::custom))
    }
}

/// `#[serde(with = "ymd")]`: a date field.
pub(super) mod ymd {
    use super::*;

    pub fn serialize<S: Serializer>(date: &Date, serializer: S) -> Result<S::Ok, S::Error> {
        Ymd(*date).serialize(serializer)
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Date, D::Error> {
        Ymd::deserialize(deserializer).map(|d| d.0)
    }
}

/// `#[serde(with = "optional")]`: `Some("YYYY-MM-DD")` or `None`.
pub(super) mod optional {
    use super::*;

    pub fn serialize<S: Serializer>(date: &Option<Date>, serializer: S) -> Result<S::Ok, S::Error> {
        date.map(Ymd).serialize(serializer)
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(
        deserializer: D,
    ) -> Result<Option<Date>, D::Error> {
        Option::<Ymd>::deserialize(deserializer).map(|d| d.map(|d| d.0))
    }
}

thread_local! {
    /// The messages of the bad dates met so far by the read running in
    /// [`keeping_bad_dates`] on this thread; `None` outside one.
    static KEPT: RefCell<Option<Vec<String>>> = const { RefCell::new(None) };
}

/// The bad dates of one read, in the order they were met.
#[derive(Debug, Default)]
pub struct BadDates(Vec<String>);

impl BadDates {
    /// Why the date a field holds is a stand-in, or `None` for a real date.
    pub fn message(&self, date: Date) -> Option<&str> {
        if date.year() >= 0 || self.0.is_empty() {
            return None;
        }
        let n = Date::MIN.until(date).ok()?.get_days();
        self.0.get(usize::try_from(n).ok()?).map(String::as_str)
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

/// Runs `read` (a deserialization) with bad dates kept instead of failing
/// it; what it read, and the messages of the stand-ins it holds.
pub fn keeping_bad_dates<T>(read: impl FnOnce() -> T) -> (T, BadDates) {
    /// Puts back what was there before, even if `read` panics: a thread
    /// left collecting would accept bad dates in later strict reads.
    struct Restore(Option<Vec<String>>);
    impl Drop for Restore {
        fn drop(&mut self) {
            KEPT.with(|kept| kept.replace(self.0.take()));
        }
    }
    let restore = Restore(KEPT.with(|kept| kept.replace(Some(Vec::new()))));
    let value = read();
    let kept = KEPT.with(RefCell::take);
    drop(restore);
    (value, BadDates(kept.unwrap_or_default()))
}

/// Keeps a bad date's message and gives its stand-in; the message back
/// when no read is keeping them (or, past three million bad dates, when
/// stand-ins run out), for the caller to fail with.
fn keep(message: String) -> Result<Date, String> {
    KEPT.with(|kept| {
        let mut kept = kept.borrow_mut();
        let Some(kept) = kept.as_mut() else {
            return Err(message);
        };
        let stand_in = i64::try_from(kept.len())
            .ok()
            .and_then(|n| {
                Date::MIN
                    .checked_add(jiff::Span::new().try_days(n).ok()?)
                    .ok()
            })
            .filter(|d| d.year() < 0);
        match stand_in {
            Some(d) => {
                kept.push(message);
                Ok(d)
            }
            None => Err(message),
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `parse_date` reads the digits itself; it must accept and refuse
    /// exactly what jiff's parser does for every `YYYY-MM-DD` text.
    #[test]
    fn parse_date_agrees_with_jiff() {
        for year in [
            "0000", "0001", "1900", "2000", "2024", "2026", "2100", "9999",
        ] {
            for month in 0..=13 {
                for day in 0..=32 {
                    let text = format!("{year}-{month:02}-{day:02}");
                    let ours = parse_date(&text);
                    match text.parse::<Date>() {
                        Ok(d) => assert_eq!(ours, Ok(d), "{text}"),
                        Err(_) => assert_eq!(
                            ours,
                            Err(format!("date {text} is not a real date")),
                            "{text}"
                        ),
                    }
                }
            }
        }
        assert!(parse_date("2026-1-01").is_err());
        assert!(parse_date("2026-01-0a").is_err());
    }

    #[derive(Debug, PartialEq, Serialize, Deserialize)]
    struct Dated {
        #[serde(with = "ymd")]
        on: Date,
        #[serde(default, with = "optional")]
        kept: Option<Date>,
    }

    #[test]
    fn a_bad_date_fails_a_plain_read_with_its_message() {
        let err = ron::from_str::<Dated>(r#"(on: "2026-13-45")"#).expect_err("bad date");
        assert_eq!(err.code.to_string(), "date 2026-13-45 is not a real date");
        // Formats jiff would take are refused too.
        let err = ron::from_str::<Dated>(r#"(on: "20260101")"#).expect_err("bad date");
        assert_eq!(
            err.code.to_string(),
            "date \"20260101\" is not of the form YYYY-MM-DD"
        );
    }

    #[test]
    fn bad_dates_are_kept_with_stand_ins_naming_their_messages() {
        let text =
            r#"[(on: "2026-02-30", kept: Some("x")), (on: "2026-01-02"), (on: "y", kept: None)]"#;
        let (read, bad) = keeping_bad_dates(|| ron::from_str::<Vec<Dated>>(text));
        let read = read.expect("kept, not failed");
        let messages: Vec<_> = [read[0].on, read[0].kept.expect("some"), read[2].on]
            .into_iter()
            .map(|d| bad.message(d))
            .collect();
        assert_eq!(
            messages,
            [
                Some("date 2026-02-30 is not a real date"),
                Some("date \"x\" is not of the form YYYY-MM-DD"),
                Some("date \"y\" is not of the form YYYY-MM-DD"),
            ]
        );
        assert_eq!(read[1].on, jiff::civil::date(2026, 1, 2));
        assert_eq!(bad.message(read[1].on), None);
        assert_eq!(read[1].kept, None);
        // Outside, reads are strict again.
        assert!(ron::from_str::<Dated>(r#"(on: "x")"#).is_err());
    }

    #[test]
    fn nested_and_panicking_reads_leave_strict_reading_behind() {
        let (_, outer) = keeping_bad_dates(|| {
            let (_, inner) = keeping_bad_dates(|| ron::from_str::<Dated>(r#"(on: "a")"#));
            assert!(!inner.is_empty());
            ron::from_str::<Dated>(r#"(on: "b")"#)
        });
        assert_eq!(outer.0, ["date \"b\" is not of the form YYYY-MM-DD"]);
        let panicked = std::panic::catch_unwind(|| {
            keeping_bad_dates(|| panic!("in the middle of a read"));
        });
        assert!(panicked.is_err());
        assert!(ron::from_str::<Dated>(r#"(on: "x")"#).is_err());
    }

    #[test]
    fn dates_are_written_as_text() {
        let text = ron::to_string(&Dated {
            on: jiff::civil::date(987, 6, 5),
            kept: Some(jiff::civil::date(2026, 11, 23)),
        })
        .expect("written");
        assert_eq!(text, r#"(on:"0987-06-05",kept:Some("2026-11-23"))"#);
    }
}
