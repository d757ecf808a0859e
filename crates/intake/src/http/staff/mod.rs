//! The staff API under `/api/staff/`: login and sessions, the triage workflow, CSV export and the
//! audit log. `docs/staff.md` documents every endpoint with its JSON.
//!
//! | route | who | what |
//! |---|---|---|
//! | `POST /api/staff/login` | anyone | `{user, password}` → session cookie and `{user, role, csrf_token, expires_at}` |
//! | `POST /api/staff/logout` | staff | ends the session |
//! | `GET /api/staff/me` | staff | the session: `{user, role, csrf_token, expires_at}` |
//! | `GET /api/staff/reports` | staff | list with filters and sort |
//! | `GET /api/staff/reports/{id}` | staff | a report in full (audited) |
//! | `GET /api/staff/reports/{id}/photos/{n}` | staff | a photo's bytes (audited) |
//! | `POST /api/staff/reports/{id}/status` | staff | `{status, note?}` along the workflow (audited) |
//! | `POST /api/staff/reports/{id}/replies` | staff | `{text, text_zh?}` for the reporter (audited) |
//! | `GET /api/staff/export.csv` | admin | every report as CSV (audited) |
//! | `GET /api/staff/export.datapackage.json` | admin | the export's Frictionless descriptor |
//! | `GET /api/staff/audit` | admin | the audit log, newest first (audited) |
//!
//! Every endpoint but login needs a live session (else `401`) and the right role (else `403`);
//! every `POST` with a session needs `X-CSRF-Token` equal to the session's token (else `403`).
//! Errors are Open311-style lists, `[{"code": 401, "description": "…", "kind": "not_signed_in"}]`,
//! like the rest of the API. JSON answers escape `<`, `>` and `&` as `\u003c`, `\u003e` and
//! `\u0026`, so text from reporters can never be read as markup even if mishandled.

mod admin;
mod reports;
mod session;

use axum::Router;
use axum::routing::{get, post};
use rusqlite::{Transaction, TransactionBehavior};

use super::error::{StaffError, only};
use crate::AppState;
use crate::audit::{self, Action};
use crate::db::DbError;
pub use reports::{MAX_NOTE_CHARS, MAX_REPLY_CHARS};
pub use session::StaffAuth;

/// The staff routes, merged into [`super::router`].
pub fn router() -> Router<AppState> {
    Router::new()
        .route("/api/staff/login", only(post(session::login)))
        .route("/api/staff/logout", only(post(session::logout)))
        .route("/api/staff/me", only(get(session::me)))
        .route("/api/staff/reports", only(get(reports::list_reports)))
        .route("/api/staff/reports/{id}", only(get(reports::report)))
        .route("/api/staff/reports/{id}/photos/{photo}", only(get(reports::photo)))
        .route("/api/staff/reports/{id}/status", only(post(reports::change_status)))
        .route("/api/staff/reports/{id}/replies", only(post(reports::reply)))
        .route("/api/staff/export.csv", only(get(admin::export)))
        .route("/api/staff/export.datapackage.json", only(get(admin::export_descriptor)))
        .route("/api/staff/audit", only(get(admin::audit_log)))
}

/// The audit entry a staff action asks for: the action, the report it touched (if any) and the
/// detail.
type Audit = (Action, Option<String>, serde_json::Value);

/// Runs `act` in one database transaction (of `behavior`: writes take `Immediate`, so that what
/// they read first cannot go stale) with the audit entry it asks for, if any, by `actor` at `now`.
async fn audited<T: Send + 'static>(
    state: &AppState,
    actor: String,
    now: i64,
    behavior: TransactionBehavior,
    act: impl FnOnce(&Transaction<'_>) -> Result<(T, Option<Audit>), DbError> + Send + 'static,
) -> Result<T, StaffError> {
    let outcome = state
        .db
        .run(move |conn| {
            let tx = conn.transaction_with_behavior(behavior)?;
            let (outcome, entry) = act(&tx)?;
            if let Some((action, report, detail)) = entry {
                audit::append(&tx, now, &actor, action, report.as_deref(), &detail)?;
            }
            tx.commit()?;
            Ok(outcome)
        })
        .await?;
    Ok(outcome)
}
