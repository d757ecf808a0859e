//! The query engine on a small hand-made catalog (exact expectations) and on the real sample feed.

mod common;

use common::{index_entry as entry, reference_ref, sample_index};
use portal_core::feed::disclosure::DisclosureBasis;
use portal_core::query::{ActiveFilter, Catalog, Flag, Near, PAGE_SIZE, Query, Sort, distance_km, normalise};

/// Four enterprises with known properties.
fn small() -> Catalog {
    let mut a = entry("e1", "甲化工", "Alpha Chemical", "320706", "chemicals");
    a.entries = vec![10];
    a.cas = vec!["75-09-2".into()];
    a.exceeded_years = vec![2024];
    a.zone = Some("dapu".into());
    let mut b = entry("e2", "乙药业", "Beta Pharma", "320724", "pharmaceuticals");
    b.entries = vec![10, 11];
    b.cas = vec!["75-09-2".into(), "67-66-3".into()];
    b.lat_lng = (34.10, 119.35);
    let mut c = entry("e3", "丙电镀", "Gamma Plating", "320724", "electroplating");
    c.entries = vec![1];
    c.banned_years = vec![2024];
    c.exceeded_years = vec![2023, 2024];
    let mut d = entry("e4", "丁水务", "Delta Water", "320703", "wastewater_treatment");
    d.years = vec![2023];
    d.missing_years = vec![2024];
    Catalog::new(vec![a, b, c, d], reference_ref())
}

fn ids(c: &Catalog, rows: &[usize]) -> Vec<String> {
    rows.iter().map(|&i| c.entries[i].id.clone()).collect()
}

fn sorted(mut v: Vec<String>) -> Vec<String> {
    v.sort();
    v
}

#[test]
fn search_finds_names_codes_cas_numbers_and_substance_names_in_both_languages() {
    let c = small();
    let cases: &[(&str, &[&str])] = &[
        ("二氯甲烷", &["e1", "e2"]),
        ("dichloromethane", &["e1", "e2"]),
        ("DCM", &["e1", "e2"]),
        ("75-09-2", &["e1", "e2"]),
        ("67-66-3", &["e2"]),
        ("三氯甲烷", &["e2"]),
        ("PFOS", &["e3"]),
        ("全氟辛基磺酸", &["e3"]),
        ("beta", &["e2"]),
        ("乙药业", &["e2"]),
        ("ＤＣＭ", &["e1", "e2"]),
        ("91320703", &["e4"]),
        ("alpha dcm", &["e1"]),
        ("nothing-like-this", &[]),
        ("", &["e1", "e2", "e3", "e4"]),
    ];
    for (text, want) in cases {
        let q = Query { text: (*text).into(), ..Query::default() };
        let r = c.run(&q, None, None, true);
        assert_eq!(sorted(ids(&c, &r.rows)), *want, "search {text:?}");
    }
}

#[test]
fn facet_counts_use_every_filter_except_their_own() {
    let c = small();
    let q = Query { districts: vec!["320724".into()], ..Query::default() };
    let r = c.run(&q, None, None, false);
    assert_eq!(sorted(ids(&c, &r.rows)), ["e2", "e3"]);
    // The district facet still counts every district (its own filter is ignored)…
    let d: Vec<(&str, usize)> = r.facets.districts.iter().map(|f| (f.value.as_str(), f.count)).collect();
    assert_eq!(d, [("320703", 1), ("320706", 1), ("320724", 2)]);
    // …while other facets count within the selected district.
    let ind: Vec<(&str, usize)> = r.facets.industries.iter().map(|f| (f.value.as_str(), f.count)).collect();
    assert_eq!(ind, [("electroplating", 1), ("pharmaceuticals", 1)]);
    assert_eq!(r.facets.entries.iter().find(|f| f.value == 10).map(|f| f.count), Some(1));
    assert_eq!(r.facets.flags.iter().find(|f| f.value == Flag::Exceeded).map(|f| f.count), Some(1));
}

#[test]
fn flags_respect_the_selected_years() {
    let c = small();
    let exceeded = |years: Vec<u16>| {
        let q = Query { flags: vec![Flag::Exceeded], years, ..Query::default() };
        sorted(ids(&c, &c.run(&q, None, None, false).rows))
    };
    assert_eq!(exceeded(vec![]), ["e1", "e3"]);
    assert_eq!(exceeded(vec![2023]), ["e3"]);
    assert_eq!(exceeded(vec![2024]), ["e1", "e3"]);
    let missing = Query { flags: vec![Flag::Missing], ..Query::default() };
    assert_eq!(ids(&c, &c.run(&missing, None, None, false).rows), ["e4"]);
    let banned = Query { flags: vec![Flag::Banned, Flag::Exceeded], ..Query::default() };
    assert_eq!(ids(&c, &c.run(&banned, None, None, false).rows), ["e3"]);
}

#[test]
fn sorts_order_the_rows() {
    let c = small();
    let run = |sort| ids(&c, &c.run(&Query { sort, ..Query::default() }, None, None, true).rows);
    assert_eq!(run(Sort::Name), ["e1", "e2", "e4", "e3"]); // Alpha, Beta, Delta, Gamma
    assert_eq!(run(Sort::Exceedances)[..2], ["e3", "e1"]);
    assert_eq!(run(Sort::Recent)[3], "e4");
    assert_eq!(run(Sort::District), ["e4", "e1", "e2", "e3"]);
    let near = Query { sort: Sort::Distance, near: Some(Near::Point { lat: 34.1, lng: 119.35 }), ..Query::default() };
    let r = c.run(&near, None, Some((34.1, 119.35)), true);
    assert_eq!(ids(&c, &r.rows)[0], "e2");
    let d = r.distances.expect("distances when near is set");
    assert!(d[0] < 0.01 && d.windows(2).all(|w| w[0] <= w[1]), "{d:?}");
}

#[test]
fn a_view_survives_the_round_trip_through_the_url() {
    let q = Query {
        text: "二氯甲烷 DCM".into(),
        districts: vec!["320706".into(), "320724".into()],
        zones: vec!["xuwei".into()],
        industries: vec!["pharmaceuticals".into()],
        basis: vec![DisclosureBasis::KeyDischargeUnit],
        entries: vec![10, 11],
        years: vec![2024],
        flags: vec![Flag::Banned, Flag::Exceeded],
        sort: Sort::Exceedances,
        page: 2,
        near: Some(Near::Area("xuwei".into())),
    };
    let params = q.to_params();
    let back = Query::from_params(params.iter().map(|(k, v)| (*k, v.as_str())));
    assert_eq!(back, q);
    assert!(q.to_query_string().contains("q=%E4%BA%8C"), "{}", q.to_query_string());
    assert_eq!(Query::default().to_params(), vec![]);
}

#[test]
fn malformed_url_values_are_ignored_not_fatal() {
    let q = Query::from_params([
        ("entry", "10,99,x"),
        ("year", "20x4,2024"),
        ("flag", "exceeded,bogus"),
        ("sort", "sideways"),
        ("page", "-3"),
        ("near", "geo:400,1"),
        ("unknown", "1"),
    ]);
    assert_eq!(q.entries, [10]);
    assert_eq!(q.years, [2024]);
    assert_eq!(q.flags, [Flag::Exceeded]);
    assert_eq!(q.sort, Sort::Name);
    assert_eq!(q.page, 0);
    assert_eq!(q.near, None);
    // Sorting by distance without a reference point falls back to the name.
    assert_eq!(Query::from_params([("sort", "distance")]).sort, Sort::Name);
}

/// Builds the index of the real sample data through the compiler.
#[test]
fn each_active_filter_is_a_tag_whose_removal_leaves_the_others() {
    let q = Query::from_params([
        ("q", " 二氯甲烷 "),
        ("district", "320724"),
        ("year", "2024"),
        ("flag", "exceeded"),
        ("sort", "exceedances"),
        ("page", "2"),
    ]);
    let active = q.active_filters();
    let kinds: Vec<ActiveFilter> = active.iter().map(|(a, _)| a.clone()).collect();
    assert_eq!(
        kinds,
        vec![
            ActiveFilter::Text("二氯甲烷".into()),
            ActiveFilter::Flag(Flag::Exceeded),
            ActiveFilter::District("320724".into()),
            ActiveFilter::Year(2024),
        ]
    );
    // The search text is in its own box, so the filter button counts only the facet choices.
    assert_eq!(q.facet_choices(), 3);
    let (_, without_district) = &active[2];
    assert!(without_district.districts.is_empty());
    assert_eq!(without_district.years, vec![2024]);
    assert_eq!(without_district.flags, vec![Flag::Exceeded]);
    assert_eq!(without_district.text, "二氯甲烷");
    assert_eq!(without_district.sort, Sort::Exceedances, "the order is kept");
    assert_eq!(without_district.page, 0, "a removal starts from the first page");
    let (_, without_text) = &active[0];
    assert!(without_text.text.is_empty());
    assert_eq!(without_text.facet_choices(), 3);
    // Removing every tag in turn leaves an unfiltered view.
    let mut v = q.clone();
    while let Some((_, next)) = v.active_filters().into_iter().next() {
        v = next;
    }
    assert!(!v.is_filtered());
    assert!(Query::default().active_filters().is_empty());
}

#[test]
fn pages_split_the_rows_and_clamp_to_the_last_page() {
    let index = sample_index();
    let n = index.len();
    let c = Catalog::new(index, reference_ref());
    let r = c.run(&Query { page: 99, ..Query::default() }, None, None, false);
    assert_eq!(r.pages, n.div_ceil(PAGE_SIZE));
    assert_eq!(r.page, r.pages - 1);
    assert_eq!(r.page_rows().len(), n - (r.pages - 1) * PAGE_SIZE);
}

#[test]
fn on_the_sample_feed_dcm_search_and_flag_counts_agree_with_the_records() {
    let index = sample_index();
    let expected = index.iter().filter(|e| e.entries.contains(&10)).count();
    let c = Catalog::new(index, reference_ref());
    let r = c.run(&Query { text: "二氯甲烷".into(), ..Query::default() }, None, None, false);
    assert!(expected > 0);
    assert_eq!(r.rows.len(), expected);
    // Each flag's live count equals the rows that selecting it would show.
    for f in Flag::ALL {
        let with_flag =
            c.run(&Query { text: "二氯甲烷".into(), flags: vec![f], ..Query::default() }, None, None, false);
        assert_eq!(r.facets.flags.iter().find(|x| x.value == f).map(|x| x.count), Some(with_flag.rows.len()), "{f:?}");
    }
}

#[test]
fn normalising_folds_case_and_full_width_characters() {
    assert_eq!(normalise("ＤＣＭ　Ab"), "dcm ab");
    assert_eq!(normalise("二氯甲烷"), "二氯甲烷");
}

#[test]
fn distances_are_great_circle_kilometres() {
    // Lianyungang government to Guannan county seat: about 57 km.
    let d = distance_km((34.5966, 119.2214), (34.0945, 119.3457));
    assert!((54.0..60.0).contains(&d), "{d}");
    assert_eq!(distance_km((34.0, 119.0), (34.0, 119.0)), 0.0);
}

#[test]
fn ban_status_follows_the_dates_of_the_use_bans() {
    use portal_core::feed::reference::BanStatus;
    let r = reference_ref();
    let status = |n: u8, day: &str| r.entry(n).expect("entry exists").ban_status(day);
    // SCCPs (entry 4): fully banned from 2024-01-01.
    assert_eq!(status(4, "2023-12-31"), BanStatus::NotBanned);
    assert!(matches!(status(4, "2024-01-01"), BanStatus::Banned { .. }));
    // Dichloromethane (entry 10) has no use ban: restricted, not banned.
    assert_eq!(status(10, "2026-11-28"), BanStatus::NotBanned);
    // Dicofol (entry 7): banned with the List from 2023-03-01 (a date the review gives, unverified).
    assert_eq!(status(7, "2023-02-28"), BanStatus::NotBanned);
    assert_eq!(status(7, "2026-11-28"), BanStatus::Banned { since: "2023-03-01".into() });
    // A use ban without a date, and none in force: the date is unknown.
    let mut undated = r.entry(7).expect("entry 7").clone();
    undated.measures.iter_mut().for_each(|m| m.effective_from = None);
    assert_eq!(undated.ban_status("2026-11-28"), BanStatus::DateUnknown);
}
