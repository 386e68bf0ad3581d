//! The observational-equivalence table against `hashbrown::HashTable`, on
//! the same candidate columns: the A/B the design asked for. Not an API
//! (behind the feature `ab-bench`, no stability promise):
//! `cargo bench --features ab-bench --bench table` runs it, and its figures
//! are in `BENCHMARKS.md`.
//!
//! The workload is what a level of the enumerator looks up: every sum,
//! difference and product of two unique programs whose sizes add up to
//! the level's size less one, after the unique programs of the smaller
//! sizes are in the table. Both sides hash with the enumerator's hash,
//! store columns in the same `Bank`, compare candidates with the same
//! slice comparison, start from the same capacity and grow as needed: only
//! the table differs. The own table looks up in blocks of 64, loading each
//! candidate's first slot before probing any (as the enumerator does);
//! `hashbrown` stores each entry's full hash beside its id (16 bytes), so
//! growing never rehashes a column.
//!
//! The second A/B is the level's storage: columns appended to one `Vec`
//! (what the `Bank` does) against columns allocated in a `bumpalo`
//! arena with a `Vec` of slices to find them by id.

use std::hint::black_box;
use std::ops::ControlFlow;

use hashbrown::hash_table::{Entry, HashTable};

use super::bank::{Bank, ProgramId};
use super::table::{hash_column, Table};
use super::{EnumerateError, Enumerator};
use crate::dsl::{Grammar, Node};

/// Candidates looked up in one block by the own table.
const BLOCK: usize = 64;

/// Columns to insert: the unique programs below a level, then that
/// level's candidates.
#[derive(Clone, Debug)]
pub struct Workload {
    rows: usize,
    /// Unique columns of the smaller sizes, back to back.
    known: Vec<i64>,
    /// The candidates, back to back.
    candidates: Vec<i64>,
}

/// What a table ended with.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Outcome {
    /// Unique columns (known ones and new candidates).
    pub unique: usize,
    /// Bytes of the table itself (not the bank).
    pub table_bytes: usize,
}

impl Workload {
    /// The candidates of level `size` over `grammar` (at most `limit` of
    /// them), from an enumeration through `size - 2`.
    ///
    /// # Errors
    ///
    /// [`EnumerateError`] when the enumeration cannot start.
    pub fn new(grammar: &Grammar, size: usize, limit: usize) -> Result<Workload, EnumerateError> {
        let mut enumeration = Enumerator::new(grammar.clone())
            .max_size(size.saturating_sub(2).max(1))
            .start()?;
        enumeration.run(|_, _| ControlFlow::Continue(()));
        let rows = enumeration.probe().len();
        let count = ProgramId::try_from(enumeration.len()).unwrap_or(ProgramId::MAX);
        let mut known = Vec::with_capacity(enumeration.len() * rows);
        let mut by_size: Vec<Vec<ProgramId>> = vec![Vec::new(); size + 1];
        for id in 0..count {
            known.extend(enumeration.column(id));
            if let Some(ids) = by_size.get_mut(enumeration.size(id)) {
                ids.push(id);
            }
        }
        let mut candidates = Vec::new();
        'level: for left in 1..size.saturating_sub(1) {
            let right = size - 1 - left;
            for &a in &by_size[left] {
                for &b in by_size.get(right).map_or(&[][..], Vec::as_slice) {
                    let (ca, cb) = (enumeration.column(a), enumeration.column(b));
                    for op in 0..3 {
                        if candidates.len() >= limit * rows {
                            break 'level;
                        }
                        candidates.extend(ca.iter().zip(cb).map(|(x, y)| match op {
                            0 => x.wrapping_add(y),
                            1 => x.wrapping_sub(y),
                            _ => x.wrapping_mul(y),
                        }));
                    }
                }
            }
        }
        Ok(Workload {
            rows,
            known,
            candidates,
        })
    }

    /// Candidates in the workload.
    #[must_use]
    pub fn candidates(&self) -> usize {
        self.candidates.len() / self.rows.max(1)
    }

    /// Unique columns known before the level.
    #[must_use]
    pub fn known(&self) -> usize {
        self.known.len() / self.rows.max(1)
    }

    fn columns(&self) -> impl Iterator<Item = &[i64]> {
        self.known
            .chunks_exact(self.rows)
            .chain(self.candidates.chunks_exact(self.rows))
    }
}

/// Inserts every column into the enumerator's own table.
#[must_use]
pub fn own(workload: &Workload) -> Outcome {
    let rows = workload.rows;
    let mut bank = Bank::new(rows);
    let mut table = Table::with_capacity(workload.known());
    let all: Vec<&[i64]> = workload.columns().collect();
    let mut hashes = Vec::with_capacity(BLOCK);
    for block in all.chunks(BLOCK) {
        hashes.clear();
        hashes.extend(block.iter().map(|column| hash_column(column)));
        black_box(table.touch(&hashes));
        for (&column, &hash) in block.iter().zip(&hashes) {
            if !table.fits(1) {
                table.grow(bank.len() * 2, 1);
            }
            let id = bank.next_id();
            if table.find_or_insert(hash, column, &bank, id).is_none() {
                bank.push(Node::Lit(0), &[], column);
            }
        }
    }
    Outcome {
        unique: bank.len(),
        table_bytes: table.memory_usage(),
    }
}

/// Inserts every column into a `hashbrown::HashTable` of (hash, id).
#[must_use]
pub fn hashbrown(workload: &Workload) -> Outcome {
    let mut bank = Bank::new(workload.rows);
    let mut table: HashTable<(u64, ProgramId)> = HashTable::with_capacity(workload.known());
    for column in workload.columns() {
        let hash = hash_column(column);
        let entry = table.entry(
            hash,
            |&(stored, id)| stored == hash && bank.column(id) == column,
            |&(stored, _)| stored,
        );
        if let Entry::Vacant(vacant) = entry {
            let id = bank.next_id();
            vacant.insert((hash, id));
            bank.push(Node::Lit(0), &[], column);
        }
    }
    Outcome {
        unique: bank.len(),
        // 16-byte entries and one control byte per bucket
        table_bytes: table.capacity().next_power_of_two() * 17,
    }
}

/// Appends every column to one `Vec` (as the bank does); returns the sum
/// of the last values, so that nothing is optimized away.
#[must_use]
pub fn store_vec(workload: &Workload) -> i64 {
    let mut columns: Vec<i64> = Vec::with_capacity(workload.known.len());
    for column in workload.columns() {
        columns.extend_from_slice(column);
    }
    let rows = workload.rows.max(1);
    columns
        .chunks_exact(rows)
        .map(|c| c[rows - 1])
        .fold(0, i64::wrapping_add)
}

/// Allocates every column in a `bumpalo` arena, found by id through a
/// `Vec` of slices; the same sum as [`store_vec`].
#[must_use]
pub fn store_bumpalo(workload: &Workload) -> i64 {
    let arena = bumpalo::Bump::with_capacity(workload.known.len() * 8);
    let mut columns: Vec<&[i64]> = Vec::with_capacity(workload.known());
    for column in workload.columns() {
        columns.push(arena.alloc_slice_copy(column));
    }
    columns
        .iter()
        .map(|c| c[c.len() - 1])
        .fold(0, i64::wrapping_add)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dsl::Vars;

    #[test]
    fn both_tables_keep_the_same_unique_columns() {
        let grammar = Grammar::new(Vars::new(["x", "y"]).unwrap());
        let workload = Workload::new(&grammar, 7, 50_000).unwrap();
        assert!(workload.candidates() > 10_000, "{}", workload.candidates());
        let (a, b) = (own(&workload), hashbrown(&workload));
        assert_eq!(a.unique, b.unique);
        assert!(a.unique > workload.known() && a.unique < workload.known() + workload.candidates());
        assert!(a.table_bytes > 0 && b.table_bytes > 0);
        assert_eq!(store_vec(&workload), store_bumpalo(&workload));
    }
}
