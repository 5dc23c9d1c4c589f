//! Photos for the report (*dokumentasi kegiatan*): a phone's JPEG or a PNG, checked before
//! it is decoded, turned upright by its EXIF orientation, downscaled so that its long side
//! is at most [`LONG_SIDE`] pixels, and stored as a JPEG of a few hundred kilobytes.

use zune_core::bytestream::ZCursor;
use zune_core::colorspace::ColorSpace;
use zune_core::options::DecoderOptions;
use zune_jpeg::JpegDecoder;

use crate::certificate::background::{self, Kind};

/// Largest photo file accepted, in bytes (a phone's photo is 2–8 MB).
pub const MAX_PHOTO_BYTES: usize = 20 * 1024 * 1024;
/// Most pixels of a photo (a 40 MP camera's full size).
const MAX_PIXELS: u64 = 40_000_000;
/// The stored photo's long side, in pixels: sharp at 9 cm wide in print.
pub const LONG_SIDE: u32 = 1600;
/// Smallest side accepted, in pixels.
const MIN_SIDE: u32 = 200;
const QUALITY: u8 = 82;

/// A photo as stored: a JPEG and its size in pixels.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Photo {
    pub jpeg: Vec<u8>,
    pub width: u32,
    pub height: u32,
}

/// Checks, decodes, turns upright and downscales a photo (`image/jpeg` or `image/png`).
/// The error completes "Foto tidak dapat dipakai: …".
pub fn import(mime: &str, data: &[u8]) -> Result<Photo, String> {
    let info = background::inspect_bytes(data, mime, MAX_PHOTO_BYTES)?;
    let (w, h) = (info.width, info.height);
    if u64::from(w) * u64::from(h) > MAX_PIXELS {
        return Err(format!(
            "gambarnya {w} × {h} piksel, terlalu besar; simpan dengan ukuran lebih kecil \
             (mis. 4000 × 3000) lalu unggah lagi."
        ));
    }
    if w < MIN_SIDE || h < MIN_SIDE {
        return Err(format!(
            "gambarnya terlalu kecil ({w} × {h} piksel) dan akan buram di laporan; paling \
             sedikit {MIN_SIDE} piksel tiap sisi."
        ));
    }
    let (rgb, orientation) = match info.kind {
        Kind::Jpeg => decode_jpeg(data, w, h)?,
        Kind::Png => (decode_png_rgb(data, w, h)?, 1),
    };
    let (rgb, w, h) = upright(rgb, w as usize, h as usize, orientation);
    let (rgb, w, h) = downscale(&rgb, w, h, LONG_SIDE as usize);
    let mut jpeg = Vec::new();
    jpeg_encoder::Encoder::new(&mut jpeg, QUALITY)
        .encode(&rgb, w as u16, h as u16, jpeg_encoder::ColorType::Rgb)
        .map_err(|_| "fotonya tidak dapat disimpan ulang sebagai JPEG.".to_string())?;
    Ok(Photo {
        jpeg,
        width: w as u32,
        height: h as u32,
    })
}

fn decode_jpeg(data: &[u8], w: u32, h: u32) -> Result<(Vec<u8>, u8), String> {
    let options = DecoderOptions::default()
        .set_max_width(w as usize)
        .set_max_height(h as usize)
        .jpeg_set_out_colorspace(ColorSpace::RGB);
    let mut decoder = JpegDecoder::new_with_options(ZCursor::new(data), options);
    let broken = |_| "berkas JPEG-nya rusak atau tidak dapat dibaca.".to_string();
    decoder.decode_headers().map_err(broken)?;
    let orientation = decoder.exif().map_or(1, |e| exif_orientation(e));
    if decoder.output_colorspace() != Some(ColorSpace::RGB) {
        return Err(
            "warna JPEG ini (mis. CMYK) tidak dapat dibaca; simpan sebagai JPEG RGB.".into(),
        );
    }
    let pixels = decoder.decode().map_err(broken)?;
    if pixels.len() != (w as usize) * (h as usize) * 3 {
        return Err("berkas JPEG-nya rusak atau tidak dapat dibaca.".into());
    }
    Ok((pixels, orientation))
}

fn decode_png_rgb(data: &[u8], w: u32, h: u32) -> Result<Vec<u8>, String> {
    let (pixels, channels, alpha) = background::decode_png(data)?;
    let n = (w as usize) * (h as usize);
    if pixels.len() != n * channels {
        return Err("berkas PNG-nya rusak atau tidak dapat dibaca.".into());
    }
    let mut rgb = Vec::with_capacity(n * 3);
    for i in 0..n {
        let px = &pixels[i * channels..(i + 1) * channels];
        let (r, g, b) = if channels == 1 {
            (px[0], px[0], px[0])
        } else {
            (px[0], px[1], px[2])
        };
        // Transparent parts on white paper.
        let a = alpha.as_ref().map_or(255, |a| a[i]) as u32;
        let over = |c: u8| ((u32::from(c) * a + 255 * (255 - a)) / 255) as u8;
        rgb.extend([over(r), over(g), over(b)]);
    }
    Ok(rgb)
}

/// The EXIF orientation (1–8) in a TIFF-headed EXIF block; 1 when absent or unreadable.
fn exif_orientation(exif: &[u8]) -> u8 {
    let le = match exif.get(..4) {
        Some(b"II*\0") => true,
        Some(b"MM\0*") => false,
        _ => return 1,
    };
    let u16_at = |at: usize| -> Option<u16> {
        let b = exif.get(at..at + 2)?;
        Some(if le {
            u16::from_le_bytes([b[0], b[1]])
        } else {
            u16::from_be_bytes([b[0], b[1]])
        })
    };
    let u32_at = |at: usize| -> Option<u32> {
        let b = exif.get(at..at + 4)?;
        Some(if le {
            u32::from_le_bytes([b[0], b[1], b[2], b[3]])
        } else {
            u32::from_be_bytes([b[0], b[1], b[2], b[3]])
        })
    };
    let find = || -> Option<u8> {
        let ifd = u32_at(4)? as usize;
        let count = u16_at(ifd)? as usize;
        for i in 0..count.min(512) {
            let entry = ifd + 2 + i * 12;
            if u16_at(entry)? == 0x0112 {
                let v = u16_at(entry + 8)?;
                return (1..=8).contains(&v).then_some(v as u8);
            }
        }
        None
    };
    find().unwrap_or(1)
}

/// Turns RGB pixels upright for EXIF `orientation` (3: 180°, 6: 90° clockwise, 8: 90°
/// counter-clockwise; the mirrored ones as their rotation).
fn upright(rgb: Vec<u8>, w: usize, h: usize, orientation: u8) -> (Vec<u8>, usize, usize) {
    let px = |x: usize, y: usize| &rgb[(y * w + x) * 3..(y * w + x) * 3 + 3];
    match orientation {
        3 | 4 => {
            let mut out = Vec::with_capacity(rgb.len());
            for y in (0..h).rev() {
                for x in (0..w).rev() {
                    out.extend_from_slice(px(x, y));
                }
            }
            (out, w, h)
        }
        5 | 6 => {
            // 90° clockwise: the new row y is the old column y, read bottom to top.
            let mut out = Vec::with_capacity(rgb.len());
            for x in 0..w {
                for y in (0..h).rev() {
                    out.extend_from_slice(px(x, y));
                }
            }
            (out, h, w)
        }
        7 | 8 => {
            let mut out = Vec::with_capacity(rgb.len());
            for x in (0..w).rev() {
                for y in 0..h {
                    out.extend_from_slice(px(x, y));
                }
            }
            (out, h, w)
        }
        _ => (rgb, w, h),
    }
}

/// Area-average downscale so that the long side is at most `long` (never upscales).
fn downscale(rgb: &[u8], w: usize, h: usize, long: usize) -> (Vec<u8>, usize, usize) {
    let scale = long as f64 / w.max(h) as f64;
    if scale >= 1.0 {
        return (rgb.to_vec(), w, h);
    }
    let (nw, nh) = (
        ((w as f64 * scale).round() as usize).max(1),
        ((h as f64 * scale).round() as usize).max(1),
    );
    let mut out = Vec::with_capacity(nw * nh * 3);
    for ny in 0..nh {
        let y0 = ny * h / nh;
        let y1 = ((ny + 1) * h / nh).max(y0 + 1).min(h);
        for nx in 0..nw {
            let x0 = nx * w / nw;
            let x1 = ((nx + 1) * w / nw).max(x0 + 1).min(w);
            let mut sum = [0u64; 3];
            for y in y0..y1 {
                let row = &rgb[(y * w + x0) * 3..(y * w + x1) * 3];
                for p in row.chunks_exact(3) {
                    sum[0] += u64::from(p[0]);
                    sum[1] += u64::from(p[1]);
                    sum[2] += u64::from(p[2]);
                }
            }
            let n = ((y1 - y0) * (x1 - x0)) as u64;
            out.extend(sum.map(|s| ((s + n / 2) / n) as u8));
        }
    }
    (out, nw, nh)
}

/// A generated photo-like JPEG (`w` × `h`, a sky, a stage and rows of heads, shaded by
/// `seed`): the demo's documentation photos, and the tests'.
pub fn sample_jpeg(w: u16, h: u16, seed: u32) -> Vec<u8> {
    let (wu, hu) = (usize::from(w), usize::from(h));
    let mut rgb = Vec::with_capacity(wu * hu * 3);
    let mut noise = seed | 1;
    for y in 0..hu {
        for x in 0..wu {
            noise ^= noise << 13;
            noise ^= noise >> 17;
            noise ^= noise << 5;
            let grain = (noise % 15) as f32 - 7.0;
            let (fx, fy) = (x as f32 / wu as f32, y as f32 / hu as f32);
            let (mut r, mut g, mut b) = if fy < 0.35 {
                // The wall with a banner.
                if (0.2..0.8).contains(&fx) && (0.08..0.25).contains(&fy) {
                    (180.0, 30.0, 40.0)
                } else {
                    (226.0 - 30.0 * fy, 222.0 - 20.0 * fy, 210.0)
                }
            } else {
                // Rows of people: dark heads on lighter clothes.
                let row = ((fy - 0.35) * 10.0).floor();
                let col = ((fx + row * 0.05) * 14.0).fract();
                let head = col < 0.45 && ((fy - 0.35) * 10.0).fract() < 0.4;
                if head {
                    (40.0, 32.0, 30.0)
                } else {
                    let tint = ((seed % 5) as f32) * 18.0;
                    (90.0 + tint, 110.0, 150.0 - tint)
                }
            };
            r += grain;
            g += grain;
            b += grain;
            rgb.extend([r, g, b].map(|v| v.clamp(0.0, 255.0) as u8));
        }
    }
    let mut out = Vec::new();
    // Writing into a Vec cannot fail.
    let _ =
        jpeg_encoder::Encoder::new(&mut out, 80).encode(&rgb, w, h, jpeg_encoder::ColorType::Rgb);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_large_photo_is_downscaled_and_stays_a_jpeg() {
        let big = sample_jpeg(3000, 2000, 7);
        let p = import("image/jpeg", &big).expect("photo");
        assert_eq!((p.width, p.height), (1600, 1067));
        assert!(p.jpeg.starts_with(&[0xFF, 0xD8]));
        assert!(p.jpeg.len() < 1024 * 1024, "{} bytes", p.jpeg.len());
        let small = sample_jpeg(800, 600, 1);
        let p = import("image/jpeg", &small).expect("photo");
        assert_eq!((p.width, p.height), (800, 600), "never upscaled");
    }

    #[test]
    fn bad_photos_are_refused_with_the_reason() {
        assert!(import("image/jpeg", b"").unwrap_err().contains("kosong"));
        assert!(import("image/png", &sample_jpeg(400, 300, 1))
            .unwrap_err()
            .contains("tidak sesuai"));
        let cut = sample_jpeg(800, 600, 1);
        assert!(import("image/jpeg", &cut[..cut.len() / 2]).is_err());
        assert!(import("image/jpeg", &sample_jpeg(150, 150, 1))
            .unwrap_err()
            .contains("terlalu kecil"));
        let logo = crate::logo::sample_png();
        let p = import("image/png", &logo.data).expect("a PNG, transparent on white");
        assert_eq!((p.width, p.height), (240, 240));
    }

    #[test]
    fn exif_orientation_turns_the_photo_upright() {
        let rgb: Vec<u8> = (0..6u8).flat_map(|i| [i, i, i]).collect(); // 3 × 2
        let (out, w, h) = upright(rgb.clone(), 3, 2, 6);
        assert_eq!((w, h), (2, 3));
        assert_eq!(
            out.iter().step_by(3).copied().collect::<Vec<_>>(),
            [3, 0, 4, 1, 5, 2]
        );
        let (out, w, h) = upright(rgb.clone(), 3, 2, 8);
        assert_eq!((w, h), (2, 3));
        assert_eq!(
            out.iter().step_by(3).copied().collect::<Vec<_>>(),
            [2, 5, 1, 4, 0, 3]
        );
        let (out, _, _) = upright(rgb, 3, 2, 3);
        assert_eq!(
            out.iter().step_by(3).copied().collect::<Vec<_>>(),
            [5, 4, 3, 2, 1, 0]
        );
        let mut exif = b"II*\0\x08\0\0\0\x01\0\x12\x01\x03\0\x01\0\0\0\x06\0\0\0".to_vec();
        assert_eq!(exif_orientation(&exif), 6);
        exif.truncate(12);
        assert_eq!(exif_orientation(&exif), 1, "a cut block is no orientation");
        assert_eq!(exif_orientation(b"garbage"), 1);
    }
}
