//! Education content: explainers, the glossary, quizzes, lesson plans, and the city's work plan
//! with the status of its tasks. Editors write them as TOML under `content/`, Chinese and English
//! side by side; the feed compiler (crates/feed) parses them into these types, checks them and
//! ships them in the feed; the app reads the same types back from JSON.
//!
//! ```text
//! content/explainers/<id>.toml   → Explainer      content/glossary.toml     → Glossary
//! content/quizzes/<id>.toml      → Quiz           content/plan/plan.toml    → Plan
//! content/lessons/<level>.toml   → Lesson         content/plan/status.toml  → PlanStatus
//! content/synonyms.toml          → Synonyms (the words residents search with, see crate::search)
//! ```
//!
//! # Markup
//!
//! Every `*_zh` / `*_en` text (and every item of a `*_zh` / `*_en` list) may carry a small inline
//! markup. [`parse_inline`] (in `markup.rs`) turns it into [`Inline`] pieces, which the app renders
//! as escaped text and links: no HTML from content ever reaches a page (`<script>` in content is
//! just text).
//!
//! | markup | meaning |
//! |---|---|
//! | `[[term-id]]`, `[[term-id\|text]]` | a link to a glossary term (bare: the id is the text) |
//! | `{{entry:N}}`, `{{entry:N\|text}}` | a link to entry N of the national list (`/substances/N`) |
//! | `{{page:/path}}`, `{{page:/path\|text}}` | a link to a page of the portal |
//! | `**text**` | strong emphasis (may hold links) |
//!
//! Other fields (source titles, publishers and notes, dates, URLs) are plain text. A source's
//! `research_note` is for editors only and is never shipped.

mod markup;
pub mod quiz;
mod titles;

pub use markup::{Inline, MarkupError, check_inline, is_portal_path, parse_inline};

use crate::feed::reference::Verification;
use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;

// --- the files ---------------------------------------------------------------------------------

/// `content/explainers/<id>.toml`: one science page.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
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
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
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
    /// Any other name; always rejected by the feed compiler's content check, kept so the error can
    /// name it.
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
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
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
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
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
    /// A note for readers in Chinese (for example why there is no link), shown on the Chinese page.
    /// Required, with `note_en`, when `url` is empty.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub note_zh: String,
    /// The same note for readers in English, shown on the English page.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub note_en: String,
    /// The editors' research note (what the source supports, what was not checked). It stays in
    /// the content files: it is never serialised, so it never reaches the feed or a page.
    #[serde(default, skip_serializing)]
    pub research_note: Option<String>,
}

/// `content/glossary.toml`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
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
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
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
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Quiz {
    /// The explainer's id, equal to the file name.
    pub explainer: String,
    #[serde(default)]
    pub questions: Vec<Question>,
}

/// One multiple-choice question.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
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
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
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
    /// The school stage the lesson is for, one of [`GRADES`]'s keys.
    #[serde(default)]
    pub grade: String,
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
    /// The handouts the lesson asks teachers to print, each a printable page
    /// `/learn/lessons/<level>/<id>`.
    #[serde(default)]
    pub handouts: Vec<Handout>,
}

/// A printable handout of a lesson: a title, a line of instructions, numbered items (facts,
/// problems or steps, each with a line to write on when `write_in`), and a table to fill in.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Handout {
    /// A slug, unique in the lesson.
    pub id: String,
    #[serde(default)]
    pub title_zh: String,
    #[serde(default)]
    pub title_en: String,
    #[serde(default)]
    pub intro_zh: String,
    #[serde(default)]
    pub intro_en: String,
    #[serde(default)]
    pub items_zh: Vec<String>,
    #[serde(default)]
    pub items_en: Vec<String>,
    /// Whether each item gets a blank line to write the answer on.
    #[serde(default)]
    pub write_in: bool,
    /// The columns of a table to fill in (none: no table).
    #[serde(default)]
    pub columns_zh: Vec<String>,
    #[serde(default)]
    pub columns_en: Vec<String>,
    /// How many empty rows the table has.
    #[serde(default)]
    pub rows: u32,
    /// Glossary terms (ids) printed as cut-out cards, each with its definition from the glossary.
    #[serde(default)]
    pub terms: Vec<String>,
}

/// One timed step of a lesson.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct LessonStep {
    pub minutes: u32,
    #[serde(default)]
    pub text_zh: String,
    #[serde(default)]
    pub text_en: String,
}

/// The order lesson levels are listed in; other levels follow by name.
pub const LESSON_LEVELS: [&str; 5] = ["upper-primary", "middle-school", "pfas", "high-school", "community"];

/// The school stages a lesson can be for, youngest first: (key, Chinese name, English name).
pub const GRADES: [(&str, &str, &str); 4] = [
    ("primary", "小学高年级（四至六年级）", "Upper primary (grades 4–6)"),
    ("middle", "初中（七至九年级）", "Lower secondary (grades 7–9)"),
    ("high", "高中（十至十二年级）", "Upper secondary (grades 10–12)"),
    ("community", "社区与家长", "Community and parents"),
];

/// The name of a grade key in `lang` (the key itself when unknown).
pub fn grade_name(key: &str, lang: crate::i18n::Lang) -> &str {
    GRADES.iter().find(|g| g.0 == key).map_or(key, |g| lang.pick(g.1, g.2))
}

/// `content/synonyms.toml`: the words residents search with (everyday words, abbreviations,
/// English, short names of places), each leading to what it means on the portal. The feed
/// compiler checks that every target exists.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Synonyms {
    #[serde(default, rename = "synonym")]
    pub synonyms: Vec<Synonym>,
}

/// One row of the synonym table: words, and where they lead. Every target list may be empty, but
/// not all of them.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Synonym {
    /// The words (Chinese or English, any case); a query holding one of them means the targets.
    pub words: Vec<String>,
    /// Districts and counties, by their id in areas.json.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub districts: Vec<String>,
    /// Parks and zones, by their id in areas.json.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub zones: Vec<String>,
    /// Industries, by their id in industries.json.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub industries: Vec<String>,
    /// Findings of the enterprise list, by key (`exceeded`, `banned`, `missing`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub flags: Vec<String>,
    /// Report categories, by key (e.g. `odour_or_discoloured_water`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub categories: Vec<String>,
    /// Explainer ids.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub explainers: Vec<String>,
    /// Lesson levels.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub lessons: Vec<String>,
    /// List entries (1–14).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub entries: Vec<u8>,
    /// Glossary term ids.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub terms: Vec<String>,
}

/// `content/plan/plan.toml`: the city's work plan, readable.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
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

/// Declares one of the plan's numbered items: `number`, the item's own texts, then the assignment
/// every item carries (lead, partners, responsibility, targets, deadline, portal links), in the
/// order the TOML and the shipped JSON have them. Every field but `number` may be left out.
macro_rules! plan_item {
    ($(#[$meta:meta])* $name:ident { $($(#[$own_meta:meta])* $own:ident,)* }) => {
        plan_item!(@fields $(#[$meta])* $name {
            $($(#[$own_meta])* $own: String,)*
            lead_zh: String,
            lead_en: String,
            partners_zh: Vec<String>,
            partners_en: Vec<String>,
            /// The responsibility clause as the plan words it.
            responsibility_zh: String,
            responsibility_en: String,
            targets_zh: Vec<String>,
            targets_en: Vec<String>,
            /// `YYYY`, `YYYY-MM-DD`, or empty when the plan sets none.
            deadline: String,
            /// Portal pages that serve the item.
            portal_links: Vec<String>,
        });
    };
    (@fields $(#[$meta:meta])* $name:ident { $($(#[$field_meta:meta])* $field:ident: $ty:ty,)* }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
        #[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
        #[serde(deny_unknown_fields)]
        pub struct $name {
            pub number: u32,
            $($(#[$field_meta])* #[serde(default)] pub $field: $ty,)*
        }
    };
}

plan_item! {
    /// One of the plan's tasks.
    PlanTask {
        /// The heading the task is listed under.
        group_zh,
        group_en,
        title_zh,
        title_en,
        summary_zh,
        summary_en,
    }
}

plan_item! {
    /// One of the plan's safeguards (保障措施).
    Safeguard {
        title_zh,
        title_en,
        text_zh,
        text_en,
    }
}

/// `content/plan/status.toml`: the status of each task, which the bureau updates.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
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
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
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
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
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
    pub synonyms: ContentFile<Synonyms>,
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
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
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
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct LessonSummary {
    pub level: String,
    pub title_zh: String,
    pub title_en: String,
    pub audience_zh: String,
    pub audience_en: String,
    /// One of [`GRADES`]'s keys.
    #[serde(default)]
    pub grade: String,
    /// The explainers the lesson uses (its topics).
    #[serde(default)]
    pub explainers: Vec<String>,
    /// The ids of its handouts (`/learn/lessons/<level>/<id>`).
    #[serde(default)]
    pub handouts: Vec<String>,
    pub duration_minutes: u32,
}

/// `feed/<version>/content/index.json`: everything the Learn, glossary and plan pages list.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct ContentIndex {
    /// In display order.
    pub explainers: Vec<ExplainerSummary>,
    pub glossary: Glossary,
    pub plan: Plan,
    pub status: PlanStatus,
    /// In [`LESSON_LEVELS`] order.
    pub lessons: Vec<LessonSummary>,
    /// The search synonyms (content/synonyms.toml).
    #[serde(default)]
    pub synonyms: Vec<Synonym>,
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
                    grade: l.grade.clone(),
                    explainers: l.explainers.clone(),
                    handouts: l.handouts.iter().map(|h| h.id.clone()).collect(),
                    duration_minutes: l.duration_minutes,
                })
                .collect(),
            synonyms: self.synonyms.value.synonyms.clone(),
        }
    }
}
