//! Integration tests: one binary, one module per concern.

mod alloc;
mod cases;
mod egraph;
mod enumerate;
mod fuzz;
mod props;
