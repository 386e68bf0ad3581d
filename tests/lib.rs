//! Integration tests: one binary, one module per concern.

mod alloc;
mod boundaries;
mod cases;
mod egraph;
mod enumerate;
mod fuzz;
#[cfg(feature = "neural")]
mod lab;
mod limits;
#[cfg(feature = "neural")]
mod model;
mod props;
mod ranker;
mod readme;
#[cfg(feature = "neural")]
mod scratch;
mod sygus;
mod synthesizer;
