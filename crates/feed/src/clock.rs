//! The few places the compiler needs the date. Kept apart so everything else stays pure; the
//! calendar itself is [`portal_core::date`].

use std::time::{SystemTime, UNIX_EPOCH};

use portal_core::date::{Date, utc_datetime};

fn now_secs() -> i64 {
    // SOURCE_DATE_EPOCH makes builds reproducible when it is set.
    if let Some(s) = std::env::var("SOURCE_DATE_EPOCH").ok().and_then(|v| v.parse().ok()) {
        return s;
    }
    SystemTime::now().duration_since(UNIX_EPOCH).map_or(0, |d| d.as_secs() as i64)
}

/// The current time as `YYYY-MM-DDTHH:MM:SSZ`.
pub fn now_rfc3339() -> String {
    utc_datetime(now_secs())
}

/// The current year (UTC).
pub fn current_year() -> u16 {
    Date::utc(now_secs()).year() as u16
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_build_time_is_utc_iso_8601_and_the_year_is_its_year() {
        let now = now_rfc3339();
        assert_eq!((now.len(), &now[10..11], &now[19..]), (20, "T", "Z"), "{now}");
        let date: Date = now[..10].parse().expect("a date");
        assert!(date.year() >= 2024, "{now}");
        assert!(i64::from(current_year()) >= date.year(), "{now}");
    }
}
