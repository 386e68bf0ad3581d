//! A learned ranker: weighted features of a fitting program, the weights
//! fitted on tasks of the training distribution.
//!
//! With few examples many programs fit, and the smallest is often not the
//! one meant: a `div`/`mod` trick of the size of the clamp a person meant,
//! parity taken modulo 4 where 2 was meant. [`Features`] counts what tells
//! such programs apart (size, depth, divisions and their divisors,
//! products, branches, constants, unused variables); [`Learned`] scores a
//! program by a weighted sum of them. [`fit`] finds the weights from
//! groups of candidates that fit one task each, some right and some wrong
//! on held-out examples: a pairwise logistic model (each right candidate
//! should score above each wrong one of its task), fitted by Newton's
//! method with a small L2 penalty. The weights [`Learned::default`] ships
//! were fitted by `arithsynth fit-ranker` on enumerated tasks of the
//! model's training split, never on an evaluation set; the groups they were
//! fitted on ship in `examples/ranker/groups.jsonl`, and a test refits
//! them. Measured there, they do not beat Occam's choice at the top
//! ([`DEFAULT_WEIGHTS`] has the figures): [`Occam`](super::Occam) stays the
//! default, and `fit-ranker` fits weights for a tool's own distribution of
//! tasks.
//!
//! ```
//! use arithsynth::search::{beyond_rows, rank, Learned, Spec};
//! use arithsynth::{Example, Grammar, Program, Vars};
//!
//! // parity, or the remainder by 4? both fit, both of size 3
//! let grammar = Grammar::builder().vars(["x"]).literals([2, 4]).build()?;
//! let train = [(0, 0), (1, 1), (4, 0), (5, 1), (8, 0), (13, 1)].map(|(x, y)| Example::new([x], y));
//! let spec = Spec::new(grammar, train.to_vec(), Vec::new())?;
//! let programs = ["(mod x 4)", "(mod x 2)"]
//!     .map(|p| Program::parse(p, spec.vars()).unwrap())
//!     .to_vec();
//! let ranked = rank(&spec, programs, &Learned::default(), &beyond_rows(&spec, 8));
//! assert_eq!(ranked[0].program.sexpr(spec.vars()).to_string(), "(mod x 2)");
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use nalgebra::{DMatrix, DVector};

use super::{Ranker, Spec};
use crate::dsl::{Node, Op, Program};

/// How many features a program has.
pub const FEATURES: usize = 13;

/// What a ranker weighs of a fitting program.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Features {
    /// Nodes.
    pub size: f64,
    /// Depth.
    pub depth: f64,
    /// Sum over literals of `log2(1 + |value|)`.
    pub literal_bits: f64,
    /// Literals other than −1, 0 and 1.
    pub constants: f64,
    /// `div` nodes.
    pub divisions: f64,
    /// `mod` nodes.
    pub modulos: f64,
    /// Sum over `div` and `mod` nodes by a literal of `log2 |divisor|`.
    pub divisor_bits: f64,
    /// `div` and `mod` nodes whose divisor is not a literal.
    pub expression_divisors: f64,
    /// `*` nodes.
    pub products: f64,
    /// `ite`, `min` and `max` nodes.
    pub branches: f64,
    /// `neg`, `abs` and `-` nodes.
    pub signs: f64,
    /// Variables of the spec the program does not read.
    pub unused_vars: f64,
    /// The model's log-probability of the program given the examples
    /// (at least [`LOG_PROB_FLOOR`]); 0 without a model, which leaves the
    /// ranking to the other features (every candidate alike).
    pub log_prob: f64,
}

/// The least log-probability feature: programs the model cannot write
/// (a literal without a token, too long) get it.
pub const LOG_PROB_FLOOR: f64 = -100.0;

impl Features {
    /// The names of [`Features::to_array`]'s entries, in order.
    pub const NAMES: [&'static str; FEATURES] = [
        "size",
        "depth",
        "literal_bits",
        "constants",
        "divisions",
        "modulos",
        "divisor_bits",
        "expression_divisors",
        "products",
        "branches",
        "signs",
        "unused_vars",
        "log_prob",
    ];

    /// The features of `program` under `spec`.
    #[must_use]
    pub fn of(spec: &Spec, program: &Program) -> Features {
        let nodes = program.nodes();
        let mut features = Features {
            size: count(program.size()),
            depth: count(program.depth()),
            ..Features::default()
        };
        let mut read = [false; crate::dsl::MAX_VARS];
        for (index, &node) in nodes.iter().enumerate() {
            match node {
                Node::Lit(value) => {
                    features.literal_bits += bits(value);
                    if !(-1..=1).contains(&value) {
                        features.constants += 1.0;
                    }
                }
                Node::Var(var) => read[usize::from(var) % read.len()] = true,
                Node::Op(op @ (Op::Div | Op::Mod)) => {
                    if op == Op::Div {
                        features.divisions += 1.0;
                    } else {
                        features.modulos += 1.0;
                    }
                    // postfix: the divisor is the node just before
                    match index.checked_sub(1).map(|i| nodes[i]) {
                        Some(Node::Lit(divisor)) => {
                            features.divisor_bits += bits(divisor) - 1.0;
                        }
                        _ => features.expression_divisors += 1.0,
                    }
                }
                Node::Op(Op::Mul) => features.products += 1.0,
                Node::Op(Op::Ite(_) | Op::Min | Op::Max) => features.branches += 1.0,
                Node::Op(Op::Neg | Op::Abs | Op::Sub) => features.signs += 1.0,
                Node::Op(Op::Add) => {}
            }
        }
        let vars = spec.vars().len().min(read.len());
        features.unused_vars = count(read[..vars].iter().filter(|r| !**r).count());
        features
    }

    /// The features in the order of [`Features::NAMES`].
    #[must_use]
    pub fn to_array(&self) -> [f64; FEATURES] {
        [
            self.size,
            self.depth,
            self.literal_bits,
            self.constants,
            self.divisions,
            self.modulos,
            self.divisor_bits,
            self.expression_divisors,
            self.products,
            self.branches,
            self.signs,
            self.unused_vars,
            self.log_prob,
        ]
    }
}

/// `log2(1 + |value|)`.
fn bits(value: i64) -> f64 {
    #[expect(clippy::cast_precision_loss, reason = "a magnitude")]
    let magnitude = value.unsigned_abs() as f64;
    (1.0 + magnitude).log2()
}

fn count(n: usize) -> f64 {
    u32::try_from(n).map_or(f64::from(u32::MAX), f64::from)
}

/// The weights [`Learned::default`] ships, in the order of
/// [`Features::NAMES`], the `log_prob` feature from the embedded model.
/// Fitted on 1500 enumerated tasks of the model's training split
/// (`make-tasks --max-size 13 --count 1500 --seed 101`), solved by
/// `solve --strategy hybrid-alternatives --window 2 --keep 8
/// --extra-effort 1 --budget 1s`, then `fit-ranker`: 431 of them have a
/// right and a wrong candidate. On those, held out five-fold, the weights
/// put a right program first on 357 and in the top three on 421; Occam's
/// choice does 361 and 414 (refitted for the embedded model of
/// 2026-12-03: `fit-ranker` recomputes the `log_prob` feature with it). On this distribution the ranker does not beat
/// Occam at the top; it is a baseline to fit on a tool's own tasks.
pub const DEFAULT_WEIGHTS: [f64; FEATURES] = [
    -0.760_373_838_682_027_1,
    -0.373_460_985_247_617_45,
    -0.392_531_251_298_367_4,
    0.410_917_700_922_744_8,
    0.187_925_660_642_817_46,
    -0.206_554_467_734_257_5,
    0.138_756_359_247_595_94,
    -0.333_920_598_216_123_2,
    -0.120_195_484_018_371_03,
    0.0,
    -0.187_181_423_752_167_8,
    -0.133_318_554_646_818_24,
    0.095_522_160_993_219_4,
];

/// A ranker that scores a program by a weighted sum of its [`Features`];
/// with a model attached ([`Learned::with_model`]), the model's
/// log-probability of the program given the examples is one of them.
#[derive(Clone)]
pub struct Learned {
    weights: [f64; FEATURES],
    #[cfg(feature = "neural")]
    model: Option<std::sync::Arc<crate::model::Model>>,
}

impl std::fmt::Debug for Learned {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let mut out = f.debug_struct("Learned");
        out.field("weights", &self.weights);
        #[cfg(feature = "neural")]
        out.field("model", &self.model.is_some());
        out.finish()
    }
}

/// Same weights (and whether a model is attached).
impl PartialEq for Learned {
    fn eq(&self, other: &Learned) -> bool {
        #[cfg(feature = "neural")]
        if self.model.is_some() != other.model.is_some() {
            return false;
        }
        self.weights == other.weights
    }
}

impl Learned {
    /// A ranker with these weights (in the order of [`Features::NAMES`]),
    /// without a model.
    #[must_use]
    pub fn new(weights: [f64; FEATURES]) -> Learned {
        Learned {
            weights,
            #[cfg(feature = "neural")]
            model: None,
        }
    }

    /// The same weights, with `model`'s log-probability as the
    /// `log_prob` feature.
    #[cfg(feature = "neural")]
    #[must_use]
    pub fn with_model(mut self, model: std::sync::Arc<crate::model::Model>) -> Learned {
        self.model = Some(model);
        self
    }

    /// The features of `program` under `spec`, the log-probability from
    /// the attached model if any.
    #[must_use]
    pub fn features(&self, spec: &Spec, program: &Program) -> Features {
        let features = Features::of(spec, program);
        #[cfg(feature = "neural")]
        if let Some(model) = &self.model {
            return Features {
                log_prob: log_prob(model, spec, program),
                ..features
            };
        }
        features
    }

    /// The weights.
    #[must_use]
    pub fn weights(&self) -> &[f64; FEATURES] {
        &self.weights
    }

    /// The score of features `x`.
    #[must_use]
    pub fn score_features(&self, x: &[f64; FEATURES]) -> f64 {
        self.weights.iter().zip(x).map(|(w, x)| w * x).sum()
    }
}

/// The shipped weights, [`DEFAULT_WEIGHTS`].
impl Default for Learned {
    fn default() -> Self {
        Learned::new(DEFAULT_WEIGHTS)
    }
}

impl Ranker for Learned {
    fn name(&self) -> &str {
        "learned"
    }

    fn score(&self, spec: &Spec, program: &Program) -> f64 {
        self.score_features(&self.features(spec, program).to_array())
    }
}

/// The model's log-probability of `program` given `spec`'s training
/// examples, at least [`LOG_PROB_FLOOR`] (also when it cannot write it or
/// fails).
#[cfg(feature = "neural")]
#[must_use]
pub fn log_prob(model: &crate::model::Model, spec: &Spec, program: &Program) -> f64 {
    let sampler = crate::model::Sampler::new(model, spec.grammar());
    let tokens = crate::model::SamplerConfig::default().max_program_tokens;
    match sampler.log_prob(spec.train(), program, tokens) {
        Ok(Some(lp)) if lp.is_finite() => lp.max(LOG_PROB_FLOOR),
        _ => LOG_PROB_FLOOR,
    }
}

/// The candidates that fit one task: each one's features, and whether it is
/// right on the held-out examples. Listed in the order a tie keeps (Occam's:
/// smaller first).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Group {
    /// Each candidate's features.
    pub features: Vec<[f64; FEATURES]>,
    /// Whether each candidate is right.
    pub correct: Vec<bool>,
}

impl Group {
    /// Whether the group tells rankers apart: some right and some wrong.
    #[must_use]
    pub fn is_informative(&self) -> bool {
        self.correct.iter().any(|&c| c) && self.correct.iter().any(|&c| !c)
    }

    /// The positions of the candidates, best first under `ranker` (ties
    /// keep the group's order).
    #[must_use]
    pub fn order(&self, ranker: &Learned) -> Vec<usize> {
        let scores: Vec<f64> = self
            .features
            .iter()
            .map(|x| ranker.score_features(x))
            .collect();
        let mut order: Vec<usize> = (0..self.features.len()).collect();
        order.sort_by(|&a, &b| scores[b].total_cmp(&scores[a]));
        order
    }

    /// Whether one of the first `k` under `ranker` is right.
    #[must_use]
    pub fn right_in_top(&self, ranker: &Learned, k: usize) -> bool {
        self.order(ranker)
            .into_iter()
            .take(k)
            .any(|i| self.correct[i])
    }
}

/// Why weights could not be fitted.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum FitError {
    /// No group has both a right and a wrong candidate.
    #[error("no group has both a right and a wrong candidate: nothing to learn from")]
    NothingToLearn,
    /// A feature that is not finite.
    #[error("group {group}, candidate {candidate}: a feature is not finite")]
    NotFinite {
        /// The group.
        group: usize,
        /// The candidate in it.
        candidate: usize,
    },
    /// The groups' lists of features and labels differ in length.
    #[error("group {group}: {features} feature rows for {labels} labels")]
    Lengths {
        /// The group.
        group: usize,
        /// Rows of features.
        features: usize,
        /// Labels.
        labels: usize,
    },
}

/// The L2 penalty [`fit`] uses, per informative group.
pub const L2_PENALTY: f64 = 1e-3;

/// Fits a pairwise logistic model: every right candidate of a group should
/// score above every wrong one, each group weighing the same (its pairs
/// share a weight of one). Newton's method on the penalized log-loss;
/// deterministic (the same groups give the same weights).
///
/// # Errors
///
/// [`FitError`]: no informative group, a feature that is not finite, or
/// lists of different lengths.
pub fn fit(groups: &[Group]) -> Result<Learned, FitError> {
    let mut pairs: Vec<([f64; FEATURES], f64)> = Vec::new();
    let mut informative = 0usize;
    for (g, group) in groups.iter().enumerate() {
        if group.features.len() != group.correct.len() {
            return Err(FitError::Lengths {
                group: g,
                features: group.features.len(),
                labels: group.correct.len(),
            });
        }
        if let Some(candidate) = group
            .features
            .iter()
            .position(|x| x.iter().any(|v| !v.is_finite()))
        {
            return Err(FitError::NotFinite {
                group: g,
                candidate,
            });
        }
        if !group.is_informative() {
            continue;
        }
        informative += 1;
        let right: Vec<_> = (0..group.correct.len())
            .filter(|&i| group.correct[i])
            .collect();
        let wrong: Vec<_> = (0..group.correct.len())
            .filter(|&i| !group.correct[i])
            .collect();
        let weight = 1.0 / count(right.len() * wrong.len());
        for &r in &right {
            for &w in &wrong {
                let mut d = [0.0; FEATURES];
                for (k, d) in d.iter_mut().enumerate() {
                    *d = group.features[r][k] - group.features[w][k];
                }
                pairs.push((d, weight));
            }
        }
    }
    if informative == 0 {
        return Err(FitError::NothingToLearn);
    }
    let penalty = L2_PENALTY * count(informative);
    let mut w = DVector::<f64>::zeros(FEATURES);
    for _ in 0..100 {
        let mut gradient = &w * penalty;
        let mut hessian = DMatrix::<f64>::identity(FEATURES, FEATURES) * penalty;
        for (d, weight) in &pairs {
            let d = DVector::from_column_slice(d);
            let margin = w.dot(&d);
            // σ(−margin): how wrong the pair is
            let p = 1.0 / (1.0 + margin.exp());
            gradient -= &d * (weight * p);
            hessian += &d * d.transpose() * (weight * p * (1.0 - p));
        }
        let Some(step) = hessian.cholesky().map(|c| c.solve(&gradient)) else {
            break;
        };
        w -= &step;
        if step.norm() < 1e-12 {
            break;
        }
    }
    let mut weights = [0.0; FEATURES];
    weights.copy_from_slice(w.as_slice());
    Ok(Learned::new(weights))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dsl::{Example, Grammar, Vars};

    fn spec() -> Spec {
        Spec::new(
            Grammar::new(Vars::new(["x", "y"]).unwrap()),
            vec![Example::new([1, 2], 3)],
            Vec::new(),
        )
        .unwrap()
    }

    #[test]
    fn features_count_what_they_say() {
        let spec = spec();
        let program = Program::parse("(div (+ x 100) 7)", spec.vars()).unwrap();
        let features = Features::of(&spec, &program);
        assert_eq!(features.size, 5.0);
        assert_eq!(features.divisions, 1.0);
        assert_eq!(features.modulos, 0.0);
        assert_eq!(features.constants, 2.0);
        assert_eq!(features.unused_vars, 1.0);
        assert!((features.literal_bits - (101f64.log2() + 3.0)).abs() < 1e-9);
        assert!((features.divisor_bits - 2.0).abs() < 1e-9);
        let program = Program::parse("(mod (* x y) (- y 1))", spec.vars()).unwrap();
        let features = Features::of(&spec, &program);
        assert_eq!(features.modulos, 1.0);
        assert_eq!(features.expression_divisors, 1.0);
        assert_eq!(features.products, 1.0);
        assert_eq!(features.signs, 1.0);
        assert_eq!(features.unused_vars, 0.0);
        assert_eq!(features.to_array().len(), Features::NAMES.len());
    }

    #[test]
    fn fitting_learns_a_planted_preference() {
        // the right candidate has fewer modulos; size is noise
        let mut groups = Vec::new();
        for i in 0..40 {
            let mut right = [0.0; FEATURES];
            let mut wrong = [0.0; FEATURES];
            right[0] = f64::from(5 + i % 3);
            wrong[0] = f64::from(5 + (i + 1) % 3);
            right[5] = 0.0;
            wrong[5] = 1.0;
            groups.push(Group {
                features: vec![wrong, right],
                correct: vec![false, true],
            });
        }
        let learned = fit(&groups).unwrap();
        assert!(learned.weights()[5] < -1.0, "{:?}", learned.weights());
        assert!(groups.iter().all(|g| g.right_in_top(&learned, 1)));
        // deterministic
        assert_eq!(fit(&groups).unwrap(), learned);
        // ties keep the group's order: all-zero weights pick the first
        let flat = Learned::new([0.0; FEATURES]);
        assert!(!groups[0].right_in_top(&flat, 1));
        assert!(groups[0].right_in_top(&flat, 2));
    }

    #[test]
    fn fitting_rejects_what_it_cannot_use() {
        let all_right = Group {
            features: vec![[1.0; FEATURES]],
            correct: vec![true],
        };
        assert_eq!(fit(&[all_right]).unwrap_err(), FitError::NothingToLearn);
        let mut bad = [0.0; FEATURES];
        bad[2] = f64::NAN;
        let group = Group {
            features: vec![[0.0; FEATURES], bad],
            correct: vec![true, false],
        };
        assert_eq!(
            fit(&[group]).unwrap_err(),
            FitError::NotFinite {
                group: 0,
                candidate: 1
            }
        );
        let group = Group {
            features: vec![[0.0; FEATURES]],
            correct: vec![true, false],
        };
        assert!(matches!(fit(&[group]), Err(FitError::Lengths { .. })));
    }
}
