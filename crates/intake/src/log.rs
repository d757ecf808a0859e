//! The service's log: one line per event on stderr, in logfmt with a UTC timestamp and a level:
//!
//! ```text
//! time=2026-12-07T14:40:00Z level=warn msg="/srv/portal/site has no index.html; site routes answer 503 until it is built"
//! ```
//!
//! journald and `docker logs` add their own timestamps, but a file redirected by hand does not,
//! so every line carries its own. Requests are not logged, and no line ever carries a client
//! address (see [`crate::client`]). The start-up line (`Serving the portal at …`) stays on stdout
//! as it was, since tools read it to find the port.

use std::fmt;
use std::io::Write;

/// How serious an event is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Level {
    /// The service cannot do something it should (a request failed on the server's side).
    Error,
    /// Something an operator should fix, while the service keeps running.
    Warn,
    /// A normal event (start, stop, a daily task).
    Info,
}

impl Level {
    /// The level as written: `error`, `warn`, `info`.
    pub fn as_str(self) -> &'static str {
        match self {
            Level::Error => "error",
            Level::Warn => "warn",
            Level::Info => "info",
        }
    }
}

/// One log line for `message` at `level` and the time `unix_seconds`.
pub fn format_line(unix_seconds: i64, level: Level, message: &str) -> String {
    let mut quoted = String::with_capacity(message.len() + 2);
    for c in message.chars() {
        match c {
            '"' => quoted.push_str("\\\""),
            '\\' => quoted.push_str("\\\\"),
            '\n' => quoted.push_str("\\n"),
            c if c.is_control() => quoted.push(' '),
            c => quoted.push(c),
        }
    }
    format!("time={} level={} msg=\"{quoted}\"", portal_core::date::utc_datetime(unix_seconds), level.as_str())
}

/// Writes one line to stderr (ignoring a closed stderr: there is nobody to tell).
pub fn write(level: Level, message: fmt::Arguments<'_>) {
    let line = format_line(crate::clock::unix_now(), level, &message.to_string());
    let _ = writeln!(std::io::stderr().lock(), "{line}");
}

/// Logs at level `error`, with `format!` arguments.
#[macro_export]
macro_rules! log_error {
    ($($arg:tt)*) => { $crate::log::write($crate::log::Level::Error, format_args!($($arg)*)) };
}

/// Logs at level `warn`, with `format!` arguments.
#[macro_export]
macro_rules! log_warn {
    ($($arg:tt)*) => { $crate::log::write($crate::log::Level::Warn, format_args!($($arg)*)) };
}

/// Logs at level `info`, with `format!` arguments.
#[macro_export]
macro_rules! log_info {
    ($($arg:tt)*) => { $crate::log::write($crate::log::Level::Info, format_args!($($arg)*)) };
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_line_has_a_utc_timestamp_a_level_and_a_quoted_message() {
        let line = format_line(1_796_654_400, Level::Warn, "key \"a\\b\"\nnext");
        assert_eq!(line, "time=2026-12-07T14:40:00Z level=warn msg=\"key \\\"a\\\\b\\\"\\nnext\"");
        assert!(format_line(0, Level::Error, "x").starts_with("time=1970-01-01T00:00:00Z level=error "));
    }
}
