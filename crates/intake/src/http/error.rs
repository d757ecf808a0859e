//! Why a request failed, and the one way a failure becomes a response: an Open311-style error
//! list, `[{"code": 400, "description": "…", "field": "…", "kind": "…"}]`, described in the
//! request's language (see [`HttpError`]).

use axum::Json;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::MethodRouter;
use portal_core::api::ApiError;
use portal_core::api::staff::StaffErrorKind;
use portal_core::i18n::Lang;
use portal_core::report::{ErrorKind, FieldError};

use crate::AppState;
use crate::db::DbError;

/// A failed request, turned into a response by [`HttpError::into_response`] (the only place that
/// writes error lists).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum HttpError {
    /// The report API's refusal: a status and one or more (field, kind) pairs, the field empty
    /// when none is at fault; no pair at all means the server failed.
    Report {
        /// The HTTP status.
        status: StatusCode,
        /// What was wrong, and where.
        errors: Vec<(String, ErrorKind)>,
    },
    /// The staff API's refusal.
    Staff(StaffError),
    /// A bare status and description: an unknown path or method.
    Plain {
        /// The HTTP status.
        status: StatusCode,
        /// The description (the same in every language).
        description: &'static str,
    },
}

impl HttpError {
    /// One report error with this status.
    pub fn one(status: StatusCode, field: impl Into<String>, kind: ErrorKind) -> Self {
        HttpError::Report { status, errors: vec![(field.into(), kind)] }
    }

    /// One report error with `400`.
    pub fn bad(field: impl Into<String>, kind: ErrorKind) -> Self {
        Self::one(StatusCode::BAD_REQUEST, field, kind)
    }

    /// Every field error of a validated report, with `400`.
    pub fn fields(errors: &[FieldError]) -> Self {
        HttpError::Report {
            status: StatusCode::BAD_REQUEST,
            errors: errors.iter().map(|e| (e.field.id().to_owned(), e.kind)).collect(),
        }
    }

    /// The report API's `500`.
    pub fn server_error() -> Self {
        HttpError::Report { status: StatusCode::INTERNAL_SERVER_ERROR, errors: vec![] }
    }

    /// An unknown path (`404`).
    pub fn not_found() -> Self {
        HttpError::Plain { status: StatusCode::NOT_FOUND, description: "not found" }
    }

    /// A method the route does not take (`405`).
    pub fn method_not_allowed() -> Self {
        HttpError::Plain { status: StatusCode::METHOD_NOT_ALLOWED, description: "method not allowed" }
    }

    /// The HTTP status.
    pub fn status(&self) -> StatusCode {
        match self {
            HttpError::Report { status, .. } | HttpError::Plain { status, .. } => *status,
            HttpError::Staff(err) => err.status(),
        }
    }

    /// The error list in `lang`, with `Retry-After` on a lockout.
    pub fn into_response(self, lang: Lang) -> Response {
        let status = self.status();
        let code = status.as_u16();
        match self {
            HttpError::Report { errors, .. } if errors.is_empty() => {
                let kind = ErrorKind::ServerError;
                let error = ApiError {
                    code,
                    description: kind.message(lang).to_owned(),
                    field: String::new(),
                    kind: Some(kind),
                };
                (status, Json([error])).into_response()
            }
            HttpError::Report { errors, .. } => {
                let list: Vec<ApiError> = errors
                    .into_iter()
                    .map(|(field, kind)| ApiError {
                        code,
                        description: kind.message(lang).to_owned(),
                        field,
                        kind: Some(kind),
                    })
                    .collect();
                (status, Json(list)).into_response()
            }
            HttpError::Staff(err) => {
                let description = err.message(lang).to_owned();
                let (kind, retry_after) = (err.kind(), err.retry_after());
                let field = match err {
                    StaffError::Invalid { field } => field,
                    _ => String::new(),
                };
                let mut response =
                    (status, Json([ApiError { code, description, field, kind: Some(kind) }])).into_response();
                if let Some(seconds) = retry_after {
                    response.headers_mut().insert(header::RETRY_AFTER, HeaderValue::from(seconds.max(1)));
                }
                response
            }
            HttpError::Plain { description, .. } => {
                (status, Json([ApiError::<ErrorKind>::plain(code, description)])).into_response()
            }
        }
    }
}

/// Answers other methods with a 405 error list instead of an empty body.
pub fn only(route: MethodRouter<AppState>) -> MethodRouter<AppState> {
    route.fallback(|| async { HttpError::method_not_allowed().into_response(Lang::default()) })
}

/// Turns a staff handler's outcome into a response, describing a failure in `lang`.
pub fn respond(lang: Lang, outcome: Result<Response, StaffError>) -> Response {
    outcome.unwrap_or_else(|err| HttpError::from(err).into_response(lang))
}

/// Why a staff request was refused. Each has a status, a stable kind and a description.
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
    /// A parameter or body field is invalid.
    pub fn invalid(field: &str) -> Self {
        StaffError::Invalid { field: field.to_owned() }
    }

    /// The HTTP status and the stable key the UI translates.
    fn status_and_kind(&self) -> (StatusCode, StaffErrorKind) {
        match self {
            StaffError::NotSignedIn => (StatusCode::UNAUTHORIZED, StaffErrorKind::NotSignedIn),
            StaffError::Forbidden => (StatusCode::FORBIDDEN, StaffErrorKind::Forbidden),
            StaffError::CsrfInvalid => (StatusCode::FORBIDDEN, StaffErrorKind::CsrfInvalid),
            StaffError::LoginFailed => (StatusCode::UNAUTHORIZED, StaffErrorKind::LoginFailed),
            StaffError::LockedOut { .. } => (StatusCode::TOO_MANY_REQUESTS, StaffErrorKind::LockedOut),
            StaffError::NotFound => (StatusCode::NOT_FOUND, StaffErrorKind::NotFound),
            StaffError::Invalid { .. } => (StatusCode::BAD_REQUEST, StaffErrorKind::Invalid),
            StaffError::TransitionNotAllowed => (StatusCode::CONFLICT, StaffErrorKind::TransitionNotAllowed),
            StaffError::NotJson => (StatusCode::UNSUPPORTED_MEDIA_TYPE, StaffErrorKind::NotJson),
            StaffError::TooLarge => (StatusCode::PAYLOAD_TOO_LARGE, StaffErrorKind::TooLarge),
            StaffError::Server => (StatusCode::INTERNAL_SERVER_ERROR, StaffErrorKind::ServerError),
        }
    }

    /// The HTTP status.
    pub fn status(&self) -> StatusCode {
        self.status_and_kind().0
    }

    /// The stable key the UI translates.
    pub fn kind(&self) -> StaffErrorKind {
        self.status_and_kind().1
    }

    /// Seconds to wait, for a lockout.
    fn retry_after(&self) -> Option<i64> {
        match self {
            StaffError::LockedOut { retry_after } => Some(*retry_after),
            _ => None,
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
}

impl From<StaffError> for HttpError {
    fn from(err: StaffError) -> Self {
        HttpError::Staff(err)
    }
}

impl From<DbError> for StaffError {
    fn from(err: DbError) -> Self {
        tracing::error!("staff API: database failure: {err}");
        StaffError::Server
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn errors_have_their_status_and_kind() {
        assert_eq!(StaffError::NotSignedIn.status(), StatusCode::UNAUTHORIZED);
        assert_eq!(StaffError::CsrfInvalid.status(), StatusCode::FORBIDDEN);
        assert_eq!(StaffError::LockedOut { retry_after: 5 }.status(), StatusCode::TOO_MANY_REQUESTS);
        let response = HttpError::from(StaffError::LockedOut { retry_after: 42 }).into_response(Lang::En);
        assert_eq!(response.headers().get(header::RETRY_AFTER).and_then(|v| v.to_str().ok()), Some("42"));
    }
}
