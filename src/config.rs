//! The user's settings, `config.ron` in the platform config folder (or the
//! file given with `--config`). Every field may be left out.

use std::collections::BTreeMap;
use std::io;
use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::analysis::Thresholds;
use crate::model::{FieldPath, PathSeg};
use crate::storage::regular_file::read_regular_file;
use crate::storage::ron_text::{TextPos, locate};
use crate::text::safe;

/// A config is a few lines; a file this large is not one.
const MAX_CONFIG_BYTES: u64 = 1024 * 1024;

#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Config {
    /// Limits of the finding rules.
    pub thresholds: Thresholds,
    /// The name written on review notes and locks (else `$USER`).
    pub name: Option<String>,
    /// Key binding overrides: action name to keys, e.g.
    /// `{"save": ["ctrl-s", "ctrl-w"]}`. Checked by the TUI at start.
    pub keys: BTreeMap<String, Vec<String>>,
}

impl Config {
    /// Reads the config. A missing default file means defaults; a missing
    /// file named with `--config` is an error, as is any invalid file,
    /// with `path:line:col`.
    pub fn load(explicit: Option<&Path>) -> anyhow::Result<(Config, PathBuf)> {
        let path = explicit
            .map(Path::to_path_buf)
            .unwrap_or_else(crate::storage::folders::config_file);
        match read_regular_file(&path, MAX_CONFIG_BYTES) {
            Ok((_, bytes)) => {
                let text = String::from_utf8(bytes).map_err(|e| {
                    anyhow::anyhow!(
                        "{}: the config is not UTF-8 text (byte {})",
                        safe::path(&path),
                        e.utf8_error().valid_up_to() + 1
                    )
                })?;
                // `parse` gives one `line:col: message` per problem; each
                // line gets the path, so every one names the file.
                let config = Self::parse(&text).map_err(|e| {
                    let lines: Vec<String> = e
                        .lines()
                        .map(|line| format!("{}:{line}", safe::path(&path)))
                        .collect();
                    anyhow::anyhow!("{}", lines.join("\n"))
                })?;
                Ok((config, path))
            }
            Err(e) if e.kind() == io::ErrorKind::NotFound && explicit.is_none() => {
                Ok((Config::default(), path))
            }
            Err(e) => anyhow::bail!(
                "{}: cannot read the config: {}",
                safe::path(&path),
                crate::storage::io_words(&e)
            ),
        }
    }

    /// Parses config text; the error reads `line:col: message`, one line
    /// per problem.
    pub fn parse(text: &str) -> Result<Config, String> {
        let config: Config = ron::from_str(text)
            .map_err(|e| format!("{}:{}: {}", e.span.start.line, e.span.start.col, e.code))?;
        // One line per threshold out of its range, in the same `line:col: `
        // shape as ron's errors, so `load` can put the path in front.
        let problems: Vec<String> = config
            .thresholds
            .out_of_range()
            .into_iter()
            .map(|(field, value, range)| {
                let path = FieldPath(vec![PathSeg::Field("thresholds"), PathSeg::Field(field)]);
                let pos = locate(text, &path).unwrap_or(TextPos { line: 1, col: 1 });
                format!(
                    "{}:{}: thresholds.{field}: {value} is outside the allowed range {}..={}",
                    pos.line,
                    pos.col,
                    range.start(),
                    range.end()
                )
            })
            .collect();
        if problems.is_empty() {
            Ok(config)
        } else {
            Err(problems.join("\n"))
        }
    }
}
