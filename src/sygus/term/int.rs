//! Int terms compiled into postfix nodes: atoms, `let`, `ite`, the
//! operators (n-ary `+ - *` folded), the helpers, and `define-fun` calls.

use crate::dsl::{Node, Op};
use crate::sygus::error::{Position, SygusError};
use crate::sygus::sexp::Sexp;

use super::scope::{Scope, Value};
use super::{constant, helper_op, is_boolean_head, numeral, sort_error, Compiler, Sort};

impl Compiler<'_> {
    /// Compiles an Int term, writing its postfix nodes to `out`. (The
    /// recursion goes through small functions, so that a nesting of
    /// [`MAX_TERM_DEPTH`](super::MAX_TERM_DEPTH) fits a thread's stack in unoptimized builds too.)
    pub(super) fn int(
        &mut self,
        sexp: &Sexp,
        scope: &Scope<'_>,
        depth: usize,
        out: &mut Vec<Node>,
    ) -> Result<(), SygusError> {
        self.enter(sexp, depth)?;
        match sexp {
            Sexp::Atom(name, position) => self.int_atom(name, *position, scope, depth, out),
            Sexp::List(items, position) => {
                if let Some(value) = constant(sexp) {
                    return self.push(out, Node::Lit(value?), *position);
                }
                match sexp.head() {
                    "let" => self.int_let(items, *position, scope, depth, out),
                    "ite" => self.int_ite(items, *position, scope, depth, out),
                    _ => self.int_apply(sexp, scope, depth, out),
                }
            }
        }
    }

    #[inline(never)]
    fn int_atom(
        &mut self,
        name: &str,
        position: Position,
        scope: &Scope<'_>,
        depth: usize,
        out: &mut Vec<Node>,
    ) -> Result<(), SygusError> {
        if let Some(value) = numeral(name) {
            let value = value.map_err(|()| {
                position.malformed(format!("`{name}` is not an integer that fits in 64 bits"))
            })?;
            return self.push(out, Node::Lit(value), position);
        }
        if let Some(value) = scope.lookup(name) {
            return match value {
                Value::Int(nodes) => self.extend(out, nodes, position),
                Value::Bool(_) => Err(sort_error(name, Sort::Bool, position)),
            };
        }
        if let Some(index) = self.context.vars.index(name) {
            let index = u8::try_from(index).expect("at most MAX_VARS variables");
            return self.push(out, Node::Var(index), position);
        }
        if let Some(definition) = self.definition(name) {
            if definition.params.is_empty() && definition.sort == Sort::Int {
                return self.int(&definition.body, &Scope::EMPTY, depth + 1, out);
            }
        }
        if name == "true" || name == "false" {
            return Err(sort_error(name, Sort::Bool, position));
        }
        Err(self.unknown_symbol(name, position))
    }

    #[inline(never)]
    fn int_let(
        &mut self,
        items: &[Sexp],
        position: Position,
        scope: &Scope<'_>,
        depth: usize,
        out: &mut Vec<Node>,
    ) -> Result<(), SygusError> {
        let [_, Sexp::List(bindings, _), body] = items else {
            return Err(position.malformed("let: expected ((name term)…) body"));
        };
        let inner = self.bind(bindings, scope, depth)?;
        self.int(body, &inner, depth + 1, out)
    }

    #[inline(never)]
    fn int_ite(
        &mut self,
        items: &[Sexp],
        position: Position,
        scope: &Scope<'_>,
        depth: usize,
        out: &mut Vec<Node>,
    ) -> Result<(), SygusError> {
        let [_, cond, then, other] = items else {
            return Err(position.malformed("ite takes three arguments"));
        };
        if let Some((cmp, a, b, swap)) = self.comparison(cond, scope) {
            // the common case, written straight to `out`
            self.int(a, scope, depth + 1, out)?;
            self.int(b, scope, depth + 1, out)?;
            let (first, second) = if swap { (other, then) } else { (then, other) };
            self.int(first, scope, depth + 1, out)?;
            self.int(second, scope, depth + 1, out)?;
            return self.push(out, Node::Op(Op::Ite(cmp)), position);
        }
        let cond = self.boolean(cond, scope, depth + 1)?;
        let mut then_nodes = Vec::new();
        self.int(then, scope, depth + 1, &mut then_nodes)?;
        let mut other_nodes = Vec::new();
        self.int(other, scope, depth + 1, &mut other_nodes)?;
        self.compile(&cond, &then_nodes, &other_nodes, position, out)
    }

    /// An operator, a helper or a `define-fun` applied.
    #[inline(never)]
    fn int_apply(
        &mut self,
        sexp: &Sexp,
        scope: &Scope<'_>,
        depth: usize,
        out: &mut Vec<Node>,
    ) -> Result<(), SygusError> {
        let position = sexp.position();
        let Some((head_sexp, args)) = sexp.list().and_then(<[Sexp]>::split_first) else {
            return Err(position.malformed("empty term `()`"));
        };
        let Some(head) = head_sexp.atom() else {
            return Err(position.outside(format!(
                "`{}`: a term as an operator is outside the fragment",
                sexp.show()
            )));
        };
        let op = match head {
            "+" => Op::Add,
            "*" => Op::Mul,
            "-" => Op::Sub,
            "div" => Op::Div,
            "mod" => Op::Mod,
            "abs" => Op::Abs,
            _ => match helper_op(head) {
                Some(op) => op,
                None => return self.int_call(sexp, head, args, scope, depth, out),
            },
        };
        match args {
            [] => Err(position.malformed(format!("`{head}` without arguments"))),
            [only] if op == Op::Sub || op == Op::Abs => {
                self.int(only, scope, depth + 1, out)?;
                let op = if op == Op::Sub { Op::Neg } else { Op::Abs };
                self.push(out, Node::Op(op), position)
            }
            [_] => Err(position.malformed(format!("`{head}` takes two arguments"))),
            [first, rest @ ..] => {
                if op == Op::Abs || (helper_op(head).is_some() && rest.len() > 1) {
                    return Err(position.malformed(format!(
                        "`{head}` takes {} argument(s), got {}",
                        if op == Op::Abs { 1 } else { 2 },
                        args.len()
                    )));
                }
                // n-ary, left-associative as in SMT-LIB
                self.int(first, scope, depth + 1, out)?;
                for arg in rest {
                    self.int(arg, scope, depth + 1, out)?;
                    self.push(out, Node::Op(op), position)?;
                }
                Ok(())
            }
        }
    }

    /// A `define-fun` applied, or an error naming what `head` is.
    #[inline(never)]
    fn int_call(
        &mut self,
        sexp: &Sexp,
        head: &str,
        args: &[Sexp],
        scope: &Scope<'_>,
        depth: usize,
        out: &mut Vec<Node>,
    ) -> Result<(), SygusError> {
        let position = sexp.position();
        if let Some(definition) = self.definition(head) {
            if definition.sort != Sort::Int {
                return Err(sort_error(head, Sort::Bool, position));
            }
            let inner = self.call(definition, sexp, args, scope, depth)?;
            return self.int(&definition.body, &inner, depth + 1, out);
        }
        if is_boolean_head(head) {
            return Err(sort_error(&sexp.show(), Sort::Bool, position));
        }
        if head == self.context.function {
            return Err(position.outside(format!(
                "`{}` applies the function being synthesized inside a term: \
                 not a ground example, outside the PBE fragment",
                sexp.show()
            )));
        }
        Err(position.outside(format!(
            "`{head}` is not an operator of the integer fragment (in `{}`)",
            sexp.show()
        )))
    }
}
