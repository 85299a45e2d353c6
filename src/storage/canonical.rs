//! The canonical text of a value, written directly: a `serde::Serializer`,
//! so the model's derives drive it as they drive ron, and it knows no
//! field of any type.
//!
//! The layout is the one ron's pretty printer gives with the canonical
//! settings (`save::ron_pretty`: 4-space indent, `\n`, fields in
//! declaration order, optional fields written out, apostrophes unescaped),
//! byte for byte; the tests compare the two on generated maps, on awkward
//! strings and on a test type using every kind of value. Each method
//! below follows what `ron::ser` does with those settings (the state it
//! keeps, `is_empty`, is ron's too). Writing directly is about ten times
//! faster than going through ron, which made saving a large map several
//! times slower than the disk write.
//!
//! The small steps are `#[inline]`: inlined into the derives' code, a
//! field's name is a constant again, copied and checked as cheaply as in
//! the hand-written writer this one replaced (the instruction count of a
//! save was 1.28x that writer's without, 1.09x with).
//!
//! What ron writes in other ways (byte strings, 128-bit integers, names
//! that are not plain ASCII identifiers, deep nesting) and any error a
//! value's `Serialize` reports are left to ron's pretty printer, so the
//! text (or the error) is always ron's.

use std::fmt::{self, Write};

use serde::ser::{self, Serialize};

use super::fast_ron::IDENT_BYTE;

/// The canonical text of `value`, with its trailing newline.
pub fn to_string<T: Serialize>(value: &T) -> std::result::Result<String, ron::Error> {
    let mut w = Writer {
        out: String::with_capacity(16 * 1024),
        indent: 0,
        is_empty: None,
        depth: 0,
        names: [(std::ptr::null(), 0, false); NAMES_KEPT],
    };
    match value.serialize(&mut w) {
        Ok(()) => {
            w.out.push('\n');
            Ok(w.out)
        }
        Err(LeftToRon) => {
            let mut text = super::save::ron_pretty(value)?;
            text.push('\n');
            Ok(text)
        }
    }
}

/// A value the direct writer leaves to ron.
#[derive(Debug)]
pub struct LeftToRon;

impl fmt::Display for LeftToRon {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("left to ron's pretty printer")
    }
}

impl std::error::Error for LeftToRon {}

impl ser::Error for LeftToRon {
    fn custom<T: fmt::Display>(_: T) -> Self {
        LeftToRon
    }
}

type Result<T = ()> = std::result::Result<T, LeftToRon>;

/// Deeper nesting is left to ron, whose recursion limit decides.
const MAX_DEPTH: usize = 32;

struct Writer {
    out: String,
    /// Indentation levels, ron's `Pretty::indent`.
    indent: usize,
    /// Whether the compound being opened is known to be empty (ron's
    /// `Serializer::is_empty`, with the same quirks).
    is_empty: Option<bool>,
    depth: usize,
    /// Names already checked: address, length, written with `r#`.
    names: [(*const u8, usize, bool); NAMES_KEPT],
}

/// Enough slots for the names of a map's types, fields and variants.
const NAMES_KEPT: usize = 128;

/// Names ron writes with `r#` because they read as something else.
const KEYWORDS: [&str; 10] = [
    "true", "false", "Some", "None", "inf", "inff32", "inff64", "NaN", "NaNf32", "NaNf64",
];

/// A plain ASCII identifier, the only kind of name written here. Runs
/// for every field written, so it looks each byte up in a table.
#[inline]
fn is_plain_name(name: &str) -> bool {
    let b = name.as_bytes();
    b.first()
        .is_some_and(|&c| c.is_ascii_alphabetic() || c == b'_')
        && b.iter().all(|&c| IDENT_BYTE[usize::from(c)])
}

/// Bytes a string holds as they are: printable ASCII but `"` and `\`.
const PLAIN_BYTE: [bool; 256] = {
    let mut table = [false; 256];
    let mut c = 0x20;
    while c < 0x7f {
        table[c] = c != b'"' as usize && c != b'\\' as usize;
        c += 1;
    }
    table
};

impl Writer {
    #[inline]
    fn spaces(&mut self, levels: usize) {
        const SPACES: &str = "                                ";
        let mut n = levels * 4;
        while n > 0 {
            let k = n.min(SPACES.len());
            self.out.push_str(&SPACES[..k]);
            n -= k;
        }
    }

    #[inline]
    fn start_indent(&mut self) {
        self.indent += 1;
        if !self.is_empty.unwrap_or(false) {
            self.out.push('\n');
        }
    }

    #[inline]
    fn end_indent(&mut self) {
        if !self.is_empty.unwrap_or(false) {
            self.spaces(self.indent - 1);
        }
        self.indent -= 1;
        self.is_empty = None;
    }

    /// Whether a name (of a type, field or variant) is one written here,
    /// and if so whether with `r#`. Names come from the derives as
    /// `&'static str` and each is met thousands of times in a map, so the
    /// answer is kept by address: the same address and length is the
    /// same name.
    #[inline]
    fn name(&mut self, name: &'static str) -> Result<bool> {
        let addr = name.as_ptr() as usize;
        let slot = (addr ^ addr >> 7) % NAMES_KEPT;
        let (kept, len, raw) = self.names[slot];
        if kept == name.as_ptr() && len == name.len() {
            return Ok(raw);
        }
        if !is_plain_name(name) {
            return Err(LeftToRon);
        }
        let raw = KEYWORDS.contains(&name);
        self.names[slot] = (name.as_ptr(), name.len(), raw);
        Ok(raw)
    }

    /// A type's name, never written, only checked as ron checks it.
    #[inline]
    fn check_name(&mut self, name: &'static str) -> Result {
        self.name(name).map(|_| ())
    }

    /// A variant or field name.
    #[inline]
    fn identifier(&mut self, name: &'static str) -> Result {
        if self.name(name)? {
            self.out.push_str("r#");
        }
        self.out.push_str(name);
        Ok(())
    }

    /// A string as ron writes it (`char::escape_debug` on every char),
    /// except apostrophes, which the canonical layout leaves plain.
    #[inline]
    fn string(&mut self, s: &str) {
        self.out.push('"');
        if s.bytes().all(|b| PLAIN_BYTE[usize::from(b)]) {
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

    #[inline]
    fn nested(&mut self, write: impl FnOnce(&mut Self) -> Result) -> Result {
        if self.depth >= MAX_DEPTH {
            return Err(LeftToRon);
        }
        self.depth += 1;
        let done = write(self);
        self.depth -= 1;
        done
    }

    fn integer(&mut self, n: impl fmt::Display) -> Result {
        write!(self.out, "{n}").map_err(|_| LeftToRon)
    }

    fn float(&mut self, negative_nan: bool, v: impl fmt::Debug) -> Result {
        if negative_nan {
            self.out.push('-');
        }
        write!(self.out, "{v:?}").map_err(|_| LeftToRon)
    }
}

/// A compound being written; `first` until its first element.
struct Compound<'a> {
    w: &'a mut Writer,
    first: bool,
}

impl<'a> Compound<'a> {
    fn new(w: &'a mut Writer) -> Self {
        Compound { w, first: true }
    }

    /// Before an element on its own line: `,` after the one before, the
    /// line break and the indent.
    #[inline]
    fn line(&mut self) {
        if self.first {
            self.first = false;
        } else {
            self.w.out.push_str(",\n");
        }
        self.w.spaces(self.w.indent);
    }

    /// After the last element on its own line, the closing bracket.
    #[inline]
    fn close_lines(self, bracket: char) -> Result {
        if !self.first {
            self.w.out.push_str(",\n");
        }
        self.w.end_indent();
        self.w.out.push(bracket);
        Ok(())
    }

    /// Before an element of a tuple, all on one line.
    #[inline]
    fn inline(&mut self) {
        if self.first {
            self.first = false;
        } else {
            self.w.out.push_str(", ");
        }
    }

    #[inline]
    fn value<T: Serialize + ?Sized>(&mut self, value: &T) -> Result {
        self.w.nested(|w| value.serialize(w))
    }

    #[inline]
    fn field<T: Serialize + ?Sized>(&mut self, key: &'static str, value: &T) -> Result {
        self.line();
        self.w.identifier(key)?;
        self.w.out.push_str(": ");
        self.value(value)
    }
}

impl<'a> ser::Serializer for &'a mut Writer {
    type Ok = ();
    type Error = LeftToRon;
    type SerializeSeq = Compound<'a>;
    type SerializeTuple = Compound<'a>;
    type SerializeTupleStruct = Compound<'a>;
    type SerializeTupleVariant = Compound<'a>;
    type SerializeMap = Compound<'a>;
    type SerializeStruct = Compound<'a>;
    type SerializeStructVariant = Compound<'a>;

    #[inline]
    fn serialize_bool(self, v: bool) -> Result {
        self.out.push_str(if v { "true" } else { "false" });
        Ok(())
    }

    #[inline]
    fn serialize_i8(self, v: i8) -> Result {
        self.integer(v)
    }

    fn serialize_i16(self, v: i16) -> Result {
        self.integer(v)
    }

    fn serialize_i32(self, v: i32) -> Result {
        self.integer(v)
    }

    fn serialize_i64(self, v: i64) -> Result {
        self.integer(v)
    }

    #[inline]
    fn serialize_u8(self, v: u8) -> Result {
        self.integer(v)
    }

    fn serialize_u16(self, v: u16) -> Result {
        self.integer(v)
    }

    #[inline]
    fn serialize_u32(self, v: u32) -> Result {
        self.integer(v)
    }

    fn serialize_u64(self, v: u64) -> Result {
        self.integer(v)
    }

    fn serialize_f32(self, v: f32) -> Result {
        self.float(v.is_nan() && v.is_sign_negative(), v)
    }

    fn serialize_f64(self, v: f64) -> Result {
        self.float(v.is_nan() && v.is_sign_negative(), v)
    }

    /// ron writes the character itself between apostrophes, escaping only
    /// `\` and `'`; the canonical layout's plain apostrophe makes `'''`,
    /// which ron reads back.
    fn serialize_char(self, v: char) -> Result {
        self.out.push('\'');
        if v == '\\' {
            self.out.push('\\');
        }
        self.out.push(v);
        self.out.push('\'');
        Ok(())
    }

    #[inline]
    fn serialize_str(self, v: &str) -> Result {
        self.string(v);
        Ok(())
    }

    fn serialize_bytes(self, _: &[u8]) -> Result {
        Err(LeftToRon)
    }

    #[inline]
    fn serialize_none(self) -> Result {
        self.out.push_str("None");
        Ok(())
    }

    #[inline]
    fn serialize_some<T: Serialize + ?Sized>(self, value: &T) -> Result {
        self.out.push_str("Some(");
        self.nested(|w| value.serialize(w))?;
        self.out.push(')');
        Ok(())
    }

    fn serialize_unit(self) -> Result {
        self.out.push_str("()");
        Ok(())
    }

    fn serialize_unit_struct(self, name: &'static str) -> Result {
        self.check_name(name)?;
        self.serialize_unit()
    }

    #[inline]
    fn serialize_unit_variant(
        self,
        name: &'static str,
        _index: u32,
        variant: &'static str,
    ) -> Result {
        self.check_name(name)?;
        self.identifier(variant)
    }

    fn serialize_newtype_struct<T: Serialize + ?Sized>(
        self,
        name: &'static str,
        value: &T,
    ) -> Result {
        self.check_name(name)?;
        self.out.push('(');
        self.nested(|w| value.serialize(w))?;
        self.out.push(')');
        Ok(())
    }

    #[inline]
    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        name: &'static str,
        _index: u32,
        variant: &'static str,
        value: &T,
    ) -> Result {
        self.check_name(name)?;
        self.identifier(variant)?;
        self.out.push('(');
        self.nested(|w| value.serialize(w))?;
        self.out.push(')');
        Ok(())
    }

    #[inline]
    fn serialize_seq(self, len: Option<usize>) -> Result<Compound<'a>> {
        self.out.push('[');
        if let Some(len) = len {
            self.is_empty = Some(len == 0);
        }
        self.start_indent();
        Ok(Compound::new(self))
    }

    /// Tuples stay on one line (ron's `separate_tuple_members` is off).
    fn serialize_tuple(self, _len: usize) -> Result<Compound<'a>> {
        self.out.push('(');
        Ok(Compound::new(self))
    }

    fn serialize_tuple_struct(self, name: &'static str, len: usize) -> Result<Compound<'a>> {
        self.check_name(name)?;
        self.serialize_tuple(len)
    }

    fn serialize_tuple_variant(
        self,
        name: &'static str,
        _index: u32,
        variant: &'static str,
        _len: usize,
    ) -> Result<Compound<'a>> {
        self.check_name(name)?;
        self.identifier(variant)?;
        self.out.push('(');
        Ok(Compound::new(self))
    }

    fn serialize_map(self, len: Option<usize>) -> Result<Compound<'a>> {
        self.out.push('{');
        if let Some(len) = len {
            self.is_empty = Some(len == 0);
        }
        self.start_indent();
        Ok(Compound::new(self))
    }

    #[inline]
    fn serialize_struct(self, name: &'static str, len: usize) -> Result<Compound<'a>> {
        self.check_name(name)?;
        self.out.push('(');
        self.is_empty = Some(len == 0);
        self.start_indent();
        Ok(Compound::new(self))
    }

    fn serialize_struct_variant(
        self,
        name: &'static str,
        _index: u32,
        variant: &'static str,
        len: usize,
    ) -> Result<Compound<'a>> {
        self.check_name(name)?;
        self.identifier(variant)?;
        self.out.push('(');
        self.is_empty = Some(len == 0);
        self.start_indent();
        Ok(Compound::new(self))
    }

    fn serialize_i128(self, _: i128) -> Result {
        Err(LeftToRon)
    }

    fn serialize_u128(self, _: u128) -> Result {
        Err(LeftToRon)
    }
}

impl ser::SerializeSeq for Compound<'_> {
    type Ok = ();
    type Error = LeftToRon;

    #[inline]
    fn serialize_element<T: Serialize + ?Sized>(&mut self, value: &T) -> Result {
        self.line();
        self.value(value)
    }

    #[inline]
    fn end(self) -> Result {
        self.close_lines(']')
    }
}

impl ser::SerializeTuple for Compound<'_> {
    type Ok = ();
    type Error = LeftToRon;

    #[inline]
    fn serialize_element<T: Serialize + ?Sized>(&mut self, value: &T) -> Result {
        self.inline();
        self.value(value)
    }

    #[inline]
    fn end(self) -> Result {
        self.w.out.push(')');
        Ok(())
    }
}

impl ser::SerializeTupleStruct for Compound<'_> {
    type Ok = ();
    type Error = LeftToRon;

    #[inline]
    fn serialize_field<T: Serialize + ?Sized>(&mut self, value: &T) -> Result {
        ser::SerializeTuple::serialize_element(self, value)
    }

    #[inline]
    fn end(self) -> Result {
        ser::SerializeTuple::end(self)
    }
}

impl ser::SerializeTupleVariant for Compound<'_> {
    type Ok = ();
    type Error = LeftToRon;

    #[inline]
    fn serialize_field<T: Serialize + ?Sized>(&mut self, value: &T) -> Result {
        ser::SerializeTuple::serialize_element(self, value)
    }

    #[inline]
    fn end(self) -> Result {
        ser::SerializeTuple::end(self)
    }
}

impl ser::SerializeMap for Compound<'_> {
    type Ok = ();
    type Error = LeftToRon;

    fn serialize_key<T: Serialize + ?Sized>(&mut self, key: &T) -> Result {
        self.line();
        self.value(key)
    }

    fn serialize_value<T: Serialize + ?Sized>(&mut self, value: &T) -> Result {
        self.w.out.push_str(": ");
        self.value(value)
    }

    #[inline]
    fn end(self) -> Result {
        self.close_lines('}')
    }
}

impl ser::SerializeStruct for Compound<'_> {
    type Ok = ();
    type Error = LeftToRon;

    #[inline]
    fn serialize_field<T: Serialize + ?Sized>(&mut self, key: &'static str, value: &T) -> Result {
        self.field(key, value)
    }

    #[inline]
    fn end(self) -> Result {
        self.close_lines(')')
    }
}

impl ser::SerializeStructVariant for Compound<'_> {
    type Ok = ();
    type Error = LeftToRon;

    #[inline]
    fn serialize_field<T: Serialize + ?Sized>(&mut self, key: &'static str, value: &T) -> Result {
        self.field(key, value)
    }

    #[inline]
    fn end(self) -> Result {
        self.close_lines(')')
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{
        Channel, Commitment, Feedback, Map, Method, Perception, Review, Source, Stage, Touchpoint,
    };
    use crate::storage::save::canonical_with_ron;
    use crate::synth::{self, Size, SplitMix64};

    fn write_map(map: &Map) -> String {
        to_string(map).expect("written")
    }

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
            map.title = t.clone().into();
            map.client.segment = Some(t.clone().into());
            let stage = &mut map.stages[i % 2];
            stage.goal = Some(t.clone().into());
            stage.touchpoints.push(Touchpoint {
                channel: Channel::Other(t.clone().into()),
                description: t.clone().into(),
                owner: t.clone().into(),
                department: t.clone().into(),
            });
            stage.perceptions.push(Perception {
                text: t.clone().into(),
                sentiment: rng.between(0, 4) as i8 - 2,
                source: Source::Assumed,
            });
            stage.feedback.push(Feedback {
                date: synth::BENCH_TODAY,
                method: Method::Other(t.clone().into()),
                score: Some(3),
                by: t.clone().into(),
                summary: t.clone().into(),
                holding_back: true,
            });
            stage.commitments.push(Commitment {
                promise: t.clone().into(),
                owner: t.clone().into(),
                due: synth::BENCH_TODAY,
                done: Some(synth::BENCH_TODAY),
            });
            map.reviews.push(Review {
                date: synth::BENCH_TODAY,
                by: t.clone().into(),
                stage: Some(t.clone().into()),
                note: t.into(),
            });
            assert_eq!(
                write_map(&map),
                canonical_with_ron(&map).expect("ron"),
                "{text:?}"
            );
        }
        // Dates of every era jiff has.
        for (y, m, d) in [
            (1, 1, 1),
            (999, 12, 31),
            (2026, 2, 28),
            (9999, 12, 31),
            (0, 1, 1),
            (-44, 3, 15),
        ] {
            map.reviews[0].date = jiff::civil::date(y, m, d);
            assert_eq!(write_map(&map), canonical_with_ron(&map).expect("ron"));
        }
        // Every char of a wide range, one string each way.
        let all: String = (0u32..0x3000).filter_map(char::from_u32).collect();
        map.title = all.into();
        assert_eq!(write_map(&map), canonical_with_ron(&map).expect("ron"));
    }

    #[test]
    fn the_calendar_text_of_dates() {
        let mut map = Map::new("A", "B");
        map.reviews.push(Review {
            date: jiff::civil::date(987, 6, 5),
            by: "b".into(),
            stage: None,
            note: "n".into(),
        });
        assert!(write_map(&map).contains("            date: \"0987-06-05\",\n"));
    }
}
