//! Bottom-up enumeration with observational equivalence on the training
//! inputs and on rows beyond them ([`beyond_rows`]), keeping the programs
//! whose outputs are the training outputs: the first is a smallest one
//! (sizes grow); the search goes on a little past it for others that fit
//! but differ beyond the examples ([`CandidateConfig`]).

use std::ops::ControlFlow;

use super::candidates::{beyond_rows, CandidateConfig, Fits};
use super::{
    enumerator_within, solved, Best, Budget, GaveUp, Outcome, Prior, Progress, Ranker, SearchError,
    Spec, Strategy,
};
use crate::enumerate::DEFAULT_MEMORY_LIMIT;

/// Enumerative search; see the [module docs](self).
#[derive(Clone, Copy, Debug, PartialEq)]
#[must_use]
pub struct Enumerative {
    /// Largest program size. Default: 15.
    pub max_size: usize,
    /// Memory for the enumerator's bank. Default: 4 GiB.
    pub memory_limit: usize,
    /// Which fitting programs are kept. Default: the first
    /// ([`CandidateConfig::default`]); [`CandidateConfig::alternatives`]
    /// keeps others that fit but differ beyond the examples.
    pub candidates: CandidateConfig,
    /// Threads of the enumeration ([`Enumerator::threads`]; the program
    /// found and the counts do not depend on it). Default: 1.
    ///
    /// [`Enumerator::threads`]: crate::enumerate::Enumerator::threads
    pub threads: usize,
}

impl Default for Enumerative {
    fn default() -> Self {
        Enumerative {
            max_size: 15,
            memory_limit: DEFAULT_MEMORY_LIMIT,
            candidates: CandidateConfig::default(),
            threads: 1,
        }
    }
}

impl Strategy for Enumerative {
    fn name(&self) -> &str {
        "enumerative"
    }

    /// As [`Enumerative::solve_ranked`] with [`Prior`], the default ranker.
    fn solve_with(
        &self,
        spec: &Spec,
        budget: &Budget,
        progress: &mut dyn FnMut(&Progress) -> ControlFlow<()>,
    ) -> Result<Outcome, SearchError> {
        self.solve_ranked(spec, budget, &Prior, progress)
    }
}

impl Enumerative {
    /// Searches as [`Strategy::solve_with`] does, `ranker` deciding which
    /// fitting programs are kept ([`CandidateConfig`]) and their order.
    ///
    /// # Errors
    ///
    /// As [`Strategy::solve_with`].
    pub fn solve_ranked(
        &self,
        spec: &Spec,
        budget: &Budget,
        ranker: &dyn Ranker,
        progress: &mut dyn FnMut(&Progress) -> ControlFlow<()>,
    ) -> Result<Outcome, SearchError> {
        let _span = tracing::debug_span!("enumerative", examples = spec.train().len()).entered();
        let deadline = budget.deadline();
        let target = spec.train_outputs();
        let beyond = beyond_rows(spec, self.candidates.extra_rows);
        let enumerator = enumerator_within(
            spec,
            budget,
            self.max_size,
            self.memory_limit,
            self.threads,
            &deadline,
            0,
        )
        .judge_beyond(beyond);
        let mut enumeration = self.candidates.watching(enumerator, spec).start()?;
        let mut best = Best::default();
        let mut fits = Fits::for_spec(self.candidates, spec, ranker, deadline.clone());
        let mut count = 0u32;
        let found = |fits: Fits, candidates: u64| {
            solved(
                spec,
                fits.into_programs(),
                ranker,
                self.name(),
                &deadline,
                candidates,
                0,
            )
            .map(Outcome::Solved)
        };
        let mut timed_out = false;
        while let Some(id) = enumeration.next() {
            count = count.wrapping_add(1);
            if count % 4096 == 0 {
                // what the enumeration banked before its time limit is
                // still yielded: the deadline ends the look at it
                if deadline.passed() {
                    timed_out = true;
                    break;
                }
                let report = Progress {
                    elapsed: deadline.elapsed(),
                    candidates: enumeration.candidates(),
                    samples: 0,
                    best: best.peek(),
                    solved: None,
                };
                if progress(&report).is_break() {
                    if let Some(outcome) = found(fits, enumeration.candidates()) {
                        return Ok(outcome);
                    }
                    return Ok(Outcome::Unsolved {
                        reason: GaveUp::Cancelled,
                        best: best.into_inner(),
                        elapsed: deadline.elapsed(),
                        candidates: enumeration.candidates(),
                        samples: 0,
                    });
                }
            }
            if fits.done(enumeration.size(id), enumeration.candidates()) {
                break;
            }
            let candidates = enumeration.candidates();
            fits.take_duplicates(&mut enumeration, candidates);
            let column = enumeration.column(id);
            let matched = column.count_equal(&target);
            if matched == target.len() {
                fits.offer_banked(&enumeration, id, target.len(), candidates);
            } else if !fits.any() && best.wants(matched, enumeration.size(id)) {
                best.offer(&enumeration.program(id), matched);
            }
        }
        if let Some(outcome) = found(fits, enumeration.candidates()) {
            return Ok(outcome);
        }
        Ok(Outcome::Unsolved {
            reason: match enumeration.stop_reason() {
                Some(reason) => GaveUp::from(reason),
                None if timed_out => deadline.gave_up(),
                None => GaveUp::Exhausted,
            },
            best: best.into_inner(),
            elapsed: deadline.elapsed(),
            candidates: enumeration.candidates(),
            samples: 0,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dataset::Example;
    use crate::dsl::{Grammar, Op, Vars};
    use crate::eval::reference;

    fn spec(text: &str, vars: &[&str], inputs: &[Vec<i64>]) -> Spec {
        let grammar = Grammar::new(Vars::new(vars).unwrap());
        let program = grammar.parse(text).unwrap();
        let examples: Vec<Example> = inputs
            .iter()
            .map(|row| Example {
                inputs: row.clone(),
                output: reference::eval(&program, row),
            })
            .collect();
        let (train, test) = examples.split_at(examples.len() / 2);
        Spec::new(grammar, train.to_vec(), test.to_vec()).unwrap()
    }

    #[test]
    fn a_threshold_wins_over_a_div_mod_trick_of_the_same_size() {
        // a + 5 mod (100 div a) fits these as well as the bonus meant, at
        // the same size: the piecewise operators are generated first
        let grammar = Grammar::builder()
            .vars(["a"])
            .literals([0, 1, 2, 3, 5, 100])
            .ops([
                Op::Add,
                Op::Sub,
                Op::Mul,
                Op::Div,
                Op::Mod,
                Op::Ite(crate::dsl::Cmp::Lt),
            ])
            .build()
            .unwrap();
        let meant = grammar.parse("(+ a (ite (< a 100) 0 5))").unwrap();
        let trick = grammar.parse("(+ a (mod 5 (div 100 a)))").unwrap();
        let example = |a: i64| Example::new([a], reference::eval(&meant, &[a]));
        let train = [104, 85, 214, 269, 263, 266, 190, 60].map(example).to_vec();
        let spec = Spec::new(grammar, train, (0..120).map(example).collect()).unwrap();
        assert_eq!(spec.matched(&trick), spec.train().len());
        assert_eq!(trick.size(), meant.size());
        let outcome = Enumerative::default()
            .solve(&spec, &Budget::candidates(1_000_000))
            .unwrap();
        let solution = outcome.solution().unwrap();
        assert_eq!(solution.program, meant);
        assert_eq!(solution.test_ok, Some(true));
    }

    #[test]
    fn ranked_fits_choose_the_ceiling_division_the_first_fit_misses() {
        // boxes of c for n items: 1 + n div c fits rows where c never
        // divides n, and is smaller than the ceiling meant
        let grammar = Grammar::new(Vars::new(["n", "c"]).unwrap());
        let meant = grammar.parse("(div (+ n (- c 1)) c)").unwrap();
        let example = |n: i64, c: i64| Example::new([n, c], reference::eval(&meant, &[n, c]));
        let train = [
            (33, 78),
            (73, 18),
            (35, 6),
            (93, 4),
            (66, 14),
            (53, 83),
            (30, 67),
        ]
        .map(|(n, c)| example(n, c))
        .to_vec();
        let test = (1..40).map(|n| example(n * 3, 3)).collect();
        let spec = Spec::new(grammar, train, test).unwrap();
        let budget = Budget::candidates(2_000_000);
        let first = Enumerative::default().solve(&spec, &budget).unwrap();
        let first = first.solution().unwrap();
        assert_eq!(first.test_ok, Some(false), "{:?}", first.program);
        let ranked = Enumerative {
            candidates: CandidateConfig::ranked(),
            ..Enumerative::default()
        }
        .solve(&spec, &budget)
        .unwrap();
        let ranked = ranked.solution().unwrap();
        assert_eq!(ranked.test_ok, Some(true), "{:?}", ranked.program);
        assert!(crate::search::Prior::cost(&ranked.program) < ranked.program.size() as f64);
        assert!(ranked.ranked.len() > 1);
    }

    #[test]
    fn finds_a_smallest_consistent_program() {
        let rows: Vec<Vec<i64>> = (-6..6).map(|x| vec![x * 7 % 13, x]).collect();
        let spec = spec("(+ (* x y) 1)", &["x", "y"], &rows);
        let outcome = Enumerative::default()
            .solve(&spec, &Budget::candidates(1_000_000))
            .unwrap();
        let solution = outcome.solution().unwrap();
        assert_eq!(solution.program.size(), 5);
        assert_eq!(spec.matched(&solution.program), spec.train().len());
        assert_eq!(solution.test_ok, Some(true));
    }

    #[test]
    fn budget_and_exhaustion_are_told_apart() {
        let rows: Vec<Vec<i64>> = (0..8).map(|x| vec![x * 5 - 11]).collect();
        // x^5 + 3x needs size 13: not within size 7, nor 50 candidates
        let spec = spec("(+ (* x (* (* x x) (* x x))) (* 3 x))", &["x"], &rows);
        let small = Enumerative {
            max_size: 7,
            ..Enumerative::default()
        };
        match small.solve(&spec, &Budget::default()).unwrap() {
            Outcome::Unsolved { reason, best, .. } => {
                assert_eq!(reason, GaveUp::Exhausted);
                assert!(best.is_some());
            }
            solved => panic!("{solved}"),
        }
        match Enumerative::default()
            .solve(&spec, &Budget::candidates(50))
            .unwrap()
        {
            Outcome::Unsolved { reason, .. } => assert_eq!(reason, GaveUp::CandidateLimit),
            solved => panic!("{solved}"),
        }
        let tight = Enumerative {
            memory_limit: 64 << 10,
            ..Enumerative::default()
        };
        match tight.solve(&spec, &Budget::default()).unwrap() {
            Outcome::Unsolved { reason, .. } => assert_eq!(reason, GaveUp::MemoryLimit),
            solved => panic!("{solved}"),
        }
    }

    #[test]
    fn an_enumeration_that_cannot_start_is_an_error_not_an_exhausted_space() {
        let rows: Vec<Vec<i64>> = (0..4).map(|x| vec![x]).collect();
        let spec = spec("(+ x 1)", &["x"], &rows);
        let none = Enumerative {
            max_size: 0,
            ..Enumerative::default()
        };
        let error = none.solve(&spec, &Budget::default()).unwrap_err();
        assert!(matches!(error, SearchError::Enumerate(_)), "{error}");
    }

    #[test]
    fn cancelled_by_the_progress_callback() {
        let rows: Vec<Vec<i64>> = (0..8).map(|x| vec![x * 5 - 11]).collect();
        let spec = spec("(+ (* x (* (* x x) (* x x))) (* 3 x))", &["x"], &rows);
        let outcome = Enumerative::default()
            .solve_with(&spec, &Budget::default(), &mut |_| ControlFlow::Break(()))
            .unwrap();
        assert_eq!(outcome.gave_up(), Some(GaveUp::Cancelled));
    }
}
