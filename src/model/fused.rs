//! Fused CPU kernels with a backward pass, for training on the CPU.
//!
//! candle's CPU backend runs one pass over memory per tensor operation, and
//! its own fused `layer_norm` and `softmax_last_dim` record no backward
//! pass (a gradient silently stops there), so the transformer used to build
//! both from a chain of differentiable operations: nine for a layer norm
//! and five for a softmax, each with its own backward. Here each is one
//! pass forward and one pass backward, over the last dimension of a
//! contiguous `f32` tensor; and GELU, whose backward in candle is eight
//! operations with `powf` (a profile of a training step put GELU at a
//! sixth of the time), is one pass each way. Other devices and dtypes keep the chains
//! (the callers check [`is_fusable`]).

use candle_core::{
    CpuStorage, CustomOp1, CustomOp2, CustomOp3, DType, Layout, Result, Shape, Tensor,
};

/// Whether a tensor can take the fused path: on the CPU, `f32`.
pub(crate) fn is_fusable(x: &Tensor) -> bool {
    x.device().is_cpu() && x.dtype() == DType::F32
}

/// The rows of a contiguous `f32` storage, and the row width.
fn rows<'s>(storage: &'s CpuStorage, layout: &Layout) -> Result<(&'s [f32], usize)> {
    let CpuStorage::F32(all) = storage else {
        candle_core::bail!("fused kernels take f32 tensors")
    };
    let Some((start, end)) = layout.contiguous_offsets() else {
        candle_core::bail!("fused kernels take contiguous tensors")
    };
    let width = layout.dims().last().copied().unwrap_or(1).max(1);
    Ok((&all[start..end], width))
}

/// The rows of several same-shaped inputs of one kernel, and the row width
/// (of the first); `name` says which kernel in the error.
fn same_rows<'s, const N: usize>(
    name: &str,
    inputs: [(&'s CpuStorage, &Layout); N],
) -> Result<([&'s [f32]; N], usize)> {
    let mut slices = [&[][..]; N];
    let mut width = 1;
    for (i, (storage, layout)) in inputs.into_iter().enumerate() {
        let (slice, w) = rows(storage, layout)?;
        if i == 0 {
            width = w;
        } else if slice.len() != slices[0].len() {
            candle_core::bail!(
                "{name}: input {i} has {} values, the first {}",
                slice.len(),
                slices[0].len()
            )
        }
        slices[i] = slice;
    }
    Ok((slices, width))
}

/// `(x - mean) / sqrt(var + eps)` along the last dimension.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Standardize {
    pub(crate) eps: f32,
}

#[expect(
    clippy::cast_precision_loss,
    reason = "row widths are model widths, far below 2^24"
)]
fn inverse_std(row: &[f32], eps: f32) -> (f32, f32) {
    let n = row.len() as f32;
    let mean = row.iter().sum::<f32>() / n;
    let variance = row.iter().map(|v| (v - mean) * (v - mean)).sum::<f32>() / n;
    (mean, 1.0 / (variance + eps).sqrt())
}

impl CustomOp1 for Standardize {
    fn name(&self) -> &'static str {
        "standardize"
    }

    fn cpu_fwd(&self, storage: &CpuStorage, layout: &Layout) -> Result<(CpuStorage, Shape)> {
        let (x, width) = rows(storage, layout)?;
        let mut out = Vec::with_capacity(x.len());
        for row in x.chunks_exact(width) {
            let (mean, rstd) = inverse_std(row, self.eps);
            out.extend(row.iter().map(|v| (v - mean) * rstd));
        }
        Ok((CpuStorage::F32(out), layout.shape().clone()))
    }

    /// `dx = rstd · (g − mean(g) − y · mean(g·y))`, in one pass.
    /// (`y` and `rstd` are recomputed from `x` inside the kernel.)
    fn bwd(&self, arg: &Tensor, _res: &Tensor, grad_res: &Tensor) -> Result<Option<Tensor>> {
        let arg = arg.contiguous()?;
        let grad = grad_res.contiguous()?;
        Ok(Some(
            arg.apply_op2_no_bwd(&grad, &StandardizeBackward(*self))?,
        ))
    }
}

/// The gradient of [`Standardize`] from its input and the output's gradient.
#[derive(Clone, Copy, Debug)]
struct StandardizeBackward(Standardize);

impl CustomOp2 for StandardizeBackward {
    fn name(&self) -> &'static str {
        "standardize-backward"
    }

    #[expect(
        clippy::cast_precision_loss,
        reason = "row widths are model widths, far below 2^24"
    )]
    fn cpu_fwd(
        &self,
        s1: &CpuStorage,
        l1: &Layout,
        s2: &CpuStorage,
        l2: &Layout,
    ) -> Result<(CpuStorage, Shape)> {
        let ([x, g], width) = same_rows(self.name(), [(s1, l1), (s2, l2)])?;
        let n = width as f32;
        let mut out = Vec::with_capacity(x.len());
        for (row, grad) in x.chunks_exact(width).zip(g.chunks_exact(width)) {
            let (mean, rstd) = inverse_std(row, self.0.eps);
            let mean_g = grad.iter().sum::<f32>() / n;
            let mean_gy = row
                .iter()
                .zip(grad)
                .map(|(v, g)| g * (v - mean) * rstd)
                .sum::<f32>()
                / n;
            out.extend(
                row.iter()
                    .zip(grad)
                    .map(|(v, g)| rstd * (g - mean_g - (v - mean) * rstd * mean_gy)),
            );
        }
        Ok((CpuStorage::F32(out), l1.shape().clone()))
    }
}

/// Softmax along the last dimension.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Softmax;

impl CustomOp1 for Softmax {
    fn name(&self) -> &'static str {
        "softmax-last-dim"
    }

    fn cpu_fwd(&self, storage: &CpuStorage, layout: &Layout) -> Result<(CpuStorage, Shape)> {
        let (x, width) = rows(storage, layout)?;
        let mut out = Vec::with_capacity(x.len());
        for row in x.chunks_exact(width) {
            let max = row.iter().copied().fold(f32::NEG_INFINITY, f32::max);
            let start = out.len();
            out.extend(row.iter().map(|v| (v - max).exp()));
            let total: f32 = out[start..].iter().sum();
            for v in &mut out[start..] {
                *v /= total;
            }
        }
        Ok((CpuStorage::F32(out), layout.shape().clone()))
    }

    /// `dx = y · (g − Σ g·y)`, in one pass.
    fn bwd(&self, _arg: &Tensor, res: &Tensor, grad_res: &Tensor) -> Result<Option<Tensor>> {
        let res = res.contiguous()?;
        let grad = grad_res.contiguous()?;
        Ok(Some(res.apply_op2_no_bwd(&grad, &SoftmaxBackward)?))
    }
}

/// The gradient of [`Softmax`] from its output and the output's gradient.
#[derive(Clone, Copy, Debug)]
struct SoftmaxBackward;

impl CustomOp2 for SoftmaxBackward {
    fn name(&self) -> &'static str {
        "softmax-last-dim-backward"
    }

    fn cpu_fwd(
        &self,
        s1: &CpuStorage,
        l1: &Layout,
        s2: &CpuStorage,
        l2: &Layout,
    ) -> Result<(CpuStorage, Shape)> {
        let ([y, g], width) = same_rows(self.name(), [(s1, l1), (s2, l2)])?;
        let mut out = Vec::with_capacity(y.len());
        for (row, grad) in y.chunks_exact(width).zip(g.chunks_exact(width)) {
            let dot: f32 = row.iter().zip(grad).map(|(y, g)| y * g).sum();
            out.extend(row.iter().zip(grad).map(|(y, g)| y * (g - dot)));
        }
        Ok((CpuStorage::F32(out), l1.shape().clone()))
    }
}

/// GELU, the tanh approximation (as candle's `Tensor::gelu`, whose
/// backward pass takes eight operations of `powf` and `tanh`).
#[derive(Clone, Copy, Debug)]
pub(crate) struct Gelu;

const SQRT_TWO_OVER_PI: f32 = 0.797_884_6;

fn gelu_inner(x: f32) -> f32 {
    SQRT_TWO_OVER_PI * x * (1.0 + 0.044_715 * x * x)
}

impl CustomOp1 for Gelu {
    fn name(&self) -> &'static str {
        "gelu-tanh"
    }

    fn cpu_fwd(&self, storage: &CpuStorage, layout: &Layout) -> Result<(CpuStorage, Shape)> {
        let (x, _) = rows(storage, layout)?;
        let out = x
            .iter()
            .map(|&v| 0.5 * v * (1.0 + gelu_inner(v).tanh()))
            .collect();
        Ok((CpuStorage::F32(out), layout.shape().clone()))
    }

    /// `dx = g · (½ + ½·t + (0.0535·x³ + 0.3989·x)·(1 − t²))` with
    /// `t = tanh(u)` read back from the output (`y = ½·x·(1 + t)`), so the
    /// backward pass computes no `tanh` but near zero.
    fn bwd(&self, arg: &Tensor, res: &Tensor, grad_res: &Tensor) -> Result<Option<Tensor>> {
        let arg = arg.contiguous()?;
        let res = res.contiguous()?;
        let grad = grad_res.contiguous()?;
        Ok(Some(arg.apply_op3_no_bwd(&res, &grad, &GeluBackward)?))
    }
}

/// The gradient of [`Gelu`] from its input, its output and the output's
/// gradient.
#[derive(Clone, Copy, Debug)]
struct GeluBackward;

impl CustomOp3 for GeluBackward {
    fn name(&self) -> &'static str {
        "gelu-tanh-backward"
    }

    fn cpu_fwd(
        &self,
        s1: &CpuStorage,
        l1: &Layout,
        s2: &CpuStorage,
        l2: &Layout,
        s3: &CpuStorage,
        l3: &Layout,
    ) -> Result<(CpuStorage, Shape)> {
        let ([x, y, g], _) = same_rows(self.name(), [(s1, l1), (s2, l2), (s3, l3)])?;
        let out = x
            .iter()
            .zip(y)
            .zip(g)
            .map(|((&v, &y), &g)| {
                let t = if v.abs() > 1e-2 {
                    2.0 * y / v - 1.0
                } else {
                    gelu_inner(v).tanh()
                };
                let cube = v * v * v;
                g * (0.5 + 0.5 * t + (0.053_516_1 * cube + 0.398_942 * v) * (1.0 - t * t))
            })
            .collect();
        Ok((CpuStorage::F32(out), l1.shape().clone()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use candle_core::{Device, Var, D};

    fn composite_norm(x: &Tensor) -> Result<Tensor> {
        let mean = x.mean_keepdim(D::Minus1)?;
        let centered = x.broadcast_sub(&mean)?;
        let variance = centered.sqr()?.mean_keepdim(D::Minus1)?;
        centered.broadcast_div(&(variance + 1e-5)?.sqrt()?)
    }

    fn close(a: &Tensor, b: &Tensor) {
        let a: Vec<f32> = a.flatten_all().unwrap().to_vec1().unwrap();
        let b: Vec<f32> = b.flatten_all().unwrap().to_vec1().unwrap();
        assert_eq!(a.len(), b.len());
        for (x, y) in a.iter().zip(&b) {
            assert!((x - y).abs() <= 1e-4 * (1.0 + y.abs()), "{x} vs {y}");
        }
    }

    /// Values and gradients equal those of the chains of candle operations
    /// they replace (a weighted sum as the loss, so every gradient differs).
    #[test]
    fn fused_kernels_match_the_differentiable_chains() {
        let device = Device::Cpu;
        let x = Var::from_tensor(
            &(Tensor::randn(0f32, 3.0, (2, 5, 16), &device).unwrap() + 1.5).unwrap(),
        )
        .unwrap();
        let weights = Tensor::randn(0f32, 1.0, (2, 5, 16), &device).unwrap();
        type Pair = (fn(&Tensor) -> Result<Tensor>, fn(&Tensor) -> Result<Tensor>);
        let pairs: [Pair; 3] = [
            (|x| x.apply_op1(Gelu), Tensor::gelu),
            (|x| x.apply_op1(Standardize { eps: 1e-5 }), composite_norm),
            (
                |x| x.apply_op1(Softmax),
                |x| candle_nn::ops::softmax(x, D::Minus1),
            ),
        ];
        for (fused, chain) in pairs {
            let a = fused(x.as_tensor()).unwrap();
            let b = chain(x.as_tensor()).unwrap();
            close(&a, &b);
            let grad = |y: Tensor| {
                let loss = (y * &weights).unwrap().sum_all().unwrap();
                loss.backward().unwrap().get(x.as_tensor()).unwrap().clone()
            };
            close(&grad(a), &grad(b));
        }
        // a row of -inf but one (a causal mask's first row) stays finite
        let masked = Tensor::new(&[[0f32, f32::NEG_INFINITY, f32::NEG_INFINITY]], &device).unwrap();
        let y: Vec<f32> = masked
            .apply_op1(Softmax)
            .unwrap()
            .flatten_all()
            .unwrap()
            .to_vec1()
            .unwrap();
        assert_eq!(y, vec![1.0, 0.0, 0.0]);
    }
}
