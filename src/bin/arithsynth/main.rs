//! The `arithsynth` command line.
fn main() {}
