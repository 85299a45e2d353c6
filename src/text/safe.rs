//! Map text and file names made harmless for a terminal.
//!
//! Map files are shared, so their text is untrusted: an escape sequence in a
//! client name must not recolour the terminal, move the cursor or set the
//! window title; a bidi override must not make a line read backwards; a
//! zero-width space must not hide a difference between two names; `\r` and
//! `\n` must not break a one-line cell. Every piece of map text goes through
//! [`clean`] (or [`fit`]/[`pad`], which clean first) before it is drawn or
//! printed, every file name through [`path`]. Dangerous characters are not
//! dropped but shown visibly (`␛`, `␍`, `\u{202e}`) so that a reader can see
//! that something odd is in the file.
//!
//! Widths are display widths (CJK and most emoji take two cells), measured
//! per grapheme exactly as ratatui's buffer measures them, so that
//! truncation never splits a wide character and borders stay in place.

use std::borrow::Cow;
use std::path::Path;

use unicode_segmentation::UnicodeSegmentation;
use unicode_width::UnicodeWidthStr;

/// The ellipsis that marks truncated text.
pub const ELLIPSIS: &str = "…";

/// Cleans text for a single-line context: every control character,
/// including `\n`, `\r` and `\t`, is shown as a visible symbol.
pub fn clean(text: &str) -> String {
    clean_cow(text).into_owned()
}

/// [`clean`] without a copy when the text is already safe, which map text
/// nearly always is: frames clean hundreds of strings.
pub fn clean_cow(text: &str) -> Cow<'_, str> {
    if is_plain(text) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if let Some(letter) = regional_letter(c) {
            // Paired from the start of a run, as grapheme segmentation
            // pairs them into flags.
            out.push('[');
            out.push(letter);
            if let Some(second) = chars.peek().copied().and_then(regional_letter) {
                chars.next();
                out.push(second);
            }
            out.push(']');
            continue;
        }
        push_visible(&mut out, c);
    }
    Cow::Owned(out)
}

/// The letter a regional indicator stands for (U+1F1E9 is D), `None` for
/// any other character.
///
/// A pair of them is a flag (🇩🇪), which terminals draw one, two or four
/// cells wide, and tmux differently from the terminal it runs in; ratatui
/// counts two. Whichever is wrong leaves ghost cells behind on the next
/// redraw, so a flag is shown as its letters, `[DE]`, which every
/// terminal draws four cells wide (and a lone indicator as `[D]`).
fn regional_letter(c: char) -> Option<char> {
    let offset = u32::from(c).checked_sub(0x1f1e6)?;
    let offset = u8::try_from(offset).ok().filter(|&o| o < 26)?;
    Some(char::from(b'A' + offset))
}

/// A file or folder name as harmless text: lossy for names that are not
/// UTF-8 (as `Path::display`), then cleaned like map text, so that a name
/// holding an escape sequence or a bidi override prints visibly.
pub fn path(path: &Path) -> Cow<'_, str> {
    match path.to_string_lossy() {
        Cow::Borrowed(text) => clean_cow(text),
        Cow::Owned(text) => Cow::Owned(clean(&text)),
    }
}

/// Printable ASCII only: nothing to clean, one cell per byte.
pub fn is_plain(text: &str) -> bool {
    text.bytes().all(is_plain_byte)
}

fn is_plain_byte(b: u8) -> bool {
    (0x20..0x7f).contains(&b)
}

/// How many leading bytes of `text` are printable ASCII characters that
/// are each a grapheme of their own, one cell wide. The last printable
/// byte before anything else is left out: a combining mark or joiner that
/// follows would make it part of a longer grapheme.
pub fn plain_prefix(text: &str) -> usize {
    match text.bytes().position(|b| !is_plain_byte(b)) {
        None => text.len(),
        Some(i) => i.saturating_sub(1),
    }
}

/// Cleans text for a multi-line context: splits it into lines at `\n`
/// (a `\r\n` pair counts as one break) and cleans each line.
pub fn clean_lines(text: &str) -> Vec<String> {
    text.split('\n')
        .map(|line| clean(line.strip_suffix('\r').unwrap_or(line)))
        .collect()
}

/// Appends `c`, or a visible stand-in when `c` could harm the display.
fn push_visible(out: &mut String, c: char) {
    let code = c as u32;
    match c {
        // C0 controls: the Unicode "control pictures" block has one symbol
        // for each (␀ … ␟), e.g. ESC becomes ␛, CR ␍, LF ␊, TAB ␉.
        '\u{0}'..='\u{1f}' => out.push(char::from_u32(0x2400 + code).unwrap_or('�')),
        '\u{7f}' => out.push('␡'),
        _ if is_invisible(c) => {
            out.push_str(&format!("\\u{{{code:x}}}"));
        }
        _ => out.push(c),
    }
}

/// Whether `c` could harm a terminal: a control character, or one that is
/// invisible or reorders text ([`clean`] shows these as symbols or codes).
/// What is written to a terminal without going through [`clean`] (a JSON
/// string) must escape these its own way.
pub fn is_dangerous(c: char) -> bool {
    c.is_control() || is_invisible(c)
}

/// Characters that are invisible, reorder text or act as controls: shown as
/// `\u{...}` so that they can be seen and looked up.
fn is_invisible(c: char) -> bool {
    matches!(c,
        // C1 controls (0x9b is a one-byte CSI on some terminals).
        '\u{80}'..='\u{9f}'
        // Soft hyphen: invisible in most places.
        | '\u{ad}'
        // Arabic letter mark and other format characters.
        | '\u{61c}' | '\u{180e}'
        // Zero-width space, non-joiner, joiner, LRM, RLM.
        | '\u{200b}'..='\u{200f}'
        // Line and paragraph separators (line breaks in disguise).
        | '\u{2028}' | '\u{2029}'
        // Bidi embeddings and overrides: LRE, RLE, PDF, LRO, RLO.
        | '\u{202a}'..='\u{202e}'
        // Word joiner, invisible operators, bidi isolates, deprecated formats.
        | '\u{2060}'..='\u{206f}'
        // Hangul fillers, which render as blank space of odd widths.
        | '\u{115f}' | '\u{1160}' | '\u{3164}' | '\u{ffa0}'
        // Zero-width no-break space (byte order mark).
        | '\u{feff}'
        // Interlinear annotation controls.
        | '\u{fff9}'..='\u{fffb}'
        // Tag characters: invisible, used to smuggle hidden text.
        | '\u{e0000}'..='\u{e007f}'
    )
}

/// The display width of clean text, in terminal cells.
pub fn width(text: &str) -> usize {
    let plain = plain_prefix(text);
    plain
        + text[plain..]
            .graphemes(true)
            .map(grapheme_width)
            .sum::<usize>()
}

/// Width of one grapheme as ratatui's buffer counts it.
fn grapheme_width(g: &str) -> usize {
    UnicodeWidthStr::width(g)
}

/// Cuts clean text to at most `max` cells, ending with `…` when something
/// was cut. Never splits a grapheme, so a wide character that does not fit
/// is left out whole.
pub fn truncate(text: &str, max: usize) -> String {
    match cut_point(text, max) {
        None => text.to_string(),
        Some(_) if max == 0 => String::new(),
        Some(end) => {
            let mut out = String::with_capacity(end + ELLIPSIS.len());
            out.push_str(&text[..end]);
            out.push_str(ELLIPSIS);
            out
        }
    }
}

/// Where [`truncate`] cuts `text` to fit `max` cells with the ellipsis:
/// `None` when it fits whole, else the byte length of the longest run of
/// whole graphemes at most `max - 1` cells wide. One pass that stops as
/// soon as the text is known not to fit, so a long text costs no more
/// than a short one.
fn cut_point(text: &str, max: usize) -> Option<usize> {
    let budget = max.saturating_sub(1); // room for the ellipsis
    let plain = plain_prefix(text);
    if plain > max {
        // Plain ASCII is cut at any byte.
        return Some(budget);
    }
    let mut used = plain;
    let mut cut = plain.min(budget);
    for (at, g) in text[plain..].grapheme_indices(true) {
        used += grapheme_width(g);
        if used > max {
            return Some(cut);
        }
        if used <= budget {
            cut = plain + at + g.len();
        }
    }
    None
}

/// Cleans `text` and fits it into `max` cells.
pub fn fit(text: &str, max: usize) -> String {
    truncate(&clean_cow(text), max)
}

/// Cleans `text` and makes it exactly `cells` wide: truncated with `…`, or
/// padded with spaces on the right.
pub fn pad(text: &str, cells: usize) -> String {
    let mut out = fit(text, cells);
    let w = width(&out);
    out.extend(std::iter::repeat_n(' ', cells.saturating_sub(w)));
    out
}

/// Like [`pad`], but aligned to the right (for numbers).
pub fn pad_left(text: &str, cells: usize) -> String {
    let fitted = fit(text, cells);
    let w = width(&fitted);
    let mut out: String = std::iter::repeat_n(' ', cells.saturating_sub(w)).collect();
    out.push_str(&fitted);
    out
}

/// Word-wraps clean text into lines of at most `max` cells. Words longer
/// than a line are cut by grapheme. Always returns at least one line.
pub fn wrap(text: &str, max: usize) -> Vec<String> {
    let max = max.max(1);
    let mut lines = Vec::new();
    for para in clean_lines(text) {
        let mut line = String::new();
        let mut used = 0;
        for word in para.split(' ') {
            let ww = width(word);
            if used > 0 && used + 1 + ww <= max {
                line.push(' ');
                line.push_str(word);
                used += 1 + ww;
                continue;
            }
            if used > 0 {
                lines.push(std::mem::take(&mut line));
                used = 0;
            }
            if ww <= max {
                line.push_str(word);
                used = ww;
                continue;
            }
            // A word wider than the line: cut it into pieces.
            for g in word.graphemes(true) {
                let gw = grapheme_width(g);
                if used + gw > max && used > 0 {
                    lines.push(std::mem::take(&mut line));
                    used = 0;
                }
                line.push_str(g);
                used += gw;
            }
        }
        lines.push(line);
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escape_sequences_become_visible() {
        assert_eq!(clean("\u{1b}[31mred\u{1b}[0m"), "␛[31mred␛[0m");
        assert_eq!(clean("\u{1b}]0;title\u{7}"), "␛]0;title␇");
        assert_eq!(clean("a\u{9b}2Jb"), "a\\u{9b}2Jb");
        assert_eq!(clean("del\u{7f}"), "del␡");
    }

    #[test]
    fn paths_are_cleaned_like_map_text() {
        let hostile = Path::new("maps/\u{1b}]0;owned\u{7}\u{202e}x\u{200b}\u{9b}.ron");
        assert_eq!(
            path(hostile),
            "maps/␛]0;owned␇\\u{202e}x\\u{200b}\\u{9b}.ron"
        );
        assert!(matches!(path(Path::new("maps/acme.ron")), Cow::Borrowed(_)));
    }

    #[cfg(unix)]
    #[test]
    fn paths_that_are_not_utf8_are_shown_lossily() {
        use std::os::unix::ffi::OsStrExt;
        let name = std::ffi::OsStr::from_bytes(b"caf\xe9\x1b.ron");
        assert_eq!(path(Path::new(name)), "caf\u{fffd}␛.ron");
    }

    #[test]
    fn line_breaks_and_tabs_stay_on_one_line() {
        assert_eq!(clean("one\r\ntwo\tthree"), "one␍␊two␉three");
        assert_eq!(clean_lines("one\r\ntwo\n\u{1b}x"), vec!["one", "two", "␛x"]);
    }

    #[test]
    fn bidi_and_zero_width_are_shown_as_codes() {
        assert_eq!(clean("abc\u{202e}def"), "abc\\u{202e}def");
        assert_eq!(clean("\u{2066}x\u{2069}"), "\\u{2066}x\\u{2069}");
        assert_eq!(clean("a\u{200b}b\u{feff}"), "a\\u{200b}b\\u{feff}");
        assert_eq!(clean("\u{2060}\u{200f}"), "\\u{2060}\\u{200f}");
        assert_eq!(clean("tag\u{e0041}"), "tag\\u{e0041}");
    }

    #[test]
    fn flags_are_shown_as_their_letters() {
        assert_eq!(clean("\u{1f1e9}\u{1f1ea} Weber"), "[DE] Weber");
        // Paired from the start of a run, a lone one left over.
        assert_eq!(
            clean("\u{1f1e9}\u{1f1ea}\u{1f1eb}\u{1f1f7}\u{1f1ff}"),
            "[DE][FR][Z]"
        );
        assert_eq!(clean("x\u{1f1e6}y"), "x[A]y");
        assert_eq!(width(&clean("\u{1f1e9}\u{1f1ea}")), 4);
        // Neighbours of the block are left alone.
        assert_eq!(clean("\u{1f1e5}\u{1f200}"), "\u{1f1e5}\u{1f200}");
    }

    #[test]
    fn ordinary_text_is_unchanged() {
        for s in [
            "Northwind Health",
            "Zoë Müller",
            "東京物流",
            "🚚 fast",
            "café",
        ] {
            assert_eq!(clean(s), s);
        }
    }

    #[test]
    fn widths_count_wide_characters_twice() {
        assert_eq!(width("abc"), 3);
        assert_eq!(width("東京"), 4);
        assert_eq!(width("🚚"), 2);
        assert_eq!(width("e\u{301}"), 1); // combining accent
    }

    #[test]
    fn truncation_never_splits_wide_characters() {
        assert_eq!(truncate("東京物流", 5), "東京…");
        assert_eq!(width(&truncate("東京物流", 5)), 5);
        assert_eq!(truncate("東京物流", 4), "東…");
        assert_eq!(width(&truncate("東京物流", 4)), 3);
        assert_eq!(truncate("🚚🚚🚚", 4), "🚚…");
        assert_eq!(truncate("abcdef", 6), "abcdef");
        assert_eq!(truncate("abcdefg", 6), "abcde…");
        assert_eq!(truncate("abc", 1), "…");
        assert_eq!(truncate("abc", 0), "");
        assert_eq!(truncate("東", 1), "…");
    }

    #[test]
    fn fit_cleans_before_measuring() {
        // The escape becomes "␛" (one cell), so the text is measured as shown.
        assert_eq!(fit("\u{1b}[2J", 10), "␛[2J");
        assert_eq!(fit("ab\u{202e}cd", 5), "ab\\u…");
    }

    #[test]
    fn pad_gives_exact_widths() {
        for s in [
            "",
            "abc",
            "東京物流",
            "🚚 truck",
            "\u{1b}[31m",
            "x\u{200b}y",
        ] {
            for cells in 0..12 {
                assert_eq!(width(&pad(s, cells)), cells, "{s:?} in {cells}");
                assert_eq!(width(&pad_left(s, cells)), cells, "{s:?} in {cells}");
            }
        }
    }

    /// The grapheme-by-grapheme definitions the fast paths must agree with.
    fn reference_width(text: &str) -> usize {
        text.graphemes(true).map(grapheme_width).sum()
    }

    fn reference_truncate(text: &str, max: usize) -> String {
        if reference_width(text) <= max {
            return text.to_string();
        }
        if max == 0 {
            return String::new();
        }
        let mut out = String::new();
        let mut used = 0;
        for g in text.graphemes(true) {
            let w = grapheme_width(g);
            if used + w > max - 1 {
                break;
            }
            used += w;
            out.push_str(g);
        }
        out.push_str(ELLIPSIS);
        out
    }

    /// Text that mixes plain ASCII with everything the fast paths must
    /// hand over to grapheme segmentation: combining marks after ASCII,
    /// wide characters, emoji with joiners, CR LF, controls.
    fn awkward_text() -> impl proptest::strategy::Strategy<Value = String> {
        use proptest::prelude::*;
        let piece = prop_oneof![
            4 => "[a-z1# ]{0,6}",
            1 => Just("e\u{301}".to_string()),
            1 => Just("\u{200d}".to_string()),
            // After "1" or "#" this makes a two-cell emoji keycap.
            1 => Just("1\u{fe0f}\u{20e3}".to_string()),
            1 => Just("\u{fe0f}".to_string()),
            1 => Just("東京".to_string()),
            1 => Just("👩\u{200d}💻".to_string()),
            1 => Just("\r\n".to_string()),
            1 => Just("\u{1b}".to_string()),
            1 => Just("·".to_string()),
            1 => Just("\u{a8}\u{308}".to_string()),
            1 => Just("\u{1f1e9}\u{1f1ea}".to_string()),
            1 => Just("\u{1f1ff}".to_string()),
        ];
        proptest::collection::vec(piece, 0..8).prop_map(|p| p.concat())
    }

    proptest::proptest! {
        #[test]
        fn fast_paths_agree_with_graphemes(text in awkward_text(), max in 0usize..24) {
            proptest::prop_assert_eq!(width(&text), reference_width(&text));
            proptest::prop_assert_eq!(truncate(&text, max), reference_truncate(&text, max));
            let cleaned = clean(&text);
            proptest::prop_assert_eq!(width(&cleaned), reference_width(&cleaned));
            proptest::prop_assert_eq!(fit(&text, max), reference_truncate(&cleaned, max));
        }
    }

    #[test]
    fn plain_text_is_borrowed_not_copied() {
        assert!(matches!(clean_cow("Northwind Health"), Cow::Borrowed(_)));
        assert!(matches!(clean_cow("tab\there"), Cow::Owned(_)));
        assert_eq!(clean_cow("Zoë"), "Zoë");
    }

    #[test]
    fn wrap_respects_the_width() {
        let lines = wrap("the quick brown fox jumps 東京物流東京物流", 8);
        assert!(lines.iter().all(|l| width(l) <= 8), "{lines:?}");
        assert_eq!(lines[0], "the");
        assert_eq!(wrap("", 5), vec![""]);
        assert!(wrap("a\nb", 5).len() == 2);
    }
}
