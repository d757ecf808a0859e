//! Serving the built site and the feed.

mod common;

use axum::http::StatusCode;
use common::{
    Fixture, INDEX_HTML, JS_FILE, WASM, WASM_FILE, assert_security_headers, assert_served, body, get, header,
};

const IMMUTABLE: &str = "public, max-age=31536000, immutable";

#[tokio::test]
async fn missing_feed_file_is_a_real_404() {
    let fixture = Fixture::with_site();
    for uri in ["/feed/missing.json", "/feed/v1/missing.json", "/feed/v2/substances", "/feed/"] {
        let response = get(fixture.app(), uri).await;
        assert_eq!(response.status(), StatusCode::NOT_FOUND, "{uri}");
        let content_type = header(&response, "content-type").unwrap_or_default();
        assert!(!content_type.contains("html"), "{uri}: {content_type}");
        let body = body(response).await;
        assert!(!String::from_utf8_lossy(&body).contains("<html"), "{uri}");
    }
}

#[tokio::test]
async fn latest_feed_pointer_is_served_with_no_cache() {
    let fixture = Fixture::with_site();
    let response = get(fixture.app(), "/feed/latest.json").await;
    assert_served(&response, "/feed/latest.json", StatusCode::OK, "application/json", "no-cache");
    assert_eq!(body(response).await.as_ref(), br#"{"version":"v1"}"#);
}

#[tokio::test]
async fn versioned_feed_files_are_immutable() {
    let fixture = Fixture::with_site();
    let response = get(fixture.app(), "/feed/v1/substances.json").await;
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(header(&response, "cache-control"), Some(IMMUTABLE));
}

#[tokio::test]
async fn client_side_routes_get_index_html() {
    let fixture = Fixture::with_site();
    for uri in ["/", "/enterprises", "/substances/pfos", "/enterprises/"] {
        let response = get(fixture.app(), uri).await;
        assert_served(&response, uri, StatusCode::OK, "text/html", "no-cache");
        assert_eq!(body(response).await.as_ref(), INDEX_HTML.as_bytes(), "{uri}");
    }
}

#[tokio::test]
async fn with_a_separate_app_shell_the_home_page_is_index_html_and_routes_get_app_html() {
    let fixture = Fixture::with_site();
    let app_html = b"<!DOCTYPE html><title>the whole app</title>";
    common::write(&fixture.config.site_dir, "app.html", app_html);
    let home = get(fixture.app(), "/").await;
    assert_eq!(home.status(), StatusCode::OK);
    assert_eq!(body(home).await.as_ref(), INDEX_HTML.as_bytes());
    for uri in ["/enterprises", "/substances/pfos", "/learn/lessons/primary"] {
        let response = get(fixture.app(), uri).await;
        assert_served(&response, uri, StatusCode::OK, "text/html", "no-cache");
        assert_eq!(body(response).await.as_ref(), app_html, "{uri}");
    }
}

#[tokio::test]
async fn a_prerendered_route_gets_its_own_page_in_the_language_asked_for_and_others_the_shell() {
    let fixture = Fixture::with_site();
    let site = &fixture.config.site_dir;
    let app_html = b"<!DOCTYPE html><title>the whole app</title>";
    common::write(site, "app.html", app_html);
    common::write(site, "_pages/index.html", b"home, prerendered");
    common::write(site, "_pages/en/index.html", b"home in English, prerendered");
    common::write(site, "_pages/enterprises/e00118/index.html", b"e00118, prerendered");
    common::write(site, "_pages/en/enterprises/e00118/index.html", b"e00118 in English, prerendered");
    let cases: [(&str, &[u8]); 8] = [
        ("/", b"home, prerendered"),
        ("/?lang=en", b"home in English, prerendered"),
        ("/enterprises/e00118", b"e00118, prerendered"),
        ("/enterprises/e00118/", b"e00118, prerendered"),
        ("/enterprises/e00118?year=2023&v=abc123", b"e00118, prerendered"),
        ("/enterprises/e00118?year=2023&lang=en", b"e00118 in English, prerendered"),
        // Not prerendered: the app shell.
        ("/enterprises/e99999", app_html),
        ("/compare?ids=e00118", app_html),
    ];
    for (uri, expected) in cases {
        let response = get(fixture.app(), uri).await;
        assert_served(&response, uri, StatusCode::OK, "text/html", "no-cache");
        assert_eq!(body(response).await.as_ref(), expected, "{uri}");
    }
    // A path cannot climb out of the pages directory to reach another file: an encoded `..` is
    // never decoded into one, and a raw one never names a page.
    for uri in ["/enterprises/%2e%2e/%2e%2e/app", "/a/../enterprises/e00118"] {
        let response = get(fixture.app(), uri).await;
        let answer = body(response).await;
        assert!(answer.as_ref() == app_html || answer.as_ref() == b"Not found.\n", "{uri}: {answer:?}");
    }
}

#[tokio::test]
async fn missing_file_with_an_extension_is_a_404() {
    let fixture = Fixture::with_site();
    let response = get(fixture.app(), "/missing.js").await;
    assert_eq!(response.status(), StatusCode::NOT_FOUND);
    assert_ne!(body(response).await.as_ref(), INDEX_HTML.as_bytes());
}

#[tokio::test]
async fn wasm_is_served_as_application_wasm_and_cached_for_long() {
    let fixture = Fixture::with_site();
    let response = get(fixture.app(), &format!("/{WASM_FILE}")).await;
    assert_served(&response, WASM_FILE, StatusCode::OK, "application/wasm", IMMUTABLE);
    assert_eq!(body(response).await.as_ref(), WASM);
}

#[tokio::test]
async fn hashed_javascript_is_cached_for_long() {
    let fixture = Fixture::with_site();
    let response = get(fixture.app(), &format!("/{JS_FILE}")).await;
    assert_served(&response, JS_FILE, StatusCode::OK, "text/javascript", IMMUTABLE);
}

#[tokio::test]
async fn static_responses_carry_the_security_headers() {
    let fixture = Fixture::with_site();
    assert_security_headers(&get(fixture.app(), "/").await);
    assert_security_headers(&get(fixture.app(), "/substances/pfos").await);
    assert_security_headers(&get(fixture.app(), "/missing.js").await);
}

#[tokio::test]
async fn an_unbuilt_site_answers_503_with_instructions() {
    let fixture = Fixture::without_site();
    for uri in ["/", "/enterprises", "/feed/latest.json"] {
        let response = get(fixture.app(), uri).await;
        assert_eq!(response.status(), StatusCode::SERVICE_UNAVAILABLE, "{uri}");
        assert_eq!(header(&response, "content-type"), Some("text/plain; charset=utf-8"));
        assert_security_headers(&response);
        let text = String::from_utf8(body(response).await.to_vec()).expect("UTF-8 body");
        assert!(text.contains("cargo xtask serve"), "{text}");
    }
}

async fn get_accepting(app: axum::Router, uri: &str, encoding: &str) -> axum::http::Response<axum::body::Body> {
    use tower::ServiceExt;
    let request = axum::http::Request::get(uri)
        .header("accept-encoding", encoding)
        .body(axum::body::Body::empty())
        .expect("build the request");
    app.oneshot(request).await.expect("the router is infallible")
}

#[tokio::test]
async fn a_precompressed_copy_is_sent_to_browsers_that_accept_it() {
    let fixture = Fixture::with_site();
    common::write(&fixture.config.site_dir, &format!("{WASM_FILE}.br"), b"brotli copy");
    let response = get_accepting(fixture.app(), &format!("/{WASM_FILE}"), "gzip, deflate, br").await;
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(header(&response, "content-encoding"), Some("br"));
    assert_eq!(header(&response, "content-type"), Some("application/wasm"));
    assert_eq!(header(&response, "cache-control"), Some(IMMUTABLE));
    assert_eq!(body(response).await.as_ref(), b"brotli copy");

    // A client that accepts no encoding gets the file itself.
    let response = get(fixture.app(), &format!("/{WASM_FILE}")).await;
    assert_eq!(header(&response, "content-encoding"), None);
    assert_eq!(body(response).await.as_ref(), WASM);
}

#[tokio::test]
async fn the_app_shell_uses_its_precompressed_copy_on_client_side_routes() {
    let fixture = Fixture::with_site();
    common::write(&fixture.config.site_dir, "index.html.gz", b"gzip copy of the shell");
    let response = get_accepting(fixture.app(), "/substances/pfos", "gzip").await;
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(header(&response, "content-encoding"), Some("gzip"));
    assert_eq!(header(&response, "content-type"), Some("text/html"));
    assert_eq!(body(response).await.as_ref(), b"gzip copy of the shell");
}

#[tokio::test]
async fn feed_files_are_compressed_on_the_fly_and_decode_to_the_original() {
    use std::io::Read;
    let fixture = Fixture::with_site();
    let json = format!("[{}]", vec![r#"{"id":"e00001","name":"样例企业"}"#; 200].join(","));
    common::write(&fixture.config.site_dir, "feed/v1/index.json", json.as_bytes());
    let response = get_accepting(fixture.app(), "/feed/v1/index.json", "gzip").await;
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(header(&response, "content-encoding"), Some("gzip"));
    assert_eq!(header(&response, "cache-control"), Some(IMMUTABLE));
    assert!(header(&response, "vary").is_some_and(|v| v.to_ascii_lowercase().contains("accept-encoding")));
    let compressed = body(response).await;
    assert!(compressed.len() < json.len() / 4, "{} bytes from {}", compressed.len(), json.len());
    let mut decoded = String::new();
    flate2::read::GzDecoder::new(compressed.as_ref()).read_to_string(&mut decoded).expect("valid gzip");
    assert_eq!(decoded, json);
}
