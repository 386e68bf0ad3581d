//! The hybrid's best consistent program so far, and the level past which
//! the enumeration cannot improve on it.

use crate::dsl::Program;

/// The best consistent program so far: the smallest, then the cheapest
/// (Occam: among programs that fit, the smallest generalizes best).
#[derive(Debug)]
pub(super) struct Incumbent {
    pub(super) best: Option<(u64, Program)>,
    /// Whether levels are sizes (unit costs): then no program smaller than
    /// the incumbent can come once the enumeration reaches its size.
    pub(super) by_size: bool,
}

impl Incumbent {
    pub(super) fn offer(&mut self, cost: u64, program: Program) {
        let better = self
            .best
            .as_ref()
            .is_none_or(|(c, p)| (program.size(), cost) < (p.size(), *c));
        if better {
            self.best = Some((cost, program));
        }
    }

    /// The level from which the enumeration cannot improve on it.
    pub(super) fn bound(&self) -> Option<u64> {
        self.best.as_ref().map(|(cost, program)| {
            if self.by_size {
                program.size() as u64
            } else {
                *cost
            }
        })
    }
}
