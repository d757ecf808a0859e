//! Content validation: checks every content file against itself, the glossary and the portal's
//! pages, naming the file, line and field path of each problem.

use super::source_map::{SourceMap, parent_path};
use portal_core::content::{
    Content, ContentFile, Explainer, GRADES, Glossary, Inline, Lesson, Plan, PlanStatus, Question, REQUIRED_SECTIONS,
    SectionKind, check_inline, is_portal_path,
};
use portal_core::feed::validate::{valid_date, valid_slug};
use std::collections::{BTreeSet, HashMap};
use std::fmt;

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
        let (zh, en) = (s.note_zh.trim(), s.note_en.trim());
        if s.url.trim().is_empty() {
            if zh.is_empty() && en.is_empty() {
                c.error_at(
                    &[format!("{p}.url").as_str(), p.as_str()],
                    "a source without a url needs a note that says why (note_zh and note_en)",
                );
            }
        } else {
            c.url(&format!("{p}.url"), &s.url);
        }
        source_notes(c, &p, zh, en);
    }
}

/// A source's reader-facing notes: both or neither, each in the language of its page. Research
/// notes belong in `research_note`, which no page shows.
fn source_notes(c: &mut Check<'_>, p: &str, zh: &str, en: &str) {
    let (pz, pe) = (format!("{p}.note_zh"), format!("{p}.note_en"));
    match (zh.is_empty(), en.is_empty()) {
        (false, true) => c.error_at(
            &[pe.as_str(), pz.as_str()],
            "missing translation: note_zh has no English (note_en is missing or empty)",
        ),
        (true, false) => c.error_at(
            &[pz.as_str(), pe.as_str()],
            "missing translation: note_en has no Chinese (note_zh is missing or empty)",
        ),
        _ => {}
    }
    let han = |t: &str| t.chars().filter(|ch| is_han(*ch)).count();
    let latin = |t: &str| t.chars().filter(char::is_ascii_alphabetic).count();
    if !zh.is_empty() && han(zh) == 0 {
        c.error(
            &pz,
            None,
            "note_zh is not in Chinese: the Chinese page shows it to readers (keep research notes in research_note)",
        );
    }
    if !en.is_empty() && (latin(en) == 0 || han(en) > latin(en)) {
        c.error(
            &pe,
            None,
            "note_en is not in English: the English page shows it to readers (keep research notes in research_note)",
        );
    }
}

/// A CJK ideograph (the unified blocks and extension A).
fn is_han(ch: char) -> bool {
    matches!(ch, '\u{4E00}'..='\u{9FFF}' | '\u{3400}'..='\u{4DBF}' | '\u{F900}'..='\u{FAFF}')
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
    if !GRADES.iter().any(|g| g.0 == l.grade) {
        let keys: Vec<&str> = GRADES.iter().map(|g| g.0).collect();
        c.error_at(&["grade", "level"], format!("grade `{}` is not one of {}", l.grade, keys.join(", ")));
    }
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
    let mut handout_ids = BTreeSet::new();
    for (i, h) in l.handouts.iter().enumerate() {
        let p = format!("handouts[{i}]");
        if !valid_slug(&h.id) {
            c.error(
                &format!("{p}.id"),
                None,
                format!("`{}` is not a plain slug (lowercase letters, digits, hyphens)", h.id),
            );
        }
        if !handout_ids.insert(h.id.as_str()) {
            c.error(&format!("{p}.id"), None, format!("duplicate handout id `{}`", h.id));
        }
        c.pair(&format!("{p}.title"), &h.title_zh, &h.title_en, false);
        c.pair(&format!("{p}.intro"), &h.intro_zh, &h.intro_en, true);
        c.list_pair(&format!("{p}.items"), &h.items_zh, &h.items_en, 0);
        c.list_pair(&format!("{p}.columns"), &h.columns_zh, &h.columns_en, 0);
        if h.items_zh.is_empty() && h.columns_zh.is_empty() && h.terms.is_empty() {
            c.error(&format!("{p}.id"), None, "a handout needs items, a table (columns) or term cards (terms)");
        }
        for (j, id) in h.terms.iter().enumerate() {
            if !c.cx.terms.contains(id.as_str()) {
                c.error(&format!("{p}.terms[{j}]"), None, format!("unknown glossary term `{id}`"));
            }
        }
        if !h.columns_zh.is_empty() && h.rows == 0 {
            c.error(&format!("{p}.id"), None, "a handout's table needs rows");
        }
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

/// Checks a list of plan items (tasks or safeguards, which share their fields after their own
/// texts): numbers are unique, then `own` checks the item's texts, then the shared assignment.
macro_rules! check_plan_items {
    ($c:ident, $items:expr, $list:literal, $what:literal, |$b:ident, $t:ident| $own:block) => {
        let mut seen = BTreeSet::new();
        for (i, $t) in $items.iter().enumerate() {
            let $b = format!("{}[{i}]", $list);
            if !seen.insert($t.number) {
                $c.error(&format!("{}.number", $b), None, format!("duplicate {} number {}", $what, $t.number));
            }
            $own
            $c.pair(&format!("{}.lead", $b), &$t.lead_zh, &$t.lead_en, false);
            $c.list_pair(&format!("{}.partners", $b), &$t.partners_zh, &$t.partners_en, 0);
            $c.pair(&format!("{}.responsibility", $b), &$t.responsibility_zh, &$t.responsibility_en, false);
            $c.list_pair(&format!("{}.targets", $b), &$t.targets_zh, &$t.targets_en, 0);
            $c.date(&format!("{}.deadline", $b), &$t.deadline, DateForm::Deadline);
            $c.pages(&format!("{}.portal_links", $b), &$t.portal_links);
        }
    };
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
    check_plan_items!(c, p.tasks, "tasks", "task", |b, t| {
        c.pair(&format!("{b}.group"), &t.group_zh, &t.group_en, false);
        c.pair(&format!("{b}.title"), &t.title_zh, &t.title_en, false);
        c.pair(&format!("{b}.summary"), &t.summary_zh, &t.summary_en, false);
    });
    check_plan_items!(c, p.safeguards, "safeguards", "safeguard", |b, s| {
        c.pair(&format!("{b}.title"), &s.title_zh, &s.title_en, false);
        c.pair(&format!("{b}.text"), &s.text_zh, &s.text_en, false);
    });
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
