//! Checked boundaries: the public search, candidate, ranking, question,
//! completion and simplification functions take programs, specs and rows
//! from a caller that may not match them. Programs that read a variable
//! the spec lacks (up to all eight), i64 extremes, empty and one-element
//! candidate lists, rows narrower than the grammar: no call panics, and
//! what comes back is about the spec it was asked about.

use std::panic::{catch_unwind, AssertUnwindSafe};

use arithsynth::eval::reference;
use arithsynth::search::completion::{complete, CompletionConfig};
use arithsynth::search::literals::task_literals;
use arithsynth::search::simplify::simplify;
use arithsynth::search::thresholds::settle_thresholds;
use arithsynth::search::unify::{unify, UnifyConfig};
use arithsynth::search::{
    beyond_rows, check_input, check_input_for, distinguishing_input, rank, refine, Budget,
    Deadline, Enumerative, Occam, Prior, Spec, Strategy,
};
use arithsynth::{Example, Grammar, Program};
use proptest::prelude::*;

use crate::props::{program, value};

/// A spec over `vars` variables of the default grammar with `ite` and
/// `min`/`max`, from rows of extremes (inputs distinct).
fn spec(vars: usize, rows: &[(Vec<i64>, i64)]) -> Option<Spec> {
    let names = ["a", "b", "c", "d", "e", "f", "g", "h"];
    let grammar = Grammar::builder()
        .vars(names[..vars].iter().copied())
        .op_names([
            "+", "-", "*", "div", "mod", "min", "max", "ite", "<", "<=", "=",
        ])
        .literals([-1, 0, 1, 2, 3, i64::MAX])
        .build()
        .ok()?;
    let mut train: Vec<Example> = Vec::new();
    for (inputs, output) in rows {
        let inputs: Vec<i64> = inputs.iter().copied().cycle().take(vars).collect();
        if inputs.len() == vars && !train.iter().any(|e| e.inputs == inputs) {
            train.push(Example::new(inputs, *output));
        }
    }
    Spec::new(grammar, train, Vec::new()).ok()
}

/// Runs `f`, failing the property with `what` if it panics.
fn no_panic<T>(what: &str, f: impl FnOnce() -> T) -> Result<T, TestCaseError> {
    catch_unwind(AssertUnwindSafe(f)).map_err(|_| TestCaseError::fail(format!("{what} panicked")))
}

fn reads_within(spec: &Spec, program: &Program) -> bool {
    program.min_vars() <= spec.vars().len()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

    #[test]
    fn mismatched_programs_and_rows_never_panic(
        vars in 1usize..=3,
        rows in proptest::collection::vec((proptest::collection::vec(value(), 1..=3), value()), 1..6),
        programs in proptest::collection::vec(program(8), 0..5),
    ) {
        let Some(spec) = spec(vars, &rows) else {
            return Ok(());
        };
        let question = no_panic("distinguishing_input", || distinguishing_input(&spec, &programs))?;
        if let Some(row) = question {
            prop_assert_eq!(row.len(), vars);
        }
        no_panic("check_input", || check_input(&spec))?;
        for p in &programs {
            let check = no_panic("check_input_for", || check_input_for(&spec, p))?;
            if !reads_within(&spec, p) {
                prop_assert_eq!(check, None);
            }
            no_panic("settle_thresholds", || settle_thresholds(&spec, p))?;
            let simple = no_panic("simplify", || simplify(&spec, p, &Prior, &Deadline::never()))?;
            if reads_within(&spec, p) {
                for e in spec.train() {
                    prop_assert_eq!(reference::eval(&simple, &e.inputs), reference::eval(p, &e.inputs));
                }
            }
        }
        for width in [0usize, 1, vars, 8] {
            let beyond = if width == vars {
                beyond_rows(&spec, 8)
            } else {
                arithsynth::Inputs::from_rows(width, (0..4).map(|_| vec![7i64; width]))
                    .unwrap_or_else(|_| beyond_rows(&spec, 8))
            };
            let ranked = no_panic("rank", || rank(&spec, programs.clone(), &Occam, &beyond))?;
            prop_assert!(ranked.iter().all(|c| reads_within(&spec, &c.program)));
        }
        no_panic("complete", || complete(&spec, &programs, &CompletionConfig::default()))?;
        no_panic("unify", || unify(&spec, &programs, &UnifyConfig::default()))?;
        let narrow: Vec<Example> = rows.iter().map(|(i, o)| Example::new(i.clone(), *o)).collect();
        no_panic("task_literals", || task_literals(spec.grammar(), &narrow, 3))?;
        // a solution with candidates that read variables the spec lacks
        let outcome = Enumerative::default().solve(&spec, &Budget::candidates(2_000));
        if let Ok(outcome) = outcome {
            if let Some(solution) = outcome.solution() {
                let mut solution = solution.clone();
                solution.ranked.extend(programs.iter().map(|p| arithsynth::search::Candidate {
                    program: p.clone(),
                    score: 0.0,
                    disagreement: 0,
                }));
                let example = Example::new(vec![i64::MIN; vars], i64::MAX);
                if let Ok((refined, Some(left))) =
                    no_panic("refine", || refine(&spec, &solution, example, &Prior))?
                {
                    prop_assert!(left.ranked.iter().all(|c| reads_within(&refined, &c.program)));
                }
                no_panic("rerank", || solution.rerank(&spec, &Prior))?;
                prop_assert!(solution.ranked.iter().all(|c| reads_within(&spec, &c.program)));
            }
        }
    }
}

#[test]
fn empty_and_single_candidate_lists_ask_nothing() {
    let spec = spec(1, &[(vec![1], 2), (vec![2], 4)]).unwrap();
    assert_eq!(distinguishing_input(&spec, &[]), None);
    let one = spec.grammar().parse("(+ a a)").unwrap();
    assert_eq!(
        distinguishing_input(&spec, std::slice::from_ref(&one)),
        None
    );
    assert!(rank(&spec, Vec::new(), &Occam, &beyond_rows(&spec, 4)).is_empty());
}
