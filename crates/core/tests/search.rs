//! The site search: place names lead to the filtered list, 超标/违规/禁用 to the list's findings,
//! everyday words to report categories and explainers, abbreviations and English to explainers,
//! lessons and list entries; an empty result offers the closest words. Also the synonym table's
//! check (every target must exist), on the real table and on broken rows.

mod common;

use common::{content, index_entry as entry, reference_ref};
use portal_core::content::{ContentIndex, Synonym};
use portal_core::query::{Catalog, Flag, Query};
use portal_core::report::Category;
use portal_core::search::{Answer, edit_distance, search, similarity, synonym_problems};
use std::collections::BTreeSet;
use std::sync::LazyLock;

/// Four enterprises: two in 灌南县 (320724), one of them over a limit and using a banned
/// substance; one in 海州区 in the Dapu zone, over a limit; one in 连云区 that failed to disclose.
fn small() -> Catalog {
    let mut a = entry("e1", "甲化工", "Alpha Chemical", "320706", "chemicals");
    a.exceeded_years = vec![2024];
    a.zone = Some("dapu".into());
    let b = entry("e2", "乙药业", "Beta Pharma", "320724", "pharmaceuticals");
    let mut c = entry("e3", "丙电镀", "Gamma Plating", "320724", "electroplating");
    c.entries = vec![1];
    c.banned_years = vec![2024];
    c.exceeded_years = vec![2023, 2024];
    let mut d = entry("e4", "丁水务", "Delta Water", "320703", "wastewater_treatment");
    d.missing_years = vec![2024];
    Catalog::new(vec![a, b, c, d], reference_ref())
}

static INDEX: LazyLock<ContentIndex> = LazyLock::new(|| content().index());

fn find(q: &str) -> Answer {
    search(q, &small(), reference_ref(), Some(&INDEX))
}

fn districts(code: &str) -> Query {
    Query { districts: vec![code.into()], ..Query::default() }
}

#[test]
fn a_district_by_its_name_short_name_or_english_name_leads_to_the_filtered_list() {
    for q in ["灌南县", "灌南", "Guannan", "guannan county", "灌南县的企业", "  灌南县 "] {
        let a = find(q);
        assert_eq!(a.lists.len(), 1, "{q}: {:?}", a.lists);
        assert_eq!(a.lists[0].query, districts("320724"), "{q}");
        assert_eq!(a.lists[0].count, 2, "{q}: e2 and e3 are in 灌南县");
    }
    // A different district, a different list.
    let a = find("海州区");
    assert_eq!(a.lists[0].query, districts("320706"));
    assert_eq!(a.lists[0].count, 1);
}

#[test]
fn the_words_for_findings_lead_to_the_matching_facet() {
    let flag_lists = |q: &str| find(q).lists.iter().map(|l| (l.query.flags.clone(), l.count)).collect::<Vec<_>>();
    assert_eq!(flag_lists("超标"), vec![(vec![Flag::Exceeded], 2)]);
    assert_eq!(flag_lists("禁用"), vec![(vec![Flag::Banned], 1)]);
    assert_eq!(flag_lists("违规"), vec![(vec![Flag::Exceeded], 2), (vec![Flag::Banned], 1), (vec![Flag::Missing], 1)]);
    assert_eq!(flag_lists("exceeded"), vec![(vec![Flag::Exceeded], 2)]);
    // With a place: the finding in that place.
    let a = find("灌南县 超标");
    assert_eq!(a.lists.len(), 1);
    assert_eq!(
        a.lists[0].query,
        Query { districts: vec!["320724".into()], flags: vec![Flag::Exceeded], ..Query::default() }
    );
    assert_eq!(a.lists[0].count, 1);
    // 超标 also offers the report category.
    assert!(find("超标").categories.contains(&Category::ExceedingLimit));
}

#[test]
fn everyday_words_lead_to_the_report_category_and_an_explainer() {
    let cases: [(&str, Category); 8] = [
        ("臭味", Category::OdourOrDiscolouredWater),
        ("河边有异味", Category::OdourOrDiscolouredWater),
        ("黑水", Category::OdourOrDiscolouredWater),
        ("smell", Category::OdourOrDiscolouredWater),
        ("冒烟", Category::IllegalDischarge),
        ("死鱼", Category::IllegalDischarge),
        ("排污", Category::IllegalDischarge),
        ("危废", Category::HazardousWaste),
    ];
    for (q, want) in cases {
        let a = find(q);
        assert!(a.categories.contains(&want), "{q}: {:?}", a.categories);
        assert!(!a.explainers.is_empty() || !a.terms.is_empty(), "{q} leads to something to read");
        assert!(a.lists.is_empty(), "{q} names no place or finding: {:?}", a.lists);
    }
    assert_eq!(find("臭味").explainers, vec!["what-are-new-pollutants".to_owned()]);
}

#[test]
fn pfas_finds_its_explainer_lesson_and_list_entries_1_2_and_8() {
    for q in ["PFAS", "pfas", "ＰＦＡＳ", "forever chemicals", "永久化学品"] {
        let a = find(q);
        assert!(a.explainers.contains(&"pfas".to_owned()), "{q}: {:?}", a.explainers);
        assert!(a.lessons.contains(&"pfas".to_owned()), "{q}: {:?}", a.lessons);
        for n in [1, 2, 8] {
            assert!(a.entries.contains(&n), "{q}: entry {n} in {:?}", a.entries);
        }
    }
    // An abbreviation of one entry finds that entry and the explainer about it.
    let a = find("PFOS");
    assert_eq!(a.entries, vec![1]);
    assert!(a.explainers.contains(&"pfas".to_owned()));
    // Latin words match whole words only: "bandage" is not "ban".
    assert!(find("bandage").lists.is_empty());
}

#[test]
fn a_longer_name_wins_over_the_shorter_names_inside_it() {
    // 化工园区 is the chemical parks, not also the chemical industry (化工).
    let a = find("化工园区");
    assert_eq!(a.lists.len(), 1);
    assert!(a.lists[0].query.industries.is_empty(), "{:?}", a.lists[0].query);
    assert_eq!(a.lists[0].query.zones.len(), 4);
    // 化工 alone is the industry.
    assert_eq!(find("化工").lists[0].query.industries, vec!["chemicals".to_owned()]);
}

#[test]
fn enterprises_are_still_found_by_name() {
    let a = find("丙电镀");
    let c = small();
    assert_eq!(a.enterprises.iter().map(|&i| c.entries[i].id.as_str()).collect::<Vec<_>>(), vec!["e3"]);
    assert!(a.suggestions.is_empty());
}

#[test]
fn an_empty_result_offers_the_closest_words() {
    let a = find("灌难县");
    assert!(a.is_empty(), "{a:?}");
    assert!(a.suggestions.contains(&"灌南县".to_owned()), "{:?}", a.suggestions);
    let a = find("pfsa");
    assert!(a.is_empty());
    assert!(a.suggestions.iter().any(|s| s == "PFAS"), "{:?}", a.suggestions);
    // Nothing alike: nothing suggested (the page still offers the report form).
    let a = find("xyz");
    assert!(a.is_empty());
    assert!(a.suggestions.is_empty(), "{:?}", a.suggestions);
    assert!(a.suggestions.len() <= 5);
    // Nothing typed: nothing at all.
    assert_eq!(find("   "), Answer::default());
}

#[test]
fn edit_distance_and_similarity() {
    assert_eq!(edit_distance("", ""), 0);
    assert_eq!(edit_distance("pfas", "pfas"), 0);
    assert_eq!(edit_distance("pfsa", "pfas"), 1, "a swap is one edit");
    assert_eq!(edit_distance("abc", "ca"), 3);
    assert_eq!(edit_distance("kitten", "sitting"), 3);
    assert_eq!(edit_distance("灌南县", "灌云县"), 1);
    assert!((similarity("灌南县", "灌南县") - 1.0).abs() < 1e-9);
    assert!((similarity("灌难县", "灌南县") - 2.0 / 3.0).abs() < 1e-9);
    assert_eq!(similarity("xyz", "灌南县"), 0.0);
    assert!(similarity("microplastik", "microplastics: plastic too small to see") > 0.8);
}

#[test]
fn every_word_of_the_real_synonym_table_finds_its_targets() {
    let index = &*INDEX;
    let catalog = Catalog::new(common::sample_index(), reference_ref());
    assert!(!index.synonyms.is_empty());
    for s in &index.synonyms {
        for w in &s.words {
            let a = search(w, &catalog, reference_ref(), Some(index));
            for c in &s.categories {
                assert!(a.categories.iter().any(|x| x.key() == c), "{w}: category {c} in {:?}", a.categories);
            }
            for id in &s.explainers {
                assert!(a.explainers.contains(id), "{w}: explainer {id} in {:?}", a.explainers);
            }
            for id in &s.lessons {
                assert!(a.lessons.contains(id), "{w}: lesson {id} in {:?}", a.lessons);
            }
            for n in &s.entries {
                assert!(a.entries.contains(n), "{w}: entry {n} in {:?}", a.entries);
            }
            for f in &s.flags {
                assert!(a.lists.iter().any(|l| l.query.flags.iter().any(|x| x.key() == f)), "{w}: flag {f}");
            }
            for z in &s.zones {
                assert!(a.lists.iter().any(|l| l.query.zones.contains(z)), "{w}: zone {z}");
            }
        }
    }
}

#[test]
fn the_real_synonym_table_names_only_what_exists() {
    let c = content();
    let ids = |v: Vec<&'static str>| v.into_iter().collect::<BTreeSet<&str>>();
    let explainers = ids(c.explainers.iter().map(|e| e.value.id.as_str()).collect());
    let lessons = ids(c.lessons.iter().map(|l| l.value.level.as_str()).collect());
    let terms = ids(c.glossary.value.terms.iter().map(|t| t.id.as_str()).collect());
    let problems = synonym_problems(&c.synonyms.value.synonyms, Some(reference_ref()), &explainers, &lessons, &terms);
    assert_eq!(problems, vec![]);
}

#[test]
fn the_synonym_check_names_every_missing_target() {
    let known = |v: &[&'static str]| v.iter().copied().collect::<BTreeSet<&str>>();
    let rows = vec![
        Synonym {
            words: vec!["甲".into()],
            districts: vec!["guannan".into(), "nowhere".into(), "dapu".into()],
            zones: vec!["dapu".into(), "guannan".into()],
            industries: vec!["chemicals".into(), "mining".into()],
            flags: vec!["exceeded".into(), "late".into()],
            categories: vec!["odour_or_discoloured_water".into(), "smell".into()],
            explainers: vec!["pfas".into(), "ghosts".into()],
            lessons: vec!["pfas".into(), "nap".into()],
            entries: vec![1, 15],
            terms: vec!["pfas".into(), "nonsense".into()],
        },
        Synonym { words: vec!["甲".into(), " ".into()], ..Synonym::default() },
    ];
    let problems =
        synonym_problems(&rows, Some(reference_ref()), &known(&["pfas"]), &known(&["pfas"]), &known(&["pfas"]));
    let messages: Vec<String> = problems.iter().map(|(i, m)| format!("{i}: {m}")).collect();
    assert_eq!(
        messages,
        vec![
            "0: no finding `late`",
            "0: no report category `smell`",
            "0: no explainer `ghosts`",
            "0: no lesson `nap`",
            "0: no glossary term `nonsense`",
            "0: no district `nowhere`",
            "0: no district `dapu`",
            "0: no park or zone `guannan`",
            "0: no industry `mining`",
            "0: no list entry `15`",
            "1: a synonym needs words, none of them empty",
            "1: the word `甲` is in another synonym too",
            "1: a synonym must lead somewhere (districts, zones, industries, flags, categories, explainers, lessons, entries or terms)",
        ]
    );
    // Without the reference data, list entries are still checked against 1–14.
    let problems = synonym_problems(&rows[..1], None, &known(&["pfas"]), &known(&["pfas"]), &known(&["pfas"]));
    assert!(problems.iter().any(|(_, m)| m == "no list entry `15`"));
    assert!(!problems.iter().any(|(_, m)| m.contains("district")));
}
