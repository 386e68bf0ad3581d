//! One input/output example: what a user gives, what a task file holds.

/// One input/output example: a value per variable, and the output a
/// program must give on them.
///
/// ```
/// use arithsynth::Example;
/// let example = Example::new([3, 4], 25);
/// assert_eq!(example.inputs, [3, 4]);
/// assert_eq!(example.output, 25);
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Example {
    /// One value per variable, in the variables' order.
    pub inputs: Vec<i64>,
    /// The expected output.
    pub output: i64,
}

impl Example {
    /// An example from its inputs and output.
    #[must_use]
    pub fn new(inputs: impl Into<Vec<i64>>, output: i64) -> Example {
        Example {
            inputs: inputs.into(),
            output,
        }
    }
}

impl<I: AsRef<[i64]>> From<(I, i64)> for Example {
    fn from((inputs, output): (I, i64)) -> Example {
        Example {
            inputs: inputs.as_ref().to_vec(),
            output,
        }
    }
}
