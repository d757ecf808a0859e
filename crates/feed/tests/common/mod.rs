//! Shared fixtures for the feed compiler's tests: a temporary copy of the repository's real
//! `data/` tree, JSON edits of its files, and byte-for-byte snapshots of an output directory.

#![allow(dead_code)] // Not every test file uses every helper.

use serde_json::Value;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use tempfile::TempDir;

/// The repository's `data/` directory.
pub fn repo_data() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../data")
}

/// The path of the sample disclosures as the compiler names it in messages.
pub const SAMPLE: &str = "data/disclosures/sample.json";

/// Copies the regular files under `from` into `to`, recursively.
pub fn copy_tree(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap_or_else(|e| panic!("create {}: {e}", to.display()));
    for entry in std::fs::read_dir(from).unwrap_or_else(|e| panic!("list {}: {e}", from.display())) {
        let entry = entry.expect("directory entry");
        let (src, dst) = (entry.path(), to.join(entry.file_name()));
        if entry.file_type().expect("file type").is_dir() {
            copy_tree(&src, &dst);
        } else {
            std::fs::copy(&src, &dst).unwrap_or_else(|e| panic!("copy {}: {e}", src.display()));
        }
    }
}

/// A temporary directory holding a copy of the real sources in `<tmp>/<name>/{reference,disclosures}`
/// and room for an output directory `<tmp>/out`.
pub struct Fixture {
    pub dir: TempDir,
    pub data: PathBuf,
    pub out: PathBuf,
}

impl Fixture {
    /// A copy of the real sources under a directory called `data`.
    pub fn new() -> Self {
        Self::named("data")
    }

    /// A copy of the real sources under a directory called `name`.
    pub fn named(name: &str) -> Self {
        let dir = tempfile::tempdir().expect("create a temporary directory");
        let data = dir.path().join(name);
        copy_tree(&repo_data().join("reference"), &data.join("reference"));
        copy_tree(&repo_data().join("disclosures"), &data.join("disclosures"));
        let out = dir.path().join("out");
        Self { dir, data, out }
    }

    /// The path of a file under the data directory, e.g. `disclosures/sample.json`.
    pub fn path(&self, rel: &str) -> PathBuf {
        self.data.join(rel)
    }

    /// Reads a data file as JSON.
    pub fn read_json(&self, rel: &str) -> Value {
        read_json(&self.path(rel))
    }

    /// Writes a data file as JSON.
    pub fn write_json(&self, rel: &str, value: &Value) {
        let bytes = serde_json::to_vec_pretty(value).expect("serialise");
        std::fs::write(self.path(rel), bytes).expect("write a data file");
    }

    /// Edits a data file as JSON.
    pub fn edit_json(&self, rel: &str, edit: impl FnOnce(&mut Value)) {
        let mut value = self.read_json(rel);
        edit(&mut value);
        self.write_json(rel, &value);
    }
}

pub fn read_json(path: &Path) -> Value {
    let bytes = std::fs::read(path).unwrap_or_else(|e| panic!("read {}: {e}", path.display()));
    serde_json::from_slice(&bytes).unwrap_or_else(|e| panic!("parse {}: {e}", path.display()))
}

/// The value at a JSON pointer, which must exist.
pub fn at<'a>(value: &'a mut Value, pointer: &str) -> &'a mut Value {
    value.pointer_mut(pointer).unwrap_or_else(|| panic!("the fixture has no {pointer}"))
}

/// Sets the value at a JSON pointer, which must exist.
pub fn set(value: &mut Value, pointer: &str, new: Value) {
    *at(value, pointer) = new;
}

/// Every file under `dir` (hidden ones included) as relative path → bytes. A missing directory
/// is an empty snapshot.
pub fn snapshot(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    fn walk(root: &Path, dir: &Path, out: &mut BTreeMap<String, Vec<u8>>) {
        for entry in std::fs::read_dir(dir).unwrap_or_else(|e| panic!("list {}: {e}", dir.display())) {
            let entry = entry.expect("directory entry");
            let path = entry.path();
            if entry.file_type().expect("file type").is_dir() {
                walk(root, &path, out);
            } else {
                let rel = path.strip_prefix(root).expect("under the root").to_string_lossy().replace('\\', "/");
                out.insert(rel, std::fs::read(&path).unwrap_or_else(|e| panic!("read {}: {e}", path.display())));
            }
        }
    }
    let mut out = BTreeMap::new();
    if dir.exists() {
        walk(dir, dir, &mut out);
    }
    out
}

/// Describes how two snapshots differ, for assertion messages.
pub fn diff(before: &BTreeMap<String, Vec<u8>>, after: &BTreeMap<String, Vec<u8>>) -> String {
    let mut lines = Vec::new();
    for (k, v) in before {
        match after.get(k) {
            None => lines.push(format!("removed {k}")),
            Some(w) if w != v => lines.push(format!("changed {k}")),
            Some(_) => {}
        }
    }
    for k in after.keys().filter(|k| !before.contains_key(*k)) {
        lines.push(format!("added {k}"));
    }
    lines.join("\n")
}
