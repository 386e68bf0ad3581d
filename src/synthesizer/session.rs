//! A session: questions and answers that narrow the fitting programs down.

use crate::dsl::{Example, Program};
use crate::error::Error;
use crate::search::{Outcome, Spec};

use super::{Synthesis, Synthesizer};

/// Questions and answers that narrow the fitting programs down to the one
/// meant; see [`Synthesizer::session`].
#[derive(Debug)]
pub struct Session<'s> {
    pub(super) synthesizer: &'s Synthesizer,
    pub(super) spec: Spec,
    pub(super) synthesis: Synthesis,
    pub(super) questions: usize,
}

impl Session<'_> {
    /// What is found so far.
    pub fn synthesis(&self) -> &Synthesis {
        &self.synthesis
    }

    /// The spec so far: the rows given, then the answers.
    #[must_use]
    pub fn spec(&self) -> &Spec {
        &self.spec
    }

    /// Answers taken so far.
    #[must_use]
    pub fn questions(&self) -> usize {
        self.questions
    }

    /// An input to ask about before answering: one on which the top
    /// candidates give different outputs, small integers first
    /// ([`distinguishing_input`](crate::search::distinguishing_input));
    /// or, when they agree but the examples do not support the answer
    /// ([`Verdict::FitsOnly`](crate::Verdict::FitsOnly)), a
    /// [check](Session::check). `None` when nothing was found, or when the
    /// candidates agree on an answer that
    /// [generalizes](crate::Verdict::Generalizes): the session is ready to
    /// answer.
    #[must_use]
    pub fn question(&self) -> Option<Vec<i64>> {
        let solution = self.synthesis.outcome.solution()?;
        let top: Vec<Program> = solution.ranked.iter().map(|c| c.program.clone()).collect();
        crate::search::distinguishing_input(&self.spec, &top).or_else(|| {
            (self.synthesis.verdict() == crate::Verdict::FitsOnly)
                .then(|| self.check())
                .flatten()
        })
    }

    /// An input to check the best program on once the candidates agree
    /// ([`check_input_for`](crate::search::check_input_for)): an input
    /// that is not an example, within the range the examples span, where
    /// most of the program's near alternatives that also fit (one edit
    /// away) give another output; the smallest magnitudes first where
    /// none does. Answer it with [`Session::answer`] like a question;
    /// unlike [`Session::question`] there is always one while a program is
    /// found, so the caller decides how many checks to ask. `None` when
    /// nothing was found.
    ///
    /// ```
    /// use arithsynth::{Method, Synthesizer};
    ///
    /// // 10 -> 10, 20 -> 20, 30 -> 30: `x` fits
    /// let synthesizer = Synthesizer::new(["x"]).method(Method::Enumerative).candidate_limit(2_000_000);
    /// let mut session = synthesizer.session(&[([10], 10), ([20], 20), ([30], 30)])?;
    /// assert_eq!(session.synthesis().to_string(), "x");
    /// // the rule meant rounds down to tens: a check in the examples' range tells
    /// let check = session.check().expect("a program was found");
    /// assert_eq!(check, vec![11]);
    /// session.answer(&check, 10)?;
    /// assert_ne!(session.synthesis().to_string(), "x");
    /// # Ok::<(), arithsynth::Error>(())
    /// ```
    #[must_use]
    pub fn check(&self) -> Option<Vec<i64>> {
        let solution = self.synthesis.outcome.solution()?;
        crate::search::check_input_for(&self.spec, &solution.program)
    }

    /// Takes the output for `inputs` as one more example: the candidates
    /// that give it stay, ranked anew; when none does, the synthesizer
    /// searches again with every example so far.
    ///
    /// # Errors
    ///
    /// [`Error::Spec`] when the answer contradicts an example with the same
    /// inputs, or `inputs` has the wrong width; [`Error::Search`] as
    /// [`Synthesizer::solve`].
    pub fn answer(&mut self, inputs: &[i64], output: i64) -> Result<&Synthesis, Error> {
        let example = Example::new(inputs, output);
        let refined = match self.synthesis.outcome.solution() {
            Some(solution) => {
                let (spec, left) = crate::search::refine(
                    &self.spec,
                    solution,
                    example,
                    self.synthesizer.ranker.as_ref(),
                )?;
                self.spec = spec;
                left
            }
            None => {
                let mut train = self.spec.train().to_vec();
                train.push(example);
                self.spec = self.spec.with_train(train)?;
                None
            }
        };
        self.questions += 1;
        self.synthesis = match refined {
            Some(mut solution) => {
                // the candidates left keep the search's spelling: the new
                // first comes back simplified, as a search's answer does
                let deadline = self.synthesizer.budget().deadline();
                self.synthesizer
                    .simplified(&self.spec, &mut solution, &deadline);
                self.synthesizer
                    .synthesis(&self.spec, Outcome::Solved(solution), &deadline)
            }
            None => self.synthesizer.asking().solve_spec(&self.spec)?,
        };
        Ok(&self.synthesis)
    }

    /// What was found, by value.
    pub fn into_synthesis(self) -> Synthesis {
        self.synthesis
    }
}
