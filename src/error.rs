//! The crate's error type, gathering each module's own.

use crate::dsl::{AdmitError, GrammarError, InputsError, ParseError, ProgramError, VarsError};

/// Any error of arithsynth; each module's own error converts into it with
/// `?`.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// Text that does not parse.
    #[error(transparent)]
    Parse(#[from] ParseError),
    /// A node array that is not a program.
    #[error(transparent)]
    Program(#[from] ProgramError),
    /// A program outside a grammar.
    #[error(transparent)]
    Admit(#[from] AdmitError),
    /// A grammar that cannot be built.
    #[error(transparent)]
    Grammar(#[from] GrammarError),
    /// Bad variable names.
    #[error(transparent)]
    Vars(#[from] VarsError),
    /// Rows or columns of the wrong shape.
    #[error(transparent)]
    Inputs(#[from] InputsError),
    /// A data file that cannot be read or written.
    #[error(transparent)]
    Dataset(#[from] crate::dataset::DatasetError),
    /// A model error (feature `neural`).
    #[cfg(feature = "neural")]
    #[error(transparent)]
    Model(#[from] crate::model::ModelError),
    /// An enumeration that cannot start.
    #[error(transparent)]
    Enumerate(#[from] crate::enumerate::EnumerateError),
    /// Examples that make no spec (none, wrong width, contradictory).
    #[error(transparent)]
    Spec(#[from] crate::search::SpecError),
    /// A search that cannot run (not "not found": that is a value).
    #[error(transparent)]
    Search(#[from] crate::search::SearchError),
    /// A SyGuS file that cannot be read.
    #[error(transparent)]
    Sygus(#[from] crate::sygus::SygusError),
    /// A shard that names no part of a whole (`I/N` with `I >= N`, `N = 0`).
    #[error(transparent)]
    Shard(#[from] crate::dataset::shard::ShardError),
    /// A split that cannot be made.
    #[error(transparent)]
    Split(#[from] crate::dataset::split::SplitError),
    /// Text that cannot become model tokens (feature `neural`).
    #[cfg(feature = "neural")]
    #[error(transparent)]
    Token(#[from] crate::model::TokenError),
    /// An unknown method name.
    #[error(transparent)]
    UnknownMethod(#[from] crate::synthesizer::UnknownMethod),
}
