//! Replays of inputs the fuzzers found (files in `tests/fuzz/`), each on the
//! checks its target makes.

use arithsynth::{Program, Vars};

#[test]
fn parse_corpus_replays() {
    let vars = Vars::new(["x", "y", "z"]).unwrap();
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fuzz");
    let mut seen = 0;
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        if path
            .file_name()
            .is_some_and(|n| n.to_string_lossy().starts_with("parse-"))
        {
            let bytes = std::fs::read(&path).unwrap();
            let text = String::from_utf8_lossy(&bytes);
            if let Ok(program) = Program::parse(&text, &vars) {
                let again = Program::parse(&program.sexpr(&vars).to_string(), &vars).unwrap();
                assert_eq!(again, program, "{}", path.display());
            }
            seen += 1;
        }
    }
    assert!(seen >= 1, "no parse- files in {}", dir.display());
}

#[test]
fn sygus_corpus_replays() {
    use arithsynth::sygus::{parse_problem, parse_solution, write_problem};
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fuzz");
    let mut seen = 0;
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        if !path
            .file_name()
            .is_some_and(|n| n.to_string_lossy().starts_with("sygus-"))
        {
            continue;
        }
        let bytes = std::fs::read(&path).unwrap();
        let text = String::from_utf8_lossy(&bytes);
        match parse_problem(&text) {
            Ok(problem) => {
                let grammar = arithsynth::Grammar::builder()
                    .vars(problem.task.vars.names())
                    .build()
                    .unwrap();
                let again = parse_problem(&write_problem(&problem.task, &grammar)).unwrap();
                assert_eq!(again.task.train, problem.task.train, "{}", path.display());
                let _ = parse_solution(&text, &problem);
            }
            Err(err) => assert!(err.line >= 1),
        }
        seen += 1;
    }
    assert!(seen >= 2, "no sygus- files in {}", dir.display());
}

#[path = "../fuzz/fuzz_targets/front_door.rs"]
mod front_door;

/// The files of `tests/fuzz/` whose names start with `prefix`.
fn findings(prefix: &str) -> Vec<std::path::PathBuf> {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fuzz");
    let mut found: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .filter(|path| {
            path.file_name()
                .is_some_and(|n| n.to_string_lossy().starts_with(prefix))
        })
        .collect();
    found.sort();
    found
}

/// The `session` target's findings, on its own checks: an overflow in the
/// task literals' slope (`floor_slope`, 2026-12-06) was the first.
#[test]
fn session_findings_replay() {
    let files = findings("session-");
    assert!(!files.is_empty());
    for path in files {
        front_door::session(&std::fs::read(&path).unwrap());
    }
}

/// The `synthesize` target's findings, on its own checks (untimed: a debug
/// build runs the search slower than the fuzzer's).
#[test]
fn synthesize_findings_replay() {
    for path in findings("synthesize-") {
        front_door::synthesize(&std::fs::read(&path).unwrap(), None);
    }
}
