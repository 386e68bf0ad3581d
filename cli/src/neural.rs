//! `arithsynth train` and `arithsynth eval-model`.

use std::path::{Path, PathBuf};

use anyhow::{bail, Context, Result};
use arithsynth::dataset::read_tasks;
use arithsynth::model::Device;
use arithsynth::model::{
    pass_at_k, train_on, Config, Model, Sampler, SamplerConfig, TrainConfig, TrainStep,
    TrainingPrograms,
};
use arithsynth::search::Spec;
use arithsynth::Grammar;
use clap::{Args, ValueEnum};
use indicatif::{ProgressBar, ProgressStyle};
use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;

#[derive(Clone, Copy, Debug, ValueEnum)]
pub enum Preset {
    /// The shipped default model.
    Default,
    /// A tiny model, for trying the pipeline.
    Tiny,
    /// Four times the default's parameters (width 256), for a GPU.
    Large,
}

#[derive(Args, Debug)]
pub struct TrainArgs {
    /// Starting configuration.
    #[arg(long, value_enum, default_value_t = Preset::Default)]
    preset: Preset,
    /// Where to write the checkpoint (FILE.safetensors; FILE.json beside it).
    #[arg(long)]
    out: PathBuf,
    /// Continue from this checkpoint (its step count and weights).
    #[arg(long)]
    resume: Option<PathBuf>,
    /// Override the preset's number of steps.
    #[arg(long)]
    steps: Option<u64>,
    /// Override the preset's seed.
    #[arg(long)]
    seed: Option<u64>,
    /// Save a checkpoint every this many steps.
    #[arg(long, default_value_t = 500)]
    save_every: u64,
    /// Run on the first CUDA GPU (needs the `cuda` feature).
    #[arg(long)]
    cuda: bool,
    /// Also train on the reference programs of this task file (formula-like
    /// programs, say), each drawn with inputs in the range its examples
    /// span; the validation set stays the enumerated held-out programs.
    #[arg(long)]
    formulas: Option<PathBuf>,
    /// Share of the training draws that come from `--formulas`.
    #[arg(long, default_value_t = 0.25)]
    formula_share: f64,
}

/// The reference programs of a task file, each with the range of inputs
/// its examples span.
fn ranged_programs(path: &Path) -> Result<TrainingPrograms> {
    let tasks = read_tasks(path)?;
    let mut programs = Vec::new();
    for task in &tasks {
        let Some(text) = &task.program else {
            bail!(
                "{}: task `{}` has no reference program to train on",
                path.display(),
                task.name
            );
        };
        let program = arithsynth::Program::parse(text, &task.vars)
            .with_context(|| format!("{}: task `{}`", path.display(), task.name))?;
        let inputs = task.train.iter().chain(&task.test).flat_map(|e| &e.inputs);
        let lo = inputs.clone().copied().min().unwrap_or(-1000);
        let hi = inputs.copied().max().unwrap_or(1000);
        programs.push((task.vars.clone(), program, (lo, hi)));
    }
    if programs.is_empty() {
        bail!("{}: no tasks to train on", path.display());
    }
    Ok(TrainingPrograms::with_input_ranges(&programs))
}

pub fn device(cuda: bool) -> Result<Device> {
    if cuda {
        Ok(Device::new_cuda(0).context("no CUDA device (build with --features cuda)")?)
    } else {
        Ok(Device::Cpu)
    }
}

pub fn run_train(args: &TrainArgs) -> Result<()> {
    let mut config = match args.preset {
        Preset::Default => TrainConfig::default_preset(),
        Preset::Tiny => TrainConfig::tiny(),
        Preset::Large => TrainConfig {
            model: Config {
                width: 256,
                heads: 8,
                ..Config::default_model()
            },
            ..TrainConfig::default_preset()
        },
    };
    if let Some(steps) = args.steps {
        config.steps = steps;
    }
    if let Some(seed) = args.seed {
        config.seed = seed;
    }
    let device = device(args.cuda)?;
    let mut model = match &args.resume {
        Some(path) => Model::load(path, &device)?,
        None => Model::new(config.model, &device, config.seed)?,
    };
    let mut pool = TrainingPrograms::enumerated(config.max_size, false)?;
    let validation = TrainingPrograms::enumerated(config.max_size, true)?;
    let mut described =
        format!("arithsynth train --preset {:?} {:?}", args.preset, config).to_lowercase();
    if let Some(path) = &args.formulas {
        if !(0.0..=1.0).contains(&args.formula_share) {
            bail!(
                "--formula-share {} is not a share in 0..=1",
                args.formula_share
            );
        }
        let formulas = ranged_programs(path)?;
        eprintln!(
            "mixing {} programs of {} into {:.0}% of the draws",
            formulas.len(),
            path.display(),
            args.formula_share * 100.0
        );
        pool = pool.mix(formulas, args.formula_share);
        described.push_str(&format!(
            " --formulas {} --formula-share {}",
            path.display(),
            args.formula_share
        ));
    }
    let bar = ProgressBar::new(config.steps);
    bar.set_style(
        ProgressStyle::with_template(
            "{bar:30} {pos}/{len} [{elapsed_precise}<{eta_precise}] {msg}",
        )
        .expect("a valid template"),
    );
    bar.set_position(model.steps());
    eprintln!(
        "training {} parameters, {:?}, to step {}",
        model.parameter_count(),
        config.model,
        config.steps
    );
    let out = args.out.clone();
    let save_every = args.save_every.max(1);
    let mut last_validation = None;
    let mut failure = None;
    let report = {
        let mut hook = |step: &TrainStep, model: &Model| {
            bar.set_position(step.step);
            if step.step % save_every == 0 {
                if let Err(err) = model.save(
                    &out,
                    step.validation_loss.or(last_validation),
                    Some(described.clone()),
                ) {
                    failure = Some(err);
                    return false;
                }
            }
            if let Some(v) = step.validation_loss {
                last_validation = Some(v);
                let line = format!(
                    "step {:>6}  loss {:.4}  validation {:.4}  lr {:.2e}  {:.0} tokens/s",
                    step.step, step.loss, v, step.learning_rate, step.tokens_per_second
                );
                if bar.is_hidden() {
                    eprintln!("{line}");
                } else {
                    bar.println(line);
                }
            }
            bar.set_message(format!(
                "loss {:.4}  {:.0} tokens/s",
                step.loss, step.tokens_per_second
            ));
            true
        };
        train_on(&mut model, &config, &pool, &validation, &mut hook)?
    };
    bar.finish_and_clear();
    if let Some(err) = failure {
        return Err(err.into());
    }
    model.save(
        &args.out,
        report.validation_loss.or(last_validation),
        Some(described),
    )?;
    eprintln!(
        "{} steps in {:.1} s ({:.0} tokens/s), final loss {:.4}, validation loss {}; wrote {}",
        report.steps,
        report.elapsed.as_secs_f64(),
        report.tokens as f64 / report.elapsed.as_secs_f64().max(1e-9),
        report.final_loss,
        report
            .validation_loss
            .map_or("-".into(), |v| format!("{v:.4}")),
        args.out.display()
    );
    Ok(())
}

#[derive(Args, Debug)]
pub struct EvalModelArgs {
    /// Task file (JSON lines).
    #[arg(long)]
    tasks: PathBuf,
    /// Samples per task.
    #[arg(long, default_value_t = 100)]
    samples: usize,
    /// Checkpoint (FILE.safetensors); default: the embedded default model.
    #[arg(long)]
    model: Option<PathBuf>,
    /// Sampling temperature.
    #[arg(long, default_value_t = 1.0)]
    temperature: f64,
    /// Seed of the sampler.
    #[arg(long, default_value_t = 1)]
    seed: u64,
    /// Run on the first CUDA GPU (needs the `cuda` feature).
    #[arg(long)]
    cuda: bool,
}

pub fn load_model(path: Option<&Path>, device: &Device) -> Result<Model> {
    match path {
        Some(path) => Ok(Model::load(path, device)?),
        None => Ok(Model::embedded(device)?),
    }
}

pub fn run_eval_model(args: &EvalModelArgs) -> Result<()> {
    if args.samples == 0 {
        bail!("--samples must be at least 1");
    }
    let device = device(args.cuda)?;
    let model = load_model(args.model.as_deref(), &device)?;
    let tasks = read_tasks(&args.tasks)?;
    let config = SamplerConfig {
        temperature: args.temperature,
        ..SamplerConfig::default()
    };
    let ks: Vec<usize> = [1, 10, 100]
        .into_iter()
        .filter(|&k| k <= args.samples)
        .collect();
    let mut sums = vec![0.0; ks.len()];
    let bar = ProgressBar::new(tasks.len() as u64);
    let started = std::time::Instant::now();
    let mut tokens = 0usize;
    let mut rng = ChaCha8Rng::seed_from_u64(args.seed);
    for task in &tasks {
        let spec = Spec::from_task(task, &Grammar::new(task.vars.clone()))?;
        let sampler = Sampler::new(&model, spec.grammar());
        let samples = sampler.sample(&task.train, args.samples, &config, &mut rng)?;
        tokens += samples
            .iter()
            .map(|s| {
                model
                    .tokenizer()
                    .encode_program(&s.program)
                    .map_or(s.program.size() + 1, |t| t.len())
            })
            .sum::<usize>();
        let correct = samples
            .iter()
            .filter(|s| {
                spec.matched(&s.program) == spec.train().len()
                    && spec.test_ok(&s.program) != Some(false)
            })
            .count();
        for (sum, &k) in sums.iter_mut().zip(&ks) {
            *sum += pass_at_k(args.samples, correct, k);
        }
        bar.inc(1);
    }
    bar.finish_and_clear();
    let secs = started.elapsed().as_secs_f64();
    println!(
        "{} tasks from {}, {} samples each",
        tasks.len(),
        args.tasks.display(),
        args.samples
    );
    for (sum, k) in sums.iter().zip(&ks) {
        println!("pass@{k:<4} {:.3}", sum / tasks.len().max(1) as f64);
    }
    println!(
        "sampling: {:.0} program tokens/s ({:.1} s)",
        tokens as f64 / secs.max(1e-9),
        secs
    );
    Ok(())
}

#[derive(Args, Debug)]
pub struct MakeTasksArgs {
    /// Output task file (JSON lines).
    #[arg(long)]
    out: PathBuf,
    /// Number of tasks.
    #[arg(long, default_value_t = 500)]
    count: usize,
    /// Largest program size (one variable; two variables: two less).
    #[arg(long, default_value_t = 9)]
    max_size: usize,
    /// Training examples per task.
    #[arg(long, default_value_t = 8)]
    train: usize,
    /// Held-out examples per task.
    #[arg(long, default_value_t = 32)]
    test: usize,
    /// Draw from the programs the training split left out (the default
    /// model never saw them).
    #[arg(long)]
    held_out: bool,
    /// Seed.
    #[arg(long, default_value_t = 1)]
    seed: u64,
}

pub fn run_make_tasks(args: &MakeTasksArgs) -> Result<()> {
    let tasks = arithsynth::model::training_tasks(
        args.max_size,
        args.count,
        args.train,
        args.test,
        args.seed,
        args.held_out,
    )?;
    arithsynth::dataset::write_tasks(&args.out, &tasks)?;
    eprintln!("wrote {} tasks to {}", tasks.len(), args.out.display());
    Ok(())
}
