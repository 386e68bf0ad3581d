//! The statistics the experiments report: a mean with its 95% confidence
//! interval over seeds, and least-squares laws in log compute with
//! intervals on their coefficients (Student's t throughout: a handful of
//! seeds is far from the normal approximation).

use nalgebra::{DMatrix, DVector};
use statrs::distribution::{ContinuousCDF, StudentsT};

/// The two-sided 95% quantile of Student's t with `df` degrees of freedom
/// (`None` without any).
pub fn t95(df: usize) -> Option<f64> {
    if df == 0 {
        return None;
    }
    #[expect(clippy::cast_precision_loss, reason = "a small count")]
    let df = df as f64;
    StudentsT::new(0.0, 1.0, df)
        .ok()
        .map(|t| t.inverse_cdf(0.975))
}

/// A mean over runs and the half-width of its 95% confidence interval.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Mean {
    pub mean: f64,
    /// `None` from a single run.
    pub half: Option<f64>,
}

impl Mean {
    /// The mean of `values` (`NaN` when empty) with its interval.
    pub fn of(values: &[f64]) -> Mean {
        #[expect(clippy::cast_precision_loss, reason = "a handful of runs")]
        let n = values.len() as f64;
        let mean = values.iter().sum::<f64>() / n;
        let half = t95(values.len().saturating_sub(1)).map(|t| {
            let var = values.iter().map(|v| (v - mean).powi(2)).sum::<f64>() / (n - 1.0);
            t * (var / n).sqrt()
        });
        Mean { mean, half }
    }

    /// `0.123 ± 0.045` (three decimals), or the mean alone.
    pub fn show(&self) -> String {
        match self.half {
            Some(h) => format!("{:.3} ± {h:.3}", self.mean),
            None => format!("{:.3}", self.mean),
        }
    }
}

/// A coefficient of a fitted law and the half-width of its 95% interval.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Coefficient {
    pub value: f64,
    /// `None` when the points leave no degree of freedom for the error.
    pub half: Option<f64>,
}

impl Coefficient {
    /// Whether the interval excludes zero (a coefficient without an
    /// interval is never significant, nor one below 1e-9: rounding, as in
    /// the exact fit of a constant).
    pub fn significant(&self) -> bool {
        self.half
            .is_some_and(|h| self.value.abs() > h && self.value.abs() > 1e-9)
    }

    /// `+0.012 (95% CI -0.004 to +0.028)`.
    pub fn show(&self) -> String {
        match self.half {
            Some(h) => format!(
                "{:+.3} (95% CI {:+.3} to {:+.3})",
                self.value,
                self.value - h,
                self.value + h
            ),
            None => format!("{:+.3} (no interval)", self.value),
        }
    }
}

/// The least-squares polynomial of `degree` in `x` through `points`: its
/// coefficients (constant first) with their intervals, or `None` when the
/// points do not determine it (fewer points than coefficients, or all `x`
/// equal).
pub fn polyfit(points: &[(f64, f64)], degree: usize) -> Option<Vec<Coefficient>> {
    let (n, k) = (points.len(), degree + 1);
    if n < k {
        return None;
    }
    // centre x so that the normal equations stay well conditioned
    #[expect(clippy::cast_precision_loss, reason = "a handful of points")]
    let centre = points.iter().map(|p| p.0).sum::<f64>() / n as f64;
    let design = DMatrix::from_fn(n, k, |i, j| {
        (points[i].0 - centre).powi(i32::try_from(j).unwrap_or(i32::MAX))
    });
    let y = DVector::from_iterator(n, points.iter().map(|p| p.1));
    let gram = design.transpose() * &design;
    let inverse = gram.try_inverse()?;
    if inverse.iter().any(|v| !v.is_finite()) {
        return None;
    }
    let centred = &inverse * design.transpose() * &y;
    let residual = &y - &design * &centred;
    let df = n - k;
    #[expect(clippy::cast_precision_loss, reason = "a handful of points")]
    let sigma2 = (df > 0).then(|| residual.norm_squared() / df as f64);
    // back from powers of (x - centre) to powers of x: binomial expansion
    let mut shift = DMatrix::<f64>::zeros(k, k);
    for j in 0..k {
        for m in 0..=j {
            // (x - c)^j = sum_m C(j, m) x^m (-c)^(j - m)
            let binomial = (0..m).fold(1.0, |acc, i| {
                #[expect(clippy::cast_precision_loss, reason = "tiny integers")]
                let (j, i) = (j as f64, i as f64);
                acc * (j - i) / (i + 1.0)
            });
            shift[(m, j)] = binomial * (-centre).powi(i32::try_from(j - m).unwrap_or(i32::MAX));
        }
    }
    let coefficients = &shift * &centred;
    let covariance = sigma2.map(|s2| &shift * (inverse * s2) * shift.transpose());
    let t = t95(df);
    Some(
        coefficients
            .iter()
            .enumerate()
            .map(|(j, &value)| Coefficient {
                value,
                half: t
                    .zip(covariance.as_ref())
                    .map(|(t, c)| t * c[(j, j)].max(0.0).sqrt()),
            })
            .collect(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn t_quantiles_match_the_tables() {
        assert!(t95(0).is_none());
        assert!((t95(1).unwrap() - 12.706).abs() < 1e-3);
        assert!((t95(2).unwrap() - 4.303).abs() < 1e-3);
        assert!((t95(30).unwrap() - 2.042).abs() < 1e-3);
    }

    #[test]
    fn a_mean_of_three_has_the_t_interval() {
        let m = Mean::of(&[1.0, 2.0, 3.0]);
        assert!((m.mean - 2.0).abs() < 1e-12);
        // sd 1, se 1/sqrt 3, t 4.303
        assert!((m.half.unwrap() - 4.303 / 3f64.sqrt()).abs() < 1e-3);
        assert_eq!(Mean::of(&[0.5]).half, None);
        assert_eq!(Mean::of(&[0.5]).show(), "0.500");
    }

    #[test]
    fn polyfit_recovers_exact_laws_and_widens_with_noise() {
        // y = 0.1 + 0.05 x - 0.01 x^2 around x = 10..14 (log10 FLOPs)
        let exact: Vec<(f64, f64)> = (0..9)
            .map(|i| {
                let x = 10.0 + f64::from(i) * 0.5;
                (x, 0.1 + 0.05 * x - 0.01 * x * x)
            })
            .collect();
        let fit = polyfit(&exact, 2).unwrap();
        assert!((fit[0].value - 0.1).abs() < 1e-6, "{fit:?}");
        assert!((fit[1].value - 0.05).abs() < 1e-7, "{fit:?}");
        assert!((fit[2].value + 0.01).abs() < 1e-9, "{fit:?}");
        assert!(fit[2].half.unwrap() < 1e-9 && fit[2].significant());
        // a straight line with noise: slope near 0.2, curvature not significant
        let noisy: Vec<(f64, f64)> = (0..12)
            .map(|i| {
                let x = f64::from(i);
                (x, 1.0 + 0.2 * x + if i % 2 == 0 { 0.1 } else { -0.1 })
            })
            .collect();
        let line = polyfit(&noisy, 1).unwrap();
        assert!((line[1].value - 0.2).abs() < 0.02 && line[1].significant());
        let bent = polyfit(&noisy, 2).unwrap();
        assert!(!bent[2].significant(), "{bent:?}");
        // too few points, or no spread in x
        assert!(polyfit(&exact[..2], 2).is_none());
        assert!(polyfit(&[(1.0, 1.0), (1.0, 2.0), (1.0, 3.0)], 1).is_none());
        // a constant has neither slope nor bend
        let flat: Vec<(f64, f64)> = (0..6)
            .map(|i| (f64::from(i).mul_add(0.7, 9.0), 0.4))
            .collect();
        let flat = polyfit(&flat, 2).unwrap();
        assert!(!flat[1].significant() && !flat[2].significant(), "{flat:?}");
    }
}
