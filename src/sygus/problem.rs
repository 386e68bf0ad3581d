//! Reading a SyGuS problem (v1 or v2) of the integer PBE fragment.

use crate::dataset::{Example, Task};
use crate::dsl::{Vars, MAX_VARS};
use crate::eval::reference;

use super::error::{Position, SygusError};
use super::grammar::{read_grammar, Form};
use super::sexp::{read_all, Sexp};
use super::term::{numeral, Compiler, Context, Definition, Sort};
use super::{Dialect, Problem};

/// Commands of SyGuS-IF (v1 or v2) that are outside the fragment.
const OUTSIDE_COMMANDS: &[&str] = &[
    "synth-inv",
    "inv-constraint",
    "declare-primed-var",
    "declare-fun",
    "declare-const",
    "define-sort",
    "declare-datatype",
    "declare-datatypes",
    "define-fun-rec",
    "define-funs-rec",
    "assume",
    "chc-constraint",
    "declare-oracle-fun",
    "oracle-assume",
    "oracle-constraint",
    "declare-correctness-oracle",
    "declare-correctness-cex-oracle",
    "optimize-synth",
    "declare-weight",
];

/// The `synth-fun` read so far.
struct SynthFun {
    name: String,
    params: Vec<String>,
    grammar: Option<super::grammar::Read>,
    position: Position,
}

/// Reads a SyGuS-IF problem (v1 or v2) of the integer PBE fragment.
///
/// # Errors
///
/// [`SygusError`] naming the construct, its line and column:
/// [`Malformed`](super::SygusErrorKind::Malformed) for text that is not
/// SyGuS, [`OutsideFragment`](super::SygusErrorKind::OutsideFragment) for
/// SyGuS outside the fragment (other sorts, constraints that are not ground
/// examples, `synth-inv`, several functions, unknown operators),
/// [`TooLarge`](super::SygusErrorKind::TooLarge) for a term past the node
/// budget.
pub fn parse_problem(text: &str) -> Result<Problem, SygusError> {
    let commands = read_all(text)?;
    let mut function: Option<SynthFun> = None;
    let mut definitions: Vec<Definition> = Vec::new();
    let mut declared: Vec<String> = Vec::new();
    let mut train = Vec::new();
    let mut checked = false;
    let mut v1_hints = false;
    let no_vars = Vars::new(std::iter::empty::<&str>()).expect("no variables is valid");
    for command in &commands {
        let position = command.position();
        let Some(items) = command.list() else {
            return Err(position.malformed(format!("`{}` is not a command", command.show())));
        };
        let head = command.head();
        match head {
            "set-logic" | "set-option" | "set-options" | "set-info" | "set-feature" | "exit" => {
                v1_hints |= head == "set-options";
            }
            "declare-var" => {
                let [_, Sexp::Atom(name, _), sort] = items else {
                    return Err(position.malformed("declare-var: expected a name and a sort"));
                };
                if Sort::read(sort)? != Sort::Int {
                    return Err(sort.position().outside(format!(
                        "declare-var `{name}` of sort Bool is outside the integer fragment"
                    )));
                }
                declared.push(name.clone());
            }
            "define-fun" => definitions.push(read_definition(command, items)?),
            "synth-fun" => {
                if function.is_some() {
                    return Err(position.outside(
                        "a second synth-fun: one function per problem in the PBE fragment",
                    ));
                }
                function = Some(read_synth_fun(command, items, &definitions)?);
            }
            "constraint" => {
                let Some(synth) = &function else {
                    return Err(position.malformed("constraint before synth-fun"));
                };
                let [_, body] = items else {
                    return Err(position.malformed("constraint: expected one term"));
                };
                let context = Context {
                    vars: &no_vars,
                    definitions: &definitions,
                    declared: &declared,
                    function: &synth.name,
                };
                read_examples(body, synth, context, &mut train)?;
            }
            "check-synth" => checked = true,
            other if OUTSIDE_COMMANDS.contains(&other) => {
                return Err(position.outside(format!(
                    "command `{other}` is outside the integer PBE fragment"
                )))
            }
            other => return Err(position.malformed(format!("unknown command `{other}`"))),
        }
    }
    let Some(synth) = function else {
        return Err(Position::START.malformed("no synth-fun"));
    };
    if !checked {
        return Err(synth.position.malformed("no check-synth"));
    }
    let vars = Vars::new(synth.params.iter().map(String::as_str)).map_err(|e| {
        let message = format!("synth-fun `{}` parameters: {e}", synth.name);
        if synth.params.len() > MAX_VARS {
            synth.position.outside(message)
        } else {
            synth.position.malformed(message)
        }
    })?;
    let form = synth.grammar.as_ref().map(|read| read.form);
    let dialect = match form {
        Some(Form::V1) => Dialect::V1,
        Some(Form::V2) => Dialect::V2,
        None if v1_hints || has_bare_negative(&commands) => Dialect::V1,
        None => Dialect::V2,
    };
    let helpers = synth.grammar.as_ref().is_some_and(|read| read.helpers);
    // no grammar: the whole theory, every constant included
    let any_constant = synth.grammar.as_ref().is_none_or(|read| read.any_constant);
    Ok(Problem {
        function: synth.name.clone(),
        task: Task {
            name: synth.name,
            vars,
            train,
            test: Vec::new(),
            program: None,
            family: Some("sygus".to_owned()),
            grammar: synth.grammar.map(|read| read.grammar),
        },
        helpers,
        any_constant,
        dialect,
        definitions,
    })
}

/// `(define-fun name ((p Sort)…) Sort body)` with Int and Bool sorts.
fn read_definition(command: &Sexp, items: &[Sexp]) -> Result<Definition, SygusError> {
    let [_, Sexp::Atom(name, _), Sexp::List(params, _), sort, body] = items else {
        return Err(command
            .position()
            .malformed("define-fun: expected a name, parameters, a sort and a body"));
    };
    let mut read = Vec::with_capacity(params.len().min(64));
    for param in params {
        let Some([Sexp::Atom(param_name, _), param_sort]) = param.list() else {
            return Err(param.position().malformed(format!(
                "define-fun `{name}` parameter `{}`: expected (name Sort)",
                param.show()
            )));
        };
        read.push((param_name.clone(), Sort::read(param_sort)?));
    }
    Ok(Definition {
        name: name.clone(),
        params: read,
        sort: Sort::read(sort)?,
        body: body.clone(),
    })
}

/// `(synth-fun f ((x Int)…) Int [grammar])`.
fn read_synth_fun(
    command: &Sexp,
    items: &[Sexp],
    definitions: &[Definition],
) -> Result<SynthFun, SygusError> {
    let position = command.position();
    let [_, name, Sexp::List(params, _), sort, grammar @ ..] = items else {
        return Err(position.malformed("synth-fun: expected a name, parameters and a sort"));
    };
    let Some(name) = name.atom() else {
        return Err(name.position().malformed("synth-fun without a name"));
    };
    let mut names = Vec::with_capacity(params.len().min(64));
    for param in params {
        let Some([Sexp::Atom(param_name, _), param_sort]) = param.list() else {
            return Err(param.position().malformed(format!(
                "synth-fun `{name}` parameter `{}`: expected (name Sort)",
                param.show()
            )));
        };
        if Sort::read(param_sort)? != Sort::Int {
            return Err(param_sort.position().outside(format!(
                "synth-fun `{name}` parameter `{param_name}` is Bool: only Int parameters"
            )));
        }
        names.push(param_name.clone());
    }
    if Sort::read(sort)? != Sort::Int {
        return Err(sort.position().outside(format!(
            "synth-fun `{name}` returns Bool: only functions to Int"
        )));
    }
    let grammar = if grammar.is_empty() {
        None
    } else {
        Some(read_grammar(grammar, &names, definitions, command)?)
    };
    Ok(SynthFun {
        name: name.to_owned(),
        params: names,
        grammar,
        position,
    })
}

/// The examples of a constraint: `(= (f c…) c)` (either side, ground terms
/// allowed for the constants), or an `and` of such.
fn read_examples(
    body: &Sexp,
    synth: &SynthFun,
    context: Context<'_>,
    train: &mut Vec<Example>,
) -> Result<(), SygusError> {
    let mut pending = vec![body];
    while let Some(term) = pending.pop() {
        if term.head() == "and" {
            let args = term.list().and_then(|l| l.get(1..)).unwrap_or_default();
            pending.extend(args.iter().rev());
            continue;
        }
        let not_example = || {
            term.position().outside(format!(
                "constraint `{}` is not a ground example (= ({} constants…) constant): \
                 outside the PBE fragment",
                term.show(),
                synth.name
            ))
        };
        let Some([eq, a, b]) = term.list() else {
            return Err(not_example());
        };
        if eq.atom() != Some("=") {
            return Err(not_example());
        }
        let call = |side: &Sexp| side.head() == synth.name;
        let (call, output) = match (call(a), call(b)) {
            (true, false) => (a, b),
            (false, true) => (b, a),
            _ => return Err(not_example()),
        };
        let args = call.list().and_then(|l| l.get(1..)).unwrap_or_default();
        if args.len() != synth.params.len() {
            return Err(call.position().malformed(format!(
                "`{}` takes {} arguments, got {}",
                synth.name,
                synth.params.len(),
                args.len()
            )));
        }
        let ground = |sexp: &Sexp| -> Result<i64, SygusError> {
            let program = Compiler::new(context).program(sexp)?;
            Ok(reference::eval(&program, &[]))
        };
        let inputs = args.iter().map(ground).collect::<Result<Vec<_>, _>>()?;
        train.push(Example {
            inputs,
            output: ground(output)?,
        });
    }
    Ok(())
}

/// Whether a negative numeral is written as one atom (`-5`), as SyGuS-IF
/// v1 allows and v2 does not.
fn has_bare_negative(commands: &[Sexp]) -> bool {
    let mut pending: Vec<&Sexp> = commands.iter().collect();
    while let Some(sexp) = pending.pop() {
        match sexp {
            Sexp::Atom(text, _) => {
                if text.starts_with('-') && numeral(text).is_some() {
                    return true;
                }
            }
            Sexp::List(items, _) => pending.extend(items),
        }
    }
    false
}
