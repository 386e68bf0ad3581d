//! The front door on arbitrary grammars and rows ([`front_door::decode`]),
//! every method, tiny limits. No panic; an error only for the documented
//! bad-input cases (contradictory rows, a part this build lacks); every
//! program returned fits every row by the reference interpreter; the call
//! is back within twice its time limit plus 100 ms.
#![no_main]

mod front_door;

use std::time::{Duration, Instant};

use arithsynth::eval::reference;
use arithsynth::search::SearchError;
use arithsynth::Error;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let mut bytes = front_door::Bytes(data.iter());
    let Some((synthesizer, rows, limit)) = front_door::decode(&mut bytes) else {
        return;
    };
    let started = Instant::now();
    let result = synthesizer.solve(&rows);
    let took = started.elapsed();
    assert!(
        took <= limit * 2 + Duration::from_millis(100),
        "{took:?} under a {limit:?} limit"
    );
    match result {
        Ok(found) => {
            if let Some(program) = found.program() {
                for (inputs, output) in &rows {
                    assert_eq!(reference::eval(program, inputs), *output, "{found}");
                }
            }
        }
        // contradictory rows (same inputs, other outputs) and the model
        // of a build without it are the documented errors here
        Err(Error::Spec(_) | Error::Search(SearchError::Unavailable { .. })) => {}
        Err(other) => panic!("an undocumented error: {other}"),
    }
});
