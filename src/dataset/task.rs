//! Task files: programming-by-example tasks, one JSON object a line.
//!
//! `{"name": str, "vars": [str], "train": [[[int...], int], ...],
//! "test": [[[int...], int], ...]?, "program": str?, "family": str?,
//! "grammar": {"ops": [str], "literals": [int]}?}`. Unknown fields are
//! ignored; an integer outside `i64`, a missing field or a wrong shape is an
//! error naming the file, the line, the task and the field.

use std::io::{BufRead, BufReader, Write};
use std::path::Path;

use serde_json::{json, Map, Value};

use super::{AtomicFile, DatasetError};
pub use crate::dsl::Example;
use crate::dsl::{Grammar, OpSet, Program, Vars};

/// The grammar a task asks for instead of the command's.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TaskGrammar {
    /// Allowed operators.
    pub ops: OpSet,
    /// Allowed literals.
    pub literals: Vec<i64>,
}

/// A programming-by-example task.
///
/// ```
/// use arithsynth::dataset::Task;
/// let line = r#"{"name": "double", "vars": ["x"], "train": [[[1], 2], [[5], 10]], "test": [[[-3], -6]]}"#;
/// let task = Task::from_json_line(line)?;
/// assert_eq!(task.train[1].output, 10);
/// let err = Task::from_json_line(r#"{"name": "big", "vars": ["x"], "train": [[[1], 9223372036854775808]]}"#)
///     .unwrap_err();
/// assert_eq!(err, "task `big`: train[0][1]: 9223372036854775808 is outside i64");
/// let err = Task::from_json_line(r#"{"name": "huge", "vars": ["x"], "train": [[[-99999999999999999999], 1]]}"#)
///     .unwrap_err();
/// assert_eq!(err, "task `huge`: train[0][0][0]: an integer outside i64 (about -1e20)");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Task {
    /// Its name.
    pub name: String,
    /// Variable names.
    pub vars: Vars,
    /// Examples a solver sees.
    pub train: Vec<Example>,
    /// Held-out examples a solution is judged on.
    pub test: Vec<Example>,
    /// A known program (S-expression), if any.
    pub program: Option<String>,
    /// A family label (e.g. the generator), if any.
    pub family: Option<String>,
    /// A grammar overriding the command's, if any.
    pub grammar: Option<TaskGrammar>,
}

fn int(value: &Value, field: &str) -> Result<i64, String> {
    value.as_i64().ok_or_else(|| match value {
        // beyond i64 but within u64: the exact text
        Value::Number(n) if n.is_u64() => format!("{field}: {n} is outside i64"),
        // beyond u64, JSON numbers are read as floating point
        Value::Number(n) if n.as_f64().is_some_and(|f| f.fract() == 0.0) => format!(
            "{field}: an integer outside i64 (about {:e})",
            n.as_f64().unwrap_or_default()
        ),
        other => format!("{field}: expected an integer, got {other}"),
    })
}

fn array<'a>(value: &'a Value, field: &str) -> Result<&'a Vec<Value>, String> {
    value
        .as_array()
        .ok_or_else(|| format!("{field}: expected an array"))
}

fn examples(value: Option<&Value>, field: &str, vars: usize) -> Result<Vec<Example>, String> {
    let Some(value) = value else {
        return Ok(Vec::new());
    };
    array(value, field)?
        .iter()
        .enumerate()
        .map(|(i, pair)| {
            let at = format!("{field}[{i}]");
            let pair = array(pair, &at)?;
            if pair.len() != 2 {
                return Err(format!("{at}: expected [inputs, output]"));
            }
            let inputs = array(&pair[0], &format!("{at}[0]"))?
                .iter()
                .enumerate()
                .map(|(j, v)| int(v, &format!("{at}[0][{j}]")))
                .collect::<Result<Vec<i64>, String>>()?;
            if inputs.len() != vars {
                return Err(format!(
                    "{at}[0]: {} inputs for {vars} variables",
                    inputs.len()
                ));
            }
            Ok(Example {
                inputs,
                output: int(&pair[1], &format!("{at}[1]"))?,
            })
        })
        .collect()
}

fn string(object: &Map<String, Value>, field: &str) -> Result<Option<String>, String> {
    match object.get(field) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) => Ok(Some(s.clone())),
        Some(_) => Err(format!("{field}: expected a string")),
    }
}

impl Task {
    /// Reads one task from a JSON line.
    ///
    /// # Errors
    ///
    /// A message naming the task (when it has a name) and the field.
    pub fn from_json_line(line: &str) -> Result<Task, String> {
        let value: Value =
            serde_json::from_str(line).map_err(|err| format!("invalid JSON: {err}"))?;
        let object = value.as_object().ok_or("expected a JSON object")?;
        let name = string(object, "name")?.ok_or("name: missing")?;
        let within = |err: String| format!("task `{name}`: {err}");
        let names = array(
            object
                .get("vars")
                .ok_or_else(|| within("vars: missing".into()))?,
            "vars",
        )
        .map_err(within)?
        .iter()
        .map(|v| {
            v.as_str()
                .ok_or_else(|| within("vars: expected strings".into()))
        })
        .collect::<Result<Vec<&str>, String>>()?;
        let vars = Vars::new(names).map_err(|err| within(format!("vars: {err}")))?;
        let train = examples(object.get("train"), "train", vars.len()).map_err(within)?;
        if train.is_empty() {
            return Err(within("train: no examples".into()));
        }
        let test = examples(object.get("test"), "test", vars.len()).map_err(within)?;
        let program = string(object, "program").map_err(within)?;
        if let Some(text) = &program {
            Program::parse(text, &vars).map_err(|err| within(format!("program: {err}")))?;
        }
        let grammar = match object.get("grammar") {
            None | Some(Value::Null) => None,
            Some(g) => {
                let g = g
                    .as_object()
                    .ok_or_else(|| within("grammar: expected an object".into()))?;
                let ops = match g.get("ops") {
                    None => {
                        OpSet::from_names(["+", "-", "*", "div", "mod"]).expect("default names")
                    }
                    Some(ops) => {
                        let names = array(ops, "grammar.ops")
                            .map_err(within)?
                            .iter()
                            .map(|v| {
                                v.as_str()
                                    .ok_or_else(|| within("grammar.ops: expected strings".into()))
                            })
                            .collect::<Result<Vec<&str>, String>>()?;
                        OpSet::from_names(names)
                            .map_err(|err| within(format!("grammar.ops: {err}")))?
                    }
                };
                let literals = match g.get("literals") {
                    None => vec![0, 1, 2, 3],
                    Some(l) => array(l, "grammar.literals")
                        .map_err(within)?
                        .iter()
                        .enumerate()
                        .map(|(i, v)| int(v, &format!("grammar.literals[{i}]")))
                        .collect::<Result<Vec<i64>, String>>()
                        .map_err(within)?,
                };
                Some(TaskGrammar { ops, literals })
            }
        };
        Ok(Task {
            family: string(object, "family").map_err(within)?,
            name,
            vars,
            train,
            test,
            program,
            grammar,
        })
    }

    /// The task as one JSON line (no newline).
    #[must_use]
    pub fn to_json_line(&self) -> String {
        let pairs = |examples: &[Example]| -> Vec<Value> {
            examples
                .iter()
                .map(|e| json!([e.inputs, e.output]))
                .collect()
        };
        let mut object = Map::new();
        object.insert("name".into(), json!(self.name));
        object.insert("vars".into(), json!(self.vars.names().collect::<Vec<_>>()));
        object.insert("train".into(), Value::Array(pairs(&self.train)));
        if !self.test.is_empty() {
            object.insert("test".into(), Value::Array(pairs(&self.test)));
        }
        if let Some(program) = &self.program {
            object.insert("program".into(), json!(program));
        }
        if let Some(family) = &self.family {
            object.insert("family".into(), json!(family));
        }
        if let Some(grammar) = &self.grammar {
            object.insert(
                "grammar".into(),
                json!({"ops": grammar.ops.names(), "literals": grammar.literals}),
            );
        }
        Value::Object(object).to_string()
    }

    /// The task's grammar: its own if it names one, else `default` with the
    /// task's variables.
    ///
    /// # Errors
    ///
    /// [`crate::GrammarError`] when the task's grammar has no leaves.
    pub fn grammar(&self, default: &Grammar) -> Result<Grammar, crate::GrammarError> {
        let (ops, literals) = match &self.grammar {
            Some(g) => (g.ops, g.literals.clone()),
            None => (default.ops(), default.literals().to_vec()),
        };
        Grammar::builder()
            .vars(self.vars.names())
            .ops(ops.iter())
            .literals(literals)
            .build()
    }
}

/// Reads a task file.
///
/// # Errors
///
/// [`DatasetError::Task`] naming the file, the line, the task and the field;
/// [`DatasetError::Io`] when the file cannot be read.
pub fn read_tasks(path: &Path) -> Result<Vec<Task>, DatasetError> {
    let io = |source| DatasetError::Io {
        path: path.to_owned(),
        source,
    };
    let file = std::fs::File::open(path).map_err(io)?;
    let mut tasks = Vec::new();
    for (i, line) in BufReader::new(file).lines().enumerate() {
        let line = line.map_err(io)?;
        if line.trim().is_empty() {
            continue;
        }
        let task = Task::from_json_line(&line).map_err(|what| DatasetError::Task {
            path: path.to_owned(),
            line: i + 1,
            what,
        })?;
        tasks.push(task);
    }
    Ok(tasks)
}

/// Writes a task file atomically.
///
/// # Errors
///
/// [`DatasetError::Io`] when writing fails; nothing is left at the path.
pub fn write_tasks(path: &Path, tasks: &[Task]) -> Result<(), DatasetError> {
    let mut file = AtomicFile::create(path)?;
    for task in tasks {
        writeln!(file.writer(), "{}", task.to_json_line()).map_err(|source| DatasetError::Io {
            path: path.to_owned(),
            source,
        })?;
    }
    file.commit()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip_and_errors() {
        let line = r#"{"name": "t", "vars": ["x", "y"], "train": [[[1, 2], 3]], "test": [[[4, 5], 9]], "program": "(+ x y)", "family": "sum", "grammar": {"ops": ["+", "ite"], "literals": [-1, 7]}, "extra": 1}"#;
        let task = Task::from_json_line(line).unwrap();
        assert_eq!(task.grammar.as_ref().unwrap().ops.len(), 4);
        assert_eq!(Task::from_json_line(&task.to_json_line()).unwrap(), task);
        let bad = [
            (r#"{"vars": ["x"], "train": [[[1], 2]]}"#, "name: missing"),
            (
                r#"{"name": "a", "vars": ["x"], "train": []}"#,
                "task `a`: train: no examples",
            ),
            (
                r#"{"name": "a", "vars": ["x"], "train": [[[1, 2], 2]]}"#,
                "task `a`: train[0][0]: 2 inputs for 1 variables",
            ),
            (
                r#"{"name": "a", "vars": ["x"], "train": [[[1], 2.5]]}"#,
                "task `a`: train[0][1]: expected an integer, got 2.5",
            ),
            (
                r#"{"name": "a", "vars": ["x"], "train": [[[1], 2]], "test": [[["z"], 2]]}"#,
                "task `a`: test[0][0][0]: expected an integer, got \"z\"",
            ),
            (
                r#"{"name": "a", "vars": ["x"], "train": [[[1], 2]], "program": "(+ x"}"#,
                "task `a`: program: line 1, column 1: `(` is never closed",
            ),
            (
                r#"{"name": "a", "vars": ["x", "x"], "train": [[[1, 1], 2]]}"#,
                "task `a`: vars: variable `x` is named twice",
            ),
            (
                r#"{"name": "a", "vars": ["x"], "train": [[[1], 2]], "grammar": {"ops": ["pow"]}}"#,
                "task `a`: grammar.ops: unknown operator `pow`",
            ),
            ("[1, 2]", "expected a JSON object"),
        ];
        for (line, message) in bad {
            assert_eq!(Task::from_json_line(line).unwrap_err(), message, "{line}");
        }
    }
}
