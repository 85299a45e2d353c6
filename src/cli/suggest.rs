//! "Did you mean `check`?" for a mistyped command. clap suggests only
//! among subcommands, but the app's optional PATH takes any word first
//! (`journeymap chek` reads as a path): a word that names no file and is a
//! near miss of a command is caught here instead.

use std::path::Path;

use clap::CommandFactory;

use super::Cli;

/// The command `path` was probably meant to be: `path` names nothing on
/// disk, is one plain word, and is at most an edit or two away from a
/// command's name (one for words of up to four letters).
pub fn mistyped_command(path: &Path) -> Option<String> {
    let word = path.to_str()?;
    if path.exists()
        || word.is_empty()
        || !word.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
    {
        return None;
    }
    let word = word.to_ascii_lowercase();
    let limit = if word.len() <= 4 { 1 } else { 2 };
    Cli::command()
        .get_subcommands()
        .map(|c| c.get_name().to_string())
        .map(|name| (edit_distance(&word, &name), name))
        .filter(|(d, _)| *d <= limit)
        .min()
        .map(|(_, name)| name)
}

/// Levenshtein distance, with a swap of two neighbours counting as one
/// edit (`chekc` is one slip from `check`).
fn edit_distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let mut d = vec![vec![0usize; b.len() + 1]; a.len() + 1];
    for (i, row) in d.iter_mut().enumerate() {
        row[0] = i;
    }
    d[0] = (0..=b.len()).collect();
    for i in 1..=a.len() {
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut best = (d[i - 1][j] + 1)
                .min(d[i][j - 1] + 1)
                .min(d[i - 1][j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                best = best.min(d[i - 2][j - 2] + 1);
            }
            d[i][j] = best;
        }
    }
    d[a.len()][b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn near_misses_of_commands_are_caught() {
        let dir = tempfile::tempdir().unwrap();
        let missing = |w: &str| dir.path().join(w);
        // Relative words, as typed: looked up in the current folder.
        assert_eq!(
            mistyped_command(Path::new("chek")).as_deref(),
            Some("check")
        );
        assert_eq!(
            mistyped_command(Path::new("chekc")).as_deref(),
            Some("check")
        );
        assert_eq!(
            mistyped_command(Path::new("exprot")).as_deref(),
            Some("export")
        );
        assert_eq!(
            mistyped_command(Path::new("agnda")).as_deref(),
            Some("agenda")
        );
        // Not near anything, or not a plain word: left to the app.
        assert_eq!(mistyped_command(Path::new("zzzz")), None);
        assert_eq!(mistyped_command(&missing("chek")), None);
        assert_eq!(mistyped_command(Path::new("chek.ron")), None);
    }

    #[test]
    fn an_existing_file_is_never_a_typo() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("chek");
        std::fs::write(&file, "").unwrap();
        assert_eq!(mistyped_command(&file), None);
    }
}
