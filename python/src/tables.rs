//! Arrow tables built in Rust and handed to `pyarrow` through the Arrow C
//! data interface (no files, no Python objects per row): `enumerate`,
//! `read_program_set`, `read_tasks`.

use std::path::PathBuf;
use std::sync::Arc;

use arithsynth::dataset::{read_program_set as read_set, read_tasks as read_task_file, Example};
use arithsynth::dsl::OpSet;
use arithsynth::enumerate::{Enumeration, Enumerator, ProgramId, StopReason};
use arithsynth::{Grammar, Inputs, Node, Op, Vars};
use arrow_array::builder::{Int32Builder, Int64Builder, ListBuilder, StringBuilder, UInt64Builder};
use arrow_array::{ArrayRef, RecordBatch};
use arrow_pyarrow::{IntoPyArrow, Table};
use arrow_schema::{DataType, Field, Schema, SchemaRef};
use pyo3::prelude::*;

use crate::errors::{Failure, Kind};
use crate::synthesize::{detached, seconds, shard_from};

/// Rows per record batch: string offsets stay far below i32's limit.
const BATCH_ROWS: usize = 1 << 20;

/// The list item field of `outputs`: named and non-null as in the
/// library's Parquet schema (`element`, required).
fn element(data_type: DataType) -> Arc<Field> {
    Arc::new(Field::new("element", data_type, false))
}

fn outputs_builder() -> ListBuilder<Int64Builder> {
    ListBuilder::new(Int64Builder::new()).with_field(element(DataType::Int64))
}

fn arrow_failure(error: &arrow_schema::ArrowError) -> Failure {
    Failure {
        kind: Kind::Broken,
        message: format!("arrow: {error}"),
    }
}

/// Record batches as one `pyarrow.Table`.
fn to_table(py: Python<'_>, schema: SchemaRef, batches: Vec<RecordBatch>) -> PyResult<Py<PyAny>> {
    let table = Table::try_new(batches, schema).map_err(|err| arrow_failure(&err))?;
    Ok(table.into_pyarrow(py)?.unbind())
}

/// Columns of a program set being built.
struct ProgramColumns {
    index: Option<UInt64Builder>,
    program: StringBuilder,
    size: Int32Builder,
    depth: Int32Builder,
    outputs: ListBuilder<Int64Builder>,
    rows: usize,
}

impl ProgramColumns {
    fn new(with_index: bool) -> ProgramColumns {
        ProgramColumns {
            index: with_index.then(UInt64Builder::new),
            program: StringBuilder::new(),
            size: Int32Builder::new(),
            depth: Int32Builder::new(),
            outputs: outputs_builder(),
            rows: 0,
        }
    }

    fn schema(with_index: bool) -> SchemaRef {
        let mut fields = Vec::new();
        if with_index {
            fields.push(Field::new("index", DataType::UInt64, false));
        }
        fields.extend([
            Field::new("program", DataType::Utf8, false),
            Field::new("size", DataType::Int32, false),
            Field::new("depth", DataType::Int32, false),
            Field::new("outputs", DataType::List(element(DataType::Int64)), false),
        ]);
        Arc::new(Schema::new(fields))
    }

    fn push(
        &mut self,
        index: u64,
        program: &str,
        size: usize,
        depth: usize,
        outputs: impl IntoIterator<Item = i64>,
    ) {
        if let Some(column) = &mut self.index {
            column.append_value(index);
        }
        self.program.append_value(program);
        self.size
            .append_value(i32::try_from(size).unwrap_or(i32::MAX));
        self.depth
            .append_value(i32::try_from(depth).unwrap_or(i32::MAX));
        for value in outputs {
            self.outputs.values().append_value(value);
        }
        self.outputs.append(true);
        self.rows += 1;
    }

    fn finish(&mut self, schema: &SchemaRef) -> Result<RecordBatch, Failure> {
        let mut columns: Vec<ArrayRef> = Vec::new();
        if let Some(column) = &mut self.index {
            columns.push(Arc::new(column.finish()));
        }
        columns.push(Arc::new(self.program.finish()));
        columns.push(Arc::new(self.size.finish()));
        columns.push(Arc::new(self.depth.finish()));
        columns.push(Arc::new(self.outputs.finish()));
        self.rows = 0;
        RecordBatch::try_new(Arc::clone(schema), columns).map_err(|err| arrow_failure(&err))
    }
}

/// The S-expression of every program of an enumeration so far, by id,
/// each written once from its root node and its children's texts (a
/// program's children are earlier programs of the same enumeration), so
/// that no program is printed from scratch. Checked against the library's
/// printer by `_program_texts` in the Python tests.
#[derive(Default)]
struct Texts {
    /// Every text so far, back to back (UTF-8: names, symbols, digits).
    bytes: Vec<u8>,
    /// Where the text of program `id` ends in `bytes`.
    ends: Vec<usize>,
}

impl Texts {
    fn range(&self, id: ProgramId) -> Option<std::ops::Range<usize>> {
        let id = usize::try_from(id).ok()?;
        let end = *self.ends.get(id)?;
        let start = if id == 0 { 0 } else { self.ends[id - 1] };
        Some(start..end)
    }

    /// Appends the text of `id` (the next id) and returns it; `None` when
    /// `id` is not the next one or a child is unknown (then nothing is
    /// kept and the caller prints the program itself).
    fn push(&mut self, enumeration: &Enumeration, id: ProgramId) -> Option<&str> {
        if usize::try_from(id).ok()? != self.ends.len() {
            return None;
        }
        let start = self.bytes.len();
        let (node, children) = enumeration.node(id);
        let written = self.write(enumeration, node, children);
        if written.is_none() {
            self.bytes.truncate(start);
            return None;
        }
        self.ends.push(self.bytes.len());
        std::str::from_utf8(&self.bytes[start..]).ok()
    }

    fn write(
        &mut self,
        enumeration: &Enumeration,
        node: Node,
        children: &[ProgramId],
    ) -> Option<()> {
        use std::io::Write;
        match node {
            Node::Var(index) => self
                .bytes
                .extend_from_slice(enumeration.vars().name(usize::from(index))?.as_bytes()),
            Node::Lit(value) => write!(self.bytes, "{value}").ok()?,
            Node::Op(op) => {
                self.bytes.push(b'(');
                self.bytes.extend_from_slice(op.symbol().as_bytes());
                let mut rest = children.iter();
                if let Op::Ite(cmp) = op {
                    self.bytes.extend_from_slice(b" (");
                    self.bytes.extend_from_slice(cmp.symbol().as_bytes());
                    for &child in rest.by_ref().take(2) {
                        self.bytes.push(b' ');
                        let range = self.range(child)?;
                        self.bytes.extend_from_within(range);
                    }
                    self.bytes.push(b')');
                }
                for &child in rest {
                    self.bytes.push(b' ');
                    let range = self.range(child)?;
                    self.bytes.extend_from_within(range);
                }
                self.bytes.push(b')');
            }
        }
        Some(())
    }
}

/// The grammar of an `enumerate` call.
fn grammar(
    vars: &[String],
    ops: Option<Vec<String>>,
    literals: Option<Vec<i64>>,
) -> Result<Grammar, Failure> {
    let names = Vars::new(vars).map_err(|err| Failure::from(arithsynth::Error::from(err)))?;
    let mut builder = Grammar::builder().vars(names.names());
    if let Some(ops) = ops {
        let set = OpSet::from_names(&ops).map_err(|err| Failure::input(format!("ops: {err}")))?;
        builder = builder.ops(set.iter());
    }
    if let Some(literals) = literals {
        builder = builder.literals(literals);
    }
    builder
        .build()
        .map_err(|err| Failure::from(arithsynth::Error::from(err)))
}

/// Enumerates the unique programs of a grammar, smallest first, and
/// returns them as a `pyarrow.Table` with columns `index` (uint64: the
/// program's position in the whole enumeration, from 0), `program`
/// (S-expression), `size`, `depth` (int32) and `outputs` (list<int64>: the
/// program's outputs on the probe inputs): the library's program-set
/// schema plus `index`.
///
/// The grammar is `ops` (default `+ - * div mod`; also `neg abs min max
/// ite < <= =`) and `literals` (default 0..=3) over `vars`. Programs are
/// kept when their outputs on the probe (`probe`: rows of inputs; default
/// 16 fixed rows in -32..=32) are new, so each is a smallest program of its
/// behaviour. `max_size` bounds the size in nodes; `time_limit` (seconds)
/// and `memory_limit` (bytes; default 4 GiB) stop early.
///
/// `shard=(i, n)` (or "i/n") keeps only the programs whose stable hash of
/// the S-expression (64-bit FNV-1a) is i mod n: the shards of one
/// enumeration are disjoint and together hold every program once (sort by
/// `index` to get the single-machine order). Each shard still runs the
/// whole enumeration; it splits the output, not the search.
///
/// Raises `InputError` for bad names, operators, literals, probes or
/// shards, `KeyboardInterrupt` on Ctrl-C (the GIL is released meanwhile).
#[pyfunction]
#[pyo3(name = "enumerate_programs", signature = (vars, max_size=7, *, ops=None, literals=None, probe=None, time_limit=None, memory_limit=None, shard=None))]
#[expect(
    clippy::too_many_arguments,
    reason = "one per keyword of the Python call"
)]
pub fn enumerate(
    py: Python<'_>,
    vars: Vec<String>,
    max_size: usize,
    ops: Option<Vec<String>>,
    literals: Option<Vec<i64>>,
    probe: Option<Vec<Vec<i64>>>,
    time_limit: Option<f64>,
    memory_limit: Option<usize>,
    shard: Option<&Bound<'_, PyAny>>,
) -> PyResult<Py<PyAny>> {
    let shard = shard_from(shard)?;
    let grammar = grammar(&vars, ops, literals)?;
    let mut enumerator = Enumerator::new(grammar.clone()).max_size(max_size);
    if let Some(rows) = probe {
        let inputs = Inputs::from_rows(grammar.vars().len(), &rows)
            .map_err(|err| Failure::from(arithsynth::Error::from(err)).within("probe"))?;
        enumerator = enumerator.probe(inputs);
    }
    if let Some(limit) = time_limit {
        enumerator = enumerator.time_limit(seconds("time_limit", limit)?);
    }
    if let Some(bytes) = memory_limit {
        enumerator = enumerator.memory_limit(bytes);
    }
    let schema = ProgramColumns::schema(true);
    let batches = detached(py, |interrupts| {
        let mut enumeration = enumerator
            .cancel(interrupts.cancel())
            .start()
            .map_err(|err| Failure::from(arithsynth::Error::from(err)))?;
        let mut columns = ProgramColumns::new(true);
        let mut batches = Vec::new();
        let mut texts = Texts::default();
        let mut text = String::new();
        let mut position: u64 = 0;
        let mut failure = None;
        let whole = shard.count() == 1;
        enumeration.run(|enumeration, id| {
            use std::fmt::Write;
            text.clear();
            match texts.push(enumeration, id) {
                Some(fast) => text.push_str(fast),
                None => {
                    // writing to a String cannot fail
                    let _ = write!(
                        text,
                        "{}",
                        enumeration.program(id).sexpr(enumeration.vars())
                    );
                }
            }
            if whole || shard.contains_program(&text) {
                columns.push(
                    position,
                    &text,
                    enumeration.size(id),
                    enumeration.depth(id),
                    enumeration.column(id),
                );
                if columns.rows == BATCH_ROWS {
                    match columns.finish(&schema) {
                        Ok(batch) => batches.push(batch),
                        Err(err) => {
                            failure = Some(err);
                            return std::ops::ControlFlow::Break(());
                        }
                    }
                }
            }
            position += 1;
            if position % 256 == 0 && interrupts.should_stop() {
                return std::ops::ControlFlow::Break(());
            }
            std::ops::ControlFlow::Continue(())
        });
        if let Some(err) = failure {
            return Err(err);
        }
        if enumeration.stop_reason() == Some(StopReason::Cancelled) {
            // the interrupt's own error is raised by `detached`
            return Ok(Vec::new());
        }
        batches.push(columns.finish(&schema)?);
        Ok(batches)
    })?;
    to_table(py, schema, batches)
}

/// Reads a program set (`.parquet` or `.jsonl`, as the library writes
/// them) into a `pyarrow.Table` with columns `program`, `size`, `depth`
/// and `outputs`.
///
/// Raises `DataFileError` (an OSError) when the file cannot be read and
/// `InputError` when its contents are not a program set.
#[pyfunction]
pub fn read_program_set(py: Python<'_>, path: PathBuf) -> PyResult<Py<PyAny>> {
    let schema = ProgramColumns::schema(false);
    let batches = detached(py, |_| {
        let records = read_set(&path)?;
        let mut columns = ProgramColumns::new(false);
        let mut batches = Vec::new();
        for record in &records {
            columns.push(
                0,
                &record.program,
                record.size as usize,
                record.depth as usize,
                record.outputs.iter().copied(),
            );
            if columns.rows == BATCH_ROWS {
                batches.push(columns.finish(&schema)?);
            }
        }
        batches.push(columns.finish(&schema)?);
        Ok(batches)
    })?;
    to_table(py, schema, batches)
}

/// Reads a task file (JSON lines) into a `pyarrow.Table`, one row a task:
/// `name`, `vars` (list<utf8>), `train_inputs` (list<list<int64>>),
/// `train_outputs` (list<int64>), `test_inputs`, `test_outputs`, and the
/// nullable `program`, `family`, `ops` (list<utf8>) and `literals`
/// (list<int64>; these two when the task names its own grammar).
///
/// Raises `DataFileError` (an OSError) when the file cannot be read and
/// `InputError` naming the line, task and field of a bad task.
#[pyfunction]
pub fn read_tasks(py: Python<'_>, path: PathBuf) -> PyResult<Py<PyAny>> {
    let inputs_type = DataType::List(Arc::new(Field::new_list_field(
        DataType::List(Arc::new(Field::new_list_field(DataType::Int64, false))),
        false,
    )));
    let outputs_type = DataType::List(Arc::new(Field::new_list_field(DataType::Int64, false)));
    let strings_type = DataType::List(Arc::new(Field::new_list_field(DataType::Utf8, false)));
    let schema = Arc::new(Schema::new(vec![
        Field::new("name", DataType::Utf8, false),
        Field::new("vars", strings_type.clone(), false),
        Field::new("train_inputs", inputs_type.clone(), false),
        Field::new("train_outputs", outputs_type.clone(), false),
        Field::new("test_inputs", inputs_type, false),
        Field::new("test_outputs", outputs_type.clone(), false),
        Field::new("program", DataType::Utf8, true),
        Field::new("family", DataType::Utf8, true),
        Field::new("ops", strings_type, true),
        Field::new("literals", outputs_type, true),
    ]));
    let batch_schema = Arc::clone(&schema);
    let batches = detached(py, move |_| {
        let tasks = read_task_file(&path)?;
        let strings = || {
            ListBuilder::new(StringBuilder::new())
                .with_field(Arc::new(Field::new_list_field(DataType::Utf8, false)))
        };
        let integers = || {
            ListBuilder::new(Int64Builder::new())
                .with_field(Arc::new(Field::new_list_field(DataType::Int64, false)))
        };
        let rows = || {
            ListBuilder::new(integers()).with_field(Arc::new(Field::new_list_field(
                DataType::List(Arc::new(Field::new_list_field(DataType::Int64, false))),
                false,
            )))
        };
        let mut name = StringBuilder::new();
        let mut vars = strings();
        let (mut train_inputs, mut train_outputs) = (rows(), integers());
        let (mut test_inputs, mut test_outputs) = (rows(), integers());
        let (mut program, mut family) = (StringBuilder::new(), StringBuilder::new());
        let (mut ops, mut literals) = (strings(), integers());
        let examples = |examples: &[Example],
                        inputs: &mut ListBuilder<ListBuilder<Int64Builder>>,
                        outputs: &mut ListBuilder<Int64Builder>| {
            for example in examples {
                inputs.values().values().append_slice(&example.inputs);
                inputs.values().append(true);
                outputs.values().append_value(example.output);
            }
            inputs.append(true);
            outputs.append(true);
        };
        for task in &tasks {
            name.append_value(&task.name);
            for var in task.vars.names() {
                vars.values().append_value(var);
            }
            vars.append(true);
            examples(&task.train, &mut train_inputs, &mut train_outputs);
            examples(&task.test, &mut test_inputs, &mut test_outputs);
            program.append_option(task.program.as_deref());
            family.append_option(task.family.as_deref());
            match &task.grammar {
                Some(grammar) => {
                    for op in grammar.ops.names() {
                        ops.values().append_value(op);
                    }
                    ops.append(true);
                    literals.values().append_slice(&grammar.literals);
                    literals.append(true);
                }
                None => {
                    ops.append(false);
                    literals.append(false);
                }
            }
        }
        let columns: Vec<ArrayRef> = vec![
            Arc::new(name.finish()),
            Arc::new(vars.finish()),
            Arc::new(train_inputs.finish()),
            Arc::new(train_outputs.finish()),
            Arc::new(test_inputs.finish()),
            Arc::new(test_outputs.finish()),
            Arc::new(program.finish()),
            Arc::new(family.finish()),
            Arc::new(ops.finish()),
            Arc::new(literals.finish()),
        ];
        let batch =
            RecordBatch::try_new(batch_schema, columns).map_err(|err| arrow_failure(&err))?;
        Ok(vec![batch])
    })?;
    to_table(py, schema, batches)
}

/// The S-expressions of an enumeration, each printed by the library's own
/// printer: the oracle `enumerate`'s memoized texts are tested against.
#[pyfunction]
#[pyo3(name = "_program_texts", signature = (vars, max_size, *, ops=None, literals=None))]
pub fn program_texts(
    py: Python<'_>,
    vars: Vec<String>,
    max_size: usize,
    ops: Option<Vec<String>>,
    literals: Option<Vec<i64>>,
) -> PyResult<Vec<String>> {
    let grammar = grammar(&vars, ops, literals)?;
    detached(py, |_| {
        let enumeration = Enumerator::new(grammar)
            .max_size(max_size)
            .start()
            .map_err(|err| Failure::from(arithsynth::Error::from(err)))?;
        let vars = enumeration.vars().clone();
        Ok(enumeration
            .into_programs()
            .iter()
            .map(|program| program.sexpr(&vars).to_string())
            .collect())
    })
}
