//! The language: operators, programs, grammars, text in and out.
//!
//! Every stage of arithsynth shares these types. A [`Program`] is a flat
//! postfix array of [`Node`]s; [`Program::parse`] reads S-expressions,
//! [`Program::sexpr`] writes them back, [`Program::infix`] shows them to
//! people; a [`Grammar`] says which programs a search may consider.

mod example;
mod grammar;
mod inputs;
mod op;
mod parse;
mod print;
mod program;
pub mod random;

pub use example::Example;
pub use grammar::{AdmitError, Grammar, GrammarBuilder, GrammarError, MAX_LITERALS};
pub use inputs::{Inputs, InputsError};
pub use op::{Cmp, Op, OpSet, UnknownOp};
pub use parse::{ParseError, ParseErrorKind, Parser, Span, DEFAULT_NEST_LIMIT};
pub use print::{Infix, Sexpr};
pub use program::{Node, Program, ProgramError, Vars, VarsError, MAX_VARS};
