//! The strategies the commands name, as front doors: one [`Synthesizer`]
//! each, over one loaded model (and one sketch model where a strategy
//! draws sketches).

use anyhow::{bail, Context, Result};
use arithsynth::search::Budget;
use arithsynth::{Grammar, Synthesizer};

/// Strategy names the commands accept.
pub const STRATEGY_HELP: &str = "enumerative, neural, hybrid, or an ablation of the hybrid: \
hybrid-costs, hybrid-costs-seeds, hybrid-seeds, hybrid-no-holes, hybrid-check-only, hybrid-alternatives, \
hybrid-no-completion, hybrid-no-unify, hybrid-first-fit, hybrid-no-learning, hybrid-blocks, \
hybrid-sketches, hybrid-sketches-blocks";

/// The strategies named, built over one model (loaded only if one needs
/// it).
/// The strategies named on the command line, as front doors: one
/// [`Synthesizer`] each, sharing one loaded model.
pub struct Strategies {
    #[cfg(feature = "neural")]
    model: Option<std::sync::Arc<arithsynth::model::Model>>,
    /// The sketch model, where a strategy draws sketches, and whether the
    /// user named it (then every hybrid draws sketches).
    #[cfg(feature = "neural")]
    sketcher: Option<(std::sync::Arc<arithsynth::model::Model>, bool)>,
    names: Vec<String>,
    seed: u64,
    candidates: Option<arithsynth::search::CandidateConfig>,
    threads: usize,
    blocks: Option<arithsynth::search::blocks::Library>,
}

impl Strategies {
    pub fn new(names: &[String], model: Option<&std::path::Path>) -> Result<Strategies> {
        let mut any_model = false;
        for name in names {
            let probe = match Synthesizer::new(["x"]).strategy(name) {
                Ok(probe) => probe,
                Err(err) => bail!("unknown strategy `{}`: expected {STRATEGY_HELP}", err.0),
            };
            if cfg!(not(feature = "neural")) && probe.uses_model() {
                bail!("strategy `{name}` needs the `neural` feature (built without it)");
            }
            any_model |= probe.uses_model();
        }
        #[cfg(not(feature = "neural"))]
        let _ = (model, any_model);
        Ok(Strategies {
            #[cfg(feature = "neural")]
            model: if any_model {
                Some(std::sync::Arc::new(crate::neural::load_model(
                    model,
                    &arithsynth::model::Device::Cpu,
                )?))
            } else {
                None
            },
            #[cfg(feature = "neural")]
            sketcher: if names.iter().any(|n| draws_sketches(n)) {
                Some((
                    std::sync::Arc::new(arithsynth::model::Model::embedded_sketch(
                        &arithsynth::model::Device::Cpu,
                    )?),
                    false,
                ))
            } else {
                None
            },
            names: names.to_vec(),
            seed: 0,
            candidates: None,
            threads: 1,
            blocks: None,
        })
    }

    /// The sketch model read from `path` (a checkpoint `train --holes`
    /// writes), turned on for every hybrid; without one, the embedded
    /// sketch model for the variants that draw sketches.
    #[cfg(feature = "neural")]
    pub fn with_sketch_model(mut self, path: Option<&std::path::Path>) -> Result<Strategies> {
        if let Some(path) = path {
            let model = arithsynth::model::Model::load(path, &arithsynth::model::Device::Cpu)?;
            if model.tokenizer().vocabulary() != arithsynth::model::Vocabulary::Sketch {
                bail!(
                    "{}: not a sketch model (its vocabulary has no hole; train one with `train --holes`)",
                    path.display()
                );
            }
            self.sketcher = Some((std::sync::Arc::new(model), true));
        }
        Ok(self)
    }

    /// Without the `neural` feature there is no model to read.
    #[cfg(not(feature = "neural"))]
    pub fn with_sketch_model(self, path: Option<&std::path::Path>) -> Result<Strategies> {
        if let Some(path) = path {
            bail!(
                "{}: a sketch model needs the `neural` feature (built without it)",
                path.display()
            );
        }
        Ok(self)
    }

    pub fn with_candidates(mut self, config: arithsynth::search::CandidateConfig) -> Strategies {
        self.candidates = Some(config);
        self
    }

    pub fn with_threads(mut self, threads: usize) -> Strategies {
        self.threads = threads;
        self
    }

    /// The hybrid's building blocks read from `path` (a file
    /// `learn-blocks` writes), turned on whatever the variant.
    pub fn with_blocks_file(mut self, path: Option<&std::path::Path>) -> Result<Strategies> {
        if let Some(path) = path {
            let text = std::fs::read_to_string(path)
                .with_context(|| format!("reading {}", path.display()))?;
            let library = arithsynth::search::blocks::Library::parse(&text)
                .with_context(|| format!("{}", path.display()))?;
            self.blocks = Some(library);
        }
        Ok(self)
    }

    pub fn with_seed(mut self, seed: u64) -> Strategies {
        self.seed = seed;
        self
    }

    /// One synthesizer per strategy over `grammar` (a task's own grammar
    /// wins: see [`Synthesizer::solve_spec`]) within `budget`.
    pub fn build(&self, grammar: &Grammar, budget: &Budget) -> Vec<Synthesizer> {
        self.names
            .iter()
            .map(|name| {
                let mut synthesizer = Synthesizer::with_grammar(grammar.clone())
                    .strategy(name)
                    .expect("checked in new")
                    .threads(self.threads)
                    .seed(self.seed);
                if let Some(candidates) = self.candidates {
                    synthesizer = synthesizer.candidates(candidates);
                }
                if let Some(library) = &self.blocks {
                    synthesizer = synthesizer.blocks(library.clone());
                }
                #[cfg(feature = "neural")]
                if let Some(model) = &self.model {
                    synthesizer = synthesizer.model(std::sync::Arc::clone(model));
                }
                #[cfg(feature = "neural")]
                match &self.sketcher {
                    Some((model, named)) if *named || draws_sketches(name) => {
                        synthesizer = synthesizer.sketch_model(std::sync::Arc::clone(model));
                    }
                    _ => {}
                }
                within(synthesizer, budget)
            })
            .collect()
    }
}

/// Whether the strategy `name` is a hybrid that draws sketches.
#[cfg(feature = "neural")]
fn draws_sketches(name: &str) -> bool {
    arithsynth::search::HybridConfig::variant(name).is_some_and(|c| c.sketches)
}

/// `synthesizer` with `budget`'s limits (a limit the budget leaves out is
/// none).
pub fn within(synthesizer: Synthesizer, budget: &Budget) -> Synthesizer {
    let mut synthesizer = match budget.time {
        Some(limit) => synthesizer.time_limit(limit),
        None => synthesizer.no_time_limit(),
    };
    if let Some(candidates) = budget.candidates {
        synthesizer = synthesizer.candidate_limit(candidates);
    }
    if let Some(samples) = budget.samples {
        synthesizer = synthesizer.sample_limit(samples);
    }
    synthesizer
}
