//! The enterprise page's verdict: a plain answer for the latest year and for the most recent year
//! with a finding, a reading's verdict that never contradicts its exceedance count, and the
//! plausibility checks' data-quality note where the data contradict themselves.

mod common;

use common::{first_record, reference_ref, sample};
use portal_core::feed::EnterpriseDetail;
use portal_core::feed::compile::compile;
use portal_core::feed::detail::readings;
use portal_core::feed::disclosure::{DisclosureRecord, Statistic};
use portal_core::feed::plausibility::WarningKind;
use portal_core::feed::units::{Measurement, Unit};
use portal_core::feed::verdict::{Status, headline, latest_finding_year, ratio_number, row_anchor, year_verdicts};
use portal_core::i18n::Lang;

/// e00000's 2021 report (DW001: dichloromethane 0.086 mg/L against 0.2 mg/L, chloroform, HCBD;
/// an air outlet DA001), as the report of `year`.
fn record(year: u16) -> DisclosureRecord {
    let mut r = first_record();
    r.report_year = year;
    r.record_id = format!("e00000-{year}-annual");
    r
}

fn detail(records: Vec<DisclosureRecord>) -> EnterpriseDetail {
    let enterprise = records[0].enterprise.clone();
    EnterpriseDetail { version: "test".into(), enterprise, missing_years: vec![], records }
}

fn set(r: &mut DisclosureRecord, pollutant: usize, mg_per_l: f64, exceedances: u32) {
    let p = &mut r.outlets[0].pollutants[pollutant];
    p.concentration = Measurement::Detected { value: mg_per_l, unit: Unit::MgPerL };
    p.exceedances = exceedances;
}

#[test]
fn the_fixture_is_what_the_tests_assume() {
    let r = first_record();
    assert_eq!(r.outlets[0].code, "DW001");
    assert_eq!(r.outlets[0].pollutants[0].name_zh, "二氯甲烷");
    assert_eq!(r.outlets[0].pollutants[1].name_zh, "三氯甲烷");
    let v = readings(&r, reference_ref());
    assert!(v[0].limit.is_some_and(|l| (l.value - 0.2).abs() < 1e-12 && l.unit == Unit::MgPerL));
    assert!(v[1].limit.is_some(), "chloroform has a limit at DW001");
}

#[test]
fn no_finding_says_everything_judged_was_within_its_limit() {
    let d = detail(vec![record(2024), record(2025)]);
    let h = headline(&d, reference_ref(), None);
    assert_eq!(h.len(), 1, "only the latest year when no year has a finding");
    let v = &h[0];
    assert_eq!(v.year, 2025);
    assert!(v.findings.is_empty());
    assert!(v.judged > 0);
    let zh = v.text(Lang::Zh);
    assert!(zh.starts_with("2025年：") && zh.contains("均在限值以内"), "{zh}");
    let en = v.text(Lang::En);
    assert!(en.starts_with("2025: ") && en.contains("within"), "{en}");
    assert!(!zh.contains("超标") && !en.contains("exceed"), "{zh} / {en}");
    assert_eq!(latest_finding_year(&d, reference_ref()), None);
}

#[test]
fn a_finding_in_an_earlier_year_is_answered_beside_the_latest_year() {
    let mut y2023 = record(2023);
    set(&mut y2023, 0, 0.32, 6);
    let d = detail(vec![record(2025), y2023, record(2024)]);
    let h = headline(&d, reference_ref(), None);
    assert_eq!(h.iter().map(|v| v.year).collect::<Vec<_>>(), vec![2025, 2023], "newest first");
    assert!(h[0].findings.is_empty());
    assert_eq!(h[1].text(Lang::Zh), "2023年：废水排口二氯甲烷超标，年均浓度为限值的1.6倍，全年超标6次");
    assert_eq!(
        h[1].text(Lang::En),
        "2023: Dichloromethane at the wastewater outlet exceeded its limit, the annual mean was 1.6 × the limit, 6 exceedances in the year"
    );
    assert_eq!(h[1].findings[0].row, 0, "it links to the first row of the 2023 table");
    assert_eq!(row_anchor(2023, h[1].findings[0].row), "reading-2023-1");
    assert_eq!(latest_finding_year(&d, reference_ref()), Some(2023));
    // A year the reader selected is answered too; the same years are not repeated.
    let with_2024 = headline(&d, reference_ref(), Some(2024));
    assert_eq!(with_2024.iter().map(|v| v.year).collect::<Vec<_>>(), vec![2025, 2024, 2023]);
    assert_eq!(headline(&d, reference_ref(), Some(2023)).len(), 2);
    assert_eq!(headline(&d, reference_ref(), Some(1999)).len(), 2, "a year without a report adds nothing");
}

#[test]
fn a_maximum_is_called_a_maximum() {
    let mut y = record(2023);
    set(&mut y, 0, 0.32, 6);
    y.outlets[0].pollutants[0].statistic = Some(Statistic::Maximum);
    let v = &year_verdicts(&detail(vec![y]), reference_ref())[0];
    assert_eq!(v.text(Lang::Zh), "2023年：废水排口二氯甲烷超标，最高浓度为限值的1.6倍，全年超标6次");
    assert!(v.text(Lang::En).contains("the maximum was 1.6 × the limit"));
}

#[test]
fn several_substances_over_are_each_named_in_table_order() {
    let mut y = record(2023);
    let chloroform_limit = readings(&y, reference_ref())[1].limit.expect("a limit").value;
    set(&mut y, 0, 0.5, 2);
    set(&mut y, 1, chloroform_limit * 3.0, 4);
    let v = &year_verdicts(&detail(vec![y]), reference_ref())[0];
    assert_eq!(v.findings.iter().map(|f| f.row).collect::<Vec<_>>(), vec![0, 1]);
    let zh = v.text(Lang::Zh);
    assert_eq!(
        zh,
        "2023年：废水排口二氯甲烷超标，年均浓度为限值的2.5倍，全年超标2次；废水排口三氯甲烷超标，年均浓度为限值的3倍，全年超标4次"
    );
    let en = v.text(Lang::En);
    assert!(en.contains("Dichloromethane") && en.contains("; Chloroform") && en.contains("4 exceedances"), "{en}");
}

#[test]
fn exceedances_under_a_mean_within_the_limit_are_an_exceedance_not_a_pass() {
    // The case: an annual mean of 43 % of the limit, with one result above it.
    let mut y = record(2023);
    set(&mut y, 0, 0.086, 1);
    let d = detail(vec![y]);
    let v = &year_verdicts(&d, reference_ref())[0];
    assert_eq!(v.text(Lang::Zh), "2023年：废水排口二氯甲烷全年超标1次（年均浓度为限值的0.43倍）");
    assert!(
        v.text(Lang::En)
            .contains("exceeded its limit: 1 exceedance in the year (the annual mean was 0.43 × the limit)")
    );
    let rec = &d.records[0];
    let status = readings(rec, reference_ref())[0].status();
    assert!(
        matches!(status, Status::Exceeded { ratio: Some(r), exceedances: 1 } if (r - 0.43).abs() < 1e-9),
        "{status:?}"
    );
    for lang in Lang::ALL {
        let cell = status.describe(None, lang);
        assert!(!cell.contains('%'), "never a bare percentage: {cell}");
        assert!(
            !cell.contains(portal_core::i18n::Msg::ResultWithin.text(lang)),
            "no 达标 beside an exceedance: {cell}"
        );
    }
    assert_eq!(status.describe(None, Lang::Zh), "✖ 超标：全年超标1次；年均浓度为限值的0.43倍");
    assert!(v.quality.is_empty(), "a mean within the limit with exceedances is no contradiction");
}

#[test]
fn data_that_contradict_themselves_carry_the_plausibility_note() {
    let mut y = record(2023);
    set(&mut y, 0, 0.32, 0);
    let v = &year_verdicts(&detail(vec![record(2022), y]), reference_ref())[1];
    assert_eq!(v.findings.len(), 1);
    assert!(matches!(v.findings[0].status, Status::Contradictory { ratio } if (ratio - 1.6).abs() < 1e-9));
    assert_eq!(v.quality, vec![WarningKind::AboveLimitNoExceedance]);
    assert_eq!(v.row_quality[0], vec![WarningKind::AboveLimitNoExceedance], "the note sits on its row");
    assert!(v.row_quality[1..].iter().all(Vec::is_empty));
    assert_eq!(v.text(Lang::Zh), "2023年：废水排口二氯甲烷年均浓度为限值的1.6倍，但未计超标次数，数据自相矛盾");
    assert!(v.text(Lang::En).contains("the data disagree"));
    // A slip of a thousand: counted as an exceedance, but flagged as implausible.
    let mut y = record(2023);
    set(&mut y, 0, 86.0, 12);
    let v = &year_verdicts(&detail(vec![y]), reference_ref())[0];
    // The slip also leaves the year's quantity a thousandth of concentration × volume.
    assert_eq!(v.quality, vec![WarningKind::Implausible, WarningKind::QuantityMismatch]);
    assert!(v.text(Lang::Zh).contains("限值的430倍"), "{}", v.text(Lang::Zh));
}

#[test]
fn the_lists_exceeded_years_are_exactly_the_years_with_a_finding() {
    let compiled = compile(reference_ref(), &sample().records, &sample().obligations);
    let mut flagged = 0;
    for (e, d) in compiled.index.iter().zip(&compiled.details) {
        assert_eq!(e.id, d.enterprise.id);
        let with_finding: Vec<u16> =
            year_verdicts(d, reference_ref()).into_iter().filter(|v| !v.findings.is_empty()).map(|v| v.year).collect();
        // The list also counts temporary reports' years; the verdict reads the annual reports.
        assert!(with_finding.iter().all(|y| e.exceeded_years.contains(y)), "{}: {with_finding:?}", e.id);
        assert_eq!(latest_finding_year(d, reference_ref()), with_finding.last().copied());
        // The list's link opens the year the verdict names.
        assert_eq!(e.flagged_year(), with_finding.last().copied(), "{}", e.id);
        match e.flagged_year() {
            Some(y) => assert_eq!(e.page_path(), format!("/enterprises/{}?year={y}", e.id)),
            None => assert_eq!(e.page_path(), format!("/enterprises/{}", e.id)),
        }
        flagged += usize::from(!with_finding.is_empty());
    }
    assert!(flagged > 0, "the sample has flagged enterprises");
}

#[test]
fn ratios_read_without_a_bare_percentage() {
    assert_eq!(ratio_number(1.6), "1.6");
    assert_eq!(ratio_number(0.43), "0.43");
    assert_eq!(ratio_number(0.08), "0.08");
    assert_eq!(ratio_number(400.0), "400");
    assert_eq!(ratio_number(1.02), "1.02", "just above the limit never reads 1");
    assert_eq!(ratio_number(12.345), "12");
}
