//! Prerendered pages: which routes get one, where each is written in the built site, and the HTML
//! file around the prerendered markup (the app's shell with the page's own title, description and
//! Open Graph tags). The prerenderer writes the files; the intake service (and the nginx
//! configuration in deploy/) serve them by the same rule, [`page_file`].

use crate::content::ContentIndex;
use crate::feed::Index;
use crate::feed::atom::Topic;
use crate::feed::reference::Reference;
use crate::i18n::{Lang, Msg};

/// The directory inside the built site that holds the prerendered pages.
pub const PAGES_DIR: &str = "_pages";

/// Every public route that is prerendered, for the feed version built: home, the list's first
/// page, every enterprise, the list substances, overview, every explainer and lesson (with its
/// handouts, and each quiz's student copy and answer key), the glossary, the plan, the about page
/// and the report form's page.
pub fn public_routes(index: &Index, reference: &Reference, content: &ContentIndex) -> Vec<String> {
    let mut routes: Vec<String> =
        ["/", "/disclosures", "/overview", "/substances", "/learn", "/glossary", "/plan", "/about", "/report"]
            .into_iter()
            .map(str::to_owned)
            .collect();
    routes.extend(index.enterprises.iter().map(|e| format!("/enterprises/{}", e.id)));
    routes.extend(reference.substances.entries.iter().map(|e| format!("/substances/{}", e.entry)));
    routes.extend(content.explainers.iter().map(|e| format!("/learn/{}", e.id)));
    routes.extend(content.lessons.iter().map(|l| format!("/learn/lessons/{}", l.level)));
    for l in &content.lessons {
        routes.extend(l.handouts.iter().map(|h| format!("/learn/lessons/{}/{h}", l.level)));
    }
    for e in content.explainers.iter().filter(|e| e.quiz) {
        routes.push(format!("/learn/{}/quiz", e.id));
        routes.push(format!("/learn/{}/quiz/answers", e.id));
    }
    routes
}

/// The file, relative to the site's root, that holds the prerendered `path` in `lang`:
/// `_pages/enterprises/e00118/index.html`, `_pages/en/enterprises/e00118/index.html`, and
/// `_pages/index.html` for `/`. `None` for a path that cannot name one (empty, relative, or with
/// a `.`/`..` segment, a backslash or a NUL).
pub fn page_file(path: &str, lang: Lang) -> Option<String> {
    let rest = path.strip_prefix('/')?;
    let rest = rest.strip_suffix('/').unwrap_or(rest);
    let safe = |s: &str| !s.is_empty() && s != "." && s != ".." && !s.contains(['\\', '\0']);
    if !rest.is_empty() && !rest.split('/').all(safe) {
        return None;
    }
    let lang_dir = match lang {
        Lang::Zh => "",
        Lang::En => "en/",
    };
    let dir = if rest.is_empty() { String::new() } else { format!("{rest}/") };
    Some(format!("{PAGES_DIR}/{lang_dir}{dir}index.html"))
}

/// The language a query string asks for (`lang=en`), Chinese by default.
pub fn lang_of_query(query: Option<&str>) -> Lang {
    let asks_en = query.is_some_and(|q| q.split('&').any(|kv| kv == "lang=en"));
    if asks_en { Lang::En } else { Lang::Zh }
}

/// What a page's `<head>` says about it.
#[derive(Debug, Clone, PartialEq)]
pub struct Head {
    pub lang: Lang,
    /// The page's title, "page – site".
    pub title: String,
    /// One line on what the page holds.
    pub description: String,
    /// The page's address: absolute where the site's address is known, else its path.
    pub url: String,
    /// `article` for an enterprise's or a substance's page, `website` otherwise.
    pub kind: &'static str,
    /// The Atom feeds the page offers: title and address (see [`atom_links`]).
    pub feeds: Vec<(String, String)>,
}

/// The Atom feeds a page at `route` offers (`<link rel="alternate">`), addressed under
/// `site_url` (empty: relative): an enterprise's or a list substance's own feed, then the feed of
/// everything new.
pub fn atom_links(route: &str, lang: Lang, site_url: &str) -> Vec<(String, String)> {
    let own = if let Some(id) = route.strip_prefix("/enterprises/") {
        Some((Topic::Enterprise(id.to_owned()), lang.pick("本企业的信息公开更新", "This enterprise's disclosures")))
    } else {
        route
            .strip_prefix("/substances/")
            .and_then(|n| n.parse().ok())
            .map(|n| (Topic::Substance(n), lang.pick("涉及该物质的信息公开更新", "Disclosures naming this substance")))
    };
    own.into_iter()
        .chain([(Topic::All, lang.pick("全部新发布的信息", "Everything new"))])
        .map(|(topic, title)| (title.to_owned(), format!("{site_url}{}", topic.href())))
        .collect()
}

/// The loader every page of the site starts from (`public/boot.js`).
pub const LOADER: &str = "boot.js";

/// Where the site is mounted: `""` at the root of its host, `"/xinwuranwu"` under a sub-path.
/// The one source is the address the page's loader was served from (`/boot.js`,
/// `/xinwuranwu/boot.js`): the server that mounts the site under a prefix writes that prefix into
/// the page's root-absolute addresses (docs/deploy.md), and everything the app addresses itself
/// (links, the router, the feed, the API) follows from this value. An address that is not the
/// loader's (no loader on the page) is the root.
pub fn mount_base(loader_path: &str) -> &str {
    loader_path
        .strip_suffix(LOADER)
        .and_then(|dir| dir.strip_suffix('/'))
        .filter(|base| base.is_empty() || (base.starts_with('/') && !base.starts_with("//")))
        .unwrap_or("")
}

/// A root-absolute path of the site (`/feed/latest.json`) as addressed where the site is mounted
/// (`base` from [`mount_base`]); anything else (an absolute URL, `//host`, a fragment, a `blob:`
/// or `data:` address) is returned as it is.
pub fn under_base(base: &str, path: &str) -> String {
    if path.starts_with('/') && !path.starts_with("//") { format!("{base}{path}") } else { path.to_owned() }
}

/// Escapes text for an HTML attribute value or element content.
pub fn escape_html(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// The prerendered page: the app's `shell` (Trunk's HTML) with `head` written into it and `body`
/// (the prerendered markup) in place of its `<noscript>` message, inside
/// `<div id="prerendered">`, which the app replaces when it takes over. The shell's preloads of
/// the app's script and wasm are left out, so that the page's own bytes come first; the loader
/// fetches them once the page is shown.
pub fn fill_shell(shell: &str, head: &Head, body: &str) -> Result<String, String> {
    let mut page = replace_between(shell, "<html lang=\"", "\"", head.lang.tag())?;
    page = replace_between(&page, "<title>", "</title>", &escape_html(&head.title))?;
    page = replace_between(&page, "<meta name=\"description\" content=\"", "\"", &escape_html(&head.description))?;
    let site = Msg::SiteTitle.text(head.lang);
    let locale = match head.lang {
        Lang::Zh => "zh_CN",
        Lang::En => "en_US",
    };
    let og = [
        ("og:title", head.title.as_str()),
        ("og:description", head.description.as_str()),
        ("og:type", head.kind),
        ("og:url", head.url.as_str()),
        ("og:site_name", site),
        ("og:locale", locale),
    ]
    .iter()
    .map(|(p, c)| format!("\n  <meta property=\"{p}\" content=\"{}\">", escape_html(c)))
    .collect::<String>();
    let feeds = head
        .feeds
        .iter()
        .map(|(title, href)| {
            format!(
                "\n  <link rel=\"alternate\" type=\"application/atom+xml\" title=\"{}\" href=\"{}\">",
                escape_html(title),
                escape_html(href)
            )
        })
        .collect::<String>();
    page = page.replacen("</title>", &format!("</title>{og}{feeds}"), 1);
    page = drop_tags(&page, "<link rel=\"modulepreload\"");
    page = drop_tags(&page, "<link rel=\"preload\"");
    let start = page.find("<noscript>").ok_or("the shell has no <noscript> to replace")?;
    let end =
        page[start..].find("</noscript>").ok_or("the shell's <noscript> is not closed")? + start + "</noscript>".len();
    page.replace_range(start..end, &format!("<div id=\"prerendered\">{body}</div>"));
    Ok(page)
}

/// `text` with what lies between the first `open` and the next `close` replaced by `with`.
fn replace_between(text: &str, open: &str, close: &str, with: &str) -> Result<String, String> {
    let start = text.find(open).ok_or_else(|| format!("the shell has no {open}"))? + open.len();
    let end = text[start..].find(close).ok_or_else(|| format!("the shell's {open} is not closed"))? + start;
    Ok(format!("{}{with}{}", &text[..start], &text[end..]))
}

/// `text` without every tag that starts with `start` (up to its `>`).
fn drop_tags(text: &str, start: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(i) = rest.find(start) {
        out.push_str(&rest[..i]);
        match rest[i..].find('>') {
            Some(j) => rest = &rest[i + j + 1..],
            None => {
                rest = "";
            }
        }
    }
    out.push_str(rest);
    out
}
