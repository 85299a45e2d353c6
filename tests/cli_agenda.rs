//! `journeymap agenda` through the real binary: the groups and call-backs
//! in text, the JSON shape, and the ICS read back by an independent parser
//! (the `ical` crate, which shares no code with the `icalendar` writer):
//! events or to-dos on the due dates, text escaped and lines folded as RFC
//! 5545 says, UIDs stable across runs and across a moved due date.

mod common;

use std::collections::BTreeMap;

use common::cli::*;
use journeymap::model::{Commitment, Feedback, Map, Method, Now, Stage};
use predicates::prelude::*;

/// Acme: an overdue, a due-today and a later promise, one kept, and a
/// first call whose feedback (2026-08-25) goes stale tomorrow.
fn acme() -> Map {
    let mut first = Stage::new("first-call", "First call");
    first.feedback = vec![Feedback {
        by: "Lee Chan".into(),
        ..feedback(day("2026-08-25"), Method::Call, Some(4))
    }];
    first.commitments = vec![Commitment::new(
        "Send the deck, the price list; and the \\ path",
        "Dana Ruiz",
        day("2026-11-20"),
    )];
    let mut proposal = Stage::new("proposal", "Proposal");
    proposal.commitments = vec![
        Commitment::new("Call back", "Lee Chan", day(TODAY)),
        Commitment::new(
            "Write the long answer about the night-shift premium, line one\nand line two, \
             with Zürich, 北京 and ünïcödé all the way past the seventy-fifth octet",
            "Dana Ruiz",
            day("2027-01-15"),
        ),
        Commitment {
            done: Some(day("2026-11-02")),
            ..Commitment::new("Kept already", "Dana Ruiz", day("2026-11-01"))
        },
    ];
    let mut map = map_with("Acme, Zürich; Ltd", vec![first, proposal]);
    map.now = Some(Now {
        stage: "proposal".into(),
        since: day("2026-11-12"),
    });
    map
}

fn setup() -> Sandbox {
    let sb = Sandbox::new();
    sb.write_map("acme.ron", &acme());
    sb.write_map("calm.ron", &ok_map("Calm Co"));
    sb
}

fn run(sb: &Sandbox, args: &[&str]) -> String {
    let out = sb
        .cmd()
        .arg("agenda")
        .args(args)
        .args(["--today", TODAY])
        .assert()
        .code(0)
        .get_output()
        .stdout
        .clone();
    String::from_utf8(out).expect("UTF-8 output")
}

#[test]
fn text_lists_groups_and_call_backs() {
    let sb = setup();
    let text = run(&sb, &[]);
    let at = |s: &str| {
        text.find(s)
            .unwrap_or_else(|| panic!("{s:?} not in:\n{text}"))
    };
    assert!(at("Overdue (1)") < at("✗ overdue 3 days  Dana Ruiz: Send the deck"));
    assert!(at("Send the deck") < at("Due today (1)"));
    assert!(at("Due today (1)") < at("◷ due today  Lee Chan: Call back"));
    assert!(at("Call back") < at("Later (1)"));
    assert!(at("Later (1)") < at("Call back soon, within 7 days (2)"));
    at("2026-11-24  feedback goes stale tomorrow (newest 2026-08-25)");
    at("2026-11-27  no feedback yet, grace period ends in 4 days (here since 2026-11-12)");
    at("Acme, Zürich; Ltd › First call  (Dana Ruiz, last heard by Lee Chan)");
    assert!(!text.contains("Kept already"), "{text}");
    assert!(
        !text.contains("This week"),
        "empty groups are left out:\n{text}"
    );
    // Fewer days ahead: the grace period is not soon enough.
    let text = run(&sb, &["--days", "3"]);
    assert!(text.contains("Call back soon, within 3 days (1)"), "{text}");
}

#[test]
fn owner_filter_keeps_that_persons_rows() {
    let sb = setup();
    let text = run(&sb, &["--owner", "lee"]);
    assert!(
        text.starts_with("Agenda of 2026-11-23 for \"lee\""),
        "{text}"
    );
    assert!(text.contains("Lee Chan: Call back"), "{text}");
    assert!(!text.contains("Send the deck"), "{text}");
    // Lee gathered the first call's newest feedback.
    assert!(text.contains("feedback goes stale tomorrow"), "{text}");
    assert!(!text.contains("grace period"), "{text}");
    let text = run(&sb, &["--owner", "nobody"]);
    assert!(text.contains("Nothing open, and nobody to call back within 7 days."));
}

#[test]
fn json_shape() {
    let sb = setup();
    let out = run(&sb, &["--format", "json", "maps"]);
    let v: serde_json::Value = serde_json::from_str(&out).expect("JSON");
    assert_eq!(v["today"], TODAY);
    assert_eq!(v["owner"], serde_json::Value::Null);
    assert_eq!(v["days"], 7);
    let due = v["due"].as_array().unwrap();
    assert_eq!(due.len(), 3);
    assert_eq!(
        due[0],
        serde_json::json!({
            "group": "overdue",
            "path": "maps/acme.ron",
            "client": "Acme, Zürich; Ltd",
            "account_manager": "Dana Ruiz",
            "stage": "first-call",
            "stage_name": "First call",
            "stage_index": 0,
            "index": 0,
            "promise": "Send the deck, the price list; and the \\ path",
            "owner": "Dana Ruiz",
            "due": "2026-11-20",
            "in_days": -3,
            "words": "overdue 3 days",
        })
    );
    let groups: Vec<&str> = due.iter().map(|d| d["group"].as_str().unwrap()).collect();
    assert_eq!(groups, ["overdue", "today", "later"]);
    let call_back = v["call_back"].as_array().unwrap();
    assert_eq!(
        call_back[0],
        serde_json::json!({
            "reason": "goes-stale",
            "path": "maps/acme.ron",
            "client": "Acme, Zürich; Ltd",
            "account_manager": "Dana Ruiz",
            "stage": "first-call",
            "stage_name": "First call",
            "stage_index": 0,
            "newest": "2026-08-25",
            "since": null,
            "last_by": "Lee Chan",
            "on": "2026-11-24",
            "in_days": 1,
            "words": "feedback goes stale tomorrow (newest 2026-08-25)",
        })
    );
    assert_eq!(call_back[1]["reason"], "grace-ends");
    assert_eq!(call_back[1]["since"], "2026-11-12");
    assert_eq!(v["errors"], serde_json::json!([]));
}

#[test]
fn a_broken_map_is_reported_and_the_others_still_listed() {
    let sb = setup();
    sb.write("broken.ron", "(format: 2,,)");
    sb.cmd()
        .args(["agenda", "--today", TODAY])
        .assert()
        .code(2)
        .stdout(predicate::str::contains("Send the deck"))
        .stderr(predicate::str::contains("broken.ron:1:"));
    let out = sb
        .cmd()
        .args(["agenda", "--format", "json", "--today", TODAY])
        .assert()
        .code(2)
        .get_output()
        .stdout
        .clone();
    let v: serde_json::Value = serde_json::from_slice(&out).unwrap();
    assert_eq!(v["errors"].as_array().unwrap().len(), 1);
    assert_eq!(v["due"].as_array().unwrap().len(), 3);
}

/// RFC 5545 3.3.11: `\\`, `\;`, `\,` and `\n` (or `\N`) in TEXT values.
fn unescape(text: &str) -> String {
    let mut out = String::new();
    let mut chars = text.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('n' | 'N') => out.push('\n'),
            Some(other) => out.push(other),
            None => panic!("a TEXT value ends in a lone backslash: {text:?}"),
        }
    }
    out
}

/// One component's properties by name: (parameters, raw value).
type Props = BTreeMap<String, (Vec<(String, Vec<String>)>, String)>;

fn props(list: &[ical::property::Property]) -> Props {
    list.iter()
        .map(|p| {
            (
                p.name.clone(),
                (
                    p.params.clone().unwrap_or_default(),
                    p.value.clone().unwrap_or_default(),
                ),
            )
        })
        .collect()
}

/// Parses the calendar with the `ical` crate: its components' properties.
fn parse(ics: &str) -> (Props, Vec<Props>, Vec<Props>) {
    let mut calendars: Vec<_> = ical::IcalParser::new(std::io::BufReader::new(ics.as_bytes()))
        .collect::<Result<_, _>>()
        .expect("the ical parser reads the file");
    assert_eq!(calendars.len(), 1);
    let cal = calendars.remove(0);
    (
        props(&cal.properties),
        cal.events.iter().map(|e| props(&e.properties)).collect(),
        cal.todos.iter().map(|t| props(&t.properties)).collect(),
    )
}

/// The RFC's rules on the raw text: CRLF line ends, at most 75 octets a
/// line, continuation lines starting with a space.
fn assert_lines_folded(ics: &str) {
    assert!(ics.ends_with("\r\n"));
    for line in ics.split("\r\n") {
        assert!(!line.contains('\n') && !line.contains('\r'), "{line:?}");
        assert!(line.len() <= 75, "{} octets: {line:?}", line.len());
    }
    assert!(
        ics.contains("\r\n "),
        "some line is long enough to be folded"
    );
}

#[test]
fn ics_has_one_all_day_event_per_open_commitment() {
    let sb = setup();
    let ics = run(&sb, &["--format", "ics"]);
    assert_lines_folded(&ics);
    let (cal, events, todos) = parse(&ics);
    assert_eq!(cal["VERSION"].1, "2.0");
    assert!(cal.contains_key("PRODID"));
    assert!(todos.is_empty());
    assert_eq!(events.len(), 3, "open commitments only");
    let date_param = vec![("VALUE".to_string(), vec!["DATE".to_string()])];
    let deck = &events[0];
    assert_eq!(
        deck["DTSTART"],
        (date_param.clone(), "20261120".to_string())
    );
    assert_eq!(deck["DTEND"], (date_param.clone(), "20261121".to_string()));
    assert_eq!(
        unescape(&deck["SUMMARY"].1),
        "Acme, Zürich; Ltd: Send the deck, the price list; and the \\ path"
    );
    let long = &events[2];
    assert_eq!(
        unescape(&long["SUMMARY"].1),
        "Acme, Zürich; Ltd: Write the long answer about the night-shift premium, line one\n\
         and line two, with Zürich, 北京 and ünïcödé all the way past the seventy-fifth octet"
    );
    assert!(unescape(&long["DESCRIPTION"].1).contains("stage \"Proposal\" (proposal)"));
    for e in &events {
        assert!(e["UID"].1.ends_with("@journeymap"), "{e:?}");
        assert!(e.contains_key("DTSTAMP"), "{e:?}");
    }
    let uids: std::collections::HashSet<_> = events.iter().map(|e| &e["UID"].1).collect();
    assert_eq!(uids.len(), 3, "one UID per commitment");
}

#[test]
fn ics_todos_are_due_on_the_due_date() {
    let sb = setup();
    let (_, events, todos) = parse(&run(&sb, &["--format", "ics", "--todo"]));
    assert!(events.is_empty());
    assert_eq!(todos.len(), 3);
    assert_eq!(todos[1]["DUE"].1, "20261123");
    assert_eq!(todos[1]["STATUS"].1, "NEEDS-ACTION");
    sb.cmd()
        .args(["agenda", "--todo"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("--todo goes with --format ics"));
}

#[test]
fn ics_uids_survive_another_run_and_a_moved_due_date() {
    let sb = setup();
    let uid_of = |ics: &str, promise: &str| -> (String, String) {
        let (_, events, _) = parse(ics);
        let e = events
            .iter()
            .find(|e| unescape(&e["SUMMARY"].1).contains(promise))
            .unwrap_or_else(|| panic!("no event for {promise}"));
        (e["UID"].1.clone(), e["DTSTART"].1.clone())
    };
    let first = run(&sb, &["--format", "ics"]);
    let again = run(&sb, &["--format", "ics"]);
    assert_eq!(uid_of(&first, "Call back"), uid_of(&again, "Call back"));
    // The promise is moved to next month.
    let mut map = acme();
    map.stages[1].commitments[0].due = day("2026-12-10");
    sb.write_map("acme.ron", &map);
    let moved = run(&sb, &["--format", "ics"]);
    let (uid_before, start_before) = uid_of(&first, "Call back");
    let (uid_after, start_after) = uid_of(&moved, "Call back");
    assert_eq!(uid_before, uid_after, "the same event, updated");
    assert_eq!(
        (start_before.as_str(), start_after.as_str()),
        ("20261123", "20261210")
    );
    // Another promise gets another UID.
    assert_ne!(uid_of(&first, "Send the deck").0, uid_before);
}

#[test]
fn ics_tells_apart_two_equal_promises_in_one_stage() {
    let sb = Sandbox::new();
    let mut map = acme();
    let twin = map.stages[1].commitments[0].clone();
    map.stages[1].commitments.push(twin);
    sb.write_map("acme.ron", &map);
    let (_, events, _) = parse(&run(&sb, &["--format", "ics"]));
    let uids: Vec<&String> = events
        .iter()
        .filter(|e| unescape(&e["SUMMARY"].1).ends_with("Call back"))
        .map(|e| &e["UID"].1)
        .collect();
    assert_eq!(uids.len(), 2);
    assert_ne!(uids[0], uids[1]);
    assert!(uids[1].ends_with("-2@journeymap"), "{uids:?}");
}
