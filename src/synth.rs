//! Believable synthetic journey maps, for benchmarks and load tests.
//!
//! Shared by `examples/generate.rs`, the benches and tests, so it lives in
//! the library. It is a hidden public module rather than a cargo feature:
//! benches and examples are separate crates that only see public items, and
//! a feature would have to be remembered on every `cargo bench` and
//! `cargo run --example` command line. The app never calls it, so the
//! linker leaves it out of the binary.
//!
//! Everything is deterministic for a seed (a small splitmix64 generator, no
//! `rand` dependency), so a benchmark always measures the same bytes.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use jiff::civil::Date;

use crate::model::{
    Channel, Commitment, Feedback, Map, Method, Motivation, Need, Now, Perception, Review, Source,
    Stage, Touchpoint, slug,
};
use crate::storage::to_canonical;

pub mod history;

/// The date the benchmarks analyse at: late in 2026, so that the dates
/// spread over the year give overdue, stale and due-soon findings alike.
pub const BENCH_TODAY: Date = jiff::civil::date(2026, 11, 23);

/// splitmix64: tiny, fast, and good enough for synthetic text.
#[derive(Debug, Clone)]
pub struct SplitMix64(u64);

impl SplitMix64 {
    pub fn new(seed: u64) -> Self {
        SplitMix64(seed)
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `0..n` (`n` > 0).
    pub fn below(&mut self, n: usize) -> usize {
        ((self.next_u64() >> 11) % n as u64) as usize
    }

    /// A number in `lo..=hi`.
    pub fn between(&mut self, lo: usize, hi: usize) -> usize {
        lo + self.below(hi - lo + 1)
    }

    /// True with probability `percent` / 100.
    pub fn percent(&mut self, percent: usize) -> bool {
        self.below(100) < percent
    }

    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

/// The size of a map to generate.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Size {
    pub stages: usize,
    pub items: usize,
}

impl Size {
    /// A real top-client map: 10 stages, about 300 items, about 70 KB.
    pub const REALISTIC: Size = Size {
        stages: 10,
        items: 300,
    };
    /// A hundred times more than anyone should need.
    pub const LARGE: Size = Size {
        stages: 200,
        items: 25_000,
    };
}

const FIRST: &[&str] = &[
    "Dana", "Ravi", "Mei", "Tomás", "Aisha", "Jonas", "Priya", "Lukas", "Chloé", "Kwame", "Sofia",
    "Oren", "Hana", "Mateo", "Ingrid", "Yusuf", "Clara", "Niall", "Zoë", "Arjun",
];
const LAST: &[&str] = &[
    "Ruiz",
    "Patel",
    "Chen",
    "Okafor",
    "Lindqvist",
    "Moreau",
    "Haddad",
    "O'Brien",
    "Schmidt",
    "Tanaka",
    "Novak",
    "Mensah",
    "Kowalski",
    "Duarte",
    "Fischer",
    "Nakamura",
    "Byrne",
    "Alvarez",
];
const CLIENT_A: &[&str] = &[
    "Northwind",
    "Harbor",
    "Kestrel",
    "Cobalt",
    "Lumen",
    "Eastbrook",
    "Quiet Meadow",
    "Silverline",
    "Granite",
    "Bluefin",
    "Redwood",
    "Aurora",
    "Copperleaf",
    "Falcon",
    "Juniper",
    "Meridian",
    "Oakridge",
    "Pioneer",
    "Summit",
    "Tidewater",
];
const CLIENT_B: &[&str] = &[
    "Health",
    "Freightways",
    "Precision Components",
    "Retail",
    "Software",
    "University",
    "Trust",
    "Logistics",
    "Energy",
    "Foods",
    "Insurance",
    "Pharma",
    "Hotels",
    "Analytics",
];
const SEGMENTS: &[&str] = &[
    "Healthcare",
    "Logistics",
    "Manufacturing",
    "Retail",
    "Software",
    "Education",
    "Financial services",
    "Energy",
    "Hospitality",
];
const STAGES: &[(&str, &str)] = &[
    (
        "Building rapport",
        "They know exactly who to call for anything",
    ),
    ("Qualifying", "We understand what success means for them"),
    ("Proposal", "A proposal they can defend to their board"),
    ("Negotiation", "Terms both sides are comfortable signing"),
    ("Onboarding", "Their team is productive within a month"),
    ("First results", "They see the value in their own numbers"),
    ("Adoption", "Every department that should use it does"),
    ("Support", "Problems are fixed before they escalate"),
    (
        "Quarterly review",
        "Honest talk about what works and what does not",
    ),
    ("Expansion", "New sites join because the first ones asked"),
    ("Renewal", "Renewal is a formality, not a negotiation"),
    ("Advocacy", "They recommend us to their peers unprompted"),
];
const DEPARTMENTS: &[&str] = &[
    "Sales",
    "Accounting",
    "Logistics",
    "Support",
    "Marketing",
    "Engineering",
    "Legal",
    "Customer success",
    "",
];
const TOUCH_VERB: &[&str] = &[
    "Quarterly on-site review with",
    "Monthly check-in call with",
    "Weekly status email to",
    "Shared chat channel with",
    "Invoice walkthrough for",
    "Training session for",
    "Hosted at our user day:",
    "Escalation line for",
    "Welcome pack posted to",
    "Dinner after the steering meeting with",
];
const TOUCH_WHO: &[&str] = &[
    "the operations director",
    "their finance team",
    "the project sponsor",
    "the site managers",
    "the procurement lead",
    "the IT department",
    "the new regional manager",
    "the head of nursing",
    "the warehouse supervisors",
    "the board's digital committee",
];
const NEEDS: &[&str] = &[
    "Predictable invoicing without surprise line items",
    "A single contact who knows their business",
    "Reports their board can read in five minutes",
    "Downtime announced at least a week ahead",
    "Training for new staff without waiting a quarter",
    "Prices fixed for the length of the contract",
    "An integration with their existing ERP",
    "Being seen as a leader in their sector",
    "Less paperwork for the site managers",
    "Someone who answers the phone after 6 pm",
    "A roadmap they can plan their budget around",
    "Proof that the savings are real, in their own figures",
];
const PERCEPTIONS: &[&str] = &[
    "Feels like a number once the contract is signed",
    "Thinks our support is fast but does not fix root causes",
    "Likes that the account manager knows their history",
    "Worried we are too small to handle their growth",
    "Sees us as the expensive but safe choice",
    "Finds our invoices hard to reconcile",
    "Enjoyed meeting peers at the user day",
    "Believes the product team ignores their requests",
    "Trusts our onboarding more than the competitor's",
    "Assumes any change will cost extra",
];
const FEEDBACK: &[&str] = &[
    "Happy with onboarding, unsure about billing",
    "The new dashboard saves their analysts an hour a day",
    "Frustrated that the second site went live late",
    "Wants a named engineer for escalations",
    "Says the last release broke their month-end export",
    "Pleased with the training; asks for a refresher in spring",
    "Quiet in the meeting; the CFO did most of the talking",
    "Survey: support response time rated below expectations",
    "Would recommend us to a peer, with reservations about price",
    "Asked whether we can match a competitor's discount",
    "Procurement is reviewing all suppliers next quarter",
    "The operations team now relies on the weekly report",
];
const PROMISES: &[&str] = &[
    "Call back with the revised quote",
    "Send the user day slides to the team",
    "Fix the duplicate invoice lines before month-end",
    "Introduce them to our head of product",
    "Book the refresher training for the new staff",
    "Share the roadmap for the next two quarters",
    "Visit the second site with an engineer",
    "Send a written summary of the steering meeting",
    "Confirm the renewal pricing in writing",
    "Check why the export failed on the 3rd",
];
const REVIEW_NOTES: &[&str] = &[
    "Quote call slipped twice: escalate to the sales lead",
    "Feedback here is all surveys; book a real conversation",
    "Good progress, keep the monthly rhythm",
    "Nobody has spoken to the CFO since spring",
    "Commitments pile up here; agree fewer, keep them",
    "Check the assumed perceptions at the next visit",
];
const OTHER_CHANNELS: &[&str] = &["Partner portal", "Trade fair booth", "Printed newsletter"];
const OTHER_METHODS: &[&str] = &["Reseller report", "Focus group", "Exit interview"];

/// How a stage's feedback tends to look, so a map shows every status.
#[derive(Clone, Copy, PartialEq)]
enum Habit {
    Healthy,
    NoFeedback,
    SurveyOnly,
    Stale,
    Unhappy,
}

fn person(rng: &mut SplitMix64) -> String {
    format!("{} {}", rng.pick(FIRST), rng.pick(LAST))
}

/// A day of 2026 in the months `first_month..=last_month`.
fn date_2026(rng: &mut SplitMix64, first_month: usize, last_month: usize) -> Date {
    const DAYS: [usize; 12] = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
    let month = rng.between(first_month, last_month);
    let day = rng.between(1, DAYS[month - 1]);
    jiff::civil::date(2026, month as i8, day as i8)
}

fn add_days(date: Date, days: i64) -> Date {
    date.checked_add(jiff::Span::new().days(days))
        .unwrap_or(date)
}

fn client_name(rng: &mut SplitMix64) -> String {
    format!("{} {}", rng.pick(CLIENT_A), rng.pick(CLIENT_B))
}

/// A map of `size`, the same for the same seed.
pub fn map(size: Size, seed: u64) -> Map {
    let mut rng = SplitMix64::new(seed);
    let name = client_name(&mut rng);
    let manager = person(&mut rng);
    let mut map = Map::new(&name, &manager);
    map.client.segment = rng.percent(85).then(|| (*rng.pick(SEGMENTS)).into());
    map.title = format!("{name}: from first call to renewal").into();
    let mut habits = Vec::with_capacity(size.stages);
    for i in 0..size.stages {
        let (stage_name, goal) = STAGES[i % STAGES.len()];
        let round = i / STAGES.len();
        let (id, name) = if round == 0 {
            (slug(stage_name), stage_name.to_string())
        } else {
            (
                format!("{}-{}", slug(stage_name), round + 1),
                format!("{stage_name} ({})", round + 1),
            )
        };
        let mut stage = Stage::new(&id, &name);
        stage.goal = rng.percent(80).then(|| goal.into());
        map.stages.push(stage);
        habits.push(match rng.below(100) {
            0..=7 => Habit::NoFeedback,
            8..=19 => Habit::SurveyOnly,
            20..=34 => Habit::Stale,
            35..=44 => Habit::Unhappy,
            _ => Habit::Healthy,
        });
    }
    if size.stages == 0 {
        return map;
    }
    for _ in 0..size.items {
        let s = rng.below(size.stages);
        let habit = habits[s];
        let kind = rng.below(100);
        let stage = &mut map.stages[s];
        match kind {
            0..=19 => stage.touchpoints.push(touchpoint(&mut rng, &manager)),
            20..=34 => stage.needs.push(Need {
                text: (*rng.pick(NEEDS)).into(),
                motivation: *rng.pick(&Motivation::ALL),
                met: rng.percent(40),
            }),
            35..=49 => stage.perceptions.push(Perception {
                text: (*rng.pick(PERCEPTIONS)).into(),
                sentiment: rng.between(0, 4) as i8 - 2,
                source: *rng.pick(&Source::ALL),
            }),
            50..=79 if habit != Habit::NoFeedback => {
                stage.feedback.push(feedback(&mut rng, habit, &manager))
            }
            _ => stage.commitments.push(commitment(&mut rng, &manager)),
        }
    }
    for _ in 0..(size.items / 60).max(1) {
        let stage = rng
            .percent(70)
            .then(|| map.stages[rng.below(size.stages)].id.clone());
        map.reviews.push(Review {
            date: date_2026(&mut rng, 1, 11),
            by: person(&mut rng).into(),
            stage,
            note: (*rng.pick(REVIEW_NOTES)).into(),
        });
    }
    // Drawn last, so the rest of the map is what it was before maps said
    // where the client is. Some clients are still early in their journey.
    // A client is often in the first stage nobody has asked about yet.
    if rng.percent(60) {
        let at = habits
            .iter()
            .position(|&h| h == Habit::NoFeedback)
            .unwrap_or_else(|| rng.below(size.stages));
        map.now = Some(Now {
            stage: map.stages[at].id.clone(),
            since: add_days(BENCH_TODAY, -(rng.below(31) as i64)),
        });
    }
    map
}

fn touchpoint(rng: &mut SplitMix64, manager: &str) -> Touchpoint {
    let channel = match rng.below(20) {
        0..=3 => Channel::InPerson,
        4..=7 => Channel::Phone,
        8..=11 => Channel::Email,
        12 => Channel::Web,
        13 => Channel::Chat,
        14 => Channel::Social,
        15 => Channel::Mail,
        16..=17 => Channel::Event,
        _ => Channel::Other((*rng.pick(OTHER_CHANNELS)).into()),
    };
    Touchpoint {
        channel,
        description: format!("{} {}", rng.pick(TOUCH_VERB), rng.pick(TOUCH_WHO)).into(),
        owner: if rng.percent(60) {
            manager.into()
        } else {
            person(rng).into()
        },
        department: (*rng.pick(DEPARTMENTS)).into(),
    }
}

fn feedback(rng: &mut SplitMix64, habit: Habit, manager: &str) -> Feedback {
    let method = match (habit, rng.below(12)) {
        (Habit::SurveyOnly, n) if n < 8 => Method::Survey,
        (Habit::SurveyOnly, n) if n < 11 => Method::Email,
        (Habit::SurveyOnly, _) => Method::Other((*rng.pick(OTHER_METHODS)).into()),
        (_, 0..=2) => Method::Conversation,
        (_, 3..=5) => Method::Call,
        (_, 6..=7) => Method::Meeting,
        (_, 8..=9) => Method::Survey,
        (_, 10) => Method::Email,
        _ => Method::Other((*rng.pick(OTHER_METHODS)).into()),
    };
    let (first, last) = if habit == Habit::Stale {
        (1, 6)
    } else {
        (1, 10)
    };
    let score = match habit {
        Habit::Unhappy => Some(rng.between(1, 2) as u8),
        _ if rng.percent(70) => Some(rng.between(2, 5) as u8),
        _ => None,
    };
    Feedback {
        date: date_2026(rng, first, last),
        method,
        score,
        by: if rng.percent(70) {
            manager.into()
        } else {
            person(rng).into()
        },
        summary: (*rng.pick(FEEDBACK)).into(),
        holding_back: rng.percent(10),
    }
}

fn commitment(rng: &mut SplitMix64, manager: &str) -> Commitment {
    let due = date_2026(rng, 1, 12);
    let done = rng
        .percent(55)
        .then(|| add_days(due, rng.between(0, 20) as i64 - 12));
    // Drawn in this order (promise, then owner): the same seed must keep
    // giving the same maps.
    let promise = *rng.pick(PROMISES);
    let owner = if rng.percent(60) {
        manager.to_string()
    } else {
        person(rng)
    };
    Commitment {
        done,
        ..Commitment::new(promise, &owner, due)
    }
}

/// The canonical text of [`map`].
pub fn map_text(size: Size, seed: u64) -> String {
    to_canonical(&map(size, seed)).expect("synthetic maps serialise")
}

/// The size of the `index`-th map of a portfolio: around the realistic
/// size, varied like real accounts are.
pub fn portfolio_size(rng: &mut SplitMix64) -> Size {
    Size {
        stages: rng.between(6, 12),
        items: rng.between(220, 380),
    }
}

/// Writes `count` realistic maps into `dir` (created if needed), named
/// after their clients; returns their paths in name order.
pub fn write_portfolio(dir: &Path, count: usize, seed: u64) -> io::Result<Vec<PathBuf>> {
    fs::create_dir_all(dir)?;
    let mut rng = SplitMix64::new(seed);
    let mut paths = Vec::with_capacity(count);
    for i in 0..count {
        let size = portfolio_size(&mut rng);
        let map = map(size, rng.next_u64());
        let text = to_canonical(&map).map_err(io::Error::other)?;
        let path = dir.join(format!("{}-{i:04}.ron", slug(&map.client.name)));
        fs::write(&path, text)?;
        paths.push(path);
    }
    paths.sort();
    Ok(paths)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::{Analysis, FindingKind, Status, Thresholds};
    use crate::storage::parse_map;
    use std::collections::BTreeSet;

    #[test]
    fn same_seed_same_map_other_seed_other_map() {
        assert_eq!(map_text(Size::REALISTIC, 7), map_text(Size::REALISTIC, 7));
        assert_ne!(map_text(Size::REALISTIC, 7), map_text(Size::REALISTIC, 8));
    }

    #[test]
    fn realistic_map_is_valid_about_70_kb_and_shows_every_finding() {
        let text = map_text(Size::REALISTIC, 1);
        assert!(
            (55_000..=90_000).contains(&text.len()),
            "{} bytes",
            text.len()
        );
        let map = parse_map(&text).expect("a valid map");
        assert_eq!(map.stages.len(), 10);
        let items = map.item_count();
        assert_eq!(items, 300);
        assert_eq!(to_canonical(&map).expect("serialisable"), text);
        // Over a few seeds every kind of finding and status shows up.
        let mut kinds = BTreeSet::new();
        let mut statuses = BTreeSet::new();
        for seed in 0..48 {
            let map = parse_map(&map_text(Size::REALISTIC, seed)).expect("valid");
            let analysis = Analysis::of(&map, BENCH_TODAY, &Thresholds::default());
            kinds.extend(analysis.findings().map(|f| f.kind.code()));
            statuses.extend(analysis.stages.iter().map(|s| s.status));
        }
        assert_eq!(kinds.len(), FindingKind::ALL.len(), "{kinds:?}");
        assert!(kinds.contains(FindingKind::NoFeedback.code()));
        assert_eq!(statuses.len(), 3, "{statuses:?}");
        assert!(statuses.contains(&Status::Ok));
    }

    #[test]
    fn portfolio_writes_distinct_valid_files() {
        let dir = tempfile::tempdir().expect("temp dir");
        let paths = write_portfolio(dir.path(), 5, 3).expect("written");
        assert_eq!(paths.len(), 5);
        for path in &paths {
            crate::storage::load_map(path).unwrap_or_else(|e| panic!("{e}"));
        }
        let names: BTreeSet<_> = paths.iter().collect();
        assert_eq!(names.len(), 5);
    }
}
