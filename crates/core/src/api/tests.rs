//! Every api type read from, and written back to, the JSON the intake's tests and docs show: a
//! renamed field fails here.

use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::{Value, json};

use super::reports::*;
use super::staff::*;
use super::*;
use crate::report::Status;

/// Reads `wire` as `T`, writes it back, and checks that nothing was lost or renamed.
fn round_trip<T: Serialize + DeserializeOwned>(wire: Value) -> T {
    let typed: T = serde_json::from_value(wire.clone()).expect("reads the wire JSON");
    assert_eq!(serde_json::to_value(&typed).expect("writes JSON"), wire);
    typed
}

#[test]
fn api_errors_leave_out_what_they_do_not_name() {
    let report: ApiError = round_trip(
        json!({"code": 400, "description": "描述太短", "field": "description", "kind": "description_too_short"}),
    );
    assert_eq!(report.kind, Some(crate::report::ErrorKind::DescriptionTooShort));
    let staff: ApiError<StaffErrorKind> =
        round_trip(json!({"code": 401, "description": "Please sign in.", "kind": "not_signed_in"}));
    assert_eq!((staff.field.as_str(), staff.kind), ("", Some(StaffErrorKind::NotSignedIn)));
    let plain: ApiError = round_trip(json!({"code": 404, "description": "not found"}));
    assert_eq!(plain, ApiError::plain(404, "not found"));
    let invalid: ApiError<StaffErrorKind> =
        round_trip(json!({"code": 400, "description": "x", "field": "limit", "kind": "invalid"}));
    assert_eq!(invalid.field, "limit");
    assert_eq!(serde_json::to_value(StaffErrorKind::ServerError).expect("json"), json!("server_error"));
}

#[test]
fn report_api_bodies_keep_their_wire_names() {
    let service: Service = round_trip(json!({"service_code": "illegal_discharge", "service_name": "偷排漏排",
        "description": "d", "metadata": false, "type": "realtime", "keywords": "k", "group": "g"}));
    assert_eq!(service.kind, "realtime");
    let pow: PowChallenge =
        round_trip(json!({"challenge": "abc", "difficulty_bits": 16, "expires_at": "2026-05-01T22:36:07+08:00"}));
    assert_eq!(pow.difficulty_bits, 16);
    let created: Created = round_trip(json!({"service_request_id": "jkpwwz55fv", "receipt": "1234 5678 9012 3452",
        "service_notice": "n", "account_id": null}));
    assert_eq!(created.receipt, "1234 5678 9012 3452");
    let public: PublicRequest = round_trip(json!({"service_request_id": "jkpwwz55fv",
        "service_code": "illegal_discharge", "status": "open", "status_detail": "received",
        "requested_datetime": "2026-05-01T22:31:07+08:00", "updated_datetime": "2026-05-01T22:31:07+08:00"}));
    assert_eq!(public.status_detail, "received");
    let query: StatusQuery = round_trip(json!({"receipt": "1234 5678 9012 3452"}));
    assert!(serde_json::from_value::<StatusQuery>(json!({"receipt": "1", "colour": "x"})).is_err());
    assert_eq!(query.receipt, "1234 5678 9012 3452");
    let own: OwnStatus = round_trip(json!({"id": "jkpwwz55fv", "category": "illegal_discharge",
        "status": "under_review", "requested": "2026-05-01T22:31:07+08:00", "updated": "2026-05-02T09:12:40+08:00",
        "replies": [{"at": "2026-05-02T09:12:40+08:00", "text": "已受理。"},
                    {"at": "2026-05-03T09:00:00+08:00", "text": "Done.", "text_zh": "已办结。"}],
        "history": [{"at": "2026-05-02T09:12:40+08:00", "status": "under_review"}]}));
    assert_eq!(own.status, Status::UnderReview);
    assert_eq!(own.history[0].status, Status::UnderReview);
    // An answer without a history (an older service) reads as an empty one.
    let older: OwnStatus = serde_json::from_value(json!({"id": "jkpwwz55fv", "category": "illegal_discharge",
        "status": "received", "requested": "2026-05-01T22:31:07+08:00", "updated": "2026-05-01T22:31:07+08:00",
        "replies": []}))
    .expect("parse");
    assert!(older.history.is_empty());
    assert_eq!(own.replies[1].text_zh.as_deref(), Some("已办结。"));
}

#[test]
fn staff_sessions_and_lists_keep_their_wire_names() {
    let login: LoginRequest = round_trip(json!({"user": "ada", "password": "a long password"}));
    assert_eq!(login.user, "ada");
    let session: StaffSession = round_trip(json!({"user": "ada", "role": "admin", "csrf_token": "t",
        "expires_at": "2026-05-02T06:31:07+08:00"}));
    assert_eq!(session.role, Role::Admin);
    let out: SignedOut = round_trip(json!({"signed_out": true}));
    assert!(out.signed_out);
    let list: ReportList = round_trip(json!({"total": 1, "limit": 100, "offset": 0,
        "reports": [{"id": "jkpwwz55fv", "category": "illegal_discharge", "status": "received",
        "district": "320724", "area": "lyg_chem_park", "enterprise_id": "e00042",
        "created": "2026-05-01T22:31:07+08:00", "updated": "2026-05-01T22:31:07+08:00", "closed": null,
        "ack_due": "2026-05-16T22:31:07+08:00", "handle_due": "2026-06-30T22:31:07+08:00",
        "ack_overdue": false, "handle_overdue": false, "overdue": false,
        "duplicate_of": null, "photos": 1, "replies": 0}]}));
    assert_eq!(list.reports[0].enterprise_id.as_deref(), Some("e00042"));
}

/// The report in full from `docs/staff.md`, with `replies` twice (the count, then the list).
const STAFF_REPORT: &str = r#"{"id":"jkpwwz55fv","category":"illegal_discharge","status":"under_review","district":"320724","area":"lyg_chem_park","enterprise_id":"e00042","created":"2026-05-01T22:31:07+08:00","updated":"2026-05-02T09:12:40+08:00","closed":null,"ack_due":"2026-05-16T22:31:07+08:00","handle_due":"2026-06-30T22:31:07+08:00","ack_overdue":false,"handle_overdue":false,"overdue":false,"duplicate_of":null,"photos":1,"replies":1,"source_description":null,"observed_on":"2026-05-01","observed_time":"22:00","address":"堆沟港镇化工园区东路","location":{"lat":34.38,"lng":119.63},"description":"夜里十点左右","contact":{"name":"王小明","phone":"13912345678","email":null},"wants_reward":false,"consent_to_contact":true,"personal_data_deleted":null,"duplicates":["k7n4evbmnd"],"photo_files":[{"id":0,"media_type":"image/jpeg","url":"/api/staff/reports/jkpwwz55fv/photos/0"}],"replies":[{"at":"2026-05-02T09:12:40+08:00","text":"已受理，正在核查。","text_zh":null}],"history":[{"at":"2026-05-02T09:12:40+08:00","by":"zhang.wei","from":"received","to":"under_review","note":"已派人核查"}],"allowed_next":["forwarded","closed_no_violation","closed_other"]}"#;

#[test]
fn a_staff_report_reads_and_writes_both_of_its_replies_fields() {
    let report: StaffReport = serde_json::from_str(STAFF_REPORT).expect("reads");
    assert_eq!(report.summary.replies, 1);
    assert_eq!(report.detail.replies[0].text, "已受理，正在核查。");
    assert_eq!(report.detail.history[0].from, Some(Status::Received));
    assert_eq!(report.detail.contact.as_ref().and_then(|c| c.phone.as_deref()), Some("13912345678"));
    assert_eq!(report.detail.location, Some(Location { lat: 34.38, lng: 119.63 }));
    assert_eq!(report.detail.allowed_next, [Status::Forwarded, Status::ClosedNoViolation, Status::ClosedOther]);
    assert_eq!(serde_json::to_string(&report).expect("writes"), STAFF_REPORT);
    // A reader that keeps the last `replies` (as a `Value` does) still finds the list.
    let loose: Value = serde_json::from_str(STAFF_REPORT).expect("JSON");
    assert_eq!(loose["replies"][0]["text"], "已受理，正在核查。");
    let without_list = STAFF_REPORT
        .replace(r#""replies":[{"at":"2026-05-02T09:12:40+08:00","text":"已受理，正在核查。","text_zh":null}],"#, "");
    assert!(serde_json::from_str::<StaffReport>(&without_list).is_err());
}

#[test]
fn staff_posts_and_their_answers_keep_their_wire_names() {
    let change: StatusChangeRequest = round_trip(json!({"status": "forwarded", "note": "转交灌南县生态环境局"}));
    assert_eq!(change.note.as_deref(), Some("转交灌南县生态环境局"));
    assert_eq!(
        serde_json::to_value(StatusChangeRequest { status: "resolved".into(), note: None }).expect("json"),
        json!({"status": "resolved", "note": null})
    );
    assert!(serde_json::from_value::<StatusChangeRequest>(json!({"status": "x", "extra": 1})).is_err());
    let changed: StatusChanged = round_trip(json!({"id": "jkpwwz55fv", "status": "forwarded",
        "previous": "under_review", "updated": "2026-05-02T09:12:40+08:00", "allowed_next": ["resolved"]}));
    assert_eq!(changed.previous, Status::UnderReview);
    let reply: ReplyRequest = round_trip(json!({"text": "Received.", "text_zh": "已受理。"}));
    assert_eq!(reply.text, "Received.");
    let added: ReplyAdded = round_trip(json!({"id": "jkpwwz55fv",
        "reply": {"at": "2026-05-02T09:12:40+08:00", "text": "已受理。", "text_zh": null}}));
    assert_eq!(added.reply.text_zh, None);
    assert_eq!(serde_json::to_value(StaffAction::Status).expect("json"), json!("status"));
    assert_eq!(serde_json::to_value(StaffAction::Reply).expect("json"), json!("reply"));
    assert_eq!(StaffAction::Status.path("jkpwwz55fv"), "/api/staff/reports/jkpwwz55fv/status");
    assert_eq!(StaffAction::Reply.path("a b"), "/api/staff/reports/a%20b/replies");
}

#[test]
fn audit_pages_keep_their_wire_names() {
    let page: AuditPage = round_trip(json!({"entries": [
        {"id": 7, "at": "2026-05-02T01:12:40Z", "actor": "(cli)", "action": "retention", "report": null,
         "detail": {"days": 30, "reports": ["jkpwwz55fv"]}},
        {"id": 6, "at": "2026-05-02T01:10:00Z", "actor": "tim", "action": "report_view", "report": "jkpwwz55fv",
         "detail": {}}], "next_before": null}));
    assert_eq!(page.entries[1].report.as_deref(), Some("jkpwwz55fv"));
    let full: AuditPage = round_trip(json!({"entries": [], "next_before": 6}));
    assert_eq!(full.next_before, Some(6));
}

#[test]
fn roles_are_their_keys() {
    for role in Role::ALL {
        assert_eq!(serde_json::to_value(role).expect("json"), json!(role.key()));
        assert_eq!(Role::from_key(role.key()), Some(role));
    }
    assert_eq!(Role::from_key("root"), None);
    assert!(Role::Admin.includes(Role::Triager) && !Role::Triager.includes(Role::Admin));
}
