//! How candidates are judged equal ([`Dedup`]), and the tables a run
//! looks their columns up in.

use crate::dsl::Node;

use super::bank::{Bank, ProgramId};
use super::table::{hash_column, Table};

/// How candidates are judged equal to a banked program.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Default)]
#[non_exhaustive]
pub enum Dedup {
    /// Equal outputs on the probe (observational equivalence): fast, but
    /// two programs that differ only off the probe are merged.
    #[default]
    Observational,
    /// Equal outputs on the probe and on `extra_rows` more random rows
    /// (extremes over-represented, fixed seed): classes of the probe are
    /// split where those rows tell programs apart. Such programs are not
    /// equal, so no sound proof could merge them; programs that agree on
    /// every row are still merged without a proof (for a proof, see
    /// [`egraph::prove_equal`](crate::egraph::prove_equal)). Each split is
    /// counted ([`Report::splits`](super::Report::splits)): the false
    /// merges of observational equivalence on the probe alone. (Named
    /// `Proven` before: it proves nothing.)
    ExtraRows {
        /// Random rows added to the probe for judging.
        extra_rows: usize,
    },
}

/// The deduplication tables of a run.
#[derive(Debug)]
pub(super) struct Tables {
    /// Keyed on whole columns: decides what is new.
    pub(super) main: Table,
    /// With [`Dedup::ExtraRows`]: keyed on the probe part, to count splits and
    /// to find probe columns.
    pub(super) probe: Option<Table>,
    pub(super) probe_rows: usize,
    pub(super) splits: u64,
}

impl Tables {
    /// Banks `node` with `children` if `column` is new; true if it was.
    pub(super) fn admit(
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
        self.split_probe(bank, column, id);
        bank.push(node, children, column);
        true
    }
}

impl Tables {
    /// With a probe table: files `column`'s probe part under `id`, counting
    /// a split where another program already has it (a false merge of the
    /// probe alone).
    #[inline]
    fn split_probe(&mut self, bank: &Bank, column: &[i64], id: ProgramId) {
        if let Some(probe) = &mut self.probe {
            let key = &column[..self.probe_rows];
            if probe
                .find_or_insert(hash_column(key), key, bank, id)
                .is_some()
            {
                self.splits += 1;
            }
        }
    }

    /// Banks a program known to be new (no banked program has its column):
    /// counted for the main table and inserted there later
    /// ([`table::Shard::insert_new`](super::table::Shard::insert_new)); the probe table as in `admit`.
    pub(super) fn admit_new(
        &mut self,
        bank: &mut Bank,
        hash: u64,
        column: &[i64],
        node: Node,
        children: &[ProgramId],
    ) -> ProgramId {
        let id = bank.next_id();
        self.main.note_pending(hash);
        self.split_probe(bank, column, id);
        bank.push(node, children, column);
        id
    }
}
