//! The agency's logo on the kop surat: a PNG or JPEG, checked before it is stored and
//! drawn left of the letterhead lines.

use serde::{Deserialize, Serialize};

use crate::certificate::background::{self, ImageInfo, Prepared};

/// Largest logo file, in bytes (1 MB).
pub const MAX_LOGO_BYTES: usize = 1024 * 1024;
/// Smallest side, in pixels: smaller is a blur at 2 cm.
const MIN_SIDE_PX: u32 = 64;
/// Largest side, in pixels (2 cm at 300 dpi is 236 px; this leaves room).
const MAX_SIDE_PX: u32 = 4000;
/// How far from square a logo may be (width/height or height/width).
const MAX_RATIO: f32 = 4.0;

/// A logo: `image/png` or `image/jpeg` and the file's bytes (base64 in JSON).
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
pub struct Logo {
    pub mime: String,
    #[serde(with = "crate::certificate::template::base64_bytes")]
    #[ts(type = "string")]
    pub data: Vec<u8>,
}

impl std::fmt::Debug for Logo {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Logo")
            .field("mime", &self.mime)
            .field("data", &format_args!("{} bytes", self.data.len()))
            .finish()
    }
}

/// Checks a logo without decoding its pixels (type by its bytes, agreeing with `mime`;
/// size; completeness; pixel dimensions and proportions): its width and height, or an
/// Indonesian phrase that completes "Logo tidak dapat dipakai: …".
pub fn check(mime: &str, data: &[u8]) -> Result<(u32, u32), String> {
    let info = background::inspect_bytes(data, mime, MAX_LOGO_BYTES)?;
    dimensions(&info)?;
    Ok((info.width, info.height))
}

fn dimensions(info: &ImageInfo) -> Result<(), String> {
    let (w, h) = (info.width, info.height);
    if w < MIN_SIDE_PX || h < MIN_SIDE_PX {
        return Err(format!(
            "gambarnya terlalu kecil ({w} × {h} piksel) dan akan buram di kop; paling sedikit \
             {MIN_SIDE_PX} piksel tiap sisi, sebaiknya sekitar 300 × 300."
        ));
    }
    if w > MAX_SIDE_PX || h > MAX_SIDE_PX {
        return Err(format!(
            "gambarnya terlalu besar ({w} × {h} piksel); cukup sekitar 600 × 600 piksel."
        ));
    }
    let ratio = w.max(h) as f32 / w.min(h) as f32;
    if ratio > MAX_RATIO {
        return Err(format!(
            "bentuknya terlalu memanjang ({w} × {h} piksel); logo kop biasanya hampir persegi."
        ));
    }
    Ok(())
}

/// A checked logo as one image XObject, with its width/height ratio.
pub(crate) fn prepare(logo: &Logo) -> Result<(Prepared, f32), String> {
    let info = background::inspect_bytes(&logo.data, &logo.mime, MAX_LOGO_BYTES)?;
    dimensions(&info)?;
    let ratio = info.width as f32 / info.height as f32;
    Ok((background::prepare_checked(&logo.data, info)?, ratio))
}

/// A plain emblem as a 240 × 240 PNG with transparent corners (a blue disc with a white
/// ring and a gold centre): the demo's logo, and the tests'.
pub fn sample_png() -> Logo {
    const SIDE: u32 = 240;
    let mut pixels = Vec::with_capacity((SIDE * SIDE * 4) as usize);
    let c = SIDE as f32 / 2.0;
    for y in 0..SIDE {
        for x in 0..SIDE {
            let d = ((x as f32 + 0.5 - c).powi(2) + (y as f32 + 0.5 - c).powi(2)).sqrt();
            let px: [u8; 4] = if d > c - 2.0 {
                [0, 0, 0, 0]
            } else if d > c - 14.0 {
                [20, 60, 140, 255]
            } else if d > c - 22.0 {
                [255, 255, 255, 255]
            } else if d > c * 0.35 {
                [29, 78, 216, 255]
            } else {
                [234, 179, 8, 255]
            };
            pixels.extend_from_slice(&px);
        }
    }
    let mut data = Vec::new();
    {
        let mut encoder = png::Encoder::new(&mut data, SIDE, SIDE);
        encoder.set_color(png::ColorType::Rgba);
        encoder.set_depth(png::BitDepth::Eight);
        // Writing into a Vec cannot fail.
        if let Ok(mut writer) = encoder.write_header() {
            let _ = writer.write_image_data(&pixels);
        }
    }
    Logo {
        mime: "image/png".into(),
        data,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn logos_are_checked_before_they_are_stored() {
        let logo = sample_png();
        assert_eq!(check(&logo.mime, &logo.data), Ok((240, 240)));
        assert!(check("image/jpeg", &logo.data)
            .unwrap_err()
            .contains("tidak sesuai"));
        assert!(check("image/png", b"GIF89a")
            .unwrap_err()
            .contains("bukan gambar PNG atau JPEG"));
        assert!(check("image/png", &logo.data[..60]).is_err(), "a cut file");
        assert!(check("image/png", &vec![0; MAX_LOGO_BYTES + 1])
            .unwrap_err()
            .contains("paling besar 1 MB"));
        let wide = crate::certificate::sample_background_jpeg();
        assert!(
            check("image/jpeg", &wide).is_ok(),
            "an A4-shaped picture is fine"
        );
    }
}
