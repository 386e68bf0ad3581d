//! Boolean conditions ([`Cond`]) and their compilation into nested `ite`s
//! of comparisons.

use crate::dsl::{Cmp, Node, Op};
use crate::sygus::error::{Position, SygusError};

use super::Compiler;

/// A Boolean condition, its comparisons' operands already compiled.
#[derive(Clone, Debug)]
pub(super) enum Cond {
    Const(bool),
    Compare(Cmp, Vec<Node>, Vec<Node>),
    Not(Box<Cond>),
    And(Vec<Cond>),
    Or(Vec<Cond>),
    Ite(Box<Cond>, Box<Cond>, Box<Cond>),
}

impl Cond {
    /// Nodes held (what a copy costs), counted without recursion.
    pub(super) fn size(&self) -> usize {
        let mut total = 0usize;
        let mut pending = vec![self];
        while let Some(cond) = pending.pop() {
            total = total.saturating_add(1);
            match cond {
                Cond::Const(_) => {}
                Cond::Compare(_, a, b) => total = total.saturating_add(a.len() + b.len()),
                Cond::Not(p) => pending.push(p),
                Cond::And(all) | Cond::Or(all) => pending.extend(all),
                Cond::Ite(c, p, q) => pending.extend([&**c, &**p, &**q]),
            }
        }
        total
    }
}

impl Compiler<'_> {
    /// Writes `(ite cond then other)` as nested `ite`s of comparisons.
    pub(super) fn compile(
        &mut self,
        cond: &Cond,
        then: &[Node],
        other: &[Node],
        at: Position,
        out: &mut Vec<Node>,
    ) -> Result<(), SygusError> {
        match cond {
            Cond::Const(true) => self.extend(out, then, at),
            Cond::Const(false) => self.extend(out, other, at),
            Cond::Compare(cmp, a, b) => {
                self.extend(out, a, at)?;
                self.extend(out, b, at)?;
                self.extend(out, then, at)?;
                self.extend(out, other, at)?;
                self.push(out, Node::Op(Op::Ite(*cmp)), at)
            }
            Cond::Not(inner) => self.compile(inner, other, then, at, out),
            Cond::And(all) => {
                // (ite (and p q) t e) = (ite p (ite q t e) e)
                let Some((first, rest)) = all.split_first() else {
                    return self.extend(out, then, at);
                };
                let mut inner = then.to_vec();
                self.charge(inner.len(), at)?;
                for cond in rest.iter().rev() {
                    let mut next = Vec::new();
                    self.compile(cond, &inner, other, at, &mut next)?;
                    inner = next;
                }
                self.compile(first, &inner, other, at, out)
            }
            Cond::Or(all) => {
                // (ite (or p q) t e) = (ite p t (ite q t e))
                let Some((first, rest)) = all.split_first() else {
                    return self.extend(out, other, at);
                };
                let mut inner = other.to_vec();
                self.charge(inner.len(), at)?;
                for cond in rest.iter().rev() {
                    let mut next = Vec::new();
                    self.compile(cond, then, &inner, at, &mut next)?;
                    inner = next;
                }
                self.compile(first, then, &inner, at, out)
            }
            Cond::Ite(c, p, q) => {
                let mut when = Vec::new();
                self.compile(p, then, other, at, &mut when)?;
                let mut otherwise = Vec::new();
                self.compile(q, then, other, at, &mut otherwise)?;
                self.compile(c, &when, &otherwise, at, out)
            }
        }
    }
}
