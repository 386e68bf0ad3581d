//! The main job: solve everyday tasks from a handful of examples with each
//! strategy (enumerative, neural sample-and-check, hybrid) on the embedded
//! default model, print each program found, its time, and whether it is right
//! on held-out examples; then the comparison.
//!
//! Run: `cargo run --release --example hybrid_search [-- TASKS.jsonl [BUDGET_SECONDS]]`
//! (default: `examples/tasks/everyday.jsonl`, 1 s per task and strategy).
//! The process exits with an error if a returned program does not fit its
//! training examples (every strategy checks with the reference interpreter).
//! Each strategy is the front door (`Synthesizer::strategy`), as
//! `arithsynth solve` uses it: each task's grammar gains up to 3 literals
//! its training examples point to (`search::literals`), and answers come
//! back simplified.
//! Solve rates against budget, measured, are `arithsynth curve`'s job (see
//! `BENCHMARKS.md`); on a shared machine one run of this example is a
//! demonstration, not a benchmark.

use std::sync::Arc;
use std::time::Duration;

use arithsynth::dataset::read_tasks;
use arithsynth::model::Model;
use arithsynth::search::literals::DEFAULT_TASK_LITERALS;
use arithsynth::search::Spec;
use arithsynth::{Grammar, Synthesizer};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let path = args.next().unwrap_or_else(|| {
        concat!(env!("CARGO_MANIFEST_DIR"), "/examples/tasks/everyday.jsonl").to_owned()
    });
    let seconds: f64 = match args.next() {
        Some(text) => text.parse()?,
        None => 1.0,
    };
    let tasks = read_tasks(std::path::Path::new(&path))?;
    let model = Arc::new(Model::embedded(&candle_core::Device::Cpu)?);
    println!(
        "{} tasks from {path}, {seconds} s per task and strategy, embedded model ({} parameters)\n",
        tasks.len(),
        model.parameter_count()
    );
    // the front door, once per strategy: the same model, limits and literals
    let fallback = Grammar::new(arithsynth::Vars::new(["x"])?);
    let names = ["enumerative", "neural", "hybrid"];
    let synthesizers = names
        .iter()
        .map(|name| {
            Ok(Synthesizer::with_grammar(fallback.clone())
                .strategy(name)?
                .model(Arc::clone(&model))
                .time_limit(Duration::from_secs_f64(seconds))
                .task_literals(DEFAULT_TASK_LITERALS))
        })
        .collect::<Result<Vec<_>, arithsynth::UnknownStrategy>>()?;
    // (correct on held-out, solved on train, total seconds) per strategy
    let mut totals = vec![(0usize, 0usize, 0f64); names.len()];
    for task in &tasks {
        let spec = Spec::from_task(task, &fallback)?;
        println!(
            "{}  ({} train, {} held-out examples; intended {})",
            task.name,
            spec.train().len(),
            spec.test().len(),
            task.program.as_deref().unwrap_or("?")
        );
        for ((name, synthesizer), total) in names.iter().zip(&synthesizers).zip(&mut totals) {
            let found = synthesizer.solve_spec(&spec)?;
            let seconds = found.elapsed().as_secs_f64();
            total.2 += seconds;
            let (Some(program), Some(infix)) = (found.program(), found.infix()) else {
                println!("  {name:<12} {seconds:>8.3} s  none found");
                continue;
            };
            if spec.matched(program) != spec.train().len() {
                return Err(format!("{name}: a returned program misses a training example").into());
            }
            let correct = found.test_ok() == Some(true);
            total.0 += usize::from(correct);
            total.1 += 1;
            println!(
                "  {name:<12} {seconds:>8.3} s  {:<8} {infix}",
                if correct { "correct" } else { "WRONG" },
            );
        }
    }
    println!("\nstrategy      correct on held-out   fits train   total time");
    for (name, (correct, solved, time)) in names.iter().zip(&totals) {
        println!(
            "{name:<12}  {correct:>8} / {:<9}  {solved:>6}       {time:>7.2} s",
            tasks.len()
        );
    }
    Ok(())
}
