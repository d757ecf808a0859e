//! Education content in the feed compiler, on a copy of the real `data/` and `content/` trees:
//! the real content passes and ships in the version (`content/index.json`, one file per
//! explainer, quiz and lesson, all covered by the version hash); every kind of broken content
//! makes `feed validate` and `feed build` fail naming the file and line, and a failed build leaves
//! the output directory byte-for-byte unchanged.

mod common;

use common::{Fixture, copy_tree, diff, snapshot};
use portal_core::content::{ContentFiles, ContentIndex, Explainer, Inline, Lesson, Quiz, check_inline, parse_inline};
use portal_core::feed::Manifest;
use portal_core::feed::validate::ValidationError;
use portal_feed::build::{BuildError, Built, build, build_with_content, check_with_content};
use portal_feed::content::parse_toml;
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::Command;

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// A copy of the real sources, with the real content next to them in `<tmp>/content`.
struct ContentFixture {
    f: Fixture,
    content: PathBuf,
}

impl ContentFixture {
    fn new() -> Self {
        let f = Fixture::new();
        let content = f.dir.path().join("content");
        copy_tree(&repo().join("content"), &content);
        Self { f, content }
    }

    fn path(&self, rel: &str) -> PathBuf {
        self.content.join(rel)
    }

    fn read(&self, rel: &str) -> String {
        std::fs::read_to_string(self.path(rel)).unwrap_or_else(|e| panic!("read {rel}: {e}"))
    }

    /// Replaces the first occurrence of `old` in a content file, which must hold it.
    fn replace(&self, rel: &str, old: &str, new: &str) {
        let text = self.read(rel);
        assert!(text.contains(old), "{rel} does not contain {old:?}");
        std::fs::write(self.path(rel), text.replacen(old, new, 1)).expect("write a content file");
    }

    fn check(&self) -> Result<portal_feed::load::Sources, Vec<ValidationError>> {
        check_with_content(&self.f.data, Some(&self.content))
    }

    fn build(&self) -> Result<Built, BuildError> {
        build_with_content(&self.f.data, Some(&self.content), &self.f.out)
    }
}

fn list(errors: &[ValidationError]) -> String {
    if errors.is_empty() { "\n  (no errors)".to_owned() } else { errors.iter().map(|e| format!("\n  {e}")).collect() }
}

fn parse<T: serde::de::DeserializeOwned>(path: &Path) -> T {
    let bytes = std::fs::read(path).unwrap_or_else(|e| panic!("read {}: {e}", path.display()));
    serde_json::from_slice(&bytes).unwrap_or_else(|e| panic!("parse {}: {e}", path.display()))
}

fn built_ok(result: Result<Built, BuildError>) -> Built {
    match result {
        Ok(b) => b,
        Err(BuildError::Invalid(errors)) => panic!("the real data and content should build:{}", list(&errors)),
        Err(e) => panic!("the real data and content should build: {e}"),
    }
}

/// The 1-based line of the first occurrence of `needle` in `text`.
fn line_of(text: &str, needle: &str) -> usize {
    let at = text.find(needle).unwrap_or_else(|| panic!("{needle:?} is not in the file"));
    text[..at].matches('\n').count() + 1
}

fn feed(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_feed")).args(args).output().expect("run the feed binary")
}

fn utf8(p: &Path) -> &str {
    p.to_str().expect("a UTF-8 path")
}

// --- the real content ----------------------------------------------------------------------------

#[test]
fn the_real_content_is_valid() {
    let sources = match check_with_content(&repo().join("data"), Some(&repo().join("content"))) {
        Ok(s) => s,
        Err(errors) => panic!("the real content should be valid:{}", list(&errors)),
    };
    let content = sources.content.expect("the content was read");
    assert_eq!(content.explainers.len(), 8);
    assert_eq!(content.quizzes.len(), 8);
    assert_eq!(content.lessons.len(), 5);
    assert!(content.glossary.value.terms.len() >= 40, "the glossary needs at least 40 terms");
    assert_eq!(content.plan.value.tasks.len(), 15);
    assert_eq!(content.status.value.tasks.len(), 15);
    assert!(content.status.value.is_sample, "the placeholder statuses must be labelled as sample");
    assert_eq!(content.explainers[0].file, "content/explainers/antibiotics-amr.toml");
}

#[test]
fn feed_validate_in_the_repository_checks_the_content_by_default() {
    let output = Command::new(env!("CARGO_BIN_EXE_feed"))
        .arg("validate")
        .current_dir(repo())
        .output()
        .expect("run the feed binary");
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(output.status.success(), "exit {:?}\n{}", output.status, String::from_utf8_lossy(&output.stderr));
    assert!(
        stdout.contains("content: valid (8 explainer(s), 66 glossary term(s), 8 quiz(zes), 5 lesson plan(s))"),
        "{stdout}"
    );
}

#[test]
fn every_shipped_text_is_well_formed_markup() {
    let c = ContentFixture::new();
    let content = c.check().map_err(|e| list(&e)).expect("valid").content.expect("content");
    let mut texts = 0;
    let mut links = 0;
    for f in &content.explainers {
        for s in &f.value.sections {
            for p in s.paragraphs_zh.iter().chain(&s.paragraphs_en) {
                let inlines = check_inline(p).unwrap_or_else(|e| panic!("{}: {e:?}", f.file));
                assert_eq!(inlines, parse_inline(p));
                texts += 1;
                links += inlines.iter().filter(|i| !matches!(i, Inline::Text(_) | Inline::Bold(_))).count();
            }
        }
    }
    assert!(texts > 200, "{texts} paragraphs");
    assert!(links > 100, "{links} links");
}

// --- shipping --------------------------------------------------------------------------------------

#[test]
fn building_ships_the_content_in_the_version() {
    let c = ContentFixture::new();
    let content = c.check().map_err(|e| list(&e)).expect("valid").content.expect("content");
    let built = built_ok(c.build());
    let dir = c.f.out.join(&built.version);

    let manifest: Manifest = parse(&dir.join("manifest.json"));
    let files = manifest.files.content.expect("the manifest names the content files");
    assert_eq!(files, ContentFiles::default());
    assert_eq!(files.index, "content/index.json");

    let index: ContentIndex = parse(&dir.join(&files.index));
    let ids: Vec<&str> = index.explainers.iter().map(|e| e.id.as_str()).collect();
    assert_eq!(
        ids,
        [
            "what-are-new-pollutants",
            "pfas",
            "antibiotics-amr",
            "endocrine-disruptors",
            "microplastics",
            "pops-stockholm",
            "everyday-products",
            "farming"
        ]
    );
    assert!(index.explainers.windows(2).all(|w| w[0].order < w[1].order));
    assert!(index.explainers.iter().all(|e| e.quiz), "every explainer has its quiz");
    let pfas = index.explainers.iter().find(|e| e.id == "pfas").expect("pfas");
    assert_eq!(pfas.entries, [1, 2, 8]);
    assert!(pfas.title_zh.contains("PFAS") && !pfas.summary_en.is_empty());
    assert_eq!(index.glossary, content.glossary.value);
    assert_eq!(index.plan, content.plan.value);
    assert_eq!(index.status, content.status.value);
    let levels: Vec<&str> = index.lessons.iter().map(|l| l.level.as_str()).collect();
    assert_eq!(levels, ["upper-primary", "middle-school", "pfas", "community", "endocrine-disruptors"]);

    // One file per explainer, quiz and lesson, each the source as read (less the editors' research
    // notes, which never ship), and nothing else.
    let mut want = BTreeSet::from(["index.json".to_owned()]);
    assert!(content.explainers.iter().any(|f| f.value.sources.iter().any(|s| s.research_note.is_some())));
    for f in &content.explainers {
        let e: Explainer = parse(&dir.join(format!("{}{}.json", files.explainers_dir, f.value.id)));
        let mut shipped = f.value.clone();
        shipped.sources.iter_mut().for_each(|s| s.research_note = None);
        assert_eq!(e, shipped);
        want.insert(format!("explainers/{}.json", f.value.id));
    }
    for f in &content.quizzes {
        let q: Quiz = parse(&dir.join(format!("{}{}.json", files.quizzes_dir, f.value.explainer)));
        assert_eq!(q, f.value);
        want.insert(format!("quizzes/{}.json", f.value.explainer));
    }
    for f in &content.lessons {
        let l: Lesson = parse(&dir.join(format!("{}{}.json", files.lessons_dir, f.value.level)));
        assert_eq!(l, f.value);
        want.insert(format!("lessons/{}.json", f.value.level));
    }
    let shipped: BTreeSet<String> = snapshot(&dir.join("content")).into_keys().collect();
    assert_eq!(shipped, want);

    // Texts ship as written; the app parses them into text and links.
    let explainer: Explainer = parse(&dir.join("content/explainers/pfas.json"));
    let inlines = parse_inline(&explainer.sections[0].paragraphs_en[0]);
    assert_eq!(inlines[0], Inline::Term { id: "pfas".into(), text: "PFAS".into() });
}

#[test]
fn the_content_is_part_of_the_version_hash() {
    let c = ContentFixture::new();
    let without = built_ok(build(&c.f.data, &c.f.dir.path().join("out-without")));
    let with = built_ok(c.build());
    assert_ne!(with.version, without.version, "content must change the version");
    let manifest: Manifest = parse(&c.f.dir.path().join("out-without").join(&without.version).join("manifest.json"));
    assert_eq!(manifest.files.content, None, "a feed without content names none");

    let again = built_ok(c.build());
    assert_eq!(again.version, with.version);
    assert!(!again.written, "unchanged content writes nothing");

    c.replace("glossary.toml", "Without exposure there is no risk.", "Without exposure, there is no risk.");
    let edited = built_ok(c.build());
    assert_ne!(edited.version, with.version, "an edited glossary gives a new version");
    assert!(c.f.out.join(&with.version).join("manifest.json").is_file(), "the old version stays");
}

// --- broken content ------------------------------------------------------------------------------

/// How a case breaks the content, and the error it must give: file, path, part of the message,
/// and a text whose first occurrence in the broken file is on the reported line (`None`: line 1).
struct Case {
    name: &'static str,
    breakage: Box<dyn Fn(&ContentFixture)>,
    file: &'static str,
    path: &'static str,
    message: &'static str,
    at: Option<&'static str>,
}

const PFAS: &str = "explainers/pfas.toml";

fn case(
    name: &'static str,
    breakage: impl Fn(&ContentFixture) + 'static,
    file: &'static str,
    path: &'static str,
    message: &'static str,
    at: Option<&'static str>,
) -> Case {
    Case { name, breakage: Box::new(breakage), file, path, message, at }
}

fn cases() -> Vec<Case> {
    vec![
        case(
            "a missing English title",
            |c| c.replace(PFAS, "title_en = \"PFAS: the “forever chemicals”\"\n", ""),
            PFAS,
            "title_en",
            "missing translation: title_zh has no English (title_en is missing or empty)",
            Some("title_zh"),
        ),
        case(
            "an empty English paragraph",
            |c| {
                c.replace(
                    PFAS,
                    "\"IARC assessed only two PFAS, PFOA and PFOS. For the thousands of other PFAS, there is no equally authoritative conclusion about health effects yet.\"",
                    "\"\"",
                )
            },
            PFAS,
            "sections[2].paragraphs_en[0]",
            "paragraphs_en[0] is empty",
            Some("  \"\","),
        ),
        case(
            "an English paragraph too few",
            |c| {
                let text = c.read(PFAS);
                let line =
                    text.lines().find(|l| l.starts_with("  \"PFAS have been used in many places")).expect("a line");
                std::fs::write(c.path(PFAS), text.replacen(&format!("{line}\n"), "", 1)).expect("write");
            },
            PFAS,
            "sections[0].paragraphs_en",
            "paragraphs_zh has 3 item(s) but paragraphs_en has 2",
            Some("paragraphs_en"),
        ),
        case(
            "a link to an unknown page",
            |c| c.replace(PFAS, "{{page:/report|Report page}}", "{{page:/nope|Report page}}"),
            PFAS,
            "sections[3].paragraphs_en[2]",
            "broken link: no portal page /nope",
            Some("{{page:/nope"),
        ),
        case(
            "a link to an unknown glossary term",
            |c| c.replace(PFAS, "extremely [[persistent]]", "extremely [[no-such-term]]"),
            PFAS,
            "sections[0].paragraphs_en[2]",
            "unknown glossary term `no-such-term`",
            Some("[[no-such-term"),
        ),
        case(
            "a reference to entry 15",
            |c| c.replace(PFAS, "{{entry:8|entry 8}}", "{{entry:15|entry 15}}"),
            PFAS,
            "sections[1].paragraphs_en[3]",
            "unknown list entry 15",
            Some("{{entry:15"),
        ),
        case(
            "an explainer without sources",
            |c| {
                let text = c.read(PFAS);
                let cut = text.find("\n[[sources]]").expect("pfas has sources");
                std::fs::write(c.path(PFAS), &text[..cut]).expect("write");
            },
            PFAS,
            "sources",
            "an explainer needs at least one [[sources]] entry",
            Some("id = \"pfas\""),
        ),
        case(
            "a source without url or note",
            |c| {
                c.replace(PFAS, "note_zh = \"官方网址尚未核实，暂不提供链接。本站依据方案全文整理。\"\n", "");
                c.replace(
                    PFAS,
                    "note_en = \"The official web address has not yet been confirmed, so no link is given. We worked from the full text of the plan.\"\n",
                    "",
                );
            },
            PFAS,
            "sources[8].url",
            "a source without a url needs a note that says why",
            Some("url = \"\""),
        ),
        case(
            "an unclosed glossary link",
            |c| c.replace(PFAS, "[[dose|剂量]]", "[[dose|剂量"),
            PFAS,
            "sections[3].paragraphs_zh[0]",
            "malformed markup: unclosed `[[`",
            Some("[[dose|剂量"),
        ),
        case(
            "an unclosed page link",
            |c| c.replace("lessons/middle-school.toml", "{{page:/report|Report page}}", "{{page:/report|Report page"),
            "lessons/middle-school.toml",
            "data_activity_en[7]",
            "malformed markup: unclosed `{{`",
            Some("{{page:/report|Report page."),
        ),
        case(
            "malformed TOML",
            |c| c.replace(PFAS, "last_reviewed = \"2026-11-28\"", "last_reviewed = \"2026-11-28"),
            PFAS,
            "-",
            "invalid basic string, expected `\"` (line 8, column",
            Some("last_reviewed"),
        ),
        case(
            "an unknown key",
            |c| c.replace("quizzes/farming.toml", "answer = 2", "answer = 2\ncolour = \"red\""),
            "quizzes/farming.toml",
            "questions[2].colour",
            "unknown field `colour`",
            Some("colour"),
        ),
        case(
            "a quiz answer out of range",
            |c| c.replace("quizzes/pfas.toml", "answer = 0", "answer = 3"),
            "quizzes/pfas.toml",
            "questions[0].answer",
            "answer 3 is out of range: the question has 3 choice(s)",
            Some("answer = 3"),
        ),
        case(
            "quiz choices without their translation",
            |c| c.replace("quizzes/pfas.toml", ", \"Because they were the first chemicals ever invented\"", ""),
            "quizzes/pfas.toml",
            "questions[0].choices_en",
            "choices_zh has 3 item(s) but choices_en has 2",
            Some("choices_en"),
        ),
        case(
            "an unknown section kind",
            |c| c.replace(PFAS, "kind = \"in_lianyungang\"", "kind = \"in_china\""),
            PFAS,
            "sections[4].kind",
            "unknown section kind `in_china`",
            Some("in_china"),
        ),
        case(
            "a missing required section",
            |c| c.replace(PFAS, "kind = \"what_we_dont_know\"", "kind = \"in_lianyungang\""),
            PFAS,
            "sections",
            "missing the required section `what_we_dont_know`",
            Some("[[sections]]"),
        ),
        case(
            "a duplicate explainer",
            |c| std::fs::copy(c.path(PFAS), c.path("explainers/pfas2.toml")).map(|_| ()).expect("copy"),
            "explainers/pfas2.toml",
            "id",
            "duplicate explainer id `pfas` (also in content/explainers/pfas.toml)",
            Some("id = "),
        ),
        case(
            "a plan task linking to an unknown page",
            |c| c.replace("plan/plan.toml", "portal_links = [\"/learn/farming\"]", "portal_links = [\"/learn/farm\"]"),
            "plan/plan.toml",
            "tasks[10].portal_links[0]",
            "broken link: no portal page /learn/farm",
            Some("/learn/farm\""),
        ),
        case(
            "a status for a task the plan does not have",
            |c| c.replace("plan/status.toml", "number = 15", "number = 16"),
            "plan/status.toml",
            "tasks[14].number",
            "the plan has no task 16",
            Some("number = 16"),
        ),
        case(
            "a missing status file",
            |c| std::fs::remove_file(c.path("plan/status.toml")).expect("remove"),
            "plan/status.toml",
            "-",
            "cannot read",
            None,
        ),
        case(
            "a content file that is not TOML",
            |c| std::fs::write(c.path("explainers/notes.md"), "# notes").expect("write"),
            "explainers/notes.md",
            "-",
            "not a .toml file",
            None,
        ),
    ]
}

#[test]
fn each_broken_case_fails_validate_and_build_naming_file_and_line_table_driven() {
    for case in cases() {
        let c = ContentFixture::new();
        let before = built_ok(c.build());
        let out_before = snapshot(&c.f.out);
        (case.breakage)(&c);
        let file = format!("content/{}", case.file);
        let line = match (case.at, c.path(case.file).is_file()) {
            (Some(at), true) => line_of(&c.read(case.file), at),
            _ => 1,
        };
        let record = if case.at.is_some() { format!("line {line}") } else { "-".to_owned() };

        // The library names file, line, path and message.
        let Err(errors) = c.check() else { panic!("{}: the content is broken but passed", case.name) };
        assert!(
            errors.iter().any(|e| e.file == file
                && e.record == record
                && e.path == case.path
                && e.message.contains(case.message)),
            "{}: expected `{file}: {record}: {}: …{}…`, got:{}",
            case.name,
            case.path,
            case.message,
            list(&errors)
        );

        // `feed validate` fails and prints it.
        let data = utf8(&c.f.data);
        let content = utf8(&c.content);
        let out = utf8(&c.f.out);
        let output = feed(&["validate", "--data", data, "--content", content]);
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(!output.status.success(), "{}: feed validate must fail", case.name);
        let want = format!("error: {file}: {record}: {}: ", case.path);
        assert!(stderr.contains(&want), "{}: stderr lacks {want:?}:\n{stderr}", case.name);

        // `feed build` fails, says so, and leaves the output as it was.
        let output = feed(&["build", "--data", data, "--content", content, "--out", out]);
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(!output.status.success(), "{}: feed build must fail", case.name);
        assert!(stderr.contains(&want), "{}: stderr lacks {want:?}:\n{stderr}", case.name);
        assert!(stderr.contains("nothing was written"), "{}: {stderr}", case.name);
        assert!(matches!(c.build(), Err(BuildError::Invalid(_))), "{}: the library build must fail", case.name);
        let out_after = snapshot(&c.f.out);
        assert!(out_before == out_after, "{}: the output changed:\n{}", case.name, diff(&out_before, &out_after));
        assert!(c.f.out.join(&before.version).join("manifest.json").is_file());
    }
}

#[test]
fn a_toml_syntax_error_names_line_and_column() {
    let err = parse_toml::<Quiz>("content/quizzes/x.toml", "explainer = \"pfas\"\n\n[[questions]]\nid = \n")
        .expect_err("broken TOML");
    assert_eq!(err.file, "content/quizzes/x.toml");
    assert_eq!(err.record, "line 4");
    assert_eq!(err.path, "-");
    assert!(err.message.contains("(line 4, column"), "{}", err.message);

    let err = parse_toml::<Quiz>("q.toml", "explainer = \"pfas\"\n\n[[questions]]\nid = \"a\"\nanswer = \"one\"\n")
        .expect_err("a string answer");
    assert_eq!((err.record.as_str(), err.path.as_str()), ("line 5", "questions[0].answer"));
}

#[test]
fn the_content_directory_defaults_to_the_sibling_of_the_data_directory() {
    let c = ContentFixture::new();
    c.replace(PFAS, "{{page:/report|Report page}}", "{{page:/nope|Report page}}");
    // No --content: `<tmp>/content` next to `<tmp>/data` is found and checked.
    let output = feed(&["validate", "--data", utf8(&c.f.data)]);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(!output.status.success());
    assert!(stderr.contains("error: content/explainers/pfas.toml: line "), "{stderr}");
    assert!(stderr.contains("broken link: no portal page /nope"), "{stderr}");

    // An explicit --content that does not exist is an error, not a silent skip.
    let missing = c.f.dir.path().join("no-content");
    let output = feed(&["build", "--data", utf8(&c.f.data), "--content", utf8(&missing), "--out", utf8(&c.f.out)]);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(!output.status.success());
    assert!(stderr.contains("cannot read the content directory"), "{stderr}");
    assert!(!c.f.out.exists(), "a failed build writes nothing");

    // Without any content directory next to the data, the feed builds without content and says so.
    std::fs::remove_dir_all(&c.content).expect("remove the content");
    let output = feed(&["build", "--data", utf8(&c.f.data), "--out", utf8(&c.f.out)]);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "{stderr}");
    assert!(stderr.contains("note: no content directory at"), "{stderr}");
}
