//! The report intake service of the Lianyungang new-pollutants portal.
//!
//! It serves the built site (see [`static_site`]) and, under `/api` (see [`http`]), a health
//! check, the violation-report API (see [`http::reports`]) and the staff API (see
//! [`http::staff`], with accounts and sessions in [`auth`] and the audit log in [`audit`]), and
//! owns the SQLite database (see [`db`] and
//! [`store`]). Reporters' contact details and photos are encrypted at rest
//! with a key kept outside the database (see [`crypto`]); [`retention`]
//! deletes them once reports have been closed long enough, and [`backups`] copies the database on
//! a schedule. Abuse control is a proof of work ([`pow`]) plus in-memory rate limits
//! ([`ratelimit`]). Operators scrape [`metrics`] at `/metrics` (loopback and trusted proxies only).
//!
//! Privacy: the service never logs or stores client IP addresses; a request is logged by its
//! id and matched route only ([`log`]). The client's address (the peer's, or behind a trusted proxy the one
//! it reports, see [`client`]) is only used, hashed with a key held in memory, to key the rate
//! limits. What it logs goes to stderr through `tracing`, with a timestamp, a level and the request's id ([`log`]).
//!
//! Connections are served by [`serve_connections`]: at most [`Config::max_connections`] at once,
//! headers read within [`Config::header_timeout`], a request body that stalls for
//! [`Config::body_timeout`] or a request not answered within [`Config::request_timeout`] cut off.

pub mod audit;
pub mod auth;
pub mod backups;
pub mod client;
pub mod clock;
pub mod crypto;
pub mod db;
pub mod files;
pub mod group_commit;
pub mod http;
pub mod log;
pub mod metrics;
pub mod photos;
pub mod pow;
pub mod ratelimit;
pub mod retention;
pub mod security;
pub mod spool;
pub mod static_site;
pub mod store;

use std::io::{self, Write};
use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use axum::extract::ConnectInfo;
use axum::http::StatusCode;
use hyper_util::rt::{TokioIo, TokioTimer};
use tower::ServiceExt;
use tower_http::compression::CompressionLayer;
use tower_http::timeout::{RequestBodyTimeoutLayer, TimeoutLayer};

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
    /// then daily (see [`retention`]); `None` keeps it. [`RETENTION_DAYS`] by default.
    pub retention_days: Option<u32>,
    /// Where scheduled backups go (see [`backups`]); `None` makes none.
    pub backup_dir: Option<PathBuf>,
    /// How often a scheduled backup is made.
    pub backup_interval: Duration,
    /// How many scheduled backups are kept (the newest).
    pub backup_keep: usize,
    /// Reverse proxies whose `X-Forwarded-For` / `X-Real-IP` name the client (see [`client`]).
    pub trusted_proxies: Vec<client::Cidr>,
    /// A connection that has not sent a whole request head within this is closed.
    pub header_timeout: Duration,
    /// A request body that sends nothing for this long is cut off.
    pub body_timeout: Duration,
    /// A request not answered within this gets `408` (an upload on a slow phone fits well within).
    pub request_timeout: Duration,
    /// Connections served at once; more are answered `503` and closed.
    pub max_connections: usize,
    /// Below this many bytes free on the data directory's file system no photo is taken (see
    /// [`spool`]); [`spool::MIN_FREE_DISK`] by default.
    pub min_free_disk: u64,
}

/// The default [`Config::header_timeout`].
pub const HEADER_TIMEOUT: Duration = Duration::from_secs(10);
/// The default [`Config::body_timeout`].
pub const BODY_TIMEOUT: Duration = Duration::from_secs(20);
/// The default [`Config::request_timeout`].
pub const REQUEST_TIMEOUT: Duration = Duration::from_secs(300);
/// The default [`Config::retention_days`]: a closed report's personal data is kept for a year.
pub const RETENTION_DAYS: u32 = 365;
/// The default [`Config::backup_interval`]: four backups a day.
pub const BACKUP_INTERVAL: Duration = Duration::from_secs(6 * 3600);
/// The default [`Config::backup_keep`]: a week of backups at the default interval.
pub const BACKUP_KEEP: usize = 28;
/// The default [`Config::max_connections`].
pub const MAX_CONNECTIONS: usize = 1024;

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
            retention_days: Some(RETENTION_DAYS),
            backup_dir: None,
            backup_interval: BACKUP_INTERVAL,
            backup_keep: BACKUP_KEEP,
            trusted_proxies: Vec::new(),
            header_timeout: HEADER_TIMEOUT,
            body_timeout: BODY_TIMEOUT,
            request_timeout: REQUEST_TIMEOUT,
            max_connections: MAX_CONNECTIONS,
            min_free_disk: spool::MIN_FREE_DISK,
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
    /// The key file may be read (or written) by users other than its owner.
    #[error("the key file {} is readable by other users; run `chmod 600` on it (and check who may have copied it)", path.display())]
    KeyExposed {
        /// The key file.
        path: PathBuf,
    },
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
    files::create_private_dir(data_dir).map_err(io_error)?;
    let lock = data_dir.join(LOCK_FILE);
    files::create_private_file(&lock).map_err(io_error)?;
    let file = std::fs::OpenOptions::new().write(true).open(&lock).map_err(io_error)?;
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
    /// The proxies trusted to name the client.
    pub proxies: Arc<client::TrustedProxies>,
    /// Request counters for `/metrics` (in memory only).
    pub metrics: Arc<metrics::Metrics>,
    /// Temporary storage of the photos of uploads in flight, with the disk floor.
    pub spool: Arc<spool::Spool>,
    /// How receipts are hashed: the database's salt and the receipt key (see [`crypto::ReceiptKey`]).
    pub receipts: Arc<store::ReceiptHasher>,
}

impl AppState {
    /// Creates the data directory if needed, loads (or, the first time, creates) the report key
    /// and the receipt key beside it,
    /// opens (and migrates) the database in it and points at the site directory.
    ///
    /// A key file that other users can read is refused ([`Error::KeyExposed`]).
    ///
    /// A new key is made only while the database records none (see [`db::key_is_recorded`]);
    /// a database that has data sealed under a key whose file is gone is refused, and so is a
    /// key that does not match the database.
    ///
    /// The data directory is created `0700`, and the database with its `-wal` and `-shm` files
    /// `0600` (existing ones are narrowed to that).
    pub fn open(config: &Config) -> Result<Self, Error> {
        let dir_error = |source| Error::DataDir { path: config.data_dir.clone(), source };
        files::create_private_dir(&config.data_dir).map_err(dir_error)?;
        let path = config.data_dir.join(db::DATABASE_FILE);
        let key = load_key(&path, &config.key_path())?;
        let receipt_key = load_receipt_key(&path, &crypto::receipt_key_path(&config.key_path()))?;
        files::create_private_file(&path).map_err(dir_error)?;
        let db = Db::open_with_key(&path, &key, &receipt_key)
            .map_err(|source| Error::Database { path: path.clone(), source })?;
        let receipts = store::ReceiptHasher::new(db.receipt_salt(), receipt_key);
        for suffix in ["", "-wal", "-shm"] {
            let mut file = path.clone().into_os_string();
            file.push(suffix);
            files::restrict_to_owner(std::path::Path::new(&file)).map_err(dir_error)?;
        }
        let limits = ratelimit::Limits::new(config.rate_limit).map_err(Error::Random)?;
        let spool =
            spool::Spool::open(&config.data_dir, spool::MAX_SPOOL_BYTES, config.min_free_disk).map_err(dir_error)?;
        Ok(Self {
            db,
            site: Site::new(&config.site_dir),
            pow: Arc::new(pow::Challenges::new(config.pow_bits)),
            limits: Arc::new(limits),
            key: Arc::new(key),
            clock: Arc::new(SystemClock),
            logins: Arc::new(auth::LoginGuard::default()),
            secure_cookies: config.secure_cookies,
            proxies: Arc::new(client::TrustedProxies(config.trusted_proxies.clone())),
            metrics: Arc::new(metrics::Metrics::default()),
            spool: Arc::new(spool),
            receipts: Arc::new(receipts),
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
            return Err(Error::KeyExposed { path: key_path.to_owned() });
        }
        return ReportKey::load(key_path).map_err(Error::Key);
    }
    let database = |source| Error::Database { path: db_path.to_owned(), source };
    if db::key_is_recorded(db_path).map_err(database)? {
        return Err(database(db::DbError::KeyMissing { path: key_path.to_owned() }));
    }
    ReportKey::create(key_path).map_err(Error::Key)
}

/// Loads the receipt key at `key_path` (beside the report key), or creates it if there is none
/// and the database at `db_path` records no receipt key yet. Refused like the report key when
/// other users can read it.
fn load_receipt_key(db_path: &std::path::Path, key_path: &std::path::Path) -> Result<crypto::ReceiptKey, Error> {
    if key_path.exists() {
        if crypto::is_readable_by_others(key_path) {
            return Err(Error::KeyExposed { path: key_path.to_owned() });
        }
        return crypto::ReceiptKey::load(key_path).map_err(Error::Key);
    }
    let database = |source| Error::Database { path: db_path.to_owned(), source };
    if db::receipt_key_is_recorded(db_path).map_err(database)? {
        return Err(database(db::DbError::ReceiptKeyMissing { path: key_path.to_owned() }));
    }
    crypto::ReceiptKey::create(key_path).map_err(Error::Key)
}

/// Builds the whole HTTP application.
pub fn app(state: AppState) -> Router {
    let router = Router::new()
        .merge(http::router())
        .route("/metrics", axum::routing::get(metrics::serve))
        .fallback(static_site::serve)
        .layer(axum::middleware::from_fn_with_state(state.clone(), metrics::count))
        .layer(axum::middleware::from_fn_with_state(state.clone(), log::request_span))
        .with_state(state);
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
    state.spool.remove_leftovers().map_err(|source| Error::DataDir { path: config.data_dir.clone(), source })?;

    let addr = SocketAddr::new(config.bind, config.port);
    let listener = tokio::net::TcpListener::bind(addr).await.map_err(|source| Error::Bind { addr, source })?;
    let local = listener.local_addr().map_err(|source| Error::Bind { addr, source })?;

    if !state.site.is_built().await {
        tracing::warn!("{} has no index.html; site routes answer 503 until it is built", state.site.root().display());
    }
    let shutdown = shutdown_signal();
    let proxies = if config.trusted_proxies.is_empty() {
        String::new()
    } else {
        let list: Vec<String> = config.trusted_proxies.iter().map(ToString::to_string).collect();
        format!(", trusted proxies: {}", list.join(" "))
    };
    announce(&format!(
        "Serving the portal at http://{local}/ (data: {}, site: {}{proxies})",
        config.data_dir.display(),
        config.site_dir.display()
    ));

    // After the start-up line, which tools read first to find the port.
    if let Some(days) = config.retention_days {
        retention::spawn_daily(state.clone(), days);
    }
    if let Some(dir) = &config.backup_dir {
        backups::spawn(state.clone(), dir.clone(), config.backup_interval, config.backup_keep);
    }

    let router = app(state)
        .layer(TimeoutLayer::with_status_code(StatusCode::REQUEST_TIMEOUT, config.request_timeout))
        .layer(RequestBodyTimeoutLayer::new(config.body_timeout));
    serve_connections(listener, router, &config, shutdown).await.map_err(Error::Serve)?;

    announce("Stopped.");
    Ok(())
}

/// What a connection over [`Config::max_connections`] is told before it is closed.
const BUSY: &[u8] = b"HTTP/1.1 503 Service Unavailable\r\nContent-Type: text/plain; charset=utf-8\r\n\
    Retry-After: 5\r\nConnection: close\r\nContent-Length: 33\r\n\r\nThe service is busy; try again.\r\n";

/// How many connections over the cap are answered [`BUSY`] at once; more are closed unanswered.
const MAX_BUSY_ANSWERS: usize = 64;

/// How long a graceful shutdown waits for open connections.
const SHUTDOWN_GRACE: Duration = Duration::from_secs(10);

/// Serves HTTP/1.1 connections from `listener` with `router` until `shutdown` completes, then
/// waits up to [`SHUTDOWN_GRACE`] for the requests in flight. Each connection gets a slot out of
/// [`Config::max_connections`] (one over the cap is answered `503` and closed at once) and
/// must send its request head within [`Config::header_timeout`]. The peer's address reaches the
/// handlers as [`ConnectInfo`], for the rate limits only.
pub async fn serve_connections(
    listener: tokio::net::TcpListener,
    router: Router,
    config: &Config,
    shutdown: impl std::future::Future<Output = ()>,
) -> io::Result<()> {
    let slots = Arc::new(tokio::sync::Semaphore::new(config.max_connections.max(1)));
    let busy = Arc::new(tokio::sync::Semaphore::new(MAX_BUSY_ANSWERS));
    let graceful = hyper_util::server::graceful::GracefulShutdown::new();
    let mut http = hyper::server::conn::http1::Builder::new();
    http.timer(TokioTimer::new()).header_read_timeout(config.header_timeout);
    tokio::pin!(shutdown);
    loop {
        let (stream, peer) = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok(accepted) => accepted,
                Err(err) => {
                    // Out of file descriptors, say: wait a moment rather than spin.
                    tracing::error!("cannot accept a connection: {err}");
                    tokio::time::sleep(Duration::from_millis(100)).await;
                    continue;
                }
            },
            () = &mut shutdown => break,
        };
        let Ok(slot) = Arc::clone(&slots).try_acquire_owned() else {
            // Answered, and what the client already sent is read off (up to a point), so that the
            // close is not a reset that would hide the answer; in a flood, beyond
            // MAX_BUSY_ANSWERS of those at once, simply closed.
            let Ok(answering) = Arc::clone(&busy).try_acquire_owned() else {
                drop(stream);
                continue;
            };
            tokio::spawn(async move {
                let _answering = answering;
                use tokio::io::{AsyncReadExt, AsyncWriteExt};
                let mut stream = stream;
                let _ = tokio::time::timeout(Duration::from_secs(2), async {
                    stream.write_all(BUSY).await?;
                    stream.shutdown().await?;
                    let (mut sink, mut total) = ([0u8; 4096], 0usize);
                    while total < 64 * 1024 {
                        match stream.read(&mut sink).await? {
                            0 => break,
                            n => total += n,
                        }
                    }
                    io::Result::Ok(())
                })
                .await;
            });
            continue;
        };
        let _ = stream.set_nodelay(true);
        let router = router.clone();
        let service = hyper::service::service_fn(move |mut request: hyper::Request<hyper::body::Incoming>| {
            request.extensions_mut().insert(ConnectInfo(peer));
            router.clone().oneshot(request)
        });
        let connection = graceful.watch(http.serve_connection(TokioIo::new(stream), service));
        tokio::spawn(async move {
            // A client that goes away or times out ends its connection; nothing to report.
            let _ = connection.await;
            drop(slot);
        });
    }
    drop(listener);
    if tokio::time::timeout(SHUTDOWN_GRACE, graceful.shutdown()).await.is_err() {
        tracing::warn!("stopped with requests still in flight after {} s", SHUTDOWN_GRACE.as_secs());
    }
    Ok(())
}

/// Prints a line to stdout and flushes it right away, so that a parent
/// process reading a pipe sees it immediately.
fn announce(line: &str) {
    let mut stdout = io::stdout().lock();
    // If stdout is gone there is nobody to tell; keep serving regardless.
    let _ = writeln!(stdout, "{line}").and_then(|()| stdout.flush());
}

/// Listens for Ctrl-C (SIGINT) and, on Unix, SIGTERM from the moment it is called (so that a
/// signal sent right after the start-up line is not missed); the future completes on the first.
fn shutdown_signal() -> impl std::future::Future<Output = ()> {
    #[cfg(unix)]
    let terminate = {
        use tokio::signal::unix::{SignalKind, signal};
        let stream = signal(SignalKind::terminate());
        async move {
            match stream {
                Ok(mut stream) => {
                    stream.recv().await;
                }
                Err(err) => {
                    tracing::error!("cannot listen for SIGTERM: {err}");
                    std::future::pending::<()>().await;
                }
            }
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    #[cfg(unix)]
    let interrupt = {
        use tokio::signal::unix::{SignalKind, signal};
        let stream = signal(SignalKind::interrupt());
        async move {
            match stream {
                Ok(mut stream) => {
                    stream.recv().await;
                }
                Err(err) => {
                    tracing::error!("cannot listen for Ctrl-C: {err}");
                    std::future::pending::<()>().await;
                }
            }
        }
    };
    #[cfg(not(unix))]
    let interrupt = async {
        if let Err(err) = tokio::signal::ctrl_c().await {
            tracing::error!("cannot listen for Ctrl-C: {err}");
            std::future::pending::<()>().await;
        }
    };

    async move {
        tokio::select! {
            () = interrupt => {},
            () = terminate => {},
        }
    }
}
