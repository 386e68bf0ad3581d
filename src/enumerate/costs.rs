//! Production costs: what orders a cost-guided enumeration.

use std::fmt;

use crate::dsl::{Node, Op};

/// The most a production may cost.
pub const MAX_PRODUCTION_COST: u32 = 64;

/// An integer cost per production (leaf or operator). A program costs the
/// sum of its nodes' costs; a cost-guided enumeration ([`Enumerator::costs`])
/// banks programs in order of cost rather than size. With every cost 1,
/// cost is size.
///
/// From probabilities, a production costs `round(-log2 p)` (at least 1), as
/// in Probe (Barke et al. 2020) and HySynth: the cost of a program is then
/// about its description length in bits under the context-free model.
///
/// ```
/// use arithsynth::enumerate::Costs;
/// use arithsynth::{Node, Op};
/// let costs = Costs::from_probabilities(
///     &[(Node::Var(0), 0.5), (Node::Lit(1), 0.125), (Node::Op(Op::Add), 0.25)],
///     1e-3,
/// );
/// assert_eq!(costs.get(Node::Var(0)), 1);
/// assert_eq!(costs.get(Node::Lit(1)), 3);
/// assert_eq!(costs.get(Node::Op(Op::Add)), 2);
/// // a node not listed costs as if it had the floor probability
/// assert_eq!(costs.get(Node::Op(Op::Mul)), 10);
/// ```
///
/// [`Enumerator::costs`]: super::Enumerator::costs
#[derive(Clone, PartialEq, Eq)]
#[must_use]
pub struct Costs {
    /// Cost of each operator, by [`Op::index`].
    ops: [u32; Op::ALL.len()],
    /// Costs of the leaves that differ from `default`.
    leaves: Vec<(Node, u32)>,
    /// Cost of a leaf not listed.
    default: u32,
}

impl Costs {
    /// Every production costs 1: cost order is size order.
    pub fn unit() -> Costs {
        Costs::uniform(1)
    }

    /// Every production costs `cost` (clamped to 1..=[`MAX_PRODUCTION_COST`]).
    pub fn uniform(cost: u32) -> Costs {
        let cost = cost.clamp(1, MAX_PRODUCTION_COST);
        Costs {
            ops: [cost; Op::ALL.len()],
            leaves: Vec::new(),
            default: cost,
        }
    }

    /// Costs `round(-log2 p)`, at least 1, from a probability per
    /// production; a production not listed, or below `floor`, is priced at
    /// `floor` (which keeps every production reachable).
    pub fn from_probabilities(probabilities: &[(Node, f64)], floor: f64) -> Costs {
        let floor = if floor.is_finite() && floor > 0.0 {
            floor.min(1.0)
        } else {
            1e-6
        };
        let price = |p: f64| -> u32 {
            let p = if p.is_finite() { p.max(floor) } else { floor };
            let bits = (-p.log2())
                .round()
                .clamp(1.0, f64::from(MAX_PRODUCTION_COST));
            // clamped to 1..=64 just above
            #[expect(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
            let bits = bits as u32;
            bits
        };
        let mut costs = Costs::uniform(price(floor));
        for &(node, p) in probabilities {
            costs.set(node, price(p));
        }
        costs
    }

    /// Sets one production's cost (clamped to 1..=[`MAX_PRODUCTION_COST`]).
    pub fn set(&mut self, node: Node, cost: u32) -> &mut Costs {
        let cost = cost.clamp(1, MAX_PRODUCTION_COST);
        match node {
            Node::Op(op) => self.ops[op.index()] = cost,
            leaf => match self.leaves.iter_mut().find(|(n, _)| *n == leaf) {
                Some(entry) => entry.1 = cost,
                None => self.leaves.push((leaf, cost)),
            },
        }
        self
    }

    /// A production's cost.
    #[must_use]
    pub fn get(&self, node: Node) -> u32 {
        match node {
            Node::Op(op) => self.ops[op.index()],
            leaf => self
                .leaves
                .iter()
                .find(|(n, _)| *n == leaf)
                .map_or(self.default, |&(_, c)| c),
        }
    }

    /// A program's cost: the sum of its nodes' costs.
    #[must_use]
    pub fn of(&self, program: &crate::Program) -> u64 {
        program
            .nodes()
            .iter()
            .map(|&n| u64::from(self.get(n)))
            .sum()
    }

    /// Whether every production costs 1.
    #[must_use]
    pub fn is_unit(&self) -> bool {
        self.default == 1
            && self.ops.iter().all(|&c| c == 1)
            && self.leaves.iter().all(|l| l.1 == 1)
    }
}

impl Default for Costs {
    fn default() -> Self {
        Costs::unit()
    }
}

impl fmt::Debug for Costs {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut map = f.debug_map();
        for op in Op::ALL {
            map.entry(&op.to_string(), &self.ops[op.index()]);
        }
        for (leaf, cost) in &self.leaves {
            map.entry(&format!("{leaf:?}"), cost);
        }
        map.entry(&"other leaves", &self.default);
        map.finish()
    }
}
