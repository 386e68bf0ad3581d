//! Solutions: a solver's `define-fun` read as a program, a program printed
//! as the `define-fun` a solver of the problem's dialect prints.

use crate::dsl::{Node, Op, Program, Vars};

use super::error::{Position, SygusError};
use super::sexp::{read_all, Sexp};
use super::term::{Compiler, Context, Sort};
use super::{Dialect, Problem};

/// A solver's answer (`(define-fun f (…) Int BODY)`, alone as v1 solvers
/// print it or in parentheses as v2 solvers do) as a program over the
/// problem's parameters (by position). The body may use `let`, the
/// problem's `define-fun`s, n-ary `+ - *`, negative constants as `-5` or
/// `(- 5)`, and Boolean conditions (`and`, `or`, `not`, `=>`, `xor`,
/// `distinct`, `>`, `>=`), which become nested `ite`s.
///
/// # Errors
///
/// [`SygusError`] when the answer holds no `define-fun` of the problem's
/// function, its body is outside the fragment, or its expansion is past the
/// node budget ([`SygusErrorKind::TooLarge`](super::SygusErrorKind::TooLarge)).
pub fn parse_solution(text: &str, problem: &Problem) -> Result<Program, SygusError> {
    let all = read_all(text)?;
    let mut first = None;
    let mut found = None;
    let mut pending: Vec<&Sexp> = all.iter().rev().collect();
    while let Some(sexp) = pending.pop() {
        let Some(items) = sexp.list() else { continue };
        if sexp.head() == "define-fun" {
            first = first.or(Some(sexp));
            if items.get(1).and_then(Sexp::atom) == Some(problem.function.as_str()) {
                found = Some(sexp);
                break;
            }
            continue;
        }
        pending.extend(items.iter().rev());
    }
    let Some(define) = found else {
        return Err(match first {
            Some(other) => other.position().malformed(format!(
                "`{}` is not a define-fun of `{}`",
                other.show(),
                problem.function
            )),
            None => Position::START.malformed("no define-fun in the answer"),
        });
    };
    let Some([_, _, Sexp::List(params, _), sort, body]) = define.list() else {
        return Err(define
            .position()
            .malformed("define-fun: expected a name, parameters, a sort and a body"));
    };
    if Sort::read(sort)? != Sort::Int {
        return Err(sort.position().malformed("the solution must return Int"));
    }
    let mut names = Vec::with_capacity(params.len().min(64));
    for param in params {
        let Some([Sexp::Atom(name, _), param_sort]) = param.list() else {
            return Err(param
                .position()
                .malformed(format!("parameter `{}`: expected (name Int)", param.show())));
        };
        if Sort::read(param_sort)? != Sort::Int {
            return Err(param_sort.position().malformed("parameters must be Int"));
        }
        names.push(name.as_str());
    }
    if names.len() != problem.task.vars.len() {
        return Err(define.position().malformed(format!(
            "{} parameters, the problem has {}",
            names.len(),
            problem.task.vars.len()
        )));
    }
    let vars =
        Vars::new(names).map_err(|e| define.position().malformed(format!("parameters: {e}")))?;
    let context = Context {
        vars: &vars,
        definitions: &problem.definitions,
        declared: &[],
        function: &problem.function,
    };
    Compiler::new(context).program(body)
}

/// Writes `value` as SMT-LIB (`(- 5)` for negatives).
pub(crate) fn smt_int(value: i64) -> String {
    if value < 0 {
        format!("(- {})", value.unsigned_abs())
    } else {
        value.to_string()
    }
}

/// `program` as an SMT-LIB term; `helpers` prints `div0`/`mod0` for
/// division (else `div`/`mod`), and min/max always as `min2`/`max2` or an
/// `ite`.
#[must_use]
pub fn smt_term(program: &Program, vars: &Vars, helpers: bool) -> String {
    let mut stack: Vec<String> = Vec::new();
    for &node in program.nodes() {
        let text = match node {
            Node::Var(i) => vars.name(usize::from(i)).unwrap_or("?").to_owned(),
            Node::Lit(value) => smt_int(value),
            Node::Op(op) => {
                let args = stack.split_off(stack.len() - op.arity());
                match op {
                    Op::Add => format!("(+ {} {})", args[0], args[1]),
                    Op::Sub => format!("(- {} {})", args[0], args[1]),
                    Op::Mul => format!("(* {} {})", args[0], args[1]),
                    Op::Div if helpers => format!("(div0 {} {})", args[0], args[1]),
                    Op::Mod if helpers => format!("(mod0 {} {})", args[0], args[1]),
                    Op::Div => format!("(div {} {})", args[0], args[1]),
                    Op::Mod => format!("(mod {} {})", args[0], args[1]),
                    Op::Neg => format!("(- {})", args[0]),
                    Op::Abs => format!("(abs {})", args[0]),
                    Op::Min if helpers => format!("(min2 {} {})", args[0], args[1]),
                    Op::Max if helpers => format!("(max2 {} {})", args[0], args[1]),
                    Op::Min => format!("(ite (<= {0} {1}) {0} {1})", args[0], args[1]),
                    Op::Max => format!("(ite (>= {0} {1}) {0} {1})", args[0], args[1]),
                    Op::Ite(cmp) => format!(
                        "(ite ({} {} {}) {} {})",
                        cmp.symbol(),
                        args[0],
                        args[1],
                        args[2],
                        args[3]
                    ),
                }
            }
        };
        stack.push(text);
    }
    stack.pop().unwrap_or_default()
}

/// The solution as a solver of the problem's dialect prints it: the
/// `define-fun` in parentheses (v2, as cvc5 prints it) or alone (v1).
#[must_use]
pub fn solution_text(problem: &Problem, program: &Program) -> String {
    let params: Vec<String> = problem
        .task
        .vars
        .names()
        .map(|n| format!("({n} Int)"))
        .collect();
    let define = format!(
        "(define-fun {} ({}) Int {})",
        problem.function,
        params.join(" "),
        smt_term(program, &problem.task.vars, problem.helpers)
    );
    match problem.dialect {
        Dialect::V1 => define,
        Dialect::V2 => format!("(\n{define}\n)"),
    }
}
