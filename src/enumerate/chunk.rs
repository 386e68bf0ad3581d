//! A chunk of candidates, `op(fixed…, last)` for a run of `last`: its
//! evaluation into columns (`eval_chunk`, on any thread) and, on one
//! thread, its lookup and banking (`Enumeration::commit_chunk`).

use crate::dsl::{Node, Op};
use crate::eval;

use super::bank::Bank;
use super::table::hash_column;
use super::{Enumeration, ProgramId, CHUNK};

/// The children's columns of a chunk, widened from the bank's narrow
/// storage for the kernels.
#[derive(Debug)]
pub(super) struct Scratch {
    /// The fixed children's columns, back to back.
    fixed: Vec<i64>,
    /// The last children's columns, back to back.
    last: Vec<i64>,
}

impl Scratch {
    pub(super) fn new(rows: usize) -> Scratch {
        Scratch {
            fixed: vec![0; 4 * rows],
            last: vec![0; CHUNK * rows],
        }
    }

    pub(super) fn capacity(&self) -> usize {
        self.fixed.capacity() + self.last.capacity()
    }
}

/// The columns of `op(fixed…, last)` for every `last` in `range`, back to
/// back in `out`.
pub(super) fn eval_chunk(
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

impl Enumeration {
    /// Looks up the chunk in `buffer` (`op(fixed…, last)` for `last` in
    /// `range`) and banks the new ones.
    pub(super) fn commit_chunk(
        &mut self,
        op: Op,
        fixed: [ProgramId; 4],
        range: std::ops::Range<ProgramId>,
    ) {
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
        let watched = self.watched_in_chunk();
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
}
