//! A step's gradients: batches of token sequences and their losses, cut
//! into shards of like lengths whose gradients are computed on their own
//! threads and summed.

use candle_core::{Tensor, D};

use crate::model::tokenizer::{Token, PAD};
use crate::model::{KvCache, Model, ModelError};

/// A batch: inputs, targets and a mask of the program positions.
pub(super) struct Batch {
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
    pub(super) fn new<S: AsRef<[Token]>>(
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
    pub(super) fn loss(&self, model: &Model) -> Result<Tensor, ModelError> {
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
pub(super) struct StepGradients {
    pub(super) loss: f64,
    pub(super) grads: candle_core::backprop::GradStore,
    pub(super) tokens: usize,
    pub(super) positions: usize,
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
pub(super) fn step_gradients(
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::train::{sequences, TrainConfig, TrainingPrograms};
    use crate::model::Config;
    use rand::SeedableRng;
    use rand_chacha::ChaCha8Rng;
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
}
