//! `feed build`: validates the sources and writes a content-addressed feed version atomically.
//!
//! On any error nothing in the output directory changes. A version directory is written under a
//! staging name and renamed into place; `latest.json` is replaced by a rename as well.

use crate::clock;
use crate::load::display_path;
use crate::load::{Sources, load};
use portal_core::feed::compile::{Compiled, compile, stats_file};
use portal_core::feed::plausibility::{self, Warning};
use portal_core::feed::validate::{ValidationError, validate_disclosures, validate_reference_in};
use portal_core::feed::{FORMAT, FeedCounts, FeedFiles, Index, Latest, Manifest};
use sha2::{Digest, Sha256};
use std::path::{Path, PathBuf};

/// A version's files as (path relative to the version directory, bytes).
pub type RenderedFiles = Vec<(String, Vec<u8>)>;

/// The outcome of a successful build.
#[derive(Debug)]
pub struct Built {
    pub version: String,
    pub dir: PathBuf,
    /// False when this version was already present and nothing was rewritten.
    pub written: bool,
    pub enterprises: usize,
    pub records: usize,
    /// Plausibility warnings about the sources (the feed is built all the same).
    pub warnings: Vec<Warning>,
}

/// Why a build failed.
#[derive(Debug, thiserror::Error)]
pub enum BuildError {
    #[error("{} error(s) in the sources", .0.len())]
    Invalid(Vec<ValidationError>),
    #[error("{context}: {source}")]
    Io { context: String, source: std::io::Error },
}

fn io(context: impl Into<String>) -> impl FnOnce(std::io::Error) -> BuildError {
    let context = context.into();
    move |source| BuildError::Io { context, source }
}

/// Loads and validates the sources under `data_dir`, returning every error found.
pub fn check(data_dir: &Path) -> Result<Sources, Vec<ValidationError>> {
    check_with_content(data_dir, None)
}

/// Like [`check`], and also loads and checks the education content in `content_dir`, if given.
pub fn check_with_content(data_dir: &Path, content_dir: Option<&Path>) -> Result<Sources, Vec<ValidationError>> {
    let mut sources = load(data_dir);
    let mut errors = std::mem::take(&mut sources.errors);
    if let Some(r) = &sources.reference {
        errors.extend(validate_reference_in(r, &display_path(data_dir, &data_dir.join("reference"))));
        errors.extend(validate_disclosures(r, &sources.disclosures, clock::current_year()));
    }
    if let Some(dir) = content_dir {
        match crate::content::load(dir) {
            Ok(content) => {
                errors.extend(crate::content::validate(&content, sources.reference.as_ref()));
                sources.content = Some(content);
            }
            Err(e) => errors.extend(e),
        }
    }
    if errors.is_empty() { Ok(sources) } else { Err(errors) }
}

/// The files of one version, as (relative path, bytes), before any is written.
pub fn render(
    sources: &Sources,
    compiled: &Compiled,
    built_at: &str,
) -> Result<(String, RenderedFiles), serde_json::Error> {
    let Some(reference) = &sources.reference else {
        return Ok((String::new(), Vec::new()));
    };
    // Every file is rendered with an empty version, and the version is the hash of those bytes
    // (not of the sources), so a change in the renderer gives a new version too. The build time
    // is left out, so rebuilding unchanged sources gives the same version.
    let mut files = Vec::new();
    let index = Index { version: String::new(), enterprises: compiled.index.clone() };
    files.push(("index.json".to_owned(), serde_json::to_vec(&index)?));
    files.push(("reference.json".to_owned(), serde_json::to_vec(reference)?));
    files.push(("stats.json".to_owned(), serde_json::to_vec(&stats_file("", compiled.stats.clone()))?));
    for d in &compiled.details {
        files.push((format!("enterprises/{}.json", d.enterprise.id), serde_json::to_vec(d)?));
    }
    files.push(("schema/disclosure.schema.json".to_owned(), crate::schema::disclosure_schema_json()?));
    for s in crate::schema::feed_schemas() {
        files.push((s.path.to_owned(), serde_json::to_vec_pretty(&s.schema)?));
    }
    if let Some(content) = &sources.content {
        files.extend(crate::content::render(content)?);
    }
    let mut hasher = Sha256::new();
    hasher.update(FORMAT.to_le_bytes());
    for (path, bytes) in &files {
        hasher.update(path.as_bytes());
        hasher.update((bytes.len() as u64).to_le_bytes());
        hasher.update(bytes);
    }
    let version: String = hasher.finalize().iter().take(6).map(|b| format!("{b:02x}")).collect();
    // Fill in the version: each such file begins with its (empty) version field.
    const EMPTY: &[u8] = br#"{"version":"""#;
    for (_, bytes) in &mut files {
        if bytes.starts_with(EMPTY) {
            let mut with = format!(r#"{{"version":"{version}""#).into_bytes();
            with.extend_from_slice(&bytes[EMPTY.len()..]);
            *bytes = with;
        }
    }
    let records: usize = compiled.details.iter().map(|d| d.records.len()).sum();
    let annual = compiled
        .details
        .iter()
        .flat_map(|d| &d.records)
        .filter(|r| r.report_type == portal_core::feed::disclosure::ReportType::Annual)
        .count();
    let manifest = Manifest {
        format: FORMAT,
        version: version.clone(),
        built_at: built_at.to_owned(),
        is_sample: compiled.is_sample,
        source: if compiled.is_sample {
            // Read by the public under every chart: words for readers, no paths or commands.
            "示例数据：企业均为虚构 · Sample data: all enterprises are fictitious".into()
        } else {
            "企业环境信息依法披露 · Enterprises' legally required environmental disclosures".into()
        },
        years: compiled.years.clone(),
        counts: FeedCounts {
            enterprises: compiled.index.len(),
            records,
            annual_records: annual,
            temporary_records: records - annual,
        },
        files: FeedFiles {
            index: "index.json".into(),
            reference: "reference.json".into(),
            stats: "stats.json".into(),
            enterprises_dir: "enterprises/".into(),
            schema: "schema/disclosure.schema.json".into(),
            content: sources.content.as_ref().map(|_| portal_core::content::ContentFiles::default()),
        },
        licence: sources.licence.clone(),
    };
    files.push(("datapackage.json".to_owned(), serde_json::to_vec_pretty(&datapackage(&manifest))?));
    files.push(("manifest.json".to_owned(), serde_json::to_vec_pretty(&manifest)?));
    Ok((version, files))
}

/// `<version>/datapackage.json`: a Frictionless Data Package describing the version's files, each
/// with its JSON Schema (`jsonSchema`), the licence, the source and the build date. Like the
/// manifest it is written after the version is hashed.
pub fn datapackage(m: &Manifest) -> serde_json::Value {
    use portal_core::i18n::Lang;
    let resource = |name: &str, path: &str, schema: &str, title: &str| {
        serde_json::json!({
            "name": name,
            "path": path,
            "title": title,
            "profile": "data-resource",
            "format": "json",
            "mediatype": "application/json",
            "encoding": "utf-8",
            "jsonSchema": schema,
        })
    };
    let mut resources = vec![
        resource("index", &m.files.index, "schema/index.schema.json", "Enterprise index"),
        resource("reference", &m.files.reference, "schema/reference.schema.json", "Reference lists"),
        resource("stats", &m.files.stats, "schema/stats.schema.json", "Citywide and district figures"),
        resource("manifest", "manifest.json", "schema/manifest.schema.json", "Version manifest"),
    ];
    if let Some(content) = &m.files.content {
        let title = "Education content index";
        resources.push(resource("content-index", &content.index, "schema/content-index.schema.json", title));
    }
    serde_json::json!({
        "profile": "data-package",
        "name": format!("lyg-new-pollutants-{}", m.version),
        "title": "连云港新污染物信息公开平台数据 · Lianyungang new-pollutant portal data",
        "description": "企业环境信息依法披露中与新污染物有关的内容、参考资料和统计。Enterprises' legally required environmental disclosures on new pollutants, the reference lists and statistics. enterprises/<id>.json holds one enterprise each (schema/enterprise.schema.json).",
        "version": m.version,
        "created": m.built_at,
        "licenses": [m.licence.frictionless(Lang::En)],
        "sources": [{ "title": m.source }],
        "is_sample": m.is_sample,
        "counts": m.counts,
        "resources": resources,
    })
}

/// Validates `data_dir` and writes the feed into `out_dir`. Nothing in `out_dir` changes on error.
pub fn build(data_dir: &Path, out_dir: &Path) -> Result<Built, BuildError> {
    build_with_content(data_dir, None, out_dir)
}

/// Like [`build`], and also checks the education content in `content_dir`, if given, and ships it
/// in the version. Nothing in `out_dir` changes if the data or the content is invalid.
pub fn build_with_content(data_dir: &Path, content_dir: Option<&Path>, out_dir: &Path) -> Result<Built, BuildError> {
    let sources = check_with_content(data_dir, content_dir).map_err(BuildError::Invalid)?;
    let Some(reference) = &sources.reference else {
        return Err(BuildError::Invalid(Vec::new()));
    };
    let records: Vec<_> = sources.disclosures.iter().flat_map(|(_, f)| f.records.iter().cloned()).collect();
    let obligations: Vec<_> = sources.disclosures.iter().flat_map(|(_, f)| f.obligations.iter().cloned()).collect();
    let compiled = compile(reference, &records, &obligations);
    let built_at = clock::now_rfc3339();
    let (version, files) = render(&sources, &compiled, &built_at)
        .map_err(|e| BuildError::Io { context: "serialising the feed".into(), source: std::io::Error::other(e) })?;
    let built = write_version(out_dir, &version, &files, compiled.is_sample, &built_at)?;
    let warnings = plausibility::check(reference, &sources.disclosures);
    Ok(Built { enterprises: compiled.index.len(), records: records.len(), warnings, ..built })
}

/// Writes one version's files and points `latest.json` at it, atomically.
pub fn write_version(
    out_dir: &Path,
    version: &str,
    files: &[(String, Vec<u8>)],
    is_sample: bool,
    built_at: &str,
) -> Result<Built, BuildError> {
    std::fs::create_dir_all(out_dir).map_err(io(format!("creating {}", out_dir.display())))?;
    let dir = out_dir.join(version);
    let written = if dir.join("manifest.json").is_file() {
        false
    } else {
        let staging = out_dir.join(format!(".staging-{version}-{}", std::process::id()));
        if staging.exists() {
            std::fs::remove_dir_all(&staging).map_err(io(format!("clearing {}", staging.display())))?;
        }
        let result = (|| {
            for (rel, bytes) in files {
                let p = staging.join(rel);
                if let Some(parent) = p.parent() {
                    std::fs::create_dir_all(parent).map_err(io(format!("creating {}", parent.display())))?;
                }
                std::fs::write(&p, bytes).map_err(io(format!("writing {}", p.display())))?;
            }
            if dir.exists() {
                // A partial directory from an older, interrupted tool: replace it.
                std::fs::remove_dir_all(&dir).map_err(io(format!("removing incomplete {}", dir.display())))?;
            }
            std::fs::rename(&staging, &dir).map_err(io(format!("moving the new version into {}", dir.display())))
        })();
        if result.is_err() {
            let _ = std::fs::remove_dir_all(&staging);
        }
        result?;
        true
    };
    let built_at = if written {
        built_at.to_owned()
    } else {
        // Keep the original build time of an unchanged version.
        std::fs::read(dir.join("manifest.json"))
            .ok()
            .and_then(|b| serde_json::from_slice::<Manifest>(&b).ok())
            .map_or_else(|| built_at.to_owned(), |m| m.built_at)
    };
    let latest = Latest { format: FORMAT, version: version.to_owned(), built_at, is_sample };
    let latest_bytes = serde_json::to_vec_pretty(&latest)
        .map_err(|e| BuildError::Io { context: "serialising latest.json".into(), source: std::io::Error::other(e) })?;
    let tmp = out_dir.join(format!(".latest-{}.json", std::process::id()));
    std::fs::write(&tmp, latest_bytes).map_err(io(format!("writing {}", tmp.display())))?;
    std::fs::rename(&tmp, out_dir.join("latest.json")).map_err(io("replacing latest.json"))?;
    Ok(Built { version: version.to_owned(), dir, written, enterprises: 0, records: 0, warnings: Vec::new() })
}
