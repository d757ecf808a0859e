//! How the bureau handles reports, in public figures: counts by status, category, district and
//! month, the median days to a first response and to closing, the share handled within the
//! [`ACK_DAYS`] and [`HANDLE_DAYS`] deadlines, and how many reports are overdue now.
//!
//! The figures are computed from one [`HandlingRecord`] per report, which holds no personal data
//! and no free text. Every count below [`MIN_CELL`] is withheld (`None`, shown as "< 5"), and so
//! is every median or share computed over fewer than [`MIN_CELL`] reports, so that no figure
//! points at one reporter.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::date::{Date, SECONDS_PER_DAY, china_datetime};
use crate::i18n::Lang;
use crate::report::{ACK_DAYS, Deadlines, HANDLE_DAYS, Status};

/// The smallest count shown as a number; smaller counts read "< 5".
pub const MIN_CELL: u32 = 5;

/// What the figures need to know of one report.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HandlingRecord {
    /// The category's key.
    pub category: String,
    /// The district's code, if the reporter named one (and retention has not removed it).
    pub district_code: Option<String>,
    pub status: Status,
    /// When it arrived (Unix seconds).
    pub created_at: i64,
    /// The bureau's first response: its first reply or first status change (Unix seconds).
    pub first_response_at: Option<i64>,
    /// When it reached a closed status (Unix seconds).
    pub closed_at: Option<i64>,
}

/// One row of a breakdown: a key (a status, category or district key, or a month `YYYY-MM`)
/// and how many reports it counts (`None`: fewer than [`MIN_CELL`]).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Cell {
    pub key: String,
    pub count: Option<u32>,
}

/// A share of reports handled within a deadline: `within` of `of` (`None`: fewer than
/// [`MIN_CELL`]), and the share in percent, withheld with either count (it would give `within`
/// away).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Share {
    pub within: Option<u32>,
    pub of: Option<u32>,
    pub percent: Option<f64>,
}

/// The public figures on report handling (`GET /api/reports/handling.json`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct HandlingStats {
    /// When they were computed (China time, W3C).
    pub generated_at: String,
    /// The smallest count shown; smaller ones are `null`.
    pub min_cell: u32,
    /// Every report received.
    pub total: Option<u32>,
    /// By status, in workflow order.
    pub by_status: Vec<Cell>,
    /// By category, largest first.
    pub by_category: Vec<Cell>,
    /// By district (`unknown` where none was named), largest first.
    pub by_district: Vec<Cell>,
    /// By month of arrival (China time), oldest first.
    pub by_month: Vec<Cell>,
    /// The median days from arrival to the first response, over the reports that had one.
    pub median_days_to_first_response: Option<f64>,
    /// The median days from arrival to closing, over the closed reports.
    pub median_days_to_close: Option<f64>,
    /// Acknowledged within [`ACK_DAYS`], of the reports acknowledged or past that deadline.
    pub acknowledged_in_time: Share,
    /// Closed within [`HANDLE_DAYS`], of the reports closed or past that deadline.
    pub closed_in_time: Share,
    /// Open reports past a deadline now.
    pub overdue_now: Option<u32>,
}

/// The key of reports without a district.
pub const UNKNOWN_DISTRICT: &str = "unknown";

/// A count, withheld below [`MIN_CELL`].
pub fn shown(count: u32) -> Option<u32> {
    (count >= MIN_CELL).then_some(count)
}

/// A count as a reader sees it: the number, or "< 5".
pub fn count_text(count: Option<u32>) -> String {
    match count {
        Some(n) => n.to_string(),
        None => format!("< {MIN_CELL}"),
    }
}

/// Days as a reader sees them, to one decimal, or a dash where withheld.
pub fn days_text(days: Option<f64>, lang: Lang) -> String {
    match days {
        Some(d) => format!("{d:.1}{}", lang.pick(" 天", " days")),
        None => lang.pick("—（不足5件）", "— (fewer than 5)").to_owned(),
    }
}

/// The figures over `records` as they stand at `now` (Unix seconds).
pub fn handling_stats(records: &[HandlingRecord], now: i64) -> HandlingStats {
    let days = |from: i64, to: i64| (to - from) as f64 / SECONDS_PER_DAY as f64;

    let by_status = Status::ALL
        .iter()
        .map(|s| Cell { key: s.key().to_owned(), count: shown(count_where(records, |r| r.status == *s)) })
        .collect();
    let by_category = breakdown(records.iter().map(|r| r.category.clone()), false);
    let by_district = breakdown(
        records.iter().map(|r| r.district_code.clone().unwrap_or_else(|| UNKNOWN_DISTRICT.to_owned())),
        false,
    );
    let by_month = breakdown(
        records.iter().map(|r| {
            let d = Date::china(r.created_at);
            format!("{:04}-{:02}", d.year(), d.month())
        }),
        true,
    );

    let response_days: Vec<f64> =
        records.iter().filter_map(|r| r.first_response_at.map(|at| days(r.created_at, at))).collect();
    let close_days: Vec<f64> = records
        .iter()
        .filter(|r| !r.status.is_open())
        .filter_map(|r| r.closed_at.map(|at| days(r.created_at, at)))
        .collect();

    let ack_limit = ACK_DAYS * SECONDS_PER_DAY;
    let handle_limit = HANDLE_DAYS * SECONDS_PER_DAY;
    let mut ack = (0, 0);
    let mut close = (0, 0);
    for r in records {
        match r.first_response_at {
            Some(at) => ack = (ack.0 + u32::from(at - r.created_at <= ack_limit), ack.1 + 1),
            None if now - r.created_at > ack_limit => ack.1 += 1,
            None => {}
        }
        match (r.status.is_open(), r.closed_at) {
            (false, Some(at)) => close = (close.0 + u32::from(at - r.created_at <= handle_limit), close.1 + 1),
            (true, _) if now - r.created_at > handle_limit => close.1 += 1,
            _ => {}
        }
    }
    let overdue = count_where(records, |r| {
        let d = Deadlines::at(r.created_at, r.status, r.first_response_at.is_some(), now);
        r.status.is_open() && (d.ack_overdue || d.handle_overdue)
    });

    HandlingStats {
        generated_at: china_datetime(now),
        min_cell: MIN_CELL,
        total: shown(records.len() as u32),
        by_status,
        by_category,
        by_district,
        by_month,
        median_days_to_first_response: median(response_days),
        median_days_to_close: median(close_days),
        acknowledged_in_time: share(ack),
        closed_in_time: share(close),
        overdue_now: shown(overdue),
    }
}

fn count_where(records: &[HandlingRecord], keep: impl Fn(&HandlingRecord) -> bool) -> u32 {
    records.iter().filter(|r| keep(r)).count() as u32
}

/// Counts per key: by key when `by_key`, else largest first (ties by key).
fn breakdown(keys: impl Iterator<Item = String>, by_key: bool) -> Vec<Cell> {
    let mut counts: BTreeMap<String, u32> = BTreeMap::new();
    for key in keys {
        *counts.entry(key).or_default() += 1;
    }
    let mut rows: Vec<(String, u32)> = counts.into_iter().collect();
    if !by_key {
        rows.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    }
    rows.into_iter().map(|(key, n)| Cell { key, count: shown(n) }).collect()
}

/// The median to one decimal, withheld over fewer than [`MIN_CELL`] values.
fn median(mut values: Vec<f64>) -> Option<f64> {
    if values.len() < MIN_CELL as usize {
        return None;
    }
    values.sort_by(f64::total_cmp);
    let mid = values.len() / 2;
    let m = if values.len().is_multiple_of(2) { (values[mid - 1] + values[mid]) / 2.0 } else { values[mid] };
    Some((m * 10.0).round() / 10.0)
}

fn share((within, of): (u32, u32)) -> Share {
    let percent =
        (of >= MIN_CELL && within >= MIN_CELL).then(|| (f64::from(within) * 1000.0 / f64::from(of)).round() / 10.0);
    Share { within: shown(within), of: shown(of), percent }
}
