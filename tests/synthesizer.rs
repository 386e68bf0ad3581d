//! The front door: the five-line use, its errors, and the same answer
//! every time.

use std::ops::ControlFlow;
use std::time::Duration;

use arithsynth::search::{SearchError, SpecError};
use arithsynth::{Error, GaveUp, Grammar, Method, Synthesizer};

#[test]
fn five_lines_find_a_program() {
    let found = Synthesizer::new(["x"])
        .time_limit(Duration::from_secs(5))
        .method(Method::Enumerative)
        .solve(&[(&[1][..], 3), (&[2], 5), (&[5], 11)])
        .unwrap();
    assert!(found.is_found());
    assert_eq!(found.gave_up(), None);
    let program = found.program().unwrap();
    assert_eq!(program.size(), 5);
    for (x, y) in [(1, 3), (2, 5), (5, 11)] {
        assert_eq!(arithsynth::eval::reference::eval(program, &[x]), y);
    }
    // Display is the S-expression; the report adds infix and counts
    assert_eq!(found.to_string(), found.sexpr().unwrap().to_string());
    assert!(found.to_string().starts_with('('));
    let report = found.report().to_string();
    assert!(report.starts_with("found ("), "{report}");
    assert!(report.contains("candidates"), "{report}");
}

#[test]
fn rows_can_be_vectors_or_arrays() {
    let rows = vec![(vec![1, 2], 3), (vec![4, -1], 3), (vec![0, 0], 0)];
    let found = Synthesizer::new(["x", "y"])
        .method(Method::Enumerative)
        .candidate_limit(100_000)
        .solve(&rows)
        .unwrap();
    assert_eq!(found.program().map(arithsynth::Program::size), Some(3));
    let arrays = [([1, 2], 3), ([4, -1], 3), ([0, 0], 0)];
    let again = Synthesizer::new(["x", "y"])
        .method(Method::Enumerative)
        .candidate_limit(100_000)
        .solve(&arrays)
        .unwrap();
    assert_eq!(found.program(), again.program());
}

#[test]
fn not_found_is_a_value_with_a_reason_and_the_best_so_far() {
    // x^7 + 5 needs 15 nodes: not within 20,000 candidates
    let rows: Vec<([i64; 1], i64)> = (1..7_i64).map(|x| ([x], x.pow(7) + 5)).collect();
    let found = Synthesizer::new(["x"])
        .method(Method::Enumerative)
        .no_time_limit()
        .candidate_limit(20_000)
        .solve(&rows)
        .unwrap();
    assert!(!found.is_found());
    assert_eq!(found.program(), None);
    assert_eq!(found.gave_up(), Some(GaveUp::CandidateLimit));
    assert!(found.gave_up().unwrap().is_limit());
    let (best, matched) = found.best().expect("some program was tried");
    assert!(matched >= 1 && matched < rows.len(), "{matched}");
    assert!(best.size() >= 1);
    assert!(found
        .to_string()
        .starts_with("no program found (candidate limit)"));

    // a space searched to its end is not a limit
    let small = Synthesizer::new(["x"])
        .method(Method::Enumerative)
        .max_size(5)
        .solve(&rows)
        .unwrap();
    assert_eq!(small.gave_up(), Some(GaveUp::Exhausted));
    assert!(!small.gave_up().unwrap().is_limit());

    // the memory limit
    let tight = Synthesizer::new(["x"])
        .method(Method::Enumerative)
        .memory_limit(32 << 10)
        .solve(&rows)
        .unwrap();
    assert_eq!(tight.gave_up(), Some(GaveUp::MemoryLimit));
}

#[test]
fn cancelled_by_progress() {
    let rows: Vec<([i64; 2], i64)> = (1..7)
        .map(|x: i64| ([x, 3 - x], x.pow(5) * (3 - x).pow(3)))
        .collect();
    let mut calls = 0;
    let found = Synthesizer::new(["x", "y"])
        .method(Method::Enumerative)
        .solve_with(&rows, &mut |progress| {
            calls += 1;
            assert!(progress.candidates > 0);
            ControlFlow::Break(())
        })
        .unwrap();
    assert_eq!(calls, 1);
    assert_eq!(found.gave_up(), Some(GaveUp::Cancelled));
}

#[test]
fn bad_input_is_an_error_naming_what_is_wrong() {
    let enumerative = |vars: &[&str]| Synthesizer::new(vars).method(Method::Enumerative);
    // contradictory rows: named before any search
    let err = enumerative(&["x"])
        .solve(&[([1], 3), ([2], 5), ([1], 4)])
        .unwrap_err();
    match &err {
        Error::Spec(SpecError::Contradictory {
            first,
            second,
            inputs,
            first_output,
            second_output,
        }) => {
            assert_eq!((*first, *second), (0, 2));
            assert_eq!(inputs, &[1]);
            assert_eq!((*first_output, *second_output), (3, 4));
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(
        err.to_string(),
        "examples 0 and 2 contradict each other: inputs [1] give 3 and 4"
    );
    // the same row twice is fine
    assert!(enumerative(&["x"])
        .candidate_limit(10_000)
        .solve(&[([1], 3), ([1], 3), ([2], 5)])
        .is_ok());
    // a row of the wrong width
    let err = enumerative(&["x", "y"])
        .solve(&[(vec![1, 2], 3), (vec![1], 3)])
        .unwrap_err();
    assert!(
        matches!(err, Error::Spec(SpecError::Arity { index: 1, .. })),
        "{err:?}"
    );
    // no rows
    let none: [([i64; 1], i64); 0] = [];
    assert!(matches!(
        enumerative(&["x"]).solve(&none).unwrap_err(),
        Error::Spec(SpecError::NoExamples)
    ));
    // bad variable names
    let err = enumerative(&["x", "x"]).solve(&[([1, 2], 3)]).unwrap_err();
    assert!(matches!(err, Error::Vars(_)), "{err:?}");
    // an enumeration that cannot start is an error, not an exhausted space
    let err = enumerative(&["x"])
        .max_size(0)
        .solve(&[([1], 3)])
        .unwrap_err();
    assert!(
        matches!(err, Error::Search(SearchError::Enumerate(_))),
        "{err:?}"
    );
}

#[test]
fn a_grammar_of_ones_own() {
    let grammar = Grammar::builder()
        .vars(["a", "b"])
        .op_names(["+", "max"])
        .literals([0, 1])
        .build()
        .unwrap();
    let found = Synthesizer::with_grammar(grammar)
        .method(Method::Enumerative)
        .candidate_limit(100_000)
        .solve(&[([1, 5], 6), ([7, 2], 8), ([-3, -4], -2)])
        .unwrap();
    // max(a, b) + 1
    assert_eq!(found.program().map(arithsynth::Program::size), Some(5));
    assert!(found.infix().unwrap().to_string().contains("max"));
}

#[test]
fn methods_parse_from_their_names() {
    for method in [Method::Enumerative, Method::Neural, Method::Hybrid] {
        assert_eq!(method.name().parse::<Method>().unwrap(), method);
    }
    let err = "beam".parse::<Method>().unwrap_err();
    assert_eq!(
        err.to_string(),
        "unknown method `beam` (expected enumerative, neural or hybrid)"
    );
}

/// Everything of a synthesis but the wall clock.
fn counts(found: &arithsynth::Synthesis) -> (Option<String>, u64, u64, Option<GaveUp>) {
    (
        found.sexpr().map(|s| s.to_string()),
        found.candidates(),
        found.samples(),
        found.gave_up(),
    )
}

#[test]
fn the_same_seed_gives_the_same_program_and_counts() {
    // ambiguous examples: many programs of the same size fit, so ties
    // decide the answer
    let rows = [([3, 1], 4), ([0, 2], 2), ([5, 5], 10)];
    let methods: &[Method] = if cfg!(feature = "neural") {
        &[Method::Enumerative, Method::Neural, Method::Hybrid]
    } else {
        &[Method::Enumerative]
    };
    for &method in methods {
        let synthesizer = Synthesizer::new(["x", "y"])
            .method(method)
            .no_time_limit()
            .candidate_limit(50_000)
            .sample_limit(48)
            .seed(7);
        let first = synthesizer.solve(&rows).unwrap();
        let second = synthesizer.clone().solve(&rows).unwrap();
        assert_eq!(counts(&first), counts(&second), "{method}");
        let fresh = Synthesizer::new(["x", "y"])
            .method(method)
            .no_time_limit()
            .candidate_limit(50_000)
            .sample_limit(48)
            .seed(7)
            .solve(&rows)
            .unwrap();
        assert_eq!(counts(&first), counts(&fresh), "{method}");
    }
}

#[test]
fn any_thread_count_gives_the_same_program_and_counts() {
    // beyond size 9 for two variables: the enumeration runs long enough
    // for many batches
    let long = vec![
        ([3, 1], 31),
        ([0, 2], 10),
        ([5, 5], 150),
        ([-2, 4], 2),
        ([7, -3], 44),
        ([1, 1], 4),
    ];
    // found in the middle of a batch: the count is the one at the program,
    // not at the end of the batch the workers ran ahead to
    let mid_batch: Vec<([i64; 2], i64)> = [(1, 2), (3, -1), (0, 4), (5, 5), (-2, 3)]
        .map(|(x, y)| ([x, y], x * x * y - 3 * y + x))
        .to_vec();
    let methods: &[Method] = if cfg!(feature = "neural") {
        &[Method::Enumerative, Method::Hybrid]
    } else {
        &[Method::Enumerative]
    };
    for rows in [long, mid_batch] {
        for &method in methods {
            let run = |threads: usize| {
                let found = Synthesizer::new(["x", "y"])
                    .method(method)
                    .no_time_limit()
                    .candidate_limit(400_000)
                    .sample_limit(16)
                    .threads(threads)
                    .solve(&rows)
                    .unwrap();
                counts(&found)
            };
            let one = run(1);
            assert_eq!(one, run(2), "{method} on {rows:?}");
            assert_eq!(one, run(3), "{method} on {rows:?}");
        }
    }
}

#[cfg(feature = "neural")]
#[test]
fn the_default_is_the_hybrid_on_the_embedded_model() {
    let synthesizer = Synthesizer::new(["x"]);
    assert_eq!(Method::default(), Method::Hybrid);
    let found = synthesizer
        .clone()
        .no_time_limit()
        .candidate_limit(200_000)
        .solve(&[([1], 3), ([2], 5), ([5], 11)])
        .unwrap();
    assert!(found.is_found());
    assert_eq!(found.outcome().solution().unwrap().strategy, "hybrid");
    // neural sampling draws from the same model
    let sampled = synthesizer
        .method(Method::Neural)
        .no_time_limit()
        .sample_limit(64)
        .solve(&[([0], 0), ([4], 4)])
        .unwrap();
    assert!(sampled.samples() > 0 && sampled.samples() <= 64);
}

/// Scores a program by how many `*` it has, times a sign.
struct Products(f64);

impl arithsynth::search::Ranker for Products {
    fn name(&self) -> &str {
        "products"
    }

    fn score(&self, _: &arithsynth::search::Spec, program: &arithsynth::Program) -> f64 {
        let products = program
            .nodes()
            .iter()
            .filter(|n| **n == arithsynth::Node::Op(arithsynth::Op::Mul))
            .count();
        self.0 * f64::from(u32::try_from(products).unwrap())
    }
}

#[test]
fn the_ranker_picks_among_the_kept_fits() {
    // x + x and x * x both fit: the ranker decides
    let rows = [([0], 0), ([2], 4)];
    let run = |sign: f64| {
        Synthesizer::new(["x"])
            .method(Method::Enumerative)
            .no_time_limit()
            .candidate_limit(20_000)
            .candidates(arithsynth::search::CandidateConfig::alternatives())
            .ranker(Products(sign))
            .solve(&rows)
            .unwrap()
    };
    let with = run(1.0);
    let without = run(-1.0);
    assert!(with.ranked().len() > 1);
    assert_eq!(with.sexpr().unwrap().to_string(), "(* x x)");
    assert!(!without.sexpr().unwrap().to_string().contains('*'));
    assert_eq!(with.ranked().len(), without.ranked().len());
    // the learned ranker runs without a model, too
    let learned = Synthesizer::new(["x"])
        .method(Method::Enumerative)
        .no_time_limit()
        .candidate_limit(20_000)
        .candidates(arithsynth::search::CandidateConfig::alternatives())
        .ranker(arithsynth::search::Learned::default())
        .solve(&rows)
        .unwrap();
    assert!(learned
        .ranked()
        .windows(2)
        .all(|w| w[0].score >= w[1].score));
}

#[test]
fn every_strategy_the_command_line_names_is_a_synthesizer() {
    for name in ["enumerative", "neural"]
        .into_iter()
        .chain(arithsynth::search::HybridConfig::VARIANTS)
    {
        let synthesizer = Synthesizer::new(["x"]).strategy(name).unwrap();
        assert_eq!(synthesizer.strategy_name(), name);
    }
    let err = Synthesizer::new(["x"]).strategy("beam").unwrap_err();
    let text = err.to_string();
    assert!(text.starts_with("unknown strategy `beam`"), "{text}");
    assert!(text.contains("hybrid-no-completion"), "{text}");
}

/// A program that only fits is a reason to ask before answering; one
/// that generalizes, on which the candidates agree, is the answer.
#[test]
fn a_session_asks_before_answering_with_a_program_that_only_fits() {
    use arithsynth::Verdict;
    let synthesizer = Synthesizer::new(["n"])
        .method(Method::Enumerative)
        .no_time_limit()
        .candidate_limit(200_000);
    // three digits of pi
    let digits = synthesizer
        .session(&[([0], 3), ([1], 1), ([2], 4)])
        .unwrap();
    assert_eq!(digits.synthesis().verdict(), Verdict::FitsOnly);
    assert!(digits.synthesis().evidence().unwrap() < 0.0);
    let question = digits.question().expect("a question before answering");
    assert_eq!(question.len(), 1);
    let rows: Vec<([i64; 1], i64)> = (0..10).map(|n| ([n], 3 * n + 2)).collect();
    let formula = synthesizer.session(&rows).unwrap();
    assert_eq!(formula.synthesis().verdict(), Verdict::Generalizes);
    assert_eq!(formula.question(), None, "{:?}", formula.synthesis());
    assert!(formula
        .synthesis()
        .report()
        .to_string()
        .contains("generalizes: evidence"));
}

/// Where the node code leaves an answer below the threshold, the front
/// door counts its function code within the call's limits, and the
/// evidence is the shortest code's. Eight outputs of `9 mod (x div 9)`
/// (9 where x div 9 is 0): a nine-node program costs more node by node
/// than the outputs, but it is one of few functions of nine nodes.
#[test]
fn the_front_door_counts_the_function_code_below_the_threshold() {
    use arithsynth::search::evidence::Code;
    use arithsynth::Verdict;
    let synthesizer = Synthesizer::new(["x"])
        .method(Method::Enumerative)
        .no_time_limit()
        .candidate_limit(4_000_000);
    let rows: Vec<([i64; 1], i64)> = [12, 60, -20, 14, -12, 8, 18, 30]
        .into_iter()
        .map(|x: i64| {
            let q = x.div_euclid(9);
            ([x], if q == 0 { 9 } else { 9i64.rem_euclid(q) })
        })
        .collect();
    let found = synthesizer.solve(&rows).unwrap();
    let terms = found.evidence_terms().unwrap();
    assert!(terms.null_bits - terms.program_bits < -8.0, "{terms:?}");
    let functions = terms.function_bits.expect("counted below the threshold");
    assert!(functions < terms.program_bits, "{terms:?}");
    assert_eq!(terms.code(), Code::Functions);
    assert_eq!(found.evidence(), Some(terms.null_bits - functions));
    assert_eq!(found.verdict(), Verdict::Generalizes);
    // the count is part of the call: within what is left of its candidates
    let starved = synthesizer
        .clone()
        .candidate_limit(found.candidates() + 10)
        .solve(&rows)
        .unwrap();
    assert_eq!(starved.program(), found.program());
    assert_eq!(starved.evidence_terms().unwrap().function_bits, None);
    assert_eq!(starved.verdict(), Verdict::FitsOnly);
    // where the node code already clears the threshold, nothing is counted
    let lenient = synthesizer.evidence_threshold(-100.0).solve(&rows).unwrap();
    let terms = lenient.evidence_terms().unwrap();
    assert_eq!(terms.function_bits, None, "{terms:?}");
    assert_eq!(terms.code(), Code::Nodes);
    assert!(lenient.evidence() < found.evidence());
}

/// The hybrid without its learned half reads no model, so it runs, and
/// builds, without the `neural` feature: enumeration, completion and case
/// splits alone.
#[test]
fn the_hybrid_without_its_learned_half_needs_no_model() {
    let synthesizer = arithsynth::Synthesizer::new(["n"])
        .strategy("hybrid-no-learning")
        .unwrap()
        .no_time_limit()
        .candidate_limit(200_000);
    assert!(!synthesizer.uses_model());
    assert!(arithsynth::Synthesizer::new(["n"])
        .strategy("hybrid")
        .unwrap()
        .uses_model());
    // a cubic from ten terms: the completion's, past what enumeration reaches
    let rows: Vec<([i64; 1], i64)> = (0..10).map(|n| ([n], n * n * n - 2 * n + 7)).collect();
    let found = synthesizer.solve(&rows).unwrap();
    let program = found.program().expect("the completion fits a cubic");
    for n in -20..40 {
        assert_eq!(
            arithsynth::eval::reference::eval(program, &[n]),
            n * n * n - 2 * n + 7
        );
    }
}

/// A user's building blocks are leaves of the hybrid's enumeration: the
/// smaller of two digits in the hundreds is eleven nodes, past what the
/// same candidates reach without them, and three over the block.
#[test]
fn a_users_blocks_reach_past_the_plain_enumeration() {
    use arithsynth::search::blocks::Library;
    let eval =
        |n: i64, k: i64| (n.div_euclid(100).rem_euclid(10)).min(k.div_euclid(100).rem_euclid(10));
    let inputs: [(i64, i64); 12] = [
        (4821, 1375),
        (967, 2504),
        (3310, 8842),
        (7159, 6213),
        (2648, 9981),
        (5502, 4730),
        (8094, 3167),
        (1436, 7558),
        (6775, 1209),
        (9263, 5886),
        (3987, 2691),
        (5120, 8403),
    ];
    let rows: Vec<([i64; 2], i64)> = inputs.iter().map(|&(n, k)| ([n, k], eval(n, k))).collect();
    let grammar = Grammar::builder()
        .vars(["n", "k"])
        .op_names(["+", "-", "*", "div", "mod", "min"])
        .literals([0, 1, 10, 100])
        .build()
        .unwrap();
    let plain = Synthesizer::with_grammar(grammar)
        .strategy("hybrid-no-learning")
        .unwrap()
        .no_time_limit()
        .candidate_limit(300_000);
    let library = Library::parse("# hundreds digit\n(mod (div a 100) 10)\n").unwrap();
    let with_blocks = plain.clone().blocks(library).solve(&rows).unwrap();
    let program = with_blocks.program().expect("found over the block");
    for (n, k) in [(0, 0), (12345, 999), (-450, 77), (100, 1000)] {
        assert_eq!(
            arithsynth::eval::reference::eval(program, &[n, k]),
            eval(n, k),
            "{program:?}"
        );
    }
    let without = plain.clone().solve(&rows).unwrap();
    assert!(
        without.program().is_none_or(|p| p.size() > program.size()),
        "{:?}",
        without.program()
    );
    // an empty library is no blocks at all: the same search as without
    let empty = plain.blocks(Library::default()).solve(&rows).unwrap();
    assert_eq!(empty.program(), without.program());
    assert_eq!(empty.candidates(), without.candidates());
}

#[cfg(feature = "neural")]
#[test]
fn a_sketch_model_is_asked_where_the_variant_or_the_caller_says_so() {
    use arithsynth::model::{Config, Device, Model, Vocabulary};
    use std::sync::Arc;
    // a hash of the inputs: nothing fits, the proposer is asked
    let rows: Vec<([i64; 2], i64)> = (0..8i64)
        .map(|i| {
            let (x, y) = (i * 7 - 20, i * i - 9);
            ([x, y], (x * 7919 + y * 104_729).rem_euclid(1009))
        })
        .collect();
    let samples = |synthesizer: Synthesizer| {
        synthesizer
            .no_time_limit()
            .candidate_limit(100_000)
            .solve(&rows)
            .map(|found| found.samples())
    };
    let plain = samples(Synthesizer::new(["x", "y"])).unwrap();
    // the embedded sketch model draws its sketches after the samples
    let variant = samples(
        Synthesizer::new(["x", "y"])
            .strategy("hybrid-sketches")
            .unwrap(),
    )
    .unwrap();
    assert!(plain > 0 && variant > plain, "{plain} {variant}");
    // a caller's sketch model turns the part on in the default hybrid
    let device = Device::Cpu;
    let tiny = Model::with_vocabulary(Config::tiny(), Vocabulary::Sketch, &device, 3).unwrap();
    let given = samples(Synthesizer::new(["x", "y"]).sketch_model(Arc::new(tiny))).unwrap();
    assert!(given > plain, "{plain} {given}");
    // a model without a hole token is no sketch model: an error, not a
    // silent second sampler
    let plain_model = Model::new(Config::tiny(), &device, 3).unwrap();
    let err =
        samples(Synthesizer::new(["x", "y"]).sketch_model(Arc::new(plain_model))).unwrap_err();
    assert!(err.to_string().contains("no hole"), "{err}");
}
