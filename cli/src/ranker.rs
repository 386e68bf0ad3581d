//! `arithsynth fit-ranker`: fit the learned ranker's weights on the fitting
//! candidates of solved tasks, and measure it against Occam's choice.

use std::io::{BufRead, Write};
use std::path::PathBuf;

use anyhow::{bail, Context, Result};
use arithsynth::dataset::{read_tasks, AtomicFile};
use arithsynth::search::{fit, Features, Group, Learned, Spec};
use clap::Args;
use serde_json::json;

use crate::GrammarArgs;

#[derive(Args, Debug)]
pub struct FitRankerArgs {
    /// The task file the results are of (the training distribution: never
    /// an evaluation set).
    #[arg(long)]
    tasks: PathBuf,
    /// `solve` results of those tasks, in the same order, run with a
    /// strategy that keeps alternatives (`hybrid-alternatives`) and
    /// `--ranker occam`: each line's `ranked` lists the candidates.
    #[arg(long)]
    results: PathBuf,
    /// Folds of the cross-validation that measures the fit on groups it
    /// was not fitted on.
    #[arg(long, default_value_t = 5)]
    folds: usize,
    /// Write the groups (features and labels, one task a line) here.
    #[arg(long)]
    groups_out: Option<PathBuf>,
    /// Checkpoint whose log-probability is the `log_prob` feature;
    /// default: the embedded model.
    #[arg(long)]
    model: Option<PathBuf>,
    /// No model: the `log_prob` feature is 0 (its weight fits to 0).
    #[arg(long, conflicts_with = "model")]
    no_model: bool,
    #[command(flatten)]
    grammar: GrammarArgs,
}

/// The groups of a task file's results: one per solved task with more than
/// one candidate, in Occam's order.
fn groups_of(args: &FitRankerArgs) -> Result<Vec<(String, Group)>> {
    let tasks = read_tasks(&args.tasks)?;
    let default = args.grammar.grammar()?;
    let ranker = Learned::new([0.0; arithsynth::search::rank::FEATURES]);
    #[cfg(feature = "neural")]
    let ranker = if args.no_model {
        ranker
    } else {
        let model =
            crate::neural::load_model(args.model.as_deref(), &arithsynth::model::Device::Cpu)?;
        ranker.with_model(std::sync::Arc::new(model))
    };
    #[cfg(not(feature = "neural"))]
    if args.model.is_some() {
        bail!("--model needs the `neural` feature (built without it)");
    }
    let file = std::fs::File::open(&args.results)
        .with_context(|| format!("opening {}", args.results.display()))?;
    let mut groups = Vec::new();
    let mut lines = 0;
    for (number, line) in std::io::BufReader::new(file).lines().enumerate() {
        let at = || format!("{} line {}", args.results.display(), number + 1);
        let line = line.with_context(at)?;
        if line.trim().is_empty() {
            continue;
        }
        lines += 1;
        let value: serde_json::Value = serde_json::from_str(&line).with_context(at)?;
        let Some(task) = tasks.get(number) else {
            bail!(
                "{}: more results than tasks in {}",
                at(),
                args.tasks.display()
            );
        };
        if value["name"] != json!(task.name) {
            bail!(
                "{}: the result of `{}`, task {} is `{}`: not the same order",
                at(),
                value["name"],
                number + 1,
                task.name
            );
        }
        let Some(ranked) = value["ranked"].as_array() else {
            continue;
        };
        let spec = Spec::from_task(task, &default).with_context(at)?;
        let mut group = Group::default();
        for candidate in ranked {
            let text = candidate["program"]
                .as_str()
                .with_context(|| format!("{}: a candidate without a program", at()))?;
            let program = arithsynth::Program::parse(text, spec.vars()).with_context(at)?;
            let Some(correct) = candidate["test_ok"].as_bool() else {
                bail!(
                    "{}: `{text}` has no test_ok (tasks need held-out examples)",
                    at()
                );
            };
            group
                .features
                .push(ranker.features(&spec, &program).to_array());
            group.correct.push(correct);
        }
        groups.push((task.name.clone(), group));
    }
    if lines != tasks.len() {
        bail!(
            "{} has {lines} results for {} tasks",
            args.results.display(),
            tasks.len()
        );
    }
    Ok(groups)
}

/// Right in the top 1 and top 3, over informative groups.
fn accuracy(groups: &[&Group], ranker: &Learned) -> (usize, usize) {
    let top = |k| groups.iter().filter(|g| g.right_in_top(ranker, k)).count();
    (top(1), top(3))
}

pub fn run(args: &FitRankerArgs) -> Result<()> {
    if args.folds < 2 {
        bail!("--folds must be at least 2");
    }
    let groups = groups_of(args)?;
    if let Some(path) = &args.groups_out {
        let mut file = AtomicFile::create(path)?;
        for (name, group) in &groups {
            let line = json!({"name": name, "features": group.features, "correct": group.correct});
            writeln!(file.writer(), "{line}")
                .with_context(|| format!("writing {}", path.display()))?;
        }
        file.commit()?;
    }
    let groups: Vec<Group> = groups.into_iter().map(|(_, g)| g).collect();
    let learned = fit(&groups)?;
    let informative: Vec<(usize, &Group)> = groups
        .iter()
        .filter(|g| g.is_informative())
        .enumerate()
        .collect();
    let occam = Learned::new([0.0; arithsynth::search::rank::FEATURES]);
    // each fold scored by weights fitted on the others
    let (mut cv1, mut cv3, mut oc1, mut oc3) = (0, 0, 0, 0);
    for fold in 0..args.folds {
        let train: Vec<Group> = informative
            .iter()
            .filter(|(i, _)| i % args.folds != fold)
            .map(|(_, g)| (*g).clone())
            .collect();
        let test: Vec<&Group> = informative
            .iter()
            .filter(|(i, _)| i % args.folds == fold)
            .map(|(_, g)| *g)
            .collect();
        if test.is_empty() {
            continue;
        }
        let weights = fit(&train)?;
        let (a, b) = accuracy(&test, &weights);
        let (c, d) = accuracy(&test, &occam);
        (cv1, cv3, oc1, oc3) = (cv1 + a, cv3 + b, oc1 + c, oc3 + d);
    }
    let n = informative.len();
    let all: Vec<&Group> = informative.iter().map(|(_, g)| *g).collect();
    let (fit1, fit3) = accuracy(&all, &learned);
    println!(
        "{} groups with more than one candidate, {n} with a right and a wrong one",
        groups.len()
    );
    println!("right in the top 1 / top 3 of those {n}:");
    println!("  occam                          {oc1:>4} / {oc3:>4}");
    println!(
        "  learned, {}-fold held out       {cv1:>4} / {cv3:>4}",
        args.folds
    );
    println!("  learned, on the groups it fits {fit1:>4} / {fit3:>4}");
    println!("weights:");
    for (name, w) in Features::NAMES.iter().zip(learned.weights()) {
        println!("  {name:<20} {w:>10.5}");
    }
    println!(
        "pub const DEFAULT_WEIGHTS: [f64; FEATURES] = {:?};",
        learned.weights()
    );
    Ok(())
}
