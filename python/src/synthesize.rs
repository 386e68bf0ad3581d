//! `synthesize` (the front door's mirror), `Synthesis`, and `solve_tasks`
//! (a task file or list, optionally one shard, to result records).

use std::path::PathBuf;
use std::sync::{Arc, OnceLock};
use std::time::Duration;

use arithsynth::dataset::shard::Shard;
use arithsynth::dataset::{read_tasks, Task};
use arithsynth::model::{Device, Model};
use arithsynth::search::blocks::Library;
use arithsynth::search::{GaveUp, Spec};
use arithsynth::{Grammar, Method, Synthesizer};
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyList, PyString};

use crate::errors::Failure;
use crate::interrupt::Interrupts;

/// The limits and method every entry point takes, checked.
#[derive(Clone, Debug)]
pub struct Settings {
    pub time_limit: Option<Duration>,
    pub candidate_limit: Option<u64>,
    pub sample_limit: Option<u64>,
    pub memory_limit: Option<usize>,
    pub max_size: usize,
    /// A method or a variant of the hybrid ([`Synthesizer::strategy`]).
    pub strategy: String,
    pub seed: u64,
    /// Threads of each search's enumeration (results do not depend on it).
    pub threads: usize,
    /// Literals the examples point to, added to each search's grammar.
    pub task_literals: usize,
    /// The user's building blocks ([`Synthesizer::blocks`]).
    pub blocks: Option<Library>,
}

/// Seconds from Python as a duration, or an `InputError` naming the field.
pub fn seconds(field: &str, value: f64) -> Result<Duration, Failure> {
    Duration::try_from_secs_f64(value).map_err(|_| {
        Failure::input(format!(
            "{field}: {value} is not a non-negative finite number of seconds"
        ))
    })
}

impl Settings {
    pub fn new(
        time_limit: Option<f64>,
        candidate_limit: Option<u64>,
        sample_limit: Option<u64>,
        memory_limit: Option<usize>,
        max_size: usize,
        strategy: Option<&str>,
        seed: u64,
    ) -> Result<Settings, Failure> {
        let strategy = match strategy {
            None => Method::default().name().to_owned(),
            Some(name) => {
                // checked now: a bad name is the caller's error, before any search
                let _checked = Synthesizer::new(["x"])
                    .strategy(name)
                    .map_err(|err| Failure::input(format!("strategy: {err}")))?;
                name.to_owned()
            }
        };
        Ok(Settings {
            time_limit: time_limit.map(|t| seconds("time_limit", t)).transpose()?,
            candidate_limit,
            sample_limit,
            memory_limit,
            max_size,
            strategy,
            seed,
            threads: 1,
            task_literals: 0,
            blocks: None,
        })
    }

    /// The building blocks from a library's text (`blocks=`), or an
    /// `InputError` naming the line.
    pub fn with_blocks(mut self, text: Option<&str>) -> Result<Settings, Failure> {
        if let Some(text) = text {
            let library =
                Library::parse(text).map_err(|err| Failure::input(format!("blocks: {err}")))?;
            self.blocks = Some(library);
        }
        Ok(self)
    }

    /// The synthesizer these settings describe, over `grammar`.
    pub fn synthesizer(&self, grammar: Grammar) -> Result<Synthesizer, Failure> {
        let mut synthesizer = Synthesizer::with_grammar(grammar)
            .strategy(&self.strategy)
            .map_err(|err| Failure::input(format!("strategy: {err}")))?
            .max_size(self.max_size)
            .seed(self.seed)
            .threads(self.threads)
            .task_literals(self.task_literals);
        synthesizer = match self.time_limit {
            Some(limit) => synthesizer.time_limit(limit),
            None => synthesizer.no_time_limit(),
        };
        if let Some(candidates) = self.candidate_limit {
            synthesizer = synthesizer.candidate_limit(candidates);
        }
        if let Some(samples) = self.sample_limit {
            synthesizer = synthesizer.sample_limit(samples);
        }
        if let Some(bytes) = self.memory_limit {
            synthesizer = synthesizer.memory_limit(bytes);
        }
        if let Some(library) = &self.blocks {
            synthesizer = synthesizer.blocks(library.clone());
        }
        if synthesizer.uses_model() {
            synthesizer = synthesizer.model(embedded_model()?);
        }
        Ok(synthesizer)
    }
}

/// The embedded model, loaded once per process and shared by every call
/// (the front door would load it once per synthesizer).
fn embedded_model() -> Result<Arc<Model>, Failure> {
    static MODEL: OnceLock<Arc<Model>> = OnceLock::new();
    if let Some(model) = MODEL.get() {
        return Ok(Arc::clone(model));
    }
    let model =
        Model::embedded(&Device::Cpu).map_err(|err| Failure::from(arithsynth::Error::from(err)))?;
    Ok(Arc::clone(MODEL.get_or_init(|| Arc::new(model))))
}

/// The machine-readable stop reason of a search.
fn stop_reason(gave_up: Option<GaveUp>) -> String {
    match gave_up {
        None => "found".to_owned(),
        Some(GaveUp::TimeLimit) => "time_limit".to_owned(),
        Some(GaveUp::CandidateLimit) => "candidate_limit".to_owned(),
        Some(GaveUp::SampleLimit) => "sample_limit".to_owned(),
        Some(GaveUp::MemoryLimit) => "memory_limit".to_owned(),
        Some(GaveUp::Exhausted) => "exhausted".to_owned(),
        Some(GaveUp::Cancelled) => "cancelled".to_owned(),
        Some(other) => other.to_string().replace(' ', "_"),
    }
}

/// What a search found: a program that fits every example, or "not found"
/// with the reason and the best program so far.
#[pyclass(frozen, module = "arithsynth")]
#[derive(Clone, Debug)]
pub struct Synthesis {
    /// The program found as an S-expression, e.g. `(+ (* x x) 1)`; None when not found.
    #[pyo3(get)]
    program: Option<String>,
    /// The program in infix, for people: `x * x + 1`; None when not found.
    #[pyo3(get)]
    infix: Option<String>,
    /// The program's size in nodes; None when not found.
    #[pyo3(get)]
    size: Option<usize>,
    /// Whether a program fitting every example was found.
    #[pyo3(get)]
    found: bool,
    /// "found", or why the search gave up: "time_limit", "candidate_limit", "sample_limit", "memory_limit", "exhausted" (every program up to max_size tried) or "cancelled".
    #[pyo3(get)]
    stop_reason: String,
    /// When not found: the program that fits the most examples (S-expression), if any was tried.
    #[pyo3(get)]
    best: Option<String>,
    /// How many examples `best` fits.
    #[pyo3(get)]
    best_matched: Option<usize>,
    /// "generalizes" (found, and the examples support it), "fits-only" (consistent with every example, but the examples do not support it) or "not-found".
    #[pyo3(get)]
    verdict: String,
    /// How much shorter the program is than the outputs it explains, in bits (the crate's `search::evidence`); None when not found.
    #[pyo3(get)]
    evidence_bits: Option<f64>,
    /// The code of the program that gave `evidence_bits`: "nodes", "polynomial" or "functions" (the crate's `search::evidence`); None when not found.
    #[pyo3(get)]
    evidence_code: Option<String>,
    /// Whether the program also fits the held-out examples (tasks with `test` examples); None without any or when not found.
    #[pyo3(get)]
    test_ok: Option<bool>,
    /// Seconds the search took (the library's own measure).
    #[pyo3(get)]
    elapsed: f64,
    /// Candidate programs evaluated.
    #[pyo3(get)]
    candidates: u64,
    /// Programs sampled from the model.
    #[pyo3(get)]
    samples: u64,
    /// The strategy: "enumerative", "neural" or "hybrid".
    #[pyo3(get)]
    strategy: String,
    /// The variable names, in the order of the examples' inputs.
    #[pyo3(get)]
    vars: Vec<String>,
    gave_up: Option<String>,
    text: String,
    report: String,
}

impl Synthesis {
    fn new(found: &arithsynth::Synthesis, strategy: &str) -> Synthesis {
        let vars = found.vars();
        Synthesis {
            program: found.sexpr().map(|s| s.to_string()),
            infix: found.infix().map(|s| s.to_string()),
            size: found.program().map(arithsynth::Program::size),
            found: found.is_found(),
            stop_reason: stop_reason(found.gave_up()),
            best: found.best().map(|(p, _)| p.sexpr(vars).to_string()),
            best_matched: found.best().map(|(_, matched)| matched),
            verdict: found.verdict().as_str().to_owned(),
            evidence_bits: found.evidence(),
            evidence_code: found
                .evidence_terms()
                .map(|terms| terms.code().as_str().to_owned()),
            test_ok: found.test_ok(),
            elapsed: found.elapsed().as_secs_f64(),
            candidates: found.candidates(),
            samples: found.samples(),
            strategy: strategy.to_owned(),
            vars: vars.names().map(str::to_owned).collect(),
            gave_up: found.gave_up().map(|g| g.to_string()),
            text: found.to_string(),
            report: found.report().to_string(),
        }
    }

    /// The fields of a result line of `arithsynth solve`, less the name.
    fn record<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        let record = PyDict::new(py);
        record.set_item("solved", self.found)?;
        record.set_item("program", &self.program)?;
        record.set_item("verdict", &self.verdict)?;
        record.set_item(
            "evidence_bits",
            self.evidence_bits.map(|bits| (bits * 10.0).round() / 10.0),
        )?;
        record.set_item("test_ok", self.test_ok)?;
        record.set_item("strategy", &self.strategy)?;
        record.set_item("time_ms", self.elapsed * 1e3)?;
        record.set_item("candidates", self.candidates)?;
        record.set_item("samples", self.samples)?;
        if self.found {
            record.set_item("evidence_code", &self.evidence_code)?;
            record.set_item("size", self.size)?;
        } else {
            record.set_item("gave_up", &self.gave_up)?;
            record.set_item("best", &self.best)?;
            record.set_item("best_matched", self.best_matched)?;
        }
        Ok(record)
    }
}

#[pymethods]
impl Synthesis {
    /// The fields of a result line of `arithsynth solve` (less `name`):
    /// solved, program, verdict, evidence_bits, test_ok, strategy,
    /// time_ms, candidates, samples,
    /// and evidence_code and size when solved, or gave_up, best,
    /// best_matched when not.
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        self.record(py)
    }

    /// A one-line report: the program (S-expression and infix) or the
    /// reason, then time, candidates and samples.
    fn report(&self) -> String {
        self.report.clone()
    }

    /// The program as an S-expression, or "no program found (reason); best so far ...".
    fn __str__(&self) -> String {
        self.text.clone()
    }

    fn __repr__(&self) -> String {
        format!(
            "Synthesis(program={}, stop_reason={:?}, elapsed={:.6}, candidates={}, samples={})",
            self.program
                .as_ref()
                .map_or_else(|| "None".to_owned(), |p| format!("{p:?}")),
            self.stop_reason,
            self.elapsed,
            self.candidates,
            self.samples
        )
    }
}

/// One example from Python: `(inputs, output)`, inputs a sequence of ints
/// (or one int when there is one variable).
fn example(item: &Bound<'_, PyAny>, at: usize) -> Result<(Vec<i64>, i64), Failure> {
    let bad = |what: String| Failure::input(format!("examples[{at}]: {what}"));
    let pair: Vec<Bound<'_, PyAny>> = item
        .extract()
        .map_err(|_| bad("expected a pair (inputs, output)".to_owned()))?;
    let [inputs, output] = pair.as_slice() else {
        return Err(bad(format!(
            "expected a pair (inputs, output), got {} items",
            pair.len()
        )));
    };
    let integer = |value: &Bound<'_, PyAny>, field: &str| -> Result<i64, Failure> {
        value
            .extract::<i64>()
            .map_err(|err| bad(format!("{field}: {}", err.to_string().to_lowercase())))
    };
    let inputs = if inputs.extract::<i64>().is_ok() || inputs.is_instance_of::<pyo3::types::PyInt>()
    {
        vec![integer(inputs, "inputs")?]
    } else {
        let values: Vec<Bound<'_, PyAny>> = inputs
            .extract()
            .map_err(|_| bad("inputs: expected a sequence of integers".to_owned()))?;
        values
            .iter()
            .enumerate()
            .map(|(i, v)| integer(v, &format!("inputs[{i}]")))
            .collect::<Result<Vec<i64>, Failure>>()?
    };
    Ok((inputs, integer(output, "output")?))
}

/// The examples of a Python call.
fn examples(examples: &Bound<'_, PyAny>) -> Result<Vec<(Vec<i64>, i64)>, Failure> {
    if examples.is_instance_of::<PyString>() {
        return Err(Failure::input(
            "examples: expected pairs (inputs, output), got a string",
        ));
    }
    let items: Vec<Bound<'_, PyAny>> = examples
        .extract()
        .map_err(|_| Failure::input("examples: expected a sequence of pairs (inputs, output)"))?;
    items
        .iter()
        .enumerate()
        .map(|(at, item)| example(item, at))
        .collect()
}

/// Default variable names for rows of `width` inputs.
fn default_vars(width: usize) -> Vec<String> {
    match width {
        0 | 1 => vec!["x".to_owned()],
        2 => vec!["x".to_owned(), "y".to_owned()],
        3 => vec!["x".to_owned(), "y".to_owned(), "z".to_owned()],
        _ => (0..width).map(|i| format!("x{i}")).collect(),
    }
}

/// Runs `work` without the GIL, with an interrupt check it may call; a
/// signal handler's error (e.g. `KeyboardInterrupt`) wins over the result.
pub fn detached<T: Send>(
    py: Python<'_>,
    work: impl FnOnce(&mut Interrupts) -> Result<T, Failure> + Send,
) -> PyResult<T> {
    let (result, raised) = py.detach(|| {
        let mut interrupts = Interrupts::new();
        let result = work(&mut interrupts);
        (result, interrupts.into_raised())
    });
    if let Some(error) = raised {
        return Err(error);
    }
    Ok(result?)
}

/// Synthesizes a program from examples.
///
/// `examples` is a sequence of `(inputs, output)` pairs: inputs one integer
/// per variable (a bare int when there is one), every value within i64.
/// `vars` names the variables in input order (default: x; x, y; x, y, z;
/// else x0, x1, ...). The grammar is the library's default: `+ - * div mod`
/// over the variables and the literals 0..=3.
///
/// Limits: `time_limit` in seconds (default 10; None for none),
/// `candidate_limit` (candidate programs evaluated), `sample_limit` (model
/// samples), `memory_limit` (bytes for the enumeration; default 4 GiB),
/// `max_size` (nodes; default 15). `strategy` is "enumerative", "neural"
/// or "hybrid" (default: "hybrid"). `seed` seeds the model's samples.
/// `threads` runs the enumeration on that many threads (0: one per core);
/// the result does not depend on it under count limits. `task_literals=3`
/// adds up to 3 literals the examples point to (60 for minutes, 100 for a
/// percentage, 7 for a weekday) to the grammar: the program may then use
/// a literal the grammar lacks (default 0: none). `blocks` is the text of
/// a library of building blocks (one body a line over a, b, c, as
/// `arithsynth learn-blocks` writes it): the hybrid then uses them as
/// leaves of its enumeration and parts of its completion.
/// Same examples, same count limits (time_limit=None), same seed: the same
/// result.
///
/// Returns a `Synthesis`; "not found" is a result with a stop reason, not
/// an exception. Raises `InputError` (a ValueError) for bad examples
/// (none, wrong widths, contradictory, outside i64), names or limits,
/// `ArithsynthError` when a part breaks, and `KeyboardInterrupt` on Ctrl-C
/// (the GIL is released while searching).
#[pyfunction]
#[pyo3(signature = (examples, vars=None, *, time_limit=Some(10.0), candidate_limit=None, sample_limit=None, memory_limit=None, max_size=15, strategy=None, seed=0, threads=1, task_literals=0, blocks=None))]
#[expect(
    clippy::too_many_arguments,
    reason = "one per keyword of the Python call"
)]
pub fn synthesize(
    py: Python<'_>,
    examples: &Bound<'_, PyAny>,
    vars: Option<Vec<String>>,
    time_limit: Option<f64>,
    candidate_limit: Option<u64>,
    sample_limit: Option<u64>,
    memory_limit: Option<usize>,
    max_size: usize,
    strategy: Option<&str>,
    seed: u64,
    threads: usize,
    task_literals: usize,
    blocks: Option<&str>,
) -> PyResult<Synthesis> {
    let mut settings = Settings::new(
        time_limit,
        candidate_limit,
        sample_limit,
        memory_limit,
        max_size,
        strategy,
        seed,
    )?
    .with_blocks(blocks)?;
    settings.threads = threads;
    settings.task_literals = task_literals;
    let rows = self::examples(examples)?;
    let vars = vars.unwrap_or_else(|| default_vars(rows.first().map_or(1, |(i, _)| i.len())));
    let grammar = Grammar::new(
        arithsynth::Vars::new(&vars)
            .map_err(arithsynth::Error::from)
            .map_err(Failure::from)?,
    );
    detached(py, |interrupts| {
        let synthesizer = settings.synthesizer(grammar)?.cancel(interrupts.cancel());
        let found = synthesizer.solve(&rows)?;
        Ok(Synthesis::new(&found, &settings.strategy))
    })
}

/// The tasks of a `solve_tasks` call: a path, or a list of task objects
/// (dicts with the task file's fields) or JSON lines.
fn tasks_from(py: Python<'_>, tasks: &Bound<'_, PyAny>) -> PyResult<Vec<Task>> {
    if let Ok(path) = tasks.extract::<PathBuf>() {
        return Ok(read_tasks(&path).map_err(Failure::from)?);
    }
    let items: Vec<Bound<'_, PyAny>> = tasks.extract().map_err(|_| {
        Failure::input("tasks: expected a path or a list of task dicts or JSON lines")
    })?;
    let dumps = py.import("json")?.getattr("dumps")?;
    items
        .iter()
        .enumerate()
        .map(|(at, item)| {
            let line: String = if item.is_instance_of::<PyString>() {
                item.extract()?
            } else {
                dumps
                    .call1((item,))
                    .map_err(|err| Failure::input(format!("tasks[{at}]: not JSON: {err}")))?
                    .extract()?
            };
            Ok(Task::from_json_line(&line)
                .map_err(|what| Failure::input(format!("tasks[{at}]: {what}")))?)
        })
        .collect()
}

/// A shard from Python: `(index, count)` or the text "I/N".
pub fn shard_from(shard: Option<&Bound<'_, PyAny>>) -> Result<Shard, Failure> {
    let Some(shard) = shard else {
        return Ok(Shard::default());
    };
    if let Ok(text) = shard.extract::<String>() {
        return Ok(text.parse::<Shard>()?);
    }
    let (index, count): (usize, usize) = shard
        .extract()
        .map_err(|_| Failure::input("shard: expected (index, count) or \"I/N\""))?;
    Ok(Shard::new(index, count)?)
}

/// Solves every task of a task file (or list), one after the other, and
/// returns one record per task: a dict with the fields of `arithsynth
/// solve`'s result lines (name, solved, program, test_ok, strategy,
/// time_ms, candidates, samples, then size when solved, or gave_up, best
/// and best_matched when not).
///
/// `tasks` is a path to a task file (JSON lines) or a list of task dicts
/// (or JSON lines) with the file's fields. Each task is searched over its
/// own grammar if it names one, else `+ - * div mod` and 0..=3 over its
/// variables, and judged on its held-out examples (`test_ok`).
///
/// `shard=(i, n)` (or "i/n") solves only the tasks whose position (from 0)
/// is i mod n, in order: task k's record is record k // n of shard k % n.
/// Limits, strategy, `task_literals` and `blocks` as in `synthesize` (`arithsynth
/// solve` adds 3 task literals by default, this 0); under a count budget
/// (time_limit=None, candidate_limit=N) the records, less time_ms, are the
/// same on every run and every machine.
///
/// Raises `InputError` for a bad task (naming it and the field) or shard,
/// `DataFileError` for a file that cannot be read, `KeyboardInterrupt` on
/// Ctrl-C.
#[pyfunction]
#[pyo3(signature = (tasks, *, time_limit=Some(10.0), candidate_limit=None, sample_limit=None, memory_limit=None, max_size=15, strategy=None, seed=0, shard=None, threads=1, task_literals=0, blocks=None))]
#[expect(
    clippy::too_many_arguments,
    reason = "one per keyword of the Python call"
)]
pub fn solve_tasks<'py>(
    py: Python<'py>,
    tasks: &Bound<'py, PyAny>,
    time_limit: Option<f64>,
    candidate_limit: Option<u64>,
    sample_limit: Option<u64>,
    memory_limit: Option<usize>,
    max_size: usize,
    strategy: Option<&str>,
    seed: u64,
    shard: Option<&Bound<'py, PyAny>>,
    threads: usize,
    task_literals: usize,
    blocks: Option<&str>,
) -> PyResult<Bound<'py, PyList>> {
    let mut settings = Settings::new(
        time_limit,
        candidate_limit,
        sample_limit,
        memory_limit,
        max_size,
        strategy,
        seed,
    )?
    .with_blocks(blocks)?;
    settings.threads = threads;
    settings.task_literals = task_literals;
    let shard = shard_from(shard)?;
    let tasks = shard.tasks(tasks_from(py, tasks)?);
    let specs = tasks
        .iter()
        .map(|task| {
            let default = Grammar::new(task.vars.clone());
            Spec::from_task(task, &default).map_err(|err| {
                Failure::from(arithsynth::Error::from(err)).within(&format!("task `{}`", task.name))
            })
        })
        .collect::<Result<Vec<Spec>, Failure>>()?;
    let results = detached(py, |interrupts| {
        let mut results = Vec::with_capacity(specs.len());
        for (task, spec) in tasks.iter().zip(&specs) {
            let synthesizer = settings
                .synthesizer(spec.grammar().clone())?
                .cancel(interrupts.cancel());
            let found = synthesizer
                .solve_spec(spec)
                .map_err(|err| Failure::from(err).within(&format!("task `{}`", task.name)))?;
            results.push(Synthesis::new(&found, &settings.strategy));
            if interrupts.should_stop() {
                break;
            }
        }
        Ok(results)
    })?;
    let records = PyList::empty(py);
    for (task, result) in tasks.iter().zip(&results) {
        let record = PyDict::new(py);
        record.set_item("name", &task.name)?;
        record.update(result.record(py)?.as_mapping())?;
        records.append(record)?;
    }
    Ok(records)
}
