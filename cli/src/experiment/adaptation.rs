//! Experiment 4, adaptation: a model trained on the universe (programs
//! through `--max-size`, 7 by default) meets an out-of-distribution task set
//! (programs of sizes 11 and 13 whose behaviour no universe program has,
//! beyond what enumeration reaches at the budget) without their programs. Each round: hybrid search on every
//! task at a fixed budget, then training on the programs it found (mixed
//! with as many programs of the original data). A control arm takes the
//! same training steps on the original data only, so that what the found
//! programs add is told apart from more training.

use std::collections::HashSet;
use std::time::Duration;

use anyhow::Result;
use arithsynth::dsl::random::random_programs;
use arithsynth::model::{Model, TrainConfig, TrainingPrograms};
use arithsynth::search::Hybrid;
use arithsynth::{Grammar, Program, Vars};
use rand::seq::IndexedRandom;
use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;

use super::{f3, pass_rates, plot, Lab, Solved, Table};

/// Fine-tunes `model` for `steps` more steps on `data`: the learning rate
/// held near its peak for the first half, then decayed.
fn fine_tune(
    lab: &Lab,
    label: &str,
    model: &mut Model,
    data: &TrainingPrograms,
    validation: &TrainingPrograms,
    steps: u64,
) -> Result<()> {
    let from = model.steps();
    let config = TrainConfig {
        steps: from + steps,
        warmup: from + steps / 2,
        learning_rate: 1e-3,
        eval_every: steps,
        seed: lab.seed ^ from,
        ..lab.train_config()
    };
    let report =
        arithsynth::model::train_on(model, &config, data, validation, &mut |_: &_, _: &_| true)?;
    eprintln!(
        "[{label}] fine-tuned {} steps on {} programs, loss {:.3}",
        report.steps,
        data.len(),
        report.final_loss
    );
    Ok(())
}

pub fn run(lab: &Lab) -> Result<String> {
    let (vars, placed) = lab.universe()?;
    let grammar = Grammar::new(vars.clone());
    // the out-of-distribution set: larger programs whose behaviour no
    // program of the universe has (a random size-13 program often reduces
    // to a small one), each behaviour once
    let grid: Vec<i64> = (-20..=20).chain([-1000, -100, 100, 1000, 12345]).collect();
    let behaviour = |p: &Program| -> Vec<i64> {
        grid.iter()
            .map(|&v| arithsynth::eval::reference::eval(p, &[v]))
            .collect()
    };
    let mut seen: HashSet<Vec<i64>> = placed.programs.iter().map(behaviour).collect();
    let per_size = lab.scaled(75);
    let mut ood: Vec<Program> = Vec::new();
    for (size, seed) in [(11, lab.seed ^ 11), (13, lab.seed ^ 13)] {
        ood.extend(
            random_programs(&grammar, size, per_size * 40, seed)
                .into_iter()
                .filter(|p| seen.insert(behaviour(p)))
                .take(per_size),
        );
    }
    let refs: Vec<&Program> = ood.iter().collect();
    let tasks = lab.tasks(&vars, &refs, "ood");
    let original: Vec<(Vars, Program)> = placed
        .programs
        .iter()
        .map(|p| (vars.clone(), p.clone()))
        .collect();
    let validation = TrainingPrograms::new(&original[..original.len().min(2000)]);
    let base = lab.train(
        "base",
        &lab.train_config(),
        &TrainingPrograms::new(&original),
        &validation,
        &mut |_, _| Ok(()),
    )?;
    let rounds = lab.scaled(3);
    let steps = lab.scaled(300) as u64;
    let budget = Duration::from_millis(300);
    let samples = lab.scaled(20).max(10);
    let mut table = Table::new(&[
        "arm",
        "round",
        "solved (fit train)",
        "correct (held-out)",
        "neural pass@1",
        "neural pass@10",
        "NLL (nats)",
        "programs trained on",
    ]);
    let mut series = Vec::new();
    let mut rng = ChaCha8Rng::seed_from_u64(lab.seed ^ 0xada);
    let mut summary = String::new();
    for arm in ["adapt", "control"] {
        let mut model = base.duplicate()?;
        let (mut correct_pts, mut pass_pts) = (Vec::new(), Vec::new());
        let mut found: Vec<(Vars, Program)> = Vec::new();
        let mut found_texts = HashSet::new();
        for round in 0..=rounds {
            let results: Vec<Solved> = lab.solve(&tasks, &Hybrid::neural(&model), budget)?;
            for r in &results {
                if let Some(p) = &r.program {
                    if found_texts.insert(p.sexpr(&vars).to_string()) {
                        found.push((vars.clone(), p.clone()));
                    }
                }
            }
            let solved = results.iter().filter(|r| r.solved).count();
            let correct = results.iter().filter(|r| r.correct).count();
            let pass = pass_rates(&model, &tasks, samples, lab.seed)?;
            let (one, ten) = (pass.one, pass.ten);
            // what this round's training will use
            let mut data: Vec<(Vars, Program)> = original
                .choose_multiple(&mut rng, found.len().max(200))
                .cloned()
                .collect();
            if arm == "adapt" {
                data.extend(found.iter().cloned());
            }
            eprintln!(
                "[{arm}] round {round}: solved {solved}, correct {correct}, pass@1 {one:.3}, pass@10 {ten:.3}"
            );
            table.row(vec![
                arm.to_owned(),
                round.to_string(),
                solved.to_string(),
                correct.to_string(),
                f3(one),
                f3(ten),
                format!("{:.2}", pass.nll),
                if round < rounds {
                    data.len().to_string()
                } else {
                    "-".into()
                },
            ]);
            correct_pts.push((round as f64, correct as f64 / tasks.len() as f64));
            pass_pts.push((round as f64, ten));
            if round == rounds {
                summary += &format!(
                    "- {arm}: correct {:.3} → {:.3}, pass@10 {:.3} → {:.3} over {rounds} rounds\n",
                    correct_pts[0].1, correct_pts[rounds].1, pass_pts[0].1, pass_pts[rounds].1
                );
                break;
            }
            fine_tune(
                lab,
                arm,
                &mut model,
                &TrainingPrograms::new(&data),
                &validation,
                steps,
            )?;
        }
        series.push(plot::Series {
            name: format!("{arm}: hybrid correct"),
            points: correct_pts,
            fit: false,
            errors: Vec::new(),
        });
        series.push(plot::Series {
            name: format!("{arm}: neural pass@10"),
            points: pass_pts,
            fit: false,
            errors: Vec::new(),
        });
    }
    plot::lines(
        &lab.out.join("rounds.png"),
        "adaptation: search, then train on what it found",
        "round",
        "% of the out-of-distribution tasks",
        false,
        &series,
    )?;
    let md = table.write(&lab.out.join("adaptation.csv"))?;
    Ok(format!(
        "Base model trained on the {} programs of the universe; {} out-of-distribution tasks \
         (programs of sizes 11 and 13 that behave like no universe program, never shown); hybrid budget {budget:?} per task; {steps} \
         fine-tuning steps per round; {samples} samples for pass@k. \"adapt\" trains on the \
         programs found so far plus as many original ones, \"control\" on original ones only.\n\n\
         {md}\n{summary}\nPlot: rounds.png\n",
        placed.len(),
        tasks.len()
    ))
}
