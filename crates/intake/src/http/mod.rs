//! The HTTP layer under `/api/`: the router, the report routes ([`reports`]), the staff routes
//! ([`staff`]), the one error type ([`error`]) and the one language extractor ([`lang`]).
//!
//! Errors use the Open311 GeoReport v2 shape: a JSON list of `{"code": <http status>,
//! "description": "<text>"}` objects, to which the API adds `"field"` (the form field at fault)
//! and `"kind"` (a stable key the UI can translate) when it has them. Every API response is
//! marked `Cache-Control: no-store`. The bodies are the types of [`portal_core::api`].

pub mod discovery;
pub mod error;
pub mod json;
pub mod lang;
pub mod public;
pub mod reports;
pub mod staff;

use axum::Json;
use axum::Router;
use axum::extract::State;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{any, get};
use portal_core::i18n::Lang;
use serde::Serialize;
use tower_http::set_header::SetResponseHeaderLayer;

use crate::AppState;
use crate::db::DbError;
use error::HttpError;

/// Builds the `/api` routes.
pub fn router() -> Router<AppState> {
    Router::new()
        .merge(reports::router())
        .merge(discovery::router())
        .merge(public::router())
        .merge(staff::router())
        .route("/api/health", get(health))
        .route("/api", any(not_found))
        .route("/api/", any(not_found))
        .route("/api/{*rest}", any(not_found))
        .layer(SetResponseHeaderLayer::overriding(header::CACHE_CONTROL, HeaderValue::from_static("no-store")))
}

/// Fallback for unknown API paths.
async fn not_found() -> Response {
    HttpError::not_found().into_response(Lang::default())
}

/// Body of `GET /api/health`.
#[derive(Debug, Serialize)]
struct Health {
    status: &'static str,
    database: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    schema_version: Option<u32>,
}

/// `GET /api/health`: runs a real query against the database.
async fn health(State(state): State<AppState>) -> Response {
    health_response(state.db.ping().await)
}

/// Turns the outcome of [`crate::db::Db::ping`] into the health response.
fn health_response(ping: Result<u32, DbError>) -> Response {
    match ping {
        Ok(version) => Json(Health { status: "ok", database: "ok", schema_version: Some(version) }).into_response(),
        Err(err) => {
            tracing::error!("health check failed: {err}");
            let body = Health { status: "error", database: "unavailable", schema_version: None };
            (StatusCode::SERVICE_UNAVAILABLE, Json(body)).into_response()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use http_body_util::BodyExt;

    #[tokio::test]
    async fn a_failing_database_makes_health_answer_503() {
        let err = DbError::Sqlite(rusqlite::Error::InvalidQuery);
        let response = health_response(Err(err));
        assert_eq!(response.status(), StatusCode::SERVICE_UNAVAILABLE);
        let body = response.into_body().collect().await.expect("read the body").to_bytes();
        let json: serde_json::Value = serde_json::from_slice(&body).expect("JSON body");
        assert_eq!(json, serde_json::json!({"status": "error", "database": "unavailable"}));
    }
}
