//! Every bad input gets a clear error naming the file, line and column (or
//! the field), and every validation problem of a file is reported at once.

mod common;

use std::fs;
use std::path::Path;

use common::{SPEC_EXAMPLE, pos_of, temp_path};
use journeymap::storage::regular_file::SpecialFile;
use journeymap::storage::{LoadError, LoadErrorKind, MAX_FILE_BYTES, load_bytes, load_map};

const PATH: &str = "maps/northwind.ron";

fn load_text(text: &str) -> Result<journeymap::storage::LoadedMap, LoadError> {
    load_bytes(Path::new(PATH), text.as_bytes())
}

fn error_of(text: &str) -> LoadError {
    match load_text(text) {
        Ok(_) => panic!("loaded, but should have been refused:\n{text}"),
        Err(e) => e,
    }
}

/// The spec example with one piece of text replaced (which must be there).
fn example_with(from: &str, to: &str) -> String {
    assert!(SPEC_EXAMPLE.contains(from), "{from:?} not in the example");
    SPEC_EXAMPLE.replacen(from, to, 1)
}

/// `maps/northwind.ron:LINE:COL: ` for where `needle` starts in `text`.
fn at(text: &str, needle: &str, nth: usize) -> String {
    let (line, col) = pos_of(text, needle, nth);
    format!("{PATH}:{line}:{col}: ")
}

// --- syntax, unknown fields and variants --------------------------------

#[test]
fn a_syntax_error_names_file_line_and_column() {
    let text = example_with(
        "    title: \"Northwind Health: from first call to renewal\",\n",
        "    title: \"Northwind Health: from first call to renewal\"\n",
    );
    let err = error_of(&text);
    assert!(matches!(err.kind, LoadErrorKind::Syntax { .. }), "{err:?}");
    let message = err.to_string();
    // The missing comma is noticed where the next field (`now`) starts.
    assert!(
        message.starts_with(&at(&text, "now: Some((", 0)),
        "{message}"
    );
    assert_eq!(message.lines().count(), 1);
    assert_eq!(err.summary(), message);
}

#[test]
fn an_unclosed_file_is_a_syntax_error_at_its_end() {
    let text = SPEC_EXAMPLE.trim_end().trim_end_matches(')');
    let err = error_of(text);
    assert!(matches!(err.kind, LoadErrorKind::Syntax { .. }), "{err:?}");
    let last_line = text.lines().count();
    assert!(
        err.to_string().starts_with(&format!("{PATH}:{last_line}:")),
        "{err}"
    );
}

#[test]
fn an_unknown_field_is_named_with_its_place() {
    let text = example_with(
        "        segment: Some(\"Healthcare\"),\n",
        "        segment: Some(\"Healthcare\"),\n        colour: \"red\",\n",
    );
    let message = error_of(&text).to_string();
    assert!(message.starts_with(&at(&text, "colour", 0)), "{message}");
    assert!(message.contains("`colour`"), "{message}");
}

#[test]
fn an_unknown_variant_is_named_with_its_place() {
    let text = example_with("channel: InPerson", "channel: Pigeon");
    let message = error_of(&text).to_string();
    assert!(message.starts_with(&at(&text, "Pigeon", 0)), "{message}");
    assert!(message.contains("`Pigeon`"), "{message}");
    assert!(
        message.contains("`InPerson`"),
        "lists the known ones: {message}"
    );
}

#[test]
fn a_missing_required_field_is_named() {
    let text = example_with(
        "    title: \"Northwind Health: from first call to renewal\",\n",
        "",
    );
    let err = error_of(&text);
    assert!(matches!(err.kind, LoadErrorKind::Syntax { .. }), "{err:?}");
    let message = err.to_string();
    assert!(message.starts_with(&format!("{PATH}:")), "{message}");
    assert!(message.contains("title"), "{message}");
}

#[test]
fn a_score_of_the_wrong_type_is_a_syntax_error_with_its_place() {
    let text = example_with("score: Some(4)", "score: Some(\"four\")");
    let message = error_of(&text).to_string();
    assert!(message.starts_with(&at(&text, "\"four\"", 0)), "{message}");
}

// --- format versions ----------------------------------------------------

#[test]
fn a_newer_format_is_refused_as_newer_even_with_fields_we_do_not_know() {
    let text = example_with("format: 2,", "format: 3,").replacen(
        "    title:",
        "    mood: Sunny(\"mostly\"),\n    title:",
        1,
    );
    let err = error_of(&text);
    assert!(matches!(err.kind, LoadErrorKind::NewerFormat(3)), "{err:?}");
    let message = err.to_string();
    assert!(
        message.starts_with(&format!("{PATH}: format 3 is newer")),
        "{message}"
    );
    assert!(message.contains("newer version"), "{message}");
}

#[test]
fn a_newer_format_is_refused_even_when_it_reads_like_this_one() {
    let err = error_of(&example_with("format: 2,", "format: 7,"));
    assert!(matches!(err.kind, LoadErrorKind::NewerFormat(7)), "{err:?}");
    assert!(err.to_string().contains("newer version"), "{err}");
}

#[test]
fn a_newer_format_is_refused_as_newer_even_with_syntax_we_do_not_know() {
    // A field whose value has a shape this version cannot parse at all (a
    // set): ron stops at it with "Expected colon".
    let text = example_with("format: 2,", "format: 3,").replacen(
        "    title:",
        "    tags: {\"calm\", \"busy\"},\n    title:",
        1,
    );
    let err = error_of(&text);
    assert!(matches!(err.kind, LoadErrorKind::NewerFormat(3)), "{err:?}");
    assert!(
        err.to_string()
            .starts_with(&format!("{PATH}: format 3 is newer")),
        "{err}"
    );
}

#[test]
fn a_format_number_too_large_for_any_version_is_newer() {
    for (written, shown) in [
        ("99999999999", "99999999999"),
        ("0x10", "16"),
        ("1_000", "1000"),
    ] {
        let err = error_of(&example_with("format: 2,", &format!("format: {written},")));
        assert!(matches!(err.kind, LoadErrorKind::NewerFormat(_)), "{err:?}");
        assert!(
            err.to_string()
                .starts_with(&format!("{PATH}: format {shown} is newer")),
            "{err}"
        );
    }
    // Not a number at all: a syntax error at the value, as before.
    let text = example_with("format: 2,", "format: many,");
    let err = error_of(&text);
    assert!(matches!(err.kind, LoadErrorKind::Syntax { .. }), "{err:?}");
}

#[test]
fn format_zero_is_not_a_known_format() {
    let err = error_of(&example_with("format: 2,", "format: 0,"));
    assert!(
        matches!(err.kind, LoadErrorKind::UnknownFormat(0)),
        "{err:?}"
    );
    assert!(err.to_string().contains("format 0"), "{err}");
}

// --- validation: every problem, each with its place --------------------

/// A map breaking every validation rule, some several times.
const BROKEN: &str = r#"(
    format: 1,
    client: (
        name: "",
        account_manager: "",
        segment: None,
    ),
    title: "Broken",
    stages: [
        (
            id: "rapport",
            name: "",
            perceptions: [
                (text: "too happy", sentiment: 3, source: Heard),
                (text: "fine", sentiment: 2, source: Heard),
                (text: "too sad", sentiment: -3, source: Assumed),
            ],
            feedback: [
                (date: "2026-02-30", method: Call, score: Some(0), by: "b", summary: "s"),
                (date: "2026-03-01", method: Call, score: Some(6), by: "b", summary: "s"),
            ],
            commitments: [
                (promise: "p", owner: "o", due: "2026-9-1", done: Some("2026-13-01")),
            ],
        ),
        (
            id: "rapport",
            name: "Again",
        ),
        (
            id: "Bad_Id",
            name: "   ",
        ),
    ],
    reviews: [
        (date: "yesterday", by: "b", stage: Some("nowhere"), note: "n"),
        (date: "2026-11-20", by: "b", stage: Some("rapport"), note: "fine"),
    ],
)
"#;

#[test]
fn every_validation_problem_is_reported_with_its_line_and_column() {
    let err = error_of(BROKEN);
    let LoadErrorKind::Invalid(problems) = &err.kind else {
        panic!("not a validation error: {err:?}");
    };
    let expected: Vec<String> = [
        ("\"\"", 0, "client.name: the client name is empty"),
        (
            "\"\"",
            2,
            "stage \"rapport\": stages[0].name: the stage name is empty",
        ),
        (
            "3,",
            0,
            "stage \"rapport\": stages[0].perceptions[0].sentiment: sentiment 3 is outside -2..=2",
        ),
        (
            "-3",
            0,
            "stage \"rapport\": stages[0].perceptions[2].sentiment: sentiment -3 is outside -2..=2",
        ),
        (
            "\"2026-02-30\"",
            0,
            "stage \"rapport\": stages[0].feedback[0].date: date 2026-02-30 is not a real date",
        ),
        (
            "Some(0)",
            0,
            "stage \"rapport\": stages[0].feedback[0].score: score 0 is outside 1..=5",
        ),
        (
            "Some(6)",
            0,
            "stage \"rapport\": stages[0].feedback[1].score: score 6 is outside 1..=5",
        ),
        (
            "\"2026-9-1\"",
            0,
            "stage \"rapport\": stages[0].commitments[0].due: date \"2026-9-1\" is not of the form YYYY-MM-DD",
        ),
        (
            "Some(\"2026-13-01\")",
            0,
            "stage \"rapport\": stages[0].commitments[0].done: date 2026-13-01 is not a real date",
        ),
        (
            "\"rapport\"",
            1,
            "stage \"rapport\": stages[1].id: stage id \"rapport\" is used by an earlier stage",
        ),
        (
            "\"Bad_Id\"",
            0,
            "stage \"Bad_Id\": stages[2].id: stage id \"Bad_Id\" may only hold lowercase letters, digits and '-'",
        ),
        (
            "\"   \"",
            0,
            "stage \"Bad_Id\": stages[2].name: the stage name is empty",
        ),
        (
            "\"yesterday\"",
            0,
            "reviews[0].date: date \"yesterday\" is not of the form YYYY-MM-DD",
        ),
        (
            "Some(\"nowhere\")",
            0,
            "reviews[0].stage: review names stage \"nowhere\", which the map does not have",
        ),
    ]
    .into_iter()
    .map(|(needle, nth, message)| format!("{}{message}", at(BROKEN, needle, nth)))
    .collect();
    let message = err.to_string();
    let got: Vec<&str> = message.lines().collect();
    assert_eq!(got, expected);
    assert_eq!(problems.len(), expected.len());
    assert_eq!(
        err.summary(),
        format!("{} (and {} more)", expected[0], expected.len() - 1)
    );
    let (line, col) = pos_of(BROKEN, "\"\"", 0);
    assert_eq!(err.first_pos().map(|p| (p.line, p.col)), Some((line, col)));
}

#[test]
fn places_are_found_past_comments_and_raw_strings() {
    let text = r##"// A hand-edited map.
(
    format: 1, /* first, always */
    client: (name: r#"Acme "the best""#, account_manager: "Lee"),
    title: "a // b",
    stages: [
        // The only stage.
        (
            id: "a",
            name: "A",
            feedback: [
                (date: "2026-01-01", method: Call, score: /* oops */ Some(9), by: "b", summary: "s"),
            ],
        ),
    ],
)
"##;
    let message = error_of(text).to_string();
    assert_eq!(
        message,
        format!(
            "{}stage \"a\": stages[0].feedback[0].score: score 9 is outside 1..=5",
            at(text, "Some(9)", 0)
        )
    );
}

#[test]
fn places_are_found_after_an_extension_attribute() {
    // `implicit_some` lets people write `segment: "Health"` for `Some(..)`.
    let text = "#![enable(implicit_some)]\n(\n    format: 1,\n    client: (name: \"\", account_manager: \"B\", segment: \"Health\"),\n    title: \"t\",\n    stages: [],\n)\n";
    let message = error_of(text).to_string();
    assert_eq!(
        message,
        format!(
            "{}client.name: the client name is empty",
            at(text, "\"\"", 0)
        )
    );
    let fixed = text.replace("name: \"\"", "name: \"A\"");
    let loaded = load_text(&fixed).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(loaded.map.client.segment.as_deref(), Some("Health"));
}

#[test]
fn places_are_right_with_crlf_struct_names_and_accents() {
    let text = "Map(\r\n    format: 1,\r\n    client: Client(name: \"Café Ölß\", account_manager: \"Zoë\"),\r\n    title: \"t\",\r\n    stages: [Stage(id: \"é\", name: \"Été\", perceptions: [Perception(text: \"ça\", sentiment: 7, source: Heard)])],\r\n)\r\n";
    let message = error_of(text).to_string();
    let (line, col) = pos_of(text, "7,", 0);
    let (id_line, id_col) = pos_of(text, "\"é\"", 0);
    assert_eq!(
        message.lines().collect::<Vec<_>>(),
        [
            format!(
                "{PATH}:{id_line}:{id_col}: stage \"é\": stages[0].id: stage id \"é\" may only hold lowercase letters, digits and '-'"
            ),
            format!(
                "{PATH}:{line}:{col}: stage \"é\": stages[0].perceptions[0].sentiment: sentiment 7 is outside -2..=2"
            ),
        ]
    );
    // ron counts columns the same way for its own errors.
    let text = text.replace("sentiment: 7", "sentiment: x");
    let (line, col) = pos_of(&text, "x,", 0);
    assert!(
        error_of(&text)
            .to_string()
            .starts_with(&format!("{PATH}:{line}:{col}: ")),
        "{}",
        error_of(&text)
    );
}

#[test]
fn a_stage_id_with_a_line_break_stays_on_one_line() {
    let text = example_with("id: \"rapport\"", "id: \"Bad\\nId\"")
        .replace("stage: Some(\"rapport\")", "stage: None")
        .replace("stage: \"rapport\"", "stage: \"Bad\\nId\"");
    let err = error_of(&text);
    assert_eq!(
        err.to_string(),
        format!(
            "{}stage \"Bad\\nId\": stages[0].id: stage id \"Bad\\nId\" may only hold lowercase letters, digits and '-'",
            at(&text, "\"Bad", 1)
        )
    );
    assert_eq!(err.summary(), err.to_string());
}

#[test]
fn an_empty_account_manager_is_allowed_but_a_blank_client_name_is_not() {
    let text = example_with("account_manager: \"Dana Ruiz\"", "account_manager: \"\"");
    let loaded = load_text(&text).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(loaded.map.client.account_manager, "");

    let text = example_with("name: \"Northwind Health\"", "name: \"  \"");
    let message = error_of(&text).to_string();
    assert_eq!(
        message,
        format!(
            "{}client.name: the client name is empty",
            at(&text, "\"  \"", 0)
        )
    );
}

#[test]
fn a_leap_day_is_a_real_date_only_in_a_leap_year() {
    let text = example_with("\"2026-09-14\"", "\"2028-02-29\"");
    assert!(load_text(&text).is_ok());
    let text = example_with("\"2026-09-14\"", "\"2027-02-29\"");
    assert!(
        error_of(&text)
            .to_string()
            .ends_with("date 2027-02-29 is not a real date")
    );
}

// --- files --------------------------------------------------------------

#[test]
fn a_file_over_64_mib_is_refused_without_being_read() {
    let (_dir, path) = temp_path("huge.ron");
    let file = fs::File::create(&path).expect("create");
    // Sparse: takes no space, and reading it would take a while.
    file.set_len(MAX_FILE_BYTES + 1).expect("grow");
    let err = load_map(&path).expect_err("too large");
    assert!(
        matches!(err.kind, LoadErrorKind::TooLarge(n) if n == MAX_FILE_BYTES + 1),
        "{err:?}"
    );
    assert_eq!(
        err.to_string(),
        format!(
            "{}: the file is larger than the 64 MiB a map may have; it was not read",
            path.display()
        )
    );
}

#[test]
fn a_file_of_exactly_the_limit_is_read() {
    // 64 MiB of NUL bytes: read and parsed (so a syntax error at its start),
    // not refused for its size. Parsing real text that long would be slow.
    let (_dir, path) = temp_path("big.ron");
    let file = fs::File::create(&path).expect("create");
    file.set_len(MAX_FILE_BYTES).expect("grow");
    let err = load_map(&path).expect_err("NUL bytes are not RON");
    assert!(matches!(err.kind, LoadErrorKind::Syntax { .. }), "{err:?}");
    assert!(
        err.to_string()
            .starts_with(&format!("{}:1:1: ", path.display())),
        "{err}"
    );
}

#[cfg(target_os = "linux")]
#[test]
fn an_endless_device_is_refused_unread() {
    // /dev/zero says it is empty and never ends; behind a link it looks
    // like any map.
    let (_dir, path) = temp_path("zero.ron");
    std::os::unix::fs::symlink("/dev/zero", &path).expect("link");
    let err = load_map(&path).expect_err("not a map file");
    assert!(
        matches!(err.kind, LoadErrorKind::NotRegular(SpecialFile::CharDevice)),
        "{err:?}"
    );
    assert_eq!(
        err.to_string(),
        format!(
            "{}: not a regular file (a character device); not read",
            path.display()
        )
    );
}

#[cfg(unix)]
#[test]
fn a_fifo_named_like_a_map_is_refused_at_once() {
    let (_dir, path) = temp_path("x.ron");
    common::make_fifo(&path);
    let fifo = path.clone();
    let err = common::within_seconds(&path, move || load_map(&fifo)).expect_err("a FIFO");
    assert!(
        matches!(err.kind, LoadErrorKind::NotRegular(SpecialFile::Fifo)),
        "{err:?}"
    );
    assert_eq!(
        err.to_string(),
        format!("{}: not a regular file (a FIFO); not read", path.display())
    );
}

#[cfg(unix)]
#[test]
fn a_link_loop_says_so() {
    let (dir, path) = temp_path("a.ron");
    std::os::unix::fs::symlink("b.ron", &path).expect("link");
    std::os::unix::fs::symlink("a.ron", dir.path().join("b.ron")).expect("link");
    let err = load_map(&path).expect_err("a loop");
    assert_eq!(
        err.to_string(),
        format!(
            "{}: cannot read: too many levels of symbolic links (a link loop)",
            path.display()
        )
    );
}

#[test]
fn a_file_that_is_not_utf8_is_refused_with_the_place_of_the_bad_byte() {
    let mut bytes = b"(\n    format: 1,\n    title: \"caf".to_vec();
    bytes.extend_from_slice(&[0xE9, b'"']);
    let err = load_bytes(Path::new(PATH), &bytes).expect_err("not UTF-8");
    assert_eq!(
        err.to_string(),
        format!("{PATH}:3:16: the file is not UTF-8 text")
    );
}

#[test]
fn a_byte_order_mark_is_read_past_and_places_stay_as_editors_show_them() {
    let text = format!("\u{feff}{SPEC_EXAMPLE}");
    let loaded = load_text(&text).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(loaded.map.client.name, "Northwind Health");
    assert_eq!(
        loaded.hash,
        journeymap::storage::content_hash(text.as_bytes())
    );

    let broken = "\u{feff}(format: 1, client: (name: \"\", account_manager: \"B\"), title: \"t\", stages: [])";
    let (line, col) = pos_of(&broken.replace('\u{feff}', ""), "\"\"", 0);
    assert_eq!(
        error_of(broken).to_string(),
        format!("{PATH}:{line}:{col}: client.name: the client name is empty")
    );
}

#[test]
fn a_missing_file_says_so() {
    let (_dir, path) = temp_path("absent.ron");
    let err = load_map(&path).expect_err("missing");
    assert_eq!(
        err.to_string(),
        format!("{}: cannot read: no such file or folder", path.display())
    );
}

#[test]
fn a_folder_is_not_a_map() {
    let (_dir, path) = temp_path("folder.ron");
    fs::create_dir(&path).expect("mkdir");
    let err = load_map(&path).expect_err("a folder");
    assert_eq!(
        err.to_string(),
        format!(
            "{}: cannot read: it is a folder, not a file",
            path.display()
        )
    );
}

#[test]
fn an_empty_file_is_a_syntax_error() {
    let err = error_of("");
    assert!(matches!(err.kind, LoadErrorKind::Syntax { .. }), "{err:?}");
    assert!(
        err.to_string().starts_with(&format!("{PATH}:1:1: ")),
        "{err}"
    );
}

#[test]
fn bad_dates_are_all_reported_whichever_reader_reads_the_file() {
    // Plain RON takes the fast reader; a comment sends the file to ron.
    // Both keep every bad date and report it at its place.
    let plain = example_with("\"2026-09-14\"", "\"2026-02-30\"").replacen(
        "\"2026-11-20\"",
        "\"2026-11\"",
        1,
    );
    let commented = format!("// a hand edit\n{plain}");
    for text in [&plain, &commented] {
        let err = error_of(text);
        let LoadErrorKind::Invalid(problems) = &err.kind else {
            panic!("not a validation error: {err:?}");
        };
        assert_eq!(problems.len(), 2, "{err}");
        let message = err.to_string();
        let lines: Vec<&str> = message.lines().collect();
        assert!(
            lines[0].starts_with(&at(text, "\"2026-02-30\"", 0))
                && lines[0].ends_with("date 2026-02-30 is not a real date"),
            "{message}"
        );
        assert!(
            lines[1].starts_with(&at(text, "\"2026-11\"", 0))
                && lines[1].ends_with("date \"2026-11\" is not of the form YYYY-MM-DD"),
            "{message}"
        );
    }
}
