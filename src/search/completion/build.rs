//! Programs for fitted formulas, within a grammar: integer constants from
//! the grammar's literals, weighted sums, polynomials in Horner form.

use std::collections::btree_map::Entry;
use std::collections::BTreeMap;
use std::sync::{Arc, Mutex, PoisonError};

use crate::dsl::{Grammar, Op, Program};
use crate::search::deadline::Deadline;

/// Largest constant magnitude kept in the table of small constants.
const TABLE_LIMIT: i64 = 1 << 20;
/// Largest program size in the table.
const TABLE_SIZE: usize = 9;
/// Most operator applications tried while the table is built: with the
/// default literals 0..=3 the table is complete through size 9 well within
/// it; with a hundred literals the sizes grow by a factor of a hundred
/// each, and the table stops (smaller sizes first, so the cheap constants
/// are in it) instead of running for minutes.
const TABLE_WORK: usize = 1 << 19;

/// Work items between two reads of the deadline while a table is built.
const TABLE_CHECK_EVERY: usize = 1 << 12;
/// Complete tables kept for the grammars seen last.
const TABLES_KEPT: usize = 8;

/// How a constant of a [`Table`] is spelled: a literal, or an operator
/// over two smaller constants of the table (programs are built only when
/// asked for: a table holds up to hundreds of thousands).
#[derive(Clone, Copy, Debug)]
enum Spelling {
    Literal,
    Apply(Op, i64, i64),
}

/// The smallest spelling of each small constant over some literals and
/// arithmetic operators, with its size.
#[derive(Debug)]
struct Table {
    constants: BTreeMap<i64, (Spelling, u8)>,
    /// `0..=contiguous` are all in the table.
    contiguous: i64,
}

/// A table's key: the literals and the arithmetic operators it is built
/// from.
type TableKey = (Vec<i64>, Vec<Op>);

/// The complete tables of the grammars seen last, the latest last: a
/// table costs up to [`TABLE_WORK`] operator applications (tens of
/// milliseconds for literals such as 50, 100 and 108), and every
/// completion of a search (its warm start, each sketch's hole) and every
/// task of a task file over one grammar needs the same one.
static TABLES: Mutex<Vec<(TableKey, Arc<Table>)>> = Mutex::new(Vec::new());

impl Table {
    /// The table for `literals` and `arithmetic`, the cached one if there
    /// is one; built by size otherwise, stopping where `deadline` passes
    /// (a table cut short is smaller, not wrong, and is not kept).
    fn of(literals: &[i64], arithmetic: &[Op], deadline: &Deadline) -> Arc<Table> {
        let key = (literals.to_vec(), arithmetic.to_vec());
        let tables = || TABLES.lock().unwrap_or_else(PoisonError::into_inner);
        if let Some((_, table)) = tables().iter().find(|(k, _)| *k == key) {
            return Arc::clone(table);
        }
        let (table, complete) = Table::build(literals, arithmetic, deadline);
        let table = Arc::new(table);
        if complete {
            let mut tables = tables();
            if tables.iter().any(|(k, _)| *k == key) {
                // another thread built it meanwhile
                return table;
            }
            if tables.len() >= TABLES_KEPT {
                tables.remove(0);
            }
            tables.push((key, Arc::clone(&table)));
        }
        table
    }

    /// By size: leaves, then every op over two smaller entries, within
    /// [`TABLE_WORK`] applications. Whether `deadline` left it whole.
    fn build(literals: &[i64], arithmetic: &[Op], deadline: &Deadline) -> (Table, bool) {
        let mut constants: BTreeMap<i64, (Spelling, u8)> = BTreeMap::new();
        let mut by_size: Vec<Vec<i64>> = vec![Vec::new(); TABLE_SIZE + 1];
        for &value in literals {
            if constants.insert(value, (Spelling::Literal, 1)).is_none() {
                by_size[1].push(value);
            }
        }
        let mut work = 0usize;
        let mut complete = true;
        'sizes: for size in (3..=TABLE_SIZE).step_by(2) {
            let mut found = Vec::new();
            for left in (1..size - 1).step_by(2) {
                let right = size - 1 - left;
                for &a in &by_size[left] {
                    for &b in &by_size[right] {
                        for &op in arithmetic {
                            if work % TABLE_CHECK_EVERY == 0 && deadline.passed() {
                                complete = false;
                                break 'sizes;
                            }
                            work += 1;
                            if work > TABLE_WORK {
                                break 'sizes;
                            }
                            let value = match op {
                                Op::Add => a.checked_add(b),
                                Op::Sub => a.checked_sub(b),
                                _ => a.checked_mul(b),
                            };
                            let Some(value) =
                                value.filter(|v| v.unsigned_abs() <= TABLE_LIMIT.unsigned_abs())
                            else {
                                continue;
                            };
                            if let Entry::Vacant(entry) = constants.entry(value) {
                                let size = u8::try_from(size).expect("TABLE_SIZE is small");
                                entry.insert((Spelling::Apply(op, a, b), size));
                                found.push(value);
                            }
                        }
                    }
                }
            }
            by_size[size] = found;
        }
        let contiguous = (0..)
            .take_while(|v| constants.contains_key(v))
            .last()
            .unwrap_or(-1);
        (
            Table {
                constants,
                contiguous,
            },
            complete,
        )
    }

    /// The program of `value`, if the table holds it.
    fn program(&self, value: i64) -> Option<Program> {
        Some(match self.constants.get(&value)?.0 {
            Spelling::Literal => Program::lit(value),
            Spelling::Apply(op, a, b) => Program::apply(op, &[self.program(a)?, self.program(b)?])
                .expect("binary operator, two children"),
        })
    }

    /// The size of `value`'s program, if the table holds it.
    fn size(&self, value: i64) -> Option<usize> {
        self.constants
            .get(&value)
            .map(|&(_, size)| usize::from(size))
    }
}

/// Builds programs over one grammar's literals and operators.
#[derive(Debug)]
pub(crate) struct Builder<'g> {
    grammar: &'g Grammar,
    /// Smallest spelling of each small constant.
    table: Arc<Table>,
}

impl<'g> Builder<'g> {
    /// A builder over `grammar`; its table of constants is built (or
    /// found built) within `deadline`.
    pub(crate) fn new(grammar: &'g Grammar, deadline: &Deadline) -> Builder<'g> {
        let ops = grammar.ops();
        let arithmetic: Vec<Op> = [Op::Add, Op::Sub, Op::Mul]
            .into_iter()
            .filter(|&op| ops.contains(op))
            .collect();
        Builder {
            grammar,
            table: Table::of(grammar.literals(), &arithmetic, deadline),
        }
    }

    fn has(&self, op: Op) -> bool {
        self.grammar.ops().contains(op)
    }

    fn apply(op: Op, children: &[Program]) -> Program {
        Program::apply(op, children).expect("children match the operator's arity")
    }

    /// The constant `value`: a literal if the grammar has it, the table's
    /// program if small, else `q * base + r` recursively.
    pub(crate) fn constant(&self, value: i128) -> Option<Program> {
        let value = i64::try_from(value).ok()?;
        if let Some(program) = self.table.program(value) {
            return Some(program);
        }
        if value < 0 {
            let magnitude = self.constant(-i128::from(value))?;
            if self.has(Op::Neg) {
                return Some(Self::apply(Op::Neg, &[magnitude]));
            }
            if self.has(Op::Sub) {
                return Some(Self::apply(Op::Sub, &[self.constant(0)?, magnitude]));
            }
            return None;
        }
        if !self.has(Op::Add) || !self.has(Op::Mul) || self.table.contiguous < 2 {
            return None;
        }
        // q·base + r with every part in the table: the smallest such sum
        let table = |v: i64| self.table.size(v).unwrap_or(usize::MAX / 4);
        let best = (2..=self.table.contiguous.min(value))
            .filter(|&base| value / base <= self.table.contiguous)
            .min_by_key(|&base| {
                let r = value % base;
                table(value / base) + table(base) + if r == 0 { 1 } else { 2 + table(r) }
            });
        // else the largest base: q is built the same way
        let base = best.unwrap_or(self.table.contiguous);
        let (q, r) = (value / base, value % base);
        let mut program = Self::apply(
            Op::Mul,
            &[
                self.constant(i128::from(q))?,
                self.constant(i128::from(base))?,
            ],
        );
        if r != 0 {
            program = Self::apply(Op::Add, &[program, self.constant(i128::from(r))?]);
        }
        Some(program)
    }

    /// `coefficient · term` (the term alone for 1).
    fn scaled(&self, coefficient: i128, term: &Program) -> Option<Program> {
        debug_assert!(coefficient > 0);
        if coefficient == 1 {
            return Some(term.clone());
        }
        if !self.has(Op::Mul) {
            return None;
        }
        Some(Self::apply(
            Op::Mul,
            &[self.constant(coefficient)?, term.clone()],
        ))
    }

    /// `constant + Σ coefficient · term`: terms with positive coefficients
    /// added, the others subtracted.
    pub(crate) fn sum(&self, constant: i128, terms: &[(i128, &Program)]) -> Option<Program> {
        let mut positive = Vec::new();
        let mut negative = Vec::new();
        for &(coefficient, term) in terms {
            match coefficient.signum() {
                1 => positive.push(self.scaled(coefficient, term)?),
                -1 => negative.push(self.scaled(coefficient.checked_neg()?, term)?),
                _ => {}
            }
        }
        match constant.signum() {
            1 => positive.push(self.constant(constant)?),
            -1 => negative.push(self.constant(constant.checked_neg()?)?),
            _ => {}
        }
        let mut sum = if positive.is_empty() {
            if negative.is_empty() {
                return self.constant(0);
            }
            self.constant(0)?
        } else {
            positive.remove(0)
        };
        for term in positive {
            if !self.has(Op::Add) {
                return None;
            }
            sum = Self::apply(Op::Add, &[sum, term]);
        }
        for term in negative {
            if !self.has(Op::Sub) {
                return None;
            }
            sum = Self::apply(Op::Sub, &[sum, term]);
        }
        Some(sum)
    }

    /// `Σ coefficients[i] · var^i` in Horner form:
    /// `c0 + var · (c1 + var · (c2 + …))`.
    pub(crate) fn horner(&self, var: &Program, coefficients: &[i128]) -> Option<Program> {
        let top = coefficients.iter().rposition(|&c| c != 0)?;
        let mut program = self.constant(coefficients[top])?;
        for &coefficient in coefficients[..top].iter().rev() {
            if !self.has(Op::Mul) {
                return None;
            }
            program = if coefficients[top] == 1 && is_lit(&program, 1) {
                var.clone()
            } else {
                Self::apply(Op::Mul, &[var.clone(), program])
            };
            program = match coefficient.signum() {
                0 => program,
                1 if self.has(Op::Add) => {
                    Self::apply(Op::Add, &[program, self.constant(coefficient)?])
                }
                -1 if self.has(Op::Sub) => Self::apply(
                    Op::Sub,
                    &[program, self.constant(coefficient.checked_neg()?)?],
                ),
                _ => return None,
            };
        }
        Some(program)
    }

    /// `(div numerator divisor)` (the numerator alone for 1).
    pub(crate) fn divided(&self, numerator: Program, divisor: i128) -> Option<Program> {
        if divisor == 1 {
            return Some(numerator);
        }
        if !self.has(Op::Div) {
            return None;
        }
        Some(Self::apply(Op::Div, &[numerator, self.constant(divisor)?]))
    }

    /// `(mod value m)`.
    pub(crate) fn modulo(&self, value: Program, m: i128) -> Option<Program> {
        if !self.has(Op::Mod) {
            return None;
        }
        Some(Self::apply(Op::Mod, &[value, self.constant(m)?]))
    }

    /// `min(x_var, c)` with the grammar's operators ([`Builder::hinge_of`]).
    pub(crate) fn hinge(&self, var: usize, c: i64) -> Option<Program> {
        self.hinge_of(&Program::var(var).ok()?, c)
    }

    /// `min(part, c)` with the grammar's operators: `(min part c)`, else
    /// `(ite (< part c) part c)`, else `(max part c)` ([`Builder::hinge_in`]);
    /// a hinge of a piecewise-linear rule (a tiered price, a capped fee,
    /// overtime past 40 hours): any of them will do in a linear combination
    /// beside `part`, since `max(x, c) = x + c - min(x, c)`.
    pub(crate) fn hinge_of(&self, part: &Program, c: i64) -> Option<Program> {
        let c = if self.grammar.literals().contains(&c) {
            Program::lit(c)
        } else {
            self.constant(i128::from(c))?
        };
        let x = part.clone();
        match Self::hinge_in(self.grammar)? {
            false if self.has(Op::Min) => Some(Self::apply(Op::Min, &[x, c])),
            false => Some(Self::apply(
                Op::Ite(crate::dsl::Cmp::Lt),
                &[x.clone(), c.clone(), x, c],
            )),
            true => Some(Self::apply(Op::Max, &[x, c])),
        }
    }

    /// Whether [`Builder::hinge_of`] spells `max` in `grammar` (it has
    /// neither `min` nor `ite` with `<`); `None` when it has no hinge at all.
    pub(crate) fn hinge_in(grammar: &Grammar) -> Option<bool> {
        let ops = grammar.ops();
        if ops.contains(Op::Min) || ops.contains(Op::Ite(crate::dsl::Cmp::Lt)) {
            Some(false)
        } else if ops.contains(Op::Max) {
            Some(true)
        } else {
            None
        }
    }

    /// `(* x_var factor)` where the grammar has `*`: a rate times a
    /// quantity, or times a hinge of one (overtime pay, `r·h + r·max(h −
    /// 40, 0)`).
    pub(crate) fn times_var(&self, var: usize, factor: &Program) -> Option<Program> {
        let x = Program::var(var).ok()?;
        self.has(Op::Mul)
            .then(|| Self::apply(Op::Mul, &[x, factor.clone()]))
    }

    /// The product of the variables with these exponents, e.g. `x·x·y`.
    pub(crate) fn monomial(&self, exponents: &[usize]) -> Option<Program> {
        let mut factors = Vec::new();
        for (var, &exponent) in exponents.iter().enumerate() {
            for _ in 0..exponent {
                factors.push(Program::var(var).ok()?);
            }
        }
        let mut program = factors.pop()?;
        while let Some(factor) = factors.pop() {
            if !self.has(Op::Mul) {
                return None;
            }
            program = Self::apply(Op::Mul, &[factor, program]);
        }
        Some(program)
    }
}

fn is_lit(program: &Program, value: i64) -> bool {
    program.nodes() == [crate::dsl::Node::Lit(value)]
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dsl::Vars;
    use crate::eval::reference;

    #[test]
    fn constants_come_from_the_grammars_literals() {
        let grammar = Grammar::new(Vars::new(["n"]).unwrap());
        let builder = Builder::new(&grammar, &Deadline::never());
        for value in [
            0i128,
            1,
            3,
            7,
            10,
            24,
            60,
            100,
            1000,
            5040,
            123_456_789,
            -5,
            -1000,
        ] {
            let program = builder.constant(value).unwrap();
            assert!(grammar.admits(&program).is_ok(), "{value}");
            assert_eq!(i128::from(reference::eval(&program, &[0])), value);
            let bound = if value.abs() <= 5040 { 25 } else { 80 };
            assert!(program.size() <= bound, "{value}: {}", program.size());
        }
        assert_eq!(builder.constant(3).unwrap().size(), 1);
        assert!(builder.constant(i128::MAX).is_none());
    }

    #[test]
    fn a_table_stops_at_the_deadline_and_only_a_whole_one_is_kept() {
        // literals no other test uses: no table of theirs is cached yet
        let grammar = Grammar::builder()
            .vars(["n"])
            .literals([0, 1, 50, 100, 108])
            .build()
            .unwrap();
        let passed = Deadline::after(std::time::Instant::now(), Some(std::time::Duration::ZERO));
        let cut = Builder::new(&grammar, &passed);
        assert_eq!(cut.table.constants.len(), 5, "the literals only");
        assert!(cut.constant(7).is_none(), "no 1 + 1 + … without a table");
        let whole = Builder::new(&grammar, &Deadline::never());
        assert!(whole.table.constants.len() > 1000);
        assert_eq!(reference::eval(&whole.constant(7).unwrap(), &[0]), 7);
        // built once: the next builder over these literals shares it,
        // whatever its deadline
        let again = Builder::new(&grammar, &passed);
        assert!(Arc::ptr_eq(&whole.table, &again.table));
    }

    #[test]
    fn horner_and_sums_evaluate_to_their_formulas() {
        let grammar = Grammar::new(Vars::new(["n"]).unwrap());
        let builder = Builder::new(&grammar, &Deadline::never());
        let n = Program::var(0).unwrap();
        // 5 - 3n + n^3
        let cubic = builder.horner(&n, &[5, -3, 0, 1]).unwrap();
        let square = builder.monomial(&[2]).unwrap();
        let sum = builder.sum(-4, &[(2, &n), (-7, &square)]).unwrap();
        for v in -6i64..6 {
            assert_eq!(reference::eval(&cubic, &[v]), 5 - 3 * v + v * v * v);
            assert_eq!(reference::eval(&sum, &[v]), -4 + 2 * v - 7 * v * v);
        }
        assert!(grammar.admits(&cubic).is_ok() && grammar.admits(&sum).is_ok());
    }
}
