//! Rendering the app's pages to HTML natively, for the prerenderer (`src/bin/prerender.rs`): the
//! same components as in the browser, with the feed read from the built site on disk
//! (`api::fetch_json_text`), effects never run (they touch the browser), and the page's title and
//! description recorded as the components set them.

use leptos::prelude::*;
use std::cell::RefCell;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

static SITE_DIR: OnceLock<PathBuf> = OnceLock::new();
static SITE_URL: OnceLock<String> = OnceLock::new();

/// The built site the feed is read from (`dist` until [`init`] names another).
pub fn site_dir() -> &'static Path {
    SITE_DIR.get().map(PathBuf::as_path).unwrap_or_else(|| Path::new("dist"))
}

/// The address the site will be served at (`--site-url`), or empty.
pub fn site_url() -> &'static str {
    SITE_URL.get().map_or("", String::as_str)
}

/// What a page says about itself for its `<head>`: set by the components as they render.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct Head {
    pub title: Option<String>,
    pub description: Option<String>,
}

thread_local! {
    static HEAD: RefCell<Head> = RefCell::new(Head::default());
}

/// Records the page's title (the browser sets `document.title` instead).
pub fn record_title(title: &str) {
    HEAD.with_borrow_mut(|h| h.title = Some(title.to_owned()));
}

/// Records the page's description (the browser updates its `<meta name="description">` instead).
pub fn record_description(text: &str) {
    HEAD.with_borrow_mut(|h| h.description = Some(text.to_owned()));
}

/// Tasks (effects, the browser's resources) are dropped unrun: they touch the browser, and the
/// prerendered page is what the first render shows.
struct NeverRun;

impl any_spawner::CustomExecutor for NeverRun {
    fn spawn(&self, _fut: any_spawner::PinnedFuture<()>) {}
    fn spawn_local(&self, _fut: any_spawner::PinnedLocalFuture<()>) {}
    fn poll_local(&self) {}
}

/// Reads the feed from `site` (a built site with its `feed/`), for a site served at `site_url`
/// (or, empty, unknown). Call once, before [`render`].
pub fn init(site: &Path, site_url: &str) {
    let _ = SITE_DIR.set(site.to_path_buf());
    let _ = SITE_URL.set(site_url.trim_end_matches('/').to_owned());
    let _ = any_spawner::Executor::init_custom_executor(NeverRun);
}

/// A rendered page: the markup inside `<body>` and what goes into its `<head>`.
#[derive(Debug, Clone)]
pub struct Rendered {
    pub body: String,
    pub head: Head,
}

/// Renders the whole app at `url` (a path with its query, e.g. `/about?lang=en`).
pub fn render(url: &str) -> Rendered {
    HEAD.with_borrow_mut(|h| *h = Head::default());
    let owner = Owner::new();
    let body = owner.with(|| {
        provide_context(leptos_router::location::RequestUrl::new(url));
        crate::App().to_html()
    });
    drop(owner);
    Rendered { body, head: HEAD.with_borrow(Clone::clone) }
}
