//! Data on disk: program sets (Parquet or JSON lines) and task files (JSON
//! lines), written atomically.
//!
//! A program set is what the enumerator produces and the laboratory reads:
//! one record per unique program with its S-expression, size, depth and
//! output column on the probe. The format follows the file's extension:
//! `.parquet` (columns `program: utf8`, `size: int32`, `depth: int32`,
//! `outputs: list<int64>`) or `.jsonl` (one JSON object a line with the same
//! fields). Files are written to a temporary name beside the target and
//! renamed when complete, so an interrupted run leaves no half-written file.
//!
//! ```
//! use arithsynth::dataset::{read_program_set, ProgramRecord, ProgramSetWriter};
//! let dir = std::env::temp_dir().join(format!("arithsynth-doc-{}", std::process::id()));
//! std::fs::create_dir_all(&dir)?;
//! let path = dir.join("programs.parquet");
//! let mut writer = ProgramSetWriter::create(&path)?;
//! writer.write(&ProgramRecord { program: "(+ x 1)".into(), size: 3, depth: 2, outputs: vec![1, 2] })?;
//! writer.finish()?;
//! let records = read_program_set(&path)?;
//! assert_eq!(records[0].program, "(+ x 1)");
//! assert_eq!(records[0].outputs, [1, 2]);
//! # std::fs::remove_dir_all(&dir)?;
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

mod atomic;
pub mod coordinates;
mod program_set;
pub mod shard;
pub mod split;
mod task;

pub use atomic::AtomicFile;
pub use program_set::{read_program_set, ProgramRecord, ProgramSetWriter, SetFormat};
pub use task::{read_tasks, write_tasks, Example, Task, TaskGrammar};

use std::path::PathBuf;

/// Errors reading or writing data files; each names the file.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum DatasetError {
    /// An I/O error on a file.
    #[error("{path}: {source}")]
    Io {
        /// The file.
        path: PathBuf,
        /// The error.
        source: std::io::Error,
    },
    /// A Parquet error on a file.
    #[error("{path}: parquet: {source}")]
    Parquet {
        /// The file.
        path: PathBuf,
        /// The error.
        source: parquet::errors::ParquetError,
    },
    /// A JSON line that does not parse.
    #[error("{path}:{line}: {source}")]
    Json {
        /// The file.
        path: PathBuf,
        /// The line, from 1.
        line: usize,
        /// The error.
        source: serde_json::Error,
    },
    /// A task line that is not a valid task.
    #[error("{path}:{line}: {what}")]
    Task {
        /// The file.
        path: PathBuf,
        /// The line, from 1.
        line: usize,
        /// What is wrong, naming the task and the field.
        what: String,
    },
    /// A file whose extension names no known format.
    #[error("{path}: unknown format (use .parquet or .jsonl)")]
    UnknownFormat {
        /// The file.
        path: PathBuf,
    },
    /// A Parquet file without the expected columns or types.
    #[error("{path}: row {row}: {what}")]
    Schema {
        /// The file.
        path: PathBuf,
        /// The row, from 0.
        row: usize,
        /// What is wrong.
        what: String,
    },
}
