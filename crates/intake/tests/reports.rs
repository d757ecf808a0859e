//! The report API against a real SQLite file: through the router in-process (tower `oneshot`),
//! and, for the privacy and fault tests, through the real binary over TCP.

mod common;

use std::net::SocketAddr;
use std::path::Path;
use std::sync::mpsc;
use std::time::Duration;

use axum::Router;
use axum::body::Body;
use axum::extract::ConnectInfo;
use axum::http::{Request, Response, StatusCode};
use common::server::{self, Raw, Server};
use common::upload::{
    self, DESCRIPTION, Form, GPS_LAT, GPS_LNG, contains, jpeg_with_gps, valid_report, valid_report_with,
};
use common::{Fixture, json};
use portal_core::report::{Receipt, exif_gps, pow_solve, sniff_image};
use serde_json::{Value, json};
use tower::ServiceExt;

// ---------------------------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------------------------

/// A fixture whose service asks for an easy proof of work (the default 16 bits is slow in a
/// debug build) and applies the default rate limits.
fn fixture() -> Fixture {
    let mut fixture = Fixture::without_site();
    fixture.config.pow_bits = 4;
    fixture
}

/// Sends a request, optionally as if from `peer` (as the real server does with connect info).
async fn send(app: &Router, request: Request<Body>) -> Response<Body> {
    app.clone().oneshot(request).await.expect("the router is infallible")
}

async fn get(app: &Router, uri: &str) -> Response<Body> {
    send(app, Request::get(uri).body(Body::empty()).expect("request")).await
}

fn multipart_request(uri: &str, body: Vec<u8>, peer: Option<SocketAddr>) -> Request<Body> {
    let mut request =
        Request::post(uri).header("content-type", upload::content_type()).body(Body::from(body)).expect("request");
    if let Some(peer) = peer {
        request.extensions_mut().insert(ConnectInfo(peer));
    }
    request
}

/// Fetches a challenge and solves it.
async fn solved_pow(app: &Router) -> (String, u64) {
    let response = get(app, "/api/pow").await;
    assert_eq!(response.status(), StatusCode::OK);
    let body = json(response).await;
    let challenge = body["challenge"].as_str().expect("a challenge").to_owned();
    let bits = u8::try_from(body["difficulty_bits"].as_u64().expect("bits")).expect("small");
    let nonce = pow_solve(&challenge, bits);
    (challenge, nonce)
}

/// A form with a fresh solved proof of work.
async fn form(app: &Router) -> Form {
    let (challenge, nonce) = solved_pow(app).await;
    Form::new().pow(&challenge, nonce)
}

async fn submit(app: &Router, form: Form) -> Response<Body> {
    send(app, multipart_request("/api/open311/v2/requests.json", form.finish(), None)).await
}

/// Submits a valid report with `field` set to `value`, with a fresh proof of work.
async fn submit_with(app: &Router, field: &str, value: Value) -> Response<Body> {
    submit(app, form(app).await.report(&valid_report_with(field, value))).await
}

async fn status_by_receipt(app: &Router, receipt: &str) -> Response<Body> {
    let request = Request::post("/api/reports/status")
        .header("content-type", "application/json")
        .body(Body::from(json!({ "receipt": receipt }).to_string()))
        .expect("request");
    send(app, request).await
}

/// Asserts an Open311 error list answering `status`, with an entry for `field` of `kind`.
async fn assert_rejected(response: Response<Body>, status: StatusCode, field: &str, kind: &str) -> Value {
    assert_eq!(response.status(), status);
    let body = json(response).await;
    let list = body.as_array().unwrap_or_else(|| panic!("an error list: {body}"));
    assert!(
        list.iter().any(|e| e["field"] == field
            && e["kind"] == kind
            && e["code"] == status.as_u16()
            && e["description"].as_str().is_some_and(|d| !d.is_empty())),
        "expected {field}/{kind} in {body}"
    );
    body
}

/// Opens the fixture's database directly.
fn open_db(fixture: &Fixture) -> rusqlite::Connection {
    rusqlite::Connection::open(fixture.database_file()).expect("open the database")
}

/// Every text and blob value in every table of the database at `path`, with where it was.
fn every_value(path: &Path) -> Vec<(String, Vec<u8>)> {
    let conn = rusqlite::Connection::open(path).expect("open the database");
    let tables: Vec<String> = conn
        .prepare("SELECT name FROM sqlite_master WHERE type = 'table'")
        .and_then(|mut s| s.query_map([], |row| row.get(0))?.collect())
        .expect("list tables");
    let mut values = Vec::new();
    for table in tables {
        let columns: Vec<String> = conn
            .prepare(&format!("SELECT name FROM pragma_table_info('{table}')"))
            .and_then(|mut s| s.query_map([], |row| row.get(0))?.collect())
            .expect("list columns");
        for column in columns {
            let mut statement = conn.prepare(&format!("SELECT \"{column}\" FROM \"{table}\"")).expect("select");
            let mut rows = statement.query([]).expect("query");
            while let Some(row) = rows.next().expect("row") {
                let bytes = match row.get_ref(0).expect("value") {
                    rusqlite::types::ValueRef::Text(t) | rusqlite::types::ValueRef::Blob(t) => t.to_vec(),
                    rusqlite::types::ValueRef::Integer(i) => i.to_string().into_bytes(),
                    rusqlite::types::ValueRef::Real(r) => r.to_string().into_bytes(),
                    rusqlite::types::ValueRef::Null => continue,
                };
                values.push((format!("{table}.{column}"), bytes));
            }
        }
    }
    values
}

/// Asserts that no value in any table and column of the database in `data_dir` contains
/// `needle`. Safe while the service has the database open.
fn assert_not_in_tables(data_dir: &Path, needle: &str) {
    let values = every_value(&data_dir.join("intake.sqlite3"));
    assert!(!values.is_empty());
    for (place, bytes) in values {
        assert!(!contains(&bytes, needle.as_bytes()), "{needle} found in {place}");
    }
}

/// Asserts that no table, column or raw database file (database, WAL, shared memory) in
/// `data_dir` contains `needle`.
///
/// Only call this once every connection in this process is closed: reading the files with
/// `std::fs` and closing them would drop this process's POSIX locks on them, which SQLite's
/// open connections rely on.
fn assert_nowhere_in_database(data_dir: &Path, needle: &str) {
    assert_not_in_tables(data_dir, needle);
    // Every file in the data directory, including the report key in `keys/`.
    for path in common::files_under(data_dir) {
        let bytes = std::fs::read(&path).expect("read a database file");
        assert!(!contains(&bytes, needle.as_bytes()), "{needle} found in the raw file {}", path.display());
    }
}

/// Runs `intake reply` on a data directory.
fn intake_reply(data_dir: &Path, id: &str, text: &str, status: Option<&str>) -> std::process::Output {
    let mut args = vec!["reply", "--id", id, "--text", text];
    args.extend(status.iter().flat_map(|status| ["--status", status]));
    server::intake(&args, data_dir, "")
}

// ---------------------------------------------------------------------------------------------
// Categories and challenges
// ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn services_list_the_categories_in_chinese_by_default_and_in_english_on_request() {
    let fixture = fixture();
    let app = fixture.app();
    let zh = json(get(&app, "/api/open311/v2/services.json").await).await;
    let en = json(get(&app, "/api/open311/v2/services.json?lang=en").await).await;
    let (zh, en) = (zh.as_array().expect("a list"), en.as_array().expect("a list"));
    assert_eq!(zh.len(), 8);
    assert_eq!(zh[0]["service_code"], "illegal_discharge");
    assert_eq!(zh[0]["service_name"], "非法排放");
    assert_eq!(en[0]["service_name"], "Illegal discharge");
    assert_eq!(en[3]["service_name"], "Failure to disclose or false disclosure");
    for service in zh.iter().chain(en) {
        assert_eq!(service["metadata"], false);
        assert_eq!(service["type"], "realtime");
        for key in ["service_code", "service_name", "description", "keywords", "group"] {
            assert!(service[key].as_str().is_some_and(|s| !s.is_empty()), "{key} in {service}");
        }
    }
}

#[tokio::test]
async fn challenges_are_fresh_and_expire_in_ten_minutes() {
    let fixture = fixture();
    let app = fixture.app();
    let a = json(get(&app, "/api/pow").await).await;
    let b = json(get(&app, "/api/pow").await).await;
    assert_ne!(a["challenge"], b["challenge"]);
    assert_eq!(a["difficulty_bits"], 4);
    let expires = a["expires_at"].as_str().expect("expires_at");
    assert!(expires.ends_with("+08:00") && expires.len() == 25, "{expires}");
}

// ---------------------------------------------------------------------------------------------
// The happy path
// ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn a_report_with_a_gps_photo_is_stored_without_metadata_and_its_status_needs_the_receipt() {
    let fixture = fixture();
    let app = fixture.app();
    let photo = jpeg_with_gps();
    let (lat, lng) = exif_gps(&photo).expect("the fixture carries GPS");
    assert!((lat - GPS_LAT).abs() < 1e-9 && (lng - GPS_LNG).abs() < 1e-9);

    // File it.
    let response = submit(&app, form(&app).await.report(&valid_report()).photo(&photo)).await;
    assert_eq!(response.status(), StatusCode::CREATED);
    let created = json(response).await;
    let created = &created[0];
    let id = created["service_request_id"].as_str().expect("an id").to_owned();
    let receipt = created["receipt"].as_str().expect("a receipt").to_owned();
    assert_eq!(id.len(), 10);
    assert_eq!(receipt.len(), 19, "16 digits in groups of four: {receipt}");
    assert!(Receipt::parse(&receipt).is_ok());
    assert!(created["service_notice"].as_str().is_some_and(|n| n.contains("回执码")));
    assert_eq!(created["account_id"], Value::Null);

    // It is in the database, stored before the answer, with its photo stripped.
    let conn = open_db(&fixture);
    let (account, status, lat): (Vec<u8>, String, f64) = conn
        .query_row("SELECT account_sealed, status, lat FROM reports WHERE public_id = ?1", [&id], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?))
        })
        .expect("the report row");
    // The description and address are sealed with the key (see tests/staff.rs); opened, they are:
    let account = common::report_key(&fixture.config.data_dir).open_account(&id, &account).expect("opens");
    assert_eq!(account.description, DESCRIPTION);
    assert_eq!(account.address.as_deref(), Some("堆沟港镇化工园区东路"));
    assert_eq!(status, "received");
    assert!((lat - 34.38).abs() < 1e-9);
    // Photos are stored encrypted (see tests/staff.rs); opened with the key, the stored bytes are:
    let (_, media_type, stored) = common::stored_photos(&fixture.config.data_dir).remove(0);
    assert_eq!(media_type, "image/jpeg");
    assert!(!contains(&stored, b"Exif"), "no EXIF segment");
    assert!(!contains(&stored, b"GPSLatitude"), "no XMP");
    assert!(!contains(&stored, b"Shot on a phone"), "no comment");
    assert_eq!(exif_gps(&stored), None);
    assert!(stored.starts_with(&[0xFF, 0xD8]) && stored.ends_with(&[0xFF, 0xD9]));
    assert_eq!(sniff_image(&stored), sniff_image(&photo));
    // The receipt is not stored, only its salted hash.
    let digits = Receipt::parse(&receipt).expect("valid").digits().to_owned();
    assert_not_in_tables(&fixture.config.data_dir, &digits);
    assert_not_in_tables(&fixture.config.data_dir, &receipt);

    // The public status: category, status and dates, and nothing else.
    let response = get(&app, &format!("/api/open311/v2/requests/{id}.json")).await;
    assert_eq!(response.status(), StatusCode::OK);
    let text = String::from_utf8(common::body(response).await.to_vec()).expect("UTF-8");
    assert!(!text.contains(DESCRIPTION) && !text.contains("夜里"), "no description: {text}");
    assert!(!text.contains("34.38") && !text.contains("堆沟港"), "no place: {text}");
    let public: Value = serde_json::from_str(&text).expect("JSON");
    let entry = public[0].as_object().expect("one request");
    let mut keys: Vec<&str> = entry.keys().map(String::as_str).collect();
    keys.sort_unstable();
    assert_eq!(
        keys,
        ["requested_datetime", "service_code", "service_request_id", "status", "status_detail", "updated_datetime"]
    );
    assert_eq!(entry["service_code"], "illegal_discharge");
    assert_eq!(entry["status"], "open");
    assert_eq!(entry["status_detail"], "received");

    // The reporter's own view, by receipt (typed with dashes this time).
    let response = status_by_receipt(&app, &receipt.replace(' ', "-")).await;
    assert_eq!(response.status(), StatusCode::OK);
    let own = json(response).await;
    assert_eq!(own["id"], id.as_str());
    assert_eq!(own["category"], "illegal_discharge");
    assert_eq!(own["status"], "received");
    assert_eq!(own["replies"], json!([]));

    // The bureau replies with the command-line tool while the service is running.
    let output = intake_reply(&fixture.config.data_dir, &id, "已受理，正在核查。", Some("under_review"));
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    let own = json(status_by_receipt(&app, &receipt).await).await;
    assert_eq!(own["status"], "under_review");
    assert_eq!(own["replies"][0]["text"], "已受理，正在核查。");
    assert!(own["replies"][0]["at"].as_str().is_some_and(|at| at.ends_with("+08:00")));
    let public = json(get(&app, &format!("/api/open311/v2/requests/{id}.json")).await).await;
    assert_eq!(public[0]["status_detail"], "under_review");

    let output = intake_reply(&fixture.config.data_dir, &id, "经核查未发现违法行为。", Some("closed_no_violation"));
    assert!(output.status.success());
    let public = json(get(&app, &format!("/api/open311/v2/requests/{id}.json")).await).await;
    assert_eq!(public[0]["status"], "closed");
    assert_eq!(public[0]["status_detail"], "closed_no_violation");
    assert_eq!(json(status_by_receipt(&app, &receipt).await).await["replies"].as_array().map(Vec::len), Some(2));

    drop((app, conn));
    assert_nowhere_in_database(&fixture.config.data_dir, &digits);
}

#[tokio::test]
async fn a_report_without_photos_and_an_unknown_source_is_accepted() {
    let fixture = fixture();
    let app = fixture.app();
    let mut report = valid_report();
    report["enterprise_id"] = Value::Null;
    report["source_description"] = json!("河边一家没有招牌的小作坊");
    report["photos_count"] = json!(0);
    let response = submit(&app, form(&app).await.report(&report)).await;
    assert_eq!(response.status(), StatusCode::CREATED);
}

/// Little-endian TIFF data whose IFD0 holds the Orientation tag and a Make tag.
fn orientation_tiff(orientation: u16) -> Vec<u8> {
    let mut t = b"II\x2a\x00\x08\x00\x00\x00".to_vec();
    t.extend_from_slice(&2u16.to_le_bytes());
    // Make: ASCII, 4 bytes inline.
    t.extend_from_slice(&[0x0F, 0x01, 2, 0, 4, 0, 0, 0]);
    t.extend_from_slice(b"Cam\0");
    // Orientation: one SHORT, inline.
    t.extend_from_slice(&[0x12, 0x01, 3, 0, 1, 0, 0, 0]);
    t.extend_from_slice(&orientation.to_le_bytes());
    t.extend_from_slice(&[0, 0]);
    t.extend_from_slice(&0u32.to_le_bytes());
    t
}

/// A PNG chunk with its CRC.
fn png_chunk(kind: &[u8; 4], data: &[u8]) -> Vec<u8> {
    let mut c = u32::try_from(data.len()).expect("short").to_be_bytes().to_vec();
    c.extend_from_slice(kind);
    c.extend_from_slice(data);
    c.extend_from_slice(&crc32fast::hash(&c[4..]).to_be_bytes());
    c
}

/// The chunk types of a PNG, in order.
fn png_chunk_types(png: &[u8]) -> Vec<String> {
    let mut at = 8;
    let mut kinds = Vec::new();
    while at + 8 <= png.len() {
        let length = u32::from_be_bytes(png[at..at + 4].try_into().expect("4 bytes")) as usize;
        kinds.push(String::from_utf8_lossy(&png[at + 4..at + 8]).into_owned());
        at += 12 + length;
    }
    kinds
}

/// The markers of a JPEG's segments up to its first scan.
fn jpeg_markers(jpeg: &[u8]) -> Vec<u8> {
    let (mut at, mut markers) = (2, Vec::new());
    while at + 4 <= jpeg.len() && jpeg[at] == 0xFF {
        let marker = jpeg[at + 1];
        markers.push(marker);
        if marker == 0xDA {
            break;
        }
        at += 2 + usize::from(u16::from_be_bytes([jpeg[at + 2], jpeg[at + 3]]));
    }
    markers
}

/// A RIFF chunk of a WebP, padded to an even size.
fn webp_chunk(fourcc: &[u8; 4], data: &[u8]) -> Vec<u8> {
    let mut c = fourcc.to_vec();
    c.extend_from_slice(&u32::try_from(data.len()).expect("short").to_le_bytes());
    c.extend_from_slice(data);
    if data.len() % 2 == 1 {
        c.push(0);
    }
    c
}

/// An extended WebP (VP8X) of `width` × `height` lossless pixels with ICC, EXIF and XMP chunks.
fn webp_with_metadata(width: u32, height: u32, exif: &[u8]) -> Vec<u8> {
    let mut lossless = Vec::new();
    image::codecs::webp::WebPEncoder::new_lossless(&mut lossless)
        .encode(upload::picture(width, height, 5).as_raw(), width, height, image::ExtendedColorType::Rgb8)
        .expect("encode a WebP");
    assert_eq!(&lossless[12..16], b"VP8L");
    let vp8l = &lossless[20..20 + u32::from_le_bytes(lossless[16..20].try_into().expect("4")) as usize];
    let mut vp8x = vec![0x20 | 0x08 | 0x04, 0, 0, 0];
    vp8x.extend_from_slice(&(width - 1).to_le_bytes()[..3]);
    vp8x.extend_from_slice(&(height - 1).to_le_bytes()[..3]);
    let mut body = b"WEBP".to_vec();
    body.extend(webp_chunk(b"VP8X", &vp8x));
    body.extend(webp_chunk(b"ICCP", b"Zhang San's ICC profile"));
    body.extend(webp_chunk(b"VP8L", vp8l));
    body.extend(webp_chunk(b"EXIF", exif));
    body.extend(webp_chunk(b"XMP ", b"<x:xmpmeta>Zhang San GPSLatitude</x:xmpmeta>"));
    let mut webp = b"RIFF".to_vec();
    webp.extend_from_slice(&u32::try_from(body.len()).expect("short").to_le_bytes());
    webp.extend(body);
    webp
}

/// What the photos of the next test carry, and nothing stored may.
const METADATA: [&[u8]; 8] =
    [b"Exif", b"Zhang San", b"Cam\0", b"GPSLatitude", b"Shot on a phone", b"c2pa", b"ICC_PROFILE", b"Photoshop"];

#[tokio::test]
async fn photos_are_decoded_turned_upright_and_stored_without_any_of_their_metadata() {
    let fixture = fixture();
    let app = fixture.app();
    // A 48 × 24 JPEG taken with the phone turned (Orientation 6: rotate 90° clockwise to view),
    // with EXIF, an ICC profile, Photoshop/IPTC data, an APP9 nobody knows and a comment.
    let jpeg = {
        let mut exif = b"Exif\0\0".to_vec();
        exif.extend(orientation_tiff(6));
        upload::with_segments(
            &upload::real_jpeg(48, 24, 2),
            &[
                (0xE1, &exif),
                (0xE2, b"ICC_PROFILE\0\x01\x01Zhang San"),
                (0xED, b"Photoshop 3.0\08BIMZhang San"),
                (0xE9, b"Zhang San's camera maker data"),
                (0xFE, b"Shot on a phone"),
            ],
        )
    };
    // A 20 × 10 PNG with every kind of metadata chunk, a C2PA manifest (caBX) among them.
    let png = {
        let mut plain = Vec::new();
        upload::picture(20, 10, 3)
            .write_to(&mut std::io::Cursor::new(&mut plain), image::ImageFormat::Png)
            .expect("encode a PNG");
        let exif = orientation_tiff(1);
        let mut iccp = b"Zhang San\0\0".to_vec();
        let mut z = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::default());
        std::io::Write::write_all(&mut z, b"ICC_PROFILE Zhang San").expect("compress");
        iccp.extend(z.finish().expect("compress"));
        let ihdr_end = 8 + 25;
        let mut png = plain[..ihdr_end].to_vec();
        for (kind, data) in [
            (b"iCCP", iccp.as_slice()),
            (b"tEXt", b"Author\0Zhang San"),
            (b"iTXt", b"XML:com.adobe.xmp\0\0\0\0\0<x:xmpmeta>GPSLatitude</x:xmpmeta>"),
            (b"eXIf", exif.as_slice()),
            (b"caBX", b"jumb c2pa manifest signed by Zhang San"),
            (b"tIME", &[7, 234, 12, 7, 20, 0, 0]),
        ] {
            png.extend(png_chunk(kind, data));
        }
        png.extend_from_slice(&plain[ihdr_end..]);
        png
    };
    // A 16 × 8 WebP turned the other way (Orientation 8) with ICC, EXIF and XMP chunks.
    let webp = {
        let mut exif = orientation_tiff(8);
        exif.extend_from_slice(b"Zhang San");
        webp_with_metadata(16, 8, &exif)
    };
    for (name, photo) in [("JPEG", &jpeg), ("PNG", &png), ("WebP", &webp)] {
        assert!(image::load_from_memory(photo).is_ok(), "the {name} fixture decodes");
        assert!(METADATA.iter().filter(|needle| contains(photo, needle)).count() >= 2, "{name} carries metadata");
    }

    let response = submit(&app, form(&app).await.report(&valid_report()).photo(&jpeg).photo(&png).photo(&webp)).await;
    assert_eq!(response.status(), StatusCode::CREATED, "{}", json(response).await);
    let stored = common::stored_photos(&fixture.config.data_dir);
    let types: Vec<&str> = stored.iter().map(|(_, media_type, _)| media_type.as_str()).collect();
    assert_eq!(types, ["image/jpeg", "image/png", "image/jpeg"], "a WebP photo is stored as a JPEG");
    for ((_, _, bytes), (name, size)) in stored.iter().zip([("JPEG", (24, 48)), ("PNG", (20, 10)), ("WebP", (8, 16))]) {
        let decoded = image::load_from_memory(bytes).unwrap_or_else(|err| panic!("the stored {name} decodes: {err}"));
        assert_eq!((decoded.width(), decoded.height()), size, "{name}: turned upright");
        for needle in METADATA {
            assert!(!contains(bytes, needle), "{name}: {:?} survived", String::from_utf8_lossy(needle));
        }
    }
    // The new JPEGs hold the encoder's JFIF header, tables, frame and scan, and no other segment.
    for (_, _, bytes) in [&stored[0], &stored[2]] {
        let markers = jpeg_markers(bytes);
        assert!(markers.iter().all(|m| matches!(m, 0xE0 | 0xDB | 0xC0 | 0xC4 | 0xDA)), "{markers:02X?}");
        assert!(bytes.ends_with(&[0xFF, 0xD9]), "nothing after EOI");
    }
    // The new PNG holds its header, pixels and end, and no ancillary chunk.
    assert_eq!(png_chunk_types(&stored[1].2), ["IHDR", "IDAT", "IEND"]);
    // The turned JPEG's pixels turned too: its top-left corner is the original's bottom-left.
    let original = image::load_from_memory(&jpeg).expect("decodes").to_rgb8();
    let upright = image::load_from_memory(&stored[0].2).expect("decodes").to_rgb8();
    let distance = |a: &image::Rgb<u8>, b: &image::Rgb<u8>| {
        a.0.iter().zip(b.0).map(|(x, y)| i32::from(*x).abs_diff(i32::from(y))).sum::<u32>()
    };
    assert!(distance(upright.get_pixel(0, 0), original.get_pixel(0, 23)) < 40, "rotated, not just resized");
}

#[tokio::test]
async fn a_zero_filled_or_cut_jpeg_is_refused_with_a_message_in_both_languages() {
    let fixture = fixture();
    let app = fixture.app();
    let mut zeros = vec![0xFF, 0xD8, 0xFF, 0xE0];
    zeros.resize(256 * 1024, 0);
    // Well formed as a file (segments, a scan, EOI) but every table and all picture data zero:
    // a stripper that only walks the segments takes it.
    let mut hollow = vec![0xFF, 0xD8];
    hollow.resize(64 * 1024, 0);
    hollow.extend_from_slice(&[0xFF, 0xD9]);
    let hollow = upload::with_segments(
        &hollow,
        &[
            (0xDB, &[0; 65]),
            (0xC0, &[8, 0, 16, 0, 16, 1, 1, 0x11, 0]),
            (0xC4, &[0; 17]),
            (0xDA, &[1, 1, 0, 0, 0x3F, 0]),
        ],
    );
    assert!(portal_core::report::strip_metadata(&hollow).is_ok());
    let real = upload::real_jpeg(64, 64, 4);
    for (name, photo) in [("zero-filled", &zeros[..]), ("hollow", &hollow[..]), ("cut", &real[..real.len() / 2])] {
        let response = submit(&app, form(&app).await.report(&valid_report()).photo(photo)).await;
        let body = assert_rejected(response, StatusCode::BAD_REQUEST, "photos", "photo_unreadable").await;
        assert_eq!(body[0]["description"], "有一张照片已损坏，无法读取。", "{name}");
    }
    let request = |body| multipart_request("/api/open311/v2/requests.json?lang=en", body, None);
    let body = form(&app).await.report(&valid_report()).photo(&zeros).finish();
    let response = send(&app, request(body)).await;
    let body = assert_rejected(response, StatusCode::BAD_REQUEST, "photos", "photo_unreadable").await;
    assert_eq!(body[0]["description"], "A photo is damaged and cannot be read.");
    assert!(common::stored_photos(&fixture.config.data_dir).is_empty(), "nothing stored");
    assert_eq!(
        std::fs::read_dir(fixture.config.data_dir.join("uploads")).expect("list").count(),
        0,
        "no temporary file left"
    );
}

// ---------------------------------------------------------------------------------------------
// Rejections: each answers an Open311 error list naming the field
// ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn a_report_without_proof_of_work_is_rejected() {
    let fixture = fixture();
    let app = fixture.app();
    let response = submit(&app, Form::new().report(&valid_report())).await;
    assert_rejected(response, StatusCode::BAD_REQUEST, "pow_challenge", "pow_missing").await;
    let (challenge, _) = solved_pow(&app).await;
    let response = submit(&app, Form::new().text("pow_challenge", &challenge).report(&valid_report())).await;
    assert_rejected(response, StatusCode::BAD_REQUEST, "pow_nonce", "pow_missing").await;
}

#[tokio::test]
async fn a_wrong_nonce_is_rejected() {
    let mut fixture = fixture();
    fixture.config.pow_bits = 16;
    let app = fixture.app();
    let challenge = json(get(&app, "/api/pow").await).await["challenge"].as_str().expect("challenge").to_owned();
    let wrong = (0..).find(|&n| !portal_core::report::pow_check(&challenge, n, 16)).expect("a wrong nonce");
    let response = submit(&app, Form::new().pow(&challenge, wrong).report(&valid_report())).await;
    assert_rejected(response, StatusCode::BAD_REQUEST, "pow_nonce", "pow_invalid").await;
    let response = submit(&app, Form::new().text("pow_challenge", &challenge).text("pow_nonce", "twelve")).await;
    assert_rejected(response, StatusCode::BAD_REQUEST, "pow_nonce", "pow_invalid").await;
}

#[tokio::test]
async fn a_challenge_works_only_once_and_only_if_issued() {
    let fixture = fixture();
    let app = fixture.app();
    let (challenge, nonce) = solved_pow(&app).await;
    let first = submit(&app, Form::new().pow(&challenge, nonce).report(&valid_report())).await;
    assert_eq!(first.status(), StatusCode::CREATED);
    let again = submit(&app, Form::new().pow(&challenge, nonce).report(&valid_report())).await;
    assert_rejected(again, StatusCode::BAD_REQUEST, "pow_challenge", "pow_expired").await;
    let made_up = "0123456789abcdef0123456789abcdef";
    let response = submit(&app, Form::new().pow(made_up, pow_solve(made_up, 4)).report(&valid_report())).await;
    assert_rejected(response, StatusCode::BAD_REQUEST, "pow_challenge", "pow_expired").await;
}

#[tokio::test]
async fn draft_rules_reject_with_every_broken_field() {
    let fixture = fixture();
    let app = fixture.app();
    type Edit = fn(&mut Value);
    let cases: [(&str, Edit, &str, &str); 8] = [
        ("short description", |r| r["description"] = json!("河水发黑。"), "description", "description_too_short"),
        ("bad date", |r| r["observed_on"] = json!("2024-13-01"), "observed_on", "date_invalid"),
        ("future date", |r| r["observed_on"] = json!("2999-01-01"), "observed_on", "date_in_future"),
        ("old date", |r| r["observed_on"] = json!("2001-01-01"), "observed_on", "date_too_old"),
        (
            "location outside the city",
            |r| r["location"] = json!({"lat": 31.23, "lng": 121.47}),
            "location",
            "location_outside_city",
        ),
        ("reward without a name", |r| r["wants_reward"] = json!(true), "contact_name", "reward_needs_name"),
        (
            "no place",
            |r| {
                r["district_code"] = Value::Null;
                r["area_id"] = Value::Null;
            },
            "district_code",
            "place_missing",
        ),
        ("bad phone", |r| r["contact"] = json!({"phone": "12369"}), "contact_phone", "phone_invalid"),
    ];
    for (name, edit, field, kind) in cases {
        let mut report = valid_report();
        edit(&mut report);
        let response = submit(&app, form(&app).await.report(&report)).await;
        eprintln!("case: {name}");
        assert_rejected(response, StatusCode::BAD_REQUEST, field, kind).await;
    }
    // A reward claim lacks both the name and a way to pay it: both are named.
    let body = assert_rejected(
        submit_with(&app, "wants_reward", json!(true)).await,
        StatusCode::BAD_REQUEST,
        "contact_phone",
        "reward_needs_contact",
    )
    .await;
    assert_eq!(body.as_array().map(Vec::len), Some(2));
}

#[tokio::test]
async fn errors_are_in_english_when_asked() {
    let fixture = fixture();
    let app = fixture.app();
    let mut report = valid_report();
    report["description"] = json!("too short");
    let body = form(&app).await.report(&report).finish();
    let response = send(&app, multipart_request("/api/open311/v2/requests.json?lang=en", body, None)).await;
    let body = assert_rejected(response, StatusCode::BAD_REQUEST, "description", "description_too_short").await;
    assert_eq!(body[0]["description"], "Describe what you saw, smelt or measured in at least 20 characters.");
}

#[tokio::test]
async fn unknown_json_fields_are_rejected_by_name() {
    let fixture = fixture();
    let app = fixture.app();
    assert_rejected(
        submit_with(&app, "colour", json!("black")).await,
        StatusCode::BAD_REQUEST,
        "colour",
        "unknown_field",
    )
    .await;
    let response = submit_with(&app, "contact", json!({"wechat": "wxid_123"})).await;
    assert_rejected(response, StatusCode::BAD_REQUEST, "contact.wechat", "unknown_field").await;
}

#[tokio::test]
async fn a_wrongly_typed_field_is_named() {
    let fixture = fixture();
    let app = fixture.app();
    let response = submit_with(&app, "enterprise_id", json!(42)).await;
    assert_rejected(response, StatusCode::BAD_REQUEST, "enterprise_id", "report_malformed").await;
    let response = submit_with(&app, "enterprise_id", json!({"id": "e00042"})).await;
    assert_rejected(response, StatusCode::BAD_REQUEST, "enterprise_id", "report_malformed").await;
    let response = submit_with(&app, "category", json!("noise")).await;
    assert_rejected(response, StatusCode::BAD_REQUEST, "category", "report_malformed").await;
}

#[tokio::test]
async fn deep_json_is_rejected_before_parsing() {
    let fixture = fixture();
    let app = fixture.app();
    let deep = format!("{{\"description\": {}1{}}}", "[".repeat(40), "]".repeat(40));
    let response = submit(&app, form(&app).await.report_raw(&deep)).await;
    assert_rejected(response, StatusCode::BAD_REQUEST, "report", "report_too_deep").await;
    // Serde's own limit is 128; far deeper input must not reach it either.
    let deeper = format!("{}{}", "[".repeat(5000), "]".repeat(5000));
    let response = submit(&app, form(&app).await.report_raw(&deeper)).await;
    assert_rejected(response, StatusCode::BAD_REQUEST, "report", "report_too_deep").await;
}

#[tokio::test]
async fn an_oversized_report_part_is_413() {
    let fixture = fixture();
    let app = fixture.app();
    let response = submit_with(&app, "description", json!("水".repeat(30_000))).await; // 90 000 bytes of UTF-8
    assert_rejected(response, StatusCode::PAYLOAD_TOO_LARGE, "report", "report_too_large").await;
}

#[tokio::test]
async fn six_photos_are_too_many() {
    let fixture = fixture();
    let app = fixture.app();
    let photo = jpeg_with_gps();
    let mut form = form(&app).await.report(&valid_report());
    for _ in 0..6 {
        form = form.photo(&photo);
    }
    assert_rejected(submit(&app, form).await, StatusCode::BAD_REQUEST, "photos", "too_many_photos").await;
}

#[tokio::test]
async fn a_photo_over_10_mb_is_413() {
    let fixture = fixture();
    let app = fixture.app();
    let mut big = jpeg_with_gps();
    let eoi = big.len() - 2;
    big.splice(eoi..eoi, std::iter::repeat_n(0x55u8, 10 * 1024 * 1024));
    let response = submit(&app, form(&app).await.report(&valid_report()).photo(&big)).await;
    assert_rejected(response, StatusCode::PAYLOAD_TOO_LARGE, "photos", "photo_too_large").await;
}

#[tokio::test]
async fn a_body_over_55_mb_is_413() {
    // Every part has a smaller limit of its own, so only bytes outside the parts (here a
    // preamble before the first boundary) can reach the 55 MiB body limit.
    let fixture = fixture();
    let app = fixture.app();
    let mut body = vec![b'x'; 56 * 1024 * 1024];
    body.extend_from_slice(b"\r\n");
    body.extend(form(&app).await.report(&valid_report()).finish());
    let response = send(&app, multipart_request("/api/open311/v2/requests.json", body, None)).await;
    assert_rejected(response, StatusCode::PAYLOAD_TOO_LARGE, "photos", "upload_too_large").await;
}

#[tokio::test]
async fn a_pdf_or_html_declared_as_jpeg_is_not_a_photo() {
    let fixture = fixture();
    let app = fixture.app();
    for fake in [&b"%PDF-1.7\n1 0 obj << /Type /Catalog >>\n"[..], b"<!doctype html><script>alert(1)</script>"] {
        let response = submit(&app, form(&app).await.report(&valid_report()).photo(fake)).await;
        assert_rejected(response, StatusCode::BAD_REQUEST, "photos", "photo_not_image").await;
    }
}

#[tokio::test]
async fn malformed_uploads_are_rejected() {
    let fixture = fixture();
    let app = fixture.app();
    let response = submit(&app, form(&app).await.report(&valid_report()).text("comment", "hi")).await;
    assert_rejected(response, StatusCode::BAD_REQUEST, "comment", "unknown_part").await;
    let response = submit(&app, form(&app).await).await;
    assert_rejected(response, StatusCode::BAD_REQUEST, "report", "report_missing").await;
    let request = Request::post("/api/open311/v2/requests.json")
        .header("content-type", "application/json")
        .body(Body::from(valid_report().to_string()))
        .expect("request");
    assert_rejected(send(&app, request).await, StatusCode::BAD_REQUEST, "report", "upload_malformed").await;
    let request = Request::put("/api/open311/v2/requests.json").body(Body::empty()).expect("request");
    let response = send(&app, request).await;
    assert_eq!(response.status(), StatusCode::METHOD_NOT_ALLOWED);
    assert_eq!(json(response).await[0]["code"], 405);
}

#[tokio::test]
async fn receipts_with_a_wrong_check_digit_or_unknown_are_refused() {
    let fixture = fixture();
    let app = fixture.app();
    let response = status_by_receipt(&app, "4539 1488 0343 6468").await;
    assert_rejected(response, StatusCode::BAD_REQUEST, "receipt", "receipt_check_digit").await;
    let response = status_by_receipt(&app, "12345").await;
    assert_rejected(response, StatusCode::BAD_REQUEST, "receipt", "receipt_invalid").await;
    let response = status_by_receipt(&app, "4539 1488 0343 6467").await;
    assert_rejected(response, StatusCode::NOT_FOUND, "receipt", "receipt_not_found").await;
    let request = Request::post("/api/reports/status")
        .body(Body::from(r#"{"receipt": "4539148803436467", "id": "x"}"#))
        .expect("request");
    assert_rejected(send(&app, request).await, StatusCode::BAD_REQUEST, "id", "unknown_field").await;
}

#[tokio::test]
async fn unknown_public_ids_are_404() {
    let fixture = fixture();
    let app = fixture.app();
    for uri in [
        "/api/open311/v2/requests/abcdefghjk.json",
        "/api/open311/v2/requests/x.json",
        "/api/open311/v2/requests/abcdefghjk",
    ] {
        let response = get(&app, uri).await;
        assert_eq!(response.status(), StatusCode::NOT_FOUND, "{uri}");
        assert_eq!(json(response).await[0]["kind"], "request_not_found");
    }
}

// ---------------------------------------------------------------------------------------------
// Duplicates, rate limits
// ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn duplicates_are_linked_not_dropped() {
    let fixture = fixture();
    let app = fixture.app();
    let mut ids = Vec::new();
    for _ in 0..3 {
        let response = submit(&app, form(&app).await.report(&valid_report())).await;
        assert_eq!(response.status(), StatusCode::CREATED);
        ids.push(json(response).await[0]["service_request_id"].as_str().expect("id").to_owned());
    }
    let mut other = valid_report();
    other["category"] = json!("hazardous_waste");
    assert_eq!(submit(&app, form(&app).await.report(&other)).await.status(), StatusCode::CREATED);

    let conn = open_db(&fixture);
    let link = |id: &str| -> Option<String> {
        conn.query_row("SELECT duplicate_of FROM reports WHERE public_id = ?1", [id], |r| r.get(0)).expect("row")
    };
    assert_eq!(link(&ids[0]), None);
    assert_eq!(link(&ids[1]).as_deref(), Some(ids[0].as_str()));
    assert_eq!(link(&ids[2]).as_deref(), Some(ids[0].as_str()));
    let count: i64 = conn.query_row("SELECT count(*) FROM reports", [], |r| r.get(0)).expect("count");
    assert_eq!(count, 4);
    let statuses: i64 =
        conn.query_row("SELECT count(*) FROM reports WHERE status = 'received'", [], |r| r.get(0)).expect("count");
    assert_eq!(statuses, 4);
}

#[tokio::test]
async fn one_client_is_rate_limited_without_its_address_being_kept() {
    let mut fixture = fixture();
    fixture.config.rate_limit = 2;
    let app = fixture.app();
    let me: SocketAddr = "127.0.0.1:50000".parse().expect("address");
    let other: SocketAddr = "192.0.2.7:50000".parse().expect("address");
    for expected in [StatusCode::CREATED, StatusCode::CREATED, StatusCode::TOO_MANY_REQUESTS] {
        let body = form(&app).await.report(&valid_report()).finish();
        let response = send(&app, multipart_request("/api/open311/v2/requests.json", body, Some(me))).await;
        assert_eq!(response.status(), expected);
        if expected == StatusCode::TOO_MANY_REQUESTS {
            assert_eq!(json(response).await[0]["kind"], "rate_limited");
        }
    }
    let body = form(&app).await.report(&valid_report()).finish();
    let response = send(&app, multipart_request("/api/open311/v2/requests.json", body, Some(other))).await;
    assert_eq!(response.status(), StatusCode::CREATED, "another client is not affected");
    drop(app);
    assert_nowhere_in_database(&fixture.config.data_dir, "127.0.0.1");
    assert_nowhere_in_database(&fixture.config.data_dir, "192.0.2.7");
}

// ---------------------------------------------------------------------------------------------
// The real binary: privacy of logs and database, backups, and kill -9
// ---------------------------------------------------------------------------------------------

/// Gets a challenge from a running server and solves it.
fn raw_pow(address: &str) -> std::io::Result<(String, u64)> {
    let response = server::request(address, "GET", "/api/pow", None, b"")?;
    // A server killed mid-answer leaves a cut-off body: an error, not a panic.
    let body: Value = serde_json::from_slice(&response.body).map_err(std::io::Error::other)?;
    let challenge = body["challenge"].as_str().ok_or_else(|| std::io::Error::other("no challenge"))?.to_owned();
    let bits = body["difficulty_bits"].as_u64().and_then(|b| u8::try_from(b).ok()).unwrap_or(16);
    let nonce = pow_solve(&challenge, bits);
    Ok((challenge, nonce))
}

/// Files a report over raw TCP.
fn raw_submit(address: &str, report: &Value) -> std::io::Result<Raw> {
    let (challenge, nonce) = raw_pow(address)?;
    let body = Form::new().pow(&challenge, nonce).report(report).photo(&jpeg_with_gps()).finish();
    server::request(address, "POST", "/api/open311/v2/requests.json", Some(&upload::content_type()), &body)
}

fn raw_status(address: &str, receipt: &str) -> Raw {
    let body = json!({ "receipt": receipt }).to_string();
    server::request(address, "POST", "/api/reports/status", Some("application/json"), body.as_bytes())
        .expect("ask for the status")
}

#[cfg(unix)]
#[test]
fn the_real_service_keeps_no_client_address_in_its_logs_or_database() {
    let dir = tempfile::tempdir().expect("temporary directory");
    let data_dir = dir.path().join("data");
    // A built site, so that the service has no warning to print.
    common::write(&dir.path().join("site"), "index.html", common::INDEX_HTML.as_bytes());
    let server = Server::start(&data_dir, &["--pow-bits", "4"]);
    let address = server.address.clone();

    // The address the service sees for us: connect once and ask the socket.
    let probe = std::net::TcpStream::connect(&address).expect("connect");
    let client_ip = probe.local_addr().expect("local address").ip().to_string();
    drop(probe);

    let created = raw_submit(&address, &valid_report()).expect("submit");
    assert_eq!(created.status, 201, "{}", String::from_utf8_lossy(&created.body));
    let mut bad = valid_report();
    bad["description"] = json!("short");
    assert_eq!(raw_submit(&address, &bad).expect("submit").status, 400);
    let receipt = created.json()[0]["receipt"].as_str().expect("receipt").to_owned();
    assert_eq!(raw_status(&address, &receipt).status, 200);
    assert_eq!(raw_status(&address, "4539 1488 0343 6467").status, 404);
    assert_eq!(server::request(&address, "GET", "/api/nope", None, b"").expect("get").status, 404);
    let startup = server.startup.clone();
    let output = server.stop();

    // The start-up line names the address the service listens on (configuration, not a
    // client's); nothing else printed may name the client's address.
    assert!(output.contains(&startup), "{output}");
    let rest = output.replacen(&startup, "", 1);
    assert!(!rest.contains(&client_ip), "the client address {client_ip} was logged:\n{rest}");
    assert_eq!(rest.trim(), "Stopped.", "the service logs nothing per request");
    assert_nowhere_in_database(&data_dir, &client_ip);
}

#[test]
fn backup_copies_the_database_with_the_online_backup_api() {
    let fixture = fixture();
    let app = fixture.app();
    let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().expect("runtime");
    runtime.block_on(async {
        let response = submit(&app, form(&app).await.report(&valid_report()).photo(&jpeg_with_gps())).await;
        assert_eq!(response.status(), StatusCode::CREATED);
    });
    let out = fixture.dir.path().join("backup.sqlite3");
    let run =
        || server::intake(&["backup", "--out", out.to_str().expect("a UTF-8 path")], &fixture.config.data_dir, "");
    let output = run();
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    let copy = rusqlite::Connection::open(&out).expect("open the backup");
    let reports: i64 = copy.query_row("SELECT count(*) FROM reports", [], |r| r.get(0)).expect("count");
    let photos: i64 = copy.query_row("SELECT count(*) FROM photos", [], |r| r.get(0)).expect("count");
    assert_eq!((reports, photos), (1, 1));
    let check: String = copy.query_row("PRAGMA integrity_check", [], |r| r.get(0)).expect("check");
    assert_eq!(check, "ok");
    assert!(!run().status.success(), "an existing file is not overwritten");
    let other = fixture.dir.path().join("b2.sqlite3");
    let missing = server::intake(
        &["backup", "--out", other.to_str().expect("a UTF-8 path")],
        &fixture.dir.path().join("nowhere"),
        "",
    );
    assert!(!missing.status.success(), "a missing database is an error, not a new empty one");
}

#[test]
fn reply_refuses_an_unknown_report() {
    let fixture = fixture();
    drop(fixture.state()); // creates the database
    let output = intake_reply(&fixture.config.data_dir, "abcdefghjk", "x", None);
    assert!(!output.status.success());
    assert!(String::from_utf8_lossy(&output.stderr).contains("abcdefghjk"));
}

#[test]
fn every_acknowledged_report_survives_kill_9() {
    const ACKNOWLEDGED_BEFORE_KILL: usize = 20;
    const SUBMITTERS: usize = 4;
    let dir = tempfile::tempdir().expect("temporary directory");
    let data_dir = dir.path().join("data");
    let mut server = Server::start(&data_dir, &["--pow-bits", "4", "--rate-limit", "0"]);

    // A photo of about 256 KiB, so that requests take a moment and the kill lands in the middle of some.
    let photo = upload::real_jpeg(384, 384, 6);

    // Streams of submissions from several threads; each acknowledged receipt is sent back.
    let (acks_tx, acks) = mpsc::channel::<(String, String)>();
    let submitters: Vec<_> = (0..SUBMITTERS)
        .map(|thread| {
            let (address, acks_tx, photo) = (server.address.clone(), acks_tx.clone(), photo.clone());
            std::thread::spawn(move || {
                let mut report = valid_report();
                for i in 0.. {
                    report["description"] = json!(format!("{DESCRIPTION}（线程{thread}第{i}次）"));
                    let sent = raw_pow(&address).and_then(|(challenge, nonce)| {
                        let body = Form::new().pow(&challenge, nonce).report(&report).photo(&photo).finish();
                        let content_type = upload::content_type();
                        server::request(&address, "POST", "/api/open311/v2/requests.json", Some(&content_type), &body)
                    });
                    match sent {
                        Ok(response) if response.status == 201 => {
                            // A body cut off by the kill is not an acknowledgement.
                            let Ok(body) = serde_json::from_slice::<Value>(&response.body) else { break };
                            let id = body[0]["service_request_id"].as_str().unwrap_or_default().to_owned();
                            let receipt = body[0]["receipt"].as_str().unwrap_or_default().to_owned();
                            if acks_tx.send((id, receipt)).is_err() {
                                break;
                            }
                        }
                        Ok(response) => {
                            panic!("unexpected answer {}: {}", response.status, String::from_utf8_lossy(&response.body))
                        }
                        // The server is gone (killed mid-request, or refusing connections): stop.
                        Err(_) => break,
                    }
                }
            })
        })
        .collect();
    drop(acks_tx);

    let mut acknowledged = Vec::new();
    while acknowledged.len() < ACKNOWLEDGED_BEFORE_KILL {
        acknowledged.push(acks.recv_timeout(Duration::from_secs(60)).expect("a steady stream of acknowledgements"));
    }
    server.kill();
    for submitter in submitters {
        submitter.join().expect("a submitter stops cleanly once the server is gone");
    }
    // Anything acknowledged between our count and the kill counts too.
    acknowledged.extend(acks.try_iter());
    assert!(acknowledged.len() >= ACKNOWLEDGED_BEFORE_KILL);

    let server = Server::start(&data_dir, &["--pow-bits", "4", "--rate-limit", "0"]);
    for (id, receipt) in &acknowledged {
        let response = raw_status(&server.address, receipt);
        assert_eq!(response.status, 200, "receipt for {id}: {}", String::from_utf8_lossy(&response.body));
        let body = response.json();
        assert_eq!(body["id"], id.as_str());
        assert_eq!(body["status"], "received");
    }
    drop(server);

    let conn = rusqlite::Connection::open(data_dir.join("intake.sqlite3")).expect("open the database");
    let check: String = conn.query_row("PRAGMA integrity_check", [], |r| r.get(0)).expect("integrity check");
    assert_eq!(check, "ok");
    let stored: i64 = conn.query_row("SELECT count(*) FROM reports", [], |r| r.get(0)).expect("count");
    let photos: i64 = conn.query_row("SELECT count(*) FROM photos", [], |r| r.get(0)).expect("count");
    // Reports committed but not yet acknowledged when the kill came may be there too.
    assert!(stored >= i64::try_from(acknowledged.len()).expect("small"), "{stored} stored");
    assert_eq!(photos, stored, "every stored report has its photo: nothing half-written");
    eprintln!("acknowledged {} reports before the kill, {stored} stored", acknowledged.len());
}
