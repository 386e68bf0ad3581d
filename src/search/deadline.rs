//! The one clock of a search.
//!
//! A [`Deadline`] is made once from the [`Budget`](super::Budget)'s time
//! limit when a search starts, and every phase of it (enumeration levels,
//! completion, case splits, thresholds, ranking, questions, sampling) asks
//! the same deadline, so that the phases share one limit instead of each
//! starting a clock of its own. Phases whose work grows with the grammar
//! (hinges and pairs over a hundred literals, predicates over the pool)
//! check it every few dozen units of work, not only between phases, and
//! stop with what they have.
//!
//! ```
//! use std::time::{Duration, Instant};
//! use arithsynth::search::Deadline;
//!
//! let deadline = Deadline::after(Instant::now(), Some(Duration::from_secs(60)));
//! assert!(!deadline.passed());
//! assert!(Deadline::after(Instant::now(), Some(Duration::ZERO)).passed());
//! assert!(!Deadline::never().passed());
//! ```

use std::time::{Duration, Instant};

use super::{Cancel, GaveUp};

/// When a search started, when it must be back, and the caller's
/// [`Cancel`] handle, if any: [`passed`](Deadline::passed) once the time
/// is up or the caller has cancelled.
#[derive(Clone, Debug, PartialEq, Eq)]
#[must_use]
pub struct Deadline {
    started: Instant,
    end: Option<Instant>,
    cancel: Option<Cancel>,
}

impl Deadline {
    /// A deadline `limit` after `started` (`None`: no time limit).
    pub fn after(started: Instant, limit: Option<Duration>) -> Deadline {
        Deadline {
            started,
            // a limit too far to represent is no limit
            end: limit.and_then(|limit| started.checked_add(limit)),
            cancel: None,
        }
    }

    /// The same deadline, also passed once `cancel` is cancelled.
    pub fn with_cancel(mut self, cancel: Option<Cancel>) -> Deadline {
        self.cancel = cancel;
        self
    }

    /// The caller's handle, if any.
    #[must_use]
    pub fn cancel(&self) -> Option<&Cancel> {
        self.cancel.as_ref()
    }

    /// Whether the caller has cancelled the search.
    #[must_use]
    pub fn cancelled(&self) -> bool {
        self.cancel.as_ref().is_some_and(Cancel::is_cancelled)
    }

    /// Why a search stopped at this deadline: [`GaveUp::Cancelled`] when
    /// the caller cancelled it, else [`GaveUp::TimeLimit`].
    #[must_use]
    pub fn gave_up(&self) -> GaveUp {
        if self.cancelled() {
            GaveUp::Cancelled
        } else {
            GaveUp::TimeLimit
        }
    }

    /// No time limit, started now.
    pub fn never() -> Deadline {
        Deadline::after(Instant::now(), None)
    }

    /// When the search started.
    #[must_use]
    pub fn started(&self) -> Instant {
        self.started
    }

    /// Time since the search started.
    #[must_use]
    pub fn elapsed(&self) -> Duration {
        self.started.elapsed()
    }

    /// Whether the time is up or the caller has cancelled.
    #[must_use]
    pub fn passed(&self) -> bool {
        self.end.is_some_and(|end| Instant::now() >= end) || self.cancelled()
    }

    /// Time left (`None`: no limit; zero once passed, and once the caller
    /// has cancelled).
    #[must_use]
    pub fn remaining(&self) -> Option<Duration> {
        if self.cancelled() {
            return Some(Duration::ZERO);
        }
        self.end
            .map(|end| end.saturating_duration_since(Instant::now()))
    }

    /// A deadline at `share` of this one's whole limit from the start (for
    /// a phase that must leave time to the ones after it: the warm start,
    /// the model's samples), never later than this one.
    pub fn share(&self, share: f64) -> Deadline {
        let share = if share.is_finite() {
            share.clamp(0.0, 1.0)
        } else {
            1.0
        };
        Deadline {
            started: self.started,
            end: self
                .end
                .map(|end| self.started + (end - self.started).mul_f64(share)),
            cancel: self.cancel.clone(),
        }
    }

    /// A [`Ticker`] that reads this clock every `every` ticks.
    pub(crate) fn ticker(&self, every: u32) -> Ticker {
        Ticker {
            deadline: self.clone(),
            every: every.max(1),
            count: 0,
            passed: false,
        }
    }
}

/// Checks a [`Deadline`] once every few units of work, so that a loop of
/// cheap steps reads the clock rarely; once passed, it stays passed.
#[derive(Clone, Debug)]
#[must_use]
pub(crate) struct Ticker {
    deadline: Deadline,
    every: u32,
    count: u32,
    passed: bool,
}

impl Ticker {
    /// Counts one unit of work; whether the deadline has passed (read
    /// from the clock on every `every`-th call, and on the first).
    pub(crate) fn tick(&mut self) -> bool {
        if !self.passed {
            if self.count == 0 {
                self.passed = self.deadline.passed();
            }
            self.count += 1;
            if self.count >= self.every {
                self.count = 0;
            }
        }
        self.passed
    }

    /// Whether a tick has seen the deadline pass.
    #[must_use]
    pub(crate) fn passed(&self) -> bool {
        self.passed
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_ticker_reads_the_clock_on_its_first_tick_and_stays_passed() {
        let started = Instant::now();
        let mut ticker = Deadline::after(started, Some(Duration::ZERO)).ticker(1000);
        assert!(!ticker.passed());
        assert!(ticker.tick());
        assert!(ticker.passed());
        let mut open = Deadline::never().ticker(3);
        assert!((0..10).all(|_| !open.tick()));
    }

    #[test]
    fn a_share_never_ends_after_the_whole() {
        let whole = Deadline::after(Instant::now(), Some(Duration::from_secs(10)));
        let half = whole.share(0.5);
        assert!(half.end < whole.end);
        assert!(half.remaining().unwrap() >= Duration::from_secs(4));
        assert_eq!(whole.share(2.0).end, whole.end);
        assert!(whole.share(f64::NAN).remaining().is_some());
        assert_eq!(Deadline::never().share(0.5).remaining(), None);
        // a limit too far to represent is no limit
        assert_eq!(
            Deadline::after(Instant::now(), Some(Duration::MAX)).remaining(),
            None
        );
    }
}
