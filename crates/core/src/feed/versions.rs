//! `feed/versions.json`: every published version, oldest first, with its build date, counts,
//! licence and a summary of what changed since the version before it. The feed compiler keeps it
//! in the archive (see `crates/feed/src/archive.rs`); what changed is computed here, from the two
//! versions' index and enterprise files, so that it is pure and tested natively.

use crate::feed::{EnterpriseDetail, FeedCounts, IndexEntry, Manifest};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};

/// `feed/versions.json`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Versions {
    /// Every published version, oldest first.
    pub versions: Vec<VersionEntry>,
}

/// One published version.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct VersionEntry {
    pub version: String,
    /// When it was built (RFC 3339, UTC).
    pub built_at: String,
    pub format: u32,
    pub is_sample: bool,
    pub counts: FeedCounts,
    /// The licence's SPDX identifier.
    pub licence: String,
    /// What changed since the version before it.
    pub changes: Changes,
}

/// What changed between a version and the one before it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Changes {
    /// The version compared with; none for the first version.
    pub previous: Option<String>,
    /// Ids of enterprises new in this version.
    pub enterprises_added: Vec<String>,
    /// Ids of enterprises no longer in this version.
    pub enterprises_removed: Vec<String>,
    /// Disclosure records new in this version.
    pub records_added: usize,
    /// Disclosure records no longer in this version.
    pub records_removed: usize,
    /// Disclosure records whose content changed (same record id).
    pub records_changed: usize,
}

impl Versions {
    /// The entry of `version`, if listed.
    pub fn get(&self, version: &str) -> Option<&VersionEntry> {
        self.versions.iter().find(|v| v.version == version)
    }

    /// Adds `entry` at the end unless its version is listed already; true if added.
    pub fn add(&mut self, entry: VersionEntry) -> bool {
        if self.get(&entry.version).is_some() {
            return false;
        }
        self.versions.push(entry);
        true
    }

    /// The newest listed version.
    pub fn newest(&self) -> Option<&VersionEntry> {
        self.versions.last()
    }
}

impl VersionEntry {
    /// The entry of the version that `manifest` describes, with `changes`.
    pub fn of(manifest: &Manifest, changes: Changes) -> Self {
        Self {
            version: manifest.version.clone(),
            built_at: manifest.built_at.clone(),
            format: manifest.format,
            is_sample: manifest.is_sample,
            counts: manifest.counts.clone(),
            licence: manifest.licence.name.clone(),
            changes,
        }
    }
}

/// The records of one enterprise's file, by record id, as JSON (so that any change in a record
/// counts, whatever field it is in).
pub fn records_by_id(detail: &EnterpriseDetail) -> BTreeMap<String, serde_json::Value> {
    detail
        .records
        .iter()
        .map(|r| (r.record_id.clone(), serde_json::to_value(r).unwrap_or(serde_json::Value::Null)))
        .collect()
}

/// What changed from the `old` version (its index, and a way to read one enterprise's records)
/// to the `new` one. `old_records(id)` and `new_records(id)` give the records of an enterprise
/// by record id (see [`records_by_id`]), and are asked only for enterprises in that version.
pub fn changes(
    previous: &str,
    old: &[IndexEntry],
    new: &[IndexEntry],
    mut old_records: impl FnMut(&str) -> BTreeMap<String, serde_json::Value>,
    mut new_records: impl FnMut(&str) -> BTreeMap<String, serde_json::Value>,
) -> Changes {
    let old_ids: BTreeSet<&str> = old.iter().map(|e| e.id.as_str()).collect();
    let new_ids: BTreeSet<&str> = new.iter().map(|e| e.id.as_str()).collect();
    let mut c = Changes { previous: Some(previous.to_owned()), ..Changes::default() };
    c.enterprises_added = new_ids.difference(&old_ids).map(|s| (*s).to_owned()).collect();
    c.enterprises_removed = old_ids.difference(&new_ids).map(|s| (*s).to_owned()).collect();
    for id in old_ids.union(&new_ids) {
        let before = if old_ids.contains(id) { old_records(id) } else { BTreeMap::new() };
        let after = if new_ids.contains(id) { new_records(id) } else { BTreeMap::new() };
        for (rid, value) in &after {
            match before.get(rid) {
                None => c.records_added += 1,
                Some(v) if v != value => c.records_changed += 1,
                Some(_) => {}
            }
        }
        c.records_removed += before.keys().filter(|rid| !after.contains_key(*rid)).count();
    }
    c
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn entry(id: &str) -> IndexEntry {
        IndexEntry {
            id: id.into(),
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
        }
    }

    fn records(pairs: &[(&str, i64)]) -> BTreeMap<String, serde_json::Value> {
        pairs.iter().map(|(k, v)| ((*k).to_owned(), json!({ "value": v }))).collect()
    }

    #[test]
    fn added_removed_and_changed_enterprises_and_records_are_counted() {
        let old = [entry("a"), entry("b")];
        let new = [entry("b"), entry("c")];
        let old_records = |id: &str| match id {
            "a" => records(&[("a-1", 1)]),
            "b" => records(&[("b-1", 1), ("b-2", 2), ("b-3", 3)]),
            _ => unreachable!("asked for {id}, not in the old version"),
        };
        let new_records = |id: &str| match id {
            "b" => records(&[("b-1", 1), ("b-2", 20), ("b-4", 4)]),
            "c" => records(&[("c-1", 1), ("c-2", 2)]),
            _ => unreachable!("asked for {id}, not in the new version"),
        };
        let c = changes("v1", &old, &new, old_records, new_records);
        assert_eq!(c.previous.as_deref(), Some("v1"));
        assert_eq!(c.enterprises_added, ["c"]);
        assert_eq!(c.enterprises_removed, ["a"]);
        assert_eq!(c.records_added, 3, "b-4, c-1, c-2");
        assert_eq!(c.records_removed, 2, "a-1, b-3");
        assert_eq!(c.records_changed, 1, "b-2");
    }

    #[test]
    fn a_version_is_listed_once() {
        let e = VersionEntry {
            version: "v1".into(),
            built_at: "2026-12-07T00:00:00Z".into(),
            format: 1,
            is_sample: true,
            counts: FeedCounts { enterprises: 1, records: 1, annual_records: 1, temporary_records: 0 },
            licence: "CC-BY-4.0".into(),
            changes: Changes::default(),
        };
        let mut v = Versions::default();
        assert!(v.add(e.clone()));
        assert!(!v.add(e));
        assert_eq!(v.versions.len(), 1);
        assert_eq!(v.newest().map(|e| e.version.as_str()), Some("v1"));
    }
}
