//! Divide and conquer that generalizes: a decision list over small
//! programs, for case splits too large to enumerate, bounded so that it
//! cannot spell out a table of the examples.
//!
//! The maximum of three numbers, the index of a key in a sorted list, a
//! grade from a score: the program is a case split whose every case is a
//! small term (`a`, `b`, `2`, `x − 1`), but the whole split has 10 to 40
//! nodes, past any enumeration. A decision tree (EUSolver's ID3 unifier)
//! fits any examples that way, and so it overfits: with a term for one
//! example and a test that isolates it, it memorizes. [`unify`] is an
//! *Occam* unifier after PolyGen (Ji et al., OOPSLA 2021, "Generalizable
//! Synthesis Through Unification"): the size of what it returns is bounded
//! by a slowly growing function of the number of examples `n`, whatever
//! the examples are.
//!
//! 1. **terms**: from a pool of small programs (the smallest an enumeration
//!    banked, smallest first; none with an `ite` of its own), those right
//!    on at least [`min_cover`]`(n) = max(2, ⌈n / (2⌈log₂ n⌉)⌉)` examples:
//!    a term right on one example is a memorized row, and the fraction a
//!    term must cover shrinks only slowly as examples are added;
//! 2. **predicates**: every comparison `(a < b)`, `(a <= b)`, `(a = b)`
//!    (those the grammar's `ite` allows) of two of the pool's first
//!    programs, and their negations; comparisons of two variables are tried
//!    alone first, then with literals, then all (a complex test often
//!    separates a few examples by chance), and the smallest terms before
//!    larger ones (the two in the order of the sum of their ranks);
//! 3. **a decision list** `if c₁ then t₁ else if c₂ then t₂ … else t`, by
//!    greedy weighted set cover of the examples: each rule takes the
//!    examples its condition selects, and the rule chosen is the one that
//!    takes the most examples per node. A rule's condition is a
//!    conjunction of at most [`UnifyConfig::max_conjuncts`] predicates,
//!    itself a set cover: the predicates that exclude the most examples
//!    its term gets wrong per node, while keeping examples it gets right.
//!    The list ends with the smallest term right on every example left
//!    (however few: a last case seen once is no table).
//!
//! A list has at most `⌊n / min_cover(n)⌋` rules, and one larger than
//! [`size_bound`]`(n) = 8 · (1 + ⌈log₂ n⌉)` nodes is not offered
//! (`O(log n)`: PolyGen's Occam condition, size ≤ poly(target) · n^β with
//! β < 1, holds for every β > 0). A conjunction is spelled with nested
//! `ite`s that repeat the rest of the list, and counts in full.
//!
//! The list fits every example by construction (and is checked by the
//! reference interpreter); it is a case split the examples support, not
//! proof that it is the one meant, so the hybrid offers it as one more
//! fitting candidate, enumeration goes on for a smaller one, and its
//! [evidence](super::evidence) decides the verdict.
//!
//! ```
//! use arithsynth::search::unify::{unify, UnifyConfig};
//! use arithsynth::search::Spec;
//! use arithsynth::{Example, Grammar, Op, Program};
//! use arithsynth::dsl::Cmp;
//!
//! // the index of k among x1 < x2 < x3
//! let grammar = Grammar::builder()
//!     .vars(["x1", "x2", "x3", "k"])
//!     .literals([0, 1, 2, 3])
//!     .ops([Op::Add, Op::Sub, Op::Ite(Cmp::Lt), Op::Ite(Cmp::Le)])
//!     .build()?;
//! let rows = [[-5, 0, 5, -9], [-5, 0, 5, -1], [-5, 0, 5, 3], [-5, 0, 5, 8],
//!             [1, 4, 9, 0], [1, 4, 9, 2], [1, 4, 9, 7], [1, 4, 9, 10],
//!             [-8, -2, 3, -3], [2, 6, 7, 5]];
//! let index = |r: &[i64; 4]| r[..3].iter().filter(|&&x| x < r[3]).count() as i64;
//! let train = rows.iter().map(|r| Example::new(*r, index(r))).collect();
//! let spec = Spec::new(grammar.clone(), train, Vec::new())?;
//! let pool: Vec<Program> = ["x1", "x2", "x3", "k", "0", "1", "2", "3"]
//!     .iter()
//!     .map(|t| grammar.parse(t))
//!     .collect::<Result<_, _>>()?;
//! let list = unify(&spec, &pool, &UnifyConfig::default()).expect("a case split fits");
//! assert_eq!(spec.matched(&list), 10);
//! assert!(list.size() <= arithsynth::search::unify::size_bound(10));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use super::deadline::{Deadline, Ticker};
use super::Spec;
use crate::dsl::{Cmp, Node, Op, Program};
use crate::eval::reference;

/// Bounds of [`unify`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[must_use]
pub struct UnifyConfig {
    /// Pool programs tried as terms (the first, smallest ones). Default:
    /// 4096.
    pub pool: usize,
    /// Pool programs compared two at a time as predicates. Default: 48.
    pub atoms: usize,
    /// Most predicates in one rule's condition. Default: 3.
    pub max_conjuncts: usize,
    /// Most training examples: a spec with more gets no list (one bit per
    /// example in a word; many examples are rarely a case split's).
    /// Default and most: 128.
    pub max_examples: usize,
}

impl Default for UnifyConfig {
    fn default() -> Self {
        UnifyConfig {
            pool: 4096,
            atoms: 48,
            max_conjuncts: 3,
            max_examples: 128,
        }
    }
}

/// `⌈log₂ n⌉`, at least 1.
fn log2_ceil(n: usize) -> usize {
    n.max(2).next_power_of_two().trailing_zeros() as usize
}

/// The fewest of `n` examples a term must be right on to take part in a
/// list: `max(2, ⌈n / (2⌈log₂ n⌉)⌉)`.
#[must_use]
pub fn min_cover(n: usize) -> usize {
    n.div_ceil(2 * log2_ceil(n)).max(2)
}

/// The most nodes of a list for `n` examples: `8 · (1 + ⌈log₂ n⌉)`.
#[must_use]
pub fn size_bound(n: usize) -> usize {
    8 * (1 + log2_ceil(n))
}

/// Examples as bits of a word: example `i` is bit `i`.
type Set = u128;

/// A comparison, its truth on each example, and its size in nodes.
struct Predicate {
    cmp: Cmp,
    left: Program,
    right: Program,
    truth: Set,
    size: usize,
    /// 0: two variables, 1: variables and literals, 2: anything.
    tier: usize,
}

/// A predicate or its negation.
#[derive(Clone, Copy)]
struct Literal {
    predicate: usize,
    positive: bool,
}

/// `if condition then term`: the condition a conjunction of literals.
struct Rule {
    condition: Vec<Literal>,
    term: usize,
}

/// A decision list over `pool`'s programs that fits every training
/// example of `spec`, as a program; `None` when the grammar has no `ite`,
/// the spec has fewer than 2 or more than [`UnifyConfig::max_examples`]
/// examples, the terms that cover enough examples do not cover them all, or
/// no list within [`size_bound`] tells their cases apart. See the [module
/// docs](self).
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
    let n = train.len();
    if cmps.is_empty() || n < 2 || n > config.max_examples.min(Set::BITS as usize) {
        return None;
    }
    let all: Set = if n == Set::BITS as usize {
        Set::MAX
    } else {
        (1 << n) - 1
    };
    let column = |p: &Program| -> Vec<i64> {
        train
            .iter()
            .map(|e| reference::eval(p, &e.inputs))
            .collect()
    };
    let set = |bits: &mut dyn Iterator<Item = bool>| -> Set {
        bits.enumerate()
            .fold(0, |acc, (i, b)| acc | (Set::from(b) << i))
    };
    // programs that read a variable the spec lacks cannot run on it
    let vars = spec.vars().len();
    let pool: Vec<Program> = pool
        .iter()
        .filter(|p| p.min_vars() <= vars)
        .take(config.pool)
        .cloned()
        .collect();
    // terms: right on enough examples, no case split of their own (the
    // list makes the splits), the smallest of each cover
    let least = min_cover(n);
    let mut covers = std::collections::BTreeSet::new();
    let mut terms: Vec<(usize, Set)> = Vec::new();
    // the list's last term takes what the rules leave, however few: the
    // smallest right on all of it (a rule for one example is what the
    // bound on covers forbids, not a last case seen once)
    let mut lasts: Vec<(usize, Set)> = Vec::new();
    for (index, program) in pool.iter().enumerate() {
        if ticker.tick() {
            return None;
        }
        if program
            .nodes()
            .iter()
            .any(|node| matches!(node, Node::Op(Op::Ite(_))))
        {
            continue;
        }
        let outputs = column(program);
        let cover = set(&mut outputs.iter().zip(train).map(|(&v, e)| v == e.output));
        if cover == 0 || !covers.insert(cover) {
            continue;
        }
        if cover.count_ones() as usize >= least {
            terms.push((index, cover));
        }
        lasts.push((index, cover));
    }
    // predicates over the first atoms, one per truth column (the smallest)
    let atoms: Vec<(&Program, Vec<i64>)> = pool
        .iter()
        .take(config.atoms)
        .map(|p| (p, column(p)))
        .collect();
    // the simplest predicates first, so that each truth column keeps its
    // simplest: variables compared with each other, then with literals,
    // then anything (a complex test often separates a few examples by
    // chance); the smaller, then the earlier, within a tier
    let tier_of = |left: &Program, right: &Program| match (leaf_kind(left), leaf_kind(right)) {
        (Some(true), Some(true)) => 0,
        (Some(_), Some(_)) => 1,
        _ => 2,
    };
    // (tier, size, comparison, left, right)
    let mut pairs: Vec<(usize, usize, usize, usize, usize)> = Vec::new();
    for (c, &cmp) in cmps.iter().enumerate() {
        for i in 0..atoms.len() {
            for j in 0..atoms.len() {
                if i == j || (cmp == Cmp::Eq && j < i) {
                    continue;
                }
                let (left, right) = (atoms[i].0, atoms[j].0);
                pairs.push((tier_of(left, right), left.size() + right.size(), c, i, j));
            }
        }
    }
    pairs.sort_unstable();
    let mut predicates: Vec<Predicate> = Vec::new();
    let mut seen = std::collections::BTreeSet::new();
    for (tier, size, c, i, j) in pairs {
        let cmp = cmps[c];
        if ticker.tick() {
            return None;
        }
        let ((left, a), (right, b)) = (&atoms[i], &atoms[j]);
        let truth = set(&mut a.iter().zip(b).map(|(&x, &y)| cmp.holds(x, y)));
        // a negation is as good as its predicate
        if truth == 0 || truth == all || seen.contains(&truth) || seen.contains(&(!truth & all)) {
            continue;
        }
        seen.insert(truth);
        predicates.push(Predicate {
            cmp,
            left: (*left).clone(),
            right: (*right).clone(),
            truth,
            size,
            tier,
        });
    }
    let bound = size_bound(n);
    // the simplest lists first: terms up to each size (smallest first),
    // then predicates of each tier, by the sum of the two ranks; a greedy
    // list over larger terms can miss what the small ones give
    let mut sizes: Vec<usize> = terms.iter().map(|&(t, _)| pool[t].size()).collect();
    sizes.sort_unstable();
    sizes.dedup();
    let mut tries: Vec<(usize, usize)> = (0..sizes.len())
        .flat_map(|s| (0..=2).map(move |tier| (s, tier)))
        .collect();
    tries.sort_by_key(|&(s, tier)| (s + tier, tier));
    tries.into_iter().find_map(|(s, top)| {
        let allowed: Vec<&Predicate> = predicates.iter().filter(|p| p.tier <= top).collect();
        let small: Vec<(usize, Set)> = terms
            .iter()
            .copied()
            .filter(|&(t, _)| pool[t].size() <= sizes[s])
            .collect();
        let mut list = List {
            pool: &pool,
            terms: &small,
            lasts: &lasts,
            predicates: &allowed,
            config,
            all,
            ticker: ticker.clone(),
        };
        let (rules, last) = list.rules(n / least)?;
        let program = list.program(&rules, last)?;
        (program.size() <= bound
            && spec.matched(&program) == n
            && spec.grammar().admits(&program).is_ok())
        .then_some(program)
    })
}

/// For a single-node program, whether it is a variable (`Some(true)`) or
/// a literal (`Some(false)`); `None` for a larger one.
fn leaf_kind(program: &Program) -> Option<bool> {
    match program.nodes() {
        [Node::Var(_)] => Some(true),
        [Node::Lit(_)] => Some(false),
        _ => None,
    }
}

/// The state of one list's construction.
struct List<'a> {
    pool: &'a [Program],
    /// Pool index and cover of each term, smallest first.
    terms: &'a [(usize, Set)],
    /// The same for the last term, which may cover fewer.
    lasts: &'a [(usize, Set)],
    predicates: &'a [&'a Predicate],
    config: &'a UnifyConfig,
    all: Set,
    ticker: Ticker,
}

impl List<'_> {
    /// The examples where `literal` holds.
    fn holds(&self, literal: Literal) -> Set {
        let truth = self.predicates[literal.predicate].truth;
        if literal.positive {
            truth
        } else {
            !truth & self.all
        }
    }

    /// The rules, greedily (the most examples taken per node first), and
    /// the last term; `None` past `most` rules or when no rule can take
    /// an example.
    fn rules(&mut self, most: usize) -> Option<(Vec<Rule>, usize)> {
        let mut left = self.all;
        let mut rules = Vec::new();
        loop {
            if let Some(&(term, _)) = self.lasts.iter().find(|(_, c)| left & !c == 0) {
                return Some((rules, term));
            }
            if rules.len() >= most {
                return None;
            }
            // the rule that takes the most examples per node
            let mut best: Option<(f64, Rule, Set)> = None;
            for &(term, cover) in self.terms {
                if left & cover == 0 {
                    continue;
                }
                let (condition, taken) = self.condition(left, cover)?;
                if taken == 0 {
                    continue;
                }
                let nodes: usize = self.pool[term].size()
                    + condition
                        .iter()
                        .map(|l| 1 + self.predicates[l.predicate].size)
                        .sum::<usize>();
                #[expect(clippy::cast_precision_loss, reason = "small counts")]
                let value = f64::from(taken.count_ones()) / nodes as f64;
                if best.as_ref().is_none_or(|(v, ..)| value > *v) {
                    best = Some((value, Rule { condition, term }, taken));
                }
            }
            let (_, rule, taken) = best?;
            left &= !taken;
            rules.push(rule);
        }
    }

    /// A condition for a term right on `cover`, among the examples `left`:
    /// literals chosen by weighted set cover of the examples the term gets
    /// wrong (the most excluded per node, keeping at least one it gets
    /// right), and the examples it takes. `None` when the deadline passed.
    fn condition(&mut self, left: Set, cover: Set) -> Option<(Vec<Literal>, Set)> {
        let mut right = left & cover;
        let mut wrong = left & !cover;
        let mut condition = Vec::new();
        while wrong != 0 && condition.len() < self.config.max_conjuncts {
            let mut best: Option<(f64, u32, Literal)> = None;
            for predicate in 0..self.predicates.len() {
                if self.ticker.tick() {
                    return None;
                }
                for positive in [true, false] {
                    let literal = Literal {
                        predicate,
                        positive,
                    };
                    let holds = self.holds(literal);
                    let kept = (right & holds).count_ones();
                    let excluded = (wrong & !holds).count_ones();
                    if kept == 0 || excluded == 0 {
                        continue;
                    }
                    #[expect(clippy::cast_precision_loss, reason = "small counts")]
                    let value = f64::from(excluded) / (1 + self.predicates[predicate].size) as f64;
                    // ties: the one that keeps more of the right examples
                    if best
                        .as_ref()
                        .is_none_or(|&(v, k, _)| value > v || (value == v && kept > k))
                    {
                        best = Some((value, kept, literal));
                    }
                }
            }
            let Some((_, _, literal)) = best else {
                break;
            };
            let holds = self.holds(literal);
            right &= holds;
            wrong &= holds;
            condition.push(literal);
        }
        Some((condition, if wrong == 0 { right } else { 0 }))
    }

    /// The list as a program: each rule's conjunction as nested `ite`s
    /// whose every else branch is the rest of the list.
    fn program(&self, rules: &[Rule], last: usize) -> Option<Program> {
        let mut list = self.pool[last].clone();
        for rule in rules.iter().rev() {
            let mut inner = self.pool[rule.term].clone();
            for literal in rule.condition.iter().rev() {
                let p = self.predicates[literal.predicate];
                let (then, otherwise) = if literal.positive {
                    (inner, list.clone())
                } else {
                    (list.clone(), inner)
                };
                inner = Program::apply(
                    Op::Ite(p.cmp),
                    &[p.left.clone(), p.right.clone(), then, otherwise],
                )
                .ok()?;
            }
            list = inner;
        }
        Some(list)
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

    fn maxima(count: usize, vars: usize, seed: u64) -> Vec<Example> {
        rows(count, vars, seed)
            .into_iter()
            .map(|r| {
                let max = *r.iter().max().unwrap();
                Example::new(r, max)
            })
            .collect()
    }

    #[test]
    fn the_bounds_grow_slowly() {
        assert_eq!(min_cover(2), 2);
        assert_eq!(min_cover(16), 2);
        assert_eq!(min_cover(32), 4);
        assert_eq!(min_cover(128), 10);
        assert_eq!(size_bound(16), 40);
        assert_eq!(size_bound(128), 64);
        assert!(size_bound(1 << 20) < 200);
    }

    #[test]
    fn the_maximum_of_three_generalizes() {
        let vars = ["a", "b", "c"];
        let spec = Spec::new(grammar(&vars, &[0, 1]), maxima(24, 3, 7), maxima(200, 3, 8)).unwrap();
        let list = unify(&spec, &pool(&spec, 1), &UnifyConfig::default()).unwrap();
        assert_eq!(spec.matched(&list), 24);
        assert_eq!(spec.test_ok(&list), Some(true), "{list:?}");
        assert!(list.size() <= size_bound(24));
    }

    #[test]
    fn the_maximum_of_six_is_past_the_bound() {
        // a tree fits it (EUSolver's), a list within 8 (1 + log n) nodes
        // does not: it is not offered
        let vars = ["a", "b", "c", "d", "e", "f"];
        let spec = Spec::new(grammar(&vars, &[0, 1]), maxima(20, 6, 7), Vec::new()).unwrap();
        assert_eq!(unify(&spec, &pool(&spec, 3), &UnifyConfig::default()), None);
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
        let list = unify(&spec, &pool(&spec, 1), &UnifyConfig::default()).unwrap();
        assert_eq!(spec.matched(&list), 40);
        assert_eq!(spec.test_ok(&list), Some(true), "{list:?}");
    }

    #[test]
    fn a_table_of_the_examples_is_not_offered() {
        // each output one of the inputs, chosen at random: every term
        // covers many examples, but no short list tells them apart
        let mut rng = ChaCha8Rng::seed_from_u64(5);
        let train: Vec<Example> = rows(32, 3, 9)
            .into_iter()
            .map(|r| {
                let pick = r[rng.random_range(0..3)];
                Example::new(r, pick)
            })
            .collect();
        let spec = Spec::new(grammar(&["a", "b", "c"], &[0, 1]), train, Vec::new()).unwrap();
        assert_eq!(unify(&spec, &pool(&spec, 3), &UnifyConfig::default()), None);
    }

    #[test]
    fn every_list_is_within_the_bound() {
        // random small case splits and random outputs alike
        let mut offered = 0;
        for seed in 0..24 {
            let mut rng = ChaCha8Rng::seed_from_u64(seed);
            let n = rng.random_range(2..=40);
            let train: Vec<Example> = rows(n, 2, seed)
                .into_iter()
                .map(|r| {
                    let out = match seed % 3 {
                        0 => r[0].max(r[1]),
                        1 => {
                            if r[0] < 10 {
                                r[1]
                            } else {
                                1
                            }
                        }
                        _ => rng.random_range(-2..=2),
                    };
                    Example::new(r, out)
                })
                .collect();
            let Ok(spec) = Spec::new(grammar(&["x", "y"], &[0, 1, 10]), train, Vec::new()) else {
                continue;
            };
            if let Some(list) = unify(&spec, &pool(&spec, 3), &UnifyConfig::default()) {
                assert!(list.size() <= size_bound(n), "{list:?} for {n} examples");
                assert_eq!(spec.matched(&list), n);
                offered += 1;
            }
        }
        assert!(offered >= 8, "{offered} lists: the check checks little");
    }

    #[test]
    fn no_list_without_ite_or_without_terms() {
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
        let spec = Spec::new(grammar(&["x", "y"], &[0, 1]), train, Vec::new()).unwrap();
        // more examples than the bound
        let config = UnifyConfig {
            max_examples: 9,
            ..UnifyConfig::default()
        };
        assert_eq!(unify(&spec, &pool(&spec, 1), &config), None);
        assert!(unify(&spec, &pool(&spec, 1), &UnifyConfig::default()).is_some());
        // a pool program over a variable the spec lacks is skipped
        let mut with_foreign = vec![Program::from_postfix([Node::Var(7)]).unwrap()];
        with_foreign.extend(pool(&spec, 1));
        assert_eq!(
            unify(&spec, &with_foreign, &UnifyConfig::default()),
            unify(&spec, &pool(&spec, 1), &UnifyConfig::default())
        );
    }
}
