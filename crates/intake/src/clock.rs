//! The service's clock, injectable so that tests can move time (session expiry, lockout back-off,
//! deadlines, retention), plus the few calendar conversions the staff API needs.
//!
//! Every wall-clock time the service stores is Unix seconds taken from a [`Clock`]. The proof of
//! work and the rate limits measure intervals with [`std::time::Instant`] instead and do not use
//! it.

use std::sync::atomic::{AtomicI64, Ordering};
use std::time::{SystemTime, UNIX_EPOCH};

use portal_core::report::CHINA_UTC_OFFSET_SECONDS;

/// A source of the current time in Unix seconds.
pub trait Clock: Send + Sync {
    /// Seconds since 1970-01-01T00:00:00Z.
    fn now(&self) -> i64;
}

/// The operating system's clock.
#[derive(Debug, Clone, Copy, Default)]
pub struct SystemClock;

impl Clock for SystemClock {
    fn now(&self) -> i64 {
        unix_now()
    }
}

/// A clock that only moves when told to (for tests).
#[derive(Debug)]
pub struct ManualClock(AtomicI64);

impl ManualClock {
    /// A clock showing `now`.
    pub fn new(now: i64) -> Self {
        Self(AtomicI64::new(now))
    }

    /// A clock showing the real time now (and then standing still).
    pub fn starting_now() -> Self {
        Self::new(unix_now())
    }

    /// Moves the clock forward (or back, with a negative value) by `seconds`.
    pub fn advance(&self, seconds: i64) {
        self.0.fetch_add(seconds, Ordering::SeqCst);
    }

    /// Sets the clock.
    pub fn set(&self, now: i64) {
        self.0.store(now, Ordering::SeqCst);
    }
}

impl Clock for ManualClock {
    fn now(&self) -> i64 {
        self.0.load(Ordering::SeqCst)
    }
}

/// The operating system's time in Unix seconds (0 if the clock is before 1970).
pub fn unix_now() -> i64 {
    SystemTime::now().duration_since(UNIX_EPOCH).map(|d| i64::try_from(d.as_secs()).unwrap_or(i64::MAX)).unwrap_or(0)
}

/// `unix_seconds` as ISO 8601 in UTC: `2026-05-01T06:30:00Z` (used by the audit log).
pub fn utc_datetime(unix_seconds: i64) -> String {
    let days = unix_seconds.div_euclid(86_400);
    let secs = unix_seconds.rem_euclid(86_400);
    let (y, m, d) = civil_from_days(days);
    format!("{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}Z", secs / 3600, secs / 60 % 60, secs % 60)
}

/// The Unix time at which the day `YYYY-MM-DD` begins in Lianyungang (UTC+8), or `None` if the
/// text is not a valid date.
pub fn china_day_start(date: &str) -> Option<i64> {
    let bytes = date.as_bytes();
    if bytes.len() != 10 || bytes[4] != b'-' || bytes[7] != b'-' {
        return None;
    }
    let number = |range: std::ops::Range<usize>| -> Option<i64> {
        let part = date.get(range)?;
        part.bytes().all(|b| b.is_ascii_digit()).then(|| part.parse().ok()).flatten()
    };
    let (y, m, d) = (number(0..4)?, number(5..7)?, number(8..10)?);
    if !(1..=12).contains(&m) || d < 1 || d > days_in_month(y, m) {
        return None;
    }
    Some(days_from_civil(y, m, d) * 86_400 - CHINA_UTC_OFFSET_SECONDS)
}

fn days_in_month(y: i64, m: i64) -> i64 {
    match m {
        2 if (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Howard Hinnant's `days_from_civil`: a proleptic Gregorian date to days since 1970-01-01.
fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y.rem_euclid(400);
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// Howard Hinnant's `civil_from_days`: days since 1970-01-01 to a proleptic Gregorian date.
fn civil_from_days(days: i64) -> (i64, i64, i64) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    (yoe + era * 400 + i64::from(m <= 2), m, d)
}

#[cfg(test)]
mod tests {
    use super::*;
    use portal_core::report::{china_date, china_datetime};

    #[test]
    fn utc_times_are_iso_8601_with_z() {
        assert_eq!(utc_datetime(0), "1970-01-01T00:00:00Z");
        assert_eq!(utc_datetime(1_714_545_000), "2024-05-01T06:30:00Z");
        assert_eq!(china_datetime(1_714_545_000), "2024-05-01T14:30:00+08:00");
        assert_eq!(utc_datetime(951_782_400), "2000-02-29T00:00:00Z");
    }

    #[test]
    fn china_days_start_at_midnight_in_lianyungang() {
        let start = china_day_start("2024-05-01").expect("valid");
        assert_eq!(china_datetime(start), "2024-05-01T00:00:00+08:00");
        assert_eq!(china_date(start - 1), "2024-04-30");
        assert_eq!(china_day_start("2024-02-29").map(china_date).as_deref(), Some("2024-02-29"));
        for bad in ["2023-02-29", "2024-13-01", "2024-00-10", "2024-1-01", "20240501", "２０２４-05-01", ""] {
            assert_eq!(china_day_start(bad), None, "{bad}");
        }
    }

    #[test]
    fn manual_clocks_move_only_when_told() {
        let clock = ManualClock::new(100);
        assert_eq!(clock.now(), 100);
        clock.advance(60);
        assert_eq!(clock.now(), 160);
        clock.set(5);
        assert_eq!(clock.now(), 5);
    }
}
