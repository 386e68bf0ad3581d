//! The hybrid's parts and settings, and its ablations by name.

use crate::enumerate::DEFAULT_MEMORY_LIMIT;
use crate::search::candidates::CandidateConfig;
use crate::search::completion::CompletionConfig;
use crate::search::unify::UnifyConfig;

/// Which parts of the hybrid run, and their settings.
#[derive(Clone, Copy, Debug, PartialEq)]
#[must_use]
pub struct HybridConfig {
    /// Ask the proposer (the model) for programs; off, the search is the
    /// enumeration, completion and case splits alone, with no samples and
    /// no model costs (`hybrid-no-learning`: what the learned half adds is
    /// the difference). Default: on.
    pub learned: bool,
    /// Learned building blocks ([`blocks`](crate::search::blocks): the
    /// library the crate embeds, or the one given to
    /// [`Hybrid::with_library`](crate::search::Hybrid::with_library)):
    /// the completion tries sums of their instances before its other
    /// parts, and a new enumeration after the warm start banks them as
    /// leaves. Default: off (`hybrid-blocks`).
    pub blocks: bool,
    /// Ask the proposer for sketches too (with the embedded sketch model,
    /// or the one given to the [`Synthesizer`](crate::Synthesizer)): each
    /// hole is filled from the enumeration's bank, by its inverted values
    /// and by trying the first banked programs (the
    /// [module docs](crate::search::hybrid), part 7). Needs `holes`.
    /// Default: off (`hybrid-sketches`).
    pub sketches: bool,
    /// Enumerate in order of the proposals' production costs (else size).
    /// Default: off (the ablation in `BENCHMARKS.md`: neutral at 1 s, and a
    /// cost order must start a new enumeration after the warm start, which
    /// costs the small budgets).
    pub costs: bool,
    /// Bank the proposals' subterms. Default: off (the ablation in
    /// `BENCHMARKS.md`: with costs on, seeds crowd the cheap levels and cost
    /// more tasks than they win).
    pub seeds: bool,
    /// Fill the proposals' holes from the enumeration.
    pub holes: bool,
    /// Weight of the uniform distribution mixed into the production
    /// probabilities. Default: 0.3.
    pub uniform_mix: f64,
    /// A seed's level is its cost times this. Default: 0.5.
    pub seed_discount: f64,
    /// Most seeds banked. Default: 512.
    pub max_seeds: usize,
    /// Largest program enumerated. Default: 15.
    pub max_size: usize,
    /// Memory for the enumeration. Default: 4 GiB.
    pub memory_limit: usize,
    /// Threads of the enumeration ([`Enumerator::threads`](crate::enumerate::Enumerator::threads): the banked
    /// programs, and so the holes filled and the program found, do not
    /// depend on it). Default: 1.
    pub threads: usize,
    /// Share of the budget for plain enumeration before the proposer is
    /// asked (easy tasks are solved without waiting for samples). Default:
    /// 0.1.
    pub warm_share: f64,
    /// Which fitting programs are kept (enumerated, hole completions and
    /// proposals alike). Default: [`CandidateConfig::ranked`].
    pub candidates: CandidateConfig,
    /// Algebraic completion after the warm start, over the monomials and
    /// the smallest banked programs, and then every banked program read
    /// as a part bent once (a line, or two lines and a kink, over its
    /// values, exact or rounded down) or wrapped (`mod m`), and as one of
    /// two parts (with a line
    /// of the variables, or with a part banked before it), each also on the
    /// examples between saturated outputs and clamped: the
    /// [module docs](crate::search::hybrid), part 4;
    /// `None` for neither. Default: [`CompletionConfig::default`].
    pub completion: Option<CompletionConfig>,
    /// A decision list over the smallest banked programs after the warm
    /// start, when nothing fits yet and the grammar has `ite` (a case split
    /// too large to enumerate: the maximum of three, a search in a sorted
    /// list), within a size bound that grows with the log of the examples
    /// ([`unify`](crate::search::unify)); `None` for none. Default:
    /// [`UnifyConfig::default`].
    pub unify: Option<UnifyConfig>,
}

impl Default for HybridConfig {
    fn default() -> Self {
        HybridConfig {
            learned: true,
            blocks: false,
            sketches: false,
            costs: false,
            seeds: false,
            holes: true,
            uniform_mix: 0.3,
            seed_discount: 0.5,
            max_seeds: 512,
            max_size: 15,
            memory_limit: DEFAULT_MEMORY_LIMIT,
            threads: 1,
            warm_share: 0.1,
            candidates: CandidateConfig::ranked(),
            completion: Some(CompletionConfig::default()),
            unify: Some(UnifyConfig::default()),
        }
    }
}

impl HybridConfig {
    /// The configuration of an ablation variant by name: `hybrid` (the
    /// default: warm start, samples checked, holes), `hybrid-costs` (and
    /// cost order), `hybrid-costs-seeds` (and seeds), `hybrid-seeds` (holes
    /// and seeds, size order), `hybrid-no-holes`, `hybrid-check-only`
    /// (samples checked, then plain enumeration), `hybrid-alternatives`
    /// (fitting alternatives kept: [`CandidateConfig::alternatives`]),
    /// `hybrid-no-completion` (no algebraic completion), `hybrid-no-unify`
    /// (no case split), `hybrid-first-fit` (the first fit only, Occam's
    /// choice: [`CandidateConfig::default`]), `hybrid-no-learning` (no
    /// proposer: the search without its learned half), `hybrid-blocks`
    /// (and the learned building blocks, in the completion and as leaves
    /// of the enumeration), `hybrid-sketches` (and the sketch model's
    /// sketches), `hybrid-sketches-blocks` (both).
    #[must_use]
    pub fn variant(name: &str) -> Option<HybridConfig> {
        let all = HybridConfig::default();
        Some(match name {
            "hybrid" => all,
            "hybrid-costs" => HybridConfig { costs: true, ..all },
            "hybrid-costs-seeds" => HybridConfig {
                costs: true,
                seeds: true,
                ..all
            },
            "hybrid-seeds" => HybridConfig { seeds: true, ..all },
            "hybrid-no-holes" => HybridConfig {
                holes: false,
                ..all
            },
            "hybrid-check-only" => HybridConfig {
                costs: false,
                seeds: false,
                holes: false,
                completion: None,
                ..all
            },
            "hybrid-alternatives" => HybridConfig {
                candidates: CandidateConfig::alternatives(),
                ..all
            },
            "hybrid-no-completion" => HybridConfig {
                completion: None,
                ..all
            },
            "hybrid-no-unify" => HybridConfig { unify: None, ..all },
            "hybrid-first-fit" => HybridConfig {
                candidates: CandidateConfig::default(),
                ..all
            },
            "hybrid-no-learning" => HybridConfig {
                learned: false,
                ..all
            },
            "hybrid-blocks" => HybridConfig {
                blocks: true,
                ..all
            },
            "hybrid-sketches" => HybridConfig {
                sketches: true,
                ..all
            },
            "hybrid-sketches-blocks" => HybridConfig {
                sketches: true,
                blocks: true,
                ..all
            },
            _ => return None,
        })
    }

    /// Every variant name [`HybridConfig::variant`] knows.
    pub const VARIANTS: [&'static str; 14] = [
        "hybrid",
        "hybrid-costs",
        "hybrid-costs-seeds",
        "hybrid-seeds",
        "hybrid-no-holes",
        "hybrid-check-only",
        "hybrid-alternatives",
        "hybrid-no-completion",
        "hybrid-no-unify",
        "hybrid-first-fit",
        "hybrid-no-learning",
        "hybrid-blocks",
        "hybrid-sketches",
        "hybrid-sketches-blocks",
    ];
}
