//! One part, bent once: the outputs as a piecewise-linear map of a single
//! program's values, with at most one kink.
//!
//! A tiered price over a computed quantity, `10·min(q, 450) + 12·max(0, q −
//! 450)` with `q = 100·(n div 100) + x`, is 25 nodes: far past what
//! enumeration reaches, and past the completion's pairs, whose parts are
//! the smallest banked programs and hinges of the variables only. But `q`
//! is 7 nodes, and the outputs, read against `q`'s values, lie on two lines
//! that meet at 450. [`Kinked::fit`] reads any banked program's column that
//! way, cheaply enough for every program an enumeration banks:
//!
//! - the examples, sorted by the part's value, must make the outputs a
//!   function of it;
//! - either all of them lie on one line (`y = (c0 + c1·f) / d`, an affine
//!   map of the part, exact on every example), or a prefix lies on one line
//!   and the rest on another, the two lines meeting at an integer `k`
//!   between the last value of the prefix and the first of the rest:
//!   `y = (c0 + c1·f + c2·min(f, k)) / d`, with at least two values of
//!   the part on each side of `k` (the kink's own value pins neither line);
//! - the examples must leave [`CompletionConfig::min_evidence`] distinct
//!   values of the part beyond the unknowns (2 for a line, 4 for two lines
//!   and their kink), so that a fit is evidence, not interpolation.
//!
//! Where neither fits and the outputs lie in `[0, m)` for a literal `m` of
//! the grammar (and reach `m / 2`, as for the completion's remainders), the
//! part may be **wrapped** instead: `y = (c0 + c1·f) mod m`, a clock or a
//! weekday past a computed offset. `c1` comes from the first two values
//! (`Δy ≡ c1·Δf`, each of its `gcd(Δf, m)` solutions tried) and is checked
//! on the rest. Every banked program is read this way, so a spare value
//! is worth only `log₂ m` bits against a million parts or more: a wrapped
//! fit must leave distinct values beyond its two unknowns worth
//! [`WRAPPED_BITS`] bits (7 for `m = 60`, 13 for `m = 10`).
//!
//! Where none of those fits and the grammar has `div`, the lines may be
//! **floored** instead ([`Kinked::floored`]): `y = (c0 + c1·f + c2·min(f,
//! k)) div d` with integer coefficients, for `d` in `2..=`
//! [`CompletionConfig::max_divisor`] and the grammar's literals up to
//! [`MAX_FLOORED_DIVISOR`], the smallest that fits (tax brackets paid in
//! whole units: `(20·min(q, 450) + 35·max(0, q − 450)) div 100`). A floor
//! pins a slope only to within the divisor, so each line needs
//! [`FLOORED_SIDE`] values of its own, and the spare values must be worth
//! [`FLOORED_BITS`] bits, each worth `log₂` of the outputs' range (at most
//! 10): a floor is matched by chance far more often than an exact line.
//!
//! The program is spelled with the grammar's operators (`min`, else `ite`
//! with `<`, else `max`) and constants built from its literals, and is
//! checked on every example before it is returned.

use std::cell::{OnceCell, RefCell};

use super::build::Builder;
use super::exact::gcd;
use super::modular::{self, Modulus};
use super::{to_i128, CompletionConfig};
use crate::dsl::{Op, Program};
use crate::search::{Deadline, Spec};

/// A line `q·y = p·f + r` through two points, `q > 0`, in lowest terms.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Line {
    p: i128,
    q: i128,
    r: i128,
}

impl Line {
    /// The line through `(f0, y0)` and `(f1, y1)`, `f0 != f1`.
    fn through((f0, y0): (i64, i64), (f1, y1): (i64, i64)) -> Option<Line> {
        let (f0, y0) = (i128::from(f0), i128::from(y0));
        let (f1, y1) = (i128::from(f1), i128::from(y1));
        let (mut p, mut q) = (y1.checked_sub(y0)?, f1.checked_sub(f0)?);
        if q < 0 {
            (p, q) = (p.checked_neg()?, q.checked_neg()?);
        }
        let g = gcd(p, q).max(1);
        let (p, q) = (p / g, q / g);
        let r = q.checked_mul(y0)?.checked_sub(p.checked_mul(f0)?)?;
        Some(Line { p, q, r })
    }

    fn holds(&self, (f, y): (i64, i64)) -> bool {
        let (f, y) = (i128::from(f), i128::from(y));
        let left = self.q.checked_mul(y);
        let right = self.p.checked_mul(f).and_then(|pf| pf.checked_add(self.r));
        left.is_some() && left == right
    }
}

/// Bits of evidence the spare values of a wrapped fit must be worth: the
/// completion's 20 ([`modular::EVIDENCE_BITS`]) and 20 more for the
/// million and more parts an enumeration banks, each read.
pub(crate) const WRAPPED_BITS: f64 = 40.0;

/// Most solutions `c1` of `Δy ≡ c1·Δf (mod m)` tried.
const MAX_SLOPES: i128 = 64;

/// Bits of evidence the spare values of a floored fit must be worth, each
/// worth `log₂` of the outputs' range, at most [`FLOORED_ROW_BITS`]: as
/// for a wrapped part, the completion's 20 and 20 more for the million and
/// more parts read.
pub(crate) const FLOORED_BITS: f64 = 40.0;

/// Most bits one spare value of a floored fit is worth, however wide the
/// outputs' range (as for the paired reading).
const FLOORED_ROW_BITS: f64 = 10.0;

/// Distinct values of the part a floored line needs on its side of the
/// kink: a floor pins a slope only to within its divisor, so one more than
/// an exact line's two.
const FLOORED_SIDE: usize = 3;

/// Most integer slopes tried on each side of a floored fit, per divisor:
/// more means the values of the part are too close together to pin it.
const MAX_FLOORED_SLOPES: i128 = 4;

/// Largest literal of the grammar tried as the divisor of a floored fit
/// (beside `2..=`[`CompletionConfig::max_divisor`]).
const MAX_FLOORED_DIVISOR: i64 = 10_000;

/// The shape found: `y = (c0 + c1·f + c2·h) div d`, `h = min(f, k)` (or
/// `max`, as the grammar spells the hinge), `c2 = 0` for a line, exact or
/// floored; or, with a `modulus`, `y = (c0 + c1·f) mod m` (`c2 = 0`,
/// `d = 1`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Shape {
    c0: i128,
    c1: i128,
    c2: i128,
    d: i128,
    kink: Option<i64>,
    modulus: Option<i64>,
}

/// Fits outputs as a piecewise-linear map of one part; see the
/// [module docs](self).
#[derive(Debug)]
pub(crate) struct Kinked<'a> {
    spec: &'a Spec,
    /// Built at the first fit: its table of constants takes time.
    builder: OnceCell<Builder<'a>>,
    /// The examples as (part, output) points, sorted by the part.
    points: RefCell<Vec<(i64, i64)>>,
    deadline: Deadline,
    outputs: Vec<i64>,
    min_evidence: usize,
    max_coefficient: i128,
    /// Whether the hinge is spelled `max(f, k)` (the grammar has neither
    /// `min` nor `ite` with `<`); `None` when it cannot be spelled.
    max_form: Option<bool>,
    /// The moduli a part may be wrapped by, with the distinct values each
    /// needs ([`WRAPPED_BITS`]); empty when the grammar has no `mod`.
    moduli: Vec<(Modulus, usize)>,
    /// The divisors of a floored fit, smallest first; empty when the
    /// grammar has no `div`.
    divisors: Vec<i128>,
    /// Bits one spare value of a floored fit is worth.
    floored_row_bits: f64,
    /// The slopes a floored line may have through each prefix and each
    /// suffix of the distinct points (one buffer for every reading).
    bounds: RefCell<(Vec<Bounds>, Vec<Bounds>)>,
}

/// Open bounds `(lo, hi)` on the slope `σ` of a floored line
/// `y = ⌊σ·f + τ⌋` through some points, from their secants: `Δy` lies
/// strictly between `σ·Δf − 1` and `σ·Δf + 1`. Floating point, so they
/// only propose: each fit is checked exactly.
type Bounds = (f64, f64);

/// The bounds of the secant from `a` to `b` (`a.0 < b.0`), intersected
/// with `bounds`.
fn secant(bounds: Bounds, a: (i64, i64), b: (i64, i64)) -> Bounds {
    let df = b.0 as f64 - a.0 as f64;
    let dy = b.1 as f64 - a.1 as f64;
    (bounds.0.max((dy - 1.0) / df), bounds.1.min((dy + 1.0) / df))
}

/// The integer `k` with the most trailing zeros in `lo..=hi` (the
/// nearest zero of those): the threshold a person would write.
fn roundest(lo: i128, hi: i128) -> Option<i128> {
    if lo > hi {
        return None;
    }
    if hi < 0 {
        return roundest(-hi, -lo).map(|k| -k);
    }
    if lo <= 0 {
        return Some(0);
    }
    let mut power: i128 = 1;
    while power <= hi / 10 {
        power *= 10;
    }
    while power > 1 {
        let k = (lo + power - 1) / power * power;
        if k <= hi {
            return Some(k);
        }
        power /= 10;
    }
    Some(lo)
}

impl<'a> Kinked<'a> {
    /// For `spec`'s training outputs; the table of constants is built (or
    /// found built) at the first fit, within `deadline`.
    pub(crate) fn new(spec: &'a Spec, config: &CompletionConfig, deadline: &Deadline) -> Self {
        let outputs = spec.train_outputs();
        let low = outputs.iter().copied().min().unwrap_or(0);
        let high = outputs.iter().copied().max().unwrap_or(0);
        let range = i128::from(high) - i128::from(low) + 1;
        Kinked {
            spec,
            builder: OnceCell::new(),
            points: RefCell::new(Vec::new()),
            deadline: deadline.clone(),
            outputs,
            min_evidence: config.min_evidence,
            max_coefficient: config.max_coefficient,
            max_form: Builder::hinge_in(spec.grammar()),
            moduli: if spec.grammar().ops().contains(Op::Mod) {
                let outputs: Vec<i128> = spec.train().iter().map(|e| e.output.into()).collect();
                modular::moduli(spec.grammar().literals(), &outputs)
                    .into_iter()
                    .map(|m| {
                        let needed =
                            2 + modular::spare_needed(&m, config.min_evidence, WRAPPED_BITS);
                        (m, needed)
                    })
                    .collect()
            } else {
                Vec::new()
            },
            divisors: if spec.grammar().ops().contains(Op::Div) {
                let larger = spec
                    .grammar()
                    .literals()
                    .iter()
                    .copied()
                    .filter(|&l| l > config.max_divisor && l <= MAX_FLOORED_DIVISOR);
                let mut divisors: Vec<i128> = (2..=config.max_divisor)
                    .chain(larger)
                    .map(i128::from)
                    .collect();
                divisors.sort_unstable();
                divisors.dedup();
                divisors
            } else {
                Vec::new()
            },
            floored_row_bits: (range as f64).log2().min(FLOORED_ROW_BITS),
            bounds: RefCell::new((Vec::new(), Vec::new())),
        }
    }

    /// The outputs as a piecewise-linear map of `column` (a part's values on
    /// the training examples), with at most one kink, as a program over
    /// `part`; `None` when they are not one, or the program cannot be
    /// spelled in the grammar. `part` is called only for a fit.
    pub(crate) fn fit(
        &self,
        column: impl IntoIterator<Item = i64>,
        part: impl FnOnce() -> Program,
    ) -> Option<Program> {
        let shape = self.shape(column)?;
        let builder = self
            .builder
            .get_or_init(|| Builder::new(self.spec.grammar(), &self.deadline));
        let part = part();
        let hinge = match shape.kink {
            Some(k) => Some(builder.hinge_of(&part, k)?),
            None => None,
        };
        let mut terms = vec![(shape.c1, &part)];
        if let Some(hinge) = &hinge {
            terms.push((shape.c2, hinge));
        }
        let numerator = builder.sum(shape.c0, &terms)?;
        let program = match shape.modulus {
            Some(m) => builder.modulo(numerator, m.into())?,
            None => builder.divided(numerator, shape.d)?,
        };
        (self.spec.matched(&program) == self.outputs.len()).then_some(program)
    }

    /// The shape of the outputs against `column`, checked exactly on every
    /// example.
    fn shape(&self, column: impl IntoIterator<Item = i64>) -> Option<Shape> {
        // one buffer for every reading: this runs once per banked program
        let mut points = self.points.borrow_mut();
        points.clear();
        points.extend(column.into_iter().zip(self.outputs.iter().copied()));
        if points.len() != self.outputs.len() {
            return None;
        }
        points.sort_unstable();
        // the outputs must be a function of the part
        let mut m = 0;
        for i in 0..points.len() {
            if m > 0 && points[m - 1].0 == points[i].0 {
                if points[m - 1].1 != points[i].1 {
                    return None;
                }
            } else {
                points[m] = points[i];
                m += 1;
            }
        }
        let distinct = &points[..m];
        if m < 2 + self.min_evidence {
            return None;
        }
        self.bent(distinct)
            .or_else(|| self.wrapped(distinct))
            .or_else(|| self.floored(distinct))
    }

    /// A floored line, or two floored lines and a kink, through the
    /// `distinct` points: `y = (c0 + c1·f + c2·min(f, k)) div d` for the
    /// smallest divisor `d` that fits (a tax in brackets rounded to whole
    /// units). The secants bound each side's slope; each integer slope
    /// `c/d` within them is tried, its constant is the intersection of the
    /// intervals every point allows (as for the completion's floors), and
    /// the kink is the roundest integer where the two lines' intervals
    /// meet. Spare values must be worth [`FLOORED_BITS`], and each line
    /// needs [`FLOORED_SIDE`] values of its own.
    fn floored(&self, distinct: &[(i64, i64)]) -> Option<Shape> {
        let m = distinct.len();
        let worth = |unknowns: usize| m.saturating_sub(unknowns) as f64 * self.floored_row_bits;
        if self.divisors.is_empty() || worth(3) < FLOORED_BITS {
            return None;
        }
        let mut bounds = self.bounds.borrow_mut();
        let (prefix, suffix) = &mut *bounds;
        // prefix[s]: the slopes through distinct[..s]; suffix[s]: through
        // distinct[s..] (consecutive secants and those from the end)
        let open = (f64::NEG_INFINITY, f64::INFINITY);
        prefix.clear();
        prefix.resize(m + 1, open);
        suffix.clear();
        suffix.resize(m + 1, open);
        for s in 2..=m {
            let through = secant(prefix[s - 1], distinct[s - 2], distinct[s - 1]);
            prefix[s] = secant(through, distinct[0], distinct[s - 1]);
        }
        for s in (0..m - 1).rev() {
            let through = secant(suffix[s + 1], distinct[s], distinct[s + 1]);
            suffix[s] = secant(through, distinct[s], distinct[m - 1]);
        }
        let feasible = |(lo, hi): Bounds| lo < hi;
        if feasible(prefix[m]) {
            return self.divisors.iter().find_map(|&d| {
                floored_slopes(prefix[m], d)
                    .filter(|&c1| c1 != 0)
                    .find_map(|c1| {
                        let (lo, hi) = floor_constants(distinct, c1, d)?;
                        self.bounded(Shape {
                            c0: 0i128.clamp(lo, hi),
                            c1,
                            c2: 0,
                            d,
                            kink: None,
                            modulus: None,
                        })
                    })
            });
        }
        if worth(5) < FLOORED_BITS || m < 2 * FLOORED_SIDE {
            return None;
        }
        // where a prefix and the rest each admit a floored line (no
        // allocation: this runs for every banked part that gets this far)
        let splits = || {
            (FLOORED_SIDE..=m - FLOORED_SIDE)
                .filter(|&s| feasible(prefix[s]) && feasible(suffix[s]))
        };
        splits().next()?;
        let max_form = self.max_form?;
        for &d in &self.divisors {
            for s in splits() {
                let (below, above) = (&distinct[..s], &distinct[s..]);
                let (f_below, f_above) = (i128::from(below[s - 1].0), i128::from(above[0].0));
                for a in floored_slopes(prefix[s], d) {
                    let Some((alo, ahi)) = floor_constants(below, a, d) else {
                        continue;
                    };
                    for b in floored_slopes(suffix[s], d).filter(|&b| b != a) {
                        let shape = floor_constants(above, b, d).and_then(|(blo, bhi)| {
                            let sides = ((a, alo, ahi), (b, blo, bhi));
                            self.joined(d, sides, (f_below, f_above), max_form)
                        });
                        if shape.is_some() {
                            return shape;
                        }
                    }
                }
            }
        }
        None
    }

    /// Two floored lines `d·y ≈ α + a·f` below the kink and `β + b·f`
    /// above it (`α`, `β` within their intervals), joined at the roundest
    /// integer `k` between `f_below` and `f_above` where `β = α + (a −
    /// b)·k` can hold, spelled with the grammar's hinge.
    fn joined(
        &self,
        d: i128,
        ((a, alo, ahi), (b, blo, bhi)): ((i128, i128, i128), (i128, i128, i128)),
        (f_below, f_above): (i128, i128),
        max_form: bool,
    ) -> Option<Shape> {
        let g = a - b;
        let (klo, khi) = multiples_within(g, blo.checked_sub(ahi)?, bhi.checked_sub(alo)?);
        let k = roundest(klo.max(f_below), khi.min(f_above))?;
        let gk = g.checked_mul(k)?;
        let alpha = 0i128.clamp(alo.max(blo - gk), ahi.min(bhi - gk));
        // min(f, k): y = (α + b·f + (a − b)·min(f, k)) div d;
        // max(f, k): y = (α + (a − b)·k + a·f + (b − a)·max(f, k)) div d
        let (c0, c1, c2) = if max_form {
            (alpha.checked_add(gk)?, a, -g)
        } else {
            (alpha, b, g)
        };
        self.bounded(Shape {
            c0,
            c1,
            c2,
            d,
            kink: Some(i64::try_from(k).ok()?),
            modulus: None,
        })
    }

    /// A line, or two lines and a kink, through the `distinct` points.
    fn bent(&self, distinct: &[(i64, i64)]) -> Option<Shape> {
        let m = distinct.len();
        let first = Line::through(distinct[0], distinct[1])?;
        let Some(off) = (2..m).find(|&i| !first.holds(distinct[i])) else {
            return self.line(first);
        };
        // a prefix on one line, the rest on another: two lines and a kink
        if m < 4 + self.min_evidence || m - off < 2 {
            return None;
        }
        let second = Line::through(distinct[off], distinct[off + 1])?;
        if !distinct[off + 2..].iter().all(|&point| second.holds(point)) {
            return None;
        }
        let (below, above) = (distinct[off - 1].0, distinct[off].0);
        let shape = self.kinked(first, second, below.into(), above.into())?;
        // each line is pinned by two examples of its own, not the kink
        let k = shape.kink?;
        let left = distinct.iter().filter(|&&(f, _)| f < k).count();
        let right = distinct.iter().filter(|&&(f, _)| f > k).count();
        (left >= 2 && right >= 2).then_some(shape)
    }

    /// `y = (c0 + c1·f) mod m` through the `distinct` points, for the first
    /// of the moduli that fits.
    fn wrapped(&self, distinct: &[(i64, i64)]) -> Option<Shape> {
        let (f0, y0) = (i128::from(distinct[0].0), i128::from(distinct[0].1));
        let (f1, y1) = (i128::from(distinct[1].0), i128::from(distinct[1].1));
        for (modulus, needed) in &self.moduli {
            if distinct.len() < *needed {
                continue;
            }
            let m = i128::from(modulus.m);
            // Δy ≡ c1·Δf (mod m): c1 ≡ (Δy/g)·(Δf/g)⁻¹ (mod m/g), g = gcd(Δf, m)
            let (df, dy) = ((f1 - f0).rem_euclid(m), (y1 - y0).rem_euclid(m));
            let g = gcd(df, m);
            if dy % g != 0 || g > MAX_SLOPES {
                continue;
            }
            let step = m / g;
            let inverse =
                modular::inverse_mod(i64::try_from(df / g).ok()?, i64::try_from(step).ok()?);
            let base = (dy / g) * i128::from(inverse) % step;
            for c1 in (0..g).map(|t| base + t * step) {
                let c0 = (y0 - c1 * f0).rem_euclid(m);
                let holds = distinct[2..]
                    .iter()
                    .all(|&(f, y)| (c0 + c1 * i128::from(f)).rem_euclid(m) == i128::from(y));
                if c1 != 0 && holds {
                    return Some(Shape {
                        c0: modular::centred(c0, m),
                        c1: modular::centred(c1, m),
                        c2: 0,
                        d: 1,
                        kink: None,
                        modulus: Some(modulus.m),
                    });
                }
            }
        }
        None
    }

    /// `y = (r + p·f) / q`; a constant is no fit (enumeration has it).
    fn line(&self, line: Line) -> Option<Shape> {
        if line.p == 0 {
            return None;
        }
        self.bounded(Shape {
            c0: line.r,
            c1: line.p,
            c2: 0,
            d: line.q,
            kink: None,
            modulus: None,
        })
    }

    /// The two lines meet at an integer `k` with `below ≤ k ≤ above`.
    fn kinked(&self, low: Line, high: Line, below: i128, above: i128) -> Option<Shape> {
        // (p1·k + r1)/q1 = (p2·k + r2)/q2
        let slope = low
            .p
            .checked_mul(high.q)?
            .checked_sub(high.p.checked_mul(low.q)?)?;
        let offset = high
            .r
            .checked_mul(low.q)?
            .checked_sub(low.r.checked_mul(high.q)?)?;
        if slope == 0 || offset % slope != 0 {
            return None;
        }
        let k = offset / slope;
        if k < below || k > above {
            return None;
        }
        let d = low.q.checked_mul(high.q.checked_div(gcd(low.q, high.q))?)?;
        let (s1, t1) = (low.p.checked_mul(d / low.q)?, low.r.checked_mul(d / low.q)?);
        let (s2, t2) = (
            high.p.checked_mul(d / high.q)?,
            high.r.checked_mul(d / high.q)?,
        );
        // min(f, k) is f below the kink: y = s2·f + (s1 − s2)·min(f, k) + t2 − (s1 − s2)·k;
        // max(f, k) is f above it: y = s1·f + (s2 − s1)·max(f, k) + t1 − (s2 − s1)·k
        let (c1, c2, t) = if self.max_form? {
            (s1, s2.checked_sub(s1)?, t1)
        } else {
            (s2, s1.checked_sub(s2)?, t2)
        };
        self.bounded(Shape {
            c0: t.checked_sub(c2.checked_mul(k)?)?,
            c1,
            c2,
            d,
            kink: Some(i64::try_from(k).ok()?),
            modulus: None,
        })
    }

    /// The shape with the common factor of its coefficients and divisor
    /// taken out, if they are within [`CompletionConfig::max_coefficient`].
    fn bounded(&self, shape: Shape) -> Option<Shape> {
        let g = [shape.c0, shape.c1, shape.c2]
            .iter()
            .fold(shape.d, |acc, &c| gcd(acc, c))
            .max(1);
        let shape = Shape {
            c0: shape.c0 / g,
            c1: shape.c1 / g,
            c2: shape.c2 / g,
            d: shape.d / g,
            kink: shape.kink,
            modulus: shape.modulus,
        };
        let bound = self.max_coefficient.unsigned_abs();
        [shape.c0, shape.c1, shape.c2, shape.d]
            .iter()
            .all(|c| c.unsigned_abs() <= bound)
            .then_some(shape)
    }
}

/// The integer slopes `c` of a floored line `y = (c0 + c·f) div d`
/// within `bounds` (`c/d` strictly inside, up to rounding); none when more
/// than [`MAX_FLOORED_SLOPES`] are.
fn floored_slopes((lo, hi): Bounds, d: i128) -> impl Iterator<Item = i128> {
    let scale = d as f64;
    let (low, high) = ((lo * scale).floor(), (hi * scale).ceil());
    let pinned =
        low.abs() < 1e15 && high.abs() < 1e15 && high - low <= MAX_FLOORED_SLOPES as f64 + 1.0;
    let (first, count) = if pinned {
        (to_i128(low), to_i128(high) - to_i128(low) + 1)
    } else {
        (0, 0)
    };
    (0..count).map(move |i| first + i)
}

/// The integers `k` with `low ≤ g·k ≤ high` (`g ≠ 0`), as the interval
/// `(first, last)` (empty when `first > last`).
fn multiples_within(g: i128, low: i128, high: i128) -> (i128, i128) {
    let (g, low, high) = if g > 0 {
        (g, low, high)
    } else {
        (-g, -high, -low)
    };
    (-((-low).div_euclid(g)), high.div_euclid(g))
}

/// The constants `c0` with `d·y ≤ c0 + c·f ≤ d·y + d − 1` on every one of
/// `points`, as an interval; `None` when it is empty.
fn floor_constants(points: &[(i64, i64)], c: i128, d: i128) -> Option<(i128, i128)> {
    let (mut lo, mut hi) = (i128::MIN, i128::MAX);
    for &(f, y) in points {
        let low = d
            .checked_mul(i128::from(y))?
            .checked_sub(c.checked_mul(i128::from(f))?)?;
        lo = lo.max(low);
        hi = hi.min(low.checked_add(d - 1)?);
        if lo > hi {
            return None;
        }
    }
    Some((lo, hi))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dataset::Example;
    use crate::dsl::{Cmp, Grammar, Op};
    use crate::eval::reference;

    /// A spec of `text` over `n` and `x`, with the grammar's `literals`
    /// and operators `ops` (all where empty), on `train` and `test` inputs.
    fn spec(
        text: &str,
        ops: &[Op],
        literals: &[i64],
        train: &[[i64; 2]],
        test: &[[i64; 2]],
    ) -> Spec {
        let ops = if ops.is_empty() { &Op::ALL[..] } else { ops };
        let grammar = Grammar::builder()
            .vars(["n", "x"])
            .literals(literals.iter().copied())
            .ops(ops.iter().copied())
            .build()
            .unwrap();
        // the grammar is not checked: the fit is spelled in it, the target
        // need not be
        let program = grammar.parse(text).unwrap();
        let examples = |inputs: &[[i64; 2]]| {
            inputs
                .iter()
                .map(|row| Example::new(*row, reference::eval(&program, row)))
                .collect()
        };
        Spec::new(grammar, examples(train), examples(test)).unwrap()
    }

    /// The part's program and its values on the spec's training inputs.
    fn part(spec: &Spec, text: &str) -> (Program, Vec<i64>) {
        let program = spec.grammar().parse(text).unwrap();
        let column = spec
            .train()
            .iter()
            .map(|e| reference::eval(&program, &e.inputs))
            .collect();
        (program, column)
    }

    fn fit(spec: &Spec, part_text: &str) -> Option<Program> {
        let (program, column) = part(spec, part_text);
        Kinked::new(spec, &CompletionConfig::default(), &Deadline::never()).fit(column, || program)
    }

    /// The fit of `target` over `part_text` in a grammar of every
    /// operator and `literals`, asserted right on `test`; `what` names it.
    fn fitted(
        target: &str,
        part_text: &str,
        literals: &[i64],
        (train, test): (&[[i64; 2]], &[[i64; 2]]),
        what: &str,
    ) -> Program {
        let spec = spec(target, &[], literals, train, test);
        let program = fit(&spec, part_text).expect(what);
        assert_eq!(spec.test_ok(&program), Some(true), "{what}: {program:?}");
        program
    }

    fn rows(values: impl IntoIterator<Item = (i64, i64)>) -> Vec<[i64; 2]> {
        values.into_iter().map(|(n, x)| [n, x]).collect()
    }

    #[test]
    fn a_tiered_price_over_a_computed_quantity_is_two_lines_and_a_kink() {
        // q = 100 (n div 100) + x, 10 per unit up to 450, 12 past it
        let q = "(+ (* 100 (div n 100)) x)";
        let price = format!("(+ (* 10 (min {q} 450)) (* 12 (max 0 (- {q} 450))))");
        let train = rows((0..12).map(|i| (i * 83 % 900, i * 7 % 60)));
        let test = rows((0..40).map(|i| (i * 37 % 2000 - 300, i * 13 % 99)));
        let literals = [0, 1, 2, 10, 12, 100, 450];
        let program = fitted(
            &price,
            q,
            &literals,
            (&train, &test),
            "two lines meeting at 450",
        );
        assert!(program.size() < 25, "{program:?}");
    }

    #[test]
    fn a_part_read_through_a_line_is_an_affine_map() {
        // (3 (x mod 7 + n) + 7) / 2 where the parts are even
        let part_text = "(* 2 (+ (mod x 7) n))";
        let train = rows((0..8).map(|i| (i * 5 - 11, i * 9)));
        let test = rows((0..30).map(|i| (i * 3 - 40, i * 17)));
        let target = format!("(div (+ (* 3 {part_text}) 7) 2)");
        fitted(&target, part_text, &[2, 3, 7], (&train, &test), "a line");
    }

    #[test]
    fn a_part_wrapped_by_a_modulus_is_a_remainder_of_a_line() {
        // minutes past the hour, 25 minutes after a computed time
        let part_text = "(abs (- (* 7 n) (* 3 x)))";
        let target = format!("(mod (+ {part_text} 25) 60)");
        let train = rows((0..16).map(|i| (i * 37 % 101, i * 11 % 47)));
        let test = rows((0..40).map(|i| (i * 13 % 300 - 50, i * 29 % 200)));
        let literals = [0, 1, 3, 7, 25, 60];
        fitted(
            &target,
            part_text,
            &literals,
            (&train, &test),
            "a remainder modulo 60",
        );
        // without mod in the grammar, or with too few values for 40 bits
        // at log2 60 bits each (seven beyond the two unknowns), no fit
        let ops = [Op::Add, Op::Sub, Op::Mul, Op::Div, Op::Abs];
        let no_mod = self::spec(&target, &ops, &[0, 1, 3, 7, 25, 60], &train, &test);
        assert_eq!(fit(&no_mod, part_text), None);
        let few = self::spec(&target, &[], &[0, 1, 3, 7, 25, 60], &train[..8], &test);
        assert_eq!(fit(&few, part_text), None);
    }

    #[test]
    fn without_min_the_hinge_is_spelled_with_ite_or_max() {
        let price = "(+ (* 3 (min (* n x) 40)) (* 5 (max 0 (- (* n x) 40))))";
        let train = rows((0..10).map(|i| (i + 1, 2 * i + 3)));
        let test = rows((0..30).map(|i| (i - 10, i % 9 - 3)));
        for ops in [
            [Op::Add, Op::Sub, Op::Mul, Op::Ite(Cmp::Lt)],
            [Op::Add, Op::Sub, Op::Mul, Op::Max],
        ] {
            let spec = spec(price, &ops, &[0, 3, 5, 40], &train, &test);
            let program = fit(&spec, "(* n x)").expect("a hinge the grammar spells");
            assert!(spec.grammar().admits(&program).is_ok(), "{program:?}");
            assert_eq!(spec.test_ok(&program), Some(true), "{program:?}");
        }
        // without min, ite or max, no hinge
        let ops = [Op::Add, Op::Sub, Op::Mul];
        let spec = spec(price, &ops, &[0, 3, 5, 40], &train, &test);
        assert_eq!(fit(&spec, "(* n x)"), None);
    }

    #[test]
    fn a_kink_with_one_example_past_it_is_no_fit() {
        // 3 per unit up to 59, 5 past it: one example past 59 says nothing
        // of the second rate
        let price = "(+ (* 3 (min (abs (- n x)) 59)) (* 5 (max 0 (- (abs (- n x)) 59))))";
        let train = rows([2, 4, 8, 9, 16, 24, 25, 28, 31, 48, 54, 57, 65].map(|d| (d, 0)));
        let spec = spec(price, &[], &[0, 3, 5, 59], &train, &train);
        assert_eq!(fit(&spec, "(abs (- n x))"), None);
        // two past it pin it
        let train = rows([2, 4, 8, 9, 16, 24, 25, 28, 31, 48, 54, 57, 65, 70].map(|d| (d, 0)));
        let spec = self::spec(price, &[], &[0, 3, 5, 59], &train, &train);
        let program = fit(&spec, "(abs (- n x))").expect("two past 59");
        assert_eq!(spec.matched(&program), spec.train().len());
    }

    #[test]
    fn brackets_rounded_down_are_two_floored_lines_and_a_kink() {
        // 20% of q up to 450 and 35% past it, in whole units: the lines
        // meet between two examples, at the roundest point they allow
        let q = "(+ (* 100 (div n 100)) x)";
        let tax = format!("(div (+ (* 20 (min {q} 450)) (* 35 (max 0 (- {q} 450)))) 100)");
        let train = rows((0..16).map(|i| (i * 83 % 1000, i * 7 % 60)));
        let test = rows((0..60).map(|i| (i * 37 % 3000 - 300, i * 13 % 99)));
        let literals = [0, 1, 20, 35, 100, 450];
        fitted(
            &tax,
            q,
            &literals,
            (&train, &test),
            "two floored lines meeting at 450",
        );
        // without div in the grammar, no floor
        let ops = [Op::Add, Op::Sub, Op::Mul, Op::Min, Op::Max];
        let no_div = self::spec(&tax, &ops, &[0, 1, 20, 35, 100, 450], &train, &test);
        assert_eq!(fit(&no_div, q), None);
    }

    #[test]
    fn a_part_rounded_down_is_a_floored_line() {
        // 7/12 of a computed quantity, rounded down
        let part_text = "(+ (* 60 n) x)";
        let target = format!("(div (+ (* 7 {part_text}) 5) 12)");
        let train = rows((0..12).map(|i| (i * 5 % 24, i * 17 % 60)));
        let test = rows((0..40).map(|i| (i * 7 % 48 - 12, i * 11 % 60)));
        let literals = [0, 1, 5, 7, 12, 60];
        fitted(
            &target,
            part_text,
            &literals,
            (&train, &test),
            "a floored line",
        );
    }

    #[test]
    fn a_floor_over_few_or_small_outputs_is_no_fit() {
        // outputs 0..=4 are worth log2 5 bits a value: 13 spare values
        // are 30 bits, short of 40
        let target = "(div (+ (* 60 n) x) 300)";
        let train = rows((0..16).map(|i| (i * 5 % 24, i * 17 % 60)));
        let spec = spec(target, &[], &[0, 1, 60, 300], &train, &train);
        assert_eq!(fit(&spec, "(+ (* 60 n) x)"), None);
        // wide outputs, but six values: three beyond a floored line's
        // unknowns, 30 bits
        let target = "(div (* 7 (+ (* 60 n) x)) 12)";
        let spec = self::spec(target, &[], &[0, 1, 7, 12, 60], &train[..6], &train);
        assert_eq!(fit(&spec, "(+ (* 60 n) x)"), None);
    }

    #[test]
    fn the_roundest_integer_of_a_range_is_the_threshold() {
        assert_eq!(roundest(39_993, 40_006), Some(40_000));
        assert_eq!(roundest(441, 457), Some(450));
        assert_eq!(roundest(-457, -441), Some(-450));
        assert_eq!(roundest(-3, 5), Some(0));
        assert_eq!(roundest(7, 7), Some(7));
        assert_eq!(roundest(8, 7), None);
        // 3k in [-7, 10]: k in [-2, 3]; -3k in the same: k in [-3, 2]
        assert_eq!(multiples_within(3, -7, 10), (-2, 3));
        assert_eq!(multiples_within(-3, -7, 10), (-3, 2));
    }

    #[test]
    fn outputs_that_are_no_function_of_the_part_or_too_few_are_no_fit() {
        let train = rows((0..8).map(|i| (i, i % 3)));
        // n + x is no function of n
        let spec = spec("(+ n x)", &[], &[1], &train, &train);
        assert_eq!(fit(&spec, "n"), None);
        // three values of (mod n 3) leave one example beyond a line's two
        // unknowns: interpolation, not evidence
        let spec = self::spec("(* 5 (mod n 3))", &[], &[3, 5], &train, &train);
        assert_eq!(fit(&spec, "(mod n 3)"), None);
        // a constant is the enumeration's
        let spec = self::spec("7", &[], &[7], &train, &train);
        assert_eq!(fit(&spec, "n"), None);
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(64))]

        /// Any two lines with integer slopes meeting at an integer kink,
        /// with three examples of the part on each side (two pin each line,
        /// and the completion's two more are evidence), are recovered, and
        /// right on the part's values beyond the examples.
        #[test]
        fn two_lines_meeting_at_an_integer_kink_are_recovered(
            s1 in -20i64..=20,
            s2 in -20i64..=20,
            t in -500i64..=500,
            k in -50i64..=50,
            below in proptest::collection::btree_set(1i64..=40, 3..6),
            above in proptest::collection::btree_set(1i64..=40, 3..6),
        ) {
            proptest::prop_assume!(s1 != s2);
            // y = t + s1·min(n, k) + s2·max(n − k, 0), n the part itself
            let y = |n: i64| t + s1 * n.min(k) + s2 * (n - k).max(0);
            let inputs: Vec<i64> = below.iter().map(|d| k - d).chain(above.iter().map(|d| k + d)).collect();
            let grammar = Grammar::builder().vars(["n"]).ops(Op::ALL).build().unwrap();
            let train = inputs.iter().map(|&n| Example::new([n], y(n))).collect();
            let test = (-120..=120).map(|n| Example::new([n], y(n))).collect();
            let spec = Spec::new(grammar, train, test).unwrap();
            let column: Vec<i64> = inputs.clone();
            let program = Kinked::new(&spec, &CompletionConfig::default(), &Deadline::never())
                .fit(column, || Program::var(0).unwrap());
            let program = program.expect("two lines and a kink");
            proptest::prop_assert_eq!(spec.test_ok(&program), Some(true), "{:?}", program);
        }
    }
}
