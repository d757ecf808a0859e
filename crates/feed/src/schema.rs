//! The JSON Schema published with the feed, derived from the Rust types in `portal-core`, so
//! the schema and the parser cannot drift apart. A test validates real records against it.

use portal_core::feed::disclosure::DisclosureFile;

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
