//! Helpers shared by the export tests: sample maps, a clean and a hostile
//! map of the same shape, and a Markdown reader built on pulldown-cmark.

#![allow(dead_code)]

use std::path::{Path, PathBuf};

use jiff::civil::Date;
use journeymap::analysis::{Analysis, Thresholds};
use journeymap::model::{
    Channel, Client, Commitment, Feedback, Map, Method, Motivation, Need, Perception, Review,
    Source, Stage, Touchpoint,
};
use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};

pub const TODAY: &str = "2026-11-23";

pub fn today() -> Date {
    TODAY.parse().expect("TODAY is a date")
}

pub fn date(s: &str) -> Date {
    s.parse().expect("test date")
}

/// The sample maps (`maps/*.ron` of the repository), sorted by name.
pub fn sample_maps() -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("maps");
    let maps = journeymap::storage::folders::list_maps(&dir)
        .unwrap_or_else(|e| panic!("{}: cannot list the sample maps: {e}", dir.display()));
    assert!(
        !maps.is_empty(),
        "{} holds no sample maps: the golden tests need them",
        dir.display()
    );
    maps
}

pub fn analyse(map: &Map) -> Analysis {
    Analysis::of(map, today(), &Thresholds::default())
}

/// Text that tries every way to break a Markdown document or a Mermaid
/// block: table pipes, line breaks of all kinds, HTML, code fences, line
/// starts with meaning, Mermaid's separators, keywords and comments,
/// terminal escapes, bidi overrides, zero-width characters, emoji and CJK.
pub const PAYLOADS: [&str; 13] = [
    "pipe | cell \\| split \\\\| end",
    "line one\nline two\r\nline three\rfour",
    "<script>alert('x')</script> <img src=x onerror=alert(1)> &amp; &#124; &lt;",
    "`code` ``` fence\n```\n~~~\n````rust",
    "# heading\n- item\n> quote\n1. numbered\n+ plus\n===\n    indented",
    "journey: title; section # %% comment, actor: 5",
    "Title search: 1: someone",
    "%% not a comment",
    "\u{1b}[31mred\u{1b}[0m \u{7}bell \u{202e}evil\u{202c} \u{2066}iso\u{2069} zero\u{200b}width \u{feff}bom \u{2028}ls \u{85}nel",
    "🚚 東京 café – *bold* _it_ ~~strike~~ [link](javascript:alert(1)) ![img](x) \\",
    "- leading dash",
    "accTitle: stolen",
    "1) numbered | with pipe\n\n\nafter blank lines",
];

/// Builds the test map; every text field is `text(label, k)` for the
/// field's label and a running field number `k`.
pub fn build_map(text: &dyn Fn(&str, usize) -> String) -> Map {
    let mut k = 0;
    let mut t = |label: &str| {
        k += 1;
        text(label, k)
    };
    let touchpoint = |description: String, owner: String, department: String| Touchpoint {
        channel: Channel::Other("portal".into()),
        description: description.into(),
        owner: owner.into(),
        department: department.into(),
    };
    let mut kickoff = Stage::new("kickoff", &t("Kickoff"));
    kickoff.goal = Some(t("Agree the scope").into());
    kickoff.touchpoints = vec![
        touchpoint(t("Kickoff workshop"), t("Dana Ruiz"), t("Sales")),
        Touchpoint {
            channel: Channel::Email,
            description: t("Rollout plan").into(),
            owner: t("Mei Tanaka").into(),
            department: Default::default(),
        },
    ];
    kickoff.needs = vec![
        Need {
            text: t("One schedule").into(),
            motivation: Motivation::Utility,
            met: true,
        },
        Need {
            text: t("Lower overtime").into(),
            motivation: Motivation::Savings,
            met: false,
        },
    ];
    kickoff.perceptions = vec![
        Perception {
            text: t("Feels like a number").into(),
            sentiment: -1,
            source: Source::Heard,
        },
        Perception {
            text: t("Loves us").into(),
            sentiment: 2,
            source: Source::Assumed,
        },
    ];
    kickoff.feedback = vec![
        Feedback {
            date: date("2026-11-01"),
            method: Method::Call,
            score: Some(4),
            by: t("Dana Ruiz").into(),
            summary: t("Happy with onboarding").into(),
            holding_back: false,
        },
        Feedback {
            date: date("2026-11-10"),
            method: Method::Other(t("Hallway chat").into()),
            score: Some(2),
            by: t("Dana Ruiz").into(),
            summary: t("Unhappy about billing").into(),
            holding_back: true,
        },
    ];
    kickoff.commitments = vec![
        Commitment {
            promise: t("Call back with the numbers").into(),
            owner: t("Dana Ruiz").into(),
            due: date("2026-11-22"),
            done: None,
        },
        Commitment {
            promise: t("Send the plan").into(),
            owner: t("Mei Tanaka").into(),
            due: date("2026-11-01"),
            done: Some(date("2026-11-04")),
        },
    ];
    let mut closing = Stage::new("closing", &t("Closing"));
    closing.commitments = vec![Commitment {
        promise: t("Send final pricing").into(),
        owner: t("Dana Ruiz").into(),
        due: date("2026-11-26"),
        done: None,
    }];
    let mut support = Stage::new("support", &t("Support"));
    support.touchpoints = vec![touchpoint(t("Help desk"), t("Sam Patel"), t("Support"))];
    support.perceptions = vec![Perception {
        text: t("Fast answers").into(),
        sentiment: 2,
        source: Source::Observed,
    }];
    support.feedback = vec![Feedback {
        date: date("2026-11-15"),
        method: Method::Survey,
        score: Some(5),
        by: t("Survey tool").into(),
        summary: t("Top marks").into(),
        holding_back: false,
    }];
    Map {
        format: 1,
        client: Client {
            name: t("Acme Corp").into(),
            account_manager: t("Dana Ruiz").into(),
            segment: Some(t("Retail").into()),
        },
        title: t("Acme: journey").into(),
        now: None,
        stages: vec![kickoff, closing, support],
        reviews: vec![
            Review {
                date: date("2026-11-20"),
                by: t("Dana Ruiz").into(),
                stage: Some("kickoff".into()),
                note: t("Escalate the quote").into(),
            },
            Review {
                date: date("2026-11-21"),
                by: t("Sam Patel").into(),
                stage: None,
                note: t("Looks fine overall").into(),
            },
        ],
        conflicts: Vec::new(),
    }
}

/// The map with plain text everywhere.
pub fn clean_map() -> Map {
    build_map(&|label, _| label.to_string())
}

/// The hostile text of field `k`: a payload before or after the label, so
/// that payloads also start lines and fields.
pub fn hostile_text(label: &str, k: usize) -> String {
    let payload = PAYLOADS[k % PAYLOADS.len()];
    if k.is_multiple_of(2) {
        format!("{payload} {label}")
    } else {
        format!("{label} {payload}")
    }
}

/// The same map with a hostile payload in every text field.
pub fn hostile_map() -> Map {
    build_map(&hostile_text)
}

/// Whether a character must never appear in an export.
pub fn is_forbidden(c: char) -> bool {
    (c.is_control() && c != '\n')
        || matches!(
            c,
            '\u{200b}'..='\u{200f}' | '\u{2028}'..='\u{202e}' | '\u{2066}'..='\u{2069}' | '\u{feff}'
        )
}

/// How map text reads once rendered: line breaks kept as `\n`, tabs as
/// spaces, hidden characters as `\u{..}` escapes.
pub fn rendered(s: &str) -> String {
    let s = s.replace("\r\n", "\n").replace('\r', "\n");
    let mut out = String::new();
    for c in s.chars() {
        if c == '\n' {
            out.push('\n');
        } else if c == '\t' {
            out.push(' ');
        } else if is_forbidden(c) || matches!(c, '\u{2060}'..='\u{206f}' | '\u{061c}') {
            out.push_str(&format!("\\u{{{:x}}}", u32::from(c)));
        } else {
            out.push(c);
        }
    }
    out
}

/// How map text reads in the diagram: [`rendered`] on one line, runs of
/// white space as one space, trimmed.
pub fn rendered_in_diagram(s: &str) -> String {
    rendered(s)
        .split(['\n', ' '])
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

pub fn markdown_options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_GFM
}

/// A table as parsed: the header's cells, then each row's cells, each cell
/// as its rendered text (`<br>` read as `\n`).
#[derive(Debug, Clone, Default)]
pub struct ParsedTable {
    pub rows: Vec<Vec<String>>,
}

/// What a document is made of, for comparing two documents: every tag
/// opened and closed (text left out), plus any HTML other than `<br>`.
#[derive(Debug, Default)]
pub struct Parsed {
    pub shape: Vec<String>,
    pub tables: Vec<ParsedTable>,
    /// HTML other than `<br>`: must stay empty.
    pub html: Vec<String>,
    /// Code blocks: (info string, body).
    pub code_blocks: Vec<(String, String)>,
}

pub fn parse(markdown: &str) -> Parsed {
    let mut parsed = Parsed::default();
    let mut table: Option<ParsedTable> = None;
    let mut cell: Option<String> = None;
    let mut code: Option<(String, String)> = None;
    for event in Parser::new_ext(markdown, markdown_options()) {
        match event {
            Event::Start(tag) => {
                parsed.shape.push(format!("{tag:?}"));
                match tag {
                    Tag::Table(_) => table = Some(ParsedTable::default()),
                    Tag::TableHead | Tag::TableRow => {
                        if let Some(t) = table.as_mut() {
                            t.rows.push(Vec::new());
                        }
                    }
                    Tag::TableCell => cell = Some(String::new()),
                    Tag::CodeBlock(kind) => {
                        let info = match kind {
                            pulldown_cmark::CodeBlockKind::Fenced(info) => info.to_string(),
                            pulldown_cmark::CodeBlockKind::Indented => "(indented)".into(),
                        };
                        code = Some((info, String::new()));
                    }
                    _ => {}
                }
            }
            Event::End(end) => {
                parsed.shape.push(format!("/{end:?}"));
                match end {
                    TagEnd::Table => parsed.tables.extend(table.take()),
                    TagEnd::TableCell => {
                        if let (Some(t), Some(c)) = (table.as_mut(), cell.take())
                            && let Some(row) = t.rows.last_mut()
                        {
                            row.push(c);
                        }
                    }
                    TagEnd::CodeBlock => parsed.code_blocks.extend(code.take()),
                    _ => {}
                }
            }
            Event::Text(text) => {
                if let Some((_, body)) = code.as_mut() {
                    body.push_str(&text);
                } else if let Some(c) = cell.as_mut() {
                    c.push_str(&text);
                }
            }
            Event::Html(html) | Event::InlineHtml(html) => {
                if html.as_ref() == "<br>" {
                    if let Some(c) = cell.as_mut() {
                        c.push('\n');
                    }
                } else {
                    parsed.html.push(html.to_string());
                }
            }
            other => parsed.shape.push(format!("{other:?}")),
        }
    }
    parsed
}

/// The number of cells of a table line as GitHub splits it: at every `|`
/// not escaped by a backslash, less the outer ones.
pub fn raw_cell_count(line: &str) -> usize {
    let mut pipes: usize = 0;
    let mut escaped = false;
    for c in line.chars() {
        match c {
            '\\' if !escaped => escaped = true,
            '|' if !escaped => pipes += 1,
            _ => escaped = false,
        }
        if c != '\\' {
            escaped = false;
        }
    }
    pipes.saturating_sub(1)
}

/// Checks that every table line of a document has as many cells as its
/// table's header, in the source (GitHub's split) and once parsed.
pub fn assert_tables_intact(markdown: &str, what: &str) {
    let mut expected: Option<usize> = None;
    for (n, line) in markdown.lines().enumerate() {
        if line.starts_with('|') {
            let cells = raw_cell_count(line);
            match expected {
                None => expected = Some(cells),
                Some(e) => assert_eq!(
                    cells,
                    e,
                    "{what}:{}: {cells} cells, the table's header has {e}: {line}",
                    n + 1
                ),
            }
        } else {
            expected = None;
        }
    }
    for (i, table) in parse(markdown).tables.iter().enumerate() {
        let header = table.rows.first().map_or(0, Vec::len);
        for row in &table.rows {
            assert_eq!(row.len(), header, "{what}: table {} row {row:?}", i + 1);
        }
    }
}

/// One task of a Mermaid journey block, read back with entity codes
/// decoded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DiagramTask {
    pub section: String,
    pub name: String,
    pub score: u8,
    pub actors: Vec<String>,
}

/// Mermaid's `#NN;` entity codes back to characters.
pub fn decode_entities(s: &str) -> String {
    let mut out = String::new();
    let mut rest = s;
    while let Some(start) = rest.find('#') {
        out.push_str(&rest[..start]);
        let after = &rest[start + 1..];
        let digits: String = after.chars().take_while(char::is_ascii_digit).collect();
        if !digits.is_empty() && after[digits.len()..].starts_with(';') {
            let code: u32 = digits.parse().expect("digits");
            out.push(char::from_u32(code).expect("valid code"));
            rest = &after[digits.len() + 1..];
        } else {
            out.push('#');
            rest = after;
        }
    }
    out.push_str(rest);
    out
}

/// A line with its `#NN;` entity codes taken out.
fn without_entities(s: &str) -> String {
    let mut out = String::new();
    let mut rest = s;
    while let Some(start) = rest.find('#') {
        out.push_str(&rest[..start]);
        let after = &rest[start + 1..];
        let digits = after.chars().take_while(char::is_ascii_digit).count();
        if digits > 0 && after[digits..].starts_with(';') {
            rest = &after[digits + 1..];
        } else {
            out.push('#');
            rest = after;
        }
    }
    out.push_str(rest);
    out
}

/// The title and tasks of a journey block, read the way Mermaid's lexer
/// does: `title`, `section`, and `name: score: actor, actor` lines, where
/// a raw `:`, `;`, `#` or `%` anywhere would be syntax.
pub fn read_journey(block: &str) -> (String, Vec<String>, Vec<DiagramTask>) {
    let mut lines = block.lines();
    assert_eq!(lines.next(), Some("journey"), "block: {block}");
    let mut title = String::new();
    let mut sections = Vec::new();
    let mut tasks = Vec::new();
    for line in lines {
        let bare = without_entities(line);
        for c in ['#', ';', '%'] {
            assert!(!bare.contains(c), "a raw {c:?} in the diagram: {line}");
        }
        if let Some(t) = line.strip_prefix("    title ") {
            title = decode_entities(t);
        } else if let Some(s) = line.strip_prefix("    section ") {
            assert!(!s.contains(':'), "a raw ':' in a section: {line}");
            sections.push(decode_entities(s));
        } else if let Some(task) = line.strip_prefix("      ") {
            let lower = task.to_lowercase();
            for keyword in ["journey", "title", "section", "acctitle", "accdescr"] {
                assert!(
                    !lower.starts_with(keyword),
                    "a task reads as a keyword: {line}"
                );
            }
            let parts: Vec<&str> = task.split(':').collect();
            assert!(
                (2..=3).contains(&parts.len()),
                "a task line has {} separators: {line}",
                parts.len() - 1
            );
            let score: u8 = parts[1].trim().parse().expect("an integer score");
            let actors = parts
                .get(2)
                .map(|a| a.split(',').map(|p| decode_entities(p.trim())).collect())
                .unwrap_or_default();
            tasks.push(DiagramTask {
                section: sections.last().cloned().unwrap_or_default(),
                name: decode_entities(parts[0].trim()),
                score,
                actors,
            });
        } else {
            panic!("an unexpected line in the diagram: {line:?}");
        }
    }
    (title, sections, tasks)
}
