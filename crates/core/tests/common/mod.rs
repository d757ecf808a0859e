//! Shared fixtures for the core integration tests: the real reference data from
//! `data/reference/*.json` and the real sample disclosures from `data/disclosures/sample.json`,
//! each parsed once per test binary.

#![allow(dead_code)] // Not every test file uses every helper.

use portal_core::feed::IndexEntry;
use portal_core::feed::disclosure::{DisclosureBasis, DisclosureFile, DisclosureRecord};
use portal_core::feed::reference::Reference;
use serde::de::DeserializeOwned;
use std::path::{Path, PathBuf};
use std::sync::LazyLock;

/// The path the validator reports for the sample disclosures.
pub const SAMPLE_FILE: &str = "data/disclosures/sample.json";

/// The repository's `data/` directory.
pub fn data_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../data")
}

fn read<T: DeserializeOwned>(rel: &str) -> T {
    let path = data_dir().join(rel);
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("cannot parse {}: {e}", path.display()))
}

static REFERENCE: LazyLock<Reference> = LazyLock::new(|| Reference {
    substances: read("reference/substances.json"),
    limits: read("reference/limits.json"),
    areas: read("reference/areas.json"),
    industries: read("reference/industries.json"),
});

static SAMPLE: LazyLock<DisclosureFile> = LazyLock::new(|| read("disclosures/sample.json"));

/// The real reference data (a fresh copy, free to mutate).
pub fn reference() -> Reference {
    REFERENCE.clone()
}

/// The real reference data, shared.
pub fn reference_ref() -> &'static Reference {
    &REFERENCE
}

/// The whole sample disclosure file, shared.
pub fn sample() -> &'static DisclosureFile {
    &SAMPLE
}

/// The first record of the sample: an annual 2021 report of `e00000` with raw materials, a water
/// outlet `DW001` (dichloromethane, chloroform, HCBD), an air outlet `DA001` and hazardous waste.
pub fn first_record() -> DisclosureRecord {
    SAMPLE.records.first().expect("the sample has records").clone()
}

/// The enterprise index compiled from the real sample.
pub fn sample_index() -> Vec<IndexEntry> {
    let file = sample();
    portal_core::feed::compile::compile(reference_ref(), &file.records, &file.obligations).index
}

/// A disclosure file holding just these records.
pub fn file_of(records: Vec<DisclosureRecord>) -> DisclosureFile {
    DisclosureFile { records, obligations: Vec::new() }
}

/// A catalogue entry: a key discharge unit that reported for 2023 and 2024 with nothing flagged,
/// at a schematic point; tests set the fields they look at.
pub fn index_entry(id: &str, zh: &str, en: &str, district: &str, industry: &str) -> IndexEntry {
    IndexEntry {
        id: id.into(),
        name_zh: zh.into(),
        name_en: en.into(),
        uscc: format!("91{district}YY00000{}", &id[1..]),
        industry: industry.into(),
        district: district.into(),
        zone: None,
        lat_lng: (34.6, 119.2),
        schematic: true,
        basis: vec![DisclosureBasis::KeyDischargeUnit],
        years: vec![2023, 2024],
        missing_years: vec![],
        exceeded_years: vec![],
        banned_years: vec![],
        quality_years: vec![],
        entries: vec![],
        cas: vec![],
        temporary_reports: 0,
        is_sample: true,
    }
}

/// The repository's `content/` directory.
pub fn content_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../content")
}

fn content_file<T: DeserializeOwned>(path: &Path) -> portal_core::content::ContentFile<T> {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
    let value = toml::from_str(&text).unwrap_or_else(|e| panic!("cannot parse {}: {e}", path.display()));
    portal_core::content::ContentFile { file: path.display().to_string(), text, value }
}

fn content_files<T: DeserializeOwned>(sub: &str) -> Vec<portal_core::content::ContentFile<T>> {
    let mut paths: Vec<PathBuf> = std::fs::read_dir(content_dir().join(sub))
        .unwrap_or_else(|e| panic!("cannot list content/{sub}: {e}"))
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "toml"))
        .collect();
    paths.sort();
    paths.iter().map(|p| content_file(p)).collect()
}

static CONTENT: LazyLock<portal_core::content::Content> = LazyLock::new(|| {
    let dir = content_dir();
    portal_core::content::Content {
        explainers: content_files("explainers"),
        glossary: content_file(&dir.join("glossary.toml")),
        quizzes: content_files("quizzes"),
        lessons: content_files("lessons"),
        plan: content_file(&dir.join("plan/plan.toml")),
        status: content_file(&dir.join("plan/status.toml")),
        synonyms: content_file(&dir.join("synonyms.toml")),
    }
});

/// The real content under `content/` (parsed as the feed compiler parses it), shared.
pub fn content() -> &'static portal_core::content::Content {
    &CONTENT
}
