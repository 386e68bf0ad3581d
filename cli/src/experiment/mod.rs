//! `arithsynth experiment NAME`: the laboratory's five experiments, each
//! writing a CSV, a plot, and a Markdown table to its output folder.
//!
//! Shared here: the program universe (unique one-variable programs of the
//! default grammar, placed in both spaces), the laboratory model and its
//! training on a given program set, pass@k of a model on tasks, solve rates
//! of a strategy, and the result table.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use anyhow::{bail, Context, Result};
use arithsynth::dataset::split::Placed;
use arithsynth::dataset::{AtomicFile, Task};
use arithsynth::enumerate::Enumerator;
use arithsynth::model::Device;
use arithsynth::model::{
    example_tasks, pass_at_k, train_on, Config, Model, Sampler, SamplerConfig, TrainConfig,
    TrainStep, TrainingPrograms,
};
use arithsynth::search::{Budget, Spec, Strategy};
use arithsynth::{Grammar, Program, Vars};
use clap::{Args, ValueEnum};
use indicatif::ProgressBar;
use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;

mod adaptation;
mod density;
mod difficulty;
pub(crate) mod plot;
mod scaling;
mod stats;
mod syntactic;

/// The experiments.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum Name {
    /// 1. Density vs support: models trained on iid, density-shifted and
    ///    diverse training sets, pass@1/10 on a uniform and a far test set.
    Density,
    /// 2. Syntactic extrapolation: pass@1 inside the training ball vs
    ///    beyond it, in the syntactic (and, for contrast, semantic) space.
    Syntactic,
    /// 3. Scaling: pass@k and solve rate against training compute and
    ///    inference budget, neural vs hybrid, with log-linear fits.
    Scaling,
    /// 4. Adaptation: rounds of hybrid search and training on the programs
    ///    it found, on an out-of-distribution task set without labels.
    Adaptation,
    /// 5. Difficulty: size, prior and posterior log-prob as predictors of
    ///    success.
    Difficulty,
}

#[derive(Args, Debug)]
pub struct ExperimentArgs {
    /// Which experiment.
    #[arg(value_enum)]
    name: Name,
    /// Grows the experiment (training steps, set sizes, samples; scaling
    /// also adds larger models) by this factor: 1 runs in well under an
    /// hour on 2 cores; 4 or more is for a bigger machine or a GPU.
    #[arg(long, default_value_t = 1.0)]
    scale: f64,
    /// Output folder (default: results/experiments/NAME).
    #[arg(long)]
    out: Option<PathBuf>,
    /// Largest program size of the universe (unique one-variable programs
    /// through this size; 7 gives 4,737, 9 gives 69,163) and of the
    /// scaling experiment's training programs.
    #[arg(long, default_value_t = 7)]
    max_size: usize,
    /// Seed of every random choice (programs, splits, weights, sampling).
    #[arg(long, default_value_t = 1)]
    seed: u64,
    /// Training seeds per model (scaling: `seed`, `seed + 1`, ...): each
    /// figure is their mean, with a 95% confidence interval.
    #[arg(long, default_value_t = 3)]
    seeds: u64,
    /// Worker threads for search (default: one per core).
    #[arg(long)]
    jobs: Option<usize>,
    /// Task file where the experiment uses a fixed set (scaling:
    /// examples/tasks/generated-100.jsonl; difficulty:
    /// examples/tasks/generated.jsonl).
    #[arg(long)]
    tasks: Option<PathBuf>,
    /// Checkpoint for the difficulty experiment (default: the embedded
    /// model).
    #[arg(long)]
    model: Option<PathBuf>,
}

/// What every experiment gets.
pub struct Lab {
    pub scale: f64,
    pub max_size: usize,
    pub seed: u64,
    pub seeds: u64,
    pub jobs: usize,
    pub out: PathBuf,
    pub tasks: Option<PathBuf>,
    pub model: Option<PathBuf>,
}

impl Lab {
    /// `base` grown by the scale, at least 1.
    pub fn scaled(&self, base: usize) -> usize {
        #[expect(
            clippy::cast_possible_truncation,
            clippy::cast_sign_loss,
            reason = "a positive product of small numbers"
        )]
        let n = (base as f64 * self.scale).round().max(1.0) as usize;
        n
    }

    /// The laboratory's universe: unique one-variable programs of the
    /// default grammar through `max_size` (observational equivalence), those
    /// the tokenizer can write, placed in both spaces (8 dimensions each).
    pub fn universe(&self) -> Result<(Vars, Placed)> {
        let max_size = self.max_size;
        let started = Instant::now();
        let vars = Vars::standard(1)?;
        let programs: Vec<Program> = Enumerator::new(Grammar::new(vars.clone()))
            .max_size(max_size)
            .start()?
            .into_programs()
            .into_iter()
            .collect();
        let placed = Placed::new(programs, 1, 8);
        eprintln!(
            "universe: {} unique programs of 1 variable through size {max_size}, placed in {:.1} s",
            placed.len(),
            started.elapsed().as_secs_f64()
        );
        Ok((vars, placed))
    }

    /// The laboratory model's training: 2 layers of width 64, 1,200 steps of
    /// 32 tasks at scale 1 (steps grow with the scale), 8 examples a task.
    pub fn train_config(&self) -> TrainConfig {
        TrainConfig {
            model: Config {
                layers: 2,
                width: 64,
                heads: 4,
                context: 128,
            },
            steps: self.scaled(1200) as u64,
            batch: 32,
            learning_rate: 2e-3,
            warmup: 50,
            weight_decay: 0.01,
            clip: 1.0,
            seed: self.seed,
            max_size: self.max_size,
            examples: 8,
            validation: 128,
            eval_every: 500,
            replicas: 2,
            holes: 0.0,
        }
    }

    /// Trains a fresh model of `config` on `train` (validation loss on
    /// `validation`), reporting progress under `label`; calls `checkpoint`
    /// after every step with the step's figures.
    pub fn train(
        &self,
        label: &str,
        config: &TrainConfig,
        train: &TrainingPrograms,
        validation: &TrainingPrograms,
        checkpoint: &mut dyn FnMut(&TrainStep, &Model) -> Result<()>,
    ) -> Result<Model> {
        let mut model = Model::new(config.model, &Device::Cpu, config.seed)?;
        eprintln!(
            "[{label}] training {} parameters for {} steps on {} programs",
            model.parameter_count(),
            config.steps,
            train.len()
        );
        let bar = bar(config.steps);
        let mut failure = None;
        let report = train_on(
            &mut model,
            config,
            train,
            validation,
            &mut |step: &TrainStep, model: &Model| {
                bar.set_position(step.step);
                bar.set_message(format!("loss {:.3}", step.loss));
                if let Err(err) = checkpoint(step, model) {
                    failure = Some(err);
                    return false;
                }
                true
            },
        )?;
        bar.finish_and_clear();
        if let Some(err) = failure {
            return Err(err);
        }
        eprintln!(
            "[{label}] {} steps in {:.0} s, loss {:.3}, validation loss {}",
            report.steps,
            report.elapsed.as_secs_f64(),
            report.final_loss,
            report
                .validation_loss
                .map_or("-".into(), |v| format!("{v:.3}"))
        );
        Ok(model)
    }

    /// Tasks of `programs` (one variable): 8 examples to search with, 32
    /// held out, inputs drawn as in training.
    pub fn tasks(&self, vars: &Vars, programs: &[&Program], prefix: &str) -> Vec<Task> {
        let pairs: Vec<(Vars, Program)> = programs
            .iter()
            .map(|&p| (vars.clone(), p.clone()))
            .collect();
        example_tasks(&pairs, 8, 32, self.seed ^ 0x7e57, prefix)
    }

    /// Solves each task with `strategy` within `budget` of time.
    pub fn solve(
        &self,
        tasks: &[Task],
        strategy: &(dyn Strategy + Sync),
        budget: Duration,
    ) -> Result<Vec<Solved>> {
        self.solve_within(tasks, strategy, &Budget::time(budget))
    }

    /// Solves each task with `strategy` within `budget` (a sample or
    /// candidate budget makes the result independent of the machine's
    /// speed and load).
    pub fn solve_within(
        &self,
        tasks: &[Task],
        strategy: &(dyn Strategy + Sync),
        budget: &Budget,
    ) -> Result<Vec<Solved>> {
        let specs = crate::solve::specs(tasks, &Grammar::new(Vars::standard(1)?))?;
        let bar = bar(tasks.len() as u64);
        let results = crate::solve::solve_all(tasks, &specs, strategy, budget, self.jobs, &bar)?;
        bar.finish_and_clear();
        results
            .into_iter()
            .zip(&specs)
            .map(|((line, solved, correct, _), spec)| {
                let program = match line["program"].as_str() {
                    Some(text) => Some(Program::parse(text, spec.vars())?),
                    None => None,
                };
                Ok(Solved {
                    solved: solved == Some(true),
                    correct: correct == Some(true),
                    program,
                })
            })
            .collect()
    }
}

/// One task's search result.
pub struct Solved {
    /// A program fitting the training examples was found.
    pub solved: bool,
    /// ... and it also fits the held-out ones.
    pub correct: bool,
    /// The program found.
    pub program: Option<Program>,
}

/// Fraction of `results` that are correct.
pub fn correct_rate(results: &[Solved]) -> f64 {
    results.iter().filter(|r| r.correct).count() as f64 / results.len().max(1) as f64
}

/// A model's figures on a task set.
pub struct Pass {
    /// pass@1 (a sample passes when it fits the training and the held-out
    /// examples).
    pub one: f64,
    /// pass@10.
    pub ten: f64,
    /// Mean negative log-likelihood (nats) of the tasks' reference programs
    /// given their examples: the posterior description length, a measure
    /// that still moves where pass@k sits at its floor.
    pub nll: f64,
}

/// pass@1, pass@10 (from `samples` samples a task) and the reference
/// programs' mean description length under `model` on `tasks`.
pub fn pass_rates(model: &Model, tasks: &[Task], samples: usize, seed: u64) -> Result<Pass> {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let config = SamplerConfig::default();
    let (mut one, mut ten, mut nll, mut scored) = (0.0, 0.0, 0.0, 0usize);
    for task in tasks {
        let spec = Spec::from_task(task, &Grammar::new(task.vars.clone()))?;
        let sampler = Sampler::new(model, spec.grammar());
        let drawn = sampler.sample(&task.train, samples, &config, &mut rng)?;
        let correct = drawn
            .iter()
            .filter(|s| {
                spec.matched(&s.program) == spec.train().len()
                    && spec.test_ok(&s.program) != Some(false)
            })
            .count();
        one += pass_at_k(samples, correct, 1);
        ten += pass_at_k(samples, correct, 10);
        if let Some(text) = &task.program {
            let program = Program::parse(text, spec.vars())?;
            if let Ok(Some(lp)) = sampler.log_prob(&task.train, &program, 24) {
                nll -= lp;
                scored += 1;
            }
        }
    }
    let n = tasks.len().max(1) as f64;
    Ok(Pass {
        one: one / n,
        ten: ten / n,
        nll: nll / scored.max(1) as f64,
    })
}

/// A progress bar that stays quiet when stderr is not a terminal.
pub fn bar(len: u64) -> ProgressBar {
    let bar = ProgressBar::new(len);
    bar.set_style(
        indicatif::ProgressStyle::with_template("{bar:30} {pos}/{len} [{elapsed_precise}] {msg}")
            .expect("a valid template"),
    );
    bar
}

/// A result table: written as CSV, printed as Markdown.
pub struct Table {
    header: Vec<String>,
    rows: Vec<Vec<String>>,
}

impl Table {
    pub fn new(header: &[&str]) -> Table {
        Table {
            header: header.iter().map(|h| (*h).to_owned()).collect(),
            rows: Vec::new(),
        }
    }

    pub fn row(&mut self, cells: Vec<String>) {
        debug_assert_eq!(cells.len(), self.header.len());
        self.rows.push(cells);
    }

    /// Writes `path` (CSV; cells never hold commas) and returns the
    /// Markdown rendering.
    pub fn write(&self, path: &Path) -> Result<String> {
        let mut file = AtomicFile::create(path)?;
        let mut csv = self.header.join(",") + "\n";
        for row in &self.rows {
            csv += &row.join(",");
            csv.push('\n');
        }
        std::io::Write::write_all(file.writer(), csv.as_bytes())
            .with_context(|| format!("writing {}", path.display()))?;
        file.commit()?;
        let mut md = format!("| {} |\n", self.header.join(" | "));
        md += &format!("|{}\n", "---|".repeat(self.header.len()));
        for row in &self.rows {
            md += &format!("| {} |\n", row.join(" | "));
        }
        Ok(md)
    }
}

/// A number with three decimals.
pub fn f3(x: f64) -> String {
    format!("{x:.3}")
}

pub fn run(args: &ExperimentArgs) -> Result<()> {
    if !(args.scale.is_finite() && args.scale > 0.0 && args.scale <= 1000.0) {
        bail!("--scale {}: expected a number in (0, 1000]", args.scale);
    }
    if !(1..=100).contains(&args.seeds) {
        bail!("--seeds {}: expected 1 to 100", args.seeds);
    }
    if !(3..=11).contains(&args.max_size) {
        bail!("--max-size {}: expected 3 to 11", args.max_size);
    }
    let name = args
        .name
        .to_possible_value()
        .expect("no skipped variants")
        .get_name()
        .to_owned();
    let out = args
        .out
        .clone()
        .unwrap_or_else(|| PathBuf::from("results/experiments").join(&name));
    std::fs::create_dir_all(&out).with_context(|| format!("creating {}", out.display()))?;
    let lab = Lab {
        scale: args.scale,
        max_size: args.max_size,
        seed: args.seed,
        seeds: args.seeds,
        jobs: args.jobs.unwrap_or(0),
        out: out.clone(),
        tasks: args.tasks.clone(),
        model: args.model.clone(),
    };
    let started = Instant::now();
    let markdown = match args.name {
        Name::Density => density::run(&lab)?,
        Name::Syntactic => syntactic::run(&lab)?,
        Name::Scaling => scaling::run(&lab)?,
        Name::Adaptation => adaptation::run(&lab)?,
        Name::Difficulty => difficulty::run(&lab)?,
    };
    let header = format!(
        "# experiment {name}\n\n`arithsynth experiment {name} --scale {} --max-size {} --seed {}{}`, \
         {:.0} s\n\n",
        args.scale,
        args.max_size,
        args.seed,
        if args.name == Name::Scaling {
            format!(" --seeds {}", args.seeds)
        } else {
            String::new()
        },
        started.elapsed().as_secs_f64()
    );
    let path = out.join("summary.md");
    let mut file = AtomicFile::create(&path)?;
    std::io::Write::write_all(file.writer(), (header.clone() + &markdown).as_bytes())
        .with_context(|| format!("writing {}", path.display()))?;
    file.commit()?;
    println!("{header}{markdown}");
    eprintln!("results in {}", out.display());
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every experiment runs end to end at a tiny scale and writes its
    /// table, with one row per measured cell, and its summary.
    #[test]
    fn every_experiment_runs_at_a_tiny_scale() {
        let dir =
            std::env::temp_dir().join(format!("arithsynth-experiments-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        // two small tasks keep the budgeted searches short
        let tasks: Vec<Task> = arithsynth::dataset::read_tasks(Path::new(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../examples/tasks/generated-100.jsonl"
        )))
        .unwrap()
        .into_iter()
        .take(2)
        .collect();
        let task_file = dir.join("tasks.jsonl");
        arithsynth::dataset::write_tasks(&task_file, &tasks).unwrap();
        for (name, csv, rows) in [
            (Name::Density, "density.csv", 6),
            (Name::Syntactic, "syntactic.csv", 6),
            (Name::Adaptation, "adaptation.csv", 4),
            (Name::Scaling, "budget.csv", 12),
            (Name::Difficulty, "difficulty.csv", 3),
        ] {
            let out = dir.join(format!("{name:?}"));
            run(&ExperimentArgs {
                name,
                scale: 0.01,
                out: Some(out.clone()),
                max_size: 5,
                seed: 3,
                seeds: 2,
                jobs: Some(1),
                tasks: Some(task_file.clone()),
                model: None,
            })
            .unwrap_or_else(|e| panic!("{name:?}: {e:#}"));
            let text = std::fs::read_to_string(out.join(csv)).unwrap();
            assert_eq!(text.lines().count(), rows + 1, "{name:?}: {text}");
            if name == Name::Scaling {
                for plot in ["compute.png", "nll.png", "budget.png"] {
                    assert!(out.join(plot).is_file(), "scaling wrote no {plot}");
                }
            }
            let summary = std::fs::read_to_string(out.join("summary.md")).unwrap();
            assert!(
                summary.contains("| --- |") || summary.contains("|---|"),
                "{summary}"
            );
        }
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
