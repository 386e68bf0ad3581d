//! Low-dimensional embeddings: PCA of dense rows and randomized truncated
//! SVD of sparse rows (Halko, Martinsson and Tropp 2011), on `nalgebra`'s QR
//! and SVD.

use nalgebra::DMatrix;
use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;
use rand_distr::{Distribution, StandardNormal};

/// Each of the `n` rows' coordinates `U Σ` on the `k` largest singular
/// values, and those values, largest first.
fn top_coordinates(
    u: &DMatrix<f64>,
    singular_values: &nalgebra::DVector<f64>,
    n: usize,
    k: usize,
) -> (Vec<Vec<f64>>, Vec<f64>) {
    let mut order: Vec<usize> = (0..singular_values.len()).collect();
    order.sort_by(|&a, &b| singular_values[b].total_cmp(&singular_values[a]));
    order.truncate(k);
    let coords = (0..n)
        .map(|i| {
            order
                .iter()
                .map(|&c| u[(i, c)] * singular_values[c])
                .collect()
        })
        .collect();
    (coords, order.iter().map(|&c| singular_values[c]).collect())
}

/// A sparse row: (column, value) pairs.
pub type SparseRow = Vec<(usize, f64)>;

/// The top `k` principal components of the rows (centred per column): each
/// row's coordinates, and the singular values. Fewer than `k` dimensions
/// come back when the data has fewer.
#[must_use]
pub fn pca(rows: &[Vec<f64>], k: usize) -> (Vec<Vec<f64>>, Vec<f64>) {
    let n = rows.len();
    let d = rows.first().map_or(0, Vec::len);
    if n == 0 || d == 0 || k == 0 {
        return (vec![Vec::new(); n], Vec::new());
    }
    let mut matrix = DMatrix::from_fn(n, d, |i, j| rows[i][j]);
    for j in 0..d {
        let mean = matrix.column(j).mean();
        matrix.column_mut(j).add_scalar_mut(-mean);
    }
    let svd = matrix.svd(true, false);
    let u = svd.u.expect("asked for U");
    top_coordinates(&u, &svd.singular_values, n, k)
}

/// Randomized truncated SVD of a sparse `n × d` matrix given by rows: each
/// row's coordinates on the top `k` singular directions (`U Σ`), and the
/// singular values. `oversample` extra random directions and `power`
/// iterations sharpen the estimate; `seed` fixes the random projection.
#[must_use]
pub fn randomized_svd(
    rows: &[SparseRow],
    d: usize,
    k: usize,
    oversample: usize,
    power: usize,
    seed: u64,
) -> (Vec<Vec<f64>>, Vec<f64>) {
    let n = rows.len();
    let width = (k + oversample).min(n).min(d);
    if n == 0 || d == 0 || width == 0 {
        return (vec![Vec::new(); n], Vec::new());
    }
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let omega = DMatrix::from_fn(d, width, |_, _| StandardNormal.sample(&mut rng));
    // A x (d × w) and Aᵀ y (n × w), from the sparse rows
    let times = |x: &DMatrix<f64>| {
        DMatrix::from_fn(n, x.ncols(), |i, c| {
            rows[i].iter().map(|&(j, v)| v * x[(j, c)]).sum()
        })
    };
    let transposed_times = |y: &DMatrix<f64>| {
        let mut out = DMatrix::zeros(d, y.ncols());
        for (i, row) in rows.iter().enumerate() {
            for &(j, v) in row {
                for c in 0..y.ncols() {
                    out[(j, c)] += v * y[(i, c)];
                }
            }
        }
        out
    };
    let mut q = times(&omega).qr().q();
    for _ in 0..power {
        let z = transposed_times(&q).qr().q();
        q = times(&z).qr().q();
    }
    // B = Qᵀ A (w × d), as (Aᵀ Q)ᵀ
    let b = transposed_times(&q).transpose();
    let svd = b.svd(true, false);
    let u = &q * svd.u.expect("asked for U");
    top_coordinates(&u, &svd.singular_values, n, k)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn direct_singular_values(dense: &[Vec<f64>]) -> Vec<f64> {
        let m = DMatrix::from_fn(dense.len(), dense[0].len(), |i, j| dense[i][j]);
        let mut s: Vec<f64> = m.singular_values().iter().copied().collect();
        s.sort_by(|a, b| b.total_cmp(a));
        s
    }

    #[test]
    fn randomized_svd_matches_the_direct_one_on_a_low_rank_matrix() {
        // rank 3: rows are combinations of three sparse patterns
        let patterns = [
            vec![(0, 1.0), (3, 2.0)],
            vec![(1, 1.0), (4, -1.0), (6, 3.0)],
            vec![(2, 5.0)],
        ];
        let rows: Vec<SparseRow> = (0..20)
            .map(|i: usize| {
                let mut dense = [0.0; 7];
                for (p, pattern) in patterns.iter().enumerate() {
                    #[expect(clippy::cast_precision_loss)]
                    let w = ((i * (p + 2)) % 5) as f64 - 2.0;
                    for &(j, v) in pattern {
                        dense[j] += w * v;
                    }
                }
                dense
                    .iter()
                    .enumerate()
                    .filter(|(_, v)| **v != 0.0)
                    .map(|(j, &v)| (j, v))
                    .collect()
            })
            .collect();
        let dense: Vec<Vec<f64>> = rows
            .iter()
            .map(|r| {
                let mut d = vec![0.0; 7];
                r.iter().for_each(|&(j, v)| d[j] = v);
                d
            })
            .collect();
        let direct = direct_singular_values(&dense);
        let (coords, values) = randomized_svd(&rows, 7, 3, 2, 1, 9);
        for (a, b) in values.iter().zip(&direct) {
            assert!((a - b).abs() < 1e-8 * direct[0], "{values:?} vs {direct:?}");
        }
        // U Σ reproduces A Aᵀ (distances between rows are kept at full rank)
        for i in 0..20 {
            for j in 0..20 {
                let exact: f64 = dense[i].iter().zip(&dense[j]).map(|(a, b)| a * b).sum();
                let embedded: f64 = coords[i].iter().zip(&coords[j]).map(|(a, b)| a * b).sum();
                assert!((exact - embedded).abs() < 1e-6 * (1.0 + exact.abs()));
            }
        }
    }

    #[test]
    fn pca_finds_the_direction_of_spread() {
        // points on the line y = 2x (plus a constant): one component
        let rows: Vec<Vec<f64>> = (0..10)
            .map(|i| vec![f64::from(i), 2.0 * f64::from(i) + 5.0])
            .collect();
        let (coords, values) = pca(&rows, 2);
        assert!(values[1] < 1e-9 * values[0]);
        // the first coordinate is the position along the line, centred
        let spread: Vec<f64> = coords.iter().map(|c| c[0]).collect();
        let step = spread[1] - spread[0];
        assert!((step.abs() - 5f64.sqrt()).abs() < 1e-9);
        assert!(spread.iter().sum::<f64>().abs() < 1e-9);
    }
}
