//! The JSON Schemas published with the feed, derived from the Rust types in `portal-core`, so
//! the schemas and the parser cannot drift apart: the disclosure source format, and one for every
//! feed file (index, enterprise, stats, reference, manifest, latest, versions). Tests validate
//! the real files against them, with a validator in Rust and with Python's jsonschema.

use portal_core::feed::disclosure::DisclosureFile;
use portal_core::feed::versions::Versions;
use portal_core::feed::{EnterpriseDetail, Index, Latest, Manifest, Stats, reference::Reference};
use schemars::JsonSchema;

/// The schema of a type, with the unsigned bounds serde enforces, a title and a description.
fn schema_of<T: JsonSchema>(title: &str, description: &str) -> serde_json::Value {
    let mut schema = serde_json::to_value(schemars::schema_for!(T)).unwrap_or_default();
    bound_unsigned(&mut schema);
    if let Some(obj) = schema.as_object_mut() {
        obj.insert("title".into(), title.into());
        obj.insert("description".into(), description.into());
    }
    schema
}

/// One published feed file's schema: where it is published in a version, the file it describes
/// (a path relative to the feed's root, `<version>/` standing for a version directory), and the
/// schema itself.
pub struct FeedSchema {
    pub path: &'static str,
    pub describes: &'static str,
    pub schema: serde_json::Value,
}

/// The schema of every feed file, as published in `schema/` of each version.
pub fn feed_schemas() -> Vec<FeedSchema> {
    vec![
        FeedSchema {
            path: "schema/index.schema.json",
            describes: "<version>/index.json",
            schema: schema_of::<Index>(
                "Enterprise index (企业索引)",
                "One compact row per enterprise, for the list, its facets and exports. Short keys: see the JSON export's fields.",
            ),
        },
        FeedSchema {
            path: "schema/enterprise.schema.json",
            describes: "<version>/enterprises/<id>.json",
            schema: schema_of::<EnterpriseDetail>(
                "One enterprise's disclosures (企业披露详情)",
                "The enterprise, the years it failed to disclose, and every disclosure record.",
            ),
        },
        FeedSchema {
            path: "schema/stats.schema.json",
            describes: "<version>/stats.json",
            schema: schema_of::<Stats>(
                "Citywide and district figures (全市与区县统计)",
                "Per year: disclosing, missing and exceeding enterprises, by list entry and by district.",
            ),
        },
        FeedSchema {
            path: "schema/reference.schema.json",
            describes: "<version>/reference.json",
            schema: schema_of::<Reference>(
                "Reference lists (参考资料)",
                "The list of key-controlled new pollutants, limits from standards, districts and parks, industries; each item with its source and verification.",
            ),
        },
        FeedSchema {
            path: "schema/manifest.schema.json",
            describes: "<version>/manifest.json",
            schema: schema_of::<Manifest>(
                "Feed version manifest (数据版本说明)",
                "What a feed version holds: build time, source, licence, counts and files.",
            ),
        },
        FeedSchema {
            path: "schema/content-index.schema.json",
            describes: "<version>/content/index.json",
            schema: schema_of::<portal_core::content::ContentIndex>(
                "Education content index (科普内容索引)",
                "The explainers, lessons, glossary, the city's plan and its task status, and the search synonyms, as the version ships them.",
            ),
        },
        FeedSchema {
            path: "schema/latest.schema.json",
            describes: "latest.json",
            schema: schema_of::<Latest>("Current feed version (当前数据版本)", "Which version is current."),
        },
        FeedSchema {
            path: "schema/versions.schema.json",
            describes: "versions.json",
            schema: schema_of::<Versions>(
                "Every published feed version (全部数据版本)",
                "Oldest first, each with build date, counts, licence and what changed since the version before it.",
            ),
        },
    ]
}

/// The schema of a disclosure source file (`data/disclosures/*.json`), whose records are what
/// `enterprises/<id>.json` carries.
pub fn disclosure_schema() -> serde_json::Value {
    let mut schema = serde_json::to_value(schemars::schema_for!(DisclosureFile)).unwrap_or_default();
    bound_unsigned(&mut schema);
    if let Some(obj) = schema.as_object_mut() {
        obj.insert("title".into(), "Enterprise environmental disclosures (企业环境信息依法披露记录)".into());
        obj.insert(
            "description".into(),
            "One record is one enterprise × one reporting year × one report type. Records with is_sample = true are fictitious.".into(),
        );
    }
    schema
}

/// The schema as pretty-printed JSON bytes.
pub fn disclosure_schema_json() -> Result<Vec<u8>, serde_json::Error> {
    serde_json::to_vec_pretty(&disclosure_schema())
}

/// schemars marks `u32` fields with `"format": "uint32"` but no maximum; add the bounds serde
/// enforces, so the schema accepts no number the parser would refuse.
fn bound_unsigned(v: &mut serde_json::Value) {
    match v {
        serde_json::Value::Object(map) => {
            let max = match map.get("format").and_then(|f| f.as_str()) {
                Some("uint8") => Some(u64::from(u8::MAX)),
                Some("uint16") => Some(u64::from(u16::MAX)),
                Some("uint32") => Some(u64::from(u32::MAX)),
                _ => None,
            };
            if let Some(max) = max {
                map.entry("maximum").or_insert_with(|| max.into());
                map.entry("minimum").or_insert_with(|| 0.into());
            }
            map.values_mut().for_each(bound_unsigned);
        }
        serde_json::Value::Array(items) => items.iter_mut().for_each(bound_unsigned),
        _ => {}
    }
}
