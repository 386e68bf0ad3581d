//! A prior of programs people write: the default ranking of fitting
//! programs.
//!
//! Occam's choice (the smallest program) is the description length under a
//! prior where every node costs the same. Formulas people write are not
//! drawn from that prior: a price that drops from 5 to 4 an item at ten
//! items is `q · ite(q < 10, 5, 4)`, not the same-size `q · (4 + 10 div q)`,
//! and the boxes needed for `n` items `c` to a box are `⌈n / c⌉`, written
//! `(n + c − 1) div c`, not the smaller `1 + n div c` that differs only
//! where `c` divides `n`. [`Prior`] prices two such things apart from the
//! nodes:
//!
//! - **A constant divided by an expression of the inputs** (`10 div q`,
//!   `5 mod (100 div a)`, `(−10 − 1) mod 5n`): the step functions of
//!   integer division, tricks that fit a few examples with a threshold no
//!   one meant. Each costs [`Prior::TRICK`] more nodes.
//! - **A ceiling division** (`(e + (d − 1)) div d` with `d` a literal or
//!   an expression, `−((−e) div d)`, `1 + (e − 1) div d`): the rounding up
//!   of counts of boxes, pages, trips and quarters, one idea however it is
//!   spelled. Each costs [`Prior::CEILING`] fewer nodes, so that it wins
//!   over the floor division plus one of the same fit.
//!
//! Ties go to the smaller program, then to the programs' own order, as
//! under [`Occam`](super::Occam). The two prices were set on the project's
//! everyday task set and checked against every other set (BENCHMARKS.md,
//! "A prior of programs people write"); a tool with another distribution
//! of tasks brings its own [`Ranker`] or fits one
//! ([`Learned`](super::Learned)).
//!
//! ```
//! use arithsynth::search::{Prior, Ranker, Spec};
//! use arithsynth::{Example, Grammar, Vars};
//!
//! let grammar = Grammar::new(Vars::new(["n", "c"])?);
//! let spec = Spec::new(grammar.clone(), vec![Example::new([7, 3], 3)], vec![])?;
//! let floor_plus_one = grammar.parse("(+ 1 (div n c))")?;
//! let ceiling = grammar.parse("(div (+ n (- c 1)) c)")?;
//! assert!(Prior.score(&spec, &ceiling) > Prior.score(&spec, &floor_plus_one));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use super::{Ranker, Spec};
use crate::dsl::{Node, Op, Program};

/// The default ranker: the program's size, a constant divided by an
/// expression of the inputs priced up, a ceiling division priced down (see the [module
/// docs](self)); score = −cost.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Prior;

impl Prior {
    /// Nodes a constant divided by an expression of the inputs costs beyond
    /// its own.
    pub const TRICK: f64 = 1.5;
    /// Nodes a ceiling division costs less than its own.
    pub const CEILING: f64 = 2.5;

    /// The program's cost: its size, plus [`Prior::TRICK`] for each `div`
    /// or `mod` of a constant (no variable in it) by an expression that
    /// reads the inputs, minus [`Prior::CEILING`]
    /// for each ceiling division.
    #[must_use]
    pub fn cost(program: &Program) -> f64 {
        let tree = Tree::of(program);
        let (mut tricks, mut ceilings) = (0u32, 0u32);
        tree.visit(&mut |node| {
            if let Tree::Op(Op::Div | Op::Mod, children) = node {
                if !children[0].reads_inputs() && children[1].reads_inputs() {
                    tricks += 1;
                }
            }
            if node.is_ceiling() {
                ceilings += 1;
            }
        });
        size(program) + f64::from(tricks) * Prior::TRICK - f64::from(ceilings) * Prior::CEILING
    }
}

impl Ranker for Prior {
    fn name(&self) -> &str {
        "prior"
    }

    fn score(&self, _: &Spec, program: &Program) -> f64 {
        -Prior::cost(program)
    }
}

fn size(program: &Program) -> f64 {
    u32::try_from(program.size()).map_or(f64::from(u32::MAX), f64::from)
}

/// A program as a tree, for matching shapes.
#[derive(Clone, Debug, PartialEq, Eq)]
enum Tree {
    Lit(i64),
    Var(u8),
    Op(Op, Vec<Tree>),
}

impl Tree {
    fn of(program: &Program) -> Tree {
        let mut stack: Vec<Tree> = Vec::new();
        for &node in program.nodes() {
            let tree = match node {
                Node::Lit(value) => Tree::Lit(value),
                Node::Var(var) => Tree::Var(var),
                Node::Op(op) => {
                    let children = stack.split_off(stack.len() - op.arity());
                    Tree::Op(op, children)
                }
            };
            stack.push(tree);
        }
        stack.pop().expect("a program has a root")
    }

    fn visit(&self, f: &mut impl FnMut(&Tree)) {
        f(self);
        if let Tree::Op(_, children) = self {
            for child in children {
                child.visit(f);
            }
        }
    }

    /// Whether a variable occurs in it.
    fn reads_inputs(&self) -> bool {
        match self {
            Tree::Lit(_) => false,
            Tree::Var(_) => true,
            Tree::Op(_, children) => children.iter().any(Tree::reads_inputs),
        }
    }

    fn op(&self, op: Op) -> Option<&[Tree]> {
        match self {
            Tree::Op(o, children) if *o == op => Some(children),
            _ => None,
        }
    }

    fn is_lit(&self, value: i64) -> bool {
        *self == Tree::Lit(value)
    }

    /// `0 − e` or `neg e`: the `e`.
    fn negated(&self) -> Option<&Tree> {
        match self {
            Tree::Op(Op::Neg, c) => Some(&c[0]),
            Tree::Op(Op::Sub, c) if c[0].is_lit(0) => Some(&c[1]),
            _ => None,
        }
    }

    /// `e − k` or `e + (−k)`, for a literal `k`.
    fn minus(&self, k: i64) -> bool {
        match self {
            Tree::Op(Op::Sub, c) => c[1].is_lit(k),
            Tree::Op(Op::Add, c) => c[0].is_lit(-k) || c[1].is_lit(-k),
            _ => false,
        }
    }

    /// `d − 1` for this divisor `d` (`d + −1` too, or `d − 1` folded when
    /// `d` is a literal).
    fn is_divisor_less_one(&self, divisor: &Tree) -> bool {
        if let Tree::Lit(d) = divisor {
            return d.checked_sub(1).is_some_and(|k| self.is_lit(k));
        }
        match self {
            Tree::Op(Op::Sub, c) => c[0] == *divisor && c[1].is_lit(1),
            Tree::Op(Op::Add, c) => {
                (c[0] == *divisor && c[1].is_lit(-1)) || (c[1] == *divisor && c[0].is_lit(-1))
            }
            _ => false,
        }
    }

    /// Whether this node is a ceiling division: `(e + (d − 1)) div d`,
    /// `−((−e) div d)`, or `1 + (e − 1) div d`.
    fn is_ceiling(&self) -> bool {
        let rounds_up = |tree: &Tree| {
            tree.op(Op::Div).is_some_and(|c| {
                let (dividend, divisor) = (&c[0], &c[1]);
                let nontrivial = !matches!(divisor, Tree::Lit(-1..=1));
                nontrivial
                    && dividend.op(Op::Add).is_some_and(|sum| {
                        sum[0].is_divisor_less_one(divisor) || sum[1].is_divisor_less_one(divisor)
                    })
            })
        };
        let negated_floor = |tree: &Tree| {
            tree.negated()
                .and_then(|inner| inner.op(Op::Div))
                .is_some_and(|c| c[0].negated().is_some())
        };
        let one_plus_floor_of_less_one = |tree: &Tree| {
            tree.op(Op::Add).is_some_and(|c| {
                let other = if c[0].is_lit(1) {
                    &c[1]
                } else if c[1].is_lit(1) {
                    &c[0]
                } else {
                    return false;
                };
                other.op(Op::Div).is_some_and(|d| d[0].minus(1))
            })
        };
        rounds_up(self) || negated_floor(self) || one_plus_floor_of_less_one(self)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dsl::{Grammar, Vars};

    fn parse(text: &str) -> Program {
        Grammar::new(Vars::new(["x", "n", "c", "q"]).unwrap())
            .parse(text)
            .unwrap()
    }

    #[test]
    fn ceiling_divisions_in_every_spelling_are_priced_down() {
        for text in [
            "(div (+ x 3) 4)",
            "(div (+ 3 x) 4)",
            "(div (+ n (- c 1)) c)",
            "(div (+ (+ c -1) n) c)",
            "(- 0 (div (- 0 n) c))",
            "(neg (div (neg n) c))",
            "(+ 1 (div (- n 1) c))",
            "(+ (div (+ n -1) c) 1)",
        ] {
            let program = parse(text);
            assert_eq!(
                Prior::cost(&program),
                size(&program) - Prior::CEILING,
                "{text}"
            );
        }
    }

    #[test]
    fn other_divisions_cost_their_size() {
        for text in [
            "(div (+ x 2) 4)",
            "(div (+ x 1) 1)",
            "(div (+ n c) c)",
            "(div (+ n (- c 2)) c)",
            "(+ 1 (div n c))",
            "(+ 2 (div (- n 1) c))",
            "(- 0 (div n c))",
            "(div x 4)",
            "(mod (+ x 3) 4)",
        ] {
            let program = parse(text);
            assert_eq!(Prior::cost(&program), size(&program), "{text}");
        }
    }

    #[test]
    fn a_constant_divided_by_an_expression_of_the_inputs_is_a_trick() {
        let trick = parse("(* q (+ 4 (div 10 q)))");
        assert_eq!(Prior::cost(&trick), size(&trick) + Prior::TRICK);
        let two = parse("(+ x (mod 5 (div 100 x)))");
        assert_eq!(Prior::cost(&two), size(&two) + 2.0 * Prior::TRICK);
        // a threshold a person meant, one node larger, now costs less
        let meant = parse("(* q (ite (< q 10) 5 4))");
        assert!(Prior::cost(&meant) < Prior::cost(&trick));
        // a constant spelled as an expression is one too
        let folded = parse("(+ 1 (mod (- -10 1) (* q 5)))");
        assert_eq!(Prior::cost(&folded), size(&folded) + Prior::TRICK);
        // by a constant, or of the inputs: no trick
        for text in [
            "(div q 10)",
            "(mod (+ q 1) q)",
            "(div 10 3)",
            "(div q (+ 3 3))",
        ] {
            let program = parse(text);
            assert_eq!(Prior::cost(&program), size(&program), "{text}");
        }
    }

    #[test]
    fn the_ranking_prefers_the_lower_cost_then_the_smaller() {
        let grammar = Grammar::new(Vars::new(["n", "c"]).unwrap());
        let spec = Spec::new(
            grammar.clone(),
            vec![crate::dsl::Example::new([7, 3], 3)],
            vec![],
        )
        .unwrap();
        let programs: Vec<Program> = [
            "(+ 1 (div n c))",
            "(div (+ n (- c 1)) c)",
            "(div (+ n c) c)",
        ]
        .iter()
        .map(|t| grammar.parse(t).unwrap())
        .collect();
        let beyond = super::super::beyond_rows(&spec, 4);
        let ranked = super::super::rank(&spec, programs.clone(), &Prior, &beyond);
        assert_eq!(ranked[0].program, programs[1]);
        // equal costs and sizes: `+` before `div` at the root, as the
        // enumeration generates them
        assert_eq!(ranked[1].program, programs[0]);
        assert_eq!(ranked[2].program, programs[2]);
    }
}
