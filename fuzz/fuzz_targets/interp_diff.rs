//! Arbitrary program and inputs: the compiled interpreter (batched, row by
//! row) equals the reference interpreter.
#![no_main]

use arithsynth::eval::{reference, Cache, Compiled};
use arithsynth::{Inputs, Node, Op, Program, Vars};
use libfuzzer_sys::fuzz_target;

const VALUES: [i64; 8] = [i64::MIN, i64::MAX, -1, 0, 1, 2, 3, -7];

/// Reads bytes as a little stack machine: every byte is a node; operators
/// short of operands are skipped; leftover trees are joined with `+`.
fn decode(data: &[u8]) -> (Program, Inputs) {
    let (&rows, data) = data.split_first().unwrap_or((&0, &[]));
    let split = data.len() / 2;
    let (code, values) = data.split_at(split);
    let mut nodes = Vec::new();
    let mut depth = 0usize;
    let mut bytes = code.iter();
    while let Some(&b) = bytes.next() {
        let node = match b % 20 {
            0..=2 => Node::Var(b / 20 % 3),
            3 => Node::Lit(VALUES[usize::from(b / 20 % 8)]),
            4..=7 => {
                let mut raw = [0u8; 8];
                for slot in &mut raw[..usize::from(b % 4) * 2 + 1] {
                    *slot = bytes.next().copied().unwrap_or(0);
                }
                Node::Lit(i64::from_le_bytes(raw) >> (b / 20 % 8))
            }
            k => Node::Op(Op::ALL[usize::from(k - 8)]),
        };
        if depth < node.arity() {
            continue;
        }
        depth = depth + 1 - node.arity();
        nodes.push(node);
    }
    if nodes.is_empty() {
        nodes.push(Node::Var(0));
        depth = 1;
    }
    for _ in 1..depth {
        nodes.push(Node::Op(Op::Add));
    }
    let program = Program::from_postfix(nodes).expect("decoded nodes are well formed");
    let rows = usize::from(rows) * 5;
    let column = |var: usize| -> Vec<i64> {
        (0..rows)
            .map(|i| {
                let at = (i * 3 + var) * 2;
                match (values.get(at), values.get(at + 1)) {
                    (Some(&a), Some(&b)) if a % 4 == 0 => VALUES[usize::from(b % 8)],
                    (Some(&a), Some(&b)) => {
                        i64::from(i16::from_le_bytes([a, b])) * i64::from(a % 7)
                    }
                    _ => i as i64,
                }
            })
            .collect()
    };
    let inputs = Inputs::from_columns((0..3).map(column)).expect("equal columns");
    (program, inputs)
}

fuzz_target!(|data: &[u8]| {
    let (program, inputs) = decode(data);
    let compiled = Compiled::new(&program);
    let mut cache = Cache::new();
    let got = compiled.eval_to_vec(&mut cache, &inputs);
    let vars = Vars::new(["x", "y", "z"]).expect("valid names");
    for (i, row) in inputs.rows().enumerate() {
        let want = reference::eval(&program, &row);
        let single = compiled.eval_row(&mut cache, &row);
        assert!(
            got[i] == want && single == want,
            "compiled {} / row {} != reference {}\nrepro: program {} on row {:?} (batch of {})",
            got[i],
            single,
            want,
            program.sexpr(&vars),
            row.as_slice(),
            inputs.len()
        );
    }
});
