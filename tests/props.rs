//! Property tests: the compiled interpreter against the reference, and the
//! printer against the parser.

use arithsynth::eval::{apply, reference, Cache, Compiled};
use arithsynth::{Cmp, Inputs, Node, Op, Program, Vars};
use proptest::prelude::*;

/// Values with the extremes over-represented.
pub fn value() -> impl Strategy<Value = i64> {
    prop_oneof![
        3 => prop_oneof![Just(i64::MIN), Just(i64::MAX), Just(-1i64), Just(0i64), Just(1i64), Just(2i64)],
        4 => -20i64..=20,
        3 => any::<i64>(),
    ]
}

fn leaf(num_vars: u8) -> impl Strategy<Value = Program> {
    prop_oneof![
        (0..num_vars).prop_map(|v| Program::from_postfix([Node::Var(v)]).unwrap()),
        value().prop_map(Program::lit),
    ]
}

/// Programs of every operator over `num_vars` variables.
pub fn program(num_vars: u8) -> impl Strategy<Value = Program> {
    leaf(num_vars).prop_recursive(6, 48, 4, |inner| {
        (
            proptest::sample::select(Op::ALL.to_vec()),
            proptest::collection::vec(inner, 4),
        )
            .prop_map(|(op, children)| Program::apply(op, &children[..op.arity()]).unwrap())
    })
}

fn inputs(num_vars: usize) -> impl Strategy<Value = Inputs> {
    prop_oneof![
        Just(0usize),
        Just(1usize),
        Just(7usize),
        Just(4096usize),
        0usize..1100
    ]
    .prop_flat_map(move |rows| {
        proptest::collection::vec(proptest::collection::vec(value(), rows), num_vars)
            .prop_map(|columns| Inputs::from_columns(columns).unwrap())
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(384))]

    #[test]
    fn compiled_equals_reference(program in program(3), inputs in inputs(3)) {
        let compiled = Compiled::new(&program);
        let mut cache = Cache::new();
        let want = reference::eval_inputs(&program, &inputs);
        prop_assert_eq!(compiled.eval_to_vec(&mut cache, &inputs), want.clone());
        for (i, row) in inputs.rows().enumerate().take(16) {
            prop_assert_eq!(compiled.eval_row(&mut cache, &row), want[i]);
        }
    }

    #[test]
    fn fused_step_equals_reference(
        op in proptest::sample::select(Op::ALL.to_vec()),
        columns in (0usize..70).prop_flat_map(|n| proptest::collection::vec(proptest::collection::vec(value(), n), 4)),
    ) {
        let args: Vec<&[i64]> = columns.iter().take(op.arity()).map(Vec::as_slice).collect();
        let mut out = vec![0; columns[0].len()];
        apply(op, &args, &mut out);
        for (i, got) in out.into_iter().enumerate() {
            let row: Vec<i64> = args.iter().map(|column| column[i]).collect();
            prop_assert_eq!(got, reference::apply(op, &row));
        }
    }

    #[test]
    fn printing_then_parsing_gives_the_same_program(program in program(2)) {
        let vars = Vars::new(["x", "y"]).unwrap();
        let text = program.sexpr(&vars).to_string();
        prop_assert_eq!(Program::parse(&text, &vars).unwrap(), program);
    }

    #[test]
    fn parser_never_panics(text in "[()x y0-9<=+*a-z; \\n-]{0,60}") {
        let vars = Vars::new(["x", "y"]).unwrap();
        if let Ok(program) = Program::parse(&text, &vars) {
            let again = Program::parse(&program.sexpr(&vars).to_string(), &vars).unwrap();
            prop_assert_eq!(again, program);
        }
    }
}

#[test]
fn extreme_grid_on_every_operator() {
    let extremes = [
        i64::MIN,
        i64::MIN + 1,
        -2,
        -1,
        0,
        1,
        2,
        i64::MAX - 1,
        i64::MAX,
    ];
    let mut rows = Vec::new();
    for &a in &extremes {
        for &b in &extremes {
            rows.push([a, b, b, a]);
        }
    }
    let inputs = Inputs::from_rows(4, &rows).unwrap();
    let vars = Vars::new(["a", "b", "c", "d"]).unwrap();
    let mut cache = Cache::new();
    for op in Op::ALL {
        let text = match op {
            Op::Ite(cmp) => format!("(ite ({} a b) c d)", cmp.symbol()),
            op if op.arity() == 1 => format!("({} a)", op.symbol()),
            op => format!("({} a b)", op.symbol()),
        };
        let program = Program::parse(&text, &vars).unwrap();
        let want = reference::eval_inputs(&program, &inputs);
        assert_eq!(
            Compiled::new(&program).eval_to_vec(&mut cache, &inputs),
            want,
            "{text}"
        );
    }
    assert!(Cmp::Le.holds(i64::MIN, i64::MIN));
}
