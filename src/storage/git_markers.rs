//! git's conflict markers in a map file (merged without journeymap's
//! driver): each side rebuilt from them, so the loader can merge the sides
//! as the driver would. And the markers the driver itself leaves, around
//! whole files, when a side is not a map at all.
//!
//! A conflicted region is
//!
//! ```text
//! <<<<<<< ours
//! (our lines)
//! ||||||| base          (diff3 and zdiff3 styles only)
//! (the base's lines)
//! =======
//! (their lines)
//! >>>>>>> theirs
//! ```
//!
//! with markers of 7 characters by default (`conflict-marker-size`), at
//! the start of a line. Lines outside the regions belong to every side.
//! In a map file no line of RON can start so (text is quoted, and a line
//! break inside quotes is written `\n`), except inside a raw string: the
//! loader looks for markers only in a file that does not read as RON.

/// The texts of each side of a file holding conflict markers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sides {
    pub ours: String,
    pub theirs: String,
    /// Only when every region gave the base (diff3 style).
    pub base: Option<String>,
    /// The line of the first marker, for messages.
    pub first_line: usize,
}

/// A marker line: `size` or more of `c`, then the end of the line or a
/// space and a label.
fn is_marker(line: &str, c: char) -> bool {
    let run = line.chars().take_while(|&x| x == c).count();
    let rest = &line[run * c.len_utf8()..];
    let rest = rest.trim_end_matches(['\r', '\n']);
    run >= 7 && (rest.is_empty() || (c != '=' && rest.starts_with(' ')))
}

#[derive(Clone, Copy, PartialEq)]
enum In {
    All,
    Ours,
    Base,
    Theirs,
}

/// The sides of `text`, or `None` when it holds no complete region (no
/// markers, or markers out of order: then it is not git's doing).
pub fn split(text: &str) -> Option<Sides> {
    let mut sides = Sides {
        ours: String::new(),
        theirs: String::new(),
        base: Some(String::new()),
        first_line: 0,
    };
    let mut state = In::All;
    let mut region_has_base = false;
    for (n, line) in text.split_inclusive('\n').enumerate() {
        match state {
            In::All if is_marker(line, '<') => {
                if sides.first_line == 0 {
                    sides.first_line = n + 1;
                }
                region_has_base = false;
                state = In::Ours;
            }
            In::Ours if is_marker(line, '|') => {
                region_has_base = true;
                state = In::Base;
            }
            In::Ours | In::Base if is_marker(line, '=') => {
                if !region_has_base {
                    sides.base = None;
                }
                state = In::Theirs;
            }
            In::Theirs if is_marker(line, '>') => state = In::All,
            In::All => {
                sides.ours.push_str(line);
                sides.theirs.push_str(line);
                if let Some(b) = &mut sides.base {
                    b.push_str(line);
                }
            }
            In::Ours => sides.ours.push_str(line),
            In::Base => {
                if let Some(b) = &mut sides.base {
                    b.push_str(line);
                }
            }
            In::Theirs => sides.theirs.push_str(line),
        }
    }
    (state == In::All && sides.first_line > 0).then_some(sides)
}

/// A whole-file conflict in git's diff3 style, markers `size` long: what
/// the driver leaves when a side cannot be read as a map, so that no side
/// is lost and git reports the conflict.
pub fn whole_file(ours: &[u8], base: &[u8], theirs: &[u8], size: usize, name: &str) -> Vec<u8> {
    let size = size.max(7);
    let mark = |c: char| c.to_string().repeat(size);
    let mut out = Vec::new();
    let mut part = |bytes: &[u8]| {
        out.extend_from_slice(bytes);
        if !bytes.is_empty() && !bytes.ends_with(b"\n") {
            out.push(b'\n');
        }
    };
    // The name came from git's command line: one line, whatever it holds.
    let name = crate::text::safe::clean(name);
    part(format!("{} ours: {name}\n", mark('<')).as_bytes());
    part(ours);
    part(format!("{} base\n", mark('|')).as_bytes());
    part(base);
    part(format!("{}\n", mark('=')).as_bytes());
    part(theirs);
    part(format!("{} theirs: {name}\n", mark('>')).as_bytes());
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn two_way_and_diff3_regions_give_each_side() {
        let text = "a\n<<<<<<< HEAD\nb\n=======\nc\n>>>>>>> other\nd\n";
        let s = split(text).expect("markers");
        assert_eq!(
            (s.ours.as_str(), s.theirs.as_str()),
            ("a\nb\nd\n", "a\nc\nd\n")
        );
        assert_eq!(s.base, None);
        assert_eq!(s.first_line, 2);
        let text = "a\n<<<<<<< HEAD\nb\n||||||| base\nx\n=======\nc\n>>>>>>> other\nd\n";
        let s = split(text).expect("markers");
        assert_eq!(s.base.as_deref(), Some("a\nx\nd\n"));
    }

    #[test]
    fn no_or_unfinished_markers_are_not_a_conflict() {
        assert_eq!(split("(a: 1)\n"), None);
        assert_eq!(split("<<<<<<< HEAD\nb\n=======\n"), None);
        assert_eq!(split("<<<<<<<<HEAD\n"), None);
    }

    #[test]
    fn the_whole_file_markers_read_back_as_the_three_sides() {
        let text = whole_file(b"(a: 1)", b"(a: 0)\n", b"(a: 2)\n", 7, "m.ron");
        let text = String::from_utf8(text).expect("utf-8");
        let s = split(&text).expect("markers");
        assert_eq!(s.ours, "(a: 1)\n");
        assert_eq!(s.base.as_deref(), Some("(a: 0)\n"));
        assert_eq!(s.theirs, "(a: 2)\n");
    }
}
