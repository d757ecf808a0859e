//! `feed import`: turns a spreadsheet of disclosures, saved as CSV files (one a sheet), into a
//! source file for `data/disclosures/`. docs/import.md is the guide for whoever fills it in, with
//! every sheet's columns (checked against [`SECTIONS`] by a test) and templates in docs/templates/.
//!
//! # The spreadsheet
//!
//! The main sheet has one row per enterprise × year × outlet × pollutant. Each list sheet
//! (hazardous waste, facilities, products, fugitive emissions: [`SECTIONS`]) has one row per item,
//! and names the item's record by the USCC, report year, report type and publication date, which
//! a main sheet must hold. A file is taken for the sheet whose columns it has most of.
//!
//! The first row holds the headers, in English
//! or Chinese (see [`COLUMNS`] and the other sheets' tables; case, surrounding spaces and `-` or a
//! space for `_` do not matter),
//! in any order. Unknown columns and missing required columns are errors; a required column also
//! needs a value in every row. A column without a header must be empty. Empty lines, and rows
//! whose cells are all empty, are skipped.
//!
//! Rows with the same (USCC, report year, report type, publication date) form one
//! [`DisclosureRecord`]; the record and enterprise columns must agree across them. Within a record,
//! rows with the same outlet code form one [`Outlet`]; the outlet columns must agree too. Records,
//! outlets and pollutants keep the order in which they first appear. The record id is
//! `<enterprise_id>-<year>-annual`, or `<enterprise_id>-<year>-temporary-<published_on>`.
//!
//! Cell formats:
//!
//! - numbers: `1234.5`, `1,234.5` (thousands separators), `1E-04`, full-width digits `１２`; a
//!   decimal comma (`1,5`) is refused;
//! - dates: `2024-03-05` or `2024/3/5` as Excel writes them;
//! - a concentration: a number; `ND`, `N.D.` or `未检出` with the detection limit in its own
//!   column; or `<0.001` / `0.001L`, meaning not detected with that detection limit;
//! - the disclosure basis: one or more values separated by `;`, `；` or `、`;
//! - choices (report type, trigger, medium, frequency, precision, discharge mode, statistic, risk
//!   level, yes/no, waste disposal, facility state, capacity unit): the feed's English name or a
//!   Chinese spelling, listed in the `choices` module.
//!
//! Every cell is checked as far as it can be without the reference data: numbers, dates, units and
//! their kind (a concentration fitting the outlet's medium, or an annual quantity), CAS check
//! digits, USCC check characters, outlet codes and their medium, list entries 1–14, choices, and
//! whether a report's type and trigger agree; on the list sheets the waste category and code, a
//! facility's capacity and outlet with the rules of `feed validate` (shared, not copied). Every
//! error is reported, not just the first, with its file, row and column, in English and Chinese.
//!
//! # Limits
//!
//! - The spreadsheet carries outlets and pollutant readings, and the format standard's fields:
//!   per record the legal representative, the monitoring plan (runs planned and completed), the
//!   emergency plan's filing number and date and the risk level; per outlet the discharge mode
//!   (direct/indirect, organised/fugitive) and the year's volume in m³; per reading whether the
//!   value is a mean or a maximum, and its sample count; and, on the list sheets, hazardous waste
//!   (category, 8-digit code, quantities generated, transferred, stored, utilised and disposed,
//!   receiver, disposal), treatment facilities (name, medium, process, capacity, state, outlet),
//!   products with their capacity, and fugitive emissions (where, what, the boundary
//!   concentration, the year's estimate). Every imported record has no permit, no toxic raw
//!   materials, no clean-production audit, no penalties and no provenance note; the file has no
//!   obligation lists. Add those to the JSON by hand.
//! - Industry, district and zone ids, limit ids, the city bounds and whether a CAS number belongs
//!   to its list entry need the reference data: [`run`] checks them with the same rules as
//!   `feed validate` and prints what it finds as warnings, but writes the file all the same.
//! - Decoding tries UTF-8 (with or without a BOM), then GB18030. UTF-16 ("Unicode text") is
//!   refused with a hint.
//! - Row numbers count lines as a spreadsheet shows rows: a line break inside a quoted cell does
//!   not start a new row.
//!
//! [`DisclosureRecord`]: portal_core::feed::disclosure::DisclosureRecord
//! [`Outlet`]: portal_core::feed::disclosure::Outlet

mod cells;
mod choices;
mod files;
mod header;
mod lists;
mod records;
mod row;

pub use header::{
    COLUMNS, Column, FACILITY_COLUMNS, FUGITIVE_COLUMNS, PRODUCT_COLUMNS, SECTIONS, Section, SheetKind, WASTE_COLUMNS,
};

use crate::{clock, load};
use files::{RowNumbers, decode, write_atomically};
use header::Sheet;
use lists::parse_item;
use portal_core::feed::disclosure::DisclosureFile;
use portal_core::feed::validate::validate_disclosures;
use records::Records;
use row::{Row, parse_row};
use std::fmt;
use std::fs;
use std::path::{Path, PathBuf};

/// One problem in a spreadsheet, located by row and column.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportError {
    /// The file, as named to [`import_csv`].
    pub file: String,
    /// The row as a spreadsheet numbers it (the header is row 1); 0 for the file as a whole.
    pub row: usize,
    /// The column's header as written in the file, or the English name of a missing column;
    /// empty when the problem concerns a whole row or the file.
    pub column: String,
    /// What is wrong.
    pub message: String,
}

impl fmt::Display for ImportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (self.row, self.column.is_empty()) {
            (0, _) => write!(f, "{}: {}", self.file, self.message),
            (row, true) => write!(f, "{}: row {row}: {}", self.file, self.message),
            (row, false) => write!(f, "{}: row {row}, column \"{}\": {}", self.file, self.column, self.message),
        }
    }
}

/// Imports the spreadsheet's sheets, each saved as a CSV file, into the disclosure source file
/// `out`.
///
/// On success the file is written atomically (a temporary file beside it, then a rename) and a
/// summary is printed. On any error every error is printed to stderr, nothing is written, and the
/// error count is returned. Findings against the reference data under `data_dir` are printed as
/// warnings and do not stop the import.
pub fn run(data_dir: &Path, csvs: &[PathBuf], out: &Path) -> Result<(), String> {
    let mut files = Vec::new();
    for csv in csvs {
        let name = csv.display().to_string();
        let bytes = fs::read(csv).map_err(|e| format!("cannot read {name}: {e}"))?;
        files.push((name, bytes));
    }
    let named: Vec<(&str, &[u8])> = files.iter().map(|(n, b)| (n.as_str(), b.as_slice())).collect();
    let names = files.iter().map(|(n, _)| n.as_str()).collect::<Vec<_>>().join(", ");
    let file = import_csvs(&named).map_err(|errors| {
        for e in &errors {
            eprintln!("error: {e}");
        }
        format!("{} error(s) in {names}; nothing was written", errors.len())
    })?;
    warn_against_reference(data_dir, out, &file);
    let mut json = serde_json::to_string_pretty(&file).map_err(|e| format!("cannot serialise the records: {e}"))?;
    json.push('\n');
    write_atomically(out, json.as_bytes()).map_err(|e| format!("cannot write {}: {e}", out.display()))?;
    let rows: usize = file.records.iter().flat_map(|r| &r.outlets).map(|o| o.pollutants.len()).sum();
    let items: usize = file
        .records
        .iter()
        .map(|r| r.hazardous_waste.len() + r.facilities.len() + r.products.len() + r.fugitive_emissions.len())
        .sum();
    println!(
        "{}: {} record(s), {rows} reading(s) and {items} list item(s) from {names}",
        out.display(),
        file.records.len()
    );
    Ok(())
}

/// Parses a spreadsheet saved as CSV (UTF-8 with or without BOM, or GB18030) into a disclosure
/// file: [`import_csvs`] with the main sheet alone.
pub fn import_csv(file_name: &str, bytes: &[u8]) -> Result<DisclosureFile, Vec<ImportError>> {
    import_csvs(&[(file_name, bytes)])
}

/// Parses the sheets of a spreadsheet, each saved as CSV, into a disclosure file. Each file is
/// told apart by its headers (see [`SECTIONS`]); one at least must be the main sheet, and every
/// row of a list sheet must name a record of a main sheet. File names are only used in error
/// messages. Returns every error found.
pub fn import_csvs(files: &[(&str, &[u8])]) -> Result<DisclosureFile, Vec<ImportError>> {
    let mut errors = Vec::new();
    let mut sheets = Vec::new();
    for &(name, bytes) in files {
        match open(name, bytes) {
            Ok((opened, mut e)) => {
                errors.append(&mut e);
                sheets.push(opened);
            }
            Err(mut e) => errors.append(&mut e),
        }
    }
    let (main, lists): (Vec<_>, Vec<_>) = sheets.iter().partition(|s| s.sheet.section.kind == SheetKind::Readings);
    if main.is_empty() && errors.is_empty() {
        let names = files.iter().map(|(n, _)| *n).collect::<Vec<_>>().join(", ");
        errors.push(ImportError {
            file: names,
            row: 0,
            column: String::new(),
            message:
                "no main sheet (the readings, with the record, outlet and pollutant columns) / 缺少主表（监测数据）"
                    .into(),
        });
    }
    let lists = if main.is_empty() { Vec::new() } else { lists };
    let mut records = Records::default();
    for s in main {
        s.each_row(&mut errors, |row, errors| {
            if let Some(parsed) = parse_row(row) {
                records.add(&s.sheet, parsed, errors);
            }
        });
    }
    for s in lists {
        s.each_row(&mut errors, |row, errors| {
            if let Some(parsed) = parse_item(row) {
                records.attach(&s.sheet, parsed, errors);
            }
        });
    }
    if errors.is_empty() {
        Ok(DisclosureFile { records: records.finish(), obligations: Vec::new() })
    } else {
        Err(errors)
    }
}

/// A sheet's file, decoded, with its header row read.
struct Opened {
    sheet: Sheet,
    text: String,
    /// Whether the header row had no errors.
    clean_header: bool,
}

/// Decodes a file and reads its header row; errors in the header are reported, but the rows are
/// still read (and checked) unless the file cannot be read at all.
fn open(file_name: &str, bytes: &[u8]) -> Result<(Opened, Vec<ImportError>), Vec<ImportError>> {
    let file_error =
        |message: String| vec![ImportError { file: file_name.to_owned(), row: 0, column: String::new(), message }];
    let text = decode(bytes).map_err(file_error)?;
    let mut reader = csv::ReaderBuilder::new().flexible(true).from_reader(text.as_bytes());
    let header = reader.headers().map_err(|e| file_error(e.to_string()))?.clone();
    if header.iter().all(|h| h.trim().is_empty()) {
        return Err(file_error("the file is empty: expected a header row / 文件为空，第一行应为表头".into()));
    }
    let (sheet, errors) = Sheet::read(file_name, &header);
    Ok((Opened { sheet, text, clean_header: errors.is_empty() }, errors))
}

impl Opened {
    /// Hands every data row to `each`, numbered as a spreadsheet shows it; reports the file's
    /// CSV errors and a file with no rows.
    fn each_row(&self, errors: &mut Vec<ImportError>, mut each: impl FnMut(&mut Row, &mut Vec<ImportError>)) {
        let mut reader = csv::ReaderBuilder::new().flexible(true).from_reader(self.text.as_bytes());
        let mut rows = RowNumbers::new(&self.text);
        let mut data_rows = 0;
        let errors_before = errors.len();
        for result in reader.records() {
            let cells = match result {
                Ok(cells) => cells,
                Err(e) => {
                    let row = e.position().map_or(0, |p| rows.row_at(p.byte()));
                    errors.push(self.sheet.error_at(row, String::new(), e.to_string()));
                    continue;
                }
            };
            let number = cells.position().map_or(0, |p| rows.row_at(p.byte()));
            rows.count_breaks_inside(&cells);
            if cells.iter().all(|c| c.trim().is_empty()) {
                continue;
            }
            data_rows += 1;
            let mut row = Row { sheet: &self.sheet, number, cells: &cells, errors: Vec::new() };
            let mut found = Vec::new();
            each(&mut row, &mut found);
            errors.append(&mut row.errors);
            errors.append(&mut found);
        }
        if data_rows == 0 && self.clean_header && errors.len() == errors_before {
            errors.push(self.sheet.error_at(
                0,
                String::new(),
                "the file has a header but no rows / 文件只有表头，没有数据行".into(),
            ));
        }
    }
}

/// Checks the imported records against the reference data, as `feed validate` will, and prints
/// what it finds as warnings.
fn warn_against_reference(data_dir: &Path, out: &Path, file: &DisclosureFile) {
    let Some(reference) = load::load(data_dir).reference else {
        eprintln!(
            "warning: cannot read the reference data under {}; industry, district, zone and limit ids were not checked",
            data_dir.display()
        );
        return;
    };
    let files = [(out.display().to_string(), file.clone())];
    for e in validate_disclosures(&reference, &files, clock::current_year()) {
        eprintln!("warning: {e}");
    }
}
