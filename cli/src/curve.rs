//! `arithsynth curve`: solve rate against budget for each strategy (and
//! cvc5 when its Python package is installed), as CSV, a PNG plot, and a
//! log-linear fit per curve.

use std::fmt::Write as _;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::Command;

use anyhow::{bail, Context, Result};
use arithsynth::dataset::{read_tasks, AtomicFile, Task};
use arithsynth::search::{Budget, Spec};
use arithsynth::sygus::{parse_problem, parse_solution, write_problem};
use clap::Args;
use indicatif::ProgressBar;

use crate::solve::{parse_duration, solve_all_asking, specs, Questions};
use crate::strategies::Strategies;
use crate::sygus::file_name;
use crate::GrammarArgs;

#[derive(Args, Debug)]
pub struct CurveArgs {
    /// Task files (JSON lines), comma separated: one curve set each.
    #[arg(long)]
    tasks: String,
    /// Strategies, comma separated (see `solve --help`).
    #[arg(long, default_value = "enumerative,neural,hybrid")]
    strategies: String,
    /// Budgets per task, comma separated.
    #[arg(long, default_value = "0.1s,0.3s,1s,3s,10s")]
    budgets: String,
    /// Run cvc5 too: `auto` (when `python3 -c 'import cvc5'` works), `on`
    /// (fail without it), `off`.
    #[arg(long, default_value = "auto")]
    cvc5: String,
    /// Checkpoint for the model strategies; default: the embedded model.
    #[arg(long)]
    model: Option<PathBuf>,
    /// Tasks solved at once (default: one per core).
    #[arg(long)]
    jobs: Option<usize>,
    /// Runs of each strategy that samples a model, with sample seeds 0 to
    /// N − 1 (the others are deterministic and run once): each point is
    /// then the mean over seeds, printed with its 95% interval.
    #[arg(long, default_value_t = 1)]
    seeds: u64,
    /// Output folder: curve.csv, curve-SET.png, per-run results.
    #[arg(long)]
    out: PathBuf,
    #[command(flatten)]
    grammar: GrammarArgs,
}

/// One point of a curve: one run, or the mean of a strategy's runs over
/// seeds.
struct Point {
    set: String,
    strategy: String,
    budget: f64,
    seed: Option<u64>,
    tasks: usize,
    solved: f64,
    correct: f64,
}

/// A count, or a mean of counts to three decimals.
fn count(value: f64) -> String {
    if value.fract() == 0.0 {
        format!("{value:.0}")
    } else {
        format!("{value:.3}")
    }
}

/// Student's t at 97.5% for `df` degrees of freedom (1 to 30; the normal
/// quantile past that).
fn t_975(df: usize) -> f64 {
    const T: [f64; 30] = [
        12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228, 2.201, 2.179, 2.160,
        2.145, 2.131, 2.120, 2.110, 2.101, 2.093, 2.086, 2.080, 2.074, 2.069, 2.064, 2.060, 2.056,
        2.052, 2.048, 2.045, 2.042,
    ];
    df.checked_sub(1)
        .and_then(|i| T.get(i))
        .copied()
        .unwrap_or(1.960)
}

/// The mean of `values` and the half-width of its 95% t-interval (0 for
/// one value).
pub fn mean_interval(values: &[f64]) -> (f64, f64) {
    if values.is_empty() {
        return (0.0, 0.0);
    }
    #[expect(clippy::cast_precision_loss, reason = "a handful of seeds")]
    let n = values.len() as f64;
    let mean = values.iter().sum::<f64>() / n;
    if values.len() < 2 {
        return (mean, 0.0);
    }
    let variance = values.iter().map(|v| (v - mean).powi(2)).sum::<f64>() / (n - 1.0);
    (mean, t_975(values.len() - 1) * (variance / n).sqrt())
}

/// The mean over seeds of each strategy's runs at each budget, with the
/// runs' interval printed; a strategy run once is its own mean.
fn means(runs: &[Point]) -> Vec<Point> {
    let mut out: Vec<Point> = Vec::new();
    for run in runs {
        let same =
            |p: &&Point| p.set == run.set && p.strategy == run.strategy && p.budget == run.budget;
        if out.iter().any(|p| same(&p)) {
            continue;
        }
        let group: Vec<&Point> = runs.iter().filter(same).collect();
        let (correct, half) = mean_interval(&group.iter().map(|p| p.correct).collect::<Vec<_>>());
        let (solved, _) = mean_interval(&group.iter().map(|p| p.solved).collect::<Vec<_>>());
        if group.len() > 1 {
            eprintln!(
                "{:<20} {:<18} {:>6}s  correct {correct:.2} ± {half:.2} (95%, {} seeds) / {}",
                run.set,
                run.strategy,
                run.budget,
                group.len(),
                run.tasks
            );
        }
        out.push(Point {
            set: run.set.clone(),
            strategy: run.strategy.clone(),
            budget: run.budget,
            seed: None,
            tasks: run.tasks,
            solved,
            correct,
        });
    }
    out
}

/// Least squares of `y` on `ln x`: (intercept, slope).
pub fn log_fit(points: &[(f64, f64)]) -> Option<(f64, f64)> {
    if points.len() < 2 {
        return None;
    }
    #[expect(clippy::cast_precision_loss, reason = "a handful of points")]
    let n = points.len() as f64;
    let xs: Vec<f64> = points.iter().map(|p| p.0.ln()).collect();
    let mx = xs.iter().sum::<f64>() / n;
    let my = points.iter().map(|p| p.1).sum::<f64>() / n;
    let sxx: f64 = xs.iter().map(|x| (x - mx).powi(2)).sum();
    if sxx == 0.0 {
        return None;
    }
    let sxy: f64 = xs
        .iter()
        .zip(points)
        .map(|(x, p)| (x - mx) * (p.1 - my))
        .sum();
    let slope = sxy / sxx;
    Some((my - slope * mx, slope))
}

fn cvc5_available() -> bool {
    Command::new("python3")
        .args(["-c", "import cvc5"])
        .output()
        .is_ok_and(|o| o.status.success())
}

/// Solves every task with cvc5 at `budget`; returns (solved, correct).
fn run_cvc5(
    tasks: &[Task],
    specs: &[Spec],
    dir: &Path,
    budget: f64,
    jobs: usize,
) -> Result<(usize, usize)> {
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("scripts/cvc5_sygus.py");
    let files: Vec<PathBuf> = tasks
        .iter()
        .map(|t| dir.join(format!("{}.sl", file_name(&t.name))))
        .collect();
    #[expect(
        clippy::cast_possible_truncation,
        clippy::cast_sign_loss,
        reason = "budgets are seconds"
    )]
    let ms = (budget * 1000.0).round() as u64;
    let jobs = jobs.max(1);
    let chunks: Vec<Vec<PathBuf>> = (0..jobs)
        .map(|j| files.iter().skip(j).step_by(jobs).cloned().collect())
        .collect();
    let children: Vec<std::process::Child> = chunks
        .iter()
        .filter(|c| !c.is_empty())
        .map(|chunk| {
            Command::new("python3")
                .arg(&script)
                .arg(ms.to_string())
                .args(chunk)
                .stdout(std::process::Stdio::piped())
                .stderr(std::process::Stdio::null())
                .spawn()
                .context("starting python3 for cvc5")
        })
        .collect::<Result<_>>()?;
    let mut answers = std::collections::HashMap::new();
    for child in children {
        let output = child.wait_with_output().context("waiting for cvc5")?;
        for line in String::from_utf8_lossy(&output.stdout).lines() {
            let value: serde_json::Value =
                serde_json::from_str(line).context("cvc5 runner output")?;
            let file = value["file"].as_str().unwrap_or_default().to_owned();
            answers.insert(file, value["answer"].as_str().map(str::to_owned));
        }
    }
    let (mut solved, mut correct) = (0, 0);
    for ((file, spec), task) in files.iter().zip(specs).zip(tasks) {
        let Some(Some(answer)) = answers.get(&file.display().to_string()) else {
            continue;
        };
        let text = std::fs::read_to_string(file)?;
        let problem = parse_problem(&text).with_context(|| file.display().to_string())?;
        let Ok(program) = parse_solution(answer, &problem) else {
            eprintln!("{}: cvc5 answer outside the fragment: {answer}", task.name);
            continue;
        };
        if spec.matched(&program) == spec.train().len() {
            solved += 1;
            correct += usize::from(spec.test_ok(&program) == Some(true));
        }
    }
    Ok((solved, correct))
}

/// Registers a TrueType font for plot labels (`ARITHSYNTH_FONT`, else
/// DejaVu Sans or Arial where the system has them); false, with a warning,
/// when none is found: plots are then drawn without text.
pub fn register_font() -> bool {
    use std::sync::OnceLock;
    static REGISTERED: OnceLock<bool> = OnceLock::new();
    *REGISTERED.get_or_init(|| {
        let font = [
            std::env::var("ARITHSYNTH_FONT").unwrap_or_default(),
            "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf".to_owned(),
            "/usr/share/fonts/TTF/DejaVuSans.ttf".to_owned(),
            "/System/Library/Fonts/Supplemental/Arial.ttf".to_owned(),
        ]
        .into_iter()
        .find_map(|p| std::fs::read(p).ok());
        let labels = font.is_some_and(|bytes| {
            let bytes: &'static [u8] = Box::leak(bytes.into_boxed_slice());
            plotters::style::register_font("sans-serif", plotters::style::FontStyle::Normal, bytes)
                .is_ok()
        });
        if !labels {
            eprintln!("no TrueType font found (set ARITHSYNTH_FONT): plots have no labels");
        }
        labels
    })
}

fn draw(points: &[Point], set: &str, path: &Path) -> Result<()> {
    use plotters::prelude::*;
    if !points.iter().any(|p| p.set == set && p.budget > 0.0) {
        return Ok(());
    }
    let labels = register_font();
    let mine: Vec<&Point> = points.iter().filter(|p| p.set == set).collect();
    let (lo, hi) = mine.iter().fold((f64::MAX, f64::MIN), |(lo, hi), p| {
        (lo.min(p.budget), hi.max(p.budget))
    });
    let root = BitMapBackend::new(path, (900, 600)).into_drawing_area();
    root.fill(&WHITE).map_err(|e| anyhow::anyhow!("{e}"))?;
    let mut builder = ChartBuilder::on(&root);
    builder.margin(20);
    if labels {
        builder
            .caption(
                format!("{set}: correct on held-out examples vs budget per task"),
                ("sans-serif", 22),
            )
            .x_label_area_size(45)
            .y_label_area_size(60);
    }
    let mut chart = builder
        .build_cartesian_2d((lo * 0.8..hi * 1.25).log_scale(), 0.0..100.0)
        .map_err(|e| anyhow::anyhow!("{e}"))?;
    if labels {
        chart
            .configure_mesh()
            .x_desc("budget (s, log scale)")
            .y_desc("% tasks correct")
            .draw()
            .map_err(|e| anyhow::anyhow!("{e}"))?;
    }
    let mut strategies: Vec<&str> = mine.iter().map(|p| p.strategy.as_str()).collect();
    strategies.dedup();
    for (i, strategy) in strategies.iter().enumerate() {
        let color = Palette99::pick(i).to_rgba();
        #[expect(clippy::cast_precision_loss, reason = "task counts")]
        let series: Vec<(f64, f64)> = mine
            .iter()
            .filter(|p| p.strategy == *strategy)
            .map(|p| (p.budget, 100.0 * p.correct / p.tasks.max(1) as f64))
            .collect();
        let line = chart
            .draw_series(LineSeries::new(series.clone(), color.stroke_width(3)))
            .map_err(|e| anyhow::anyhow!("{e}"))?;
        if labels {
            line.label(*strategy).legend(move |(x, y)| {
                PathElement::new(vec![(x, y), (x + 20, y)], color.stroke_width(3))
            });
        }
        chart
            .draw_series(series.iter().map(|&p| Circle::new(p, 4, color.filled())))
            .map_err(|e| anyhow::anyhow!("{e}"))?;
        if let Some((a, b)) = log_fit(&series) {
            let fit: Vec<(f64, f64)> = [lo, hi].iter().map(|&x| (x, a + b * x.ln())).collect();
            chart
                .draw_series(LineSeries::new(fit, color.mix(0.4).stroke_width(1)))
                .map_err(|e| anyhow::anyhow!("{e}"))?;
        }
    }
    if labels {
        chart
            .configure_series_labels()
            .background_style(WHITE.mix(0.8))
            .border_style(BLACK)
            .position(SeriesLabelPosition::LowerRight)
            .draw()
            .map_err(|e| anyhow::anyhow!("{e}"))?;
    }
    root.present().map_err(|e| anyhow::anyhow!("{e}"))?;
    Ok(())
}

pub fn run(args: &CurveArgs) -> Result<()> {
    let names: Vec<String> = args
        .strategies
        .split(',')
        .map(|s| s.trim().to_owned())
        .filter(|s| !s.is_empty())
        .collect();
    if names.is_empty() && args.cvc5 == "off" {
        bail!("--strategies: name at least one strategy");
    }
    let budgets: Vec<f64> = args
        .budgets
        .split(',')
        .map(|b| parse_duration(b).map(|d| d.as_secs_f64()))
        .collect::<Result<_>>()?;
    if budgets.is_empty() || budgets.iter().any(|&b| b <= 0.0) {
        bail!("--budgets: give positive durations, e.g. 0.1s,1s,10s");
    }
    let with_cvc5 = match args.cvc5.as_str() {
        "off" => false,
        "on" => {
            if !cvc5_available() {
                bail!("--cvc5 on: `python3 -c 'import cvc5'` fails (pip install cvc5)");
            }
            true
        }
        "auto" => cvc5_available(),
        other => bail!("--cvc5 {other}: expected auto, on or off"),
    };
    if args.seeds == 0 {
        bail!("--seeds: at least 1");
    }
    let strategies = Strategies::new(&names, args.model.as_deref())?;
    let default = args.grammar.grammar()?;
    // each strategy that samples once per seed; the others once
    let mut built = Vec::new();
    for strategy in strategies.build(&default, &Budget::default()) {
        let seeds = if strategy.uses_model() { args.seeds } else { 1 };
        for seed in 0..seeds {
            let label = (strategy.uses_model() && args.seeds > 1).then_some(seed);
            built.push((strategy.clone().seed(seed), label));
        }
    }
    std::fs::create_dir_all(&args.out)
        .with_context(|| format!("creating {}", args.out.display()))?;
    let jobs = args.jobs.unwrap_or(0);
    let mut points = Vec::new();
    let mut sets = Vec::new();
    for file in args
        .tasks
        .split(',')
        .map(str::trim)
        .filter(|f| !f.is_empty())
    {
        let tasks = read_tasks(Path::new(file))?;
        let specs = specs(&tasks, &default)?;
        let set = Path::new(file)
            .file_stem()
            .map_or("tasks".into(), |s| s.to_string_lossy().into_owned());
        sets.push(set.clone());
        for (strategy, seed) in &built {
            let tag = seed.map_or(String::new(), |s| format!("-seed{s}"));
            for &budget in &budgets {
                let bar = ProgressBar::new(tasks.len() as u64);
                let name = strategy.strategy_name();
                bar.set_message(format!("{set} {name} {budget}s"));
                let within = strategy
                    .clone()
                    .time_limit(std::time::Duration::from_secs_f64(budget));
                let results =
                    solve_all_asking(&tasks, &specs, &within, jobs, &bar, &Questions::None)?;
                bar.finish_and_clear();
                let solved = results.iter().filter(|r| r.1 == Some(true)).count();
                let correct = results.iter().filter(|r| r.2 == Some(true)).count();
                let path = args.out.join(format!(
                    "{set}-{}-{budget}s{tag}.jsonl",
                    strategy.strategy_name()
                ));
                let mut out = AtomicFile::create(&path)?;
                for r in &results {
                    writeln!(out.writer(), "{}", r.0)?;
                }
                out.commit()?;
                eprintln!(
                    "{set:<20} {:<18} {budget:>6}s  solved {solved:>4}  correct {correct:>4} / {}{}",
                    strategy.strategy_name(),
                    tasks.len(),
                    seed.map_or(String::new(), |s| format!(" (seed {s})"))
                );
                #[expect(clippy::cast_precision_loss, reason = "task counts")]
                points.push(Point {
                    set: set.clone(),
                    strategy: strategy.strategy_name().to_owned(),
                    budget,
                    seed: *seed,
                    tasks: tasks.len(),
                    solved: solved as f64,
                    correct: correct as f64,
                });
            }
        }
        if with_cvc5 {
            let dir = args.out.join("sygus").join(&set);
            std::fs::create_dir_all(&dir)?;
            for task in &tasks {
                let grammar = task.grammar(&default)?;
                std::fs::write(
                    dir.join(format!("{}.sl", file_name(&task.name))),
                    write_problem(task, &grammar),
                )?;
            }
            for &budget in &budgets {
                let (solved, correct) = run_cvc5(
                    &tasks,
                    &specs,
                    &dir,
                    budget,
                    crate::solve::cores().max(jobs),
                )?;
                eprintln!(
                    "{set:<20} {:<18} {budget:>6}s  solved {solved:>4}  correct {correct:>4} / {}",
                    "cvc5",
                    tasks.len()
                );
                #[expect(clippy::cast_precision_loss, reason = "task counts")]
                points.push(Point {
                    set: set.clone(),
                    strategy: "cvc5".into(),
                    budget,
                    seed: None,
                    tasks: tasks.len(),
                    solved: solved as f64,
                    correct: correct as f64,
                });
            }
        }
    }
    // every run, then the means of the strategies run over seeds
    let mut csv = String::from("set,strategy,budget_s,seed,tasks,solved,correct,correct_rate\n");
    let means = means(&points);
    let seeded = |m: &Point| {
        points
            .iter()
            .any(|p| p.seed.is_some() && p.strategy == m.strategy)
    };
    let rows = points
        .iter()
        .map(|p| (p, p.seed.map_or(String::new(), |s| s.to_string())))
        .chain(
            means
                .iter()
                .filter(|m| seeded(m))
                .map(|m| (m, "mean".to_owned())),
        );
    for (p, seed) in rows {
        #[expect(clippy::cast_precision_loss, reason = "task counts")]
        let rate = p.correct / p.tasks.max(1) as f64;
        let _ = writeln!(
            csv,
            "{},{},{},{seed},{},{},{},{rate:.4}",
            p.set,
            p.strategy,
            p.budget,
            p.tasks,
            count(p.solved),
            count(p.correct)
        );
    }
    let points = means;
    let csv_path = args.out.join("curve.csv");
    let mut file = AtomicFile::create(&csv_path)?;
    file.writer().write_all(csv.as_bytes())?;
    file.commit()?;
    println!("{csv}");
    for set in &sets {
        let png = args.out.join(format!("curve-{set}.png"));
        draw(&points, set, &png)?;
        println!("plot: {}", png.display());
        let mut strategies: Vec<&str> = points
            .iter()
            .filter(|p| &p.set == set)
            .map(|p| p.strategy.as_str())
            .collect();
        strategies.dedup();
        for strategy in strategies {
            #[expect(clippy::cast_precision_loss, reason = "task counts")]
            let series: Vec<(f64, f64)> = points
                .iter()
                .filter(|p| &p.set == set && p.strategy == strategy)
                .map(|p| (p.budget, p.correct / p.tasks.max(1) as f64))
                .collect();
            let all = log_fit(&series);
            let first3 = log_fit(&series[..series.len().min(3)]);
            let last = series.last().copied();
            let mut line = format!("{set} {strategy:<18}");
            if let Some((a, b)) = all {
                let _ = write!(line, " fit: rate = {a:.3} + {b:.3} ln(budget)");
            }
            if let (Some((a, b)), Some((x, y)), true) = (first3, last, series.len() > 3) {
                let predicted = a + b * x.ln();
                let _ = write!(
                    line,
                    "; at {x}s the fit through the first three budgets predicts {predicted:.3}, measured {y:.3} ({})",
                    if y > predicted { "above" } else { "not above" }
                );
            }
            println!("{line}");
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::{log_fit, mean_interval};

    #[test]
    fn the_interval_over_seeds_is_students() {
        assert_eq!(mean_interval(&[3.0]), (3.0, 0.0));
        // mean 12, sd 2 over 3 seeds: 4.303 · 2 / √3
        let (mean, half) = mean_interval(&[10.0, 12.0, 14.0]);
        assert!((mean - 12.0).abs() < 1e-12);
        assert!((half - 4.303 * 2.0 / 3f64.sqrt()).abs() < 1e-9, "{half}");
        assert_eq!(super::count(16.0), "16");
        assert_eq!(super::count(34.0 / 3.0), "11.333");
    }

    #[test]
    fn log_fit_recovers_a_line_in_log_x() {
        let points: Vec<(f64, f64)> = [0.1, 1.0, 10.0]
            .iter()
            .map(|&x: &f64| (x, 0.2 + 0.05 * x.ln()))
            .collect();
        let (a, b) = log_fit(&points).unwrap();
        assert!((a - 0.2).abs() < 1e-12 && (b - 0.05).abs() < 1e-12);
        assert!(log_fit(&points[..1]).is_none());
    }
}
