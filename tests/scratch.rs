//! A folder of a test's own, removed when dropped (also when the test
//! fails). Shared by the crate's integration tests and the command line's
//! (`#[path]`).

use std::path::{Path, PathBuf};

/// A folder under the system's temporary directory, removed on drop.
pub struct Scratch(PathBuf);

impl std::ops::Deref for Scratch {
    type Target = Path;
    fn deref(&self) -> &Path {
        &self.0
    }
}

impl AsRef<Path> for Scratch {
    fn as_ref(&self) -> &Path {
        &self.0
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        // a test that removed it already is fine
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// A new folder named after `prefix`, the test's `name` and the process.
pub fn temp_dir(prefix: &str, name: &str) -> Scratch {
    let dir = std::env::temp_dir().join(format!("{prefix}-{name}-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    Scratch(dir)
}
