//! A placed program set's coordinates in both spaces, as Parquet beside the
//! programs: one row per program with its text, size, role in a split
//! (`train`, `test` or `other`), and columns `syntactic_0..` and
//! `semantic_0..`, ready for pandas or polars.

use std::path::Path;
use std::sync::Arc;

use parquet::basic::Compression;
use parquet::data_type::{ByteArray, ByteArrayType, DoubleType, Int32Type};
use parquet::file::properties::WriterProperties;
use parquet::file::writer::SerializedFileWriter;
use parquet::schema::parser::parse_message_type;

use super::split::{Placed, Split};
use super::{AtomicFile, DatasetError};
use crate::dsl::Vars;

/// Each program's role in `split`: `train`, `test` or `other`.
#[must_use]
pub fn roles(placed: &Placed, split: Option<&Split>) -> Vec<&'static str> {
    let mut roles = vec!["other"; placed.len()];
    if let Some(split) = split {
        split.train.iter().for_each(|&i| roles[i] = "train");
        split.test.iter().for_each(|&i| roles[i] = "test");
    }
    roles
}

/// Writes `placed`'s coordinates to `path` (Parquet, one row group), the
/// programs printed over `vars`, each with its role in `split`. Nothing
/// appears at the path unless the whole file is written.
///
/// # Errors
///
/// [`DatasetError`] when the file cannot be written.
pub fn write_coordinates(
    path: &Path,
    placed: &Placed,
    vars: &Vars,
    split: Option<&Split>,
) -> Result<(), DatasetError> {
    let parquet = |source| DatasetError::Parquet {
        path: path.to_owned(),
        source,
    };
    let dims = |coords: &[Vec<f64>]| coords.first().map_or(0, Vec::len);
    let (syntactic, semantic) = (dims(&placed.syntactic), dims(&placed.semantic));
    let mut schema = String::from(
        "message coordinates { required binary program (UTF8); required int32 size; \
         required binary split (UTF8);",
    );
    for (name, n) in [("syntactic", syntactic), ("semantic", semantic)] {
        for d in 0..n {
            schema.push_str(&format!(" required double {name}_{d};"));
        }
    }
    schema.push_str(" }");
    let schema = Arc::new(parse_message_type(&schema).map_err(parquet)?);
    let props = Arc::new(
        WriterProperties::builder()
            .set_compression(Compression::SNAPPY)
            .build(),
    );
    let file = AtomicFile::create(path)?;
    let mut writer = SerializedFileWriter::new(file, schema, props).map_err(parquet)?;
    let programs: Vec<ByteArray> = placed
        .programs
        .iter()
        .map(|p| ByteArray::from(p.sexpr(vars).to_string().as_str()))
        .collect();
    let sizes: Vec<i32> = placed
        .programs
        .iter()
        .map(|p| i32::try_from(p.size()).unwrap_or(i32::MAX))
        .collect();
    let roles: Vec<ByteArray> = roles(placed, split)
        .into_iter()
        .map(ByteArray::from)
        .collect();
    let column = |coords: &[Vec<f64>], d: usize| -> Vec<f64> {
        coords
            .iter()
            .map(|row| row.get(d).copied().unwrap_or(0.0))
            .collect()
    };
    let mut row_group = writer.next_row_group().map_err(parquet)?;
    let mut index = 0;
    while let Some(mut writer) = row_group.next_column().map_err(parquet)? {
        match index {
            0 => writer
                .typed::<ByteArrayType>()
                .write_batch(&programs, None, None),
            1 => writer.typed::<Int32Type>().write_batch(&sizes, None, None),
            2 => writer
                .typed::<ByteArrayType>()
                .write_batch(&roles, None, None),
            i if i - 3 < syntactic => writer.typed::<DoubleType>().write_batch(
                &column(&placed.syntactic, i - 3),
                None,
                None,
            ),
            i => writer.typed::<DoubleType>().write_batch(
                &column(&placed.semantic, i - 3 - syntactic),
                None,
                None,
            ),
        }
        .map_err(parquet)?;
        writer.close().map_err(parquet)?;
        index += 1;
    }
    row_group.close().map_err(parquet)?;
    writer.into_inner().map_err(parquet)?.commit()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dataset::split::{split, SplitKind};
    use crate::dsl::{random::random_programs, Grammar};
    use parquet::file::reader::{FileReader, SerializedFileReader};
    use parquet::record::RowAccessor;

    #[test]
    fn coordinates_round_trip_through_parquet() {
        let vars = Vars::new(["x"]).unwrap();
        let grammar = Grammar::new(vars.clone());
        let mut programs = random_programs(&grammar, 5, 40, 1);
        programs.extend(random_programs(&grammar, 3, 20, 2));
        let placed = Placed::new(programs, 1, 3);
        let cut = split(&placed, SplitKind::Iid, 20, 10, 4).unwrap();
        let dir = std::env::temp_dir().join(format!("arithsynth-coords-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("coordinates.parquet");
        write_coordinates(&path, &placed, &vars, Some(&cut)).unwrap();
        let reader = SerializedFileReader::new(std::fs::File::open(&path).unwrap()).unwrap();
        let columns = reader
            .metadata()
            .file_metadata()
            .schema_descr()
            .num_columns();
        assert_eq!(columns, 3 + 3 + 3);
        let rows: Vec<_> = reader
            .get_row_iter(None)
            .unwrap()
            .map(Result::unwrap)
            .collect();
        assert_eq!(rows.len(), placed.len());
        let mut counts = [0; 3];
        for (i, row) in rows.iter().enumerate() {
            assert_eq!(
                row.get_string(0).unwrap(),
                &placed.programs[i].sexpr(&vars).to_string()
            );
            let role = row.get_string(2).unwrap().as_str();
            counts[["train", "test", "other"]
                .iter()
                .position(|r| *r == role)
                .unwrap()] += 1;
            assert_eq!(row.get_double(3).unwrap(), placed.syntactic[i][0]);
            assert_eq!(row.get_double(8).unwrap(), placed.semantic[i][2]);
        }
        assert_eq!(counts, [20, 10, placed.len() - 30]);
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
