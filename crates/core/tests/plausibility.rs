//! The plausibility checks: each kind of warning is raised by the one mistake it describes in an
//! otherwise clean record, names the file, record and field, and is silent on the clean record.

mod common;

use common::{SAMPLE_FILE, file_of, first_record, reference_ref};
use portal_core::feed::compile::record_uses_banned;
use portal_core::feed::disclosure::{
    DisclosureRecord, Penalty, PenaltySubject, RawMaterial, ReportType, TemporaryTrigger,
};
use portal_core::feed::plausibility::{IMPLAUSIBLE_FACTOR, Warning, WarningKind, check};
use portal_core::feed::units::{Measurement, Unit};

/// e00000's 2021 report: a chemical plant in the Guannan park with DCM 0.086 mg/L at DW001
/// (limit 0.2, GB 31571) and SCCPs, not yet banned in 2021, among its raw materials.
const RECORD: &str = "e00000-2021-annual";

fn warnings(records: Vec<DisclosureRecord>) -> Vec<Warning> {
    check(reference_ref(), &[(SAMPLE_FILE.to_owned(), file_of(records))])
}

fn kinds(w: &[Warning]) -> Vec<(String, String, WarningKind)> {
    w.iter().map(|w| (w.record.clone(), w.path.clone(), w.kind)).collect()
}

#[track_caller]
fn assert_only(w: &[Warning], record: &str, path: &str, kind: WarningKind, message: &str) {
    assert_eq!(kinds(w), vec![(record.to_owned(), path.to_owned(), kind)], "{w:#?}");
    assert_eq!(w[0].file, SAMPLE_FILE);
    assert!(w[0].message.contains(message), "{}", w[0].message);
}

fn penalty(outlet: &str, zh: &str, en: &str, cas: Option<&str>) -> Penalty {
    Penalty {
        decision_no: "连环罚〔2021〕示例1号".into(),
        date: "2021-06-01".into(),
        authority_zh: "连云港市生态环境局".into(),
        authority_en: "Lianyungang Municipal Bureau of Ecology and Environment".into(),
        facts_zh: "示例".into(),
        facts_en: "Sample".into(),
        amount_cny: 100_000.0,
        rectified: true,
        exceedance: Some(PenaltySubject {
            outlet: outlet.into(),
            pollutant_zh: zh.into(),
            pollutant_en: en.into(),
            cas: cas.map(Into::into),
        }),
    }
}

#[test]
fn a_clean_record_has_no_warnings() {
    let record = first_record();
    assert_eq!(record.record_id, RECORD);
    assert_eq!(warnings(vec![record]), vec![]);
}

#[test]
fn a_reading_above_its_limit_with_no_exceedance_counted() {
    let mut d = first_record();
    d.outlets[0].pollutants[0].concentration = Measurement::Detected { value: 0.31, unit: Unit::MgPerL };
    let w = warnings(vec![d.clone()]);
    assert_only(&w, RECORD, "outlets[0].pollutants[0].exceedances", WarningKind::AboveLimitNoExceedance, "0.31 mg/L");
    // Counted, it is an ordinary exceedance; in another unit, it is compared after conversion.
    d.outlets[0].pollutants[0].exceedances = 3;
    assert_eq!(warnings(vec![d.clone()]), vec![]);
    d.outlets[0].pollutants[0].exceedances = 0;
    d.outlets[0].pollutants[0].concentration = Measurement::Detected { value: 150.0, unit: Unit::UgPerL };
    assert_eq!(warnings(vec![d]), vec![], "150 μg/L is below 0.2 mg/L");
}

#[test]
fn a_reading_far_above_any_plausible_value() {
    let mut d = first_record();
    // 0.2 mg/L limit × 100 = 20 mg/L: 86 mg/L is a slip (μg/L entered as mg/L, say).
    d.outlets[0].pollutants[0].concentration = Measurement::Detected { value: 86.0, unit: Unit::MgPerL };
    d.outlets[0].pollutants[0].exceedances = 12;
    // Without the outlet's volume, or the quantity would disagree with it too (the next kind).
    d.outlets[0].annual_volume_m3 = None;
    let w = warnings(vec![d.clone()]);
    assert_only(&w, RECORD, "outlets[0].pollutants[0].concentration", WarningKind::Implausible, "check the unit");
    d.outlets[0].pollutants[0].concentration =
        Measurement::Detected { value: 0.2 * IMPLAUSIBLE_FACTOR * 0.99, unit: Unit::MgPerL };
    assert_eq!(warnings(vec![d]), vec![], "just under the factor is an exceedance, not a slip");
}

#[test]
fn a_limit_from_another_industrys_standard() {
    let mut d = first_record();
    // A chemical plant judged against the pharmaceutical wastewater standard.
    d.outlets[0].pollutants[0].limit = Some("gb21904-t2-dcm".into());
    let w = warnings(vec![d.clone()]);
    assert_only(&w, RECORD, "outlets[0].pollutants[0].limit", WarningKind::StandardNotForIndustry, "GB 21904-2008");
    // The comprehensive standard fits any industry.
    d.outlets[0].pollutants[1].limit = Some("gb8978-t4-chloroform-1".into());
    d.outlets[0].pollutants[0].limit = Some("gb31571-t3-dcm".into());
    assert_eq!(warnings(vec![d]), vec![]);
}

#[test]
fn a_penalty_naming_a_pollutant_the_record_does_not_report() {
    let mut d = first_record();
    d.penalties.push(penalty("DW001", "六价铬", "Hexavalent chromium", Some("18540-29-9")));
    let w = warnings(vec![d.clone()]);
    assert_only(&w, RECORD, "penalties[0].exceedance", WarningKind::PenaltyNotReported, "does not report");
    // Reported, but at another outlet than the penalty names.
    d.penalties[0] = penalty("DA001", "六氯丁二烯", "Hexachlorobutadiene", Some("87-68-3"));
    assert_eq!(kinds(&warnings(vec![d]))[0].2, WarningKind::PenaltyNotReported);
}

#[test]
fn a_penalty_whose_reading_shows_no_exceedance_and_one_that_does() {
    let mut d = first_record();
    d.penalties.push(penalty("DW001", "二氯甲烷", "Dichloromethane", Some("75-09-2")));
    let w = warnings(vec![d.clone()]);
    assert_only(&w, RECORD, "penalties[0].exceedance", WarningKind::PenaltyNotBacked, "no exceedance");
    d.outlets[0].pollutants[0].concentration = Measurement::Detected { value: 0.35, unit: Unit::MgPerL };
    d.outlets[0].pollutants[0].exceedances = 4;
    assert_eq!(warnings(vec![d.clone()]), vec![]);
    // A temporary report carries the penalty alone; it is checked against the annual report.
    let mut temp = d.clone();
    temp.record_id = "t1".into();
    temp.report_type = ReportType::Temporary;
    temp.temporary_trigger = Some(TemporaryTrigger::AdministrativePenalty);
    temp.outlets.clear();
    assert_eq!(warnings(vec![d.clone(), temp.clone()]), vec![]);
    // Without the annual report, nothing backs it.
    let w = warnings(vec![temp]);
    assert_only(&w, "t1", "penalties[0].exceedance", WarningKind::PenaltyNotReported, "no annual report");
}

#[test]
fn a_listed_substance_used_in_a_year_its_ban_was_in_force() {
    let mut d = first_record();
    d.report_year = 2024;
    d.published_on = "2025-03-01".into();
    let w = warnings(vec![d.clone()]);
    assert_only(&w, "e00000-2021-annual", "toxic_raw_materials[1]", WarningKind::BannedUse, "banned from 2024-01-01");
    // PFOS, banned from 2023-03-01, used in 2023: warned and flagged, though the ban began in March.
    d.report_year = 2023;
    d.published_on = "2024-03-01".into();
    d.toxic_raw_materials = vec![RawMaterial {
        name_zh: "全氟辛基磺酸钾".into(),
        name_en: "Potassium perfluorooctane sulfonate".into(),
        cas: Some("2795-39-3".into()),
        entry: Some(1),
        annual_quantity: portal_core::feed::disclosure::Quantity { value: 50.0, unit: Unit::KgPerYear },
        purpose_zh: "镀铬铬雾抑制剂".into(),
        purpose_en: "Chrome-plating mist suppressant".into(),
        exemption: None,
    }];
    assert_eq!(kinds(&warnings(vec![d.clone()]))[0].2, WarningKind::BannedUse);
    assert!(record_uses_banned(reference_ref(), &d));
    // Naming the exemption relied on silences the note and the flag; a blank one does not.
    d.toxic_raw_materials[0].exemption = Some("  ".into());
    assert_eq!(kinds(&warnings(vec![d.clone()]))[0].2, WarningKind::BannedUse);
    d.toxic_raw_materials[0].exemption = Some("封闭循环系统中的硬金属镀铬（示例）".into());
    assert_eq!(warnings(vec![d.clone()]), vec![]);
    assert!(!record_uses_banned(reference_ref(), &d));
    d.toxic_raw_materials[0].exemption = None;
    d.report_year = 2022;
    d.published_on = "2023-03-01".into();
    assert_eq!(warnings(vec![d.clone()]), vec![]);
    assert!(!record_uses_banned(reference_ref(), &d), "2022 is before the ban");
}

#[test]
fn a_permit_that_ended_in_the_reporting_year() {
    let mut d = first_record();
    if let Some(p) = d.permit.as_mut() {
        p.valid_to = "2021-09-30".into();
    }
    let w = warnings(vec![d.clone()]);
    assert_only(&w, RECORD, "permit.valid_to", WarningKind::PermitExpired, "2021-09-30");
    if let Some(p) = d.permit.as_mut() {
        p.valid_to = "2021-12-31".into();
    }
    assert_eq!(warnings(vec![d]), vec![], "valid to the last day of the year");
}

#[test]
fn a_unit_that_cannot_be_compared_with_its_limit() {
    // mg/m³ at a water outlet is also a validation error, so valid data does not reach this
    // warning; it guards records checked on their own. Each of the other eight kinds is raised
    // by a test in this file.
    assert_eq!(WarningKind::ALL.len(), 9);
    let mut d = first_record();
    d.outlets[0].pollutants[0].concentration = Measurement::Detected { value: 0.1, unit: Unit::MgPerM3 };
    let w = warnings(vec![d]);
    assert_only(&w, RECORD, "outlets[0].pollutants[0].concentration.unit", WarningKind::UnitNotComparable, "mg/m³");
}

/// e00000's DW001 reports DCM 0.086 mg/L and 2.81 kg/a; a volume of 32,700 m³ gives 2.81 kg.
#[test]
fn an_annual_quantity_far_from_concentration_times_volume() {
    use portal_core::feed::disclosure::Statistic;
    use portal_core::feed::plausibility::QUANTITY_FACTOR;
    let mut d = first_record();
    let c = d.outlets[0].pollutants[0].concentration.value().expect("DCM detected");
    let q = d.outlets[0].pollutants[0].annual_quantity.expect("a quantity").value;
    // The volume that makes the quantity agree: no warning, nor at 9× either way.
    let volume = q / (c * 1e-3);
    for v in [volume, volume * 9.0, volume / 9.0] {
        d.outlets[0].annual_volume_m3 = Some(v);
        assert_eq!(warnings(vec![d.clone()]), vec![], "volume {v}");
    }
    // A quantity 1000× too large (t/a written for kg/a) is noted at the reading's quantity.
    d.outlets[0].annual_volume_m3 = Some(volume);
    d.outlets[0].pollutants[0].annual_quantity =
        Some(portal_core::feed::disclosure::Quantity { value: q, unit: Unit::TonnesPerYear });
    let w = warnings(vec![d.clone()]);
    assert_only(&w, RECORD, "outlets[0].pollutants[0].annual_quantity", WarningKind::QuantityMismatch, "1000× apart");
    // Too small by more than the factor: noted for a mean, not for a maximum.
    d.outlets[0].pollutants[0].annual_quantity =
        Some(portal_core::feed::disclosure::Quantity { value: q / (QUANTITY_FACTOR * 2.0), unit: Unit::KgPerYear });
    assert_eq!(kinds(&warnings(vec![d.clone()]))[0].2, WarningKind::QuantityMismatch);
    d.outlets[0].pollutants[0].statistic = Some(Statistic::Maximum);
    assert_eq!(warnings(vec![d.clone()]), vec![]);
    // Air: mg/m³ × m³ = mg. DA001 reports DCM in mg/m³ with its quantity in kg/a.
    let a = &d.outlets[1].pollutants[0];
    let (ca, qa) = (a.concentration.value().expect("detected"), a.annual_quantity.expect("a quantity").value);
    let unit_kg = a.annual_quantity.expect("a quantity").unit == Unit::KgPerYear;
    let qa_kg = if unit_kg { qa } else { qa * 1000.0 };
    d.outlets[1].annual_volume_m3 = Some(qa_kg / (ca * 1e-6));
    assert_eq!(warnings(vec![d.clone()]), vec![]);
    d.outlets[1].annual_volume_m3 = Some(qa_kg / (ca * 1e-6) / 50.0);
    // Every detected reading with a quantity at DA001 (DCM, NMHC) is now 50× above; chloroform,
    // not detected, has none.
    let got = kinds(&warnings(vec![d.clone()]));
    let want: Vec<(String, String, WarningKind)> = [0, 2]
        .map(|i| {
            (RECORD.to_owned(), format!("outlets[1].pollutants[{i}].annual_quantity"), WarningKind::QuantityMismatch)
        })
        .into();
    assert_eq!(got, want);
}
