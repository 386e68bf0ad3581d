//! A short course in arithsynth, one chapter a section; every example is a
//! test.
//!
//! # 1. Programs and their values
//!
//! A [`Program`](crate::Program) is parsed against named variables, checked
//! against a [`Grammar`](crate::Grammar), and evaluated by the reference
//! interpreter (one row, the oracle) or the compiled one (a batch, fast).
//! Every program is total: `div` and `mod` by zero have values.
//!
//! ```
//! use arithsynth::eval::{reference, Compiled};
//! use arithsynth::{Grammar, Inputs, Vars};
//!
//! let grammar = Grammar::new(Vars::new(["x", "y"])?);
//! let program = grammar.parse("(mod (+ x y) 3)")?;
//! grammar.admits(&program)?;
//! assert_eq!(reference::eval(&program, &[5, -9]), 2); // -4 mod 3 = 2 (Euclidean)
//!
//! let inputs = Inputs::from_rows(2, [[5, -9], [1, 1], [7, 0]])?;
//! let compiled = Compiled::new(&program);
//! assert_eq!(compiled.eval_to_vec(&mut compiled.create_cache(), &inputs), [2, 2, 1]);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! # 2. Every program, once
//!
//! The [`enumerate`](crate::enumerate) module lists the programs of a
//! grammar by size, keeping one per distinct output column on a probe
//! (observational equivalence). A caller stops whenever it likes.
//!
//! ```
//! use arithsynth::enumerate::Enumerator;
//! use arithsynth::{Grammar, Vars};
//!
//! let mut enumeration = Enumerator::new(Grammar::new(Vars::new(["x"])?)).max_size(3).start()?;
//! let programs: Vec<String> = enumeration
//!     .by_ref()
//!     .collect::<Vec<_>>()
//!     .into_iter()
//!     .map(|id| enumeration.program(id).sexpr(enumeration.vars()).to_string())
//!     .collect();
//! assert_eq!(programs.len(), 5 + 28); // 5 leaves, 28 distinct programs of size 3
//! assert!(programs.contains(&"(* x x)".to_string()));
//! assert!(!programs.contains(&"(+ x 0)".to_string())); // the same as `x`
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! # 3. Proofs
//!
//! Equal outputs on a probe are evidence, not proof. The
//! [`egraph`](crate::egraph) module proves equalities with rewrite rules
//! that are each tested sound, or refutes them with a counterexample.
//!
//! ```
//! use arithsynth::egraph::{prove_equal, Equivalence, Limits};
//! use arithsynth::{Program, Vars};
//!
//! let vars = Vars::new(["x"])?;
//! let doubled = Program::parse("(+ x x)", &vars)?;
//! let times_two = Program::parse("(* 2 x)", &vars)?;
//! assert_eq!(prove_equal(&doubled, &times_two, &Limits::default()), Equivalence::Proven);
//! // halving a doubling is not the identity under wrapping arithmetic
//! let halved = Program::parse("(div (* x 2) 2)", &vars)?;
//! assert!(matches!(prove_equal(&halved, &Program::parse("x", &vars)?, &Limits::default()), Equivalence::Refuted(_)));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! # 4. Search
//!
//! A [`Spec`](crate::search::Spec) holds examples; a
//! [`Strategy`](crate::search::Strategy) finds a program within a
//! [`Budget`](crate::search::Budget). Solutions are checked by the
//! reference interpreter and judged on held-out examples.
//!
//! ```
//! use arithsynth::Example;
//! use arithsynth::search::{Budget, Enumerative, Spec, Strategy};
//! use arithsynth::{Grammar, Vars};
//!
//! let example = |x: i64, y: i64| Example { inputs: vec![x, y], output: x * y - y };
//! let spec = Spec::new(
//!     Grammar::new(Vars::new(["x", "y"])?),
//!     vec![example(2, 3), example(-1, 4), example(5, 5), example(0, 7)],
//!     vec![example(10, -2), example(-3, -3)],
//! )?;
//! let outcome = Enumerative::default().solve(&spec, &Budget::candidates(1_000_000))?;
//! let solution = outcome.solution().expect("x * y - y has five nodes");
//! assert_eq!(solution.test_ok, Some(true));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! # 5. Hybrid search, with proposals of one's own
//!
//! [`Hybrid`](crate::search::Hybrid) joins a
//! [`Proposer`](crate::search::Proposer) (the embedded model's samples, with
//! `Hybrid::neural(&model)`; here a fixed sketch) with the enumeration: a
//! proposal that is almost right has a *hole*, a subterm whose needed values
//! are inverted from the outputs, and the enumeration fills it. Below, the
//! sketch has the wrong constant deep inside a 15-node program, far beyond
//! what the enumeration reaches alone with the same budget.
//!
//! ```
//! use arithsynth::Example;
//! use arithsynth::search::{Budget, Enumerative, Hybrid, Proposals, Spec, Strategy};
//! use arithsynth::{Grammar, Vars};
//!
//! let grammar = Grammar::new(Vars::new(["x", "y"])?);
//! let truth = grammar.parse("(+ (* (* x x) (* y y)) (- (* 3 x) (* 2 y)))")?;
//! let example = |x: i64, y: i64| Example {
//!     inputs: vec![x, y],
//!     output: arithsynth::eval::reference::eval(&truth, &[x, y]),
//! };
//! let train = (0..8).map(|i| example(i * 3 - 7, (i * 5) % 7 - 2)).collect();
//! let test = (0..16).map(|i| example(i * 11 - 50, i * 7 - 40)).collect();
//! let spec = Spec::new(grammar.clone(), train, test)?;
//! let sketch = Proposals {
//!     programs: vec![grammar.parse("(+ (* (* x x) (* y y)) (- (* 3 x) (* 3 y)))")?],
//!     ..Proposals::default()
//! };
//! let budget = Budget::candidates(500_000);
//! let outcome = Hybrid::new(sketch).solve(&spec, &budget)?;
//! let solution = outcome.solution().expect("the hole (* 2 y) is three nodes");
//! assert_eq!(solution.test_ok, Some(true));
//! assert!(Enumerative::default().solve(&spec, &budget)?.solution().is_none());
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
