//! Timings of the same work done by Rust alone, in this process, so that
//! a benchmark can set the bindings' cost against it in one run
//! (BENCHMARKS.md). Private: the names start with an underscore.

use std::ops::ControlFlow;
use std::time::Instant;

use arithsynth::enumerate::Enumerator;
use arithsynth::{Grammar, Vars};
use pyo3::prelude::*;

use crate::errors::Failure;
use crate::synthesize::{detached, Settings};

/// Mean seconds per call of the Rust front door (`Synthesizer` built, then
/// `solve`) on `examples` (a list of (inputs tuple, output)), over
/// `repeats` calls, with the limits of `synthesize`. For benchmarks.
#[pyfunction]
#[pyo3(name = "_time_rust_synthesize", signature = (examples, vars, repeats, *, candidate_limit=None, strategy="enumerative"))]
pub fn time_rust_synthesize(
    py: Python<'_>,
    examples: Vec<(Vec<i64>, i64)>,
    vars: Vec<String>,
    repeats: u32,
    candidate_limit: Option<u64>,
    strategy: &str,
) -> PyResult<f64> {
    let settings = Settings::new(
        Some(10.0),
        candidate_limit,
        None,
        None,
        15,
        Some(strategy),
        0,
    )?;
    detached(py, |_| {
        let started = Instant::now();
        for _ in 0..repeats {
            let grammar = Grammar::new(
                Vars::new(&vars).map_err(|e| Failure::from(arithsynth::Error::from(e)))?,
            );
            let found = settings
                .synthesizer(grammar)?
                .solve_with(&examples, &mut |_| ControlFlow::Continue(()))?;
            let _ = std::hint::black_box(found);
        }
        Ok(started.elapsed().as_secs_f64() / f64::from(repeats.max(1)))
    })
}

/// Runs the Rust enumerator over `+ - * div mod`, 0..=3 and `vars` up to
/// `max_size` and returns (unique programs, seconds). With `records`, each
/// program is also printed to its S-expression and its outputs copied, as
/// a program set's record needs. For benchmarks.
#[pyfunction]
#[pyo3(name = "_time_rust_enumerate", signature = (vars, max_size, records=false))]
pub fn time_rust_enumerate(
    py: Python<'_>,
    vars: Vec<String>,
    max_size: usize,
    records: bool,
) -> PyResult<(u64, f64)> {
    detached(py, |_| {
        let grammar =
            Grammar::new(Vars::new(&vars).map_err(|e| Failure::from(arithsynth::Error::from(e)))?);
        let started = Instant::now();
        let mut enumeration = Enumerator::new(grammar)
            .max_size(max_size)
            .start()
            .map_err(|e| Failure::from(arithsynth::Error::from(e)))?;
        let mut kept: u64 = 0;
        let mut bytes: usize = 0;
        enumeration.run(|enumeration, id| {
            kept += 1;
            if records {
                let text = enumeration
                    .program(id)
                    .sexpr(enumeration.vars())
                    .to_string();
                let outputs = enumeration.column(id).to_vec();
                bytes += text.len() + outputs.len();
                std::hint::black_box((text, outputs));
            }
            ControlFlow::Continue(())
        });
        std::hint::black_box(bytes);
        Ok((kept, started.elapsed().as_secs_f64()))
    })
}
