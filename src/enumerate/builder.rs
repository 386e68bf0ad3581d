//! The [`Enumerator`]: the configuration of an enumeration, its defaults
//! and limits, and [`Enumerator::start`], which checks it and builds the
//! [`Enumeration`].

use std::collections::VecDeque;
use std::time::{Duration, Instant};

use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

use crate::cancel::Cancel;
use crate::dsl::{random::random_value, Grammar, Inputs, Node, Op, Program};

use super::bank::Bank;
use super::table::Table;
use super::{
    Costs, Cursor, Dedup, Enumeration, Parallel, Scratch, Tables, Watch, CHUNK, GENERATION_ORDER,
};

/// Default for [`Enumerator::max_size`].
pub const DEFAULT_MAX_SIZE: usize = 7;
/// Default for [`Enumerator::memory_limit`]: 4 GiB.
pub const DEFAULT_MEMORY_LIMIT: usize = 4 << 30;
/// Rows of the default probe ([`Enumerator::default_probe`]).
pub const DEFAULT_PROBE_ROWS: usize = 16;

/// The most levels (costs) an enumeration may have.
pub const MAX_LEVEL: usize = 1 << 16;

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

/// Configuration of a bottom-up enumeration; see the [module
/// docs](crate::enumerate).
#[derive(Clone, Debug)]
#[must_use]
pub struct Enumerator {
    pub(super) grammar: Grammar,
    probe: Option<Inputs>,
    pub(super) max_size: usize,
    pub(super) memory_limit: usize,
    pub(super) time_limit: Option<Duration>,
    pub(super) candidate_limit: Option<u64>,
    pub(super) cancel: Option<Cancel>,
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
            cancel: None,
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
    pub(super) fn cost(&self, node: Node) -> usize {
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

    /// Bytes the bank, the tables and the chunk buffers may hold; growth
    /// that would pass it stops the run first, at the same program whatever
    /// [`Enumerator::threads`] is (the workers' fixed batch buffers,
    /// [`MemoryParts::workers`](super::MemoryParts::workers), are not
    /// counted). Default: [`DEFAULT_MEMORY_LIMIT`] (4 GiB).
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

    /// Stops the run with [`StopReason::Cancelled`](super::StopReason)
    /// once `cancel` is cancelled, read before each chunk of candidates
    /// (as the time limit is), so a caller's stop is seen within a chunk's
    /// work even where nearly every candidate is a duplicate and nothing is
    /// yielded for a long while. Default: none.
    pub fn cancel(mut self, cancel: Cancel) -> Enumerator {
        self.cancel = Some(cancel);
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
        let judged = self.judged(&probe)?;
        let rows = judged.len();
        let threads = self.threads;
        let probe_table = (rows > probe_rows).then(|| Table::with_capacity(1024));
        let watch = match &self.watch {
            Some((column, max)) if rows == probe_rows && column.len() == rows => {
                Some(Watch::new(column.clone(), *max))
            }
            _ => None,
        };
        let mut enumeration = Enumeration {
            config: self,
            bank: Bank::new(rows),
            tables: Tables {
                // shards that banking inserts into in parallel; as many
                // whatever the thread count, so that the table grows (and
                // the memory limit stops the run) at the same program
                main: Table::with_shards(1024, super::table::SHARDS),
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
            rehash_ns: super::memory::REHASH_NS_GUESS,
            elapsed: Duration::ZERO,
            parallel: None,
            watch,
        };
        if threads > 1 {
            enumeration.parallel = Some(Parallel::new(threads, rows));
        }
        enumeration.enter_size(1);
        Ok(enumeration)
    }

    /// The rows programs are evaluated on: the probe, then any extra rows
    /// ([`Dedup::ExtraRows`]), then the rows of [`Enumerator::judge_beyond`].
    fn judged(&self, probe: &Inputs) -> Result<Inputs, EnumerateError> {
        let vars = self.grammar.vars().len();
        let judged = match self.dedup {
            Dedup::Observational => probe.clone(),
            Dedup::ExtraRows { extra_rows } => {
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
        match &self.beyond {
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
                Ok(Inputs::from_columns(columns).expect("columns of one length"))
            }
            _ => Ok(judged),
        }
    }
}
