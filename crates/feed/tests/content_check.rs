//! Content validation in the feed compiler: the TOML source map that turns field paths into line
//! numbers, and `validate_content`, table-driven over every kind of broken content, each error
//! naming its file, line and path.
//!
//! The fixtures are small JSON documents turned into TOML text by a tiny writer below, so that
//! every line the validator reports can be checked against the text it would read from disk.

use portal_core::content::{Content, ContentFile};
use portal_feed::content::{ContentError, SourceMap, Targets, validate_content};
use proptest::prelude::*;
use serde_json::{Value, json};

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, failure_persistence: None, ..ProptestConfig::default() })]

    /// The source map never panics, whatever the text.
    #[test]
    fn the_source_map_accepts_any_text(s in "(\\PC|[\\[\\]{}=\"'#.,\n]){0,80}") {
        let map = SourceMap::new(&s);
        let line = map.line("a.b[1].c", Some("x"));
        prop_assert!(line >= 1 && line <= s.lines().count().max(1) + 1);
    }
}

// --- the source map ----------------------------------------------------------------------------

#[test]
fn the_source_map_finds_keys_list_items_and_tables() {
    let text = r#"# a comment
id = "pfas"   # trailing
order = 2
entries = [1, 2,
  8]
title_zh = "带 \"引号\" 的标题"
note = """
multi
line"""

[[sections]]
kind = "intro"
paragraphs_en = [
  "first",
  # a comment inside an array
  "second with [[no-such-term]]",
]

[[sections]]
kind = "what_we_know"
inline = { a = 1, b = "x" }

[plan]
deadline = '2025'
"#;
    let map = SourceMap::new(text);
    let cases = [
        ("id", None, 2),
        ("order", None, 3),
        ("entries", None, 4),
        ("entries[2]", None, 5),
        ("title_zh", None, 6),
        ("note", None, 7),
        ("sections[0]", None, 11),
        ("sections[0].kind", None, 12),
        ("sections[0].paragraphs_en", None, 13),
        ("sections[0].paragraphs_en[0]", None, 14),
        ("sections[0].paragraphs_en[1]", None, 16),
        ("sections[0].paragraphs_en[1]", Some("[[no-such-term"), 16),
        ("sections[0].paragraphs_en", Some("[[no-such-term"), 16),
        ("sections[1].kind", None, 20),
        ("sections[1].inline.b", None, 21),
        ("plan.deadline", None, 24),
        // Missing paths fall back to their nearest parent, then to line 1.
        ("sections[1].heading_en", None, 19),
        ("sections[0].paragraphs_en[7]", None, 13),
        ("nothing.here", None, 1),
        ("", None, 1),
        // A needle that is not there: the value's own line.
        ("id", Some("zzz"), 2),
    ];
    for (path, needle, line) in cases {
        assert_eq!(map.line(path, needle), line, "line of {path} (needle {needle:?})");
    }
    assert!(map.has("sections[1].inline.a"));
    assert!(!map.has("sections[2]"));
}

// --- validation fixtures -----------------------------------------------------------------------

/// Writes the fixtures' JSON as TOML the way editors do: scalars and lists first (lists of several
/// items one per line), then each array of tables as `[[key]]` blocks.
fn to_toml(v: &Value) -> String {
    fn kv(out: &mut String, k: &str, x: &Value) {
        match x {
            Value::Array(items) if items.len() > 1 => {
                out.push_str(&format!("{k} = [\n"));
                for item in items {
                    out.push_str(&format!("  {item},\n"));
                }
                out.push_str("]\n");
            }
            _ => out.push_str(&format!("{k} = {x}\n")),
        }
    }
    let is_tables = |x: &Value| x.as_array().is_some_and(|a| !a.is_empty() && a.iter().all(Value::is_object));
    // Keys in name order, whatever order serde_json keeps them in.
    let sorted = |v: &Value| {
        let mut entries: Vec<(String, Value)> =
            v.as_object().expect("a table").iter().map(|(k, x)| (k.clone(), x.clone())).collect();
        entries.sort_by(|a, b| a.0.cmp(&b.0));
        entries
    };
    let top = sorted(v);
    let mut out = String::from("# fixture\n");
    for (k, x) in top.iter().filter(|(_, x)| !is_tables(x)) {
        kv(&mut out, k, x);
    }
    for (k, x) in top.iter().filter(|(_, x)| is_tables(x)) {
        for item in x.as_array().into_iter().flatten() {
            out.push_str(&format!("\n[[{k}]]\n"));
            for (k2, y) in sorted(item) {
                kv(&mut out, &k2, &y);
            }
        }
    }
    out
}

fn sections(extra: &str) -> Value {
    json!([
        {"kind": "intro", "heading_zh": "简介", "heading_en": "Intro",
         "paragraphs_zh": ["[[pfas|PFAS]]很**持久**。", "见{{entry:1|第1类}}。"],
         "paragraphs_en": ["[[pfas|PFAS]] are very **persistent**.", "See {{entry:1|entry 1}}."]},
        {"kind": "what_we_know", "heading_zh": "已知", "heading_en": "What we know",
         "paragraphs_zh": [format!("已知{extra}。")], "paragraphs_en": [format!("Known {extra}.")]},
        {"kind": "what_we_dont_know", "heading_zh": "未知", "heading_en": "What we don’t know",
         "paragraphs_zh": ["未知。"], "paragraphs_en": ["Unknown."]},
        {"kind": "what_you_can_do", "heading_zh": "你可以做什么", "heading_en": "What you can do",
         "paragraphs_zh": ["在{{page:/disclosures|企业披露}}里查看，或{{page:/report|举报}}。"],
         "paragraphs_en": ["Look under {{page:/disclosures|Disclosures}}, or {{page:/report|report}}."]}
    ])
}

fn explainer(id: &str, order: u32, entries: Value, extra: &str) -> Value {
    json!({
        "id": id, "order": order,
        "title_zh": format!("{id} 标题"), "title_en": format!("{id} title"),
        "summary_zh": "摘要。", "summary_en": "Summary.",
        "entries": entries, "last_reviewed": "2026-11-28",
        "sections": sections(extra),
        "sources": [
            {"title": "IARC Monographs 135", "url": "https://monographs.iarc.who.int/", "publisher": "IARC",
             "date": "2023", "verification": "verified"},
            {"title": "连云港市新污染物治理工作方案", "url": "", "publisher": "连云港市人民政府办公室",
             "date": "2023-07-27", "verification": "verified",
             "note_zh": "官方网址尚未核实，暂不提供链接。",
             "note_en": "The official web address has not yet been confirmed, so no link is given.",
             "research_note": "Tasks 4 and 9. Official web address not yet confirmed."}
        ]
    })
}

fn glossary() -> Value {
    json!({
        "last_reviewed": "2026-11-28",
        "terms": [
            {"id": "pfas", "term_zh": "全氟和多氟烷基物质", "term_en": "PFAS",
             "definition_zh": "一大类含氟化学物质，[[persistent|持久性]]极强。",
             "definition_en": "A family of fluorine chemicals that are extremely [[persistent]].",
             "see_also": ["persistent"], "source": "https://example.org/pfas"},
            {"id": "persistent", "term_zh": "持久性", "term_en": "persistent",
             "definition_zh": "很难分解。", "definition_en": "Breaks down only slowly.",
             "see_also": ["pfas", "dose"], "source": ""},
            {"id": "dose", "term_zh": "剂量", "term_en": "dose",
             "definition_zh": "进入身体的量。", "definition_en": "The amount that gets into the body.",
             "see_also": [], "source": ""}
        ]
    })
}

fn quiz() -> Value {
    json!({
        "explainer": "pfas",
        "questions": [
            {"id": "pfas-1", "prompt_zh": "PFAS为什么**持久**？", "prompt_en": "Why are PFAS **persistent**?",
             "choices_zh": ["碳氟键牢固", "颜色", "气味"], "choices_en": ["Strong C–F bonds", "Colour", "Smell"],
             "answer": 0, "explanation_zh": "碳氟键很牢固。", "explanation_en": "The C–F bond is strong."},
            {"id": "pfas-2", "prompt_zh": "40 ng/L等于多少μg/L？", "prompt_en": "How many μg/L is 40 ng/L?",
             "choices_zh": ["0.04", "40000"], "choices_en": ["0.04", "40,000"],
             "answer": 0, "explanation_zh": "除以1000。", "explanation_en": "Divide by 1,000."}
        ]
    })
}

fn lesson() -> Value {
    json!({
        "level": "middle-school",
        "title_zh": "读懂一条排放数据", "title_en": "Reading one line of discharge data",
        "audience_zh": "初中学生", "audience_en": "Lower-secondary students",
        "grade": "middle",
        "duration_minutes": 15,
        "objectives_zh": ["会换算单位。"], "objectives_en": ["Convert units."],
        "materials_zh": ["计算器", "投影"], "materials_en": ["Calculators", "A projector"],
        "explainers": ["pfas", "microplastics"],
        "data_activity_zh": ["打开{{page:/disclosures|企业披露}}。"],
        "data_activity_en": ["Open {{page:/disclosures|Disclosures}}."],
        "print_notes_zh": "打印术语卡。", "print_notes_en": "Print the term cards.",
        "steps": [
            {"minutes": 5, "text_zh": "导入。", "text_en": "Hook."},
            {"minutes": 10, "text_zh": "数据活动。", "text_en": "Data activity."}
        ]
    })
}

fn plan_task(n: u32, links: Value, deadline: &str) -> Value {
    json!({
        "number": n, "group_zh": "（一）机制", "group_en": "(1) Mechanism",
        "title_zh": format!("任务{n}"), "title_en": format!("Task {n}"),
        "summary_zh": "概述。", "summary_en": "Summary.",
        "lead_zh": "市生态环境局", "lead_en": "Municipal Ecology and Environment Bureau",
        "partners_zh": [], "partners_en": [],
        "responsibility_zh": "（市生态环境局负责）", "responsibility_en": "The bureau is responsible.",
        "targets_zh": [], "targets_en": [], "deadline": deadline, "portal_links": links
    })
}

fn safeguard() -> Value {
    json!({
        "number": 1, "title_zh": "加强组织领导", "title_en": "Strengthen leadership",
        "text_zh": "加强领导。", "text_en": "Strengthen leadership.",
        "lead_zh": "市生态环境局", "lead_en": "The bureau",
        "partners_zh": ["市发改委"], "partners_en": ["Development and Reform Commission"],
        "responsibility_zh": "负责。", "responsibility_en": "Responsible.",
        "targets_zh": [], "targets_en": [], "deadline": "2025", "portal_links": ["/plan"]
    })
}

fn plan() -> Value {
    json!({
        "title_zh": "连云港市新污染物治理工作方案", "title_en": "Lianyungang New Pollutant Control Work Plan",
        "notice_title_zh": "通知", "notice_title_en": "Notice",
        "document_number": "连政办发〔2023〕34号",
        "issuer_zh": "市政府办公室", "issuer_en": "General Office",
        "adopted_at_zh": "常务会议通过", "adopted_at_en": "Adopted at an executive meeting",
        "adopted": "", "issued": "2023-07-27", "printed": "2023-07-28",
        "publication_zh": "此件公开发布", "publication_en": "Published openly.",
        "official_url": "",
        "source_note_zh": "依据方案全文。", "source_note_en": "Based on the full text.",
        "basis_zh": "依据。", "basis_en": "Basis.",
        "approach_zh": ["先[[pfas|筛查]]，再管控。"], "approach_en": ["First [[pfas|screen]], then control."],
        "goals_zh": ["到2025年完成评估。"], "goals_en": ["Complete the assessment by 2025."],
        "local_responsibility_zh": "属地责任。", "local_responsibility_en": "Local responsibility.",
        "lead_note_zh": "牵头说明。", "lead_note_en": "A note on leads.",
        "tasks": [plan_task(1, json!([]), ""), plan_task(2, json!(["/learn/pfas", "/substances"]), "2025-12-31")],
        "safeguards": [safeguard()]
    })
}

fn status() -> Value {
    json!({
        "is_sample": true, "updated": "2026-11-28",
        "note_zh": "示例占位。", "note_en": "Sample placeholders.",
        "tasks": [
            {"number": 1, "status": "unknown", "note_zh": "未知。", "note_en": "Unknown."},
            {"number": 2, "status": "in_progress", "note_zh": "", "note_en": ""}
        ]
    })
}

/// The fixture's files by name, as JSON.
struct Files {
    files: Vec<(&'static str, Value)>,
}

impl Files {
    fn new() -> Self {
        Files {
            files: vec![
                ("content/glossary.toml", glossary()),
                ("content/explainers/pfas.toml", explainer("pfas", 1, json!([1, 2]), "{{entry:2}}")),
                ("content/explainers/microplastics.toml", explainer("microplastics", 2, json!([]), "**5 mm**")),
                ("content/quizzes/pfas.toml", quiz()),
                ("content/lessons/middle-school.toml", lesson()),
                ("content/plan/plan.toml", plan()),
                ("content/plan/status.toml", status()),
            ],
        }
    }

    fn get(&mut self, name: &str) -> &mut Value {
        &mut self.files.iter_mut().find(|(n, _)| *n == name).unwrap_or_else(|| panic!("no fixture file {name}")).1
    }

    fn text(&self, name: &str) -> String {
        to_toml(&self.files.iter().find(|(n, _)| *n == name).expect("a fixture file").1)
    }

    fn content(&self) -> Content {
        fn file<T: serde::de::DeserializeOwned>(name: &str, v: &Value) -> ContentFile<T> {
            let value = serde_json::from_value(v.clone()).unwrap_or_else(|e| panic!("fixture {name}: {e}"));
            ContentFile { file: name.to_owned(), text: to_toml(v), value }
        }
        let under = |dir: &str| self.files.iter().filter(move |(n, _)| n.starts_with(dir)).collect::<Vec<_>>();
        let one = |name: &str| self.files.iter().find(|(n, _)| *n == name).expect("a fixture file");
        Content {
            explainers: under("content/explainers/").into_iter().map(|(n, v)| file(n, v)).collect(),
            glossary: file(one("content/glossary.toml").0, &one("content/glossary.toml").1),
            quizzes: under("content/quizzes/").into_iter().map(|(n, v)| file(n, v)).collect(),
            lessons: under("content/lessons/").into_iter().map(|(n, v)| file(n, v)).collect(),
            plan: file(one("content/plan/plan.toml").0, &one("content/plan/plan.toml").1),
            status: file(one("content/plan/status.toml").0, &one("content/plan/status.toml").1),
            synonyms: ContentFile {
                file: "content/synonyms.toml".to_owned(),
                text: String::new(),
                value: Default::default(),
            },
        }
    }

    fn validate(&self) -> Vec<ContentError> {
        let content = self.content();
        validate_content(&content, &Targets::portal(1..=14, &content))
    }
}

fn list(errors: &[ContentError]) -> String {
    if errors.is_empty() { "\n  (no errors)".to_owned() } else { errors.iter().map(|e| format!("\n  {e}")).collect() }
}

/// The 1-based line of the `nth` (from 0) occurrence of `needle` in `text`.
fn line_of(text: &str, needle: &str, nth: usize) -> usize {
    let at = text.match_indices(needle).nth(nth).unwrap_or_else(|| panic!("{needle:?} ×{nth} not in:\n{text}")).0;
    text[..at].matches('\n').count() + 1
}

#[test]
fn the_fixture_is_valid() {
    let errors = Files::new().validate();
    assert!(errors.is_empty(), "{}", list(&errors));
}

/// An error the validator must report: file, path, part of the message, and where its line is:
/// the `nth` occurrence of `at` in the broken file's text.
struct Expect {
    file: &'static str,
    path: &'static str,
    message: &'static str,
    at: &'static str,
    nth: usize,
}

fn expect(file: &'static str, path: &'static str, message: &'static str, at: &'static str, nth: usize) -> Expect {
    Expect { file, path, message, at, nth }
}

type Breakage = Box<dyn Fn(&mut Files)>;

const PFAS: &str = "content/explainers/pfas.toml";
const MP: &str = "content/explainers/microplastics.toml";
const GLOSSARY: &str = "content/glossary.toml";
const QUIZ: &str = "content/quizzes/pfas.toml";
const LESSON: &str = "content/lessons/middle-school.toml";
const PLAN: &str = "content/plan/plan.toml";
const STATUS: &str = "content/plan/status.toml";

fn set(files: &mut Files, file: &str, pointer: &str, value: Value) {
    *files.get(file).pointer_mut(pointer).unwrap_or_else(|| panic!("{file} has no {pointer}")) = value;
}

fn remove(files: &mut Files, file: &str, pointer: &str) {
    let (parent, key) = pointer.rsplit_once('/').expect("a pointer");
    let parent = files.get(file).pointer_mut(parent).unwrap_or_else(|| panic!("{file} has no {parent}"));
    match parent {
        Value::Object(map) => {
            map.remove(key);
        }
        Value::Array(items) => {
            items.remove(key.parse::<usize>().expect("an index"));
        }
        _ => panic!("{pointer} is not in a table or list"),
    }
}

fn breakages() -> Vec<(&'static str, Breakage, Vec<Expect>)> {
    vec![
        (
            "term cards naming a term the glossary lacks",
            Box::new(|f| {
                let cards = json!([{"id": "cards", "title_zh": "术语卡片", "title_en": "Term cards", "terms": ["persistent", "no-such-term"]}]);
                f.get(LESSON)["handouts"] = cards;
            }),
            vec![expect(LESSON, "handouts[0].terms[1]", "unknown glossary term `no-such-term`", "no-such-term", 0)],
        ),
        (
            "a missing English title",
            Box::new(|f| remove(f, PFAS, "/title_en")),
            vec![expect(PFAS, "title_en", "missing translation: title_zh has no English", "title_zh", 0)],
        ),
        (
            "an empty English summary",
            Box::new(|f| set(f, PFAS, "/summary_en", json!(""))),
            vec![expect(PFAS, "summary_en", "summary_en is missing or empty", "summary_en", 0)],
        ),
        (
            "a missing Chinese heading",
            Box::new(|f| set(f, MP, "/sections/2/heading_zh", json!(" "))),
            vec![expect(MP, "sections[2].heading_zh", "heading_en has no Chinese", "heading_zh = \" \"", 0)],
        ),
        (
            "a glossary definition without English",
            Box::new(|f| set(f, GLOSSARY, "/terms/2/definition_en", json!(""))),
            vec![expect(GLOSSARY, "terms[2].definition_en", "missing translation", "definition_en = \"\"", 0)],
        ),
        (
            "fewer English paragraphs than Chinese",
            Box::new(|f| remove(f, PFAS, "/sections/0/paragraphs_en/1")),
            vec![expect(
                PFAS,
                "sections[0].paragraphs_en",
                "paragraphs_zh has 2 item(s) but paragraphs_en has 1",
                "paragraphs_en",
                0,
            )],
        ),
        (
            "an empty paragraph",
            Box::new(|f| set(f, PFAS, "/sections/0/paragraphs_en/1", json!(""))),
            vec![expect(PFAS, "sections[0].paragraphs_en[1]", "paragraphs_en[1] is empty", "  \"\",", 0)],
        ),
        (
            "a status note in one language only",
            Box::new(|f| set(f, STATUS, "/tasks/1/note_zh", json!("进行中。"))),
            vec![expect(STATUS, "tasks[1].note_en", "note_zh has no English", "note_en = \"\"", 0)],
        ),
        (
            "quiz choices that do not match",
            Box::new(|f| remove(f, QUIZ, "/questions/0/choices_en/2")),
            vec![expect(
                QUIZ,
                "questions[0].choices_en",
                "choices_zh has 3 item(s) but choices_en has 2",
                "choices_en",
                0,
            )],
        ),
        (
            "a lesson objective without its translation",
            Box::new(|f| set(f, LESSON, "/objectives_en", json!([]))),
            vec![expect(
                LESSON,
                "objectives_en",
                "objectives_zh has 1 item(s) but objectives_en has 0",
                "objectives_en",
                0,
            )],
        ),
        (
            "a link to an unknown page",
            Box::new(|f| set(f, PFAS, "/sections/3/paragraphs_en/0", json!("See {{page:/nope|this}}."))),
            vec![expect(PFAS, "sections[3].paragraphs_en[0]", "broken link: no portal page /nope", "{{page:/nope", 0)],
        ),
        (
            "a link to an unknown explainer",
            Box::new(|f| set(f, LESSON, "/data_activity_zh/0", json!("看{{page:/learn/no-such-page}}。"))),
            vec![expect(LESSON, "data_activity_zh[0]", "no portal page /learn/no-such-page", "{{page:/learn/no", 0)],
        ),
        (
            "a plan task linking to an unknown page",
            Box::new(|f| set(f, PLAN, "/tasks/1/portal_links/1", json!("/substances/15"))),
            vec![expect(PLAN, "tasks[1].portal_links[1]", "no portal page /substances/15", "\"/substances/15\"", 0)],
        ),
        (
            "a reference to entry 15",
            Box::new(|f| set(f, PFAS, "/sections/1/paragraphs_zh/0", json!("见{{entry:15}}。"))),
            vec![expect(PFAS, "sections[1].paragraphs_zh[0]", "unknown list entry 15", "{{entry:15", 0)],
        ),
        (
            "entry 0 in a quiz prompt",
            Box::new(|f| set(f, QUIZ, "/questions/1/prompt_en", json!("Entry {{entry:0|zero}}?"))),
            vec![expect(QUIZ, "questions[1].prompt_en", "unknown list entry 0", "{{entry:0", 0)],
        ),
        (
            "an explainer about entry 15",
            Box::new(|f| set(f, PFAS, "/entries", json!([1, 15]))),
            vec![expect(PFAS, "entries[1]", "unknown list entry 15", "  15,", 0)],
        ),
        (
            "a link to an unknown glossary term",
            Box::new(|f| set(f, MP, "/sections/0/paragraphs_en/0", json!("Some [[no-such-term|words]]."))),
            vec![expect(
                MP,
                "sections[0].paragraphs_en[0]",
                "unknown glossary term `no-such-term`",
                "[[no-such-term",
                0,
            )],
        ),
        (
            "an unknown term in the plan",
            Box::new(|f| set(f, PLAN, "/approach_en/0", json!("First [[screening]]."))),
            vec![expect(PLAN, "approach_en[0]", "unknown glossary term `screening`", "[[screening", 0)],
        ),
        (
            "a see-also to an unknown term",
            Box::new(|f| set(f, GLOSSARY, "/terms/1/see_also/1", json!("doze"))),
            vec![expect(GLOSSARY, "terms[1].see_also[1]", "unknown glossary term `doze`", "\"doze\"", 0)],
        ),
        (
            "an explainer without sources",
            Box::new(|f| set(f, PFAS, "/sources", json!([]))),
            vec![expect(PFAS, "sources", "at least one [[sources]]", "sources = []", 0)],
        ),
        (
            "a source without url and note",
            Box::new(|f| {
                remove(f, MP, "/sources/1/note_zh");
                remove(f, MP, "/sources/1/note_en");
            }),
            vec![expect(MP, "sources[1].url", "a source without a url needs a note", "url = \"\"", 0)],
        ),
        (
            "a source with an empty note",
            Box::new(|f| {
                set(f, MP, "/sources/1/note_zh", json!("  "));
                set(f, MP, "/sources/1/note_en", json!(""));
            }),
            vec![expect(MP, "sources[1].url", "needs a note that says why", "url = \"\"", 0)],
        ),
        (
            "a source without url whose only note is a research note",
            Box::new(|f| {
                remove(f, PFAS, "/sources/1/note_zh");
                remove(f, PFAS, "/sources/1/note_en");
            }),
            vec![expect(PFAS, "sources[1].url", "a source without a url needs a note", "url = \"\"", 0)],
        ),
        (
            "an English research note in a source's Chinese note",
            Box::new(|f| set(f, PFAS, "/sources/1/note_zh", json!("Reports the OECD (2021) definition."))),
            vec![expect(PFAS, "sources[1].note_zh", "note_zh is not in Chinese", "Reports the OECD", 0)],
        ),
        (
            "a Chinese note in a source's English note",
            Box::new(|f| set(f, MP, "/sources/1/note_en", json!("官方网址尚未核实。"))),
            vec![expect(MP, "sources[1].note_en", "note_en is not in English", "note_en = \"官方", 0)],
        ),
        (
            "a source's English note made only of digits and marks",
            Box::new(|f| set(f, MP, "/sources/1/note_en", json!("2023-07-27 (34)"))),
            vec![expect(MP, "sources[1].note_en", "note_en is not in English", "2023-07-27 (34)", 0)],
        ),
        (
            "a source with a url and a Chinese note but no English one",
            Box::new(|f| f.get(PFAS)["sources"][0]["note_zh"] = json!("国际癌症研究机构的专著。")),
            vec![expect(PFAS, "sources[0].note_en", "note_zh has no English", "国际癌症研究机构", 0)],
        ),
        (
            "both notes of a source in the wrong language",
            Box::new(|f| {
                set(f, MP, "/sources/1/note_zh", json!("Official web address not yet confirmed."));
                set(f, MP, "/sources/1/note_en", json!("官方网址尚未核实。"));
            }),
            vec![
                expect(MP, "sources[1].note_zh", "note_zh is not in Chinese", "Official web address", 0),
                expect(MP, "sources[1].note_en", "note_en is not in English", "note_en = \"官方", 0),
            ],
        ),
        (
            "a source url that is not a web address",
            Box::new(|f| set(f, PFAS, "/sources/0/url", json!("monographs.iarc.who.int"))),
            vec![expect(PFAS, "sources[0].url", "not a web address", "monographs.iarc", 0)],
        ),
        (
            "a quiz answer out of range",
            Box::new(|f| set(f, QUIZ, "/questions/1/answer", json!(2))),
            vec![expect(
                QUIZ,
                "questions[1].answer",
                "answer 2 is out of range: the question has 2 choice(s)",
                "answer",
                1,
            )],
        ),
        (
            "a missing required section",
            Box::new(|f| remove(f, MP, "/sections/2")),
            vec![expect(MP, "sections", "missing the required section `what_we_dont_know`", "[[sections]]", 0)],
        ),
        (
            "an unknown section kind",
            Box::new(|f| set(f, PFAS, "/sections/1/kind", json!("summary"))),
            vec![
                expect(PFAS, "sections[1].kind", "unknown section kind `summary`", "kind = \"summary\"", 0),
                expect(PFAS, "sections", "missing the required section `what_we_know`", "[[sections]]", 0),
            ],
        ),
        (
            "a section twice",
            Box::new(|f| set(f, PFAS, "/sections/2/kind", json!("what_we_know"))),
            vec![
                expect(PFAS, "sections[2].kind", "a second `what_we_know` section", "kind = \"what_we_know\"", 1),
                expect(PFAS, "sections", "missing the required section `what_we_dont_know`", "[[sections]]", 0),
            ],
        ),
        (
            "duplicate explainer ids",
            Box::new(|f| set(f, MP, "/id", json!("pfas"))),
            vec![
                expect(MP, "id", "duplicate explainer id `pfas`", "id = \"pfas\"", 0),
                expect(MP, "id", "must match the file name (microplastics.toml)", "id = \"pfas\"", 0),
                expect(LESSON, "explainers[1]", "no explainer `microplastics`", "\"microplastics\"", 0),
            ],
        ),
        (
            "duplicate explainer orders",
            Box::new(|f| set(f, MP, "/order", json!(1))),
            vec![expect(MP, "order", "duplicate order 1", "order = 1", 0)],
        ),
        (
            "duplicate glossary ids",
            Box::new(|f| set(f, GLOSSARY, "/terms/2/id", json!("pfas"))),
            vec![
                expect(GLOSSARY, "terms[2].id", "duplicate term id `pfas`", "id = \"pfas\"", 1),
                // The term that was renamed is gone, so a see-also to it breaks too.
                expect(GLOSSARY, "terms[1].see_also[1]", "unknown glossary term `dose`", "\"dose\"", 0),
            ],
        ),
        (
            "duplicate question ids",
            Box::new(|f| set(f, QUIZ, "/questions/1/id", json!("pfas-1"))),
            vec![expect(QUIZ, "questions[1].id", "duplicate question id `pfas-1`", "id = \"pfas-1\"", 1)],
        ),
        (
            "duplicate plan task numbers",
            Box::new(|f| set(f, PLAN, "/tasks/1/number", json!(1))),
            // Safeguard 1 comes first in the file, then tasks 1 and 1.
            vec![
                expect(PLAN, "tasks[1].number", "duplicate task number 1", "number = 1", 2),
                expect(STATUS, "tasks[1].number", "the plan has no task 2", "number = 2", 0),
            ],
        ),
        (
            "an unclosed glossary link",
            Box::new(|f| set(f, PFAS, "/summary_zh", json!("关于[[pfas|PFAS的摘要。"))),
            vec![expect(PFAS, "summary_zh", "malformed markup: unclosed `[[`", "[[pfas|PFAS", 0)],
        ),
        (
            "an unclosed page link",
            Box::new(|f| set(f, PFAS, "/sections/3/paragraphs_zh/0", json!("在{{page:/disclosures|企业披露里查看。"))),
            vec![expect(
                PFAS,
                "sections[3].paragraphs_zh[0]",
                "malformed markup: unclosed `{{`",
                "{{page:/disclosures|企业",
                0,
            )],
        ),
        (
            "an unclosed bold",
            Box::new(|f| set(f, LESSON, "/steps/1/text_en", json!("Data **activity."))),
            vec![expect(LESSON, "steps[1].text_en", "malformed markup: unclosed `**`", "**activity", 0)],
        ),
        (
            "an unknown link kind",
            Box::new(|f| set(f, PFAS, "/sections/2/paragraphs_en/0", json!("See {{enterprise:e00001}}."))),
            vec![expect(PFAS, "sections[2].paragraphs_en[0]", "unknown link kind `enterprise`", "{{enterprise", 0)],
        ),
        (
            "a quiz for an unknown explainer",
            Box::new(|f| set(f, QUIZ, "/explainer", json!("pfoa"))),
            vec![
                expect(QUIZ, "explainer", "no explainer `pfoa` for this quiz", "explainer = \"pfoa\"", 0),
                expect(QUIZ, "explainer", "must match the file name (pfas.toml)", "explainer = \"pfoa\"", 0),
            ],
        ),
        (
            "a lesson using an unknown explainer",
            Box::new(|f| set(f, LESSON, "/explainers/1", json!("plastics"))),
            vec![expect(LESSON, "explainers[1]", "no explainer `plastics`", "\"plastics\"", 0)],
        ),
        (
            "a lesson whose steps do not add up",
            Box::new(|f| set(f, LESSON, "/steps/1/minutes", json!(20))),
            vec![expect(
                LESSON,
                "duration_minutes",
                "duration_minutes is 15 but the steps add up to 25",
                "duration",
                0,
            )],
        ),
        (
            "a status for a task the plan does not have",
            Box::new(|f| set(f, STATUS, "/tasks/1/number", json!(16))),
            vec![
                expect(STATUS, "tasks[1].number", "the plan has no task 16", "number = 16", 0),
                expect(STATUS, "tasks", "no status for task 2", "[[tasks]]", 0),
            ],
        ),
        (
            "a date that is not a date",
            Box::new(|f| set(f, PFAS, "/last_reviewed", json!("2026-02-30"))),
            vec![expect(PFAS, "last_reviewed", "not a date: \"2026-02-30\"", "last_reviewed", 0)],
        ),
        (
            "a source date that is not a date",
            Box::new(|f| set(f, PFAS, "/sources/0/date", json!("last year"))),
            vec![expect(PFAS, "sources[0].date", "not a date", "last year", 0)],
        ),
    ]
}

#[test]
fn each_broken_case_names_file_line_and_path_table_driven() {
    for (name, breakage, expected) in breakages() {
        let mut files = Files::new();
        breakage(&mut files);
        let errors = files.validate();
        for e in &expected {
            let line = line_of(&files.text(e.file), e.at, e.nth);
            let found = errors
                .iter()
                .any(|x| x.file == e.file && x.path == e.path && x.message.contains(e.message) && x.line == line);
            assert!(found, "{name}: expected `{}:{line}: {}: …{}…`, got:{}", e.file, e.path, e.message, list(&errors));
        }
        assert_eq!(errors.len(), expected.len(), "{name}: unexpected extra errors:{}", list(&errors));
    }
}

#[test]
fn every_error_is_reported_not_just_the_first() {
    let mut files = Files::new();
    for (_, breakage, _) in breakages().into_iter().take(5) {
        breakage(&mut files);
    }
    assert_eq!(files.validate().len(), 5, "{}", list(&files.validate()));
}

#[test]
fn an_error_displays_as_file_line_path_message() {
    let mut files = Files::new();
    set(&mut files, PFAS, "/sections/3/paragraphs_en/0", json!("See {{page:/nope}}."));
    let errors = files.validate();
    let line = line_of(&files.text(PFAS), "{{page:/nope", 0);
    assert_eq!(
        errors.iter().map(ToString::to_string).collect::<Vec<_>>(),
        vec![format!("{PFAS}:{line}: sections[3].paragraphs_en[0]: broken link: no portal page /nope")]
    );
}

#[test]
fn page_links_may_carry_a_query_or_fragment() {
    let content = Files::new().content();
    let targets = Targets::portal(1..=14, &content);
    for ok in
        ["/", "/learn/pfas", "/learn/microplastics#sources", "/substances/14", "/disclosures?e=1&y=2023", "/glossary"]
    {
        assert!(targets.has_page(ok), "{ok}");
    }
    for bad in ["/learn/pfoa", "/substances/15", "/substances/0", "/nope", "/learn/", "learn", "/enterprises"] {
        assert!(!targets.has_page(bad), "{bad}");
    }
}

#[test]
fn the_index_lists_explainers_and_lessons_in_order() {
    let mut files = Files::new();
    set(&mut files, PFAS, "/order", json!(9));
    let content = files.content();
    let index = content.index();
    let ids: Vec<&str> = index.explainers.iter().map(|e| e.id.as_str()).collect();
    assert_eq!(ids, ["microplastics", "pfas"]);
    assert_eq!(index.explainers.iter().map(|e| e.quiz).collect::<Vec<_>>(), [false, true]);
    assert_eq!(index.lessons.len(), 1);
    assert_eq!(index.lessons[0].duration_minutes, 15);
    assert_eq!(index.glossary.terms.len(), 3);
    assert!(index.status.is_sample);
    // The shipped JSON reads back into the same types.
    let json = serde_json::to_string(&index).expect("serialise");
    assert_eq!(serde_json::from_str::<portal_core::content::ContentIndex>(&json).expect("read back"), index);
    // ... less the editors' research notes, which are never serialised.
    let mut explainer = content.explainers[0].value.clone();
    let json = serde_json::to_string(&explainer).expect("serialise");
    explainer.sources.iter_mut().for_each(|s| s.research_note = None);
    assert_eq!(serde_json::from_str::<portal_core::content::Explainer>(&json).expect("read back"), explainer);
}

#[test]
fn a_research_note_never_reaches_the_feed_but_reader_notes_do() {
    let content = Files::new().content();
    let explainer = &content.explainers[0].value;
    assert!(explainer.sources[1].research_note.as_deref().is_some_and(|n| n.contains("Tasks 4 and 9")));
    let json = serde_json::to_string(explainer).expect("json");
    assert!(!json.contains("research_note") && !json.contains("Tasks 4 and 9"), "{json}");
    assert!(json.contains("官方网址尚未核实") && json.contains("has not yet been confirmed"), "{json}");
    let back: portal_core::content::Explainer = serde_json::from_str(&json).expect("read back");
    assert_eq!(back.sources[1].research_note, None);
    assert_eq!(back.sources[1].note_zh, explainer.sources[1].note_zh);
}

#[test]
fn the_synonym_table_names_each_missing_target_on_its_row() {
    let mut content = Files::new().content();
    let text = "[[synonym]]\nwords = [\"臭味\"]\ncategories = [\"odour_or_discoloured_water\"]\n\n[[synonym]]\nwords = [\"PFAS\"]\nexplainers = [\"pfas\", \"nope\"]\ncategories = [\"smell\"]\n";
    content.synonyms = ContentFile {
        file: "content/synonyms.toml".to_owned(),
        text: text.to_owned(),
        value: toml::from_str(text).expect("the fixture parses"),
    };
    let errors = portal_feed::content::synonym_errors(&content, None);
    let got: Vec<String> = errors.iter().map(ToString::to_string).collect();
    assert_eq!(
        got,
        vec![
            "content/synonyms.toml:5: synonym[1]: no report category `smell`",
            "content/synonyms.toml:5: synonym[1]: no explainer `nope`",
        ]
    );
}
