//! The enumerator against brute force and the reference interpreter.

use std::collections::HashMap;

use arithsynth::enumerate::{Costs, Enumerator, StopReason};
use arithsynth::eval::reference;
use arithsynth::{Grammar, Inputs, Op, Program, Vars};
use proptest::prelude::*;

/// Every syntactic program of `grammar` with exactly 1..=max_size nodes.
fn all_programs(grammar: &Grammar, max_size: usize) -> Vec<Vec<Program>> {
    let mut by_size: Vec<Vec<Program>> = vec![Vec::new(); max_size + 1];
    by_size[1] = grammar
        .leaves()
        .map(|leaf| Program::from_postfix([leaf]).unwrap())
        .collect();
    for size in 2..=max_size {
        let mut found = Vec::new();
        for op in grammar.ops().iter() {
            match op.arity() {
                1 => {
                    for a in &by_size[size - 1] {
                        found.push(Program::apply(op, std::slice::from_ref(a)).unwrap());
                    }
                }
                2 => {
                    for left in 1..size - 1 {
                        for a in &by_size[left] {
                            for b in &by_size[size - 1 - left] {
                                found.push(Program::apply(op, &[a.clone(), b.clone()]).unwrap());
                            }
                        }
                    }
                }
                _ => unreachable!("brute force covers unary and binary grammars"),
            }
        }
        by_size[size] = found;
    }
    by_size
}

fn check_against_brute_force(grammar: Grammar, max_size: usize) {
    let probe = Enumerator::default_probe(grammar.vars().len());
    check_on_probe(grammar, max_size, probe);
}

fn check_on_probe(grammar: Grammar, max_size: usize, probe: Inputs) {
    // smallest size of every column, by brute force
    let mut smallest: HashMap<Vec<i64>, usize> = HashMap::new();
    for (size, programs) in all_programs(&grammar, max_size).iter().enumerate() {
        for program in programs {
            let column = reference::eval_inputs(program, &probe);
            smallest.entry(column).or_insert(size);
        }
    }
    let mut enumeration = Enumerator::new(grammar.clone())
        .probe(probe.clone())
        .max_size(max_size)
        .start()
        .unwrap();
    let mut kept: HashMap<Vec<i64>, usize> = HashMap::new();
    let mut last_size = 0;
    while let Some(id) = enumeration.next() {
        let program = enumeration.program(id);
        grammar.admits(&program).unwrap();
        assert_eq!(program.size(), enumeration.size(id));
        assert_eq!(program.depth(), enumeration.depth(id));
        assert!(program.size() >= last_size, "not in size order");
        last_size = program.size();
        let column = reference::eval_inputs(&program, &probe);
        assert_eq!(column, enumeration.column(id), "banked column of {id}");
        assert!(
            kept.insert(column, program.size()).is_none(),
            "two programs with one column"
        );
    }
    assert_eq!(enumeration.stop_reason(), Some(StopReason::Completed));
    assert_eq!(kept.len(), smallest.len(), "a class is missing or extra");
    for (column, size) in &kept {
        assert_eq!(
            smallest.get(column),
            Some(size),
            "kept program is not the smallest"
        );
    }
}

#[test]
fn brute_force_default_grammar_one_variable_size_7() {
    check_against_brute_force(Grammar::new(Vars::new(["x"]).unwrap()), 7);
}

#[test]
fn brute_force_default_grammar_two_variables_size_5() {
    check_against_brute_force(Grammar::new(Vars::new(["x", "y"]).unwrap()), 5);
}

/// Values at the edges of the bank's narrow (32-bit) storage and far past
/// them: columns stored wide, narrow columns next to wide ones that agree
/// with them in their low 32 bits, and a first row of `i32::MIN`.
#[test]
fn brute_force_on_values_past_32_bits() {
    let min = i64::from(i32::MIN);
    let probe = Inputs::from_columns(vec![
        vec![min, 5, (1 << 32) + 5, i64::MAX, -3, min + 1, 1 << 31, 7],
        vec![
            2,
            -(1 << 32) + 5,
            5,
            3,
            i64::MIN,
            -1,
            i64::from(i32::MAX),
            0,
        ],
    ])
    .unwrap();
    check_on_probe(Grammar::new(Vars::new(["x", "y"]).unwrap()), 5, probe);
    let probe = Inputs::from_columns(vec![vec![3, min, 1 << 20, -(1 << 16)]]).unwrap();
    check_on_probe(Grammar::new(Vars::new(["x"]).unwrap()), 7, probe);
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(24))]

    /// Random probes with values of every width (the extremes, small ones,
    /// any `i64`): the bank's narrow and wide columns keep exactly the
    /// classes brute force finds.
    #[test]
    fn brute_force_on_random_probes(rows in proptest::collection::vec(super::props::value(), 1..6)) {
        let probe = Inputs::from_columns(vec![rows]).unwrap();
        check_on_probe(Grammar::new(Vars::new(["x"]).unwrap()), 5, probe);
    }
}

#[test]
fn brute_force_with_unary_and_min_max() {
    let grammar = Grammar::builder()
        .vars(["x"])
        .literals([0, 1])
        .ops([Op::Sub, Op::Neg, Op::Abs, Op::Min, Op::Max, Op::Mod])
        .build()
        .unwrap();
    check_against_brute_force(grammar, 6);
}

#[test]
fn ite_programs_are_found() {
    let grammar = Grammar::builder()
        .vars(["x", "y"])
        .literals([0])
        .ops(Op::ALL)
        .build()
        .unwrap();
    let probe = Inputs::from_rows(2, [[1, 2], [5, 3], [-4, -4], [0, 9]]).unwrap();
    let mut enumeration = Enumerator::new(grammar)
        .probe(probe.clone())
        .max_size(5)
        .start()
        .unwrap();
    let target: Vec<i64> = probe
        .rows()
        .map(|r| if r[0] < r[1] { r[1] } else { r[0] })
        .collect();
    let mut found = None;
    while let Some(id) = enumeration.next() {
        if enumeration.column(id) == target {
            found = Some(enumeration.program(id));
            break;
        }
    }
    // (max x y) has size 3 and is found first
    assert_eq!(found.unwrap().size(), 3);
    assert!(enumeration.find(&target).is_some());
}

#[test]
fn same_configuration_same_programs() {
    let run = || {
        let grammar = Grammar::new(Vars::new(["x", "y"]).unwrap());
        let mut enumeration = Enumerator::new(grammar).max_size(5).start().unwrap();
        let mut programs = Vec::new();
        while let Some(id) = enumeration.next() {
            programs.push(enumeration.program(id));
        }
        programs
    };
    assert_eq!(run(), run());
}

#[test]
fn limits_stop_the_run() {
    let grammar = Grammar::new(Vars::new(["x", "y"]).unwrap());
    let mut enumeration = Enumerator::new(grammar.clone())
        .max_size(30)
        .candidate_limit(10_000)
        .start()
        .unwrap();
    let report = enumeration.run(|_, _| std::ops::ControlFlow::Continue(()));
    assert_eq!(report.stop_reason, Some(StopReason::CandidateLimit));
    assert!(report.candidates >= 10_000 && report.candidates < 10_000 + 1024);

    let limit = 2 << 20;
    let mut enumeration = Enumerator::new(grammar.clone())
        .max_size(30)
        .memory_limit(limit)
        .start()
        .unwrap();
    let report = enumeration.run(|_, _| std::ops::ControlFlow::Continue(()));
    assert_eq!(report.stop_reason, Some(StopReason::MemoryLimit));
    assert!(
        report.memory_bytes <= limit,
        "{} > {limit}",
        report.memory_bytes
    );

    let mut enumeration = Enumerator::new(grammar.clone())
        .max_size(30)
        .time_limit(std::time::Duration::from_millis(50))
        .start()
        .unwrap();
    let report = enumeration.run(|_, _| std::ops::ControlFlow::Continue(()));
    assert_eq!(report.stop_reason, Some(StopReason::TimeLimit));

    let mut enumeration = Enumerator::new(grammar).max_size(30).start().unwrap();
    let mut seen = 0;
    let report = enumeration.run(|_, _| {
        seen += 1;
        if seen == 100 {
            std::ops::ControlFlow::Break(())
        } else {
            std::ops::ControlFlow::Continue(())
        }
    });
    assert_eq!(report.stop_reason, Some(StopReason::Cancelled));
    assert_eq!(seen, 100);
}

#[test]
fn proven_dedup_splits_what_extra_rows_tell_apart() {
    use arithsynth::enumerate::Dedup;
    let grammar = Grammar::new(Vars::new(["x"]).unwrap());
    // a tiny probe merges many programs that differ elsewhere
    let probe = Inputs::from_rows(1, [[0], [1], [2]]).unwrap();
    let run = |dedup| {
        let mut enumeration = Enumerator::new(grammar.clone())
            .probe(probe.clone())
            .dedup(dedup)
            .max_size(7)
            .start()
            .unwrap();
        let mut programs = Vec::new();
        while let Some(id) = enumeration.next() {
            assert_eq!(enumeration.column(id).len(), 3);
            programs.push(enumeration.program(id));
        }
        (enumeration.report(), programs)
    };
    let (observational, _) = run(Dedup::Observational);
    let (proven, programs) = run(Dedup::ExtraRows { extra_rows: 64 });
    assert_eq!(observational.splits, 0);
    assert!(
        proven.splits > 0,
        "a 3-row probe must merge some distinct programs"
    );
    // every probe class is still there once; the rest are the splits
    assert_eq!(proven.unique - proven.splits, observational.unique);
    // the kept programs cover exactly the probe classes
    let probe_columns: std::collections::HashSet<Vec<i64>> = programs
        .iter()
        .map(|p| (0..3).map(|x| reference::eval(p, &[x])).collect())
        .collect();
    assert_eq!(probe_columns.len() as u64, observational.unique);
    assert_eq!(programs.len() as u64, proven.unique);
}

/// Cheapest cost of every column among the programs of cost at most
/// `max_cost`, by brute force over costs.
fn cheapest_by_cost(
    grammar: &Grammar,
    costs: &Costs,
    max_cost: usize,
    probe: &Inputs,
) -> HashMap<Vec<i64>, usize> {
    let mut by_cost: Vec<Vec<Program>> = vec![Vec::new(); max_cost + 1];
    for level in 1..=max_cost {
        let mut found: Vec<Program> = grammar
            .leaves()
            .filter(|&leaf| costs.get(leaf) as usize == level)
            .map(|leaf| Program::from_postfix([leaf]).unwrap())
            .collect();
        for op in grammar.ops().iter() {
            let Some(rest) = level.checked_sub(costs.get(arithsynth::Node::Op(op)) as usize) else {
                continue;
            };
            for left in 1..rest {
                for a in &by_cost[left] {
                    for b in &by_cost[rest - left] {
                        found.push(Program::apply(op, &[a.clone(), b.clone()]).unwrap());
                    }
                }
            }
        }
        by_cost[level] = found;
    }
    let mut cheapest = HashMap::new();
    for (level, programs) in by_cost.iter().enumerate() {
        for program in programs {
            cheapest
                .entry(reference::eval_inputs(program, probe))
                .or_insert(level);
        }
    }
    cheapest
}

#[test]
fn cost_order_keeps_a_cheapest_program_of_every_class() {
    use arithsynth::Node;
    let grammar = Grammar::builder()
        .vars(["x", "y"])
        .literals([0, 1, 2])
        .ops([Op::Add, Op::Sub, Op::Mul, Op::Mod])
        .build()
        .unwrap();
    let mut costs = Costs::unit();
    costs
        .set(Node::Var(0), 1)
        .set(Node::Var(1), 3)
        .set(Node::Lit(0), 4)
        .set(Node::Lit(1), 2)
        .set(Node::Lit(2), 5)
        .set(Node::Op(Op::Add), 2)
        .set(Node::Op(Op::Sub), 3)
        .set(Node::Op(Op::Mul), 1)
        .set(Node::Op(Op::Mod), 4);
    let max_cost = 11;
    let probe = Enumerator::default_probe(2);
    let cheapest = cheapest_by_cost(&grammar, &costs, max_cost, &probe);
    let mut enumeration = Enumerator::new(grammar.clone())
        .costs(costs.clone())
        .max_size(100)
        .max_cost(max_cost)
        .start()
        .unwrap();
    let mut kept = HashMap::new();
    let mut last = 0;
    while let Some(id) = enumeration.next() {
        let program = enumeration.program(id);
        let cost = usize::try_from(costs.of(&program)).unwrap();
        assert_eq!(cost, enumeration.level(id), "level of {id}");
        assert!(cost >= last, "not in cost order");
        last = cost;
        let column = reference::eval_inputs(&program, &probe);
        assert_eq!(column, enumeration.column(id));
        assert!(kept.insert(column, cost).is_none(), "a class twice");
    }
    assert_eq!(enumeration.stop_reason(), Some(StopReason::Completed));
    assert_eq!(kept, cheapest);
}

#[test]
fn uniform_costs_enumerate_the_classes_of_size_order() {
    let grammar = Grammar::new(Vars::new(["x"]).unwrap());
    let classes = |enumerator: Enumerator| {
        let mut enumeration = enumerator.start().unwrap();
        let mut columns = Vec::new();
        while let Some(id) = enumeration.next() {
            columns.push(enumeration.column(id).to_vec());
        }
        columns
    };
    let by_size = classes(Enumerator::new(grammar.clone()).max_size(7));
    let by_cost = classes(
        Enumerator::new(grammar)
            .max_size(7)
            .costs(Costs::uniform(3)),
    );
    assert_eq!(by_size, by_cost);
}

#[test]
fn seeds_are_banked_at_their_level_and_built_upon() {
    let grammar = Grammar::new(Vars::new(["x"]).unwrap());
    // x^4 + 3x: size 11, far beyond level 3 by itself
    let seed = grammar.parse("(+ (* (* x x) (* x x)) (* 3 x))").unwrap();
    let mut enumeration = Enumerator::new(grammar.clone())
        .max_size(15)
        .seed(seed.clone(), 1)
        .max_cost(3)
        .start()
        .unwrap();
    while enumeration.next().is_some() {}
    assert_eq!(enumeration.stop_reason(), Some(StopReason::Completed));
    let probe = enumeration.probe().clone();
    let seeded = enumeration
        .find(&reference::eval_inputs(&seed, &probe))
        .expect("the seed is banked");
    assert_eq!(enumeration.level(seeded), 1);
    assert_eq!(enumeration.program(seeded), seed);
    // its subterms are banked too, and level 3 combines the seed with x
    for sub in [
        "(* (* x x) (* x x))",
        "(* 3 x)",
        "(+ x (+ (* (* x x) (* x x)) (* 3 x)))",
    ] {
        let program = grammar.parse(sub).unwrap();
        let id = enumeration
            .find(&reference::eval_inputs(&program, &probe))
            .unwrap_or_else(|| panic!("{sub} not found"));
        assert_eq!(
            reference::eval_inputs(&enumeration.program(id), &probe),
            reference::eval_inputs(&program, &probe)
        );
    }
}

#[test]
fn into_programs_returns_every_unique_program_in_order() {
    let grammar = Grammar::new(Vars::new(["x"]).unwrap());
    let all = Enumerator::new(grammar.clone())
        .max_size(7)
        .start()
        .unwrap()
        .into_programs();
    // 5 + 28 + 328 + 4,376 unique programs through size 7 (`arithsynth count`)
    assert_eq!(all.len(), 4737);
    assert!(all.windows(2).all(|w| w[0].size() <= w[1].size()));
    let mut by_hand = Enumerator::new(grammar).max_size(7).start().unwrap();
    let ids: Vec<_> = by_hand.by_ref().collect();
    assert!(ids
        .iter()
        .zip(&all)
        .all(|(&id, p)| by_hand.program(id) == *p));
}

/// Everything an enumeration banked, in id order, with its report's counts.
/// What an enumeration banked: each program with its judged column, size
/// and depth, in id order; unique programs per size, candidates, splits and
/// why it stopped.
type Banked = (
    Vec<(Program, Vec<i64>, usize, usize)>,
    Vec<u64>,
    u64,
    u64,
    Option<StopReason>,
);

fn banked(enumerator: Enumerator) -> Banked {
    let mut enumeration = enumerator.start().unwrap();
    let report = enumeration.run(|_, _| std::ops::ControlFlow::Continue(()));
    let programs = (0..u32::try_from(enumeration.len()).unwrap())
        .map(|id| {
            (
                enumeration.program(id),
                enumeration.judged_column(id).to_vec(),
                enumeration.size(id),
                enumeration.depth(id),
            )
        })
        .collect();
    (
        programs,
        report.unique_per_size,
        report.candidates,
        report.splits,
        report.stop_reason,
    )
}

#[test]
fn one_two_and_four_threads_bank_identical_programs() {
    use arithsynth::enumerate::Dedup;
    let two = Grammar::new(Vars::new(["x", "y"]).unwrap());
    let wide = Grammar::builder()
        .vars(["x"])
        .literals(-1..=2)
        .ops([
            Op::Add,
            Op::Mul,
            Op::Neg,
            Op::Min,
            Op::Ite(arithsynth::Cmp::Lt),
        ])
        .build()
        .unwrap();
    let costs = Costs::from_probabilities(
        &[
            (arithsynth::Node::Op(Op::Add), 0.4),
            (arithsynth::Node::Op(Op::Mul), 0.1),
            (arithsynth::Node::Var(0), 0.3),
        ],
        0.05,
    );
    let configurations: Vec<(&str, Enumerator)> = vec![
        (
            "default grammar, size 7",
            Enumerator::new(two.clone()).max_size(7),
        ),
        (
            "a candidate limit inside a level",
            Enumerator::new(two.clone())
                .max_size(9)
                .candidate_limit(123_457),
        ),
        (
            "unary, min and ite",
            Enumerator::new(wide.clone()).max_size(7),
        ),
        (
            "columns past 32 bits",
            Enumerator::new(two.clone()).max_size(7).probe(
                Inputs::from_columns(vec![
                    vec![3, 1 << 20, -7, i64::from(i32::MIN), 40_000],
                    vec![-2, 5, 1 << 33, 9, -65_536],
                ])
                .unwrap(),
            ),
        ),
        (
            "proven dedup",
            Enumerator::new(two.clone())
                .max_size(5)
                .dedup(Dedup::ExtraRows { extra_rows: 8 }),
        ),
        (
            "cost order and seeds",
            Enumerator::new(wide.clone())
                .max_size(7)
                .costs(costs)
                .seed(wide.parse("(* (+ x 2) (+ x 2))").unwrap(), 3),
        ),
    ];
    for (name, enumerator) in configurations {
        let one = banked(enumerator.clone().threads(1));
        assert!(one.0.len() > 100, "{name}: {} programs", one.0.len());
        for threads in [2, 4] {
            let many = banked(enumerator.clone().threads(threads));
            assert_eq!(one.0.len(), many.0.len(), "{name}, {threads} threads");
            assert!(
                one == many,
                "{name}: {threads} threads banked other programs"
            );
        }
    }
}

#[test]
fn a_watched_column_collects_the_duplicates_the_bank_drops() {
    let grammar = Grammar::new(Vars::new(["x", "y"]).unwrap());
    let probe = Inputs::from_columns(vec![vec![0, 1, 2, 5], vec![3, -1, 4, 2]]).unwrap();
    let watched = grammar.parse("(+ x y)").unwrap();
    let column: Vec<i64> = (0..probe.len())
        .map(|i| reference::eval(&watched, &probe.row(i)))
        .collect();
    let run = |threads: usize, watch: bool| {
        let mut enumerator = Enumerator::new(grammar.clone())
            .probe(probe.clone())
            .max_size(7)
            .threads(threads);
        if watch {
            enumerator = enumerator.watch(column.clone(), usize::MAX);
        }
        let mut enumeration = enumerator.start().unwrap();
        let mut banked = Vec::new();
        let mut duplicates = Vec::new();
        while let Some(id) = enumeration.next() {
            banked.push(enumeration.program(id));
            duplicates.extend(enumeration.take_watched());
        }
        duplicates.extend(enumeration.take_watched());
        (banked, duplicates)
    };
    let (banked, duplicates) = run(1, true);
    // the bank is the one without a watch
    assert_eq!(banked, run(1, false).0);
    assert!(run(1, false).1.is_empty());
    // every duplicate has the column, is not the banked representative,
    // and each is distinct; x + y + 0 is among them
    let representative = banked
        .iter()
        .find(|p| (0..probe.len()).all(|i| reference::eval(p, &probe.row(i)) == column[i]))
        .unwrap();
    assert_eq!(representative, &watched);
    assert!(duplicates.len() > 2, "{duplicates:?}");
    for program in &duplicates {
        assert!(program.size() <= 7);
        assert_ne!(program, representative);
        for (i, &value) in column.iter().enumerate() {
            assert_eq!(
                reference::eval(program, &probe.row(i)),
                value,
                "{program:?}"
            );
        }
    }
    let distinct: std::collections::BTreeSet<_> = duplicates.iter().collect();
    assert_eq!(distinct.len(), duplicates.len());
    assert!(["(+ (+ x y) 0)", "(+ 0 (+ x y))", "(- (+ x y) 0)"]
        .iter()
        .any(|text| duplicates.contains(&grammar.parse(text).unwrap())));
    // the same duplicates, in the same order, on two threads
    assert_eq!(run(2, true), (banked, duplicates));
    // at most `max` between two takes
    let mut capped = Enumerator::new(grammar.clone())
        .probe(probe.clone())
        .max_size(7)
        .watch(column.clone(), 3)
        .start()
        .unwrap();
    while capped.next().is_some() {}
    assert_eq!(capped.take_watched().len(), 3);
}

/// The memory limit is a promise about the search, not the machine: the
/// table has as many shards on any number of threads and the workers'
/// fixed batch buffers are not counted, so an enumeration stops at the
/// same program on 1, 2 and 3 threads.
#[test]
fn the_memory_limit_stops_at_the_same_program_on_any_thread_count() {
    let grammar = Grammar::new(Vars::new(["x", "y"]).unwrap());
    for limit in [12 << 20, 64 << 20] {
        let run = |threads: usize| {
            let mut enumeration = Enumerator::new(grammar.clone())
                .max_size(30)
                .memory_limit(limit)
                .threads(threads)
                .start()
                .unwrap();
            let report = enumeration.run(|_, _| std::ops::ControlFlow::Continue(()));
            let limited = enumeration.memory_parts().limited();
            assert!(limited <= limit, "{limited} > {limit} on {threads} threads");
            (report.stop_reason, report.candidates, enumeration.len())
        };
        let one = run(1);
        assert_eq!(one.0, Some(StopReason::MemoryLimit));
        assert_eq!(run(2), one, "at {limit} bytes");
        assert_eq!(run(3), one, "at {limit} bytes");
    }
}
