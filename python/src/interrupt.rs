//! Ctrl-C while the GIL is released: the search holds a [`Cancel`] handle
//! that polls Python's signal handlers (at most every [`CHECK_EVERY`],
//! holding the GIL only for that moment), and every phase of the search
//! reads it at bounded intervals of work, as it reads the time limit.

use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

use arithsynth::Cancel;
use pyo3::prelude::*;

/// How often pending signals are checked.
pub const CHECK_EVERY: Duration = Duration::from_millis(20);

/// A search's stop handle, and the error of the first signal handler that
/// raised.
#[derive(Debug)]
pub struct Interrupts {
    cancel: Cancel,
    raised: Arc<Mutex<Option<PyErr>>>,
}

impl Interrupts {
    /// Nothing raised yet. Call it on the thread that runs the search (the
    /// caller's, with the GIL released): Python runs signal handlers on its
    /// main thread only, so the check does nothing on any other thread.
    pub fn new() -> Interrupts {
        let raised = Arc::new(Mutex::new(None));
        let slot = Arc::clone(&raised);
        let home = std::thread::current().id();
        let cancel = Cancel::polling(CHECK_EVERY, move || {
            if std::thread::current().id() != home {
                return false;
            }
            match Python::attach(|py| py.check_signals()) {
                Ok(()) => false,
                Err(error) => {
                    // the first handler's error is the one raised
                    slot.lock()
                        .unwrap_or_else(PoisonError::into_inner)
                        .get_or_insert(error);
                    true
                }
            }
        });
        Interrupts { cancel, raised }
    }

    /// The handle to give the search: cancelled once a signal handler
    /// raises.
    pub fn cancel(&self) -> Cancel {
        self.cancel.clone()
    }

    /// Whether to stop: a signal handler raised (now or before).
    pub fn should_stop(&self) -> bool {
        self.cancel.is_cancelled()
    }

    /// The error a signal handler raised (e.g. `KeyboardInterrupt`), if
    /// any.
    pub fn into_raised(self) -> Option<PyErr> {
        self.raised
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .take()
    }
}
