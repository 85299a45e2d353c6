//! Running the user's editor on a file, with the terminal handed over:
//! `$VISUAL`, else `$EDITOR`, else `vi`, split on spaces so that
//! `EDITOR="code --wait"` works (the file is the last argument).

use std::ffi::OsString;
use std::path::Path;
use std::process::Command;

/// The editor's command and its arguments, from the environment.
pub fn editor_command(visual: Option<OsString>, editor: Option<OsString>) -> Vec<String> {
    let chosen = [visual, editor]
        .into_iter()
        .flatten()
        .map(|v| v.to_string_lossy().trim().to_string())
        .find(|v| !v.is_empty())
        .unwrap_or_else(|| "vi".to_string());
    chosen.split_whitespace().map(str::to_string).collect()
}

/// Runs the editor on `path` and waits for it; `Err` says in words why it
/// could not be run or that it failed.
pub fn run(path: &Path) -> Result<(), String> {
    let command = editor_command(std::env::var_os("VISUAL"), std::env::var_os("EDITOR"));
    let Some((program, args)) = command.split_first() else {
        return Err("no editor: set $EDITOR".into());
    };
    match Command::new(program).args(args).arg(path).status() {
        Ok(status) if status.success() => Ok(()),
        Ok(status) => Err(format!("the editor `{program}` ended with {status}")),
        Err(e) => Err(format!(
            "the editor `{program}` could not be started ({}); set $EDITOR",
            crate::storage::io_words(&e)
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn visual_then_editor_then_vi_with_arguments_split() {
        let os = |s: &str| Some(OsString::from(s));
        assert_eq!(
            editor_command(os("code --wait"), os("nano")),
            ["code", "--wait"]
        );
        assert_eq!(editor_command(os("  "), os("nano")), ["nano"]);
        assert_eq!(editor_command(None, None), ["vi"]);
    }
}
