//! Bool terms compiled into conditions ([`Cond`]): the connectives
//! (`and`, `or`, `not`, `=>`, `xor`, Boolean `ite`), comparisons (chained,
//! and Boolean (dis)equality), and `define-fun` calls.

use crate::dsl::Cmp;
use crate::sygus::error::{Position, SygusError};
use crate::sygus::sexp::Sexp;

use super::cond::Cond;
use super::scope::{Scope, Value};
use super::{helper_op, numeral, Compiler, Sort};

impl Compiler<'_> {
    /// A condition that is one comparison of two Int terms (possibly
    /// negated): its comparison, operands, and whether the branches swap.
    pub(super) fn comparison<'t>(
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
    pub(super) fn boolean(
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
}
