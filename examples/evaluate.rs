//! Parse a few everyday formulas, evaluate them on a batch of inputs with the
//! compiled interpreter, check each value against the reference interpreter,
//! and print what they compute.
//!
//! Run: `cargo run --release --example evaluate`

use arithsynth::eval::{reference, Compiled};
use arithsynth::{Grammar, Inputs, OpSet, Vars};

fn main() -> Result<(), arithsynth::Error> {
    let vars = Vars::new(["x", "y"])?;
    let grammar = Grammar::builder()
        .vars(vars.names())
        .ops(OpSet::all().iter())
        .literals([0, 1, 2, 3, 7, 10, 60, 100, 3600])
        .build()?;
    let formulas = [
        ("hours and minutes to minutes", "(+ (* x 60) y)"),
        ("last digit", "(mod x 10)"),
        ("round down to a multiple of y", "(* (div x y) y)"),
        ("clamp x to [0, 100]", "(max 0 (min x 100))"),
        ("distance", "(abs (- x y))"),
        (
            "price: 10 a unit for two, 7 from the third",
            "(+ (* x 7) (* 3 (min x 2)))",
        ),
    ];
    let inputs = Inputs::from_rows(2, [[0, 1], [7, 3], [125, 10], [-13, 4], [3599, 60]])?;
    let mut cache = arithsynth::eval::Cache::new();
    println!(
        "inputs (x, y): {:?}\n",
        inputs.rows().map(|r| (r[0], r[1])).collect::<Vec<_>>()
    );
    for (name, text) in formulas {
        let program = grammar.parse(text)?;
        grammar.admits(&program)?;
        let compiled = Compiled::new(&program);
        let outputs = compiled.eval_to_vec(&mut cache, &inputs);
        assert_eq!(outputs, reference::eval_inputs(&program, &inputs), "{text}");
        println!("{name}");
        println!("  {}   =   {}", program.sexpr(&vars), program.infix(&vars));
        println!(
            "  size {}, depth {}, {} bytecode instructions: {:?}\n",
            program.size(),
            program.depth(),
            compiled.len(),
            outputs
        );
    }
    println!("every output matched the reference interpreter");
    Ok(())
}
