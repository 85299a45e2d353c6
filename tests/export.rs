//! The Markdown export: golden documents for the sample maps, tables that
//! stay tables, and a hostile map that cannot break anything.

mod export_common;

use export_common::*;
use journeymap::export::{self, IndexEntry, MapSource, mermaid};
use journeymap::storage::load_map;

fn export(map: &journeymap::model::Map) -> String {
    export::export_map(map, &analyse(map), today())
}

#[test]
fn golden_documents_of_the_sample_maps() {
    for path in sample_maps() {
        let loaded = load_map(&path).unwrap_or_else(|e| panic!("{e}"));
        let doc = export(&loaded.map);
        let name = path.file_stem().expect("a file name").to_string_lossy();
        insta::assert_snapshot!(format!("sample_{name}"), doc);
    }
}

#[test]
fn golden_index_of_the_sample_maps() {
    let loaded: Vec<_> = sample_maps()
        .iter()
        .map(|p| load_map(p).unwrap_or_else(|e| panic!("{e}")))
        .collect();
    let analyses: Vec<_> = loaded.iter().map(|l| analyse(&l.map)).collect();
    let entries: Vec<IndexEntry> = loaded
        .iter()
        .zip(&analyses)
        .map(|(l, a)| IndexEntry {
            document: format!("{}.md", l.path.file_stem().expect("stem").to_string_lossy()),
            title: l.map.title.to_string(),
            summary: journeymap::analysis::MapSummary::of(&l.map, a),
        })
        .collect();
    let errors = vec![(
        std::path::PathBuf::from("maps/broken.ron"),
        "maps/broken.ron:3:9: expected a string\nmaps/broken.ron:7:1: <unclosed> | table"
            .to_string(),
    )];
    let index = export::export_index(&entries, &errors, today());
    assert_tables_intact(&index, "index.md");
    insta::assert_snapshot!("sample_index", index);
}

#[test]
fn index_lists_riskiest_first_then_by_client() {
    let loaded: Vec<_> = sample_maps()
        .iter()
        .map(|p| load_map(p).unwrap_or_else(|e| panic!("{e}")))
        .collect();
    let analyses: Vec<_> = loaded.iter().map(|l| analyse(&l.map)).collect();
    let entries: Vec<IndexEntry> = loaded
        .iter()
        .zip(&analyses)
        .map(|(l, a)| IndexEntry {
            document: "x.md".into(),
            title: String::new(),
            summary: journeymap::analysis::MapSummary::of(&l.map, a),
        })
        .collect();
    let index = export::export_index(&entries, &[], today());
    let table = &parse(&index).tables[0];
    assert_eq!(table.rows[0][1], "Risk");
    // The one ranking of docs/risk.md, as in the portfolio, review and
    // `check --sort risk` (tests/risk_ranking.rs asserts them together).
    let rows: Vec<(f64, String)> = table.rows[1..]
        .iter()
        .map(|r| (r[1].parse().expect("a score"), r[2].clone()))
        .collect();
    for pair in rows.windows(2) {
        let ((a, ca), (b, cb)) = (&pair[0], &pair[1]);
        assert!(
            a > b || (a == b && ca.to_lowercase() <= cb.to_lowercase()),
            "{ca} ({a}) before {cb} ({b})"
        );
    }
}

#[test]
fn sample_documents_have_intact_tables_and_one_diagram() {
    for path in sample_maps() {
        let loaded = load_map(&path).unwrap_or_else(|e| panic!("{e}"));
        let doc = export(&loaded.map);
        let what = path.display().to_string();
        assert_tables_intact(&doc, &what);
        let parsed = parse(&doc);
        assert!(parsed.html.is_empty(), "{what}: HTML {:?}", parsed.html);
        assert_eq!(parsed.code_blocks.len(), 1, "{what}");
        assert_eq!(parsed.code_blocks[0].0, "mermaid", "{what}");
        // Overview, plus touchpoints... tables: at least one per stage.
        assert!(parsed.tables.len() > loaded.map.stages.len(), "{what}");
    }
}

#[test]
fn export_is_deterministic() {
    for path in sample_maps() {
        let loaded = load_map(&path).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(export(&loaded.map), export(&loaded.map.clone()));
    }
    assert_eq!(export(&hostile_map()), export(&hostile_map()));
}

#[test]
fn hostile_map_has_the_clean_maps_structure() {
    let clean = export(&clean_map());
    let hostile = export(&hostile_map());
    assert_tables_intact(&clean, "clean");
    assert_tables_intact(&hostile, "hostile");
    let clean_parsed = parse(&clean);
    let hostile_parsed = parse(&hostile);
    // Same headings, lists, tables (same cells), emphasis, code blocks:
    // nothing in the text added or removed any structure.
    assert_eq!(clean_parsed.shape, hostile_parsed.shape);
    let cells = |p: &Parsed| -> Vec<Vec<usize>> {
        p.tables
            .iter()
            .map(|t| t.rows.iter().map(Vec::len).collect())
            .collect()
    };
    assert_eq!(cells(&clean_parsed), cells(&hostile_parsed));
    assert!(
        hostile_parsed.html.is_empty(),
        "HTML got through: {:?}",
        hostile_parsed.html
    );
    assert_eq!(hostile_parsed.code_blocks.len(), 1);
}

#[test]
fn hostile_text_reads_back_exactly_in_table_cells() {
    let map = hostile_map();
    let parsed = parse(&export(&map));
    let cells: Vec<&String> = parsed
        .tables
        .iter()
        .flat_map(|t| t.rows.iter().flatten())
        .collect();
    // Every text the stage tables show.
    let mut expected: Vec<String> = Vec::new();
    for stage in &map.stages {
        for t in &stage.touchpoints {
            expected.extend([t.description.to_string(), t.owner.to_string()]);
            if !t.department.is_empty() {
                expected.push(t.department.to_string());
            }
        }
        expected.extend(stage.needs.iter().map(|n| n.text.to_string()));
        expected.extend(stage.perceptions.iter().map(|p| p.text.to_string()));
        for f in &stage.feedback {
            expected.extend([
                f.by.to_string(),
                f.summary.to_string(),
                f.method.to_string(),
            ]);
        }
        for c in &stage.commitments {
            expected.extend([c.promise.to_string(), c.owner.to_string()]);
        }
    }
    assert!(expected.len() > 20);
    for text in &expected {
        let want = rendered(text);
        // A cell's outer spaces are not part of its text.
        let want = want.trim_end_matches(' ');
        assert!(
            cells.iter().any(|c| c.as_str() == want),
            "no cell reads {want:?}"
        );
    }
}

#[test]
fn no_control_or_invisible_character_reaches_the_output() {
    let doc = export(&hostile_map());
    let bad: Vec<(usize, char)> = doc
        .char_indices()
        .filter(|&(_, c)| is_forbidden(c))
        .collect();
    assert!(bad.is_empty(), "forbidden characters at {bad:?}");
    assert!(doc.contains("\\u{1b}"), "escapes are shown, not dropped");
    assert!(doc.contains("\\u{202e}"));
    assert!(!doc.contains("<script"));
    assert!(!doc.contains("<img"));
}

#[test]
fn hostile_diagram_has_the_expected_tasks_and_scores() {
    let map = hostile_map();
    let doc = export(&map);
    let parsed = parse(&doc);
    let (info, body) = &parsed.code_blocks[0];
    assert_eq!(info, "mermaid");
    let (title, sections, tasks) = read_journey(body);
    assert_eq!(title, rendered_in_diagram(&map.title));
    let names: Vec<String> = map
        .stages
        .iter()
        .map(|s| rendered_in_diagram(&s.name))
        .collect();
    assert_eq!(sections, names);
    let tp = |s: usize, t: usize| &map.stages[s].touchpoints[t];
    let want = vec![
        // Newest score 2 and a heard -1 (2): 2. The assumed +2 is left out.
        DiagramTask {
            section: names[0].clone(),
            name: rendered_in_diagram(&tp(0, 0).description),
            score: 2,
            actors: vec![
                rendered_in_diagram(&tp(0, 0).owner),
                rendered_in_diagram(&tp(0, 0).department),
            ],
        },
        DiagramTask {
            section: names[0].clone(),
            name: rendered_in_diagram(&tp(0, 1).description),
            score: 2,
            actors: vec![rendered_in_diagram(&tp(0, 1).owner)],
        },
        // No touchpoints: the stage itself; nothing known: 3.
        DiagramTask {
            section: names[1].clone(),
            name: names[1].clone(),
            score: 3,
            actors: vec![],
        },
        // Survey score 5 and an observed +2 (5): 5.
        DiagramTask {
            section: names[2].clone(),
            name: rendered_in_diagram(&tp(2, 0).description),
            score: 5,
            actors: vec![
                rendered_in_diagram(&tp(2, 0).owner),
                rendered_in_diagram(&tp(2, 0).department),
            ],
        },
    ];
    assert_eq!(tasks, want);
    // The clean map draws the same diagram, text aside.
    let clean = parse(&export(&clean_map()));
    let (_, _, clean_tasks) = read_journey(&clean.code_blocks[0].1);
    let shape = |t: &[DiagramTask]| -> Vec<(u8, usize)> {
        t.iter().map(|t| (t.score, t.actors.len())).collect()
    };
    assert_eq!(shape(&clean_tasks), shape(&tasks));
}

#[test]
fn stage_scores_of_the_diagram_follow_the_documented_rule() {
    let map = clean_map();
    let scores: Vec<u8> = map
        .stages
        .iter()
        .map(|s| mermaid::stage_score(s, today()))
        .collect();
    assert_eq!(scores, vec![2, 3, 5]);
}

#[test]
fn findings_are_worded_for_a_manager() {
    let doc = export(&clean_map());
    for sentence in [
        "Call back with the numbers: promised for 2026-11-22 by Dana Ruiz, still open (1 day overdue).",
        "Send the plan: promised for 2026-11-01 by Mei Tanaka, kept on 2026-11-04 (3 days late).",
        "Send final pricing: promised for 2026-11-26 by Dana Ruiz, due in 3 days.",
        "Nobody has asked the client about this stage yet",
        "The latest score is 2 of 5 (Hallway chat on 2026-11-10 by Dana Ruiz)",
        "“Loves us” is our assumption: check it with the client.",
    ] {
        assert!(doc.contains(sentence), "missing: {sentence}");
    }
    // Critical first within a stage: the overdue promise before the
    // holding-back warning, though the analysis lists it after.
    let overdue = doc
        .find("Call back with the numbers: promised")
        .expect("overdue");
    let held = doc.find("seemed to hold back").expect("holding back");
    assert!(overdue < held);
}

#[test]
fn folder_export_checks_every_target_before_writing() {
    let out = tempfile::tempdir().expect("tempdir");
    let map = clean_map();
    let analysis = analyse(&map);
    let sources = [
        MapSource {
            path: std::path::Path::new("maps/a.ron"),
            map: &map,
            analysis: &analysis,
        },
        MapSource {
            path: std::path::Path::new("maps/b.ron"),
            map: &map,
            analysis: &analysis,
        },
    ];
    std::fs::write(out.path().join("b.md"), "mine").expect("write");
    let err =
        export::write_folder(&sources, &[], today(), out.path(), false).expect_err("b.md exists");
    assert!(err.to_string().contains("b.md"), "{err}");
    assert!(!out.path().join("a.md").exists(), "nothing half-written");
    assert!(!out.path().join("index.md").exists());
    assert_eq!(
        std::fs::read_to_string(out.path().join("b.md")).expect("b.md"),
        "mine"
    );
    let written = export::write_folder(&sources, &[], today(), out.path(), true).expect("forced");
    assert_eq!(written.documents.len(), 2);
    assert_eq!(
        std::fs::read_to_string(out.path().join("b.md")).expect("b.md"),
        export(&map)
    );
}

#[test]
fn map_file_export_refuses_to_replace_without_force() {
    let dir = tempfile::tempdir().expect("tempdir");
    let out = dir.path().join("acme.md");
    let map = clean_map();
    let analysis = analyse(&map);
    let written =
        export::write_map_file(&map, &analysis, today(), &out, false).expect("a new file");
    assert_eq!(written, out);
    let err =
        export::write_map_file(&map, &analysis, today(), &out, false).expect_err("exists now");
    assert!(err.to_string().contains("acme.md"));
    export::write_map_file(&map, &analysis, today(), &out, true).expect("forced");
    // A folder that cannot be made: its parent is a regular file.
    let blocked = dir.path().join("acme.md").join("docs");
    let sources: [MapSource; 0] = [];
    assert!(export::write_folder(&sources, &[], today(), &blocked, false).is_err());
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig {
        cases: 48,
        failure_persistence: None,
        ..proptest::prelude::ProptestConfig::default()
    })]

    /// Any text at all, in any field, keeps the clean map's structure and
    /// reads back exactly in its table cell.
    #[test]
    fn any_text_keeps_the_structure(
        texts in proptest::collection::vec(
            r"(\PC|[\x00-\x1f\x7f\u{202a}-\u{202e}\u{2066}-\u{2069}\u{200b}-\u{200f}\u{feff}]|[|<>&`#:;,%*_~\\\[\]\n\r -]){0,40}",
            8,
        )
    ) {
        let map = build_map(&|label, k| {
            let t = &texts[k % texts.len()];
            // Names may not be empty in a valid map; keep a label too.
            if t.trim().is_empty() { format!("{label}{t}") } else { t.clone() }
        });
        let doc = export(&map);
        let clean = parse(&export(&clean_map()));
        let parsed = parse(&doc);
        proptest::prop_assert_eq!(&clean.shape, &parsed.shape);
        proptest::prop_assert!(parsed.html.is_empty(), "HTML: {:?}", parsed.html);
        proptest::prop_assert!(!doc.chars().any(is_forbidden));
        assert_tables_intact(&doc, "generated map");
        let cells: Vec<&String> = parsed.tables.iter().flat_map(|t| t.rows.iter().flatten()).collect();
        let summary = rendered(&map.stages[0].feedback[0].summary);
        let summary = summary.trim_end_matches(' ');
        proptest::prop_assert!(
            cells.iter().any(|c| c.trim_matches(' ') == summary.trim_matches(' ')),
            "no cell reads {:?}", summary
        );
        let (_, _, tasks) = read_journey(&parsed.code_blocks[0].1);
        proptest::prop_assert_eq!(tasks.len(), 4);
        let scores: Vec<u8> = tasks.iter().map(|t| t.score).collect();
        proptest::prop_assert_eq!(scores, vec![2, 2, 3, 5]);
    }
}

#[test]
fn golden_document_of_the_hostile_map() {
    // For people to read what hostile text turns into.
    insta::assert_snapshot!("hostile", export(&hostile_map()));
}
