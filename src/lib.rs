//! arithsynth synthesizes integer-arithmetic programs from input/output
//! examples, and is a laboratory for measuring how program synthesizers
//! generalize.
//!
//! # Synthesis in five lines
//!
//! [`Synthesizer`] is the front door: variables (or a [`Grammar`]), limits,
//! a [`Method`] and a seed, then examples as plain rows of inputs and an
//! output.
//!
//! ```
//! use std::time::Duration;
//!
//! let found = arithsynth::Synthesizer::new(["x"])
//!     .time_limit(Duration::from_secs(1))
//!     .solve(&[(&[1][..], 3), (&[2], 5), (&[5], 11)])?;   // Result<Synthesis, Error>
//! println!("{found}");                                    // (+ (* 2 x) 1)
//! # assert!(found.is_found());
//! # Ok::<(), arithsynth::Error>(())
//! ```
//!
//! With every setting named:
//!
//! ```
//! # #[cfg(feature = "neural")] { // the hybrid's model needs the `neural` feature
//! use std::time::Duration;
//! use arithsynth::{GaveUp, Method, Synthesizer};
//!
//! let synthesizer = Synthesizer::new(["x", "y"])
//!     .time_limit(Duration::from_secs(2))      // default 10 s
//!     .method(Method::Hybrid)                  // default: the hybrid on the embedded model
//!     .seed(7);                                // default 0
//! let found = synthesizer.solve(&[([3, 4], 25), ([1, 0], 1), ([2, 2], 8)])?;
//! match found.program() {
//!     Some(_) => println!("{}", found.report()),   // found (+ (* x x) (* y y)) (x * x + y * y), generalizes: …
//!     None => println!("{found}"),                 // no program found (time limit); best so far …
//! }
//! # assert!(found.is_found() || found.gave_up() == Some(GaveUp::TimeLimit));
//! # }
//! # Ok::<(), arithsynth::Error>(())
//! ```
//!
//! "Not found" is a value, not an error: [`Synthesis::is_found`] is false,
//! [`Synthesis::gave_up`] says why (a limit, or every program up to the
//! maximum size tried) and [`Synthesis::best`] gives the program that fits
//! the most examples. [`Error`] is for bad input (no examples, rows of the
//! wrong width, two rows with the same inputs and different outputs, bad
//! names) and for parts that break (a model that fails, an enumeration that
//! cannot start); every module's error converts into it with `?`.
//!
//! The same examples, limits and seed give the same program and the same
//! counts, when the limits are counts ([`Synthesizer::candidate_limit`])
//! rather than wall-clock time.
//!
//! A program that fits is not yet knowledge: [`Synthesis::verdict`] is
//! [`Verdict::Generalizes`] when the program is about as short as the
//! outputs it explains or shorter ([`Synthesis::evidence`], in bits, at
//! least [`THRESHOLD_BITS`](search::evidence::THRESHOLD_BITS), −8),
//! [`Verdict::FitsOnly`] when the examples do not support it (it is still
//! returned), and [`Verdict::NotFound`]; [`search::evidence`] gives the
//! formula. A [`Session`] asks for more outputs before it answers with a
//! program that only fits.
//!
//! # Should I use this?
//!
//! arithsynth fits programming-by-example over integer arithmetic: `+ - *
//! div mod`, `neg abs min max`, `ite` on comparisons, up to 8 integer
//! inputs, integer literals. It finds the smallest program that fits, up
//! to about 15 nodes by enumeration and beyond where the model's proposals
//! come close. It does not synthesize loops, recursion, strings or
//! bit-vectors, and it proves nothing about inputs beyond the examples (a
//! program that fits them may differ elsewhere: give enough examples, or
//! check with [`egraph::prove_equal`]).
//!
//! # Contents
//!
//! - [`dsl`]: the language. [`Program`] (a flat postfix node array),
//!   [`Op`], [`Grammar`], the S-expression [`Parser`] and printers, and
//!   [`Inputs`], a columnar batch of input rows.
//! - [`eval`]: the interpreters. [`eval::reference`] is the oracle;
//!   [`eval::Compiled`] runs bytecode over columns with a reused
//!   [`eval::Cache`], hundreds of millions of rows a second.
//! - [`enumerate`]: bottom-up enumeration of unique programs by size, with
//!   observational equivalence on probe inputs.
//! - [`egraph`]: proofs of equivalence in an `egg` e-graph with a rule set
//!   checked sound against the reference interpreter.
//! - `model` (feature `neural`, on by default): the transformer proposal
//!   with candle: tokenizer, training, checkpoints, grammar-constrained
//!   sampling, beam search, scoring, and an embedded default model.
//! - [`search`]: specs, budgets and strategies behind one trait:
//!   enumerative, neural sample-and-check and the hybrid (feature
//!   `neural`), with witness-inversion holes and a `Proposer` trait.
//! - [`sygus`]: the integer PBE fragment of SyGuS-IF, v1 and v2, read
//!   (under a node budget) and written; answers in the dialect asked.
//! - [`space`]: the laboratory's metric spaces: pq-gram profiles (syntactic)
//!   and behaviour vectors (semantic), their embeddings and nearest-neighbour
//!   distances.
//! - [`dataset`]: program sets on disk (Parquet, JSON lines) and task
//!   files, written atomically; [`dataset::split`] cuts train/test splits
//!   that isolate one distribution shift, [`dataset::coordinates`] writes a
//!   placed set's coordinates to Parquet.
//!
//! New here? [`tutorial`] is a short course whose examples are tests.
//!
//! # Architecture
//!
//! ```text
//! Grammar ─► enumerate ─► program sets (unique programs + output vectors)
//!                           ├─► dataset (tasks: examples drawn per program)
//!                           ├─► space (syntactic + semantic coordinates)
//!                           └─► dataset::split (train / test, measured shift)
//! split.train ─► model::train_on ─► checkpoint (safetensors + JSON)
//! examples ─► Synthesizer / search: Enumerative | Neural | Hybrid ─► Synthesis
//! split.test ─► evaluate (pass@k, solve rate vs budget) ─► reports
//! ```
//!
//! Each arrow is a plain function or builder over plain data; nothing
//! reaches back upstream. Data types every stage shares live in [`dsl`];
//! only `model` depends on candle. The `arithsynth` command line is a
//! separate crate of the same workspace, one subcommand per stage.
//!
//! # Features
//!
//! - `neural` (default): the transformer proposal (`model`) on candle's
//!   CPU backend, the embedded default model, and the neural and hybrid
//!   methods. Without it the core (language, interpreters, enumerator,
//!   e-graph, data files, enumerative search) builds and tests alone.
//! - `cuda`, `metal` (off): run the model on a GPU through candle.
//!
//! # The language
//!
//! Values are `i64`. `+ - * neg abs` wrap; `div` and `mod` are Euclidean
//! with `(div a 0) = 0` and `(mod a 0) = a`; `(ite (< a b) t e)` with `<`,
//! `<=` or `=`; `min`, `max`; leaves are up to 8 named variables and integer
//! literals. Every program is total and deterministic. The default grammar
//! ([`Grammar::new`]) is `+ - * div mod` over the variables and `0..=3`.
//!
//! # Example
//!
//! Parse a program, check it against a grammar, and evaluate it on a batch:
//!
//! ```
//! use arithsynth::{eval::Compiled, Grammar, Inputs, Vars};
//!
//! let grammar = Grammar::new(Vars::new(["x", "y"])?);          // + - * div mod, 0..=3
//! let program = grammar.parse("(+ (* x x) (mod y 3))")?;        // S-expression in
//! grammar.admits(&program)?;                                     // inside the grammar?
//! println!("{}", program.infix(grammar.vars()));                 // x * x + y mod 3
//!
//! let inputs = Inputs::from_rows(2, [[1, 2], [-4, -1], [10, 9]])?; // a batch, by column
//! let compiled = Compiled::new(&program);                        // compile once
//! let mut cache = compiled.create_cache();                       // reusable scratch
//! assert_eq!(compiled.eval_to_vec(&mut cache, &inputs), [3, 18, 100]);
//! # Ok::<(), arithsynth::Error>(())
//! ```
//!
//! # Errors and panics
//!
//! Text, files and numbers from outside get typed errors that say what and
//! where ([`ParseError`] has a line and column); nothing on such input
//! panics or recurses on its depth. Evaluation is total and returns values,
//! not `Result`s.

pub mod cancel;
pub mod dataset;
pub mod dsl;
pub mod egraph;
pub mod enumerate;
mod error;
pub mod eval;
#[cfg(feature = "neural")]
pub mod model;
pub mod search;
pub mod space;
pub mod sygus;
mod synthesizer;
pub mod tutorial;

pub use dsl::{
    AdmitError, Cmp, Example, Grammar, GrammarBuilder, GrammarError, Inputs, InputsError, Node, Op,
    OpSet, ParseError, ParseErrorKind, Parser, Program, ProgramError, Span, Vars, VarsError,
    MAX_VARS,
};
pub use error::Error;
pub use search::evidence::Verdict;
pub use search::{Cancel, GaveUp, Progress};
pub use synthesizer::{
    Method, Report, Session, Synthesis, Synthesizer, UnknownMethod, UnknownStrategy,
    DEFAULT_MAX_SIZE, DEFAULT_TIME_LIMIT,
};
