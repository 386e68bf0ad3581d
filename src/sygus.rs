//! SyGuS-IF v2, the integer programming-by-example fragment: read a problem
//! into a [`Task`], write a task as a problem, and print a solution as the
//! `define-fun` a SyGuS solver would print.
//!
//! The fragment: `set-logic`, `set-option`, `declare-var` (ignored),
//! `define-fun` of the zero-divisor helpers this module writes (`div0`,
//! `mod0`, `min2`, `max2`), one `synth-fun` over `Int` parameters returning
//! `Int`, with or without a grammar, `constraint`s of the form `(= (f c ...)
//! c)` (either side), and `check-synth`. Anything else is an error naming
//! the construct and its line.
//!
//! In a grammar, `div` and `mod` follow SMT-LIB (unspecified for a zero
//! divisor); `div0` and `mod0` follow this crate's rule (`x div 0 = 0`, `x
//! mod 0 = x`); both map to [`Op::Div`] and [`Op::Mod`], which follow the
//! crate's rule, so that a solver given the helpers and this crate agree on
//! every input.
//!
//! ```
//! use arithsynth::sygus::{parse_problem, solution_text};
//! let problem = parse_problem("
//!     (set-logic LIA)
//!     (synth-fun f ((x Int)) Int)
//!     (constraint (= (f 1) 3))
//!     (constraint (= (f 2) 5))
//!     (check-synth)")?;
//! assert_eq!(problem.task.train.len(), 2);
//! let program = arithsynth::Program::parse("(+ x (+ x 1))", &problem.task.vars)?;
//! assert_eq!(
//!     solution_text(&problem, &program),
//!     "(\n(define-fun f ((x Int)) Int (+ x (+ x 1)))\n)"
//! );
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use std::fmt::Write as _;

use crate::dataset::{Example, Task, TaskGrammar};
use crate::dsl::{Cmp, Node, Op, OpSet, Program, Vars};

/// A SyGuS problem read into a task.
#[derive(Clone, Debug, PartialEq)]
pub struct Problem {
    /// The function's name.
    pub function: String,
    /// The task: parameters as variables, constraints as training examples,
    /// the grammar (when the problem gives one).
    pub task: Task,
    /// Whether the grammar named the helpers (`div0`…): the solution is
    /// printed with them.
    pub helpers: bool,
}

/// Why a SyGuS file cannot be read.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("line {line}: {message}")]
pub struct SygusError {
    /// 1-based line of the construct.
    pub line: usize,
    /// What is wrong, naming the construct.
    pub message: String,
}

/// An S-expression with the line it starts on.
#[derive(Clone, Debug, PartialEq)]
enum Sexp {
    Atom(String, usize),
    List(Vec<Sexp>, usize),
}

impl Sexp {
    fn line(&self) -> usize {
        match self {
            Sexp::Atom(_, line) | Sexp::List(_, line) => *line,
        }
    }

    fn atom(&self) -> Option<&str> {
        match self {
            Sexp::Atom(text, _) => Some(text),
            Sexp::List(..) => None,
        }
    }

    fn list(&self) -> Option<&[Sexp]> {
        match self {
            Sexp::List(items, _) => Some(items),
            Sexp::Atom(..) => None,
        }
    }

    fn show(&self) -> String {
        match self {
            Sexp::Atom(text, _) => text.clone(),
            Sexp::List(items, _) => {
                let inner: Vec<String> = items.iter().map(Sexp::show).collect();
                let text = format!("({})", inner.join(" "));
                if text.chars().count() > 60 {
                    format!("{}…", text.chars().take(57).collect::<String>())
                } else {
                    text
                }
            }
        }
    }
}

fn error(line: usize, message: impl Into<String>) -> SygusError {
    SygusError {
        line,
        message: message.into(),
    }
}

/// Deepest nesting read (deeper input is an error, not a stack overflow).
const MAX_DEPTH: usize = 1000;

/// Reads every top-level S-expression, iteratively.
fn read_all(text: &str) -> Result<Vec<Sexp>, SygusError> {
    let mut stack: Vec<(Vec<Sexp>, usize)> = vec![(Vec::new(), 1)];
    let mut line = 1;
    let mut chars = text.char_indices().peekable();
    while let Some((start, c)) = chars.next() {
        match c {
            '\n' => line += 1,
            ';' => {
                while chars.peek().is_some_and(|&(_, c)| c != '\n') {
                    chars.next();
                }
            }
            '(' => {
                if stack.len() > MAX_DEPTH {
                    return Err(error(line, format!("nesting deeper than {MAX_DEPTH}")));
                }
                stack.push((Vec::new(), line));
            }
            ')' => {
                let (items, opened) = stack.pop().expect("the root is never popped");
                let Some(parent) = stack.last_mut() else {
                    return Err(error(line, "`)` without `(`"));
                };
                parent.0.push(Sexp::List(items, opened));
                if stack.is_empty() {
                    return Err(error(line, "`)` without `(`"));
                }
            }
            c if c.is_whitespace() => {}
            '"' => {
                let opened = line;
                let mut end = None;
                for (i, c) in chars.by_ref() {
                    if c == '"' {
                        end = Some(i + 1);
                        break;
                    }
                    if c == '\n' {
                        line += 1;
                    }
                }
                let Some(end) = end else {
                    return Err(error(opened, "string literal never closed"));
                };
                let top = stack.last_mut().expect("root");
                top.0.push(Sexp::Atom(text[start..end].to_owned(), line));
            }
            _ => {
                let mut end = start + c.len_utf8();
                while let Some(&(i, c)) = chars.peek() {
                    if c.is_whitespace() || c == '(' || c == ')' || c == ';' {
                        break;
                    }
                    end = i + c.len_utf8();
                    chars.next();
                }
                let top = stack.last_mut().expect("root");
                top.0.push(Sexp::Atom(text[start..end].to_owned(), line));
            }
        }
        if stack.is_empty() {
            return Err(error(line, "`)` without `(`"));
        }
    }
    if stack.len() > 1 {
        let opened = stack.last().map_or(line, |s| s.1);
        return Err(error(opened, "`(` never closed"));
    }
    Ok(stack.pop().map(|s| s.0).unwrap_or_default())
}

/// An integer constant: `5`, `(- 5)`.
fn constant(sexp: &Sexp) -> Result<i64, SygusError> {
    match sexp {
        Sexp::Atom(text, line) => text.parse::<i64>().map_err(|_| {
            error(
                *line,
                format!("`{text}` is not an integer that fits in 64 bits"),
            )
        }),
        Sexp::List(items, line) => match &items[..] {
            [minus, Sexp::Atom(digits, _)] if minus.atom() == Some("-") => digits
                .parse::<i128>()
                .ok()
                .and_then(|v| i64::try_from(-v).ok())
                .ok_or_else(|| {
                    error(
                        *line,
                        format!("`(- {digits})` is not an integer that fits in 64 bits"),
                    )
                }),
            _ => Err(error(
                *line,
                format!("`{}` is not an integer constant", sexp.show()),
            )),
        },
    }
}

/// The operator a grammar symbol stands for, with whether it is a helper.
fn op_of(symbol: &str, arity: usize) -> Option<(Op, bool)> {
    Some(match (symbol, arity) {
        ("+", 2) => (Op::Add, false),
        ("-", 2) => (Op::Sub, false),
        ("-", 1) => (Op::Neg, false),
        ("*", 2) => (Op::Mul, false),
        ("div", 2) => (Op::Div, false),
        ("mod", 2) => (Op::Mod, false),
        ("div0", 2) => (Op::Div, true),
        ("mod0", 2) => (Op::Mod, true),
        ("abs", 1) => (Op::Abs, false),
        ("min2", 2) => (Op::Min, true),
        ("max2", 2) => (Op::Max, true),
        _ => return None,
    })
}

fn cmp_of(symbol: &str) -> Option<Cmp> {
    match symbol {
        "<" | ">" => Some(Cmp::Lt),
        "<=" | ">=" => Some(Cmp::Le),
        "=" => Some(Cmp::Eq),
        _ => None,
    }
}

/// Reads a grammar's rules into operators and literals.
fn read_grammar(
    rules: &[Sexp],
    nonterminals: &[String],
    params: &[String],
) -> Result<(TaskGrammar, bool), SygusError> {
    let mut ops = OpSet::default();
    let mut literals = Vec::new();
    let mut helpers = false;
    let mut constants_any = false;
    for group in rules {
        let Some([_, _, Sexp::List(productions, _)]) = group.list() else {
            return Err(error(
                group.line(),
                format!(
                    "grammar rule `{}`: expected (Name Sort (productions…))",
                    group.show()
                ),
            ));
        };
        for production in productions {
            match production {
                Sexp::Atom(text, line) => {
                    if nonterminals.contains(text) || params.contains(text) {
                        continue;
                    }
                    if text == "true" || text == "false" {
                        continue;
                    }
                    literals.push(constant(&Sexp::Atom(text.clone(), *line))?);
                }
                Sexp::List(items, line) => {
                    if items.is_empty() {
                        return Err(error(*line, "empty production `()`"));
                    }
                    let head = items.first().and_then(Sexp::atom).unwrap_or("");
                    if head == "Constant" || head == "Variable" {
                        constants_any |= head == "Constant";
                        continue;
                    }
                    if head == "-" && items.len() == 2 && constant(production).is_ok() {
                        literals.push(constant(production)?);
                        continue;
                    }
                    if head == "ite" && items.len() == 4 {
                        continue; // the comparisons decide which ites
                    }
                    if let Some(cmp) = cmp_of(head) {
                        ops.insert(Op::Ite(cmp));
                        continue;
                    }
                    if let Some((op, helper)) = op_of(head, items.len() - 1) {
                        ops.insert(op);
                        helpers |= helper;
                        continue;
                    }
                    return Err(error(
                        *line,
                        format!(
                            "grammar production `{}` is outside the integer fragment",
                            production.show()
                        ),
                    ));
                }
            }
        }
    }
    if constants_any && literals.is_empty() {
        literals.extend(0..=3);
    }
    literals.sort_unstable();
    literals.dedup();
    Ok((TaskGrammar { ops, literals }, helpers))
}

/// A `synth-fun` read: name, parameters, grammar (with whether it names the
/// helpers), line.
type SynthFun = (String, Vec<String>, Option<(TaskGrammar, bool)>, usize);

/// Reads a SyGuS-IF v2 problem of the integer PBE fragment.
///
/// # Errors
///
/// [`SygusError`] naming the construct and its line.
pub fn parse_problem(text: &str) -> Result<Problem, SygusError> {
    let commands = read_all(text)?;
    // (name, parameters, grammar and whether it names helpers, line)
    let mut function: Option<SynthFun> = None;
    let mut train = Vec::new();
    let mut checked = false;
    for command in &commands {
        let line = command.line();
        let Some(items) = command.list() else {
            return Err(error(
                line,
                format!("`{}` is not a command", command.show()),
            ));
        };
        let head = items.first().and_then(Sexp::atom).unwrap_or("");
        match head {
            "set-logic" | "set-option" | "set-info" | "declare-var" => {}
            "define-fun" => {
                let name = items.get(1).and_then(Sexp::atom).unwrap_or("");
                if !matches!(name, "div0" | "mod0" | "min2" | "max2") {
                    return Err(error(
                        line,
                        format!("define-fun `{name}` is outside the fragment (only div0, mod0, min2, max2)"),
                    ));
                }
            }
            "synth-fun" => {
                if function.is_some() {
                    return Err(error(line, "a second synth-fun: one function per problem"));
                }
                let name = items
                    .get(1)
                    .and_then(Sexp::atom)
                    .ok_or_else(|| error(line, "synth-fun without a name"))?;
                let params = items
                    .get(2)
                    .and_then(Sexp::list)
                    .ok_or_else(|| error(line, "synth-fun without parameters"))?;
                let mut names = Vec::new();
                for param in params {
                    match param.list() {
                        Some([Sexp::Atom(p, _), Sexp::Atom(sort, _)]) if sort == "Int" => {
                            names.push(p.clone())
                        }
                        _ => {
                            return Err(error(
                                param.line(),
                                format!("parameter `{}`: only Int parameters", param.show()),
                            ))
                        }
                    }
                }
                if items.get(3).and_then(Sexp::atom) != Some("Int") {
                    return Err(error(line, format!("synth-fun `{name}` must return Int")));
                }
                let grammar = match &items[4.min(items.len())..] {
                    [] => None,
                    [Sexp::List(declared, _), Sexp::List(rules, _)] => {
                        let nonterminals: Vec<String> = declared
                            .iter()
                            .filter_map(|d| d.list().and_then(|l| l.first()).and_then(Sexp::atom))
                            .map(str::to_owned)
                            .collect();
                        Some(read_grammar(rules, &nonterminals, &names)?)
                    }
                    _ => return Err(error(line, "synth-fun grammar: expected the v2 form ((Nonterminal Sort)…) ((Nonterminal Sort (productions…))…)")),
                };
                function = Some((name.to_owned(), names, grammar, line));
            }
            "constraint" => {
                let Some((name, params, _, _)) = &function else {
                    return Err(error(line, "constraint before synth-fun"));
                };
                let body = items
                    .get(1)
                    .ok_or_else(|| error(line, "empty constraint"))?;
                let example = match body.list() {
                    Some([eq, a, b]) if eq.atom() == Some("=") => {
                        let call = |s: &Sexp| -> Option<Vec<Sexp>> {
                            let l = s.list()?;
                            (l.first()?.atom()? == name).then(|| l[1..].to_vec())
                        };
                        let (args, out) = match (call(a), call(b)) {
                            (Some(args), None) => (args, b),
                            (None, Some(args)) => (args, a),
                            _ => {
                                return Err(error(
                                    line,
                                    format!(
                                    "constraint `{}`: expected (= ({name} constants…) constant)",
                                    body.show()
                                ),
                                ))
                            }
                        };
                        if args.len() != params.len() {
                            return Err(error(
                                line,
                                format!(
                                    "`{name}` takes {} arguments, got {}",
                                    params.len(),
                                    args.len()
                                ),
                            ));
                        }
                        Example {
                            inputs: args.iter().map(constant).collect::<Result<_, _>>()?,
                            output: constant(out)?,
                        }
                    }
                    _ => {
                        return Err(error(
                            line,
                            format!(
                            "constraint `{}` is outside the fragment (only examples (= (f …) c))",
                            body.show()
                        ),
                        ))
                    }
                };
                train.push(example);
            }
            "check-synth" => checked = true,
            other => {
                return Err(error(
                    line,
                    format!("command `{other}` is outside the fragment"),
                ))
            }
        }
    }
    let Some((name, params, grammar, line)) = function else {
        return Err(error(1, "no synth-fun"));
    };
    if !checked {
        return Err(error(line, "no check-synth"));
    }
    let vars = Vars::new(params.iter().map(String::as_str))
        .map_err(|e| error(line, format!("parameters: {e}")))?;
    let helpers = grammar.as_ref().is_some_and(|g| g.1);
    Ok(Problem {
        function: name.clone(),
        task: Task {
            name,
            vars,
            train,
            test: Vec::new(),
            program: None,
            family: Some("sygus".to_owned()),
            grammar: grammar.map(|g| g.0),
        },
        helpers,
    })
}

/// A term of the fragment as a program over `vars`, with `let` bindings in
/// scope.
fn term(sexp: &Sexp, vars: &Vars, scope: &[(String, Program)]) -> Result<Program, SygusError> {
    let line = sexp.line();
    let program = |r: Result<Program, crate::dsl::ProgramError>| {
        r.map_err(|e| error(line, format!("`{}`: {e}", sexp.show())))
    };
    match sexp {
        Sexp::Atom(text, _) => {
            if let Some((_, bound)) = scope.iter().rev().find(|(name, _)| name == text) {
                return Ok(bound.clone());
            }
            match vars.index(text) {
                Some(i) => program(Program::var(i)),
                None => Ok(Program::lit(constant(sexp)?)),
            }
        }
        Sexp::List(items, _) => {
            if items.is_empty() {
                return Err(error(line, "empty term `()`"));
            }
            let head = items.first().and_then(Sexp::atom).unwrap_or("");
            if let Ok(value) = constant(sexp) {
                return Ok(Program::lit(value));
            }
            let args = &items[1..];
            if head == "let" {
                let [Sexp::List(bindings, _), body] = args else {
                    return Err(error(line, "let: expected ((name term)…) body"));
                };
                let mut inner = scope.to_vec();
                for binding in bindings {
                    let Some([Sexp::Atom(name, _), value]) = binding.list() else {
                        return Err(error(
                            binding.line(),
                            format!("let binding `{}`", binding.show()),
                        ));
                    };
                    inner.push((name.clone(), term(value, vars, scope)?));
                }
                return term(body, vars, &inner);
            }
            if head == "ite" {
                let [cond, then, other] = args else {
                    return Err(error(line, "ite takes three arguments"));
                };
                let Some([c, a, b]) = cond.list() else {
                    return Err(error(
                        line,
                        format!("condition `{}` is not a comparison", cond.show()),
                    ));
                };
                let symbol = c.atom().unwrap_or("");
                let cmp = cmp_of(symbol).ok_or_else(|| {
                    error(
                        line,
                        format!("condition `{}` is outside the fragment", cond.show()),
                    )
                })?;
                // a > b is b < a; a >= b is b <= a
                let (a, b) = if symbol.starts_with('>') {
                    (b, a)
                } else {
                    (a, b)
                };
                let children = [
                    term(a, vars, scope)?,
                    term(b, vars, scope)?,
                    term(then, vars, scope)?,
                    term(other, vars, scope)?,
                ];
                return program(Program::apply(Op::Ite(cmp), &children));
            }
            let (op, _) = op_of(head, args.len()).ok_or_else(|| {
                error(
                    line,
                    format!("`{}` is outside the integer fragment", sexp.show()),
                )
            })?;
            let children: Vec<Program> = args
                .iter()
                .map(|a| term(a, vars, scope))
                .collect::<Result<_, _>>()?;
            program(Program::apply(op, &children))
        }
    }
}

/// A solver's answer (`(define-fun f (…) Int BODY)`, alone or in
/// parentheses, as cvc5 prints it) as a program over the problem's
/// parameters.
///
/// # Errors
///
/// [`SygusError`] when the answer is not such a `define-fun` or its body is
/// outside the fragment.
pub fn parse_solution(text: &str, problem: &Problem) -> Result<Program, SygusError> {
    let all = read_all(text)?;
    let mut found = None;
    let mut pending: Vec<&Sexp> = all.iter().collect();
    while let Some(sexp) = pending.pop() {
        if let Some(items) = sexp.list() {
            if items.first().and_then(Sexp::atom) == Some("define-fun") {
                found = Some(sexp);
                break;
            }
            pending.extend(items);
        }
    }
    let define = found.ok_or_else(|| error(1, "no define-fun in the answer"))?;
    let items = define.list().expect("a list");
    let [_, name, params, _, body] = items else {
        return Err(error(
            define.line(),
            "define-fun: expected name, parameters, sort, body",
        ));
    };
    if name.atom() != Some(problem.function.as_str()) {
        return Err(error(
            define.line(),
            format!(
                "define-fun `{}`, expected `{}`",
                name.show(),
                problem.function
            ),
        ));
    }
    let names: Vec<&str> = params
        .list()
        .unwrap_or(&[])
        .iter()
        .filter_map(|p| p.list().and_then(|l| l.first()).and_then(Sexp::atom))
        .collect();
    let vars = Vars::new(names).map_err(|e| error(params.line(), format!("parameters: {e}")))?;
    let program = term(body, &vars, &[])?;
    // rename to the problem's variables, by position
    if vars.len() != problem.task.vars.len() {
        return Err(error(
            params.line(),
            format!(
                "{} parameters, the problem has {}",
                vars.len(),
                problem.task.vars.len()
            ),
        ));
    }
    Ok(program)
}

/// Writes `value` as SMT-LIB (`(- 5)` for negatives).
fn smt_int(value: i64) -> String {
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

/// The solution as cvc5 prints it: the `define-fun` in parentheses.
#[must_use]
pub fn solution_text(problem: &Problem, program: &Program) -> String {
    let params: Vec<String> = problem
        .task
        .vars
        .names()
        .map(|n| format!("({n} Int)"))
        .collect();
    format!(
        "(\n(define-fun {} ({}) Int {})\n)",
        problem.function,
        params.join(" "),
        smt_term(program, &problem.task.vars, problem.helpers)
    )
}

/// A task as a SyGuS problem: its grammar (operators and literals; `div`
/// and `mod` through the zero-divisor helpers), its training examples as
/// constraints.
#[must_use]
pub fn write_problem(task: &Task, grammar: &crate::Grammar) -> String {
    let mut out = String::new();
    let ops = grammar.ops();
    let _ = writeln!(out, "; {} (written by arithsynth)", task.name);
    let _ = writeln!(out, "(set-logic NIA)");
    let helper =
        |name: &str, body: &str| format!("(define-fun {name} ((a Int) (b Int)) Int {body})\n");
    if ops.contains(Op::Div) {
        out += &helper("div0", "(ite (= b 0) 0 (div a b))");
    }
    if ops.contains(Op::Mod) {
        out += &helper("mod0", "(ite (= b 0) a (mod a b))");
    }
    if ops.contains(Op::Min) {
        out += &helper("min2", "(ite (<= a b) a b)");
    }
    if ops.contains(Op::Max) {
        out += &helper("max2", "(ite (>= a b) a b)");
    }
    let params: Vec<String> = task.vars.names().map(|n| format!("({n} Int)")).collect();
    let mut productions: Vec<String> = task.vars.names().map(str::to_owned).collect();
    productions.extend(grammar.literals().iter().map(|&v| smt_int(v)));
    let cmps: Vec<Cmp> = ops
        .iter()
        .filter_map(|op| match op {
            Op::Ite(cmp) => Some(cmp),
            _ => None,
        })
        .collect();
    for op in ops.iter() {
        let production = match op {
            Op::Add => "(+ Start Start)",
            Op::Sub => "(- Start Start)",
            Op::Mul => "(* Start Start)",
            Op::Div => "(div0 Start Start)",
            Op::Mod => "(mod0 Start Start)",
            Op::Neg => "(- Start)",
            Op::Abs => "(abs Start)",
            Op::Min => "(min2 Start Start)",
            Op::Max => "(max2 Start Start)",
            Op::Ite(_) => continue,
        };
        productions.push(production.to_owned());
    }
    let mut declared = "((Start Int)".to_owned();
    let mut bool_rule = String::new();
    if !cmps.is_empty() {
        productions.push("(ite B Start Start)".to_owned());
        declared += " (B Bool)";
        let conds: Vec<String> = cmps
            .iter()
            .map(|c| format!("({} Start Start)", c.symbol()))
            .collect();
        bool_rule = format!("\n   (B Bool ({}))", conds.join(" "));
    }
    declared += ")";
    let _ = writeln!(
        out,
        "(synth-fun f ({}) Int\n  {declared}\n  ((Start Int ({})){bool_rule}))",
        params.join(" "),
        productions.join(" ")
    );
    for example in &task.train {
        let args: Vec<String> = example.inputs.iter().map(|&v| smt_int(v)).collect();
        let _ = writeln!(
            out,
            "(constraint (= (f {}) {}))",
            args.join(" "),
            smt_int(example.output)
        );
    }
    out += "(check-synth)\n";
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dsl::Grammar;

    #[test]
    fn a_written_problem_reads_back() {
        let vars = Vars::new(["x", "y"]).unwrap();
        let task = Task {
            name: "t".into(),
            vars: vars.clone(),
            train: vec![
                Example {
                    inputs: vec![1, -2],
                    output: -1,
                },
                Example {
                    inputs: vec![-7, 3],
                    output: i64::MIN,
                },
            ],
            test: Vec::new(),
            program: None,
            family: None,
            grammar: None,
        };
        let grammar = Grammar::builder()
            .vars(["x", "y"])
            .literals([-1, 0, 5])
            .ops(Op::ALL)
            .build()
            .unwrap();
        let text = write_problem(&task, &grammar);
        let problem = parse_problem(&text).unwrap();
        assert_eq!(problem.task.train, task.train);
        assert_eq!(problem.task.vars, vars);
        assert!(problem.helpers);
        let read = problem.task.grammar.clone().unwrap();
        assert_eq!(read.ops, grammar.ops());
        assert_eq!(read.literals, vec![-1, 0, 5]);
        let program = Program::parse("(ite (< x 0) (mod x y) (neg (min x y)))", &vars).unwrap();
        let text = solution_text(&problem, &program);
        assert_eq!(
            text,
            "(\n(define-fun f ((x Int) (y Int)) Int (ite (< x 0) (mod0 x y) (- (min2 x y))))\n)"
        );
        assert_eq!(parse_solution(&text, &problem).unwrap(), program);
        let cvc5 = "(\n(define-fun f ((x Int) (y Int)) Int (ite (>= x y) (- 3) (div0 x y)))\n)";
        let read = parse_solution(cvc5, &problem).unwrap();
        assert_eq!(read.sexpr(&vars).to_string(), "(ite (<= y x) -3 (div x y))");
        let with_let = "(define-fun f ((x Int) (y Int)) Int (let ((_let_1 (- 1))) (ite (< x _let_1) _let_1 y)))";
        let read = parse_solution(with_let, &problem).unwrap();
        assert_eq!(read.sexpr(&vars).to_string(), "(ite (< x -1) -1 y)");
    }

    #[test]
    fn constructs_outside_the_fragment_are_named_with_their_line() {
        let cases = [
            ("(synth-fun f ((x Int)) Int)\n(constraint (> (f 1) 2))\n(check-synth)", 2, "constraint"),
            ("(synth-fun f ((x Bool)) Int)\n(check-synth)", 1, "only Int"),
            ("(declare-datatype T ())", 1, "declare-datatype"),
            ("(synth-fun f ((x Int)) Int)\n\n(constraint (= (f 99999999999999999999) 1))\n(check-synth)", 3, "64 bits"),
            ("(synth-fun f ((x Int)) Int ((S Int)) ((S Int (x (str.len S)))))\n(check-synth)", 1, "str.len"),
            ("(synth-fun f ((x Int)) Int)\n(constraint (= (f 1 2) 3))\n(check-synth)", 2, "arguments"),
            ("(synth-fun f ((x Int)) Int\n(check-synth)", 1, "never closed"),
            ("(define-fun g ((a Int)) Int a)", 1, "define-fun `g`"),
            ("(synth-fun f ((x Int)) Int)", 1, "check-synth"),
        ];
        for (text, line, needle) in cases {
            let err = parse_problem(text).unwrap_err();
            assert_eq!(err.line, line, "{text}: {err}");
            assert!(err.to_string().contains(needle), "{text}: {err}");
        }
        let open = parse_problem("(set-info :source \"abc\n(check-synth)").unwrap_err();
        assert_eq!(open.line, 1);
        assert!(open.message.contains("never closed"));
        let deep = format!("{}{}", "(".repeat(5000), ")".repeat(5000));
        assert!(parse_problem(&deep)
            .unwrap_err()
            .message
            .contains("nesting"));
    }
}
