//! Bottom-up enumeration of unique programs, by size or by cost.
//!
//! An [`Enumerator`] is a configuration (grammar, probe inputs, limits);
//! [`Enumerator::start`] gives an [`Enumeration`], an iterator over the ids
//! of new unique programs in size order, which a caller can stop anywhere.
//! Each program is kept only if its output column on the probe inputs is new
//! (observational equivalence): the first program found with a column is
//! the representative of its class, and since sizes grow, it is a smallest
//! one; ties go to the first in a fixed order (by root operator: `+ - *`,
//! then the piecewise `min max ite`, then `neg abs`, then `div mod`; then
//! children by id), so the same configuration gives the same programs in
//! the same order on every machine, and of two programs of one size that
//! agree on the probe, the threshold a person would write comes before a
//! `div`/`mod` trick.
//!
//! ```
//! use arithsynth::enumerate::{Enumerator, StopReason};
//! use arithsynth::{Grammar, Vars};
//!
//! let grammar = Grammar::new(Vars::new(["x"])?);
//! let mut enumeration = Enumerator::new(grammar).max_size(5).start()?;
//! let mut found = Vec::new();
//! while let Some(id) = enumeration.next() {
//!     found.push(enumeration.program(id).sexpr(enumeration.vars()).to_string());
//! }
//! assert_eq!(&found[..5], ["x", "0", "1", "2", "3"]);
//! assert!(found.contains(&"(* x x)".to_string()));
//! assert_eq!(enumeration.stop_reason(), Some(StopReason::Completed));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! With [`Enumerator::costs`], programs come in order of *cost* (the sum of
//! their productions' costs, e.g. bits under a model's production
//! probabilities) instead of size: the same bottom-up construction, by
//! levels of equal cost, so a class's representative is a cheapest program
//! rather than a smallest one. [`Enumerator::seed`] banks given programs
//! (and their subterms) at chosen levels, as if they were leaves.

#[cfg(feature = "ab-bench")]
pub mod ab;
mod bank;
mod builder;
mod chunk;
mod costs;
mod dedup;
mod level;
mod memory;
mod parallel;
mod segments;
mod table;
mod watch;

use std::collections::VecDeque;
use std::fmt;
use std::time::{Duration, Instant};

use crate::dsl::{Grammar, Inputs, Node, Op, Program, Vars};

use bank::Bank;
pub use bank::ProgramId;
pub use bank::{Column, Iter as ColumnIter};
pub use builder::{
    EnumerateError, Enumerator, DEFAULT_MAX_SIZE, DEFAULT_MEMORY_LIMIT, DEFAULT_PROBE_ROWS,
    MAX_LEVEL,
};
use chunk::Scratch;
pub use costs::{Costs, MAX_PRODUCTION_COST};
pub use dedup::Dedup;
use dedup::Tables;
use level::Cursor;
pub use memory::MemoryParts;
use parallel::Parallel;
use table::hash_column;
use watch::Watch;

/// The order a level's programs are generated in, by root operator: of
/// programs equal on every probe row, the first generated is banked, and
/// the first that fits is the one a search returns. Piecewise operators
/// come before `div` and `mod`, so a threshold a person would write
/// (`a + ite(a < 100, 0, 5)`) wins over a `div`/`mod` trick of the same
/// size (`a + 5 mod (100 div a)`).
pub const GENERATION_ORDER: [Op; 12] = [
    Op::Add,
    Op::Sub,
    Op::Mul,
    Op::Min,
    Op::Max,
    Op::Ite(crate::dsl::Cmp::Lt),
    Op::Ite(crate::dsl::Cmp::Le),
    Op::Ite(crate::dsl::Cmp::Eq),
    Op::Neg,
    Op::Abs,
    Op::Div,
    Op::Mod,
];

/// Candidates evaluated and looked up together.
const CHUNK: usize = 256;
#[expect(clippy::cast_possible_truncation, reason = "256 fits in u32")]
const CHUNK_IDS: ProgramId = CHUNK as ProgramId;

/// Why an enumeration stopped.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum StopReason {
    /// Every program up to the maximum size was enumerated: no other unique
    /// program of that size or less exists (on the probe).
    Completed,
    /// The next step would have passed the memory limit; nothing was
    /// allocated past it.
    MemoryLimit,
    /// The time limit passed.
    TimeLimit,
    /// The candidate limit was reached.
    CandidateLimit,
    /// The caller stopped it ([`Enumeration::run`]'s callback broke, or
    /// [`Enumerator::cancel`]'s handle was cancelled).
    Cancelled,
}

impl fmt::Display for StopReason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            StopReason::Completed => "completed: every size up to the maximum",
            StopReason::MemoryLimit => "memory limit",
            StopReason::TimeLimit => "time limit",
            StopReason::CandidateLimit => "candidate limit",
            StopReason::Cancelled => "cancelled",
        })
    }
}

/// A running enumeration: an iterator over the ids of new unique programs,
/// in size order. See the [module docs](self).
pub struct Enumeration {
    config: Enumerator,
    bank: Bank,
    tables: Tables,
    probe_rows: usize,
    /// The probe and any extra rows: what columns hold.
    judged: Inputs,
    probe: Inputs,
    ops: Vec<Op>,
    cursor: Cursor,
    /// Columns of the chunk of candidates being looked up.
    buffer: Vec<i64>,
    /// The children's columns, widened.
    scratch: Scratch,
    hashes: Vec<u64>,
    yielded: usize,
    candidates: u64,
    /// `(end, candidates)`: programs with ids below `end` were banked
    /// once `candidates` had been evaluated; one mark for each chunk that
    /// banked something and not yet passed by `next`. They make the count
    /// seen at each program the same for any thread count.
    marks: VecDeque<(usize, u64)>,
    unique_per_size: Vec<u64>,
    /// Seeds by level, and the first not yet banked.
    seeds: Vec<(Program, usize)>,
    next_seed: usize,
    last_level: usize,
    /// Whether candidates can pass the maximum size (cost order) and must
    /// be checked.
    size_limited: bool,
    stop: Option<StopReason>,
    started: Instant,
    elapsed: Duration,
    /// Nanoseconds per entry the last rehash of the tables took (a guess
    /// before the first): a rehash cannot be cut short, so one that would
    /// end past the time limit is not started.
    rehash_ns: u64,
    /// With more than one thread: the workers and the batch they share.
    parallel: Option<Parallel>,
    /// The watched column's duplicates ([`Enumerator::watch`]).
    watch: Option<Watch>,
}

impl Enumeration {
    /// The variables programs are printed with.
    #[must_use]
    pub fn vars(&self) -> &Vars {
        self.config.grammar.vars()
    }

    /// The grammar.
    #[must_use]
    pub fn grammar(&self) -> &Grammar {
        &self.config.grammar
    }

    /// The probe inputs.
    #[must_use]
    pub fn probe(&self) -> &Inputs {
        &self.probe
    }

    /// Number of unique programs banked so far.
    #[must_use]
    pub fn len(&self) -> usize {
        self.bank.len()
    }

    /// Whether nothing is banked (never true after `start`).
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.bank.len() == 0
    }

    /// Number of programs returned by [`Iterator::next`] so far: ids
    /// `0..yielded()`. The bank may hold more (workers bank ahead in
    /// batches); what was returned is the same for any thread count.
    #[must_use]
    pub fn yielded(&self) -> usize {
        self.yielded
    }

    /// The program with this id.
    ///
    /// # Panics
    ///
    /// When `id` was not returned by this enumeration.
    #[must_use]
    pub fn program(&self, id: ProgramId) -> Program {
        self.bank.program(id)
    }

    /// Runs the enumeration to its end and returns every unique program it
    /// found, in the order found (by size, or by level with costs).
    #[must_use]
    pub fn into_programs(mut self) -> Vec<Program> {
        let ids: Vec<ProgramId> = self.by_ref().collect();
        ids.into_iter().map(|id| self.program(id)).collect()
    }

    /// Its output column on the probe.
    ///
    /// # Panics
    ///
    /// When `id` was not returned by this enumeration.
    #[must_use]
    pub fn column(&self, id: ProgramId) -> Column<'_> {
        self.bank.column(id).slice(0..self.probe_rows)
    }

    /// Its output column on every row it is judged on: the probe, then the
    /// rows of [`Dedup::ExtraRows`] and [`Enumerator::judge_beyond`].
    ///
    /// # Panics
    ///
    /// When `id` was not returned by this enumeration.
    #[must_use]
    pub fn judged_column(&self, id: ProgramId) -> Column<'_> {
        self.bank.column(id)
    }

    /// Its size in nodes.
    ///
    /// # Panics
    ///
    /// When `id` was not returned by this enumeration.
    #[must_use]
    pub fn size(&self, id: ProgramId) -> usize {
        self.bank.size(id) as usize
    }

    /// Its level: its cost under [`Enumerator::costs`] (its size under
    /// unit costs), or the level it was seeded at.
    ///
    /// # Panics
    ///
    /// When `id` was not returned by this enumeration.
    #[must_use]
    pub fn level(&self, id: ProgramId) -> usize {
        assert!((id as usize) < self.bank.len(), "id {id} not banked");
        // size_start[l] is the first id of level l (non-decreasing)
        self.bank.size_start.partition_point(|&start| start <= id) - 1
    }

    /// The level being filled (the level of programs found next).
    #[must_use]
    pub fn current_level(&self) -> usize {
        self.cursor.size
    }

    /// Its depth.
    ///
    /// # Panics
    ///
    /// When `id` was not returned by this enumeration.
    #[must_use]
    pub fn depth(&self, id: ProgramId) -> usize {
        self.bank.depth(id) as usize
    }

    /// Its root node and child ids: the compact form the bank stores.
    ///
    /// # Panics
    ///
    /// When `id` was not returned by this enumeration.
    #[must_use]
    pub fn node(&self, id: ProgramId) -> (Node, &[ProgramId]) {
        (self.bank.node(id), self.bank.children(id))
    }

    /// The banked program whose column equals `column`, if any (e.g. a
    /// task's expected outputs on the probe).
    #[must_use]
    pub fn find(&self, column: &[i64]) -> Option<ProgramId> {
        if column.len() != self.probe_rows {
            return None;
        }
        let table = self.tables.probe.as_ref().unwrap_or(&self.tables.main);
        table.find(hash_column(column), column, &self.bank)
    }

    /// Why the enumeration stopped; `None` while it can go on.
    #[must_use]
    pub fn stop_reason(&self) -> Option<StopReason> {
        self.stop
    }

    /// Candidates evaluated up to the chunk that banked the program last
    /// returned by [`next`](Iterator::next); all of them before the first
    /// and once the iteration has ended. The count belongs to the program,
    /// not to how far the workers have run ahead, so it is the same for any
    /// thread count.
    #[must_use]
    pub fn candidates(&self) -> u64 {
        match self.marks.front() {
            Some(&(_, candidates)) if self.yielded > 0 => candidates,
            _ => self.candidates,
        }
    }

    /// Marks what the last chunk banked with the count so far.
    fn mark(&mut self) {
        let end = self.bank.len();
        if self.marks.back().map_or(self.yielded, |&(at, _)| at) < end {
            self.marks.push_back((end, self.candidates));
        }
    }

    /// Runs to the end, calling `f` with each new unique program's id; `f`
    /// may stop the run by returning `ControlFlow::Break`.
    pub fn run(
        &mut self,
        mut f: impl FnMut(&Enumeration, ProgramId) -> std::ops::ControlFlow<()>,
    ) -> Report {
        while let Some(id) = self.next() {
            if f(self, id).is_break() {
                self.finish(StopReason::Cancelled);
                break;
            }
        }
        self.report()
    }

    /// A summary of the run so far.
    #[must_use]
    pub fn report(&self) -> Report {
        let elapsed = if self.stop.is_some() {
            self.elapsed
        } else {
            self.started.elapsed()
        };
        Report {
            stop_reason: self.stop,
            unique_per_size: self.unique_per_size.clone(),
            candidates: self.candidates,
            unique: self.bank.len() as u64,
            splits: self.tables.splits,
            elapsed,
            memory_bytes: self.memory_usage(),
        }
    }

    fn finish(&mut self, reason: StopReason) {
        if self.stop.is_none() {
            self.stop = Some(reason);
            self.elapsed = self.started.elapsed();
        }
    }
}

impl Iterator for Enumeration {
    type Item = ProgramId;

    fn next(&mut self) -> Option<ProgramId> {
        while self.yielded >= self.bank.len() {
            let going = self.step();
            // what a stopped step banked before its limit is still returned
            self.mark();
            if !going {
                if self.yielded >= self.bank.len() {
                    self.marks.clear();
                    return None;
                }
                break;
            }
        }
        self.yielded += 1;
        while self
            .marks
            .front()
            .is_some_and(|&(end, _)| end < self.yielded)
        {
            self.marks.pop_front();
        }
        Some(ProgramId::try_from(self.yielded - 1).expect("ids fit in u32"))
    }
}

impl fmt::Debug for Enumeration {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Enumeration")
            .field("config", &self.config)
            .field("report", &self.report())
            .finish_non_exhaustive()
    }
}

/// What an enumeration did: counts, time, memory, and why it stopped.
#[derive(Clone, PartialEq, Eq)]
pub struct Report {
    /// Why it stopped; `None` if it had not.
    pub stop_reason: Option<StopReason>,
    /// Unique programs of each size (index 0 is unused).
    pub unique_per_size: Vec<u64>,
    /// Candidates evaluated.
    pub candidates: u64,
    /// Unique programs banked.
    pub unique: u64,
    /// With [`Dedup::ExtraRows`]: programs kept because the extra rows told
    /// them apart from a banked program with the same probe column (the
    /// false merges observational equivalence on the probe would make);
    /// else 0.
    pub splits: u64,
    /// Wall-clock time.
    pub elapsed: Duration,
    /// Bytes held by the bank and the table.
    pub memory_bytes: usize,
}

impl fmt::Debug for Report {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let Report {
            stop_reason,
            unique_per_size,
            candidates,
            unique,
            splits,
            elapsed,
            memory_bytes,
        } = self;
        f.debug_struct("Report")
            .field("stop_reason", stop_reason)
            .field("unique_per_size", unique_per_size)
            .field("candidates", candidates)
            .field("unique", unique)
            .field("splits", splits)
            .field("elapsed", elapsed)
            .field("memory_bytes", memory_bytes)
            .finish()
    }
}

impl fmt::Display for Report {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "size  unique programs")?;
        for (size, count) in self.unique_per_size.iter().enumerate().skip(1) {
            writeln!(f, "{size:>4}  {count}")?;
        }
        let secs = self.elapsed.as_secs_f64().max(1e-9);
        writeln!(
            f,
            "{} unique of {} candidates in {:.3} s ({:.3e} candidates/s), {:.1} MiB",
            self.unique,
            self.candidates,
            secs,
            self.candidates as f64 / secs,
            self.memory_bytes as f64 / (1 << 20) as f64
        )?;
        if self.splits > 0 {
            writeln!(
                f,
                "{} programs kept only because extra rows split their probe class ({:.3}% of unique)",
                self.splits,
                100.0 * self.splits as f64 / self.unique.max(1) as f64
            )?;
        }
        match self.stop_reason {
            Some(reason) => write!(f, "stopped: {reason}"),
            None => write!(f, "still running"),
        }
    }
}
