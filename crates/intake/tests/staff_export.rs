//! The staff export read by readers the project did not write: each CSV (with and without
//! contact details) with its descriptor from `GET /api/staff/export.datapackage.json`, checked by
//! Python's csv module, pandas and frictionless (tests/opendata/check.py): one rectangular
//! table, header first, every column typed and defined, a tricky description read back whole.

mod common;
#[path = "../../../tests/opendata/python.rs"]
mod python;

use axum::http::StatusCode;
use common::staff::Harness;
use common::upload::{self, DESCRIPTION, valid_report, valid_report_with};
use common::{body, header};
use serde_json::json;

#[tokio::test]
async fn the_staff_export_and_its_descriptor_are_read_by_csv_pandas_and_frictionless() {
    let h = Harness::new();
    let (plain, _) = h.file_report(&valid_report(), &[upload::jpeg_with_gps()]).await;
    let tricky_text = format!("=1+1, \"引号\"\n{DESCRIPTION}");
    let tricky = valid_report_with("description", json!(tricky_text));
    let (odd, _) = h.file_report(&tricky, &[upload::jpeg_with_gps()]).await;
    let ada = h.staff("ada", "admin").await;

    // A triager may not read the descriptor either.
    let tim = h.staff("tim", "triager").await;
    assert_eq!(h.get("/api/staff/export.datapackage.json", Some(&tim)).await.status(), StatusCode::FORBIDDEN);

    let dir = python::scratch("staff");
    for (n, query) in ["", "?with_contact=1"].into_iter().enumerate() {
        let response = h.get(&format!("/api/staff/export.csv{query}"), Some(&ada)).await;
        assert_eq!(response.status(), StatusCode::OK);
        let disposition = header(&response, "content-disposition").expect("a file name").to_owned();
        let name = disposition.split('"').nth(1).expect("a quoted file name").to_owned();
        let csv = body(response).await;
        let response = h.get(&format!("/api/staff/export.datapackage.json{query}"), Some(&ada)).await;
        assert_eq!(response.status(), StatusCode::OK);
        assert_eq!(header(&response, "content-type"), Some("application/json"));
        let descriptor = body(response).await;
        let sub = dir.join(n.to_string());
        std::fs::create_dir_all(&sub).expect("a directory");
        std::fs::write(sub.join(&name), &csv).expect("write the CSV");
        std::fs::write(sub.join("datapackage.json"), &descriptor).expect("write the descriptor");
    }
    let read = python::check("staff", &dir);
    let headers = [portal_core::query::export_staff::headers(false), portal_core::query::export_staff::headers(true)];
    for (i, with_contact) in [false, true].into_iter().enumerate() {
        let got = &read[i];
        assert_eq!(got["with_contact"], with_contact);
        assert_eq!(got["header"], json!(headers[i]));
        assert_eq!(got["ids"], json!([plain, odd]), "one row per report, oldest first");
        assert_eq!(got["descriptions"][0], DESCRIPTION);
        assert_eq!(got["descriptions"][1], format!("'{tricky_text}"), "defused, and read back whole");
        assert_eq!(got["photos"], json!([1, 1]), "typed as integers");
        assert_eq!(got["wants_reward"], json!([false, false]), "typed as booleans");
    }
}
