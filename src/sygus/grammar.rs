//! A `synth-fun` grammar (SyGuS-IF v1 or v2 form) mapped to the operators
//! and literals of a [`TaskGrammar`].

use std::collections::HashSet;

use crate::dataset::TaskGrammar;
use crate::dsl::{Cmp, Op, OpSet};

use super::error::SygusError;
use super::sexp::Sexp;
use super::term::{constant, helper_op, Definition, Sort};

/// The grammar form a `synth-fun` used.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Form {
    /// `((Start Int (…)) (B Bool (…)))`: rules only.
    V1,
    /// `((Start Int) (B Bool)) ((Start Int (…)) (B Bool (…)))`: the
    /// nonterminals declared first.
    V2,
}

/// A grammar read: the task's grammar, its form, whether it names the
/// helpers this crate writes (`div0`…).
pub(crate) struct Read {
    pub(crate) grammar: TaskGrammar,
    pub(crate) form: Form,
    pub(crate) helpers: bool,
    pub(crate) any_constant: bool,
}

/// Literals a `(Constant Int)` production stands for.
const ANY_CONSTANT: std::ops::RangeInclusive<i64> = 0..=3;

/// Reads the grammar part of a `synth-fun` (what follows the return sort):
/// every operator met in a production (also inside `define-fun`s used
/// there) and every literal.
pub(crate) fn read_grammar(
    parts: &[Sexp],
    params: &[String],
    definitions: &[Definition],
    at: &Sexp,
) -> Result<Read, SygusError> {
    let (rules, form) = match parts {
        [Sexp::List(declared, _), Sexp::List(rules, _)]
            if declared
                .iter()
                .all(|d| d.list().is_some_and(|l| l.len() == 2)) =>
        {
            for declaration in declared {
                if let Some([_, sort]) = declaration.list() {
                    Sort::read(sort)?;
                }
            }
            (rules, Form::V2)
        }
        [Sexp::List(rules, _)] => (rules, Form::V1),
        _ => {
            return Err(at.position().malformed(
                "synth-fun grammar: expected ((Nonterminal Sort (productions…))…) (v1) \
                 or ((Nonterminal Sort)…) ((Nonterminal Sort (productions…))…) (v2)",
            ))
        }
    };
    let mut known: HashSet<&str> = params.iter().map(String::as_str).collect();
    let mut productions = Vec::new();
    for rule in rules {
        let Some([Sexp::Atom(name, _), sort, Sexp::List(alternatives, _)]) = rule.list() else {
            return Err(rule.position().malformed(format!(
                "grammar rule `{}`: expected (Nonterminal Sort (productions…))",
                rule.show()
            )));
        };
        Sort::read(sort)?;
        known.insert(name);
        productions.extend(alternatives);
    }
    for definition in definitions {
        known.extend(definition.params.iter().map(|(name, _)| name.as_str()));
    }
    let mut ops = OpSet::default();
    let mut literals = Vec::new();
    let mut any_constant = false;
    let mut helpers = false;
    let mut expanded: HashSet<&str> = HashSet::new();
    let mut pending: Vec<&Sexp> = productions;
    while let Some(production) = pending.pop() {
        if let Some(value) = constant(production) {
            literals.push(value?);
            continue;
        }
        let position = production.position();
        match production {
            Sexp::Atom(name, _) => {
                if known.contains(name.as_str()) || name == "true" || name == "false" {
                    continue;
                }
                if let Some(definition) = definitions.iter().rev().find(|d| &d.name == name) {
                    if expanded.insert(&definition.name) {
                        pending.push(&definition.body);
                    }
                    continue;
                }
                return Err(position.malformed(format!("unknown symbol `{name}` in the grammar")));
            }
            Sexp::List(items, _) => {
                let head = production.head();
                let args = items.get(1..).unwrap_or_default();
                match head {
                    "Constant" => {
                        if let Some(sort) = args.first() {
                            Sort::read(sort)?;
                        }
                        any_constant = true;
                        continue;
                    }
                    "Variable" | "InputVariable" | "LocalVariable" => {
                        if let Some(sort) = args.first() {
                            Sort::read(sort)?;
                        }
                        continue;
                    }
                    "let" => {
                        // (let ((name [Sort] term)…) body)
                        if let [Sexp::List(bindings, _), body] = args {
                            for binding in bindings {
                                if let Some([Sexp::Atom(name, _), .., term]) = binding.list() {
                                    known.insert(name);
                                    pending.push(term);
                                }
                            }
                            pending.push(body);
                            continue;
                        }
                        return Err(position.malformed("let: expected ((name term)…) body"));
                    }
                    "" => {
                        return Err(position.malformed(format!(
                            "grammar production `{}`: expected an operator first",
                            production.show()
                        )))
                    }
                    _ => {}
                }
                let op = match (head, args.len()) {
                    ("+", _) => Some(Op::Add),
                    ("*", _) => Some(Op::Mul),
                    ("-", 1) => Some(Op::Neg),
                    ("-", _) => Some(Op::Sub),
                    ("div", _) => Some(Op::Div),
                    ("mod", _) => Some(Op::Mod),
                    ("abs", _) => Some(Op::Abs),
                    ("<", _) | (">", _) => Some(Op::Ite(Cmp::Lt)),
                    ("<=", _) | (">=", _) => Some(Op::Ite(Cmp::Le)),
                    ("=", _) | ("distinct", _) => Some(Op::Ite(Cmp::Eq)),
                    (other, _) => helper_op(other).inspect(|_| helpers = true),
                };
                if let Some(op) = op {
                    ops.insert(op);
                } else if let Some(definition) = definitions.iter().rev().find(|d| d.name == head) {
                    // a helper of the problem: the operators of its body
                    if expanded.insert(&definition.name) {
                        pending.push(&definition.body);
                    }
                } else if !matches!(head, "ite" | "and" | "or" | "not" | "=>" | "xor") {
                    return Err(position.outside(format!(
                        "grammar production `{}`: `{head}` is outside the integer fragment",
                        production.show()
                    )));
                }
                pending.extend(args);
            }
        }
    }
    if any_constant {
        literals.extend(ANY_CONSTANT);
    }
    literals.sort_unstable();
    literals.dedup();
    Ok(Read {
        grammar: TaskGrammar { ops, literals },
        form,
        helpers,
        any_constant,
    })
}
