//! Python bindings of arithsynth: the module `arithsynth`.
//!
//! They mirror the library's front door ([`arithsynth::Synthesizer`]), not
//! the command line:
//!
//! - `synthesize(examples, vars, ...)` → `Synthesis` (program, infix,
//!   size, stop reason, time, candidates, samples);
//! - `solve_tasks(path_or_list, ..., shard=(i, n))` → one record per task,
//!   the fields of `arithsynth solve`'s result lines;
//! - `enumerate(vars, max_size, ..., shard=(i, n))` → a `pyarrow.Table` of
//!   unique programs, built in Rust and handed over through the Arrow C
//!   data interface;
//! - `read_program_set(path)`, `read_tasks(path)` → `pyarrow.Table`s.
//!
//! The GIL is released while Rust works; Ctrl-C stops a running search or
//! enumeration (it is checked about every 50 ms) and raises
//! `KeyboardInterrupt`. Errors become `ArithsynthError`, or its
//! subclasses `InputError` (also a `ValueError`: bad examples, names,
//! limits, files' contents) and `DataFileError` (also an `OSError`: a file
//! that cannot be read or written).

mod bench;
mod errors;
mod interrupt;
mod synthesize;
mod tables;

use pyo3::prelude::*;

/// The module `arithsynth`.
#[pymodule]
#[pyo3(name = "arithsynth")]
fn arithsynth_module(module: &Bound<'_, PyModule>) -> PyResult<()> {
    module.add("__version__", env!("CARGO_PKG_VERSION"))?;
    errors::register(module)?;
    module.add_class::<synthesize::Synthesis>()?;
    module.add_function(wrap_pyfunction!(synthesize::synthesize, module)?)?;
    module.add_function(wrap_pyfunction!(synthesize::solve_tasks, module)?)?;
    // `enumerate_programs`, not `enumerate`: `from arithsynth import *`
    // leaves the builtin alone
    module.add_function(wrap_pyfunction!(tables::enumerate, module)?)?;
    module.add_function(wrap_pyfunction!(tables::read_program_set, module)?)?;
    module.add_function(wrap_pyfunction!(tables::read_tasks, module)?)?;
    module.add_function(wrap_pyfunction!(tables::program_texts, module)?)?;
    module.add_function(wrap_pyfunction!(bench::time_rust_synthesize, module)?)?;
    module.add_function(wrap_pyfunction!(bench::time_rust_enumerate, module)?)?;
    module.add(
        "__all__",
        vec![
            "ArithsynthError",
            "DataFileError",
            "InputError",
            "Synthesis",
            "enumerate_programs",
            "read_program_set",
            "read_tasks",
            "solve_tasks",
            "synthesize",
        ],
    )?;
    Ok(())
}
