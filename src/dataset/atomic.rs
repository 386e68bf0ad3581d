//! Files that appear whole or not at all.

use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

use super::DatasetError;

/// A file written under a temporary name in the target's directory and
/// renamed over the target by [`AtomicFile::commit`]. Dropped without a
/// commit (an error, a panic, an interrupted run), it removes the temporary
/// file and leaves the target as it was.
///
/// ```
/// use std::io::Write;
/// use arithsynth::dataset::AtomicFile;
/// let path = std::env::temp_dir().join(format!("arithsynth-atomic-{}.txt", std::process::id()));
/// let mut file = AtomicFile::create(&path)?;
/// writeln!(file.writer(), "hello")?;
/// assert!(!path.exists()); // not there until committed
/// file.commit()?;
/// assert_eq!(std::fs::read_to_string(&path)?, "hello\n");
/// # std::fs::remove_file(&path)?;
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug)]
pub struct AtomicFile {
    target: PathBuf,
    temp: PathBuf,
    writer: Option<BufWriter<File>>,
}

impl AtomicFile {
    /// Opens a temporary file beside `target`.
    ///
    /// # Errors
    ///
    /// [`DatasetError::Io`] naming the temporary file when it cannot be
    /// created (no such directory, no permission).
    pub fn create(target: &Path) -> Result<AtomicFile, DatasetError> {
        static COUNTER: AtomicU64 = AtomicU64::new(0);
        let name = target
            .file_name()
            .map_or_else(|| "out".into(), |n| n.to_string_lossy().into_owned());
        let temp = target.with_file_name(format!(
            ".{name}.tmp-{}-{}",
            std::process::id(),
            COUNTER.fetch_add(1, Ordering::Relaxed)
        ));
        let file = File::create(&temp).map_err(|source| DatasetError::Io {
            path: temp.clone(),
            source,
        })?;
        Ok(AtomicFile {
            target: target.to_owned(),
            temp,
            writer: Some(BufWriter::with_capacity(1 << 16, file)),
        })
    }

    /// The file to write to.
    ///
    /// # Panics
    ///
    /// Never: the writer is there until `commit` consumes `self`.
    pub fn writer(&mut self) -> &mut BufWriter<File> {
        self.writer.as_mut().expect("present until commit")
    }

    /// The path being written, for error messages.
    #[must_use]
    pub fn path(&self) -> &Path {
        &self.target
    }

    /// Flushes, syncs and renames over the target.
    ///
    /// # Errors
    ///
    /// [`DatasetError::Io`] when flushing, syncing or renaming fails; the
    /// temporary file is then removed.
    pub fn commit(mut self) -> Result<(), DatasetError> {
        let io = |source| DatasetError::Io {
            path: self.target.clone(),
            source,
        };
        let writer = self.writer.take().expect("present until commit");
        let file = writer.into_inner().map_err(|err| io(err.into_error()))?;
        file.sync_all().map_err(io)?;
        drop(file);
        std::fs::rename(&self.temp, &self.target).map_err(io)?;
        Ok(())
    }
}

impl Drop for AtomicFile {
    fn drop(&mut self) {
        if let Some(mut writer) = self.writer.take() {
            let _ = writer.flush();
            drop(writer);
            let _ = std::fs::remove_file(&self.temp);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dropped_without_commit_leaves_nothing() {
        let dir =
            std::env::temp_dir().join(format!("arithsynth-atomic-test-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let target = dir.join("data.jsonl");
        std::fs::write(&target, "old").unwrap();
        {
            let mut file = AtomicFile::create(&target).unwrap();
            file.writer().write_all(b"half of something").unwrap();
        }
        assert_eq!(std::fs::read_to_string(&target).unwrap(), "old");
        assert_eq!(
            std::fs::read_dir(&dir).unwrap().count(),
            1,
            "temporary file left behind"
        );
        assert!(matches!(
            AtomicFile::create(&dir.join("missing/dir/x")),
            Err(DatasetError::Io { .. })
        ));
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
