//! SyGuS-IF, the integer programming-by-example fragment: read a problem
//! (v1 or v2) into a [`Task`], read a solver's answer into a [`Program`],
//! print a program as the answer a solver of the problem's dialect prints,
//! and write a task as a v2 problem.
//!
//! # The fragment
//!
//! One `synth-fun` over `Int` parameters (at most [`MAX_VARS`]) returning
//! `Int`, with or without a grammar, in either form:
//!
//! - v1: `(synth-fun f ((x Int)) Int ((Start Int (x 0 1 (+ Start Start)
//!   (ite B Start Start))) (B Bool ((and B B) (<= Start Start)))))`;
//! - v2: the nonterminals declared first, `((Start Int) (B Bool))
//!   ((Start Int (…)) (B Bool (…)))`.
//!
//! The grammar becomes the task's grammar ([`TaskGrammar`]): every
//! operator a production names (n-ary `+` and `*`, `-`, `div`, `mod`,
//! `abs`, and the operators inside the problem's `define-fun`s it uses),
//! `ite` for each comparison (`<` and `>` give `<`, `<=` and `>=` give
//! `<=`, `=` and `distinct` give `=`), and every literal (`5`, `-5`,
//! `(- 5)`); `(Constant Int)` stands for the literals `0..=3`
//! ([`Problem::any_constant`] says that more are allowed). Boolean
//! nonterminals may use `and`, `or`, `not`, `=>`, `xor`: the language has
//! no Boolean operators, so they widen nothing, and an answer using them is
//! compiled into nested `ite`s ([`parse_solution`]).
//!
//! Besides: `set-logic`, `set-option(s)`, `set-info`, `set-feature`,
//! `declare-var` of `Int`, `define-fun` over `Int` and `Bool` (expanded
//! where used), `constraint`s that are ground examples (`(= (f 1 (- 2))
//! 3)`, either side, constants as any ground term, or an `and` of such) and
//! `check-synth`. Anything else is a [`SygusError`] naming the construct,
//! its line and column, of kind
//! [`OutsideFragment`](SygusErrorKind::OutsideFragment) (other sorts such
//! as `BitVec` or `String`, a constraint over `declare-var` variables,
//! `synth-inv`, `inv-constraint`, several `synth-fun`s, unknown operators)
//! or [`Malformed`](SygusErrorKind::Malformed).
//!
//! # Semantics
//!
//! `div` and `mod` follow SMT-LIB (unspecified for a zero divisor); the
//! helpers `div0` and `mod0` that [`write_problem`] defines follow this
//! crate's rule (`x div 0 = 0`, `x mod 0 = x`); all map to [`Op::Div`] and
//! [`Op::Mod`], so a solver given the helpers and this crate agree on every
//! input. `min2` and `max2` are read as [`Op::Min`] and [`Op::Max`].
//!
//! # Dialect
//!
//! The problem remembers its [`Dialect`] (v1 when the grammar has the v1
//! form, or without a grammar when the file writes a negative numeral as
//! one atom or uses `set-options`; v2 otherwise), and [`solution_text`]
//! answers in it: `(define-fun …)` alone for v1, in parentheses for v2.
//!
//! # Node budget
//!
//! Terms (constraints and answers, with `let`s, `define-fun`s and Boolean
//! conditions expanded) are read under a budget of [`NODE_BUDGET`] units
//! (nodes written plus terms visited), counted before each copy with
//! saturating arithmetic, and nest at most [`MAX_TERM_DEPTH`] deep: a few
//! kilobytes of nested `let`s that would expand to 2^30 nodes are a
//! [`TooLarge`](SygusErrorKind::TooLarge) error at once.
//!
//! # Example
//!
//! ```
//! use arithsynth::sygus::{parse_problem, parse_solution, solution_text, Dialect};
//! let problem = parse_problem("
//!     (set-logic LIA)
//!     (synth-fun f ((x Int)) Int
//!        ((Start Int (x 1 (+ Start Start) (ite B Start Start)))
//!         (B Bool ((and B B) (>= Start Start)))))
//!     (declare-var x Int)
//!     (constraint (= (f 1) 3))
//!     (constraint (= (f -2) -2))
//!     (check-synth)")?;
//! assert_eq!(problem.dialect, Dialect::V1);
//! assert_eq!(problem.task.train.len(), 2);
//! let program = arithsynth::Program::parse("(+ x (+ x 1))", &problem.task.vars)?;
//! assert_eq!(
//!     solution_text(&problem, &program),
//!     "(define-fun f ((x Int)) Int (+ x (+ x 1)))"
//! );
//! // a solver's answer with a Boolean condition, compiled into ites
//! let answer = "(define-fun f ((x Int)) Int (ite (and (>= x 0) (> 5 x)) (+ x x 1) x))";
//! let read = parse_solution(answer, &problem)?;
//! assert_eq!(
//!     read.sexpr(&problem.task.vars).to_string(),
//!     "(ite (<= 0 x) (ite (< x 5) (+ (+ x x) 1) x) x)"
//! );
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! [`MAX_VARS`]: crate::MAX_VARS
//! [`TaskGrammar`]: crate::dataset::TaskGrammar
//! [`Program`]: crate::Program
//! [`Op::Div`]: crate::Op::Div
//! [`Op::Mod`]: crate::Op::Mod
//! [`Op::Min`]: crate::Op::Min
//! [`Op::Max`]: crate::Op::Max

mod error;
mod grammar;
mod problem;
mod sexp;
mod smt;
mod solution;
mod term;
mod write;

use crate::dataset::Task;

pub use error::{SygusError, SygusErrorKind};
pub use problem::parse_problem;
pub use smt::holds;
pub use solution::{parse_solution, smt_term, solution_text};
pub use term::{MAX_TERM_DEPTH, NODE_BUDGET};
pub use write::write_problem;

/// The SyGuS-IF version a problem is written in; answers are printed in it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Default)]
#[non_exhaustive]
pub enum Dialect {
    /// SyGuS-IF v1: a solver prints the bare `(define-fun …)`.
    V1,
    /// SyGuS-IF v2: a solver prints `(` `(define-fun …)` `)`.
    #[default]
    V2,
}

/// A SyGuS problem read into a task.
///
/// ```
/// use arithsynth::sygus::{parse_problem, Dialect};
/// let problem = parse_problem(
///     "(synth-fun f ((x Int) (y Int)) Int) (constraint (= (f 1 2) 3)) (check-synth)",
/// )?;
/// assert_eq!(problem.function, "f");
/// assert_eq!(problem.dialect, Dialect::V2);
/// assert_eq!(problem.task.train[0].inputs, [1, 2]);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Debug, PartialEq)]
pub struct Problem {
    /// The function's name.
    pub function: String,
    /// The task: parameters as variables, constraints as training examples,
    /// the grammar (when the problem gives one).
    pub task: Task,
    /// Whether the grammar named the helpers (`div0`…): the solution is
    /// printed with them.
    pub helpers: bool,
    /// Whether any integer constant is allowed: the grammar has `(Constant
    /// Int)`, or the problem gives no grammar. A solver may then add the
    /// literals the examples point to
    /// ([`Spec::with_task_literals`](crate::search::Spec::with_task_literals)).
    pub any_constant: bool,
    /// The SyGuS-IF version of the file, the one answers are printed in.
    pub dialect: Dialect,
    /// The problem's `define-fun`s, expanded where an answer uses them.
    definitions: Vec<term::Definition>,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dataset::Example;
    use crate::dsl::{Cmp, Grammar, Op, Program, Vars};

    fn example(inputs: &[i64], output: i64) -> Example {
        Example {
            inputs: inputs.to_vec(),
            output,
        }
    }

    #[test]
    fn any_constant_where_the_grammar_allows_every_constant() {
        let problem = |grammar: &str| {
            let text = format!(
                "(set-logic LIA)\n(synth-fun f ((t Int)) Int{grammar})\n\
                 (constraint (= (f 75) 15))\n(constraint (= (f 130) 10))\n(check-synth)\n"
            );
            parse_problem(&text).unwrap()
        };
        let with = problem(" ((S Int)) ((S Int (t (Constant Int) (mod S S))))");
        assert!(with.any_constant);
        let without = problem(" ((S Int)) ((S Int (t 0 1 (mod S S))))");
        assert!(!without.any_constant);
        assert!(problem("").any_constant);
    }

    #[test]
    fn a_written_problem_names_its_function_and_nonterminals_unlike_any_variable() {
        // variables named as the function and the nonterminals would be
        let vars = Vars::new(["f", "Start", "B", "f_"]).unwrap();
        let task = Task {
            name: "clash".into(),
            vars: vars.clone(),
            train: vec![example(&[1, 2, 3, 4], 10), example(&[0, 0, 0, 1], 1)],
            test: Vec::new(),
            program: None,
            family: None,
            grammar: None,
        };
        let grammar = Grammar::builder()
            .vars(["f", "Start", "B", "f_"])
            .ops([Op::Add, Op::Neg, Op::Ite(crate::dsl::Cmp::Lt)])
            .build()
            .unwrap();
        let text = write_problem(&task, &grammar);
        assert!(
            text.contains("(synth-fun f__ ((f Int) (Start Int) (B Int) (f_ Int)) Int"),
            "{text}"
        );
        assert!(
            text.contains("(ite B_ Start_ Start_)") && text.contains("(- Start_)"),
            "{text}"
        );
        let problem = parse_problem(&text).unwrap();
        assert_eq!(problem.function, "f__");
        assert_eq!(problem.task.vars, vars);
        assert_eq!(problem.task.train, task.train);
        assert_eq!(problem.task.grammar.unwrap().ops, grammar.ops());
    }

    #[test]
    fn a_written_problem_reads_back() {
        let vars = Vars::new(["x", "y"]).unwrap();
        let task = Task {
            name: "t".into(),
            vars: vars.clone(),
            train: vec![example(&[1, -2], -1), example(&[-7, 3], i64::MIN)],
            test: Vec::new(),
            program: None,
            family: None,
            grammar: None,
        };
        let grammar = Grammar::builder()
            .vars(["x", "y"])
            .literals([-1, 0, 5])
            .ops(Op::ALL)
            .build()
            .unwrap();
        let text = write_problem(&task, &grammar);
        let problem = parse_problem(&text).unwrap();
        assert_eq!(problem.task.train, task.train);
        assert_eq!(problem.task.vars, vars);
        assert_eq!(problem.dialect, Dialect::V2);
        assert!(problem.helpers);
        let read = problem.task.grammar.clone().unwrap();
        assert_eq!(read.ops, grammar.ops());
        assert_eq!(read.literals, vec![-1, 0, 5]);
        let program = Program::parse("(ite (< x 0) (mod x y) (neg (min x y)))", &vars).unwrap();
        let text = solution_text(&problem, &program);
        assert_eq!(
            text,
            "(\n(define-fun f ((x Int) (y Int)) Int (ite (< x 0) (mod0 x y) (- (min2 x y))))\n)"
        );
        assert_eq!(parse_solution(&text, &problem).unwrap(), program);
        let cvc5 = "(\n(define-fun f ((x Int) (y Int)) Int (ite (>= x y) (- 3) (div0 x y)))\n)";
        let read = parse_solution(cvc5, &problem).unwrap();
        assert_eq!(read.sexpr(&vars).to_string(), "(ite (<= y x) -3 (div x y))");
        let with_let = "(define-fun f ((x Int) (y Int)) Int (let ((_let_1 (- 1))) (ite (< x _let_1) _let_1 y)))";
        let read = parse_solution(with_let, &problem).unwrap();
        assert_eq!(read.sexpr(&vars).to_string(), "(ite (< x -1) -1 y)");
    }

    #[test]
    fn v1_problems_read_and_answer_in_v1() {
        let text = "(set-logic LIA)
(synth-fun f ((x Int) (y Int)) Int
   ((Start Int (x y 0 -1 (- 7) (+ Start Start Start) (* Start Start)
                (ite StartBool Start Start)))
    (StartBool Bool ((and StartBool StartBool) (or StartBool StartBool)
                     (not StartBool) (> Start Start) (distinct Start Start)))))
(declare-var x Int)
(declare-var y Int)
(constraint (= (f 1 2) 3))
(constraint (and (= 4 (f -1 (- 2))) (= (f (+ 1 1) 0) (* 2 3))))
(check-synth)";
        let problem = parse_problem(text).unwrap();
        assert_eq!(problem.dialect, Dialect::V1);
        assert_eq!(
            problem.task.train,
            [
                example(&[1, 2], 3),
                example(&[-1, -2], 4),
                example(&[2, 0], 6)
            ]
        );
        let grammar = problem.task.grammar.clone().unwrap();
        assert_eq!(grammar.literals, [-7, -1, 0]);
        let ops: Vec<Op> = grammar.ops.iter().collect();
        assert!(ops.contains(&Op::Add) && ops.contains(&Op::Mul));
        assert!(ops.contains(&Op::Ite(Cmp::Lt)) && ops.contains(&Op::Ite(Cmp::Eq)));
        assert!(
            !ops.contains(&Op::Sub),
            "(- 7) is a literal, not subtraction"
        );
        let program = Program::parse("(+ x -1)", &problem.task.vars).unwrap();
        assert_eq!(
            solution_text(&problem, &program),
            "(define-fun f ((x Int) (y Int)) Int (+ x (- 1)))"
        );
        // a v2 grammar of the same problem
        let v2 = "(synth-fun f ((x Int)) Int ((S Int) (B Bool)) ((S Int (x 1 (ite B S S))) (B Bool ((<= S S)))))
(constraint (= (f 1) 1)) (check-synth)";
        assert_eq!(parse_problem(v2).unwrap().dialect, Dialect::V2);
    }

    #[test]
    fn boolean_conditions_compile_into_nested_ites() {
        let problem = parse_problem(
            "(synth-fun f ((a Int) (b Int)) Int) (constraint (= (f 0 0) 0)) (check-synth)",
        )
        .unwrap();
        let vars = &problem.task.vars;
        let cases = [
            (
                "(ite (and (< a b) (= a 0)) 1 2)",
                "(ite (< a b) (ite (= a 0) 1 2) 2)",
            ),
            (
                "(ite (or (< a b) (= a 0)) 1 2)",
                "(ite (< a b) 1 (ite (= a 0) 1 2))",
            ),
            ("(ite (not (< a b)) 1 2)", "(ite (< a b) 2 1)"),
            (
                "(ite (=> (< a b) (= a 0)) 1 2)",
                "(ite (< a b) (ite (= a 0) 1 2) 1)",
            ),
            ("(ite (> a b) 1 2)", "(ite (< b a) 1 2)"),
            ("(ite (>= a b) 1 2)", "(ite (<= b a) 1 2)"),
            ("(ite (distinct a b) 1 2)", "(ite (= a b) 2 1)"),
            (
                "(ite (not (and (< a b) (not (= a 0)))) 1 2)",
                "(ite (< a b) (ite (= a 0) 1 2) 1)",
            ),
            ("(ite (< a b 3) 1 2)", "(ite (< a b) (ite (< b 3) 1 2) 2)"),
            ("(ite true 1 2)", "1"),
            ("(+ a b 1 (* a a a))", "(+ (+ (+ a b) 1) (* (* a a) a))"),
            ("(- a b 1)", "(- (- a b) 1)"),
            ("(- (- 5) -3 (- a))", "(- (- -5 -3) (neg a))"),
            (
                "(let ((c (< a b))) (ite (and c c) a b))",
                "(ite (< a b) (ite (< a b) a b) b)",
            ),
        ];
        for (body, expected) in cases {
            let text = format!("(define-fun f ((a Int) (b Int)) Int {body})");
            let program = parse_solution(&text, &problem).unwrap_or_else(|e| panic!("{body}: {e}"));
            assert_eq!(program.sexpr(vars).to_string(), expected, "{body}");
        }
    }

    #[test]
    fn define_fun_helpers_expand_in_grammars_and_answers() {
        let text = "(set-logic LIA)
(define-fun qm ((a Int) (b Int)) Int (ite (< a 0) b a))
(define-fun pos ((a Int)) Bool (>= a 0))
(synth-fun f ((x Int)) Int ((Start Int (x 0 1 (qm Start Start) (- Start Start)))))
(constraint (= (f 3) 3))
(check-synth)";
        let problem = parse_problem(text).unwrap();
        let ops: Vec<Op> = problem.task.grammar.clone().unwrap().ops.iter().collect();
        assert_eq!(ops, [Op::Sub, Op::Ite(Cmp::Lt)]);
        let answer = "(define-fun f ((y Int)) Int (ite (pos y) (qm y 0) 1))";
        let program = parse_solution(answer, &problem).unwrap();
        assert_eq!(
            program.sexpr(&problem.task.vars).to_string(),
            "(ite (<= 0 x) (ite (< x 0) 0 x) 1)"
        );
    }

    #[test]
    fn constructs_outside_the_fragment_are_named_with_their_line_and_column() {
        use SygusErrorKind::{Malformed, OutsideFragment};
        let cases = [
            ("(synth-fun f ((x Int)) Int)\n(constraint (> (f 1) 2))\n(check-synth)", (2, 13), OutsideFragment, "not a ground example"),
            ("(synth-fun f ((x Bool)) Int)\n(check-synth)", (1, 18), OutsideFragment, "only Int"),
            ("(synth-fun f ((x (BitVec 32))) Int)", (1, 18), OutsideFragment, "BitVec"),
            ("(synth-fun f ((x String)) Int)", (1, 18), OutsideFragment, "String"),
            ("(declare-datatype T ())", (1, 1), OutsideFragment, "declare-datatype"),
            ("(synth-inv inv ((x Int)))", (1, 1), OutsideFragment, "synth-inv"),
            ("(inv-constraint inv pre trans post)", (1, 1), OutsideFragment, "inv-constraint"),
            ("(synth-fun f ((x Int)) Int)\n(synth-fun g ((x Int)) Int)", (2, 1), OutsideFragment, "second synth-fun"),
            ("(synth-fun f ((x Int)) Int)\n(declare-var x Int)\n(constraint (= (f x) (f (+ x 10))))\n(check-synth)", (3, 13), OutsideFragment, "not a ground example"),
            ("(synth-fun f ((x Int)) Int)\n(declare-var y Int)\n(constraint (= (f 1) y))\n(check-synth)", (3, 22), OutsideFragment, "declare-var"),
            ("(synth-fun f ((x Int)) Int)\n\n(constraint (= (f 99999999999999999999) 1))\n(check-synth)", (3, 19), Malformed, "64 bits"),
            ("(synth-fun f ((x Int)) Int ((S Int)) ((S Int (x (str.len S)))))\n(check-synth)", (1, 49), OutsideFragment, "str.len"),
            ("(synth-fun f ((x Int)) Int)\n(constraint (= (f 1 2) 3))\n(check-synth)", (2, 16), Malformed, "arguments"),
            ("(synth-fun f ((x Int)) Int\n(check-synth)", (1, 1), Malformed, "never closed"),
            ("(synth-fun f ((x Int)) Int)", (1, 1), Malformed, "check-synth"),
            ("(frobnicate)", (1, 1), Malformed, "unknown command"),
        ];
        for (text, (line, column), kind, needle) in cases {
            let err = parse_problem(text).unwrap_err();
            assert_eq!((err.line, err.column), (line, column), "{text}: {err}");
            assert_eq!(err.kind, kind, "{text}: {err}");
            assert!(err.to_string().contains(needle), "{text}: {err}");
        }
        let open = parse_problem("(set-info :source \"abc\n(check-synth)").unwrap_err();
        assert_eq!((open.line, open.column), (1, 19));
        assert!(open.message.contains("never closed"));
        let deep = format!("{}{}", "(".repeat(5000), ")".repeat(5000));
        assert!(parse_problem(&deep)
            .unwrap_err()
            .message
            .contains("nesting"));
    }

    #[test]
    fn deep_terms_are_errors_not_overflows() {
        let problem = parse_problem("(synth-fun f ((x Int)) Int) (check-synth)").unwrap();
        // within the term depth: fine
        let depth = MAX_TERM_DEPTH - 2;
        let body = format!("{}x{}", "(+ 1 ".repeat(depth), ")".repeat(depth));
        let text = format!("(define-fun f ((x Int)) Int {body})");
        assert_eq!(
            parse_solution(&text, &problem).unwrap().size(),
            2 * depth + 1
        );
        let body = format!(
            "{}(= x 0){}",
            "(or (< x 0) ".repeat(depth),
            ")".repeat(depth)
        );
        let text = format!("(define-fun f ((x Int)) Int (ite {body} 1 2))");
        assert!(parse_solution(&text, &problem).is_ok());
        // past it: a typed error
        let depth = 600;
        let body = format!("{}x{}", "(+ 1 ".repeat(depth), ")".repeat(depth));
        let text = format!("(define-fun f ((x Int)) Int {body})");
        let err = parse_solution(&text, &problem).unwrap_err();
        assert_eq!(err.kind, SygusErrorKind::TooLarge, "{err}");
    }

    /// Nested `let`s, each using the previous binding twice: 2^levels
    /// nodes from a few bytes a level.
    fn let_bomb(levels: usize) -> String {
        let mut body = String::from("(define-fun f ((x Int)) Int\n  (let ((a0 (+ x 1)))\n");
        for level in 1..=levels {
            body += &format!("  (let ((a{level} (+ a{p} a{p})))\n", p = level - 1);
        }
        body += &format!("  a{levels}");
        body += &")".repeat(levels + 2);
        body
    }

    #[test]
    fn a_let_bomb_is_a_typed_error_not_a_hang() {
        let problem = parse_problem("(synth-fun f ((x Int)) Int) (check-synth)").unwrap();
        let small = parse_solution(&let_bomb(4), &problem).unwrap();
        assert_eq!(small.size(), 16 * 4 - 1);
        let bomb = let_bomb(60);
        assert!(bomb.len() < 4096);
        let err = parse_solution(&bomb, &problem).unwrap_err();
        assert_eq!(err.kind, SygusErrorKind::TooLarge, "{err}");
        assert!(err.message.contains("nodes"), "{err}");
        // the same through define-funs, each calling the previous twice
        let mut text = String::from("(define-fun g0 ((y Int)) Int (+ y 1))\n");
        for level in 1..=60 {
            text += &format!(
                "(define-fun g{level} ((y Int)) Int (g{p} (g{p} y)))\n",
                p = level - 1
            );
        }
        text += "(synth-fun f ((x Int)) Int) (constraint (= (f 1) (g60 0))) (check-synth)";
        let err = parse_problem(&text).unwrap_err();
        assert_eq!(err.kind, SygusErrorKind::TooLarge, "{err}");
    }
}
