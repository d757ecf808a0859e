//! The format standard's fields (格式准则) in words, for the enterprise page: products and
//! capacities, facilities' capacity, the monitoring plan's completion, the emergency plan, and
//! the national lists a substance is on.

use crate::chart::format_sig;
use crate::feed::disclosure::{EmergencyPlan, Product, SelfMonitoring, TreatmentFacility};
use crate::feed::reference::{Listing, Reference, Verification};
use crate::i18n::{Lang, Msg, format_date};

/// "精细化学品（产能 28000 t/a）" / "Fine chemicals (capacity 28000 t/a)".
pub fn product_text(p: &Product, lang: Lang) -> String {
    let name = lang.pick(&p.name_zh, &p.name_en);
    match &p.capacity {
        Some(q) => {
            let cap = format!("{} {} {}", Msg::CapacityPerYear.text(lang), format_sig(q.value), q.unit.symbol());
            lang.pick(&format!("{name}（{cap}）"), &format!("{name} ({cap})")).to_owned()
        }
        None => name.to_owned(),
    }
}

/// A facility's capacity with its unit, e.g. "130 m³/d".
pub fn capacity_text(f: &TreatmentFacility) -> String {
    format!("{} {}", format_sig(f.capacity), f.capacity_unit.symbol())
}

/// The completion rate in whole per cent, rounded down so that an incomplete plan never reads
/// 100 %: "93%（计划48次，完成45次）". `None` when nothing was planned.
pub fn monitoring_completion(m: SelfMonitoring, lang: Lang) -> Option<String> {
    let p = m.completion_percent()?.floor();
    Some(
        Msg::MonitoringCompletion
            .text(lang)
            .replace("{p}", &p.to_string())
            .replace("{planned}", &m.planned.to_string())
            .replace("{done}", &m.completed.to_string()),
    )
}

/// "已备案（320700-2019-001-H，2019年1月1日）" / "Filed (filing no. 320700-2019-001-H, 1 January
/// 2019)" or "未备案".
pub fn emergency_text(p: &EmergencyPlan, lang: Lang) -> String {
    let (before, number, after) = emergency_parts(p, lang);
    format!("{before}{}{after}", number.unwrap_or_default())
}

/// [`emergency_text`] in three parts: the words before the filing number, the number as issued
/// (Chinese-script in places, so a page marks it `lang="zh"` and does not translate it), and the
/// words after it.
pub fn emergency_parts(p: &EmergencyPlan, lang: Lang) -> (String, Option<&str>, String) {
    let filed = Msg::EmergencyFiled.text(lang);
    if !p.is_filed() {
        return (Msg::EmergencyNotFiled.text(lang).to_owned(), None, String::new());
    }
    let date = p.filed_on.as_deref().map(|d| format_date(d, lang));
    match (p.filing_no.as_deref(), date) {
        (None, None) => (filed.to_owned(), None, String::new()),
        (None, Some(d)) => {
            (lang.pick(&format!("{filed}（{d}）"), &format!("{filed} ({d})")).to_owned(), None, String::new())
        }
        (Some(no), date) => {
            let before =
                lang.pick(&format!("{filed}（"), &format!("{filed} ({} ", Msg::FilingNo.text(lang))).to_owned();
            let after = match date {
                Some(d) => lang.pick(&format!("，{d}）"), &format!(", {d})")).to_owned(),
                None => lang.pick("）", ")").to_owned(),
            };
            (before, Some(no), after)
        }
    }
}

/// One list a substance is on, as a reader sees it: the list's short title, the substance's code
/// on it, and whether the membership is unverified ("优先控制化学品名录 PC033").
pub fn listing_label(l: &Listing, r: &Reference, lang: Lang) -> String {
    let title = r.instrument(&l.list).map_or(l.list.as_str(), |i| lang.pick(&i.title_zh, &i.title_en));
    let code = l.code.as_deref().map(|c| format!(" {c}")).unwrap_or_default();
    let mark = if l.verification == Verification::Unverified { Msg::ListUnverifiedMark.text(lang) } else { "" };
    format!("{title}{code}{mark}")
}
