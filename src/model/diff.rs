//! What changed between two versions of a map, in a few plain lines: shown
//! before someone restores or discards recovered edits, or drops their own
//! edits for a teammate's version. Items are matched as
//! `matching.rs` says, the same way as in the line-by-line diff of
//! `semantic_diff.rs`.

use super::Map;
use super::map::Stage;
use super::matching::{SameItem, match_items};

/// One line per change, e.g. `stage "Closing": 1 commitment added, 2
/// feedback changed`. Empty when the maps are equal.
pub fn summarise_changes(before: &Map, after: &Map) -> Vec<String> {
    let mut out = Vec::new();
    if before.format != after.format {
        out.push(format!("format {} → {}", before.format, after.format));
    }
    if before.client != after.client {
        out.push("client details changed".into());
    }
    if before.title != after.title {
        out.push(format!("title changed to \"{}\"", after.title));
    }
    for stage in &after.stages {
        match before.stages.iter().find(|s| s.id == stage.id) {
            None => out.push(format!("stage \"{}\" added", stage.name)),
            Some(old) if old != stage => {
                out.push(format!(
                    "stage \"{}\": {}",
                    stage.name,
                    stage_changes(old, stage)
                ));
            }
            Some(_) => {}
        }
    }
    for stage in &before.stages {
        if !after.stages.iter().any(|s| s.id == stage.id) {
            out.push(format!("stage \"{}\" removed", stage.name));
        }
    }
    let kept: Vec<&str> = after
        .stages
        .iter()
        .map(|s| s.id.as_str())
        .filter(|id| before.stages.iter().any(|s| s.id == *id))
        .collect();
    let was: Vec<&str> = before
        .stages
        .iter()
        .map(|s| s.id.as_str())
        .filter(|id| after.stages.iter().any(|s| s.id == *id))
        .collect();
    if kept != was {
        out.push("stages reordered".into());
    }
    if let Some(words) = list_changes(
        &before.reviews,
        &after.reviews,
        "review note",
        "review notes",
    ) {
        out.push(words);
    }
    out
}

fn stage_changes(old: &Stage, new: &Stage) -> String {
    let mut parts = Vec::new();
    if old.name != new.name {
        parts.push(format!("renamed from \"{}\"", old.name));
    }
    if old.goal != new.goal {
        parts.push("goal changed".into());
    }
    parts.extend(list_changes(
        &old.touchpoints,
        &new.touchpoints,
        "touchpoint",
        "touchpoints",
    ));
    parts.extend(list_changes(&old.needs, &new.needs, "need", "needs"));
    parts.extend(list_changes(
        &old.perceptions,
        &new.perceptions,
        "perception",
        "perceptions",
    ));
    parts.extend(list_changes(
        &old.feedback,
        &new.feedback,
        "feedback",
        "feedback",
    ));
    parts.extend(list_changes(
        &old.commitments,
        &new.commitments,
        "commitment",
        "commitments",
    ));
    if parts.is_empty() {
        // Only the order of items moved.
        parts.push("items reordered".into());
    }
    parts.join(", ")
}

/// "1 need added, 2 needs changed" for two versions of a list, items
/// matched by [`match_items`]: a matched pair that differs is "changed",
/// what is left is "added" (only in `new`) or "removed" (only in `old`).
fn list_changes<T: PartialEq + SameItem>(
    old: &[T],
    new: &[T],
    one: &str,
    many: &str,
) -> Option<String> {
    let matching = match_items(old, new);
    let changed = matching
        .pairs
        .iter()
        .filter(|&&(o, n)| old[o] != new[n])
        .count();
    let added = matching.added.len();
    let removed = matching.removed.len();
    let noun = |n: usize| if n == 1 { one } else { many };
    let mut parts = Vec::new();
    if added > 0 {
        parts.push(format!("{added} {} added", noun(added)));
    }
    if removed > 0 {
        parts.push(format!("{removed} {} removed", noun(removed)));
    }
    if changed > 0 {
        parts.push(format!("{changed} {} changed", noun(changed)));
    }
    (!parts.is_empty()).then(|| parts.join(", "))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Motivation, Need};

    fn need(text: &str) -> Need {
        Need {
            text: text.into(),
            motivation: Motivation::Utility,
            met: false,
        }
    }

    fn sample() -> Map {
        let mut map = Map::new("Acme", "Dana");
        let mut a = Stage::new("rapport", "Building rapport");
        a.needs = vec![need("one"), need("two")];
        map.stages.push(a);
        map.stages.push(Stage::new("closing", "Closing"));
        map
    }

    #[test]
    fn equal_maps_have_no_changes() {
        assert!(summarise_changes(&sample(), &sample()).is_empty());
    }

    #[test]
    fn stages_and_items_added_removed_changed() {
        let before = sample();
        let mut after = sample();
        after.stages[0].needs[1].met = true;
        after.stages[0].needs.push(need("three"));
        after.stages.remove(1);
        after.stages.push(Stage::new("renewal", "Renewal"));
        after.title = "New title".into();
        assert_eq!(
            summarise_changes(&before, &after),
            vec![
                "title changed to \"New title\"".to_string(),
                "stage \"Building rapport\": 1 need added, 1 need changed".into(),
                "stage \"Renewal\" added".into(),
                "stage \"Closing\" removed".into(),
            ]
        );
    }

    #[test]
    fn an_edited_item_is_changed_a_replaced_one_removed_and_added() {
        let before = sample();
        // "one" edited (same text, now met), "two" replaced by "deux".
        let mut after = sample();
        after.stages[0].needs[0].met = true;
        after.stages[0].needs[1] = need("deux");
        assert_eq!(
            summarise_changes(&before, &after),
            vec!["stage \"Building rapport\": 1 need added, 1 need removed, 1 need changed"]
        );
        // Moved and edited at once: still the same need, changed.
        let mut moved = sample();
        moved.stages[0].needs.swap(0, 1);
        moved.stages[0].needs[0].met = true;
        assert_eq!(
            summarise_changes(&before, &moved),
            vec!["stage \"Building rapport\": 1 need changed"]
        );
    }

    #[test]
    fn reordering_is_reported() {
        let before = sample();
        let mut after = sample();
        after.stages.swap(0, 1);
        after.stages[1].needs.swap(0, 1);
        assert_eq!(
            summarise_changes(&before, &after),
            vec![
                "stage \"Building rapport\": items reordered".to_string(),
                "stages reordered".into()
            ]
        );
    }
}
