//! The layers of docs/architecture.md, checked on the source: each layer
//! imports only the layers it may, and only the app's layer knows ratatui.
//! A `use` that breaks a rule fails here with the file and line.

use std::fs;
use std::path::{Path, PathBuf};

/// Every layer of the crate and the crate modules its code may name.
/// Test code (`synth`, the generator of sample maps) is allowed anywhere
/// under `#[cfg(test)]`, so it is checked only outside test modules.
const LAYERS: &[(&str, &[&str])] = &[
    ("model", &[]),
    ("analysis", &["model"]),
    ("storage", &["model", "analysis"]),
    ("config.rs", &["model", "analysis", "storage"]),
    ("edit", &["model", "analysis", "storage"]),
    ("export", &["model", "analysis", "storage"]),
    ("synth.rs", &["model", "analysis", "storage"]),
];

const MODULES: &[&str] = &[
    "model", "analysis", "storage", "config", "edit", "export", "synth", "cli", "tui",
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
