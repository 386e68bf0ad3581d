//! Answers in their simplest equivalent form, checked.
//!
//! A search returns the first program of its kind it met, spelled as the
//! enumeration or the algebra built it: `(+ x (+ x 1))`, `(- (* x 3) x)`.
//! [`simplify`] runs equality saturation over it ([`egraph::simplify`]:
//! the rule set, each rule property-tested sound) and extracts the form a
//! person reads most easily within the spec's grammar. The result replaces
//! the program only if it
//!
//! - gives the program's outputs on every example, training and held-out;
//! - gives them on 256 more rows, extremes first ([`egraph::counterexample`]);
//! - is scored at least as high by the search's [`Ranker`];
//! - is no larger.
//!
//! The e-graph is bounded by nodes and iterations (so that, under count
//! limits, the same program always gives the same form) and by a share of
//! the time the search has left; a program of more than
//! [`MAX_SIZE`] nodes is left as it is.
//!
//! ```
//! use std::time::{Duration, Instant};
//! use arithsynth::search::{simplify::simplify, Deadline, Prior, Spec};
//! use arithsynth::{Example, Grammar, Vars};
//!
//! let grammar = Grammar::new(Vars::new(["x"])?);
//! let train = [(1, 3), (2, 5), (5, 11)].map(|(x, y)| Example::new([x], y)).to_vec();
//! let spec = Spec::new(grammar.clone(), train, Vec::new())?;
//! let found = grammar.parse("(+ x (+ x 1))")?;
//! let simple = simplify(&spec, &found, &Prior, &Deadline::never());
//! assert_eq!(simple.sexpr(grammar.vars()).to_string(), "(+ (* 2 x) 1)");
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use std::time::Duration;

use super::{Deadline, Ranker, Spec};
use crate::dsl::Program;
use crate::egraph::{self, Limits};
use crate::eval::reference;

/// Largest program simplified, in nodes: past it one iteration of the
/// rules can grow the e-graph past any share of a small time limit.
pub const MAX_SIZE: usize = 31;

/// Most time spent, when the search has that much left (a tenth of it
/// otherwise).
const MAX_TIME: Duration = Duration::from_millis(50);

/// Least time worth starting an e-graph for.
const MIN_TIME: Duration = Duration::from_millis(1);

/// Rows beyond the examples the simplified program is checked on.
const CHECK_ROWS: usize = 256;

/// `program` (which fits `spec`) in its simplest form that passes the
/// checks of the [module docs](self), or `program` itself.
#[must_use]
pub fn simplify(
    spec: &Spec,
    program: &Program,
    ranker: &dyn Ranker,
    deadline: &Deadline,
) -> Program {
    let time = deadline
        .remaining()
        .map_or(MAX_TIME, |left| (left / 10).min(MAX_TIME));
    if time < MIN_TIME || program.size() > MAX_SIZE || program.min_vars() > spec.vars().len() {
        return program.clone();
    }
    let limits = Limits {
        nodes: 2_000,
        iters: 6,
        time,
    };
    let simple = egraph::simplify(program, spec.grammar(), &limits);
    let same_on_examples = spec
        .train()
        .iter()
        .chain(spec.test())
        .all(|e| reference::eval(&simple, &e.inputs) == reference::eval(program, &e.inputs));
    let keep = simple != *program
        && simple.size() <= program.size()
        && same_on_examples
        && egraph::counterexample(program, &simple, CHECK_ROWS, 0x5109).is_none()
        && ranker.score(spec, &simple) >= ranker.score(spec, program);
    if keep {
        simple
    } else {
        program.clone()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dsl::{Example, Grammar, Vars};
    use crate::search::{Occam, Prior};

    fn spec(grammar: &Grammar, f: impl Fn(i64) -> i64) -> Spec {
        let train = (0..6).map(|x| Example::new([x], f(x))).collect();
        Spec::new(grammar.clone(), train, Vec::new()).unwrap()
    }

    #[test]
    fn like_terms_are_collected_within_the_grammar() {
        let grammar = Grammar::new(Vars::new(["x"]).unwrap());
        let wide = spec(&grammar, |x| 3 * x);
        let found = grammar.parse("(+ x (+ x x))").unwrap();
        let simple = simplify(&wide, &found, &Prior, &Deadline::never());
        assert_eq!(simple.sexpr(grammar.vars()).to_string(), "(* 3 x)");
        // without 3 among the literals the form stays inside the grammar
        let narrow = Grammar::builder()
            .vars(["x"])
            .op_names(["+", "*"])
            .literals([0, 1, 2])
            .build()
            .unwrap();
        let simple = simplify(
            &spec(&narrow, |x| 3 * x),
            &found,
            &Occam,
            &Deadline::never(),
        );
        assert!(narrow.admits(&simple).is_ok(), "{simple:?}");
        assert!(simple.size() <= found.size());
    }

    #[test]
    fn a_ranker_that_likes_it_less_keeps_the_original() {
        struct Longer;
        impl Ranker for Longer {
            fn name(&self) -> &str {
                "longer"
            }
            fn score(&self, _: &Spec, program: &Program) -> f64 {
                f64::from(u32::try_from(program.size()).unwrap())
            }
        }
        let grammar = Grammar::new(Vars::new(["x"]).unwrap());
        let spec = spec(&grammar, |x| x);
        let found = grammar.parse("(+ x 0)").unwrap();
        assert_eq!(simplify(&spec, &found, &Longer, &Deadline::never()), found);
        let simple = simplify(&spec, &found, &Prior, &Deadline::never());
        assert_eq!(simple, grammar.parse("x").unwrap());
    }

    #[test]
    fn no_time_left_leaves_the_program_as_it_is() {
        let grammar = Grammar::new(Vars::new(["x"]).unwrap());
        let spec = spec(&grammar, |x| x);
        let found = grammar.parse("(+ x 0)").unwrap();
        let passed = Deadline::after(std::time::Instant::now(), Some(Duration::ZERO));
        assert_eq!(simplify(&spec, &found, &Prior, &passed), found);
    }
}
