//! The `/api` routes and the database behind them.

mod common;

use axum::http::StatusCode;
use common::{Fixture, assert_security_headers, assert_served, get, header, json};
use serde_json::json;

#[tokio::test]
async fn health_answers_ok_with_the_schema_version_and_creates_the_database() {
    let fixture = Fixture::with_site();
    assert!(!fixture.database_file().exists());

    let response = get(fixture.app(), "/api/health").await;

    assert!(fixture.database_file().is_file());
    assert_served(&response, "/api/health", StatusCode::OK, "application/json", "no-store");
    assert_eq!(json(response).await, json!({"status": "ok", "database": "ok", "schema_version": 9}));
}

#[tokio::test]
async fn reopening_the_database_does_not_rerun_the_migrations() {
    let fixture = Fixture::without_site();
    let first = fixture.state();
    let created_at = first.db.meta("created_at").await.expect("read created_at").expect("created_at is recorded");
    drop(first);

    // Re-running migration 1 would fail on `CREATE TABLE meta` or add a row;
    // re-running migration 2 would fail on `CREATE TABLE reports` or add a salt;
    // re-running migration 3 would fail on `ALTER TABLE reports ADD COLUMN contact_sealed`;
    // re-running migration 4 would fail on `ALTER TABLE reports ADD COLUMN account_sealed`;
    // re-running migration 5 would fail on `ALTER TABLE sessions ADD COLUMN last_seen_at`;
    // re-running migration 6 would fail on `ALTER TABLE replies ADD COLUMN sealed`;
    // re-running migration 7 would fail on `ALTER TABLE audit_log ADD COLUMN hash`;
    // migration 8 has nothing to key in an empty database, and the receipt key check is one row;
    // re-running migration 9 would fail on `CREATE TABLE staff_notes`.
    let second = fixture.state();
    assert_eq!(second.db.ping().await.expect("ping"), 9);
    assert_eq!(second.db.meta("created_at").await.expect("read created_at"), Some(created_at));
    let rows = second
        .db
        .call(|conn| conn.query_row("SELECT count(*) FROM meta", [], |row| row.get::<_, i64>(0)))
        .await
        .expect("count meta rows");
    assert_eq!(rows, 3, "created_at, receipt_salt and receipt_key_check");
}

#[tokio::test]
async fn unknown_api_paths_get_an_open311_error_list() {
    let fixture = Fixture::with_site();
    for uri in ["/api/x", "/api/requests.json", "/api/", "/api"] {
        let response = get(fixture.app(), uri).await;
        assert_eq!(response.status(), StatusCode::NOT_FOUND, "{uri}");
        assert_eq!(header(&response, "content-type"), Some("application/json"));
        assert_eq!(json(response).await, json!([{"code": 404, "description": "not found"}]), "{uri}");
    }
}

#[tokio::test]
async fn api_responses_carry_the_security_headers() {
    let fixture = Fixture::with_site();
    assert_security_headers(&get(fixture.app(), "/api/health").await);
    assert_security_headers(&get(fixture.app(), "/api/nope").await);
}

#[tokio::test]
async fn the_api_works_even_when_the_site_is_not_built() {
    let fixture = Fixture::without_site();
    let response = get(fixture.app(), "/api/health").await;
    assert_eq!(response.status(), StatusCode::OK);
}
