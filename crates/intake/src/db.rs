//! The SQLite database: opening it, schema migrations (migration 3 encrypts reporters' details
//! with the report key, see [`crate::crypto`]), and async access.
//!
//! There is a single [`rusqlite::Connection`] behind an `Arc<Mutex<_>>`.
//! Handlers reach it through [`Db::call`], which runs the closure on Tokio's
//! blocking thread pool so that SQLite never blocks the async workers. One
//! connection is plenty for the expected load, and it serialises all writes,
//! which is exactly what SQLite wants anyway.

use std::path::Path;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

use portal_core::report::Contact;
use rusqlite::{Connection, OptionalExtension};

use crate::crypto::{Account, Context, CryptoError, ReceiptKey, ReplyText, ReportKey};

/// File name of the database inside the data directory.
pub const DATABASE_FILE: &str = "intake.sqlite3";

/// Schema migrations, applied in order.
///
/// Migration `i` (zero-based) brings the schema from version `i` to `i + 1`;
/// the current version is stored in `PRAGMA user_version`. Each migration runs
/// in its own transaction together with the version bump, so a crash never
/// leaves a half-applied migration behind.
///
/// A migration may also have a step in Rust ([`Migration::then`]) that runs after its SQL, in
/// the same transaction (migration 3 uses it to encrypt what was stored in plain text).
///
/// **Never edit or reorder an entry once it has shipped; only append.**
const MIGRATIONS: &[Migration] = &[
    // 1: bookkeeping about the database itself.
    Migration::sql(
        "CREATE TABLE meta (
         key   TEXT PRIMARY KEY,
         value TEXT NOT NULL
     ) STRICT;
     INSERT INTO meta (key, value)
     VALUES ('created_at', strftime('%Y-%m-%dT%H:%M:%SZ', 'now'));",
    ),
    // 2: violation reports, their photos and the bureau's replies (see `store`). Times are Unix
    // seconds. No column holds anything about the client's connection (no IP address, no user
    // agent). The receipt is stored only as a hash salted with `receipt_salt`, a random value
    // made here once per database.
    Migration::sql(
        "INSERT INTO meta (key, value) VALUES ('receipt_salt', lower(hex(randomblob(32))));
     CREATE TABLE reports (
         id                 INTEGER PRIMARY KEY,
         public_id          TEXT NOT NULL UNIQUE,
         receipt_hash       BLOB NOT NULL UNIQUE,
         category           TEXT NOT NULL,
         status             TEXT NOT NULL DEFAULT 'received' CHECK (status IN
                                ('received', 'under_review', 'forwarded', 'resolved',
                                 'closed_no_violation', 'closed_other')),
         enterprise_id      TEXT,
         source_description TEXT,
         observed_on        TEXT NOT NULL,
         observed_time      TEXT,
         district_code      TEXT,
         area_id            TEXT,
         address            TEXT,
         lat                REAL,
         lng                REAL,
         description        TEXT NOT NULL,
         contact_name       TEXT,
         contact_phone      TEXT,
         contact_email      TEXT,
         wants_reward       INTEGER NOT NULL CHECK (wants_reward IN (0, 1)),
         consent_to_contact INTEGER NOT NULL CHECK (consent_to_contact IN (0, 1)),
         duplicate_of       TEXT REFERENCES reports (public_id),
         created_at         INTEGER NOT NULL,
         updated_at         INTEGER NOT NULL
     ) STRICT;
     CREATE INDEX reports_by_enterprise ON reports (enterprise_id, category, created_at)
         WHERE enterprise_id IS NOT NULL;
     CREATE TABLE photos (
         id         INTEGER PRIMARY KEY,
         report_id  INTEGER NOT NULL REFERENCES reports (id),
         position   INTEGER NOT NULL,
         media_type TEXT NOT NULL,
         bytes      BLOB NOT NULL,
         UNIQUE (report_id, position)
     ) STRICT;
     CREATE TABLE replies (
         id         INTEGER PRIMARY KEY,
         report_id  INTEGER NOT NULL REFERENCES reports (id),
         created_at INTEGER NOT NULL,
         text       TEXT NOT NULL,
         text_zh    TEXT
     ) STRICT;
     CREATE INDEX replies_by_report ON replies (report_id, created_at);",
    ),
    // 3: staff accounts, their sessions and the append-only audit log (see `auth` and `audit`);
    // reporters' contact details and photos encrypted at rest (see `crypto`): the three plain
    // `contact_*` columns give way to `contact_sealed`, and `photos.bytes` holds sealed bytes
    // from now on. `seal_plain_text` encrypts what earlier versions stored and then drops the
    // plain columns. `closed_at` is when a report reached a closed status (for retention), and
    // `personal_data_deleted_at` when retention deleted its contact details, photos and place.
    // `report_key` holds the key check (see `crypto::ReportKey::key_check`), written on the
    // first start with a key.
    Migration {
        sql: "ALTER TABLE reports ADD COLUMN contact_sealed BLOB;
     ALTER TABLE reports ADD COLUMN closed_at INTEGER;
     ALTER TABLE reports ADD COLUMN personal_data_deleted_at INTEGER;
     UPDATE reports SET closed_at = updated_at
         WHERE status IN ('resolved', 'closed_no_violation', 'closed_other');
     CREATE INDEX reports_by_created ON reports (created_at);
     CREATE INDEX reports_by_duplicate ON reports (duplicate_of) WHERE duplicate_of IS NOT NULL;
     CREATE INDEX reports_by_closed ON reports (closed_at) WHERE closed_at IS NOT NULL;
     CREATE TABLE report_key (
         id         INTEGER PRIMARY KEY CHECK (id = 1),
         key_check  BLOB NOT NULL,
         created_at INTEGER NOT NULL
     ) STRICT;
     CREATE TABLE staff (
         id                INTEGER PRIMARY KEY,
         username          TEXT NOT NULL UNIQUE,
         role              TEXT NOT NULL CHECK (role IN ('triager', 'admin')),
         password_hash     TEXT NOT NULL,
         created_at        INTEGER NOT NULL,
         disabled_at       INTEGER,
         last_login_at     INTEGER,
         failed_logins     INTEGER NOT NULL DEFAULT 0,
         failures_since    INTEGER,
         lockouts          INTEGER NOT NULL DEFAULT 0,
         locked_until      INTEGER
     ) STRICT;
     CREATE TABLE sessions (
         token_hash BLOB PRIMARY KEY,
         staff_id   INTEGER NOT NULL REFERENCES staff (id),
         csrf_token TEXT NOT NULL,
         created_at INTEGER NOT NULL,
         expires_at INTEGER NOT NULL
     ) STRICT;
     CREATE INDEX sessions_by_staff ON sessions (staff_id);
     CREATE INDEX sessions_by_expiry ON sessions (expires_at);
     CREATE TABLE audit_log (
         id        INTEGER PRIMARY KEY,
         at        INTEGER NOT NULL,
         actor     TEXT NOT NULL,
         action    TEXT NOT NULL,
         report_id TEXT,
         detail    TEXT NOT NULL DEFAULT '{}'
     ) STRICT;
     CREATE INDEX audit_by_report ON audit_log (report_id, id) WHERE report_id IS NOT NULL;
     CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
         BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
     CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
         BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
     CREATE TRIGGER audit_log_no_replace BEFORE INSERT ON audit_log
         WHEN EXISTS (SELECT 1 FROM audit_log WHERE id = NEW.id)
         BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;",
        then: Some(seal_plain_text),
    },
    // 4: what the reporter wrote about what they saw and where — the description, the address
    // and the description of an unknown source — sealed like the contact details (see `crypto`):
    // `account_sealed` replaces the three plain columns. `seal_accounts` encrypts what earlier
    // versions stored and then drops the plain columns.
    Migration { sql: "ALTER TABLE reports ADD COLUMN account_sealed BLOB;", then: Some(seal_accounts) },
    // 5: when each staff session was last used, so that an idle session ends (see `auth`).
    Migration::sql(
        "ALTER TABLE sessions ADD COLUMN last_seen_at INTEGER NOT NULL DEFAULT 0;
     UPDATE sessions SET last_seen_at = created_at;",
    ),
    // 6: the bureau's replies, which go to the reporter and may quote what they wrote, sealed
    // like the account (see `crypto`): `sealed` replaces `text` and `text_zh`. `seal_replies`
    // encrypts what earlier versions stored and then drops the plain columns.
    Migration { sql: "ALTER TABLE replies ADD COLUMN sealed BLOB;", then: Some(seal_replies) },
    // 7: the audit log's hash chain (see `audit`): `hash` chains each entry to the one before.
    // `chain_audit_log` computes it for the entries already there, with the no-update trigger
    // lifted for that alone.
    Migration {
        sql: "ALTER TABLE audit_log ADD COLUMN hash BLOB;
     DROP TRIGGER audit_log_no_update;",
        then: Some(chain_audit_log),
    },
    // 8: receipt hashes keyed with the receipt key, kept in a file outside the database (see
    // `crypto::ReceiptKey`): `key_receipt_hashes` wraps each salted hash stored so far as
    // HMAC(receipt key, salted hash), which is what `store::ReceiptHasher` computes from now on,
    // and records the key's check in `meta`.
    Migration { sql: "", then: Some(key_receipt_hashes) },
    // 9: staff notes leave the audit log for a table of their own, each sealed like a reply (see
    // `crypto`), so that retention can delete them without breaking the log's chain: a status
    // change's entry keeps the note's id and a digest of its sealed bytes (see
    // `store::add_note`). `move_notes` moves the notes already in the log and computes the chain
    // again, having first checked that it was intact.
    Migration {
        sql: "CREATE TABLE staff_notes (
         id        INTEGER PRIMARY KEY,
         report_id INTEGER NOT NULL REFERENCES reports(id),
         sealed    BLOB NOT NULL
     ) STRICT;
     CREATE INDEX staff_notes_report ON staff_notes (report_id);
     DROP TRIGGER audit_log_no_update;",
        then: Some(move_notes),
    },
];

/// One schema migration: SQL, then optionally a step in Rust, in one transaction.
struct Migration {
    sql: &'static str,
    then: Option<MigrationStep>,
}

/// A migration step in Rust; it gets the keys the caller has.
type MigrationStep = fn(&rusqlite::Transaction<'_>, Keys<'_>) -> Result<(), DbError>;

/// The keys a migration may need: the service has both, the command-line tools fewer.
#[derive(Debug, Clone, Copy, Default)]
pub struct Keys<'a> {
    /// The report key (migrations 3, 4 and 6 seal with it).
    pub report: Option<&'a ReportKey>,
    /// The receipt key (migration 8 keys the receipt hashes with it).
    pub receipt: Option<&'a ReceiptKey>,
}

impl Migration {
    /// A migration that is SQL only.
    const fn sql(sql: &'static str) -> Self {
        Self { sql, then: None }
    }
}

/// The schema version this build of the service knows about.
pub const SCHEMA_VERSION: u32 = MIGRATIONS.len() as u32;

/// Errors from the database layer.
#[derive(Debug, thiserror::Error)]
pub enum DbError {
    /// SQLite reported an error.
    #[error(transparent)]
    Sqlite(#[from] rusqlite::Error),
    /// The database was written by a newer version of the service.
    #[error(
        "the database has schema version {found}, but this build only knows up to {SCHEMA_VERSION}; \
         refusing to touch it"
    )]
    TooNew {
        /// The version found in the file.
        found: u32,
    },
    /// `PRAGMA journal_mode=WAL` did not take effect.
    #[error("could not switch the database to WAL mode (journal mode is {0:?})")]
    NoWal(String),
    /// The `meta` table has no receipt salt (the database was tampered with).
    #[error("the database has no receipt salt in its meta table")]
    NoSalt,
    /// The blocking task running the query panicked or was cancelled.
    #[error("database task failed: {0}")]
    Task(#[from] tokio::task::JoinError),
    /// Sealing or opening a value failed.
    #[error(transparent)]
    Crypto(#[from] CryptoError),
    /// A batch of grouped writes did not commit.
    #[error("the database did not commit: {0}")]
    Commit(String),
    /// A thread of the database layer could not be started.
    #[error("cannot start a database thread: {0}")]
    Thread(std::io::Error),
    /// Migration 9 found the audit log's chain broken at this entry before moving the notes.
    #[error(
        "the audit log's chain is broken at entry {id}, so the upgrade that moves staff notes out of it \
         stops; see `intake audit verify` and docs/staff.md"
    )]
    AuditBroken {
        /// The first entry that does not follow.
        id: i64,
    },
    /// Migration 3 found reporters' details in plain text to encrypt, but was given no key.
    #[error(
        "the database must be upgraded, which encrypts what reporters wrote and the bureau's replies with \
         the key; start `intake serve` (with its --key-file, if any) once to do it"
    )]
    KeyRequired,
    /// Migration 8 found receipt hashes to key, but was given no receipt key.
    #[error(
        "the database must be upgraded, which keys the receipt hashes with the receipt key; start \
         `intake serve` (with its --key-file, if any) once to do it"
    )]
    ReceiptKeyRequired,
    /// The receipt key does not match the check recorded in the database.
    #[error("the receipt key does not match the one this database's receipts were hashed with; refusing to start")]
    WrongReceiptKey,
    /// The database's receipts are hashed with a receipt key, and its file is gone.
    #[error(
        "the receipt key file {} is missing, but this database's receipts are hashed with one; \
         restore it from the key backup (see docs/deploy.md) rather than making a new one",
        path.display()
    )]
    ReceiptKeyMissing {
        /// Where the key was looked for.
        path: std::path::PathBuf,
    },
    /// The key does not match the key check recorded in the database.
    #[error("the key does not match the one this database was encrypted with; refusing to start")]
    WrongKey,
    /// The database holds data sealed under a key, and the key file is gone.
    #[error(
        "the key file {} is missing, but this database holds data encrypted with a key; \
         restore the key file (see docs/staff.md) rather than making a new one",
        path.display()
    )]
    KeyMissing {
        /// Where the key was looked for.
        path: std::path::PathBuf,
    },
}

/// A cheaply clonable handle to the service's database.
#[derive(Clone)]
pub struct Db {
    conn: Arc<Mutex<Connection>>,
    writer: crate::group_commit::Writer,
    receipt_salt: Arc<str>,
    path: Arc<Path>,
}

/// Opens (creating it if needed) the database at `path`, configures the
/// connection and applies any pending migrations. Used by [`Db::open`] and by
/// the command-line tools (`intake reply`, `intake staff`, `intake retention`).
///
/// The parent directory must already exist.
///
/// Without a key, migration 3 fails with [`DbError::KeyRequired`] if there is anything to
/// encrypt; the service ([`Db::open_with_key`]) runs it with the key.
pub fn open_connection(path: &Path) -> Result<Connection, DbError> {
    let mut conn = Connection::open(path)?;
    configure(&conn)?;
    migrate(&mut conn)?;
    Ok(conn)
}

/// Opens the database at `path` with the usual settings but applies no migration (for
/// `intake backup`, which copies a database as it is and never needs the key).
pub fn open_unmigrated(path: &Path) -> Result<Connection, DbError> {
    let conn = Connection::open(path)?;
    configure(&conn)?;
    Ok(conn)
}

/// Whether the database at `path` records a key check, i.e. has (or may have) data sealed under
/// a key. `false` if there is no database file yet. Opens the file only to read.
pub fn key_is_recorded(path: &Path) -> Result<bool, DbError> {
    if !path.exists() {
        return Ok(false);
    }
    let conn = Connection::open(path)?;
    conn.busy_timeout(Duration::from_secs(5))?;
    let has_table: bool = conn.query_row(
        "SELECT count(*) > 0 FROM sqlite_master WHERE type = 'table' AND name = 'report_key'",
        [],
        |row| row.get(0),
    )?;
    if !has_table {
        return Ok(false);
    }
    Ok(conn.query_row("SELECT count(*) > 0 FROM report_key", [], |row| row.get(0))?)
}

/// Records the key check of `key` in a database that has none yet, or verifies the one there.
fn record_or_verify_key(conn: &Connection, key: &ReportKey) -> Result<(), DbError> {
    let check: Option<Vec<u8>> =
        conn.query_row("SELECT key_check FROM report_key WHERE id = 1", [], |row| row.get(0)).optional()?;
    match check {
        Some(check) if key.matches(&check) => Ok(()),
        Some(_) => Err(DbError::WrongKey),
        None => {
            conn.execute(
                "INSERT INTO report_key (id, key_check, created_at) VALUES (1, ?1, unixepoch())",
                [key.key_check()?],
            )?;
            Ok(())
        }
    }
}

/// The `meta` entry holding the receipt key's check.
const RECEIPT_KEY_CHECK: &str = "receipt_key_check";

/// Whether the database at `path` records a receipt key check, i.e. its receipts are (or may be)
/// hashed with a receipt key. `false` if there is no database file yet. Opens the file only to
/// read.
pub fn receipt_key_is_recorded(path: &Path) -> Result<bool, DbError> {
    if !path.exists() {
        return Ok(false);
    }
    let conn = Connection::open(path)?;
    conn.busy_timeout(Duration::from_secs(5))?;
    let has_table: bool =
        conn.query_row("SELECT count(*) > 0 FROM sqlite_master WHERE type = 'table' AND name = 'meta'", [], |row| {
            row.get(0)
        })?;
    if !has_table {
        return Ok(false);
    }
    Ok(conn.query_row("SELECT count(*) > 0 FROM meta WHERE key = ?1", [RECEIPT_KEY_CHECK], |row| row.get(0))?)
}

/// Records the check of the receipt key in a database that has none yet, or verifies the one
/// there.
fn record_or_verify_receipt_key(conn: &Connection, key: &ReceiptKey) -> Result<(), DbError> {
    let check: Option<String> =
        conn.query_row("SELECT value FROM meta WHERE key = ?1", [RECEIPT_KEY_CHECK], |row| row.get(0)).optional()?;
    match check {
        Some(check) if check == key.check() => Ok(()),
        Some(_) => Err(DbError::WrongReceiptKey),
        None => {
            conn.execute("INSERT INTO meta (key, value) VALUES (?1, ?2)", [RECEIPT_KEY_CHECK, &key.check()])?;
            Ok(())
        }
    }
}

/// [`open_connection`] with the report key and, for the service, the receipt key, as
/// [`Db::open_with_key`] does: for the command-line tools that seal values (`intake reply`).
pub fn open_connection_with_key(
    path: &Path,
    key: &ReportKey,
    receipt: Option<&ReceiptKey>,
) -> Result<Connection, DbError> {
    let mut conn = Connection::open(path)?;
    configure(&conn)?;
    let applied = migrate_to(&mut conn, Keys { report: Some(key), receipt }, SCHEMA_VERSION)?;
    record_or_verify_key(&conn, key)?;
    if let Some(receipt) = receipt {
        record_or_verify_receipt_key(&conn, receipt)?;
    }
    if applied > 0 {
        checkpoint_truncate(&conn)?;
    }
    Ok(conn)
}

/// The per-database salt for receipt hashes (see [`crate::store::receipt_hash`]).
pub fn receipt_salt(conn: &Connection) -> Result<String, DbError> {
    conn.query_row("SELECT value FROM meta WHERE key = 'receipt_salt'", [], |row| row.get(0))
        .optional()?
        .ok_or(DbError::NoSalt)
}

impl Db {
    /// Opens (creating it if needed) the database at `path`, configures the
    /// connection and applies any pending migrations.
    ///
    /// The parent directory must already exist.
    pub fn open(path: &Path) -> Result<Self, DbError> {
        let conn = open_connection(path)?;
        Self::around(conn, path)
    }

    /// Like [`Db::open`], with the report key: migration 3 encrypts any plain-text contact
    /// details and photos with it, and the key is checked against (or, the first time, recorded
    /// as) the database's key check. After a migration the write-ahead log is truncated, so that
    /// no copy of replaced plain text stays in it.
    ///
    /// The receipt key is checked against (or recorded as) the database's receipt key check, and
    /// migration 8 keys the receipt hashes stored before it with it.
    pub fn open_with_key(path: &Path, key: &ReportKey, receipt: &ReceiptKey) -> Result<Self, DbError> {
        let conn = open_connection_with_key(path, key, Some(receipt))?;
        Self::around(conn, path)
    }

    /// The handle around an open connection, with its group-commit writer.
    fn around(conn: Connection, path: &Path) -> Result<Self, DbError> {
        let receipt_salt = receipt_salt(&conn)?.into();
        let conn = Arc::new(Mutex::new(conn));
        let writer = crate::group_commit::Writer::start(&conn).map_err(DbError::Thread)?;
        Ok(Self { conn, writer, receipt_salt, path: path.into() })
    }

    /// Runs `write` in a transaction shared with other writes waiting at the same time, and
    /// answers once it is committed (see [`crate::group_commit`]). For writes many clients make
    /// at once: filing reports.
    pub async fn write_grouped<T, F>(&self, write: F) -> Result<T, DbError>
    where
        F: FnOnce(&Connection) -> Result<T, DbError> + Send + 'static,
        T: Send + 'static,
    {
        self.writer.write(write).await
    }

    /// The database file.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The directory holding it (the data directory).
    pub fn dir(&self) -> &Path {
        self.path.parent().unwrap_or(Path::new("."))
    }

    /// The per-database salt for receipt hashes.
    pub fn receipt_salt(&self) -> &str {
        &self.receipt_salt
    }

    /// Runs `f` with exclusive access to the connection on the blocking
    /// thread pool and returns its result.
    pub async fn call<T, F>(&self, f: F) -> Result<T, DbError>
    where
        F: FnOnce(&mut Connection) -> rusqlite::Result<T> + Send + 'static,
        T: Send + 'static,
    {
        self.run(move |conn| Ok(f(conn)?)).await
    }

    /// Like [`Db::call`], for closures whose errors are [`DbError`]s (those that also seal or
    /// open values with the report key).
    pub async fn run<T, F>(&self, f: F) -> Result<T, DbError>
    where
        F: FnOnce(&mut Connection) -> Result<T, DbError> + Send + 'static,
        T: Send + 'static,
    {
        let conn = Arc::clone(&self.conn);
        tokio::task::spawn_blocking(move || {
            // A panic while holding the lock cannot leave the connection in a
            // bad state (an open `Transaction` rolls back when dropped during
            // unwinding), so a poisoned lock is safe to keep using.
            let mut conn = conn.lock().unwrap_or_else(PoisonError::into_inner);
            f(&mut conn)
        })
        .await?
    }

    /// Checks that the database answers a query and returns its schema
    /// version. Used by the health check.
    pub async fn ping(&self) -> Result<u32, DbError> {
        self.call(|conn| {
            conn.query_row("SELECT 1", [], |row| row.get::<_, i64>(0))?;
            user_version(conn)
        })
        .await
    }

    /// Returns a value from the `meta` table, if present.
    pub async fn meta(&self, key: &str) -> Result<Option<String>, DbError> {
        let key = key.to_owned();
        self.call(move |conn| {
            conn.query_row("SELECT value FROM meta WHERE key = ?1", [key], |row| row.get(0)).optional()
        })
        .await
    }
}

/// Sets the per-connection pragmas the service relies on.
fn configure(conn: &Connection) -> Result<(), DbError> {
    // `journal_mode` answers with the mode actually in effect.
    let mode: String = conn.pragma_update_and_check(None, "journal_mode", "WAL", |row| row.get(0))?;
    if !mode.eq_ignore_ascii_case("wal") {
        return Err(DbError::NoWal(mode));
    }
    conn.pragma_update(None, "synchronous", "FULL")?;
    conn.pragma_update(None, "foreign_keys", "ON")?;
    // Deleted content (replaced plain text, data removed by retention) is overwritten with
    // zeros instead of lingering in free pages.
    conn.pragma_update(None, "secure_delete", "ON")?;
    // Only matters if someone else (e.g. the sqlite3 shell) holds a lock.
    conn.busy_timeout(Duration::from_secs(5))?;
    Ok(())
}

/// Reads `PRAGMA user_version`.
fn user_version(conn: &Connection) -> rusqlite::Result<u32> {
    conn.pragma_query_value(None, "user_version", |row| row.get(0))
}

/// Applies the migrations the database has not seen yet and returns how many
/// were applied.
fn migrate(conn: &mut Connection) -> Result<usize, DbError> {
    migrate_to(conn, Keys::default(), SCHEMA_VERSION)
}

/// Applies the migrations up to schema version `target`, with the report key if there is one,
/// and returns how many were applied.
fn migrate_to(conn: &mut Connection, keys: Keys<'_>, target: u32) -> Result<usize, DbError> {
    let current = user_version(conn)?;
    if current > SCHEMA_VERSION {
        return Err(DbError::TooNew { found: current });
    }
    let mut applied = 0;
    for (index, migration) in MIGRATIONS.iter().enumerate().take(target as usize).skip(current as usize) {
        let tx = conn.transaction()?;
        tx.execute_batch(migration.sql)?;
        if let Some(step) = migration.then {
            step(&tx, keys)?;
        }
        // At most a few dozen migrations: the index always fits.
        tx.pragma_update(None, "user_version", u32::try_from(index + 1).unwrap_or(u32::MAX))?;
        tx.commit()?;
        applied += 1;
    }
    Ok(applied)
}

/// Checkpoints the write-ahead log into the database and truncates it to zero bytes.
pub fn checkpoint_truncate(conn: &Connection) -> rusqlite::Result<()> {
    // Answers (busy, log frames, checkpointed frames); a busy checkpoint (another process
    // reading) is not an error: the log is then reset by a later checkpoint.
    conn.query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(()))
}

/// A sealed or plain value of the database: the id of its row, the public id of its report (which
/// its seal is bound to), and the value.
type Stored<T> = (i64, String, T);

/// The rows `sql` selects, each read with `read`.
fn select<T>(
    tx: &rusqlite::Transaction<'_>,
    sql: &str,
    read: impl FnMut(&rusqlite::Row<'_>) -> rusqlite::Result<T>,
) -> rusqlite::Result<Vec<T>> {
    tx.prepare(sql)?.query_map([], read)?.collect()
}

/// A row whose three columns are a [`Stored`] value.
fn stored<T: rusqlite::types::FromSql>(row: &rusqlite::Row<'_>) -> rusqlite::Result<Stored<T>> {
    Ok((row.get(0)?, row.get(1)?, row.get(2)?))
}

/// Every photo: its row id, its report's public id and its position. The bytes are read one photo
/// at a time with [`photo_bytes`]: photos are up to 10 MiB each.
fn photos(tx: &rusqlite::Transaction<'_>) -> rusqlite::Result<Vec<Stored<i64>>> {
    select(tx, "SELECT p.id, r.public_id, p.position FROM photos p JOIN reports r ON r.id = p.report_id", stored)
}

/// The stored bytes of photo `id`.
fn photo_bytes(tx: &rusqlite::Transaction<'_>, id: i64) -> rusqlite::Result<Vec<u8>> {
    tx.query_row("SELECT bytes FROM photos WHERE id = ?1", [id], |row| row.get(0))
}

/// Writes `rewrite` of each of `values` back with `update` (`?1` the row id, `?2` the new bytes),
/// and returns how many it wrote.
fn rewrite_each<T>(
    tx: &rusqlite::Transaction<'_>,
    values: Vec<Stored<T>>,
    update: &str,
    rewrite: impl Fn(i64, &str, T) -> Result<Vec<u8>, DbError>,
) -> Result<usize, DbError> {
    let count = values.len();
    for (id, public_id, value) in values {
        tx.execute(update, rusqlite::params![id, rewrite(id, &public_id, value)?])?;
    }
    Ok(count)
}

/// The key a migration needs to seal what earlier versions stored in plain text.
fn required(key: Option<&ReportKey>) -> Result<&ReportKey, DbError> {
    key.ok_or(DbError::KeyRequired)
}

/// Drops the plain `columns` of `table` once their values are sealed.
fn drop_columns(tx: &rusqlite::Transaction<'_>, table: &str, columns: &[&str]) -> Result<(), DbError> {
    for column in columns {
        tx.execute_batch(&format!("ALTER TABLE {table} DROP COLUMN {column};"))?;
    }
    Ok(())
}

/// Migration 3's step: encrypts the contact details and photos stored in plain text by earlier
/// versions, then drops the plain contact columns.
fn seal_plain_text(tx: &rusqlite::Transaction<'_>, keys: Keys<'_>) -> Result<(), DbError> {
    let key = keys.report;
    let contacts = select(
        tx,
        "SELECT id, public_id, contact_name, contact_phone, contact_email FROM reports
         WHERE coalesce(contact_name, contact_phone, contact_email) IS NOT NULL",
        |row| Ok((row.get(0)?, row.get(1)?, Contact { name: row.get(2)?, phone: row.get(3)?, email: row.get(4)? })),
    )?;
    rewrite_each(
        tx,
        contacts,
        "UPDATE reports SET contact_sealed = ?2, contact_name = NULL, contact_phone = NULL,
             contact_email = NULL WHERE id = ?1",
        |_, public_id, contact| Ok(required(key)?.seal_contact(public_id, &contact)?),
    )?;
    rewrite_each(tx, photos(tx)?, "UPDATE photos SET bytes = ?2 WHERE id = ?1", |id, public_id, position| {
        Ok(required(key)?.seal(Context::Photo { report: public_id, position }, &photo_bytes(tx, id)?)?)
    })?;
    drop_columns(tx, "reports", &["contact_name", "contact_phone", "contact_email"])
}

/// Migration 4's step: seals each report's description, address and source description into
/// `account_sealed`, then drops the plain columns.
fn seal_accounts(tx: &rusqlite::Transaction<'_>, keys: Keys<'_>) -> Result<(), DbError> {
    let key = keys.report;
    let accounts = select(tx, "SELECT id, public_id, description, address, source_description FROM reports", |row| {
        let account = Account { description: row.get(2)?, address: row.get(3)?, source_description: row.get(4)? };
        Ok((row.get(0)?, row.get(1)?, account))
    })?;
    rewrite_each(tx, accounts, "UPDATE reports SET account_sealed = ?2 WHERE id = ?1", |_, public_id, account| {
        Ok(required(key)?.seal_account(public_id, &account)?)
    })?;
    drop_columns(tx, "reports", &["description", "address", "source_description"])
}

/// Migration 6: seals every reply stored in plain text, then drops the plain columns.
fn seal_replies(tx: &rusqlite::Transaction<'_>, keys: Keys<'_>) -> Result<(), DbError> {
    let key = keys.report;
    let replies = select(
        tx,
        "SELECT p.id, r.public_id, p.text, p.text_zh FROM replies p JOIN reports r ON r.id = p.report_id",
        |row| Ok((row.get(0)?, row.get(1)?, ReplyText { text: row.get(2)?, text_zh: row.get(3)? })),
    )?;
    rewrite_each(tx, replies, "UPDATE replies SET sealed = ?2 WHERE id = ?1", |_, public_id, reply| {
        Ok(required(key)?.seal_reply(public_id, &reply)?)
    })?;
    drop_columns(tx, "replies", &["text", "text_zh"])
}

/// Migration 7: the hash chain over the entries already in the audit log, then the no-update
/// trigger back in place.
fn chain_audit_log(tx: &rusqlite::Transaction<'_>, _keys: Keys<'_>) -> Result<(), DbError> {
    crate::audit::chain_existing(tx)?;
    tx.execute_batch(
        "CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
         BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;",
    )?;
    Ok(())
}

/// Migration 8: each stored receipt hash (salted SHA-256) becomes HMAC(receipt key, that hash),
/// and the receipt key's check is recorded.
fn key_receipt_hashes(tx: &rusqlite::Transaction<'_>, keys: Keys<'_>) -> Result<(), DbError> {
    let hashes = select(tx, "SELECT id, receipt_hash FROM reports", |row| {
        Ok((row.get::<_, i64>(0)?, row.get::<_, Vec<u8>>(1)?))
    })?;
    if hashes.is_empty() {
        return Ok(());
    }
    let key = keys.receipt.ok_or(DbError::ReceiptKeyRequired)?;
    let mut update = tx.prepare("UPDATE reports SET receipt_hash = ?2 WHERE id = ?1")?;
    for (id, hash) in hashes {
        update.execute(rusqlite::params![id, key.mac(&hash).as_slice()])?;
    }
    record_or_verify_receipt_key(tx, key)
}

/// Migration 9: moves each staff note written into a status change's audit entry into
/// `staff_notes` (sealed), leaves the entry its id and digest, and computes the chain again.
/// Refuses if the chain was already broken, so that the new hashes never cover a change made
/// behind the log's back.
fn move_notes(tx: &rusqlite::Transaction<'_>, keys: Keys<'_>) -> Result<(), DbError> {
    let key = keys.report;
    if let crate::audit::Verified::Broken { id, .. } = crate::audit::verify(tx)? {
        return Err(DbError::AuditBroken { id });
    }
    let notes = select(
        tx,
        "SELECT a.id, a.report_id, a.detail FROM audit_log a
         WHERE a.action = 'status_change' AND json_type(a.detail, '$.note') = 'text'",
        |row| Ok((row.get::<_, i64>(0)?, row.get::<_, String>(1)?, row.get::<_, String>(2)?)),
    )?;
    for (entry, public_id, detail) in &notes {
        let mut detail: serde_json::Value =
            serde_json::from_str(detail).map_err(|_| DbError::AuditBroken { id: *entry })?;
        let note = detail["note"].as_str().unwrap_or_default().to_owned();
        let Some(moved) = crate::store::add_note(tx, required(key)?, public_id, &note)? else { continue };
        detail["note"] = moved;
        tx.execute("UPDATE audit_log SET detail = ?2 WHERE id = ?1", rusqlite::params![entry, detail.to_string()])?;
    }
    chain_audit_log(tx, keys)
}

/// How many values [`rotate_key`] re-encrypted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Rotated {
    /// Reports' contact details.
    pub contacts: usize,
    /// Reports' accounts (description, address, source).
    pub accounts: usize,
    /// Photos.
    pub photos: usize,
    /// The bureau's replies.
    pub replies: usize,
    /// Staff notes.
    pub notes: usize,
}

/// Re-encrypts every sealed value from `old` to `new` and records `new`'s key check, in `tx`
/// (which the caller commits, with its audit entry). Refuses if `old` is not the database's key.
pub fn rotate_key(tx: &rusqlite::Transaction<'_>, old: &ReportKey, new: &ReportKey) -> Result<Rotated, DbError> {
    let check: Option<Vec<u8>> =
        tx.query_row("SELECT key_check FROM report_key WHERE id = 1", [], |row| row.get(0)).optional()?;
    if !check.is_some_and(|c| old.matches(&c)) {
        return Err(DbError::WrongKey);
    }
    let reseal = |context: Context<'_>, sealed: &[u8]| -> Result<Vec<u8>, DbError> {
        Ok(new.seal(context, &old.open(context, sealed)?)?)
    };
    let contacts =
        select(tx, "SELECT id, public_id, contact_sealed FROM reports WHERE contact_sealed IS NOT NULL", stored)?;
    let accounts =
        select(tx, "SELECT id, public_id, account_sealed FROM reports WHERE account_sealed IS NOT NULL", stored)?;
    let replies =
        select(tx, "SELECT p.id, r.public_id, p.sealed FROM replies p JOIN reports r ON r.id = p.report_id", stored)?;
    let notes = select(
        tx,
        "SELECT n.id, r.public_id, n.sealed FROM staff_notes n JOIN reports r ON r.id = n.report_id",
        stored,
    )?;
    let rotated = Rotated {
        contacts: rewrite_each(
            tx,
            contacts,
            "UPDATE reports SET contact_sealed = ?2 WHERE id = ?1",
            |_, report, sealed: Vec<u8>| reseal(Context::Contact { report }, &sealed),
        )?,
        accounts: rewrite_each(
            tx,
            accounts,
            "UPDATE reports SET account_sealed = ?2 WHERE id = ?1",
            |_, report, sealed: Vec<u8>| reseal(Context::Account { report }, &sealed),
        )?,
        photos: rewrite_each(tx, photos(tx)?, "UPDATE photos SET bytes = ?2 WHERE id = ?1", |id, report, position| {
            reseal(Context::Photo { report, position }, &photo_bytes(tx, id)?)
        })?,
        replies: rewrite_each(
            tx,
            replies,
            "UPDATE replies SET sealed = ?2 WHERE id = ?1",
            |_, report, sealed: Vec<u8>| reseal(Context::Reply { report }, &sealed),
        )?,
        notes: rewrite_each(
            tx,
            notes,
            "UPDATE staff_notes SET sealed = ?2 WHERE id = ?1",
            |_, report, sealed: Vec<u8>| reseal(Context::Note { report }, &sealed),
        )?,
    };
    tx.execute("UPDATE report_key SET key_check = ?1 WHERE id = 1", [new.key_check()?])?;
    Ok(rotated)
}

/// A fresh, migrated database in a temporary directory (deleted when the directory is dropped),
/// for the unit tests of the modules that store things.
#[cfg(test)]
pub(crate) fn test_connection() -> (tempfile::TempDir, Connection) {
    let dir = tempfile::tempdir().expect("create a temporary directory");
    let conn = open_connection(&dir.path().join("t.sqlite3")).expect("open");
    (dir, conn)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn test_receipt_key() -> ReceiptKey {
        ReceiptKey::from_bytes(&[9; crate::crypto::KEY_LEN])
    }

    #[test]
    fn migration_8_keys_the_receipt_hashes_of_an_old_database() {
        use crate::store::{self, NewReport, ReceiptHasher};
        use portal_core::report::{Category, Receipt, ReportDraft};
        let (_dir, path) = temp_db_path();
        let key = ReportKey::from_bytes(&[3; crate::crypto::KEY_LEN]);
        // A database as version 7 left it, with a report whose receipt is hashed the old way.
        let mut conn = Connection::open(&path).expect("open");
        configure(&conn).expect("configure");
        migrate_to(&mut conn, Keys { report: Some(&key), receipt: None }, 7).expect("migrate to 7");
        record_or_verify_key(&conn, &key).expect("key check");
        let salt = receipt_salt(&conn).expect("salt");
        let receipt = Receipt::generate([5; 8]);
        let report = NewReport {
            draft: ReportDraft {
                category: Some(Category::Other),
                source_description: Some("无名作坊".to_owned()),
                observed_on: "2024-06-14".to_owned(),
                description: "一二三四五六七八九十一二三四五六七八九十".to_owned(),
                ..ReportDraft::default()
            },
            photos: Vec::new(),
        };
        let hasher = ReceiptHasher::new(&salt, test_receipt_key());
        let stored = store::insert_report(&mut conn, &hasher, &key, &report, "abcdefghjk", &receipt, 1_700_000_000)
            .expect("insert");
        let old_hash = store::receipt_hash(&salt, &receipt);
        conn.execute("UPDATE reports SET receipt_hash = ?1", [old_hash.as_slice()]).expect("the old hash");
        drop(conn);

        // A command-line tool without the receipt key cannot upgrade it, and changes nothing.
        assert!(matches!(open_connection(&path), Err(DbError::ReceiptKeyRequired)));
        // The service, with it, wraps the old hash, and the receipt finds the report.
        drop(Db::open_with_key(&path, &key, &test_receipt_key()).expect("upgrade"));
        let conn = open_connection(&path).expect("upgraded: no key needed to open");
        let hash: Vec<u8> = conn.query_row("SELECT receipt_hash FROM reports", [], |row| row.get(0)).expect("hash");
        assert_eq!(hash, test_receipt_key().mac(&old_hash));
        assert_eq!(hash, hasher.hash(&receipt), "one rule for old and new reports");
        let own = store::status_by_receipt(&conn, &key, &hasher, &receipt).expect("query").expect("found");
        assert_eq!(own.public.public_id, stored.public_id);
        // With the database and its salt but another receipt key, the receipt finds nothing.
        let guess = ReceiptHasher::new(&salt, ReceiptKey::from_bytes(&[10; crate::crypto::KEY_LEN]));
        assert!(store::status_by_receipt(&conn, &key, &guess, &receipt).expect("query").is_none());
        drop(conn);
        // The service refuses a receipt key other than the one recorded.
        let other = ReceiptKey::from_bytes(&[10; crate::crypto::KEY_LEN]);
        assert!(matches!(Db::open_with_key(&path, &key, &other), Err(DbError::WrongReceiptKey)));
        assert!(receipt_key_is_recorded(&path).expect("read"));
    }

    fn temp_db_path() -> (tempfile::TempDir, std::path::PathBuf) {
        let dir = tempfile::tempdir().expect("create a temporary directory");
        let path = dir.path().join(DATABASE_FILE);
        (dir, path)
    }

    #[test]
    fn migrations_run_once_and_then_never_again() {
        let (_dir, path) = temp_db_path();
        let mut conn = Connection::open(&path).expect("open the database");
        assert_eq!(migrate(&mut conn).expect("first migration"), MIGRATIONS.len());
        assert_eq!(migrate(&mut conn).expect("second migration"), 0);
        assert_eq!(user_version(&conn).expect("read version"), SCHEMA_VERSION);
    }

    #[test]
    fn a_database_from_a_newer_build_is_refused() {
        let (_dir, path) = temp_db_path();
        let conn = Connection::open(&path).expect("open the database");
        conn.pragma_update(None, "user_version", SCHEMA_VERSION + 1).expect("set a future version");
        drop(conn);
        assert!(matches!(Db::open(&path), Err(DbError::TooNew { .. })));
    }

    #[test]
    fn the_connection_uses_wal_full_sync_and_foreign_keys() {
        let (_dir, path) = temp_db_path();
        let db = Db::open(&path).expect("open the database");
        let conn = db.conn.lock().expect("lock the connection");
        let journal: String =
            conn.pragma_query_value(None, "journal_mode", |row| row.get(0)).expect("read journal_mode");
        let number =
            |name: &str| -> i64 { conn.pragma_query_value(None, name, |row| row.get(0)).expect("read pragma") };
        assert_eq!(journal, "wal");
        assert_eq!(number("synchronous"), 2, "2 means FULL");
        assert_eq!(number("foreign_keys"), 1);
    }

    #[test]
    fn each_database_gets_its_own_random_receipt_salt() {
        let (_dir_a, path_a) = temp_db_path();
        let (_dir_b, path_b) = temp_db_path();
        let a = Db::open(&path_a).expect("open a");
        let b = Db::open(&path_b).expect("open b");
        assert_eq!(a.receipt_salt().len(), 64, "32 random bytes in hex");
        assert!(a.receipt_salt().bytes().all(|c| c.is_ascii_hexdigit()));
        assert_ne!(a.receipt_salt(), b.receipt_salt());
        drop(a);
        assert_eq!(Db::open(&path_a).expect("reopen").receipt_salt().len(), 64, "kept across restarts");
    }

    /// Whether `needle` occurs in `haystack`.
    fn contains(haystack: &[u8], needle: &[u8]) -> bool {
        haystack.windows(needle.len()).any(|w| w == needle)
    }

    #[test]
    fn migration_7_chains_the_entries_already_logged_and_keeps_the_log_append_only() {
        let (_dir, path) = temp_db_path();
        let mut conn = Connection::open(&path).expect("open");
        configure(&conn).expect("configure");
        migrate_to(&mut conn, Keys::default(), 6).expect("migrate to 6");
        for (at, actor) in [(10, "alice"), (20, "bob")] {
            conn.execute(
                "INSERT INTO audit_log (at, actor, action, detail) VALUES (?1, ?2, 'login', '{}')",
                rusqlite::params![at, actor],
            )
            .expect("an entry from before the chain");
        }
        migrate_to(&mut conn, Keys::default(), 7).expect("migrate to 7");
        assert_eq!(
            crate::audit::verify(&conn).expect("verify"),
            crate::audit::Verified::Intact {
                entries: 2,
                head: {
                    let first = crate::audit::entry_hash(&crate::audit::GENESIS, 10, "alice", "login", None, "{}");
                    crate::audit::entry_hash(&first, 20, "bob", "login", None, "{}")
                }
            }
        );
        let err = conn.execute("UPDATE audit_log SET actor = 'mallory'", []).expect_err("still append-only");
        assert!(err.to_string().contains("append-only"), "{err}");
        // New entries continue the chain.
        crate::audit::append(&conn, 30, "carol", crate::audit::Action::Login, None, &serde_json::json!({}))
            .expect("append");
        assert!(matches!(crate::audit::verify(&conn), Ok(crate::audit::Verified::Intact { entries: 3, .. })));
    }

    /// A database as migration 8 left it, with one report and a status change whose note is
    /// written into the audit log.
    fn at_8_with_an_inline_note() -> (tempfile::TempDir, std::path::PathBuf, Connection) {
        let (dir, path) = temp_db_path();
        let mut conn = Connection::open(&path).expect("open");
        configure(&conn).expect("configure");
        migrate_to(&mut conn, Keys::default(), 8).expect("migrate to 8");
        conn.execute(
            "INSERT INTO reports (public_id, receipt_hash, category, observed_on, wants_reward, consent_to_contact,
                 created_at, updated_at, status)
             VALUES ('abcdefghjk', x'00', 'other', '2024-06-01', 0, 0, 100, 200, 'under_review')",
            [],
        )
        .expect("insert a report");
        let detail = serde_json::json!({"from": "received", "to": "under_review", "note": "已电话联系举报人"});
        crate::audit::append(&conn, 200, "tim", crate::audit::Action::StatusChange, Some("abcdefghjk"), &detail)
            .expect("a status change with its note");
        crate::audit::append(&conn, 300, "tim", crate::audit::Action::Logout, None, &serde_json::json!({}))
            .expect("a later entry");
        (dir, path, conn)
    }

    #[test]
    fn migration_9_moves_notes_out_of_the_audit_log_sealed_and_keeps_the_chain_whole() {
        let (_dir, _path, mut conn) = at_8_with_an_inline_note();
        assert!(
            matches!(migrate_to(&mut conn, Keys::default(), 9), Err(DbError::KeyRequired)),
            "sealing needs the key"
        );
        let key = ReportKey::from_bytes(&[5; crate::crypto::KEY_LEN]);
        migrate_to(&mut conn, Keys { report: Some(&key), receipt: None }, 9).expect("migrate to 9");
        assert!(matches!(crate::audit::verify(&conn), Ok(crate::audit::Verified::Intact { entries: 2, .. })));
        let logged: String = conn
            .query_row("SELECT detail FROM audit_log WHERE action = 'status_change'", [], |row| row.get(0))
            .expect("entry");
        assert!(!logged.contains("已电话联系举报人") && logged.contains("sha256"), "{logged}");
        let history = crate::audit::status_history(&conn, "abcdefghjk", Some(&key)).expect("history");
        assert_eq!(history[0].note.as_deref(), Some("已电话联系举报人"));
        assert_eq!(crate::audit::status_history(&conn, "abcdefghjk", None).expect("history")[0].note, None);
        let err = conn.execute("UPDATE audit_log SET actor = 'mallory'", []).expect_err("still append-only");
        assert!(err.to_string().contains("append-only"), "{err}");
    }

    #[test]
    fn migration_9_stops_on_a_chain_broken_before_it() {
        let (_dir, _path, mut conn) = at_8_with_an_inline_note();
        conn.execute_batch(
            "DROP TRIGGER audit_log_no_update;
             UPDATE audit_log SET actor = 'mallory' WHERE action = 'logout';
             CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
                 BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;",
        )
        .expect("tamper");
        let key = ReportKey::from_bytes(&[5; crate::crypto::KEY_LEN]);
        let err = migrate_to(&mut conn, Keys { report: Some(&key), receipt: None }, 9).expect_err("refused");
        assert!(matches!(err, DbError::AuditBroken { id: 2 }), "{err}");
        assert!(err.to_string().contains("audit verify"), "{err}");
    }

    #[test]
    fn migrations_3_4_and_6_encrypt_plain_text_contacts_accounts_photos_and_replies_in_place() {
        let (dir, path) = temp_db_path();
        // A database as version 2 left it, with a report carrying contact details and a photo.
        let mut conn = Connection::open(&path).expect("open");
        configure(&conn).expect("configure");
        assert_eq!(migrate_to(&mut conn, Keys::default(), 2).expect("migrate to 2"), 2);
        let photo: Vec<u8> =
            (0..8192u32).map(|i| u8::try_from(i.wrapping_mul(2_654_435_761) >> 24).unwrap_or(0)).collect();
        conn.execute(
            "INSERT INTO reports (public_id, receipt_hash, category, observed_on, description, address,
                 contact_name, contact_phone, contact_email, wants_reward, consent_to_contact, created_at,
                 updated_at, status)
             VALUES ('abcdefghjk', x'00', 'other', '2024-06-01', '一二三四五六七八九十一二三四五六七八九十',
                 '东门外的排污口', '王小明', '13912345678', 'wang@example.com', 1, 1, 100, 200, 'resolved')",
            [],
        )
        .expect("insert a report");
        conn.execute(
            "INSERT INTO photos (report_id, position, media_type, bytes) VALUES (1, 0, 'image/png', ?1)",
            [&photo],
        )
        .expect("insert a photo");
        conn.execute(
            "INSERT INTO replies (report_id, created_at, text, text_zh)
             VALUES (1, 150, 'Wang Xiaoming: forwarded to the enforcement team', '王小明同志：已转交执法大队')",
            [],
        )
        .expect("insert a reply");
        drop(conn);

        // Without the key the upgrade is refused, and nothing changes.
        assert!(matches!(Db::open(&path), Err(DbError::KeyRequired)));
        let key = ReportKey::from_bytes(&[5; crate::crypto::KEY_LEN]);
        drop(Db::open_with_key(&path, &key, &test_receipt_key()).expect("upgrade with the key"));

        // The database files alone reveal none of it.
        let needles: [&[u8]; 9] = [
            "王小明".as_bytes(),
            b"forwarded to the enforcement team",
            "已转交执法大队".as_bytes(),
            b"13912345678",
            b"wang@example.com",
            "一二三四五六七八九十一二三四五六七八九十".as_bytes(),
            "东门外的排污口".as_bytes(),
            &photo[100..164],
            &photo[5000..5064],
        ];
        for entry in std::fs::read_dir(dir.path()).expect("list") {
            let file = entry.expect("entry").path();
            let bytes = std::fs::read(&file).expect("read");
            for needle in needles {
                assert!(!contains(&bytes, needle), "plain text left in {}", file.display());
            }
        }

        // With the key, everything is there; the plain columns are gone; `closed_at` is set.
        let conn = open_connection(&path).expect("reopen");
        let report = crate::store::report_detail(&conn, &key, "abcdefghjk", 300).expect("read").expect("found");
        let detail = report.detail;
        let contact = detail.contact.expect("contact");
        assert_eq!(contact.name.as_deref(), Some("王小明"));
        assert_eq!(contact.phone.as_deref(), Some("13912345678"));
        assert_eq!(contact.email.as_deref(), Some("wang@example.com"));
        assert_eq!(detail.description, "一二三四五六七八九十一二三四五六七八九十");
        assert_eq!(detail.address.as_deref(), Some("东门外的排污口"));
        assert_eq!(detail.source_description, None);
        assert_eq!(report.summary.closed, Some(portal_core::report::china_datetime(200)));
        let (media_type, bytes) = crate::store::photo(&conn, &key, "abcdefghjk", 0).expect("read").expect("found");
        assert_eq!((media_type.as_str(), bytes), ("image/png", photo));
        assert!(conn.prepare("SELECT contact_phone FROM reports").is_err(), "plain columns dropped");
        assert!(conn.prepare("SELECT description FROM reports").is_err(), "plain columns dropped");
        assert_eq!(
            detail.replies,
            [portal_core::api::staff::StaffReply {
                at: portal_core::report::china_datetime(150),
                text: "Wang Xiaoming: forwarded to the enforcement team".to_owned(),
                text_zh: Some("王小明同志：已转交执法大队".to_owned()),
            }]
        );
        assert!(conn.prepare("SELECT text FROM replies").is_err(), "plain columns dropped");
        drop(conn);

        // Another key is refused.
        let other = ReportKey::from_bytes(&[6; crate::crypto::KEY_LEN]);
        assert!(matches!(Db::open_with_key(&path, &other, &test_receipt_key()), Err(DbError::WrongKey)));
        assert!(key_is_recorded(&path).expect("check"));
    }

    #[test]
    fn a_new_database_records_no_key_until_opened_with_one() {
        let (_dir, path) = temp_db_path();
        assert!(!key_is_recorded(&path).expect("no file yet"));
        drop(Db::open(&path).expect("open without a key"));
        assert!(!key_is_recorded(&path).expect("check"));
        drop(
            Db::open_with_key(&path, &ReportKey::from_bytes(&[1; crate::crypto::KEY_LEN]), &test_receipt_key())
                .expect("open"),
        );
        assert!(key_is_recorded(&path).expect("check"));
    }

    #[tokio::test]
    async fn ping_reports_the_schema_version() {
        let (_dir, path) = temp_db_path();
        let db = Db::open(&path).expect("open the database");
        assert_eq!(db.ping().await.expect("ping"), SCHEMA_VERSION);
    }
}
