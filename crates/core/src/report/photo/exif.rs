//! Reading the GPS position from a photo's EXIF data (JPEG APP1, PNG `eXIf`, WebP `EXIF`).

use super::{ImageType, JpegSegments, png_chunks, sniff_image, webp_chunks};

/// The GPS position recorded in an image's EXIF, as `(latitude, longitude)` in decimal degrees
/// (south and west negative); `None` if there is none or it cannot be read.
///
/// Reads the APP1 `Exif` segment of a JPEG (and also the `eXIf` chunk of a PNG and the `EXIF`
/// chunk of a WebP): the TIFF header in either byte order, IFD0's GPS pointer (tag `0x8825`),
/// then GPS tags 1–4 (latitude ref, latitude, longitude ref, longitude, each as three rationals).
/// Never panics, whatever the input.
pub fn exif_gps(bytes: &[u8]) -> Option<(f64, f64)> {
    let tiff = match sniff_image(bytes)? {
        ImageType::Jpeg => jpeg_exif(bytes)?,
        ImageType::Png => png_chunks(bytes).map_while(Result::ok).find(|c| &c.kind == b"eXIf").map(|c| c.data)?,
        ImageType::Webp => {
            let data = webp_chunks(bytes).ok()?.into_iter().find(|c| &c.fourcc == b"EXIF").map(|c| c.data)?;
            data.strip_prefix(b"Exif\0\0").unwrap_or(data)
        }
    };
    gps_from_tiff(tiff)
}

/// The TIFF data inside a JPEG's APP1 `Exif` segment.
fn jpeg_exif(bytes: &[u8]) -> Option<&[u8]> {
    let mut segments = JpegSegments::new(bytes);
    while let Ok(Some(segment)) = segments.next_segment() {
        if segment.marker == 0xE1
            && let Some(tiff) = segment.payload.strip_prefix(b"Exif\0\0")
        {
            return Some(tiff);
        }
        if segment.marker == 0xDA || segment.marker == 0xD9 {
            break;
        }
    }
    None
}

/// A TIFF structure in one byte order.
struct Tiff<'a> {
    data: &'a [u8],
    little_endian: bool,
}

impl Tiff<'_> {
    fn u16_at(&self, at: usize) -> Option<u16> {
        let s = self.data.get(at..at.checked_add(2)?)?;
        let pair = [s[0], s[1]];
        Some(if self.little_endian { u16::from_le_bytes(pair) } else { u16::from_be_bytes(pair) })
    }

    fn u32_at(&self, at: usize) -> Option<u32> {
        let s = self.data.get(at..at.checked_add(4)?)?;
        let quad = [s[0], s[1], s[2], s[3]];
        Some(if self.little_endian { u32::from_le_bytes(quad) } else { u32::from_be_bytes(quad) })
    }

    /// The entries of the IFD at `offset`: (tag, type, count, offset of the value field).
    fn entries(&self, offset: usize) -> impl Iterator<Item = (u16, u16, u32, usize)> + '_ {
        let count = self.u16_at(offset).unwrap_or(0);
        (0..usize::from(count)).map_while(move |i| {
            let at = offset.checked_add(2 + 12 * i)?;
            Some((self.u16_at(at)?, self.u16_at(at + 2)?, self.u32_at(at + 4)?, at + 8))
        })
    }

    /// Where the value of an entry with `count` items of `size` bytes lives.
    fn value_offset(&self, count: u32, size: usize, field: usize) -> Option<usize> {
        if (count as usize).checked_mul(size)? <= 4 { Some(field) } else { Some(self.u32_at(field)? as usize) }
    }

    /// Degrees from three rationals (degrees, minutes, seconds) at `at`.
    fn degrees(&self, at: usize) -> Option<f64> {
        let mut parts = [0f64; 3];
        for (i, part) in parts.iter_mut().enumerate() {
            let num = self.u32_at(at.checked_add(8 * i)?)?;
            let den = self.u32_at(at.checked_add(8 * i + 4)?)?;
            if den == 0 {
                return None;
            }
            *part = f64::from(num) / f64::from(den);
        }
        Some(parts[0] + parts[1] / 60.0 + parts[2] / 3600.0)
    }
}

const EXIF_TYPE_ASCII: u16 = 2;
const EXIF_TYPE_RATIONAL: u16 = 5;

fn gps_from_tiff(data: &[u8]) -> Option<(f64, f64)> {
    let little_endian = match data.get(0..2)? {
        b"II" => true,
        b"MM" => false,
        _ => return None,
    };
    let tiff = Tiff { data, little_endian };
    if tiff.u16_at(2)? != 42 {
        return None;
    }
    let ifd0 = tiff.u32_at(4)? as usize;
    let (_, _, _, field) = tiff.entries(ifd0).find(|&(tag, _, _, _)| tag == 0x8825)?;
    let gps = tiff.u32_at(field)? as usize;

    let (mut lat_ref, mut lat, mut lng_ref, mut lng) = (None, None, None, None);
    for (tag, kind, count, field) in tiff.entries(gps) {
        match (tag, kind) {
            (1 | 3, EXIF_TYPE_ASCII) => {
                let at = tiff.value_offset(count, 1, field)?;
                let letter = *data.get(at)?;
                if tag == 1 { lat_ref = Some(letter) } else { lng_ref = Some(letter) }
            }
            (2 | 4, EXIF_TYPE_RATIONAL) if count >= 3 => {
                let at = tiff.value_offset(count, 8, field)?;
                if tag == 2 { lat = tiff.degrees(at) } else { lng = tiff.degrees(at) }
            }
            _ => {}
        }
    }
    let lat = match lat_ref? {
        b'N' => lat?,
        b'S' => -lat?,
        _ => return None,
    };
    let lng = match lng_ref? {
        b'E' => lng?,
        b'W' => -lng?,
        _ => return None,
    };
    (lat.abs() <= 90.0 && lng.abs() <= 180.0).then_some((lat, lng))
}

#[cfg(test)]
mod tests {
    use super::super::fixtures::*;
    use super::super::{PNG_SIGNATURE, strip_metadata};
    use super::*;

    #[test]
    fn exif_gps_reads_both_byte_orders() {
        for little_endian in [true, false] {
            let jpeg = jpeg_with_metadata(&gps_tiff(little_endian));
            let (lat, lng) = exif_gps(&jpeg).expect("GPS found");
            assert!((lat - (34.0 + 35.0 / 60.0 + 47.76 / 3600.0)).abs() < 1e-9, "{lat}");
            assert!((lng - (119.0 + 13.0 / 60.0 + 17.04 / 3600.0)).abs() < 1e-9, "{lng}");
        }
    }

    #[test]
    fn exif_gps_applies_the_hemisphere() {
        let tiff = tiff_with_gps(true, (33, 51, 0), b'S', (151, 12, 0), b'W');
        let (lat, lng) = exif_gps(&jpeg_with_metadata(&tiff)).expect("GPS found");
        assert!((lat + 33.85).abs() < 1e-9 && (lng + 151.2).abs() < 1e-9, "{lat} {lng}");
        let bad_ref = tiff_with_gps(true, (33, 51, 0), b'X', (151, 12, 0), b'E');
        assert_eq!(exif_gps(&jpeg_with_metadata(&bad_ref)), None);
        let zero_den = {
            let mut t = gps_tiff(true);
            t[96..100].copy_from_slice(&0u32.to_le_bytes());
            t
        };
        assert_eq!(exif_gps(&jpeg_with_metadata(&zero_den)), None);
    }

    #[test]
    fn exif_gps_is_none_without_gps() {
        let mut no_pointer = gps_tiff(true);
        no_pointer[22..24].copy_from_slice(&0x0110u16.to_le_bytes()); // the GPS pointer tag becomes Model
        assert_eq!(exif_gps(&jpeg_with_metadata(&no_pointer)), None);
        assert_eq!(exif_gps(&png_with_metadata()), None, "its eXIf has no GPS");
        assert_eq!(exif_gps(b"not an image"), None);
    }

    #[test]
    fn exif_gps_also_reads_png_exif_chunks() {
        let mut p = PNG_SIGNATURE.to_vec();
        p.extend(chunk(b"IHDR", &[0, 0, 0, 1, 0, 0, 0, 1, 8, 2, 0, 0, 0]));
        p.extend(chunk(b"eXIf", &gps_tiff(false)));
        p.extend(chunk(b"IEND", &[]));
        assert!(exif_gps(&p).is_some());
        assert_eq!(exif_gps(&strip_metadata(&p).expect("strip")), None);
    }
}
