//! pq-gram profiles of program trees (Augsten, Böhlen and Gamper 2005) and
//! the pq-gram distance between two programs.
//!
//! The tree is extended with null nodes (`*`): `p - 1` ancestors above the
//! root, `q - 1` before the first and after the last child of every inner
//! node, and `q` children under every leaf. A pq-gram is an anchor node with
//! its `p - 1` ancestors and `q` consecutive children in the extended tree;
//! a program's profile is the bag of its pq-grams. The distance is
//! `1 - 2 |P ∩ Q| / (|P| + |Q|)` (bags), in `0..=1`: 0 for equal profiles.
//!
//! ```
//! use arithsynth::space::PqGrams;
//! use arithsynth::{Program, Vars};
//! let vars = Vars::new(["x", "y"])?;
//! let grams = PqGrams::default(); // p = 2, q = 3
//! let a = grams.profile(&Program::parse("(+ x y)", &vars)?);
//! let b = grams.profile(&Program::parse("(+ y x)", &vars)?);
//! assert_eq!(a.len(), 6);
//! assert!((a.distance(&b) - 2.0 / 3.0).abs() < 1e-12);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use std::collections::BTreeMap;

use crate::dsl::{Node, Program};

/// The shape of the pq-grams: `p` ancestors (anchor included) and `q`
/// children.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PqGrams {
    /// Stem length (anchor and its ancestors), at least 1.
    pub p: usize,
    /// Base length (consecutive children), at least 1.
    pub q: usize,
}

impl Default for PqGrams {
    fn default() -> Self {
        PqGrams { p: 2, q: 3 }
    }
}

/// A label of the extended tree: a node, or the null node `*`.
type Label = Option<Node>;

/// A program's pq-gram profile: a bag of pq-grams, each a hash of its
/// labels ([`gram_hash`]), with counts (a sparse count vector).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Profile {
    counts: BTreeMap<u64, u32>,
    total: u64,
}

impl Profile {
    /// Number of pq-grams (with repeats).
    #[must_use]
    pub fn len(&self) -> u64 {
        self.total
    }

    /// Whether there is none (never, for a program).
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.total == 0
    }

    /// The pq-grams (by [`gram_hash`]) and their counts, in increasing
    /// order of the hash.
    pub fn counts(&self) -> impl Iterator<Item = (u64, u32)> + '_ {
        self.counts.iter().map(|(&k, &v)| (k, v))
    }

    /// The size of the bag intersection with `other`.
    #[must_use]
    pub fn shared(&self, other: &Profile) -> u64 {
        let (small, large) = if self.counts.len() <= other.counts.len() {
            (self, other)
        } else {
            (other, self)
        };
        small
            .counts
            .iter()
            .map(|(gram, &n)| u64::from(n.min(large.counts.get(gram).copied().unwrap_or(0))))
            .sum()
    }

    /// The pq-gram distance, `1 - 2 |P ∩ Q| / (|P| + |Q|)`.
    #[must_use]
    pub fn distance(&self, other: &Profile) -> f64 {
        let total = self.total + other.total;
        if total == 0 {
            return 0.0;
        }
        #[expect(clippy::cast_precision_loss, reason = "profiles are small")]
        let d = 1.0 - 2.0 * self.shared(other) as f64 / total as f64;
        d
    }

    fn add(&mut self, stem: &[Label], base: &[Label]) {
        *self.counts.entry(gram_hash(stem, base)).or_default() += 1;
        self.total += 1;
    }
}

/// The hash naming a pq-gram: 64-bit FNV-1a over a fixed byte encoding of
/// its labels, stem then base (`*` is `0`; a variable `1, index`; a literal
/// `2` and its eight little-endian bytes; an operator `3, `[`Op::index`]).
/// Stable: the same in every process, build and version of Rust, so the
/// embedding's column order never changes under a user.
///
/// [`Op::index`]: crate::Op::index
#[must_use]
pub fn gram_hash(stem: &[Option<Node>], base: &[Option<Node>]) -> u64 {
    const OFFSET: u64 = 0xcbf2_9ce4_8422_2325;
    const PRIME: u64 = 0x0100_0000_01b3;
    let mut hash = OFFSET;
    let mut eat = |byte: u8| {
        hash ^= u64::from(byte);
        hash = hash.wrapping_mul(PRIME);
    };
    for label in stem.iter().chain(base) {
        match *label {
            None => eat(0),
            Some(Node::Var(index)) => {
                eat(1);
                eat(index);
            }
            Some(Node::Lit(value)) => {
                eat(2);
                value.to_le_bytes().into_iter().for_each(&mut eat);
            }
            Some(Node::Op(op)) => {
                eat(3);
                eat(u8::try_from(op.index()).expect("fewer than 256 operators"));
            }
        }
    }
    hash
}

impl PqGrams {
    /// The profile of `program`.
    ///
    /// # Panics
    ///
    /// When `p` or `q` is 0.
    #[must_use]
    pub fn profile(&self, program: &Program) -> Profile {
        assert!(self.p >= 1 && self.q >= 1, "p and q are at least 1");
        let size = program.size();
        let children: Vec<smallvec::SmallVec<[usize; 4]>> =
            (0..size).map(|i| program.children(i)).collect();
        let mut profile = Profile::default();
        // iterative preorder: (node, its stem)
        let mut stack: Vec<(usize, Vec<Label>)> = vec![(size - 1, vec![None; self.p])];
        while let Some((node, mut stem)) = stack.pop() {
            stem.remove(0);
            stem.push(Some(program.nodes()[node]));
            let mut base: Vec<Label> = vec![None; self.q];
            if children[node].is_empty() {
                profile.add(&stem, &base);
                continue;
            }
            for &child in &children[node] {
                base.remove(0);
                base.push(Some(program.nodes()[child]));
                profile.add(&stem, &base);
            }
            for _ in 1..self.q {
                base.remove(0);
                base.push(None);
                profile.add(&stem, &base);
            }
            // children in reverse so the first is handled first (order does
            // not change the bag, only the traversal)
            for &child in children[node].iter().rev() {
                stack.push((child, stem.clone()));
            }
        }
        profile
    }

    /// The pq-gram distance between two programs.
    #[must_use]
    pub fn distance(&self, a: &Program, b: &Program) -> f64 {
        self.profile(a).distance(&self.profile(b))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dsl::Vars;

    fn parse(text: &str) -> Program {
        Program::parse(text, &Vars::new(["x", "y"]).unwrap()).unwrap()
    }

    #[test]
    fn hand_computed_profiles() {
        let grams = PqGrams::default();
        // a leaf: one pq-gram (*, x; *, *, *)
        assert_eq!(grams.profile(&parse("x")).len(), 1);
        // (+ x y): (*,+;*,*,x) (*,+;*,x,y) (*,+;x,y,*) (*,+;y,*,*)
        //          (+,x;*,*,*) (+,y;*,*,*)
        assert_eq!(grams.profile(&parse("(+ x y)")).len(), 6);
        // a node with k children gives k + q - 1 grams, a leaf 1:
        // (* (+ x 1) y): * has 2 children (4), + has 2 (4), leaves 3
        assert_eq!(grams.profile(&parse("(* (+ x 1) y)")).len(), 11);
        // (+ x y) and (+ y x) share the two leaf grams: 1 - 2*2/12
        let d = grams.distance(&parse("(+ x y)"), &parse("(+ y x)"));
        assert!((d - 2.0 / 3.0).abs() < 1e-12);
        // x and y share nothing; a program is at 0 from itself
        assert!((grams.distance(&parse("x"), &parse("y")) - 1.0).abs() < 1e-12);
        assert_eq!(
            grams.distance(&parse("(mod x 3)"), &parse("(mod x 3)")),
            0.0
        );
        // p = 1, q = 1: grams are (node; child) pairs and (leaf; *)
        let pairs = PqGrams { p: 1, q: 1 };
        // (+ x x): (+;x) twice, (x;*) twice -> 4; (+ x y): (+;x)(+;y)(x;*)(y;*)
        let a = pairs.profile(&parse("(+ x x)"));
        let b = pairs.profile(&parse("(+ x y)"));
        assert_eq!((a.len(), b.len()), (4, 4));
        assert_eq!(a.shared(&b), 2);
    }

    #[test]
    fn distance_is_a_symmetric_bounded_score() {
        let grams = PqGrams::default();
        let programs: Vec<Program> = [
            "x",
            "(+ x 1)",
            "(* x (- y 2))",
            "(mod (+ x y) 3)",
            "(+ 1 x)",
        ]
        .iter()
        .map(|t| parse(t))
        .collect();
        for a in &programs {
            for b in &programs {
                let d = grams.distance(a, b);
                assert!((0.0..=1.0).contains(&d));
                assert!((d - grams.distance(b, a)).abs() < 1e-12);
            }
        }
    }

    #[test]
    fn the_gram_hash_is_a_fixed_function() {
        // FNV-1a of no bytes is the offset basis; of the single byte 0 it
        // is (basis ^ 0) * prime
        assert_eq!(gram_hash(&[], &[]), 0xcbf2_9ce4_8422_2325);
        assert_eq!(
            gram_hash(&[None], &[]),
            0xcbf2_9ce4_8422_2325_u64.wrapping_mul(0x0100_0000_01b3)
        );
        // pinned values: a change here changes every embedding's columns
        let add = Some(Node::Op(crate::Op::Add));
        let x = Some(Node::Var(0));
        let one = Some(Node::Lit(1));
        assert_eq!(
            gram_hash(&[None, add], &[x, one, None]),
            0xbd7f_8abf_06fb_76ac
        );
        assert_ne!(
            gram_hash(&[None, add], &[x, one, None]),
            gram_hash(&[None, add], &[one, x, None])
        );
    }
}
