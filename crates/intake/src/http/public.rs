//! The public account of how reports are handled:
//!
//! | route | what |
//! |---|---|
//! | `GET /api/open311/v2/requests.json` | reports' public statuses, filtered and paginated as GeoReport v2 describes (see [`RequestsQuery`]) |
//! | `GET /api/reports/handling.json` | the handling figures (see [`portal_core::report::handling`]) |
//!
//! Neither carries a description, a place, a photo or a contact: only ids, categories, statuses
//! and dates, and counts with every count below five withheld.

use std::time::Instant;

use axum::Json;
use axum::Router;
use axum::extract::State;
use axum::http::{StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use portal_core::api::requests::{RequestsParams, RequestsQuery};
use portal_core::report::ErrorKind;
use portal_core::report::handling::handling_stats;

use super::error::{HttpError, StaffError, only};
use super::json::read_query;
use super::lang::Language;
use super::reports::public_request_view;
use crate::AppState;
use crate::client::Client;
use crate::store;

/// The handling figures' route, merged into [`super::router`] (the list shares its path with
/// filing a report, so [`super::reports`] routes it to [`list`]).
pub fn router() -> Router<AppState> {
    Router::new().route("/api/reports/handling.json", only(get(handling)))
}

/// `GET /api/open311/v2/requests.json`: one page of reports' public statuses, newest first.
pub async fn list(
    State(state): State<AppState>,
    Client(client): Client,
    Language(lang): Language,
    uri: Uri,
) -> Response {
    if !state.limits.public.allow(client, Instant::now()) {
        return HttpError::one(StatusCode::TOO_MANY_REQUESTS, "", ErrorKind::RateLimited).into_response(lang);
    }
    // The same reading of a query string as the staff API's (unknown parameters named).
    let params = match read_query::<RequestsParams>(&uri) {
        Ok(params) => params,
        Err(StaffError::Invalid { field }) => {
            return HttpError::bad(field, ErrorKind::QueryInvalid).into_response(lang);
        }
        Err(_) => return HttpError::bad("query", ErrorKind::QueryInvalid).into_response(lang),
    };
    let query = match RequestsQuery::from_params(&params, state.clock.now()) {
        Ok(query) => query,
        Err(field) => return HttpError::bad(field, ErrorKind::QueryInvalid).into_response(lang),
    };
    match state.db.call(move |conn| store::public_requests(conn, &query)).await {
        Ok(rows) => Json(rows.into_iter().map(public_request_view).collect::<Vec<_>>()).into_response(),
        Err(err) => {
            tracing::error!("cannot list reports: {err}");
            HttpError::server_error().into_response(lang)
        }
    }
}

/// `GET /api/reports/handling.json`: the handling figures as they stand now.
async fn handling(State(state): State<AppState>, Client(client): Client, Language(lang): Language) -> Response {
    if !state.limits.public.allow(client, Instant::now()) {
        return HttpError::one(StatusCode::TOO_MANY_REQUESTS, "", ErrorKind::RateLimited).into_response(lang);
    }
    let now = state.clock.now();
    match state.db.call(|conn| store::handling_records(conn)).await {
        Ok(records) => Json(handling_stats(&records, now)).into_response(),
        Err(err) => {
            tracing::error!("cannot compute the handling figures: {err}");
            HttpError::server_error().into_response(lang)
        }
    }
}
