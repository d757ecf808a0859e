//! Security headers added to every response.

use axum::Router;
use axum::http::{HeaderName, HeaderValue};
use tower_http::set_header::SetResponseHeaderLayer;

/// The Content Security Policy for the whole site.
///
/// `'wasm-unsafe-eval'` is needed to instantiate the WebAssembly app; nothing
/// else may run, load or embed content from anywhere but this origin.
pub const CONTENT_SECURITY_POLICY: &str = "default-src 'self'; \
    script-src 'self' 'wasm-unsafe-eval'; \
    style-src 'self'; \
    img-src 'self' data: blob:; \
    connect-src 'self'; \
    font-src 'self'; \
    object-src 'none'; \
    base-uri 'self'; \
    form-action 'self'; \
    frame-ancestors 'none'";

/// The headers set (overriding any handler's value) on every response.
/// Names are lowercase, as HTTP/2 requires.
pub const SECURITY_HEADERS: [(&str, &str); 5] = [
    ("content-security-policy", CONTENT_SECURITY_POLICY),
    ("x-content-type-options", "nosniff"),
    ("referrer-policy", "no-referrer"),
    ("x-frame-options", "DENY"),
    ("permissions-policy", "geolocation=(self), camera=(), microphone=()"),
];

/// Wraps `router` so that every response, including errors and fallbacks,
/// carries [`SECURITY_HEADERS`].
pub fn with_security_headers(router: Router) -> Router {
    SECURITY_HEADERS.into_iter().fold(router, |router, (name, value)| {
        router.layer(SetResponseHeaderLayer::overriding(HeaderName::from_static(name), HeaderValue::from_static(value)))
    })
}
