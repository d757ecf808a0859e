//! `GET /metrics`: the real binary answers a loopback scraper with Prometheus text that the
//! Prometheus project's own parser (prometheus-client, Python) reads, counting requests by route
//! and status and reports by status; an address that is neither loopback nor a trusted proxy gets
//! a 404, as for any unknown path.

mod common;
#[path = "../../../tests/opendata/python.rs"]
mod python;

use std::net::SocketAddr;

use axum::body::Body;
use axum::extract::ConnectInfo;
use axum::http::{Request, StatusCode};
use common::server::{Server, http};
use common::staff::Harness;

#[test]
fn a_loopback_scraper_gets_prometheus_text_the_prometheus_parser_reads() {
    let dir = tempfile::tempdir().expect("tempdir");
    let server = Server::start(&dir.path().join("data"), &[]);
    for _ in 0..3 {
        assert_eq!(http(&server.address, "GET", "/api/health", &[], b"").expect("health").status, 200);
    }
    assert_eq!(http(&server.address, "GET", "/api/nope", &[], b"").expect("nope").status, 404);
    let raw = http(&server.address, "GET", "/metrics", &[], b"").expect("metrics");
    assert_eq!(raw.status, 200);
    assert_eq!(raw.header("content-type"), Some("text/plain; version=0.0.4; charset=utf-8"));
    let text = String::from_utf8(raw.body).expect("utf-8");
    assert!(!text.contains("127.0.0.1"), "no client address in the metrics");
    let file = dir.path().join("metrics.txt");
    std::fs::write(&file, &text).expect("write");
    let read = python::check("metrics", &file);
    server.stop();

    assert_eq!(read["families"]["portal_http_requests"], "counter", "{read}");
    for gauge in ["portal_reports", "portal_reports_overdue", "portal_database_bytes", "portal_disk_free_bytes"] {
        assert_eq!(read["families"][gauge], "gauge", "{gauge}: {read}");
    }
    let sample = |name: &str, key: &str, value: &str| {
        read["samples"]
            .as_array()
            .expect("samples")
            .iter()
            .find(|s| s["name"] == name && s["labels"][key] == value)
            .cloned()
    };
    let health = sample("portal_http_requests_total", "route", "/api/health").expect("health is counted");
    assert_eq!(health["labels"]["status"], "200");
    assert_eq!(health["value"], 3.0);
    assert!(
        sample("portal_http_requests_total", "route", "/api/{*rest}").is_some(),
        "unknown API paths share one label"
    );
    assert_eq!(sample("portal_reports", "status", "received").expect("received")["value"], 0.0);
    let db = read["samples"]
        .as_array()
        .expect("samples")
        .iter()
        .find(|s| s["name"] == "portal_database_bytes")
        .expect("db size");
    assert!(db["value"].as_f64().is_some_and(|b| b > 0.0));
}

#[tokio::test]
async fn only_loopback_and_trusted_proxies_may_scrape() {
    let from = |ip: [u8; 4]| SocketAddr::from((ip, 40_000));
    let h = Harness::with(|c| c.trusted_proxies = vec!["10.0.0.0/8".parse().expect("a block")]);
    for (peer, expected) in
        [([203, 0, 113, 9], StatusCode::NOT_FOUND), ([10, 1, 2, 3], StatusCode::OK), ([127, 0, 0, 1], StatusCode::OK)]
    {
        let mut request = Request::get("/metrics").body(Body::empty()).expect("request");
        request.extensions_mut().insert(ConnectInfo(from(peer)));
        let response = h.send(request).await;
        assert_eq!(response.status(), expected, "{peer:?}");
    }
    // Without a known peer (no connection information at all), nothing is given away.
    assert_eq!(h.get("/metrics", None).await.status(), StatusCode::NOT_FOUND);
}
