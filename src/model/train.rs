//! Training on programs from the enumerator.
//!
//! Data: unique programs of the default grammar (one and two variables),
//! each drawn with fresh random inputs every time it is used; its outputs
//! come from the reference interpreter; the target is the program's tokens.
//! Programs are split once, by a hash of their text, into training and
//! held-out ones, so the validation loss is measured on programs never
//! trained on. AdamW with linear warm-up and cosine decay, gradient
//! clipping by global norm, seeded.

mod batch;
mod config;
mod data;

use std::time::{Duration, Instant};

use candle_core::backprop::GradStore;
use candle_core::DType;
use candle_nn::{AdamW, Optimizer, ParamsAdamW};
use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;

use super::tokenizer::Token;
use super::{Model, ModelError};
use batch::{step_gradients, Batch, StepGradients};
pub use config::TrainConfig;
use data::sequences;
pub(crate) use data::spec_tokens;
pub use data::{example_tasks, training_tasks, RangedProgram, TrainingPrograms, MAX_HOLE};

/// One step's figures, for progress reporting.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct TrainStep {
    /// Steps taken (counting earlier runs of a resumed model).
    pub step: u64,
    /// The step's training loss (mean over program tokens).
    pub loss: f64,
    /// Validation loss, on steps where it was measured.
    pub validation_loss: Option<f64>,
    /// Learning rate used.
    pub learning_rate: f64,
    /// Tokens per second over the run so far.
    pub tokens_per_second: f64,
    /// Tokens processed in this run so far (not counting padding).
    pub tokens: u64,
    /// Positions fed to the model in this run so far, padding included.
    /// A sequence feeds every token but its last, so the share of the work
    /// spent on padding is `1 - (tokens - sequences) / positions`, with
    /// `sequences` the batch size times the steps.
    pub positions: u64,
}

/// Receives progress (and the model, e.g. to save a checkpoint); return
/// `false` to stop training early.
pub trait TrainHook {
    /// Called after each step.
    fn step(&mut self, step: &TrainStep, model: &Model) -> bool;
}

impl<F: FnMut(&TrainStep, &Model) -> bool> TrainHook for F {
    fn step(&mut self, step: &TrainStep, model: &Model) -> bool {
        self(step, model)
    }
}

/// What a training run did.
#[derive(Clone, Debug, PartialEq)]
pub struct TrainReport {
    /// Steps taken in this run.
    pub steps: u64,
    /// Loss of the last step.
    pub final_loss: f64,
    /// Last validation loss.
    pub validation_loss: Option<f64>,
    /// Tokens processed (not counting padding).
    pub tokens: u64,
    /// Wall-clock time.
    pub elapsed: Duration,
}

/// Trains `model` until it has taken `config.steps` steps, calling `hook`
/// after each.
///
/// # Errors
///
/// Candle errors; enumeration errors building the data.
pub fn train(
    model: &mut Model,
    config: &TrainConfig,
    hook: &mut dyn TrainHook,
) -> Result<TrainReport, ModelError> {
    let pool = TrainingPrograms::enumerated(config.max_size, false)?;
    let validation_pool = TrainingPrograms::enumerated(config.max_size, true)?;
    train_on(model, config, &pool, &validation_pool, hook)
}

/// Trains `model` on tasks drawn from `pool` (fresh inputs every draw)
/// until it has taken `config.steps` steps, measuring the validation loss
/// on a fixed set drawn from `validation`; `config.max_size` is not used.
///
/// # Errors
///
/// Candle errors; [`ModelError::Data`] when either set has no program
/// that fits the model's context.
pub fn train_on(
    model: &mut Model,
    config: &TrainConfig,
    pool: &TrainingPrograms,
    validation_pool: &TrainingPrograms,
    hook: &mut dyn TrainHook,
) -> Result<TrainReport, ModelError> {
    let _span = tracing::info_span!("train", steps = config.steps, batch = config.batch).entered();
    let context = model.config().context;
    for (set, name) in [(pool, "training"), (validation_pool, "validation")] {
        if !set.fits(model.tokenizer(), context) {
            return Err(ModelError::Data(format!(
                "the {name} set has no program short enough for a context of {context} tokens \
                 ({} programs)",
                set.len()
            )));
        }
    }
    let context = model.config().context;
    let device = model.device().clone();
    // a fixed validation set
    let mut validation_rng = ChaCha8Rng::seed_from_u64(config.seed ^ 0x7a11d);
    let (val_sequences, val_starts) = sequences(
        model.tokenizer(),
        validation_pool,
        config,
        context,
        config.validation,
        &mut validation_rng,
    );
    let validate = |model: &Model| validation_loss(model, &val_sequences, &val_starts, &device);
    let mut rng = ChaCha8Rng::seed_from_u64(config.seed.wrapping_add(model.steps));
    let vars = model.varmap.all_vars();
    let mut optimizer = AdamW::new(
        vars.clone(),
        ParamsAdamW {
            lr: config.learning_rate,
            weight_decay: config.weight_decay,
            ..ParamsAdamW::default()
        },
    )?;
    let started = Instant::now();
    let mut tokens = 0u64;
    let mut positions = 0u64;
    let mut last_loss = f64::NAN;
    let mut validation_loss = None;
    let first = model.steps;
    while model.steps < config.steps {
        let (batch, starts) = sequences(
            model.tokenizer(),
            pool,
            config,
            context,
            config.batch,
            &mut rng,
        );
        let StepGradients {
            loss,
            mut grads,
            tokens: count,
            positions: computed,
        } = step_gradients(model, &batch, &starts, config.replicas, &vars)?;
        tokens += count as u64;
        positions += computed as u64;
        clip_gradients(&mut grads, &vars, config.clip)?;
        let learning_rate = config.learning_rate_at(model.steps);
        optimizer.set_learning_rate(learning_rate);
        optimizer.step(&grads)?;
        model.steps += 1;
        last_loss = loss;
        let measured = (model.steps % config.eval_every.max(1) == 0 || model.steps == config.steps)
            .then(|| validate(model))
            .transpose()?;
        if measured.is_some() {
            validation_loss = measured;
        }
        #[expect(
            clippy::cast_precision_loss,
            reason = "token counts are far below 2^52"
        )]
        let tokens_per_second = tokens as f64 / started.elapsed().as_secs_f64().max(1e-9);
        let step = TrainStep {
            step: model.steps,
            loss: last_loss,
            validation_loss: measured,
            learning_rate,
            tokens_per_second,
            tokens,
            positions,
        };
        if !hook.step(&step, model) {
            break;
        }
    }
    Ok(TrainReport {
        steps: model.steps - first,
        final_loss: last_loss,
        validation_loss,
        tokens,
        elapsed: started.elapsed(),
    })
}

/// The mean loss of `model` on a fixed set of sequences, in batches of 64.
fn validation_loss(
    model: &Model,
    sequences: &[Vec<Token>],
    starts: &[usize],
    device: &candle_core::Device,
) -> Result<f64, ModelError> {
    let mut total = 0.0;
    let mut batches = 0.0;
    for (chunk, starts) in sequences.chunks(64).zip(starts.chunks(64)) {
        let batch = Batch::new(chunk, starts, device)?;
        total += f64::from(batch.loss(model)?.to_scalar::<f32>()?);
        batches += 1.0;
    }
    Ok(total / f64::max(batches, 1.0))
}

/// Clips `grads` by global norm: scales them down to a norm of `clip` if
/// theirs is larger.
fn clip_gradients(
    grads: &mut GradStore,
    vars: &[candle_core::Var],
    clip: f64,
) -> Result<(), ModelError> {
    let mut squares = 0f64;
    for var in vars {
        if let Some(grad) = grads.get(var.as_tensor()) {
            squares += f64::from(
                grad.sqr()?
                    .sum_all()?
                    .to_dtype(DType::F32)?
                    .to_scalar::<f32>()?,
            );
        }
    }
    let norm = squares.sqrt();
    if norm > clip {
        let scale = clip / norm;
        for var in vars {
            if let Some(grad) = grads.get(var.as_tensor()) {
                let scaled = (grad * scale)?;
                grads.insert(var.as_tensor(), scaled);
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dsl::Grammar;
    use crate::eval::reference;
    #[test]
    fn tiny_model_learns_a_few_programs() {
        // programs through size 3 of one variable: the loss must fall far
        // below the uniform guess, and the model must then write them
        let mut config = TrainConfig::tiny();
        config.max_size = 3;
        config.steps = 300;
        let mut model = Model::new(config.model, &candle_core::Device::Cpu, 5).unwrap();
        let report = train(&mut model, &config, &mut |_: &TrainStep, _: &Model| true).unwrap();
        assert_eq!(report.steps, 300);
        assert!(
            report.final_loss < 1.0,
            "loss {} did not fall",
            report.final_loss
        );
        let tasks = training_tasks(3, 20, 4, 8, 9, false).unwrap();
        let mut solved = 0;
        for task in &tasks {
            let grammar = Grammar::new(task.vars.clone());
            let sampler = super::super::Sampler::new(&model, &grammar);
            let best = sampler.beam(&task.train, 4, 8).unwrap();
            let ok = best.iter().take(4).any(|sample| {
                task.train
                    .iter()
                    .chain(&task.test)
                    .all(|e| reference::eval(&sample.program, &e.inputs) == e.output)
            });
            solved += usize::from(ok);
        }
        assert!(
            solved >= 10,
            "solved {solved} of 20 training-distribution tasks"
        );
    }
}
