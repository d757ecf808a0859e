//! Photos as the intake stores them: decoded by a real image decoder, turned upright, and encoded
//! anew from their pixels, so that nothing of the uploaded file but the picture survives.
//!
//! - The real type comes from the bytes ([`sniff_image`]), never from the declared type or name.
//! - The file must be whole: its structure is walked first (JPEG segments and scans up to EOI,
//!   PNG chunks up to `IEND`, WebP chunks within the RIFF size, by the same code that strips
//!   metadata in the browser, [`strip_metadata`]), because decoders fill in a cut-off picture
//!   with grey rather than fail.
//! - Decoding is bounded: at most [`MAX_SIDE`] pixels a side, [`MAX_PIXELS`] in all, and
//!   [`MAX_DECODE_BYTES`] of memory (a small file that claims a huge picture, a "decompression
//!   bomb", is refused before its pixels are allocated); [`DECODE_SLOTS`] photos are decoded at a
//!   time in the whole service.
//! - The EXIF Orientation (JPEG APP1, PNG `eXIf`, WebP `EXIF`) is applied to the pixels first, so
//!   staff see phone photos the right way up.
//! - The new file is a JPEG ([`JPEG_QUALITY`]), or a PNG for a PNG or any picture with
//!   transparency. The encoders write the pixels and nothing else: no EXIF, XMP, ICC profile,
//!   comment, text chunk or C2PA manifest of the original can be carried over, whatever the
//!   original held, because nothing of the original is copied.
//! - The result keeps within [`MAX_PHOTO_BYTES`]: a picture whose new file would be larger is
//!   halved in size until it fits.
//!
//! The browser strips metadata before a photo leaves the phone ([`portal_core::report::strip_metadata`],
//! so it is never stored or sent with its GPS position); the intake trusts none of that and
//! rebuilds every photo here.

use std::io::Cursor;

use image::codecs::jpeg::JpegEncoder;
use image::codecs::png::PngEncoder;
use image::imageops::FilterType;
use image::{DynamicImage, ImageDecoder, ImageError, ImageFormat, ImageReader, Limits};
use portal_core::report::{ImageType, MAX_PHOTO_BYTES, sniff_image, strip_metadata};

/// The largest width or height decoded.
pub const MAX_SIDE: u32 = 12_000;
/// The most pixels decoded (a 48-megapixel phone photo fits).
pub const MAX_PIXELS: u64 = 50_000_000;
/// The most memory one decode may allocate (50 megapixels of 8-bit RGBA fit).
pub const MAX_DECODE_BYTES: u64 = 256 * 1024 * 1024;
/// The quality of the JPEGs written.
pub const JPEG_QUALITY: u8 = 85;
/// How many photos the service decodes at once: each may hold [`MAX_DECODE_BYTES`].
pub const DECODE_SLOTS: usize = 2;

/// How many decodes run now (see [`DECODE_SLOTS`]), and the condition waiting threads sleep on.
static DECODING: (std::sync::Mutex<usize>, std::sync::Condvar) = (std::sync::Mutex::new(0), std::sync::Condvar::new());

/// Why a photo was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum PhotoError {
    /// Not a JPEG, PNG or WebP.
    #[error("not a JPEG, PNG or WebP image")]
    NotAnImage,
    /// A JPEG, PNG or WebP that does not decode: truncated, zero-filled or otherwise broken.
    #[error("the image does not decode")]
    Unreadable,
    /// More pixels than [`MAX_PIXELS`] or [`MAX_SIDE`] allow, or a file that cannot be brought
    /// within [`MAX_PHOTO_BYTES`].
    #[error("the image is too large")]
    TooLarge,
}

/// A photo as stored: its type and its new bytes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CleanPhoto {
    /// JPEG or PNG.
    pub kind: ImageType,
    /// The re-encoded file.
    pub bytes: Vec<u8>,
}

/// [`clean`] for a file (an upload's temporary file, at most [`MAX_PHOTO_BYTES`]), read within
/// a decoding slot. Blocking: call it from `spawn_blocking`.
pub fn clean_file(path: &std::path::Path) -> Result<CleanPhoto, PhotoError> {
    let _slot = decoding_slot();
    let bytes = std::fs::read(path).map_err(|_| PhotoError::Unreadable)?;
    clean_bytes(&bytes)
}

/// Checks that `bytes` hold a whole JPEG, PNG or WebP, decodes it, applies its orientation and
/// encodes the picture anew. Blocking.
pub fn clean(bytes: &[u8]) -> Result<CleanPhoto, PhotoError> {
    let _slot = decoding_slot();
    clean_bytes(bytes)
}

/// One of the [`DECODE_SLOTS`], given back when dropped.
struct DecodingSlot;

impl Drop for DecodingSlot {
    fn drop(&mut self) {
        let (running, freed) = &DECODING;
        *running.lock().unwrap_or_else(std::sync::PoisonError::into_inner) -= 1;
        freed.notify_one();
    }
}

/// Waits (blocking the calling thread) for one of the [`DECODE_SLOTS`].
fn decoding_slot() -> DecodingSlot {
    let (running, freed) = &DECODING;
    let mut running = running.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
    while *running >= DECODE_SLOTS {
        running = freed.wait(running).unwrap_or_else(std::sync::PoisonError::into_inner);
    }
    *running += 1;
    DecodingSlot
}

fn clean_bytes(bytes: &[u8]) -> Result<CleanPhoto, PhotoError> {
    let kind = sniff_image(bytes).ok_or(PhotoError::NotAnImage)?;
    // Only the check matters here: the decoder reads the original, for its orientation.
    strip_metadata(bytes).map_err(|_| PhotoError::Unreadable)?;
    let format = match kind {
        ImageType::Jpeg => ImageFormat::Jpeg,
        ImageType::Png => ImageFormat::Png,
        ImageType::Webp => ImageFormat::WebP,
    };
    let mut image = decode(Cursor::new(bytes), format)?;
    let keep_png = kind == ImageType::Png || image.color().has_alpha();
    loop {
        let bytes = if keep_png { encode_png(&image)? } else { encode_jpeg(&image)? };
        if bytes.len() <= MAX_PHOTO_BYTES {
            let kind = if keep_png { ImageType::Png } else { ImageType::Jpeg };
            return Ok(CleanPhoto { kind, bytes });
        }
        let (width, height) = (image.width() / 2, image.height() / 2);
        if width == 0 || height == 0 {
            return Err(PhotoError::TooLarge);
        }
        image = image.resize_exact(width, height, FilterType::Triangle);
    }
}

/// Decodes within the limits and turns the picture upright.
fn decode(reader: Cursor<&[u8]>, format: ImageFormat) -> Result<DynamicImage, PhotoError> {
    let mut limits = Limits::default();
    limits.max_image_width = Some(MAX_SIDE);
    limits.max_image_height = Some(MAX_SIDE);
    limits.max_alloc = Some(MAX_DECODE_BYTES);
    let mut reader = ImageReader::with_format(reader, format);
    reader.limits(limits);
    let mut decoder = reader.into_decoder().map_err(refused)?;
    let (width, height) = decoder.dimensions();
    if u64::from(width) * u64::from(height) > MAX_PIXELS {
        return Err(PhotoError::TooLarge);
    }
    // An unreadable EXIF block only costs the orientation, not the photo.
    let orientation = decoder.orientation().unwrap_or(image::metadata::Orientation::NoTransforms);
    let mut image = DynamicImage::from_decoder(decoder).map_err(refused)?;
    image.apply_orientation(orientation);
    Ok(image)
}

/// A decoding error as a refusal.
fn refused(err: ImageError) -> PhotoError {
    match err {
        ImageError::Limits(_) => PhotoError::TooLarge,
        _ => PhotoError::Unreadable,
    }
}

fn encode_jpeg(image: &DynamicImage) -> Result<Vec<u8>, PhotoError> {
    let mut out = Vec::new();
    let encoder = JpegEncoder::new_with_quality(&mut out, JPEG_QUALITY);
    // 8-bit grey and RGB are written as they are; anything else is converted first (a copy).
    let written = match image {
        DynamicImage::ImageLuma8(_) | DynamicImage::ImageRgb8(_) => image.write_with_encoder(encoder),
        _ => DynamicImage::ImageRgb8(image.to_rgb8()).write_with_encoder(encoder),
    };
    written.map_err(|_| PhotoError::Unreadable)?;
    Ok(out)
}

fn encode_png(image: &DynamicImage) -> Result<Vec<u8>, PhotoError> {
    let mut out = Vec::new();
    let encoder = PngEncoder::new(&mut out);
    // 8 bits a channel are plenty for evidence photos, and keep the file small.
    let written = match image {
        DynamicImage::ImageLuma8(_)
        | DynamicImage::ImageLumaA8(_)
        | DynamicImage::ImageRgb8(_)
        | DynamicImage::ImageRgba8(_) => image.write_with_encoder(encoder),
        _ if image.color().has_alpha() => DynamicImage::ImageRgba8(image.to_rgba8()).write_with_encoder(encoder),
        _ => DynamicImage::ImageRgb8(image.to_rgb8()).write_with_encoder(encoder),
    };
    written.map_err(|_| PhotoError::Unreadable)?;
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_zero_filled_jpeg_and_other_non_images_are_refused() {
        let mut zeros = vec![0xFF, 0xD8, 0xFF, 0xE0];
        zeros.resize(64 * 1024, 0);
        assert_eq!(clean(&zeros), Err(PhotoError::Unreadable));
        assert_eq!(clean(b"%PDF-1.7\n"), Err(PhotoError::NotAnImage));
        assert_eq!(clean(&[]), Err(PhotoError::NotAnImage));
        let mut png = b"\x89PNG\r\n\x1a\n".to_vec();
        png.resize(4096, 0);
        assert_eq!(clean(&png), Err(PhotoError::Unreadable));
    }

    #[test]
    fn a_cut_off_photo_is_refused_though_a_decoder_would_fill_it_in() {
        let picture = image::RgbImage::from_fn(64, 64, |x, y| image::Rgb([(x * 3) as u8, (y * 3) as u8, 7]));
        let mut jpeg = Vec::new();
        JpegEncoder::new_with_quality(&mut jpeg, 90).encode_image(&picture).expect("encode");
        assert!(image::load_from_memory(&jpeg[..jpeg.len() / 2]).is_ok(), "the decoder alone accepts it");
        assert_eq!(clean(&jpeg[..jpeg.len() / 2]), Err(PhotoError::Unreadable));
        let whole = clean(&jpeg).expect("the whole JPEG is taken");
        assert_eq!(whole.kind, ImageType::Jpeg);
        let mut png = Vec::new();
        DynamicImage::ImageRgb8(picture).write_with_encoder(PngEncoder::new(&mut png)).expect("encode");
        for cut in [png.len() / 2, png.len() - 12] {
            assert_eq!(clean(&png[..cut]), Err(PhotoError::Unreadable), "PNG cut at {cut}");
        }
        assert_eq!(clean(&png).expect("the whole PNG is taken").kind, ImageType::Png);
    }

    #[test]
    fn transparency_keeps_a_png_and_a_16_bit_png_comes_back_in_8_bits() {
        let see_through =
            image::RgbaImage::from_fn(8, 4, |x, _| image::Rgba([200, 10, 10, if x < 4 { 0 } else { 255 }]));
        let mut webp = Vec::new();
        image::codecs::webp::WebPEncoder::new_lossless(&mut webp)
            .encode(see_through.as_raw(), 8, 4, image::ExtendedColorType::Rgba8)
            .expect("encode");
        let clean_webp = clean(&webp).expect("a WebP with alpha");
        assert_eq!(clean_webp.kind, ImageType::Png, "transparency needs a PNG");
        let back = image::load_from_memory(&clean_webp.bytes).expect("decodes").to_rgba8();
        assert_eq!((back.get_pixel(0, 0)[3], back.get_pixel(7, 0)[3]), (0, 255));
        let deep = image::ImageBuffer::<image::Rgb<u16>, _>::from_pixel(4, 4, image::Rgb([65535u16, 0, 300]));
        let mut png = Vec::new();
        DynamicImage::ImageRgb16(deep).write_with_encoder(PngEncoder::new(&mut png)).expect("encode");
        let clean_png = clean(&png).expect("a 16-bit PNG");
        let back = image::load_from_memory(&clean_png.bytes).expect("decodes");
        assert_eq!(back.color(), image::ColorType::Rgb8);
        assert_eq!(back.to_rgb8().get_pixel(0, 0).0, [255, 0, 1]);
    }

    #[test]
    fn a_picture_claiming_too_many_pixels_is_refused_before_decoding() {
        // A whole PNG of 50 bytes claiming 20 000 × 20 000 pixels: the claim alone is refused.
        let mut png = b"\x89PNG\r\n\x1a\n".to_vec();
        let mut ihdr = b"IHDR".to_vec();
        ihdr.extend_from_slice(&20_000u32.to_be_bytes());
        ihdr.extend_from_slice(&20_000u32.to_be_bytes());
        ihdr.extend_from_slice(&[8, 2, 0, 0, 0]);
        png.extend_from_slice(&13u32.to_be_bytes());
        png.extend_from_slice(&ihdr);
        png.extend_from_slice(&crc32fast::hash(&ihdr).to_be_bytes());
        for chunk in [&b"IDAT\x78\x9c\x63\x60\x00"[..], b"IEND"] {
            png.extend_from_slice(&(chunk.len() as u32 - 4).to_be_bytes());
            png.extend_from_slice(chunk);
            png.extend_from_slice(&crc32fast::hash(chunk).to_be_bytes());
        }
        assert_eq!(clean(&png), Err(PhotoError::TooLarge));
    }
}
