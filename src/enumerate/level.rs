//! Generation by levels (sizes, or costs): where generation resumes
//! ([`Cursor`]), a level's leaves and seeds, its operators' child-size
//! compositions, and its rows of candidates, one at a time or queued for
//! the workers.

use smallvec::SmallVec;

use crate::dsl::{Node, Op, Program};
use crate::eval;

use super::chunk::eval_chunk;
use super::table::hash_column;
use super::{Enumeration, ProgramId, StopReason, CHUNK_IDS};

/// Where generation resumes.
#[derive(Clone, Debug, Default)]
pub(super) struct Cursor {
    /// Level (size, under unit costs) being filled.
    pub(super) size: usize,
    op: usize,
    /// Child-size compositions for (`size`, `ops[op]`) and the next one.
    compositions: Vec<[usize; 4]>,
    composition: usize,
    /// Index over every child but the last (mixed radix).
    pub(super) outer: u64,
    /// Where a row split between two batches resumes (its last child).
    pub(super) resume: Option<ProgramId>,
}

impl Enumeration {
    /// Generates one row of candidates (all values of the last child for
    /// fixed other children). Returns false when the run has stopped.
    pub(super) fn step(&mut self) -> bool {
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
    pub(super) fn enter_size(&mut self, size: usize) {
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
}
