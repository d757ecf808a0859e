//! The staff side of the report store, built as the staff API's types: listing and filtering with
//! deadlines, reading one report, exporting, photos, the status workflow (decided by
//! [`StatusChange::decide`]) and retention. Its HTTP handlers are in [`crate::http::staff`].

use portal_core::api::staff::{Location, PhotoFile, StaffDetail, StaffReply, StaffReport, StaffSummary};
use portal_core::date::SECONDS_PER_DAY;
use portal_core::report::{ACK_DAYS, Category, Deadlines, HANDLE_DAYS, Status, StatusChange, china_datetime};
use rusqlite::types::Value;
use rusqlite::{Connection, OptionalExtension, params, params_from_iter};

use super::{record_closed_at, replies_of, status_from_row};
use serde_json::{Value as JsonValue, json};
use sha2::{Digest, Sha256};

use crate::crypto::{Context, ReportKey};
use crate::db::DbError;

/// The most reports one list request returns.
pub const MAX_LIST_LIMIT: u32 = 500;

/// SQL: whether report `r` has been acknowledged (its status left `received`, or it has a reply).
const ACKNOWLEDGED_SQL: &str = "(r.status <> 'received' OR EXISTS (SELECT 1 FROM replies WHERE report_id = r.id))";
/// SQL: whether report `r` is open.
const OPEN_SQL: &str = "(r.status IN ('received', 'under_review', 'forwarded'))";

/// How a list of reports is ordered.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Sort {
    /// Newest first (the default).
    #[default]
    Newest,
    /// Oldest first.
    Oldest,
    /// Open reports first, the one whose next deadline (acknowledgement if not yet acknowledged,
    /// otherwise conclusion) is earliest first, so the most overdue lead; then closed ones,
    /// newest first.
    Overdue,
}

/// Which reports to list. Empty lists and `None` mean "any".
#[derive(Debug, Clone, Default)]
pub struct ReportFilter {
    /// Any of these statuses.
    pub statuses: Vec<Status>,
    /// Any of these categories.
    pub categories: Vec<Category>,
    /// This district code.
    pub district: Option<String>,
    /// This park or zone id.
    pub area: Option<String>,
    /// This enterprise id.
    pub enterprise: Option<String>,
    /// Created at or after this time (Unix seconds).
    pub created_from: Option<i64>,
    /// Created before this time (Unix seconds).
    pub created_before: Option<i64>,
    /// Only reports with a deadline passed.
    pub overdue_only: bool,
    /// The order.
    pub sort: Sort,
    /// At most this many (capped at [`MAX_LIST_LIMIT`]).
    pub limit: u32,
    /// Skip this many first.
    pub offset: u32,
}

/// The columns [`detail_from_row`] reads, for report `r`.
const DETAIL_COLUMNS: &str = "r.public_id, r.category, r.status, r.district_code, r.area_id, r.enterprise_id,
     r.created_at, r.updated_at, r.closed_at, r.duplicate_of,
     (SELECT count(*) FROM photos WHERE report_id = r.id),
     (SELECT count(*) FROM replies WHERE report_id = r.id),
     r.observed_on, r.observed_time, r.lat, r.lng, r.account_sealed,
     r.contact_sealed, r.wants_reward, r.consent_to_contact, r.personal_data_deleted_at, r.id";

/// The sealed parts of a report row, opened with [`Sealed::open_into`].
struct Sealed {
    account: Option<Vec<u8>>,
    contact: Option<Vec<u8>>,
}

impl Sealed {
    /// Fills in the description, address and source description, and the contact details if
    /// `with_contact`.
    fn open_into(self, key: &ReportKey, report: &mut StaffReport, with_contact: bool) -> Result<(), DbError> {
        let (public_id, detail) = (&report.summary.id, &mut report.detail);
        if let Some(sealed) = self.account {
            let account = key.open_account(public_id, &sealed)?;
            detail.description = account.description;
            detail.address = account.address;
            detail.source_description = account.source_description;
        }
        if with_contact && let Some(sealed) = self.contact {
            detail.contact = Some(key.open_contact(public_id, &sealed)?);
        }
        Ok(())
    }
}

/// A row of [`DETAIL_COLUMNS`]: the report (with nothing sealed opened, and no duplicates,
/// photos, replies or history yet), the sealed parts, and the internal row id.
fn detail_from_row(row: &rusqlite::Row<'_>, now: i64) -> rusqlite::Result<(StaffReport, Sealed, i64)> {
    let status = status_from_row(row.get(2)?)?;
    let created_at: i64 = row.get(6)?;
    let replies: i64 = row.get(11)?;
    let acknowledged = status != Status::Received || replies > 0;
    let deadlines = Deadlines::at(created_at, status, acknowledged, now);
    let time =
        |column| -> rusqlite::Result<Option<String>> { Ok(row.get::<_, Option<i64>>(column)?.map(china_datetime)) };
    let summary = StaffSummary {
        id: row.get(0)?,
        category: row.get(1)?,
        status,
        district: row.get(3)?,
        area: row.get(4)?,
        enterprise_id: row.get(5)?,
        created: china_datetime(created_at),
        updated: china_datetime(row.get(7)?),
        closed: time(8)?,
        ack_due: china_datetime(deadlines.ack_due),
        handle_due: china_datetime(deadlines.handle_due),
        ack_overdue: deadlines.ack_overdue,
        handle_overdue: deadlines.handle_overdue,
        overdue: deadlines.ack_overdue || deadlines.handle_overdue,
        duplicate_of: row.get(9)?,
        photos: row.get(10)?,
        replies,
    };
    let lat: Option<f64> = row.get(14)?;
    let lng: Option<f64> = row.get(15)?;
    let detail = StaffDetail {
        source_description: None,
        observed_on: row.get(12)?,
        observed_time: row.get(13)?,
        address: None,
        location: lat.zip(lng).map(|(lat, lng)| Location { lat, lng }),
        description: String::new(),
        contact: None,
        wants_reward: row.get(18)?,
        consent_to_contact: row.get(19)?,
        personal_data_deleted: time(20)?,
        duplicates: Vec::new(),
        photo_files: Vec::new(),
        replies: Vec::new(),
        history: Vec::new(),
        allowed_next: status.allowed_next().to_vec(),
    };
    let sealed = Sealed { account: row.get(16)?, contact: row.get(17)? };
    Ok((StaffReport { summary, detail }, sealed, row.get(21)?))
}

/// The `WHERE` clause (possibly empty) and its numbered parameters for `filter` at `now`.
fn where_clause(filter: &ReportFilter, now: i64) -> (String, Vec<Value>) {
    let mut conditions: Vec<String> = Vec::new();
    let mut values: Vec<Value> = Vec::new();
    let bind = |values: &mut Vec<Value>, value: Value| {
        values.push(value);
        format!("?{}", values.len())
    };
    for (column, keys) in [
        ("r.status", filter.statuses.iter().map(|s| s.key()).collect::<Vec<_>>()),
        ("r.category", filter.categories.iter().map(|c| c.key()).collect()),
    ] {
        if !keys.is_empty() {
            let list: Vec<String> = keys.iter().map(|key| bind(&mut values, Value::Text((*key).to_owned()))).collect();
            conditions.push(format!("{column} IN ({})", list.join(", ")));
        }
    }
    for (column, value) in
        [("r.district_code", &filter.district), ("r.area_id", &filter.area), ("r.enterprise_id", &filter.enterprise)]
    {
        if let Some(value) = value {
            conditions.push(format!("{column} = {}", bind(&mut values, Value::Text(value.clone()))));
        }
    }
    if let Some(from) = filter.created_from {
        conditions.push(format!("r.created_at >= {}", bind(&mut values, Value::Integer(from))));
    }
    if let Some(before) = filter.created_before {
        conditions.push(format!("r.created_at < {}", bind(&mut values, Value::Integer(before))));
    }
    if filter.overdue_only {
        let now = bind(&mut values, Value::Integer(now));
        conditions.push(format!(
            "((NOT {ACKNOWLEDGED_SQL} AND {now} > r.created_at + {ack}) OR ({OPEN_SQL} AND {now} > r.created_at + {handle}))",
            ack = ACK_DAYS * SECONDS_PER_DAY,
            handle = HANDLE_DAYS * SECONDS_PER_DAY,
        ));
    }
    let clause = if conditions.is_empty() { String::new() } else { format!("WHERE {}", conditions.join(" AND ")) };
    (clause, values)
}

/// The reports matching `filter` at `now`, in its order, and how many match in all.
pub fn list_reports(conn: &Connection, filter: &ReportFilter, now: i64) -> rusqlite::Result<(u64, Vec<StaffSummary>)> {
    let (clause, mut values) = where_clause(filter, now);
    let total: i64 =
        conn.query_row(&format!("SELECT count(*) FROM reports r {clause}"), params_from_iter(values.iter()), |row| {
            row.get(0)
        })?;
    let order = match filter.sort {
        Sort::Newest => "r.created_at DESC, r.id DESC".to_owned(),
        Sort::Oldest => "r.created_at ASC, r.id ASC".to_owned(),
        Sort::Overdue => format!(
            "{OPEN_SQL} DESC,
             CASE WHEN {OPEN_SQL} THEN r.created_at + CASE WHEN {ACKNOWLEDGED_SQL} THEN {handle} ELSE {ack} END END ASC,
             r.created_at DESC, r.id DESC",
            ack = ACK_DAYS * SECONDS_PER_DAY,
            handle = HANDLE_DAYS * SECONDS_PER_DAY,
        ),
    };
    let limit = filter.limit.clamp(1, MAX_LIST_LIMIT);
    values.push(Value::Integer(i64::from(limit)));
    let limit_param = values.len();
    values.push(Value::Integer(i64::from(filter.offset)));
    let offset_param = values.len();
    let sql = format!(
        "SELECT {DETAIL_COLUMNS} FROM reports r {clause} ORDER BY {order} LIMIT ?{limit_param} OFFSET ?{offset_param}"
    );
    let mut statement = conn.prepare(&sql)?;
    let reports = statement
        .query_map(params_from_iter(values.iter()), |row| Ok(detail_from_row(row, now)?.0.summary))?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok((u64::try_from(total).unwrap_or(0), reports))
}

/// Everything about the report `public_id` at `now`, with its contact details opened with `key`
/// and its status history from the audit log.
pub fn report_detail(
    conn: &Connection,
    key: &ReportKey,
    public_id: &str,
    now: i64,
) -> Result<Option<StaffReport>, DbError> {
    let found = conn
        .query_row(&format!("SELECT {DETAIL_COLUMNS} FROM reports r WHERE r.public_id = ?1"), [public_id], |row| {
            detail_from_row(row, now)
        })
        .optional()?;
    let Some((mut report, sealed, id)) = found else { return Ok(None) };
    sealed.open_into(key, &mut report, true)?;
    let detail = &mut report.detail;
    detail.duplicates = conn
        .prepare("SELECT public_id FROM reports WHERE duplicate_of = ?1 ORDER BY created_at, id")?
        .query_map([public_id], |row| row.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    detail.photo_files = conn
        .prepare("SELECT position, media_type FROM photos WHERE report_id = ?1 ORDER BY position")?
        .query_map([id], |row| {
            let position: i64 = row.get(0)?;
            let url = format!("/api/staff/reports/{public_id}/photos/{position}");
            Ok(PhotoFile { id: position, media_type: row.get(1)?, url })
        })?
        .collect::<rusqlite::Result<_>>()?;
    detail.replies = replies_of(conn, key, id, public_id)?
        .into_iter()
        .map(|r| StaffReply { at: china_datetime(r.at), text: r.text, text_zh: r.text_zh })
        .collect();
    detail.history = crate::audit::status_history(conn, public_id, Some(key))?;
    Ok(Some(report))
}

/// Every report, oldest first, for the CSV export, without its photos, replies and history;
/// contact details are opened only if `with_contact` (otherwise `contact` is `None` and
/// `location` is dropped as well).
pub fn export_reports(
    conn: &Connection,
    key: &ReportKey,
    with_contact: bool,
    now: i64,
) -> Result<Vec<StaffReport>, DbError> {
    let mut statement = conn.prepare(&format!("SELECT {DETAIL_COLUMNS} FROM reports r ORDER BY r.created_at, r.id"))?;
    let rows = statement.query_map([], |row| detail_from_row(row, now))?;
    let mut reports = Vec::new();
    for row in rows {
        let (mut report, sealed, _) = row?;
        sealed.open_into(key, &mut report, with_contact)?;
        if !with_contact {
            report.detail.location = None;
        }
        reports.push(report);
    }
    Ok(reports)
}

/// The photo at `position` of report `public_id`: its media type and its bytes opened with `key`.
pub fn photo(
    conn: &Connection,
    key: &ReportKey,
    public_id: &str,
    position: i64,
) -> Result<Option<(String, Vec<u8>)>, DbError> {
    let found: Option<(String, Vec<u8>)> = conn
        .query_row(
            "SELECT p.media_type, p.bytes FROM photos p JOIN reports r ON r.id = p.report_id
             WHERE r.public_id = ?1 AND p.position = ?2",
            params![public_id, position],
            |row| Ok((row.get(0)?, row.get(1)?)),
        )
        .optional()?;
    let Some((media_type, sealed)) = found else { return Ok(None) };
    let bytes = key.open(Context::Photo { report: public_id, position }, &sealed)?;
    Ok(Some((media_type, bytes)))
}

/// Moves report `public_id` to status `to`, if the workflow ([`StatusChange::decide`]) allows it
/// from its current status. Run it in a transaction with its audit entry.
pub fn set_status(conn: &Connection, public_id: &str, to: Status, now: i64) -> rusqlite::Result<StatusChange> {
    let found = conn
        .query_row("SELECT id, status FROM reports WHERE public_id = ?1", [public_id], |row| {
            Ok((row.get::<_, i64>(0)?, status_from_row(row.get(1)?)?))
        })
        .optional()?;
    let decision = StatusChange::decide(found.map(|(_, status)| status), to);
    let (Some((id, _)), StatusChange::Changed { from }) = (found, decision) else { return Ok(decision) };
    // `status = ?4` makes this a compare-and-set, should anything else have changed it meanwhile.
    let changed = conn.execute(
        "UPDATE reports SET status = ?2, updated_at = ?3 WHERE id = ?1 AND status = ?4",
        params![id, to.key(), now, from.key()],
    )?;
    if changed == 0 {
        return Ok(StatusChange::NotAllowed { from });
    }
    record_closed_at(conn, id, now)?;
    Ok(StatusChange::Changed { from })
}

/// Adds a staff note to report `public_id`, sealed with `key`, and returns what the audit entry
/// of its status change records of it (`None` if there is no such report): the note's id and the
/// SHA-256 of its sealed bytes. The note itself stays out of the audit log, so that retention can
/// delete it (see [`purge_personal_data`]) while the log's chain still covers which note was
/// written, and when.
pub fn add_note(conn: &Connection, key: &ReportKey, public_id: &str, note: &str) -> Result<Option<JsonValue>, DbError> {
    let Some(report_id) = conn
        .query_row("SELECT id FROM reports WHERE public_id = ?1", [public_id], |row| row.get::<_, i64>(0))
        .optional()?
    else {
        return Ok(None);
    };
    let sealed = key.seal(Context::Note { report: public_id }, note.as_bytes())?;
    conn.execute("INSERT INTO staff_notes (report_id, sealed) VALUES (?1, ?2)", params![report_id, sealed])?;
    let digest = crate::crypto::encode_hex(&Sha256::digest(&sealed));
    Ok(Some(json!({"id": conn.last_insert_rowid(), "sha256": digest})))
}

/// The staff note with this id on report `public_id`, opened with `key`; `None` once retention
/// has deleted it.
pub fn note(conn: &Connection, key: &ReportKey, public_id: &str, id: i64) -> Result<Option<String>, DbError> {
    let sealed: Option<Vec<u8>> = conn
        .query_row(
            "SELECT n.sealed FROM staff_notes n JOIN reports r ON r.id = n.report_id WHERE n.id = ?1 AND r.public_id = ?2",
            params![id, public_id],
            |row| row.get(0),
        )
        .optional()?;
    let Some(sealed) = sealed else { return Ok(None) };
    let bytes = key.open(Context::Note { report: public_id }, &sealed)?;
    Ok(Some(String::from_utf8(bytes).map_err(|_| crate::crypto::CryptoError::Open)?))
}

/// Deletes the personal data of every report closed before `closed_before` that still has it:
/// the sealed contact details, the photos, the coordinates and the staff notes. Category, status, dates,
/// description, address and replies stay. Returns the public ids of the reports purged. Run it
/// in a transaction with its audit entry.
pub fn purge_personal_data(conn: &Connection, closed_before: i64, now: i64) -> rusqlite::Result<Vec<String>> {
    let due: Vec<(i64, String)> = conn
        .prepare(
            "SELECT id, public_id FROM reports
             WHERE closed_at IS NOT NULL AND closed_at < ?1 AND personal_data_deleted_at IS NULL
             ORDER BY closed_at, id",
        )?
        .query_map([closed_before], |row| Ok((row.get(0)?, row.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?;
    for (id, _) in &due {
        conn.execute("DELETE FROM photos WHERE report_id = ?1", [id])?;
        conn.execute("DELETE FROM staff_notes WHERE report_id = ?1", [id])?;
        conn.execute(
            "UPDATE reports SET contact_sealed = NULL, lat = NULL, lng = NULL, personal_data_deleted_at = ?2
             WHERE id = ?1",
            params![id, now],
        )?;
    }
    Ok(due.into_iter().map(|(_, public_id)| public_id).collect())
}
