//! Enumeration on several threads: a level's rows are queued as chunks
//! into a batch, which the workers evaluate, hash and look up together; the
//! batch is then deduplicated by shard, banked by one thread in generation
//! order, and its new entries inserted into the table's shards in parallel.

use crate::dsl::{Node, Op};

use super::chunk::{eval_chunk, Scratch};
use super::table::{self, hash_column, owner_shard};
use super::{Enumeration, ProgramId, CHUNK, CHUNK_IDS};

/// The workers of a multi-threaded enumeration and the batch of candidate
/// chunks they evaluate together.
pub(super) struct Parallel {
    threads: usize,
    /// Chunks of the batch, in generation order.
    pub(super) jobs: Vec<Job>,
    /// Candidates in the batch.
    queued: usize,
    /// Each candidate's column, in batch order.
    pub(super) columns: Vec<i64>,
    /// Each candidate's hash.
    pub(super) hashes: Vec<u64>,
    /// Whether each candidate is not new: banked before the batch, too
    /// large, or the same column as an earlier candidate of the batch.
    pub(super) known: Vec<bool>,
    /// The batch's new entries for the table: (hash, id).
    inserts: Vec<(u64, ProgramId)>,
}

/// One chunk of candidates: `op(fixed…, last)` for `last` in `start..end`.
#[derive(Clone, Copy, Debug)]
pub(super) struct Job {
    pub(super) op: Op,
    pub(super) fixed: [ProgramId; 4],
    pub(super) start: ProgramId,
    pub(super) end: ProgramId,
}

/// Candidates evaluated together by the workers (a batch may pass it by
/// less than one chunk). Each batch starts the workers three times: 256
/// chunks were 1.1–1.2× faster at two threads than 64 (BENCHMARKS.md, "A
/// compact bank"), for 8 MiB of buffers with 16 probe rows.
const BATCH_CANDIDATES: usize = 256 * CHUNK;

impl Parallel {
    /// `threads` workers, with room for a batch of columns of `rows` rows.
    pub(super) fn new(threads: usize, rows: usize) -> Parallel {
        let room = BATCH_CANDIDATES + CHUNK;
        Parallel {
            threads,
            jobs: Vec::new(),
            queued: 0,
            columns: vec![0; room * rows.max(1)],
            hashes: vec![0; room],
            known: vec![false; room],
            inserts: Vec::with_capacity(room),
        }
    }
}

impl Enumeration {
    /// Adds a row's chunks to the batch; true when the batch is full.
    pub(super) fn queue(
        &mut self,
        op: Op,
        fixed: [ProgramId; 4],
        last: std::ops::Range<ProgramId>,
    ) -> bool {
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
    pub(super) fn flush(&mut self) -> bool {
        let mut parallel = self.parallel.take().expect("called in parallel mode");
        if self.bank.faulted < self.bank.len() + 2 * BATCH_CANDIDATES {
            self.bank
                .prefault(self.bank.len() + 8 * BATCH_CANDIDATES, parallel.threads);
        }
        self.evaluate_batch(&mut parallel);
        // within the batch, the first of each column is new: each thread
        // dedups the candidates of its own shards
        parallel.dedup(self.tables.main.shard_count(), self.bank.rows);
        let running = self.bank_batch(&mut parallel);
        self.insert_batch(&parallel);
        parallel.jobs.clear();
        parallel.queued = 0;
        self.parallel = Some(parallel);
        running
    }

    /// Evaluates the batch on the workers: each candidate's column, its
    /// hash, and whether it is known (banked before the batch, or too
    /// large).
    fn evaluate_batch(&self, parallel: &mut Parallel) {
        let rows = self.bank.rows;
        let (bank, table) = (&self.bank, &self.tables.main);
        let Parallel {
            threads,
            jobs,
            queued,
            columns,
            hashes,
            known,
            ..
        } = parallel;
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

    /// Banks the batch's new candidates in generation order, with the
    /// limits checked before each chunk as one thread would, and notes the
    /// known ones that are watched; their table entries wait in
    /// `parallel.inserts`. Returns false when the run has stopped.
    fn bank_batch(&mut self, parallel: &mut Parallel) -> bool {
        let rows = self.bank.rows;
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
            self.note_known(parallel, job, offset);
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
        running
    }

    /// Inserts the batch's new entries into the main table: each thread
    /// into its own shards.
    fn insert_batch(&mut self, parallel: &Parallel) {
        let threads = parallel.threads;
        let shards = self.tables.main.shard_count();
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
}

impl Parallel {
    /// Marks as known each candidate of the batch whose column an earlier
    /// one has: each of the threads dedups the candidates of its own shards
    /// (of the main table's `shards`).
    fn dedup(&mut self, shards: usize, rows: usize) {
        let threads = self.threads;
        let owner = |hash: u64| owner_shard(hash, shards) % threads;
        let (queued, columns, hashes, known) = (
            self.queued,
            &self.columns[..],
            &self.hashes[..],
            &self.known[..],
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
            self.known[i] = true;
        }
    }
}
