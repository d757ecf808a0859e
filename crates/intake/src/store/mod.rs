//! Reports in SQLite: storing a report with its photos, reading its public status, reading it
//! back by receipt, adding the bureau's replies, and backups.
//!
//! Everything here is synchronous and takes a [`Connection`], so the HTTP handlers run it through
//! [`crate::db::Db::call`] and the command-line tools call it directly. The staff side (listing,
//! reading, changing status, exporting, retention) is in `store/staff.rs`; its HTTP handlers
//! are in [`crate::staff`].
//!
//! Nothing stored says anything about the reporter's connection: no IP address, no user agent,
//! no header. The receipt is stored only as [`receipt_hash`]. Contact details and photos are
//! stored only sealed with the report key (see [`crate::crypto`]).

use std::path::Path;

pub use portal_core::report::{ACK_DAYS, Deadlines, HANDLE_DAYS, StatusChange};
use portal_core::report::{Category, ImageType, Receipt, ReportDraft, Status};
use rusqlite::{Connection, OptionalExtension, TransactionBehavior, params};
use sha2::{Digest, Sha256};

use crate::crypto::{Account, Context, ReceiptKey, ReplyText, ReportKey};
use crate::db::DbError;

mod public;
mod staff;

pub use public::{handling_records, public_requests};

pub use staff::{
    MAX_LIST_LIMIT, ReportFilter, Sort, add_note, export_reports, list_reports, note, photo, purge_personal_data,
    report_detail, set_status,
};

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

/// How receipts are stored: [`receipt_hash`] with the database's salt, keyed with the receipt
/// key (HMAC-SHA-256, see [`ReceiptKey`]). Databases from before the key had their salted hashes
/// wrapped the same way by a migration, so one rule serves old and new reports.
#[derive(Debug, Clone)]
pub struct ReceiptHasher {
    salt: std::sync::Arc<str>,
    key: ReceiptKey,
}

impl ReceiptHasher {
    /// The hasher of a database with `salt`, under `key`.
    pub fn new(salt: &str, key: ReceiptKey) -> Self {
        Self { salt: salt.into(), key }
    }

    /// The stored form of `receipt`.
    pub fn hash(&self, receipt: &Receipt) -> [u8; 32] {
        self.key.mac(&receipt_hash(&self.salt, receipt))
    }
}

/// The inner, salted hash of a receipt: SHA-256 over a domain tag, the database's salt and the
/// 16 digits (stored as such before the receipt key; see [`ReceiptHasher`]).
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
    receipts: &ReceiptHasher,
    key: &ReportKey,
    report: &NewReport,
    public_id: &str,
    receipt: &Receipt,
    now: i64,
) -> rusqlite::Result<Stored> {
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    let stored = insert_report_in(&tx, receipts, key, report, public_id, receipt, now)?;
    tx.commit()?;
    Ok(stored)
}

/// [`insert_report`] in a transaction the caller holds and commits (the service's grouped
/// commit, [`crate::group_commit`]): the report is on disk only once that commits.
pub fn insert_report_in(
    conn: &Connection,
    receipts: &ReceiptHasher,
    key: &ReportKey,
    report: &NewReport,
    public_id: &str,
    receipt: &Receipt,
    now: i64,
) -> rusqlite::Result<Stored> {
    let d = &report.draft;
    let category = d.category.map(Category::key).unwrap_or(Category::Other.key());
    let tx = conn;
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
            receipts.hash(receipt).as_slice(),
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
    /// Each change of status, oldest first, from the audit log (without staff notes).
    pub history: Vec<portal_core::api::staff::HistoryEntry>,
}

/// Reads a status key written by this service.
fn status_from_row(key: String) -> rusqlite::Result<Status> {
    Status::from_key(&key)
        .ok_or_else(|| rusqlite::Error::FromSqlConversionFailure(0, rusqlite::types::Type::Text, key.into()))
}

/// The columns [`public_from_row`] reads, first in a row.
const PUBLIC_COLUMNS: &str = "public_id, category, status, created_at, updated_at";

/// The public status from the first columns of a row ([`PUBLIC_COLUMNS`]).
fn public_from_row(row: &rusqlite::Row<'_>) -> rusqlite::Result<PublicStatus> {
    Ok(PublicStatus {
        public_id: row.get(0)?,
        category: row.get(1)?,
        status: status_from_row(row.get(2)?)?,
        created_at: row.get(3)?,
        updated_at: row.get(4)?,
    })
}

/// The public status of the report with this public id.
pub fn public_status(conn: &Connection, public_id: &str) -> rusqlite::Result<Option<PublicStatus>> {
    conn.query_row(&format!("SELECT {PUBLIC_COLUMNS} FROM reports WHERE public_id = ?1"), [public_id], public_from_row)
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
    receipts: &ReceiptHasher,
    receipt: &Receipt,
) -> Result<Option<OwnStatus>, DbError> {
    let hash = receipts.hash(receipt);
    let found = conn
        .query_row(
            &format!("SELECT {PUBLIC_COLUMNS}, id, receipt_hash FROM reports WHERE receipt_hash = ?1"),
            [hash.as_slice()],
            |row| Ok((row.get::<_, i64>(5)?, row.get::<_, Vec<u8>>(6)?, public_from_row(row)?)),
        )
        .optional()?;
    let Some((id, stored, public)) = found else { return Ok(None) };
    if !constant_time_eq(&stored, &hash) {
        return Ok(None);
    }
    let replies = replies_of(conn, key, id, &public.public_id)?;
    let history = crate::audit::status_history(conn, &public.public_id, None)?;
    Ok(Some(OwnStatus { public, replies, history }))
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
/// way the report's `updated_at` becomes `now`. Run it in a transaction (the command line audits
/// it in the same one). The status is set as given, without the staff workflow's rules (the
/// command line is the bureau's escape hatch; staff replies give no status). Returns the status
/// before and the reply's row id, or `None` if there is no such report.
pub fn add_reply(
    conn: &Connection,
    key: &ReportKey,
    public_id: &str,
    text: &str,
    text_zh: Option<&str>,
    status: Option<Status>,
    now: i64,
) -> rusqlite::Result<Option<(Status, i64)>> {
    let Some((report_id, previous)) = conn
        .query_row("SELECT id, status FROM reports WHERE public_id = ?1", [public_id], |row| {
            Ok((row.get::<_, i64>(0)?, status_from_row(row.get(1)?)?))
        })
        .optional()?
    else {
        return Ok(None);
    };
    let reply_id = insert_sealed_reply(conn, key, report_id, public_id, &reply_text(text, text_zh), now)?;
    conn.execute(
        "UPDATE reports SET status = coalesce(?2, status), updated_at = ?3 WHERE id = ?1",
        params![report_id, status.map(Status::key), now],
    )?;
    if status.is_some() {
        record_closed_at(conn, report_id, now)?;
    }
    Ok(Some((previous, reply_id)))
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

/// Copies the whole database to a new file at `out` with SQLite's online backup API, which is
/// safe while the service is running.
pub fn backup(conn: &Connection, out: &Path) -> rusqlite::Result<()> {
    conn.backup(rusqlite::MAIN_DB, out, None::<fn(rusqlite::backup::Progress)>)
}

#[cfg(test)]
mod tests {
    use super::*;
    use portal_core::report::GeoPoint;

    use crate::db::test_connection as conn;

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

    fn receipts(salt: &str) -> ReceiptHasher {
        ReceiptHasher::new(salt, ReceiptKey::from_bytes(&[7; crate::crypto::KEY_LEN]))
    }

    fn insert(conn: &mut Connection, r: &NewReport, seed: u8, now: i64) -> (Stored, Receipt) {
        let receipt = Receipt::generate([seed; 8]);
        let id = public_id([seed; 8]);
        let stored = insert_report(conn, &receipts("salt"), &test_key(), r, &id, &receipt, now).expect("insert");
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
        let own = status_by_receipt(&conn, &test_key(), &receipts("salt"), &receipt).expect("query").expect("found");
        assert_eq!(own.public.public_id, stored.public_id);
        assert_eq!(own.public.status, Status::Received);
        assert!(own.replies.is_empty());
        assert_eq!(status_by_receipt(&conn, &test_key(), &receipts("other salt"), &receipt).expect("query"), None);
        assert_eq!(
            status_by_receipt(&conn, &test_key(), &receipts("salt"), &Receipt::generate([2; 8])).expect("query"),
            None
        );
        let photos: i64 = conn.query_row("SELECT count(*) FROM photos", [], |r| r.get(0)).expect("count");
        assert_eq!(photos, 1);
    }

    #[test]
    fn duplicates_link_to_the_first_report_within_seven_days() {
        let (_dir, mut conn) = conn();
        let day = portal_core::date::SECONDS_PER_DAY;
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
        assert_eq!(
            add_reply(&conn, &test_key(), &stored.public_id, "已转交", None, Some(Status::Forwarded), 200)
                .expect("reply")
                .map(|(previous, _)| previous),
            Some(Status::Received)
        );
        assert_eq!(
            add_reply(&conn, &test_key(), &stored.public_id, "Checked", Some("已核查"), None, 300)
                .expect("reply")
                .map(|(previous, _)| previous),
            Some(Status::Forwarded)
        );
        assert_eq!(add_reply(&conn, &test_key(), "nonexistent", "x", None, None, 300).expect("reply"), None);
        let own = status_by_receipt(&conn, &test_key(), &receipts("salt"), &receipt).expect("query").expect("found");
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
        assert!(status_by_receipt(&conn, &other, &receipts("salt"), &receipt).is_err());
    }
}
