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
//! table (see the migration in [`crate::db`]), and no endpoint or command edits it. Administrators
//! read it with `GET /api/staff/audit` (see [`crate::http::staff`]).
//!
//! Who did it (`actor`) is a staff user name, or one of the names in parentheses below, which
//! cannot be user names (see [`crate::auth::valid_username`]).

use portal_core::api::staff::{AuditEntry, HistoryEntry};
use portal_core::report::{Status, china_datetime};
use rusqlite::{Connection, params};
use serde_json::Value;

use crate::clock::utc_datetime;

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
    conn.execute(
        "INSERT INTO audit_log (at, actor, action, report_id, detail) VALUES (?1, ?2, ?3, ?4, ?5)",
        params![at, actor, action.key(), report_id, detail.to_string()],
    )?;
    Ok(conn.last_insert_rowid())
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
/// shown to staff with the report).
pub fn status_history(conn: &Connection, report_id: &str) -> rusqlite::Result<Vec<HistoryEntry>> {
    let mut statement =
        conn.prepare("SELECT at, actor, detail FROM audit_log WHERE report_id = ?1 AND action = ?2 ORDER BY id")?;
    statement
        .query_map(params![report_id, Action::StatusChange.key()], |row| {
            let detail = detail_from(row.get(2)?);
            let status = |key: &str| detail[key].as_str().and_then(Status::from_key);
            Ok(HistoryEntry {
                at: china_datetime(row.get(0)?),
                by: row.get(1)?,
                from: status("from"),
                to: status("to"),
                note: detail["note"].as_str().map(str::to_owned),
            })
        })?
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
        assert_eq!(status_history(&conn, "abcdefghjk").expect("history").len(), 1);
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

    #[test]
    fn action_keys_round_trip() {
        for action in Action::ALL {
            assert_eq!(Action::from_key(action.key()), Some(action));
        }
        assert_eq!(Action::from_key("delete"), None);
    }
}
