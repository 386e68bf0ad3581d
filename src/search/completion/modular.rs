//! Modular fits: the outputs as `(c0 + Σ ci·fi) mod m` for a modulus `m`
//! among the grammar's literals (a check digit over a number's digits, a
//! weekday over mixed units).
//!
//! The coefficients are solved for exactly: by Gaussian elimination over
//! the field of each prime `p` dividing `m`, lifted digit by digit in base
//! `p` to each prime power `p^e` of `m` (the solutions modulo `p^e` are
//! `x0 + p·x1` for each solution `x0` modulo `p` and each solution `x1`
//! of the system left, `A·x1 ≡ (b − A·x0) / p`, modulo `p^(e−1)`), and
//! joined by the Chinese remainder theorem. A modulus is tried only where
//! every output lies in `[0, m)` and the largest reaches at least `m / 2`:
//! outputs that fill less than half of the range are not remainders of
//! `m`.
//!
//! A spare example (one beyond the unknowns) of a modular fit is right by
//! chance once in `m`, so it is worth only `log₂ m` bits: a fit must leave
//! [`spare_needed`] examples beyond its unknowns, worth at least
//! [`EVIDENCE_BITS`] bits (7 examples for `m = 10`, 6 for 11, 9 for 5).

/// Bits of evidence the spare examples of a modular fit must be worth.
pub(crate) const EVIDENCE_BITS: f64 = 20.0;

/// Most solutions of one system kept (the parts can be dependent modulo a
/// small prime; then each solution is tried).
const MAX_SOLUTIONS: usize = 16;

/// Largest modulus tried.
const MAX_MODULUS: i64 = 1 << 20;

/// A modulus and its prime powers.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Modulus {
    pub(crate) m: i64,
    /// `(p, e)` for each prime power `p^e` of `m`, smallest `p` first.
    powers: Vec<(i64, u32)>,
}

impl Modulus {
    /// `m` with its prime powers, if `m` is at least 5 and at most
    /// [`MAX_MODULUS`].
    pub(crate) fn new(m: i64) -> Option<Modulus> {
        if !(5..=MAX_MODULUS).contains(&m) {
            return None;
        }
        let mut powers = Vec::new();
        let mut rest = m;
        let mut p = 2;
        while p * p <= rest {
            let mut e = 0;
            while rest % p == 0 {
                rest /= p;
                e += 1;
            }
            if e > 0 {
                powers.push((p, e));
            }
            p += 1;
        }
        if rest > 1 {
            powers.push((rest, 1));
        }
        Some(Modulus { m, powers })
    }
}

/// The moduli worth trying for `outputs` among `literals`: the literals
/// above every output whose half the largest output reaches,
/// smallest first.
pub(crate) fn moduli(literals: &[i64], outputs: &[i128]) -> Vec<Modulus> {
    let (Some(&low), Some(&high)) = (outputs.iter().min(), outputs.iter().max()) else {
        return Vec::new();
    };
    if low < 0 {
        return Vec::new();
    }
    let mut out: Vec<Modulus> = literals
        .iter()
        .filter(|&&m| i128::from(m) > high && 2 * high >= i128::from(m))
        .filter_map(|&m| Modulus::new(m))
        .collect();
    out.sort_by_key(|modulus| modulus.m);
    out.dedup();
    out
}

/// Examples a modular fit must leave beyond its unknowns: worth `bits`
/// ([`EVIDENCE_BITS`] for one fit) at `log₂ m` bits each, and at least
/// `min_evidence`.
pub(crate) fn spare_needed(modulus: &Modulus, min_evidence: usize, bits: f64) -> usize {
    let per_example = (modulus.m as f64).log2();
    #[expect(
        clippy::cast_possible_truncation,
        clippy::cast_sign_loss,
        reason = "a few dozen examples: m is at least 5 and the bits positive"
    )]
    let needed = (bits / per_example).ceil() as usize;
    needed.max(min_evidence)
}

/// The coefficients `c0, c1, …, ck` in `[0, m)` with `c0 + Σ ci·columns[i][r]
/// ≡ outputs[r] (mod m)` for every row `r`, at most [`MAX_SOLUTIONS`] of
/// them, fewest non-zero coefficients first. Empty when there is none (or
/// too many: the parts are then too dependent modulo some prime to say).
pub(crate) fn solve(columns: &[&[i128]], outputs: &[i128], modulus: &Modulus) -> Vec<Vec<i64>> {
    // the solutions modulo each prime power, joined by the Chinese
    // remainder theorem
    let mut joined: Vec<(Vec<i64>, i64)> = vec![(vec![0; columns.len() + 1], 1)];
    for &(p, e) in &modulus.powers {
        let q = p.pow(e);
        let reduce = |v: &i128| v.rem_euclid(i128::from(q));
        let reduced: Vec<Vec<i128>> = columns
            .iter()
            .map(|c| c.iter().map(reduce).collect())
            .collect();
        let reduced: Vec<&[i128]> = reduced.iter().map(Vec::as_slice).collect();
        let outputs: Vec<i128> = outputs.iter().map(reduce).collect();
        let Some(residues) = solve_prime_power(&reduced, &outputs, p, e) else {
            return Vec::new();
        };
        if residues.is_empty() || residues.len() * joined.len() > MAX_SOLUTIONS {
            return Vec::new();
        }
        joined = joined
            .iter()
            .flat_map(|(solution, modulus)| {
                residues
                    .iter()
                    .map(move |residue| (crt(solution, *modulus, residue, q), modulus * q))
            })
            .collect();
    }
    let mut out: Vec<Vec<i64>> = joined.into_iter().map(|(solution, _)| solution).collect();
    out.sort_by_key(|c| (c.iter().filter(|&&c| c != 0).count(), c.clone()));
    out
}

/// Each coefficient `x` with `x ≡ a (mod q)` and `x ≡ b (mod p)`, in
/// `[0, q·p)` (`q` and `p` coprime, their product at most
/// [`MAX_MODULUS`]).
fn crt(a: &[i64], q: i64, b: &[i64], p: i64) -> Vec<i64> {
    // x = a + q·t with q·t ≡ b − a (mod p)
    let inverse = inverse_mod(q.rem_euclid(p), p);
    a.iter()
        .zip(b)
        .map(|(&a, &b)| {
            let t = ((b - a).rem_euclid(p) * inverse).rem_euclid(p);
            a + q * t
        })
        .collect()
}

/// `a⁻¹ mod m` for `a` coprime to `m` (extended Euclid).
pub(crate) fn inverse_mod(a: i64, m: i64) -> i64 {
    let (mut r0, mut r1) = (m, a.rem_euclid(m));
    let (mut t0, mut t1) = (0i64, 1i64);
    while r1 != 0 {
        let q = r0 / r1;
        (r0, r1) = (r1, r0 - q * r1);
        (t0, t1) = (t1, t0 - q * t1);
    }
    debug_assert_eq!(r0, 1, "{a} is not invertible modulo {m}");
    t0.rem_euclid(m)
}

/// The solutions modulo `p^e`: those modulo `p`, each lifted by the
/// solutions of the system left modulo `p^(e−1)` (see the
/// [module docs](self)). `None` when there are more than
/// [`MAX_SOLUTIONS`].
fn solve_prime_power(
    columns: &[&[i128]],
    outputs: &[i128],
    p: i64,
    e: u32,
) -> Option<Vec<Vec<i64>>> {
    let base = solve_prime(columns, outputs, p)?;
    if e == 1 {
        return Some(base);
    }
    let pp = i128::from(p);
    let mut out = Vec::new();
    for low in base {
        // (b − A·x0) / p, exact: A·x0 ≡ b (mod p)
        let rest: Vec<i128> = outputs
            .iter()
            .enumerate()
            .map(|(r, &y)| {
                let value = i128::from(low[0])
                    + columns
                        .iter()
                        .zip(&low[1..])
                        .map(|(c, &x)| c[r] * i128::from(x))
                        .sum::<i128>();
                (y - value) / pp
            })
            .collect();
        for high in solve_prime_power(columns, &rest, p, e - 1)? {
            out.push(
                low.iter()
                    .zip(&high)
                    .map(|(&x0, &x1)| x0 + p * x1)
                    .collect(),
            );
            if out.len() > MAX_SOLUTIONS {
                return None;
            }
        }
    }
    Some(out)
}

/// The solutions modulo the prime `p`: Gauss–Jordan elimination, then each
/// assignment of the free unknowns; `None` when there are more than
/// [`MAX_SOLUTIONS`].
fn solve_prime(columns: &[&[i128]], outputs: &[i128], p: i64) -> Option<Vec<Vec<i64>>> {
    let unknowns = columns.len() + 1;
    let pp = i128::from(p);
    let reduce = |v: i128| i64::try_from(v.rem_euclid(pp)).expect("below p");
    // rows: [1, columns…, output]
    let mut rows: Vec<Vec<i64>> = outputs
        .iter()
        .enumerate()
        .map(|(r, &y)| {
            let mut row = Vec::with_capacity(unknowns + 1);
            row.push(1 % p);
            row.extend(columns.iter().map(|c| reduce(c[r])));
            row.push(reduce(y));
            row
        })
        .collect();
    let mul = |a: i64, b: i64| i64::try_from(i128::from(a) * i128::from(b) % pp).expect("below p");
    let mut pivots = Vec::new();
    let mut next = 0;
    for col in 0..unknowns {
        let Some(found) = (next..rows.len()).find(|&r| rows[r][col] != 0) else {
            continue;
        };
        rows.swap(next, found);
        let inverse = inverse_mod(rows[next][col], p);
        for v in &mut rows[next] {
            *v = mul(*v, inverse);
        }
        let pivot_row = rows[next].clone();
        for (r, row) in rows.iter_mut().enumerate() {
            if r == next || row[col] == 0 {
                continue;
            }
            let factor = row[col];
            for (v, &pv) in row.iter_mut().zip(&pivot_row) {
                *v = (*v - mul(factor, pv)).rem_euclid(p);
            }
        }
        pivots.push(col);
        next += 1;
    }
    // a row 0 = b with b ≠ 0: no solution
    if rows[next..].iter().any(|row| row[unknowns] != 0) {
        return Some(Vec::new());
    }
    let free: Vec<usize> = (0..unknowns).filter(|c| !pivots.contains(c)).collect();
    let count = u32::try_from(free.len())
        .ok()
        .and_then(|f| usize::try_from(p).ok()?.checked_pow(f));
    if count.is_none_or(|count| count > MAX_SOLUTIONS) {
        return None;
    }
    let mut out = Vec::new();
    let mut assignment = vec![0i64; free.len()];
    loop {
        let mut solution = vec![0i64; unknowns];
        for (&c, &v) in free.iter().zip(&assignment) {
            solution[c] = v;
        }
        for (r, &col) in pivots.iter().enumerate() {
            let mut value = rows[r][unknowns];
            for &c in &free {
                value = (value - mul(rows[r][c], solution[c])).rem_euclid(p);
            }
            solution[col] = value;
        }
        out.push(solution);
        // the next assignment, as digits base p
        let Some(i) = assignment.iter().position(|&v| v + 1 < p) else {
            break;
        };
        assignment[i] += 1;
        assignment[..i].iter_mut().for_each(|v| *v = 0);
    }
    Some(out)
}

/// `c` as the representative of its class modulo `m` nearest zero.
pub(crate) fn centred(c: i128, m: i128) -> i128 {
    if 2 * c > m {
        c - m
    } else {
        c
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn residue(coefficients: &[i64], row: &[i128], m: i64) -> i128 {
        let sum: i128 = i128::from(coefficients[0])
            + coefficients[1..]
                .iter()
                .zip(row)
                .map(|(&c, &v)| i128::from(c) * v)
                .sum::<i128>();
        sum.rem_euclid(i128::from(m))
    }

    #[test]
    fn moduli_from_five_are_factored_into_prime_powers() {
        let ms: Vec<i64> = [2, 4, 5, 7, 1 << 21]
            .into_iter()
            .filter_map(Modulus::new)
            .map(|m| m.m)
            .collect();
        assert_eq!(ms, [5, 7]);
        assert_eq!(
            Modulus::new(360).map(|m| m.powers),
            Some(vec![(2, 3), (3, 2), (5, 1)])
        );
        assert_eq!(Modulus::new(49).map(|m| m.powers), Some(vec![(7, 2)]));
    }

    #[test]
    fn a_modulus_must_cover_the_outputs_and_be_half_filled() {
        let outputs = [0i128, 3, 6, 1];
        let got: Vec<i64> = moduli(&[7, 10, 11, 13, 5, 100], &outputs)
            .into_iter()
            .map(|m| m.m)
            .collect();
        // 5 is not above 6, 13 is more than twice 6
        assert_eq!(got, [7, 10, 11]);
        assert!(moduli(&[7], &[-1, 3]).is_empty());
    }

    #[test]
    fn a_weighted_digit_sum_modulo_ten_and_eleven_is_solved() {
        // digits of 3-digit numbers, weights 3, 1, 7 and constant 4
        let numbers: Vec<i128> = (0..20).map(|i| (i * 389 + 101) % 1000).collect();
        let digits: Vec<Vec<i128>> = [100, 10, 1]
            .iter()
            .map(|place| numbers.iter().map(|n| n / place % 10).collect())
            .collect();
        let columns: Vec<&[i128]> = digits.iter().map(Vec::as_slice).collect();
        for m in [10, 11] {
            let modulus = Modulus::new(m).unwrap();
            let truth = [4, 3, 1, 7];
            let outputs: Vec<i128> = (0..numbers.len())
                .map(|r| {
                    let row: Vec<i128> = digits.iter().map(|d| d[r]).collect();
                    residue(&truth, &row, m)
                })
                .collect();
            let solutions = solve(&columns, &outputs, &modulus);
            assert_eq!(solutions, vec![truth.to_vec()], "modulo {m}");
        }
    }

    #[test]
    fn a_remainder_modulo_a_prime_power_is_lifted() {
        // (37x + 11y + 5) mod 100 and mod 8: 100 = 4·25, lifted from 2 and 5
        let x: Vec<i128> = (0..16).map(|i| (i * 53 + 7) % 200).collect();
        let y: Vec<i128> = (0..16).map(|i| (i * i * 31 + 3) % 97).collect();
        for (m, truth) in [(100, [5, 37, 11]), (8, [5, 5, 3])] {
            let outputs: Vec<i128> = x
                .iter()
                .zip(&y)
                .map(|(&x, &y)| residue(&truth, &[x, y], m))
                .collect();
            let solutions = solve(&[&x, &y], &outputs, &Modulus::new(m).unwrap());
            assert_eq!(solutions, vec![truth.to_vec()], "modulo {m}");
        }
    }

    #[test]
    fn inconsistent_rows_have_no_solution() {
        let column = [1i128, 2, 3, 4, 5, 6, 7, 8];
        // 2x mod 7 except the last row
        let mut outputs: Vec<i128> = column.iter().map(|x| (2 * x) % 7).collect();
        let modulus = Modulus::new(7).unwrap();
        assert_eq!(solve(&[&column], &outputs, &modulus), vec![vec![0, 2]]);
        outputs[7] = (outputs[7] + 1) % 7;
        assert!(solve(&[&column], &outputs, &modulus).is_empty());
    }

    #[test]
    fn a_part_dependent_modulo_a_prime_gives_each_solution() {
        // the part is even: modulo 2 its coefficient is free
        let column = [0i128, 2, 4, 6, 8, 10, 12, 14];
        let outputs: Vec<i128> = column.iter().map(|x| (3 * x + 1) % 10).collect();
        let solutions = solve(&[&column], &outputs, &Modulus::new(10).unwrap());
        assert_eq!(solutions.len(), 2);
        for s in &solutions {
            for (x, y) in column.iter().zip(&outputs) {
                assert_eq!(residue(s, &[*x], 10), *y);
            }
        }
    }

    proptest::proptest! {
        #[test]
        fn random_modular_combinations_are_recovered(
            m in proptest::sample::select(vec![5i64, 7, 10, 11, 12, 13, 30, 60, 100, 360]),
            truth in proptest::collection::vec(0i64..1000, 4),
            seed in 0u64..1000,
        ) {
            let modulus = Modulus::new(m).unwrap();
            let truth: Vec<i64> = truth.iter().map(|c| c % m).collect();
            let mut state = seed.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1);
            let mut next = || {
                state = state.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
                i128::from((state >> 33) % 1000)
            };
            let cols: Vec<Vec<i128>> = (0..3).map(|_| (0..24).map(|_| next()).collect()).collect();
            let columns: Vec<&[i128]> = cols.iter().map(Vec::as_slice).collect();
            let outputs: Vec<i128> = (0..24)
                .map(|r| residue(&truth, &[cols[0][r], cols[1][r], cols[2][r]], m))
                .collect();
            let solutions = solve(&columns, &outputs, &modulus);
            // every solution found is one, and the truth is among them
            for s in &solutions {
                for r in 0..24 {
                    proptest::prop_assert_eq!(
                        residue(s, &[cols[0][r], cols[1][r], cols[2][r]], m),
                        outputs[r]
                    );
                }
            }
            proptest::prop_assert!(solutions.contains(&truth));
        }
    }

    #[test]
    fn representatives_nearest_zero() {
        assert_eq!(centred(9, 10), -1);
        assert_eq!(centred(5, 10), 5);
        assert_eq!(centred(6, 11), -5);
    }
}
