//! The staff API and each of its protections (issue 7), through the router in-process with a
//! manual clock, and, for encryption at rest, retention and backups, through the real binary.

mod common;

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, mpsc};
use std::time::{Duration, Instant};

use axum::body::Body;
use axum::http::{Request, Response, StatusCode};
use common::server::{self, Server};
use common::staff::{Harness, PASSWORD, Session, add_staff, distinctive_jpeg, http, http_login, intake};
use common::upload::{self, Form, contains, valid_report, valid_report_with};
use common::{body, header, json};
use portal_core::report::{china_date, china_datetime, pow_solve};
use portal_intake::clock::{Clock, ManualClock};
use portal_intake::photos::clean;
use serde_json::{Value, json};

const NAME: &str = "王小明";
const PHONE: &str = "13912345678";
const EMAIL: &str = "wang.xiaoming@example.com";
const DAY: i64 = 86_400;
/// The bureau's reply in `serve_one_report`: it quotes the reporter, so it is sealed too.
const REPLY: &str = "王小明同志：您反映的堆沟港镇化工园区东路排污问题已转交执法大队。";
/// A staff note that names the reporter, as notes sometimes do.
const NOTE: &str = "已电话联系王小明，约定周三现场核查";

/// A valid report with contact details.
fn report_with_contact() -> Value {
    let mut report = valid_report();
    report["contact"] = json!({"name": NAME, "phone": PHONE, "email": EMAIL});
    report["consent_to_contact"] = json!(true);
    report
}

/// Asserts a JSON error list with this status and kind, and returns it.
async fn assert_error(response: Response<Body>, status: StatusCode, kind: &str) -> Value {
    assert_eq!(response.status(), status);
    assert_eq!(header(&response, "content-type"), Some("application/json"));
    let body = json(response).await;
    assert_eq!(body[0]["code"], status.as_u16(), "{body}");
    assert_eq!(body[0]["kind"], kind, "{body}");
    assert!(body[0]["description"].as_str().is_some_and(|d| !d.is_empty()));
    body
}

/// Every staff endpoint except login, with a body for the `POST`s and whether only
/// administrators may use it. Logout comes last, since it ends the session.
fn endpoints(id: &str) -> Vec<(&'static str, String, Value, bool)> {
    vec![
        ("GET", "/api/staff/me".to_owned(), Value::Null, false),
        ("GET", "/api/staff/reports".to_owned(), Value::Null, false),
        ("GET", format!("/api/staff/reports/{id}"), Value::Null, false),
        ("GET", format!("/api/staff/reports/{id}/photos/0"), Value::Null, false),
        ("POST", format!("/api/staff/reports/{id}/status"), json!({"status": "under_review"}), false),
        ("POST", format!("/api/staff/reports/{id}/replies"), json!({"text": "已受理。"}), false),
        ("GET", "/api/staff/export.csv".to_owned(), Value::Null, true),
        ("GET", "/api/staff/export.csv?with_contact=1".to_owned(), Value::Null, true),
        ("GET", "/api/staff/audit".to_owned(), Value::Null, true),
        ("POST", "/api/staff/logout".to_owned(), json!({}), false),
    ]
}

/// Sends one endpoint of [`endpoints`] as `session` (with its CSRF token on `POST`s).
async fn call(h: &Harness, method: &str, path: &str, body: &Value, session: Option<&Session>) -> Response<Body> {
    match method {
        "GET" => h.get(path, session).await,
        _ => h.post(path, session, session.map(|s| s.csrf.as_str()).or(Some("x")), body).await,
    }
}

// ---------------------------------------------------------------------------------------------
// Sessions and roles
// ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn every_staff_endpoint_refuses_without_a_session_and_with_the_wrong_role() {
    let h = Harness::new();
    let (id, _) = h.file_report(&valid_report(), &[upload::jpeg_with_gps()]).await;
    let triager = h.staff("tim", "triager").await;
    let admin = h.staff("ada", "admin").await;
    let forged = Session { cookie: format!("portal_session={}", "0".repeat(64)), csrf: "0".repeat(64) };

    for (method, path, body, admin_only) in endpoints(&id) {
        let response = call(&h, method, &path, &body, None).await;
        assert_error(response, StatusCode::UNAUTHORIZED, "not_signed_in").await;
        let response = call(&h, method, &path, &body, Some(&forged)).await;
        assert_error(response, StatusCode::UNAUTHORIZED, "not_signed_in").await;

        let response = call(&h, method, &path, &body, Some(&triager)).await;
        if admin_only {
            assert_error(response, StatusCode::FORBIDDEN, "forbidden").await;
        } else {
            assert!(response.status().is_success(), "{method} {path} as a triager: {}", response.status());
        }
    }
    // The triager's logout ended its session; the administrator may do everything.
    assert_error(h.get("/api/staff/me", Some(&triager)).await, StatusCode::UNAUTHORIZED, "not_signed_in").await;
    for (method, path, body, _) in endpoints(&id) {
        let response = call(&h, method, &path, &body, Some(&admin)).await;
        let status = response.status();
        // The status change was already made by the triager: 409, which is not a refusal of access.
        assert!(status.is_success() || status == StatusCode::CONFLICT, "{method} {path} as an admin: {status}");
    }

    // A disabled account's session stops working at once.
    let dis = h.staff("dis", "admin").await;
    assert_eq!(h.get("/api/staff/me", Some(&dis)).await.status(), StatusCode::OK);
    let output = intake(&["staff", "disable", "--user", "dis"], h.data_dir(), "");
    assert!(output.status.success());
    for (method, path, body, _) in endpoints(&id) {
        assert_error(call(&h, method, &path, &body, Some(&dis)).await, StatusCode::UNAUTHORIZED, "not_signed_in").await;
    }
}

#[tokio::test]
async fn state_changing_requests_need_the_sessions_csrf_token() {
    let h = Harness::new();
    let (id, receipt) = h.file_report(&valid_report(), &[]).await;
    let tim = h.staff("tim", "triager").await;
    let other = h.login("tim").await;
    let posts = [
        (format!("/api/staff/reports/{id}/status"), json!({"status": "under_review"})),
        (format!("/api/staff/reports/{id}/replies"), json!({"text": "已受理。"})),
        ("/api/staff/logout".to_owned(), json!({})),
    ];
    for (path, body) in &posts {
        let wrong = "0".repeat(64);
        for csrf in [None, Some(""), Some(wrong.as_str()), Some(other.csrf.as_str()), Some(&tim.cookie[15..])] {
            let response = h.post(path, Some(&tim), csrf, body).await;
            assert_error(response, StatusCode::FORBIDDEN, "csrf_invalid").await;
        }
    }
    // Nothing happened: still received, no reply, the session alive.
    let own = json(h.by_receipt(&receipt).await).await;
    assert_eq!((own["status"].as_str(), own["replies"].as_array().map(Vec::len)), (Some("received"), Some(0)));
    assert_eq!(h.get("/api/staff/me", Some(&tim)).await.status(), StatusCode::OK);
    // With the token, each goes through.
    for ((path, body), expected) in posts.iter().zip([StatusCode::OK, StatusCode::CREATED, StatusCode::OK]) {
        assert_eq!(h.act(path, &tim, body).await.status(), expected, "{path}");
    }
    assert_eq!(h.get("/api/staff/me", Some(&tim)).await.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(h.get("/api/staff/me", Some(&other)).await.status(), StatusCode::OK, "only that session ended");
}

#[tokio::test]
async fn the_session_cookie_is_http_only_strict_scoped_and_secure_over_tls() {
    let h = Harness::new();
    add_staff(h.data_dir(), "tim", "triager");
    let login = json!({"user": "tim", "password": PASSWORD}).to_string();
    let response = h.try_login("tim", PASSWORD).await;
    let cookie = header(&response, "set-cookie").expect("a cookie").to_owned();
    let mut parts = cookie.split("; ");
    let token = parts.next().and_then(|p| p.strip_prefix("portal_session=")).expect("the session cookie").to_owned();
    assert_eq!(token.len(), 64);
    assert!(token.bytes().all(|b| b.is_ascii_hexdigit()));
    let attributes: HashSet<&str> = parts.collect();
    assert_eq!(attributes, HashSet::from(["HttpOnly", "SameSite=Strict", "Path=/api/staff", "Max-Age=28800"]));
    let body = json(response).await;
    assert_eq!(body["user"], "tim");
    assert_eq!(body["role"], "triager");
    assert_eq!(body["csrf_token"].as_str().map(str::len), Some(64));
    assert_ne!(body["csrf_token"].as_str(), Some(token.as_str()));

    // Over TLS (a proxy says so): Secure as well.
    let request = Request::post("/api/staff/login")
        .header("content-type", "application/json")
        .header("x-forwarded-proto", "https")
        .body(Body::from(login.clone()))
        .expect("request");
    let response = h.send(request).await;
    assert!(header(&response, "set-cookie").expect("a cookie").ends_with("; Secure"));
    // `--secure-cookies`: always Secure.
    let always = Harness::with(|config| config.secure_cookies = true);
    add_staff(always.data_dir(), "tim", "triager");
    let response = always.try_login("tim", PASSWORD).await;
    assert!(header(&response, "set-cookie").expect("a cookie").ends_with("; Secure"));

    // Only a hash of the token is stored.
    let conn = rusqlite::Connection::open(h.fixture.database_file()).expect("open");
    let stored: Vec<Vec<u8>> = conn
        .prepare("SELECT token_hash FROM sessions")
        .and_then(|mut s| s.query_map([], |r| r.get(0))?.collect())
        .expect("sessions");
    let raw = portal_intake::crypto::decode_hex(&token).expect("hex");
    assert!(stored.iter().all(|h| !contains(h, token.as_bytes()) && !contains(h, &raw) && h.len() == 32));

    // Logging out clears the cookie and ends the session.
    let session = Session {
        cookie: format!("portal_session={token}"),
        csrf: body["csrf_token"].as_str().expect("csrf").to_owned(),
    };
    let response = h.act("/api/staff/logout", &session, &json!({})).await;
    assert_eq!(response.status(), StatusCode::OK);
    let cleared = header(&response, "set-cookie").expect("a cookie");
    assert!(cleared.starts_with("portal_session=;") && cleared.contains("Max-Age=0") && cleared.contains("HttpOnly"));
    assert_eq!(h.get("/api/staff/me", Some(&session)).await.status(), StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn sessions_expire_after_eight_hours() {
    let h = Harness::new();
    let started = h.clock.now();
    let tim = h.staff("tim", "triager").await;
    let me = json(h.get("/api/staff/me", Some(&tim)).await).await;
    assert_eq!(me["expires_at"], china_datetime(started + 8 * 3600));
    assert_eq!(me["csrf_token"].as_str(), Some(tim.csrf.as_str()));
    // Used every 20 minutes, the session lasts until eight hours after login, and no longer.
    while h.clock.now() + 20 * 60 < started + 8 * 3600 {
        h.clock.advance(20 * 60);
        assert_eq!(h.get("/api/staff/me", Some(&tim)).await.status(), StatusCode::OK);
    }
    h.clock.set(started + 8 * 3600 - 1);
    assert_eq!(h.get("/api/staff/me", Some(&tim)).await.status(), StatusCode::OK);
    h.clock.advance(1);
    assert_error(h.get("/api/staff/me", Some(&tim)).await, StatusCode::UNAUTHORIZED, "not_signed_in").await;
    let response = h.act("/api/staff/logout", &tim, &json!({})).await;
    assert_error(response, StatusCode::UNAUTHORIZED, "not_signed_in").await;
}

#[tokio::test]
async fn sessions_end_after_thirty_minutes_without_a_request() {
    let h = Harness::new();
    let tim = h.staff("tim", "triager").await;
    // Each request counts as a use.
    for _ in 0..3 {
        h.clock.advance(29 * 60);
        assert_eq!(h.get("/api/staff/me", Some(&tim)).await.status(), StatusCode::OK);
    }
    h.clock.advance(30 * 60);
    assert_error(h.get("/api/staff/me", Some(&tim)).await, StatusCode::UNAUTHORIZED, "not_signed_in").await;
    let response = h.act("/api/staff/logout", &tim, &json!({})).await;
    assert_error(response, StatusCode::UNAUTHORIZED, "not_signed_in").await;
    // Signing in again gives a working session.
    let again = h.login("tim").await;
    assert_eq!(h.get("/api/staff/me", Some(&again)).await.status(), StatusCode::OK);
}

#[tokio::test]
async fn lockout_after_five_failures_backs_off_and_lifts() {
    let h = Harness::new();
    add_staff(h.data_dir(), "lou", "triager");
    // The answer to an unknown user, to compare with.
    let unknown = body(h.try_login("nobody", "whatever password").await).await;

    for _ in 0..5 {
        let response = h.try_login("lou", "wrong password!").await;
        assert_eq!(response.status(), StatusCode::UNAUTHORIZED);
        assert_eq!(body(response).await, unknown, "the same answer as for an unknown user");
    }
    // Locked: even the right password is refused, with the time to wait.
    let response = h.try_login("lou", PASSWORD).await;
    assert_eq!(header(&response, "retry-after"), Some("60"));
    assert_error(response, StatusCode::TOO_MANY_REQUESTS, "locked_out").await;
    h.clock.advance(59);
    assert_eq!(header(&h.try_login("lou", PASSWORD).await, "retry-after"), Some("1"));
    h.clock.advance(1);
    // Lifted; five more failures lock it for twice as long.
    for _ in 0..5 {
        assert_eq!(h.try_login("lou", "wrong password!").await.status(), StatusCode::UNAUTHORIZED);
    }
    assert_eq!(header(&h.try_login("lou", PASSWORD).await, "retry-after"), Some("120"));
    h.clock.advance(120);
    assert_eq!(h.try_login("lou", PASSWORD).await.status(), StatusCode::OK);

    // A success resets it; failures spread over more than 15 minutes do not lock.
    for _ in 0..4 {
        assert_eq!(h.try_login("lou", "wrong password!").await.status(), StatusCode::UNAUTHORIZED);
    }
    h.clock.advance(16 * 60);
    assert_eq!(h.try_login("lou", "wrong password!").await.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(h.try_login("lou", PASSWORD).await.status(), StatusCode::OK);

    // A name without an account locks the same way, so lockouts reveal no accounts.
    for _ in 0..5 {
        let response = h.try_login("ghost", "wrong password!").await;
        assert_eq!(body(response).await, unknown);
    }
    let response = h.try_login("ghost", "wrong password!").await;
    assert_eq!(header(&response, "retry-after"), Some("60"));
    assert_error(response, StatusCode::TOO_MANY_REQUESTS, "locked_out").await;
}

// ---------------------------------------------------------------------------------------------
// Triage
// ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn statuses_follow_the_workflow_and_replies_reach_the_reporter() {
    let h = Harness::new();
    let (a, receipt_a) = h.file_report(&valid_report(), &[]).await;
    let (b, _) = h.file_report(&valid_report_with("enterprise_id", json!("e00007")), &[]).await;
    let tim = h.staff("tim", "triager").await;
    let status = |id: &str| format!("/api/staff/reports/{id}/status");

    for (to, expected) in [
        ("forwarded", StatusCode::CONFLICT),
        ("resolved", StatusCode::CONFLICT),
        ("under_review", StatusCode::OK),
        ("resolved", StatusCode::CONFLICT),
        ("forwarded", StatusCode::OK),
        ("resolved", StatusCode::OK),
        ("closed_other", StatusCode::CONFLICT),
        ("under_review", StatusCode::CONFLICT),
    ] {
        let response = h.act(&status(&a), &tim, &json!({"status": to, "note": "内部备注"})).await;
        assert_eq!(response.status(), expected, "→ {to}");
        if expected == StatusCode::CONFLICT {
            assert_error(response, expected, "transition_not_allowed").await;
        } else {
            assert_eq!(json(response).await["status"], to);
        }
    }
    // Received may be closed straight away, and "no violation" stays distinct from "resolved".
    let response = h.act(&status(&b), &tim, &json!({"status": "closed_no_violation"})).await;
    let changed = json(response).await;
    assert_eq!(
        (changed["previous"].as_str(), changed["status"].as_str()),
        (Some("received"), Some("closed_no_violation"))
    );
    assert_eq!(changed["allowed_next"], json!([]));
    let public = json(h.get(&format!("/api/open311/v2/requests/{b}.json"), None).await).await;
    assert_eq!(
        (public[0]["status"].as_str(), public[0]["status_detail"].as_str()),
        (Some("closed"), Some("closed_no_violation"))
    );

    // Bad requests.
    assert_error(h.act(&status(&a), &tim, &json!({"status": "done"})).await, StatusCode::BAD_REQUEST, "invalid").await;
    let body = assert_error(
        h.act(&status(&a), &tim, &json!({"status": "resolved", "by": "x"})).await,
        StatusCode::BAD_REQUEST,
        "invalid",
    )
    .await;
    assert_eq!(body[0]["field"], "by");
    assert_error(
        h.act(&status("abcdefghjk"), &tim, &json!({"status": "under_review"})).await,
        StatusCode::NOT_FOUND,
        "not_found",
    )
    .await;
    let text_plain = Request::post(status(&a))
        .header("cookie", &tim.cookie)
        .header("x-csrf-token", &tim.csrf)
        .header("content-type", "text/plain")
        .body(Body::from(r#"{"status": "resolved"}"#))
        .expect("request");
    assert_error(h.send(text_plain).await, StatusCode::UNSUPPORTED_MEDIA_TYPE, "not_json").await;

    // Replies reach the reporter through the receipt.
    let replies = format!("/api/staff/reports/{a}/replies");
    let response = h.act(&replies, &tim, &json!({"text": "经查实已依法处罚。", "text_zh": null})).await;
    assert_eq!(response.status(), StatusCode::CREATED);
    let response = h.act(&replies, &tim, &json!({"text": "Fined under the law.", "text_zh": "已依法处罚。"})).await;
    assert_eq!(response.status(), StatusCode::CREATED);
    let own = json(h.by_receipt(&receipt_a).await).await;
    assert_eq!(own["status"], "resolved");
    assert_eq!(own["replies"][0]["text"], "经查实已依法处罚。");
    assert_eq!(own["replies"][1]["text_zh"], "已依法处罚。");
    assert_error(h.act(&replies, &tim, &json!({"text": "   "})).await, StatusCode::BAD_REQUEST, "invalid").await;
    let long = "长".repeat(5001);
    assert_error(h.act(&replies, &tim, &json!({"text": long})).await, StatusCode::BAD_REQUEST, "invalid").await;
    let unknown = "/api/staff/reports/abcdefghjk/replies";
    assert_error(h.act(unknown, &tim, &json!({"text": "x"})).await, StatusCode::NOT_FOUND, "not_found").await;

    // The report's history lists the changes with who made them.
    let detail = json(h.get(&format!("/api/staff/reports/{a}"), Some(&tim)).await).await;
    let history = detail["history"].as_array().expect("history");
    assert_eq!(history.len(), 3);
    assert_eq!((history[0]["from"].as_str(), history[0]["to"].as_str()), (Some("received"), Some("under_review")));
    assert_eq!((history[2]["by"].as_str(), history[2]["note"].as_str()), (Some("tim"), Some("内部备注")));
}

#[tokio::test]
async fn a_receipt_reveals_only_its_own_reports_status_and_replies() {
    let h = Harness::new();
    let (a, receipt_a) = h.file_report(&report_with_contact(), &[]).await;
    let (b, receipt_b) = h.file_report(&valid_report_with("category", json!("hazardous_waste")), &[]).await;
    let tim = h.staff("tim", "triager").await;
    h.act(&format!("/api/staff/reports/{a}/replies"), &tim, &json!({"text": "甲案答复：已受理。"})).await;
    h.act(&format!("/api/staff/reports/{b}/replies"), &tim, &json!({"text": "乙案答复：已转交。"})).await;
    h.act(&format!("/api/staff/reports/{b}/status"), &tim, &json!({"status": "under_review"})).await;

    for (receipt, own_id, other_id, own_text, other_text, status) in [
        (&receipt_a, &a, &b, "甲案答复：已受理。", "乙案答复", "received"),
        (&receipt_b, &b, &a, "乙案答复：已转交。", "甲案答复", "under_review"),
    ] {
        let response = h.by_receipt(receipt).await;
        assert_eq!(response.status(), StatusCode::OK);
        let text = String::from_utf8(body(response).await.to_vec()).expect("UTF-8");
        assert!(
            !text.contains(other_id.as_str()) && !text.contains(other_text),
            "no leak from the other report: {text}"
        );
        assert!(!text.contains(PHONE) && !text.contains(NAME) && !text.contains("夜里"), "no contact or description");
        let own: Value = serde_json::from_str(&text).expect("JSON");
        let mut keys: Vec<&str> = own.as_object().expect("object").keys().map(String::as_str).collect();
        keys.sort_unstable();
        assert_eq!(keys, ["category", "history", "id", "replies", "requested", "status", "updated"]);
        assert_eq!(own["id"], own_id.as_str());
        assert_eq!(own["status"], status);
        // Its own history only: when and to what, nothing about who.
        let history: Vec<&str> =
            own["history"].as_array().expect("a list").iter().filter_map(|h| h["status"].as_str()).collect();
        assert_eq!(history, if status == "received" { vec![] } else { vec![status] });
        assert!(!text.contains("\"tim\""), "who changed it stays with the bureau: {text}");
        assert_eq!(own["replies"].as_array().map(Vec::len), Some(1));
        assert_eq!(own["replies"][0]["text"], own_text);
    }
}

#[tokio::test]
async fn the_list_filters_sorts_and_flags_overdue_reports() {
    let h = Harness::new();
    let created = h.clock.now();
    let (r1, _) = h.file_report(&valid_report(), &[upload::jpeg_with_gps()]).await;
    h.clock.advance(60);
    let (r2, _) = h.file_report(&valid_report(), &[]).await; // a possible duplicate of r1
    h.clock.advance(60);
    let mut third = valid_report();
    third["category"] = json!("hazardous_waste");
    third["enterprise_id"] = Value::Null;
    third["source_description"] = json!("河边无名作坊");
    third["district_code"] = json!("320706");
    third["area_id"] = Value::Null;
    let (r3, _) = h.file_report(&third, &[]).await;
    let tim = h.staff("tim", "triager").await;
    let (r1, r2, r3) = (r1.as_str(), r2.as_str(), r3.as_str());
    let ids = |list: &Value| -> Vec<String> {
        list["reports"].as_array().expect("reports").iter().map(|r| r["id"].as_str().expect("id").to_owned()).collect()
    };
    let list = |query: String| {
        let (h, tim) = (&h, &tim);
        async move {
            let response = h.get(&format!("/api/staff/reports{query}"), Some(tim)).await;
            assert_eq!(response.status(), StatusCode::OK, "{query}");
            assert_eq!(header(&response, "content-type"), Some("application/json"));
            json(response).await
        }
    };

    let all = list(String::new()).await;
    assert_eq!(all["total"], 3);
    assert_eq!(ids(&all), [r3, r2, r1], "newest first");
    let first = &all["reports"][2];
    assert_eq!(first["photos"], 1);
    assert_eq!(first["category"], "illegal_discharge");
    assert_eq!(first["district"], "320724");
    assert_eq!(first["enterprise_id"], "e00042");
    assert_eq!(first["created"], china_datetime(created));
    assert_eq!(first["ack_due"], china_datetime(created + 15 * DAY));
    assert_eq!(first["handle_due"], china_datetime(created + 60 * DAY));
    assert_eq!((first["ack_overdue"].as_bool(), first["overdue"].as_bool()), (Some(false), Some(false)));
    assert_eq!(all["reports"][1]["duplicate_of"], r1);
    assert_eq!(ids(&list("?sort=oldest".into()).await), [r1, r2, r3]);
    let empty = "?status=&category=&district=&enterprise=&from=&to=&sort=";
    assert_eq!(list(empty.into()).await["total"], 3, "empty parameters mean any");

    for (query, expected) in [
        ("?status=received", vec![r3, r2, r1]),
        ("?status=closed", vec![]),
        ("?category=hazardous_waste", vec![r3]),
        ("?category=hazardous_waste,illegal_discharge&district=320724", vec![r2, r1]),
        ("?district=320706", vec![r3]),
        ("?area=lyg_chem_park", vec![r2, r1]),
        ("?enterprise=e00042", vec![r2, r1]),
        ("?enterprise=e99999", vec![]),
    ] {
        assert_eq!(ids(&list(query.into()).await), expected, "{query}");
    }
    let today = china_date(created);
    let (yesterday, tomorrow) = (china_date(created - DAY), china_date(created + DAY));
    assert_eq!(list(format!("?from={today}&to={today}")).await["total"], 3);
    assert_eq!(list(format!("?to={yesterday}")).await["total"], 0);
    assert_eq!(list(format!("?from={tomorrow}")).await["total"], 0);
    let page = list("?sort=oldest&limit=1&offset=1".into()).await;
    assert_eq!((page["total"].as_u64(), ids(&page)), (Some(3), vec![r2.to_owned()]));

    // r1 is acknowledged by a reply, r3 by a status change; 16 days later only r2 is overdue.
    h.act(&format!("/api/staff/reports/{r1}/replies"), &tim, &json!({"text": "已受理。"})).await;
    h.act(&format!("/api/staff/reports/{r3}/status"), &tim, &json!({"status": "under_review"})).await;
    h.clock.advance(16 * DAY);
    let tim = h.login("tim").await; // the first session has expired
    let list = |query: String| {
        let (h, tim) = (&h, &tim);
        async move { json(h.get(&format!("/api/staff/reports{query}"), Some(tim)).await).await }
    };
    let overdue = list("?overdue=1".into()).await;
    assert_eq!(ids(&overdue), [r2]);
    assert_eq!(overdue["reports"][0]["ack_overdue"], true);
    assert_eq!(overdue["reports"][0]["handle_overdue"], false);
    assert_eq!(ids(&list("?sort=overdue".into()).await), [r2, r1, r3]);
    // 61 days on, every open report is past its handling limit; closed ones are not overdue.
    h.clock.advance(45 * DAY);
    let tim = h.login("tim").await;
    let list = |query: String| {
        let (h, tim) = (&h, &tim);
        async move { json(h.get(&format!("/api/staff/reports{query}"), Some(tim)).await).await }
    };
    h.act(&format!("/api/staff/reports/{r3}/status"), &tim, &json!({"status": "closed_other"})).await;
    let late = list("?sort=overdue".into()).await;
    assert_eq!(ids(&late), [r2, r1, r3]);
    assert_eq!(late["reports"][1]["handle_overdue"], true);
    assert_eq!(late["reports"][2]["overdue"], false);
    assert_eq!(ids(&list("?overdue=true".into()).await), [r2, r1]);

    for (query, field) in [
        ("?status=done", "status"),
        ("?category=noise", "category"),
        ("?sort=random", "sort"),
        ("?from=2024-13-01", "from"),
        ("?to=yesterday", "to"),
        ("?limit=0", "limit"),
        ("?limit=many", "limit"),
        ("?overdue=maybe", "overdue"),
        ("?colour=red", "colour"),
    ] {
        let response = h.get(&format!("/api/staff/reports{query}"), Some(&tim)).await;
        let body = assert_error(response, StatusCode::BAD_REQUEST, "invalid").await;
        assert_eq!(body[0]["field"], field, "{query}");
    }
}

#[tokio::test]
async fn a_report_shows_contact_photos_and_duplicates_linked_both_ways() {
    let h = Harness::new();
    let photo = distinctive_jpeg(7, 4096);
    let (first, _) = h.file_report(&report_with_contact(), &[photo.clone(), upload::jpeg_with_gps()]).await;
    let (second, _) = h.file_report(&valid_report(), &[]).await;
    let tim = h.staff("tim", "triager").await;

    let detail = json(h.get(&format!("/api/staff/reports/{first}"), Some(&tim)).await).await;
    assert_eq!(detail["id"], first.as_str());
    assert_eq!(detail["description"], upload::DESCRIPTION);
    assert_eq!(detail["contact"], json!({"name": NAME, "phone": PHONE, "email": EMAIL}));
    assert_eq!(detail["location"], json!({"lat": 34.38, "lng": 119.63}));
    assert_eq!(detail["consent_to_contact"], true);
    assert_eq!(detail["duplicate_of"], Value::Null);
    assert_eq!(detail["duplicates"], json!([second]));
    assert_eq!(detail["photos"], 2);
    assert_eq!(detail["photo_files"][1]["url"], format!("/api/staff/reports/{first}/photos/1"));
    assert_eq!(detail["photo_files"][0]["media_type"], "image/jpeg");
    assert_eq!(detail["allowed_next"], json!(["under_review", "closed_no_violation", "closed_other"]));
    let linked = json(h.get(&format!("/api/staff/reports/{second}"), Some(&tim)).await).await;
    assert_eq!(linked["duplicate_of"], first.as_str());
    assert_eq!(linked["contact"], Value::Null, "anonymous");

    let response = h.get(&format!("/api/staff/reports/{first}/photos/0"), Some(&tim)).await;
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(header(&response, "content-type"), Some("image/jpeg"));
    assert_eq!(header(&response, "cache-control"), Some("no-store"));
    assert_eq!(header(&response, "content-disposition"), Some("inline"));
    assert_eq!(header(&response, "x-content-type-options"), Some("nosniff"));
    let served = body(response).await;
    assert_eq!(served.as_ref(), clean(&photo).expect("clean").bytes.as_slice(), "the stored, re-encoded photo");
    assert!(!contains(&served, b"Exif"));
    for path in [
        format!("/api/staff/reports/{first}/photos/2"),
        format!("/api/staff/reports/{first}/photos/x"),
        format!("/api/staff/reports/{second}/photos/0"),
        "/api/staff/reports/abcdefghjk".to_owned(),
        "/api/staff/reports/not-an-id".to_owned(),
        "/api/staff/reports/abcdefghjk/photos/0".to_owned(),
    ] {
        assert_error(h.get(&path, Some(&tim)).await, StatusCode::NOT_FOUND, "not_found").await;
    }
}

// ---------------------------------------------------------------------------------------------
// Markup and headers
// ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn markup_from_reporters_comes_back_as_escaped_json_data() {
    let h = Harness::new();
    let script = "<script>alert(1)</script>";
    let mut report = valid_report();
    let description = format!("{script} 夜里厂区暗管向河里排黑水，气味刺鼻，持续半小时。");
    report["description"] = json!(description);
    report["address"] = json!("<img src=x onerror=alert(2)>");
    let (id, receipt) = h.file_report(&report, &[]).await;
    let tim = h.staff("tim", "triager").await;

    for path in [format!("/api/staff/reports/{id}"), "/api/staff/reports".to_owned()] {
        let response = h.get(&path, Some(&tim)).await;
        assert_eq!(header(&response, "content-type"), Some("application/json"));
        assert_eq!(header(&response, "x-content-type-options"), Some("nosniff"));
        let raw = String::from_utf8(body(response).await.to_vec()).expect("UTF-8");
        assert!(!raw.contains('<') && !raw.contains('>'), "no raw markup in {path}: {raw}");
        if path.ends_with(&id) {
            assert!(raw.contains(r"\u003cscript\u003ealert(1)\u003c/script\u003e"), "{raw}");
            let parsed: Value = serde_json::from_str(&raw).expect("JSON");
            assert_eq!(parsed["description"], description.as_str(), "the same text, as data");
            assert_eq!(parsed["address"], "<img src=x onerror=alert(2)>");
        }
    }
    // A reply with markup reaches the reporter's status view as JSON data too.
    let reply = "<b>已受理</b><script>alert(3)</script>";
    h.act(&format!("/api/staff/reports/{id}/replies"), &tim, &json!({"text": reply})).await;
    let response = h.by_receipt(&receipt).await;
    assert_eq!(header(&response, "content-type"), Some("application/json"));
    assert_eq!(header(&response, "x-content-type-options"), Some("nosniff"));
    assert_eq!(json(response).await["replies"][0]["text"], reply);
}

/// Checks the security headers of a response: a CSP allowing no third-party origin, no inline or
/// evaluated script and no framing, plus `X-Content-Type-Options`, `Referrer-Policy` and
/// `X-Frame-Options`.
fn assert_protective_headers(response: &Response<Body>, what: &str) {
    let csp = header(response, "content-security-policy").unwrap_or_else(|| panic!("{what}: no CSP"));
    let mut seen = HashSet::new();
    for directive in csp.split(';').map(str::trim).filter(|d| !d.is_empty()) {
        let mut words = directive.split_whitespace();
        let name = words.next().expect("a directive name");
        let sources: Vec<&str> = words.collect();
        seen.insert(name);
        for source in &sources {
            assert!(
                ["'self'", "'none'", "'wasm-unsafe-eval'", "data:", "blob:"].contains(source),
                "{what}: {name} allows {source}, which may be a third-party origin or inline code"
            );
        }
        if name == "script-src" {
            assert!(
                !sources.contains(&"'unsafe-inline'") && !sources.contains(&"data:") && !sources.contains(&"blob:")
            );
        }
        if name == "frame-ancestors" {
            assert_eq!(sources, ["'none'"], "{what}");
        }
    }
    for needed in ["default-src", "script-src", "frame-ancestors", "object-src", "base-uri"] {
        assert!(seen.contains(needed), "{what}: CSP lacks {needed}");
    }
    assert_eq!(header(response, "x-content-type-options"), Some("nosniff"), "{what}");
    assert_eq!(header(response, "referrer-policy"), Some("no-referrer"), "{what}");
    assert_eq!(header(response, "x-frame-options"), Some("DENY"), "{what}");
}

#[tokio::test]
async fn every_response_carries_a_strict_csp_and_the_other_security_headers() {
    let h = Harness::new();
    common::write(&h.fixture.config.site_dir, "index.html", common::INDEX_HTML.as_bytes());
    let (id, receipt) = h.file_report(&valid_report(), &[upload::jpeg_with_gps()]).await;
    let tim = h.staff("tim", "triager").await;
    let ada = h.staff("ada", "admin").await;
    let mut checked = Vec::new();
    for (path, session) in [
        ("/".to_owned(), None),
        ("/staff".to_owned(), None),
        ("/missing.js".to_owned(), None),
        ("/api/health".to_owned(), None),
        ("/api/open311/v2/services.json".to_owned(), None),
        (format!("/api/open311/v2/requests/{id}.json"), None),
        ("/api/staff/me".to_owned(), None),
        ("/api/staff/me".to_owned(), Some(&tim)),
        ("/api/staff/login".to_owned(), None),
        ("/api/staff/reports".to_owned(), Some(&tim)),
        (format!("/api/staff/reports/{id}"), Some(&tim)),
        (format!("/api/staff/reports/{id}/photos/0"), Some(&tim)),
        ("/api/staff/reports/abcdefghjk".to_owned(), Some(&tim)),
        ("/api/staff/export.csv".to_owned(), Some(&tim)),
        ("/api/staff/export.csv".to_owned(), Some(&ada)),
        ("/api/staff/audit".to_owned(), Some(&ada)),
        ("/api/staff/nothing-here".to_owned(), Some(&ada)),
    ] {
        let response = h.get(&path, session).await;
        assert_protective_headers(&response, &path);
        checked.push(response.status().as_u16());
    }
    for response in [
        h.by_receipt(&receipt).await,
        h.try_login("tim", "wrong password!").await,
        h.post("/api/staff/logout", None, None, &json!({})).await,
        h.act(&format!("/api/staff/reports/{id}/status"), &tim, &json!({"status": "under_review"})).await,
    ] {
        checked.push(response.status().as_u16());
        assert_protective_headers(&response, "a POST");
    }
    // Successes and every kind of refusal were among them.
    for status in [200, 401, 403, 404, 405] {
        assert!(checked.contains(&status), "{status} in {checked:?}");
    }
}

// ---------------------------------------------------------------------------------------------
// Audit log and export
// ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn the_audit_log_records_every_step_and_cannot_be_changed() {
    let h = Harness::new();
    let (id, _) = h.file_report(&report_with_contact(), &[upload::jpeg_with_gps()]).await;
    add_staff(h.data_dir(), "tim", "triager");
    assert_eq!(h.try_login("tim", "wrong password!").await.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(h.try_login("nobody", "wrong password!").await.status(), StatusCode::UNAUTHORIZED);
    let tim = h.login("tim").await;
    h.get(&format!("/api/staff/reports/{id}"), Some(&tim)).await;
    h.get(&format!("/api/staff/reports/{id}/photos/0"), Some(&tim)).await;
    h.act(&format!("/api/staff/reports/{id}/status"), &tim, &json!({"status": "under_review", "note": "先核查"})).await;
    h.act(&format!("/api/staff/reports/{id}/replies"), &tim, &json!({"text": "已受理。"})).await;
    // The triager may not read the log or export.
    assert_error(h.get("/api/staff/audit", Some(&tim)).await, StatusCode::FORBIDDEN, "forbidden").await;
    assert_error(h.get("/api/staff/export.csv", Some(&tim)).await, StatusCode::FORBIDDEN, "forbidden").await;
    h.act("/api/staff/logout", &tim, &json!({})).await;
    let ada = h.staff("ada", "admin").await;

    // Export, without and then with contact details.
    let response = h.get("/api/staff/export.csv", Some(&ada)).await;
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(header(&response, "content-type"), Some("text/csv; charset=utf-8"));
    assert!(header(&response, "content-disposition").is_some_and(|d| d.starts_with("attachment; filename=\"reports-")));
    let csv = String::from_utf8(body(response).await.to_vec()).expect("UTF-8");
    assert!(csv.starts_with("\u{FEFF}\"id\",\"category\",\"status\""), "BOM and header");
    assert_eq!(csv.lines().count(), 2, "one row per report");
    assert!(csv.contains(&id) && csv.contains("under_review") && csv.contains(upload::DESCRIPTION));
    assert!(!csv.contains(PHONE) && !csv.contains(NAME) && !csv.contains(EMAIL) && !csv.contains("34.38"));
    let with = String::from_utf8(body(h.get("/api/staff/export.csv?with_contact=1", Some(&ada)).await).await.to_vec())
        .expect("UTF-8");
    assert!(with.contains("\"contact_phone\"") && with.contains(PHONE) && with.contains(NAME) && with.contains(EMAIL));
    let output = intake(&["staff", "disable", "--user", "tim"], h.data_dir(), "");
    assert!(output.status.success());
    let output = intake(&["reply", "--id", &id, "--text", "已电话回访。", "--status", "forwarded"], h.data_dir(), "");
    assert!(output.status.success());

    let log = json(h.get("/api/staff/audit?limit=500", Some(&ada)).await).await;
    let entries = log["entries"].as_array().expect("entries");
    let find = |action: &str, actor: &str| -> Vec<&Value> {
        entries.iter().filter(|e| e["action"] == action && e["actor"] == actor).collect()
    };
    for (action, actor) in [
        ("staff_add", "(cli)"),
        ("login_failed", "tim"),
        ("login_failed", "(unknown)"),
        ("login", "tim"),
        ("report_view", "tim"),
        ("photo_view", "tim"),
        ("status_change", "tim"),
        ("reply", "tim"),
        ("logout", "tim"),
        ("login", "ada"),
        ("export", "ada"),
        ("staff_disable", "(cli)"),
        ("reply", "(cli)"),
        ("status_change", "(cli)"),
    ] {
        assert!(!find(action, actor).is_empty(), "{action} by {actor} in {log}");
    }
    let change = find("status_change", "tim")[0];
    assert_eq!(change["report"], id.as_str());
    // The note itself is not in the log (retention could not delete it there), only its id and
    // the digest of its sealed bytes; staff read it with the report's history.
    let note = &change["detail"]["note"];
    assert_eq!((&change["detail"]["from"], &change["detail"]["to"]), (&json!("received"), &json!("under_review")));
    assert!(note["id"].is_i64() && note["sha256"].as_str().is_some_and(|d| d.len() == 64), "{note}");
    assert!(!log.to_string().contains("先核查"), "the note's text stays out of the log");
    let history = json(h.get(&format!("/api/staff/reports/{id}"), Some(&ada)).await).await["history"].clone();
    assert_eq!(history[0]["note"], "先核查");
    let exports: Vec<&Value> = find("export", "ada").into_iter().map(|e| &e["detail"]["with_contact"]).collect();
    assert_eq!(exports, [&json!(true), &json!(false)], "newest first, and the choice is recorded");
    assert_eq!(find("photo_view", "tim")[0]["detail"], json!({"photo": 0}));
    assert_eq!(find("login_failed", "tim")[0]["detail"]["reason"], "wrong_password");
    assert!(!log.to_string().contains("nobody"), "names typed for unknown accounts are not recorded");
    for entry in entries {
        let at = entry["at"].as_str().expect("at");
        assert!(at.ends_with('Z') && at.len() == 20, "UTC: {at}");
    }
    let ids: Vec<i64> = entries.iter().map(|e| e["id"].as_i64().expect("id")).collect();
    assert!(ids.windows(2).all(|w| w[0] > w[1]), "newest first");

    // Paging and filters.
    let page = json(h.get("/api/staff/audit?limit=2", Some(&ada)).await).await;
    let before = page["next_before"].as_i64().expect("more pages");
    let next = json(h.get(&format!("/api/staff/audit?limit=2&before={before}"), Some(&ada)).await).await;
    assert!(next["entries"][0]["id"].as_i64().expect("id") < before);
    let about = json(h.get(&format!("/api/staff/audit?report={id}&action=status_change"), Some(&ada)).await).await;
    assert_eq!(about["entries"].as_array().map(Vec::len), Some(2), "the triager's and the command line's");
    assert_error(h.get("/api/staff/audit?action=delete", Some(&ada)).await, StatusCode::BAD_REQUEST, "invalid").await;
    // Reading the log is itself logged.
    let latest = json(h.get("/api/staff/audit?limit=1", Some(&ada)).await).await;
    assert_eq!(latest["entries"][0]["action"], "audit_view");

    // SQLite itself refuses to edit or delete entries.
    let conn = rusqlite::Connection::open(h.fixture.database_file()).expect("open");
    for sql in ["UPDATE audit_log SET actor = 'nobody'", "DELETE FROM audit_log", "DELETE FROM audit_log WHERE id = 1"]
    {
        let err = conn.execute(sql, []).expect_err("refused");
        assert!(err.to_string().contains("append-only"), "{sql}: {err}");
    }
}

// ---------------------------------------------------------------------------------------------
// The command line
// ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn staff_accounts_are_managed_only_from_the_command_line() {
    let h = Harness::new();
    let dir = h.data_dir();
    let short = intake(&["staff", "add", "--user", "sam", "--role", "admin"], dir, "elevenchars\n");
    assert!(!short.status.success());
    assert!(String::from_utf8_lossy(&short.stderr).contains("at least 12 characters"));
    let nothing = intake(&["staff", "add", "--user", "sam", "--role", "admin"], dir, "");
    assert!(!nothing.status.success(), "no password on stdin");
    let bad_name = intake(&["staff", "add", "--user", "Sam Smith!", "--role", "admin"], dir, &format!("{PASSWORD}\n"));
    assert!(!bad_name.status.success());
    let bad_role = intake(&["staff", "add", "--user", "sam", "--role", "root"], dir, &format!("{PASSWORD}\n"));
    assert!(!bad_role.status.success());
    let list = intake(&["staff", "list"], dir, "");
    assert!(String::from_utf8_lossy(&list.stdout).contains("no accounts"), "nothing was added");

    // A password ending in spaces and CRLF keeps its spaces; only the line end goes.
    let output = intake(&["staff", "add", "--user", "Sam", "--role", "admin"], dir, "spaces at the end  \r\n");
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    assert_eq!(h.try_login("sam", "spaces at the end  ").await.status(), StatusCode::OK);
    let again = intake(&["staff", "add", "--user", "sam", "--role", "triager"], dir, &format!("{PASSWORD}\n"));
    assert!(!again.status.success(), "names are unique");
    add_staff(dir, "tim", "triager");
    let list = String::from_utf8(intake(&["staff", "list"], dir, "").stdout).expect("UTF-8");
    assert!(list.lines().any(|l| l.starts_with("sam ") && l.contains("admin") && l.contains("active")), "{list}");
    assert!(list.lines().any(|l| l.starts_with("tim ") && l.contains("triager")), "{list}");

    // A new password ends the sessions and replaces the old one.
    let tim = h.login("tim").await;
    let output = intake(&["staff", "password", "--user", "tim"], dir, "a brand new password\n");
    assert!(output.status.success());
    assert_eq!(h.get("/api/staff/me", Some(&tim)).await.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(h.try_login("tim", PASSWORD).await.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(h.try_login("tim", "a brand new password").await.status(), StatusCode::OK);
    // Disabled accounts cannot log in, with the same answer as a wrong password.
    let wrong = body(h.try_login("tim", "wrong password!").await).await;
    assert!(intake(&["staff", "disable", "--user", "tim"], dir, "").status.success());
    let response = h.try_login("tim", "a brand new password").await;
    assert_eq!(response.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(body(response).await, wrong);
    assert!(String::from_utf8_lossy(&intake(&["staff", "list"], dir, "").stdout).contains("disabled"));
    assert!(intake(&["staff", "enable", "--user", "tim"], dir, "").status.success());
    assert_eq!(h.try_login("tim", "a brand new password").await.status(), StatusCode::OK);
    assert!(!intake(&["staff", "disable", "--user", "nobody"], dir, "").status.success());

    // The tools never create a database.
    let nowhere = h.fixture.dir.path().join("nowhere");
    assert!(!intake(&["staff", "list"], &nowhere, "").status.success());
    assert!(!nowhere.exists());
}

// ---------------------------------------------------------------------------------------------
// Encryption at rest, retention, backups: the real binary
// ---------------------------------------------------------------------------------------------

/// Files a report over TCP; returns its id and receipt.
fn raw_file(address: &str, report: &Value, photo: &[u8]) -> std::io::Result<(String, String)> {
    let pow = server::request(address, "GET", "/api/pow", None, b"")?;
    let pow: Value = serde_json::from_slice(&pow.body).map_err(std::io::Error::other)?;
    let challenge = pow["challenge"].as_str().ok_or_else(|| std::io::Error::other("no challenge"))?.to_owned();
    let nonce = pow_solve(&challenge, u8::try_from(pow["difficulty_bits"].as_u64().unwrap_or(16)).unwrap_or(16));
    let mut form = Form::new().pow(&challenge, nonce).report(report);
    if !photo.is_empty() {
        form = form.photo(photo);
    }
    let content_type = upload::content_type();
    let response =
        server::request(address, "POST", "/api/open311/v2/requests.json", Some(&content_type), &form.finish())?;
    if response.status != 201 {
        return Err(std::io::Error::other(format!("status {}", response.status)));
    }
    let body: Value = serde_json::from_slice(&response.body).map_err(std::io::Error::other)?;
    Ok((
        body[0]["service_request_id"].as_str().unwrap_or_default().to_owned(),
        body[0]["receipt"].as_str().unwrap_or_default().to_owned(),
    ))
}

/// The database files (database, WAL, shared memory) in `data_dir`, not the key.
fn database_files(data_dir: &std::path::Path) -> Vec<std::path::PathBuf> {
    std::fs::read_dir(data_dir)
        .expect("list")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.file_name().and_then(|n| n.to_str()).is_some_and(|n| n.starts_with("intake.sqlite3")))
        .collect()
}

/// A service on a new data directory in `dir`, with one report filed (contact details and a photo
/// carrying `extra` bytes of noise), a reply and a status change with a note: the service, the
/// data directory, the report's id and the photo as stored (re-encoded).
fn serve_one_report(dir: &Path, seed: u64, extra: usize) -> (Server, PathBuf, String, Vec<u8>) {
    let data_dir = dir.join("data");
    common::write(&dir.join("site"), "index.html", common::INDEX_HTML.as_bytes());
    let server = Server::start(&data_dir, &["--pow-bits", "4", "--rate-limit", "0"]);
    let photo = distinctive_jpeg(seed, extra);
    let stripped = clean(&photo).expect("clean").bytes;
    let (id, _) = raw_file(&server.address, &report_with_contact(), &photo).expect("file a report");
    add_staff(&data_dir, "rae", "triager");
    let rae = http_login(&server.address, "rae");
    let body = json!({"text": REPLY}).to_string();
    let replied = http(
        &server.address,
        "POST",
        &format!("/api/staff/reports/{id}/replies"),
        &[("Cookie", &rae.cookie), ("X-CSRF-Token", &rae.csrf), ("Content-Type", "application/json")],
        body.as_bytes(),
    )
    .expect("reply");
    assert_eq!(replied.status, 201, "{}", String::from_utf8_lossy(&replied.body));
    let body = json!({"status": "under_review", "note": NOTE}).to_string();
    let changed = http(
        &server.address,
        "POST",
        &format!("/api/staff/reports/{id}/status"),
        &[("Cookie", &rae.cookie), ("X-CSRF-Token", &rae.csrf), ("Content-Type", "application/json")],
        body.as_bytes(),
    )
    .expect("status change");
    assert_eq!(changed.status, 200, "{}", String::from_utf8_lossy(&changed.body));
    (server, data_dir, id, stripped)
}

/// A staff member reads the report back whole through the running service: contact details,
/// description, address, the reply, the note and photo.
fn assert_staff_read_it_all(server: &Server, data_dir: &Path, id: &str, stripped: &[u8]) {
    add_staff(data_dir, "tim", "triager");
    let tim = http_login(&server.address, "tim");
    let detail = http(&server.address, "GET", &format!("/api/staff/reports/{id}"), &[("Cookie", &tim.cookie)], b"")
        .expect("read the report");
    assert_eq!(detail.json()["contact"], json!({"name": NAME, "phone": PHONE, "email": EMAIL}));
    assert_eq!(detail.json()["description"], common::upload::DESCRIPTION);
    assert_eq!(detail.json()["address"], "堆沟港镇化工园区东路");
    assert_eq!(detail.json()["replies"][0]["text"], REPLY);
    assert_eq!(detail.json()["history"][0]["note"], NOTE);
    let served =
        http(&server.address, "GET", &format!("/api/staff/reports/{id}/photos/0"), &[("Cookie", &tim.cookie)], b"")
            .expect("read the photo");
    assert_eq!(served.header("content-type"), Some("image/jpeg"));
    assert_eq!(served.body, stripped);
}

#[cfg(unix)]
#[test]
fn the_database_file_alone_reveals_no_reporter() {
    let dir = tempfile::tempdir().expect("temporary directory");
    let (server, data_dir, id, stripped) = serve_one_report(dir.path(), 99, 16 * 1024);

    let quarter = stripped.len() / 4;
    let needles: Vec<(&str, &[u8])> = vec![
        ("name", NAME.as_bytes()),
        ("phone", PHONE.as_bytes()),
        ("email", EMAIL.as_bytes()),
        ("description", common::upload::DESCRIPTION.as_bytes()),
        ("address", "堆沟港镇化工园区东路".as_bytes()),
        ("reply", REPLY.as_bytes()),
        ("staff note", NOTE.as_bytes()),
        ("photo", &stripped[quarter..quarter + 64]),
        ("photo", &stripped[2 * quarter..2 * quarter + 64]),
        ("photo", &stripped[stripped.len() - 66..stripped.len() - 2]),
    ];
    let scan = |when: &str| {
        let files = database_files(&data_dir);
        assert!(files.iter().any(|f| f.ends_with("intake.sqlite3")), "{files:?}");
        for file in files {
            let bytes = std::fs::read(&file).expect("read");
            for (what, needle) in &needles {
                assert!(!contains(&bytes, needle), "{when}: the {what} is readable in {}", file.display());
            }
        }
    };
    // While the service runs, the WAL holds the newest pages: neither it nor the database has it.
    assert!(database_files(&data_dir).iter().any(|f| f.to_string_lossy().ends_with("-wal")));
    scan("while running");

    // With the key (held by the service), staff see it all.
    assert_staff_read_it_all(&server, &data_dir, &id, &stripped);
    server.stop();
    scan("after shutdown");

    // The key is outside the database file, readable by its owner only.
    let key = portal_intake::crypto::default_key_path(&data_dir);
    assert_eq!(std::fs::read(&key).expect("the key").len(), 32);
    use std::os::unix::fs::PermissionsExt;
    assert_eq!(std::fs::metadata(&key).expect("metadata").permissions().mode() & 0o777, 0o600);
}

#[cfg(unix)]
#[test]
fn rotating_the_key_keeps_every_report_readable_and_retires_the_old_key() {
    let dir = tempfile::tempdir().expect("temporary directory");
    let (server, data_dir, id, stripped) = serve_one_report(dir.path(), 7, 4 * 1024);

    // Not while the service runs.
    let refused = intake(&["rotate-key"], &data_dir, "");
    assert!(!refused.status.success());
    assert!(
        String::from_utf8_lossy(&refused.stderr).contains("in use"),
        "{}",
        String::from_utf8_lossy(&refused.stderr)
    );
    server.stop();

    let key_path = portal_intake::crypto::default_key_path(&data_dir);
    let old_key = std::fs::read(&key_path).expect("the key");
    let rotated = intake(&["rotate-key"], &data_dir, "");
    let said = String::from_utf8_lossy(&rotated.stdout);
    assert!(rotated.status.success(), "{}", String::from_utf8_lossy(&rotated.stderr));
    assert!(said.contains("1 contact details, 1 accounts, 1 photos, 1 replies and 1 staff notes"), "{said}");
    let new_key = std::fs::read(&key_path).expect("the new key");
    assert_eq!(new_key.len(), 32);
    assert_ne!(new_key, old_key);
    let retired: Vec<_> = std::fs::read_dir(key_path.parent().expect("keys directory"))
        .expect("list")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.to_string_lossy().contains(".retired-"))
        .collect();
    assert_eq!(retired.len(), 1, "{retired:?}");
    assert_eq!(std::fs::read(&retired[0]).expect("the old key"), old_key);

    // The old key no longer opens the database: the service refuses it.
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_intake"))
        .args(["serve", "--port", "0", "--data-dir"])
        .arg(&data_dir)
        .arg("--key-file")
        .arg(&retired[0])
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("start intake");
    let deadline = Instant::now() + Duration::from_secs(20);
    let status = loop {
        if let Some(status) = child.try_wait().expect("wait") {
            break status;
        }
        if Instant::now() > deadline {
            let _ = child.kill();
            panic!("the service started with the retired key");
        }
        std::thread::sleep(Duration::from_millis(50));
    };
    assert!(!status.success());

    // With the new key, everything reads back.
    let server = Server::start(&data_dir, &["--pow-bits", "4", "--rate-limit", "0"]);
    assert_staff_read_it_all(&server, &data_dir, &id, &stripped);
    server.stop();
}

#[tokio::test]
async fn a_missing_or_wrong_key_stops_the_service_instead_of_making_a_new_one() {
    let h = Harness::new();
    h.file_report(&report_with_contact(), &[]).await;
    let mut config = h.fixture.config.clone();
    drop(h.app);
    config.key_file = Some(h.fixture.dir.path().join("elsewhere").join("report.key"));
    let err = portal_intake::AppState::open(&config).err().expect("refused").to_string();
    assert!(err.contains("missing"), "{err}");
    assert!(!h.fixture.dir.path().join("elsewhere").exists(), "no new key was made");
    let wrong = h.fixture.dir.path().join("wrong.key");
    std::fs::write(&wrong, [1u8; 32]).expect("write a key");
    #[cfg(unix)]
    {
        // The owner's only, or it is refused for that before it is compared.
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&wrong, std::fs::Permissions::from_mode(0o600)).expect("chmod");
    }
    // The receipt key goes beside it, as it must: only the report key is wrong.
    let receipt_key =
        portal_intake::crypto::receipt_key_path(&portal_intake::crypto::default_key_path(&config.data_dir));
    std::fs::copy(&receipt_key, portal_intake::crypto::receipt_key_path(&wrong)).expect("copy the receipt key");
    config.key_file = Some(wrong);
    let err = portal_intake::AppState::open(&config).err().expect("refused").to_string();
    assert!(err.contains("does not match"), "{err}");
}

#[tokio::test]
async fn retention_deletes_the_personal_data_of_long_closed_reports() {
    let h = Harness::new();
    let now = h.clock.now();
    h.clock.set(now - 40 * DAY);
    let mut report = report_with_contact();
    report["observed_on"] = json!(china_date(now - 40 * DAY));
    let photo = [upload::jpeg_with_gps()];
    let (closed_long_ago, _) = h.file_report(&report, &photo).await;
    report["enterprise_id"] = json!("e00002");
    let (closed_lately, receipt_lately) = h.file_report(&report, &photo).await;
    report["enterprise_id"] = json!("e00003");
    let (open, _) = h.file_report(&report, &photo).await;
    let ada = h.staff("ada", "admin").await;
    let status = |id: &str| format!("/api/staff/reports/{id}/status");
    let note = "已电话联系举报人";
    h.act(&status(&closed_long_ago), &ada, &json!({"status": "closed_no_violation", "note": note})).await;
    h.clock.set(now - 10 * DAY);
    let ada = h.login("ada").await; // sessions last 8 hours
    for to in ["under_review", "forwarded", "resolved"] {
        let change = json!({"status": to, "note": note});
        assert_eq!(h.act(&status(&closed_lately), &ada, &change).await.status(), StatusCode::OK);
    }
    h.act(&format!("/api/staff/reports/{closed_lately}/replies"), &ada, &json!({"text": "已依法处罚。"})).await;
    h.clock.set(now);
    let ada = h.login("ada").await;
    let before = json(h.get(&format!("/api/staff/reports/{closed_long_ago}"), Some(&ada)).await).await;

    // Once, with the command line: 30 days.
    let output = intake(&["retention", "--days", "30"], h.data_dir(), "");
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    let said = String::from_utf8_lossy(&output.stdout);
    assert!(said.contains(&closed_long_ago) && !said.contains(&closed_lately), "{said}");
    let purged = json(h.get(&format!("/api/staff/reports/{closed_long_ago}"), Some(&ada)).await).await;
    assert_eq!(purged["contact"], Value::Null);
    assert_eq!(purged["location"], Value::Null);
    assert_eq!((purged["photos"].as_i64(), purged["photo_files"].as_array().map(Vec::len)), (Some(0), Some(0)));
    assert!(purged["personal_data_deleted"].is_string());
    for kept in ["id", "category", "status", "created", "updated", "closed", "description", "district"] {
        assert_eq!(purged[kept], before[kept], "{kept} is kept");
    }
    assert_eq!(purged["status"], "closed_no_violation");
    // Its staff note is gone too, while the history keeps the change itself.
    assert_eq!(before["history"][0]["note"], note);
    assert_eq!(
        (purged["history"][0]["to"].as_str(), &purged["history"][0]["note"]),
        (Some("closed_no_violation"), &Value::Null)
    );
    let gone = h.get(&format!("/api/staff/reports/{closed_long_ago}/photos/0"), Some(&ada)).await;
    assert_eq!(gone.status(), StatusCode::NOT_FOUND);
    for id in [&closed_lately, &open] {
        let kept = json(h.get(&format!("/api/staff/reports/{id}"), Some(&ada)).await).await;
        assert_eq!(kept["contact"]["phone"], PHONE, "{id} keeps its contact");
        assert_eq!(kept["photos"], 1);
    }
    let lately = json(h.get(&format!("/api/staff/reports/{closed_lately}"), Some(&ada)).await).await;
    assert_eq!(lately["history"][2]["note"], note, "a report closed lately keeps its notes");
    let log = json(h.get("/api/staff/audit?action=retention", Some(&ada)).await).await;
    assert_eq!(log["entries"][0]["actor"], "(cli)");
    assert_eq!(log["entries"][0]["detail"], json!({"days": 30, "reports": [closed_long_ago]}));
    let again = intake(&["retention", "--days", "30"], h.data_dir(), "");
    assert!(String::from_utf8_lossy(&again.stdout).starts_with("No report"));
    let export =
        String::from_utf8(body(h.get("/api/staff/export.csv?with_contact=1", Some(&ada)).await).await.to_vec())
            .expect("UTF-8");
    assert_eq!(export.matches(PHONE).count(), 2, "only the two reports that keep it");

    // Daily, with the service: `--retention-days 5` purges the report resolved 10 days ago.
    let data_dir = h.data_dir().to_owned();
    drop(h.app);
    let server = Server::start(&data_dir, &["--retention-days", "5"]);
    let deadline = Instant::now() + Duration::from_secs(30);
    let conn = rusqlite::Connection::open(data_dir.join("intake.sqlite3")).expect("open");
    let deleted = |id: &str| -> bool {
        conn.query_row("SELECT personal_data_deleted_at IS NOT NULL FROM reports WHERE public_id = ?1", [id], |r| {
            r.get(0)
        })
        .expect("row")
    };
    while !deleted(&closed_lately) {
        assert!(Instant::now() < deadline, "the service did not run retention");
        std::thread::sleep(Duration::from_millis(50));
    }
    assert!(!deleted(&open), "open reports keep their data");
    // The reporter still sees the status and the reply.
    let own = server::request(
        &server.address,
        "POST",
        "/api/reports/status",
        Some("application/json"),
        json!({"receipt": receipt_lately}).to_string().as_bytes(),
    )
    .expect("status");
    assert_eq!(own.json()["status"], "resolved");
    assert_eq!(own.json()["replies"][0]["text"], "已依法处罚。");
    drop(conn);
    let line = "level=info msg=\"retention: deleted the personal data of 1 closed reports\"";
    while !server.output().contains(line) {
        assert!(Instant::now() < deadline, "no retention line in {}", server.output());
        std::thread::sleep(Duration::from_millis(50));
    }
    server.stop();
    // Both closed reports' notes are deleted, and the audit log's chain is still whole.
    let conn = rusqlite::Connection::open(data_dir.join("intake.sqlite3")).expect("open");
    let notes: i64 = conn.query_row("SELECT count(*) FROM staff_notes", [], |r| r.get(0)).expect("count");
    assert_eq!(notes, 0);
    let verified = intake(&["audit", "verify"], &data_dir, "");
    assert!(verified.status.success(), "{}", String::from_utf8_lossy(&verified.stdout));
}

#[cfg(unix)]
#[test]
fn a_backup_taken_under_load_restores_every_acknowledged_report_with_the_key() {
    let dir = tempfile::tempdir().expect("temporary directory");
    let data_dir = dir.path().join("data");
    let server = Server::start(&data_dir, &["--pow-bits", "4", "--rate-limit", "0"]);

    // Two streams of submissions, each with its own phone number.
    let stop = Arc::new(AtomicBool::new(false));
    let (acks_tx, acks) = mpsc::channel::<(String, String, String)>();
    let submitters: Vec<_> = (0..2u32)
        .map(|thread| {
            let (address, acks_tx, stop) = (server.address.clone(), acks_tx.clone(), Arc::clone(&stop));
            std::thread::spawn(move || {
                let mut report = report_with_contact();
                for i in 0..10_000u32 {
                    if stop.load(Ordering::SeqCst) {
                        break;
                    }
                    let phone = format!("139{thread:02}{i:06}");
                    report["contact"]["phone"] = json!(phone);
                    report["enterprise_id"] = json!(format!("e{:05}", thread * 10_000 + i));
                    let (id, receipt) = raw_file(&address, &report, &upload::jpeg_with_gps()).expect("file a report");
                    if acks_tx.send((id, receipt, phone)).is_err() {
                        break;
                    }
                }
            })
        })
        .collect();
    drop(acks_tx);
    let mut acknowledged = Vec::new();
    while acknowledged.len() < 20 {
        acknowledged.push(acks.recv_timeout(Duration::from_secs(60)).expect("acknowledgements"));
    }
    acknowledged.extend(acks.try_iter());
    // Everything acknowledged before the backup starts must be in it.
    let out = dir.path().join("backup.sqlite3");
    let output = intake(&["backup", "--out", out.to_str().expect("UTF-8 path")], &data_dir, "");
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    stop.store(true, Ordering::SeqCst);
    for submitter in submitters {
        submitter.join().expect("a submitter finishes");
    }
    let after: Vec<_> = acks.try_iter().collect();
    let stopped = server.stop();
    assert!(stopped.ends_with("Stopped.\n"), "{stopped}");

    // Restore: stop, copy the file back as intake.sqlite3 into a data directory, keep the key.
    let restored = dir.path().join("restored");
    std::fs::create_dir_all(&restored).expect("mkdir");
    std::fs::copy(&out, restored.join("intake.sqlite3")).expect("copy the backup back");
    let mut config = portal_intake::Config { data_dir: restored.clone(), ..portal_intake::Config::default() };
    config.key_file = Some(portal_intake::crypto::default_key_path(&data_dir));
    let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().expect("runtime");
    let state = portal_intake::AppState::open(&config).expect("open the restored copy with the key");
    let h = Harness {
        fixture: common::Fixture { dir: tempfile::tempdir().expect("dir"), config },
        clock: Arc::new(ManualClock::starting_now()),
        app: portal_intake::app(state),
    };
    add_staff(&restored, "tim", "triager");
    runtime.block_on(async {
        let tim = h.login("tim").await;
        for (id, receipt, phone) in &acknowledged {
            let response = h.get(&format!("/api/staff/reports/{id}"), Some(&tim)).await;
            assert_eq!(response.status(), StatusCode::OK, "{id} is in the backup");
            assert_eq!(json(response).await["contact"]["phone"], phone.as_str(), "{id}'s contact opens with the key");
            let photo = h.get(&format!("/api/staff/reports/{id}/photos/0"), Some(&tim)).await;
            assert_eq!(photo.status(), StatusCode::OK);
            assert_eq!(json(h.by_receipt(receipt).await).await["id"], id.as_str(), "its receipt works");
        }
    });
    let conn = rusqlite::Connection::open(restored.join("intake.sqlite3")).expect("open");
    let check: String = conn.query_row("PRAGMA integrity_check", [], |r| r.get(0)).expect("check");
    assert_eq!(check, "ok");
    eprintln!("{} acknowledged before the backup, {} after", acknowledged.len(), after.len());
}

// ---------------------------------------------------------------------------------------------
// The shared contract
// ---------------------------------------------------------------------------------------------

/// Reads an answer's body into `T`, as the app does.
async fn typed<T: serde::de::DeserializeOwned>(response: Response<Body>) -> T {
    let bytes = body(response).await;
    serde_json::from_slice(&bytes).unwrap_or_else(|err| panic!("{err}: {}", String::from_utf8_lossy(&bytes)))
}

#[tokio::test]
async fn every_answer_the_app_reads_fits_core_s_api_types() {
    use portal_core::api::ApiError;
    use portal_core::api::reports::{OwnStatus, PowChallenge, PublicRequest, Service};
    use portal_core::api::staff::{
        AuditPage, ReplyAdded, ReportList, Role, SignedOut, StaffErrorKind, StaffReport, StaffSession, StatusChanged,
    };
    use portal_core::report::{ErrorKind, Status};

    let h = Harness::new();
    let services: Vec<Service> = typed(h.get("/api/open311/v2/services.json?lang=en", None).await).await;
    assert!(services.iter().any(|s| s.service_code == "illegal_discharge" && s.kind == "realtime"));
    let pow: PowChallenge = typed(h.get("/api/pow", None).await).await;
    assert!(!pow.challenge.is_empty() && pow.expires_at.ends_with("+08:00"));
    let (id, receipt) = h.file_report(&report_with_contact(), &[]).await;
    let public: Vec<PublicRequest> = typed(h.get(&format!("/api/open311/v2/requests/{id}.json"), None).await).await;
    assert_eq!((public[0].status.as_str(), public[0].status_detail.as_str()), ("open", "received"));
    let missing: Vec<ApiError<ErrorKind>> = typed(h.get("/api/open311/v2/requests/abcdefghjk.json", None).await).await;
    assert_eq!(missing[0].kind, Some(ErrorKind::RequestNotFound));

    let ada = h.staff("ada", "admin").await;
    let me: StaffSession = typed(h.get("/api/staff/me", Some(&ada)).await).await;
    assert_eq!((me.user.as_str(), me.role, me.csrf_token.as_str()), ("ada", Role::Admin, ada.csrf.as_str()));
    let list: ReportList = typed(h.get("/api/staff/reports", Some(&ada)).await).await;
    assert_eq!((list.total, list.reports[0].id.as_str(), list.reports[0].status), (1, id.as_str(), Status::Received));
    let path = format!("/api/staff/reports/{id}");
    let changed: StatusChanged =
        typed(h.act(&format!("{path}/status"), &ada, &json!({"status": "under_review", "note": "先核查"})).await).await;
    assert_eq!((changed.previous, changed.status), (Status::Received, Status::UnderReview));
    let added: ReplyAdded = typed(h.act(&format!("{path}/replies"), &ada, &json!({"text": "已受理。"})).await).await;
    assert_eq!((added.reply.text.as_str(), added.reply.text_zh), ("已受理。", None));
    let report: StaffReport = typed(h.get(&path, Some(&ada)).await).await;
    assert_eq!((report.summary.replies, report.detail.replies.len()), (1, 1));
    assert_eq!(report.detail.contact.and_then(|c| c.phone).as_deref(), Some(PHONE));
    assert_eq!(report.detail.history[0].to, Some(Status::UnderReview));
    assert_eq!(report.detail.allowed_next, changed.allowed_next);
    let own: OwnStatus = typed(h.by_receipt(&receipt).await).await;
    assert_eq!((own.status, own.replies[0].text.as_str()), (Status::UnderReview, "已受理。"));
    // The reporter sees when the status changed and to what, never who changed it or the note.
    assert_eq!(own.history.len(), 1);
    assert_eq!(
        (own.history[0].status, own.history[0].at.as_str()),
        (Status::UnderReview, report.detail.history[0].at.as_str())
    );
    let raw = String::from_utf8(body(h.by_receipt(&receipt).await).await.to_vec()).expect("UTF-8");
    assert!(!raw.contains("先核查") && !raw.contains("\"ada\""), "{raw}");
    let audit: AuditPage = typed(h.get("/api/staff/audit?limit=2", Some(&ada)).await).await;
    assert_eq!((audit.entries.len(), audit.entries[0].action.as_str()), (2, "report_view"));
    assert!(audit.next_before.is_some());
    let refused: Vec<ApiError<StaffErrorKind>> = typed(h.get("/api/staff/audit?limit=0", Some(&ada)).await).await;
    assert_eq!((refused[0].field.as_str(), refused[0].kind), ("limit", Some(StaffErrorKind::Invalid)));
    let out: SignedOut = typed(h.act("/api/staff/logout", &ada, &json!({})).await).await;
    assert!(out.signed_out);
    let signed_out: Vec<ApiError<StaffErrorKind>> = typed(h.get("/api/staff/me", Some(&ada)).await).await;
    assert_eq!(signed_out[0].kind, Some(StaffErrorKind::NotSignedIn));
}

#[tokio::test]
async fn the_export_defuses_text_that_starts_like_a_formula() {
    let h = Harness::new();
    let mut report = report_with_contact();
    let description = format!("=HYPERLINK(\"http://example.com\") {}", upload::DESCRIPTION);
    report["description"] = json!(description);
    h.file_report(&report, &[]).await;
    let ada = h.staff("ada", "admin").await;
    let csv = String::from_utf8(body(h.get("/api/staff/export.csv?with_contact=1", Some(&ada)).await).await.to_vec())
        .expect("UTF-8");
    let quoted = format!("\"'{}\"", description.replace('"', "\"\""));
    assert!(csv.contains(&quoted), "{csv}");
    // Numbers are written as they are: the coordinates and the counts.
    let row = csv.lines().nth(1).expect("a row");
    assert!(row.contains(",\"0\",\"0\",") && !row.contains("\"'3"), "{row}");
}
