//! A comparison of enterprises (`/compare?ids=…`) as a journalist takes it away: its permanent
//! link (pinned to the feed version with `v=`), its figures as CSV (one row per enterprise and
//! year, the same figures the chart draws) and its citation (with [`super::cite`]'s conventions).

use crate::csv::{Cell, Quoting, Writer};
use crate::i18n::{Lang, Msg};

use super::EnterpriseDetail;
use super::detail::compare_chart;
use super::reference::Reference;

/// The most enterprises compared at once.
pub const MAX_COMPARED: usize = 4;

/// The comparison's permanent link: `{origin}/compare?ids=a,b&v={version}` (and `&lang=en`).
pub fn permalink(origin: &str, ids: &[&str], version: &str, lang: Lang) -> String {
    let mut url = format!("{origin}/compare?ids={}&v={version}", ids.join(","));
    if lang == Lang::En {
        url.push_str("&lang=en");
    }
    url
}

/// A list entry named in full: `清单第10项 · 全氟辛酸` / `List entry 10 · PFOA`.
pub fn entry_name(reference: &Reference, n: u8, lang: Lang) -> String {
    let label = crate::i18n::entry_label(lang, n);
    match reference.entry(n) {
        Some(e) => format!("{label} · {}", lang.pick(&e.name_zh, &e.name_en)),
        None => label,
    }
}

/// The comparison's figures as CSV (header first, RFC 4180, formulas defused): one row per
/// enterprise and reporting year with an annual report, the listed-substance discharge in kg/a
/// exactly as the chart draws it, then the data version and the permanent link.
pub fn csv(details: &[&EnterpriseDetail], lang: Lang, version: &str, link: &str) -> String {
    let chart = compare_chart(details, lang);
    let mut out = Writer::new(Quoting::AsNeeded);
    out.text_row([
        Msg::CompareCsvId.text(lang),
        Msg::CompareCsvName.text(lang),
        Msg::CompareCsvYear.text(lang),
        Msg::CompareCsvDischarge.text(lang),
        Msg::CompareCsvVersion.text(lang),
        Msg::CompareCsvLink.text(lang),
    ]);
    for (d, series) in details.iter().zip(&chart.series) {
        for (year, value) in chart.categories.iter().zip(&series.values) {
            let Some(v) = value else { continue };
            let v = v.to_string();
            out.row([
                Cell::Text(&d.enterprise.id),
                Cell::Text(&series.label),
                Cell::Number(year),
                Cell::Number(&v),
                Cell::Text(version),
                Cell::Text(link),
            ]);
        }
    }
    out.finish()
}
