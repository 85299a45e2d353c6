//! The layers of docs/architecture.md, checked on the source: each layer
//! imports only the layers it may, and only the app's layer knows ratatui.
//! A `use` that breaks a rule fails here with the file and line.

use std::fs;
use std::path::{Path, PathBuf};

/// Every layer of the crate and the crate modules its code may name.
/// Test code (`synth`, the generator of sample maps) is allowed anywhere
/// under `#[cfg(test)]`, so it is checked only outside test modules.
const LAYERS: &[(&str, &[&str])] = &[
    ("text", &[]),
    ("model", &["text"]),
    ("analysis", &["model"]),
    ("storage", &["model", "analysis", "text"]),
    ("config.rs", &["model", "analysis", "storage", "text"]),
    ("edit", &["model", "analysis", "storage", "text"]),
    ("export", &["model", "analysis", "storage", "text"]),
    ("git", &["model", "analysis", "storage", "text"]),
    ("synth.rs", &["model", "analysis", "storage"]),
    ("synth", &["model", "analysis", "storage"]),
];

const MODULES: &[&str] = &[
    "model", "analysis", "storage", "config", "edit", "export", "synth", "cli", "tui", "text",
    "git",
];

fn rust_files(path: &Path, out: &mut Vec<PathBuf>) {
    if path.is_file() {
        out.push(path.to_path_buf());
        return;
    }
    let mut entries: Vec<_> = fs::read_dir(path)
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()))
        .filter_map(Result::ok)
        .map(|e| e.path())
        .collect();
    entries.sort();
    for entry in entries {
        if entry.is_dir() || entry.extension().is_some_and(|e| e == "rs") {
            rust_files(&entry, out);
        }
    }
}

/// The lines of a file outside its `#[cfg(test)]` module and comments,
/// numbered from 1. Test modules sit at the end of a file here, so
/// everything after the first `#[cfg(test)]` is test code.
fn code_lines(text: &str) -> Vec<(usize, &str)> {
    text.lines()
        .enumerate()
        .take_while(|(_, line)| line.trim() != "#[cfg(test)]")
        .map(|(i, line)| (i + 1, line.trim()))
        .filter(|(_, line)| !line.starts_with("//"))
        .collect()
}

/// The crate modules a line names as `crate::NAME`.
fn named_modules(line: &str) -> Vec<&'static str> {
    MODULES
        .iter()
        .filter(|m| {
            line.match_indices("crate::").any(|(at, _)| {
                let rest = &line[at + "crate::".len()..];
                rest.strip_prefix(**m).is_some_and(|after| {
                    !after.starts_with(|c: char| c.is_alphanumeric() || c == '_')
                })
            })
        })
        .copied()
        .collect()
}

#[test]
fn each_layer_imports_only_the_layers_below_it() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut broken = Vec::new();
    for (layer, allowed) in LAYERS {
        let own = layer.trim_end_matches(".rs");
        let mut files = Vec::new();
        rust_files(&src.join(layer), &mut files);
        assert!(!files.is_empty(), "no source for layer {layer}");
        for file in files {
            // Test modules kept in files of their own (`tests.rs`,
            // `serde_subset_tests.rs`) are test code throughout.
            if file.to_string_lossy().ends_with("tests.rs") {
                continue;
            }
            let text = fs::read_to_string(&file).unwrap();
            for (number, line) in code_lines(&text) {
                if line.contains("ratatui") {
                    broken.push(format!(
                        "{}:{number}: names ratatui: {line}",
                        file.display()
                    ));
                }
                for module in named_modules(line) {
                    if module != own && !allowed.contains(&module) {
                        broken.push(format!(
                            "{}:{number}: layer {own} may not use crate::{module}: {line}",
                            file.display()
                        ));
                    }
                }
            }
        }
    }
    assert!(
        broken.is_empty(),
        "layer rules broken:\n{}",
        broken.join("\n")
    );
}

#[test]
fn the_checker_sees_a_forbidden_import() {
    // The rule above is only worth something if it can fail.
    let text = "use crate::model::Map;\nuse crate::tui::App;\n#[cfg(test)]\nuse crate::synth;\n";
    let lines = code_lines(text);
    assert_eq!(lines.len(), 2);
    assert_eq!(named_modules(lines[1].1), vec!["tui"]);
    assert_eq!(named_modules("use crate::models::X;"), Vec::<&str>::new());
}

/// The app's own modules (`src/tui/NAME.rs` or `src/tui/NAME/`), each with
/// the other ones its code names, through `crate::tui::NAME` or `super::`.
fn tui_module_graph() -> std::collections::BTreeMap<String, std::collections::BTreeSet<String>> {
    let tui = Path::new(env!("CARGO_MANIFEST_DIR")).join("src/tui");
    let mut files = Vec::new();
    rust_files(&tui, &mut files);
    let mut graph = std::collections::BTreeMap::new();
    for file in files {
        let rel = file.strip_prefix(&tui).unwrap();
        let parts: Vec<String> = rel
            .iter()
            .map(|p| p.to_string_lossy().trim_end_matches(".rs").to_string())
            .collect();
        if parts == ["mod"] {
            continue;
        }
        let own = parts[0].clone();
        // How many `super::` lead from this file up to `tui`.
        let depth = match parts.last().map(String::as_str) {
            Some("mod") => parts.len() - 1,
            _ => parts.len(),
        };
        let text = fs::read_to_string(&file).unwrap();
        let deps: &mut std::collections::BTreeSet<String> = graph.entry(own.clone()).or_default();
        for (_, line) in code_lines(&text) {
            for (at, _) in line.match_indices("crate::tui::") {
                deps.insert(module_name(&line[at + "crate::tui::".len()..]));
            }
            let up = "super::".repeat(depth);
            for (at, _) in line.match_indices(up.as_str()) {
                let before = &line[..at];
                if !before.ends_with("super::") {
                    deps.insert(module_name(&line[at + up.len()..]));
                }
            }
        }
        deps.remove(&own);
        deps.remove("");
    }
    graph
}

fn module_name(rest: &str) -> String {
    rest.chars()
        .take_while(|c| c.is_alphanumeric() || *c == '_')
        .collect()
}

/// A cycle in the graph, as the names along it, if there is one.
fn find_cycle(
    graph: &std::collections::BTreeMap<String, std::collections::BTreeSet<String>>,
) -> Option<Vec<String>> {
    fn visit(
        node: &str,
        graph: &std::collections::BTreeMap<String, std::collections::BTreeSet<String>>,
        path: &mut Vec<String>,
        done: &mut std::collections::BTreeSet<String>,
    ) -> Option<Vec<String>> {
        if let Some(start) = path.iter().position(|n| n == node) {
            let mut cycle = path[start..].to_vec();
            cycle.push(node.to_string());
            return Some(cycle);
        }
        if !done.insert(node.to_string()) {
            return None;
        }
        path.push(node.to_string());
        for next in graph.get(node).into_iter().flatten() {
            if let Some(cycle) = visit(next, graph, path, done) {
                return Some(cycle);
            }
        }
        path.pop();
        None
    }
    let mut done = std::collections::BTreeSet::new();
    graph
        .keys()
        .find_map(|node| visit(node, graph, &mut Vec::new(), &mut done))
}

#[test]
fn the_apps_modules_import_each_other_without_cycles() {
    let graph = tui_module_graph();
    assert!(graph.contains_key("app") && graph["app"].contains("component"));
    if let Some(cycle) = find_cycle(&graph) {
        panic!(
            "tui modules import each other in a loop: {}",
            cycle.join(" -> ")
        );
    }
}

#[test]
fn the_cycle_finder_finds_a_cycle() {
    let graph = [("a", "b"), ("b", "c"), ("c", "a"), ("d", "a")]
        .into_iter()
        .fold(std::collections::BTreeMap::new(), |mut g, (from, to)| {
            g.entry(from.to_string())
                .or_insert_with(std::collections::BTreeSet::new)
                .insert(to.to_string());
            g
        });
    assert_eq!(
        find_cycle(&graph),
        Some(vec!["a".into(), "b".into(), "c".into(), "a".into()])
    );
}
