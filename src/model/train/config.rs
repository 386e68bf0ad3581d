//! How to train ([`TrainConfig`]): the model's shape, the optimizer's
//! settings and schedule, the data's sizes and the replicas.

use serde::{Deserialize, Serialize};

use crate::model::Config;

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
    /// Share of the draws whose program has one subterm of 2 to
    /// [`MAX_HOLE`](crate::model::MAX_HOLE) nodes (not the whole) replaced
    /// by a hole: the sketch objective. Only a model of the sketch
    /// vocabulary ([`Vocabulary::Sketch`](crate::model::Vocabulary::Sketch))
    /// writes holes; others ignore it. Default: 0.
    #[serde(default)]
    pub holes: f64,
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
            holes: 0.0,
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
            holes: 0.0,
        }
    }

    pub(super) fn learning_rate_at(&self, step: u64) -> f64 {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn learning_rate_warms_up_then_decays() {
        let config = TrainConfig::tiny();
        assert!(config.learning_rate_at(0) < config.learning_rate_at(9));
        assert!((config.learning_rate_at(10) - config.learning_rate).abs() < 1e-12);
        assert!(config.learning_rate_at(199) < config.learning_rate * 0.2);
    }
}
