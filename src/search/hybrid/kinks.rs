//! Every banked program read as a part bent once: the outputs as a line or
//! two lines with a kink over its values, or as the part wrapped by a
//! modulus (`Kinked`, in the completion), for the tiered prices, caps,
//! affine maps and clocks of a computed quantity that are too large to
//! enumerate whole and whose part is not among the completion's smallest
//! basis programs.

use crate::enumerate::Enumeration;

use super::Search;

/// Banked programs read between two reads of the deadline.
const SCANS_PER_CHECK: u32 = 4096;

/// The reading's place in the current enumeration's bank.
#[derive(Debug, Default)]
pub(super) struct Scan {
    /// Whether the reading has begun: only after the warm start's
    /// completion and case splits, so that a large bent fit found first
    /// does not keep them from a smaller one, and a task the warm start
    /// solves pays nothing for it.
    begun: bool,
    /// Banked programs read so far in the current enumeration.
    read: u32,
}

impl Scan {
    /// Reads from the next scan on, from where it is.
    pub(super) fn begin(&mut self) {
        self.begun = true;
    }

    /// A new enumeration banks from its first program again.
    pub(super) fn restart(&mut self) {
        self.read = 0;
    }
}

impl Search<'_> {
    /// Reads the programs `enumeration` returned since the last reading
    /// (where the completion is on: what it returned, not what its workers
    /// banked ahead, so that any thread count reads the same); each fit is
    /// offered. A reading is a lookup, like a hole's: the program was
    /// counted as a candidate when it was enumerated. Stops at the
    /// deadline; a program whose bent form could not be smaller than the
    /// incumbent is not read.
    pub(super) fn scan_kinks(&mut self, enumeration: &Enumeration) {
        if !self.kinks.begun {
            return;
        }
        let Some(kinked) = self.kinked.take() else {
            return;
        };
        let banked = u32::try_from(enumeration.yielded()).unwrap_or(u32::MAX);
        let mut fits = Vec::new();
        while self.kinks.read < banked {
            let id = self.kinks.read;
            // the smallest fit over a part, `(+ f c)`, is two nodes more
            let smallest = enumeration.size(id) as u64 + 2;
            let beaten = self
                .incumbent
                .best
                .as_ref()
                .is_some_and(|(_, best)| best.size() as u64 <= smallest);
            if beaten && self.incumbent.by_size {
                // the bank is in size order: nothing later is smaller
                self.kinks.read = banked;
                break;
            }
            self.kinks.read += 1;
            if self.kinks.read % SCANS_PER_CHECK == 0 && self.deadline.passed() {
                break;
            }
            if beaten {
                continue;
            }
            if let Some(program) =
                kinked.fit(enumeration.column(id).iter(), || enumeration.program(id))
            {
                fits.push(program);
            }
        }
        self.kinked = Some(kinked);
        let candidates = self.candidates + enumeration.candidates();
        for program in fits {
            self.offer_fit(program.size() as u64, program, candidates);
        }
    }
}
