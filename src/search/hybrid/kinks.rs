//! Every banked program read as a part bent once: the outputs as a line or
//! two lines with a kink over its values, exact or rounded down, or as the
//! part wrapped by a modulus (`Kinked`, in the completion), for the tiered
//! prices, tax brackets, caps,
//! affine maps and clocks of a computed quantity that are too large to
//! enumerate whole and whose part is not among the completion's smallest
//! basis programs; and as one of two parts (`Paired`), with a line of the
//! variables or with a part banked before it, for sums of two idioms over
//! different inputs.

use crate::enumerate::{Enumeration, ProgramId};
use crate::search::completion::kinked::Kinked;
use crate::search::completion::paired::Paired;
use crate::search::completion::CompletionConfig;
use crate::search::{Deadline, Spec};

use super::Search;

/// Banked programs read between two reads of the deadline.
const SCANS_PER_CHECK: u32 = 4096;

/// The readings, and their place in the current enumeration's bank.
#[derive(Debug)]
pub(super) struct Scan<'a> {
    /// As a part bent once or wrapped, where the completion is on.
    kinked: Option<Kinked<'a>>,
    /// As one part with a line of the variables, or with a part banked
    /// before it, where the completion is on and the examples leave room.
    paired: Option<Paired<'a>>,
    /// Whether the reading has begun: only after the warm start's
    /// completion and case splits, so that a large bent fit found first
    /// does not keep them from a smaller one, and a task the warm start
    /// solves pays nothing for it.
    begun: bool,
    /// Banked programs read so far in the current enumeration.
    read: u32,
}

impl<'a> Scan<'a> {
    /// The readings of `spec`'s banked programs under `completion`
    /// (none without it).
    pub(super) fn new(
        spec: &'a Spec,
        completion: Option<&CompletionConfig>,
        deadline: &Deadline,
    ) -> Self {
        Scan {
            kinked: completion.map(|config| Kinked::new(spec, config, deadline)),
            paired: completion.and_then(|config| Paired::new(spec, config, deadline)),
            begun: false,
            read: 0,
        }
    }

    /// Reads from the next scan on, from where it is.
    pub(super) fn begin(&mut self) {
        self.begun = true;
    }

    /// A new enumeration banks from its first program again.
    pub(super) fn restart(&mut self) {
        self.read = 0;
        if let Some(paired) = &mut self.paired {
            paired.restart();
        }
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
        let Some(kinked) = &self.kinks.kinked else {
            return;
        };
        let banked = u32::try_from(enumeration.yielded()).unwrap_or(u32::MAX);
        let mut fits = Vec::new();
        let mut partners = Vec::new();
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
            if let Some(paired) = &mut self.kinks.paired {
                // a system solved is worth a read of the deadline: many in
                // one stretch of reads must not carry the scan past it
                if read_paired(paired, enumeration, id, &mut partners, &mut fits)
                    && self.deadline.passed()
                {
                    break;
                }
            }
        }
        let candidates = self.candidates + enumeration.candidates();
        for program in fits {
            self.offer_fit(program.size() as u64, program, candidates);
        }
    }
}

/// Reads banked program `id` as one part with a line of the variables and
/// with each part banked before it that may fit ([`Paired`]); each fit into
/// `fits`. Whether a system was solved.
fn read_paired(
    paired: &mut Paired<'_>,
    enumeration: &Enumeration,
    id: ProgramId,
    partners: &mut Vec<ProgramId>,
    fits: &mut Vec<crate::dsl::Program>,
) -> bool {
    partners.clear();
    let single = paired.read(id, enumeration.column(id).iter(), partners);
    if !single && partners.is_empty() {
        return false;
    }
    let part = |id: ProgramId| {
        (
            enumeration.column(id).iter().collect::<Vec<i64>>(),
            enumeration.program(id),
        )
    };
    let this = part(id);
    if single {
        fits.extend(paired.fit(std::slice::from_ref(&this), true));
    }
    for &partner in partners.iter() {
        if let Some(program) = paired.fit(&[part(partner), this.clone()], false) {
            fits.push(program);
            // the first partner that fits: the smallest, banked first
            break;
        }
    }
    true
}
