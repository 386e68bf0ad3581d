//! Metric spaces over programs: where a program sits syntactically (its
//! pq-gram profile) and semantically (its behaviour on a fixed input grid),
//! low-dimensional embeddings of many programs, and how far a program is
//! from a set (the measure of how far out of distribution it is).
//!
//! ```
//! use arithsynth::space::{nearest_distance, PqGrams, SemanticSpace};
//! use arithsynth::{Program, Vars};
//! let vars = Vars::new(["x"])?;
//! let parse = |t: &str| Program::parse(t, &vars);
//! let train = [parse("(+ x 1)")?, parse("(* x x)")?];
//! // syntactically, (+ x 2) is near (+ x 1); semantically, (+ 1 x) is (+ x 1)
//! let grams = PqGrams::default();
//! let profiles: Vec<_> = train.iter().map(|p| grams.profile(p)).collect();
//! let near = grams.profile(&parse("(+ x 2)")?);
//! let d = nearest_distance(&profiles, |q| near.distance(q));
//! assert!(d < 0.7);
//! let space = SemanticSpace::new(1);
//! let vectors: Vec<_> = train.iter().map(|p| space.vector(p)).collect();
//! let same = space.vector(&parse("(+ 1 x)")?);
//! assert!(nearest_distance(&vectors, |v| SemanticSpace::distance(&same, v)) < 1e-12);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

pub mod linalg;
mod pqgram;

pub use pqgram::{gram_hash, PqGrams, Profile};

use crate::dsl::{Inputs, Program, MAX_VARS};
use crate::eval::Compiled;

/// Behaviour vectors: a program's outputs on a fixed grid of inputs,
/// z-scored (mean 0, standard deviation 1; a constant program is all
/// zeros), so that the space compares shapes rather than scales.
#[derive(Clone, Debug)]
pub struct SemanticSpace {
    grid: Inputs,
}

impl SemanticSpace {
    /// The default grid for `num_vars` variables: every point of
    /// `-8..=8` (one variable, 17 points), `-4..=4` squared (two, 81),
    /// `-2..=2` cubed (three, 125), and 128 fixed pseudo-random points of
    /// `-8..=8` beyond.
    ///
    /// # Panics
    ///
    /// When `num_vars` is 0 or above [`MAX_VARS`].
    #[must_use]
    pub fn new(num_vars: usize) -> SemanticSpace {
        assert!(
            (1..=MAX_VARS).contains(&num_vars),
            "1 to {MAX_VARS} variables"
        );
        let rows: Vec<Vec<i64>> = match num_vars {
            1 => (-8..=8).map(|x| vec![x]).collect(),
            2 => (-4..=4)
                .flat_map(|x| (-4..=4).map(move |y| vec![x, y]))
                .collect(),
            3 => (-2..=2)
                .flat_map(|x| (-2..=2).flat_map(move |y| (-2..=2).map(move |z| vec![x, y, z])))
                .collect(),
            n => {
                use rand::{Rng, SeedableRng};
                let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(0x5e11);
                (0..128)
                    .map(|_| (0..n).map(|_| rng.random_range(-8..=8)).collect())
                    .collect()
            }
        };
        SemanticSpace::with_grid(
            Inputs::from_rows(num_vars, rows.iter().map(Vec::as_slice)).expect("rows of one arity"),
        )
    }

    /// A space on a grid of one's own.
    #[must_use]
    pub fn with_grid(grid: Inputs) -> SemanticSpace {
        SemanticSpace { grid }
    }

    /// The grid.
    #[must_use]
    pub fn grid(&self) -> &Inputs {
        &self.grid
    }

    /// The z-scored outputs of `program` on the grid.
    ///
    /// # Panics
    ///
    /// When the program reads a variable the grid lacks.
    #[must_use]
    pub fn vector(&self, program: &Program) -> Vec<f64> {
        let compiled = Compiled::new(program);
        let mut cache = compiled.create_cache();
        #[expect(clippy::cast_precision_loss, reason = "a behaviour vector, not exact")]
        let outputs: Vec<f64> = compiled
            .eval_to_vec(&mut cache, &self.grid)
            .into_iter()
            .map(|v| v as f64)
            .collect();
        zscore(outputs)
    }

    /// Euclidean distance between two behaviour vectors, divided by the
    /// square root of their length (so 0 to about 2, whatever the grid).
    #[must_use]
    pub fn distance(a: &[f64], b: &[f64]) -> f64 {
        #[expect(clippy::cast_precision_loss, reason = "grid sizes are small")]
        let n = a.len().max(1) as f64;
        (a.iter().zip(b).map(|(x, y)| (x - y).powi(2)).sum::<f64>() / n).sqrt()
    }
}

/// Mean 0 and standard deviation 1; all zeros when constant.
fn zscore(mut values: Vec<f64>) -> Vec<f64> {
    #[expect(clippy::cast_precision_loss, reason = "grid sizes are small")]
    let n = values.len().max(1) as f64;
    let mean = values.iter().sum::<f64>() / n;
    let sd = (values.iter().map(|v| (v - mean).powi(2)).sum::<f64>() / n).sqrt();
    if !(sd.is_finite() && sd > 1e-12 * mean.abs().max(1.0)) {
        return vec![0.0; values.len()];
    }
    for v in &mut values {
        *v = (*v - mean) / sd;
    }
    values
}

/// The smallest `distance` from a point to the members of `set` (infinity
/// for an empty set): a test program's distance to the training set.
pub fn nearest_distance<T>(set: &[T], distance: impl Fn(&T) -> f64) -> f64 {
    set.iter().map(distance).fold(f64::INFINITY, f64::min)
}

/// Euclidean distance between two embedded points.
#[must_use]
pub fn euclidean(a: &[f64], b: &[f64]) -> f64 {
    a.iter()
        .zip(b)
        .map(|(x, y)| (x - y).powi(2))
        .sum::<f64>()
        .sqrt()
}

/// Embeds pq-gram profiles in `k` dimensions by randomized truncated SVD of
/// their count vectors (fixed seed).
#[must_use]
pub fn embed_profiles(profiles: &[Profile], k: usize) -> Vec<Vec<f64>> {
    // columns in order of first appearance, grams sorted within a profile:
    // the same profiles give the same matrix in every process
    let mut columns = std::collections::HashMap::new();
    let rows: Vec<linalg::SparseRow> = profiles
        .iter()
        .map(|profile| {
            let mut grams: Vec<(u64, u32)> = profile.counts().collect();
            grams.sort_unstable();
            grams
                .into_iter()
                .map(|(gram, count)| {
                    let next = columns.len();
                    (*columns.entry(gram).or_insert(next), f64::from(count))
                })
                .collect()
        })
        .collect();
    linalg::randomized_svd(&rows, columns.len(), k, 8, 2, 0x5bd).0
}

/// Embeds behaviour vectors in `k` dimensions by PCA.
#[must_use]
pub fn embed_vectors(vectors: &[Vec<f64>], k: usize) -> Vec<Vec<f64>> {
    linalg::pca(vectors, k).0
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dsl::Vars;

    #[test]
    fn semantic_vectors_see_shape_not_scale_and_handle_constants() {
        let vars = Vars::new(["x"]).unwrap();
        let space = SemanticSpace::new(1);
        let v = |t: &str| space.vector(&Program::parse(t, &vars).unwrap());
        // 2x + 1 and x have the same shape after z-scoring
        assert!(SemanticSpace::distance(&v("(+ (* 2 x) 1)"), &v("x")) < 1e-12);
        assert!(v("3").iter().all(|&z| z == 0.0));
        assert!(SemanticSpace::distance(&v("x"), &v("(* x x)")) > 0.5);
        let z = v("(* x x)");
        assert!(z.iter().sum::<f64>().abs() < 1e-9);
    }

    #[test]
    fn embeddings_keep_near_things_near() {
        let vars = Vars::new(["x", "y"]).unwrap();
        let texts = [
            "(+ x y)",
            "(+ x (+ y 1))",
            "(* x y)",
            "(* x (* y 2))",
            "(mod x 3)",
            "(mod (+ x 1) 3)",
        ];
        let programs: Vec<Program> = texts
            .iter()
            .map(|t| Program::parse(t, &vars).unwrap())
            .collect();
        let grams = PqGrams::default();
        let profiles: Vec<Profile> = programs.iter().map(|p| grams.profile(p)).collect();
        let points = embed_profiles(&profiles, 4);
        assert_eq!(points.len(), 6);
        assert!(points.iter().all(|p| p.len() == 4));
        let space = SemanticSpace::new(2);
        let vectors: Vec<Vec<f64>> = programs.iter().map(|p| space.vector(p)).collect();
        let sem = embed_vectors(&vectors, 3);
        // (+ x y) is nearer (+ x (+ y 1)) than (mod x 3) in both spaces
        assert!(euclidean(&points[0], &points[1]) < euclidean(&points[0], &points[4]));
        assert!(euclidean(&sem[0], &sem[1]) < euclidean(&sem[0], &sem[4]));
    }
}
