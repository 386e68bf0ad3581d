//! Program sets: one record per unique program, in Parquet or JSON lines.

use std::fs::File;
use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use parquet::basic::Compression;
use parquet::data_type::{ByteArray, ByteArrayType, Int32Type, Int64Type};
use parquet::file::properties::WriterProperties;
use parquet::file::reader::{FileReader, SerializedFileReader};
use parquet::file::writer::SerializedFileWriter;
use parquet::record::{Field, RowAccessor};
use parquet::schema::parser::parse_message_type;
use serde::{Deserialize, Serialize};

use super::{AtomicFile, DatasetError};

/// One program of a set.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProgramRecord {
    /// The program as an S-expression.
    pub program: String,
    /// Nodes.
    pub size: u32,
    /// Depth (a leaf has depth 1).
    pub depth: u32,
    /// Outputs on the probe inputs.
    pub outputs: Vec<i64>,
}

/// The file formats of a program set.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum SetFormat {
    /// Apache Parquet, for scale.
    Parquet,
    /// JSON lines, for people.
    Jsonl,
}

impl SetFormat {
    /// The format named by a path's extension (`.parquet`, `.jsonl`).
    ///
    /// # Errors
    ///
    /// [`DatasetError::UnknownFormat`] for any other extension.
    pub fn from_path(path: &Path) -> Result<SetFormat, DatasetError> {
        match path.extension().and_then(|e| e.to_str()) {
            Some("parquet") => Ok(SetFormat::Parquet),
            Some("jsonl") => Ok(SetFormat::Jsonl),
            _ => Err(DatasetError::UnknownFormat {
                path: path.to_owned(),
            }),
        }
    }
}

const SCHEMA: &str = "
message programs {
  required binary program (UTF8);
  required int32 size;
  required int32 depth;
  required group outputs (LIST) {
    repeated group list {
      required int64 element;
    }
  }
}";

/// Rows buffered per Parquet row group.
const ROW_GROUP: usize = 1 << 16;

/// Column buffers of one Parquet row group.
#[derive(Default)]
struct Group {
    programs: Vec<ByteArray>,
    sizes: Vec<i32>,
    depths: Vec<i32>,
    outputs: Vec<i64>,
    definition: Vec<i16>,
    repetition: Vec<i16>,
}

enum Sink {
    Parquet(Box<SerializedFileWriter<AtomicFile>>, Group),
    Jsonl(AtomicFile),
}

/// Writes a program set; the format follows the extension. Nothing appears
/// at the path until [`ProgramSetWriter::finish`].
pub struct ProgramSetWriter {
    path: PathBuf,
    sink: Sink,
    written: u64,
}

impl std::fmt::Debug for ProgramSetWriter {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ProgramSetWriter")
            .field("path", &self.path)
            .field("written", &self.written)
            .finish_non_exhaustive()
    }
}

impl Write for AtomicFile {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.writer().write(buf)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.writer().flush()
    }
}

impl ProgramSetWriter {
    /// Starts a set at `path`.
    ///
    /// # Errors
    ///
    /// [`DatasetError`] for an unknown extension or a file that cannot be
    /// created.
    pub fn create(path: &Path) -> Result<ProgramSetWriter, DatasetError> {
        let format = SetFormat::from_path(path)?;
        let file = AtomicFile::create(path)?;
        let sink = match format {
            SetFormat::Jsonl => Sink::Jsonl(file),
            SetFormat::Parquet => {
                let schema = Arc::new(parse_message_type(SCHEMA).expect("the schema parses"));
                let props = Arc::new(
                    WriterProperties::builder()
                        .set_compression(Compression::SNAPPY)
                        .build(),
                );
                let writer = SerializedFileWriter::new(file, schema, props).map_err(|source| {
                    DatasetError::Parquet {
                        path: path.to_owned(),
                        source,
                    }
                })?;
                Sink::Parquet(Box::new(writer), Group::default())
            }
        };
        Ok(ProgramSetWriter {
            path: path.to_owned(),
            sink,
            written: 0,
        })
    }

    /// Records written so far.
    #[must_use]
    pub fn written(&self) -> u64 {
        self.written
    }

    /// Adds a record.
    ///
    /// # Errors
    ///
    /// [`DatasetError`] when writing fails.
    pub fn write(&mut self, record: &ProgramRecord) -> Result<(), DatasetError> {
        self.written += 1;
        match &mut self.sink {
            Sink::Jsonl(file) => {
                let io = |source| DatasetError::Io {
                    path: self.path.clone(),
                    source,
                };
                serde_json::to_writer(file.writer(), record).map_err(|err| io(err.into()))?;
                file.writer().write_all(b"\n").map_err(io)
            }
            Sink::Parquet(_, group) => {
                group
                    .programs
                    .push(ByteArray::from(record.program.as_str()));
                group
                    .sizes
                    .push(i32::try_from(record.size).unwrap_or(i32::MAX));
                group
                    .depths
                    .push(i32::try_from(record.depth).unwrap_or(i32::MAX));
                if record.outputs.is_empty() {
                    group.definition.push(0);
                    group.repetition.push(0);
                } else {
                    for (i, &value) in record.outputs.iter().enumerate() {
                        group.outputs.push(value);
                        group.definition.push(1);
                        group.repetition.push(i16::from(i > 0));
                    }
                }
                if group.sizes.len() >= ROW_GROUP {
                    self.flush_group()?;
                }
                Ok(())
            }
        }
    }

    fn flush_group(&mut self) -> Result<(), DatasetError> {
        let Sink::Parquet(writer, group) = &mut self.sink else {
            return Ok(());
        };
        if group.sizes.is_empty() {
            return Ok(());
        }
        let group = std::mem::take(group);
        let path = &self.path;
        let parquet = |source| DatasetError::Parquet {
            path: path.clone(),
            source,
        };
        let mut row_group = writer.next_row_group().map_err(parquet)?;
        let mut index = 0;
        while let Some(mut column) = row_group.next_column().map_err(parquet)? {
            match index {
                0 => column
                    .typed::<ByteArrayType>()
                    .write_batch(&group.programs, None, None),
                1 => column
                    .typed::<Int32Type>()
                    .write_batch(&group.sizes, None, None),
                2 => column
                    .typed::<Int32Type>()
                    .write_batch(&group.depths, None, None),
                _ => column.typed::<Int64Type>().write_batch(
                    &group.outputs,
                    Some(&group.definition),
                    Some(&group.repetition),
                ),
            }
            .map_err(parquet)?;
            column.close().map_err(parquet)?;
            index += 1;
        }
        row_group.close().map_err(parquet)?;
        Ok(())
    }

    /// Completes the file and moves it into place.
    ///
    /// # Errors
    ///
    /// [`DatasetError`] when writing, syncing or renaming fails; nothing is
    /// then left at the path.
    pub fn finish(mut self) -> Result<(), DatasetError> {
        self.flush_group()?;
        match self.sink {
            Sink::Jsonl(file) => file.commit(),
            Sink::Parquet(writer, _) => {
                let file = writer
                    .into_inner()
                    .map_err(|source| DatasetError::Parquet {
                        path: self.path.clone(),
                        source,
                    })?;
                file.commit()
            }
        }
    }
}

/// Reads a whole program set (for tests and small sets; the laboratory
/// streams large ones).
///
/// # Errors
///
/// [`DatasetError`] naming the file and, for JSON lines, the line; for
/// Parquet, the row and the missing or mistyped column.
pub fn read_program_set(path: &Path) -> Result<Vec<ProgramRecord>, DatasetError> {
    let io = |source| DatasetError::Io {
        path: path.to_owned(),
        source,
    };
    let file = File::open(path).map_err(io)?;
    match SetFormat::from_path(path)? {
        SetFormat::Jsonl => BufReader::new(file)
            .lines()
            .enumerate()
            .filter(|(_, line)| line.as_ref().map_or(true, |l| !l.trim().is_empty()))
            .map(|(i, line)| {
                let line = line.map_err(io)?;
                serde_json::from_str(&line).map_err(|source| DatasetError::Json {
                    path: path.to_owned(),
                    line: i + 1,
                    source,
                })
            })
            .collect(),
        SetFormat::Parquet => {
            let parquet = |source| DatasetError::Parquet {
                path: path.to_owned(),
                source,
            };
            let reader = SerializedFileReader::new(file).map_err(parquet)?;
            let mut records = Vec::new();
            for (row_index, row) in reader.get_row_iter(None).map_err(parquet)?.enumerate() {
                let row = row.map_err(parquet)?;
                let schema = |what: &str| DatasetError::Schema {
                    path: path.to_owned(),
                    row: row_index,
                    what: what.to_owned(),
                };
                let outputs = row
                    .get_list(3)
                    .map_err(|_| schema("column 3 `outputs` is not a list"))?
                    .elements()
                    .iter()
                    .map(|field| match field {
                        Field::Long(value) => Ok(*value),
                        _ => Err(schema("`outputs` holds a non-int64 value")),
                    })
                    .collect::<Result<Vec<i64>, _>>()?;
                let non_negative = |value: i32, name: &str| {
                    u32::try_from(value).map_err(|_| schema(&format!("`{name}` is negative")))
                };
                records.push(ProgramRecord {
                    program: row
                        .get_string(0)
                        .map_err(|_| schema("column 0 `program` is not a string"))?
                        .clone(),
                    size: non_negative(
                        row.get_int(1)
                            .map_err(|_| schema("column 1 `size` is not int32"))?,
                        "size",
                    )?,
                    depth: non_negative(
                        row.get_int(2)
                            .map_err(|_| schema("column 2 `depth` is not int32"))?,
                        "depth",
                    )?,
                    outputs,
                });
            }
            Ok(records)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn records() -> Vec<ProgramRecord> {
        (0..1000)
            .map(|i| ProgramRecord {
                program: format!("(+ x {i})"),
                size: 3,
                depth: 2,
                outputs: (0..(i % 5))
                    .map(|j| i64::from(j) * i64::from(i) - 7)
                    .collect(),
            })
            .collect()
    }

    #[test]
    fn both_formats_round_trip() {
        let dir = std::env::temp_dir().join(format!("arithsynth-sets-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        for name in ["set.parquet", "set.jsonl"] {
            let path = dir.join(name);
            let mut writer = ProgramSetWriter::create(&path).unwrap();
            for record in records() {
                writer.write(&record).unwrap();
            }
            assert!(!path.exists());
            writer.finish().unwrap();
            assert_eq!(read_program_set(&path).unwrap(), records(), "{name}");
        }
        assert!(matches!(
            ProgramSetWriter::create(&dir.join("set.csv")),
            Err(DatasetError::UnknownFormat { .. })
        ));
        std::fs::write(
            dir.join("bad.jsonl"),
            "{\"program\": \"x\", \"size\": 1, \"depth\": 1, \"outputs\": []}\n{\"program\": 3}\n",
        )
        .unwrap();
        let err = read_program_set(&dir.join("bad.jsonl")).unwrap_err();
        assert!(err.to_string().contains("bad.jsonl:2:"), "{err}");
        std::fs::write(dir.join("bad.parquet"), b"PAR1 not really").unwrap();
        assert!(matches!(
            read_program_set(&dir.join("bad.parquet")),
            Err(DatasetError::Parquet { .. })
        ));
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
