//! What the public may read of the report store as a whole: the list of reports' public statuses
//! (`GET requests.json`) and the records behind the handling figures. Neither reads a sealed
//! column, a place or any free text.

use portal_core::api::requests::{OpenClosed, RequestsQuery};
use portal_core::report::handling::HandlingRecord;
use rusqlite::types::Value;
use rusqlite::{Connection, params_from_iter};

use crate::audit::Action;

use super::{PUBLIC_COLUMNS, PublicStatus, public_from_row, status_from_row};

/// The reports `query` asks for, newest first, one page of them.
pub fn public_requests(conn: &Connection, query: &RequestsQuery) -> rusqlite::Result<Vec<PublicStatus>> {
    let mut clauses: Vec<String> = Vec::new();
    let mut values: Vec<Value> = Vec::new();
    let mut any_of = |column: &str, items: &[String], clauses: &mut Vec<String>| {
        let marks = vec!["?"; items.len()].join(", ");
        clauses.push(format!("{column} IN ({marks})"));
        values.extend(items.iter().cloned().map(Value::Text));
    };
    if query.ids.is_empty() {
        if !query.categories.is_empty() {
            any_of("category", &query.categories, &mut clauses);
        }
        match query.status {
            Some(OpenClosed::Open) => clauses.push(format!("status IN ({})", open_keys())),
            Some(OpenClosed::Closed) => clauses.push(format!("status NOT IN ({})", open_keys())),
            None => {}
        }
        clauses.push("created_at BETWEEN ? AND ?".to_owned());
        values.extend([Value::Integer(query.start), Value::Integer(query.end)]);
    } else {
        any_of("public_id", &query.ids, &mut clauses);
    }
    values.extend([Value::Integer(i64::from(query.page_size)), Value::Integer(query.offset() as i64)]);
    let sql = format!(
        "SELECT {PUBLIC_COLUMNS} FROM reports WHERE {} ORDER BY created_at DESC, id DESC LIMIT ? OFFSET ?",
        clauses.join(" AND ")
    );
    conn.prepare(&sql)?.query_map(params_from_iter(values), public_from_row)?.collect()
}

/// The open statuses' keys, quoted for SQL.
fn open_keys() -> String {
    portal_core::report::Status::ALL
        .iter()
        .filter(|s| s.is_open())
        .map(|s| format!("'{}'", s.key()))
        .collect::<Vec<_>>()
        .join(", ")
}

/// One [`HandlingRecord`] per report. The first response is the earlier of the first reply and
/// the first status change (the audit log's `status_change` entries).
pub fn handling_records(conn: &Connection) -> rusqlite::Result<Vec<HandlingRecord>> {
    let mut statement = conn.prepare(
        "SELECT r.category, r.district_code, r.status, r.created_at, r.closed_at,
                (SELECT MIN(at) FROM (
                     SELECT MIN(created_at) AS at FROM replies WHERE report_id = r.id
                     UNION ALL
                     SELECT MIN(at) FROM audit_log WHERE report_id = r.public_id AND action = ?1))
         FROM reports r",
    )?;
    statement
        .query_map([Action::StatusChange.key()], |row| {
            Ok(HandlingRecord {
                category: row.get(0)?,
                district_code: row.get(1)?,
                status: status_from_row(row.get(2)?)?,
                created_at: row.get(3)?,
                closed_at: row.get(4)?,
                first_response_at: row.get(5)?,
            })
        })?
        .collect()
}
