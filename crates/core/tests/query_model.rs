//! The query engine against a naive model of its definition, on generated catalogs and queries.
//!
//! The model is the engine's first, straightforward implementation (a pass/fail table per group,
//! string comparisons, a full sort per query). The engine now works on precomputed columns and
//! bit masks; this test holds it to the same answers: rows in the same order, the same facet
//! counts, the same pages.

use portal_core::feed::IndexEntry;
use portal_core::feed::disclosure::DisclosureBasis;
use portal_core::feed::reference::{AreaTable, IndustryTable, LimitTable, Reference, SubstanceList};
use portal_core::query::{Catalog, FacetCount, Facets, Flag, Group, Query, Sort, distance_km};
use proptest::prelude::*;
use proptest::sample::{select, subsequence};
use std::path::PathBuf;
use std::sync::LazyLock;

const GROUPS: usize = 8;

fn flag_list(e: &IndexEntry, f: Flag) -> &[u16] {
    match f {
        Flag::Exceeded => &e.exceeded_years,
        Flag::Banned => &e.banned_years,
        Flag::Missing => &e.missing_years,
        Flag::Quality => &e.quality_years,
    }
}

/// The model: every match in display order, and the facet counts.
fn model(
    all: &[IndexEntry],
    text: &[bool],
    q: &Query,
    near_point: Option<(f64, f64)>,
    english: bool,
) -> (Vec<usize>, Facets) {
    let flag_years = |e: &IndexEntry, f: Flag| {
        let ys = flag_list(e, f);
        if q.years.is_empty() { !ys.is_empty() } else { ys.iter().any(|y| q.years.contains(y)) }
    };
    let any = |sel: bool, hit: bool| !sel || hit;
    // Per enterprise, which groups it passes.
    let pass: Vec<[bool; GROUPS]> = all
        .iter()
        .enumerate()
        .map(|(i, e)| {
            [
                text[i],
                any(!q.districts.is_empty(), q.districts.contains(&e.district)),
                any(!q.zones.is_empty(), e.zone.as_ref().is_some_and(|z| q.zones.contains(z))),
                any(!q.industries.is_empty(), q.industries.contains(&e.industry)),
                any(!q.basis.is_empty(), e.basis.iter().any(|b| q.basis.contains(b))),
                any(!q.entries.is_empty(), e.entries.iter().any(|n| q.entries.contains(n))),
                // A year matches if the enterprise disclosed, or failed to disclose, that year.
                any(!q.years.is_empty(), e.years.iter().chain(&e.missing_years).any(|y| q.years.contains(y))),
                q.flags.iter().all(|f| flag_years(e, *f)),
            ]
        })
        .collect();
    let all_but = |p: &[bool; GROUPS], g: Group| p.iter().enumerate().all(|(k, ok)| k == g as usize || *ok);

    let mut facets = Facets::default();
    let count_strings = |g: Group, get: &dyn Fn(&IndexEntry) -> Option<&String>, out: &mut Vec<FacetCount<String>>| {
        let mut counts: Vec<FacetCount<String>> = Vec::new();
        for (e, p) in all.iter().zip(&pass) {
            if let Some(v) = get(e)
                && all_but(p, g)
            {
                match counts.iter_mut().find(|c| &c.value == v) {
                    Some(c) => c.count += 1,
                    None => counts.push(FacetCount { value: v.clone(), count: 1 }),
                }
            }
        }
        counts.sort_by(|a, b| a.value.cmp(&b.value));
        *out = counts;
    };
    count_strings(Group::District, &|e| Some(&e.district), &mut facets.districts);
    count_strings(Group::Zone, &|e| e.zone.as_ref(), &mut facets.zones);
    count_strings(Group::Industry, &|e| Some(&e.industry), &mut facets.industries);

    let mut basis = [0usize; 5];
    let mut entries = [0usize; 15];
    let mut years: Vec<FacetCount<u16>> = Vec::new();
    let mut flags = [0usize; 4];
    for (e, p) in all.iter().zip(&pass) {
        if all_but(p, Group::Basis) {
            for b in &e.basis {
                if let Some(k) = DisclosureBasis::ALL.iter().position(|x| x == b) {
                    basis[k] += 1;
                }
            }
        }
        if all_but(p, Group::Entry) {
            for n in &e.entries {
                if let Some(slot) = entries.get_mut(usize::from(*n)) {
                    *slot += 1;
                }
            }
        }
        if all_but(p, Group::Year) {
            let mut seen: Vec<u16> = e.years.iter().chain(&e.missing_years).copied().collect();
            seen.sort_unstable();
            seen.dedup();
            for y in seen {
                match years.iter_mut().find(|c| c.value == y) {
                    Some(c) => c.count += 1,
                    None => years.push(FacetCount { value: y, count: 1 }),
                }
            }
        }
        // A flag's count: enterprises matching everything else plus that flag.
        let others = all_but(p, Group::Flags);
        if others {
            for (k, f) in Flag::ALL.iter().enumerate() {
                let selected_others_hold = q.flags.iter().filter(|g| *g != f).all(|g| flag_years(e, *g));
                if selected_others_hold && flag_years(e, *f) {
                    flags[k] += 1;
                }
            }
        }
    }
    facets.basis = DisclosureBasis::ALL.iter().zip(basis).map(|(b, count)| FacetCount { value: *b, count }).collect();
    facets.entries = (1..=14u8).map(|n| FacetCount { value: n, count: entries[usize::from(n)] }).collect();
    years.sort_by_key(|c| c.value);
    facets.years = years;
    facets.flags = Flag::ALL.iter().zip(flags).map(|(f, count)| FacetCount { value: *f, count }).collect();

    let mut rows: Vec<usize> = (0..all.len()).filter(|&i| pass[i].iter().all(|ok| *ok)).collect();
    let distance = |i: usize| near_point.map(|p| distance_km(p, all[i].lat_lng));
    let name = |i: usize| if english { &all[i].name_en } else { &all[i].name_zh };
    match q.sort {
        Sort::Name => rows.sort_by(|a, b| name(*a).cmp(name(*b))),
        Sort::Exceedances => rows.sort_by(|a, b| {
            let (ea, eb) = (&all[*a], &all[*b]);
            eb.exceeded_years.len().cmp(&ea.exceeded_years.len()).then_with(|| name(*a).cmp(name(*b)))
        }),
        Sort::Recent => rows.sort_by(|a, b| {
            let last = |i: usize| all[i].years.last().copied().unwrap_or(0);
            last(*b).cmp(&last(*a)).then_with(|| name(*a).cmp(name(*b)))
        }),
        Sort::District => {
            rows.sort_by(|a, b| all[*a].district.cmp(&all[*b].district).then_with(|| name(*a).cmp(name(*b))))
        }
        Sort::Distance => rows.sort_by(|a, b| {
            distance(*a).unwrap_or(0.0).total_cmp(&distance(*b).unwrap_or(0.0)).then_with(|| name(*a).cmp(name(*b)))
        }),
    }
    (rows, facets)
}

static REFERENCE: LazyLock<Reference> = LazyLock::new(|| {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../data/reference");
    let read = |f: &str| std::fs::read_to_string(dir.join(f)).expect("reference file");
    Reference {
        substances: serde_json::from_str::<SubstanceList>(&read("substances.json")).expect("substances"),
        limits: serde_json::from_str::<LimitTable>(&read("limits.json")).expect("limits"),
        areas: serde_json::from_str::<AreaTable>(&read("areas.json")).expect("areas"),
        industries: serde_json::from_str::<IndustryTable>(&read("industries.json")).expect("industries"),
    }
});

const DISTRICTS: [&str; 4] = ["320703", "320706", "320722", "320724"];
const ZONES: [&str; 3] = ["dapu", "xuwei", "guanyun"];
const INDUSTRIES: [&str; 3] = ["chemicals", "pharmaceuticals", "electroplating"];
/// Few names, so that ties (and their order) are tested too.
const NAMES_ZH: [&str; 4] = ["甲化工", "乙药业", "甲", "丙电镀"];
const NAMES_EN: [&str; 4] = ["Alpha Chemical", "Beta Pharma", "alpha", "Gamma"];
const YEARS: [u16; 4] = [2022, 2023, 2024, 2025];

fn years() -> impl Strategy<Value = Vec<u16>> {
    subsequence(YEARS.to_vec(), 0..=YEARS.len())
}

fn index_entry() -> impl Strategy<Value = IndexEntry> {
    (
        (select(NAMES_ZH.to_vec()), select(NAMES_EN.to_vec()), select(DISTRICTS.to_vec())),
        (prop::option::of(select(ZONES.to_vec())), select(INDUSTRIES.to_vec())),
        (subsequence(DisclosureBasis::ALL.to_vec(), 0..=2), subsequence((1..=14u8).collect::<Vec<_>>(), 0..=3)),
        (years(), years(), years(), years(), years()),
        (34.0..35.2f64, 118.5..119.8f64),
    )
        .prop_map(|((zh, en, district), (zone, industry), (basis, entries), (y, m, x, b, q), lat_lng)| {
            IndexEntry {
                id: String::new(),
                name_zh: zh.into(),
                name_en: en.into(),
                uscc: format!("91{district}YY0000000X"),
                industry: industry.into(),
                district: district.into(),
                zone: zone.map(str::to_owned),
                lat_lng,
                schematic: true,
                basis,
                years: y,
                missing_years: m,
                exceeded_years: x,
                banned_years: b,
                quality_years: q,
                entries,
                cas: vec![],
                temporary_reports: 0,
                is_sample: true,
            }
        })
}

fn query() -> impl Strategy<Value = Query> {
    let with_unknown = |v: &[&str]| v.iter().map(|s| (*s).to_owned()).chain(["unknown".to_owned()]).collect::<Vec<_>>();
    (
        select(vec!["", "甲", "alpha", "化工 甲", "91320724", "pharma beta"]),
        (
            subsequence(with_unknown(&DISTRICTS), 0..=2),
            subsequence(with_unknown(&ZONES), 0..=2),
            subsequence(with_unknown(&INDUSTRIES), 0..=2),
        ),
        (subsequence(DisclosureBasis::ALL.to_vec(), 0..=2), subsequence((1..=14u8).collect::<Vec<_>>(), 0..=2)),
        (subsequence(vec![2021u16, 2023, 2024, 2030], 0..=2), subsequence(Flag::ALL.to_vec(), 0..=4)),
        (select(Sort::ALL.to_vec()), 0usize..3),
    )
        .prop_map(|(text, (districts, zones, industries), (basis, entries), (years, flags), (sort, page))| Query {
            text: text.into(),
            districts,
            zones,
            industries,
            basis,
            entries,
            years,
            flags,
            sort,
            page,
            near: None,
        })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn the_engine_answers_as_the_model_does(
        mut entries in prop::collection::vec(index_entry(), 0..60),
        q in query(),
        near in prop::option::of((34.0..35.2f64, 118.5..119.8f64)),
        english in any::<bool>(),
    ) {
        for (i, e) in entries.iter_mut().enumerate() {
            e.id = format!("e{i:03}");
        }
        let catalog = Catalog::new(entries, &REFERENCE);
        let text = catalog.text_matches(&q.text);
        let (rows, facets) = model(&catalog.entries, &text, &q, near, english);
        let got = catalog.run(&q, None, near, english);
        prop_assert_eq!(&got.rows, &rows);
        prop_assert_eq!(&got.facets, &facets);
        let pages = rows.len().div_ceil(portal_core::query::PAGE_SIZE).max(1);
        prop_assert_eq!(got.pages, pages);
        prop_assert_eq!(got.page, q.page.min(pages - 1));
        let distances = near.map(|p| rows.iter().map(|&i| distance_km(p, catalog.entries[i].lat_lng)).collect::<Vec<_>>());
        prop_assert_eq!(got.distances, distances);
        // Passing the text matches in gives the same answer as letting the engine search.
        prop_assert_eq!(catalog.run(&q, Some(&text), near, english).rows, rows);
    }
}
