//! Seeded random programs and inputs, for tests, benches and data sets.

use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

use super::grammar::Grammar;
use super::inputs::Inputs;
use super::op::Op;
use super::program::{Node, Program, MAX_VARS};

/// Which program sizes a grammar can build, up to some bound.
///
/// Sampling many programs from one grammar should build this once
/// ([`Sizes::new`]) and call [`Sizes::sample`].
#[derive(Clone, Debug)]
pub struct Sizes {
    /// Operators grouped by arity: index 1, 2, 4.
    ops_by_arity: [Vec<Op>; 5],
    /// `split[k][s]`: `s` nodes can form `k` sibling subtrees.
    split: [Vec<bool>; 5],
    leaves: Vec<Node>,
}

impl Sizes {
    /// Feasible sizes of `grammar` up to `max_size`.
    #[must_use]
    pub fn new(grammar: &Grammar, max_size: usize) -> Sizes {
        let mut ops_by_arity: [Vec<Op>; 5] = Default::default();
        for op in grammar.ops().iter() {
            ops_by_arity[op.arity()].push(op);
        }
        let leaves: Vec<Node> = grammar.leaves().collect();
        let mut split: [Vec<bool>; 5] = Default::default();
        for row in &mut split {
            *row = vec![false; max_size + 1];
        }
        split[0][0] = true;
        for s in 1..=max_size {
            // one tree of size s
            let tree = if s == 1 {
                !leaves.is_empty()
            } else {
                [1, 2, 4]
                    .into_iter()
                    .any(|k| !ops_by_arity[k].is_empty() && split[k][s - 1])
            };
            split[1][s] = tree;
            // k trees of total size s: first tree of size t, the rest k-1
            for k in 2..=4 {
                split[k][s] = (1..s).any(|t| split[1][t] && split[k - 1][s - t]);
            }
        }
        Sizes {
            ops_by_arity,
            split,
            leaves,
        }
    }

    /// Whether some program has exactly `size` nodes.
    #[must_use]
    pub fn feasible(&self, size: usize) -> bool {
        self.split[1].get(size).copied().unwrap_or(false)
    }

    /// A random program with exactly `size` nodes, or `None` when the grammar
    /// has none of that size (or `size` is beyond this table's bound).
    ///
    /// Each node picks an operator uniformly among those that fit, then sizes
    /// for its children; leaves are a variable or a literal with equal chance
    /// (then uniform). The generation uses a heap stack, so any size is safe.
    pub fn sample<R: Rng + ?Sized>(&self, size: usize, rng: &mut R) -> Option<Program> {
        if !self.feasible(size) {
            return None;
        }
        let vars = self
            .leaves
            .iter()
            .filter(|n| matches!(n, Node::Var(_)))
            .count();
        let literals = self.leaves.len() - vars;
        // Build the mirrored prefix order; reversed, it is the postfix order.
        let mut reversed = Vec::with_capacity(size);
        let mut pending = vec![size];
        let mut parts = [0usize; 4];
        while let Some(s) = pending.pop() {
            if s == 1 {
                let pick_var = vars > 0 && (literals == 0 || rng.random_bool(0.5));
                let index = if pick_var {
                    rng.random_range(0..vars)
                } else {
                    vars + rng.random_range(0..literals)
                };
                reversed.push(self.leaves[index]);
                continue;
            }
            let fits = |k: usize| !self.ops_by_arity[k].is_empty() && self.split[k][s - 1];
            let choices: usize = [1, 2, 4]
                .into_iter()
                .filter(|&k| fits(k))
                .map(|k| self.ops_by_arity[k].len())
                .sum();
            let mut pick = rng.random_range(0..choices);
            let mut chosen = None;
            for k in [1, 2, 4] {
                if fits(k) {
                    let ops = &self.ops_by_arity[k];
                    if pick < ops.len() {
                        chosen = Some(ops[pick]);
                        break;
                    }
                    pick -= ops.len();
                }
            }
            let op = chosen.expect("pick < choices");
            reversed.push(Node::Op(op));
            // split s - 1 nodes into k feasible parts, in order
            let k = op.arity();
            let mut rest = s - 1;
            for (i, part) in parts.iter_mut().enumerate().take(k) {
                let left = k - i - 1;
                if left == 0 {
                    *part = rest;
                    break;
                }
                let options: Vec<usize> = (1..rest)
                    .filter(|&t| self.split[1][t] && self.split[left][rest - t])
                    .collect();
                *part = options[rng.random_range(0..options.len())];
                rest -= *part;
            }
            pending.extend_from_slice(&parts[..k]);
        }
        reversed.reverse();
        Some(Program::from_postfix(reversed).expect("sampled programs are well formed"))
    }
}

/// `count` random programs of exactly `size` nodes from a [`ChaCha8Rng`]
/// seeded with `seed`: the same programs on every machine. Empty when the
/// grammar has no program of that size.
#[must_use]
pub fn random_programs(grammar: &Grammar, size: usize, count: usize, seed: u64) -> Vec<Program> {
    let sizes = Sizes::new(grammar, size);
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    (0..count)
        .map_while(|_| sizes.sample(size, &mut rng))
        .collect()
}

/// An input value for tests and benches: one time in eight an extreme
/// (`i64::MIN`, `i64::MAX`, -1, 0, 1), else uniform in `-1000..=1000`.
pub fn random_value<R: Rng + ?Sized>(rng: &mut R) -> i64 {
    const EXTREMES: [i64; 5] = [i64::MIN, i64::MAX, -1, 0, 1];
    if rng.random_range(0..8) == 0 {
        EXTREMES[rng.random_range(0..EXTREMES.len())]
    } else {
        rng.random_range(-1000..=1000)
    }
}

/// A batch of `len` random rows of `num_vars` values from [`random_value`].
///
/// # Panics
///
/// When `num_vars > MAX_VARS`.
pub fn random_inputs<R: Rng + ?Sized>(num_vars: usize, len: usize, rng: &mut R) -> Inputs {
    assert!(num_vars <= MAX_VARS, "at most {MAX_VARS} variables");
    let columns: Vec<Vec<i64>> = (0..num_vars)
        .map(|_| (0..len).map(|_| random_value(rng)).collect())
        .collect();
    Inputs::from_columns(columns).expect("columns of one length")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dsl::program::Vars;

    #[test]
    fn samples_have_the_asked_size_and_fit_the_grammar() {
        let grammar = Grammar::builder()
            .vars(["x", "y"])
            .ops(Op::ALL)
            .build()
            .unwrap();
        let sizes = Sizes::new(&grammar, 40);
        let mut rng = ChaCha8Rng::seed_from_u64(7);
        for size in 1..=40 {
            let program = sizes.sample(size, &mut rng).unwrap();
            assert_eq!(program.size(), size);
            grammar.admits(&program).unwrap();
        }
    }

    #[test]
    fn infeasible_sizes_are_none() {
        let grammar = Grammar::new(Vars::new(["x"]).unwrap());
        let sizes = Sizes::new(&grammar, 10);
        let mut rng = ChaCha8Rng::seed_from_u64(1);
        assert!(sizes.sample(2, &mut rng).is_none());
        assert!(sizes.sample(4, &mut rng).is_none());
        assert!(sizes.sample(11, &mut rng).is_none());
        assert_eq!(sizes.sample(9, &mut rng).unwrap().size(), 9);
    }

    #[test]
    fn same_seed_same_programs() {
        let grammar = Grammar::new(Vars::new(["x", "y"]).unwrap());
        let sizes = Sizes::new(&grammar, 15);
        let draw = |seed| {
            let mut rng = ChaCha8Rng::seed_from_u64(seed);
            (0..20)
                .map(|_| sizes.sample(15, &mut rng).unwrap())
                .collect::<Vec<_>>()
        };
        assert_eq!(draw(3), draw(3));
        assert_ne!(draw(3), draw(4));
    }
}
