//! Every network request the app makes. Errors are typed, never swallowed: a reader always learns
//! whether the network, the server, or the data was at fault.

use gloo_net::http::Request;
use portal_core::feed::{Latest, Manifest, Stats};
use portal_core::i18n::Msg;
use portal_core::report::ErrorKind;
use serde::de::DeserializeOwned;

/// Where the feed is published, relative to the site's root.
pub const FEED_BASE: &str = "/feed";

/// A GET request for the site path `path` (`/feed/…`, `/api/…`), where the site is mounted
/// (`crate::at_base`). Every request the app makes goes through this or [`post`].
fn get(path: &str) -> gloo_net::http::RequestBuilder {
    Request::get(&crate::at_base(path))
}

/// A POST request for the site path `path`, where the site is mounted.
fn post(path: &str) -> gloo_net::http::RequestBuilder {
    Request::post(&crate::at_base(path))
}

/// Why a request failed.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum FetchError {
    /// The request did not reach the server (offline, DNS, refused, aborted).
    #[error("network error: {0}")]
    Network(String),
    /// The server answered with a non-success status.
    #[error("HTTP status {0}")]
    Status(u16),
    /// The server answered with something that is not JSON (e.g. an HTML fallback page).
    #[error("expected JSON, got content type {0:?}")]
    ContentType(String),
    /// The body is not the JSON we expect.
    #[error("could not decode the data: {0}")]
    Decode(String),
}

impl FetchError {
    /// The reader-facing explanation.
    pub fn message(&self) -> Msg {
        match self {
            FetchError::Network(_) => Msg::FeedErrorNetwork,
            FetchError::Status(_) => Msg::FeedErrorStatus,
            FetchError::ContentType(_) => Msg::FeedErrorContentType,
            FetchError::Decode(_) => Msg::FeedErrorDecode,
        }
    }
}

/// Fetches `url` and returns its body as text, checking status and that it is JSON first.
#[cfg(target_arch = "wasm32")]
pub async fn fetch_json_text(url: &str) -> Result<String, FetchError> {
    let resp = get(url).send().await.map_err(|e| FetchError::Network(e.to_string()))?;
    if !resp.ok() {
        return Err(FetchError::Status(resp.status()));
    }
    let content_type = resp.headers().get("content-type").unwrap_or_default();
    if !content_type.contains("json") {
        return Err(FetchError::ContentType(content_type));
    }
    resp.text().await.map_err(|e| FetchError::Network(e.to_string()))
}

/// The prerenderer reads the site's files from disk: `url` is a path in the built site.
#[cfg(not(target_arch = "wasm32"))]
pub async fn fetch_json_text(url: &str) -> Result<String, FetchError> {
    let path = crate::prerender::site_dir().join(url.trim_start_matches('/'));
    std::fs::read_to_string(&path).map_err(|e| match e.kind() {
        std::io::ErrorKind::NotFound => FetchError::Status(404),
        _ => FetchError::Network(format!("{}: {e}", path.display())),
    })
}

/// Fetches `url` and decodes its JSON body, checking status and content type first.
pub async fn fetch_json<T: DeserializeOwned>(url: &str) -> Result<T, FetchError> {
    let text = fetch_json_text(url).await?;
    serde_json::from_str(&text).map_err(|e| FetchError::Decode(e.to_string()))
}

/// The current feed version and its manifest.
#[derive(Debug, Clone, PartialEq)]
pub struct FeedMeta {
    pub latest: Latest,
    pub manifest: Manifest,
}

impl FeedMeta {
    /// The URL of a file inside this version.
    pub fn file_url(&self, rel: &str) -> String {
        version_file_url(&self.latest.version, rel)
    }
}

/// The URL of a file inside a feed version.
pub fn version_file_url(version: &str, rel: &str) -> String {
    format!("{FEED_BASE}/{version}/{rel}")
}

type FeedMetaFuture = futures::future::Shared<futures::future::LocalBoxFuture<'static, Result<FeedMeta, FetchError>>>;

thread_local! {
    /// The feed load under way, if any: the shell and a data page starting together share it.
    static LOADING_FEED: std::cell::RefCell<Option<FeedMetaFuture>> = const { std::cell::RefCell::new(None) };
}

/// Loads `feed/latest.json`, then the manifest of the version it names. Callers while a load is
/// under way get its answer; a call after it has finished (a retry, a check for a newer version)
/// asks the server again.
pub async fn load_feed() -> Result<FeedMeta, FetchError> {
    use futures::FutureExt;
    let loading = LOADING_FEED.with_borrow_mut(|slot| {
        slot.get_or_insert_with(|| {
            async {
                let answer = fetch_feed_meta().await;
                LOADING_FEED.with_borrow_mut(|slot| *slot = None);
                answer
            }
            .boxed_local()
            .shared()
        })
        .clone()
    });
    loading.await
}

async fn fetch_feed_meta() -> Result<FeedMeta, FetchError> {
    let latest: Latest = fetch_json(&format!("{FEED_BASE}/latest.json")).await?;
    let manifest: Manifest = fetch_json(&version_file_url(&latest.version, "manifest.json")).await?;
    if manifest.version != latest.version {
        return Err(FetchError::Decode(format!(
            "manifest is for {}, latest names {}",
            manifest.version, latest.version
        )));
    }
    Ok(FeedMeta { latest, manifest })
}

/// Loads a version's citywide statistics.
pub async fn load_stats(version: &str) -> Result<Stats, FetchError> {
    fetch_json(&version_file_url(version, "stats.json")).await
}

/// Loads a version's reference data (list entries, limits, areas, industries).
pub async fn load_reference(version: &str) -> Result<portal_core::feed::reference::Reference, FetchError> {
    fetch_json(&version_file_url(version, "reference.json")).await
}

/// Loads one enterprise's detail file.
pub async fn load_enterprise(version: &str, id: &str) -> Result<portal_core::feed::EnterpriseDetail, FetchError> {
    // Ids are generated slugs; anything else cannot name a file and is refused here.
    if id.is_empty() || !id.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_') {
        return Err(FetchError::Status(404));
    }
    fetch_json(&version_file_url(version, &format!("enterprises/{id}.json"))).await
}

/// Loads a version's content index (explainer list, glossary, plan and its status, lessons).
pub async fn load_content_index(version: &str) -> Result<portal_core::content::ContentIndex, FetchError> {
    fetch_json(&version_file_url(version, "content/index.json")).await
}

/// A content file name: lower-case letters, digits and hyphens only.
fn content_slug(id: &str) -> Result<&str, FetchError> {
    if !id.is_empty() && id.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-') {
        Ok(id)
    } else {
        Err(FetchError::Status(404))
    }
}

/// Loads one explainer.
pub async fn load_explainer(version: &str, id: &str) -> Result<portal_core::content::Explainer, FetchError> {
    fetch_json(&version_file_url(version, &format!("content/explainers/{}.json", content_slug(id)?))).await
}

/// Loads an explainer's quiz.
pub async fn load_quiz(version: &str, id: &str) -> Result<portal_core::content::Quiz, FetchError> {
    fetch_json(&version_file_url(version, &format!("content/quizzes/{}.json", content_slug(id)?))).await
}

/// Loads one lesson plan.
pub async fn load_lesson(version: &str, level: &str) -> Result<portal_core::content::Lesson, FetchError> {
    fetch_json(&version_file_url(version, &format!("content/lessons/{}.json", content_slug(level)?))).await
}

pub use portal_core::api::ApiError;
use portal_core::api::reports::StatusQuery;
pub use portal_core::api::reports::{Created, OwnStatus, PowChallenge, Reply};
pub use portal_core::api::staff::StaffSession;
use portal_core::api::staff::{
    AuditPage, LoginRequest, ReplyAdded, ReplyRequest, ReportList, SignedOut, StaffAction, StaffReport,
    StatusChangeRequest, StatusChanged,
};

/// Why a report was not accepted.
#[derive(Debug, Clone, PartialEq)]
pub enum SubmitError {
    /// The request did not reach the service: queue it and try again later.
    Offline(String),
    /// The service refused it, naming the fields.
    Rejected(Vec<ApiError>),
    /// Something else went wrong on the service (5xx).
    Server(u16),
}

/// A photo ready to upload (already stripped of metadata).
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Photo {
    pub name: String,
    pub mime: String,
    pub bytes: Vec<u8>,
}

async fn read_errors(resp: gloo_net::http::Response) -> SubmitError {
    let status = resp.status();
    // Each error carries the answer's status (the queue decides by it whether to try again), also
    // when the body named none, or was not the service's (a proxy's page).
    let errors = match resp.json::<Vec<ApiError>>().await {
        Ok(errors) if !errors.is_empty() => errors,
        _ if status >= 500 => return SubmitError::Server(status),
        _ => {
            let kind = match status {
                413 => ErrorKind::UploadTooLarge,
                429 => ErrorKind::RateLimited,
                _ => ErrorKind::UploadMalformed,
            };
            vec![ApiError { code: status, description: String::new(), field: String::new(), kind: Some(kind) }]
        }
    };
    // A 5xx is the service's trouble (queue and retry), unless it names a field the reader can
    // change: no room for photos now, so send without them.
    if status >= 500 && errors.iter().all(|e| e.field.is_empty()) {
        return SubmitError::Server(status);
    }
    SubmitError::Rejected(
        errors.into_iter().map(|e| ApiError { code: if e.code == 0 { status } else { e.code }, ..e }).collect(),
    )
}

/// Whether the intake service answers at all (a purely static deployment has none).
pub async fn intake_up() -> bool {
    match get("/api/health").send().await {
        // The body is read so the request completes (an unread body stays open).
        Ok(r) => r.ok() && r.text().await.is_ok(),
        Err(_) => false,
    }
}

/// Asks for a proof-of-work challenge.
pub async fn pow_challenge() -> Result<PowChallenge, SubmitError> {
    let resp = get("/api/pow").send().await.map_err(|e| SubmitError::Offline(e.to_string()))?;
    if !resp.ok() {
        return Err(read_errors(resp).await);
    }
    resp.json().await.map_err(|_| SubmitError::Server(resp.status()))
}

/// Sends a report with its photos (multipart), after the proof of work.
pub async fn submit_report(
    draft: &portal_core::report::ReportDraft,
    pow: &PowChallenge,
    nonce: u64,
    photos: &[Photo],
) -> Result<Created, SubmitError> {
    let form = web_sys::FormData::new().map_err(|_| SubmitError::Offline("FormData".into()))?;
    let json = serde_json::to_string(draft).map_err(|e| SubmitError::Offline(e.to_string()))?;
    let bag = web_sys::BlobPropertyBag::new();
    bag.set_type("application/json");
    let blob = web_sys::Blob::new_with_str_sequence_and_options(&js_sys::Array::of1(&json.into()), &bag)
        .map_err(|_| SubmitError::Offline("Blob".into()))?;
    let _ = form.append_with_blob_and_filename("report", &blob, "report.json");
    let _ = form.append_with_str("pow_challenge", &pow.challenge);
    let _ = form.append_with_str("pow_nonce", &nonce.to_string());
    for p in photos {
        let bag = web_sys::BlobPropertyBag::new();
        bag.set_type(&p.mime);
        let array = js_sys::Uint8Array::from(p.bytes.as_slice());
        let blob = web_sys::Blob::new_with_u8_array_sequence_and_options(&js_sys::Array::of1(&array), &bag)
            .map_err(|_| SubmitError::Offline("Blob".into()))?;
        let _ = form.append_with_blob_and_filename("photo", &blob, &p.name);
    }
    let request = post("/api/open311/v2/requests.json").body(form).map_err(|e| SubmitError::Offline(e.to_string()))?;
    let resp = sent(request).await?;
    let created: Vec<Created> = resp.json().await.map_err(|_| SubmitError::Server(resp.status()))?;
    created.into_iter().next().ok_or(SubmitError::Server(201))
}

/// Sends a report request: a network failure is `Offline`, a refusal carries the service's errors.
async fn sent(request: gloo_net::http::Request) -> Result<gloo_net::http::Response, SubmitError> {
    let resp = request.send().await.map_err(|e| SubmitError::Offline(e.to_string()))?;
    if resp.ok() { Ok(resp) } else { Err(read_errors(resp).await) }
}

/// Looks up a report's status and replies with its receipt.
pub async fn report_status(receipt: &str) -> Result<OwnStatus, SubmitError> {
    let body = serde_json::to_string(&StatusQuery { receipt: receipt.to_owned() })
        .map_err(|e| SubmitError::Offline(e.to_string()))?;
    let request = post("/api/reports/status")
        .header("content-type", "application/json")
        .body(body)
        .map_err(|e| SubmitError::Offline(e.to_string()))?;
    let resp = sent(request).await?;
    resp.json().await.map_err(|_| SubmitError::Server(resp.status()))
}

/// A staff request failed: 401 (signed out), 403 (role or CSRF), or another error.
#[derive(Debug, Clone, PartialEq)]
pub enum StaffError {
    SignedOut,
    Forbidden,
    Other(String),
}

async fn staff_json<T: DeserializeOwned>(
    resp: Result<gloo_net::http::Response, gloo_net::Error>,
) -> Result<T, StaffError> {
    let resp = resp.map_err(|e| StaffError::Other(e.to_string()))?;
    match resp.status() {
        // Error bodies are read too, so the request completes (an unread body stays open).
        401 => {
            let _ = resp.text().await;
            Err(StaffError::SignedOut)
        }
        403 => {
            let _ = resp.text().await;
            Err(StaffError::Forbidden)
        }
        s if !(200..300).contains(&s) => Err(StaffError::Other(resp.text().await.unwrap_or_default())),
        _ => resp.json().await.map_err(|e| StaffError::Other(e.to_string())),
    }
}

/// Signs in.
pub async fn staff_login(user: &str, password: &str) -> Result<StaffSession, StaffError> {
    let body = LoginRequest { user: user.to_owned(), password: password.to_owned() };
    let req = post("/api/staff/login").json(&body);
    match req {
        Ok(r) => staff_json(r.send().await).await,
        Err(e) => Err(StaffError::Other(e.to_string())),
    }
}

/// The current session, if signed in.
pub async fn staff_me() -> Result<StaffSession, StaffError> {
    staff_json(get("/api/staff/me").send().await).await
}

/// Signs out.
pub async fn staff_logout(csrf: &str) -> Result<SignedOut, StaffError> {
    staff_json(post("/api/staff/logout").header("x-csrf-token", csrf).send().await).await
}

/// Lists reports with a query string (`status=…&sort=…`).
pub async fn staff_reports(query: &str) -> Result<ReportList, StaffError> {
    staff_json(get(&format!("/api/staff/reports?{query}")).send().await).await
}

/// One report in full.
pub async fn staff_report(id: &str) -> Result<StaffReport, StaffError> {
    staff_json(get(&format!("/api/staff/reports/{}", crate::api::encode(id))).send().await).await
}

/// A state-changing staff request about report `id`, with its CSRF token.
async fn staff_post<T: DeserializeOwned>(
    action: StaffAction,
    id: &str,
    csrf: &str,
    body: &impl serde::Serialize,
) -> Result<T, StaffError> {
    let req = post(&action.path(id)).header("x-csrf-token", csrf).json(body);
    match req {
        Ok(r) => staff_json(r.send().await).await,
        Err(e) => Err(StaffError::Other(e.to_string())),
    }
}

/// Moves report `id` along the workflow.
pub async fn staff_change_status(
    id: &str,
    csrf: &str,
    body: &StatusChangeRequest,
) -> Result<StatusChanged, StaffError> {
    staff_post(StaffAction::Status, id, csrf, body).await
}

/// Adds a reply to report `id`.
pub async fn staff_reply(id: &str, csrf: &str, body: &ReplyRequest) -> Result<ReplyAdded, StaffError> {
    staff_post(StaffAction::Reply, id, csrf, body).await
}

/// The audit log (administrators).
pub async fn staff_audit() -> Result<AuditPage, StaffError> {
    staff_json(get("/api/staff/audit").send().await).await
}

/// Percent-encodes a path segment.
pub fn encode(s: &str) -> String {
    portal_core::query::encode_component(s)
}
