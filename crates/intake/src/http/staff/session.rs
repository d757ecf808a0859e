//! The staff session: the extractor every staff route starts with (a live session, the role,
//! the CSRF token), and signing in and out.

use std::net::IpAddr;
use std::sync::Arc;
use std::time::Instant;

use axum::extract::{FromRequestParts, Request, State};
use axum::http::request::Parts;
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, Uri, header};
use axum::response::Response;
use portal_core::api::staff::{LoginRequest, Role, SignedOut, StaffSession};
use portal_core::report::china_datetime;
use rusqlite::TransactionBehavior::Deferred;
use serde_json::json;

use super::audited;
use crate::AppState;
use crate::audit::{Action, UNKNOWN_ACTOR};
use crate::auth::{self, Session};
use crate::client::Client;
use crate::http::error::{HttpError, StaffError, respond};
use crate::http::json::{json_response, read_json};
use crate::http::lang::Language;

/// A request's live staff session. Extracting it answers `401` without a live session and, for
/// any method other than `GET`, `HEAD` and `OPTIONS`, `403` unless `X-CSRF-Token` equals the
/// session's CSRF token.
#[derive(Debug, Clone)]
pub struct StaffAuth(pub Session);

impl StaffAuth {
    /// Refuses with `403` unless the session's role includes `needed`.
    pub fn require(&self, needed: Role) -> Result<(), StaffError> {
        if self.0.role.includes(needed) { Ok(()) } else { Err(StaffError::Forbidden) }
    }
}

impl FromRequestParts<AppState> for StaffAuth {
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Self::Rejection> {
        let lang = Language::of(&parts.uri);
        let refuse = |err: StaffError| HttpError::from(err).into_response(lang);
        let token = auth::session_token(&parts.headers).ok_or_else(|| refuse(StaffError::NotSignedIn))?;
        let now = state.clock.now();
        let session = state
            .db
            .call(move |conn| auth::find_session(conn, &token, now))
            .await
            .map_err(|err| refuse(err.into()))?
            .ok_or_else(|| refuse(StaffError::NotSignedIn))?;
        let safe = matches!(parts.method, Method::GET | Method::HEAD | Method::OPTIONS);
        if !safe && !auth::csrf_matches(&parts.headers, &session) {
            return Err(refuse(StaffError::CsrfInvalid));
        }
        Ok(StaffAuth(session))
    }
}

/// Whether cookies for this request get `Secure`.
fn secure_cookies(state: &AppState, headers: &HeaderMap) -> bool {
    state.secure_cookies || auth::forwarded_https(headers)
}

/// How long a client throttled before its password is hashed is told to wait.
const THROTTLED_RETRY_SECONDS: i64 = 60;

/// `POST /api/staff/login`.
pub(super) async fn login(State(state): State<AppState>, Client(client): Client, request: Request) -> Response {
    let lang = Language::of(request.uri());
    let secure = secure_cookies(&state, request.headers());
    respond(lang, try_login(&state, client, secure, request).await)
}

async fn try_login(
    state: &AppState,
    client: Option<IpAddr>,
    secure: bool,
    request: Request,
) -> Result<Response, StaffError> {
    // Throttled per client and overall before the body is read, and per name before any hashing;
    // nothing is written for a throttled attempt.
    let throttled = StaffError::LockedOut { retry_after: THROTTLED_RETRY_SECONDS };
    if !state.limits.login.allow(client, Instant::now()) {
        return Err(throttled);
    }
    let body: LoginRequest = read_json(request).await?;
    let name = auth::normalize_username(&body.user);
    if !state.limits.login_name.allow_name(&name, Instant::now()) {
        return Err(throttled);
    }
    // Attempts on one name run one at a time, so parallel guesses cannot overtake the count.
    let _permit = state.logins.serialize(&name).await;
    let now = state.clock.now();

    let lookup = name.clone();
    let account = if auth::valid_username(&name) {
        state.db.call(move |conn| auth::find_account(conn, &lookup)).await?
    } else {
        None
    };
    let lockout = account.as_ref().map_or_else(|| state.logins.unknown_lockout(&name), |a| a.lockout);
    let actor = account.as_ref().map_or(UNKNOWN_ACTOR, |a| a.username.as_str()).to_owned();

    if let Some(retry_after) = lockout.retry_after(now) {
        let detail = json!({"reason": "locked_out", "retry_after": retry_after});
        if account.is_some() {
            audited(state, actor, now, Deferred, move |_| Ok(((), Some((Action::LoginFailed, None, detail))))).await?;
        } else {
            audit_unknown_failure(state, now, detail).await?;
        }
        return Err(StaffError::LockedOut { retry_after });
    }

    // The same Argon2 work whether or not the account exists (the dummy hash is made on first use).
    let stored_hash = account.as_ref().map(|a| a.password_hash.clone());
    let (guard, password) = (Arc::clone(&state.logins), body.password);
    // At most ARGON2_SLOTS hashes at once, whatever the number of parallel logins.
    let slot = state.logins.hashing_slot().await;
    let verified = tokio::task::spawn_blocking(move || -> Result<bool, StaffError> {
        let _slot = slot;
        let hash = match &stored_hash {
            Some(hash) => hash.as_str(),
            None => guard.dummy_hash().map_err(|_| StaffError::Server)?,
        };
        Ok(auth::verify_password(hash, &password))
    })
    .await
    .map_err(|_| StaffError::Server)??;

    match account {
        Some(account) if verified && account.disabled_at.is_none() => {
            let secrets = auth::new_session_secrets(now).map_err(|_| StaffError::Server)?;
            let (username, role) = (account.username.clone(), account.role);
            let session = audited(state, account.username, now, Deferred, move |tx| {
                auth::record_login(tx, account.id, now)?;
                let session = auth::create_session(tx, account.id, now, secrets)?;
                Ok((session, Some((Action::Login, None, json!({})))))
            })
            .await?;
            let view = StaffSession {
                user: username,
                role,
                csrf_token: session.csrf_token.clone(),
                expires_at: china_datetime(session.expires_at),
            };
            let mut response = json_response(StatusCode::OK, &view)?;
            let cookie =
                HeaderValue::from_str(&auth::session_cookie(&session.token, secure)).map_err(|_| StaffError::Server)?;
            response.headers_mut().insert(header::SET_COOKIE, cookie);
            Ok(response)
        }
        Some(mut account) => {
            let reason = if account.disabled_at.is_some() { "account_disabled" } else { "wrong_password" };
            let locked = account.lockout.record_failure(now);
            let detail = json!({"reason": reason, "locked": locked});
            audited(state, account.username, now, Deferred, move |tx| {
                auth::save_lockout(tx, account.id, &account.lockout)?;
                Ok(((), Some((Action::LoginFailed, None, detail))))
            })
            .await?;
            Err(StaffError::LoginFailed)
        }
        None => {
            state.logins.record_unknown_failure(&name, now);
            let locked = state.logins.unknown_lockout(&name).retry_after(now).is_some();
            let detail = json!({"reason": "unknown_account", "locked": locked});
            audit_unknown_failure(state, now, detail).await?;
            Err(StaffError::LoginFailed)
        }
    }
}

/// Counts a failed login for a name without an account; writes at most one audit row a minute
/// for them, with `count`: how many failed since the last such row (this one included).
async fn audit_unknown_failure(state: &AppState, now: i64, mut detail: serde_json::Value) -> Result<(), StaffError> {
    let Some(count) = state.logins.unknown_failure_to_audit(now) else {
        return Ok(());
    };
    detail["count"] = json!(count);
    let actor = UNKNOWN_ACTOR.to_owned();
    audited(state, actor, now, Deferred, move |_| Ok(((), Some((Action::LoginFailed, None, detail))))).await
}

/// `POST /api/staff/logout`: ends the session and clears the cookie.
pub(super) async fn logout(State(state): State<AppState>, staff: StaffAuth, headers: HeaderMap, uri: Uri) -> Response {
    let secure = secure_cookies(&state, &headers);
    let outcome = async {
        let session = staff.0;
        let now = state.clock.now();
        audited(&state, session.username, now, Deferred, move |tx| {
            auth::delete_session(tx, &session.token_hash)?;
            Ok(((), Some((Action::Logout, None, json!({})))))
        })
        .await?;
        let mut response = json_response(StatusCode::OK, &SignedOut { signed_out: true })?;
        let cookie = HeaderValue::from_str(&auth::clearing_cookie(secure)).map_err(|_| StaffError::Server)?;
        response.headers_mut().insert(header::SET_COOKIE, cookie);
        Ok(response)
    };
    respond(Language::of(&uri), outcome.await)
}

/// `GET /api/staff/me`: who is signed in, and the CSRF token (for a page that was reloaded).
pub(super) async fn me(staff: StaffAuth, uri: Uri) -> Response {
    let session = staff.0;
    let view = StaffSession {
        user: session.username,
        role: session.role,
        csrf_token: session.csrf_token,
        expires_at: china_datetime(session.expires_at),
    };
    respond(Language::of(&uri), json_response(StatusCode::OK, &view))
}
