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
