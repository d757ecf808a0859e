//! `feed import`: turns a spreadsheet of disclosures, saved as CSV, into a source file for
//! `data/disclosures/`.
//!
//! # The spreadsheet
//!
//! One row per enterprise × year × outlet × pollutant. The first row holds the headers, in English
//! or Chinese (see [`COLUMNS`]; case, surrounding spaces and `-` or a space for `_` do not matter),
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
//! - choices (report type, trigger, medium, frequency, precision, yes/no): the feed's English
//!   name or a Chinese spelling, listed in the tables below.
//!
//! Every cell is checked as far as it can be without the reference data: numbers, dates, units and
//! their kind (a concentration fitting the outlet's medium, or an annual quantity), CAS check
//! digits, USCC check characters, outlet codes and their medium, list entries 1–14, choices, and
//! whether a report's type and trigger agree. Every error is reported, not just the first.
//!
//! # Limits
//!
//! - The spreadsheet carries outlets and pollutant readings only. Every imported record has no
//!   permit, no toxic raw materials, no hazardous waste, no clean-production audit, no penalties
//!   and no provenance note; the file has no obligation lists. Add those to the JSON by hand.
//! - Industry, district and zone ids, limit ids, the city bounds and whether a CAS number belongs
//!   to its list entry need the reference data: [`run`] checks them with the same rules as
//!   `feed validate` and prints what it finds as warnings, but writes the file all the same.
//! - Decoding tries UTF-8 (with or without a BOM), then GB18030. UTF-16 ("Unicode text") is
//!   refused with a hint.
//! - Row numbers count lines as a spreadsheet shows rows: a line break inside a quoted cell does
//!   not start a new row.

use crate::{clock, load};
use csv::StringRecord;
use portal_core::disclosure::{
    DisclosureBasis, DisclosureFile, DisclosureRecord, Enterprise, Frequency, Location, Monitoring, Outlet,
    OutletMedium, PollutantReading, Provenance, Quantity, ReportType, TemporaryTrigger,
};
use portal_core::ids::{OutletKind, validate_cas, validate_outlet_code, validate_uscc};
use portal_core::reference::Precision;
use portal_core::units::{Dimension, Measurement, Unit};
use portal_core::validate::{valid_date, validate_disclosures};
use std::collections::HashMap;
use std::fmt;
use std::fs;
use std::io::{self, Write};
use std::path::Path;

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

/// Imports `csv` into the disclosure source file `out`.
///
/// On success the file is written atomically (a temporary file beside it, then a rename) and a
/// summary is printed. On any error every error is printed to stderr, nothing is written, and the
/// error count is returned. Findings against the reference data under `data_dir` are printed as
/// warnings and do not stop the import.
pub fn run(data_dir: &Path, csv: &Path, out: &Path) -> Result<(), String> {
    let name = csv.display().to_string();
    let bytes = fs::read(csv).map_err(|e| format!("cannot read {name}: {e}"))?;
    let file = import_csv(&name, &bytes).map_err(|errors| {
        for e in &errors {
            eprintln!("error: {e}");
        }
        format!("{} error(s) in {name}; nothing was written", errors.len())
    })?;
    warn_against_reference(data_dir, out, &file);
    let mut json = serde_json::to_string_pretty(&file).map_err(|e| format!("cannot serialise the records: {e}"))?;
    json.push('\n');
    write_atomically(out, json.as_bytes()).map_err(|e| format!("cannot write {}: {e}", out.display()))?;
    let rows: usize = file.records.iter().flat_map(|r| &r.outlets).map(|o| o.pollutants.len()).sum();
    println!("{}: {} record(s) from {rows} row(s) of {name}", out.display(), file.records.len());
    Ok(())
}

/// Parses a spreadsheet saved as CSV (UTF-8 with or without BOM, or GB18030) into a disclosure
/// file. `file_name` is only used in error messages. Returns every error found.
pub fn import_csv(file_name: &str, bytes: &[u8]) -> Result<DisclosureFile, Vec<ImportError>> {
    let file_error =
        |message: String| vec![ImportError { file: file_name.to_owned(), row: 0, column: String::new(), message }];
    let text = decode(bytes).map_err(file_error)?;
    let mut reader = csv::ReaderBuilder::new().flexible(true).from_reader(text.as_bytes());
    let header = reader.headers().map_err(|e| file_error(e.to_string()))?.clone();
    if header.iter().all(|h| h.trim().is_empty()) {
        return Err(file_error("the file is empty: expected a header row".into()));
    }
    let (sheet, mut errors) = Sheet::read(file_name, &header);
    let mut rows = RowNumbers::new(&text);
    let mut records = Records::default();
    let mut data_rows = 0;
    for result in reader.records() {
        let cells = match result {
            Ok(cells) => cells,
            Err(e) => {
                let row = e.position().map_or(0, |p| rows.row_at(p.byte()));
                errors.push(sheet.error_at(row, String::new(), e.to_string()));
                continue;
            }
        };
        let number = cells.position().map_or(0, |p| rows.row_at(p.byte()));
        rows.count_breaks_inside(&cells);
        if cells.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        data_rows += 1;
        let mut row = Row { sheet: &sheet, number, cells: &cells, errors: Vec::new() };
        let parsed = parse_row(&mut row);
        errors.append(&mut row.errors);
        if let Some(parsed) = parsed {
            records.add(&sheet, parsed, &mut errors);
        }
    }
    if data_rows == 0 && errors.is_empty() {
        errors.push(sheet.error_at(0, String::new(), "the file has a header but no rows".into()));
    }
    if errors.is_empty() {
        Ok(DisclosureFile { records: records.finish(), obligations: Vec::new() })
    } else {
        Err(errors)
    }
}

/// Decodes UTF-8 (dropping a BOM) or, failing that, GB18030.
fn decode(bytes: &[u8]) -> Result<String, String> {
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

/// Writes `bytes` to a temporary file beside `path`, then renames it over `path`.
fn write_atomically(path: &Path, bytes: &[u8]) -> io::Result<()> {
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

/// A column of the spreadsheet.
#[derive(Debug)]
pub struct Column {
    /// The English header, which is also the name used in messages about a missing column.
    pub key: &'static str,
    /// The Chinese header.
    pub zh: &'static str,
    /// Whether the column must be present, with a value in every row.
    pub required: bool,
}

const fn required(key: &'static str, zh: &'static str) -> Column {
    Column { key, zh, required: true }
}

const fn optional(key: &'static str, zh: &'static str) -> Column {
    Column { key, zh, required: false }
}

/// Every column the importer accepts.
pub const COLUMNS: &[Column] = &[
    // The record.
    required("report_year", "报告年度"),
    required("report_type", "报告类型"),
    required("published_on", "发布日期"),
    optional("temporary_trigger", "临时报告原因"),
    required("disclosure_basis", "披露依据"),
    required("source", "数据来源"),
    required("extracted_on", "提取日期"),
    optional("is_sample", "示例数据"),
    // The enterprise.
    required("enterprise_id", "企业编号"),
    required("name_zh", "企业名称"),
    required("name_en", "英文名称"),
    required("uscc", "统一社会信用代码"),
    required("industry", "行业"),
    required("district_code", "区县代码"),
    optional("zone", "园区"),
    required("address_zh", "地址"),
    required("address_en", "英文地址"),
    required("lat", "纬度"),
    required("lng", "经度"),
    optional("precision", "坐标精度"),
    // The outlet.
    required("outlet_code", "排放口编号"),
    required("outlet_name_zh", "排放口名称"),
    required("outlet_name_en", "排放口英文名称"),
    required("medium", "介质"),
    required("receiving_body_zh", "受纳水体或去向"),
    required("receiving_body_en", "受纳英文"),
    // The pollutant.
    required("pollutant_zh", "污染物名称"),
    required("pollutant_en", "污染物英文名称"),
    optional("cas", "CAS号"),
    optional("entry", "清单序号"),
    required("concentration", "浓度"),
    optional("detection_limit", "检出限"),
    required("unit", "浓度单位"),
    required("method", "监测方法"),
    required("frequency", "监测频次"),
    optional("limit_id", "限值编号"),
    optional("annual_quantity", "年排放量"),
    optional("annual_quantity_unit", "年排放量单位"),
    optional("permitted_quantity", "许可排放量"),
    optional("permitted_quantity_unit", "许可排放量单位"),
    optional("exceedances", "超标次数"),
];

const REPORT_TYPES: &[(&str, ReportType)] = &[
    ("annual", ReportType::Annual),
    ("temporary", ReportType::Temporary),
    ("年度", ReportType::Annual),
    ("年度报告", ReportType::Annual),
    ("临时", ReportType::Temporary),
    ("临时报告", ReportType::Temporary),
];

const TRIGGERS: &[(&str, TemporaryTrigger)] = &[
    ("permit_change", TemporaryTrigger::PermitChange),
    ("administrative_penalty", TemporaryTrigger::AdministrativePenalty),
    ("detention", TemporaryTrigger::Detention),
    ("criminal_liability", TemporaryTrigger::CriminalLiability),
    ("damage_compensation", TemporaryTrigger::DamageCompensation),
    ("other", TemporaryTrigger::Other),
    ("排污许可变更", TemporaryTrigger::PermitChange),
    ("行政许可变更", TemporaryTrigger::PermitChange),
    ("行政处罚", TemporaryTrigger::AdministrativePenalty),
    ("行政拘留", TemporaryTrigger::Detention),
    ("刑事责任", TemporaryTrigger::CriminalLiability),
    ("生态环境损害赔偿", TemporaryTrigger::DamageCompensation),
    ("其他", TemporaryTrigger::Other),
];

const BASES: &[(&str, DisclosureBasis)] = &[
    ("key_discharge_unit", DisclosureBasis::KeyDischargeUnit),
    ("mandatory_clean_production_audit", DisclosureBasis::MandatoryCleanProductionAudit),
    ("listed_company", DisclosureBasis::ListedCompany),
    ("bond_issuer", DisclosureBasis::BondIssuer),
    ("other_law", DisclosureBasis::OtherLaw),
    ("重点排污单位", DisclosureBasis::KeyDischargeUnit),
    ("强制性清洁生产审核", DisclosureBasis::MandatoryCleanProductionAudit),
    ("上市公司", DisclosureBasis::ListedCompany),
    ("发债企业", DisclosureBasis::BondIssuer),
    ("其他", DisclosureBasis::OtherLaw),
];

const BOOLEANS: &[(&str, bool)] =
    &[("true", true), ("false", false), ("yes", true), ("no", false), ("是", true), ("否", false)];

const PRECISIONS: &[(&str, Precision)] = &[
    ("exact", Precision::Exact),
    ("schematic", Precision::Schematic),
    ("精确", Precision::Exact),
    ("示意", Precision::Schematic),
];

const MEDIA: &[(&str, OutletMedium)] = &[
    ("water", OutletMedium::Water),
    ("air", OutletMedium::Air),
    ("废水", OutletMedium::Water),
    ("废气", OutletMedium::Air),
];

const FREQUENCIES: &[(&str, Frequency)] = &[
    ("continuous", Frequency::Continuous),
    ("daily", Frequency::Daily),
    ("weekly", Frequency::Weekly),
    ("monthly", Frequency::Monthly),
    ("quarterly", Frequency::Quarterly),
    ("half_yearly", Frequency::HalfYearly),
    ("yearly", Frequency::Yearly),
    ("自动监测", Frequency::Continuous),
    ("连续", Frequency::Continuous),
    ("每日", Frequency::Daily),
    ("每周", Frequency::Weekly),
    ("每月", Frequency::Monthly),
    ("每季度", Frequency::Quarterly),
    ("每半年", Frequency::HalfYearly),
    ("每年", Frequency::Yearly),
];

/// Lower case, trimmed, with `-` and spaces read as `_`: how headers and choices are compared.
fn normalize(s: &str) -> String {
    s.trim().to_lowercase().replace([' ', '-'], "_")
}

/// The header row: which column sits where, and how the file names it.
struct Sheet {
    file: String,
    /// The headers as written, trimmed.
    names: Vec<String>,
    /// Column key → position.
    index: HashMap<&'static str, usize>,
}

impl Sheet {
    /// Reads the header row, reporting unknown, repeated and missing columns.
    fn read(file: &str, header: &StringRecord) -> (Sheet, Vec<ImportError>) {
        let mut sheet = Sheet { file: file.to_owned(), names: Vec::new(), index: HashMap::new() };
        let mut errors = Vec::new();
        for (i, raw) in header.iter().enumerate() {
            let name = raw.trim().to_owned();
            if !name.is_empty() {
                let wanted = normalize(&name);
                match COLUMNS.iter().find(|c| normalize(c.key) == wanted || normalize(c.zh) == wanted) {
                    None => errors.push(sheet.error_at(1, name.clone(), "unknown column".into())),
                    Some(c) => {
                        if let Some(&first) = sheet.index.get(c.key) {
                            let message = format!("the same column as \"{}\"", sheet.names[first]);
                            errors.push(sheet.error_at(1, name.clone(), message));
                        } else {
                            sheet.index.insert(c.key, i);
                        }
                    }
                }
            }
            sheet.names.push(name);
        }
        for c in COLUMNS.iter().filter(|c| c.required && !sheet.index.contains_key(c.key)) {
            let message = format!("missing required column (\"{}\" or \"{}\")", c.key, c.zh);
            errors.push(sheet.error_at(1, c.key.to_owned(), message));
        }
        (sheet, errors)
    }

    /// Whether the file has the column.
    fn has(&self, key: &str) -> bool {
        self.index.contains_key(key)
    }

    /// The column's header as written, or its key when the file lacks it.
    fn column(&self, key: &str) -> String {
        self.index.get(key).map_or_else(|| key.to_owned(), |&i| self.names[i].clone())
    }

    /// The trimmed cell of column `key`, empty when the file lacks the column.
    fn cell<'c>(&self, cells: &'c StringRecord, key: &str) -> &'c str {
        self.index.get(key).and_then(|&i| cells.get(i)).map_or("", str::trim)
    }

    fn error(&self, row: usize, key: &str, message: String) -> ImportError {
        self.error_at(row, self.column(key), message)
    }

    fn error_at(&self, row: usize, column: String, message: String) -> ImportError {
        ImportError { file: self.file.clone(), row, column, message }
    }
}

/// Turns byte offsets of records into spreadsheet row numbers.
struct RowNumbers<'t> {
    text: &'t str,
    /// Byte offset and line number of the last position looked up.
    byte: usize,
    line: usize,
    /// Line breaks inside quoted cells so far: a spreadsheet shows them inside one row.
    breaks_in_cells: usize,
}

impl<'t> RowNumbers<'t> {
    fn new(text: &'t str) -> Self {
        RowNumbers { text, byte: 0, line: 1, breaks_in_cells: 0 }
    }

    /// The row of a record that the CSV reader places at byte `at`. The reader places a record at
    /// the end of the previous one, before any blank lines, so line breaks are skipped first.
    fn row_at(&mut self, at: u64) -> usize {
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
    fn count_breaks_inside(&mut self, cells: &StringRecord) {
        self.breaks_in_cells += cells.iter().map(|c| c.matches('\n').count()).sum::<usize>();
    }
}

/// One data row being parsed; collects the row's errors.
struct Row<'a> {
    sheet: &'a Sheet,
    number: usize,
    cells: &'a StringRecord,
    errors: Vec<ImportError>,
}

impl<'a> Row<'a> {
    fn text(&self, key: &str) -> &'a str {
        self.sheet.cell(self.cells, key)
    }

    fn error(&mut self, key: &str, message: impl Into<String>) {
        let e = self.sheet.error(self.number, key, message.into());
        self.errors.push(e);
    }

    /// A required cell, parsed. `None` after reporting an empty cell or a parse error. A column
    /// missing from the file is reported once, for the header row, not for each row.
    fn get<T>(&mut self, key: &str, parse: impl FnOnce(&str) -> Result<T, String>) -> Option<T> {
        if !self.sheet.has(key) {
            return None;
        }
        if self.text(key).is_empty() {
            self.error(key, "a value is required");
            return None;
        }
        self.opt(key, parse)
    }

    /// An optional cell, parsed. `None` when it is empty, or after reporting a parse error.
    fn opt<T>(&mut self, key: &str, parse: impl FnOnce(&str) -> Result<T, String>) -> Option<T> {
        let text = self.text(key);
        if text.is_empty() {
            return None;
        }
        parse(text).map_err(|message| self.error(key, message)).ok()
    }

    /// An optional quantity given as a value and a unit column, both or neither.
    fn quantity(&mut self, value_key: &str, unit_key: &str) -> Option<Quantity> {
        let value = self.opt(value_key, parse_amount);
        let unit = self.opt(unit_key, parse_quantity_unit);
        match (self.text(value_key).is_empty(), self.text(unit_key).is_empty()) {
            (false, true) => {
                self.error(unit_key, format!("required when \"{}\" is given", self.sheet.column(value_key)))
            }
            (true, false) => {
                self.error(value_key, format!("required when \"{}\" is given", self.sheet.column(unit_key)))
            }
            _ => {}
        }
        Some(Quantity { value: value?, unit: unit? })
    }

    /// The concentration, and whether it is a detection limit (nothing detected).
    fn concentration(&mut self) -> Option<(f64, bool)> {
        let detection_limit = self.opt("detection_limit", parse_amount);
        match self.get("concentration", parse_concentration)? {
            Reading::Value(value) => Some((value, false)),
            Reading::Below(limit) => {
                if let Some(d) = detection_limit
                    && d != limit
                {
                    self.error(
                        "detection_limit",
                        format!("{d} differs from the detection limit {limit} in the concentration"),
                    );
                }
                Some((limit, true))
            }
            Reading::NotDetected => {
                if self.text("detection_limit").is_empty() {
                    self.error("detection_limit", "required when the concentration is ND / 未检出");
                }
                Some((detection_limit?, true))
            }
        }
    }

    /// Cells in columns without a header must be empty.
    fn check_unnamed_cells(&mut self) {
        for (i, cell) in self.cells.iter().enumerate() {
            let unnamed = self.sheet.names.get(i).is_none_or(|n| n.is_empty());
            if unnamed && !cell.trim().is_empty() {
                let column = format!("(column {} without a header)", i + 1);
                let e = self.sheet.error_at(self.number, column, format!("unexpected value {:?}", cell.trim()));
                self.errors.push(e);
            }
        }
    }
}

/// The key that groups rows into one record.
type RecordKey = (String, u16, ReportType, String);

/// A parsed row: its record (without outlets), its outlet (without pollutants), and its reading.
struct ParsedRow {
    number: usize,
    cells: StringRecord,
    record: DisclosureRecord,
    outlet: Outlet,
    reading: PollutantReading,
}

/// Parses every cell of a row; `None` if any of them is wrong.
fn parse_row(row: &mut Row) -> Option<ParsedRow> {
    row.check_unnamed_cells();

    let year = row.get("report_year", parse_year);
    let report_type = row.get("report_type", |s| choice(REPORT_TYPES, s));
    let published_on = row.get("published_on", parse_date);
    let temporary_trigger = row.opt("temporary_trigger", |s| choice(TRIGGERS, s));
    match (report_type, temporary_trigger) {
        (Some(ReportType::Temporary), None) if row.text("temporary_trigger").is_empty() => {
            row.error("temporary_trigger", "a temporary report needs its trigger");
        }
        (Some(ReportType::Annual), Some(_)) => row.error("temporary_trigger", "only temporary reports have a trigger"),
        _ => {}
    }
    let disclosure_basis = row.get("disclosure_basis", parse_bases);
    let source = row.get("source", text);
    let extracted_on = row.get("extracted_on", parse_date);
    let is_sample = row.opt("is_sample", |s| choice(BOOLEANS, s)).unwrap_or(false);

    let enterprise_id = row.get("enterprise_id", text);
    let name_zh = row.get("name_zh", text);
    let name_en = row.get("name_en", text);
    let uscc = row.get("uscc", |s| validate_uscc(s).map(|()| s.to_owned()).map_err(|e| e.to_string()));
    let industry = row.get("industry", text);
    let district_code = row.get("district_code", parse_district);
    let zone = row.opt("zone", text);
    let address_zh = row.get("address_zh", text);
    let address_en = row.get("address_en", text);
    let lat = row.get("lat", |s| parse_coordinate(s, 90.0));
    let lng = row.get("lng", |s| parse_coordinate(s, 180.0));
    let precision = row.opt("precision", |s| choice(PRECISIONS, s)).unwrap_or(Precision::Schematic);

    let medium = row.get("medium", |s| choice(MEDIA, s));
    let outlet_code = row.get("outlet_code", |s| parse_outlet_code(s, medium));
    let outlet_name_zh = row.get("outlet_name_zh", text);
    let outlet_name_en = row.get("outlet_name_en", text);
    let receiving_body_zh = row.get("receiving_body_zh", text);
    let receiving_body_en = row.get("receiving_body_en", text);

    let pollutant_zh = row.get("pollutant_zh", text);
    let pollutant_en = row.get("pollutant_en", text);
    let cas = row.opt("cas", |s| validate_cas(s).map(|()| s.to_owned()).map_err(|e| e.to_string()));
    let entry = row.opt("entry", parse_entry);
    let concentration = row.concentration();
    let unit = row.get("unit", |s| parse_concentration_unit(s, medium));
    let method = row.get("method", text);
    let frequency = row.get("frequency", |s| choice(FREQUENCIES, s));
    let limit = row.opt("limit_id", text);
    let annual_quantity = row.quantity("annual_quantity", "annual_quantity_unit");
    let permitted_quantity = row.quantity("permitted_quantity", "permitted_quantity_unit");
    let exceedances = row.opt("exceedances", parse_count).unwrap_or(0);

    if !row.errors.is_empty() {
        return None;
    }
    let (year, report_type, published_on, enterprise_id) = (year?, report_type?, published_on?, enterprise_id?);
    let record_id = match report_type {
        ReportType::Annual => format!("{enterprise_id}-{year}-annual"),
        ReportType::Temporary => format!("{enterprise_id}-{year}-temporary-{published_on}"),
    };
    let unit = unit?;
    let concentration = match concentration? {
        (value, false) => Measurement::Detected { value, unit },
        (detection_limit, true) => Measurement::NotDetected { detection_limit, unit },
    };
    Some(ParsedRow {
        number: row.number,
        cells: row.cells.clone(),
        record: DisclosureRecord {
            record_id,
            is_sample,
            report_type,
            report_year: year,
            published_on,
            temporary_trigger,
            enterprise: Enterprise {
                id: enterprise_id,
                name_zh: name_zh?,
                name_en: name_en?,
                uscc: uscc?,
                industry: industry?,
                district_code: district_code?,
                zone,
                address_zh: address_zh?,
                address_en: address_en?,
                location: Location { lat: lat?, lng: lng?, precision },
            },
            disclosure_basis: disclosure_basis?,
            permit: None,
            toxic_raw_materials: Vec::new(),
            outlets: Vec::new(),
            hazardous_waste: Vec::new(),
            clean_production_audit: None,
            penalties: Vec::new(),
            provenance: Provenance { source: source?, extracted_on: extracted_on?, note: None },
        },
        outlet: Outlet {
            code: outlet_code?,
            name_zh: outlet_name_zh?,
            name_en: outlet_name_en?,
            medium: medium?,
            receiving_body_zh: receiving_body_zh?,
            receiving_body_en: receiving_body_en?,
            pollutants: Vec::new(),
        },
        reading: PollutantReading {
            name_zh: pollutant_zh?,
            name_en: pollutant_en?,
            cas,
            entry,
            concentration,
            monitoring: Monitoring { method: method?, frequency: frequency? },
            limit,
            annual_quantity,
            permitted_quantity,
            exceedances,
        },
    })
}

/// The record-level columns that must agree across the rows of one record, with comparable
/// values.
fn record_fields(r: &DisclosureRecord) -> [(&'static str, String); 16] {
    let e = &r.enterprise;
    [
        ("temporary_trigger", format!("{:?}", r.temporary_trigger)),
        ("disclosure_basis", format!("{:?}", r.disclosure_basis)),
        ("source", r.provenance.source.clone()),
        ("extracted_on", r.provenance.extracted_on.clone()),
        ("is_sample", r.is_sample.to_string()),
        ("enterprise_id", e.id.clone()),
        ("name_zh", e.name_zh.clone()),
        ("name_en", e.name_en.clone()),
        ("industry", e.industry.clone()),
        ("district_code", e.district_code.clone()),
        ("zone", format!("{:?}", e.zone)),
        ("address_zh", e.address_zh.clone()),
        ("address_en", e.address_en.clone()),
        ("lat", e.location.lat.to_string()),
        ("lng", e.location.lng.to_string()),
        ("precision", format!("{:?}", e.location.precision)),
    ]
}

/// The outlet columns that must agree across the rows of one outlet.
fn outlet_fields(o: &Outlet) -> [(&'static str, String); 5] {
    [
        ("outlet_name_zh", o.name_zh.clone()),
        ("outlet_name_en", o.name_en.clone()),
        ("medium", format!("{:?}", o.medium)),
        ("receiving_body_zh", o.receiving_body_zh.clone()),
        ("receiving_body_en", o.receiving_body_en.clone()),
    ]
}

/// Where a record or an outlet was first seen.
struct Origin {
    number: usize,
    cells: StringRecord,
}

/// A record being assembled, with the rows its parts came from.
struct Group {
    origin: Origin,
    record: DisclosureRecord,
    /// Parallel to `record.outlets`.
    outlet_origins: Vec<Origin>,
    /// (outlet code, pollutant name, CAS) → the row that first named it.
    readings: HashMap<(String, String, Option<String>), usize>,
}

/// Rows grouped into records, in the order they first appear.
#[derive(Default)]
struct Records {
    groups: Vec<Group>,
    by_key: HashMap<RecordKey, usize>,
}

impl Records {
    /// Adds a parsed row, reporting where it disagrees with earlier rows of its record or outlet.
    fn add(&mut self, sheet: &Sheet, row: ParsedRow, errors: &mut Vec<ImportError>) {
        let r = &row.record;
        let key = (r.enterprise.uscc.clone(), r.report_year, r.report_type, r.published_on.clone());
        let index = *self.by_key.entry(key).or_insert_with(|| {
            self.groups.push(Group {
                origin: Origin { number: row.number, cells: row.cells.clone() },
                record: row.record.clone(),
                outlet_origins: Vec::new(),
                readings: HashMap::new(),
            });
            self.groups.len() - 1
        });
        let group = &mut self.groups[index];
        let mut conflict = |origin: &Origin, what: &str, key: &str| {
            let (here, there) = (sheet.cell(&row.cells, key), sheet.cell(&origin.cells, key));
            let message = format!("{here:?} here, but {there:?} in row {} of the same {what}", origin.number);
            errors.push(sheet.error(row.number, key, message));
        };
        for ((key, a), (_, b)) in record_fields(&group.record).iter().zip(record_fields(&row.record)) {
            if *a != b {
                conflict(&group.origin, "record", key);
            }
        }
        let outlet = match group.record.outlets.iter().position(|o| o.code == row.outlet.code) {
            Some(i) => {
                for ((key, a), (_, b)) in outlet_fields(&group.record.outlets[i]).iter().zip(outlet_fields(&row.outlet))
                {
                    if *a != b {
                        conflict(&group.outlet_origins[i], "outlet", key);
                    }
                }
                i
            }
            None => {
                group.record.outlets.push(row.outlet.clone());
                group.outlet_origins.push(Origin { number: row.number, cells: row.cells.clone() });
                group.record.outlets.len() - 1
            }
        };
        let reading_key = (row.outlet.code.clone(), row.reading.name_zh.clone(), row.reading.cas.clone());
        if let Some(first) = group.readings.get(&reading_key) {
            let message = format!(
                "{} at outlet {} is already in row {first} of the same record",
                row.reading.name_zh, row.outlet.code
            );
            errors.push(sheet.error(row.number, "pollutant_zh", message));
        } else {
            group.readings.insert(reading_key, row.number);
        }
        group.record.outlets[outlet].pollutants.push(row.reading);
    }

    fn finish(self) -> Vec<DisclosureRecord> {
        self.groups.into_iter().map(|g| g.record).collect()
    }
}

/// A cell taken as it is.
fn text(s: &str) -> Result<String, String> {
    Ok(s.to_owned())
}

/// Looks `s` up among a choice's English names and Chinese spellings.
fn choice<T: Copy>(table: &[(&str, T)], s: &str) -> Result<T, String> {
    let wanted = normalize(s);
    table.iter().find(|(name, _)| normalize(name) == wanted).map(|&(_, v)| v).ok_or_else(|| {
        let names: Vec<&str> = table.iter().map(|&(name, _)| name).collect();
        format!("unknown value {s:?}; expected one of: {}", names.join(", "))
    })
}

/// One or more bases, separated by `;`, `；` or `、`.
fn parse_bases(s: &str) -> Result<Vec<DisclosureBasis>, String> {
    let mut bases = Vec::new();
    for part in s.split([';', '；', '、']).map(str::trim).filter(|p| !p.is_empty()) {
        let basis = choice(BASES, part)?;
        if !bases.contains(&basis) {
            bases.push(basis);
        }
    }
    if bases.is_empty() { Err("at least one basis for disclosure is required".into()) } else { Ok(bases) }
}

/// Full-width digits and punctuation (`０`–`９`, `．`, `－`, `＋`) as ASCII.
fn ascii_digits(s: &str) -> String {
    s.chars()
        .map(|c| match c {
            '０'..='９' => char::from_digit(c as u32 - '０' as u32, 10).unwrap_or(c),
            '．' => '.',
            '－' => '-',
            '＋' => '+',
            _ => c,
        })
        .collect()
}

/// A decimal number; thousands separators and full-width digits are accepted, a decimal comma is
/// not.
fn parse_number(s: &str) -> Result<f64, String> {
    let t = ascii_digits(s.trim());
    let plain = if t.contains(',') { without_thousands_separators(&t) } else { Some(t) };
    plain
        .and_then(|p| p.parse::<f64>().ok())
        .filter(|v| v.is_finite())
        .ok_or_else(|| format!("{s:?} is not a number (write decimals with a point, e.g. 0.05)"))
}

/// `1,234,567.5` → `1234567.5`; `None` if the commas are not thousands separators.
fn without_thousands_separators(t: &str) -> Option<String> {
    let (int, frac) = t.split_once('.').map_or((t, None), |(i, f)| (i, Some(f)));
    let (sign, digits) = int.strip_prefix('-').map_or(("", int), |d| ("-", d));
    let groups: Vec<&str> = digits.split(',').collect();
    let all_digits = |g: &str| !g.is_empty() && g.bytes().all(|b| b.is_ascii_digit());
    let first_ok = groups[0].len() <= 3 && all_digits(groups[0]);
    let rest_ok = groups[1..].iter().all(|g| g.len() == 3 && all_digits(g));
    if !first_ok || !rest_ok || frac.is_some_and(|f| f.contains(',')) {
        return None;
    }
    Some(format!("{sign}{}{}", groups.concat(), frac.map(|f| format!(".{f}")).unwrap_or_default()))
}

/// A number ≥ 0.
fn parse_amount(s: &str) -> Result<f64, String> {
    let v = parse_number(s)?;
    if v < 0.0 { Err(format!("{s:?} is negative")) } else { Ok(v) }
}

/// A latitude or longitude in decimal degrees.
fn parse_coordinate(s: &str, max: f64) -> Result<f64, String> {
    let v = parse_number(s)?;
    if v.abs() > max { Err(format!("{v} is not between -{max} and {max} degrees")) } else { Ok(v) }
}

/// A whole number of ASCII or full-width digits.
fn parse_whole<T: std::str::FromStr>(s: &str) -> Result<T, String> {
    let t = ascii_digits(s);
    let parsed = if t.bytes().all(|b| b.is_ascii_digit()) { t.parse().ok() } else { None };
    parsed.ok_or_else(|| format!("{s:?} is not a whole number"))
}

fn parse_year(s: &str) -> Result<u16, String> {
    let year: u16 = parse_whole(s)?;
    if (1900..=2999).contains(&year) { Ok(year) } else { Err(format!("{s:?} is not a year")) }
}

fn parse_count(s: &str) -> Result<u32, String> {
    parse_whole(s)
}

/// An entry of the national list, 1 to 14.
fn parse_entry(s: &str) -> Result<u8, String> {
    let entry: u8 = parse_whole(s)?;
    if (1..=14).contains(&entry) { Ok(entry) } else { Err(format!("the list has entries 1 to 14, not {entry}")) }
}

/// A date as `YYYY-MM-DD` or `YYYY/M/D`, returned as `YYYY-MM-DD`.
fn parse_date(s: &str) -> Result<String, String> {
    let t = ascii_digits(s);
    let parts: Vec<&str> = t.split(['-', '/']).collect();
    let date = match parts[..] {
        [y, m, d] if y.len() == 4 && (1..=2).contains(&m.len()) && (1..=2).contains(&d.len()) => {
            format!("{y}-{m:0>2}-{d:0>2}")
        }
        _ => String::new(),
    };
    if valid_date(&date) { Ok(date) } else { Err(format!("{s:?} is not a date (write YYYY-MM-DD)")) }
}

/// A district or county code: six digits.
fn parse_district(s: &str) -> Result<String, String> {
    if s.len() == 6 && s.bytes().all(|b| b.is_ascii_digit()) {
        Ok(s.to_owned())
    } else {
        Err(format!("{s:?} is not a six-digit district code"))
    }
}

/// An outlet code, which must fit the outlet's medium when that is known.
fn parse_outlet_code(s: &str, medium: Option<OutletMedium>) -> Result<String, String> {
    let kind = validate_outlet_code(s).map_err(|e| e.to_string())?;
    let expected = match medium {
        Some(OutletMedium::Air) => OutletKind::Air,
        Some(OutletMedium::Water) => OutletKind::Water,
        None => kind,
    };
    if kind == expected {
        Ok(s.to_owned())
    } else {
        Err(format!("{s} is an {kind} outlet code, but the medium is {expected}"))
    }
}

fn parse_unit(s: &str) -> Result<Unit, String> {
    let names: Vec<&str> = Unit::ALL.iter().map(|u| u.symbol()).collect();
    Unit::parse(s).ok_or_else(|| format!("unknown unit {s:?}; expected one of: {}", names.join(", ")))
}

/// A concentration unit that fits the outlet's medium when that is known.
fn parse_concentration_unit(s: &str, medium: Option<OutletMedium>) -> Result<Unit, String> {
    let unit = parse_unit(s)?;
    if unit.dimension() == Dimension::AnnualMass {
        return Err(format!("{unit} is an annual quantity, not a concentration"));
    }
    match medium.map(OutletMedium::limit_medium) {
        Some(m) if m.concentration_dimension() != unit.dimension() => {
            Err(format!("{unit} is not a concentration in {m}"))
        }
        _ => Ok(unit),
    }
}

/// A unit of annual quantity.
fn parse_quantity_unit(s: &str) -> Result<Unit, String> {
    let unit = parse_unit(s)?;
    if unit.dimension() == Dimension::AnnualMass {
        Ok(unit)
    } else {
        Err(format!("{unit} is a concentration, not an annual quantity (t/a, kg/a or g/a)"))
    }
}

/// What a concentration cell says.
enum Reading {
    Value(f64),
    /// `<0.001` or `0.001L`: not detected, with that detection limit.
    Below(f64),
    /// `ND` or `未检出`: the detection limit is in its own column.
    NotDetected,
}

fn parse_concentration(s: &str) -> Result<Reading, String> {
    if matches!(s.to_lowercase().as_str(), "nd" | "n.d." | "未检出") {
        return Ok(Reading::NotDetected);
    }
    let below = s.strip_prefix(['<', '＜']).or_else(|| s.strip_suffix('L'));
    if let Some(limit) = below {
        return parse_amount(limit.trim()).map(Reading::Below);
    }
    parse_amount(s)
        .map(Reading::Value)
        .map_err(|_| format!("{s:?} is not a number, ND / 未检出, or a detection limit such as <0.001"))
}
