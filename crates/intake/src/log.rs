//! The service's log, through [`tracing`]: one line per event on stderr, with a UTC timestamp, a
//! level and, for an event inside a request, the request's id and matched route. Two formats
//! (`intake serve --log-format`):
//!
//! ```text
//! time=2026-12-07T14:40:00.123Z level=error request_id=5f0c2a9e81d4b7c3 method=POST route=/api/reports msg="cannot store a report: disk I/O error"
//! {"timestamp":"2026-12-07T14:40:00.123456Z","level":"ERROR","fields":{"message":"cannot store a report: disk I/O error"},"span":{"request_id":"5f0c2a9e81d4b7c3","method":"POST","route":"/api/reports","name":"request"},…}
//! ```
//!
//! logfmt is the default (journald and `docker logs` show it as it is); JSON is for a log
//! collector. Every response carries its id in `X-Request-Id`, so a failure a reader or a proxy
//! saw can be found in the log; behind a trusted proxy the proxy's own id is kept (nginx's
//! `$request_id`, see deploy/nginx). Each request is one line at level `debug` (method, route,
//! status, milliseconds), off unless `--log-level debug`. No line ever carries a client address
//! or a query string: a request is named by its matched route, never its URI (see
//! [`crate::client`]). The start-up line (`Serving the portal at …`) stays on stdout, since tools
//! read it to find the port.

use std::fmt::{self, Write as _};
use std::net::SocketAddr;
use std::time::Instant;

use axum::extract::{ConnectInfo, MatchedPath, Request, State};
use axum::http::HeaderValue;
use axum::middleware::Next;
use axum::response::Response;
use tracing::{Event, Instrument, Level, Subscriber};
use tracing_subscriber::field::{RecordFields, Visit};
use tracing_subscriber::fmt::format::Writer;
use tracing_subscriber::fmt::{FmtContext, FormatEvent, FormatFields, FormattedFields};
use tracing_subscriber::registry::LookupSpan;

/// How log lines are written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum Format {
    /// `key=value` pairs, one event a line.
    #[default]
    Logfmt,
    /// One JSON object a line (tracing-subscriber's JSON format).
    Json,
}

/// The least serious events written (`intake serve --log-level`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum Threshold {
    /// Failures only.
    Error,
    /// Failures and what an operator should fix.
    Warn,
    /// Also normal events: backups, retention runs.
    #[default]
    Info,
    /// Also one line per request.
    Debug,
}

impl From<Threshold> for Level {
    fn from(threshold: Threshold) -> Self {
        match threshold {
            Threshold::Error => Level::ERROR,
            Threshold::Warn => Level::WARN,
            Threshold::Info => Level::INFO,
            Threshold::Debug => Level::DEBUG,
        }
    }
}

/// The header carrying a request's id, in both directions.
pub const REQUEST_ID: &str = "x-request-id";

/// Sends the service's events at `level` and above to stderr in `format`. Called once, by the
/// binary; a second call (tests that start the service in-process) leaves the first in place.
pub fn init(format: Format, level: Level) {
    let builder = tracing_subscriber::fmt().with_writer(std::io::stderr).with_max_level(level).with_ansi(false);
    let _ = match format {
        Format::Logfmt => builder.event_format(Logfmt).fmt_fields(LogfmtFields).try_init(),
        Format::Json => builder.json().with_current_span(true).with_span_list(false).try_init(),
    };
}

/// Runs a request inside a `request` span carrying its id, method and matched route, answers
/// with the id in [`REQUEST_ID`], and logs the outcome at `debug`.
pub async fn request_span(State(state): State<crate::AppState>, request: Request, next: Next) -> Response {
    let peer = request.extensions().get::<ConnectInfo<SocketAddr>>().map(|ConnectInfo(addr)| addr.ip());
    let forwarded = request.headers().get(REQUEST_ID).and_then(|v| v.to_str().ok()).filter(|id| is_request_id(id));
    let id = match (peer, forwarded) {
        (Some(peer), Some(id)) if state.proxies.trusts(peer) => id.to_owned(),
        _ => new_request_id(),
    };
    let route = request.extensions().get::<MatchedPath>().map_or("(site)", MatchedPath::as_str).to_owned();
    let method = request.method().clone();
    let span = tracing::info_span!("request", request_id = %id, method = %method, route = %route);
    let started = Instant::now();
    let mut response = next.run(request).instrument(span.clone()).await;
    span.in_scope(|| {
        tracing::debug!(status = response.status().as_u16(), ms = started.elapsed().as_secs_f64() * 1e3, "answered");
    });
    if let Ok(value) = HeaderValue::from_str(&id) {
        response.headers_mut().insert(REQUEST_ID, value);
    }
    response
}

/// Whether a proxy's request id is one we keep as it is: 1 to 64 ASCII letters, digits, `-`, `_`
/// or `.` (nginx's `$request_id` is 32 hex digits).
pub fn is_request_id(id: &str) -> bool {
    (1..=64).contains(&id.len()) && id.bytes().all(|b| b.is_ascii_alphanumeric() || b"-_.".contains(&b))
}

/// A new request id: 16 random hex digits.
pub fn new_request_id() -> String {
    let mut bytes = [0u8; 8];
    // Without randomness the id is still unique enough within one process: a counter.
    if getrandom::fill(&mut bytes).is_err() {
        static NEXT: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
        bytes = NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed).to_be_bytes();
    }
    bytes.iter().fold(String::with_capacity(16), |mut s, b| {
        let _ = write!(s, "{b:02x}");
        s
    })
}

/// The logfmt line format: `time=… level=…`, the fields of the spans the event is in (outermost
/// first), then the event's own fields, its message last as `msg="…"`.
struct Logfmt;

impl<S, N> FormatEvent<S, N> for Logfmt
where
    S: Subscriber + for<'a> LookupSpan<'a>,
    N: for<'a> FormatFields<'a> + 'static,
{
    fn format_event(&self, ctx: &FmtContext<'_, S, N>, mut writer: Writer<'_>, event: &Event<'_>) -> fmt::Result {
        let level = match *event.metadata().level() {
            Level::ERROR => "error",
            Level::WARN => "warn",
            Level::INFO => "info",
            Level::DEBUG => "debug",
            Level::TRACE => "trace",
        };
        write!(writer, "time={} level={level}", utc_now_millis())?;
        if let Some(scope) = ctx.event_scope() {
            for span in scope.from_root() {
                if let Some(fields) = span.extensions().get::<FormattedFields<N>>()
                    && !fields.is_empty()
                {
                    write!(writer, " {fields}")?;
                }
            }
        }
        let mut visitor = Pairs::default();
        event.record(&mut visitor);
        if !visitor.pairs.is_empty() {
            write!(writer, " {}", visitor.pairs)?;
        }
        writeln!(writer, " msg={}", quote(visitor.message.as_deref().unwrap_or("")))
    }
}

/// Span fields as logfmt pairs.
struct LogfmtFields;

impl<'writer> FormatFields<'writer> for LogfmtFields {
    fn format_fields<R: RecordFields>(&self, mut writer: Writer<'writer>, fields: R) -> fmt::Result {
        let mut visitor = Pairs::default();
        fields.record(&mut visitor);
        if let Some(message) = visitor.message.take() {
            visitor.push("msg", &message);
        }
        writer.write_str(&visitor.pairs)
    }
}

/// Collects `key=value` pairs, keeping the message apart.
#[derive(Default)]
struct Pairs {
    pairs: String,
    message: Option<String>,
}

impl Pairs {
    fn push(&mut self, key: &str, value: &str) {
        if !self.pairs.is_empty() {
            self.pairs.push(' ');
        }
        self.pairs.push_str(key);
        self.pairs.push('=');
        let bare =
            !value.is_empty() && value.chars().all(|c| c.is_ascii_graphic() && c != '"' && c != '=' && c != '\\');
        if bare {
            self.pairs.push_str(value);
        } else {
            self.pairs.push_str(&quote(value));
        }
    }
}

impl Visit for Pairs {
    fn record_str(&mut self, field: &tracing::field::Field, value: &str) {
        if field.name() == "message" {
            self.message = Some(value.to_owned());
        } else {
            self.push(field.name(), value);
        }
    }

    fn record_f64(&mut self, field: &tracing::field::Field, value: f64) {
        self.push(field.name(), &format!("{value:.1}"));
    }

    fn record_debug(&mut self, field: &tracing::field::Field, value: &dyn fmt::Debug) {
        // `%value` fields and messages arrive here already formatted by Display.
        self.record_str(field, &format!("{value:?}"));
    }
}

/// `message` in double quotes, with `"` and `\` escaped, newlines as `\n` and other control
/// characters as spaces, so that one event is always one line.
fn quote(message: &str) -> String {
    let mut quoted = String::with_capacity(message.len() + 2);
    quoted.push('"');
    for c in message.chars() {
        match c {
            '"' => quoted.push_str("\\\""),
            '\\' => quoted.push_str("\\\\"),
            '\n' => quoted.push_str("\\n"),
            c if c.is_control() => quoted.push(' '),
            c => quoted.push(c),
        }
    }
    quoted.push('"');
    quoted
}

/// The current time as `2026-12-07T14:40:00.123Z`.
fn utc_now_millis() -> String {
    let now = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap_or_default();
    let seconds = i64::try_from(now.as_secs()).unwrap_or(i64::MAX);
    let stamp = portal_core::date::utc_datetime(seconds);
    format!("{}.{:03}Z", stamp.trim_end_matches('Z'), now.subsec_millis())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_are_quoted_on_one_line() {
        assert_eq!(quote("key \"a\\b\"\nnext\tx"), "\"key \\\"a\\\\b\\\"\\nnext x\"");
    }

    #[test]
    fn pairs_quote_only_what_needs_it() {
        let mut pairs = Pairs::default();
        pairs.push("route", "/api/reports/{id}");
        pairs.push("detail", "two words");
        pairs.push("empty", "");
        assert_eq!(pairs.pairs, "route=/api/reports/{id} detail=\"two words\" empty=\"\"");
    }

    #[test]
    fn request_ids_are_new_hex_or_a_proxy_s_plain_token() {
        let (a, b) = (new_request_id(), new_request_id());
        assert_eq!(a.len(), 16);
        assert!(a.bytes().all(|c| c.is_ascii_hexdigit()), "{a}");
        assert_ne!(a, b);
        assert!(is_request_id("0f8e6b3c2a1d4e5f6a7b8c9d0e1f2a3b"));
        for bad in ["", "a b", "x\"y", "line\nbreak", &"a".repeat(65)] {
            assert!(!is_request_id(bad), "{bad:?}");
        }
    }

    #[test]
    fn timestamps_are_utc_with_milliseconds() {
        let stamp = utc_now_millis();
        assert_eq!(stamp.len(), 24, "{stamp}");
        assert!(stamp.ends_with('Z') && stamp.as_bytes()[10] == b'T' && stamp.as_bytes()[19] == b'.', "{stamp}");
    }
}
