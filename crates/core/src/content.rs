//! Education content: explainers, the glossary, quizzes, lesson plans, and the city's work plan
//! with the status of its tasks. Editors write them as TOML under `content/`, Chinese and English
//! side by side; the feed compiler parses them into these types, checks them with
//! [`validate_content`] and ships them in the feed; the app reads the same types back from JSON.
//!
//! ```text
//! content/explainers/<id>.toml   → Explainer      content/glossary.toml     → Glossary
//! content/quizzes/<id>.toml      → Quiz           content/plan/plan.toml    → Plan
//! content/lessons/<level>.toml   → Lesson         content/plan/status.toml  → PlanStatus
//! ```
//!
//! # Markup
//!
//! Every `*_zh` / `*_en` text (and every item of a `*_zh` / `*_en` list) may carry a small inline
//! markup. [`parse_inline`] turns it into [`Inline`] pieces, which the app renders as escaped text
//! and links: no HTML from content ever reaches a page (`<script>` in content is just text).
//!
//! | markup | meaning |
//! |---|---|
//! | `[[term-id]]`, `[[term-id\|text]]` | a link to a glossary term (bare: the id is the text) |
//! | `{{entry:N}}`, `{{entry:N\|text}}` | a link to entry N of the national list (`/substances/N`) |
//! | `{{page:/path}}`, `{{page:/path\|text}}` | a link to a page of the portal |
//! | `**text**` | strong emphasis (may hold links) |
//!
//! Other fields (source titles, publishers and notes, dates, URLs) are plain text.

use crate::reference::Verification;
use crate::validate::{valid_date, valid_slug};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::fmt;

// --- the files ---------------------------------------------------------------------------------

/// `content/explainers/<id>.toml`: one science page.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Explainer {
    /// A slug, equal to the file name; the page is `/learn/<id>`.
    pub id: String,
    /// Position in the list of explainers (ascending).
    pub order: u32,
    #[serde(default)]
    pub title_zh: String,
    #[serde(default)]
    pub title_en: String,
    #[serde(default)]
    pub summary_zh: String,
    #[serde(default)]
    pub summary_en: String,
    /// The list entries (1–14) the page is about, for links to substance pages and disclosures.
    #[serde(default)]
    pub entries: Vec<u8>,
    /// `YYYY-MM-DD`.
    #[serde(default)]
    pub last_reviewed: String,
    #[serde(default)]
    pub sections: Vec<Section>,
    #[serde(default)]
    pub sources: Vec<Source>,
}

/// The sections every explainer must have.
pub const REQUIRED_SECTIONS: [SectionKind; 4] =
    [SectionKind::Intro, SectionKind::WhatWeKnow, SectionKind::WhatWeDontKnow, SectionKind::WhatYouCanDo];

/// What a section of an explainer is.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SectionKind {
    /// Plain-language introduction.
    Intro,
    /// What we know.
    WhatWeKnow,
    /// What we do not know yet.
    WhatWeDontKnow,
    /// What you can do.
    WhatYouCanDo,
    /// The situation in Lianyungang (optional).
    InLianyungang,
    /// Any other name; always rejected by [`validate_content`], kept so the error can name it.
    #[serde(untagged)]
    Other(String),
}

impl SectionKind {
    /// The name used in the files.
    pub fn as_str(&self) -> &str {
        match self {
            SectionKind::Intro => "intro",
            SectionKind::WhatWeKnow => "what_we_know",
            SectionKind::WhatWeDontKnow => "what_we_dont_know",
            SectionKind::WhatYouCanDo => "what_you_can_do",
            SectionKind::InLianyungang => "in_lianyungang",
            SectionKind::Other(s) => s,
        }
    }
}

/// One section of an explainer: a heading and paragraphs, in zh and en.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Section {
    pub kind: SectionKind,
    #[serde(default)]
    pub heading_zh: String,
    #[serde(default)]
    pub heading_en: String,
    #[serde(default)]
    pub paragraphs_zh: Vec<String>,
    #[serde(default)]
    pub paragraphs_en: Vec<String>,
}

/// A source of an explainer.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Source {
    #[serde(default)]
    pub title: String,
    /// Empty when there is no web address; then `note` must say why.
    #[serde(default)]
    pub url: String,
    #[serde(default)]
    pub publisher: String,
    /// `YYYY`, `YYYY-MM`, `YYYY-MM-DD` or `undated`.
    #[serde(default)]
    pub date: String,
    pub verification: Verification,
    /// What the source supports, or why it has no URL.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// `content/glossary.toml`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Glossary {
    /// `YYYY-MM-DD`.
    #[serde(default)]
    pub last_reviewed: String,
    #[serde(default)]
    pub terms: Vec<GlossaryTerm>,
}

/// One glossary term.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GlossaryTerm {
    /// A slug, the target of `[[id]]` links.
    pub id: String,
    #[serde(default)]
    pub term_zh: String,
    #[serde(default)]
    pub term_en: String,
    #[serde(default)]
    pub definition_zh: String,
    #[serde(default)]
    pub definition_en: String,
    /// Ids of related terms.
    #[serde(default)]
    pub see_also: Vec<String>,
    /// A web address, or empty for general science terms.
    #[serde(default)]
    pub source: String,
}

/// `content/quizzes/<explainer>.toml`: the self-check quiz of one explainer.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Quiz {
    /// The explainer's id, equal to the file name.
    pub explainer: String,
    #[serde(default)]
    pub questions: Vec<Question>,
}

/// One multiple-choice question.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Question {
    /// A slug, unique across all quizzes.
    pub id: String,
    #[serde(default)]
    pub prompt_zh: String,
    #[serde(default)]
    pub prompt_en: String,
    #[serde(default)]
    pub choices_zh: Vec<String>,
    #[serde(default)]
    pub choices_en: Vec<String>,
    /// Index of the right choice, counting from 0.
    pub answer: u32,
    #[serde(default)]
    pub explanation_zh: String,
    #[serde(default)]
    pub explanation_en: String,
}

/// `content/lessons/<level>.toml`: a lesson plan for teachers.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Lesson {
    /// A slug, equal to the file name, e.g. `upper-primary`.
    pub level: String,
    #[serde(default)]
    pub title_zh: String,
    #[serde(default)]
    pub title_en: String,
    #[serde(default)]
    pub audience_zh: String,
    #[serde(default)]
    pub audience_en: String,
    /// Equal to the sum of the steps' minutes.
    pub duration_minutes: u32,
    #[serde(default)]
    pub objectives_zh: Vec<String>,
    #[serde(default)]
    pub objectives_en: Vec<String>,
    #[serde(default)]
    pub materials_zh: Vec<String>,
    #[serde(default)]
    pub materials_en: Vec<String>,
    /// Ids of the explainers the lesson uses.
    #[serde(default)]
    pub explainers: Vec<String>,
    /// Steps of the activity on the real feed.
    #[serde(default)]
    pub data_activity_zh: Vec<String>,
    #[serde(default)]
    pub data_activity_en: Vec<String>,
    #[serde(default)]
    pub print_notes_zh: String,
    #[serde(default)]
    pub print_notes_en: String,
    #[serde(default)]
    pub steps: Vec<LessonStep>,
}

/// One timed step of a lesson.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LessonStep {
    pub minutes: u32,
    #[serde(default)]
    pub text_zh: String,
    #[serde(default)]
    pub text_en: String,
}

/// The order lesson levels are listed in; other levels follow by name.
pub const LESSON_LEVELS: [&str; 3] = ["upper-primary", "middle-school", "community"];

/// `content/plan/plan.toml`: the city's work plan, readable.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Plan {
    #[serde(default)]
    pub title_zh: String,
    #[serde(default)]
    pub title_en: String,
    #[serde(default)]
    pub notice_title_zh: String,
    #[serde(default)]
    pub notice_title_en: String,
    #[serde(default)]
    pub document_number: String,
    #[serde(default)]
    pub issuer_zh: String,
    #[serde(default)]
    pub issuer_en: String,
    #[serde(default)]
    pub adopted_at_zh: String,
    #[serde(default)]
    pub adopted_at_en: String,
    /// `YYYY-MM-DD`, or empty when the plan does not say.
    #[serde(default)]
    pub adopted: String,
    /// `YYYY-MM-DD`.
    #[serde(default)]
    pub issued: String,
    /// `YYYY-MM-DD`.
    #[serde(default)]
    pub printed: String,
    #[serde(default)]
    pub publication_zh: String,
    #[serde(default)]
    pub publication_en: String,
    /// A web address, or empty while it is not confirmed.
    #[serde(default)]
    pub official_url: String,
    #[serde(default)]
    pub source_note_zh: String,
    #[serde(default)]
    pub source_note_en: String,
    #[serde(default)]
    pub basis_zh: String,
    #[serde(default)]
    pub basis_en: String,
    #[serde(default)]
    pub approach_zh: Vec<String>,
    #[serde(default)]
    pub approach_en: Vec<String>,
    #[serde(default)]
    pub goals_zh: Vec<String>,
    #[serde(default)]
    pub goals_en: Vec<String>,
    #[serde(default)]
    pub local_responsibility_zh: String,
    #[serde(default)]
    pub local_responsibility_en: String,
    #[serde(default)]
    pub lead_note_zh: String,
    #[serde(default)]
    pub lead_note_en: String,
    #[serde(default)]
    pub tasks: Vec<PlanTask>,
    #[serde(default)]
    pub safeguards: Vec<Safeguard>,
}

/// One of the plan's tasks.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PlanTask {
    pub number: u32,
    /// The heading the task is listed under.
    #[serde(default)]
    pub group_zh: String,
    #[serde(default)]
    pub group_en: String,
    #[serde(default)]
    pub title_zh: String,
    #[serde(default)]
    pub title_en: String,
    #[serde(default)]
    pub summary_zh: String,
    #[serde(default)]
    pub summary_en: String,
    #[serde(default)]
    pub lead_zh: String,
    #[serde(default)]
    pub lead_en: String,
    #[serde(default)]
    pub partners_zh: Vec<String>,
    #[serde(default)]
    pub partners_en: Vec<String>,
    /// The responsibility clause as the plan words it.
    #[serde(default)]
    pub responsibility_zh: String,
    #[serde(default)]
    pub responsibility_en: String,
    #[serde(default)]
    pub targets_zh: Vec<String>,
    #[serde(default)]
    pub targets_en: Vec<String>,
    /// `YYYY`, `YYYY-MM-DD`, or empty when the plan sets none.
    #[serde(default)]
    pub deadline: String,
    /// Portal pages that serve the task.
    #[serde(default)]
    pub portal_links: Vec<String>,
}

/// One of the plan's safeguards (保障措施).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Safeguard {
    pub number: u32,
    #[serde(default)]
    pub title_zh: String,
    #[serde(default)]
    pub title_en: String,
    #[serde(default)]
    pub text_zh: String,
    #[serde(default)]
    pub text_en: String,
    #[serde(default)]
    pub lead_zh: String,
    #[serde(default)]
    pub lead_en: String,
    #[serde(default)]
    pub partners_zh: Vec<String>,
    #[serde(default)]
    pub partners_en: Vec<String>,
    #[serde(default)]
    pub responsibility_zh: String,
    #[serde(default)]
    pub responsibility_en: String,
    #[serde(default)]
    pub targets_zh: Vec<String>,
    #[serde(default)]
    pub targets_en: Vec<String>,
    /// `YYYY`, `YYYY-MM-DD`, or empty.
    #[serde(default)]
    pub deadline: String,
    #[serde(default)]
    pub portal_links: Vec<String>,
}

/// `content/plan/status.toml`: the status of each task, which the bureau updates.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PlanStatus {
    /// True while the statuses are placeholders, not official data; the portal labels them.
    pub is_sample: bool,
    /// `YYYY-MM-DD`.
    #[serde(default)]
    pub updated: String,
    #[serde(default)]
    pub note_zh: String,
    #[serde(default)]
    pub note_en: String,
    #[serde(default)]
    pub tasks: Vec<TaskStatus>,
}

/// The status of one task.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TaskStatus {
    /// The task's number in the plan.
    pub number: u32,
    pub status: Progress,
    /// Optional, but in both languages when given.
    #[serde(default)]
    pub note_zh: String,
    #[serde(default)]
    pub note_en: String,
}

/// How far a task has got.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Progress {
    /// Not begun.
    NotStarted,
    /// Under way.
    InProgress,
    /// Done, by the responsible authorities' account.
    Completed,
    /// No published information.
    Unknown,
}

// --- a loaded content directory ----------------------------------------------------------------

/// One parsed content file with its text, so that errors can name the line.
#[derive(Debug, Clone, PartialEq)]
pub struct ContentFile<T> {
    /// The path named in messages, e.g. `content/explainers/pfas.toml`.
    pub file: String,
    /// The file's TOML text.
    pub text: String,
    pub value: T,
}

/// Everything under `content/`.
#[derive(Debug, Clone, PartialEq)]
pub struct Content {
    pub explainers: Vec<ContentFile<Explainer>>,
    pub glossary: ContentFile<Glossary>,
    pub quizzes: Vec<ContentFile<Quiz>>,
    pub lessons: Vec<ContentFile<Lesson>>,
    pub plan: ContentFile<Plan>,
    pub status: ContentFile<PlanStatus>,
}

// --- what the feed ships -----------------------------------------------------------------------

/// Where a feed version keeps its content (in the manifest's `files.content`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct ContentFiles {
    /// `content/index.json` → [`ContentIndex`].
    pub index: String,
    /// `content/explainers/` holding `<id>.json` → [`Explainer`].
    pub explainers_dir: String,
    /// `content/quizzes/` holding `<explainer>.json` → [`Quiz`].
    pub quizzes_dir: String,
    /// `content/lessons/` holding `<level>.json` → [`Lesson`].
    pub lessons_dir: String,
}

impl Default for ContentFiles {
    fn default() -> Self {
        Self {
            index: "content/index.json".into(),
            explainers_dir: "content/explainers/".into(),
            quizzes_dir: "content/quizzes/".into(),
            lessons_dir: "content/lessons/".into(),
        }
    }
}

/// An explainer in the index.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ExplainerSummary {
    pub id: String,
    pub order: u32,
    pub title_zh: String,
    pub title_en: String,
    pub summary_zh: String,
    pub summary_en: String,
    pub entries: Vec<u8>,
    pub last_reviewed: String,
    /// Whether `quizzes/<id>.json` exists.
    pub quiz: bool,
}

/// A lesson plan in the index.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LessonSummary {
    pub level: String,
    pub title_zh: String,
    pub title_en: String,
    pub audience_zh: String,
    pub audience_en: String,
    pub duration_minutes: u32,
}

/// `feed/<version>/content/index.json`: everything the Learn, glossary and plan pages list.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ContentIndex {
    /// In display order.
    pub explainers: Vec<ExplainerSummary>,
    pub glossary: Glossary,
    pub plan: Plan,
    pub status: PlanStatus,
    /// In [`LESSON_LEVELS`] order.
    pub lessons: Vec<LessonSummary>,
}

impl Content {
    /// The explainers in display order (by `order`, then id).
    pub fn explainers_in_order(&self) -> Vec<&Explainer> {
        let mut out: Vec<&Explainer> = self.explainers.iter().map(|f| &f.value).collect();
        out.sort_by(|a, b| (a.order, &a.id).cmp(&(b.order, &b.id)));
        out
    }

    /// The lessons in [`LESSON_LEVELS`] order, other levels after them by name.
    pub fn lessons_in_order(&self) -> Vec<&Lesson> {
        let rank = |l: &Lesson| LESSON_LEVELS.iter().position(|x| *x == l.level).unwrap_or(LESSON_LEVELS.len());
        let mut out: Vec<&Lesson> = self.lessons.iter().map(|f| &f.value).collect();
        out.sort_by(|a, b| (rank(a), &a.level).cmp(&(rank(b), &b.level)));
        out
    }

    /// The index the feed ships as `content/index.json`.
    pub fn index(&self) -> ContentIndex {
        let quizzes: BTreeSet<&str> = self.quizzes.iter().map(|q| q.value.explainer.as_str()).collect();
        ContentIndex {
            explainers: self
                .explainers_in_order()
                .into_iter()
                .map(|e| ExplainerSummary {
                    id: e.id.clone(),
                    order: e.order,
                    title_zh: e.title_zh.clone(),
                    title_en: e.title_en.clone(),
                    summary_zh: e.summary_zh.clone(),
                    summary_en: e.summary_en.clone(),
                    entries: e.entries.clone(),
                    last_reviewed: e.last_reviewed.clone(),
                    quiz: quizzes.contains(e.id.as_str()),
                })
                .collect(),
            glossary: self.glossary.value.clone(),
            plan: self.plan.value.clone(),
            status: self.status.value.clone(),
            lessons: self
                .lessons_in_order()
                .into_iter()
                .map(|l| LessonSummary {
                    level: l.level.clone(),
                    title_zh: l.title_zh.clone(),
                    title_en: l.title_en.clone(),
                    audience_zh: l.audience_zh.clone(),
                    audience_en: l.audience_en.clone(),
                    duration_minutes: l.duration_minutes,
                })
                .collect(),
        }
    }
}

// --- markup ------------------------------------------------------------------------------------

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

// --- where things are in a TOML file -----------------------------------------------------------

/// The byte spans of the keys, values and tables of a TOML text, by field path such as
/// `sections[2].paragraphs_en[1]`, found by a light lexical scan (the text is assumed to be valid
/// TOML; on anything else the scan stops early and lines fall back to the nearest known parent).
#[derive(Debug, Clone, Default)]
pub struct SourceMap {
    spans: BTreeMap<String, (usize, usize)>,
    /// Byte offsets where lines start.
    line_starts: Vec<usize>,
    text: String,
}

impl SourceMap {
    /// Scans `text`.
    pub fn new(text: &str) -> Self {
        let mut sc = Scanner { b: text.as_bytes(), i: 0, spans: BTreeMap::new(), aot: HashMap::new() };
        sc.document();
        let mut line_starts = vec![0];
        line_starts.extend(text.match_indices('\n').map(|(k, _)| k + 1));
        SourceMap { spans: sc.spans, line_starts, text: text.to_owned() }
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

/// `a[1].b` → `a[1]` → `a` → none.
fn parent_path(path: &str) -> Option<&str> {
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

fn join(base: &str, key: &str) -> String {
    if base.is_empty() { key.to_owned() } else { format!("{base}.{key}") }
}

struct Scanner<'a> {
    b: &'a [u8],
    i: usize,
    spans: BTreeMap<String, (usize, usize)>,
    /// Arrays of tables seen so far: path → index of the last element.
    aot: HashMap<String, usize>,
}

impl Scanner<'_> {
    fn peek(&self) -> Option<u8> {
        self.b.get(self.i).copied()
    }

    fn starts(&self, s: &str) -> bool {
        self.b.get(self.i..).is_some_and(|r| r.starts_with(s.as_bytes()))
    }

    /// Skips spaces and tabs, and with `lines` also line breaks and comments.
    fn skip(&mut self, lines: bool) {
        while let Some(c) = self.peek() {
            match c {
                b' ' | b'\t' => self.i += 1,
                b'\r' | b'\n' if lines => self.i += 1,
                b'#' if lines => {
                    while self.peek().is_some_and(|c| c != b'\n') {
                        self.i += 1;
                    }
                }
                _ => break,
            }
        }
    }

    fn skip_comment(&mut self) {
        self.skip(false);
        if self.peek() == Some(b'#') {
            while self.peek().is_some_and(|c| c != b'\n') {
                self.i += 1;
            }
        }
    }

    fn document(&mut self) {
        let mut table = String::new();
        let mut open: Option<String> = None;
        loop {
            self.skip(true);
            let Some(c) = self.peek() else { break };
            let start = self.i;
            if c == b'[' {
                let array = self.starts("[[");
                self.i += if array { 2 } else { 1 };
                let Some(keys) = self.keys() else { break };
                self.skip(false);
                self.i += if array { 2 } else { 1 };
                // Resolve arrays of tables among the parents: tasks.x → tasks[3].x.
                let mut path = String::new();
                for (n, k) in keys.iter().enumerate() {
                    path = join(&path, k);
                    let last = n + 1 == keys.len();
                    if last && array {
                        let idx = self.aot.get(&path).map_or(0, |x| x + 1);
                        self.aot.insert(path.clone(), idx);
                        self.spans.entry(path.clone()).or_insert((start, start));
                        path = format!("{path}[{idx}]");
                    } else if let Some(idx) = self.aot.get(&path) {
                        path = format!("{path}[{idx}]");
                    }
                }
                if let Some(prev) = open.take()
                    && let Some(span) = self.spans.get_mut(&prev)
                {
                    span.1 = start;
                }
                self.spans.insert(path.clone(), (start, self.b.len()));
                open = Some(path.clone());
                table = path;
                self.skip_comment();
            } else {
                let Some(keys) = self.keys() else { break };
                self.skip(false);
                if self.peek() != Some(b'=') {
                    break;
                }
                self.i += 1;
                self.skip(false);
                let path = keys.iter().fold(table.clone(), |p, k| join(&p, k));
                if !self.value(&path) {
                    break;
                }
                if let Some(span) = self.spans.get_mut(&path) {
                    span.0 = start;
                }
                self.skip_comment();
            }
        }
    }

    /// A dotted key; `None` on anything unexpected.
    fn keys(&mut self) -> Option<Vec<String>> {
        let mut keys = Vec::new();
        loop {
            self.skip(false);
            let start = self.i;
            match self.peek()? {
                q @ (b'"' | b'\'') => {
                    self.i += 1;
                    while self.peek()? != q {
                        self.i += if q == b'"' && self.peek()? == b'\\' { 2 } else { 1 };
                    }
                    self.i += 1;
                    let raw = std::str::from_utf8(self.b.get(start + 1..self.i - 1)?).ok()?;
                    keys.push(raw.to_owned());
                }
                _ => {
                    while self.peek().is_some_and(|c| c.is_ascii_alphanumeric() || c == b'_' || c == b'-') {
                        self.i += 1;
                    }
                    if self.i == start {
                        return None;
                    }
                    keys.push(std::str::from_utf8(self.b.get(start..self.i)?).ok()?.to_owned());
                }
            }
            self.skip(false);
            if self.peek() == Some(b'.') {
                self.i += 1;
            } else {
                return Some(keys);
            }
        }
    }

    /// One value at `path`, recording its span; false on anything unexpected.
    fn value(&mut self, path: &str) -> bool {
        let start = self.i;
        let ok = match self.peek() {
            None => false,
            Some(b'"') if self.starts("\"\"\"") => self.until("\"\"\"", true),
            Some(b'\'') if self.starts("'''") => self.until("'''", false),
            Some(b'"') => {
                self.i += 1;
                self.string_end(b'"', true)
            }
            Some(b'\'') => {
                self.i += 1;
                self.string_end(b'\'', false)
            }
            Some(b'[') => {
                self.i += 1;
                let mut n = 0;
                loop {
                    self.skip(true);
                    match self.peek() {
                        None => break false,
                        Some(b']') => {
                            self.i += 1;
                            break true;
                        }
                        Some(b',') => self.i += 1,
                        Some(_) => {
                            if !self.value(&format!("{path}[{n}]")) {
                                break false;
                            }
                            n += 1;
                        }
                    }
                }
            }
            Some(b'{') => {
                self.i += 1;
                loop {
                    self.skip(false);
                    match self.peek() {
                        None => break false,
                        Some(b'}') => {
                            self.i += 1;
                            break true;
                        }
                        Some(b',') => self.i += 1,
                        Some(_) => {
                            let key_start = self.i;
                            let Some(keys) = self.keys() else { break false };
                            self.skip(false);
                            if self.peek() != Some(b'=') {
                                break false;
                            }
                            self.i += 1;
                            self.skip(false);
                            let p = keys.iter().fold(path.to_owned(), |p, k| join(&p, k));
                            if !self.value(&p) {
                                break false;
                            }
                            if let Some(span) = self.spans.get_mut(&p) {
                                span.0 = key_start;
                            }
                        }
                    }
                }
            }
            Some(_) => {
                while self.peek().is_some_and(|c| !matches!(c, b',' | b']' | b'}' | b'\n' | b'\r' | b'#')) {
                    self.i += 1;
                }
                let raw = self.b.get(start..self.i).unwrap_or_default();
                let trimmed = raw.iter().rposition(|c| !c.is_ascii_whitespace()).map_or(0, |k| k + 1);
                self.i = start + trimmed;
                trimmed > 0
            }
        };
        if ok {
            self.spans.insert(path.to_owned(), (start, self.i));
        }
        ok
    }

    /// After an opening quote: up to and past the closing one on the same line.
    fn string_end(&mut self, quote: u8, escapes: bool) -> bool {
        while let Some(c) = self.peek() {
            if c == quote {
                self.i += 1;
                return true;
            }
            if c == b'\n' {
                return false;
            }
            self.i += if escapes && c == b'\\' { 2 } else { 1 };
        }
        false
    }

    /// A multi-line string from its opening delimiter to past the closing one.
    fn until(&mut self, delim: &str, escapes: bool) -> bool {
        self.i += 3;
        while self.i < self.b.len() {
            if self.starts(delim) {
                self.i += 3;
                // Up to two more quotes may belong to the content: """a"""" ends after them.
                while self.starts(&delim[..1]) {
                    self.i += 1;
                }
                return true;
            }
            self.i += if escapes && self.peek() == Some(b'\\') { 2 } else { 1 };
        }
        false
    }
}

// --- validation --------------------------------------------------------------------------------

/// One problem in the content, located in its file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ContentError {
    /// E.g. `content/explainers/pfas.toml`.
    pub file: String,
    /// 1-based line of the offending key or text.
    pub line: usize,
    /// Field path, e.g. `sections[1].paragraphs_en[0]`, or `-` for the whole file.
    pub path: String,
    pub message: String,
}

impl fmt::Display for ContentError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}: {}: {}", self.file, self.line, self.path, self.message)
    }
}

/// The pages of the portal content may link to, besides `/substances/<entry>` and
/// `/learn/<explainer>`.
pub const STATIC_PAGES: [&str; 8] =
    ["/", "/disclosures", "/substances", "/learn", "/report", "/plan", "/about", "/glossary"];

/// What content may link to.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Targets {
    /// List entries that exist (1–14).
    pub entries: BTreeSet<u8>,
    /// Portal paths that exist.
    pub pages: BTreeSet<String>,
}

impl Targets {
    /// The portal's pages for these list entries and the content's explainers.
    pub fn portal(entries: impl IntoIterator<Item = u8>, content: &Content) -> Self {
        let entries: BTreeSet<u8> = entries.into_iter().collect();
        let mut pages: BTreeSet<String> = STATIC_PAGES.iter().map(|p| (*p).to_owned()).collect();
        pages.extend(entries.iter().map(|n| format!("/substances/{n}")));
        pages.extend(content.explainers.iter().map(|e| format!("/learn/{}", e.value.id)));
        Targets { entries, pages }
    }

    /// Whether a link to `path` (query and fragment ignored) goes to a page that exists.
    pub fn has_page(&self, path: &str) -> bool {
        let end = path.find(['?', '#']).unwrap_or(path.len());
        self.pages.contains(&path[..end])
    }
}

/// Checks all content against itself and `targets`, returning every problem found.
pub fn validate_content(content: &Content, targets: &Targets) -> Vec<ContentError> {
    let mut errors = Vec::new();
    let terms: BTreeSet<&str> = content.glossary.value.terms.iter().map(|t| t.id.as_str()).collect();
    let explainer_ids: BTreeSet<&str> = content.explainers.iter().map(|e| e.value.id.as_str()).collect();
    let cx = Cx { terms: &terms, targets };

    check_glossary(&mut cx.file(&content.glossary, &mut errors), &content.glossary.value);

    let mut seen_ids: HashMap<&str, &str> = HashMap::new();
    let mut seen_orders: HashMap<u32, &str> = HashMap::new();
    for f in &content.explainers {
        let mut c = cx.file(f, &mut errors);
        let e = &f.value;
        if let Some(other) = seen_ids.insert(e.id.as_str(), f.file.as_str()) {
            c.error("id", None, format!("duplicate explainer id `{}` (also in {other})", e.id));
        }
        if let Some(other) = seen_orders.insert(e.order, f.file.as_str()) {
            c.error("order", None, format!("duplicate order {} (also in {other})", e.order));
        }
        check_explainer(&mut c, e);
    }

    let mut quiz_for: HashMap<&str, &str> = HashMap::new();
    let mut question_ids: HashMap<&str, &str> = HashMap::new();
    for f in &content.quizzes {
        let mut c = cx.file(f, &mut errors);
        let q = &f.value;
        if !explainer_ids.contains(q.explainer.as_str()) {
            c.error("explainer", None, format!("no explainer `{}` for this quiz", q.explainer));
        } else if let Some(other) = quiz_for.insert(q.explainer.as_str(), f.file.as_str()) {
            c.error("explainer", None, format!("a second quiz for `{}` (also {other})", q.explainer));
        }
        c.file_name("explainer", &q.explainer);
        if q.questions.is_empty() {
            c.error("explainer", None, "a quiz needs at least one [[questions]]");
        }
        for (i, question) in q.questions.iter().enumerate() {
            let p = format!("questions[{i}]");
            if let Some(other) = question_ids.insert(question.id.as_str(), f.file.as_str()) {
                c.error(&format!("{p}.id"), None, format!("duplicate question id `{}` (also in {other})", question.id));
            }
            check_question(&mut c, &p, question);
        }
    }

    let mut levels: HashMap<&str, &str> = HashMap::new();
    for f in &content.lessons {
        let mut c = cx.file(f, &mut errors);
        if let Some(other) = levels.insert(f.value.level.as_str(), f.file.as_str()) {
            c.error("level", None, format!("duplicate lesson level `{}` (also in {other})", f.value.level));
        }
        check_lesson(&mut c, &f.value, &explainer_ids);
    }

    check_plan(&mut cx.file(&content.plan, &mut errors), &content.plan.value);
    check_status(&mut cx.file(&content.status, &mut errors), &content.status.value, &content.plan.value);
    errors
}

/// What every file's checks share.
struct Cx<'a> {
    terms: &'a BTreeSet<&'a str>,
    targets: &'a Targets,
}

impl<'a> Cx<'a> {
    fn file<'e, T>(&'e self, f: &'e ContentFile<T>, errors: &'e mut Vec<ContentError>) -> Check<'e> {
        Check { cx: self, file: &f.file, map: SourceMap::new(&f.text), errors }
    }
}

/// Checks one file, collecting errors with their lines.
struct Check<'e> {
    cx: &'e Cx<'e>,
    file: &'e str,
    map: SourceMap,
    errors: &'e mut Vec<ContentError>,
}

impl Check<'_> {
    fn error(&mut self, path: &str, needle: Option<&str>, message: impl Into<String>) {
        self.errors.push(ContentError {
            file: self.file.to_owned(),
            line: self.map.line(path, needle),
            path: if path.is_empty() { "-".to_owned() } else { path.to_owned() },
            message: message.into(),
        });
    }

    /// An error about the first of `paths` (which may be missing from the file), on the line of the
    /// first of them the file has, else of the nearest parent of the first.
    fn error_at(&mut self, paths: &[&str], message: impl Into<String>) {
        let path = paths.first().copied().unwrap_or("");
        let at = paths.iter().find(|p| self.map.has(p)).copied().unwrap_or(path);
        self.errors.push(ContentError {
            file: self.file.to_owned(),
            line: self.map.line(at, None),
            path: if path.is_empty() { "-".to_owned() } else { path.to_owned() },
            message: message.into(),
        });
    }

    /// The file must be named `<id>.toml`.
    fn file_name(&mut self, key: &str, id: &str) {
        if !valid_slug(id) {
            self.error(key, None, format!("`{id}` is not a plain slug (lowercase letters, digits, hyphens)"));
        }
        let name = self.file.rsplit('/').next().unwrap_or(self.file);
        if let Some(stem) = name.strip_suffix(".toml")
            && stem != id
        {
            self.error(key, None, format!("{key} `{id}` must match the file name ({stem}.toml)"));
        }
    }

    /// Checks the markup of one text and what its links point to.
    fn markup(&mut self, path: &str, text: &str) {
        match check_inline(text) {
            Ok(inlines) => self.links(path, &inlines),
            Err(errors) => {
                for e in errors {
                    self.error(path, Some(&e.snippet), format!("malformed markup: {}", e.message));
                }
            }
        }
    }

    fn links(&mut self, path: &str, inlines: &[Inline]) {
        for inline in inlines {
            match inline {
                Inline::Text(_) => {}
                Inline::Bold(inner) => self.links(path, inner),
                Inline::Term { id, .. } => {
                    if !self.cx.terms.contains(id.as_str()) {
                        self.error(path, Some(&format!("[[{id}")), format!("unknown glossary term `{id}` in [[{id}]]"));
                    }
                }
                Inline::Entry { n, .. } => {
                    if !self.cx.targets.entries.contains(n) {
                        self.error(
                            path,
                            Some(&format!("{{{{entry:{n}")),
                            format!("unknown list entry {n} in {{{{entry:{n}}}}}; the list has entries 1–14"),
                        );
                    }
                }
                Inline::Page { path: page, .. } => {
                    if !self.cx.targets.has_page(page) {
                        self.error(
                            path,
                            Some(&format!("{{{{page:{page}")),
                            format!("broken link: no portal page {page}"),
                        );
                    }
                }
            }
        }
    }

    /// A zh/en pair of texts at `{base}_zh` / `{base}_en`: both present (unless `optional`, when
    /// both may be empty), and well-formed.
    fn pair(&mut self, base: &str, zh: &str, en: &str, optional: bool) {
        let (pz, pe) = (format!("{base}_zh"), format!("{base}_en"));
        let (kz, ke) = (leaf(&pz), leaf(&pe));
        match (zh.trim().is_empty(), en.trim().is_empty()) {
            (true, true) if !optional => self.error_at(
                &[pz.as_str(), pe.as_str(), parent_path(&pz).unwrap_or("")],
                format!("missing text: {kz} and {ke} are both missing or empty"),
            ),
            (false, true) => self.error_at(
                &[pe.as_str(), pz.as_str()],
                format!("missing translation: {kz} has no English ({ke} is missing or empty)"),
            ),
            (true, false) => self.error_at(
                &[pz.as_str(), pe.as_str()],
                format!("missing translation: {ke} has no Chinese ({kz} is missing or empty)"),
            ),
            _ => {}
        }
        self.markup(&pz, zh);
        self.markup(&pe, en);
    }

    /// A zh/en pair of lists: the same number of items, none empty, each well-formed. With
    /// `at_least`, the lists must have that many items.
    fn list_pair(&mut self, base: &str, zh: &[String], en: &[String], at_least: usize) {
        let (pz, pe) = (format!("{base}_zh"), format!("{base}_en"));
        let (kz, ke) = (leaf(&pz), leaf(&pe));
        if zh.len() != en.len() {
            self.error_at(
                &[pe.as_str(), pz.as_str()],
                format!(
                    "missing translation: {kz} has {} item(s) but {ke} has {}; each needs its translation",
                    zh.len(),
                    en.len()
                ),
            );
        } else if zh.len() < at_least {
            self.error_at(
                &[pz.as_str(), pe.as_str(), parent_path(&pz).unwrap_or("")],
                format!("{kz} and {ke} need at least {at_least} item(s)"),
            );
        }
        for (lang, list) in [(&pz, zh), (&pe, en)] {
            for (i, item) in list.iter().enumerate() {
                let p = format!("{lang}[{i}]");
                if item.trim().is_empty() {
                    self.error(&p, None, format!("{}[{i}] is empty", leaf(lang)));
                }
                self.markup(&p, item);
            }
        }
    }

    fn date(&mut self, path: &str, value: &str, what: DateForm) {
        let ok = match what {
            DateForm::Day => valid_date(value),
            DateForm::Deadline => value.is_empty() || valid_partial_date(value),
            DateForm::DayOrEmpty => value.is_empty() || valid_date(value),
            DateForm::Source => value == "undated" || valid_partial_date(value),
        };
        if !ok {
            let expected = match what {
                DateForm::Day => "YYYY-MM-DD",
                DateForm::Deadline => "YYYY, YYYY-MM or YYYY-MM-DD, or empty",
                DateForm::DayOrEmpty => "YYYY-MM-DD or empty",
                DateForm::Source => "YYYY, YYYY-MM, YYYY-MM-DD or \"undated\"",
            };
            self.error(path, None, format!("not a date: {value:?} (expected {expected})"));
        }
    }

    fn url(&mut self, path: &str, value: &str) {
        if !(value.is_empty() || value.starts_with("https://") || value.starts_with("http://")) {
            self.error(path, None, format!("not a web address: {value:?} (expected http:// or https://, or empty)"));
        }
    }

    fn pages(&mut self, path: &str, links: &[String]) {
        for (i, link) in links.iter().enumerate() {
            if !is_portal_path(link) || !self.cx.targets.has_page(link) {
                self.error(&format!("{path}[{i}]"), None, format!("broken link: no portal page {link}"));
            }
        }
    }
}

/// The last key of a path: `sections[0].heading_zh` → `heading_zh`.
fn leaf(path: &str) -> &str {
    path.rsplit('.').next().unwrap_or(path)
}

#[derive(Clone, Copy)]
enum DateForm {
    Day,
    DayOrEmpty,
    Deadline,
    Source,
}

/// `YYYY`, `YYYY-MM` or `YYYY-MM-DD`.
fn valid_partial_date(s: &str) -> bool {
    let year = |y: &str| y.len() == 4 && y.bytes().all(|b| b.is_ascii_digit());
    match s.len() {
        4 => year(s),
        7 => valid_date(&format!("{s}-01")),
        _ => valid_date(s),
    }
}

fn check_glossary(c: &mut Check<'_>, g: &Glossary) {
    c.date("last_reviewed", &g.last_reviewed, DateForm::Day);
    let mut seen = BTreeSet::new();
    for (i, t) in g.terms.iter().enumerate() {
        let p = format!("terms[{i}]");
        if !valid_slug(&t.id) {
            c.error(&format!("{p}.id"), None, format!("`{}` is not a plain slug", t.id));
        }
        if !seen.insert(t.id.as_str()) {
            c.error(&format!("{p}.id"), None, format!("duplicate term id `{}`", t.id));
        }
        c.pair(&format!("{p}.term"), &t.term_zh, &t.term_en, false);
        c.pair(&format!("{p}.definition"), &t.definition_zh, &t.definition_en, false);
        for (j, s) in t.see_also.iter().enumerate() {
            if !c.cx.terms.contains(s.as_str()) {
                c.error(&format!("{p}.see_also[{j}]"), None, format!("unknown glossary term `{s}`"));
            } else if *s == t.id {
                c.error(&format!("{p}.see_also[{j}]"), None, "a term cannot refer to itself");
            }
        }
        c.url(&format!("{p}.source"), &t.source);
    }
}

fn check_explainer(c: &mut Check<'_>, e: &Explainer) {
    c.file_name("id", &e.id);
    c.pair("title", &e.title_zh, &e.title_en, false);
    c.pair("summary", &e.summary_zh, &e.summary_en, false);
    c.date("last_reviewed", &e.last_reviewed, DateForm::Day);
    let mut seen = BTreeSet::new();
    for (i, n) in e.entries.iter().enumerate() {
        if !c.cx.targets.entries.contains(n) {
            c.error(&format!("entries[{i}]"), None, format!("unknown list entry {n}; the list has entries 1–14"));
        } else if !seen.insert(n) {
            c.error(&format!("entries[{i}]"), None, format!("entry {n} is listed twice"));
        }
    }
    let mut kinds = BTreeSet::new();
    for (i, s) in e.sections.iter().enumerate() {
        let p = format!("sections[{i}]");
        if let SectionKind::Other(k) = &s.kind {
            c.error(
                &format!("{p}.kind"),
                None,
                format!(
                    "unknown section kind `{k}`; expected intro, what_we_know, what_we_dont_know, what_you_can_do or in_lianyungang"
                ),
            );
        } else if !kinds.insert(&s.kind) {
            c.error(&format!("{p}.kind"), None, format!("a second `{}` section", s.kind.as_str()));
        }
        c.pair(&format!("{p}.heading"), &s.heading_zh, &s.heading_en, false);
        c.list_pair(&format!("{p}.paragraphs"), &s.paragraphs_zh, &s.paragraphs_en, 1);
    }
    for kind in REQUIRED_SECTIONS.iter().filter(|k| !kinds.contains(k)) {
        c.error_at(&["sections", "id"], format!("missing the required section `{}`", kind.as_str()));
    }
    if e.sources.is_empty() {
        c.error_at(&["sources", "id"], "an explainer needs at least one [[sources]] entry");
    }
    for (i, s) in e.sources.iter().enumerate() {
        let p = format!("sources[{i}]");
        if s.title.trim().is_empty() {
            c.error_at(&[format!("{p}.title").as_str(), p.as_str()], "a source needs a title");
        }
        if s.publisher.trim().is_empty() {
            c.error_at(&[format!("{p}.publisher").as_str(), p.as_str()], "a source needs a publisher");
        }
        c.date(&format!("{p}.date"), &s.date, DateForm::Source);
        if s.url.trim().is_empty() {
            if s.note.as_deref().is_none_or(|n| n.trim().is_empty()) {
                c.error_at(
                    &[format!("{p}.url").as_str(), p.as_str()],
                    "a source without a url needs a note that says why",
                );
            }
        } else {
            c.url(&format!("{p}.url"), &s.url);
        }
    }
}

fn check_question(c: &mut Check<'_>, p: &str, q: &Question) {
    if !valid_slug(&q.id) {
        c.error(&format!("{p}.id"), None, format!("`{}` is not a plain slug", q.id));
    }
    c.pair(&format!("{p}.prompt"), &q.prompt_zh, &q.prompt_en, false);
    c.list_pair(&format!("{p}.choices"), &q.choices_zh, &q.choices_en, 2);
    let n = q.choices_zh.len().min(q.choices_en.len());
    if q.answer as usize >= n {
        c.error(
            &format!("{p}.answer"),
            None,
            format!("answer {} is out of range: the question has {n} choice(s), counted from 0", q.answer),
        );
    }
    c.pair(&format!("{p}.explanation"), &q.explanation_zh, &q.explanation_en, false);
}

fn check_lesson(c: &mut Check<'_>, l: &Lesson, explainers: &BTreeSet<&str>) {
    c.file_name("level", &l.level);
    c.pair("title", &l.title_zh, &l.title_en, false);
    c.pair("audience", &l.audience_zh, &l.audience_en, false);
    c.list_pair("objectives", &l.objectives_zh, &l.objectives_en, 1);
    c.list_pair("materials", &l.materials_zh, &l.materials_en, 1);
    c.list_pair("data_activity", &l.data_activity_zh, &l.data_activity_en, 1);
    c.pair("print_notes", &l.print_notes_zh, &l.print_notes_en, false);
    for (i, id) in l.explainers.iter().enumerate() {
        if !explainers.contains(id.as_str()) {
            c.error(&format!("explainers[{i}]"), None, format!("no explainer `{id}`"));
        }
    }
    if l.steps.is_empty() {
        c.error_at(&["steps", "level"], "a lesson needs at least one [[steps]] entry");
    }
    for (i, s) in l.steps.iter().enumerate() {
        let p = format!("steps[{i}]");
        if s.minutes == 0 {
            c.error(&format!("{p}.minutes"), None, "a step needs its minutes");
        }
        c.pair(&format!("{p}.text"), &s.text_zh, &s.text_en, false);
    }
    let total: u32 = l.steps.iter().map(|s| s.minutes).sum();
    if !l.steps.is_empty() && total != l.duration_minutes {
        c.error(
            "duration_minutes",
            None,
            format!("duration_minutes is {} but the steps add up to {total} minutes", l.duration_minutes),
        );
    }
}

fn check_plan(c: &mut Check<'_>, p: &Plan) {
    c.pair("title", &p.title_zh, &p.title_en, false);
    c.pair("notice_title", &p.notice_title_zh, &p.notice_title_en, false);
    c.pair("issuer", &p.issuer_zh, &p.issuer_en, false);
    c.pair("adopted_at", &p.adopted_at_zh, &p.adopted_at_en, true);
    c.date("adopted", &p.adopted, DateForm::DayOrEmpty);
    c.date("issued", &p.issued, DateForm::Day);
    c.date("printed", &p.printed, DateForm::DayOrEmpty);
    c.pair("publication", &p.publication_zh, &p.publication_en, true);
    c.url("official_url", &p.official_url);
    c.pair("source_note", &p.source_note_zh, &p.source_note_en, false);
    c.pair("basis", &p.basis_zh, &p.basis_en, false);
    c.list_pair("approach", &p.approach_zh, &p.approach_en, 1);
    c.list_pair("goals", &p.goals_zh, &p.goals_en, 1);
    c.pair("local_responsibility", &p.local_responsibility_zh, &p.local_responsibility_en, true);
    c.pair("lead_note", &p.lead_note_zh, &p.lead_note_en, true);
    if p.tasks.is_empty() {
        c.error_at(&["tasks", "title_zh"], "the plan needs its [[tasks]]");
    }
    let mut seen = BTreeSet::new();
    for (i, t) in p.tasks.iter().enumerate() {
        let b = format!("tasks[{i}]");
        if !seen.insert(t.number) {
            c.error(&format!("{b}.number"), None, format!("duplicate task number {}", t.number));
        }
        c.pair(&format!("{b}.group"), &t.group_zh, &t.group_en, false);
        c.pair(&format!("{b}.title"), &t.title_zh, &t.title_en, false);
        c.pair(&format!("{b}.summary"), &t.summary_zh, &t.summary_en, false);
        c.pair(&format!("{b}.lead"), &t.lead_zh, &t.lead_en, false);
        c.list_pair(&format!("{b}.partners"), &t.partners_zh, &t.partners_en, 0);
        c.pair(&format!("{b}.responsibility"), &t.responsibility_zh, &t.responsibility_en, false);
        c.list_pair(&format!("{b}.targets"), &t.targets_zh, &t.targets_en, 0);
        c.date(&format!("{b}.deadline"), &t.deadline, DateForm::Deadline);
        c.pages(&format!("{b}.portal_links"), &t.portal_links);
    }
    let mut seen = BTreeSet::new();
    for (i, s) in p.safeguards.iter().enumerate() {
        let b = format!("safeguards[{i}]");
        if !seen.insert(s.number) {
            c.error(&format!("{b}.number"), None, format!("duplicate safeguard number {}", s.number));
        }
        c.pair(&format!("{b}.title"), &s.title_zh, &s.title_en, false);
        c.pair(&format!("{b}.text"), &s.text_zh, &s.text_en, false);
        c.pair(&format!("{b}.lead"), &s.lead_zh, &s.lead_en, false);
        c.list_pair(&format!("{b}.partners"), &s.partners_zh, &s.partners_en, 0);
        c.pair(&format!("{b}.responsibility"), &s.responsibility_zh, &s.responsibility_en, false);
        c.list_pair(&format!("{b}.targets"), &s.targets_zh, &s.targets_en, 0);
        c.date(&format!("{b}.deadline"), &s.deadline, DateForm::Deadline);
        c.pages(&format!("{b}.portal_links"), &s.portal_links);
    }
}

fn check_status(c: &mut Check<'_>, s: &PlanStatus, plan: &Plan) {
    c.date("updated", &s.updated, DateForm::Day);
    c.pair("note", &s.note_zh, &s.note_en, false);
    let tasks: BTreeSet<u32> = plan.tasks.iter().map(|t| t.number).collect();
    let mut seen = BTreeSet::new();
    for (i, t) in s.tasks.iter().enumerate() {
        let p = format!("tasks[{i}]");
        if !tasks.contains(&t.number) {
            c.error(&format!("{p}.number"), None, format!("the plan has no task {}", t.number));
        } else if !seen.insert(t.number) {
            c.error(&format!("{p}.number"), None, format!("a second status for task {}", t.number));
        }
        c.pair(&format!("{p}.note"), &t.note_zh, &t.note_en, true);
    }
    for n in tasks.difference(&seen) {
        c.error_at(&["tasks", "updated"], format!("no status for task {n}"));
    }
}
