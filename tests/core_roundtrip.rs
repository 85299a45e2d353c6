//! The canonical layout: any valid map survives writing and reading back,
//! and writing is stable (save twice, same bytes).

mod common;

use std::path::Path;

use common::{SPEC_EXAMPLE, strategies};
use journeymap::model::{FieldPath, PathSeg};
use journeymap::storage::{
    LoadErrorKind, content_hash, load_bytes, parse_map, ron_text, to_canonical,
};
use proptest::prelude::*;

#[test]
fn the_spec_example_loads_and_saves_to_the_same_bytes() {
    let loaded = load_bytes(Path::new("spec-example.ron"), SPEC_EXAMPLE.as_bytes())
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(loaded.map.client.name, "Northwind Health");
    assert_eq!(loaded.map.stages.len(), 1);
    assert_eq!(loaded.map.stages[0].feedback[0].score, Some(4));
    assert!(!loaded.has_comments);
    assert_eq!(loaded.hash, content_hash(SPEC_EXAMPLE.as_bytes()));
    let written = to_canonical(&loaded.map).expect("serialize");
    assert_eq!(written, SPEC_EXAMPLE);
}

#[test]
fn optional_fields_left_out_are_written_out() {
    // `reviews`, `segment`, `goal`, the lists and `department`,
    // `holding_back` may be absent; the canonical layout writes them all.
    let text = r#"(
    format: 1,
    client: (name: "Acme", account_manager: "Lee"),
    title: "t",
    stages: [
        (
            id: "a",
            name: "A",
            touchpoints: [(channel: Phone, description: "d", owner: "o")],
            feedback: [(date: "2026-01-02", method: Call, score: None, by: "b", summary: "s")],
        ),
    ],
)"#;
    let map = parse_map(text).unwrap_or_else(|e| panic!("{e:?}"));
    let written = to_canonical(&map).expect("serialize");
    for field in [
        "    segment: None,\n",
        "    reviews: [],\n",
        "            goal: None,\n",
        "            needs: [],\n",
        "            perceptions: [],\n",
        "            commitments: [],\n",
        "                    department: \"\",\n",
        "                    holding_back: false,\n",
    ] {
        assert!(written.contains(field), "{field:?} missing in:\n{written}");
    }
    assert!(!written.contains('\r'));
    assert!(written.ends_with(")\n"));
}

#[test]
fn hand_written_variations_load_as_the_docs_say() {
    // Fields in any order, raw strings, \u{..} escapes, struct names,
    // comments, and a trailing comma or none.
    let text = r##"Map(
    stages: [],
    title: "Caf\u{e9} // not a comment",
    /* the client */ client: Client(account_manager: "Zoë", name: r#"He said "fine""#),
    format: 1
)"##;
    let map = parse_map(text).unwrap_or_else(|e| panic!("{e:?}"));
    assert_eq!(map.title, "Café // not a comment");
    assert_eq!(map.client.name, "He said \"fine\"");
    assert_eq!(map.client.account_manager, "Zoë");
    assert!(ron_text::has_comments(text));
    let written = to_canonical(&map).expect("serialize");
    // A format-1 file is written as format 2.
    assert!(written.starts_with(
        "(\n    format: 2,\n    client: (\n        name: \"He said \\\"fine\\\"\",\n"
    ));
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn any_valid_map_survives_a_round_trip(map in strategies::map()) {
        let text = to_canonical(&map).expect("serialize");
        let back = parse_map(&text).map_err(|e| TestCaseError::fail(format!("{e:?}\n{text}")))?;
        prop_assert_eq!(&back, &map);
        // Saving what was loaded gives the same bytes.
        prop_assert_eq!(to_canonical(&back).expect("serialize"), text);
    }

    #[test]
    fn canonical_text_never_counts_as_commented(map in strategies::map()) {
        // Strings full of `//` and `/*` are not comments.
        let text = to_canonical(&map).expect("serialize");
        prop_assert!(!ron_text::has_comments(&text), "{}", text);
    }

    #[test]
    fn a_bad_score_is_reported_exactly_where_it_is(
        map in strategies::map(),
        pick in any::<proptest::sample::Index>(),
    ) {
        let mut map = map;
        let places: Vec<(usize, usize)> = map
            .stages
            .iter()
            .enumerate()
            .flat_map(|(i, s)| (0..s.feedback.len()).map(move |j| (i, j)))
            .collect();
        prop_assume!(!places.is_empty());
        let (i, j) = places[pick.index(places.len())];
        map.stages[i].feedback[j].score = Some(9);
        let text = to_canonical(&map).expect("serialize");
        let err = match parse_map(&text) {
            Err(LoadErrorKind::Invalid(problems)) => problems,
            other => return Err(TestCaseError::fail(format!("{other:?}"))),
        };
        prop_assert_eq!(err.len(), 1);
        let pos = err[0].pos.expect("a place");
        let line = text.lines().nth(pos.line - 1).expect("line in text");
        let at: String = line.chars().skip(pos.col - 1).collect();
        prop_assert_eq!(at, "Some(9),");
        prop_assert_eq!(
            err[0].problem.path.to_string(),
            format!("stages[{i}].feedback[{j}].score")
        );
    }

    #[test]
    fn locate_finds_each_stage_id_despite_odd_strings(map in strategies::map()) {
        let text = to_canonical(&map).expect("serialize");
        for (i, stage) in map.stages.iter().enumerate() {
            let path = FieldPath(vec![
                PathSeg::Field("stages"),
                PathSeg::Index(i),
                PathSeg::Field("id"),
            ]);
            let pos = ron_text::locate(&text, &path);
            prop_assert!(pos.is_some(), "stage {} not found in\n{}", i, text);
            let pos = pos.expect("checked");
            let line = text.lines().nth(pos.line - 1).expect("line in text");
            let at: String = line.chars().skip(pos.col - 1).collect();
            prop_assert_eq!(at, format!("\"{}\",", stage.id));
        }
    }
}
