//! Fitting candidates: the distinct programs that fit the examples, kept a
//! little past the first one found, ranked, and the questions that tell
//! them apart.
//!
//! With few examples many programs fit; the smallest is often not the one
//! meant. A search therefore judges programs on the examples *and* on rows
//! beyond them ([`beyond_rows`]: drawn from the examples' input range, plus
//! a few extremes), so that programs that fit but differ elsewhere stay
//! apart, and keeps those that fit within a window past the first
//! ([`CandidateConfig::alternatives`]). A [`Ranker`] orders them; [`distinguishing_input`]
//! finds an input on which the top candidates disagree, to ask for one more
//! example.
//!
//! ```
//! use arithsynth::search::{
//!     distinguishing_input, Budget, CandidateConfig, Enumerative, Spec, Strategy,
//! };
//! use arithsynth::{Example, Grammar, Vars};
//!
//! // two rows: x + x, x * x, (x * x * x) div 2 ... all fit them
//! let grammar = Grammar::new(Vars::new(["x"])?);
//! let spec = Spec::new(grammar, vec![Example::new([0], 0), Example::new([2], 4)], vec![])?;
//! let search = Enumerative {
//!     candidates: CandidateConfig::alternatives(),
//!     ..Enumerative::default()
//! };
//! let outcome = search.solve(&spec, &Budget::candidates(100_000))?;
//! let solution = outcome.solution().expect("small programs fit");
//! assert!(solution.ranked.len() > 1);
//! let programs: Vec<_> = solution.ranked.iter().map(|c| c.program.clone()).collect();
//! let question = distinguishing_input(&spec, &programs).expect("x + x and x * x differ");
//! assert_ne!(question, [0]);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use std::collections::BTreeMap;

use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

use super::Spec;
use crate::dsl::{Inputs, Program};
use crate::eval::reference;

/// How many fitting programs a search keeps, and how far it looks past the
/// first.
///
/// Two ways to keep more than the first fit:
///
/// - [`CandidateConfig::ranked`] (the hybrid's default) collects the
///   programs the enumeration drops as duplicates of a fit (same outputs on
///   the examples), tells them apart on rows beyond the examples with the
///   reference interpreter, and lets the ranker ([`Prior`](super::Prior))
///   choose. The enumeration itself is the same as for the first fit
///   alone.
/// - [`CandidateConfig::alternatives`] judges every candidate on rows
///   beyond the examples as well, so that programs that differ there are
///   banked apart and their larger combinations are reached too: about
///   twice the time per candidate (`bench enumerate`), what questions
///   ([`distinguishing_input`], sessions) use.
///
/// [`CandidateConfig::default`] keeps the first fit only (Occam's
/// choice).
#[derive(Clone, Copy, Debug, PartialEq)]
#[must_use]
pub struct CandidateConfig {
    /// Keep fitting programs up to this many nodes larger than the smallest
    /// (Δ). Default: 0; alternatives: 2 (one more binary operator and
    /// leaf: the next size up in a grammar of binary operators).
    pub window: usize,
    /// Most candidates kept (K). Default: 1; alternatives: 8.
    pub max_candidates: usize,
    /// Rows beyond the examples that programs are told apart on (R).
    /// Default: 0; alternatives: 8.
    pub extra_rows: usize,
    /// After the first fit, the search goes on for at most this share of
    /// the candidates it took to find it (at least `min_extra_candidates`
    /// when positive), within the window. Default: 0; alternatives and
    /// ranked: 0.25.
    pub extra_effort: f64,
    /// Candidates a search may always spend past its first fit when
    /// `extra_effort` is positive. Default: 0; alternatives and ranked:
    /// [`MIN_EXTRA_CANDIDATES`].
    pub min_extra_candidates: u64,
    /// Collect the fitting programs the enumeration drops as duplicates of
    /// a fit on the examples ([`Enumerator::watch`](crate::enumerate::Enumerator::watch)),
    /// told apart on [`FIT_ROWS`] rows beyond the examples when
    /// `extra_rows` is 0. Default: false; ranked: true.
    pub duplicates: bool,
}

/// Rows beyond the examples that collected fits are told apart on, when
/// the enumeration judges no rows beyond the examples itself.
pub const FIT_ROWS: usize = 16;

/// Duplicates of a fit an enumeration holds between two takes.
const WATCH_MAX: usize = 4096;

/// Candidates a search keeping alternatives may always spend past its
/// first fit ([`CandidateConfig::alternatives`]).
pub const MIN_EXTRA_CANDIDATES: u64 = 20_000;

/// One candidate, the first (smallest) fit.
impl Default for CandidateConfig {
    fn default() -> Self {
        CandidateConfig {
            window: 0,
            max_candidates: 1,
            extra_rows: 0,
            extra_effort: 0.0,
            min_extra_candidates: 0,
            duplicates: false,
        }
    }
}

impl CandidateConfig {
    /// Up to 8 fitting programs within two nodes of the smallest, told apart
    /// on 8 rows beyond the examples, for a quarter more effort past the
    /// first fit: what questions need.
    pub fn alternatives() -> CandidateConfig {
        CandidateConfig {
            window: 2,
            max_candidates: 8,
            extra_rows: 8,
            extra_effort: 0.25,
            min_extra_candidates: MIN_EXTRA_CANDIDATES,
            duplicates: false,
        }
    }

    /// Up to 16 fitting programs within two nodes of the smallest, from
    /// the enumeration's duplicates of a fit, for a quarter more effort
    /// past the first fit (at least [`MIN_EXTRA_CANDIDATES`]): what the
    /// ranker chooses among. The enumeration's bank is the one of the
    /// first fit alone; the duplicates cost a comparison of hashes per
    /// candidate, and each fit an evaluation on [`FIT_ROWS`] rows.
    pub fn ranked() -> CandidateConfig {
        CandidateConfig {
            window: 2,
            max_candidates: 16,
            extra_rows: 0,
            extra_effort: 0.25,
            min_extra_candidates: MIN_EXTRA_CANDIDATES,
            duplicates: true,
        }
    }

    /// Whether more than the first fit is kept.
    #[must_use]
    pub fn keeps_alternatives(&self) -> bool {
        self.max_candidates > 1 && (self.extra_rows > 0 || self.duplicates)
    }

    /// Rows beyond the examples fits are told apart on.
    #[must_use]
    pub fn fit_rows(&self) -> usize {
        if self.extra_rows == 0 && self.duplicates && self.max_candidates > 1 {
            FIT_ROWS
        } else {
            self.extra_rows
        }
    }

    /// `enumerator`, watching `outputs` when duplicates are collected.
    pub(crate) fn watching(
        &self,
        enumerator: crate::enumerate::Enumerator,
        outputs: &[i64],
    ) -> crate::enumerate::Enumerator {
        if self.duplicates && self.max_candidates > 1 {
            enumerator.watch(outputs.to_vec(), WATCH_MAX)
        } else {
            enumerator
        }
    }
}

/// A program that fits every training example, with its rank's score.
#[derive(Clone, Debug, PartialEq)]
pub struct Candidate {
    /// The program.
    pub program: Program,
    /// Its score under the ranker (higher is better).
    pub score: f64,
    /// Rows beyond the examples ([`beyond_rows`]) on which it gives another
    /// output than the first candidate (0 for the first).
    pub disagreement: usize,
}

/// Orders fitting programs: a higher score is more likely the program
/// meant. Ties are broken by size, then by the root operator in the
/// enumeration's order ([`GENERATION_ORDER`](crate::enumerate::GENERATION_ORDER):
/// `+ - *` before the branches, the branches before `div` and `mod`, as
/// the first fit of a size would be), then by the programs' own order, so
/// a ranking never depends on the order candidates were found in.
pub trait Ranker {
    /// A short name for results.
    fn name(&self) -> &str;

    /// The score of `program`, which fits `spec`'s training examples.
    fn score(&self, spec: &Spec, program: &Program) -> f64;
}

/// Occam's razor: the smaller, the better (score = −size).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Occam;

impl Ranker for Occam {
    fn name(&self) -> &str {
        "occam"
    }

    fn score(&self, _: &Spec, program: &Program) -> f64 {
        -(u32::try_from(program.size()).map_or(f64::from(u32::MAX), f64::from))
    }
}

/// Scores `programs` with `ranker` and sorts them, best first; each
/// one's disagreement is counted against the first on `beyond`.
#[must_use]
pub fn rank(
    spec: &Spec,
    programs: Vec<Program>,
    ranker: &dyn Ranker,
    beyond: &Inputs,
) -> Vec<Candidate> {
    let mut scored: Vec<(f64, Program)> = programs
        .into_iter()
        .map(|program| (ranker.score(spec, &program), program))
        .collect();
    scored.sort_by(|(a, p), (b, q)| {
        b.total_cmp(a)
            .then(p.size().cmp(&q.size()))
            .then_with(|| generation_rank(p).cmp(&generation_rank(q)))
            .then_with(|| p.cmp(q))
    });
    let rows: Vec<Vec<i64>> = (0..beyond.len()).map(|i| beyond.row(i).to_vec()).collect();
    let outputs = |program: &Program| -> Vec<i64> {
        rows.iter()
            .map(|row| reference::eval(program, row))
            .collect()
    };
    let first = scored.first().map(|(_, p)| outputs(p)).unwrap_or_default();
    scored
        .into_iter()
        .map(|(score, program)| {
            let disagreement = outputs(&program)
                .iter()
                .zip(&first)
                .filter(|(a, b)| a != b)
                .count();
            Candidate {
                program,
                score,
                disagreement,
            }
        })
        .collect()
}

/// Which of two fits a search keeps first: the lower cost under the
/// default ranker ([`Prior`](super::Prior)), the smaller, the earlier root
/// operator in the enumeration's order, the first in the programs' order.
/// Of two fits with the same outputs beyond the examples, the first is
/// kept (one idea, spelled as a person would); with too many, the last is
/// dropped. Each fit comes with its cost, computed once when offered.
fn keep_order((a, p): &(f64, Program), (b, q): &(f64, Program)) -> std::cmp::Ordering {
    a.total_cmp(b)
        .then(p.size().cmp(&q.size()))
        .then_with(|| generation_rank(p).cmp(&generation_rank(q)))
        .then_with(|| p.cmp(q))
}

/// Where `program`'s root operator comes in the enumeration's order; leaves
/// first.
fn generation_rank(program: &Program) -> usize {
    match program.root() {
        crate::dsl::Node::Op(op) => crate::enumerate::GENERATION_ORDER
            .iter()
            .position(|&o| o == op)
            .map_or(usize::MAX, |p| p + 1),
        _ => 0,
    }
}

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

/// The fitting programs a search has found so far, one per column beyond
/// the examples, the smallest kept.
#[derive(Debug)]
pub(crate) struct Fits {
    config: CandidateConfig,
    /// The rows beyond the examples programs are told apart on, when the
    /// enumeration does not give their outputs there.
    rows: Vec<Vec<i64>>,
    /// Column beyond the examples → program.
    programs: BTreeMap<Vec<i64>, (f64, Program)>,
    /// Candidates spent when the first fit came.
    first_at: Option<u64>,
    smallest: Option<usize>,
}

impl Fits {
    pub(crate) fn new(config: CandidateConfig) -> Fits {
        Fits {
            config,
            rows: Vec::new(),
            programs: BTreeMap::new(),
            first_at: None,
            smallest: None,
        }
    }

    /// Fits of `spec`, told apart on [`CandidateConfig::fit_rows`] rows
    /// beyond its examples ([`beyond_rows`]).
    pub(crate) fn for_spec(config: CandidateConfig, spec: &Spec) -> Fits {
        let rows = beyond_rows(spec, config.fit_rows());
        Fits {
            rows: (0..rows.len()).map(|i| rows.row(i).to_vec()).collect(),
            ..Fits::new(config)
        }
    }

    /// Offers a fitting program, evaluated on the rows beyond the examples
    /// by the reference interpreter.
    pub(crate) fn offer_evaluated(&mut self, program: Program, candidates: u64) {
        let beyond = self
            .rows
            .iter()
            .map(|row| reference::eval(&program, row))
            .collect();
        self.offer(program, beyond, candidates);
    }

    /// Offers the fit `enumeration` banked as `id`: its outputs beyond
    /// the `examples` rows are the enumeration's where it judges them.
    pub(crate) fn offer_banked(
        &mut self,
        enumeration: &crate::enumerate::Enumeration,
        id: crate::enumerate::ProgramId,
        examples: usize,
        candidates: u64,
    ) {
        let judged = enumeration.judged_column(id);
        let program = enumeration.program(id);
        if judged.len() > examples || self.rows.is_empty() {
            let beyond = judged.slice(examples..judged.len()).to_vec();
            self.offer(program, beyond, candidates);
        } else {
            self.offer_evaluated(program, candidates);
        }
    }

    /// Offers the duplicates of a fit `enumeration` collected
    /// ([`CandidateConfig::duplicates`]).
    pub(crate) fn take_duplicates(
        &mut self,
        enumeration: &mut crate::enumerate::Enumeration,
        candidates: u64,
    ) {
        if enumeration.has_watched() {
            for program in enumeration.take_watched() {
                self.offer_evaluated(program, candidates);
            }
        }
    }

    /// Offers a fitting program with its column beyond the examples,
    /// found after `candidates` candidates.
    pub(crate) fn offer(&mut self, program: Program, beyond: Vec<i64>, candidates: u64) {
        if self.first_at.is_none() {
            self.first_at = Some(candidates);
        }
        let size = program.size();
        if self.smallest.is_some_and(|s| size > s + self.config.window) {
            return;
        }
        self.smallest = Some(self.smallest.map_or(size, |s| s.min(size)));
        let offered = (super::Prior::cost(&program), program);
        match self.programs.get_mut(&beyond) {
            Some(known) if keep_order(known, &offered).is_le() => return,
            Some(known) => *known = offered,
            None => {
                self.programs.insert(beyond, offered);
            }
        }
        // outside the window of a smaller newcomer, or too many: drop the
        // last in the order kept
        let (smallest, window) = (self.smallest.unwrap_or(size), self.config.window);
        self.programs
            .retain(|_, (_, p)| p.size() <= smallest + window);
        while self.programs.len() > self.config.max_candidates.max(1) {
            let last = self
                .programs
                .iter()
                .max_by(|(_, p), (_, q)| keep_order(p, q))
                .map(|(key, _)| key.clone())
                .expect("more than one program");
            self.programs.remove(&last);
        }
    }

    /// Whether any program fits.
    pub(crate) fn any(&self) -> bool {
        !self.programs.is_empty()
    }

    /// Whether a search at `level` (a size) after `candidates` candidates
    /// can stop: once it has reached the smallest fit's size, past the
    /// window, enough candidates, or the extra effort spent.
    pub(crate) fn done(&self, level: usize, candidates: u64) -> bool {
        let (Some(smallest), Some(first_at)) = (self.smallest, self.first_at) else {
            return false;
        };
        if level < smallest {
            // a fit from elsewhere (a proposal, a filled hole) is larger than
            // what the enumeration has reached: a smaller one may still come
            return false;
        }
        #[expect(
            clippy::cast_possible_truncation,
            clippy::cast_sign_loss,
            clippy::cast_precision_loss,
            reason = "an effort, rounded"
        )]
        let extra = if self.config.extra_effort > 0.0 {
            ((first_at as f64 * self.config.extra_effort) as u64)
                .max(self.config.min_extra_candidates)
        } else {
            0
        };
        level > smallest + self.config.window
            || self.programs.len() >= self.config.max_candidates.max(1) && level > smallest
            || candidates.saturating_sub(first_at) >= extra
    }

    /// The programs, smallest first.
    pub(crate) fn into_programs(self) -> Vec<Program> {
        let mut programs: Vec<Program> = self.programs.into_values().map(|(_, p)| p).collect();
        programs.sort_by(|p, q| p.size().cmp(&q.size()).then_with(|| p.cmp(q)));
        programs
    }
}

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

/// Inputs of small integers (each variable in −3..=3; at most 7^3 rows,
/// more variables draw them at random), smallest magnitudes first.
fn small_rows(vars: usize) -> Vec<Vec<i64>> {
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
            row.iter().map(|v| v.unsigned_abs()).sum::<u64>(),
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
fn within_rows(spec: &Spec, count: usize) -> Vec<Vec<i64>> {
    draw_rows(spec, &example_ranges(spec), 0x0057_a4e5, Vec::new(), count)
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
/// the program's fitting [neighbours](super::neighbours) give another
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
    let nearest = check_rows(spec);
    let fallback = nearest.first()?.clone();
    let within = within_rows(spec, 256);
    let examples = spec.train().len();
    // one neighbour per behaviour on those rows: equivalent ones count once
    let mut behaviours = std::collections::BTreeMap::new();
    for neighbour in super::neighbours::neighbours(program, spec.grammar()) {
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

/// The inputs [`check_input`] chooses from, in its order.
fn check_rows(spec: &Spec) -> Vec<Vec<i64>> {
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

/// The spec with one more training example, and what is left of
/// `solution` under it: its candidates that give `example`'s output,
/// ranked anew by `ranker` (`None` when none does: search again with the
/// new spec).
///
/// # Errors
///
/// [`SpecError`](super::SpecError) when the example does not fit the spec
/// (wrong width, or it contradicts an example with the same inputs).
pub fn refine(
    spec: &Spec,
    solution: &super::Solution,
    example: crate::dsl::Example,
    ranker: &dyn Ranker,
) -> Result<(Spec, Option<super::Solution>), super::SpecError> {
    let mut train = spec.train().to_vec();
    train.push(example.clone());
    let refined = Spec::new(spec.grammar().clone(), train, spec.test().to_vec())?;
    let mut left = solution.clone();
    left.ranked
        .retain(|c| reference::eval(&c.program, &example.inputs) == example.output);
    if left.ranked.is_empty() {
        return Ok((refined, None));
    }
    left.rerank(&refined, ranker);
    Ok((refined, Some(left)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dsl::{Example, Grammar, Vars};

    fn spec(rows: &[(i64, i64)]) -> Spec {
        Spec::new(
            Grammar::new(Vars::new(["x"]).unwrap()),
            rows.iter().map(|&(x, y)| Example::new([x], y)).collect(),
            Vec::new(),
        )
        .unwrap()
    }

    fn parse(text: &str) -> Program {
        Program::parse(text, &Vars::new(["x"]).unwrap()).unwrap()
    }

    #[test]
    fn beyond_rows_skip_the_examples_and_repeat() {
        let spec = spec(&[(0, 0), (-1, 1), (5, 10)]);
        let rows = beyond_rows(&spec, 8);
        assert_eq!(rows.len(), 8);
        let all: Vec<Vec<i64>> = (0..rows.len()).map(|i| rows.row(i).to_vec()).collect();
        for row in &all {
            assert!(
                ![[0], [-1], [5]].iter().any(|e| e[..] == row[..]),
                "{row:?}"
            );
        }
        let mut unique = all.clone();
        unique.sort();
        unique.dedup();
        assert_eq!(unique.len(), all.len());
        // extremes past the range: 10 * (5 + 5) + 7 and 10 * (-1 - 5) - 7
        assert!(
            all.contains(&vec![107]) && all.contains(&vec![-67]),
            "{all:?}"
        );
        assert_eq!(beyond_rows(&spec, 8), rows, "a fixed seed");
    }

    #[test]
    fn the_question_splits_the_candidates() {
        let spec = spec(&[(0, 0), (2, 4)]);
        let double = parse("(+ x x)");
        let square = parse("(* x x)");
        let question = distinguishing_input(&spec, &[double.clone(), square.clone()]).unwrap();
        assert_ne!(
            reference::eval(&double, &question),
            reference::eval(&square, &question)
        );
        // small first: |x| = 1 already tells them apart
        assert_eq!(question.iter().map(|v| v.abs()).sum::<i64>(), 1);
        // equivalent programs: no question
        let twice = parse("(* x 2)");
        assert_eq!(distinguishing_input(&spec, &[double, twice]), None);
    }

    #[test]
    fn the_question_parts_the_two_best_first() {
        // the runner-up differs only at 7, 8 and 9; the third and fourth on
        // small inputs, where a question by most distinct outputs would go
        let spec = spec(&[(0, 0), (10, 10), (20, 20), (30, 30)]);
        let first = parse("x");
        let second = parse("(ite (< x 7) x (ite (< x 10) 0 x))");
        let third = parse("(ite (< x 0) 0 x)");
        let fourth = parse("(ite (< x 4) (* x 2) x)");
        let candidates = [first.clone(), second.clone(), third, fourth];
        let question = distinguishing_input(&spec, &candidates).unwrap();
        assert_ne!(
            reference::eval(&first, &question),
            reference::eval(&second, &question),
            "{question:?}"
        );
        // without the runner-up, the small inputs win (within the range first)
        let question = distinguishing_input(&spec, &[first, candidates[3].clone()]).unwrap();
        assert_eq!(question, [1]);
    }

    #[test]
    fn a_check_goes_where_a_fitting_neighbour_differs() {
        let grammar = Grammar::new(Vars::new(["x"]).unwrap());
        for (text, xs) in [
            (
                "(+ 3 (mod 3 (+ x 2)))",
                &[130, 16, -8, 7, -18, 1, -17, -16][..],
            ),
            ("(* x x)", &[-2, 0, 1, 3, 5]),
            ("(div x 3)", &[-9, 4, 12, 40]),
            ("0", &[16, 9, -13, 17, 658, -18, -16]),
        ] {
            let program = parse(text);
            let train = xs
                .iter()
                .map(|&x| Example::new([x], reference::eval(&program, &[x])))
                .collect();
            let spec = Spec::new(grammar.clone(), train, Vec::new()).unwrap();
            let check = check_input_for(&spec, &program).unwrap();
            assert!(spec.train().iter().all(|e| e.inputs != check), "{text}");
            if Some(&check) != check_input(&spec).as_ref() {
                let own = reference::eval(&program, &check);
                let differs = super::super::neighbours::neighbours(&program, spec.grammar())
                    .into_iter()
                    .any(|n| {
                        spec.matched(&n) == spec.train().len() && reference::eval(&n, &check) != own
                    });
                assert!(differs, "{text}: {check:?}");
            }
        }
        // x + 2 where x - 2 was meant (and the smaller 3 + (3 mod x) ruled
        // out by f(-2) = 6): the check tells them apart
        let found = parse("(+ 3 (mod 3 (+ x 2)))");
        let meant = parse("(+ 3 (mod 3 (- x 2)))");
        let train = [130, 16, -8, 7, -18, 1, -17, -16, -2]
            .map(|x| Example::new([x], reference::eval(&meant, &[x])))
            .to_vec();
        let spec = Spec::new(grammar.with_literals([6]), train, Vec::new()).unwrap();
        assert_eq!(spec.matched(&found), spec.train().len());
        let check = check_input_for(&spec, &found).unwrap();
        assert_ne!(
            reference::eval(&found, &check),
            reference::eval(&meant, &check)
        );
        assert_eq!(check_input(&spec), Some(vec![0]));
        assert_eq!(reference::eval(&found, &[0]), reference::eval(&meant, &[0]));
    }

    #[test]
    fn fits_keep_one_program_per_column_within_the_window() {
        let mut fits = Fits::new(CandidateConfig {
            window: 1,
            max_candidates: 2,
            ..CandidateConfig::alternatives()
        });
        fits.offer(parse("(+ x x)"), vec![2, 4], 10);
        fits.offer(parse("(* x 2)"), vec![2, 4], 11); // same column, not smaller
        fits.offer(parse("(* x x)"), vec![1, 4], 12);
        fits.offer(parse("(* x (* x x))"), vec![1, 8], 13); // past the window
        fits.offer(parse("x"), vec![1, 2], 14); // smaller: the window moves
        let programs = fits.into_programs();
        let texts: Vec<String> = programs
            .iter()
            .map(|p| p.sexpr(&Vars::new(["x"]).unwrap()).to_string())
            .collect();
        assert_eq!(texts, ["x"]);
        assert!(!Fits::new(CandidateConfig::default()).any());
    }

    #[test]
    fn ranking_breaks_ties_by_size_then_order() {
        let spec = spec(&[(0, 0), (2, 4)]);
        struct Flat;
        impl Ranker for Flat {
            fn name(&self) -> &str {
                "flat"
            }
            fn score(&self, _: &Spec, _: &Program) -> f64 {
                0.0
            }
        }
        let programs = vec![parse("(* x x)"), parse("(+ x (* x 1))"), parse("(+ x x)")];
        let beyond = beyond_rows(&spec, 4);
        let ranked = rank(&spec, programs.clone(), &Flat, &beyond);
        let mut reversed = programs;
        reversed.reverse();
        assert_eq!(ranked, rank(&spec, reversed, &Flat, &beyond));
        assert_eq!(ranked[0].disagreement, 0);
        assert_eq!(ranked.last().unwrap().program.size(), 5);
        // Occam: the smaller first
        let occam = rank(
            &spec,
            vec![parse("(+ x (* x 1))"), parse("(* x x)")],
            &Occam,
            &beyond,
        );
        assert_eq!(occam[0].program.size(), 3);
        assert!(occam[1].disagreement > 0);
    }

    #[test]
    fn refining_keeps_the_candidates_that_give_the_answer() {
        let spec = spec(&[(0, 0), (2, 4)]);
        let solution = super::super::solved(
            &spec,
            vec![parse("(+ x x)"), parse("(* x x)")],
            "test",
            &crate::search::Deadline::never(),
            2,
            0,
        )
        .unwrap();
        assert_eq!(solution.ranked.len(), 2);
        // f(3) = 9: the square stays
        let (refined, left) = refine(&spec, &solution, Example::new([3], 9), &Occam).unwrap();
        assert_eq!(refined.train().len(), 3);
        let left = left.unwrap();
        assert_eq!(left.program, parse("(* x x)"));
        assert_eq!(left.ranked.len(), 1);
        // f(3) = 7: neither; search again
        let (_, none) = refine(&spec, &solution, Example::new([3], 7), &Occam).unwrap();
        assert!(none.is_none());
        // an answer that contradicts an example is an error
        assert!(refine(&spec, &solution, Example::new([2], 5), &Occam).is_err());
    }
}
