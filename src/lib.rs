//! arithsynth synthesizes integer-arithmetic programs from input/output
//! examples, and is a laboratory for measuring how program synthesizers
//! generalize.
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
//! - [`sygus`]: the SyGuS-IF v2 integer PBE fragment, read and written.
//! - [`space`]: the laboratory's metric spaces: pq-gram profiles (syntactic)
//!   and behaviour vectors (semantic), their embeddings and nearest-neighbour
//!   distances.
//! - [`dataset`]: program sets on disk (Parquet, JSON lines) and task
//!   files, written atomically; [`dataset::split`] cuts train/test splits
//!   that isolate one distribution shift, [`dataset::coordinates`] writes a
//!   placed set's coordinates to Parquet.
//!
//! New here? [`tutorial`] is a four-chapter course whose examples are tests.
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
//! let grammar = Grammar::new(Vars::new(["x", "y"])?);
//! let program = grammar.parse("(+ (* x x) (mod y 3))")?;
//! grammar.admits(&program)?;
//! println!("{}", program.infix(grammar.vars())); // x * x + y mod 3
//!
//! let inputs = Inputs::from_rows(2, [[1, 2], [-4, -1], [10, 9]])?;
//! let compiled = Compiled::new(&program);
//! let mut cache = compiled.create_cache();
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
pub mod tutorial;

pub use dsl::{
    AdmitError, Cmp, Grammar, GrammarBuilder, GrammarError, Inputs, InputsError, Node, Op, OpSet,
    ParseError, ParseErrorKind, Parser, Program, ProgramError, Span, Vars, VarsError, MAX_VARS,
};
pub use error::Error;
