//! Names in terms: `let` and parameter bindings ([`Scope`]), the sorts of
//! terms decided without compiling them, `define-fun` calls, and the error
//! for a symbol that names nothing.

use crate::dsl::Node;
use crate::sygus::error::{Position, SygusError};
use crate::sygus::sexp::Sexp;

use super::cond::Cond;
use super::{is_boolean_head, Compiler, Definition, Sort, MAX_TERM_DEPTH};

/// A bound name's value.
#[derive(Clone, Debug)]
pub(super) enum Value {
    Int(Vec<Node>),
    Bool(Cond),
}

/// `let` and parameter bindings, innermost last; a `define-fun` body sees
/// only its own parameters (no parent).
pub(super) struct Scope<'s> {
    bindings: Vec<(&'s str, Value)>,
    parent: Option<&'s Scope<'s>>,
}

impl<'s> Scope<'s> {
    pub(super) const EMPTY: Scope<'static> = Scope {
        bindings: Vec::new(),
        parent: None,
    };

    pub(super) fn lookup(&self, name: &str) -> Option<&Value> {
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

impl<'a> Compiler<'a> {
    /// The sort of `sexp`, decided from its head without compiling it.
    pub(super) fn sort_of(&self, sexp: &Sexp, scope: &Scope<'_>) -> Sort {
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

    pub(super) fn definition(&self, name: &str) -> Option<&'a Definition> {
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
    pub(super) fn bind<'s>(
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
    pub(super) fn call<'d>(
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
    pub(super) fn unknown_symbol(&self, name: &str, position: Position) -> SygusError {
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
}
