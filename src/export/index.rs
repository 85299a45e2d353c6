//! `index.md` of a folder export: the portfolio, riskiest first, each
//! client linked to its document, and the files that could not be read.

use std::path::PathBuf;

use jiff::civil::Date;

use crate::analysis::{MapSummary, riskier_first};

use super::escape::text;
use super::markdown::{Align, Doc};
use super::words;

/// One exported map as the index lists it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IndexEntry {
    /// The document's file name, relative to the index (`acme.md`).
    pub document: String,
    /// The map's title.
    pub title: String,
    pub summary: MapSummary,
}

/// The index document. Entries are sorted riskiest first, as everywhere
/// (`analysis::riskier_first`: the risk score, then the client name), then
/// by document name, whatever order they come in.
pub fn export_index(entries: &[IndexEntry], errors: &[(PathBuf, String)], today: Date) -> String {
    let mut doc = Doc::new();
    doc.heading(1, "Journey maps");
    let count = |s| entries.iter().filter(|e| e.summary.status == s).count();
    use crate::analysis::Status;
    doc.paragraph(&format!(
        "As of {today}: {} {}, {} at risk, {} to watch, {} ok.",
        entries.len(),
        if entries.len() == 1 { "map" } else { "maps" },
        count(Status::AtRisk),
        count(Status::Watch),
        count(Status::Ok),
    ));
    let mut sorted: Vec<&IndexEntry> = entries.iter().collect();
    sorted.sort_by(|a, b| {
        riskier_first(
            (&a.summary.risk, &a.summary.client),
            (&b.summary.risk, &b.summary.client),
        )
        .then_with(|| a.document.cmp(&b.document))
    });
    if sorted.is_empty() {
        doc.paragraph("_No maps were exported._");
    } else {
        let rows: Vec<Vec<String>> = sorted
            .iter()
            .map(|e| {
                let s = &e.summary;
                vec![
                    words::status_label(s.status).to_string(),
                    s.risk.to_string(),
                    format!("[{}]({})", text(&s.client), link_target(&e.document)),
                    text(&s.account_manager),
                    text(&e.title),
                    s.stage_count.to_string(),
                    s.missed.to_string(),
                    s.weak_stages.to_string(),
                    s.newest_feedback.map_or("—".into(), |d| d.to_string()),
                    s.next_due.map_or("—".into(), |d| d.to_string()),
                ]
            })
            .collect();
        doc.table(
            &[
                ("Status", Align::Left),
                ("Risk", Align::Right),
                ("Client", Align::Left),
                ("Account manager", Align::Left),
                ("Map", Align::Left),
                ("Stages", Align::Right),
                ("Missed commitments", Align::Right),
                ("Weak stages", Align::Right),
                ("Newest feedback", Align::Left),
                ("Next due", Align::Left),
            ],
            &rows,
        );
        doc.paragraph(
            "Riskiest first by risk score: 10 per critical finding, 2 per warning, 0.5 per \
             info, plus 0.2 a day a commitment is overdue and 0.1 a day it was kept late or \
             feedback is stale, each counted for up to 30 days. Missed commitments are overdue \
             or were kept late; a weak stage has no, stale, survey-only or poor feedback, or \
             the client held back.",
        );
    }
    if !errors.is_empty() {
        doc.heading(2, "Maps that could not be read");
        doc.paragraph("These files were not exported; fix them and export again.");
        let mut errors: Vec<&(PathBuf, String)> = errors.iter().collect();
        errors.sort_by(|a, b| a.0.cmp(&b.0));
        doc.list(errors.iter().map(|(path, message)| {
            format!(
                "**{}**: {}",
                text(&file_name(path)),
                text(message.trim_end())
            )
        }));
    }
    doc.finish()
}

fn file_name(path: &std::path::Path) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| path.display().to_string())
}

/// A relative link destination: every byte but ASCII letters, digits and
/// `-._~` percent-encoded, so spaces, parentheses or `<>` in a file name
/// cannot end the link.
pub fn link_target(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    for b in name.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~') {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn link_targets_are_percent_encoded() {
        assert_eq!(link_target("acme.md"), "acme.md");
        assert_eq!(link_target("a b(c).md"), "a%20b%28c%29.md");
        assert_eq!(link_target("東.md"), "%E6%9D%B1.md");
    }
}
