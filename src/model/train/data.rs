//! Training data: the programs tasks are drawn from
//! ([`TrainingPrograms`]), their examples on fresh random inputs, and the
//! token sequences a step trains on.

use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

use super::TrainConfig;
use crate::dataset::{Example, Task};
use crate::dsl::{Grammar, Node, Program, Vars, MAX_VARS};
use crate::enumerate::Enumerator;
use crate::eval::reference;
use crate::model::tokenizer::{self, Token, Tokenizer, Vocabulary, PROG};
use crate::model::ModelError;

/// Programs of one variable list: in size order with the index range of
/// each size (enumerated pools), and each program's input range where it
/// has one.
#[derive(Clone, Debug)]
struct Group {
    vars: Vars,
    programs: Vec<Program>,
    classes: Vec<(usize, usize)>,
    /// Empty, or per program one inclusive input range per variable.
    ranges: Vec<Vec<(i64, i64)>>,
}

/// A program, its variables, and the range of each input if it has them.
type Ranged = (Vars, Program, Option<Vec<(i64, i64)>>);

/// A program, its variables, and an inclusive range for each of them
/// ([`TrainingPrograms::with_variable_ranges`]).
pub type RangedProgram = (Vars, Program, Vec<(i64, i64)>);

/// One source of a mix.
#[derive(Clone, Debug)]
struct Source {
    groups: Vec<Group>,
    /// Draw size first (enumerated pools) or uniformly over the programs.
    by_size: bool,
    len: usize,
    /// Share of the draws (relative to the other sources').
    weight: f64,
}

/// Programs to draw training tasks from; each draw gets fresh random
/// inputs, its outputs from the reference interpreter. Several sets can be
/// mixed with weights ([`TrainingPrograms::mix`]).
#[derive(Clone, Debug)]
pub struct TrainingPrograms {
    sources: Vec<Source>,
}

fn held_out(program: &Program) -> bool {
    // a fixed hash of the node array: the same split on every machine
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for node in program.nodes() {
        let word = match *node {
            crate::Node::Var(v) => u64::from(v),
            crate::Node::Lit(l) => u64::from_ne_bytes(l.to_ne_bytes()) ^ 0x100,
            crate::Node::Op(op) => op.index() as u64 ^ 0x200,
        };
        h = (h ^ word).wrapping_mul(0x0100_0000_01b3);
    }
    h % 50 == 0
}

impl TrainingPrograms {
    fn single(groups: Vec<Group>, by_size: bool) -> TrainingPrograms {
        let len = groups.iter().map(|g| g.programs.len()).sum();
        TrainingPrograms {
            sources: vec![Source {
                groups,
                by_size,
                len,
                weight: 1.0,
            }],
        }
    }

    /// The unique programs of the default grammar with one variable through
    /// `max_size` and two through `max_size - 2`: the held-out fiftieth (by
    /// a fixed hash of the program) or the rest. A draw picks the variable
    /// count uniformly, then a size uniformly among those present (so small
    /// programs are not drowned by the many large ones), then a program.
    ///
    /// # Errors
    ///
    /// Enumeration errors.
    pub fn enumerated(max_size: usize, held: bool) -> Result<TrainingPrograms, ModelError> {
        let mut groups = Vec::new();
        for (vars, size) in [(1, max_size), (2, max_size.saturating_sub(2).max(1))] {
            let vars = Vars::standard(vars).expect("1 or 2 variables");
            let programs: Vec<Program> = Enumerator::new(Grammar::new(vars.clone()))
                .max_size(size)
                .start()?
                .into_programs()
                .into_iter()
                .filter(|p| held_out(p) == held)
                .collect();
            let mut classes: Vec<(usize, usize)> = Vec::new();
            for (i, program) in programs.iter().enumerate() {
                match classes.last_mut() {
                    Some((start, end)) if programs[*start].size() == program.size() => *end = i + 1,
                    _ => classes.push((i, i + 1)),
                }
            }
            if !programs.is_empty() {
                groups.push(Group {
                    vars,
                    programs,
                    classes,
                    ranges: Vec::new(),
                });
            }
        }
        Ok(TrainingPrograms::single(groups, true))
    }

    /// Exactly these programs, each drawn with equal chance (so a set's own
    /// weighting, e.g. a density-shifted training set, is kept). A model
    /// whose vocabulary cannot write a program (a checkpoint from before
    /// literals in digits) is never trained on it.
    #[must_use]
    pub fn new(programs: &[(Vars, Program)]) -> TrainingPrograms {
        let ranged: Vec<Ranged> = programs
            .iter()
            .map(|(vars, program)| (vars.clone(), program.clone(), None))
            .collect();
        TrainingPrograms::build(&ranged)
    }

    /// These programs, each drawn with equal chance, each with inputs drawn
    /// uniformly from its own inclusive range (the natural inputs of a
    /// formula: minutes 0..=1439, prices 0..=10000), a few also from
    /// the usual mostly-small distribution so that the model still sees
    /// the edges.
    #[must_use]
    pub fn with_input_ranges(programs: &[(Vars, Program, (i64, i64))]) -> TrainingPrograms {
        let ranged: Vec<Ranged> = programs
            .iter()
            .map(|(vars, program, (lo, hi))| {
                (
                    vars.clone(),
                    program.clone(),
                    Some(vec![(*lo.min(hi), *lo.max(hi)); vars.len()]),
                )
            })
            .collect();
        TrainingPrograms::build(&ranged)
    }

    /// As [`TrainingPrograms::with_input_ranges`], with a range for each
    /// variable of each program (hours 0..=23 beside minutes 0..=59); a
    /// program given fewer ranges than variables draws the rest from the
    /// last.
    #[must_use]
    pub fn with_variable_ranges(programs: &[RangedProgram]) -> TrainingPrograms {
        let ranged: Vec<Ranged> = programs
            .iter()
            .map(|(vars, program, ranges)| {
                let mut ranges: Vec<(i64, i64)> = ranges
                    .iter()
                    .map(|&(lo, hi)| (lo.min(hi), lo.max(hi)))
                    .collect();
                let last = ranges.last().copied().unwrap_or(DEFAULT_RANGE);
                ranges.resize(vars.len(), last);
                (vars.clone(), program.clone(), Some(ranges))
            })
            .collect();
        TrainingPrograms::build(&ranged)
    }

    fn build(programs: &[Ranged]) -> TrainingPrograms {
        // where any program has a range, every one gets one (the default
        // range for those without), so `Group::ranges` is all or nothing
        let ranged = programs.iter().any(|p| p.2.is_some());
        let mut groups: Vec<Group> = Vec::new();
        for (vars, program, range) in programs {
            let index = match groups.iter().position(|g| &g.vars == vars) {
                Some(index) => index,
                None => {
                    groups.push(Group {
                        vars: vars.clone(),
                        programs: Vec::new(),
                        classes: Vec::new(),
                        ranges: Vec::new(),
                    });
                    groups.len() - 1
                }
            };
            let group = &mut groups[index];
            group.programs.push(program.clone());
            if ranged {
                group.ranges.push(
                    range
                        .clone()
                        .unwrap_or_else(|| vec![DEFAULT_RANGE; vars.len()]),
                );
            }
        }
        for group in &mut groups {
            group.classes = vec![(0, group.programs.len())];
        }
        TrainingPrograms::single(groups, false)
    }

    /// This set and `other` in one: a draw comes from `other` with chance
    /// `share` (clamped to 0..=1), from this set otherwise (its own
    /// sources keeping their proportions).
    #[must_use]
    pub fn mix(mut self, other: TrainingPrograms, share: f64) -> TrainingPrograms {
        let share = if share.is_nan() {
            0.0
        } else {
            share.clamp(0.0, 1.0)
        };
        let total = |sources: &[Source]| sources.iter().map(|s| s.weight).sum::<f64>();
        let (own, theirs) = (total(&self.sources), total(&other.sources));
        for source in &mut self.sources {
            source.weight *= (1.0 - share) / own.max(f64::MIN_POSITIVE);
        }
        for mut source in other.sources {
            source.weight *= share / theirs.max(f64::MIN_POSITIVE);
            self.sources.push(source);
        }
        self.sources.retain(|s| s.weight > 0.0 && s.len > 0);
        self
    }

    /// Whether some program leaves room for examples in `context` tokens
    /// (training skips those that do not).
    pub(super) fn fits(&self, tokenizer: Tokenizer, context: usize) -> bool {
        self.sources
            .iter()
            .flat_map(|s| &s.groups)
            .flat_map(|g| &g.programs)
            .any(|p| {
                tokenizer
                    .encode_program(p)
                    .is_ok_and(|t| t.len() + 8 <= context)
            })
    }

    /// Programs held.
    #[must_use]
    pub fn len(&self) -> usize {
        self.sources.iter().map(|s| s.len).sum()
    }

    /// Whether there is none.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// A program and `examples` examples of it on fresh random inputs.
    fn draw<R: Rng>(&self, examples: usize, rng: &mut R) -> (Vars, Program, Vec<Example>) {
        let source = if self.sources.len() == 1 {
            &self.sources[0]
        } else {
            let total: f64 = self.sources.iter().map(|s| s.weight).sum();
            let mut at = rng.random::<f64>() * total;
            self.sources
                .iter()
                .find(|s| {
                    let inside = at < s.weight;
                    at -= s.weight;
                    inside
                })
                .unwrap_or_else(|| self.sources.last().expect("a mix has a source"))
        };
        let (group, index) = if source.by_size {
            let group = &source.groups[rng.random_range(0..source.groups.len())];
            let (start, end) = group.classes[rng.random_range(0..group.classes.len())];
            (group, rng.random_range(start..end))
        } else {
            let mut at = rng.random_range(0..source.len);
            let group = source
                .groups
                .iter()
                .find(|g| {
                    let inside = at < g.programs.len();
                    if !inside {
                        at -= g.programs.len();
                    }
                    inside
                })
                .expect("an index below the total lies in a group");
            (group, at)
        };
        let program = &group.programs[index];
        let ranges = group.ranges.get(index).map(Vec::as_slice);
        let examples = random_examples(program, group.vars.len(), examples, ranges, rng);
        (group.vars.clone(), program.clone(), examples)
    }
}

/// The range that programs given without one are drawn from, when others
/// of their group have one.
const DEFAULT_RANGE: (i64, i64) = (-1000, 1000);

/// Tasks for `programs`: `train` examples to search with and `test` held
/// out, on random inputs drawn as in training; named `{prefix}-{i}`, with
/// the program as reference.
#[must_use]
pub fn example_tasks(
    programs: &[(Vars, Program)],
    train: usize,
    test: usize,
    seed: u64,
    prefix: &str,
) -> Vec<Task> {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    programs
        .iter()
        .enumerate()
        .map(|(i, (vars, program))| {
            let mut examples = random_examples(program, vars.len(), train + test, None, &mut rng);
            let test_examples = examples.split_off(train);
            Task {
                name: format!("{prefix}-{i}"),
                program: Some(program.sexpr(vars).to_string()),
                family: Some(format!("size-{}", program.size())),
                vars: vars.clone(),
                train: examples,
                test: test_examples,
                grammar: None,
            }
        })
        .collect()
}

/// An input value for training tasks: mostly small, some larger.
fn input_value<R: Rng>(rng: &mut R) -> i64 {
    if rng.random_bool(0.7) {
        rng.random_range(-20..=20)
    } else {
        rng.random_range(-1000..=1000)
    }
}

/// Examples on random inputs: each variable from its range in `ranges`
/// (most of them, where given) or the mostly-small distribution of
/// [`input_value`].
fn random_examples<R: Rng>(
    program: &Program,
    vars: usize,
    count: usize,
    ranges: Option<&[(i64, i64)]>,
    rng: &mut R,
) -> Vec<Example> {
    (0..count)
        .map(|_| {
            let inputs: Vec<i64> = (0..vars)
                .map(|var| match ranges.and_then(|r| r.get(var)) {
                    Some(&(lo, hi)) if rng.random_bool(0.9) => rng.random_range(lo..=hi),
                    _ => input_value(rng),
                })
                .collect();
            let output = reference::eval(program, &inputs);
            Example { inputs, output }
        })
        .collect()
}

/// The tokens of a spec, ending with `PROG`: as many examples as fit in
/// `budget` tokens (at least one).
pub(crate) fn spec_tokens(examples: &[Example], budget: usize) -> Vec<Token> {
    let mut tokens = vec![tokenizer::BOS];
    for example in examples {
        let more = Tokenizer::default().encode_example(&example.inputs, example.output);
        if tokens.len() + more.len() + 1 > budget && tokens.len() > 1 {
            break;
        }
        tokens.extend(more);
    }
    tokens.push(PROG);
    tokens
}

/// Tasks drawn from the enumerated programs of the default grammar: held
/// out from training (`held_out = true`, the programs the default model did
/// not see) or not. Each has `train` and `test` examples on fresh random
/// inputs and the program as reference.
///
/// # Errors
///
/// Enumeration errors.
pub fn training_tasks(
    max_size: usize,
    count: usize,
    train: usize,
    test: usize,
    seed: u64,
    held_out: bool,
) -> Result<Vec<Task>, ModelError> {
    let pool = TrainingPrograms::enumerated(max_size, held_out)?;
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    Ok((0..count)
        .map(|i| {
            let (vars, program, mut examples) = pool.draw(train + test, &mut rng);
            let test_examples = examples.split_off(train);
            Task {
                name: format!("enumerated-{i}"),
                program: Some(program.sexpr(&vars).to_string()),
                family: Some(format!("size-{}", program.size())),
                vars,
                train: examples,
                test: test_examples,
                grammar: None,
            }
        })
        .collect())
}

/// `count` training sequences (a spec, then the program) drawn from
/// `pool`, with where each one's program starts.
pub(super) fn sequences<R: Rng>(
    tokenizer: Tokenizer,
    pool: &TrainingPrograms,
    config: &TrainConfig,
    context: usize,
    count: usize,
    rng: &mut R,
) -> (Vec<Vec<Token>>, Vec<usize>) {
    let mut sequences = Vec::with_capacity(count);
    let mut starts = Vec::with_capacity(count);
    while sequences.len() < count {
        let (vars, program, examples) = pool.draw(config.examples, rng);
        let sketch = (tokenizer.vocabulary() == Vocabulary::Sketch
            && rng.random_bool(config.holes.clamp(0.0, 1.0)))
        .then(|| sketch_of(&program, vars.len(), rng))
        .flatten();
        let encoded = match &sketch {
            Some((sketch, hole)) => tokenizer.encode_sketch(sketch, *hole),
            None => tokenizer.encode_program(&program),
        };
        // a program this vocabulary cannot write, or too long: draw again
        // (`fits` checked that some program can be written)
        let Ok(program_tokens) = encoded else {
            continue;
        };
        if program_tokens.len() + 8 > context {
            continue;
        }
        let mut sequence = spec_tokens(&examples, context - program_tokens.len());
        starts.push(sequence.len() - 1);
        sequence.extend(program_tokens);
        sequences.push(sequence);
    }
    (sequences, starts)
}

/// Largest subterm a training sketch leaves as a hole: what the search's
/// enumeration banks within a second, for a few variables.
pub const MAX_HOLE: usize = 7;

/// `program` with one proper subterm of 2 to [`MAX_HOLE`] nodes, drawn
/// uniformly, replaced by the variable `vars` (the hole), and that
/// variable's index; `None` where it has no such subterm or no variable is
/// left for the hole.
pub(super) fn sketch_of<R: Rng>(
    program: &Program,
    vars: usize,
    rng: &mut R,
) -> Option<(Program, u8)> {
    let hole = u8::try_from(vars)
        .ok()
        .filter(|&h| usize::from(h) < MAX_VARS)?;
    let starts = program.subtree_starts();
    let root = program.size() - 1;
    let inner: Vec<usize> = (0..root)
        .filter(|&p| (2..=MAX_HOLE).contains(&(p + 1 - starts[p])))
        .collect();
    if inner.is_empty() {
        return None;
    }
    let position = inner[rng.random_range(0..inner.len())];
    let nodes = program.nodes();
    let sketch = Program::from_postfix(
        nodes[..starts[position]]
            .iter()
            .copied()
            .chain([Node::Var(hole)])
            .chain(nodes[position + 1..].iter().copied()),
    )
    .ok()?;
    Some((sketch, hole))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_training_sketch_leaves_one_small_proper_subterm_as_its_hole() {
        let vars = Vars::new(["n", "k"]).unwrap();
        let program =
            Program::parse("(+ (mod (div n 10) 10) (* 3 (max 0 (- k 7))))", &vars).unwrap();
        let with_hole = Vars::new(["n", "k", "h"]).unwrap();
        let mut rng = ChaCha8Rng::seed_from_u64(5);
        let mut seen = std::collections::BTreeSet::new();
        for _ in 0..200 {
            let (sketch, hole) = sketch_of(&program, 2, &mut rng).unwrap();
            assert_eq!(hole, 2);
            let holes = sketch
                .nodes()
                .iter()
                .filter(|&&n| n == Node::Var(2))
                .count();
            assert_eq!(holes, 1);
            let left = program.size() + 1 - sketch.size();
            assert!((2..=MAX_HOLE).contains(&left), "{left} nodes left out");
            seen.insert(sketch.sexpr(&with_hole).to_string());
        }
        // every subterm of 2 to 7 nodes below the root is drawn some time:
        // (div n 10), (mod (div n 10) 10), (- k 7), (max 0 (- k 7)) and
        // (* 3 (max 0 (- k 7)))
        assert_eq!(seen.len(), 5, "{seen:?}");
        assert!(seen.contains("(+ (mod h 10) (* 3 (max 0 (- k 7))))"));
        // no proper subterm of that size, or no variable left for a hole
        let small = Program::parse("(+ n 1)", &vars).unwrap();
        assert_eq!(sketch_of(&small, 2, &mut rng), None);
        assert_eq!(sketch_of(&program, MAX_VARS, &mut rng), None);
    }

    #[test]
    fn a_mix_draws_each_source_by_its_share_and_ranges_bound_inputs() {
        let vars = Vars::standard(1).unwrap();
        let formula = Program::parse("(div x 60)", &vars).unwrap();
        let ranged =
            TrainingPrograms::with_input_ranges(&[(vars.clone(), formula.clone(), (0, 1439))]);
        let mix = TrainingPrograms::enumerated(5, false)
            .unwrap()
            .mix(ranged, 0.25);
        let mut rng = ChaCha8Rng::seed_from_u64(3);
        let (mut drawn, mut inside) = (0, 0);
        for _ in 0..4000 {
            let (_, program, examples) = mix.draw(10, &mut rng);
            if program == formula {
                drawn += 1;
                inside += examples
                    .iter()
                    .filter(|e| (0..=1439).contains(&e.inputs[0]))
                    .count();
            }
        }
        // a quarter of 4000 draws, and about nine of ten inputs in range
        assert!((850..=1150).contains(&drawn), "{drawn}");
        assert!(inside * 10 >= drawn * 10 * 8, "{inside} of {}", drawn * 10);
    }

    #[test]
    fn split_is_fixed_and_small() {
        let pool = TrainingPrograms::enumerated(5, true).unwrap();
        let held = pool.len();
        let all = TrainingPrograms::enumerated(5, false).unwrap();
        let kept = all.len();
        assert!(
            held > 0 && held * 10 < kept,
            "{held} held out of {}",
            held + kept
        );
    }
}
