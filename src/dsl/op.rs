//! Operators of the language and sets of them.

use std::fmt;

/// A comparison, allowed only as the first argument of [`Op::Ite`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Cmp {
    /// `(< a b)`
    Lt,
    /// `(<= a b)`
    Le,
    /// `(= a b)`
    Eq,
}

impl Cmp {
    /// Every comparison, in a fixed order.
    pub const ALL: [Cmp; 3] = [Cmp::Lt, Cmp::Le, Cmp::Eq];

    /// The S-expression symbol: `<`, `<=` or `=`.
    #[must_use]
    pub const fn symbol(self) -> &'static str {
        match self {
            Cmp::Lt => "<",
            Cmp::Le => "<=",
            Cmp::Eq => "=",
        }
    }

    /// The comparison named by `symbol`, if any.
    #[must_use]
    pub fn from_symbol(symbol: &str) -> Option<Cmp> {
        Cmp::ALL.into_iter().find(|cmp| cmp.symbol() == symbol)
    }

    /// Whether `a cmp b` holds (on `i64` in the interpreters, on wider
    /// integers in [`eval::smt`](crate::eval::smt)).
    #[inline(always)]
    #[must_use]
    pub fn holds<T: Ord>(self, a: T, b: T) -> bool {
        match self {
            Cmp::Lt => a < b,
            Cmp::Le => a <= b,
            Cmp::Eq => a == b,
        }
    }
}

/// An operator: an inner node of a [`Program`](crate::Program).
///
/// Semantics are those of DESIGN.md: `+ - * neg abs` wrap, `div` and `mod`
/// are Euclidean with `(div a 0) = 0` and `(mod a 0) = a`. The reference
/// interpreter ([`crate::eval::reference`]) defines them.
///
/// ```
/// use arithsynth::{Cmp, Op};
/// assert_eq!(Op::Add.arity(), 2);
/// assert_eq!(Op::Ite(Cmp::Le).arity(), 4);
/// assert_eq!(Op::from_symbol("div"), Some(Op::Div));
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Op {
    /// `(+ a b)`, wrapping.
    Add,
    /// `(- a b)`, wrapping.
    Sub,
    /// `(* a b)`, wrapping.
    Mul,
    /// `(div a b)`, Euclidean; `0` when `b = 0`.
    Div,
    /// `(mod a b)`, Euclidean; `a` when `b = 0`.
    Mod,
    /// `(neg a)`, wrapping.
    Neg,
    /// `(abs a)`, wrapping (`abs(i64::MIN) = i64::MIN`).
    Abs,
    /// `(min a b)`.
    Min,
    /// `(max a b)`.
    Max,
    /// `(ite (cmp a b) t e)`: four children `a b t e` in the node array.
    Ite(Cmp),
}

impl Op {
    /// Every operator, in a fixed order (the order of [`Op::index`]).
    pub const ALL: [Op; 12] = [
        Op::Add,
        Op::Sub,
        Op::Mul,
        Op::Div,
        Op::Mod,
        Op::Neg,
        Op::Abs,
        Op::Min,
        Op::Max,
        Op::Ite(Cmp::Lt),
        Op::Ite(Cmp::Le),
        Op::Ite(Cmp::Eq),
    ];

    /// The operators of the default grammar: `+ - * div mod`.
    pub const DEFAULT: [Op; 5] = [Op::Add, Op::Sub, Op::Mul, Op::Div, Op::Mod];

    /// Number of children in the node array (an `ite` counts the two operands
    /// of its comparison, so it has four).
    #[must_use]
    pub const fn arity(self) -> usize {
        match self {
            Op::Neg | Op::Abs => 1,
            Op::Ite(_) => 4,
            _ => 2,
        }
    }

    /// A dense index in `0..Op::ALL.len()`.
    #[must_use]
    pub const fn index(self) -> usize {
        match self {
            Op::Add => 0,
            Op::Sub => 1,
            Op::Mul => 2,
            Op::Div => 3,
            Op::Mod => 4,
            Op::Neg => 5,
            Op::Abs => 6,
            Op::Min => 7,
            Op::Max => 8,
            Op::Ite(Cmp::Lt) => 9,
            Op::Ite(Cmp::Le) => 10,
            Op::Ite(Cmp::Eq) => 11,
        }
    }

    /// The S-expression head symbol (`ite` for every comparison).
    #[must_use]
    pub const fn symbol(self) -> &'static str {
        match self {
            Op::Add => "+",
            Op::Sub => "-",
            Op::Mul => "*",
            Op::Div => "div",
            Op::Mod => "mod",
            Op::Neg => "neg",
            Op::Abs => "abs",
            Op::Min => "min",
            Op::Max => "max",
            Op::Ite(_) => "ite",
        }
    }

    /// The operator whose head symbol is `symbol`; `ite` gives `Ite(Lt)`, whose
    /// comparison the parser then replaces.
    #[must_use]
    pub fn from_symbol(symbol: &str) -> Option<Op> {
        if symbol == "ite" {
            return Some(Op::Ite(Cmp::Lt));
        }
        Op::ALL[..9]
            .iter()
            .copied()
            .find(|op| op.symbol() == symbol)
    }

    /// Whether `op(a, b) = op(b, a)` for every `a`, `b`.
    #[must_use]
    pub const fn is_commutative(self) -> bool {
        matches!(self, Op::Add | Op::Mul | Op::Min | Op::Max)
    }
}

impl fmt::Display for Op {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Op::Ite(cmp) => write!(f, "ite{}", cmp.symbol()),
            op => f.write_str(op.symbol()),
        }
    }
}

/// A set of operators, stored as a bit set.
///
/// ```
/// use arithsynth::{Op, OpSet};
/// let set = OpSet::from_names(["+", "ite", "<"])?;
/// assert!(set.contains(Op::Add));
/// assert_eq!(set.len(), 2);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Copy, Default, PartialEq, Eq, Hash)]
pub struct OpSet(u16);

impl OpSet {
    /// The empty set.
    #[must_use]
    pub const fn empty() -> OpSet {
        OpSet(0)
    }

    /// Every operator.
    #[must_use]
    pub fn all() -> OpSet {
        Op::ALL.into_iter().collect()
    }

    /// Whether `op` is in the set.
    #[must_use]
    pub const fn contains(self, op: Op) -> bool {
        self.0 & (1 << op.index()) != 0
    }

    /// Adds `op`.
    pub fn insert(&mut self, op: Op) {
        self.0 |= 1 << op.index();
    }

    /// Number of operators in the set.
    #[must_use]
    pub const fn len(self) -> usize {
        self.0.count_ones() as usize
    }

    /// Whether the set is empty.
    #[must_use]
    pub const fn is_empty(self) -> bool {
        self.0 == 0
    }

    /// The operators, in [`Op::ALL`] order.
    pub fn iter(self) -> impl Iterator<Item = Op> {
        Op::ALL.into_iter().filter(move |op| self.contains(*op))
    }

    /// Builds a set from names as they appear in task files and SyGuS
    /// grammars: `+ - * div mod neg abs min max ite`, and the comparisons
    /// `< <= =`. `ite` alone allows all three comparisons; naming some of them
    /// beside `ite` restricts it to those.
    ///
    /// # Errors
    ///
    /// [`UnknownOp`] for a name that is none of the above, or a comparison
    /// named without `ite`.
    pub fn from_names<I, S>(names: I) -> Result<OpSet, UnknownOp>
    where
        I: IntoIterator<Item = S>,
        S: AsRef<str>,
    {
        let mut set = OpSet::empty();
        let mut ite = false;
        let mut cmps = Vec::new();
        for name in names {
            let name = name.as_ref();
            if name == "ite" {
                ite = true;
            } else if let Some(cmp) = Cmp::from_symbol(name) {
                cmps.push(cmp);
            } else if let Some(op) = Op::from_symbol(name) {
                set.insert(op);
            } else {
                return Err(UnknownOp {
                    name: name.to_owned(),
                });
            }
        }
        match (ite, cmps.is_empty()) {
            (true, true) => Cmp::ALL
                .into_iter()
                .for_each(|cmp| set.insert(Op::Ite(cmp))),
            (true, false) => cmps.into_iter().for_each(|cmp| set.insert(Op::Ite(cmp))),
            (false, true) => {}
            (false, false) => {
                return Err(UnknownOp {
                    name: format!("{} (a comparison without ite)", cmps[0].symbol()),
                })
            }
        }
        Ok(set)
    }

    /// Names of the operators, as [`OpSet::from_names`] reads them back.
    #[must_use]
    pub fn names(self) -> Vec<&'static str> {
        let mut names: Vec<&'static str> = self
            .iter()
            .filter(|op| !matches!(op, Op::Ite(_)))
            .map(Op::symbol)
            .collect();
        let cmps: Vec<Cmp> = Cmp::ALL
            .into_iter()
            .filter(|cmp| self.contains(Op::Ite(*cmp)))
            .collect();
        if !cmps.is_empty() {
            names.push("ite");
            if cmps.len() < Cmp::ALL.len() {
                names.extend(cmps.iter().map(|cmp| cmp.symbol()));
            }
        }
        names
    }
}

impl FromIterator<Op> for OpSet {
    fn from_iter<T: IntoIterator<Item = Op>>(iter: T) -> Self {
        let mut set = OpSet::empty();
        iter.into_iter().for_each(|op| set.insert(op));
        set
    }
}

impl fmt::Debug for OpSet {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_set().entries(self.iter()).finish()
    }
}

/// An operator name that the language does not have.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("unknown operator `{name}`")]
pub struct UnknownOp {
    /// The name as given.
    pub name: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn index_matches_all_order() {
        for (i, op) in Op::ALL.into_iter().enumerate() {
            assert_eq!(op.index(), i);
        }
    }

    #[test]
    fn names_round_trip() {
        for names in [
            vec!["+", "-", "*", "div", "mod"],
            vec!["ite"],
            vec!["min", "ite", "<="],
            vec!["neg", "abs", "max", "ite", "<", "="],
        ] {
            let set = OpSet::from_names(&names).unwrap();
            assert_eq!(OpSet::from_names(set.names()).unwrap(), set);
        }
        assert_eq!(OpSet::from_names(["ite"]).unwrap().len(), 3);
        assert_eq!(OpSet::from_names(["ite", "="]).unwrap().len(), 1);
        assert!(OpSet::from_names(["<"]).is_err());
        assert_eq!(
            OpSet::from_names(["pow"]).unwrap_err().to_string(),
            "unknown operator `pow`"
        );
    }
}
