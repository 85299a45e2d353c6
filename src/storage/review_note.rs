//! Adding a review note to a map file: the one write review mode makes.
//!
//! A review happens while others may have the map open, and many maps are
//! written by hand with comments, so the note is added as text: the new
//! entry is inserted before the closing `]` of `reviews` (or a `reviews`
//! field is added), and every other byte of the file stays as it was. The
//! result is parsed back and must equal the old map plus the note before
//! it is saved, atomically and only over the bytes it was made from.

use std::fmt;
use std::path::Path;

use super::load::{LoadError, LoadedMap, load_bytes, parse_map, read_map_file};
use super::ron_text::{ContainerLayout, container_layout};
use super::save::{
    SaveError, SaveErrorKind, SaveGuard, ron_pretty, save_map_text, to_canonical,
    unescape_apostrophes,
};
use crate::model::{FieldPath, PathSeg, Review};

/// Why a note could not be added. The file is unchanged in every case.
#[derive(Debug)]
pub enum NoteError {
    /// The map could not be read or is not a valid map.
    Load(LoadError),
    /// The note names a stage the map does not have (any more).
    UnknownStage(String),
    /// The file's layout is too unusual to add the note without touching
    /// the rest of it.
    CannotPlace,
    /// The file holds git's conflict markers: a note would have to settle
    /// the merge first.
    Unmerged,
    Save(SaveError),
}

impl fmt::Display for NoteError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            NoteError::Load(e) => write!(f, "{e}"),
            NoteError::UnknownStage(id) => write!(
                f,
                "the map has no stage \"{id}\" any more (someone changed it); the note was not added"
            ),
            NoteError::CannotPlace => f.write_str(
                "the file is laid out in a way journeymap cannot add a note to without \
                 rewriting it; the note was not added",
            ),
            NoteError::Unmerged => f.write_str(
                "the file holds git's conflict markers: open it in journeymap, which merges \
                 both sides, and save it first; the note was not added",
            ),
            NoteError::Save(e) => write!(f, "{e}"),
        }
    }
}

impl std::error::Error for NoteError {}

/// Adds a review note to the map file at `path` and saves it. The file is
/// read afresh, so notes added by others meanwhile are kept. Returns the
/// map as now on disk.
pub fn add_review_note(path: &Path, review: &Review) -> Result<LoadedMap, NoteError> {
    // A save can only lose a race with another writer between our read
    // and our rename; then we read again and retry.
    let mut attempts = 0;
    loop {
        attempts += 1;
        let (_, bytes) = read_map_file(path).map_err(NoteError::Load)?;
        let loaded = load_bytes(path, &bytes).map_err(NoteError::Load)?;
        if loaded.from_markers {
            return Err(NoteError::Unmerged);
        }
        if let Some(id) = &review.stage
            && loaded.map.stage_index(id).is_none()
        {
            return Err(NoteError::UnknownStage(id.to_string()));
        }
        let mut expected = loaded.map.clone();
        expected.reviews.push(review.clone());
        // Valid UTF-8: load_bytes checked.
        let text = String::from_utf8_lossy(&bytes);
        let canonical = to_canonical(&loaded.map).ok();
        let new_text = if canonical.as_deref() == Some(&*text) {
            // A canonical file stays canonical.
            to_canonical(&expected).map_err(|_| NoteError::CannotPlace)?
        } else {
            text_with_note(&text, review).ok_or(NoteError::CannotPlace)?
        };
        match parse_map(&new_text) {
            Ok(map) if map == expected => {}
            _ => return Err(NoteError::CannotPlace),
        }
        match save_map_text(path, new_text.as_bytes(), SaveGuard::Unchanged(loaded.hash)) {
            Ok(saved) => {
                return Ok(LoadedMap {
                    path: path.to_path_buf(),
                    map: expected,
                    hash: saved.hash,
                    has_comments: loaded.has_comments,
                    from_markers: false,
                });
            }
            Err(SaveError {
                kind: SaveErrorKind::ChangedOnDisk,
                ..
            }) if attempts < 3 => continue,
            Err(e) => return Err(NoteError::Save(e)),
        }
    }
}

/// The text with the note added as the last entry of `reviews`, every
/// other byte unchanged; `None` if the layout cannot be found.
pub fn text_with_note(text: &str, review: &Review) -> Option<String> {
    let pretty = ron_pretty(review).ok()?;
    let compact = unescape_apostrophes(ron::to_string(review).ok()?);
    let reviews = FieldPath(vec![PathSeg::Field("reviews")]);
    if let Some(layout) = container_layout(text, &reviews) {
        return Some(insert_element(text, &layout, &pretty, &compact));
    }
    // No `reviews` field yet: add one as the map's last field.
    let top = container_layout(text, &FieldPath::default())?;
    let field_pretty = format!("reviews: [\n{},\n]", indent(&pretty, "    "));
    let field_compact = format!("reviews: [{compact}]");
    Some(insert_element(text, &top, &field_pretty, &field_compact))
}

/// Inserts an element as the last of a list or struct. When the closing
/// bracket sits on a line of its own, the element goes on lines of its own
/// just above it, indented like the first element; otherwise it goes
/// inline before the bracket.
fn insert_element(text: &str, l: &ContainerLayout, pretty: &str, compact: &str) -> String {
    let line_start = |at: usize| text[..at].rfind('\n').map_or(0, |i| i + 1);
    let is_blank = |s: &str| s.chars().all(|c| c == ' ' || c == '\t');
    let close_line = line_start(l.close);
    let close_alone = is_blank(&text[close_line..l.close]);
    let mut out = String::with_capacity(text.len() + pretty.len() + 16);
    match (l.first_start, l.last_end) {
        (Some(first), Some(last)) => {
            if close_alone {
                let first_line = line_start(first);
                let item_indent = if is_blank(&text[first_line..first]) {
                    text[first_line..first].to_string()
                } else {
                    format!("{}    ", &text[close_line..l.close])
                };
                out.push_str(&text[..last]);
                if l.trailing_comma.is_none() {
                    out.push(',');
                }
                out.push_str(&text[last..close_line]);
                out.push_str(&indent(pretty, &item_indent));
                out.push_str(",\n");
                out.push_str(&text[close_line..]);
            } else if l.trailing_comma.is_none() {
                out.push_str(&text[..last]);
                out.push_str(", ");
                out.push_str(compact);
                out.push_str(&text[last..]);
            } else {
                out.push_str(&text[..l.close]);
                out.push_str(compact);
                out.push(',');
                out.push_str(&text[l.close..]);
            }
        }
        _ => {
            let inside = &text[l.open + 1..l.close];
            if inside.trim().is_empty() {
                // `[]`: open it up, indented one step past its line.
                let open_line = line_start(l.open);
                let base: String = text[open_line..]
                    .chars()
                    .take_while(|c| *c == ' ' || *c == '\t')
                    .collect();
                out.push_str(&text[..=l.open]);
                out.push('\n');
                out.push_str(&indent(pretty, &format!("{base}    ")));
                out.push_str(",\n");
                out.push_str(&base);
                out.push_str(&text[l.close..]);
            } else {
                // Only comments inside: keep them, add after them.
                out.push_str(&text[..l.close]);
                out.push_str(compact);
                out.push_str(&text[l.close..]);
            }
        }
    }
    out
}

/// Every non-empty line of `block` prefixed with `prefix`.
fn indent(block: &str, prefix: &str) -> String {
    block
        .lines()
        .map(|line| {
            if line.is_empty() {
                String::new()
            } else {
                format!("{prefix}{line}")
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::parse_date;
    use crate::storage::{content_hash, load_map};
    use std::fs;

    fn note(stage: Option<&str>) -> Review {
        Review {
            date: parse_date("2026-11-23").unwrap(),
            by: "Sam O'Neil".into(),
            stage: stage.map(Into::into),
            note: "Call them before Friday's board meeting".into(),
        }
    }

    const HAND_WRITTEN: &str = r#"// Acme, kept by hand
(
  format: 1,
  client: (name: "Acme", account_manager: "Dana"),
  title: "Acme",
  stages: [
    (id: "rapport", name: "Rapport"), // the first one
  ],
  reviews: [
    (date: "2026-11-20", by: "Dana", stage: None, note: "Fine") // kept
  ]
)
"#;

    /// Every byte of `before` is still in `after`, in order: text was
    /// only inserted (the note, and a comma after the last old entry).
    fn assert_only_inserted(before: &str, after: &str) {
        let mut rest = after.bytes();
        let kept = before.bytes().all(|b| rest.any(|a| a == b));
        assert!(kept, "more than an insertion changed:\n{after}");
        assert!(after.len() > before.len());
    }

    #[test]
    fn a_hand_written_file_keeps_every_other_byte() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("acme.ron");
        fs::write(&path, HAND_WRITTEN).unwrap();
        let loaded = add_review_note(&path, &note(Some("rapport"))).unwrap();
        let after = fs::read_to_string(&path).unwrap();
        assert_only_inserted(HAND_WRITTEN, &after);
        assert!(after.contains("// Acme, kept by hand") && after.contains("// kept"));
        assert!(after.contains("by: \"Sam O'Neil\""), "{after}");
        let reread = load_map(&path).unwrap();
        assert_eq!(reread.map, loaded.map);
        assert_eq!(reread.hash, content_hash(after.as_bytes()));
        assert_eq!(reread.map.reviews.len(), 2);
        assert_eq!(reread.map.reviews[1], note(Some("rapport")));
    }

    #[test]
    fn a_note_reaches_every_name_of_a_hard_linked_map() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("acme.ron");
        let other = dir.path().join("acme-shared.ron");
        fs::write(&path, HAND_WRITTEN).unwrap();
        fs::hard_link(&path, &other).unwrap();
        add_review_note(&path, &note(None)).unwrap();
        let after = fs::read_to_string(&path).unwrap();
        assert_only_inserted(HAND_WRITTEN, &after);
        assert_eq!(fs::read_to_string(&other).unwrap(), after);
        assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 2);
    }

    #[test]
    fn a_file_without_reviews_gets_the_field() {
        let text = "(\n    format: 1,\n    client: (name: \"Acme\", account_manager: \"Dana\"),\n    title: \"\",\n    stages: [], // none yet\n)\n";
        let out = text_with_note(text, &note(None)).unwrap();
        assert_only_inserted(text, &out);
        let map = parse_map(&out).unwrap();
        assert_eq!(map.reviews, vec![note(None)]);
        assert!(out.contains("\n    reviews: [\n        (\n"), "{out}");
    }

    #[test]
    fn one_line_and_empty_lists() {
        for text in [
            "(format: 1, client: (name: \"A\", account_manager: \"D\"), title: \"\", stages: [], reviews: [])",
            "(format: 1, client: (name: \"A\", account_manager: \"D\"), title: \"\", stages: [], reviews: [(date: \"2026-01-01\", by: \"x\", stage: None, note: \"\")])",
            "(format: 1, client: (name: \"A\", account_manager: \"D\"), title: \"\", stages: [], reviews: [(date: \"2026-01-01\", by: \"x\", stage: None, note: \"\"),])",
            "(format: 1, client: (name: \"A\", account_manager: \"D\"), title: \"\", stages: [])",
            "(format: 1, client: (name: \"A\", account_manager: \"D\"), title: \"\", stages: [], reviews: [ /* none */ ])",
        ] {
            let out = text_with_note(text, &note(None)).unwrap();
            assert_only_inserted(text, &out);
            let map = parse_map(&out).unwrap_or_else(|e| panic!("{e:?}\n{out}"));
            assert_eq!(map.reviews.last(), Some(&note(None)), "{out}");
        }
    }

    #[test]
    fn a_canonical_file_stays_canonical() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("acme.ron");
        let mut map = crate::model::Map::new("Acme", "Dana");
        map.stages
            .push(crate::model::Stage::new("rapport", "Rapport"));
        fs::write(&path, to_canonical(&map).unwrap()).unwrap();
        let loaded = add_review_note(&path, &note(Some("rapport"))).unwrap();
        assert_eq!(
            fs::read_to_string(&path).unwrap(),
            to_canonical(&loaded.map).unwrap()
        );
    }

    #[test]
    fn an_unknown_stage_or_an_invalid_file_writes_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("acme.ron");
        fs::write(&path, HAND_WRITTEN).unwrap();
        assert!(matches!(
            add_review_note(&path, &note(Some("gone"))),
            Err(NoteError::UnknownStage(_))
        ));
        assert_eq!(fs::read_to_string(&path).unwrap(), HAND_WRITTEN);
        let broken = HAND_WRITTEN.replace("2026-11-20", "2026-02-30");
        fs::write(&path, &broken).unwrap();
        assert!(matches!(
            add_review_note(&path, &note(None)),
            Err(NoteError::Load(_))
        ));
        assert_eq!(fs::read_to_string(&path).unwrap(), broken);
    }

    #[test]
    fn a_file_with_git_conflict_markers_gets_no_note() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("acme.ron");
        let marked = HAND_WRITTEN.replace(
            "  title: \"Acme\",\n",
            "<<<<<<< HEAD\n  title: \"Acme\",\n=======\n  title: \"Acme Ltd\",\n>>>>>>> other\n",
        );
        fs::write(&path, &marked).unwrap();
        assert!(
            load_map(&path).unwrap().from_markers,
            "the file opens, merged"
        );
        assert!(matches!(
            add_review_note(&path, &note(None)),
            Err(NoteError::Unmerged)
        ));
        assert_eq!(fs::read_to_string(&path).unwrap(), marked);
    }

    #[test]
    fn an_unwritable_folder_leaves_the_file_and_no_temporary_files() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("acme.ron");
        fs::write(&path, HAND_WRITTEN).unwrap();
        // A map path through a regular file cannot be saved.
        let bad = path.join("inner.ron");
        assert!(add_review_note(&bad, &note(None)).is_err());
        assert_eq!(fs::read_to_string(&path).unwrap(), HAND_WRITTEN);
        assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 1);
    }
}
