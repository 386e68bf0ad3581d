//! The bank: every unique program found, stored compactly by id.
//!
//! Columns are stored narrow: a column whose values all lie in
//! `-(2^31 - 1)..=2^31 - 1` takes 4 bytes a value. A column with a value
//! outside (a wide one) keeps its full `i64` values in a side store, and its
//! narrow slot starts with [`WIDE`], a value no narrow column holds, so
//! telling the two apart costs one load.

use std::fmt;

use super::segments::Segments;
use crate::dsl::{Node, Op, Program};

/// Identifies a program in an enumeration's bank; ids count up from 0 in the
/// order programs were found (so in size order).
pub type ProgramId = u32;

/// Unique programs as nodes over child ids, each with its output column,
/// in [`Segments`]: the bank grows without moving what it holds.
#[derive(Clone, Debug)]
pub(crate) struct Bank {
    /// Values per column (probe rows).
    pub(crate) rows: usize,
    /// Entry `i`: its root node's code ([`Bank::encode`]), where its children start
    /// in `children`, its size and its depth.
    entries: Segments<u32>,
    /// The literals of the entries' nodes, each once (few: the grammar's and
    /// the seeds').
    literals: Vec<i64>,
    /// Children of entry `i`: `children[start..][..arity]`.
    pub(crate) children: Vec<ProgramId>,
    /// Entry `i`'s narrow column; a wide entry's starts with [`WIDE`].
    narrow: Segments<i32>,
    /// Ids of the wide entries, ascending.
    pub(crate) wide_ids: Vec<ProgramId>,
    /// The `k`-th wide entry's column is `wide[k * rows..][..rows]`.
    pub(crate) wide: Vec<i64>,
    /// Ids of size `s` are `size_start[s]..size_start[s + 1]`.
    pub(crate) size_start: Vec<ProgramId>,
    /// Entries whose memory (within capacity) has been written once, so
    /// that the kernel has mapped its pages ([`Bank::prefault`]).
    pub(crate) faulted: usize,
}

/// The fields of an entry in [`Bank::entries`].
const NODE: usize = 0;
const CHILD_START: usize = 1;
const SIZE: usize = 2;
const DEPTH: usize = 3;
const ENTRY_FIELDS: usize = 4;

/// The top two bits of a node code ([`Bank::encode`]): 0 for an operator.
const VAR_TAG: u32 = 1 << 30;
const LIT_TAG: u32 = 2 << 30;
const PAYLOAD: u32 = (1 << 30) - 1;

/// The first value of a wide entry's narrow slot; narrow columns never hold
/// it.
const WIDE: i32 = i32::MIN;

/// `value` as a narrow value, if it is one.
fn narrow(value: i64) -> Option<i32> {
    i32::try_from(value).ok().filter(|&v| v != WIDE)
}

/// A banked program's output column: its values on the probe rows (and the
/// rows it is judged on), read from the bank's compact storage.
///
/// Compare it with a slice (`column == outputs[..]`), read one value with
/// [`Column::get`], all with [`Column::iter`], or copy them with
/// [`Column::to_vec`].
///
/// ```
/// use arithsynth::enumerate::Enumerator;
/// use arithsynth::{Grammar, Inputs, Vars};
///
/// // a probe with a value past 32 bits: that column is kept whole
/// let probe = Inputs::from_columns(vec![vec![1, 2, 1 << 40]])?;
/// let grammar = Grammar::new(Vars::new(["x"])?);
/// let mut enumeration = Enumerator::new(grammar).probe(probe).max_size(3).start()?;
/// let x = enumeration.next().expect("x comes first");
/// let column = enumeration.column(x);
/// assert_eq!(column, [1, 2, 1 << 40][..]);
/// assert_eq!(column.get(2), Some(1 << 40));
/// assert_eq!(column.iter().max(), Some(1 << 40));
/// assert_eq!(column.to_vec(), vec![1, 2, 1 << 40]);
/// assert_eq!(column.count_equal(&[1, 5, 1 << 40]), 2);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Copy)]
pub struct Column<'a>(Values<'a>);

#[derive(Clone, Copy)]
enum Values<'a> {
    Narrow(&'a [i32]),
    Wide(&'a [i64]),
}

impl<'a> Column<'a> {
    /// The number of values (rows).
    #[must_use]
    pub fn len(&self) -> usize {
        match self.0 {
            Values::Narrow(values) => values.len(),
            Values::Wide(values) => values.len(),
        }
    }

    /// True when the column has no rows.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The value on row `row`, or `None` past the end.
    #[must_use]
    pub fn get(&self, row: usize) -> Option<i64> {
        match self.0 {
            Values::Narrow(values) => values.get(row).map(|&v| i64::from(v)),
            Values::Wide(values) => values.get(row).copied(),
        }
    }

    /// The values in row order.
    #[must_use]
    pub fn iter(&self) -> Iter<'a> {
        Iter(match self.0 {
            Values::Narrow(values) => IterValues::Narrow(values.iter()),
            Values::Wide(values) => IterValues::Wide(values.iter()),
        })
    }

    /// On how many of the first `values.len()` rows the column equals
    /// `values` (e.g. how many of a task's examples a program fits).
    #[must_use]
    pub fn count_equal(&self, values: &[i64]) -> usize {
        match self.0 {
            Values::Narrow(column) => column
                .iter()
                .zip(values)
                .filter(|&(&a, &b)| i64::from(a) == b)
                .count(),
            Values::Wide(column) => column.iter().zip(values).filter(|(a, b)| a == b).count(),
        }
    }

    /// The values, copied.
    #[must_use]
    pub fn to_vec(&self) -> Vec<i64> {
        let mut out = vec![0; self.len()];
        self.write_to(&mut out);
        out
    }

    /// The rows `range` of the column.
    ///
    /// # Panics
    ///
    /// When `range` reaches past the end.
    #[must_use]
    pub fn slice(&self, range: std::ops::Range<usize>) -> Column<'a> {
        Column(match self.0 {
            Values::Narrow(values) => Values::Narrow(&values[range]),
            Values::Wide(values) => Values::Wide(&values[range]),
        })
    }

    /// Writes the values into `out`, which has exactly [`Column::len`] of
    /// them.
    #[inline]
    pub(crate) fn write_to(&self, out: &mut [i64]) {
        match self.0 {
            Values::Narrow(values) => {
                for (o, &v) in out.iter_mut().zip(values) {
                    *o = i64::from(v);
                }
            }
            Values::Wide(values) => out.copy_from_slice(values),
        }
    }

    /// True when its first `values.len()` values are `values`.
    #[inline]
    pub(crate) fn starts_with(&self, values: &[i64]) -> bool {
        match self.0 {
            Values::Narrow(column) => {
                column.len() >= values.len()
                    && column.iter().zip(values).all(|(&a, &b)| i64::from(a) == b)
            }
            Values::Wide(column) => column.starts_with(values),
        }
    }
}

impl<'a> IntoIterator for Column<'a> {
    type Item = i64;
    type IntoIter = Iter<'a>;

    fn into_iter(self) -> Iter<'a> {
        self.iter()
    }
}

/// The values of a [`Column`], in row order.
#[derive(Clone, Debug)]
pub struct Iter<'a>(IterValues<'a>);

#[derive(Clone, Debug)]
enum IterValues<'a> {
    Narrow(std::slice::Iter<'a, i32>),
    Wide(std::slice::Iter<'a, i64>),
}

impl Iterator for Iter<'_> {
    type Item = i64;

    fn next(&mut self) -> Option<i64> {
        match &mut self.0 {
            IterValues::Narrow(values) => values.next().map(|&v| i64::from(v)),
            IterValues::Wide(values) => values.next().copied(),
        }
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        match &self.0 {
            IterValues::Narrow(values) => values.size_hint(),
            IterValues::Wide(values) => values.size_hint(),
        }
    }
}

impl ExactSizeIterator for Iter<'_> {}

impl PartialEq<[i64]> for Column<'_> {
    fn eq(&self, other: &[i64]) -> bool {
        self.len() == other.len() && self.starts_with(other)
    }
}

impl PartialEq<&[i64]> for Column<'_> {
    fn eq(&self, other: &&[i64]) -> bool {
        *self == **other
    }
}

impl PartialEq<Vec<i64>> for Column<'_> {
    fn eq(&self, other: &Vec<i64>) -> bool {
        *self == other[..]
    }
}

impl PartialEq<Column<'_>> for [i64] {
    fn eq(&self, other: &Column<'_>) -> bool {
        other == self
    }
}

impl PartialEq<Column<'_>> for Vec<i64> {
    fn eq(&self, other: &Column<'_>) -> bool {
        other == self
    }
}

impl PartialEq for Column<'_> {
    fn eq(&self, other: &Column<'_>) -> bool {
        self.len() == other.len() && self.iter().eq(other.iter())
    }
}

impl Eq for Column<'_> {}

impl fmt::Debug for Column<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_list().entries(self.iter()).finish()
    }
}

/// `pieces` cut into `threads` lists of about equal length.
fn shares<T>(pieces: Vec<&mut [T]>, threads: usize) -> Vec<Vec<&mut [T]>> {
    let mut cut: Vec<&mut [T]> = pieces
        .into_iter()
        .flat_map(|piece| {
            let size = piece.len().div_ceil(threads).max(1);
            piece.chunks_mut(size)
        })
        .collect();
    let share = cut.len().div_ceil(threads).max(1);
    (0..threads)
        .map(|_| cut.split_off(cut.len().saturating_sub(share)))
        .collect()
}

/// Writes zeros into `pieces`.
fn zero<T: Default>(pieces: Vec<&mut [std::mem::MaybeUninit<T>]>) {
    for value in pieces.into_iter().flatten() {
        value.write(T::default());
    }
}

impl Bank {
    pub(crate) fn new(rows: usize) -> Bank {
        Bank {
            rows,
            entries: Segments::new(ENTRY_FIELDS),
            literals: Vec::new(),
            children: Vec::new(),
            narrow: Segments::new(rows),
            wide_ids: Vec::new(),
            wide: Vec::new(),
            size_start: vec![0, 0],
            faulted: 0,
        }
    }

    /// The id the next entry gets. The table holds at most 2^32 slots at a
    /// load of one half, so ids stay below 2^31.
    pub(crate) fn next_id(&self) -> ProgramId {
        ProgramId::try_from(self.len()).expect("the table keeps ids below 2^31")
    }

    pub(crate) fn len(&self) -> usize {
        self.entries.len()
    }

    /// Entries that fit without allocating.
    pub(crate) fn capacity(&self) -> usize {
        self.entries.capacity().min(self.narrow.capacity())
    }

    /// Bytes that room for `entries` entries would allocate (their columns
    /// narrow).
    pub(crate) fn growth_bytes(&self, entries: usize) -> usize {
        self.entries.growth_bytes(entries) + self.narrow.growth_bytes(entries)
    }

    /// Allocates room for `entries` entries.
    pub(crate) fn reserve(&mut self, entries: usize) {
        self.entries.reserve(entries);
        self.narrow.reserve(entries);
    }

    /// Entry `id`'s size in nodes.
    #[inline]
    pub(crate) fn size(&self, id: ProgramId) -> u32 {
        self.entries.get(id as usize)[SIZE]
    }

    /// Entry `id`'s depth.
    pub(crate) fn depth(&self, id: ProgramId) -> u32 {
        self.entries.get(id as usize)[DEPTH]
    }

    /// The first stored value of entry `id`'s column (a wide column's
    /// mark): a load that brings the column's cache line in.
    #[inline]
    pub(crate) fn first_value(&self, id: ProgramId) -> i64 {
        self.narrow
            .get(id as usize)
            .first()
            .map_or(0, |&v| i64::from(v))
    }

    /// Entry `id`'s column.
    #[inline]
    pub(crate) fn column(&self, id: ProgramId) -> Column<'_> {
        let narrow = self.narrow.get(id as usize);
        if narrow.first() == Some(&WIDE) {
            let k = self
                .wide_ids
                .binary_search(&id)
                .expect("a wide slot's id is listed");
            Column(Values::Wide(&self.wide[k * self.rows..(k + 1) * self.rows]))
        } else {
            Column(Values::Narrow(narrow))
        }
    }

    /// The narrow columns of the ids in `range`, back to back, when they
    /// lie in one segment and none is wide.
    #[inline]
    pub(crate) fn narrow_run(&self, range: std::ops::Range<ProgramId>) -> Option<&[i32]> {
        let from = self.wide_ids.partition_point(|&id| id < range.start);
        if self.wide_ids.get(from).is_some_and(|&id| id < range.end) {
            return None;
        }
        let mut runs = self.narrow.runs(range.start as usize..range.end as usize);
        let first = runs.next().unwrap_or(&[]);
        runs.next().is_none().then_some(first)
    }

    /// Writes the columns of the ids in `range` into `out`, back to back.
    pub(crate) fn widen(&self, range: std::ops::Range<ProgramId>, out: &mut [i64]) {
        let rows = self.rows;
        let mut at = 0;
        for run in self.narrow.runs(range.start as usize..range.end as usize) {
            for (o, &v) in out[at..at + run.len()].iter_mut().zip(run) {
                *o = i64::from(v);
            }
            at += run.len();
        }
        let from = self.wide_ids.partition_point(|&id| id < range.start);
        let to = self.wide_ids.partition_point(|&id| id < range.end);
        for (k, &id) in self.wide_ids[from..to].iter().enumerate() {
            let at = (id - range.start) as usize * rows;
            out[at..at + rows]
                .copy_from_slice(&self.wide[(from + k) * rows..(from + k + 1) * rows]);
        }
    }

    pub(crate) fn children(&self, id: ProgramId) -> &[ProgramId] {
        let entry = self.entries.get(id as usize);
        let start = entry[CHILD_START] as usize;
        &self.children[start..start + self.decode(entry[NODE]).arity()]
    }

    /// Entry `id`'s root node.
    pub(crate) fn node(&self, id: ProgramId) -> Node {
        self.decode(self.entries.get(id as usize)[NODE])
    }

    fn decode(&self, code: u32) -> Node {
        let payload = (code & PAYLOAD) as usize;
        match code & !PAYLOAD {
            0 => Node::Op(Op::ALL[payload]),
            VAR_TAG => Node::Var(u8::try_from(payload).expect("encoded from a u8")),
            _ => Node::Lit(self.literals[payload]),
        }
    }

    /// `node` in 4 bytes, its literal listed if it is new: an operator's
    /// index in [`Op::ALL`], a variable's index, or a literal's index in
    /// `literals`, told apart by the top two bits.
    fn encode(&mut self, node: Node) -> u32 {
        match node {
            Node::Op(op) => u32::try_from(op.index()).expect("few operators"),
            Node::Var(var) => VAR_TAG | u32::from(var),
            Node::Lit(value) => {
                let index = match self.literals.iter().position(|&v| v == value) {
                    Some(index) => index,
                    None => {
                        self.literals.push(value);
                        self.literals.len() - 1
                    }
                };
                let index = u32::try_from(index)
                    .ok()
                    .filter(|&index| index <= PAYLOAD)
                    .expect("fewer than 2^30 literals");
                LIT_TAG | index
            }
        }
    }

    pub(crate) fn of_size(&self, size: usize) -> std::ops::Range<ProgramId> {
        match (self.size_start.get(size), self.size_start.get(size + 1)) {
            (Some(&start), Some(&end)) => start..end,
            _ => 0..0,
        }
    }

    /// Appends an entry; the caller has checked memory and uniqueness.
    pub(crate) fn push(&mut self, node: Node, children: &[ProgramId], column: &[i64]) -> ProgramId {
        let id = ProgramId::try_from(self.len()).expect("the memory limit keeps ids below 2^32");
        let (size, depth) = children.iter().fold((1, 1), |(size, depth), &child| {
            (size + self.size(child), depth.max(self.depth(child) + 1))
        });
        let code = self.encode(node);
        let start = u32::try_from(self.children.len()).expect("fewer than 2^32 child links");
        self.entries.push([code, start, size, depth]);
        self.children.extend_from_slice(children);
        if column.iter().all(|&v| narrow(v).is_some()) {
            // checked above: every value is narrow
            #[expect(clippy::cast_possible_truncation, reason = "checked narrow")]
            self.narrow.push(column.iter().map(|&v| v as i32));
        } else {
            self.narrow.push(
                std::iter::once(WIDE).chain(std::iter::repeat_n(0, column.len().saturating_sub(1))),
            );
            self.wide_ids.push(id);
            self.wide.extend_from_slice(column);
        }
        id
    }

    /// Closes the size class being filled; the next entries have the next
    /// size.
    pub(crate) fn close_size(&mut self) {
        let len = ProgramId::try_from(self.len()).expect("ids fit in u32");
        self.size_start.push(len);
    }

    /// The program of entry `id`, rebuilt as a node array.
    pub(crate) fn program(&self, id: ProgramId) -> Program {
        let mut nodes = Vec::with_capacity(self.size(id) as usize);
        // (entry, children already pushed)
        let mut stack = vec![(id, false)];
        while let Some((entry, expanded)) = stack.pop() {
            let node = self.node(entry);
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

    /// Writes the allocated room of the bank's entries up to `entries` (at
    /// most their capacity) once, on `threads` threads, so that the page
    /// faults of fresh memory are taken in parallel rather than by the
    /// thread that banks. Nothing is allocated, and nothing stored is read.
    pub(crate) fn prefault(&mut self, entries: usize, threads: usize) {
        let (from, to) = (self.faulted.max(self.len()), entries.min(self.capacity()));
        if to <= from {
            return;
        }
        let threads = threads.max(1);
        let narrow = shares(self.narrow.spare(from, to), threads);
        let fields = shares(self.entries.spare(from, to), threads);
        std::thread::scope(|scope| {
            for (narrow, fields) in narrow.into_iter().zip(fields) {
                scope.spawn(move || {
                    zero(narrow);
                    zero(fields);
                });
            }
        });
        self.faulted = to.max(self.faulted);
    }

    /// Bytes held, counting capacity: (entries, children, columns).
    pub(crate) fn memory_parts(&self) -> (usize, usize, usize) {
        let entries =
            self.entries.bytes() + self.literals.capacity() * 8 + self.size_start.capacity() * 4;
        let children = self.children.capacity() * 4;
        let columns = self.narrow.bytes() + self.wide_ids.capacity() * 4 + self.wide.capacity() * 8;
        (entries, children, columns)
    }
}
