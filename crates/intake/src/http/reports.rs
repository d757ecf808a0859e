//! The report API, shaped like Open311 GeoReport v2 (see `docs/open311.md` for where and why it
//! departs from it):
//!
//! | route | what |
//! |---|---|
//! | `GET /api/open311/v2/services.json?lang=zh\|en` | the report categories |
//! | `GET /api/pow` | a fresh proof-of-work challenge |
//! | `POST /api/open311/v2/requests.json?lang=zh\|en` | file a report (multipart) |
//! | `GET /api/open311/v2/requests.json` | reports' public statuses (see [`super::public`]) |
//! | `GET /api/open311/v2/requests/{id}.json` | a report's public status |
//! | `POST /api/reports/status?lang=zh\|en` | a report's own status and replies, by receipt |
//!
//! Every rejection is an Open311 error list naming the field at fault:
//! `[{"code": 400, "description": "…", "field": "description", "kind": "description_too_short"}]`,
//! with the description in the language asked for (`?lang=`, Chinese by default).
//!
//! Privacy: the client's address is read only to key the in-memory rate limits (see
//! [`crate::ratelimit`]); it is never stored, logged or echoed. Nothing here logs requests.

use std::net::IpAddr;
use std::sync::Arc;
use std::time::Instant;

use axum::Json;
use axum::Router;
use axum::extract::multipart::{Field, MultipartError};
use axum::extract::{DefaultBodyLimit, FromRequest, Multipart, Path, Request, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use portal_core::api::reports::{
    Created, OwnStatus, PowChallenge, PublicRequest, Reply, Service, StatusQuery, StatusStep,
};
use portal_core::i18n::Lang;
use portal_core::report::{
    Category, ErrorKind, FormField, MAX_PHOTO_BYTES, MAX_PHOTOS, Receipt, ReportDraft, china_date, china_datetime,
    field_for_path, service_notice, validate,
};

use super::error::{HttpError, only};
use super::lang::Language;
use crate::AppState;
use crate::client::Client;
use crate::photos::{CleanPhoto, PhotoError};
use crate::pow::PowError;
use crate::spool::{SpoolError, SpoolFile};
use crate::store::{self, NewReport, PublicStatus};

/// The largest upload accepted: five photos of 10 MiB, the report and the multipart overhead.
pub const MAX_UPLOAD_BYTES: usize = 55 * 1024 * 1024;
/// The largest `report` part (the JSON), in bytes.
pub const MAX_REPORT_BYTES: usize = 64 * 1024;
/// The deepest nesting of arrays and objects accepted in the `report` JSON.
pub const MAX_JSON_DEPTH: usize = 32;
/// The largest `pow_challenge` or `pow_nonce` part.
const MAX_SMALL_PART: usize = 256;
/// The largest body of a status look-up.
const MAX_STATUS_BODY: usize = 4 * 1024;
/// How many characters of an unknown part or field name are echoed back.
const MAX_ECHOED_NAME: usize = 64;

/// The report routes, merged into [`super::router`].
pub fn router() -> Router<AppState> {
    Router::new()
        .route("/api/open311/v2/services.json", only(get(services)))
        .route(
            "/api/open311/v2/requests.json",
            only(get(super::public::list).post(submit)).layer(DefaultBodyLimit::max(MAX_UPLOAD_BYTES)),
        )
        .route("/api/open311/v2/requests/{file}", only(get(public_request)))
        .route("/api/pow", only(get(challenge)))
        .route("/api/reports/status", only(post(own_status)))
}

// ---------------------------------------------------------------------------------------------
// Extractors
// ---------------------------------------------------------------------------------------------

/// A name from the request, shortened before it is echoed back.
fn echoed(name: &str) -> String {
    name.chars().take(MAX_ECHOED_NAME).collect()
}

/// 8 bytes from the operating system's random source.
fn random8() -> Result<[u8; 8], getrandom::Error> {
    let mut bytes = [0u8; 8];
    getrandom::fill(&mut bytes)?;
    Ok(bytes)
}

// ---------------------------------------------------------------------------------------------
// GET services.json
// ---------------------------------------------------------------------------------------------

/// `GET /api/open311/v2/services.json`: the categories in the requested language.
async fn services(Language(lang): Language) -> Response {
    let list: Vec<Service> = Category::ALL
        .into_iter()
        .map(|c| Service {
            service_code: c.key().to_owned(),
            service_name: c.name(lang).to_owned(),
            description: c.description(lang).to_owned(),
            metadata: false,
            kind: "realtime".to_owned(),
            keywords: c.keywords(lang).to_owned(),
            group: c.group(lang).to_owned(),
        })
        .collect();
    Json(list).into_response()
}

// ---------------------------------------------------------------------------------------------
// GET /api/pow
// ---------------------------------------------------------------------------------------------

/// `GET /api/pow`: a fresh single-use challenge.
async fn challenge(State(state): State<AppState>, Client(client): Client, Language(lang): Language) -> Response {
    let now = Instant::now();
    if !state.limits.challenge.allow(client, now) {
        return HttpError::one(StatusCode::TOO_MANY_REQUESTS, "", ErrorKind::RateLimited).into_response(lang);
    }
    match state.pow.issue(now) {
        Ok(challenge) => {
            let expires = state.clock.now().saturating_add(crate::pow::CHALLENGE_TTL.as_secs() as i64);
            Json(PowChallenge {
                challenge,
                difficulty_bits: state.pow.difficulty_bits(),
                expires_at: china_datetime(expires),
            })
            .into_response()
        }
        Err(PowError::Full) => {
            HttpError::one(StatusCode::SERVICE_UNAVAILABLE, "", ErrorKind::RateLimited).into_response(lang)
        }
        Err(err) => {
            tracing::error!("cannot issue a proof-of-work challenge: {err}");
            HttpError::server_error().into_response(lang)
        }
    }
}

// ---------------------------------------------------------------------------------------------
// POST requests.json
// ---------------------------------------------------------------------------------------------

/// The parts of a report upload; the photos are in temporary files (see [`crate::spool`]),
/// deleted when this is dropped.
#[derive(Debug, Default)]
struct Upload {
    report: Option<Vec<u8>>,
    pow_challenge: Option<String>,
    pow_nonce: Option<String>,
    photos: Vec<SpoolFile>,
}

/// `POST /api/open311/v2/requests.json`: checks, stores and acknowledges a report.
async fn submit(
    State(state): State<AppState>,
    Client(client): Client,
    Language(lang): Language,
    request: Request,
) -> Response {
    match accept(&state, client, lang, request).await {
        Ok(created) => (StatusCode::CREATED, Json([created])).into_response(),
        Err(error) => error.into_response(lang),
    }
}

/// The headers that may carry the proof of work, so that it is checked before any of the body is
/// read. Without them, the `pow_challenge` and `pow_nonce` parts must come before any `photo`.
pub const POW_CHALLENGE_HEADER: &str = "x-pow-challenge";
/// See [`POW_CHALLENGE_HEADER`].
pub const POW_NONCE_HEADER: &str = "x-pow-nonce";

/// Every step of [`submit`], in order: rate limit, redeem the proof of work if the headers carry
/// it, read the parts within their limits (redeeming the proof of work from its parts before any
/// photo is read, each photo going to a temporary file), parse and validate the report, decode
/// and re-encode the photos ([`crate::photos`]), store (the commit is on disk before this
/// returns).
async fn accept(state: &AppState, client: Option<IpAddr>, lang: Lang, request: Request) -> Result<Created, HttpError> {
    let now = Instant::now();
    if !state.limits.submit.allow(client, now) {
        return Err(HttpError::one(StatusCode::TOO_MANY_REQUESTS, "", ErrorKind::RateLimited));
    }
    let (challenge, nonce) = pow_headers(request.headers());
    let redeemed = challenge.is_some() || nonce.is_some();
    if redeemed {
        redeem_pow(state, challenge.as_deref(), nonce.as_deref())?;
    }
    let mut multipart = Multipart::from_request(request, state)
        .await
        .map_err(|_| HttpError::bad(FormField::Report.id(), ErrorKind::UploadMalformed))?;
    let upload = read_upload(state, &mut multipart, redeemed).await?;

    let report = upload.report.ok_or_else(|| HttpError::bad(FormField::Report.id(), ErrorKind::ReportMissing))?;
    let mut draft = parse_report(&report)?.normalized();
    // The photos that arrived are what counts, not what the form said.
    draft.photos_count = u8::try_from(upload.photos.len()).unwrap_or(u8::MAX);
    let now_unix = state.clock.now();
    let errors = validate(&draft, china_date(now_unix));
    if !errors.is_empty() {
        return Err(HttpError::fields(&errors));
    }

    let files = upload.photos;
    let photos =
        tokio::task::spawn_blocking(move || clean_photos(&files)).await.map_err(|_| HttpError::server_error())??;
    let photos = photos.into_iter().map(|photo| (photo.kind, photo.bytes)).collect();

    let report = NewReport { draft, photos };
    let receipts = Arc::clone(&state.receipts);
    let key = Arc::clone(&state.key);
    // Acknowledged once on disk, in a commit shared with the reports filed at the same moment.
    let stored = state
        .db
        .write_grouped(move |conn| {
            let mut attempts = 0;
            loop {
                let random = || random8().map_err(|err| rusqlite::Error::ToSqlConversionFailure(Box::new(err)));
                let receipt = Receipt::generate(random()?);
                let public_id = store::public_id(random()?);
                match store::insert_report_in(conn, &receipts, &key, &report, &public_id, &receipt, now_unix) {
                    Ok(stored) => return Ok((stored, receipt)),
                    Err(err) if store::is_unique_violation(&err) && attempts < 3 => attempts += 1,
                    Err(err) => return Err(err.into()),
                }
            }
        })
        .await;
    match stored {
        Ok((stored, receipt)) => Ok(Created {
            service_request_id: stored.public_id,
            receipt: receipt.to_string(),
            service_notice: service_notice(lang).to_owned(),
            account_id: None,
        }),
        Err(err) => {
            tracing::error!("cannot store a report: {err}");
            Err(HttpError::server_error())
        }
    }
}

/// The proof of work from the request's headers, if it carries it there.
fn pow_headers(headers: &HeaderMap) -> (Option<String>, Option<String>) {
    let read = |name: &str| {
        headers.get(name).map(|value| value.to_str().map(|text| text.trim().to_owned()).unwrap_or_default())
    };
    (read(POW_CHALLENGE_HEADER), read(POW_NONCE_HEADER))
}

/// Checks a proof of work and uses its challenge up.
fn redeem_pow(state: &AppState, challenge: Option<&str>, nonce: Option<&str>) -> Result<(), HttpError> {
    let challenge = challenge.ok_or_else(|| HttpError::bad(FormField::PowChallenge.id(), ErrorKind::PowMissing))?;
    let nonce = nonce.ok_or_else(|| HttpError::bad(FormField::PowNonce.id(), ErrorKind::PowMissing))?;
    let nonce: u64 = nonce.parse().map_err(|_| HttpError::bad(FormField::PowNonce.id(), ErrorKind::PowInvalid))?;
    state.pow.redeem(challenge, nonce, Instant::now()).map_err(|err| match err {
        PowError::Wrong => HttpError::bad(FormField::PowNonce.id(), ErrorKind::PowInvalid),
        _ => HttpError::bad(FormField::PowChallenge.id(), ErrorKind::PowExpired),
    })
}

/// Reads every part, enforcing the part names and the size and count limits as the bytes arrive.
/// Unless `redeemed` (from the headers), the proof of work is redeemed as soon as both its parts
/// are in, and a photo part that comes before that is refused unread.
async fn read_upload(state: &AppState, multipart: &mut Multipart, mut redeemed: bool) -> Result<Upload, HttpError> {
    let mut upload = Upload::default();
    while let Some(mut part) = multipart.next_field().await.map_err(multipart_error)? {
        let name = part.name().unwrap_or_default().to_owned();
        match name.as_str() {
            "report" => {
                let bytes = read_part(&mut part, MAX_REPORT_BYTES).await?.ok_or_else(|| {
                    HttpError::one(StatusCode::PAYLOAD_TOO_LARGE, FormField::Report.id(), ErrorKind::ReportTooLarge)
                })?;
                if upload.report.replace(bytes).is_some() {
                    return Err(HttpError::bad(FormField::Report.id(), ErrorKind::UploadMalformed));
                }
            }
            "pow_challenge" | "pow_nonce" => {
                let field =
                    if name == "pow_challenge" { FormField::PowChallenge.id() } else { FormField::PowNonce.id() };
                let text = read_part(&mut part, MAX_SMALL_PART)
                    .await?
                    .and_then(|bytes| String::from_utf8(bytes).ok())
                    .ok_or_else(|| HttpError::bad(field, ErrorKind::PowInvalid))?;
                let slot = if name == "pow_challenge" { &mut upload.pow_challenge } else { &mut upload.pow_nonce };
                if slot.replace(text.trim().to_owned()).is_some() {
                    return Err(HttpError::bad(field, ErrorKind::UploadMalformed));
                }
                if !redeemed && upload.pow_challenge.is_some() && upload.pow_nonce.is_some() {
                    redeem_pow(state, upload.pow_challenge.as_deref(), upload.pow_nonce.as_deref())?;
                    redeemed = true;
                }
            }
            "photo" => {
                if !redeemed {
                    // Not one byte of a photo before the proof of work.
                    redeem_pow(state, upload.pow_challenge.as_deref(), upload.pow_nonce.as_deref())?;
                    redeemed = true;
                }
                if upload.photos.len() >= MAX_PHOTOS {
                    return Err(HttpError::bad(FormField::Photos.id(), ErrorKind::TooManyPhotos));
                }
                let file = state.spool.create().await.map_err(spool_error)?;
                upload.photos.push(file);
                if let Some(file) = upload.photos.last_mut() {
                    spool_part(&mut part, file).await?;
                }
            }
            other => return Err(HttpError::bad(echoed(other), ErrorKind::UnknownPart)),
        }
    }
    if !redeemed {
        redeem_pow(state, upload.pow_challenge.as_deref(), upload.pow_nonce.as_deref())?;
    }
    Ok(upload)
}

/// Reads one part; `None` as soon as it grows past `limit` bytes.
async fn read_part(part: &mut Field<'_>, limit: usize) -> Result<Option<Vec<u8>>, HttpError> {
    let mut bytes = Vec::new();
    while let Some(chunk) = part.chunk().await.map_err(multipart_error)? {
        if bytes.len() + chunk.len() > limit {
            return Ok(None);
        }
        bytes.extend_from_slice(&chunk);
    }
    Ok(Some(bytes))
}

/// Writes one photo part to its temporary file as it arrives, up to [`MAX_PHOTO_BYTES`].
async fn spool_part(part: &mut Field<'_>, file: &mut SpoolFile) -> Result<(), HttpError> {
    while let Some(chunk) = part.chunk().await.map_err(multipart_error)? {
        if file.len() + chunk.len() as u64 > MAX_PHOTO_BYTES as u64 {
            return Err(HttpError::one(
                StatusCode::PAYLOAD_TOO_LARGE,
                FormField::Photos.id(),
                ErrorKind::PhotoTooLarge,
            ));
        }
        file.write(&chunk).await.map_err(spool_error)?;
    }
    file.finish().await.map_err(spool_error)
}

/// No room for a photo (the disk floor or the cap of [`crate::spool`]), or a failed write.
fn spool_error(err: SpoolError) -> HttpError {
    match err {
        SpoolError::NoRoom => {
            HttpError::one(StatusCode::SERVICE_UNAVAILABLE, FormField::Photos.id(), ErrorKind::PhotoNoRoom)
        }
        SpoolError::Io(err) => {
            tracing::error!("cannot write a temporary upload file: {err}");
            HttpError::server_error()
        }
    }
}

/// A broken multipart body, or one over [`MAX_UPLOAD_BYTES`].
fn multipart_error(err: MultipartError) -> HttpError {
    if err.status() == StatusCode::PAYLOAD_TOO_LARGE {
        HttpError::one(StatusCode::PAYLOAD_TOO_LARGE, FormField::Photos.id(), ErrorKind::UploadTooLarge)
    } else {
        HttpError::bad(FormField::Report.id(), ErrorKind::UploadMalformed)
    }
}

/// Whether `json` nests arrays and objects deeper than `max` (strings are skipped properly).
fn json_too_deep(json: &[u8], max: usize) -> bool {
    let (mut depth, mut in_string, mut escaped) = (0usize, false, false);
    for &byte in json {
        if in_string {
            match byte {
                _ if escaped => escaped = false,
                b'\\' => escaped = true,
                b'"' => in_string = false,
                _ => {}
            }
        } else {
            match byte {
                b'"' => in_string = true,
                b'[' | b'{' => {
                    depth += 1;
                    if depth > max {
                        return true;
                    }
                }
                b']' | b'}' => depth = depth.saturating_sub(1),
                _ => {}
            }
        }
    }
    false
}

/// The name in serde's "unknown field `name`, expected …" message.
fn unknown_field_name(message: &str) -> Option<&str> {
    let rest = message.strip_prefix("unknown field `")?;
    rest.split_once('`').map(|(name, _)| name)
}

/// Parses the `report` part, naming the field of any error.
fn parse_report(bytes: &[u8]) -> Result<ReportDraft, HttpError> {
    if json_too_deep(bytes, MAX_JSON_DEPTH) {
        return Err(HttpError::bad(FormField::Report.id(), ErrorKind::ReportTooDeep));
    }
    let mut deserializer = serde_json::Deserializer::from_slice(bytes);
    let draft: ReportDraft = serde_path_to_error::deserialize(&mut deserializer).map_err(|err| {
        let path = err.path().to_string();
        match unknown_field_name(&err.inner().to_string()) {
            Some(name) => {
                let parent = path.rsplit_once('.').map_or("", |(parent, _)| parent);
                let full = if parent.is_empty() { name.to_owned() } else { format!("{parent}.{name}") };
                HttpError::bad(echoed(&full), ErrorKind::UnknownField)
            }
            None => HttpError::bad(field_for_path(&path).id(), ErrorKind::ReportMalformed),
        }
    })?;
    deserializer.end().map_err(|_| HttpError::bad(FormField::Report.id(), ErrorKind::ReportMalformed))?;
    Ok(draft)
}

/// Decodes each photo (its real type from its bytes) and encodes it anew, one after another.
fn clean_photos(files: &[SpoolFile]) -> Result<Vec<CleanPhoto>, HttpError> {
    files
        .iter()
        .map(|file| {
            crate::photos::clean_file(file.path()).map_err(|err| {
                let kind = match err {
                    PhotoError::NotAnImage => ErrorKind::PhotoNotImage,
                    PhotoError::Unreadable => ErrorKind::PhotoUnreadable,
                    PhotoError::TooLarge => ErrorKind::PhotoTooManyPixels,
                };
                HttpError::bad(FormField::Photos.id(), kind)
            })
        })
        .collect()
}

// ---------------------------------------------------------------------------------------------
// GET requests/{id}.json
// ---------------------------------------------------------------------------------------------

/// The public view of a report: no description, contact, place or photos.
pub(super) fn public_request_view(s: PublicStatus) -> PublicRequest {
    PublicRequest {
        service_request_id: s.public_id,
        service_code: s.category,
        status: if s.status.is_open() { "open" } else { "closed" }.to_owned(),
        status_detail: s.status.key().to_owned(),
        requested_datetime: china_datetime(s.created_at),
        updated_datetime: china_datetime(s.updated_at),
    }
}

/// `GET /api/open311/v2/requests/{id}.json`: public status only.
async fn public_request(State(state): State<AppState>, Language(lang): Language, Path(file): Path<String>) -> Response {
    let not_found = || HttpError::one(StatusCode::NOT_FOUND, "", ErrorKind::RequestNotFound).into_response(lang);
    let Some(id) = file.strip_suffix(".json").filter(|id| store::is_public_id(id)).map(str::to_owned) else {
        return not_found();
    };
    match state.db.call(move |conn| store::public_status(conn, &id)).await {
        Ok(Some(status)) => Json([public_request_view(status)]).into_response(),
        Ok(None) => not_found(),
        Err(err) => {
            tracing::error!("cannot read a report's status: {err}");
            HttpError::server_error().into_response(lang)
        }
    }
}

// ---------------------------------------------------------------------------------------------
// POST /api/reports/status
// ---------------------------------------------------------------------------------------------

/// A report's own status, for the holder of its receipt.
fn own_status_view(own: store::OwnStatus) -> OwnStatus {
    OwnStatus {
        id: own.public.public_id,
        category: own.public.category,
        status: own.public.status,
        requested: china_datetime(own.public.created_at),
        updated: china_datetime(own.public.updated_at),
        replies: own
            .replies
            .into_iter()
            .map(|r| Reply { at: china_datetime(r.at), text: r.text, text_zh: r.text_zh })
            .collect(),
        // Only when and to what: who changed it and the internal note stay with the bureau.
        history: own.history.into_iter().filter_map(|h| Some(StatusStep { at: h.at, status: h.to? })).collect(),
    }
}

/// `POST /api/reports/status` with `{"receipt": "…"}`: the report's status and replies.
async fn own_status(
    State(state): State<AppState>,
    Client(client): Client,
    Language(lang): Language,
    request: Request,
) -> Response {
    match look_up(&state, client, request).await {
        Ok(view) => Json(view).into_response(),
        Err(error) => error.into_response(lang),
    }
}

async fn look_up(state: &AppState, client: Option<IpAddr>, request: Request) -> Result<OwnStatus, HttpError> {
    if !state.limits.status.allow(client, Instant::now()) {
        return Err(HttpError::one(StatusCode::TOO_MANY_REQUESTS, "", ErrorKind::RateLimited));
    }
    let body = axum::body::to_bytes(request.into_body(), MAX_STATUS_BODY).await.map_err(|_| {
        HttpError::one(StatusCode::PAYLOAD_TOO_LARGE, FormField::Receipt.id(), ErrorKind::UploadTooLarge)
    })?;
    let query: StatusQuery =
        serde_json::from_slice(&body).map_err(|err| match unknown_field_name(&err.to_string()) {
            Some(name) => HttpError::bad(echoed(name), ErrorKind::UnknownField),
            None => HttpError::bad(FormField::Receipt.id(), ErrorKind::ReceiptInvalid),
        })?;
    let receipt = Receipt::parse(&query.receipt).map_err(|err| HttpError::bad(FormField::Receipt.id(), err.kind()))?;
    let (receipts, key) = (Arc::clone(&state.receipts), state.key.clone());
    match state.db.run(move |conn| store::status_by_receipt(conn, &key, &receipts, &receipt)).await {
        Ok(Some(own)) => Ok(own_status_view(own)),
        Ok(None) => Err(HttpError::one(StatusCode::NOT_FOUND, FormField::Receipt.id(), ErrorKind::ReceiptNotFound)),
        Err(err) => {
            tracing::error!("cannot look up a report: {err}");
            Err(HttpError::server_error())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_depth_counts_brackets_outside_strings() {
        assert!(!json_too_deep(b"{\"a\": [1, {\"b\": 2}]}", 3));
        assert!(json_too_deep(b"{\"a\": [1, {\"b\": []}]}", 3));
        let deep = format!("{}{}", "[".repeat(33), "]".repeat(33));
        assert!(json_too_deep(deep.as_bytes(), 32));
        assert!(!json_too_deep(&deep.as_bytes()[1..deep.len() - 1], 32));
        let in_string = format!("{{\"description\": \"{}\\\"{}\"}}", "[".repeat(100), "{".repeat(100));
        assert!(!json_too_deep(in_string.as_bytes(), 2));
    }

    #[test]
    fn unknown_field_names_are_extracted() {
        assert_eq!(unknown_field_name("unknown field `colour`, expected one of `a`"), Some("colour"));
        assert_eq!(unknown_field_name("invalid type: integer"), None);
    }

    #[test]
    fn report_parse_errors_name_the_field() {
        let field_of = |json: &str| match parse_report(json.as_bytes()).expect_err("rejected") {
            HttpError::Report { errors, .. } => errors[0].clone(),
            other => panic!("not a report error: {other:?}"),
        };
        assert_eq!(field_of(r#"{"colour": "black"}"#), ("colour".to_owned(), ErrorKind::UnknownField));
        assert_eq!(field_of(r#"{"contact": {"wechat": "x"}}"#), ("contact.wechat".to_owned(), ErrorKind::UnknownField));
        assert_eq!(field_of(r#"{"enterprise_id": 42}"#), ("enterprise_id".to_owned(), ErrorKind::ReportMalformed));
        assert_eq!(field_of(r#"{"category": "noise"}"#), ("category".to_owned(), ErrorKind::ReportMalformed));
        assert_eq!(field_of(r#"{"contact": {"phone": 1}}"#), ("contact_phone".to_owned(), ErrorKind::ReportMalformed));
        assert_eq!(field_of(r#"{"description": "x"} trailing"#), ("report".to_owned(), ErrorKind::ReportMalformed));
        assert_eq!(field_of("not json"), ("report".to_owned(), ErrorKind::ReportMalformed));
    }
}
