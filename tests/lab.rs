//! The laboratory's training pieces: training on a given program set,
//! tasks for programs, model copies, and the untrained prior.

use arithsynth::dataset::Example;
use arithsynth::eval::reference;
use arithsynth::model::{
    example_tasks, train_on, Config, Model, ModelError, Sampler, Tokenizer, TrainConfig,
    TrainingPrograms, Vocabulary,
};
use arithsynth::{Grammar, Program, Vars};
use candle_core::Device;

fn x() -> Vars {
    Vars::new(["x"]).unwrap()
}

fn examples(program: &Program) -> Vec<Example> {
    [-7, -2, 0, 1, 3, 5, 12, 40]
        .into_iter()
        .map(|v| Example {
            inputs: vec![v],
            output: reference::eval(program, &[v]),
        })
        .collect()
}

#[test]
fn training_on_a_program_set_learns_those_programs() {
    let vars = x();
    let target = Program::parse("(+ (* x x) 3)", &vars).unwrap();
    let other = Program::parse("(- x 5)", &vars).unwrap();
    let set = TrainingPrograms::new(&[(vars.clone(), target.clone()), (vars.clone(), other)]);
    assert_eq!(set.len(), 2);
    let mut model = Model::new(Config::tiny(), &Device::Cpu, 5).unwrap();
    let grammar = Grammar::new(vars.clone());
    let before = Sampler::new(&model, &grammar)
        .log_prob(&examples(&target), &target, 24)
        .unwrap()
        .unwrap();
    let config = TrainConfig {
        steps: 120,
        ..TrainConfig::tiny()
    };
    let report = train_on(&mut model, &config, &set, &set, &mut |_: &_, _: &_| true).unwrap();
    assert_eq!(report.steps, 120);
    let after = Sampler::new(&model, &grammar)
        .log_prob(&examples(&target), &target, 24)
        .unwrap()
        .unwrap();
    // from near-uniform (about -2.5 nats a token) to well above it
    assert!(after > before + 4.0, "log-prob {before:.2} -> {after:.2}");
}

#[test]
fn training_on_nothing_usable_is_a_typed_error() {
    let mut model = Model::new(Config::tiny(), &Device::Cpu, 1).unwrap();
    let empty = TrainingPrograms::new(&[]);
    let err = train_on(
        &mut model,
        &TrainConfig::tiny(),
        &empty,
        &empty,
        &mut |_: &_, _: &_| true,
    )
    .unwrap_err();
    assert!(matches!(err, ModelError::Data(_)), "{err}");
    assert!(err.to_string().contains("training set"), "{err}");
    // a model whose vocabulary predates literals in digits cannot write
    // 100000: a set of only such programs is a typed error, not a panic
    let vars = x();
    let big = Program::parse("(+ x 100000)", &vars).unwrap();
    assert!(Tokenizer::default().encode_program(&big).is_ok());
    let small = Tokenizer::new(Vocabulary::SmallLiterals);
    assert!(small.encode_program(&big).is_err());
    let set = TrainingPrograms::new(&[(vars, big)]);
    assert_eq!(set.len(), 1);
    let mut old =
        Model::with_vocabulary(Config::tiny(), Vocabulary::SmallLiterals, &Device::Cpu, 1).unwrap();
    let err = train_on(
        &mut old,
        &TrainConfig::tiny(),
        &set,
        &set,
        &mut |_: &_, _: &_| true,
    )
    .unwrap_err();
    assert!(matches!(err, ModelError::Data(_)), "{err}");
}

#[test]
fn example_tasks_hold_the_programs_outputs() {
    let vars = x();
    let program = Program::parse("(max x (neg x))", &vars).unwrap();
    let tasks = example_tasks(&[(vars.clone(), program.clone())], 8, 32, 3, "abs");
    assert_eq!(tasks.len(), 1);
    let task = &tasks[0];
    assert_eq!((task.train.len(), task.test.len()), (8, 32));
    assert_eq!(task.name, "abs-0");
    assert_eq!(task.program.as_deref(), Some("(max x (neg x))"));
    for example in task.train.iter().chain(&task.test) {
        assert_eq!(example.output, example.inputs[0].wrapping_abs());
    }
    // seeded: the same inputs again
    let again = example_tasks(&[(vars, program)], 8, 32, 3, "abs");
    assert_eq!(again[0].train, task.train);
}

#[test]
fn a_duplicate_trains_independently() {
    let vars = x();
    let model = Model::new(Config::tiny(), &Device::Cpu, 9).unwrap();
    let mut copy = model.duplicate().unwrap();
    let grammar = Grammar::new(vars.clone());
    let target = Program::parse("(* x 3)", &vars).unwrap();
    let lp = |m: &Model| {
        Sampler::new(m, &grammar)
            .log_prob(&examples(&target), &target, 24)
            .unwrap()
            .unwrap()
    };
    assert_eq!(lp(&model), lp(&copy));
    assert_eq!(copy.steps(), model.steps());
    let set = TrainingPrograms::new(&[(vars.clone(), target.clone())]);
    let config = TrainConfig {
        steps: 20,
        ..TrainConfig::tiny()
    };
    train_on(&mut copy, &config, &set, &set, &mut |_: &_, _: &_| true).unwrap();
    assert_eq!(copy.steps(), 20);
    assert_eq!(model.steps(), 0);
    assert_ne!(lp(&model), lp(&copy));
    // the original's weights are as they were
    let fresh = Model::new(Config::tiny(), &Device::Cpu, 9).unwrap();
    assert_eq!(lp(&model), lp(&fresh));
}

#[test]
fn the_untrained_prior_is_uniform_over_allowed_productions() {
    let vars = x();
    let grammar = Grammar::new(vars.clone());
    let a = Model::new(Config::tiny(), &Device::Cpu, 1).unwrap();
    let b = Model::new(Config::tiny(), &Device::Cpu, 2).unwrap();
    let program = Program::parse("(+ (* x x) 3)", &vars).unwrap();
    let pa = Sampler::new(&a, &grammar)
        .prior_log_prob(&program, 24)
        .unwrap();
    let pb = Sampler::new(&b, &grammar)
        .prior_log_prob(&program, 24)
        .unwrap();
    assert_eq!(pa, pb, "the prior does not depend on the weights");
    // one token of budget: only leaves are allowed, each equally likely
    let leaves = grammar
        .leaves()
        .filter(|&n| Tokenizer::default().node_token(n).is_ok())
        .count();
    let leaf = Program::parse("x", &vars).unwrap();
    let p = Sampler::new(&a, &grammar)
        .prior_log_prob(&leaf, 1)
        .unwrap()
        .unwrap();
    assert!(
        (p + (leaves as f64).ln()).abs() < 1e-9,
        "{p} vs -ln {leaves}"
    );
    // a program longer than the budget has no probability
    assert_eq!(
        Sampler::new(&a, &grammar)
            .prior_log_prob(&program, 3)
            .unwrap(),
        None
    );
    // larger programs are less likely a priori
    assert!(pa.unwrap() < p);
}

#[test]
fn training_with_a_fixed_step_count_is_deterministic() {
    let vars = x();
    let programs: Vec<(Vars, Program)> = ["(+ (* x x) 3)", "(- x 5)", "(mod x 3)"]
        .iter()
        .map(|t| (vars.clone(), Program::parse(t, &vars).unwrap()))
        .collect();
    let set = TrainingPrograms::new(&programs);
    let target = Program::parse("(+ (* x x) 3)", &vars).unwrap();
    let grammar = Grammar::new(vars.clone());
    // data-parallel replicas run on their own threads: still the same
    // result every time
    let run = |replicas: usize| {
        let config = TrainConfig {
            steps: 15,
            replicas,
            ..TrainConfig::tiny()
        };
        let mut model = Model::new(Config::tiny(), &Device::Cpu, 4).unwrap();
        let report = train_on(&mut model, &config, &set, &set, &mut |_: &_, _: &_| true).unwrap();
        let lp = Sampler::new(&model, &grammar)
            .log_prob(&examples(&target), &target, 24)
            .unwrap()
            .unwrap();
        (report.final_loss, report.validation_loss, report.tokens, lp)
    };
    for replicas in [1, 3] {
        let first = run(replicas);
        assert_eq!(first, run(replicas), "{replicas} replicas");
    }
}

#[test]
fn splits_are_deterministic() {
    use arithsynth::dataset::split::{split, Placed, SplitKind};
    let grammar = Grammar::new(x());
    let mut programs = Vec::new();
    for size in [1, 3, 5, 7] {
        programs.extend(arithsynth::dsl::random::random_programs(
            &grammar,
            size,
            40,
            size as u64,
        ));
    }
    let placed = Placed::new(programs.clone(), 1, 5);
    let again = Placed::new(programs, 1, 5);
    assert_eq!(placed.syntactic, again.syntactic);
    assert_eq!(placed.semantic, again.semantic);
    for (kind, _) in SplitKind::ALL {
        let a = split(&placed, kind, 50, 30, 11).unwrap();
        let b = split(&again, kind, 50, 30, 11).unwrap();
        assert_eq!((&a.train, &a.test), (&b.train, &b.test), "{kind:?}");
    }
}
