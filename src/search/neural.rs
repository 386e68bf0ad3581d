//! Sample-and-check from the model (the second seed paper's baseline):
//! batches of grammar-constrained samples, deduplicated, each checked on the
//! training examples; the consistent programs of a batch are the
//! candidates, ranked (the smallest first).

use std::collections::BTreeSet;
use std::ops::ControlFlow;

use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;

use super::hybrid::{Hybrid, Proposals, Proposer};
use super::{
    solved, Best, Budget, Deadline, GaveUp, Outcome, Progress, SearchError, Spec, Strategy,
};
use crate::dsl::{Node, Program};
use crate::model::{Model, Sample, Sampler, SamplerConfig};

/// Neural sample-and-check; see the [module docs](self).
#[derive(Debug)]
pub struct Neural<'m> {
    model: &'m Model,
    config: SamplerConfig,
    seed: u64,
}

impl<'m> Neural<'m> {
    /// Samples from `model` with the default sampler settings and seed 0.
    #[must_use]
    pub fn new(model: &'m Model) -> Neural<'m> {
        Neural {
            model,
            config: SamplerConfig::default(),
            seed: 0,
        }
    }

    /// The sampler settings. Default: [`SamplerConfig::default`].
    #[must_use]
    pub fn with_config(mut self, config: SamplerConfig) -> Neural<'m> {
        self.config = config;
        self
    }

    /// The sampler's seed (same seed, same samples). Default: 0.
    #[must_use]
    pub fn with_seed(mut self, seed: u64) -> Neural<'m> {
        self.seed = seed;
        self
    }
}

/// Samples drawn when a budget sets no sample or time limit.
const DEFAULT_SAMPLES: u64 = 1024;

impl Strategy for Neural<'_> {
    fn name(&self) -> &str {
        "neural"
    }

    fn solve_with(
        &self,
        spec: &Spec,
        budget: &Budget,
        progress: &mut dyn FnMut(&Progress) -> ControlFlow<()>,
    ) -> Result<Outcome, SearchError> {
        let _span = tracing::debug_span!("neural", examples = spec.train().len()).entered();
        let deadline = budget.deadline();
        let sampler = Sampler::new(self.model, spec.grammar());
        let mut rng = ChaCha8Rng::seed_from_u64(self.seed);
        let limit = budget.samples.unwrap_or(if budget.time.is_some() {
            u64::MAX
        } else {
            DEFAULT_SAMPLES
        });
        let mut seen = BTreeSet::new();
        let mut best = Best::default();
        let mut samples = 0u64;
        let mut candidates = 0u64;
        let out_of_time = || deadline.passed();
        let reason = loop {
            if samples >= limit {
                break GaveUp::SampleLimit;
            }
            if out_of_time() {
                break deadline.gave_up();
            }
            if budget.candidates.is_some_and(|c| candidates >= c) {
                break GaveUp::CandidateLimit;
            }
            let batch = u64::try_from(self.config.batch.max(1))
                .unwrap_or(64)
                .min(limit - samples);
            let drawn = sampler.sample_until(
                spec.train(),
                usize::try_from(batch).unwrap_or(64),
                &self.config,
                &mut rng,
                &mut || deadline.passed(),
            )?;
            samples += drawn.len() as u64;
            let mut fitting = Vec::new();
            for sample in drawn {
                if !seen.insert(sample.program.clone()) {
                    continue;
                }
                candidates += 1;
                let matched = spec.matched(&sample.program);
                if matched == spec.train().len() {
                    fitting.push(sample.program);
                } else if best.wants(matched, sample.program.size()) {
                    best.offer(&sample.program, matched);
                }
            }
            if let Some(solution) = solved(
                spec,
                fitting,
                &super::Prior,
                self.name(),
                &deadline,
                candidates,
                samples,
            ) {
                return Ok(Outcome::Solved(solution));
            }
            let report = Progress {
                elapsed: deadline.elapsed(),
                candidates,
                samples,
                best: best.peek(),
                solved: None,
            };
            if progress(&report).is_break() {
                break GaveUp::Cancelled;
            }
        };
        Ok(Outcome::Unsolved {
            reason,
            best: best.into_inner(),
            elapsed: deadline.elapsed(),
            candidates,
            samples,
        })
    }
}

/// Proposals from a model: distinct samples (most probable first) and each
/// production's share of their nodes (add-one smoothed), for [`Hybrid`].
#[derive(Debug)]
pub struct ModelProposer<'m> {
    model: &'m Model,
    /// Most samples drawn. Default: 64.
    pub samples: usize,
    /// Largest share of a time budget spent sampling. Default: 0.25.
    pub time_share: f64,
    /// Sampler settings. Default: batches of 16 (small batches overshoot a
    /// small time share less).
    pub config: SamplerConfig,
    /// The sampler's seed. Default: 0.
    pub seed: u64,
    /// A sketch model ([`Vocabulary::Sketch`](crate::model::Vocabulary::Sketch))
    /// to draw sketches from, after the samples and within the same time
    /// share ([`Proposals::sketches`]). Default: none.
    pub sketcher: Option<&'m Model>,
    /// Most sketches drawn. Default: 512 (at 10 s on two cores, about as
    /// many as the time share holds after the samples; a sketch model's
    /// draws are nearly all distinct, and the share of tasks whose
    /// sketches hold the program grows with their number).
    pub sketches: usize,
    /// Sketches drawn at once. Default: 64 (at 10 s, about 1.4 times as
    /// many sketches in the same time as batches of 16: a batch's rows
    /// share each step of the model; the sketches come after the samples,
    /// where the time share is long).
    pub sketch_batch: usize,
}

impl<'m> ModelProposer<'m> {
    /// Proposals from `model` with the default settings.
    #[must_use]
    pub fn new(model: &'m Model) -> ModelProposer<'m> {
        ModelProposer {
            model,
            samples: 64,
            time_share: 0.25,
            config: SamplerConfig {
                batch: 16,
                ..SamplerConfig::default()
            },
            seed: 0,
            sketcher: None,
            sketches: 512,
            sketch_batch: 64,
        }
    }

    /// Up to `limit` draws from `sampler`, in batches of `batch`, until
    /// `deadline`; none for a spec too long for the model.
    fn draw(
        &self,
        sampler: &Sampler<'_>,
        spec: &Spec,
        (limit, batch): (usize, usize),
        deadline: &Deadline,
        rng: &mut ChaCha8Rng,
    ) -> Result<Vec<Sample>, SearchError> {
        let mut drawn: Vec<Sample> = Vec::new();
        while drawn.len() < limit && !deadline.passed() {
            let batch = batch.max(1).min(limit - drawn.len());
            let more =
                match sampler.sample_until(spec.train(), batch, &self.config, rng, &mut || {
                    deadline.passed()
                }) {
                    Ok(more) => more,
                    // a limit of this model, not a broken part: the hybrid's
                    // enumeration goes on without proposals
                    Err(crate::model::ModelError::SpecTooLong { .. }) => break,
                    Err(err) => return Err(err.into()),
                };
            drawn.extend(more);
        }
        Ok(drawn)
    }
}

/// Distinct programs, most probable first.
fn distinct(mut drawn: Vec<Sample>) -> Vec<Program> {
    drawn.sort_by(|a, b| b.log_prob.total_cmp(&a.log_prob));
    let mut seen = BTreeSet::new();
    drawn
        .into_iter()
        .filter(|s| seen.insert(s.program.clone()))
        .map(|s| s.program)
        .collect()
}

/// A spec too long for the model's context gives no proposals (the
/// hybrid's enumeration goes on alone); any other model error is returned.
impl Proposer for ModelProposer<'_> {
    fn propose(
        &self,
        spec: &Spec,
        budget: &Budget,
        deadline: &Deadline,
    ) -> Result<Proposals, SearchError> {
        let sampler = Sampler::new(self.model, spec.grammar());
        let mut rng = ChaCha8Rng::seed_from_u64(self.seed);
        let limit = budget.samples.map_or(self.samples, |s| {
            usize::try_from(s).unwrap_or(usize::MAX).min(self.samples)
        });
        let deadline = deadline.share(self.time_share);
        let drawn = self.draw(
            &sampler,
            spec,
            (limit, self.config.batch),
            &deadline,
            &mut rng,
        )?;
        let mut spent = drawn.len() as u64;
        let mut counts: Vec<(Node, f64)> = spec
            .grammar()
            .leaves()
            .chain(spec.grammar().ops().iter().map(Node::Op))
            .filter(|&n| sampler.writes(n))
            .map(|n| (n, 1.0))
            .collect();
        // a grammar may hold tens of thousands of literals: look nodes up
        let index: std::collections::HashMap<Node, usize> = counts
            .iter()
            .enumerate()
            .map(|(i, &(n, _))| (n, i))
            .collect();
        for sample in &drawn {
            for node in sample.program.nodes() {
                if let Some(&i) = index.get(node) {
                    counts[i].1 += 1.0;
                }
            }
        }
        let total: f64 = counts.iter().map(|c| c.1).sum();
        for entry in &mut counts {
            entry.1 /= total;
        }
        let mut programs = distinct(drawn);
        let mut sketches = Vec::new();
        if let (Some(sketcher), Ok(hole)) = (self.sketcher, u8::try_from(spec.vars().len())) {
            let sampler = Sampler::with_hole(sketcher, spec.grammar(), hole);
            let limit = budget.samples.map_or(self.sketches, |s| {
                usize::try_from(s.saturating_sub(spent))
                    .unwrap_or(usize::MAX)
                    .min(self.sketches)
            });
            let drawn = self.draw(
                &sampler,
                spec,
                (limit, self.sketch_batch),
                &deadline,
                &mut rng,
            )?;
            spent += drawn.len() as u64;
            // a drawn program without a hole is a proposal like the samples
            let (holed, whole): (Vec<Program>, Vec<Program>) = distinct(drawn)
                .into_iter()
                .partition(|p| p.nodes().contains(&Node::Var(hole)));
            sketches = holed;
            for program in whole {
                if !programs.contains(&program) {
                    programs.push(program);
                }
            }
        }
        Ok(Proposals {
            programs,
            productions: counts,
            samples: spent,
            sketches,
        })
    }
}

impl<'m> Hybrid<ModelProposer<'m>> {
    /// The hybrid over `model`'s samples ([`ModelProposer`] defaults).
    #[must_use]
    pub fn neural(model: &'m Model) -> Hybrid<ModelProposer<'m>> {
        Hybrid::new(ModelProposer::new(model))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dataset::Example;
    use crate::dsl::{Grammar, Vars};
    use crate::model::Config;

    fn example(x: i64, y: i64) -> Example {
        Example {
            inputs: vec![x],
            output: y,
        }
    }

    #[test]
    fn solves_what_samples_hit_and_respects_the_sample_budget() {
        let model = Model::new(Config::tiny(), &candle_core::Device::Cpu, 2).unwrap();
        let grammar = Grammar::new(Vars::new(["x"]).unwrap());
        // many programs map 0 to 0: an untrained model hits one quickly
        let easy = Spec::new(grammar.clone(), vec![example(0, 0)], vec![example(5, 5)]).unwrap();
        let neural = Neural::new(&model).with_seed(3);
        let solution = neural
            .solve(&easy, &Budget::default().with_samples(256))
            .unwrap();
        let solution = solution.solution().expect("some sample maps 0 to 0");
        assert_eq!(easy.matched(&solution.program), 1);
        assert!(solution.samples <= 256);
        // x^7 is beyond a tiny untrained model: the sample limit ends it
        let hard = Spec::new(
            grammar,
            (1..6).map(|x| example(x, x.pow(7) + 5)).collect(),
            Vec::new(),
        )
        .unwrap();
        match neural
            .solve(&hard, &Budget::default().with_samples(100))
            .unwrap()
        {
            Outcome::Unsolved {
                reason, samples, ..
            } => {
                assert_eq!(reason, GaveUp::SampleLimit);
                assert_eq!(samples, 100);
            }
            solved => panic!("{solved}"),
        }
    }

    #[test]
    fn a_spec_too_long_for_the_model_is_an_error_for_sampling_and_no_proposals_for_the_hybrid() {
        let model = Model::new(Config::tiny(), &candle_core::Device::Cpu, 2).unwrap();
        let vars = Vars::new(["a", "b", "c", "d", "e", "f", "g", "h"]).unwrap();
        let grammar = Grammar::new(vars);
        let huge = Example {
            inputs: vec![i64::MIN + 1; 8],
            output: i64::MIN + 1,
        };
        let spec = Spec::new(grammar, vec![huge], Vec::new()).unwrap();
        let error = Neural::new(&model)
            .solve(&spec, &Budget::default().with_samples(16))
            .unwrap_err();
        assert!(
            matches!(
                error,
                SearchError::Model(crate::model::ModelError::SpecTooLong { .. })
            ),
            "{error}"
        );
        let proposals = ModelProposer::new(&model)
            .propose(&spec, &Budget::candidates(1000), &Deadline::never())
            .unwrap();
        assert!(proposals.programs.is_empty());
        // the hybrid carries on by enumeration: `a` fits
        let outcome = Hybrid::neural(&model)
            .solve(&spec, &Budget::candidates(10_000))
            .unwrap();
        assert_eq!(outcome.solution().unwrap().program.size(), 1);
    }
}
