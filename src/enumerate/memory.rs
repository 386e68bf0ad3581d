//! Memory accounting ([`MemoryParts`]) and the limits: room is made within
//! the memory limit before anything is allocated, and the candidate, time
//! and memory limits are checked before each chunk.

use std::time::{Duration, Instant};

use super::table::Table;
use super::{Enumeration, StopReason};
use crate::Cancel;

/// Nanoseconds per entry a first rehash is expected to take (random writes
/// into a table twice the size: cache misses, measured at 20–60 ns here).
pub(super) const REHASH_NS_GUESS: u64 = 50;

/// The bytes an [`Enumeration`] holds, by part; capacities, so the room
/// kept for growth counts.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct MemoryParts {
    /// Each program's root node (4 bytes), where its children start, its
    /// size and its depth.
    pub entries: usize,
    /// Child ids, 4 bytes each.
    pub children: usize,
    /// Output columns: 4 bytes a value, or 8 for a column with a value past
    /// 32 bits.
    pub columns: usize,
    /// The observational-equivalence tables (8 bytes a slot, at most half
    /// full).
    pub tables: usize,
    /// Buffers of the chunks being evaluated.
    pub buffers: usize,
    /// The workers' batch buffers (more than one thread): a fixed scratch
    /// (about 8 MiB at 16 probe rows) that the memory limit does not
    /// count, so that a run stops at the same program on any number of
    /// threads.
    pub workers: usize,
}

impl MemoryParts {
    /// All parts together.
    #[must_use]
    pub fn total(&self) -> usize {
        self.limited() + self.workers
    }

    /// The parts the memory limit holds: all but the workers' scratch.
    #[must_use]
    pub fn limited(&self) -> usize {
        self.entries + self.children + self.columns + self.tables + self.buffers
    }
}

impl Enumeration {
    /// Bytes held by the bank, the tables and the buffers (capacities, so
    /// the room kept for growth counts).
    #[must_use]
    pub fn memory_usage(&self) -> usize {
        self.memory_parts().total()
    }

    /// [`Enumeration::memory_usage`] by part.
    #[must_use]
    pub fn memory_parts(&self) -> MemoryParts {
        let (entries, children, columns) = self.bank.memory_parts();
        MemoryParts {
            entries,
            children,
            columns,
            tables: self.tables.main.memory_usage()
                + self.tables.probe.as_ref().map_or(0, Table::memory_usage),
            buffers: (self.buffer.capacity() + self.scratch.capacity()) * 8,
            workers: self.parallel.as_ref().map_or(0, |p| {
                p.columns.capacity() * 8 + p.hashes.capacity() * 8 + p.known.capacity()
            }),
        }
    }

    /// Makes room for `more` entries within the memory limit, before any
    /// allocation: the bank takes the segments it needs; each other vector
    /// that must grow takes the largest of doubling, a quarter more, or just
    /// enough, that keeps the total (counting the new buffer beside the old
    /// one) within the limit.
    pub(super) fn reserve(&mut self, more: usize) -> bool {
        let rows = self.bank.rows;
        let limit = self.config.memory_limit;
        let mut budget = limit.saturating_sub(self.memory_parts().limited());
        let entries = self.bank.len() + more;
        // the bank grows by whole segments (a small first one doubling up
        // to a whole one), and never moves
        let bank = if self.bank.capacity() >= entries {
            None
        } else {
            let grown = self.bank.growth_bytes(entries);
            if grown > budget {
                return false;
            }
            budget -= grown;
            Some(entries)
        };
        // smallest acceptable growth that fits, preferring larger steps
        let mut pick = |capacity: usize, needed: usize, unit: usize| -> Option<Option<usize>> {
            if capacity >= needed {
                return Some(None);
            }
            let target = [capacity * 2, capacity + capacity / 4, needed]
                .into_iter()
                .map(|t| t.max(needed))
                .find(|t| t * unit <= budget)?;
            budget -= target * unit;
            Some(Some(target))
        };
        let mut grow_table = |table: Option<&Table>| match table {
            // the next power of two: at most double, so a load between a
            // quarter and a half
            Some(table) if !table.fits(more) => pick(0, table.slots_for(entries), 8),
            _ => Some(None),
        };
        let Some(main) = grow_table(Some(&self.tables.main)) else {
            return false;
        };
        let Some(probe) = grow_table(self.tables.probe.as_ref()) else {
            return false;
        };
        // room for every one of them to be wide, which few are
        let Some(wide) = pick(
            self.bank.wide_ids.capacity(),
            self.bank.wide_ids.len() + more,
            4 + rows * 8,
        ) else {
            return false;
        };
        let Some(children) = pick(
            self.bank.children.capacity(),
            self.bank.children.len() + more * 4,
            4,
        ) else {
            return false;
        };
        if main.is_some() || probe.is_some() {
            let rehashing = Instant::now();
            if let Some(slots) = main {
                self.tables.main.grow(slots / 2, more);
            }
            if let (Some(slots), Some(table)) = (probe, self.tables.probe.as_mut()) {
                table.grow(slots / 2, more);
            }
            let entries = self.rehashed_entries().max(1) as u128;
            let ns = rehashing.elapsed().as_nanos() / entries;
            self.rehash_ns = u64::try_from(ns).unwrap_or(u64::MAX).max(1);
        }
        if let Some(entries) = bank {
            self.bank.reserve(entries);
        }
        if let Some(target) = wide {
            let extra = target - self.bank.wide_ids.len();
            self.bank.wide_ids.reserve_exact(extra);
            self.bank.wide.reserve_exact(extra * rows);
        }
        if let Some(target) = children {
            let extra = target - self.bank.children.len();
            self.bank.children.reserve_exact(extra);
        }
        true
    }

    /// Entries a rehash of the tables moves.
    fn rehashed_entries(&self) -> usize {
        let probe = usize::from(self.tables.probe.is_some());
        self.bank.len() * (1 + probe)
    }

    /// How long making room for `more` entries in the tables would take:
    /// nothing while they fit, else a rehash of every entry, at the pace of
    /// the last one. (Under a time limit only: it is measured, so it would
    /// make a count-limited run depend on the machine.)
    fn rehash_time(&self, more: usize) -> Duration {
        let fits =
            self.tables.main.fits(more) && self.tables.probe.as_ref().is_none_or(|t| t.fits(more));
        if fits {
            return Duration::ZERO;
        }
        let entries = u64::try_from(self.rehashed_entries()).unwrap_or(u64::MAX);
        Duration::from_nanos(entries.saturating_mul(self.rehash_ns))
    }

    /// Checks the limits before a chunk of `more` candidates.
    pub(super) fn within_limits(&mut self, more: usize) -> bool {
        if self
            .config
            .cancel
            .as_ref()
            .is_some_and(Cancel::is_cancelled)
        {
            self.finish(StopReason::Cancelled);
            return false;
        }
        if let Some(limit) = self.config.candidate_limit {
            if self.candidates >= limit {
                self.finish(StopReason::CandidateLimit);
                return false;
            }
        }
        if let Some(limit) = self.config.time_limit {
            if self.started.elapsed() + self.rehash_time(more) >= limit {
                self.finish(StopReason::TimeLimit);
                return false;
            }
        }
        if !self.reserve(more) {
            self.finish(StopReason::MemoryLimit);
            return false;
        }
        true
    }
}
