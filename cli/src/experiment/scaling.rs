//! Experiment 3, scaling: models of growing size trained on the enumerated
//! programs with several seeds, measured at checkpoints (pass@1/10 and
//! description length on held-out enumerated tasks; neural and hybrid
//! solve rates on a fixed task set under a sample and candidate budget,
//! so that they do not move with the machine's load) against training
//! compute, with the log-linear law fitted to each and tested for a bend;
//! then the largest models' solve rates against the inference budget, each
//! with the log-linear fit through the smaller budgets and the question
//! whether the largest budget lands above it.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::PathBuf;
use std::time::Duration;

use anyhow::Result;
use arithsynth::dataset::read_tasks;
use arithsynth::model::{training_tasks, Config, Model, TrainConfig, TrainingPrograms};
use arithsynth::search::{Budget, Enumerative, Hybrid, Neural, Strategy};

use super::plot::{self, log_fit, Series};
use super::stats::{polyfit, Mean};
use super::{correct_rate, pass_rates, Lab, Table};

/// Model shapes, smallest first: (layers, width, heads). Scale 1 trains the
/// first three (27k to 370k parameters: with checkpoints from an eighth of
/// the steps to all of them, over 100× training compute); each doubling of
/// the scale adds one.
const SHAPES: [(usize, usize, usize); 6] = [
    (1, 32, 2),
    (2, 64, 4),
    (3, 96, 4),
    (4, 128, 4),
    (4, 192, 6),
    (6, 256, 8),
];

/// One checkpoint's measurements, for one seed.
struct Point {
    shape: (usize, usize, usize),
    seed: u64,
    parameters: usize,
    steps: u64,
    flops: f64,
    pass1: f64,
    pass10: f64,
    nll: f64,
    neural: f64,
    hybrid: f64,
}

/// A measured figure of a point.
type Figure = fn(&Point) -> f64;

/// The measured figures, by name, for the tables, fits and plots.
const METRICS: [(&str, Figure); 6] = [
    ("pass@1", |p| p.pass1),
    ("pass@10", |p| p.pass10),
    ("NLL (nats)", |p| p.nll),
    ("neural solve", |p| p.neural),
    ("hybrid solve", |p| p.hybrid),
    ("hybrid - neural", |p| p.hybrid - p.neural),
];

#[expect(
    clippy::too_many_lines,
    reason = "one experiment's steps in order: train, tabulate, fit, sweep"
)]
pub fn run(lab: &Lab) -> Result<String> {
    let tasks_path = lab
        .tasks
        .clone()
        .unwrap_or_else(|| PathBuf::from("examples/tasks/generated-100.jsonl"));
    let solve_tasks = read_tasks(&tasks_path)?;
    // enumerated held-out tasks are drawn from the hash-held-out fiftieth,
    // the same for every seed: the intervals are over training and
    // sampling, not over the choice of tasks
    let held_out = training_tasks(lab.max_size, lab.scaled(100), 8, 32, lab.seed, true)?;
    let train = TrainingPrograms::enumerated(lab.max_size, false)?;
    let validation = TrainingPrograms::enumerated(lab.max_size, true)?;
    let samples = lab.scaled(40).max(10);
    let solve_samples = lab.scaled(200).max(2) as u64;
    let solve_candidates = lab.scaled(500_000) as u64;
    let neural_budget = Budget {
        samples: Some(solve_samples),
        ..Budget::default()
    };
    let hybrid_budget = Budget::candidates(solve_candidates).with_samples(solve_samples);
    let mut extra = 0;
    while f64::from(1u32 << extra) * 2.0 <= lab.scale && extra < SHAPES.len() {
        extra += 1;
    }
    let shapes = &SHAPES[..(3 + extra).min(SHAPES.len())];
    let last = lab.scaled(1200) as u64;
    let mut checkpoints: Vec<u64> = [last / 8, last / 4, last / 2, last]
        .into_iter()
        .filter(|&s| s > 0)
        .collect();
    checkpoints.dedup();
    let seeds: Vec<u64> = (0..lab.seeds).map(|i| lab.seed.wrapping_add(i)).collect();
    let mut points: Vec<Point> = Vec::new();
    let mut largest: Vec<Model> = Vec::new();
    for &seed in &seeds {
        for (i, &(layers, width, heads)) in shapes.iter().enumerate() {
            let config = TrainConfig {
                model: Config {
                    layers,
                    width,
                    heads,
                    context: 128,
                },
                steps: last,
                eval_every: last,
                seed,
                ..lab.train_config()
            };
            let label = format!("{layers}x{width} seed {seed}");
            let model = lab.train(&label, &config, &train, &validation, &mut |step, model| {
                if !checkpoints.contains(&step.step) {
                    return Ok(());
                }
                let pass = pass_rates(model, &held_out, samples, seed)?;
                let neural = correct_rate(&lab.solve_within(
                    &solve_tasks,
                    &Neural::new(model),
                    &neural_budget,
                )?);
                let hybrid = correct_rate(&lab.solve_within(
                    &solve_tasks,
                    &Hybrid::neural(model),
                    &hybrid_budget,
                )?);
                let parameters = model.parameter_count();
                let flops = 6.0 * parameters as f64 * step.tokens as f64;
                eprintln!(
                    "[{label}] step {}: {flops:.2e} FLOPs, pass@1 {:.3} pass@10 {:.3} \
                     NLL {:.2}, neural {neural:.3} hybrid {hybrid:.3}",
                    step.step, pass.one, pass.ten, pass.nll
                );
                points.push(Point {
                    shape: (layers, width, heads),
                    seed,
                    parameters,
                    steps: step.step,
                    flops,
                    pass1: pass.one,
                    pass10: pass.ten,
                    nll: pass.nll,
                    neural,
                    hybrid,
                });
                Ok(())
            })?;
            if i + 1 == shapes.len() {
                largest.push(model);
            }
        }
    }
    // every seed's measurements, then their means by model and steps
    let mut runs = Table::new(&[
        "model (layers x width)",
        "seed",
        "parameters",
        "steps",
        "training FLOPs",
        "pass@1",
        "pass@10",
        "NLL (nats)",
        "neural solve",
        "hybrid solve",
    ]);
    let mut groups: BTreeMap<(usize, usize, u64), Vec<&Point>> = BTreeMap::new();
    for p in &points {
        runs.row(vec![
            format!("{}x{}", p.shape.0, p.shape.1),
            p.seed.to_string(),
            p.parameters.to_string(),
            p.steps.to_string(),
            format!("{:.3e}", p.flops),
            format!("{:.4}", p.pass1),
            format!("{:.4}", p.pass10),
            format!("{:.3}", p.nll),
            format!("{:.3}", p.neural),
            format!("{:.3}", p.hybrid),
        ]);
        groups
            .entry((p.shape.0, p.shape.1, p.steps))
            .or_default()
            .push(p);
    }
    let mut header = vec![
        "model (layers x width)",
        "parameters",
        "steps",
        "training FLOPs",
    ];
    header.extend(METRICS.iter().map(|m| m.0));
    let mut compute = Table::new(&header);
    // (mean FLOPs, mean and interval of each metric) by group, in compute order
    let mut means: Vec<(f64, Vec<Mean>)> = Vec::new();
    for ((layers, width, steps), group) in &groups {
        let flops = Mean::of(&group.iter().map(|p| p.flops).collect::<Vec<_>>()).mean;
        let figures: Vec<Mean> = METRICS
            .iter()
            .map(|(_, f)| Mean::of(&group.iter().map(|p| f(p)).collect::<Vec<_>>()))
            .collect();
        let mut row = vec![
            format!("{layers}x{width}"),
            group[0].parameters.to_string(),
            steps.to_string(),
            format!("{flops:.2e}"),
        ];
        row.extend(figures.iter().enumerate().map(|(m, f)| {
            if METRICS[m].0.starts_with("NLL") {
                match f.half {
                    Some(h) => format!("{:.2} ± {h:.2}", f.mean),
                    None => format!("{:.2}", f.mean),
                }
            } else {
                f.show()
            }
        }));
        compute.row(row);
        means.push((flops, figures));
    }
    means.sort_by(|a, b| a.0.total_cmp(&b.0));
    let span = match (means.first(), means.last()) {
        (Some(lo), Some(hi)) if lo.0 > 0.0 => hi.0 / lo.0,
        _ => 1.0,
    };
    // the laws: least squares over every seed's point, x = log10 FLOPs
    let mut fits = format!(
        "Laws fitted over every seed's point ({} points, {span:.0}× training compute), \
         x = log10 training FLOPs: the slope is the change per tenfold compute; a bend is \
         a curvature (the x² term of a quadratic) whose 95% interval excludes zero.\n\n\
         | figure | slope per decade | curvature per decade² | law |\n|---|---|---|---|\n",
        points.len()
    );
    for (name, f) in &METRICS[1..] {
        let xy: Vec<(f64, f64)> = points.iter().map(|p| (p.flops.log10(), f(p))).collect();
        let (Some(line), Some(curve)) = (polyfit(&xy, 1), polyfit(&xy, 2)) else {
            continue;
        };
        let verdict = if curve[2].significant() {
            if curve[2].value < 0.0 {
                "bends down (concave)"
            } else {
                "bends up (convex)"
            }
        } else if line[1].significant() {
            if line[1].value > 0.0 {
                "rises log-linearly"
            } else {
                "falls log-linearly"
            }
        } else {
            "no trend within the intervals"
        };
        let _ = writeln!(
            fits,
            "| {name} | {} | {} | {verdict} |",
            line[1].show(),
            curve[2].show()
        );
    }
    fits += "\nThe last row is the search's effect on the law: a slope of the paired \
             difference whose interval excludes zero means that the hybrid's line and \
             sampling's have different slopes.\n";
    let solve_series: Vec<Series> = [1usize, 3, 4]
        .iter()
        .map(|&m| Series {
            name: match METRICS[m].0 {
                "pass@10" => "neural pass@10 (held-out enumerated)".into(),
                "neural solve" => "neural solve (task set)".into(),
                _ => "hybrid solve (task set)".into(),
            },
            points: means.iter().map(|(x, f)| (*x, f[m].mean)).collect(),
            fit: true,
            errors: means
                .iter()
                .map(|(_, f)| f[m].half.unwrap_or(0.0))
                .collect(),
        })
        .collect();
    plot::lines(
        &lab.out.join("compute.png"),
        &format!(
            "scaling with training compute ({} seeds, 95% intervals)",
            seeds.len()
        ),
        "training FLOPs (6 x parameters x tokens, log scale)",
        "%",
        true,
        &solve_series,
    )?;
    // the description length, where the law shows first at this scale
    plot::value_lines(
        &lab.out.join("nll.png"),
        &format!(
            "description length of held-out programs ({} seeds, 95% intervals)",
            seeds.len()
        ),
        "training FLOPs (6 x parameters x tokens, log scale)",
        "NLL of the reference program (nats)",
        true,
        &[Series {
            name: "NLL (held-out enumerated)".into(),
            points: means.iter().map(|(x, f)| (*x, f[2].mean)).collect(),
            fit: true,
            errors: means
                .iter()
                .map(|(_, f)| f[2].half.unwrap_or(0.0))
                .collect(),
        }],
    )?;
    // inference budget: every seed's largest model
    let budgets = [0.05, 0.1, 0.3, 1.0].map(|b| b * lab.scale.max(1.0).sqrt());
    let mut budget_table = Table::new(&[
        "strategy",
        "budget (s)",
        "correct",
        "fit through the smaller budgets",
    ]);
    let mut budget_series = Vec::new();
    let mut verdicts = String::from(
        "\nAt the largest budget, against the log-linear fit through the smaller ones \
         (above: by more than one task and, with several seeds, by more than the \
         interval):\n\n",
    );
    let names = ["enumerative", "neural", "hybrid"];
    for name in names {
        // rates[b][s]: budget b, seed s
        let mut rates = vec![Vec::new(); budgets.len()];
        for model in &largest {
            let strategy: Box<dyn Strategy + Sync> = match name {
                "enumerative" => Box::new(Enumerative::default()),
                "neural" => Box::new(Neural::new(model)),
                _ => Box::new(Hybrid::neural(model)),
            };
            for (b, &budget) in budgets.iter().enumerate() {
                let rate = correct_rate(&lab.solve(
                    &solve_tasks,
                    strategy.as_ref(),
                    Duration::from_secs_f64(budget),
                )?);
                eprintln!("[budget] {name} {budget:.3} s: {rate:.3}");
                rates[b].push(rate);
            }
        }
        let means: Vec<Mean> = rates.iter().map(|r| Mean::of(r)).collect();
        let pts: Vec<(f64, f64)> = budgets
            .iter()
            .zip(&means)
            .map(|(&b, m)| (b, m.mean))
            .collect();
        let fit = log_fit(&pts[..pts.len() - 1]);
        for (&(b, _), m) in pts.iter().zip(&means) {
            budget_table.row(vec![
                name.to_owned(),
                format!("{b:.3}"),
                m.show(),
                fit.map_or("-".into(), |(a, s)| format!("{:.3}", a + s * b.ln())),
            ]);
        }
        if let (Some((a, s)), Some(&(b, rate)), Some(m)) = (fit, pts.last(), means.last()) {
            let predicted = a + s * b.ln();
            let margin = (1.0 / solve_tasks.len().max(1) as f64).max(m.half.unwrap_or(0.0));
            let _ = writeln!(
                verdicts,
                "- {name}: {} measured, {predicted:.3} on the line: {}",
                m.show(),
                if rate > predicted + margin {
                    "above (breaks the line)"
                } else {
                    "not above"
                }
            );
        }
        budget_series.push(Series {
            name: name.to_owned(),
            points: pts,
            fit: true,
            errors: means.iter().map(|m| m.half.unwrap_or(0.0)).collect(),
        });
    }
    plot::lines(
        &lab.out.join("budget.png"),
        &format!("solve rate vs inference budget ({})", tasks_path.display()),
        "budget per task (s, log scale)",
        "% tasks correct",
        true,
        &budget_series,
    )?;
    let runs = runs.write(&lab.out.join("compute-runs.csv"))?;
    let a = compute.write(&lab.out.join("compute.csv"))?;
    let b = budget_table.write(&lab.out.join("budget.csv"))?;
    Ok(format!(
        "Training: enumerated programs (1 variable through size {m}, 2 through {m2}), 32 \
         tasks a step, seeds {seeds:?}; pass@k and NLL on {} held-out enumerated tasks \
         ({samples} samples); solve rates: correct on held-out examples of {} ({} tasks), \
         neural with {solve_samples} samples a task, the hybrid with {solve_samples} samples \
         and {solve_candidates} candidates (budgets that do not depend on the machine's \
         speed). Means over the seeds, ± the half-width of the 95% interval (Student's \
         t).\n\n{a}\n{fits}\nInference budget (time), the largest model of each \
         seed:\n\n{b}{verdicts}\nPlots: compute.png, nll.png, budget.png. Every seed's \
         figures: compute-runs.csv.\n\n<details><summary>every seed</summary>\n\n{runs}\n</details>\n",
        held_out.len(),
        tasks_path.display(),
        solve_tasks.len(),
        m = lab.max_size,
        m2 = lab.max_size - 2,
    ))
}
