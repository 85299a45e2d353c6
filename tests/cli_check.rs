//! `journeymap check` through the real binary: exit codes, text and JSON.

mod common;

use common::cli::*;
use predicates::prelude::*;
use serde_json::Value;

#[test]
fn all_ok_exits_0_and_says_ok_in_words() {
    let sb = Sandbox::new();
    sb.write_map("acme.ron", &ok_map("Acme Corp"));
    sb.cmd()
        .args(["check", "--today", TODAY])
        .assert()
        .code(0)
        .stdout(predicate::str::contains("Acme Corp  ○ OK"))
        .stdout(predicate::str::contains("Building rapport  ○ OK"))
        .stdout(predicate::str::contains(
            "1 map checked on 2026-11-23: 0 at risk, 0 watch, 1 ok; 0 findings",
        ));
}

#[test]
fn a_critical_finding_exits_1_by_default_and_is_listed_under_its_stage() {
    let sb = Sandbox::new();
    sb.write_map("acme.ron", &at_risk_map("Acme Corp"));
    sb.cmd()
        .args(["check", "--today", TODAY])
        .assert()
        .code(1)
        .stdout(predicate::str::contains("Acme Corp  ● AT RISK"))
        .stdout(predicate::str::contains(
            "  Closing           ● AT RISK\n      critical  no feedback gathered from the client yet\n",
        ));
}

#[test]
fn fail_on_never_exits_0_despite_critical_findings() {
    let sb = Sandbox::new();
    sb.write_map("acme.ron", &at_risk_map("Acme Corp"));
    sb.cmd()
        .args(["check", "--today", TODAY, "--fail-on", "never"])
        .assert()
        .code(0)
        .stdout(predicate::str::contains("● AT RISK"));
}

#[test]
fn warnings_fail_only_from_fail_on_warning() {
    let sb = Sandbox::new();
    sb.write_map("acme.ron", &watch_map("Acme Corp"));
    sb.cmd()
        .args(["check", "--today", TODAY])
        .assert()
        .code(0)
        .stdout(predicate::str::contains("Acme Corp  ◐ WATCH"))
        .stdout(predicate::str::contains("warning   no personal feedback"));
    sb.cmd()
        .args(["check", "--today", TODAY, "--fail-on", "warning"])
        .assert()
        .code(1);
}

#[test]
fn info_findings_fail_only_from_fail_on_info() {
    let sb = Sandbox::new();
    sb.write_map("acme.ron", &info_map("Acme Corp"));
    for (fail_on, code) in [("critical", 0), ("warning", 0), ("info", 1)] {
        sb.cmd()
            .args(["check", "--today", TODAY, "--fail-on", fail_on])
            .assert()
            .code(code)
            .stdout(predicate::str::contains(
                "info      \"They like the new portal\"",
            ));
    }
}

#[test]
fn today_decides_what_is_stale() {
    let sb = Sandbox::new();
    sb.write_map("acme.ron", &ok_map("Acme Corp"));
    // The feedback is from 2026-11-01: 90 days later it is not yet stale.
    sb.cmd()
        .args(["check", "--today", "2027-01-30", "--fail-on", "warning"])
        .assert()
        .code(0);
    sb.cmd()
        .args(["check", "--today", "2027-01-31", "--fail-on", "warning"])
        .assert()
        .code(1)
        .stdout(predicate::str::contains("newest feedback is 91 days old"));
}

#[test]
fn thresholds_come_from_the_config_file() {
    let sb = Sandbox::with_config("(thresholds: (stale_after_days: 10))");
    sb.write_map("acme.ron", &ok_map("Acme Corp"));
    sb.cmd()
        .args(["check", "--today", TODAY, "--fail-on", "warning"])
        .assert()
        .code(1)
        .stdout(predicate::str::contains("newest feedback is 22 days old"));
}

#[test]
fn a_broken_file_exits_2_and_the_good_maps_are_still_reported() {
    let sb = Sandbox::new();
    sb.write_map("a.ron", &ok_map("Alpha"));
    sb.write("b.ron", INVALID);
    sb.write_map("c.ron", &watch_map("Gamma"));
    sb.cmd()
        .args(["check", "--today", TODAY, "--fail-on", "never"])
        .assert()
        .code(2)
        .stdout(predicate::str::contains("Alpha  ○ OK"))
        .stdout(predicate::str::contains("Gamma  ◐ WATCH"))
        .stdout(predicate::str::contains("2 maps checked"))
        .stdout(predicate::str::contains("1 path could not be checked"))
        .stderr(predicate::str::is_match(r"b\.ron:9:\d+: .*score 9").unwrap());
}

#[test]
fn a_named_path_that_does_not_exist_exits_2_naming_it() {
    let sb = Sandbox::new();
    let good = sb.write_map("a.ron", &ok_map("Alpha"));
    sb.cmd()
        .args(["check", "--today", TODAY])
        .arg(&good)
        .arg("no-such-map.ron")
        .assert()
        .code(2)
        .stdout(predicate::str::contains("Alpha  ○ OK"))
        .stderr(predicate::str::contains(
            "no-such-map.ron: no such file or folder",
        ));
}

#[test]
fn maps_come_in_the_order_given_and_folders_sorted_by_name() {
    let sb = Sandbox::new();
    sb.write_map("b.ron", &ok_map("Bravo"));
    sb.write_map("a.ron", &ok_map("Alpha"));
    let other = sb.path().join("z.ron");
    std::fs::write(
        &other,
        journeymap::storage::to_canonical(&ok_map("Zulu")).unwrap(),
    )
    .unwrap();
    let out = sb
        .cmd()
        .args(["check", "--today", TODAY, "z.ron", "maps"])
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    let zulu = text.find("Zulu").unwrap();
    let alpha = text.find("Alpha").unwrap();
    let bravo = text.find("Bravo").unwrap();
    assert!(zulu < alpha && alpha < bravo, "{text}");
}

#[test]
fn json_has_the_documented_shape() {
    let sb = Sandbox::new();
    sb.write_map("a.ron", &at_risk_map("Alpha"));
    sb.write("b.ron", INVALID);
    sb.write_map("c.ron", &ok_map("Gamma"));
    let out = sb
        .cmd()
        .args(["check", "--today", TODAY, "--format", "json", "maps"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(out.stderr.is_empty(), "errors belong in the JSON");
    let json: Value = serde_json::from_slice(&out.stdout).expect("valid JSON");

    let keys = |v: &Value| -> Vec<String> {
        let mut k: Vec<String> = v.as_object().unwrap().keys().cloned().collect();
        k.sort();
        k
    };
    assert_eq!(keys(&json), ["errors", "maps", "today"]);
    assert_eq!(json["today"], "2026-11-23");

    let maps = json["maps"].as_array().unwrap();
    assert_eq!(maps.len(), 2);
    let alpha = &maps[0];
    assert_eq!(
        keys(alpha),
        ["client", "findings", "path", "risk", "stages", "status"]
    );
    assert_eq!(alpha["path"], "maps/a.ron");
    assert_eq!(alpha["client"], "Alpha");
    assert_eq!(alpha["status"], "at-risk");
    // One critical finding: 10 points, all in its stage.
    assert_eq!(alpha["risk"], 10.0);
    assert_eq!(
        alpha["stages"],
        serde_json::json!([
            {"id": "rapport", "name": "Building rapport", "phase": "past", "status": "ok", "risk": 0.0},
            {"id": "closing", "name": "Closing", "phase": "past", "status": "at-risk", "risk": 10.0},
        ])
    );
    assert_eq!(
        alpha["findings"],
        serde_json::json!([{
            "stage": "closing",
            "kind": "no-feedback",
            "severity": "critical",
            "message": "no feedback gathered from the client yet",
        }])
    );
    assert_eq!(maps[1]["client"], "Gamma");
    assert_eq!(maps[1]["status"], "ok");
    assert_eq!(maps[1]["findings"], serde_json::json!([]));

    let errors = json["errors"].as_array().unwrap();
    assert_eq!(errors.len(), 1);
    assert_eq!(keys(&errors[0]), ["message", "path"]);
    assert_eq!(errors[0]["path"], "maps/b.ron");
    let message = errors[0]["message"].as_str().unwrap();
    assert!(message.starts_with("maps/b.ron:9:"), "{message}");
    assert!(message.contains("score 9"), "{message}");
}

#[test]
fn json_lists_every_finding_kind_and_severity_by_code() {
    let sb = Sandbox::new();
    sb.write_map("w.ron", &watch_map("Watch"));
    sb.write_map("i.ron", &info_map("Info"));
    let out = sb
        .cmd()
        .args(["check", "--today", TODAY, "--format", "json"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let json: Value = serde_json::from_slice(&out.stdout).unwrap();
    let found: Vec<(String, String, String)> = json["maps"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|m| m["findings"].as_array().unwrap().clone())
        .map(|f| {
            (
                f["stage"].as_str().unwrap().to_string(),
                f["kind"].as_str().unwrap().to_string(),
                f["severity"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    assert_eq!(
        found,
        [
            ("rapport".into(), "assumed-perception".into(), "info".into()),
            ("qualifying".into(), "survey-only".into(), "warning".into()),
        ]
    );
    assert_eq!(json["maps"][1]["status"], "watch");
}

#[test]
fn no_colour_escapes_when_not_a_terminal_or_with_no_color() {
    let sb = Sandbox::new();
    sb.write_map("acme.ron", &at_risk_map("Acme Corp"));
    let plain = sb.cmd().args(["check", "--today", TODAY]).output().unwrap();
    let no_color = sb
        .cmd()
        .env("NO_COLOR", "1")
        .args(["check", "--today", TODAY])
        .output()
        .unwrap();
    for out in [plain, no_color] {
        let text = String::from_utf8(out.stdout).unwrap();
        assert!(text.contains("● AT RISK"), "{text}");
        assert!(!text.contains('\x1b'), "{text:?}");
    }
}

#[test]
fn the_default_maps_folder_missing_is_an_error_pointing_at_new() {
    let sb = Sandbox::new();
    sb.cmd()
        .env("JOURNEYMAP_DIR", sb.path().join("nothing-here"))
        .args(["check", "--today", TODAY])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("nothing-here"))
        .stderr(predicate::str::contains("journeymap new"));
}

#[test]
fn an_empty_folder_is_fine() {
    let sb = Sandbox::new();
    sb.cmd()
        .args(["check", "--today", TODAY])
        .assert()
        .code(0)
        .stdout(predicate::str::contains("0 maps checked"));
}
