//! What the hybrid hands its enumeration besides the grammar: production
//! costs from the proposals, the proposals' subterms as seeds, and the
//! instances of learned building blocks as leaves.

use std::collections::BTreeSet;

use super::{Hybrid, Proposals, Proposer};
use crate::dsl::{Node, Program};
use crate::enumerate::{Costs, Enumerator};
use crate::search::Spec;

impl<P: Proposer> Hybrid<P> {
    /// The production costs from the proposals.
    pub(super) fn costs(&self, spec: &Spec, proposals: &Proposals) -> Costs {
        if !self.config.costs || proposals.productions.is_empty() {
            return Costs::unit();
        }
        let nodes: Vec<Node> = spec
            .grammar()
            .leaves()
            .chain(spec.grammar().ops().iter().map(Node::Op))
            .collect();
        #[expect(clippy::cast_precision_loss, reason = "a grammar has few nodes")]
        let uniform = 1.0 / nodes.len().max(1) as f64;
        let total: f64 = proposals
            .productions
            .iter()
            .filter(|(n, p)| nodes.contains(n) && p.is_finite() && *p > 0.0)
            .map(|(_, p)| p)
            .sum();
        let mix = self.config.uniform_mix.clamp(0.0, 1.0);
        let probabilities: Vec<(Node, f64)> = nodes
            .iter()
            .map(|&node| {
                // a production the proposer says nothing of (e.g. a literal
                // the model has no token for) keeps the uniform share
                let model = proposals
                    .productions
                    .iter()
                    .find(|(n, p)| *n == node && p.is_finite() && *p > 0.0)
                    .map_or(uniform, |(_, p)| p / total.max(f64::MIN_POSITIVE));
                (node, (1.0 - mix) * model + mix * uniform)
            })
            .collect();
        Costs::from_probabilities(&probabilities, uniform * mix.max(1e-3))
    }

    /// The seeds: distinct subterms of the proposals, at a discount.
    pub(super) fn seeded(
        &self,
        mut enumerator: Enumerator,
        proposals: &[Program],
        costs: &Costs,
    ) -> Enumerator {
        let mut seen = BTreeSet::new();
        let discount = self.config.seed_discount.clamp(0.0, 1.0);
        for program in proposals {
            for position in 0..program.size() {
                if seen.len() >= self.config.max_seeds {
                    return enumerator;
                }
                let sub = program.subtree(position);
                if sub.size() < 2 || !seen.insert(sub.clone()) {
                    continue;
                }
                #[expect(clippy::cast_precision_loss, reason = "costs are small")]
                let level = (costs.of(&sub) as f64 * discount).round();
                // at least 1, at most the size of a level index
                #[expect(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
                let level = level.clamp(1.0, 65_536.0) as usize;
                enumerator = enumerator.seed(sub, level);
            }
        }
        enumerator
    }
}

/// The level a block's instance is banked at: one for the block, one for
/// each variable it is applied to, as if the block were a production of
/// the grammar.
pub(super) fn block_level(instance: &Program) -> usize {
    let vars: BTreeSet<Node> = instance
        .nodes()
        .iter()
        .filter(|node| matches!(node, Node::Var(_)))
        .copied()
        .collect();
    1 + vars.len()
}
