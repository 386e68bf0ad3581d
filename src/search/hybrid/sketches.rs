//! Sketches: proposals that leave one subterm, the hole, for the search.
//!
//! A sketch is a program over one variable more than the spec: that
//! variable, read once, is its hole (a sketch model writes it as a token of
//! its own; [`Sampler::with_hole`](crate::model::Sampler::with_hole)). The
//! hybrid fills it two ways, both from the programs its enumeration banks,
//! and checks every filled program on the examples:
//!
//! - **inverted**: the values the hole needs, found top-down from the
//!   outputs ([`holes`](crate::search::holes)), are looked up in the bank,
//!   as the holes of near-miss samples are;
//! - **tried**: where an operator on the way (`mod`, `div`, `min`, a
//!   comparison) has many inverses or none, the first [`MAX_TRIED`] banked
//!   programs, smallest first, are put in the hole and the sketch is
//!   evaluated, for the [`MAX_OPEN`] most probable sketches. Each try
//!   counts as a candidate;
//! - **completed**: where the hole's values can be inverted, they are
//!   fitted by the algebraic completion over the bank
//!   ([`completion`](crate::search::completion)), for the same sketches,
//!   until [`COMPLETION_SHARE`] of the budget: a hole that is a linear
//!   combination of banked programs and monomials, too large to bank.

use crate::dataset::Example;
use crate::dsl::{Inputs, Node, Program};
use crate::enumerate::{Costs, Enumeration};
use crate::eval::reference;
use crate::search::completion::{complete_within, CompletionConfig};
use crate::search::holes::{holes, splice};
use crate::search::Spec;

use super::algebra::smallest_banked;
use super::{Search, Target};

/// Most sketches whose hole is tried with banked programs.
pub(super) const MAX_OPEN: usize = 32;
/// Most banked programs tried in one sketch's hole, per enumeration.
pub(super) const MAX_TRIED: u32 = 1 << 14;
/// Tries between two reads of the deadline.
const TRIES_PER_CHECK: u32 = 1024;
/// The share of the budget by which the completions of holes end (the
/// samples and sketches are drawn by a quarter of it).
pub(super) const COMPLETION_SHARE: f64 = 0.4;

/// A sketch whose hole is tried with the banked programs in order.
#[derive(Debug)]
pub(super) struct Open {
    /// Index of the sketch in [`Search::holed`].
    sketch: usize,
    /// The hole's position (postfix).
    hole: usize,
    /// The cost of the sketch around its hole.
    context: u64,
    /// Banked programs tried so far in the current enumeration.
    tried: u32,
    /// The values the hole needs, where they can be inverted.
    column: Option<Vec<i64>>,
}

/// The postfix position of the sketch's hole, the variable `hole`, where it
/// occurs exactly once.
fn hole_position(sketch: &Program, hole: u8) -> Option<usize> {
    let mut at = sketch
        .nodes()
        .iter()
        .enumerate()
        .filter(|(_, &n)| n == Node::Var(hole))
        .map(|(i, _)| i);
    let first = at.next()?;
    at.next().is_none().then_some(first)
}

impl Search<'_> {
    /// The spec's training inputs, each row with a 0 for the hole.
    fn rows_with_hole(&self) -> Vec<Vec<i64>> {
        self.spec
            .train_inputs()
            .rows()
            .map(|row| row.iter().copied().chain([0]).collect())
            .collect()
    }

    /// Takes the sketches (most probable first): a hole target where the
    /// hole's values can be inverted, and the first [`MAX_OPEN`] kept open
    /// to be tried with banked programs. A sketch whose hole is not one
    /// variable past the spec's, read once, is left out.
    pub(super) fn take_sketches(&mut self, sketches: &[Program], costs: &Costs) {
        let vars = self.spec.vars().len();
        let Ok(hole) = u8::try_from(vars) else {
            return;
        };
        let rows = self.outputs.len();
        let extended = self.rows_with_hole();
        let Ok(inputs) = Inputs::from_rows(vars + 1, extended.iter().map(Vec::as_slice)) else {
            return;
        };
        for sketch in sketches {
            let Some(position) = hole_position(sketch, hole) else {
                continue;
            };
            // the grammar must admit the sketch around any filler
            let Ok(probe) = Program::var(0).map(|v| splice(sketch, position, &v)) else {
                continue;
            };
            if sketch.min_vars() > vars + 1 || self.spec.grammar().admits(&probe).is_err() {
                continue;
            }
            self.candidates += 1;
            let context: u64 = sketch
                .nodes()
                .iter()
                .filter(|&&n| n != Node::Var(hole))
                .map(|&n| u64::from(costs.get(n)))
                .sum();
            let index = self.holed.len();
            self.holed.push(sketch.clone());
            let target = Target {
                proposal: index,
                position,
                context,
            };
            let column = holes(sketch, &inputs, &self.outputs)
                .into_iter()
                .find(|h| h.position == position && h.column.len() == rows)
                .map(|h| h.column);
            if let Some(column) = &column {
                self.targets
                    .entry(column.clone())
                    .and_modify(|known| {
                        if target.context < known.context {
                            *known = target;
                        }
                    })
                    .or_insert(target);
            }
            if self.open.len() < MAX_OPEN {
                self.open.push(Open {
                    sketch: index,
                    hole: position,
                    context,
                    tried: 0,
                    column,
                });
            }
        }
    }

    /// Fits each open sketch's inverted hole values by the completion over
    /// the smallest programs `enumeration` banked; each filled sketch that
    /// fits is offered. Ends by [`COMPLETION_SHARE`] of the budget.
    pub(super) fn complete_sketches(
        &mut self,
        enumeration: &Enumeration,
        config: &CompletionConfig,
    ) {
        if self.open.iter().all(|open| open.column.is_none()) {
            return;
        }
        let deadline = self.deadline.share(COMPLETION_SHARE);
        let basis = smallest_banked(enumeration, config.basis_terms.saturating_mul(2));
        let rows = self.outputs.len();
        let mut fits = Vec::new();
        for open in &self.open {
            let Some(column) = &open.column else {
                continue;
            };
            if deadline.passed() {
                break;
            }
            let examples: Vec<Example> = self
                .spec
                .train()
                .iter()
                .zip(column)
                .map(|(example, &output)| Example {
                    inputs: example.inputs.clone(),
                    output,
                })
                .collect();
            let Ok(hole) = Spec::new(self.spec.grammar().clone(), examples, Vec::new()) else {
                continue;
            };
            let completions = complete_within(&hole, &basis, config, &deadline);
            self.candidates += completions.systems;
            let sketch = &self.holed[open.sketch];
            for program in completions.programs {
                let filled = splice(sketch, open.hole, &program);
                if self.spec.matched(&filled) == rows {
                    fits.push((open.context + program.size() as u64, filled));
                }
            }
        }
        let candidates = self.candidates + enumeration.candidates();
        for (cost, filled) in fits {
            self.offer_fit(cost, filled, candidates);
        }
    }

    /// A new enumeration banks from its first program again: its programs
    /// are tried in the open sketches from the start.
    pub(super) fn restart_sketches(&mut self) {
        for open in &mut self.open {
            open.tried = 0;
        }
    }

    /// Tries the banked programs not yet tried in each open sketch's hole
    /// (up to [`MAX_TRIED`] per sketch); each fit is offered. Stops at the
    /// deadline, and where the tries would pass the candidate limit.
    pub(super) fn try_sketches(&mut self, enumeration: &Enumeration) {
        if self.open.is_empty() {
            return;
        }
        let spent = self.candidates + enumeration.candidates();
        let allowed = self
            .candidate_limit
            .map_or(u64::MAX, |limit| limit.saturating_sub(spent));
        let banked = u32::try_from(enumeration.len())
            .unwrap_or(u32::MAX)
            .min(MAX_TRIED);
        let mut rows = self.rows_with_hole();
        let mut fits = Vec::new();
        let mut tries = 0u64;
        'sketches: for open in &mut self.open {
            let sketch = &self.holed[open.sketch];
            while open.tried < banked {
                if tries >= allowed {
                    break 'sketches;
                }
                let id = open.tried;
                open.tried += 1;
                tries += 1;
                if open.tried % TRIES_PER_CHECK == 0 && self.deadline.passed() {
                    break 'sketches;
                }
                let column = enumeration.column(id);
                let fits_all =
                    rows.iter_mut()
                        .zip(&self.outputs)
                        .enumerate()
                        .all(|(r, (row, &want))| {
                            let Some(value) = column.get(r) else {
                                return false;
                            };
                            *row.last_mut().expect("the hole's column") = value;
                            reference::eval(sketch, row) == want
                        });
                if fits_all {
                    let filled = splice(sketch, open.hole, &enumeration.program(id));
                    fits.push((open.context + enumeration.level(id) as u64, filled));
                }
            }
        }
        self.candidates += tries;
        let candidates = self.candidates + enumeration.candidates();
        for (cost, filled) in fits {
            self.offer_fit(cost, filled, candidates);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dsl::Vars;

    #[test]
    fn a_hole_is_one_variable_past_the_specs_read_once() {
        let vars = Vars::new(["x", "h"]).unwrap();
        let one = Program::parse("(+ (mod h 10) x)", &vars).unwrap();
        // postfix: h 10 mod x +
        assert_eq!(hole_position(&one, 1), Some(0));
        let twice = Program::parse("(+ h h)", &vars).unwrap();
        assert_eq!(hole_position(&twice, 1), None);
        let none = Program::parse("(+ x 1)", &vars).unwrap();
        assert_eq!(hole_position(&none, 1), None);
    }
}
