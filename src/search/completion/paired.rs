//! Two banked parts, or one and a line of the variables: the outputs as a
//! linear combination of programs an enumeration banked, whatever their
//! size.
//!
//! A sum of two idioms over different inputs, `100·(q (q + 1) / 2) + 7·((n
//! div 100 + 2) div 4)`, is 21 nodes: past enumeration, and past the
//! completion's pairs, whose parts are the few hundred smallest banked
//! programs. Each part is 7 nodes, and banked. [`Paired`] reads every
//! banked program `h` once, in bank order, cheaply enough for millions:
//!
//! - **one part and a line**: `y = (a0 + Σ ai·xi + b·h) / d`, exact, when
//!   the outputs less a line of the variables are proportional to `h` less
//!   one. Both sides are sent through the same integer map that sends every
//!   line of the variables to zero ([`exact::reduce`] of the unit vectors),
//!   so a part fits exactly when its image is a multiple of the outputs'
//!   image: checked entry by entry, and most parts fail at the first.
//! - **two parts**: `y = (a0 + b·f + c·h) / d`, `f` banked before `h`,
//!   `c` a small integer or a literal of the grammar (either sign).
//!   Differences from the first example send constants to zero, and `f`
//!   fits exactly when its image is a multiple of `y − c·h`'s. So the
//!   first [`FORWARD`] programs are kept under a hash of their image's
//!   direction (its entries' ratios to the first nonzero one), each looked
//!   up once per `c` by the programs after them; and `y − c·f` of the
//!   first [`BACKWARD`] programs is kept for every `c`, looked up once by
//!   each program after them whatever its size (the coefficient then on
//!   the smaller part). A filter of each table's first entries, small
//!   enough for a core's cache, answers most lookups.
//!
//! A key only proposes: each fit is solved exactly over every example
//! ([`exact::solve`]), spelled in the grammar and checked on every example
//! before it is returned. Every banked program is read, so the spare
//! examples must be worth [`SINGLE_BITS`] (one part) or [`PAIRED_BITS`]
//! (pairs of a bank of millions) bits, each worth `log₂` of the outputs'
//! range, at most [`ROW_BITS`] (two parts then need at least nine examples).

use std::cell::OnceCell;
use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

use super::build::Builder;
use super::exact::{self, common_denominator, Solved};
use super::CompletionConfig;
use crate::dsl::Program;
use crate::search::{Deadline, Spec};

/// Bits the spare examples of a one-part fit must be worth: the
/// completion's 20 and 20 more for the million and more parts read (as for
/// a wrapped part).
pub(crate) const SINGLE_BITS: f64 = 40.0;

/// Bits the spare examples of a two-part fit must be worth: the
/// completion's 20 and 40 more for the pairs of a million and more parts.
pub(crate) const PAIRED_BITS: f64 = 60.0;

/// Most bits one spare example is worth, however wide the outputs' range:
/// the outputs of structured parts (squares, digits, remainders) agree by
/// chance far more often than once in their range.
const ROW_BITS: f64 = 10.0;

/// Examples the keys are computed on (the first ones): enough to tell
/// parts apart, and a bound on the reading's time and memory (its map is
/// square in them) whatever a spec holds; a fit is solved on all.
const KEY_EXAMPLES: usize = 64;

/// Most coefficients `c` tried for the later part of a pair.
const MAX_COEFFICIENTS: usize = 24;

/// Programs read with each coefficient against the programs before them
/// (`c` on the later part): the first 2^18 of an enumeration, past which
/// that would cost more time than it saves.
const FORWARD: usize = 1 << 18;

/// Programs whose `y − c·f` is kept for the programs after them (`c` on
/// the earlier part, the later one any size): the first 2^15, a lookup
/// each for every program read.
const BACKWARD: usize = 1 << 15;

/// Entries of a direction hashed for the first, cheap lookup.
const PREFIX: usize = 3;

/// Bits of the filters of [`FORWARD`] and of [`BACKWARD`] directions
/// (256 and 512 KiB: each about 8 bits a direction, so that a filter both
/// stays in a core's cache and lets few directions through that are not
/// kept).
const FORWARD_BITS: usize = 1 << 21;
const BACKWARD_BITS: usize = 1 << 22;

/// `values[r] − values[0]` for each example past the first, as `f64`,
/// into `out`.
fn differences(values: impl IntoIterator<Item = i64>, out: &mut Vec<f64>) {
    out.clear();
    let mut values = values.into_iter();
    if let Some(first) = values.next() {
        out.extend(values.map(|v| v as f64 - first as f64));
    }
}

/// A hasher for keys that are hashes already.
#[derive(Default)]
struct Identity(u64);

impl Hasher for Identity {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        for &byte in bytes {
            self.0 = (self.0 << 8) | u64::from(byte);
        }
    }

    fn write_u64(&mut self, value: u64) {
        self.0 = value;
    }
}

type Keyed<V> = HashMap<u64, V, BuildHasherDefault<Identity>>;

/// An integer linear map that sends every combination of some fixed
/// columns to zero: entry `r` of a column's image is `Σ w·v[j]` over
/// `rows[r]`'s `(j, w)`.
#[derive(Debug)]
struct Image {
    rows: Vec<Vec<(usize, i128)>>,
}

impl Image {
    /// The map for `fixed` over `n` examples: [`exact::reduce`] of each unit
    /// vector (fraction-free elimination is linear, and exact on any
    /// integer column). `None` when the fixed columns are dependent or
    /// leave no rows.
    fn new(fixed: &[&[i128]], n: usize) -> Option<Image> {
        if fixed.len() >= n {
            return None;
        }
        let units: Vec<Vec<i128>> = (0..n)
            .map(|j| (0..n).map(|i| i128::from(i == j)).collect())
            .collect();
        let targets: Vec<&[i128]> = units.iter().map(Vec::as_slice).collect();
        let reduced = exact::reduce(fixed, &targets)?;
        let mut rows = vec![Vec::new(); n - fixed.len()];
        for (j, column) in reduced.into_iter().enumerate() {
            for (r, &w) in column?.iter().enumerate() {
                if w != 0 {
                    rows[r].push((j, w));
                }
            }
        }
        Some(Image { rows })
    }

    /// The image of `values` into `out`; `false` when it left `i128`.
    fn apply(&self, values: &[i128], out: &mut Vec<i128>) -> bool {
        out.clear();
        for row in &self.rows {
            let mut sum = 0i128;
            for &(j, w) in row {
                let Some(next) = w.checked_mul(values[j]).and_then(|t| sum.checked_add(t)) else {
                    return false;
                };
                sum = next;
            }
            out.push(sum);
        }
        true
    }
}

/// The direction of a nonzero vector, hashed: the position of its first
/// nonzero entry and the ratios of the next `take` entries to it (as
/// correctly rounded `f64`s: equal for proportional vectors of integers
/// exact in `f64`). `None` for the zero vector.
fn direction(values: &[f64], take: usize) -> Option<u64> {
    let first = values.iter().position(|&v| v != 0.0)?;
    let pivot = values[first];
    let mut hash = (first as u64 + 1).wrapping_mul(0x9E37_79B9_7F4A_7C15);
    for &value in values[first + 1..].iter().take(take) {
        // + 0.0 turns -0.0 into 0.0
        let ratio = value / pivot + 0.0;
        hash = (hash ^ ratio.to_bits())
            .wrapping_mul(0xFF51_AFD7_ED55_8CCD)
            .rotate_left(31);
    }
    Some(hash)
}

/// A one-part fit's test: the outputs' image under the map that sends
/// lines of the variables to zero, and its first nonzero entry.
#[derive(Debug)]
struct Single {
    image: Image,
    target: Vec<i128>,
    pivot: usize,
}

impl Single {
    /// Whether the image of `values` is a nonzero multiple of the
    /// outputs', entry by entry, stopping at the first that is not.
    fn fits(&self, values: &[i128]) -> bool {
        let entry = |r: usize| -> Option<i128> {
            self.image.rows[r].iter().try_fold(0i128, |sum, &(j, w)| {
                w.checked_mul(values[j]).and_then(|t| sum.checked_add(t))
            })
        };
        let (p, tp) = (self.pivot, self.target[self.pivot]);
        let Some(hp) = entry(p).filter(|&hp| hp != 0) else {
            return false;
        };
        (0..self.target.len()).filter(|&r| r != p).all(|r| {
            let cross = entry(r)
                .and_then(|hr| Some(hr.checked_mul(tp)? == self.target[r].checked_mul(hp)?));
            cross == Some(true)
        })
    }
}

/// Two-part fits: the outputs less the first's (exact in `f64` for
/// values below 2^53; past it a fit may be missed, never made), and the
/// programs read so far as lookups.
#[derive(Debug)]
struct Pairs {
    target: Vec<f64>,
    coefficients: Vec<f64>,
    /// Programs read since the enumeration began.
    read: usize,
    /// The first [`FORWARD`] programs by their image's direction (the
    /// first of each).
    kept: Keyed<u32>,
    /// A filter of those directions' first [`PREFIX`] entries.
    filter: Vec<u64>,
    /// The direction of `y − c·f` for each of the first [`BACKWARD`]
    /// programs `f` and each coefficient `c`: `f`.
    wanted: Keyed<u32>,
    /// A filter of those directions' first [`PREFIX`] entries.
    wanted_filter: Vec<u64>,
}

impl Pairs {
    /// The word and bit of a direction's prefix in a filter of `words`.
    fn filter_slot(prefix: u64, words: usize) -> (usize, u64) {
        let bit = (prefix >> 40) as usize % (words * 64).max(1);
        (bit / 64, 1u64 << (bit % 64))
    }

    /// Whether `filter` may hold `values`' direction.
    fn may_hold(filter: &[u64], values: &[f64]) -> bool {
        direction(values, PREFIX).is_some_and(|prefix| {
            let (word, bit) = Pairs::filter_slot(prefix, filter.len());
            filter.get(word).is_some_and(|w| w & bit != 0)
        })
    }

    /// Adds `values`' direction to `filter`.
    fn mark(filter: &mut [u64], values: &[f64]) {
        if let Some(prefix) = direction(values, PREFIX) {
            let (word, bit) = Pairs::filter_slot(prefix, filter.len());
            if let Some(word) = filter.get_mut(word) {
                *word |= bit;
            }
        }
    }

    /// Reads the program `id` whose image is `image` (`probe` a buffer):
    /// the programs before it that may fit with it into `partners`.
    fn read(&mut self, id: u32, image: &[f64], probe: &mut Vec<f64>, partners: &mut Vec<u32>) {
        let mut found = |partner: Option<&u32>| {
            if let Some(&partner) = partner {
                if !partners.contains(&partner) {
                    partners.push(partner);
                }
            }
        };
        if Pairs::may_hold(&self.wanted_filter, image) {
            found(direction(image, usize::MAX).and_then(|key| self.wanted.get(&key)));
        }
        let (forward, backward) = (self.read < FORWARD, self.read < BACKWARD);
        self.read += 1;
        if !forward && !backward {
            return;
        }
        if self.filter.is_empty() {
            self.filter = vec![0; FORWARD_BITS / 64];
            self.wanted_filter = vec![0; BACKWARD_BITS / 64];
        }
        for &c in &self.coefficients {
            probe.clear();
            probe.extend(self.target.iter().zip(image).map(|(&y, &h)| y - c * h));
            if backward {
                if let Some(wanted) = direction(probe, usize::MAX) {
                    self.wanted.entry(wanted).or_insert(id);
                    Pairs::mark(&mut self.wanted_filter, probe);
                }
            }
            if forward && Pairs::may_hold(&self.filter, probe) {
                found(direction(probe, usize::MAX).and_then(|key| self.kept.get(&key)));
            }
        }
        if let (true, Some(key)) = (forward, direction(image, usize::MAX)) {
            self.kept.entry(key).or_insert(id);
            Pairs::mark(&mut self.filter, image);
        }
    }

    fn restart(&mut self) {
        self.read = 0;
        self.kept.clear();
        self.wanted.clear();
        self.filter.clear();
        self.wanted_filter.clear();
    }
}

/// Reads banked programs as one part and a line of the variables, or as
/// two parts; see the [module docs](self).
#[derive(Debug)]
pub(crate) struct Paired<'a> {
    spec: &'a Spec,
    /// Built at the first fit: its table of constants takes time.
    builder: OnceCell<Builder<'a>>,
    deadline: Deadline,
    outputs: Vec<i128>,
    /// The examples the keys are computed on ([`KEY_EXAMPLES`]).
    keyed: usize,
    /// The variables' columns, for a one-part fit's line.
    vars: Vec<Vec<i128>>,
    max_coefficient: i128,
    /// `None` when one-part fits lack evidence.
    single: Option<Single>,
    /// `None` when two-part fits lack evidence.
    pairs: Option<Pairs>,
    values: Vec<i128>,
    image: Vec<f64>,
    probe: Vec<f64>,
}

impl<'a> Paired<'a> {
    /// For `spec`'s training examples; `None` when they leave too little
    /// evidence for either reading.
    pub(crate) fn new(
        spec: &'a Spec,
        config: &CompletionConfig,
        deadline: &Deadline,
    ) -> Option<Self> {
        let outputs: Vec<i128> = spec.train().iter().map(|e| e.output.into()).collect();
        let n = outputs.len();
        let (low, high) = (outputs.iter().min()?, outputs.iter().max()?);
        let row_bits = ((high - low + 1) as f64).log2().min(ROW_BITS);
        // the bits the spare examples of a fit of `unknowns` are worth
        let worth = |unknowns: usize| {
            let spare = n.saturating_sub(unknowns);
            if spare < config.min_evidence {
                0.0
            } else {
                spare as f64 * row_bits
            }
        };
        let vars: Vec<Vec<i128>> = (0..spec.grammar().vars().len())
            .map(|v| spec.train().iter().map(|e| e.inputs[v].into()).collect())
            .collect();
        let keyed = n.min(KEY_EXAMPLES);
        let single = (worth(vars.len() + 2) >= SINGLE_BITS)
            .then(|| {
                let ones = vec![1i128; keyed];
                let mut fixed: Vec<&[i128]> = vec![&ones];
                fixed.extend(vars.iter().map(|v| &v[..keyed]));
                let image = Image::new(&fixed, keyed)?;
                let mut target = Vec::new();
                image.apply(&outputs[..keyed], &mut target).then_some(())?;
                let pivot = target.iter().position(|&t| t != 0)?;
                Some(Single {
                    image,
                    target,
                    pivot,
                })
            })
            .flatten();
        let pairs = (worth(3) >= PAIRED_BITS).then(|| {
            let mut magnitudes: Vec<i64> = (1..=3)
                .chain(
                    spec.grammar()
                        .literals()
                        .iter()
                        .map(|&l| l.saturating_abs()),
                )
                .filter(|&c| c != 0)
                .collect();
            magnitudes.sort_unstable();
            magnitudes.dedup();
            let mut target = Vec::new();
            differences(
                spec.train().iter().take(keyed).map(|e| e.output),
                &mut target,
            );
            Pairs {
                target,
                coefficients: magnitudes
                    .into_iter()
                    .flat_map(|c| [c as f64, -(c as f64)])
                    .take(MAX_COEFFICIENTS)
                    .collect(),
                read: 0,
                kept: Keyed::default(),
                filter: Vec::new(),
                wanted: Keyed::default(),
                wanted_filter: Vec::new(),
            }
        });
        if single.is_none() && pairs.is_none() {
            return None;
        }
        Some(Paired {
            spec,
            builder: OnceCell::new(),
            deadline: deadline.clone(),
            outputs,
            keyed,
            vars,
            max_coefficient: config.max_coefficient,
            single,
            pairs,
            values: Vec::new(),
            image: Vec::new(),
            probe: Vec::new(),
        })
    }

    /// A new enumeration numbers its programs from the first again.
    pub(crate) fn restart(&mut self) {
        if let Some(pairs) = &mut self.pairs {
            pairs.restart();
        }
    }

    /// Reads the banked program `id` with these values on the training
    /// examples: whether it fits with a line of the variables, and (into
    /// `partners`) the programs banked before it that may fit with it;
    /// then keeps it for the programs after it.
    pub(crate) fn read(
        &mut self,
        id: u32,
        column: impl IntoIterator<Item = i64> + Clone,
        partners: &mut Vec<u32>,
    ) -> bool {
        let single = self.single.as_ref().is_some_and(|single| {
            self.values.clear();
            self.values
                .extend(column.clone().into_iter().take(self.keyed).map(i128::from));
            self.values.len() == self.keyed && single.fits(&self.values)
        });
        let Some(pairs) = &mut self.pairs else {
            return single;
        };
        differences(column.into_iter().take(self.keyed), &mut self.image);
        if self.image.len() != pairs.target.len() {
            return single;
        }
        pairs.read(id, &self.image, &mut self.probe, partners);
        single
    }

    /// `y = (a0 [+ Σ ai·xi] + Σ bj·parts[j]) / d` solved exactly over
    /// every example (with a line of the variables where `line`), as a
    /// program checked on every example; `None` when there is no such fit
    /// or it cannot be spelled in the grammar within the coefficient bound.
    pub(crate) fn fit(&self, parts: &[(Vec<i64>, Program)], line: bool) -> Option<Program> {
        let n = self.outputs.len();
        let ones = vec![1i128; n];
        let columns: Vec<Vec<i128>> = parts
            .iter()
            .map(|(values, _)| values.iter().map(|&v| i128::from(v)).collect())
            .collect();
        let mut system: Vec<&[i128]> = vec![&ones];
        let var_programs: Vec<Program> = if line {
            system.extend(self.vars.iter().map(Vec::as_slice));
            (0..self.vars.len())
                .map(Program::var)
                .collect::<Result<_, _>>()
                .ok()?
        } else {
            Vec::new()
        };
        system.extend(columns.iter().map(Vec::as_slice));
        let Solved::Unique(solution) = exact::solve(&system, &self.outputs) else {
            return None;
        };
        let divisor = common_denominator(&solution)?;
        let mut coefficients = solution
            .iter()
            .map(|r| r.num.checked_mul(divisor / r.den))
            .collect::<Option<Vec<i128>>>()?;
        // a common factor of every coefficient and the divisor cancels
        let g = coefficients
            .iter()
            .fold(divisor, |acc, &c| exact::gcd(acc, c))
            .max(1);
        coefficients.iter_mut().for_each(|c| *c /= g);
        let divisor = divisor / g;
        let bound = self.max_coefficient.unsigned_abs();
        if divisor.unsigned_abs() > bound || coefficients.iter().any(|c| c.unsigned_abs() > bound) {
            return None;
        }
        let builder = self
            .builder
            .get_or_init(|| Builder::new(self.spec.grammar(), &self.deadline));
        let terms: Vec<(i128, &Program)> = coefficients[1..]
            .iter()
            .copied()
            .zip(var_programs.iter().chain(parts.iter().map(|(_, p)| p)))
            .collect();
        let program = builder.divided(builder.sum(coefficients[0], &terms)?, divisor)?;
        (self.spec.matched(&program) == n).then_some(program)
    }
}

#[cfg(test)]
mod tests {
    use super::super::tests::spec_with as spec;
    use super::*;

    fn column(spec: &Spec, program: &Program) -> Vec<i64> {
        spec.train()
            .iter()
            .map(|e| crate::eval::reference::eval(program, &e.inputs))
            .collect()
    }

    /// Reads `bank` in order as the hybrid does; the first fit.
    fn first_fit(spec: &Spec, bank: &[Program]) -> Option<Program> {
        let deadline = Deadline::never();
        let mut paired = Paired::new(spec, &CompletionConfig::default(), &deadline)?;
        let mut partners = Vec::new();
        for (id, h) in (0u32..).zip(bank) {
            partners.clear();
            let values = column(spec, h);
            let single = paired.read(id, values.iter().copied(), &mut partners);
            if single {
                if let Some(fit) = paired.fit(&[(values.clone(), h.clone())], true) {
                    return Some(fit);
                }
            }
            for &g in &partners {
                let f = &bank[g as usize];
                let parts = [(column(spec, f), f.clone()), (values.clone(), h.clone())];
                if let Some(fit) = paired.fit(&parts, false) {
                    return Some(fit);
                }
            }
        }
        None
    }

    fn parse(spec: &Spec, texts: &[&str]) -> Vec<Program> {
        texts
            .iter()
            .map(|t| spec.grammar().parse(t).unwrap())
            .collect()
    }

    #[test]
    fn two_idioms_over_different_inputs_are_a_pair_of_banked_parts() {
        // 100·q(q + 1)/2 + 7·((n div 100 + 2) div 4)
        let target = |q: i64, n: i64| 100 * (q * (q + 1) / 2) + 7 * ((n / 100 + 2) / 4);
        let rows: Vec<(Vec<i64>, i64)> = (0..16)
            .map(|i| {
                let (q, n) = ((i * 7 + 3) % 23, (i * 7919 + 311) % 10_000);
                (vec![q, n], target(q, n))
            })
            .collect();
        let spec = spec(&["q", "n"], &[0, 1, 2, 4, 7, 100], &rows);
        let bank = parse(
            &spec,
            &[
                "q",
                "n",
                "(* q q)",
                "(div n 100)",
                "(div (* q (+ q 1)) 2)",
                "(mod n 7)",
                "(div (+ (div n 100) 2) 4)",
                "(* n q)",
            ],
        );
        let fit = first_fit(&spec, &bank).expect("a pair fits");
        let held_out: Vec<(i64, i64)> = (0..40).map(|i| (i % 30, i * 251 % 10_000)).collect();
        for (q, n) in held_out {
            let got = crate::eval::reference::eval(&fit, &[q, n]);
            assert_eq!(
                got,
                target(q, n),
                "{} at q = {q}, n = {n}",
                fit.sexpr(spec.grammar().vars())
            );
        }
        assert!(
            fit.size() > 13,
            "past enumeration: {}",
            fit.sexpr(spec.grammar().vars())
        );
    }

    #[test]
    fn one_part_and_a_line_of_the_variables() {
        // (n div 100) mod 10 · 50 div 100 + 100 p + m
        let target = |n: i64, p: i64, m: i64| (n / 100 % 10) * 50 / 100 + 100 * p + m;
        let rows: Vec<(Vec<i64>, i64)> = (0..16)
            .map(|i| {
                let (n, p, m) = ((i * 7919 + 311) % 10_000, (i * 13 + 5) % 40, (i * 17) % 60);
                (vec![n, p, m], target(n, p, m))
            })
            .collect();
        let spec = spec(&["n", "p", "m"], &[0, 1, 2, 10, 100], &rows);
        let bank = parse(
            &spec,
            &[
                "n",
                "(div n 100)",
                "(mod (div n 100) 10)",
                "(div (mod (div n 100) 10) 2)",
            ],
        );
        let fit = first_fit(&spec, &bank).expect("a part and a line fit");
        for i in 0..40 {
            let (n, p, m) = (i * 97 % 10_000, i % 37, i * 3 % 60);
            assert_eq!(
                crate::eval::reference::eval(&fit, &[n, p, m]),
                target(n, p, m),
                "{}",
                fit.sexpr(spec.grammar().vars())
            );
        }
    }

    #[test]
    fn small_outputs_leave_too_little_evidence_for_pairs() {
        // outputs in 0..4: 13 spare examples are worth 26 bits, not 60
        let rows: Vec<(Vec<i64>, i64)> = (0..16)
            .map(|i| (vec![i, 3 * i], (i * i + i / 3) % 4))
            .collect();
        let spec = spec(&["a", "b"], &[0, 1, 2], &rows);
        let deadline = Deadline::never();
        let paired = Paired::new(&spec, &CompletionConfig::default(), &deadline);
        assert!(paired.is_none_or(|p| p.pairs.is_none()));
    }

    #[test]
    fn eight_examples_leave_too_little_for_pairs_however_wide_the_outputs() {
        // five spare examples are worth at most 50 bits; one part and a
        // line of one variable leave five too, worth the 40 it needs
        let rows: Vec<(Vec<i64>, i64)> = (0..8)
            .map(|i| (vec![i * 37 - 100], i * i * 1_000_003 - 7))
            .collect();
        let spec = spec(&["a"], &[0, 1, 2], &rows);
        let deadline = Deadline::never();
        let paired = Paired::new(&spec, &CompletionConfig::default(), &deadline).unwrap();
        assert!(paired.pairs.is_none() && paired.single.is_some());
    }

    #[test]
    fn many_examples_are_keyed_on_the_first_and_solved_on_all() {
        // 3000 examples: the keys read 64 of them, the fit is checked on all
        let target = |a: i64, b: i64| 5 * (a % 7) + 3 * (b / 10) - 11;
        let rows: Vec<(Vec<i64>, i64)> = (0..3000)
            .map(|i| {
                let (a, b) = (i * 37 % 1000, i * 91 % 977);
                (vec![a, b], target(a, b))
            })
            .collect();
        let spec = spec(&["a", "b"], &[0, 1, 3, 5, 7, 10, 11], &rows);
        let bank = parse(&spec, &["a", "b", "(mod a 7)", "(div b 10)"]);
        let fit = first_fit(&spec, &bank).expect("a pair fits");
        assert_eq!(spec.matched(&fit), rows.len());
    }

    #[test]
    fn the_image_sends_every_line_of_the_fixed_columns_to_zero() {
        let n = 9;
        let ones = vec![1i128; n];
        let x: Vec<i128> = (0..n as i128).map(|i| i * i - 3).collect();
        let image = Image::new(&[&ones, &x], n).unwrap();
        let mut out = Vec::new();
        let line: Vec<i128> = x.iter().map(|v| 5 - 7 * v).collect();
        assert!(image.apply(&line, &mut out));
        assert!(out.iter().all(|&v| v == 0), "{out:?}");
        // and keeps what is not one: proportional images, proportional inputs
        let f: Vec<i128> = (0..n as i128).map(|i| i * i * i).collect();
        let g: Vec<i128> = f.iter().zip(&x).map(|(f, x)| -3 * f + 2 * x + 11).collect();
        let mut image_f = Vec::new();
        let mut image_g = Vec::new();
        assert!(image.apply(&f, &mut image_f) && image.apply(&g, &mut image_g));
        assert!(image_f.iter().any(|&v| v != 0));
        let float = |v: &[i128]| v.iter().map(|&x| x as f64).collect::<Vec<f64>>();
        assert_eq!(
            direction(&float(&image_f), usize::MAX),
            direction(&float(&image_g), usize::MAX)
        );
    }
}
