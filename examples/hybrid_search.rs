//! The main job: solve everyday tasks from a handful of examples with each
//! strategy (enumerative, neural sample-and-check, hybrid) on the embedded
//! default model, print each program found, its time, and whether it is right
//! on held-out examples; then the comparison.
//!
//! Run: `cargo run --release --example hybrid_search [-- TASKS.jsonl [BUDGET_SECONDS]]`
//! (default: `examples/tasks/everyday.jsonl`, 1 s per task and strategy).
//! The process exits with an error if a returned program does not fit its
//! training examples (every strategy checks with the reference interpreter).
//! As `arithsynth solve` does, each task's grammar gains up to 3 literals
//! its training examples point to (`search::literals`).
//! Solve rates against budget, measured, are `arithsynth curve`'s job (see
//! `BENCHMARKS.md`); on a shared machine one run of this example is a
//! demonstration, not a benchmark.

use std::time::Duration;

use arithsynth::dataset::read_tasks;
use arithsynth::model::Model;
use arithsynth::search::literals::DEFAULT_TASK_LITERALS;
use arithsynth::search::{Budget, Enumerative, Hybrid, Neural, Outcome, Spec, Strategy};
use arithsynth::Grammar;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let path = args.next().unwrap_or_else(|| {
        concat!(env!("CARGO_MANIFEST_DIR"), "/examples/tasks/everyday.jsonl").to_owned()
    });
    let seconds: f64 = match args.next() {
        Some(text) => text.parse()?,
        None => 1.0,
    };
    let budget = Budget::time(Duration::from_secs_f64(seconds));
    let tasks = read_tasks(std::path::Path::new(&path))?;
    let model = Model::embedded(&candle_core::Device::Cpu)?;
    println!(
        "{} tasks from {path}, {seconds} s per task and strategy, embedded model ({} parameters)\n",
        tasks.len(),
        model.parameter_count()
    );
    let strategies: Vec<Box<dyn Strategy>> = vec![
        Box::new(Enumerative::default()),
        Box::new(Neural::new(&model)),
        Box::new(Hybrid::neural(&model)),
    ];
    let names: Vec<&str> = strategies.iter().map(|s| s.name()).collect();
    // (correct on held-out, solved on train, total seconds) per strategy
    let mut totals = vec![(0usize, 0usize, 0f64); strategies.len()];
    let fallback = Grammar::new(arithsynth::Vars::new(["x"])?);
    for task in &tasks {
        let spec = Spec::from_task(task, &fallback)?.with_task_literals(DEFAULT_TASK_LITERALS);
        println!(
            "{}  ({} train, {} held-out examples; intended {})",
            task.name,
            spec.train().len(),
            spec.test().len(),
            task.program.as_deref().unwrap_or("?")
        );
        for (strategy, total) in strategies.iter().zip(&mut totals) {
            let outcome = strategy.solve(&spec, &budget)?;
            match &outcome {
                Outcome::Solved(solution) => {
                    if spec.matched(&solution.program) != spec.train().len() {
                        return Err(format!(
                            "{}: a returned program misses a training example",
                            strategy.name()
                        )
                        .into());
                    }
                    let correct = solution.test_ok == Some(true);
                    total.0 += usize::from(correct);
                    total.1 += 1;
                    total.2 += solution.elapsed.as_secs_f64();
                    println!(
                        "  {:<12} {:>8.3} s  {:<8} {}",
                        strategy.name(),
                        solution.elapsed.as_secs_f64(),
                        if correct { "correct" } else { "WRONG" },
                        solution.program.infix(spec.vars())
                    );
                }
                Outcome::Unsolved { elapsed, .. } => {
                    total.2 += elapsed.as_secs_f64();
                    println!(
                        "  {:<12} {:>8.3} s  none found",
                        strategy.name(),
                        elapsed.as_secs_f64()
                    );
                }
            }
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
