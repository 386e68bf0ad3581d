//! The reference interpreter: one row at a time, one node at a time.
//!
//! It is the oracle every fast path is tested against, so it is written to be
//! obviously right, not fast. The functions below define the language's
//! semantics (DESIGN.md): every operator is total.

use smallvec::SmallVec;

use crate::dsl::{Cmp, Inputs, Node, Op, Program};

/// `a + b`, wrapping.
#[inline(always)]
#[must_use]
pub fn add(a: i64, b: i64) -> i64 {
    a.wrapping_add(b)
}

/// `a - b`, wrapping.
#[inline(always)]
#[must_use]
pub fn sub(a: i64, b: i64) -> i64 {
    a.wrapping_sub(b)
}

/// `a * b`, wrapping.
#[inline(always)]
#[must_use]
pub fn mul(a: i64, b: i64) -> i64 {
    a.wrapping_mul(b)
}

/// Euclidean `a div b`; `0` when `b = 0`; `i64::MIN div -1 = i64::MIN`.
#[inline(always)]
#[must_use]
pub fn div(a: i64, b: i64) -> i64 {
    if b == 0 {
        0
    } else {
        a.wrapping_div_euclid(b)
    }
}

/// Euclidean `a mod b` (never negative); `a` when `b = 0`;
/// `i64::MIN mod -1 = 0`.
#[inline(always)]
#[must_use]
pub fn modulo(a: i64, b: i64) -> i64 {
    if b == 0 {
        a
    } else {
        a.wrapping_rem_euclid(b)
    }
}

/// `-a`, wrapping.
#[inline(always)]
#[must_use]
pub fn neg(a: i64) -> i64 {
    a.wrapping_neg()
}

/// `|a|`, wrapping: `abs(i64::MIN) = i64::MIN`.
#[inline(always)]
#[must_use]
pub fn abs(a: i64) -> i64 {
    a.wrapping_abs()
}

/// `ite (cmp a b) t e`.
#[inline(always)]
#[must_use]
pub fn ite(cmp: Cmp, a: i64, b: i64, t: i64, e: i64) -> i64 {
    if cmp.holds(a, b) {
        t
    } else {
        e
    }
}

/// `op` applied to `args` (`op.arity()` of them).
///
/// # Panics
///
/// When `args.len() != op.arity()`.
#[must_use]
pub fn apply(op: Op, args: &[i64]) -> i64 {
    assert_eq!(
        args.len(),
        op.arity(),
        "`{op}` takes {} arguments",
        op.arity()
    );
    match op {
        Op::Add => add(args[0], args[1]),
        Op::Sub => sub(args[0], args[1]),
        Op::Mul => mul(args[0], args[1]),
        Op::Div => div(args[0], args[1]),
        Op::Mod => modulo(args[0], args[1]),
        Op::Neg => neg(args[0]),
        Op::Abs => abs(args[0]),
        Op::Min => args[0].min(args[1]),
        Op::Max => args[0].max(args[1]),
        Op::Ite(cmp) => ite(cmp, args[0], args[1], args[2], args[3]),
    }
}

/// Evaluates `program` on one row of inputs (`row[i]` is variable `i`).
///
/// # Panics
///
/// When the program reads a variable with no value in `row`
/// (`row.len() < program.min_vars()`).
///
/// ```
/// use arithsynth::{eval, Program, Vars};
/// let program = Program::parse("(mod (- x 7) 3)", &Vars::new(["x"])?)?;
/// assert_eq!(eval::reference::eval(&program, &[1]), 0); // -6 mod 3
/// assert_eq!(eval::reference::eval(&program, &[2]), 1); // -5 mod 3
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[must_use]
pub fn eval(program: &Program, row: &[i64]) -> i64 {
    let mut stack: SmallVec<[i64; 32]> = SmallVec::new();
    for node in program.nodes() {
        let value = match *node {
            Node::Var(index) => row[usize::from(index)],
            Node::Lit(value) => value,
            Node::Op(op) => {
                let first = stack.len() - op.arity();
                let value = apply(op, &stack[first..]);
                stack.truncate(first);
                value
            }
        };
        stack.push(value);
    }
    stack[0]
}

/// Evaluates `program` on every row of `inputs`.
///
/// # Panics
///
/// When `inputs.num_vars() < program.min_vars()`.
#[must_use]
pub fn eval_inputs(program: &Program, inputs: &Inputs) -> Vec<i64> {
    inputs.rows().map(|row| eval(program, &row)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dsl::Vars;

    fn run(text: &str, row: &[i64]) -> i64 {
        let vars = Vars::new(["x", "y"]).unwrap();
        eval(&Program::parse(text, &vars).unwrap(), row)
    }

    #[test]
    fn min_div_minus_one_wraps() {
        assert_eq!(div(i64::MIN, -1), i64::MIN);
        assert_eq!(run("(div x -1)", &[i64::MIN, 0]), i64::MIN);
    }

    #[test]
    fn min_mod_minus_one_is_zero() {
        assert_eq!(modulo(i64::MIN, -1), 0);
    }

    #[test]
    fn div_by_zero_is_zero() {
        assert_eq!(div(7, 0), 0);
        assert_eq!(div(i64::MIN, 0), 0);
        assert_eq!(run("(div x y)", &[-5, 0]), 0);
    }

    #[test]
    fn mod_by_zero_is_dividend() {
        assert_eq!(modulo(7, 0), 7);
        assert_eq!(modulo(-7, 0), -7);
        assert_eq!(modulo(i64::MIN, 0), i64::MIN);
    }

    #[test]
    fn abs_of_min_wraps() {
        assert_eq!(abs(i64::MIN), i64::MIN);
        assert_eq!(abs(-5), 5);
    }

    #[test]
    fn neg_of_min_wraps() {
        assert_eq!(neg(i64::MIN), i64::MIN);
    }

    #[test]
    fn mul_wraps() {
        assert_eq!(mul(i64::MAX, 2), -2);
        assert_eq!(mul(i64::MIN, -1), i64::MIN);
        assert_eq!(mul(1 << 32, 1 << 32), 0);
    }

    #[test]
    fn add_and_sub_wrap() {
        assert_eq!(add(i64::MAX, 1), i64::MIN);
        assert_eq!(sub(i64::MIN, 1), i64::MAX);
    }

    #[test]
    fn euclidean_with_negative_operands() {
        // a = q * b + r with 0 <= r < |b|
        assert_eq!((div(7, 2), modulo(7, 2)), (3, 1));
        assert_eq!((div(-7, 2), modulo(-7, 2)), (-4, 1));
        assert_eq!((div(7, -2), modulo(7, -2)), (-3, 1));
        assert_eq!((div(-7, -2), modulo(-7, -2)), (4, 1));
        assert_eq!((div(-6, 3), modulo(-6, 3)), (-2, 0));
        assert_eq!((div(i64::MIN, 2), modulo(i64::MIN, 2)), (i64::MIN / 2, 0));
        assert_eq!(modulo(i64::MIN, i64::MAX), i64::MAX - 1);
        assert_eq!(div(i64::MIN, i64::MAX), -2);
    }

    #[test]
    fn ite_with_each_comparison() {
        assert_eq!(run("(ite (< x y) 1 2)", &[1, 2]), 1);
        assert_eq!(run("(ite (< x y) 1 2)", &[2, 2]), 2);
        assert_eq!(run("(ite (<= x y) 1 2)", &[2, 2]), 1);
        assert_eq!(run("(ite (<= x y) 1 2)", &[3, 2]), 2);
        assert_eq!(run("(ite (= x y) 1 2)", &[i64::MIN, i64::MIN]), 1);
        assert_eq!(run("(ite (= x y) 1 2)", &[i64::MIN, i64::MAX]), 2);
    }

    #[test]
    fn min_and_max() {
        assert_eq!(run("(min x y)", &[i64::MIN, i64::MAX]), i64::MIN);
        assert_eq!(run("(max x y)", &[i64::MIN, i64::MAX]), i64::MAX);
    }

    #[test]
    fn nested_program() {
        assert_eq!(run("(+ (* x x) (mod y 3))", &[-4, -1]), 18);
    }
}
