//! Integration tests: one binary, one module per concern.

mod alloc;
mod cases;
mod enumerate;
mod fuzz;
mod props;
