//! Decoding: grammar-constrained sampling and beam search with a KV cache,
//! the log-probability of a given program, and production marginals.
//!
//! Every step masks the tokens that could not continue a program of the
//! grammar within the token budget, so every sampled sequence parses and the
//! grammar admits it. Probabilities are those of the masked (renormalized)
//! distribution, the one decoding draws from.

use candle_core::Tensor;
use rand::Rng;

use super::tokenizer::{Token, Tokenizer, EOS};
use super::train::spec_tokens;
use super::{KvCache, Model, ModelError};
use crate::dataset::Example;
use crate::dsl::{Grammar, Node, Program};

/// Options of sampling.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct SamplerConfig {
    /// Softmax temperature. Default: 1.0.
    pub temperature: f64,
    /// Sequences decoded together. Default: 64.
    pub batch: usize,
    /// Most program tokens (nodes), before `EOS`. Default: 24.
    pub max_program_tokens: usize,
}

impl Default for SamplerConfig {
    fn default() -> Self {
        SamplerConfig {
            temperature: 1.0,
            batch: 64,
            max_program_tokens: 24,
        }
    }
}

/// A decoded program and its log-probability under the model.
#[derive(Clone, Debug, PartialEq)]
pub struct Sample {
    /// The program.
    pub program: Program,
    /// Natural log of its probability given the examples under the model
    /// (temperature 1, grammar mask), whatever temperature drew it.
    pub log_prob: f64,
}

/// Where a partial program stands.
#[derive(Clone, Copy, Debug)]
struct State {
    /// Subtrees still to write.
    needed: usize,
    /// Nodes written.
    written: usize,
}

impl State {
    const START: State = State {
        needed: 1,
        written: 0,
    };

    fn done(self) -> bool {
        self.needed == 0
    }

    fn advance(self, node: Node) -> State {
        State {
            needed: self.needed - 1 + node.arity(),
            written: self.written + 1,
        }
    }
}

/// Decodes programs of one grammar from one model.
#[derive(Debug)]
pub struct Sampler<'a> {
    model: &'a Model,
    /// The grammar's nodes that have tokens, with their tokens.
    nodes: Vec<(Token, Node)>,
}

impl<'a> Sampler<'a> {
    /// A sampler for `grammar` (literals without a token are left out).
    #[must_use]
    pub fn new(model: &'a Model, grammar: &Grammar) -> Sampler<'a> {
        let nodes = grammar
            .leaves()
            .chain(grammar.ops().iter().map(Node::Op))
            .filter_map(|node| Tokenizer.node_token(node).ok().map(|token| (token, node)))
            .collect();
        Sampler { model, nodes }
    }

    /// Log-probabilities of the allowed next tokens in `state`, from raw
    /// logits (masked, renormalized, at `temperature`).
    fn allowed(
        &self,
        logits: &[f32],
        state: State,
        budget: usize,
        temperature: f64,
    ) -> Vec<(Token, Option<Node>, f64)> {
        if state.done() {
            return vec![(EOS, None, 0.0)];
        }
        let remaining = budget.saturating_sub(state.written + 1);
        let mut options: Vec<(Token, Option<Node>, f64)> = self
            .nodes
            .iter()
            .filter(|(_, node)| state.needed - 1 + node.arity() <= remaining)
            .map(|&(token, node)| {
                (
                    token,
                    Some(node),
                    f64::from(logits[token as usize]) / temperature,
                )
            })
            .collect();
        let max = options
            .iter()
            .map(|o| o.2)
            .fold(f64::NEG_INFINITY, f64::max);
        let total: f64 = options.iter().map(|o| (o.2 - max).exp()).sum();
        let log_total = max + total.ln();
        for option in &mut options {
            option.2 -= log_total;
        }
        options
    }

    /// The spec's tokens and the program budget left in the context.
    ///
    /// Examples that do not fit are left out, but the first is always
    /// read: when it alone leaves no room for a program, the spec is too
    /// long for this model ([`ModelError::SpecTooLong`]).
    fn prompt(
        &self,
        examples: &[Example],
        max_program_tokens: usize,
    ) -> Result<(Vec<Token>, usize), ModelError> {
        let context = self.model.config().context;
        let reserve = max_program_tokens.min(context / 2) + 1;
        let prompt = spec_tokens(examples, context - reserve);
        let budget = max_program_tokens.min(context.saturating_sub(prompt.len() + 1));
        if budget == 0 {
            return Err(ModelError::SpecTooLong {
                tokens: prompt.len(),
                context,
            });
        }
        Ok((prompt, budget))
    }

    fn run_prompt(&self, prompt: &[Token]) -> Result<(Vec<f32>, KvCache), ModelError> {
        let device = self.model.device();
        let mut cache = KvCache::default();
        let ids = Tensor::new(prompt, device)?.unsqueeze(0)?;
        let logits = self.model.transformer().forward(&ids, &mut cache)?;
        let last = logits.get(0)?.get(prompt.len() - 1)?;
        Ok((last.to_vec1::<f32>()?, cache))
    }

    /// Draws `count` programs for the examples (repeats included), in
    /// batches, each step masked to the grammar.
    ///
    /// # Errors
    ///
    /// Candle errors.
    pub fn sample<R: Rng + ?Sized>(
        &self,
        examples: &[Example],
        count: usize,
        config: &SamplerConfig,
        rng: &mut R,
    ) -> Result<Vec<Sample>, ModelError> {
        let _span = tracing::debug_span!("sample", count).entered();
        let (prompt, budget) = self.prompt(examples, config.max_program_tokens)?;
        let (first, prompt_cache) = self.run_prompt(&prompt)?;
        let mut samples = Vec::with_capacity(count);
        let device = self.model.device();
        while samples.len() < count {
            let rows = config.batch.max(1).min(count - samples.len());
            let mut cache = prompt_cache.expand(rows)?;
            let mut states = vec![State::START; rows];
            let mut log_probs = vec![0.0; rows];
            let mut prefixes: Vec<Vec<Node>> = vec![Vec::new(); rows];
            let mut logits: Vec<Vec<f32>> = vec![first.clone(); rows];
            loop {
                let mut next = Vec::with_capacity(rows);
                for row in 0..rows {
                    let options =
                        self.allowed(&logits[row], states[row], budget, config.temperature);
                    let pick = {
                        let u: f64 = rng.random();
                        let mut acc = 0.0;
                        options
                            .iter()
                            .find(|o| {
                                acc += o.2.exp();
                                acc > u
                            })
                            .unwrap_or(options.last().expect("a state always allows a token"))
                    };
                    if let Some(node) = pick.1 {
                        // the recorded probability is the model's own
                        // (temperature 1), whatever the sampling temperature
                        let model_lp = if (config.temperature - 1.0).abs() < f64::EPSILON {
                            pick.2
                        } else {
                            self.allowed(&logits[row], states[row], budget, 1.0)
                                .iter()
                                .find(|o| o.0 == pick.0)
                                .map_or(f64::NEG_INFINITY, |o| o.2)
                        };
                        states[row] = states[row].advance(node);
                        prefixes[row].push(node);
                        log_probs[row] += model_lp;
                    }
                    next.push(pick.0);
                }
                if states.iter().all(|s| s.done()) {
                    // the EOS step is certain under the mask: no probability
                    break;
                }
                let ids = Tensor::new(next.as_slice(), device)?.unsqueeze(1)?;
                let out = self.model.transformer().forward(&ids, &mut cache)?;
                let out = out.squeeze(1)?.to_vec2::<f32>()?;
                logits = out;
            }
            for (prefix, log_prob) in prefixes.into_iter().zip(log_probs) {
                let program = prefix_to_program(&prefix)?;
                samples.push(Sample { program, log_prob });
            }
        }
        Ok(samples)
    }

    /// Beam search: the `width` most probable programs found, best first.
    ///
    /// # Errors
    ///
    /// Candle errors.
    pub fn beam(
        &self,
        examples: &[Example],
        width: usize,
        max_program_tokens: usize,
    ) -> Result<Vec<Sample>, ModelError> {
        let width = width.max(1);
        let (prompt, budget) = self.prompt(examples, max_program_tokens)?;
        let (first, prompt_cache) = self.run_prompt(&prompt)?;
        let device = self.model.device();
        // (prefix, state, log_prob)
        let mut beams: Vec<(Vec<Node>, State, f64)> = vec![(Vec::new(), State::START, 0.0)];
        let mut logits = vec![first];
        let mut cache = prompt_cache;
        let mut finished: Vec<Sample> = Vec::new();
        while !beams.is_empty() {
            let mut candidates: Vec<(usize, Node, State, f64)> = Vec::new();
            for (row, (_, state, log_prob)) in beams.iter().enumerate() {
                for (_, node, lp) in self.allowed(&logits[row], *state, budget, 1.0) {
                    let node = node.expect("unfinished beams allow only nodes");
                    candidates.push((row, node, state.advance(node), log_prob + lp));
                }
            }
            candidates.sort_by(|a, b| b.3.total_cmp(&a.3));
            candidates.truncate(width);
            // (source row, token, prefix, state, log-probability)
            let mut open: Vec<(u32, Token, Vec<Node>, State, f64)> = Vec::new();
            for (row, node, state, log_prob) in candidates {
                let mut prefix = beams[row].0.clone();
                prefix.push(node);
                if state.done() {
                    finished.push(Sample {
                        program: prefix_to_program(&prefix)?,
                        log_prob,
                    });
                } else {
                    let row = u32::try_from(row).expect("beams are few");
                    open.push((row, Tokenizer.node_token(node)?, prefix, state, log_prob));
                }
            }
            // an open beam only loses probability: drop those that cannot
            // beat the worst of a full set of finished programs
            finished.sort_by(|a, b| b.log_prob.total_cmp(&a.log_prob));
            finished.truncate(width);
            if finished.len() == width {
                let worst = finished[width - 1].log_prob;
                open.retain(|beam| beam.4 > worst);
            }
            if open.is_empty() {
                break;
            }
            let index: Vec<u32> = open.iter().map(|beam| beam.0).collect();
            let tokens: Vec<Token> = open.iter().map(|beam| beam.1).collect();
            cache = cache.select(&Tensor::new(index.as_slice(), device)?)?;
            let ids = Tensor::new(tokens.as_slice(), device)?.unsqueeze(1)?;
            logits = self
                .model
                .transformer()
                .forward(&ids, &mut cache)?
                .squeeze(1)?
                .to_vec2::<f32>()?;
            let next_beams: Vec<(Vec<Node>, State, f64)> = open
                .into_iter()
                .map(|(_, _, prefix, state, lp)| (prefix, state, lp))
                .collect();
            beams = next_beams;
        }
        finished.sort_by(|a, b| b.log_prob.total_cmp(&a.log_prob));
        Ok(finished)
    }

    /// The log-probability of `program` given the examples (its description
    /// length is the negative); `None` if the grammar cannot produce it
    /// within the token budget.
    ///
    /// # Errors
    ///
    /// Candle errors; a literal without a token.
    pub fn log_prob(
        &self,
        examples: &[Example],
        program: &Program,
        max_program_tokens: usize,
    ) -> Result<Option<f64>, ModelError> {
        let (prompt, budget) = self.prompt(examples, max_program_tokens)?;
        let program_tokens = Tokenizer.encode_program(program)?;
        let mut sequence = prompt.clone();
        sequence.extend(&program_tokens[..program_tokens.len() - 1]);
        let device = self.model.device();
        let ids = Tensor::new(sequence.as_slice(), device)?.unsqueeze(0)?;
        let logits = self
            .model
            .transformer()
            .forward(&ids, &mut KvCache::default())?;
        let logits = logits.get(0)?.to_vec2::<f32>()?;
        Ok(self.score(&program_tokens, budget, |i| &logits[prompt.len() - 1 + i]))
    }

    /// The log-probability of `program` under the untrained prior: every
    /// production the grammar allows at each step equally likely (what a
    /// model with all-zero logits gives, with the same grammar mask and
    /// token budget as [`Sampler::log_prob`]); `None` if the grammar cannot
    /// produce it within `max_program_tokens`.
    ///
    /// # Errors
    ///
    /// A literal without a token.
    pub fn prior_log_prob(
        &self,
        program: &Program,
        max_program_tokens: usize,
    ) -> Result<Option<f64>, ModelError> {
        let program_tokens = Tokenizer.encode_program(program)?;
        let zeros = vec![0f32; super::tokenizer::VOCAB];
        Ok(self.score(&program_tokens, max_program_tokens, |_| &zeros))
    }

    /// Sum of the masked log-probabilities of `program_tokens`, the logits
    /// before token `i` given by `logits(i)`.
    fn score<'l>(
        &self,
        program_tokens: &[Token],
        budget: usize,
        logits: impl Fn(usize) -> &'l [f32],
    ) -> Option<f64> {
        let mut state = State::START;
        let mut total = 0.0;
        for (i, &token) in program_tokens.iter().enumerate() {
            if token == EOS {
                break;
            }
            let options = self.allowed(logits(i), state, budget, 1.0);
            let &(_, Some(node), lp) = options.iter().find(|o| o.0 == token)? else {
                return None;
            };
            total += lp;
            state = state.advance(node);
        }
        Some(total)
    }

    /// The model's marginal over the grammar's productions for a spec: the
    /// expected share of each node among the nodes of `samples` programs
    /// drawn from it (add-one smoothed), in the grammar's node order.
    ///
    /// # Errors
    ///
    /// Candle errors.
    pub fn production_marginals<R: Rng + ?Sized>(
        &self,
        examples: &[Example],
        samples: usize,
        config: &SamplerConfig,
        rng: &mut R,
    ) -> Result<Vec<(Node, f64)>, ModelError> {
        let drawn = self.sample(examples, samples, config, rng)?;
        let mut counts: Vec<f64> = vec![1.0; self.nodes.len()];
        for sample in &drawn {
            for node in sample.program.nodes() {
                if let Some(i) = self.nodes.iter().position(|(_, n)| n == node) {
                    counts[i] += 1.0;
                }
            }
        }
        let total: f64 = counts.iter().sum();
        Ok(self
            .nodes
            .iter()
            .zip(counts)
            .map(|(&(_, node), c)| (node, c / total))
            .collect())
    }
}

/// A program from its nodes in prefix order.
fn prefix_to_program(prefix: &[Node]) -> Result<Program, ModelError> {
    let mut tokens: Vec<Token> = prefix
        .iter()
        .map(|&n| Tokenizer.node_token(n))
        .collect::<Result<_, _>>()?;
    tokens.push(EOS);
    Ok(Tokenizer.decode_program(&tokens)?)
}

/// The unbiased estimator of pass@k (Chen et al. 2021): the chance that at
/// least one of `k` samples drawn without replacement from `n`, of which
/// `correct` pass, passes.
///
/// ```
/// use arithsynth::model::pass_at_k;
/// assert_eq!(pass_at_k(10, 0, 1), 0.0);
/// assert!((pass_at_k(10, 3, 1) - 0.3).abs() < 1e-12);
/// assert_eq!(pass_at_k(10, 8, 3), 1.0);
/// ```
#[must_use]
pub fn pass_at_k(n: usize, correct: usize, k: usize) -> f64 {
    if n < k || n - correct < k {
        return if correct > 0 || n < k {
            f64::from(u8::from(correct > 0))
        } else {
            0.0
        };
    }
    #[expect(clippy::cast_precision_loss, reason = "sample counts are small")]
    let product: f64 = (n - correct + 1..=n)
        .map(|i| 1.0 - k as f64 / i as f64)
        .product();
    1.0 - product
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dsl::{Op, OpSet, Vars};
    use crate::model::Config;
    use rand::SeedableRng;
    use rand_chacha::ChaCha8Rng;

    /// pass@k by counting every k-subset.
    fn direct(n: usize, correct: usize, k: usize) -> f64 {
        let mut hits = 0u64;
        let mut total = 0u64;
        for mask in 0u32..(1 << n) {
            if mask.count_ones() as usize == k {
                total += 1;
                hits += u64::from(mask & ((1 << correct) - 1) != 0);
            }
        }
        hits as f64 / total as f64
    }

    #[test]
    fn pass_at_k_matches_direct_count() {
        for n in 1..=10 {
            for correct in 0..=n {
                for k in 1..=n {
                    assert!(
                        (pass_at_k(n, correct, k) - direct(n, correct, k)).abs() < 1e-9,
                        "{n} {correct} {k}"
                    );
                }
            }
        }
    }

    #[test]
    fn constrained_decoding_always_yields_admitted_programs() {
        let examples = [
            Example {
                inputs: vec![3, -4],
                output: 7,
            },
            Example {
                inputs: vec![i64::MIN, 0],
                output: 1,
            },
        ];
        for seed in 0..3 {
            let model = Model::new(Config::tiny(), &candle_core::Device::Cpu, seed).unwrap();
            for ops in [
                OpSet::all(),
                Op::DEFAULT.into_iter().collect(),
                [Op::Neg].into_iter().collect(),
            ] {
                let grammar = Grammar::builder()
                    .vars(["x", "y"])
                    .ops(ops.iter())
                    .literals([-1, 0, 5, 100])
                    .build()
                    .unwrap();
                let sampler = Sampler::new(&model, &grammar);
                let mut rng = ChaCha8Rng::seed_from_u64(seed);
                let config = SamplerConfig {
                    temperature: 2.0,
                    batch: 16,
                    max_program_tokens: 12,
                };
                let samples = sampler.sample(&examples, 40, &config, &mut rng).unwrap();
                assert_eq!(samples.len(), 40);
                for sample in &samples {
                    grammar.admits(&sample.program).unwrap();
                    assert!(sample.program.size() <= 12);
                    assert!(
                        !sample.program.nodes().contains(&Node::Lit(100)),
                        "100 has no token"
                    );
                    let scored = sampler
                        .log_prob(&examples, &sample.program, 12)
                        .unwrap()
                        .unwrap();
                    assert!(
                        (scored - sample.log_prob).abs() < 1e-3,
                        "{scored} vs {}",
                        sample.log_prob
                    );
                }
                let beams = sampler.beam(&examples, 5, 12).unwrap();
                assert!(!beams.is_empty());
                assert!(beams.windows(2).all(|w| w[0].log_prob >= w[1].log_prob));
                for beam in &beams {
                    grammar.admits(&beam.program).unwrap();
                }
            }
        }
    }

    #[test]
    fn marginals_sum_to_one() {
        let model = Model::new(Config::tiny(), &candle_core::Device::Cpu, 1).unwrap();
        let grammar = Grammar::new(Vars::new(["x"]).unwrap());
        let sampler = Sampler::new(&model, &grammar);
        let mut rng = ChaCha8Rng::seed_from_u64(1);
        let examples = [Example {
            inputs: vec![2],
            output: 4,
        }];
        let marginals = sampler
            .production_marginals(&examples, 32, &SamplerConfig::default(), &mut rng)
            .unwrap();
        assert_eq!(marginals.len(), 5 + 5);
        assert!((marginals.iter().map(|m| m.1).sum::<f64>() - 1.0).abs() < 1e-9);
    }
}
