//! Rust errors as Python exceptions.
//!
//! `ArithsynthError` (an `Exception`) is the base and stands for parts that
//! break (a model that fails to load or run). `InputError` is also a
//! `ValueError`: bad examples, names, grammars, limits, shards, task lines.
//! `DataFileError` is also an `OSError`: a file that cannot be read or
//! written. The message is the library's, which says what and where.

use arithsynth::dataset::shard::ShardError;
use arithsynth::dataset::DatasetError;
use pyo3::exceptions::{PyException, PyOSError, PyValueError};
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::{PyDict, PyTuple, PyType};

pyo3::create_exception!(
    arithsynth,
    ArithsynthError,
    PyException,
    "Any error of arithsynth; the message says what and where."
);

/// Which exception a failure raises.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// `InputError`: bad input from the caller.
    Input,
    /// `DataFileError`: a file that cannot be read or written.
    File,
    /// `ArithsynthError`: a part that broke.
    Broken,
}

/// A failure computed without the GIL, raised once it is held again.
#[derive(Clone, Debug)]
pub struct Failure {
    /// Which exception.
    pub kind: Kind,
    /// The message.
    pub message: String,
}

impl Failure {
    /// Bad input, with a message.
    pub fn input(message: impl Into<String>) -> Failure {
        Failure {
            kind: Kind::Input,
            message: message.into(),
        }
    }

    /// The same failure with `context: ` before its message.
    #[must_use]
    pub fn within(self, context: &str) -> Failure {
        Failure {
            kind: self.kind,
            message: format!("{context}: {}", self.message),
        }
    }
}

fn dataset_kind(error: &DatasetError) -> Kind {
    match error {
        DatasetError::Io { .. } => Kind::File,
        _ => Kind::Input,
    }
}

/// A search that cannot run: the caller's settings (an enumeration that
/// cannot start, a part this build lacks) are bad input; a model or a
/// proposer that fails is a broken part.
fn search_kind(error: &arithsynth::search::SearchError) -> Kind {
    use arithsynth::search::SearchError;
    match error {
        SearchError::Enumerate(_) | SearchError::Unavailable { .. } => Kind::Input,
        _ => Kind::Broken,
    }
}

impl From<arithsynth::Error> for Failure {
    fn from(error: arithsynth::Error) -> Failure {
        use arithsynth::Error;
        let kind = match &error {
            Error::Dataset(dataset) => dataset_kind(dataset),
            Error::Parse(_)
            | Error::Program(_)
            | Error::Admit(_)
            | Error::Grammar(_)
            | Error::Vars(_)
            | Error::Inputs(_)
            | Error::Enumerate(_)
            | Error::Spec(_)
            | Error::Sygus(_)
            | Error::Token(_)
            | Error::UnknownMethod(_) => Kind::Input,
            Error::Search(search) => search_kind(search),
            _ => Kind::Broken,
        };
        Failure {
            kind,
            message: error.to_string(),
        }
    }
}

impl From<DatasetError> for Failure {
    fn from(error: DatasetError) -> Failure {
        Failure {
            kind: dataset_kind(&error),
            message: error.to_string(),
        }
    }
}

impl From<ShardError> for Failure {
    fn from(error: ShardError) -> Failure {
        Failure::input(error.to_string())
    }
}

impl From<Failure> for PyErr {
    fn from(failure: Failure) -> PyErr {
        Python::attach(|py| {
            let class = match failure.kind {
                Kind::Broken => py.get_type::<ArithsynthError>(),
                Kind::Input => subclass(py, &INPUT_ERROR),
                Kind::File => subclass(py, &DATA_FILE_ERROR),
            };
            PyErr::from_type(class, failure.message)
        })
    }
}

static INPUT_ERROR: PyOnceLock<Py<PyType>> = PyOnceLock::new();
static DATA_FILE_ERROR: PyOnceLock<Py<PyType>> = PyOnceLock::new();

/// A class made by [`register`], or the base when the module was not
/// initialized (it always is before any function runs).
fn subclass<'py>(py: Python<'py>, cell: &PyOnceLock<Py<PyType>>) -> Bound<'py, PyType> {
    cell.get(py).map_or_else(
        || py.get_type::<ArithsynthError>(),
        |class| class.bind(py).clone(),
    )
}

/// `type(name, (ArithsynthError, also), {...})`: a subclass of both.
fn make_class<'py>(
    py: Python<'py>,
    name: &str,
    also: Bound<'py, PyType>,
    doc: &str,
) -> PyResult<Bound<'py, PyType>> {
    let namespace = PyDict::new(py);
    namespace.set_item("__module__", "arithsynth")?;
    namespace.set_item("__doc__", doc)?;
    let bases = PyTuple::new(py, [py.get_type::<ArithsynthError>(), also])?;
    let class = py
        .get_type::<PyType>()
        .call1((name, bases, namespace))?
        .cast_into::<PyType>()?;
    Ok(class)
}

/// Adds the exception classes to the module.
pub fn register(module: &Bound<'_, PyModule>) -> PyResult<()> {
    let py = module.py();
    module.add("ArithsynthError", py.get_type::<ArithsynthError>())?;
    let input = make_class(
        py,
        "InputError",
        py.get_type::<PyValueError>(),
        "Bad input: examples, variable names, grammars, limits, shards or the contents of a file. Also a ValueError.",
    )?;
    let file = make_class(
        py,
        "DataFileError",
        py.get_type::<PyOSError>(),
        "A file that cannot be read or written. Also an OSError.",
    )?;
    module.add("InputError", &input)?;
    module.add("DataFileError", &file)?;
    let _ = INPUT_ERROR.set(py, input.unbind());
    let _ = DATA_FILE_ERROR.set(py, file.unbind());
    Ok(())
}
