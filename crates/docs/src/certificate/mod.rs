//! Certificates (*sertifikat*): templates, and PDFs from plain structs.
//!
//! # Data
//!
//! - A [`Template`] (serde, stored as JSON by the core, exported and imported as one
//!   `.json` file with [`export_template`] / [`import_template`]) places [`Field`]s on an
//!   A4 landscape page, optionally over a [`Background`] image (PNG or JPEG, base64 in the
//!   JSON) and/or inside a drawn [`Frame`]. [`default_template`] looks right with no setup;
//!   [`validate_template`] explains in Indonesian what is wrong with a template, field by
//!   field.
//! - [`CertificateCommon`] holds what every certificate of an event shares (letterhead,
//!   event, hours, place and date, signatories); a [`Certificate`] what is personal (number,
//!   name, role wording, verification code and QR content). There is deliberately no NIK:
//!   personal identity numbers never go on a certificate (UU 27/2022).
//! - Per-role wording and per-role designs: the role phrase comes with each certificate,
//!   and [`render_batches`] prints batches with different templates (say participants,
//!   then speakers) into one PDF.
//!
//! # Rendering
//!
//! - [`render_certificates`]: one PDF, one page per certificate, for printing.
//! - [`render_each`]: one single-page PDF per certificate (to e-mail or download), made on
//!   all cores and handed to a callback in order, which may stop the job.
//! - [`render_preview`]: one page of a template that may not pass the checks yet, for the
//!   template editor's preview (an event's data, or [`sample_common`] and
//!   [`sample_certificate`]).
//!
//! The background image is embedded once per PDF and drawn on every page; fonts are
//! embedded and subset. QR codes (error correction M, with the quiet zone) are encoded on
//! all cores and drawn as merged filled rectangles on a white square.
//!
//! # Text rules
//!
//! - The name is set on one line, shrinking from the field's `size_pt` down to its
//!   `min_size_pt` to fit the box; when it would have to go smaller, it is split into two
//!   balanced lines (as large as fit, at least the minimum); only a name that does not fit
//!   on two lines at the minimum size wraps further. It is never cut.
//! - Other text wraps within its box and shrinks in half points (down to the minimum) until
//!   it fits and no word needs breaking; at the minimum it may run past the box's bottom
//!   edge, but it is never cut off.
//! - Characters missing from a field's face are printed in the fallback face (DejaVu Sans):
//!   text is split into runs per face, so a Vietnamese or Cyrillic name in a script face
//!   prints completely. Characters no face has print as `�`.
//! - Fields whose own value is empty print nothing (no "Nomor:" without a number, no JP line
//!   for an event without hours, no block for a missing second signatory).

pub(crate) mod background;
mod fonts;
mod frame;
mod layout;
mod render;
pub(crate) mod template;

use std::ops::ControlFlow;

use serde::{Deserialize, Serialize};

pub(crate) use crate::pdf::thousands;
pub use crate::pdf::PdfError;
pub use fonts::{CertificateFonts, SCRIPT_FACE};
#[doc(hidden)]
pub use render::RenderTimings;
pub use template::{
    default_template, export_template, import_template, validate_template, Align, Background,
    Field, FieldKind, FontFace, Frame, Template, TemplateError, VAlign, MAX_BACKGROUND_BYTES,
    MAX_FIELDS, MAX_SIZE_PT, MAX_TEMPLATE_FILE_BYTES, MAX_TEXT_CHARS, MIN_QR_MM, MIN_SIZE_PT,
    PAGE_HEIGHT_MM, PAGE_WIDTH_MM, PLACEHOLDERS, TEMPLATE_VERSION,
};

/// Most certificates in one job; more is [`PdfError::TooManyCertificates`].
pub const MAX_CERTIFICATES: usize = 5_000;

/// What every certificate of an event shares. Plain text: the caller formats dates and
/// numbers the Indonesian way.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, ts_rs::TS)]
pub struct CertificateCommon {
    /// The letterhead lines, e.g. `["PEMERINTAH KABUPATEN GROBOGAN", "DINAS KOMUNIKASI DAN
    /// INFORMATIKA"]`.
    pub agency: Vec<String>,
    /// E.g. "Bimbingan Teknis Pengelolaan Media Sosial".
    pub event_title: String,
    /// E.g. "Purwodadi, 17–18 September 2019 · Gedung Riptaloka".
    pub event_detail: String,
    /// E.g. "16 JP"; `None` prints no JP line.
    pub jp: Option<String>,
    /// Place and date of issue, e.g. "Purwodadi, 18 September 2019".
    pub place_date: String,
    /// Index 0 signs under the place and date; index 1 is the second signatory.
    pub signatories: Vec<Signer>,
    /// The back page printed after every certificate: the materi with their JP and the
    /// total, as Indonesian training certificates carry. `None` prints the front alone.
    #[serde(default)]
    pub back_page: Option<BackPage>,
    /// The agency's logo, for [`FieldKind::Logo`] fields.
    #[serde(default)]
    pub logo: Option<crate::logo::Logo>,
}

/// The back of a certificate: the list of materi (*daftar materi*) and their hours.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
pub struct BackPage {
    /// E.g. "DAFTAR MATERI".
    pub title: String,
    /// E.g. the event's title, under the title.
    pub subtitle: String,
    pub rows: Vec<BackRow>,
    /// The total hours, e.g. "16".
    pub total_jp: String,
}

/// One materi on the back page.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
pub struct BackRow {
    pub materi: String,
    /// The narasumber, e.g. "Dr. Rina Kusuma"; may be empty.
    pub speaker: String,
    /// E.g. "2".
    pub jp: String,
}

/// Most materi on a back page: more do not fit an A4 page in a readable size.
pub const MAX_BACK_ROWS: usize = 24;

/// A signatory.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
pub struct Signer {
    /// E.g. "Kepala Dinas Komunikasi dan Informatika\nKabupaten Grobogan" (wraps; line
    /// breaks are kept).
    pub position: String,
    /// E.g. "Drs. H. Moh. Sumarsono, M.Si." (bold, underlined).
    pub name: String,
    /// Rank and grade (*pangkat/golongan*), e.g. "Pembina Tingkat I (IV/b)"; may be empty.
    #[serde(default)]
    pub rank: String,
    /// The NIP; 18 digits are printed grouped as `19650312 199003 1 005`. Empty prints no
    /// NIP line.
    pub nip: String,
}

/// One recipient's certificate.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
pub struct Certificate {
    /// E.g. "001/BIMTEK/DISKOMINFO/IX/2019".
    pub number: String,
    /// The name as written, with academic titles.
    pub name: String,
    /// E.g. "sebagai Peserta", "sebagai Narasumber".
    pub role_phrase: String,
    /// The verification code printed on the certificate.
    pub code: String,
    /// The exact text of the QR code (e.g. the verification URL); empty prints no QR code.
    pub qr_payload: String,
}

/// Certificates that share a template, for [`render_batches`].
#[derive(Debug, Clone, Copy)]
pub struct Batch<'a> {
    /// The design of these certificates.
    pub template: &'a Template,
    /// In print order.
    pub certificates: &'a [Certificate],
}

/// One PDF, one A4 landscape page per certificate, in order.
///
/// Fails when a template does not pass [`validate_template`]
/// ([`PdfError::InvalidTemplate`]), its background cannot be decoded
/// ([`PdfError::InvalidBackground`]), a font cannot be read, or there are more than
/// [`MAX_CERTIFICATES`]. No certificates give one page saying "Belum ada sertifikat.".
pub fn render_certificates(
    template: &Template,
    common: &CertificateCommon,
    certificates: &[Certificate],
    fonts: &CertificateFonts,
) -> Result<Vec<u8>, PdfError> {
    render_batches(
        &[Batch {
            template,
            certificates,
        }],
        common,
        fonts,
    )
}

/// One PDF of several batches in order, each with its own template (per-role designs).
/// A background image shared by several batches is embedded once.
pub fn render_batches(
    batches: &[Batch<'_>],
    common: &CertificateCommon,
    fonts: &CertificateFonts,
) -> Result<Vec<u8>, PdfError> {
    render_batches_with_progress(batches, common, fonts, |_| ControlFlow::Continue(()))
}

/// [`render_batches`] telling `progress` how many pages are laid out so far, after each
/// page (saving the file follows the last one). `progress` returns
/// [`ControlFlow::Break`] to cancel: the result is then [`PdfError::Cancelled`].
pub fn render_batches_with_progress(
    batches: &[Batch<'_>],
    common: &CertificateCommon,
    fonts: &CertificateFonts,
    mut progress: impl FnMut(usize) -> ControlFlow<()>,
) -> Result<Vec<u8>, PdfError> {
    render::render_batches(batches, common, fonts, true, &mut progress).map(|(bytes, _, _)| bytes)
}

/// [`render_certificates`] with where the time went (for the timing example).
#[doc(hidden)]
pub fn render_certificates_timed(
    template: &Template,
    common: &CertificateCommon,
    certificates: &[Certificate],
    fonts: &CertificateFonts,
) -> Result<(Vec<u8>, RenderTimings), PdfError> {
    let batch = Batch {
        template,
        certificates,
    };
    render::render_batches(&[batch], common, fonts, true, &mut |_| {
        ControlFlow::Continue(())
    })
    .map(|(bytes, _, t)| (bytes, t))
}

/// One single-page PDF per certificate, rendered on all cores and given to `each` as
/// `(index, pdf_bytes)` in the order of `certificates`, as soon as it is ready, so the
/// caller can write each file (or zip entry) and report progress without holding them all
/// in memory. `each` returns [`ControlFlow::Break`] to cancel: the job then stops and the
/// result is [`PdfError::Cancelled`].
///
/// Fonts are parsed once per thread and the background is prepared once for the whole
/// job. Fails like [`render_certificates`]; an empty list calls `each` zero times.
pub fn render_each(
    template: &Template,
    common: &CertificateCommon,
    certificates: &[Certificate],
    fonts: &CertificateFonts,
    each: impl FnMut(usize, Vec<u8>) -> ControlFlow<()>,
) -> Result<(), PdfError> {
    render::render_each(template, common, certificates, fonts, each)
}

/// One page of `template` filled with `common` and `certificate`, for a live preview while
/// the template is edited (the caller passes an event's own data, or [`sample_common`] and
/// [`sample_certificate`]). Unlike the other functions it renders a template that does not
/// (yet) pass [`validate_template`], as well as it can (fields off the page are clipped by
/// the page, odd sizes are clamped); only a background that cannot be decoded is an error.
pub fn render_preview(
    template: &Template,
    common: &CertificateCommon,
    certificate: &Certificate,
    fonts: &CertificateFonts,
) -> Result<Vec<u8>, PdfError> {
    let batch = Batch {
        template,
        certificates: std::slice::from_ref(certificate),
    };
    render::render_batches(&[batch], common, fonts, false, &mut |_| {
        ControlFlow::Continue(())
    })
    .map(|(bytes, _, _)| bytes)
}

/// Realistic shared data for previews.
pub fn sample_common() -> CertificateCommon {
    CertificateCommon {
        agency: vec![
            "PEMERINTAH KABUPATEN GROBOGAN".into(),
            "DINAS KOMUNIKASI DAN INFORMATIKA".into(),
        ],
        event_title: "Bimbingan Teknis Pengelolaan Media Sosial sebagai Sarana Komunikasi \
                      Publik Pemerintah Daerah"
            .into(),
        event_detail: "Purwodadi, 17–18 September 2019 · Gedung Riptaloka".into(),
        jp: Some("16 JP".into()),
        place_date: "Purwodadi, 18 September 2019".into(),
        signatories: vec![
            Signer {
                position: "Kepala Dinas Komunikasi dan Informatika\nKabupaten Grobogan".into(),
                name: "Drs. H. Moh. Sumarsono, M.Si.".into(),
                rank: "Pembina Utama Muda (IV/c)".into(),
                nip: "196503121990031005".into(),
            },
            Signer {
                position: "Mengetahui,\nSekretaris Daerah Kabupaten Grobogan".into(),
                name: "Ir. Bambang Wuryanto, M.M.".into(),
                rank: "Pembina Utama Madya (IV/d)".into(),
                nip: "196601011992031007".into(),
            },
        ],
        back_page: None,
        logo: Some(crate::logo::sample_png()),
    }
}

/// A 1754 × 1240 JPEG (150 dpi on A4 landscape) of about 500 KB: a parchment gradient
/// with grain and a dark green border band, as a designer's background might be. The
/// benchmarks' background (`bintek bench`, `examples/certificates_timing`), generated so
/// that they need no files.
#[doc(hidden)]
pub fn sample_background_jpeg() -> Vec<u8> {
    let (w, h) = (1754usize, 1240usize);
    let mut rgb = Vec::with_capacity(w * h * 3);
    let mut seed: u32 = 0x1234_5678;
    for y in 0..h {
        for x in 0..w {
            seed ^= seed << 13;
            seed ^= seed >> 17;
            seed ^= seed << 5;
            let grain = (seed % 27) as f32 - 13.0;
            let (fx, fy) = (x as f32 / w as f32, y as f32 / h as f32);
            let edge = fx.min(1.0 - fx).min(fy.min(1.0 - fy) * 1.41);
            let (mut r, mut g, mut b) = (
                247.0 - 20.0 * fy + grain,
                240.0 - 24.0 * fx + grain,
                222.0 - 30.0 * fx * fy + grain,
            );
            if edge < 0.035 {
                (r, g, b) = (24.0 + grain, 78.0 + grain, 58.0 + grain);
            } else if edge < 0.04 {
                (r, g, b) = (196.0 + grain, 160.0 + grain, 82.0 + grain);
            }
            rgb.extend([r, g, b].map(|v| v.clamp(0.0, 255.0) as u8));
        }
    }
    let mut out = Vec::new();
    // A fixed-size RGB buffer always encodes; an empty background would show in the figures.
    let _ = jpeg_encoder::Encoder::new(&mut out, 84).encode(
        &rgb,
        w as u16,
        h as u16,
        jpeg_encoder::ColorType::Rgb,
    );
    out
}

/// A realistic certificate for previews.
pub fn sample_certificate() -> Certificate {
    Certificate {
        number: "001/BIMTEK/DISKOMINFO/IX/2019".into(),
        name: "Dr. Siti Aminah Rahmawati, S.Kom., M.T.".into(),
        role_phrase: "sebagai Peserta".into(),
        code: "K7Q2-MX4P".into(),
        qr_payload: "https://verifikasi.contoh.id/K7Q2-MX4P".into(),
    }
}

#[cfg(test)]
mod tests;
