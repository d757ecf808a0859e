//! The list's exports read by readers the project did not write (Python's csv module, pandas and
//! the frictionless library, through tests/opendata/check.py), on the real sample feed: the CSV
//! is one rectangular table with its header first, its Data Package descriptor validates it, and
//! the JSON export carries the same provenance.

mod common;
#[path = "../../../tests/opendata/python.rs"]
mod python;

use common::{reference_ref, sample};
use portal_core::feed::IndexEntry;
use portal_core::i18n::Lang;
use portal_core::licence::Licence;
use portal_core::query::export::{ExportMeta, csv, descriptor, json};
use portal_core::query::export_kind::ExportKind;

fn index() -> Vec<IndexEntry> {
    portal_core::feed::compile::compile(reference_ref(), &sample().records, &sample().obligations).index
}

fn meta(licence: Licence) -> ExportMeta {
    ExportMeta {
        feed_version: "0a1b2c3d4e5f".into(),
        feed_built_at: "2026-12-07T10:00:00Z".into(),
        source: "示例数据：企业均为虚构 · Sample data: all enterprises are fictitious".into(),
        is_sample: true,
        filters: "q=75-09-2&district=320724".into(),
        permalink: "https://portal.example/disclosures?q=75-09-2&district=320724&v=0a1b2c3d4e5f".into(),
        licence,
    }
}

#[test]
fn the_list_exports_are_read_by_csv_pandas_and_frictionless() {
    let index = index();
    // A view with awkward rows first: a name that needs quoting and one that starts like a formula.
    let mut rows: Vec<IndexEntry> = index.iter().take(40).cloned().collect();
    rows[0].name_en = "Comma, \"Quote\" & Co".into();
    rows[1].name_en = "=HYPERLINK(\"x\")".into();
    let view: Vec<&IndexEntry> = rows.iter().collect();
    let dir = python::scratch("exports");
    let meta = meta(Licence::default());
    for lang in Lang::ALL {
        let stem = format!("list-{lang}");
        let csv_name = ExportKind::Csv.file_name(&stem);
        std::fs::write(dir.join(&csv_name), csv(&view, reference_ref(), lang)).expect("writing or reading an export");
        std::fs::write(dir.join(ExportKind::Descriptor.file_name(&stem)), descriptor(&meta, &csv_name, lang))
            .expect("writing or reading an export");
        std::fs::write(dir.join(ExportKind::Json.file_name(&stem)), json(&view, &meta, lang))
            .expect("writing or reading an export");
    }
    let read = python::check("exports", &dir);
    let ids: Vec<&str> = view.iter().map(|e| e.id.as_str()).collect();
    for lang in Lang::ALL {
        let got = &read[lang.code()];
        assert_eq!(got["csv_ids"], serde_json::json!(ids), "csv module, {lang}");
        assert_eq!(got["pandas_ids"], serde_json::json!(ids), "pandas, {lang}");
        assert_eq!(got["frictionless_ids"], serde_json::json!(ids), "frictionless, {lang}");
        assert_eq!(got["header"], serde_json::json!(portal_core::query::export::csv_headers(lang)));
        assert_eq!(got["licence"], "CC-BY-4.0");
        assert_eq!(got["version"], "0a1b2c3d4e5f");
        assert_eq!(got["json_count"], ids.len());
        assert_eq!(got["json_licence"], "CC-BY-4.0");
        assert_eq!(got["json_filters"], "q=75-09-2&district=320724");
    }
    assert_eq!(read["en"]["pandas_names"][0], "Comma, \"Quote\" & Co", "a quoted cell reads back whole");
    assert_eq!(read["en"]["pandas_names"][1], "'=HYPERLINK(\"x\")", "a formula is defused");
}

#[test]
fn the_list_csv_names_its_list_entries() {
    let index = index();
    let e = index
        .iter()
        .find(|e| e.entries.contains(&10) && e.entries.contains(&11))
        .expect("an enterprise with DCM and chloroform");
    for (lang, want) in [
        (Lang::Zh, "10 二氯甲烷；11 三氯甲烷"),
        (Lang::En, "10 Dichloromethane (methylene chloride); 11 Trichloromethane (chloroform)"),
    ] {
        let text = csv(&[e], reference_ref(), lang);
        let row = text.lines().nth(1).expect("a row");
        assert!(row.contains(want), "{lang}: {row}");
        assert!(!row.ends_with(",10 11"), "no bare numbers: {row}");
    }
}

#[test]
fn a_publishers_licence_reaches_the_descriptor_and_the_json() {
    let licence = Licence {
        name: "ODC-By-1.0".into(),
        path: "https://opendatacommons.org/licenses/by/1-0/".into(),
        title: "Open Data Commons Attribution License v1.0".into(),
        title_zh: "开放数据共享署名许可 1.0".into(),
    };
    let index = index();
    let view: Vec<&IndexEntry> = index.iter().take(3).collect();
    let d: serde_json::Value = serde_json::from_str(&descriptor(&meta(licence.clone()), "x.csv", Lang::Zh))
        .expect("writing or reading an export");
    assert_eq!(d["licenses"][0]["name"], "ODC-By-1.0");
    assert_eq!(d["resources"][0]["licenses"][0]["title"], "开放数据共享署名许可 1.0");
    let j: serde_json::Value =
        serde_json::from_str(&json(&view, &meta(licence), Lang::En)).expect("writing or reading an export");
    assert_eq!(j["provenance"]["licence"]["path"], "https://opendatacommons.org/licenses/by/1-0/");
}

#[test]
fn citations_are_read_by_rispy_citeproc_py_and_pybtex() {
    use portal_core::feed::cite::{CiteFormat, CiteInput, key};
    let url = "https://portal.example/enterprises/e00002?year=2024&v=8e3b81bf975c";
    let input = CiteInput {
        id: "e00002",
        enterprise_zh: "连云港示例澄远药业有限公司（虚构）",
        // Characters BibTeX and RIS must carry through: an ampersand, a percent sign, braces.
        enterprise_en: "Chengyuan Pharma & {Sons} 100% Co., Ltd. (fictitious)",
        year: 2024,
        version: "8e3b81bf975c",
        built: "2026-11-28T21:59:00Z",
        accessed: "2026-12-07",
        url,
        is_sample: true,
    };
    let dir = python::scratch("cite");
    for lang in Lang::ALL {
        for format in CiteFormat::ALL {
            let ext = format.file_name(&input).trim_start_matches(&key(&input)).to_owned();
            std::fs::write(dir.join(format!("cite-{lang}{ext}")), format.render(&input, lang))
                .expect("write a citation");
        }
    }
    let read = python::check("cite", &dir);
    for lang in Lang::ALL {
        let got = &read[lang.code()];
        assert_eq!(got["ris_type"], "DATA");
        assert_eq!(got["ris_url"], url);
        assert_eq!(got["ris_version"], "8e3b81bf975c");
        assert_eq!(got["csl_key"], key(&input));
        assert_eq!(got["bib_key"], key(&input));
        assert_eq!(got["bib_type"], "misc");
        assert_eq!(got["bib_url"], url);
        assert_eq!(got["bib_version"], "8e3b81bf975c");
        let rendered = got["csl_rendered"].as_str().expect("a rendered reference");
        assert!(rendered.contains("8e3b81bf975c") && rendered.contains(url), "{rendered}");
    }
    assert_eq!(read["en"]["ris_author"], "Chengyuan Pharma & {Sons} 100% Co., Ltd. (fictitious)");
    assert_eq!(read["zh"]["ris_author"], "连云港示例澄远药业有限公司（虚构）");
    assert!(read["zh"]["ris_title"].as_str().expect("a title").starts_with("2024年度企业环境信息依法披露"));
    assert_eq!(read["en"]["bib_authors"].as_array().map(Vec::len), Some(1), "one corporate author, not split");
}

#[test]
fn the_readings_export_is_read_by_csv_pandas_and_frictionless() {
    use portal_core::query::export_readings::{reading_headers, readings_csv, readings_descriptor};
    let compiled = portal_core::feed::compile::compile(reference_ref(), &sample().records, &sample().obligations);
    // Every enterprise: numbers, not-detected readings, readings without a limit or a CAS number.
    let details: Vec<&portal_core::feed::EnterpriseDetail> = compiled.details.iter().collect();
    let readings: usize = details
        .iter()
        .flat_map(|d| portal_core::feed::detail::annual_records(d))
        .map(|r| r.outlets.iter().map(|o| o.pollutants.len()).sum::<usize>())
        .sum();
    let dir = python::scratch("readings");
    let mut meta = meta(Licence::default());
    meta.permalink = "https://portal.example/enterprises/e00003?v=0a1b2c3d4e5f".into();
    for lang in Lang::ALL {
        let csv_name = format!("readings-{lang}.csv");
        std::fs::write(dir.join(&csv_name), readings_csv(&details, reference_ref(), lang)).expect("write the export");
        std::fs::write(
            dir.join(format!("readings-{lang}.datapackage.json")),
            readings_descriptor(&meta, &csv_name, lang),
        )
        .expect("write the descriptor");
    }
    let read = python::check("readings", &dir);
    for lang in Lang::ALL {
        let got = &read[lang.code()];
        assert_eq!(got["header"], serde_json::json!(reading_headers(lang)));
        assert_eq!(got["rows"], readings, "one row per reading, {lang}");
        assert_eq!(got["frictionless_rows"], readings, "frictionless reads every row with its types, {lang}");
        assert_eq!(got["types"][2], "integer");
        assert_eq!(got["types"][14], "number");
        assert_eq!(got["licence"], "CC-BY-4.0");
        assert!(
            got["homepage"].as_str().is_some_and(|h| h.contains("v=0a1b2c3d4e5f")),
            "the permanent link carries v="
        );
        assert!(got["pandas_share_max"].as_f64().is_some_and(|m| m > 1.0), "pandas reads the shares as numbers");
        assert!(!got["provenance_units"].as_str().unwrap_or_default().is_empty());
    }
    // The first reading of the first enterprise, as both languages read it.
    let first = &read["zh"]["first"];
    let d = details[0];
    let rec = portal_core::feed::detail::annual_records(d)[0];
    let p = &rec.outlets[0].pollutants[0];
    assert_eq!(first[0], d.enterprise.id.as_str());
    assert_eq!(first[1], rec.report_year);
    assert_eq!(first[2], rec.outlets[0].code.as_str());
    assert_eq!(first[3], p.name_zh.as_str());
    assert_eq!(read["en"]["first"][3], p.name_en.as_str());
    assert_eq!(first[4].as_f64(), p.concentration.value());
}
