//! Placeholder replaced by the CSV importer.
use std::path::Path;
/// Not yet available.
pub fn run(_data: &Path, _csv: &Path, _out: &Path) -> Result<(), String> {
    Err("import is not available yet".into())
}
