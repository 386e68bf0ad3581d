//! Writing a task as a SyGuS-IF v2 problem.

use std::fmt::Write as _;

use crate::dataset::Task;
use crate::dsl::{Cmp, Op};

use super::solution::smt_int;

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
    // the function's and the nonterminals' names: none a variable's
    let taken: Vec<&str> = task.vars.names().collect();
    let fresh = |base: &str| {
        let mut name = base.to_owned();
        while taken.contains(&name.as_str()) {
            name.push('_');
        }
        name
    };
    let (function, start, boolean) = (fresh("f"), fresh("Start"), fresh("B"));
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
        let symbol = match op {
            Op::Add => "+",
            Op::Sub | Op::Neg => "-",
            Op::Mul => "*",
            Op::Div => "div0",
            Op::Mod => "mod0",
            Op::Abs => "abs",
            Op::Min => "min2",
            Op::Max => "max2",
            Op::Ite(_) => continue,
        };
        productions.push(if op.arity() == 1 {
            format!("({symbol} {start})")
        } else {
            format!("({symbol} {start} {start})")
        });
    }
    let mut declared = format!("(({start} Int)");
    let mut bool_rule = String::new();
    if !cmps.is_empty() {
        productions.push(format!("(ite {boolean} {start} {start})"));
        declared += &format!(" ({boolean} Bool)");
        let conds: Vec<String> = cmps
            .iter()
            .map(|c| format!("({} {start} {start})", c.symbol()))
            .collect();
        bool_rule = format!("\n   ({boolean} Bool ({}))", conds.join(" "));
    }
    declared += ")";
    let _ = writeln!(
        out,
        "(synth-fun {function} ({}) Int\n  {declared}\n  (({start} Int ({})){bool_rule}))",
        params.join(" "),
        productions.join(" ")
    );
    for example in &task.train {
        let args: Vec<String> = example.inputs.iter().map(|&v| smt_int(v)).collect();
        let _ = writeln!(
            out,
            "(constraint (= ({function} {}) {}))",
            args.join(" "),
            smt_int(example.output)
        );
    }
    out += "(check-synth)\n";
    out
}
