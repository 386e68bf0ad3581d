//! The warm start's algebra: the completion over the smallest banked
//! programs (of the whole spec, and where nothing fits it, of a clamp's
//! interior) and the case split over them, each fit offered.

use super::Search;
use crate::dsl::Program;
use crate::enumerate::Enumeration;
use crate::search::completion::{complete_with_blocks, CompletionConfig};
use crate::search::unify::{unify_within, UnifyConfig};

impl Search<'_> {
    /// Fits the examples algebraically over the monomials and the smallest
    /// programs `enumeration` banked, and where none fits and the outputs
    /// are saturated, their interior, clamped ([`Clamp`](crate::search::completion::clamped::Clamp)); each fit is
    /// offered. Returns whether a fit is final
    /// ([`CompletionConfig::final_evidence`]; a clamped one never is).
    pub(super) fn complete(
        &mut self,
        enumeration: &Enumeration,
        config: &CompletionConfig,
        blocks: &[Program],
    ) -> bool {
        let basis = smallest_banked(enumeration, config.basis_terms.saturating_mul(2));
        let completions = complete_with_blocks(self.spec, blocks, &basis, config, &self.deadline);
        self.candidates += completions.systems;
        let candidates = self.candidates + enumeration.candidates();
        let mut strongest = None;
        for (program, evidence) in completions.programs.into_iter().zip(completions.evidence) {
            // a fit the spec does not admit (SMT-LIB's semantics) is no
            // evidence either
            if self.spec.admits(&program) {
                strongest = strongest.max(Some(evidence));
                self.offer_fit(program.size() as u64, program, candidates);
            }
        }
        if let (None, Some(clamp)) = (strongest, self.clamp) {
            let inner = clamp.config(config);
            let completions =
                complete_with_blocks(clamp.spec(), blocks, &basis, &inner, &self.deadline);
            self.candidates += completions.systems;
            let candidates = self.candidates + enumeration.candidates();
            for inner in &completions.programs {
                if let Some(program) = clamp.wrap(self.spec, inner, &self.deadline) {
                    self.offer_fit(program.size() as u64, program, candidates);
                }
            }
        }
        strongest.is_some_and(|evidence| evidence >= config.final_evidence)
    }

    /// A decision list over the smallest programs `enumeration` banked
    /// ([`unify`](crate::search::unify)), offered as a fit.
    pub(super) fn unify(&mut self, enumeration: &Enumeration, config: &UnifyConfig) {
        let pool = smallest_banked(enumeration, config.pool);
        if let Some(tree) = unify_within(self.spec, &pool, config, &self.deadline) {
            let candidates = self.candidates + enumeration.candidates();
            self.offer_fit(tree.size() as u64, tree, candidates);
        }
    }
}

/// The first `count` programs `enumeration` banked (the smallest).
pub(super) fn smallest_banked(enumeration: &Enumeration, count: usize) -> Vec<Program> {
    (0..enumeration.len().min(count))
        .filter_map(|id| u32::try_from(id).ok())
        .map(|id| enumeration.program(id))
        .collect()
}
