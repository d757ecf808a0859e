//! The report intake service of the Lianyungang new-pollutants portal.
//!
//! It serves the built site (see [`static_site`]) and, under `/api` (see [`http`]), a health
//! check, the violation-report API (see [`http::reports`]) and the staff API (see
//! [`http::staff`], with accounts and sessions in [`auth`] and the audit log in [`audit`]), and
//! owns the SQLite database (see [`db`] and
//! [`store`]). Reporters' contact details and photos are encrypted at rest
//! with a key kept outside the database (see [`crypto`]); [`retention`]
//! deletes them once reports have been closed long enough. Abuse control is
//! a proof of work ([`pow`]) plus in-memory rate limits ([`ratelimit`]).
//!
//! Privacy: the service never logs or stores client IP addresses; it does not
//! log requests at all. The peer address is only used, hashed with a key held
//! in memory, to key the rate limits.

pub mod audit;
pub mod auth;
pub mod clock;
pub mod crypto;
pub mod db;
pub mod http;
pub mod pow;
pub mod ratelimit;
pub mod retention;
pub mod security;
pub mod static_site;
pub mod store;

use std::io::{self, Write};
use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::path::PathBuf;
use std::sync::Arc;

use axum::Router;
use tower_http::compression::CompressionLayer;

use crate::clock::{Clock, SystemClock};
use crate::crypto::ReportKey;
use crate::db::Db;
use crate::static_site::Site;

/// Run-time configuration of the service, as given on the command line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Config {
    /// Address to listen on.
    pub bind: IpAddr,
    /// Port to listen on; `0` picks a free one.
    pub port: u16,
    /// Directory holding the database; created if missing.
    pub data_dir: PathBuf,
    /// Directory holding the built site (Trunk's output).
    pub site_dir: PathBuf,
    /// Proof-of-work difficulty in leading zero bits (see [`pow`]).
    pub pow_bits: u8,
    /// Report submissions a minute per client; every other limit derives from it
    /// (see [`ratelimit::Limits`]); 0 turns rate limiting off.
    pub rate_limit: u32,
    /// The report key file; `None` means `<data_dir>/keys/report.key` (see [`crypto`]).
    pub key_file: Option<PathBuf>,
    /// Mark the staff session cookie `Secure` on every response, not only on requests that a
    /// reverse proxy says came over TLS (`X-Forwarded-Proto: https`).
    pub secure_cookies: bool,
    /// Delete the personal data of reports closed more than this many days ago, at start-up and
    /// then daily (see [`retention`]); `None` keeps it.
    pub retention_days: Option<u32>,
}

impl Config {
    /// Where the report key is: `--key-file`, or `<data_dir>/keys/report.key`.
    pub fn key_path(&self) -> PathBuf {
        self.key_file.clone().unwrap_or_else(|| crypto::default_key_path(&self.data_dir))
    }
}

impl Default for Config {
    fn default() -> Self {
        Self {
            bind: IpAddr::V4(Ipv4Addr::LOCALHOST),
            port: 8080,
            data_dir: PathBuf::from(".serve-data"),
            site_dir: PathBuf::from("dist"),
            pow_bits: pow::DEFAULT_BITS,
            rate_limit: 10,
            key_file: None,
            secure_cookies: false,
            retention_days: None,
        }
    }
}

/// Errors that stop the service from starting or running.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The data directory could not be created.
    #[error("cannot create the data directory {}: {source}", path.display())]
    DataDir {
        /// The directory.
        path: PathBuf,
        /// The underlying error.
        source: io::Error,
    },
    /// The database could not be opened or migrated.
    #[error("cannot open the database {}: {source}", path.display())]
    Database {
        /// The database file.
        path: PathBuf,
        /// The underlying error.
        source: db::DbError,
    },
    /// The listening socket could not be bound.
    #[error("cannot listen on {addr}: {source}")]
    Bind {
        /// The address.
        addr: SocketAddr,
        /// The underlying error.
        source: io::Error,
    },
    /// The report key could not be read or created.
    #[error("report key: {0}")]
    Key(crypto::CryptoError),
    /// The operating system gave no randomness.
    #[error("no randomness available: {0}")]
    Random(getrandom::Error),
    /// The server failed while running.
    #[error("server error: {0}")]
    Serve(io::Error),
    /// Another process (a service or `intake rotate-key`) holds the data directory's lock.
    #[error("{} is in use by another `intake serve` or `intake rotate-key`", path.display())]
    Locked {
        /// The data directory.
        path: PathBuf,
    },
}

/// The file that `intake serve` and `intake rotate-key` hold locked while they run, so that
/// neither starts while the other is at work on the same data directory.
pub const LOCK_FILE: &str = "intake.lock";

/// Takes the data directory's lock (creating the directory if needed); it is released when the
/// returned file is dropped or the process ends.
pub fn lock_data_dir(data_dir: &std::path::Path) -> Result<std::fs::File, Error> {
    let io_error = |source| Error::DataDir { path: data_dir.to_owned(), source };
    std::fs::create_dir_all(data_dir).map_err(io_error)?;
    let file = std::fs::OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(data_dir.join(LOCK_FILE))
        .map_err(io_error)?;
    match file.try_lock() {
        Ok(()) => Ok(file),
        Err(std::fs::TryLockError::WouldBlock) => Err(Error::Locked { path: data_dir.to_owned() }),
        Err(std::fs::TryLockError::Error(source)) => Err(io_error(source)),
    }
}

/// Shared state available to every handler.
#[derive(Clone)]
pub struct AppState {
    /// The database.
    pub db: Db,
    /// The built site.
    pub site: Site,
    /// Outstanding proof-of-work challenges (in memory only).
    pub pow: Arc<pow::Challenges>,
    /// Rate limits (in memory only).
    pub limits: Arc<ratelimit::Limits>,
    /// The key sealing reporters' contact details and photos.
    pub key: Arc<ReportKey>,
    /// The wall clock for everything stored (replaceable in tests, see [`AppState::with_clock`]).
    pub clock: Arc<dyn Clock>,
    /// Lockouts of unknown names and the serialisation of login attempts (in memory only).
    pub logins: Arc<auth::LoginGuard>,
    /// Whether session cookies are always `Secure`.
    pub secure_cookies: bool,
}

impl AppState {
    /// Creates the data directory if needed, loads (or, the first time, creates) the report key,
    /// opens (and migrates) the database in it and points at the site directory.
    ///
    /// A new key is made only while the database records none (see [`db::key_is_recorded`]);
    /// a database that has data sealed under a key whose file is gone is refused, and so is a
    /// key that does not match the database.
    pub fn open(config: &Config) -> Result<Self, Error> {
        std::fs::create_dir_all(&config.data_dir)
            .map_err(|source| Error::DataDir { path: config.data_dir.clone(), source })?;
        let path = config.data_dir.join(db::DATABASE_FILE);
        let key = load_key(&path, &config.key_path())?;
        let db = Db::open_with_key(&path, &key).map_err(|source| Error::Database { path, source })?;
        let limits = ratelimit::Limits::new(config.rate_limit).map_err(Error::Random)?;
        Ok(Self {
            db,
            site: Site::new(&config.site_dir),
            pow: Arc::new(pow::Challenges::new(config.pow_bits)),
            limits: Arc::new(limits),
            key: Arc::new(key),
            clock: Arc::new(SystemClock),
            logins: Arc::new(auth::LoginGuard::default()),
            secure_cookies: config.secure_cookies,
        })
    }

    /// The same state reading time from `clock` (for tests).
    #[must_use]
    pub fn with_clock(mut self, clock: Arc<dyn Clock>) -> Self {
        self.clock = clock;
        self
    }
}

/// Loads the report key at `key_path`, or creates it if there is none and the database at
/// `db_path` has no data sealed under a key yet.
fn load_key(db_path: &std::path::Path, key_path: &std::path::Path) -> Result<ReportKey, Error> {
    if key_path.exists() {
        if crypto::is_readable_by_others(key_path) {
            eprintln!("warning: the key file {} is readable by other users; chmod 600 it", key_path.display());
        }
        return ReportKey::load(key_path).map_err(Error::Key);
    }
    let database = |source| Error::Database { path: db_path.to_owned(), source };
    if db::key_is_recorded(db_path).map_err(database)? {
        return Err(database(db::DbError::KeyMissing { path: key_path.to_owned() }));
    }
    ReportKey::create(key_path).map_err(Error::Key)
}

/// Builds the whole HTTP application.
pub fn app(state: AppState) -> Router {
    let router = Router::new().merge(http::router()).fallback(static_site::serve).with_state(state);
    // Feed files and API answers are compressed on the fly (brotli at quality 4, gzip at 6);
    // responses that already carry an encoding (the build's precompressed assets) and images
    // pass through untouched.
    security::with_security_headers(router.layer(CompressionLayer::new()))
}

/// Runs the service until Ctrl-C or SIGTERM.
///
/// Prints one start-up line with the real address to stdout (tools and tests
/// read it to find the port) and `Stopped.` after a graceful shutdown.
pub async fn run(config: Config) -> Result<(), Error> {
    let _lock = lock_data_dir(&config.data_dir)?;
    let state = AppState::open(&config)?;

    let addr = SocketAddr::new(config.bind, config.port);
    let listener = tokio::net::TcpListener::bind(addr).await.map_err(|source| Error::Bind { addr, source })?;
    let local = listener.local_addr().map_err(|source| Error::Bind { addr, source })?;

    if !state.site.is_built().await {
        eprintln!(
            "warning: {} has no index.html; site routes answer 503 until it is built",
            state.site.root().display()
        );
    }
    announce(&format!(
        "Serving the portal at http://{local}/ (data: {}, site: {})",
        config.data_dir.display(),
        config.site_dir.display()
    ));

    // After the start-up line, which tools read first to find the port.
    if let Some(days) = config.retention_days {
        retention::spawn_daily(state.clone(), days);
    }

    // The peer address reaches the handlers only for the in-memory rate limits.
    let service = app(state).into_make_service_with_connect_info::<SocketAddr>();
    axum::serve(listener, service).with_graceful_shutdown(shutdown_signal()).await.map_err(Error::Serve)?;

    announce("Stopped.");
    Ok(())
}

/// Prints a line to stdout and flushes it right away, so that a parent
/// process reading a pipe sees it immediately.
fn announce(line: &str) {
    let mut stdout = io::stdout().lock();
    // If stdout is gone there is nobody to tell; keep serving regardless.
    let _ = writeln!(stdout, "{line}").and_then(|()| stdout.flush());
}

/// Completes on the first Ctrl-C (SIGINT) or, on Unix, SIGTERM.
async fn shutdown_signal() {
    let ctrl_c = async {
        if let Err(err) = tokio::signal::ctrl_c().await {
            eprintln!("cannot listen for Ctrl-C: {err}");
            std::future::pending::<()>().await;
        }
    };

    #[cfg(unix)]
    let terminate = async {
        use tokio::signal::unix::{SignalKind, signal};
        match signal(SignalKind::terminate()) {
            Ok(mut stream) => {
                stream.recv().await;
            }
            Err(err) => {
                eprintln!("cannot listen for SIGTERM: {err}");
                std::future::pending::<()>().await;
            }
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();

    tokio::select! {
        () = ctrl_c => {},
        () = terminate => {},
    }
}
