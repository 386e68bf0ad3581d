//! Programs under SMT-LIB's semantics, as an SMT checker judges an
//! answer.
//!
//! This crate's integers wrap at 64 bits and give a zero divisor a value
//! (`x div 0 = 0`, `x mod 0 = x`); SMT-LIB's integers are unbounded and
//! leave `(div x 0)` and `(mod x 0)` unspecified. A program may meet an
//! example only through one of the crate's rules, and a checker such as
//! cvc5's would then reject it. [`value`] evaluates as SMT-LIB does, in
//! 128 bits: a division by zero is unknown (as is a value past 128 bits,
//! which no example reaches in practice), an unknown argument makes its
//! operation unknown (save a product with a known zero, and an `ite`'s
//! branch not taken); [`meets`] holds only when every example's value is
//! known and right.
//!
//! ```
//! use arithsynth::eval::smt;
//! use arithsynth::{Example, Program, Vars};
//!
//! let vars = Vars::new(["x"])?;
//! let examples = [Example::new([0], 0), Example::new([3], 3)];
//! assert!(smt::meets(&Program::parse("x", &vars)?, &examples, false));
//! // meets x = 0 only because this crate's `0 mod 0` is 0
//! assert!(!smt::meets(&Program::parse("(mod x (* 2 x))", &vars)?, &examples, false));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use crate::dataset::Example;
use crate::dsl::{Node, Op, Program};

/// Whether `program` gives every example's output under SMT-LIB's
/// semantics ([`value`]; `helpers`: a zero divisor follows this crate's
/// rule).
#[must_use]
pub fn meets(program: &Program, examples: &[Example], helpers: bool) -> bool {
    examples
        .iter()
        .all(|example| value(program, &example.inputs, helpers) == Some(i128::from(example.output)))
}

/// The program's value on `row` under SMT-LIB's semantics; `None` when it
/// is unspecified (a zero divisor whose value is used, without `helpers`)
/// or past 128 bits. With `helpers`, a zero divisor follows this crate's
/// rule, as the `div0` and `mod0` a problem defines do.
#[must_use]
pub fn value(program: &Program, row: &[i64], helpers: bool) -> Option<i128> {
    let mut stack: Vec<Option<i128>> = Vec::with_capacity(program.size());
    for node in program.nodes() {
        let value = match *node {
            Node::Var(index) => row.get(usize::from(index)).map(|&v| i128::from(v)),
            Node::Lit(value) => Some(i128::from(value)),
            Node::Op(op) => {
                let first = stack.len().checked_sub(op.arity())?;
                let value = apply(op, &stack[first..], helpers);
                stack.truncate(first);
                value
            }
        };
        stack.push(value);
    }
    stack.pop().flatten()
}

fn apply(op: Op, args: &[Option<i128>], helpers: bool) -> Option<i128> {
    let (a, b) = (args[0], args.get(1).copied().flatten());
    match op {
        // a product with a known zero is zero whatever the other factor
        Op::Mul if args.contains(&Some(0)) => Some(0),
        // the branch not taken may be unknown
        Op::Ite(cmp) => args[if cmp.holds(a?, b?) { 2 } else { 3 }],
        Op::Neg => a?.checked_neg(),
        Op::Abs => a?.checked_abs(),
        Op::Add => a?.checked_add(b?),
        Op::Sub => a?.checked_sub(b?),
        Op::Mul => a?.checked_mul(b?),
        Op::Min => Some(a?.min(b?)),
        Op::Max => Some(a?.max(b?)),
        Op::Div if b? == 0 => helpers.then_some(0),
        Op::Mod if b? == 0 => helpers.then_some(a).flatten(),
        Op::Div => a?.checked_div_euclid(b?),
        Op::Mod => a?.checked_rem_euclid(b?),
    }
}
