//! Exports of exactly the current view of the enterprise list: CSV (UTF-8 with a BOM, so that
//! Excel opens Chinese correctly) and JSON, each headed by the feed version, its date, the
//! source and the filters.

use crate::csv::Quoting;
use crate::feed::IndexEntry;
use crate::feed::reference::Reference;
use crate::i18n::{Lang, Msg};
use serde::Serialize;

/// What the export header says about where the rows come from.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ExportMeta {
    pub feed_version: String,
    pub feed_built_at: String,
    pub source: String,
    pub is_sample: bool,
    /// The view's URL query, e.g. `q=DCM&district=320724`.
    pub filters: String,
    /// The permanent link of the view.
    pub permalink: String,
}

fn years(v: &[u16]) -> String {
    v.iter().map(u16::to_string).collect::<Vec<_>>().join(" ")
}

/// The column headers of the enterprise export.
pub fn csv_headers(lang: Lang) -> Vec<&'static str> {
    let m = |msg: Msg| msg.text(lang);
    vec![
        "id",
        m(Msg::ColumnEnterprise),
        m(Msg::FieldUscc),
        m(Msg::ColumnDistrict),
        m(Msg::FacetZone),
        m(Msg::ColumnIndustry),
        m(Msg::ColumnYears),
        m(Msg::FlagExceeded),
        m(Msg::FlagBanned),
        m(Msg::FlagMissing),
        m(Msg::FacetEntry),
    ]
}

fn row(e: &IndexEntry, r: &Reference, lang: Lang) -> Vec<String> {
    let district = r.district(&e.district).map_or(e.district.clone(), |a| lang.pick(&a.name_zh, &a.name_en).to_owned());
    let zone = e
        .zone
        .as_deref()
        .and_then(|z| r.area(z))
        .map_or(String::new(), |a| lang.pick(&a.name_zh, &a.name_en).to_owned());
    let industry = r.industry(&e.industry).map_or(e.industry.clone(), |i| lang.pick(&i.name_zh, &i.name_en).to_owned());
    vec![
        e.id.clone(),
        lang.pick(&e.name_zh, &e.name_en).to_owned(),
        e.uscc.clone(),
        district,
        zone,
        industry,
        years(&e.years),
        years(&e.exceeded_years),
        years(&e.banned_years),
        years(&e.missing_years),
        e.entries.iter().map(u8::to_string).collect::<Vec<_>>().join(" "),
    ]
}

/// The CSV export: a BOM, header lines (version, date, source, filters, link), a blank line,
/// then one row per enterprise in view order. Quoted only where needed; every cell is text (the
/// years are lists), so any that starts like a formula is defused (see [`crate::csv`]).
pub fn csv(entries: &[&IndexEntry], r: &Reference, meta: &ExportMeta, lang: Lang) -> String {
    let mut out = crate::csv::Writer::new(Quoting::AsNeeded);
    let mut line = |cells: Vec<String>| out.text_row(cells.iter().map(String::as_str));
    let kind = if meta.is_sample { Msg::FooterSample } else { Msg::FooterOfficial };
    line(vec![Msg::FooterFeedVersion.text(lang).into(), meta.feed_version.clone()]);
    line(vec![Msg::FooterFeedDate.text(lang).into(), meta.feed_built_at.clone()]);
    line(vec![Msg::ProvenanceLabel.text(lang).into(), format!("{} — {}", meta.source, kind.text(lang))]);
    line(vec![Msg::Filters.text(lang).into(), meta.filters.clone()]);
    line(vec![Msg::PermalinkLabel.text(lang).into(), meta.permalink.clone()]);
    line(vec![]);
    line(csv_headers(lang).into_iter().map(str::to_owned).collect());
    for e in entries {
        line(row(e, r, lang));
    }
    out.finish()
}

/// The JSON export: the same header as an object, and the index rows themselves.
pub fn json(entries: &[&IndexEntry], meta: &ExportMeta) -> String {
    #[derive(Serialize)]
    struct Export<'a> {
        meta: &'a ExportMeta,
        count: usize,
        enterprises: &'a [&'a IndexEntry],
    }
    serde_json::to_string_pretty(&Export { meta, count: entries.len(), enterprises: entries }).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_fields_are_quoted_only_when_needed() {
        let csv_field = |s| crate::csv::cell(crate::csv::Cell::Text(s), Quoting::AsNeeded);
        assert_eq!(csv_field("plain"), "plain");
        assert_eq!(csv_field("a,b"), "\"a,b\"");
        assert_eq!(csv_field("say \"hi\""), "\"say \"\"hi\"\"\"");
        assert_eq!(csv_field("two\nlines"), "\"two\nlines\"");
        assert_eq!(csv_field("=cmd|' /C calc'!A0"), "'=cmd|' /C calc'!A0", "formulas are defused");
    }

    #[test]
    fn headers_exist_in_both_languages_and_match_the_row_width() {
        for lang in Lang::ALL {
            assert_eq!(csv_headers(lang).len(), 11);
        }
        assert_eq!(csv_headers(Lang::Zh)[1], "企业");
        assert_eq!(csv_headers(Lang::En)[1], "Enterprise");
    }
}
