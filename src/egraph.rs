//! Proofs of equivalence in an `egg` e-graph.
//!
//! [`Arith`] is the language as an egg language, [`rules`] a rule set of
//! integer arithmetic that is sound under the design's semantics (wrapping
//! `+ - * neg abs`, Euclidean `div`/`mod` with the zero-divisor rules), and
//! [`ConstantFold`] folds constant classes with the reference interpreter.
//! Every rule is checked, both ways where it is bidirectional, against the
//! reference interpreter on random and extreme values (`tests/egraph.rs`).
//! Some tempting rules are false here and are left out on purpose:
//! `(div (* a 2) 2) = a` (wrapping), `(div a (neg b)) = (neg (div a b))`
//! (fails for `b = i64::MIN`), `(abs (* a b)) = (* (abs a) (abs b))`
//! (wrapping).
//!
//! egg checks its node limit only between iterations, and one iteration of
//! commutativity, associativity and distributivity can grow a large graph
//! many times over; every run here uses egg's backoff scheduler together
//! with node, iteration and time limits ([`Limits`]).
//!
//! ```
//! use arithsynth::egraph::{canonicalize, prove_equal, Equivalence, Limits};
//! use arithsynth::{Program, Vars};
//! let vars = Vars::new(["x", "y"])?;
//! let a = Program::parse("(- (* x (+ y 1)) (* x y))", &vars)?;
//! assert_eq!(canonicalize(&a, &Limits::default()).sexpr(&vars).to_string(), "x");
//! let b = Program::parse("(+ (* y x) x)", &vars)?;
//! let c = Program::parse("(* x (+ y 1))", &vars)?;
//! assert_eq!(prove_equal(&b, &c, &Limits::default()), Equivalence::Proven);
//! let d = Program::parse("(div (* x 2) 2)", &vars)?;
//! assert!(matches!(prove_equal(&d, &Program::parse("x", &vars)?, &Limits::default()), Equivalence::Refuted(_)));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use std::time::Duration;

use egg::{AstSize, DidMerge, Extractor, Id, Language, RecExpr, Rewrite, Runner, Symbol};
use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;

use crate::dsl::{random::random_value, Cmp, Grammar, Node, Op, Program, MAX_VARS};
use crate::eval::reference;

mod language {
    #![allow(missing_docs, reason = "define_language! takes no docs on variants")]
    use egg::{define_language, Id, Symbol};

    define_language! {
        /// The language as an egg language. Variables are the symbols `v0` …
        /// `v7` (variable indices, not user names); `ite` takes its comparison
        /// in its name and four children.
        pub enum Arith {
            "+" = Add([Id; 2]),
            "-" = Sub([Id; 2]),
            "*" = Mul([Id; 2]),
            "div" = Div([Id; 2]),
            "mod" = Mod([Id; 2]),
            "neg" = Neg([Id; 1]),
            "abs" = Abs([Id; 1]),
            "min" = Min([Id; 2]),
            "max" = Max([Id; 2]),
            "ite<" = IteLt([Id; 4]),
            "ite<=" = IteLe([Id; 4]),
            "ite=" = IteEq([Id; 4]),
            Num(i64),
            Symbol(Symbol),
        }
    }
}

pub use language::Arith;

impl Arith {
    fn op(&self) -> Option<(Op, &[Id])> {
        Some(match self {
            Arith::Add(c) => (Op::Add, c),
            Arith::Sub(c) => (Op::Sub, c),
            Arith::Mul(c) => (Op::Mul, c),
            Arith::Div(c) => (Op::Div, c),
            Arith::Mod(c) => (Op::Mod, c),
            Arith::Neg(c) => (Op::Neg, c),
            Arith::Abs(c) => (Op::Abs, c),
            Arith::Min(c) => (Op::Min, c),
            Arith::Max(c) => (Op::Max, c),
            Arith::IteLt(c) => (Op::Ite(Cmp::Lt), c),
            Arith::IteLe(c) => (Op::Ite(Cmp::Le), c),
            Arith::IteEq(c) => (Op::Ite(Cmp::Eq), c),
            Arith::Num(_) | Arith::Symbol(_) => return None,
        })
    }

    fn from_op(op: Op, c: &[Id]) -> Arith {
        match op {
            Op::Add => Arith::Add([c[0], c[1]]),
            Op::Sub => Arith::Sub([c[0], c[1]]),
            Op::Mul => Arith::Mul([c[0], c[1]]),
            Op::Div => Arith::Div([c[0], c[1]]),
            Op::Mod => Arith::Mod([c[0], c[1]]),
            Op::Neg => Arith::Neg([c[0]]),
            Op::Abs => Arith::Abs([c[0]]),
            Op::Min => Arith::Min([c[0], c[1]]),
            Op::Max => Arith::Max([c[0], c[1]]),
            Op::Ite(Cmp::Lt) => Arith::IteLt([c[0], c[1], c[2], c[3]]),
            Op::Ite(Cmp::Le) => Arith::IteLe([c[0], c[1], c[2], c[3]]),
            Op::Ite(Cmp::Eq) => Arith::IteEq([c[0], c[1], c[2], c[3]]),
        }
    }
}

/// Constant folding with the reference interpreter: a class whose value is
/// known gets its literal.
#[derive(Clone, Copy, Debug, Default)]
pub struct ConstantFold;

impl egg::Analysis<Arith> for ConstantFold {
    type Data = Option<i64>;

    fn make(egraph: &mut egg::EGraph<Arith, Self>, enode: &Arith, _id: Id) -> Self::Data {
        match enode {
            Arith::Num(value) => Some(*value),
            Arith::Symbol(_) => None,
            node => {
                let (op, children) = node.op().expect("operators have children");
                let args: Option<Vec<i64>> = children.iter().map(|c| egraph[*c].data).collect();
                Some(reference::apply(op, &args?))
            }
        }
    }

    fn merge(&mut self, to: &mut Self::Data, from: Self::Data) -> DidMerge {
        egg::merge_option(to, from, |a, b| {
            debug_assert_eq!(*a, b, "a sound rule set never merges two constants");
            DidMerge(false, false)
        })
    }

    fn modify(egraph: &mut egg::EGraph<Arith, Self>, id: Id) {
        if let Some(value) = egraph[id].data {
            let literal = egraph.add(Arith::Num(value));
            egraph.union(id, literal);
        }
    }
}

/// The rules: `(name, left, right, both ways)`. Pattern variables are
/// `?a ?b ?c ?t ?e`.
pub const RULES: &[(&str, &str, &str, bool)] = &[
    ("comm-add", "(+ ?a ?b)", "(+ ?b ?a)", false),
    ("comm-mul", "(* ?a ?b)", "(* ?b ?a)", false),
    ("comm-min", "(min ?a ?b)", "(min ?b ?a)", false),
    ("comm-max", "(max ?a ?b)", "(max ?b ?a)", false),
    ("assoc-add", "(+ ?a (+ ?b ?c))", "(+ (+ ?a ?b) ?c)", true),
    ("assoc-mul", "(* ?a (* ?b ?c))", "(* (* ?a ?b) ?c)", true),
    (
        "assoc-min",
        "(min ?a (min ?b ?c))",
        "(min (min ?a ?b) ?c)",
        true,
    ),
    (
        "assoc-max",
        "(max ?a (max ?b ?c))",
        "(max (max ?a ?b) ?c)",
        true,
    ),
    (
        "distribute-add",
        "(* ?a (+ ?b ?c))",
        "(+ (* ?a ?b) (* ?a ?c))",
        true,
    ),
    (
        "distribute-sub",
        "(* ?a (- ?b ?c))",
        "(- (* ?a ?b) (* ?a ?c))",
        true,
    ),
    ("sub-add-neg", "(- ?a ?b)", "(+ ?a (neg ?b))", true),
    ("neg-neg", "(neg (neg ?a))", "?a", false),
    ("neg-mul", "(neg (* ?a ?b))", "(* (neg ?a) ?b)", true),
    ("neg-add", "(neg (+ ?a ?b))", "(+ (neg ?a) (neg ?b))", true),
    ("mul-minus-one", "(* ?a -1)", "(neg ?a)", true),
    ("zero-sub", "(- 0 ?a)", "(neg ?a)", true),
    ("add-self", "(+ ?a ?a)", "(* ?a 2)", true),
    ("factor-add", "(+ ?a (* ?a ?b))", "(* ?a (+ ?b 1))", false),
    ("factor-sub", "(- (* ?a ?b) ?a)", "(* ?a (- ?b 1))", false),
    ("sub-self", "(- ?a ?a)", "0", false),
    ("add-zero", "(+ ?a 0)", "?a", false),
    ("sub-zero", "(- ?a 0)", "?a", false),
    ("mul-one", "(* ?a 1)", "?a", false),
    ("mul-zero", "(* ?a 0)", "0", false),
    ("add-sub", "(- (+ ?a ?b) ?b)", "?a", false),
    ("div-one", "(div ?a 1)", "?a", false),
    ("div-zero", "(div ?a 0)", "0", false),
    ("zero-div", "(div 0 ?a)", "0", false),
    ("div-minus-one", "(div ?a -1)", "(neg ?a)", false),
    ("mod-one", "(mod ?a 1)", "0", false),
    ("mod-zero", "(mod ?a 0)", "?a", false),
    ("zero-mod", "(mod 0 ?a)", "0", false),
    ("mod-mod", "(mod (mod ?a ?b) ?b)", "(mod ?a ?b)", false),
    ("mod-neg", "(mod ?a (neg ?b))", "(mod ?a ?b)", false),
    ("min-self", "(min ?a ?a)", "?a", false),
    ("max-self", "(max ?a ?a)", "?a", false),
    ("abs-neg", "(abs (neg ?a))", "(abs ?a)", false),
    ("abs-abs", "(abs (abs ?a))", "(abs ?a)", false),
    ("min-ite", "(min ?a ?b)", "(ite<= ?a ?b ?a ?b)", true),
    ("max-ite", "(max ?a ?b)", "(ite<= ?a ?b ?b ?a)", true),
    ("ite-lt-self", "(ite< ?a ?a ?t ?e)", "?e", false),
    ("ite-le-self", "(ite<= ?a ?a ?t ?e)", "?t", false),
    ("ite-eq-self", "(ite= ?a ?a ?t ?e)", "?t", false),
    ("ite-lt-same", "(ite< ?a ?b ?t ?t)", "?t", false),
    ("ite-le-same", "(ite<= ?a ?b ?t ?t)", "?t", false),
    ("ite-eq-same", "(ite= ?a ?b ?t ?t)", "?t", false),
    (
        "ite-eq-comm",
        "(ite= ?a ?b ?t ?e)",
        "(ite= ?b ?a ?t ?e)",
        false,
    ),
    (
        "ite-lt-le",
        "(ite< ?a ?b ?t ?e)",
        "(ite<= ?b ?a ?e ?t)",
        true,
    ),
];

/// The rule set as egg rewrites (both directions of the bidirectional ones).
///
/// # Panics
///
/// Never: the patterns in [`RULES`] are checked by the tests.
#[must_use]
pub fn rules() -> Vec<Rewrite<Arith, ConstantFold>> {
    let mut rewrites = Vec::new();
    for &(name, left, right, both) in RULES {
        let l: egg::Pattern<Arith> = left.parse().expect("rule patterns parse");
        let r: egg::Pattern<Arith> = right.parse().expect("rule patterns parse");
        if both {
            let reverse = format!("{name}-reverse");
            rewrites.push(
                Rewrite::new(reverse, r.clone(), l.clone()).expect("no new variables on the right"),
            );
        }
        rewrites.push(Rewrite::new(name, l, r).expect("no new variables on the right"));
    }
    rewrites
}

/// Limits of one e-graph run. egg's node limit is checked between
/// iterations only, so the three work together.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[must_use]
pub struct Limits {
    /// E-nodes. Default: 10,000.
    pub nodes: usize,
    /// Iterations. Default: 8.
    pub iters: usize,
    /// Wall-clock time. Default: 500 ms.
    pub time: Duration,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            nodes: 10_000,
            iters: 8,
            time: Duration::from_millis(500),
        }
    }
}

impl Limits {
    /// Sets the node limit.
    pub fn with_nodes(mut self, nodes: usize) -> Limits {
        self.nodes = nodes;
        self
    }

    /// Sets the iteration limit.
    pub fn with_iters(mut self, iters: usize) -> Limits {
        self.iters = iters;
        self
    }

    /// Sets the time limit.
    pub fn with_time(mut self, time: Duration) -> Limits {
        self.time = time;
        self
    }

    fn runner(&self) -> Runner<Arith, ConstantFold> {
        Runner::default()
            .with_node_limit(self.nodes)
            .with_iter_limit(self.iters)
            .with_time_limit(self.time)
            .with_scheduler(egg::BackoffScheduler::default())
    }
}

/// A program as an egg expression (variables become `v0` … `v7`).
#[must_use]
pub fn to_recexpr(program: &Program) -> RecExpr<Arith> {
    let mut expr = RecExpr::default();
    let mut stack: Vec<Id> = Vec::new();
    for node in program.nodes() {
        let enode = match *node {
            Node::Var(index) => Arith::Symbol(Symbol::from(format!("v{index}"))),
            Node::Lit(value) => Arith::Num(value),
            Node::Op(op) => {
                let first = stack.len() - op.arity();
                let enode = Arith::from_op(op, &stack[first..]);
                stack.truncate(first);
                enode
            }
        };
        stack.push(expr.add(enode));
    }
    expr
}

/// Why an egg expression is not a program.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("symbol `{0}` is not a variable `v0` … `v7`")]
pub struct UnknownSymbol(pub String);

/// An egg expression (its last node the root) as a program.
///
/// # Errors
///
/// [`UnknownSymbol`] for a symbol other than `v0` … `v7`.
pub fn from_recexpr(expr: &RecExpr<Arith>) -> Result<Program, UnknownSymbol> {
    let nodes = expr.as_ref();
    let mut out = Vec::new();
    // iterative post-order from the root (shared subterms are repeated)
    let mut stack = vec![(Id::from(nodes.len() - 1), false)];
    while let Some((id, expanded)) = stack.pop() {
        let enode = &nodes[usize::from(id)];
        match enode {
            Arith::Num(value) => out.push(Node::Lit(*value)),
            Arith::Symbol(symbol) => {
                let index = symbol
                    .as_str()
                    .strip_prefix('v')
                    .and_then(|i| i.parse::<u8>().ok())
                    .filter(|&i| usize::from(i) < MAX_VARS)
                    .ok_or_else(|| UnknownSymbol(symbol.to_string()))?;
                out.push(Node::Var(index));
            }
            node => {
                let (op, children) = node.op().expect("operators have children");
                if expanded {
                    out.push(Node::Op(op));
                } else {
                    stack.push((id, true));
                    stack.extend(children.iter().rev().map(|&c| (c, false)));
                }
            }
        }
    }
    Ok(Program::from_postfix(out).expect("an egg expression is a tree"))
}

/// The smallest program equal to `program` that the rules find within
/// `limits` (never larger than `program`).
#[must_use]
pub fn canonicalize(program: &Program, limits: &Limits) -> Program {
    let runner = limits
        .runner()
        .with_expr(&to_recexpr(program))
        .run(&rules());
    let extractor = Extractor::new(&runner.egraph, AstSize);
    let (_, best) = extractor.find_best(runner.roots[0]);
    let best = from_recexpr(&best).expect("rules introduce no symbols");
    if best.size() <= program.size() {
        best
    } else {
        program.clone()
    }
}

/// The form of `program` a person reads most easily among those the rules
/// prove equal within `limits`, spelled inside `grammar` (its operators and
/// literals only; `program` itself must be): the fewest nodes, a literal
/// cheaper than a variable and a coefficient before what it multiplies,
/// so that like terms are collected (`(+ x (+ x 1))` becomes
/// `(+ (* 2 x) 1)`). Never larger than `program`. The rules are sound
/// (each is property-tested against the reference interpreter), and a
/// caller that must be sure checks the result on rows as well
/// ([`search::simplify`](crate::search::simplify) does).
///
/// ```
/// use arithsynth::egraph::{simplify, Limits};
/// use arithsynth::{Grammar, Vars};
///
/// let grammar = Grammar::new(Vars::new(["x"])?);
/// let found = grammar.parse("(+ x (+ x 1))")?;
/// let simple = simplify(&found, &grammar, &Limits::default());
/// assert_eq!(simple.sexpr(grammar.vars()).to_string(), "(+ (* 2 x) 1)");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[must_use]
pub fn simplify(program: &Program, grammar: &Grammar, limits: &Limits) -> Program {
    if grammar.admits(program).is_err() {
        return program.clone();
    }
    let runner = limits
        .runner()
        .with_expr(&to_recexpr(program))
        .run(&rules());
    let extractor = Extractor::new(&runner.egraph, Readable { grammar });
    let (cost, best) = extractor.find_best(runner.roots[0]);
    match from_recexpr(&best) {
        Ok(best)
            if cost.is_finite()
                && best.size() <= program.size()
                && grammar.admits(&best).is_ok() =>
        {
            best
        }
        _ => program.clone(),
    }
}

/// Node costs of a form a person reads easily, inside a grammar; anything
/// the grammar lacks costs infinitely much.
struct Readable<'g> {
    grammar: &'g Grammar,
}

/// What a literal costs; a variable costs a little more.
const LITERAL_COST: f64 = 1.0;

impl egg::CostFunction<Arith> for Readable<'_> {
    type Cost = f64;

    fn cost<C>(&mut self, enode: &Arith, mut costs: C) -> f64
    where
        C: FnMut(Id) -> f64,
    {
        let own = match enode {
            Arith::Num(value) => {
                if self.grammar.literals().binary_search(value).is_ok() {
                    LITERAL_COST
                } else {
                    f64::INFINITY
                }
            }
            Arith::Symbol(_) => LITERAL_COST + 0.1,
            node => match node.op() {
                Some((op, _)) if self.grammar.ops().contains(op) => 1.0,
                _ => f64::INFINITY,
            },
        };
        let children: f64 = enode.children().iter().map(|&c| costs(c)).sum();
        // a coefficient first, a constant term last: (+ (* 2 x) 1), not
        // (+ 1 (* x 2))
        let order = match enode {
            Arith::Mul([a, _]) if costs(*a) == LITERAL_COST => -0.01,
            Arith::Add([a, _]) if costs(*a) == LITERAL_COST => 0.01,
            _ => 0.0,
        };
        own + children + order
    }
}

/// The answer of [`prove_equal`].
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Equivalence {
    /// The rules rewrite one program into the other: equal on every input.
    Proven,
    /// The programs differ on this input row.
    Refuted(Vec<i64>),
    /// Neither: no difference found on random inputs, no proof within the
    /// limits.
    Unknown,
}

/// Rows of random testing before a proof is tried.
const REFUTE_ROWS: usize = 256;

/// Decides whether two programs are equal on every input: a counterexample
/// from random and extreme inputs first (seeded: the same answer every
/// run), then a proof in the e-graph within `limits`.
#[must_use]
pub fn prove_equal(a: &Program, b: &Program, limits: &Limits) -> Equivalence {
    if let Some(row) = counterexample(a, b, REFUTE_ROWS, 0) {
        return Equivalence::Refuted(row);
    }
    let runner = limits
        .runner()
        .with_expr(&to_recexpr(a))
        .with_expr(&to_recexpr(b))
        .with_hook(|runner| {
            let (ra, rb) = (runner.roots[0], runner.roots[1]);
            if runner.egraph.find(ra) == runner.egraph.find(rb) {
                Err("proven".into())
            } else {
                Ok(())
            }
        })
        .run(&rules());
    if runner.egraph.find(runner.roots[0]) == runner.egraph.find(runner.roots[1]) {
        Equivalence::Proven
    } else {
        Equivalence::Unknown
    }
}

/// A row on which `a` and `b` differ, among `rows` random rows (extremes
/// over-represented) from a generator seeded with `seed`.
#[must_use]
pub fn counterexample(a: &Program, b: &Program, rows: usize, seed: u64) -> Option<Vec<i64>> {
    let vars = a.min_vars().max(b.min_vars());
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    (0..rows).find_map(|i| {
        let row: Vec<i64> = (0..vars)
            .map(|_| {
                if i < 4 {
                    [0, 1, -1, i64::MIN][i]
                } else {
                    random_value(&mut rng)
                }
            })
            .collect();
        (reference::eval(a, &row) != reference::eval(b, &row)).then_some(row)
    })
}

/// Groups programs into classes the rules prove equal: one e-graph holds
/// them all; the answer gives each program the index of its class (classes
/// numbered in order of first appearance).
#[must_use]
pub fn group_proven(programs: &[Program], limits: &Limits) -> Vec<usize> {
    let mut runner = limits.runner();
    for program in programs {
        runner = runner.with_expr(&to_recexpr(program));
    }
    let runner = runner.run(&rules());
    let mut classes: Vec<Id> = Vec::new();
    runner
        .roots
        .iter()
        .map(|&root| {
            let class = runner.egraph.find(root);
            classes.iter().position(|&c| c == class).unwrap_or_else(|| {
                classes.push(class);
                classes.len() - 1
            })
        })
        .collect()
}

/// Programs inserted into an e-graph's hash-cons (no rewriting): the cost of
/// the e-graph's own deduplication, for comparison with observational
/// equivalence. Returns the number of distinct classes.
#[must_use]
pub fn insert_all(programs: &[RecExpr<Arith>]) -> usize {
    let mut egraph: egg::EGraph<Arith, ()> = egg::EGraph::default();
    for expr in programs {
        egraph.add_expr(expr);
    }
    egraph.number_of_classes()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dsl::Vars;

    fn parse(text: &str) -> Program {
        Program::parse(text, &Vars::new(["x", "y"]).unwrap()).unwrap()
    }

    #[test]
    fn recexpr_round_trip() {
        for text in [
            "(ite (<= x 3) (neg y) (mod x -2))",
            "(+ (* x x) (abs (min x y)))",
            "7",
        ] {
            let program = parse(text);
            assert_eq!(from_recexpr(&to_recexpr(&program)).unwrap(), program);
        }
        let foreign: RecExpr<Arith> = "(+ q 1)".parse().unwrap();
        assert_eq!(from_recexpr(&foreign), Err(UnknownSymbol("q".into())));
    }

    #[test]
    fn constant_subtrees_fold() {
        let canonical = canonicalize(&parse("(+ x (* (- 5 3) (div 7 2)))"), &Limits::default());
        assert_eq!(canonical, parse("(+ x 6)"));
    }

    #[test]
    fn grouping() {
        let programs: Vec<Program> = ["(+ x y)", "(+ y x)", "(* x 2)", "(+ x x)", "(- x y)"]
            .into_iter()
            .map(parse)
            .collect();
        assert_eq!(group_proven(&programs, &Limits::default()), [0, 0, 1, 1, 2]);
    }

    #[test]
    fn unknown_when_no_proof_is_found() {
        // equal everywhere, but not by these rules: (x mod 2) * (x mod 2) = x mod 2
        let a = parse("(* (mod x 2) (mod x 2))");
        let b = parse("(mod x 2)");
        assert_eq!(
            prove_equal(&a, &b, &Limits::default()),
            Equivalence::Unknown
        );
    }
}
