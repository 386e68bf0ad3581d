//! Ctrl-C while the GIL is released: a search or enumeration asks now and
//! then (at most every [`CHECK_EVERY`]) whether a signal arrived, holding
//! the GIL only for that moment.

use std::time::{Duration, Instant};

use pyo3::prelude::*;

/// How often pending signals are checked.
pub const CHECK_EVERY: Duration = Duration::from_millis(50);

/// Remembers the error of the first signal handler that raised.
#[derive(Debug)]
pub struct Interrupts {
    last_check: Instant,
    raised: Option<PyErr>,
}

impl Interrupts {
    /// Nothing raised yet.
    pub fn new() -> Interrupts {
        Interrupts {
            last_check: Instant::now(),
            raised: None,
        }
    }

    /// Whether to stop: a signal handler raised (now or before). Runs the
    /// handlers at most every [`CHECK_EVERY`].
    pub fn should_stop(&mut self) -> bool {
        if self.raised.is_some() {
            return true;
        }
        if self.last_check.elapsed() < CHECK_EVERY {
            return false;
        }
        self.last_check = Instant::now();
        if let Err(error) = Python::attach(|py| py.check_signals()) {
            self.raised = Some(error);
            return true;
        }
        false
    }

    /// The error a signal handler raised (e.g. `KeyboardInterrupt`), if
    /// any.
    pub fn into_raised(self) -> Option<PyErr> {
        self.raised
    }
}
