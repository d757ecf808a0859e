//! Test fixtures built by hand: JPEG, PNG and WebP files with metadata, and EXIF GPS data.

use super::PNG_SIGNATURE;

/// A JPEG segment with its marker and length.
pub(super) fn segment(marker: u8, payload: &[u8]) -> Vec<u8> {
    let mut s = vec![0xFF, marker];
    s.extend_from_slice(&u16::try_from(payload.len() + 2).expect("short").to_be_bytes());
    s.extend_from_slice(payload);
    s
}

/// TIFF data with IFD0 holding a Make tag and the GPS pointer, and a GPS IFD with tags 1–4.
pub(super) fn tiff_with_gps(
    little_endian: bool,
    lat: (u32, u32, u32),
    lat_ref: u8,
    lng: (u32, u32, u32),
    lng_ref: u8,
) -> Vec<u8> {
    let u16b = |v: u16| if little_endian { v.to_le_bytes() } else { v.to_be_bytes() };
    let u32b = |v: u32| if little_endian { v.to_le_bytes() } else { v.to_be_bytes() };
    // An IFD entry: tag, type (2 ASCII, 4 LONG, 5 RATIONAL), count, and the value or its offset.
    let entry = |t: &mut Vec<u8>, tag: u16, kind: u16, count: u32, value: [u8; 4]| {
        t.extend_from_slice(&u16b(tag));
        t.extend_from_slice(&u16b(kind));
        t.extend_from_slice(&u32b(count));
        t.extend_from_slice(&value);
    };
    let mut t = Vec::new();
    t.extend_from_slice(if little_endian { b"II" } else { b"MM" });
    t.extend_from_slice(&u16b(42));
    t.extend_from_slice(&u32b(8));
    // IFD0 at 8: 2 entries, next-IFD 0. Ends at 8 + 2 + 24 + 4 = 38.
    t.extend_from_slice(&u16b(2));
    // Make (0x010F), ASCII, 4 bytes inline: "Cam\0".
    entry(&mut t, 0x010F, 2, 4, *b"Cam\0");
    // GPS pointer (0x8825), LONG, 1 → offset 38.
    entry(&mut t, 0x8825, 4, 1, u32b(38));
    t.extend_from_slice(&u32b(0));
    // GPS IFD at 38: 4 entries → ends at 38 + 2 + 48 + 4 = 92; rationals at 92 and 116.
    t.extend_from_slice(&u16b(4));
    entry(&mut t, 1, 2, 2, [lat_ref, 0, 0, 0]);
    entry(&mut t, 2, 5, 3, u32b(92));
    entry(&mut t, 3, 2, 2, [lng_ref, 0, 0, 0]);
    entry(&mut t, 4, 5, 3, u32b(116));
    t.extend_from_slice(&u32b(0));
    assert_eq!(t.len(), 92);
    for (d, m, s100) in [lat, lng] {
        for (num, den) in [(d, 1), (m, 1), (s100, 100)] {
            t.extend_from_slice(&u32b(num));
            t.extend_from_slice(&u32b(den));
        }
    }
    t
}

/// The GPS fixture: 34°35'47.76"N 119°13'17.04"E (the city government).
pub(super) fn gps_tiff(little_endian: bool) -> Vec<u8> {
    tiff_with_gps(little_endian, (34, 35, 4776), b'N', (119, 13, 1704), b'E')
}

pub(super) const SCAN_DATA: &[u8] = &[0x12, 0xFF, 0x00, 0x34, 0xFF, 0xD0, 0x56, 0x78];

/// A structurally complete JPEG: SOI, APP0 JFIF with a 1×1 thumbnail, APP1 Exif (GPS), APP1
/// XMP, APP13 IPTC, COM, an unknown JPG1 segment, DQT, SOF0, DHT, SOS + scan data, EOI, then a
/// trailer.
pub(super) fn jpeg_with_metadata(tiff: &[u8]) -> Vec<u8> {
    let mut j = vec![0xFF, 0xD8];
    let mut jfif = b"JFIF\0\x01\x02\x01\x00\x48\x00\x48\x01\x01".to_vec();
    jfif.extend_from_slice(&[0xAA, 0xBB, 0xCC]); // the 1×1 RGB thumbnail
    j.extend(segment(0xE0, &jfif));
    let mut exif = b"Exif\0\0".to_vec();
    exif.extend_from_slice(tiff);
    j.extend(segment(0xE1, &exif));
    j.extend(segment(0xE1, b"http://ns.adobe.com/xap/1.0/\0<x:xmpmeta>GPSLatitude</x:xmpmeta>"));
    j.extend(segment(0xED, b"Photoshop 3.0\08BIM secret caption"));
    j.extend(segment(0xFE, b"taken by Zhang San"));
    j.extend(segment(0xF1, b"JPG1 by Zhang San"));
    j.extend(segment(0xDB, &[0u8; 65]));
    j.extend(segment(0xC0, &[8, 0, 1, 0, 1, 1, 1, 0x11, 0]));
    j.extend(segment(0xC4, &[0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]));
    j.extend(segment(0xDA, &[1, 1, 0, 0, 0x3F, 0]));
    j.extend_from_slice(SCAN_DATA);
    j.extend_from_slice(&[0xFF, 0xD9]);
    j.extend_from_slice(b"MotionPhoto_Data ftypmp42 GPS");
    j
}

pub(super) fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}

/// A PNG chunk with a (dummy) CRC; nothing here checks CRCs.
pub(super) fn chunk(kind: &[u8; 4], data: &[u8]) -> Vec<u8> {
    let mut c = u32::try_from(data.len()).expect("short").to_be_bytes().to_vec();
    c.extend_from_slice(kind);
    c.extend_from_slice(data);
    c.extend_from_slice(&[0xDE, 0xAD, 0xBE, 0xEF]);
    c
}

pub(super) fn png_with_metadata() -> Vec<u8> {
    let mut p = PNG_SIGNATURE.to_vec();
    p.extend(chunk(b"IHDR", &[0, 0, 0, 1, 0, 0, 0, 1, 8, 2, 0, 0, 0]));
    p.extend(chunk(b"tEXt", b"Author\0Zhang San"));
    p.extend(chunk(b"iTXt", b"XML:com.adobe.xmp\0\0\0\0\0<x:xmpmeta/>"));
    p.extend(chunk(b"zTXt", b"Comment\0\0x"));
    p.extend(chunk(b"tIME", &[7, 232, 6, 15, 12, 0, 0]));
    p.extend(chunk(b"eXIf", b"MM\0\x2a\0\0\0\x08\0\0Exif"));
    p.extend(chunk(b"iCCP", b"Zhang San ICC\0\0x"));
    p.extend(chunk(b"caBX", b"jumb c2pa manifest"));
    p.extend(chunk(b"IDAT", &[0x78, 0x9C, 0x63, 0x60, 0x00]));
    p.extend(chunk(b"IEND", &[]));
    p.extend_from_slice(b"trailing GPS");
    p
}

pub(super) fn webp_chunk(fourcc: &[u8; 4], data: &[u8]) -> Vec<u8> {
    let mut c = fourcc.to_vec();
    c.extend_from_slice(&u32::try_from(data.len()).expect("short").to_le_bytes());
    c.extend_from_slice(data);
    if data.len() % 2 == 1 {
        c.push(0);
    }
    c
}

pub(super) fn riff(body: &[u8]) -> Vec<u8> {
    let mut w = b"RIFF".to_vec();
    w.extend_from_slice(&u32::try_from(body.len() + 4).expect("short").to_le_bytes());
    w.extend_from_slice(b"WEBP");
    w.extend_from_slice(body);
    w
}

pub(super) fn webp_with_metadata() -> Vec<u8> {
    let mut body = webp_chunk(b"VP8X", &[0x20 | 0x08 | 0x04 | 0x10, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
    body.extend(webp_chunk(b"ICCP", b"Zhang San ICC"));
    body.extend(webp_chunk(b"VP8L", &[0x2F, 0, 0, 0, 0x10]));
    let mut exif = b"Exif\0\0".to_vec();
    exif.extend(gps_tiff(true));
    body.extend(webp_chunk(b"EXIF", &exif));
    body.extend(webp_chunk(b"XMP ", b"<x:xmpmeta>GPS</x:xmpmeta>"));
    riff(&body)
}
