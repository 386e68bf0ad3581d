//! Tokens for specs (examples) and programs (prefix notation).
//!
//! A sequence is `BOS example… PROG program EOS`. An example is its inputs
//! separated by `,`, then `->`, the output, and `;`. An integer is an
//! optional `NEG` and its magnitude in base-100 digits, most significant
//! first: every `i64` fits in at most 11 tokens, and small values in one or
//! two. A program is its nodes in prefix order: operators (`ite` carries its
//! comparison), variables `v0` … `v7`, and literals. A literal from -16 to
//! 16 is one token of its own; any other is written like an example value,
//! between `NUM` and `;` (`NUM - #1 #0 ;` is -100), so that every literal a
//! grammar allows can be sampled, scored and constrained.
//!
//! Checkpoints trained before literals were written that way have a
//! vocabulary without `NUM` ([`Vocabulary::SmallLiterals`]); they still load,
//! and their tokenizer writes only the literals -16..=16.
//!
//! A sketch model's vocabulary ([`Vocabulary::Sketch`]) has one token more,
//! `HOLE`: a subterm left for the search to fill. In a program the hole is
//! a variable past the spec's ([`Tokenizer::encode_sketch`]).

use std::fmt;

use crate::dsl::{Node, Op, Program, MAX_VARS};

/// A token id.
pub type Token = u32;

/// Padding.
pub const PAD: Token = 0;
/// Start of a sequence.
pub const BOS: Token = 1;
/// End of a program.
pub const EOS: Token = 2;
/// Between the inputs of an example.
pub const COMMA: Token = 3;
/// Before an example's output.
pub const ARROW: Token = 4;
/// After an example; also the end of a literal written in digits.
pub const SEMI: Token = 5;
/// Start of the program.
pub const PROG: Token = 6;
/// Minus sign of a number.
pub const NEG: Token = 7;
const DIGIT0: Token = 8;
const BASE: u64 = 100;
/// The token layout; all counts are tiny, so the casts cannot truncate.
#[expect(clippy::cast_possible_truncation, reason = "100 digits")]
const OP0: Token = DIGIT0 + BASE as Token;
#[expect(clippy::cast_possible_truncation, reason = "12 operators")]
const VAR0: Token = OP0 + Op::ALL.len() as Token;
#[expect(clippy::cast_possible_truncation, reason = "8 variables")]
const LIT0: Token = VAR0 + MAX_VARS as Token;
/// The smallest literal with a token of its own.
pub const MIN_LITERAL: i64 = -16;
/// The largest literal with a token of its own.
pub const MAX_LITERAL: i64 = 16;
#[expect(clippy::cast_possible_truncation, reason = "33 literals")]
const SMALL_VOCAB: Token = LIT0 + (MAX_LITERAL - MIN_LITERAL + 1) as Token;
/// Start of a literal written in digits (`NUM`, an optional `NEG`, base-100
/// digits, `;`), for literals outside -16..=16.
pub const NUM: Token = SMALL_VOCAB;
/// Number of tokens of the current vocabulary ([`Vocabulary::AnyLiteral`]).
pub const VOCAB: usize = (NUM + 1) as usize;
/// A hole: a subterm a sketch leaves for the search to fill (only in
/// [`Vocabulary::Sketch`]).
pub const HOLE: Token = NUM + 1;

/// Which program literals a tokenizer can write.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Vocabulary {
    /// Every `i64`: -16..=16 as single tokens, the rest in digits after
    /// `NUM` ([`VOCAB`] tokens). The default.
    #[default]
    AnyLiteral,
    /// Only -16..=16 (the vocabulary of checkpoints written before `NUM`
    /// existed: one token fewer).
    SmallLiterals,
    /// Every `i64` as [`Vocabulary::AnyLiteral`], and [`HOLE`] (one token
    /// more): the vocabulary of sketch models, whose programs may leave a
    /// subterm for the search.
    Sketch,
}

impl Vocabulary {
    /// Number of token ids.
    #[must_use]
    pub const fn size(self) -> usize {
        match self {
            Vocabulary::AnyLiteral => VOCAB,
            Vocabulary::SmallLiterals => SMALL_VOCAB as usize,
            Vocabulary::Sketch => VOCAB + 1,
        }
    }

    /// The vocabulary with `size` tokens, if there is one.
    #[must_use]
    pub fn from_size(size: usize) -> Option<Vocabulary> {
        [
            Vocabulary::AnyLiteral,
            Vocabulary::SmallLiterals,
            Vocabulary::Sketch,
        ]
        .into_iter()
        .find(|v| v.size() == size)
    }
}

/// Why text cannot become tokens, or tokens a program.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum TokenError {
    /// A literal the vocabulary has no token for (only
    /// [`Vocabulary::SmallLiterals`] lacks any).
    #[error("literal {0} is outside the model's literal tokens ({MIN_LITERAL}..={MAX_LITERAL}); the model's vocabulary predates literals in digits")]
    Literal(i64),
    /// A literal that needs several tokens where one token was asked for.
    #[error("literal {0} is written in several tokens, not one")]
    NotOneToken(i64),
    /// A token id beyond the vocabulary.
    #[error("token {0} is not in the vocabulary")]
    Unknown(Token),
    /// A token sequence that is not one program in prefix order.
    #[error("tokens do not form a program: {0}")]
    Malformed(&'static str),
    /// A number whose digits overflow `i64`.
    #[error("number does not fit in i64")]
    Overflow,
}

/// What one program token means.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ProgramToken {
    /// A node.
    Node(Node),
    /// The start of a literal in digits (`NUM`).
    Number,
    /// A hole ([`HOLE`], only in [`Vocabulary::Sketch`]).
    Hole,
    /// The end of the program.
    End,
}

/// The vocabulary: specs and programs as tokens.
///
/// ```
/// use arithsynth::model::Tokenizer;
/// use arithsynth::{Program, Vars};
/// let vars = Vars::new(["x"])?;
/// let tokenizer = Tokenizer::default();
/// let program = Program::parse("(+ (* x x) 1)", &vars)?;
/// let tokens = tokenizer.encode_program(&program)?;
/// assert_eq!(tokens.len(), 6); // + * x x 1 EOS
/// assert_eq!(tokenizer.decode_program(&tokens)?, program);
/// // any literal: 1000 is NUM #10 #0 ;
/// let program = Program::parse("(div x 1000)", &vars)?;
/// assert_eq!(tokenizer.show(&tokenizer.encode_program(&program)?), "div v0 num #10 #0 ; <eos>");
/// let number = tokenizer.encode_number(i64::MIN);
/// assert_eq!(tokenizer.decode_number(&number)?, i64::MIN);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct Tokenizer {
    vocabulary: Vocabulary,
}

impl Tokenizer {
    /// The tokenizer of a vocabulary.
    #[must_use]
    pub const fn new(vocabulary: Vocabulary) -> Tokenizer {
        Tokenizer { vocabulary }
    }

    /// Its vocabulary.
    #[must_use]
    pub const fn vocabulary(self) -> Vocabulary {
        self.vocabulary
    }

    /// Number of token ids.
    #[must_use]
    pub const fn vocab_size(self) -> usize {
        self.vocabulary.size()
    }

    /// The tokens of an integer.
    #[must_use]
    pub fn encode_number(self, value: i64) -> Vec<Token> {
        let mut tokens = Vec::with_capacity(11);
        if value < 0 {
            tokens.push(NEG);
        }
        let mut magnitude = value.unsigned_abs();
        let mut digits = [0 as Token; 10];
        let mut len = 0;
        loop {
            digits[len] = DIGIT0 + Token::try_from(magnitude % BASE).expect("a digit below 100");
            len += 1;
            magnitude /= BASE;
            if magnitude == 0 {
                break;
            }
        }
        tokens.extend(digits[..len].iter().rev());
        tokens
    }

    /// The integer of number tokens (an optional `NEG` and digits).
    ///
    /// # Errors
    ///
    /// [`TokenError`] for non-digit tokens, no digits, or overflow.
    pub fn decode_number(self, tokens: &[Token]) -> Result<i64, TokenError> {
        let (negative, digits) = match tokens.split_first() {
            Some((&NEG, rest)) => (true, rest),
            _ => (false, tokens),
        };
        if digits.is_empty() {
            return Err(TokenError::Malformed("a number without digits"));
        }
        let mut magnitude: u64 = 0;
        for &token in digits {
            if !(DIGIT0..OP0).contains(&token) {
                return Err(TokenError::Malformed("a non-digit inside a number"));
            }
            magnitude = magnitude
                .checked_mul(BASE)
                .and_then(|m| m.checked_add(u64::from(token - DIGIT0)))
                .ok_or(TokenError::Overflow)?;
        }
        if negative {
            0i64.checked_sub_unsigned(magnitude)
                .ok_or(TokenError::Overflow)
        } else {
            i64::try_from(magnitude).map_err(|_| TokenError::Overflow)
        }
    }

    /// The tokens of a spec: `BOS`, then each example (`inputs -> output ;`).
    #[must_use]
    pub fn encode_examples(self, examples: &[(Vec<i64>, i64)]) -> Vec<Token> {
        let mut tokens = vec![BOS];
        for (inputs, output) in examples {
            tokens.extend(self.encode_example(inputs, *output));
        }
        tokens
    }

    /// The tokens of one example.
    #[must_use]
    pub fn encode_example(self, inputs: &[i64], output: i64) -> Vec<Token> {
        let mut tokens = Vec::new();
        for (i, &value) in inputs.iter().enumerate() {
            if i > 0 {
                tokens.push(COMMA);
            }
            tokens.extend(self.encode_number(value));
        }
        tokens.push(ARROW);
        tokens.extend(self.encode_number(output));
        tokens.push(SEMI);
        tokens
    }

    /// The single token of a program node.
    ///
    /// # Errors
    ///
    /// [`TokenError::NotOneToken`] for a literal outside -16..=16 (see
    /// [`Tokenizer::node_tokens`]), or [`TokenError::Literal`] where the
    /// vocabulary cannot write it at all.
    pub fn node_token(self, node: Node) -> Result<Token, TokenError> {
        match node {
            Node::Op(op) => Ok(OP0 + Token::try_from(op.index()).expect("12 operators")),
            Node::Var(index) => Ok(VAR0 + Token::from(index)),
            Node::Lit(value) if (MIN_LITERAL..=MAX_LITERAL).contains(&value) => {
                Ok(LIT0 + Token::try_from(value - MIN_LITERAL).expect("within the literal tokens"))
            }
            Node::Lit(value) => match self.vocabulary {
                Vocabulary::AnyLiteral | Vocabulary::Sketch => Err(TokenError::NotOneToken(value)),
                Vocabulary::SmallLiterals => Err(TokenError::Literal(value)),
            },
        }
    }

    /// The tokens of a program node: one, or for a literal outside
    /// -16..=16 `NUM`, its digits and `;`.
    ///
    /// # Errors
    ///
    /// [`TokenError::Literal`] for a literal the vocabulary cannot write.
    pub fn node_tokens(self, node: Node) -> Result<Vec<Token>, TokenError> {
        let mut tokens = Vec::with_capacity(1);
        self.push_node(node, &mut tokens)?;
        Ok(tokens)
    }

    fn push_node(self, node: Node, tokens: &mut Vec<Token>) -> Result<(), TokenError> {
        match (node, self.node_token(node)) {
            (_, Ok(token)) => tokens.push(token),
            (Node::Lit(value), Err(TokenError::NotOneToken(_))) => {
                tokens.push(NUM);
                tokens.extend(self.encode_number(value));
                tokens.push(SEMI);
            }
            (_, Err(err)) => return Err(err),
        }
        Ok(())
    }

    /// What a token means inside a program; `None` for spec tokens (and for
    /// `NUM` in a vocabulary without it).
    #[must_use]
    pub fn program_token(self, token: Token) -> Option<ProgramToken> {
        match token {
            EOS => Some(ProgramToken::End),
            NUM if self.vocabulary != Vocabulary::SmallLiterals => Some(ProgramToken::Number),
            HOLE if self.vocabulary == Vocabulary::Sketch => Some(ProgramToken::Hole),
            t if (OP0..VAR0).contains(&t) => {
                Some(ProgramToken::Node(Node::Op(Op::ALL[(t - OP0) as usize])))
            }
            t if (VAR0..LIT0).contains(&t) => Some(ProgramToken::Node(Node::Var(
                u8::try_from(t - VAR0).expect("8 variables"),
            ))),
            t if (LIT0..SMALL_VOCAB).contains(&t) => Some(ProgramToken::Node(Node::Lit(
                i64::from(t - LIT0) + MIN_LITERAL,
            ))),
            _ => None,
        }
    }

    /// A program's tokens: prefix order, then `EOS`.
    ///
    /// # Errors
    ///
    /// [`TokenError::Literal`] for a literal the vocabulary cannot write.
    pub fn encode_program(self, program: &Program) -> Result<Vec<Token>, TokenError> {
        self.encode_with_hole(program, None)
    }

    /// A sketch's tokens: as [`Tokenizer::encode_program`], with the
    /// variable `hole` written as [`HOLE`] wherever it occurs.
    ///
    /// # Errors
    ///
    /// [`TokenError::Literal`] for a literal the vocabulary cannot write;
    /// [`TokenError::Unknown`] where the vocabulary has no `HOLE` (only
    /// [`Vocabulary::Sketch`] has).
    pub fn encode_sketch(self, program: &Program, hole: u8) -> Result<Vec<Token>, TokenError> {
        if self.vocabulary != Vocabulary::Sketch {
            return Err(TokenError::Unknown(HOLE));
        }
        self.encode_with_hole(program, Some(hole))
    }

    fn encode_with_hole(
        self,
        program: &Program,
        hole: Option<u8>,
    ) -> Result<Vec<Token>, TokenError> {
        let nodes = program.nodes();
        let starts = program.subtree_starts();
        // prefix order: walk from the root, children in order
        let mut tokens = Vec::with_capacity(nodes.len() + 1);
        let mut stack = vec![nodes.len() - 1];
        while let Some(index) = stack.pop() {
            match nodes[index] {
                Node::Var(v) if Some(v) == hole => tokens.push(HOLE),
                node => self.push_node(node, &mut tokens)?,
            }
            let mut end = index;
            let mut children = Vec::new();
            for _ in 0..nodes[index].arity() {
                children.push(end - 1);
                end = starts[end - 1];
            }
            // children were found last to first: push so the first pops first
            stack.extend(children);
        }
        tokens.push(EOS);
        Ok(tokens)
    }

    /// The program of prefix tokens (an `EOS` at the end is optional).
    ///
    /// # Errors
    ///
    /// [`TokenError`] for unknown or spec tokens, a literal in digits that
    /// is not closed, not canonical (one that has a token of its own) or
    /// overflows, a hole, or a sequence that is not exactly one program.
    pub fn decode_program(self, tokens: &[Token]) -> Result<Program, TokenError> {
        self.decode_with_hole(tokens, None)
    }

    /// The sketch of prefix tokens: as [`Tokenizer::decode_program`], each
    /// [`HOLE`] read as the variable `hole`.
    ///
    /// # Errors
    ///
    /// As [`Tokenizer::decode_program`], but a hole is allowed.
    pub fn decode_sketch(self, tokens: &[Token], hole: u8) -> Result<Program, TokenError> {
        self.decode_with_hole(tokens, Some(hole))
    }

    fn decode_with_hole(self, tokens: &[Token], hole: Option<u8>) -> Result<Program, TokenError> {
        let mut prefix = Vec::with_capacity(tokens.len());
        let mut needed = 1usize;
        let mut at = 0;
        while let Some(&token) = tokens.get(at) {
            at += 1;
            let node = match self.program_token(token) {
                Some(ProgramToken::End) => break,
                Some(ProgramToken::Node(node)) => node,
                Some(ProgramToken::Hole) => {
                    Node::Var(hole.ok_or(TokenError::Malformed("a hole in a program"))?)
                }
                Some(ProgramToken::Number) => {
                    let length = tokens[at..]
                        .iter()
                        .position(|&t| t == SEMI)
                        .ok_or(TokenError::Malformed("a literal without its closing `;`"))?;
                    let value = self.decode_number(&tokens[at..at + length])?;
                    if (MIN_LITERAL..=MAX_LITERAL).contains(&value) {
                        return Err(TokenError::Malformed(
                            "a small literal written in digits (it has a token of its own)",
                        ));
                    }
                    at += length + 1;
                    Node::Lit(value)
                }
                None if token as usize >= self.vocab_size() => {
                    return Err(TokenError::Unknown(token))
                }
                None => return Err(TokenError::Malformed("a spec token inside a program")),
            };
            if needed == 0 {
                return Err(TokenError::Malformed("tokens after a complete program"));
            }
            needed = needed - 1 + node.arity();
            prefix.push(node);
        }
        if needed != 0 {
            return Err(TokenError::Malformed("an incomplete program"));
        }
        // reverse prefix order is postfix order of the mirrored tree: mirror back
        let mut stack: Vec<Program> = Vec::new();
        for node in prefix.into_iter().rev() {
            let arity = node.arity();
            let program = if arity == 0 {
                Program::from_postfix([node]).map_err(|_| TokenError::Malformed("a bad leaf"))?
            } else {
                let first = stack.len() - arity;
                let mut children: Vec<Program> = stack.drain(first..).collect();
                children.reverse();
                let op = node.as_op().expect("operators have arity");
                Program::apply(op, &children).expect("arity matches")
            };
            stack.push(program);
        }
        Ok(stack.pop().expect("one program"))
    }

    /// Shows tokens for people.
    #[must_use]
    pub fn show(self, tokens: &[Token]) -> String {
        tokens
            .iter()
            .map(|&t| TokenName(t).to_string())
            .collect::<Vec<_>>()
            .join(" ")
    }
}

struct TokenName(Token);

impl fmt::Display for TokenName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0 {
            PAD => f.write_str("<pad>"),
            BOS => f.write_str("<bos>"),
            EOS => f.write_str("<eos>"),
            COMMA => f.write_str(","),
            ARROW => f.write_str("->"),
            SEMI => f.write_str(";"),
            PROG => f.write_str("<prog>"),
            NEG => f.write_str("-"),
            NUM => f.write_str("num"),
            HOLE => f.write_str("?"),
            t if (DIGIT0..OP0).contains(&t) => write!(f, "#{}", t - DIGIT0),
            t => match Tokenizer::default().program_token(t) {
                Some(ProgramToken::Node(Node::Op(Op::Ite(cmp)))) => {
                    write!(f, "ite{}", cmp.symbol())
                }
                Some(ProgramToken::Node(Node::Op(op))) => f.write_str(op.symbol()),
                Some(ProgramToken::Node(Node::Var(v))) => write!(f, "v{v}"),
                Some(ProgramToken::Node(Node::Lit(l))) => write!(f, "{l}"),
                _ => write!(f, "<{t}?>"),
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dsl::{Cmp, Vars};

    #[test]
    fn a_sketch_writes_its_hole_variable_as_one_token_and_reads_it_back() {
        let vars = Vars::new(["x", "h"]).unwrap();
        let sketch = Program::parse("(+ (mod (div x 100) 10) h)", &vars).unwrap();
        let tokenizer = Tokenizer::new(Vocabulary::Sketch);
        assert_eq!(tokenizer.vocab_size(), VOCAB + 1);
        assert_eq!(Vocabulary::from_size(VOCAB + 1), Some(Vocabulary::Sketch));
        let tokens = tokenizer.encode_sketch(&sketch, 1).unwrap();
        assert_eq!(
            tokenizer.show(&tokens),
            "+ mod div v0 num #1 #0 ; 10 ? <eos>"
        );
        assert_eq!(tokenizer.decode_sketch(&tokens, 1).unwrap(), sketch);
        // a hole is no program, and other vocabularies have none
        assert_eq!(
            tokenizer.decode_program(&tokens),
            Err(TokenError::Malformed("a hole in a program"))
        );
        assert_eq!(
            Tokenizer::default().encode_sketch(&sketch, 1),
            Err(TokenError::Unknown(HOLE))
        );
        assert_eq!(
            Tokenizer::default().decode_sketch(&tokens, 1),
            Err(TokenError::Unknown(HOLE))
        );
    }

    #[test]
    fn numbers_round_trip() {
        for value in [
            0,
            1,
            -1,
            99,
            100,
            -100,
            12345,
            i64::MAX,
            i64::MIN,
            i64::MIN + 1,
        ] {
            let tokens = Tokenizer::default().encode_number(value);
            assert!(tokens.len() <= 11);
            assert_eq!(
                Tokenizer::default().decode_number(&tokens),
                Ok(value),
                "{value}"
            );
        }
        assert_eq!(Tokenizer::default().encode_number(7).len(), 1);
        assert_eq!(
            Tokenizer::default().decode_number(&[DIGIT0 + 99; 11]),
            Err(TokenError::Overflow)
        );
        assert!(Tokenizer::default().decode_number(&[NEG]).is_err());
        assert!(Tokenizer::default().decode_number(&[COMMA]).is_err());
    }

    #[test]
    fn programs_round_trip_and_errors() {
        let vars = Vars::new(["x", "y"]).unwrap();
        for text in [
            "(ite (<= x 3) (neg y) (mod x -2))",
            "(- (div x y) (max 16 -16))",
            "y",
        ] {
            let program = Program::parse(text, &vars).unwrap();
            let tokens = Tokenizer::default().encode_program(&program).unwrap();
            assert_eq!(
                Tokenizer::default().decode_program(&tokens).unwrap(),
                program,
                "{text}"
            );
        }
        let big = Program::parse("(+ x 17)", &vars).unwrap();
        let small = Tokenizer::new(Vocabulary::SmallLiterals);
        assert_eq!(small.encode_program(&big), Err(TokenError::Literal(17)));
        assert_eq!(small.vocab_size() + 1, Tokenizer::default().vocab_size());
        assert_eq!(small.program_token(NUM), None);
        assert_eq!(
            Tokenizer::default().decode_program(&[9999]),
            Err(TokenError::Unknown(9999))
        );
        assert!(Tokenizer::default().decode_program(&[OP0]).is_err());
        assert!(Tokenizer::default().decode_program(&[VAR0, VAR0]).is_err());
        assert!(Tokenizer::default().decode_program(&[COMMA]).is_err());
        assert_eq!(
            Tokenizer::default().node_token(Node::Op(Op::Ite(Cmp::Eq))),
            Ok(OP0 + 11)
        );
    }

    #[test]
    fn spec_tokens() {
        let tokens = Tokenizer::default().encode_examples(&[(vec![3, -4], 12)]);
        assert_eq!(
            Tokenizer::default().show(&tokens),
            "<bos> #3 , - #4 -> #12 ;"
        );
    }

    #[test]
    fn literals_in_digits_round_trip_and_small_ones_keep_their_token() {
        let tokenizer = Tokenizer::default();
        let vars = Vars::new(["x"]).unwrap();
        for literal in [
            17,
            -17,
            60,
            100,
            -100,
            1000,
            123_456_789,
            i64::MAX,
            i64::MIN,
        ] {
            let node = Node::Lit(literal);
            let tokens = tokenizer.node_tokens(node).unwrap();
            assert_eq!(tokens[0], NUM);
            assert_eq!(*tokens.last().unwrap(), SEMI);
            assert_eq!(
                tokenizer.node_token(node),
                Err(TokenError::NotOneToken(literal))
            );
            let program = Program::parse(&format!("(+ (* x {literal}) -3)"), &vars).unwrap();
            let encoded = tokenizer.encode_program(&program).unwrap();
            assert_eq!(tokenizer.decode_program(&encoded).unwrap(), program);
        }
        for literal in MIN_LITERAL..=MAX_LITERAL {
            assert_eq!(tokenizer.node_tokens(Node::Lit(literal)).unwrap().len(), 1);
        }
        assert_eq!(
            tokenizer.show(&tokenizer.node_tokens(Node::Lit(-100)).unwrap()),
            "num - #1 #0 ;"
        );
    }

    #[test]
    fn malformed_literals_in_digits_are_errors() {
        let tokenizer = Tokenizer::default();
        let seven = tokenizer.encode_number(7);
        let cases: [Vec<Token>; 5] = [
            vec![NUM, DIGIT0 + 1],                                   // not closed
            vec![NUM, SEMI],                                         // no digits
            [vec![NUM], seven, vec![SEMI]].concat(),                 // has its own token
            vec![NUM, COMMA, SEMI],                                  // not a digit
            [vec![NUM], vec![DIGIT0 + 99; 11], vec![SEMI]].concat(), // overflow
        ];
        for tokens in cases {
            assert!(tokenizer.decode_program(&tokens).is_err(), "{tokens:?}");
        }
        assert!(Tokenizer::new(Vocabulary::SmallLiterals)
            .decode_program(&[NUM, DIGIT0 + 60, SEMI])
            .is_err());
    }
}
