//! Colour in a real terminal: `check` colours its output on a terminal, and
//! NO_COLOR or --no-color turn that off (pipes are covered in cli_check).

mod common;

use common::cli::*;

/// Runs `check` on an at-risk map in a pseudo-terminal; returns the output.
fn check_in_pty(sb: &Sandbox, no_color_env: bool, extra: &[&str]) -> String {
    let mut cmd = sb.std_cmd();
    cmd.args(["check", "--today", TODAY]).args(extra);
    if no_color_env {
        cmd.env("NO_COLOR", "1");
    }
    let mut session = rexpect::session::spawn_command(cmd, Some(10_000)).expect("spawn in pty");
    session.exp_eof().expect("output until exit")
}

#[test]
fn a_terminal_gets_colour_unless_no_color_is_asked_for() {
    let sb = Sandbox::new();
    sb.write_map("acme.ron", &at_risk_map("Acme Corp"));

    let coloured = check_in_pty(&sb, false, &[]);
    // rexpect reads bytes one by one as Latin-1, so the glyph is mangled;
    // the escape codes and the word are not.
    assert!(coloured.contains("\x1b[1;31m"), "{coloured:?}");
    assert!(coloured.contains(" AT RISK\x1b[0m"), "{coloured:?}");

    for plain in [
        check_in_pty(&sb, true, &[]),
        check_in_pty(&sb, false, &["--no-color"]),
    ] {
        assert!(plain.contains(" AT RISK\r\n"), "{plain:?}");
        assert!(!plain.contains('\x1b'), "{plain:?}");
    }
}
