//! What a [`Synthesizer`](super::Synthesizer) found.

use std::fmt;
use std::time::Duration;

use crate::dsl::{Infix, Program, Sexpr, Vars};
use crate::search::evidence::{Evidence, Verdict};
use crate::search::{GaveUp, Outcome};

/// What a [`Synthesizer`](super::Synthesizer) found: a program that fits every example, or
/// "not found" with the reason and the best program so far; and whether
/// the examples support the program ([`Synthesis::verdict`]: a fit is not
/// yet knowledge).
///
/// `Display` prints the program as an S-expression when one was found, and
/// the reason and best partial match otherwise; [`Synthesis::report`] says
/// more.
#[derive(Clone, PartialEq)]
#[must_use]
pub struct Synthesis {
    pub(super) outcome: Outcome,
    pub(super) vars: Vars,
    /// The program's evidence on the spec searched; `None` when not found.
    pub(super) evidence: Option<Evidence>,
    /// The evidence in bits at which a program generalizes.
    pub(super) threshold: f64,
}

impl Synthesis {
    /// Whether a program fitting every example was found.
    #[must_use]
    pub fn is_found(&self) -> bool {
        self.outcome.solution().is_some()
    }

    /// The program found, if any: it fits every example (checked by the
    /// reference interpreter).
    #[must_use]
    pub fn program(&self) -> Option<&Program> {
        self.outcome.solution().map(|s| &s.program)
    }

    /// How much the examples support the program, in bits: how much
    /// shorter the program is than the outputs it explains
    /// ([`search::evidence`](crate::search::evidence) gives the formula).
    /// `None` when nothing was found.
    #[must_use]
    pub fn evidence(&self) -> Option<f64> {
        self.evidence.as_ref().map(Evidence::bits)
    }

    /// The evidence with its two terms (the outputs' null code and the
    /// program's code, in bits); `None` when nothing was found.
    #[must_use]
    pub fn evidence_terms(&self) -> Option<Evidence> {
        self.evidence
    }

    /// Whether the answer [generalizes](Verdict::Generalizes) (found, with
    /// evidence at or above the synthesizer's
    /// [threshold](super::Synthesizer::evidence_threshold)), only
    /// [fits](Verdict::FitsOnly) the examples, or was
    /// [not found](Verdict::NotFound). A program that only fits is still
    /// returned by [`Synthesis::program`]: it is consistent with every
    /// example, but a search that tries everything finds such fits in
    /// noise; more examples tell ([`Session`](super::Session) asks).
    ///
    /// ```
    /// use arithsynth::{Synthesizer, Verdict};
    ///
    /// let synthesizer = Synthesizer::new(["n"]).candidate_limit(1_000_000).no_time_limit();
    /// let rows: Vec<([i64; 1], i64)> = (0..10).map(|n| ([n], 3 * n + 2)).collect();
    /// assert_eq!(synthesizer.solve(&rows)?.verdict(), Verdict::Generalizes);
    /// // three digits of pi: `(+ 1 (* 2 n))`-sized fits abound, none supported
    /// let digits = synthesizer.solve(&[([0], 3), ([1], 1), ([2], 4)])?;
    /// assert_eq!(digits.verdict(), Verdict::FitsOnly);
    /// assert!(digits.program().is_some());
    /// # Ok::<(), arithsynth::Error>(())
    /// ```
    #[must_use]
    pub fn verdict(&self) -> Verdict {
        Verdict::at(self.evidence(), self.threshold)
    }

    /// The program as an S-expression, e.g. `(+ (* x x) 1)`.
    #[must_use]
    pub fn sexpr(&self) -> Option<Sexpr<'_>> {
        self.program().map(|p| p.sexpr(&self.vars))
    }

    /// The program in infix, for people: `x * x + 1`.
    #[must_use]
    pub fn infix(&self) -> Option<Infix<'_>> {
        self.program().map(|p| p.infix(&self.vars))
    }

    /// When nothing was found: the program that fits the most examples (the
    /// smallest among equals), with how many it fits. `None` when found, or
    /// when no program was tried.
    #[must_use]
    pub fn best(&self) -> Option<(&Program, usize)> {
        match &self.outcome {
            Outcome::Unsolved { best, .. } => best.as_ref().map(|(p, n)| (p, *n)),
            Outcome::Solved(_) => None,
        }
    }

    /// The distinct programs that fit (they differ beyond the examples),
    /// best first; empty when nothing was found.
    #[must_use]
    pub fn ranked(&self) -> &[crate::search::Candidate] {
        self.outcome.solution().map_or(&[], |s| s.ranked.as_slice())
    }

    /// Why the search gave up; `None` when a program was found.
    #[must_use]
    pub fn gave_up(&self) -> Option<GaveUp> {
        self.outcome.gave_up()
    }

    /// Whether the program also fits the held-out examples of the spec
    /// ([`Synthesizer::solve_spec`](super::Synthesizer::solve_spec)); `None` without any or when not found.
    #[must_use]
    pub fn test_ok(&self) -> Option<bool> {
        self.outcome.solution().and_then(|s| s.test_ok)
    }

    /// Time spent.
    #[must_use]
    pub fn elapsed(&self) -> Duration {
        self.outcome.elapsed()
    }

    /// Candidate programs evaluated.
    #[must_use]
    pub fn candidates(&self) -> u64 {
        self.outcome.candidates()
    }

    /// Programs sampled from the model.
    #[must_use]
    pub fn samples(&self) -> u64 {
        self.outcome.samples()
    }

    /// The variables the programs read.
    #[must_use]
    pub fn vars(&self) -> &Vars {
        &self.vars
    }

    /// The search's own outcome.
    #[must_use]
    pub fn outcome(&self) -> &Outcome {
        &self.outcome
    }

    /// The search's own outcome, by value.
    #[must_use]
    pub fn into_outcome(self) -> Outcome {
        self.outcome
    }

    /// A one-line report: the program (S-expression and infix) or the
    /// reason, then the verdict and evidence, time, candidates and samples.
    #[must_use]
    pub fn report(&self) -> Report<'_> {
        Report(self)
    }
}

impl fmt::Display for Synthesis {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.outcome {
            Outcome::Solved(solution) => write!(f, "{}", solution.program.sexpr(&self.vars)),
            Outcome::Unsolved { reason, best, .. } => {
                write!(f, "no program found ({reason})")?;
                if let Some((program, matched)) = best {
                    write!(
                        f,
                        "; best so far {} fits {matched} examples",
                        program.sexpr(&self.vars)
                    )?;
                }
                Ok(())
            }
        }
    }
}

impl fmt::Debug for Synthesis {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let Synthesis {
            outcome,
            vars,
            evidence,
            threshold,
        } = self;
        f.debug_struct("Synthesis")
            .field("program", &self.sexpr().map(|s| s.to_string()))
            .field("verdict", &self.verdict())
            .field("outcome", outcome)
            .field("vars", vars)
            .field("evidence", evidence)
            .field("threshold", threshold)
            .finish()
    }
}

/// [`Synthesis::report`]'s `Display`.
#[derive(Clone, Copy, Debug)]
pub struct Report<'a>(&'a Synthesis);

impl fmt::Display for Report<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let synthesis = self.0;
        match (synthesis.infix(), synthesis.evidence()) {
            (Some(infix), Some(bits)) => write!(
                f,
                "found {synthesis} ({infix}), {}: evidence {bits:.1} bits,",
                synthesis.verdict()
            )?,
            _ => write!(f, "{synthesis}")?,
        }
        write!(
            f,
            " in {:.3} s, {} candidates, {} samples",
            synthesis.elapsed().as_secs_f64(),
            synthesis.candidates(),
            synthesis.samples()
        )
    }
}
