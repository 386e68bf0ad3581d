//! Exact linear algebra over the integers: fraction-free (Bareiss)
//! elimination and rational back-substitution in checked `i128`.
//!
//! Nothing here rounds: a system either has its unique rational solution,
//! or no solution, or is rank-deficient, or overflowed `i128` on the way
//! (then it is given up, never approximated).

/// A rational number in lowest terms with a positive denominator.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Rational {
    pub(crate) num: i128,
    pub(crate) den: i128,
}

/// The greatest common divisor of `|a|` and `|b|` (`i128::MAX` for the
/// one that does not fit, `2^127`: only `i128::MIN` with itself or 0).
pub(crate) fn gcd(a: i128, b: i128) -> i128 {
    let (mut a, mut b) = (a.unsigned_abs(), b.unsigned_abs());
    while b != 0 {
        (a, b) = (b, a % b);
    }
    i128::try_from(a).unwrap_or(i128::MAX)
}

impl Rational {
    fn new(num: i128, den: i128) -> Option<Rational> {
        if den == 0 {
            return None;
        }
        let g = gcd(num, den).max(1);
        let sign = if den < 0 { -1 } else { 1 };
        Some(Rational {
            num: (num / g).checked_mul(sign)?,
            den: (den / g).checked_mul(sign)?,
        })
    }

    fn integer(value: i128) -> Rational {
        Rational { num: value, den: 1 }
    }

    fn sub(self, other: Rational) -> Option<Rational> {
        let g = gcd(self.den, other.den).max(1);
        let left = self.num.checked_mul(other.den / g)?;
        let right = other.num.checked_mul(self.den / g)?;
        Rational::new(
            left.checked_sub(right)?,
            (self.den / g).checked_mul(other.den)?,
        )
    }

    fn mul_int(self, value: i128) -> Option<Rational> {
        let g = gcd(value, self.den).max(1);
        Rational::new(self.num.checked_mul(value / g)?, self.den / g)
    }

    fn div_int(self, value: i128) -> Option<Rational> {
        let g = gcd(self.num, value).max(1);
        Rational::new(self.num / g, self.den.checked_mul(value / g)?)
    }
}

/// How a system `A x = b` came out.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Solved {
    /// The unique solution.
    Unique(Vec<Rational>),
    /// No `x` satisfies every row.
    Inconsistent,
    /// The columns of `A` are linearly dependent (the solution, if any, is
    /// not unique).
    Singular,
    /// An intermediate value left `i128`.
    Overflow,
}

/// Solves `A x = b` exactly, `A` given by its columns (each as long as
/// `b`), with at least as many rows as columns.
pub(crate) fn solve(columns: &[&[i128]], b: &[i128]) -> Solved {
    let rows = b.len();
    let unknowns = columns.len();
    if unknowns > rows || columns.iter().any(|c| c.len() != rows) {
        return Solved::Singular;
    }
    // augmented matrix, row-major: [A | b]
    let width = unknowns + 1;
    let mut m: Vec<i128> = Vec::with_capacity(rows * width);
    for (i, &value) in b.iter().enumerate() {
        m.extend(columns.iter().map(|c| c[i]));
        m.push(value);
    }
    let mut previous: i128 = 1;
    for p in 0..unknowns {
        // pivot: the first row at or below p with a nonzero entry in column p
        let Some(pivot) = (p..rows).find(|&r| m[r * width + p] != 0) else {
            return Solved::Singular;
        };
        if pivot != p {
            for j in 0..width {
                m.swap(p * width + j, pivot * width + j);
            }
        }
        let diagonal = m[p * width + p];
        for r in p + 1..rows {
            let factor = m[r * width + p];
            for j in p + 1..width {
                let Some(value) = diagonal
                    .checked_mul(m[r * width + j])
                    .zip(factor.checked_mul(m[p * width + j]))
                    .and_then(|(a, b)| a.checked_sub(b))
                else {
                    return Solved::Overflow;
                };
                // Bareiss: the division is exact
                m[r * width + j] = value / previous;
            }
            m[r * width + p] = 0;
        }
        previous = diagonal;
    }
    // rows past the unknowns must read 0 = 0
    if (unknowns..rows).any(|r| m[r * width + unknowns] != 0) {
        return Solved::Inconsistent;
    }
    let mut x = vec![Rational::integer(0); unknowns];
    for i in (0..unknowns).rev() {
        let mut value = Rational::integer(m[i * width + unknowns]);
        for j in i + 1..unknowns {
            let Some(next) = x[j]
                .mul_int(m[i * width + j])
                .and_then(|term| value.sub(term))
            else {
                return Solved::Overflow;
            };
            value = next;
        }
        let Some(entry) = value.div_int(m[i * width + i]) else {
            return Solved::Overflow;
        };
        x[i] = entry;
    }
    Solved::Unique(x)
}

/// Eliminates the `fixed` columns from `A = [fixed | targets]` by
/// fraction-free row operations: for each target, its values on the rows
/// past the fixed columns' pivots. A combination `Σ ci·targets[i]`
/// (together with some combination of the fixed columns) equals a target
/// `b` on every row exactly when the reduced columns satisfy the same
/// equation on the reduced rows, so many systems that share the fixed
/// columns are decided on these few rows. The outer `None` when the fixed
/// columns are dependent or left `i128`; a target's `None` when its own
/// values left `i128` (the others are still reduced).
pub(crate) fn reduce(fixed: &[&[i128]], targets: &[&[i128]]) -> Option<Vec<Option<Vec<i128>>>> {
    let rows = fixed.first().or(targets.first()).map_or(0, |c| c.len());
    let k = fixed.len();
    if k > rows || fixed.iter().chain(targets).any(|c| c.len() != rows) {
        return None;
    }
    // the fixed block alone, recording each step: the pivot row swapped
    // in, the diagonal, the divisor, and each lower row's factor
    let mut m: Vec<i128> = Vec::with_capacity(rows * k);
    for i in 0..rows {
        m.extend(fixed.iter().map(|c| c[i]));
    }
    let mut steps: Vec<(usize, i128, i128, Vec<i128>)> = Vec::with_capacity(k);
    let mut previous: i128 = 1;
    for p in 0..k {
        let pivot = (p..rows).find(|&r| m[r * k + p] != 0)?;
        if pivot != p {
            for j in 0..k {
                m.swap(p * k + j, pivot * k + j);
            }
        }
        let diagonal = m[p * k + p];
        let factors: Vec<i128> = (p + 1..rows).map(|r| m[r * k + p]).collect();
        for (r, &factor) in (p + 1..rows).zip(&factors) {
            for j in p + 1..k {
                let value = diagonal
                    .checked_mul(m[r * k + j])?
                    .checked_sub(factor.checked_mul(m[p * k + j])?)?;
                // Bareiss: the division is exact
                m[r * k + j] = value / previous;
            }
            m[r * k + p] = 0;
        }
        steps.push((pivot, diagonal, previous, factors));
        previous = diagonal;
    }
    // each target through the same steps, on its own
    let apply = |target: &[i128]| -> Option<Vec<i128>> {
        let mut column = target.to_vec();
        for (p, (pivot, diagonal, previous, factors)) in steps.iter().enumerate() {
            column.swap(p, *pivot);
            for (r, &factor) in (p + 1..rows).zip(factors) {
                let value = diagonal
                    .checked_mul(column[r])?
                    .checked_sub(factor.checked_mul(column[p])?)?;
                column[r] = value / previous;
            }
        }
        Some(column.split_off(k))
    };
    Some(targets.iter().map(|t| apply(t)).collect())
}

/// Whether `b = c1·f + c2·g` has a unique rational solution `(c1, c2)` on
/// every row (columns as [`reduce`] leaves them). `None` when a product left
/// `i128` (undecided: solve the whole system to know).
pub(crate) fn pair_fits(f: &[i128], g: &[i128], b: &[i128]) -> Option<bool> {
    // two rows on which f and g are independent: Cramer's rule there
    let Some(r1) = (0..f.len()).find(|&r| f[r] != 0 || g[r] != 0) else {
        return Some(false);
    };
    let mut pivot = None;
    for r2 in r1 + 1..f.len() {
        let det = f[r1]
            .checked_mul(g[r2])?
            .checked_sub(f[r2].checked_mul(g[r1])?)?;
        if det != 0 {
            pivot = Some((r2, det));
            break;
        }
    }
    // f and g dependent on these rows: not unique
    let Some((r2, det)) = pivot else {
        return Some(false);
    };
    let n1 = b[r1]
        .checked_mul(g[r2])?
        .checked_sub(b[r2].checked_mul(g[r1])?)?;
    let n2 = f[r1]
        .checked_mul(b[r2])?
        .checked_sub(f[r2].checked_mul(b[r1])?)?;
    // det·b = n1·f + n2·g on every row
    for r in 0..f.len() {
        let left = det.checked_mul(b[r])?;
        let right = n1.checked_mul(f[r])?.checked_add(n2.checked_mul(g[r])?)?;
        if left != right {
            return Some(false);
        }
    }
    Some(true)
}

/// The least common multiple of the denominators, if it fits in `i128`.
pub(crate) fn common_denominator(values: &[Rational]) -> Option<i128> {
    values.iter().try_fold(1i128, |acc, value| {
        let g = gcd(acc, value.den).max(1);
        (acc / g).checked_mul(value.den)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn r(num: i128, den: i128) -> Rational {
        Rational::new(num, den).unwrap()
    }

    #[test]
    fn solves_an_overdetermined_consistent_system() {
        // y = n (n + 1) / 2 on n = 0..6 in the basis 1, n, n^2
        let ones: Vec<i128> = vec![1; 6];
        let n: Vec<i128> = (0..6).collect();
        let n2: Vec<i128> = (0..6).map(|v| v * v).collect();
        let y: Vec<i128> = (0..6).map(|v| v * (v + 1) / 2).collect();
        assert_eq!(
            solve(&[&ones, &n, &n2], &y),
            Solved::Unique(vec![r(0, 1), r(1, 2), r(1, 2)])
        );
        let mut off = y.clone();
        off[5] += 1;
        assert_eq!(solve(&[&ones, &n, &n2], &off), Solved::Inconsistent);
        assert_eq!(solve(&[&n, &n], &y), Solved::Singular);
    }

    proptest::proptest! {
        /// A random integer matrix scaled by `d`, times random integers
        /// over `d`: the solver recovers those rationals exactly.
        #[test]
        fn random_rational_solutions_are_recovered_exactly(
            rows in 3usize..9,
            seed_matrix in proptest::collection::vec(-9i128..=9, 64),
            coefficients in proptest::collection::vec(-50i128..=50, 8),
            d in 1i128..=12,
        ) {
            let unknowns = rows.min(5) - 1;
            let a: Vec<Vec<i128>> = (0..unknowns)
                .map(|j| (0..rows).map(|i| seed_matrix[(i * 7 + j * 3) % 64] + i128::from(i == j)).collect())
                .collect();
            let scaled: Vec<Vec<i128>> = a.iter().map(|c| c.iter().map(|v| v * d).collect()).collect();
            let b: Vec<i128> = (0..rows)
                .map(|i| (0..unknowns).map(|j| a[j][i] * coefficients[j]).sum())
                .collect();
            let columns: Vec<&[i128]> = scaled.iter().map(Vec::as_slice).collect();
            match solve(&columns, &b) {
                Solved::Unique(x) => {
                    for j in 0..unknowns {
                        proptest::prop_assert_eq!(x[j], Rational::new(coefficients[j], d).unwrap());
                    }
                }
                Solved::Singular => {} // random columns can be dependent
                other => proptest::prop_assert!(false, "{other:?}"),
            }
        }
    }

    proptest::proptest! {
        /// Reducing by shared columns, then checking a pair, decides what
        /// solving the whole system decides: a unique solution or not.
        #[test]
        fn a_reduced_pair_agrees_with_the_whole_system(
            rows in 4usize..10,
            values in proptest::collection::vec(-20i128..=20, 40),
            a in -9i128..=9,
            c in proptest::collection::vec(-9i128..=9, 3),
            d in 1i128..=6,
            noise in proptest::collection::vec(-1i128..=1, 10),
            exact in proptest::bool::ANY,
            linear in proptest::bool::ANY,
        ) {
            let ones = vec![1i128; rows];
            let n: Vec<i128> = (0..rows).map(|i| values[30 + i % 10] + i as i128).collect();
            // f scaled by d: its coefficient in b is c1 / d
            let f: Vec<i128> = (0..rows).map(|i| values[i] * d).collect();
            let g: Vec<i128> = (0..rows).map(|i| values[10 + i] * values[20 + i] / 3).collect();
            let mut fixed: Vec<&[i128]> = vec![&ones];
            if linear {
                fixed.push(&n);
            }
            let b: Vec<i128> = (0..rows)
                .map(|i| {
                    let lin = if linear { a * n[i] } else { 0 };
                    c[0] + lin + c[1] * values[i] + c[2] * g[i] + if exact { 0 } else { noise[i] }
                })
                .collect();
            let Some(reduced) = reduce(&fixed, &[&f, &g, &b]) else {
                return Ok(());
            };
            let [Some(rf), Some(rg), Some(rb)] = &reduced[..] else {
                return Ok(());
            };
            let decided = pair_fits(rf, rg, rb);
            let mut columns = fixed.clone();
            columns.extend([f.as_slice(), g.as_slice()]);
            let whole = solve(&columns, &b);
            proptest::prop_assume!(whole != Solved::Overflow && decided.is_some());
            proptest::prop_assert_eq!(decided, Some(matches!(whole, Solved::Unique(_))), "{:?}", whole);
            if let Solved::Unique(x) = whole {
                let k = fixed.len();
                if exact {
                    proptest::prop_assert_eq!(x[k], Rational::new(c[1], d).unwrap());
                    proptest::prop_assert_eq!(x[k + 1], Rational::integer(c[2]));
                }
            }
        }
    }

    #[test]
    fn a_target_that_overflows_spoils_only_itself() {
        let ones = vec![1i128; 5];
        let big: Vec<i128> = vec![3, -(1 << 60), 1 << 61, 7, -(1 << 59)];
        let huge: Vec<i128> = vec![i128::MAX / 4, 1, i128::MIN / 4, 2, 3];
        let small: Vec<i128> = vec![1, 2, 3, 4, 5];
        let reduced = reduce(&[&ones, &big], &[&huge, &small]).expect("the fixed columns reduce");
        assert_eq!(reduced[0], None);
        assert_eq!(reduced[1].as_ref().map(Vec::len), Some(3));
        // dependent fixed columns: nothing
        assert_eq!(reduce(&[&ones, &ones], &[&small]), None);
    }

    #[test]
    fn pivots_past_a_zero_and_reports_overflow() {
        // first row has a zero where the pivot would be
        let a: Vec<i128> = vec![0, 2, 1];
        let b: Vec<i128> = vec![1, 1, 1];
        let y: Vec<i128> = vec![1, 5, 3];
        assert_eq!(solve(&[&a, &b], &y), Solved::Unique(vec![r(2, 1), r(1, 1)]));
        let huge: Vec<i128> = vec![i128::MAX / 2, 3, 1];
        assert_eq!(
            solve(&[&huge, &b], &[i128::MAX / 2 + 1, 5, 2]),
            Solved::Overflow
        );
        assert_eq!(common_denominator(&[r(1, 4), r(5, 6), r(2, 1)]), Some(12));
    }
}
