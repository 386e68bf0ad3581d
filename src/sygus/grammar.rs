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
    let (rules, form) = grammar_rules(parts, at)?;
    let mut walk = Walk {
        definitions,
        known: params.iter().map(String::as_str).collect(),
        pending: Vec::new(),
        expanded: HashSet::new(),
        ops: OpSet::default(),
        literals: Vec::new(),
        any_constant: false,
        helpers: false,
    };
    for rule in rules {
        let Some([Sexp::Atom(name, _), sort, Sexp::List(alternatives, _)]) = rule.list() else {
            return Err(rule.position().malformed(format!(
                "grammar rule `{}`: expected (Nonterminal Sort (productions…))",
                rule.show()
            )));
        };
        Sort::read(sort)?;
        walk.known.insert(name);
        walk.pending.extend(alternatives);
    }
    for definition in definitions {
        walk.known
            .extend(definition.params.iter().map(|(name, _)| name.as_str()));
    }
    while let Some(production) = walk.pending.pop() {
        walk.production(production)?;
    }
    let Walk {
        ops,
        mut literals,
        any_constant,
        helpers,
        ..
    } = walk;
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

/// The rules of a grammar and its dialect: v2 declares the nonterminals
/// first, v1 does not.
fn grammar_rules<'s>(parts: &'s [Sexp], at: &Sexp) -> Result<(&'s [Sexp], Form), SygusError> {
    match parts {
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
            Ok((rules, Form::V2))
        }
        [Sexp::List(rules, _)] => Ok((rules, Form::V1)),
        _ => Err(at.position().malformed(
            "synth-fun grammar: expected ((Nonterminal Sort (productions…))…) (v1) \
             or ((Nonterminal Sort)…) ((Nonterminal Sort (productions…))…) (v2)",
        )),
    }
}

/// The walk over a grammar's productions (and the helpers they call):
/// what it has found so far.
struct Walk<'s> {
    definitions: &'s [Definition],
    /// Nonterminals, parameters and bound names: symbols that are no
    /// operator.
    known: HashSet<&'s str>,
    pending: Vec<&'s Sexp>,
    /// Helpers whose bodies are already walked.
    expanded: HashSet<&'s str>,
    ops: OpSet,
    literals: Vec<i64>,
    any_constant: bool,
    helpers: bool,
}

impl<'s> Walk<'s> {
    /// Takes one production: a constant, a symbol, or a list whose
    /// operator and arguments are walked in turn.
    fn production(&mut self, production: &'s Sexp) -> Result<(), SygusError> {
        if let Some(value) = constant(production) {
            self.literals.push(value?);
            return Ok(());
        }
        let position = production.position();
        let items = match production {
            Sexp::Atom(name, _) => {
                if self.known.contains(name.as_str()) || name == "true" || name == "false" {
                    return Ok(());
                }
                if let Some(definition) = self.definitions.iter().rev().find(|d| &d.name == name) {
                    if self.expanded.insert(&definition.name) {
                        self.pending.push(&definition.body);
                    }
                    return Ok(());
                }
                return Err(position.malformed(format!("unknown symbol `{name}` in the grammar")));
            }
            Sexp::List(items, _) => items,
        };
        let head = production.head();
        let args = items.get(1..).unwrap_or_default();
        match head {
            "Constant" | "Variable" | "InputVariable" | "LocalVariable" => {
                if let Some(sort) = args.first() {
                    Sort::read(sort)?;
                }
                self.any_constant |= head == "Constant";
                return Ok(());
            }
            "let" => {
                // (let ((name [Sort] term)…) body)
                let [Sexp::List(bindings, _), body] = args else {
                    return Err(position.malformed("let: expected ((name term)…) body"));
                };
                for binding in bindings {
                    if let Some([Sexp::Atom(name, _), .., term]) = binding.list() {
                        self.known.insert(name);
                        self.pending.push(term);
                    }
                }
                self.pending.push(body);
                return Ok(());
            }
            "" => {
                return Err(position.malformed(format!(
                    "grammar production `{}`: expected an operator first",
                    production.show()
                )))
            }
            _ => {}
        }
        if let Some(op) = self.op_of(head, args.len()) {
            self.ops.insert(op);
        } else if let Some(definition) = self.definitions.iter().rev().find(|d| d.name == head) {
            // a helper of the problem: the operators of its body
            if self.expanded.insert(&definition.name) {
                self.pending.push(&definition.body);
            }
        } else if !matches!(head, "ite" | "and" | "or" | "not" | "=>" | "xor") {
            return Err(position.outside(format!(
                "grammar production `{}`: `{head}` is outside the integer fragment",
                production.show()
            )));
        }
        self.pending.extend(args);
        Ok(())
    }

    /// The operator a production's head names with `args` arguments.
    fn op_of(&mut self, head: &str, args: usize) -> Option<Op> {
        match (head, args) {
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
            (other, _) => helper_op(other).inspect(|_| self.helpers = true),
        }
    }
}
