//! The front door: examples in, a program out.
//!
//! [`Synthesizer`] is a builder in the style of egg's `Runner`: variables
//! (or a whole [`Grammar`]), limits, a [`Method`] and a seed, then
//! [`Synthesizer::solve`] on plain rows. What it returns is a
//! [`Synthesis`]: a program, or "not found" with the reason and the best
//! program so far. `Err` is kept for bad input (no examples, rows of the
//! wrong width, contradictory examples, bad variable names) and for parts
//! that break (a model that fails, an enumeration that cannot start).
//!
//! Everything below it stays public for those who need more:
//! [`search::Spec`](crate::search::Spec), the strategies, the enumerator.

use std::fmt;
use std::ops::ControlFlow;
use std::str::FromStr;
use std::time::Duration;

use crate::cancel::Cancel;
use crate::dsl::{Example, Grammar, Vars, VarsError};
use crate::enumerate::DEFAULT_MEMORY_LIMIT;
use crate::error::Error;
use crate::search;
use crate::search::blocks::Library;
use crate::search::Strategy;
use crate::search::{
    Budget, CandidateConfig, Enumerative, HybridConfig, Outcome, Progress, Ranker, SearchError,
    Spec,
};

mod session;
mod synthesis;

pub use session::Session;
pub use synthesis::{Report, Synthesis};

/// How a [`Synthesizer`] searches.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Method {
    /// Bottom-up enumeration by size ([`search::Enumerative`](crate::search::Enumerative)): the first
    /// program that fits is a smallest one.
    Enumerative,
    /// Sample-and-check from the model ([`search::Neural`](crate::search::Neural); feature
    /// `neural`).
    Neural,
    /// The model's proposals repaired by enumeration ([`search::Hybrid`](crate::search::Hybrid);
    /// feature `neural`).
    Hybrid,
}

/// [`Method::Hybrid`] with the `neural` feature, else
/// [`Method::Enumerative`].
impl Default for Method {
    fn default() -> Method {
        if cfg!(feature = "neural") {
            Method::Hybrid
        } else {
            Method::Enumerative
        }
    }
}

impl Method {
    /// The name in results: `enumerative`, `neural` or `hybrid`.
    #[must_use]
    pub fn name(self) -> &'static str {
        match self {
            Method::Enumerative => "enumerative",
            Method::Neural => "neural",
            Method::Hybrid => "hybrid",
        }
    }
}

impl fmt::Display for Method {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// A name that is not a [`Method`].
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("unknown method `{0}` (expected enumerative, neural or hybrid)")]
pub struct UnknownMethod(pub String);

/// A name that is neither a [`Method`] nor a variant of the hybrid
/// ([`Synthesizer::strategy`]).
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("unknown strategy `{0}` (expected enumerative, neural, hybrid or a variant of the hybrid: {variants})", variants = HybridConfig::VARIANTS[1..].join(", "))]
pub struct UnknownStrategy(pub String);

impl FromStr for Method {
    type Err = UnknownMethod;

    fn from_str(name: &str) -> Result<Method, UnknownMethod> {
        match name {
            "enumerative" => Ok(Method::Enumerative),
            "neural" => Ok(Method::Neural),
            "hybrid" => Ok(Method::Hybrid),
            other => Err(UnknownMethod(other.to_owned())),
        }
    }
}

/// The default [`Synthesizer::time_limit`]: 10 s.
pub const DEFAULT_TIME_LIMIT: Duration = Duration::from_secs(10);

/// The default [`Synthesizer::max_size`]: 15 nodes.
pub const DEFAULT_MAX_SIZE: usize = 15;

/// Synthesizes a program from examples; see the [crate docs](crate).
///
/// ```
/// use std::time::Duration;
/// use arithsynth::Synthesizer;
///
/// let found = Synthesizer::new(["x"])
///     .time_limit(Duration::from_secs(1))
///     .solve(&[(&[1][..], 3), (&[2], 5), (&[5], 11)])?;
/// println!("{found}"); // (+ (* 2 x) 1): the answer comes back simplified
/// assert_eq!(found.program().map(|p| p.size()), Some(5));
/// # Ok::<(), arithsynth::Error>(())
/// ```
///
/// Same examples, same limits, same seed: the same program and the same
/// counts, when the limits are counts ([`Synthesizer::candidate_limit`],
/// [`Synthesizer::sample_limit`]) rather than time.
#[derive(Clone)]
#[must_use]
pub struct Synthesizer {
    grammar: Result<Grammar, VarsError>,
    time_limit: Option<Duration>,
    candidate_limit: Option<u64>,
    sample_limit: Option<u64>,
    cancel: Option<Cancel>,
    memory_limit: usize,
    max_size: usize,
    threads: usize,
    method: Method,
    /// The hybrid's parts, and the variant's name in results.
    hybrid: (HybridConfig, &'static str),
    seed: u64,
    candidates: CandidateConfig,
    ranker: std::sync::Arc<dyn Ranker + Send + Sync>,
    task_literals: usize,
    simplify: bool,
    evidence_threshold: f64,
    /// A user's building blocks ([`Synthesizer::blocks`]); `None`: the
    /// embedded ones, where the variant uses them.
    library: Option<std::sync::Arc<Library>>,
    #[cfg(feature = "neural")]
    model: models::ModelSource,
    /// The sketch model ([`Synthesizer::sketch_model`]).
    #[cfg(feature = "neural")]
    sketcher: models::ModelSource,
}

impl fmt::Debug for Synthesizer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let Synthesizer {
            grammar,
            time_limit,
            candidate_limit,
            sample_limit,
            cancel,
            memory_limit,
            max_size,
            threads,
            method,
            hybrid,
            seed,
            candidates,
            ranker,
            task_literals,
            simplify,
            evidence_threshold,
            library,
            #[cfg(feature = "neural")]
            model,
            #[cfg(feature = "neural")]
            sketcher,
        } = self;
        let mut out = f.debug_struct("Synthesizer");
        out.field("grammar", grammar)
            .field("time_limit", time_limit)
            .field("candidate_limit", candidate_limit)
            .field("sample_limit", sample_limit)
            .field("cancel", cancel)
            .field("memory_limit", memory_limit)
            .field("max_size", max_size)
            .field("threads", threads)
            .field("method", method)
            .field("hybrid", hybrid)
            .field("seed", seed)
            .field("candidates", candidates)
            .field("ranker", &ranker.name())
            .field("task_literals", task_literals)
            .field("simplify", simplify)
            .field("evidence_threshold", evidence_threshold)
            .field("blocks", &library.as_ref().map(|l| l.blocks().len()));
        #[cfg(feature = "neural")]
        out.field("model", model).field("sketcher", sketcher);
        out.finish()
    }
}

impl Synthesizer {
    /// A synthesizer over the default grammar (`+ - * div mod`, literals
    /// `0..=3`) on the named variables, in the order of the examples'
    /// inputs. Bad names (none, more than 8, repeated, not identifiers) are
    /// reported by `solve`.
    pub fn new<I, S>(vars: I) -> Synthesizer
    where
        I: IntoIterator<Item = S>,
        S: AsRef<str>,
    {
        Synthesizer::from_grammar_result(Vars::new(vars).map(Grammar::new))
    }

    /// A synthesizer over `grammar` (its variables, operators and
    /// literals).
    pub fn with_grammar(grammar: Grammar) -> Synthesizer {
        Synthesizer::from_grammar_result(Ok(grammar))
    }

    fn from_grammar_result(grammar: Result<Grammar, VarsError>) -> Synthesizer {
        Synthesizer {
            grammar,
            time_limit: Some(DEFAULT_TIME_LIMIT),
            candidate_limit: None,
            sample_limit: None,
            cancel: None,
            memory_limit: DEFAULT_MEMORY_LIMIT,
            max_size: DEFAULT_MAX_SIZE,
            threads: 1,
            method: Method::default(),
            hybrid: (HybridConfig::default(), "hybrid"),
            seed: 0,
            candidates: CandidateConfig::ranked(),
            ranker: std::sync::Arc::new(crate::search::Prior),
            task_literals: 0,
            simplify: true,
            evidence_threshold: crate::search::evidence::THRESHOLD_BITS,
            library: None,
            #[cfg(feature = "neural")]
            model: models::ModelSource::default(),
            #[cfg(feature = "neural")]
            sketcher: models::ModelSource::sketch(),
        }
    }

    /// Wall-clock limit. Default: [`DEFAULT_TIME_LIMIT`] (10 s). A run
    /// that must repeat exactly uses [`Synthesizer::candidate_limit`] and
    /// [`Synthesizer::no_time_limit`].
    pub fn time_limit(mut self, limit: Duration) -> Synthesizer {
        self.time_limit = Some(limit);
        self
    }

    /// No wall-clock limit: only the count limits end the search.
    pub fn no_time_limit(mut self) -> Synthesizer {
        self.time_limit = None;
        self
    }

    /// Most candidate programs evaluated. Default: none.
    pub fn candidate_limit(mut self, candidates: u64) -> Synthesizer {
        self.candidate_limit = Some(candidates);
        self
    }

    /// Most programs sampled from the model. Default: none for the hybrid
    /// (its proposer draws at most 64), 1,024 for neural search without a
    /// time limit.
    pub fn sample_limit(mut self, samples: u64) -> Synthesizer {
        self.sample_limit = Some(samples);
        self
    }

    /// A handle that stops the search early when the caller cancels it
    /// (from another thread, a signal handler, a polled check): the result
    /// comes back with what was found so far and
    /// [`GaveUp::Cancelled`](crate::GaveUp). Every phase reads it as it
    /// reads the time limit. Default: none.
    pub fn cancel(mut self, cancel: Cancel) -> Synthesizer {
        self.cancel = Some(cancel);
        self
    }

    /// Memory for the enumeration's bank, in bytes. Default: 4 GiB.
    pub fn memory_limit(mut self, bytes: usize) -> Synthesizer {
        self.memory_limit = bytes;
        self
    }

    /// Largest program enumerated, in nodes. Default:
    /// [`DEFAULT_MAX_SIZE`] (15).
    pub fn max_size(mut self, nodes: usize) -> Synthesizer {
        self.max_size = nodes;
        self
    }

    /// Threads the enumeration runs on; `0` for one per core. The program
    /// found and the counts do not depend on it (under count limits), only
    /// the time. Default: 1.
    pub fn threads(mut self, threads: usize) -> Synthesizer {
        self.threads = threads;
        self
    }

    /// How to search. Default: [`Method::Hybrid`] with the `neural`
    /// feature, else enumeration.
    pub fn method(mut self, method: Method) -> Synthesizer {
        self.method = method;
        self
    }

    /// A strategy by the name results and the command line use:
    /// `enumerative`, `neural`, `hybrid`, or a variant of the hybrid (an
    /// ablation: [`HybridConfig::variant`], e.g. `hybrid-no-completion`).
    /// A variant brings its own candidate policy (`hybrid-alternatives`,
    /// `hybrid-first-fit`); every other setting stays this synthesizer's.
    ///
    /// ```
    /// use arithsynth::Synthesizer;
    ///
    /// let synthesizer = Synthesizer::new(["x"]).strategy("hybrid-no-completion")?;
    /// assert_eq!(synthesizer.strategy_name(), "hybrid-no-completion");
    /// assert!(Synthesizer::new(["x"]).strategy("hybrid-nonesuch").is_err());
    /// # Ok::<(), arithsynth::UnknownStrategy>(())
    /// ```
    ///
    /// # Errors
    ///
    /// [`UnknownStrategy`] for a name that is neither.
    pub fn strategy(self, name: &str) -> Result<Synthesizer, UnknownStrategy> {
        if let Ok(method) = name.parse::<Method>() {
            if method != Method::Hybrid {
                return Ok(self.method(method));
            }
        }
        let (variant, config) = HybridConfig::VARIANTS
            .iter()
            .find(|&&v| v == name)
            .and_then(|&v| Some((v, HybridConfig::variant(v)?)))
            .ok_or_else(|| UnknownStrategy(name.to_owned()))?;
        let mut synthesizer = self.hybrid(config);
        synthesizer.hybrid.1 = variant;
        Ok(synthesizer)
    }

    /// Whether a search by this synthesizer reads a model: neural search,
    /// and the hybrid with its learned half ([`HybridConfig::learned`]).
    /// The others run, and build, without the `neural` feature.
    #[must_use]
    pub fn uses_model(&self) -> bool {
        match self.method {
            Method::Enumerative => false,
            Method::Neural => true,
            Method::Hybrid => self.hybrid.0.learned,
        }
    }

    /// The hybrid's parts (costs, seeds, holes, completion, case splits,
    /// the warm start's share), and with them its candidate policy; the
    /// method becomes [`Method::Hybrid`]. The largest size, memory and
    /// threads are this synthesizer's ([`Synthesizer::max_size`],
    /// [`Synthesizer::memory_limit`], [`Synthesizer::threads`]), whatever
    /// `config` says. Default: [`HybridConfig::default`].
    pub fn hybrid(mut self, config: HybridConfig) -> Synthesizer {
        self.method = Method::Hybrid;
        self.candidates = config.candidates;
        self.hybrid = (config, "hybrid");
        self
    }

    /// Learned building blocks for the hybrid ([`search::blocks`]: a
    /// user's own, e.g. [`Library::learn`]ed from their programs or read
    /// by [`Library::parse`]), and the hybrid's part that uses them
    /// ([`HybridConfig::blocks`]) turned on, whatever the strategy's
    /// variant: their instances over the variables are leaves of its
    /// enumeration and parts of its completion (a search reads the first
    /// [`MAX_USED`](crate::search::blocks::MAX_USED) blocks). An empty
    /// library turns the part off. Default: the embedded library
    /// ([`Library::embedded`]), used by the variant `hybrid-blocks` only.
    ///
    /// [`search::blocks`]: crate::search::blocks
    pub fn blocks(mut self, library: Library) -> Synthesizer {
        self.library = Some(std::sync::Arc::new(library));
        self
    }

    /// The name results give the strategy: the method's, or the hybrid
    /// variant's ([`Synthesizer::strategy`]).
    #[must_use]
    pub fn strategy_name(&self) -> &'static str {
        match self.method {
            Method::Hybrid => self.hybrid.1,
            method => method.name(),
        }
    }

    /// Which fitting programs the search keeps and ranks (the window past
    /// the smallest, how many, the rows beyond the examples they are told
    /// apart on). Default: [`CandidateConfig::ranked`] (the duplicates of
    /// a fit the enumeration drops, at no cost to it);
    /// [`CandidateConfig::alternatives`] also reaches the larger
    /// combinations of programs that differ beyond the examples, at about
    /// twice the time per candidate; [`CandidateConfig::default`] keeps the
    /// first fit only (a [`Session`], whose questions need alternatives,
    /// then keeps the ranked ones).
    pub fn candidates(mut self, config: CandidateConfig) -> Synthesizer {
        self.candidates = config;
        self
    }

    /// Which fitting programs the search keeps and how they are ordered,
    /// the first becoming the answer: [`Prior`](crate::search::Prior) (a
    /// prior of programs people write; the default),
    /// [`Occam`](crate::search::Occam) (the smallest first),
    /// [`Learned`](crate::search::Learned) (weighted features, the weights
    /// fitted on tasks of the training distribution), or a tool's own. The
    /// search scores each fit it finds once, keeps the best few
    /// ([`Synthesizer::candidates`]) and orders them by the same score.
    /// Neural search keeps every sample that fits and orders them by it.
    pub fn ranker(mut self, ranker: impl Ranker + Send + Sync + 'static) -> Synthesizer {
        self.ranker = std::sync::Arc::new(ranker);
        self
    }

    /// Adds up to `max` literals that the examples point to (60 for
    /// minutes, 100 for a percentage, 7 for a weekday: see
    /// [`search::literals`](crate::search::literals)) to the grammar of
    /// each search, as SyGuS solvers take constants from the examples. A
    /// program found may then use a literal the grammar does not list.
    /// [`DEFAULT_TASK_LITERALS`](crate::search::literals::DEFAULT_TASK_LITERALS)
    /// is a good `max`. Default: 0 (the grammar's literals only).
    ///
    /// ```
    /// use arithsynth::{Method, Synthesizer};
    ///
    /// let rows: Vec<([i64; 1], i64)> =
    ///     [75, 130, 1999, 61, 600, 44, 1234, 359].map(|t| ([t], t % 60)).to_vec();
    /// let found = Synthesizer::new(["t"])
    ///     .method(Method::Enumerative)
    ///     .candidate_limit(1_000_000)
    ///     .task_literals(3)
    ///     .solve(&rows)?;
    /// assert_eq!(found.to_string(), "(mod t 60)");
    /// # Ok::<(), arithsynth::Error>(())
    /// ```
    pub fn task_literals(mut self, max: usize) -> Synthesizer {
        self.task_literals = max;
        self
    }

    /// Whether the answer comes back in its simplest equivalent form
    /// ([`search::simplify`](crate::search::simplify): equality saturation
    /// in an e-graph, extraction within the grammar, checked on the
    /// examples and on random rows, never scored lower by the ranker):
    /// `(+ x (+ x 1))` as `(+ (* 2 x) 1)`. The other candidates of
    /// [`Synthesis::ranked`] stay as the search found them. Default: on.
    pub fn simplify(mut self, on: bool) -> Synthesizer {
        self.simplify = on;
        self
    }

    /// The evidence in bits at or above which a found program
    /// [generalizes](crate::Verdict::Generalizes)
    /// ([`Synthesis::verdict`]; the formula is in
    /// [`search::evidence`](crate::search::evidence)). Default:
    /// [`THRESHOLD_BITS`](crate::search::evidence::THRESHOLD_BITS). A
    /// threshold that is not a number is taken as the default.
    pub fn evidence_threshold(mut self, bits: f64) -> Synthesizer {
        self.evidence_threshold = if bits.is_nan() {
            crate::search::evidence::THRESHOLD_BITS
        } else {
            bits
        };
        self
    }

    /// The seed of every random choice (the model's samples). Default: 0.
    pub fn seed(mut self, seed: u64) -> Synthesizer {
        self.seed = seed;
        self
    }

    /// The grammar, or why the variable names make none.
    ///
    /// # Errors
    ///
    /// [`Error::Vars`] for bad variable names.
    pub fn grammar(&self) -> Result<&Grammar, Error> {
        self.grammar
            .as_ref()
            .map_err(|err| Error::Vars(err.clone()))
    }

    /// The limits as a search [`Budget`].
    pub fn budget(&self) -> Budget {
        Budget {
            time: self.time_limit,
            candidates: self.candidate_limit,
            samples: self.sample_limit,
            started: None,
            cancel: self.cancel.clone(),
        }
    }

    /// Synthesizes a program from examples given as rows: each row's inputs
    /// (one value per variable) and its output.
    ///
    /// # Errors
    ///
    /// [`Error::Vars`] for bad variable names, [`Error::Spec`] for no
    /// examples, rows of the wrong width or two rows with the same inputs
    /// and different outputs (checked before any search), [`Error::Search`]
    /// when the search cannot run (a model that fails to load or run, an
    /// enumeration that cannot start). A search that runs and finds nothing
    /// is `Ok`: see [`Synthesis::is_found`].
    pub fn solve<I: AsRef<[i64]>>(&self, examples: &[(I, i64)]) -> Result<Synthesis, Error> {
        self.solve_with(examples, &mut |_| ControlFlow::Continue(()))
    }

    /// As [`Synthesizer::solve`], telling `progress` where the search
    /// stands now and then; it stops the search (as
    /// [`GaveUp::Cancelled`](crate::GaveUp::Cancelled)) by returning `ControlFlow::Break`.
    ///
    /// # Errors
    ///
    /// As [`Synthesizer::solve`].
    pub fn solve_with<I: AsRef<[i64]>>(
        &self,
        examples: &[(I, i64)],
        progress: &mut dyn FnMut(&Progress) -> ControlFlow<()>,
    ) -> Result<Synthesis, Error> {
        let train = examples
            .iter()
            .map(|(inputs, output)| Example::new(inputs.as_ref(), *output))
            .collect();
        let spec = Spec::new(self.grammar()?.clone(), train, Vec::new())?;
        self.solve_spec_with(&spec, progress)
    }

    /// Synthesizes a program for a spec (e.g. a task's, with held-out
    /// examples to judge the program by). The spec's grammar is used, not
    /// the synthesizer's.
    ///
    /// # Errors
    ///
    /// As [`Synthesizer::solve`], less the spec's own checks.
    pub fn solve_spec(&self, spec: &Spec) -> Result<Synthesis, Error> {
        self.solve_spec_with(spec, &mut |_| ControlFlow::Continue(()))
    }

    /// Starts an interactive session: solves the rows, then
    /// [`Session::question`] asks for the output on an input where the
    /// fitting candidates disagree, and [`Session::answer`] takes it, keeps
    /// the candidates that agree (or searches again when none does).
    ///
    /// ```
    /// use arithsynth::{Method, Synthesizer};
    ///
    /// // 0 -> 0 and 2 -> 4: is it x + x, or x * x?
    /// let synthesizer = Synthesizer::new(["x"]).method(Method::Enumerative).candidate_limit(200_000);
    /// let mut session = synthesizer.session(&[([0], 0), ([2], 4)])?;
    /// while let Some(question) = session.question() {
    ///     let answer = question[0] * question[0]; // the user has the square in mind
    ///     session.answer(&question, answer)?;
    /// }
    /// let found = session.synthesis();
    /// assert_eq!(found.to_string(), "(* x x)");
    /// assert!(session.questions() >= 1);
    /// # Ok::<(), arithsynth::Error>(())
    /// ```
    ///
    /// # Errors
    ///
    /// As [`Synthesizer::solve`].
    pub fn session<I: AsRef<[i64]>>(&self, examples: &[(I, i64)]) -> Result<Session<'_>, Error> {
        let train = examples
            .iter()
            .map(|(inputs, output)| Example::new(inputs.as_ref(), *output))
            .collect();
        let spec = Spec::new(self.grammar()?.clone(), train, Vec::new())?;
        self.session_spec(spec)
    }

    /// An interactive session on a spec (with held-out examples, say).
    ///
    /// # Errors
    ///
    /// As [`Synthesizer::solve_spec`].
    pub fn session_spec(&self, spec: Spec) -> Result<Session<'_>, Error> {
        let synthesis = self.asking().solve_spec(&spec)?;
        Ok(Session {
            synthesizer: self,
            spec,
            synthesis,
            questions: 0,
        })
    }

    /// This synthesizer, keeping alternatives if it keeps only the first
    /// fit: what a session's questions need.
    pub(crate) fn asking(&self) -> Synthesizer {
        let mut asking = self.clone();
        if !asking.candidates.keeps_alternatives() {
            asking.candidates = CandidateConfig::ranked();
        }
        asking
    }

    /// As [`Synthesizer::solve_spec`], with a progress callback.
    ///
    /// # Errors
    ///
    /// As [`Synthesizer::solve`].
    pub fn solve_spec_with(
        &self,
        spec: &Spec,
        progress: &mut dyn FnMut(&Progress) -> ControlFlow<()>,
    ) -> Result<Synthesis, Error> {
        // one clock from here: loading the model counts against the limit
        let budget = self.budget().started_at(std::time::Instant::now());
        let widened;
        let spec = if self.task_literals > 0 {
            widened = spec.clone().with_task_literals(self.task_literals);
            &widened
        } else {
            spec
        };
        let mut outcome = match self.method {
            Method::Enumerative => Enumerative {
                max_size: self.max_size,
                memory_limit: self.memory_limit,
                candidates: self.candidates,
                threads: self.threads,
            }
            .solve_ranked(spec, &budget, self.ranker.as_ref(), progress)?,
            // without its learned half the hybrid needs no model (and no
            // `neural` feature)
            Method::Hybrid if !self.hybrid.0.learned => self
                .hybrid_over(search::Proposals::default())
                .solve_with(spec, &budget, progress)?,
            Method::Neural | Method::Hybrid => self.solve_neural(spec, &budget, progress)?,
        };
        let deadline = budget.deadline();
        if let Outcome::Solved(solution) = &mut outcome {
            solution.rerank(spec, self.ranker.as_ref());
            self.simplified(spec, solution, &deadline);
        }
        let mut synthesis = self.synthesis(spec, outcome, &deadline);
        if let Outcome::Solved(solution) = &mut synthesis.outcome {
            // the answer's time is the whole call's, its evidence counted
            solution.elapsed = deadline.elapsed();
        }
        Ok(synthesis)
    }

    /// What the search found on `spec`, with its evidence (its function
    /// code counted within `deadline`) and verdict.
    pub(crate) fn synthesis(
        &self,
        spec: &Spec,
        outcome: Outcome,
        deadline: &search::Deadline,
    ) -> Synthesis {
        let evidence = outcome.solution().map(|s| {
            crate::search::evidence::evidence_within(
                spec,
                &s.program,
                self.evidence_threshold,
                deadline,
                self.memory_limit,
                // what the search left of the caller's candidates
                self.candidate_limit
                    .map(|limit| limit.saturating_sub(s.candidates)),
            )
        });
        Synthesis {
            outcome,
            vars: spec.vars().clone(),
            evidence,
            threshold: self.evidence_threshold,
        }
    }

    /// The answer of `solution` in its simplest form
    /// ([`Synthesizer::simplify`]), first among the candidates, within what
    /// is left of `deadline`.
    pub(crate) fn simplified(
        &self,
        spec: &Spec,
        solution: &mut search::Solution,
        deadline: &search::Deadline,
    ) {
        if !self.simplify {
            return;
        }
        let simple =
            search::simplify::simplify(spec, &solution.program, self.ranker.as_ref(), deadline);
        if !spec.admits(&simple) {
            return;
        }
        if let Some(first) = solution.ranked.first_mut() {
            first.program.clone_from(&simple);
        }
        solution.program = simple;
    }

    #[cfg(not(feature = "neural"))]
    #[expect(clippy::unused_self, reason = "the neural build's twin uses it")]
    fn solve_neural(
        &self,
        _: &Spec,
        _: &Budget,
        _: &mut dyn FnMut(&Progress) -> ControlFlow<()>,
    ) -> Result<Outcome, SearchError> {
        Err(SearchError::Unavailable {
            what: "the model",
            feature: "neural",
        })
    }

    #[cfg(feature = "neural")]
    fn solve_neural(
        &self,
        spec: &Spec,
        budget: &Budget,
        progress: &mut dyn FnMut(&Progress) -> ControlFlow<()>,
    ) -> Result<Outcome, SearchError> {
        let model = self.model.get()?;
        if self.method == Method::Neural {
            return search::Neural::new(&model)
                .with_seed(self.seed)
                .solve_with(spec, budget, progress);
        }
        let sketcher = if self.sketches() {
            Some(self.sketcher.get()?)
        } else {
            None
        };
        if sketcher
            .as_ref()
            .is_some_and(|m| m.tokenizer().vocabulary() != crate::model::Vocabulary::Sketch)
        {
            return Err(SearchError::Proposer(
                "the sketch model's vocabulary has no hole (train one with `train --holes`)".into(),
            ));
        }
        let mut proposer = search::ModelProposer::new(&model);
        proposer.seed = self.seed;
        proposer.sketcher = sketcher.as_deref();
        self.hybrid_over(proposer)
            .solve_with(spec, budget, progress)
    }
}

impl Synthesizer {
    /// Whether the hybrid draws sketches: the variant says so, or the
    /// caller gave a sketch model.
    fn sketches(&self) -> bool {
        #[cfg(feature = "neural")]
        let given = self.sketcher.is_given();
        #[cfg(not(feature = "neural"))]
        let given = false;
        self.hybrid.0.sketches || given
    }

    /// The hybrid of this synthesizer's parts and limits over `proposer`.
    fn hybrid_over<P: search::Proposer>(&self, proposer: P) -> search::Hybrid<P> {
        let config = HybridConfig {
            max_size: self.max_size,
            memory_limit: self.memory_limit,
            threads: self.threads,
            candidates: self.candidates,
            blocks: self
                .library
                .as_ref()
                .map_or(self.hybrid.0.blocks, |l| !l.blocks().is_empty()),
            sketches: self.sketches(),
            ..self.hybrid.0
        };
        let hybrid = search::Hybrid::new(proposer)
            .with_config(config)
            .with_name(self.strategy_name())
            .with_ranker(std::sync::Arc::clone(&self.ranker));
        match &self.library {
            Some(library) => hybrid.with_library(std::sync::Arc::clone(library)),
            None => hybrid,
        }
    }
}

#[cfg(feature = "neural")]
mod models;
