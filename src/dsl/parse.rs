//! The S-expression parser: iterative, with a nesting limit and positions in
//! every error.

use std::fmt;

use smallvec::SmallVec;

use super::op::{Cmp, Op};
use super::program::{Node, Program, Vars};

/// Default for [`Parser::nest_limit`].
pub const DEFAULT_NEST_LIMIT: usize = 1_000;

/// A position in the parsed text.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Default)]
pub struct Span {
    /// Byte offset from the start of the text.
    pub offset: usize,
    /// Line, from 1.
    pub line: usize,
    /// Column in characters, from 1.
    pub column: usize,
}

impl fmt::Display for Span {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "line {}, column {}", self.line, self.column)
    }
}

/// What went wrong in a [`ParseError`].
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum ParseErrorKind {
    /// The text holds no expression.
    Empty,
    /// A `(` never closed.
    Unclosed,
    /// A `)` with no `(` to close.
    UnexpectedClose,
    /// Text after the complete expression.
    Trailing,
    /// `()`.
    EmptyList,
    /// A list whose head is not an operator symbol.
    ExpectedOperator,
    /// A symbol that is neither an operator, a comparison nor a variable.
    UnknownSymbol(String),
    /// An integer literal that does not fit in `i64`.
    LiteralOutOfRange(String),
    /// An operator with the wrong number of arguments.
    Arity {
        /// The operator symbol.
        op: &'static str,
        /// Arguments it takes.
        expected: usize,
        /// Arguments given.
        got: usize,
    },
    /// A comparison anywhere but as the first argument of `ite`.
    MisplacedComparison(&'static str),
    /// An `ite` whose first argument is not a comparison.
    ExpectedComparison,
    /// Nesting deeper than the parser's limit.
    TooDeep {
        /// The limit in force.
        limit: usize,
    },
}

impl fmt::Display for ParseErrorKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ParseErrorKind::Empty => write!(f, "no expression"),
            ParseErrorKind::Unclosed => write!(f, "`(` is never closed"),
            ParseErrorKind::UnexpectedClose => write!(f, "`)` closes nothing"),
            ParseErrorKind::Trailing => write!(f, "text after the end of the expression"),
            ParseErrorKind::EmptyList => write!(f, "empty list `()`"),
            ParseErrorKind::ExpectedOperator => write!(f, "expected an operator after `(`"),
            ParseErrorKind::UnknownSymbol(symbol) => write!(f, "unknown symbol `{symbol}`"),
            ParseErrorKind::LiteralOutOfRange(text) => {
                write!(f, "integer literal `{text}` does not fit in i64")
            }
            ParseErrorKind::Arity { op, expected, got } => {
                write!(f, "`{op}` takes {expected} arguments, got {got}")
            }
            ParseErrorKind::MisplacedComparison(symbol) => write!(
                f,
                "comparison `{symbol}` may appear only as the first argument of `ite`"
            ),
            ParseErrorKind::ExpectedComparison => write!(
                f,
                "the first argument of `ite` must be a comparison `(< a b)`, `(<= a b)` or `(= a b)`"
            ),
            ParseErrorKind::TooDeep { limit } => {
                write!(f, "nesting deeper than the limit of {limit}")
            }
        }
    }
}

/// A syntax error, with where it is.
///
/// ```
/// use arithsynth::{ParseErrorKind, Program, Vars};
/// let err = Program::parse("(+ x\n   (foo 1))", &Vars::new(["x"])?).unwrap_err();
/// assert_eq!(err.kind(), &ParseErrorKind::UnknownSymbol("foo".into()));
/// assert_eq!((err.span().line, err.span().column), (2, 5));
/// assert_eq!(err.to_string(), "line 2, column 5: unknown symbol `foo`");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{span}: {kind}")]
pub struct ParseError {
    kind: ParseErrorKind,
    span: Span,
}

impl ParseError {
    /// What went wrong.
    #[must_use]
    pub fn kind(&self) -> &ParseErrorKind {
        &self.kind
    }

    /// Where: the start of the offending token or list.
    #[must_use]
    pub fn span(&self) -> Span {
        self.span
    }
}

/// A configurable S-expression parser ([`Program::parse`] uses the defaults).
///
/// The parser keeps its own stack on the heap, so no input, however deeply
/// nested, can overflow the thread's stack; nesting beyond
/// [`Parser::nest_limit`] is an error.
///
/// ```
/// use arithsynth::{Parser, Vars};
/// let vars = Vars::new(["x"])?;
/// let deep = "(neg ".repeat(100_000) + "x" + &")".repeat(100_000);
/// assert!(Parser::new().parse(&deep, &vars).is_err());
/// let program = Parser::new().nest_limit(200_000).parse(&deep, &vars)?;
/// assert_eq!(program.size(), 100_001);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Copy, Debug)]
pub struct Parser {
    nest_limit: usize,
}

impl Default for Parser {
    fn default() -> Self {
        Parser::new()
    }
}

/// A list being read.
struct Frame {
    /// `None` for a comparison list inside `ite`.
    op: Option<Op>,
    cmp: Option<Cmp>,
    /// Arguments read so far (for `ite`: after the comparison).
    args: usize,
    open: Span,
    head: Span,
}

enum Token<'a> {
    Open,
    Close,
    Atom(&'a str),
}

struct Lexer<'a> {
    text: &'a str,
    offset: usize,
    line: usize,
    line_start: usize,
}

impl<'a> Lexer<'a> {
    fn span_at(&self, offset: usize) -> Span {
        Span {
            offset,
            line: self.line,
            column: self.text[self.line_start..offset].chars().count() + 1,
        }
    }

    fn next(&mut self) -> Option<(Token<'a>, Span)> {
        let bytes = self.text.as_bytes();
        loop {
            let byte = *bytes.get(self.offset)?;
            match byte {
                b'\n' => {
                    self.offset += 1;
                    self.line += 1;
                    self.line_start = self.offset;
                }
                b';' => {
                    while self.offset < bytes.len() && bytes[self.offset] != b'\n' {
                        self.offset += 1;
                    }
                }
                b if b.is_ascii_whitespace() => self.offset += 1,
                _ => break,
            }
        }
        let start = self.offset;
        let span = self.span_at(start);
        let token = match bytes[start] {
            b'(' => {
                self.offset += 1;
                Token::Open
            }
            b')' => {
                self.offset += 1;
                Token::Close
            }
            _ => {
                let rest = &self.text[start..];
                let len = rest
                    .find(|c: char| c.is_whitespace() || matches!(c, '(' | ')' | ';'))
                    .unwrap_or(rest.len());
                self.offset += len;
                Token::Atom(&rest[..len])
            }
        };
        Some((token, span))
    }
}

fn looks_numeric(atom: &str) -> bool {
    let digits = atom.strip_prefix('-').unwrap_or(atom);
    !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit())
}

impl Parser {
    /// A parser with the default nesting limit ([`DEFAULT_NEST_LIMIT`]).
    #[must_use]
    pub const fn new() -> Parser {
        Parser {
            nest_limit: DEFAULT_NEST_LIMIT,
        }
    }

    /// The deepest nesting of lists accepted. Default: 1,000.
    #[must_use]
    pub const fn nest_limit(mut self, limit: usize) -> Parser {
        self.nest_limit = limit;
        self
    }

    /// Parses one expression: a variable of `vars`, an integer literal, or a
    /// list `(op arg …)`. `;` starts a comment to the end of the line.
    ///
    /// # Errors
    ///
    /// [`ParseError`] with the kind and the position of the first problem.
    pub fn parse(&self, text: &str, vars: &Vars) -> Result<Program, ParseError> {
        let mut lexer = Lexer {
            text,
            offset: 0,
            line: 1,
            line_start: 0,
        };
        let mut nodes: SmallVec<[Node; 16]> = SmallVec::new();
        let mut frames: Vec<Frame> = Vec::new();
        let mut done = false;
        while let Some((token, span)) = lexer.next() {
            if done {
                return Err(ParseError {
                    kind: ParseErrorKind::Trailing,
                    span,
                });
            }
            match token {
                Token::Open => {
                    let frame = self.open(&mut lexer, span, &frames, vars)?;
                    frames.push(frame);
                }
                Token::Close => {
                    let Some(frame) = frames.pop() else {
                        return Err(ParseError {
                            kind: ParseErrorKind::UnexpectedClose,
                            span,
                        });
                    };
                    match close(&frame)? {
                        Some(node) => nodes.push(node),
                        None => {
                            // a comparison closes: it becomes its ite's test
                            let parent = frames
                                .last_mut()
                                .expect("a comparison frame has an ite parent");
                            parent.cmp = frame.cmp;
                            continue;
                        }
                    }
                    done = finish_arg(&mut frames);
                }
                Token::Atom(atom) => {
                    nodes.push(leaf(atom, span, &frames, vars)?);
                    done = finish_arg(&mut frames);
                }
            }
        }
        if let Some(frame) = frames.last() {
            return Err(ParseError {
                kind: ParseErrorKind::Unclosed,
                span: frame.open,
            });
        }
        if !done {
            return Err(ParseError {
                kind: ParseErrorKind::Empty,
                span: lexer.span_at(lexer.offset),
            });
        }
        Ok(Program::from_postfix(nodes).expect("the parser emits well-formed postfix"))
    }

    /// The frame a list opened at `span` starts: its head read from
    /// `lexer`, checked against where it stands (a comparison only as an
    /// `ite`'s first argument) and the nesting limit.
    fn open(
        &self,
        lexer: &mut Lexer<'_>,
        span: Span,
        frames: &[Frame],
        vars: &Vars,
    ) -> Result<Frame, ParseError> {
        let error = |kind, span| Err(ParseError { kind, span });
        let Some((head, head_span)) = lexer.next() else {
            return error(ParseErrorKind::Unclosed, span);
        };
        let symbol = match head {
            Token::Atom(symbol) => symbol,
            Token::Close => return error(ParseErrorKind::EmptyList, span),
            Token::Open => return error(ParseErrorKind::ExpectedOperator, head_span),
        };
        let in_ite_head = awaits_comparison(frames);
        let (op, cmp) = if let Some(cmp) = Cmp::from_symbol(symbol) {
            if !in_ite_head {
                return error(ParseErrorKind::MisplacedComparison(cmp.symbol()), head_span);
            }
            (None, Some(cmp))
        } else if let Some(op) = Op::from_symbol(symbol) {
            if in_ite_head {
                return error(ParseErrorKind::ExpectedComparison, span);
            }
            (Some(op), None)
        } else if vars.index(symbol).is_some() || looks_numeric(symbol) {
            return error(ParseErrorKind::ExpectedOperator, head_span);
        } else {
            return error(ParseErrorKind::UnknownSymbol(symbol.to_owned()), head_span);
        };
        if frames.len() >= self.nest_limit {
            return error(
                ParseErrorKind::TooDeep {
                    limit: self.nest_limit,
                },
                span,
            );
        }
        Ok(Frame {
            op,
            // a comparison frame records its own comparison here
            cmp,
            args: 0,
            open: span,
            head: head_span,
        })
    }
}

/// The node a closing list gives (`None` for a comparison, which becomes
/// its `ite`'s test), after checking its argument count.
fn close(frame: &Frame) -> Result<Option<Node>, ParseError> {
    let (symbol, expected, node) = match (frame.op, frame.cmp) {
        (Some(Op::Ite(_)), Some(cmp)) => ("ite", 2, Some(Node::Op(Op::Ite(cmp)))),
        (Some(Op::Ite(_)), None) => ("ite", 2, None),
        (Some(op), _) => (op.symbol(), op.arity(), Some(Node::Op(op))),
        (None, cmp) => (cmp.map_or("", Cmp::symbol), 2, None),
    };
    // `ite` counts its comparison as one argument in messages.
    let is_ite = matches!(frame.op, Some(Op::Ite(_)));
    let got = frame.args + usize::from(is_ite && frame.cmp.is_some());
    let expected = expected + usize::from(is_ite);
    if got != expected || (is_ite && frame.cmp.is_none()) {
        let kind = if is_ite && frame.cmp.is_none() && frame.args > 0 {
            ParseErrorKind::ExpectedComparison
        } else {
            ParseErrorKind::Arity {
                op: symbol,
                expected,
                got,
            }
        };
        return Err(ParseError {
            kind,
            span: frame.head,
        });
    }
    Ok(node)
}

/// The leaf an atom at `span` is: a variable of `vars` or an integer
/// literal, where an argument may stand.
fn leaf(atom: &str, span: Span, frames: &[Frame], vars: &Vars) -> Result<Node, ParseError> {
    let error = |kind| Err(ParseError { kind, span });
    let node = if let Some(index) = vars.index(atom) {
        Node::Var(u8::try_from(index).expect("at most 8 variables"))
    } else if looks_numeric(atom) {
        match atom.parse::<i64>() {
            Ok(value) => Node::Lit(value),
            Err(_) => return error(ParseErrorKind::LiteralOutOfRange(atom.to_owned())),
        }
    } else if Op::from_symbol(atom).is_some() || Cmp::from_symbol(atom).is_some() {
        return error(ParseErrorKind::ExpectedOperator);
    } else {
        return error(ParseErrorKind::UnknownSymbol(atom.to_owned()));
    };
    if awaits_comparison(frames) {
        return error(ParseErrorKind::ExpectedComparison);
    }
    Ok(node)
}

/// Whether the innermost open list is an `ite` still waiting for its
/// comparison.
fn awaits_comparison(frames: &[Frame]) -> bool {
    frames
        .last()
        .is_some_and(|f| matches!(f.op, Some(Op::Ite(_))) && f.cmp.is_none())
}

/// Counts a finished argument in the enclosing list; true when it was the
/// whole expression.
fn finish_arg(frames: &mut [Frame]) -> bool {
    match frames.last_mut() {
        Some(frame) => {
            frame.args += 1;
            false
        }
        None => true,
    }
}

impl Program {
    /// Parses S-expression text with the default [`Parser`].
    ///
    /// # Errors
    ///
    /// [`ParseError`] with the kind and position of the first problem.
    pub fn parse(text: &str, vars: &Vars) -> Result<Program, ParseError> {
        Parser::new().parse(text, vars)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn vars() -> Vars {
        Vars::new(["x", "y"]).unwrap()
    }

    fn kind(text: &str) -> ParseErrorKind {
        Program::parse(text, &vars()).unwrap_err().kind
    }

    #[test]
    fn parses_every_form() {
        let p = Program::parse("(ite (<= x 3) (neg y) (mod x -2)) ; comment", &vars()).unwrap();
        assert_eq!(
            p.nodes(),
            &[
                Node::Var(0),
                Node::Lit(3),
                Node::Var(1),
                Node::Op(Op::Neg),
                Node::Var(0),
                Node::Lit(-2),
                Node::Op(Op::Mod),
                Node::Op(Op::Ite(Cmp::Le)),
            ]
        );
        assert_eq!(Program::parse(" 42 ", &vars()).unwrap(), Program::lit(42));
        assert_eq!(
            Program::parse("-9223372036854775808", &vars()).unwrap(),
            Program::lit(i64::MIN)
        );
    }

    #[test]
    fn errors_name_what_and_where() {
        assert_eq!(kind(""), ParseErrorKind::Empty);
        assert_eq!(kind("  ; only a comment"), ParseErrorKind::Empty);
        assert_eq!(kind("(+ x"), ParseErrorKind::Unclosed);
        assert_eq!(kind("x)"), ParseErrorKind::Trailing);
        assert_eq!(kind(")"), ParseErrorKind::UnexpectedClose);
        assert_eq!(kind("x y"), ParseErrorKind::Trailing);
        assert_eq!(kind("()"), ParseErrorKind::EmptyList);
        assert_eq!(kind("((+ x 1) 2)"), ParseErrorKind::ExpectedOperator);
        assert_eq!(kind("(x 1)"), ParseErrorKind::ExpectedOperator);
        assert_eq!(kind("(+ x z)"), ParseErrorKind::UnknownSymbol("z".into()));
        assert_eq!(
            kind("(pow x 2)"),
            ParseErrorKind::UnknownSymbol("pow".into())
        );
        assert_eq!(kind("(+ x +)"), ParseErrorKind::ExpectedOperator);
        assert_eq!(
            kind("(+ x 9223372036854775808)"),
            ParseErrorKind::LiteralOutOfRange("9223372036854775808".into())
        );
        assert_eq!(
            kind("(+ x 1 2)"),
            ParseErrorKind::Arity {
                op: "+",
                expected: 2,
                got: 3
            }
        );
        assert_eq!(
            kind("(neg)"),
            ParseErrorKind::Arity {
                op: "neg",
                expected: 1,
                got: 0
            }
        );
        assert_eq!(kind("(< x y)"), ParseErrorKind::MisplacedComparison("<"));
        assert_eq!(kind("(ite x 1 2)"), ParseErrorKind::ExpectedComparison);
        assert_eq!(
            kind("(ite (+ x 1) 1 2)"),
            ParseErrorKind::ExpectedComparison
        );
        assert_eq!(
            kind("(ite (= x 1) 1 (< x y))"),
            ParseErrorKind::MisplacedComparison("<")
        );
        assert_eq!(
            kind("(ite (= x 1) 1)"),
            ParseErrorKind::Arity {
                op: "ite",
                expected: 3,
                got: 2
            }
        );
        assert_eq!(
            kind("(ite (= x 1 2) 1 2)"),
            ParseErrorKind::Arity {
                op: "=",
                expected: 2,
                got: 3
            }
        );
        assert_eq!(
            kind("(ite)"),
            ParseErrorKind::Arity {
                op: "ite",
                expected: 3,
                got: 0
            }
        );
    }

    #[test]
    fn spans_count_lines_and_characters() {
        let err = Program::parse("(+ x\n  (* é 2))", &vars()).unwrap_err();
        assert_eq!(
            err.span(),
            Span {
                offset: 10,
                line: 2,
                column: 6
            }
        );
        let err = Program::parse("(+ x 1 2)", &vars()).unwrap_err();
        assert_eq!(
            err.to_string(),
            "line 1, column 2: `+` takes 2 arguments, got 3"
        );
    }

    #[test]
    fn deep_nesting_is_an_error_not_a_crash() {
        let depth = 100_000;
        let text = "(neg ".repeat(depth) + "x" + &")".repeat(depth);
        assert_eq!(
            kind(&text),
            ParseErrorKind::TooDeep {
                limit: DEFAULT_NEST_LIMIT
            }
        );
        let text = "(".repeat(depth);
        assert!(Program::parse(&text, &vars()).is_err());
    }
}
