//! Every banked program read as a part bent once: the outputs as a line or
//! two lines with a kink over its values, exact or rounded down, or as the
//! part wrapped by a modulus (`Kinked`, in the completion), for the tiered
//! prices, tax brackets, caps,
//! affine maps and clocks of a computed quantity that are too large to
//! enumerate whole and whose part is not among the completion's smallest
//! basis programs; and as one of two parts (`Paired`), with a line of the
//! variables or with a part banked before it, for sums of two idioms over
//! different inputs. Where the outputs are saturated (`Clamp`), the same
//! readings also run on the interior examples, and each fit is clamped.

use crate::dsl::Program;
use crate::enumerate::{Enumeration, ProgramId};
use crate::search::completion::clamped::Clamp;
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
    /// The same readings of the interior of saturated outputs, where the
    /// completion is on and the outputs are saturated.
    clamped: Option<Clamped<'a>>,
    /// A banked program's values, one buffer for every reading.
    values: Vec<i64>,
    /// Whether the reading has begun: only after the warm start's
    /// completion and case splits, so that a large bent fit found first
    /// does not keep them from a smaller one, and a task the warm start
    /// solves pays nothing for it.
    begun: bool,
    /// Banked programs read so far in the current enumeration.
    read: u32,
}

/// The readings of a clamp's interior.
#[derive(Debug)]
struct Clamped<'a> {
    clamp: &'a Clamp,
    kinked: Kinked<'a>,
    paired: Option<Paired<'a>>,
    /// A banked program's interior values, one buffer for every reading.
    values: Vec<i64>,
}

impl<'a> Scan<'a> {
    /// The readings of `spec`'s banked programs under `completion`
    /// (none without it), and of `clamp`'s interior where there is one.
    pub(super) fn new(
        spec: &'a Spec,
        completion: Option<&CompletionConfig>,
        clamp: Option<&'a Clamp>,
        deadline: &Deadline,
    ) -> Self {
        Scan {
            kinked: completion.map(|config| Kinked::new(spec, config, deadline)),
            paired: completion.and_then(|config| Paired::new(spec, config, deadline)),
            clamped: completion.zip(clamp).map(|(config, clamp)| {
                let config = clamp.config(config);
                Clamped {
                    clamp,
                    kinked: Kinked::new(clamp.spec(), &config, deadline),
                    paired: Paired::new(clamp.spec(), &config, deadline),
                    values: Vec::new(),
                }
            }),
            values: Vec::new(),
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
        if let Some(paired) = self.clamped.as_mut().and_then(|c| c.paired.as_mut()) {
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
                let values = &mut self.kinks.values;
                values.clear();
                values.extend(enumeration.column(id).iter());
                let column = |id: ProgramId| enumeration.column(id).iter().collect::<Vec<i64>>();
                // a system solved is worth a read of the deadline: many in
                // one stretch of reads must not carry the scan past it
                if read_paired(
                    paired,
                    enumeration,
                    id,
                    values,
                    &column,
                    &mut partners,
                    &mut fits,
                ) && self.deadline.passed()
                {
                    break;
                }
            }
            if let Some(clamped) = &mut self.kinks.clamped {
                if read_clamped(
                    clamped,
                    self.spec,
                    enumeration,
                    id,
                    &mut partners,
                    &mut fits,
                    &self.deadline,
                ) && self.deadline.passed()
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

/// Reads banked program `id` under `clamped`: its interior values bent,
/// wrapped or floored, and paired; each fit clamped into `fits`. Whether
/// a system was solved.
fn read_clamped(
    clamped: &mut Clamped<'_>,
    spec: &Spec,
    enumeration: &Enumeration,
    id: ProgramId,
    partners: &mut Vec<ProgramId>,
    fits: &mut Vec<Program>,
    deadline: &Deadline,
) -> bool {
    let clamp = clamped.clamp;
    clamp.interior(enumeration.column(id).iter(), &mut clamped.values);
    let mut inner = Vec::new();
    inner.extend(
        clamped
            .kinked
            .fit(clamped.values.iter().copied(), || enumeration.program(id)),
    );
    let solved = clamped.paired.as_mut().is_some_and(|paired| {
        let column = |id: ProgramId| {
            let mut values = Vec::new();
            clamp.interior(enumeration.column(id).iter(), &mut values);
            values
        };
        read_paired(
            paired,
            enumeration,
            id,
            &clamped.values,
            &column,
            partners,
            &mut inner,
        )
    });
    fits.extend(
        inner
            .iter()
            .filter_map(|program| clamp.wrap(spec, program, deadline)),
    );
    solved
}

/// Reads banked program `id` as one part with a line of the variables and
/// with each part banked before it that may fit ([`Paired`]): `values` are
/// its values, `column` gives a partner's; each fit into `fits`. Whether a
/// system was solved.
fn read_paired(
    paired: &mut Paired<'_>,
    enumeration: &Enumeration,
    id: ProgramId,
    values: &[i64],
    column: &dyn Fn(ProgramId) -> Vec<i64>,
    partners: &mut Vec<ProgramId>,
    fits: &mut Vec<Program>,
) -> bool {
    partners.clear();
    let single = paired.read(id, values.iter().copied(), partners);
    if !single && partners.is_empty() {
        return false;
    }
    let part = |id: ProgramId| (column(id), enumeration.program(id));
    let this = (values.to_vec(), enumeration.program(id));
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
