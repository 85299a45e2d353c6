//! What changed between two maps, one line per fact, in journey order:
//! what `journeymap diff` prints.
//!
//! Stages are matched by id (a stage whose name changed was renamed),
//! items by the rule of `matching.rs` (the one the summary of changes
//! uses too), and each line names the stage and the item in the words of
//! `facts.rs`, the ones `journeymap textconv` gives `git diff`:
//!
//! ```text
//! Closing · commitment "Send the revised quote" (Lena Okafor): kept 2026-11-20
//! Discovery · feedback 2026-11-02 (Call, Lena Okafor) added: "Wants net 60", score 4
//! stage "Renewal" (renewal) added after "Closing"
//! ```
//!
//! The lines are empty exactly when the maps are equal.

use super::facts::{Fact, ItemFacts, goal_fact, header_facts, quoted, stage_prefix, stage_words};
use super::map::{Map, Stage};
use super::matching::{SameItem, match_items};

/// The changes from `before` to `after`, one per line.
pub fn diff_lines(before: &Map, after: &Map) -> Vec<String> {
    let mut out = Vec::new();
    for ((name, old), (_, new)) in header_facts(before).into_iter().zip(header_facts(after)) {
        if old != new {
            out.push(format!("{name}: {}", changed(&old, &new)));
        }
    }
    stage_lines(&mut out, before, after);
    list_lines(&mut out, "", &before.reviews, &after.reviews);
    if out.is_empty() && before != after {
        // Every difference has a line above; this one guards the promise
        // that equal output means equal maps.
        out.push("the maps differ in a way journeymap cannot name".into());
    }
    out
}

/// `NEW (was OLD)`, or just `NEW` when the old value was blank.
fn changed(old: &Fact, new: &Fact) -> String {
    if old.blank {
        new.words.clone()
    } else {
        format!("{} (was {})", new.words, old.words)
    }
}

fn stage_lines(out: &mut Vec<String>, before: &Map, after: &Map) {
    let kept: Vec<(usize, usize)> = after
        .stages
        .iter()
        .enumerate()
        .filter_map(|(n, s)| before.stage_index(&s.id).map(|o| (o, n)))
        .collect();
    let moved = moved_stages(&kept);
    // A removed stage is told where it stood: after the last stage before
    // it that is still there (or first, before every other).
    let mut removed_after: Vec<Vec<&Stage>> = vec![Vec::new(); after.stages.len() + 1];
    let mut last_kept = 0;
    for stage in &before.stages {
        match after.stage_index(&stage.id) {
            Some(n) => last_kept = n + 1,
            None => removed_after[last_kept].push(stage),
        }
    }
    for stage in &removed_after[0] {
        removed_stage(out, stage);
    }
    for (n, new) in after.stages.iter().enumerate() {
        match before.stage_index(&new.id) {
            None => {
                let place = match n.checked_sub(1).map(|p| &after.stages[p]) {
                    Some(prev) => format!("after {}", quoted(&prev.name)),
                    None => "first".into(),
                };
                out.push(format!("{} added {place}", stage_words(new)));
                let prefix = stage_prefix(new);
                if new.goal.is_some() {
                    out.push(format!("{prefix}goal: {}", goal_fact(new).words));
                }
                contents_lines(out, &prefix, &Stage::new(&new.id, &new.name), new);
            }
            Some(o) => {
                let old = &before.stages[o];
                if old.name != new.name {
                    out.push(format!(
                        "{} renamed to {}",
                        stage_words(old),
                        quoted(&new.name)
                    ));
                }
                if moved.contains(&o) {
                    let place = match kept.iter().position(|&(_, k)| k == n) {
                        Some(0) | None => "now first".to_string(),
                        Some(p) => {
                            format!("now after {}", quoted(&after.stages[kept[p - 1].1].name))
                        }
                    };
                    out.push(format!("{} moved: {place}", stage_words(new)));
                }
                let prefix = stage_prefix(new);
                let (old_goal, new_goal) = (goal_fact(old), goal_fact(new));
                if old_goal != new_goal {
                    out.push(format!("{prefix}goal: {}", changed(&old_goal, &new_goal)));
                }
                contents_lines(out, &prefix, old, new);
            }
        }
        for stage in &removed_after[n + 1] {
            removed_stage(out, stage);
        }
    }
}

fn removed_stage(out: &mut Vec<String>, stage: &Stage) {
    let items = stage.item_count();
    let with = match items {
        0 => String::new(),
        1 => ", with its 1 item".into(),
        n => format!(", with its {n} items"),
    };
    out.push(format!("{} removed{with}", stage_words(stage)));
    contents_lines(
        out,
        &stage_prefix(stage),
        stage,
        &Stage::new(&stage.id, &stage.name),
    );
}

/// The old indices of the stages that moved: those kept in both maps but
/// outside a longest run that kept its order.
fn moved_stages(kept: &[(usize, usize)]) -> Vec<usize> {
    // `kept` is in the new order; a longest increasing run of old indices
    // stayed put (O(n²), for a few hundred stages at most).
    let n = kept.len();
    let mut best = vec![1usize; n];
    let mut prev = vec![usize::MAX; n];
    for i in 0..n {
        for j in 0..i {
            if kept[j].0 < kept[i].0 && best[j] + 1 > best[i] {
                best[i] = best[j] + 1;
                prev[i] = j;
            }
        }
    }
    let mut stayed = vec![false; n];
    let mut at = (0..n).max_by_key(|&i| (best[i], std::cmp::Reverse(i)));
    while let Some(i) = at {
        stayed[i] = true;
        at = (prev[i] != usize::MAX).then(|| prev[i]);
    }
    (0..n).filter(|&i| !stayed[i]).map(|i| kept[i].0).collect()
}

fn contents_lines(out: &mut Vec<String>, prefix: &str, old: &Stage, new: &Stage) {
    list_lines(out, prefix, &old.touchpoints, &new.touchpoints);
    list_lines(out, prefix, &old.needs, &new.needs);
    list_lines(out, prefix, &old.perceptions, &new.perceptions);
    list_lines(out, prefix, &old.feedback, &new.feedback);
    list_lines(out, prefix, &old.commitments, &new.commitments);
}

/// The lines of one list: in the new order, each changed item's changed
/// fields and each added item; then the removed items; then whether the
/// rest moved.
fn list_lines<T: PartialEq + SameItem + ItemFacts>(
    out: &mut Vec<String>,
    prefix: &str,
    old: &[T],
    new: &[T],
) {
    let matching = match_items(old, new);
    // Every new item is either matched or added.
    let mut old_of_new = vec![None; new.len()];
    for &(o, n) in &matching.pairs {
        old_of_new[n] = Some(o);
    }
    for (item, o) in new.iter().zip(old_of_new) {
        match o {
            Some(o) => item_changes(out, prefix, &old[o], item),
            None => out.push(format!("{prefix}{} added: {}", item.label(), gist(item))),
        }
    }
    for &o in &matching.removed {
        out.push(format!(
            "{prefix}{} removed: {}",
            old[o].label(),
            gist(&old[o])
        ));
    }
    if matching.reordered() {
        out.push(format!("{prefix}{} reordered", T::KIND.1));
    }
}

/// What an added or removed item held: its facts not in the label and
/// not blank.
fn gist<T: ItemFacts>(item: &T) -> String {
    let facts: Vec<String> = item
        .own_facts()
        .into_iter()
        .filter(|f| !f.blank)
        .map(|f| f.words)
        .collect();
    if facts.is_empty() {
        "nothing else".into()
    } else {
        facts.join(", ")
    }
}

/// One line per changed field of a matched item, named by its new label.
fn item_changes<T: ItemFacts>(out: &mut Vec<String>, prefix: &str, old: &T, new: &T) {
    let label = new.label();
    for (o, n) in old.facts().iter().zip(new.facts()) {
        if *o != n {
            out.push(format!("{prefix}{label}: {}", changed(o, &n)));
        }
    }
}

#[cfg(test)]
mod tests;
