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

/// With colour on, the only escape sequences are the colours themselves:
/// a hostile client, stage or file name shows as `␛`, never as an escape
/// (cli_hostile_output scans every command without colour).
#[test]
fn colour_output_adds_no_escape_from_the_map_or_the_file_name() {
    let payload = "\u{1b}]0;pwned\u{7}\u{1b}[31m\r\u{7}";
    let sb = Sandbox::new();
    let map = map_with(
        &format!("Acme {payload}"),
        vec![
            ok_stage("rapport", &format!("Rapport {payload}")),
            journeymap::model::Stage::new("closing", &format!("Closing {payload}")),
        ],
    );
    sb.write_map(&format!("{payload}acme.ron"), &map);
    let coloured = check_in_pty(&sb, false, &[]);
    assert!(coloured.contains("\x1b[1;31m"), "coloured: {coloured:?}");
    let mut rest = coloured.replace("\r\n", "\n");
    for code in [
        "\x1b[1;31m",
        "\x1b[33m",
        "\x1b[32m",
        "\x1b[36m",
        "\x1b[1m",
        "\x1b[2m",
        "\x1b[0m",
    ] {
        rest = rest.replace(code, "");
    }
    // rexpect reads bytes as Latin-1, so only ASCII controls are checked
    // here: what is left of the payload must be none.
    assert!(
        !rest.chars().any(|c| c < ' ' && c != '\n'),
        "raw control in {rest:?}"
    );
    assert!(rest.contains("pwned"), "the names are shown: {rest:?}");
}
