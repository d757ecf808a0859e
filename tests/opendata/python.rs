//! Runs `tests/opendata/check.py` with the Python of `target/py-venv` (made by `cargo xtask
//! setup` from `tests/opendata/requirements.txt`), so that the portal's open-data files are read
//! by readers the project did not write: Python's csv module, pandas, frictionless, jsonschema,
//! rispy, citeproc-py, pybtex, feedparser, prometheus-client. Included by the test files that need it with `#[path]`.
//!
//! `PORTAL_PYTHON` names another interpreter with those packages.

#![allow(dead_code)] // Not every test file uses every helper.

use std::path::{Path, PathBuf};

/// The repository's root.
pub fn repo_root() -> PathBuf {
    let mut dir = Path::new(env!("CARGO_MANIFEST_DIR")).to_path_buf();
    while !dir.join("tests").join("opendata").join("check.py").is_file() {
        assert!(dir.pop(), "tests/opendata/check.py not found above {}", env!("CARGO_MANIFEST_DIR"));
    }
    dir
}

/// The interpreter with the third-party readers.
pub fn python() -> PathBuf {
    if let Some(p) = std::env::var_os("PORTAL_PYTHON") {
        return PathBuf::from(p);
    }
    let p = repo_root().join("target").join("py-venv").join("bin").join("python");
    assert!(
        p.is_file(),
        "{} is missing: the open-data tests read the files with Python packages that \
         `cargo xtask setup` installs (or set PORTAL_PYTHON to a Python that has the packages of \
         tests/opendata/requirements.txt)",
        p.display()
    );
    p
}

/// Runs `check.py <what> <dir>` and returns what it printed on its last line (JSON). Panics,
/// with the script's output, if any check in it failed.
pub fn check(what: &str, dir: &Path) -> serde_json::Value {
    let script = repo_root().join("tests").join("opendata").join("check.py");
    let out = std::process::Command::new(python())
        .arg(&script)
        .arg(what)
        .arg(dir)
        .output()
        .unwrap_or_else(|e| panic!("cannot run {}: {e}", python().display()));
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "check.py {what} failed:\n{stdout}\n{stderr}");
    let last = stdout.lines().last().unwrap_or_default();
    serde_json::from_str(last).unwrap_or_else(|e| panic!("check.py {what} printed no JSON ({e}):\n{stdout}"))
}

/// A fresh, empty temporary directory for one test, removed when dropped: also when the test
/// fails, so that no run leaves one behind.
pub fn scratch(name: &str) -> Scratch {
    let dir = std::env::temp_dir().join(format!("portal-opendata-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("creating a temporary directory");
    Scratch(dir)
}

/// See [`scratch`].
pub struct Scratch(PathBuf);

impl std::ops::Deref for Scratch {
    type Target = Path;
    fn deref(&self) -> &Path {
        &self.0
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}
