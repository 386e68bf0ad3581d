//! Deterministic shards: work that outgrows one machine, split so that the
//! pieces put back together give the single-machine result.
//!
//! A [`Shard`] is "part `index` of `count`" (written `I/N`, from 0).
//!
//! - **Tasks** go by position: task `k` of a file (0-based, in file order,
//!   blank lines not counted) belongs to shard `k mod N`
//!   ([`Shard::tasks`]). Each shard keeps its tasks in file order, so the
//!   result of task `k` is line `k / N` of shard `k mod N`'s results.
//! - **Programs** of an enumeration go by a stable hash of their
//!   S-expression text ([`Shard::contains_program`], [`program_hash`]:
//!   64-bit FNV-1a over the UTF-8 bytes, taken mod `N`), so every program
//!   is in exactly one shard, whatever machine or order produced it, and
//!   anyone can check a file's membership from its `program` column. Each
//!   shard still runs the whole enumeration (bottom-up enumeration needs
//!   every smaller program to judge what is new); what it splits is the
//!   output, not the search.
//!
//! ```
//! use arithsynth::dataset::shard::Shard;
//!
//! let shard: Shard = "1/3".parse()?;
//! assert_eq!(shard.tasks(vec!["a", "b", "c", "d", "e"]), ["b", "e"]);
//! let programs = ["x", "(+ x 1)", "(* x x)", "(div x 2)"];
//! let owners: Vec<usize> = programs
//!     .iter()
//!     .map(|p| (0..3).filter(|&i| Shard::new(i, 3).is_ok_and(|s| s.contains_program(p))).count())
//!     .collect();
//! assert_eq!(owners, [1, 1, 1, 1]); // each program in exactly one shard
//! assert!("3/3".parse::<Shard>().is_err());
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use std::fmt;
use std::str::FromStr;

/// A shard that cannot be: a count of 0, an index past the count, or text
/// that is not `I/N`.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum ShardError {
    /// The count is 0.
    #[error("shard count 0: there must be at least one shard")]
    NoShards,
    /// The index is not below the count.
    #[error("shard index {index} is not below the count {count} (indices start at 0)")]
    IndexOutOfRange {
        /// The index given.
        index: usize,
        /// The count given.
        count: usize,
    },
    /// Text that is not `I/N` with two non-negative integers.
    #[error("shard `{0}` is not of the form I/N (e.g. 0/4)")]
    Syntax(String),
}

/// Part `index` of `count`; see the [module docs](self).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Shard {
    index: usize,
    count: usize,
}

impl Default for Shard {
    /// The whole: shard 0 of 1.
    fn default() -> Shard {
        Shard { index: 0, count: 1 }
    }
}

impl Shard {
    /// Shard `index` of `count`, indices from 0.
    ///
    /// # Errors
    ///
    /// [`ShardError`] when `count` is 0 or `index >= count`.
    pub fn new(index: usize, count: usize) -> Result<Shard, ShardError> {
        if count == 0 {
            return Err(ShardError::NoShards);
        }
        if index >= count {
            return Err(ShardError::IndexOutOfRange { index, count });
        }
        Ok(Shard { index, count })
    }

    /// Its index, from 0.
    #[must_use]
    pub fn index(self) -> usize {
        self.index
    }

    /// How many shards there are.
    #[must_use]
    pub fn count(self) -> usize {
        self.count
    }

    /// Whether the task at `position` (0-based, in file order) is in this
    /// shard: `position mod count == index`.
    #[must_use]
    pub fn contains_task(self, position: usize) -> bool {
        position % self.count == self.index
    }

    /// This shard's tasks (or anything in task order), in their order.
    #[must_use]
    pub fn tasks<T>(self, tasks: Vec<T>) -> Vec<T> {
        tasks
            .into_iter()
            .enumerate()
            .filter(|(position, _)| self.contains_task(*position))
            .map(|(_, task)| task)
            .collect()
    }

    /// Whether the program with this S-expression text is in this shard:
    /// `program_hash(text) mod count == index`.
    #[must_use]
    pub fn contains_program(self, text: &str) -> bool {
        // count fits in u64 on every platform Rust supports; the remainder
        // is below count, so it fits back in usize
        let count = self.count as u64;
        usize::try_from(program_hash(text) % count).is_ok_and(|owner| owner == self.index)
    }
}

/// The stable hash that places programs in shards: 64-bit FNV-1a over the
/// UTF-8 bytes of the S-expression. Fixed forever: changing it moves
/// programs between shards of existing data sets.
#[must_use]
pub fn program_hash(text: &str) -> u64 {
    const OFFSET: u64 = 0xcbf2_9ce4_8422_2325;
    const PRIME: u64 = 0x0000_0100_0000_01b3;
    text.bytes().fold(OFFSET, |hash, byte| {
        (hash ^ u64::from(byte)).wrapping_mul(PRIME)
    })
}

impl fmt::Display for Shard {
    /// `I/N`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}/{}", self.index, self.count)
    }
}

impl FromStr for Shard {
    type Err = ShardError;

    /// Reads `I/N`, e.g. `0/4`.
    fn from_str(text: &str) -> Result<Shard, ShardError> {
        let syntax = || ShardError::Syntax(text.to_owned());
        let (index, count) = text.split_once('/').ok_or_else(syntax)?;
        let index = index.trim().parse().map_err(|_| syntax())?;
        let count = count.trim().parse().map_err(|_| syntax())?;
        Shard::new(index, count)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::enumerate::Enumerator;
    use crate::{Grammar, Vars};

    #[test]
    fn fnv1a_reference_values() {
        // the published FNV-1a 64 test vectors
        assert_eq!(program_hash(""), 0xcbf2_9ce4_8422_2325);
        assert_eq!(program_hash("a"), 0xaf63_dc4c_8601_ec8c);
        assert_eq!(program_hash("foobar"), 0x8594_4171_f739_67e8);
    }

    #[test]
    fn parse_and_errors() {
        assert_eq!("2/5".parse::<Shard>(), Shard::new(2, 5));
        assert_eq!(" 0 / 1 ".parse::<Shard>(), Ok(Shard::default()));
        assert_eq!("1/0".parse::<Shard>(), Err(ShardError::NoShards));
        assert_eq!(
            "4/4".parse::<Shard>(),
            Err(ShardError::IndexOutOfRange { index: 4, count: 4 })
        );
        for bad in ["", "3", "a/2", "-1/2", "1/2/3"] {
            assert_eq!(
                bad.parse::<Shard>(),
                Err(ShardError::Syntax(bad.to_owned())),
                "{bad}"
            );
        }
        assert_eq!(Shard::new(3, 7).map(|s| s.to_string()), Ok("3/7".into()));
    }

    #[test]
    fn task_shards_interleave_back_to_the_whole() {
        let tasks: Vec<usize> = (0..23).collect();
        for count in 1..6 {
            let shards: Vec<Vec<usize>> = (0..count)
                .map(|i| Shard::new(i, count).expect("valid").tasks(tasks.clone()))
                .collect();
            let mut merged = Vec::new();
            for position in 0..tasks.len() {
                merged.push(shards[position % count][position / count]);
            }
            assert_eq!(merged, tasks);
        }
    }

    #[test]
    fn program_shards_partition_an_enumeration() {
        let grammar = Grammar::new(Vars::new(["x", "y"]).expect("valid names"));
        let enumeration = Enumerator::new(grammar)
            .max_size(5)
            .start()
            .expect("starts");
        let vars = enumeration.vars().clone();
        let texts: Vec<String> = enumeration
            .into_programs()
            .iter()
            .map(|p| p.sexpr(&vars).to_string())
            .collect();
        assert!(texts.len() > 100);
        for count in [1, 2, 3, 7] {
            let mut union: Vec<&String> = Vec::new();
            for index in 0..count {
                let shard = Shard::new(index, count).expect("valid");
                let part: Vec<&String> =
                    texts.iter().filter(|t| shard.contains_program(t)).collect();
                if count > 1 {
                    assert!(part.len() < texts.len(), "shard {shard} holds everything");
                }
                union.extend(part);
            }
            assert_eq!(union.len(), texts.len(), "no duplicates, nothing lost");
            union.sort();
            let mut all: Vec<&String> = texts.iter().collect();
            all.sort();
            assert_eq!(union, all);
        }
    }
}
