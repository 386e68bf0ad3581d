//! Search: given examples, find a program.
//!
//! A [`Spec`] holds the grammar and the examples (training ones to search
//! with, held-out ones to judge by); a [`Budget`] bounds the search by
//! wall-clock time, candidates evaluated and model samples, whichever runs
//! out first; a [`Strategy`] searches and returns an [`Outcome`]: a
//! [`Solution`] checked by the reference interpreter, or the best program
//! found so far. Strategies share one trait, so a tool can add its own.
//!
//! The crate root's [`Synthesizer`](crate::Synthesizer) is the front door
//! over these types; use them directly to pick a strategy's every setting,
//! bring your own [`Strategy`] or [`Proposer`], or solve task files.
//!
//! ```
//! use arithsynth::search::{Budget, Enumerative, Spec, Strategy};
//! use arithsynth::{Example, Grammar, Vars};
//!
//! let grammar = Grammar::new(Vars::new(["x"])?);
//! let train = [(1, 3), (2, 5), (5, 11), (-4, -7)].map(|(x, y)| Example::new([x], y));
//! let spec = Spec::new(grammar, train.to_vec(), Vec::new())?;
//! let outcome = Enumerative::default().solve(&spec, &Budget::candidates(100_000))?;
//! let solution = outcome.solution().expect("2x + 1 is small");
//! assert_eq!(solution.program.size(), 5); // e.g. (+ x (+ x 1))
//! assert_eq!(spec.matched(&solution.program), 4);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

pub mod blocks;
pub mod candidates;
pub mod completion;
pub mod deadline;
pub mod enumerative;
pub mod evidence;
pub mod holes;
pub mod hybrid;
pub mod literals;
pub mod neighbours;
#[cfg(feature = "neural")]
pub mod neural;
pub mod prior;
pub mod rank;
pub mod simplify;
pub mod thresholds;
pub mod unify;

use std::fmt;
use std::ops::ControlFlow;
use std::time::{Duration, Instant};

pub use crate::cancel::Cancel;
pub use candidates::{
    beyond_rows, check_input, check_input_for, distinguishing_input, rank, refine, Candidate,
    CandidateConfig, Occam, Ranker,
};
pub use deadline::Deadline;
pub use enumerative::Enumerative;
pub use hybrid::{Hybrid, HybridConfig, Proposals, Proposer};
#[cfg(feature = "neural")]
pub use neural::{ModelProposer, Neural};
pub use prior::Prior;
pub use rank::{fit, Features, FitError, Group, Learned};

use crate::dataset::Task;
use crate::dsl::{Example, Grammar, Inputs, Program, Vars};
use crate::enumerate::EnumerateError;
use crate::eval::reference;

/// What to synthesize: a grammar and examples.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Spec {
    grammar: Grammar,
    train: Vec<Example>,
    test: Vec<Example>,
    /// The literals [`Spec::with_task_literals`] added, sorted.
    task_literals: Vec<i64>,
    /// Whether fits are judged under SMT-LIB's semantics, and whether a
    /// zero divisor is then defined ([`Spec::with_smt_semantics`]).
    smt: Option<bool>,
}

/// Why a spec cannot be searched.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum SpecError {
    /// No training example.
    #[error("no training examples")]
    NoExamples,
    /// An example with another number of inputs than the grammar's
    /// variables.
    #[error("example {index} has {got} inputs, the grammar {expected} variables")]
    Arity {
        /// The example (training ones first, then held-out ones).
        index: usize,
        /// The grammar's variables.
        expected: usize,
        /// Inputs given.
        got: usize,
    },
    /// Two examples with the same inputs and different outputs: no
    /// program fits both.
    #[error(
        "examples {first} and {second} contradict each other: inputs {inputs:?} give {first_output} and {second_output}"
    )]
    Contradictory {
        /// The earlier example (training ones first, then held-out ones).
        first: usize,
        /// The later one.
        second: usize,
        /// Their shared inputs.
        inputs: Vec<i64>,
        /// The earlier example's output.
        first_output: i64,
        /// The later example's output.
        second_output: i64,
    },
    /// A task's grammar cannot be built.
    #[error(transparent)]
    Grammar(#[from] crate::GrammarError),
}

impl Spec {
    /// A spec from a grammar, training and held-out examples.
    ///
    /// # Errors
    ///
    /// [`SpecError`] when there is no training example, an example's
    /// inputs do not match the grammar's variables, or two examples give
    /// the same inputs different outputs (training and held-out examples
    /// together: a held-out example that contradicts a training one could
    /// never be met).
    pub fn new(
        grammar: Grammar,
        train: Vec<Example>,
        test: Vec<Example>,
    ) -> Result<Spec, SpecError> {
        if train.is_empty() {
            return Err(SpecError::NoExamples);
        }
        let expected = grammar.vars().len();
        if let Some((index, example)) = train
            .iter()
            .chain(&test)
            .enumerate()
            .find(|(_, e)| e.inputs.len() != expected)
        {
            return Err(SpecError::Arity {
                index,
                expected,
                got: example.inputs.len(),
            });
        }
        let mut seen: std::collections::BTreeMap<&[i64], (usize, i64)> =
            std::collections::BTreeMap::new();
        for (index, example) in train.iter().chain(&test).enumerate() {
            match seen.entry(example.inputs.as_slice()) {
                std::collections::btree_map::Entry::Vacant(entry) => {
                    entry.insert((index, example.output));
                }
                std::collections::btree_map::Entry::Occupied(entry) => {
                    let (first, first_output) = *entry.get();
                    if first_output != example.output {
                        return Err(SpecError::Contradictory {
                            first,
                            second: index,
                            inputs: example.inputs.clone(),
                            first_output,
                            second_output: example.output,
                        });
                    }
                }
            }
        }
        Ok(Spec {
            grammar,
            train,
            test,
            task_literals: Vec::new(),
            smt: None,
        })
    }

    /// This spec's grammar and held-out examples (and the record of the
    /// literals its examples added) with other training examples.
    ///
    /// # Errors
    ///
    /// [`SpecError`] as [`Spec::new`].
    pub fn with_train(&self, train: Vec<Example>) -> Result<Spec, SpecError> {
        let mut spec = Spec::new(self.grammar.clone(), train, self.test.clone())?;
        spec.task_literals.clone_from(&self.task_literals);
        spec.smt = self.smt;
        Ok(spec)
    }

    /// The spec of a task: its grammar if it names one, else `default`'s
    /// operators and literals over the task's variables.
    ///
    /// # Errors
    ///
    /// [`SpecError`] as [`Spec::new`].
    pub fn from_task(task: &Task, default: &Grammar) -> Result<Spec, SpecError> {
        Spec::new(
            task.grammar(default)?,
            task.train.clone(),
            task.test.clone(),
        )
    }

    /// This spec with up to `max` literals that its training examples point
    /// to added to its grammar ([`literals::task_literals`]): for
    /// formulas whose constants (60, 100, 10) the grammar lacks. The
    /// held-out examples are not looked at.
    ///
    /// ```
    /// use arithsynth::search::Spec;
    /// use arithsynth::{Example, Grammar, Vars};
    ///
    /// let grammar = Grammar::new(Vars::new(["t"])?);
    /// let train = [75, 130, 1999, 61, 600, 44].map(|t| Example::new([t], t / 60));
    /// let spec = Spec::new(grammar, train.to_vec(), Vec::new())?.with_task_literals(3);
    /// assert!(spec.grammar().literals().contains(&60));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    #[must_use]
    pub fn with_task_literals(mut self, max: usize) -> Spec {
        let extra = literals::task_literals(&self.grammar, &self.train, max);
        if !extra.is_empty() {
            let listed = self.grammar.literals();
            self.task_literals
                .extend(extra.iter().filter(|l| listed.binary_search(l).is_err()));
            self.task_literals.sort_unstable();
            self.task_literals.dedup();
            self.grammar = self.grammar.with_literals(extra);
        }
        self
    }

    /// This spec with its fits judged as an SMT checker judges them
    /// ([`eval::smt`](crate::eval::smt): unbounded integers, a zero divisor
    /// unspecified unless `helpers` define it): a search passes over a
    /// program that meets an example only by 64-bit wrapping or a zero
    /// divisor. It finds another with the same outputs on the examples
    /// only among the duplicates the enumeration watches
    /// ([`CandidateConfig::duplicates`](candidates::CandidateConfig), on by
    /// default) and the fits of the other phases. For SyGuS problems.
    #[must_use]
    pub fn with_smt_semantics(mut self, helpers: bool) -> Spec {
        self.smt = Some(helpers);
        self
    }

    /// Whether `program`, which meets the training examples by this crate's
    /// semantics, is a fit: always, unless [`Spec::with_smt_semantics`]
    /// asks that it meet them under SMT-LIB's too.
    #[must_use]
    pub fn admits(&self, program: &Program) -> bool {
        self.smt
            .is_none_or(|helpers| crate::eval::smt::meets(program, &self.train, helpers))
    }

    /// The literals [`Spec::with_task_literals`] added to the grammar,
    /// sorted: read off the examples, so a program's
    /// [evidence] pays for each by its value.
    #[must_use]
    pub fn task_literals(&self) -> &[i64] {
        &self.task_literals
    }

    /// The grammar.
    #[must_use]
    pub fn grammar(&self) -> &Grammar {
        &self.grammar
    }

    /// The variables.
    #[must_use]
    pub fn vars(&self) -> &Vars {
        self.grammar.vars()
    }

    /// Training examples.
    #[must_use]
    pub fn train(&self) -> &[Example] {
        &self.train
    }

    /// Held-out examples.
    #[must_use]
    pub fn test(&self) -> &[Example] {
        &self.test
    }

    /// The training inputs as a batch.
    ///
    /// # Panics
    ///
    /// Never: `new` checked every example's arity.
    #[must_use]
    pub fn train_inputs(&self) -> Inputs {
        Inputs::from_rows(
            self.vars().len(),
            self.train.iter().map(|e| e.inputs.as_slice()),
        )
        .expect("examples have the grammar's arity")
    }

    /// The training outputs.
    #[must_use]
    pub fn train_outputs(&self) -> Vec<i64> {
        self.train.iter().map(|e| e.output).collect()
    }

    /// Training examples `program` gets right, by the reference interpreter;
    /// none when it reads a variable the spec does not have.
    #[must_use]
    pub fn matched(&self, program: &Program) -> usize {
        if program.min_vars() > self.vars().len() {
            return 0;
        }
        self.train
            .iter()
            .filter(|e| reference::eval(program, &e.inputs) == e.output)
            .count()
    }

    /// Whether `program` gets every held-out example right (`None` without
    /// held-out examples; `false` when it reads a variable the spec does
    /// not have).
    #[must_use]
    pub fn test_ok(&self, program: &Program) -> Option<bool> {
        (!self.test.is_empty()).then(|| {
            program.min_vars() <= self.vars().len()
                && self
                    .test
                    .iter()
                    .all(|e| reference::eval(program, &e.inputs) == e.output)
        })
    }
}

/// Limits of a search; whichever is reached first ends it.
///
/// The time limit is one clock for the whole search ([`Budget::deadline`]):
/// every phase (enumeration, completion, case splits, ranking, sampling)
/// reads the same deadline, so the result is back within the limit plus
/// the time between two checks.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
#[must_use]
pub struct Budget {
    /// Wall-clock time.
    pub time: Option<Duration>,
    /// Candidate programs evaluated.
    pub candidates: Option<u64>,
    /// Programs sampled from a model.
    pub samples: Option<u64>,
    /// When the clock started (`None`: when the strategy starts). The
    /// front door sets it when it is called, so that loading a model
    /// counts against the time limit too.
    pub started: Option<Instant>,
    /// The caller's handle to stop the search early (`None`: only the
    /// limits stop it); read with the time limit, see [`Cancel`].
    pub cancel: Option<Cancel>,
}

impl Budget {
    /// A time budget.
    pub fn time(limit: Duration) -> Budget {
        Budget {
            time: Some(limit),
            ..Budget::default()
        }
    }

    /// A candidate budget (repeatable: no wall clock).
    pub fn candidates(limit: u64) -> Budget {
        Budget {
            candidates: Some(limit),
            ..Budget::default()
        }
    }

    /// Adds a sample limit.
    pub fn with_samples(mut self, limit: u64) -> Budget {
        self.samples = Some(limit);
        self
    }

    /// The same limits on a clock that started at `started`.
    pub fn started_at(mut self, started: Instant) -> Budget {
        self.started = Some(started);
        self
    }

    /// The search's one clock: the time limit from [`Budget::started`]
    /// (or from now, when it is not set).
    pub fn deadline(&self) -> Deadline {
        Deadline::after(self.started.unwrap_or_else(Instant::now), self.time)
            .with_cancel(self.cancel.clone())
    }

    /// The same limits, stopped early by `cancel` too.
    pub fn with_cancel(mut self, cancel: Cancel) -> Budget {
        self.cancel = Some(cancel);
        self
    }
}

/// A program consistent with every training example.
#[derive(Clone, Debug, PartialEq)]
pub struct Solution {
    /// The program (checked by the reference interpreter).
    pub program: Program,
    /// The strategy that found it.
    pub strategy: String,
    /// Time spent.
    pub elapsed: Duration,
    /// Candidates evaluated.
    pub candidates: u64,
    /// Model samples drawn.
    pub samples: u64,
    /// Whether it also gets the held-out examples right.
    pub test_ok: Option<bool>,
    /// The distinct programs that fit (they differ beyond the examples),
    /// ranked, this one first (see [`candidates`]).
    pub ranked: Vec<Candidate>,
}

impl Solution {
    /// Ranks the candidates anew with `ranker`; the first becomes the
    /// solution's program.
    pub fn rerank(&mut self, spec: &Spec, ranker: &dyn Ranker) {
        let programs = self.ranked.drain(..).map(|c| c.program).collect();
        let beyond = beyond_rows(spec, BEYOND_FOR_DISAGREEMENT);
        self.ranked = rank(spec, programs, ranker, &beyond);
        if let Some(first) = self.ranked.first() {
            self.program = first.program.clone();
            self.test_ok = spec.test_ok(&self.program);
        }
    }
}

/// Rows a candidate's disagreement with the first is counted on.
const BEYOND_FOR_DISAGREEMENT: usize = 32;

/// Why a search ended without a solution: a limit, or a space searched to
/// its end. Not an error: a search that could not run returns
/// [`SearchError`] instead.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum GaveUp {
    /// The time limit passed.
    TimeLimit,
    /// The candidate limit was reached.
    CandidateLimit,
    /// The model-sample limit was reached.
    SampleLimit,
    /// The enumeration filled its memory limit.
    MemoryLimit,
    /// The strategy searched all it could within its own bounds (e.g. every
    /// program up to its maximum size): no program there fits.
    Exhausted,
    /// The progress callback stopped it.
    Cancelled,
}

impl GaveUp {
    /// Whether a budget (time, candidates, samples, memory) ended the
    /// search, so that a larger one might find a program.
    #[must_use]
    pub fn is_limit(self) -> bool {
        matches!(
            self,
            GaveUp::TimeLimit | GaveUp::CandidateLimit | GaveUp::SampleLimit | GaveUp::MemoryLimit
        )
    }
}

impl fmt::Display for GaveUp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            GaveUp::TimeLimit => "time limit",
            GaveUp::CandidateLimit => "candidate limit",
            GaveUp::SampleLimit => "sample limit",
            GaveUp::MemoryLimit => "memory limit",
            GaveUp::Exhausted => "search space exhausted",
            GaveUp::Cancelled => "cancelled",
        })
    }
}

impl From<crate::enumerate::StopReason> for GaveUp {
    fn from(reason: crate::enumerate::StopReason) -> GaveUp {
        use crate::enumerate::StopReason;
        match reason {
            StopReason::Completed => GaveUp::Exhausted,
            StopReason::MemoryLimit => GaveUp::MemoryLimit,
            StopReason::TimeLimit => GaveUp::TimeLimit,
            StopReason::CandidateLimit => GaveUp::CandidateLimit,
            StopReason::Cancelled => GaveUp::Cancelled,
        }
    }
}

/// Why a search could not run: bad input or a broken part, never "not
/// found" (that is an [`Outcome::Unsolved`]).
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum SearchError {
    /// The enumeration cannot start (e.g. a maximum size of 0).
    #[error("the enumeration cannot start: {0}")]
    Enumerate(#[from] EnumerateError),
    /// The model failed (feature `neural`).
    #[cfg(feature = "neural")]
    #[error("the model failed: {0}")]
    Model(#[from] crate::model::ModelError),
    /// A [`Proposer`] of the caller's failed.
    #[error("the proposer failed: {0}")]
    Proposer(Box<dyn std::error::Error + Send + Sync>),
    /// A part this build leaves out (e.g. the model without the `neural`
    /// feature).
    #[error("{what} needs the `{feature}` feature")]
    Unavailable {
        /// The part.
        what: &'static str,
        /// The cargo feature that brings it.
        feature: &'static str,
    },
}

/// What a search returns.
#[derive(Clone, Debug, PartialEq)]
pub enum Outcome {
    /// Found.
    Solved(Solution),
    /// Not found; the program that matched most training examples so far
    /// (the smallest among equals), with how many it matched.
    Unsolved {
        /// Why the search ended.
        reason: GaveUp,
        /// The best partial match, if any program was tried.
        best: Option<(Program, usize)>,
        /// Time spent.
        elapsed: Duration,
        /// Candidates evaluated.
        candidates: u64,
        /// Model samples drawn.
        samples: u64,
    },
}

impl Outcome {
    /// The solution, if found.
    #[must_use]
    pub fn solution(&self) -> Option<&Solution> {
        match self {
            Outcome::Solved(solution) => Some(solution),
            Outcome::Unsolved { .. } => None,
        }
    }

    /// Why the search gave up (`None` when it found a program).
    #[must_use]
    pub fn gave_up(&self) -> Option<GaveUp> {
        match self {
            Outcome::Solved(_) => None,
            Outcome::Unsolved { reason, .. } => Some(*reason),
        }
    }

    /// Time spent.
    #[must_use]
    pub fn elapsed(&self) -> Duration {
        match self {
            Outcome::Solved(solution) => solution.elapsed,
            Outcome::Unsolved { elapsed, .. } => *elapsed,
        }
    }

    /// Candidates evaluated.
    #[must_use]
    pub fn candidates(&self) -> u64 {
        match self {
            Outcome::Solved(solution) => solution.candidates,
            Outcome::Unsolved { candidates, .. } => *candidates,
        }
    }

    /// Model samples drawn.
    #[must_use]
    pub fn samples(&self) -> u64 {
        match self {
            Outcome::Solved(solution) => solution.samples,
            Outcome::Unsolved { samples, .. } => *samples,
        }
    }
}

impl fmt::Display for Outcome {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Outcome::Solved(s) => write!(
                f,
                "solved by {} in {:.3} s ({} candidates, {} samples), held-out: {}",
                s.strategy,
                s.elapsed.as_secs_f64(),
                s.candidates,
                s.samples,
                match s.test_ok {
                    Some(true) => "correct",
                    Some(false) => "wrong",
                    None => "none",
                }
            ),
            Outcome::Unsolved {
                reason,
                best,
                elapsed,
                ..
            } => write!(
                f,
                "unsolved ({reason}) after {:.3} s; best program matched {} examples",
                elapsed.as_secs_f64(),
                best.as_ref().map_or(0, |b| b.1)
            ),
        }
    }
}

/// Where a running search stands, as told to a progress callback.
#[derive(Clone, Copy, Debug)]
pub struct Progress<'a> {
    /// Time since the search began.
    pub elapsed: Duration,
    /// Candidates evaluated.
    pub candidates: u64,
    /// Model samples drawn.
    pub samples: u64,
    /// The program matching most training examples so far, with the count.
    pub best: Option<(&'a Program, usize)>,
    /// A consistent program found, if any (the search may still look for a
    /// cheaper one).
    pub solved: Option<&'a Program>,
}

/// A search strategy.
///
/// Implement [`Strategy::solve_with`]; [`Strategy::solve`] calls it without
/// a progress callback.
pub trait Strategy {
    /// A short name for results and plots.
    fn name(&self) -> &str;

    /// Searches for a program consistent with `spec`'s training examples
    /// within `budget`, telling `progress` where it stands now and then
    /// (every few thousand candidates, or each batch of samples); the search
    /// stops with [`GaveUp::Cancelled`] when `progress` breaks.
    ///
    /// # Errors
    ///
    /// [`SearchError`] when the search cannot run (an enumeration that
    /// cannot start, a model or proposer that fails); a search that runs
    /// and finds nothing is an `Ok(`[`Outcome::Unsolved`]`)`.
    fn solve_with(
        &self,
        spec: &Spec,
        budget: &Budget,
        progress: &mut dyn FnMut(&Progress) -> ControlFlow<()>,
    ) -> Result<Outcome, SearchError>;

    /// Searches for a program consistent with `spec`'s training examples
    /// within `budget`.
    ///
    /// # Errors
    ///
    /// As [`Strategy::solve_with`].
    fn solve(&self, spec: &Spec, budget: &Budget) -> Result<Outcome, SearchError> {
        self.solve_with(spec, budget, &mut |_| ControlFlow::Continue(()))
    }
}

/// The anytime best: most training examples matched, then smallest.
#[derive(Debug, Default)]
pub(crate) struct Best {
    best: Option<(Program, usize)>,
}

impl Best {
    /// Whether a program matching `matched` examples with `size` nodes
    /// would be kept (without building it).
    pub(crate) fn wants(&self, matched: usize, size: usize) -> bool {
        matched > 0
            && self.best.as_ref().is_none_or(|(known, count)| {
                matched > *count || (matched == *count && size < known.size())
            })
    }

    /// The best so far.
    pub(crate) fn peek(&self) -> Option<(&Program, usize)> {
        self.best.as_ref().map(|(p, c)| (p, *c))
    }

    pub(crate) fn offer(&mut self, program: &Program, matched: usize) {
        let better = match &self.best {
            None => true,
            Some((known, count)) => {
                matched > *count || (matched == *count && program.size() < known.size())
            }
        };
        if better {
            self.best = Some((program.clone(), matched));
        }
    }

    pub(crate) fn into_inner(self) -> Option<(Program, usize)> {
        self.best
    }
}

/// A size-order enumerator over the spec's training inputs, limited to what
/// is left of `budget` after `spent` candidates and of `deadline`.
pub(crate) fn enumerator_within(
    spec: &Spec,
    budget: &Budget,
    max_size: usize,
    memory_limit: usize,
    threads: usize,
    deadline: &Deadline,
    spent: u64,
) -> crate::enumerate::Enumerator {
    let mut enumerator = crate::enumerate::Enumerator::new(spec.grammar().clone())
        .probe(spec.train_inputs())
        .max_size(max_size)
        .memory_limit(memory_limit)
        .threads(threads);
    if let Some(left) = deadline.remaining() {
        enumerator = enumerator.time_limit(left.max(Duration::from_micros(1)));
    }
    if let Some(limit) = budget.candidates {
        enumerator = enumerator.candidate_limit(limit.saturating_sub(spent).max(1));
    }
    if let Some(cancel) = deadline.cancel() {
        enumerator = enumerator.cancel(cancel.clone());
    }
    enumerator
}

/// A solution from fitting programs: each checked on the training examples
/// with the reference interpreter (one that misses is dropped), its
/// thresholds settled ([`thresholds::settle_thresholds`]) while `deadline`
/// has not passed, ranked by `ranker`; `None` if none fits.
pub(crate) fn solved(
    spec: &Spec,
    programs: Vec<Program>,
    ranker: &dyn Ranker,
    strategy: &str,
    deadline: &Deadline,
    candidates: u64,
    samples: u64,
) -> Option<Solution> {
    let mut fitting: Vec<Program> = programs
        .into_iter()
        .filter(|program| spec.matched(program) == spec.train.len())
        .map(|program| {
            if deadline.passed() {
                program
            } else {
                thresholds::settle_thresholds(spec, &program)
            }
        })
        // after settling, which moves a threshold's constant
        .filter(|program| spec.admits(program))
        .collect();
    // two programs may settle on one threshold: keep the first
    let mut seen = std::collections::BTreeSet::new();
    fitting.retain(|program| seen.insert(program.clone()));
    let beyond = beyond_rows(spec, BEYOND_FOR_DISAGREEMENT);
    let ranked = rank(spec, fitting, ranker, &beyond);
    let program = ranked.first()?.program.clone();
    Some(Solution {
        test_ok: spec.test_ok(&program),
        program,
        strategy: strategy.to_owned(),
        elapsed: deadline.elapsed(),
        candidates,
        samples,
        ranked,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dsl::{Grammar, Vars};

    #[test]
    fn a_program_reading_a_variable_the_spec_lacks_fits_nothing() {
        let one = Grammar::new(Vars::new(["x"]).unwrap());
        let two = Grammar::new(Vars::new(["x", "y"]).unwrap());
        let spec = Spec::new(
            one,
            vec![Example::new([1], 1), Example::new([2], 2)],
            vec![Example::new([3], 3)],
        )
        .unwrap();
        let foreign = two.parse("(+ x (- y y))").unwrap();
        assert_eq!(spec.matched(&foreign), 0);
        assert_eq!(spec.test_ok(&foreign), Some(false));
        let own = two.parse("x").unwrap();
        assert_eq!(spec.matched(&own), 2);
        assert_eq!(spec.test_ok(&own), Some(true));
    }
}
