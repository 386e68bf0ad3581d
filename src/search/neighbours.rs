//! The programs one edit away from a program: what a person may have meant
//! instead of the program a search found.
//!
//! A search that returns a wrong program usually returns one close to the
//! right one: `x + 2` where `x − 2` was meant, `3` where `3 mod x` was, a
//! threshold of 20 where 50 was. The neighbours of a program are those
//! edits, within the grammar: each operator swapped for another of the
//! same arity over the same children, and each subterm replaced by a leaf
//! (a variable or literal) or by one operator over leaves. Those of them
//! that still fit every example are the alternatives the examples cannot
//! rule out, and an input on which they disagree with the program is a
//! good question to ask ([`check_input_for`](super::check_input_for)).
//!
//! ```
//! use arithsynth::search::neighbours::neighbours;
//! use arithsynth::{Grammar, Program, Vars};
//!
//! let grammar = Grammar::new(Vars::new(["x"])?);
//! let program = grammar.parse("(+ x 2)")?;
//! let around = neighbours(&program, &grammar);
//! assert!(around.contains(&grammar.parse("(- x 2)")?));     // an operator swapped
//! assert!(around.contains(&grammar.parse("(+ x 3)")?));     // a leaf replaced
//! assert!(around.contains(&grammar.parse("(+ x (mod 2 x))")?)); // a leaf grown
//! assert!(around.contains(&grammar.parse("x")?));           // a subterm cut
//! assert!(!around.contains(&program));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use std::collections::BTreeSet;

use super::holes::splice;
use crate::dsl::{Grammar, Node, Op, Program};

/// Neighbours listed at most (the edits of the nodes nearest the root
/// first): bounds the work on large programs over large grammars.
pub const MAX_NEIGHBOURS: usize = 50_000;

/// The distinct programs one edit away from `program` in `grammar`,
/// `program` itself left out, in a fixed order (sorted), at most
/// [`MAX_NEIGHBOURS`] of them: every operator node with another of the
/// grammar's operators of the same arity; every subterm replaced by each of
/// the grammar's leaves, by each unary operator over a leaf and by each
/// binary operator over two leaves. Replacing a subterm by a leaf also
/// cuts it out. The edits are made wherever the grammar allows them;
/// `program` itself need not be admitted by it.
#[must_use]
pub fn neighbours(program: &Program, grammar: &Grammar) -> Vec<Program> {
    let leaves: Vec<Program> = grammar
        .leaves()
        .map(|leaf| Program::from_postfix([leaf]).expect("a leaf is a program"))
        .collect();
    let ops: Vec<Op> = grammar.ops().iter().collect();
    let mut small = leaves.clone();
    for &op in &ops {
        match op.arity() {
            1 => small.extend(
                leaves
                    .iter()
                    .map(|leaf| Program::apply(op, std::slice::from_ref(leaf)).expect("arity 1")),
            ),
            2 => {
                for a in &leaves {
                    small.extend(
                        leaves
                            .iter()
                            .map(|b| Program::apply(op, &[a.clone(), b.clone()]).expect("arity 2")),
                    );
                }
            }
            // an `ite` over leaves is a comparison of leaves, rarely meant
            _ => {}
        }
    }
    let mut found = BTreeSet::new();
    let nodes = program.nodes();
    // the root first: edits near the root change the most
    for position in (0..nodes.len()).rev() {
        if found.len() >= MAX_NEIGHBOURS {
            break;
        }
        if let Node::Op(op) = nodes[position] {
            for &other in &ops {
                if other != op && other.arity() == op.arity() {
                    let mut swapped = nodes.to_vec();
                    swapped[position] = Node::Op(other);
                    found.insert(Program::from_postfix(swapped).expect("same arity, same shape"));
                }
            }
        }
        for filler in &small {
            found.insert(splice(program, position, filler));
        }
    }
    found.remove(program);
    let mut found: Vec<Program> = found.into_iter().collect();
    found.truncate(MAX_NEIGHBOURS);
    found
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dsl::Vars;

    fn grammar() -> Grammar {
        Grammar::new(Vars::new(["x", "y"]).unwrap())
    }

    /// The dumb count: every edit listed, duplicates and all.
    fn edits(program: &Program, grammar: &Grammar) -> Vec<Program> {
        let leaves: Vec<Node> = grammar.leaves().collect();
        let ops: Vec<Op> = grammar.ops().iter().collect();
        let mut all = Vec::new();
        for position in 0..program.size() {
            let start = program.subtree_starts()[position];
            let nodes = program.nodes();
            let with = |middle: &[Node]| {
                Program::from_postfix(
                    nodes[..start]
                        .iter()
                        .chain(middle)
                        .chain(&nodes[position + 1..])
                        .copied(),
                )
                .unwrap()
            };
            for &a in &leaves {
                all.push(with(&[a]));
                for &op in &ops {
                    if op.arity() == 2 {
                        for &b in &leaves {
                            all.push(with(&[a, b, Node::Op(op)]));
                        }
                    }
                }
            }
            if let Node::Op(op) = nodes[position] {
                for &other in &ops {
                    if other.arity() == op.arity() {
                        let mut swapped = nodes.to_vec();
                        swapped[position] = Node::Op(other);
                        all.push(Program::from_postfix(swapped).unwrap());
                    }
                }
            }
        }
        all
    }

    #[test]
    fn neighbours_are_the_distinct_edits_without_the_program() {
        let grammar = grammar();
        for text in ["x", "(+ x 2)", "(mod (- x 1) (* y 3))"] {
            let program = grammar.parse(text).unwrap();
            let mut expected: Vec<Program> = edits(&program, &grammar)
                .into_iter()
                .filter(|p| *p != program)
                .collect::<BTreeSet<_>>()
                .into_iter()
                .collect();
            expected.sort();
            assert_eq!(neighbours(&program, &grammar), expected, "{text}");
        }
    }

    #[test]
    fn neighbours_take_only_the_grammars_nodes() {
        let grammar = grammar().with_literals([60]);
        // 30 is not the grammar's: edits keep it where they leave it
        let program = Program::parse("(div (+ x 30) 60)", grammar.vars()).unwrap();
        let in_grammar = |node: &Node| match *node {
            Node::Var(index) => usize::from(index) < grammar.vars().len(),
            Node::Lit(value) => grammar.literals().contains(&value),
            Node::Op(op) => grammar.ops().contains(op),
        };
        let around = neighbours(&program, &grammar);
        assert!(!around.is_empty());
        for neighbour in &around {
            let foreign = neighbour.nodes().iter().filter(|n| !in_grammar(n));
            assert!(foreign.count() <= 1, "{neighbour:?}");
        }
        let vars = grammar.vars();
        for text in [
            "(div (+ x 30) 3)",
            "(div (- x 30) 60)",
            "(div (+ x 60) 60)",
            "(div x 60)",
        ] {
            assert!(
                around.contains(&Program::parse(text, vars).unwrap()),
                "{text}"
            );
        }
        assert!(!around.contains(&Program::parse("(div (+ x 31) 60)", vars).unwrap()));
    }

    #[test]
    fn neighbours_are_bounded() {
        let grammar = Grammar::builder()
            .vars(["a", "b", "c", "d", "e", "f", "g", "h"])
            .literals(-16..=16)
            .ops(Op::ALL)
            .build()
            .unwrap();
        let mut program = grammar.parse("a").unwrap();
        for _ in 0..20 {
            program =
                Program::apply(Op::Add, &[program, grammar.parse("(* b 3)").unwrap()]).unwrap();
        }
        let around = neighbours(&program, &grammar);
        assert_eq!(around.len(), MAX_NEIGHBOURS);
        assert!(around.windows(2).all(|w| w[0] < w[1]));
    }
}
