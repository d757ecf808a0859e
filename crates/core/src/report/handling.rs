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

impl HandlingRecord {
    /// Whether the bureau has responded: a reply or a status change (a report that left
    /// `received` counts even if its change was not logged).
    pub fn acknowledged(&self) -> bool {
        self.first_response_at.is_some() || self.status != Status::Received
    }

    /// Its deadlines as they stand at `now`.
    pub fn deadlines(&self, now: i64) -> Deadlines {
        Deadlines::at(self.created_at, self.status, self.acknowledged(), now)
    }
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

/// Days as a reader sees them, to one decimal, or a dash where withheld (see [`Text::Withheld`]).
pub fn days_text(days: Option<f64>, lang: Lang) -> String {
    match days {
        Some(d) => format!("{d:.1}{}", lang.pick(" 天", " days")),
        None => "—".to_owned(),
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
        let d = r.deadlines(now);
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

/// A month key (`2026-11`) as a reader reads it: "2026年11月" / "Nov 2026".
pub fn month_label(key: &str, lang: Lang) -> String {
    let parsed =
        key.split_once('-').and_then(|(y, m)| Some((y, m.parse::<usize>().ok().filter(|m| (1..=12).contains(m))?)));
    match (parsed, lang) {
        (Some((y, m)), Lang::Zh) => format!("{y}年{m}月"),
        (Some((y, m)), Lang::En) => format!("{} {y}", crate::date::MONTHS_EN[m - 1]),
        (None, _) => key.to_owned(),
    }
}

/// A share as a reader reads it: "5 / 6（83.3%）", "< 5 / 6", or a dash when fewer than five
/// reports count (see [`Text::Withheld`]).
pub fn share_text(share: &Share, lang: Lang) -> String {
    if share.of.is_none() {
        return "—".to_owned();
    }
    let base = format!("{} / {}", count_text(share.within), count_text(share.of));
    match share.percent {
        Some(p) => format!("{base}{}", lang.pick(&format!("（{p:.1}%）"), &format!(" ({p:.1} %)"))),
        None => base,
    }
}

/// The handling page's texts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Text {
    Title,
    Intro,
    Privacy,
    Deadlines,
    AsOf,
    Total,
    MedianResponse,
    MedianClose,
    AckInTime,
    ClosedInTime,
    OverdueNow,
    ByStatus,
    ByCategory,
    ByDistrict,
    ByMonth,
    Count,
    UnknownDistrict,
    Withheld,
    NoReports,
    ColStatus,
    ColCategory,
    ColDistrict,
    ColMonth,
    Files,
    LinkFromReport,
    Unavailable,
}

impl Text {
    /// Every text, for completeness checks.
    pub const ALL: [Text; 26] = [
        Text::Title,
        Text::Intro,
        Text::Privacy,
        Text::Deadlines,
        Text::AsOf,
        Text::Total,
        Text::MedianResponse,
        Text::MedianClose,
        Text::AckInTime,
        Text::ClosedInTime,
        Text::OverdueNow,
        Text::ByStatus,
        Text::ByCategory,
        Text::ByDistrict,
        Text::ByMonth,
        Text::Count,
        Text::UnknownDistrict,
        Text::Withheld,
        Text::NoReports,
        Text::ColStatus,
        Text::ColCategory,
        Text::ColDistrict,
        Text::ColMonth,
        Text::Files,
        Text::LinkFromReport,
        Text::Unavailable,
    ];

    pub fn text(self, lang: Lang) -> &'static str {
        match self {
            Text::Title => lang.pick("举报办理情况", "How reports are handled"),
            Text::Intro => lang.pick(
                "以下数字由举报受理服务根据自身记录实时计算：收到多少举报、办到哪一步、用了多少天。",
                "These figures are computed by the report service from its own records as you open this page: how many reports arrived, where they stand and how many days they took.",
            ),
            Text::Privacy => lang.pick(
                "不含任何个人信息或举报内容。少于5件的数字显示为“< 5”，以免指向具体举报人。",
                "They hold no personal data and nothing a reporter wrote. Any count below 5 is shown as “< 5”, so that no figure points at one reporter.",
            ),
            Text::Deadlines => lang.pick(
                "统计采用的时限：收到后15日内答复，60日内办结（复杂案件依规可延长，此处未扣除延期）。",
                "The deadlines counted here: a first response within 15 days of arrival, and a conclusion within 60 days (complex cases may be extended under the rules; extensions are not taken into account here).",
            ),
            Text::AsOf => lang.pick("统计时间：", "As of "),
            Text::Total => lang.pick("收到的举报", "Reports received"),
            Text::MedianResponse => lang.pick("首次答复用时（中位数）", "Days to a first response (median)"),
            Text::MedianClose => lang.pick("办结用时（中位数）", "Days to closing (median)"),
            Text::AckInTime => lang.pick("15日内答复", "Answered within 15 days"),
            Text::ClosedInTime => lang.pick("60日内办结", "Closed within 60 days"),
            Text::OverdueNow => lang.pick("目前已超期", "Overdue now"),
            Text::ByStatus => lang.pick("按办理状态", "By status"),
            Text::ByCategory => lang.pick("按举报类别", "By category"),
            Text::ByDistrict => lang.pick("按区县", "By district"),
            Text::ByMonth => lang.pick("按收到月份", "By month received"),
            Text::Count => lang.pick("件数", "Reports"),
            Text::UnknownDistrict => lang.pick("未填写区县", "No district given"),
            Text::Withheld => lang.pick("不足5件，暂不计算", "fewer than 5 reports: not computed"),
            Text::NoReports => lang.pick("暂无举报。", "No reports yet."),
            Text::ColStatus => lang.pick("状态", "Status"),
            Text::ColCategory => lang.pick("类别", "Category"),
            Text::ColDistrict => lang.pick("区县", "District"),
            Text::ColMonth => lang.pick("月份", "Month"),
            Text::Files => lang.pick("数据文件（JSON）", "Data files (JSON)"),
            Text::LinkFromReport => lang.pick("举报办理情况：收到多少、办得多快", "How reports are handled: how many, and how fast"),
            Text::Unavailable => lang.pick(
                "举报受理服务暂时无法连接，办理情况无法显示，请稍后再试。",
                "The report service cannot be reached just now, so the figures cannot be shown. Try again later.",
            ),
        }
    }
}
