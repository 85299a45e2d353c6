//! One test per kind of change.

use super::*;
use crate::model::{
    Channel, Commitment, Feedback, Method, Motivation, Need, Perception, Review, Source,
    Touchpoint, parse_date,
};

fn date(text: &str) -> jiff::civil::Date {
    parse_date(text).expect("test date")
}

fn quote() -> Commitment {
    Commitment::new("Send the revised quote", "Lena Okafor", date("2026-11-15"))
}

fn call() -> Feedback {
    Feedback {
        date: date("2026-11-02"),
        method: Method::Call,
        score: None,
        by: "Lena Okafor".into(),
        summary: "Wants net 60".into(),
        holding_back: false,
    }
}

fn sample() -> Map {
    let mut map = Map::new("Northwind", "Dana Ruiz");
    let mut discovery = Stage::new("discovery", "Discovery");
    discovery.needs.push(Need {
        text: "Predictable invoicing".into(),
        motivation: Motivation::Savings,
        met: false,
    });
    let mut closing = Stage::new("closing", "Closing");
    closing.commitments.push(quote());
    map.stages = vec![discovery, closing, Stage::new("renewal", "Renewal")];
    map
}

fn diff(before: &Map, after: &Map) -> Vec<String> {
    diff_lines(before, after)
}

#[test]
fn equal_maps_have_no_lines() {
    assert!(diff(&sample(), &sample()).is_empty());
}

#[test]
fn a_kept_commitment_reads_as_the_issue_says() {
    let mut after = sample();
    after.stages[1].commitments[0].done = Some(date("2026-11-20"));
    assert_eq!(
        diff(&sample(), &after),
        vec!["Closing · commitment \"Send the revised quote\" (Lena Okafor): kept 2026-11-20"]
    );
    // And back: reopened, with what it was.
    assert_eq!(
        diff(&after, &sample()),
        vec![
            "Closing · commitment \"Send the revised quote\" (Lena Okafor): open (was kept 2026-11-20)"
        ]
    );
}

#[test]
fn added_and_removed_items_say_what_they_held() {
    let mut after = sample();
    after.stages[0].feedback.push(Feedback {
        score: Some(4),
        ..call()
    });
    after.stages[1].commitments.clear();
    assert_eq!(
        diff(&sample(), &after),
        vec![
            "Discovery · feedback 2026-11-02 (Call, Lena Okafor) added: \"Wants net 60\", score 4",
            "Closing · commitment \"Send the revised quote\" (Lena Okafor) removed: due 2026-11-15",
        ]
    );
}

#[test]
fn each_changed_field_of_an_item_gets_a_line() {
    let mut before = sample();
    before.stages[0].feedback.push(call());
    let mut after = before.clone();
    let fb = &mut after.stages[0].feedback[0];
    fb.summary = "Wants net 90".into();
    fb.score = Some(2);
    fb.method = Method::Meeting;
    assert_eq!(
        diff(&before, &after),
        vec![
            "Discovery · feedback 2026-11-02 (Meeting, Lena Okafor): method Meeting (was method Call)",
            "Discovery · feedback 2026-11-02 (Meeting, Lena Okafor): \"Wants net 90\" (was \"Wants net 60\")",
            "Discovery · feedback 2026-11-02 (Meeting, Lena Okafor): score 2",
        ]
    );
}

#[test]
fn a_changed_identifying_field_is_one_removed_and_one_added() {
    let mut after = sample();
    after.stages[1].commitments[0].promise = "Send the final quote".into();
    assert_eq!(
        diff(&sample(), &after),
        vec![
            "Closing · commitment \"Send the final quote\" (Lena Okafor) added: due 2026-11-15",
            "Closing · commitment \"Send the revised quote\" (Lena Okafor) removed: due 2026-11-15",
        ]
    );
}

#[test]
fn other_kinds_of_item() {
    let mut before = sample();
    before.stages[0].touchpoints.push(Touchpoint {
        channel: Channel::Phone,
        description: "Weekly call".into(),
        owner: "Dana Ruiz".into(),
        department: Default::default(),
    });
    before.stages[0].perceptions.push(Perception {
        text: "Slow to answer".into(),
        sentiment: -1,
        source: Source::Assumed,
    });
    let mut after = before.clone();
    after.stages[0].touchpoints[0].department = "Sales".into();
    after.stages[0].touchpoints[0].channel = Channel::Other("Teams".into());
    after.stages[0].needs[0].met = true;
    after.stages[0].perceptions[0].source = Source::Heard;
    after.stages[0].perceptions[0].sentiment = -2;
    assert_eq!(
        diff(&before, &after),
        vec![
            "Discovery · touchpoint \"Weekly call\" (Dana Ruiz): channel Teams (was channel phone)",
            "Discovery · touchpoint \"Weekly call\" (Dana Ruiz): department Sales",
            "Discovery · need \"Predictable invoicing\": met",
            "Discovery · perception \"Slow to answer\": sentiment -2 (was sentiment -1)",
            "Discovery · perception \"Slow to answer\": source heard (was source assumed)",
        ]
    );
}

#[test]
fn stages_added_removed_renamed_and_goals() {
    let mut after = sample();
    after.stages.remove(1);
    let mut proposal = Stage::new("proposal", "Proposal");
    proposal.goal = Some("A yes".into());
    proposal.commitments.push(quote());
    after.stages.insert(1, proposal);
    after.stages[0].name = "First talks".into();
    after.stages[0].goal = Some("Know their budget".into());
    assert_eq!(
        diff(&sample(), &after),
        vec![
            "stage \"Discovery\" (discovery) renamed to \"First talks\"",
            "First talks · goal: \"Know their budget\"",
            "stage \"Closing\" (closing) removed, with its 1 item",
            "Closing · commitment \"Send the revised quote\" (Lena Okafor) removed: due 2026-11-15",
            "stage \"Proposal\" (proposal) added after \"First talks\"",
            "Proposal · goal: \"A yes\"",
            "Proposal · commitment \"Send the revised quote\" (Lena Okafor) added: due 2026-11-15",
        ]
    );
}

#[test]
fn a_moved_stage_is_named_with_its_new_place() {
    let mut after = sample();
    let renewal = after.stages.remove(2);
    after.stages.insert(0, renewal);
    assert_eq!(
        diff(&sample(), &after),
        vec!["stage \"Renewal\" (renewal) moved: now first"]
    );
    let mut after = sample();
    after.stages.swap(0, 1);
    assert_eq!(
        diff(&sample(), &after),
        vec!["stage \"Discovery\" (discovery) moved: now after \"Closing\""]
    );
}

#[test]
fn reordered_items_and_header_fields() {
    let mut before = sample();
    before.stages[0].feedback = vec![
        call(),
        Feedback {
            by: "Sam".into(),
            ..call()
        },
    ];
    let mut after = before.clone();
    after.stages[0].feedback.swap(0, 1);
    after.title = "Northwind renewal".into();
    after.client.segment = Some("Healthcare".into());
    after.client.account_manager = "Lena Okafor".into();
    assert_eq!(
        diff(&before, &after),
        vec![
            "title: \"Northwind renewal\" (was \"\")",
            "client account manager: \"Lena Okafor\" (was \"Dana Ruiz\")",
            "client segment: \"Healthcare\"",
            "Discovery · feedback reordered",
        ]
    );
}

#[test]
fn review_notes() {
    let note = Review {
        date: date("2026-11-20"),
        by: "Dana Ruiz".into(),
        stage: Some("closing".into()),
        note: "Escalate".into(),
    };
    let mut before = sample();
    before.reviews.push(note.clone());
    let mut after = before.clone();
    after.reviews[0].note = "Escalated".into();
    after.reviews.push(Review {
        stage: None,
        note: "All good".into(),
        ..note
    });
    assert_eq!(
        diff(&before, &after),
        vec![
            "review 2026-11-20 (Dana Ruiz, on stage closing): \"Escalated\" (was \"Escalate\")",
            "review 2026-11-20 (Dana Ruiz, on the whole map) added: \"All good\"",
        ]
    );
}

#[test]
fn map_text_is_made_harmless_and_kept_on_one_line() {
    let mut after = sample();
    after.stages[1].commitments[0].promise = "Send\n\u{1b}[2Jit".into();
    let lines = diff(&sample(), &after);
    assert!(
        lines
            .iter()
            .all(|l| !l.contains('\n') && !l.contains('\u{1b}'))
    );
    assert!(lines[0].contains("Send␊␛[2Jit"), "{lines:?}");
}

#[test]
fn moving_where_the_client_is_is_one_line() {
    let before = sample();
    let mut after = sample();
    after.start_at_first_stage(date("2026-11-01"));
    assert_eq!(
        diff(&before, &after),
        ["now: in stage discovery since 2026-11-01"]
    );
    let mut later = after.clone();
    later.now = Some(crate::model::Now {
        stage: "closing".into(),
        since: date("2026-11-20"),
    });
    assert_eq!(
        diff(&after, &later),
        ["now: in stage closing since 2026-11-20 (was in stage discovery since 2026-11-01)"]
    );
}
