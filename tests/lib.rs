//! Integration tests: one binary, one module per concern.

mod alloc;
mod cases;
mod fuzz;
mod props;
