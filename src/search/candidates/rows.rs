//! Rows beyond the examples: where fitting programs are told apart,
//! checked, and asked about.

use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

use crate::dsl::Inputs;
use crate::search::Spec;

/// `count` rows beyond the spec's training examples: a few extremes (all
/// zeros, all −1, ten times past each end of the examples' range), then
/// values drawn uniformly from the examples' range widened by half its span
/// on each side, per variable, with a fixed seed. Rows equal to a training
/// example's inputs are skipped.
#[must_use]
pub fn beyond_rows(spec: &Spec, count: usize) -> Inputs {
    let vars = spec.vars().len();
    let train = spec.train();
    let ranges: Vec<(i64, i64)> = example_ranges(spec)
        .into_iter()
        .map(|(lo, hi)| {
            let half = hi.saturating_sub(lo) / 2 + 2;
            (lo.saturating_sub(half), hi.saturating_add(half))
        })
        .collect();
    let extremes: [Vec<i64>; 4] = [
        vec![0; vars],
        vec![-1; vars],
        ranges
            .iter()
            .map(|&(_, hi)| hi.saturating_mul(10).saturating_add(7))
            .collect(),
        ranges
            .iter()
            .map(|&(lo, _)| lo.saturating_mul(10).saturating_sub(7))
            .collect(),
    ];
    let mut rows: Vec<Vec<i64>> = Vec::with_capacity(count);
    for row in extremes.into_iter().take(count / 2) {
        if !rows.contains(&row) && !train.iter().any(|e| e.inputs == row) {
            rows.push(row);
        }
    }
    let rows = draw_rows(spec, &ranges, 0x00be_704d, rows, count);
    Inputs::from_rows(vars, rows.iter().map(Vec::as_slice))
        .expect("rows of the spec's arity, at most MAX_VARS columns")
}

/// Inputs of small integers (each variable in −3..=3; at most 7^3 rows,
/// more variables draw them at random), smallest magnitudes first.
pub(super) fn small_rows(vars: usize) -> Vec<Vec<i64>> {
    rows_of(&vec![(-3..=3).collect(); vars])
}

/// Every input whose variables take the given values (at most 7^3 rows;
/// more variables draw 343 at random), smallest magnitudes first.
fn rows_of(values: &[Vec<i64>]) -> Vec<Vec<i64>> {
    let mut rows: Vec<Vec<i64>> = if values.len() <= 3 {
        let mut rows = vec![Vec::new()];
        for choices in values {
            rows = rows
                .into_iter()
                .flat_map(|row: Vec<i64>| {
                    choices.iter().map(move |&v| {
                        let mut next = row.clone();
                        next.push(v);
                        next
                    })
                })
                .collect();
        }
        rows
    } else {
        let mut rng = ChaCha8Rng::seed_from_u64(0x5a11);
        (0..343)
            .map(|_| {
                values
                    .iter()
                    .map(|choices| choices[rng.random_range(0..choices.len())])
                    .collect()
            })
            .collect()
    };
    rows.sort_by_key(|row| {
        (
            row.iter()
                .map(|v| u128::from(v.unsigned_abs()))
                .sum::<u128>(),
            row.clone(),
        )
    });
    rows
}

/// The `count` values of `lo..=hi` nearest to zero, nearest first.
fn nearest_zero(lo: i64, hi: i64, count: usize) -> Vec<i64> {
    let start = 0.clamp(lo, hi);
    let mut values = vec![start];
    for step in 1..=i64::try_from(count).unwrap_or(i64::MAX) {
        for v in [start.saturating_sub(step), start.saturating_add(step)] {
            if (lo..=hi).contains(&v) && !values.contains(&v) {
                values.push(v);
            }
        }
    }
    values.sort_by_key(|v| (v.unsigned_abs(), *v));
    values.truncate(count);
    values
}

/// Each variable's range over the examples, `lo..=hi` (`0..=0` without
/// examples).
fn example_ranges(spec: &Spec) -> Vec<(i64, i64)> {
    let train = spec.train();
    (0..spec.vars().len())
        .map(|var| {
            let values = train.iter().map(|e| e.inputs[var]);
            let lo = values.clone().min().unwrap_or(0);
            (lo, values.max().unwrap_or(0))
        })
        .collect()
}

/// `rows` (distinct, none an example), then rows drawn uniformly from
/// `ranges` with a fixed seed up to `count` in all (fewer where the
/// ranges hold too few), skipping the spec's examples and rows already
/// there.
fn draw_rows(
    spec: &Spec,
    ranges: &[(i64, i64)],
    seed: u64,
    mut rows: Vec<Vec<i64>>,
    count: usize,
) -> Vec<Vec<i64>> {
    let train = spec.train();
    let seen = |rows: &Vec<Vec<i64>>, row: &Vec<i64>| {
        rows.contains(row) || train.iter().any(|e| &e.inputs == row)
    };
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let mut tries = 0;
    while rows.len() < count && tries < count * 64 {
        tries += 1;
        let row: Vec<i64> = ranges
            .iter()
            .map(|&(lo, hi)| rng.random_range(lo..=hi))
            .collect();
        if !seen(&rows, &row) {
            rows.push(row);
        }
    }
    rows
}

/// Up to `count` rows within the range the examples span (each variable
/// between its smallest and largest example value), drawn with a fixed
/// seed, none an example.
pub(super) fn within_rows(spec: &Spec, count: usize) -> Vec<Vec<i64>> {
    draw_rows(spec, &example_ranges(spec), 0x0057_a4e5, Vec::new(), count)
}

/// The inputs [`check_input`] chooses from, in its order.
pub(super) fn check_rows(spec: &Spec) -> Vec<Vec<i64>> {
    let train = spec.train();
    let values: Vec<Vec<i64>> = example_ranges(spec)
        .into_iter()
        .map(|(lo, hi)| {
            // a range of fewer than 7 values (one example, say) widens
            // around itself
            if hi.saturating_sub(lo) < 6 {
                nearest_zero(lo.saturating_sub(3), hi.saturating_add(3), 7)
            } else {
                nearest_zero(lo, hi, 7)
            }
        })
        .collect();
    rows_of(&values)
        .into_iter()
        .filter(|row| train.iter().all(|e| e.inputs != *row))
        .collect()
}
