//! Types of the map file, format 2 (see `docs/format.md`; format 1 is
//! format 2 without `now`, and reads as a map whose `now` is `None`).
//!
//! These types are the one definition of the file: serde's derives read
//! and write it (`storage` has a fast reader and writer for the canonical
//! layout, generic over serde, that name no field). Field order here is
//! the canonical field order on disk: serde writes fields in declaration
//! order, so do not reorder them. Dates are text in the file, read and
//! written by `super::date` (`#[serde(with = ...)]` on every date field).

use compact_str::CompactString;
use jiff::civil::Date;
use serde::{Deserialize, Serialize};

use super::date::{optional, ymd};

/// One customer journey map for one client.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Map {
    pub format: u32,
    pub client: Client,
    pub title: CompactString,
    /// Where the client is in the journey now (format 2); `None` when the
    /// map does not say, and then every stage counts as reached.
    #[serde(default)]
    pub now: Option<Now>,
    pub stages: Vec<Stage>,
    #[serde(default)]
    pub reviews: Vec<Review>,
    /// What a merge could not settle (format 2), until someone picks a
    /// version of each (`super::conflict`). Written only when there are
    /// some: a map without conflicts keeps the layout it always had.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub conflicts: Vec<super::conflict::Conflict>,
}

/// The stage the client is in, and since when: stages before it are
/// behind us, stages after it are ahead, not reached yet.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Now {
    /// The id of the stage the client is in.
    pub stage: CompactString,
    /// The day the client reached it.
    #[serde(with = "ymd")]
    pub since: Date,
}

/// Where a stage sits relative to where the client is now.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Phase {
    /// Reached and left behind; also every stage of a map without `now`.
    Past,
    /// The stage the client is in, since the date.
    Now(Date),
    /// Not reached yet.
    Ahead,
}

impl Phase {
    /// Whether the client has reached the stage (past or now).
    pub fn is_reached(self) -> bool {
        !matches!(self, Phase::Ahead)
    }

    /// The word for the phase, the same on every screen and in the export.
    pub fn word(self) -> &'static str {
        match self {
            Phase::Past => "past",
            Phase::Now(_) => "now",
            Phase::Ahead => "ahead",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Client {
    pub name: CompactString,
    pub account_manager: CompactString,
    #[serde(default)]
    pub segment: Option<CompactString>,
}

/// One step of the relationship, e.g. "Qualifying".
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Stage {
    /// Stable identifier: lowercase letters, digits and `-`.
    pub id: CompactString,
    pub name: CompactString,
    #[serde(default)]
    pub goal: Option<CompactString>,
    #[serde(default)]
    pub touchpoints: Vec<Touchpoint>,
    #[serde(default)]
    pub needs: Vec<Need>,
    #[serde(default)]
    pub perceptions: Vec<Perception>,
    #[serde(default)]
    pub feedback: Vec<Feedback>,
    #[serde(default)]
    pub commitments: Vec<Commitment>,
}

#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Touchpoint {
    pub channel: Channel,
    pub description: CompactString,
    /// The person who owns this touchpoint.
    pub owner: CompactString,
    /// The internal team behind it (Accounting, Logistics...), may be empty.
    #[serde(default)]
    pub department: CompactString,
}

#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Channel {
    InPerson,
    Phone,
    Email,
    Web,
    Chat,
    Social,
    Mail,
    Event,
    Other(CompactString),
}

#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Need {
    pub text: CompactString,
    pub motivation: Motivation,
    pub met: bool,
}

/// Why the client needs something.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Motivation {
    Security,
    Utility,
    Prestige,
    Pleasure,
    Savings,
}

#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Perception {
    pub text: CompactString,
    /// From -2 (very negative) to 2 (very positive).
    pub sentiment: i8,
    pub source: Source,
}

/// Where a perception comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Source {
    /// The client said it.
    Heard,
    /// We saw it.
    Observed,
    /// Our guess, not yet checked with the client.
    Assumed,
}

#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Feedback {
    #[serde(with = "ymd")]
    pub date: Date,
    pub method: Method,
    /// 1..=5 when the client gave a score.
    pub score: Option<u8>,
    /// Who gathered it.
    pub by: CompactString,
    pub summary: CompactString,
    /// The client seemed to hold back their full view.
    #[serde(default)]
    pub holding_back: bool,
}

/// How feedback was gathered.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Method {
    Conversation,
    Call,
    Meeting,
    Survey,
    Email,
    Other(CompactString),
}

impl Method {
    /// Personal feedback is heard first-hand, in a conversation, call or
    /// meeting; the rest (surveys, emails, other) is not.
    pub fn is_personal(&self) -> bool {
        matches!(self, Method::Conversation | Method::Call | Method::Meeting)
    }
}

/// Something we promised the client.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Commitment {
    pub promise: CompactString,
    pub owner: CompactString,
    #[serde(with = "ymd")]
    pub due: Date,
    /// `None` while open, the date it was kept otherwise (left out in a
    /// file means `None`, as for every `Option`).
    #[serde(default, with = "optional")]
    pub done: Option<Date>,
}

/// A note left by a team reviewing the map.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Review {
    #[serde(with = "ymd")]
    pub date: Date,
    pub by: CompactString,
    /// The stage id the note is about, `None` for the whole map.
    pub stage: Option<CompactString>,
    pub note: CompactString,
}

impl Map {
    /// An empty map of the current format for a client.
    pub fn new(client: &str, account_manager: &str) -> Self {
        Map {
            format: super::FORMAT_VERSION,
            client: Client {
                name: client.into(),
                account_manager: account_manager.into(),
                segment: None,
            },
            title: Default::default(),
            now: None,
            stages: Vec::new(),
            reviews: Vec::new(),
            conflicts: Vec::new(),
        }
    }

    /// The index of the stage with this id.
    pub fn stage_index(&self, id: &str) -> Option<usize> {
        self.stages.iter().position(|s| s.id == id)
    }

    /// The index of the stage the client is in now, when the map says and
    /// names one of its stages.
    pub fn now_index(&self) -> Option<usize> {
        self.now
            .as_ref()
            .and_then(|now| self.stage_index(&now.stage))
    }

    /// Where stage `index` sits relative to now. A map that does not say
    /// where the client is (or names no stage of its own) has every stage
    /// past: reached, with every rule applying, as in format 1.
    pub fn phase(&self, index: usize) -> Phase {
        self.phase_given(index, self.now_index())
    }

    /// The phase of every stage, in order; finds the now stage once (a
    /// loop over [`Map::phase`] would look for it once per stage).
    pub fn phases(&self) -> impl Iterator<Item = Phase> + '_ {
        let now = self.now_index();
        (0..self.stages.len()).map(move |i| self.phase_given(i, now))
    }

    fn phase_given(&self, index: usize, now_index: Option<usize>) -> Phase {
        match (self.now.as_ref(), now_index) {
            (Some(now), Some(n)) if index == n => Phase::Now(now.since),
            (Some(_), Some(n)) if index > n => Phase::Ahead,
            _ => Phase::Past,
        }
    }

    /// Starts the journey: the client is in the first stage since `today`.
    /// A new map starts here, so nothing about it is late yet.
    pub fn start_at_first_stage(&mut self, today: Date) {
        self.now = self.stages.first().map(|s| Now {
            stage: s.id.clone(),
            since: today,
        });
    }
}

impl Map {
    /// Touchpoints, needs, perceptions, feedback and commitments of every
    /// stage (review notes not counted).
    pub fn item_count(&self) -> usize {
        self.stages.iter().map(Stage::item_count).sum()
    }
}

impl Commitment {
    /// An open commitment; every other field starts empty. Code that makes
    /// commitments goes through here, so that a new field needs no change
    /// where commitments are made, only where it is shown and edited.
    pub fn new(promise: &str, owner: &str, due: Date) -> Self {
        Commitment {
            promise: promise.into(),
            owner: owner.into(),
            due,
            done: None,
        }
    }
}

impl Stage {
    /// Touchpoints, needs, perceptions, feedback and commitments.
    pub fn item_count(&self) -> usize {
        self.touchpoints.len()
            + self.needs.len()
            + self.perceptions.len()
            + self.feedback.len()
            + self.commitments.len()
    }
}

impl Stage {
    /// An empty stage.
    pub fn new(id: &str, name: &str) -> Self {
        Stage {
            id: id.into(),
            name: name.into(),
            goal: None,
            touchpoints: Vec::new(),
            needs: Vec::new(),
            perceptions: Vec::new(),
            feedback: Vec::new(),
            commitments: Vec::new(),
        }
    }
}

/// Turns a name into a stage id or file name: lowercase ASCII letters and
/// digits, everything else folded into single `-`. Letters outside ASCII
/// are transliterated first (`deunicode`), so that no letter is lost:
/// "Café Zürich" gives `cafe-zurich`, "北京 Trading" `bei-jing-trading`.
/// A character with no transliteration separates words like a space.
pub fn slug(name: &str) -> String {
    let mut out = String::new();
    let mut push = |c: char| {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if !out.is_empty() && !out.ends_with('-') {
            out.push('-');
        }
    };
    for c in name.chars() {
        if c.is_ascii() {
            push(c);
        } else {
            deunicode::deunicode_char(c)
                .unwrap_or(" ")
                .chars()
                .for_each(&mut push);
        }
    }
    while out.ends_with('-') {
        out.pop();
    }
    out
}

/// Whether `id` is a well-formed stage id.
pub fn is_valid_stage_id(id: &str) -> bool {
    !id.is_empty()
        && id
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

impl std::fmt::Display for Channel {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Channel::InPerson => f.write_str("in person"),
            Channel::Phone => f.write_str("phone"),
            Channel::Email => f.write_str("email"),
            Channel::Web => f.write_str("web"),
            Channel::Chat => f.write_str("chat"),
            Channel::Social => f.write_str("social"),
            Channel::Mail => f.write_str("mail"),
            Channel::Event => f.write_str("event"),
            Channel::Other(text) => f.write_str(text),
        }
    }
}

impl std::fmt::Display for Method {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Method::Conversation => f.write_str("conversation"),
            Method::Call => f.write_str("call"),
            Method::Meeting => f.write_str("meeting"),
            Method::Survey => f.write_str("survey"),
            Method::Email => f.write_str("email"),
            Method::Other(text) => f.write_str(text),
        }
    }
}

impl std::fmt::Display for Motivation {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Motivation::Security => "security",
            Motivation::Utility => "utility",
            Motivation::Prestige => "prestige",
            Motivation::Pleasure => "pleasure",
            Motivation::Savings => "savings",
        })
    }
}

impl std::fmt::Display for Source {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Source::Heard => "heard",
            Source::Observed => "observed",
            Source::Assumed => "assumed",
        })
    }
}

impl Channel {
    /// Every variant, for pick lists (`Other` with empty text).
    pub fn all() -> Vec<Channel> {
        vec![
            Channel::InPerson,
            Channel::Phone,
            Channel::Email,
            Channel::Web,
            Channel::Chat,
            Channel::Social,
            Channel::Mail,
            Channel::Event,
            Channel::Other(Default::default()),
        ]
    }
}

impl Method {
    /// Every variant, for pick lists (`Other` with empty text).
    pub fn all() -> Vec<Method> {
        vec![
            Method::Conversation,
            Method::Call,
            Method::Meeting,
            Method::Survey,
            Method::Email,
            Method::Other(Default::default()),
        ]
    }
}

impl Motivation {
    pub const ALL: [Motivation; 5] = [
        Motivation::Security,
        Motivation::Utility,
        Motivation::Prestige,
        Motivation::Pleasure,
        Motivation::Savings,
    ];
}

impl Source {
    pub const ALL: [Source; 3] = [Source::Heard, Source::Observed, Source::Assumed];
}

#[cfg(test)]
mod slug_tests {
    use super::{is_valid_stage_id, slug};

    #[test]
    fn letters_are_transliterated_not_dropped() {
        assert_eq!(slug("Café Zürich"), "cafe-zurich");
        assert_eq!(slug("北京 Trading"), "bei-jing-trading");
        assert_eq!(slug("Straße & Söhne GmbH"), "strasse-sohne-gmbh");
        // A decomposed accent (e + U+0301) reads the same as a composed one.
        assert_eq!(slug("Cafe\u{301} Zu\u{308}rich"), "cafe-zurich");
        assert_eq!(slug("  Acme -- Corp!  "), "acme-corp");
        assert_eq!(slug("Москва"), "moskva");
    }

    #[test]
    fn a_slug_is_always_a_valid_stage_id_or_empty() {
        for name in [
            "Ελλάδα",
            "東京 ⚙ 2",
            "\u{202e}evil",
            "🦀 Crab",
            "Ω",
            "ǅ",
            "\u{0}x",
        ] {
            let s = slug(name);
            assert!(s.is_empty() || is_valid_stage_id(&s), "{name:?} gave {s:?}");
        }
    }
}
