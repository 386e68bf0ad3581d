//! The bank: every unique program found, stored compactly by id.

use crate::dsl::{Node, Program};

/// Identifies a program in an enumeration's bank; ids count up from 0 in the
/// order programs were found (so in size order).
pub type ProgramId = u32;

/// Unique programs as nodes over child ids, each with its output column.
#[derive(Clone, Debug, Default)]
pub(crate) struct Bank {
    /// Values per column (probe rows).
    pub(crate) rows: usize,
    pub(crate) nodes: Vec<Node>,
    /// Children of entry `i`: `children[child_start[i]..][..arity]`.
    pub(crate) child_start: Vec<u32>,
    pub(crate) children: Vec<ProgramId>,
    pub(crate) sizes: Vec<u32>,
    pub(crate) depths: Vec<u32>,
    /// Entry `i`'s column is `columns[i * rows..][..rows]`.
    pub(crate) columns: Vec<i64>,
    /// Ids of size `s` are `size_start[s]..size_start[s + 1]`.
    pub(crate) size_start: Vec<ProgramId>,
    /// Entries whose memory (within capacity) has been written once, so
    /// that the kernel has mapped its pages ([`Bank::prefault`]).
    pub(crate) faulted: usize,
}

/// Bytes one entry costs, besides its column and its children: node,
/// child start, size, depth.
pub(crate) const ENTRY_BYTES: usize = std::mem::size_of::<Node>() + 4 * 3;

/// The part of `vector`'s spare capacity at element indices `from..to`.
fn spare<T>(vector: &mut Vec<T>, from: usize, to: usize) -> &mut [std::mem::MaybeUninit<T>] {
    let len = vector.len();
    let spare = vector.spare_capacity_mut();
    let to = to.saturating_sub(len).min(spare.len());
    let from = from.saturating_sub(len).min(to);
    &mut spare[from..to]
}

/// `part` cut into `count` pieces of about equal length.
fn pieces<T>(part: &mut [T], count: usize) -> Vec<&mut [T]> {
    let size = part.len().div_ceil(count.max(1)).max(1);
    part.chunks_mut(size).collect()
}

impl Bank {
    pub(crate) fn new(rows: usize) -> Bank {
        Bank {
            rows,
            size_start: vec![0, 0],
            ..Bank::default()
        }
    }

    /// The id the next entry gets. The table holds at most 2^32 slots at a
    /// load of one half, so ids stay below 2^31.
    pub(crate) fn next_id(&self) -> ProgramId {
        ProgramId::try_from(self.nodes.len()).expect("the table keeps ids below 2^31")
    }

    pub(crate) fn len(&self) -> usize {
        self.nodes.len()
    }

    pub(crate) fn column(&self, id: ProgramId) -> &[i64] {
        let start = id as usize * self.rows;
        &self.columns[start..start + self.rows]
    }

    /// Columns of the ids in `range`, back to back.
    pub(crate) fn columns_of(&self, range: std::ops::Range<ProgramId>) -> &[i64] {
        &self.columns[range.start as usize * self.rows..range.end as usize * self.rows]
    }

    pub(crate) fn children(&self, id: ProgramId) -> &[ProgramId] {
        let start = self.child_start[id as usize] as usize;
        &self.children[start..start + self.nodes[id as usize].arity()]
    }

    pub(crate) fn of_size(&self, size: usize) -> std::ops::Range<ProgramId> {
        match (self.size_start.get(size), self.size_start.get(size + 1)) {
            (Some(&start), Some(&end)) => start..end,
            _ => 0..0,
        }
    }

    /// Appends an entry; the caller has checked memory and uniqueness.
    pub(crate) fn push(&mut self, node: Node, children: &[ProgramId], column: &[i64]) -> ProgramId {
        let id =
            ProgramId::try_from(self.nodes.len()).expect("the memory limit keeps ids below 2^32");
        let (size, depth) = children.iter().fold((1, 1), |(size, depth), &child| {
            (
                size + self.sizes[child as usize],
                depth.max(self.depths[child as usize] + 1),
            )
        });
        self.nodes.push(node);
        self.child_start
            .push(u32::try_from(self.children.len()).expect("fewer than 2^32 child links"));
        self.children.extend_from_slice(children);
        self.sizes.push(size);
        self.depths.push(depth);
        self.columns.extend_from_slice(column);
        id
    }

    /// Closes the size class being filled; the next entries have the next
    /// size.
    pub(crate) fn close_size(&mut self) {
        let len = ProgramId::try_from(self.nodes.len()).expect("ids fit in u32");
        self.size_start.push(len);
    }

    /// The program of entry `id`, rebuilt as a node array.
    pub(crate) fn program(&self, id: ProgramId) -> Program {
        let mut nodes = Vec::with_capacity(self.sizes[id as usize] as usize);
        // (entry, children already pushed)
        let mut stack = vec![(id, false)];
        while let Some((entry, expanded)) = stack.pop() {
            let node = self.nodes[entry as usize];
            if expanded || node.arity() == 0 {
                nodes.push(node);
            } else {
                stack.push((entry, true));
                stack.extend(
                    self.children(entry)
                        .iter()
                        .rev()
                        .map(|&child| (child, false)),
                );
            }
        }
        Program::from_postfix(nodes).expect("bank entries form well-formed programs")
    }

    /// Writes the spare capacity of the bank's vectors up to room for
    /// `entries` (at most their capacity) once, on `threads` threads, so
    /// that the page faults of fresh memory are taken in parallel rather
    /// than by the thread that banks. Nothing is allocated, and nothing
    /// past the vectors' lengths is read.
    pub(crate) fn prefault(&mut self, entries: usize, threads: usize) {
        let (from, to) = (self.faulted.max(self.len()), entries);
        if to <= from {
            return;
        }
        let rows = self.rows;
        let threads = threads.max(1);
        let columns = spare(&mut self.columns, from * rows, to * rows);
        let nodes = spare(&mut self.nodes, from, to);
        let sizes = spare(&mut self.sizes, from, to);
        let depths = spare(&mut self.depths, from, to);
        let child_start = spare(&mut self.child_start, from, to);
        let mut columns = pieces(columns, threads);
        let mut nodes = pieces(nodes, threads);
        let mut counts = pieces(sizes, threads);
        counts.extend(pieces(depths, threads));
        counts.extend(pieces(child_start, threads));
        let mut counts = counts.into_iter();
        let per_thread = 3;
        std::thread::scope(|scope| {
            for _ in 0..threads {
                let column = columns.pop();
                let node = nodes.pop();
                let count: Vec<_> = counts.by_ref().take(per_thread).collect();
                scope.spawn(move || {
                    column.into_iter().flatten().for_each(|v| {
                        v.write(0);
                    });
                    node.into_iter().flatten().for_each(|v| {
                        v.write(Node::Lit(0));
                    });
                    count.into_iter().flatten().for_each(|v| {
                        v.write(0);
                    });
                });
            }
        });
        let capacity = self
            .nodes
            .capacity()
            .min(self.columns.capacity() / rows.max(1));
        self.faulted = to.min(capacity).max(self.faulted);
    }

    /// Bytes held, counting capacity.
    pub(crate) fn memory_usage(&self) -> usize {
        self.nodes.capacity() * std::mem::size_of::<Node>()
            + (self.child_start.capacity()
                + self.children.capacity()
                + self.sizes.capacity()
                + self.depths.capacity()
                + self.size_start.capacity())
                * 4
            + self.columns.capacity() * 8
    }
}
