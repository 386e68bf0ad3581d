//! The observational-equivalence table: output column → bank id.
//!
//! Open addressing with linear probing over `u64` slots that hold the high
//! 32 bits of the hash (the tag) and the id, so most misses are decided
//! without touching the bank. The slot index is the top bits of the hash, so
//! it can be read back from the tag: growing never recomputes a hash, and
//! walks both tables in order.
//! Lookups come in blocks: the first slot of every candidate is loaded
//! before any is probed, so that the cache misses of a block overlap instead
//! of following one another (the table is far larger than the caches; this
//! is where an enumerator spends its time).

use super::bank::{Bank, ProgramId};

/// A fast, fixed hash of a column (the same on every machine).
#[inline]
#[expect(
    clippy::cast_sign_loss,
    clippy::cast_possible_truncation,
    reason = "hashing reinterprets and folds bits"
)]
pub(crate) fn hash_column(column: &[i64]) -> u64 {
    const K: u64 = 0x9e37_79b9_7f4a_7c15;
    const L: u64 = 0xd6e8_feb8_6659_fd93;
    let mut h: u64 = 0x2545_f491_4f6c_dd1d ^ column.len() as u64;
    for pair in column.chunks(2) {
        let a = pair[0] as u64;
        let b = pair.get(1).map_or(L, |&b| b as u64);
        // 128-bit multiply-fold of two values (as in wyhash); the state
        // enters both factors, so no fixed input value zeroes it
        let m = u128::from(a ^ h) * u128::from(b ^ K ^ h.rotate_left(29));
        h = (m as u64) ^ ((m >> 64) as u64);
    }
    // murmur3's finalizer: every input bit reaches the tag and the index
    h ^= h >> 33;
    h = h.wrapping_mul(0xff51_afd7_ed55_8ccd);
    h ^= h >> 33;
    h = h.wrapping_mul(0xc4ce_b9fe_1a85_ec53);
    h ^ (h >> 33)
}

/// Shards of the main table, whatever the thread count: four a thread up to
/// 16 threads, and a table that grows at the same entries on any number.
pub(crate) const SHARDS: usize = 64;

/// The table: one shard, or several selected by the hash's low bits (the
/// slot index uses its top bits, the tag its high half), so that threads can
/// insert into different shards at once.
#[derive(Clone, Debug)]
pub(crate) struct Table {
    /// A power of two of them.
    shards: Vec<Shard>,
}

impl Table {
    pub(crate) fn with_capacity(entries: usize) -> Table {
        Table::with_shards(entries, 1)
    }

    /// A table of `shards` shards (rounded up to a power of two).
    pub(crate) fn with_shards(entries: usize, shards: usize) -> Table {
        let count = shards.max(1).next_power_of_two();
        Table {
            shards: (0..count)
                .map(|_| Shard::with_capacity(entries.div_ceil(count)))
                .collect(),
        }
    }

    /// Slots needed to hold `entries` at a load of at most one half.
    pub(crate) fn slots_for(&self, entries: usize) -> usize {
        self.shards.len() * Shard::slots_for(entries.div_ceil(self.shards.len()))
    }

    pub(crate) fn memory_usage(&self) -> usize {
        self.shards.iter().map(Shard::memory_usage).sum()
    }

    pub(crate) fn shard_of(&self, hash: u64) -> usize {
        owner_shard(hash, self.shards.len())
    }

    pub(crate) fn shard_count(&self) -> usize {
        self.shards.len()
    }

    pub(crate) fn shards_mut(&mut self) -> &mut [Shard] {
        &mut self.shards
    }

    /// Loads the first slot of each hash, so that the cache misses of a
    /// block overlap.
    pub(crate) fn touch(&self, hashes: &[u64]) -> u64 {
        hashes.iter().fold(0, |acc, &hash| {
            let shard = &self.shards[self.shard_of(hash)];
            acc ^ shard.slots[shard.index(hash)]
        })
    }

    /// For each hash whose first slot holds its tag, loads the first value
    /// of that entry's column from the bank, so that the cache misses of a
    /// block's comparisons overlap too (call after [`Table::touch`], which
    /// brought the slots in).
    pub(crate) fn touch_columns(&self, hashes: &[u64], bank: &Bank) -> i64 {
        hashes.iter().fold(0, |acc, &hash| {
            let shard = &self.shards[self.shard_of(hash)];
            let slot = shard.slots[shard.index(hash)];
            if slot != EMPTY && slot >> 32 == tag(hash) {
                let id = (slot & 0xffff_ffff) as ProgramId - 1;
                acc ^ bank.first_value(id)
            } else {
                acc
            }
        })
    }

    /// The id whose column equals `column` (compared on its first
    /// `column.len()` values), or `None` after inserting `id` for it.
    pub(crate) fn find_or_insert(
        &mut self,
        hash: u64,
        column: &[i64],
        bank: &Bank,
        id: ProgramId,
    ) -> Option<ProgramId> {
        let shard = self.shard_of(hash);
        self.shards[shard].find_or_insert(hash, column, bank, id)
    }

    /// The id whose column starts with `column`, if any.
    pub(crate) fn find(&self, hash: u64, column: &[i64], bank: &Bank) -> Option<ProgramId> {
        self.shards[self.shard_of(hash)]
            .probe(hash, column, bank)
            .ok()
    }

    /// Counts an entry that will be inserted later ([`Shard::insert_new`]),
    /// so that [`Table::fits`] leaves room for it.
    pub(crate) fn note_pending(&mut self, hash: u64) {
        let shard = self.shard_of(hash);
        self.shards[shard].pending += 1;
    }

    /// Whether `more` entries fit into any one shard without passing a load
    /// of one half.
    pub(crate) fn fits(&self, more: usize) -> bool {
        self.shards.iter().all(|shard| shard.fits(more))
    }

    /// Rebuilds every shard with room for its share of `entries`, and any
    /// shard that could not take `more` with room for what it would then
    /// hold (at a load of at most one half; never shrinking), so that the
    /// whole stays near [`Table::slots_for`]; indices come from the stored
    /// tags.
    pub(crate) fn grow(&mut self, entries: usize, more: usize) {
        let share = entries.div_ceil(self.shards.len());
        for shard in &mut self.shards {
            let target = if shard.fits(more) {
                share
            } else {
                share.max(shard.len + shard.pending + more)
            };
            if Shard::slots_for(target) > shard.slots.len() {
                shard.grow(target);
            }
        }
    }
}

/// One open-addressing table.
#[derive(Clone, Debug, Default)]
pub(crate) struct Shard {
    /// `0` is empty; else `(tag << 32) | (id + 1)`.
    slots: Vec<u64>,
    len: usize,
    /// Entries counted but not yet inserted.
    pending: usize,
    /// `log2(slots.len())`, at most 32.
    bits: u32,
}

const EMPTY: u64 = 0;

fn tag(hash: u64) -> u64 {
    hash >> 32
}

impl Shard {
    fn with_capacity(entries: usize) -> Shard {
        let slots = Self::slots_for(entries);
        Shard {
            slots: vec![EMPTY; slots],
            len: 0,
            pending: 0,
            bits: slots.trailing_zeros(),
        }
    }

    /// Slots needed to hold `entries` at a load of at most one half (ids are
    /// 32-bit, so at most 2^32 slots).
    fn slots_for(entries: usize) -> usize {
        (entries.max(8) * 2).next_power_of_two().min(1 << 32)
    }

    fn memory_usage(&self) -> usize {
        self.slots.capacity() * 8
    }

    #[expect(clippy::cast_possible_truncation, reason = "at most 32 bits are kept")]
    fn index(&self, hash: u64) -> usize {
        (hash >> (64 - self.bits)) as usize
    }

    /// The id whose column starts with `column`, or the empty slot where
    /// it would go.
    fn probe(&self, hash: u64, column: &[i64], bank: &Bank) -> Result<ProgramId, usize> {
        let mask = self.slots.len() - 1;
        let mut index = self.index(hash);
        loop {
            let slot = self.slots[index];
            if slot == EMPTY {
                return Err(index);
            }
            if slot >> 32 == tag(hash) {
                let known = (slot & 0xffff_ffff) as ProgramId - 1;
                if bank.column(known).starts_with(column) {
                    return Ok(known);
                }
            }
            index = (index + 1) & mask;
        }
    }

    fn find_or_insert(
        &mut self,
        hash: u64,
        column: &[i64],
        bank: &Bank,
        id: ProgramId,
    ) -> Option<ProgramId> {
        match self.probe(hash, column, bank) {
            Ok(known) => Some(known),
            Err(empty) => {
                self.slots[empty] = (tag(hash) << 32) | u64::from(id + 1);
                self.len += 1;
                None
            }
        }
    }

    /// Inserts `id`, known to be new and counted by
    /// [`Table::note_pending`], without comparing columns.
    pub(crate) fn insert_new(&mut self, hash: u64, id: ProgramId) {
        let mask = self.slots.len() - 1;
        let mut index = self.index(hash);
        while self.slots[index] != EMPTY {
            index = (index + 1) & mask;
        }
        self.slots[index] = (tag(hash) << 32) | u64::from(id + 1);
        self.len += 1;
        self.pending = self.pending.saturating_sub(1);
    }

    fn fits(&self, more: usize) -> bool {
        (self.len + self.pending + more) * 2 <= self.slots.len()
    }

    /// Rebuilds with room for `entries`; indices come from the stored tags.
    fn grow(&mut self, entries: usize) {
        let mut grown = Shard::with_capacity(entries);
        let mask = grown.slots.len() - 1;
        for slot in self.slots.iter().copied().filter(|&s| s != EMPTY) {
            let mut index = grown.index(slot & !0xffff_ffff);
            while grown.slots[index] != EMPTY {
                index = (index + 1) & mask;
            }
            grown.slots[index] = slot;
        }
        grown.len = self.len;
        grown.pending = self.pending;
        *self = grown;
    }
}

/// The shard of the main table a hash goes to (its low bits), of `shards`.
#[expect(clippy::cast_possible_truncation, reason = "masked to the shard count")]
pub(super) fn owner_shard(hash: u64, shards: usize) -> usize {
    (hash & (shards as u64 - 1)) as usize
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hash_separates_close_columns() {
        let mut seen = std::collections::HashSet::new();
        for a in -50..50 {
            for b in -50..50 {
                assert!(seen.insert(hash_column(&[a, b, 0])));
            }
        }
        assert_ne!(hash_column(&[]), hash_column(&[0]));
    }

    #[test]
    fn finds_inserts_and_grows() {
        let mut bank = Bank::new(2);
        let mut table = Table::with_capacity(4);
        for i in 0..1000i64 {
            let column = [i % 37, i / 37];
            let hash = hash_column(&column);
            let id = ProgramId::try_from(bank.len()).unwrap();
            if !table.fits(1) {
                table.grow(bank.len() * 2, 1);
            }
            assert_eq!(table.shard_count(), 1);
            assert_eq!(table.find_or_insert(hash, &column, &bank, id), None);
            bank.push(crate::dsl::Node::Lit(i), &[], &column);
        }
        for i in (0..1000i64).rev() {
            let column = [i % 37, i / 37];
            let id = ProgramId::try_from(i).unwrap();
            assert_eq!(table.find(hash_column(&column), &column, &bank), Some(id));
        }
        assert_eq!(table.find(hash_column(&[99, 99]), &[99, 99], &bank), None);
    }
}
