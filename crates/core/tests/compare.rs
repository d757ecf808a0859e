//! Compare that compares: the log axis for figures of different magnitude, full list-entry
//! names, and the comparison's CSV, permanent link and citation.

mod common;

use portal_core::chart::{BarChart, LOG_SPAN, Series, format_figure, log_decades, log_tick_label};
use portal_core::feed::EnterpriseDetail;
use portal_core::feed::cite::{CompareCite, comparison};
use portal_core::feed::compare::{csv, entry_name, permalink};
use portal_core::feed::detail::{compare_chart, listed_discharge_kg};
use portal_core::i18n::Lang;

#[test]
fn a_log_axis_holds_tonnes_beside_grams() {
    // The case: up to 30 000 kg/a beside 0.15–33 kg/a.
    assert_eq!(log_decades([30_000.0, 12_000.0, 0.15, 33.0]), Some((-2, 5)));
    // Every positive value lies inside the axis, the smallest at least half a decade above its
    // bottom (so its bar shows).
    for values in [[0.004f64, 7.0, 980.0], [1.0, 20.0, 1000.0], [0.3, 0.31, 31.0]] {
        let (lo, hi) = log_decades(values).expect("wide");
        for v in values {
            assert!(f64::from(lo) + 0.5 <= v.log10() && v.log10() <= f64::from(hi), "{v} in 10^{lo}..10^{hi}");
        }
    }
    // The top is the first power of ten at or above the largest value.
    assert_eq!(log_decades([1.0, 1000.0]), Some((-1, 3)));
}

#[test]
fn log_ticks_stay_short_and_small_figures_keep_their_digits_in_the_table() {
    let labels: Vec<String> = (-6..=7).map(log_tick_label).collect();
    assert_eq!(
        labels,
        ["10⁻⁶", "10⁻⁵", "10⁻⁴", "0.001", "0.01", "0.1", "1", "10", "100", "1000", "10⁴", "10⁵", "10⁶", "10⁷"]
    );
    assert_eq!(log_tick_label(12), "10¹²");
    assert_eq!(
        (format_figure(0.005), format_figure(0.0), format_figure(23804.07), format_figure(12.0)),
        ("0.005".into(), "0".into(), "23804.07".into(), "12".into())
    );
    let chart = BarChart {
        title: String::new(),
        x_axis: String::new(),
        y_axis: String::new(),
        categories: vec!["2021".into()],
        series: vec![Series { label: "a".into(), values: vec![Some(0.005)] }],
        log_axis: None,
    };
    assert_eq!(chart.table("year").1, [["2021", "0.005"]], "the table shows what the bar draws, not 0");
}

#[test]
fn a_linear_axis_stays_when_it_shows_every_bar() {
    assert_eq!(log_decades([10.0, 999.0]), None, "a ratio under {LOG_SPAN}");
    assert_eq!(log_decades([5.0]), None, "one value");
    assert_eq!(log_decades([]), None);
    // Zeros and non-finite figures cannot sit on a log axis and do not decide it.
    assert_eq!(log_decades([0.0, 0.0, 3.0, f64::NAN]), None);
    assert_eq!(log_decades([0.0, 2.0, 400.0]), Some((-1, 3)));
}

/// Each sample enterprise's records, as the feed's detail file holds them.
fn details() -> Vec<EnterpriseDetail> {
    let mut out: Vec<EnterpriseDetail> = Vec::new();
    for r in &common::sample().records {
        match out.iter_mut().find(|d| d.enterprise.id == r.enterprise.id) {
            Some(d) => d.records.push(r.clone()),
            None => out.push(EnterpriseDetail {
                version: "v1".into(),
                enterprise: r.enterprise.clone(),
                missing_years: vec![],
                records: vec![r.clone()],
            }),
        }
    }
    out
}

/// Two sample enterprises that both have discharges of list substances.
fn two() -> Vec<EnterpriseDetail> {
    let all = details();
    let with_figures: Vec<EnterpriseDetail> = all
        .into_iter()
        .filter(|d| d.records.iter().any(|r| listed_discharge_kg(d, r.report_year).is_some_and(|v| v > 0.0)))
        .take(2)
        .collect();
    assert_eq!(with_figures.len(), 2, "the sample has two enterprises with figures");
    with_figures
}

#[test]
fn the_compare_chart_switches_to_a_log_axis_exactly_when_its_figures_span_it() {
    let mut ds = two();
    let refs: Vec<&EnterpriseDetail> = ds.iter().collect();
    let chart = compare_chart(&refs, Lang::Zh);
    assert_eq!(chart.log_axis, log_decades(chart.values()));
    // Scale every figure of the second plant down by a million: now the axis must be logarithmic.
    for r in &mut ds[1].records {
        for p in r.outlets.iter_mut().flat_map(|o| o.pollutants.iter_mut()) {
            if let Some(q) = p.annual_quantity.as_mut() {
                q.value /= 1e6;
            }
        }
    }
    let refs: Vec<&EnterpriseDetail> = ds.iter().collect();
    let chart = compare_chart(&refs, Lang::En);
    let (lo, hi) = chart.log_axis.expect("a log axis");
    for v in chart.values().filter(|v| *v > 0.0) {
        assert!(f64::from(lo) + 0.5 <= v.log10() && v.log10() <= f64::from(hi));
    }
    assert_eq!(chart.y_axis, "kg/a, log");
    assert_eq!(compare_chart(&refs, Lang::Zh).y_axis, "kg/a（对数）");
}

#[test]
fn list_entries_are_named_in_full() {
    let reference = common::reference_ref();
    let e = reference.entry(10).expect("entry 10");
    assert_eq!(entry_name(reference, 10, Lang::Zh), format!("清单第10项 · {}", e.name_zh));
    assert_eq!(entry_name(reference, 10, Lang::En), format!("List entry 10 · {}", e.name_en));
    assert_eq!(entry_name(reference, 99, Lang::Zh), "清单第99项", "an unknown entry keeps its number");
}

#[test]
fn the_export_has_one_row_per_enterprise_and_year_with_the_chart_s_figures_and_the_versioned_link() {
    let ds = two();
    let refs: Vec<&EnterpriseDetail> = ds.iter().collect();
    let ids: Vec<&str> = ds.iter().map(|d| d.enterprise.id.as_str()).collect();
    let link = permalink("https://example.org", &ids, "8e3b81bf975c", Lang::En);
    assert_eq!(link, format!("https://example.org/compare?ids={},{}&v=8e3b81bf975c&lang=en", ids[0], ids[1]));
    assert!(!permalink("", &ids, "v9", Lang::Zh).contains("lang="));
    let text = csv(&refs, Lang::Zh, "8e3b81bf975c", &link);
    let text = text.strip_prefix('\u{feff}').expect("a BOM for spreadsheets");
    let lines: Vec<&str> = text.split("\r\n").filter(|l| !l.is_empty()).collect();
    assert_eq!(lines[0], "企业编号,企业名称,报告年度,清单物质年排放量（kg/a）,数据版本,永久链接");
    let chart = compare_chart(&refs, Lang::Zh);
    let expected: usize = chart.series.iter().map(|s| s.values.iter().flatten().count()).sum();
    assert_eq!(lines.len() - 1, expected, "one row per figure the chart draws");
    for line in &lines[1..] {
        // The link, last, holds a comma and is quoted (RFC 4180).
        let cells: Vec<&str> = line.splitn(6, ',').collect();
        let d = ds.iter().find(|d| d.enterprise.id == cells[0]).expect("a compared enterprise");
        assert_eq!(cells[1], d.enterprise.name_zh);
        let year: u16 = cells[2].parse().expect("a year");
        let value: f64 = cells[3].parse().expect("a number");
        assert_eq!(Some(value), listed_discharge_kg(d, year), "{line}");
        assert_eq!(cells[4], "8e3b81bf975c");
        assert_eq!(cells[5], format!("\"{link}\""), "{line}");
    }
}

#[test]
fn the_citation_names_both_enterprises_the_years_the_version_and_the_link() {
    let names = [("甲公司（虚构）", "Company A (fictitious)"), ("乙公司（虚构）", "Company B (fictitious)")];
    let url = "https://example.org/compare?ids=e1,e2&v=8e3b81bf975c";
    let c = CompareCite {
        enterprises: &names,
        years: (2021, 2024),
        version: "8e3b81bf975c",
        built: "2026-11-28T21:59:00Z",
        accessed: "2026-12-07T10:00:00Z",
        url,
        is_sample: true,
    };
    let zh = comparison(&c, Lang::Zh);
    assert!(zh.starts_with("甲公司（虚构），乙公司（虚构）. 2021–2024年度"), "{zh}");
    assert!(
        zh.contains("[EB/OL]") && zh.contains("数据版本 8e3b81bf975c") && zh.contains("2026-11-28[2026-12-07]"),
        "{zh}"
    );
    assert!(zh.ends_with(&format!("{url}.")) && zh.contains("示例数据"), "{zh}");
    let en = comparison(&c, Lang::En);
    assert!(en.starts_with("Company A (fictitious); Company B (fictitious). "), "{en}");
    assert!(
        en.contains("reporting years 2021–2024") && en.contains("data version 8e3b81bf975c (built 2026-11-28)"),
        "{en}"
    );
    assert!(en.contains(url) && en.contains("(accessed 2026-12-07)") && en.contains("sample data"), "{en}");
    let one_year = CompareCite { years: (2024, 2024), is_sample: false, ..c };
    assert!(comparison(&one_year, Lang::En).contains("reporting years 2024:"));
    assert!(!comparison(&one_year, Lang::Zh).contains("示例"));
}

#[test]
fn an_annual_report_without_any_listed_quantity_has_no_total_rather_than_zero() {
    let mut d = two().remove(0);
    let year = d.records.iter().find(|r| listed_discharge_kg(&d, r.report_year).is_some()).expect("a year").report_year;
    for r in d.records.iter_mut().filter(|r| r.report_year == year) {
        for p in r.outlets.iter_mut().flat_map(|o| o.pollutants.iter_mut()) {
            p.annual_quantity = None;
        }
    }
    assert_eq!(listed_discharge_kg(&d, year), None);
    // In the chart's table it is a gap, never "-0" (an empty sum of floats is -0.0).
    let chart = compare_chart(&[&d], Lang::En);
    let (_, rows) = chart.table("Year");
    let row = rows.iter().find(|r| r[0] == year.to_string()).expect("the year's row");
    assert_eq!(row[1], "–");
}
