//! A light scanner over RON source text, used only for what serde cannot
//! tell us: where in the file a value sits (for validation messages) and
//! whether the file holds comments (which a save would drop).
//!
//! It only runs when there is something to report, or once per load for
//! comments, so it favours being simple over being fast.

use crate::model::{FieldPath, PathSeg};

/// A 1-based line and column (columns count characters, like ron's).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TextPos {
    pub line: usize,
    pub col: usize,
}

/// Whether the RON text holds a `//` or `/* */` comment outside strings.
/// Runs on every load, so it works on bytes in one pass.
pub fn has_comments(text: &str) -> bool {
    let b = text.as_bytes();
    // Fast path: a file without any '/' cannot hold a comment.
    if !b.contains(&b'/') {
        return false;
    }
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            b'"' => {
                // An escaped string: skip to the closing quote.
                i += 1;
                while i < b.len() && b[i] != b'"' {
                    i += if b[i] == b'\\' { 2 } else { 1 };
                }
            }
            b'r' if matches!(b.get(i + 1), Some(b'"') | Some(b'#'))
                && (i == 0 || !is_ident_byte(b[i - 1])) =>
            {
                // A raw string r#"..."#: skip to '"' followed by the hashes.
                let mut j = i + 1;
                let mut hashes = 0;
                while b.get(j) == Some(&b'#') {
                    hashes += 1;
                    j += 1;
                }
                if b.get(j) != Some(&b'"') {
                    i += 1;
                    continue;
                }
                j += 1;
                while j < b.len() {
                    if b[j] == b'"' && (1..=hashes).all(|k| b.get(j + k) == Some(&b'#')) {
                        j += hashes;
                        break;
                    }
                    j += 1;
                }
                i = j;
            }
            b'\'' => {
                // A char literal, e.g. '"' or '\\''.
                i += 1;
                while i < b.len() && b[i] != b'\'' {
                    i += if b[i] == b'\\' { 2 } else { 1 };
                }
            }
            b'/' if matches!(b.get(i + 1), Some(b'/') | Some(b'*')) => return true,
            _ => {}
        }
        i += 1;
    }
    false
}

/// The first place at or after `pos` that is not white space; `pos` itself
/// when only white space follows (an error at the end of the file).
pub fn skip_blanks(text: &str, pos: TextPos) -> TextPos {
    // Walks the text directly: it may be large and this runs on every
    // syntax error.
    let mut at = TextPos { line: 1, col: 1 };
    let mut chars = text.chars().peekable();
    while at != pos {
        match chars.next() {
            None => return pos,
            Some('\n') => {
                at = TextPos {
                    line: at.line + 1,
                    col: 1,
                }
            }
            Some(_) => at.col += 1,
        }
    }
    while let Some(&c) = chars.peek() {
        if !c.is_whitespace() {
            return at;
        }
        chars.next();
        at = match c {
            '\n' => TextPos {
                line: at.line + 1,
                col: 1,
            },
            _ => TextPos {
                line: at.line,
                col: at.col + 1,
            },
        };
    }
    pos
}

fn is_ident_byte(c: u8) -> bool {
    c.is_ascii_alphanumeric() || c == b'_'
}

/// Where the value at `path` starts in `text`, if the text is well-formed
/// enough to find it.
pub fn locate(text: &str, path: &FieldPath) -> Option<TextPos> {
    let mut s = Scanner::new(text);
    let mut found = None;
    let mut current = Vec::new();
    s.skip_trivia();
    // Extension attributes such as `#![enable(implicit_some)]` may come
    // before the map.
    while s.peek() == Some('#') && s.peek_at(1) == Some('!') {
        s.attribute();
        s.skip_trivia();
    }
    s.value(&mut current, &path.0, &mut found);
    found
}

/// The text of the plain value (a number or a name: up to the next
/// delimiter) at `path`, e.g. `"2"` for `format: 2`. The scan is tolerant:
/// it stops there, whatever syntax comes after, so it can read a file that
/// ron refuses.
pub fn plain_value<'a>(text: &'a str, path: &FieldPath) -> Option<&'a str> {
    let pos = locate(text, path)?;
    let mut s = Scanner::new(text);
    while s.pos() != pos {
        s.peek()?;
        s.bump();
    }
    let rest = &text[s.byte_offset()..];
    let end = rest
        .find(|c: char| matches!(c, ',' | ')' | ']' | '}' | '/') || c.is_whitespace())
        .unwrap_or(rest.len());
    Some(&rest[..end]).filter(|value| !value.is_empty())
}

/// A path segment as read from the text (field names are not static there).
#[derive(Debug, Clone, PartialEq)]
enum Seg {
    Field(String),
    Index(usize),
}

fn matches(current: &[Seg], wanted: &[PathSeg]) -> bool {
    current.len() == wanted.len()
        && current.iter().zip(wanted).all(|(a, b)| match (a, b) {
            (Seg::Field(a), PathSeg::Field(b)) => a == b,
            (Seg::Index(a), PathSeg::Index(b)) => a == b,
            _ => false,
        })
}

/// Walks the text by characters, keeping a byte offset: no copy of the
/// text (a `Vec<char>` of a large map would be four times its size).
struct Scanner<'a> {
    text: &'a str,
    /// Byte offset of the current character.
    i: usize,
    line: usize,
    col: usize,
}

impl<'a> Scanner<'a> {
    fn new(text: &'a str) -> Self {
        Scanner {
            text,
            i: 0,
            line: 1,
            col: 1,
        }
    }

    fn peek(&self) -> Option<char> {
        self.text[self.i..].chars().next()
    }

    fn peek_at(&self, n: usize) -> Option<char> {
        self.text[self.i..].chars().nth(n)
    }

    fn bump(&mut self) {
        if let Some(c) = self.peek() {
            self.i += c.len_utf8();
            if c == '\n' {
                self.line += 1;
                self.col = 1;
            } else {
                self.col += 1;
            }
        }
    }

    fn pos(&self) -> TextPos {
        TextPos {
            line: self.line,
            col: self.col,
        }
    }

    fn raw_string_ahead(&self) -> bool {
        let mut n = 1;
        while self.peek_at(n) == Some('#') {
            n += 1;
        }
        self.peek_at(n) == Some('"')
    }

    /// Skips white space and comments (nested block comments included).
    fn skip_trivia(&mut self) {
        loop {
            match self.peek() {
                Some(c) if c.is_whitespace() => self.bump(),
                Some('/') if self.peek_at(1) == Some('/') => {
                    while !matches!(self.peek(), None | Some('\n')) {
                        self.bump();
                    }
                }
                Some('/') if self.peek_at(1) == Some('*') => {
                    let mut depth = 0;
                    loop {
                        match (self.peek(), self.peek_at(1)) {
                            (None, _) => return,
                            (Some('/'), Some('*')) => {
                                depth += 1;
                                self.bump();
                                self.bump();
                            }
                            (Some('*'), Some('/')) => {
                                depth -= 1;
                                self.bump();
                                self.bump();
                                if depth == 0 {
                                    break;
                                }
                            }
                            _ => self.bump(),
                        }
                    }
                }
                _ => return,
            }
        }
    }

    /// Skips a string: `"..."` with escapes, or a raw `r#"..."#`.
    fn string(&mut self) {
        if self.peek() == Some('r') {
            self.bump();
            let mut hashes = 0;
            while self.peek() == Some('#') {
                hashes += 1;
                self.bump();
            }
            self.bump(); // opening quote
            while let Some(c) = self.peek() {
                self.bump();
                if c == '"' && (0..hashes).all(|k| self.peek_at(k) == Some('#')) {
                    for _ in 0..hashes {
                        self.bump();
                    }
                    return;
                }
            }
            return;
        }
        self.bump(); // opening quote
        while let Some(c) = self.peek() {
            self.bump();
            match c {
                '\\' => self.bump(),
                '"' => return,
                _ => {}
            }
        }
    }

    /// Skips an attribute `#![...]`, brackets balanced.
    fn attribute(&mut self) {
        let mut depth = 0;
        while let Some(c) = self.peek() {
            self.bump();
            match c {
                '[' => depth += 1,
                ']' => {
                    depth -= 1;
                    if depth == 0 {
                        return;
                    }
                }
                _ => {}
            }
        }
    }

    fn char_lit(&mut self) {
        self.bump();
        while let Some(c) = self.peek() {
            self.bump();
            match c {
                '\\' => self.bump(),
                '\'' => return,
                _ => {}
            }
        }
    }

    fn ident(&mut self) -> String {
        let mut out = String::new();
        while let Some(c) = self.peek() {
            if c.is_alphanumeric() || c == '_' {
                out.push(c);
                self.bump();
            } else {
                break;
            }
        }
        out
    }

    /// Reads one value, recording the start of the one at `wanted`.
    fn value(&mut self, current: &mut Vec<Seg>, wanted: &[PathSeg], found: &mut Option<TextPos>) {
        if found.is_some() {
            return;
        }
        if matches(current, wanted) {
            *found = Some(self.pos());
            return;
        }
        match self.peek() {
            Some('(') => self.parens(current, wanted, found),
            Some('[') => self.list(current, wanted, found),
            Some('{') => self.braces(),
            Some('"') => self.string(),
            Some('r') if self.raw_string_ahead() => self.string(),
            Some('\'') => self.char_lit(),
            Some(c) if c.is_alphabetic() || c == '_' => {
                self.ident();
                self.skip_trivia();
                if self.peek() == Some('(') {
                    self.parens(current, wanted, found);
                }
            }
            Some(_) => {
                // Numbers and anything else: up to the next delimiter.
                let start = self.i;
                while let Some(c) = self.peek() {
                    if c == ',' || c == ')' || c == ']' || c == '}' || c.is_whitespace() {
                        break;
                    }
                    self.bump();
                }
                // A value that starts with a delimiter (a stray `]` in a
                // struct, `)` in a list): step over it, or the loop that
                // asked for a value would ask again forever. Only broken
                // text gets here, which the format probe does scan.
                if self.i == start {
                    self.bump();
                }
            }
            None => {}
        }
    }

    /// `( ... )`: a struct with named fields, or the contents of a tuple,
    /// `Some(..)` or a newtype variant (which keep the outer path).
    fn parens(&mut self, current: &mut Vec<Seg>, wanted: &[PathSeg], found: &mut Option<TextPos>) {
        self.bump();
        self.skip_trivia();
        let named = {
            let save = (self.i, self.line, self.col);
            let name = self.ident();
            self.skip_trivia();
            let is_named = !name.is_empty() && self.peek() == Some(':');
            (self.i, self.line, self.col) = save;
            is_named
        };
        loop {
            self.skip_trivia();
            match self.peek() {
                None => return,
                Some(')') => {
                    self.bump();
                    return;
                }
                Some(',') => {
                    self.bump();
                    continue;
                }
                _ => {}
            }
            if named {
                let name = self.ident();
                if name.is_empty() {
                    // Not RON we understand: give up on this level.
                    self.bump();
                    continue;
                }
                self.skip_trivia();
                if self.peek() == Some(':') {
                    self.bump();
                }
                self.skip_trivia();
                current.push(Seg::Field(name));
                self.value(current, wanted, found);
                current.pop();
            } else {
                self.value(current, wanted, found);
            }
            if found.is_some() {
                return;
            }
        }
    }

    fn list(&mut self, current: &mut Vec<Seg>, wanted: &[PathSeg], found: &mut Option<TextPos>) {
        self.bump();
        let mut index = 0;
        loop {
            self.skip_trivia();
            match self.peek() {
                None => return,
                Some(']') => {
                    self.bump();
                    return;
                }
                Some(',') => {
                    self.bump();
                    continue;
                }
                _ => {}
            }
            current.push(Seg::Index(index));
            self.value(current, wanted, found);
            current.pop();
            index += 1;
            if found.is_some() {
                return;
            }
        }
    }

    fn braces(&mut self) {
        self.bump();
        loop {
            self.skip_trivia();
            match self.peek() {
                None => return,
                Some('}') => {
                    self.bump();
                    return;
                }
                Some(',') | Some(':') => self.bump(),
                _ => {
                    // Map entries are not part of the format: skip them.
                    let mut ignore = None;
                    self.value(&mut Vec::new(), &[PathSeg::Index(usize::MAX)], &mut ignore);
                }
            }
        }
    }
}

/// The shape of a list `[...]` or struct `(...)` in the text, as byte
/// offsets: what an edit needs to insert an element without touching any
/// other byte of a hand-written file (see `review_note`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ContainerLayout {
    /// The opening `[` or `(`.
    pub open: usize,
    /// The closing `]` or `)`.
    pub close: usize,
    /// Where the first element starts, if there is one.
    pub first_start: Option<usize>,
    /// Just past the end of the last element, if there is one.
    pub last_end: Option<usize>,
    /// The comma after the last element, if it has one.
    pub trailing_comma: Option<usize>,
}

/// The layout of the list or struct at `path` (the empty path is the whole
/// map), if the text is well-formed enough to find it.
pub fn container_layout(text: &str, path: &FieldPath) -> Option<ContainerLayout> {
    let pos = locate(text, path)?;
    let mut s = Scanner::new(text);
    while s.pos() != pos {
        s.peek()?;
        s.bump();
    }
    // A struct may be written with its name: `Map( ... )`.
    if s.peek().is_some_and(|c| c.is_alphabetic() || c == '_') {
        s.ident();
        s.skip_trivia();
    }
    let closer = match s.peek()? {
        '[' => ']',
        '(' => ')',
        _ => return None,
    };
    let open = s.byte_offset();
    s.bump();
    let mut layout = ContainerLayout {
        open,
        close: 0,
        first_start: None,
        last_end: None,
        trailing_comma: None,
    };
    loop {
        s.skip_trivia();
        match s.peek()? {
            c if c == closer => {
                layout.close = s.byte_offset();
                return Some(layout);
            }
            ',' => {
                if layout.last_end.is_some() && layout.trailing_comma.is_none() {
                    layout.trailing_comma = Some(s.byte_offset());
                }
                s.bump();
            }
            _ => {
                let start = s.i;
                layout.first_start.get_or_insert(s.byte_offset());
                if closer == ')' {
                    // A field: `name: value`.
                    s.ident();
                    s.skip_trivia();
                    if s.peek() == Some(':') {
                        s.bump();
                    }
                    s.skip_trivia();
                }
                let mut never = None;
                s.value(&mut Vec::new(), &[PathSeg::Index(usize::MAX)], &mut never);
                if s.i == start {
                    // Not RON we understand: do not guess.
                    return None;
                }
                layout.last_end = Some(s.byte_offset());
                layout.trailing_comma = None;
            }
        }
    }
}

impl Scanner<'_> {
    /// The byte offset of the current character in the original text.
    fn byte_offset(&self) -> usize {
        self.i
    }
}

#[cfg(test)]
mod layout_tests {
    use super::*;

    fn reviews() -> FieldPath {
        FieldPath(vec![PathSeg::Field("reviews")])
    }

    #[test]
    fn a_list_with_elements_comments_and_a_trailing_comma() {
        let text = "(\n  reviews: [ // notes\n    (a: \"]\"), /* x */ (b: 1),\n  ],\n)";
        let l = container_layout(text, &reviews()).unwrap();
        assert_eq!(&text[l.open..=l.open], "[");
        assert_eq!(&text[l.close..=l.close], "]");
        assert!(text[l.first_start.unwrap()..].starts_with("(a:"));
        assert_eq!(
            &text[..l.last_end.unwrap()],
            "(\n  reviews: [ // notes\n    (a: \"]\"), /* x */ (b: 1)"
        );
        assert_eq!(l.trailing_comma, Some(l.last_end.unwrap()));
    }

    #[test]
    fn an_empty_list_and_the_top_level_struct() {
        let text = "Map(format: 1, reviews: [])";
        let l = container_layout(text, &reviews()).unwrap();
        assert_eq!((l.first_start, l.last_end), (None, None));
        assert_eq!(l.close, l.open + 1);
        let top = container_layout(text, &FieldPath::default()).unwrap();
        assert_eq!(top.open, 3);
        assert_eq!(top.close, text.len() - 1);
        assert_eq!(top.last_end, Some(text.len() - 1));
        assert_eq!(top.trailing_comma, None);
    }

    #[test]
    fn offsets_are_bytes_not_characters() {
        let text = "(title: \"Café ☕\", reviews: [(x: 1)])";
        let l = container_layout(text, &reviews()).unwrap();
        assert_eq!(&text[l.open..l.open + 1], "[");
        assert_eq!(&text[l.close..l.close + 1], "]");
    }

    #[test]
    fn a_missing_field_has_no_layout() {
        assert_eq!(container_layout("(format: 1)", &reviews()), None);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn comments_outside_strings_only() {
        assert!(has_comments("(a: 1) // note"));
        assert!(has_comments("(a: /* x */ 1)"));
        assert!(!has_comments(r#"(url: "https://example.com")"#));
        assert!(!has_comments(r#"(q: "say \"//\" loudly")"#));
        assert!(!has_comments(r##"(q: r#"a "//" b"#)"##));
        assert!(has_comments(r##"(q: r#"a "//" b"#) // after"##));
        assert!(!has_comments("(c: '/')"));
        assert!(!has_comments("(a: 1)"));
    }

    #[test]
    fn locates_nested_values() {
        let text = "(\n    stages: [\n        (id: \"a\", feedback: [(date: \"x\")]),\n    ],\n)\n";
        let path = FieldPath(vec![
            PathSeg::Field("stages"),
            PathSeg::Index(0),
            PathSeg::Field("feedback"),
            PathSeg::Index(0),
            PathSeg::Field("date"),
        ]);
        assert_eq!(locate(text, &path), Some(TextPos { line: 3, col: 37 }));
    }

    #[test]
    fn stray_closers_end_the_scan_instead_of_looping() {
        let format = FieldPath(vec![PathSeg::Field("format")]);
        for text in [
            "(stages: [}], format: 2)",
            "(a: {)}, format: 2)",
            "(x, ], format: 2)",
            "([}, format: 2)",
            "(stages: [(a: ]), format: 2)",
            "(a: )",
        ] {
            // Found, or not: what matters is that it returns.
            let _ = plain_value(text, &format);
        }
        assert_eq!(plain_value("(stages: [}], format: 2)", &format), Some("2"));
    }

    #[test]
    fn a_plain_value_is_found_whatever_syntax_follows() {
        let format = FieldPath(vec![PathSeg::Field("format")]);
        let text = "#![enable(implicit_some)]\nMap( // ☕\n  format: 2_0, mood: <<?>>, [";
        assert_eq!(plain_value(text, &format), Some("2_0"));
        assert_eq!(
            plain_value("(format:99999999999)", &format),
            Some("99999999999")
        );
        // Only at the top level, and only a plain value.
        assert_eq!(plain_value("(stages: [(format: 2)])", &format), None);
        assert_eq!(plain_value("(format: , title: \"x\")", &format), None);
    }
}
