//! Reports in SQLite: storing a report with its photos, reading its public status, reading it
//! back by receipt, adding the bureau's replies, and backups.
//!
//! Everything here is synchronous and takes a [`Connection`], so the HTTP handlers run it through
//! [`crate::db::Db::call`] and the command-line tools call it directly. The staff side (listing,
//! reading, changing status, exporting, retention) is here too; its HTTP handlers are in
//! [`crate::staff`].
//!
//! Nothing stored says anything about the reporter's connection: no IP address, no user agent,
//! no header. The receipt is stored only as [`receipt_hash`]. Contact details and photos are
//! stored only sealed with the report key (see [`crate::crypto`]).

use std::path::Path;

use portal_core::date::SECONDS_PER_DAY;
pub use portal_core::report::{ACK_DAYS, Deadlines, HANDLE_DAYS, StatusChange};
use portal_core::report::{Category, Contact, ImageType, Receipt, ReportDraft, Status};
use rusqlite::types::Value;
use rusqlite::{Connection, OptionalExtension, TransactionBehavior, params, params_from_iter};
use sha2::{Digest, Sha256};

use crate::crypto::{Account, Context, ReplyText, ReportKey};
use crate::db::DbError;

/// Reports naming the same enterprise and category within this many seconds of an earlier one
/// are linked to it as possible duplicates (7 days).
pub const DUPLICATE_WINDOW_SECONDS: i64 = 7 * 24 * 3600;

/// The alphabet of public ids: digits and lowercase letters without `0 1 i l o`.
const PUBLIC_ID_ALPHABET: &[u8; 31] = b"23456789abcdefghjkmnpqrstuvwxyz";
/// The length of a public id (31^10 ≈ 2^49.5 possibilities).
pub const PUBLIC_ID_LEN: usize = 10;

/// Makes a public id from 8 random bytes: [`PUBLIC_ID_LEN`] characters of
/// [`PUBLIC_ID_ALPHABET`]. Random, so ids say nothing about how many reports there are.
pub fn public_id(random: [u8; 8]) -> String {
    let mut n = u64::from_be_bytes(random);
    let mut id = String::with_capacity(PUBLIC_ID_LEN);
    for _ in 0..PUBLIC_ID_LEN {
        let index = (n % 31) as usize;
        id.push(char::from(PUBLIC_ID_ALPHABET[index]));
        n /= 31;
    }
    id
}

/// Whether `id` looks like a public id (checked before touching the database).
pub fn is_public_id(id: &str) -> bool {
    id.len() == PUBLIC_ID_LEN && id.bytes().all(|b| PUBLIC_ID_ALPHABET.contains(&b))
}

/// The stored form of a receipt: SHA-256 over a domain tag, the database's salt and the 16 digits.
pub fn receipt_hash(salt: &str, receipt: &Receipt) -> [u8; 32] {
    let mut hasher = Sha256::new();
    hasher.update(b"lyg-portal-receipt-v1\0");
    hasher.update(salt.as_bytes());
    hasher.update(b"\0");
    hasher.update(receipt.digits().as_bytes());
    hasher.finalize().into()
}

/// Compares two byte strings in time that depends only on their lengths.
pub fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    if a.len() != b.len() {
        return false;
    }
    let diff = a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y));
    std::hint::black_box(diff) == 0
}

/// A validated report ready to store.
#[derive(Debug, Clone)]
pub struct NewReport {
    /// The draft, already validated and [normalised](ReportDraft::normalized); its category is set.
    pub draft: ReportDraft,
    /// The photos, with metadata already stripped.
    pub photos: Vec<(ImageType, Vec<u8>)>,
}

/// What [`insert_report`] stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Stored {
    /// The public id.
    pub public_id: String,
    /// The earlier report this one was linked to, if any.
    pub duplicate_of: Option<String>,
}

/// Stores a report and its photos in one transaction and commits it. The contact details (if
/// any) and the photos are sealed with `key` first; a sealing failure comes back as
/// [`rusqlite::Error::ToSqlConversionFailure`].
///
/// With `synchronous=FULL` in WAL mode the commit is on disk when this returns, so the caller
/// may acknowledge the report. A report naming the same enterprise and category as one stored in
/// the last [`DUPLICATE_WINDOW_SECONDS`] is linked to that one (or to what that one is linked
/// to) with `duplicate_of`; it is stored all the same.
///
/// `public_id` and `receipt` come from the caller's randomness; a (vanishingly unlikely)
/// collision fails with a unique-constraint error and the caller retries with new ones.
pub fn insert_report(
    conn: &mut Connection,
    salt: &str,
    key: &ReportKey,
    report: &NewReport,
    public_id: &str,
    receipt: &Receipt,
    now: i64,
) -> rusqlite::Result<Stored> {
    let d = &report.draft;
    let category = d.category.map(Category::key).unwrap_or(Category::Other.key());
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    let duplicate_of: Option<String> = match &d.enterprise_id {
        Some(enterprise) => tx
            .query_row(
                "SELECT coalesce(duplicate_of, public_id) FROM reports
                 WHERE enterprise_id = ?1 AND category = ?2 AND created_at >= ?3
                 ORDER BY created_at DESC, id DESC LIMIT 1",
                params![enterprise, category, now - DUPLICATE_WINDOW_SECONDS],
                |row| row.get(0),
            )
            .optional()?,
        None => None,
    };
    let sealing_failed = |err: crate::crypto::CryptoError| rusqlite::Error::ToSqlConversionFailure(Box::new(err));
    let contact_sealed = match &d.contact {
        Some(contact) if contact.name.is_some() || contact.phone.is_some() || contact.email.is_some() => {
            Some(key.seal_contact(public_id, contact).map_err(sealing_failed)?)
        }
        _ => None,
    };
    let account = Account {
        description: d.description.clone(),
        address: d.address.clone(),
        source_description: d.source_description.clone(),
    };
    let account_sealed = key.seal_account(public_id, &account).map_err(sealing_failed)?;
    tx.execute(
        "INSERT INTO reports (
             public_id, receipt_hash, category, status, enterprise_id, observed_on, observed_time,
             district_code, area_id, lat, lng, account_sealed, contact_sealed, wants_reward,
             consent_to_contact, duplicate_of, created_at, updated_at)
         VALUES (?1, ?2, ?3, 'received', ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?16)",
        params![
            public_id,
            receipt_hash(salt, receipt).as_slice(),
            category,
            d.enterprise_id,
            d.observed_on,
            d.observed_time,
            d.district_code,
            d.area_id,
            d.location.map(|p| p.lat),
            d.location.map(|p| p.lng),
            account_sealed,
            contact_sealed,
            d.wants_reward,
            d.consent_to_contact,
            duplicate_of,
            now,
        ],
    )?;
    let report_id = tx.last_insert_rowid();
    {
        let mut insert_photo =
            tx.prepare("INSERT INTO photos (report_id, position, media_type, bytes) VALUES (?1, ?2, ?3, ?4)")?;
        for (position, (kind, bytes)) in report.photos.iter().enumerate() {
            let position = i64::try_from(position).unwrap_or(i64::MAX);
            let sealed = key.seal(Context::Photo { report: public_id, position }, bytes).map_err(sealing_failed)?;
            insert_photo.execute(params![report_id, position, kind.mime(), sealed])?;
        }
    }
    tx.commit()?;
    Ok(Stored { public_id: public_id.to_owned(), duplicate_of })
}

/// Whether an error is a unique-constraint violation (a random id collided).
pub fn is_unique_violation(err: &rusqlite::Error) -> bool {
    matches!(
        err,
        rusqlite::Error::SqliteFailure(e, _) if e.extended_code == rusqlite::ffi::SQLITE_CONSTRAINT_UNIQUE
    )
}

/// What anyone may know about a report: category, status and dates.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PublicStatus {
    /// The public id.
    pub public_id: String,
    /// The category key.
    pub category: String,
    /// The status.
    pub status: Status,
    /// When it was stored (Unix seconds).
    pub created_at: i64,
    /// When its status last changed or a reply was added (Unix seconds).
    pub updated_at: i64,
}

/// A reply from the bureau.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reply {
    /// When it was added (Unix seconds).
    pub at: i64,
    /// The reply as written.
    pub text: String,
    /// A Chinese version, when `text` is in another language.
    pub text_zh: Option<String>,
}

/// What the holder of a report's receipt may see: its public status and the bureau's replies.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OwnStatus {
    /// Category, status and dates.
    pub public: PublicStatus,
    /// The replies, oldest first.
    pub replies: Vec<Reply>,
}

/// Reads a status key written by this service.
fn status_from_row(key: String) -> rusqlite::Result<Status> {
    Status::from_key(&key)
        .ok_or_else(|| rusqlite::Error::FromSqlConversionFailure(0, rusqlite::types::Type::Text, key.into()))
}

/// The public status of the report with this public id.
pub fn public_status(conn: &Connection, public_id: &str) -> rusqlite::Result<Option<PublicStatus>> {
    conn.query_row(
        "SELECT public_id, category, status, created_at, updated_at FROM reports WHERE public_id = ?1",
        [public_id],
        |row| {
            Ok(PublicStatus {
                public_id: row.get(0)?,
                category: row.get(1)?,
                status: status_from_row(row.get(2)?)?,
                created_at: row.get(3)?,
                updated_at: row.get(4)?,
            })
        },
    )
    .optional()
}

/// The status and replies of the report whose receipt this is.
///
/// The lookup goes through the unique index on the salted hash; since the salt is secret, its
/// timing tells an outsider nothing about stored hashes. The stored hash is then compared with
/// [`constant_time_eq`] as well.
pub fn status_by_receipt(
    conn: &Connection,
    key: &ReportKey,
    salt: &str,
    receipt: &Receipt,
) -> Result<Option<OwnStatus>, DbError> {
    let hash = receipt_hash(salt, receipt);
    let found = conn
        .query_row(
            "SELECT id, receipt_hash, public_id, category, status, created_at, updated_at
             FROM reports WHERE receipt_hash = ?1",
            [hash.as_slice()],
            |row| {
                let stored: Vec<u8> = row.get(1)?;
                let public = PublicStatus {
                    public_id: row.get(2)?,
                    category: row.get(3)?,
                    status: status_from_row(row.get(4)?)?,
                    created_at: row.get(5)?,
                    updated_at: row.get(6)?,
                };
                Ok((row.get::<_, i64>(0)?, stored, public))
            },
        )
        .optional()?;
    let Some((id, stored, public)) = found else { return Ok(None) };
    if !constant_time_eq(&stored, &hash) {
        return Ok(None);
    }
    let replies = replies_of(conn, key, id, &public.public_id)?;
    Ok(Some(OwnStatus { public, replies }))
}

/// The replies to report `report_id` (public id `public_id`), oldest first, opened with `key`.
fn replies_of(conn: &Connection, key: &ReportKey, report_id: i64, public_id: &str) -> Result<Vec<Reply>, DbError> {
    let sealed: Vec<(i64, Vec<u8>)> = conn
        .prepare("SELECT created_at, sealed FROM replies WHERE report_id = ?1 ORDER BY created_at, id")?
        .query_map([report_id], |row| Ok((row.get(0)?, row.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?;
    sealed
        .into_iter()
        .map(|(at, sealed)| {
            let ReplyText { text, text_zh } = key.open_reply(public_id, &sealed)?;
            Ok(Reply { at, text, text_zh })
        })
        .collect()
}

/// Inserts a reply to report `report_id` (public id `public_id`), sealed with `key`, and returns
/// its row id.
fn insert_sealed_reply(
    conn: &Connection,
    key: &ReportKey,
    report_id: i64,
    public_id: &str,
    reply: &ReplyText,
    now: i64,
) -> rusqlite::Result<i64> {
    let sealed =
        key.seal_reply(public_id, reply).map_err(|err| rusqlite::Error::ToSqlConversionFailure(Box::new(err)))?;
    conn.execute(
        "INSERT INTO replies (report_id, created_at, sealed) VALUES (?1, ?2, ?3)",
        params![report_id, now, sealed],
    )?;
    Ok(conn.last_insert_rowid())
}

/// The reply as stored.
fn reply_text(text: &str, text_zh: Option<&str>) -> ReplyText {
    ReplyText { text: text.to_owned(), text_zh: text_zh.map(str::to_owned) }
}

/// Adds a reply from the bureau to a report and, if `status` is given, sets its status; either
/// way the report's `updated_at` becomes `now`. Returns `false` if there is no such report.
pub fn add_reply(
    conn: &mut Connection,
    key: &ReportKey,
    public_id: &str,
    text: &str,
    text_zh: Option<&str>,
    status: Option<Status>,
    now: i64,
) -> rusqlite::Result<bool> {
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    let added = add_reply_in(&tx, key, public_id, text, text_zh, status, now)?.is_some();
    tx.commit()?;
    Ok(added)
}

/// [`add_reply`] inside the caller's transaction (the command line audits it in the same one).
/// The status is set as given, without the staff workflow's rules (the command line is the
/// bureau's escape hatch). Returns the status before, or `None` if there is no such report.
pub fn add_reply_in(
    conn: &Connection,
    key: &ReportKey,
    public_id: &str,
    text: &str,
    text_zh: Option<&str>,
    status: Option<Status>,
    now: i64,
) -> rusqlite::Result<Option<Status>> {
    let Some((report_id, previous)) = conn
        .query_row("SELECT id, status FROM reports WHERE public_id = ?1", [public_id], |row| {
            Ok((row.get::<_, i64>(0)?, status_from_row(row.get(1)?)?))
        })
        .optional()?
    else {
        return Ok(None);
    };
    insert_sealed_reply(conn, key, report_id, public_id, &reply_text(text, text_zh), now)?;
    conn.execute(
        "UPDATE reports SET status = coalesce(?2, status), updated_at = ?3 WHERE id = ?1",
        params![report_id, status.map(Status::key), now],
    )?;
    if status.is_some() {
        record_closed_at(conn, report_id, now)?;
    }
    Ok(Some(previous))
}

/// Keeps `closed_at` in step with the status: set when a report first reaches a closed status,
/// cleared if it is ever reopened (only the command-line tool can do that).
fn record_closed_at(conn: &Connection, report_id: i64, now: i64) -> rusqlite::Result<()> {
    conn.execute(
        "UPDATE reports SET closed_at = CASE
             WHEN status IN ('resolved', 'closed_no_violation', 'closed_other') THEN coalesce(closed_at, ?2)
             ELSE NULL END
         WHERE id = ?1",
        params![report_id, now],
    )?;
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// The staff side: deadlines, the workflow, listing, reading, exporting, retention
// ---------------------------------------------------------------------------------------------

/// The most reports one list request returns.
pub const MAX_LIST_LIMIT: u32 = 500;

/// SQL: whether report `r` has been acknowledged (its status left `received`, or it has a reply).
const ACKNOWLEDGED_SQL: &str = "(r.status <> 'received' OR EXISTS (SELECT 1 FROM replies WHERE report_id = r.id))";
/// SQL: whether report `r` is open.
const OPEN_SQL: &str = "(r.status IN ('received', 'under_review', 'forwarded'))";

/// The statuses a report may move to from `from` (see [`Status::allowed_next`]).
pub fn allowed_next(from: Status) -> &'static [Status] {
    from.allowed_next()
}

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

/// A report as the staff list shows it.
#[derive(Debug, Clone, PartialEq)]
pub struct ReportSummary {
    /// The public id.
    pub public_id: String,
    /// The category key.
    pub category: String,
    /// The status.
    pub status: Status,
    /// District code.
    pub district_code: Option<String>,
    /// Park or zone id.
    pub area_id: Option<String>,
    /// Enterprise id from the feed.
    pub enterprise_id: Option<String>,
    /// When it arrived (Unix seconds).
    pub created_at: i64,
    /// When its status last changed or a reply was added.
    pub updated_at: i64,
    /// When it reached a closed status.
    pub closed_at: Option<i64>,
    /// The earlier report this one possibly duplicates.
    pub duplicate_of: Option<String>,
    /// How many photos it has (0 after retention).
    pub photos: i64,
    /// How many replies it has.
    pub replies: i64,
    /// Its time limits now.
    pub deadlines: Deadlines,
}

/// Everything staff may see about a report.
#[derive(Debug, Clone, PartialEq)]
pub struct ReportDetail {
    /// What the list shows.
    pub summary: ReportSummary,
    /// A description of an unknown source.
    pub source_description: Option<String>,
    /// The date it was seen.
    pub observed_on: String,
    /// The time it was seen.
    pub observed_time: Option<String>,
    /// Address or landmark.
    pub address: Option<String>,
    /// Coordinates (latitude, longitude), if given (and not yet deleted by retention).
    pub location: Option<(f64, f64)>,
    /// What was seen, smelt or measured, as the reporter typed it.
    pub description: String,
    /// The contact details, opened with the key; `None` if anonymous, deleted, or not asked for.
    pub contact: Option<Contact>,
    /// Whether the reporter wants to claim a reward.
    pub wants_reward: bool,
    /// Whether the bureau may contact the reporter.
    pub consent_to_contact: bool,
    /// When retention deleted its contact details, photos and coordinates.
    pub personal_data_deleted_at: Option<i64>,
    /// Later reports linked to this one as possible duplicates.
    pub duplicates: Vec<String>,
    /// Its photos: position and media type.
    pub photos: Vec<(i64, String)>,
    /// The bureau's replies, oldest first.
    pub replies: Vec<Reply>,
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
    fn open_into(self, key: &ReportKey, detail: &mut ReportDetail, with_contact: bool) -> Result<(), DbError> {
        let public_id = detail.summary.public_id.clone();
        if let Some(sealed) = self.account {
            let account = key.open_account(&public_id, &sealed)?;
            detail.description = account.description;
            detail.address = account.address;
            detail.source_description = account.source_description;
        }
        if with_contact && let Some(sealed) = self.contact {
            detail.contact = Some(key.open_contact(&public_id, &sealed)?);
        }
        Ok(())
    }
}

/// A row of [`DETAIL_COLUMNS`]: the detail (with nothing sealed opened, and no duplicates,
/// photos or replies yet), the sealed parts, and the internal row id.
fn detail_from_row(row: &rusqlite::Row<'_>, now: i64) -> rusqlite::Result<(ReportDetail, Sealed, i64)> {
    let status = status_from_row(row.get(2)?)?;
    let created_at: i64 = row.get(6)?;
    let replies: i64 = row.get(11)?;
    let acknowledged = status != Status::Received || replies > 0;
    let summary = ReportSummary {
        public_id: row.get(0)?,
        category: row.get(1)?,
        status,
        district_code: row.get(3)?,
        area_id: row.get(4)?,
        enterprise_id: row.get(5)?,
        created_at,
        updated_at: row.get(7)?,
        closed_at: row.get(8)?,
        duplicate_of: row.get(9)?,
        photos: row.get(10)?,
        replies,
        deadlines: Deadlines::at(created_at, status, acknowledged, now),
    };
    let lat: Option<f64> = row.get(14)?;
    let lng: Option<f64> = row.get(15)?;
    let detail = ReportDetail {
        summary,
        source_description: None,
        observed_on: row.get(12)?,
        observed_time: row.get(13)?,
        address: None,
        location: lat.zip(lng),
        description: String::new(),
        contact: None,
        wants_reward: row.get(18)?,
        consent_to_contact: row.get(19)?,
        personal_data_deleted_at: row.get(20)?,
        duplicates: Vec::new(),
        photos: Vec::new(),
        replies: Vec::new(),
    };
    Ok((detail, Sealed { account: row.get(16)?, contact: row.get(17)? }, row.get(21)?))
}

/// The `WHERE` clause (possibly empty) and its numbered parameters for `filter` at `now`.
fn where_clause(filter: &ReportFilter, now: i64) -> (String, Vec<Value>) {
    let mut conditions: Vec<String> = Vec::new();
    let mut values: Vec<Value> = Vec::new();
    let bind = |values: &mut Vec<Value>, value: Value| {
        values.push(value);
        format!("?{}", values.len())
    };
    if !filter.statuses.is_empty() {
        let list: Vec<String> =
            filter.statuses.iter().map(|s| bind(&mut values, Value::Text(s.key().to_owned()))).collect();
        conditions.push(format!("r.status IN ({})", list.join(", ")));
    }
    if !filter.categories.is_empty() {
        let list: Vec<String> =
            filter.categories.iter().map(|c| bind(&mut values, Value::Text(c.key().to_owned()))).collect();
        conditions.push(format!("r.category IN ({})", list.join(", ")));
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
pub fn list_reports(conn: &Connection, filter: &ReportFilter, now: i64) -> rusqlite::Result<(u64, Vec<ReportSummary>)> {
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

/// Everything about the report `public_id` at `now`, with its contact details opened with `key`.
pub fn report_detail(
    conn: &Connection,
    key: &ReportKey,
    public_id: &str,
    now: i64,
) -> Result<Option<ReportDetail>, DbError> {
    let found = conn
        .query_row(&format!("SELECT {DETAIL_COLUMNS} FROM reports r WHERE r.public_id = ?1"), [public_id], |row| {
            detail_from_row(row, now)
        })
        .optional()?;
    let Some((mut detail, sealed, id)) = found else { return Ok(None) };
    sealed.open_into(key, &mut detail, true)?;
    detail.duplicates = conn
        .prepare("SELECT public_id FROM reports WHERE duplicate_of = ?1 ORDER BY created_at, id")?
        .query_map([public_id], |row| row.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    detail.photos = conn
        .prepare("SELECT position, media_type FROM photos WHERE report_id = ?1 ORDER BY position")?
        .query_map([id], |row| Ok((row.get(0)?, row.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?;
    detail.replies = replies_of(conn, key, id, public_id)?;
    Ok(Some(detail))
}

/// Every report, oldest first, for the CSV export; contact details are opened only if
/// `with_contact` (otherwise `contact` is `None` and `location` is dropped as well).
pub fn export_reports(
    conn: &Connection,
    key: &ReportKey,
    with_contact: bool,
    now: i64,
) -> Result<Vec<ReportDetail>, DbError> {
    let mut statement = conn.prepare(&format!("SELECT {DETAIL_COLUMNS} FROM reports r ORDER BY r.created_at, r.id"))?;
    let rows = statement.query_map([], |row| detail_from_row(row, now))?;
    let mut reports = Vec::new();
    for row in rows {
        let (mut detail, sealed, _) = row?;
        sealed.open_into(key, &mut detail, with_contact)?;
        if !with_contact {
            detail.location = None;
        }
        reports.push(detail);
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

/// Adds a reply from the bureau to report `public_id` (without touching its status) and returns
/// the reply's row id, or `None` if there is no such report. Run it in a transaction with its
/// audit entry.
pub fn insert_reply(
    conn: &Connection,
    key: &ReportKey,
    public_id: &str,
    text: &str,
    text_zh: Option<&str>,
    now: i64,
) -> rusqlite::Result<Option<i64>> {
    let Some(report_id) = conn
        .query_row("SELECT id FROM reports WHERE public_id = ?1", [public_id], |row| row.get::<_, i64>(0))
        .optional()?
    else {
        return Ok(None);
    };
    let reply_id = insert_sealed_reply(conn, key, report_id, public_id, &reply_text(text, text_zh), now)?;
    conn.execute("UPDATE reports SET updated_at = ?2 WHERE id = ?1", params![report_id, now])?;
    Ok(Some(reply_id))
}

/// Deletes the personal data of every report closed before `closed_before` that still has it:
/// the sealed contact details, the photos and the coordinates. Category, status, dates,
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
        conn.execute(
            "UPDATE reports SET contact_sealed = NULL, lat = NULL, lng = NULL, personal_data_deleted_at = ?2
             WHERE id = ?1",
            params![id, now],
        )?;
    }
    Ok(due.into_iter().map(|(_, public_id)| public_id).collect())
}

/// Copies the whole database to a new file at `out` with SQLite's online backup API, which is
/// safe while the service is running.
pub fn backup(conn: &Connection, out: &Path) -> rusqlite::Result<()> {
    conn.backup(rusqlite::MAIN_DB, out, None)
}

#[cfg(test)]
mod tests {
    use super::*;
    use portal_core::report::GeoPoint;

    fn conn() -> (tempfile::TempDir, Connection) {
        let dir = tempfile::tempdir().expect("create a temporary directory");
        let conn = crate::db::open_connection(&dir.path().join("t.sqlite3")).expect("open");
        (dir, conn)
    }

    fn report(enterprise: Option<&str>, category: Category) -> NewReport {
        NewReport {
            draft: ReportDraft {
                category: Some(category),
                enterprise_id: enterprise.map(str::to_owned),
                source_description: enterprise.is_none().then(|| "无名作坊".to_owned()),
                observed_on: "2024-06-14".to_owned(),
                district_code: Some("320706".to_owned()),
                location: Some(GeoPoint { lat: 34.6, lng: 119.2 }),
                description: "一二三四五六七八九十一二三四五六七八九十".to_owned(),
                ..ReportDraft::default()
            },
            photos: vec![(ImageType::Png, vec![1, 2, 3])],
        }
    }

    fn test_key() -> ReportKey {
        ReportKey::from_bytes(&[42; crate::crypto::KEY_LEN])
    }

    fn insert(conn: &mut Connection, r: &NewReport, seed: u8, now: i64) -> (Stored, Receipt) {
        let receipt = Receipt::generate([seed; 8]);
        let id = public_id([seed; 8]);
        let stored = insert_report(conn, "salt", &test_key(), r, &id, &receipt, now).expect("insert");
        (stored, receipt)
    }

    #[test]
    fn public_ids_are_short_random_looking_and_recognised() {
        let a = public_id([0; 8]);
        let b = public_id([1, 2, 3, 4, 5, 6, 7, 8]);
        assert_eq!(a.len(), PUBLIC_ID_LEN);
        assert_ne!(a, b);
        assert!(is_public_id(&a) && is_public_id(&b));
        assert!(!is_public_id("abc") && !is_public_id("0000000000") && !is_public_id("../../etc/"));
    }

    #[test]
    fn constant_time_eq_compares_contents() {
        assert!(constant_time_eq(b"abc", b"abc"));
        assert!(!constant_time_eq(b"abc", b"abd"));
        assert!(!constant_time_eq(b"abc", b"ab"));
    }

    #[test]
    fn the_receipt_hash_depends_on_the_salt() {
        let receipt = Receipt::generate([9; 8]);
        assert_ne!(receipt_hash("a", &receipt), receipt_hash("b", &receipt));
        assert_eq!(receipt_hash("a", &receipt), receipt_hash("a", &receipt.clone()));
    }

    #[test]
    fn a_stored_report_is_found_by_receipt_and_only_by_it() {
        let (_dir, mut conn) = conn();
        let (stored, receipt) = insert(&mut conn, &report(Some("e00001"), Category::HazardousWaste), 1, 1000);
        let own = status_by_receipt(&conn, &test_key(), "salt", &receipt).expect("query").expect("found");
        assert_eq!(own.public.public_id, stored.public_id);
        assert_eq!(own.public.status, Status::Received);
        assert!(own.replies.is_empty());
        assert_eq!(status_by_receipt(&conn, &test_key(), "other salt", &receipt).expect("query"), None);
        assert_eq!(status_by_receipt(&conn, &test_key(), "salt", &Receipt::generate([2; 8])).expect("query"), None);
        let photos: i64 = conn.query_row("SELECT count(*) FROM photos", [], |r| r.get(0)).expect("count");
        assert_eq!(photos, 1);
    }

    #[test]
    fn duplicates_link_to_the_first_report_within_seven_days() {
        let (_dir, mut conn) = conn();
        let day = 86_400;
        let first = insert(&mut conn, &report(Some("e00001"), Category::ExceedingLimit), 1, 0).0;
        assert_eq!(first.duplicate_of, None);
        let second = insert(&mut conn, &report(Some("e00001"), Category::ExceedingLimit), 2, 3 * day).0;
        assert_eq!(second.duplicate_of.as_deref(), Some(first.public_id.as_str()));
        // Linked to the first, through the second, even though the first is now 8 days old.
        let third = insert(&mut conn, &report(Some("e00001"), Category::ExceedingLimit), 3, 8 * day).0;
        assert_eq!(third.duplicate_of.as_deref(), Some(first.public_id.as_str()));
        // Another category, another enterprise, or an unknown source: not linked.
        let other = insert(&mut conn, &report(Some("e00001"), Category::HazardousWaste), 4, 8 * day).0;
        assert_eq!(other.duplicate_of, None);
        let elsewhere = insert(&mut conn, &report(Some("e00002"), Category::ExceedingLimit), 5, 8 * day).0;
        assert_eq!(elsewhere.duplicate_of, None);
        let unknown = insert(&mut conn, &report(None, Category::ExceedingLimit), 6, 8 * day).0;
        assert_eq!(unknown.duplicate_of, None);
        // More than 7 days after the last one: a new case.
        let later = insert(&mut conn, &report(Some("e00001"), Category::ExceedingLimit), 7, 16 * day).0;
        assert_eq!(later.duplicate_of, None);
        let count: i64 = conn.query_row("SELECT count(*) FROM reports", [], |r| r.get(0)).expect("count");
        assert_eq!(count, 7, "nothing dropped");
    }

    #[test]
    fn replies_update_status_and_time() {
        let (_dir, mut conn) = conn();
        let (stored, receipt) = insert(&mut conn, &report(None, Category::Other), 1, 100);
        assert!(
            add_reply(&mut conn, &test_key(), &stored.public_id, "已转交", None, Some(Status::Forwarded), 200)
                .expect("reply")
        );
        assert!(
            add_reply(&mut conn, &test_key(), &stored.public_id, "Checked", Some("已核查"), None, 300).expect("reply")
        );
        assert!(!add_reply(&mut conn, &test_key(), "nonexistent", "x", None, None, 300).expect("reply"));
        let own = status_by_receipt(&conn, &test_key(), "salt", &receipt).expect("query").expect("found");
        assert_eq!(own.public.status, Status::Forwarded);
        assert_eq!(own.public.updated_at, 300);
        assert_eq!(
            own.replies,
            [
                Reply { at: 200, text: "已转交".to_owned(), text_zh: None },
                Reply { at: 300, text: "Checked".to_owned(), text_zh: Some("已核查".to_owned()) },
            ]
        );
        // Stored sealed: the text is nowhere in the table, and another key cannot read it.
        let plain: i64 = conn
            .query_row("SELECT count(*) FROM replies WHERE instr(sealed, CAST('Checked' AS BLOB)) > 0", [], |r| {
                r.get(0)
            })
            .expect("count");
        assert_eq!(plain, 0);
        let other = ReportKey::from_bytes(&[7; crate::crypto::KEY_LEN]);
        assert!(status_by_receipt(&conn, &other, "salt", &receipt).is_err());
    }
}
