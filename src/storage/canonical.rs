//! The canonical text of a map, written directly.
//!
//! The layout is the one ron's pretty printer gives with the canonical
//! settings (4-space indent, `\n`, fields in declaration order, optional
//! fields written out, apostrophes unescaped), byte for byte; the tests
//! compare the two on generated maps and on awkward strings. Writing it by
//! hand is about ten times faster than going through serde and ron, which
//! made saving a large map several times slower than the disk write.

use std::fmt::Write;

use jiff::civil::Date;

use crate::model::{Channel, Map, Method, Motivation, Source, Stage};

/// The canonical text, with its trailing newline.
pub fn write_map(map: &Map) -> String {
    let mut w = Writer {
        out: String::with_capacity(estimate(map)),
        depth: 0,
    };
    w.open(b'(');
    w.field("format");
    let _ = write!(w.out, "{}", map.format);
    w.end();
    w.field("client");
    w.open(b'(');
    w.str_field("name", &map.client.name);
    w.str_field("account_manager", &map.client.account_manager);
    w.field("segment");
    w.opt_str(map.client.segment.as_deref());
    w.end();
    w.close(b')');
    w.end();
    w.str_field("title", &map.title);
    w.field("stages");
    w.list(&map.stages, |w, s| w.stage(s));
    w.end();
    w.field("reviews");
    w.list(&map.reviews, |w, r| {
        w.open(b'(');
        w.date_field("date", r.date);
        w.str_field("by", &r.by);
        w.field("stage");
        w.opt_str(r.stage.as_deref());
        w.end();
        w.str_field("note", &r.note);
        w.close(b')');
    });
    w.end();
    w.close(b')');
    w.out.push('\n');
    w.out
}

/// A generous guess of the text's length, so the buffer rarely grows.
fn estimate(map: &Map) -> usize {
    let items = map.item_count();
    1024 + map.stages.len() * 512 + (items + map.reviews.len()) * 256
}

struct Writer {
    out: String,
    depth: usize,
}

impl Writer {
    fn indent(&mut self) {
        // Maps nest five deep; deeper levels (never reached) still work.
        const SPACES: &str = "                        ";
        let mut n = self.depth * 4;
        while n > 0 {
            let k = n.min(SPACES.len());
            self.out.push_str(&SPACES[..k]);
            n -= k;
        }
    }

    fn open(&mut self, bracket: u8) {
        self.out.push(char::from(bracket));
        self.out.push('\n');
        self.depth += 1;
    }

    fn close(&mut self, bracket: u8) {
        self.depth -= 1;
        self.indent();
        self.out.push(char::from(bracket));
    }

    fn field(&mut self, name: &str) {
        self.indent();
        self.out.push_str(name);
        self.out.push_str(": ");
    }

    /// Ends a field or list element.
    fn end(&mut self) {
        self.out.push_str(",\n");
    }

    fn str_field(&mut self, name: &str, value: &str) {
        self.field(name);
        self.string(value);
        self.end();
    }

    fn date_field(&mut self, name: &str, value: Date) {
        self.field(name);
        self.date(value);
        self.end();
    }

    fn bool_field(&mut self, name: &str, value: bool) {
        self.field(name);
        self.out.push_str(if value { "true" } else { "false" });
        self.end();
    }

    /// A string as ron writes it (`char::escape_debug` on every char),
    /// except apostrophes, which the canonical layout leaves plain.
    fn string(&mut self, s: &str) {
        self.out.push('"');
        if s.bytes()
            .all(|b| (0x20..0x7f).contains(&b) && b != b'"' && b != b'\\')
        {
            self.out.push_str(s);
        } else {
            for c in s.chars() {
                if c == '\'' {
                    self.out.push('\'');
                } else {
                    self.out.extend(c.escape_debug());
                }
            }
        }
        self.out.push('"');
    }

    fn opt_str(&mut self, s: Option<&str>) {
        match s {
            Some(s) => {
                self.out.push_str("Some(");
                self.string(s);
                self.out.push(')');
            }
            None => self.out.push_str("None"),
        }
    }

    /// `"YYYY-MM-DD"`; jiff's `Display` for other years (never in a map
    /// that loaded, which only has four-digit years, but kept exact).
    fn date(&mut self, d: Date) {
        self.out.push('"');
        if (0..=9999).contains(&d.year()) {
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
            // All ASCII digits and dashes.
            self.out
                .push_str(std::str::from_utf8(&digits).unwrap_or_default());
        } else {
            let _ = write!(self.out, "{d}");
        }
        self.out.push('"');
    }

    fn list<T>(&mut self, items: &[T], mut item: impl FnMut(&mut Self, &T)) {
        if items.is_empty() {
            self.out.push_str("[]");
            return;
        }
        self.open(b'[');
        for x in items {
            self.indent();
            item(self, x);
            self.end();
        }
        self.close(b']');
    }

    fn stage(&mut self, s: &Stage) {
        self.open(b'(');
        self.str_field("id", &s.id);
        self.str_field("name", &s.name);
        self.field("goal");
        self.opt_str(s.goal.as_deref());
        self.end();
        self.field("touchpoints");
        self.list(&s.touchpoints, |w, t| {
            w.open(b'(');
            w.field("channel");
            match &t.channel {
                Channel::Other(text) => w.variant_text("Other", text),
                unit => w.out.push_str(channel_name(unit)),
            }
            w.end();
            w.str_field("description", &t.description);
            w.str_field("owner", &t.owner);
            w.str_field("department", &t.department);
            w.close(b')');
        });
        self.end();
        self.field("needs");
        self.list(&s.needs, |w, n| {
            w.open(b'(');
            w.str_field("text", &n.text);
            w.field("motivation");
            w.out.push_str(motivation_name(n.motivation));
            w.end();
            w.bool_field("met", n.met);
            w.close(b')');
        });
        self.end();
        self.field("perceptions");
        self.list(&s.perceptions, |w, p| {
            w.open(b'(');
            w.str_field("text", &p.text);
            w.field("sentiment");
            let _ = write!(w.out, "{}", p.sentiment);
            w.end();
            w.field("source");
            w.out.push_str(source_name(p.source));
            w.end();
            w.close(b')');
        });
        self.end();
        self.field("feedback");
        self.list(&s.feedback, |w, f| {
            w.open(b'(');
            w.date_field("date", f.date);
            w.field("method");
            match &f.method {
                Method::Other(text) => w.variant_text("Other", text),
                unit => w.out.push_str(method_name(unit)),
            }
            w.end();
            w.field("score");
            match f.score {
                Some(n) => {
                    let _ = write!(w.out, "Some({n})");
                }
                None => w.out.push_str("None"),
            }
            w.end();
            w.str_field("by", &f.by);
            w.str_field("summary", &f.summary);
            w.bool_field("holding_back", f.holding_back);
            w.close(b')');
        });
        self.end();
        self.field("commitments");
        self.list(&s.commitments, |w, c| {
            w.open(b'(');
            w.str_field("promise", &c.promise);
            w.str_field("owner", &c.owner);
            w.date_field("due", c.due);
            w.field("done");
            match c.done {
                Some(d) => {
                    w.out.push_str("Some(");
                    w.date(d);
                    w.out.push(')');
                }
                None => w.out.push_str("None"),
            }
            w.end();
            w.close(b')');
        });
        self.end();
        self.close(b')');
    }

    fn variant_text(&mut self, name: &str, text: &str) {
        self.out.push_str(name);
        self.out.push('(');
        self.string(text);
        self.out.push(')');
    }
}

// The variant names as serde writes them (the Rust names).

fn channel_name(c: &Channel) -> &'static str {
    match c {
        Channel::InPerson => "InPerson",
        Channel::Phone => "Phone",
        Channel::Email => "Email",
        Channel::Web => "Web",
        Channel::Chat => "Chat",
        Channel::Social => "Social",
        Channel::Mail => "Mail",
        Channel::Event => "Event",
        Channel::Other(_) => "Other",
    }
}

fn method_name(m: &Method) -> &'static str {
    match m {
        Method::Conversation => "Conversation",
        Method::Call => "Call",
        Method::Meeting => "Meeting",
        Method::Survey => "Survey",
        Method::Email => "Email",
        Method::Other(_) => "Other",
    }
}

fn motivation_name(m: Motivation) -> &'static str {
    match m {
        Motivation::Security => "Security",
        Motivation::Utility => "Utility",
        Motivation::Prestige => "Prestige",
        Motivation::Pleasure => "Pleasure",
        Motivation::Savings => "Savings",
    }
}

fn source_name(s: Source) -> &'static str {
    match s {
        Source::Heard => "Heard",
        Source::Observed => "Observed",
        Source::Assumed => "Assumed",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Commitment, Feedback, Perception, Review, Touchpoint};
    use crate::storage::save::canonical_with_ron;
    use crate::synth::{self, Size, SplitMix64};

    #[test]
    fn same_bytes_as_ron_on_generated_maps() {
        for seed in 0..6 {
            let map = synth::map(
                Size {
                    stages: 12,
                    items: 400,
                },
                seed,
            );
            assert_eq!(write_map(&map), canonical_with_ron(&map).expect("ron"));
        }
        let empty = Map::new("A", "B");
        assert_eq!(write_map(&empty), canonical_with_ron(&empty).expect("ron"));
        let mut bare = Map::new("A", "B");
        bare.stages.push(Stage::new("only", "Only"));
        assert_eq!(write_map(&bare), canonical_with_ron(&bare).expect("ron"));
    }

    #[test]
    fn same_bytes_as_ron_on_awkward_text() {
        let awkward = [
            "",
            "it's",
            "\\'",
            "\\",
            "\"quoted\"",
            "tab\there",
            "line\nbreak",
            "cr\r",
            "nul\0",
            "bell\u{7}",
            "del\u{7f}",
            "zoë",
            "e\u{301}",
            "\u{301}start",
            "emoji 🚀",
            "\u{200b}zw",
            "\u{feff}bom",
            "a\u{2028}b",
            "/* not a comment */",
            "// nor this",
            "r#\"raw\"#",
        ];
        let mut rng = SplitMix64::new(5);
        let mut map = synth::map(
            Size {
                stages: 2,
                items: 30,
            },
            2,
        );
        for (i, text) in awkward.iter().enumerate() {
            let t = text.to_string();
            map.title = t.clone();
            map.client.segment = Some(t.clone());
            let stage = &mut map.stages[i % 2];
            stage.goal = Some(t.clone());
            stage.touchpoints.push(Touchpoint {
                channel: Channel::Other(t.clone()),
                description: t.clone(),
                owner: t.clone(),
                department: t.clone(),
            });
            stage.perceptions.push(Perception {
                text: t.clone(),
                sentiment: rng.between(0, 4) as i8 - 2,
                source: Source::Assumed,
            });
            stage.feedback.push(Feedback {
                date: synth::BENCH_TODAY,
                method: Method::Other(t.clone()),
                score: Some(3),
                by: t.clone(),
                summary: t.clone(),
                holding_back: true,
            });
            stage.commitments.push(Commitment {
                promise: t.clone(),
                owner: t.clone(),
                due: synth::BENCH_TODAY,
                done: Some(synth::BENCH_TODAY),
            });
            map.reviews.push(Review {
                date: synth::BENCH_TODAY,
                by: t.clone(),
                stage: Some(t.clone()),
                note: t,
            });
            assert_eq!(
                write_map(&map),
                canonical_with_ron(&map).expect("ron"),
                "{text:?}"
            );
        }
        // Dates of every era jiff has, written as jiff writes them.
        for (y, m, d) in [
            (1, 1, 1),
            (999, 12, 31),
            (2026, 2, 28),
            (9999, 12, 31),
            (0, 1, 1),
        ] {
            map.reviews[0].date = jiff::civil::date(y, m, d);
            assert_eq!(write_map(&map), canonical_with_ron(&map).expect("ron"));
        }
        map.reviews[0].date = jiff::civil::date(-44, 3, 15);
        assert_eq!(write_map(&map), canonical_with_ron(&map).expect("ron"));
        // Every char of a wide range, one string each way.
        let all: String = (0u32..0x3000).filter_map(char::from_u32).collect();
        map.title = all;
        assert_eq!(write_map(&map), canonical_with_ron(&map).expect("ron"));
    }
}
