//! Open311 service discovery through the service's own router: `GET
//! /api/open311/discovery.json` names the GeoReport v2 endpoint on the requested host, and the
//! endpoint it names answers with the categories.

mod common;

use axum::body::Body;
use axum::http::{Request, StatusCode};
use common::staff::Harness;
use common::{header, json};

#[tokio::test]
async fn discovery_names_the_georeport_endpoint_that_answers() {
    let h = Harness::new();
    let request = Request::get("/api/open311/discovery.json")
        .header("host", "portal.example")
        .header("x-forwarded-proto", "https")
        .body(Body::empty())
        .expect("request");
    let response = h.send(request).await;
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(header(&response, "content-type"), Some("application/json"));
    let doc = json(response).await;
    let endpoint = &doc["endpoints"][0];
    assert_eq!(endpoint["specification"], "http://wiki.open311.org/GeoReport_v2");
    assert_eq!(endpoint["url"], "https://portal.example/api/open311/v2");
    assert_eq!(endpoint["formats"][0], "application/json");

    // The named endpoint is the one that lists the categories.
    let url = endpoint["url"].as_str().expect("a URL");
    let path = format!("{}/services.json", url.trim_start_matches("https://portal.example"));
    let services = h.get(&path, None).await;
    assert_eq!(services.status(), StatusCode::OK);
    assert!(json(services).await.as_array().is_some_and(|a| !a.is_empty()));

    // Discovery is read-only.
    let post = Request::post("/api/open311/discovery.json").body(Body::empty()).expect("request");
    assert_eq!(h.send(post).await.status(), StatusCode::METHOD_NOT_ALLOWED);
}
