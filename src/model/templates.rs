//! Starting points for a new map: the stages of a well-known journey, each
//! with a goal that says what "going well" looks like from the client's
//! side. Pure data, shared by `journeymap new` and the app.

use jiff::civil::Date;

use super::{Map, Stage};

/// Which journey a new map starts from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum TemplateKind {
    /// The six steps of selling, from rapport to after-sales service.
    Selling,
    /// The customer lifecycle, from awareness to renewal.
    Lifecycle,
}

impl TemplateKind {
    pub const ALL: [TemplateKind; 2] = [TemplateKind::Selling, TemplateKind::Lifecycle];

    /// The template's name as typed on the command line.
    pub fn code(self) -> &'static str {
        match self {
            TemplateKind::Selling => "selling",
            TemplateKind::Lifecycle => "lifecycle",
        }
    }

    /// A few words for pick lists and help.
    pub fn description(self) -> &'static str {
        match self {
            TemplateKind::Selling => "the six steps of selling, rapport to after-sales",
            TemplateKind::Lifecycle => "the customer lifecycle, awareness to renewal",
        }
    }

    /// (id, name, goal) of each stage, in journey order.
    fn stages(self) -> &'static [(&'static str, &'static str, &'static str)] {
        match self {
            TemplateKind::Selling => &[
                (
                    "rapport",
                    "Building rapport",
                    "They know who we are and exactly who to call",
                ),
                (
                    "qualifying",
                    "Qualifying",
                    "We understand their needs, budget and who decides",
                ),
                (
                    "education",
                    "Education",
                    "They see how we solve their problem, in their own terms",
                ),
                (
                    "demonstration",
                    "Demonstration",
                    "They have seen it work on their own case",
                ),
                (
                    "closing",
                    "Closing",
                    "They sign with no open doubts and clear next steps",
                ),
                (
                    "after-sales",
                    "After-sales service",
                    "They get what was promised and would buy again",
                ),
            ],
            TemplateKind::Lifecycle => &[
                (
                    "awareness",
                    "Awareness",
                    "They know we exist and what we are good at",
                ),
                (
                    "consideration",
                    "Consideration",
                    "They can compare us fairly and trust what we claim",
                ),
                (
                    "purchase",
                    "Purchase",
                    "Buying is simple, the price is clear, no surprises",
                ),
                (
                    "onboarding",
                    "Onboarding",
                    "They get value quickly and know where to get help",
                ),
                (
                    "support",
                    "Support",
                    "Problems are solved fast by people who know them",
                ),
                (
                    "renewal",
                    "Renewal",
                    "Renewing is an easy yes, backed by results they have seen",
                ),
            ],
        }
    }
}

/// A new map for `client`, kept by `manager`, with the template's stages
/// and goals and nothing else yet.
///
/// The client starts in the first stage on `today`: nothing has gone wrong
/// yet, so a new map opens without a critical finding.
pub fn template(kind: TemplateKind, client: &str, manager: &str, today: Date) -> Map {
    let mut map = Map::new(client, manager);
    map.title = format!("{client}: journey map").into();
    map.stages = kind
        .stages()
        .iter()
        .map(|&(id, name, goal)| {
            let mut stage = Stage::new(id, name);
            stage.goal = Some(goal.into());
            stage
        })
        .collect();
    map.start_at_first_stage(today);
    map
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::validate;

    #[test]
    fn selling_has_the_six_steps_in_order() {
        let map = template(
            TemplateKind::Selling,
            "Acme",
            "Dana",
            jiff::civil::date(2026, 11, 23),
        );
        let ids: Vec<&str> = map.stages.iter().map(|s| s.id.as_str()).collect();
        assert_eq!(
            ids,
            [
                "rapport",
                "qualifying",
                "education",
                "demonstration",
                "closing",
                "after-sales"
            ]
        );
        assert_eq!(map.title, "Acme: journey map");
    }

    #[test]
    fn lifecycle_has_six_stages_from_awareness_to_renewal() {
        let map = template(
            TemplateKind::Lifecycle,
            "Acme",
            "Dana",
            jiff::civil::date(2026, 11, 23),
        );
        let names: Vec<&str> = map.stages.iter().map(|s| s.name.as_str()).collect();
        assert_eq!(
            names,
            [
                "Awareness",
                "Consideration",
                "Purchase",
                "Onboarding",
                "Support",
                "Renewal"
            ]
        );
    }

    #[test]
    fn every_template_is_valid_and_every_stage_has_a_goal() {
        for kind in TemplateKind::ALL {
            let map = template(kind, "Acme", "Dana", jiff::civil::date(2026, 11, 23));
            assert_eq!(validate(&map), vec![], "{kind:?}");
            assert!(map.stages.iter().all(|s| s.goal.is_some()), "{kind:?}");
            assert_eq!(map.client.name, "Acme");
            assert_eq!(map.client.account_manager, "Dana");
        }
    }
}
