//! Decoding: grammar-constrained sampling and beam search with a KV cache,
//! the log-probability of a given program, and production marginals.
//!
//! Every step masks the tokens that could not continue a program of the
//! grammar within the token budget, so every sampled sequence parses and the
//! grammar admits it. Probabilities are those of the masked (renormalized)
//! distribution, the one decoding draws from.

use std::collections::HashMap;

use candle_core::Tensor;
use rand::Rng;

use super::tokenizer::{ProgramToken, Token, EOS, HOLE, NUM, SEMI};
use super::train::spec_tokens;
use super::{KvCache, Model, ModelError};
use crate::dataset::Example;
use crate::dsl::{Grammar, Node, Program, MAX_VARS};

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
    /// Tokens written.
    written: usize,
    /// Inside a literal in digits: which of the sampler's long literals
    /// agree with the tokens written since `NUM`.
    literal: Option<Partial>,
}

/// The long literals `lo..hi` (sorted by tokens) share the `depth` tokens
/// written since `NUM`.
#[derive(Clone, Copy, Debug)]
struct Partial {
    lo: usize,
    hi: usize,
    depth: usize,
}

impl State {
    const START: State = State {
        needed: 1,
        written: 0,
        literal: None,
    };

    fn done(self) -> bool {
        self.needed == 0 && self.literal.is_none()
    }

    /// After a whole node whose last token is the one just written.
    fn complete(self, node: Node) -> State {
        State {
            needed: self.needed - 1 + node.arity(),
            written: self.written + 1,
            literal: None,
        }
    }
}

/// One way to continue: the token, the state after it, the node it
/// completes (if any), and its log-probability.
#[derive(Clone, Copy, Debug)]
struct Choice {
    token: Token,
    next: State,
    node: Option<Node>,
    log_prob: f64,
}

/// Decodes programs of one grammar from one model.
#[derive(Debug)]
pub struct Sampler<'a> {
    model: &'a Model,
    /// The grammar's nodes of one token, with their tokens.
    nodes: Vec<(Token, Node)>,
    /// The grammar's literals written in digits: the tokens after `NUM`
    /// (sign, digits, `;`), sorted, with their values.
    long: Vec<(Vec<Token>, i64)>,
    /// The fewest tokens a long literal takes, `NUM` included.
    shortest_long: usize,
    /// Every node it can write, in the grammar's order.
    productions: Vec<Node>,
    /// The values of `long`, sorted (a grammar may allow 65,536 literals).
    long_values: Vec<i64>,
}

impl<'a> Sampler<'a> {
    /// A sampler for `grammar` (literals the model's vocabulary cannot
    /// write are left out).
    #[must_use]
    pub fn new(model: &'a Model, grammar: &Grammar) -> Sampler<'a> {
        let tokenizer = model.tokenizer();
        let mut nodes = Vec::new();
        let mut long = Vec::new();
        let mut productions = Vec::new();
        for node in grammar.leaves().chain(grammar.ops().iter().map(Node::Op)) {
            match (node, tokenizer.node_tokens(node)) {
                (_, Ok(tokens)) if tokens.len() == 1 => nodes.push((tokens[0], node)),
                (Node::Lit(value), Ok(tokens)) => long.push((tokens[1..].to_vec(), value)),
                _ => continue,
            }
            productions.push(node);
        }
        long.sort();
        let shortest_long = long.iter().map(|l| l.0.len() + 1).min().unwrap_or(0);
        let mut long_values: Vec<i64> = long.iter().map(|l| l.1).collect();
        long_values.sort_unstable();
        Sampler {
            model,
            nodes,
            long,
            shortest_long,
            productions,
            long_values,
        }
    }

    /// A sampler for `grammar` that may also write a hole, read as the
    /// variable `hole` (one past the spec's): the sketches of a model of
    /// the sketch vocabulary ([`Vocabulary::Sketch`]). A model of another
    /// vocabulary has no hole to write, and a `hole` of [`MAX_VARS`] or
    /// more cannot be one; then this is [`Sampler::new`].
    ///
    /// [`Vocabulary::Sketch`]: crate::model::Vocabulary::Sketch
    #[must_use]
    pub fn with_hole(model: &'a Model, grammar: &Grammar, hole: u8) -> Sampler<'a> {
        let mut sampler = Sampler::new(model, grammar);
        let tokenizer = model.tokenizer();
        if tokenizer.program_token(HOLE) == Some(ProgramToken::Hole)
            && usize::from(hole) < MAX_VARS
            && !grammar.leaves().any(|n| n == Node::Var(hole))
        {
            sampler.nodes.push((HOLE, Node::Var(hole)));
        }
        sampler
    }

    /// Whether this sampler can write `node` (the grammar allows it and the
    /// model's vocabulary has tokens for it).
    #[must_use]
    pub fn writes(&self, node: Node) -> bool {
        self.nodes.iter().any(|&(_, n)| n == node)
            || matches!(node, Node::Lit(v) if self.long_values.binary_search(&v).is_ok())
    }

    /// The tokens allowed next in `state` within `budget` tokens, with the
    /// state each leads to and the node it completes. Every choice leaves
    /// room for the rest of the program (one token per subtree still to
    /// write), so decoding never dead-ends.
    fn choices(&self, state: State, budget: usize) -> Vec<Choice> {
        if state.done() {
            return vec![Choice {
                token: EOS,
                next: state,
                node: None,
                log_prob: 0.0,
            }];
        }
        let mut choices = Vec::new();
        let choice = |token, next, node| Choice {
            token,
            next,
            node,
            log_prob: 0.0,
        };
        let Some(partial) = state.literal else {
            // room after this node: a token for each subtree left
            for &(token, node) in &self.nodes {
                if state.written + 1 + (state.needed - 1 + node.arity()) <= budget {
                    choices.push(choice(token, state.complete(node), Some(node)));
                }
            }
            if !self.long.is_empty()
                && state.written + self.shortest_long + (state.needed - 1) <= budget
            {
                let next = State {
                    written: state.written + 1,
                    literal: Some(Partial {
                        lo: 0,
                        hi: self.long.len(),
                        depth: 0,
                    }),
                    ..state
                };
                choices.push(choice(NUM, next, None));
            }
            return choices;
        };
        // inside a literal: the next tokens of those that still fit
        let Partial { lo, hi, depth } = partial;
        let mut at = lo;
        while at < hi {
            let token = self.long[at].0[depth];
            // the run of literals that continue with this token
            let end = at + self.long[at..hi].partition_point(|l| l.0[depth] == token);
            let fits = self.long[at..end]
                .iter()
                .any(|l| state.written + (l.0.len() - depth) + (state.needed - 1) <= budget);
            if fits {
                if token == SEMI {
                    let node = Node::Lit(self.long[at].1);
                    choices.push(choice(token, state.complete(node), Some(node)));
                } else {
                    let next = State {
                        written: state.written + 1,
                        literal: Some(Partial {
                            lo: at,
                            hi: end,
                            depth: depth + 1,
                        }),
                        ..state
                    };
                    choices.push(choice(token, next, None));
                }
            }
            at = end;
        }
        choices
    }

    /// The allowed next tokens in `state` with their log-probabilities,
    /// from raw logits (masked, renormalized, at `temperature`).
    fn allowed(
        &self,
        logits: &[f32],
        state: State,
        budget: usize,
        temperature: f64,
    ) -> Vec<Choice> {
        let mut choices = self.choices(state, budget);
        if state.done() {
            return choices;
        }
        for choice in &mut choices {
            choice.log_prob = f64::from(logits[choice.token as usize]) / temperature;
        }
        let max = choices
            .iter()
            .map(|c| c.log_prob)
            .fold(f64::NEG_INFINITY, f64::max);
        let total: f64 = choices.iter().map(|c| (c.log_prob - max).exp()).sum();
        let log_total = max + total.ln();
        for choice in &mut choices {
            choice.log_prob -= log_total;
        }
        choices
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
    /// batches, each step masked to the grammar. A row whose program is
    /// finished leaves its batch, so a batch's steps cost what its
    /// unfinished rows do; the draws, and so the programs, are those of
    /// a batch that kept every row to its end.
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
        self.sample_until(examples, count, config, rng, &mut || false)
    }

    /// As [`Sampler::sample`], asking `stop` before every decoding step (a
    /// token for each row of a batch): once it says so, the programs of
    /// the batches finished so far are returned, fewer than `count`. A
    /// search's deadline or a Ctrl-C is then seen within one step, not one
    /// batch.
    ///
    /// # Errors
    ///
    /// Candle errors.
    pub fn sample_until<R: Rng + ?Sized>(
        &self,
        examples: &[Example],
        count: usize,
        config: &SamplerConfig,
        rng: &mut R,
        stop: &mut dyn FnMut() -> bool,
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
            // the rows still in the cache, in its order: a finished row
            // leaves it, so the batch's steps shrink with its programs
            let mut alive: Vec<usize> = (0..rows).collect();
            loop {
                if stop() {
                    return Ok(samples);
                }
                let mut next = vec![0u32; rows];
                for row in 0..rows {
                    if states[row].done() {
                        // the same draws as when a finished row padded
                        // the batch: a seed gives the same samples
                        let _: f64 = rng.random();
                        continue;
                    }
                    let options =
                        self.allowed(&logits[row], states[row], budget, config.temperature);
                    let pick = {
                        let u: f64 = rng.random();
                        let mut acc = 0.0;
                        *options
                            .iter()
                            .find(|o| {
                                acc += o.log_prob.exp();
                                acc > u
                            })
                            .unwrap_or(options.last().expect("a state always allows a token"))
                    };
                    // the recorded probability is the model's own
                    // (temperature 1), whatever the sampling temperature
                    let model_lp = if (config.temperature - 1.0).abs() < f64::EPSILON {
                        pick.log_prob
                    } else {
                        self.allowed(&logits[row], states[row], budget, 1.0)
                            .iter()
                            .find(|o| o.token == pick.token)
                            .map_or(f64::NEG_INFINITY, |o| o.log_prob)
                    };
                    states[row] = pick.next;
                    prefixes[row].extend(pick.node);
                    log_probs[row] += model_lp;
                    next[row] = pick.token;
                }
                if states.iter().all(|s| s.done()) {
                    // the EOS step is certain under the mask: no probability
                    break;
                }
                let kept: Vec<u32> = (0u32..)
                    .zip(&alive)
                    .filter(|&(_, &row)| !states[row].done())
                    .map(|(at, _)| at)
                    .collect();
                if kept.len() < alive.len() {
                    cache = cache.select(&Tensor::new(kept.as_slice(), device)?)?;
                    alive.retain(|&row| !states[row].done());
                }
                let tokens: Vec<u32> = alive.iter().map(|&row| next[row]).collect();
                let ids = Tensor::new(tokens.as_slice(), device)?.unsqueeze(1)?;
                let out = self.model.transformer().forward(&ids, &mut cache)?;
                for (&row, row_logits) in alive.iter().zip(out.squeeze(1)?.to_vec2::<f32>()?) {
                    logits[row] = row_logits;
                }
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
            let mut candidates: Vec<(usize, Choice, f64)> = Vec::new();
            for (row, (_, state, log_prob)) in beams.iter().enumerate() {
                for choice in self.allowed(&logits[row], *state, budget, 1.0) {
                    candidates.push((row, choice, log_prob + choice.log_prob));
                }
            }
            candidates.sort_by(|a, b| b.2.total_cmp(&a.2));
            candidates.truncate(width);
            // (source row, token, prefix, state, log-probability)
            let mut open: Vec<(u32, Token, Vec<Node>, State, f64)> = Vec::new();
            for (row, choice, log_prob) in candidates {
                let mut prefix = beams[row].0.clone();
                prefix.extend(choice.node);
                if choice.next.done() {
                    finished.push(Sample {
                        program: prefix_to_program(&prefix)?,
                        log_prob,
                    });
                } else {
                    let row = u32::try_from(row).expect("beams are few");
                    open.push((row, choice.token, prefix, choice.next, log_prob));
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
        let program_tokens = self.model.tokenizer().encode_program(program)?;
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
        let tokenizer = self.model.tokenizer();
        let program_tokens = tokenizer.encode_program(program)?;
        let zeros = vec![0f32; tokenizer.vocab_size()];
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
            let choice = options.iter().find(|o| o.token == token)?;
            total += choice.log_prob;
            state = choice.next;
        }
        Some(total)
    }

    /// The model's marginal over the grammar's productions for a spec: the
    /// expected share of each node among the nodes of `samples` programs
    /// drawn from it (add-one smoothed), in the grammar's node order (the
    /// nodes the model's vocabulary can write).
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
        let mut counts: Vec<f64> = vec![1.0; self.productions.len()];
        // a grammar may hold tens of thousands of literals: look nodes up
        let index: HashMap<Node, usize> = self
            .productions
            .iter()
            .enumerate()
            .map(|(i, &node)| (node, i))
            .collect();
        for sample in &drawn {
            for node in sample.program.nodes() {
                if let Some(&i) = index.get(node) {
                    counts[i] += 1.0;
                }
            }
        }
        let total: f64 = counts.iter().sum();
        Ok(self
            .productions
            .iter()
            .zip(counts)
            .map(|(&node, c)| (node, c / total))
            .collect())
    }
}

/// A program from its nodes in prefix order.
fn prefix_to_program(prefix: &[Node]) -> Result<Program, ModelError> {
    let tokenizer = super::Tokenizer::default();
    let mut tokens: Vec<Token> = Vec::with_capacity(prefix.len() + 1);
    for &node in prefix {
        tokens.extend(tokenizer.node_tokens(node)?);
    }
    tokens.push(EOS);
    Ok(tokenizer.decode_program(&tokens)?)
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
                    let tokens = model.tokenizer().encode_program(&sample.program).unwrap();
                    assert!(tokens.len() <= 12 + 1, "{} tokens", tokens.len());
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
    fn only_a_sketch_model_writes_a_hole_and_it_is_the_variable_past_the_specs() {
        let grammar = Grammar::new(Vars::new(["x"]).unwrap());
        let examples = [Example {
            inputs: vec![2],
            output: 4,
        }];
        let device = candle_core::Device::Cpu;
        let holes_in = |model: &Model| {
            let sampler = Sampler::with_hole(model, &grammar, 1);
            let mut rng = ChaCha8Rng::seed_from_u64(3);
            let samples = sampler
                .sample(&examples, 64, &SamplerConfig::default(), &mut rng)
                .unwrap();
            let with_x = Vars::new(["x", "h"]).unwrap();
            for sample in &samples {
                // the grammar and the hole variable, nothing else
                assert!(sample.program.min_vars() <= 2);
                let text = sample.program.sexpr(&with_x).to_string();
                assert!(Program::parse(&text, &with_x).is_ok());
            }
            samples
                .iter()
                .filter(|s| s.program.nodes().contains(&Node::Var(1)))
                .count()
        };
        let sketcher =
            Model::with_vocabulary(Config::tiny(), crate::model::Vocabulary::Sketch, &device, 1)
                .unwrap();
        assert!(holes_in(&sketcher) > 0);
        let plain = Model::new(Config::tiny(), &device, 1).unwrap();
        assert_eq!(holes_in(&plain), 0);
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

    /// Literals outside -16..=16 are written in digits: sampled, scored and
    /// beamed within the token budget; a model of the older vocabulary
    /// never writes them.
    #[test]
    fn literals_in_digits_are_sampled_scored_and_constrained() {
        let examples = [Example {
            inputs: vec![120],
            output: 2,
        }];
        let literals = [-250, -17, 1, 17, 60, 100, 1000, 6000, i64::MAX];
        let grammar = Grammar::builder()
            .vars(["x"])
            .ops([Op::Add, Op::Div, Op::Mod])
            .literals(literals)
            .build()
            .unwrap();
        let model = Model::new(Config::tiny(), &candle_core::Device::Cpu, 5).unwrap();
        let sampler = Sampler::new(&model, &grammar);
        for literal in literals {
            assert!(sampler.writes(Node::Lit(literal)), "{literal}");
        }
        let mut rng = ChaCha8Rng::seed_from_u64(9);
        let mut seen = std::collections::BTreeSet::new();
        for budget in [3, 5, 8, 16] {
            let config = SamplerConfig {
                temperature: 3.0,
                batch: 32,
                max_program_tokens: budget,
            };
            for sample in sampler.sample(&examples, 64, &config, &mut rng).unwrap() {
                grammar.admits(&sample.program).unwrap();
                let tokens = model.tokenizer().encode_program(&sample.program).unwrap();
                assert!(tokens.len() <= budget + 1, "{} > {budget}", tokens.len());
                let scored = sampler
                    .log_prob(&examples, &sample.program, budget)
                    .unwrap()
                    .unwrap();
                assert!((scored - sample.log_prob).abs() < 1e-3);
                seen.extend(sample.program.nodes().iter().filter_map(|n| match n {
                    Node::Lit(v) if v.abs() > 16 => Some(*v),
                    _ => None,
                }));
            }
            for beam in sampler.beam(&examples, 8, budget).unwrap() {
                grammar.admits(&beam.program).unwrap();
                let tokens = model.tokenizer().encode_program(&beam.program).unwrap();
                assert!(tokens.len() <= budget + 1);
            }
        }
        assert!(seen.len() >= 4, "long literals sampled: {seen:?}");
        // the masked distribution is a distribution over whole literals: with
        // leaves only, the model's probabilities of the programs sum to one,
        // and a budget too small for a literal's tokens leaves it out
        let leaves = Grammar::builder()
            .vars(["x"])
            .ops([])
            .literals(literals)
            .build()
            .unwrap();
        let sampler = Sampler::new(&model, &leaves);
        for (budget, expected) in [(16, literals.len() + 1), (3, 4), (4, 8)] {
            let mut total = 0.0;
            let mut count = 0;
            for program in literals
                .iter()
                .map(|&l| Program::from_postfix([Node::Lit(l)]).unwrap())
                .chain([Program::from_postfix([Node::Var(0)]).unwrap()])
            {
                if let Some(lp) = sampler.log_prob(&examples, &program, budget).unwrap() {
                    total += lp.exp();
                    count += 1;
                }
            }
            assert_eq!(count, expected, "budget {budget}");
            assert!((total - 1.0).abs() < 1e-6, "budget {budget}: {total}");
        }
        // the older vocabulary: no literal outside -16..=16
        let old = Model::with_vocabulary(
            Config::tiny(),
            crate::model::Vocabulary::SmallLiterals,
            &candle_core::Device::Cpu,
            5,
        )
        .unwrap();
        let sampler = Sampler::new(&old, &grammar);
        assert!(!sampler.writes(Node::Lit(100)));
        let config = SamplerConfig {
            temperature: 3.0,
            ..SamplerConfig::default()
        };
        for sample in sampler.sample(&examples, 64, &config, &mut rng).unwrap() {
            assert!(sample.program.nodes().iter().all(|n| match n {
                Node::Lit(v) => v.abs() <= 16,
                _ => true,
            }));
        }
    }
}
