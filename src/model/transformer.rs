//! A small decoder-only transformer, built with candle.
//!
//! Layers are data (as in candle-nn): tensors in structs, built from a
//! `VarBuilder` whose prefixes name every weight, so one constructor both
//! initializes and loads. Layer norm and softmax are one fused pass each on
//! the CPU, with a backward pass of one pass too ([`super::fused`]);
//! elsewhere they are written with candle's differentiable operations
//! (candle-nn's fused `LayerNorm::forward` and `softmax_last_dim` have no
//! backward pass).

use candle_core::{DType, Device, Module, Result, Tensor, D};
use candle_nn::{embedding, linear, Embedding, Init, Linear, VarBuilder};

use super::fused;
use serde::{Deserialize, Serialize};

/// The shape of a model.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Config {
    /// Transformer blocks.
    pub layers: usize,
    /// Model width (embedding size).
    pub width: usize,
    /// Attention heads (`width` must divide by it).
    pub heads: usize,
    /// Longest sequence, in tokens (spec and program).
    pub context: usize,
}

impl Config {
    /// The default model: 3 layers, width 128, 4 heads, context 128 (about
    /// 0.65 M parameters, 2.6 MB).
    #[must_use]
    pub const fn default_model() -> Config {
        Config {
            layers: 3,
            width: 128,
            heads: 4,
            context: 128,
        }
    }

    /// A tiny model for tests.
    #[must_use]
    pub const fn tiny() -> Config {
        Config {
            layers: 1,
            width: 32,
            heads: 2,
            context: 96,
        }
    }

    /// Number of weights of a model with this shape over `vocab` tokens.
    #[must_use]
    pub const fn parameter_count(&self, vocab: usize) -> usize {
        let w = self.width;
        let norm = 2 * w;
        let block =
            norm + (3 * w * w + 3 * w) + (w * w + w) + norm + (4 * w * w + 4 * w) + (4 * w * w + w);
        vocab * w + self.context * w + self.layers * block + norm + (w * vocab + vocab)
    }

    /// Whether the numbers make a model.
    #[must_use]
    pub fn is_valid(&self) -> bool {
        self.layers > 0
            && self.heads > 0
            && self.width > 0
            && self.width % self.heads == 0
            && (8..=4096).contains(&self.context)
            && self.width <= 4096
            && self.layers <= 64
    }
}

const NORM_EPS: f32 = 1e-5;

/// Layer norm: fused on the CPU, differentiable operations elsewhere.
#[derive(Clone, Debug)]
struct Norm {
    weight: Tensor,
    bias: Tensor,
}

impl Norm {
    fn new(width: usize, vb: VarBuilder) -> Result<Norm> {
        Ok(Norm {
            weight: vb.get_with_hints(width, "weight", Init::Const(1.0))?,
            bias: vb.get_with_hints(width, "bias", Init::Const(0.0))?,
        })
    }
}

impl Module for Norm {
    fn forward(&self, x: &Tensor) -> Result<Tensor> {
        let normed = if fused::is_fusable(x) {
            x.contiguous()?
                .apply_op1(fused::Standardize { eps: NORM_EPS })?
        } else {
            let mean = x.mean_keepdim(D::Minus1)?;
            let centered = x.broadcast_sub(&mean)?;
            let variance = centered.sqr()?.mean_keepdim(D::Minus1)?;
            centered.broadcast_div(&(variance + f64::from(NORM_EPS))?.sqrt()?)?
        };
        normed
            .broadcast_mul(&self.weight)?
            .broadcast_add(&self.bias)
    }
}

/// Keys and values of earlier positions, per layer.
#[derive(Clone, Debug, Default)]
pub struct KvCache {
    layers: Vec<Option<(Tensor, Tensor)>>,
}

impl KvCache {
    /// Positions cached so far.
    ///
    /// # Errors
    ///
    /// A candle error if a cached tensor has no time axis.
    pub fn len(&self) -> Result<usize> {
        match self.layers.first() {
            Some(Some((k, _))) => k.dim(2),
            _ => Ok(0),
        }
    }

    /// Whether nothing is cached.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        !matches!(self.layers.first(), Some(Some(_)))
    }

    fn map(&self, f: impl Fn(&Tensor) -> Result<Tensor>) -> Result<KvCache> {
        let layers = self
            .layers
            .iter()
            .map(|layer| layer.as_ref().map(|(k, v)| Ok((f(k)?, f(v)?))).transpose())
            .collect::<Result<_>>()?;
        Ok(KvCache { layers })
    }

    /// The cache repeated for `batch` rows (from a cache of batch 1).
    ///
    /// # Errors
    ///
    /// A candle error if the tensors cannot be repeated.
    pub fn expand(&self, batch: usize) -> Result<KvCache> {
        self.map(|t| t.repeat((batch, 1, 1, 1)))
    }

    /// Keeps the rows of `index` (a `u32` tensor of row numbers).
    ///
    /// # Errors
    ///
    /// A candle error if an index is out of range.
    pub fn select(&self, index: &Tensor) -> Result<KvCache> {
        self.map(|t| t.index_select(index, 0))
    }
}

#[derive(Clone, Debug)]
struct Block {
    norm1: Norm,
    qkv: Linear,
    proj: Linear,
    norm2: Norm,
    up: Linear,
    down: Linear,
    heads: usize,
}

impl Block {
    fn new(config: &Config, vb: VarBuilder) -> Result<Block> {
        let w = config.width;
        Ok(Block {
            norm1: Norm::new(w, vb.pp("norm1"))?,
            qkv: linear(w, 3 * w, vb.pp("qkv"))?,
            proj: linear(w, w, vb.pp("proj"))?,
            norm2: Norm::new(w, vb.pp("norm2"))?,
            up: linear(w, 4 * w, vb.pp("up"))?,
            down: linear(4 * w, w, vb.pp("down"))?,
            heads: config.heads,
        })
    }

    fn forward(
        &self,
        x: &Tensor,
        mask: Option<&Tensor>,
        cache: &mut Option<(Tensor, Tensor)>,
    ) -> Result<Tensor> {
        let (batch, time, width) = x.dims3()?;
        let head = width / self.heads;
        let qkv = self.qkv.forward(&self.norm1.forward(x)?)?;
        let qkv = qkv
            .reshape((batch, time, 3, self.heads, head))?
            .permute((2, 0, 3, 1, 4))?;
        let q = qkv.get(0)?.contiguous()?;
        let mut k = qkv.get(1)?.contiguous()?;
        let mut v = qkv.get(2)?.contiguous()?;
        if let Some((past_k, past_v)) = cache.as_ref() {
            k = Tensor::cat(&[past_k, &k], 2)?;
            v = Tensor::cat(&[past_v, &v], 2)?;
        }
        *cache = Some((k.clone(), v.clone()));
        #[expect(clippy::cast_precision_loss, reason = "head widths are small")]
        let scale = 1.0 / (head as f64).sqrt();
        let mut scores = (q.matmul(&k.t()?.contiguous()?)? * scale)?;
        if let Some(mask) = mask {
            scores = scores.broadcast_add(mask)?;
        }
        let weights = if fused::is_fusable(&scores) {
            scores.contiguous()?.apply_op1(fused::Softmax)?
        } else {
            candle_nn::ops::softmax(&scores, D::Minus1)?
        };
        let attended = weights
            .matmul(&v)?
            .transpose(1, 2)?
            .reshape((batch, time, width))?;
        let x = (x + self.proj.forward(&attended)?)?;
        let up = self.up.forward(&self.norm2.forward(&x)?)?;
        let hidden = if fused::is_fusable(&up) {
            up.contiguous()?.apply_op1(fused::Gelu)?
        } else {
            up.gelu()?
        };
        x + self.down.forward(&hidden)?
    }
}

/// The transformer: token and position embeddings, blocks, a final norm and
/// a head over the vocabulary.
#[derive(Clone, Debug)]
pub struct Transformer {
    config: Config,
    tokens: Embedding,
    positions: Embedding,
    blocks: Vec<Block>,
    norm: Norm,
    head: Linear,
}

impl Transformer {
    /// Builds (or loads, depending on `vb`) a transformer over `vocab` tokens.
    ///
    /// # Errors
    ///
    /// A candle error naming the weight whose shape does not match.
    pub fn new(config: &Config, vocab: usize, vb: VarBuilder) -> Result<Transformer> {
        let blocks = (0..config.layers)
            .map(|i| Block::new(config, vb.pp(format!("block{i}"))))
            .collect::<Result<_>>()?;
        Ok(Transformer {
            config: *config,
            tokens: embedding(vocab, config.width, vb.pp("tokens"))?,
            positions: embedding(config.context, config.width, vb.pp("positions"))?,
            blocks,
            norm: Norm::new(config.width, vb.pp("norm"))?,
            head: linear(config.width, vocab, vb.pp("head"))?,
        })
    }

    /// Logits `[batch, time, vocab]` for token ids `[batch, time]` (`u32`)
    /// that follow `cache`'s positions; the cache is extended.
    ///
    /// # Errors
    ///
    /// A candle error; positions beyond the context are an error.
    pub fn forward(&self, ids: &Tensor, cache: &mut KvCache) -> Result<Tensor> {
        let (_, time) = ids.dims2()?;
        let offset = cache.len()?;
        if offset + time > self.config.context {
            candle_core::bail!(
                "sequence of {} tokens is longer than the context of {}",
                offset + time,
                self.config.context
            );
        }
        let device = ids.device();
        let positions = Tensor::arange(
            u32::try_from(offset).expect("context fits u32"),
            u32::try_from(offset + time).expect("context fits u32"),
            device,
        )?;
        let mut x = self
            .tokens
            .forward(ids)?
            .broadcast_add(&self.positions.forward(&positions)?)?;
        let mask = (time > 1)
            .then(|| causal_mask(time, offset, device))
            .transpose()?;
        cache.layers.resize(self.blocks.len(), None);
        for (block, layer) in self.blocks.iter().zip(&mut cache.layers) {
            x = block.forward(&x, mask.as_ref(), layer)?;
        }
        self.head.forward(&self.norm.forward(&x)?)
    }

    /// The shape.
    #[must_use]
    pub fn config(&self) -> &Config {
        &self.config
    }
}

/// `[time, offset + time]`: 0 where a query may see a key, -inf after it.
fn causal_mask(time: usize, offset: usize, device: &Device) -> Result<Tensor> {
    let keys = offset + time;
    let values: Vec<f32> = (0..time)
        .flat_map(|q| {
            (0..keys).map(move |k| {
                if k > offset + q {
                    f32::NEG_INFINITY
                } else {
                    0.0
                }
            })
        })
        .collect();
    Tensor::from_vec(values, (time, keys), device)?.to_dtype(DType::F32)
}
