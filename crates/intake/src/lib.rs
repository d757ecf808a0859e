//! The report intake service of the Lianyungang new-pollutants portal.
//!
//! It serves the built site (see [`static_site`]), a health check under
//! `/api` (see [`api`]) and the violation-report API (see [`reports`]), and
//! owns the SQLite database (see [`db`] and [`store`]). Abuse control is a
//! proof of work ([`pow`]) plus in-memory rate limits ([`ratelimit`]).
//!
//! Privacy: the service never logs or stores client IP addresses; it does not
//! log requests at all. The peer address is only used, hashed with a key held
//! in memory, to key the rate limits.

pub mod api;
pub mod db;
pub mod pow;
pub mod ratelimit;
pub mod reports;
pub mod security;
pub mod static_site;
pub mod store;

use std::io::{self, Write};
use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::path::PathBuf;
use std::sync::Arc;

use axum::Router;

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
    /// The operating system gave no randomness.
    #[error("no randomness available: {0}")]
    Random(getrandom::Error),
    /// The server failed while running.
    #[error("server error: {0}")]
    Serve(io::Error),
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
}

impl AppState {
    /// Creates the data directory if needed, opens (and migrates) the
    /// database in it and points at the site directory.
    pub fn open(config: &Config) -> Result<Self, Error> {
        std::fs::create_dir_all(&config.data_dir)
            .map_err(|source| Error::DataDir { path: config.data_dir.clone(), source })?;
        let path = config.data_dir.join(db::DATABASE_FILE);
        let db = Db::open(&path).map_err(|source| Error::Database { path, source })?;
        let limits = ratelimit::Limits::new(config.rate_limit).map_err(Error::Random)?;
        Ok(Self {
            db,
            site: Site::new(&config.site_dir),
            pow: Arc::new(pow::Challenges::new(config.pow_bits)),
            limits: Arc::new(limits),
        })
    }
}

/// Builds the whole HTTP application.
pub fn app(state: AppState) -> Router {
    let router = Router::new().merge(api::router()).fallback(static_site::serve).with_state(state);
    security::with_security_headers(router)
}

/// Runs the service until Ctrl-C or SIGTERM.
///
/// Prints one start-up line with the real address to stdout (tools and tests
/// read it to find the port) and `Stopped.` after a graceful shutdown.
pub async fn run(config: Config) -> Result<(), Error> {
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
