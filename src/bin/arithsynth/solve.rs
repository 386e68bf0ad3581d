//! `arithsynth solve`: run a strategy on every task of a file.

use std::io::Write;
use std::path::PathBuf;
use std::time::Duration;

use anyhow::{bail, Context, Result};
use arithsynth::dataset::{read_tasks, AtomicFile, Task};
use arithsynth::search::{Budget, Enumerative, Outcome, Spec, Strategy};
use clap::{Args, ValueEnum};
use indicatif::ProgressBar;
use rayon::prelude::*;
use serde_json::json;

use crate::GrammarArgs;

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum StrategyName {
    /// Bottom-up enumeration with observational equivalence.
    Enumerative,
    /// Sample-and-check from the model.
    #[cfg(feature = "neural")]
    Neural,
}

#[derive(Args, Debug)]
pub struct SolveArgs {
    /// Task file (JSON lines).
    #[arg(long)]
    tasks: PathBuf,
    /// Strategy.
    #[arg(long, value_enum, default_value_t = StrategyName::Enumerative)]
    strategy: StrategyName,
    /// Time per task, e.g. 10s, 300ms.
    #[arg(long, default_value = "10s")]
    budget: String,
    /// Candidates per task (repeatable runs use this instead of time).
    #[arg(long)]
    candidates: Option<u64>,
    /// Model samples per task.
    #[arg(long)]
    samples: Option<u64>,
    /// Checkpoint for the neural strategy; default: the embedded model.
    #[arg(long)]
    model: Option<PathBuf>,
    /// Tasks solved at once (default: one per core).
    #[arg(long)]
    jobs: Option<usize>,
    /// Result file (JSON lines).
    #[arg(long)]
    out: PathBuf,
    #[command(flatten)]
    grammar: GrammarArgs,
}

pub fn parse_duration(text: &str) -> Result<Duration> {
    let text = text.trim();
    let (number, scale) = if let Some(ms) = text.strip_suffix("ms") {
        (ms, 1e-3)
    } else if let Some(s) = text.strip_suffix('s') {
        (s, 1.0)
    } else {
        (text, 1.0)
    };
    let value: f64 = number
        .trim()
        .parse()
        .with_context(|| format!("`{text}` is not a duration like 10s or 300ms"))?;
    Duration::try_from_secs_f64(value * scale)
        .with_context(|| format!("`{text}` is not a non-negative duration"))
}

fn result_line(task: &Task, outcome: &Outcome, spec: &Spec, strategy: &str) -> serde_json::Value {
    match outcome {
        Outcome::Solved(s) => json!({
            "name": task.name, "solved": true,
            "program": s.program.sexpr(spec.vars()).to_string(),
            "test_ok": s.test_ok, "strategy": strategy,
            "time_ms": s.elapsed.as_secs_f64() * 1e3,
            "candidates": s.candidates, "samples": s.samples,
            "size": s.program.size(),
        }),
        Outcome::Unsolved {
            best,
            elapsed,
            candidates,
            samples,
            reason,
        } => json!({
            "name": task.name, "solved": false, "program": null, "test_ok": null,
            "strategy": strategy, "time_ms": elapsed.as_secs_f64() * 1e3,
            "candidates": candidates, "samples": samples,
            "gave_up": format!("{reason:?}").to_lowercase(),
            "best": best.as_ref().map(|(p, _)| p.sexpr(spec.vars()).to_string()),
            "best_matched": best.as_ref().map(|(_, m)| *m),
        }),
    }
}

/// A task's result line, whether it was solved and correct, and its time.
type TaskResult = (serde_json::Value, Option<bool>, Option<bool>, f64);

pub fn run_solve(args: &SolveArgs) -> Result<()> {
    let tasks = read_tasks(&args.tasks)?;
    if tasks.is_empty() {
        bail!("{} holds no task", args.tasks.display());
    }
    let default = args.grammar.grammar()?;
    let budget = Budget {
        time: Some(parse_duration(&args.budget)?),
        candidates: args.candidates,
        samples: args.samples,
    };
    #[cfg(feature = "neural")]
    let model = match args.strategy {
        StrategyName::Neural => Some(crate::neural::load_model(
            args.model.as_deref(),
            &candle_core::Device::Cpu,
        )?),
        StrategyName::Enumerative => None,
    };
    let enumerative = Enumerative::default();
    #[cfg(feature = "neural")]
    let neural = model.as_ref().map(arithsynth::search::Neural::new);
    let strategy: &(dyn Strategy + Sync) = match args.strategy {
        StrategyName::Enumerative => &enumerative,
        #[cfg(feature = "neural")]
        StrategyName::Neural => neural.as_ref().expect("loaded above"),
    };
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(args.jobs.unwrap_or(0))
        .build()
        .context("cannot start worker threads")?;
    let bar = ProgressBar::new(tasks.len() as u64);
    let results: Vec<Result<TaskResult>> = pool.install(|| {
        tasks
            .par_iter()
            .map(|task| {
                let spec = Spec::from_task(task, &default)
                    .with_context(|| format!("task `{}`", task.name))?;
                let outcome = strategy.solve(&spec, &budget);
                bar.inc(1);
                let line = result_line(task, &outcome, &spec, strategy.name());
                let (solved, correct, time) = match &outcome {
                    Outcome::Solved(s) => (Some(true), s.test_ok, s.elapsed.as_secs_f64()),
                    Outcome::Unsolved { elapsed, .. } => (Some(false), None, elapsed.as_secs_f64()),
                };
                Ok((line, solved, correct, time))
            })
            .collect()
    });
    bar.finish_and_clear();
    let mut file = AtomicFile::create(&args.out)?;
    let (mut solved, mut correct, mut times) = (0, 0, Vec::new());
    for result in results {
        let (line, s, c, time) = result?;
        writeln!(file.writer(), "{line}")
            .with_context(|| format!("writing {}", args.out.display()))?;
        solved += usize::from(s == Some(true));
        correct += usize::from(c == Some(true));
        times.push(time);
    }
    file.commit()?;
    times.sort_by(f64::total_cmp);
    println!(
        "strategy {}, budget {:?} per task, {} tasks",
        strategy.name(),
        budget,
        tasks.len()
    );
    println!(
        "solved on train   {solved:>5} ({:.1}%)",
        100.0 * solved as f64 / tasks.len() as f64
    );
    println!(
        "correct on test   {correct:>5} ({:.1}%)",
        100.0 * correct as f64 / tasks.len() as f64
    );
    println!("median time       {:.3} s", times[times.len() / 2]);
    println!("results in {}", args.out.display());
    Ok(())
}
