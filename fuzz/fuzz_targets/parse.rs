//! Any bytes: the parser returns a program or an error, never panics, and a
//! parsed program prints to text that parses back to it.
#![no_main]

use arithsynth::{Program, Vars};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let vars = Vars::new(["x", "y", "z"]).expect("valid names");
    if let Ok(program) = Program::parse(text, &vars) {
        let printed = program.sexpr(&vars).to_string();
        let again = Program::parse(&printed, &vars)
            .unwrap_or_else(|err| panic!("printed text does not parse: {printed:?}: {err}"));
        assert!(
            again == program,
            "round trip changed the program.\nrepro: Program::parse({text:?}, &Vars::new([\"x\", \"y\", \"z\"])?)\nprinted: {printed}"
        );
        let _ = program.infix(&vars).to_string();
    }
});
