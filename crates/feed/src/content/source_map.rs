//! Where things are in a TOML file: field paths such as `sections[2].paragraphs_en[1]` mapped to
//! byte spans and lines, from the spans `toml`'s parser reports.

use std::collections::BTreeMap;
use toml::Spanned;
use toml::de::{DeTable, DeValue};

/// The byte spans of the keys, values and tables of a TOML text, by field path such as
/// `sections[2].paragraphs_en[1]`. A `key = value` spans from the key to the end of the value, an
/// item of a list its value, a `[table]` or `[[table]]` from its header to the end of its last
/// value. On text that is not valid TOML, the paths the parser recovers are kept; lines of the
/// others fall back to the nearest known parent.
#[derive(Debug, Clone, Default)]
pub struct SourceMap {
    spans: BTreeMap<String, (usize, usize)>,
    /// Byte offsets where lines start.
    line_starts: Vec<usize>,
    text: String,
}

impl SourceMap {
    /// Parses `text`.
    pub fn new(text: &str) -> Self {
        let mut spans = BTreeMap::new();
        let (root, _errors) = DeTable::parse_recoverable(text);
        table(&mut spans, "", root.get_ref());
        let mut line_starts = vec![0];
        line_starts.extend(text.match_indices('\n').map(|(k, _)| k + 1));
        SourceMap { spans, line_starts, text: text.to_owned() }
    }

    /// Whether the text has a value (or table) at `path`.
    pub fn has(&self, path: &str) -> bool {
        self.spans.contains_key(path)
    }

    /// The 1-based line of a byte offset.
    pub fn line_at(&self, offset: usize) -> usize {
        self.line_starts.partition_point(|&s| s <= offset).max(1)
    }

    /// The 1-based line of `path`, or of its nearest parent that the text has (1 if none). With a
    /// `needle`, the line where it first occurs inside that value, if it does.
    pub fn line(&self, path: &str, needle: Option<&str>) -> usize {
        let mut p = path;
        loop {
            if let Some(&(start, end)) = self.spans.get(p) {
                let found = needle
                    .filter(|n| !n.is_empty())
                    .and_then(|n| self.text.get(start..end).and_then(|v| v.find(n)))
                    .map_or(start, |k| start + k);
                return self.line_at(found);
            }
            match parent_path(p) {
                Some(parent) => p = parent,
                None => return 1,
            }
        }
    }
}

/// Records the entries of a table at `base`; returns the end of its last value.
fn table(spans: &mut BTreeMap<String, (usize, usize)>, base: &str, t: &DeTable<'_>) -> usize {
    let mut last = 0;
    for (key, value) in t.iter() {
        let path =
            if base.is_empty() { key.get_ref().to_string() } else { format!("{base}.{key}", key = key.get_ref()) };
        let end = entry(spans, &path, value);
        // A `key = value` starts at its key; a `[table]` at its header, which holds the key. An
        // array of `[[tables]]` is placed at its first header, and its items span their tables.
        let (key_at, value_at) = (key.span().start, value.span().start);
        let header_array = value_at < key_at && value.get_ref().is_array();
        spans.insert(path, (key_at.min(value_at), if header_array { value_at } else { end }));
        last = last.max(end);
    }
    last
}

/// Records what is inside one value at `path` (list items, table keys); returns its end.
fn entry(spans: &mut BTreeMap<String, (usize, usize)>, path: &str, value: &Spanned<DeValue<'_>>) -> usize {
    let span = value.span();
    match value.get_ref() {
        DeValue::Table(t) => table(spans, path, t).max(span.end),
        DeValue::Array(items) => {
            let mut end = span.end;
            for (i, item) in items.iter().enumerate() {
                let p = format!("{path}[{i}]");
                let item_end = entry(spans, &p, item);
                spans.insert(p, (item.span().start, item_end));
                end = end.max(item_end);
            }
            end
        }
        _ => span.end,
    }
}

/// `a[1].b` → `a[1]` → `a` → none.
pub(crate) fn parent_path(path: &str) -> Option<&str> {
    if path.is_empty() {
        return None;
    }
    if path.ends_with(']')
        && let Some(k) = path.rfind('[')
    {
        return Some(&path[..k]);
    }
    Some(path.rfind('.').map_or("", |k| &path[..k]))
}
