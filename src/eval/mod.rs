//! The interpreters.
//!
//! - [`reference`](mod@reference): one row at a time, obviously right; the oracle.
//! - [`Compiled`]: bytecode over columns in blocks, with scratch memory from
//!   a reused [`Cache`]; what every engine uses.
//! - [`apply`]: one operator over columns the caller holds, the enumerator's
//!   fused step.
//!
//! Evaluation is total (DESIGN.md): no function here returns an error; only a
//! caller's shape mistake (too few columns) panics, as documented.

mod compiled;
pub mod reference;
pub mod smt;

pub(crate) use compiled::apply_broadcast_narrow;
pub use compiled::{apply, apply_broadcast, Cache, Compiled, BLOCK};
