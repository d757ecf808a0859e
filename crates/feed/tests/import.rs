//! `feed import`: encodings and header languages, cell formats, every kind of bad cell, and the
//! atomic write of `run`.
//!
//! The fixtures hold fictitious enterprises only. Rows of `valid_en.csv` (row 1 is the header):
//! 2. e9001 annual 2023, DW001, dichloromethane 0.05 mg/L
//! 3. e9001 annual 2023, DW001, chloroform ND (detection limit 0.0014)
//! 4. e9001 annual 2023, DA001, dichloromethane 1.2 mg/m³
//! 5. e9001 temporary 2024, DW001, dichloromethane <0.001
//! 6. e9002 annual 2023, DW001, chloroform 0.02 mg/L
//!
//! `valid_zh_bom.csv` holds the same content with Chinese headers, Chinese choices, Excel dates,
//! another column order and a BOM; `valid_zh_gb18030.csv` is that file encoded in GB18030.

use portal_core::feed::disclosure::{
    DisclosureBasis, DisclosureFile, Frequency, OutletMedium, ReportType, TemporaryTrigger,
};
use portal_core::feed::reference::Precision;
use portal_core::feed::units::{Measurement, Unit};
use portal_feed::import::{ImportError, import_csv, import_csvs, run};
use std::path::{Path, PathBuf};

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures").join(name)
}

fn data_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../data")
}

fn read(name: &str) -> Vec<u8> {
    std::fs::read(fixture(name)).expect("fixture is readable")
}

fn list(errors: &[ImportError]) -> String {
    errors.iter().map(|e| format!("\n  {e}")).collect()
}

fn import_ok(name: &str, bytes: &[u8]) -> DisclosureFile {
    import_csv(name, bytes).unwrap_or_else(|errors| panic!("{name} should import:{}", list(&errors)))
}

fn import_err(name: &str, bytes: &[u8]) -> Vec<ImportError> {
    match import_csv(name, bytes) {
        Ok(_) => panic!("{name} should not import"),
        Err(errors) => errors,
    }
}

/// A spreadsheet as rows of cells; `rows[0]` is the header, spreadsheet row 1.
type Table = Vec<Vec<String>>;

fn english_table() -> Table {
    let bytes = read("valid_en.csv");
    let mut reader = csv::ReaderBuilder::new().has_headers(false).from_reader(bytes.as_slice());
    reader.records().map(|r| r.expect("fixture is CSV").iter().map(str::to_owned).collect()).collect()
}

fn to_csv(table: &Table) -> Vec<u8> {
    let mut writer = csv::WriterBuilder::new().flexible(true).from_writer(Vec::new());
    for row in table {
        writer.write_record(row).expect("write a row");
    }
    writer.into_inner().expect("flush")
}

fn column_index(table: &Table, column: &str) -> usize {
    table[0].iter().position(|h| h == column).unwrap_or_else(|| panic!("no column {column}"))
}

/// Sets the cell of spreadsheet row `row` (the header is row 1) in `column`.
fn set(table: &mut Table, row: usize, column: &str, value: &str) {
    let i = column_index(table, column);
    table[row - 1][i] = value.to_owned();
}

fn add_column(table: &mut Table, header: &str, value: &str) {
    table[0].push(header.to_owned());
    for row in &mut table[1..] {
        row.push(value.to_owned());
    }
}

fn remove_column(table: &mut Table, column: &str) {
    let i = column_index(table, column);
    for row in table.iter_mut() {
        row.remove(i);
    }
}

fn import_table(table: &Table) -> Result<DisclosureFile, Vec<ImportError>> {
    import_csv("edited.csv", &to_csv(table))
}

#[test]
fn english_headers_chinese_headers_with_bom_and_gb18030_give_the_same_records() {
    let english = import_ok("valid_en.csv", &read("valid_en.csv"));
    let chinese = import_ok("valid_zh_bom.csv", &read("valid_zh_bom.csv"));
    let gb18030 = read("valid_zh_gb18030.csv");
    assert!(std::str::from_utf8(&gb18030).is_err(), "the GB18030 fixture must not be valid UTF-8");
    let gb18030 = import_ok("valid_zh_gb18030.csv", &gb18030);
    assert_eq!(chinese, english);
    assert_eq!(gb18030, english);
}

#[test]
fn rows_are_grouped_into_records_and_outlets_in_the_order_they_appear() {
    let f = import_ok("valid_en.csv", &read("valid_en.csv"));
    let ids: Vec<&str> = f.records.iter().map(|r| r.record_id.as_str()).collect();
    assert_eq!(ids, ["e9001-2023-annual", "e9001-2024-temporary-2024-06-12", "e9002-2023-annual"]);
    assert!(f.obligations.is_empty());

    let annual = &f.records[0];
    assert!(annual.is_sample);
    assert_eq!(annual.report_type, ReportType::Annual);
    assert_eq!(annual.report_year, 2023);
    assert_eq!(annual.published_on, "2024-03-05");
    assert_eq!(annual.temporary_trigger, None);
    assert_eq!(annual.disclosure_basis, [DisclosureBasis::KeyDischargeUnit, DisclosureBasis::ListedCompany]);
    assert_eq!(annual.enterprise.name_en, "Lianyungang Example Pharmaceutical Co., Ltd. (fictitious)");
    assert_eq!(annual.enterprise.zone.as_deref(), Some("lyg_chem_park"));
    assert_eq!(annual.enterprise.location.precision, Precision::Schematic);
    let outlets: Vec<(&str, OutletMedium, usize)> =
        annual.outlets.iter().map(|o| (o.code.as_str(), o.medium, o.pollutants.len())).collect();
    assert_eq!(outlets, [("DW001", OutletMedium::Water, 2), ("DA001", OutletMedium::Air, 1)]);

    let dcm = &annual.outlets[0].pollutants[0];
    assert_eq!(dcm.cas.as_deref(), Some("75-09-2"));
    assert_eq!(dcm.entry, Some(10));
    assert_eq!(dcm.concentration, Measurement::Detected { value: 0.05, unit: Unit::MgPerL });
    assert_eq!(dcm.monitoring.frequency, Frequency::Monthly);
    assert_eq!(dcm.limit.as_deref(), Some("gb21904-t2-dcm"));
    assert_eq!(dcm.annual_quantity.map(|q| (q.value, q.unit)), Some((12.5, Unit::KgPerYear)));
    assert_eq!(dcm.permitted_quantity.map(|q| (q.value, q.unit)), Some((0.5, Unit::TonnesPerYear)));
    assert_eq!(annual.outlets[1].pollutants[0].concentration.unit(), Unit::MgPerM3);

    let temporary = &f.records[1];
    assert_eq!(temporary.temporary_trigger, Some(TemporaryTrigger::AdministrativePenalty));
    assert_eq!(f.records[2].outlets[0].pollutants[0].exceedances, 1);
    assert_eq!(f.records[2].enterprise.location.precision, Precision::Exact);

    // What the spreadsheet does not carry stays empty.
    for r in &f.records {
        assert!(r.permit.is_none() && r.clean_production_audit.is_none() && r.provenance.note.is_none());
        assert!(r.toxic_raw_materials.is_empty() && r.hazardous_waste.is_empty() && r.penalties.is_empty());
    }
}

#[test]
fn nd_and_less_than_become_not_detected() {
    // Row 3 is chloroform at DW001, stated in mg/L.
    let nd = |detection_limit| Measurement::NotDetected { detection_limit, unit: Unit::MgPerL };
    let detected = |value| Measurement::Detected { value, unit: Unit::MgPerL };
    let cases: &[(&str, &str, Measurement)] = &[
        ("ND", "0.0014", nd(0.0014)),
        ("nd", "0.0014", nd(0.0014)),
        ("N.D.", "0.0014", nd(0.0014)),
        ("未检出", "0.0014", nd(0.0014)),
        ("<0.001", "", nd(0.001)),
        ("＜0.001", "", nd(0.001)),
        ("< 0.001", "0.001", nd(0.001)),
        ("0.001L", "", nd(0.001)),
        ("0.003", "", detected(0.003)),
        ("0", "", detected(0.0)),
    ];
    for (concentration, detection_limit, want) in cases {
        let mut t = english_table();
        set(&mut t, 3, "concentration", concentration);
        set(&mut t, 3, "detection_limit", detection_limit);
        let f = import_table(&t).unwrap_or_else(|e| panic!("{concentration:?}:{}", list(&e)));
        assert_eq!(f.records[0].outlets[0].pollutants[1].concentration, *want, "{concentration:?}");
    }
    // The fixtures themselves: ND with a limit in row 3, "<0.001" in row 5.
    let f = import_ok("valid_en.csv", &read("valid_en.csv"));
    assert_eq!(f.records[0].outlets[0].pollutants[1].concentration.value(), None);
    assert_eq!(
        f.records[1].outlets[0].pollutants[0].concentration,
        Measurement::NotDetected { detection_limit: 0.001, unit: Unit::MgPerL }
    );
}

#[test]
fn numbers_accept_thousands_separators_and_full_width_digits_but_not_a_decimal_comma() {
    let good: &[(&str, f64)] = &[
        ("12", 12.0),
        ("1,234.5", 1234.5),
        ("1,234,567", 1_234_567.0),
        ("１２.５", 12.5),
        ("１２．５", 12.5),
        ("1E-04", 0.0001),
    ];
    for (cell, want) in good {
        let mut t = english_table();
        set(&mut t, 2, "annual_quantity", cell);
        let f = import_table(&t).unwrap_or_else(|e| panic!("{cell:?}:{}", list(&e)));
        let got = f.records[0].outlets[0].pollutants[0].annual_quantity.map(|q| q.value);
        assert_eq!(got, Some(*want), "{cell:?}");
    }
    for cell in ["1,5", "12,34.5", "1.2.3", "abc", "-3", "inf", "NaN", "1 234"] {
        let mut t = english_table();
        set(&mut t, 2, "annual_quantity", cell);
        let errors = import_table(&t).expect_err(cell);
        assert_eq!(errors.len(), 1, "{cell:?}:{}", list(&errors));
        assert_eq!((errors[0].row, errors[0].column.as_str()), (2, "annual_quantity"), "{cell:?}");
    }
}

/// Imports `table` and checks that it gives exactly one error, at `row` and `column`.
fn assert_one_error(table: &Table, row: usize, column: &str, message: &str) {
    let what = format!("row {row}, column {column:?}");
    let Err(errors) = import_table(table) else { panic!("{what}: expected an error") };
    assert_eq!(errors.len(), 1, "{what}: expected one error, got:{}", list(&errors));
    let e = &errors[0];
    assert_eq!((e.row, e.column.as_str()), (row, column), "{what}: {e}");
    assert!(e.message.contains(message), "{what}: expected {message:?} in {e}");
    assert!(e.message.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)), "{what}: no Chinese in {e}");
}

#[test]
fn each_kind_of_bad_cell_is_reported_at_its_row_and_column() {
    // (row, column, new value, part of the message)
    let cases: &[(usize, &str, &str, &str)] = &[
        (2, "lat", "34.4x", "not a number"),
        (2, "concentration", "0,05", "not a number"), // a decimal comma
        (6, "lat", "134.4", "between"),
        (3, "unit", "ppm", "unknown unit"),
        (3, "unit", "t/a", "not a concentration"),
        (2, "unit", "mg/m3", "not a concentration in wastewater"),
        (2, "annual_quantity_unit", "mg/L", "not an annual quantity"),
        (2, "permitted_quantity_unit", "", "required when"),
        (2, "cas", "75-09-3", "check digit"),
        (4, "cas", "75092", "expected the form"),
        (6, "uscc", "91320724YY100002XA", "check digit"),
        (2, "outlet_code", "DA002", "air outlet code, but the medium is water"),
        (4, "outlet_code", "DA1", "DA### or DW###"),
        (5, "published_on", "2024-02-30", "not a date"),
        (5, "extracted_on", "2024/13/1", "not a date"),
        (6, "report_year", "23", "not a year"),
        (2, "report_type", "yearly", "unknown value"),
        (6, "disclosure_basis", "listed_company;whim", "unknown value \"whim\""),
        (4, "frequency", "fortnightly", "unknown value"),
        (6, "medium", "soil", "unknown value"),
        (2, "entry", "15", "1 to 14"),
        (6, "exceedances", "1.5", "not a whole number"),
        (3, "detection_limit", "", "required when the concentration is ND"),
        (5, "detection_limit", "0.002", "differs"), // "<0.001" in the concentration
        (4, "method", " ", "a value is required"),
        (5, "temporary_trigger", "", "needs its trigger"),
        (6, "temporary_trigger", "other", "only temporary"),
        // Rows 2 and 3 share record e9001-2023-annual and outlet DW001.
        (3, "outlet_name_en", "Another outlet", "in row 2 of the same outlet"),
        (3, "receiving_body_en", "Sky", "\"Sky\" here, but \"Park wastewater treatment plant\" in row 2"),
        (3, "name_en", "Other Co. (fictitious)", "in row 2 of the same record"),
    ];
    for &(row, column, value, message) in cases {
        let mut t = english_table();
        set(&mut t, row, column, value);
        assert_one_error(&t, row, column, message);
    }
}

#[test]
fn unknown_missing_and_repeated_columns_are_reported_for_the_header_row() {
    let mut t = english_table();
    add_column(&mut t, "colour", "red");
    assert_one_error(&t, 1, "colour", "unknown column");

    let mut t = english_table();
    remove_column(&mut t, "method");
    assert_one_error(&t, 1, "method", "missing required column");

    let mut t = english_table();
    add_column(&mut t, "监测方法", "HJ 686-2014");
    assert_one_error(&t, 1, "监测方法", "the same column as \"method\"");
}

#[test]
fn a_pollutant_given_twice_at_one_outlet_is_reported() {
    let mut t = english_table();
    for (column, value) in [("pollutant_zh", "二氯甲烷"), ("pollutant_en", "Dichloromethane"), ("cas", "75-09-2")] {
        set(&mut t, 3, column, value);
    }
    set(&mut t, 3, "entry", "10");
    assert_one_error(&t, 3, "pollutant_zh", "already in row 2");
}

#[test]
fn a_value_in_a_column_without_a_header_is_reported() {
    let mut t = english_table();
    let width = t[0].len();
    t[3].push("stray".into());
    assert_one_error(&t, 4, &format!("(column {} without a header)", width + 1), "unexpected value");
}

#[test]
fn every_error_is_reported_not_just_the_first() {
    let mut t = english_table();
    set(&mut t, 2, "lat", "north");
    set(&mut t, 2, "cas", "75-09-3");
    set(&mut t, 4, "unit", "ppm");
    set(&mut t, 6, "uscc", "not a code");
    remove_column(&mut t, "frequency");
    let errors = import_table(&t).expect_err("broken");
    let mut found: Vec<(usize, &str)> = errors.iter().map(|e| (e.row, e.column.as_str())).collect();
    found.sort();
    assert_eq!(found, [(1, "frequency"), (2, "cas"), (2, "lat"), (4, "unit"), (6, "uscc")], "{}", list(&errors));
}

#[test]
fn errors_name_the_header_as_written_and_read_as_file_row_column_message() {
    let text = String::from_utf8(read("valid_zh_bom.csv")).expect("UTF-8");
    let broken = text.replacen("毫克/升", "ppm", 1);
    let errors = import_err("valid_zh_bom.csv", broken.as_bytes());
    assert_eq!(errors.len(), 1, "{}", list(&errors));
    assert_eq!((errors[0].row, errors[0].column.as_str()), (2, "浓度单位"));
    assert!(
        errors[0].to_string().starts_with("valid_zh_bom.csv: row 2, column \"浓度单位\": unknown unit \"ppm\""),
        "{}",
        errors[0]
    );
}

#[test]
fn headers_match_whatever_their_case_and_surrounding_spaces() {
    let mut t = english_table();
    t[0][0] = "  Report Year ".into();
    t[0][1] = "REPORT-TYPE".into();
    t[0][28] = " cas号 ".into();
    assert_eq!(import_table(&t).expect("headers match"), import_ok("valid_en.csv", &read("valid_en.csv")));
}

#[test]
fn blank_lines_are_skipped_and_rows_are_numbered_as_a_spreadsheet_shows_them() {
    let base = String::from_utf8(read("valid_en.csv")).expect("UTF-8");
    let width = english_table()[0].len();
    let with_blanks = base.replacen("\r\n", &format!("\r\n\r\n{}\r\n", ",".repeat(width - 1)), 1);
    assert_eq!(import_ok("blank.csv", with_blanks.as_bytes()), import_ok("valid_en.csv", base.as_bytes()));

    // Row 2's method holds a line break (still one spreadsheet row); a blank line follows the
    // header. The bad unit of data row 4 is then spreadsheet row 5.
    let mut t = english_table();
    set(&mut t, 2, "method", "HJ 686-2014\n(GC-MS)");
    set(&mut t, 4, "unit", "ppm");
    let text = String::from_utf8(to_csv(&t)).expect("UTF-8").replacen('\n', "\n\n", 1);
    let errors = import_err("multiline.csv", text.as_bytes());
    let found: Vec<(usize, &str)> = errors.iter().map(|e| (e.row, e.column.as_str())).collect();
    assert_eq!(found, [(5, "unit")], "{}", list(&errors));
}

#[test]
fn a_file_that_is_neither_utf8_nor_gb18030_gives_one_clear_error() {
    let cases: &[(&str, &[u8], &str)] = &[
        ("invalid bytes", b"report_year\n\x81\x20\xff\n", "neither UTF-8 nor GB18030"),
        ("UTF-16", b"\xff\xfer\x00e\x00", "UTF-16"),
        ("an empty file", b"", "empty"),
    ];
    for (what, bytes, message) in cases {
        let errors = import_err("bad.csv", bytes);
        assert_eq!(errors.len(), 1, "{what}:{}", list(&errors));
        assert_eq!(errors[0].row, 0, "{what}");
        assert!(errors[0].message.contains(message), "{what}: {}", errors[0]);
    }
    let header_only = to_csv(&english_table()[..1].to_vec());
    let errors = import_err("header.csv", &header_only);
    assert_eq!(errors.len(), 1, "{}", list(&errors));
    assert_eq!(errors[0].to_string(), "header.csv: the file has a header but no rows / 文件只有表头，没有数据行");
}

#[test]
fn the_valid_fixture_passes_the_reference_checks_of_feed_validate() {
    let reference = portal_feed::load::load(&data_dir()).reference.expect("reference data loads");
    let file = import_ok("valid_en.csv", &read("valid_en.csv"));
    let errors = portal_core::feed::validate::validate_disclosures(
        &reference,
        &[("valid_en.csv".to_owned(), file)],
        portal_feed::clock::current_year(),
    );
    assert!(errors.is_empty(), "{errors:#?}");
}

#[test]
fn run_leaves_an_existing_output_file_untouched_when_the_csv_is_broken() {
    let dir = tempfile::tempdir().expect("temp dir");
    let csv = dir.path().join("broken.csv");
    let mut t = english_table();
    set(&mut t, 3, "unit", "ppm");
    set(&mut t, 4, "cas", "75-09-3");
    std::fs::write(&csv, to_csv(&t)).expect("write csv");
    let out = dir.path().join("out.json");
    std::fs::write(&out, "previous content").expect("write old output");

    let err = run(&data_dir(), &[csv], &out).expect_err("broken CSV");
    assert!(err.starts_with("2 error(s)"), "{err}");
    assert_eq!(std::fs::read_to_string(&out).expect("output still there"), "previous content");
    let mut names: Vec<String> = std::fs::read_dir(dir.path())
        .expect("list")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(names, ["broken.csv", "out.json"], "no temporary file is left behind");
}

#[test]
fn the_output_of_run_parses_back_as_the_imported_disclosure_file() {
    let dir = tempfile::tempdir().expect("temp dir");
    let out = dir.path().join("imported.json");
    std::fs::write(&out, "previous content").expect("write old output");
    run(&data_dir(), &[fixture("valid_zh_gb18030.csv")], &out).expect("import succeeds");
    let text = std::fs::read_to_string(&out).expect("output written");
    let back: DisclosureFile = serde_json::from_str(&text).expect("output is a disclosure file");
    assert_eq!(back, import_ok("valid_en.csv", &read("valid_en.csv")));
    assert_eq!(std::fs::read_dir(dir.path()).expect("list").count(), 1, "no temporary file is left behind");
}

/// The english fixture with the format standard's one-value columns added: every row of record
/// e9001-2023-annual (rows 2–4) names its legal representative, monitoring plan and emergency
/// plan; its water outlet is indirect and its air outlet organised; row 2's value is a maximum of
/// 12 samples.
fn format_table() -> Table {
    let mut t = english_table();
    for (header, value) in [
        ("legal_representative", ""),
        ("monitoring_planned", ""),
        ("monitoring_completed", ""),
        ("emergency_plan_filing_no", ""),
        ("emergency_plan_filed_on", ""),
        ("risk_level", ""),
        ("discharge_mode", ""),
        ("statistic", ""),
        ("sample_count", ""),
    ] {
        add_column(&mut t, header, value);
    }
    for row in 2..=4 {
        set(&mut t, row, "legal_representative", "李某某（虚构）");
        set(&mut t, row, "monitoring_planned", "48");
        set(&mut t, row, "monitoring_completed", "45");
        set(&mut t, row, "emergency_plan_filing_no", "320700-2022-001-M");
        set(&mut t, row, "emergency_plan_filed_on", "2022/5/6");
        set(&mut t, row, "risk_level", "较大环境风险");
    }
    set(&mut t, 2, "discharge_mode", "间接排放");
    set(&mut t, 3, "discharge_mode", "indirect");
    set(&mut t, 4, "discharge_mode", "有组织");
    set(&mut t, 2, "statistic", "最大值");
    set(&mut t, 2, "sample_count", "12");
    t
}

#[test]
fn the_format_standard_columns_are_read_into_the_record_outlet_and_reading() {
    use portal_core::feed::disclosure::{DischargeMode, EmergencyPlan, RiskLevel, SelfMonitoring, Statistic};
    let file = import_table(&format_table()).unwrap_or_else(|e| panic!("should import:{}", list(&e)));
    let r = &file.records[0];
    assert_eq!(r.record_id, "e9001-2023-annual");
    assert_eq!(r.legal_representative.as_deref(), Some("李某某（虚构）"));
    assert_eq!(r.self_monitoring, Some(SelfMonitoring { planned: 48, completed: 45 }));
    assert_eq!(
        r.emergency_plan,
        Some(EmergencyPlan {
            filing_no: Some("320700-2022-001-M".into()),
            filed_on: Some("2022-05-06".into()),
            risk_level: Some(RiskLevel::Larger),
        })
    );
    assert_eq!(r.outlets[0].discharge_mode, Some(DischargeMode::Indirect));
    assert_eq!(r.outlets[1].discharge_mode, Some(DischargeMode::Organised));
    assert_eq!(r.outlets[0].pollutants[0].statistic, Some(Statistic::Maximum));
    assert_eq!(r.outlets[0].pollutants[0].sample_count, Some(12));
    assert_eq!(r.outlets[0].pollutants[1].statistic, None);
    // The rows without these cells give records without the fields.
    let other = file.records.iter().find(|r| r.record_id == "e9002-2023-annual").expect("e9002");
    assert_eq!(
        (other.legal_representative.as_ref(), other.self_monitoring, other.emergency_plan.as_ref()),
        (None, None, None)
    );
}

#[test]
fn bad_format_standard_cells_are_reported_at_their_row_and_column() {
    let cases: &[(usize, &str, &str, &str)] = &[
        (2, "discharge_mode", "fugitive", "does not describe a Water outlet"),
        (4, "discharge_mode", "直接排放", "does not describe a Air outlet"),
        (2, "statistic", "median", "unknown value"),
        (2, "sample_count", "1", "exceedances in 1 samples"),
        (6, "risk_level", "extreme", "unknown value"),
        (6, "emergency_plan_filed_on", "2022-02-30", "not a date"),
        (6, "monitoring_completed", "3", "required when the completed count is given"),
        // Rows 2 and 3 share record e9001-2023-annual.
        (3, "legal_representative", "赵某某（虚构）", "in row 2 of the same record"),
        (3, "discharge_mode", "direct", "in row 2 of the same outlet"),
    ];
    for &(row, column, value, message) in cases {
        let mut t = format_table();
        set(&mut t, row, column, value);
        if column == "sample_count" {
            set(&mut t, row, "exceedances", "2");
            let Err(errors) = import_table(&t) else { panic!("{row} {column}: expected an error") };
            assert!(
                errors.iter().any(|e| e.row == row && e.column == "exceedances" && e.message.contains(message)),
                "{row} {column}:{}",
                list(&errors)
            );
            continue;
        }
        let column = if column == "monitoring_completed" { "monitoring_planned" } else { column };
        assert_one_error(&t, row, column, message);
    }
    // Completed beyond planned.
    let mut t = format_table();
    for row in 2..=4 {
        set(&mut t, row, "monitoring_completed", "49");
    }
    let Err(errors) = import_table(&t) else { panic!("expected an error") };
    assert!(
        errors.iter().all(|e| e.column == "monitoring_completed" && e.message.contains("over 100 %")),
        "{}",
        list(&errors)
    );
    assert_eq!(errors.len(), 3, "one per row:{}", list(&errors));
}

// ---------------------------------------------------------------------------------------------
// List sheets: hazardous waste, facilities, products, fugitive emissions. Each is a CSV file of
// its own; its rows name their record (USCC, report year, report type, publication date) of the
// main sheet, here record e9001-2023-annual of `valid_en.csv`.

const E9001: [&str; 4] = ["91320724YY1000011R", "2023", "annual", "2024-03-05"];

fn with_key(header: &[&str], rows: &[&[&str]]) -> Table {
    let mut t = vec![
        ["uscc", "report_year", "report_type", "published_on"].iter().chain(header).map(|c| (*c).to_owned()).collect(),
    ];
    for r in rows {
        t.push(E9001.iter().chain(r.iter()).map(|c| (*c).to_owned()).collect());
    }
    t
}

/// Row 2: pharmaceutical waste with every quantity; row 3: packaging, the optional cells empty.
fn waste_table() -> Table {
    with_key(
        &[
            "waste_category",
            "waste_code",
            "waste_name_zh",
            "waste_name_en",
            "waste_generated",
            "waste_generated_unit",
            "waste_transferred",
            "waste_transferred_unit",
            "waste_receiver_zh",
            "waste_disposal",
            "waste_stored",
            "waste_stored_unit",
            "waste_utilised",
            "waste_utilised_unit",
            "waste_disposed",
            "waste_disposed_unit",
        ],
        &[
            &[
                "HW02",
                "271-001-02",
                "医药废物（虚构）",
                "Pharmaceutical waste",
                "12.5",
                "t/a",
                "11",
                "t/a",
                "连云港示例危废处置有限公司（虚构）",
                "incineration",
                "1.5",
                "t/a",
                "0",
                "t/a",
                "11",
                "t/a",
            ],
            &[
                "HW49",
                "",
                "废包装物",
                "Contaminated packaging",
                "800",
                "kg/a",
                "800",
                "kg/a",
                "示例回收有限公司（虚构）",
                "utilisation",
                "",
                "",
                "",
                "",
                "",
                "",
            ],
        ],
    )
}

/// Row 2: the wastewater station serving DW001; row 3: the exhaust unit serving DA001.
fn facility_table() -> Table {
    with_key(
        &[
            "facility_name_zh",
            "facility_name_en",
            "facility_medium",
            "facility_process_zh",
            "facility_process_en",
            "facility_capacity",
            "facility_capacity_unit",
            "facility_state",
            "facility_outlet",
        ],
        &[
            &[
                "废水处理站",
                "Wastewater treatment station",
                "water",
                "调节+生化",
                "Equalisation and biological treatment",
                "160",
                "m3/d",
                "operating",
                "DW001",
            ],
            &[
                "废气处理设施",
                "Exhaust treatment unit",
                "air",
                "活性炭吸附",
                "Activated-carbon adsorption",
                "20,000",
                "m³/h",
                "运行异常",
                "DA001",
            ],
        ],
    )
}

/// Row 2: a product with its capacity; row 3: one without.
fn product_table() -> Table {
    with_key(
        &["product_name_zh", "product_name_en", "product_capacity", "product_capacity_unit"],
        &[&["原料药", "Active pharmaceutical ingredients", "980", "t/a"], &["医药中间体", "Intermediates", "", ""]],
    )
}

/// Row 2: dichloromethane at the boundary, measured and estimated; row 3: chloroform not detected.
fn fugitive_table() -> Table {
    with_key(
        &[
            "fugitive_source_zh",
            "fugitive_source_en",
            "fugitive_pollutant_zh",
            "fugitive_pollutant_en",
            "fugitive_cas",
            "fugitive_entry",
            "fugitive_concentration",
            "fugitive_detection_limit",
            "fugitive_unit",
            "fugitive_annual_quantity",
            "fugitive_annual_quantity_unit",
        ],
        &[
            &[
                "厂界",
                "Plant boundary",
                "二氯甲烷",
                "Dichloromethane",
                "75-09-2",
                "10",
                "0.22",
                "",
                "mg/m3",
                "0.286",
                "t/a",
            ],
            &["储罐区", "Tank farm", "三氯甲烷", "Chloroform", "67-66-3", "11", "ND", "0.0014", "mg/m³", "", ""],
        ],
    )
}

/// The main sheet and the four list sheets, by file name.
fn workbook() -> Vec<(&'static str, Table)> {
    vec![
        ("main.csv", english_table()),
        ("waste.csv", waste_table()),
        ("facilities.csv", facility_table()),
        ("products.csv", product_table()),
        ("fugitive.csv", fugitive_table()),
    ]
}

fn import_workbook(sheets: &[(&str, Table)]) -> Result<DisclosureFile, Vec<ImportError>> {
    let bytes: Vec<(&str, Vec<u8>)> = sheets.iter().map(|(n, t)| (*n, to_csv(t))).collect();
    let files: Vec<(&str, &[u8])> = bytes.iter().map(|(n, b)| (*n, b.as_slice())).collect();
    import_csvs(&files)
}

fn sheet<'a>(book: &'a mut [(&str, Table)], name: &str) -> &'a mut Table {
    &mut book.iter_mut().find(|(n, _)| *n == name).unwrap_or_else(|| panic!("no sheet {name}")).1
}

#[test]
fn list_sheets_are_read_into_the_record_they_name_in_order() {
    use portal_core::feed::disclosure::{
        CapacityUnit, Disposal, FacilityState, FugitiveEmission, HazardousWaste, Product, Quantity, TreatmentFacility,
    };
    let q = |value, unit| Quantity { value, unit };
    let file = import_workbook(&workbook()).unwrap_or_else(|e| panic!("should import:{}", list(&e)));
    let r = &file.records[0];
    assert_eq!(r.record_id, "e9001-2023-annual");
    assert_eq!(
        r.hazardous_waste,
        [
            HazardousWaste {
                category: "HW02".into(),
                name_zh: "医药废物（虚构）".into(),
                name_en: "Pharmaceutical waste".into(),
                generated: q(12.5, Unit::TonnesPerYear),
                transferred: q(11.0, Unit::TonnesPerYear),
                receiver_zh: "连云港示例危废处置有限公司（虚构）".into(),
                disposal: Disposal::Incineration,
                code: Some("271-001-02".into()),
                stored: Some(q(1.5, Unit::TonnesPerYear)),
                utilised: Some(q(0.0, Unit::TonnesPerYear)),
                disposed: Some(q(11.0, Unit::TonnesPerYear)),
            },
            HazardousWaste {
                category: "HW49".into(),
                name_zh: "废包装物".into(),
                name_en: "Contaminated packaging".into(),
                generated: q(800.0, Unit::KgPerYear),
                transferred: q(800.0, Unit::KgPerYear),
                receiver_zh: "示例回收有限公司（虚构）".into(),
                disposal: Disposal::Utilisation,
                code: None,
                stored: None,
                utilised: None,
                disposed: None,
            },
        ]
    );
    assert_eq!(
        r.facilities,
        [
            TreatmentFacility {
                name_zh: "废水处理站".into(),
                name_en: "Wastewater treatment station".into(),
                medium: OutletMedium::Water,
                process_zh: "调节+生化".into(),
                process_en: "Equalisation and biological treatment".into(),
                capacity: 160.0,
                capacity_unit: CapacityUnit::CubicMetresPerDay,
                state: FacilityState::Operating,
                outlet: Some("DW001".into()),
            },
            TreatmentFacility {
                name_zh: "废气处理设施".into(),
                name_en: "Exhaust treatment unit".into(),
                medium: OutletMedium::Air,
                process_zh: "活性炭吸附".into(),
                process_en: "Activated-carbon adsorption".into(),
                capacity: 20_000.0,
                capacity_unit: CapacityUnit::CubicMetresPerHour,
                state: FacilityState::Interrupted,
                outlet: Some("DA001".into()),
            },
        ]
    );
    assert_eq!(
        r.products,
        [
            Product {
                name_zh: "原料药".into(),
                name_en: "Active pharmaceutical ingredients".into(),
                capacity: Some(q(980.0, Unit::TonnesPerYear)),
            },
            Product { name_zh: "医药中间体".into(), name_en: "Intermediates".into(), capacity: None },
        ]
    );
    assert_eq!(
        r.fugitive_emissions,
        [
            FugitiveEmission {
                source_zh: "厂界".into(),
                source_en: "Plant boundary".into(),
                name_zh: "二氯甲烷".into(),
                name_en: "Dichloromethane".into(),
                cas: Some("75-09-2".into()),
                entry: Some(10),
                boundary_concentration: Some(Measurement::Detected { value: 0.22, unit: Unit::MgPerM3 }),
                annual_quantity: Some(q(0.286, Unit::TonnesPerYear)),
            },
            FugitiveEmission {
                source_zh: "储罐区".into(),
                source_en: "Tank farm".into(),
                name_zh: "三氯甲烷".into(),
                name_en: "Chloroform".into(),
                cas: Some("67-66-3".into()),
                entry: Some(11),
                boundary_concentration: Some(Measurement::NotDetected { detection_limit: 0.0014, unit: Unit::MgPerM3 }),
                annual_quantity: None,
            },
        ]
    );
    // The other records get nothing; the main sheet's content is unchanged.
    for other in &file.records[1..] {
        assert!(other.hazardous_waste.is_empty() && other.facilities.is_empty(), "{}", other.record_id);
        assert!(other.products.is_empty() && other.fugitive_emissions.is_empty(), "{}", other.record_id);
    }
    let main_only = import_ok("valid_en.csv", &read("valid_en.csv"));
    let mut stripped = file.clone();
    for r in &mut stripped.records {
        (r.hazardous_waste, r.facilities, r.products, r.fugitive_emissions) = Default::default();
    }
    assert_eq!(stripped, main_only);
    // The sheets may come in any order, the main sheet last too.
    let mut reversed = workbook();
    reversed.reverse();
    assert_eq!(import_workbook(&reversed).expect("any order"), file);
}

/// The English header of `table`'s columns turned into the Chinese ones of `columns`.
fn chinese_headers(table: &mut Table, columns: &[portal_feed::import::Column]) {
    for h in &mut table[0] {
        let c = columns.iter().find(|c| c.key == h.as_str()).unwrap_or_else(|| panic!("no column {h}"));
        *h = c.zh.to_owned();
    }
}

#[test]
fn list_sheets_with_chinese_headers_and_chinese_choices_give_the_same_records() {
    use portal_feed::import::{FACILITY_COLUMNS, FUGITIVE_COLUMNS, PRODUCT_COLUMNS, WASTE_COLUMNS};
    let english = import_workbook(&workbook()).unwrap_or_else(|e| panic!("should import:{}", list(&e)));
    let mut book = workbook();
    for (name, columns) in [
        ("waste.csv", WASTE_COLUMNS),
        ("facilities.csv", FACILITY_COLUMNS),
        ("products.csv", PRODUCT_COLUMNS),
        ("fugitive.csv", FUGITIVE_COLUMNS),
    ] {
        let t = sheet(&mut book, name);
        for row in 2..=t.len() {
            set(t, row, "report_type", "年度报告");
            set(t, row, "published_on", "2024/3/5");
        }
        chinese_headers(t, columns);
    }
    let t = sheet(&mut book, "waste.csv");
    set(t, 2, "利用处置方式", "焚烧");
    set(t, 3, "利用处置方式", "综合利用");
    set(t, 3, "产生量单位", "千克/年");
    set(t, 2, "危险废物类别", "hw02");
    let t = sheet(&mut book, "facilities.csv");
    set(t, 2, "处理对象", "废水");
    set(t, 3, "处理对象", "废气");
    set(t, 2, "处理能力单位", "立方米/日");
    set(t, 3, "处理能力单位", "立方米/小时");
    set(t, 2, "运行状态", "正常运行");
    set(t, 2, "处理能力", "１６０");
    let t = sheet(&mut book, "fugitive.csv");
    set(t, 2, "厂界浓度单位", "毫克/立方米");
    set(t, 3, "厂界浓度", "未检出");
    let chinese = import_workbook(&book).unwrap_or_else(|e| panic!("should import:{}", list(&e)));
    assert_eq!(chinese, english);
}

/// Imports `book` and checks that it gives exactly one error, in `file` at `row` and `column`,
/// saying `message` in English and something in Chinese.
fn assert_one_book_error(book: &[(&str, Table)], file: &str, row: usize, column: &str, message: &str) {
    let what = format!("{file} row {row}, column {column:?}");
    let Err(errors) = import_workbook(book) else { panic!("{what}: expected an error") };
    assert_eq!(errors.len(), 1, "{what}: expected one error, got:{}", list(&errors));
    let e = &errors[0];
    assert_eq!((e.file.as_str(), e.row, e.column.as_str()), (file, row, column), "{what}: {e}");
    assert!(e.message.contains(message), "{what}: expected {message:?} in {e}");
    assert!(e.message.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)), "{what}: no Chinese in {e}");
}

#[test]
fn each_kind_of_bad_list_cell_is_reported_at_its_file_row_and_column_in_english_and_chinese() {
    // (file, row, column, new value, part of the message)
    let cases: &[(&str, usize, &str, &str, &str)] = &[
        ("waste.csv", 2, "waste_category", "HW4", "expected an HW code"),
        ("waste.csv", 2, "waste_category", "XX02", "expected an HW code"),
        ("waste.csv", 2, "waste_code", "271-001", "NNN-NNN-NN"),
        ("waste.csv", 2, "waste_code", "271-001-03", "ends in 03, but the category is HW02"),
        ("waste.csv", 2, "waste_stored", "-1.5", "negative"),
        ("waste.csv", 2, "waste_generated", "", "a value is required"),
        ("waste.csv", 2, "waste_utilised_unit", "", "required when"),
        ("waste.csv", 2, "waste_disposed_unit", "mg/L", "not an annual quantity"),
        ("waste.csv", 3, "waste_disposal", "burnt", "unknown value"),
        ("waste.csv", 3, "waste_receiver_zh", " ", "a value is required"),
        ("facilities.csv", 2, "facility_state", "broken", "unknown value"),
        ("facilities.csv", 2, "facility_capacity", "0", "must be a number > 0"),
        ("facilities.csv", 2, "facility_capacity_unit", "L/s", "unknown value"),
        ("facilities.csv", 2, "facility_medium", "soil", "unknown value"),
        ("facilities.csv", 2, "facility_outlet", "DW002", "no outlet DW002 in this record"),
        ("facilities.csv", 3, "facility_outlet", "DW001", "but the medium is air"),
        ("products.csv", 2, "product_name_en", "", "a value is required"),
        ("fugitive.csv", 2, "fugitive_unit", "mg/L", "not a concentration in exhaust gas"),
        ("fugitive.csv", 2, "fugitive_unit", "", "required when a concentration is given"),
        ("fugitive.csv", 3, "fugitive_concentration", "", "required when a unit or detection limit is given"),
        ("fugitive.csv", 3, "fugitive_detection_limit", "", "required when the concentration is ND"),
        ("fugitive.csv", 2, "fugitive_cas", "75-09-3", "check digit"),
        ("fugitive.csv", 2, "fugitive_entry", "15", "1 to 14"),
        ("fugitive.csv", 2, "fugitive_annual_quantity", "-0.2", "negative"),
        // The record a row names must be on the main sheet.
        ("waste.csv", 3, "report_year", "2022", "no record of the main sheet"),
        ("products.csv", 2, "published_on", "2024-03-06", "no record of the main sheet"),
        ("facilities.csv", 2, "uscc", "91320724YY100002XA", "check digit"),
        ("fugitive.csv", 2, "report_type", "yearly", "unknown value"),
    ];
    for &(file, row, column, value, message) in cases {
        let mut book = workbook();
        set(sheet(&mut book, file), row, column, value);
        // A record that is not there is reported at the USCC, which names it first.
        let at = if message.starts_with("no record") { "uscc" } else { column };
        assert_one_book_error(&book, file, row, at, message);
    }
    // A unit without its value is reported at the value.
    let mut book = workbook();
    set(sheet(&mut book, "products.csv"), 3, "product_capacity_unit", "t/a");
    assert_one_book_error(&book, "products.csv", 3, "product_capacity", "required when");
    // The outlet code's form is checked against the facility's medium.
    let mut book = workbook();
    set(sheet(&mut book, "facilities.csv"), 3, "facility_outlet", "DA1");
    assert_one_book_error(&book, "facilities.csv", 3, "facility_outlet", "DA### or DW###");
}

/// Writes each sheet of `book` into `dir` as a CSV file; returns their paths.
fn write_book(dir: &Path, book: &[(&str, Table)]) -> Vec<PathBuf> {
    book.iter()
        .map(|(name, t)| {
            let path = dir.join(name);
            std::fs::write(&path, to_csv(t)).expect("write a sheet");
            path
        })
        .collect()
}

#[test]
fn a_broken_list_sheet_writes_nothing_and_reports_every_row() {
    let mut book = workbook();
    set(sheet(&mut book, "waste.csv"), 2, "waste_code", "271001-02");
    set(sheet(&mut book, "waste.csv"), 3, "waste_transferred", "-800");
    set(sheet(&mut book, "facilities.csv"), 3, "facility_state", "坏了");
    set(sheet(&mut book, "main.csv"), 4, "unit", "ppm");
    let errors = import_workbook(&book).expect_err("broken");
    let mut found: Vec<(&str, usize, &str)> =
        errors.iter().map(|e| (e.file.as_str(), e.row, e.column.as_str())).collect();
    found.sort();
    assert_eq!(
        found,
        [
            ("facilities.csv", 3, "facility_state"),
            ("main.csv", 4, "unit"),
            ("waste.csv", 2, "waste_code"),
            ("waste.csv", 3, "waste_transferred"),
        ],
        "{}",
        list(&errors)
    );

    let dir = tempfile::tempdir().expect("temp dir");
    let paths = write_book(dir.path(), &book);
    let out = dir.path().join("out.json");
    std::fs::write(&out, "previous content").expect("write old output");
    let err = run(&data_dir(), &paths, &out).expect_err("broken sheets");
    assert!(err.starts_with("4 error(s)"), "{err}");
    assert_eq!(std::fs::read_to_string(&out).expect("output still there"), "previous content");
}

#[test]
fn run_writes_the_list_sheets_into_the_source_file() {
    let dir = tempfile::tempdir().expect("temp dir");
    let paths = write_book(dir.path(), &workbook());
    let out = dir.path().join("imported.json");
    run(&data_dir(), &paths, &out).expect("import succeeds");
    let back: DisclosureFile =
        serde_json::from_str(&std::fs::read_to_string(&out).expect("output written")).expect("a disclosure file");
    assert_eq!(back, import_workbook(&workbook()).expect("imports"));
    assert_eq!(back.records[0].hazardous_waste.len(), 2);
}

#[test]
fn sheets_are_told_apart_by_their_headers_and_a_column_on_the_wrong_sheet_says_where_it_belongs() {
    // A list sheet alone: no main sheet.
    let errors = import_workbook(&[("waste.csv", waste_table())]).expect_err("no main sheet");
    assert_eq!(errors.len(), 1, "{}", list(&errors));
    assert!(errors[0].message.contains("no main sheet") && errors[0].message.contains("主表"), "{}", errors[0]);

    // A waste column on the main sheet.
    let mut book = workbook();
    add_column(sheet(&mut book, "main.csv"), "危险废物代码", "");
    assert_one_book_error(&book, "main.csv", 1, "危险废物代码", "a column of the hazardous waste sheet");

    // A facility column on the waste sheet.
    let mut book = workbook();
    add_column(sheet(&mut book, "waste.csv"), "facility_state", "operating");
    assert_one_book_error(&book, "waste.csv", 1, "facility_state", "a column of the facilities sheet");

    // A list sheet lacking a required column.
    let mut book = workbook();
    remove_column(sheet(&mut book, "facilities.csv"), "facility_state");
    assert_one_book_error(&book, "facilities.csv", 1, "facility_state", "missing required column");

    // The record's columns are on every list sheet.
    let mut book = workbook();
    remove_column(sheet(&mut book, "products.csv"), "published_on");
    assert_one_book_error(&book, "products.csv", 1, "published_on", "missing required column");
}

#[test]
fn no_header_means_two_things_on_two_sheets() {
    use portal_feed::import::SECTIONS;
    use std::collections::HashMap;
    let normal = |s: &str| s.trim().to_lowercase().replace([' ', '-'], "_");
    let mut seen: HashMap<String, (&str, &str)> = HashMap::new();
    for s in SECTIONS {
        for c in s.columns {
            for name in [c.key, c.zh] {
                if let Some((other, key)) = seen.insert(normal(name), (s.en, c.key)) {
                    // The columns that name a record are the same column on every sheet.
                    assert_eq!(
                        key, c.key,
                        "{name:?} is {key} on the {other} sheet and {} on the {} sheet",
                        c.key, s.en
                    );
                }
            }
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Round trip: the sample's records with lists, written out as the sheets a clerk fills in, come
// back from the import as they are in the JSON (less what the spreadsheet does not carry).

/// A choice as the sheets write it: its JSON name.
fn name_of<T: serde::Serialize>(v: &T) -> String {
    match serde_json::to_value(v).expect("serialises") {
        serde_json::Value::String(s) => s,
        other => panic!("not a string: {other}"),
    }
}

fn opt<T: ToString>(v: Option<T>) -> String {
    v.map_or_else(String::new, |v| v.to_string())
}

/// A sheet with the columns of `columns`, English headers, one row per map of cells.
fn sheet_of(columns: &[portal_feed::import::Column], rows: &[std::collections::HashMap<&str, String>]) -> Table {
    let mut t: Table = vec![columns.iter().map(|c| c.key.to_owned()).collect()];
    for row in rows {
        for key in row.keys() {
            assert!(columns.iter().any(|c| c.key == *key), "no column {key}");
        }
        t.push(columns.iter().map(|c| row.get(c.key).cloned().unwrap_or_default()).collect());
    }
    t
}

/// The sheets a clerk would fill in for `records`, written from the records.
fn sheets_for(records: &[portal_core::feed::disclosure::DisclosureRecord]) -> Vec<(&'static str, Table)> {
    use portal_feed::import::{COLUMNS, FACILITY_COLUMNS, FUGITIVE_COLUMNS, PRODUCT_COLUMNS, WASTE_COLUMNS};
    use std::collections::HashMap;
    let quantity = |row: &mut HashMap<&str, String>,
                    key: &'static str,
                    unit: &'static str,
                    q: Option<&portal_core::feed::disclosure::Quantity>| {
        if let Some(q) = q {
            row.insert(key, q.value.to_string());
            row.insert(unit, q.unit.symbol().to_owned());
        }
    };
    let measurement = |row: &mut HashMap<&str, String>, keys: [&'static str; 3], m: &Measurement| {
        let [value, limit, unit] = keys;
        match *m {
            Measurement::Detected { value: v, unit: u } => {
                row.insert(value, v.to_string());
                row.insert(unit, u.symbol().to_owned());
            }
            Measurement::NotDetected { detection_limit, unit: u } => {
                row.insert(value, "ND".into());
                row.insert(limit, detection_limit.to_string());
                row.insert(unit, u.symbol().to_owned());
            }
        }
    };
    let (mut main, mut waste, mut facilities, mut products, mut fugitive) =
        (Vec::new(), Vec::new(), Vec::new(), Vec::new(), Vec::new());
    for r in records {
        let e = &r.enterprise;
        let key: HashMap<&str, String> = HashMap::from([
            ("uscc", e.uscc.clone()),
            ("report_year", r.report_year.to_string()),
            ("report_type", name_of(&r.report_type)),
            ("published_on", r.published_on.clone()),
        ]);
        let mut record = key.clone();
        record.extend([
            ("temporary_trigger", opt(r.temporary_trigger.map(|t| name_of(&t)))),
            ("disclosure_basis", r.disclosure_basis.iter().map(name_of).collect::<Vec<_>>().join(";")),
            ("source", r.provenance.source.clone()),
            ("extracted_on", r.provenance.extracted_on.clone()),
            ("is_sample", r.is_sample.to_string()),
            ("legal_representative", opt(r.legal_representative.as_ref())),
            ("monitoring_planned", opt(r.self_monitoring.map(|m| m.planned))),
            ("monitoring_completed", opt(r.self_monitoring.map(|m| m.completed))),
            ("emergency_plan_filing_no", opt(r.emergency_plan.as_ref().and_then(|p| p.filing_no.as_ref()))),
            ("emergency_plan_filed_on", opt(r.emergency_plan.as_ref().and_then(|p| p.filed_on.as_ref()))),
            ("risk_level", opt(r.emergency_plan.as_ref().and_then(|p| p.risk_level).map(|l| name_of(&l)))),
            ("enterprise_id", e.id.clone()),
            ("name_zh", e.name_zh.clone()),
            ("name_en", e.name_en.clone()),
            ("industry", e.industry.clone()),
            ("district_code", e.district_code.clone()),
            ("zone", opt(e.zone.as_ref())),
            ("address_zh", e.address_zh.clone()),
            ("address_en", e.address_en.clone()),
            ("lat", e.location.lat.to_string()),
            ("lng", e.location.lng.to_string()),
            ("precision", name_of(&e.location.precision)),
        ]);
        for o in &r.outlets {
            for p in &o.pollutants {
                let mut row = record.clone();
                row.extend([
                    ("outlet_code", o.code.clone()),
                    ("outlet_name_zh", o.name_zh.clone()),
                    ("outlet_name_en", o.name_en.clone()),
                    ("medium", name_of(&o.medium)),
                    ("receiving_body_zh", o.receiving_body_zh.clone()),
                    ("receiving_body_en", o.receiving_body_en.clone()),
                    ("discharge_mode", opt(o.discharge_mode.map(|m| name_of(&m)))),
                    ("annual_volume_m3", opt(o.annual_volume_m3)),
                    ("pollutant_zh", p.name_zh.clone()),
                    ("pollutant_en", p.name_en.clone()),
                    ("cas", opt(p.cas.as_ref())),
                    ("entry", opt(p.entry)),
                    ("method", p.monitoring.method.clone()),
                    ("frequency", name_of(&p.monitoring.frequency)),
                    ("limit_id", opt(p.limit.as_ref())),
                    ("exceedances", p.exceedances.to_string()),
                    ("statistic", opt(p.statistic.map(|s| name_of(&s)))),
                    ("sample_count", opt(p.sample_count)),
                ]);
                measurement(&mut row, ["concentration", "detection_limit", "unit"], &p.concentration);
                quantity(&mut row, "annual_quantity", "annual_quantity_unit", p.annual_quantity.as_ref());
                quantity(&mut row, "permitted_quantity", "permitted_quantity_unit", p.permitted_quantity.as_ref());
                main.push(row);
            }
        }
        for w in &r.hazardous_waste {
            let mut row = key.clone();
            row.extend([
                ("waste_category", w.category.clone()),
                ("waste_code", opt(w.code.as_ref())),
                ("waste_name_zh", w.name_zh.clone()),
                ("waste_name_en", w.name_en.clone()),
                ("waste_receiver_zh", w.receiver_zh.clone()),
                ("waste_disposal", name_of(&w.disposal)),
            ]);
            quantity(&mut row, "waste_generated", "waste_generated_unit", Some(&w.generated));
            quantity(&mut row, "waste_transferred", "waste_transferred_unit", Some(&w.transferred));
            quantity(&mut row, "waste_stored", "waste_stored_unit", w.stored.as_ref());
            quantity(&mut row, "waste_utilised", "waste_utilised_unit", w.utilised.as_ref());
            quantity(&mut row, "waste_disposed", "waste_disposed_unit", w.disposed.as_ref());
            waste.push(row);
        }
        for f in &r.facilities {
            let mut row = key.clone();
            row.extend([
                ("facility_name_zh", f.name_zh.clone()),
                ("facility_name_en", f.name_en.clone()),
                ("facility_medium", name_of(&f.medium)),
                ("facility_process_zh", f.process_zh.clone()),
                ("facility_process_en", f.process_en.clone()),
                ("facility_capacity", f.capacity.to_string()),
                ("facility_capacity_unit", name_of(&f.capacity_unit)),
                ("facility_state", name_of(&f.state)),
                ("facility_outlet", opt(f.outlet.as_ref())),
            ]);
            facilities.push(row);
        }
        for p in &r.products {
            let mut row = key.clone();
            row.extend([("product_name_zh", p.name_zh.clone()), ("product_name_en", p.name_en.clone())]);
            quantity(&mut row, "product_capacity", "product_capacity_unit", p.capacity.as_ref());
            products.push(row);
        }
        for f in &r.fugitive_emissions {
            let mut row = key.clone();
            row.extend([
                ("fugitive_source_zh", f.source_zh.clone()),
                ("fugitive_source_en", f.source_en.clone()),
                ("fugitive_pollutant_zh", f.name_zh.clone()),
                ("fugitive_pollutant_en", f.name_en.clone()),
                ("fugitive_cas", opt(f.cas.as_ref())),
                ("fugitive_entry", opt(f.entry)),
            ]);
            if let Some(m) = &f.boundary_concentration {
                measurement(&mut row, ["fugitive_concentration", "fugitive_detection_limit", "fugitive_unit"], m);
            }
            quantity(&mut row, "fugitive_annual_quantity", "fugitive_annual_quantity_unit", f.annual_quantity.as_ref());
            fugitive.push(row);
        }
    }
    vec![
        ("main.csv", sheet_of(COLUMNS, &main)),
        ("waste.csv", sheet_of(WASTE_COLUMNS, &waste)),
        ("facilities.csv", sheet_of(FACILITY_COLUMNS, &facilities)),
        ("products.csv", sheet_of(PRODUCT_COLUMNS, &products)),
        ("fugitive.csv", sheet_of(FUGITIVE_COLUMNS, &fugitive)),
    ]
}

#[test]
fn the_samples_records_with_lists_come_back_from_their_sheets_as_they_are_in_the_json() {
    let text = std::fs::read_to_string(data_dir().join("disclosures/sample.json")).expect("the sample");
    let sample: DisclosureFile = serde_json::from_str(&text).expect("the sample parses");
    let mut expected: Vec<_> = sample
        .records
        .into_iter()
        .filter(|r| {
            !(r.hazardous_waste.is_empty()
                && r.facilities.is_empty()
                && r.products.is_empty()
                && r.fugitive_emissions.is_empty())
        })
        .collect();
    assert!(expected.len() > 100, "the sample has records with lists: {}", expected.len());
    // Every list, and the waste's optional quantities, is exercised (a not-detected boundary
    // concentration, which the sample lacks, is in the tests above).
    let count =
        |has: fn(&portal_core::feed::disclosure::DisclosureRecord) -> bool| expected.iter().filter(|r| has(r)).count();
    assert!(count(|r| !r.hazardous_waste.is_empty()) > 0);
    assert!(
        count(|r| r
            .hazardous_waste
            .iter()
            .any(|w| w.code.is_some() && w.stored.is_some() && w.utilised.is_some() && w.disposed.is_some()))
            > 0
    );
    assert!(count(|r| r.facilities.iter().any(|f| f.outlet.is_some())) > 0);
    assert!(count(|r| r.products.iter().any(|p| p.capacity.is_some())) > 0);
    assert!(
        count(|r| r
            .fugitive_emissions
            .iter()
            .any(|f| f.boundary_concentration.is_some() && f.annual_quantity.is_some()))
            > 0
    );
    // What the spreadsheet does not carry (see the import's module documentation).
    for r in &mut expected {
        r.permit = None;
        r.toxic_raw_materials.clear();
        r.clean_production_audit = None;
        r.penalties.clear();
        r.provenance.note = None;
    }
    let book = sheets_for(&expected);
    let imported =
        import_workbook(&book).unwrap_or_else(|e| panic!("the sample's sheets import:{}", list(&e[..e.len().min(20)])));
    assert_eq!(imported.records.len(), expected.len());
    for (got, want) in imported.records.iter().zip(&expected) {
        assert_eq!(got, want, "{}", want.record_id);
    }
}

// ---------------------------------------------------------------------------------------------
// The clerk's guide (docs/import.md) and the header-only templates (docs/templates/) list the
// columns of header.rs, no more, no fewer, in its order.

/// The table of a sheet's columns as docs/import.md shows it.
fn columns_table(columns: &[portal_feed::import::Column]) -> String {
    let mut t = String::from("| 表头 | English header | 必填 required |\n|---|---|---|\n");
    for c in columns {
        let required = if c.required { "是 yes" } else { "" };
        t.push_str(&format!("| {} | `{}` | {required} |\n", c.zh, c.key));
    }
    t
}

fn template_name(kind: portal_feed::import::SheetKind) -> &'static str {
    use portal_feed::import::SheetKind;
    match kind {
        SheetKind::Readings => "readings.csv",
        SheetKind::HazardousWaste => "hazardous-waste.csv",
        SheetKind::Facilities => "facilities.csv",
        SheetKind::Products => "products.csv",
        SheetKind::FugitiveEmissions => "fugitive-emissions.csv",
    }
}

#[test]
fn the_guide_and_the_templates_list_the_importers_columns() {
    use portal_feed::import::{SECTIONS, SheetKind};
    let docs = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../docs");
    let guide = std::fs::read_to_string(docs.join("import.md")).expect("docs/import.md");
    let mut missing = Vec::new();
    for s in SECTIONS {
        let heading = format!("## {}（{}", s.zh, s.en);
        let Some(at) = guide.find(&heading) else {
            missing.push(format!("a heading starting {heading:?}"));
            continue;
        };
        let table = columns_table(s.columns);
        if !guide[at..].contains(&table) {
            missing.push(format!("under {heading:?} the table:\n{table}"));
        }
        // The template: the Chinese headers, UTF-8 with a BOM (so that Excel reads it as UTF-8),
        // and no rows; it is recognised as its sheet.
        let path = docs.join("templates").join(template_name(s.kind));
        let bytes = std::fs::read(&path).unwrap_or_else(|_| panic!("{} is missing", path.display()));
        let headers: Vec<&str> = s.columns.iter().map(|c| c.zh).collect();
        let want = format!("\u{feff}{}\r\n", headers.join(","));
        assert_eq!(String::from_utf8(bytes.clone()).expect("UTF-8"), want, "{}", path.display());
        // Alone, the main sheet's template has no rows, and a list sheet's no main sheet.
        let errors = import_err(template_name(s.kind), &bytes);
        let expected = if s.kind == SheetKind::Readings { "no rows" } else { "no main sheet" };
        assert!(errors.len() == 1 && errors[0].message.contains(expected), "{}:{}", s.en, list(&errors));
    }
    assert!(missing.is_empty(), "docs/import.md lacks:\n{}", missing.join("\n"));
}
