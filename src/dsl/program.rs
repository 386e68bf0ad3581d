//! Programs as flat postfix node arrays, and the variables they read.

use smallvec::SmallVec;

use super::op::Op;

/// The most input variables a program may read.
pub const MAX_VARS: usize = 8;

/// One node of a [`Program`]: a leaf or an operator.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Node {
    /// The input variable with this index into the [`Vars`].
    Var(u8),
    /// An integer literal.
    Lit(i64),
    /// An operator applied to the [`Op::arity`] subtrees before it.
    Op(Op),
}

impl Node {
    /// Number of children: 0 for leaves.
    #[must_use]
    pub const fn arity(self) -> usize {
        match self {
            Node::Var(_) | Node::Lit(_) => 0,
            Node::Op(op) => op.arity(),
        }
    }

    /// The operator, if this is an operator node.
    #[must_use]
    pub const fn as_op(self) -> Option<Op> {
        match self {
            Node::Op(op) => Some(op),
            _ => None,
        }
    }
}

/// A program: its nodes in postfix order (children before their parent, the
/// root last), so that evaluation is one pass with a value stack.
///
/// A `Program` is always well formed: every operator has its children, there
/// is exactly one root, and variable indices are below [`MAX_VARS`]. Small
/// programs live inline (no heap allocation up to 16 nodes).
///
/// ```
/// use arithsynth::{Node, Op, Program, Vars};
/// let vars = Vars::new(["x"])?;
/// let program = Program::parse("(+ (* x x) 1)", &vars)?;
/// assert_eq!(program.size(), 5);
/// assert_eq!(program.depth(), 3);
/// assert_eq!(
///     program.nodes(),
///     &[Node::Var(0), Node::Var(0), Node::Op(Op::Mul), Node::Lit(1), Node::Op(Op::Add)]
/// );
/// assert_eq!(program.infix(&vars).to_string(), "x * x + 1");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Program {
    nodes: SmallVec<[Node; 16]>,
}

impl Program {
    /// The program that reads variable `index`.
    ///
    /// # Errors
    ///
    /// [`ProgramError::VarOutOfRange`] when `index >= MAX_VARS`.
    pub fn var(index: usize) -> Result<Program, ProgramError> {
        Program::from_postfix([Node::Var(
            u8::try_from(index).map_err(|_| ProgramError::VarOutOfRange { index, at: 0 })?,
        )])
    }

    /// The constant program `value`.
    #[must_use]
    pub fn lit(value: i64) -> Program {
        Program {
            nodes: SmallVec::from_slice(&[Node::Lit(value)]),
        }
    }

    /// `op` applied to `children`.
    ///
    /// # Errors
    ///
    /// [`ProgramError::Arity`] when `children.len() != op.arity()`.
    pub fn apply(op: Op, children: &[Program]) -> Result<Program, ProgramError> {
        if children.len() != op.arity() {
            return Err(ProgramError::Arity {
                op,
                expected: op.arity(),
                got: children.len(),
            });
        }
        let mut nodes =
            SmallVec::with_capacity(1 + children.iter().map(Program::size).sum::<usize>());
        for child in children {
            nodes.extend_from_slice(&child.nodes);
        }
        nodes.push(Node::Op(op));
        Ok(Program { nodes })
    }

    /// A program from its postfix node sequence, checked to be well formed.
    ///
    /// # Errors
    ///
    /// [`ProgramError`] naming the first node that is out of place: an
    /// operator short of children, a variable index of [`MAX_VARS`] or more,
    /// no node, or more than one root.
    pub fn from_postfix<I: IntoIterator<Item = Node>>(nodes: I) -> Result<Program, ProgramError> {
        let nodes: SmallVec<[Node; 16]> = nodes.into_iter().collect();
        let mut depth = 0usize;
        for (at, node) in nodes.iter().enumerate() {
            match *node {
                Node::Var(index) if usize::from(index) >= MAX_VARS => {
                    return Err(ProgramError::VarOutOfRange {
                        index: usize::from(index),
                        at,
                    })
                }
                Node::Op(op) if depth < op.arity() => {
                    return Err(ProgramError::MissingChildren { op, at })
                }
                node => depth = depth + 1 - node.arity(),
            }
        }
        match depth {
            0 => Err(ProgramError::Empty),
            1 => Ok(Program { nodes }),
            roots => Err(ProgramError::SeveralRoots { roots }),
        }
    }

    /// The nodes in postfix order; the root is last.
    #[must_use]
    pub fn nodes(&self) -> &[Node] {
        &self.nodes
    }

    /// The root node.
    #[must_use]
    pub fn root(&self) -> Node {
        *self.nodes.last().expect("a program has at least one node")
    }

    /// Number of nodes (leaves and operators).
    #[must_use]
    pub fn size(&self) -> usize {
        self.nodes.len()
    }

    /// Length of the longest root-to-leaf path, counted in nodes (a leaf has
    /// depth 1).
    #[must_use]
    pub fn depth(&self) -> usize {
        let mut stack: SmallVec<[usize; 32]> = SmallVec::new();
        for node in &self.nodes {
            let arity = node.arity();
            let below = stack.drain(stack.len() - arity..).max().unwrap_or(0);
            stack.push(below + 1);
        }
        stack[0]
    }

    /// Bit `i` is set when the program reads variable `i`.
    #[must_use]
    pub fn var_mask(&self) -> u8 {
        self.nodes.iter().fold(0, |mask, node| match node {
            Node::Var(index) => mask | (1 << index),
            _ => mask,
        })
    }

    /// Indices of the variables the program reads, ascending.
    pub fn vars_used(&self) -> impl Iterator<Item = usize> {
        let mask = self.var_mask();
        (0..MAX_VARS).filter(move |i| mask & (1 << i) != 0)
    }

    /// One more than the largest variable index read: the number of input
    /// columns an evaluation needs.
    #[must_use]
    pub fn min_vars(&self) -> usize {
        MAX_VARS - self.var_mask().leading_zeros() as usize
    }

    /// For each node, the index of the first node of its subtree (its
    /// subtree is `start[i]..=i`).
    #[must_use]
    pub fn subtree_starts(&self) -> Vec<usize> {
        let mut starts = Vec::with_capacity(self.nodes.len());
        let mut stack: Vec<usize> = Vec::new();
        for (i, node) in self.nodes.iter().enumerate() {
            let arity = node.arity();
            let start = if arity == 0 {
                i
            } else {
                stack[stack.len() - arity]
            };
            stack.truncate(stack.len() - arity);
            stack.push(start);
            starts.push(start);
        }
        starts
    }

    /// The subtree rooted at node `index`, as a program of its own.
    ///
    /// # Panics
    ///
    /// When `index >= self.size()`.
    #[must_use]
    pub fn subtree(&self, index: usize) -> Program {
        let start = self.subtree_starts()[index];
        Program {
            nodes: SmallVec::from_slice(&self.nodes[start..=index]),
        }
    }

    /// The indices of the children of node `index`, in order.
    ///
    /// # Panics
    ///
    /// When `index >= self.size()`.
    #[must_use]
    pub fn children(&self, index: usize) -> SmallVec<[usize; 4]> {
        let starts = self.subtree_starts();
        let mut children = SmallVec::new();
        let mut end = index;
        for _ in 0..self.nodes[index].arity() {
            let child = end - 1;
            children.push(child);
            end = starts[child];
        }
        children.reverse();
        children
    }
}

impl std::fmt::Debug for Program {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_tuple("Program")
            .field(&self.nodes.as_slice())
            .finish()
    }
}

/// Why a node sequence is not a well-formed [`Program`].
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum ProgramError {
    /// No node at all.
    #[error("a program needs at least one node")]
    Empty,
    /// An operator with fewer subtrees before it than its arity.
    #[error("node {at}: `{op}` has fewer than {} children before it", op.arity())]
    MissingChildren {
        /// The operator.
        op: Op,
        /// Its position in the node array.
        at: usize,
    },
    /// Nodes left over: several trees, not one.
    #[error("the nodes form {roots} trees, not one")]
    SeveralRoots {
        /// How many trees.
        roots: usize,
    },
    /// A variable index of [`MAX_VARS`] or more.
    #[error("node {at}: variable index {index} is not below {MAX_VARS}")]
    VarOutOfRange {
        /// The index.
        index: usize,
        /// Its position in the node array.
        at: usize,
    },
    /// [`Program::apply`] with the wrong number of children.
    #[error("`{op}` takes {expected} children, got {got}")]
    Arity {
        /// The operator.
        op: Op,
        /// Its arity.
        expected: usize,
        /// Children given.
        got: usize,
    },
}

/// The names of a program's input variables, in index order (at most
/// [`MAX_VARS`]).
///
/// ```
/// use arithsynth::Vars;
/// let vars = Vars::new(["x", "y"])?;
/// assert_eq!(vars.index("y"), Some(1));
/// assert!(Vars::new(["x", "x"]).is_err());
/// assert!(Vars::new(["div"]).is_err());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Vars {
    names: SmallVec<[Box<str>; MAX_VARS]>,
}

impl Vars {
    /// Variables with these names, in this order.
    ///
    /// # Errors
    ///
    /// [`VarsError`] when there are more than [`MAX_VARS`], a name repeats, or
    /// a name is not a plain symbol (it must not be empty, contain
    /// whitespace, parentheses or `;`, read as an integer, or be an operator
    /// or comparison symbol).
    pub fn new<I, S>(names: I) -> Result<Vars, VarsError>
    where
        I: IntoIterator<Item = S>,
        S: AsRef<str>,
    {
        let mut out: SmallVec<[Box<str>; MAX_VARS]> = SmallVec::new();
        for name in names {
            let name = name.as_ref();
            if out.len() == MAX_VARS {
                return Err(VarsError::TooMany);
            }
            let bad_char = |c: char| c.is_whitespace() || matches!(c, '(' | ')' | ';' | '"' | '|');
            let numeric = name.starts_with(|c: char| c.is_ascii_digit())
                || (name.starts_with(['-', '+'])
                    && name[1..].starts_with(|c: char| c.is_ascii_digit()));
            if name.is_empty()
                || name.contains(bad_char)
                || numeric
                || Op::from_symbol(name).is_some()
                || super::op::Cmp::from_symbol(name).is_some()
            {
                return Err(VarsError::BadName(name.to_owned()));
            }
            if out.iter().any(|known| &**known == name) {
                return Err(VarsError::Repeated(name.to_owned()));
            }
            out.push(name.into());
        }
        Ok(Vars { names: out })
    }

    /// Conventional names for `count` variables: `x`, `y`, `z`, `w`, then
    /// `x4` … `x7`.
    ///
    /// # Errors
    ///
    /// [`VarsError::TooMany`] when `count > MAX_VARS`.
    pub fn standard(count: usize) -> Result<Vars, VarsError> {
        const NAMES: [&str; MAX_VARS] = ["x", "y", "z", "w", "x4", "x5", "x6", "x7"];
        if count > MAX_VARS {
            return Err(VarsError::TooMany);
        }
        Vars::new(&NAMES[..count])
    }

    /// Number of variables.
    #[must_use]
    pub fn len(&self) -> usize {
        self.names.len()
    }

    /// Whether there are none.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.names.is_empty()
    }

    /// The index of `name`.
    #[must_use]
    pub fn index(&self, name: &str) -> Option<usize> {
        self.names.iter().position(|known| &**known == name)
    }

    /// The name of variable `index`.
    #[must_use]
    pub fn name(&self, index: usize) -> Option<&str> {
        self.names.get(index).map(|name| &**name)
    }

    /// The names, in index order.
    pub fn names(&self) -> impl Iterator<Item = &str> {
        self.names.iter().map(|name| &**name)
    }
}

/// Why a list of variable names is not valid.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum VarsError {
    /// More than [`MAX_VARS`] names.
    #[error("at most {MAX_VARS} variables are allowed")]
    TooMany,
    /// The same name twice.
    #[error("variable `{0}` is named twice")]
    Repeated(String),
    /// A name that would not read back as a variable.
    #[error("`{0}` cannot name a variable (empty, numeric, an operator, or has whitespace, parentheses or `;`)")]
    BadName(String),
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn from_postfix_checks_shape() {
        assert_eq!(Program::from_postfix([]), Err(ProgramError::Empty));
        assert_eq!(
            Program::from_postfix([Node::Var(0), Node::Op(Op::Add)]),
            Err(ProgramError::MissingChildren { op: Op::Add, at: 1 })
        );
        assert_eq!(
            Program::from_postfix([Node::Var(0), Node::Lit(1)]),
            Err(ProgramError::SeveralRoots { roots: 2 })
        );
        assert_eq!(
            Program::from_postfix([Node::Var(8)]),
            Err(ProgramError::VarOutOfRange { index: 8, at: 0 })
        );
    }

    #[test]
    fn structure_queries() {
        // (ite (< x y) (neg x) (+ z 1)) in postfix
        let program = Program::from_postfix([
            Node::Var(0),
            Node::Var(1),
            Node::Var(0),
            Node::Op(Op::Neg),
            Node::Var(2),
            Node::Lit(1),
            Node::Op(Op::Add),
            Node::Op(Op::Ite(super::super::op::Cmp::Lt)),
        ])
        .unwrap();
        assert_eq!(program.size(), 8);
        assert_eq!(program.depth(), 3);
        assert_eq!(program.var_mask(), 0b111);
        assert_eq!(program.min_vars(), 3);
        assert_eq!(program.children(7).as_slice(), &[0, 1, 3, 6]);
        assert_eq!(program.children(6).as_slice(), &[4, 5]);
        assert_eq!(
            program.subtree(6).nodes(),
            &[Node::Var(2), Node::Lit(1), Node::Op(Op::Add)]
        );
        let rebuilt = Program::apply(
            program.root().as_op().unwrap(),
            &[
                program.subtree(0),
                program.subtree(1),
                program.subtree(3),
                program.subtree(6),
            ],
        )
        .unwrap();
        assert_eq!(rebuilt, program);
    }

    #[test]
    fn vars_validation() {
        assert!(Vars::new(["x", "y"]).is_ok());
        assert_eq!(
            Vars::new(["a"; 9].iter().enumerate().map(|(i, _)| format!("a{i}"))),
            Err(VarsError::TooMany)
        );
        assert!(matches!(Vars::new(["3x"]), Err(VarsError::BadName(_))));
        assert!(matches!(Vars::new(["-1"]), Err(VarsError::BadName(_))));
        assert!(matches!(Vars::new(["<="]), Err(VarsError::BadName(_))));
        assert!(matches!(Vars::new(["a b"]), Err(VarsError::BadName(_))));
        assert!(Vars::new(["-"]).is_err());
        assert!(Vars::new(["x-1"]).is_ok());
        assert_eq!(
            Vars::standard(3).unwrap().names().collect::<Vec<_>>(),
            ["x", "y", "z"]
        );
    }
}
