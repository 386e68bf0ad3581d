//! Printing programs: S-expressions that parse back, and infix for people.
//!
//! Both printers walk the program with a heap stack, so no program is too
//! deep to print.

use std::fmt;

use smallvec::SmallVec;

use super::op::Op;
use super::program::{Node, Program, Vars};

/// A piece of output still to write.
enum Task<'a> {
    Node { index: usize, parens: bool },
    Text(&'a str),
}

/// Children of every node, computed in one postfix pass.
fn children_of(program: &Program) -> Vec<SmallVec<[usize; 4]>> {
    let mut stack: Vec<usize> = Vec::new();
    let mut children = Vec::with_capacity(program.size());
    for (i, node) in program.nodes().iter().enumerate() {
        let first = stack.len() - node.arity();
        children.push(stack.drain(first..).collect());
        stack.push(i);
    }
    children
}

fn write_leaf(f: &mut fmt::Formatter<'_>, node: Node, vars: &Vars) -> fmt::Result {
    match node {
        Node::Var(index) => match vars.name(usize::from(index)) {
            Some(name) => f.write_str(name),
            None => write!(f, "_v{index}"),
        },
        Node::Lit(value) => write!(f, "{value}"),
        Node::Op(_) => unreachable!("write_leaf is called on leaves"),
    }
}

/// Runs a task stack, expanding operator nodes with `expand`.
fn run<'a>(
    f: &mut fmt::Formatter<'_>,
    program: &'a Program,
    vars: &Vars,
    expand: impl Fn(usize, Op, &[usize], bool, &mut Vec<Task<'a>>),
) -> fmt::Result {
    let children = children_of(program);
    let mut tasks = vec![Task::Node {
        index: program.size() - 1,
        parens: false,
    }];
    let mut pieces = Vec::new();
    while let Some(task) = tasks.pop() {
        match task {
            Task::Text(text) => f.write_str(text)?,
            Task::Node { index, parens } => match program.nodes()[index] {
                Node::Op(op) => {
                    pieces.clear();
                    expand(index, op, &children[index], parens, &mut pieces);
                    tasks.extend(pieces.drain(..).rev());
                }
                leaf => {
                    if parens {
                        f.write_str("(")?;
                    }
                    write_leaf(f, leaf, vars)?;
                    if parens {
                        f.write_str(")")?;
                    }
                }
            },
        }
    }
    Ok(())
}

/// A program shown as an S-expression; made by [`Program::sexpr`].
#[derive(Clone, Copy, Debug)]
pub struct Sexpr<'a> {
    program: &'a Program,
    vars: &'a Vars,
}

impl fmt::Display for Sexpr<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        run(f, self.program, self.vars, |_, op, children, _, out| {
            out.push(Task::Text("("));
            out.push(Task::Text(op.symbol()));
            let mut args = children.iter();
            if let Op::Ite(cmp) = op {
                out.push(Task::Text(" ("));
                out.push(Task::Text(cmp.symbol()));
                for &child in args.by_ref().take(2) {
                    out.push(Task::Text(" "));
                    out.push(Task::Node {
                        index: child,
                        parens: false,
                    });
                }
                out.push(Task::Text(")"));
            }
            for &child in args {
                out.push(Task::Text(" "));
                out.push(Task::Node {
                    index: child,
                    parens: false,
                });
            }
            out.push(Task::Text(")"));
        })
    }
}

/// Binding strength in infix: higher binds tighter.
fn precedence(node: Node) -> u8 {
    match node {
        Node::Lit(value) if value < 0 => 3,
        Node::Var(_) | Node::Lit(_) => 4,
        Node::Op(Op::Ite(_)) => 0,
        Node::Op(Op::Add | Op::Sub) => 1,
        Node::Op(Op::Mul | Op::Div | Op::Mod) => 2,
        Node::Op(Op::Neg) => 3,
        Node::Op(Op::Abs | Op::Min | Op::Max) => 4,
    }
}

/// A program shown in infix for people, e.g. `x * x + 1`; made by
/// [`Program::infix`]. It does not parse back: use [`Sexpr`] for that.
///
/// `div` and `mod` print as words, since they are Euclidean, not the
/// truncating `/` and `%` of most languages; `ite` prints as
/// `if a < b then t else e`.
#[derive(Clone, Copy, Debug)]
pub struct Infix<'a> {
    program: &'a Program,
    vars: &'a Vars,
}

impl fmt::Display for Infix<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let nodes = self.program.nodes();
        let child = |index: usize, parens: bool| Task::Node { index, parens };
        run(
            f,
            self.program,
            self.vars,
            |_, op, children, parens, out| {
                let prec = |i: usize| precedence(nodes[children[i]]);
                if parens {
                    out.push(Task::Text("("));
                }
                match op {
                    Op::Add | Op::Sub | Op::Mul | Op::Div | Op::Mod => {
                        let mine = precedence(Node::Op(op));
                        out.push(child(children[0], prec(0) < mine));
                        out.push(Task::Text(match op {
                            Op::Add => " + ",
                            Op::Sub => " - ",
                            Op::Mul => " * ",
                            Op::Div => " div ",
                            _ => " mod ",
                        }));
                        out.push(child(children[1], prec(1) <= mine));
                    }
                    Op::Neg => {
                        out.push(Task::Text("-"));
                        out.push(child(children[0], prec(0) <= 3));
                    }
                    Op::Abs | Op::Min | Op::Max => {
                        out.push(Task::Text(op.symbol()));
                        out.push(Task::Text("("));
                        for (i, &arg) in children.iter().enumerate() {
                            if i > 0 {
                                out.push(Task::Text(", "));
                            }
                            out.push(child(arg, false));
                        }
                        out.push(Task::Text(")"));
                    }
                    Op::Ite(cmp) => {
                        out.push(Task::Text("if "));
                        out.push(child(children[0], prec(0) == 0));
                        out.push(Task::Text(match cmp.symbol() {
                            "<" => " < ",
                            "<=" => " <= ",
                            _ => " = ",
                        }));
                        out.push(child(children[1], prec(1) == 0));
                        out.push(Task::Text(" then "));
                        out.push(child(children[2], prec(2) == 0));
                        out.push(Task::Text(" else "));
                        out.push(child(children[3], false));
                    }
                }
                if parens {
                    out.push(Task::Text(")"));
                }
            },
        )
    }
}

impl Program {
    /// The program as S-expression text, which [`Program::parse`] reads back
    /// to the same program.
    ///
    /// A variable index with no name in `vars` prints as `_v3`, which does
    /// not parse back unless `vars` names it.
    ///
    /// ```
    /// use arithsynth::{Program, Vars};
    /// let vars = Vars::new(["x", "y"])?;
    /// let text = "(ite (< x y) (neg x) (div y -2))";
    /// assert_eq!(Program::parse(text, &vars)?.sexpr(&vars).to_string(), text);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    #[must_use]
    pub fn sexpr<'a>(&'a self, vars: &'a Vars) -> Sexpr<'a> {
        Sexpr {
            program: self,
            vars,
        }
    }

    /// The program in infix notation for people.
    ///
    /// ```
    /// use arithsynth::{Program, Vars};
    /// let vars = Vars::new(["x", "y"])?;
    /// let program = Program::parse("(* (- x (- y 1)) (neg (+ x 1)))", &vars)?;
    /// assert_eq!(program.infix(&vars).to_string(), "(x - (y - 1)) * -(x + 1)");
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    #[must_use]
    pub fn infix<'a>(&'a self, vars: &'a Vars) -> Infix<'a> {
        Infix {
            program: self,
            vars,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn infix(text: &str) -> String {
        let vars = Vars::new(["x", "y"]).unwrap();
        Program::parse(text, &vars)
            .unwrap()
            .infix(&vars)
            .to_string()
    }

    #[test]
    fn infix_parenthesizes_only_where_needed() {
        assert_eq!(infix("(+ (* x x) 1)"), "x * x + 1");
        assert_eq!(infix("(* (+ x 1) y)"), "(x + 1) * y");
        assert_eq!(infix("(- x (+ y 1))"), "x - (y + 1)");
        assert_eq!(infix("(+ (+ x y) 1)"), "x + y + 1");
        assert_eq!(infix("(div x (mod y 3))"), "x div (y mod 3)");
        assert_eq!(infix("(neg (neg x))"), "-(-x)");
        assert_eq!(infix("(neg -3)"), "-(-3)");
        assert_eq!(infix("(- x -3)"), "x - -3");
        assert_eq!(infix("(max (abs x) (min y 0))"), "max(abs(x), min(y, 0))");
        assert_eq!(
            infix("(+ (ite (= x 0) 1 (ite (< x y) x y)) 1)"),
            "(if x = 0 then 1 else if x < y then x else y) + 1"
        );
    }

    #[test]
    fn sexpr_of_deep_program_does_not_overflow() {
        let vars = Vars::new(["x"]).unwrap();
        let depth = 200_000;
        let program = Program::from_postfix(
            std::iter::once(Node::Var(0)).chain(std::iter::repeat_n(Node::Op(Op::Neg), depth)),
        )
        .unwrap();
        let text = program.sexpr(&vars).to_string();
        assert_eq!(text.len(), depth * "(neg )".len() + 1);
        let infix = program.infix(&vars).to_string();
        assert!(infix == "-(".repeat(depth - 1) + "-x" + &")".repeat(depth - 1));
    }
}
