//! Fitting candidates: the distinct programs that fit the examples, kept a
//! little past the first one found, ranked, and the questions that tell
//! them apart.
//!
//! With few examples many programs fit; the smallest is often not the one
//! meant. A search therefore judges programs on the examples *and* on rows
//! beyond them ([`beyond_rows`]: drawn from the examples' input range, plus
//! a few extremes), so that programs that fit but differ elsewhere stay
//! apart, and keeps those that fit within a window past the first
//! ([`CandidateConfig::alternatives`]). A [`Ranker`] orders them; [`distinguishing_input`]
//! finds an input on which the top candidates disagree, to ask for one more
//! example.
//!
//! ```
//! use arithsynth::search::{
//!     distinguishing_input, Budget, CandidateConfig, Enumerative, Spec, Strategy,
//! };
//! use arithsynth::{Example, Grammar, Vars};
//!
//! // two rows: x + x, x * x, (x * x * x) div 2 ... all fit them
//! let grammar = Grammar::new(Vars::new(["x"])?);
//! let spec = Spec::new(grammar, vec![Example::new([0], 0), Example::new([2], 4)], vec![])?;
//! let search = Enumerative {
//!     candidates: CandidateConfig::alternatives(),
//!     ..Enumerative::default()
//! };
//! let outcome = search.solve(&spec, &Budget::candidates(100_000))?;
//! let solution = outcome.solution().expect("small programs fit");
//! assert!(solution.ranked.len() > 1);
//! let programs: Vec<_> = solution.ranked.iter().map(|c| c.program.clone()).collect();
//! let question = distinguishing_input(&spec, &programs).expect("x + x and x * x differ");
//! assert_ne!(question, [0]);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

mod fits;
mod questions;
mod rows;

pub(crate) use fits::Fits;
pub use questions::{check_input, check_input_for, distinguishing_input, refine};
pub use rows::beyond_rows;

use super::Spec;
use crate::dsl::{Inputs, Program};
use crate::eval::reference;

/// How many fitting programs a search keeps, and how far it looks past the
/// first.
///
/// Two ways to keep more than the first fit:
///
/// - [`CandidateConfig::ranked`] (the hybrid's default) collects the
///   programs the enumeration drops as duplicates of a fit (same outputs on
///   the examples), tells them apart on rows beyond the examples with the
///   reference interpreter, and lets the ranker ([`Prior`](super::Prior))
///   choose. The enumeration itself is the same as for the first fit
///   alone.
/// - [`CandidateConfig::alternatives`] judges every candidate on rows
///   beyond the examples as well, so that programs that differ there are
///   banked apart and their larger combinations are reached too: about
///   twice the time per candidate (`bench enumerate`), what questions
///   ([`distinguishing_input`], sessions) use.
///
/// [`CandidateConfig::default`] keeps the first fit only (Occam's
/// choice).
#[derive(Clone, Copy, Debug, PartialEq)]
#[must_use]
pub struct CandidateConfig {
    /// Keep fitting programs up to this many nodes larger than the smallest
    /// (Δ). Default: 0; alternatives: 2 (one more binary operator and
    /// leaf: the next size up in a grammar of binary operators).
    pub window: usize,
    /// Most candidates kept (K). Default: 1; alternatives: 8.
    pub max_candidates: usize,
    /// Rows beyond the examples that programs are told apart on (R).
    /// Default: 0; alternatives: 8.
    pub extra_rows: usize,
    /// After the first fit, the search goes on for at most this share of
    /// the candidates it took to find it (at least `min_extra_candidates`
    /// when positive), within the window. Default: 0; alternatives and
    /// ranked: 0.25.
    pub extra_effort: f64,
    /// Candidates a search may always spend past its first fit when
    /// `extra_effort` is positive. Default: 0; alternatives and ranked:
    /// [`MIN_EXTRA_CANDIDATES`].
    pub min_extra_candidates: u64,
    /// Collect the fitting programs the enumeration drops as duplicates of
    /// a fit on the examples ([`Enumerator::watch`](crate::enumerate::Enumerator::watch)),
    /// told apart on [`FIT_ROWS`] rows beyond the examples when
    /// `extra_rows` is 0. Default: false; ranked: true.
    pub duplicates: bool,
}

/// Rows beyond the examples that collected fits are told apart on, when
/// the enumeration judges no rows beyond the examples itself.
pub const FIT_ROWS: usize = 16;

/// Duplicates of a fit an enumeration holds between two takes.
const WATCH_MAX: usize = 4096;

/// Candidates a search keeping alternatives may always spend past its
/// first fit ([`CandidateConfig::alternatives`]).
pub const MIN_EXTRA_CANDIDATES: u64 = 20_000;

/// One candidate, the first (smallest) fit.
impl Default for CandidateConfig {
    fn default() -> Self {
        CandidateConfig {
            window: 0,
            max_candidates: 1,
            extra_rows: 0,
            extra_effort: 0.0,
            min_extra_candidates: 0,
            duplicates: false,
        }
    }
}

impl CandidateConfig {
    /// Up to 8 fitting programs within two nodes of the smallest, told apart
    /// on 8 rows beyond the examples, for a quarter more effort past the
    /// first fit: what questions need.
    pub fn alternatives() -> CandidateConfig {
        CandidateConfig {
            window: 2,
            max_candidates: 8,
            extra_rows: 8,
            extra_effort: 0.25,
            min_extra_candidates: MIN_EXTRA_CANDIDATES,
            duplicates: false,
        }
    }

    /// Up to 16 fitting programs within two nodes of the smallest, from
    /// the enumeration's duplicates of a fit, for a quarter more effort
    /// past the first fit (at least [`MIN_EXTRA_CANDIDATES`]): what the
    /// ranker chooses among. The enumeration's bank is the one of the
    /// first fit alone; the duplicates cost a comparison of hashes per
    /// candidate, and each fit an evaluation on [`FIT_ROWS`] rows.
    pub fn ranked() -> CandidateConfig {
        CandidateConfig {
            window: 2,
            max_candidates: 16,
            extra_rows: 0,
            extra_effort: 0.25,
            min_extra_candidates: MIN_EXTRA_CANDIDATES,
            duplicates: true,
        }
    }

    /// Whether more than the first fit is kept.
    #[must_use]
    pub fn keeps_alternatives(&self) -> bool {
        self.max_candidates > 1 && (self.extra_rows > 0 || self.duplicates)
    }

    /// Rows beyond the examples fits are told apart on.
    #[must_use]
    pub fn fit_rows(&self) -> usize {
        if self.extra_rows == 0 && self.duplicates && self.max_candidates > 1 {
            FIT_ROWS
        } else {
            self.extra_rows
        }
    }

    /// `enumerator`, watching `spec`'s outputs when duplicates are
    /// collected, or when the spec judges fits under SMT-LIB's semantics
    /// (the program the enumeration banks for the outputs may meet them
    /// only by wrapping or a zero divisor; a duplicate may not).
    pub(crate) fn watching(
        &self,
        enumerator: crate::enumerate::Enumerator,
        spec: &Spec,
    ) -> crate::enumerate::Enumerator {
        if self.duplicates && self.max_candidates > 1 || spec.smt.is_some() {
            enumerator.watch(spec.train_outputs(), WATCH_MAX)
        } else {
            enumerator
        }
    }
}

/// A program that fits every training example, with its rank's score.
#[derive(Clone, Debug, PartialEq)]
pub struct Candidate {
    /// The program.
    pub program: Program,
    /// Its score under the ranker (higher is better).
    pub score: f64,
    /// Rows beyond the examples ([`beyond_rows`]) on which it gives another
    /// output than the first candidate (0 for the first).
    pub disagreement: usize,
}

/// Orders fitting programs: a higher score is more likely the program
/// meant. Ties are broken by size, then by the root operator in the
/// enumeration's order ([`GENERATION_ORDER`](crate::enumerate::GENERATION_ORDER):
/// `+ - *` before the branches, the branches before `div` and `mod`, as
/// the first fit of a size would be), then by the programs' own order, so
/// a ranking never depends on the order candidates were found in.
pub trait Ranker {
    /// A short name for results.
    fn name(&self) -> &str;

    /// The score of `program`, which fits `spec`'s training examples.
    fn score(&self, spec: &Spec, program: &Program) -> f64;
}

/// Occam's razor: the smaller, the better (score = −size).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Occam;

impl Ranker for Occam {
    fn name(&self) -> &str {
        "occam"
    }

    fn score(&self, _: &Spec, program: &Program) -> f64 {
        -(u32::try_from(program.size()).map_or(f64::from(u32::MAX), f64::from))
    }
}

/// Scores `programs` with `ranker` and sorts them, best first; each
/// one's disagreement is counted against the first on `beyond`. A program
/// that reads a variable the spec (or a row of `beyond`) lacks fits
/// nothing and is left out.
#[must_use]
pub fn rank(
    spec: &Spec,
    programs: Vec<Program>,
    ranker: &dyn Ranker,
    beyond: &Inputs,
) -> Vec<Candidate> {
    let width = if beyond.is_empty() {
        spec.vars().len()
    } else {
        spec.vars().len().min(beyond.num_vars())
    };
    let mut scored: Vec<(f64, Program)> = programs
        .into_iter()
        .filter(|program| program.min_vars() <= width)
        .map(|program| (ranker.score(spec, &program), program))
        .collect();
    scored.sort_by(|(a, p), (b, q)| {
        b.total_cmp(a)
            .then(p.size().cmp(&q.size()))
            .then_with(|| generation_rank(p).cmp(&generation_rank(q)))
            .then_with(|| p.cmp(q))
    });
    let rows: Vec<Vec<i64>> = (0..beyond.len()).map(|i| beyond.row(i).to_vec()).collect();
    let outputs = |program: &Program| -> Vec<i64> {
        rows.iter()
            .map(|row| reference::eval(program, row))
            .collect()
    };
    let first = scored.first().map(|(_, p)| outputs(p)).unwrap_or_default();
    scored
        .into_iter()
        .map(|(score, program)| {
            let disagreement = outputs(&program)
                .iter()
                .zip(&first)
                .filter(|(a, b)| a != b)
                .count();
            Candidate {
                program,
                score,
                disagreement,
            }
        })
        .collect()
}

/// Where `program`'s root operator comes in the enumeration's order; leaves
/// first.
pub(super) fn generation_rank(program: &Program) -> usize {
    match program.root() {
        crate::dsl::Node::Op(op) => crate::enumerate::GENERATION_ORDER
            .iter()
            .position(|&o| o == op)
            .map_or(usize::MAX, |p| p + 1),
        _ => 0,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dsl::{Example, Grammar, Vars};

    fn spec(rows: &[(i64, i64)]) -> Spec {
        Spec::new(
            Grammar::new(Vars::new(["x"]).unwrap()),
            rows.iter().map(|&(x, y)| Example::new([x], y)).collect(),
            Vec::new(),
        )
        .unwrap()
    }

    fn parse(text: &str) -> Program {
        Program::parse(text, &Vars::new(["x"]).unwrap()).unwrap()
    }

    #[test]
    fn beyond_rows_skip_the_examples_and_repeat() {
        let spec = spec(&[(0, 0), (-1, 1), (5, 10)]);
        let rows = beyond_rows(&spec, 8);
        assert_eq!(rows.len(), 8);
        let all: Vec<Vec<i64>> = (0..rows.len()).map(|i| rows.row(i).to_vec()).collect();
        for row in &all {
            assert!(
                ![[0], [-1], [5]].iter().any(|e| e[..] == row[..]),
                "{row:?}"
            );
        }
        let mut unique = all.clone();
        unique.sort();
        unique.dedup();
        assert_eq!(unique.len(), all.len());
        // extremes past the range: 10 * (5 + 5) + 7 and 10 * (-1 - 5) - 7
        assert!(
            all.contains(&vec![107]) && all.contains(&vec![-67]),
            "{all:?}"
        );
        assert_eq!(beyond_rows(&spec, 8), rows, "a fixed seed");
    }

    #[test]
    fn the_question_splits_the_candidates() {
        let spec = spec(&[(0, 0), (2, 4)]);
        let double = parse("(+ x x)");
        let square = parse("(* x x)");
        let question = distinguishing_input(&spec, &[double.clone(), square.clone()]).unwrap();
        assert_ne!(
            reference::eval(&double, &question),
            reference::eval(&square, &question)
        );
        // small first: |x| = 1 already tells them apart
        assert_eq!(question.iter().map(|v| v.abs()).sum::<i64>(), 1);
        // equivalent programs: no question
        let twice = parse("(* x 2)");
        assert_eq!(distinguishing_input(&spec, &[double, twice]), None);
    }

    #[test]
    fn the_question_parts_the_two_best_first() {
        // the runner-up differs only at 7, 8 and 9; the third and fourth on
        // small inputs, where a question by most distinct outputs would go
        let spec = spec(&[(0, 0), (10, 10), (20, 20), (30, 30)]);
        let first = parse("x");
        let second = parse("(ite (< x 7) x (ite (< x 10) 0 x))");
        let third = parse("(ite (< x 0) 0 x)");
        let fourth = parse("(ite (< x 4) (* x 2) x)");
        let candidates = [first.clone(), second.clone(), third, fourth];
        let question = distinguishing_input(&spec, &candidates).unwrap();
        assert_ne!(
            reference::eval(&first, &question),
            reference::eval(&second, &question),
            "{question:?}"
        );
        // without the runner-up, the small inputs win (within the range first)
        let question = distinguishing_input(&spec, &[first, candidates[3].clone()]).unwrap();
        assert_eq!(question, [1]);
    }

    #[test]
    fn a_check_goes_where_a_fitting_neighbour_differs() {
        let grammar = Grammar::new(Vars::new(["x"]).unwrap());
        for (text, xs) in [
            (
                "(+ 3 (mod 3 (+ x 2)))",
                &[130, 16, -8, 7, -18, 1, -17, -16][..],
            ),
            ("(* x x)", &[-2, 0, 1, 3, 5]),
            ("(div x 3)", &[-9, 4, 12, 40]),
            ("0", &[16, 9, -13, 17, 658, -18, -16]),
        ] {
            let program = parse(text);
            let train = xs
                .iter()
                .map(|&x| Example::new([x], reference::eval(&program, &[x])))
                .collect();
            let spec = Spec::new(grammar.clone(), train, Vec::new()).unwrap();
            let check = check_input_for(&spec, &program).unwrap();
            assert!(spec.train().iter().all(|e| e.inputs != check), "{text}");
            if Some(&check) != check_input(&spec).as_ref() {
                let own = reference::eval(&program, &check);
                let differs = super::super::neighbours::neighbours(&program, spec.grammar())
                    .into_iter()
                    .any(|n| {
                        spec.matched(&n) == spec.train().len() && reference::eval(&n, &check) != own
                    });
                assert!(differs, "{text}: {check:?}");
            }
        }
        // x + 2 where x - 2 was meant (and the smaller 3 + (3 mod x) ruled
        // out by f(-2) = 6): the check tells them apart
        let found = parse("(+ 3 (mod 3 (+ x 2)))");
        let meant = parse("(+ 3 (mod 3 (- x 2)))");
        let train = [130, 16, -8, 7, -18, 1, -17, -16, -2]
            .map(|x| Example::new([x], reference::eval(&meant, &[x])))
            .to_vec();
        let spec = Spec::new(grammar.with_literals([6]), train, Vec::new()).unwrap();
        assert_eq!(spec.matched(&found), spec.train().len());
        let check = check_input_for(&spec, &found).unwrap();
        assert_ne!(
            reference::eval(&found, &check),
            reference::eval(&meant, &check)
        );
        assert_eq!(check_input(&spec), Some(vec![0]));
        assert_eq!(reference::eval(&found, &[0]), reference::eval(&meant, &[0]));
    }

    #[test]
    fn fits_keep_one_program_per_column_within_the_window() {
        let spec = spec(&[(0, 0), (2, 4)]);
        let config = CandidateConfig {
            window: 1,
            max_candidates: 2,
            ..CandidateConfig::alternatives()
        };
        let mut fits = Fits::new(config, &spec, &crate::search::Prior);
        fits.offer(parse("(+ x x)"), vec![2, 4], 10);
        fits.offer(parse("(* x 2)"), vec![2, 4], 11); // same column, not smaller
        fits.offer(parse("(* x x)"), vec![1, 4], 12);
        fits.offer(parse("(* x (* x x))"), vec![1, 8], 13); // past the window
        fits.offer(parse("x"), vec![1, 2], 14); // smaller: the window moves
        let programs = fits.into_programs();
        let texts: Vec<String> = programs
            .iter()
            .map(|p| p.sexpr(&Vars::new(["x"]).unwrap()).to_string())
            .collect();
        assert_eq!(texts, ["x"]);
        assert!(!Fits::new(CandidateConfig::default(), &spec, &Occam).any());
    }

    #[test]
    fn the_ranker_decides_which_fits_are_kept() {
        // prefers a product: what Prior would drop is what this one keeps
        struct Products;
        impl Ranker for Products {
            fn name(&self) -> &str {
                "products"
            }
            fn score(&self, _: &Spec, program: &Program) -> f64 {
                let products = program
                    .nodes()
                    .iter()
                    .filter(|n| **n == crate::dsl::Node::Op(crate::dsl::Op::Mul))
                    .count();
                f64::from(u32::try_from(products).unwrap())
            }
        }
        let spec = spec(&[(0, 0), (2, 4)]);
        let config = CandidateConfig {
            window: 2,
            max_candidates: 1,
            ..CandidateConfig::alternatives()
        };
        let kept = |ranker: &dyn Ranker| {
            let mut fits = Fits::new(config, &spec, ranker);
            fits.offer(parse("(+ x x)"), vec![2, 4], 10);
            fits.offer(parse("(* x x)"), vec![1, 4], 11);
            fits.offer(parse("(* (* x x) 1)"), vec![3, 9], 12);
            fits.into_programs()
        };
        assert_eq!(kept(&crate::search::Prior), [parse("(+ x x)")]);
        assert_eq!(kept(&Products), [parse("(* (* x x) 1)")]);
        // the same column twice: the ranker's choice stays
        let mut fits = Fits::new(config, &spec, &Products);
        fits.offer(parse("(+ x x)"), vec![2, 4], 10);
        fits.offer(parse("(* x 2)"), vec![2, 4], 11);
        assert_eq!(fits.into_programs(), [parse("(* x 2)")]);
    }

    #[test]
    fn ranking_breaks_ties_by_size_then_order() {
        let spec = spec(&[(0, 0), (2, 4)]);
        struct Flat;
        impl Ranker for Flat {
            fn name(&self) -> &str {
                "flat"
            }
            fn score(&self, _: &Spec, _: &Program) -> f64 {
                0.0
            }
        }
        let programs = vec![parse("(* x x)"), parse("(+ x (* x 1))"), parse("(+ x x)")];
        let beyond = beyond_rows(&spec, 4);
        let ranked = rank(&spec, programs.clone(), &Flat, &beyond);
        let mut reversed = programs;
        reversed.reverse();
        assert_eq!(ranked, rank(&spec, reversed, &Flat, &beyond));
        assert_eq!(ranked[0].disagreement, 0);
        assert_eq!(ranked.last().unwrap().program.size(), 5);
        // Occam: the smaller first
        let occam = rank(
            &spec,
            vec![parse("(+ x (* x 1))"), parse("(* x x)")],
            &Occam,
            &beyond,
        );
        assert_eq!(occam[0].program.size(), 3);
        assert!(occam[1].disagreement > 0);
    }

    #[test]
    fn refining_keeps_the_candidates_that_give_the_answer() {
        let spec = spec(&[(0, 0), (2, 4)]);
        let solution = super::super::solved(
            &spec,
            vec![parse("(+ x x)"), parse("(* x x)")],
            &crate::search::Prior,
            "test",
            &crate::search::Deadline::never(),
            2,
            0,
        )
        .unwrap();
        assert_eq!(solution.ranked.len(), 2);
        // f(3) = 9: the square stays
        let (refined, left) = refine(&spec, &solution, Example::new([3], 9), &Occam).unwrap();
        assert_eq!(refined.train().len(), 3);
        let left = left.unwrap();
        assert_eq!(left.program, parse("(* x x)"));
        assert_eq!(left.ranked.len(), 1);
        // f(3) = 7: neither; search again
        let (_, none) = refine(&spec, &solution, Example::new([3], 7), &Occam).unwrap();
        assert!(none.is_none());
        // an answer that contradicts an example is an error
        assert!(refine(&spec, &solution, Example::new([2], 5), &Occam).is_err());
    }
}
