//! One calendar for the whole workspace: [`Date`] (a proleptic Gregorian day written
//! `YYYY-MM-DD`), day arithmetic, and Unix seconds read as dates in UTC and in Lianyungang.
//!
//! Every leap-year rule, month length and day-number conversion in the workspace is here; the
//! feed compiler, the intake service and the report rules all use it.

use std::fmt;
use std::str::FromStr;

/// One day in seconds.
pub const SECONDS_PER_DAY: i64 = 86_400;

/// China Standard Time's offset from UTC (Lianyungang: UTC+8, no daylight saving).
pub const CHINA_UTC_OFFSET_SECONDS: i64 = 8 * 3600;

/// A calendar date (proleptic Gregorian). Written, parsed and serialised as `YYYY-MM-DD`, so it
/// can stand wherever such a string stood. Orders chronologically.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    year: i64,
    month: u32,
    day: u32,
}

/// Why a text is not a `YYYY-MM-DD` date.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum DateError {
    /// Not four digits, a dash, two digits, a dash and two digits.
    #[error("a date is written YYYY-MM-DD")]
    Format,
    /// The month or the day does not exist (month 13, 30 February, …).
    #[error("no such day in the calendar")]
    NoSuchDay,
}

/// Whether `year` has a 29 February.
pub fn is_leap_year(year: i64) -> bool {
    (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
}

/// The number of days in `month` (1 to 12) of `year`; 0 for a month that does not exist.
pub fn days_in_month(year: i64, month: u32) -> u32 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if is_leap_year(year) => 29,
        2 => 28,
        _ => 0,
    }
}

/// Howard Hinnant's `days_from_civil`: a proleptic Gregorian date to days since 1970-01-01.
pub fn days_from_civil(year: i64, month: u32, day: u32) -> i64 {
    let (m, d) = (i64::from(month), i64::from(day));
    let y = if m <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y.rem_euclid(400);
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// Howard Hinnant's `civil_from_days`: days since 1970-01-01 to a proleptic Gregorian
/// (year, month, day).
pub fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    // d is 1..=31 and m is 1..=12 by construction.
    (y, u32::try_from(m).unwrap_or(1), u32::try_from(d).unwrap_or(1))
}

impl Date {
    /// The date, if the month and day exist in that year.
    pub fn new(year: i64, month: u32, day: u32) -> Option<Date> {
        (day >= 1 && day <= days_in_month(year, month)).then_some(Date { year, month, day })
    }

    /// The date `days` days after 1970-01-01 (before it, if negative).
    pub fn from_days(days: i64) -> Date {
        let (year, month, day) = civil_from_days(days);
        Date { year, month, day }
    }

    /// Days since 1970-01-01 (negative before it).
    pub fn days(self) -> i64 {
        days_from_civil(self.year, self.month, self.day)
    }

    /// The year.
    pub fn year(self) -> i64 {
        self.year
    }

    /// The month, 1 to 12.
    pub fn month(self) -> u32 {
        self.month
    }

    /// The day of the month, 1 to 31.
    pub fn day(self) -> u32 {
        self.day
    }

    /// The date `n` days later (earlier, if negative).
    pub fn add_days(self, n: i64) -> Date {
        Date::from_days(self.days() + n)
    }

    /// The day of the week, 0 for Monday to 6 for Sunday.
    pub fn weekday(self) -> u32 {
        // 1970-01-01 was a Thursday.
        u32::try_from((self.days() + 3).rem_euclid(7)).unwrap_or(0)
    }

    /// Whether the day is a Saturday or a Sunday.
    pub fn is_weekend(self) -> bool {
        self.weekday() >= 5
    }

    /// The same day one year earlier; 29 February becomes 28 February.
    pub fn one_year_before(self) -> Date {
        let year = self.year - 1;
        Date { year, month: self.month, day: self.day.min(days_in_month(year, self.month)) }
    }

    /// The date in UTC at `unix_seconds`.
    pub fn utc(unix_seconds: i64) -> Date {
        Date::from_days(unix_seconds.div_euclid(SECONDS_PER_DAY))
    }

    /// The date in Lianyungang (UTC+8) at `unix_seconds`.
    pub fn china(unix_seconds: i64) -> Date {
        Date::utc(unix_seconds.saturating_add(CHINA_UTC_OFFSET_SECONDS))
    }

    /// The Unix time at which this day begins in Lianyungang.
    pub fn china_start(self) -> i64 {
        self.days() * SECONDS_PER_DAY - CHINA_UTC_OFFSET_SECONDS
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

impl FromStr for Date {
    type Err = DateError;

    /// Exactly `YYYY-MM-DD` in ASCII digits, with real month lengths.
    fn from_str(s: &str) -> Result<Date, DateError> {
        let b = s.as_bytes();
        if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
            return Err(DateError::Format);
        }
        let number = |range: std::ops::Range<usize>| {
            s.get(range).filter(|p| p.bytes().all(|c| c.is_ascii_digit())).and_then(|p| p.parse::<u32>().ok())
        };
        let (Some(year), Some(month), Some(day)) = (number(0..4), number(5..7), number(8..10)) else {
            return Err(DateError::Format);
        };
        Date::new(i64::from(year), month, day).ok_or(DateError::NoSuchDay)
    }
}

crate::serde_as_text!(Date);

/// `local_seconds` (Unix seconds with the zone's offset already added) as ISO 8601, ending in
/// `suffix` (the zone).
fn datetime(local_seconds: i64, suffix: &str) -> String {
    let date = Date::utc(local_seconds);
    let secs = local_seconds.rem_euclid(SECONDS_PER_DAY);
    format!("{date}T{:02}:{:02}:{:02}{suffix}", secs / 3600, secs / 60 % 60, secs % 60)
}

/// `unix_seconds` as ISO 8601 in UTC: `2026-05-01T06:30:00Z`.
pub fn utc_datetime(unix_seconds: i64) -> String {
    datetime(unix_seconds, "Z")
}

/// The date in Lianyungang at `unix_seconds` (see [`Date::china`]).
pub fn china_date(unix_seconds: i64) -> Date {
    Date::china(unix_seconds)
}

/// The time in Lianyungang at `unix_seconds`, as ISO 8601 with its offset
/// (`2024-05-01T14:30:00+08:00`, what Open311 asks for).
pub fn china_datetime(unix_seconds: i64) -> String {
    datetime(unix_seconds.saturating_add(CHINA_UTC_OFFSET_SECONDS), "+08:00")
}

/// Reads an ISO 8601 date-time with seconds and a zone (`2026-12-07T19:01:38+08:00`,
/// `2026-12-07T11:01:38Z`), as the intake writes them, into Unix seconds; `None` for anything else.
pub fn parse_datetime(s: &str) -> Option<i64> {
    let date: Date = s.get(..10)?.parse().ok()?;
    let b = s.as_bytes();
    if b.get(10) != Some(&b'T') || b.get(13) != Some(&b':') || b.get(16) != Some(&b':') {
        return None;
    }
    let two = |at: usize| {
        s.get(at..at + 2).filter(|p| p.bytes().all(|c| c.is_ascii_digit())).and_then(|p| p.parse::<i64>().ok())
    };
    let (h, m, sec) = (two(11)?, two(14)?, two(17)?);
    if h > 23 || m > 59 || sec > 60 {
        return None;
    }
    let offset = match s.get(19..)? {
        "Z" => 0,
        zone if zone.len() == 6 && zone.as_bytes()[3] == b':' => {
            let sign = match zone.as_bytes()[0] {
                b'+' => 1,
                b'-' => -1,
                _ => return None,
            };
            let (oh, om) = (two(20)?, two(23)?);
            sign * (oh * 3600 + om * 60)
        }
        _ => return None,
    };
    Some(date.days() * SECONDS_PER_DAY + h * 3600 + m * 60 + sec - offset)
}

/// The months' English abbreviations, January first.
pub const MONTHS_EN: [&str; 12] = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

/// The day in Lianyungang at `unix_seconds`, as a reader writes it: `2026年12月7日`,
/// `7 Dec 2026`.
pub fn china_day_text(unix_seconds: i64, lang: crate::i18n::Lang) -> String {
    let d = Date::china(unix_seconds);
    match lang {
        crate::i18n::Lang::Zh => format!("{}年{}月{}日", d.year, d.month, d.day),
        crate::i18n::Lang::En => format!("{} {} {}", d.day, MONTHS_EN[(d.month - 1) as usize], d.year),
    }
}

/// The time in Lianyungang (China Standard Time, UTC+8, the zone the bureau works and counts its
/// deadlines in) at `unix_seconds`, to the minute, as a reader writes it: `2026年12月7日 19:01`,
/// `7 Dec 2026, 19:01`.
pub fn china_time_text(unix_seconds: i64, lang: crate::i18n::Lang) -> String {
    let secs = unix_seconds.saturating_add(CHINA_UTC_OFFSET_SECONDS).rem_euclid(SECONDS_PER_DAY);
    let sep = lang.pick(" ", ", ");
    format!("{}{sep}{:02}:{:02}", china_day_text(unix_seconds, lang), secs / 3600, secs / 60 % 60)
}

/// An ISO 8601 date-time from the intake (see [`parse_datetime`]) as [`china_time_text`]; a text
/// that is not one is shown as it is.
pub fn datetime_text(iso: &str, lang: crate::i18n::Lang) -> String {
    parse_datetime(iso).map_or_else(|| iso.to_owned(), |t| china_time_text(t, lang))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(s: &str) -> Date {
        s.parse().expect(s)
    }

    #[test]
    fn civil_dates_from_day_numbers() {
        assert_eq!(civil_from_days(0), (1970, 1, 1));
        assert_eq!(civil_from_days(19_782), (2024, 2, 29));
        assert_eq!(civil_from_days(20_785), (2026, 11, 28));
        assert_eq!(civil_from_days(-1), (1969, 12, 31));
    }

    #[test]
    fn day_numbers_round_trip_over_four_centuries() {
        for days in -200_000..200_000 {
            let d = Date::from_days(days);
            assert_eq!(d.days(), days, "{d}");
            assert_eq!(Date::new(d.year(), d.month(), d.day()), Some(d));
            assert_eq!(d.to_string().parse::<Date>(), Ok(d));
        }
    }

    #[test]
    fn leap_years_follow_the_gregorian_rule() {
        assert!(is_leap_year(2024) && is_leap_year(2000) && is_leap_year(0));
        assert!(!is_leap_year(2023) && !is_leap_year(1900) && !is_leap_year(2100));
        assert_eq!(days_in_month(2024, 2), 29);
        assert_eq!(days_in_month(2023, 2), 28);
        assert_eq!(days_in_month(2023, 4), 30);
        assert_eq!(days_in_month(2023, 13), 0);
    }

    #[test]
    fn parsing_is_strict_and_display_gives_it_back() {
        for ok in ["2024-02-29", "0000-01-01", "9999-12-31", "1970-01-01"] {
            assert_eq!(date(ok).to_string(), ok);
        }
        for bad in ["2023-02-29", "2024-13-01", "2024-00-10", "2024-04-31", "2024-01-00"] {
            assert_eq!(bad.parse::<Date>(), Err(DateError::NoSuchDay), "{bad}");
        }
        for bad in ["2024-1-01", "20240501", "２０２４-05-01", "", "2024-05-01 ", "+024-05-01", "2024/05/01"] {
            assert_eq!(bad.parse::<Date>(), Err(DateError::Format), "{bad}");
        }
    }

    #[test]
    fn dates_order_chronologically_and_add_days() {
        assert!(date("2023-12-31") < date("2024-01-01"));
        assert!(date("2024-02-09") < date("2024-02-10"));
        assert_eq!(date("2024-02-28").add_days(1), date("2024-02-29"));
        assert_eq!(date("2023-02-28").add_days(1), date("2023-03-01"));
        assert_eq!(date("2024-12-31").add_days(1), date("2025-01-01"));
        assert_eq!(date("2024-03-01").add_days(-1), date("2024-02-29"));
        assert_eq!(date("2023-06-02").weekday(), 4); // a Friday
        assert!(date("2023-06-03").is_weekend() && !date("2023-06-05").is_weekend());
    }

    #[test]
    fn one_year_before_handles_leap_days() {
        assert_eq!(date("2024-02-29").one_year_before(), date("2023-02-28"));
        assert_eq!(date("2024-06-15").one_year_before(), date("2023-06-15"));
        assert_eq!(date("2025-03-01").one_year_before(), date("2024-03-01"));
    }

    #[test]
    fn serde_uses_the_same_text() {
        assert_eq!(serde_json::to_string(&date("2024-05-01")).expect("serialise"), r#""2024-05-01""#);
        assert_eq!(serde_json::from_str::<Date>(r#""2024-05-01""#).expect("parse"), date("2024-05-01"));
        assert!(serde_json::from_str::<Date>(r#""2024-02-30""#).is_err());
    }

    #[test]
    fn china_dates_are_utc_plus_eight() {
        assert_eq!(china_date(0).to_string(), "1970-01-01");
        assert_eq!(china_datetime(0), "1970-01-01T08:00:00+08:00");
        // 2024-02-28T16:00:00Z is midnight on the leap day in Lianyungang.
        assert_eq!(china_date(1_709_136_000).to_string(), "2024-02-29");
        assert_eq!(china_date(1_709_135_999).to_string(), "2024-02-28");
        assert_eq!(china_datetime(1_718_433_000), "2024-06-15T14:30:00+08:00");
        assert_eq!(china_date(-1).to_string(), "1970-01-01");
        assert_eq!(china_date(-28_801).to_string(), "1969-12-31");
        assert_eq!(date("2024-02-29").china_start(), 1_709_136_000);
    }

    #[test]
    fn utc_times_are_iso_8601_with_z() {
        assert_eq!(utc_datetime(0), "1970-01-01T00:00:00Z");
        assert_eq!(utc_datetime(1_714_545_000), "2024-05-01T06:30:00Z");
        assert_eq!(utc_datetime(951_782_400), "2000-02-29T00:00:00Z");
        assert_eq!(utc_datetime(-1), "1969-12-31T23:59:59Z");
        assert_eq!(Date::utc(-1), date("1969-12-31"));
    }
}
