//! Any bytes as a SyGuS file: the reader returns a problem or an error
//! naming a line, never panics; a problem's task, written back as SyGuS,
//! reads back to the same examples; any solution text is read or refused.
#![no_main]

use arithsynth::sygus::{parse_problem, parse_solution, write_problem};
use arithsynth::{Grammar, OpSet};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    match parse_problem(text) {
        Ok(problem) => {
            let grammar = Grammar::builder()
                .vars(problem.task.vars.names())
                .ops(OpSet::all().iter())
                .literals([0, 1])
                .build()
                .expect("a valid grammar");
            let written = write_problem(&problem.task, &grammar);
            let again = parse_problem(&written)
                .unwrap_or_else(|err| panic!("written problem does not read: {err}\n{written}"));
            assert_eq!(again.task.train, problem.task.train);
            let _ = parse_solution(text, &problem);
        }
        Err(err) => assert!(err.line >= 1, "line numbers start at 1"),
    }
});
