//! The service's clock, injectable so that tests can move time (session expiry, lockout back-off,
//! deadlines, retention), plus the few calendar conversions the staff API needs (the calendar
//! itself is [`portal_core::date`]).
//!
//! Every wall-clock time the service stores is Unix seconds taken from a [`Clock`]. The proof of
//! work and the rate limits measure intervals with [`std::time::Instant`] instead and do not use
//! it.

use std::sync::atomic::{AtomicI64, Ordering};
use std::time::{SystemTime, UNIX_EPOCH};

use portal_core::date::Date;
pub use portal_core::date::utc_datetime;

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

/// The Unix time at which the day `YYYY-MM-DD` begins in Lianyungang (UTC+8), or `None` if the
/// text is not a valid date.
pub fn china_day_start(date: &str) -> Option<i64> {
    date.parse::<Date>().ok().map(Date::china_start)
}

#[cfg(test)]
mod tests {
    use super::*;
    use portal_core::date::{china_date, china_datetime};

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
        assert_eq!(china_date(start - 1).to_string(), "2024-04-30");
        assert_eq!(china_day_start("2024-02-29").map(|t| china_date(t).to_string()).as_deref(), Some("2024-02-29"));
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
