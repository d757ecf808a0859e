//! The spreadsheet as a file: decoding its bytes, numbering its rows as a spreadsheet shows them,
//! and writing the imported source file atomically.

use csv::StringRecord;
use std::fs;
use std::io::{self, Write};
use std::path::Path;

/// Decodes UTF-8 (dropping a BOM) or, failing that, GB18030.
pub(super) fn decode(bytes: &[u8]) -> Result<String, String> {
    if bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]) {
        return Err("the file is UTF-16 (\"Unicode text\"); save it as \"CSV UTF-8\" instead".into());
    }
    if let Ok(text) = std::str::from_utf8(bytes) {
        return Ok(text.strip_prefix('\u{feff}').unwrap_or(text).to_owned());
    }
    let (text, had_errors) = encoding_rs::GB18030.decode_without_bom_handling(bytes);
    if had_errors || text.contains('\0') {
        return Err("the file is neither UTF-8 nor GB18030 text; save it as \"CSV UTF-8\"".into());
    }
    Ok(text.into_owned())
}

/// Writes `bytes` to a temporary file beside `path`, then renames it over `path`.
pub(super) fn write_atomically(path: &Path, bytes: &[u8]) -> io::Result<()> {
    let name = path.file_name().ok_or_else(|| io::Error::new(io::ErrorKind::InvalidInput, "not a file path"))?;
    let dir = path.parent().filter(|d| !d.as_os_str().is_empty()).unwrap_or(Path::new("."));
    let tmp = dir.join(format!(".{}.{}.tmp", name.to_string_lossy(), std::process::id()));
    let result = (|| {
        let mut f = fs::File::create(&tmp)?;
        f.write_all(bytes)?;
        f.sync_all()?;
        fs::rename(&tmp, path)
    })();
    if result.is_err() {
        let _ = fs::remove_file(&tmp);
    }
    result
}

/// Turns byte offsets of records into spreadsheet row numbers.
pub(super) struct RowNumbers<'t> {
    text: &'t str,
    /// Byte offset and line number of the last position looked up.
    byte: usize,
    line: usize,
    /// Line breaks inside quoted cells so far: a spreadsheet shows them inside one row.
    breaks_in_cells: usize,
}

impl<'t> RowNumbers<'t> {
    pub(super) fn new(text: &'t str) -> Self {
        RowNumbers { text, byte: 0, line: 1, breaks_in_cells: 0 }
    }

    /// The row of a record that the CSV reader places at byte `at`. The reader places a record at
    /// the end of the previous one, before any blank lines, so line breaks are skipped first.
    pub(super) fn row_at(&mut self, at: u64) -> usize {
        let at = usize::try_from(at).unwrap_or(usize::MAX).min(self.text.len());
        let rest = self.text.get(at..).unwrap_or("");
        let start = at + (rest.len() - rest.trim_start_matches(['\r', '\n']).len());
        if start >= self.byte {
            self.line += self.text.get(self.byte..start).unwrap_or("").matches('\n').count();
            self.byte = start;
        }
        self.line - self.breaks_in_cells
    }

    /// Counts the line breaks inside the cells of a record just read.
    pub(super) fn count_breaks_inside(&mut self, cells: &StringRecord) {
        self.breaks_in_cells += cells.iter().map(|c| c.matches('\n').count()).sum::<usize>();
    }
}
