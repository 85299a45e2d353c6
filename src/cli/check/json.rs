//! `check --format json`: the shape documented in the README. The field
//! names and order are the ones written out below; lists are written from
//! iterators as they go, so the report of a large map is never held whole.

use std::io::{self, Write};

use serde::Serialize;
use serde::ser::{SerializeStruct, Serializer};

use super::{Checked, Outcome};
use crate::cli::Context;
use crate::text::safe;

struct Report<'a> {
    ctx: &'a Context,
    today: String,
    maps: &'a [Checked],
    errors: Vec<ErrorReport>,
}

impl Serialize for Report<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut report = s.serialize_struct("Report", 3)?;
        report.serialize_field("today", &self.today)?;
        let maps = || self.maps.iter().map(|m| MapReport(m, self.ctx));
        report.serialize_field("maps", &Lazy(maps))?;
        report.serialize_field("errors", &self.errors)?;
        report.end()
    }
}

/// `path`, `client`, `status`, `risk` (the score of docs/risk.md, e.g.
/// 42.3), `stages` ([`StageReport`]) and `findings` ([`FindingReport`]) of
/// a map.
struct MapReport<'a>(&'a Checked, &'a Context);

impl Serialize for MapReport<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let MapReport(checked, ctx) = *self;
        let stages = &checked.map.stages;
        let mut map = s.serialize_struct("MapReport", 6)?;
        map.serialize_field("path", &checked.path.display().to_string())?;
        map.serialize_field("client", &checked.map.client.name)?;
        map.serialize_field("status", checked.verdict.status.code())?;
        map.serialize_field("risk", &checked.verdict.risk.points())?;
        map.serialize_field(
            "stages",
            &Lazy(|| {
                stages
                    .iter()
                    .zip(&checked.verdict.stages)
                    .zip(checked.map.phases())
                    .map(|((stage, verdict), phase)| StageReport {
                        id: &stage.id,
                        name: &stage.name,
                        phase: phase.word(),
                        status: verdict.status.code(),
                        risk: verdict.risk.points(),
                    })
            }),
        )?;
        map.serialize_field(
            "findings",
            &Lazy(|| {
                checked
                    .map
                    .phases()
                    .enumerate()
                    .flat_map(|(i, phase)| checked.stage_findings(ctx, i, phase))
                    .map(|f| FindingReport {
                        stage: stages.get(f.stage).map_or("", |s| s.id.as_str()),
                        kind: f.kind.code(),
                        severity: f.severity.code(),
                        message: f.message,
                    })
            }),
        )?;
        map.end()
    }
}

#[derive(Serialize)]
struct StageReport<'a> {
    id: &'a str,
    name: &'a str,
    /// "past", "now" or "ahead" (every stage of a map without `now` is
    /// past: reached).
    phase: &'static str,
    status: &'static str,
    risk: f64,
}

#[derive(Serialize)]
struct FindingReport<'a> {
    /// The stage's id, which stays stable when stages are renamed.
    stage: &'a str,
    kind: &'static str,
    severity: &'static str,
    message: String,
}

#[derive(Serialize)]
struct ErrorReport {
    path: String,
    message: String,
}

/// A list written item by item from the iterator its closure makes.
struct Lazy<F>(F);

impl<F, I> Serialize for Lazy<F>
where
    F: Fn() -> I,
    I: IntoIterator,
    I::Item: Serialize,
{
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq((self.0)())
    }
}

/// Writes the report to `out` as pretty-printed JSON with a trailing
/// newline.
pub fn write(out: &mut dyn Write, ctx: &Context, outcome: &Outcome) -> io::Result<()> {
    let report = Report {
        ctx,
        today: ctx.today.to_string(),
        maps: &outcome.maps,
        errors: outcome
            .errors
            .iter()
            .map(|e| ErrorReport {
                path: e.path.to_string_lossy().into_owned(),
                message: e.message.clone(),
            })
            .collect(),
    };
    write_escaped(out, &report)
}

/// Writes any report as `check`'s JSON is written: pretty-printed, with a
/// trailing newline, dangerous characters escaped ([`EscapeDangerous`]).
pub(in crate::cli) fn write_escaped<T: Serialize>(
    out: &mut dyn Write,
    value: &T,
) -> io::Result<()> {
    let mut escaped = EscapeDangerous::new(out);
    serde_json::to_writer_pretty(&mut escaped, value)?;
    writeln!(escaped)?;
    escaped.finish()
}

/// The JSON with every character that could harm a terminal written as a
/// `\uXXXX` escape. serde_json escapes only `"`, `\\` and C0 controls, so
/// DEL, C1 controls (0x9b starts a CSI), bidi overrides and zero-width
/// characters in map text or a file name would reach the terminal as they
/// are. Outside strings JSON is ASCII, so they are all inside strings, where
/// the escape is the same text to any JSON reader: scripts get the exact
/// value, a person reading the output sees the escape. C0 controls are
/// left alone: in strings serde_json has escaped them, so those left are
/// the line breaks of the layout.
#[cfg(test)]
fn escape_dangerous(json: String) -> String {
    let mut out = Vec::with_capacity(json.len() + 16);
    let mut escaped = EscapeDangerous::new(&mut out);
    // Writing to a Vec cannot fail.
    let _ = escaped
        .write_all(json.as_bytes())
        .and_then(|()| escaped.finish());
    String::from_utf8(out).unwrap_or_default()
}

/// Passes JSON text on with every dangerous character (DEL, C1 controls,
/// bidi and invisible characters: what `safe` cleans, beyond the controls
/// serde_json already escapes) written as a `\uXXXX` escape. They can only
/// stand inside JSON strings, so the escape reads back as the same text.
/// Streams: a character split between two writes waits for its end.
struct EscapeDangerous<'a> {
    inner: &'a mut dyn Write,
    /// The start of a character whose other bytes have not come yet.
    pending: Vec<u8>,
}

impl<'a> EscapeDangerous<'a> {
    fn new(inner: &'a mut dyn Write) -> Self {
        EscapeDangerous {
            inner,
            pending: Vec::new(),
        }
    }

    fn put(&mut self, text: &str) -> io::Result<()> {
        let mut plain = 0;
        for (at, c) in text.char_indices() {
            if c >= ' ' && safe::is_dangerous(c) {
                self.inner.write_all(&text.as_bytes()[plain..at])?;
                // Characters beyond U+FFFF (tag characters) as a surrogate pair.
                for unit in c.encode_utf16(&mut [0; 2]) {
                    write!(self.inner, "\\u{unit:04x}")?;
                }
                plain = at + c.len_utf8();
            }
        }
        self.inner.write_all(&text.as_bytes()[plain..])
    }

    /// Writes what is left (bytes that never became a character go as
    /// they are) and flushes.
    fn finish(mut self) -> io::Result<()> {
        let rest = std::mem::take(&mut self.pending);
        self.inner.write_all(&rest)?;
        self.inner.flush()
    }
}

impl Write for EscapeDangerous<'_> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.pending.extend_from_slice(buf);
        let bytes = std::mem::take(&mut self.pending);
        let valid = match std::str::from_utf8(&bytes) {
            Ok(_) => bytes.len(),
            Err(e) => e.valid_up_to(),
        };
        let (text, rest) = bytes.split_at(valid);
        self.put(std::str::from_utf8(text).unwrap_or_default())?;
        self.pending = rest.to_vec();
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        self.inner.flush()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dangerous_characters_are_json_escapes_and_read_back_exactly() {
        let value = "a\u{7f}b\u{9b}2J\u{202e}c\u{200b}\u{e0041}\u{1b}";
        let json = escape_dangerous(serde_json::to_string(value).unwrap_or_default());
        assert_eq!(json, r#""a\u007fb\u009b2J\u202ec\u200b\udb40\udc41\u001b""#);
        assert_eq!(
            serde_json::from_str::<String>(&json).ok().as_deref(),
            Some(value)
        );
        let pretty = "{\n  \"a\": \"Zoë 東京\"\n}";
        assert_eq!(escape_dangerous(pretty.into()), pretty);
    }
}
