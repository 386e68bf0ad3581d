//! Fixed-width entries in segments of equal size: growing allocates one more
//! segment and never moves or copies what is stored, so the bank's memory is
//! what it holds plus at most one segment, and each page is faulted once.

use std::mem::MaybeUninit;
use std::ops::Range;

/// Entries in a segment: 2^16 (4 MiB of 16-row narrow columns).
pub(crate) const SEGMENT_SHIFT: u32 = 16;
const SEGMENT: usize = 1 << SEGMENT_SHIFT;
const MASK: usize = SEGMENT - 1;

/// Entries of `width` values each, stored in segments of [`SEGMENT`]
/// entries; an entry never straddles two segments.
#[derive(Clone, Debug)]
pub(crate) struct Segments<T> {
    width: usize,
    /// Each has a capacity of exactly `SEGMENT * width` values.
    segments: Vec<Vec<T>>,
    len: usize,
}

impl<T: Copy> Segments<T> {
    pub(crate) fn new(width: usize) -> Segments<T> {
        Segments {
            width,
            segments: Vec::new(),
            len: 0,
        }
    }

    /// Entries stored.
    pub(crate) fn len(&self) -> usize {
        self.len
    }

    /// Entries that fit without allocating.
    pub(crate) fn capacity(&self) -> usize {
        self.segments.len() * SEGMENT
    }

    /// Bytes held, counting the allocated segments' room.
    pub(crate) fn bytes(&self) -> usize {
        self.capacity() * self.width * std::mem::size_of::<T>()
            + self.segments.capacity() * std::mem::size_of::<Vec<T>>()
    }

    /// Bytes that room for `entries` entries would hold.
    pub(crate) fn bytes_for(&self, entries: usize) -> usize {
        entries.div_ceil(SEGMENT) * SEGMENT * self.width * std::mem::size_of::<T>()
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
        let segment = self.len >> SEGMENT_SHIFT;
        if segment == self.segments.len() {
            self.segments.push(Vec::with_capacity(SEGMENT * self.width));
        }
        let stored = &mut self.segments[segment];
        let before = stored.len();
        stored.extend(values);
        debug_assert_eq!(
            stored.len() - before,
            self.width,
            "an entry has width values"
        );
        self.len += 1;
    }

    /// Allocates segments until `entries` entries fit.
    pub(crate) fn reserve(&mut self, entries: usize) {
        while self.capacity() < entries {
            self.segments.push(Vec::with_capacity(SEGMENT * self.width));
        }
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
