//! What a link to content reads: the title of what it points to, never its id. Content links
//! (`[[term]]`, `{{page:/path}}`), a lesson's explainers, a glossary term's "see also" and the
//! plan's portal links all name their target by id or path; these resolve it to the title.

use super::{ContentIndex, Inline};
use crate::i18n::{Lang, Msg, entry_label};

impl ContentIndex {
    /// A glossary term's name.
    pub fn term_title(&self, id: &str, lang: Lang) -> Option<&str> {
        self.glossary.terms.iter().find(|t| t.id == id).map(|t| lang.pick(&t.term_zh, &t.term_en))
    }

    /// An explainer's title.
    pub fn explainer_title(&self, id: &str, lang: Lang) -> Option<&str> {
        self.explainers.iter().find(|e| e.id == id).map(|e| lang.pick(&e.title_zh, &e.title_en))
    }

    /// A lesson's title.
    pub fn lesson_title(&self, level: &str, lang: Lang) -> Option<&str> {
        self.lessons.iter().find(|l| l.level == level).map(|l| lang.pick(&l.title_zh, &l.title_en))
    }

    /// The title of a portal page (query ignored): the site's sections, explainers, lessons and
    /// glossary terms (`/glossary#term-<id>`).
    pub fn page_title(&self, path: &str, lang: Lang) -> Option<String> {
        if let Some(id) = path.strip_prefix("/glossary#term-") {
            return self.term_title(id, lang).map(str::to_owned);
        }
        let end = path.find(['?', '#']).unwrap_or(path.len());
        let path = &path[..end];
        let section = match path {
            "/" => Some(Msg::NavHome),
            "/disclosures" => Some(Msg::NavDisclosures),
            "/substances" => Some(Msg::NavSubstances),
            "/learn" => Some(Msg::NavLearn),
            "/report" => Some(Msg::NavReport),
            "/plan" => Some(Msg::NavPlan),
            "/about" => Some(Msg::NavAbout),
            "/overview" => Some(Msg::NavOverview),
            "/glossary" => Some(Msg::GlossaryHeading),
            _ => None,
        };
        if let Some(m) = section {
            return Some(m.text(lang).to_owned());
        }
        if let Some(n) = path.strip_prefix("/substances/").and_then(|n| n.parse::<u8>().ok()) {
            return Some(entry_label(lang, n));
        }
        if let Some(level) = path.strip_prefix("/learn/lessons/") {
            return self.lesson_title(level, lang).map(str::to_owned);
        }
        path.strip_prefix("/learn/").and_then(|id| self.explainer_title(id, lang)).map(str::to_owned)
    }

    /// The text a link in content reads: its own text when it has one, else the title of its
    /// target (a bare `[[id]]` reads the term's name); the id or path only when nothing else is
    /// known. `None` for plain text and bold.
    pub fn link_text(&self, inline: &Inline, lang: Lang) -> Option<String> {
        match inline {
            Inline::Text(_) | Inline::Bold(_) => None,
            Inline::Term { id, text } if text == id => {
                Some(self.term_title(id, lang).map_or_else(|| text.clone(), str::to_owned))
            }
            Inline::Term { text, .. } => Some(text.clone()),
            Inline::Entry { n, text } => Some(text.clone().unwrap_or_else(|| entry_label(lang, *n))),
            Inline::Page { path, text } => {
                Some(text.clone().or_else(|| self.page_title(path, lang)).unwrap_or_else(|| path.clone()))
            }
        }
    }
}
