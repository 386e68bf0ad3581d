//! The polynomial code: a program that computes a polynomial in the
//! variables with integer coefficients, divided (Euclidean) by a constant
//! at its root, is told by the polynomial's degree `D`, the coefficient of
//! every monomial of degree at most `D` in the grammar's variables, and the
//! divisor. This is how the algebraic completion finds such programs, and
//! it does not depend on how the program spells them: `n(n−1)(n−2)(n−3)/24`
//! in Horner form is 29 nodes (about 83 bits node by node), and 45 bits as
//! a degree, five coefficients and a divisor.

use std::collections::BTreeMap;

use super::integer_bits;
use crate::dsl::{Node, Op, Program};

/// The highest degree the code reads a program as.
const MAX_DEGREE: u32 = 8;

/// The most monomials a polynomial read off a program may have (so that a
/// product stays cheap).
const MAX_TERMS: usize = 256;

/// Exponents of each variable → coefficient, without zeros.
type Polynomial = BTreeMap<Vec<u32>, i128>;

/// The program's length under the polynomial code, in bits (before the
/// bits that say which code), each integer in Elias γ of its zigzag;
/// `None` when the program is not a polynomial (an operator other
/// than `+ − × neg`, a division other than by a constant at the root), its
/// degree passes 8, or a coefficient passes `i128`.
#[expect(clippy::cast_precision_loss, reason = "counts of monomials")]
pub(super) fn polynomial_bits(program: &Program, vars: usize) -> Option<f64> {
    let nodes = program.nodes();
    let mut stack: Vec<Polynomial> = Vec::new();
    let mut divisor = 1i128;
    for (at, node) in nodes.iter().enumerate() {
        let value = match *node {
            Node::Lit(value) => constant(i128::from(value)),
            Node::Var(index) => {
                let mut exponents = vec![0; vars];
                *exponents.get_mut(usize::from(index))? = 1;
                Polynomial::from([(normal(&exponents), 1)])
            }
            Node::Op(op) => {
                let children = stack.split_off(stack.len().checked_sub(node.arity())?);
                match (op, children.as_slice()) {
                    (Op::Add, [a, b]) => add(a, b, 1)?,
                    (Op::Sub, [a, b]) => add(a, b, -1)?,
                    (Op::Neg, [a]) => add(&Polynomial::new(), a, -1)?,
                    (Op::Mul, [a, b]) => multiply(a, b)?,
                    // a constant divisor at the root
                    (Op::Div, [a, b]) if at + 1 == nodes.len() => {
                        divisor = constant_value(b).filter(|&d| d != 0)?;
                        a.clone()
                    }
                    _ => return None,
                }
            }
        };
        stack.push(value);
    }
    let polynomial = stack.pop()?;
    let degree = polynomial
        .keys()
        .map(|e| e.iter().sum::<u32>())
        .max()
        .unwrap_or(0);
    // monomials of degree at most D in `vars` variables: C(vars + D, D)
    let monomials = (1..=degree).fold(1f64, |count, k| {
        count * (f64::from(k) + vars as f64) / f64::from(k)
    });
    let zeros = monomials - polynomial.len() as f64;
    let coefficients: f64 = polynomial.values().map(|&c| integer_bits(c)).sum();
    Some(
        integer_bits(i128::from(degree))
            + coefficients
            + zeros * integer_bits(0)
            + integer_bits(divisor),
    )
}

fn constant(value: i128) -> Polynomial {
    if value == 0 {
        Polynomial::new()
    } else {
        Polynomial::from([(Vec::new(), value)])
    }
}

/// The value of a polynomial of degree 0.
fn constant_value(p: &Polynomial) -> Option<i128> {
    match p.iter().next() {
        None => Some(0),
        Some((exponents, &c)) if p.len() == 1 && exponents.iter().all(|&e| e == 0) => Some(c),
        Some(_) => None,
    }
}

/// `a + sign · b`.
fn add(a: &Polynomial, b: &Polynomial, sign: i128) -> Option<Polynomial> {
    let mut sum = a.clone();
    for (exponents, &c) in b {
        let entry = sum.entry(normal(exponents)).or_insert(0);
        *entry = entry.checked_add(c.checked_mul(sign)?)?;
    }
    sum.retain(|_, c| *c != 0);
    (sum.len() <= MAX_TERMS).then_some(sum)
}

fn multiply(a: &Polynomial, b: &Polynomial) -> Option<Polynomial> {
    let mut product = Polynomial::new();
    for (ea, &ca) in a {
        for (eb, &cb) in b {
            let len = ea.len().max(eb.len());
            let exponents: Vec<u32> = (0..len)
                .map(|i| ea.get(i).unwrap_or(&0) + eb.get(i).unwrap_or(&0))
                .collect();
            if exponents.iter().sum::<u32>() > MAX_DEGREE {
                return None;
            }
            let entry = product.entry(normal(&exponents)).or_insert(0);
            *entry = entry.checked_add(ca.checked_mul(cb)?)?;
        }
        if product.len() > MAX_TERMS {
            return None;
        }
    }
    product.retain(|_, c| *c != 0);
    Some(product)
}

/// Exponents without trailing zeros, so that one monomial has one key.
fn normal(exponents: &[u32]) -> Vec<u32> {
    let len = exponents.iter().rposition(|&e| e != 0).map_or(0, |i| i + 1);
    exponents[..len].to_vec()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dsl::Vars;

    fn bits(text: &str) -> Option<f64> {
        let vars = Vars::new(["n", "m"]).unwrap();
        let program = Program::parse(text, &vars).unwrap();
        polynomial_bits(&program, 1)
    }

    #[test]
    fn a_binomial_costs_its_degree_coefficients_and_divisor() {
        // n(n−1)(n−2)(n−3)/24 = (n⁴ − 6n³ + 11n² − 6n)/24, in Horner form
        let horner = "(div (* n (- (* n (+ (* n (- n 6)) 11)) 6)) 24)";
        // γ-zigzag: degree 4 (7 bits); coefficients 0 (1), −6 (7), 11 (9),
        // −6 (7), 1 (3); divisor 24 (11)
        let expected = 7.0 + (1.0 + 7.0 + 9.0 + 7.0 + 3.0) + 11.0;
        assert_eq!(bits(horner), Some(expected));
        // however it is spelled
        let factored = "(div (* (* n (- n 1)) (* (- n 2) (- n 3))) 24)";
        assert_eq!(bits(factored), Some(expected));
    }

    #[test]
    fn only_polynomials_have_the_code() {
        assert_eq!(bits("(mod n 2)"), None);
        // a division inside, by a variable, or by zero
        assert_eq!(bits("(+ (div n 2) 1)"), None);
        assert_eq!(bits("(div 6 n)"), None);
        assert_eq!(bits("(div n 0)"), None);
        // a coefficient past i128
        let big = "(* (* 9223372036854775807 9223372036854775807) 9223372036854775807)";
        assert_eq!(bits(big), None);
        // a degree past 8
        assert_eq!(
            bits("(* (* (* n n) (* n n)) (* (* n n) (* n n)))"),
            Some(integer_bits(8) + 8.0 + 3.0 + integer_bits(1))
        );
        assert_eq!(
            bits("(* n (* (* (* n n) (* n n)) (* (* n n) (* n n))))"),
            None
        );
        // a constant and a cancelled term
        assert_eq!(bits("(- (+ n 5) n)"), bits("5"));
    }
}
