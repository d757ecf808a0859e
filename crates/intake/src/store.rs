//! Reports in SQLite: storing a report with its photos, reading its public status, reading it
//! back by receipt, adding the bureau's replies, and backups.
//!
//! Everything here is synchronous and takes a [`Connection`], so the HTTP handlers run it through
//! [`crate::db::Db::call`] and the command-line tools call it directly.
//!
//! Nothing stored says anything about the reporter's connection: no IP address, no user agent,
//! no header. The receipt is stored only as [`receipt_hash`].

use std::path::Path;

use portal_core::report::{Category, ImageType, Receipt, ReportDraft, Status};
use rusqlite::{Connection, OptionalExtension, TransactionBehavior, params};
use sha2::{Digest, Sha256};

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

/// Stores a report and its photos in one transaction and commits it.
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
    let contact = d.contact.clone().unwrap_or_default();
    tx.execute(
        "INSERT INTO reports (
             public_id, receipt_hash, category, status, enterprise_id, source_description,
             observed_on, observed_time, district_code, area_id, address, lat, lng, description,
             contact_name, contact_phone, contact_email, wants_reward, consent_to_contact,
             duplicate_of, created_at, updated_at)
         VALUES (?1, ?2, ?3, 'received', ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16,
                 ?17, ?18, ?19, ?20, ?20)",
        params![
            public_id,
            receipt_hash(salt, receipt).as_slice(),
            category,
            d.enterprise_id,
            d.source_description,
            d.observed_on,
            d.observed_time,
            d.district_code,
            d.area_id,
            d.address,
            d.location.map(|p| p.lat),
            d.location.map(|p| p.lng),
            d.description,
            contact.name,
            contact.phone,
            contact.email,
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
            insert_photo.execute(params![report_id, position, kind.mime(), bytes])?;
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
pub fn status_by_receipt(conn: &Connection, salt: &str, receipt: &Receipt) -> rusqlite::Result<Option<OwnStatus>> {
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
    let mut statement =
        conn.prepare("SELECT created_at, text, text_zh FROM replies WHERE report_id = ?1 ORDER BY created_at, id")?;
    let replies = statement
        .query_map([id], |row| Ok(Reply { at: row.get(0)?, text: row.get(1)?, text_zh: row.get(2)? }))?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(Some(OwnStatus { public, replies }))
}

/// Adds a reply from the bureau to a report and, if `status` is given, sets its status; either
/// way the report's `updated_at` becomes `now`. Returns `false` if there is no such report.
pub fn add_reply(
    conn: &mut Connection,
    public_id: &str,
    text: &str,
    text_zh: Option<&str>,
    status: Option<Status>,
    now: i64,
) -> rusqlite::Result<bool> {
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    let Some(report_id) = tx
        .query_row("SELECT id FROM reports WHERE public_id = ?1", [public_id], |row| row.get::<_, i64>(0))
        .optional()?
    else {
        return Ok(false);
    };
    tx.execute(
        "INSERT INTO replies (report_id, created_at, text, text_zh) VALUES (?1, ?2, ?3, ?4)",
        params![report_id, now, text, text_zh],
    )?;
    tx.execute(
        "UPDATE reports SET status = coalesce(?2, status), updated_at = ?3 WHERE id = ?1",
        params![report_id, status.map(Status::key), now],
    )?;
    tx.commit()?;
    Ok(true)
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

    fn insert(conn: &mut Connection, r: &NewReport, seed: u8, now: i64) -> (Stored, Receipt) {
        let receipt = Receipt::generate([seed; 8]);
        let id = public_id([seed; 8]);
        let stored = insert_report(conn, "salt", r, &id, &receipt, now).expect("insert");
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
        let own = status_by_receipt(&conn, "salt", &receipt).expect("query").expect("found");
        assert_eq!(own.public.public_id, stored.public_id);
        assert_eq!(own.public.status, Status::Received);
        assert!(own.replies.is_empty());
        assert_eq!(status_by_receipt(&conn, "other salt", &receipt).expect("query"), None);
        assert_eq!(status_by_receipt(&conn, "salt", &Receipt::generate([2; 8])).expect("query"), None);
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
        assert!(add_reply(&mut conn, &stored.public_id, "已转交", None, Some(Status::Forwarded), 200).expect("reply"));
        assert!(add_reply(&mut conn, &stored.public_id, "Checked", Some("已核查"), None, 300).expect("reply"));
        assert!(!add_reply(&mut conn, "nonexistent", "x", None, None, 300).expect("reply"));
        let own = status_by_receipt(&conn, "salt", &receipt).expect("query").expect("found");
        assert_eq!(own.public.status, Status::Forwarded);
        assert_eq!(own.public.updated_at, 300);
        assert_eq!(
            own.replies,
            [
                Reply { at: 200, text: "已转交".to_owned(), text_zh: None },
                Reply { at: 300, text: "Checked".to_owned(), text_zh: Some("已核查".to_owned()) },
            ]
        );
    }
}
