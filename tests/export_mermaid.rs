//! The exported journey diagrams read by the real Mermaid parser (through
//! `tools/mermaid-check.mjs`): every block parses, and Mermaid finds the
//! title, sections, tasks, scores and actors the map says it should.
//!
//! Needs node and Mermaid installed by `.ci/mermaid-check` (in
//! `$MERMAID_CHECK_DIR`, default `~/.cache/journeymap-mermaid`). Without
//! them the test says SKIPPED and passes, unless
//! `JOURNEYMAP_REQUIRE_MERMAID=1`, when it fails.

mod export_common;

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use export_common::*;
use journeymap::export::{self, mermaid};
use journeymap::model::Map;
use journeymap::storage::load_map;
use serde_json::Value;

fn mermaid_dir() -> PathBuf {
    if let Some(dir) = std::env::var_os("MERMAID_CHECK_DIR") {
        return PathBuf::from(dir);
    }
    let cache = std::env::var_os("XDG_CACHE_HOME")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".cache")))
        .unwrap_or_else(|| PathBuf::from(".cache"));
    cache.join("journeymap-mermaid")
}

/// Why the check cannot run here, if it cannot.
fn missing_tool() -> Option<String> {
    let node = Command::new("node").arg("--version").output();
    if !node.is_ok_and(|o| o.status.success()) {
        return Some("node is not installed".into());
    }
    let dir = mermaid_dir();
    for module in ["mermaid", "jsdom"] {
        if !dir
            .join("node_modules")
            .join(module)
            .join("package.json")
            .exists()
        {
            return Some(format!(
                "{module} is not installed in {} (run .ci/mermaid-check)",
                dir.display()
            ));
        }
    }
    None
}

/// What Mermaid should find in a map's diagram.
fn expected(map: &Map) -> Value {
    let title = if map.title.trim().is_empty() {
        &map.client.name
    } else {
        &map.title
    };
    let mut tasks = Vec::new();
    for stage in &map.stages {
        for task in mermaid::stage_tasks(stage, today()) {
            tasks.push(serde_json::json!({
                "section": rendered_in_diagram(&stage.name),
                "task": rendered_in_diagram(&task.name),
                "score": task.score,
                "people": task.actors.iter().map(|a| rendered_in_diagram(a)).collect::<Vec<_>>(),
            }));
        }
    }
    serde_json::json!({
        "title": rendered_in_diagram(title),
        "sections": map.stages.iter().map(|s| rendered_in_diagram(&s.name)).collect::<Vec<_>>(),
        "tasks": tasks,
    })
}

fn write_doc(dir: &Path, name: &str, map: &Map) -> PathBuf {
    let path = dir.join(format!("{name}.md"));
    fs::write(&path, export::export_map(map, &analyse(map), today())).expect("write");
    path
}

#[test]
fn mermaid_parses_every_diagram_as_the_map_says() {
    if let Some(why) = missing_tool() {
        if std::env::var_os("JOURNEYMAP_REQUIRE_MERMAID").is_some_and(|v| v == "1") {
            panic!("the Mermaid check is required but cannot run: {why}");
        }
        eprintln!("SKIPPED mermaid_parses_every_diagram_as_the_map_says: {why}");
        return;
    }
    let dir = tempfile::tempdir().expect("tempdir");
    let mut cases: Vec<(PathBuf, Map)> = Vec::new();
    for path in sample_maps() {
        let map = load_map(&path).unwrap_or_else(|e| panic!("{e}")).map;
        let name = path
            .file_stem()
            .expect("stem")
            .to_string_lossy()
            .into_owned();
        cases.push((write_doc(dir.path(), &name, &map), map));
    }
    for (name, map) in [("clean", clean_map()), ("hostile", hostile_map())] {
        cases.push((write_doc(dir.path(), name, &map), map));
    }
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tools/mermaid-check.mjs");
    let output = Command::new("node")
        .arg(&script)
        .arg("--json")
        .args(cases.iter().map(|(p, _)| p))
        .env("MERMAID_CHECK_DIR", mermaid_dir())
        .output()
        .expect("run node");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "mermaid-check failed:\n{stderr}");
    let report: Value = serde_json::from_slice(&output.stdout).expect("JSON from mermaid-check");
    let blocks = report["blocks"].as_array().expect("blocks");
    assert_eq!(blocks.len(), cases.len(), "one diagram per document");
    for ((path, map), block) in cases.iter().zip(blocks) {
        assert_eq!(block["file"].as_str(), path.to_str());
        assert_eq!(block["type"], "journey");
        let got = serde_json::json!({
            "title": block["title"],
            "sections": block["sections"],
            "tasks": block["tasks"],
        });
        assert_eq!(got, expected(map), "{}", path.display());
    }
    eprintln!(
        "mermaid {} parsed {} diagrams as expected",
        report["mermaid"],
        blocks.len()
    );
}
