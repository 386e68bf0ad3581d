//! Holes in near-miss programs: where a program disagrees with the examples,
//! the values one of its subterms would need for the whole to agree.
//!
//! The required values flow top-down from the expected outputs, inverting
//! each operator on the path given the actual values of the siblings
//! (witness functions, as in FlashMeta and Duet): `(+ a b) = v` needs
//! `a = v - b`; `(* a b) = v` needs `a = v / b` when `b` divides `v`; a
//! branch of an `ite` not taken, or a child whose parent already has the
//! wanted value, keeps its own value. Where no value works (or the inverse
//! is not unique and the subterm's own value does not serve) the subterm
//! is no hole. A hole's column is then looked up among enumerated programs
//! ([`Enumeration::find`]), and the program with the hole filled is checked
//! again by the reference interpreter.
//!
//! ```
//! use arithsynth::search::holes::{holes, splice};
//! use arithsynth::{Inputs, Program, Vars};
//!
//! let vars = Vars::new(["x"])?;
//! // the examples say 3x + 1; the program has 3x + 2
//! let near = Program::parse("(+ (* 3 x) 2)", &vars)?;
//! let inputs = Inputs::from_rows(1, [[0], [1], [2]].iter().map(|r| &r[..]))?;
//! let found = holes(&near, &inputs, &[1, 4, 7]);
//! // the literal 2 would have to be 1 on every row
//! let literal = found.iter().find(|h| h.column == [1, 1, 1]).unwrap();
//! let one = Program::parse("1", &vars)?;
//! let fixed = splice(&near, literal.position, &one);
//! assert_eq!(fixed.sexpr(&vars).to_string(), "(+ (* 3 x) 1)");
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! [`Enumeration::find`]: crate::enumerate::Enumeration::find

use crate::dsl::{Inputs, Node, Op, Program};
use crate::eval::reference;

/// A subterm of a program and the values it would need on each example row
/// for the program to give the expected outputs.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Hole {
    /// The subterm's root, an index into the program's postfix nodes.
    pub position: usize,
    /// Required value per row.
    pub column: Vec<i64>,
}

/// The value each node of `program` takes on `row`, in postfix order.
fn node_values(program: &Program, row: &[i64]) -> Vec<i64> {
    let mut values = Vec::with_capacity(program.size());
    let mut stack: Vec<i64> = Vec::new();
    for &node in program.nodes() {
        let value = match node {
            Node::Var(index) => row[usize::from(index)],
            Node::Lit(value) => value,
            Node::Op(op) => {
                let first = stack.len() - op.arity();
                let value = reference::apply(op, &stack[first..]);
                stack.truncate(first);
                value
            }
        };
        stack.push(value);
        values.push(value);
    }
    values
}

/// The value child `which` of `op` needs for `op` to give `want`, given the
/// actual values `args` of all children; `None` when none is found.
fn invert(op: Op, args: &[i64], which: usize, want: i64) -> Option<i64> {
    let own = args[which];
    if reference::apply(op, args) == want {
        // already right: the child may keep its value
        return Some(own);
    }
    let other = |i: usize| args[i];
    let candidate = match (op, which) {
        (Op::Add, 0) => Some(want.wrapping_sub(other(1))),
        (Op::Add, _) => Some(want.wrapping_sub(other(0))),
        (Op::Sub, 0) => Some(want.wrapping_add(other(1))),
        (Op::Sub, _) => Some(other(0).wrapping_sub(want)),
        (Op::Mul, _) => {
            let factor = other(1 - which);
            (factor != 0 && want.checked_rem(factor) == Some(0))
                .then(|| want.checked_div(factor))
                .flatten()
        }
        (Op::Neg, _) => Some(want.wrapping_neg()),
        (Op::Abs, _) => (want >= 0).then(|| if own < 0 { -want } else { want }),
        (Op::Div, 0) => {
            // keep the remainder the child had: a = want * b + (a mod b)
            let b = other(1);
            (b != 0)
                .then(|| want.checked_mul(b)?.checked_add(reference::modulo(own, b)))
                .flatten()
        }
        (Op::Mod, 0) => {
            // keep the quotient the child had: a = (a div b) * b + want
            let b = other(1);
            if b == 0 {
                Some(want)
            } else if want >= 0 && u64::try_from(want).ok()? < b.unsigned_abs() {
                reference::div(own, b).checked_mul(b)?.checked_add(want)
            } else {
                None
            }
        }
        (Op::Min, _) => (want < other(1 - which)).then_some(want),
        (Op::Max, _) => (want > other(1 - which)).then_some(want),
        (Op::Ite(cmp), 2 | 3) => {
            let taken = if reference::ite(cmp, args[0], args[1], 1, 0) == 1 {
                2
            } else {
                3
            };
            Some(if which == taken { want } else { own })
        }
        _ => None,
    }?;
    let mut changed = [0; 4];
    changed[..args.len()].copy_from_slice(args);
    changed[which] = candidate;
    (reference::apply(op, &changed[..args.len()]) == want).then_some(candidate)
}

/// Every hole of `program` on `inputs` against `outputs`: each proper
/// subterm (not the root) for which a value is found on every row, and
/// whose required column differs from its actual one. Empty when the
/// program already gives the outputs.
///
/// # Panics
///
/// When `outputs.len() != inputs.len()` or the program reads a variable
/// `inputs` lacks.
#[must_use]
pub fn holes(program: &Program, inputs: &Inputs, outputs: &[i64]) -> Vec<Hole> {
    assert_eq!(outputs.len(), inputs.len(), "one output per input row");
    let size = program.size();
    let children: Vec<smallvec::SmallVec<[usize; 4]>> =
        (0..size).map(|i| program.children(i)).collect();
    // need[node][row]: the value node must take; None once impossible
    let mut need: Vec<Option<Vec<i64>>> = vec![None; size];
    let mut actual: Vec<Vec<i64>> = vec![Vec::with_capacity(inputs.len()); size];
    for row in inputs.rows() {
        for (node, value) in node_values(program, &row).into_iter().enumerate() {
            actual[node].push(value);
        }
    }
    need[size - 1] = Some(outputs.to_vec());
    // parents come after their children in postfix: walk down from the root
    for node in (0..size).rev() {
        let Some(wanted) = need[node].take() else {
            continue;
        };
        if let Node::Op(op) = program.nodes()[node] {
            let kids = &children[node];
            for (which, &child) in kids.iter().enumerate() {
                let column: Option<Vec<i64>> = (0..outputs.len())
                    .map(|row| {
                        let args: smallvec::SmallVec<[i64; 4]> =
                            kids.iter().map(|&k| actual[k][row]).collect();
                        invert(op, &args, which, wanted[row])
                    })
                    .collect();
                need[child] = column;
            }
        }
        need[node] = Some(wanted);
    }
    (0..size - 1)
        .filter_map(|position| {
            let column = need[position].take()?;
            (column != actual[position]).then_some(Hole { position, column })
        })
        .collect()
}

/// `program` with the subterm rooted at `position` replaced by `filler`.
///
/// # Panics
///
/// When `position >= program.size()`.
#[must_use]
pub fn splice(program: &Program, position: usize, filler: &Program) -> Program {
    let start = program.subtree_starts()[position];
    let nodes = program.nodes();
    Program::from_postfix(
        nodes[..start]
            .iter()
            .chain(filler.nodes())
            .chain(&nodes[position + 1..])
            .copied(),
    )
    .expect("a subtree replaced by a program is a program")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dsl::Vars;
    use proptest::prelude::*;

    fn inputs(rows: &[Vec<i64>]) -> Inputs {
        Inputs::from_rows(rows[0].len(), rows.iter().map(Vec::as_slice)).unwrap()
    }

    #[test]
    fn holes_through_each_operator_give_the_outputs_when_filled() {
        let vars = Vars::new(["x", "y"]).unwrap();
        let rows: Vec<Vec<i64>> = (-4..5).map(|x| vec![x, (x * 7) % 5 + 2]).collect();
        let inputs = inputs(&rows);
        let target = Program::parse("(+ (* x y) 3)", &vars).unwrap();
        let outputs = reference::eval_inputs(&target, &inputs);
        for text in [
            "(+ (* x y) 2)",
            "(- (* x y) 5)",
            "(+ (* x x) 3)",
            "(max (+ (* x y) 1) -100)",
            "(ite (< x 100) (* x y) 0)",
            "(neg (* x y))",
            "(div (* x y) 1)",
            "(mod (+ (* x y) 2) 0)",
        ] {
            let near = Program::parse(text, &vars).unwrap();
            let found = holes(&near, &inputs, &outputs);
            assert!(!found.is_empty(), "{text} has no hole");
            for hole in found {
                // fill the hole with a constant-per-row oracle: check that
                // the required column, put in place, gives the outputs
                let mut ok = true;
                for (row, input) in rows.iter().enumerate() {
                    let filler = Program::lit(hole.column[row]);
                    let filled = splice(&near, hole.position, &filler);
                    ok &= reference::eval(&filled, input) == outputs[row];
                }
                assert!(ok, "{text}: hole at {} is wrong", hole.position);
            }
        }
    }

    #[test]
    fn a_correct_program_has_no_holes_and_impossible_ones_are_skipped() {
        let vars = Vars::new(["x"]).unwrap();
        let inputs = inputs(&[vec![1], vec![2], vec![3]]);
        let right = Program::parse("(* x 2)", &vars).unwrap();
        assert!(holes(&right, &inputs, &[2, 4, 6]).is_empty());
        // (* 0 x) cannot give 1: neither factor can be fixed alone
        let zero = Program::parse("(* 0 x)", &vars).unwrap();
        let found = holes(&zero, &inputs, &[1, 1, 1]);
        assert!(found.iter().all(|h| h.position != 0 && h.position != 1));
    }

    proptest! {
        #[test]
        fn every_hole_filled_row_by_row_gives_the_outputs(
            size_a in 1usize..12,
            size_b in 1usize..12,
            seed in any::<u64>(),
        ) {
            use crate::dsl::random::{random_inputs, random_programs};
            use crate::dsl::Grammar;
            use rand::SeedableRng;
            let grammar = Grammar::builder()
                .vars(["x", "y"])
                .literals([-1, 0, 1, 2, 3])
                .ops(Op::ALL)
                .build()
                .unwrap();
            let (Some(a), Some(b)) = (
                random_programs(&grammar, size_a, 1, seed).pop(),
                random_programs(&grammar, size_b, 1, seed ^ 1).pop(),
            ) else {
                return Ok(());
            };
            let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(seed);
            let inputs = random_inputs(2, 6, &mut rng);
            let outputs = reference::eval_inputs(&b, &inputs);
            for hole in holes(&a, &inputs, &outputs) {
                for (row, input) in inputs.rows().enumerate() {
                    let filled = splice(&a, hole.position, &Program::lit(hole.column[row]));
                    prop_assert_eq!(reference::eval(&filled, &input), outputs[row]);
                }
            }
        }
    }
}
