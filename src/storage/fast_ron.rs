//! A fast reader for the plain RON that maps are saved in: a
//! `serde::Deserializer`, so the model's derives drive it as they drive
//! ron, and it knows no field of any type.
//!
//! ron's serde reader runs at about 70 MB/s here, which makes a portfolio
//! of a thousand maps take a second on two cores. Files written by the
//! program (and most hand edits) use a small part of RON: structs without
//! names, lists, maps, tuples, `Some(..)`/`None`, variants bare or with
//! their data in parentheses, plain decimal numbers, `true`/`false`,
//! characters and double-quoted strings with the usual escapes, ASCII
//! identifiers and ASCII white space. This reader understands only that
//! part, several times faster.
//!
//! It is strictly a fast path: on anything outside that part (comments,
//! raw strings, struct names, extensions, unusual numbers or escapes) and
//! on any error at all (an unknown or duplicate field, a wrong type, a
//! value the type refuses) it gives up with [`NotCanonical`], and the
//! caller reads the text with ron, so every error message stays ron's.
//! Whenever it returns a value, ron returns the same value for the same
//! text: each piece below follows what ron does for it (`ron::de`), and
//! the tests check it on generated and mutated texts.

use std::borrow::Cow;
use std::fmt;

use serde::de::{self, Deserialize, DeserializeSeed, Visitor};

/// The text needs ron's full reader (it is outside the canonical subset,
/// or wrong): only that is said, ron says what and where.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NotCanonical;

impl fmt::Display for NotCanonical {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("not in the canonical subset of RON")
    }
}

impl std::error::Error for NotCanonical {}

impl de::Error for NotCanonical {
    fn custom<T: fmt::Display>(_: T) -> Self {
        NotCanonical
    }
}

type Result<T> = std::result::Result<T, NotCanonical>;

/// Nesting deeper than this is left to ron (whose own limit, 128 of its
/// steps, is well above it), so a hostile file cannot exhaust the stack
/// here nor be read where ron would refuse it. Maps nest five deep.
const MAX_DEPTH: usize = 32;

/// The value in `text`, or [`NotCanonical`] when the text needs ron.
pub fn from_str<'de, T: Deserialize<'de>>(text: &'de str) -> Result<T> {
    let mut r = Reader {
        text,
        b: text.as_bytes(),
        i: 0,
        depth: 0,
    };
    r.ws();
    let value = T::deserialize(&mut r)?;
    r.ws();
    if r.i == r.b.len() {
        Ok(value)
    } else {
        Err(NotCanonical)
    }
}

struct Reader<'de> {
    text: &'de str,
    b: &'de [u8],
    i: usize,
    depth: usize,
}

/// ASCII letters, digits and `_`: the bytes of the identifiers read and
/// written here.
pub(super) const IDENT_BYTE: [bool; 256] = {
    let mut table = [false; 256];
    let mut c = 0;
    while c < 256 {
        let b = c as u8;
        table[c] = b.is_ascii_alphanumeric() || b == b'_';
        c += 1;
    }
    table
};

/// `Some(x)` as the reader's result: `None` gives up.
fn or_give_up<T>(value: Option<T>) -> Result<T> {
    value.ok_or(NotCanonical)
}

impl<'de> Reader<'de> {
    #[inline]
    fn peek(&self) -> Option<u8> {
        self.b.get(self.i).copied()
    }

    /// Skips the white space this reader knows (ASCII only; other RON
    /// white space and comments are left for ron).
    #[inline]
    fn ws(&mut self) {
        while let Some(&c) = self.b.get(self.i) {
            match c {
                // The canonical layout indents by four spaces a level.
                b' ' if self.b.get(self.i..self.i + 4) == Some(b"    ") => self.i += 4,
                b' ' | b'\t' | b'\n' | b'\r' => self.i += 1,
                _ => break,
            }
        }
    }

    #[inline]
    fn eat(&mut self, c: u8) -> bool {
        if self.peek() == Some(c) {
            self.i += 1;
            true
        } else {
            false
        }
    }

    #[inline]
    fn expect(&mut self, c: u8) -> Result<()> {
        if self.eat(c) {
            Ok(())
        } else {
            Err(NotCanonical)
        }
    }

    /// Where a word or number ends: the end, white space, `,`, `:` or a
    /// closing bracket. Anything else (an identifier character, `.`, `_`,
    /// a suffix, a comment) makes the token one for ron.
    #[inline]
    fn at_boundary(&self) -> bool {
        matches!(
            self.peek(),
            None | Some(b' ' | b'\t' | b'\n' | b'\r' | b',' | b':' | b')' | b']' | b'}')
        )
    }

    /// An ASCII identifier, ending at a boundary or an opening `(` (of a
    /// variant's data or `Some`).
    #[inline]
    fn ident(&mut self) -> Result<&'de str> {
        let start = self.i;
        let rest = &self.b[start..];
        if !rest
            .first()
            .is_some_and(|&c| c.is_ascii_alphabetic() || c == b'_')
        {
            return Err(NotCanonical);
        }
        // Fields and variants are most of a map's words: a table lookup
        // per byte keeps this loop short.
        let len = rest
            .iter()
            .position(|&c| !IDENT_BYTE[usize::from(c)])
            .unwrap_or(rest.len());
        self.i = start + len;
        if self.at_boundary() || self.peek() == Some(b'(') {
            Ok(&self.text[start..self.i])
        } else {
            Err(NotCanonical)
        }
    }

    /// A field or variant name: an identifier, or a raw one (`r#None`,
    /// which ron writes for names it would read as something else).
    #[inline]
    fn identifier(&mut self) -> Result<&'de str> {
        if !self.b[self.i..].starts_with(b"r#") {
            return self.ident();
        }
        let start = self.i + 2;
        let len = self.b[start..]
            .iter()
            .take_while(|&&c| c.is_ascii_alphanumeric() || matches!(c, b'_' | b'.' | b'+' | b'-'))
            .count();
        self.i = start + len;
        if len > 0 && (self.at_boundary() || self.peek() == Some(b'(')) {
            Ok(&self.text[start..self.i])
        } else {
            Err(NotCanonical)
        }
    }

    /// A bare word (`true`, `None`), ending at a boundary.
    fn word(&mut self) -> Result<&'de str> {
        let w = self.ident()?;
        if self.at_boundary() {
            Ok(w)
        } else {
            Err(NotCanonical)
        }
    }

    /// Skips white space and one comma; whether there was one (ron's
    /// `Parser::comma`).
    #[inline]
    fn comma(&mut self) -> bool {
        self.ws();
        let had = self.eat(b',');
        self.ws();
        had
    }

    /// The end of `Some(..)`, a newtype or a variant's single value: an
    /// optional comma, then `)`.
    #[inline]
    fn close_single(&mut self) -> Result<()> {
        self.comma();
        self.expect(b')')
    }

    /// Runs `read` one level deeper.
    #[inline]
    fn nested<T>(&mut self, read: impl FnOnce(&mut Self) -> Result<T>) -> Result<T> {
        if self.depth >= MAX_DEPTH {
            return Err(NotCanonical);
        }
        self.depth += 1;
        let value = read(self);
        self.depth -= 1;
        value
    }

    /// Decimal digits without sign or leading zeros, ending at a boundary.
    fn digits(&mut self) -> Result<u64> {
        let start = self.i;
        let mut n: u64 = 0;
        while let Some(c @ b'0'..=b'9') = self.peek() {
            n = or_give_up(
                n.checked_mul(10)
                    .and_then(|n| n.checked_add(u64::from(c - b'0'))),
            )?;
            self.i += 1;
        }
        let len = self.i - start;
        if len == 0 || (len > 1 && self.b[start] == b'0') || !self.at_boundary() {
            return Err(NotCanonical);
        }
        Ok(n)
    }

    fn unsigned<T: TryFrom<u64>>(&mut self) -> Result<T> {
        T::try_from(self.digits()?).map_err(|_| NotCanonical)
    }

    fn signed<T: TryFrom<i128>>(&mut self) -> Result<T> {
        let negative = self.eat(b'-');
        let n = i128::from(self.digits()?);
        T::try_from(if negative { -n } else { n }).map_err(|_| NotCanonical)
    }

    /// A float as ron's pretty printer writes one (`1.5`, `1e-7`, `inf`,
    /// `-NaN`), parsed by the standard library as ron parses it.
    fn float<T: std::str::FromStr>(&mut self) -> Result<T> {
        let start = self.i;
        for literal in ["inf", "+inf", "-inf", "NaN", "+NaN", "-NaN"] {
            if self.b[start..].starts_with(literal.as_bytes()) {
                self.i += literal.len();
                if self.at_boundary() {
                    return literal.parse().map_err(|_| NotCanonical);
                }
                self.i = start;
            }
        }
        while let Some(b'0'..=b'9' | b'e' | b'E' | b'.' | b'+' | b'-') = self.peek() {
            self.i += 1;
        }
        let text = &self.text[start..self.i];
        if text.is_empty() || text.contains("..") || !self.at_boundary() {
            return Err(NotCanonical);
        }
        text.parse().map_err(|_| NotCanonical)
    }

    /// The character after a `\` in a string or char literal, for the
    /// escapes ron writes; `\x` and line continuations are ron's.
    fn escape(&mut self) -> Result<char> {
        let c = or_give_up(self.peek())?;
        self.i += 1;
        Ok(match c {
            b'"' => '"',
            b'\\' => '\\',
            b'\'' => '\'',
            b'n' => '\n',
            b'r' => '\r',
            b't' => '\t',
            b'0' => '\0',
            b'u' => {
                // `\u{...}`: one to six hex digits.
                self.expect(b'{')?;
                let mut code: u32 = 0;
                let mut digits = 0;
                while let Some(d) = self.peek().and_then(|c| char::from(c).to_digit(16)) {
                    if digits == 6 {
                        return Err(NotCanonical);
                    }
                    code = code << 4 | d;
                    digits += 1;
                    self.i += 1;
                }
                self.expect(b'}')?;
                if digits == 0 {
                    return Err(NotCanonical);
                }
                or_give_up(char::from_u32(code))?
            }
            _ => return Err(NotCanonical),
        })
    }

    /// A double-quoted string: borrowed from the text when it has no
    /// escapes.
    #[inline]
    fn string(&mut self) -> Result<Cow<'de, str>> {
        self.expect(b'"')?;
        let start = self.i;
        let end = or_give_up(
            self.b[start..]
                .iter()
                .position(|&c| c == b'"' || c == b'\\'),
        )?;
        if self.b[start + end] == b'"' {
            self.i = start + end + 1;
            return Ok(Cow::Borrowed(&self.text[start..start + end]));
        }
        let mut out = String::with_capacity(end + 16);
        let mut from = start;
        loop {
            let rest = &self.b[from..];
            let at = or_give_up(rest.iter().position(|&c| c == b'"' || c == b'\\'))?;
            // Both delimiters are ASCII, so these are char boundaries.
            out.push_str(&self.text[from..from + at]);
            self.i = from + at + 1;
            if rest[at] == b'"' {
                return Ok(Cow::Owned(out));
            }
            out.push(self.escape()?);
            from = self.i;
        }
    }

    /// `'c'`, with the same escapes as strings. ron reads `'''` as an
    /// apostrophe, which is how the canonical layout writes one.
    fn char_literal(&mut self) -> Result<char> {
        self.expect(b'\'')?;
        let c = if self.eat(b'\\') {
            self.escape()?
        } else {
            let c = or_give_up(self.text[self.i..].chars().next())?;
            self.i += c.len_utf8();
            c
        };
        self.expect(b'\'')?;
        Ok(c)
    }
}

impl<'de> de::Deserializer<'de> for &mut Reader<'de> {
    type Error = NotCanonical;

    /// Self-describing reads (untagged enums, `serde_json::Value`, skipped
    /// unknown fields) are ron's: they need all of RON's guesses.
    fn deserialize_any<V: Visitor<'de>>(self, _: V) -> Result<V::Value> {
        Err(NotCanonical)
    }

    fn deserialize_ignored_any<V: Visitor<'de>>(self, _: V) -> Result<V::Value> {
        Err(NotCanonical)
    }

    fn deserialize_bool<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        match self.word()? {
            "true" => visitor.visit_bool(true),
            "false" => visitor.visit_bool(false),
            _ => Err(NotCanonical),
        }
    }

    fn deserialize_i8<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        visitor.visit_i8(self.signed()?)
    }

    fn deserialize_i16<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        visitor.visit_i16(self.signed()?)
    }

    fn deserialize_i32<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        visitor.visit_i32(self.signed()?)
    }

    fn deserialize_i64<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        visitor.visit_i64(self.signed()?)
    }

    fn deserialize_u8<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        visitor.visit_u8(self.unsigned()?)
    }

    fn deserialize_u16<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        visitor.visit_u16(self.unsigned()?)
    }

    fn deserialize_u32<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        visitor.visit_u32(self.unsigned()?)
    }

    fn deserialize_u64<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        visitor.visit_u64(self.unsigned()?)
    }

    fn deserialize_f32<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        visitor.visit_f32(self.float()?)
    }

    fn deserialize_f64<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        visitor.visit_f64(self.float()?)
    }

    fn deserialize_char<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        visitor.visit_char(self.char_literal()?)
    }

    #[inline]
    fn deserialize_str<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        match self.string()? {
            Cow::Borrowed(s) => visitor.visit_borrowed_str(s),
            Cow::Owned(s) => visitor.visit_string(s),
        }
    }

    #[inline]
    fn deserialize_string<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        self.deserialize_str(visitor)
    }

    /// Byte strings (`b"..."`, or lists of numbers) are ron's.
    fn deserialize_bytes<V: Visitor<'de>>(self, _: V) -> Result<V::Value> {
        Err(NotCanonical)
    }

    fn deserialize_byte_buf<V: Visitor<'de>>(self, _: V) -> Result<V::Value> {
        Err(NotCanonical)
    }

    #[inline]
    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        match self.ident()? {
            "None" if self.at_boundary() => visitor.visit_none(),
            "Some" => {
                self.ws();
                self.expect(b'(')?;
                self.ws();
                let value = self.nested(|r| visitor.visit_some(&mut *r))?;
                self.close_single()?;
                Ok(value)
            }
            _ => Err(NotCanonical),
        }
    }

    fn deserialize_unit<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        self.expect(b'(')?;
        self.expect(b')')?;
        visitor.visit_unit()
    }

    fn deserialize_unit_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        visitor: V,
    ) -> Result<V::Value> {
        self.deserialize_unit(visitor)
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        visitor: V,
    ) -> Result<V::Value> {
        self.expect(b'(')?;
        self.ws();
        let value = self.nested(|r| visitor.visit_newtype_struct(&mut *r))?;
        self.close_single()?;
        Ok(value)
    }

    #[inline]
    fn deserialize_seq<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        self.expect(b'[')?;
        let value = self.nested(|r| visitor.visit_seq(Items::new(r, b']', Keys::Values)))?;
        self.ws();
        self.expect(b']')?;
        Ok(value)
    }

    fn deserialize_tuple<V: Visitor<'de>>(self, _len: usize, visitor: V) -> Result<V::Value> {
        self.expect(b'(')?;
        let value = self.nested(|r| visitor.visit_seq(Items::new(r, b')', Keys::Values)))?;
        self.ws();
        self.expect(b')')?;
        Ok(value)
    }

    fn deserialize_tuple_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        len: usize,
        visitor: V,
    ) -> Result<V::Value> {
        self.deserialize_tuple(len, visitor)
    }

    fn deserialize_map<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        // ron reads a struct that asks for a map (`#[serde(flatten)]`) with
        // string keys; that is its business.
        struct Expecting<'a, V>(&'a V);
        impl<'de, V: Visitor<'de>> fmt::Display for Expecting<'_, V> {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                self.0.expecting(f)
            }
        }
        if Expecting(&visitor).to_string().starts_with("struct ") {
            return Err(NotCanonical);
        }
        self.expect(b'{')?;
        let value = self.nested(|r| visitor.visit_map(Items::new(r, b'}', Keys::Values)))?;
        self.ws();
        self.expect(b'}')?;
        Ok(value)
    }

    #[inline]
    fn deserialize_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value> {
        self.expect(b'(')?;
        let value = self.nested(|r| visitor.visit_map(Items::new(r, b')', Keys::Fields)))?;
        self.ws();
        self.expect(b')')?;
        Ok(value)
    }

    #[inline]
    fn deserialize_enum<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value> {
        self.nested(|r| visitor.visit_enum(Variant(r)))
    }

    #[inline]
    fn deserialize_identifier<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        visitor.visit_borrowed_str(self.identifier()?)
    }
}

/// How the keys of a `(...)` or `{...}` are read.
#[derive(Clone, Copy)]
enum Keys {
    /// Struct fields: bare identifiers, whatever the key type asks for.
    Fields,
    /// Map keys: values like any other.
    Values,
}

/// The elements of a list, tuple, map or struct, separated by commas (a
/// last one allowed); ron's `CommaSeparated`.
struct Items<'a, 'de> {
    r: &'a mut Reader<'de>,
    close: u8,
    keys: Keys,
    had_comma: bool,
}

impl<'a, 'de> Items<'a, 'de> {
    fn new(r: &'a mut Reader<'de>, close: u8, keys: Keys) -> Self {
        Items {
            r,
            close,
            keys,
            had_comma: true,
        }
    }

    #[inline]
    fn has_element(&mut self) -> Result<bool> {
        self.r.ws();
        let at_close = self.r.peek() == Some(self.close);
        match (self.had_comma, at_close) {
            (true, _) => Ok(!at_close),
            (false, true) => Ok(false),
            (false, false) => Err(NotCanonical),
        }
    }
}

impl<'de> de::SeqAccess<'de> for Items<'_, 'de> {
    type Error = NotCanonical;

    #[inline]
    fn next_element_seed<T: DeserializeSeed<'de>>(&mut self, seed: T) -> Result<Option<T::Value>> {
        if !self.has_element()? {
            return Ok(None);
        }
        let value = seed.deserialize(&mut *self.r)?;
        self.had_comma = self.r.comma();
        Ok(Some(value))
    }
}

impl<'de> de::MapAccess<'de> for Items<'_, 'de> {
    type Error = NotCanonical;

    #[inline]
    fn next_key_seed<K: DeserializeSeed<'de>>(&mut self, seed: K) -> Result<Option<K::Value>> {
        if !self.has_element()? {
            return Ok(None);
        }
        match self.keys {
            Keys::Fields => seed.deserialize(FieldName(&mut *self.r)).map(Some),
            Keys::Values => seed.deserialize(&mut *self.r).map(Some),
        }
    }

    #[inline]
    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value> {
        self.r.ws();
        self.r.expect(b':')?;
        self.r.ws();
        let value = seed.deserialize(&mut *self.r)?;
        self.had_comma = self.r.comma();
        Ok(value)
    }
}

/// A struct's field name: an identifier, however the key type asks for
/// it (ron's `de::id::Deserializer`).
struct FieldName<'a, 'de>(&'a mut Reader<'de>);

impl<'de> de::Deserializer<'de> for FieldName<'_, 'de> {
    type Error = NotCanonical;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        visitor.visit_borrowed_str(self.0.identifier()?)
    }

    #[inline]
    fn deserialize_identifier<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        self.deserialize_any(visitor)
    }

    #[inline]
    fn deserialize_str<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        self.deserialize_any(visitor)
    }

    #[inline]
    fn deserialize_string<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        self.deserialize_any(visitor)
    }

    fn deserialize_ignored_any<V: Visitor<'de>>(self, _: V) -> Result<V::Value> {
        Err(NotCanonical)
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char bytes byte_buf option
        unit unit_struct newtype_struct seq tuple tuple_struct map struct enum
    }
}

/// An enum's variant: its name, then its data if it has any.
struct Variant<'a, 'de>(&'a mut Reader<'de>);

impl<'a, 'de> de::EnumAccess<'de> for Variant<'a, 'de> {
    type Error = NotCanonical;
    type Variant = Self;

    #[inline]
    fn variant_seed<V: DeserializeSeed<'de>>(self, seed: V) -> Result<(V::Value, Self)> {
        self.0.ws();
        let name = seed.deserialize(&mut *self.0)?;
        Ok((name, self))
    }
}

impl<'de> de::VariantAccess<'de> for Variant<'_, 'de> {
    type Error = NotCanonical;

    /// Nothing to read: whatever follows is the container's to check.
    #[inline]
    fn unit_variant(self) -> Result<()> {
        Ok(())
    }

    #[inline]
    fn newtype_variant_seed<T: DeserializeSeed<'de>>(self, seed: T) -> Result<T::Value> {
        self.0.ws();
        self.0.expect(b'(')?;
        self.0.ws();
        let value = seed.deserialize(&mut *self.0)?;
        self.0.close_single()?;
        Ok(value)
    }

    fn tuple_variant<V: Visitor<'de>>(self, len: usize, visitor: V) -> Result<V::Value> {
        self.0.ws();
        de::Deserializer::deserialize_tuple(self.0, len, visitor)
    }

    fn struct_variant<V: Visitor<'de>>(
        self,
        fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value> {
        self.0.ws();
        de::Deserializer::deserialize_struct(self.0, "", fields, visitor)
    }
}

#[cfg(test)]
pub(super) mod tests {
    use super::*;
    use crate::model::Map;
    use crate::synth::{self, Size, SplitMix64};

    fn parse(text: &str) -> Option<Map> {
        from_str(text).ok()
    }

    /// The promise of this module: never a map ron would not give.
    fn agrees_with_ron(text: &str) -> bool {
        match parse(text) {
            Some(fast) => match ron::from_str::<Map>(text) {
                Ok(slow) => slow == fast,
                Err(_) => false,
            },
            None => true,
        }
    }

    #[test]
    fn reads_canonical_maps_like_ron() {
        for seed in 0..4 {
            let text = synth::map_text(Size::REALISTIC, seed);
            let fast = parse(&text).expect("canonical text takes the fast path");
            assert_eq!(fast, ron::from_str::<Map>(&text).expect("valid"));
        }
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("maps");
        for path in crate::storage::folders::list_maps(&dir).expect("samples") {
            let text = std::fs::read_to_string(&path).expect("readable");
            let fast = parse(&text).unwrap_or_else(|| panic!("{}", path.display()));
            assert_eq!(fast, ron::from_str::<Map>(&text).expect("valid"));
        }
    }

    #[test]
    fn hand_written_variety_agrees_with_ron() {
        let texts = [
            // Compact, fields out of order, defaults left out, escapes.
            r#"(client:(name:"A \"B\" C\\",account_manager:"it\'s me"),format:1,title:"t\n\t\u{e9}",stages:[(name:"N",id:"n",feedback:[(date:"2026-01-01",method:Other("x"),score:None,by:"b",summary:"s")])])"#,
            "(format: 1, client: (name: \"A\", account_manager: \"B\", segment: None), title: \"\", stages: [], reviews: [],)",
            // Trailing commas everywhere, CRLF line ends, space before
            // parentheses and colons.
            "(\r\n format: 1,\r\n client: (name: \"A\", account_manager: \"B\",),\r\n title : \"T\",\r\n stages: [(id: \"a\", name: \"A\", goal: Some (\"g\",), perceptions: [(text: \"p\", sentiment: -2, source: Assumed,),],),],\r\n)\r\n",
            // Literal control characters and non-ASCII text inside strings.
            "(format: 1, client: (name: \"Zoë\tcafé\n\", account_manager: \"B\"), title: \"T\", stages: [])",
            // A raw identifier, as ron writes names it would misread.
            "(format: 1, client: (r#name: \"A\", account_manager: \"B\"), title: \"T\", stages: [])",
            // `score` and `done` left out (they are options).
            r#"(format: 1, client: (name: "A", account_manager: "B"), title: "T", stages: [(id: "a", name: "A", feedback: [(date: "2026-01-01", method: Call, by: "b", summary: "s")], commitments: [(promise: "p", owner: "o", due: "2026-01-02")])])"#,
        ];
        for text in texts {
            assert!(parse(text).is_some(), "fast path refused {text}");
            assert!(agrees_with_ron(text), "{text}");
        }
    }

    #[test]
    fn leaves_everything_unusual_to_ron() {
        let base =
            "(format: 1, client: (name: \"A\", account_manager: \"B\"), title: \"T\", stages: [])";
        let unusual = [
            "// a comment\n(format: 1, client: (name: \"A\", account_manager: \"B\"), title: \"T\", stages: [])",
            "Map(format: 1, client: (name: \"A\", account_manager: \"B\"), title: \"T\", stages: [])",
            "(format: 1, format: 1, client: (name: \"A\", account_manager: \"B\"), title: \"T\", stages: [])",
            "(format: 1, client: (name: \"A\", account_manager: \"B\"), title: \"T\", stages: [], extra: 1)",
            "(format: 0x1, client: (name: \"A\", account_manager: \"B\"), title: \"T\", stages: [])",
            "(format: 01, client: (name: \"A\", account_manager: \"B\"), title: \"T\", stages: [])",
            "(format: 1_0, client: (name: \"A\", account_manager: \"B\"), title: \"T\", stages: [])",
            "(format: 1u32, client: (name: \"A\", account_manager: \"B\"), title: \"T\", stages: [])",
            "(format: 99999999999, client: (name: \"A\", account_manager: \"B\"), title: \"T\", stages: [])",
            "(format: 1, client: (name: r\"A\", account_manager: \"B\"), title: \"T\", stages: [])",
            "(format: 1, client: (name: \"\\x41\", account_manager: \"B\"), title: \"T\", stages: [])",
            "(format: 1, client: (name: \"A\\\n  B\", account_manager: \"B\"), title: \"T\", stages: [])",
            "#![enable(implicit_some)]\n(format: 1, client: (name: \"A\", account_manager: \"B\"), title: \"T\", stages: [])",
            "(format: 1, client: (name: \"A\", account_manager: \"B\"), title: \"T\", stages: []) x",
            "(format: 1, client: (name: \"A\"), title: \"T\", stages: [])",
            "(format: 1,\u{2028}client: (name: \"A\", account_manager: \"B\"), title: \"T\", stages: [])",
            // A wrong type, and a date no real day: ron's to report.
            "(format: \"1\", client: (name: \"A\", account_manager: \"B\"), title: \"T\", stages: [])",
            r#"(format: 1, client: (name: "A", account_manager: "B"), title: "T", stages: [], reviews: [(date: "2026-02-30", by: "b", stage: None, note: "n")])"#,
        ];
        assert!(parse(base).is_some());
        for text in unusual {
            assert!(parse(text).is_none(), "fast path took {text}");
        }
    }

    /// Random small edits of a real map: the fast path either gives up or
    /// agrees with ron, never anything else.
    #[test]
    fn mutated_maps_agree_with_ron() {
        let text = synth::map_text(
            Size {
                stages: 3,
                items: 25,
            },
            11,
        );
        let pieces: &[&str] = &[
            "\"", "\\", ",", "(", ")", "[", "]", ":", "-", "0", "9", "256", "-129", " ", "\n", "/",
            "#", "r", "Some(", "None", "true", "x", "é", "\\'", "\\n", "\\x41", "\\u{e9}", "_",
            "'", "{", "}", ".", "e", "+",
        ];
        let took_fast_path = mutate(&text, pieces, 1500, 99, |t| {
            assert!(agrees_with_ron(t), "disagreement on:\n{t}");
            parse(t).is_some()
        });
        // Many edits keep the text valid (inside strings, white space):
        // the comparison must actually have run on some.
        assert!(
            took_fast_path > 50,
            "only {took_fast_path} took the fast path"
        );
    }

    /// Applies `rounds` random edits (one to three insertions, deletions or
    /// replacements by `pieces`) to `text`, calls `check` on each and
    /// counts the edits it says yes to.
    pub(in crate::storage) fn mutate(
        text: &str,
        pieces: &[&str],
        rounds: usize,
        seed: u64,
        mut check: impl FnMut(&str) -> bool,
    ) -> usize {
        let mut rng = SplitMix64::new(seed);
        let mut yes = 0;
        for _ in 0..rounds {
            let mut t = text.to_string();
            for _ in 0..rng.between(1, 3) {
                let mut at = rng.below(t.len());
                while !t.is_char_boundary(at) {
                    at -= 1;
                }
                match rng.below(3) {
                    0 => t.insert_str(at, pieces[rng.below(pieces.len())]),
                    1 => {
                        let mut end = (at + rng.between(1, 6)).min(t.len());
                        while !t.is_char_boundary(end) {
                            end += 1;
                        }
                        t.replace_range(at..end, "");
                    }
                    _ => {
                        let mut end = (at + 1).min(t.len());
                        while !t.is_char_boundary(end) {
                            end += 1;
                        }
                        t.replace_range(at..end, pieces[rng.below(pieces.len())]);
                    }
                }
            }
            yes += usize::from(check(&t));
        }
        yes
    }
}
