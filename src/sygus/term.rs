//! SyGuS terms as programs: `let` and `define-fun` expanded, n-ary `+ - *`
//! folded, Boolean conditions (`and`, `or`, `not`, `=>`, `xor`, `distinct`,
//! `>`, `>=`, Boolean `ite`) compiled into nested `ite`s, all under a node
//! budget.
//!
//! The compiler writes postfix nodes straight into buffers and charges the
//! budget one unit for every node it writes (a copied `let` value costs its
//! length, charged before the copy) and for every term it visits, so an
//! exponential expansion is refused after at most [`NODE_BUDGET`] units of
//! work. Nesting (expansions included) is bounded by [`MAX_TERM_DEPTH`].

mod boolean;
mod cond;
mod int;
mod scope;

use crate::dsl::{Node, Op, Program, Vars};

use super::error::{Position, SygusError, SygusErrorKind};
use super::sexp::Sexp;
use scope::Scope;

/// The most work a term may take to read: nodes written (after `let` and
/// `define-fun` expansion and Boolean compilation) plus terms visited.
pub const NODE_BUDGET: u64 = 1 << 20;

/// Deepest term nesting, `let` and `define-fun` expansion included.
pub const MAX_TERM_DEPTH: usize = 200;

/// The sort of a term of the fragment.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Sort {
    Int,
    Bool,
}

impl Sort {
    /// The sort a sort expression names, or an error outside the fragment.
    pub(crate) fn read(sexp: &Sexp) -> Result<Sort, SygusError> {
        match sexp.atom() {
            Some("Int") => Ok(Sort::Int),
            Some("Bool") => Ok(Sort::Bool),
            _ => Err(sexp.position().outside(format!(
                "sort `{}` is outside the integer fragment (only Int and Bool)",
                sexp.show()
            ))),
        }
    }
}

/// A `define-fun` of the problem: a macro expanded where it is used.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Definition {
    pub(crate) name: String,
    pub(crate) params: Vec<(String, Sort)>,
    pub(crate) sort: Sort,
    pub(crate) body: Sexp,
}

/// What a term may refer to besides its `let`s.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Context<'a> {
    /// The term's integer variables (a solution's parameters; none in a
    /// constraint's ground terms).
    pub(crate) vars: &'a Vars,
    /// The problem's `define-fun`s.
    pub(crate) definitions: &'a [Definition],
    /// `declare-var` names: universally quantified, outside the fragment.
    pub(crate) declared: &'a [String],
    /// The function being synthesized: applying it inside a term is
    /// outside the fragment.
    pub(crate) function: &'a str,
}

/// The helpers this crate writes, read as the language's operators.
pub(crate) fn helper_op(name: &str) -> Option<Op> {
    match name {
        "div0" => Some(Op::Div),
        "mod0" => Some(Op::Mod),
        "min2" => Some(Op::Min),
        "max2" => Some(Op::Max),
        _ => None,
    }
}

/// Symbols of Boolean sort (connectives and comparisons).
pub(crate) fn is_boolean_head(head: &str) -> bool {
    matches!(
        head,
        "and" | "or" | "not" | "=>" | "xor" | "<" | "<=" | ">" | ">=" | "=" | "distinct"
    )
}

/// A numeral: `5`, or `-5` as SyGuS-IF v1 writes negatives. `None` when
/// `text` is not a numeral; `Some(Err)` when it does not fit in 64 bits.
pub(crate) fn numeral(text: &str) -> Option<Result<i64, ()>> {
    let digits = text.strip_prefix('-').unwrap_or(text);
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    Some(text.parse::<i64>().map_err(|_| ()))
}

/// An integer constant: `5`, `-5`, `(- 5)`; `None` when `sexp` is none.
pub(crate) fn constant(sexp: &Sexp) -> Option<Result<i64, SygusError>> {
    let too_big = || {
        sexp.position().malformed(format!(
            "`{}` is not an integer that fits in 64 bits",
            sexp.show()
        ))
    };
    match sexp {
        Sexp::Atom(text, _) => numeral(text).map(|value| value.map_err(|()| too_big())),
        Sexp::List(items, _) => match items.as_slice() {
            [minus, Sexp::Atom(digits, _)] if minus.atom() == Some("-") => {
                if digits.starts_with('-') || numeral(digits).is_none() {
                    return None;
                }
                Some(
                    digits
                        .parse::<i128>()
                        .ok()
                        .and_then(|value| i64::try_from(-value).ok())
                        .ok_or_else(too_big),
                )
            }
            _ => None,
        },
    }
}

/// `what` has sort `found` where the other sort is expected.
#[cold]
#[inline(never)]
fn sort_error(what: &str, found: Sort, position: Position) -> SygusError {
    let expected = match found {
        Sort::Int => Sort::Bool,
        Sort::Bool => Sort::Int,
    };
    position.malformed(format!(
        "`{what}` is {found:?} where {expected:?} is expected"
    ))
}

/// Compiles terms of one context under one budget.
pub(crate) struct Compiler<'a> {
    context: Context<'a>,
    spent: u64,
}

impl<'a> Compiler<'a> {
    pub(crate) fn new(context: Context<'a>) -> Compiler<'a> {
        Compiler { context, spent: 0 }
    }

    /// `sexp`, an Int term, as a program over the context's variables.
    pub(crate) fn program(&mut self, sexp: &Sexp) -> Result<Program, SygusError> {
        let mut out = Vec::new();
        self.int(sexp, &Scope::EMPTY, 0, &mut out)?;
        Program::from_postfix(out).map_err(|e| {
            sexp.position()
                .malformed(format!("`{}` is not a program: {e}", sexp.show()))
        })
    }

    fn charge(&mut self, amount: usize, at: Position) -> Result<(), SygusError> {
        let amount = u64::try_from(amount).unwrap_or(u64::MAX);
        self.spent = self.spent.saturating_add(amount);
        if self.spent > NODE_BUDGET {
            return Err(at.error(
                SygusErrorKind::TooLarge,
                format!("the term expands to more than {NODE_BUDGET} nodes"),
            ));
        }
        Ok(())
    }

    fn push(&mut self, out: &mut Vec<Node>, node: Node, at: Position) -> Result<(), SygusError> {
        self.charge(1, at)?;
        out.push(node);
        Ok(())
    }

    fn extend(
        &mut self,
        out: &mut Vec<Node>,
        nodes: &[Node],
        at: Position,
    ) -> Result<(), SygusError> {
        self.charge(nodes.len(), at)?;
        out.extend_from_slice(nodes);
        Ok(())
    }

    /// Counts a visit and checks the nesting.
    fn enter(&mut self, sexp: &Sexp, depth: usize) -> Result<(), SygusError> {
        if depth > MAX_TERM_DEPTH {
            return Err(sexp.position().error(
                SygusErrorKind::TooLarge,
                format!("term nested (with expansions) deeper than {MAX_TERM_DEPTH}"),
            ));
        }
        self.charge(1, sexp.position())
    }
}
