//! The long-format readings export: one row per reading, with the same judgement as the
//! enterprise page (never "within" beside counted exceedances), readable substance names and
//! figures in full.

mod common;

use common::{reference_ref, sample};
use portal_core::feed::compile::compile;
use portal_core::feed::detail::annual_records;
use portal_core::i18n::{Lang, Msg};
use portal_core::query::export_readings::{READING_COLUMNS, reading_rows, readings_csv};

fn cells(row: &[(portal_core::query::export::FieldType, String)]) -> Vec<&str> {
    row.iter().map(|(_, s)| s.as_str()).collect()
}

#[test]
fn every_reading_is_one_row_and_its_verdict_agrees_with_its_count() {
    let compiled = compile(reference_ref(), &sample().records, &sample().obligations);
    let mut exceeded = 0;
    for d in &compiled.details {
        for lang in Lang::ALL {
            let rows = reading_rows(d, reference_ref(), lang);
            let n: usize =
                annual_records(d).iter().map(|r| r.outlets.iter().map(|o| o.pollutants.len()).sum::<usize>()).sum();
            assert_eq!(rows.len(), n, "{}", d.enterprise.id);
            for row in &rows {
                let c = cells(row);
                assert_eq!(c.len(), READING_COLUMNS.len());
                let exceedances: u32 = c[16].parse().expect("a count");
                if exceedances > 0 {
                    assert_eq!(c[15], Msg::ResultExceeds.text(lang), "{c:?}");
                }
                assert_ne!(c[15], "", "every row has a verdict");
                if c[15] == Msg::ResultWithin.text(lang) {
                    assert_eq!(exceedances, 0, "{c:?}");
                    assert!(c[14].parse::<f64>().is_ok_and(|s| s <= 1.0), "{c:?}");
                }
                exceeded += usize::from(c[15] == Msg::ResultExceeds.text(lang));
            }
        }
    }
    assert!(exceeded > 0, "the sample has exceedances");
}

#[test]
fn a_row_carries_the_figures_of_its_reading() {
    let compiled = compile(reference_ref(), &sample().records, &sample().obligations);
    // The sample's first enterprise, its first year, its first reading: dichloromethane at DW001.
    let d = &compiled.details[0];
    let rec = annual_records(d)[0];
    let p = &rec.outlets[0].pollutants[0];
    let zh = reading_rows(d, reference_ref(), Lang::Zh);
    let c = cells(&zh[0]);
    assert_eq!(c[0], d.enterprise.id);
    assert_eq!(c[1], d.enterprise.name_zh);
    assert_eq!(c[2], rec.report_year.to_string());
    assert_eq!(c[3], rec.outlets[0].code);
    assert_eq!(c[4], "废水");
    assert_eq!(c[5], p.name_zh, "the full name, not a list number");
    assert_eq!(c[6], p.cas.clone().unwrap_or_default());
    let limit = reference_ref().limit(p.limit.as_deref().expect("a limit")).expect("a known limit");
    assert_eq!(c[8].parse::<f64>().ok(), p.concentration.value());
    assert_eq!(c[11].parse::<f64>().ok(), Some(limit.value));
    assert!(c[13].starts_with(&limit.standard), "{}", c[13]);
    let share: f64 = c[14].parse().expect("a share");
    assert!((share - p.concentration.value().expect("detected") / limit.value).abs() < 1e-6);
    let en = reading_rows(d, reference_ref(), Lang::En);
    assert_eq!(cells(&en[0])[5], p.name_en);
    assert_eq!(cells(&en[0])[4], "Wastewater");
}

#[test]
fn the_csv_has_a_header_and_one_line_per_reading() {
    let compiled = compile(reference_ref(), &sample().records, &sample().obligations);
    let d = &compiled.details[0];
    let csv = readings_csv(&[d], reference_ref(), Lang::Zh);
    assert!(csv.starts_with('\u{feff}'));
    let lines: Vec<&str> = csv.trim_start_matches('\u{feff}').split_terminator("\r\n").collect();
    assert_eq!(lines.len(), 1 + reading_rows(d, reference_ref(), Lang::Zh).len());
    assert!(lines[0].starts_with("企业编号,企业,年度,排放口"), "{}", lines[0]);
}
