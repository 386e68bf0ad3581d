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

use crate::dsl::{Cmp, Node, Op, Program, Vars};

use super::error::{Position, SygusError, SygusErrorKind};
use super::sexp::Sexp;

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

/// A Boolean condition, its comparisons' operands already compiled.
#[derive(Clone, Debug)]
enum Cond {
    Const(bool),
    Compare(Cmp, Vec<Node>, Vec<Node>),
    Not(Box<Cond>),
    And(Vec<Cond>),
    Or(Vec<Cond>),
    Ite(Box<Cond>, Box<Cond>, Box<Cond>),
}

impl Cond {
    /// Nodes held (what a copy costs), counted without recursion.
    fn size(&self) -> usize {
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

/// A bound name's value.
#[derive(Clone, Debug)]
enum Value {
    Int(Vec<Node>),
    Bool(Cond),
}

/// `let` and parameter bindings, innermost last; a `define-fun` body sees
/// only its own parameters (no parent).
struct Scope<'s> {
    bindings: Vec<(&'s str, Value)>,
    parent: Option<&'s Scope<'s>>,
}

impl<'s> Scope<'s> {
    const EMPTY: Scope<'static> = Scope {
        bindings: Vec::new(),
        parent: None,
    };

    fn lookup(&self, name: &str) -> Option<&Value> {
        let mut scope = Some(self);
        while let Some(current) = scope {
            if let Some((_, value)) = current.bindings.iter().rev().find(|(n, _)| *n == name) {
                return Some(value);
            }
            scope = current.parent;
        }
        None
    }
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

    /// The sort of `sexp`, decided from its head without compiling it.
    fn sort_of(&self, sexp: &Sexp, scope: &Scope<'_>) -> Sort {
        let mut local: Vec<(&str, &Sexp)> = Vec::new();
        let mut current = sexp;
        for _ in 0..MAX_TERM_DEPTH {
            match current {
                Sexp::Atom(name, _) => {
                    if let Some((_, term)) = local.iter().rev().find(|(n, _)| n == name) {
                        current = term;
                        continue;
                    }
                    if let Some(value) = scope.lookup(name) {
                        return match value {
                            Value::Int(_) => Sort::Int,
                            Value::Bool(_) => Sort::Bool,
                        };
                    }
                    if name == "true" || name == "false" {
                        return Sort::Bool;
                    }
                    return self.definition(name).map_or(Sort::Int, |d| d.sort);
                }
                Sexp::List(items, _) => {
                    let head = current.head();
                    if head == "let" {
                        if let [_, Sexp::List(bindings, _), body] = items.as_slice() {
                            for binding in bindings {
                                if let Some([Sexp::Atom(name, _), .., term]) = binding.list() {
                                    local.push((name, term));
                                }
                            }
                            current = body;
                            continue;
                        }
                        return Sort::Int;
                    }
                    if head == "ite" {
                        match items.get(2) {
                            Some(then) => {
                                current = then;
                                continue;
                            }
                            None => return Sort::Int,
                        }
                    }
                    if is_boolean_head(head) {
                        return Sort::Bool;
                    }
                    return self.definition(head).map_or(Sort::Int, |d| d.sort);
                }
            }
        }
        Sort::Int
    }

    fn definition(&self, name: &str) -> Option<&'a Definition> {
        self.context
            .definitions
            .iter()
            .rev()
            .find(|definition| definition.name == name)
    }

    /// Compiles a term of sort `sort` into a bound value.
    fn value(
        &mut self,
        sexp: &Sexp,
        sort: Sort,
        scope: &Scope<'_>,
        depth: usize,
    ) -> Result<Value, SygusError> {
        Ok(match sort {
            Sort::Int => {
                let mut nodes = Vec::new();
                self.int(sexp, scope, depth, &mut nodes)?;
                Value::Int(nodes)
            }
            Sort::Bool => Value::Bool(self.boolean(sexp, scope, depth)?),
        })
    }

    /// Evaluates `let` bindings (in parallel, in `scope`) into a new scope.
    fn bind<'s>(
        &mut self,
        bindings: &'s [Sexp],
        scope: &'s Scope<'s>,
        depth: usize,
    ) -> Result<Scope<'s>, SygusError> {
        let mut inner = Scope {
            bindings: Vec::with_capacity(bindings.len().min(64)),
            parent: Some(scope),
        };
        for binding in bindings {
            // (name term), or SyGuS-IF v1's (name Sort term)
            let (name, term) = match binding.list() {
                Some([Sexp::Atom(name, _), term]) | Some([Sexp::Atom(name, _), _, term]) => {
                    (name, term)
                }
                _ => {
                    return Err(binding.position().malformed(format!(
                        "let binding `{}`: expected (name term)",
                        binding.show()
                    )))
                }
            };
            let sort = self.sort_of(term, scope);
            let value = self.value(term, sort, scope, depth + 1)?;
            inner.bindings.push((name.as_str(), value));
        }
        Ok(inner)
    }

    /// Binds a `define-fun`'s parameters to its arguments (compiled in
    /// `scope`); the body's scope has no parent.
    fn call<'d>(
        &mut self,
        definition: &'d Definition,
        sexp: &Sexp,
        args: &[Sexp],
        scope: &Scope<'_>,
        depth: usize,
    ) -> Result<Scope<'d>, SygusError> {
        if args.len() != definition.params.len() {
            return Err(sexp.position().malformed(format!(
                "`{}` takes {} arguments, got {}",
                definition.name,
                definition.params.len(),
                args.len()
            )));
        }
        let mut bindings = Vec::with_capacity(args.len());
        for ((name, sort), arg) in definition.params.iter().zip(args) {
            self.expect_sort(arg, *sort, scope)?;
            bindings.push((name.as_str(), self.value(arg, *sort, scope, depth + 1)?));
        }
        Ok(Scope {
            bindings,
            parent: None,
        })
    }

    fn expect_sort(&self, sexp: &Sexp, sort: Sort, scope: &Scope<'_>) -> Result<(), SygusError> {
        let found = self.sort_of(sexp, scope);
        if found == sort {
            return Ok(());
        }
        Err(sexp
            .position()
            .malformed(format!("`{}` is {found:?}, expected {sort:?}", sexp.show())))
    }

    /// The error for a symbol that names nothing in scope.
    fn unknown_symbol(&self, name: &str, position: Position) -> SygusError {
        if self
            .context
            .declared
            .iter()
            .any(|declared| declared == name)
        {
            return position.outside(format!(
                "`{name}` is a universally quantified variable (declare-var): \
                 the constraint is not a ground example, outside the PBE fragment"
            ));
        }
        if name.starts_with("#x") || name.starts_with("#b") || name.contains('.') {
            return position.outside(format!(
                "`{name}` is not an integer constant: outside the integer fragment"
            ));
        }
        position.malformed(format!("unknown symbol `{name}`"))
    }

    /// Compiles an Int term, writing its postfix nodes to `out`. (The
    /// recursion goes through small functions, so that a nesting of
    /// [`MAX_TERM_DEPTH`] fits a thread's stack in unoptimized builds too.)
    fn int(
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

    /// A condition that is one comparison of two Int terms (possibly
    /// negated): its comparison, operands, and whether the branches swap.
    fn comparison<'t>(
        &self,
        cond: &'t Sexp,
        scope: &Scope<'_>,
    ) -> Option<(Cmp, &'t Sexp, &'t Sexp, bool)> {
        let mut swap = false;
        let mut current = cond;
        while current.head() == "not" {
            match current.list() {
                Some([_, inner]) => {
                    swap = !swap;
                    current = inner;
                }
                _ => return None,
            }
        }
        let [_, a, b] = current.list()? else {
            return None;
        };
        if self.sort_of(a, scope) != Sort::Int || self.sort_of(b, scope) != Sort::Int {
            return None;
        }
        let (cmp, a, b, negate) = match current.head() {
            "<" => (Cmp::Lt, a, b, false),
            "<=" => (Cmp::Le, a, b, false),
            "=" => (Cmp::Eq, a, b, false),
            ">" => (Cmp::Lt, b, a, false),
            ">=" => (Cmp::Le, b, a, false),
            "distinct" => (Cmp::Eq, a, b, true),
            _ => return None,
        };
        Some((cmp, a, b, swap != negate))
    }

    /// Compiles a Bool term into a condition.
    fn boolean(
        &mut self,
        sexp: &Sexp,
        scope: &Scope<'_>,
        depth: usize,
    ) -> Result<Cond, SygusError> {
        self.enter(sexp, depth)?;
        let position = sexp.position();
        let items = match sexp {
            Sexp::Atom(name, _) => return self.boolean_atom(name, position, scope, depth),
            Sexp::List(items, _) => items,
        };
        let Some((_, args)) = items.split_first() else {
            return Err(position.malformed("empty term `()`"));
        };
        let head = sexp.head();
        let conds = |compiler: &mut Self| -> Result<Vec<Cond>, SygusError> {
            args.iter()
                .map(|arg| compiler.boolean(arg, scope, depth + 1))
                .collect()
        };
        match head {
            "<" | "<=" | ">" | ">=" | "=" | "distinct" => {
                self.boolean_compare(sexp, args, scope, depth)
            }
            "let" => {
                let [Sexp::List(bindings, _), body] = args else {
                    return Err(position.malformed("let: expected ((name term)…) body"));
                };
                let inner = self.bind(bindings, scope, depth)?;
                self.boolean(body, &inner, depth + 1)
            }
            "and" => Ok(Cond::And(conds(self)?)),
            "or" => Ok(Cond::Or(conds(self)?)),
            "not" => match args {
                [arg] => Ok(Cond::Not(Box::new(self.boolean(arg, scope, depth + 1)?))),
                _ => Err(position.malformed("not takes one argument")),
            },
            "=>" => {
                // right-associative: (=> a b c) is (=> a (=> b c)), i.e.
                // (or (not a) (not b) c)
                let mut all = conds(self)?;
                let Some(last) = all.pop() else {
                    return Err(position.malformed("=> takes at least two arguments"));
                };
                if all.is_empty() {
                    return Err(position.malformed("=> takes at least two arguments"));
                }
                let mut terms: Vec<Cond> =
                    all.into_iter().map(|a| Cond::Not(Box::new(a))).collect();
                terms.push(last);
                Ok(Cond::Or(terms))
            }
            "xor" => {
                let mut all = conds(self)?.into_iter();
                let Some(mut acc) = all.next() else {
                    return Err(position.malformed("xor takes at least two arguments"));
                };
                for next in all {
                    let negated = Cond::Not(Box::new(next.clone()));
                    self.charge(next.size(), position)?;
                    acc = Cond::Ite(Box::new(acc), Box::new(negated), Box::new(next));
                }
                Ok(acc)
            }
            "ite" => {
                let [c, p, q] = args else {
                    return Err(position.malformed("ite takes three arguments"));
                };
                Ok(Cond::Ite(
                    Box::new(self.boolean(c, scope, depth + 1)?),
                    Box::new(self.boolean(p, scope, depth + 1)?),
                    Box::new(self.boolean(q, scope, depth + 1)?),
                ))
            }
            _ => self.boolean_call(sexp, args, scope, depth),
        }
    }

    #[inline(never)]
    fn boolean_atom(
        &mut self,
        name: &str,
        position: Position,
        scope: &Scope<'_>,
        depth: usize,
    ) -> Result<Cond, SygusError> {
        if let Some(value) = scope.lookup(name) {
            return match value {
                Value::Bool(cond) => {
                    self.charge(cond.size(), position)?;
                    Ok(cond.clone())
                }
                Value::Int(_) => {
                    Err(position.malformed(format!("`{name}` is Int where a Bool is expected")))
                }
            };
        }
        match name {
            "true" => return Ok(Cond::Const(true)),
            "false" => return Ok(Cond::Const(false)),
            _ => {}
        }
        if let Some(definition) = self.definition(name) {
            if definition.params.is_empty() && definition.sort == Sort::Bool {
                return self.boolean(&definition.body, &Scope::EMPTY, depth + 1);
            }
        }
        if self.context.vars.index(name).is_some() || numeral(name).is_some() {
            return Err(position.malformed(format!("`{name}` is Int where a Bool is expected")));
        }
        Err(self.unknown_symbol(name, position))
    }

    /// Comparisons of Ints (chained), or Boolean (dis)equality.
    #[inline(never)]
    fn boolean_compare(
        &mut self,
        sexp: &Sexp,
        args: &[Sexp],
        scope: &Scope<'_>,
        depth: usize,
    ) -> Result<Cond, SygusError> {
        let position = sexp.position();
        let head = sexp.head();
        match head {
            "<" | "<=" | ">" | ">=" | "=" | "distinct" => {
                if args.len() < 2 {
                    return Err(
                        position.malformed(format!("`{head}` takes at least two arguments"))
                    );
                }
                let all_int = args.iter().all(|a| self.sort_of(a, scope) == Sort::Int);
                if !all_int {
                    // Boolean equality (iff) and disequality
                    let [a, b] = args else {
                        return Err(position.outside(format!(
                            "`{}`: Boolean `{head}` of more than two arguments",
                            sexp.show()
                        )));
                    };
                    if !matches!(head, "=" | "distinct") {
                        return Err(
                            position.malformed(format!("`{head}` compares Ints, not Bools"))
                        );
                    }
                    let a = self.boolean(a, scope, depth + 1)?;
                    let b = self.boolean(b, scope, depth + 1)?;
                    self.charge(b.size(), position)?;
                    let not_b = Cond::Not(Box::new(b.clone()));
                    let iff = Cond::Ite(Box::new(a), Box::new(b), Box::new(not_b));
                    return Ok(if head == "=" {
                        iff
                    } else {
                        Cond::Not(Box::new(iff))
                    });
                }
                let mut operands = Vec::with_capacity(args.len().min(64));
                for arg in args {
                    let mut nodes = Vec::new();
                    self.int(arg, scope, depth + 1, &mut nodes)?;
                    operands.push(nodes);
                }
                if head == "distinct" {
                    // pairwise different
                    let mut all = Vec::new();
                    for (i, a) in operands.iter().enumerate() {
                        for b in &operands[i + 1..] {
                            self.charge(a.len() + b.len(), position)?;
                            all.push(Cond::Not(Box::new(Cond::Compare(
                                Cmp::Eq,
                                a.clone(),
                                b.clone(),
                            ))));
                        }
                    }
                    return Ok(Cond::And(all));
                }
                // chainable: (< a b c) is (and (< a b) (< b c))
                let mut all = Vec::with_capacity(operands.len() - 1);
                for pair in operands.windows(2) {
                    let [a, b] = pair else { continue };
                    self.charge(a.len() + b.len(), position)?;
                    let (a, b) = (a.clone(), b.clone());
                    all.push(match head {
                        "<" => Cond::Compare(Cmp::Lt, a, b),
                        "<=" => Cond::Compare(Cmp::Le, a, b),
                        "=" => Cond::Compare(Cmp::Eq, a, b),
                        ">" => Cond::Compare(Cmp::Lt, b, a),
                        _ => Cond::Compare(Cmp::Le, b, a),
                    });
                }
                Ok(if all.len() == 1 {
                    all.pop().expect("one comparison")
                } else {
                    Cond::And(all)
                })
            }
            _ => Err(position.malformed(format!("`{head}` is not a comparison"))),
        }
    }

    /// A Bool `define-fun` applied, or an error naming what the head is.
    #[inline(never)]
    fn boolean_call(
        &mut self,
        sexp: &Sexp,
        args: &[Sexp],
        scope: &Scope<'_>,
        depth: usize,
    ) -> Result<Cond, SygusError> {
        let position = sexp.position();
        let head = sexp.head();
        if let Some(definition) = self.definition(head) {
            if definition.sort != Sort::Bool {
                return Err(position.malformed(format!("`{head}` is Int where a Bool is expected")));
            }
            let inner = self.call(definition, sexp, args, scope, depth)?;
            return self.boolean(&definition.body, &inner, depth + 1);
        }
        if matches!(head, "+" | "-" | "*" | "div" | "mod" | "abs") || helper_op(head).is_some() {
            return Err(
                position.malformed(format!("`{}` is Int where a Bool is expected", sexp.show()))
            );
        }
        if head == self.context.function {
            return Err(position.outside(format!(
                "`{}` is not a function of Int to Int: outside the fragment",
                sexp.show()
            )));
        }
        Err(position.outside(format!(
            "`{head}` is not an operator of the integer fragment (in `{}`)",
            sexp.show()
        )))
    }

    /// Writes `(ite cond then other)` as nested `ite`s of comparisons.
    fn compile(
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
