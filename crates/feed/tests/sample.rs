//! The sample must behave like real disclosures: these tests hold the generated sample to the
//! invariants a journalist would check, so they cannot regress. They read the committed
//! `data/disclosures/sample.json` and first prove it is exactly what the generator writes, so a
//! test here is a test of the generator too.

mod common;

use common::repo_data;
use portal_core::feed::compile::compile;
use portal_core::feed::disclosure::{DisclosureFile, DisclosureRecord, ReportType, TemporaryTrigger};
use portal_core::feed::plausibility::{self, WarningKind};
use portal_core::feed::reference::{AreaKind, Reference};
use portal_core::feed::units::convert;
use portal_feed::generate::{Inputs, PLANTS, Plant, generate_with_plants};
use std::collections::{BTreeMap, BTreeSet};
use std::sync::LazyLock;

fn read<T: serde::de::DeserializeOwned>(rel: &str) -> T {
    let path = repo_data().join(rel);
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("read {}: {e}", path.display()));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("parse {}: {e}", path.display()))
}

static REFERENCE: LazyLock<Reference> = LazyLock::new(|| Reference {
    substances: read("reference/substances.json"),
    limits: read("reference/limits.json"),
    areas: read("reference/areas.json"),
    industries: read("reference/industries.json"),
});
static SAMPLE: LazyLock<DisclosureFile> = LazyLock::new(|| read("disclosures/sample.json"));

fn annual() -> impl Iterator<Item = &'static DisclosureRecord> {
    SAMPLE.records.iter().filter(|d| d.report_type == ReportType::Annual)
}

/// One record per enterprise (its first), for facts that do not change over the years.
fn enterprises() -> BTreeMap<&'static str, &'static DisclosureRecord> {
    let mut out = BTreeMap::new();
    for d in &SAMPLE.records {
        out.entry(d.enterprise.id.as_str()).or_insert(d);
    }
    out
}

fn planted(plant: Plant) -> BTreeSet<String> {
    let inputs = Inputs::load(&repo_data()).expect("reference data");
    generate_with_plants(&inputs, 120, 2023)
        .planted
        .into_iter()
        .filter(|p| p.plant == plant)
        .map(|p| p.record_id)
        .collect()
}

#[test]
fn the_committed_sample_is_what_the_generator_writes() {
    let inputs = Inputs::load(&repo_data()).expect("reference data");
    let generated = generate_with_plants(&inputs, 120, 2023);
    let committed: serde_json::Value = read("disclosures/sample.json");
    assert!(
        serde_json::to_value(&generated.file).expect("serialise") == committed,
        "data/disclosures/sample.json is stale: run `cargo run -p portal-feed -- generate`"
    );
    // Every planted case of the table landed on a record.
    for (industry, k, year, plant) in PLANTS {
        assert!(
            generated.planted.iter().any(|p| p.plant == *plant),
            "{plant:?} ({industry} #{k}, {year}) was not planted"
        );
    }
}

#[test]
fn every_penalty_names_an_exceeding_reading_of_that_outlet_that_year() {
    let skip = planted(Plant::PenaltyWithoutReading);
    assert_eq!(skip.len(), 2, "the one planted case: an annual report and its temporary report");
    let annual_of = |id: &str, year: u16| {
        annual().find(|d| d.enterprise.id == id && d.report_year == year).expect("an annual report that year")
    };
    let mut checked = 0;
    for d in SAMPLE.records.iter().filter(|d| !skip.contains(&d.record_id)) {
        for p in &d.penalties {
            let s = p.exceedance.as_ref().unwrap_or_else(|| panic!("{}: a penalty without its subject", d.record_id));
            let a = annual_of(&d.enterprise.id, d.report_year);
            let reading = a
                .outlets
                .iter()
                .filter(|o| o.code == s.outlet)
                .flat_map(|o| &o.pollutants)
                .find(|r| r.name_zh == s.pollutant_zh && r.cas == s.cas)
                .unwrap_or_else(|| panic!("{}: {} at {} is not reported", d.record_id, s.pollutant_zh, s.outlet));
            let limit = REFERENCE.limit(reading.limit.as_deref().expect("a limit")).expect("a known limit");
            let value = reading.concentration.value().expect("a detected value");
            let value = convert(value, reading.concentration.unit(), limit.unit).expect("comparable units");
            assert!(value > limit.value, "{}: {value} is not above {}", d.record_id, limit.value);
            assert!(reading.exceedances > 0, "{}: no exceedance counted", d.record_id);
            assert!(p.facts_zh.contains(&s.pollutant_zh) && p.facts_zh.contains(&s.outlet), "{}", p.facts_zh);
            assert!(p.facts_en.contains(&s.pollutant_en) && p.facts_en.contains(&s.outlet), "{}", p.facts_en);
            checked += 1;
        }
    }
    assert!(checked >= 10, "the sample has penalties to check ({checked})");
}

#[test]
fn every_penalty_in_an_annual_report_is_followed_by_a_temporary_report() {
    for d in annual() {
        for p in &d.penalties {
            let temp = SAMPLE.records.iter().find(|t| {
                t.enterprise.id == d.enterprise.id
                    && t.report_type == ReportType::Temporary
                    && t.temporary_trigger == Some(TemporaryTrigger::AdministrativePenalty)
                    && t.penalties.contains(p)
            });
            let temp = temp.unwrap_or_else(|| panic!("{}: no temporary report for {}", d.record_id, p.decision_no));
            assert!(temp.published_on > p.date, "{}: published before the decision", temp.record_id);
        }
    }
}

#[test]
fn a_reading_above_its_limit_counts_its_exceedances() {
    let skip = planted(Plant::AboveLimitNoCount);
    assert_eq!(skip.len(), 1);
    let mut above = 0;
    for d in annual() {
        for r in d.outlets.iter().flat_map(|o| &o.pollutants) {
            let (Some(id), Some(v)) = (r.limit.as_deref(), r.concentration.value()) else { continue };
            let limit = REFERENCE.limit(id).expect("a known limit");
            if convert(v, r.concentration.unit(), limit.unit).expect("comparable") > limit.value {
                above += 1;
                assert!(
                    r.exceedances > 0 || skip.contains(&d.record_id),
                    "{}: {} above its limit, 0 counted",
                    d.record_id,
                    r.name_zh
                );
            }
        }
    }
    assert!(above >= 10, "the sample has exceedances ({above})");
}

#[test]
fn plants_stand_where_their_industry_stands_in_the_city() {
    let ents = enterprises();
    let zone_kind = |z: &Option<String>| {
        z.as_deref().and_then(|z| REFERENCE.areas.areas.iter().find(|a| a.id == z)).map(|a| a.kind)
    };
    let share = |industry: &str, zone: &str| {
        let of: Vec<_> = ents.values().filter(|d| d.enterprise.industry == industry).collect();
        let n = of.iter().filter(|d| d.enterprise.zone.as_deref() == Some(zone)).count();
        n as f64 / of.len() as f64
    };
    assert!(share("petrochemicals", "xuwei") >= 0.75, "petrochemicals mostly in 徐圩");
    assert!(share("pharmaceuticals", "etdz") >= 0.5, "pharmaceuticals mostly in the ETDZ");
    for d in ents.values().filter(|d| matches!(d.enterprise.industry.as_str(), "chemicals" | "pesticides")) {
        assert_eq!(
            zone_kind(&d.enterprise.zone),
            Some(AreaKind::ChemicalPark),
            "{} ({}) stands outside a chemical park",
            d.enterprise.id,
            d.enterprise.industry
        );
    }
    for d in ents.values().filter(|d| matches!(d.enterprise.industry.as_str(), "dyeing" | "electroplating")) {
        assert_ne!(zone_kind(&d.enterprise.zone), Some(AreaKind::ChemicalPark), "{}", d.enterprise.id);
        assert_ne!(d.enterprise.zone.as_deref(), Some("xuwei"), "{}", d.enterprise.id);
    }
}

#[test]
fn sector_sizes_are_uneven() {
    let mut sizes: BTreeMap<&str, usize> = BTreeMap::new();
    for d in enterprises().values() {
        *sizes.entry(d.enterprise.industry.as_str()).or_default() += 1;
    }
    assert_eq!(sizes.len(), REFERENCE.industries.industries.len(), "every industry is present: {sizes:?}");
    let distinct: BTreeSet<usize> = sizes.values().copied().collect();
    assert!(distinct.len() >= 5, "{sizes:?}");
    assert!(sizes["chemicals"] > sizes["waste_incineration"] * 3, "{sizes:?}");
}

#[test]
fn each_industry_is_judged_against_its_own_standards() {
    let skip = planted(Plant::WrongStandard);
    assert_eq!(skip.len(), 1);
    let mut seen: BTreeMap<&str, BTreeSet<&str>> = BTreeMap::new();
    for d in annual().filter(|d| !skip.contains(&d.record_id)) {
        let own = &REFERENCE.industry(&d.enterprise.industry).expect("known industry").discharge_standards;
        for r in d.outlets.iter().flat_map(|o| &o.pollutants) {
            let Some(id) = r.limit.as_deref() else { continue };
            let standard = REFERENCE.limit(id).expect("a known limit").standard.as_str();
            assert!(
                standard == "GB 8978-1996" || own.iter().any(|s| s == standard),
                "{}: {} judged against {standard}",
                d.record_id,
                r.name_zh
            );
            seen.entry(d.enterprise.industry.as_str()).or_default().insert(standard);
        }
    }
    // The standards the review asked for are the ones in use.
    let uses = |industry: &str, standard: &str| seen.get(industry).is_some_and(|s| s.contains(standard));
    assert!(uses("pharmaceuticals", "GB 37823-2019") && !uses("pharmaceuticals", "GB 31571-2015"));
    assert!(uses("wastewater_treatment", "GB 18918-2002") && !uses("wastewater_treatment", "GB 8978-1996"));
    assert!(uses("hazardous_waste_disposal", "GB 18484-2020"));
    assert!(uses("waste_incineration", "GB 18485-2014"));
    assert!(uses("electroplating", "GB 21900-2008"));
    assert!(uses("dyeing", "GB 4287-2012"));
    assert!(uses("pesticides", "GB 39727-2020"));
    assert!(uses("chemicals", "GB 31572-2015") && uses("chemicals", "GB 31571-2015"));
    for industry in ["waste_incineration", "hazardous_waste_disposal", "pharmaceuticals"] {
        assert!(!uses(industry, "GB 31571-2015"), "{industry} judged against GB 31571");
    }
}

#[test]
fn use_of_a_banned_substance_after_its_ban_is_flagged() {
    let compiled = compile(&REFERENCE, &SAMPLE.records, &SAMPLE.obligations);
    let mut pfos_2023 = 0;
    for d in annual() {
        for m in &d.toxic_raw_materials {
            let Some(from) = m.entry.and_then(|n| REFERENCE.entry(n)).and_then(|e| e.use_banned_from()) else {
                continue;
            };
            if from <= format!("{}-12-31", d.report_year).as_str() {
                let row = compiled.index.iter().find(|e| e.id == d.enterprise.id).expect("indexed");
                assert!(row.banned_years.contains(&d.report_year), "{}: {} not flagged", d.record_id, m.name_zh);
                pfos_2023 += usize::from(m.entry == Some(1) && d.report_year == 2023);
            }
        }
    }
    assert!(pfos_2023 > 0, "the sample has PFOS used in 2023, after its ban of 2023-03-01");
}

#[test]
fn methods_waste_codes_and_addresses_are_right() {
    for d in annual() {
        for r in d.outlets.iter().flat_map(|o| &o.pollutants) {
            if r.cas.as_deref() == Some("118-74-1") {
                assert!(!r.monitoring.method.starts_with("HJ 77"), "{}: HCB by a dioxin method", d.record_id);
            }
        }
        if d.enterprise.industry == "pesticides" {
            assert!(d.hazardous_waste.iter().all(|w| w.category == "HW04"), "{}", d.record_id);
        }
    }
    for d in enterprises().values() {
        let digits = |s: &str| s.chars().filter(char::is_ascii_digit).collect::<String>();
        assert_eq!(digits(&d.enterprise.address_zh), digits(&d.enterprise.address_en), "{}", d.enterprise.id);
    }
}

#[test]
fn the_plausibility_warnings_on_the_sample_are_exactly_the_planted_ones() {
    let files = vec![(common::SAMPLE.to_owned(), SAMPLE.clone())];
    let warnings = plausibility::check(&REFERENCE, &files);
    let got: BTreeSet<(String, WarningKind)> = warnings.iter().map(|w| (w.record.clone(), w.kind)).collect();
    let inputs = Inputs::load(&repo_data()).expect("reference data");
    let kind = |p: Plant| match p {
        Plant::AboveLimitNoCount => WarningKind::AboveLimitNoExceedance,
        Plant::Implausible => WarningKind::Implausible,
        Plant::PenaltyWithoutReading => WarningKind::PenaltyNotReported,
        Plant::PermitExpired => WarningKind::PermitExpired,
        Plant::WrongStandard => WarningKind::StandardNotForIndustry,
        Plant::BannedUse => WarningKind::BannedUse,
        Plant::QuantityMismatch => WarningKind::QuantityMismatch,
    };
    let expected: BTreeSet<(String, WarningKind)> =
        generate_with_plants(&inputs, 120, 2023).planted.into_iter().map(|p| (p.record_id, kind(p.plant))).collect();
    assert_eq!(got, expected);
    assert_eq!(got.len(), warnings.len(), "one warning per planted case");
}

#[test]
fn feed_validate_and_build_list_the_warnings_and_still_succeed() {
    let f = common::Fixture::new();
    let files = vec![(common::SAMPLE.to_owned(), SAMPLE.clone())];
    let want: Vec<String> = plausibility::check(&REFERENCE, &files).iter().map(|w| format!("warning: {w}")).collect();
    assert!(!want.is_empty());
    let data = f.data.to_str().expect("a UTF-8 path");
    let out = f.out.to_str().expect("a UTF-8 path");
    for args in [vec!["validate", "--data", data], vec!["build", "--data", data, "--out", out]] {
        let output = std::process::Command::new(env!("CARGO_BIN_EXE_feed")).args(&args).output().expect("run feed");
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(output.status.success(), "{args:?}: {stderr}");
        // The fixture's directory is called `data`, so its paths read as the repository's.
        let printed: Vec<&str> = stderr.lines().filter(|l| l.starts_with("warning: ")).collect();
        assert_eq!(printed, want, "{args:?}");
        assert!(stderr.contains(&format!("{} plausibility warning(s)", want.len())), "{stderr}");
    }
}

#[test]
fn a_listed_company_discloses_on_that_ground_only_the_year_after_a_penalty() {
    use portal_core::feed::disclosure::DisclosureBasis;
    let listed: Vec<_> = annual().filter(|d| d.disclosure_basis.contains(&DisclosureBasis::ListedCompany)).collect();
    assert!(!listed.is_empty(), "the sample has the case");
    for d in listed {
        let penalised_before = annual().any(|p| {
            p.enterprise.id == d.enterprise.id && p.report_year + 1 == d.report_year && !p.penalties.is_empty()
        });
        assert!(penalised_before, "{}: listed-company basis without a penalty the year before (Art. 8)", d.record_id);
    }
}

/// The format standard's fields the sample fills (issue 17 item 4, in part): each value's
/// statistic and sample count, each outlet's discharge mode, each waste's 8-digit code and stock.
#[test]
fn the_format_standard_fields_are_filled_and_agree() {
    use portal_core::feed::disclosure::{DischargeMode, Frequency, OutletMedium, Statistic};
    for d in annual() {
        let wwtp = d.enterprise.industry == "wastewater_treatment";
        for o in &d.outlets {
            let want = match (o.medium, wwtp) {
                (OutletMedium::Water, true) => DischargeMode::Direct,
                (OutletMedium::Water, false) => DischargeMode::Indirect,
                (OutletMedium::Air, _) => DischargeMode::Organised,
            };
            assert_eq!(o.discharge_mode, Some(want), "{} {}", d.record_id, o.code);
            for r in &o.pollutants {
                assert_eq!(r.statistic, Some(Statistic::Mean), "{}", d.record_id);
                let n = r.sample_count.expect("a sample count");
                let fits = match r.monitoring.frequency {
                    Frequency::Monthly => n == 12,
                    Frequency::Quarterly => n == 4,
                    Frequency::HalfYearly => n == 2,
                    _ => n >= 50,
                };
                assert!(fits, "{}: {n} samples for {:?}", d.record_id, r.monitoring.frequency);
                assert!(r.exceedances <= n, "{}: more exceedances than samples", d.record_id);
            }
        }
        for w in &d.hazardous_waste {
            let code = w.code.as_deref().expect("an 8-digit code");
            assert_eq!(&code[8..], &w.category[2..], "{}", d.record_id);
            let stored = w.stored.expect("a stock").value;
            assert!(
                (stored - (w.generated.value - w.transferred.value)).abs() <= 0.01 * w.generated.value,
                "{}",
                d.record_id
            );
        }
    }
}

/// The rest of the format standard's fields (issue 17 item 4): every annual report names its
/// legal representative; every facility serves an outlet of its own medium; every fugitive
/// emission is a solvent the plant also sends up a stack; the monitoring plan counts the year's
/// samples; what is transferred is utilised or disposed of, as the disposal route says; and the
/// emergency plan is filed except where the generator leaves it unfiled (every tenth plant).
#[test]
fn the_remaining_format_standard_fields_are_filled_and_agree() {
    use portal_core::feed::disclosure::{Disposal, OutletMedium};
    let mut unfiled = BTreeSet::new();
    let mut fugitive = 0;
    for d in annual() {
        assert!(d.legal_representative.as_deref().is_some_and(|n| n.contains("虚构")), "{}", d.record_id);
        assert_eq!(d.facilities.len(), d.outlets.len(), "{}", d.record_id);
        for f in &d.facilities {
            let o = d.outlets.iter().find(|o| Some(&o.code) == f.outlet.as_ref()).expect("the facility's outlet");
            assert_eq!(o.medium, f.medium, "{}", d.record_id);
        }
        for f in &d.fugitive_emissions {
            fugitive += 1;
            assert!(matches!(f.entry, Some(10 | 11)), "{}", d.record_id);
            let stacked = d
                .outlets
                .iter()
                .filter(|o| o.medium == OutletMedium::Air)
                .flat_map(|o| &o.pollutants)
                .find(|p| p.cas == f.cas)
                .and_then(|p| p.annual_quantity)
                .expect("the same solvent at a stack");
            let q = f.annual_quantity.expect("an estimate");
            assert_eq!(q.unit, stacked.unit);
            assert!(q.value < 0.3 * stacked.value, "{}: fugitive is a fraction of the stack's", d.record_id);
        }
        let m = d.self_monitoring.expect("a monitoring plan");
        let samples: u32 = d.outlets.iter().flat_map(|o| &o.pollutants).filter_map(|p| p.sample_count).sum();
        assert_eq!(m.planned, samples, "{}", d.record_id);
        assert!(m.completed <= m.planned && m.completed * 10 >= m.planned * 8, "{}: {m:?}", d.record_id);
        for w in &d.hazardous_waste {
            let (u, x) = (w.utilised.expect("utilised").value, w.disposed.expect("disposed").value);
            assert_eq!(u + x, w.transferred.value, "{}", d.record_id);
            assert_eq!(u > 0.0, w.disposal == Disposal::Utilisation, "{}", d.record_id);
        }
        let plan = d.emergency_plan.as_ref().expect("an emergency plan entry");
        assert!(plan.risk_level.is_some(), "{}", d.record_id);
        if !plan.is_filed() {
            unfiled.insert(d.enterprise.id.clone());
        }
    }
    assert!(fugitive > 0, "the sample has fugitive emissions");
    let n: usize = enterprises().len();
    let want: BTreeSet<String> = (0..n)
        .filter(|i| i % 10 == 7)
        .map(|i| format!("e{i:05}"))
        .filter(|id| annual().any(|d| &d.enterprise.id == id))
        .collect();
    assert_eq!(unfiled, want);
}

/// The list's facet for records with notes (issue 17 item 5): the index marks exactly the years
/// whose records carry a planted data-quality problem, and filtering on it finds exactly those
/// enterprises, in every year and in a selected one.
#[test]
fn the_list_facet_for_records_with_notes_finds_the_planted_ones() {
    use portal_core::query::{Catalog, Flag, Query};
    let compiled = compile(&REFERENCE, &SAMPLE.records, &SAMPLE.obligations);
    let inputs = Inputs::load(&repo_data()).expect("reference data");
    let mut want: BTreeMap<String, BTreeSet<u16>> = BTreeMap::new();
    for p in generate_with_plants(&inputs, 120, 2023).planted {
        let d = SAMPLE.records.iter().find(|d| d.record_id == p.record_id).expect("the planted record");
        want.entry(d.enterprise.id.clone()).or_default().insert(d.report_year);
    }
    let got: BTreeMap<String, BTreeSet<u16>> = compiled
        .index
        .iter()
        .filter(|e| !e.quality_years.is_empty())
        .map(|e| (e.id.clone(), e.quality_years.iter().copied().collect()))
        .collect();
    assert_eq!(got, want);

    let catalog = Catalog::new(compiled.index.clone(), &REFERENCE);
    let ids = |q: &Query| -> BTreeSet<String> {
        catalog.run(q, None, None, false).rows.iter().map(|&i| compiled.index[i].id.clone()).collect()
    };
    let all = Query { flags: vec![Flag::Quality], ..Query::default() };
    assert_eq!(ids(&all), want.keys().cloned().collect());
    let in_2024 = Query { flags: vec![Flag::Quality], years: vec![2024], ..Query::default() };
    let want_2024: BTreeSet<String> =
        want.iter().filter(|(_, ys)| ys.contains(&2024)).map(|(id, _)| id.clone()).collect();
    assert!(!want_2024.is_empty() && want_2024.len() < want.len());
    assert_eq!(ids(&in_2024), want_2024);
}
