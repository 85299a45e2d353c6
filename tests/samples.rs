//! The bundled sample maps: canonical, and together they show every kind
//! of finding at the README's date (tests/data/sample-findings.md says
//! stage by stage why).

use std::collections::BTreeMap;
use std::path::Path;

use journeymap::analysis::{Analysis, FindingKind, Thresholds};
use journeymap::model::parse_date;
use journeymap::storage::{folders, load_map, to_canonical};

const README_DATE: &str = "2026-11-23";

fn samples() -> Vec<std::path::PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("maps");
    folders::list_maps(&dir).expect("the maps folder is readable")
}

#[test]
fn at_least_five_samples_with_6_to_12_stages() {
    let paths = samples();
    assert!(paths.len() >= 5, "only {} sample maps", paths.len());
    for path in paths {
        let loaded = load_map(&path).unwrap_or_else(|e| panic!("{e}"));
        let n = loaded.map.stages.len();
        assert!((6..=12).contains(&n), "{}: {n} stages", path.display());
    }
}

#[test]
fn samples_are_canonical() {
    for path in samples() {
        let bytes = std::fs::read(&path).expect("readable");
        let loaded = load_map(&path).unwrap_or_else(|e| panic!("{e}"));
        let text = to_canonical(&loaded.map).expect("serialisable");
        assert!(
            text.as_bytes() == bytes.as_slice(),
            "{} is not canonical",
            path.display()
        );
        assert!(!loaded.has_comments);
    }
}

#[test]
fn samples_show_every_finding_kind_with_expected_counts() {
    let today = parse_date(README_DATE).expect("a date");
    // file stem -> (status, counts in FindingKind::ALL order)
    let expected: BTreeMap<&str, (&str, [usize; 11])> = BTreeMap::from([
        (
            "harbor-freightways",
            ("at-risk", [0, 1, 1, 1, 1, 1, 1, 2, 4, 0, 0]),
        ),
        (
            "northwind-health",
            ("at-risk", [1, 1, 1, 1, 1, 1, 1, 1, 2, 0, 0]),
        ),
        (
            "cobalt-retail",
            ("watch", [0, 1, 1, 0, 1, 0, 1, 1, 2, 0, 0]),
        ),
        (
            "quiet-meadow-trust",
            ("ok", [0, 0, 0, 0, 0, 0, 0, 2, 4, 0, 0]),
        ),
        (
            "kestrel-precision-components",
            ("at-risk", [0, 1, 1, 2, 1, 4, 1, 1, 3, 0, 1]),
        ),
        (
            "eastbrook-university",
            ("watch", [0, 1, 2, 0, 1, 0, 2, 1, 3, 1, 0]),
        ),
        (
            "lumenway-software",
            ("at-risk", [0, 2, 1, 2, 1, 1, 1, 2, 4, 0, 0]),
        ),
    ]);
    let mut seen = [0usize; 11];
    for path in samples() {
        let stem = path
            .file_stem()
            .and_then(|s| s.to_str())
            .unwrap_or_default()
            .to_string();
        let loaded = load_map(&path).unwrap_or_else(|e| panic!("{e}"));
        let analysis = Analysis::of(&loaded.map, today, &Thresholds::default());
        let mut counts = [0usize; 11];
        for f in analysis.findings() {
            let k = FindingKind::ALL
                .iter()
                .position(|k| *k == f.kind)
                .expect("known kind");
            counts[k] += 1;
            seen[k] += 1;
        }
        if let Some((status, want)) = expected.get(stem.as_str()) {
            assert_eq!(analysis.status.code(), *status, "{stem}");
            assert_eq!(&counts, want, "{stem}");
        }
    }
    for (kind, n) in FindingKind::ALL.iter().zip(seen) {
        assert!(n > 0, "no sample shows {kind}");
    }
}
