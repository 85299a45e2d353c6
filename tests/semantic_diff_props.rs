//! Properties of `journeymap diff`'s lines (`model::diff_lines`) over
//! generated maps: no lines exactly when the maps are equal, and every
//! line one harmless line of text.

mod common;

use common::strategies;
use journeymap::model::{Map, diff_lines};
use proptest::prelude::*;
use proptest::sample::Index;

/// One small edit of `map`, chosen by `kind` at `at`, of the kinds people
/// make; may leave the map as it was (an empty list has nothing to edit).
fn edit(map: &mut Map, kind: u8, at: Index) {
    let stages = map.stages.len();
    if stages == 0 {
        map.title.push('!');
        return;
    }
    let stage = &mut map.stages[at.index(stages)];
    match kind % 8 {
        0 => stage.name.push('+'),
        1 => stage.goal = stage.goal.take().xor(Some("a goal".into())),
        2 => {
            if let Some(need) = stage.needs.first_mut() {
                need.met = !need.met;
            }
        }
        3 => {
            if !stage.feedback.is_empty() {
                stage.feedback.remove(at.index(stage.feedback.len()));
            }
        }
        4 => stage.commitments.reverse(),
        5 => {
            if let Some(c) = stage.commitments.first_mut() {
                c.done = c.done.xor(Some(c.due));
            }
        }
        6 => map.stages.rotate_left(1),
        _ => map.client.segment = map.client.segment.take().xor(Some("Retail".into())),
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn no_lines_exactly_when_equal(a in strategies::map(), kind in any::<u8>(), at in any::<Index>()) {
        prop_assert!(diff_lines(&a, &a).is_empty());
        let mut b = a.clone();
        edit(&mut b, kind, at);
        let lines = diff_lines(&a, &b);
        prop_assert_eq!(lines.is_empty(), a == b, "{:?}", lines);
        let back = diff_lines(&b, &a);
        prop_assert_eq!(back.is_empty(), a == b);
        for line in lines.iter().chain(&back) {
            prop_assert!(!line.chars().any(char::is_control), "{:?}", line);
        }
    }

    #[test]
    fn two_unrelated_maps(a in strategies::map(), b in strategies::map()) {
        let lines = diff_lines(&a, &b);
        prop_assert_eq!(lines.is_empty(), a == b);
        prop_assert!(!lines.iter().any(|l| l.contains("cannot name")), "{:?}", lines);
    }
}
