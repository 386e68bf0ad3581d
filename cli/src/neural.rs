//! `arithsynth train` and `arithsynth eval-model`.

use std::path::{Path, PathBuf};

use anyhow::{bail, Context, Result};
use arithsynth::dataset::read_tasks;
use arithsynth::model::Device;
use arithsynth::model::{
    pass_at_k, train_on, Config, Model, Sampler, SamplerConfig, TrainConfig, TrainStep,
    TrainingPrograms, Vocabulary,
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
    /// Override the preset's data-parallel replicas (2): each step's batch
    /// is cut into this many shards, each on its own thread. The model
    /// depends on this count (by rounding), not on the machine's cores.
    #[arg(long, value_parser = clap::value_parser!(u16).range(1..=256))]
    replicas: Option<u16>,
    /// Save a checkpoint every this many steps.
    #[arg(long, default_value_t = 500)]
    save_every: u64,
    /// Run on the first CUDA GPU (needs the `cuda` feature).
    #[arg(long)]
    cuda: bool,
    /// Also train on the reference programs of this task file (formula-like
    /// programs, say), each drawn with inputs in the range its examples
    /// span; the validation set stays the enumerated held-out programs.
    /// Tasks named FAMILY-N are grouped by FAMILY, and each family gets an
    /// equal part of the formulas' share, however many programs it has.
    #[arg(long)]
    formulas: Option<PathBuf>,
    /// Share of the training draws that come from `--formulas`.
    #[arg(long, default_value_t = 0.25)]
    formula_share: f64,
    /// Train a sketch model: its vocabulary has a hole token, and this
    /// share of the draws has one subterm of 2 to 7 nodes replaced by a
    /// hole (the hybrid's `sketches` part fills it). Default: none.
    #[arg(long, value_name = "SHARE")]
    holes: Option<f64>,
    /// Draw each variable of a `--formulas` program from the range its own
    /// examples span (hours 0..=23 beside minutes 0..=59), not every
    /// variable from the range of all of them.
    #[arg(long)]
    variable_ranges: bool,
}

/// The reference programs of a task file, each with the range of inputs
/// its examples span.
fn ranged_programs(path: &Path, per_variable: bool) -> Result<(TrainingPrograms, usize, usize)> {
    let tasks = read_tasks(path)?;
    // family name -> its programs, in file order of first appearance
    let mut families: Vec<(String, Vec<_>)> = Vec::new();
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
        let examples = task.train.iter().chain(&task.test);
        let span = |values: &mut dyn Iterator<Item = i64>| {
            values.fold(None, |span: Option<(i64, i64)>, v| {
                Some(span.map_or((v, v), |(lo, hi)| (lo.min(v), hi.max(v))))
            })
        };
        let all = span(&mut examples.clone().flat_map(|e| e.inputs.iter().copied()))
            .unwrap_or((-1000, 1000));
        let ranges: Vec<(i64, i64)> = if per_variable {
            (0..task.vars.len())
                .map(|v| {
                    span(&mut examples.clone().filter_map(|e| e.inputs.get(v).copied()))
                        .unwrap_or(all)
                })
                .collect()
        } else {
            vec![all; task.vars.len()]
        };
        let family = family_of(&task.name);
        let index = match families.iter().position(|(name, _)| name == family) {
            Some(index) => index,
            None => {
                families.push((family.to_string(), Vec::new()));
                families.len() - 1
            }
        };
        families[index].1.push((task.vars.clone(), program, ranges));
    }
    let count = families.len();
    let mut families = families.into_iter();
    let Some((_, first)) = families.next() else {
        bail!("{}: no tasks to train on", path.display());
    };
    let mut mix = TrainingPrograms::with_variable_ranges(&first);
    for (index, (_, programs)) in families.enumerate() {
        // the (index + 2)th family takes 1/(index + 2) of the draws, the
        // earlier ones keep equal parts of the rest
        mix = mix.mix(
            TrainingPrograms::with_variable_ranges(&programs),
            1.0 / (index + 2) as f64,
        );
    }
    Ok((mix, tasks.len(), count))
}

/// A task's family: its name without a trailing `-N`.
fn family_of(name: &str) -> &str {
    match name.rsplit_once('-') {
        Some((family, number))
            if !number.is_empty() && number.bytes().all(|b| b.is_ascii_digit()) =>
        {
            family
        }
        _ => name,
    }
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
    if let Some(replicas) = args.replicas {
        config.replicas = usize::from(replicas);
    }
    let vocabulary = match args.holes {
        Some(share) if !(0.0..=1.0).contains(&share) => {
            bail!("--holes {share} is not a share in 0..=1")
        }
        Some(share) => {
            config.holes = share;
            Vocabulary::Sketch
        }
        None => Vocabulary::default(),
    };
    let device = device(args.cuda)?;
    let mut model = match &args.resume {
        Some(path) => Model::load(path, &device)?,
        None => Model::with_vocabulary(config.model, vocabulary, &device, config.seed)?,
    };
    if args.holes.is_some() && model.tokenizer().vocabulary() != Vocabulary::Sketch {
        bail!(
            "--holes trains a sketch model, and {} is not one",
            args.resume.as_deref().unwrap_or(Path::new("-")).display()
        );
    }
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
        let (formulas, programs, families) = ranged_programs(path, args.variable_ranges)?;
        eprintln!(
            "mixing {programs} programs of {families} families of {} into {:.0}% of the draws \
             (each family an equal part)",
            path.display(),
            args.formula_share * 100.0
        );
        pool = pool.mix(formulas, args.formula_share);
        described.push_str(&format!(
            " --formulas {} --formula-share {}{}",
            path.display(),
            args.formula_share,
            if args.variable_ranges {
                " --variable-ranges"
            } else {
                ""
            }
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

#[derive(Args, Debug)]
pub struct PlotTrainArgs {
    /// What `train` printed (its standard error): the lines `step N loss L
    /// validation V ...` are read, the rest skipped.
    #[arg(long)]
    log: PathBuf,
    /// The PNG to write.
    #[arg(long)]
    out: PathBuf,
}

/// The (step, training loss) and (step, validation loss) points of a
/// training log.
fn loss_points(text: &str) -> Result<[Vec<(f64, f64)>; 2]> {
    let (mut training, mut validation) = (Vec::new(), Vec::new());
    for (number, line) in text.lines().enumerate() {
        let fields: Vec<&str> = line.split_whitespace().collect();
        if fields.first() != Some(&"step") {
            continue;
        }
        let value = |index: usize, name: &str| -> Result<f64> {
            let ok = index == 1 || fields.get(index - 1) == Some(&name);
            fields
                .get(index)
                .filter(|_| ok)
                .and_then(|field| field.parse::<f64>().ok())
                .filter(|value| value.is_finite())
                .with_context(|| format!("line {}: no {name} in `{line}`", number + 1))
        };
        let step = value(1, "step")?;
        training.push((step, value(3, "loss")?));
        validation.push((step, value(5, "validation")?));
    }
    if training.is_empty() {
        bail!("no `step N loss L validation V` lines");
    }
    Ok([training, validation])
}

pub fn run_plot_train(args: &PlotTrainArgs) -> Result<()> {
    let text = std::fs::read_to_string(&args.log)
        .with_context(|| format!("cannot read {}", args.log.display()))?;
    let [training, validation] =
        loss_points(&text).with_context(|| args.log.display().to_string())?;
    let points = training.len();
    crate::experiment::plot::value_lines(
        &args.out,
        "loss by step",
        "step",
        "loss (nats per program token)",
        false,
        &[
            crate::experiment::plot::Series {
                name: "training (the step's batch)".into(),
                points: training,
                fit: false,
                errors: Vec::new(),
            },
            crate::experiment::plot::Series {
                name: "validation (held-out programs)".into(),
                points: validation,
                fit: false,
                errors: Vec::new(),
            },
        ],
    )?;
    eprintln!("{points} steps plotted in {}", args.out.display());
    Ok(())
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

#[cfg(test)]
mod tests {
    use super::{family_of, loss_points};

    #[test]
    fn a_training_log_gives_its_losses_and_says_where_it_is_wrong() {
        let log = "training 10 parameters\nstep    250  loss 1.5106  validation 1.7722  lr 2e-3  1073 tokens/s\n\
                   step    500  loss 1.2  validation 1.6  lr 1e-3  1100 tokens/s\n3000 steps in 1 s\n";
        let [training, validation] = loss_points(log).unwrap();
        assert_eq!(training, vec![(250.0, 1.5106), (500.0, 1.2)]);
        assert_eq!(validation, vec![(250.0, 1.7722), (500.0, 1.6)]);
        let bad = loss_points("step 250 loss nan validation 1.0\n").unwrap_err();
        assert!(format!("{bad:#}").contains("line 1: no loss"), "{bad:#}");
        assert!(loss_points("nothing here\n").is_err());
    }

    #[test]
    fn a_family_is_the_name_without_its_number() {
        assert_eq!(family_of("threshold-price-12"), "threshold-price");
        assert_eq!(family_of("scale-1"), "scale");
        assert_eq!(family_of("cm-to-mm"), "cm-to-mm");
        assert_eq!(family_of("plain"), "plain");
        assert_eq!(family_of("ends-"), "ends-");
    }
}
