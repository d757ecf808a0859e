//! Prometheus metrics at `GET /metrics` (text exposition format 0.0.4), answered only to the
//! configured proxies' addresses and to loopback, so that a monitoring host scrapes them and the
//! public cannot: anyone else gets the same 404 as for any unknown path.
//!
//! | metric | type | what |
//! |---|---|---|
//! | `portal_http_requests_total{route, status}` | counter | requests since start, by matched route (`static` for the site's files and pages) and status |
//! | `portal_reports{status}` | gauge | reports stored, by status |
//! | `portal_reports_overdue{deadline}` | gauge | open reports past the 15-day (`ack`) or 60-day (`handle`) deadline |
//! | `portal_database_bytes` | gauge | the database with its write-ahead log |
//! | `portal_disk_free_bytes` | gauge | free space for the service on the data directory's file system |
//!
//! No metric carries a client address, a report id or anything a reporter wrote.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use axum::extract::{ConnectInfo, MatchedPath, Request, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use portal_core::report::Status;

use crate::AppState;

/// The route label of requests no route matched: the site's files and prerendered pages.
pub const STATIC_ROUTE: &str = "static";

/// The request counters (in memory; they start at zero with the service).
#[derive(Debug, Default)]
pub struct Metrics {
    requests: Mutex<BTreeMap<(String, u16), u64>>,
}

impl Metrics {
    /// Counts one answered request.
    pub fn record(&self, route: &str, status: StatusCode) {
        let mut requests = self.requests.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        *requests.entry((route.to_owned(), status.as_u16())).or_default() += 1;
    }

    fn snapshot(&self) -> Vec<((String, u16), u64)> {
        let requests = self.requests.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        requests.iter().map(|(k, v)| (k.clone(), *v)).collect()
    }
}

/// Middleware: counts every request by the route it matched and the status it got.
pub async fn count(State(state): State<AppState>, request: Request, next: Next) -> Response {
    let route = request.extensions().get::<MatchedPath>().map_or(STATIC_ROUTE.to_owned(), |m| m.as_str().to_owned());
    let response = next.run(request).await;
    state.metrics.record(&route, response.status());
    response
}

/// The figures read from the store when scraped.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct StoreFigures {
    pub by_status: Vec<(Status, u64)>,
    pub ack_overdue: u64,
    pub handle_overdue: u64,
}

/// Reads [`StoreFigures`] at `now`.
pub fn store_figures(conn: &rusqlite::Connection, now: i64) -> rusqlite::Result<StoreFigures> {
    let records = crate::store::handling_records(conn)?;
    let mut figures = StoreFigures {
        by_status: Status::ALL.iter().map(|s| (*s, records.iter().filter(|r| r.status == *s).count() as u64)).collect(),
        ..StoreFigures::default()
    };
    for r in &records {
        let d = r.deadlines(now);
        figures.ack_overdue += u64::from(r.status.is_open() && d.ack_overdue);
        figures.handle_overdue += u64::from(d.handle_overdue);
    }
    Ok(figures)
}

/// The exposition text.
pub fn render(
    requests: &[((String, u16), u64)],
    store: &StoreFigures,
    database_bytes: u64,
    disk_free: Option<u64>,
) -> String {
    let mut out = String::new();
    let requests = requests
        .iter()
        .map(|((route, status), n)| (format!("{{route=\"{}\",status=\"{status}\"}}", escape(route)), *n))
        .collect();
    section(
        &mut out,
        "portal_http_requests_total",
        "counter",
        "Requests answered since the service started, by matched route and status.",
        requests,
    );
    let by_status = store.by_status.iter().map(|(s, n)| (format!("{{status=\"{}\"}}", s.key()), *n)).collect();
    section(&mut out, "portal_reports", "gauge", "Reports stored, by status.", by_status);
    let overdue = vec![
        ("{deadline=\"ack\"}".to_owned(), store.ack_overdue),
        ("{deadline=\"handle\"}".to_owned(), store.handle_overdue),
    ];
    section(
        &mut out,
        "portal_reports_overdue",
        "gauge",
        "Open reports past a deadline: ack (15 days to a first response) or handle (60 days to close).",
        overdue,
    );
    section(
        &mut out,
        "portal_database_bytes",
        "gauge",
        "The database file with its write-ahead log.",
        vec![(String::new(), database_bytes)],
    );
    if let Some(free) = disk_free {
        section(
            &mut out,
            "portal_disk_free_bytes",
            "gauge",
            "Free space on the data directory's file system.",
            vec![(String::new(), free)],
        );
    }
    out
}

/// One metric family: its `HELP` and `TYPE` lines, then one line per sample (labels, value).
fn section(out: &mut String, name: &str, kind: &str, help: &str, samples: Vec<(String, u64)>) {
    let _ = writeln!(out, "# HELP {name} {help}\n# TYPE {name} {kind}");
    for (labels, value) in samples {
        let _ = writeln!(out, "{name}{labels} {value}");
    }
}

/// A label value with `\`, `"` and newlines escaped.
fn escape(value: &str) -> String {
    value.replace('\\', "\\\\").replace('"', "\\\"").replace('\n', "\\n")
}

/// The database file and its `-wal`, in bytes.
pub fn database_bytes(path: &Path) -> u64 {
    ["", "-wal"]
        .iter()
        .map(|suffix| {
            let mut file = path.as_os_str().to_owned();
            file.push(suffix);
            std::fs::metadata(PathBuf::from(file)).map_or(0, |m| m.len())
        })
        .sum()
}

/// Free bytes for an unprivileged process on the file system holding `dir`.
pub fn disk_free(dir: &Path) -> Option<u64> {
    let stat = rustix::fs::statvfs(dir).ok()?;
    Some(stat.f_bavail.saturating_mul(stat.f_frsize))
}

/// `GET /metrics`: the exposition text for a proxy or loopback peer; 404 for anyone else.
pub async fn serve(State(state): State<AppState>, request: Request) -> Response {
    let peer = request.extensions().get::<ConnectInfo<SocketAddr>>();
    let allowed = peer.is_some_and(|ConnectInfo(addr)| {
        let ip = crate::client::canonical(addr.ip());
        ip.is_loopback() || state.proxies.trusts(ip)
    });
    if !allowed {
        return (StatusCode::NOT_FOUND, [(header::CONTENT_TYPE, "text/plain; charset=utf-8")], "Not found.\n")
            .into_response();
    }
    let now = state.clock.now();
    let store = match state.db.call(move |conn| store_figures(conn, now)).await {
        Ok(figures) => figures,
        Err(err) => {
            tracing::error!("metrics: cannot read the store: {err}");
            return StatusCode::SERVICE_UNAVAILABLE.into_response();
        }
    };
    let body = render(&state.metrics.snapshot(), &store, database_bytes(state.db.path()), disk_free(state.db.dir()));
    let mut response = body.into_response();
    response
        .headers_mut()
        .insert(header::CONTENT_TYPE, HeaderValue::from_static("text/plain; version=0.0.4; charset=utf-8"));
    response.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
}
