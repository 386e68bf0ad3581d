//! The shared case file: every line on every interpreter.

use arithsynth::eval::{reference, Cache, Compiled};
use arithsynth::{Inputs, Program, Vars};

pub struct Case {
    pub line: usize,
    pub program: Program,
    pub row: Vec<i64>,
    pub output: i64,
}

pub fn load() -> Vec<Case> {
    let vars = Vars::new(["x", "y"]).unwrap();
    include_str!("cases.txt")
        .lines()
        .enumerate()
        .filter(|(_, line)| !line.trim().is_empty() && !line.starts_with('#'))
        .map(|(i, line)| {
            let fields: Vec<&str> = line.split('|').map(str::trim).collect();
            assert_eq!(fields.len(), 3, "cases.txt line {}", i + 1);
            Case {
                line: i + 1,
                program: Program::parse(fields[0], &vars).unwrap(),
                row: fields[1]
                    .split_whitespace()
                    .map(|v| v.parse().unwrap())
                    .collect(),
                output: fields[2].parse().unwrap(),
            }
        })
        .collect()
}

#[test]
fn every_case_on_every_interpreter() {
    let cases = load();
    assert!(cases.len() >= 35);
    let mut cache = Cache::new();
    for case in cases {
        let line = case.line;
        assert_eq!(
            reference::eval(&case.program, &case.row),
            case.output,
            "reference, line {line}"
        );
        let compiled = Compiled::new(&case.program);
        assert_eq!(
            compiled.eval_row(&mut cache, &case.row),
            case.output,
            "compiled row, line {line}"
        );
        for len in [1, 7, 600] {
            let inputs = Inputs::from_rows(2, vec![case.row.clone(); len]).unwrap();
            let out = compiled.eval_to_vec(&mut cache, &inputs);
            assert_eq!(
                out,
                vec![case.output; len],
                "compiled batch of {len}, line {line}"
            );
        }
    }
}
