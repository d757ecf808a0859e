//! The inline markup of content texts (`[[term]]`, `{{entry:N}}`, `{{page:/path}}`, `**bold**`):
//! a lenient parser the app renders with and a strict one the feed compiler checks with.

use crate::feed::validate::valid_slug;
use std::fmt;

/// A piece of marked-up text. The app renders `Text` escaped and the links as links to portal
/// routes it builds itself, so content can never inject HTML or an outside URL.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Inline {
    /// Plain text, exactly as written (`<`, `&` and the like included).
    Text(String),
    /// `**…**`: strong emphasis; holds text and links, never another `Bold`.
    Bold(Vec<Inline>),
    /// `[[id]]` or `[[id|text]]`: a glossary link; `text` is the id when none was given.
    Term { id: String, text: String },
    /// `{{entry:N}}` or `{{entry:N|text}}`: a link to `/substances/N`.
    Entry { n: u8, text: Option<String> },
    /// `{{page:/path}}` or `{{page:/path|text}}`: a link to a portal page.
    Page { path: String, text: Option<String> },
}

/// Malformed markup in one text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MarkupError {
    /// Byte offset in the text.
    pub offset: usize,
    /// The offending piece, as written.
    pub snippet: String,
    pub message: String,
}

impl fmt::Display for MarkupError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

/// Parses marked-up text, leniently: malformed markup is kept as plain text. Never fails, and
/// never yields anything but text and portal-internal links.
pub fn parse_inline(text: &str) -> Vec<Inline> {
    parse_markup(text).0
}

/// Parses marked-up text strictly: every piece of malformed markup is an error.
pub fn check_inline(text: &str) -> Result<Vec<Inline>, Vec<MarkupError>> {
    let (inlines, errors) = parse_markup(text);
    if errors.is_empty() { Ok(inlines) } else { Err(errors) }
}

/// The text of a snippet starting at `at`: up to the closing delimiter, or at most 30 characters.
fn snippet(text: &str, at: usize, end: Option<usize>) -> String {
    let rest = text.get(at..).unwrap_or("");
    match end {
        Some(e) => text.get(at..e).unwrap_or(rest).to_owned(),
        None => rest.chars().take(30).collect(),
    }
}

/// Whether `path` is a portal path a link may point to: it starts with one `/`, holds only URL-safe
/// ASCII, and cannot be read as a link to another host (`//host`, `/\host`).
pub fn is_portal_path(path: &str) -> bool {
    path.starts_with('/')
        && !path.starts_with("//")
        && !path.contains("//")
        && path.bytes().all(|b| b.is_ascii_alphanumeric() || b"-_./?=&#%~".contains(&b))
}

/// One `[[…]]` or `{{…}}` starting at `at`, or the error; also returns the end offset.
fn parse_link(text: &str, at: usize) -> Result<(Inline, usize), (MarkupError, usize)> {
    let (open, close) = if text[at..].starts_with("[[") { ("[[", "]]") } else { ("{{", "}}") };
    let body_start = at + 2;
    let rest = &text[body_start..];
    // The body ends at the first closer; another opener or a line break first means it is unclosed.
    let close_at = rest.find(close);
    let cut = ["[[", "{{", "\n"].iter().filter_map(|d| rest.find(d)).min();
    let Some(rel_end) = close_at.filter(|c| cut.is_none_or(|x| *c < x)) else {
        let e = MarkupError {
            offset: at,
            snippet: snippet(text, at, None),
            message: format!("unclosed `{open}`: no matching `{close}`"),
        };
        return Err((e, body_start));
    };
    let end = body_start + rel_end + 2;
    let whole = snippet(text, at, Some(end));
    let err = |message: String| (MarkupError { offset: at, snippet: whole.clone(), message }, end);
    let body = &rest[..rel_end];
    let (target, label) = match body.split_once('|') {
        Some((t, l)) => {
            if l.trim().is_empty() {
                return Err(err(format!("`{whole}` has an empty link text")));
            }
            (t, Some(l.to_owned()))
        }
        None => (body, None),
    };
    if open == "[[" {
        if !valid_slug(target) {
            return Err(err(format!(
                "`{whole}`: a glossary link needs a term id (lowercase letters, digits and hyphens)"
            )));
        }
        let text = label.unwrap_or_else(|| target.to_owned());
        return Ok((Inline::Term { id: target.to_owned(), text }, end));
    }
    let Some((kind, arg)) = target.split_once(':') else {
        return Err(err(format!("`{whole}` is not a link: expected {{{{entry:N}}}} or {{{{page:/path}}}}")));
    };
    match kind {
        "entry" => match arg.parse::<u8>() {
            Ok(n) if arg.bytes().all(|b| b.is_ascii_digit()) => Ok((Inline::Entry { n, text: label }, end)),
            _ => Err(err(format!("`{whole}`: `{arg}` is not a list entry number"))),
        },
        "page" if is_portal_path(arg) => Ok((Inline::Page { path: arg.to_owned(), text: label }, end)),
        "page" => Err(err(format!("`{whole}`: `{arg}` is not a portal path such as /learn"))),
        _ => Err(err(format!("`{whole}`: unknown link kind `{kind}`; expected entry or page"))),
    }
}

/// Appends text to `out`, merging it with a preceding `Text`.
fn push_text(out: &mut Vec<Inline>, s: &str) {
    if s.is_empty() {
        return;
    }
    if let Some(Inline::Text(t)) = out.last_mut() {
        t.push_str(s);
    } else {
        out.push(Inline::Text(s.to_owned()));
    }
}

fn push_inline(out: &mut Vec<Inline>, inline: Inline) {
    match inline {
        Inline::Text(t) => push_text(out, &t),
        other => out.push(other),
    }
}

/// The parser behind [`parse_inline`] and [`check_inline`]: the pieces, with malformed markup
/// kept as text, and an error for each malformed piece.
fn parse_markup(text: &str) -> (Vec<Inline>, Vec<MarkupError>) {
    let mut out = Vec::new();
    let mut errors = Vec::new();
    // The open `**`: its offset and what it holds so far.
    let mut bold: Option<(usize, Vec<Inline>)> = None;
    let mut i = 0;
    while i < text.len() {
        let rest = &text[i..];
        let target = match &mut bold {
            Some((_, inner)) => inner,
            None => &mut out,
        };
        if rest.starts_with("**") {
            match bold.take() {
                None => bold = Some((i, Vec::new())),
                Some((start, inner)) if inner.is_empty() => {
                    errors
                        .push(MarkupError { offset: start, snippet: "****".into(), message: "empty `**…**`".into() });
                    push_text(&mut out, "****");
                }
                Some((_, inner)) => out.push(Inline::Bold(inner)),
            }
            i += 2;
        } else if rest.starts_with("[[") || rest.starts_with("{{") {
            match parse_link(text, i) {
                Ok((inline, end)) => {
                    target.push(inline);
                    i = end;
                }
                Err((e, resume)) => {
                    errors.push(e);
                    push_text(target, &text[i..resume]);
                    i = resume;
                }
            }
        } else if rest.starts_with("]]") || rest.starts_with("}}") {
            let closer = &rest[..2];
            let opener = if closer == "]]" { "[[" } else { "{{" };
            errors.push(MarkupError {
                offset: i,
                snippet: snippet(text, text[..i].char_indices().rev().nth(9).map_or(0, |(k, _)| k), Some(i + 2)),
                message: format!("`{closer}` without an opening `{opener}`"),
            });
            push_text(target, closer);
            i += 2;
        } else {
            // Copy plain text up to the next possible delimiter in one go.
            let next = rest
                .char_indices()
                .skip(1)
                .find(|(_, c)| matches!(c, '*' | '[' | '{' | ']' | '}'))
                .map_or(rest.len(), |(k, _)| k);
            push_text(target, &rest[..next]);
            i += next;
        }
    }
    if let Some((start, inner)) = bold {
        errors.push(MarkupError {
            offset: start,
            snippet: snippet(text, start, None),
            message: "unclosed `**`: no matching `**`".into(),
        });
        push_text(&mut out, "**");
        for inline in inner {
            push_inline(&mut out, inline);
        }
    }
    (out, errors)
}
