//! Report handling in public, through the service's own router: `GET requests.json` lists
//! reports' public statuses (GeoReport v2 filters and pages) and `GET
//! /api/reports/handling.json` gives the figures, neither with a description, place or contact.

mod common;

use axum::http::StatusCode;
use common::staff::Harness;
use common::upload::valid_report_with;
use common::{body, json};
use serde_json::{Value, json};

const DAY: i64 = 86_400;

/// Six reports: five of illegal discharge, taken up by a triager two days later, and one of
/// another kind, not yet answered. Returns the harness and the ids, oldest first.
async fn six_reports() -> (Harness, Vec<String>) {
    let h = Harness::new();
    let discharge = valid_report_with("photos_count", json!(0));
    let mut other = discharge.clone();
    other["category"] = json!("other");
    let mut ids = Vec::new();
    for i in 0..6 {
        let report = if i == 5 { &other } else { &discharge };
        ids.push(h.file_report(report, &[]).await.0);
        h.clock.advance(60);
    }
    h.clock.advance(2 * DAY);
    let triager = h.staff("tian", "triager").await;
    for id in &ids[..5] {
        let response =
            h.act(&format!("/api/staff/reports/{id}/status"), &triager, &json!({"status": "under_review"})).await;
        assert_eq!(response.status(), StatusCode::OK);
    }
    (h, ids)
}

fn keys(entry: &Value) -> Vec<&str> {
    let mut keys: Vec<&str> = entry.as_object().expect("an object").keys().map(String::as_str).collect();
    keys.sort_unstable();
    keys
}

#[tokio::test]
async fn the_public_list_shows_statuses_only_newest_first_filtered_and_paged() {
    let (h, ids) = six_reports().await;

    let response = h.get("/api/open311/v2/requests.json", None).await;
    assert_eq!(response.status(), StatusCode::OK);
    let raw = body(response).await;
    let text = String::from_utf8_lossy(&raw);
    for private in ["堆沟港", "暗管", "34.38", "lyg_chem_park", "320724", "e00042"] {
        assert!(!text.contains(private), "the public list gives away {private}: {text}");
    }
    let list: Value = serde_json::from_slice(&raw).expect("JSON");
    let list = list.as_array().expect("a list");
    assert_eq!(list.len(), 6);
    assert_eq!(
        keys(&list[0]),
        ["requested_datetime", "service_code", "service_request_id", "status", "status_detail", "updated_datetime"]
    );
    let listed: Vec<&str> = list.iter().map(|e| e["service_request_id"].as_str().expect("id")).collect();
    let newest_first: Vec<&str> = ids.iter().rev().map(String::as_str).collect();
    assert_eq!(listed, newest_first);
    assert_eq!(list[0]["service_code"], "other");
    assert_eq!(list[0]["status_detail"], "received");
    assert_eq!(list[1]["status_detail"], "under_review");

    let count = |list: Value| list.as_array().map(Vec::len).expect("a list");
    let get = async |uri: &str| {
        let response = h.get(uri, None).await;
        assert_eq!(response.status(), StatusCode::OK, "{uri}");
        json(response).await
    };
    assert_eq!(count(get("/api/open311/v2/requests.json?service_code=other").await), 1);
    assert_eq!(count(get("/api/open311/v2/requests.json?status=open").await), 6);
    assert_eq!(count(get("/api/open311/v2/requests.json?status=closed").await), 0);
    let page_two = get("/api/open311/v2/requests.json?page_size=4&page=2").await;
    assert_eq!(count(page_two.clone()), 2);
    assert_eq!(page_two[1]["service_request_id"], ids[0].as_str());
    let one = get(&format!("/api/open311/v2/requests.json?service_request_id={}", ids[2])).await;
    assert_eq!(count(one.clone()), 1);
    assert_eq!(one[0]["service_request_id"], ids[2].as_str());
    // Reports older than the range asked for are not listed.
    assert_eq!(count(get("/api/open311/v2/requests.json?start_date=2020-01-01&end_date=2020-02-01").await), 0);
}

#[tokio::test]
async fn a_bad_query_names_its_parameter_in_the_readers_language() {
    let h = Harness::new();
    for (query, field) in [
        ("status=pending", "status"),
        ("start_date=yesterday", "start_date"),
        ("start_date=2026-01-01&end_date=2026-06-01", "start_date"),
        ("page_size=1000", "page_size"),
        ("colour=red", "colour"),
    ] {
        let response = h.get(&format!("/api/open311/v2/requests.json?{query}&lang=en"), None).await;
        assert_eq!(response.status(), StatusCode::BAD_REQUEST, "{query}");
        let errors = json(response).await;
        assert_eq!(errors[0]["field"], field, "{query}");
        assert_eq!(errors[0]["kind"], "query_invalid");
        assert!(errors[0]["description"].as_str().is_some_and(|d| d.contains("90 days")), "{errors}");
    }
    let errors = json(h.get("/api/open311/v2/requests.json?status=pending", None).await).await;
    assert!(errors[0]["description"].as_str().is_some_and(|d| d.contains("90天")), "{errors}");
}

#[tokio::test]
async fn the_handling_figures_count_deadlines_and_withhold_small_cells() {
    let (h, _) = six_reports().await;
    let response = h.get("/api/reports/handling.json", None).await;
    assert_eq!(response.status(), StatusCode::OK);
    let raw = body(response).await;
    let text = String::from_utf8_lossy(&raw);
    for private in ["堆沟港", "暗管", "34.38", "e00042"] {
        assert!(!text.contains(private), "the figures give away {private}: {text}");
    }
    let stats: Value = serde_json::from_slice(&raw).expect("JSON");
    assert_eq!(stats["total"], 6);
    assert_eq!(stats["min_cell"], 5);
    let cell = |list: &str, key: &str| {
        stats[list].as_array().expect("a list").iter().find(|c| c["key"] == key).map(|c| c["count"].clone())
    };
    assert_eq!(cell("by_category", "illegal_discharge"), Some(json!(5)));
    assert_eq!(cell("by_category", "other"), Some(Value::Null), "one report reads < 5");
    assert_eq!(cell("by_status", "under_review"), Some(json!(5)));
    assert_eq!(cell("by_status", "received"), Some(Value::Null));
    assert_eq!(cell("by_district", "320724"), Some(json!(6)));
    // Five answered after two days (a minute apart): the median is two days to one decimal.
    assert_eq!(stats["median_days_to_first_response"], 2.0);
    assert_eq!(stats["acknowledged_in_time"]["within"], 5);
    assert_eq!(stats["acknowledged_in_time"]["percent"], 100.0);
    assert_eq!(stats["median_days_to_close"], Value::Null, "none is closed");
    assert_eq!(stats["overdue_now"], Value::Null);

    // Seventy days on, the five under review are overdue (60 days), and so is the unanswered one.
    h.clock.advance(70 * DAY);
    let stats = json(h.get("/api/reports/handling.json", None).await).await;
    assert_eq!(stats["overdue_now"], 6);
    assert_eq!(stats["closed_in_time"]["of"], 6);
    assert_eq!(stats["closed_in_time"]["within"], Value::Null);
    assert_eq!(stats["acknowledged_in_time"]["of"], 6);
    assert_eq!(stats["acknowledged_in_time"]["within"], 5);
    assert_eq!(stats["acknowledged_in_time"]["percent"], 83.3);
}
