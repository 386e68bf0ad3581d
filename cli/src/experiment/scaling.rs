//! Experiment 3, scaling: models of growing size trained on the enumerated
//! programs, measured at checkpoints (pass@1/10 on held-out enumerated
//! tasks; neural and hybrid solve rates on a fixed task set at a fixed
//! budget) against training compute; then the largest model's neural and
//! hybrid solve rates (and enumeration's) against the inference budget,
//! each with the log-linear fit through the smaller budgets and the
//! question whether the largest budget lands above it.

use std::path::PathBuf;
use std::time::Duration;

use anyhow::Result;
use arithsynth::dataset::read_tasks;
use arithsynth::model::{training_tasks, Config, Model, TrainConfig, TrainingPrograms};
use arithsynth::search::{Enumerative, Hybrid, Neural, Strategy};

use super::plot::{self, log_fit, Series};
use super::{correct_rate, f3, pass_rates, Lab, Table};

/// Model shapes, smallest first: (layers, width, heads).
const SHAPES: [(usize, usize, usize); 6] = [
    (1, 32, 2),
    (2, 48, 4),
    (2, 64, 4),
    (3, 96, 4),
    (3, 128, 4),
    (4, 192, 6),
];

/// One checkpoint's measurements.
struct Point {
    shape: (usize, usize, usize),
    parameters: usize,
    steps: u64,
    flops: f64,
    pass1: f64,
    pass10: f64,
    nll: f64,
    neural: f64,
    hybrid: f64,
}

pub fn run(lab: &Lab) -> Result<String> {
    let tasks_path = lab
        .tasks
        .clone()
        .unwrap_or_else(|| PathBuf::from("examples/tasks/generated-100.jsonl"));
    let solve_tasks = read_tasks(&tasks_path)?;
    // enumerated held-out tasks are drawn from the hash-held-out fiftieth
    let held_out = training_tasks(lab.max_size, lab.scaled(100), 8, 32, lab.seed, true)?;
    let train = TrainingPrograms::enumerated(lab.max_size, false)?;
    let validation = TrainingPrograms::enumerated(lab.max_size, true)?;
    let samples = lab.scaled(40).max(10);
    let budget = Duration::from_millis(300);
    // scale 1: three shapes; each doubling of the scale adds one
    let mut extra = 0;
    while f64::from(1u32 << extra) * 2.0 <= lab.scale && extra < SHAPES.len() {
        extra += 1;
    }
    let shapes = &SHAPES[..(3 + extra).min(SHAPES.len())];
    let last = lab.scaled(800) as u64;
    let checkpoints = [last / 4, last / 2, last];
    let mut points: Vec<Point> = Vec::new();
    let mut largest: Option<Model> = None;
    for &(layers, width, heads) in shapes {
        let config = TrainConfig {
            model: Config {
                layers,
                width,
                heads,
                context: 128,
            },
            steps: last,
            eval_every: last,
            ..lab.train_config()
        };
        let label = format!("{layers}x{width}");
        let model = lab.train(&label, &config, &train, &validation, &mut |step, model| {
            if !checkpoints.contains(&step.step) {
                return Ok(());
            }
            let pass = pass_rates(model, &held_out, samples, lab.seed)?;
            let (pass1, pass10, nll) = (pass.one, pass.ten, pass.nll);
            let neural = correct_rate(&lab.solve(&solve_tasks, &Neural::new(model), budget)?);
            let hybrid = correct_rate(&lab.solve(&solve_tasks, &Hybrid::neural(model), budget)?);
            let parameters = model.parameter_count();
            let flops = 6.0 * parameters as f64 * step.tokens as f64;
            eprintln!(
                "[{label}] step {}: {flops:.2e} FLOPs, pass@1 {pass1:.3} pass@10 {pass10:.3}, \
                 neural {neural:.3} hybrid {hybrid:.3} at {budget:?}",
                step.step
            );
            points.push(Point {
                shape: (layers, width, heads),
                parameters,
                steps: step.step,
                flops,
                pass1,
                pass10,
                nll,
                neural,
                hybrid,
            });
            Ok(())
        })?;
        largest = Some(model);
    }
    let mut compute = Table::new(&[
        "model (layers x width)",
        "parameters",
        "steps",
        "training FLOPs",
        "pass@1",
        "pass@10",
        "NLL (nats)",
        "neural solve",
        "hybrid solve",
    ]);
    for p in &points {
        compute.row(vec![
            format!("{}x{}", p.shape.0, p.shape.1),
            p.parameters.to_string(),
            p.steps.to_string(),
            format!("{:.2e}", p.flops),
            f3(p.pass1),
            f3(p.pass10),
            format!("{:.2}", p.nll),
            f3(p.neural),
            f3(p.hybrid),
        ]);
    }
    let metric = |f: fn(&Point) -> f64| -> Vec<(f64, f64)> {
        let mut v: Vec<(f64, f64)> = points.iter().map(|p| (p.flops, f(p))).collect();
        v.sort_by(|a, b| a.0.total_cmp(&b.0));
        v
    };
    let compute_series = vec![
        Series {
            name: "neural pass@10 (held-out enumerated)".into(),
            points: metric(|p| p.pass10),
            fit: true,
        },
        Series {
            name: "neural solve (task set)".into(),
            points: metric(|p| p.neural),
            fit: true,
        },
        Series {
            name: "hybrid solve (task set)".into(),
            points: metric(|p| p.hybrid),
            fit: true,
        },
    ];
    plot::lines(
        &lab.out.join("compute.png"),
        &format!("scaling with training compute (budget {budget:?} per task)"),
        "training FLOPs (6 x parameters x tokens, log scale)",
        "%",
        true,
        &compute_series,
    )?;
    let mut fits = String::from(
        "Log-linear fits against training compute (slope: change per tenfold compute):\n\n",
    );
    for s in &compute_series {
        if let Some((_, b)) = log_fit(&s.points) {
            fits += &format!(
                "- {}: {:+.3} per decade\n",
                s.name,
                b * std::f64::consts::LN_10
            );
        }
    }
    // inference budget, largest model
    let model = largest.expect("at least one shape");
    let budgets = [0.05, 0.1, 0.3, 1.0].map(|b| b * lab.scale.max(1.0).sqrt());
    let strategies: [(&str, Box<dyn Strategy + Sync + '_>); 3] = [
        ("enumerative", Box::new(Enumerative::default())),
        ("neural", Box::new(Neural::new(&model))),
        ("hybrid", Box::new(Hybrid::neural(&model))),
    ];
    let mut budget_table = Table::new(&[
        "strategy",
        "budget (s)",
        "correct",
        "fit through the smaller budgets",
    ]);
    let mut budget_series = Vec::new();
    let mut verdicts = String::from(
        "\nAt the largest budget, against the log-linear fit through the smaller ones \
         (above: by more than one task):\n\n",
    );
    for (name, strategy) in &strategies {
        let mut pts = Vec::new();
        for &b in &budgets {
            let rate = correct_rate(&lab.solve(
                &solve_tasks,
                strategy.as_ref(),
                Duration::from_secs_f64(b),
            )?);
            eprintln!("[budget] {name} {b:.3} s: {rate:.3}");
            pts.push((b, rate));
        }
        let fit = log_fit(&pts[..pts.len() - 1]);
        for &(b, rate) in &pts {
            budget_table.row(vec![
                (*name).to_owned(),
                format!("{b:.3}"),
                f3(rate),
                fit.map_or("-".into(), |(a, s)| f3(a + s * b.ln())),
            ]);
        }
        if let (Some((a, s)), Some(&(b, rate))) = (fit, pts.last()) {
            let predicted = a + s * b.ln();
            verdicts += &format!(
                "- {name}: {rate:.3} measured, {predicted:.3} on the line: {}\n",
                if rate > predicted + 1.0 / solve_tasks.len().max(1) as f64 {
                    "above (breaks the line)"
                } else {
                    "not above"
                }
            );
        }
        budget_series.push(Series {
            name: (*name).to_owned(),
            points: pts,
            fit: true,
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
    let a = compute.write(&lab.out.join("compute.csv"))?;
    let b = budget_table.write(&lab.out.join("budget.csv"))?;
    Ok(format!(
        "Training: enumerated programs (1 variable through size {m}, 2 through {m2}), 32 \
         tasks a step; pass@k on {} held-out enumerated tasks ({samples} samples); solve rates: correct \
         on held-out examples of {} ({} tasks).\n\n{a}\n{fits}\nInference budget, largest \
         model:\n\n{b}{verdicts}\nPlots: compute.png, budget.png\n",
        held_out.len(),
        tasks_path.display(),
        solve_tasks.len(),
        m = lab.max_size,
        m2 = lab.max_size - 2,
    ))
}
