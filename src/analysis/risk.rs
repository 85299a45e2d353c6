//! The risk score: how much a stage or a map needs attention, as one
//! number, so that "riskiest first" means the same in the portfolio, in
//! `index.md`, in review mode and in `check --sort risk`.
//!
//! The shape is Taskwarrior's urgency: a sum of terms, each a weight times
//! a value from 0 to 1. Here every finding gives one term for its severity
//! (value 1), and findings that count days (overdue, kept late, stale) give
//! a second term for how many (value `min(days, 30) / 30`). A stage's score
//! is the sum over its findings, a map's the sum over its stages. The
//! formula and the weights are documented in docs/risk.md; change both
//! together.
//!
//! Scores are kept as whole tenths of a point: every weight is a whole
//! number of tenths per finding or per day, so sums are exact and the
//! terms shown always add up to the score shown.

use std::cmp::Ordering;
use std::fmt;
use std::ops::{Add, AddAssign};

use super::{Finding, FindingKind, Severity, Thresholds};

/// Days beyond which a late or stale finding weighs no more.
pub const DAYS_CAP: i64 = 30;

/// Weights in tenths of a point: per finding of a severity, or per day.
const CRITICAL: u64 = 100;
const WARNING: u64 = 20;
const INFO: u64 = 5;
/// 6 points for 30 days overdue: 0.2 a day.
const PER_DAY_OVERDUE: u64 = 2;
/// 3 points for 30 days kept late: 0.1 a day.
const PER_DAY_KEPT_LATE: u64 = 1;
/// 3 points for feedback 30 days past the staleness limit: 0.1 a day.
const PER_DAY_STALE: u64 = 1;

/// What a score is made of: counts of findings and of (capped) days.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct Risk {
    pub critical: u32,
    pub warning: u32,
    pub info: u32,
    /// Days overdue of the open commitments, at most [`DAYS_CAP`] each.
    pub days_overdue: u32,
    /// Days late of the commitments kept late, at most [`DAYS_CAP`] each.
    pub days_kept_late: u32,
    /// Days past `stale_after_days` of stale feedback, at most
    /// [`DAYS_CAP`] per stage.
    pub days_stale: u32,
}

/// One term of a score, for showing why a map ranks where it does.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RiskTerm {
    /// How many findings or days.
    pub count: u32,
    /// What is counted: "critical", "d overdue"...
    pub what: &'static str,
    /// The term's points, in tenths.
    pub tenths: u64,
}

fn capped(days: i64) -> u32 {
    // Clamped to 0..=30 first, so the conversion cannot fail.
    u32::try_from(days.clamp(0, DAYS_CAP)).unwrap_or(0)
}

impl Risk {
    /// The score of a set of findings (one stage's), judged with the
    /// thresholds they were found with.
    pub fn of<'a>(findings: impl IntoIterator<Item = &'a Finding>, t: &Thresholds) -> Risk {
        let mut r = Risk::default();
        for f in findings {
            match f.severity {
                Severity::Critical => r.critical += 1,
                Severity::Warning => r.warning += 1,
                Severity::Info => r.info += 1,
            }
            match f.kind {
                FindingKind::OverdueCommitment => r.days_overdue += capped(f.days),
                FindingKind::KeptLate => r.days_kept_late += capped(f.days),
                FindingKind::StaleFeedback => {
                    r.days_stale += capped(f.days.saturating_sub(t.stale_after_days))
                }
                _ => {}
            }
        }
        r
    }

    /// The terms in the documented order (docs/risk.md).
    pub fn terms(&self) -> [RiskTerm; 6] {
        let term = |count: u32, what, weight: u64| RiskTerm {
            count,
            what,
            tenths: u64::from(count) * weight,
        };
        [
            term(self.critical, "critical", CRITICAL),
            term(self.warning, "warning", WARNING),
            term(self.info, "info", INFO),
            term(self.days_overdue, "d overdue", PER_DAY_OVERDUE),
            term(self.days_kept_late, "d kept late", PER_DAY_KEPT_LATE),
            term(self.days_stale, "d stale", PER_DAY_STALE),
        ]
    }

    /// The score in tenths of a point.
    pub fn tenths(&self) -> u64 {
        self.terms().iter().map(|t| t.tenths).sum()
    }

    /// The score in points, e.g. 42.3.
    pub fn points(&self) -> f64 {
        // Exact for any score a map can have (below 2^53 tenths).
        self.tenths() as f64 / 10.0
    }

    /// Why the score is what it is, biggest term first, terms of zero left
    /// out: "80 (8 critical) + 10 (5 warning) + 8.4 (42 d overdue)".
    pub fn explain(&self) -> String {
        let mut terms: Vec<RiskTerm> = self.terms().into_iter().filter(|t| t.tenths > 0).collect();
        // Stable: equal terms keep the documented order.
        terms.sort_by_key(|t| std::cmp::Reverse(t.tenths));
        if terms.is_empty() {
            return "no findings".to_string();
        }
        terms
            .iter()
            .map(|t| format!("{} ({} {})", Tenths(t.tenths), t.count, t.what))
            .collect::<Vec<_>>()
            .join(" + ")
    }
}

impl Add for Risk {
    type Output = Risk;
    fn add(self, o: Risk) -> Risk {
        Risk {
            critical: self.critical + o.critical,
            warning: self.warning + o.warning,
            info: self.info + o.info,
            days_overdue: self.days_overdue + o.days_overdue,
            days_kept_late: self.days_kept_late + o.days_kept_late,
            days_stale: self.days_stale + o.days_stale,
        }
    }
}

impl AddAssign for Risk {
    fn add_assign(&mut self, o: Risk) {
        *self = *self + o;
    }
}

impl std::iter::Sum for Risk {
    fn sum<I: Iterator<Item = Risk>>(iter: I) -> Risk {
        iter.fold(Risk::default(), Add::add)
    }
}

/// Tenths of a point written as points: "42.3", "80", "0.5".
struct Tenths(u64);

impl fmt::Display for Tenths {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0 % 10 {
            0 => write!(f, "{}", self.0 / 10),
            d => write!(f, "{}.{d}", self.0 / 10),
        }
    }
}

/// The score with one decimal: "42.3", "80.0".
impl fmt::Display for Risk {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let t = self.tenths();
        write!(f, "{}.{}", t / 10, t % 10)
    }
}

/// The one order of "riskiest first": the higher score first, ties broken
/// by client name (ignoring case, then exactly). Callers add their own last
/// tie-break (the path) where two maps may share a name.
pub fn riskier_first(a: (&Risk, &str), b: (&Risk, &str)) -> Ordering {
    b.0.tenths()
        .cmp(&a.0.tenths())
        .then_with(|| a.1.to_lowercase().cmp(&b.1.to_lowercase()))
        .then_with(|| a.1.cmp(b.1))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn finding(kind: FindingKind, days: i64) -> Finding {
        Finding {
            stage: 0,
            kind,
            severity: kind.severity(),
            item: None,
            list: None,
            days,
            message: String::new(),
        }
    }

    #[test]
    fn each_finding_weighs_its_severity_and_its_capped_days() {
        let t = Thresholds::default();
        let findings = [
            finding(FindingKind::OverdueCommitment, 24), // 10 + 4.8
            finding(FindingKind::OverdueCommitment, 45), // 10 + 6 (capped)
            finding(FindingKind::KeptLate, 7),           // 2 + 0.7
            finding(FindingKind::StaleFeedback, 144),    // 2 + 3 (54 past 90, capped)
            finding(FindingKind::StaleFeedback, 91),     // 2 + 0.1
            finding(FindingKind::DueSoon, 3),            // 0.5
        ];
        let r = Risk::of(&findings, &t);
        assert_eq!(
            r,
            Risk {
                critical: 2,
                warning: 3,
                info: 1,
                days_overdue: 54,
                days_kept_late: 7,
                days_stale: 31,
            }
        );
        assert_eq!(r.tenths(), 200 + 60 + 5 + 108 + 7 + 31);
        assert_eq!(r.to_string(), "41.1");
        assert_eq!(r.points(), 41.1);
        assert_eq!(
            r.explain(),
            "20 (2 critical) + 10.8 (54 d overdue) + 6 (3 warning) + 3.1 (31 d stale) \
             + 0.7 (7 d kept late) + 0.5 (1 info)"
        );
        // The terms add up to the score.
        let sum: u64 = r.terms().iter().map(|t| t.tenths).sum();
        assert_eq!(sum, r.tenths());
    }

    #[test]
    fn staleness_counts_days_past_the_configured_limit() {
        let t = Thresholds {
            stale_after_days: 30,
            ..Thresholds::default()
        };
        let r = Risk::of(&[finding(FindingKind::StaleFeedback, 40)], &t);
        assert_eq!(r.days_stale, 10);
    }

    #[test]
    fn no_findings_no_risk() {
        let r = Risk::of(&[], &Thresholds::default());
        assert_eq!((r.tenths(), r.to_string()), (0, "0.0".to_string()));
        assert_eq!(r.explain(), "no findings");
    }

    #[test]
    fn ranking_is_score_then_client_name() {
        let low = Risk {
            info: 1,
            ..Risk::default()
        };
        let high = Risk {
            warning: 1,
            ..Risk::default()
        };
        assert_eq!(
            riskier_first((&high, "Zed"), (&low, "Acme")),
            Ordering::Less
        );
        assert_eq!(
            riskier_first((&low, "acme"), (&low, "Beta")),
            Ordering::Less
        );
        assert_eq!(
            riskier_first((&low, "Acme"), (&low, "acme")),
            Ordering::Less
        );
        assert_eq!(
            riskier_first((&low, "Acme"), (&low, "Acme")),
            Ordering::Equal
        );
    }
}
