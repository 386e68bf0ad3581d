//! Algebraic completion: programs too big to enumerate that are a linear
//! combination of small parts with rational coefficients.
//!
//! Many programs people want are `(c0 + c1·f1 + … + ck·fk) div d` for small
//! parts `fi`: polynomials of degree 3–5 in a sequence index (13–25 nodes as
//! trees, far beyond what enumeration reaches), sums of powers, floors of
//! quadratics, a polynomial plus a periodic part. [`complete`] solves for the
//! coefficients over the examples exactly:
//!
//! - **exact fits**: `y = c0 + Σ ci·fi` over the rationals, by fraction-free
//!   (Bareiss) elimination in checked `i128`; the common denominator
//!   becomes the divisor `d`, exact on every example;
//! - **floors**: `y = (c0 + Σ ci·fi) div d` with integer `ci` for each `d`
//!   in `2..=`[`CompletionConfig::max_divisor`]: least squares proposes the
//!   `ci` (rounded, and their neighbours), and the constant is then the
//!   exact intersection of the intervals every example allows, so floating
//!   point proposes but never decides.
//!
//! The parts are the monomials of the variables by degree (`1, n, n², …`;
//! `x, y, x², x·y, y², …`), then each hinge `min(x, c)` of a variable at a
//! literal of the grammar (the kinks of a piecewise-linear rule), each
//! product of a variable with a variable or a hinge (a rate times a
//! quantity, or times hours past 40: `r·h + r·max(h − 40, 0)`), and each
//! of the given basis programs (e.g. the smallest programs an enumeration
//! banked) added to a low-degree polynomial, and when none fits, every pair
//! of them with a polynomial of degree up to 2 (`y = 100·n − 990·(n div
//! 10) − 99·(n div 100)` reverses a three-digit number): the polynomial's
//! columns are eliminated once and each pair is decided exactly on the rows
//! left. A fit must leave at least [`CompletionConfig::min_evidence`]
//! examples beyond its unknowns (one more for floors), so that fitting is
//! evidence, not interpolation. Every program returned is checked on every
//! example by the reference interpreter and is admitted by the spec's
//! grammar (constants the grammar lacks are built from its literals).
//!
//! **Remainders**: where the outputs all lie in `[0, m)` for a literal `m`
//! of the grammar and reach `m / 2`, `y = (c0 + Σ ci·fi) mod m` is solved
//! for over the variables, then over sums of the learned blocks (a check
//! digit over a number's digits, a weekday over a date's parts): Gaussian
//! elimination modulo each prime of `m`, lifted to its powers and joined
//! by the Chinese remainder theorem, the coefficients spelled nearest
//! zero. A spare example is right by chance once in `m`, so a modular fit
//! must leave examples beyond its unknowns worth 20 bits at `log₂ m` bits
//! each (7 for `m = 10`).
//!
//! The hybrid also reads each program its enumeration banks, whatever its
//! size, as one part bent at most once, exact or rounded down, or wrapped
//! by a modulus (`kinked.rs`: a tiered price, tax brackets paid in whole
//! units, a clock past a computed offset), and as one of two parts, with
//! a line of the variables or another banked part (`paired.rs`). Where
//! the outputs are saturated, their least or greatest value taken again
//! and again (a capped fee), the same readings and the completion also run
//! on the other examples, and each fit is clamped (`clamped.rs`).
//!
//! ```
//! use arithsynth::search::completion::{complete, CompletionConfig};
//! use arithsynth::search::Spec;
//! use arithsynth::{Example, Grammar, Vars};
//!
//! // the sum of the first n squares, n (n + 1) (2n + 1) / 6, from 10 terms
//! let grammar = Grammar::new(Vars::new(["n"])?);
//! let train = (0..10).map(|n| Example::new([n], n * (n + 1) * (2 * n + 1) / 6)).collect();
//! let test = (10..30).map(|n| Example::new([n], n * (n + 1) * (2 * n + 1) / 6)).collect();
//! let spec = Spec::new(grammar, train, test)?;
//! let completions = complete(&spec, &[], &CompletionConfig::default());
//! let program = &completions.programs[0];
//! assert_eq!(spec.test_ok(program), Some(true));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

mod build;
pub(crate) mod clamped;
pub(crate) mod exact;
pub(crate) mod kinked;
mod modular;
pub(crate) mod paired;

use std::collections::BTreeSet;

use nalgebra::{DMatrix, DVector};

use super::deadline::{Deadline, Ticker};
use super::Spec;
use crate::dsl::Program;
use crate::eval::reference;
use build::Builder;
use exact::{common_denominator, Solved};

/// Bounds of a completion.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[must_use]
pub struct CompletionConfig {
    /// Highest total degree of the monomials tried. Default: 5.
    pub max_degree: usize,
    /// Most non-constant parts in one fit. Default: 6.
    pub max_terms: usize,
    /// Examples a fit must leave beyond its unknowns (floors need one
    /// more). Default: 2.
    pub min_evidence: usize,
    /// Floors `div d` are tried for `d` in `2..=max_divisor`. Default: 12.
    pub max_divisor: i64,
    /// Basis programs tried as an extra part. Default: 256.
    pub basis_terms: usize,
    /// Of those (hinges first), the first this many are also tried two at
    /// a time when no single one fits: `(p + c1·f + c2·g) / d` for a
    /// polynomial `p` of degree up to 2 where the examples leave room, e.g.
    /// `100n − 990·(n div 10) − 99·(n div 100)` for a number's digits
    /// reversed, or `3q + min(q, 10) + min(q, 50)` for a tiered price. 0
    /// turns pairs off. Default: 256.
    pub pair_terms: usize,
    /// Largest coefficient magnitude in a program (after clearing the
    /// denominators). Default: 10^9.
    pub max_coefficient: i128,
    /// Most programs returned. Default: 8.
    pub max_fits: usize,
    /// A fit that leaves at least this many examples beyond its unknowns
    /// is final: the hybrid stops there instead of enumerating on for a
    /// smaller program. Default: 4 (e.g. a quartic from 10 terms, a floor
    /// of a line from 8 examples).
    pub final_evidence: usize,
}

impl Default for CompletionConfig {
    fn default() -> Self {
        CompletionConfig {
            max_degree: 5,
            max_terms: 6,
            min_evidence: 2,
            max_divisor: 12,
            basis_terms: 256,
            pair_terms: 256,
            max_coefficient: 1_000_000_000,
            max_fits: 8,
            final_evidence: 4,
        }
    }
}

/// What [`complete`] found.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Completions {
    /// Programs that fit every example, in the order found (simplest
    /// models first), without repeats.
    pub programs: Vec<Program>,
    /// For each program, the examples its fit leaves beyond its unknowns
    /// (the coefficients, and the divisor of a floor).
    pub evidence: Vec<usize>,
    /// Linear systems solved (exact and least-squares): the work done.
    pub systems: u64,
}

/// Systems (or pairs decided) between two readings of the clock.
const CHECK_EVERY: u32 = 64;

/// Products of a variable with a variable or a hinge tried as parts, at
/// most.
const MAX_PRODUCTS: usize = 64;

/// One part of a fit: a program and its column on the examples.
struct Part {
    program: Program,
    column: Vec<i128>,
}

/// Fits `spec`'s training examples as a linear combination of monomials of
/// its variables and of `basis` programs; see the [module docs](self).
#[must_use]
pub fn complete(spec: &Spec, basis: &[Program], config: &CompletionConfig) -> Completions {
    complete_within(spec, basis, config, &Deadline::never())
}

/// As [`complete`], stopping with what it has found once `deadline`
/// passes (checked every few systems: the pairs of a grammar with a
/// hundred literals are tens of thousands).
#[must_use]
pub fn complete_within(
    spec: &Spec,
    basis: &[Program],
    config: &CompletionConfig,
    deadline: &Deadline,
) -> Completions {
    complete_with_blocks(spec, &[], basis, config, deadline)
}

/// Most of the `blocks` of [`complete_with_blocks`] in one sum.
pub const MAX_BLOCK_PARTS: usize = 4;

/// As [`complete_within`], trying after the polynomials the sums of up to
/// [`MAX_BLOCK_PARTS`] of `blocks` (instances of learned building blocks,
/// [`blocks`](super::blocks)), alone and with the variables, fewest parts
/// first (`n div 1000 + (n div 100) mod 10 + …` is a digit sum of four),
/// each exact and then modulo the spec's moduli (a check digit: see the
/// [module docs](self)); then the blocks are basis programs ahead of
/// `basis`. The variables alone are tried modulo the moduli first,
/// blocks or none.
#[must_use]
pub fn complete_with_blocks(
    spec: &Spec,
    blocks: &[Program],
    basis: &[Program],
    config: &CompletionConfig,
    deadline: &Deadline,
) -> Completions {
    let _span = tracing::debug_span!("completion", examples = spec.train().len()).entered();
    let mut search = Completion {
        spec,
        config,
        ticker: deadline.ticker(CHECK_EVERY),
        builder: Builder::new(spec.grammar(), deadline),
        outputs: spec.train().iter().map(|e| i128::from(e.output)).collect(),
        found: Completions::default(),
        seen: BTreeSet::new(),
        moduli: Vec::new(),
    };
    search.moduli = modular::moduli(spec.grammar().literals(), &search.outputs);
    // a program that reads a variable the spec lacks cannot be a part
    let within = |p: &&Program| p.min_vars() <= spec.vars().len();
    let blocks: Vec<Program> = blocks.iter().filter(within).cloned().collect();
    let basis: Vec<Program> = blocks
        .iter()
        .chain(basis.iter().filter(within))
        .cloned()
        .collect();
    let basis = basis.as_slice();
    let monomials = search.monomials();
    if search.polynomials(&monomials) || search.ticker.passed() {
        return search.found;
    }
    if search.block_sums(&monomials, &blocks) || search.ticker.passed() {
        return search.found;
    }
    let extras = search.extras(&monomials, basis);
    if search.singles(&monomials, &extras) {
        return search.found;
    }
    if search.found.programs.is_empty() {
        search.pairs(&monomials, &extras[..extras.len().min(config.pair_terms)]);
    }
    search.found
}

/// One completion's state.
struct Completion<'a> {
    spec: &'a Spec,
    config: &'a CompletionConfig,
    /// The search's clock, read every [`CHECK_EVERY`] systems.
    ticker: Ticker,
    builder: Builder<'a>,
    outputs: Vec<i128>,
    found: Completions,
    seen: BTreeSet<Program>,
    /// The moduli of [`Completion::modular`] fits.
    moduli: Vec<modular::Modulus>,
}

impl Completion<'_> {
    /// The monomials of the spec's variables of total degree 1 through the
    /// maximum, with their degree, by degree then in lexicographic order of
    /// exponents (x before y).
    fn monomials(&self) -> Vec<(usize, Program)> {
        let vars = self.spec.vars().len();
        let mut out = Vec::new();
        if vars == 0 {
            return out;
        }
        for degree in 1..=self.config.max_degree {
            let mut exponents = vec![0usize; vars];
            exponents_of_degree(degree, 0, &mut exponents, &mut |e| {
                if let Some(program) = self.builder.monomial(e) {
                    out.push((degree, program));
                }
            });
            if out.len() > self.config.max_terms {
                break;
            }
        }
        out
    }

    /// Polynomials by degree, exact and floored: the first degree that
    /// fits is the simplest. Whether one fits.
    fn polynomials(&mut self, monomials: &[(usize, Program)]) -> bool {
        let mut degree_parts: Vec<Part> = Vec::new();
        let mut polynomial_fit = false;
        for degree in 1..=self.config.max_degree {
            let before = degree_parts.len();
            degree_parts.extend(
                monomials
                    .iter()
                    .filter(|(d, _)| *d == degree)
                    .map(|(_, part)| self.part(part.clone())),
            );
            if degree_parts.len() == before || !self.fits_evidence(degree_parts.len(), false) {
                break;
            }
            let parts: Vec<&Part> = degree_parts.iter().collect();
            polynomial_fit |= self.exact(&parts);
            for divisor in 2..=self.config.max_divisor {
                if self.ticker.tick() {
                    break;
                }
                polynomial_fit |= self.floor(&parts, divisor);
            }
            if polynomial_fit || self.full() || self.ticker.passed() {
                break;
            }
        }
        polynomial_fit
    }

    /// The parts tried beside a low-degree polynomial, distinct and not
    /// constant on the examples: the hinges `min(x, c)` of each variable at
    /// each literal first, then products of a variable with a variable or a
    /// hinge (at most [`MAX_PRODUCTS`]: a rate times a quantity, times a
    /// tier), then the basis; at most [`CompletionConfig::basis_terms`].
    fn extras(&self, monomials: &[(usize, Program)], basis: &[Program]) -> Vec<Part> {
        let column_of = |degree: usize| -> BTreeSet<Vec<i128>> {
            monomials
                .iter()
                .filter(|(d, _)| *d <= degree)
                .map(|(_, p)| self.column(p))
                .collect()
        };
        let (variable_columns, monomial_columns) =
            (column_of(1), column_of(self.config.max_degree));
        let mut columns_seen = BTreeSet::new();
        let mut distinct = |part: &Part, excluded: &BTreeSet<Vec<i128>>| {
            part.column.windows(2).any(|w| w[0] != w[1])
                && !excluded.contains(&part.column)
                && columns_seen.insert(part.column.clone())
        };
        let builder = &self.builder;
        let vars = self.spec.vars().len();
        let grammar = self.spec.grammar();
        let hinges: Vec<Part> = (0..vars)
            .flat_map(|var| {
                grammar
                    .literals()
                    .iter()
                    .filter_map(move |&c| builder.hinge(var, c))
            })
            .map(|program| self.part(program))
            .filter(|part| distinct(part, &monomial_columns))
            .collect();
        let factors: Vec<Program> = (0..vars)
            .filter_map(|var| Program::var(var).ok())
            .chain(hinges.iter().map(|h| h.program.clone()))
            .collect();
        let products: Vec<Part> = (0..vars)
            .flat_map(|var| {
                factors
                    .iter()
                    .filter_map(move |f| builder.times_var(var, f))
            })
            .map(|program| self.part(program))
            .filter(|part| distinct(part, &variable_columns))
            .take(MAX_PRODUCTS)
            .collect();
        hinges
            .into_iter()
            .chain(products)
            .chain(
                basis
                    .iter()
                    .map(|program| self.part(program.clone()))
                    .filter(|part| distinct(part, &monomial_columns)),
            )
            .take(self.config.basis_terms)
            .collect()
    }

    /// Sums of `k` of `blocks` for `k` up to [`MAX_BLOCK_PARTS`], each alone
    /// and with the variables (exact): the first `k` that fits is the
    /// simplest. Whether one fits.
    fn block_sums(&mut self, monomials: &[(usize, Program)], blocks: &[Program]) -> bool {
        let parts: Vec<Part> = blocks.iter().map(|p| self.part(p.clone())).collect();
        let variables = self.low_parts(monomials, 1);
        let alone: Vec<&Part> = variables.iter().collect();
        if !alone.is_empty() && self.modular(&alone) {
            return true;
        }
        for k in 1..=MAX_BLOCK_PARTS.min(parts.len()) {
            let mut fit = false;
            let mut chosen: Vec<usize> = (0..k).collect();
            loop {
                if self.ticker.tick() {
                    return fit;
                }
                let mut sum: Vec<&Part> = chosen.iter().map(|&i| &parts[i]).collect();
                fit |= self.exact(&sum) || self.modular(&sum);
                sum.extend(variables.iter());
                fit |= self.exact(&sum) || self.modular(&sum);
                if self.full() || !next_combination(&mut chosen, parts.len()) {
                    break;
                }
            }
            if fit {
                return true;
            }
        }
        false
    }

    /// A polynomial of degree up to 2 and one of `extras`, exact and (to
    /// degree 1) floored. Whether the search is over (enough fits, or the
    /// deadline passed).
    fn singles(&mut self, monomials: &[(usize, Program)], extras: &[Part]) -> bool {
        for degree in 0..=2 {
            let low = self.low_parts(monomials, degree);
            if !self.fits_evidence(low.len() + 1, false) {
                break;
            }
            for extra in extras {
                if self.ticker.tick() {
                    return true;
                }
                let mut parts: Vec<&Part> = low.iter().collect();
                parts.push(extra);
                self.exact(&parts);
                if degree <= 1 && self.fits_evidence(parts.len(), true) {
                    for divisor in 2..=self.config.max_divisor.min(6) {
                        self.floor(&parts, divisor);
                    }
                }
                if self.full() {
                    return true;
                }
            }
        }
        false
    }

    fn column(&self, program: &Program) -> Vec<i128> {
        self.spec
            .train()
            .iter()
            .map(|e| i128::from(reference::eval(program, &e.inputs)))
            .collect()
    }

    fn part(&self, program: Program) -> Part {
        Part {
            column: self.column(&program),
            program,
        }
    }

    /// The monomials of degree 1 through `degree`, as parts.
    fn low_parts(&self, monomials: &[(usize, Program)], degree: usize) -> Vec<Part> {
        monomials
            .iter()
            .filter(|(d, _)| *d <= degree)
            .map(|(_, p)| self.part(p.clone()))
            .collect()
    }

    /// Whether a fit with `terms` non-constant parts leaves enough
    /// examples beyond its unknowns.
    fn fits_evidence(&self, terms: usize, floor: bool) -> bool {
        let unknowns = terms + 1 + usize::from(floor);
        let needed = unknowns + self.config.min_evidence + usize::from(floor);
        terms <= self.config.max_terms && needed <= self.outputs.len()
    }

    fn full(&self) -> bool {
        self.found.programs.len() >= self.config.max_fits
    }

    /// Keeps `program`, a fit of `unknowns` unknowns, if it fits every
    /// example and the grammar admits it.
    fn accept(&mut self, program: Option<Program>, unknowns: usize) -> bool {
        let Some(program) = program else {
            return false;
        };
        if self.full()
            || self.spec.grammar().admits(&program).is_err()
            || !self.spec.admits(&program)
            || self.spec.matched(&program) != self.outputs.len()
            || !self.seen.insert(program.clone())
        {
            return false;
        }
        self.found.programs.push(program);
        self.found
            .evidence
            .push(self.outputs.len().saturating_sub(unknowns));
        true
    }

    /// `y = c0 + Σ ai·mi + b·f + c·g` over the rationals for every pair
    /// `f`, `g` of `extras`, with the monomials `mi` of degree 0, then up
    /// to 1 and 2 where the examples leave room: those are eliminated once
    /// ([`exact::reduce`]), each pair is then decided on the rows left, and
    /// a pair that fits is solved whole.
    fn pairs(&mut self, monomials: &[(usize, Program)], extras: &[Part]) {
        for degree in 0..=2 {
            let low = self.low_parts(monomials, degree);
            if !self.fits_evidence(low.len() + 2, false) || self.ticker.passed() {
                return;
            }
            let ones = vec![1i128; self.outputs.len()];
            let mut fixed: Vec<&[i128]> = vec![&ones];
            fixed.extend(low.iter().map(|p| p.column.as_slice()));
            let mut targets: Vec<&[i128]> = extras.iter().map(|p| p.column.as_slice()).collect();
            targets.push(&self.outputs);
            let Some(reduced) = exact::reduce(&fixed, &targets) else {
                continue;
            };
            let Some(y) = &reduced[extras.len()] else {
                continue;
            };
            // a part whose values left i128 on the way is solved whole
            let mut fitting = Vec::new();
            let mut decided = 0u64;
            'pairs: for i in 0..extras.len() {
                for j in i + 1..extras.len() {
                    if self.ticker.tick() {
                        break 'pairs;
                    }
                    decided += 1;
                    let fits = match (&reduced[i], &reduced[j]) {
                        (Some(f), Some(g)) => exact::pair_fits(f, g, y),
                        _ => None,
                    };
                    if fits != Some(false) {
                        fitting.push((i, j));
                    }
                }
            }
            self.found.systems += decided;
            for (i, j) in fitting {
                if self.ticker.tick() {
                    return;
                }
                let mut parts: Vec<&Part> = low.iter().collect();
                parts.extend([&extras[i], &extras[j]]);
                self.exact(&parts);
                if self.full() {
                    return;
                }
            }
        }
    }

    /// `y = c0 + Σ ci·parts[i]` over the rationals.
    fn exact(&mut self, parts: &[&Part]) -> bool {
        if !self.fits_evidence(parts.len(), false) {
            return false;
        }
        self.found.systems += 1;
        let ones = vec![1i128; self.outputs.len()];
        let mut columns: Vec<&[i128]> = vec![&ones];
        columns.extend(parts.iter().map(|p| p.column.as_slice()));
        let Solved::Unique(solution) = exact::solve(&columns, &self.outputs) else {
            return false;
        };
        let Some(divisor) = common_denominator(&solution) else {
            return false;
        };
        let Some(coefficients) = solution
            .iter()
            .map(|r| r.num.checked_mul(divisor / r.den))
            .collect::<Option<Vec<i128>>>()
        else {
            return false;
        };
        let program = self.program(&coefficients, parts, divisor);
        self.accept(program, parts.len() + 1)
    }

    /// `y = (c0 + Σ ci·parts[i]) mod m` for each of the spec's moduli
    /// ([`modular`]), the coefficients nearest zero. Whether one fits.
    fn modular(&mut self, parts: &[&Part]) -> bool {
        let unknowns = parts.len() + 1;
        let columns: Vec<&[i128]> = parts.iter().map(|p| p.column.as_slice()).collect();
        let mut fit = false;
        for index in 0..self.moduli.len() {
            let modulus = &self.moduli[index];
            let spare =
                modular::spare_needed(modulus, self.config.min_evidence, modular::EVIDENCE_BITS);
            if parts.len() > self.config.max_terms || unknowns + spare > self.outputs.len() {
                continue;
            }
            self.found.systems += 1;
            let m = modulus.m;
            for solution in modular::solve(&columns, &self.outputs, modulus) {
                let terms: Vec<(i128, &Program)> = solution[1..]
                    .iter()
                    .zip(parts)
                    .map(|(&c, p)| (modular::centred(c.into(), m.into()), &p.program))
                    .collect();
                let constant = modular::centred(solution[0].into(), m.into());
                let program = self
                    .builder
                    .sum(constant, &terms)
                    .and_then(|sum| self.builder.modulo(sum, i128::from(m)));
                fit |= self.accept(program, unknowns);
            }
        }
        fit
    }

    /// `y = (c0 + Σ ci·parts[i]) div divisor` with integer coefficients.
    fn floor(&mut self, parts: &[&Part], divisor: i64) -> bool {
        if !self.fits_evidence(parts.len(), true) {
            return false;
        }
        self.found.systems += 1;
        let d = i128::from(divisor);
        let rows = self.outputs.len();
        // least squares on d·y + (d - 1)/2 ≈ c0 + Σ ci·fi, columns scaled
        let scales: Vec<f64> = parts
            .iter()
            .map(|p| {
                p.column
                    .iter()
                    .map(|&v| to_f64(v).abs())
                    .fold(1.0, f64::max)
            })
            .collect();
        let a = DMatrix::from_fn(rows, parts.len() + 1, |i, j| {
            if j == 0 {
                1.0
            } else {
                to_f64(parts[j - 1].column[i]) / scales[j - 1]
            }
        });
        let b = DVector::from_fn(rows, |i, _| {
            to_f64(self.outputs[i]) * to_f64(d) + (to_f64(d) - 1.0) / 2.0
        });
        let Ok(x) = a.svd(true, true).solve(&b, 1e-12) else {
            return false;
        };
        let rounded: Option<Vec<i128>> = (0..parts.len())
            .map(|j| {
                let value = (x[j + 1] / scales[j]).round();
                (value.is_finite() && value.abs() < 1e15).then(|| to_i128(value))
            })
            .collect();
        let Some(rounded) = rounded else {
            return false;
        };
        // the rounded coefficients, and their neighbours for few parts
        let spread: i128 = if parts.len() <= 3 { 1 } else { 0 };
        let choices = usize::try_from(2 * spread + 1).expect("1 or 3");
        let combinations = choices.pow(u32::try_from(parts.len()).unwrap_or(u32::MAX));
        let mut any = false;
        for index in 0..combinations {
            let mut rest = index;
            let coefficients: Vec<i128> = rounded
                .iter()
                .map(|&c| {
                    let offset = i128::try_from(rest % choices).expect("small") - spread;
                    rest /= choices;
                    c + offset
                })
                .collect();
            if coefficients.iter().all(|&c| c == 0) {
                continue;
            }
            if let Some(constant) = self.floor_constant(parts, &coefficients, d) {
                let mut all = vec![constant];
                all.extend(&coefficients);
                let program = self.program(&all, parts, d);
                any |= self.accept(program, parts.len() + 2);
            }
        }
        any
    }

    /// The constant `c0` closest to 0 with `d·y ≤ c0 + Q ≤ d·y + d - 1` on
    /// every example, where `Q = Σ ci·fi`: the intersection of the
    /// intervals, exactly.
    fn floor_constant(&self, parts: &[&Part], coefficients: &[i128], d: i128) -> Option<i128> {
        let (mut lo, mut hi) = (i128::MIN, i128::MAX);
        for (row, &y) in self.outputs.iter().enumerate() {
            let mut q: i128 = 0;
            for (part, &c) in parts.iter().zip(coefficients) {
                q = q.checked_add(c.checked_mul(part.column[row])?)?;
            }
            let low = d.checked_mul(y)?.checked_sub(q)?;
            lo = lo.max(low);
            hi = hi.min(low.checked_add(d - 1)?);
            if lo > hi {
                return None;
            }
        }
        Some(0i128.clamp(lo, hi))
    }

    /// `(div (c0 + Σ ci·parts[i]) divisor)` as a program, the smaller of the
    /// sum and (for a polynomial in one variable) Horner's form.
    fn program(&self, coefficients: &[i128], parts: &[&Part], divisor: i128) -> Option<Program> {
        let bound = self.config.max_coefficient;
        if divisor > bound
            || coefficients
                .iter()
                .any(|c| c.unsigned_abs() > bound.unsigned_abs())
        {
            return None;
        }
        // a common factor of every coefficient and the divisor cancels
        let g = coefficients
            .iter()
            .fold(divisor, |acc, &c| exact::gcd(acc, c))
            .max(1);
        let coefficients: Vec<i128> = coefficients.iter().map(|c| c / g).collect();
        let divisor = divisor / g;
        let terms: Vec<(i128, &Program)> = coefficients[1..]
            .iter()
            .zip(parts)
            .map(|(&c, p)| (c, &p.program))
            .collect();
        let sum = self.builder.sum(coefficients[0], &terms);
        let horner = self.horner(&coefficients, parts);
        let numerator = match (sum, horner) {
            (Some(a), Some(b)) => Some(if b.size() < a.size() { b } else { a }),
            (a, b) => a.or(b),
        }?;
        self.builder.divided(numerator, divisor)
    }

    /// Horner's form when the parts are `n, n², …, n^k` of one variable.
    fn horner(&self, coefficients: &[i128], parts: &[&Part]) -> Option<Program> {
        let var = parts.first()?.program.clone();
        if var.size() != 1 || var.min_vars() == 0 {
            return None;
        }
        for (power, part) in parts.iter().enumerate() {
            let expected = self.builder.monomial(&power_exponents(&var, power + 1)?)?;
            if part.program != expected {
                return None;
            }
        }
        self.builder.horner(&var, coefficients)
    }
}

/// The exponents of `var^power` (`var` a single variable).
fn power_exponents(var: &Program, power: usize) -> Option<Vec<usize>> {
    let crate::dsl::Node::Var(index) = var.root() else {
        return None;
    };
    let mut exponents = vec![0; usize::from(index) + 1];
    exponents[usize::from(index)] = power;
    Some(exponents)
}

/// Calls `f` with every exponent vector of `degree` over the variables from
/// `from` on (the earlier ones fixed), lexicographically descending.
fn exponents_of_degree(
    degree: usize,
    from: usize,
    exponents: &mut Vec<usize>,
    f: &mut dyn FnMut(&[usize]),
) {
    if from + 1 == exponents.len() {
        exponents[from] = degree;
        f(exponents);
        exponents[from] = 0;
        return;
    }
    for e in (0..=degree).rev() {
        exponents[from] = e;
        exponents_of_degree(degree - e, from + 1, exponents, f);
    }
    exponents[from] = 0;
}

#[expect(clippy::cast_precision_loss, reason = "least squares only proposes")]
fn to_f64(value: i128) -> f64 {
    value as f64
}

#[expect(
    clippy::cast_possible_truncation,
    reason = "checked to be below 1e15 first"
)]
fn to_i128(value: f64) -> i128 {
    value as i128
}

/// The next `k`-subset of `0..n` after `chosen` in lexicographic order;
/// false after the last.
fn next_combination(chosen: &mut [usize], n: usize) -> bool {
    let k = chosen.len();
    for i in (0..k).rev() {
        if chosen[i] < n - k + i {
            chosen[i] += 1;
            for j in i + 1..k {
                chosen[j] = chosen[j - 1] + 1;
            }
            return true;
        }
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dsl::{Example, Grammar, Op, Vars};

    fn spec(vars: &[&str], rows: &[(Vec<i64>, i64)]) -> Spec {
        spec_in(Grammar::new(Vars::new(vars.iter().copied()).unwrap()), rows)
    }

    /// The spec of `rows` (inputs, output) in `grammar`, with no held-out
    /// examples; the other readings' tests build theirs with it too.
    pub(super) fn spec_in(grammar: Grammar, rows: &[(Vec<i64>, i64)]) -> Spec {
        let train = rows
            .iter()
            .map(|(inputs, output)| Example::new(inputs.clone(), *output))
            .collect();
        Spec::new(grammar, train, Vec::new()).unwrap()
    }

    /// As [`spec`], in a grammar of `literals` (the default operators).
    pub(super) fn spec_with(vars: &[&str], literals: &[i64], rows: &[(Vec<i64>, i64)]) -> Spec {
        let grammar = Grammar::builder()
            .vars(vars.iter().copied())
            .literals(literals.iter().copied())
            .build()
            .unwrap();
        spec_in(grammar, rows)
    }

    /// Whether the completion of one-variable `spec` fits nothing without
    /// `blocks` and, with them, a program equal to `truth` over `range`.
    fn found_only_with_blocks(
        spec: &Spec,
        blocks: &[Program],
        range: std::ops::Range<i64>,
        truth: impl Fn(i64) -> i64,
    ) {
        let config = CompletionConfig::default();
        let never = Deadline::never();
        assert!(complete_with_blocks(spec, &[], &[], &config, &never)
            .programs
            .is_empty());
        let found = complete_with_blocks(spec, blocks, &[], &config, &never);
        let program = &found.programs[0];
        assert!(
            range
                .into_iter()
                .all(|n| reference::eval(program, &[n]) == truth(n)),
            "{}",
            program.sexpr(spec.grammar().vars())
        );
    }

    fn parse_all(texts: &[&str], vars: &Vars) -> Vec<Program> {
        texts
            .iter()
            .map(|text| Program::parse(text, vars).unwrap())
            .collect()
    }

    fn sequence(f: impl Fn(i64) -> i64, terms: i64) -> Spec {
        let rows: Vec<(Vec<i64>, i64)> = (0..terms).map(|n| (vec![n], f(n))).collect();
        spec(&["n"], &rows)
    }

    fn right_beyond(program: &Program, f: impl Fn(i64) -> i64) -> bool {
        (-20..60).all(|n| reference::eval(program, &[n]) == f(n))
    }

    #[test]
    fn a_digit_sum_is_a_sum_of_four_blocks() {
        let digits = |n: i64| n / 1000 + n / 100 % 10 + n / 10 % 10 + n % 10;
        let rows: Vec<(Vec<i64>, i64)> = (0..16)
            .map(|i| 1000 + (i * 5417 + 311) % 9000)
            .map(|n| (vec![n], digits(n)))
            .collect();
        let spec = spec_with(&["n"], &[0, 1, 10, 100, 1000], &rows);
        let vars = Vars::new(["n"]).unwrap();
        let blocks = parse_all(
            &[
                "(div n 1000)",
                "(mod (div n 100) 10)",
                "(mod (div n 10) 10)",
                "(mod n 10)",
                "(div n 100)",
            ],
            &vars,
        );
        found_only_with_blocks(&spec, &blocks, 1000..10_000, digits);
        let mut chosen = vec![0, 1, 2];
        assert!(next_combination(&mut chosen, 4));
        assert_eq!(chosen, [0, 1, 3]);
        assert!(next_combination(&mut chosen, 4) && chosen == [0, 2, 3]);
        assert!(next_combination(&mut chosen, 4) && chosen == [1, 2, 3]);
        assert!(!next_combination(&mut chosen, 4));
    }

    #[test]
    fn a_check_digit_is_a_sum_of_digit_blocks_modulo_ten() {
        // weights 3, 7, 1 over the digits of a three-digit number, negated
        let check = |n: i64| (-(3 * (n / 100) + 7 * (n / 10 % 10) + n % 10)).rem_euclid(10);
        let rows: Vec<(Vec<i64>, i64)> = (0..16)
            .map(|i| 100 + (i * 6451 + 97) % 900)
            .map(|n| (vec![n], check(n)))
            .collect();
        let literals = [0, 1, 3, 7, 10, 100];
        let spec = spec_with(&["n"], &literals, &rows);
        let vars = Vars::new(["n"]).unwrap();
        let blocks = parse_all(
            &[
                "(div n 100)",
                "(mod (div n 10) 10)",
                "(mod n 10)",
                "(div n 10)",
            ],
            &vars,
        );
        found_only_with_blocks(&spec, &blocks, 100..1000, check);
        let (config, never) = (CompletionConfig::default(), Deadline::never());
        // seven spare examples are needed modulo 10: four unknowns and ten
        // examples are too few
        let spec = spec_with(&["n"], &literals, &rows[..10]);
        assert!(complete_with_blocks(&spec, &blocks, &[], &config, &never)
            .programs
            .is_empty());
    }

    #[test]
    fn a_weekday_is_a_sum_of_the_variables_modulo_seven() {
        let weekday = |d: i64, w: i64, y: i64| (d + 3 * w + 5 * y + 4) % 7;
        let rows: Vec<(Vec<i64>, i64)> = (0..20)
            .map(|i| (1 + i * 7 % 31, i * 5 % 52, 1990 + i * 3 % 40))
            .map(|(d, w, y)| (vec![d, w, y], weekday(d, w, y)))
            .collect();
        let spec = spec_with(&["d", "w", "y"], &[0, 1, 2, 3, 7], &rows);
        let found = complete(&spec, &[], &CompletionConfig::default());
        let program = found
            .programs
            .iter()
            .find(|p| p.sexpr(spec.vars()).to_string().starts_with("(mod"))
            .expect("a fit modulo 7");
        for (d, w, y) in [(5, 40, 2031), (30, 0, 1900), (1, 51, 2100)] {
            assert_eq!(reference::eval(program, &[d, w, y]), weekday(d, w, y));
        }
    }

    #[test]
    fn recovers_polynomials_and_floors_from_ten_terms() {
        let config = CompletionConfig::default();
        let cases: [fn(i64) -> i64; 6] = [
            |n| n * n * n - 2 * n + 7,
            |n| n * (n + 1) * (n + 2) * (n + 3) / 24,
            |n| 3 * n.pow(5) - n.pow(4) + 11,
            |n| n * n / 3,
            |n| (2 * n * n + 1) / 7,
            |n| (3 * n).div_euclid(2),
        ];
        for (k, f) in cases.iter().enumerate() {
            let found = complete(&sequence(f, 10), &[], &config);
            let program = found.programs.first().unwrap_or_else(|| panic!("case {k}"));
            assert!(right_beyond(program, f), "case {k}: {program:?}");
        }
    }

    fn binomial(n: i64, k: i64) -> i64 {
        (0..k).fold(1, |acc, i| acc * (n - i) / (i + 1))
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(48))]
        /// `Σ a_i·C(n, i)` with random integers `a_i` (an integer-valued
        /// polynomial whose monomial coefficients are rationals with
        /// denominators up to 5!), plus a random multiple of a periodic
        /// basis program for low degrees: recovered exactly from 10 terms,
        /// right far beyond them.
        #[test]
        fn random_coefficients_over_random_bases_are_recovered(
            a in proptest::collection::vec(-30i64..=30, 6),
            degree in 1usize..=5,
            period in 2i64..=5,
            weight in -7i64..=7,
        ) {
            let periodic = degree <= 2 && weight != 0;
            let f = |n: i64| {
                let poly: i64 = (0..=degree).map(|i| a[i] * binomial(n, i as i64)).sum();
                poly + if periodic { weight * n.rem_euclid(period) } else { 0 }
            };
            proptest::prop_assume!((1..=degree).any(|i| a[i] != 0) || periodic);
            let vars = Vars::new(["n"]).unwrap();
            let basis = [Program::parse(&format!("(mod n {period})"), &vars).unwrap()];
            // literals up to 5, so that `(mod n 5)` is in the grammar
            let grammar = Grammar::builder().vars(["n"]).literals(0..=5).build().unwrap();
            let train = (0..10).map(|n| Example::new([n], f(n))).collect();
            let spec = Spec::new(grammar, train, Vec::new()).unwrap();
            let found = complete(&spec, &basis, &CompletionConfig::default());
            let program = found.programs.first();
            proptest::prop_assert!(program.is_some(), "nothing for {:?}", (0..10).map(f).collect::<Vec<_>>());
            let program = program.unwrap();
            proptest::prop_assert!((0..60).all(|n| reference::eval(program, &[n]) == f(n)), "{:?}", program);
        }
    }

    #[test]
    fn a_basis_program_joins_a_polynomial() {
        let vars = Vars::new(["n"]).unwrap();
        let periodic = Program::parse("(mod n 3)", &vars).unwrap();
        let f = |n: i64| n * n + 4 * n.rem_euclid(3) - 1;
        let found = complete(&sequence(f, 10), &[periodic], &CompletionConfig::default());
        assert!(
            found.programs.iter().any(|p| right_beyond(p, f)),
            "{found:?}"
        );
    }

    #[test]
    fn pairs_of_basis_programs_reverse_digits_and_read_clocks() {
        let vars = Vars::new(["n"]).unwrap();
        let parse = |text: &str| Program::parse(text, &vars).unwrap();
        // digits reversed: 100 n - 990 (n div 10) - 99 (n div 100)
        let reverse = |n: i64| 100 * (n % 10) + 10 * (n / 10 % 10) + n / 100;
        let grammar = Grammar::builder()
            .vars(["n"])
            .literals([0, 1, 10, 100])
            .build()
            .unwrap();
        let train: Vec<Example> = [123, 507, 940, 381, 666, 219, 804, 155]
            .iter()
            .map(|&n| Example::new([n], reverse(n)))
            .collect();
        let spec = Spec::new(grammar, train, Vec::new()).unwrap();
        let basis: Vec<Program> = [
            "(mod n 10)",
            "(div n 10)",
            "(* n n)",
            "(div n 100)",
            "(mod n 100)",
        ]
        .iter()
        .map(|t| parse(t))
        .collect();
        let found = complete(&spec, &basis, &CompletionConfig::default());
        let program = found.programs.first().expect("a pair fits");
        assert!(
            (100..1000).all(|n| reference::eval(program, &[n]) == reverse(n)),
            "{program:?}"
        );
        // no pairs: nothing fits
        let off = CompletionConfig {
            pair_terms: 0,
            ..CompletionConfig::default()
        };
        assert!(complete(&spec, &basis, &off).programs.is_empty());
        // two periodic parts beside a quadratic, from 10 terms
        let f = |n: i64| n * n + 3 * n.rem_euclid(2) - 2 * n.rem_euclid(3) + 1;
        let periodic: Vec<Program> = ["(mod n 2)", "(div n 2)", "(mod n 3)"]
            .iter()
            .map(|t| parse(t))
            .collect();
        let found = complete(&sequence(f, 10), &periodic, &CompletionConfig::default());
        let program = found.programs.first().expect("a quadratic and a pair");
        assert!(right_beyond(program, f), "{program:?}");
        // hh·100 + mm of a count of seconds: 40 (s div 3600) + (s div 60)
        let hhmm = |s: i64| s / 3600 * 100 + s / 60 % 60;
        let grammar = Grammar::builder()
            .vars(["s"])
            .literals([0, 1, 60, 3600])
            .build()
            .unwrap();
        let vars = Vars::new(["s"]).unwrap();
        let train: Vec<Example> = [3725, 86399, 59, 43200, 7199, 61, 50000, 12345]
            .iter()
            .map(|&s| Example::new([s], hhmm(s)))
            .collect();
        let spec = Spec::new(grammar, train, Vec::new()).unwrap();
        let basis: Vec<Program> = ["(div s 60)", "(mod s 60)", "(div s 3600)"]
            .iter()
            .map(|t| Program::parse(t, &vars).unwrap())
            .collect();
        let found = complete(&spec, &basis, &CompletionConfig::default());
        let program = found.programs.first().expect("a pair fits");
        assert!(
            (0..86400)
                .step_by(7)
                .all(|s| reference::eval(program, &[s]) == hhmm(s)),
            "{program:?}"
        );
    }

    #[test]
    fn hinges_fit_tiered_prices() {
        // 5 a unit up to 10, 4 up to 50, 3 beyond: 3q + min(q, 10) + min(q, 50)
        let tiered = |q: i64| match q {
            ..10 => 5 * q,
            10..50 => 50 + 4 * (q - 10),
            _ => 210 + 3 * (q - 50),
        };
        let grammar = Grammar::builder()
            .vars(["q"])
            .literals([0, 1, 2, 3, 4, 5, 10, 50, 210])
            .ops([
                Op::Add,
                Op::Sub,
                Op::Mul,
                Op::Div,
                Op::Mod,
                Op::Ite(crate::dsl::Cmp::Lt),
            ])
            .build()
            .unwrap();
        let train: Vec<Example> = [3, 17, 64, 9, 42, 88, 25, 51]
            .iter()
            .map(|&q| Example::new([q], tiered(q)))
            .collect();
        let spec = Spec::new(grammar, train, Vec::new()).unwrap();
        let found = complete(&spec, &[], &CompletionConfig::default());
        let program = found.programs.first().expect("two hinges fit");
        assert!(
            (0..=100).all(|q| reference::eval(program, &[q]) == tiered(q)),
            "{program:?}"
        );
        // a clamp to 0..=100 is 0 + min(x, 100) - min(x, 0)
        let grammar = Grammar::builder()
            .vars(["x"])
            .literals([0, 1, 2, 3, 100])
            .ops([Op::Add, Op::Sub, Op::Mul, Op::Min])
            .build()
            .unwrap();
        let train: Vec<Example> = [-40, 7, 130, 55, -3, 99, 250, 18]
            .iter()
            .map(|&x| Example::new([x], x.clamp(0, 100)))
            .collect();
        let spec = Spec::new(grammar, train, Vec::new()).unwrap();
        let found = complete(&spec, &[], &CompletionConfig::default());
        let program = found.programs.first().expect("two hinges fit");
        assert!(
            (-300..300).all(|x| reference::eval(program, &[x]) == x.clamp(0, 100)),
            "{program:?}"
        );
    }

    #[test]
    fn a_rate_times_a_hinge_fits_overtime_pay() {
        // 10 an hour, 15 an hour past 40 hours, times a rate: 10·r·h +
        // 5·r·max(h − 40, 0), i.e. 5·r·h + 5·r·max(h, 40) − 200·r, a pair of
        // products beside a line (the grammar has max, not min or ite)
        let pay = |h: i64, r: i64| 10 * r * h + 5 * r * (h - 40).max(0);
        let grammar = Grammar::builder()
            .vars(["h", "r"])
            .literals([0, 1, 2, 3, 40])
            .ops([Op::Add, Op::Sub, Op::Mul, Op::Div, Op::Mod, Op::Max])
            .build()
            .unwrap();
        let rows = [(4, 28), (60, 58), (34, 40), (44, 47), (59, 57), (57, 5)];
        let rows = rows.iter().chain(&[(43, 29), (18, 38), (51, 3)]);
        let train: Vec<Example> = rows
            .map(|&(h, r)| Example::new([h, r], pay(h, r)))
            .collect();
        let spec = Spec::new(grammar.clone(), train, Vec::new()).unwrap();
        let found = complete(&spec, &[], &CompletionConfig::default());
        let program = found.programs.first().expect("r·h and r·max(h, 40) fit");
        for h in 0..80 {
            for r in [0, 1, 7, 30] {
                assert_eq!(reference::eval(program, &[h, r]), pay(h, r), "{program:?}");
            }
        }
        // one product alone: a price per item for at most 10 items
        let capped = |q: i64, p: i64| p * q.min(10);
        let rows = [(3, 7), (12, 5), (25, 9), (8, 2), (40, 11), (1, 30), (10, 4)];
        let train: Vec<Example> = rows
            .iter()
            .map(|&(q, p)| Example::new([q, p], capped(q, p)))
            .collect();
        let grammar = Grammar::builder()
            .vars(["q", "p"])
            .literals([0, 1, 10])
            .ops([Op::Add, Op::Sub, Op::Mul, Op::Min])
            .build()
            .unwrap();
        let spec = Spec::new(grammar, train, Vec::new()).unwrap();
        let found = complete(&spec, &[], &CompletionConfig::default());
        let program = found.programs.first().expect("p·min(q, 10) fits");
        for q in -5..60 {
            for p in [0, 3, 100] {
                assert_eq!(
                    reference::eval(program, &[q, p]),
                    capped(q, p),
                    "{program:?}"
                );
            }
        }
    }

    #[test]
    fn too_few_examples_is_no_fit_not_interpolation() {
        // 4 terms of anything: a cubic would interpolate them
        let found = complete(
            &sequence(|n| [5, -2, 9, 4][usize::try_from(n).unwrap()], 4),
            &[],
            &CompletionConfig::default(),
        );
        assert!(found.programs.is_empty(), "{found:?}");
        // 2^n is no polynomial: 10 terms leave evidence against every degree
        let found = complete(&sequence(|n| 1 << n, 10), &[], &CompletionConfig::default());
        assert!(found.programs.is_empty(), "{found:?}");
    }

    #[test]
    fn two_variables_and_a_celsius_floor() {
        let rows: Vec<(Vec<i64>, i64)> = [
            (3, 4),
            (1, 0),
            (2, 2),
            (-5, 7),
            (6, -1),
            (0, 3),
            (4, 4),
            (-2, -6),
            (9, 1),
        ]
        .iter()
        .map(|&(x, y)| (vec![x, y], 2 * x * y - x + 3 * y * y))
        .collect();
        let found = complete(&spec(&["x", "y"], &rows), &[], &CompletionConfig::default());
        let program = found.programs.first().expect("a quadratic in x, y");
        assert_eq!(
            reference::eval(program, &[10, -7]),
            2 * 10 * -7 - 10 + 3 * 49
        );
        let celsius: Vec<(Vec<i64>, i64)> = [-40i64, 0, 37, 100, 12, -7, 55, 81]
            .iter()
            .map(|&c| (vec![c], (9 * c).div_euclid(5) + 32))
            .collect();
        let found = complete(&spec(&["c"], &celsius), &[], &CompletionConfig::default());
        let program = found.programs.first().expect("(9c + 160) div 5");
        assert!((-100..300).all(|c| reference::eval(program, &[c]) == (9 * c).div_euclid(5) + 32));
    }
}
