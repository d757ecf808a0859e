//! The append-only audit log of staff actions.
//!
//! Every staff action is written to the `audit_log` table (migration 3) with the time (Unix
//! seconds, shown in UTC), who did it and what it touched: logins and failed logins, logouts,
//! views of a report or a photo, status changes, replies, exports (with or without contact
//! details), reads of the log itself, account changes and replies made with the command line, and
//! retention runs. Where an action changes data, its entry is written in the same transaction, so
//! there is never one without the other.
//!
//! *Append-only* is enforced by SQLite itself: triggers abort any `UPDATE` or `DELETE` on the
//! table (see the migration in [`crate::db`]), and no endpoint or command edits it. Anyone with
//! the file can drop the triggers, so the log is also *tamper-evident*: each entry carries a
//! SHA-256 hash chained to the entry before it ([`entry_hash`]), and `intake audit verify`
//! ([`verify`]) names the first entry that does not follow. Removing the newest entries leaves no
//! broken link; the head hash that `verify` prints, kept elsewhere (a ticket, a log), covers that. Administrators
//! read it with `GET /api/staff/audit` (see [`crate::http::staff`]).
//!
//! Who did it (`actor`) is a staff user name, or one of the names in parentheses below, which
//! cannot be user names (see [`crate::auth::valid_username`]).

use portal_core::api::staff::{AuditEntry, HistoryEntry};
use portal_core::report::{Status, china_datetime};
use rusqlite::{Connection, OptionalExtension, params};
use serde_json::Value;
use sha2::{Digest, Sha256};

use crate::clock::utc_datetime;
use crate::crypto::ReportKey;
use crate::db::DbError;

/// The actor of command-line actions (`intake staff …`, `intake reply`, `intake retention`).
pub const CLI_ACTOR: &str = "(cli)";
/// The actor of the retention run that `intake serve --retention-days` makes every day.
pub const SERVICE_ACTOR: &str = "(service)";
/// The actor of a failed login naming no existing account. The name typed is not recorded: it is
/// sometimes a password typed into the wrong field.
pub const UNKNOWN_ACTOR: &str = "(unknown)";

/// What was done. Stored as its [`Action::key`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    /// A staff member signed in.
    Login,
    /// A sign-in was refused (wrong password, unknown or disabled account, locked out).
    LoginFailed,
    /// A staff member signed out.
    Logout,
    /// A report's full record was read.
    ReportView,
    /// A report's photo was read.
    PhotoView,
    /// A report's status was changed.
    StatusChange,
    /// A reply to the reporter was added.
    Reply,
    /// Reports were exported as CSV.
    Export,
    /// The audit log was read.
    AuditView,
    /// A staff account was created (command line).
    StaffAdd,
    /// A staff account was disabled (command line).
    StaffDisable,
    /// A staff account was enabled again (command line).
    StaffEnable,
    /// A staff account's password was changed (command line).
    StaffPassword,
    /// Retention deleted personal data of closed reports.
    Retention,
    /// Everything sealed was re-encrypted under a new report key (command line).
    KeyRotation,
}

impl Action {
    /// Every action.
    pub const ALL: [Action; 15] = [
        Action::Login,
        Action::LoginFailed,
        Action::Logout,
        Action::ReportView,
        Action::PhotoView,
        Action::StatusChange,
        Action::Reply,
        Action::Export,
        Action::AuditView,
        Action::StaffAdd,
        Action::StaffDisable,
        Action::StaffEnable,
        Action::StaffPassword,
        Action::Retention,
        Action::KeyRotation,
    ];

    /// The stable key stored in the log, e.g. `status_change`.
    pub fn key(self) -> &'static str {
        match self {
            Action::Login => "login",
            Action::LoginFailed => "login_failed",
            Action::Logout => "logout",
            Action::ReportView => "report_view",
            Action::PhotoView => "photo_view",
            Action::StatusChange => "status_change",
            Action::Reply => "reply",
            Action::Export => "export",
            Action::AuditView => "audit_view",
            Action::StaffAdd => "staff_add",
            Action::StaffDisable => "staff_disable",
            Action::StaffEnable => "staff_enable",
            Action::StaffPassword => "staff_password",
            Action::Retention => "retention",
            Action::KeyRotation => "key_rotation",
        }
    }

    /// The action with this key.
    pub fn from_key(key: &str) -> Option<Action> {
        Action::ALL.into_iter().find(|a| a.key() == key)
    }
}

/// Appends an entry and returns its id. Call it in the transaction of the action it records.
pub fn append(
    conn: &Connection,
    at: i64,
    actor: &str,
    action: Action,
    report_id: Option<&str>,
    detail: &Value,
) -> rusqlite::Result<i64> {
    let detail = detail.to_string();
    let previous = head(conn)?;
    let hash = entry_hash(&previous, at, actor, action.key(), report_id, &detail);
    conn.execute(
        "INSERT INTO audit_log (at, actor, action, report_id, detail, hash) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        params![at, actor, action.key(), report_id, detail, hash.as_slice()],
    )?;
    Ok(conn.last_insert_rowid())
}

/// The chain's start: the "previous hash" of the first entry.
pub const GENESIS: [u8; 32] = [0; 32];

/// The hash of the newest entry ([`GENESIS`] when the log is empty).
fn head(conn: &Connection) -> rusqlite::Result<[u8; 32]> {
    let newest: Option<Vec<u8>> = conn
        .query_row("SELECT hash FROM audit_log ORDER BY id DESC LIMIT 1", [], |row| row.get(0))
        .optional()?
        .flatten();
    Ok(newest.and_then(|h| <[u8; 32]>::try_from(h).ok()).unwrap_or(GENESIS))
}

/// An entry's hash: SHA-256 over the previous entry's hash and the entry's fields, each
/// length-prefixed, so that changing, removing or reordering any entry breaks every hash after it.
pub fn entry_hash(
    previous: &[u8; 32],
    at: i64,
    actor: &str,
    action: &str,
    report_id: Option<&str>,
    detail: &str,
) -> [u8; 32] {
    let mut hasher = Sha256::new();
    hasher.update(b"lyg-portal audit v1");
    hasher.update(previous);
    hasher.update(at.to_be_bytes());
    for field in [Some(actor), Some(action), report_id, Some(detail)] {
        match field {
            Some(text) => {
                hasher.update([1]);
                hasher.update((text.len() as u64).to_be_bytes());
                hasher.update(text.as_bytes());
            }
            None => hasher.update([0]),
        }
    }
    hasher.finalize().into()
}

/// What [`verify`] found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Verified {
    /// Every entry's hash follows from the one before: `entries` of them, the newest `head`.
    Intact { entries: u64, head: [u8; 32] },
    /// The entry with this id does not follow from the entry before it (it, or one before it,
    /// was changed, removed or inserted); `entries` entries before it check out.
    Broken { id: i64, entries: u64 },
}

/// Walks the whole log, oldest first, and checks every entry's hash against the one before it.
pub fn verify(conn: &Connection) -> rusqlite::Result<Verified> {
    let mut statement =
        conn.prepare("SELECT id, at, actor, action, report_id, detail, hash FROM audit_log ORDER BY id")?;
    let mut rows = statement.query([])?;
    let (mut previous, mut entries) = (GENESIS, 0u64);
    while let Some(row) = rows.next()? {
        let id: i64 = row.get(0)?;
        let report_id: Option<String> = row.get(4)?;
        let stored: Option<Vec<u8>> = row.get(6)?;
        let expected = entry_hash(
            &previous,
            row.get(1)?,
            &row.get::<_, String>(2)?,
            &row.get::<_, String>(3)?,
            report_id.as_deref(),
            &row.get::<_, String>(5)?,
        );
        if stored.as_deref() != Some(expected.as_slice()) {
            return Ok(Verified::Broken { id, entries });
        }
        previous = expected;
        entries += 1;
    }
    Ok(Verified::Intact { entries, head: previous })
}

/// Computes the chain over every entry written before the log had one (migration 7), oldest
/// first. The migration lifts the no-update trigger around it.
pub fn chain_existing(conn: &Connection) -> rusqlite::Result<()> {
    let rows: Vec<(i64, i64, String, String, Option<String>, String)> = conn
        .prepare("SELECT id, at, actor, action, report_id, detail FROM audit_log ORDER BY id")?
        .query_map([], |row| Ok((row.get(0)?, row.get(1)?, row.get(2)?, row.get(3)?, row.get(4)?, row.get(5)?)))?
        .collect::<rusqlite::Result<_>>()?;
    let mut previous = GENESIS;
    for (id, at, actor, action, report_id, detail) in rows {
        let hash = entry_hash(&previous, at, &actor, &action, report_id.as_deref(), &detail);
        conn.execute("UPDATE audit_log SET hash = ?2 WHERE id = ?1", params![id, hash.as_slice()])?;
        previous = hash;
    }
    Ok(())
}

/// Which entries to read: newest first, at most `limit`, older than `before` (an entry id, for
/// paging) and matching the other fields when given.
#[derive(Debug, Clone, Default)]
pub struct Query {
    /// Only entries with an id below this.
    pub before: Option<i64>,
    /// At most this many.
    pub limit: u32,
    /// Only this action.
    pub action: Option<Action>,
    /// Only this actor.
    pub actor: Option<String>,
    /// Only entries about this report.
    pub report_id: Option<String>,
}

/// Reads entries, newest first, with their times in UTC.
pub fn list(conn: &Connection, query: &Query) -> rusqlite::Result<Vec<AuditEntry>> {
    let mut statement = conn.prepare(
        "SELECT id, at, actor, action, report_id, detail FROM audit_log
         WHERE (?1 IS NULL OR id < ?1) AND (?2 IS NULL OR action = ?2) AND (?3 IS NULL OR actor = ?3)
           AND (?4 IS NULL OR report_id = ?4)
         ORDER BY id DESC LIMIT ?5",
    )?;
    statement
        .query_map(
            params![query.before, query.action.map(Action::key), query.actor, query.report_id, query.limit],
            |row| {
                Ok(AuditEntry {
                    id: row.get(0)?,
                    at: utc_datetime(row.get(1)?),
                    actor: row.get(2)?,
                    action: row.get(3)?,
                    report: row.get(4)?,
                    detail: detail_from(row.get(5)?),
                })
            },
        )?
        .collect()
}

/// The status changes of one report, oldest first, with their times in China time (its history,
/// shown to staff with the report). Staff notes are opened with `notes` when given (see
/// [`crate::store::add_note`]); without it, or once retention has deleted a note, `note` is
/// `None`.
pub fn status_history(
    conn: &Connection,
    report_id: &str,
    notes: Option<&ReportKey>,
) -> Result<Vec<HistoryEntry>, DbError> {
    let rows: Vec<(i64, String, Value)> = conn
        .prepare("SELECT at, actor, detail FROM audit_log WHERE report_id = ?1 AND action = ?2 ORDER BY id")?
        .query_map(params![report_id, Action::StatusChange.key()], |row| {
            Ok((row.get(0)?, row.get(1)?, detail_from(row.get(2)?)))
        })?
        .collect::<rusqlite::Result<_>>()?;
    rows.into_iter()
        .map(|(at, by, detail)| {
            let status = |key: &str| detail[key].as_str().and_then(Status::from_key);
            let note = match (notes, detail["note"]["id"].as_i64()) {
                (Some(key), Some(id)) => crate::store::note(conn, key, report_id, id)?,
                _ => None,
            };
            Ok(HistoryEntry { at: china_datetime(at), by, from: status("from"), to: status("to"), note })
        })
        .collect()
}

/// An entry's stored detail. Written by [`append`] from a `Value`, so it parses; anything else is
/// kept as a string.
fn detail_from(stored: String) -> Value {
    serde_json::from_str(&stored).unwrap_or(Value::String(stored))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    use crate::db::test_connection as conn;

    #[test]
    fn entries_are_appended_and_read_newest_first() {
        let (_dir, conn) = conn();
        append(&conn, 10, "alice", Action::Login, None, &json!({})).expect("append");
        append(&conn, 20, "alice", Action::ReportView, Some("abcdefghjk"), &json!({})).expect("append");
        let third = append(&conn, 30, "bob", Action::StatusChange, Some("abcdefghjk"), &json!({"to": "forwarded"}))
            .expect("append");
        let all = list(&conn, &Query { limit: 10, ..Query::default() }).expect("list");
        assert_eq!(all.iter().map(|e| e.at.as_str()).collect::<Vec<_>>(), [30, 20, 10].map(utc_datetime));
        assert_eq!(all[0].id, third);
        assert_eq!(all[0].detail, json!({"to": "forwarded"}));
        let page = list(&conn, &Query { limit: 1, before: Some(third), ..Query::default() }).expect("list");
        assert_eq!(page[0].at, utc_datetime(20));
        let bob = list(&conn, &Query { limit: 10, actor: Some("bob".into()), ..Query::default() }).expect("list");
        assert_eq!(bob.len(), 1);
        let views =
            list(&conn, &Query { limit: 10, action: Some(Action::ReportView), ..Query::default() }).expect("list");
        assert_eq!(views.len(), 1);
        assert_eq!(status_history(&conn, "abcdefghjk", None).expect("history").len(), 1);
    }

    #[test]
    fn sqlite_refuses_to_update_or_delete_entries() {
        let (_dir, conn) = conn();
        append(&conn, 10, "alice", Action::Login, None, &json!({})).expect("append");
        for sql in [
            "UPDATE audit_log SET actor = 'mallory'",
            "DELETE FROM audit_log",
            "DELETE FROM audit_log WHERE id = 1",
            "UPDATE audit_log SET detail = '{}' WHERE id = 1",
            // REPLACE deletes the old row without firing delete triggers; a trigger on insert
            // catches it.
            "INSERT OR REPLACE INTO audit_log (id, at, actor, action) VALUES (1, 0, 'mallory', 'login')",
        ] {
            let err = conn.execute(sql, []).expect_err("refused");
            assert!(err.to_string().contains("append-only"), "{sql}: {err}");
        }
        assert_eq!(list(&conn, &Query { limit: 10, ..Query::default() }).expect("list")[0].actor, "alice");
    }

    /// Drops the triggers, as anyone with the database file can.
    fn unguard(conn: &Connection) {
        conn.execute_batch(
            "DROP TRIGGER audit_log_no_update; DROP TRIGGER audit_log_no_delete; DROP TRIGGER audit_log_no_replace;",
        )
        .expect("drop the triggers");
    }

    fn three_entries(conn: &Connection) {
        append(conn, 10, "alice", Action::Login, None, &json!({})).expect("append");
        append(conn, 20, "alice", Action::StatusChange, Some("abcdefghjk"), &json!({"to": "forwarded"}))
            .expect("append");
        append(conn, 30, "bob", Action::Export, None, &json!({"with_contact": true})).expect("append");
    }

    #[test]
    fn an_untouched_log_verifies_and_its_head_is_the_newest_hash() {
        let (_dir, conn) = conn();
        assert_eq!(verify(&conn).expect("verify"), Verified::Intact { entries: 0, head: GENESIS });
        three_entries(&conn);
        let Verified::Intact { entries, head } = verify(&conn).expect("verify") else { panic!("broken") };
        assert_eq!(entries, 3);
        let newest: Vec<u8> =
            conn.query_row("SELECT hash FROM audit_log WHERE id = 3", [], |r| r.get(0)).expect("hash");
        assert_eq!(head.as_slice(), newest.as_slice());
    }

    #[test]
    fn a_changed_removed_or_inserted_entry_breaks_the_chain_where_it_happened() {
        for (tamper, broken_at) in [
            ("UPDATE audit_log SET detail = '{\"with_contact\": false}' WHERE id = 3", 3),
            ("UPDATE audit_log SET actor = 'mallory' WHERE id = 1", 1),
            ("DELETE FROM audit_log WHERE id = 2", 3),
            ("UPDATE audit_log SET at = 25 WHERE id = 2", 2),
            (
                "INSERT INTO audit_log (id, at, actor, action, detail, hash) SELECT 4, 40, 'bob', 'login', '{}', hash FROM audit_log WHERE id = 3",
                4,
            ),
        ] {
            let (_dir, conn) = conn();
            three_entries(&conn);
            unguard(&conn);
            conn.execute(tamper, []).expect("tamper");
            match verify(&conn).expect("verify") {
                Verified::Broken { id, .. } => assert_eq!(id, broken_at, "{tamper}"),
                intact => panic!("{tamper} went unnoticed: {intact:?}"),
            }
        }
    }

    #[test]
    fn each_field_counts_in_the_hash() {
        let base = entry_hash(&GENESIS, 1, "a", "login", Some("r"), "{}");
        assert_ne!(base, entry_hash(&[1; 32], 1, "a", "login", Some("r"), "{}"));
        assert_ne!(base, entry_hash(&GENESIS, 2, "a", "login", Some("r"), "{}"));
        assert_ne!(base, entry_hash(&GENESIS, 1, "ab", "login", Some("r"), "{}"));
        assert_ne!(base, entry_hash(&GENESIS, 1, "a", "login", None, "{}"));
        assert_ne!(base, entry_hash(&GENESIS, 1, "a", "login", Some(""), "{}"));
        // Length prefixes: moving text from one field to the next changes the hash.
        assert_ne!(entry_hash(&GENESIS, 1, "ab", "c", None, "{}"), entry_hash(&GENESIS, 1, "a", "bc", None, "{}"));
    }

    #[test]
    fn action_keys_round_trip() {
        for action in Action::ALL {
            assert_eq!(Action::from_key(action.key()), Some(action));
        }
        assert_eq!(Action::from_key("delete"), None);
    }
}
