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

/// "已备案（320700-2019-001-H，2019年1月1日）" or "未备案".
pub fn emergency_text(p: &EmergencyPlan, lang: Lang) -> String {
    if !p.is_filed() {
        return Msg::EmergencyNotFiled.text(lang).to_owned();
    }
    let parts: Vec<String> =
        p.filing_no.iter().cloned().chain(p.filed_on.iter().map(|d| format_date(d, lang))).collect();
    let filed = Msg::EmergencyFiled.text(lang);
    if parts.is_empty() {
        return filed.to_owned();
    }
    lang.pick(&format!("{filed}（{}）", parts.join("，")), &format!("{filed} ({})", parts.join(", "))).to_owned()
}

/// One list a substance is on, as a reader sees it: the list's short title, the substance's code
/// on it, and whether the membership is unverified ("优先控制化学品名录 PC033").
pub fn listing_label(l: &Listing, r: &Reference, lang: Lang) -> String {
    let title = r.instrument(&l.list).map_or(l.list.as_str(), |i| lang.pick(&i.title_zh, &i.title_en));
    let code = l.code.as_deref().map(|c| format!(" {c}")).unwrap_or_default();
    let mark = if l.verification == Verification::Unverified { Msg::ListUnverifiedMark.text(lang) } else { "" };
    format!("{title}{code}{mark}")
}
