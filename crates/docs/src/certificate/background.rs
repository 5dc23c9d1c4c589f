//! Background images: checking a PNG or JPEG and turning it into one PDF image object.
//!
//! A JPEG is passed through untouched as a `DCTDecode` stream: printpdf would decode and
//! re-encode it (slow, lossy, and it needs its `jpeg` feature; see shared/notes/pdf.md,
//! traps 3 and 4), while PDF readers display baseline and progressive JPEGs natively. A PNG
//! is decoded with the `png` crate and stored as Flate-compressed pixels, with its alpha
//! channel as a soft mask. Either way the result is prepared once and added to each PDF as
//! one image XObject that every page draws.

use std::collections::BTreeMap;
use std::io::{Cursor, Write};

use printpdf::{DictItem, ExternalStream, ExternalXObject, Px};

use super::template::{Background, MAX_BACKGROUND_BYTES};

/// Smallest sensible background, in pixels (about 50 dpi on A4 landscape).
pub(crate) const MIN_WIDTH_PX: u32 = 600;
/// See [`MIN_WIDTH_PX`].
pub(crate) const MIN_HEIGHT_PX: u32 = 420;
/// Largest side, in pixels (about 870 dpi on A4 landscape).
pub(crate) const MAX_SIDE_PX: u32 = 10_000;
/// Largest pixel count (a PNG is decoded into memory: 40 million pixels is 160 MB RGBA).
pub(crate) const MAX_PIXELS: u64 = 40_000_000;
/// The page's width/height ratio (297/210) and how far a background may be from it.
const PAGE_RATIO: f32 = 297.0 / 210.0;
const RATIO_TOLERANCE: f32 = 0.05;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    Jpeg,
    Png,
}

/// What [`inspect`] learns without decoding pixels.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct ImageInfo {
    pub(crate) kind: Kind,
    pub(crate) width: u32,
    pub(crate) height: u32,
    /// JPEG only: 1 (grey), 3 (colour) or 4 (CMYK).
    components: u8,
    /// JPEG only: an Adobe APP14 marker (its CMYK data is stored inverted).
    adobe: bool,
}

/// Checks a background without decoding its pixels: type (by magic bytes, agreeing with
/// `mime`), size, completeness, pixel dimensions and proportions. The error is an
/// Indonesian phrase that completes "Gambar latar tidak dapat dipakai: …".
pub(crate) fn inspect(bg: &Background) -> Result<ImageInfo, String> {
    let info = inspect_bytes(&bg.data, &bg.mime, MAX_BACKGROUND_BYTES)?;
    check_dimensions(info.width, info.height)?;
    Ok(info)
}

/// Checks any PNG or JPEG without decoding its pixels: type (by magic bytes, agreeing
/// with `mime`), size up to `max_bytes`, completeness, and the pixel dimensions it
/// declares. The error completes "… tidak dapat dipakai: …".
pub(crate) fn inspect_bytes(
    data: &[u8],
    mime: &str,
    max_bytes: usize,
) -> Result<ImageInfo, String> {
    if data.is_empty() {
        return Err("berkasnya kosong.".into());
    }
    if data.len() > max_bytes {
        let mb = format!("{:.1}", data.len() as f64 / (1024.0 * 1024.0)).replace('.', ",");
        let max = format!("{:.1}", max_bytes as f64 / (1024.0 * 1024.0))
            .replace(",0", "")
            .replace(".0", "")
            .replace('.', ",");
        return Err(format!(
            "berkasnya {mb} MB, paling besar {max} MB. Perkecil gambarnya, misalnya simpan \
             sebagai JPEG."
        ));
    }
    let sniffed = if data.starts_with(&[0xFF, 0xD8, 0xFF]) {
        Some(Kind::Jpeg)
    } else if data.starts_with(b"\x89PNG\r\n\x1a\n") {
        Some(Kind::Png)
    } else {
        None
    };
    let Some(kind) = sniffed else {
        return Err(
            "berkasnya bukan gambar PNG atau JPEG. Pilih berkas .png, .jpg atau .jpeg.".into(),
        );
    };
    let declared = match mime.trim().to_ascii_lowercase().as_str() {
        "image/png" => Some(Kind::Png),
        "image/jpeg" | "image/jpg" | "image/pjpeg" => Some(Kind::Jpeg),
        _ => None,
    };
    if declared != Some(kind) {
        return Err(format!(
            "jenis berkas \"{}\" tidak sesuai dengan isinya ({}).",
            mime.chars().take(40).collect::<String>(),
            match kind {
                Kind::Png => "image/png",
                Kind::Jpeg => "image/jpeg",
            }
        ));
    }
    match kind {
        Kind::Jpeg => jpeg_info(data),
        Kind::Png => png_info(data),
    }
}

fn check_dimensions(width: u32, height: u32) -> Result<(), String> {
    let (w, h) = (thousands(width), thousands(height));
    if width < MIN_WIDTH_PX || height < MIN_HEIGHT_PX {
        return Err(format!(
            "gambarnya terlalu kecil ({w} × {h} piksel) dan akan buram saat dicetak; \
             paling sedikit {} × {} piksel, sebaiknya 3.508 × 2.480 (300 dpi).",
            MIN_WIDTH_PX, MIN_HEIGHT_PX
        ));
    }
    if width > MAX_SIDE_PX
        || height > MAX_SIDE_PX
        || u64::from(width) * u64::from(height) > MAX_PIXELS
    {
        return Err(format!(
            "gambarnya terlalu besar ({w} × {h} piksel); cukup 3.508 × 2.480 piksel \
             (300 dpi)."
        ));
    }
    let ratio = width as f32 / height as f32;
    if (ratio / PAGE_RATIO - 1.0).abs() > RATIO_TOLERANCE {
        return Err(format!(
            "perbandingan sisinya ({w} × {h} piksel) tidak sesuai dengan A4 mendatar \
             (297 × 210 mm, misalnya 3.508 × 2.480 piksel); gambar akan tertarik. Sesuaikan \
             ukuran gambarnya."
        ));
    }
    Ok(())
}

fn thousands(n: u32) -> String {
    super::thousands(n as usize)
}

/// Walks the JPEG markers up to the first scan: the frame header gives the size and the
/// number of components. Only what every PDF reader can show is accepted: 8-bit baseline
/// or progressive Huffman JPEGs with 1, 3 or 4 components.
fn jpeg_info(data: &[u8]) -> Result<ImageInfo, String> {
    let truncated = || "berkas JPEG-nya rusak atau terpotong.".to_string();
    let mut pos = 2;
    let mut frame: Option<(u32, u32, u8)> = None;
    let mut adobe = false;
    loop {
        // Markers may be preceded by any number of 0xFF fill bytes.
        while data.get(pos) == Some(&0xFF) && data.get(pos + 1) == Some(&0xFF) {
            pos += 1;
        }
        if data.get(pos) != Some(&0xFF) {
            return Err(truncated());
        }
        let marker = *data.get(pos + 1).ok_or_else(truncated)?;
        pos += 2;
        match marker {
            0xD8 | 0x01 | 0xD0..=0xD7 => continue,
            0xD9 => return Err(truncated()),
            _ => {}
        }
        let len = data
            .get(pos..pos + 2)
            .map(|b| usize::from(u16::from_be_bytes([b[0], b[1]])))
            .ok_or_else(truncated)?;
        if len < 2 || pos + len > data.len() {
            return Err(truncated());
        }
        let segment = &data[pos + 2..pos + len];
        match marker {
            0xC0..=0xC2 => {
                if segment.len() < 6 {
                    return Err(truncated());
                }
                if segment[0] != 8 {
                    return Err(
                        "JPEG 12-bit tidak didukung; simpan ulang sebagai JPEG biasa.".into(),
                    );
                }
                let height = u32::from(u16::from_be_bytes([segment[1], segment[2]]));
                let width = u32::from(u16::from_be_bytes([segment[3], segment[4]]));
                frame = Some((width, height, segment[5]));
            }
            0xC3 | 0xC5..=0xC7 | 0xC9..=0xCB | 0xCD..=0xCF => {
                return Err(
                    "jenis JPEG ini (lossless, hierarkis atau aritmetika) tidak didukung; \
                     simpan ulang sebagai JPEG biasa."
                        .into(),
                );
            }
            0xEE => adobe = segment.starts_with(b"Adobe"),
            0xDA => break,
            _ => {}
        }
        pos += len;
    }
    let (width, height, components) = frame.ok_or_else(truncated)?;
    if height == 0 || width == 0 {
        return Err(truncated());
    }
    if !matches!(components, 1 | 3 | 4) {
        return Err(
            "JPEG dengan susunan warna ini tidak didukung; simpan ulang sebagai JPEG \
                    RGB."
                .into(),
        );
    }
    // The file must end with the end-of-image marker (some tools pad with zeros).
    let end = data.iter().rposition(|&b| b != 0).map_or(0, |i| i + 1);
    if end < 4 || data[end - 2..end] != [0xFF, 0xD9] {
        return Err(truncated());
    }
    Ok(ImageInfo {
        kind: Kind::Jpeg,
        width,
        height,
        components,
        adobe,
    })
}

/// Reads the PNG header (IHDR) and checks that the chunks run to IEND.
fn png_info(data: &[u8]) -> Result<ImageInfo, String> {
    let broken = || "berkas PNG-nya rusak atau terpotong.".to_string();
    let mut pos = 8;
    let mut size = None;
    loop {
        let header = data.get(pos..pos + 8).ok_or_else(broken)?;
        let len = u32::from_be_bytes([header[0], header[1], header[2], header[3]]) as usize;
        let kind = &header[4..8];
        let body = data.get(pos + 8..pos + 8 + len).ok_or_else(broken)?;
        if pos == 8 {
            if kind != b"IHDR" || body.len() < 8 {
                return Err(broken());
            }
            let w = u32::from_be_bytes([body[0], body[1], body[2], body[3]]);
            let h = u32::from_be_bytes([body[4], body[5], body[6], body[7]]);
            size = Some((w, h));
        }
        if kind == b"IEND" {
            break;
        }
        // Chunk: length, type, data, CRC.
        pos = pos + 12 + len;
    }
    let (width, height) = size.ok_or_else(broken)?;
    Ok(ImageInfo {
        kind: Kind::Png,
        width,
        height,
        components: 0,
        adobe: false,
    })
}

/// A background ready to be added to any number of documents.
#[derive(Debug, Clone)]
pub(crate) struct Prepared {
    pub(crate) xobject: ExternalXObject,
}

/// Checks and converts `bg` into an image XObject; the error completes "Gambar latar
/// tidak dapat dipakai: …".
pub(crate) fn prepare(bg: &Background) -> Result<Prepared, String> {
    let info = inspect(bg)?;
    prepare_checked(&bg.data, info)
}

/// An image already checked (`info` from [`inspect_bytes`] of `data`) as one XObject.
pub(crate) fn prepare_checked(data: &[u8], info: ImageInfo) -> Result<Prepared, String> {
    let mut dict = BTreeMap::new();
    let name = |s: &str| DictItem::Name(s.as_bytes().to_vec());
    dict.insert("Type".to_string(), name("XObject"));
    dict.insert("Subtype".to_string(), name("Image"));
    dict.insert("Width".to_string(), DictItem::Int(i64::from(info.width)));
    dict.insert("Height".to_string(), DictItem::Int(i64::from(info.height)));
    dict.insert("BitsPerComponent".to_string(), DictItem::Int(8));
    let content = match info.kind {
        Kind::Jpeg => {
            let space = match info.components {
                1 => "DeviceGray",
                4 => "DeviceCMYK",
                _ => "DeviceRGB",
            };
            dict.insert("ColorSpace".to_string(), name(space));
            if info.components == 4 && info.adobe {
                // Photoshop writes CMYK JPEGs inverted.
                let decode = [1, 0, 1, 0, 1, 0, 1, 0].map(DictItem::Int).to_vec();
                dict.insert("Decode".to_string(), DictItem::Array(decode));
            }
            dict.insert("Filter".to_string(), name("DCTDecode"));
            data.to_vec()
        }
        Kind::Png => {
            let (pixels, channels, alpha) = decode_png(data)?;
            let space = if channels == 1 {
                "DeviceGray"
            } else {
                "DeviceRGB"
            };
            dict.insert("ColorSpace".to_string(), name(space));
            dict.insert("Filter".to_string(), name("FlateDecode"));
            if let Some(alpha) = alpha {
                let mut mask = BTreeMap::new();
                mask.insert("Type".to_string(), name("XObject"));
                mask.insert("Subtype".to_string(), name("Image"));
                mask.insert("Width".to_string(), DictItem::Int(i64::from(info.width)));
                mask.insert("Height".to_string(), DictItem::Int(i64::from(info.height)));
                mask.insert("ColorSpace".to_string(), name("DeviceGray"));
                mask.insert("BitsPerComponent".to_string(), DictItem::Int(8));
                mask.insert("Filter".to_string(), name("FlateDecode"));
                dict.insert(
                    "SMask".to_string(),
                    DictItem::Stream {
                        stream: ExternalStream {
                            dict: mask,
                            content: deflate(&alpha),
                            compress: false,
                        },
                    },
                );
            }
            deflate(&pixels)
        }
    };
    Ok(Prepared {
        xobject: ExternalXObject {
            stream: ExternalStream {
                dict,
                content,
                compress: false,
            },
            width: Some(Px(info.width as usize)),
            height: Some(Px(info.height as usize)),
            dpi: None,
        },
    })
}

/// A decoded PNG: 8-bit grey or RGB pixels, the number of colour channels (1 or 3), and
/// the alpha channel when some pixel is not opaque.
pub(crate) type Decoded = (Vec<u8>, usize, Option<Vec<u8>>);

/// Decodes a PNG (any bit depth, palette or not) to [`Decoded`].
pub(crate) fn decode_png(data: &[u8]) -> Result<Decoded, String> {
    let broken = |_| "berkas PNG-nya rusak atau tidak dapat dibaca.".to_string();
    let mut decoder = png::Decoder::new_with_limits(
        Cursor::new(data),
        png::Limits {
            bytes: (MAX_PIXELS as usize) * 4 + (1 << 20),
        },
    );
    decoder.set_transformations(png::Transformations::normalize_to_color8());
    let mut reader = decoder.read_info().map_err(broken)?;
    let size = reader
        .output_buffer_size()
        .ok_or_else(|| "gambar PNG-nya terlalu besar.".to_string())?;
    let mut buf = vec![0; size];
    let frame = reader.next_frame(&mut buf).map_err(broken)?;
    buf.truncate(frame.buffer_size());
    let (color_channels, has_alpha) = match frame.color_type {
        png::ColorType::Grayscale => (1, false),
        png::ColorType::GrayscaleAlpha => (1, true),
        png::ColorType::Rgb => (3, false),
        png::ColorType::Rgba => (3, true),
        png::ColorType::Indexed => {
            return Err("warna berpalet PNG ini tidak dapat dibaca.".into());
        }
    };
    let (w, h) = (frame.width as usize, frame.height as usize);
    let stride = color_channels + usize::from(has_alpha);
    let row = frame.line_size;
    if !has_alpha {
        if row == w * stride {
            return Ok((buf, color_channels, None));
        }
        let mut pixels = Vec::with_capacity(w * h * stride);
        for line in buf.chunks(row).take(h) {
            pixels.extend_from_slice(&line[..w * stride]);
        }
        return Ok((pixels, color_channels, None));
    }
    let mut pixels = Vec::with_capacity(w * h * color_channels);
    let mut alpha = Vec::with_capacity(w * h);
    for line in buf.chunks(row).take(h) {
        for px in line[..w * stride].chunks_exact(stride) {
            pixels.extend_from_slice(&px[..color_channels]);
            alpha.push(px[color_channels]);
        }
    }
    let opaque = alpha.iter().all(|&a| a == 255);
    Ok((pixels, color_channels, (!opaque).then_some(alpha)))
}

fn deflate(data: &[u8]) -> Vec<u8> {
    let mut encoder = flate2::write::ZlibEncoder::new(
        Vec::with_capacity(data.len() / 4),
        flate2::Compression::default(),
    );
    // Writing into a Vec cannot fail.
    let _ = encoder.write_all(data);
    encoder.finish().unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn png(width: u32, height: u32, color: png::ColorType, alpha_value: u8) -> Vec<u8> {
        let mut out = Vec::new();
        {
            let mut enc = png::Encoder::new(&mut out, width, height);
            enc.set_color(color);
            enc.set_depth(png::BitDepth::Eight);
            let mut w = enc.write_header().expect("header");
            let channels = match color {
                png::ColorType::Rgba => 4,
                png::ColorType::Rgb => 3,
                _ => 1,
            };
            let mut data = vec![200u8; (width * height) as usize * channels];
            if channels == 4 {
                for px in data.chunks_exact_mut(4) {
                    px[3] = alpha_value;
                }
            }
            w.write_image_data(&data).expect("data");
        }
        out
    }

    fn bg(mime: &str, data: Vec<u8>) -> Background {
        Background {
            mime: mime.into(),
            data,
        }
    }

    #[test]
    fn png_backgrounds_are_read_and_masked_only_when_needed() {
        let opaque = bg("image/png", png(700, 495, png::ColorType::Rgba, 255));
        let info = inspect(&opaque).expect("valid");
        assert_eq!((info.kind, info.width, info.height), (Kind::Png, 700, 495));
        let p = prepare(&opaque).expect("prepared");
        assert!(!p.xobject.stream.dict.contains_key("SMask"));
        let see_through = bg("image/png", png(700, 495, png::ColorType::Rgba, 128));
        let p = prepare(&see_through).expect("prepared");
        assert!(p.xobject.stream.dict.contains_key("SMask"));
        let grey = bg("image/png", png(700, 495, png::ColorType::Grayscale, 0));
        let p = prepare(&grey).expect("prepared");
        assert_eq!(
            p.xobject.stream.dict.get("ColorSpace"),
            Some(&DictItem::Name(b"DeviceGray".to_vec()))
        );
    }

    #[test]
    fn bad_backgrounds_are_refused_in_indonesian() {
        let text = bg("image/png", b"bukan gambar".to_vec());
        assert!(inspect(&text)
            .unwrap_err()
            .contains("bukan gambar PNG atau JPEG"));
        let wrong_mime = bg("image/jpeg", png(700, 495, png::ColorType::Rgb, 0));
        assert!(inspect(&wrong_mime).unwrap_err().contains("tidak sesuai"));
        let small = bg("image/png", png(300, 212, png::ColorType::Rgb, 0));
        assert!(inspect(&small).unwrap_err().contains("terlalu kecil"));
        let square = bg("image/png", png(800, 800, png::ColorType::Rgb, 0));
        assert!(inspect(&square).unwrap_err().contains("A4 mendatar"));
        let mut cut = png(700, 495, png::ColorType::Rgb, 0);
        cut.truncate(cut.len() - 20);
        assert!(inspect(&bg("image/png", cut))
            .unwrap_err()
            .contains("rusak"));
        let big = bg("image/png", vec![0; MAX_BACKGROUND_BYTES + 1]);
        assert!(inspect(&big).unwrap_err().contains("paling besar 5 MB"));
        let fake_jpeg = bg("image/jpeg", vec![0xFF, 0xD8, 0xFF, 0xE0, 0, 2, 0xFF, 0xD9]);
        assert!(inspect(&fake_jpeg).unwrap_err().contains("rusak"));
    }
}
