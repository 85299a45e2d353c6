//! How alike two texts are, to follow a map across a rename that also
//! changed it (git's `--follow` uses the same 50% rule by default).

use std::collections::HashMap;

/// The share of lines two texts have in common, 0.0 to 1.0: twice the
/// lines they share (counted with repeats) over the lines of both.
pub fn similarity(a: &[u8], b: &[u8]) -> f64 {
    let mut counts: HashMap<&[u8], i64> = HashMap::new();
    let mut total = 0usize;
    for line in a.split(|&c| c == b'\n') {
        *counts.entry(line).or_default() += 1;
        total += 1;
    }
    let mut shared = 0usize;
    for line in b.split(|&c| c == b'\n') {
        total += 1;
        if let Some(n) = counts.get_mut(line)
            && *n > 0
        {
            *n -= 1;
            shared += 1;
        }
    }
    if total == 0 {
        return 1.0;
    }
    2.0 * shared as f64 / total as f64
}

/// The least [`similarity`] at which a file that disappeared is taken as
/// the earlier name of one that appeared.
pub const RENAME_THRESHOLD: f64 = 0.5;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn equal_texts_are_alike_and_unrelated_ones_are_not() {
        assert_eq!(similarity(b"a\nb\nc\n", b"a\nb\nc\n"), 1.0);
        assert!(similarity(b"a\nb\nc\nd\n", b"a\nb\nc\nx\n") > RENAME_THRESHOLD);
        assert!(similarity(b"a\nb\nc\n", b"x\ny\nz\n") < RENAME_THRESHOLD);
    }
}
