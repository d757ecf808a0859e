//! Serving the built site (Trunk's output directory) and the data feed in it.
//!
//! Rules, in order:
//!
//! 1. If the site has no `index.html`, every site route answers `503` with a
//!    short text explaining how to build it.
//! 2. Existing files are served as they are, with a content type guessed from
//!    the extension (`.wasm` is `application/wasm`) and a `Cache-Control`
//!    header chosen by [`cache_control`]. Where the build left a compressed
//!    copy next to a file (`name.br`, `name.gz`) and the browser accepts that
//!    encoding, the copy is sent instead; anything else is compressed on the
//!    fly by the layer in [`crate::app`].
//! 3. A missing file under `/feed/` is a real `404`: the app must be able to
//!    tell a missing feed file from a page.
//! 4. A missing path whose last segment has a file extension (`/missing.js`)
//!    is a `404` too.
//! 5. Any other missing path is a client-side route (`/enterprises`,
//!    `/substances/pfos`). Where the build prerendered it
//!    ([`portal_core::page::page_file`]: `_pages/<path>/index.html`, or
//!    `_pages/en/<path>/index.html` for `?lang=en`), that page is sent: it
//!    can be read before, or without, the app. Otherwise it gets the app
//!    shell with status `200`: `app.html` where the build wrote one (then
//!    `index.html` is the home page's own small app, see
//!    docs/performance.md), else `index.html`. `/` is a route too: its
//!    prerendered page, where there is one, comes before `index.html`.
//!
//! A consequence of rule 4: client-side routes must not end in a segment
//! that looks like a file name (`/substances/1.2-dce` would be a `404`).

use std::path::{Path, PathBuf};

use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use tower::ServiceExt;
use tower_http::services::{ServeDir, ServeFile};

use crate::AppState;

/// `Cache-Control` for content that may change under the same URL.
pub const NO_CACHE: &str = "no-cache";
/// `Cache-Control` for content whose URL changes whenever the content does.
pub const IMMUTABLE: &str = "public, max-age=31536000, immutable";

/// The site directory and the services that read it.
#[derive(Clone)]
pub struct Site {
    root: PathBuf,
    index: PathBuf,
    app: PathBuf,
    files: ServeDir,
}

impl Site {
    /// Serves the site found in `root` (usually `dist`). The directory does
    /// not need to exist yet.
    pub fn new(root: impl Into<PathBuf>) -> Self {
        let root = root.into();
        Self {
            index: root.join("index.html"),
            app: root.join("app.html"),
            files: ServeDir::new(&root).precompressed_br().precompressed_gzip(),
            root,
        }
    }

    /// The site directory.
    pub fn root(&self) -> &Path {
        &self.root
    }

    /// Whether the site has been built, i.e. has an `index.html`.
    ///
    /// Checked on every request, so a site built while the service is running
    /// is picked up without a restart.
    pub async fn is_built(&self) -> bool {
        is_file(&self.index).await
    }

    /// The page that answers client-side routes: `app.html`, or `index.html`
    /// where the build wrote no separate app shell.
    async fn shell(&self) -> &Path {
        if is_file(&self.app).await { &self.app } else { &self.index }
    }
}

async fn is_file(path: &Path) -> bool {
    tokio::fs::metadata(path).await.is_ok_and(|meta| meta.is_file())
}

/// Fallback handler for every path outside `/api`.
pub async fn serve(State(state): State<AppState>, request: Request) -> Response {
    let site = &state.site;
    if !site.is_built().await {
        return not_built();
    }

    let path = request.uri().path().to_owned();
    let lang = portal_core::page::lang_of_query(request.uri().query());
    let (parts, body) = request.into_parts();
    if path != "/" {
        let Ok(response) = site.files.clone().oneshot(Request::from_parts(parts.clone(), body)).await;
        if response.status() != StatusCode::NOT_FOUND {
            let mut response = with_cache_control(response.map(Body::new), cache_control(&path));
            if is_atom(&path) {
                response.headers_mut().insert(header::CONTENT_TYPE, HeaderValue::from_static(ATOM_TYPE));
            }
            return response;
        }
        if is_feed(&path) || has_extension(&path) {
            return not_found();
        }
    }

    // A route: its prerendered page, else the app shell (the home page's for
    // `/`). `ServeFile` ignores the request path but still honours the method
    // and conditional headers.
    let page = portal_core::page::page_file(&path, lang).map(|rel| site.root.join(rel));
    let file = match page {
        Some(page) if is_file(&page).await => page,
        _ if path == "/" => site.index.clone(),
        _ => site.shell().await.to_path_buf(),
    };
    let Ok(response) = ServeFile::new(file)
        .precompressed_br()
        .precompressed_gzip()
        .oneshot(Request::from_parts(parts, Body::empty()))
        .await;
    with_cache_control(response.map(Body::new), NO_CACHE)
}

/// Chooses the `Cache-Control` value for an existing file at `path`.
///
/// * `/feed/latest.json` points at the current feed version, and `/feed/atom/…` holds the Atom
///   feeds of the newest version: `no-cache`.
/// * `/feed/<version>/…` never changes once published: immutable.
/// * Trunk's hashed assets (`name-<16 hex digits>.ext`, `…_bg.wasm`):
///   immutable.
/// * Everything else, including `index.html`: `no-cache` (the browser keeps
///   a copy but revalidates it with `If-Modified-Since`).
pub fn cache_control(path: &str) -> &'static str {
    if path.starts_with(ATOM_PREFIX) {
        return NO_CACHE;
    }
    if let Some(rest) = path.strip_prefix("/feed/") {
        return match rest.split_once('/') {
            Some((version, file)) if is_plain_segment(version) && !file.is_empty() => IMMUTABLE,
            _ => NO_CACHE,
        };
    }
    if is_hashed_asset(last_segment(path)) { IMMUTABLE } else { NO_CACHE }
}

/// Where the Atom feeds are (see `portal_core::feed::atom`).
const ATOM_PREFIX: &str = "/feed/atom/";
/// Their media type (RFC 4287).
const ATOM_TYPE: &str = "application/atom+xml; charset=utf-8";

/// Whether `path` is an Atom feed.
fn is_atom(path: &str) -> bool {
    path.starts_with(ATOM_PREFIX) && path.ends_with(".xml")
}

/// Whether `path` is the feed directory or inside it.
fn is_feed(path: &str) -> bool {
    path == "/feed" || path.starts_with("/feed/")
}

/// The part of `path` after the last `/`.
fn last_segment(path: &str) -> &str {
    path.rsplit('/').next().unwrap_or(path)
}

/// Whether the last segment of `path` has a file extension (`a.js` does,
/// `.well-known` and `pfos` do not).
fn has_extension(path: &str) -> bool {
    Path::new(last_segment(path)).extension().is_some()
}

/// A path segment that names a directory rather than navigating.
fn is_plain_segment(segment: &str) -> bool {
    !segment.is_empty() && segment != "." && segment != ".."
}

/// Whether `file_name` looks like a Trunk output with a content hash, such
/// as `portal-app-0123456789abcdef.js` or `portal-app-0123456789abcdef_bg.wasm`.
///
/// Trunk prints the 64-bit hash without leading zeros, so now and then a
/// hash has fewer than 16 digits; such a file is simply served `no-cache`,
/// which is safe.
fn is_hashed_asset(file_name: &str) -> bool {
    let Some((stem, _extension)) = file_name.rsplit_once('.') else {
        return false;
    };
    let stem = stem.strip_suffix("_bg").unwrap_or(stem);
    let Some((name, hash)) = stem.rsplit_once('-') else {
        return false;
    };
    !name.is_empty() && hash.len() == 16 && hash.bytes().all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
}

/// Sets `Cache-Control` on successful and `304 Not Modified` responses.
fn with_cache_control(mut response: Response, value: &'static str) -> Response {
    let status = response.status();
    if status.is_success() || status == StatusCode::NOT_MODIFIED {
        response.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static(value));
    }
    response
}

/// A plain-text response with the given status and `Cache-Control`.
fn text(status: StatusCode, cache: &'static str, body: &'static str) -> Response {
    (status, [(header::CONTENT_TYPE, "text/plain; charset=utf-8"), (header::CACHE_CONTROL, cache)], body)
        .into_response()
}

/// A real 404 for a missing file (never the app shell).
fn not_found() -> Response {
    text(StatusCode::NOT_FOUND, NO_CACHE, "Not found.\n")
}

/// The answer for site routes while the site has not been built.
fn not_built() -> Response {
    text(
        StatusCode::SERVICE_UNAVAILABLE,
        "no-store",
        "The portal site has not been built yet (there is no index.html in the site directory).\n\
         Run `cargo xtask serve` to build and serve it.\n",
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Checks the `Cache-Control` of each path.
    fn assert_cache_control(cases: &[(&str, &str)]) {
        for &(path, expected) in cases {
            assert_eq!(cache_control(path), expected, "{path}");
        }
    }

    #[test]
    fn latest_feed_pointer_is_revalidated_and_versions_are_immutable() {
        assert_cache_control(&[
            ("/feed/latest.json", NO_CACHE),
            ("/feed/2025-06-01.3/substances.json", IMMUTABLE),
            ("/feed/v1/nested/file.json", IMMUTABLE),
            ("/feed/../latest.json", NO_CACHE),
            ("/feed/v1/", NO_CACHE),
            ("/feed/atom/all.xml", NO_CACHE),
            ("/feed/atom/enterprises/e00118.xml", NO_CACHE),
        ]);
    }

    #[test]
    fn hashed_trunk_assets_are_immutable_and_the_rest_is_revalidated() {
        assert_cache_control(&[
            ("/portal-app-0123456789abcdef.js", IMMUTABLE),
            ("/portal-app-0123456789abcdef_bg.wasm", IMMUTABLE),
            ("/style-fedcba9876543210.css", IMMUTABLE),
            ("/", NO_CACHE),
            ("/index.html", NO_CACHE),
            ("/favicon.ico", NO_CACHE),
            ("/report-20250601.pdf", NO_CACHE),
            ("/-0123456789abcdef.js", NO_CACHE),
            ("/app-0123456789ABCDEF.js", NO_CACHE),
        ]);
    }

    #[test]
    fn only_file_like_last_segments_count_as_having_an_extension() {
        assert!(has_extension("/missing.js"));
        assert!(has_extension("/assets/logo.svg"));
        assert!(!has_extension("/enterprises"));
        assert!(!has_extension("/substances/pfos"));
        assert!(!has_extension("/enterprises/"));
        assert!(!has_extension("/.well-known"));
    }
}
