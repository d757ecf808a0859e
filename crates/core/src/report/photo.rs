//! Photos: [`sniff_image`] finds the real format and [`strip_metadata`] removes EXIF, XMP, IPTC,
//! ICC profiles, comments and anything else that is not the picture; [`exif_gps`] (in `exif`)
//! reads the GPS position.
//!
//! The browser strips each photo with [`strip_metadata`] before it is kept on the phone or sent,
//! so its position never leaves the device. The intake trusts none of that: it uses
//! [`strip_metadata`] only to check that a file is whole, then decodes the picture and encodes it
//! anew (`portal-intake`'s `photos` module), which is what is stored.

use serde::{Deserialize, Serialize};

mod exif;
#[cfg(test)]
mod fixtures;

pub use exif::exif_gps;

/// An accepted image format, as sniffed from the bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ImageType {
    /// JPEG (`FF D8 FF`).
    Jpeg,
    /// PNG (`89 50 4E 47 0D 0A 1A 0A`).
    Png,
    /// WebP (`RIFF....WEBP`).
    Webp,
}

impl ImageType {
    /// The media type, e.g. `image/jpeg`.
    pub fn mime(self) -> &'static str {
        match self {
            ImageType::Jpeg => "image/jpeg",
            ImageType::Png => "image/png",
            ImageType::Webp => "image/webp",
        }
    }

    /// The usual file extension, without the dot.
    pub fn extension(self) -> &'static str {
        match self {
            ImageType::Jpeg => "jpg",
            ImageType::Png => "png",
            ImageType::Webp => "webp",
        }
    }
}

const PNG_SIGNATURE: &[u8; 8] = b"\x89PNG\r\n\x1a\n";

/// The real type of an image from its first bytes; `None` for anything else (whatever the file
/// name or declared content type says).
pub fn sniff_image(bytes: &[u8]) -> Option<ImageType> {
    if bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
        Some(ImageType::Jpeg)
    } else if bytes.starts_with(PNG_SIGNATURE) {
        Some(ImageType::Png)
    } else if bytes.len() >= 12 && bytes.starts_with(b"RIFF") && bytes.get(8..12) == Some(b"WEBP") {
        Some(ImageType::Webp)
    } else {
        None
    }
}

/// Why [`strip_metadata`] could not rewrite an image.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum StripError {
    /// Not a JPEG, PNG or WebP.
    #[error("not a JPEG, PNG or WebP image")]
    NotAnImage,
    /// The file ends in the middle of a segment or chunk, or before its end marker.
    #[error("the image is truncated")]
    Truncated,
    /// The structure is broken (a bad marker, length or chunk name).
    #[error("the image is malformed")]
    Malformed,
}

/// Returns a copy of the image without its metadata; the picture itself is untouched.
///
/// - **JPEG**: keeps only what decoding needs: frame headers (SOF*n*), Huffman and arithmetic
///   tables (DHT, DAC), quantisation tables (DQT), restart intervals (DRI), line counts (DNL),
///   scans and restart markers; APP0 only for JFIF, without its thumbnail; a bare 12-byte Adobe
///   APP14 (it tells decoders how colours are encoded and holds nothing else). Every other APP*n*
///   (EXIF, XMP, ICC profiles, IPTC/Photoshop, maker data), COM and unknown marker is dropped.
///   Segments are copied one by one up to the first SOS; the entropy-coded data is copied as it
///   is, and segments between scans (progressive JPEGs) are filtered the same way. Anything after
///   EOI (such as the video of a "motion photo") is dropped.
/// - **PNG**: keeps the critical chunks (`IHDR`, `PLTE`, `IDAT`, `IEND`) and `tRNS`
///   (transparency); drops every other ancillary chunk (`eXIf`, `tEXt`, `zTXt`, `iTXt`, `tIME`,
///   `iCCP`, `caBX`, …) and anything after `IEND`.
/// - **WebP**: drops the `EXIF`, `XMP ` and `ICCP` chunks, clears their flags in `VP8X` and
///   rewrites the RIFF size; anything after the RIFF data is dropped.
///
/// Never panics, whatever the input.
pub fn strip_metadata(bytes: &[u8]) -> Result<Vec<u8>, StripError> {
    match sniff_image(bytes).ok_or(StripError::NotAnImage)? {
        ImageType::Jpeg => strip_jpeg(bytes),
        ImageType::Png => strip_png(bytes),
        ImageType::Webp => strip_webp(bytes),
    }
}

/// Reads a big-endian `u16` at `at`.
fn be16(b: &[u8], at: usize) -> Option<u16> {
    let s = b.get(at..at.checked_add(2)?)?;
    Some(u16::from_be_bytes([s[0], s[1]]))
}

/// Reads a big-endian `u32` at `at`.
fn be32(b: &[u8], at: usize) -> Option<u32> {
    let s = b.get(at..at.checked_add(4)?)?;
    Some(u32::from_be_bytes([s[0], s[1], s[2], s[3]]))
}

/// Reads a little-endian `u32` at `at`.
fn le32(b: &[u8], at: usize) -> Option<u32> {
    let s = b.get(at..at.checked_add(4)?)?;
    Some(u32::from_le_bytes([s[0], s[1], s[2], s[3]]))
}

/// One JPEG marker segment, as found by [`JpegSegments`].
struct JpegSegment<'a> {
    marker: u8,
    /// The payload after the two length bytes (empty for markers without a length).
    payload: &'a [u8],
    /// For SOS: the entropy-coded data that follows, up to the next marker.
    scan: &'a [u8],
}

/// Walks the segments of a JPEG (after SOI) and through its scans, up to and including EOI.
struct JpegSegments<'a> {
    bytes: &'a [u8],
    at: usize,
    done: bool,
}

impl<'a> JpegSegments<'a> {
    fn new(bytes: &'a [u8]) -> Self {
        Self { bytes, at: 2, done: false }
    }

    fn next_segment(&mut self) -> Result<Option<JpegSegment<'a>>, StripError> {
        if self.done {
            return Ok(None);
        }
        let b = self.bytes;
        if b.get(self.at) != Some(&0xFF) {
            return Err(if self.at >= b.len() { StripError::Truncated } else { StripError::Malformed });
        }
        // Any number of 0xFF fill bytes may precede a marker.
        while b.get(self.at + 1) == Some(&0xFF) {
            self.at += 1;
        }
        let marker = *b.get(self.at + 1).ok_or(StripError::Truncated)?;
        self.at += 2;
        match marker {
            0xD9 => {
                self.done = true;
                return Ok(Some(JpegSegment { marker, payload: &[], scan: &[] }));
            }
            0x01 | 0xD0..=0xD7 => return Ok(Some(JpegSegment { marker, payload: &[], scan: &[] })),
            0x00 | 0xD8 => return Err(StripError::Malformed),
            _ => {}
        }
        let length = usize::from(be16(b, self.at).ok_or(StripError::Truncated)?);
        if length < 2 {
            return Err(StripError::Malformed);
        }
        let end = self.at + length;
        let payload = b.get(self.at + 2..end).ok_or(StripError::Truncated)?;
        self.at = end;
        let mut scan: &[u8] = &[];
        if marker == 0xDA {
            // Entropy-coded data: 0xFF is followed by 0x00 (a stuffed byte), a restart marker or
            // fill bytes; anything else is the next marker.
            let start = self.at;
            let mut i = start;
            loop {
                let ff =
                    b.get(i..).and_then(|rest| rest.iter().position(|&c| c == 0xFF)).ok_or(StripError::Truncated)?;
                let j = i + ff;
                match *b.get(j + 1).ok_or(StripError::Truncated)? {
                    0x00 | 0xD0..=0xD7 => i = j + 2,
                    0xFF => i = j + 1,
                    _ => {
                        scan = b.get(start..j).ok_or(StripError::Truncated)?;
                        self.at = j;
                        break;
                    }
                }
            }
        }
        Ok(Some(JpegSegment { marker, payload, scan }))
    }
}

fn strip_jpeg(bytes: &[u8]) -> Result<Vec<u8>, StripError> {
    let mut out = Vec::with_capacity(bytes.len());
    out.extend_from_slice(&[0xFF, 0xD8]);
    let mut segments = JpegSegments::new(bytes);
    while let Some(segment) = segments.next_segment()? {
        let JpegSegment { marker, payload, scan } = segment;
        let kept: Option<std::borrow::Cow<'_, [u8]>> = match marker {
            0xD9 | 0x01 | 0xD0..=0xD7 => {
                out.extend_from_slice(&[0xFF, marker]);
                continue;
            }
            // APP0: keep JFIF only, with the thumbnail size set to zero and the thumbnail dropped.
            0xE0 if payload.starts_with(b"JFIF\0") && payload.len() >= 14 => {
                let mut jfif = payload.get(..14).ok_or(StripError::Malformed)?.to_vec();
                jfif[12] = 0;
                jfif[13] = 0;
                Some(jfif.into())
            }
            0xEE if payload.starts_with(b"Adobe") && payload.len() == 12 => Some(payload.into()),
            // SOFn, DHT, DAC (0xC0–0xCF), DQT, DNL, DRI, DHP, EXP (0xDB–0xDF) and SOS.
            0xC0..=0xCF | 0xDA..=0xDF => Some(payload.into()),
            _ => None,
        };
        if let Some(payload) = kept {
            let length = u16::try_from(payload.len() + 2).map_err(|_| StripError::Malformed)?;
            out.extend_from_slice(&[0xFF, marker]);
            out.extend_from_slice(&length.to_be_bytes());
            out.extend_from_slice(&payload);
        }
        out.extend_from_slice(scan);
    }
    Ok(out)
}

/// Whether a PNG chunk is kept: critical chunks (upper-case first letter) and `tRNS`.
fn png_chunk_kept(kind: &[u8; 4]) -> bool {
    kind[0].is_ascii_uppercase() || kind == b"tRNS"
}

/// One PNG chunk.
struct PngChunk<'a> {
    kind: [u8; 4],
    /// The whole chunk: length, type, data and CRC.
    whole: &'a [u8],
    data: &'a [u8],
}

/// Reads the PNG chunk at `at` and returns it with the offset of the next one.
fn png_chunk_at(bytes: &[u8], at: usize) -> Result<(PngChunk<'_>, usize), StripError> {
    let length = be32(bytes, at).ok_or(StripError::Truncated)?;
    if length > 0x7FFF_FFFF {
        return Err(StripError::Malformed);
    }
    let kind: [u8; 4] = bytes.get(at + 4..at + 8).and_then(|k| k.try_into().ok()).ok_or(StripError::Truncated)?;
    if !kind.iter().all(u8::is_ascii_alphabetic) {
        return Err(StripError::Malformed);
    }
    let data_start = at + 8;
    let data_end = data_start.checked_add(length as usize).ok_or(StripError::Malformed)?;
    let end = data_end.checked_add(4).ok_or(StripError::Malformed)?;
    let whole = bytes.get(at..end).ok_or(StripError::Truncated)?;
    let data = bytes.get(data_start..data_end).ok_or(StripError::Truncated)?;
    Ok((PngChunk { kind, whole, data }, end))
}

/// Walks the chunks of a PNG up to `IEND` or the first error.
fn png_chunks(bytes: &[u8]) -> impl Iterator<Item = Result<PngChunk<'_>, StripError>> {
    let mut at = Some(PNG_SIGNATURE.len());
    std::iter::from_fn(move || {
        let chunk = png_chunk_at(bytes, at?);
        at = match &chunk {
            Ok((chunk, next)) if &chunk.kind != b"IEND" => Some(*next),
            _ => None,
        };
        Some(chunk.map(|(chunk, _)| chunk))
    })
}

fn strip_png(bytes: &[u8]) -> Result<Vec<u8>, StripError> {
    let mut out = Vec::with_capacity(bytes.len());
    out.extend_from_slice(PNG_SIGNATURE);
    let mut ended = false;
    for chunk in png_chunks(bytes) {
        let chunk = chunk?;
        if png_chunk_kept(&chunk.kind) {
            out.extend_from_slice(chunk.whole);
        }
        ended = &chunk.kind == b"IEND";
    }
    if ended { Ok(out) } else { Err(StripError::Truncated) }
}

/// One WebP chunk (padding excluded).
struct WebpChunk<'a> {
    fourcc: [u8; 4],
    data: &'a [u8],
}

/// The chunks of a WebP, within the RIFF size.
fn webp_chunks(bytes: &[u8]) -> Result<Vec<WebpChunk<'_>>, StripError> {
    let riff_size = le32(bytes, 4).ok_or(StripError::Truncated)? as usize;
    let end = riff_size.checked_add(8).ok_or(StripError::Malformed)?;
    if end > bytes.len() {
        return Err(StripError::Truncated);
    }
    let mut chunks = Vec::new();
    let mut at = 12;
    while at < end {
        let fourcc: [u8; 4] = bytes.get(at..at + 4).and_then(|k| k.try_into().ok()).ok_or(StripError::Truncated)?;
        let size = le32(bytes, at + 4).ok_or(StripError::Truncated)? as usize;
        let data_end = (at + 8).checked_add(size).ok_or(StripError::Malformed)?;
        if data_end > end {
            return Err(StripError::Truncated);
        }
        let data = bytes.get(at + 8..data_end).ok_or(StripError::Truncated)?;
        chunks.push(WebpChunk { fourcc, data });
        at = data_end + (size & 1);
    }
    if chunks.is_empty() {
        return Err(StripError::Truncated);
    }
    Ok(chunks)
}

fn strip_webp(bytes: &[u8]) -> Result<Vec<u8>, StripError> {
    let mut body = Vec::with_capacity(bytes.len());
    for WebpChunk { fourcc, data } in webp_chunks(bytes)? {
        if &fourcc == b"EXIF" || &fourcc == b"XMP " || &fourcc == b"ICCP" {
            continue;
        }
        let size = u32::try_from(data.len()).map_err(|_| StripError::Malformed)?;
        body.extend_from_slice(&fourcc);
        body.extend_from_slice(&size.to_le_bytes());
        let start = body.len();
        body.extend_from_slice(data);
        if &fourcc == b"VP8X"
            && let Some(flags) = body.get_mut(start)
        {
            // Bits, most significant first: reserved(2) ICC alpha EXIF XMP animation reserved.
            *flags &= !(0x20 | 0x08 | 0x04);
        }
        if data.len() % 2 == 1 {
            body.push(0);
        }
    }
    let riff_size = u32::try_from(body.len() + 4).map_err(|_| StripError::Malformed)?;
    let mut out = Vec::with_capacity(body.len() + 12);
    out.extend_from_slice(b"RIFF");
    out.extend_from_slice(&riff_size.to_le_bytes());
    out.extend_from_slice(b"WEBP");
    out.extend_from_slice(&body);
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::fixtures::*;
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn sniffing_looks_at_the_bytes_only() {
        assert_eq!(sniff_image(&jpeg_with_metadata(&gps_tiff(true))), Some(ImageType::Jpeg));
        assert_eq!(sniff_image(&png_with_metadata()), Some(ImageType::Png));
        assert_eq!(sniff_image(&webp_with_metadata()), Some(ImageType::Webp));
        assert_eq!(sniff_image(b"%PDF-1.7\n"), None);
        assert_eq!(sniff_image(b"<!doctype html><script>"), None);
        assert_eq!(sniff_image(b"RIFF\0\0\0\0WAVEfmt "), None);
        assert_eq!(sniff_image(&[0xFF, 0xD8]), None);
        assert_eq!(sniff_image(&[]), None);
        assert_eq!(ImageType::Webp.mime(), "image/webp");
    }

    #[test]
    fn stripping_a_jpeg_removes_exif_xmp_iptc_comments_unknown_markers_thumbnail_and_trailer() {
        let jpeg = jpeg_with_metadata(&gps_tiff(false));
        assert!(contains(&jpeg, b"Exif"));
        let stripped = strip_metadata(&jpeg).expect("strip");
        for needle in [&b"Exif"[..], b"xmpmeta", b"GPS", b"8BIM", b"Zhang San", b"MotionPhoto", &[0xAA, 0xBB, 0xCC]] {
            assert!(!contains(&stripped, needle), "{:?} survived", String::from_utf8_lossy(needle));
        }
        assert!(stripped.starts_with(&[0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x10]), "SOI then a 16-byte APP0");
        assert!(contains(&stripped, b"JFIF\0"));
        assert!(stripped.ends_with(&[0xFF, 0xD9]));
        assert!(contains(&stripped, SCAN_DATA), "the picture data is untouched");
        assert_eq!(exif_gps(&stripped), None);
        assert_eq!(sniff_image(&stripped), Some(ImageType::Jpeg));
        // Stripping is idempotent.
        assert_eq!(strip_metadata(&stripped).expect("strip again"), stripped);
    }

    #[test]
    fn stripping_a_jpeg_filters_segments_between_scans() {
        let mut jpeg = jpeg_with_metadata(&gps_tiff(true));
        let eoi = jpeg.len() - b"MotionPhoto_Data ftypmp42 GPS".len() - 2;
        let mut tail = segment(0xE1, b"Exif\0\0late metadata");
        tail.extend(segment(0xDA, &[1, 1, 0, 0, 0x3F, 0]));
        tail.extend_from_slice(&[0x9A, 0xBC]);
        jpeg.splice(eoi..eoi, tail);
        let stripped = strip_metadata(&jpeg).expect("strip");
        assert!(!contains(&stripped, b"late metadata"));
        assert!(contains(&stripped, &[0x9A, 0xBC, 0xFF, 0xD9]));
    }

    #[test]
    fn broken_jpegs_are_errors_not_panics() {
        let jpeg = jpeg_with_metadata(&gps_tiff(true));
        let eoi_end = jpeg.len() - b"MotionPhoto_Data ftypmp42 GPS".len();
        assert_eq!(strip_metadata(&jpeg[..eoi_end - 2]), Err(StripError::Truncated), "no EOI");
        assert_eq!(strip_metadata(&jpeg[..30]), Err(StripError::Truncated), "cut inside a segment");
        assert_eq!(strip_metadata(&[0xFF, 0xD8, 0xFF, 0xE1, 0x00, 0x01]), Err(StripError::Malformed));
        assert_eq!(strip_metadata(&[0xFF, 0xD8, 0xFF, 0xC0, 0x00, 0x02, 0x12]), Err(StripError::Malformed));
        assert_eq!(strip_metadata(b"%PDF-1.4"), Err(StripError::NotAnImage));
    }

    #[test]
    fn stripping_a_png_drops_the_metadata_chunks() {
        let stripped = strip_metadata(&png_with_metadata()).expect("strip");
        for needle in
            [&b"tEXt"[..], b"iTXt", b"zTXt", b"tIME", b"eXIf", b"Exif", b"Zhang San", b"GPS", b"iCCP", b"caBX", b"c2pa"]
        {
            assert!(!contains(&stripped, needle), "{:?} survived", String::from_utf8_lossy(needle));
        }
        let mut expected = PNG_SIGNATURE.to_vec();
        expected.extend(chunk(b"IHDR", &[0, 0, 0, 1, 0, 0, 0, 1, 8, 2, 0, 0, 0]));
        expected.extend(chunk(b"IDAT", &[0x78, 0x9C, 0x63, 0x60, 0x00]));
        expected.extend(chunk(b"IEND", &[]));
        assert_eq!(stripped, expected);
        let png = png_with_metadata();
        assert_eq!(strip_metadata(&png[..png.len() - 20]), Err(StripError::Truncated));
    }

    #[test]
    fn stripping_a_webp_drops_exif_xmp_and_icc_and_clears_their_flags() {
        let webp = webp_with_metadata();
        assert!(exif_gps(&webp).is_some(), "the fixture carries GPS");
        let stripped = strip_metadata(&webp).expect("strip");
        let mut body = webp_chunk(b"VP8X", &[0x10, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
        body.extend(webp_chunk(b"VP8L", &[0x2F, 0, 0, 0, 0x10]));
        assert_eq!(stripped, riff(&body), "alpha flag kept, ICC, EXIF and XMP flags cleared, sizes rewritten");
        assert!(!contains(&stripped, b"Exif") && !contains(&stripped, b"GPS") && !contains(&stripped, b"Zhang San"));
        assert_eq!(exif_gps(&stripped), None);
        assert_eq!(strip_metadata(&webp[..webp.len() - 3]), Err(StripError::Truncated));
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2000))]

        #[test]
        fn photo_functions_never_panic_on_arbitrary_bytes(bytes in proptest::collection::vec(any::<u8>(), 0..400)) {
            let _ = sniff_image(&bytes);
            let _ = strip_metadata(&bytes);
            let _ = exif_gps(&bytes);
        }

        #[test]
        fn photo_functions_never_panic_on_mutated_images(
            which in 0usize..3,
            flips in proptest::collection::vec((any::<usize>(), any::<u8>()), 1..8),
            cut in any::<usize>(),
        ) {
            let mut bytes = match which {
                0 => jpeg_with_metadata(&gps_tiff(true)),
                1 => png_with_metadata(),
                _ => webp_with_metadata(),
            };
            for (at, value) in flips {
                let len = bytes.len();
                // Keep the signature so the format-specific code runs.
                bytes[12 + at % (len - 12)] = value;
            }
            bytes.truncate(cut % (bytes.len() + 1));
            let _ = exif_gps(&bytes);
            if let Ok(stripped) = strip_metadata(&bytes) {
                // Whatever survives still sniffs as the same kind of image.
                prop_assert_eq!(sniff_image(&stripped), sniff_image(&bytes));
            }
        }
    }
}
