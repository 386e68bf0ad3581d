//! S-expressions with the position each starts at, read iteratively.

use super::error::{Position, SygusError};

/// Deepest nesting read (deeper input is an error, not a stack overflow).
pub(crate) const MAX_DEPTH: usize = 1000;

/// An S-expression with the position it starts at.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum Sexp {
    Atom(String, Position),
    List(Vec<Sexp>, Position),
}

impl Sexp {
    pub(crate) fn position(&self) -> Position {
        match self {
            Sexp::Atom(_, position) | Sexp::List(_, position) => *position,
        }
    }

    pub(crate) fn atom(&self) -> Option<&str> {
        match self {
            Sexp::Atom(text, _) => Some(text),
            Sexp::List(..) => None,
        }
    }

    pub(crate) fn list(&self) -> Option<&[Sexp]> {
        match self {
            Sexp::List(items, _) => Some(items),
            Sexp::Atom(..) => None,
        }
    }

    /// The head symbol of a list, `""` for anything else.
    pub(crate) fn head(&self) -> &str {
        self.list()
            .and_then(<[Sexp]>::first)
            .and_then(Sexp::atom)
            .unwrap_or("")
    }

    /// The text, shortened to about 60 characters for messages.
    pub(crate) fn show(&self) -> String {
        const LIMIT: usize = 60;
        let mut out = String::new();
        // iterative: (item, closing parentheses to print after it)
        let mut pending: Vec<(&Sexp, usize, bool)> = vec![(self, 0, false)];
        while let Some((sexp, closes, space)) = pending.pop() {
            if out.chars().count() > LIMIT {
                break;
            }
            if space {
                out.push(' ');
            }
            match sexp {
                Sexp::Atom(text, _) => out.push_str(text),
                Sexp::List(items, _) => {
                    out.push('(');
                    if items.is_empty() {
                        out.push(')');
                    } else {
                        let last = items.len() - 1;
                        for (i, item) in items.iter().enumerate().rev() {
                            let closes_here = if i == last { closes + 1 } else { 0 };
                            pending.push((item, closes_here, i > 0));
                        }
                        continue;
                    }
                }
            }
            out.extend(std::iter::repeat_n(')', closes));
        }
        if out.chars().count() > LIMIT {
            format!("{}…", out.chars().take(LIMIT - 3).collect::<String>())
        } else {
            out
        }
    }
}

/// Reads every top-level S-expression, iteratively, with `;` comments,
/// `"strings"` and `|quoted symbols|`.
pub(crate) fn read_all(text: &str) -> Result<Vec<Sexp>, SygusError> {
    let mut stack: Vec<(Vec<Sexp>, Position)> = vec![(Vec::new(), Position::START)];
    let mut line = 1;
    let mut column = 0;
    let mut chars = text.char_indices().peekable();
    while let Some((start, c)) = chars.next() {
        column += 1;
        let here = Position { line, column };
        match c {
            '\n' => {
                line += 1;
                column = 0;
            }
            ';' => {
                while chars.peek().is_some_and(|&(_, c)| c != '\n') {
                    chars.next();
                }
            }
            '(' => {
                if stack.len() > MAX_DEPTH {
                    return Err(here.malformed(format!("nesting deeper than {MAX_DEPTH}")));
                }
                stack.push((Vec::new(), here));
            }
            ')' => {
                if stack.len() < 2 {
                    return Err(here.malformed("`)` without `(`"));
                }
                let (items, opened) = stack.pop().expect("two levels checked above");
                let parent = stack.last_mut().expect("two levels checked above");
                parent.0.push(Sexp::List(items, opened));
            }
            c if c.is_whitespace() => {}
            '"' | '|' => {
                let mut end = None;
                for (i, next) in chars.by_ref() {
                    column += 1;
                    if next == c {
                        end = Some(i + 1);
                        break;
                    }
                    if next == '\n' {
                        line += 1;
                        column = 0;
                    }
                }
                let Some(end) = end else {
                    let what = if c == '"' {
                        "string literal"
                    } else {
                        "quoted symbol"
                    };
                    return Err(here.malformed(format!("{what} never closed")));
                };
                let top = stack.last_mut().expect("the root is never popped");
                top.0.push(Sexp::Atom(text[start..end].to_owned(), here));
            }
            _ => {
                let mut end = start + c.len_utf8();
                while let Some(&(i, next)) = chars.peek() {
                    if next.is_whitespace() || matches!(next, '(' | ')' | ';' | '"' | '|') {
                        break;
                    }
                    end = i + next.len_utf8();
                    column += 1;
                    chars.next();
                }
                let top = stack.last_mut().expect("the root is never popped");
                top.0.push(Sexp::Atom(text[start..end].to_owned(), here));
            }
        }
    }
    if stack.len() > 1 {
        let opened = stack.last().map_or(Position::START, |level| level.1);
        return Err(opened.malformed("`(` never closed"));
    }
    Ok(stack.pop().map(|level| level.0).unwrap_or_default())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_are_lines_and_columns() {
        let all = read_all("(a\n  (b c))  ; note\n d").unwrap();
        assert_eq!(all.len(), 2);
        assert_eq!(all[0].position(), Position { line: 1, column: 1 });
        let inner = &all[0].list().unwrap()[1];
        assert_eq!(inner.position(), Position { line: 2, column: 3 });
        assert_eq!(
            inner.list().unwrap()[1].position(),
            Position { line: 2, column: 6 }
        );
        assert_eq!(all[1].position(), Position { line: 3, column: 2 });
        assert_eq!(all[0].show(), "(a (b c))");
        let err = read_all("(a)\n  )").unwrap_err();
        assert_eq!((err.line, err.column), (2, 3));
        let err = read_all("(a\n (b").unwrap_err();
        assert_eq!((err.line, err.column), (2, 2));
    }

    #[test]
    fn long_terms_are_shortened_for_messages() {
        let text = format!("({})", "x ".repeat(100));
        let shown = read_all(&text).unwrap()[0].show();
        assert!(shown.ends_with('…'), "{shown}");
        assert!(shown.chars().count() <= 60);
    }
}
