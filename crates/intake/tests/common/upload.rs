//! Building report uploads by hand: multipart bodies, report JSON and small image fixtures.

use std::time::{SystemTime, UNIX_EPOCH};

use portal_core::report::china_date;
use serde_json::{Value, json};

/// The multipart boundary used by every hand-built body.
pub const BOUNDARY: &str = "----portal-test-boundary-7MA4YWxkTrZu0gW";

/// The `Content-Type` header for [`Form`] bodies.
pub fn content_type() -> String {
    format!("multipart/form-data; boundary={BOUNDARY}")
}

/// A `multipart/form-data` body, written part by part.
#[derive(Debug, Default, Clone)]
pub struct Form {
    body: Vec<u8>,
}

impl Form {
    /// An empty form.
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds a text part.
    pub fn text(mut self, name: &str, value: &str) -> Self {
        self.part_header(name, None, None);
        self.body.extend_from_slice(value.as_bytes());
        self.body.extend_from_slice(b"\r\n");
        self
    }

    /// Adds a file part with a declared content type.
    pub fn file(mut self, name: &str, filename: &str, content_type: &str, bytes: &[u8]) -> Self {
        self.part_header(name, Some(filename), Some(content_type));
        self.body.extend_from_slice(bytes);
        self.body.extend_from_slice(b"\r\n");
        self
    }

    /// Adds the `report` part as JSON.
    pub fn report(self, report: &Value) -> Self {
        self.report_raw(&report.to_string())
    }

    /// Adds the `report` part as given.
    pub fn report_raw(mut self, json: &str) -> Self {
        self.part_header("report", None, Some("application/json"));
        self.body.extend_from_slice(json.as_bytes());
        self.body.extend_from_slice(b"\r\n");
        self
    }

    /// Adds a `photo` part declared as `image/jpeg`.
    pub fn photo(self, bytes: &[u8]) -> Self {
        self.file("photo", "IMG_0001.jpg", "image/jpeg", bytes)
    }

    /// Adds the proof-of-work parts.
    pub fn pow(self, challenge: &str, nonce: u64) -> Self {
        self.text("pow_challenge", challenge).text("pow_nonce", &nonce.to_string())
    }

    /// The finished body.
    pub fn finish(mut self) -> Vec<u8> {
        self.body.extend_from_slice(format!("--{BOUNDARY}--\r\n").as_bytes());
        self.body
    }

    fn part_header(&mut self, name: &str, filename: Option<&str>, content_type: Option<&str>) {
        let mut header = format!("--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"{name}\"");
        if let Some(filename) = filename {
            header.push_str(&format!("; filename=\"{filename}\""));
        }
        header.push_str("\r\n");
        if let Some(content_type) = content_type {
            header.push_str(&format!("Content-Type: {content_type}\r\n"));
        }
        header.push_str("\r\n");
        self.body.extend_from_slice(header.as_bytes());
    }
}

/// Today in Lianyungang, as the service sees it.
pub fn today() -> String {
    let now = SystemTime::now().duration_since(UNIX_EPOCH).expect("clock after 1970").as_secs();
    china_date(i64::try_from(now).expect("fits")).to_string()
}

/// The description every valid test report carries; tests look for it where it must not be.
pub const DESCRIPTION: &str =
    "夜里十点左右，厂区东侧围墙下的暗管向灌河排出黑色污水，有刺鼻的化学品气味，持续约半小时。";

/// A valid anonymous report naming an enterprise from the feed.
pub fn valid_report() -> Value {
    json!({
        "category": "illegal_discharge",
        "enterprise_id": "e00042",
        "observed_on": today(),
        "observed_time": "22:00",
        "district_code": "320724",
        "area_id": "lyg_chem_park",
        "address": "堆沟港镇化工园区东路",
        "location": {"lat": 34.38, "lng": 119.63},
        "description": DESCRIPTION,
        "wants_reward": false,
        "consent_to_contact": false,
        "photos_count": 1
    })
}

/// [`valid_report`] with `field` set to `value`.
pub fn valid_report_with(field: &str, value: Value) -> Value {
    let mut report = valid_report();
    report[field] = value;
    report
}

/// Latitude written into [`jpeg_with_gps`]: 34°35'47.76" N.
pub const GPS_LAT: f64 = 34.0 + 35.0 / 60.0 + 47.76 / 3600.0;
/// Longitude written into [`jpeg_with_gps`]: 119°13'17.04" E.
pub const GPS_LNG: f64 = 119.0 + 13.0 / 60.0 + 17.04 / 3600.0;

/// A JPEG segment: marker, length, payload.
fn segment(marker: u8, payload: &[u8]) -> Vec<u8> {
    let mut s = vec![0xFF, marker];
    s.extend_from_slice(&u16::try_from(payload.len() + 2).expect("short segment").to_be_bytes());
    s.extend_from_slice(payload);
    s
}

/// Little-endian TIFF data: IFD0 with a Make tag and the GPS pointer, a GPS IFD with tags 1–4.
fn gps_tiff() -> Vec<u8> {
    let mut t = b"II\x2a\x00\x08\x00\x00\x00".to_vec();
    let entry = |t: &mut Vec<u8>, tag: u16, kind: u16, count: u32, value: [u8; 4]| {
        t.extend_from_slice(&tag.to_le_bytes());
        t.extend_from_slice(&kind.to_le_bytes());
        t.extend_from_slice(&count.to_le_bytes());
        t.extend_from_slice(&value);
    };
    // IFD0 at 8: 2 entries; the GPS IFD follows at 38.
    t.extend_from_slice(&2u16.to_le_bytes());
    entry(&mut t, 0x010F, 2, 4, *b"Cam\0");
    entry(&mut t, 0x8825, 4, 1, 38u32.to_le_bytes());
    t.extend_from_slice(&0u32.to_le_bytes());
    // GPS IFD at 38: 4 entries; rationals at 92 and 116.
    t.extend_from_slice(&4u16.to_le_bytes());
    entry(&mut t, 1, 2, 2, *b"N\0\0\0");
    entry(&mut t, 2, 5, 3, 92u32.to_le_bytes());
    entry(&mut t, 3, 2, 2, *b"E\0\0\0");
    entry(&mut t, 4, 5, 3, 116u32.to_le_bytes());
    t.extend_from_slice(&0u32.to_le_bytes());
    assert_eq!(t.len(), 92);
    for (num, den) in [(34u32, 1u32), (35, 1), (4776, 100), (119, 1), (13, 1), (1704, 100)] {
        t.extend_from_slice(&num.to_le_bytes());
        t.extend_from_slice(&den.to_le_bytes());
    }
    t
}

/// A `width` × `height` picture with `seed`-dependent pixels (a gradient plus pseudo-random
/// noise, so that its encoded bytes are distinctive).
pub fn picture(width: u32, height: u32, seed: u64) -> image::RgbImage {
    let mut state = seed | 1;
    image::RgbImage::from_fn(width, height, |x, y| {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        let noise = u8::try_from(state % 64).expect("below 64");
        let level = |v: u32, of: u32| u8::try_from(v * 191 / of.max(1)).expect("below 192");
        image::Rgb([level(x, width) + noise, level(y, height) + noise, 128])
    })
}

/// A real JPEG of [`picture`], as a camera's encoder would write it (without metadata).
pub fn real_jpeg(width: u32, height: u32, seed: u64) -> Vec<u8> {
    let mut out = Vec::new();
    image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, 90)
        .encode_image(&picture(width, height, seed))
        .expect("encode a JPEG");
    out
}

/// `jpeg` with `segments` inserted right after its SOI marker.
pub fn with_segments(jpeg: &[u8], segments: &[(u8, &[u8])]) -> Vec<u8> {
    let mut out = jpeg[..2].to_vec();
    for (marker, payload) in segments {
        out.extend(segment(*marker, payload));
    }
    out.extend_from_slice(&jpeg[2..]);
    out
}

/// A real 32 × 16 JPEG whose APP1 Exif segment carries a GPS position ([`GPS_LAT`],
/// [`GPS_LNG`]), plus an XMP segment and a comment.
pub fn jpeg_with_gps() -> Vec<u8> {
    let mut exif = b"Exif\0\0".to_vec();
    exif.extend(gps_tiff());
    with_segments(
        &real_jpeg(32, 16, 1),
        &[
            (0xE1, &exif),
            (0xE1, b"http://ns.adobe.com/xap/1.0/\0<x:xmpmeta>exif:GPSLatitude</x:xmpmeta>"),
            (0xFE, b"Shot on a phone"),
        ],
    )
}

/// Whether `needle` occurs in `haystack`.
pub fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    !needle.is_empty() && haystack.windows(needle.len()).any(|w| w == needle)
}
