//! Stopping a search from outside: a [`Cancel`] handle.
//!
//! A search stops for its own limits ([`Budget`](crate::search::Budget)) or when
//! its caller says so. The caller's word is a [`Cancel`]: a flag another
//! thread sets ([`Cancel::cancel`]), or a check the search polls now and
//! then ([`Cancel::polling`]; how Python's Ctrl-C reaches a search that
//! runs without the GIL). It travels in the budget and so in the
//! search's one [`Deadline`](crate::search::Deadline), which every phase already
//! reads at bounded intervals of work: the enumerator before each chunk of
//! candidates, completion and case splits every few dozen systems or
//! predicates, the model before each decoding step. A cancelled search
//! returns what it has, with [`GaveUp::Cancelled`](crate::GaveUp).
//!
//! ```
//! use std::time::Duration;
//! use arithsynth::{Cancel, GaveUp, Synthesizer};
//!
//! let cancel = Cancel::new();
//! let synthesizer = Synthesizer::new(["x"]).cancel(cancel.clone());
//! cancel.cancel(); // e.g. from another thread, or a signal handler
//! let found = synthesizer.solve(&[([1], 7), ([2], 1), ([3], 8)]).unwrap();
//! assert_eq!(found.gave_up(), Some(GaveUp::Cancelled));
//! ```

use std::fmt;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

/// A handle that stops the searches it was given to; clones share one
/// flag. Two handles are equal when they are clones of one another.
#[derive(Clone, Default)]
#[must_use]
pub struct Cancel {
    inner: Arc<Inner>,
}

#[derive(Default)]
struct Inner {
    cancelled: AtomicBool,
    poll: Option<Poll>,
}

/// A check run at most once per `every`.
struct Poll {
    check: Box<dyn Fn() -> bool + Send + Sync>,
    every: Duration,
    origin: Instant,
    /// Nanoseconds after `origin` before which no check runs.
    next: AtomicU64,
}

impl Cancel {
    /// A handle that stops a search once [`cancel`](Cancel::cancel) is
    /// called on it or on a clone.
    pub fn new() -> Cancel {
        Cancel::default()
    }

    /// A handle that also stops a search once `check` says so. The search
    /// calls `check` at most once per `every` (from whichever thread reads
    /// the handle then), so a check that takes a lock or a Python's GIL
    /// costs nothing between its calls; once it has said yes the handle
    /// stays cancelled.
    pub fn polling(every: Duration, check: impl Fn() -> bool + Send + Sync + 'static) -> Cancel {
        Cancel {
            inner: Arc::new(Inner {
                cancelled: AtomicBool::new(false),
                poll: Some(Poll {
                    check: Box::new(check),
                    every,
                    origin: Instant::now(),
                    next: AtomicU64::new(0),
                }),
            }),
        }
    }

    /// Stops every search that holds this handle or a clone of it, at its
    /// next check.
    pub fn cancel(&self) {
        self.inner.cancelled.store(true, Ordering::Relaxed);
    }

    /// Whether the search should stop: [`cancel`](Cancel::cancel) was
    /// called, or the polled check said so (now or before).
    #[must_use]
    pub fn is_cancelled(&self) -> bool {
        if self.inner.cancelled.load(Ordering::Relaxed) {
            return true;
        }
        let Some(poll) = &self.inner.poll else {
            return false;
        };
        let now = nanos(poll.origin.elapsed());
        let next = poll.next.load(Ordering::Relaxed);
        if now < next {
            return false;
        }
        // one caller wins the slot; the others go on without checking
        let after = now.saturating_add(nanos(poll.every));
        if poll
            .next
            .compare_exchange(next, after, Ordering::Relaxed, Ordering::Relaxed)
            .is_err()
        {
            return false;
        }
        if (poll.check)() {
            self.cancel();
            return true;
        }
        false
    }
}

fn nanos(duration: Duration) -> u64 {
    u64::try_from(duration.as_nanos()).unwrap_or(u64::MAX)
}

impl PartialEq for Cancel {
    fn eq(&self, other: &Cancel) -> bool {
        Arc::ptr_eq(&self.inner, &other.inner)
    }
}

impl Eq for Cancel {}

impl fmt::Debug for Cancel {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Cancel")
            .field("cancelled", &self.inner.cancelled.load(Ordering::Relaxed))
            .field("polling", &self.inner.poll.as_ref().map(|poll| poll.every))
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::AtomicUsize;

    #[test]
    fn a_clone_cancels_the_original() {
        let cancel = Cancel::new();
        let clone = cancel.clone();
        assert!(!cancel.is_cancelled());
        clone.cancel();
        assert!(cancel.is_cancelled());
        assert_eq!(cancel, clone);
        assert_ne!(cancel, Cancel::new());
    }

    #[test]
    fn a_polled_check_runs_at_most_once_per_interval_and_sticks() {
        let calls = Arc::new(AtomicUsize::new(0));
        let seen = Arc::clone(&calls);
        let cancel = Cancel::polling(Duration::from_secs(3600), move || {
            seen.fetch_add(1, Ordering::Relaxed);
            false
        });
        for _ in 0..1000 {
            assert!(!cancel.is_cancelled());
        }
        assert_eq!(calls.load(Ordering::Relaxed), 1);

        let yes = Cancel::polling(Duration::ZERO, || true);
        assert!(yes.is_cancelled());
        assert!(yes.is_cancelled());
        assert!(format!("{yes:?}").contains("cancelled: true"));
    }
}
