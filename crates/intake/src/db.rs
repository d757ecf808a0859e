//! The SQLite database: opening it, schema migrations, and async access.
//!
//! There is a single [`rusqlite::Connection`] behind an `Arc<Mutex<_>>`.
//! Handlers reach it through [`Db::call`], which runs the closure on Tokio's
//! blocking thread pool so that SQLite never blocks the async workers. One
//! connection is plenty for the expected load, and it serialises all writes,
//! which is exactly what SQLite wants anyway.

use std::path::Path;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

use rusqlite::{Connection, OptionalExtension};

/// File name of the database inside the data directory.
pub const DATABASE_FILE: &str = "intake.sqlite3";

/// Schema migrations, applied in order.
///
/// Migration `i` (zero-based) brings the schema from version `i` to `i + 1`;
/// the current version is stored in `PRAGMA user_version`. Each migration runs
/// in its own transaction together with the version bump, so a crash never
/// leaves a half-applied migration behind.
///
/// **Never edit or reorder an entry once it has shipped; only append.**
const MIGRATIONS: &[&str] = &[
    // 1: bookkeeping about the database itself.
    "CREATE TABLE meta (
         key   TEXT PRIMARY KEY,
         value TEXT NOT NULL
     ) STRICT;
     INSERT INTO meta (key, value)
     VALUES ('created_at', strftime('%Y-%m-%dT%H:%M:%SZ', 'now'));",
    // 2: violation reports, their photos and the bureau's replies (see `store`). Times are Unix
    // seconds. No column holds anything about the client's connection (no IP address, no user
    // agent). The receipt is stored only as a hash salted with `receipt_salt`, a random value
    // made here once per database.
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
];

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
}

/// A cheaply clonable handle to the service's database.
#[derive(Clone)]
pub struct Db {
    conn: Arc<Mutex<Connection>>,
    receipt_salt: Arc<str>,
}

/// Opens (creating it if needed) the database at `path`, configures the
/// connection and applies any pending migrations. Used by [`Db::open`] and by
/// the command-line tools (`intake reply`, `intake backup`).
///
/// The parent directory must already exist.
pub fn open_connection(path: &Path) -> Result<Connection, DbError> {
    let mut conn = Connection::open(path)?;
    configure(&conn)?;
    migrate(&mut conn)?;
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
        let receipt_salt = receipt_salt(&conn)?.into();
        Ok(Self { conn: Arc::new(Mutex::new(conn)), receipt_salt })
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
        let conn = Arc::clone(&self.conn);
        tokio::task::spawn_blocking(move || {
            // A panic while holding the lock cannot leave the connection in a
            // bad state (an open `Transaction` rolls back when dropped during
            // unwinding), so a poisoned lock is safe to keep using.
            let mut conn = conn.lock().unwrap_or_else(PoisonError::into_inner);
            f(&mut conn)
        })
        .await?
        .map_err(DbError::from)
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
    let current = user_version(conn)?;
    if current > SCHEMA_VERSION {
        return Err(DbError::TooNew { found: current });
    }
    let mut applied = 0;
    for (index, sql) in MIGRATIONS.iter().enumerate().skip(current as usize) {
        let tx = conn.transaction()?;
        tx.execute_batch(sql)?;
        tx.pragma_update(None, "user_version", index + 1)?;
        tx.commit()?;
        applied += 1;
    }
    Ok(applied)
}

#[cfg(test)]
mod tests {
    use super::*;

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

    #[tokio::test]
    async fn ping_reports_the_schema_version() {
        let (_dir, path) = temp_db_path();
        let db = Db::open(&path).expect("open the database");
        assert_eq!(db.ping().await.expect("ping"), SCHEMA_VERSION);
    }
}
