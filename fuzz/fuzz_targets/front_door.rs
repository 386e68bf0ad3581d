//! Decoding fuzz bytes into what a caller of the front door passes: a
//! grammar (an operator subset, 0–200 literals with i64 extremes, 1–8
//! variables), rows (1–64, with extremes, duplicates and contradictions),
//! a method and limits; and the two targets' checks, [`synthesize`] and
//! [`session`]. Shared by the `synthesize` and `session` targets and by the
//! replays of their findings (`tests/fuzz.rs`).
#![allow(dead_code)] // each user calls one of the checks

use std::time::{Duration, Instant};

use arithsynth::eval::reference;
use arithsynth::search::SearchError;
use arithsynth::{Error, Grammar, Method, Synthesizer};

const VALUES: [i64; 8] = [i64::MIN, i64::MAX, -1, 0, 1, 2, 3, 100];
const OPS: [&str; 13] = [
    "+", "-", "*", "div", "mod", "neg", "abs", "min", "max", "ite", "<", "<=", "=",
];
const NAMES: [&str; 8] = ["a", "b", "c", "d", "e", "f", "g", "h"];

/// Bytes, one at a time, zero when they run out.
pub struct Bytes<'a>(pub std::slice::Iter<'a, u8>);

impl Bytes<'_> {
    pub fn next(&mut self) -> u8 {
        self.0.next().copied().unwrap_or(0)
    }

    pub fn value(&mut self) -> i64 {
        let b = self.next();
        if b < 128 {
            VALUES[usize::from(b % 8)]
        } else {
            let mut raw = [0u8; 8];
            for slot in &mut raw[..usize::from(b % 8) + 1] {
                *slot = self.next();
            }
            i64::from_le_bytes(raw)
        }
    }
}

/// Rows as the front door takes them: inputs and output.
pub type Rows = Vec<(Vec<i64>, i64)>;

/// A synthesizer and its rows from `bytes`, or `None` for a grammar the
/// builder refuses (e.g. `<` without `ite`).
pub fn decode(bytes: &mut Bytes<'_>) -> Option<(Synthesizer, Rows, Duration)> {
    let vars = usize::from(bytes.next() % 8) + 1;
    let mask = u16::from_le_bytes([bytes.next(), bytes.next()]);
    let ops: Vec<&str> = OPS
        .iter()
        .enumerate()
        .filter(|(i, _)| mask & (1 << i) != 0)
        .map(|(_, op)| *op)
        .collect();
    let literals: Vec<i64> = (0..usize::from(bytes.next()) % 201)
        .map(|_| bytes.value())
        .collect();
    let grammar = Grammar::builder()
        .vars(NAMES[..vars].iter().copied())
        .op_names(ops.iter().copied())
        .literals(literals)
        .build()
        .ok()?;
    let rows: Rows = (0..usize::from(bytes.next() % 64) + 1)
        .map(|_| ((0..vars).map(|_| bytes.value()).collect(), bytes.value()))
        .collect();
    let method = match bytes.next() % 3 {
        0 => Method::Enumerative,
        1 => Method::Hybrid,
        _ => Method::Neural,
    };
    let limit = Duration::from_millis(u64::from(bytes.next() % 50) + 1);
    let synthesizer = Synthesizer::with_grammar(grammar)
        .method(method)
        .time_limit(limit)
        .candidate_limit(u64::from(bytes.next()) * 400)
        .task_literals(usize::from(bytes.next() % 4));
    Some((synthesizer, rows, limit))
}

/// An error the front door documents for what [`decode`] makes:
/// contradictory rows (same inputs, other outputs) and the model of a build
/// without it.
fn documented(err: &Error) -> bool {
    matches!(
        err,
        Error::Spec(_) | Error::Search(SearchError::Unavailable { .. })
    )
}

/// The `synthesize` target's check: no panic; an error only for the
/// documented bad-input cases; every program returned fits every row by the
/// reference interpreter; with a `cpu_clock` (the process's CPU time), the
/// call is back within twice its time limit plus 100 ms.
///
/// The time is the smaller of the wall clock and the CPU time the call
/// used: a phase that works past the deadline shows in both, while a
/// process the machine starves (a niced fuzzer beside builds) shows only
/// in the wall clock, and is no overrun of the library's.
pub fn synthesize(data: &[u8], cpu_clock: Option<fn() -> Duration>) {
    let mut bytes = Bytes(data.iter());
    let Some((synthesizer, rows, limit)) = decode(&mut bytes) else {
        return;
    };
    let cpu_before = cpu_clock.map(|clock| clock());
    let started = Instant::now();
    let result = synthesizer.solve(&rows);
    let took = started.elapsed();
    if let (Some(clock), Some(before)) = (cpu_clock, cpu_before) {
        let worked = took.min(clock().saturating_sub(before));
        assert!(
            worked <= limit * 2 + Duration::from_millis(100),
            "{worked:?} (wall {took:?}) under a {limit:?} limit"
        );
        // a wait that uses no CPU (a lock, a join) shows only in the wall
        // clock: a loose bound on it still catches one that never ends
        assert!(
            took <= limit * 20 + Duration::from_secs(2),
            "wall {took:?} under a {limit:?} limit"
        );
    }
    match result {
        Ok(found) => {
            if let Some(program) = found.program() {
                for (inputs, output) in &rows {
                    assert_eq!(reference::eval(program, inputs), *output, "{found}");
                }
            }
        }
        Err(err) if documented(&err) => {}
        Err(other) => panic!("an undocumented error: {other}"),
    }
}

/// The `session` target's check: a session, then up to four questions (or
/// checks) answered from the bytes. No panic; an error only for the
/// documented bad-input cases; a question has one value per variable and is
/// no example yet; every program found fits every row answered so far.
pub fn session(data: &[u8]) {
    let mut bytes = Bytes(data.iter());
    let Some((synthesizer, rows, _)) = decode(&mut bytes) else {
        return;
    };
    let mut session = match synthesizer.session(&rows) {
        Ok(session) => session,
        Err(err) if documented(&err) => return,
        Err(err) => panic!("an undocumented error: {err}"),
    };
    for _ in 0..4 {
        let question = if bytes.next() % 2 == 0 {
            session.question()
        } else {
            session.check()
        };
        let Some(inputs) = question else {
            break;
        };
        assert_eq!(inputs.len(), session.spec().vars().len());
        assert!(session.spec().train().iter().all(|e| e.inputs != inputs));
        let answer = bytes.value();
        match session.answer(&inputs, answer) {
            Ok(_) => {}
            Err(err) if documented(&err) => break,
            Err(err) => panic!("an undocumented error: {err}"),
        }
        if let Some(program) = session.synthesis().program() {
            for e in session.spec().train() {
                assert_eq!(reference::eval(program, &e.inputs), e.output);
            }
        }
    }
}
