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
}

/// Bytes one entry costs, besides its column and its children: node,
/// child start, size, depth.
pub(crate) const ENTRY_BYTES: usize = std::mem::size_of::<Node>() + 4 * 3;

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
