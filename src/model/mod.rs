//! The neural proposal: a small transformer that reads examples and writes
//! programs (feature `neural`, on by default; the only module that uses
//! candle).
//!
//! - [`Tokenizer`]: specs and programs as tokens.
//! - [`Model`]: a [`Transformer`] with its [`Config`]; checkpoints in
//!   safetensors with a JSON file beside them; [`Model::embedded`] is the
//!   default model shipped in the crate, [`Model::embedded_sketch`] the
//!   sketch model (programs with a hole, [`Vocabulary::Sketch`]).
//! - [`train`](train()): training on programs from the enumerator.
//! - [`Sampler`]: grammar-constrained sampling with a KV cache, beam search,
//!   the log-probability of a program (its description length), and the
//!   marginal over grammar productions.
//!
//! Devices are chosen at run time ([`candle_core::Device`]); CUDA and Metal
//! are opt-in features forwarded to candle.

mod checkpoint;
mod decode;
mod fused;
mod tokenizer;
mod train;
mod transformer;

use std::collections::HashMap;
use std::path::PathBuf;

use candle_core::{DType, Tensor};
use candle_nn::{VarBuilder, VarMap};
use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;
use rand_distr::{Distribution, Normal};

/// The device a model runs on (candle's): `Device::Cpu`, or a GPU with the
/// `cuda` or `metal` feature. Re-exported so a user need not depend on
/// candle to name one.
pub use candle_core::Device;
pub use checkpoint::{
    CheckpointMeta, DEFAULT_MODEL_JSON, DEFAULT_MODEL_WEIGHTS, SKETCH_MODEL_JSON,
    SKETCH_MODEL_WEIGHTS,
};
pub use decode::{pass_at_k, Sample, Sampler, SamplerConfig};
pub use tokenizer::{ProgramToken, Token, TokenError, Tokenizer, Vocabulary, HOLE, VOCAB};
pub use train::{
    example_tasks, train, train_on, training_tasks, RangedProgram, TrainConfig, TrainHook,
    TrainReport, TrainStep, TrainingPrograms, MAX_HOLE,
};
pub use transformer::{Config, KvCache, Transformer};

/// Errors of the model: candle's, with the file they concern where there is
/// one.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ModelError {
    /// A tensor operation failed.
    #[error(transparent)]
    Candle(#[from] candle_core::Error),
    /// A checkpoint that cannot be used.
    #[error("{path}: {what}")]
    Checkpoint {
        /// The file.
        path: PathBuf,
        /// What is wrong (missing tensor, shape, config, truncated file).
        what: String,
    },
    /// A config that makes no model.
    #[error("invalid model config {0:?}")]
    Config(Config),
    /// Text that cannot become tokens.
    #[error(transparent)]
    Token(#[from] TokenError),
    /// A file that cannot be read or written.
    #[error(transparent)]
    Dataset(#[from] crate::dataset::DatasetError),
    /// Training data that cannot train (no program, or none that fits the
    /// model's context).
    #[error("training data: {0}")]
    Data(String),
    /// An enumeration for training data that cannot start.
    #[error(transparent)]
    Enumerate(#[from] crate::enumerate::EnumerateError),
    /// A spec whose first example alone fills the model's context, leaving
    /// no room for a program: the model cannot read it.
    #[error("the spec's first example takes {tokens} tokens, the model's context is {context}")]
    SpecTooLong {
        /// Tokens of the prompt (its first example).
        tokens: usize,
        /// The model's context.
        context: usize,
    },
}

/// A transformer with its config, on a device.
///
/// ```
/// use arithsynth::model::{Config, Model};
/// let model = Model::new(Config::tiny(), &candle_core::Device::Cpu, 7)?;
/// assert!(model.parameter_count() > 1000);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub struct Model {
    config: Config,
    transformer: Transformer,
    varmap: VarMap,
    device: Device,
    tokenizer: Tokenizer,
    /// Training steps taken so far (for resuming).
    steps: u64,
}

impl std::fmt::Debug for Model {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Model")
            .field("config", &self.config)
            .field("device", &self.device)
            .field("vocabulary", &self.tokenizer.vocabulary())
            .field("steps", &self.steps)
            .finish_non_exhaustive()
    }
}

impl Model {
    /// A new model with weights drawn from a generator seeded with `seed`
    /// (normal, standard deviation 0.02; norms at one; biases at zero).
    ///
    /// # Errors
    ///
    /// [`ModelError::Config`] for an impossible config; candle errors.
    pub fn new(config: Config, device: &Device, seed: u64) -> Result<Model, ModelError> {
        Model::with_vocabulary(config, Vocabulary::default(), device, seed)
    }

    /// A new model over another vocabulary than the default (as
    /// [`Model::new`] otherwise): [`Vocabulary::SmallLiterals`] is that of
    /// checkpoints written before literals were written in digits.
    ///
    /// # Errors
    ///
    /// [`ModelError::Config`] for an impossible config; candle errors.
    pub fn with_vocabulary(
        config: Config,
        vocabulary: Vocabulary,
        device: &Device,
        seed: u64,
    ) -> Result<Model, ModelError> {
        if !config.is_valid() {
            return Err(ModelError::Config(config));
        }
        let varmap = VarMap::new();
        let vb = VarBuilder::from_varmap(&varmap, DType::F32, device);
        let tokenizer = Tokenizer::new(vocabulary);
        let transformer = Transformer::new(&config, tokenizer.vocab_size(), vb)?;
        // candle's CPU generator cannot be seeded: overwrite every weight
        // from our own, in name order
        let mut rng = ChaCha8Rng::seed_from_u64(seed);
        let normal = Normal::new(0.0f32, 0.02).expect("a valid normal");
        {
            let data = varmap.data().lock().expect("no poisoned lock");
            let mut names: Vec<&String> = data.keys().collect();
            names.sort();
            for name in names {
                let var = &data[name];
                let shape = var.shape().clone();
                let count = shape.elem_count();
                let values: Vec<f32> = if name.ends_with("bias") {
                    vec![0.0; count]
                } else if name.contains("norm") {
                    vec![1.0; count]
                } else {
                    (0..count).map(|_| normal.sample(&mut rng)).collect()
                };
                var.set(&Tensor::from_vec(values, shape, device)?)?;
            }
        }
        Ok(Model {
            config,
            transformer,
            varmap,
            device: device.clone(),
            tokenizer,
            steps: 0,
        })
    }

    /// An independent copy: same config, weights and step count, its own
    /// storage (training one leaves the other as it was).
    ///
    /// # Errors
    ///
    /// Candle errors copying a tensor.
    pub fn duplicate(&self) -> Result<Model, ModelError> {
        let mut copy =
            Model::with_vocabulary(self.config, self.tokenizer.vocabulary(), &self.device, 0)?;
        {
            let from = self.varmap.data().lock().expect("no poisoned lock");
            let to = copy.varmap.data().lock().expect("no poisoned lock");
            for (name, var) in from.iter() {
                let target = to.get(name).ok_or_else(|| ModelError::Checkpoint {
                    path: "<copy>".into(),
                    what: format!("tensor {name} missing in the copy"),
                })?;
                target.set(&var.as_tensor().copy()?)?;
            }
        }
        copy.steps = self.steps;
        Ok(copy)
    }

    /// The config.
    #[must_use]
    pub fn config(&self) -> &Config {
        &self.config
    }

    /// The tokenizer of its vocabulary.
    #[must_use]
    pub fn tokenizer(&self) -> Tokenizer {
        self.tokenizer
    }

    /// The device.
    #[must_use]
    pub fn device(&self) -> &Device {
        &self.device
    }

    /// The transformer.
    #[must_use]
    pub fn transformer(&self) -> &Transformer {
        &self.transformer
    }

    /// Training steps taken.
    #[must_use]
    pub fn steps(&self) -> u64 {
        self.steps
    }

    /// Number of weights.
    ///
    /// # Panics
    ///
    /// Never in practice: only if another thread panicked holding the
    /// weights' lock.
    #[must_use]
    pub fn parameter_count(&self) -> usize {
        let data = self.varmap.data().lock().expect("no poisoned lock");
        data.values().map(|v| v.elem_count()).sum()
    }

    /// The weights by name.
    fn tensors(&self) -> HashMap<String, Tensor> {
        let data = self.varmap.data().lock().expect("no poisoned lock");
        data.iter()
            .map(|(name, var)| (name.clone(), var.as_tensor().clone()))
            .collect()
    }

    /// Logits `[batch, time, vocab]` of token ids `[batch, time]`.
    ///
    /// # Errors
    ///
    /// Candle errors, or a sequence longer than the context.
    pub fn logits(&self, ids: &Tensor) -> Result<Tensor, ModelError> {
        Ok(self.transformer.forward(ids, &mut KvCache::default())?)
    }
}
