//! Escaping map text so that nothing a person typed into a map can change
//! the shape of the exported document.
//!
//! Every piece of map text goes through exactly one of two doors:
//!
//! - [`text`] for Markdown (paragraphs, list items, headings, table cells):
//!   one line, no HTML, no Markdown syntax of its own;
//! - [`mermaid`] / [`mermaid_actor`] for the Mermaid block: one line, no
//!   character that Mermaid's journey grammar gives a meaning to.
//!
//! Both first pass the text through [`visible_controls`], so control and
//! invisible formatting characters never reach the output.

/// Whether a character is a control or an invisible formatting character
/// that could hide or reorder text (terminal escapes, bidi overrides and
/// isolates, zero-width characters, the byte order mark, tag characters)
/// or end a line in some reader (U+2028/U+2029): the app's and the
/// commands' definition, so that an export hides nothing they would show.
/// Tab, `\n` and `\r` are also controls; the callers turn line breaks into
/// their own form first.
pub fn is_hidden(c: char) -> bool {
    crate::text::safe::is_dangerous(c)
}

/// Splits text into lines at `\r\n`, `\n` and `\r`, and replaces every
/// other hidden character with a visible escape such as `\u{1b}` or
/// `\u{202e}`, so a reader sees that something was there. Tabs become a
/// space.
fn visible_lines(s: &str) -> Vec<String> {
    if !has_hidden(s) {
        return vec![s.to_string()];
    }
    let normalised = s.replace("\r\n", "\n").replace('\r', "\n");
    normalised.split('\n').map(visible_controls).collect()
}

/// Byte classes for one branch-free pass over a text (see [`classes`]).
const NOT_PLAIN: u8 = 1; // a control byte or part of a non-ASCII character
const MARKDOWN: u8 = 2; // a character `text` escapes

const fn byte_classes() -> [u8; 256] {
    let mut table = [0u8; 256];
    let mut b = 0;
    while b < 256 {
        table[b] = if b < 0x20 || b >= 0x7f {
            NOT_PLAIN
        } else {
            match b as u8 {
                b'&' | b'<' | b'>' | b'|' | b'`' | b'\\' | b'*' | b'_' | b'~' | b'[' | b']'
                | b'#' => MARKDOWN,
                _ => 0,
            }
        };
        b += 1;
    }
    table
}

const BYTE_CLASSES: [u8; 256] = byte_classes();

/// The union of the classes of a text's bytes.
fn classes(s: &str) -> u8 {
    s.bytes()
        .fold(0, |acc, b| acc | BYTE_CLASSES[usize::from(b)])
}

/// Printable ASCII only: no line break, tab, control or invisible
/// character, so none of the work on those is needed. Most map text is.
fn is_plain_ascii(s: &str) -> bool {
    classes(s) & NOT_PLAIN == 0
}

/// Whether any character is hidden (see [`is_hidden`]; line breaks and
/// tabs count), i.e. whether [`visible_lines`] has work to do.
fn has_hidden(s: &str) -> bool {
    !is_plain_ascii(s) && s.chars().any(is_hidden)
}

/// Replaces hidden characters (see [`is_hidden`]) with `\u{..}` escapes and
/// tabs with a space. Line breaks are hidden characters too here: callers
/// that keep line breaks split the text first.
pub fn visible_controls(s: &str) -> String {
    if !has_hidden(s) {
        return s.to_string();
    }
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if c == '\t' {
            out.push(' ');
        } else if is_hidden(c) {
            out.push_str(&format!("\\u{{{:x}}}", u32::from(c)));
        } else {
            out.push(c);
        }
    }
    out
}

/// Map text as Markdown inline content, safe anywhere on one line: in a
/// table cell, a list item, a heading or a paragraph, even at the start of
/// a line.
///
/// - `&`, `<`, `>` become `&amp;`, `&lt;`, `&gt;`: no HTML, no entities of
///   the author's own;
/// - `|` becomes `&#124;` and `` ` `` becomes `&#96;`: no cell can be split
///   and no code span or fence can open;
/// - `\`, `*`, `_`, `~`, `[`, `]`, `#` are backslash-escaped: no emphasis,
///   strike-through, link or heading syntax;
/// - a line break becomes `<br>`, so map text is always one source line;
/// - a leading `-`, `+`, `=`, or a number followed by `.` or `)`, is
///   escaped so that it cannot start a list or underline a heading;
/// - hidden characters become visible escapes (see [`visible_controls`]).
pub fn text(s: &str) -> String {
    let class = classes(s);
    if class == 0 {
        // Plain text without Markdown syntax: nothing to escape.
        return neutralise_line_start(s.to_string());
    }
    let mut out = String::with_capacity(s.len() + 8);
    if class & NOT_PLAIN == 0 || !s.chars().any(is_hidden) {
        // One line, nothing hidden: escape it as it is.
        escape_line(&mut out, s);
        return neutralise_line_start(out);
    }
    let lines = visible_lines(s);
    for (i, line) in lines.iter().enumerate() {
        if i > 0 {
            out.push_str("<br>");
        }
        escape_line(&mut out, line);
    }
    neutralise_line_start(out)
}

/// The Markdown escapes of [`text`] for one line.
fn escape_line(out: &mut String, line: &str) {
    if classes(line) & MARKDOWN == 0 {
        out.push_str(line);
        return;
    }
    for c in line.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '|' => out.push_str("&#124;"),
            '`' => out.push_str("&#96;"),
            '\\' | '*' | '_' | '~' | '[' | ']' | '#' => {
                out.push('\\');
                out.push(c);
            }
            _ => out.push(c),
        }
    }
}

/// Escapes what would make a line a list item or a setext underline when
/// the text starts a line. `#`, `>` and `` ` `` are always escaped by
/// [`text`] already; leading spaces are taken by Markdown as indentation,
/// so they are written as `&#32;`.
fn neutralise_line_start(s: String) -> String {
    if !matches!(
        s.as_bytes().first(),
        Some(b' ' | b'-' | b'+' | b'=' | b'0'..=b'9')
    ) {
        return s;
    }
    let trimmed = s.trim_start_matches(' ');
    let spaces = s.len() - trimmed.len();
    let mut out = "&#32;".repeat(spaces);
    let mut chars = trimmed.chars();
    match chars.next() {
        Some(c @ ('-' | '+' | '=')) => {
            out.push('\\');
            out.push(c);
            out.push_str(chars.as_str());
        }
        Some(c) if c.is_ascii_digit() => {
            let digits: String = trimmed.chars().take_while(char::is_ascii_digit).collect();
            let rest = &trimmed[digits.len()..];
            out.push_str(&digits);
            if let Some(marker @ ('.' | ')')) = rest.chars().next() {
                out.push('\\');
                out.push(marker);
                out.push_str(&rest[1..]);
            } else {
                out.push_str(rest);
            }
        }
        _ => out.push_str(trimmed),
    }
    out
}

/// Words that Mermaid's journey lexer takes as keywords at the start of a
/// statement (case-insensitively), whatever follows.
const MERMAID_KEYWORDS: [&str; 5] = ["journey", "title", "section", "acctitle", "accdescr"];

/// Map text for the Mermaid block (title, section or task): one line, with
/// every character the journey grammar gives a meaning to written as a
/// Mermaid entity code (`#58;` for `:`), which Mermaid turns back into the
/// character when it draws the diagram.
///
/// - `:`, `;`, `#`, `%`, `&`, `<`, `>`, `` ` ``, `,` become `#58;`, `#59;`,
///   `#35;`, `#37;`, `#38;`, `#60;`, `#62;`, `#96;`, `#44;`;
/// - line breaks and tabs become spaces, runs of spaces one space, and the
///   text is trimmed;
/// - hidden characters become visible escapes (see [`visible_controls`]);
/// - text that starts with a journey keyword (`journey`, `title`,
///   `section`, `accTitle`, `accDescr`) gets its first letter as an entity
///   code, so that a touchpoint called "Title search" stays a task;
/// - empty text becomes `fallback`.
pub fn mermaid(s: &str, fallback: &str) -> String {
    mermaid_code(s, fallback, true)
}

/// A person or team in a task's actor list: as [`mermaid`] (so `,`, which
/// separates actors, is `#44;` and "Ruiz, Dana" stays one actor), but
/// keywords need no care there, as actors never start a statement.
pub fn mermaid_actor(s: &str) -> String {
    mermaid_code(s, "someone", false)
}

fn mermaid_code(s: &str, fallback: &str, at_statement_start: bool) -> String {
    use std::fmt::Write;
    // Most text is already one trimmed line of single spaces in plain
    // ASCII: then the normalising below would give it back unchanged.
    let tidy = !s.is_empty()
        && is_plain_ascii(s)
        && !s.starts_with(' ')
        && !s.ends_with(' ')
        && !s.contains("  ");
    let joined;
    let source = if tidy {
        s
    } else {
        let one_line = visible_lines(s).join(" ");
        let words: Vec<&str> = one_line.split(' ').filter(|w| !w.is_empty()).collect();
        joined = words.join(" ");
        if joined.is_empty() { fallback } else { &joined }
    };
    let mut out = String::with_capacity(source.len() + 8);
    let keyword = at_statement_start && {
        let lower = if source.is_ascii() {
            // Only the start matters, and ASCII lowercases byte by byte.
            source[..source.len().min(8)].to_ascii_lowercase()
        } else {
            source.to_lowercase()
        };
        MERMAID_KEYWORDS.iter().any(|k| lower.starts_with(k))
    };
    for (i, c) in source.chars().enumerate() {
        match c {
            ':' | ';' | '#' | '%' | '&' | '<' | '>' | '`' | ',' => {
                let _ = write!(out, "#{};", u32::from(c));
            }
            c if i == 0 && keyword => {
                let _ = write!(out, "#{};", u32::from(c));
            }
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_escapes_html_and_entities() {
        assert_eq!(
            text("<b>x</b> & &amp;"),
            "&lt;b&gt;x&lt;/b&gt; &amp; &amp;amp;"
        );
    }

    #[test]
    fn text_keeps_cells_and_code_shut() {
        assert_eq!(text("a|b"), "a&#124;b");
        assert_eq!(text("```rust"), "&#96;&#96;&#96;rust");
        assert_eq!(text("a\\|b"), "a\\\\&#124;b");
    }

    #[test]
    fn text_is_one_line() {
        assert_eq!(
            text("one\ntwo\r\nthree\rfour"),
            "one<br>two<br>three<br>four"
        );
    }

    #[test]
    fn text_neutralises_line_starts() {
        assert_eq!(text("# Heading"), "\\# Heading");
        assert_eq!(text("- item"), "\\- item");
        assert_eq!(text("+ item"), "\\+ item");
        assert_eq!(text("> quote"), "&gt; quote");
        assert_eq!(text("1. first"), "1\\. first");
        assert_eq!(text("12) first"), "12\\) first");
        assert_eq!(text("==="), "\\===");
        assert_eq!(text("    code"), "&#32;&#32;&#32;&#32;code");
        assert_eq!(text("2026 plan"), "2026 plan");
    }

    #[test]
    fn text_escapes_inline_syntax() {
        assert_eq!(
            text("*a* _b_ ~c~ [d](e)"),
            "\\*a\\* \\_b\\_ \\~c\\~ \\[d\\](e)"
        );
    }

    #[test]
    fn hidden_characters_become_visible() {
        assert_eq!(text("a\u{1b}[31mb"), "a\\\\u{1b}\\[31mb");
        assert_eq!(
            visible_controls("x\u{202e}y\u{200b}z\u{feff}"),
            "x\\u{202e}y\\u{200b}z\\u{feff}"
        );
        assert_eq!(visible_controls("a\tb"), "a b");
        // Soft hyphens and tag characters hide text in a document too.
        assert_eq!(visible_controls("a\u{ad}b\u{e0041}"), "a\\u{ad}b\\u{e0041}");
        assert_eq!(visible_controls("東京 🚚"), "東京 🚚");
    }

    #[test]
    fn mermaid_codes_grammar_characters() {
        assert_eq!(mermaid("a: b; #c", "x"), "a#58; b#59; #35;c");
        assert_eq!(mermaid("50% & <i>", "x"), "50#37; #38; #60;i#62;");
        assert_eq!(mermaid("  two\nlines  ", "x"), "two lines");
        assert_eq!(mermaid(" \n ", "fallback"), "fallback");
    }

    #[test]
    fn mermaid_keeps_keywords_from_starting_a_statement() {
        assert_eq!(mermaid("Title search", "x"), "#84;itle search");
        assert_eq!(mermaid("journeyman", "x"), "#106;ourneyman");
        assert_eq!(mermaid("Sectional sofa", "x"), "#83;ectional sofa");
        assert_eq!(mermaid("A title", "x"), "A title");
        assert_eq!(mermaid("Accounts review", "x"), "Accounts review");
        assert_eq!(mermaid("accDescr {", "x"), "#97;ccDescr {");
    }

    #[test]
    fn mermaid_actor_keeps_commas_inside() {
        assert_eq!(mermaid_actor("Ruiz, Dana"), "Ruiz#44; Dana");
        assert_eq!(mermaid_actor(""), "someone");
        assert_eq!(mermaid_actor("Accounting"), "Accounting");
        assert_eq!(mermaid_actor("Title team"), "Title team");
    }
}
