//! The SyGuS reader on licensed problems (`tests/sygus/`: cvc5's
//! regressions and problems written for arithsynth, sources and licences
//! in `tests/sygus/SOURCES.md`): every file outside the integer PBE fragment
//! is a typed outside-the-fragment error; every other one is read, solved
//! by the enumerative search under a small candidate budget, answered with
//! `solution_text`, read back with `parse_solution` and checked on the
//! problem's own constraints by the reference interpreter.

use std::path::{Path, PathBuf};
use std::time::Duration;

use arithsynth::eval::reference;
use arithsynth::search::{Budget, Enumerative, Outcome, Spec, Strategy};
use arithsynth::sygus::{
    holds, parse_problem, parse_solution, solution_text, Dialect, Problem, SygusErrorKind,
};
use arithsynth::{Grammar, Program};

/// Files outside the fragment: universally quantified specifications,
/// other logics, Boolean functions.
const OUTSIDE: &[&str] = &[
    "cvc5-cegisunif-depth1.sy",
    "cvc5-examples-deq.sy",
    "cvc5-feasible-trivial.sy",
    "cvc5-max2-univ.sy",
    "cvc5-pbe-pred-contra.sy",
    "cvc5-repair-const-rl.sy",
    "cvc5-strings-trivial.sy",
    "cvc5-uminus_one.sy",
];

/// Candidates per problem in the test (the crate is unoptimized there).
const CANDIDATES: u64 = 200_000;

/// Problems the test must solve within [`CANDIDATES`] (measured, less a
/// margin).
const SOLVED_FLOOR: usize = 30;

fn corpus() -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/sygus");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .filter(|path| path.extension().is_some_and(|e| e == "sl" || e == "sy"))
        .collect();
    files.sort();
    files
}

fn name(path: &Path) -> String {
    path.file_name().unwrap().to_string_lossy().into_owned()
}

/// The enumerative search on a problem, with its grammar (or the default
/// one over its variables).
fn solve(problem: &Problem, budget: &Budget) -> Option<Program> {
    let spec = Spec::from_task(&problem.task, &Grammar::new(problem.task.vars.clone()))
        .unwrap_or_else(|err| panic!("{}: {err}", problem.function))
        .with_smt_semantics(problem.helpers);
    let outcome = Enumerative::default()
        .solve(&spec, budget)
        .unwrap_or_else(|err| panic!("{}: {err}", problem.function));
    match outcome {
        Outcome::Solved(solution) => Some(solution.program),
        Outcome::Unsolved { .. } => None,
    }
}

/// Prints the answer, reads it back, and checks it on every example, by
/// this crate's semantics and as an SMT checker judges it.
fn check_answer(path: &Path, problem: &Problem, program: &Program) {
    let text = solution_text(problem, program);
    match problem.dialect {
        Dialect::V1 => assert!(text.starts_with("(define-fun"), "{}", path.display()),
        _ => assert!(text.starts_with("(\n(define-fun"), "{}", path.display()),
    }
    let read = parse_solution(&text, problem).unwrap_or_else(|err| {
        panic!(
            "{}: answer does not read back: {err}\n{text}",
            path.display()
        )
    });
    for example in &problem.task.train {
        assert_eq!(
            reference::eval(&read, &example.inputs),
            example.output,
            "{}: {text} on {:?}",
            path.display(),
            example.inputs
        );
    }
    assert!(holds(problem, &read), "{}: {text}", path.display());
}

/// Counts of a run over the corpus.
#[derive(Debug, Default)]
struct Counts {
    read: usize,
    outside: usize,
    solved: usize,
    unsolved: Vec<String>,
}

fn run(budget: &Budget) -> Counts {
    let mut counts = Counts::default();
    for path in corpus() {
        let file = name(&path);
        let text = std::fs::read_to_string(&path).unwrap();
        match parse_problem(&text) {
            Err(err) => {
                assert!(
                    OUTSIDE.contains(&file.as_str()),
                    "{file}: expected to read, got {err}"
                );
                assert_eq!(err.kind, SygusErrorKind::OutsideFragment, "{file}: {err}");
                counts.outside += 1;
            }
            Ok(problem) => {
                assert!(
                    !OUTSIDE.contains(&file.as_str()),
                    "{file}: expected an outside-the-fragment error"
                );
                counts.read += 1;
                match solve(&problem, budget) {
                    Some(program) => {
                        check_answer(&path, &problem, &program);
                        counts.solved += 1;
                    }
                    None => counts.unsolved.push(file),
                }
            }
        }
    }
    counts
}

#[test]
fn sygus_corpus_reads_solves_and_checks() {
    let counts = run(&Budget::candidates(CANDIDATES));
    println!("{counts:?}");
    assert_eq!(counts.outside, OUTSIDE.len(), "{counts:?}");
    assert!(counts.read >= 30, "{counts:?}");
    assert!(counts.solved >= SOLVED_FLOOR, "{counts:?}");
}

/// The measurement for the notes, in release:
/// `cargo test --release -p arithsynth --test lib sygus_corpus_in_ten_seconds -- --ignored --nocapture`
#[test]
#[ignore = "a measurement: run in release"]
fn sygus_corpus_in_ten_seconds() {
    let counts = run(&Budget::time(Duration::from_secs(10)));
    println!(
        "read {}, outside the fragment {}, solved {}, unsolved in 10 s {} {:?}",
        counts.read,
        counts.outside,
        counts.solved,
        counts.unsolved.len(),
        counts.unsolved
    );
}

/// The let-bomb seed of the `sygus` fuzz target (and its replay): the
/// problem reads, the answer in it is a typed too-large error, not a hang.
#[test]
fn sygus_let_bomb_is_a_typed_error() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fuzz/sygus-letbomb");
    let text = std::fs::read_to_string(&path).unwrap();
    assert_eq!(
        text,
        std::fs::read_to_string(
            Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz/corpus/sygus/seed-letbomb.sl")
        )
        .unwrap()
    );
    let problem = parse_problem(&text).unwrap();
    let err = parse_solution(&text, &problem).unwrap_err();
    assert_eq!(err.kind, SygusErrorKind::TooLarge, "{err}");
    assert!(err.line > 4, "in the define-fun: {err}");
}
