//! Scheduled backups and a restore drill: the service started with `--backup-dir` writes a private
//! copy at start-up; each backup keeps only the newest copies; a copy alone cannot confirm a
//! receipt; and a copy, restored with the report key and the receipt key into a fresh data
//! directory, answers a reporter's receipt as the original did.

mod common;

use std::os::unix::fs::PermissionsExt;
use std::time::{Duration, Instant};

use axum::http::StatusCode;
use common::json;
use common::server::Server;
use common::staff::Harness;
use common::upload::valid_report_with;
use portal_intake::backups::{back_up, list};
use serde_json::json;

fn mode(path: &std::path::Path) -> u32 {
    std::fs::metadata(path).expect("metadata").permissions().mode() & 0o777
}

#[test]
fn the_service_backs_up_at_start_into_a_private_directory() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (data, backups) = (dir.path().join("data"), dir.path().join("backups"));
    let server = Server::start(&data, &["--backup-dir", backups.to_str().expect("utf-8"), "--backup-every", "60"]);
    let started = Instant::now();
    // Until the service says it wrote it: the file is in place a moment before the line is logged.
    while !server.output().contains("backup: wrote") && started.elapsed() < Duration::from_secs(20) {
        std::thread::sleep(Duration::from_millis(100));
    }
    let copies = list(&backups).unwrap_or_default();
    let output = server.stop();
    assert_eq!(copies.len(), 1, "one backup at start-up: {output}");
    assert!(output.contains("backup: wrote"), "{output}");
    assert_eq!(mode(&backups), 0o700);
    assert_eq!(mode(&copies[0]), 0o600);
    // It is a database SQLite opens, at the service's schema.
    let copy = rusqlite::Connection::open(&copies[0]).expect("open the copy");
    let version: u32 = copy.query_row("PRAGMA user_version", [], |r| r.get(0)).expect("version");
    assert_eq!(version, portal_intake::db::SCHEMA_VERSION);
}

#[tokio::test]
async fn only_the_newest_copies_are_kept_and_a_restored_copy_answers_the_receipt() {
    let h = Harness::new();
    let (id, receipt) = h.file_report(&valid_report_with("photos_count", json!(0)), &[]).await;

    let out = tempfile::tempdir().expect("tempdir");
    let backups = out.path().join("backups");
    let conn = rusqlite::Connection::open(h.data_dir().join(portal_intake::db::DATABASE_FILE)).expect("open");
    let day = 86_400;
    for (i, now) in [1_800_000_000, 1_800_000_000 + day, 1_800_000_000 + 2 * day].into_iter().enumerate() {
        let (file, removed) = back_up(&conn, &backups, now, 2).expect("back up");
        assert!(file.is_file());
        assert_eq!(removed, usize::from(i == 2), "the third backup removes the oldest");
    }
    let kept = list(&backups).expect("list");
    let names: Vec<String> = kept.iter().map(|p| p.file_name().expect("name").to_string_lossy().into_owned()).collect();
    assert_eq!(names, ["intake-20270116T080000Z.sqlite3", "intake-20270117T080000Z.sqlite3"]);

    // A backup alone, salt and all, cannot confirm a receipt: the stored hash is keyed with the
    // receipt key, which is not in it.
    let backup = rusqlite::Connection::open(&kept[1]).expect("open the backup");
    let salt: String =
        backup.query_row("SELECT value FROM meta WHERE key = 'receipt_salt'", [], |r| r.get(0)).expect("salt");
    let parsed = portal_core::report::Receipt::parse(&receipt).expect("a receipt");
    let salted = portal_intake::store::receipt_hash(&salt, &parsed);
    let matches = |hash: &[u8]| -> i64 {
        backup.query_row("SELECT count(*) FROM reports WHERE receipt_hash = ?1", [hash], |r| r.get(0)).expect("count")
    };
    assert_eq!(matches(&salted), 0, "the salted hash of the right receipt matches nothing");
    let key = portal_intake::crypto::default_key_path(h.data_dir());
    let receipt_key_file = portal_intake::crypto::receipt_key_path(&key);
    let receipt_key = portal_intake::crypto::ReceiptKey::load(&receipt_key_file).expect("the receipt key");
    assert_eq!(matches(&receipt_key.mac(&salted)), 1, "with the receipt key it does");

    // The drill: a fresh data directory with the newest copy and both keys, as docs/deploy.md says.
    let restored = out.path().join("restored");
    std::fs::create_dir_all(restored.join("keys")).expect("mkdir");
    std::fs::set_permissions(&restored, std::fs::Permissions::from_mode(0o700)).expect("chmod");
    std::fs::copy(&kept[1], restored.join(portal_intake::db::DATABASE_FILE)).expect("restore the copy");
    let restored_key = portal_intake::crypto::default_key_path(&restored);
    std::fs::copy(&key, &restored_key).expect("restore the key");
    // Without the receipt key the service refuses to start rather than make a new one.
    let config = portal_intake::Config { data_dir: restored.clone(), ..portal_intake::Config::default() };
    let refused = portal_intake::AppState::open(&config).err().expect("refused without the receipt key");
    assert!(refused.to_string().contains("receipt key file"), "{refused}");
    assert!(!portal_intake::crypto::receipt_key_path(&restored_key).exists(), "no new receipt key made");
    std::fs::copy(&receipt_key_file, portal_intake::crypto::receipt_key_path(&restored_key))
        .expect("restore the receipt key");
    let again = Harness::with(|c| c.data_dir = restored.clone());
    let response = again.by_receipt(&receipt).await;
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(json(response).await["id"], id.as_str());
}
