//! Fixed-width entries in segments of equal size: growing allocates one more
//! segment and never moves or copies what is stored, so the bank's memory is
//! what it holds plus at most one segment, and each page is faulted once.
//! The first segment starts small and doubles up to the full size (the only
//! copies, of at most one segment), so that a small enumeration stays small.

use std::mem::MaybeUninit;
use std::ops::Range;

/// Entries in a segment: 2^16 (4 MiB of 16-row narrow columns).
pub(crate) const SEGMENT_SHIFT: u32 = 16;
const SEGMENT: usize = 1 << SEGMENT_SHIFT;
const MASK: usize = SEGMENT - 1;
/// Entries the first segment has room for at first.
const FIRST: usize = 64;

/// Entries of `width` values each, stored in segments of [`SEGMENT`]
/// entries; an entry never straddles two segments.
#[derive(Clone, Debug)]
pub(crate) struct Segments<T> {
    width: usize,
    /// Each but a lone first one has a capacity of `SEGMENT * width`
    /// values.
    segments: Vec<Vec<T>>,
    len: usize,
    /// Entries that fit in the allocated segments.
    room: usize,
}

impl<T: Copy> Segments<T> {
    pub(crate) fn new(width: usize) -> Segments<T> {
        Segments {
            width,
            segments: Vec::new(),
            len: 0,
            room: 0,
        }
    }

    /// Entries stored.
    pub(crate) fn len(&self) -> usize {
        self.len
    }

    /// Entries that fit without allocating.
    pub(crate) fn capacity(&self) -> usize {
        self.room
    }

    /// The room [`Segments::reserve`] leaves for `entries` entries: the
    /// first segment doubles up to its full size, then whole segments.
    fn room_for(&self, entries: usize) -> usize {
        if entries <= self.room {
            self.room
        } else if entries <= SEGMENT {
            entries.max(2 * self.room).clamp(FIRST, SEGMENT)
        } else {
            entries.div_ceil(SEGMENT) * SEGMENT
        }
    }

    fn bytes_of(&self, entries: usize) -> usize {
        entries * self.width * std::mem::size_of::<T>()
    }

    /// Bytes held, counting the allocated segments' room.
    pub(crate) fn bytes(&self) -> usize {
        self.bytes_of(self.room) + self.segments.capacity() * std::mem::size_of::<Vec<T>>()
    }

    /// Bytes that [`Segments::reserve`] of `entries` would allocate (a
    /// first segment that grows counts whole, as it is copied).
    pub(crate) fn growth_bytes(&self, entries: usize) -> usize {
        let room = self.room_for(entries);
        if room == self.room {
            0
        } else if self.room < SEGMENT {
            // the first segment reallocated, then any whole ones
            self.bytes_of(room.min(SEGMENT)) + self.bytes_of(room.saturating_sub(SEGMENT))
        } else {
            self.bytes_of(room - self.room)
        }
    }

    /// Entry `index`.
    ///
    /// # Panics
    ///
    /// When `index` is not below [`Segments::len`].
    #[inline]
    pub(crate) fn get(&self, index: usize) -> &[T] {
        assert!(index < self.len, "entry {index} of {}", self.len);
        let at = (index & MASK) * self.width;
        &self.segments[index >> SEGMENT_SHIFT][at..at + self.width]
    }

    /// Appends an entry of exactly `width` values.
    pub(crate) fn push(&mut self, values: impl IntoIterator<Item = T>) {
        if self.len == self.room {
            self.reserve(self.len + 1);
        }
        let stored = &mut self.segments[self.len >> SEGMENT_SHIFT];
        let before = stored.len();
        stored.extend(values);
        debug_assert_eq!(
            stored.len() - before,
            self.width,
            "an entry has width values"
        );
        self.len += 1;
    }

    /// Allocates room for `entries` entries (see [`Segments::room_for`]).
    pub(crate) fn reserve(&mut self, entries: usize) {
        let room = self.room_for(entries);
        if room == self.room {
            return;
        }
        let width = self.width;
        if self.segments.is_empty() {
            self.segments.push(Vec::new());
        }
        let first = &mut self.segments[0];
        first.reserve_exact((room.min(SEGMENT) * width).saturating_sub(first.len()));
        while self.segments.len() * SEGMENT < room {
            self.segments.push(Vec::with_capacity(SEGMENT * width));
        }
        self.room = room;
    }

    /// The entries in `range`, as runs of whole entries back to back, each
    /// within one segment, in order.
    pub(crate) fn runs(&self, range: Range<usize>) -> impl Iterator<Item = &[T]> {
        assert!(range.end <= self.len, "entries {range:?} of {}", self.len);
        let width = self.width;
        let mut start = range.start;
        std::iter::from_fn(move || {
            if start >= range.end {
                return None;
            }
            let end = range.end.min((start | MASK) + 1);
            let segment = &self.segments[start >> SEGMENT_SHIFT];
            let run = &segment[(start & MASK) * width..((end - 1) & MASK) * width + width];
            start = end;
            Some(run)
        })
    }

    /// The allocated room of entries `from..to` past the stored ones, as
    /// pieces within one segment each.
    pub(crate) fn spare(&mut self, from: usize, to: usize) -> Vec<&mut [MaybeUninit<T>]> {
        let width = self.width;
        let from = from.max(self.len);
        let to = to.min(self.capacity());
        let mut pieces = Vec::new();
        if width == 0 {
            return pieces;
        }
        for (k, segment) in self.segments.iter_mut().enumerate() {
            let first = k * SEGMENT;
            let stored = first + segment.len() / width;
            let (start, end) = (from.max(stored), to.min(first + SEGMENT));
            if start < end {
                let spare = segment.spare_capacity_mut();
                pieces.push(&mut spare[(start - stored) * width..(end - stored) * width]);
            }
        }
        pieces
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entries_keep_their_values_across_segments() {
        let mut segments = Segments::new(3);
        let count = 2 * SEGMENT + 5;
        for i in 0..count {
            segments.push([i, i + 1, i + 2]);
        }
        assert_eq!(segments.len(), count);
        assert_eq!(segments.capacity(), 3 * SEGMENT);
        for i in [0, SEGMENT - 1, SEGMENT, 2 * SEGMENT + 4] {
            assert_eq!(segments.get(i), &[i, i + 1, i + 2]);
        }
        let range = SEGMENT - 2..2 * SEGMENT + 3;
        let runs: Vec<&[usize]> = segments.runs(range.clone()).collect();
        assert_eq!(runs.len(), 3, "three segments touched");
        let flat: Vec<usize> = runs.concat();
        let expected: Vec<usize> = range.flat_map(|i| [i, i + 1, i + 2]).collect();
        assert_eq!(flat, expected);
    }

    #[test]
    fn a_small_bank_stays_small_and_grows_into_whole_segments() {
        let mut segments: Segments<u64> = Segments::new(2);
        for i in 0..10 {
            segments.push([i, i]);
        }
        assert_eq!(segments.capacity(), FIRST);
        assert_eq!(segments.growth_bytes(FIRST), 0);
        assert_eq!(segments.growth_bytes(FIRST + 1), 2 * FIRST * 2 * 8);
        assert_eq!(
            segments.growth_bytes(SEGMENT + 1),
            2 * SEGMENT * 2 * 8,
            "the first segment whole and a second"
        );
        let count = SEGMENT + 3;
        for i in 10..count as u64 {
            segments.push([i, i]);
        }
        assert_eq!(segments.capacity(), 2 * SEGMENT);
        assert_eq!(segments.growth_bytes(2 * SEGMENT + 1), SEGMENT * 2 * 8);
        for i in [0, 9, 10, SEGMENT - 1, SEGMENT, count - 1] {
            assert_eq!(segments.get(i), &[i as u64, i as u64]);
        }
    }

    #[test]
    fn spare_room_is_the_reserved_part_past_the_stored_entries() {
        let mut segments: Segments<u32> = Segments::new(2);
        for i in 0..10 {
            segments.push([i, i]);
        }
        segments.reserve(SEGMENT + 1);
        let spare = segments.spare(5, SEGMENT + 1);
        let sizes: Vec<usize> = spare.iter().map(|piece| piece.len()).collect();
        assert_eq!(sizes, [2 * (SEGMENT - 10), 2]);
        assert!(segments.spare(0, 10).iter().all(|piece| piece.is_empty()));
    }
}
