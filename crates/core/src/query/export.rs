//! Exports of exactly the current view of the enterprise list, made for tools as much as for
//! people:
//!
//! - **CSV** ([`csv`]): one rectangular table, the header first, then one row per enterprise in
//!   view order (RFC 4180, UTF-8 with a byte-order mark so that Excel reads the Chinese, CRLF).
//!   Nothing else is in the file, so `pandas.read_csv` and R read it without options.
//! - **Descriptor** ([`descriptor`]): a Frictionless Data Package (`datapackage.json`) offered
//!   next to the CSV. It carries the provenance (feed version, date, source, filters, licence,
//!   units, the view's permanent link) and a Table Schema with a definition for every column.
//! - **JSON** ([`json`]): the same provenance in its own fields, a definition for every key, and
//!   the index rows of the view.

use crate::csv::Quoting;
use crate::feed::IndexEntry;
use crate::feed::reference::Reference;
use crate::i18n::{Lang, Msg};
use crate::licence::Licence;
use serde::Serialize;
use serde_json::{Value, json};

/// Where the rows come from: what the descriptor and the JSON export say about them.
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
    /// The feed version's licence.
    pub licence: Licence,
}

impl ExportMeta {
    /// The provenance object the descriptor and the JSON export both carry.
    fn provenance(&self, units: Msg, lang: Lang) -> Value {
        json!({
            "feed_version": self.feed_version,
            "feed_built_at": self.feed_built_at,
            "source": self.source,
            "is_sample": self.is_sample,
            "sample_note": if self.is_sample { Msg::FooterSample.text(lang) } else { Msg::FooterOfficial.text(lang) },
            "filters": self.filters,
            "permalink": self.permalink,
            "licence": self.licence.frictionless(lang),
            "units": units.text(lang),
        })
    }
}

/// `url` pinned to a feed version: its query gets `v=<version>` (before any `#fragment`), so that
/// an export's permanent link shows the data the export holds.
pub fn with_version(url: &str, version: &str) -> String {
    let (base, fragment) = url.split_once('#').map_or((url, None), |(b, f)| (b, Some(f)));
    let sep = if base.contains('?') { '&' } else { '?' };
    match fragment {
        Some(f) => format!("{base}{sep}v={version}#{f}"),
        None => format!("{base}{sep}v={version}"),
    }
}

/// A list of years or entry numbers, separated by spaces (empty when there are none).
const NUMBERS_PATTERN: &str = "^[0-9]+( [0-9]+)*$";

/// What a column's cells hold, as a Table Schema field type.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FieldType {
    String,
    Integer,
    Number,
}

impl FieldType {
    fn name(self) -> &'static str {
        match self {
            FieldType::String => "string",
            FieldType::Integer => "integer",
            FieldType::Number => "number",
        }
    }
}

/// One column of a CSV export: its header, its definition, the pattern its cells follow and
/// their type.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Column {
    pub title: Msg,
    pub definition: Msg,
    /// A regular expression every non-empty cell matches, when there is one.
    pub pattern: Option<&'static str>,
    pub kind: FieldType,
}

/// A text column.
pub const fn column(title: Msg, definition: Msg, pattern: Option<&'static str>) -> Column {
    Column { title, definition, pattern, kind: FieldType::String }
}

/// A column of numbers the program formats.
pub const fn number_column(title: Msg, definition: Msg, kind: FieldType) -> Column {
    Column { title, definition, pattern: None, kind }
}

/// The columns of the CSV export, in order.
pub const COLUMNS: [Column; 12] = [
    column(Msg::ExportColumnId, Msg::ExportDefId, Some("^[A-Za-z0-9_-]+$")),
    column(Msg::ColumnEnterprise, Msg::ExportDefEnterprise, None),
    column(Msg::FieldUscc, Msg::ExportDefUscc, Some("^[0-9A-Z]{18}$")),
    column(Msg::ColumnDistrict, Msg::ExportDefDistrict, None),
    column(Msg::FacetZone, Msg::ExportDefZone, None),
    column(Msg::ColumnIndustry, Msg::ExportDefIndustry, None),
    column(Msg::ColumnYears, Msg::ExportDefYears, Some(NUMBERS_PATTERN)),
    column(Msg::FlagExceeded, Msg::ExportDefExceeded, Some(NUMBERS_PATTERN)),
    column(Msg::FlagBanned, Msg::ExportDefBanned, Some(NUMBERS_PATTERN)),
    column(Msg::FlagMissing, Msg::ExportDefMissing, Some(NUMBERS_PATTERN)),
    column(Msg::FlagQuality, Msg::ExportDefQualityYears, Some(NUMBERS_PATTERN)),
    column(Msg::FacetEntry, Msg::ExportDefEntryNames, None),
];

/// The keys of a row of the JSON export (an index row, see [`IndexEntry`]) with their definitions.
pub const JSON_KEYS: [(&str, Msg); 19] = [
    ("id", Msg::ExportDefId),
    ("nz", Msg::ExportDefNameZh),
    ("ne", Msg::ExportDefNameEn),
    ("c", Msg::ExportDefUscc),
    ("i", Msg::ExportDefIndustryCode),
    ("d", Msg::ExportDefDistrictCode),
    ("z", Msg::ExportDefZoneCode),
    ("ll", Msg::ExportDefLatLng),
    ("sc", Msg::ExportDefSchematic),
    ("k", Msg::ExportDefBasis),
    ("y", Msg::ExportDefYears),
    ("m", Msg::ExportDefMissing),
    ("x", Msg::ExportDefExceeded),
    ("b", Msg::ExportDefBanned),
    ("q", Msg::ExportDefQualityYears),
    ("e", Msg::ExportDefEntries),
    ("s", Msg::ExportDefCas),
    ("t", Msg::ExportDefTemporary),
    ("sa", Msg::ExportDefSample),
];

fn years(v: &[u16]) -> String {
    v.iter().map(u16::to_string).collect::<Vec<_>>().join(" ")
}

/// List entries by number and name: "10 二氯甲烷；11 三氯甲烷" / "10 Dichloromethane (methylene chloride); …".
pub fn entry_names(entries: &[u8], r: &Reference, lang: Lang) -> String {
    entries
        .iter()
        .map(|&n| match r.entry(n) {
            Some(e) => format!("{n} {}", lang.pick(&e.name_zh, &e.name_en)),
            None => n.to_string(),
        })
        .collect::<Vec<_>>()
        .join(lang.list_separator())
}

/// The column headers of the CSV export, in `lang`.
pub fn csv_headers(lang: Lang) -> Vec<&'static str> {
    COLUMNS.iter().map(|c| c.title.text(lang)).collect()
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
        years(&e.quality_years),
        entry_names(&e.entries, r, lang),
    ]
}

/// The CSV export: the header row, then one row per enterprise in view order, and nothing else
/// (the provenance is in [`descriptor`]). Quoted only where needed; every cell is text (the
/// years are lists), so any that starts like a formula is defused (see [`crate::csv`]).
pub fn csv(entries: &[&IndexEntry], r: &Reference, lang: Lang) -> String {
    let mut out = crate::csv::Writer::new(Quoting::AsNeeded);
    out.text_row(csv_headers(lang));
    for e in entries {
        let cells = row(e, r, lang);
        out.text_row(cells.iter().map(String::as_str));
    }
    out.finish()
}

/// The Frictionless Table Schema of the CSV export in `lang`: every column with its header (the
/// field's name), its definition and its pattern; `id` is the primary key.
pub fn table_schema(lang: Lang) -> Value {
    let mut schema = schema_of(&COLUMNS, lang);
    schema["primaryKey"] = json!([COLUMNS[0].title.text(lang)]);
    schema
}

/// The Table Schema of a CSV export with these columns: each with its header (the field's name),
/// type, definition and pattern.
pub fn schema_of(columns: &[Column], lang: Lang) -> Value {
    let fields: Vec<Value> = columns
        .iter()
        .map(|c| {
            let mut field = json!({
                "name": c.title.text(lang),
                "title": c.title.text(lang),
                "type": c.kind.name(),
                "description": c.definition.text(lang),
            });
            if let Some(pattern) = c.pattern {
                field["constraints"] = json!({ "pattern": pattern });
            }
            field
        })
        .collect();
    json!({ "fields": fields, "missingValues": [""] })
}

/// What a Data Package descriptor says about its one table.
#[derive(Debug, Clone)]
pub struct PackageInfo {
    /// The package's name before its version, e.g. `lyg-disclosures`.
    pub name: &'static str,
    pub title: Msg,
    pub description: Msg,
    /// What the table's units are.
    pub units: Msg,
    /// The table resource's name.
    pub resource: &'static str,
    pub schema: Value,
}

/// A Frictionless Data Package descriptor (`datapackage.json`) for one CSV table saved as
/// `csv_file`: the provenance, the licence, and the table's schema.
pub fn package(meta: &ExportMeta, info: &PackageInfo, csv_file: &str, lang: Lang) -> String {
    let licenses = vec![meta.licence.frictionless(lang)];
    let package = json!({
        "profile": "tabular-data-package",
        "name": format!("{}-{}", info.name, meta.feed_version.to_ascii_lowercase()),
        "title": info.title.text(lang),
        "description": info.description.text(lang),
        "version": meta.feed_version,
        "created": meta.feed_built_at,
        "homepage": meta.permalink,
        "licenses": licenses,
        "sources": [{ "title": meta.source, "path": meta.permalink }],
        "provenance": meta.provenance(info.units, lang),
        "resources": [{
            "name": info.resource,
            "path": csv_file,
            "profile": "tabular-data-resource",
            "format": "csv",
            "mediatype": "text/csv",
            "encoding": "utf-8",
            "licenses": licenses,
            "dialect": {
                "delimiter": ",",
                "lineTerminator": "\r\n",
                "quoteChar": "\"",
                "doubleQuote": true,
                "header": true,
            },
            "schema": info.schema,
        }],
    });
    serde_json::to_string_pretty(&package).unwrap_or_default()
}

/// The Frictionless Data Package descriptor (`datapackage.json`) that goes next to the CSV
/// export saved as `csv_file`: the provenance, the licence, and the table's schema.
pub fn descriptor(meta: &ExportMeta, csv_file: &str, lang: Lang) -> String {
    let info = PackageInfo {
        name: "lyg-disclosures",
        title: Msg::ExportPackageTitle,
        description: Msg::ExportPackageDescription,
        units: Msg::ExportUnits,
        resource: "enterprises",
        schema: table_schema(lang),
    };
    package(meta, &info, csv_file, lang)
}

/// The JSON export: the provenance and the licence in their own fields, a definition for each
/// key of a row, the count, and the index rows themselves.
pub fn json(entries: &[&IndexEntry], meta: &ExportMeta, lang: Lang) -> String {
    #[derive(Serialize)]
    struct Export<'a> {
        provenance: Value,
        licenses: Vec<Value>,
        fields: Vec<Value>,
        count: usize,
        enterprises: &'a [&'a IndexEntry],
    }
    let fields = JSON_KEYS.iter().map(|(key, def)| json!({"name": key, "description": def.text(lang)})).collect();
    let export = Export {
        provenance: meta.provenance(Msg::ExportUnits, lang),
        licenses: vec![meta.licence.frictionless(lang)],
        fields,
        count: entries.len(),
        enterprises: entries,
    };
    serde_json::to_string_pretty(&export).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_permanent_link_carries_the_version() {
        assert_eq!(with_version("https://x/disclosures", "abc"), "https://x/disclosures?v=abc");
        assert_eq!(
            with_version("https://x/disclosures?q=DCM&lang=en", "abc"),
            "https://x/disclosures?q=DCM&lang=en&v=abc"
        );
        assert_eq!(with_version("https://x/e?year=2023#r", "abc"), "https://x/e?year=2023&v=abc#r");
    }

    #[test]
    fn headers_exist_in_both_languages_and_match_the_row_width() {
        for lang in Lang::ALL {
            assert_eq!(csv_headers(lang).len(), COLUMNS.len());
            let mut unique = csv_headers(lang);
            unique.sort_unstable();
            unique.dedup();
            assert_eq!(unique.len(), COLUMNS.len(), "headers are distinct in {lang}");
        }
        assert_eq!(csv_headers(Lang::Zh)[1], "企业");
        assert_eq!(csv_headers(Lang::En)[1], "Enterprise");
    }

    #[test]
    fn the_json_keys_are_every_key_of_an_index_row() {
        let mut e = crate::feed::IndexEntry {
            id: "e1".into(),
            name_zh: "甲".into(),
            name_en: "A".into(),
            uscc: String::new(),
            industry: String::new(),
            district: String::new(),
            zone: None,
            lat_lng: (0.0, 0.0),
            schematic: true,
            basis: Vec::new(),
            years: Vec::new(),
            missing_years: Vec::new(),
            exceeded_years: Vec::new(),
            banned_years: Vec::new(),
            quality_years: Vec::new(),
            entries: Vec::new(),
            cas: Vec::new(),
            temporary_reports: 0,
            is_sample: true,
        };
        e.zone = Some("z".into());
        let value = serde_json::to_value(&e).expect("an index row serialises");
        let mut keys: Vec<&str> = value.as_object().expect("an object").keys().map(String::as_str).collect();
        let mut defined: Vec<&str> = JSON_KEYS.iter().map(|(k, _)| *k).collect();
        keys.sort_unstable();
        defined.sort_unstable();
        assert_eq!(keys, defined);
    }
}
