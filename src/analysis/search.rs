//! Finding text across maps: every piece of a map a person may remember
//! (the client, segment and manager; a stage's name and goal; each item's
//! text, owner, department, who gave feedback; review notes) as an entry
//! that knows where it is, and one matching rule for queries. Pure: the
//! app's search screen indexes each map once and matches as the user types;
//! the portfolio's filter uses the same rule ([`matches_words`]).

use crate::model::{Map, Stage};

/// What kind of thing an entry is, for "client › stage › kind".
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum HitKind {
    /// The map itself: client name, account manager, segment, title.
    Client,
    /// A stage's name and goal.
    Stage,
    Touchpoint,
    Need,
    Perception,
    Feedback,
    Commitment,
    /// A review note (of a stage, or of the whole map).
    Review,
}

impl HitKind {
    /// "client", "stage", "touchpoint", ..., "review note".
    pub fn noun(self) -> &'static str {
        match self {
            HitKind::Client => "client",
            HitKind::Stage => "stage",
            HitKind::Touchpoint => "touchpoint",
            HitKind::Need => "need",
            HitKind::Perception => "perception",
            HitKind::Feedback => "feedback",
            HitKind::Commitment => "commitment",
            HitKind::Review => "review note",
        }
    }
}

/// One searchable piece of a map.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SearchEntry {
    /// The stage it belongs to; `None` for the client and for review notes
    /// about the whole map.
    pub stage: Option<usize>,
    pub kind: HitKind,
    /// Index in its list: the stage's list of that kind, the map's review
    /// notes for [`HitKind::Review`]; 0 for the client and a stage.
    pub index: usize,
    /// What the list shows: the item's main text, with who when there is
    /// one ("Call back about the invoice · Sam").
    pub text: String,
    /// Every field of the entry, lowercase, for matching.
    hay: String,
}

impl SearchEntry {
    fn new(stage: Option<usize>, kind: HitKind, index: usize, fields: &[&str]) -> Self {
        let shown: Vec<&str> = fields
            .iter()
            .copied()
            .filter(|f| !f.trim().is_empty())
            .collect();
        let text = shown.join(" · ");
        SearchEntry {
            stage,
            kind,
            index,
            hay: text.to_lowercase(),
            text,
        }
    }

    /// Whether the entry matches a query already lowercased (see
    /// [`matches_words`]).
    pub fn matches(&self, query_lower: &str) -> bool {
        matches_words(&self.hay, query_lower)
    }
}

/// The one matching rule: every word of the (lowercase) query appears in
/// the (lowercase) text, in any order. An empty query matches everything.
pub fn matches_words(hay_lower: &str, query_lower: &str) -> bool {
    query_lower
        .split_whitespace()
        .all(|w| hay_lower.contains(w))
}

/// Every searchable entry of a map: the client first, then each stage in
/// journey order with its items, then the review notes.
pub fn search_entries(map: &Map) -> Vec<SearchEntry> {
    let c = &map.client;
    let mut out = vec![SearchEntry::new(
        None,
        HitKind::Client,
        0,
        &[
            &c.name,
            c.segment.as_deref().unwrap_or(""),
            &c.account_manager,
            &map.title,
        ],
    )];
    for (s, stage) in map.stages.iter().enumerate() {
        stage_entries(s, stage, &mut out);
    }
    for (i, r) in map.reviews.iter().enumerate() {
        let stage = r.stage.as_deref().and_then(|id| map.stage_index(id));
        out.push(SearchEntry::new(
            stage,
            HitKind::Review,
            i,
            &[&r.note, &r.by],
        ));
    }
    out
}

fn stage_entries(s: usize, stage: &Stage, out: &mut Vec<SearchEntry>) {
    let at = Some(s);
    out.push(SearchEntry::new(
        at,
        HitKind::Stage,
        0,
        &[&stage.name, stage.goal.as_deref().unwrap_or("")],
    ));
    for (i, t) in stage.touchpoints.iter().enumerate() {
        out.push(SearchEntry::new(
            at,
            HitKind::Touchpoint,
            i,
            &[&t.description, &t.owner, &t.department],
        ));
    }
    for (i, n) in stage.needs.iter().enumerate() {
        out.push(SearchEntry::new(at, HitKind::Need, i, &[&n.text]));
    }
    for (i, p) in stage.perceptions.iter().enumerate() {
        out.push(SearchEntry::new(at, HitKind::Perception, i, &[&p.text]));
    }
    for (i, f) in stage.feedback.iter().enumerate() {
        out.push(SearchEntry::new(
            at,
            HitKind::Feedback,
            i,
            &[&f.summary, &f.by],
        ));
    }
    for (i, c) in stage.commitments.iter().enumerate() {
        out.push(SearchEntry::new(
            at,
            HitKind::Commitment,
            i,
            &[&c.promise, &c.owner],
        ));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Channel, Commitment, Review, Touchpoint, parse_date};

    fn map() -> Map {
        let mut map = Map::new("Acme Freight", "Dana Ruiz");
        map.client.segment = Some("Enterprise".into());
        let mut s = Stage::new("onboard", "Onboarding");
        s.touchpoints.push(Touchpoint {
            channel: Channel::Phone,
            description: "Kick-off call".into(),
            owner: "Sam Lee".into(),
            department: "Logistics".into(),
        });
        s.commitments.push(Commitment::new(
            "Send the invoice",
            "Ines",
            parse_date("2026-11-30").expect("date"),
        ));
        map.stages.push(s);
        map.reviews.push(Review {
            date: parse_date("2026-11-01").expect("date"),
            by: "Dana".into(),
            stage: Some("onboard".into()),
            note: "Ask about the pallet scanners".into(),
        });
        map.reviews.push(Review {
            date: parse_date("2026-11-01").expect("date"),
            by: "Dana".into(),
            stage: None,
            note: "Renewal in spring".into(),
        });
        map
    }

    fn hits(query: &str) -> Vec<(Option<usize>, HitKind, usize)> {
        let q = query.to_lowercase();
        search_entries(&map())
            .into_iter()
            .filter(|e| e.matches(&q))
            .map(|e| (e.stage, e.kind, e.index))
            .collect()
    }

    #[test]
    fn every_kind_of_text_is_found_where_it_is() {
        assert_eq!(hits("enterprise"), vec![(None, HitKind::Client, 0)]);
        assert_eq!(hits("LOGISTICS"), vec![(Some(0), HitKind::Touchpoint, 0)]);
        assert_eq!(hits("sam"), vec![(Some(0), HitKind::Touchpoint, 0)]);
        assert_eq!(
            hits("invoice ines"),
            vec![(Some(0), HitKind::Commitment, 0)]
        );
        assert_eq!(hits("scanners"), vec![(Some(0), HitKind::Review, 0)]);
        assert_eq!(hits("renewal"), vec![(None, HitKind::Review, 1)]);
        assert_eq!(hits("onboarding"), vec![(Some(0), HitKind::Stage, 0)]);
        // Words in any order, all of them.
        assert_eq!(
            hits("call kick-off"),
            vec![(Some(0), HitKind::Touchpoint, 0)]
        );
        assert!(hits("invoice sam").is_empty());
    }

    #[test]
    fn the_list_text_joins_the_fields_that_are_there() {
        let entries = search_entries(&map());
        assert_eq!(entries[0].text, "Acme Freight · Enterprise · Dana Ruiz");
        let tp = entries
            .iter()
            .find(|e| e.kind == HitKind::Touchpoint)
            .expect("touchpoint");
        assert_eq!(tp.text, "Kick-off call · Sam Lee · Logistics");
    }
}
