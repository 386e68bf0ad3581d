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
