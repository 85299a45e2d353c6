//! The Markdown document of one map (format described in docs/export.md).

use jiff::civil::Date;

use crate::analysis::{Analysis, CommitmentState, StageAnalysis, Status, Thresholds, kept_on};
use crate::model::{Feedback, Map, Phase, Review, Source, Stage};

use super::escape::text;
use super::markdown::{Align, Doc};
use super::{mermaid, words};

/// What the diagram section says about how it was drawn.
const SCORE_RULE: &str = "Each stage is scored 1 (bad) to 5 (good) from what the client \
told us: the mean of the newest feedback score and of each heard or observed perception \
(sentiment -2 to +2 read as 1 to 5), rounded half up; assumed perceptions are left out, \
and a stage we know nothing about scores 3. Tasks are the stage's touchpoints (or the \
stage itself when it has none); actors are each touchpoint's owner and department.";

/// The whole document for one map as of `today`. Pure: the same map,
/// analysis and date give the same bytes.
pub fn export_map(map: &Map, analysis: &Analysis, today: Date) -> String {
    let items = map.item_count();
    let findings: usize = analysis.stages.iter().map(|s| s.findings.len()).sum();
    // About what a document takes per item, finding and stage.
    let mut doc = Doc::with_capacity(
        4096 + 160 * (items + findings + map.reviews.len()) + 1024 * map.stages.len(),
    );
    let title = if map.title.trim().is_empty() {
        &map.client.name
    } else {
        &map.title
    };
    doc.heading(1, &text(title));
    header(&mut doc, map, analysis, today);
    needs_attention(&mut doc, map, analysis, today);
    overview(&mut doc, map, analysis, today);
    doc.heading(2, "Journey diagram");
    doc.paragraph(&text(SCORE_RULE));
    doc.fenced("mermaid", &mermaid::journey(map, today));
    doc.heading(2, "Stages");
    for (i, (stage, phase)) in map.stages.iter().zip(map.phases()).enumerate() {
        let sa = analysis.stages.get(i);
        let phase = map.now.is_some().then_some(phase);
        stage_section(&mut doc, i, stage, sa, phase, today, &analysis.thresholds);
    }
    reviews(&mut doc, map);
    doc.finish()
}

fn header(doc: &mut Doc, map: &Map, analysis: &Analysis, today: Date) {
    let mut items = vec![
        format!("**Client:** {}", text(&map.client.name)),
        format!("**Account manager:** {}", text(&map.client.account_manager)),
    ];
    if let Some(segment) = &map.client.segment {
        items.push(format!("**Segment:** {}", text(segment)));
    }
    items.push(format!("**As of:** {today}"));
    if let (Some(now), Some(i)) = (&map.now, map.now_index()) {
        items.push(format!(
            "**Where the client is:** {}, since {}",
            text(&map.stages[i].name),
            now.since
        ));
    }
    items.push(format!(
        "**Status:** {} ({})",
        words::status_label(analysis.status),
        status_counts(analysis, map.stages.len())
    ));
    doc.list(items);
}

/// "2 of 7 stages at risk, 3 to watch, 2 missed commitments".
fn status_counts(analysis: &Analysis, stages: usize) -> String {
    let count = |s: Status| analysis.stages.iter().filter(|a| a.status == s).count();
    let missed = analysis.missed_count();
    format!(
        "{} of {} at risk, {} to watch; {} missed {}; {} with weak feedback",
        count(Status::AtRisk),
        plural(stages, "stage", "stages"),
        count(Status::Watch),
        missed,
        if missed == 1 {
            "commitment"
        } else {
            "commitments"
        },
        plural(analysis.weak_stage_count(), "stage", "stages"),
    )
}

fn plural(n: usize, one: &str, many: &str) -> String {
    if n == 1 {
        format!("{n} {one}")
    } else {
        format!("{n} {many}")
    }
}

fn finding_items(stage: &Stage, sa: &StageAnalysis) -> Vec<String> {
    sa.worst_first()
        .into_iter()
        .map(|f| {
            // "**label:** text", built in place: large maps have thousands.
            let worded = text(&words::finding(stage, f));
            let label = words::severity_label(f.severity);
            let mut item = String::with_capacity(label.len() + worded.len() + 6);
            item.push_str("**");
            item.push_str(label);
            item.push_str(":** ");
            item.push_str(&worded);
            item
        })
        .collect()
}

/// Every finding, grouped by stage: stages at risk first, then those to
/// watch, then the rest, each group in journey order.
fn needs_attention(doc: &mut Doc, map: &Map, analysis: &Analysis, today: Date) {
    doc.heading(2, "Needs attention");
    let mut order: Vec<usize> = (0..map.stages.len().min(analysis.stages.len()))
        .filter(|&i| !analysis.stages[i].findings.is_empty())
        .collect();
    if order.is_empty() {
        doc.paragraph(&format!("Nothing needs attention as of {today}."));
        return;
    }
    order.sort_by_key(|&i| std::cmp::Reverse(analysis.stages[i].status));
    for i in order {
        let stage = &map.stages[i];
        let sa = &analysis.stages[i];
        doc.heading(
            3,
            &format!(
                "{}. {} · {}",
                i + 1,
                text(&stage.name),
                words::status_label(sa.status)
            ),
        );
        doc.list(finding_items(stage, sa));
    }
}

fn overview(doc: &mut Doc, map: &Map, analysis: &Analysis, today: Date) {
    doc.heading(2, "Journey overview");
    let rows: Vec<Vec<String>> = map
        .stages
        .iter()
        .enumerate()
        .map(|(i, s)| {
            let status = analysis.stages.get(i).map(|a| a.status).unwrap_or_default();
            let unmet = s.needs.iter().filter(|n| !n.met).count();
            let open = s
                .commitments
                .iter()
                .filter(|c| kept_on(c, today).is_none())
                .count();
            vec![
                (i + 1).to_string(),
                text(&s.name),
                words::status_label(status).to_string(),
                s.touchpoints.len().to_string(),
                with_note(s.needs.len(), unmet, "unmet"),
                s.perceptions.len().to_string(),
                s.feedback.len().to_string(),
                with_note(s.commitments.len(), open, "open"),
            ]
        })
        .collect();
    if rows.is_empty() {
        doc.paragraph("The map has no stages yet.");
        return;
    }
    doc.table(
        &[
            ("#", Align::Right),
            ("Stage", Align::Left),
            ("Status", Align::Left),
            ("Touchpoints", Align::Right),
            ("Needs", Align::Right),
            ("Perceptions", Align::Right),
            ("Feedback", Align::Right),
            ("Commitments", Align::Right),
        ],
        &rows,
    );
}

/// "3 (1 unmet)", or "3" when the note would say 0.
fn with_note(total: usize, part: usize, word: &str) -> String {
    if part == 0 {
        total.to_string()
    } else {
        format!("{total} ({part} {word})")
    }
}

fn none(doc: &mut Doc, what: &str) {
    doc.paragraph(&format!("_No {what} recorded._"));
}

fn stage_section(
    doc: &mut Doc,
    index: usize,
    stage: &Stage,
    sa: Option<&StageAnalysis>,
    phase: Option<Phase>,
    today: Date,
    thresholds: &Thresholds,
) {
    doc.heading(3, &format!("{}. {}", index + 1, text(&stage.name)));
    let status = sa.map(|a| a.status).unwrap_or_default();
    let mut facts = Vec::new();
    if let Some(goal) = &stage.goal {
        facts.push(format!("**Goal:** {}", text(goal)));
    }
    facts.push(format!("**Status:** {}", words::status_label(status)));
    if let Some(phase) = phase {
        facts.push(format!(
            "**Journey:** {}",
            match phase {
                Phase::Past => "past: the client has been through it".to_string(),
                Phase::Now(since) => format!("now: the client is here since {since}"),
                Phase::Ahead => "ahead: not reached yet".to_string(),
            }
        ));
    }
    facts.push(format!(
        "**Diagram score:** {} of 5",
        mermaid::stage_score(stage, today)
    ));
    facts.push(format!("**Stage id:** {}", text(&stage.id)));
    doc.list(facts);

    doc.heading(4, "Findings");
    match sa.filter(|a| !a.findings.is_empty()) {
        Some(a) => doc.list(finding_items(stage, a)),
        None => doc.paragraph("_Nothing needs attention._"),
    }

    doc.heading(4, "Touchpoints");
    if stage.touchpoints.is_empty() {
        none(doc, "touchpoints");
    } else {
        let rows: Vec<Vec<String>> = stage
            .touchpoints
            .iter()
            .map(|t| {
                vec![
                    text(&t.channel.to_string()),
                    text(&t.description),
                    text(&t.owner),
                    text(&t.department),
                ]
            })
            .collect();
        doc.table(
            &[
                ("Channel", Align::Left),
                ("Description", Align::Left),
                ("Owner", Align::Left),
                ("Department", Align::Left),
            ],
            &rows,
        );
    }

    doc.heading(4, "Client needs");
    if stage.needs.is_empty() {
        none(doc, "needs");
    } else {
        let rows: Vec<Vec<String>> = stage
            .needs
            .iter()
            .map(|n| {
                vec![
                    text(&n.text),
                    n.motivation.to_string(),
                    if n.met { "✓ met" } else { "✗ not met" }.to_string(),
                ]
            })
            .collect();
        doc.table(
            &[
                ("Need", Align::Left),
                ("Motivation", Align::Left),
                ("Met", Align::Left),
            ],
            &rows,
        );
    }

    doc.heading(4, "Perceptions");
    if stage.perceptions.is_empty() {
        none(doc, "perceptions");
    } else {
        let rows: Vec<Vec<String>> = stage
            .perceptions
            .iter()
            .map(|p| {
                vec![
                    text(&p.text),
                    words::sentiment(p.sentiment),
                    source_words(p.source).to_string(),
                ]
            })
            .collect();
        doc.table(
            &[
                ("Perception", Align::Left),
                ("Sentiment", Align::Left),
                ("Source", Align::Left),
            ],
            &rows,
        );
    }

    doc.heading(4, "Feedback (newest first)");
    if stage.feedback.is_empty() {
        none(doc, "feedback");
    } else {
        let rows: Vec<Vec<String>> = newest_first(&stage.feedback)
            .into_iter()
            .map(|f| {
                vec![
                    words::date(f.date),
                    text(&f.method.to_string()),
                    f.score.map_or("—".to_string(), |s| format!("{s} of 5")),
                    text(&f.by),
                    text(&f.summary),
                    if f.holding_back { "◐ yes" } else { "no" }.to_string(),
                ]
            })
            .collect();
        doc.table(
            &[
                ("Date", Align::Left),
                ("Method", Align::Left),
                ("Score", Align::Left),
                ("By", Align::Left),
                ("Summary", Align::Left),
                ("Holding back", Align::Left),
            ],
            &rows,
        );
    }

    doc.heading(4, "Commitments");
    if stage.commitments.is_empty() {
        none(doc, "commitments");
    } else {
        let rows: Vec<Vec<String>> = stage
            .commitments
            .iter()
            .map(|c| {
                vec![
                    text(&c.promise),
                    text(&c.owner),
                    words::date(c.due),
                    c.done.map_or("—".to_string(), words::date),
                    CommitmentState::of(c, today, thresholds).label(),
                ]
            })
            .collect();
        doc.table(
            &[
                ("Promise", Align::Left),
                ("Owner", Align::Left),
                ("Due", Align::Left),
                ("Done", Align::Left),
                ("State", Align::Left),
            ],
            &rows,
        );
    }
}

fn source_words(source: Source) -> &'static str {
    match source {
        Source::Heard => "heard from the client",
        Source::Observed => "observed by us",
        Source::Assumed => "assumed (not yet checked)",
    }
}

/// Feedback by date, newest first; between entries of the same date the
/// one later in the file comes first (the format's meaning of "newest").
fn newest_first(feedback: &[Feedback]) -> Vec<&Feedback> {
    let mut indexed: Vec<(usize, &Feedback)> = feedback.iter().enumerate().collect();
    indexed.sort_by(|(ia, a), (ib, b)| b.date.cmp(&a.date).then(ib.cmp(ia)));
    indexed.into_iter().map(|(_, f)| f).collect()
}

fn reviews(doc: &mut Doc, map: &Map) {
    doc.heading(2, "Review notes");
    if map.reviews.is_empty() {
        doc.paragraph("_No review notes._");
        return;
    }
    let items = map.reviews.iter().map(|r| review_item(map, r));
    doc.list(items.collect::<Vec<_>>());
}

fn review_item(map: &Map, r: &Review) -> String {
    let about = match &r.stage {
        None => "the whole map".to_string(),
        Some(id) => match map.stage_index(id) {
            Some(i) => format!("stage {}. {}", i + 1, text(&map.stages[i].name)),
            None => format!("stage {} (not in the map)", text(id)),
        },
    };
    format!(
        "**{}**, {} on {}: {}",
        r.date,
        text(&r.by),
        about,
        text(&r.note)
    )
}
