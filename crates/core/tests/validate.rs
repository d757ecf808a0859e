//! The validator's promises, checked against the real reference data and a real sample record:
//! every rule names the file, the record and the field path of what broke it, and validation
//! collects every error instead of stopping at the first.

mod common;

use common::{SAMPLE_FILE, file_of, first_record, reference, reference_ref, sample};
use portal_core::feed::disclosure::{
    DisclosureFile, DisclosureRecord, ObligationList, Penalty, Provenance, ReportType, TemporaryTrigger,
};
use portal_core::feed::ids::{org_code_check_char, uscc_check_char};
use portal_core::feed::reference::Reference;
use portal_core::feed::units::{Measurement, Unit};
use portal_core::feed::validate::{ValidationError, validate_disclosures, validate_reference};

/// The "current year" handed to the validator; reporting years run from 2021 to this.
const YEAR: u16 = 2026;
/// The id of [`first_record`].
const RECORD: &str = "e00000-2021-annual";
/// The USCC of [`first_record`]'s enterprise.
const USCC: &str = "91320724YY000001XA";

type Mutation = Box<dyn Fn(&mut DisclosureRecord)>;

fn list(errors: &[ValidationError]) -> String {
    if errors.is_empty() { "\n  (no errors)".to_owned() } else { errors.iter().map(|e| format!("\n  {e}")).collect() }
}

/// Whether `errors` holds one naming this file, record and path whose message contains `message`.
fn has(errors: &[ValidationError], file: &str, record: &str, path: &str, message: &str) -> bool {
    errors.iter().any(|e| e.file == file && e.record == record && e.path == path && e.message.contains(message))
}

#[track_caller]
fn assert_has(errors: &[ValidationError], file: &str, record: &str, path: &str, message: &str) {
    assert!(
        has(errors, file, record, path, message),
        "expected an error `{file}: {record}: {path}: …{message}…`, got:{}",
        list(errors)
    );
}

fn validate_files(files: Vec<(&str, DisclosureFile)>) -> Vec<ValidationError> {
    let files: Vec<(String, DisclosureFile)> = files.into_iter().map(|(p, f)| (p.to_owned(), f)).collect();
    validate_disclosures(reference_ref(), &files, YEAR)
}

fn validate_records(records: Vec<DisclosureRecord>) -> Vec<ValidationError> {
    validate_files(vec![(SAMPLE_FILE, file_of(records))])
}

/// A valid USCC in Lianyungang (320700) with the given 8-character organisation code body.
fn make_uscc(org8: &str) -> String {
    let first17 = format!("91320700{org8}{}", org_code_check_char(org8).expect("valid organisation code body"));
    let check = uscc_check_char(&first17).expect("valid USCC body");
    format!("{first17}{check}")
}

#[test]
fn the_real_reference_data_has_no_errors() {
    let errors = validate_reference(reference_ref());
    assert!(errors.is_empty(), "reference errors:{}", list(&errors));
}

#[test]
fn the_whole_real_sample_validates_with_no_errors() {
    let files = vec![(SAMPLE_FILE.to_owned(), sample().clone())];
    let errors = validate_disclosures(reference_ref(), &files, YEAR);
    assert!(errors.is_empty(), "sample errors:{}", list(&errors));
    assert_eq!(sample().records.len(), 586, "the sample this suite was written against");
}

#[test]
fn the_unmodified_first_record_validates_with_no_errors() {
    let record = first_record();
    assert_eq!(record.record_id, RECORD);
    assert_eq!(record.enterprise.uscc, USCC);
    let errors = validate_records(vec![record]);
    assert!(errors.is_empty(), "errors:{}", list(&errors));
}

/// One mutation of [`first_record`] per case, each with the field path and a message substring
/// of the error it must produce.
fn record_mutations() -> Vec<(&'static str, Mutation, &'static str, &'static str)> {
    let forbidden = |letter: char| -> Mutation {
        Box::new(move |d: &mut DisclosureRecord| {
            // Position 9 starts the organisation code: 91320724|YY000001X|A.
            let mut chars: Vec<char> = d.enterprise.uscc.chars().collect();
            chars[8] = letter;
            d.enterprise.uscc = chars.into_iter().collect();
        })
    };
    vec![
        (
            "bad CAS check digit in a raw material",
            Box::new(|d: &mut DisclosureRecord| d.toxic_raw_materials[0].cas = Some("75-09-3".into())),
            "toxic_raw_materials[0].cas",
            "check digit is 3, expected 2",
        ),
        (
            "bad CAS check digit at an outlet",
            Box::new(|d: &mut DisclosureRecord| d.outlets[0].pollutants[1].cas = Some("67-66-4".into())),
            "outlets[0].pollutants[1].cas",
            "check digit is 4, expected 3",
        ),
        (
            "malformed CAS at an outlet",
            Box::new(|d: &mut DisclosureRecord| d.outlets[1].pollutants[0].cas = Some("75-9-2".into())),
            "outlets[1].pollutants[0].cas",
            "expected the form",
        ),
        (
            "CAS of chloroform stated for entry 10 (dichloromethane)",
            Box::new(|d: &mut DisclosureRecord| d.toxic_raw_materials[0].cas = Some("67-66-3".into())),
            "toxic_raw_materials[0].cas",
            "67-66-3 is not a CAS number of list entry 10",
        ),
        (
            "CAS of PFOS stated for entry 5 at an outlet",
            Box::new(|d: &mut DisclosureRecord| d.outlets[0].pollutants[2].cas = Some("1763-23-1".into())),
            "outlets[0].pollutants[2].cas",
            "1763-23-1 is not a CAS number of list entry 5",
        ),
        (
            "list entry 15 for a raw material",
            Box::new(|d: &mut DisclosureRecord| d.toxic_raw_materials[1].entry = Some(15)),
            "toxic_raw_materials[1].entry",
            "no list entry 15",
        ),
        (
            "list entry 0 at an outlet",
            Box::new(|d: &mut DisclosureRecord| d.outlets[1].pollutants[1].entry = Some(0)),
            "outlets[1].pollutants[1].entry",
            "no list entry 0",
        ),
        (
            "bad USCC check character",
            Box::new(|d: &mut DisclosureRecord| d.enterprise.uscc = "91320724YY000001X9".into()),
            "enterprise.uscc",
            "check digit is 9, expected A",
        ),
        (
            "bad check character of the embedded organisation code",
            Box::new(|d: &mut DisclosureRecord| d.enterprise.uscc = "91320724YY0000010X".into()),
            "enterprise.uscc",
            "check digit is 0, expected X",
        ),
        ("USCC with I", forbidden('I'), "enterprise.uscc", "without I, O, S, V, Z"),
        ("USCC with O", forbidden('O'), "enterprise.uscc", "without I, O, S, V, Z"),
        ("USCC with S", forbidden('S'), "enterprise.uscc", "without I, O, S, V, Z"),
        ("USCC with V", forbidden('V'), "enterprise.uscc", "without I, O, S, V, Z"),
        ("USCC with Z", forbidden('Z'), "enterprise.uscc", "without I, O, S, V, Z"),
        (
            "USCC of 17 characters",
            Box::new(|d: &mut DisclosureRecord| d.enterprise.uscc = "91320724YY000001X".into()),
            "enterprise.uscc",
            "expected the form 18 characters",
        ),
        (
            "air outlet code on a water outlet",
            Box::new(|d: &mut DisclosureRecord| d.outlets[0].code = "DA009".into()),
            "outlets[0].code",
            "DA009 is an air outlet code but the medium is Water",
        ),
        (
            "water outlet code on an air outlet",
            Box::new(|d: &mut DisclosureRecord| d.outlets[1].code = "DW009".into()),
            "outlets[1].code",
            "DW009 is an water outlet code but the medium is Air",
        ),
        (
            "malformed outlet code",
            Box::new(|d: &mut DisclosureRecord| d.outlets[0].code = "DW01".into()),
            "outlets[0].code",
            "expected the form DA### or DW###, found \"DW01\"",
        ),
        (
            "duplicate outlet code",
            Box::new(|d: &mut DisclosureRecord| {
                let copy = d.outlets[0].clone();
                d.outlets.push(copy);
            }),
            "outlets[2].code",
            "duplicate outlet DW001",
        ),
        (
            "unknown limit id",
            Box::new(|d: &mut DisclosureRecord| d.outlets[0].pollutants[0].limit = Some("gb0000-no-such".into())),
            "outlets[0].pollutants[0].limit",
            "unknown limit \"gb0000-no-such\"",
        ),
        (
            "exhaust-gas limit on a water outlet",
            Box::new(|d: &mut DisclosureRecord| d.outlets[0].pollutants[0].limit = Some("gb31571-t6-dcm".into())),
            "outlets[0].pollutants[0].limit",
            "limit gb31571-t6-dcm is for exhaust gas, but this outlet discharges wastewater",
        ),
        (
            "wastewater limit on an air outlet",
            Box::new(|d: &mut DisclosureRecord| d.outlets[1].pollutants[0].limit = Some("gb31571-t3-dcm".into())),
            "outlets[1].pollutants[0].limit",
            "limit gb31571-t3-dcm is for wastewater, but this outlet discharges exhaust gas",
        ),
        (
            "surface-water quality limit on a wastewater outlet",
            Box::new(|d: &mut DisclosureRecord| d.outlets[0].pollutants[0].limit = Some("gb3838-t3-dcm".into())),
            "outlets[0].pollutants[0].limit",
            "is for surface water",
        ),
        (
            "limit for another substance",
            Box::new(|d: &mut DisclosureRecord| {
                d.outlets[0].pollutants[0].limit = Some("gb31571-t3-chloroform".into())
            }),
            "outlets[0].pollutants[0].limit",
            "limit gb31571-t3-chloroform is for 67-66-3, not 75-09-2",
        ),
        (
            "mg/m3 at a water outlet",
            Box::new(|d: &mut DisclosureRecord| {
                d.outlets[0].pollutants[0].concentration = Measurement::Detected { value: 0.041, unit: Unit::MgPerM3 };
            }),
            "outlets[0].pollutants[0].concentration.unit",
            "mg/m³ is not a concentration in wastewater",
        ),
        (
            "mg/L at an air outlet",
            Box::new(|d: &mut DisclosureRecord| {
                d.outlets[1].pollutants[2].concentration = Measurement::Detected { value: 35.0, unit: Unit::MgPerL };
            }),
            "outlets[1].pollutants[2].concentration.unit",
            "mg/L is not a concentration in exhaust gas",
        ),
        (
            "a not-detected reading in an annual unit",
            Box::new(|d: &mut DisclosureRecord| {
                d.outlets[0].pollutants[1].concentration =
                    Measurement::NotDetected { detection_limit: 0.0014, unit: Unit::KgPerYear };
            }),
            "outlets[0].pollutants[1].concentration.unit",
            "kg/a is not a concentration in wastewater",
        ),
        (
            "annual raw-material quantity in a concentration unit",
            Box::new(|d: &mut DisclosureRecord| d.toxic_raw_materials[0].annual_quantity.unit = Unit::MgPerL),
            "toxic_raw_materials[0].annual_quantity.unit",
            "mg/L is not an annual quantity",
        ),
        (
            "annual discharge in a concentration unit",
            Box::new(|d: &mut DisclosureRecord| {
                if let Some(q) = d.outlets[1].pollutants[0].annual_quantity.as_mut() {
                    q.unit = Unit::MgPerM3;
                }
            }),
            "outlets[1].pollutants[0].annual_quantity.unit",
            "mg/m³ is not an annual quantity",
        ),
        (
            "permitted quantity in a concentration unit",
            Box::new(|d: &mut DisclosureRecord| {
                if let Some(q) = d.outlets[1].pollutants[2].permitted_quantity.as_mut() {
                    q.unit = Unit::NgPerL;
                }
            }),
            "outlets[1].pollutants[2].permitted_quantity.unit",
            "ng/L is not an annual quantity",
        ),
        (
            "hazardous waste generated in a concentration unit",
            Box::new(|d: &mut DisclosureRecord| d.hazardous_waste[0].generated.unit = Unit::MgPerKg),
            "hazardous_waste[0].generated.unit",
            "mg/kg is not an annual quantity",
        ),
        (
            "negative raw-material quantity",
            Box::new(|d: &mut DisclosureRecord| d.toxic_raw_materials[1].annual_quantity.value = -25.6),
            "toxic_raw_materials[1].annual_quantity.value",
            "must be a number ≥ 0",
        ),
        (
            "negative concentration",
            Box::new(|d: &mut DisclosureRecord| {
                d.outlets[0].pollutants[0].concentration = Measurement::Detected { value: -0.041, unit: Unit::MgPerL };
            }),
            "outlets[0].pollutants[0].concentration",
            "must be a number ≥ 0",
        ),
        (
            "negative detection limit",
            Box::new(|d: &mut DisclosureRecord| {
                d.outlets[0].pollutants[2].concentration =
                    Measurement::NotDetected { detection_limit: -0.0006, unit: Unit::MgPerL };
            }),
            "outlets[0].pollutants[2].concentration",
            "must be a number ≥ 0",
        ),
        (
            "hazardous-waste code of the wrong shape",
            Box::new(|d: &mut DisclosureRecord| d.hazardous_waste[0].code = Some("900-13-11".into())),
            "hazardous_waste[0].code",
            "expected the form NNN-NNN-NN",
        ),
        (
            "hazardous-waste code of another category",
            Box::new(|d: &mut DisclosureRecord| d.hazardous_waste[0].code = Some("263-008-04".into())),
            "hazardous_waste[0].code",
            "263-008-04 ends in 04, but the category is HW11",
        ),
        (
            "hazardous waste stored in a concentration unit",
            Box::new(|d: &mut DisclosureRecord| {
                if let Some(q) = d.hazardous_waste[0].stored.as_mut() {
                    q.unit = Unit::MgPerL;
                }
            }),
            "hazardous_waste[0].stored.unit",
            "mg/L is not an annual quantity",
        ),
        (
            "a water outlet said to emit fugitively",
            Box::new(|d: &mut DisclosureRecord| {
                d.outlets[0].discharge_mode = Some(portal_core::feed::disclosure::DischargeMode::Fugitive)
            }),
            "outlets[0].discharge_mode",
            "Fugitive does not describe a Water outlet",
        ),
        (
            "negative hazardous waste transferred",
            Box::new(|d: &mut DisclosureRecord| d.hazardous_waste[0].transferred.value = -1.0),
            "hazardous_waste[0].transferred.value",
            "must be a number ≥ 0",
        ),
        (
            "report year 2019",
            Box::new(|d: &mut DisclosureRecord| d.report_year = 2019),
            "report_year",
            "2019 is outside 2021–2026",
        ),
        (
            "report year 2020, the year before the rules",
            Box::new(|d: &mut DisclosureRecord| d.report_year = 2020),
            "report_year",
            "2020 is outside 2021–2026",
        ),
        (
            "report year in the future",
            Box::new(|d: &mut DisclosureRecord| {
                d.report_year = YEAR + 1;
                d.published_on = "2028-03-01".into();
            }),
            "report_year",
            "2027 is outside 2021–2026",
        ),
        (
            "annual report published on the last day of its year",
            Box::new(|d: &mut DisclosureRecord| d.published_on = "2021-12-31".into()),
            "published_on",
            "an annual report is published after the year it covers",
        ),
        (
            "annual report published during its year",
            Box::new(|d: &mut DisclosureRecord| d.published_on = "2021-06-01".into()),
            "published_on",
            "an annual report is published after the year it covers",
        ),
        (
            "temporary report without a trigger",
            Box::new(|d: &mut DisclosureRecord| d.report_type = ReportType::Temporary),
            "temporary_trigger",
            "a temporary report needs its trigger",
        ),
        (
            "annual report with a trigger",
            Box::new(|d: &mut DisclosureRecord| d.temporary_trigger = Some(TemporaryTrigger::AdministrativePenalty)),
            "temporary_trigger",
            "only temporary reports have a trigger",
        ),
        (
            "unknown industry",
            Box::new(|d: &mut DisclosureRecord| d.enterprise.industry = "steelmaking".into()),
            "enterprise.industry",
            "unknown industry \"steelmaking\"",
        ),
        (
            "unknown district",
            Box::new(|d: &mut DisclosureRecord| d.enterprise.district_code = "320799".into()),
            "enterprise.district_code",
            "unknown district or county \"320799\"",
        ),
        (
            "the city's own code as district",
            Box::new(|d: &mut DisclosureRecord| d.enterprise.district_code = "320700".into()),
            "enterprise.district_code",
            "unknown district or county \"320700\"",
        ),
        (
            "unknown zone",
            Box::new(|d: &mut DisclosureRecord| d.enterprise.zone = Some("atlantis_park".into())),
            "enterprise.zone",
            "unknown zone or chemical park \"atlantis_park\"",
        ),
        (
            "a district id as zone",
            Box::new(|d: &mut DisclosureRecord| d.enterprise.zone = Some("haizhou".into())),
            "enterprise.zone",
            "unknown zone or chemical park \"haizhou\"",
        ),
        (
            "location in Shanghai",
            Box::new(|d: &mut DisclosureRecord| {
                d.enterprise.location.lat = 31.23;
                d.enterprise.location.lng = 121.47;
            }),
            "enterprise.location",
            "lies outside the city's bounds",
        ),
        (
            "location just north of the city",
            Box::new(|d: &mut DisclosureRecord| d.enterprise.location.lat = 35.2),
            "enterprise.location",
            "lies outside the city's bounds",
        ),
        (
            "published on 30 February",
            Box::new(|d: &mut DisclosureRecord| d.published_on = "2023-02-30".into()),
            "published_on",
            "not a date: \"2023-02-30\"",
        ),
        (
            "published on a slash date",
            Box::new(|d: &mut DisclosureRecord| d.published_on = "2022/03/09".into()),
            "published_on",
            "not a date: \"2022/03/09\"",
        ),
        (
            "permit valid from 30 February",
            Box::new(|d: &mut DisclosureRecord| {
                if let Some(p) = d.permit.as_mut() {
                    p.valid_from = "2023-02-30".into();
                }
            }),
            "permit.valid_from",
            "not a date: \"2023-02-30\"",
        ),
        (
            "permit valid to 29 February of a common year",
            Box::new(|d: &mut DisclosureRecord| {
                if let Some(p) = d.permit.as_mut() {
                    p.valid_to = "2026-02-29".into();
                }
            }),
            "permit.valid_to",
            "not a date: \"2026-02-29\"",
        ),
        (
            "extracted in month 13",
            Box::new(|d: &mut DisclosureRecord| d.provenance.extracted_on = "2026-13-01".into()),
            "provenance.extracted_on",
            "not a date",
        ),
        (
            "audit accepted on 31 April",
            Box::new(|d: &mut DisclosureRecord| {
                if let Some(a) = d.clean_production_audit.as_mut() {
                    a.accepted_on = Some("2021-04-31".into());
                }
            }),
            "clean_production_audit.accepted_on",
            "not a date: \"2021-04-31\"",
        ),
        (
            "penalty on 30 February and with a negative amount",
            Box::new(|d: &mut DisclosureRecord| {
                d.penalties.push(Penalty {
                    decision_no: "连环罚〔2021〕1号".into(),
                    date: "2023-02-30".into(),
                    authority_zh: "连云港市生态环境局".into(),
                    authority_en: "Lianyungang Ecology and Environment Bureau".into(),
                    facts_zh: "示例".into(),
                    facts_en: "Sample".into(),
                    amount_cny: 10_000.0,
                    rectified: true,
                    exceedance: None,
                });
            }),
            "penalties[0].date",
            "not a date: \"2023-02-30\"",
        ),
        (
            "empty disclosure basis",
            Box::new(|d: &mut DisclosureRecord| d.disclosure_basis.clear()),
            "disclosure_basis",
            "at least one basis for disclosure is required",
        ),
        (
            "empty provenance source",
            Box::new(|d: &mut DisclosureRecord| d.provenance.source = "  ".into()),
            "provenance.source",
            "a source is required",
        ),
        (
            "enterprise without an English name",
            Box::new(|d: &mut DisclosureRecord| d.enterprise.name_en = String::new()),
            "enterprise",
            "an enterprise needs a name in zh and en",
        ),
        (
            "HW category with one digit",
            Box::new(|d: &mut DisclosureRecord| d.hazardous_waste[0].category = "HW1".into()),
            "hazardous_waste[0].category",
            "expected an HW code such as HW02, found \"HW1\"",
        ),
        (
            "HW category in lower case",
            Box::new(|d: &mut DisclosureRecord| d.hazardous_waste[0].category = "hw11".into()),
            "hazardous_waste[0].category",
            "found \"hw11\"",
        ),
        (
            "HW category with a letter",
            Box::new(|d: &mut DisclosureRecord| d.hazardous_waste[0].category = "HW1A".into()),
            "hazardous_waste[0].category",
            "found \"HW1A\"",
        ),
        (
            "a facility serving an outlet the record does not have",
            Box::new(|d: &mut DisclosureRecord| d.facilities[0].outlet = Some("DW009".into())),
            "facilities[0].outlet",
            "no outlet DW009 in this record",
        ),
        (
            "an exhaust facility serving a water outlet",
            Box::new(|d: &mut DisclosureRecord| {
                d.facilities[0].medium = portal_core::feed::disclosure::OutletMedium::Air
            }),
            "facilities[0].outlet",
            "cannot serve DW001, a Water outlet",
        ),
        (
            "a facility without capacity",
            Box::new(|d: &mut DisclosureRecord| d.facilities[0].capacity = 0.0),
            "facilities[0].capacity",
            "must be a number > 0",
        ),
        (
            "more monitoring runs completed than planned",
            Box::new(|d: &mut DisclosureRecord| {
                d.self_monitoring = Some(portal_core::feed::disclosure::SelfMonitoring { planned: 10, completed: 11 })
            }),
            "self_monitoring.completed",
            "the rate cannot exceed 100 %",
        ),
        (
            "an emergency plan filed on a day that does not exist",
            Box::new(|d: &mut DisclosureRecord| {
                if let Some(p) = d.emergency_plan.as_mut() {
                    p.filed_on = Some("2021-02-30".into());
                }
            }),
            "emergency_plan.filed_on",
            "not a date",
        ),
        (
            "a product capacity that is not an annual quantity",
            Box::new(|d: &mut DisclosureRecord| {
                if let Some(q) = d.products[0].capacity.as_mut() {
                    q.unit = Unit::MgPerL;
                }
            }),
            "products[0].capacity.unit",
            "is not an annual quantity",
        ),
        (
            "negative hazardous waste utilised",
            Box::new(|d: &mut DisclosureRecord| {
                if let Some(q) = d.hazardous_waste[0].utilised.as_mut() {
                    q.value = -1.0;
                }
            }),
            "hazardous_waste[0].utilised.value",
            "must be a number ≥ 0",
        ),
        (
            "a fugitive boundary concentration in a water unit",
            Box::new(|d: &mut DisclosureRecord| {
                d.fugitive_emissions[0].boundary_concentration =
                    Some(Measurement::Detected { value: 0.1, unit: Unit::MgPerL })
            }),
            "fugitive_emissions[0].boundary_concentration.unit",
            "is not a gas concentration",
        ),
        (
            "a fugitive emission with a wrong CAS check digit",
            Box::new(|d: &mut DisclosureRecord| d.fugitive_emissions[0].cas = Some("75-09-3".into())),
            "fugitive_emissions[0].cas",
            "check digit is 3, expected 2",
        ),
        (
            "an empty legal representative",
            Box::new(|d: &mut DisclosureRecord| d.legal_representative = Some(" ".into())),
            "legal_representative",
            "leave the field out",
        ),
        (
            "HW category with a full-width digit",
            Box::new(|d: &mut DisclosureRecord| d.hazardous_waste[0].category = "HW１".into()),
            "hazardous_waste[0].category",
            "found \"HW１\"",
        ),
    ]
}

#[test]
fn each_broken_rule_is_reported_with_file_record_and_path_table_driven() {
    let mut failures = Vec::new();
    for (name, mutate, path, message) in record_mutations() {
        let mut record = first_record();
        mutate(&mut record);
        let errors = validate_records(vec![record]);
        if !has(&errors, SAMPLE_FILE, RECORD, path, message) {
            failures.push(format!("{name}: expected `{path}: …{message}…`, got:{}", list(&errors)));
        }
        if let Some(stray) = errors.iter().find(|e| e.file != SAMPLE_FILE || e.record != RECORD) {
            failures.push(format!("{name}: an error names another file or record: {stray}"));
        }
    }
    assert!(failures.is_empty(), "{} case(s) failed:\n{}", failures.len(), failures.join("\n"));
}

#[test]
fn a_negative_penalty_amount_is_reported() {
    let mut record = first_record();
    record.penalties.push(Penalty {
        decision_no: "连环罚〔2022〕7号".into(),
        date: "2021-08-02".into(),
        authority_zh: "连云港市生态环境局".into(),
        authority_en: "Lianyungang Ecology and Environment Bureau".into(),
        facts_zh: "示例".into(),
        facts_en: "Sample".into(),
        amount_cny: -5.0,
        rectified: false,
        exceedance: None,
    });
    let errors = validate_records(vec![record]);
    assert_has(&errors, SAMPLE_FILE, RECORD, "penalties[0].amount_cny", "must be a number ≥ 0");
    assert_eq!(errors.len(), 1, "only the amount is wrong:{}", list(&errors));
}

#[test]
fn valid_edge_cases_are_not_reported() {
    let cases: Vec<(&str, Mutation)> = vec![
        ("published on 1 January after its year", Box::new(|d| d.published_on = "2022-01-01".into())),
        ("report year 2021, the first year", Box::new(|d| d.report_year = 2021)),
        ("a zone that is a chemical park", Box::new(|d| d.enterprise.zone = Some("xuwei".into()))),
        ("a zone that is a functional zone", Box::new(|d| d.enterprise.zone = Some("etdz".into()))),
        ("a reading without an annual quantity", Box::new(|d| d.outlets[0].pollutants[0].annual_quantity = None)),
        ("a CAS without an entry", Box::new(|d| d.toxic_raw_materials[0].entry = None)),
        ("an entry without a CAS number", Box::new(|d| d.toxic_raw_materials[0].cas = None)),
        (
            "ug/L at a water outlet",
            Box::new(|d| {
                d.outlets[0].pollutants[0].concentration = Measurement::Detected { value: 41.0, unit: Unit::UgPerL };
            }),
        ),
        (
            "mg/Nm3 at an air outlet",
            Box::new(|d| {
                d.outlets[1].pollutants[0].concentration = Measurement::Detected { value: 3.1, unit: Unit::MgPerNm3 };
            }),
        ),
        (
            "a temporary report with a trigger",
            Box::new(|d| {
                d.report_type = ReportType::Temporary;
                d.temporary_trigger = Some(TemporaryTrigger::PermitChange);
                d.published_on = "2021-07-05".into();
            }),
        ),
        ("leap day 2024", Box::new(|d| d.provenance.extracted_on = "2024-02-29".into())),
    ];
    for (name, mutate) in cases {
        let mut record = first_record();
        mutate(&mut record);
        let errors = validate_records(vec![record]);
        assert!(errors.is_empty(), "{name}: expected no errors, got:{}", list(&errors));
    }
}

#[test]
fn a_record_without_an_id_is_named_by_its_position() {
    let mut record = first_record();
    record.record_id = String::new();
    record.toxic_raw_materials[0].cas = Some("75-09-3".into());
    let mut other = sample().records[1].clone();
    other.report_year = 2019;
    let errors = validate_records(vec![other.clone(), record]);
    assert_has(&errors, SAMPLE_FILE, "records[1]", "toxic_raw_materials[0].cas", "check digit");
    assert_has(&errors, SAMPLE_FILE, &other.record_id, "report_year", "2019 is outside");
}

#[test]
fn every_error_is_collected_not_just_the_first() {
    let mut record = first_record();
    record.outlets[0].pollutants[0].cas = Some("75-09-1".into());
    record.enterprise.industry = "unknown".into();
    record.hazardous_waste[0].category = "HW999".into();
    let errors = validate_records(vec![record]);
    assert_has(&errors, SAMPLE_FILE, RECORD, "outlets[0].pollutants[0].cas", "check digit is 1, expected 2");
    assert_has(&errors, SAMPLE_FILE, RECORD, "enterprise.industry", "unknown industry");
    assert_has(&errors, SAMPLE_FILE, RECORD, "hazardous_waste[0].category", "HW999");
    // The bad CAS is also not a CAS of entry 10, nor the CAS of its limit: five errors, no more.
    assert_has(
        &errors,
        SAMPLE_FILE,
        RECORD,
        "outlets[0].pollutants[0].cas",
        "75-09-1 is not a CAS number of list entry 10",
    );
    assert_has(&errors, SAMPLE_FILE, RECORD, "outlets[0].pollutants[0].limit", "is for 75-09-2, not 75-09-1");
    assert_eq!(errors.len(), 5, "errors:{}", list(&errors));
}

#[test]
fn errors_in_several_records_and_files_are_all_collected() {
    let mut a = first_record();
    a.enterprise.uscc = "91320724YY000001X9".into();
    let mut b = sample().records[7].clone();
    b.report_year = 2019;
    let mut c = sample().records[20].clone();
    c.outlets.clear();
    c.disclosure_basis.clear();
    let errors = validate_files(vec![
        ("data/disclosures/a.json", file_of(vec![a])),
        ("data/disclosures/b.json", file_of(vec![b.clone(), c.clone()])),
    ]);
    assert_has(&errors, "data/disclosures/a.json", RECORD, "enterprise.uscc", "check digit");
    assert_has(&errors, "data/disclosures/b.json", &b.record_id, "report_year", "2019");
    assert_has(&errors, "data/disclosures/b.json", &c.record_id, "disclosure_basis", "at least one basis");
}

#[test]
fn a_record_id_repeated_in_another_file_is_reported_in_the_second_file() {
    let first = first_record();
    let mut second = sample().records.iter().find(|d| d.enterprise.id != "e00000").expect("another enterprise").clone();
    second.record_id = first.record_id.clone();
    let errors = validate_files(vec![
        ("data/disclosures/a.json", file_of(vec![first])),
        ("data/disclosures/b.json", { file_of(vec![second]) }),
    ]);
    assert_has(
        &errors,
        "data/disclosures/b.json",
        RECORD,
        "record_id",
        "duplicate record id (also in data/disclosures/a.json)",
    );
    assert_eq!(errors.len(), 1, "errors:{}", list(&errors));
}

#[test]
fn a_record_id_repeated_in_the_same_file_is_reported() {
    let first = first_record();
    let mut second = sample().records[1].clone();
    second.record_id = first.record_id.clone();
    let errors = validate_records(vec![first, second]);
    assert_has(&errors, SAMPLE_FILE, RECORD, "record_id", "duplicate record id (also in data/disclosures/sample.json)");
}

#[test]
fn a_second_annual_report_for_the_same_enterprise_and_year_is_reported() {
    let first = first_record();
    let mut second = first.clone();
    second.record_id = "e00000-2021-annual-bis".into();
    second.published_on = "2022-04-01".into();
    let errors = validate_records(vec![first, second]);
    assert_has(&errors, SAMPLE_FILE, "e00000-2021-annual-bis", "report_year", "a second Annual report of");
    assert_has(&errors, SAMPLE_FILE, "e00000-2021-annual-bis", "report_year", &format!("{USCC} for 2021"));
    assert_eq!(errors.len(), 1, "errors:{}", list(&errors));
}

#[test]
fn two_temporary_reports_of_one_year_are_allowed_on_different_days_only() {
    let temporary = |id: &str, day: &str| {
        let mut d = first_record();
        d.record_id = id.into();
        d.report_type = ReportType::Temporary;
        d.temporary_trigger = Some(TemporaryTrigger::AdministrativePenalty);
        d.published_on = day.into();
        d
    };
    let ok = validate_records(vec![temporary("t1", "2021-05-06"), temporary("t2", "2021-09-01")]);
    assert!(ok.is_empty(), "errors:{}", list(&ok));
    let same_day = validate_records(vec![temporary("t1", "2021-05-06"), temporary("t2", "2021-05-06")]);
    assert_has(&same_day, SAMPLE_FILE, "t2", "report_year", "a second Temporary report");
}

#[test]
fn an_enterprise_id_used_with_another_uscc_is_reported() {
    let first = first_record();
    let mut later = first_record();
    later.record_id = "e00000-2022-annual-x".into();
    later.report_year = 2022;
    later.published_on = "2023-03-01".into();
    later.enterprise.uscc = make_uscc("MA1XK3Q2");
    assert_eq!(portal_core::feed::ids::validate_uscc(&later.enterprise.uscc), Ok(()));
    let errors = validate_files(vec![
        ("data/disclosures/a.json", file_of(vec![first])),
        ("data/disclosures/b.json", file_of(vec![later])),
    ]);
    assert_has(
        &errors,
        "data/disclosures/b.json",
        "e00000-2022-annual-x",
        "enterprise.id",
        "enterprise e00000 appears with another name or code elsewhere",
    );
    assert_eq!(errors.len(), 1, "errors:{}", list(&errors));
}

#[test]
fn an_enterprise_id_used_with_another_name_is_reported() {
    let first = first_record();
    let mut later = sample().records.iter().find(|d| d.record_id == "e00000-2022-annual").expect("2022 report").clone();
    later.enterprise.name_zh = "另一家公司（虚构）".into();
    let errors = validate_records(vec![first, later]);
    assert_has(&errors, SAMPLE_FILE, "e00000-2022-annual", "enterprise.id", "appears with another name or code");
}

fn obligations(year: u16, enterprises: Vec<String>) -> ObligationList {
    ObligationList {
        year,
        is_sample: true,
        enterprises,
        provenance: Provenance { source: "test".into(), extracted_on: "2026-11-28".into(), note: None },
    }
}

#[test]
fn obligations_naming_an_unknown_uscc_are_reported() {
    let stranger = make_uscc("MA1XK3Q2");
    let mut file = file_of(vec![first_record()]);
    file.obligations = vec![obligations(2021, vec![USCC.to_owned(), stranger.clone(), "91320724YY000001X9".into()])];
    let errors = validate_files(vec![(SAMPLE_FILE, file)]);
    assert_has(
        &errors,
        SAMPLE_FILE,
        "obligations 2021",
        "obligations[0].enterprises[1]",
        &format!("{stranger} has no disclosure record in any year"),
    );
    assert_has(&errors, SAMPLE_FILE, "obligations 2021", "obligations[0].enterprises[2]", "check digit");
    assert_eq!(errors.len(), 2, "the known USCC is fine:{}", list(&errors));
}

#[test]
fn obligations_may_name_an_enterprise_disclosed_in_another_file() {
    let mut obliging = file_of(Vec::new());
    obliging.obligations = vec![obligations(2022, vec![USCC.to_owned()])];
    let errors = validate_files(vec![
        ("data/disclosures/a-obligations.json", obliging),
        ("data/disclosures/b-records.json", file_of(vec![first_record()])),
    ]);
    assert!(errors.is_empty(), "errors:{}", list(&errors));
}

#[test]
fn obligation_lists_outside_the_years_or_repeated_are_reported() {
    let mut file = file_of(vec![first_record()]);
    file.obligations =
        vec![obligations(2019, vec![USCC.to_owned()]), obligations(2021, vec![]), obligations(2021, vec![])];
    let errors = validate_files(vec![(SAMPLE_FILE, file)]);
    assert_has(&errors, SAMPLE_FILE, "obligations 2019", "obligations[0].year", "2019 is outside 2021–2026");
    assert_has(&errors, SAMPLE_FILE, "obligations 2021", "obligations[2].year", "a second list for the same year");
    assert_eq!(errors.len(), 2, "errors:{}", list(&errors));
}

// --- reference data ------------------------------------------------------------------------------

type RefMutation = Box<dyn Fn(&mut Reference)>;

/// (case, mutation, file, record, path, message substring)
fn reference_mutations() -> Vec<(&'static str, RefMutation, &'static str, &'static str, &'static str, &'static str)> {
    const SUBSTANCES: &str = "data/reference/substances.json";
    const LIMITS: &str = "data/reference/limits.json";
    const AREAS: &str = "data/reference/areas.json";
    const INDUSTRIES: &str = "data/reference/industries.json";
    vec![
        (
            "a listing on a list the reference data does not describe",
            Box::new(|r: &mut Reference| r.substances.listings[0].list = "toxic-soil".into()),
            SUBSTANCES,
            "listing 75-09-2 on toxic-soil",
            "listings[0].list",
            "no instrument \"toxic-soil\"",
        ),
        (
            "a listing with a wrong CAS check digit",
            Box::new(|r: &mut Reference| r.substances.listings[0].cas = "75-09-3".into()),
            SUBSTANCES,
            "listing 75-09-3 on toxic-air",
            "listings[0].cas",
            "check digit is 3, expected 2",
        ),
        (
            "13 entries instead of 14",
            Box::new(|r: &mut Reference| {
                r.substances.entries.pop();
            }),
            SUBSTANCES,
            "list",
            "entries",
            "expected entries 1 to 14 in order",
        ),
        (
            "entries out of order",
            Box::new(|r: &mut Reference| r.substances.entries.swap(0, 1)),
            SUBSTANCES,
            "list",
            "entries",
            "expected entries 1 to 14 in order, found [2, 1, 3",
        ),
        (
            "duplicate entry id",
            Box::new(|r: &mut Reference| r.substances.entries[1].id = "pfos".into()),
            SUBSTANCES,
            "entry 2",
            "entries[1].id",
            "duplicate id \"pfos\"",
        ),
        (
            "bad CAS check digit in an entry",
            Box::new(|r: &mut Reference| r.substances.entries[9].cas[0].number = "75-09-3".into()),
            SUBSTANCES,
            "entry 10",
            "entries[9].cas[0].number",
            "check digit is 3, expected 2",
        ),
        (
            "bad CAS in a member of entry 14",
            Box::new(|r: &mut Reference| r.substances.entries[13].members[1].cas[0].number = "57-74-8".into()),
            SUBSTANCES,
            "entry 14",
            "entries[13].members[1].cas[0].number",
            "check digit",
        ),
        (
            "a measure effective from 30 February",
            Box::new(|r: &mut Reference| {
                r.substances.entries[0].measures[0].effective_from = Some("2023-02-30".into())
            }),
            SUBSTANCES,
            "entry 1",
            "entries[0].measures[0].effective_from",
            "not a date: \"2023-02-30\"",
        ),
        (
            "duplicate limit id",
            Box::new(|r: &mut Reference| r.limits.limits[1].id = r.limits.limits[0].id.clone()),
            LIMITS,
            "limit gb3838-t3-chloroform",
            "limits[1].id",
            "duplicate limit id",
        ),
        (
            "exhaust-gas unit on a surface-water limit",
            Box::new(|r: &mut Reference| r.limits.limits[0].unit = Unit::MgPerM3),
            LIMITS,
            "limit gb3838-t3-chloroform",
            "limits[0].unit",
            "unit mg/m³ does not fit a surface water limit",
        ),
        (
            "annual unit on an exhaust-gas limit",
            Box::new(|r: &mut Reference| {
                let l = r.limits.limits.iter_mut().find(|l| l.id == "gb31571-t6-dcm").expect("limit");
                l.unit = Unit::KgPerYear;
            }),
            LIMITS,
            "limit gb31571-t6-dcm",
            "limits[32].unit",
            "unit kg/a does not fit a exhaust gas limit",
        ),
        (
            "limit of an unknown standard",
            Box::new(|r: &mut Reference| r.limits.limits[0].standard = "GB 0-0000".into()),
            LIMITS,
            "limit gb3838-t3-chloroform",
            "limits[0].standard",
            "unknown standard \"GB 0-0000\"",
        ),
        (
            "limit of list entry 99",
            Box::new(|r: &mut Reference| r.limits.limits[0].entry = Some(99)),
            LIMITS,
            "limit gb3838-t3-chloroform",
            "limits[0].entry",
            "no list entry 99",
        ),
        (
            "zero limit value",
            Box::new(|r: &mut Reference| r.limits.limits[2].value = 0.0),
            LIMITS,
            "limit gb3838-t3-hcbd",
            "limits[2].value",
            "a limit must be a positive number",
        ),
        (
            "area outside the city's bounds",
            Box::new(|r: &mut Reference| r.areas.areas[0].lat = 40.0),
            AREAS,
            "area haizhou",
            "areas[0]",
            "lies outside the city's bounds",
        ),
        (
            "missing district 320724",
            Box::new(|r: &mut Reference| r.areas.areas.retain(|a| a.code.as_deref() != Some("320724"))),
            AREAS,
            "areas",
            "areas",
            "district or county 320724 is missing",
        ),
        (
            "a chemical park referring to a missing district",
            Box::new(|r: &mut Reference| r.areas.areas.retain(|a| a.code.as_deref() != Some("320724"))),
            AREAS,
            "area lyg_chem_park",
            "areas[6].district_code",
            "unknown district 320724",
        ),
        (
            "three chemical parks",
            Box::new(|r: &mut Reference| r.areas.areas.retain(|a| a.id != "zhewang")),
            AREAS,
            "areas",
            "areas",
            "expected the city's 4 chemical parks, found 3",
        ),
        (
            "duplicate area id",
            Box::new(|r: &mut Reference| r.areas.areas[1].id = "haizhou".into()),
            AREAS,
            "area haizhou",
            "areas[1].id",
            "duplicate area id",
        ),
        (
            "industry referring to entry 99",
            Box::new(|r: &mut Reference| r.industries.industries[0].typical_pollutants.push(99)),
            INDUSTRIES,
            "industry chemicals",
            "industries[0].typical_pollutants[2]",
            "no list entry 99",
        ),
        (
            "industry naming a standard limits.json does not have",
            Box::new(|r: &mut Reference| r.industries.industries[0].discharge_standards.push("GB 9999-2099".into())),
            INDUSTRIES,
            "industry chemicals",
            "industries[0].discharge_standards[2]",
            "unknown standard \"GB 9999-2099\"",
        ),
        (
            "standard replaced by one limits.json does not have",
            Box::new(|r: &mut Reference| {
                if let Some(st) = r.limits.standards.iter_mut().find(|st| st.code == "GB 4287-2012") {
                    st.replaced_by = Some("GB 4287-2099".into());
                }
            }),
            LIMITS,
            "standard GB 4287-2012",
            "standards[10].replaced_by",
            "unknown standard \"GB 4287-2099\"",
        ),
        (
            "standard withdrawn on a day that does not exist",
            Box::new(|r: &mut Reference| {
                if let Some(st) = r.limits.standards.iter_mut().find(|st| st.code == "GB 4287-2012") {
                    st.withdrawn_from = Some("2026-09-31".into());
                }
            }),
            LIMITS,
            "standard GB 4287-2012",
            "standards[10].withdrawn_from",
            "not a date",
        ),
        (
            "duplicate industry id",
            Box::new(|r: &mut Reference| r.industries.industries[2].id = "chemicals".into()),
            INDUSTRIES,
            "industry chemicals",
            "industries[2].id",
            "duplicate industry id",
        ),
    ]
}

#[test]
fn each_broken_reference_rule_is_reported_with_file_record_and_path_table_driven() {
    let mut failures = Vec::new();
    for (name, mutate, file, record, path, message) in reference_mutations() {
        let mut r = reference();
        mutate(&mut r);
        let errors = validate_reference(&r);
        if !has(&errors, file, record, path, message) {
            failures.push(format!("{name}: expected `{file}: {record}: {path}: …{message}…`, got:{}", list(&errors)));
        }
    }
    assert!(failures.is_empty(), "{} case(s) failed:\n{}", failures.len(), failures.join("\n"));
}

#[test]
fn reference_errors_are_all_collected() {
    let mut r = reference();
    r.substances.entries.pop();
    r.limits.limits[0].unit = Unit::MgPerM3;
    r.industries.industries[0].typical_pollutants.push(99);
    let errors = validate_reference(&r);
    assert_has(&errors, "data/reference/substances.json", "list", "entries", "expected entries 1 to 14");
    assert_has(&errors, "data/reference/limits.json", "limit gb3838-t3-chloroform", "limits[0].unit", "does not fit");
    assert_has(
        &errors,
        "data/reference/industries.json",
        "industry chemicals",
        "industries[0].typical_pollutants[2]",
        "99",
    );
}

#[test]
fn disclosures_are_checked_against_the_reference_they_are_given() {
    // Drop the limit the first record cites: the record itself now fails.
    let mut r = reference();
    r.limits.limits.retain(|l| l.id != "gb31571-t3-dcm");
    let files = vec![(SAMPLE_FILE.to_owned(), file_of(vec![first_record()]))];
    let errors = validate_disclosures(&r, &files, YEAR);
    assert_has(&errors, SAMPLE_FILE, RECORD, "outlets[0].pollutants[0].limit", "unknown limit \"gb31571-t3-dcm\"");
    assert_eq!(errors.len(), 1, "errors:{}", list(&errors));
}
