//! Helpers for the staff API tests: an in-process service with a manual clock, staff accounts
//! made with the real command line, sessions and report filing. Running the binary and raw HTTP
//! come from [`super::server`].

use std::path::Path;
use std::sync::Arc;

use axum::Router;
use axum::body::Body;
use axum::http::{Request, Response, StatusCode};
use portal_core::report::pow_solve;
use portal_intake::clock::ManualClock;
use serde_json::{Value, json};
use tower::ServiceExt;

use super::upload::{Form, content_type};
use super::{Fixture, json};

/// The password every test account gets.
pub const PASSWORD: &str = "correct horse battery staple";

pub use super::server::intake;

/// Creates a staff account with `intake staff add` (password on stdin) and checks it worked.
pub fn add_staff(data_dir: &Path, user: &str, role: &str) {
    let output = intake(&["staff", "add", "--user", user, "--role", role], data_dir, &format!("{PASSWORD}\n"));
    assert!(output.status.success(), "staff add {user}: {}", String::from_utf8_lossy(&output.stderr));
}

/// A signed-in session: the cookie to send back and the CSRF token.
#[derive(Debug, Clone)]
pub struct Session {
    /// `portal_session=<token>`.
    pub cookie: String,
    /// The session's CSRF token.
    pub csrf: String,
}

/// An in-process service over a temporary data directory, with a manual clock.
pub struct Harness {
    pub fixture: Fixture,
    pub clock: Arc<ManualClock>,
    pub app: Router,
}

impl Harness {
    /// A fresh service: easy proof of work, no rate limits, the clock at the real time now.
    pub fn new() -> Self {
        Self::with(|_| {})
    }

    /// A fresh service with its configuration adjusted by `adjust`.
    pub fn with(adjust: impl FnOnce(&mut portal_intake::Config)) -> Self {
        let mut fixture = Fixture::without_site();
        fixture.config.pow_bits = 4;
        fixture.config.rate_limit = 0;
        adjust(&mut fixture.config);
        let clock = Arc::new(ManualClock::starting_now());
        let state = fixture.state().with_clock(clock.clone());
        let app = portal_intake::app(state);
        Self { fixture, clock, app }
    }

    /// The data directory.
    pub fn data_dir(&self) -> &Path {
        &self.fixture.config.data_dir
    }

    /// Sends a request.
    pub async fn send(&self, request: Request<Body>) -> Response<Body> {
        self.app.clone().oneshot(request).await.expect("the router is infallible")
    }

    /// `GET uri`, with the session's cookie if given.
    pub async fn get(&self, uri: &str, session: Option<&Session>) -> Response<Body> {
        let mut request = Request::get(uri);
        if let Some(session) = session {
            request = request.header("cookie", &session.cookie);
        }
        self.send(request.body(Body::empty()).expect("request")).await
    }

    /// `POST uri` with a JSON body, the session's cookie if given and `X-CSRF-Token: csrf` if given.
    pub async fn post(&self, uri: &str, session: Option<&Session>, csrf: Option<&str>, body: &Value) -> Response<Body> {
        let mut request = Request::post(uri).header("content-type", "application/json");
        if let Some(session) = session {
            request = request.header("cookie", &session.cookie);
        }
        if let Some(csrf) = csrf {
            request = request.header("x-csrf-token", csrf);
        }
        self.send(request.body(Body::from(body.to_string())).expect("request")).await
    }

    /// `POST uri` as the session, with its CSRF token.
    pub async fn act(&self, uri: &str, session: &Session, body: &Value) -> Response<Body> {
        self.post(uri, Some(session), Some(&session.csrf), body).await
    }

    /// Tries to log in; returns the raw response.
    pub async fn try_login(&self, user: &str, password: &str) -> Response<Body> {
        self.post("/api/staff/login", None, None, &json!({"user": user, "password": password})).await
    }

    /// Logs in (which must succeed) and returns the session.
    pub async fn login(&self, user: &str) -> Session {
        let response = self.try_login(user, PASSWORD).await;
        assert_eq!(response.status(), StatusCode::OK, "login as {user}");
        let cookie = response
            .headers()
            .get("set-cookie")
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.split(';').next())
            .expect("a session cookie")
            .to_owned();
        let body = json(response).await;
        Session { cookie, csrf: body["csrf_token"].as_str().expect("a CSRF token").to_owned() }
    }

    /// Creates an account with the command line and logs in.
    pub async fn staff(&self, user: &str, role: &str) -> Session {
        add_staff(self.data_dir(), user, role);
        self.login(user).await
    }

    /// Files a report with photos through the public API; returns its id and receipt.
    pub async fn file_report(&self, report: &Value, photos: &[Vec<u8>]) -> (String, String) {
        let pow = json(self.get("/api/pow", None).await).await;
        let challenge = pow["challenge"].as_str().expect("challenge").to_owned();
        let bits = u8::try_from(pow["difficulty_bits"].as_u64().expect("bits")).expect("small");
        let mut form = Form::new().pow(&challenge, pow_solve(&challenge, bits)).report(report);
        for photo in photos {
            form = form.photo(photo);
        }
        let request = Request::post("/api/open311/v2/requests.json")
            .header("content-type", content_type())
            .body(Body::from(form.finish()))
            .expect("request");
        let response = self.send(request).await;
        assert_eq!(response.status(), StatusCode::CREATED);
        let created = json(response).await;
        (
            created[0]["service_request_id"].as_str().expect("id").to_owned(),
            created[0]["receipt"].as_str().expect("receipt").to_owned(),
        )
    }

    /// The reporter's view through the receipt.
    pub async fn by_receipt(&self, receipt: &str) -> Response<Body> {
        self.post("/api/reports/status", None, None, &json!({ "receipt": receipt })).await
    }
}

pub use super::server::http;

/// Logs in over TCP; returns the `Cookie` header value and the CSRF token.
pub fn http_login(address: &str, user: &str) -> Session {
    let body = json!({"user": user, "password": PASSWORD}).to_string();
    let response = http(address, "POST", "/api/staff/login", &[("Content-Type", "application/json")], body.as_bytes())
        .expect("log in");
    assert_eq!(response.status, 200, "{}", String::from_utf8_lossy(&response.body));
    let cookie = response.header("set-cookie").and_then(|v| v.split(';').next()).expect("cookie").to_owned();
    Session { cookie, csrf: response.json()["csrf_token"].as_str().expect("csrf").to_owned() }
}

/// A real JPEG of noisy pixels ([`super::upload::picture`] from `seed`), at least `extra` bytes
/// long, with the metadata of [`super::upload::jpeg_with_gps`]: a photo whose bytes, even
/// re-encoded, are easy to look for.
pub fn distinctive_jpeg(seed: u64, extra: usize) -> Vec<u8> {
    let mut side = 32;
    loop {
        let jpeg = super::upload::real_jpeg(side, side, seed);
        if jpeg.len() >= extra {
            return super::upload::with_segments(&jpeg, &[(0xFE, b"Shot on a phone")]);
        }
        side += 32;
    }
}
