//! Questions: an input on which the fitting programs disagree, an input
//! that checks the best one, and the candidates left by an answer.

use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;

use super::rows::{beyond_rows, check_rows, small_rows, within_rows};
use super::Ranker;
use crate::dsl::Program;
use crate::eval::reference;
use crate::search::Spec;

/// An input (one value per variable, not among the spec's examples) on which
/// the first of `candidates` (ranked, best first) and the best-ranked
/// other that differs from it anywhere give different outputs: the answer
/// decides between the two best that can be told apart. Looked for in
/// groups, the first group with such an input wins: the inputs within the
/// range the examples span, smallest magnitudes first ([`check_input`]'s),
/// more drawn within that range, small integers (each variable in
/// −3..=3), the examples' range widened ([`beyond_rows`], 256 rows), random
/// values with extremes. Within the group, the input on which the other
/// candidates that disagree with the first weigh the most wins (each
/// weighs half the one before it: the second 1, the third ½, …), then the
/// one that splits them into the most distinct outputs, then the earliest.
/// `None` when the first agrees with every other on all of them (for
/// programs that differ only on rare inputs, the e-graph's
/// [`prove_equal`](crate::egraph::prove_equal) is the sound check).
#[must_use]
pub fn distinguishing_input(spec: &Spec, candidates: &[Program]) -> Option<Vec<i64>> {
    // a program that reads a variable the spec lacks is no candidate
    let candidates: Vec<Program> = candidates
        .iter()
        .filter(|p| p.min_vars() <= spec.vars().len())
        .cloned()
        .collect();
    let (first, others) = candidates.split_first()?;
    if others.is_empty() {
        return None;
    }
    let vars = spec.vars().len();
    let is_example = |row: &[i64]| spec.train().iter().any(|e| e.inputs == row);
    let range = beyond_rows(spec, 256);
    let mut rng = ChaCha8Rng::seed_from_u64(0xe7e3);
    let wide: Vec<Vec<i64>> = (0..1024)
        .map(|_| {
            (0..vars)
                .map(|_| crate::dsl::random::random_value(&mut rng))
                .collect::<Vec<i64>>()
        })
        .filter(|row| !is_example(row))
        .collect();
    let groups = [
        check_rows(spec),
        within_rows(spec, 256),
        small_rows(vars)
            .into_iter()
            .filter(|row| !is_example(row))
            .collect(),
        (0..range.len()).map(|i| range.row(i).to_vec()).collect(),
        wide,
    ];
    let differs = |program: &Program, row: &Vec<i64>| {
        reference::eval(program, row) != reference::eval(first, row)
    };
    let runner_up = others
        .iter()
        .find(|other| groups.iter().flatten().any(|row| differs(other, row)))?;
    let mut weight = 2.0;
    let weighted: Vec<(&Program, f64)> = others
        .iter()
        .map(|program| {
            weight /= 2.0;
            (program, weight)
        })
        .collect();
    groups.iter().find_map(|rows| {
        let parting: Vec<Vec<i64>> = rows
            .iter()
            .filter(|row| differs(runner_up, row))
            .cloned()
            .collect();
        telling_row(&parting, first, &weighted)
    })
}

/// Of `rows`, the one on which the weights of the `others` that give
/// another output than `first` add up to the most, then the one with the
/// most distinct outputs, then the earliest; `None` when all agree with
/// `first` on every row.
fn telling_row(rows: &[Vec<i64>], first: &Program, others: &[(&Program, f64)]) -> Option<Vec<i64>> {
    let mut best: Option<((f64, usize), &Vec<i64>)> = None;
    let mut outputs = Vec::with_capacity(others.len() + 1);
    for row in rows {
        let own = reference::eval(first, row);
        outputs.clear();
        outputs.push(own);
        let mut differ = 0.0;
        for &(program, weight) in others {
            let output = reference::eval(program, row);
            if output != own {
                differ += weight;
            }
            outputs.push(output);
        }
        if differ == 0.0 {
            continue;
        }
        outputs.sort_unstable();
        outputs.dedup();
        let score = (differ, outputs.len());
        let better = best.as_ref().is_none_or(|((weight, distinct), _)| {
            score
                .0
                .total_cmp(weight)
                .then(score.1.cmp(distinct))
                .is_gt()
        });
        if better {
            best = Some((score, row));
        }
    }
    best.map(|(_, row)| row.clone())
}

/// An input to check the best fitting program on when the candidates
/// agree (or there is only one): the first input that is not an example,
/// smallest magnitudes first, with each variable within the range its
/// examples span (small integers −3..=3 where that range holds them; the
/// end nearest zero of a range such as 100..=999). Examples often come
/// from a wide range, where the small inputs (zero, negatives, the edge
/// cases of `div` and `mod`) are untested; a wrong program that agrees with
/// the other candidates elsewhere is often told apart there, and keeping
/// to the examples' range asks only about inputs like the ones given. Each
/// answer becomes an example, so each call gives the next input. The
/// answer goes to [`refine`] like any other: it keeps the program, or
/// starts a new search. `None` when every such input is an example
/// already. [`check_input_for`] chooses among the same inputs where the
/// program's near alternatives disagree with it.
///
/// ```
/// use arithsynth::search::{check_input, Spec};
/// use arithsynth::{Example, Grammar, Vars};
///
/// let grammar = Grammar::new(Vars::new(["x"])?);
/// let train = vec![Example::new(&[-20], 5), Example::new(&[0], 5), Example::new(&[40], 45)];
/// let spec = Spec::new(grammar.clone(), train, Vec::new())?;
/// assert_eq!(check_input(&spec), Some(vec![-1]));
/// // three-digit inputs: a three-digit check
/// let train = vec![Example::new(&[312], 6), Example::new(&[946], 19)];
/// let spec = Spec::new(grammar, train, Vec::new())?;
/// assert_eq!(check_input(&spec), Some(vec![313]));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[must_use]
pub fn check_input(spec: &Spec) -> Option<Vec<i64>> {
    check_rows(spec).into_iter().next()
}

/// An input to check `program` (a fit of the spec's examples) on: an input
/// within the range the examples span, not an example, on which most of
/// the program's fitting [neighbours](crate::search::neighbours) give another
/// output than it does; looked for first among [`check_input`]'s inputs
/// (smallest magnitudes), then among more drawn from that range, the
/// earliest on a tie. The neighbours are the programs one edit away (an
/// operator swapped, a subterm replaced by a leaf or one operator over
/// leaves): `x − 2` for `x + 2`, `3 mod x` for `3`, a threshold of 50 for
/// one of 20. Those that fit every example are the near alternatives the
/// examples cannot rule out, so the check goes where a near miss would
/// show. Where no fitting neighbour differs from the program on those
/// inputs, this is [`check_input`]. `None` when every such input is an
/// example already.
///
/// ```
/// use arithsynth::eval::reference::eval;
/// use arithsynth::search::{check_input, check_input_for, Spec};
/// use arithsynth::{Example, Grammar, Vars};
///
/// let grammar = Grammar::new(Vars::new(["x"])?).with_literals([6]);
/// // 3 + (3 mod (x + 2)) and 3 + (3 mod (x - 2)) fit these; they differ at ±3, ±4, ±5
/// let found = grammar.parse("(+ 3 (mod 3 (+ x 2)))")?;
/// let xs = [130, 16, -8, 7, -18, 1, -17, -16, -2];
/// let train = xs.map(|x| Example::new([x], eval(&found, &[x])));
/// let spec = Spec::new(grammar.clone(), train.to_vec(), Vec::new())?;
/// assert_eq!(check_input(&spec), Some(vec![0]));       // where both give 4
/// let check = check_input_for(&spec, &found).expect("inputs are left");
/// let meant = grammar.parse("(+ 3 (mod 3 (- x 2)))")?;
/// assert_ne!(eval(&found, &check), eval(&meant, &check)); // where a near miss shows
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[must_use]
pub fn check_input_for(spec: &Spec, program: &Program) -> Option<Vec<i64>> {
    if program.min_vars() > spec.vars().len() {
        return None;
    }
    let nearest = check_rows(spec);
    let fallback = nearest.first()?.clone();
    let within = within_rows(spec, 256);
    let examples = spec.train().len();
    // one neighbour per behaviour on those rows: equivalent ones count once
    let mut behaviours = std::collections::BTreeMap::new();
    for neighbour in crate::search::neighbours::neighbours(program, spec.grammar()) {
        if spec.matched(&neighbour) == examples {
            let column: Vec<i64> = nearest
                .iter()
                .chain(&within)
                .map(|row| reference::eval(&neighbour, row))
                .collect();
            match behaviours.entry(column) {
                std::collections::btree_map::Entry::Vacant(slot) => {
                    slot.insert(neighbour);
                }
                std::collections::btree_map::Entry::Occupied(mut slot) => {
                    if neighbour.size() < slot.get().size() {
                        slot.insert(neighbour);
                    }
                }
            }
        }
    }
    // Occam's prior over the alternatives: each node past the program's
    // size halves a neighbour's weight
    let others: Vec<(&Program, f64)> = behaviours
        .values()
        .map(|p| {
            let grown = p.size().saturating_sub(program.size());
            (p, 0.5f64.powi(i32::try_from(grown).unwrap_or(i32::MAX)))
        })
        .collect();
    [nearest, within]
        .iter()
        .find_map(|rows| telling_row(rows, program, &others))
        .or(Some(fallback))
}

/// The spec with one more training example, and what is left of
/// `solution` under it: its candidates that give `example`'s output,
/// ranked anew by `ranker` (`None` when none does: search again with the
/// new spec).
///
/// # Errors
///
/// [`SpecError`](crate::search::SpecError) when the example does not fit the spec
/// (wrong width, or it contradicts an example with the same inputs).
pub fn refine(
    spec: &Spec,
    solution: &crate::search::Solution,
    example: crate::dsl::Example,
    ranker: &dyn Ranker,
) -> Result<(Spec, Option<crate::search::Solution>), crate::search::SpecError> {
    let mut train = spec.train().to_vec();
    train.push(example.clone());
    let refined = spec.with_train(train)?;
    let mut left = solution.clone();
    let vars = refined.vars().len();
    left.ranked.retain(|c| {
        c.program.min_vars() <= vars
            && reference::eval(&c.program, &example.inputs) == example.output
    });
    if left.ranked.is_empty() {
        return Ok((refined, None));
    }
    left.rerank(&refined, ranker);
    Ok((refined, Some(left)))
}
