//! The watch of a column ([`Enumerator::watch`]): the candidates whose
//! probe column is the watched one but which are not banked, because a
//! banked program has their column.
//!
//! [`Enumerator::watch`]: super::Enumerator::watch

use crate::dsl::{Node, Op, Program};

use super::parallel::{Job, Parallel};
use super::table::hash_column;
use super::{Enumeration, ProgramId};

/// A watched column and its duplicates not yet taken.
pub(super) struct Watch {
    column: Vec<i64>,
    hash: u64,
    max: usize,
    /// `op(children…)`, in generation order.
    found: Vec<(Op, [ProgramId; 4])>,
}

impl Watch {
    /// A watch of `column`, collecting at most `max` duplicates between two
    /// takes.
    pub(super) fn new(column: Vec<i64>, max: usize) -> Watch {
        Watch {
            hash: hash_column(&column),
            column,
            max,
            found: Vec::new(),
        }
    }

    /// Notes `op(children…)` if its column is the watched one.
    pub(super) fn note(&mut self, hash: u64, column: &[i64], op: Op, children: [ProgramId; 4]) {
        if hash == self.hash && self.found.len() < self.max && column == self.column {
            self.found.push((op, children));
        }
    }
}

impl Enumeration {
    /// The candidates collected since the last take whose probe column is
    /// the watched one ([`Enumerator::watch`](super::Enumerator::watch))
    /// though they were not banked, in generation order; none without a
    /// watch.
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

    /// Whether the chunk being looked up (its hashes in `self.hashes`) may
    /// hold the watched column.
    pub(super) fn watched_in_chunk(&self) -> bool {
        self.watch
            .as_ref()
            .is_some_and(|w| self.hashes.contains(&w.hash))
    }

    /// Notes the candidates of `job` (at `offset` in the batch) that are
    /// known but have the watched column, in order.
    pub(super) fn note_known(&mut self, parallel: &Parallel, job: &Job, offset: usize) {
        let Some(watch) = &mut self.watch else {
            return;
        };
        let rows = self.bank.rows;
        let count = (job.end - job.start) as usize;
        let arity = job.op.arity();
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
}
