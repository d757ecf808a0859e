//! Education content under `content/`: reads the TOML files (naming the file and line of every
//! parse error), checks them with [`validate_content`], and renders them into a feed version:
//!
//! ```text
//! feed/<version>/content/index.json             → ContentIndex (explainer list, glossary, plan, status, lessons)
//! feed/<version>/content/explainers/<id>.json   → Explainer
//! feed/<version>/content/quizzes/<id>.json      → Quiz (one per explainer that has one)
//! feed/<version>/content/lessons/<level>.json   → Lesson
//! ```
//!
//! Texts are shipped as written; the app turns their markup into escaped text and links with
//! [`portal_core::content::parse_inline`]. The files are part of the rendered set, so they are
//! covered by the version hash.

mod check;
mod source_map;

pub use check::{ContentError, STATIC_PAGES, Targets, validate_content};
pub use source_map::SourceMap;

use crate::load::display_path;
use portal_core::content::{
    Content, ContentFile, ContentFiles, Explainer, Glossary, Lesson, Plan, PlanStatus, Quiz, Synonyms,
};
use portal_core::feed::reference::Reference;
use portal_core::feed::validate::ValidationError;
use serde::de::DeserializeOwned;
use std::path::{Path, PathBuf};

/// The default content directory: `content` next to the data directory (`data` → `content`).
pub fn default_dir(data_dir: &Path) -> PathBuf {
    data_dir.parent().unwrap_or(Path::new("")).join("content")
}

/// A content error in the compiler's error format, with `line N` as the record.
pub fn to_validation_error(e: ContentError) -> ValidationError {
    ValidationError { file: e.file, record: format!("line {}", e.line), path: e.path, message: e.message }
}

fn file_error(file: &str, message: String) -> ValidationError {
    ValidationError { file: file.to_owned(), record: "-".into(), path: "-".into(), message }
}

/// The 1-based line and column of a byte offset.
fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let before = text.get(..offset).unwrap_or(text);
    let line = before.matches('\n').count() + 1;
    let col = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    (line, col)
}

/// Parses TOML text into `T`, naming the line, column and field path of any error.
pub fn parse_toml<T: DeserializeOwned>(file: &str, text: &str) -> Result<T, ValidationError> {
    let located = |e: &toml::de::Error, path: String| {
        let (line, col) = e.span().map_or((1, 1), |s| line_col(text, s.start));
        ValidationError {
            file: file.to_owned(),
            record: format!("line {line}"),
            path: if path.is_empty() || path == "." { "-".into() } else { path },
            message: format!("{} (line {line}, column {col})", e.message().trim_end()),
        }
    };
    let de = toml::Deserializer::parse(text).map_err(|e| located(&e, String::new()))?;
    serde_path_to_error::deserialize(de).map_err(|e| {
        let path = e.path().to_string();
        located(e.inner(), path)
    })
}

/// Reads and parses one content file.
fn read<T: DeserializeOwned>(root: &Path, path: &Path) -> Result<ContentFile<T>, ValidationError> {
    let file = display_path(root, path);
    let text = std::fs::read_to_string(path).map_err(|e| file_error(&file, format!("cannot read: {e}")))?;
    let text = text.strip_prefix('\u{feff}').map(str::to_owned).unwrap_or(text);
    let value = parse_toml(&file, &text)?;
    Ok(ContentFile { file, text, value })
}

/// The `*.toml` files directly inside `dir`, sorted by name. Any other file (except hidden ones,
/// such as editor backups) is an error, so that a misnamed file is not silently left out.
fn toml_files(root: &Path, dir: &Path, errors: &mut Vec<ValidationError>) -> Vec<PathBuf> {
    let entries = match std::fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(e) => {
            errors.push(file_error(&display_path(root, dir), format!("cannot list the directory: {e}")));
            return Vec::new();
        }
    };
    let mut out = Vec::new();
    for p in entries.filter_map(Result::ok).map(|e| e.path()) {
        let hidden = p.file_name().is_some_and(|n| n.to_string_lossy().starts_with('.'));
        if p.extension().is_some_and(|x| x == "toml") && p.is_file() {
            out.push(p);
        } else if !hidden {
            errors.push(file_error(
                &display_path(root, &p),
                "not a .toml file: content is read from *.toml files only".into(),
            ));
        }
    }
    out.sort();
    out
}

/// Reads every content file under `dir`, or returns every file that failed to read or parse.
pub fn load(dir: &Path) -> Result<Content, Vec<ValidationError>> {
    let mut errors = Vec::new();
    if !dir.is_dir() {
        let name = dir.display().to_string();
        return Err(vec![file_error(&name, "cannot read the content directory: it does not exist".into())]);
    }
    fn many<T: DeserializeOwned>(root: &Path, sub: &str, errors: &mut Vec<ValidationError>) -> Vec<ContentFile<T>> {
        let files = toml_files(root, &root.join(sub), errors);
        files.iter().filter_map(|p| read(root, p).map_err(|e| errors.push(e)).ok()).collect()
    }
    let explainers = many::<Explainer>(dir, "explainers", &mut errors);
    let quizzes = many::<Quiz>(dir, "quizzes", &mut errors);
    let lessons = many::<Lesson>(dir, "lessons", &mut errors);
    let glossary = read::<Glossary>(dir, &dir.join("glossary.toml")).map_err(|e| errors.push(e)).ok();
    let plan = read::<Plan>(dir, &dir.join("plan").join("plan.toml")).map_err(|e| errors.push(e)).ok();
    let status = read::<PlanStatus>(dir, &dir.join("plan").join("status.toml")).map_err(|e| errors.push(e)).ok();
    let synonyms = read::<Synonyms>(dir, &dir.join("synonyms.toml")).map_err(|e| errors.push(e)).ok();
    match (glossary, plan, status, synonyms) {
        (Some(glossary), Some(plan), Some(status), Some(synonyms)) if errors.is_empty() => {
            Ok(Content { explainers, glossary, quizzes, lessons, plan, status, synonyms })
        }
        _ => Err(errors),
    }
}

/// Checks content against the list entries in `reference` (1–14 when it failed to load).
pub fn validate(content: &Content, reference: Option<&Reference>) -> Vec<ValidationError> {
    let entries: Vec<u8> = match reference {
        Some(r) => r.substances.entries.iter().map(|e| e.entry).collect(),
        None => (1..=14).collect(),
    };
    let targets = Targets::portal(entries, content);
    let mut errors: Vec<ValidationError> =
        validate_content(content, &targets).into_iter().map(to_validation_error).collect();
    errors.extend(synonym_errors(content, reference).into_iter().map(to_validation_error));
    errors
}

/// The synonym table's targets that do not exist (districts, parks and industries checked against
/// `reference` when it loaded).
pub fn synonym_errors(content: &Content, reference: Option<&Reference>) -> Vec<ContentError> {
    use std::collections::BTreeSet;
    let explainers: BTreeSet<&str> = content.explainers.iter().map(|e| e.value.id.as_str()).collect();
    let lessons: BTreeSet<&str> = content.lessons.iter().map(|l| l.value.level.as_str()).collect();
    let terms: BTreeSet<&str> = content.glossary.value.terms.iter().map(|t| t.id.as_str()).collect();
    let f = &content.synonyms;
    let map = SourceMap::new(&f.text);
    portal_core::search::synonym_problems(&f.value.synonyms, reference, &explainers, &lessons, &terms)
        .into_iter()
        .map(|(i, message)| {
            let path = format!("synonym[{i}]");
            ContentError { file: f.file.clone(), line: map.line(&path, None), path, message }
        })
        .collect()
}

/// The content's files in a feed version, as (relative path, bytes). Call only on valid content:
/// ids become file names.
pub fn render(content: &Content) -> Result<Vec<(String, Vec<u8>)>, serde_json::Error> {
    let paths = ContentFiles::default();
    let mut files = vec![(paths.index.clone(), serde_json::to_vec(&content.index())?)];
    for e in content.explainers_in_order() {
        files.push((format!("{}{}.json", paths.explainers_dir, e.id), serde_json::to_vec(e)?));
    }
    for q in &content.quizzes {
        files.push((format!("{}{}.json", paths.quizzes_dir, q.value.explainer), serde_json::to_vec(&q.value)?));
    }
    for l in content.lessons_in_order() {
        files.push((format!("{}{}.json", paths.lessons_dir, l.level), serde_json::to_vec(l)?));
    }
    Ok(files)
}
