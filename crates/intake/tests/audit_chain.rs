//! The tamper-evident audit log through the real binary: `intake audit verify` passes on the log
//! the service wrote, and names the entry after one that was deleted with SQLite directly (with
//! the append-only triggers dropped first, as anyone holding the file can).

mod common;

use axum::http::StatusCode;
use common::staff::{Harness, intake};
use common::upload::valid_report_with;
use serde_json::json;

#[tokio::test]
async fn verify_passes_on_the_services_log_and_names_the_entry_after_a_deleted_one() {
    let h = Harness::new();
    let (id, _) = h.file_report(&valid_report_with("photos_count", json!(0)), &[]).await;
    let triager = h.staff("tian", "triager").await;
    let response =
        h.act(&format!("/api/staff/reports/{id}/status"), &triager, &json!({"status": "under_review"})).await;
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(h.get(&format!("/api/staff/reports/{id}"), Some(&triager)).await.status(), StatusCode::OK);

    let out = intake(&["audit", "verify"], h.data_dir(), "");
    let said = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{said}{}", String::from_utf8_lossy(&out.stderr));
    assert!(
        said.contains("The audit log is intact: 4 entries"),
        "account added, login, status change, report view: {said}"
    );

    let db = rusqlite::Connection::open(h.data_dir().join(portal_intake::db::DATABASE_FILE)).expect("open the file");
    db.execute_batch("DROP TRIGGER audit_log_no_delete; DELETE FROM audit_log WHERE id = 2;").expect("tamper");
    drop(db);

    let out = intake(&["audit", "verify"], h.data_dir(), "");
    let said = format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
    assert_eq!(out.status.code(), Some(1), "{said}");
    assert!(said.contains("broken at entry 3"), "{said}");
}
