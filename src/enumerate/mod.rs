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

#[doc(hidden)]
pub mod ab;
mod bank;
mod costs;
mod segments;
mod table;

use std::collections::VecDeque;
use std::fmt;
use std::time::{Duration, Instant};

use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use smallvec::SmallVec;

use crate::dsl::{random::random_value, Grammar, Inputs, Node, Op, Program, Vars};
use crate::eval;

use bank::Bank;
pub use bank::ProgramId;
pub use bank::{Column, Iter as ColumnIter};
pub use costs::{Costs, MAX_PRODUCTION_COST};
use table::{hash_column, Table};

/// Default for [`Enumerator::max_size`].
pub const DEFAULT_MAX_SIZE: usize = 7;
/// Default for [`Enumerator::memory_limit`]: 4 GiB.
pub const DEFAULT_MEMORY_LIMIT: usize = 4 << 30;
/// Rows of the default probe ([`Enumerator::default_probe`]).
pub const DEFAULT_PROBE_ROWS: usize = 16;

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
}

impl MemoryParts {
    /// All parts together.
    #[must_use]
    pub fn total(&self) -> usize {
        self.entries + self.children + self.columns + self.tables + self.buffers
    }
}

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
    /// The caller stopped it ([`Enumeration::run`]'s callback broke).
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

/// How candidates are judged equal to a banked program.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Default)]
#[non_exhaustive]
pub enum Dedup {
    /// Equal outputs on the probe (observational equivalence): fast, but
    /// two programs that differ only off the probe are merged.
    #[default]
    Observational,
    /// Classes of the probe are split where `extra_rows` more random rows
    /// (extremes over-represented, fixed seed) tell programs apart; such
    /// programs are not equal, so no sound e-graph proof could merge them.
    /// Each split is counted ([`Report::splits`]): the false merges of
    /// observational equivalence on the probe alone.
    Proven {
        /// Random rows added to the probe for judging.
        extra_rows: usize,
    },
}

/// Why an enumeration could not start.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum EnumerateError {
    /// The probe has fewer columns than the grammar has variables.
    #[error("the probe has {probe} variables, the grammar {grammar}")]
    ProbeVars {
        /// Columns of the probe.
        probe: usize,
        /// Variables of the grammar.
        grammar: usize,
    },
    /// `max_size` is 0 or does not fit in 32 bits.
    #[error("maximum size {0} is not in 1..=65535")]
    MaxSize(usize),
    /// The last level (cost) is 0 or above [`MAX_LEVEL`].
    #[error("last level {0} is not in 1..={MAX_LEVEL}")]
    MaxCost(usize),
}

/// The most levels (costs) an enumeration may have.
pub const MAX_LEVEL: usize = 1 << 16;

/// Configuration of a bottom-up enumeration; see the [module docs](self).
#[derive(Clone, Debug)]
#[must_use]
pub struct Enumerator {
    grammar: Grammar,
    probe: Option<Inputs>,
    max_size: usize,
    memory_limit: usize,
    time_limit: Option<Duration>,
    candidate_limit: Option<u64>,
    dedup: Dedup,
    /// Rows programs are judged on besides the probe (kept apart where
    /// they differ there), given by the caller.
    beyond: Option<Inputs>,
    costs: Option<Costs>,
    max_cost: Option<usize>,
    /// Programs banked at a level: (program, level).
    seeds: Vec<(Program, usize)>,
    /// Worker threads for evaluating candidates.
    threads: usize,
    /// A probe column whose duplicates are collected, and how many at most
    /// between two takes.
    watch: Option<(Vec<i64>, usize)>,
}

impl Enumerator {
    /// An enumerator over `grammar` with the default probe and limits.
    pub fn new(grammar: Grammar) -> Enumerator {
        Enumerator {
            grammar,
            probe: None,
            max_size: DEFAULT_MAX_SIZE,
            memory_limit: DEFAULT_MEMORY_LIMIT,
            time_limit: None,
            candidate_limit: None,
            dedup: Dedup::Observational,
            beyond: None,
            costs: None,
            max_cost: None,
            seeds: Vec::new(),
            threads: 1,
            watch: None,
        }
    }

    /// Threads that evaluate, hash and look up candidates; `0` for one per
    /// core. The programs banked, their ids and their order, the counts and
    /// the stop reason under count limits are the same for every thread
    /// count: candidates are generated in a fixed order, evaluated in
    /// parallel in batches, and banked by one thread in that order. Default:
    /// 1.
    pub fn threads(mut self, threads: usize) -> Enumerator {
        self.threads = if threads == 0 {
            std::thread::available_parallelism().map_or(1, std::num::NonZero::get)
        } else {
            threads
        };
        self
    }

    /// Enumerates in order of cost under `costs` instead of size: level `c`
    /// holds the programs of cost `c` that are new. Programs larger than
    /// [`Enumerator::max_size`] are still left out. Default: none (unit
    /// costs, size order).
    pub fn costs(mut self, costs: Costs) -> Enumerator {
        self.costs = (!costs.is_unit()).then_some(costs);
        self
    }

    /// The last level enumerated. Default: [`Enumerator::max_size`] times
    /// the largest production cost, so that every program within the maximum
    /// size is reached.
    pub fn max_cost(mut self, cost: usize) -> Enumerator {
        self.max_cost = Some(cost);
        self
    }

    /// Banks `program` (each of its subterms whose column is new, then
    /// itself if new) when the enumeration reaches `level`, before that
    /// level's operators: a way to hand the enumeration building blocks
    /// from elsewhere, e.g. subterms of a model's samples. A seed larger
    /// than [`Enumerator::max_size`] or past the last level is ignored.
    pub fn seed(mut self, program: Program, level: usize) -> Enumerator {
        self.seeds.push((program, level.max(1)));
        self
    }

    /// The last level this configuration enumerates.
    fn last_level(&self) -> usize {
        self.max_cost.unwrap_or_else(|| match &self.costs {
            None => self.max_size,
            Some(costs) => {
                let dearest = self
                    .grammar
                    .leaves()
                    .chain(self.grammar.ops().iter().map(Node::Op))
                    .map(|n| costs.get(n))
                    .max()
                    .unwrap_or(1);
                self.max_size.saturating_mul(dearest as usize)
            }
        })
    }

    /// A production's cost.
    fn cost(&self, node: Node) -> usize {
        self.costs.as_ref().map_or(1, |c| c.get(node) as usize)
    }

    /// How candidates are judged equal. Default: [`Dedup::Observational`].
    pub fn dedup(mut self, dedup: Dedup) -> Enumerator {
        self.dedup = dedup;
        self
    }

    /// The probe inputs on which programs are compared. Default:
    /// [`Enumerator::default_probe`]. For solving a task, its examples'
    /// inputs.
    pub fn probe(mut self, inputs: Inputs) -> Enumerator {
        self.probe = Some(inputs);
        self
    }

    /// Rows beyond the probe that programs are also judged on: two programs
    /// equal on the probe but different on these rows are both kept (each
    /// a representative of its own class), and [`Enumeration::find`] still
    /// looks up probe columns. A search uses the examples as the probe and
    /// rows from the task's input range here, so that programs that fit the
    /// examples but differ elsewhere stay apart. Default: none.
    pub fn judge_beyond(mut self, rows: Inputs) -> Enumerator {
        self.beyond = Some(rows);
        self
    }

    /// Collects the candidates whose column on the probe is `column` but
    /// which are not banked, because a banked program has their column
    /// (the duplicates observational equivalence drops), up to `max` of
    /// them between two [`Enumeration::take_watched`]. A search watches its
    /// examples' outputs: every program that fits them then reaches it,
    /// not only the first of its class, at the cost of one comparison of
    /// hashes per candidate, and the bank is the same as without.
    /// Duplicates of the probe part alone are not collected when rows
    /// beyond the probe are judged: there, programs that differ beyond are
    /// banked apart anyway. Default: none.
    pub fn watch(mut self, column: Vec<i64>, max: usize) -> Enumerator {
        self.watch = Some((column, max));
        self
    }

    /// The largest program size enumerated. Default: [`DEFAULT_MAX_SIZE`].
    pub fn max_size(mut self, size: usize) -> Enumerator {
        self.max_size = size;
        self
    }

    /// Bytes the bank and table may hold; growth that would pass it stops
    /// the run first. Default: [`DEFAULT_MEMORY_LIMIT`] (4 GiB).
    pub fn memory_limit(mut self, bytes: usize) -> Enumerator {
        self.memory_limit = bytes;
        self
    }

    /// Wall-clock limit. Default: none. Runs that must repeat use
    /// [`Enumerator::candidate_limit`] instead.
    pub fn time_limit(mut self, limit: Duration) -> Enumerator {
        self.time_limit = Some(limit);
        self
    }

    /// Candidates evaluated before stopping. Default: none.
    pub fn candidate_limit(mut self, candidates: u64) -> Enumerator {
        self.candidate_limit = Some(candidates);
        self
    }

    /// The default probe: [`DEFAULT_PROBE_ROWS`] rows of values uniform in
    /// `-32..=32`, from a `ChaCha8Rng` with a fixed seed: the same grid on
    /// every machine.
    ///
    /// # Panics
    ///
    /// When `num_vars > MAX_VARS`.
    #[must_use]
    pub fn default_probe(num_vars: usize) -> Inputs {
        let mut rng = ChaCha8Rng::seed_from_u64(0x5eed);
        let columns: Vec<Vec<i64>> = (0..num_vars)
            .map(|_| {
                (0..DEFAULT_PROBE_ROWS)
                    .map(|_| rng.random_range(-32..=32))
                    .collect()
            })
            .collect();
        Inputs::from_columns(columns).expect("at most MAX_VARS columns of one length")
    }

    /// Starts the enumeration: the leaves are banked at once.
    ///
    /// # Errors
    ///
    /// [`EnumerateError`] when the probe has too few variables or the
    /// maximum size is out of range.
    pub fn start(self) -> Result<Enumeration, EnumerateError> {
        let vars = self.grammar.vars().len();
        let probe = self
            .probe
            .clone()
            .unwrap_or_else(|| Enumerator::default_probe(vars));
        if probe.num_vars() < vars {
            return Err(EnumerateError::ProbeVars {
                probe: probe.num_vars(),
                grammar: vars,
            });
        }
        if self.max_size == 0 || self.max_size > usize::from(u16::MAX) {
            return Err(EnumerateError::MaxSize(self.max_size));
        }
        if self.last_level() == 0 || self.last_level() > MAX_LEVEL {
            return Err(EnumerateError::MaxCost(self.last_level()));
        }
        let last_level = self.last_level();
        let size_limited = self.costs.is_some() || !self.seeds.is_empty();
        let mut seeds = self.seeds.clone();
        seeds.sort_by_key(|s| s.1);
        seeds.retain(|(program, level)| {
            program.size() <= self.max_size
                && *level <= self.last_level()
                && program.min_vars() <= vars
        });
        let mut ops: Vec<Op> = self.grammar.ops().iter().collect();
        ops.sort_by_key(|&op| GENERATION_ORDER.iter().position(|&o| o == op));
        let probe_rows = probe.len();
        // the rows programs are evaluated on: the probe, then any extra rows
        let judged = match self.dedup {
            Dedup::Observational => probe.clone(),
            Dedup::Proven { extra_rows } => {
                let mut rng = ChaCha8Rng::seed_from_u64(0xe11a);
                let columns: Vec<Vec<i64>> = (0..probe.num_vars())
                    .map(|var| {
                        let mut column = probe.column(var).to_vec();
                        column.extend((0..extra_rows).map(|_| random_value(&mut rng)));
                        column
                    })
                    .collect();
                Inputs::from_columns(columns).expect("columns of one length")
            }
        };
        let judged = match &self.beyond {
            Some(beyond) if !beyond.is_empty() => {
                if beyond.num_vars() < vars {
                    return Err(EnumerateError::ProbeVars {
                        probe: beyond.num_vars(),
                        grammar: vars,
                    });
                }
                let columns: Vec<Vec<i64>> = (0..judged.num_vars())
                    .map(|var| {
                        let mut column = judged.column(var).to_vec();
                        if var < beyond.num_vars() {
                            column.extend_from_slice(beyond.column(var));
                        } else {
                            column.extend(std::iter::repeat_n(0, beyond.len()));
                        }
                        column
                    })
                    .collect();
                Inputs::from_columns(columns).expect("columns of one length")
            }
            _ => judged,
        };
        let rows = judged.len();
        let threads = self.threads;
        let probe_table = (rows > probe_rows).then(|| Table::with_capacity(1024));
        let watch = match &self.watch {
            Some((column, max)) if rows == probe_rows && column.len() == rows => Some(Watch {
                hash: hash_column(column),
                column: column.clone(),
                max: *max,
                found: Vec::new(),
            }),
            _ => None,
        };
        let mut enumeration = Enumeration {
            config: self,
            bank: Bank::new(rows),
            tables: Tables {
                // a shard for each thread and a few more: banking inserts
                // into them in parallel
                main: Table::with_shards(1024, if threads > 1 { threads * 4 } else { 1 }),
                probe: probe_table,
                probe_rows,
                splits: 0,
            },
            probe_rows,
            judged,
            probe,
            ops,
            cursor: Cursor::default(),
            buffer: vec![0; CHUNK * rows.max(1)],
            scratch: Scratch::new(rows),
            hashes: Vec::with_capacity(CHUNK),
            yielded: 0,
            candidates: 0,
            marks: VecDeque::new(),
            unique_per_size: vec![0],
            seeds,
            next_seed: 0,
            last_level,
            size_limited,
            stop: None,
            started: Instant::now(),
            elapsed: Duration::ZERO,
            parallel: None,
            watch,
        };
        if threads > 1 {
            {
                let room = BATCH_CANDIDATES + CHUNK;
                enumeration.parallel = Some(Parallel {
                    threads,
                    jobs: Vec::new(),
                    queued: 0,
                    columns: vec![0; room * rows.max(1)],
                    hashes: vec![0; room],
                    known: vec![false; room],
                    inserts: Vec::with_capacity(room),
                });
            }
        }
        enumeration.enter_size(1);
        Ok(enumeration)
    }
}

/// The deduplication tables of a run.
#[derive(Debug)]
struct Tables {
    /// Keyed on whole columns: decides what is new.
    main: Table,
    /// With [`Dedup::Proven`]: keyed on the probe part, to count splits and
    /// to find probe columns.
    probe: Option<Table>,
    probe_rows: usize,
    splits: u64,
}

impl Tables {
    /// Banks `node` with `children` if `column` is new; true if it was.
    fn admit(
        &mut self,
        bank: &mut Bank,
        hash: u64,
        column: &[i64],
        node: Node,
        children: &[ProgramId],
    ) -> bool {
        let id = bank.next_id();
        if self.main.find_or_insert(hash, column, bank, id).is_some() {
            return false;
        }
        if let Some(probe) = &mut self.probe {
            let key = &column[..self.probe_rows];
            if probe
                .find_or_insert(hash_column(key), key, bank, id)
                .is_some()
            {
                self.splits += 1;
            }
        }
        bank.push(node, children, column);
        true
    }
}

impl Tables {
    /// Banks a program known to be new (no banked program has its column):
    /// counted for the main table and inserted there later
    /// ([`table::Shard::insert_new`]); the probe table as in `admit`.
    fn admit_new(
        &mut self,
        bank: &mut Bank,
        hash: u64,
        column: &[i64],
        node: Node,
        children: &[ProgramId],
    ) -> ProgramId {
        let id = bank.next_id();
        self.main.note_pending(hash);
        if let Some(probe) = &mut self.probe {
            let key = &column[..self.probe_rows];
            if probe
                .find_or_insert(hash_column(key), key, bank, id)
                .is_some()
            {
                self.splits += 1;
            }
        }
        bank.push(node, children, column);
        id
    }
}

/// Where generation resumes.
#[derive(Clone, Debug, Default)]
struct Cursor {
    /// Level (size, under unit costs) being filled.
    size: usize,
    op: usize,
    /// Child-size compositions for (`size`, `ops[op]`) and the next one.
    compositions: Vec<[usize; 4]>,
    composition: usize,
    /// Index over every child but the last (mixed radix).
    outer: u64,
    /// Where a row split between two batches resumes (its last child).
    resume: Option<ProgramId>,
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
    /// With more than one thread: the workers and the batch they share.
    parallel: Option<Parallel>,
    /// The watched column's duplicates ([`Enumerator::watch`]).
    watch: Option<Watch>,
}

/// A watched column and its duplicates not yet taken.
struct Watch {
    column: Vec<i64>,
    hash: u64,
    max: usize,
    /// `op(children…)`, in generation order.
    found: Vec<(Op, [ProgramId; 4])>,
}

impl Watch {
    /// Notes `op(children…)` if its column is the watched one.
    fn note(&mut self, hash: u64, column: &[i64], op: Op, children: [ProgramId; 4]) {
        if hash == self.hash && self.found.len() < self.max && column == self.column {
            self.found.push((op, children));
        }
    }
}

/// The workers of a multi-threaded enumeration and the batch of candidate
/// chunks they evaluate together.
struct Parallel {
    threads: usize,
    /// Chunks of the batch, in generation order.
    jobs: Vec<Job>,
    /// Candidates in the batch.
    queued: usize,
    /// Each candidate's column, in batch order.
    columns: Vec<i64>,
    /// Each candidate's hash.
    hashes: Vec<u64>,
    /// Whether each candidate is not new: banked before the batch, too
    /// large, or the same column as an earlier candidate of the batch.
    known: Vec<bool>,
    /// The batch's new entries for the table: (hash, id).
    inserts: Vec<(u64, ProgramId)>,
}

/// One chunk of candidates: `op(fixed…, last)` for `last` in `start..end`.
#[derive(Clone, Copy, Debug)]
struct Job {
    op: Op,
    fixed: [ProgramId; 4],
    start: ProgramId,
    end: ProgramId,
}

/// Candidates evaluated together by the workers (a batch may pass it by
/// less than one chunk). Each batch starts the workers three times: 256
/// chunks were 1.1–1.2× faster at two threads than 64 (BENCHMARKS.md, "A
/// compact bank"), for 8 MiB of buffers with 16 probe rows.
const BATCH_CANDIDATES: usize = 256 * CHUNK;

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

    /// The program with this id.
    ///
    /// # Panics
    ///
    /// When `id` was not returned by this enumeration.
    #[must_use]
    pub fn program(&self, id: ProgramId) -> Program {
        self.bank.program(id)
    }

    /// The candidates collected since the last take whose probe column is
    /// the watched one ([`Enumerator::watch`]) though they were not banked,
    /// in generation order; none without a watch.
    pub fn take_watched(&mut self) -> Vec<Program> {
        let Some(watch) = &mut self.watch else {
            return Vec::new();
        };
        std::mem::take(&mut watch.found)
            .into_iter()
            .map(|(op, children)| {
                let mut nodes = Vec::new();
                for &child in &children[..op.arity()] {
                    nodes.extend_from_slice(self.bank.program(child).nodes());
                }
                nodes.push(Node::Op(op));
                Program::from_postfix(nodes).expect("an operator over banked programs")
            })
            .collect()
    }

    /// Whether duplicates of the watched column wait to be taken.
    #[must_use]
    pub fn has_watched(&self) -> bool {
        self.watch.as_ref().is_some_and(|w| !w.found.is_empty())
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
    /// rows of [`Dedup::Proven`] and [`Enumerator::judge_beyond`].
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
            buffers: (self.buffer.capacity() + self.scratch.capacity()) * 8
                + self.parallel.as_ref().map_or(0, |p| {
                    p.columns.capacity() * 8 + p.hashes.capacity() * 8 + p.known.capacity()
                }),
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

    /// Banks the leaves and seeds of the level being entered.
    fn bank_leaves(&mut self, level: usize) {
        let leaves: Vec<Node> = self
            .config
            .grammar
            .leaves()
            .filter(|&leaf| self.config.cost(leaf) == level)
            .collect();
        let mut column = vec![0; self.bank.rows];
        for leaf in leaves {
            self.fill_leaf(leaf, &mut column);
            self.candidates += 1;
            if !self.reserve(1) {
                self.finish(StopReason::MemoryLimit);
                return;
            }
            let hash = hash_column(&column);
            if self.tables.admit(&mut self.bank, hash, &column, leaf, &[]) {
                self.unique_per_size[level] += 1;
            }
        }
        while let Some((program, _)) = self
            .seeds
            .get(self.next_seed)
            .filter(|(_, at)| *at == level)
        {
            let program = program.clone();
            self.next_seed += 1;
            if !self.bank_seed(&program, level) {
                return;
            }
        }
    }

    fn fill_leaf(&self, leaf: Node, column: &mut [i64]) {
        match leaf {
            Node::Var(var) => column.copy_from_slice(self.judged.column(usize::from(var))),
            Node::Lit(value) => column.fill(value),
            Node::Op(_) => unreachable!("leaves are leaves"),
        }
    }

    /// Banks each subterm of `program` whose column is new, bottom-up;
    /// false if the memory limit stopped the run.
    fn bank_seed(&mut self, program: &Program, level: usize) -> bool {
        let rows = self.bank.rows;
        let mut ids: Vec<ProgramId> = Vec::with_capacity(program.size());
        let mut column = vec![0; rows];
        for &node in program.nodes() {
            let arity = node.arity();
            let children: SmallVec<[ProgramId; 4]> = ids.drain(ids.len() - arity..).collect();
            match node {
                Node::Op(op) => {
                    let args: SmallVec<[Vec<i64>; 4]> = children
                        .iter()
                        .map(|&c| self.bank.column(c).to_vec())
                        .collect();
                    let args: SmallVec<[&[i64]; 4]> = args.iter().map(Vec::as_slice).collect();
                    eval::apply(op, &args, &mut column);
                }
                leaf => self.fill_leaf(leaf, &mut column),
            }
            self.candidates += 1;
            let hash = hash_column(&column);
            if let Some(known) = self.tables.main.find(hash, &column, &self.bank) {
                ids.push(known);
                continue;
            }
            if !self.reserve(1) {
                self.finish(StopReason::MemoryLimit);
                return false;
            }
            let id = self.bank.next_id();
            self.tables
                .admit(&mut self.bank, hash, &column, node, &children);
            self.unique_per_size[level] += 1;
            ids.push(id);
        }
        true
    }

    /// Makes room for `more` entries within the memory limit, before any
    /// allocation: the bank takes the segments it needs; each other vector
    /// that must grow takes the largest of doubling, a quarter more, or just
    /// enough, that keeps the total (counting the new buffer beside the old
    /// one) within the limit.
    fn reserve(&mut self, more: usize) -> bool {
        let rows = self.bank.rows;
        let limit = self.config.memory_limit;
        let mut budget = limit.saturating_sub(self.memory_usage());
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
        if let Some(slots) = main {
            self.tables.main.grow(slots / 2, more);
        }
        if let (Some(slots), Some(table)) = (probe, self.tables.probe.as_mut()) {
            table.grow(slots / 2, more);
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

    /// Checks the limits before a chunk of `more` candidates.
    fn within_limits(&mut self, more: usize) -> bool {
        if let Some(limit) = self.config.candidate_limit {
            if self.candidates >= limit {
                self.finish(StopReason::CandidateLimit);
                return false;
            }
        }
        if let Some(limit) = self.config.time_limit {
            if self.started.elapsed() >= limit {
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

    /// Looks up the chunk in `buffer` (`op(fixed…, last)` for `last` in
    /// `range`) and banks the new ones.
    fn commit_chunk(&mut self, op: Op, fixed: [ProgramId; 4], range: std::ops::Range<ProgramId>) {
        let rows = self.bank.rows;
        let arity = op.arity();
        let count = (range.end - range.start) as usize;
        self.hashes.clear();
        for k in 0..count {
            self.hashes
                .push(hash_column(&self.buffer[k * rows..(k + 1) * rows]));
        }
        std::hint::black_box(self.tables.main.touch(&self.hashes));
        std::hint::black_box(self.tables.main.touch_columns(&self.hashes, &self.bank));
        // whether the watched column may be in this chunk: one pass over
        // the hashes, so that the loop below is the one without a watch
        let watched = self
            .watch
            .as_ref()
            .is_some_and(|w| self.hashes.contains(&w.hash));
        let mut children = fixed;
        for (k, last) in range.enumerate() {
            let column = &self.buffer[k * rows..(k + 1) * rows];
            children[arity - 1] = last;
            let children = &children[..arity];
            if self.size_limited {
                let size: u32 = children.iter().map(|&c| self.bank.size(c)).sum();
                if size as usize >= self.config.max_size {
                    continue;
                }
            }
            if self.tables.admit(
                &mut self.bank,
                self.hashes[k],
                column,
                Node::Op(op),
                children,
            ) {
                self.unique_per_size[self.cursor.size] += 1;
            } else if watched {
                if let Some(watch) = &mut self.watch {
                    let mut all = [0; 4];
                    all[..arity].copy_from_slice(children);
                    watch.note(self.hashes[k], column, op, all);
                }
            }
        }
        self.candidates += count as u64;
        self.mark();
    }

    /// Generates one row of candidates (all values of the last child for
    /// fixed other children). Returns false when the run has stopped.
    fn step(&mut self) -> bool {
        if self.stop.is_some() {
            return false;
        }
        loop {
            let Cursor {
                op, composition, ..
            } = self.cursor;
            if op >= self.ops.len() {
                // size finished: bank what the batch holds first
                if self.parallel.as_ref().is_some_and(|p| !p.jobs.is_empty()) {
                    return self.flush();
                }
                self.bank.close_size();
                if self.cursor.size >= self.last_level {
                    self.finish(StopReason::Completed);
                    return false;
                }
                let next = self.cursor.size + 1;
                self.enter_size(next);
                continue;
            }
            if composition >= self.cursor.compositions.len() {
                self.cursor.op += 1;
                self.load_compositions();
                continue;
            }
            let op = self.ops[op];
            let parts = self.cursor.compositions[composition];
            let k = op.arity();
            let ranges: [std::ops::Range<ProgramId>; 4] = parts.map(|s| self.bank.of_size(s));
            let outer_count: u64 = ranges[..k - 1]
                .iter()
                .map(|r| u64::from(r.end - r.start))
                .product();
            if self.cursor.outer >= outer_count {
                self.cursor.composition += 1;
                self.cursor.outer = 0;
                continue;
            }
            // the fixed children of this row
            let mut fixed = [0 as ProgramId; 4];
            let mut rest = self.cursor.outer;
            for i in (0..k - 1).rev() {
                let len = u64::from(ranges[i].end - ranges[i].start);
                fixed[i] = ranges[i].start
                    + ProgramId::try_from(rest % len).expect("below a range length");
                rest /= len;
            }
            self.cursor.outer += 1;
            let mut last = ranges[k - 1].clone();
            if op.is_commutative() && parts[0] == parts[1] {
                last.start = fixed[0];
            }
            if let Some(resume) = self.cursor.resume.take() {
                last.start = resume;
            }
            if let Op::Ite(_) = op {
                if fixed[0] == fixed[1] {
                    // (ite (cmp a a) t e) is t or e: never new
                    continue;
                }
            }
            if self.parallel.is_some() {
                if self.queue(op, fixed, last) {
                    return self.flush();
                }
                continue;
            }
            return self.row(op, fixed, last);
        }
    }

    /// Adds a row's chunks to the batch; true when the batch is full.
    fn queue(&mut self, op: Op, fixed: [ProgramId; 4], last: std::ops::Range<ProgramId>) -> bool {
        let parallel = self.parallel.as_mut().expect("called in parallel mode");
        let mut start = last.start;
        while start < last.end {
            let end = last.end.min(start.saturating_add(CHUNK_IDS));
            parallel.jobs.push(Job {
                op,
                fixed,
                start,
                end,
            });
            parallel.queued += (end - start) as usize;
            start = end;
            if parallel.queued >= BATCH_CANDIDATES {
                // the rest of the row waits for the next batch
                if start < last.end {
                    self.cursor.outer -= 1;
                    self.cursor.resume = Some(start);
                }
                return true;
            }
        }
        false
    }

    /// Evaluates the batch on the workers (columns, hashes, and whether
    /// each column is banked already), then banks the new ones in order,
    /// checking the limits before each chunk as one thread would. Returns
    /// false when the run has stopped.
    fn flush(&mut self) -> bool {
        let mut parallel = self.parallel.take().expect("called in parallel mode");
        let rows = self.bank.rows;
        if self.bank.faulted < self.bank.len() + 2 * BATCH_CANDIDATES {
            self.bank
                .prefault(self.bank.len() + 8 * BATCH_CANDIDATES, parallel.threads);
        }
        {
            let (bank, table) = (&self.bank, &self.tables.main);
            let Parallel {
                threads,
                jobs,
                queued,
                columns,
                hashes,
                known,
                ..
            } = &mut parallel;
            // contiguous runs of jobs of about equal candidates, each with
            // its own part of the buffers
            let groups = (*threads).max(1);
            let per_group = queued.div_ceil(groups).max(1);
            let mut work = Vec::with_capacity(groups);
            let (mut columns, mut hashes, mut known) =
                (&mut columns[..], &mut hashes[..], &mut known[..]);
            let mut first = 0;
            while first < jobs.len() {
                let mut last = first;
                let mut count = 0;
                while last < jobs.len() && (count < per_group || last == first) {
                    count += (jobs[last].end - jobs[last].start) as usize;
                    last += 1;
                }
                let (c, rest_c) = std::mem::take(&mut columns).split_at_mut(count * rows);
                let (h, rest_h) = std::mem::take(&mut hashes).split_at_mut(count);
                let (k, rest_k) = std::mem::take(&mut known).split_at_mut(count);
                (columns, hashes, known) = (rest_c, rest_h, rest_k);
                work.push((&jobs[first..last], c, h, k));
                first = last;
            }
            let (size_limited, max_size) = (self.size_limited, self.config.max_size);
            let evaluate =
                |(jobs, out, hashes, known): (&[Job], &mut [i64], &mut [u64], &mut [bool])| {
                    let mut scratch = Scratch::new(rows);
                    let mut at = 0;
                    for job in jobs {
                        let count = (job.end - job.start) as usize;
                        let chunk = &mut out[at * rows..(at + count) * rows];
                        eval_chunk(
                            bank,
                            job.op,
                            job.fixed,
                            job.start..job.end,
                            chunk,
                            &mut scratch,
                        );
                        let chunk_hashes = &mut hashes[at..at + count];
                        for (k, hash) in chunk_hashes.iter_mut().enumerate() {
                            *hash = hash_column(&chunk[k * rows..(k + 1) * rows]);
                        }
                        // first slots loaded together: their misses overlap
                        std::hint::black_box(table.touch(chunk_hashes));
                        std::hint::black_box(table.touch_columns(chunk_hashes, bank));
                        let arity = job.op.arity();
                        let fixed_size: u32 =
                            job.fixed[..arity - 1].iter().map(|&c| bank.size(c)).sum();
                        for (k, &hash) in chunk_hashes.iter().enumerate() {
                            // too large (cost order): never banked, as if known
                            let last = job.start + ProgramId::try_from(k).expect("k < CHUNK");
                            let size = fixed_size + bank.size(last);
                            let column = &chunk[k * rows..(k + 1) * rows];
                            known[at + k] = (size_limited && size as usize >= max_size)
                                || table.find(hash, column, bank).is_some();
                        }
                        at += count;
                    }
                };
            // scoped threads for all groups but the first, which this
            // thread takes: no worker is left spinning while it banks
            let mut work = work.into_iter();
            let mine = work.next();
            std::thread::scope(|scope| {
                for group in work {
                    scope.spawn(move || evaluate(group));
                }
                if let Some(group) = mine {
                    evaluate(group);
                }
            });
        }
        // within the batch, the first of each column is new: each thread
        // dedups the candidates of its own shards
        let threads = parallel.threads;
        let shards = self.tables.main.shard_count();
        let owner = |hash: u64| owner_shard(hash, shards) % threads;
        {
            let (queued, columns, hashes, known) = (
                parallel.queued,
                &parallel.columns[..],
                &parallel.hashes[..],
                &parallel.known[..],
            );
            let dedup = |thread: usize| -> Vec<usize> {
                let mut local = vec![0u32; (2 * queued).next_power_of_two().max(2)];
                let mask = local.len() - 1;
                let mut duplicates = Vec::new();
                for i in (0..queued).filter(|&i| !known[i] && owner(hashes[i]) == thread) {
                    let column = &columns[i * rows..(i + 1) * rows];
                    let mut index = (hashes[i] >> 32) as usize & mask;
                    loop {
                        let entry = local[index];
                        if entry == 0 {
                            local[index] = u32::try_from(i + 1).expect("a batch is small");
                            break;
                        }
                        let j = entry as usize - 1;
                        if hashes[j] == hashes[i] && columns[j * rows..(j + 1) * rows] == *column {
                            duplicates.push(i);
                            break;
                        }
                        index = (index + 1) & mask;
                    }
                }
                duplicates
            };
            let duplicates: Vec<usize> = std::thread::scope(|scope| {
                let others: Vec<_> = (1..threads)
                    .map(|thread| scope.spawn(move || dedup(thread)))
                    .collect();
                let mut all = dedup(0);
                for other in others {
                    all.extend(other.join().expect("a dedup thread does not panic"));
                }
                all
            });
            for i in duplicates {
                parallel.known[i] = true;
            }
        }
        // in generation order, with the limits checked before each chunk as
        // one thread would: ids for the new ones, and their bank entries
        let mut running = true;
        let mut offset = 0;
        parallel.inserts.clear();
        for job in &parallel.jobs {
            let count = (job.end - job.start) as usize;
            if !self.within_limits(count) {
                running = false;
                break;
            }
            let node = Node::Op(job.op);
            let arity = job.op.arity();
            if let Some(watch) = &mut self.watch {
                for k in (0..count).filter(|&k| parallel.known[offset + k]) {
                    let at = offset + k;
                    if parallel.hashes[at] != watch.hash {
                        continue;
                    }
                    let mut children = job.fixed;
                    children[arity - 1] = job.start + ProgramId::try_from(k).expect("k < CHUNK");
                    let size: u32 = children[..arity].iter().map(|&c| self.bank.size(c)).sum();
                    if self.size_limited && size as usize >= self.config.max_size {
                        continue;
                    }
                    let column = &parallel.columns[at * rows..(at + 1) * rows];
                    watch.note(parallel.hashes[at], column, job.op, children);
                }
            }
            for k in (0..count).filter(|&k| !parallel.known[offset + k]) {
                let at = offset + k;
                let mut children = job.fixed;
                children[arity - 1] = job.start + ProgramId::try_from(k).expect("k < CHUNK");
                let column = &parallel.columns[at * rows..(at + 1) * rows];
                let hash = parallel.hashes[at];
                let id =
                    self.tables
                        .admit_new(&mut self.bank, hash, column, node, &children[..arity]);
                parallel.inserts.push((hash, id));
                self.unique_per_size[self.cursor.size] += 1;
            }
            self.candidates += count as u64;
            self.mark();
            offset += count;
        }
        // each thread inserts into its own shards
        {
            let inserts = &parallel.inserts[..];
            let mut owned: Vec<Vec<&mut table::Shard>> = (0..threads).map(|_| Vec::new()).collect();
            for (index, shard) in self.tables.main.shards_mut().iter_mut().enumerate() {
                owned[index % threads].push(shard);
            }
            let insert = |thread: usize, mut mine: Vec<&mut table::Shard>| {
                for &(hash, id) in inserts {
                    let shard = owner_shard(hash, shards);
                    if shard % threads == thread {
                        mine[shard / threads].insert_new(hash, id);
                    }
                }
            };
            std::thread::scope(|scope| {
                let mut owned = owned.into_iter().enumerate();
                let mine = owned.next();
                for (thread, shards) in owned {
                    scope.spawn(move || insert(thread, shards));
                }
                if let Some((thread, shards)) = mine {
                    insert(thread, shards);
                }
            });
        }
        parallel.jobs.clear();
        parallel.queued = 0;
        self.parallel = Some(parallel);
        running
    }

    /// Evaluates `op(fixed…, last)` for every `last` in the range.
    fn row(&mut self, op: Op, fixed: [ProgramId; 4], last: std::ops::Range<ProgramId>) -> bool {
        let rows = self.bank.rows;
        let mut start = last.start;
        while start < last.end {
            let end = last.end.min(start.saturating_add(CHUNK_IDS));
            let count = (end - start) as usize;
            if !self.within_limits(count) {
                return false;
            }
            let out = &mut self.buffer[..count * rows];
            eval_chunk(&self.bank, op, fixed, start..end, out, &mut self.scratch);
            self.commit_chunk(op, fixed, start..end);
            start = end;
        }
        true
    }

    /// Enters a level (a size under unit costs): banks its leaves and
    /// seeds, then readies its first operator.
    fn enter_size(&mut self, size: usize) {
        self.cursor = Cursor {
            size,
            op: 0,
            compositions: Vec::new(),
            composition: 0,
            outer: 0,
            resume: None,
        };
        self.unique_per_size.push(0);
        debug_assert_eq!(self.unique_per_size.len(), size + 1);
        self.bank_leaves(size);
        self.mark();
        self.load_compositions();
    }

    /// Child sizes for the current size and operator: every composition of
    /// `size - 1` into `arity` sizes that have programs (commutative
    /// operators take only ascending ones).
    fn load_compositions(&mut self) {
        self.cursor.composition = 0;
        self.cursor.outer = 0;
        self.cursor.compositions.clear();
        let Some(&op) = self.ops.get(self.cursor.op) else {
            return;
        };
        let k = op.arity();
        let Some(total) = self.cursor.size.checked_sub(self.config.cost(Node::Op(op))) else {
            return;
        };
        if total < k {
            return;
        }
        let has = |s: usize| !self.bank.of_size(s).is_empty();
        let mut parts = [1usize; 4];
        // odometer over the first k-1 parts; the last takes the rest
        loop {
            let used: usize = parts[..k - 1].iter().sum();
            if used < total {
                parts[k - 1] = total - used;
                let ok = parts[..k].iter().all(|&s| has(s))
                    && !(op.is_commutative() && parts[0] > parts[1]);
                if ok {
                    self.cursor.compositions.push(parts);
                }
            }
            // advance
            let mut i = k - 1;
            loop {
                if i == 0 {
                    return;
                }
                i -= 1;
                parts[i] += 1;
                if parts[..k - 1].iter().sum::<usize>() < total {
                    break;
                }
                parts[i] = 1;
            }
        }
    }
}

/// The shard of the main table a hash goes to (its low bits), of `shards`.
#[expect(clippy::cast_possible_truncation, reason = "masked to the shard count")]
fn owner_shard(hash: u64, shards: usize) -> usize {
    (hash & (shards as u64 - 1)) as usize
}

/// The children's columns of a chunk, widened from the bank's narrow
/// storage for the kernels.
#[derive(Debug)]
struct Scratch {
    /// The fixed children's columns, back to back.
    fixed: Vec<i64>,
    /// The last children's columns, back to back.
    last: Vec<i64>,
}

impl Scratch {
    fn new(rows: usize) -> Scratch {
        Scratch {
            fixed: vec![0; 4 * rows],
            last: vec![0; CHUNK * rows],
        }
    }

    fn capacity(&self) -> usize {
        self.fixed.capacity() + self.last.capacity()
    }
}

/// The columns of `op(fixed…, last)` for every `last` in `range`, back to
/// back in `out`.
fn eval_chunk(
    bank: &Bank,
    op: Op,
    fixed: [ProgramId; 4],
    range: std::ops::Range<ProgramId>,
    out: &mut [i64],
    scratch: &mut Scratch,
) {
    let rows = bank.rows;
    let arity = op.arity();
    if arity == 2 {
        if let Some(rights) = bank.narrow_run(range.clone()) {
            let left = &mut scratch.fixed[..rows];
            bank.column(fixed[0]).write_to(left);
            eval::apply_broadcast_narrow(op, left, rights, out);
            return;
        }
    }
    let count = (range.end - range.start) as usize;
    if scratch.last.len() < count * rows {
        scratch.last.resize(count * rows, 0);
    }
    let last = &mut scratch.last[..count * rows];
    bank.widen(range, last);
    for (k, &child) in fixed[..arity - 1].iter().enumerate() {
        bank.column(child)
            .write_to(&mut scratch.fixed[k * rows..(k + 1) * rows]);
    }
    let fixed = &scratch.fixed;
    match arity {
        1 => eval::apply(op, &[last], out),
        2 => eval::apply_broadcast(op, &fixed[..rows], last, out),
        _ => {
            let (a, b, t) = (
                &fixed[..rows],
                &fixed[rows..2 * rows],
                &fixed[2 * rows..3 * rows],
            );
            for (j, column) in last.chunks_exact(rows.max(1)).enumerate() {
                eval::apply(op, &[a, b, t, column], &mut out[j * rows..(j + 1) * rows]);
            }
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
    /// With [`Dedup::Proven`]: programs kept because the extra rows told
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
