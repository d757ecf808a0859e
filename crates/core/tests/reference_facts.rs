//! The reference facts corrected after the expert review of December 2026 (issue 17): each test
//! pins one fact of `data/reference/*.json` to what the review and the official sources give.

mod common;

use common::reference_ref;
use portal_core::feed::reference::{BanStatus, ListEntry, MeasureType, Verification};

fn entry(n: u8) -> &'static ListEntry {
    reference_ref().entry(n).unwrap_or_else(|| panic!("entry {n}"))
}

fn measures(n: u8, kind: MeasureType) -> Vec<&'static portal_core::feed::reference::Measure> {
    entry(n).measures.iter().filter(|m| m.kind == kind).collect()
}

/// The one measure of `kind` that entry `n` has.
fn only_measure(n: u8, kind: MeasureType) -> &'static portal_core::feed::reference::Measure {
    let ms = measures(n, kind);
    assert_eq!(ms.len(), 1, "entry {n} has one {kind:?}");
    ms[0]
}

#[test]
fn hcbd_and_pcp_are_banned_from_the_lists_entry_into_force() {
    for n in [5, 6] {
        for kind in [MeasureType::BanProduction, MeasureType::BanUse, MeasureType::BanImportExport] {
            let ms = measures(n, kind);
            assert!(!ms.is_empty(), "entry {n} has a {kind:?}");
            assert!(ms.iter().all(|m| m.effective_from.as_deref() == Some("2023-03-01")), "entry {n} {kind:?}");
        }
        assert_eq!(entry(n).use_banned_from(), Some("2023-03-01"));
        assert_eq!(entry(n).ban_status("2023-03-01"), BanStatus::Banned { since: "2023-03-01".into() });
    }
}

#[test]
fn dicofol_and_pfhxs_bans_have_a_date_marked_unverified() {
    for n in [7, 8] {
        for m in measures(n, MeasureType::BanUse) {
            assert_eq!(m.effective_from.as_deref(), Some("2023-03-01"), "entry {n}");
            assert_eq!(m.verification, Verification::Unverified, "entry {n}: the date is not from a stored source");
        }
        assert_ne!(entry(n).ban_status("2026-11-28"), BanStatus::DateUnknown, "entry {n}");
    }
}

#[test]
fn the_phased_out_entry_carries_each_members_ban_date() {
    let dates: Vec<&str> =
        measures(14, MeasureType::BanUse).iter().filter_map(|m| m.effective_from.as_deref()).collect();
    for date in ["2009-05-17", "2014-03-26", "2019-03-26", "2021-12-26"] {
        assert!(dates.contains(&date), "entry 14 has a ban from {date}: {dates:?}");
    }
    assert!(matches!(entry(14).ban_status("2026-11-28"), BanStatus::Banned { .. }));
    // Dates from expert knowledge stay unverified; only the 2019 one has a stored source.
    for m in measures(14, MeasureType::BanUse) {
        if m.effective_from.as_deref() != Some("2019-03-26") {
            assert_eq!(m.verification, Verification::Unverified, "{}", m.text_en);
        }
    }
}

#[test]
fn dcm_and_chloroform_carry_the_risk_early_warning_and_monitoring_duty() {
    for n in [10, 11] {
        let m = only_measure(n, MeasureType::Monitoring);
        assert!(m.text_zh.contains("环境风险预警") && m.text_zh.contains("监测"), "entry {n}");
        assert!(m.text_en.contains("early-warning"), "entry {n}");
        assert_eq!(m.verification, Verification::Unverified);
    }
}

#[test]
fn dcm_and_chloroform_product_content_standard_is_gb_38508() {
    for n in [10, 11] {
        let m = only_measure(n, MeasureType::ContentLimit);
        assert!(m.text_zh.contains("GB 38508") && m.text_en.contains("GB 38508"), "entry {n}");
        assert!(!m.text_zh.contains("GB 38507") && !m.text_en.contains("GB 38507"), "entry {n}: not inks");
    }
    // DCM's discharge standards are those the List names; GB 37823 has no DCM-specific limit.
    let d = measures(10, MeasureType::DischargeStandard);
    for code in ["GB 31571", "GB 31572", "GB 21904"] {
        assert!(d[0].text_en.contains(code), "{code}");
    }
    assert!(!d[0].text_en.contains("GB 37823"));
    assert_eq!(measures(11, MeasureType::CosmeticsBan).len(), 1, "chloroform's cosmetics ban");
}

#[test]
fn sccps_include_cas_108171_26_2() {
    let cas = entry(4).cas.iter().find(|c| c.number == "108171-26-2").expect("SCCPs list 108171-26-2");
    assert_eq!(cas.verification, Verification::Unverified, "expert knowledge, not a stored source");
}

#[test]
fn gb_31571_nmhc_is_120_and_no_60_is_attributed_to_it() {
    let r = reference_ref();
    let nmhc: Vec<f64> = r
        .limits
        .limits
        .iter()
        .filter(|l| l.standard == "GB 31571-2015" && l.substance_en == "Non-methane hydrocarbons")
        .map(|l| l.value)
        .collect();
    assert_eq!(nmhc, [120.0]);
    assert!(r.limit("gb31571-nmhc-60").is_none());
}

#[test]
fn gb_31571_hcbd_is_0_006_as_the_quiz_says() {
    let l = reference_ref().limit("gb31571-t3-hcbd").expect("GB 31571 HCBD");
    assert_eq!(l.value, 0.006);
    let quiz =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../../content/quizzes/pops-stockholm.toml"))
            .expect("the POPs quiz");
    assert!(quiz.contains("限值是0.006 mg/L") && quiz.contains("limit shown on the page is 0.006 mg/L"));
    assert!(!quiz.contains("0.005"));
}

#[test]
fn official_publishers_are_told_apart_from_third_party_copies() {
    use portal_core::feed::reference::is_official_source;
    for url in [
        "https://www.mee.gov.cn/ywdt/zbft/202301/t20230113_1012751.shtml",
        "http://www.gov.cn/zhengce/content/2022-05/24/content_5692059.htm",
        "http://www.pops.int/Implementation/IndustrialPOPs/tabid/5360/Default.aspx",
        "https://monographs.iarc.who.int/news-events/volume-135",
        "https://iehs.chinacdc.cn/fgbz/jscl/202210/P020221028629144460624.pdf",
    ] {
        assert!(is_official_source(url), "{url}");
    }
    for url in [
        "https://www.automds.cn/page148?article_id=28951",
        "https://enviliance.com/regions/east-asia/cn/report_9582",
        "http://gov.cn.example.com/x",
        "https://notgov.cn/x",
        "",
        "not a url",
    ] {
        assert!(!is_official_source(url), "{url}");
    }
    // PFOA's Stockholm listing cites the convention's own page first.
    assert!(entry(2).sources.first().is_some_and(|u| u.contains("pops.int")));
}

/// The List cites its official publisher first (official-sources.md #1: the expected MEE address,
/// status U, so unverified) and keeps the repost it was read in only as a labelled fallback.
#[test]
fn the_list_cites_the_mee_first_and_its_repost_only_as_a_fallback() {
    use portal_core::feed::reference::is_official_source;
    let list = &reference_ref().substances.list;
    assert_eq!(list.source_url, "https://www.mee.gov.cn/xxgk2018/xxgk/xxgk02/202212/t20221230_1009167.html");
    assert!(is_official_source(&list.source_url));
    assert_eq!(list.source_url_verification, Verification::Unverified, "a U address is not confirmed");
    let repost = list.repost_url.as_deref().expect("the repost the text was read in");
    assert!(!is_official_source(repost), "{repost}");
    // Its English name is the content's: key control, not the priority-control chemicals' name.
    assert_eq!(list.title_en, "List of New Pollutants under Key Control (2023 Edition)");
}

/// The disclosure measures (令第24号) cite the MEE address of official-sources.md #5a (status R,
/// so unverified), with the repost their articles were read in as a fallback; the format
/// standard has no official address, so only a labelled repost, and its field list is unverified.
#[test]
fn the_disclosure_measures_and_format_standard_cite_official_first() {
    use portal_core::feed::reference::is_official_source;
    let r = reference_ref();
    let m = r.instrument("disclosure-measures").expect("the disclosure measures");
    assert_eq!(m.instrument_zh.as_deref(), Some("生态环境部令第24号"));
    let url = m.source_url.as_deref().expect("an official address");
    assert!(url.starts_with("https://www.mee.gov.cn/") && is_official_source(url), "{url}");
    assert_eq!(m.verification, Verification::Unverified);
    assert!(m.repost_url.as_deref().is_some_and(|u| !is_official_source(u)));
    let f = r.instrument("format-standard").expect("the format standard");
    assert_eq!(f.published.as_deref(), Some("2021-12-31"));
    assert_eq!(f.source_url, None, "no official address is known");
    assert_eq!(f.verification, Verification::Unverified);
    assert!(f.repost_url.as_deref().is_some_and(|u| !is_official_source(u)));
}

/// Which substances are on the toxic air and water lists and the priority-control chemicals
/// (review §1, entries 10 and 11; domain-facts for PC033, PC035, PC038): every listing names a
/// list the reference data describes, only the three codes read in a source are verified, and DCM
/// and chloroform are on both toxic-pollutant lists, unverified (recalled, not read in the lists).
#[test]
fn toxic_list_memberships_are_sourced_and_only_the_read_ones_verified() {
    let r = reference_ref();
    for l in &r.substances.listings {
        assert!(r.instrument(&l.list).is_some(), "{} names an unknown list {}", l.cas, l.list);
        assert!(portal_core::feed::ids::validate_cas(&l.cas).is_ok(), "{}", l.cas);
        assert!(!l.source_url.is_empty(), "{} on {} has no source", l.cas, l.list);
    }
    let verified: Vec<(&str, Option<&str>)> = r
        .substances
        .listings
        .iter()
        .filter(|l| l.verification == Verification::Verified)
        .map(|l| (l.cas.as_str(), l.code.as_deref()))
        .collect();
    assert_eq!(verified, [("87-68-3", Some("PC033")), ("335-67-1", Some("PC035")), ("87-86-5", Some("PC038"))]);
    for cas in ["75-09-2", "67-66-3"] {
        let lists: Vec<&str> = r.listings_of(cas).map(|l| l.list.as_str()).collect();
        assert!(lists.contains(&"toxic-air") && lists.contains(&"toxic-water"), "{cas}: {lists:?}");
        assert!(r.listings_of(cas).all(|l| l.verification == Verification::Unverified), "{cas}");
    }
}

#[test]
fn xuwei_467_km2_is_the_new_area_not_the_petrochemical_base() {
    let xuwei = reference_ref().area("xuwei").expect("xuwei");
    let note = format!("{:?}", xuwei);
    assert!(note.contains("whole Xuwei New Area") && note.contains("整个徐圩新区"), "{note}");
    assert!(!note.contains("planned area of about 467"), "{note}");
}

#[test]
fn dechlorane_plus_bans_cite_the_list_not_an_eu_article() {
    for kind in [MeasureType::BanProduction, MeasureType::BanUse, MeasureType::BanImportExport] {
        for m in measures(9, kind) {
            let list = &reference_ref().substances.list;
            // The List's text as read: its repost, labelled on the pages, or its official address.
            assert!(
                Some(&m.source_url) == list.repost_url.as_ref() || m.source_url == list.source_url,
                "{kind:?}: {}",
                m.source_url
            );
            assert_eq!(m.effective_from.as_deref(), Some("2024-01-01"));
        }
    }
}

/// The standards the sample's industries are judged against (domain review §1, "Missing
/// standards"), each in limits.json with its title, and every one of them unverified: their
/// values are expert knowledge ([K]) and no official page of them has been opened.
#[test]
fn the_standards_the_sample_needs_are_present_and_honestly_unverified() {
    let limits = &reference_ref().limits;
    for code in [
        "GB 31572-2015",
        "GB 37823-2019",
        "GB 39727-2020",
        "GB 21900-2008",
        "GB 4287-2012",
        "GB 18918-2002",
        "GB 18484-2020",
        "GB 18485-2014",
    ] {
        let st = limits.standards.iter().find(|s| s.code == code).unwrap_or_else(|| panic!("{code} is missing"));
        assert!(!st.title_zh.is_empty() && !st.title_en.is_empty(), "{code}");
        assert_eq!(st.verification, Verification::Unverified, "{code}");
        let of: Vec<_> = limits.limits.iter().filter(|l| l.standard == code).collect();
        assert!(!of.is_empty(), "{code} has no limits");
        assert!(
            of.iter().all(|l| l.verification == Verification::Unverified),
            "{code}: a limit from memory is marked verified"
        );
    }
    // Each industry's own standards are known standards.
    for ind in &reference_ref().industries.industries {
        for code in &ind.discharge_standards {
            assert!(limits.standards.iter().any(|s| &s.code == code), "{}: {code}", ind.id);
        }
    }
    // The 60 mg/m³ NMHC value is the special limit of GB 31572 and GB 37823, not GB 31571's.
    for id in ["gb31572-t5-nmhc", "gb37823-t2-nmhc"] {
        let l = reference_ref().limit(id).unwrap_or_else(|| panic!("{id}"));
        assert_eq!((l.value, l.limit_type), (60.0, portal_core::feed::reference::LimitType::Special), "{id}");
    }
}

#[test]
fn gb_4287_2012_is_replaced_by_gb_4287_2026_from_1_september_2026() {
    let standards = &reference_ref().limits.standards;
    let old = standards.iter().find(|s| s.code == "GB 4287-2012").expect("GB 4287-2012");
    assert_eq!(old.withdrawn_from.as_deref(), Some("2026-09-01"));
    assert_eq!(old.replaced_by.as_deref(), Some("GB 4287—2026"));
    let new = standards.iter().find(|s| s.code == "GB 4287—2026").expect("GB 4287—2026");
    assert_eq!(new.in_force_from.as_deref(), Some("2026-09-01"));
    assert_eq!(new.verification, Verification::Unverified);
}

/// Where official-sources.md gives an official address for a standard, it replaces the repost,
/// and since those addresses are R (seen only in third-party code), the standard and each of its
/// limits are unverified; the repost survives only in the limit's note, labelled 转载.
#[test]
fn standards_cite_their_official_address_not_a_repost() {
    let r = reference_ref();
    for (code, host) in [
        ("GB 3838-2002", "www.mee.gov.cn"),
        ("GB 8978-1996", "www.mee.gov.cn"),
        ("GB 21904-2008", "www.mee.gov.cn"),
        ("GB 36600-2018", "www.mee.gov.cn"),
        ("GB 21900-2008", "www.mee.gov.cn"),
        ("GB 18918-2002", "www.mee.gov.cn"),
        ("GB 4287-2012", "www.mee.gov.cn"),
        ("GB 31572-2015", "www.mee.gov.cn"),
        ("GB 5749-2022", "iehs.chinacdc.cn"),
    ] {
        let st = r.limits.standards.iter().find(|s| s.code == code).unwrap_or_else(|| panic!("{code}"));
        let url = st.source_url.as_deref().unwrap_or_else(|| panic!("{code} has no address"));
        assert!(url.starts_with(&format!("https://{host}/")), "{code}: {url}");
        assert_eq!(st.verification, Verification::Unverified, "{code}: an R address is not confirmed");
        for l in r.limits.limits.iter().filter(|l| l.standard == code) {
            assert_eq!(l.source_url.as_deref(), Some(url), "{}", l.id);
            assert_eq!(l.verification, Verification::Unverified, "{}", l.id);
        }
    }
}

/// GB 5749's PFOA and PFOS values: the sources disagree (official-sources.md #10), so the values
/// stay unverified and each note says so rather than pick one silently.
#[test]
fn gb_5749_pfas_values_carry_the_disagreement() {
    for (id, value) in [("gb5749-a-pfoa", 0.00008), ("gb5749-a-pfos", 0.00004)] {
        let l = reference_ref().limit(id).unwrap_or_else(|| panic!("{id}"));
        assert_eq!(l.value, value, "{id}");
        assert_eq!(l.verification, Verification::Unverified, "{id}");
        let note = l.note.as_deref().unwrap_or_default();
        assert!(note.contains("Sources disagree") && note.contains("40 and 80 ng/L"), "{id}: {note}");
    }
}

/// The POPs' soil clauses were cut short (review §1, "Soil clauses"): each now ends with the
/// duty to prevent leakage, loss and dispersal, and stays unverified (expert knowledge, [K]).
#[test]
fn soil_clauses_carry_the_duty_to_prevent_leakage_and_stay_unverified() {
    let mut n = 0;
    for e in (1..=9).map(entry) {
        for m in e.measures.iter().filter(|m| m.kind == MeasureType::Soil) {
            n += 1;
            assert!(
                m.text_zh.contains("保证持续有效防止有毒有害物质渗漏、流失、扬散"),
                "entry {}: {}",
                e.entry,
                m.text_zh
            );
            assert!(m.text_en.contains("leakage, loss and dispersal"), "entry {}: {}", e.entry, m.text_en);
            assert_eq!(m.verification, Verification::Unverified, "entry {}", e.entry);
        }
    }
    assert_eq!(n, 8, "entries 1–6, 8 and 9 have a soil clause");
}

/// Bacteria do not "train" (练) themselves to resist: antibiotics select the resistant ones
/// (review §1, content, antibiotics-amr).
#[test]
fn resistance_arises_by_selection_not_training() {
    let text =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../../content/explainers/antibiotics-amr.toml"))
            .expect("the antibiotics explainer");
    assert!(!text.contains("“练”") && !text.contains("“train”"), "the training metaphor is back");
    assert!(text.contains("“筛选”细菌") && text.contains("keep sorting bacteria"));
}

/// The explainer that introduces the List cites the MEE address first (unverified, status U) and
/// its repost after it, labelled as one.
#[test]
fn the_explainer_cites_the_list_at_the_mee_before_its_repost() {
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../content/explainers/what-are-new-pollutants.toml"
    ))
    .expect("the explainer");
    let official = text.find("url = \"https://www.mee.gov.cn/xxgk2018/xxgk/xxgk02/202212/t20221230_1009167.html\"");
    let repost = text.find("url = \"https://www.automds.cn/page148?article_id=28951\"");
    assert!(matches!((official, repost), (Some(o), Some(r)) if o < r), "{official:?} {repost:?}");
    let official_entry = &text[official.unwrap_or_default()..repost.unwrap_or_default()];
    assert!(official_entry.contains("verification = \"unverified\""), "{official_entry}");
    assert!(official_entry.contains("（第三方网站转载）"), "the repost's title says it is one");
}
