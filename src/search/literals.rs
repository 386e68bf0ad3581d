//! Task literals: constants a task's examples point to.
//!
//! Formulas people write use constants a small literal set lacks: 60
//! minutes, 100 percent, 10 for a digit, 7 days, a price of 25. Building
//! them from `0..=3` costs nodes (60 takes 9: `(* (+ 1 3) (* 3 (+ 2 3)))`),
//! and a search that must spend 9 nodes on a constant rarely reaches the
//! rule around it. The SyGuS PBE solvers take constants from the specification;
//! [`task_literals`] does the same with evidence, so that a random task
//! gains few literals and a formula gains the ones it uses:
//!
//! - the integer coefficients and offset of an exact linear fit of the
//!   output on the variables (`(+ (* h 60) m)` gives 60);
//! - a divisor `d` with `y = v div d` or `y = v mod d` on every example,
//!   the roundest one where several fit (`(div t 60)`, `(mod n 10)`);
//! - the greatest common divisor of the outputs' differences (a scale:
//!   `y = 60·h + c`, or a step such as a price per unit);
//! - the smallest or largest output when several examples share it (a
//!   clamp's bound, a piecewise rule's constant piece: `(min x 100)`, a
//!   flat fee);
//! - a place and a modulus (`(mod (div n 10) 10)`, the minutes of a count
//!   of seconds), and decimal places where the output is a digit sum or a
//!   reordering of the digits (it keeps the residue mod 9);
//! - a modulus of a small linear combination of the variables (a cycle:
//!   `(mod (+ h k) 24)`, a weekday, a digit), the smallest above every
//!   output or one people use (7, 10, 12, 24, 60, 100, …);
//! - the simplest rational slope of a floor (`(div (* c 15) 100)` gives 3
//!   and 20);
//! - a rate `y / v` or an offset `y - v` that two or more examples share
//!   (a piece of a piecewise rule), and the roundest threshold between the
//!   examples that share it and the rest (`(ite (< q 10) (* q 5) …)`).
//!
//! Candidates already in the grammar, or larger than 2^20 in magnitude, are
//! dropped; the rest are ordered by evidence (then by magnitude, then by
//! value: the same examples always give the same literals), and the first
//! `max` are kept. [`Spec::with_task_literals`](super::Spec::with_task_literals)
//! adds them to a spec's grammar; the front door's
//! [`Synthesizer::task_literals`](crate::Synthesizer::task_literals) and
//! `solve --task-literals` use it.
//!
//! ```
//! use arithsynth::search::literals::task_literals;
//! use arithsynth::{Example, Grammar, Vars};
//!
//! // minutes past the hour
//! let grammar = Grammar::new(Vars::new(["t"])?);
//! let examples: Vec<Example> = [75, 130, 1999, 61, 600, 44, 1234, 359]
//!     .iter()
//!     .map(|&t| Example::new([t], t % 60))
//!     .collect();
//! assert_eq!(task_literals(&grammar, &examples, 3)[0], 60);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use std::collections::BTreeMap;

use super::completion::exact::{self, Solved};
use crate::dsl::{Example, Grammar};

/// How many task literals `arithsynth solve`, `arithsynth sygus` (where
/// any constant is allowed) and the `hybrid_search` example add unless
/// told otherwise (the library adds none unless asked).
pub const DEFAULT_TASK_LITERALS: usize = 3;

/// Largest magnitude of a task literal.
pub const MAX_TASK_LITERAL: i64 = 1 << 20;

/// Evidence weights: a rule that fits every example outweighs a pattern
/// that a few examples share.
const FITS_ALL: u32 = 8;
const SCALE: u32 = 4;
const SHARED: u32 = 2;
const HINT: u32 = 1;

/// Up to `max` constants that `examples` point to and `grammar` lacks, the
/// best supported first; see the [module docs](self). Examples of another
/// width than the grammar's variables are no evidence and are left out.
#[must_use]
pub fn task_literals(grammar: &Grammar, examples: &[Example], max: usize) -> Vec<i64> {
    let vars = grammar.vars().len();
    // one row per input: a repeated example is no evidence; an example of
    // another width than the grammar's variables is none either
    let mut seen = std::collections::BTreeSet::new();
    let examples: Vec<&Example> = examples
        .iter()
        .filter(|e| e.inputs.len() == vars && seen.insert(e.inputs.as_slice()))
        .collect();
    if max == 0 || examples.is_empty() {
        return Vec::new();
    }
    let mut evidence: BTreeMap<i64, u32> = BTreeMap::new();
    let mut add = |value: i64, weight: u32| {
        if value.unsigned_abs() <= MAX_TASK_LITERAL.unsigned_abs()
            && grammar.literals().binary_search(&value).is_err()
        {
            *evidence.entry(value).or_default() += weight;
        }
    };
    for value in linear_fit(&examples, vars) {
        add(value, FITS_ALL);
    }
    if let Some(d) = residue(&examples, vars) {
        add(d, FITS_ALL);
    }
    for v in 0..vars {
        let column: Vec<(i64, i64)> = examples.iter().map(|e| (e.inputs[v], e.output)).collect();
        if let Some(d) = divisor(&column) {
            add(d, FITS_ALL);
        }
        if let Some(d) = modulus(&column) {
            add(d, FITS_ALL);
        }
        if let Some((unit, d)) = digit(&column) {
            add(unit, FITS_ALL);
            add(d, FITS_ALL);
        }
        for place in decimal_places(&column) {
            add(place, SCALE);
        }
        if let Some((p, q)) = floor_slope(&column) {
            add(p, FITS_ALL);
            add(q, FITS_ALL);
        }
        for (value, count, threshold) in shared_pieces(&column) {
            add(value, if count >= 3 { SHARED + HINT } else { SHARED });
            if let Some(t) = threshold {
                add(t, SHARED);
            }
        }
    }
    if let Some(g) = difference_gcd(&examples) {
        add(g, SCALE);
        if g % 2 == 0 {
            // rounding to the nearest multiple adds half of it
            add(g / 2, HINT);
        }
    }
    let mut counts: BTreeMap<i64, Vec<&Example>> = BTreeMap::new();
    for &example in &examples {
        counts.entry(example.output).or_default().push(example);
    }
    let (low, high) = (counts.keys().next().copied(), counts.keys().last().copied());
    for (&output, sharing) in &counts {
        // a constant piece (a clamp's bound, a flat fee) is an extreme
        // output that inputs not mirror images of each other share
        let mut magnitudes: Vec<Vec<u64>> = sharing
            .iter()
            .map(|e| e.inputs.iter().map(|x| x.unsigned_abs()).collect())
            .collect();
        magnitudes.sort_unstable();
        magnitudes.dedup();
        let extreme = Some(output) == low || Some(output) == high;
        if counts.len() >= 2 && extreme && magnitudes.len() >= 2 {
            add(
                output,
                if magnitudes.len() >= 3 {
                    SHARED + HINT
                } else {
                    SHARED
                },
            );
        }
    }
    let mut ranked: Vec<(i64, u32)> = evidence.into_iter().collect();
    ranked.sort_by(|(a, ea), (b, eb)| {
        eb.cmp(ea)
            .then(a.unsigned_abs().cmp(&b.unsigned_abs()))
            .then(b.cmp(a))
    });
    ranked
        .into_iter()
        .take(max)
        .map(|(value, _)| value)
        .collect()
}

/// The coefficients and offset of `y = c0 + Σ ci·vi` when integers fit
/// every example with two examples to spare.
fn linear_fit(examples: &[&Example], vars: usize) -> Vec<i64> {
    if vars == 0 || examples.len() < vars + 3 {
        return Vec::new();
    }
    let ones = vec![1i128; examples.len()];
    let columns: Vec<Vec<i128>> = (0..vars)
        .map(|v| examples.iter().map(|e| i128::from(e.inputs[v])).collect())
        .collect();
    let outputs: Vec<i128> = examples.iter().map(|e| i128::from(e.output)).collect();
    let mut all: Vec<&[i128]> = vec![&ones];
    all.extend(columns.iter().map(Vec::as_slice));
    let Solved::Unique(solution) = exact::solve(&all, &outputs) else {
        return Vec::new();
    };
    if solution.iter().any(|r| r.den != 1) {
        return Vec::new();
    }
    solution
        .iter()
        .filter_map(|r| i64::try_from(r.num).ok())
        .collect()
}

/// The roundest `d ≥ 2` with `y = v div d` on every example, if two or more
/// examples have a nonzero quotient (else any large `d` fits).
fn divisor(column: &[(i64, i64)]) -> Option<i64> {
    let (mut lo, mut hi) = (2i64, MAX_TASK_LITERAL);
    let mut informative = 0;
    for &(v, y) in column {
        if y >= 1 && v >= 0 {
            // d·y ≤ v < d·(y + 1)
            hi = hi.min(v / y);
            lo = lo.max(v / y.saturating_add(1) + 1);
            informative += 1;
        } else if y == 0 && v >= 0 {
            lo = lo.max(v.saturating_add(1));
        } else {
            return None;
        }
    }
    if informative < 2 || lo > hi {
        return None;
    }
    roundest(lo, hi).filter(|&d| column.iter().all(|&(v, y)| v.div_euclid(d) == y))
}

/// The smallest `d` above every output with `y = v mod d` on every example,
/// if two or more examples wrap (`v ≠ y`).
fn modulus(column: &[(i64, i64)]) -> Option<i64> {
    let mut g: i64 = 0;
    let mut wrapped = 0;
    let mut top: i64 = 0;
    for &(v, y) in column {
        if y < 0 {
            return None;
        }
        top = top.max(y);
        let gap = v.checked_sub(y)?;
        if gap != 0 {
            g = gcd(g, gap);
            wrapped += 1;
        }
    }
    if wrapped < 2 || g <= top.max(1) {
        return None;
    }
    let d = (top + 1..=g.min(MAX_TASK_LITERAL))
        .find(|d| g % d == 0)
        .unwrap_or(g);
    column
        .iter()
        .all(|&(v, y)| v.rem_euclid(d) == y)
        .then_some(d)
}

/// Rates and offsets that two or more examples share: an integer ratio
/// `y / v` (|ratio| ≥ 2, `|v| ≥ 2`) or a difference `y - v`, with how many
/// examples share it and, when those examples lie on one side of the rest
/// in `v`, the roundest threshold between them (`(ite (< q 10) (* q 5) …)`
/// gives 5 and 10).
fn shared_pieces(column: &[(i64, i64)]) -> Vec<(i64, usize, Option<i64>)> {
    let mut by_piece: BTreeMap<(bool, i64), Vec<i64>> = BTreeMap::new();
    for &(v, y) in column {
        if v.unsigned_abs() >= 2 && y % v == 0 && (y / v).unsigned_abs() >= 2 {
            by_piece.entry((true, y / v)).or_default().push(v);
        }
        if let Some(offset) = y.checked_sub(v) {
            by_piece.entry((false, offset)).or_default().push(v);
        }
    }
    let mut pieces = Vec::new();
    for ((is_rate, value), inputs) in by_piece {
        // a piece all examples share is a whole rule, not a piece
        if inputs.len() < 2 || inputs.len() == column.len() && value.unsigned_abs() <= 3 {
            continue;
        }
        let (lo, hi) = (
            inputs.iter().copied().min().unwrap_or(0),
            inputs.iter().copied().max().unwrap_or(0),
        );
        let others: Vec<i64> = column
            .iter()
            .map(|&(v, _)| v)
            .filter(|v| !inputs.contains(v))
            .collect();
        let threshold = if others.is_empty() {
            None
        } else if others.iter().all(|&v| v > hi) {
            let next = others.iter().copied().min().unwrap_or(hi);
            roundest(hi.saturating_add(1), next)
        } else if others.iter().all(|&v| v < lo) {
            let previous = others.iter().copied().max().unwrap_or(lo);
            roundest(previous.saturating_add(1), lo)
        } else {
            None
        };
        // a rate of every example is a whole rule; an offset or a rate of
        // some is a piece only with a threshold between them and the rest
        let whole = others.is_empty() && is_rate;
        if whole || threshold.is_some() {
            pieces.push((value, inputs.len(), threshold));
        }
    }
    pieces
}

/// Moduli people use, tried after the smallest one above every output.
const MODULI: [i64; 9] = [7, 10, 12, 24, 30, 60, 100, 365, 1000];

/// A modulus `d` with `y = (c0 + Σ ci·vi) mod d` on every example for
/// small coefficients `ci` in `-1..=3` (up to three variables): a cycle
/// (`(mod (+ h k) 24)`), a weekday, a digit.
fn residue(examples: &[&Example], vars: usize) -> Option<i64> {
    if vars == 0 || vars > 3 || examples.len() < 4 {
        return None;
    }
    let top = examples.iter().map(|e| e.output).max()?;
    if examples.iter().any(|e| e.output < 0) || !(3..MAX_TASK_LITERAL).contains(&top) {
        return None;
    }
    let distinct: std::collections::BTreeSet<i64> = examples.iter().map(|e| e.output).collect();
    if distinct.len() < 3 {
        return None;
    }
    let mut moduli: Vec<i64> = (top + 1..=(top + 1).saturating_mul(2).min(top + 64)).collect();
    moduli.extend(MODULI.iter().copied().filter(|&d| d > top));
    moduli.sort_unstable();
    moduli.dedup();
    let combos = 5usize.pow(u32::try_from(vars).ok()?);
    for d in moduli {
        for combo in 0..combos {
            let mut rest = combo;
            let coefficients: Vec<i64> = (0..vars)
                .map(|_| {
                    let c = i64::try_from(rest % 5).unwrap_or(0) - 1;
                    rest /= 5;
                    c
                })
                .collect();
            if coefficients.iter().all(|&c| c == 0) {
                continue;
            }
            let sum = |e: &Example| {
                e.inputs
                    .iter()
                    .zip(&coefficients)
                    .map(|(&x, &c)| i128::from(x) * i128::from(c))
                    .sum::<i128>()
            };
            let d128 = i128::from(d);
            let c0 = (i128::from(examples[0].output) - sum(examples[0])).rem_euclid(d128);
            // the sum must wrap somewhere, else this is no modulus
            let wraps = examples.iter().any(|e| sum(e) + c0 != i128::from(e.output));
            if wraps
                && examples
                    .iter()
                    .all(|e| (sum(e) + c0).rem_euclid(d128) == i128::from(e.output))
            {
                return Some(d);
            }
        }
    }
    None
}

/// Units people count in: a digit's place, seconds, minutes, hours.
const UNITS: [i64; 6] = [10, 100, 1000, 60, 3600, 24];

/// A unit `b` and modulus `d` with `y = (v div b) mod d` on every
/// example, two or more of which wrap: a digit (`(mod (div n 10) 10)`),
/// the minutes of a count of seconds.
fn digit(column: &[(i64, i64)]) -> Option<(i64, i64)> {
    let top = column.iter().map(|&(_, y)| y).max()?;
    if column.len() < 4 || top < 3 || column.iter().any(|&(v, y)| y < 0 || v < 0) {
        return None;
    }
    for unit in UNITS {
        for d in MODULI.iter().copied().filter(|&d| d > top) {
            let wraps = column.iter().filter(|&&(v, _)| v / unit >= d).count();
            if wraps >= 2 && column.iter().all(|&(v, y)| (v / unit) % d == y) {
                return Some((unit, d));
            }
        }
    }
    None
}

/// The places of `v`'s decimal digits (10, then 100 and 1000 where `v`
/// reaches them) when the output is made of those digits: `y ≡ v (mod 9)`
/// on every example, as a digit sum or a reordering of the digits keeps
/// (`y ≠ v` on two or more).
fn decimal_places(column: &[(i64, i64)]) -> Vec<i64> {
    let differs = column.iter().filter(|&&(v, y)| v != y).count();
    let top = column.iter().map(|&(v, _)| v).max().unwrap_or(0);
    if column.len() < 4
        || differs < 2
        || top < 10
        || column
            .iter()
            .any(|&(v, y)| v < 0 || y < 0 || v.rem_euclid(9) != y.rem_euclid(9))
    {
        return Vec::new();
    }
    [10, 100, 1000].into_iter().filter(|&p| top >= p).collect()
}

/// The simplest rational slope `p / q` (`q` up to 100) with
/// `y = (p·v + c) div q` on every example for some `c`, when `q ≥ 2`
/// (`(div (* c 15) 100)` gives 3 and 20).
fn floor_slope(column: &[(i64, i64)]) -> Option<(i64, i64)> {
    if column.len() < 4 {
        return None;
    }
    let (&(v0, y0), &(v1, y1)) = (
        column.iter().min_by_key(|(v, _)| *v)?,
        column.iter().max_by_key(|(v, _)| *v)?,
    );
    let run = i128::from(v1) - i128::from(v0);
    if run <= 0 {
        return None;
    }
    let rise = i128::from(y1) - i128::from(y0);
    for q in 2..=100i128 {
        // y ≈ p v / q: p near q · rise / run
        let centre = (q * rise).div_euclid(run);
        for p in centre - 1..=centre + 1 {
            if p == 0 || p % q == 0 {
                continue;
            }
            // q·y ≤ p·v + c < q·(y + 1) for every example
            let (mut lo, mut hi) = (i128::MIN, i128::MAX);
            for &(v, y) in column {
                let pv = p.checked_mul(i128::from(v))?;
                let qy = q.checked_mul(i128::from(y))?;
                lo = lo.max(qy.checked_sub(pv)?);
                hi = hi.min(qy.checked_add(q - 1)?.checked_sub(pv)?);
            }
            if lo <= hi {
                return Some((i64::try_from(p).ok()?, i64::try_from(q).ok()?));
            }
        }
    }
    None
}

/// The greatest common divisor of the outputs' differences, when at least
/// three outputs differ and it is 4 or more.
fn difference_gcd(examples: &[&Example]) -> Option<i64> {
    let first = examples.first()?.output;
    let mut g: i64 = 0;
    let mut distinct = std::collections::BTreeSet::new();
    for example in examples {
        distinct.insert(example.output);
        g = gcd(g, example.output.checked_sub(first)?);
    }
    (distinct.len() >= 3 && g >= 4).then_some(g)
}

fn gcd(a: i64, b: i64) -> i64 {
    let (mut a, mut b) = (a.unsigned_abs(), b.unsigned_abs());
    while b != 0 {
        (a, b) = (b, a % b);
    }
    i64::try_from(a).unwrap_or(i64::MAX)
}

/// The roundest integer in `lo..=hi`: a multiple of the largest of 1, 5,
/// 10, 50, 100, 500, … that has one there, and of those the nearest the
/// middle of the range (the threshold farthest from the examples on either
/// side; the smaller on a tie); `lo` where no multiple of 5 is there: 60
/// in 58..=61, 100 in 97..=104, 50 in 19..=57, 15 in 13..=18, 11 in
/// 11..=14.
fn roundest(lo: i64, hi: i64) -> Option<i64> {
    let bound = MAX_TASK_LITERAL;
    if lo > hi || lo < -bound || hi > bound {
        return None;
    }
    let reach = lo.unsigned_abs().max(hi.unsigned_abs());
    // 5, 10, 50, 100, … up to the range's magnitude, the roundest first
    let mut steps: Vec<i64> = Vec::new();
    let (mut step, mut factor): (i64, i64) = (5, 2);
    while step.unsigned_abs() <= reach {
        steps.push(step);
        step *= factor;
        factor = 7 - factor; // ×2, ×5, ×2, …
    }
    let middle = i128::from(lo) + i128::from(hi);
    for &step in steps.iter().rev() {
        let first = lo.div_euclid(step) * step + if lo.rem_euclid(step) == 0 { 0 } else { step };
        if first > hi {
            continue;
        }
        let last = hi.div_euclid(step) * step;
        // the multiple nearest (lo + hi) / 2, compared doubled
        let count = (last - first) / step;
        let near = (0..=count)
            .map(|k| first + k * step)
            .min_by_key(|&m| ((2 * i128::from(m) - middle).abs(), m));
        return near;
    }
    Some(lo)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dsl::Vars;

    fn grammar(vars: &[&str]) -> Grammar {
        Grammar::new(Vars::new(vars).unwrap())
    }

    fn rows(inputs: &[&[i64]], f: impl Fn(&[i64]) -> i64) -> Vec<Example> {
        inputs.iter().map(|x| Example::new(*x, f(x))).collect()
    }

    const ONE: &[&[i64]] = &[
        &[438],
        &[75],
        &[1999],
        &[61],
        &[600],
        &[44],
        &[1234],
        &[359],
    ];

    #[test]
    fn formulas_give_their_constants() {
        let g = grammar(&["x"]);
        let first = |f: fn(&[i64]) -> i64| task_literals(&g, &rows(ONE, f), 3)[0];
        assert_eq!(first(|x| x[0] / 60), 60);
        assert_eq!(first(|x| x[0] % 60), 60);
        assert_eq!(first(|x| x[0] % 10), 10);
        assert_eq!(first(|x| x[0] * 100), 100);
        assert_eq!(first(|x| 60 * x[0] + 7), 60);
        assert_eq!(first(|x| x[0].clamp(0, 100)), 100);
        let clock = [[3, 15], [0, 59], [23, 0], [12, 30], [7, 7], [19, 44]];
        let clock: Vec<&[i64]> = clock.iter().map(|r| &r[..]).collect();
        let two = grammar(&["h", "m"]);
        let found = task_literals(&two, &rows(&clock, |x| 60 * x[0] + x[1]), 3);
        assert_eq!(found[0], 60);
    }

    #[test]
    fn digits_point_to_ten_and_small_rules_to_nothing() {
        let g = grammar(&["n"]);
        let tens = task_literals(&g, &rows(ONE, |x| (x[0] / 10) % 10), 3);
        assert!(tens.contains(&10), "{tens:?}");
        let three: &[&[i64]] = &[
            &[123],
            &[907],
            &[450],
            &[318],
            &[777],
            &[261],
            &[599],
            &[104],
        ];
        let digit_sum = |x: &[i64]| x[0] / 100 + x[0] / 10 % 10 + x[0] % 10;
        let sums = task_literals(&g, &rows(three, digit_sum), 3);
        assert!(sums.contains(&10) && sums.contains(&100), "{sums:?}");
        let reverse = |x: &[i64]| x[0] % 10 * 100 + x[0] / 10 % 10 * 10 + x[0] / 100;
        let reversed = task_literals(&g, &rows(three, reverse), 3);
        assert!(
            reversed.contains(&10) && reversed.contains(&100),
            "{reversed:?}"
        );
        // x + 1 and 2x need no literal beyond 0..=3
        assert!(task_literals(&g, &rows(ONE, |x| x[0] + 1), 3).is_empty());
        assert!(task_literals(&g, &rows(ONE, |x| 2 * x[0]), 3).is_empty());
        assert!(task_literals(&g, &rows(ONE, |x| x[0] * x[0]), 3).is_empty());
        assert!(task_literals(&g, &rows(ONE, |x| 60 * x[0]), 0).is_empty());
    }

    #[test]
    fn the_same_examples_give_the_same_literals_and_at_most_max() {
        let g = grammar(&["x"]);
        let examples = rows(ONE, |x| x[0].clamp(50, 100) * 7 % 1000);
        let once = task_literals(&g, &examples, 2);
        assert!(once.len() <= 2);
        assert_eq!(once, task_literals(&g, &examples, 2));
        assert!(once.iter().all(|l| g.literals().binary_search(l).is_err()));
    }

    #[test]
    fn huge_and_extreme_values_do_not_overflow() {
        let g = grammar(&["x"]);
        let examples = vec![
            Example::new([i64::MIN], i64::MAX),
            Example::new([i64::MAX], i64::MIN),
            Example::new([0], i64::MIN),
            Example::new([-1], 0),
            Example::new([1], i64::MAX),
        ];
        let found = task_literals(&g, &examples, 8);
        assert!(found
            .iter()
            .all(|l| l.unsigned_abs() <= MAX_TASK_LITERAL.unsigned_abs()));
    }

    proptest::proptest! {
        /// Any examples, extremes included: no panic, no overflow, no
        /// endless loop, at most `max` literals, each within the bound and
        /// new to the grammar.
        #[test]
        fn any_examples_give_bounded_new_literals(
            rows in proptest::collection::vec(
                (proptest::collection::vec(value(), 2), value()),
                1..10,
            ),
            max in 0usize..5,
        ) {
            let g = grammar(&["x", "y"]);
            let examples: Vec<Example> =
                rows.into_iter().map(|(inputs, output)| Example::new(inputs, output)).collect();
            let found = task_literals(&g, &examples, max);
            proptest::prop_assert!(found.len() <= max);
            for literal in found {
                proptest::prop_assert!(literal.unsigned_abs() <= MAX_TASK_LITERAL.unsigned_abs());
                proptest::prop_assert!(!g.literals().contains(&literal));
            }
        }
    }

    fn value() -> impl proptest::strategy::Strategy<Value = i64> {
        use proptest::prelude::*;
        prop_oneof![
            -20i64..200,
            Just(i64::MIN),
            Just(i64::MAX),
            Just(i64::MAX - 1),
            Just(i64::MIN + 1),
            (1i64..=1 << 40).prop_map(|x| x * 60),
            any::<i64>(),
        ]
    }

    #[test]
    fn roundest_prefers_trailing_zeros() {
        assert_eq!(roundest(58, 61), Some(60));
        assert_eq!(roundest(97, 104), Some(100));
        assert_eq!(roundest(7, 7), Some(7));
        assert_eq!(roundest(11, 14), Some(11));
        assert_eq!(roundest(13, 18), Some(15));
        // 50 is rounder than 20, 30 or 40; of 10 and 20, 20 is nearer the
        // middle of 4..=34 (the farthest from the examples either side)
        assert_eq!(roundest(19, 57), Some(50));
        assert_eq!(roundest(4, 34), Some(20));
        assert_eq!(roundest(4, 71), Some(50));
        assert_eq!(roundest(-57, -19), Some(-50));
        assert_eq!(roundest(120, 480), Some(300));
        assert_eq!(roundest(101, 1999), Some(1000));
        assert_eq!(roundest(5, 4), None);
    }
}
