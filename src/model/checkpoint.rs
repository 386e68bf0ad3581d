//! Checkpoints: weights in safetensors, the config and tokenizer in a JSON
//! file beside them; written atomically, checked on load.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use candle_core::{Device, Tensor};
use serde::{Deserialize, Serialize};

use super::{Config, Model, ModelError, Vocabulary};

/// What the JSON file beside the weights holds.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CheckpointMeta {
    /// Format name and version.
    pub format: String,
    /// The model's shape.
    pub config: Config,
    /// The tokenizer's vocabulary size: 162 for literals in digits
    /// ([`Vocabulary::AnyLiteral`]), 161 for checkpoints written before
    /// them ([`Vocabulary::SmallLiterals`]), 163 for sketch models
    /// ([`Vocabulary::Sketch`]).
    pub vocab: usize,
    /// Training steps taken.
    pub steps: u64,
    /// Last validation loss, if measured.
    pub validation_loss: Option<f64>,
    /// The training command or configuration, for people.
    pub trained_with: Option<String>,
}

const FORMAT: &str = "arithsynth-model-1";

/// The default model's weights, shipped in the crate.
pub const DEFAULT_MODEL_WEIGHTS: &[u8] = include_bytes!("../../models/default.safetensors");
/// The default model's JSON file.
pub const DEFAULT_MODEL_JSON: &str = include_str!("../../models/default.json");
/// The sketch model's weights, shipped in the crate.
pub const SKETCH_MODEL_WEIGHTS: &[u8] = include_bytes!("../../models/sketch.safetensors");
/// The sketch model's JSON file.
pub const SKETCH_MODEL_JSON: &str = include_str!("../../models/sketch.json");

fn checkpoint_error(path: &Path, what: impl Into<String>) -> ModelError {
    ModelError::Checkpoint {
        path: path.to_owned(),
        what: what.into(),
    }
}

/// The JSON file beside a weights file: same name, extension `json`.
#[must_use]
pub fn meta_path(weights: &Path) -> PathBuf {
    weights.with_extension("json")
}

impl Model {
    /// Writes the weights to `path` (safetensors) and the config beside it
    /// (`path` with extension `json`), each to a temporary name renamed
    /// when complete.
    ///
    /// # Errors
    ///
    /// [`ModelError::Checkpoint`] naming the file that could not be written.
    pub fn save(
        &self,
        path: &Path,
        validation_loss: Option<f64>,
        trained_with: Option<String>,
    ) -> Result<(), ModelError> {
        let meta = CheckpointMeta {
            format: FORMAT.into(),
            config: self.config,
            vocab: self.tokenizer.vocab_size(),
            steps: self.steps,
            validation_loss,
            trained_with,
        };
        let temp = path.with_extension(format!("tmp-{}", std::process::id()));
        let result = candle_core::safetensors::save(&self.tensors(), &temp)
            .map_err(|err| checkpoint_error(path, err.to_string()))
            .and_then(|()| {
                std::fs::rename(&temp, path).map_err(|err| checkpoint_error(path, err.to_string()))
            });
        if result.is_err() {
            let _ = std::fs::remove_file(&temp);
            return result;
        }
        let json = serde_json::to_string_pretty(&meta).expect("the meta serializes");
        let json_path = meta_path(path);
        let mut file = crate::dataset::AtomicFile::create(&json_path)?;
        std::io::Write::write_all(file.writer(), json.as_bytes())
            .map_err(|err| checkpoint_error(&json_path, err.to_string()))?;
        file.commit()?;
        Ok(())
    }

    /// Loads a checkpoint written by [`Model::save`].
    ///
    /// # Errors
    ///
    /// [`ModelError::Checkpoint`] naming the file and what is wrong: a
    /// missing or unreadable file, a config that makes no model, another
    /// vocabulary, a truncated or foreign weights file, a missing, extra or
    /// misshapen tensor.
    pub fn load(path: &Path, device: &Device) -> Result<Model, ModelError> {
        let json_path = meta_path(path);
        let json = std::fs::read_to_string(&json_path)
            .map_err(|err| checkpoint_error(&json_path, err.to_string()))?;
        let weights = std::fs::read(path).map_err(|err| checkpoint_error(path, err.to_string()))?;
        Model::from_bytes(&json, &weights, device, path)
    }

    /// The default model shipped in the crate (`models/default.*`), trained
    /// by `arithsynth train --preset default --formulas
    /// examples/model/formulas-train.jsonl --formula-share 0.25` (8,000
    /// steps on two replicas).
    ///
    /// # Errors
    ///
    /// Candle errors on the device.
    pub fn embedded(device: &Device) -> Result<Model, ModelError> {
        Model::from_bytes(
            DEFAULT_MODEL_JSON,
            DEFAULT_MODEL_WEIGHTS,
            device,
            Path::new("<embedded default model>"),
        )
    }

    /// The sketch model shipped in the crate (`models/sketch.*`, of the
    /// sketch vocabulary: [`Vocabulary::Sketch`]), trained on the
    /// compositions of `large-train` with a hole in most draws; the
    /// command is in its JSON file ([`CheckpointMeta::trained_with`]).
    ///
    /// # Errors
    ///
    /// Candle errors on the device.
    pub fn embedded_sketch(device: &Device) -> Result<Model, ModelError> {
        Model::from_bytes(
            SKETCH_MODEL_JSON,
            SKETCH_MODEL_WEIGHTS,
            device,
            Path::new("<embedded sketch model>"),
        )
    }

    /// The config of the embedded default model.
    ///
    /// # Errors
    ///
    /// Never for the shipped file; a checkpoint error if it were damaged.
    pub fn embedded_meta() -> Result<CheckpointMeta, ModelError> {
        serde_json::from_str(DEFAULT_MODEL_JSON)
            .map_err(|err| checkpoint_error(Path::new("<embedded default model>"), err.to_string()))
    }

    /// A model from a checkpoint's JSON text and weight bytes; `path` names
    /// them in errors.
    ///
    /// # Errors
    ///
    /// As [`Model::load`].
    pub fn from_bytes(
        json: &str,
        weights: &[u8],
        device: &Device,
        path: &Path,
    ) -> Result<Model, ModelError> {
        let json_path = meta_path(path);
        let meta: CheckpointMeta = serde_json::from_str(json)
            .map_err(|err| checkpoint_error(&json_path, format!("bad JSON: {err}")))?;
        if meta.format != FORMAT {
            return Err(checkpoint_error(
                &json_path,
                format!("format `{}`, expected `{FORMAT}`", meta.format),
            ));
        }
        let Some(vocabulary) = Vocabulary::from_size(meta.vocab) else {
            return Err(checkpoint_error(
                &json_path,
                format!(
                    "vocabulary of {} tokens: this version reads {} (any literal), {} \
                     (literals -16..=16) or {} (sketches)",
                    meta.vocab,
                    Vocabulary::AnyLiteral.size(),
                    Vocabulary::SmallLiterals.size(),
                    Vocabulary::Sketch.size()
                ),
            ));
        };
        if !meta.config.is_valid() {
            return Err(checkpoint_error(
                &json_path,
                format!("config {:?} makes no model", meta.config),
            ));
        }
        let tensors: HashMap<String, Tensor> =
            candle_core::safetensors::load_buffer(weights, device).map_err(|err| {
                checkpoint_error(path, format!("not a complete safetensors file: {err}"))
            })?;
        // the config sizes an allocation: check it against the weights that
        // are there before building the model
        let present: usize = tensors.values().map(Tensor::elem_count).sum();
        let expected = meta.config.parameter_count(vocabulary.size());
        if present != expected {
            return Err(checkpoint_error(
                path,
                format!(
                    "the config {:?} has {expected} weights, the file {present}",
                    meta.config
                ),
            ));
        }
        let mut model = Model::with_vocabulary(meta.config, vocabulary, device, 0)?;
        {
            let data = model.varmap.data().lock().expect("no poisoned lock");
            let mut names: Vec<&String> = data.keys().collect();
            names.sort();
            for name in names {
                let var = &data[name];
                let tensor = tensors
                    .get(name)
                    .ok_or_else(|| checkpoint_error(path, format!("missing tensor `{name}`")))?;
                if tensor.shape() != var.shape() {
                    return Err(checkpoint_error(
                        path,
                        format!(
                            "tensor `{name}` has shape {:?}, expected {:?}",
                            tensor.dims(),
                            var.dims()
                        ),
                    ));
                }
                if tensor.dtype() != var.dtype() {
                    return Err(checkpoint_error(
                        path,
                        format!(
                            "tensor `{name}` is {:?}, expected {:?}",
                            tensor.dtype(),
                            var.dtype()
                        ),
                    ));
                }
                var.set(tensor)?;
            }
            if let Some(extra) = tensors.keys().find(|name| !data.contains_key(*name)) {
                return Err(checkpoint_error(
                    path,
                    format!("unexpected tensor `{extra}`"),
                ));
            }
        }
        model.steps = meta.steps;
        Ok(model)
    }
}
