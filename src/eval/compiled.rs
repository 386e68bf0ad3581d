//! The compiled interpreter: bytecode over columns, in blocks of rows.
//!
//! [`Compiled::new`] turns a program into register bytecode once: literal
//! subtrees are folded, leaves become operands (no copies of input columns),
//! and a division or remainder by a constant becomes a shift, a mask or a
//! division by a compile-time constant, which LLVM lowers to a multiply. A
//! run then executes each instruction over a block of rows at a time, in
//! loops LLVM vectorizes, with scratch columns kept in a [`Cache`] that is
//! reused, so evaluation allocates nothing once the cache has grown.
//!
//! The engine/cache split follows regex-automata's `PikeVM`: the compiled
//! program is immutable and shareable; each thread brings its own `Cache`.

use std::fmt;
use std::mem;

use crate::dsl::{Cmp, Inputs, Node, Op, Program};

use super::reference;

/// Rows per block: each scratch column holds this many values, so a program's
/// working set stays in the L1 cache.
pub const BLOCK: usize = 512;

/// Batches up to this many rows run row by row on the scalar loop.
const SCALAR_ROWS: usize = 4;

/// An operand of an instruction.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Src {
    Input(u8),
    Reg(u32),
    Const(i64),
}

/// Where an instruction writes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Dst {
    Reg(u32),
    /// The caller's output: the root instruction writes there directly.
    Out,
}

/// One-operand instructions, including division by a known constant.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Unary {
    Neg,
    Abs,
    /// Euclidean division by `1 << k`: an arithmetic shift.
    DivPow2(u32),
    /// Euclidean remainder by a power of two: a mask.
    ModMask(i64),
    /// Division by a constant `c >= 3` (not a power of two).
    DivConst(i64),
    /// Remainder by a constant `c >= 3` (not a power of two).
    ModConst(i64),
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Binary {
    Add,
    Sub,
    Mul,
    Div,
    Mod,
    Min,
    Max,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Instr {
    Unary {
        op: Unary,
        dst: Dst,
        a: Src,
    },
    Binary {
        op: Binary,
        dst: Dst,
        a: Src,
        b: Src,
    },
    Ite {
        cmp: Cmp,
        dst: Dst,
        args: [Src; 4],
    },
}

/// A program compiled to bytecode for fast batched evaluation.
///
/// ```
/// use arithsynth::{eval::Compiled, Inputs, Program, Vars};
/// let vars = Vars::new(["x", "y"])?;
/// let program = Program::parse("(+ (* x x) (mod y 4))", &vars)?;
/// let compiled = Compiled::new(&program);
/// let mut cache = compiled.create_cache();
///
/// let inputs = Inputs::from_rows(2, [[1, 5], [-3, -1], [10, 8]])?;
/// let mut out = vec![0; inputs.len()];
/// compiled.eval(&mut cache, &inputs, &mut out);
/// assert_eq!(out, [2, 12, 100]);
/// assert_eq!(compiled.eval_row(&mut cache, &[2, 7]), 7);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone)]
pub struct Compiled {
    instrs: Vec<Instr>,
    /// Where the program's value is when the last instruction does not write
    /// it to the output (a leaf, or a folded constant); `None` when it does.
    result: Option<Src>,
    num_regs: usize,
    min_vars: usize,
    size: usize,
}

/// Reusable scratch memory for [`Compiled`] programs.
///
/// One cache serves any number of compiled programs, one evaluation at a
/// time; it grows to the largest program it has run and then stays.
#[derive(Clone, Debug, Default)]
pub struct Cache {
    regs: Vec<Vec<i64>>,
    scalar: Vec<i64>,
}

impl Cache {
    /// An empty cache; it grows on first use.
    #[must_use]
    pub fn new() -> Cache {
        Cache::default()
    }

    /// Bytes of scratch memory held.
    #[must_use]
    pub fn memory_usage(&self) -> usize {
        mem::size_of::<i64>()
            * (self.regs.iter().map(Vec::capacity).sum::<usize>() + self.scalar.capacity())
    }

    fn reserve(&mut self, num_regs: usize) {
        while self.regs.len() < num_regs {
            self.regs.push(vec![0; BLOCK]);
        }
        if self.scalar.len() < num_regs {
            self.scalar.resize(num_regs, 0);
        }
    }
}

/// Register allocation while compiling.
struct Allocator {
    free: Vec<u32>,
    next: u32,
}

impl Allocator {
    fn alloc(&mut self) -> u32 {
        self.free.pop().unwrap_or_else(|| {
            self.next += 1;
            self.next - 1
        })
    }

    fn release(&mut self, src: Src) {
        if let Src::Reg(reg) = src {
            self.free.push(reg);
        }
    }
}

fn unary_scalar(op: Unary, a: i64) -> i64 {
    match op {
        Unary::Neg => reference::neg(a),
        Unary::Abs => reference::abs(a),
        Unary::DivPow2(k) => a >> k,
        Unary::ModMask(mask) => a & mask,
        Unary::DivConst(c) => a.div_euclid(c),
        Unary::ModConst(c) => a.rem_euclid(c),
    }
}

fn binary_scalar(op: Binary, a: i64, b: i64) -> i64 {
    match op {
        Binary::Add => reference::add(a, b),
        Binary::Sub => reference::sub(a, b),
        Binary::Mul => reference::mul(a, b),
        Binary::Div => reference::div(a, b),
        Binary::Mod => reference::modulo(a, b),
        Binary::Min => a.min(b),
        Binary::Max => a.max(b),
    }
}

impl Compiled {
    /// Compiles `program`.
    #[must_use]
    pub fn new(program: &Program) -> Compiled {
        let mut instrs = Vec::new();
        let mut stack: Vec<Src> = Vec::new();
        let mut regs = Allocator {
            free: Vec::new(),
            next: 0,
        };
        for node in program.nodes() {
            let src = match *node {
                Node::Var(index) => Src::Input(index),
                Node::Lit(value) => Src::Const(value),
                Node::Op(op) => {
                    let first = stack.len() - op.arity();
                    let args: Vec<Src> = stack.drain(first..).collect();
                    Self::compile_op(op, &args, &mut instrs, &mut regs)
                }
            };
            stack.push(src);
        }
        let mut result = Some(stack.pop().expect("a program has a root"));
        // The root instruction writes to the caller's output directly.
        if let (Some(Src::Reg(root)), Some(last)) = (result, instrs.last_mut()) {
            let dst = match last {
                Instr::Unary { dst, .. } | Instr::Binary { dst, .. } | Instr::Ite { dst, .. } => {
                    dst
                }
            };
            if *dst == Dst::Reg(root) {
                *dst = Dst::Out;
                result = None;
            }
        }
        Compiled {
            instrs,
            result,
            num_regs: regs.next as usize,
            min_vars: program.min_vars(),
            size: program.size(),
        }
    }

    fn compile_op(op: Op, args: &[Src], instrs: &mut Vec<Instr>, regs: &mut Allocator) -> Src {
        let consts: Option<Vec<i64>> = args
            .iter()
            .map(|a| match a {
                Src::Const(c) => Some(*c),
                _ => None,
            })
            .collect();
        if let Some(values) = consts {
            return Src::Const(reference::apply(op, &values));
        }
        let binary = |op| match (args[0], args[1]) {
            (a, Src::Const(c)) => Some((op, a, c)),
            _ => None,
        };
        // Division and remainder by a constant.
        let unary = match op {
            Op::Neg => Some((Unary::Neg, args[0], false)),
            Op::Abs => Some((Unary::Abs, args[0], false)),
            Op::Div | Op::Mod => match binary(op) {
                Some((op, a, c)) => match Self::by_constant(op, a, c) {
                    Ok(src) => return src,
                    Err(special) => special.map(|(u, negate)| (u, a, negate)),
                },
                None => None,
            },
            _ => None,
        };
        let instr_src =
            |instrs: &mut Vec<Instr>, regs: &mut Allocator, make: &dyn Fn(Dst) -> Instr| {
                let reg = regs.alloc();
                instrs.push(make(Dst::Reg(reg)));
                Src::Reg(reg)
            };
        if let Some((u, a, negate)) = unary {
            let out = instr_src(instrs, regs, &|dst| Instr::Unary { op: u, dst, a });
            regs.release(a);
            if !negate {
                return out;
            }
            let negated = instr_src(instrs, regs, &|dst| Instr::Unary {
                op: Unary::Neg,
                dst,
                a: out,
            });
            regs.release(out);
            return negated;
        }
        let out = match op {
            Op::Ite(cmp) => {
                let args = [args[0], args[1], args[2], args[3]];
                instr_src(instrs, regs, &|dst| Instr::Ite { cmp, dst, args })
            }
            _ => {
                let bin = match op {
                    Op::Add => Binary::Add,
                    Op::Sub => Binary::Sub,
                    Op::Mul => Binary::Mul,
                    Op::Div => Binary::Div,
                    Op::Mod => Binary::Mod,
                    Op::Min => Binary::Min,
                    Op::Max => Binary::Max,
                    Op::Neg | Op::Abs | Op::Ite(_) => unreachable!("handled above"),
                };
                let (a, b) = (args[0], args[1]);
                instr_src(instrs, regs, &|dst| Instr::Binary { op: bin, dst, a, b })
            }
        };
        args.iter().for_each(|&a| regs.release(a));
        out
    }

    /// `a div c` or `a mod c` for a constant `c`: `Ok` when the answer needs
    /// no instruction, else the instruction (and whether to negate after).
    fn by_constant(op: Op, a: Src, c: i64) -> Result<Src, Option<(Unary, bool)>> {
        let div = op == Op::Div;
        match c {
            0 => Ok(if div { Src::Const(0) } else { a }),
            1 => Ok(if div { a } else { Src::Const(0) }),
            -1 if div => Err(Some((Unary::Neg, false))),
            -1 => Ok(Src::Const(0)),
            i64::MIN => Err(None),
            _ => {
                // a = q c + r with 0 <= r < |c|: r depends on |c| only, and
                // q for c < 0 is -q for |c| (no overflow: |q| < |a|).
                let magnitude = c.abs();
                let negate = div && c < 0;
                let unary = if magnitude.count_ones() == 1 {
                    let k = magnitude.trailing_zeros();
                    if div {
                        Unary::DivPow2(k)
                    } else {
                        Unary::ModMask(magnitude - 1)
                    }
                } else if div {
                    Unary::DivConst(magnitude)
                } else {
                    Unary::ModConst(magnitude)
                };
                Err(Some((unary, negate)))
            }
        }
    }

    /// A cache sized for this program.
    #[must_use]
    pub fn create_cache(&self) -> Cache {
        let mut cache = Cache::new();
        cache.reserve(self.num_regs);
        cache
    }

    /// Number of input columns an evaluation needs.
    #[must_use]
    pub fn min_vars(&self) -> usize {
        self.min_vars
    }

    /// Number of nodes of the source program.
    #[must_use]
    pub fn size(&self) -> usize {
        self.size
    }

    /// Number of bytecode instructions (after folding and specialization).
    #[must_use]
    pub fn len(&self) -> usize {
        self.instrs.len()
    }

    /// Whether the program compiled to no instruction (a leaf or a constant).
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.instrs.is_empty()
    }

    /// Evaluates every row of `inputs` into `out`.
    ///
    /// # Panics
    ///
    /// When `out.len() != inputs.len()` or `inputs.num_vars() <
    /// self.min_vars()`.
    pub fn eval(&self, cache: &mut Cache, inputs: &Inputs, out: &mut [i64]) {
        assert_eq!(
            out.len(),
            inputs.len(),
            "`out` has {} slots for {} input rows",
            out.len(),
            inputs.len()
        );
        self.eval_columns(cache, &inputs.columns(), out);
    }

    /// Evaluates every row of `inputs` into a new vector.
    ///
    /// # Panics
    ///
    /// When `inputs.num_vars() < self.min_vars()`.
    #[must_use]
    pub fn eval_to_vec(&self, cache: &mut Cache, inputs: &Inputs) -> Vec<i64> {
        let mut out = vec![0; inputs.len()];
        self.eval(cache, inputs, &mut out);
        out
    }

    /// Evaluates over input columns the caller holds (`columns[i]` is
    /// variable `i`; all of `out.len()` rows).
    ///
    /// # Panics
    ///
    /// When fewer than [`Compiled::min_vars`] columns are given, or a column
    /// read is shorter than `out`.
    pub fn eval_columns(&self, cache: &mut Cache, columns: &[&[i64]], out: &mut [i64]) {
        assert!(
            columns.len() >= self.min_vars,
            "the program reads {} variables, {} columns given",
            self.min_vars,
            columns.len()
        );
        let len = out.len();
        for (var, column) in columns.iter().enumerate().take(self.min_vars) {
            assert!(
                column.len() >= len,
                "column {var} has {} rows, {len} wanted",
                column.len()
            );
        }
        cache.reserve(self.num_regs);
        if len <= SCALAR_ROWS {
            let mut row = [0i64; crate::dsl::MAX_VARS];
            for (i, slot) in out.iter_mut().enumerate() {
                for (var, column) in columns.iter().enumerate().take(self.min_vars) {
                    row[var] = column[i];
                }
                *slot = self.run_scalar(&mut cache.scalar, &row);
            }
            return;
        }
        let mut start = 0;
        while start < len {
            let end = (start + BLOCK).min(len);
            self.run_block(&mut cache.regs, columns, start, &mut out[start..end]);
            start = end;
        }
    }

    /// Evaluates one row (`row[i]` is variable `i`) on the scalar loop.
    ///
    /// # Panics
    ///
    /// When `row.len() < self.min_vars()`.
    pub fn eval_row(&self, cache: &mut Cache, row: &[i64]) -> i64 {
        assert!(
            row.len() >= self.min_vars,
            "the program reads {} variables, the row has {}",
            self.min_vars,
            row.len()
        );
        cache.reserve(self.num_regs);
        self.run_scalar(&mut cache.scalar, row)
    }

    fn run_scalar(&self, regs: &mut [i64], row: &[i64]) -> i64 {
        let get = |regs: &[i64], src: Src| match src {
            Src::Input(var) => row[usize::from(var)],
            Src::Reg(reg) => regs[reg as usize],
            Src::Const(value) => value,
        };
        let mut value = 0;
        for instr in &self.instrs {
            let (dst, result) = match *instr {
                Instr::Unary { op, dst, a } => (dst, unary_scalar(op, get(regs, a))),
                Instr::Binary { op, dst, a, b } => {
                    (dst, binary_scalar(op, get(regs, a), get(regs, b)))
                }
                Instr::Ite { cmp, dst, args } => {
                    let [a, b, t, e] = args.map(|src| get(regs, src));
                    (dst, reference::ite(cmp, a, b, t, e))
                }
            };
            match dst {
                Dst::Reg(reg) => regs[reg as usize] = result,
                Dst::Out => value = result,
            }
        }
        match self.result {
            None => value,
            Some(src) => get(regs, src),
        }
    }

    fn run_block(&self, regs: &mut [Vec<i64>], columns: &[&[i64]], start: usize, out: &mut [i64]) {
        let len = out.len();
        let end = start + len;
        for instr in &self.instrs {
            let dst = match *instr {
                Instr::Unary { dst, .. } | Instr::Binary { dst, .. } | Instr::Ite { dst, .. } => {
                    dst
                }
            };
            let mut taken = match dst {
                Dst::Reg(reg) => mem::take(&mut regs[reg as usize]),
                Dst::Out => Vec::new(),
            };
            let target: &mut [i64] = match dst {
                Dst::Reg(_) => &mut taken[..len],
                Dst::Out => &mut *out,
            };
            let col = |src: Src| match src {
                Src::Input(var) => Col::Slice(&columns[usize::from(var)][start..end]),
                Src::Reg(reg) => Col::Slice(&regs[reg as usize][..len]),
                Src::Const(value) => Col::Const(value),
            };
            match *instr {
                Instr::Unary { op, a, .. } => unary_kernel(op, target, col(a)),
                Instr::Binary { op, a, b, .. } => binary_kernel(op, target, col(a), col(b)),
                Instr::Ite { cmp, args, .. } => {
                    let [a, b, t, e] = args.map(col);
                    ite_kernel(cmp, target, a, b, t, e);
                }
            }
            if let Dst::Reg(reg) = dst {
                regs[reg as usize] = taken;
            }
        }
        match self.result {
            None => {}
            Some(Src::Input(var)) => out.copy_from_slice(&columns[usize::from(var)][start..end]),
            Some(Src::Reg(reg)) => out.copy_from_slice(&regs[reg as usize][..len]),
            Some(Src::Const(value)) => out.fill(value),
        }
    }
}

impl fmt::Debug for Compiled {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let Compiled {
            instrs,
            result,
            num_regs,
            min_vars,
            size,
        } = self;
        f.debug_struct("Compiled")
            .field("instrs", instrs)
            .field("result", result)
            .field("num_regs", num_regs)
            .field("min_vars", min_vars)
            .field("size", size)
            .finish()
    }
}

/// A column operand: a slice of one block, or a constant.
#[derive(Clone, Copy)]
enum Col<'a> {
    Slice(&'a [i64]),
    Const(i64),
}

#[inline(always)]
fn map1(dst: &mut [i64], a: Col<'_>, f: impl Fn(i64) -> i64) {
    match a {
        Col::Slice(a) => {
            let a = &a[..dst.len()];
            for (d, &x) in dst.iter_mut().zip(a) {
                *d = f(x);
            }
        }
        Col::Const(x) => dst.fill(f(x)),
    }
}

#[inline(always)]
fn map2(dst: &mut [i64], a: Col<'_>, b: Col<'_>, f: impl Fn(i64, i64) -> i64) {
    let n = dst.len();
    match (a, b) {
        (Col::Slice(a), Col::Slice(b)) => {
            let (a, b) = (&a[..n], &b[..n]);
            for i in 0..n {
                dst[i] = f(a[i], b[i]);
            }
        }
        (Col::Slice(a), Col::Const(y)) => map1(dst, Col::Slice(a), |x| f(x, y)),
        (Col::Const(x), Col::Slice(b)) => map1(dst, Col::Slice(b), |y| f(x, y)),
        (Col::Const(x), Col::Const(y)) => dst.fill(f(x, y)),
    }
}

/// Division by a constant known to the compiler: LLVM emits a multiply.
macro_rules! by_small_constant {
    ($dst:expr, $a:expr, $c:expr, $method:ident, [$($k:literal),*]) => {
        match $c {
            $($k => map1($dst, $a, |x| x.$method($k)),)*
            c => map1($dst, $a, |x| x.$method(c)),
        }
    };
}

fn unary_kernel(op: Unary, dst: &mut [i64], a: Col<'_>) {
    match op {
        Unary::Neg => map1(dst, a, reference::neg),
        Unary::Abs => map1(dst, a, reference::abs),
        Unary::DivPow2(k) => map1(dst, a, |x| x >> k),
        Unary::ModMask(mask) => map1(dst, a, |x| x & mask),
        Unary::DivConst(c) => by_small_constant!(dst, a, c, div_euclid, [3, 5, 6, 7, 9, 10, 12]),
        Unary::ModConst(c) => by_small_constant!(dst, a, c, rem_euclid, [3, 5, 6, 7, 9, 10, 12]),
    }
}

fn binary_kernel(op: Binary, dst: &mut [i64], a: Col<'_>, b: Col<'_>) {
    match op {
        Binary::Add => map2(dst, a, b, reference::add),
        Binary::Sub => map2(dst, a, b, reference::sub),
        Binary::Mul => map2(dst, a, b, reference::mul),
        Binary::Div => map2(dst, a, b, reference::div),
        Binary::Mod => map2(dst, a, b, reference::modulo),
        Binary::Min => map2(dst, a, b, i64::min),
        Binary::Max => map2(dst, a, b, i64::max),
    }
}

#[inline(always)]
fn get(col: Col<'_>, i: usize) -> i64 {
    match col {
        Col::Slice(s) => s[i],
        Col::Const(c) => c,
    }
}

fn ite_kernel(cmp: Cmp, dst: &mut [i64], a: Col<'_>, b: Col<'_>, t: Col<'_>, e: Col<'_>) {
    let n = dst.len();
    if let (Col::Slice(a), Col::Slice(b), Col::Slice(t), Col::Slice(e)) = (a, b, t, e) {
        let (a, b, t, e) = (&a[..n], &b[..n], &t[..n], &e[..n]);
        match cmp {
            Cmp::Lt => (0..n).for_each(|i| dst[i] = if a[i] < b[i] { t[i] } else { e[i] }),
            Cmp::Le => (0..n).for_each(|i| dst[i] = if a[i] <= b[i] { t[i] } else { e[i] }),
            Cmp::Eq => (0..n).for_each(|i| dst[i] = if a[i] == b[i] { t[i] } else { e[i] }),
        }
        return;
    }
    for (i, d) in dst.iter_mut().enumerate() {
        *d = reference::ite(cmp, get(a, i), get(b, i), get(t, i), get(e, i));
    }
}

/// The fused step of the enumerator: `out[i] = op(args[0][i], …)` over
/// columns the caller already holds, with the same kernels as
/// [`Compiled`].
///
/// # Panics
///
/// When `args.len() != op.arity()` or an argument is shorter than `out`.
///
/// ```
/// use arithsynth::{eval, Op};
/// let (x, y) = ([7, -7, 5], [2, 2, 0]);
/// let mut out = [0; 3];
/// eval::apply(Op::Mod, &[&x, &y], &mut out);
/// assert_eq!(out, [1, 1, 5]);
/// ```
pub fn apply(op: Op, args: &[&[i64]], out: &mut [i64]) {
    assert_eq!(
        args.len(),
        op.arity(),
        "`{op}` takes {} arguments",
        op.arity()
    );
    let col = |i: usize| Col::Slice(args[i]);
    match op {
        Op::Add => binary_kernel(Binary::Add, out, col(0), col(1)),
        Op::Sub => binary_kernel(Binary::Sub, out, col(0), col(1)),
        Op::Mul => binary_kernel(Binary::Mul, out, col(0), col(1)),
        Op::Div => binary_kernel(Binary::Div, out, col(0), col(1)),
        Op::Mod => binary_kernel(Binary::Mod, out, col(0), col(1)),
        Op::Min => binary_kernel(Binary::Min, out, col(0), col(1)),
        Op::Max => binary_kernel(Binary::Max, out, col(0), col(1)),
        Op::Neg => unary_kernel(Unary::Neg, out, col(0)),
        Op::Abs => unary_kernel(Unary::Abs, out, col(0)),
        Op::Ite(cmp) => ite_kernel(cmp, out, col(0), col(1), col(2), col(3)),
    }
}

/// The enumerator's row step: one left column against many right columns.
///
/// `left` holds one column of `n` values; `rights` holds `m` columns of `n`
/// values back to back, and so does `out`: `out[j n + i] = op(left[i],
/// rights[j n + i])`. A bank that stores the columns of one size class
/// contiguously evaluates a whole row of candidates `op(a, b)` in one call.
///
/// # Panics
///
/// When `op` is not binary, `left` is empty while `rights` is not, or
/// `rights.len()` and `out.len()` differ or are not multiples of
/// `left.len()`.
///
/// ```
/// use arithsynth::{eval, Op};
/// let left = [10, 20];
/// let rights = [1, 2, 3, 4, 5, 6]; // three columns of two
/// let mut out = [0; 6];
/// eval::apply_broadcast(Op::Sub, &left, &rights, &mut out);
/// assert_eq!(out, [9, 18, 7, 16, 5, 14]);
/// ```
pub fn apply_broadcast(op: Op, left: &[i64], rights: &[i64], out: &mut [i64]) {
    broadcast(op, left, rights, out);
}

/// [`apply_broadcast`] over columns stored as 32-bit values (the
/// enumerator's narrow columns), widened as they are read.
///
/// # Panics
///
/// As [`apply_broadcast`].
pub(crate) fn apply_broadcast_narrow(op: Op, left: &[i64], rights: &[i32], out: &mut [i64]) {
    broadcast(op, left, rights, out);
}

fn broadcast<R: Copy + Into<i64>>(op: Op, left: &[i64], rights: &[R], out: &mut [i64]) {
    assert_eq!(op.arity(), 2, "`{op}` is not binary");
    assert_eq!(rights.len(), out.len(), "rights and out differ in length");
    let n = left.len();
    if out.is_empty() {
        return;
    }
    assert!(
        n > 0 && out.len() % n == 0,
        "columns of {n} values do not tile {}",
        out.len()
    );
    #[inline(always)]
    fn rows<R: Copy + Into<i64>>(
        left: &[i64],
        rights: &[R],
        out: &mut [i64],
        f: impl Fn(i64, i64) -> i64,
    ) {
        let n = left.len();
        for (dst, right) in out.chunks_exact_mut(n).zip(rights.chunks_exact(n)) {
            for i in 0..n {
                dst[i] = f(left[i], right[i].into());
            }
        }
    }
    match op {
        Op::Add => rows(left, rights, out, reference::add),
        Op::Sub => rows(left, rights, out, reference::sub),
        Op::Mul => rows(left, rights, out, reference::mul),
        Op::Div => rows(left, rights, out, reference::div),
        Op::Mod => rows(left, rights, out, reference::modulo),
        Op::Min => rows(left, rights, out, i64::min),
        _ => rows(left, rights, out, i64::max),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dsl::Vars;

    fn compile(text: &str) -> Compiled {
        Compiled::new(&Program::parse(text, &Vars::new(["x", "y"]).unwrap()).unwrap())
    }

    #[test]
    fn literal_subtrees_fold() {
        let compiled = compile("(+ x (* (- 3 1) (div 7 0)))");
        assert_eq!(compiled.len(), 1);
        let compiled = compile("(* (+ 2 3) 4)");
        assert!(compiled.is_empty());
        assert_eq!(compiled.eval_row(&mut Cache::new(), &[]), 20);
    }

    #[test]
    fn division_by_constants_specializes() {
        assert!(compile("(div x 0)").is_empty());
        assert!(compile("(mod x 0)").is_empty());
        assert!(compile("(div x 1)").is_empty());
        assert_eq!(
            compile("(div x 8)").instrs[0],
            Instr::Unary {
                op: Unary::DivPow2(3),
                dst: Dst::Out,
                a: Src::Input(0)
            }
        );
        assert_eq!(compile("(div x -3)").len(), 2);
        let values = [
            i64::MIN,
            i64::MIN + 1,
            -9,
            -8,
            -7,
            -1,
            0,
            1,
            7,
            8,
            9,
            i64::MAX,
        ];
        for c in [
            -12,
            -8,
            -3,
            -2,
            -1,
            0,
            1,
            2,
            3,
            7,
            8,
            11,
            12,
            1 << 40,
            i64::MAX,
            i64::MIN,
        ] {
            for op in ["div", "mod"] {
                let compiled = compile(&format!("({op} x {c})"));
                for x in values {
                    let want = if op == "div" {
                        reference::div(x, c)
                    } else {
                        reference::modulo(x, c)
                    };
                    assert_eq!(
                        compiled.eval_row(&mut Cache::new(), &[x]),
                        want,
                        "({op} {x} {c})"
                    );
                    let inputs = Inputs::from_rows(1, vec![[x]; 9]).unwrap();
                    assert_eq!(
                        compiled.eval_to_vec(&mut Cache::new(), &inputs),
                        vec![want; 9]
                    );
                }
            }
        }
    }

    #[test]
    fn leaf_and_constant_results_fill_the_output() {
        let inputs = Inputs::from_rows(2, (0..600).map(|i| [i, -i])).unwrap();
        let mut cache = Cache::new();
        assert_eq!(
            compile("y").eval_to_vec(&mut cache, &inputs),
            inputs.column(1)
        );
        assert_eq!(
            compile("(+ 1 1)").eval_to_vec(&mut cache, &inputs),
            vec![2; 600]
        );
    }

    #[test]
    fn registers_are_reused() {
        // a left-leaning chain needs three registers however long it is
        // (a destination is never one of its sources)
        let compiled = compile("(+ (* (- (+ x 1) y) x) (* y y))");
        assert_eq!(compiled.num_regs, 3);
        let compiled = compile("(+ (* (- (+ (* (- x 3) y) 1) y) x) (* y y))");
        assert_eq!(compiled.num_regs, 3);
    }

    #[test]
    #[should_panic(expected = "`out` has 2 slots for 3 input rows")]
    fn eval_panics_on_a_short_out_as_documented() {
        let compiled = compile("(+ x y)");
        let inputs = Inputs::from_rows(2, [[1, 2], [3, 4], [5, 6]]).unwrap();
        compiled.eval(&mut compiled.create_cache(), &inputs, &mut [0; 2]);
    }

    #[test]
    #[should_panic(expected = "`out` has 4 slots for 3 input rows")]
    fn eval_panics_on_a_long_out_as_documented() {
        let compiled = compile("(+ x y)");
        let inputs = Inputs::from_rows(2, [[1, 2], [3, 4], [5, 6]]).unwrap();
        compiled.eval(&mut compiled.create_cache(), &inputs, &mut [0; 4]);
    }
}
