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
//! | `GET /api/staff/audit` | admin | the audit log, newest first (audited) |
//!
//! Every endpoint but login needs a live session (else `401`) and the right role (else `403`);
//! every `POST` with a session needs `X-CSRF-Token` equal to the session's token (else `403`).
//! Errors are Open311-style lists, `[{"code": 401, "description": "…", "kind": "not_signed_in"}]`,
//! like the rest of the API. JSON answers escape `<`, `>` and `&` as `\u003c`, `\u003e` and
//! `\u0026`, so text from reporters can never be read as markup even if mishandled.

use std::io;
use std::sync::Arc;

use axum::Router;
use axum::body::Body;
use axum::extract::rejection::PathRejection;
use axum::extract::{FromRequestParts, Path, Query, Request, State};
use axum::http::request::Parts;
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, Uri, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use portal_core::i18n::Lang;
use portal_core::report::{Category, Status, china_date, china_datetime};
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};

use crate::AppState;
use crate::api::{ApiError, error_list_response};
use crate::audit::{self, Action, UNKNOWN_ACTOR};
use crate::auth::{self, Role, Session};
use crate::clock::{china_day_start, utc_datetime};
use crate::db::DbError;
use crate::reports::only;
use crate::store::{self, ReportDetail, ReportFilter, ReportSummary, Sort, StatusChange};

/// The largest JSON body of a staff request.
const MAX_BODY_BYTES: usize = 64 * 1024;
/// The longest reply (each of `text` and `text_zh`), in characters.
pub const MAX_REPLY_CHARS: usize = 5000;
/// The longest internal note on a status change, in characters.
pub const MAX_NOTE_CHARS: usize = 2000;
/// Reports listed when no `limit` is given.
const DEFAULT_LIST_LIMIT: u32 = 100;
/// Audit entries listed when no `limit` is given, and the most in one page.
const DEFAULT_AUDIT_LIMIT: u32 = 100;
const MAX_AUDIT_LIMIT: u32 = 500;

/// The staff routes, merged into [`crate::api::router`].
pub fn router() -> Router<AppState> {
    Router::new()
        .route("/api/staff/login", only(post(login)))
        .route("/api/staff/logout", only(post(logout)))
        .route("/api/staff/me", only(get(me)))
        .route("/api/staff/reports", only(get(list_reports)))
        .route("/api/staff/reports/{id}", only(get(report)))
        .route("/api/staff/reports/{id}/photos/{photo}", only(get(photo)))
        .route("/api/staff/reports/{id}/status", only(post(change_status)))
        .route("/api/staff/reports/{id}/replies", only(post(reply)))
        .route("/api/staff/export.csv", only(get(export)))
        .route("/api/staff/audit", only(get(audit_log)))
}

// ---------------------------------------------------------------------------------------------
// Errors and JSON
// ---------------------------------------------------------------------------------------------

/// Why a staff request was refused. Each has a status, a stable `kind` and a description.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StaffError {
    /// No session, or an expired or ended one (`401`).
    NotSignedIn,
    /// The session's role may not do this (`403`).
    Forbidden,
    /// A state-changing request without the session's CSRF token (`403`).
    CsrfInvalid,
    /// Login refused: unknown user, wrong password or disabled account, indistinguishably (`401`).
    LoginFailed,
    /// Login refused for now after repeated failures (`429` with `Retry-After`).
    LockedOut {
        /// Seconds until logins are accepted again.
        retry_after: i64,
    },
    /// No such report or photo (`404`).
    NotFound,
    /// A parameter or body field is invalid (`400`).
    Invalid {
        /// The parameter or field.
        field: String,
    },
    /// The workflow does not allow this status change (`409`).
    TransitionNotAllowed,
    /// The body is not `application/json` (`415`).
    NotJson,
    /// The body is too large (`413`).
    TooLarge,
    /// The server could not read or write (`500`).
    Server,
}

impl StaffError {
    fn invalid(field: &str) -> Self {
        StaffError::Invalid { field: field.to_owned() }
    }

    /// The HTTP status.
    pub fn status(&self) -> StatusCode {
        match self {
            StaffError::NotSignedIn | StaffError::LoginFailed => StatusCode::UNAUTHORIZED,
            StaffError::Forbidden | StaffError::CsrfInvalid => StatusCode::FORBIDDEN,
            StaffError::LockedOut { .. } => StatusCode::TOO_MANY_REQUESTS,
            StaffError::NotFound => StatusCode::NOT_FOUND,
            StaffError::Invalid { .. } => StatusCode::BAD_REQUEST,
            StaffError::TransitionNotAllowed => StatusCode::CONFLICT,
            StaffError::NotJson => StatusCode::UNSUPPORTED_MEDIA_TYPE,
            StaffError::TooLarge => StatusCode::PAYLOAD_TOO_LARGE,
            StaffError::Server => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    /// The stable key the UI translates.
    pub fn kind(&self) -> &'static str {
        match self {
            StaffError::NotSignedIn => "not_signed_in",
            StaffError::Forbidden => "forbidden",
            StaffError::CsrfInvalid => "csrf_invalid",
            StaffError::LoginFailed => "login_failed",
            StaffError::LockedOut { .. } => "locked_out",
            StaffError::NotFound => "not_found",
            StaffError::Invalid { .. } => "invalid",
            StaffError::TransitionNotAllowed => "transition_not_allowed",
            StaffError::NotJson => "not_json",
            StaffError::TooLarge => "too_large",
            StaffError::Server => "server_error",
        }
    }

    /// The description in `lang`.
    pub fn message(&self, lang: Lang) -> &'static str {
        match self {
            StaffError::NotSignedIn => lang.pick("请先登录。", "Please sign in."),
            StaffError::Forbidden => lang.pick("您的账号无权执行此操作。", "Your account may not do this."),
            StaffError::CsrfInvalid => lang.pick(
                "请求缺少有效的防伪令牌，请刷新页面后重试。",
                "The request lacks a valid CSRF token; reload and try again.",
            ),
            StaffError::LoginFailed => lang.pick("用户名或密码不正确。", "Wrong user name or password."),
            StaffError::LockedOut { .. } => {
                lang.pick("登录失败次数过多，请稍后再试。", "Too many failed sign-ins; try again later.")
            }
            StaffError::NotFound => lang.pick("未找到。", "Not found."),
            StaffError::Invalid { .. } => lang.pick("请求中的参数无效。", "A parameter of the request is invalid."),
            StaffError::TransitionNotAllowed => lang.pick(
                "当前状态不能改为所选状态。",
                "The report cannot move from its current status to the one chosen.",
            ),
            StaffError::NotJson => lang.pick("请求体须为 JSON。", "The request body must be JSON."),
            StaffError::TooLarge => lang.pick("请求体过大。", "The request body is too large."),
            StaffError::Server => {
                lang.pick("服务器暂时无法处理，请稍后再试。", "The server could not do this; try again later.")
            }
        }
    }

    /// The Open311-style error list, with `Retry-After` on a lockout.
    pub fn into_response(self, lang: Lang) -> Response {
        let field = match &self {
            StaffError::Invalid { field } => Some(field.clone()),
            _ => None,
        };
        let error = ApiError {
            code: self.status().as_u16(),
            description: self.message(lang).to_owned(),
            field,
            kind: Some(self.kind()),
        };
        let mut response = error_list_response(self.status(), vec![error]);
        if let StaffError::LockedOut { retry_after } = self {
            response.headers_mut().insert(header::RETRY_AFTER, HeaderValue::from(retry_after.max(1)));
        }
        response
    }
}

impl From<DbError> for StaffError {
    fn from(err: DbError) -> Self {
        eprintln!("staff API: database failure: {err}");
        StaffError::Server
    }
}

/// A handler's outcome: a response, or an error answered in the request's language.
type Outcome = Result<Response, StaffError>;

/// Turns an [`Outcome`] into a response.
fn respond(lang: Lang, outcome: Outcome) -> Response {
    outcome.unwrap_or_else(|err| err.into_response(lang))
}

/// A `serde_json` formatter that also escapes `<`, `>`, `&`, U+2028 and U+2029, so that no JSON
/// answer contains markup even when a field holds some.
struct HtmlSafeFormatter;

impl serde_json::ser::Formatter for HtmlSafeFormatter {
    fn write_string_fragment<W: ?Sized + io::Write>(&mut self, writer: &mut W, fragment: &str) -> io::Result<()> {
        let mut start = 0;
        for (index, c) in fragment.char_indices() {
            let escaped = match c {
                '<' => "\\u003c",
                '>' => "\\u003e",
                '&' => "\\u0026",
                '\u{2028}' => "\\u2028",
                '\u{2029}' => "\\u2029",
                _ => continue,
            };
            writer.write_all(&fragment.as_bytes()[start..index])?;
            writer.write_all(escaped.as_bytes())?;
            start = index + c.len_utf8();
        }
        writer.write_all(&fragment.as_bytes()[start..])
    }
}

/// `value` as JSON in which `<`, `>`, `&`, U+2028 and U+2029 inside strings are escaped as `\uXXXX`.
pub fn to_safe_json(value: &impl Serialize) -> Result<Vec<u8>, serde_json::Error> {
    let mut bytes = Vec::new();
    let mut serializer = serde_json::Serializer::with_formatter(&mut bytes, HtmlSafeFormatter);
    value.serialize(&mut serializer)?;
    Ok(bytes)
}

/// A JSON response (`application/json`) written with [`to_safe_json`].
fn json_response(status: StatusCode, value: &impl Serialize) -> Outcome {
    let body = to_safe_json(value).map_err(|_| StaffError::Server)?;
    Ok((status, [(header::CONTENT_TYPE, "application/json")], body).into_response())
}

/// The language of error descriptions, from `?lang=zh|en` (Chinese by default).
fn lang_of(uri: &Uri) -> Lang {
    uri.query()
        .unwrap_or("")
        .split('&')
        .find_map(|pair| pair.strip_prefix("lang="))
        .and_then(Lang::from_code)
        .unwrap_or_default()
}

/// Reads a JSON body of at most [`MAX_BODY_BYTES`]; unknown fields are refused (the structs
/// deny them) and named in the error.
async fn read_json<T: DeserializeOwned>(request: Request) -> Result<T, StaffError> {
    let is_json = request
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|value| value.to_str().ok())
        .and_then(|value| value.split(';').next())
        .is_some_and(|media| media.trim().eq_ignore_ascii_case("application/json"));
    if !is_json {
        return Err(StaffError::NotJson);
    }
    let bytes = axum::body::to_bytes(request.into_body(), MAX_BODY_BYTES).await.map_err(|_| StaffError::TooLarge)?;
    let mut deserializer = serde_json::Deserializer::from_slice(&bytes);
    let value = serde_path_to_error::deserialize(&mut deserializer).map_err(|err| {
        let message = err.inner().to_string();
        let unknown = message.strip_prefix("unknown field `").and_then(|rest| rest.split_once('`')).map(|(n, _)| n);
        let path = err.path().to_string();
        let field = match unknown {
            Some(name) => name.chars().take(64).collect(),
            None if path == "." => "body".to_owned(),
            None => path,
        };
        StaffError::Invalid { field }
    })?;
    deserializer.end().map_err(|_| StaffError::invalid("body"))?;
    Ok(value)
}

/// The query string as `T` (every field a string; unknown parameters refused).
fn read_query<T: DeserializeOwned>(uri: &Uri) -> Result<T, StaffError> {
    Query::<T>::try_from_uri(uri).map(|Query(query)| query).map_err(|err| {
        let message = err.body_text();
        let field = message
            .split_once("unknown field `")
            .and_then(|(_, rest)| rest.split_once('`'))
            .map_or("query", |(name, _)| name);
        StaffError::Invalid { field: field.chars().take(64).collect() }
    })
}

/// A non-empty query value, trimmed.
fn given(value: &Option<String>) -> Option<&str> {
    value.as_deref().map(str::trim).filter(|v| !v.is_empty())
}

/// A flag parameter: `1`/`true`/`yes` or `0`/`false`/`no`; absent or empty is `false`.
fn flag(value: &Option<String>, field: &str) -> Result<bool, StaffError> {
    match given(value) {
        None => Ok(false),
        Some("1" | "true" | "yes") => Ok(true),
        Some("0" | "false" | "no") => Ok(false),
        Some(_) => Err(StaffError::invalid(field)),
    }
}

/// A number parameter.
fn number(value: &Option<String>, field: &str) -> Result<Option<u32>, StaffError> {
    given(value).map(|v| v.parse().map_err(|_| StaffError::invalid(field))).transpose()
}

// ---------------------------------------------------------------------------------------------
// The session extractor
// ---------------------------------------------------------------------------------------------

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
        let lang = lang_of(&parts.uri);
        let refuse = |err: StaffError| err.into_response(lang);
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

// ---------------------------------------------------------------------------------------------
// Login, logout, me
// ---------------------------------------------------------------------------------------------

/// The body of `POST /api/staff/login`.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct LoginBody {
    user: String,
    password: String,
}

/// The session as the UI sees it.
#[derive(Debug, Serialize)]
struct SessionView {
    user: String,
    role: Role,
    csrf_token: String,
    expires_at: String,
}

/// `POST /api/staff/login`.
async fn login(State(state): State<AppState>, request: Request) -> Response {
    let lang = lang_of(request.uri());
    let secure = secure_cookies(&state, request.headers());
    respond(lang, try_login(&state, secure, request).await)
}

async fn try_login(state: &AppState, secure: bool, request: Request) -> Outcome {
    let body: LoginBody = read_json(request).await?;
    let name = auth::normalize_username(&body.user);
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
        state.db.call(move |conn| audit::append(conn, now, &actor, Action::LoginFailed, None, &detail)).await?;
        return Err(StaffError::LockedOut { retry_after });
    }

    // The same Argon2 work whether or not the account exists (the dummy hash is made on first use).
    let stored_hash = account.as_ref().map(|a| a.password_hash.clone());
    let (guard, password) = (Arc::clone(&state.logins), body.password);
    let verified = tokio::task::spawn_blocking(move || -> Result<bool, StaffError> {
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
            let session = state
                .db
                .call(move |conn| {
                    let tx = conn.transaction()?;
                    auth::record_login(&tx, account.id, now)?;
                    let session = auth::create_session(&tx, account.id, now, secrets)?;
                    audit::append(&tx, now, &account.username, Action::Login, None, &json!({}))?;
                    tx.commit()?;
                    Ok(session)
                })
                .await?;
            let view = SessionView {
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
            state
                .db
                .call(move |conn| {
                    let tx = conn.transaction()?;
                    auth::save_lockout(&tx, account.id, &account.lockout)?;
                    audit::append(&tx, now, &account.username, Action::LoginFailed, None, &detail)?;
                    tx.commit()
                })
                .await?;
            Err(StaffError::LoginFailed)
        }
        None => {
            state.logins.record_unknown_failure(&name, now);
            let locked = state.logins.unknown_lockout(&name).retry_after(now).is_some();
            let detail = json!({"reason": "unknown_account", "locked": locked});
            state
                .db
                .call(move |conn| {
                    let tx = conn.transaction()?;
                    audit::append(&tx, now, UNKNOWN_ACTOR, Action::LoginFailed, None, &detail)?;
                    tx.commit()
                })
                .await?;
            Err(StaffError::LoginFailed)
        }
    }
}

/// `POST /api/staff/logout`: ends the session and clears the cookie.
async fn logout(State(state): State<AppState>, staff: StaffAuth, headers: HeaderMap, uri: Uri) -> Response {
    let secure = secure_cookies(&state, &headers);
    let outcome = async {
        let session = staff.0;
        let now = state.clock.now();
        state
            .db
            .call(move |conn| {
                let tx = conn.transaction()?;
                auth::delete_session(&tx, &session.token_hash)?;
                audit::append(&tx, now, &session.username, Action::Logout, None, &json!({}))?;
                tx.commit()
            })
            .await?;
        let mut response = json_response(StatusCode::OK, &json!({"signed_out": true}))?;
        let cookie = HeaderValue::from_str(&auth::clearing_cookie(secure)).map_err(|_| StaffError::Server)?;
        response.headers_mut().insert(header::SET_COOKIE, cookie);
        Ok(response)
    };
    respond(lang_of(&uri), outcome.await)
}

/// `GET /api/staff/me`: who is signed in, and the CSRF token (for a page that was reloaded).
async fn me(staff: StaffAuth, uri: Uri) -> Response {
    let session = staff.0;
    let view = SessionView {
        user: session.username,
        role: session.role,
        csrf_token: session.csrf_token,
        expires_at: china_datetime(session.expires_at),
    };
    respond(lang_of(&uri), json_response(StatusCode::OK, &view))
}

// ---------------------------------------------------------------------------------------------
// Reports
// ---------------------------------------------------------------------------------------------

/// The query of `GET /api/staff/reports`. Empty values mean "any".
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, default)]
struct ListQuery {
    status: Option<String>,
    category: Option<String>,
    district: Option<String>,
    area: Option<String>,
    enterprise: Option<String>,
    from: Option<String>,
    to: Option<String>,
    overdue: Option<String>,
    sort: Option<String>,
    limit: Option<String>,
    offset: Option<String>,
    lang: Option<String>,
}

impl ListQuery {
    fn filter(&self) -> Result<ReportFilter, StaffError> {
        let mut statuses = Vec::new();
        for key in given(&self.status).into_iter().flat_map(|v| v.split(',')).map(str::trim) {
            match key {
                "open" => statuses.extend(Status::ALL.into_iter().filter(|s| s.is_open())),
                "closed" => statuses.extend(Status::ALL.into_iter().filter(|s| !s.is_open())),
                key => statuses.push(Status::from_key(key).ok_or_else(|| StaffError::invalid("status"))?),
            }
        }
        let categories = given(&self.category)
            .into_iter()
            .flat_map(|v| v.split(','))
            .map(|key| Category::from_key(key.trim()).ok_or_else(|| StaffError::invalid("category")))
            .collect::<Result<Vec<_>, _>>()?;
        let day = |value: &Option<String>, field: &str| -> Result<Option<i64>, StaffError> {
            given(value).map(|d| china_day_start(d).ok_or_else(|| StaffError::invalid(field))).transpose()
        };
        let sort = match given(&self.sort) {
            None | Some("newest") => Sort::Newest,
            Some("oldest") => Sort::Oldest,
            Some("overdue") => Sort::Overdue,
            Some(_) => return Err(StaffError::invalid("sort")),
        };
        let limit = number(&self.limit, "limit")?.unwrap_or(DEFAULT_LIST_LIMIT);
        if limit == 0 || limit > store::MAX_LIST_LIMIT {
            return Err(StaffError::invalid("limit"));
        }
        Ok(ReportFilter {
            statuses,
            categories,
            district: given(&self.district).map(str::to_owned),
            area: given(&self.area).map(str::to_owned),
            enterprise: given(&self.enterprise).map(str::to_owned),
            created_from: day(&self.from, "from")?,
            created_before: day(&self.to, "to")?.map(|start| start + 86_400),
            overdue_only: flag(&self.overdue, "overdue")?,
            sort,
            limit,
            offset: number(&self.offset, "offset")?.unwrap_or(0),
        })
    }
}

/// A report in the staff list.
#[derive(Debug, Serialize)]
struct SummaryView {
    id: String,
    category: String,
    status: Status,
    district: Option<String>,
    area: Option<String>,
    enterprise_id: Option<String>,
    created: String,
    updated: String,
    closed: Option<String>,
    ack_due: String,
    handle_due: String,
    ack_overdue: bool,
    handle_overdue: bool,
    overdue: bool,
    duplicate_of: Option<String>,
    photos: i64,
    replies: i64,
}

impl From<&ReportSummary> for SummaryView {
    fn from(s: &ReportSummary) -> Self {
        Self {
            id: s.public_id.clone(),
            category: s.category.clone(),
            status: s.status,
            district: s.district_code.clone(),
            area: s.area_id.clone(),
            enterprise_id: s.enterprise_id.clone(),
            created: china_datetime(s.created_at),
            updated: china_datetime(s.updated_at),
            closed: s.closed_at.map(china_datetime),
            ack_due: china_datetime(s.deadlines.ack_due),
            handle_due: china_datetime(s.deadlines.handle_due),
            ack_overdue: s.deadlines.ack_overdue,
            handle_overdue: s.deadlines.handle_overdue,
            overdue: s.deadlines.ack_overdue || s.deadlines.handle_overdue,
            duplicate_of: s.duplicate_of.clone(),
            photos: s.photos,
            replies: s.replies,
        }
    }
}

/// `GET /api/staff/reports`.
async fn list_reports(State(state): State<AppState>, _staff: StaffAuth, uri: Uri) -> Response {
    let outcome = async {
        let query: ListQuery = read_query(&uri)?;
        let filter = query.filter()?;
        let now = state.clock.now();
        let (limit, offset) = (filter.limit, filter.offset);
        let (total, reports) = state.db.call(move |conn| store::list_reports(conn, &filter, now)).await?;
        let reports: Vec<SummaryView> = reports.iter().map(SummaryView::from).collect();
        json_response(StatusCode::OK, &json!({"total": total, "limit": limit, "offset": offset, "reports": reports}))
    };
    respond(lang_of(&uri), outcome.await)
}

/// A report in full.
#[derive(Debug, Serialize)]
struct DetailView {
    #[serde(flatten)]
    summary: SummaryView,
    source_description: Option<String>,
    observed_on: String,
    observed_time: Option<String>,
    address: Option<String>,
    location: Option<Value>,
    description: String,
    contact: Option<Value>,
    wants_reward: bool,
    consent_to_contact: bool,
    personal_data_deleted: Option<String>,
    duplicates: Vec<String>,
    photo_files: Vec<Value>,
    replies: Vec<Value>,
    history: Vec<Value>,
    allowed_next: &'static [Status],
}

impl DetailView {
    fn new(detail: ReportDetail, history: Vec<audit::Entry>) -> Self {
        let id = detail.summary.public_id.clone();
        Self {
            summary: SummaryView::from(&detail.summary),
            source_description: detail.source_description,
            observed_on: detail.observed_on,
            observed_time: detail.observed_time,
            address: detail.address,
            location: detail.location.map(|(lat, lng)| json!({"lat": lat, "lng": lng})),
            description: detail.description,
            contact: detail.contact.map(|c| json!({"name": c.name, "phone": c.phone, "email": c.email})),
            wants_reward: detail.wants_reward,
            consent_to_contact: detail.consent_to_contact,
            personal_data_deleted: detail.personal_data_deleted_at.map(china_datetime),
            duplicates: detail.duplicates,
            photo_files: detail
                .photos
                .into_iter()
                .map(|(position, media_type)| {
                    json!({"id": position, "media_type": media_type,
                           "url": format!("/api/staff/reports/{id}/photos/{position}")})
                })
                .collect(),
            replies: detail
                .replies
                .into_iter()
                .map(|r| json!({"at": china_datetime(r.at), "text": r.text, "text_zh": r.text_zh}))
                .collect(),
            history: history
                .into_iter()
                .map(|e| {
                    json!({"at": china_datetime(e.at), "by": e.actor, "from": e.detail["from"],
                           "to": e.detail["to"], "note": e.detail["note"]})
                })
                .collect(),
            allowed_next: store::allowed_next(detail.summary.status),
        }
    }
}

/// The report id from the path, if it looks like one.
fn report_id(path: Result<Path<String>, PathRejection>) -> Result<String, StaffError> {
    path.ok().map(|Path(id)| id).filter(|id| store::is_public_id(id)).ok_or(StaffError::NotFound)
}

/// `GET /api/staff/reports/{id}`: the whole report with its contact details opened, its photos'
/// ids, replies, duplicates both ways and status history. Audited as `report_view`.
async fn report(
    State(state): State<AppState>,
    staff: StaffAuth,
    path: Result<Path<String>, PathRejection>,
    uri: Uri,
) -> Response {
    let outcome = async {
        let id = report_id(path)?;
        let (now, key, actor) = (state.clock.now(), state.key.clone(), staff.0.username);
        let found = state
            .db
            .run(move |conn| {
                let tx = conn.transaction()?;
                let Some(detail) = store::report_detail(&tx, &key, &id, now)? else { return Ok(None) };
                let history = audit::status_history(&tx, &id)?;
                audit::append(&tx, now, &actor, Action::ReportView, Some(&id), &json!({}))?;
                tx.commit()?;
                Ok(Some((detail, history)))
            })
            .await?;
        let (detail, history) = found.ok_or(StaffError::NotFound)?;
        json_response(StatusCode::OK, &DetailView::new(detail, history))
    };
    respond(lang_of(&uri), outcome.await)
}

/// `GET /api/staff/reports/{id}/photos/{n}`: the stored (metadata-stripped) photo, opened with
/// the key, with its real content type. Audited as `photo_view`.
async fn photo(
    State(state): State<AppState>,
    staff: StaffAuth,
    path: Result<Path<(String, String)>, PathRejection>,
    uri: Uri,
) -> Response {
    let outcome = async {
        let (id, position) = path
            .ok()
            .and_then(|Path((id, n))| Some((id, n.parse::<i64>().ok()?)))
            .filter(|(id, n)| store::is_public_id(id) && (0..100).contains(n))
            .ok_or(StaffError::NotFound)?;
        let (now, key, actor) = (state.clock.now(), state.key.clone(), staff.0.username);
        let found = state
            .db
            .run(move |conn| {
                let tx = conn.transaction()?;
                let Some(photo) = store::photo(&tx, &key, &id, position)? else { return Ok(None) };
                audit::append(&tx, now, &actor, Action::PhotoView, Some(&id), &json!({"photo": position}))?;
                tx.commit()?;
                Ok(Some(photo))
            })
            .await?;
        let (media_type, bytes) = found.ok_or(StaffError::NotFound)?;
        let content_type = HeaderValue::from_str(&media_type).map_err(|_| StaffError::Server)?;
        Ok((
            [
                (header::CONTENT_TYPE, content_type),
                (header::CACHE_CONTROL, HeaderValue::from_static("no-store")),
                (header::CONTENT_DISPOSITION, HeaderValue::from_static("inline")),
            ],
            Body::from(bytes),
        )
            .into_response())
    };
    respond(lang_of(&uri), outcome.await)
}

/// The body of a status change.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct StatusBody {
    status: String,
    #[serde(default)]
    note: Option<String>,
}

/// `POST /api/staff/reports/{id}/status`: moves a report along the workflow (see
/// [`store::allowed_next`]). Audited as `status_change` with the note.
async fn change_status(
    State(state): State<AppState>,
    staff: StaffAuth,
    path: Result<Path<String>, PathRejection>,
    request: Request,
) -> Response {
    let lang = lang_of(request.uri());
    let outcome = async {
        let id = report_id(path)?;
        let body: StatusBody = read_json(request).await?;
        let to = Status::from_key(body.status.trim()).ok_or_else(|| StaffError::invalid("status"))?;
        let note = body.note.as_deref().map(str::trim).filter(|n| !n.is_empty()).map(str::to_owned);
        if note.as_ref().is_some_and(|n| n.chars().count() > MAX_NOTE_CHARS) {
            return Err(StaffError::invalid("note"));
        }
        let (now, actor) = (state.clock.now(), staff.0.username);
        let changed_id = id.clone();
        let change = state
            .db
            .call(move |conn| {
                let tx = conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
                let change = store::set_status(&tx, &changed_id, to, now)?;
                if let StatusChange::Changed { from } = change {
                    let detail = json!({"from": from.key(), "to": to.key(), "note": note});
                    audit::append(&tx, now, &actor, Action::StatusChange, Some(&changed_id), &detail)?;
                }
                tx.commit()?;
                Ok(change)
            })
            .await?;
        match change {
            StatusChange::NotFound => Err(StaffError::NotFound),
            StatusChange::NotAllowed { .. } => Err(StaffError::TransitionNotAllowed),
            StatusChange::Changed { from } => json_response(
                StatusCode::OK,
                &json!({"id": id, "status": to, "previous": from, "updated": china_datetime(now),
                        "allowed_next": store::allowed_next(to)}),
            ),
        }
    };
    respond(lang, outcome.await)
}

/// The body of a reply.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ReplyBody {
    text: String,
    #[serde(default)]
    text_zh: Option<String>,
}

/// `POST /api/staff/reports/{id}/replies`: a reply the reporter reads with the receipt. Audited
/// as `reply`.
async fn reply(
    State(state): State<AppState>,
    staff: StaffAuth,
    path: Result<Path<String>, PathRejection>,
    request: Request,
) -> Response {
    let lang = lang_of(request.uri());
    let outcome = async {
        let id = report_id(path)?;
        let body: ReplyBody = read_json(request).await?;
        let text = body.text.trim().to_owned();
        if text.is_empty() || text.chars().count() > MAX_REPLY_CHARS {
            return Err(StaffError::invalid("text"));
        }
        let text_zh = body.text_zh.as_deref().map(str::trim).filter(|t| !t.is_empty()).map(str::to_owned);
        if text_zh.as_ref().is_some_and(|t| t.chars().count() > MAX_REPLY_CHARS) {
            return Err(StaffError::invalid("text_zh"));
        }
        let (now, actor, key) = (state.clock.now(), staff.0.username, state.key.clone());
        let (reply_id, stored_text, stored_zh) = (id.clone(), text.clone(), text_zh.clone());
        let added = state
            .db
            .call(move |conn| {
                let tx = conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
                let Some(row) = store::insert_reply(&tx, &key, &reply_id, &stored_text, stored_zh.as_deref(), now)?
                else {
                    return Ok(false);
                };
                audit::append(&tx, now, &actor, Action::Reply, Some(&reply_id), &json!({"reply": row}))?;
                tx.commit()?;
                Ok(true)
            })
            .await?;
        if !added {
            return Err(StaffError::NotFound);
        }
        json_response(
            StatusCode::CREATED,
            &json!({"id": id, "reply": {"at": china_datetime(now), "text": text, "text_zh": text_zh}}),
        )
    };
    respond(lang, outcome.await)
}

// ---------------------------------------------------------------------------------------------
// Export and audit (administrators)
// ---------------------------------------------------------------------------------------------

/// The query of `GET /api/staff/export.csv`.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, default)]
struct ExportQuery {
    with_contact: Option<String>,
    lang: Option<String>,
}

/// One CSV cell: quoted, quotes doubled, and a leading `=`, `+`, `-`, `@`, tab or carriage return
/// defused with an apostrophe so that spreadsheets do not run it as a formula.
fn csv_cell(value: &str) -> String {
    let defused =
        if value.starts_with(['=', '+', '-', '@', '\t', '\r']) { format!("'{value}") } else { value.to_owned() };
    format!("\"{}\"", defused.replace('"', "\"\""))
}

/// The CSV export: UTF-8 with a byte-order mark (so that Excel reads the Chinese), CRLF line
/// ends, one row per report, oldest first.
pub fn export_csv(reports: &[ReportDetail], with_contact: bool) -> String {
    let mut header = vec![
        "id",
        "category",
        "status",
        "district",
        "area",
        "enterprise_id",
        "source_description",
        "observed_on",
        "observed_time",
        "address",
        "description",
        "wants_reward",
        "consent_to_contact",
        "created",
        "updated",
        "closed",
        "ack_due",
        "handle_due",
        "ack_overdue",
        "handle_overdue",
        "duplicate_of",
        "photos",
        "replies",
        "personal_data_deleted",
    ];
    if with_contact {
        header.extend(["contact_name", "contact_phone", "contact_email", "lat", "lng"]);
    }
    let mut csv = String::from("\u{FEFF}");
    csv.push_str(&header.iter().map(|h| csv_cell(h)).collect::<Vec<_>>().join(","));
    csv.push_str("\r\n");
    let text = |v: &Option<String>| v.clone().unwrap_or_default();
    let time = |v: Option<i64>| v.map(china_datetime).unwrap_or_default();
    for r in reports {
        let s = &r.summary;
        let mut row = vec![
            s.public_id.clone(),
            s.category.clone(),
            s.status.key().to_owned(),
            text(&s.district_code),
            text(&s.area_id),
            text(&s.enterprise_id),
            text(&r.source_description),
            r.observed_on.clone(),
            text(&r.observed_time),
            text(&r.address),
            r.description.clone(),
            r.wants_reward.to_string(),
            r.consent_to_contact.to_string(),
            china_datetime(s.created_at),
            china_datetime(s.updated_at),
            time(s.closed_at),
            china_datetime(s.deadlines.ack_due),
            china_datetime(s.deadlines.handle_due),
            s.deadlines.ack_overdue.to_string(),
            s.deadlines.handle_overdue.to_string(),
            text(&s.duplicate_of),
            s.photos.to_string(),
            s.replies.to_string(),
            time(r.personal_data_deleted_at),
        ];
        if with_contact {
            let contact = r.contact.clone().unwrap_or_default();
            row.extend([
                text(&contact.name),
                text(&contact.phone),
                text(&contact.email),
                r.location.map(|(lat, _)| lat.to_string()).unwrap_or_default(),
                r.location.map(|(_, lng)| lng.to_string()).unwrap_or_default(),
            ]);
        }
        csv.push_str(&row.iter().map(|cell| csv_cell(cell)).collect::<Vec<_>>().join(","));
        csv.push_str("\r\n");
    }
    csv
}

/// `GET /api/staff/export.csv[?with_contact=1]` (administrators): every report as CSV. Contact
/// details and coordinates only with `with_contact=1`. Audited as `export`, with that choice.
async fn export(State(state): State<AppState>, staff: StaffAuth, uri: Uri) -> Response {
    let outcome = async {
        staff.require(Role::Admin)?;
        let query: ExportQuery = read_query(&uri)?;
        let with_contact = flag(&query.with_contact, "with_contact")?;
        let (now, key, actor) = (state.clock.now(), state.key.clone(), staff.0.username);
        let reports = state
            .db
            .run(move |conn| {
                let tx = conn.transaction()?;
                let reports = store::export_reports(&tx, &key, with_contact, now)?;
                let detail = json!({"with_contact": with_contact, "rows": reports.len()});
                audit::append(&tx, now, &actor, Action::Export, None, &detail)?;
                tx.commit()?;
                Ok(reports)
            })
            .await?;
        let csv = export_csv(&reports, with_contact);
        let disposition = format!("attachment; filename=\"reports-{}.csv\"", china_date(now));
        let disposition = HeaderValue::from_str(&disposition).map_err(|_| StaffError::Server)?;
        Ok((
            [
                (header::CONTENT_TYPE, HeaderValue::from_static("text/csv; charset=utf-8")),
                (header::CONTENT_DISPOSITION, disposition),
            ],
            csv,
        )
            .into_response())
    };
    respond(lang_of(&uri), outcome.await)
}

/// The query of `GET /api/staff/audit`.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, default)]
struct AuditQuery {
    before: Option<String>,
    limit: Option<String>,
    action: Option<String>,
    actor: Option<String>,
    report: Option<String>,
    lang: Option<String>,
}

/// `GET /api/staff/audit` (administrators): the log, newest first, with paging by `before`
/// (an entry id). Reading it is itself audited as `audit_view`.
async fn audit_log(State(state): State<AppState>, staff: StaffAuth, uri: Uri) -> Response {
    let outcome = async {
        staff.require(Role::Admin)?;
        let query: AuditQuery = read_query(&uri)?;
        let limit = number(&query.limit, "limit")?.unwrap_or(DEFAULT_AUDIT_LIMIT);
        if limit == 0 || limit > MAX_AUDIT_LIMIT {
            return Err(StaffError::invalid("limit"));
        }
        let before = given(&query.before).map(|b| b.parse::<i64>().map_err(|_| StaffError::invalid("before")));
        let action = given(&query.action).map(|a| Action::from_key(a).ok_or_else(|| StaffError::invalid("action")));
        let filter = audit::Query {
            before: before.transpose()?,
            limit,
            action: action.transpose()?,
            actor: given(&query.actor).map(str::to_owned),
            report_id: given(&query.report).map(str::to_owned),
        };
        let (now, actor) = (state.clock.now(), staff.0.username);
        let entries = state
            .db
            .call(move |conn| {
                let tx = conn.transaction()?;
                let entries = audit::list(&tx, &filter)?;
                audit::append(&tx, now, &actor, Action::AuditView, None, &json!({"entries": entries.len()}))?;
                tx.commit()?;
                Ok(entries)
            })
            .await?;
        let next_before = (entries.len() == limit as usize).then(|| entries.last().map(|e| e.id)).flatten();
        let entries: Vec<Value> = entries
            .into_iter()
            .map(|e| {
                json!({"id": e.id, "at": utc_datetime(e.at), "actor": e.actor, "action": e.action,
                       "report": e.report_id, "detail": e.detail})
            })
            .collect();
        json_response(StatusCode::OK, &json!({"entries": entries, "next_before": next_before}))
    };
    respond(lang_of(&uri), outcome.await)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_answers_escape_markup() {
        let bytes = to_safe_json(&json!({"d": "<script>alert(1)</script> & \u{2028}"})).expect("json");
        let text = String::from_utf8(bytes.clone()).expect("utf-8");
        assert_eq!(text, r#"{"d":"\u003cscript\u003ealert(1)\u003c/script\u003e \u0026 \u2028"}"#);
        let back: Value = serde_json::from_slice(&bytes).expect("parses");
        assert_eq!(back["d"], "<script>alert(1)</script> & \u{2028}");
    }

    #[test]
    fn csv_cells_are_quoted_and_formulas_defused() {
        assert_eq!(csv_cell("plain"), "\"plain\"");
        assert_eq!(csv_cell("say \"hi\""), "\"say \"\"hi\"\"\"");
        assert_eq!(csv_cell("=HYPERLINK(\"x\")"), "\"'=HYPERLINK(\"\"x\"\")\"");
        assert_eq!(csv_cell("+8613912345678"), "\"'+8613912345678\"");
        assert_eq!(csv_cell("@SUM(A1)"), "\"'@SUM(A1)\"");
        assert_eq!(csv_cell("多行\n文本"), "\"多行\n文本\"");
    }

    #[test]
    fn errors_have_their_status_and_kind() {
        assert_eq!(StaffError::NotSignedIn.status(), StatusCode::UNAUTHORIZED);
        assert_eq!(StaffError::CsrfInvalid.status(), StatusCode::FORBIDDEN);
        assert_eq!(StaffError::LockedOut { retry_after: 5 }.status(), StatusCode::TOO_MANY_REQUESTS);
        let response = StaffError::LockedOut { retry_after: 42 }.into_response(Lang::En);
        assert_eq!(response.headers().get(header::RETRY_AFTER).and_then(|v| v.to_str().ok()), Some("42"));
    }
}
