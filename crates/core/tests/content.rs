//! Education content: the inline markup parser (lenient and strict, and never a way to inject
//! HTML) and how section kinds read. The TOML source map and content validation, which the feed
//! compiler runs, are tested in crates/feed/tests/content_check.rs.

use portal_core::content::{Inline, SectionKind, check_inline, is_portal_path, parse_inline};
use proptest::prelude::*;
use serde_json::json;

// --- markup ------------------------------------------------------------------------------------

fn text(s: &str) -> Inline {
    Inline::Text(s.to_owned())
}

fn term(id: &str, t: &str) -> Inline {
    Inline::Term { id: id.to_owned(), text: t.to_owned() }
}

fn entry(n: u8, t: Option<&str>) -> Inline {
    Inline::Entry { n, text: t.map(str::to_owned) }
}

fn page(path: &str, t: Option<&str>) -> Inline {
    Inline::Page { path: path.to_owned(), text: t.map(str::to_owned) }
}

#[test]
fn well_formed_markup_parses_into_text_and_links_table_driven() {
    let cases: Vec<(&str, Vec<Inline>)> = vec![
        ("", vec![]),
        ("plain text, 中文，（括号）", vec![text("plain text, 中文，（括号）")]),
        ("a [[pfas]] b", vec![text("a "), term("pfas", "pfas"), text(" b")]),
        ("[[pfas|PFAS 全氟]]", vec![term("pfas", "PFAS 全氟")]),
        ("见{{entry:3}}。", vec![text("见"), entry(3, None), text("。")]),
        ("{{entry:14|第14类}}", vec![entry(14, Some("第14类"))]),
        ("{{page:/report}}", vec![page("/report", None)]),
        ("go to {{page:/learn/pfas|PFAS}}!", vec![text("go to "), page("/learn/pfas", Some("PFAS")), text("!")]),
        ("{{page:/disclosures?e=1#list|list}}", vec![page("/disclosures?e=1#list", Some("list"))]),
        ("**bold**", vec![Inline::Bold(vec![text("bold")])]),
        (
            "x **by 2025, [[pfas|PFAS]] {{entry:2}}** y",
            vec![
                text("x "),
                Inline::Bold(vec![text("by 2025, "), term("pfas", "PFAS"), text(" "), entry(2, None)]),
                text(" y"),
            ],
        ),
        ("a * b [c] {d} 5 < 6", vec![text("a * b [c] {d} 5 < 6")]),
        ("[[a]][[b|B]]", vec![term("a", "a"), term("b", "B")]),
    ];
    for (input, want) in cases {
        assert_eq!(parse_inline(input), want, "parse_inline({input:?})");
        assert_eq!(check_inline(input), Ok(want), "check_inline({input:?})");
    }
}

#[test]
fn html_in_content_is_only_ever_text() {
    let script = "<script>alert('x')</script><img src=x onerror=alert(1)>&amp;";
    assert_eq!(parse_inline(script), vec![text(script)]);
    assert_eq!(check_inline(script), Ok(vec![text(script)]));
    // In link texts and bold, HTML stays a plain string that the app escapes.
    assert_eq!(
        parse_inline("[[pfas|<b onclick=x>PFAS</b>]] **<i>x</i>**"),
        vec![term("pfas", "<b onclick=x>PFAS</b>"), text(" "), Inline::Bold(vec![text("<i>x</i>")])]
    );
    // A page link can only name a path on the portal: no scheme, no other host.
    for bad in [
        "{{page:javascript:alert(1)}}",
        "{{page://evil.example/}}",
        "{{page:/\\evil.example}}",
        "{{page:https://evil.example}}",
        "{{page:/a\"onmouseover=x}}",
        "{{page:/a<b}}",
        "{{page:/ok//evil}}",
    ] {
        assert!(check_inline(bad).is_err(), "{bad} must be rejected");
        assert_eq!(parse_inline(bad), vec![text(bad)], "{bad} must stay text");
    }
    assert!(is_portal_path("/substances/3"));
    assert!(!is_portal_path("substances"));
}

#[test]
fn malformed_markup_is_an_error_and_stays_text_when_lenient_table_driven() {
    // (input, what the error says, the snippet it points at, the lenient rendering)
    let cases: Vec<(&str, &str, &str, Vec<Inline>)> = vec![
        ("a [[pfas b", "unclosed `[[`", "[[pfas b", vec![text("a [[pfas b")]),
        ("a {{entry:3 b", "unclosed `{{`", "{{entry:3 b", vec![text("a {{entry:3 b")]),
        ("[[pfas\n]]", "unclosed `[[`", "[[pfas\n]]", vec![text("[[pfas\n]]")]),
        ("[[a [[b]]", "unclosed `[[`", "[[a [[b]]", vec![text("[[a "), term("b", "b")]),
        ("a **b", "unclosed `**`", "**b", vec![text("a **b")]),
        ("**[[pfas]]", "unclosed `**`", "**[[pfas]]", vec![text("**"), term("pfas", "pfas")]),
        ("x ]] y", "`]]` without an opening `[[`", "x ]]", vec![text("x ]] y")]),
        ("x }} y", "`}}` without an opening `{{`", "x }}", vec![text("x }} y")]),
        ("[[Not An Id]]", "needs a term id", "[[Not An Id]]", vec![text("[[Not An Id]]")]),
        ("[[pfas|]]", "empty link text", "[[pfas|]]", vec![text("[[pfas|]]")]),
        ("{{entry:x}}", "not a list entry number", "{{entry:x}}", vec![text("{{entry:x}}")]),
        ("{{entry:300}}", "not a list entry number", "{{entry:300}}", vec![text("{{entry:300}}")]),
        ("{{entry:+3}}", "not a list entry number", "{{entry:+3}}", vec![text("{{entry:+3}}")]),
        ("{{foo:bar}}", "unknown link kind `foo`", "{{foo:bar}}", vec![text("{{foo:bar}}")]),
        ("{{pfas}}", "is not a link", "{{pfas}}", vec![text("{{pfas}}")]),
        ("{{page:learn}}", "not a portal path", "{{page:learn}}", vec![text("{{page:learn}}")]),
        ("****", "empty `**…**`", "****", vec![text("****")]),
    ];
    for (input, message, snippet, lenient) in cases {
        let errors = check_inline(input).expect_err(input);
        assert!(
            errors.iter().any(|e| e.message.contains(message) && e.snippet == snippet),
            "{input:?}: expected an error containing {message:?} at {snippet:?}, got {errors:?}"
        );
        assert_eq!(parse_inline(input), lenient, "parse_inline({input:?})");
    }
}

/// Concatenates the visible text of parsed pieces.
fn visible(inlines: &[Inline]) -> String {
    inlines
        .iter()
        .map(|i| match i {
            Inline::Text(t) => t.clone(),
            Inline::Bold(inner) => visible(inner),
            Inline::Term { text, .. } => text.clone(),
            Inline::Entry { text, .. } | Inline::Page { text, .. } => text.clone().unwrap_or_default(),
        })
        .collect()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, failure_persistence: None, ..ProptestConfig::default() })]

    /// Any text parses leniently without panicking, and strict parsing agrees whenever it succeeds.
    #[test]
    fn any_text_parses_without_panicking(s in "(\\PC|[\\[\\]{}*|:/\n]){0,60}") {
        let lenient = parse_inline(&s);
        if let Ok(strict) = check_inline(&s) {
            prop_assert_eq!(strict, lenient);
        }
    }

    /// Text without markup delimiters comes back as one piece, unchanged.
    #[test]
    fn text_without_delimiters_is_one_piece(s in "[^\\[\\]{}*]{1,80}") {
        prop_assert_eq!(parse_inline(&s), vec![Inline::Text(s.clone())]);
    }

    /// Malformed markup loses no characters: the lenient rendering shows all of them.
    #[test]
    fn lenient_parsing_keeps_every_character_of_broken_markup(s in "[a-z <>\\[\\]{}]{0,40}") {
        if check_inline(&s).is_err() && !s.contains("]]") && !s.contains("}}") {
            prop_assert_eq!(visible(&parse_inline(&s)), s);
        }
    }
}

#[test]
fn section_kinds_read_known_names_and_keep_unknown_ones() {
    let kinds: Vec<SectionKind> =
        serde_json::from_value(json!(["intro", "what_we_dont_know", "in_lianyungang", "Intro"])).expect("kinds");
    assert_eq!(
        kinds,
        [
            SectionKind::Intro,
            SectionKind::WhatWeDontKnow,
            SectionKind::InLianyungang,
            SectionKind::Other("Intro".into())
        ]
    );
    assert_eq!(
        serde_json::to_value(&kinds).expect("serialise"),
        json!(["intro", "what_we_dont_know", "in_lianyungang", "Intro"])
    );
}
