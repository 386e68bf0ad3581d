//! Thresholds settled where the examples leave the most room on either
//! side.
//!
//! A step `(ite (< e L) a b)` between two outputs `a` and `b` that do not
//! depend on the inputs (a bonus, a fee, a flag, a grade) fits its
//! examples for every literal `L` between the largest value of `e` on the
//! true side and the smallest on the false side, and an enumeration
//! returns the first such literal in the grammar's order: usually the
//! smallest. [`settle_thresholds`] moves each such literal to zero where
//! zero still fits every example and the examples lie on both sides of it
//! (the sign of a quantity: where people put a threshold whenever the
//! examples allow it), and otherwise to the
//! grammar's literal that still fits
//! every example and lies farthest from the examples' values of `e` (the
//! largest margin, as a maximum-margin classifier would; under an even
//! prior over the gap it is the threshold least likely to be wrong), the
//! rounder on a tie (50 before 20), the program's own on a further tie.
//! The size of the program does not change, so neither does Occam's order.
//!
//! ```
//! use arithsynth::search::thresholds::settle_thresholds;
//! use arithsynth::search::Spec;
//! use arithsynth::{Example, Grammar, Op, Vars};
//!
//! // a bonus of 20 from some threshold between 3 and 71: 10, 20 and 50 all fit
//! let grammar = Grammar::builder()
//!     .vars(["x"])
//!     .literals([0, 1, 2, 3, 10, 20, 50])
//!     .ops([Op::Add, Op::Ite(arithsynth::dsl::Cmp::Lt)])
//!     .build()?;
//! let train = [(3, 3), (71, 91), (80, 100), (105, 125), (121, 141)]
//!     .map(|(x, y)| Example::new([x], y));
//! let spec = Spec::new(grammar.clone(), train.to_vec(), Vec::new())?;
//! let found = grammar.parse("(+ x (ite (< x 10) 0 20))")?;
//! let settled = settle_thresholds(&spec, &found);
//! assert_eq!(settled, grammar.parse("(+ x (ite (< x 50) 0 20))")?);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use super::Spec;
use crate::dsl::{Cmp, Node, Op, Program};
use crate::eval::reference;

/// `program` with each `<` or `<=` comparison of an expression and a
/// literal that chooses between two constant branches moved to the
/// grammar's literal that still fits every training
/// example with the widest margin to the expression's values on them (see
/// the [module docs](self)); `program` itself where none is wider, or
/// where it does not fit the examples to begin with.
#[must_use]
pub fn settle_thresholds(spec: &Spec, program: &Program) -> Program {
    let examples = spec.train().len();
    if examples == 0 || program.min_vars() > spec.vars().len() || spec.matched(program) != examples
    {
        return program.clone();
    }
    let mut settled = program.clone();
    let literals = spec.grammar().literals();
    for position in 0..program.size() {
        let nodes = settled.nodes();
        let Node::Op(Op::Ite(cmp @ (Cmp::Lt | Cmp::Le))) = nodes[position] else {
            continue;
        };
        let Some((at, expression, offset)) = threshold_of(&settled, position, cmp) else {
            continue;
        };
        let values: Vec<i64> = spec
            .train()
            .iter()
            .map(|e| reference::eval(&expression, &e.inputs))
            .collect();
        // twice the distance from the boundary (L + offset / 2) to the
        // nearest value: integers throughout
        let margin = |literal: i64| -> i128 {
            let boundary = 2 * i128::from(literal) + offset;
            values
                .iter()
                .map(|&v| (2 * i128::from(v) - boundary).abs())
                .min()
                .unwrap_or(0)
        };
        let Node::Lit(own) = nodes[at] else {
            continue;
        };
        // zero first where the examples lie on both sides of it: the sign
        // of a quantity is the threshold people set wherever the examples
        // allow it
        let straddles_zero = {
            let boundary = offset; // 2 · 0 + offset
            values.iter().any(|&v| 2 * i128::from(v) < boundary)
                && values.iter().any(|&v| 2 * i128::from(v) > boundary)
        };
        let score = |literal: i64| {
            (
                straddles_zero && literal == 0,
                margin(literal),
                roundness(literal),
            )
        };
        let mut best = (score(own), settled.clone());
        for &literal in literals {
            if literal == own {
                continue;
            }
            let mut moved = settled.nodes().to_vec();
            moved[at] = Node::Lit(literal);
            let Ok(moved) = Program::from_postfix(moved) else {
                continue;
            };
            let score = score(literal);
            if score > best.0 && spec.matched(&moved) == examples {
                best = (score, moved);
            }
        }
        settled = best.1;
    }
    settled
}

/// For the `ite` at `position` comparing an expression with a literal:
/// the literal's position, the expression, and where the comparison
/// changes, as twice its offset from the literal (`e < L` changes at
/// `L − ½`: −1; `e <= L` at `L + ½`: +1; `L < e` at `L + ½`; `L <= e` at
/// `L − ½`).
fn threshold_of(program: &Program, position: usize, cmp: Cmp) -> Option<(usize, Program, i128)> {
    let nodes = program.nodes();
    let starts = program.subtree_starts();
    // the ite's children end at: else = position − 1, then before it, …
    let otherwise = position.checked_sub(1)?;
    let then = starts[otherwise].checked_sub(1)?;
    let right = starts[then].checked_sub(1)?;
    let left = starts[right].checked_sub(1)?;
    let subtree = |end: usize| Program::from_postfix(nodes[starts[end]..=end].iter().copied());
    // a step between outputs that do not vary between thresholds; where a
    // branch does (a clamp, a piece of a piecewise-linear rule) the
    // threshold is where the pieces meet, not a free choice in the gap
    let steps = piecewise_constant(program);
    if !steps[then] || !steps[otherwise] {
        return None;
    }
    let strict = matches!(cmp, Cmp::Lt);
    match (nodes[left], nodes[right]) {
        (Node::Lit(_), Node::Lit(_)) => None,
        (_, Node::Lit(_)) => Some((right, subtree(left).ok()?, if strict { -1 } else { 1 })),
        (Node::Lit(_), _) => Some((left, subtree(right).ok()?, if strict { 1 } else { -1 })),
        _ => None,
    }
}

/// For each node, whether its subtree is constant between thresholds: a
/// literal, an `ite` whose branches are (its comparison may read the
/// inputs), or an operator over such subtrees. Bottom-up over the postfix
/// nodes, with no recursion.
fn piecewise_constant(program: &Program) -> Vec<bool> {
    let mut flags = Vec::with_capacity(program.size());
    let mut stack: Vec<bool> = Vec::new();
    for node in program.nodes() {
        let flag = match *node {
            Node::Lit(_) => true,
            Node::Var(_) => false,
            Node::Op(op) => {
                let children = stack.split_off(stack.len().saturating_sub(op.arity()));
                match op {
                    // (ite (cmp a b) then else): the branches decide
                    Op::Ite(_) => children.len() == 4 && children[2] && children[3],
                    _ => children.iter().all(|&c| c),
                }
            }
        };
        stack.push(flag);
        flags.push(flag);
    }
    flags
}

/// How round `value` is: 0 for a value no multiple of 5, then one more
/// for each of 5, 10, 50, 100, 500, … that divides it; 0 itself is the
/// roundest.
pub(crate) fn roundness(value: i64) -> u32 {
    if value == 0 {
        return u32::MAX;
    }
    let (mut step, mut factor, mut level): (i64, i64, u32) = (5, 2, 0);
    while value % step == 0 {
        level += 1;
        let Some(next) = step.checked_mul(factor) else {
            break;
        };
        step = next;
        factor = 7 - factor; // ×2, ×5, ×2, …
    }
    level
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dataset::Example;
    use crate::dsl::Grammar;

    fn grammar(literals: &[i64]) -> Grammar {
        Grammar::builder()
            .vars(["x", "y"])
            .literals(literals.iter().copied())
            .ops([Op::Add, Op::Sub, Op::Ite(Cmp::Lt), Op::Ite(Cmp::Le)])
            .build()
            .unwrap()
    }

    fn spec(grammar: &Grammar, meant: &str, rows: &[[i64; 2]]) -> Spec {
        let meant = grammar.parse(meant).unwrap();
        let train = rows
            .iter()
            .map(|row| Example::new(*row, reference::eval(&meant, row)))
            .collect();
        Spec::new(grammar.clone(), train, Vec::new()).unwrap()
    }

    #[test]
    fn roundness_counts_the_round_steps() {
        assert_eq!(roundness(3), 0);
        assert_eq!(roundness(15), 1);
        assert_eq!(roundness(20), 2);
        assert_eq!(roundness(-50), 3);
        assert_eq!(roundness(100), 4);
        assert_eq!(roundness(1000), 6);
        assert!(roundness(0) > roundness(1_000_000_000));
        assert_eq!(roundness(i64::MIN), 0);
        assert_eq!(roundness(9_223_372_036_854_775_800), 4);
        // every step up to 5·10^18 divides it; the next would overflow
        assert_eq!(roundness(5_000_000_000_000_000_000), 37);
    }

    #[test]
    fn zero_wins_over_a_wider_margin_where_it_fits() {
        let grammar = grammar(&[-1, 0, 1, 2, 3]);
        let settled = grammar.parse("(ite (< x 0) -1 1)").unwrap();
        // a sign: the change lies between −3 and 9; 3 has the widest margin
        let rows = [[-44, 0], [9, 0], [-3, 0], [49, 0], [-48, 0]];
        let sign = spec(&grammar, "(ite (< x 0) -1 1)", &rows);
        for found in ["(ite (< x 3) -1 1)", "(ite (< x 1) -1 1)"] {
            let found = grammar.parse(found).unwrap();
            assert_eq!(settle_thresholds(&sign, &found), settled, "{found:?}");
        }
        // where every example lies on one side of zero, the margin decides
        let rows = [[1, 0], [2, 0], [9, 0], [12, 0]];
        let positive = spec(&grammar, "(ite (< x 3) -1 1)", &rows);
        let found = grammar.parse("(ite (< x 3) -1 1)").unwrap();
        assert_eq!(positive.matched(&settled), 2);
        assert_eq!(settle_thresholds(&positive, &found), found);
    }

    #[test]
    fn every_side_and_comparison_moves_to_the_middle_of_the_gap() {
        let grammar = grammar(&[0, 1, 2, 3, 10, 20, 30, 60]);
        let rows = [[5, 0], [8, 1], [51, 2], [77, 3], [90, 4]];
        // the change lies between 8 and 51: of the literals there (10, 20,
        // 30), 30 is the farthest from both, whichever way it is written
        for (found, settled) in [
            ("(ite (< x 10) 2 3)", "(ite (< x 30) 2 3)"),
            ("(ite (<= x 10) 2 3)", "(ite (<= x 30) 2 3)"),
            (
                "(+ y (ite (< 10 x) 2 (- 3 1)))",
                "(+ y (ite (< 30 x) 2 (- 3 1)))",
            ),
            ("(ite (<= 10 (+ x y)) 2 3)", "(ite (<= 30 (+ x y)) 2 3)"),
        ] {
            let spec = spec(&grammar, found, &rows);
            let found = grammar.parse(found).unwrap();
            let settled = grammar.parse(settled).unwrap();
            assert_eq!(spec.matched(&settled), rows.len());
            assert_eq!(settle_thresholds(&spec, &found), settled, "{found:?}");
        }
    }

    #[test]
    fn a_program_that_does_not_fit_or_has_no_room_stays() {
        let grammar = grammar(&[0, 1, 2, 3, 10, 20]);
        // only 20 fits: 19 and 21 are examples on either side
        let spec = spec(&grammar, "(ite (< x 20) 0 y)", &[[19, 5], [21, 6], [0, 7]]);
        let found = grammar.parse("(ite (< x 20) 0 y)").unwrap();
        assert_eq!(settle_thresholds(&spec, &found), found);
        // a program that misses an example is left as it is, and so is one
        // that reads a variable the spec lacks
        let wrong = grammar.parse("(ite (< x 1) 0 y)").unwrap();
        assert_eq!(settle_thresholds(&spec, &wrong), wrong);
        let foreign = Program::from_postfix([Node::Var(5)]).unwrap();
        assert_eq!(settle_thresholds(&spec, &foreign), foreign);
        // comparisons of two expressions, or of two literals, have no threshold
        for text in ["(ite (< x y) 0 y)", "(ite (< 1 2) 0 y)"] {
            let program = grammar.parse(text).unwrap();
            assert_eq!(settle_thresholds(&spec, &program), program);
        }
        // nor do a clamp and a piece of a piecewise-linear rule: their
        // threshold is where the pieces meet
        let grammar = self::grammar(&[0, 1, 2, 3, 5, 10]);
        let spec = self::spec(&grammar, "(ite (< x 2) 5 x)", &[[1, 0], [7, 0], [9, 0]]);
        for text in ["(ite (< x 2) 5 x)", "(ite (< x 2) (+ y 1) 3)"] {
            let program = grammar.parse(text).unwrap();
            assert_eq!(settle_thresholds(&spec, &program), program);
        }
    }

    #[test]
    fn nested_thresholds_settle_each_and_keep_the_fit() {
        // tiers at 10 and 100 from examples that leave 4..=40 and 41..=200
        let grammar = grammar(&[0, 1, 2, 3, 5, 10, 50, 100, 200]);
        let meant = "(ite (< x 10) 1 (ite (< x 100) 2 3))";
        let rows: Vec<[i64; 2]> = [3, 40, 41, 200, 250].iter().map(|&x| [x, 0]).collect();
        let spec = spec(&grammar, meant, &rows);
        let found = grammar.parse("(ite (< x 5) 1 (ite (< x 50) 2 3))").unwrap();
        assert_eq!(spec.matched(&found), rows.len());
        let settled = settle_thresholds(&spec, &found);
        assert_eq!(spec.matched(&settled), rows.len());
        assert_eq!(settled.size(), found.size());
        // 4..=40: 10 (margin 6.5 below, 30.5 above) beats 5; 41..=200: 100
        assert_eq!(
            settled,
            grammar
                .parse("(ite (< x 10) 1 (ite (< x 100) 2 3))")
                .unwrap()
        );
    }
}
