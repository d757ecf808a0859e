//! Shared fixtures for the integration tests: a temporary data directory, a
//! small fake site, and helpers to call the router.

#![allow(dead_code)] // Not every test file uses every helper.

use std::path::Path;

use axum::Router;
use axum::body::{Body, Bytes};
use axum::http::{Request, Response, StatusCode};
use http_body_util::BodyExt;
use portal_intake::{AppState, Config};
use tempfile::TempDir;
use tower::ServiceExt;

/// The `index.html` of the fake site.
pub const INDEX_HTML: &str = "<!doctype html><html><head><title>Portal</title></head><body>app shell</body></html>\n";
/// A (tiny, valid-looking) WebAssembly module: just the header.
pub const WASM: &[u8] = b"\0asm\x01\0\0\0";
/// The hashed Wasm file name Trunk would write.
pub const WASM_FILE: &str = "portal-app-0123456789abcdef_bg.wasm";
/// The hashed JavaScript file name Trunk would write.
pub const JS_FILE: &str = "portal-app-0123456789abcdef.js";

/// A temporary directory holding `data/` and `site/`, plus the configuration
/// pointing at them. Everything is deleted when it is dropped.
pub struct Fixture {
    pub dir: TempDir,
    pub config: Config,
}

impl Fixture {
    /// A fixture whose site directory contains a built fake site.
    pub fn with_site() -> Self {
        let fixture = Self::without_site();
        let site = &fixture.config.site_dir;
        write(site, "index.html", INDEX_HTML.as_bytes());
        write(site, WASM_FILE, WASM);
        write(site, JS_FILE, b"export default function init() {}\n");
        write(site, "feed/latest.json", br#"{"version":"v1"}"#);
        write(site, "feed/v1/substances.json", b"[]");
        fixture
    }

    /// A fixture whose site directory does not exist (site not built).
    pub fn without_site() -> Self {
        let dir = tempfile::tempdir().expect("create a temporary directory");
        let config =
            Config { data_dir: dir.path().join("data"), site_dir: dir.path().join("site"), ..Config::default() };
        Self { dir, config }
    }

    /// Opens the state (creating the database) and builds the router.
    pub fn app(&self) -> Router {
        portal_intake::app(self.state())
    }

    /// Opens the state, creating the database if needed.
    pub fn state(&self) -> AppState {
        AppState::open(&self.config).expect("open the application state")
    }

    /// Path of the SQLite database file.
    pub fn database_file(&self) -> std::path::PathBuf {
        self.config.data_dir.join("intake.sqlite3")
    }
}

/// Every file under `dir`, recursively.
pub fn files_under(dir: &Path) -> Vec<std::path::PathBuf> {
    let mut files = Vec::new();
    for entry in std::fs::read_dir(dir).expect("list a directory") {
        let path = entry.expect("entry").path();
        if path.is_dir() {
            files.extend(files_under(&path));
        } else {
            files.push(path);
        }
    }
    files
}

/// The report key of the data directory `data_dir` (`keys/report.key`).
pub fn report_key(data_dir: &Path) -> portal_intake::crypto::ReportKey {
    portal_intake::crypto::ReportKey::load(&portal_intake::crypto::default_key_path(data_dir)).expect("load the key")
}

/// Every stored photo, in report and position order, opened with the data directory's key:
/// `(public id, media type, bytes)`.
pub fn stored_photos(data_dir: &Path) -> Vec<(String, String, Vec<u8>)> {
    let key = report_key(data_dir);
    let conn = rusqlite::Connection::open(data_dir.join("intake.sqlite3")).expect("open the database");
    let mut statement = conn
        .prepare(
            "SELECT r.public_id, p.position, p.media_type, p.bytes FROM photos p JOIN reports r ON r.id = p.report_id
             ORDER BY r.id, p.position",
        )
        .expect("query");
    let rows: Vec<(String, i64, String, Vec<u8>)> = statement
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))
        .and_then(|rows| rows.collect())
        .expect("photos");
    rows.into_iter()
        .map(|(id, position, media_type, sealed)| {
            let context = portal_intake::crypto::Context::Photo { report: &id, position };
            let bytes = key.open(context, &sealed).expect("the photo opens with the key");
            (id, media_type, bytes)
        })
        .collect()
}

/// Writes `contents` to `root/relative`, creating parent directories.
pub fn write(root: &Path, relative: &str, contents: &[u8]) {
    let path = root.join(relative);
    let parent = path.parent().expect("a file path has a parent");
    std::fs::create_dir_all(parent).expect("create the parent directory");
    std::fs::write(&path, contents).expect("write the fixture file");
}

/// Sends `GET uri` to `app`.
pub async fn get(app: Router, uri: &str) -> Response<Body> {
    let request = Request::get(uri).body(Body::empty()).expect("build the request");
    app.oneshot(request).await.expect("the router is infallible")
}

/// Collects the whole body.
pub async fn body(response: Response<Body>) -> Bytes {
    response.into_body().collect().await.expect("read the body").to_bytes()
}

/// Collects the body and parses it as JSON.
pub async fn json(response: Response<Body>) -> serde_json::Value {
    serde_json::from_slice(&body(response).await).expect("the body is JSON")
}

/// The value of header `name`, or `None`.
pub fn header<'a>(response: &'a Response<Body>, name: &str) -> Option<&'a str> {
    response.headers().get(name).map(|value| value.to_str().expect("header value is ASCII"))
}

/// Asserts a response's status, `Content-Type` and `Cache-Control`; `what` names it in a failure.
pub fn assert_served(
    response: &Response<Body>,
    what: &str,
    status: StatusCode,
    content_type: &str,
    cache_control: &str,
) {
    assert_eq!(response.status(), status, "{what}");
    assert_eq!(header(response, "content-type"), Some(content_type), "{what}");
    assert_eq!(header(response, "cache-control"), Some(cache_control), "{what}");
}

/// Asserts that all security headers are present with the expected values.
///
/// The values are spelled out here on purpose, independently of the
/// constants in the crate, so that a typo there is caught.
pub fn assert_security_headers(response: &Response<Body>) {
    let expected = [
        (
            "content-security-policy",
            "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; \
             img-src 'self' data: blob:; connect-src 'self'; font-src 'self'; object-src 'none'; \
             base-uri 'self'; form-action 'self'; frame-ancestors 'none'",
        ),
        ("x-content-type-options", "nosniff"),
        ("referrer-policy", "no-referrer"),
        ("x-frame-options", "DENY"),
        ("permissions-policy", "geolocation=(self), camera=(), microphone=()"),
    ];
    for (name, value) in expected {
        assert_eq!(header(response, name), Some(value), "header {name}");
    }
}

pub mod server;
pub mod staff;
pub mod upload;
