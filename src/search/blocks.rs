//! Learned building blocks: the subterms that recur across a corpus of
//! programs, learned by compression and used as single parts.
//!
//! A [`Library`] is learned from programs the way Stitch-style library
//! learning compresses a corpus: every subterm of 3 to [`MAX_BODY`] nodes
//! is a candidate abstraction once its variables are renamed to parameters
//! (`a`, `b`, `c` by first occurrence; literals stay), and the one that
//! saves the most nodes over the corpus (uses × (nodes − parameters − 1))
//! is taken, its uses rewritten to a single leaf, and the count begins
//! again, so that what is taken next is what is left to compress (a
//! pattern over such leaves compresses the corpus further but is not kept
//! as a block of its own). On formulas people write
//! it finds digit extraction `(mod (div a 10) 10)`, hinges `(max 0 (- a
//! 100))`, mixed units `(+ (* 60 a) b)`.
//!
//! A search uses a block through its [instances](Library::instances) over
//! a spec's variables: each a program the spec's grammar admits, told
//! apart by its outputs on the examples. Where
//! [`HybridConfig::blocks`](super::HybridConfig::blocks) is on, the
//! hybrid's completion tries them as parts, so that a digit sum is four
//! parts, not nineteen nodes to enumerate, and its enumeration banks them
//! as leaves at the level of a production applied to its variables (one
//! for the block, one per variable), so that the smaller of two digits is
//! three parts. A tool passes its own library to
//! [`Synthesizer::blocks`](crate::Synthesizer::blocks).
//!
//! The library the crate embeds ([`Library::embedded`]) is learned from
//! the training distribution `examples/tasks/large-train.jsonl` by
//! `arithsynth learn-blocks --tasks examples/tasks/large-train.jsonl --out
//! models/blocks.txt`.
//!
//! ```
//! use arithsynth::search::blocks::Library;
//! use arithsynth::{Program, Vars};
//!
//! let vars = Vars::new(["n", "m"])?;
//! let corpus: Vec<Program> = [
//!     "(+ (mod (div n 10) 10) (mod n 10))",
//!     "(* (mod (div m 10) 10) n)",
//!     "(- n (mod (div n 10) 10))",
//! ]
//! .iter()
//! .map(|text| Program::parse(text, &vars))
//! .collect::<Result<_, _>>()?;
//! let library = Library::learn(&corpus, 4);
//! assert_eq!(library.to_text().lines().find(|l| !l.starts_with('#')), Some("(mod (div a 10) 10)"));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use std::collections::{BTreeMap, BTreeSet};
use std::sync::OnceLock;

use super::Spec;
use crate::dsl::{Node, ParseError, Program, Vars};
use crate::eval::reference;

/// Most nodes in a block's body.
pub const MAX_BODY: usize = 9;
/// Fewest nodes in a block's body.
pub const MIN_BODY: usize = 3;
/// Most parameters of a block.
pub const MAX_ARITY: usize = 3;
/// Most blocks [`Library::instances`] reads, the most useful first: a
/// search reads no more of a larger library (its cost, paid once per
/// search, stays bounded).
pub const MAX_USED: usize = 256;
/// The parameters' names in a library's text.
const PARAMS: [&str; MAX_ARITY] = ["a", "b", "c"];
/// The leaf a rewritten use of a block leaves behind while learning: a
/// variable index no program has.
const USED: Node = Node::Var(u8::MAX);

/// One learned abstraction: a body over parameters `a`, `b`, `c`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Block {
    body: Program,
    arity: usize,
}

impl Block {
    /// The body, over the parameters as variables 0, 1, 2.
    #[must_use]
    pub fn body(&self) -> &Program {
        &self.body
    }

    /// The number of parameters.
    #[must_use]
    pub fn arity(&self) -> usize {
        self.arity
    }
}

/// Learned building blocks, most useful first; see the [module
/// docs](self).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Library {
    blocks: Vec<Block>,
}

/// A library's text that does not read.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("blocks, line {line}: {error}")]
pub struct LibraryError {
    /// The line (from 1).
    pub line: usize,
    /// What is wrong with it.
    pub error: ParseError,
}

impl Library {
    /// Learns up to `max_blocks` blocks from `programs` by compression
    /// (see the [module docs](self)); a block must save nodes at two uses
    /// at least.
    #[must_use]
    pub fn learn(programs: &[Program], max_blocks: usize) -> Library {
        let mut corpus: Vec<Vec<Node>> = programs.iter().map(|p| p.nodes().to_vec()).collect();
        let mut blocks = Vec::new();
        while blocks.len() < max_blocks {
            // pattern -> (nodes saved over the corpus, parameters)
            let mut savings: BTreeMap<Vec<Node>, (usize, usize)> = BTreeMap::new();
            for nodes in &corpus {
                for (start, end) in subterms(nodes) {
                    if let Some((pattern, arity)) = abstraction(&nodes[start..=end]) {
                        let saved = pattern.len().saturating_sub(arity + 1);
                        savings.entry(pattern).or_insert((0, arity)).0 += saved;
                    }
                }
            }
            // most nodes saved; then the smaller body; then the first in order
            let Some((pattern, (saved, arity))) =
                savings.into_iter().max_by(|(p, (s, _)), (q, (t, _))| {
                    s.cmp(t)
                        .then_with(|| q.len().cmp(&p.len()))
                        .then_with(|| q.cmp(p))
                })
            else {
                break;
            };
            let per_use = pattern.len().saturating_sub(arity + 1);
            if per_use == 0 || saved < 2 * per_use {
                break; // saves nothing, or at fewer than two uses
            }
            for nodes in &mut corpus {
                *nodes = rewrite(nodes, &pattern);
            }
            // a body over other blocks' uses is not a program of its own
            if pattern.contains(&USED) {
                continue;
            }
            if let Ok(body) = Program::from_postfix(pattern) {
                blocks.push(Block { body, arity });
            }
        }
        Library { blocks }
    }

    /// The blocks, most useful first.
    #[must_use]
    pub fn blocks(&self) -> &[Block] {
        &self.blocks
    }

    /// The library as text: a comment, then one body a line, over `a`,
    /// `b`, `c`.
    #[must_use]
    pub fn to_text(&self) -> String {
        let vars = params();
        let mut out = String::from(
            "# arithsynth building blocks: one body a line over parameters a, b, c, most useful first\n",
        );
        for block in &self.blocks {
            out += &block.body.sexpr(&vars).to_string();
            out.push('\n');
        }
        out
    }

    /// Reads a library's text ([`Library::to_text`]); blank lines and lines
    /// that start with `#` are skipped.
    ///
    /// # Errors
    ///
    /// [`LibraryError`] for a line that is not a program over `a`, `b`,
    /// `c`.
    pub fn parse(text: &str) -> Result<Library, LibraryError> {
        let vars = params();
        let mut blocks = Vec::new();
        for (index, line) in text.lines().enumerate() {
            let line = line.trim();
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            let body = Program::parse(line, &vars).map_err(|error| LibraryError {
                line: index + 1,
                error,
            })?;
            let arity = body.min_vars();
            blocks.push(Block { body, arity });
        }
        Ok(Library { blocks })
    }

    /// The library the crate embeds, learned from the training
    /// distribution of large formulas (see the [module docs](self)).
    ///
    /// # Panics
    ///
    /// Never: the embedded text is checked by the tests.
    #[must_use]
    pub fn embedded() -> &'static Library {
        static EMBEDDED: OnceLock<Library> = OnceLock::new();
        EMBEDDED.get_or_init(|| {
            Library::parse(include_str!("../../models/blocks.txt"))
                .expect("the embedded blocks read")
        })
    }

    /// Up to `max` instances of the blocks over `spec`'s variables (each
    /// parameter a distinct variable): programs its grammar admits, with
    /// outputs on the training examples that differ from each other's,
    /// from a constant's and from a variable's. The blocks as learned come
    /// first, most useful first; then the blocks with one literal
    /// respelled by another of the grammar's (never 0 or 1, which make a
    /// division, a remainder or a product degenerate), the first
    /// respelling of each block before the second of any, so that the
    /// digit of the tens also gives the digit of the hundreds where the
    /// grammar has 100, and a hinge at 8 one at each of the grammar's
    /// kinks. Only the first [`MAX_USED`] blocks are read.
    #[must_use]
    pub fn instances(&self, spec: &Spec, max: usize) -> Vec<Program> {
        let vars = spec.vars().len();
        let mut seen: BTreeSet<Vec<i64>> = (0..vars)
            .map(|v| spec.train().iter().map(|e| e.inputs[v]).collect())
            .collect();
        let literals = spec.grammar().literals();
        let blocks = &self.blocks[..self.blocks.len().min(MAX_USED)];
        let learned = blocks.iter().map(|b| (b.body.clone(), b.arity));
        let respelled: Vec<Vec<Program>> = blocks
            .iter()
            .map(|b| respellings(&b.body, literals))
            .collect();
        let rounds = respelled.iter().map(Vec::len).max().unwrap_or(0);
        let respelled = (0..rounds).flat_map(|round| {
            blocks
                .iter()
                .zip(&respelled)
                .filter_map(move |(b, bodies)| Some((bodies.get(round)?.clone(), b.arity)))
        });
        let mut out = Vec::new();
        for (body, arity) in learned.chain(respelled) {
            for assignment in assignments(arity, vars) {
                if out.len() >= max {
                    return out;
                }
                let nodes = body.nodes().iter().map(|&node| match node {
                    Node::Var(param) => Node::Var(assignment[usize::from(param)]),
                    other => other,
                });
                let Ok(program) = Program::from_postfix(nodes) else {
                    continue;
                };
                if spec.grammar().admits(&program).is_err() {
                    continue;
                }
                let column: Vec<i64> = spec
                    .train()
                    .iter()
                    .map(|e| reference::eval(&program, &e.inputs))
                    .collect();
                let constant = column.windows(2).all(|w| w[0] == w[1]);
                if !constant && seen.insert(column) {
                    out.push(program);
                }
            }
        }
        out
    }
}

/// `body` with one of its literals replaced by another of `literals`
/// other than 0 and 1, literal by literal in postfix order, each in the
/// order of `literals`.
fn respellings(body: &Program, literals: &[i64]) -> Vec<Program> {
    let nodes = body.nodes();
    let mut out = Vec::new();
    for (position, node) in nodes.iter().enumerate() {
        let Node::Lit(learned) = *node else {
            continue;
        };
        for &c in literals {
            if c == learned || c == 0 || c == 1 {
                continue;
            }
            let mut respelled = nodes.to_vec();
            respelled[position] = Node::Lit(c);
            if let Ok(program) = Program::from_postfix(respelled) {
                out.push(program);
            }
        }
    }
    out
}

fn params() -> Vars {
    Vars::new(PARAMS).expect("valid names")
}

/// Every `(start, end)` of a subterm of `nodes` (postfix), by end.
fn subterms(nodes: &[Node]) -> Vec<(usize, usize)> {
    let mut starts: Vec<usize> = Vec::with_capacity(nodes.len());
    let mut out = Vec::with_capacity(nodes.len());
    for (end, node) in nodes.iter().enumerate() {
        let arity = node.arity();
        let start = if arity == 0 {
            end
        } else {
            let first = starts.len().saturating_sub(arity);
            let start = starts.get(first).copied().unwrap_or(end);
            starts.truncate(first);
            start
        };
        starts.push(start);
        out.push((start, end));
    }
    out
}

/// A subterm with its variables (and uses of blocks) renamed to
/// parameters by first occurrence, and its arity; `None` outside the
/// sizes, past [`MAX_ARITY`] parameters, or with no parameter at all (a
/// constant).
fn abstraction(term: &[Node]) -> Option<(Vec<Node>, usize)> {
    if !(MIN_BODY..=MAX_BODY).contains(&term.len()) {
        return None;
    }
    let mut names: Vec<Node> = Vec::new();
    let mut pattern = Vec::with_capacity(term.len());
    for &node in term {
        pattern.push(match node {
            Node::Var(_) => {
                let index = names.iter().position(|&n| n == node).unwrap_or_else(|| {
                    names.push(node);
                    names.len() - 1
                });
                if index >= MAX_ARITY {
                    return None;
                }
                if node == USED {
                    USED // kept as itself: a block's use is not renamed away
                } else {
                    Node::Var(u8::try_from(index).ok()?)
                }
            }
            other => other,
        });
    }
    let arity = names.len();
    (arity > 0).then_some((pattern, arity))
}

/// `nodes` with each use of `pattern` (outermost first) replaced by the
/// leaf [`USED`].
fn rewrite(nodes: &[Node], pattern: &[Node]) -> Vec<Node> {
    let spans = subterms(nodes);
    // outermost uses: walk from the root down, by decreasing end
    let mut taken: Vec<(usize, usize)> = Vec::new();
    for &(start, end) in spans.iter().rev() {
        if taken.iter().any(|&(s, e)| s <= start && end <= e) {
            continue;
        }
        if abstraction(&nodes[start..=end]).is_some_and(|(p, _)| p == pattern) {
            taken.push((start, end));
        }
    }
    let mut out = Vec::with_capacity(nodes.len());
    let mut index = 0;
    taken.sort_unstable();
    for (start, end) in taken {
        out.extend_from_slice(&nodes[index..start]);
        out.push(USED);
        index = end + 1;
    }
    out.extend_from_slice(&nodes[index..]);
    out
}

/// Every assignment of `arity` distinct variables out of `vars`, in order.
fn assignments(arity: usize, vars: usize) -> Vec<Vec<u8>> {
    let mut out: Vec<Vec<u8>> = vec![Vec::new()];
    for _ in 0..arity {
        let mut next = Vec::new();
        for partial in &out {
            for v in (0..vars).filter_map(|v| u8::try_from(v).ok()) {
                if !partial.contains(&v) {
                    let mut longer = partial.clone();
                    longer.push(v);
                    next.push(longer);
                }
            }
        }
        out = next;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dataset::Example;
    use crate::dsl::Grammar;

    fn parse(text: &str, vars: &[&str]) -> Program {
        Program::parse(text, &Vars::new(vars).unwrap()).unwrap()
    }

    #[test]
    fn the_most_saving_subterm_is_learned_first_and_its_uses_are_rewritten() {
        let corpus = [
            parse("(+ (mod (div x 10) 10) (mod (div y 10) 10))", &["x", "y"]),
            parse("(* (mod (div x 10) 10) (max 0 (- x 100)))", &["x"]),
            parse("(+ (max 0 (- y 100)) (mod (div y 10) 10))", &["x", "y"]),
        ];
        let library = Library::learn(&corpus, 8);
        let text = library.to_text();
        let bodies: Vec<&str> = text.lines().skip(1).collect();
        assert_eq!(bodies[0], "(mod (div a 10) 10)", "{text}");
        assert!(bodies.contains(&"(max 0 (- a 100))"), "{text}");
        // each body is a block's, read back the same
        assert_eq!(Library::parse(&text).unwrap(), library);
    }

    #[test]
    fn instances_are_admitted_by_the_grammar_and_told_apart() {
        let library = Library::parse("# test\n(mod (div a 10) 10)\n(+ (* 60 a) b)\n").unwrap();
        assert_eq!(library.blocks()[1].arity(), 2);
        let grammar = Grammar::builder()
            .vars(["h", "m"])
            .literals([0, 1, 10])
            .build()
            .unwrap();
        let train = (0..8)
            .map(|i| Example::new([i * 7 + 3, i * 13 % 60], i))
            .collect();
        let spec = Spec::new(grammar, train, Vec::new()).unwrap();
        let instances = library.instances(&spec, 16);
        // 60 is no literal of the grammar: the digit blocks as learned,
        // then respellings (the mixed units' among them, at 10)
        let vars = spec.vars();
        let texts: Vec<String> = instances
            .iter()
            .map(|p| p.sexpr(vars).to_string())
            .collect();
        assert_eq!(texts[..2], ["(mod (div h 10) 10)", "(mod (div m 10) 10)"]);
        assert!(texts.contains(&"(+ (* 10 h) m)".to_owned()), "{texts:?}");
        assert!(!texts.iter().any(|t| t.contains("60")), "{texts:?}");
        assert!(instances.iter().all(|p| spec.grammar().admits(p).is_ok()));
        let columns: BTreeSet<Vec<i64>> = instances
            .iter()
            .map(|p| {
                spec.train()
                    .iter()
                    .map(|e| reference::eval(p, &e.inputs))
                    .collect()
            })
            .collect();
        assert_eq!(columns.len(), instances.len());
        assert!(library.instances(&spec, 3).len() == 3);
        assert!(Library::parse("(mod (div a 10) 10)\n(+ q 1)").is_err());
    }

    #[test]
    fn a_blocks_literals_are_respelled_by_the_grammars() {
        let library = Library::parse("(mod (div a 10) 10)\n(* a a)\n(div a 60)").unwrap();
        let grammar = Grammar::builder()
            .vars(["n"])
            .literals([0, 1, 10, 100, 1000])
            .build()
            .unwrap();
        let train = [4821, 967, 3310, 7159, 2648, 5502, 8094, 1436]
            .map(|n| Example::new([n], 0))
            .to_vec();
        let spec = Spec::new(grammar, train, Vec::new()).unwrap();
        let texts: Vec<String> = library
            .instances(&spec, 16)
            .iter()
            .map(|p| p.sexpr(spec.vars()).to_string())
            .collect();
        // as learned (60 is no literal of the grammar: that block only
        // respelled); then one literal at a time, never by 0 or 1, a
        // round over the blocks before the next
        assert_eq!(
            texts,
            [
                "(mod (div n 10) 10)",
                "(* n n)",
                "(mod (div n 100) 10)",
                "(div n 10)",
                "(mod (div n 1000) 10)",
                "(div n 100)",
                "(mod (div n 10) 100)",
            ]
        );
        // (div n 1000) and (mod (div n 10) 1000) were respelled too, but
        // on numbers below 10,000 they are (mod (div n 1000) 10) and
        // (div n 10): told apart by their outputs, they are left out
    }

    #[test]
    fn a_search_reads_the_first_blocks_of_a_large_library() {
        let grammar = Grammar::builder()
            .vars(["n"])
            .literals([7])
            .build()
            .unwrap();
        let train = (0..8).map(|n| Example::new([n * 5], 0)).collect();
        let spec = Spec::new(grammar, train, Vec::new()).unwrap();
        // blocks the grammar cannot admit (their literal 5 is no literal of
        // it, and one literal respelled by 7 still leaves a 5), then one it
        // can, past the most a search reads, then before it
        let unused = "(+ (* a 5) (* 5 a))\n".repeat(MAX_USED);
        let late = Library::parse(&format!("{unused}(mod a 7)\n")).unwrap();
        assert_eq!(late.blocks().len(), MAX_USED + 1);
        assert!(late.instances(&spec, 16).is_empty());
        let early = Library::parse(&format!("(mod a 7)\n{unused}")).unwrap();
        assert_eq!(early.instances(&spec, 16).len(), 1);
    }

    #[test]
    fn the_embedded_library_reads() {
        let library = Library::embedded();
        assert!(library.blocks().len() >= 8, "{}", library.to_text());
        assert!(library
            .blocks()
            .iter()
            .all(|b| (MIN_BODY..=MAX_BODY).contains(&b.body().size())));
    }
}
