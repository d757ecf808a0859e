//! `GET /api/open311/discovery.json`: Open311 service discovery, so that tools that speak
//! GeoReport v2 find the report API from the portal's address alone. The endpoint's URL is built
//! from the request's `Host` (and `X-Forwarded-Proto` behind a proxy); a host that is not a plain
//! host name or address is not echoed, and the URL is then given relative to the site.

use axum::Router;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use serde_json::json;

use crate::AppState;
use crate::http::error::only;

/// When the report API last changed in a way a client would notice.
pub const CHANGESET: &str = "2026-12-07T00:00:00Z";

/// The discovery routes, merged into [`super::router`].
pub fn router() -> Router<AppState> {
    Router::new().route("/api/open311/discovery.json", only(get(discovery)))
}

/// `https://host` when the request names a plain host (letters, digits, `.`, `-`, `:`, `[`, `]`),
/// otherwise nothing.
fn origin(headers: &HeaderMap) -> Option<String> {
    let host = headers.get(header::HOST)?.to_str().ok()?;
    let plain = !host.is_empty()
        && host.len() <= 255
        && host.bytes().all(|b| b.is_ascii_alphanumeric() || b".-:[]".contains(&b));
    let scheme = match headers.get("x-forwarded-proto").and_then(|v| v.to_str().ok()) {
        Some("https") => "https",
        _ => "http",
    };
    plain.then(|| format!("{scheme}://{host}"))
}

/// The discovery document for the API at `origin` (relative when none).
pub fn document(origin: Option<&str>) -> serde_json::Value {
    json!({
        "changeset": CHANGESET,
        "contact": "连云港新污染物信息公开平台 /report · Lianyungang new-pollutant portal, /report",
        "key_service": "No API key: reports are anonymous and carry a proof of work (GET /api/pow); see docs/open311.md.",
        "endpoints": [{
            "specification": "http://wiki.open311.org/GeoReport_v2",
            "url": format!("{}/api/open311/v2", origin.unwrap_or("")),
            "changeset": CHANGESET,
            "type": "production",
            "formats": ["application/json"],
        }],
    })
}

async fn discovery(headers: HeaderMap) -> Response {
    let body = document(origin(&headers).as_deref()).to_string();
    (StatusCode::OK, [(header::CONTENT_TYPE, HeaderValue::from_static("application/json"))], body).into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(pairs: &[(&'static str, &str)]) -> HeaderMap {
        let mut h = HeaderMap::new();
        for (k, v) in pairs {
            h.insert(*k, HeaderValue::from_str(v).expect("a header value"));
        }
        h
    }

    #[test]
    fn the_endpoint_is_on_the_requested_host_and_scheme() {
        assert_eq!(origin(&headers(&[("host", "portal.example:8080")])).as_deref(), Some("http://portal.example:8080"));
        let proxied = headers(&[("host", "portal.example"), ("x-forwarded-proto", "https")]);
        assert_eq!(origin(&proxied).as_deref(), Some("https://portal.example"));
        let doc = document(origin(&proxied).as_deref());
        assert_eq!(doc["endpoints"][0]["url"], "https://portal.example/api/open311/v2");
        assert_eq!(doc["endpoints"][0]["specification"], "http://wiki.open311.org/GeoReport_v2");
    }

    #[test]
    fn a_host_that_is_not_plain_is_not_echoed() {
        assert_eq!(origin(&headers(&[("host", "evil.example/\"<x>")])), None);
        assert_eq!(origin(&HeaderMap::new()), None);
        assert_eq!(document(None)["endpoints"][0]["url"], "/api/open311/v2");
    }
}
