//! A user's time limit holds on specs built to break it: a hundred
//! literals with three examples (a hundred hinges, ten thousand pairs, a
//! table of constants that grows a hundredfold a size), eight variables,
//! outputs near `i64::MAX`, `ite` grammars with 128 examples.
//!
//! Each runs every method under a 200 ms limit. The bound asserted is
//! generous (these tests run unoptimized, beside other tests, on a shared
//! machine), so that it cannot flake; it still fails on a phase that does
//! not read the clock, which used to run for seconds to minutes here.
//! `arithsynth overrun` (the benchmark) reports the true figures on the
//! task sets and the SyGuS corpus.

use std::time::{Duration, Instant};

use arithsynth::eval::reference;
use arithsynth::{Grammar, Method, Synthesizer};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

const LIMIT: Duration = Duration::from_millis(200);

/// The most a 200 ms search may take here: unoptimized code and a busy
/// machine stretch the gaps between two readings of the clock, but a
/// phase that never reads it takes far longer than this.
const GENEROUS: Duration = Duration::from_millis(2500);

fn grammar(vars: &[&str], ops: &str, literals: impl IntoIterator<Item = i64>) -> Grammar {
    Grammar::builder()
        .vars(vars.iter().copied())
        .op_names(ops.split_whitespace())
        .literals(literals)
        .build()
        .unwrap()
}

/// Solves `rows` with every method under the limit; checks the time and
/// that any program returned fits.
fn holds(name: &str, grammar: &Grammar, rows: &[(Vec<i64>, i64)]) {
    let methods = if cfg!(feature = "neural") {
        vec![Method::Enumerative, Method::Hybrid, Method::Neural]
    } else {
        vec![Method::Enumerative]
    };
    for method in methods {
        let started = Instant::now();
        let found = Synthesizer::with_grammar(grammar.clone())
            .method(method)
            .time_limit(LIMIT)
            .solve(rows)
            .unwrap_or_else(|err| panic!("{name}, {method}: {err}"));
        let took = started.elapsed();
        assert!(
            took <= GENEROUS,
            "{name}, {method}: {took:?} under a {LIMIT:?} limit"
        );
        if let Some(program) = found.program() {
            for (inputs, output) in rows {
                assert_eq!(reference::eval(program, inputs), *output, "{name}");
            }
        }
    }
}

#[test]
fn a_hundred_literals_and_three_examples() {
    // SyGuS-Comp's int-arith kind: every literal 0..=105 in the grammar
    let grammar = grammar(&["x0", "x1"], "+ - * div", 0..=105);
    let rows = vec![(vec![4, 3], 34), (vec![3, 9], 64), (vec![2, 4], 26)];
    holds("a hundred literals", &grammar, &rows);
    let grammar = grammar_with_branches(0..=105);
    holds("a hundred literals, branches", &grammar, &rows);
}

fn grammar_with_branches(literals: impl IntoIterator<Item = i64>) -> Grammar {
    grammar(&["x0", "x1"], "+ - * div mod min max ite < <= =", literals)
}

#[test]
fn eight_variables() {
    let vars = ["a", "b", "c", "d", "e", "f", "g", "h"];
    let grammar = grammar(&vars, "+ - * div mod min max", 0..=3);
    let mut rng = ChaCha8Rng::seed_from_u64(8);
    let rows: Vec<(Vec<i64>, i64)> = (0..12)
        .map(|_| {
            let inputs: Vec<i64> = (0..8).map(|_| rng.random_range(-50..=50)).collect();
            let output = rng.random_range(-1000..=1000);
            (inputs, output)
        })
        .collect();
    holds("eight variables", &grammar, &rows);
}

#[test]
fn outputs_near_the_largest_integer() {
    let grammar = grammar(&["x"], "+ - * div mod", 0..=3);
    let rows: Vec<(Vec<i64>, i64)> = (1..=6)
        .map(|x| (vec![x], i64::MAX - 7 * x * x))
        .chain([(vec![i64::MIN], i64::MAX), (vec![i64::MAX], i64::MIN + 1)])
        .collect();
    holds("outputs near i64::MAX", &grammar, &rows);
}

#[test]
fn branches_over_128_examples() {
    let grammar = grammar_with_branches(0..=9);
    let mut rng = ChaCha8Rng::seed_from_u64(128);
    let rows: Vec<(Vec<i64>, i64)> = (0..128)
        .map(|i| {
            let inputs = vec![i, rng.random_range(-100..=100)];
            (inputs, rng.random_range(-100..=100))
        })
        .collect();
    holds("ite over 128 random examples", &grammar, &rows);
}

/// A caller's [`Cancel`](arithsynth::Cancel), set from another thread
/// while a search with no time limit runs, stops every method within the
/// same generous bound, and the result says it was cancelled.
#[test]
fn a_cancel_from_another_thread_stops_every_method() {
    // a random table: no program of the grammar's is short enough to find
    let mut rng = ChaCha8Rng::seed_from_u64(7);
    let rows: Vec<(Vec<i64>, i64)> = (1..=24)
        .map(|x: i64| (vec![x], rng.random_range(-1000..=1000)))
        .collect();
    let methods = if cfg!(feature = "neural") {
        vec![Method::Enumerative, Method::Hybrid, Method::Neural]
    } else {
        vec![Method::Enumerative]
    };
    for method in methods {
        let cancel = arithsynth::Cancel::new();
        let stopper = {
            let cancel = cancel.clone();
            std::thread::spawn(move || {
                std::thread::sleep(LIMIT);
                cancel.cancel();
            })
        };
        let mut synthesizer = Synthesizer::new(["x"])
            .method(method)
            .no_time_limit()
            .max_size(40)
            .cancel(cancel);
        if method == Method::Neural {
            // without a time limit, neural search stops at 1,024 samples
            synthesizer = synthesizer.sample_limit(u64::MAX);
        }
        let started = Instant::now();
        let found = synthesizer
            .solve(&rows)
            .unwrap_or_else(|err| panic!("{method}: {err}"));
        let took = started.elapsed();
        stopper.join().unwrap();
        assert!(
            took <= GENEROUS,
            "{method}: cancelled after {LIMIT:?}, back after {took:?}"
        );
        assert_eq!(
            found.gave_up(),
            Some(arithsynth::GaveUp::Cancelled),
            "{method}: {found:?}"
        );
    }
}
