//! Train/test splits of a program set that each isolate one kind of
//! distribution shift, with the distances that show they do.
//!
//! A [`Placed`] set holds every program's coordinates in the syntactic space
//! (pq-gram profiles embedded by randomized SVD) and the semantic space
//! (behaviour on a grid, embedded by PCA). [`split`] then cuts:
//!
//! - [`SplitKind::Iid`]: random train and test.
//! - [`SplitKind::Density`]: same support, different weights: training
//!   programs drawn with weight `exp(-d / τ)` around a random centre in the
//!   semantic space (τ the median distance to it), test programs uniformly
//!   from the rest.
//! - [`SplitKind::SyntacticSupport`]: training programs are the ball around a
//!   random centre in the syntactic space; test programs are farther from
//!   every training program than a radius (the median such distance of the
//!   programs outside the ball), the semantically nearest to the training
//!   set first.
//! - [`SplitKind::SemanticSupport`]: the same with the spaces swapped.
//! - [`SplitKind::Diversity`]: a training set chosen by farthest-point
//!   sampling over both spaces (covering them evenly), test programs random
//!   from the rest: compare with `Iid` at equal size.
//!
//! Every split reports, for each space, the test programs' nearest-neighbour
//! distance to the training set (mean and median), and for the support
//! splits the radius, which every test program lies beyond.

use rand::seq::SliceRandom;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

use crate::dsl::Program;
use crate::space::{embed_profiles, embed_vectors, euclidean, PqGrams, SemanticSpace};

/// A program set with each program's place in both spaces.
#[derive(Clone, Debug)]
pub struct Placed {
    /// The programs.
    pub programs: Vec<Program>,
    /// Syntactic coordinates (pq-gram profiles, randomized SVD).
    pub syntactic: Vec<Vec<f64>>,
    /// Semantic coordinates (behaviour vectors, PCA).
    pub semantic: Vec<Vec<f64>>,
}

impl Placed {
    /// Places `programs` (over at most `num_vars` variables) in both spaces,
    /// `dims` dimensions each.
    ///
    /// # Panics
    ///
    /// When `num_vars` is 0 or above 8, or a program reads a variable past
    /// `num_vars`.
    #[must_use]
    pub fn new(programs: Vec<Program>, num_vars: usize, dims: usize) -> Placed {
        let grams = PqGrams::default();
        let profiles: Vec<_> = programs.iter().map(|p| grams.profile(p)).collect();
        let space = SemanticSpace::new(num_vars);
        let vectors: Vec<Vec<f64>> = programs.iter().map(|p| space.vector(p)).collect();
        Placed {
            syntactic: embed_profiles(&profiles, dims),
            semantic: embed_vectors(&vectors, dims),
            programs,
        }
    }

    /// Number of programs.
    #[must_use]
    pub fn len(&self) -> usize {
        self.programs.len()
    }

    /// Whether there is none.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.programs.is_empty()
    }

    /// Every program's coordinates in both spaces side by side (syntactic
    /// first): the joint space that diversity sampling covers.
    #[must_use]
    pub fn joint(&self) -> Vec<Vec<f64>> {
        self.syntactic
            .iter()
            .zip(&self.semantic)
            .map(|(a, b)| a.iter().chain(b).copied().collect())
            .collect()
    }

    fn space(&self, which: Space) -> &[Vec<f64>] {
        match which {
            Space::Syntactic => &self.syntactic,
            Space::Semantic => &self.semantic,
        }
    }
}

/// One of the two spaces.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Space {
    /// pq-gram profiles.
    Syntactic,
    /// Behaviour on the grid.
    Semantic,
}

/// Which shift a split isolates; see the [module docs](self).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum SplitKind {
    /// No shift.
    Iid,
    /// Same support, different sampling weights.
    Density,
    /// Test beyond the training ball in the syntactic space.
    SyntacticSupport,
    /// Test beyond the training ball in the semantic space.
    SemanticSupport,
    /// Training set covering both spaces evenly.
    Diversity,
}

impl SplitKind {
    /// Every kind, with its command-line name.
    pub const ALL: [(SplitKind, &'static str); 5] = [
        (SplitKind::Iid, "iid"),
        (SplitKind::Density, "density"),
        (SplitKind::SyntacticSupport, "syntactic"),
        (SplitKind::SemanticSupport, "semantic"),
        (SplitKind::Diversity, "diversity"),
    ];
}

/// Nearest-neighbour distances of the test programs to the training set.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Distances {
    /// Mean over test programs.
    pub mean: f64,
    /// Median over test programs.
    pub median: f64,
}

/// A split: indices into the [`Placed`] set, and its measured distances.
#[derive(Clone, Debug, PartialEq)]
pub struct Split {
    /// The kind.
    pub kind: SplitKind,
    /// Training programs.
    pub train: Vec<usize>,
    /// Test programs.
    pub test: Vec<usize>,
    /// Test-to-train nearest-neighbour distances, syntactic space.
    pub syntactic: Distances,
    /// Test-to-train nearest-neighbour distances, semantic space.
    pub semantic: Distances,
    /// For support splits: the training ball's centre, and the radius every
    /// test program's nearest-neighbour distance to the training set exceeds
    /// (the median of that distance over the programs outside the ball).
    pub ball: Option<(usize, f64)>,
    /// For the density split: the centre the training weights favour.
    pub centre: Option<usize>,
}

/// Why a split cannot be cut.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum SplitError {
    /// Fewer programs than the split needs.
    #[error("{wanted} programs wanted (train + test), the set has {have}")]
    TooFew {
        /// Train plus test.
        wanted: usize,
        /// Programs placed.
        have: usize,
    },
    /// A support split found fewer programs beyond the ball than asked.
    #[error("only {found} programs lie beyond the training ball, {wanted} wanted")]
    Beyond {
        /// Found.
        found: usize,
        /// Asked.
        wanted: usize,
    },
}

fn nearest(point: &[f64], set: &[usize], coords: &[Vec<f64>]) -> f64 {
    set.iter()
        .map(|&j| euclidean(point, &coords[j]))
        .fold(f64::INFINITY, f64::min)
}

fn distances(placed: &Placed, train: &[usize], test: &[usize], which: Space) -> Distances {
    let coords = placed.space(which);
    let mut d: Vec<f64> = test
        .iter()
        .map(|&i| nearest(&coords[i], train, coords))
        .collect();
    d.sort_by(f64::total_cmp);
    #[expect(clippy::cast_precision_loss, reason = "set sizes")]
    let mean = d.iter().sum::<f64>() / d.len().max(1) as f64;
    Distances {
        mean,
        median: d.get(d.len() / 2).copied().unwrap_or(0.0),
    }
}

/// Cuts a split of `train` and `test` programs of `kind` from `placed`.
///
/// # Errors
///
/// [`SplitError`] when the set is too small for the sizes asked.
pub fn split(
    placed: &Placed,
    kind: SplitKind,
    train: usize,
    test: usize,
    seed: u64,
) -> Result<Split, SplitError> {
    let n = placed.len();
    if train + test > n || train == 0 {
        return Err(SplitError::TooFew {
            wanted: train + test,
            have: n,
        });
    }
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let mut all: Vec<usize> = (0..n).collect();
    all.shuffle(&mut rng);
    let mut ball = None;
    let mut centre_of_density = None;
    let (train_set, test_set): (Vec<usize>, Vec<usize>) = match kind {
        SplitKind::Iid => (all[..train].to_vec(), all[train..train + test].to_vec()),
        SplitKind::Density => {
            let (train_set, test_set, centre) = density(placed, &all, train, test, &mut rng);
            centre_of_density = Some(centre);
            (train_set, test_set)
        }
        SplitKind::SyntacticSupport | SplitKind::SemanticSupport => {
            let (sets, centre_radius) = support(placed, kind, &all, train, test)?;
            ball = Some(centre_radius);
            sets
        }
        SplitKind::Diversity => diversity(placed, &all, train, test),
    };
    Ok(Split {
        kind,
        syntactic: distances(placed, &train_set, &test_set, Space::Syntactic),
        semantic: distances(placed, &train_set, &test_set, Space::Semantic),
        train: train_set,
        test: test_set,
        ball,
        centre: centre_of_density,
    })
}

/// Training and test indices.
type Indices = (Vec<usize>, Vec<usize>);

/// A ball's centre (an index) and radius.
type Ball = (usize, f64);

/// A density shift: training programs drawn with weights that fall with
/// the semantic distance to a random centre (Efraimidis–Spirakis keys),
/// test programs uniformly from the rest; and the centre.
fn density(
    placed: &Placed,
    all: &[usize],
    train: usize,
    test: usize,
    rng: &mut ChaCha8Rng,
) -> (Vec<usize>, Vec<usize>, usize) {
    let n = placed.len();
    let coords = &placed.semantic;
    let centre = all[0];
    let d: Vec<f64> = (0..n)
        .map(|i| euclidean(&coords[i], &coords[centre]))
        .collect();
    let mut sorted = d.clone();
    sorted.sort_by(f64::total_cmp);
    let tau = sorted[n / 2].max(1e-9);
    // weighted sampling without replacement (Efraimidis–Spirakis keys)
    let mut keyed: Vec<(f64, usize)> = (0..n)
        .map(|i| {
            let u: f64 = rng.random::<f64>().max(f64::MIN_POSITIVE);
            (u.ln() / (-d[i] / tau).exp(), i)
        })
        .collect();
    keyed.sort_by(|a, b| b.0.total_cmp(&a.0));
    let train_set: Vec<usize> = keyed[..train].iter().map(|k| k.1).collect();
    let mut taken = vec![false; n];
    train_set.iter().for_each(|&i| taken[i] = true);
    let rest: Vec<usize> = all.iter().copied().filter(|&i| !taken[i]).collect();
    (train_set, rest[..test].to_vec(), centre)
}

/// A support shift in one space: a training ball around a random centre,
/// test programs beyond the median nearest-neighbour distance to it, the
/// nearest to training in the other space first; and the ball.
fn support(
    placed: &Placed,
    kind: SplitKind,
    all: &[usize],
    train: usize,
    test: usize,
) -> Result<(Indices, Ball), SplitError> {
    let n = placed.len();
    let (inside, other) = if kind == SplitKind::SyntacticSupport {
        (Space::Syntactic, Space::Semantic)
    } else {
        (Space::Semantic, Space::Syntactic)
    };
    let coords = placed.space(inside);
    let centre = all[0];
    let mut by_distance: Vec<(f64, usize)> = (0..n)
        .map(|i| (euclidean(&coords[i], &coords[centre]), i))
        .collect();
    by_distance.sort_by(|a, b| a.0.total_cmp(&b.0));
    let train_set: Vec<usize> = by_distance[..train].iter().map(|k| k.1).collect();
    // the rest by nearest-neighbour distance to the training ball; the
    // radius is the median of those: test programs lie beyond it
    let mut gaps: Vec<(f64, usize)> = by_distance[train..]
        .iter()
        .map(|k| (nearest(&coords[k.1], &train_set, coords), k.1))
        .collect();
    gaps.sort_by(|a, b| a.0.total_cmp(&b.0));
    let radius = gaps.get(gaps.len() / 2).map_or(0.0, |g| g.0);
    let beyond: Vec<usize> = gaps.iter().filter(|g| g.0 > radius).map(|g| g.1).collect();
    if beyond.len() < test {
        return Err(SplitError::Beyond {
            found: beyond.len(),
            wanted: test,
        });
    }
    // the nearest to the training set in the other space first
    let other_coords = placed.space(other);
    let mut near: Vec<(f64, usize)> = beyond
        .iter()
        .map(|&i| (nearest(&other_coords[i], &train_set, other_coords), i))
        .collect();
    near.sort_by(|a, b| a.0.total_cmp(&b.0));
    let test_set = near[..test].iter().map(|k| k.1).collect();
    Ok(((train_set, test_set), (centre, radius)))
}

/// Diverse training programs: farthest-point sampling over both spaces
/// side by side; test programs uniformly from the rest.
fn diversity(
    placed: &Placed,
    all: &[usize],
    train: usize,
    test: usize,
) -> (Vec<usize>, Vec<usize>) {
    let n = placed.len();
    let joint = placed.joint();
    let mut chosen = vec![all[0]];
    let mut taken = vec![false; n];
    taken[all[0]] = true;
    let mut gap: Vec<f64> = (0..n)
        .map(|i| euclidean(&joint[i], &joint[all[0]]))
        .collect();
    while chosen.len() < train {
        let (next, _) = gap
            .iter()
            .enumerate()
            .filter(|(i, _)| !taken[*i])
            .max_by(|a, b| a.1.total_cmp(b.1))
            .expect("more programs than chosen");
        chosen.push(next);
        taken[next] = true;
        for (i, g) in gap.iter_mut().enumerate() {
            *g = g.min(euclidean(&joint[i], &joint[next]));
        }
    }
    let rest: Vec<usize> = all.iter().copied().filter(|&i| !taken[i]).collect();
    (chosen, rest[..test].to_vec())
}

/// Tasks for the programs at `indices`: examples on random inputs (extremes
/// over-represented), `train` to search with and `test` held out, named
/// `{prefix}-{index}`.
#[must_use]
pub fn tasks(
    placed: &Placed,
    indices: &[usize],
    vars: &crate::dsl::Vars,
    train: usize,
    test: usize,
    prefix: &str,
    seed: u64,
) -> Vec<super::Task> {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    indices
        .iter()
        .map(|&i| {
            let program = &placed.programs[i];
            let inputs = crate::dsl::random::random_inputs(vars.len(), train + test, &mut rng);
            let mut examples: Vec<super::Example> = inputs
                .rows()
                .map(|row| super::Example {
                    output: crate::eval::reference::eval(program, &row),
                    inputs: row.to_vec(),
                })
                .collect();
            let held_out = examples.split_off(train);
            super::Task {
                name: format!("{prefix}-{i}"),
                vars: vars.clone(),
                train: examples,
                test: held_out,
                program: Some(program.sexpr(vars).to_string()),
                family: Some(format!("size-{}", program.size())),
                grammar: None,
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dsl::{random::random_programs, Grammar, Vars};

    fn placed() -> Placed {
        let grammar = Grammar::new(Vars::new(["x"]).unwrap());
        let mut programs = Vec::new();
        for size in [1, 3, 5, 7, 9] {
            programs.extend(random_programs(&grammar, size, 60, size as u64));
        }
        Placed::new(programs, 1, 6)
    }

    #[test]
    fn each_split_has_its_stated_property() {
        let placed = placed();
        let (train, test) = (80, 40);
        for (kind, _) in SplitKind::ALL {
            let s = split(&placed, kind, train, test, 3).unwrap();
            assert_eq!((s.train.len(), s.test.len()), (train, test), "{kind:?}");
            assert!(
                s.test.iter().all(|i| !s.train.contains(i)),
                "{kind:?} overlaps"
            );
        }
        // support: every test program beyond the ball, in its own space
        for (kind, space) in [
            (SplitKind::SyntacticSupport, Space::Syntactic),
            (SplitKind::SemanticSupport, Space::Semantic),
        ] {
            let s = split(&placed, kind, train, test, 3).unwrap();
            let (_, radius) = s.ball.unwrap();
            let coords = placed.space(space);
            for &i in &s.test {
                assert!(nearest(&coords[i], &s.train, coords) > radius, "{kind:?}");
            }
        }
        // the support shift moves test away in its space more than iid does
        let iid = split(&placed, SplitKind::Iid, train, test, 3).unwrap();
        let syn = split(&placed, SplitKind::SyntacticSupport, train, test, 3).unwrap();
        assert!(syn.syntactic.mean > iid.syntactic.mean);
        // farthest-point training covers the rest better than a random one:
        // its covering radius (the farthest any other program lies from
        // the training set, in the joint space it samples) is smaller
        let diverse = split(&placed, SplitKind::Diversity, train, test, 3).unwrap();
        let joint = placed.joint();
        let radius = |s: &Split| {
            (0..placed.len())
                .filter(|i| !s.train.contains(i))
                .map(|i| nearest(&joint[i], &s.train, &joint))
                .fold(0.0, f64::max)
        };
        assert!(
            radius(&diverse) < radius(&iid),
            "{} vs {}",
            radius(&diverse),
            radius(&iid)
        );
        // density: training programs nearer the centre than test ones
        let density = split(&placed, SplitKind::Density, train, test, 3).unwrap();
        let centre = density.centre.unwrap();
        let mean_to_centre = |set: &[usize]| {
            set.iter()
                .map(|&i| euclidean(&placed.semantic[i], &placed.semantic[centre]))
                .sum::<f64>()
                / set.len() as f64
        };
        assert!(mean_to_centre(&density.train) < mean_to_centre(&density.test));
        assert!(split(&placed, SplitKind::Iid, 1000, 1, 0).is_err());
    }
}
