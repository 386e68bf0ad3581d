//! Saturated outputs: a quantity the other readings find, capped, floored
//! or both, `y = max(lo, min(x, hi))`.
//!
//! A fee capped at a maximum, a score kept within its scale, a balance
//! never below zero, a period clamped to opening hours: the outputs take
//! their least (or greatest) value again and again, and between the two
//! they are the quantity itself, often a sum of two idioms that is already
//! 15–20 nodes before it is clamped. Where the outputs' least or greatest
//! value is taken by [`MIN_SATURATED`] examples or more, [`Clamp::of`]
//! reads those examples as saturated and keeps the others, the interior,
//! as a spec of their own. The completion and the readings of banked parts
//! (bent, wrapped, floored, paired) run on the interior as on any spec,
//! with their thresholds counted on the interior alone and each side read
//! off the outputs counted as one more unknown ([`Clamp::config`]), so a
//! clamped fit carries the evidence of the examples it was solved on, less
//! the clamp's own constants. The saturated examples add next to nothing:
//! any quantity below the floor there fits them.
//! Each fit is then [wrapped](Clamp::wrap): floored, capped or both, the
//! first of those that the reference interpreter finds right on every
//! example.
//!
//! A side taken by one example only is interior: one example at the
//! extreme is what any quantity shows, and it takes part in the fit.

use super::build::Builder;
use super::CompletionConfig;
use crate::dataset::Example;
use crate::dsl::{Cmp, Op, Program};
use crate::search::{Deadline, Spec};

/// Examples that must share the outputs' least (or greatest) value for it
/// to be read as a floor (or a cap).
pub(crate) const MIN_SATURATED: usize = 2;

/// The saturated sides of a spec's outputs and its interior.
#[derive(Debug)]
pub(crate) struct Clamp {
    /// The floor, where the least value is saturated.
    low: Option<i64>,
    /// The cap, where the greatest value is saturated.
    high: Option<i64>,
    /// For each training example, whether it is interior.
    interior: Vec<bool>,
    /// The spec with the interior examples alone.
    spec: Spec,
}

impl Clamp {
    /// The saturated sides of `spec`'s training outputs, where one is at
    /// least, the interior leaves two examples beyond a line's unknowns
    /// and the sides' ([`Clamp::config`]), and the grammar can spell the
    /// clamp (`max`/`min`, or `ite` with `<`).
    pub(crate) fn of(spec: &Spec, config: &CompletionConfig) -> Option<Clamp> {
        let ops = spec.grammar().ops();
        let floors = ops.contains(Op::Max) || ops.contains(Op::Ite(Cmp::Lt));
        let caps = ops.contains(Op::Min) || ops.contains(Op::Ite(Cmp::Lt));
        let outputs = spec.train_outputs();
        let (&least, &greatest) = (outputs.iter().min()?, outputs.iter().max()?);
        if least == greatest {
            return None;
        }
        let saturated =
            |value: i64| outputs.iter().filter(|&&y| y == value).count() >= MIN_SATURATED;
        let low = (floors && saturated(least)).then_some(least);
        let high = (caps && saturated(greatest)).then_some(greatest);
        if low.is_none() && high.is_none() {
            return None;
        }
        let interior: Vec<bool> = outputs
            .iter()
            .map(|&y| Some(y) != low && Some(y) != high)
            .collect();
        let train: Vec<Example> = spec
            .train()
            .iter()
            .zip(&interior)
            .filter(|(_, &inside)| inside)
            .map(|(example, _)| example.clone())
            .collect();
        let sides = usize::from(low.is_some()) + usize::from(high.is_some());
        if train.len() < 2 + config.min_evidence + sides {
            return None;
        }
        Some(Clamp {
            low,
            high,
            interior,
            spec: spec.with_train(train).ok()?,
        })
    }

    /// `config` for the interior's fits: each saturated side is a
    /// constant read off the outputs, one more unknown that the examples
    /// must leave room for ([`CompletionConfig::min_evidence`]).
    pub(crate) fn config(&self, config: &CompletionConfig) -> CompletionConfig {
        let sides = usize::from(self.low.is_some()) + usize::from(self.high.is_some());
        CompletionConfig {
            min_evidence: config.min_evidence + sides,
            ..*config
        }
    }

    /// The spec of the interior examples (and the whole spec's grammar and
    /// held-out examples).
    pub(crate) fn spec(&self) -> &Spec {
        &self.spec
    }

    /// The interior entries of `column`, a program's values on the whole
    /// spec's training examples, into `out`.
    pub(crate) fn interior(&self, column: impl IntoIterator<Item = i64>, out: &mut Vec<i64>) {
        out.clear();
        out.extend(
            column
                .into_iter()
                .zip(&self.interior)
                .filter_map(|(value, &inside)| inside.then_some(value)),
        );
    }

    /// `inner`, a fit of the interior, floored, capped or both (the
    /// smallest of those first) so that it is right on every training
    /// example of `spec`, the whole spec; `None` where none is.
    pub(crate) fn wrap(
        &self,
        spec: &Spec,
        inner: &Program,
        deadline: &Deadline,
    ) -> Option<Program> {
        let builder = Builder::new(spec.grammar(), deadline);
        let floored = |x: &Program| floor(spec, &builder, x, self.low?);
        let capped = |x: &Program| cap(spec, &builder, x, self.high?);
        let all = spec.train().len();
        let right = |p: &Program| spec.matched(p) == all;
        floored(inner)
            .filter(right)
            .or_else(|| capped(inner).filter(right))
            .or_else(|| floored(&capped(inner)?).filter(right))
    }
}

/// `max(c, x)` with the grammar's operators.
fn floor(spec: &Spec, builder: &Builder<'_>, x: &Program, c: i64) -> Option<Program> {
    let c = constant(spec, builder, c)?;
    let ops = spec.grammar().ops();
    if ops.contains(Op::Max) {
        Program::apply(Op::Max, &[c, x.clone()]).ok()
    } else {
        Program::apply(Op::Ite(Cmp::Lt), &[x.clone(), c.clone(), c, x.clone()]).ok()
    }
}

/// `min(x, c)` with the grammar's operators.
fn cap(spec: &Spec, builder: &Builder<'_>, x: &Program, c: i64) -> Option<Program> {
    let c = constant(spec, builder, c)?;
    let ops = spec.grammar().ops();
    if ops.contains(Op::Min) {
        Program::apply(Op::Min, &[x.clone(), c]).ok()
    } else {
        Program::apply(Op::Ite(Cmp::Lt), &[x.clone(), c.clone(), x.clone(), c]).ok()
    }
}

/// `c` as a literal of the grammar, else built from its literals.
fn constant(spec: &Spec, builder: &Builder<'_>, c: i64) -> Option<Program> {
    if spec.grammar().literals().contains(&c) {
        Some(Program::lit(c))
    } else {
        builder.constant(i128::from(c))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dsl::{Grammar, Vars};
    use crate::eval::reference;
    use crate::search::completion::tests::spec_in;

    fn spec(ops: &[Op], rows: &[(Vec<i64>, i64)]) -> Spec {
        let grammar = Grammar::builder()
            .vars(["x", "y"])
            .ops(ops.iter().copied())
            .literals([0, 1, 2, 3, 14, 30])
            .build()
            .unwrap();
        spec_in(grammar, rows)
    }

    const ALL: [Op; 5] = [Op::Add, Op::Mul, Op::Min, Op::Max, Op::Ite(Cmp::Lt)];

    fn rows(f: impl Fn(i64, i64) -> i64) -> Vec<(Vec<i64>, i64)> {
        (0..12)
            .map(|i| {
                let (x, y) = (i * 7 % 13, i * 5 % 11);
                (vec![x, y], f(x, y))
            })
            .collect()
    }

    #[test]
    fn the_saturated_sides_are_set_aside_and_the_interior_kept() {
        let f = |x: i64, y: i64| (3 * x + y).clamp(14, 30);
        let spec = spec(&ALL, &rows(f));
        let clamp = Clamp::of(&spec, &CompletionConfig::default()).expect("both sides saturated");
        assert_eq!((clamp.low, clamp.high), (Some(14), Some(30)));
        assert!(clamp
            .spec()
            .train()
            .iter()
            .all(|e| e.output > 14 && e.output < 30));
        let mut interior = Vec::new();
        clamp.interior(spec.train_outputs(), &mut interior);
        assert_eq!(interior, clamp.spec().train_outputs());
    }

    #[test]
    fn a_fit_of_the_interior_is_wrapped_on_the_sides_it_needs() {
        let vars = Vars::new(["x", "y"]).unwrap();
        let inner = Program::parse("(+ (* 3 x) y)", &vars).unwrap();
        let deadline = Deadline::never();
        // capped only: the floor is not needed, so not spelled
        let capped = spec(&ALL, &rows(|x, y| (3 * x + y).min(30)));
        let clamp = Clamp::of(&capped, &CompletionConfig::default()).expect("the cap is saturated");
        let wrapped = clamp.wrap(&capped, &inner, &deadline).expect("a cap fits");
        assert_eq!(wrapped.sexpr(&vars).to_string(), "(min (+ (* 3 x) y) 30)");
        // both sides, in a grammar with ite and no max or min
        let both = spec(
            &[Op::Add, Op::Mul, Op::Ite(Cmp::Lt)],
            &rows(|x, y| (3 * x + y).clamp(14, 30)),
        );
        let clamp =
            Clamp::of(&both, &CompletionConfig::default()).expect("both sides are saturated");
        let wrapped = clamp.wrap(&both, &inner, &deadline).expect("a clamp fits");
        for example in both.train() {
            assert_eq!(reference::eval(&wrapped, &example.inputs), example.output);
        }
        // a fit that is wrong on a saturated example is not wrapped
        let wrong = Program::parse("(+ (* 3 x) (* 2 y))", &vars).unwrap();
        assert_eq!(clamp.wrap(&both, &wrong, &deadline), None);
    }

    #[test]
    fn no_clamp_without_a_repeated_extreme_or_enough_interior() {
        let distinct = spec(&ALL, &rows(|x, y| 3 * x + y + x * y));
        assert!(Clamp::of(&distinct, &CompletionConfig::default()).is_none());
        let flags = spec(&ALL, &rows(|x, _| i64::from(x > 6)));
        assert!(Clamp::of(&flags, &CompletionConfig::default()).is_none());
        let no_ops = spec(&[Op::Add, Op::Mul], &rows(|x, y| (3 * x + y).min(30)));
        assert!(Clamp::of(&no_ops, &CompletionConfig::default()).is_none());
    }
}
