//! Why a SyGuS file or answer cannot be read, and where.

use std::fmt;

/// What kind of problem a [`SygusError`] reports.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum SygusErrorKind {
    /// Text that is not well-formed SyGuS: unbalanced parentheses, a
    /// command without its parts, an unknown symbol, a number that does not
    /// fit in 64 bits.
    Malformed,
    /// Well-formed SyGuS outside the integer programming-by-example
    /// fragment: another logic's sort (`BitVec`, `String`), a constraint
    /// that is not a ground example, `synth-inv`, several `synth-fun`s, an
    /// operator the language does not have.
    OutsideFragment,
    /// A term whose expansion (`let`s and `define-fun`s substituted,
    /// Boolean conditions compiled into `ite`s) would build more than
    /// [`NODE_BUDGET`](super::NODE_BUDGET) nodes.
    TooLarge,
}

impl fmt::Display for SygusErrorKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            SygusErrorKind::Malformed => "malformed",
            SygusErrorKind::OutsideFragment => "outside the integer PBE fragment",
            SygusErrorKind::TooLarge => "too large",
        })
    }
}

/// Why a SyGuS file or answer cannot be read: what, and where (line and
/// column, both 1-based, of the construct at fault).
///
/// ```
/// use arithsynth::sygus::{parse_problem, SygusErrorKind};
/// let err = parse_problem("(set-logic BV)\n(synth-fun f ((x (BitVec 8))) (BitVec 8))")
///     .unwrap_err();
/// assert_eq!(err.kind, SygusErrorKind::OutsideFragment);
/// assert_eq!((err.line, err.column), (2, 18));
/// assert!(err.to_string().starts_with("line 2, column 18: "));
/// ```
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("line {line}, column {column}: {message}")]
#[non_exhaustive]
pub struct SygusError {
    /// What kind of problem.
    pub kind: SygusErrorKind,
    /// 1-based line of the construct.
    pub line: usize,
    /// 1-based column (in characters) of the construct.
    pub column: usize,
    /// What is wrong, naming the construct.
    pub message: String,
}

/// Where a construct starts: 1-based line and column.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub(crate) struct Position {
    pub(crate) line: usize,
    pub(crate) column: usize,
}

impl Position {
    /// The first character of a text.
    pub(crate) const START: Position = Position { line: 1, column: 1 };

    pub(crate) fn error(self, kind: SygusErrorKind, message: impl Into<String>) -> SygusError {
        SygusError {
            kind,
            line: self.line,
            column: self.column,
            message: message.into(),
        }
    }

    /// A [`SygusErrorKind::Malformed`] error here.
    pub(crate) fn malformed(self, message: impl Into<String>) -> SygusError {
        self.error(SygusErrorKind::Malformed, message)
    }

    /// A [`SygusErrorKind::OutsideFragment`] error here.
    pub(crate) fn outside(self, message: impl Into<String>) -> SygusError {
        self.error(SygusErrorKind::OutsideFragment, message)
    }
}
