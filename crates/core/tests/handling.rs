//! Public figures on report handling (`report::handling`) and the public list's query
//! (`api::requests`): small counts withheld, deadlines counted from arrival, medians, and the
//! GeoReport v2 parameters.

use portal_core::api::requests::{MAX_PAGE_SIZE, OpenClosed, RequestsParams, RequestsQuery, parse_w3c};
use portal_core::date::{Date, SECONDS_PER_DAY};
use portal_core::report::Status;
use portal_core::report::handling::{Cell, HandlingRecord, count_text, handling_stats};

const DAY: i64 = SECONDS_PER_DAY;

/// 2026-12-07 00:00 China time.
fn now() -> i64 {
    "2026-12-07".parse::<Date>().expect("ok").china_start()
}

fn record(category: &str, district: Option<&str>, status: Status, age_days: i64) -> HandlingRecord {
    HandlingRecord {
        category: category.to_owned(),
        district_code: district.map(str::to_owned),
        status,
        created_at: now() - age_days * DAY,
        first_response_at: None,
        closed_at: None,
    }
}

fn responded(mut r: HandlingRecord, after_days: i64) -> HandlingRecord {
    r.first_response_at = Some(r.created_at + after_days * DAY);
    r
}

fn closed(mut r: HandlingRecord, after_days: i64) -> HandlingRecord {
    r.closed_at = Some(r.created_at + after_days * DAY);
    r
}

fn cell<'a>(cells: &'a [Cell], key: &str) -> &'a Cell {
    cells.iter().find(|c| c.key == key).unwrap_or_else(|| panic!("no cell {key} in {cells:?}"))
}

#[test]
fn counts_below_five_are_withheld_everywhere() {
    let mut records: Vec<HandlingRecord> =
        (0..6).map(|i| responded(record("odour", Some("320703"), Status::UnderReview, 20 + i), 2)).collect();
    records.push(record("black_water", None, Status::Received, 1));
    let stats = handling_stats(&records, now());

    assert_eq!(stats.total, Some(7));
    assert_eq!(cell(&stats.by_category, "odour").count, Some(6));
    assert_eq!(cell(&stats.by_category, "black_water").count, None, "one report is withheld");
    assert_eq!(cell(&stats.by_district, "unknown").count, None);
    assert_eq!(cell(&stats.by_status, "under_review").count, Some(6));
    assert_eq!(cell(&stats.by_status, "resolved").count, None, "zero is below five too");
    assert_eq!(count_text(None), "< 5");
    assert_eq!(count_text(Some(12)), "12");
    // Every status has its row, in workflow order.
    let keys: Vec<&str> = stats.by_status.iter().map(|c| c.key.as_str()).collect();
    assert_eq!(keys, ["received", "under_review", "forwarded", "resolved", "closed_no_violation", "closed_other"]);

    let json = serde_json::to_value(&stats).expect("ok");
    assert_eq!(json["min_cell"], 5);
    assert!(json["by_category"].as_array().expect("ok").iter().any(|c| c["count"].is_null()));
}

#[test]
fn the_largest_categories_come_first_and_months_in_order() {
    let mut records = Vec::new();
    records.extend((0..5).map(|i| record("noise", None, Status::Received, 40 + i)));
    records.extend((0..7).map(|i| record("odour", None, Status::Received, 1 + i)));
    let stats = handling_stats(&records, now());
    assert_eq!(stats.by_category[0].key, "odour");
    assert_eq!(stats.by_category[1].key, "noise");
    // 40–44 days before 7 December is late October; 1–7 days before is late November or December.
    let months: Vec<&str> = stats.by_month.iter().map(|c| c.key.as_str()).collect();
    let mut sorted = months.clone();
    sorted.sort_unstable();
    assert_eq!(months, sorted);
    assert_eq!(months.first(), Some(&"2026-10"));
}

#[test]
fn medians_and_shares_count_from_arrival_and_withhold_small_bases() {
    // Five acknowledged after 1, 2, 3, 20 and 30 days; one open for 10 days without a response
    // (not yet due), one open for 70 days without one (late on both deadlines).
    let mut records: Vec<HandlingRecord> = [1, 2, 3, 20, 30]
        .iter()
        .map(|d| closed(responded(record("odour", None, Status::ClosedNoViolation, 100), *d), d + 10))
        .collect();
    records.push(record("odour", None, Status::Received, 10));
    records.push(record("odour", None, Status::Received, 70));
    let stats = handling_stats(&records, now());

    assert_eq!(stats.median_days_to_first_response, Some(3.0));
    assert_eq!(stats.median_days_to_close, Some(13.0));
    // Acknowledged in time: 3 of 6 (the five, plus the one past 15 days without a response).
    assert_eq!(stats.acknowledged_in_time.of, Some(6));
    assert_eq!(stats.acknowledged_in_time.within, None, "3 is withheld");
    assert_eq!(stats.acknowledged_in_time.percent, None, "a percent would give the 3 away");
    // Closed in time: the five closed within 11–40 days, plus the one open past 60 days.
    assert_eq!(stats.closed_in_time.within, Some(5));
    assert_eq!(stats.closed_in_time.of, Some(6));
    assert_eq!(stats.closed_in_time.percent, Some(83.3));
    // Overdue now: the 70-day-old report only; one is withheld.
    assert_eq!(stats.overdue_now, None);

    let few = handling_stats(&records[..4], now());
    assert_eq!(few.median_days_to_first_response, None, "a median over four reports is withheld");
}

#[test]
fn an_empty_store_gives_withheld_figures_not_errors() {
    let stats = handling_stats(&[], now());
    assert_eq!(stats.total, None);
    assert!(stats.by_category.is_empty() && stats.by_month.is_empty());
    assert_eq!(stats.median_days_to_close, None);
    assert_eq!(stats.closed_in_time.percent, None);
}

fn params(pairs: &[(&str, &str)]) -> RequestsParams {
    let mut p = RequestsParams::default();
    for (k, v) in pairs {
        let v = Some((*v).to_owned());
        match *k {
            "service_request_id" => p.service_request_id = v,
            "service_code" => p.service_code = v,
            "status" => p.status = v,
            "start_date" => p.start_date = v,
            "end_date" => p.end_date = v,
            "page" => p.page = v,
            "page_size" => p.page_size = v,
            other => panic!("no parameter {other}"),
        }
    }
    p
}

#[test]
fn the_default_query_is_the_last_90_days_first_page() {
    let q = RequestsQuery::from_params(&RequestsParams::default(), now()).expect("ok");
    assert_eq!((q.end - q.start) / DAY, 90);
    assert_eq!(q.end, now());
    assert_eq!((q.page, q.page_size, q.offset()), (1, 50, 0));
    assert!(q.status.is_none() && q.categories.is_empty() && q.ids.is_empty());
}

#[test]
fn filters_and_pages_are_read_as_geo_report_v2_describes() {
    let q = RequestsQuery::from_params(
        &params(&[
            ("service_code", "odour_or_discoloured_water, illegal_discharge"),
            ("status", "closed"),
            ("start_date", "2026-11-01"),
            ("end_date", "2026-11-30T23:59:59+08:00"),
            ("page", "3"),
            ("page_size", "20"),
        ]),
        now(),
    )
    .expect("ok");
    assert_eq!(q.categories, ["odour_or_discoloured_water", "illegal_discharge"]);
    assert_eq!(q.status, Some(OpenClosed::Closed));
    assert_eq!(q.start, "2026-11-01".parse::<Date>().expect("ok").china_start());
    assert_eq!(q.end, "2026-12-01".parse::<Date>().expect("ok").china_start() - 1);
    assert_eq!(q.offset(), 40);
}

#[test]
fn a_bad_parameter_is_named() {
    let refused = |pairs: &[(&str, &str)]| RequestsQuery::from_params(&params(pairs), now()).expect_err("refused");
    assert_eq!(refused(&[("status", "pending")]), "status");
    assert_eq!(refused(&[("service_code", "other,telepathy")]), "service_code");
    assert_eq!(refused(&[("start_date", "2026-13-01")]), "start_date");
    assert_eq!(refused(&[("start_date", "2026-01-01"), ("end_date", "2026-12-01")]), "start_date", "more than 90 days");
    assert_eq!(refused(&[("start_date", "2026-12-01"), ("end_date", "2026-11-01")]), "end_date");
    assert_eq!(refused(&[("page", "0")]), "page");
    assert_eq!(refused(&[("page_size", &(MAX_PAGE_SIZE + 1).to_string())]), "page_size");
    let many = vec!["x"; 51].join(",");
    assert_eq!(refused(&[("service_request_id", &many)]), "service_request_id");
}

#[test]
fn unknown_parameters_are_refused_when_read() {
    let err = serde_json::from_str::<RequestsParams>(r#"{"colour": "red"}"#).expect_err("refused");
    assert!(err.to_string().contains("colour"));
}

#[test]
fn w3c_dates_and_times_are_read_with_their_offsets() {
    let day = "2026-12-07".parse::<Date>().expect("ok");
    assert_eq!(parse_w3c("2026-12-07", false), Some(day.china_start()));
    assert_eq!(parse_w3c("2026-12-07", true), Some(day.china_start() + DAY - 1));
    assert_eq!(parse_w3c("2026-12-07T08:00:00+08:00", false), Some(day.days() * DAY));
    assert_eq!(parse_w3c("2026-12-07T00:00:00Z", false), Some(day.days() * DAY));
    assert_eq!(parse_w3c("2026-12-06T19:00:00-05:00", false), Some(day.days() * DAY));
    for bad in
        ["2026-12-7", "2026-12-07T25:00:00Z", "2026-12-07T10:00:00", "2026-12-07 10:00:00Z", "2026-12-07T10:00:00+0800"]
    {
        assert_eq!(parse_w3c(bad, false), None, "{bad}");
    }
}

#[test]
fn every_text_of_the_page_exists_in_both_languages() {
    use portal_core::i18n::Lang;
    use portal_core::report::handling::{Share, Text, month_label, share_text};
    let cjk = |s: &str| s.chars().any(|c| ('\u{4E00}'..='\u{9FFF}').contains(&c));
    for text in Text::ALL {
        let (zh, en) = (text.text(Lang::Zh), text.text(Lang::En));
        assert!(cjk(zh), "{text:?} in Chinese: {zh}");
        assert!(!cjk(en) && !en.trim().is_empty(), "{text:?} in English: {en}");
    }
    assert_eq!(month_label("2026-11", Lang::Zh), "2026年11月");
    assert_eq!(month_label("2026-11", Lang::En), "Nov 2026");
    assert_eq!(month_label("2026-13", Lang::En), "2026-13", "a malformed key is shown as it is");
    let share = Share { within: Some(5), of: Some(6), percent: Some(83.3) };
    assert_eq!(share_text(&share, Lang::Zh), "5 / 6（83.3%）");
    assert_eq!(share_text(&share, Lang::En), "5 / 6 (83.3 %)");
    let small = Share { within: None, of: Some(6), percent: None };
    assert_eq!(share_text(&small, Lang::En), "< 5 / 6");
    assert_eq!(share_text(&Share { within: None, of: None, percent: None }, Lang::Zh), "—");
}
