//! The site search (`/search?q=`): what a resident's words mean on the portal.
//!
//! Besides matching names and titles word by word, it reads the words people actually type:
//! place names (灌南县, 灌南, Guannan) lead to the enterprise list filtered to that district, park
//! or industry; 超标, 违规 and 禁用 to the matching findings of the list; everyday words (臭味,
//! 黑水, 死鱼) to the right report category and explainer; abbreviations and English (PFAS) to
//! explainers, lessons and list entries. The words beyond the reference data's own names live in
//! `content/synonyms.toml` ([`Synonym`]). When nothing matches, [`Answer::suggestions`] holds the
//! closest titles and words (shared characters, edit distance).
//!
//! Pure: the app runs it on every search, the tests natively.

use crate::content::{ContentIndex, Synonym};
use crate::feed::reference::Reference;
use crate::query::{Catalog, Flag, Query, normalise, push_unique};
use crate::report::Category;
use std::collections::BTreeSet;

/// A view of the enterprise list a search leads to, and how many enterprises it shows.
#[derive(Debug, Clone, PartialEq)]
pub struct ListLink {
    pub query: Query,
    pub count: usize,
}

/// What a search found. Ids and numbers point into the reference data and the content index.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Answer {
    /// Filtered views of the enterprise list (a place or industry, with each finding asked for).
    pub lists: Vec<ListLink>,
    /// Report categories the words describe.
    pub categories: Vec<Category>,
    /// Explainer ids, in display order.
    pub explainers: Vec<String>,
    /// Lesson levels, in display order.
    pub lessons: Vec<String>,
    /// List entries, ascending.
    pub entries: Vec<u8>,
    /// Glossary term ids, in glossary order.
    pub terms: Vec<String>,
    /// Enterprises whose names, credit code or substances hold every word (catalog rows, in name
    /// order).
    pub enterprises: Vec<usize>,
    /// When nothing else was found: the closest titles, names and words, best first, to search
    /// for instead.
    pub suggestions: Vec<String>,
}

impl Answer {
    /// Whether nothing was found (suggestions aside).
    pub fn is_empty(&self) -> bool {
        self.lists.is_empty()
            && self.categories.is_empty()
            && self.explainers.is_empty()
            && self.lessons.is_empty()
            && self.entries.is_empty()
            && self.terms.is_empty()
            && self.enterprises.is_empty()
    }
}

/// What one recognised word means.
#[derive(Debug, Clone, PartialEq)]
enum Meaning<'a> {
    District(String),
    Zone(String),
    Industry(String),
    Synonym(&'a Synonym),
}

/// Where `term` (normalised) occurs in `text` (normalised): a Chinese term anywhere, a term
/// starting or ending with a Latin letter or digit only as whole words.
fn find_term(text: &str, term: &str) -> Option<(usize, usize)> {
    if term.trim().is_empty() {
        return None;
    }
    let edge = |c: Option<char>| c.is_some_and(|c| c.is_ascii_alphanumeric());
    let (first, last) = (term.chars().next(), term.chars().last());
    text.match_indices(term).map(|(at, _)| (at, at + term.len())).find(|&(start, end)| {
        let before = text[..start].chars().last();
        let after = text[end..].chars().next();
        let cuts_a_word = (edge(first) && edge(before)) || (edge(last) && edge(after));
        !cuts_a_word
    })
}

/// A Chinese place name without its 区/县/市 suffix, when two characters or more remain.
fn stem(name: &str) -> Option<&str> {
    let s = name.strip_suffix(['区', '县', '市'])?;
    (s.chars().count() >= 2).then_some(s)
}

/// The English place name without " District" / " County".
fn stem_en(name: &str) -> Option<&str> {
    name.strip_suffix(" District").or_else(|| name.strip_suffix(" County"))
}

/// Every word the search recognises, with its meaning: the reference data's own names of
/// districts, parks and industries, and the synonym table.
fn vocabulary<'a>(reference: &Reference, synonyms: &'a [Synonym]) -> Vec<(String, Meaning<'a>)> {
    let mut out = Vec::new();
    for a in &reference.areas.areas {
        let meaning = if a.is_district() {
            match &a.code {
                Some(code) => Meaning::District(code.clone()),
                None => continue,
            }
        } else {
            Meaning::Zone(a.id.clone())
        };
        let mut words = vec![a.name_zh.clone(), a.name_en.clone()];
        words.extend(stem(&a.name_zh).map(str::to_owned));
        words.extend(stem_en(&a.name_en).map(str::to_owned));
        out.extend(words.into_iter().map(|w| (normalise(&w), meaning.clone())));
    }
    for i in &reference.industries.industries {
        for w in [&i.name_zh, &i.name_en, &i.plan_name_zh] {
            out.push((normalise(w), Meaning::Industry(i.id.clone())));
        }
    }
    for s in synonyms {
        out.extend(s.words.iter().map(|w| (normalise(w), Meaning::Synonym(s))));
    }
    out.retain(|(w, _)| !w.trim().is_empty());
    out
}

/// The meanings recognised in `text`: longest words first, each part of the text read once (so
/// 化工园区 is the park, not also the chemical industry).
fn recognise<'a>(text: &str, vocabulary: &[(String, Meaning<'a>)]) -> Vec<Meaning<'a>> {
    let mut found: Vec<(usize, usize, &Meaning<'a>)> = Vec::new();
    let mut by_length: Vec<&(String, Meaning<'a>)> = vocabulary.iter().collect();
    by_length.sort_by_key(|(w, _)| std::cmp::Reverse(w.chars().count()));
    for (word, meaning) in by_length {
        let mut from = 0;
        while let Some((s, e)) =
            text.get(from..).and_then(|rest| find_term(rest, word)).map(|(s, e)| (s + from, e + from))
        {
            // A part of the text is read once; the same word may mean several things.
            if !found.iter().any(|(fs, fe, _)| s < *fe && *fs < e && (s, e) != (*fs, *fe)) {
                found.push((s, e, meaning));
                break;
            }
            from = e;
        }
    }
    found.sort_by_key(|(s, _, _)| *s);
    let mut out: Vec<Meaning<'a>> = Vec::new();
    for (_, _, m) in found {
        if !out.contains(m) {
            out.push(m.clone());
        }
    }
    out
}

/// Runs a search. `content` is the content index when it has loaded (explainers, lessons, the
/// glossary and the synonyms need it).
pub fn search(text: &str, catalog: &Catalog, reference: &Reference, content: Option<&ContentIndex>) -> Answer {
    let norm = normalise(text);
    let words: Vec<&str> = norm.split_whitespace().collect();
    if words.is_empty() {
        return Answer::default();
    }
    let hit = |hay: &str| {
        let h = normalise(hay);
        words.iter().all(|w| h.contains(w))
    };
    let synonyms = content.map_or(&[][..], |c| c.synonyms.as_slice());
    let vocabulary = vocabulary(reference, synonyms);
    let meanings = recognise(&norm, &vocabulary);

    let mut answer = Answer::default();
    // The list: the places and industries named, once with each finding asked for.
    let mut base = Query::default();
    let mut flags: Vec<Flag> = Vec::new();
    for m in &meanings {
        match m {
            Meaning::District(code) => push_unique(&mut base.districts, code.clone()),
            Meaning::Zone(id) => push_unique(&mut base.zones, id.clone()),
            Meaning::Industry(id) => push_unique(&mut base.industries, id.clone()),
            Meaning::Synonym(s) => {
                s.districts
                    .iter()
                    .filter_map(|id| reference.area(id).and_then(|a| a.code.clone()))
                    .for_each(|c| push_unique(&mut base.districts, c));
                s.zones.iter().for_each(|z| push_unique(&mut base.zones, z.clone()));
                s.industries.iter().for_each(|i| push_unique(&mut base.industries, i.clone()));
                s.flags.iter().filter_map(|f| Flag::from_key(f)).for_each(|f| push_unique(&mut flags, f));
                s.categories
                    .iter()
                    .filter_map(|c| Category::from_key(c))
                    .for_each(|c| push_unique(&mut answer.categories, c));
                s.entries.iter().for_each(|n| push_unique(&mut answer.entries, *n));
            }
        }
    }
    let count = |q: &Query| catalog.run(q, None, None, false).rows.len();
    let lists: Vec<Query> = if flags.is_empty() {
        if base.is_filtered() { vec![base.clone()] } else { vec![] }
    } else {
        Flag::ALL.iter().filter(|f| flags.contains(f)).map(|f| Query { flags: vec![*f], ..base.clone() }).collect()
    };
    answer.lists = lists.into_iter().map(|query| ListLink { count: count(&query), query }).collect();

    // List entries by name, abbreviation or CAS number, besides those the synonyms name.
    for e in &reference.substances.entries {
        let mut hay = format!("{} {} {}", e.name_zh, e.name_en, e.abbreviation.as_deref().unwrap_or(""));
        for c in e.all_cas() {
            hay.push(' ');
            hay.push_str(&c.number);
        }
        for m in &e.members {
            hay.push_str(&format!(" {} {} {}", m.name_zh, m.name_en, m.abbreviation.as_deref().unwrap_or("")));
        }
        if hit(&hay) {
            push_unique(&mut answer.entries, e.entry);
        }
    }
    answer.entries.sort_unstable();

    if let Some(ix) = content {
        let named = |pick: fn(&Synonym) -> &Vec<String>| -> BTreeSet<&str> {
            meanings
                .iter()
                .filter_map(|m| match m {
                    Meaning::Synonym(s) => Some(pick(s)),
                    _ => None,
                })
                .flatten()
                .map(String::as_str)
                .collect()
        };
        let (ex, le, te) = (named(|s| &s.explainers), named(|s| &s.lessons), named(|s| &s.terms));
        answer.explainers = ix
            .explainers
            .iter()
            .filter(|e| {
                ex.contains(e.id.as_str())
                    || hit(&format!("{} {} {} {}", e.title_zh, e.title_en, e.summary_zh, e.summary_en))
                    // About a list entry the search found by name.
                    || e.entries.iter().any(|n| answer.entries.contains(n))
            })
            .map(|e| e.id.clone())
            .collect();
        answer.lessons = ix
            .lessons
            .iter()
            .filter(|l| le.contains(l.level.as_str()) || hit(&format!("{} {}", l.title_zh, l.title_en)))
            .map(|l| l.level.clone())
            .collect();
        answer.terms = ix
            .glossary
            .terms
            .iter()
            .filter(|g| {
                te.contains(g.id.as_str())
                    || hit(&format!("{} {} {} {}", g.term_zh, g.term_en, g.definition_zh, g.definition_en))
            })
            .map(|g| g.id.clone())
            .collect();
    }

    answer.enterprises = catalog.run(&Query { text: text.to_owned(), ..Query::default() }, None, None, false).rows;
    if answer.is_empty() {
        answer.suggestions = suggestions(&norm, reference, content);
    }
    answer
}

/// How alike two normalised strings are, from 0 to 1: for Chinese, the share of characters they
/// have in common (Dice); for Latin words, one minus the edit distance over the longer length,
/// the best over the candidate's words.
pub fn similarity(query: &str, candidate: &str) -> f64 {
    let q: String = query.chars().filter(|c| !c.is_whitespace()).collect();
    if q.is_empty() || candidate.trim().is_empty() {
        return 0.0;
    }
    if q.is_ascii() {
        let whole: String = candidate.chars().filter(|c| !c.is_whitespace()).collect();
        let words = candidate.split(|c: char| !c.is_ascii_alphanumeric()).filter(|w| !w.is_empty());
        return std::iter::once(whole.as_str())
            .chain(words)
            .filter(|w| w.is_ascii())
            .map(|w| 1.0 - edit_distance(&q, w) as f64 / q.chars().count().max(w.chars().count()) as f64)
            .fold(0.0, f64::max);
    }
    let a: BTreeSet<char> = q.chars().filter(|c| !c.is_ascii()).collect();
    let b: BTreeSet<char> = candidate.chars().filter(|c| !c.is_ascii() && !c.is_whitespace()).collect();
    if a.is_empty() || b.is_empty() {
        return 0.0;
    }
    2.0 * a.intersection(&b).count() as f64 / (a.len() + b.len()) as f64
}

/// Edit distance in characters, a swap of two neighbours counting as one edit (optimal string
/// alignment): "pfsa" is one edit from "pfas".
pub fn edit_distance(a: &str, b: &str) -> usize {
    let (a, b): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
    let w = b.len() + 1;
    let mut d = vec![0usize; (a.len() + 1) * w];
    for i in 0..=a.len() {
        for j in 0..=b.len() {
            d[i * w + j] = if i == 0 || j == 0 {
                i + j
            } else {
                let mut v = (d[(i - 1) * w + j - 1] + usize::from(a[i - 1] != b[j - 1]))
                    .min(d[(i - 1) * w + j] + 1)
                    .min(d[i * w + j - 1] + 1);
                if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                    v = v.min(d[(i - 2) * w + j - 2] + 1);
                }
                v
            };
        }
    }
    d[a.len() * w + b.len()]
}

/// How alike a suggestion must be to be offered.
const SUGGEST_AT_LEAST: f64 = 0.5;

/// The closest titles, names and synonym words to `query`, best first (at most five).
fn suggestions(query: &str, reference: &Reference, content: Option<&ContentIndex>) -> Vec<String> {
    let mut candidates: Vec<String> = Vec::new();
    for a in &reference.areas.areas {
        candidates.extend([a.name_zh.clone(), a.name_en.clone()]);
    }
    for i in &reference.industries.industries {
        candidates.extend([i.plan_name_zh.clone(), i.name_en.clone()]);
    }
    for e in &reference.substances.entries {
        candidates.extend([e.name_zh.clone(), e.name_en.clone()]);
        candidates.extend(e.abbreviation.clone());
    }
    if let Some(ix) = content {
        for e in &ix.explainers {
            candidates.extend([e.title_zh.clone(), e.title_en.clone()]);
        }
        for l in &ix.lessons {
            candidates.extend([l.title_zh.clone(), l.title_en.clone()]);
        }
        for g in &ix.glossary.terms {
            candidates.extend([g.term_zh.clone(), g.term_en.clone()]);
        }
        for s in &ix.synonyms {
            candidates.extend(s.words.iter().cloned());
        }
    }
    let mut scored: Vec<(f64, String)> = candidates
        .into_iter()
        .filter(|c| !c.trim().is_empty())
        .map(|c| (similarity(query, &normalise(&c)), c))
        .filter(|(s, _)| *s >= SUGGEST_AT_LEAST)
        .collect();
    // Best first; among equals the shorter (a name before a sentence), then by text.
    scored.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.chars().count().cmp(&b.1.chars().count())).then(a.1.cmp(&b.1)));
    let mut out: Vec<String> = Vec::new();
    for (_, c) in scored {
        if out.len() == 5 {
            break;
        }
        if !out.iter().any(|o| normalise(o) == normalise(&c)) {
            out.push(c);
        }
    }
    out
}

/// What the synonym table names that does not exist: (row index, message), for the feed
/// compiler's content check. `explainers`, `lessons` and `terms` are the content's ids.
pub fn synonym_problems(
    synonyms: &[Synonym],
    reference: Option<&Reference>,
    explainers: &BTreeSet<&str>,
    lessons: &BTreeSet<&str>,
    terms: &BTreeSet<&str>,
) -> Vec<(usize, String)> {
    let mut out = Vec::new();
    let mut seen: BTreeSet<String> = BTreeSet::new();
    for (i, s) in synonyms.iter().enumerate() {
        if s.words.is_empty() || s.words.iter().any(|w| w.trim().is_empty()) {
            out.push((i, "a synonym needs words, none of them empty".to_owned()));
        }
        for w in &s.words {
            if !seen.insert(normalise(w)) {
                out.push((i, format!("the word `{w}` is in another synonym too")));
            }
        }
        let targets = s.districts.len()
            + s.zones.len()
            + s.industries.len()
            + s.flags.len()
            + s.categories.len()
            + s.explainers.len()
            + s.lessons.len()
            + s.entries.len()
            + s.terms.len();
        if targets == 0 {
            out.push((
                i,
                "a synonym must lead somewhere (districts, zones, industries, flags, categories, explainers, \
                 lessons, entries or terms)"
                    .to_owned(),
            ));
        }
        let mut bad = |what: &str, id: &str| out.push((i, format!("no {what} `{id}`")));
        for f in &s.flags {
            if Flag::from_key(f).is_none() {
                bad("finding", f);
            }
        }
        for c in &s.categories {
            if Category::from_key(c).is_none() {
                bad("report category", c);
            }
        }
        for (what, ids, known) in [
            ("explainer", &s.explainers, explainers),
            ("lesson", &s.lessons, lessons),
            ("glossary term", &s.terms, terms),
        ] {
            for id in ids {
                if !known.contains(id.as_str()) {
                    bad(what, id);
                }
            }
        }
        match reference {
            Some(r) => {
                for d in &s.districts {
                    if !r.area(d).is_some_and(|a| a.is_district()) {
                        bad("district", d);
                    }
                }
                for z in &s.zones {
                    if r.area(z).is_none_or(|a| a.is_district()) {
                        bad("park or zone", z);
                    }
                }
                for id in &s.industries {
                    if r.industry(id).is_none() {
                        bad("industry", id);
                    }
                }
                for n in &s.entries {
                    if r.entry(*n).is_none() {
                        bad("list entry", &n.to_string());
                    }
                }
            }
            None => {
                for n in &s.entries {
                    if !(1..=14).contains(n) {
                        bad("list entry", &n.to_string());
                    }
                }
            }
        }
    }
    out
}
