//! Divide and conquer: a decision tree over small programs, for case
//! splits too large to enumerate.
//!
//! The maximum of five numbers, the index of a key in a sorted list, a
//! grade from a score: the program is a case split whose every case is a
//! small term (`a`, `b`, `2`, `x − 1`), but the whole tree has 20 to 60
//! nodes, past any enumeration. [`unify`] builds it the way EUSolver does
//! for the SyGuS competition's PBE tracks:
//!
//! 1. **terms**: from a pool of small programs (the smallest an enumeration
//!    banked; none with an `ite` of its own), a few that together give the
//!    right output on every example, chosen greedily, the one right on the
//!    most examples first;
//! 2. **predicates**: every comparison `(a < b)`, `(a <= b)`, `(a = b)`
//!    (those the grammar's `ite` allows) of two of the pool's first
//!    programs;
//! 3. **a decision tree**: each node splits its examples on the predicate
//!    after which the fewest examples are left that one term cannot cover,
//!    until one term covers all of a node's examples; comparisons of two
//!    variables are tried alone first, then with literals, then all (a
//!    complex test often separates a few examples by chance).
//!
//! The tree fits every example by construction (and is checked by the
//! reference interpreter); it is a case split the examples support, not
//! proof that it is the one meant, so the hybrid offers it as one more
//! fitting candidate and enumeration goes on for a smaller one.
//!
//! ```
//! use arithsynth::search::unify::{unify, UnifyConfig};
//! use arithsynth::search::Spec;
//! use arithsynth::{Example, Grammar, Op, Program};
//! use arithsynth::dsl::Cmp;
//!
//! let grammar = Grammar::builder()
//!     .vars(["a", "b", "c", "d"])
//!     .literals([0, 1])
//!     .ops([Op::Add, Op::Sub, Op::Ite(Cmp::Lt)])
//!     .build()?;
//! let rows = [[3, 9, -2, 4], [7, 1, 0, 5], [2, 2, 8, -1], [-5, -3, -9, -4],
//!             [6, 0, 3, 11], [1, 4, 4, 2], [9, 8, 7, 6], [0, -1, 5, 3]];
//! let train = rows.iter().map(|r| Example::new(*r, *r.iter().max().unwrap())).collect();
//! let spec = Spec::new(grammar.clone(), train, Vec::new())?;
//! let pool: Vec<Program> = ["a", "b", "c", "d", "0", "1"]
//!     .iter()
//!     .map(|t| grammar.parse(t))
//!     .collect::<Result<_, _>>()?;
//! let tree = unify(&spec, &pool, &UnifyConfig::default()).expect("a case split fits");
//! assert_eq!(spec.matched(&tree), 8);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use super::deadline::{Deadline, Ticker};
use super::Spec;
use crate::dsl::{Cmp, Op, Program};
use crate::eval::reference;

/// Bounds of [`unify`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[must_use]
pub struct UnifyConfig {
    /// Pool programs tried as terms (the first, smallest ones). Default:
    /// 4096.
    pub pool: usize,
    /// Most terms in a tree. Default: 8.
    pub max_terms: usize,
    /// Pool programs compared two at a time as predicates. Default: 48.
    pub atoms: usize,
    /// Deepest split. Default: 10.
    pub max_depth: usize,
    /// Most leaves. Default: 24.
    pub max_leaves: usize,
    /// Most training examples: a spec with more gets no tree (the work
    /// grows with predicates × examples × terms at every node, and many
    /// examples are rarely a case split's). Default: 128.
    pub max_examples: usize,
}

impl Default for UnifyConfig {
    fn default() -> Self {
        UnifyConfig {
            pool: 4096,
            max_terms: 8,
            atoms: 48,
            max_depth: 10,
            max_leaves: 24,
            max_examples: 128,
        }
    }
}

/// A comparison and its truth on each example.
struct Predicate {
    cmp: Cmp,
    left: Program,
    right: Program,
    truth: Vec<bool>,
}

/// A decision tree over `pool`'s programs that fits every training
/// example of `spec`, as a program; `None` when the grammar has no `ite`,
/// the spec has more than [`UnifyConfig::max_examples`] examples, no few
/// terms cover the examples, or no tree within the bounds tells their
/// cases apart. See the [module docs](self).
#[must_use]
pub fn unify(spec: &Spec, pool: &[Program], config: &UnifyConfig) -> Option<Program> {
    unify_within(spec, pool, config, &Deadline::never())
}

/// As [`unify`], giving up (`None`) once `deadline` passes: checked every
/// few pool programs and predicates.
#[must_use]
pub fn unify_within(
    spec: &Spec,
    pool: &[Program],
    config: &UnifyConfig,
    deadline: &Deadline,
) -> Option<Program> {
    let mut ticker = deadline.ticker(64);
    let cmps: Vec<Cmp> = spec
        .grammar()
        .ops()
        .iter()
        .filter_map(|op| match op {
            Op::Ite(cmp) => Some(cmp),
            _ => None,
        })
        .collect();
    let train = spec.train();
    if cmps.is_empty() || train.len() < 2 || train.len() > config.max_examples {
        return None;
    }
    let column = |p: &Program| -> Vec<i64> {
        train
            .iter()
            .map(|e| reference::eval(p, &e.inputs))
            .collect()
    };
    // terms: greedy cover, the one right on the most uncovered examples
    // first (the smaller, then the earlier, on a tie)
    // programs that read a variable the spec lacks cannot run on it
    let vars = spec.vars().len();
    let pool: Vec<Program> = pool
        .iter()
        .filter(|p| p.min_vars() <= vars)
        .take(config.pool)
        .cloned()
        .collect();
    let pool = pool.as_slice();
    // a term is not a case split itself: the tree makes the splits
    let splits = |p: &Program| {
        p.nodes()
            .iter()
            .any(|n| matches!(n, crate::dsl::Node::Op(Op::Ite(_))))
    };
    let covers: Vec<Vec<bool>> = pool
        .iter()
        .map(|p| {
            if splits(p) || ticker.tick() {
                return vec![false; train.len()];
            }
            column(p)
                .iter()
                .zip(train)
                .map(|(&v, e)| v == e.output)
                .collect()
        })
        .collect();
    if ticker.passed() {
        return None;
    }
    let mut uncovered = vec![true; train.len()];
    let mut terms: Vec<usize> = Vec::new();
    while uncovered.iter().any(|&u| u) {
        if terms.len() >= config.max_terms {
            return None;
        }
        let gain = |t: usize| {
            covers[t]
                .iter()
                .zip(&uncovered)
                .filter(|(&c, &u)| c && u)
                .count()
        };
        let best =
            (0..pool.len()).max_by_key(|&t| (gain(t), std::cmp::Reverse((pool[t].size(), t))))?;
        if gain(best) == 0 {
            return None;
        }
        for (u, &c) in uncovered.iter_mut().zip(&covers[best]) {
            *u &= !c;
        }
        terms.push(best);
    }
    // predicates over the first atoms, one per truth column (the smallest)
    let atoms: Vec<(&Program, Vec<i64>)> = pool
        .iter()
        .take(config.atoms)
        .map(|p| (p, column(p)))
        .collect();
    let mut predicates: Vec<Predicate> = Vec::new();
    let mut seen = std::collections::BTreeSet::new();
    for &cmp in &cmps {
        for (i, (left, a)) in atoms.iter().enumerate() {
            for (j, (right, b)) in atoms.iter().enumerate() {
                if i == j || (cmp == Cmp::Eq && j < i) {
                    continue;
                }
                if ticker.tick() {
                    return None;
                }
                let truth: Vec<bool> = a.iter().zip(b).map(|(&x, &y)| cmp.holds(x, y)).collect();
                if truth.iter().all(|&t| t)
                    || truth.iter().all(|&t| !t)
                    || !seen.insert(truth.clone())
                {
                    continue;
                }
                predicates.push(Predicate {
                    cmp,
                    left: (*left).clone(),
                    right: (*right).clone(),
                    truth,
                });
            }
        }
    }
    // the simplest predicates first: variables compared with each other,
    // then with literals, then anything; a tree of simpler tests is the
    // likelier case split, where a complex test often separates a few
    // examples by chance
    let tier = |p: &Predicate| match (leaf_kind(&p.left), leaf_kind(&p.right)) {
        (Some(true), Some(true)) => 0,
        (Some(_), Some(_)) => 1,
        _ => 2,
    };
    let all: Vec<usize> = (0..train.len()).collect();
    (0..=2).find_map(|top| {
        let allowed: Vec<&Predicate> = predicates.iter().filter(|p| tier(p) <= top).collect();
        let mut tree = Tree {
            pool,
            covers: &covers,
            terms: &terms,
            predicates: &allowed,
            config,
            leaves: 0,
            ticker,
        };
        let program = tree.build(&all, 0)?;
        (spec.matched(&program) == train.len() && spec.grammar().admits(&program).is_ok())
            .then_some(program)
    })
}

/// For a single-node program, whether it is a variable (`Some(true)`) or
/// a literal (`Some(false)`); `None` for a larger one.
fn leaf_kind(program: &Program) -> Option<bool> {
    match program.nodes() {
        [crate::dsl::Node::Var(_)] => Some(true),
        [crate::dsl::Node::Lit(_)] => Some(false),
        _ => None,
    }
}

/// The state of one tree's construction.
struct Tree<'a> {
    pool: &'a [Program],
    covers: &'a [Vec<bool>],
    terms: &'a [usize],
    predicates: &'a [&'a Predicate],
    config: &'a UnifyConfig,
    leaves: usize,
    ticker: Ticker,
}

impl Tree<'_> {
    /// Of `examples`, how many the best single term leaves uncovered, and
    /// that term.
    fn leftover(&self, examples: &[usize]) -> (usize, usize) {
        self.terms
            .iter()
            .map(|&t| {
                let missed = examples.iter().filter(|&&e| !self.covers[t][e]).count();
                (missed, t)
            })
            .min()
            .unwrap_or((examples.len(), 0))
    }

    /// The subtree for `examples` (none empty) at `depth`.
    fn build(&mut self, examples: &[usize], depth: usize) -> Option<Program> {
        let (missed, term) = self.leftover(examples);
        if missed == 0 {
            self.leaves += 1;
            return (self.leaves <= self.config.max_leaves).then(|| self.pool[term].clone());
        }
        if depth >= self.config.max_depth {
            return None;
        }
        // the split after which the fewest examples are left uncovered,
        // then the more even, then the earlier (smaller) predicate
        let mut best: Option<((usize, usize), usize)> = None;
        for (index, predicate) in self.predicates.iter().enumerate() {
            if self.ticker.tick() {
                return None;
            }
            let (yes, no): (Vec<usize>, Vec<usize>) =
                examples.iter().partition(|&&e| predicate.truth[e]);
            if yes.is_empty() || no.is_empty() {
                continue;
            }
            let score = (
                self.leftover(&yes).0 + self.leftover(&no).0,
                yes.len().abs_diff(no.len()),
            );
            if best.as_ref().is_none_or(|(s, _)| score < *s) {
                best = Some((score, index));
            }
        }
        let (_, index) = best?;
        let predicate = self.predicates[index];
        let (yes, no): (Vec<usize>, Vec<usize>) =
            examples.iter().partition(|&&e| predicate.truth[e]);
        let then = self.build(&yes, depth + 1)?;
        let otherwise = self.build(&no, depth + 1)?;
        Program::apply(
            Op::Ite(predicate.cmp),
            &[
                predicate.left.clone(),
                predicate.right.clone(),
                then,
                otherwise,
            ],
        )
        .ok()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dataset::Example;
    use crate::dsl::Grammar;
    use crate::dsl::Inputs;
    use crate::enumerate::Enumerator;
    use rand::{Rng, SeedableRng};
    use rand_chacha::ChaCha8Rng;

    fn grammar(vars: &[&str], literals: &[i64]) -> Grammar {
        Grammar::builder()
            .vars(vars.iter().copied())
            .literals(literals.iter().copied())
            .ops([Op::Add, Op::Sub, Op::Ite(Cmp::Lt), Op::Ite(Cmp::Le)])
            .build()
            .unwrap()
    }

    /// The smallest programs of `spec`'s grammar on its examples.
    fn pool(spec: &Spec, size: usize) -> Vec<Program> {
        let rows: Vec<&[i64]> = spec.train().iter().map(|e| e.inputs.as_slice()).collect();
        let probe = Inputs::from_rows(spec.vars().len(), rows).unwrap();
        let mut enumeration = Enumerator::new(spec.grammar().clone())
            .probe(probe)
            .max_size(size)
            .start()
            .unwrap();
        let ids: Vec<_> = enumeration.by_ref().collect();
        ids.into_iter().map(|id| enumeration.program(id)).collect()
    }

    fn rows(count: usize, vars: usize, seed: u64) -> Vec<Vec<i64>> {
        let mut rng = ChaCha8Rng::seed_from_u64(seed);
        (0..count)
            .map(|_| (0..vars).map(|_| rng.random_range(-60..=60)).collect())
            .collect()
    }

    #[test]
    fn the_maximum_of_six_fits_every_example() {
        let vars = ["a", "b", "c", "d", "e", "f"];
        let grammar = grammar(&vars, &[0, 1]);
        let train: Vec<Example> = rows(20, 6, 7)
            .into_iter()
            .map(|r| {
                let max = *r.iter().max().unwrap();
                Example::new(r, max)
            })
            .collect();
        let spec = Spec::new(grammar, train, Vec::new()).unwrap();
        let tree = unify(&spec, &pool(&spec, 3), &UnifyConfig::default()).unwrap();
        assert_eq!(spec.matched(&tree), 20);
        assert!(
            tree.size() > 15,
            "a tree past enumeration's reach: {tree:?}"
        );
    }

    #[test]
    fn a_search_in_a_sorted_list_fits_and_generalizes() {
        // the index of k among x1 < x2 < x3: 0, 1, 2 or 3
        let grammar = grammar(&["x1", "x2", "x3", "k"], &[0, 1, 2, 3]);
        let index = |r: &[i64]| r[..3].iter().filter(|&&x| x < r[3]).count() as i64;
        let sorted = |seed: u64, count: usize| -> Vec<Example> {
            rows(count, 4, seed)
                .into_iter()
                .map(|mut r| {
                    r[..3].sort_unstable();
                    Example::new(r.clone(), index(&r))
                })
                .collect()
        };
        let spec = Spec::new(grammar, sorted(3, 40), sorted(4, 200)).unwrap();
        let tree = unify(&spec, &pool(&spec, 1), &UnifyConfig::default()).unwrap();
        assert_eq!(spec.matched(&tree), 40);
        assert_eq!(spec.test_ok(&tree), Some(true), "{tree:?}");
    }

    #[test]
    fn no_tree_without_ite_or_without_terms() {
        let rows = rows(10, 2, 1);
        let train: Vec<Example> = rows
            .iter()
            .map(|r| Example::new(r.clone(), r[0].max(r[1])))
            .collect();
        let plain = Grammar::builder()
            .vars(["x", "y"])
            .literals([0, 1])
            .ops([Op::Add, Op::Sub])
            .build()
            .unwrap();
        let spec = Spec::new(plain, train.clone(), Vec::new()).unwrap();
        assert_eq!(unify(&spec, &pool(&spec, 3), &UnifyConfig::default()), None);
        // outputs no small term gives
        let odd: Vec<Example> = rows
            .iter()
            .map(|r| Example::new(r.clone(), r[0] * 1000 + 7))
            .collect();
        let spec = Spec::new(grammar(&["x", "y"], &[0, 1]), odd, Vec::new()).unwrap();
        assert_eq!(unify(&spec, &pool(&spec, 3), &UnifyConfig::default()), None);
        // too few leaves allowed for the cases
        let spec = Spec::new(grammar(&["x", "y"], &[0, 1]), train, Vec::new()).unwrap();
        let config = UnifyConfig {
            max_leaves: 1,
            ..UnifyConfig::default()
        };
        assert_eq!(unify(&spec, &pool(&spec, 1), &config), None);
        // more examples than the bound
        let config = UnifyConfig {
            max_examples: 9,
            ..UnifyConfig::default()
        };
        assert_eq!(unify(&spec, &pool(&spec, 1), &config), None);
        assert!(unify(&spec, &pool(&spec, 1), &UnifyConfig::default()).is_some());
        // a pool program over a variable the spec lacks is skipped
        let mut with_foreign = vec![Program::from_postfix([crate::dsl::Node::Var(7)]).unwrap()];
        with_foreign.extend(pool(&spec, 1));
        assert_eq!(
            unify(&spec, &with_foreign, &UnifyConfig::default()),
            unify(&spec, &pool(&spec, 1), &UnifyConfig::default())
        );
    }
}
