//! What an enterprise's page says about itself in one line: its `<meta name="description">` and
//! Open Graph description, which a link shared in WeChat or found by a search engine shows.

use crate::feed::IndexEntry;
use crate::feed::reference::Reference;
use crate::i18n::{Lang, Msg};

/// "District · industry · annual reports 2021–2025 · findings · sample data", in `lang`.
pub fn enterprise_summary(entry: &IndexEntry, reference: &Reference, lang: Lang) -> String {
    let years = |ys: &[u16]| {
        let sep = lang.pick("、", ", ");
        ys.iter().map(u16::to_string).collect::<Vec<_>>().join(sep)
    };
    let with_years = |msg: Msg, ys: &[u16]| {
        let (open, close) = (lang.pick("（", " ("), lang.pick("）", ")"));
        format!("{}{open}{}{close}", msg.text(lang), years(ys))
    };
    let mut parts = Vec::new();
    parts.push(
        reference
            .district(&entry.district)
            .map_or_else(|| entry.district.clone(), |a| lang.pick(&a.name_zh, &a.name_en).to_owned()),
    );
    if let Some(i) = reference.industry(&entry.industry) {
        parts.push(lang.pick(&i.name_zh, &i.name_en).to_owned());
    }
    if let (Some(first), Some(last)) = (entry.years.first(), entry.years.last()) {
        let span = if first == last { first.to_string() } else { format!("{first}–{last}") };
        parts.push(format!("{}{}{span}", Msg::ShareAnnualReports.text(lang), lang.pick("", " ")));
    }
    if entry.exceeded_years.is_empty() {
        parts.push(Msg::ShareNoExceedance.text(lang).to_owned());
    } else {
        parts.push(with_years(Msg::FlagExceeded, &entry.exceeded_years));
    }
    if !entry.banned_years.is_empty() {
        parts.push(with_years(Msg::FlagBanned, &entry.banned_years));
    }
    if !entry.missing_years.is_empty() {
        parts.push(with_years(Msg::FlagMissing, &entry.missing_years));
    }
    if entry.is_sample {
        parts.push(Msg::FooterSample.text(lang).to_owned());
    }
    parts.join(" · ")
}
