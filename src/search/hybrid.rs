//! Hybrid search: proposals (e.g. a model's samples) condition a bottom-up
//! enumeration, and the enumeration repairs the proposals.
//!
//! A [`Proposer`] gives programs and production probabilities for the spec
//! (the model's samples and their node shares, for [`Hybrid::neural`]).
//! Then, each part switchable for an ablation ([`HybridConfig`]):
//!
//! 1. **costs** (off by default, see [`HybridConfig::costs`]): the
//!    probabilities become production costs (`round(-log2 p)`, mixed with
//!    uniform so nothing is starved) and the enumeration runs in cost order
//!    instead of size order ([`Enumerator::costs`]), as in Probe and
//!    HySynth;
//! 2. **seeds** (off by default, see [`HybridConfig::seeds`]): the
//!    proposals' subterms are banked at a discount of their cost
//!    ([`Enumerator::seed`]), so the enumeration builds on them;
//! 3. **holes**: where a proposal disagrees with the examples, each subterm
//!    whose required values can be inverted ([`holes`](super::holes)) becomes
//!    a target column; when the enumeration banks a program with that
//!    column, the proposal with the hole filled is a candidate;
//! 4. **completion** (on by default, see [`HybridConfig::completion`]):
//!    after the warm start, the examples are fitted exactly as a linear
//!    combination of monomials and of the smallest banked programs, with a
//!    divisor ([`completion`](super::completion)): polynomials, sums of
//!    powers and floors far beyond the enumeration's reach, and remainders
//!    `mod m` of sums of the variables (or of learned blocks). A fit that
//!    leaves several examples beyond its unknowns
//!    ([`CompletionConfig::final_evidence`]) ends the search there; a weaker
//!    one is a candidate like any other. Every banked program is also read
//!    as a part bent once: the outputs as a line, or two lines meeting at
//!    a kink, over its values (a tiered price over a computed quantity),
//!    or as the part wrapped, `(c0 + c1·f) mod m` (a clock past a
//!    computed offset), or as either line rounded down, `div d` (tax
//!    brackets paid in whole units; `src/search/completion/kinked.rs`),
//!    and as one of
//!    two parts, with a line of the variables or with a part banked before
//!    it (two idioms over different inputs, summed;
//!    `src/search/completion/paired.rs`); where the outputs are saturated
//!    (a least or greatest value taken again and again: a capped fee), the
//!    completion and these readings also run on the examples between, and
//!    each fit is clamped, `max(lo, min(f, hi))`
//!    (`src/search/completion/clamped.rs`); from the end of the warm start
//!    (so that a large fit of that kind does not keep the completion and
//!    case splits from a smaller one).
//! 5. **case splits** (on by default, see [`HybridConfig::unify`]): when
//!    nothing fits after the warm start and the grammar has `ite`, a
//!    decision list over the smallest banked programs, bounded in size by
//!    the examples' count so that it cannot spell out a table of them
//!    ([`unify`](super::unify)), for case splits too large to enumerate
//!    (the maximum of three, a search in a sorted list); a candidate like
//!    any other, so enumeration goes on for a smaller one.
//! 6. **blocks** (off by default, see [`HybridConfig::blocks`]): the
//!    instances of learned building blocks ([`blocks`](super::blocks)) are
//!    parts of the completion, and leaves of a new enumeration after the
//!    warm start, each banked at the level of a production applied to its
//!    variables ([`Enumerator::seed`]). A level is never more than a
//!    size, so the bound passes every plain program through the
//!    incumbent's size, unless the extra effort past a fit ends the
//!    search first (a fit over blocks can come at a level below its
//!    size); no Occam pass follows, so a smaller plain program may then
//!    be missed.
//! 7. **sketches** (off by default, see [`HybridConfig::sketches`]): a
//!    sketch model's programs with one hole ([`Proposals::sketches`]); the
//!    hole is filled from the bank by its inverted values (as a hole of
//!    a sample) and by trying the first banked programs in it, smallest
//!    first, for the most probable sketches; every filled sketch is
//!    checked on the examples.
//!
//! Every proposal is also checked as is. Among the consistent programs
//! found, the search returns the smallest (Occam: with few examples, the
//! smallest fitting program is the one that generalizes), the cheapest
//! under the production costs among equal sizes; it stops once the
//! enumeration reaches the incumbent's size (under unit costs; its cost
//! under model costs), past which nothing better can come.
//!
//! [`Enumerator::costs`]: crate::enumerate::Enumerator::costs
//! [`Enumerator::seed`]: crate::enumerate::Enumerator::seed

use std::collections::BTreeMap;
use std::fmt;
use std::ops::ControlFlow;
use std::sync::Arc;

use super::blocks::Library;
use super::candidates::{beyond_rows, Fits};
use super::completion::clamped::Clamp;
use super::holes::{holes, splice};
use super::{
    enumerator_within, solved, Best, Budget, Deadline, GaveUp, Outcome, Prior, Progress, Ranker,
    SearchError, Spec, Strategy,
};
use crate::dsl::{Node, Program};
use crate::enumerate::{Costs, Enumeration, Enumerator};

mod algebra;
mod config;
mod incumbent;
mod kinks;
mod seeds;
mod sketches;

use incumbent::Incumbent;
use seeds::block_level;

pub use config::HybridConfig;

/// What a proposer hands the enumeration.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Proposals {
    /// Distinct programs, most promising first.
    pub programs: Vec<Program>,
    /// A probability per production of the grammar (a production left out
    /// is priced as under a uniform distribution); empty for none.
    pub productions: Vec<(Node, f64)>,
    /// Model samples spent.
    pub samples: u64,
    /// Sketches, most promising first: programs over one variable more
    /// than the spec, read once, that is the hole the search fills
    /// ([`HybridConfig::sketches`]); empty for none.
    pub sketches: Vec<Program>,
}

/// A source of proposals for a spec: a model, a language model, a user's
/// sketches.
pub trait Proposer {
    /// Proposals for `spec`, within `budget` (the proposer decides how much
    /// of it to spend, and must be back by `deadline`: the search's one
    /// clock, which started when the search began).
    ///
    /// # Errors
    ///
    /// [`SearchError`] when the proposer is broken (a model that fails;
    /// [`SearchError::Proposer`] for a tool's own errors). The hybrid search
    /// returns it as is: a failing part is not taken for "no proposals".
    fn propose(
        &self,
        spec: &Spec,
        budget: &Budget,
        deadline: &Deadline,
    ) -> Result<Proposals, SearchError>;
}

/// Fixed proposals, whatever the spec: for tests and for tools that bring
/// their own sketches.
impl Proposer for Proposals {
    fn propose(&self, _: &Spec, _: &Budget, _: &Deadline) -> Result<Proposals, SearchError> {
        Ok(self.clone())
    }
}

/// The hybrid strategy; see the [module docs](self).
pub struct Hybrid<P> {
    proposer: P,
    config: HybridConfig,
    name: String,
    /// Decides which fits are kept, and their order.
    ranker: Arc<dyn Ranker + Send + Sync>,
    /// The building blocks [`HybridConfig::blocks`] turns on; `None`: the
    /// embedded ones.
    library: Option<Arc<Library>>,
}

impl<P: fmt::Debug> fmt::Debug for Hybrid<P> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Hybrid")
            .field("proposer", &self.proposer)
            .field("config", &self.config)
            .field("name", &self.name)
            .field("ranker", &self.ranker.name())
            .field("blocks", &self.library.as_ref().map(|l| l.blocks().len()))
            .finish()
    }
}

impl<P: Proposer> Hybrid<P> {
    /// A hybrid over `proposer`, every part on, named `hybrid`.
    pub fn new(proposer: P) -> Hybrid<P> {
        Hybrid {
            proposer,
            config: HybridConfig::default(),
            name: "hybrid".to_owned(),
            ranker: Arc::new(Prior),
            library: None,
        }
    }

    /// The learned building blocks the search uses where
    /// [`HybridConfig::blocks`] is on. Default: [`Library::embedded`].
    #[must_use]
    pub fn with_library(mut self, library: Arc<Library>) -> Hybrid<P> {
        self.library = Some(library);
        self
    }

    fn library(&self) -> &Library {
        self.library
            .as_deref()
            .unwrap_or_else(|| Library::embedded())
    }

    /// The ranker that decides which fitting programs are kept and in
    /// what order. Default: [`Prior`].
    pub fn with_ranker(mut self, ranker: Arc<dyn Ranker + Send + Sync>) -> Hybrid<P> {
        self.ranker = ranker;
        self
    }

    /// The parts and settings.
    #[must_use]
    pub fn with_config(mut self, config: HybridConfig) -> Hybrid<P> {
        self.config = config;
        self
    }

    /// The name in results (e.g. an ablation variant's).
    #[must_use]
    pub fn with_name(mut self, name: impl Into<String>) -> Hybrid<P> {
        self.name = name.into();
        self
    }
}

/// A hole to fill: the proposal, where, and what the rest of it costs.
#[derive(Clone, Copy, Debug)]
struct Target {
    proposal: usize,
    position: usize,
    context: u64,
}

/// How often (in banked programs) holes are looked up, progress is told
/// and the deadline read.
const CHECK_EVERY: usize = 4096;
/// [`CHECK_EVERY`] as a counter's type.
const CHECK_EVERY_U32: u32 = 4096;

/// What one search carries from phase to phase.
struct Search<'a> {
    spec: &'a Spec,
    outputs: Vec<i64>,
    deadline: Deadline,
    incumbent: Incumbent,
    /// Every fitting program within the candidates' window.
    fits: Fits<'a>,
    window: u64,
    best: Best,
    /// Proposals that the grammar admits.
    proposals: Vec<Program>,
    /// The programs hole targets are in: the proposals, then the sketches.
    holed: Vec<Program>,
    /// The sketches whose hole is tried with banked programs.
    open: Vec<sketches::Open>,
    /// The saturated sides of the outputs and their interior, where the
    /// completion is on and the outputs are saturated.
    clamp: Option<&'a Clamp>,
    /// The readings of each banked program (bent, wrapped, paired) and
    /// where they are in the current enumeration's bank.
    kinks: kinks::Scan<'a>,
    /// Hole targets by column; ordered, so that which hole is filled first
    /// (and so which program wins a tie) never depends on a hash seed.
    targets: BTreeMap<Vec<i64>, Target>,
    /// Candidates of finished phases and proposals.
    candidates: u64,
    /// The budget's candidate limit, if it has one.
    candidate_limit: Option<u64>,
    samples: u64,
    cancelled: bool,
}

/// Why [`Search::drive`] returned.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Drive {
    /// The enumeration stopped (limit or completion): see its stop reason.
    Stopped,
    /// Nothing better than the incumbent can come.
    Bounded,
    /// The phase's own limit passed.
    Paused,
    /// The search's deadline passed while banked programs were still to
    /// be looked at (an enumeration stops generating at its time limit,
    /// but what it banked in its last row is still yielded).
    TimeUp,
    /// The progress callback broke.
    Cancelled,
}

impl Search<'_> {
    /// Offers a fitting program that did not come from the enumeration.
    /// Offers a fit; whether the spec admits it (always, unless it asks
    /// for SMT-LIB's semantics).
    fn offer_fit(&mut self, cost: u64, program: Program, candidates: u64) -> bool {
        if !self.spec.admits(&program) {
            return false;
        }
        self.incumbent.offer(cost, program.clone());
        self.fits.offer_evaluated(program, candidates);
        true
    }

    /// Looks up every hole target among the banked programs.
    fn fill_holes(&mut self, enumeration: &Enumeration) {
        let rows = self.outputs.len();
        let (spec, proposals) = (self.spec, &self.holed);
        let mut filled_fits = Vec::new();
        self.targets.retain(|column, target| {
            let Some(id) = enumeration.find(column) else {
                return true;
            };
            let filled = splice(
                &proposals[target.proposal],
                target.position,
                &enumeration.program(id),
            );
            if spec.matched(&filled) == rows {
                filled_fits.push((target.context + enumeration.level(id) as u64, filled));
            }
            false
        });
        let candidates = self.candidates + enumeration.candidates();
        for (cost, filled) in filled_fits {
            self.offer_fit(cost, filled, candidates);
        }
        self.try_sketches(enumeration);
        self.scan_kinks(enumeration);
    }

    /// Runs `enumeration` until it stops, the incumbent cannot be beaten,
    /// or `pause` says so; holes are looked up and progress told every few
    /// thousand programs.
    fn drive(
        &mut self,
        enumeration: &mut Enumeration,
        progress: &mut dyn FnMut(&Progress) -> ControlFlow<()>,
        pause: &dyn Fn(&Enumeration) -> bool,
    ) -> Drive {
        let rows = self.outputs.len();
        let mut since_check = CHECK_EVERY; // at once: banked seeds may fill holes
        let mut level = 0;
        loop {
            let next = enumeration.next();
            let level_changed = next.is_some_and(|id| enumeration.level(id) != level);
            if since_check >= CHECK_EVERY || level_changed || next.is_none() {
                since_check = 0;
                self.fill_holes(enumeration);
                let report = Progress {
                    elapsed: self.deadline.elapsed(),
                    candidates: self.candidates + enumeration.candidates(),
                    samples: self.samples,
                    best: self.best.peek(),
                    solved: self.incumbent.best.as_ref().map(|b| &b.1),
                };
                if progress(&report).is_break() {
                    self.cancelled = true;
                    return Drive::Cancelled;
                }
                if next.is_some() && pause(enumeration) {
                    return Drive::Paused;
                }
                if next.is_some() && self.deadline.passed() {
                    return Drive::TimeUp;
                }
            }
            let Some(id) = next else {
                return Drive::Stopped;
            };
            since_check += 1;
            level = enumeration.level(id);
            if self
                .incumbent
                .bound()
                .is_some_and(|bound| level as u64 > bound + self.window)
                || self.fits.done(
                    enumeration.size(id),
                    self.candidates + enumeration.candidates(),
                )
            {
                return Drive::Bounded;
            }
            let candidates = self.candidates + enumeration.candidates();
            self.fits.take_duplicates(enumeration, candidates);
            let column = enumeration.column(id);
            let matched = column.count_equal(&self.outputs);
            if matched == rows {
                let program = enumeration.program(id);
                if self.spec.admits(&program) {
                    self.incumbent.offer(level as u64, program);
                    self.fits.offer_banked(enumeration, id, rows, candidates);
                }
            } else if !self.fits.any() && self.best.wants(matched, enumeration.size(id)) {
                self.best.offer(&enumeration.program(id), matched);
            }
        }
    }
}

impl<P: Proposer> Hybrid<P> {
    /// A plain size-order enumerator on the spec within what is left of
    /// the budget.
    fn plain(&self, spec: &Spec, budget: &Budget, deadline: &Deadline, spent: u64) -> Enumerator {
        let enumerator = enumerator_within(
            spec,
            budget,
            self.config.max_size,
            self.config.memory_limit,
            self.config.threads,
            deadline,
            spent,
        )
        .judge_beyond(beyond_rows(spec, self.config.candidates.extra_rows));
        self.config.candidates.watching(enumerator, spec)
    }

    /// Checks the proposals and makes their hole targets.
    fn take_proposals(&self, search: &mut Search<'_>, proposals: &Proposals, costs: &Costs) {
        let spec = search.spec;
        let rows = search.outputs.len();
        search.samples = proposals.samples;
        search.proposals = proposals
            .programs
            .iter()
            .filter(|p| spec.grammar().admits(p).is_ok() && p.min_vars() <= spec.vars().len())
            .cloned()
            .collect();
        let inputs = spec.train_inputs();
        let mut fitting = Vec::new();
        for (index, program) in search.proposals.iter().enumerate() {
            search.candidates += 1;
            let matched = spec.matched(program);
            if matched == rows {
                fitting.push(program.clone());
                continue;
            }
            search.best.offer(program, matched);
            if !self.config.holes {
                continue;
            }
            let starts = program.subtree_starts();
            let total = costs.of(program);
            for hole in holes(program, &inputs, &search.outputs) {
                let inside: u64 = program.nodes()[starts[hole.position]..=hole.position]
                    .iter()
                    .map(|&n| u64::from(costs.get(n)))
                    .sum();
                let target = Target {
                    proposal: index,
                    position: hole.position,
                    context: total - inside,
                };
                search
                    .targets
                    .entry(hole.column)
                    .and_modify(|known| {
                        if target.context < known.context {
                            *known = target;
                        }
                    })
                    .or_insert(target);
            }
        }
        search.holed.clone_from(&search.proposals);
        if self.config.sketches && self.config.holes {
            search.take_sketches(&proposals.sketches, costs);
        }
        for program in fitting {
            let candidates = search.candidates;
            search.offer_fit(costs.of(&program), program, candidates);
        }
    }
}

impl<P: Proposer> Strategy for Hybrid<P> {
    fn name(&self) -> &str {
        &self.name
    }

    fn solve_with(
        &self,
        spec: &Spec,
        budget: &Budget,
        progress: &mut dyn FnMut(&Progress) -> ControlFlow<()>,
    ) -> Result<Outcome, SearchError> {
        let _span = tracing::debug_span!("hybrid", examples = spec.train().len()).entered();
        let deadline = budget.deadline();
        let clamp = self
            .config
            .completion
            .as_ref()
            .and_then(|config| Clamp::of(spec, config));
        let mut search = Search {
            spec,
            outputs: spec.train_outputs(),
            deadline: deadline.clone(),
            incumbent: Incumbent {
                best: None,
                by_size: true,
            },
            fits: Fits::for_spec(
                self.config.candidates,
                spec,
                self.ranker.as_ref(),
                deadline.clone(),
            ),
            window: self.config.candidates.window as u64,
            best: Best::default(),
            proposals: Vec::new(),
            holed: Vec::new(),
            open: Vec::new(),
            clamp: clamp.as_ref(),
            kinks: kinks::Scan::new(
                spec,
                self.config.completion.as_ref(),
                clamp.as_ref(),
                &deadline,
            ),
            targets: BTreeMap::new(),
            candidates: 0,
            candidate_limit: budget.candidates,
            samples: 0,
            cancelled: false,
        };
        let reason = self.phases(&mut search, budget, progress)?;
        Ok(self.finish(search, reason))
    }
}

/// Why an enumeration ended, as a search's reason.
fn reason_of(enumeration: &Enumeration) -> GaveUp {
    enumeration
        .stop_reason()
        .map_or(GaveUp::Exhausted, GaveUp::from)
}

impl<P: Proposer> Hybrid<P> {
    /// The phases in order, each ending the search early where it can:
    /// the warm start (with completion and case splits), the proposals,
    /// then either the same enumeration filling holes or a new one in cost
    /// order, and the Occam pass. Returns why the search ended.
    fn phases(
        &self,
        search: &mut Search<'_>,
        budget: &Budget,
        progress: &mut dyn FnMut(&Progress) -> ControlFlow<()>,
    ) -> Result<GaveUp, SearchError> {
        let spec = search.spec;
        let blocks = if self.config.blocks {
            self.library().instances(spec, MAX_BLOCK_INSTANCES)
        } else {
            Vec::new()
        };
        let mut plain = self.plain(spec, budget, &search.deadline, 0).start()?;
        if let Some(reason) = self.warm_start(search, &mut plain, budget, &blocks, progress) {
            search.candidates += plain.candidates();
            return Ok(reason);
        }
        let proposals = if self.config.learned {
            self.proposer.propose(spec, budget, &search.deadline)?
        } else {
            Proposals::default()
        };
        let costs = self.costs(spec, &proposals);
        self.take_proposals(search, &proposals, &costs);
        if let Some(config) = &self.config.completion {
            search.complete_sketches(&plain, config);
        }
        if costs.is_unit() && !self.config.seeds && blocks.is_empty() {
            let reason = if plain.stop_reason().is_none() {
                // go on with the same enumeration, now filling holes
                match search.drive(&mut plain, progress, &|_| false) {
                    Drive::Stopped => reason_of(&plain),
                    Drive::TimeUp => search.deadline.gave_up(),
                    _ => GaveUp::Exhausted,
                }
            } else {
                // the enumeration has stopped (its space exhausted, or a
                // limit reached): holes are looked up once in its bank
                search.fill_holes(&plain);
                reason_of(&plain)
            };
            search.candidates += plain.candidates();
            return Ok(reason);
        }
        search.candidates += plain.candidates();
        drop(plain);
        let (reason, ran) = self.guided(search, budget, &costs, &blocks, progress)?;
        if !ran {
            return Ok(reason);
        }
        if search.cancelled {
            return Ok(GaveUp::Cancelled);
        }
        if !costs.is_unit() || self.config.seeds {
            // blocks alone keep levels at most sizes: the bound passes
            // every plain program through the incumbent's size, unless
            // the extra effort ends the search first (module docs)
            self.occam_pass(search, budget)?;
        }
        Ok(reason)
    }

    /// Plain enumeration finds small programs before any sample is drawn
    /// (what it finds first is the smallest: final), then completion and
    /// case splits where nothing fits yet. `Some` reason when the search
    /// ends here (the enumeration's candidates are not yet counted).
    fn warm_start(
        &self,
        search: &mut Search<'_>,
        plain: &mut Enumeration,
        budget: &Budget,
        blocks: &[Program],
        progress: &mut dyn FnMut(&Progress) -> ControlFlow<()>,
    ) -> Option<GaveUp> {
        let share = self.config.warm_share.clamp(0.0, 1.0);
        let warm_deadline = search.deadline.share(share);
        #[expect(
            clippy::cast_possible_truncation,
            clippy::cast_sign_loss,
            clippy::cast_precision_loss
        )]
        let warm_candidates = budget
            .candidates
            .map_or(WARM_CANDIDATES, |c| (c as f64 * share) as u64);
        let pause = |e: &Enumeration| e.candidates() >= warm_candidates || warm_deadline.passed();
        let warm = search.drive(plain, progress, &pause);
        if let Some(config) = &self.config.completion {
            let open = search.incumbent.best.is_none()
                && !search.cancelled
                && !search.deadline.cancelled();
            if open && search.complete(plain, config, blocks) {
                // strong evidence: no need to enumerate on for a smaller fit
                return Some(GaveUp::Exhausted);
            }
        }
        if let Some(config) = &self.config.unify {
            if search.incumbent.best.is_none() && !search.cancelled && !search.deadline.cancelled()
            {
                search.unify(plain, config);
            }
        }
        search.kinks.begin();
        match warm {
            Drive::Paused => None,
            Drive::TimeUp => Some(search.deadline.gave_up()),
            // every program up to the maximum size is banked: proposals
            // and holes may still reach past it
            Drive::Stopped
                if search.incumbent.best.is_none() && reason_of(plain) == GaveUp::Exhausted =>
            {
                None
            }
            _ => Some(reason_of(plain)),
        }
    }

    /// A new enumeration in the proposals' cost order (and with their
    /// seeds), filling holes as it goes. Returns why it ended, and whether
    /// it ran (a limit may be reached before it can start).
    fn guided(
        &self,
        search: &mut Search<'_>,
        budget: &Budget,
        costs: &Costs,
        blocks: &[Program],
        progress: &mut dyn FnMut(&Progress) -> ControlFlow<()>,
    ) -> Result<(GaveUp, bool), SearchError> {
        search.incumbent.by_size = costs.is_unit();
        let mut enumerator = self
            .plain(search.spec, budget, &search.deadline, search.candidates)
            .costs(costs.clone());
        if self.config.seeds {
            enumerator = self.seeded(enumerator, &search.proposals, costs);
        }
        for block in blocks {
            enumerator = enumerator.seed(block.clone(), block_level(block));
        }
        if search.deadline.passed() {
            return Ok((search.deadline.gave_up(), false));
        }
        if budget.candidates.is_some_and(|c| search.candidates >= c) {
            return Ok((GaveUp::CandidateLimit, false));
        }
        let mut guided = enumerator.start()?;
        search.restart_sketches();
        search.kinks.restart();
        let outcome = search.drive(&mut guided, progress, &|_| false);
        search.candidates += guided.candidates();
        let reason = match outcome {
            Drive::Stopped => reason_of(&guided),
            Drive::TimeUp => search.deadline.gave_up(),
            _ => GaveUp::Exhausted,
        };
        Ok((reason, true))
    }

    /// Seeds claim classes for programs larger than their level, and cost
    /// order is not size order: a smaller fitting program may have been
    /// passed over. The Occam pass looks for one in plain size order,
    /// through the incumbent's size (at equal size the plain order's first
    /// wins), with what is left of the budget.
    fn occam_pass(&self, search: &mut Search<'_>, budget: &Budget) -> Result<(), SearchError> {
        let Some((_, program)) = &search.incumbent.best else {
            return Ok(());
        };
        let size = program.size();
        let mut occam = self
            .plain(search.spec, budget, &search.deadline, search.candidates)
            .max_size(size)
            .start()?;
        let mut seen = 0u32;
        while let Some(id) = occam.next() {
            seen = seen.wrapping_add(1);
            if seen % CHECK_EVERY_U32 == 0 && search.deadline.passed() {
                break;
            }
            if occam.column(id) == search.outputs.as_slice() {
                let candidates = search.candidates + occam.candidates();
                if search.offer_fit(0, occam.program(id), candidates) {
                    break;
                }
            }
        }
        search.candidates += occam.candidates();
        Ok(())
    }

    /// The outcome: the fits ranked, or why none was found.
    fn finish(&self, search: Search<'_>, reason: GaveUp) -> Outcome {
        let deadline = search.deadline;
        let spec = search.spec;
        if let Some(solution) = solved(
            spec,
            search.fits.into_programs(),
            self.ranker.as_ref(),
            &self.name,
            &deadline,
            search.candidates,
            search.samples,
        ) {
            return Outcome::Solved(solution);
        }
        Outcome::Unsolved {
            reason: if search.cancelled || deadline.cancelled() {
                GaveUp::Cancelled
            } else {
                reason
            },
            best: search.best.into_inner(),
            elapsed: deadline.elapsed(),
            candidates: search.candidates,
            samples: search.samples,
        }
    }
}

/// Most instances of the learned building blocks the completion tries
/// and the enumeration banks ([`HybridConfig::blocks`]): sums of up to
/// four of sixteen, alone and with the variables, are at most 5,032
/// systems, and sixteen leaves widen each level as sixteen variables
/// would.
const MAX_BLOCK_INSTANCES: usize = 16;

/// Candidates of the warm start when the budget sets no time or candidate
/// limit.
const WARM_CANDIDATES: u64 = 1 << 20;

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dataset::Example;
    use crate::dsl::{Grammar, Op, Vars};
    use crate::eval::reference;
    use std::time::Duration;

    fn spec(text: &str) -> (Grammar, Spec) {
        spec_in(Grammar::new(Vars::new(["x", "y"]).unwrap()), text)
    }

    /// A spec of `text` over `grammar`'s `x` and `y`.
    fn spec_in(grammar: Grammar, text: &str) -> (Grammar, Spec) {
        let program = grammar.parse(text).unwrap();
        let example = |x: i64, y: i64| Example {
            inputs: vec![x, y],
            output: reference::eval(&program, &[x, y]),
        };
        let train = (0..8)
            .map(|i| example(i * 3 - 7, (i * 5) % 7 - 2))
            .collect();
        let test = (0..16).map(|i| example(i * 11 - 50, i * 7 - 40)).collect();
        (grammar.clone(), Spec::new(grammar, train, test).unwrap())
    }

    /// A grammar of `vars`, every operator and `literals`, and a spec of
    /// `text` over it on 16 training rows `train(i)` and 40 test rows
    /// `test(i)`.
    fn spec_of_rows(
        vars: &[&str],
        literals: &[i64],
        text: &str,
        train: impl Fn(i64) -> Vec<i64>,
        test: impl Fn(i64) -> Vec<i64>,
    ) -> (Grammar, Spec) {
        let grammar = Grammar::builder()
            .vars(vars.iter().copied())
            .literals(literals.iter().copied())
            .ops(Op::ALL)
            .build()
            .unwrap();
        let program = grammar.parse(text).unwrap();
        let example = |inputs: Vec<i64>| Example {
            output: reference::eval(&program, &inputs),
            inputs,
        };
        let train = (0..16).map(|i| example(train(i))).collect();
        let test = (0..40).map(|i| example(test(i))).collect();
        (grammar.clone(), Spec::new(grammar, train, test).unwrap())
    }

    fn proposals(grammar: &Grammar, texts: &[&str]) -> Proposals {
        let programs: Vec<Program> = texts.iter().map(|t| grammar.parse(t).unwrap()).collect();
        let mut counts: BTreeMap<Node, f64> = BTreeMap::new();
        for program in &programs {
            for &node in program.nodes() {
                *counts.entry(node).or_default() += 1.0;
            }
        }
        Proposals {
            programs,
            productions: counts.into_iter().collect(),
            samples: 0,
            sketches: Vec::new(),
        }
    }

    #[test]
    fn a_sketchs_hole_is_filled_with_a_banked_program() {
        // size 15; the sketch leaves (+ x (* 3 y)) under a div, where the
        // hole's values cannot be inverted (any of two serves): banked
        // programs are tried in it
        let (_, spec) = spec("(+ (* (* x x) (* y y)) (div (+ x (* 3 y)) 2))");
        // (a sketch with two holes is left out)
        let (outcome, off) = with_and_without_sketches(
            &spec,
            &[
                "(+ (* (* x x) (* y y)) (div h h))",
                "(+ (* (* x x) (* y y)) (div h 2))",
            ],
        );
        assert_filled_only_with_sketches(&spec, &outcome, &off, "the hole is five nodes");
    }

    #[test]
    fn the_hole_of_a_less_probable_sketch_is_tried_too() {
        // the sketch that fits is the thirteenth, its hole a divisor (no
        // values inverted, so no target to look up): the banked programs
        // are tried in it after the twelve more probable ones, which fit
        // nothing small
        let (_, spec) = spec("(+ (* (* x x) (* y y)) (div (+ x (* 3 y)) 2))");
        let decoys = [
            "(* x x)",
            "(* y y)",
            "(* x y)",
            "(* x (* y y))",
            "(* (* x x) y)",
            "(* x (* x x))",
            "(* y (* y y))",
            "(* 2 (* x y))",
            "(* 3 (* x y))",
            "(* x (* 3 y))",
            "(* y (* 3 x))",
            "(* (* x y) (+ x y))",
        ]
        .map(|decoy| format!("(+ {decoy} (div (+ x (* 3 y)) h))"));
        let mut sketches: Vec<&str> = decoys.iter().map(String::as_str).collect();
        sketches.push("(+ (* (* x x) (* y y)) (div (+ x (* 3 y)) h))");
        let (outcome, off) = with_and_without_sketches_within(&spec, &sketches, 2_000_000);
        assert_filled_only_with_sketches(&spec, &outcome, &off, "the thirteenth sketch fits");
    }

    /// `outcome` holds the program of `(+ (* (* x x) (* y y)) (div …))`,
    /// right on the held-out examples, and `off` (without the sketches
    /// part, the same proposals and budget) none.
    fn assert_filled_only_with_sketches(spec: &Spec, outcome: &Outcome, off: &Outcome, why: &str) {
        let solution = outcome
            .solution()
            .unwrap_or_else(|| panic!("{why}: {outcome}"));
        assert_eq!(solution.test_ok, Some(true));
        let shown = solution.program.sexpr(spec.vars()).to_string();
        assert!(shown.starts_with("(+ (* (* x x) (* y y)) (div "), "{shown}");
        assert!(off.solution().is_none(), "{off}");
    }

    /// The hybrid on `sketches` (over `x`, `y` and the hole `h`) within
    /// 300,000 candidates, with its sketches part on and off.
    fn with_and_without_sketches(spec: &Spec, sketches: &[&str]) -> (Outcome, Outcome) {
        with_and_without_sketches_within(spec, sketches, 300_000)
    }

    /// [`with_and_without_sketches`] within `candidates`.
    fn with_and_without_sketches_within(
        spec: &Spec,
        sketches: &[&str],
        candidates: u64,
    ) -> (Outcome, Outcome) {
        let with_hole = Vars::new(["x", "y", "h"]).unwrap();
        let proposals = Proposals {
            sketches: sketches
                .iter()
                .map(|t| Program::parse(t, &with_hole).unwrap())
                .collect(),
            ..Proposals::default()
        };
        let budget = Budget::candidates(candidates);
        let on = HybridConfig {
            sketches: true,
            ..HybridConfig::default()
        };
        let with = Hybrid::new(proposals.clone())
            .with_config(on)
            .solve(spec, &budget)
            .unwrap();
        let without = Hybrid::new(proposals).solve(spec, &budget).unwrap();
        (with, without)
    }

    #[test]
    fn a_sketchs_inverted_hole_is_completed_algebraically() {
        // size 17: the hole, 3x^2 + 2y^2 - 3x (13 nodes), is neither
        // banked nor tried within the budget, and the product with
        // (max x y) is beyond the completion of the whole; its values
        // divided by (max x y) (never 0 on these rows) are a polynomial
        let grammar = Grammar::builder()
            .vars(["x", "y"])
            .op_names(["+", "-", "*", "div", "mod", "max"])
            .literals(0..=3)
            .build()
            .unwrap();
        let (_, spec) = spec_in(
            grammar,
            "(* (max x y) (- (+ (* 3 (* x x)) (* 2 (* y y))) (* 3 x)))",
        );
        let (outcome, off) = with_and_without_sketches(&spec, &["(* (max x y) h)"]);
        let solution = outcome
            .solution()
            .unwrap_or_else(|| panic!("the hole is a polynomial: {outcome}"));
        assert_eq!(solution.test_ok, Some(true));
        assert!(off.solution().is_none(), "{off}");
    }

    #[test]
    fn a_hole_is_filled_beyond_the_enumerations_reach() {
        // size 15; the proposal is off in one small subterm
        let (grammar, spec) = spec("(+ (* (* x x) (* y y)) (- (* 3 x) (* 2 y)))");
        let near = proposals(&grammar, &["(+ (* (* x x) (* y y)) (- (* 3 x) (* 3 y)))"]);
        let only_holes = HybridConfig {
            costs: false,
            seeds: false,
            ..HybridConfig::default()
        };
        let budget = Budget::candidates(2_000_000);
        let hybrid = Hybrid::new(near.clone()).with_config(only_holes);
        let solution = hybrid.solve(&spec, &budget).unwrap();
        let solution = solution.solution().expect("the hole (* 2 y) is size 3");
        assert_eq!(solution.test_ok, Some(true));
        assert_eq!(spec.matched(&solution.program), 8);
        // without holes, the same budget does not reach size 15
        let no_holes = HybridConfig {
            holes: false,
            costs: false,
            seeds: false,
            ..HybridConfig::default()
        };
        let plain = Hybrid::new(near)
            .with_config(no_holes)
            .solve(&spec, &budget)
            .unwrap();
        assert!(plain.solution().is_none(), "{plain}");
    }

    #[test]
    fn seeds_let_the_enumeration_build_on_proposed_subterms() {
        let (grammar, spec) = spec("(+ (* (* x x) (* y y)) (- (* 3 x) 1))");
        // the proposal has the right big subterm in a wrong context
        let seeded = proposals(&grammar, &["(mod (* (* x x) (* y y)) 2)", "(* 3 x)"]);
        // no completion either: an affine map of the banked
        // x²y² + 3x is the completion's reach, not the seeds'
        let only_seeds = HybridConfig {
            costs: false,
            seeds: true,
            holes: false,
            completion: None,
            ..HybridConfig::default()
        };
        let outcome = Hybrid::new(seeded)
            .with_config(only_seeds)
            .solve(&spec, &Budget::candidates(4_000_000))
            .unwrap();
        let solution = outcome
            .solution()
            .unwrap_or_else(|| panic!("seed + (3x - 1) is within reach: {outcome}"));
        assert_eq!(solution.test_ok, Some(true));
        // without the seeds, the same budget does not reach size 13
        let unseeded = Hybrid::new(proposals(&grammar, &["(* 3 x)"]))
            .with_config(only_seeds)
            .solve(&spec, &Budget::candidates(4_000_000))
            .unwrap();
        assert!(unseeded.solution().is_none(), "{unseeded}");
    }

    /// Within 300,000 candidates the hybrid finds a program right on the
    /// held-out examples, and without its completion none.
    fn found_only_with_completion(grammar: &Grammar, spec: &Spec, what: &str) {
        let budget = Budget::candidates(300_000);
        let outcome = Hybrid::new(proposals(grammar, &[]))
            .solve(spec, &budget)
            .unwrap();
        let solution = outcome.solution().expect(what);
        assert_eq!(solution.test_ok, Some(true), "{:?}", solution.program);
        let off = HybridConfig {
            completion: None,
            ..HybridConfig::default()
        };
        let without = Hybrid::new(proposals(grammar, &[]))
            .with_config(off)
            .solve(spec, &budget)
            .unwrap();
        assert!(without.solution().is_none(), "{without}");
    }

    #[test]
    fn completion_fits_a_polynomial_beyond_the_enumerations_reach() {
        // n^4 - 3n^3 + 5n - 7: 17 nodes in Horner form, far past size 9
        let grammar = Grammar::new(Vars::new(["n"]).unwrap());
        let f = |n: i64| n.pow(4) - 3 * n.pow(3) + 5 * n - 7;
        let train = (0..10).map(|n| Example::new([n], f(n))).collect();
        let test = (10..30).map(|n| Example::new([n], f(n))).collect();
        let spec = Spec::new(grammar.clone(), train, test).unwrap();
        found_only_with_completion(&grammar, &spec, "a quartic from 10 terms");
    }

    #[test]
    fn a_tiered_price_over_a_banked_quantity_is_two_lines_and_a_kink() {
        // 3 per unit of x (y + 7) up to 20, 5 past it: 17 nodes at the
        // least, far past size 9; the quantity is 5 nodes, banked early
        let grammar = Grammar::builder()
            .vars(["x", "y"])
            .literals([0, 1, 2, 3, 5, 7, 20])
            .ops(Op::ALL)
            .build()
            .unwrap();
        let q = "(* x (+ y 7))";
        let (_, spec) = spec_in(
            grammar.clone(),
            &format!("(+ (* 3 (min {q} 20)) (* 5 (max 0 (- {q} 20))))"),
        );
        found_only_with_completion(&grammar, &spec, "two lines over x (y + 7)");
    }

    #[test]
    fn a_banked_part_wrapped_by_a_modulus_is_read_as_a_remainder() {
        // 25 minutes past x (y + 7) on a clock of 60: 9 nodes, past what
        // 300,000 candidates reach; the part is 5 nodes, banked early
        let (grammar, spec) = spec_of_rows(
            &["x", "y"],
            &[0, 1, 3, 7, 25, 60],
            "(mod (+ (* x (+ y 7)) 25) 60)",
            |i| vec![i * 37 % 101, i * 11 % 47],
            |i| vec![i * 13 % 300 - 50, i * 29 % 200],
        );
        found_only_with_completion(&grammar, &spec, "x (y + 7) + 25 modulo 60");
    }

    #[test]
    fn brackets_over_a_banked_quantity_rounded_down_are_read_as_floored_lines() {
        // 20% of x (y + 7) up to 300 and 35% past it, in whole units: 19
        // nodes, past what 300,000 candidates reach, and no line or kink
        // exactly; the part is 5 nodes, banked early
        let q = "(* x (+ y 7))";
        let (grammar, spec) = spec_of_rows(
            &["x", "y"],
            &[0, 1, 7, 20, 35, 100, 300],
            &format!("(div (+ (* 20 (min {q} 300)) (* 35 (max 0 (- {q} 300)))) 100)"),
            |i| vec![i * 7 % 23, i * 11 % 41],
            |i| vec![i * 13 % 60, i * 29 % 90],
        );
        found_only_with_completion(&grammar, &spec, "brackets of x (y + 7) rounded down");
    }

    #[test]
    fn two_banked_parts_over_different_inputs_are_read_as_a_pair() {
        // 12 per unit of |x − y| and 7 per step of a clock over n: 13
        // nodes, past what 300,000 candidates reach; the parts are 4 and 5
        // nodes, banked early, but not among the completion's smallest
        let (grammar, spec) = spec_of_rows(
            &["x", "y", "n"],
            &[0, 1, 2, 4, 7, 12],
            "(+ (* 12 (abs (- x y))) (* 7 (mod (div n 4) 12)))",
            |i| vec![i * 37 % 101, i * 11 % 47, i * 53 % 211],
            |i| vec![i * 13 % 300 - 50, i * 29 % 200, i * 31 % 500],
        );
        found_only_with_completion(&grammar, &spec, "12 |x − y| + 7 ((n div 4) mod 12)");
    }

    #[test]
    fn a_capped_sum_of_two_banked_parts_is_read_on_the_examples_below_the_cap() {
        // 12 per unit of |x − y| and 7 per step of a clock over n, capped
        // at 600: 15 nodes, past what 300,000 candidates reach; five of the
        // sixteen examples are at the cap, and the other eleven are the
        // pair of banked parts
        let (grammar, spec) = spec_of_rows(
            &["x", "y", "n"],
            &[0, 1, 2, 4, 7, 12, 600],
            "(min (+ (* 12 (abs (- x y))) (* 7 (mod (div n 4) 12))) 600)",
            |i| vec![i * 37 % 101, i * 11 % 47, i * 53 % 211],
            |i| vec![i * 13 % 300 - 50, i * 29 % 200, i * 31 % 500],
        );
        found_only_with_completion(&grammar, &spec, "a capped sum of two parts");
    }

    #[test]
    fn a_consistent_proposal_is_returned_and_a_cheaper_one_preferred() {
        let (grammar, spec) = spec("(+ x y)");
        let padded = proposals(&grammar, &["(+ (+ x y) 0)"]);
        let outcome = Hybrid::new(padded)
            .solve(&spec, &Budget::candidates(100_000))
            .unwrap();
        let solution = outcome.solution().unwrap();
        // the enumeration finds (+ x y), cheaper than the proposal
        assert_eq!(solution.program.size(), 3);
    }

    #[test]
    fn progress_is_told_and_can_cancel() {
        let (grammar, spec) = spec("(* (* (* x x) (* x x)) (* (* y y) (* y y)))");
        let none = proposals(&grammar, &["(+ x 1)"]);
        let mut calls = 0;
        let outcome = Hybrid::new(none)
            .solve_with(&spec, &Budget::default(), &mut |p| {
                calls += 1;
                assert!(p.elapsed <= Duration::from_secs(60));
                if calls == 3 {
                    ControlFlow::Break(())
                } else {
                    ControlFlow::Continue(())
                }
            })
            .unwrap();
        assert_eq!(calls, 3);
        match outcome {
            Outcome::Unsolved { reason, .. } => assert_eq!(reason, GaveUp::Cancelled),
            solved => panic!("{solved}"),
        }
    }

    #[test]
    fn an_exhausted_warm_start_counts_its_candidates_once() {
        // x^5 + 3x is beyond size 5: the warm start exhausts the space
        let (grammar, spec) = spec("(+ (* x (* (* x x) (* x x))) (* 3 y))");
        let small = HybridConfig {
            max_size: 5,
            completion: None,
            ..HybridConfig::default()
        };
        let outcome = Hybrid::new(proposals(&grammar, &[]))
            .with_config(small)
            .solve(&spec, &Budget::default())
            .unwrap();
        let plain = super::super::Enumerative {
            max_size: 5,
            ..super::super::Enumerative::default()
        }
        .solve(&spec, &Budget::default())
        .unwrap();
        assert_eq!(outcome.gave_up(), Some(GaveUp::Exhausted));
        assert_eq!(plain.gave_up(), Some(GaveUp::Exhausted));
        assert_eq!(outcome.candidates(), plain.candidates());
    }

    /// A proposer that fails with its message whenever it is asked.
    struct Broken(&'static str);

    impl Proposer for Broken {
        fn propose(&self, _: &Spec, _: &Budget, _: &Deadline) -> Result<Proposals, SearchError> {
            Err(SearchError::Proposer(self.0.into()))
        }
    }

    #[test]
    fn a_failing_proposer_is_an_error_not_an_unsolved_task() {
        // beyond the warm start's share, so the proposer is asked
        let (_, spec) = spec("(* (* (* x x) (* x x)) (* (* y y) (* y y)))");
        let error = Hybrid::new(Broken("the service is down"))
            .solve(&spec, &Budget::candidates(100_000))
            .unwrap_err();
        assert!(error.to_string().contains("the service is down"), "{error}");
    }

    #[test]
    fn without_its_learned_half_the_hybrid_asks_no_proposer() {
        let (_, spec) = spec("(* (* (* x x) (* x x)) (* (* y y) (* y y)))");
        let config = HybridConfig::variant("hybrid-no-learning").unwrap();
        assert!(!config.learned);
        let outcome = Hybrid::new(Broken("asked"))
            .with_config(config)
            .solve(&spec, &Budget::candidates(100_000))
            .unwrap();
        assert_eq!(outcome.samples(), 0);
    }

    #[test]
    fn an_enumeration_that_cannot_start_is_an_error() {
        let (grammar, spec) = spec("(+ x y)");
        let none = HybridConfig {
            max_size: 0,
            ..HybridConfig::default()
        };
        let error = Hybrid::new(proposals(&grammar, &[]))
            .with_config(none)
            .solve(&spec, &Budget::default())
            .unwrap_err();
        assert!(matches!(error, SearchError::Enumerate(_)), "{error}");
    }

    #[test]
    fn a_fitting_proposal_does_not_stop_the_search_for_a_smaller_program() {
        let (grammar, spec) = spec("(+ x y)");
        // no warm start: the padded proposal fits before any enumeration
        let cold = HybridConfig {
            warm_share: 0.0,
            ..HybridConfig::default()
        };
        let outcome = Hybrid::new(proposals(&grammar, &["(+ (+ x y) 0)"]))
            .with_config(cold)
            .solve(&spec, &Budget::candidates(100_000))
            .unwrap();
        assert_eq!(outcome.solution().unwrap().program.size(), 3, "{outcome}");
    }
}
