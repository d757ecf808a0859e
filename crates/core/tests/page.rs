//! Prerendered pages: where each is written and served from, and the HTML around its markup.

use portal_core::i18n::Lang;
use portal_core::page::{Head, atom_links, escape_html, fill_shell, lang_of_query, mount_base, page_file, under_base};

#[test]
fn each_route_and_language_has_one_file_under_pages() {
    assert_eq!(page_file("/", Lang::Zh).as_deref(), Some("_pages/index.html"));
    assert_eq!(page_file("/", Lang::En).as_deref(), Some("_pages/en/index.html"));
    assert_eq!(page_file("/enterprises/e00118", Lang::Zh).as_deref(), Some("_pages/enterprises/e00118/index.html"));
    assert_eq!(
        page_file("/learn/lessons/primary/", Lang::En).as_deref(),
        Some("_pages/en/learn/lessons/primary/index.html")
    );
}

#[test]
fn a_path_that_could_leave_the_pages_directory_names_no_file() {
    for bad in ["", "enterprises", "/../secret", "/a/../../b", "//x", "/a/./b", "/a\\b", "/a\0b"] {
        assert_eq!(page_file(bad, Lang::Zh), None, "{bad:?}");
    }
}

#[test]
fn only_lang_en_in_the_query_asks_for_english() {
    assert_eq!(lang_of_query(Some("lang=en")), Lang::En);
    assert_eq!(lang_of_query(Some("year=2023&lang=en&v=abc")), Lang::En);
    assert_eq!(lang_of_query(Some("lang=zh")), Lang::Zh);
    assert_eq!(lang_of_query(Some("slang=en")), Lang::Zh);
    assert_eq!(lang_of_query(None), Lang::Zh);
}

/// Trunk's output for the app, as `trunk build` writes it (hashes shortened).
const SHELL: &str = r#"<!DOCTYPE html>
<html lang="zh-CN">
<head>
  <meta charset="utf-8">
  <meta name="description" content="连云港新污染物信息公开平台：企业环境信息披露">
  <title>连云港新污染物信息公开平台</title>
  <script type="module" src="/boot.js" data-portal-js="/portal-app-f367.js" data-portal-wasm="/portal-app-f367_bg.wasm"></script>
  <link rel="stylesheet" href="/main-ede8.css" integrity="sha384-x"/>
<link rel="modulepreload" href="/portal-app-f367.js" crossorigin="anonymous" integrity="sha384-y"><link rel="preload" href="/portal-app-f367_bg.wasm" crossorigin="anonymous" as="fetch" type="application/wasm"></head>
<body>
  <noscript>
    <p>本平台需要启用 JavaScript 和 WebAssembly。</p>
  </noscript>
</body>
</html>
"#;

fn head() -> Head {
    Head {
        lang: Lang::En,
        title: "Sample Chemicals \"A&B\" – Lianyungang New Pollutants Information Portal".into(),
        description: "Guannan County · Exceeded a limit (2023) · <sample>".into(),
        url: "https://example.org/enterprises/e00118?lang=en".into(),
        kind: "article",
        feeds: atom_links("/enterprises/e00118", Lang::En, "https://example.org"),
    }
}

#[test]
fn the_page_carries_its_own_title_description_and_open_graph_tags_escaped() {
    let page = fill_shell(SHELL, &head(), "<main><h1>Sample</h1></main>").expect("a Trunk shell fills");
    assert!(page.contains("<html lang=\"en\">"), "{page}");
    assert!(page.contains("<title>Sample Chemicals &quot;A&amp;B&quot; – Lianyungang"), "{page}");
    assert!(
        page.contains(
            "<meta name=\"description\" content=\"Guannan County · Exceeded a limit (2023) · &lt;sample&gt;\">"
        )
    );
    assert!(page.contains("<meta property=\"og:title\" content=\"Sample Chemicals &quot;A&amp;B&quot;"));
    assert!(page.contains("<meta property=\"og:type\" content=\"article\">"));
    assert!(page.contains("<meta property=\"og:url\" content=\"https://example.org/enterprises/e00118?lang=en\">"));
    assert!(page.contains("<meta property=\"og:locale\" content=\"en_US\">"));
    assert_eq!(page.matches("<title>").count(), 1);
    // Its Atom feeds, for feed readers' autodiscovery: its own first, then everything new.
    let own = "<link rel=\"alternate\" type=\"application/atom+xml\" title=\"This enterprise&#39;s disclosures\" href=\"https://example.org/feed/atom/enterprises/e00118.xml\">";
    let all = "<link rel=\"alternate\" type=\"application/atom+xml\" title=\"Everything new\" href=\"https://example.org/feed/atom/all.xml\">";
    let (at_own, at_all) = (page.find(own).expect("its own feed"), page.find(all).expect("the feed of everything"));
    assert!(at_own < at_all && at_all < page.find("</head>").expect("a head"));
}

#[test]
fn the_markup_replaces_the_noscript_message_and_the_preloads_are_left_out() {
    let page = fill_shell(SHELL, &head(), "<main><h1>Sample</h1></main>").expect("a Trunk shell fills");
    assert!(page.contains("<body>\n  <div id=\"prerendered\"><main><h1>Sample</h1></main></div>\n</body>"), "{page}");
    assert!(!page.contains("noscript"));
    assert!(!page.contains("modulepreload"));
    assert!(!page.contains("rel=\"preload\""));
    // The loader and the stylesheet stay.
    assert!(page.contains("src=\"/boot.js\""));
    assert!(page.contains("rel=\"stylesheet\""));
}

#[test]
fn a_shell_without_the_expected_parts_is_an_error_not_a_broken_page() {
    assert!(fill_shell("<html lang=\"zh-CN\"><title>x</title></html>", &head(), "").is_err());
    assert!(fill_shell("<p>no html</p>", &head(), "").is_err());
}

#[test]
fn escaping_covers_every_character_that_could_break_out() {
    assert_eq!(escape_html(r#"<a href="x">'&'</a>"#), "&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;");
}

#[test]
fn pages_offer_the_feed_that_fits_them() {
    let hrefs = |route: &str| atom_links(route, Lang::Zh, "").into_iter().map(|(_, h)| h).collect::<Vec<_>>();
    assert_eq!(hrefs("/substances/3"), ["/feed/atom/substances/3.xml", "/feed/atom/all.xml"]);
    assert_eq!(hrefs("/learn"), ["/feed/atom/all.xml"]);
    assert_eq!(hrefs("/substances"), ["/feed/atom/all.xml"], "the list of substances has no feed of its own");
    assert_eq!(atom_links("/", Lang::Zh, "")[0].0, "全部新发布的信息");
}

#[test]
fn the_mount_is_where_the_loader_was_served_from() {
    assert_eq!(mount_base("/boot.js"), "");
    assert_eq!(mount_base("/xinwuranwu/boot.js"), "/xinwuranwu");
    assert_eq!(mount_base("/gov/xinwuranwu/boot.js"), "/gov/xinwuranwu");
    // No loader, or an address that is not a path of this host: the root.
    for other in ["", "boot.js", "/app.js", "//cdn.example/boot.js", "https://x.example/boot.js", "/x/notboot.js"] {
        assert_eq!(mount_base(other), "", "{other:?}");
    }
}

#[test]
fn site_paths_go_under_the_mount_and_other_addresses_stay() {
    assert_eq!(under_base("", "/feed/latest.json"), "/feed/latest.json");
    assert_eq!(under_base("/xinwuranwu", "/feed/latest.json"), "/xinwuranwu/feed/latest.json");
    assert_eq!(under_base("/xinwuranwu", "/"), "/xinwuranwu/");
    for other in
        ["https://x.example/a", "//x.example/a", "#main", "blob:https://x/1", "data:image/png;base64,AA", "tel:110"]
    {
        assert_eq!(under_base("/xinwuranwu", other), other, "{other:?}");
    }
}
