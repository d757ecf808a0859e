//! The one-line description of an enterprise that its page's `<meta name="description">` and
//! Open Graph tags carry (what a link shared in WeChat shows).

mod common;

use common::{index_entry, reference_ref};
use portal_core::feed::share::enterprise_summary;
use portal_core::i18n::Lang;

#[test]
fn a_plant_over_its_limit_says_so_with_the_years_in_both_languages() {
    let mut e = index_entry("e00001", "示例化工（虚构）", "Sample Chemicals (fictitious)", "320724", "chemicals");
    e.years = vec![2021, 2022, 2023, 2024, 2025];
    e.exceeded_years = vec![2023];
    e.missing_years = vec![2020];
    assert_eq!(
        enterprise_summary(&e, reference_ref(), Lang::Zh),
        "灌南县 · 化学原料和化学制品制造业 · 年度报告2021–2025 · 有超标记录（2023） · 应披露而未披露（2020） · 示例数据（虚构，仅供演示）"
    );
    let en = enterprise_summary(&e, reference_ref(), Lang::En);
    assert!(en.starts_with("Guannan County · Manufacture of chemical raw materials"), "{en}");
    assert!(en.contains("Annual reports 2021–2025 · Exceeded a limit (2023) · Did not disclose (2020)"), "{en}");
}

#[test]
fn a_plant_with_no_finding_says_that_none_was_found_and_real_data_is_not_called_sample() {
    let mut e = index_entry("e00002", "某公司", "A company", "320706", "chemicals");
    e.is_sample = false;
    let zh = enterprise_summary(&e, reference_ref(), Lang::Zh);
    assert_eq!(zh, "海州区 · 化学原料和化学制品制造业 · 年度报告2023–2024 · 未发现超标记录");
}
