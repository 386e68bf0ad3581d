//! The fitting programs a search keeps while it runs.

use std::collections::BTreeMap;

use super::rows::beyond_rows;
use super::{generation_rank, CandidateConfig, Ranker};
use crate::dsl::Program;
use crate::eval::reference;
use crate::search::{Deadline, Spec};

/// Which of two fits a search keeps first: the lower cost (the negated
/// score under the search's [`Ranker`]), the smaller, the earlier root
/// operator in the enumeration's order, the first in the programs' order.
/// Of two fits with the same outputs beyond the examples, the first is
/// kept (one idea, spelled as a person would); with too many, the last is
/// dropped. Each fit comes with its cost, computed once when offered.
pub(super) fn keep_order((a, p): &(f64, Program), (b, q): &(f64, Program)) -> std::cmp::Ordering {
    a.total_cmp(b)
        .then(p.size().cmp(&q.size()))
        .then_with(|| generation_rank(p).cmp(&generation_rank(q)))
        .then_with(|| p.cmp(q))
}

/// The fitting programs a search has found so far, one per column beyond
/// the examples, the best under the search's ranker kept.
pub(crate) struct Fits<'a> {
    config: CandidateConfig,
    spec: &'a Spec,
    /// Scores each fit once, when it is offered.
    ranker: &'a dyn Ranker,
    /// Once passed, a fit is scored and kept only while none is.
    deadline: Deadline,
    /// The rows beyond the examples programs are told apart on, when the
    /// enumeration does not give their outputs there.
    rows: Vec<Vec<i64>>,
    /// Column beyond the examples → program.
    programs: BTreeMap<Vec<i64>, (f64, Program)>,
    /// Candidates spent when the first fit came.
    first_at: Option<u64>,
    smallest: Option<usize>,
}

impl std::fmt::Debug for Fits<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Fits")
            .field("config", &self.config)
            .field("ranker", &self.ranker.name())
            .field("programs", &self.programs)
            .finish_non_exhaustive()
    }
}

impl<'a> Fits<'a> {
    /// Fits of `spec` kept by `ranker`'s score, told apart on the columns
    /// beyond the examples they are offered with.
    pub(crate) fn new(config: CandidateConfig, spec: &'a Spec, ranker: &'a dyn Ranker) -> Fits<'a> {
        Fits {
            config,
            spec,
            ranker,
            deadline: Deadline::never(),
            rows: Vec::new(),
            programs: BTreeMap::new(),
            first_at: None,
            smallest: None,
        }
    }

    /// Fits of `spec` kept by `ranker`, told apart on
    /// [`CandidateConfig::fit_rows`] rows beyond its examples
    /// ([`beyond_rows`]); once `deadline` passes, a fit is scored only
    /// while none is kept (a ranker may be slow: a model's
    /// log-probability).
    pub(crate) fn for_spec(
        config: CandidateConfig,
        spec: &'a Spec,
        ranker: &'a dyn Ranker,
        deadline: Deadline,
    ) -> Fits<'a> {
        let rows = beyond_rows(spec, config.fit_rows());
        Fits {
            rows: (0..rows.len()).map(|i| rows.row(i).to_vec()).collect(),
            deadline,
            ..Fits::new(config, spec, ranker)
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
        if !self.spec.admits(&program) {
            return;
        }
        if self.first_at.is_none() {
            self.first_at = Some(candidates);
        }
        let size = program.size();
        if self.smallest.is_some_and(|s| size > s + self.config.window) {
            return;
        }
        if self.any() && self.deadline.passed() {
            return;
        }
        self.smallest = Some(self.smallest.map_or(size, |s| s.min(size)));
        let offered = (-self.ranker.score(self.spec, &program), program);
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
