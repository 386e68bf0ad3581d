//! Batches of input rows, stored by column.

use smallvec::SmallVec;

use super::program::MAX_VARS;

/// A batch of input rows stored column by column (one column per variable),
/// the layout the compiled interpreter reads.
///
/// ```
/// use arithsynth::Inputs;
/// let inputs = Inputs::from_rows(2, [[1, 10], [2, 20], [3, 30]])?;
/// assert_eq!(inputs.len(), 3);
/// assert_eq!(inputs.column(1), &[10, 20, 30]);
/// assert_eq!(inputs.row(2).as_slice(), &[3, 30]);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Hash, Default)]
pub struct Inputs {
    num_vars: usize,
    len: usize,
    data: Vec<i64>,
}

impl Inputs {
    /// A batch from rows of `num_vars` values each.
    ///
    /// # Errors
    ///
    /// [`InputsError`] when `num_vars > MAX_VARS` or a row has another length.
    pub fn from_rows<I, R>(num_vars: usize, rows: I) -> Result<Inputs, InputsError>
    where
        I: IntoIterator<Item = R>,
        R: AsRef<[i64]>,
    {
        if num_vars > MAX_VARS {
            return Err(InputsError::TooManyVars(num_vars));
        }
        let mut columns: SmallVec<[Vec<i64>; MAX_VARS]> =
            (0..num_vars).map(|_| Vec::new()).collect();
        let mut len = 0;
        for (index, row) in rows.into_iter().enumerate() {
            let row = row.as_ref();
            if row.len() != num_vars {
                return Err(InputsError::RowLength {
                    row: index,
                    expected: num_vars,
                    got: row.len(),
                });
            }
            for (column, &value) in columns.iter_mut().zip(row) {
                column.push(value);
            }
            len += 1;
        }
        Ok(Inputs {
            num_vars,
            len,
            data: columns.concat(),
        })
    }

    /// A batch from columns, one per variable, all of one length.
    ///
    /// # Errors
    ///
    /// [`InputsError`] when there are more than `MAX_VARS` columns or their
    /// lengths differ.
    pub fn from_columns<I, C>(columns: I) -> Result<Inputs, InputsError>
    where
        I: IntoIterator<Item = C>,
        C: AsRef<[i64]>,
    {
        let mut data = Vec::new();
        let mut num_vars = 0;
        let mut len = None;
        for column in columns {
            let column = column.as_ref();
            num_vars += 1;
            if num_vars > MAX_VARS {
                return Err(InputsError::TooManyVars(num_vars));
            }
            let expected = *len.get_or_insert(column.len());
            if column.len() != expected {
                return Err(InputsError::ColumnLength {
                    column: num_vars - 1,
                    expected,
                    got: column.len(),
                });
            }
            data.extend_from_slice(column);
        }
        Ok(Inputs {
            num_vars,
            len: len.unwrap_or(0),
            data,
        })
    }

    /// Number of rows.
    #[must_use]
    pub fn len(&self) -> usize {
        self.len
    }

    /// Whether there are no rows.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// Number of variables (columns).
    #[must_use]
    pub fn num_vars(&self) -> usize {
        self.num_vars
    }

    /// The column of variable `var`.
    ///
    /// # Panics
    ///
    /// When `var >= self.num_vars()`.
    #[must_use]
    pub fn column(&self, var: usize) -> &[i64] {
        assert!(var < self.num_vars, "variable {var} of {}", self.num_vars);
        &self.data[var * self.len..(var + 1) * self.len]
    }

    /// Every column, in variable order.
    #[must_use]
    pub fn columns(&self) -> SmallVec<[&[i64]; MAX_VARS]> {
        (0..self.num_vars).map(|var| self.column(var)).collect()
    }

    /// Row `index`, one value per variable.
    ///
    /// # Panics
    ///
    /// When `index >= self.len()`.
    #[must_use]
    pub fn row(&self, index: usize) -> SmallVec<[i64; MAX_VARS]> {
        assert!(index < self.len, "row {index} of {}", self.len);
        (0..self.num_vars)
            .map(|var| self.data[var * self.len + index])
            .collect()
    }

    /// Every row, in order.
    pub fn rows(&self) -> impl Iterator<Item = SmallVec<[i64; MAX_VARS]>> + '_ {
        (0..self.len).map(|index| self.row(index))
    }
}

/// Why rows or columns do not form an [`Inputs`] batch.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum InputsError {
    /// More variables than [`MAX_VARS`].
    #[error("{0} variables, at most {MAX_VARS} are allowed")]
    TooManyVars(usize),
    /// A row of the wrong length.
    #[error("row {row} has {got} values, expected {expected}")]
    RowLength {
        /// The row's index.
        row: usize,
        /// Values expected.
        expected: usize,
        /// Values given.
        got: usize,
    },
    /// A column of another length than the first.
    #[error("column {column} has {got} values, expected {expected}")]
    ColumnLength {
        /// The column's index.
        column: usize,
        /// Length of the first column.
        expected: usize,
        /// Its length.
        got: usize,
    },
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rows_and_columns_agree() {
        let by_rows = Inputs::from_rows(2, [[1, 2], [3, 4]]).unwrap();
        let by_columns = Inputs::from_columns([[1, 3], [2, 4]]).unwrap();
        assert_eq!(by_rows, by_columns);
        assert_eq!(
            by_rows.rows().map(|r| r.to_vec()).collect::<Vec<_>>(),
            [[1, 2], [3, 4]]
        );
        assert_eq!(Inputs::from_rows(0, [[0i64; 0]; 3]).unwrap().len(), 3);
    }

    #[test]
    fn shape_errors() {
        assert_eq!(
            Inputs::from_rows(2, [vec![1, 2], vec![3]]),
            Err(InputsError::RowLength {
                row: 1,
                expected: 2,
                got: 1
            })
        );
        assert_eq!(
            Inputs::from_columns([vec![1, 2], vec![3]]),
            Err(InputsError::ColumnLength {
                column: 1,
                expected: 2,
                got: 1
            })
        );
        assert_eq!(
            Inputs::from_rows(9, [[0i64; 9]]),
            Err(InputsError::TooManyVars(9))
        );
    }
}
