//! Reads the sources under `data/`: reference lists and disclosure files. Every file that fails to
//! parse is reported with its path, line, column and field path; loading goes on so that one run
//! lists every broken file.

use portal_core::content::Content;
use portal_core::feed::disclosure::DisclosureFile;
use portal_core::feed::reference::{AreaTable, IndustryTable, LimitTable, Reference, SubstanceList};
use portal_core::feed::validate::ValidationError;
use serde::de::DeserializeOwned;
use std::path::{Path, PathBuf};

/// Everything read from a data directory.
#[derive(Debug)]
pub struct Sources {
    pub reference: Option<Reference>,
    pub disclosures: Vec<(String, DisclosureFile)>,
    /// The education content, when a content directory was read (see `crate::content`).
    pub content: Option<Content>,
    /// The publisher's licence from `licence.json`, or the default (CC BY 4.0) when there is none.
    pub licence: portal_core::licence::Licence,
    pub errors: Vec<ValidationError>,
}

/// The path of `p` relative to `root`, with forward slashes, for messages.
pub fn display_path(root: &Path, p: &Path) -> String {
    let rel = p.strip_prefix(root).unwrap_or(p);
    let base = root.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let rel = rel.to_string_lossy().replace('\\', "/");
    if base.is_empty() { rel } else { format!("{base}/{rel}") }
}

/// Parses one JSON file into `T`, naming the field path of any error.
pub fn read_json<T: DeserializeOwned>(root: &Path, path: &Path) -> Result<T, ValidationError> {
    let file = display_path(root, path);
    let text = std::fs::read_to_string(path).map_err(|e| ValidationError {
        file: file.clone(),
        record: "-".into(),
        path: "-".into(),
        message: format!("cannot read: {e}"),
    })?;
    parse_json(&file, &text)
}

/// Parses JSON text into `T`, naming the field path, line and column of any error.
pub fn parse_json<T: DeserializeOwned>(file: &str, text: &str) -> Result<T, ValidationError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let de = &mut serde_json::Deserializer::from_str(text);
    serde_path_to_error::deserialize(de).map_err(|e| {
        let path = e.path().to_string();
        let inner = e.into_inner();
        ValidationError {
            file: file.to_owned(),
            record: record_from_path(&path),
            path: if path == "." { "-".into() } else { path },
            message: format!("{inner} (line {}, column {})", inner.line(), inner.column()),
        }
    })
}

/// For a path like `records[3].outlets[0].code`, names the record `records[3]`.
fn record_from_path(path: &str) -> String {
    match path.find(']') {
        Some(end)
            if path.starts_with("records[")
                || path.starts_with("entries[")
                || path.starts_with("limits[")
                || path.starts_with("areas[") =>
        {
            path[..=end].to_owned()
        }
        _ => "-".to_owned(),
    }
}

/// The JSON files directly inside `dir`, sorted by name so output is stable.
pub fn json_files(dir: &Path) -> std::io::Result<Vec<PathBuf>> {
    let mut out: Vec<PathBuf> = std::fs::read_dir(dir)?
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .collect();
    out.sort();
    Ok(out)
}

/// Reads `data/reference/*.json` and `data/disclosures/*.json` under `root`.
pub fn load(root: &Path) -> Sources {
    let mut errors = Vec::new();
    let refdir = root.join("reference");
    let substances = read_json::<SubstanceList>(root, &refdir.join("substances.json"));
    let limits = read_json::<LimitTable>(root, &refdir.join("limits.json"));
    let areas = read_json::<AreaTable>(root, &refdir.join("areas.json"));
    let industries = read_json::<IndustryTable>(root, &refdir.join("industries.json"));
    let reference = match (substances, limits, areas, industries) {
        (Ok(substances), Ok(limits), Ok(areas), Ok(industries)) => {
            Some(Reference { substances, limits, areas, industries })
        }
        (s, l, a, i) => {
            errors.extend([s.err(), l.err(), a.err(), i.err()].into_iter().flatten());
            None
        }
    };
    let mut disclosures = Vec::new();
    let ddir = root.join("disclosures");
    match json_files(&ddir) {
        Ok(files) => {
            for p in files {
                match read_json::<DisclosureFile>(root, &p) {
                    Ok(f) => disclosures.push((display_path(root, &p), f)),
                    Err(e) => errors.push(e),
                }
            }
        }
        Err(e) => errors.push(ValidationError {
            file: display_path(root, &ddir),
            record: "-".into(),
            path: "-".into(),
            message: format!("cannot list the directory: {e}"),
        }),
    }
    // The licence: the publisher's choice when stated, otherwise the default.
    let licence_path = root.join("licence.json");
    let licence = if licence_path.is_file() {
        read_json::<portal_core::licence::Licence>(root, &licence_path).unwrap_or_else(|e| {
            errors.push(e);
            portal_core::licence::Licence::default()
        })
    } else {
        portal_core::licence::Licence::default()
    };
    Sources { reference, disclosures, content: None, licence, errors }
}
