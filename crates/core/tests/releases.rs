//! 有毒有害物质排放: each toxic substance's release to water, air and as fugitive emissions, the
//! total across media, and the national lists it is on (issue 17 item 4).

mod common;

use common::{first_record, reference_ref};
use portal_core::feed::disclosure::{Quantity, Statistic};
use portal_core::feed::releases::{readable, releases};
use portal_core::feed::units::Unit;

#[test]
fn releases_add_up_each_substance_across_water_air_and_fugitive() {
    // e00000's 2021 report: DCM 2.81 kg/a to water at DW001, 450 kg/a to air at DA001, and a
    // fugitive estimate at the plant boundary.
    let mut r = first_record();
    r.fugitive_emissions[0].annual_quantity = Some(Quantity { value: 0.05, unit: Unit::TonnesPerYear });
    let all = releases(&r, reference_ref());
    let dcm = all.iter().find(|s| s.cas == Some("75-09-2")).expect("dichloromethane");
    assert_eq!(dcm.water_kg, Some(2.81));
    assert_eq!(dcm.air_kg, Some(450.0));
    assert_eq!(dcm.fugitive_kg, Some(50.0), "t/a is converted to kg/a");
    assert_eq!(dcm.total_kg(), Some(2.81 + 450.0 + 50.0));
    assert_eq!(dcm.entry, Some(10));
    let lists: Vec<&str> = dcm.listings.iter().map(|l| l.list.as_str()).collect();
    assert!(lists.contains(&"toxic-air") && lists.contains(&"toxic-water"), "{lists:?}");
    // One row per substance, in the order of first appearance; NMHC is on no list.
    let names: Vec<&str> = all.iter().map(|s| s.name_en).collect();
    assert_eq!(names, ["Dichloromethane", "Chloroform", "Hexachlorobutadiene"]);
}

#[test]
fn a_substance_with_no_quantity_has_no_total_and_a_partial_one_counts_what_is_given() {
    let r = first_record();
    let all = releases(&r, reference_ref());
    let hcbd = all.iter().find(|s| s.cas == Some("87-68-3")).expect("HCBD");
    assert_eq!((hcbd.water_kg, hcbd.air_kg, hcbd.fugitive_kg), (None, None, None));
    assert_eq!(hcbd.total_kg(), None, "not detected: nothing to add, not zero");
    // PC033 on the priority-control chemicals, read in a source.
    assert!(hcbd.listings.iter().any(|l| l.code.as_deref() == Some("PC033")));
    let chloroform = all.iter().find(|s| s.cas == Some("67-66-3")).expect("chloroform");
    assert_eq!(chloroform.air_kg, None);
    assert_eq!(chloroform.total_kg(), chloroform.water_kg);
}

#[test]
fn a_substance_on_no_list_and_without_an_entry_is_left_out() {
    let mut r = first_record();
    for o in &mut r.outlets {
        for p in &mut o.pollutants {
            p.entry = None;
            p.cas = Some("71-43-2".into()); // benzene: on none of the listings
        }
    }
    r.fugitive_emissions.clear();
    assert!(releases(&r, reference_ref()).is_empty());
    // The statistic is not what decides it.
    r.outlets[0].pollutants[0].statistic = Some(Statistic::Maximum);
    assert!(releases(&r, reference_ref()).is_empty());
}

#[test]
fn release_totals_read_in_tonnes_from_a_thousand_kilograms() {
    assert_eq!(readable(999.0), Quantity { value: 999.0, unit: Unit::KgPerYear });
    assert_eq!(readable(1500.0), Quantity { value: 1.5, unit: Unit::TonnesPerYear });
}

#[test]
fn the_format_fields_read_in_words_in_both_languages() {
    use portal_core::feed::disclosure::{EmergencyPlan, RiskLevel, SelfMonitoring};
    use portal_core::feed::format_text::{emergency_parts, emergency_text, listing_label, monitoring_completion};
    use portal_core::i18n::Lang;
    let m = SelfMonitoring { planned: 48, completed: 45 };
    assert_eq!(monitoring_completion(m, Lang::Zh).as_deref(), Some("93%（计划48次，完成45次）"));
    assert_eq!(monitoring_completion(m, Lang::En).as_deref(), Some("93% (45 of 48 planned runs)"));
    // Rounded down: 479 of 480 is not "100%".
    let almost = SelfMonitoring { planned: 480, completed: 479 };
    assert!(monitoring_completion(almost, Lang::En).is_some_and(|t| t.starts_with("99%")));
    assert_eq!(monitoring_completion(SelfMonitoring { planned: 0, completed: 0 }, Lang::Zh), None);

    let unfiled = EmergencyPlan { filing_no: None, filed_on: None, risk_level: Some(RiskLevel::Major) };
    assert_eq!(emergency_text(&unfiled, Lang::Zh), "未备案");
    let filed = EmergencyPlan {
        filing_no: Some("320700-2022-001-M".into()),
        filed_on: Some("2022-05-06".into()),
        risk_level: Some(RiskLevel::Larger),
    };
    assert_eq!(emergency_text(&filed, Lang::Zh), "已备案（320700-2022-001-M，2022年5月6日）");
    assert!(emergency_text(&filed, Lang::En).starts_with("Filed (filing no. 320700-2022-001-M, "));
    // The number stands apart, so that a page can mark it as Chinese text.
    let (before, number, after) = emergency_parts(&filed, Lang::En);
    assert_eq!(
        (before.as_str(), number, after.as_str()),
        ("Filed (filing no. ", Some("320700-2022-001-M"), ", 6 May 2022)")
    );
    let undated = EmergencyPlan { filed_on: None, ..filed.clone() };
    assert_eq!(emergency_text(&undated, Lang::Zh), "已备案（320700-2022-001-M）");
    let unnumbered = EmergencyPlan { filing_no: None, ..filed.clone() };
    assert_eq!(emergency_parts(&unnumbered, Lang::En), ("Filed (6 May 2022)".to_owned(), None, String::new()));

    let r = reference_ref();
    let hcbd = r.listings_of("87-68-3").next().expect("HCBD's listing");
    assert_eq!(listing_label(hcbd, r, Lang::Zh), "优先控制化学品名录 PC033");
    let dcm_air = r.listings_of("75-09-2").find(|l| l.list == "toxic-air").expect("DCM on the air list");
    assert_eq!(listing_label(dcm_air, r, Lang::Zh), "有毒有害大气污染物名录（2018年）（未核实）");
    assert_eq!(listing_label(dcm_air, r, Lang::En), "List of Toxic and Hazardous Air Pollutants (2018) (unverified)");
}
