//! How a sentiment value (on -2..=+2, see `analysis::sentiment`) is
//! written and drawn: its label, and a bar that grows from a centre mark,
//! to the right for positive values and to the left for negative ones, so
//! that -1 and +1 are bars of the same length on either side (a bar that
//! grows from the bottom of the scale made -0.3 look bigger than nothing
//! and nearly as big as +1). Readable without colour: the side says the
//! sign, the length the size.

/// `+1.5`, `-0.3`, ` 0.0`.
pub fn label(value: f64) -> String {
    if value.abs() < 0.05 {
        " 0.0".to_string()
    } else {
        format!("{value:+.1}")
    }
}

/// The centre mark between the two halves of a bar.
pub const CENTRE: char = '┊';

/// A bar of `half` cells on each side of the centre mark, in half-cell
/// steps: `half` full cells on one side are ±2.
pub fn bar(value: f64, half: usize) -> String {
    let steps = 2 * half;
    let n = ((value.abs().min(2.0) / 2.0) * steps as f64).round() as usize;
    let (full, part) = (n / 2, n % 2 == 1);
    let grown = |toward_right: bool| {
        let mut s = String::new();
        if toward_right {
            s.push_str(&"█".repeat(full));
            if part {
                s.push('▌');
            }
        } else {
            if part {
                s.push('▐');
            }
            s.push_str(&"█".repeat(full));
        }
        s
    };
    let pad = |s: String, left: bool| {
        let w = s.chars().count();
        let fill = " ".repeat(half.saturating_sub(w));
        if left { fill + &s } else { s + &fill }
    };
    let (left, right) = if value < 0.0 {
        (grown(false), String::new())
    } else {
        (String::new(), grown(true))
    };
    format!("{}{CENTRE}{}", pad(left, true), pad(right, false))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bars_are_the_same_length_either_side_of_zero() {
        assert_eq!(bar(0.0, 3), "   ┊   ");
        assert_eq!(bar(2.0, 3), "   ┊███");
        assert_eq!(bar(-2.0, 3), "███┊   ");
        assert_eq!(bar(1.0, 3), "   ┊█▌ ");
        assert_eq!(bar(-1.0, 3), " ▐█┊   ");
        // -0.3 is a small bar, smaller than +1.0 (it was taller).
        assert_eq!(bar(-0.3, 3), "  ▐┊   ");
        for v in [0.2, 0.7, 1.3, 1.9] {
            let up: String = bar(v, 3).chars().rev().collect();
            let down = bar(-v, 3).replace('▐', "▌");
            assert_eq!(up, down, "{v}");
        }
        assert_eq!(label(1.26), "+1.3");
        assert_eq!(label(-0.01), " 0.0");
    }
}
