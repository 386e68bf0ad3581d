//! Training on programs from the enumerator.
//!
//! Data: unique programs of the default grammar (one and two variables),
//! each drawn with fresh random inputs every time it is used; its outputs
//! come from the reference interpreter; the target is the program's tokens.
//! Programs are split once, by a hash of their text, into training and
//! held-out ones, so the validation loss is measured on programs never
//! trained on. AdamW with linear warm-up and cosine decay, gradient
//! clipping by global norm, seeded.

use std::time::{Duration, Instant};

use candle_core::{DType, Tensor, D};
use candle_nn::{AdamW, Optimizer, ParamsAdamW};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use serde::{Deserialize, Serialize};

use super::tokenizer::{Token, Tokenizer, PAD, PROG};
use super::{Config, KvCache, Model, ModelError};
use crate::dataset::{Example, Task};
use crate::dsl::{Grammar, Program, Vars};
use crate::enumerate::Enumerator;
use crate::eval::reference;

/// How to train.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TrainConfig {
    /// The model's shape (used when training from scratch).
    pub model: Config,
    /// Steps to reach (a resumed model continues from its own count).
    pub steps: u64,
    /// Tasks per step.
    pub batch: usize,
    /// Peak learning rate.
    pub learning_rate: f64,
    /// Steps of linear warm-up.
    pub warmup: u64,
    /// AdamW weight decay.
    pub weight_decay: f64,
    /// Largest global gradient norm.
    pub clip: f64,
    /// Seed of the data and of fresh weights.
    pub seed: u64,
    /// Largest program size with one variable; two-variable programs go to
    /// two less.
    pub max_size: usize,
    /// Examples per task.
    pub examples: usize,
    /// Held-out tasks for the validation loss.
    pub validation: usize,
    /// Steps between validation losses.
    pub eval_every: u64,
    /// Data-parallel replicas: each step's batch is cut into this many
    /// shards of sequences of like lengths (so that each pads only to its
    /// own longest sequence) whose gradients are computed on their own
    /// threads and summed in shard order, so the result does not depend on
    /// how many cores run
    /// them (it does, by float rounding, on this count, which is why it is
    /// part of the config). candle also splits each product across every
    /// core; with more than one replica set `RAYON_NUM_THREADS=1` and
    /// `CANDLE_NUM_THREADS=1` (the `arithsynth` binary does unless they are
    /// set) so that each replica keeps to its core.
    #[serde(default = "one_replica")]
    pub replicas: usize,
}

/// Configs written before replicas existed trained with one.
fn one_replica() -> usize {
    1
}

impl TrainConfig {
    /// The preset that trained the shipped default model.
    #[must_use]
    pub fn default_preset() -> TrainConfig {
        TrainConfig {
            model: Config::default_model(),
            steps: 8000,
            batch: 32,
            learning_rate: 2e-3,
            warmup: 100,
            weight_decay: 0.01,
            clip: 1.0,
            seed: 1,
            max_size: 9,
            examples: 6,
            validation: 256,
            eval_every: 250,
            replicas: 2,
        }
    }

    /// A preset small enough for tests.
    #[must_use]
    pub fn tiny() -> TrainConfig {
        TrainConfig {
            model: Config::tiny(),
            steps: 200,
            batch: 16,
            learning_rate: 3e-3,
            warmup: 10,
            weight_decay: 0.0,
            clip: 1.0,
            seed: 1,
            max_size: 5,
            examples: 4,
            validation: 32,
            eval_every: 100,
            replicas: 1,
        }
    }

    fn learning_rate_at(&self, step: u64) -> f64 {
        #[expect(clippy::cast_precision_loss, reason = "step counts are small")]
        let (step, warmup, total) = (
            step as f64,
            self.warmup.max(1) as f64,
            self.steps.max(1) as f64,
        );
        if step < warmup {
            self.learning_rate * (step + 1.0) / warmup
        } else {
            let progress = ((step - warmup) / (total - warmup).max(1.0)).min(1.0);
            self.learning_rate * (0.1 + 0.9 * 0.5 * (1.0 + (std::f64::consts::PI * progress).cos()))
        }
    }
}

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

/// Programs of one variable list: in size order with the index range of
/// each size (enumerated pools), and each program's input range where it
/// has one.
#[derive(Clone, Debug)]
struct Group {
    vars: Vars,
    programs: Vec<Program>,
    classes: Vec<(usize, usize)>,
    /// Empty, or one inclusive input range per program.
    ranges: Vec<(i64, i64)>,
}

/// A program, its variables, and the range of its inputs if it has one.
type Ranged = (Vars, Program, Option<(i64, i64)>);

/// One source of a mix.
#[derive(Clone, Debug)]
struct Source {
    groups: Vec<Group>,
    /// Draw size first (enumerated pools) or uniformly over the programs.
    by_size: bool,
    len: usize,
    /// Share of the draws (relative to the other sources').
    weight: f64,
}

/// Programs to draw training tasks from; each draw gets fresh random
/// inputs, its outputs from the reference interpreter. Several sets can be
/// mixed with weights ([`TrainingPrograms::mix`]).
#[derive(Clone, Debug)]
pub struct TrainingPrograms {
    sources: Vec<Source>,
}

fn held_out(program: &Program) -> bool {
    // a fixed hash of the node array: the same split on every machine
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for node in program.nodes() {
        let word = match *node {
            crate::Node::Var(v) => u64::from(v),
            crate::Node::Lit(l) => u64::from_ne_bytes(l.to_ne_bytes()) ^ 0x100,
            crate::Node::Op(op) => op.index() as u64 ^ 0x200,
        };
        h = (h ^ word).wrapping_mul(0x0100_0000_01b3);
    }
    h % 50 == 0
}

impl TrainingPrograms {
    fn single(groups: Vec<Group>, by_size: bool) -> TrainingPrograms {
        let len = groups.iter().map(|g| g.programs.len()).sum();
        TrainingPrograms {
            sources: vec![Source {
                groups,
                by_size,
                len,
                weight: 1.0,
            }],
        }
    }

    /// The unique programs of the default grammar with one variable through
    /// `max_size` and two through `max_size - 2`: the held-out fiftieth (by
    /// a fixed hash of the program) or the rest. A draw picks the variable
    /// count uniformly, then a size uniformly among those present (so small
    /// programs are not drowned by the many large ones), then a program.
    ///
    /// # Errors
    ///
    /// Enumeration errors.
    pub fn enumerated(max_size: usize, held: bool) -> Result<TrainingPrograms, ModelError> {
        let mut groups = Vec::new();
        for (vars, size) in [(1, max_size), (2, max_size.saturating_sub(2).max(1))] {
            let vars = Vars::standard(vars).expect("1 or 2 variables");
            let programs: Vec<Program> = Enumerator::new(Grammar::new(vars.clone()))
                .max_size(size)
                .start()?
                .into_programs()
                .into_iter()
                .filter(|p| held_out(p) == held)
                .collect();
            let mut classes: Vec<(usize, usize)> = Vec::new();
            for (i, program) in programs.iter().enumerate() {
                match classes.last_mut() {
                    Some((start, end)) if programs[*start].size() == program.size() => *end = i + 1,
                    _ => classes.push((i, i + 1)),
                }
            }
            if !programs.is_empty() {
                groups.push(Group {
                    vars,
                    programs,
                    classes,
                    ranges: Vec::new(),
                });
            }
        }
        Ok(TrainingPrograms::single(groups, true))
    }

    /// Exactly these programs, each drawn with equal chance (so a set's own
    /// weighting, e.g. a density-shifted training set, is kept). A model
    /// whose vocabulary cannot write a program (a checkpoint from before
    /// literals in digits) is never trained on it.
    #[must_use]
    pub fn new(programs: &[(Vars, Program)]) -> TrainingPrograms {
        let ranged: Vec<Ranged> = programs
            .iter()
            .map(|(vars, program)| (vars.clone(), program.clone(), None))
            .collect();
        TrainingPrograms::build(&ranged)
    }

    /// These programs, each drawn with equal chance, each with inputs drawn
    /// uniformly from its own inclusive range (the natural inputs of a
    /// formula: minutes 0..=1439, prices 0..=10000), a few also from
    /// the usual mostly-small distribution so that the model still sees
    /// the edges.
    #[must_use]
    pub fn with_input_ranges(programs: &[(Vars, Program, (i64, i64))]) -> TrainingPrograms {
        let ranged: Vec<Ranged> = programs
            .iter()
            .map(|(vars, program, (lo, hi))| {
                (
                    vars.clone(),
                    program.clone(),
                    Some((*lo.min(hi), *lo.max(hi))),
                )
            })
            .collect();
        TrainingPrograms::build(&ranged)
    }

    fn build(programs: &[Ranged]) -> TrainingPrograms {
        // where any program has a range, every one gets one (the default
        // range for those without), so `Group::ranges` is all or nothing
        let ranged = programs.iter().any(|p| p.2.is_some());
        let mut groups: Vec<Group> = Vec::new();
        for (vars, program, range) in programs {
            let index = match groups.iter().position(|g| &g.vars == vars) {
                Some(index) => index,
                None => {
                    groups.push(Group {
                        vars: vars.clone(),
                        programs: Vec::new(),
                        classes: Vec::new(),
                        ranges: Vec::new(),
                    });
                    groups.len() - 1
                }
            };
            let group = &mut groups[index];
            group.programs.push(program.clone());
            if ranged {
                group.ranges.push(range.unwrap_or(DEFAULT_RANGE));
            }
        }
        for group in &mut groups {
            group.classes = vec![(0, group.programs.len())];
        }
        TrainingPrograms::single(groups, false)
    }

    /// This set and `other` in one: a draw comes from `other` with chance
    /// `share` (clamped to 0..=1), from this set otherwise (its own
    /// sources keeping their proportions).
    #[must_use]
    pub fn mix(mut self, other: TrainingPrograms, share: f64) -> TrainingPrograms {
        let share = if share.is_nan() {
            0.0
        } else {
            share.clamp(0.0, 1.0)
        };
        let total = |sources: &[Source]| sources.iter().map(|s| s.weight).sum::<f64>();
        let (own, theirs) = (total(&self.sources), total(&other.sources));
        for source in &mut self.sources {
            source.weight *= (1.0 - share) / own.max(f64::MIN_POSITIVE);
        }
        for mut source in other.sources {
            source.weight *= share / theirs.max(f64::MIN_POSITIVE);
            self.sources.push(source);
        }
        self.sources.retain(|s| s.weight > 0.0 && s.len > 0);
        self
    }

    /// Whether some program leaves room for examples in `context` tokens
    /// (training skips those that do not).
    fn fits(&self, tokenizer: Tokenizer, context: usize) -> bool {
        self.sources
            .iter()
            .flat_map(|s| &s.groups)
            .flat_map(|g| &g.programs)
            .any(|p| {
                tokenizer
                    .encode_program(p)
                    .is_ok_and(|t| t.len() + 8 <= context)
            })
    }

    /// Programs held.
    #[must_use]
    pub fn len(&self) -> usize {
        self.sources.iter().map(|s| s.len).sum()
    }

    /// Whether there is none.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// A program and `examples` examples of it on fresh random inputs.
    fn draw<R: Rng>(&self, examples: usize, rng: &mut R) -> (Vars, Program, Vec<Example>) {
        let source = if self.sources.len() == 1 {
            &self.sources[0]
        } else {
            let total: f64 = self.sources.iter().map(|s| s.weight).sum();
            let mut at = rng.random::<f64>() * total;
            self.sources
                .iter()
                .find(|s| {
                    let inside = at < s.weight;
                    at -= s.weight;
                    inside
                })
                .unwrap_or_else(|| self.sources.last().expect("a mix has a source"))
        };
        let (group, index) = if source.by_size {
            let group = &source.groups[rng.random_range(0..source.groups.len())];
            let (start, end) = group.classes[rng.random_range(0..group.classes.len())];
            (group, rng.random_range(start..end))
        } else {
            let mut at = rng.random_range(0..source.len);
            let group = source
                .groups
                .iter()
                .find(|g| {
                    let inside = at < g.programs.len();
                    if !inside {
                        at -= g.programs.len();
                    }
                    inside
                })
                .expect("an index below the total lies in a group");
            (group, at)
        };
        let program = &group.programs[index];
        let range = group.ranges.get(index).copied();
        let examples = random_examples(program, group.vars.len(), examples, range, rng);
        (group.vars.clone(), program.clone(), examples)
    }
}

/// The range that programs given without one are drawn from, when others
/// of their group have one.
const DEFAULT_RANGE: (i64, i64) = (-1000, 1000);

/// Tasks for `programs`: `train` examples to search with and `test` held
/// out, on random inputs drawn as in training; named `{prefix}-{i}`, with
/// the program as reference.
#[must_use]
pub fn example_tasks(
    programs: &[(Vars, Program)],
    train: usize,
    test: usize,
    seed: u64,
    prefix: &str,
) -> Vec<Task> {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    programs
        .iter()
        .enumerate()
        .map(|(i, (vars, program))| {
            let mut examples = random_examples(program, vars.len(), train + test, None, &mut rng);
            let test_examples = examples.split_off(train);
            Task {
                name: format!("{prefix}-{i}"),
                program: Some(program.sexpr(vars).to_string()),
                family: Some(format!("size-{}", program.size())),
                vars: vars.clone(),
                train: examples,
                test: test_examples,
                grammar: None,
            }
        })
        .collect()
}

/// An input value for training tasks: mostly small, some larger.
fn input_value<R: Rng>(rng: &mut R) -> i64 {
    if rng.random_bool(0.7) {
        rng.random_range(-20..=20)
    } else {
        rng.random_range(-1000..=1000)
    }
}

/// Examples on random inputs: from `range` (most of them, where given) or
/// the mostly-small distribution of [`input_value`].
fn random_examples<R: Rng>(
    program: &Program,
    vars: usize,
    count: usize,
    range: Option<(i64, i64)>,
    rng: &mut R,
) -> Vec<Example> {
    (0..count)
        .map(|_| {
            let inputs: Vec<i64> = (0..vars)
                .map(|_| match range {
                    Some((lo, hi)) if rng.random_bool(0.9) => rng.random_range(lo..=hi),
                    _ => input_value(rng),
                })
                .collect();
            let output = reference::eval(program, &inputs);
            Example { inputs, output }
        })
        .collect()
}

/// The tokens of a spec, ending with `PROG`: as many examples as fit in
/// `budget` tokens (at least one).
pub(crate) fn spec_tokens(examples: &[Example], budget: usize) -> Vec<Token> {
    let mut tokens = vec![super::tokenizer::BOS];
    for example in examples {
        let more = Tokenizer::default().encode_example(&example.inputs, example.output);
        if tokens.len() + more.len() + 1 > budget && tokens.len() > 1 {
            break;
        }
        tokens.extend(more);
    }
    tokens.push(PROG);
    tokens
}

/// Tasks drawn from the enumerated programs of the default grammar: held
/// out from training (`held_out = true`, the programs the default model did
/// not see) or not. Each has `train` and `test` examples on fresh random
/// inputs and the program as reference.
///
/// # Errors
///
/// Enumeration errors.
pub fn training_tasks(
    max_size: usize,
    count: usize,
    train: usize,
    test: usize,
    seed: u64,
    held_out: bool,
) -> Result<Vec<Task>, ModelError> {
    let pool = TrainingPrograms::enumerated(max_size, held_out)?;
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    Ok((0..count)
        .map(|i| {
            let (vars, program, mut examples) = pool.draw(train + test, &mut rng);
            let test_examples = examples.split_off(train);
            Task {
                name: format!("enumerated-{i}"),
                program: Some(program.sexpr(&vars).to_string()),
                family: Some(format!("size-{}", program.size())),
                vars,
                train: examples,
                test: test_examples,
                grammar: None,
            }
        })
        .collect())
}

/// A batch: inputs, targets and a mask of the program positions.
struct Batch {
    inputs: Tensor,
    targets: Tensor,
    mask: Tensor,
    /// Tokens of the sequences, not counting padding.
    tokens: usize,
    /// Positions the loss counts (the mask's ones).
    predicted: usize,
    /// Positions computed, padding included.
    positions: usize,
}

impl Batch {
    fn new<S: AsRef<[Token]>>(
        sequences: &[S],
        prog_starts: &[usize],
        device: &candle_core::Device,
    ) -> Result<Batch, ModelError> {
        let len = sequences
            .iter()
            .map(|s| s.as_ref().len())
            .max()
            .unwrap_or(2)
            - 1;
        let mut inputs = Vec::with_capacity(sequences.len() * len);
        let mut targets = Vec::with_capacity(sequences.len() * len);
        let mut mask = Vec::with_capacity(sequences.len() * len);
        let (mut tokens, mut predicted) = (0, 0);
        for (sequence, &start) in sequences.iter().zip(prog_starts) {
            let sequence = sequence.as_ref();
            tokens += sequence.len();
            for t in 0..len {
                inputs.push(sequence.get(t).copied().unwrap_or(PAD));
                targets.push(sequence.get(t + 1).copied().unwrap_or(PAD));
                // predict every token after PROG (the program and its EOS)
                let counted = t + 1 > start && t + 1 < sequence.len();
                predicted += usize::from(counted);
                mask.push(if counted { 1f32 } else { 0f32 });
            }
        }
        let shape = (sequences.len(), len);
        Ok(Batch {
            inputs: Tensor::from_vec(inputs, shape, device)?,
            targets: Tensor::from_vec(targets, shape, device)?,
            mask: Tensor::from_vec(mask, shape, device)?,
            tokens,
            predicted,
            positions: shape.0 * shape.1,
        })
    }

    /// The summed negative log-likelihood of the masked targets.
    fn loss_sum(&self, model: &Model) -> Result<Tensor, ModelError> {
        let logits = model
            .transformer()
            .forward(&self.inputs, &mut KvCache::default())?;
        let log_probs = candle_nn::ops::log_softmax(&logits, D::Minus1)?;
        let picked = log_probs
            .gather(&self.targets.unsqueeze(D::Minus1)?, D::Minus1)?
            .squeeze(D::Minus1)?;
        Ok((picked * &self.mask)?.sum_all()?.neg()?)
    }

    /// The mean negative log-likelihood of the masked targets.
    fn loss(&self, model: &Model) -> Result<Tensor, ModelError> {
        #[expect(clippy::cast_precision_loss, reason = "token counts are small")]
        let count = self.predicted.max(1) as f64;
        Ok((self.loss_sum(model)? / count)?)
    }
}

/// One shard of a step: its summed loss, the gradients of that sum, and
/// its batch's counts.
struct Shard {
    loss_sum: f64,
    grads: candle_core::backprop::GradStore,
    tokens: usize,
    predicted: usize,
    positions: usize,
}

/// What one step computed: the mean loss, its gradients, and the tokens
/// (without padding) and positions (with padding) of its batch.
struct StepGradients {
    loss: f64,
    grads: candle_core::backprop::GradStore,
    tokens: usize,
    positions: usize,
}

fn shard(
    model: &Model,
    sequences: &[&Vec<Token>],
    starts: &[usize],
    device: &candle_core::Device,
) -> Result<Shard, ModelError> {
    let batch = Batch::new(sequences, starts, device)?;
    let loss = batch.loss_sum(model)?;
    let grads = loss.backward()?;
    Ok(Shard {
        loss_sum: f64::from(loss.to_scalar::<f32>()?),
        grads,
        tokens: batch.tokens,
        predicted: batch.predicted,
        positions: batch.positions,
    })
}

/// The batch's sequences in order of length, cut into at most `shards`
/// runs of neighbours so that the largest padded area (sequences × the
/// longest one) is as small as it can be: each shard pads only to its own
/// longest sequence, and the threads get about equal work. Returns the
/// sequence indices of each shard.
fn length_shards(lengths: &[usize], shards: usize) -> Vec<Vec<usize>> {
    let mut order: Vec<usize> = (0..lengths.len()).collect();
    order.sort_by_key(|&i| (lengths[i], i));
    // the fewest shards with every area at most `area`, greedily from the
    // shortest; the smallest area needing at most `shards` of them
    let cut = |area: usize| -> Vec<Vec<usize>> {
        let mut parts: Vec<Vec<usize>> = Vec::new();
        for &i in &order {
            match parts.last_mut() {
                Some(part) if (part.len() + 1) * lengths[i] <= area => part.push(i),
                _ => parts.push(vec![i]),
            }
        }
        parts
    };
    let longest = lengths.iter().copied().max().unwrap_or(0).max(1);
    let (mut lo, mut hi) = (longest, longest * lengths.len().max(1));
    while lo < hi {
        let mid = lo + (hi - lo) / 2;
        if cut(mid).len() <= shards.max(1) {
            hi = mid;
        } else {
            lo = mid + 1;
        }
    }
    cut(lo)
}

/// The step's mean loss and its gradients: the batch cut into at most
/// `replicas` shards of sequences of about the same length
/// ([`length_shards`]), each on its own thread, their gradient sums added
/// in shard order and divided by the positions counted.
fn step_gradients(
    model: &Model,
    sequences: &[Vec<Token>],
    starts: &[usize],
    replicas: usize,
    vars: &[candle_core::Var],
) -> Result<StepGradients, ModelError> {
    let device = model.device();
    let lengths: Vec<usize> = sequences.iter().map(Vec::len).collect();
    let parts: Vec<(Vec<&Vec<Token>>, Vec<usize>)> = length_shards(&lengths, replicas)
        .into_iter()
        .map(|indices| {
            (
                indices.iter().map(|&i| &sequences[i]).collect(),
                indices.iter().map(|&i| starts[i]).collect(),
            )
        })
        .collect();
    let shards: Vec<Result<Shard, ModelError>> = if parts.len() <= 1 {
        parts
            .iter()
            .map(|(part, starts)| shard(model, part, starts, device))
            .collect()
    } else {
        std::thread::scope(|scope| {
            let handles: Vec<_> = parts
                .iter()
                .map(|(part, starts)| scope.spawn(move || shard(model, part, starts, device)))
                .collect();
            handles
                .into_iter()
                .map(|handle| {
                    handle
                        .join()
                        .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
                })
                .collect()
        })
    };
    let mut shards = shards.into_iter().collect::<Result<Vec<_>, _>>()?;
    let predicted: usize = shards.iter().map(|shard| shard.predicted).sum();
    let tokens = shards.iter().map(|shard| shard.tokens).sum();
    let positions = shards.iter().map(|shard| shard.positions).sum();
    let loss_sum: f64 = shards.iter().map(|shard| shard.loss_sum).sum();
    #[expect(clippy::cast_precision_loss, reason = "token counts are small")]
    let scale = 1.0 / predicted.max(1) as f64;
    let mut first = shards.remove(0);
    for var in vars {
        let tensor = var.as_tensor();
        let mut sum = first.grads.remove(tensor);
        for shard in &shards {
            if let Some(grad) = shard.grads.get(tensor) {
                sum = Some(match sum {
                    Some(total) => (total + grad)?,
                    None => grad.clone(),
                });
            }
        }
        if let Some(total) = sum {
            first.grads.insert(tensor, (total * scale)?);
        }
    }
    Ok(StepGradients {
        loss: loss_sum * scale,
        grads: first.grads,
        tokens,
        positions,
    })
}

fn sequences<R: Rng>(
    tokenizer: Tokenizer,
    pool: &TrainingPrograms,
    config: &TrainConfig,
    context: usize,
    count: usize,
    rng: &mut R,
) -> (Vec<Vec<Token>>, Vec<usize>) {
    let mut sequences = Vec::with_capacity(count);
    let mut starts = Vec::with_capacity(count);
    while sequences.len() < count {
        let (_, program, examples) = pool.draw(config.examples, rng);
        // a program this vocabulary cannot write, or too long: draw again
        // (`fits` checked that some program can be written)
        let Ok(program_tokens) = tokenizer.encode_program(&program) else {
            continue;
        };
        if program_tokens.len() + 8 > context {
            continue;
        }
        let mut sequence = spec_tokens(&examples, context - program_tokens.len());
        starts.push(sequence.len() - 1);
        sequence.extend(program_tokens);
        sequences.push(sequence);
    }
    (sequences, starts)
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
    let validate = |model: &Model| -> Result<f64, ModelError> {
        let mut total = 0.0;
        let mut batches = 0.0;
        for (chunk, starts) in val_sequences.chunks(64).zip(val_starts.chunks(64)) {
            let batch = Batch::new(chunk, starts, &device)?;
            total += f64::from(batch.loss(model)?.to_scalar::<f32>()?);
            batches += 1.0;
        }
        Ok(total / f64::max(batches, 1.0))
    };
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
        // clip by global norm
        let mut squares = 0f64;
        for var in &vars {
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
        if norm > config.clip {
            let scale = config.clip / norm;
            for var in &vars {
                if let Some(grad) = grads.get(var.as_tensor()) {
                    let scaled = (grad * scale)?;
                    grads.insert(var.as_tensor(), scaled);
                }
            }
        }
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

#[cfg(test)]
mod tests {
    use super::*;

    /// A tiny model and `count` training sequences drawn with `seed`.
    fn tiny_batch(seed: u64, count: usize) -> (Model, Vec<Vec<Token>>, Vec<usize>) {
        let model = Model::new(Config::tiny(), &candle_core::Device::Cpu, 3).unwrap();
        let pool = TrainingPrograms::enumerated(5, false).unwrap();
        let mut rng = ChaCha8Rng::seed_from_u64(seed);
        let (batch, starts) = sequences(
            model.tokenizer(),
            &pool,
            &TrainConfig::tiny(),
            96,
            count,
            &mut rng,
        );
        (model, batch, starts)
    }

    proptest::proptest! {
        /// Length shards hold every sequence once, runs of neighbours in
        /// length order, at most the shards asked for, and never pad more
        /// than cutting the batch in order into equal parts would.
        #[test]
        fn length_shards_cover_the_batch_and_pad_no_more_than_equal_parts(
            lengths in proptest::collection::vec(1usize..200, 1..70),
            shards in 1usize..9,
        ) {
            let parts = length_shards(&lengths, shards);
            proptest::prop_assert!(!parts.is_empty() && parts.len() <= shards);
            let mut seen: Vec<usize> = parts.iter().flatten().copied().collect();
            let in_order = seen.windows(2).all(|w| (lengths[w[0]], w[0]) < (lengths[w[1]], w[1]));
            proptest::prop_assert!(in_order);
            seen.sort_unstable();
            proptest::prop_assert_eq!(seen, (0..lengths.len()).collect::<Vec<_>>());
            let area = |part: &[usize]| part.len() * part.iter().map(|&i| lengths[i]).max().unwrap_or(0);
            let largest = parts.iter().map(|p| area(p)).max().unwrap();
            let per = lengths.len().div_ceil(shards);
            let naive = (0..lengths.len()).collect::<Vec<_>>();
            let naive = naive.chunks(per).map(area).max().unwrap();
            proptest::prop_assert!(largest <= naive, "{largest} > {naive}");
        }
    }

    #[test]
    fn learning_rate_warms_up_then_decays() {
        let config = TrainConfig::tiny();
        assert!(config.learning_rate_at(0) < config.learning_rate_at(9));
        assert!((config.learning_rate_at(10) - config.learning_rate).abs() < 1e-12);
        assert!(config.learning_rate_at(199) < config.learning_rate * 0.2);
    }

    #[test]
    fn every_parameter_gets_a_gradient() {
        let (model, batch, starts) = tiny_batch(1, 4);
        let batch = Batch::new(&batch, &starts, &candle_core::Device::Cpu).unwrap();
        let grads = batch.loss(&model).unwrap().backward().unwrap();
        let data = model.varmap.data().lock().unwrap();
        assert!(data.len() >= 10);
        for (name, var) in data.iter() {
            let grad = grads
                .get(var.as_tensor())
                .unwrap_or_else(|| panic!("no gradient for {name}"));
            let norm = grad
                .sqr()
                .unwrap()
                .sum_all()
                .unwrap()
                .to_scalar::<f32>()
                .unwrap();
            // positions beyond the batch's length get none; everything else must
            assert!(
                norm > 0.0 || name.contains("positions"),
                "zero gradient for {name}"
            );
        }
    }

    #[test]
    fn replicas_give_the_gradient_of_the_whole_batch() {
        // the shards' summed gradients, divided by the positions counted,
        // are the gradient of the batch's mean loss
        let (model, batch, starts) = tiny_batch(2, 7);
        let vars = model.varmap.all_vars();
        let whole = Batch::new(&batch, &starts, &candle_core::Device::Cpu).unwrap();
        let loss = whole.loss(&model).unwrap();
        let grads = loss.backward().unwrap();
        let loss = f64::from(loss.to_scalar::<f32>().unwrap());
        for replicas in [1, 2, 3, 7] {
            let StepGradients {
                loss: sharded,
                grads: sharded_grads,
                tokens,
                positions,
            } = step_gradients(&model, &batch, &starts, replicas, &vars).unwrap();
            assert_eq!(tokens, whole.tokens);
            // shards of like lengths pad less than the whole batch
            assert!(
                positions >= whole.tokens - batch.len() && positions <= whole.positions,
                "{replicas}: {positions} positions, {} in the whole batch",
                whole.positions
            );
            assert!(
                (sharded - loss).abs() < 1e-5,
                "{replicas}: {sharded} vs {loss}"
            );
            for var in &vars {
                let (a, b) = (
                    grads.get(var.as_tensor()).unwrap(),
                    sharded_grads.get(var.as_tensor()).unwrap(),
                );
                let gap = (a - b).unwrap().abs().unwrap().max_all().unwrap();
                let gap = gap.to_scalar::<f32>().unwrap();
                let scale = a
                    .abs()
                    .unwrap()
                    .max_all()
                    .unwrap()
                    .to_scalar::<f32>()
                    .unwrap();
                assert!(
                    gap <= 1e-4 * scale.max(1e-3),
                    "{replicas} replicas: gradient off by {gap} (largest {scale})"
                );
            }
        }
    }

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

    #[test]
    fn a_mix_draws_each_source_by_its_share_and_ranges_bound_inputs() {
        let vars = Vars::standard(1).unwrap();
        let formula = Program::parse("(div x 60)", &vars).unwrap();
        let ranged =
            TrainingPrograms::with_input_ranges(&[(vars.clone(), formula.clone(), (0, 1439))]);
        let mix = TrainingPrograms::enumerated(5, false)
            .unwrap()
            .mix(ranged, 0.25);
        let mut rng = ChaCha8Rng::seed_from_u64(3);
        let (mut drawn, mut inside) = (0, 0);
        for _ in 0..4000 {
            let (_, program, examples) = mix.draw(10, &mut rng);
            if program == formula {
                drawn += 1;
                inside += examples
                    .iter()
                    .filter(|e| (0..=1439).contains(&e.inputs[0]))
                    .count();
            }
        }
        // a quarter of 4000 draws, and about nine of ten inputs in range
        assert!((850..=1150).contains(&drawn), "{drawn}");
        assert!(inside * 10 >= drawn * 10 * 8, "{inside} of {}", drawn * 10);
    }

    #[test]
    fn split_is_fixed_and_small() {
        let pool = TrainingPrograms::enumerated(5, true).unwrap();
        let held = pool.len();
        let all = TrainingPrograms::enumerated(5, false).unwrap();
        let kept = all.len();
        assert!(
            held > 0 && held * 10 < kept,
            "{held} held out of {}",
            held + kept
        );
    }
}
