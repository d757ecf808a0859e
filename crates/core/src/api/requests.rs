//! The public list of reports, `GET /api/open311/v2/requests.json` (GeoReport v2 "Get service
//! requests"): which reports a query asks for ([`RequestsQuery::from_params`]).
//!
//! As GeoReport v2 describes: `service_request_id` (comma-separated ids, which overrides the other
//! filters), `service_code` (comma-separated categories), `status` (`open` or `closed`),
//! `start_date` and `end_date` (W3C dates or date-times; the range defaults to the last
//! [`MAX_SPAN_DAYS`] days and may not span more). Pagination, which GeoReport v2 leaves to each
//! server, is `page` (from 1) and `page_size` (at most [`MAX_PAGE_SIZE`]).

use serde::Deserialize;

use crate::date::{Date, SECONDS_PER_DAY};
use crate::report::Category;

/// The longest date range one query may span, in days.
pub const MAX_SPAN_DAYS: i64 = 90;
/// The most reports one page holds.
pub const MAX_PAGE_SIZE: u32 = 200;
/// The page size when none is asked for.
pub const DEFAULT_PAGE_SIZE: u32 = 50;
/// The most ids one `service_request_id` may list.
pub const MAX_IDS: usize = 50;

/// Open311's two states.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OpenClosed {
    Open,
    Closed,
}

/// A parsed `GET requests.json` query.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RequestsQuery {
    /// Only these reports (their public ids); the other filters are ignored when set.
    pub ids: Vec<String>,
    /// Only these categories (empty: any).
    pub categories: Vec<String>,
    pub status: Option<OpenClosed>,
    /// Filed at or after (Unix seconds).
    pub start: i64,
    /// Filed at or before (Unix seconds).
    pub end: i64,
    /// The page, from 1.
    pub page: u32,
    pub page_size: u32,
}

/// The query string's parameters as sent (decoded, not yet checked). Unknown ones are refused.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RequestsParams {
    pub service_request_id: Option<String>,
    pub service_code: Option<String>,
    pub status: Option<String>,
    pub start_date: Option<String>,
    pub end_date: Option<String>,
    pub page: Option<String>,
    pub page_size: Option<String>,
    /// The language of error messages (read by the service's language extractor).
    pub lang: Option<String>,
    /// GeoReport v2's jurisdiction: this service has one, so any value is accepted.
    pub jurisdiction_id: Option<String>,
}

impl RequestsQuery {
    /// The query `params` ask for at `now` (Unix seconds). An error names the parameter at fault
    /// (its kind is [`crate::report::ErrorKind::QueryInvalid`]).
    pub fn from_params(params: &RequestsParams, now: i64) -> Result<RequestsQuery, String> {
        let given = |v: &Option<String>| v.as_deref().map(str::trim).filter(|v| !v.is_empty()).map(str::to_owned);
        let list = |v: &Option<String>| -> Vec<String> {
            given(v)
                .map(|v| v.split(',').map(str::trim).filter(|s| !s.is_empty()).map(str::to_owned).collect())
                .unwrap_or_default()
        };
        let bad = |name: &str| name.to_owned();
        let ids = list(&params.service_request_id);
        if ids.len() > MAX_IDS {
            return Err(bad("service_request_id"));
        }
        let categories = list(&params.service_code);
        if categories.iter().any(|c| Category::from_key(c).is_none()) {
            return Err(bad("service_code"));
        }
        let status = match given(&params.status).as_deref() {
            None => None,
            Some("open") => Some(OpenClosed::Open),
            Some("closed") => Some(OpenClosed::Closed),
            Some(_) => return Err(bad("status")),
        };
        let date = |v: &Option<String>, name: &str, end_of_day: bool| {
            given(v).map(|t| parse_w3c(&t, end_of_day).ok_or_else(|| bad(name))).transpose()
        };
        let start = date(&params.start_date, "start_date", false)?;
        let end = date(&params.end_date, "end_date", true)?;
        let number = |v: &Option<String>, name: &str, range: std::ops::RangeInclusive<u32>, default: u32| {
            given(v).map_or(Ok(default), |t| t.parse().ok().filter(|n| range.contains(n)).ok_or_else(|| bad(name)))
        };
        let page = number(&params.page, "page", 1..=u32::MAX, 1)?;
        let page_size = number(&params.page_size, "page_size", 1..=MAX_PAGE_SIZE, DEFAULT_PAGE_SIZE)?;

        let span = MAX_SPAN_DAYS * SECONDS_PER_DAY;
        let (start, end) = match (start, end) {
            (Some(s), Some(e)) => (s, e),
            (Some(s), None) => (s, s.saturating_add(span).min(now.max(s))),
            (None, Some(e)) => (e.saturating_sub(span), e),
            (None, None) => (now - span, now),
        };
        if end < start {
            return Err(bad("end_date"));
        }
        if end - start > span {
            return Err(bad("start_date"));
        }
        Ok(RequestsQuery { ids, categories, status, start, end, page, page_size })
    }

    /// The number of reports to skip for this page.
    pub fn offset(&self) -> u64 {
        u64::from(self.page - 1) * u64::from(self.page_size)
    }
}

/// A W3C date (`2026-12-07`) or date-time (`2026-12-07T19:01:38+08:00`, `…Z`, read by
/// [`crate::date::parse_datetime`]) as Unix seconds. A bare date is read in China time, as its
/// start (or, with `end_of_day`, its last second).
pub fn parse_w3c(text: &str, end_of_day: bool) -> Option<i64> {
    if text.len() > 10 {
        return crate::date::parse_datetime(text);
    }
    let start = text.parse::<Date>().ok()?.china_start();
    Some(if end_of_day { start + SECONDS_PER_DAY - 1 } else { start })
}
