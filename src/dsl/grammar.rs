//! Grammars: which variables, literals and operators a program may use.

use std::fmt;

use super::op::{Op, OpSet, UnknownOp};
use super::parse::ParseError;
use super::program::{Node, Program, Vars, VarsError};

/// The most literals a grammar may list.
pub const MAX_LITERALS: usize = 1 << 16;

/// The set of programs a search may consider: variables, literals, operators.
///
/// [`Grammar::new`] gives the default grammar of the design: `+ - * div mod`
/// over the variables and the literals `0..=3`. Parsing does not check a
/// grammar; [`Grammar::admits`] does, so that one text can be read once and
/// checked against several grammars.
///
/// ```
/// use arithsynth::{Grammar, Op, Vars};
/// let grammar = Grammar::new(Vars::new(["x", "y"])?);
/// let program = grammar.parse("(+ (* x y) 3)")?;
/// assert!(grammar.admits(&program).is_ok());
/// let err = grammar.admits(&grammar.parse("(max x 2)")?).unwrap_err();
/// assert_eq!(err.to_string(), "node 2: operator `max` is not in the grammar");
///
/// let wider = Grammar::builder()
///     .vars(["x", "y"])
///     .literals(-1..=5)
///     .ops([Op::Add, Op::Max])
///     .build()?;
/// assert!(wider.admits(&wider.parse("(max x 5)")?).is_ok());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct Grammar {
    vars: Vars,
    literals: Vec<i64>,
    ops: OpSet,
}

impl Grammar {
    /// The default grammar over `vars`: `+ - * div mod`, literals `0..=3`.
    #[must_use]
    pub fn new(vars: Vars) -> Grammar {
        Grammar {
            vars,
            literals: vec![0, 1, 2, 3],
            ops: Op::DEFAULT.into_iter().collect(),
        }
    }

    /// This grammar with `extra` literals added (kept sorted, without
    /// repeats), up to [`MAX_LITERALS`] in all: the rest are dropped.
    ///
    /// ```
    /// use arithsynth::{Grammar, Vars};
    /// let grammar = Grammar::new(Vars::new(["t"])?).with_literals([60, 2]);
    /// assert_eq!(grammar.literals(), &[0, 1, 2, 3, 60]);
    /// # Ok::<(), arithsynth::VarsError>(())
    /// ```
    #[must_use]
    pub fn with_literals<I: IntoIterator<Item = i64>>(&self, extra: I) -> Grammar {
        let mut literals = self.literals.clone();
        for value in extra {
            if literals.len() >= MAX_LITERALS {
                break;
            }
            if let Err(at) = literals.binary_search(&value) {
                literals.insert(at, value);
            }
        }
        Grammar {
            vars: self.vars.clone(),
            literals,
            ops: self.ops,
        }
    }

    /// The same variables and operators with `literals` instead of this
    /// grammar's (sorted, without repeats); `None` past [`MAX_LITERALS`].
    pub(crate) fn with_only_literals(&self, mut literals: Vec<i64>) -> Option<Grammar> {
        literals.sort_unstable();
        literals.dedup();
        (literals.len() <= MAX_LITERALS).then(|| Grammar {
            vars: self.vars.clone(),
            literals,
            ops: self.ops,
        })
    }

    /// A builder that starts from the default grammar with no variables.
    pub fn builder() -> GrammarBuilder {
        GrammarBuilder::default()
    }

    /// The variables.
    #[must_use]
    pub fn vars(&self) -> &Vars {
        &self.vars
    }

    /// The literals, ascending, without repeats.
    #[must_use]
    pub fn literals(&self) -> &[i64] {
        &self.literals
    }

    /// The operators.
    #[must_use]
    pub fn ops(&self) -> OpSet {
        self.ops
    }

    /// Parses text with this grammar's variables (the grammar is not checked:
    /// see [`Grammar::admits`]).
    ///
    /// # Errors
    ///
    /// [`ParseError`] as [`Program::parse`].
    pub fn parse(&self, text: &str) -> Result<Program, ParseError> {
        Program::parse(text, &self.vars)
    }

    /// Checks that `program` uses only this grammar's variables, literals and
    /// operators.
    ///
    /// # Errors
    ///
    /// [`AdmitError`] naming the first node, in postfix order, that is not
    /// allowed.
    pub fn admits(&self, program: &Program) -> Result<(), AdmitError> {
        for (at, node) in program.nodes().iter().enumerate() {
            let allowed = match *node {
                Node::Var(index) => usize::from(index) < self.vars.len(),
                Node::Lit(value) => self.literals.binary_search(&value).is_ok(),
                Node::Op(op) => self.ops.contains(op),
            };
            if !allowed {
                return Err(AdmitError { node: *node, at });
            }
        }
        Ok(())
    }

    /// The leaves of the grammar: every variable, then every literal.
    pub fn leaves(&self) -> impl Iterator<Item = Node> + '_ {
        (0..self.vars.len())
            .map(|index| Node::Var(u8::try_from(index).expect("at most 8 variables")))
            .chain(self.literals.iter().map(|&value| Node::Lit(value)))
    }
}

impl fmt::Debug for Grammar {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let Grammar {
            vars,
            literals,
            ops,
        } = self;
        f.debug_struct("Grammar")
            .field("vars", &vars.names().collect::<Vec<_>>())
            .field("literals", literals)
            .field("ops", ops)
            .finish()
    }
}

/// Builds a [`Grammar`]; see [`Grammar::builder`].
#[derive(Clone, Debug)]
#[must_use]
pub struct GrammarBuilder {
    vars: Vec<String>,
    literals: Vec<i64>,
    ops: Result<OpSet, UnknownOp>,
}

impl Default for GrammarBuilder {
    fn default() -> Self {
        GrammarBuilder {
            vars: Vec::new(),
            literals: vec![0, 1, 2, 3],
            ops: Ok(Op::DEFAULT.into_iter().collect()),
        }
    }
}

impl GrammarBuilder {
    /// The variables, in index order. Default: none.
    pub fn vars<I, S>(mut self, names: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: AsRef<str>,
    {
        self.vars = names
            .into_iter()
            .map(|name| name.as_ref().to_owned())
            .collect();
        self
    }

    /// The literals (sorted and deduplicated by `build`). Default: `0..=3`.
    pub fn literals<I: IntoIterator<Item = i64>>(mut self, literals: I) -> Self {
        self.literals = literals.into_iter().take(MAX_LITERALS + 1).collect();
        self
    }

    /// The operators. Default: `+ - * div mod`.
    pub fn ops<I: IntoIterator<Item = Op>>(mut self, ops: I) -> Self {
        self.ops = Ok(ops.into_iter().collect());
        self
    }

    /// The operators by name, as [`OpSet::from_names`]; an unknown name is
    /// reported by `build`.
    pub fn op_names<I, S>(mut self, names: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: AsRef<str>,
    {
        self.ops = OpSet::from_names(names);
        self
    }

    /// The grammar.
    ///
    /// # Errors
    ///
    /// [`GrammarError`] for bad variable names, an unknown operator name, more
    /// than [`MAX_LITERALS`] literals, or no leaf at all.
    pub fn build(self) -> Result<Grammar, GrammarError> {
        let vars = Vars::new(&self.vars)?;
        let ops = self.ops?;
        let mut literals = self.literals;
        if literals.len() > MAX_LITERALS {
            return Err(GrammarError::TooManyLiterals);
        }
        literals.sort_unstable();
        literals.dedup();
        if vars.is_empty() && literals.is_empty() {
            return Err(GrammarError::NoLeaves);
        }
        Ok(Grammar {
            vars,
            literals,
            ops,
        })
    }
}

/// A node that a grammar does not allow.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("node {at}: {}", describe(*node))]
pub struct AdmitError {
    /// The node.
    pub node: Node,
    /// Its index in the program's postfix node array.
    pub at: usize,
}

fn describe(node: Node) -> String {
    match node {
        Node::Var(index) => format!("variable {index} is not in the grammar"),
        Node::Lit(value) => format!("literal {value} is not in the grammar"),
        Node::Op(op) => format!("operator `{op}` is not in the grammar"),
    }
}

/// Why a [`GrammarBuilder`] could not build.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum GrammarError {
    /// Bad variable names.
    #[error(transparent)]
    Vars(#[from] VarsError),
    /// An unknown operator name.
    #[error(transparent)]
    Op(#[from] UnknownOp),
    /// More than [`MAX_LITERALS`] literals.
    #[error("more than {MAX_LITERALS} literals")]
    TooManyLiterals,
    /// Neither variables nor literals: no program exists.
    #[error("the grammar has neither variables nor literals")]
    NoLeaves,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dsl::op::Cmp;

    #[test]
    fn admits_names_the_first_bad_node() {
        let grammar = Grammar::new(Vars::new(["x", "y"]).unwrap());
        let check = |text: &str| grammar.admits(&grammar.parse(text).unwrap());
        assert!(check("(mod (div x 3) (- y 0))").is_ok());
        assert_eq!(
            check("(+ x 4)").unwrap_err(),
            AdmitError {
                node: Node::Lit(4),
                at: 1
            }
        );
        assert_eq!(
            check("(ite (< x y) x y)").unwrap_err(),
            AdmitError {
                node: Node::Op(Op::Ite(Cmp::Lt)),
                at: 4
            }
        );
        let one_var = Grammar::new(Vars::new(["x"]).unwrap());
        assert_eq!(
            one_var
                .admits(&grammar.parse("(+ x y)").unwrap())
                .unwrap_err()
                .to_string(),
            "node 1: variable 1 is not in the grammar"
        );
    }

    #[test]
    fn builder_validates() {
        let grammar = Grammar::builder()
            .vars(["a"])
            .literals([3, 1, 3, -1])
            .op_names(["+", "ite", "<="])
            .build()
            .unwrap();
        assert_eq!(grammar.literals(), &[-1, 1, 3]);
        assert_eq!(grammar.ops().len(), 2);
        assert_eq!(grammar.leaves().count(), 4);
        assert!(matches!(
            Grammar::builder().op_names(["pow"]).vars(["x"]).build(),
            Err(GrammarError::Op(_))
        ));
        assert_eq!(
            Grammar::builder().literals([]).build(),
            Err(GrammarError::NoLeaves)
        );
        assert_eq!(
            Grammar::builder()
                .vars(["x"])
                .literals(0..=(MAX_LITERALS as i64))
                .build(),
            Err(GrammarError::TooManyLiterals)
        );
    }
}
