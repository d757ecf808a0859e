//! The teacher's path: quizzes score and keep their answers until the reader has answered or
//! asks for them; links in content read titles, never ids (checked over every text of the real
//! content); every lesson has a grade, and every explainer theme a lesson.

mod common;

use common::content;
use portal_core::content::quiz::{Checked, Score, check, score, unanswered_text};
use portal_core::content::{ContentIndex, GRADES, Inline, Question, Quiz, parse_inline};
use portal_core::i18n::Lang;
use serde_json::Value;
use std::collections::BTreeSet;
use std::sync::LazyLock;

static INDEX: LazyLock<ContentIndex> = LazyLock::new(|| content().index());

fn question(answer: u32) -> Question {
    Question {
        id: format!("q{answer}"),
        prompt_zh: "问".into(),
        prompt_en: "Q".into(),
        choices_zh: vec!["甲".into(), "乙".into(), "丙".into()],
        choices_en: vec!["a".into(), "b".into(), "c".into()],
        answer,
        explanation_zh: String::new(),
        explanation_en: String::new(),
    }
}

fn six() -> Quiz {
    Quiz { explainer: "pfas".into(), questions: [0, 1, 2, 0, 1, 2].into_iter().map(question).collect() }
}

#[test]
fn a_quiz_with_blank_questions_keeps_its_answers_back() {
    // 4 of 6 blank: the answers stay hidden and the blanks are named.
    let answers = [Some(0), None, None, Some(2), None, None];
    assert_eq!(check(&six(), &answers), Checked::Incomplete { unanswered: vec![1, 2, 4, 5] });
    assert_eq!(unanswered_text(&[1, 2, 4, 5], Lang::Zh), "第 2、3、5、6 题还没有作答。");
    assert_eq!(unanswered_text(&[1, 2, 4, 5], Lang::En), "Questions 2, 3, 5 and 6 are not answered yet.");
    assert_eq!(unanswered_text(&[0], Lang::En), "Question 1 is not answered yet.");
    // A choice that does not exist is no answer.
    assert_eq!(
        check(&six(), &[Some(0), Some(1), Some(2), Some(0), Some(1), Some(7)]),
        Checked::Incomplete { unanswered: vec![5] }
    );
    // Too few answers: the rest are blank.
    assert_eq!(check(&six(), &[Some(0)]), Checked::Incomplete { unanswered: vec![1, 2, 3, 4, 5] });
}

#[test]
fn a_complete_quiz_is_scored() {
    let all_right = [Some(0), Some(1), Some(2), Some(0), Some(1), Some(2)];
    assert_eq!(check(&six(), &all_right), Checked::Scored(Score { correct: 6, answered: 6, total: 6 }));
    let two_wrong = [Some(1), Some(1), Some(2), Some(2), Some(1), Some(2)];
    let s = score(&six(), &two_wrong);
    assert_eq!(s, Score { correct: 4, answered: 6, total: 6 });
    assert_eq!(s.text(Lang::Zh), "共 6 题，答对 4 题。");
    assert_eq!(s.text(Lang::En), "4 of 6 right.");
    // Partly answered: scored over what was answered, for "show the answers anyway".
    assert_eq!(score(&six(), &[Some(0), None]), Score { correct: 1, answered: 1, total: 6 });
}

/// Every Chinese or English text in a JSON value (fields ending `_zh` / `_en`, and their lists).
fn strings(v: &Value, lang: Option<Lang>, out: &mut Vec<(Lang, String)>) {
    match v {
        Value::String(s) => out.extend(lang.map(|l| (l, s.clone()))),
        Value::Array(a) => a.iter().for_each(|x| strings(x, lang, out)),
        Value::Object(o) => o.iter().for_each(|(k, x)| {
            let lang = if k.ends_with("_zh") {
                Some(Lang::Zh)
            } else if k.ends_with("_en") {
                Some(Lang::En)
            } else {
                lang
            };
            strings(x, lang, out)
        }),
        _ => {}
    }
}

fn links<'a>(pieces: &'a [Inline], out: &mut Vec<&'a Inline>) {
    for p in pieces {
        match p {
            Inline::Bold(inner) => links(inner, out),
            Inline::Text(_) => {}
            other => out.push(other),
        }
    }
}

/// The ids a reader must never see as link text.
fn known_ids() -> BTreeSet<String> {
    let c = content();
    let mut ids: BTreeSet<String> = c.glossary.value.terms.iter().map(|t| t.id.clone()).collect();
    ids.extend(c.explainers.iter().map(|e| e.value.id.clone()));
    ids.extend(c.lessons.iter().map(|l| l.value.level.clone()));
    ids
}

/// Whether a link text shows an id or a path: it equals a known id (and is not also the name of
/// a term, explainer or lesson in that language, as "exposure" is in English), or starts with `/`.
fn id_like(text: &str, ids: &BTreeSet<String>, lang: Lang) -> bool {
    let c = content();
    let is_title = c.glossary.value.terms.iter().any(|t| lang.pick(&t.term_zh, &t.term_en).eq_ignore_ascii_case(text))
        || c.explainers.iter().any(|e| lang.pick(&e.value.title_zh, &e.value.title_en) == text)
        || c.lessons.iter().any(|l| lang.pick(&l.value.title_zh, &l.value.title_en) == text);
    (ids.contains(text) && !is_title) || text.starts_with('/')
}

#[test]
fn no_link_in_the_content_reads_as_an_id() {
    let c = content();
    let ids = known_ids();
    let mut texts = Vec::new();
    for v in c.explainers.iter().map(|f| serde_json::to_value(&f.value)) {
        strings(&v.expect("serialises"), None, &mut texts);
    }
    for v in c.lessons.iter().map(|f| serde_json::to_value(&f.value)) {
        strings(&v.expect("serialises"), None, &mut texts);
    }
    for v in c.quizzes.iter().map(|f| serde_json::to_value(&f.value)) {
        strings(&v.expect("serialises"), None, &mut texts);
    }
    strings(&serde_json::to_value(&c.glossary.value).expect("serialises"), None, &mut texts);
    strings(&serde_json::to_value(&c.plan.value).expect("serialises"), None, &mut texts);
    let mut bare = 0;
    let mut bad = Vec::new();
    for (lang, t) in &texts {
        let lang = *lang;
        let pieces = parse_inline(t);
        let mut found = Vec::new();
        links(&pieces, &mut found);
        for l in found {
            if let Inline::Term { id, text } = l
                && id == text
            {
                bare += 1;
            }
            // Texts the author wrote are words of the sentence ("[[microplastic|microplastics]]");
            // the ones the portal fills in must be titles.
            let authored = match l {
                Inline::Term { id, text } => id != text,
                Inline::Entry { text, .. } | Inline::Page { text, .. } => text.is_some(),
                _ => true,
            };
            let shown = INDEX.link_text(l, lang).expect("a link has text");
            if !authored && id_like(&shown, &ids, lang) {
                bad.push(format!("{lang:?}: {l:?} reads {shown:?}"));
            }
        }
    }
    assert!(bare > 0, "the content has bare [[id]] links, so this test looks at them");
    assert_eq!(bad, Vec::<String>::new());
}

#[test]
fn see_also_plan_links_and_lesson_explainers_read_titles() {
    let c = content();
    let ids = known_ids();
    for lang in [Lang::Zh, Lang::En] {
        for t in &c.glossary.value.terms {
            for id in &t.see_also {
                let shown = INDEX.term_title(id, lang).unwrap_or(id);
                assert!(!id_like(shown, &ids, lang), "{}: see also {id} reads {shown:?}", t.id);
            }
        }
        for task in &c.plan.value.tasks {
            for p in &task.portal_links {
                let shown = INDEX.page_title(p, lang);
                assert!(
                    shown.as_deref().is_some_and(|s| !id_like(s, &ids, lang)),
                    "task {}: {p} reads {shown:?}",
                    task.number
                );
            }
        }
        for l in &c.lessons {
            for id in &l.value.explainers {
                let shown = INDEX.explainer_title(id, lang);
                assert!(shown.is_some_and(|s| !id_like(s, &ids, lang)), "{}: {id} reads {shown:?}", l.value.level);
            }
        }
    }
    // What the check catches: an id nothing resolves reads as itself, and is flagged.
    let unknown = Inline::Term { id: "pfas-x".into(), text: "pfas-x".into() };
    assert_eq!(INDEX.link_text(&unknown, Lang::Zh).as_deref(), Some("pfas-x"));
    let bare = Inline::Term { id: "what-are-new-pollutants".into(), text: "what-are-new-pollutants".into() };
    assert!(id_like(&bare_text(&bare), &ids, Lang::En), "read raw, a bare link shows its id");
    let bare = Inline::Term { id: "pfas".into(), text: "pfas".into() };
    assert_eq!(INDEX.link_text(&bare, Lang::En).as_deref(), Some("PFAS (per- and polyfluoroalkyl substances)"));
    assert_eq!(INDEX.page_title("/learn/pfas", Lang::Zh).as_deref(), Some("PFAS：“永久化学品”"));
    assert_eq!(INDEX.page_title("/disclosures?entry=1", Lang::En).as_deref(), Some("Disclosures"));
    assert_eq!(INDEX.page_title("/nowhere", Lang::En), None);
}

fn bare_text(i: &Inline) -> String {
    match i {
        Inline::Term { text, .. } => text.clone(),
        _ => String::new(),
    }
}

#[test]
fn every_lesson_has_a_grade_and_every_explainer_a_lesson_including_pfas() {
    let c = content();
    for l in &c.lessons {
        assert!(GRADES.iter().any(|g| g.0 == l.value.grade), "{}: grade {:?}", l.value.level, l.value.grade);
    }
    for e in &c.explainers {
        assert!(
            c.lessons.iter().any(|l| l.value.explainers.contains(&e.value.id)),
            "no lesson uses the explainer {}",
            e.value.id
        );
    }
    let pfas = c.lessons.iter().find(|l| l.value.explainers.first().map(String::as_str) == Some("pfas"));
    assert!(pfas.is_some(), "a lesson is mainly about PFAS");
    // The index carries grade and topics for /learn.
    assert!(INDEX.lessons.iter().all(|l| !l.grade.is_empty() && !l.explainers.is_empty()));
}

#[test]
fn every_handout_a_lesson_names_exists() {
    // The handouts named in the lessons' printing notes and materials, by their Chinese names.
    let c = content();
    let mut named = Vec::new();
    for l in &c.lessons {
        let text = format!("{} {}", l.value.print_notes_zh, l.value.materials_zh.join(" "));
        for h in &l.value.handouts {
            if text.contains(&h.title_zh) {
                named.push(h.title_zh.clone());
            }
        }
    }
    let middle = c.lessons.iter().find(|l| l.value.level == "middle-school").expect("the middle-school lesson");
    for name in ["单位换算卡", "数据记录单"] {
        assert!(middle.value.print_notes_zh.contains(name));
        assert!(middle.value.handouts.iter().any(|h| h.title_zh == name), "{name} is a handout");
    }
    assert!(named.len() >= 4, "{named:?}");
}
