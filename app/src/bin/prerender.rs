//! The prerenderer: renders every public page to static HTML from the same components as the live
//! app, for the feed version in the built site, into `<site>/_pages/` (see `portal_core::page`).
//! Native only.
//!
//! Usage: `prerender <site directory> [--site-url https://host/path]`. With a site address the
//! pages' `og:url` is absolute; without one it is the page's path.

#[cfg(target_arch = "wasm32")]
fn main() {}

#[cfg(not(target_arch = "wasm32"))]
fn main() -> std::process::ExitCode {
    match run() {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("prerender: {e}");
            std::process::ExitCode::FAILURE
        }
    }
}

#[cfg(not(target_arch = "wasm32"))]
fn run() -> Result<(), String> {
    use portal_core::i18n::{Lang, Msg};
    use portal_core::page::{Head, PAGES_DIR, atom_links, fill_shell, page_file, public_routes};
    use std::path::{Path, PathBuf};

    let mut site = None;
    let mut site_url = String::new();
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--site-url" => site_url = args.next().ok_or("--site-url needs an address")?,
            _ if site.is_none() => site = Some(PathBuf::from(arg)),
            _ => return Err(format!("unexpected argument {arg:?}; usage: prerender <site> [--site-url URL]")),
        }
    }
    let site = site.ok_or("usage: prerender <site directory> [--site-url URL]")?;
    let site_url = site_url.trim_end_matches('/').to_owned();
    let read =
        |rel: &str| std::fs::read_to_string(site.join(rel)).map_err(|e| format!("{}: {e}", site.join(rel).display()));
    fn parse<T: serde::de::DeserializeOwned>(text: &str, what: &str) -> Result<T, String> {
        serde_json::from_str(text).map_err(|e| format!("{what}: {e}"))
    }

    let latest: portal_core::feed::Latest = parse(&read("feed/latest.json")?, "feed/latest.json")?;
    let v = &latest.version;
    let index: portal_core::feed::Index = parse(&read(&format!("feed/{v}/index.json"))?, "index.json")?;
    let reference: portal_core::feed::reference::Reference =
        parse(&read(&format!("feed/{v}/reference.json"))?, "reference.json")?;
    let content: portal_core::content::ContentIndex =
        parse(&read(&format!("feed/{v}/content/index.json"))?, "content/index.json")?;
    // The home page runs its own small wasm (index.html); every other page the whole app's.
    let home_shell = read("index.html")?;
    let app_shell = if site.join("app.html").is_file() { read("app.html")? } else { home_shell.clone() };

    portal_app::prerender::init(&site, &site_url);
    let out = site.join(PAGES_DIR);
    if out.exists() {
        std::fs::remove_dir_all(&out).map_err(|e| format!("{}: {e}", out.display()))?;
    }
    let started = std::time::Instant::now();
    let (mut pages, mut bytes) = (0usize, 0usize);
    for route in public_routes(&index, &reference, &content) {
        for lang in [Lang::Zh, Lang::En] {
            let url = match lang {
                Lang::Zh => route.clone(),
                Lang::En => format!("{route}?lang=en"),
            };
            let rendered = portal_app::prerender::render(&url);
            let kind = if route.starts_with("/enterprises/") || route.starts_with("/substances/") {
                "article"
            } else {
                "website"
            };
            let head = Head {
                lang,
                title: rendered.head.title.unwrap_or_else(|| Msg::SiteTitle.text(lang).to_owned()),
                description: rendered.head.description.unwrap_or_else(|| Msg::HomeIntro.text(lang).to_owned()),
                url: format!("{site_url}{url}"),
                kind,
                feeds: atom_links(&route, lang, &site_url),
            };
            let shell = if route == "/" { &home_shell } else { &app_shell };
            let html = fill_shell(shell, &head, &rendered.body).map_err(|e| format!("{url}: {e}"))?;
            let file = page_file(&route, lang).ok_or_else(|| format!("{route} names no page file"))?;
            let path: PathBuf = Path::new(&site).join(file);
            if let Some(dir) = path.parent() {
                std::fs::create_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
            }
            std::fs::write(&path, &html).map_err(|e| format!("{}: {e}", path.display()))?;
            pages += 1;
            bytes += html.len();
        }
    }
    println!(
        "Prerendered {pages} pages ({} KB) for feed version {v} in {:.1} s into {}",
        bytes / 1024,
        started.elapsed().as_secs_f64(),
        out.display()
    );
    Ok(())
}
