//! Whether the git repository maps live in asks for journeymap's merge
//! driver (in `.gitattributes`, which travels with a clone) without having
//! it set up (in git's config, which does not): then merges of maps fall
//! back to git's line merge, and `journeymap check` and the app say so in
//! one line (`docs/teamwork.md`).
//!
//! This is read from the files themselves, without running git, so that
//! it costs a few small reads per run however many maps there are. Where
//! git's config pulls in other files (`[include]`, `[includeIf]`) or is
//! given on git's command line, this cannot tell, and gives no hint: a
//! missing hint is better than a false one.

use std::collections::HashSet;
use std::fs;
use std::path::{Path, PathBuf};

use crate::text::safe;

/// The line `journeymap git setup` adds to `.gitattributes`.
pub const ATTRIBUTES_LINE: &str = "*.ron merge=journeymap diff=journeymap";

/// What a `.gitattributes` line asks of journeymap: its merge driver, its
/// textconv, both or neither.
pub fn attribute_names(line: &str) -> (bool, bool) {
    let line = line.trim();
    if line.starts_with('#') {
        return (false, false);
    }
    let (mut merge, mut diff) = (false, false);
    // The first word is the pattern: which files does not matter here.
    for word in line.split_whitespace().skip(1) {
        merge |= word == "merge=journeymap";
        diff |= word == "diff=journeymap";
    }
    (merge, diff)
}

/// The hint for the maps at `paths` (files or folders), once: the first
/// repository among them that asks for the driver without having it.
pub fn setup_hint<'a>(paths: impl IntoIterator<Item = &'a Path>) -> Option<String> {
    let mut seen = HashSet::new();
    for path in paths {
        let dir = if path.is_dir() {
            path.to_path_buf()
        } else {
            match path.parent() {
                Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
                _ => PathBuf::from("."),
            }
        };
        if !seen.insert(dir.clone()) {
            continue;
        }
        if let Some(hint) = hint_for_dir(&dir) {
            return Some(hint);
        }
    }
    None
}

fn hint_for_dir(dir: &Path) -> Option<String> {
    let dir = fs::canonicalize(dir).ok()?;
    let mut wants_merge = false;
    let mut wants_diff = false;
    let mut top = None;
    for d in dir.ancestors() {
        if let Ok(text) = fs::read_to_string(d.join(".gitattributes")) {
            for line in text.lines() {
                let (m, t) = attribute_names(line);
                wants_merge |= m;
                wants_diff |= t;
            }
        }
        if d.join(".git").exists() {
            top = Some(d.to_path_buf());
            break;
        }
    }
    let top = top?;
    if !wants_merge && !wants_diff {
        return None;
    }
    let has = configured(&top)?;
    let mut missing = Vec::new();
    if wants_merge && !has.driver {
        missing.push("its merge driver");
    }
    if wants_diff && !has.textconv {
        missing.push("its readable diffs");
    }
    if missing.is_empty() {
        return None;
    }
    // The action first: the app's status line may cut the rest.
    Some(format!(
        "hint: run `journeymap git setup` in {}: its .gitattributes asks for journeymap's {}, which git here lacks",
        safe::path(&top),
        missing.join(" and "),
    ))
}

/// What git's config files set, as far as this module reads them.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
struct Configured {
    driver: bool,
    textconv: bool,
}

/// `None` when the config cannot be known without git (includes, `git
/// -c`).
fn configured(top: &Path) -> Option<Configured> {
    if std::env::var_os("GIT_CONFIG_PARAMETERS").is_some()
        || std::env::var_os("GIT_CONFIG_COUNT").is_some()
        || std::env::var_os("GIT_DIR").is_some()
    {
        return None;
    }
    let mut has = Configured::default();
    for file in config_files(top) {
        let Ok(text) = fs::read_to_string(&file) else {
            continue;
        };
        read_config(&text, &mut has)?;
    }
    Some(has)
}

/// The config files git reads for the repository at `top`: the system's,
/// the user's, the repository's (and a worktree's own).
fn config_files(top: &Path) -> Vec<PathBuf> {
    let mut files = Vec::new();
    if std::env::var_os("GIT_CONFIG_NOSYSTEM").is_none() {
        files.push(
            std::env::var_os("GIT_CONFIG_SYSTEM")
                .map(PathBuf::from)
                .unwrap_or_else(|| PathBuf::from("/etc/gitconfig")),
        );
    }
    if let Some(global) = std::env::var_os("GIT_CONFIG_GLOBAL") {
        files.push(PathBuf::from(global));
    } else {
        let home = std::env::var_os("HOME").map(PathBuf::from);
        let xdg = std::env::var_os("XDG_CONFIG_HOME")
            .map(PathBuf::from)
            .or_else(|| home.as_ref().map(|h| h.join(".config")));
        files.extend(xdg.map(|x| x.join("git").join("config")));
        files.extend(home.map(|h| h.join(".gitconfig")));
    }
    let git = top.join(".git");
    let git_dir = if git.is_dir() {
        git
    } else {
        // A worktree or submodule: `.git` is a file naming the git folder.
        let Some(dir) = fs::read_to_string(&git).ok().and_then(|text| {
            text.lines()
                .find_map(|l| l.strip_prefix("gitdir:"))
                .map(|d| top.join(d.trim()))
        }) else {
            return files;
        };
        dir
    };
    let common = fs::read_to_string(git_dir.join("commondir"))
        .map(|c| git_dir.join(c.trim()))
        .unwrap_or_else(|_| git_dir.clone());
    files.push(common.join("config"));
    files.push(git_dir.join("config.worktree"));
    files
}

/// Notes in `has` the keys `text` sets; `None` when it includes other
/// files, which would need git to follow.
fn read_config(text: &str, has: &mut Configured) -> Option<()> {
    let mut section = String::new();
    for line in text.lines() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') || line.starts_with(';') {
            continue;
        }
        let rest = if let Some(header) = line.strip_prefix('[') {
            let (header, rest) = header.split_once(']')?;
            section = section_name(header);
            if section == "include" || section.starts_with("includeif") {
                return None;
            }
            rest.trim()
        } else {
            line
        };
        if rest.is_empty() || rest.starts_with('#') || rest.starts_with(';') {
            continue;
        }
        let (key, value) = rest.split_once('=').unwrap_or((rest, ""));
        let key = key.trim().to_ascii_lowercase();
        let set = !value.trim().is_empty();
        match (section.as_str(), key.as_str()) {
            ("merge.journeymap", "driver") => has.driver = set,
            ("diff.journeymap", "textconv") => has.textconv = set,
            _ => {}
        }
    }
    Some(())
}

/// `merge "journeymap"` → `merge.journeymap`: the section lowercased, the
/// subsection as written (git's rule); the old `merge.journeymap` form
/// lowercased whole.
fn section_name(header: &str) -> String {
    match header.split_once('"') {
        Some((name, sub)) => format!(
            "{}.{}",
            name.trim().to_ascii_lowercase(),
            sub.trim_end().trim_end_matches('"')
        ),
        None => header.trim().to_ascii_lowercase(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn attribute_lines() {
        assert_eq!(attribute_names(ATTRIBUTES_LINE), (true, true));
        assert_eq!(
            attribute_names("maps/*.ron   merge=journeymap"),
            (true, false)
        );
        assert_eq!(attribute_names("# *.ron merge=journeymap"), (false, false));
        assert_eq!(attribute_names("*.ron diff"), (false, false));
    }

    #[test]
    fn config_sections_and_keys() {
        let mut has = Configured::default();
        read_config(
            "[core]\n\tbare = false\n[merge \"journeymap\"]\n\tname = x\n\tDriver = journeymap merge-driver %O %A %B %L %P\n",
            &mut has,
        );
        assert_eq!(
            has,
            Configured {
                driver: true,
                textconv: false
            }
        );
        read_config(
            "[diff.journeymap] textconv = journeymap textconv\n",
            &mut has,
        );
        assert!(has.textconv);
        // Another subsection, or another case of it, is another driver.
        let mut other = Configured::default();
        read_config("[merge \"JourneyMap\"]\ndriver = x\n", &mut other);
        assert!(!other.driver);
        assert_eq!(read_config("[include]\npath = more\n", &mut other), None);
        assert_eq!(
            read_config("[includeIf \"gitdir:~/w/\"]\npath = more\n", &mut other),
            None
        );
    }
}
