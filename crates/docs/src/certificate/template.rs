//! Certificate templates: plain, serde-friendly data that the core stores as JSON, the UI
//! edits, and a file carries from one PC to another ([`export_template`] /
//! [`import_template`]).
//!
//! Geometry is in millimetres on an A4 landscape page (297 × 210 mm) measured from the
//! **top-left** corner, as a designer reads it off a ruler: a field is a box (`x_mm`,
//! `y_mm`, `width_mm`, `height_mm`) into which its text is fitted.

use std::collections::BTreeSet;
use std::fmt;

use serde::{Deserialize, Serialize};

use super::background;

/// The template format this code writes and reads. [`validate_template`] refuses other
/// versions, so an older app does not silently misread a newer template.
pub const TEMPLATE_VERSION: u32 = 1;

/// Page width in millimetres (A4 landscape).
pub const PAGE_WIDTH_MM: f32 = 297.0;
/// Page height in millimetres (A4 landscape).
pub const PAGE_HEIGHT_MM: f32 = 210.0;

/// Smallest and largest type size of a field, in points.
pub const MIN_SIZE_PT: f32 = 6.0;
/// See [`MIN_SIZE_PT`].
pub const MAX_SIZE_PT: f32 = 120.0;

/// Most fields in one template.
pub const MAX_FIELDS: usize = 64;
/// Longest `text` of a field, in characters.
pub const MAX_TEXT_CHARS: usize = 2_000;
/// The QR code's box must be at least this wide and high (quiet zone included), or phones
/// struggle to read it from paper.
pub const MIN_QR_MM: f32 = 15.0;
/// Largest template file [`import_template`] accepts (a 5 MB background is 6.7 MB of
/// base64).
pub const MAX_TEMPLATE_FILE_BYTES: usize = 8 * 1024 * 1024;

/// A certificate design: A4 landscape, an optional background image, an optional drawn
/// frame, and the fields placed on the page.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ts_rs::TS)]
pub struct Template {
    /// [`TEMPLATE_VERSION`].
    pub version: u32,
    /// Shown in the template list, e.g. "Bawaan" or "Desain Diskominfo 2024".
    pub name: String,
    /// A designer's certificate (PNG or JPEG) filling the whole page, under everything.
    #[serde(default)]
    pub background: Option<Background>,
    /// A drawn double border with corner ornaments (the default template's look); usually
    /// `None` when there is a background image.
    #[serde(default)]
    pub frame: Option<Frame>,
    /// Drawn in order; later fields print over earlier ones.
    pub fields: Vec<Field>,
}

/// A background image: the bytes of a PNG or JPEG file. In JSON, `data` is base64, so a
/// template with its background travels as one `.json` file.
///
/// A JPEG is embedded as it is (no re-compression, no quality loss); a PNG is decoded and
/// stored losslessly (Flate), its transparency kept. Either way it is embedded once per
/// PDF and shown on every page.
#[derive(Clone, PartialEq, Serialize, Deserialize, ts_rs::TS)]
pub struct Background {
    /// `image/png` or `image/jpeg`; must agree with the bytes.
    pub mime: String,
    /// The file's bytes, at most [`MAX_BACKGROUND_BYTES`].
    #[serde(with = "base64_bytes")]
    #[ts(type = "string")]
    pub data: Vec<u8>,
}

impl fmt::Debug for Background {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Background")
            .field("mime", &self.mime)
            .field("data", &format_args!("{} bytes", self.data.len()))
            .finish()
    }
}

/// Largest background file, in bytes (5 MB).
pub const MAX_BACKGROUND_BYTES: usize = 5 * 1024 * 1024;

/// The drawn frame: an outer border, a thin inner border with cut-in corners, and small
/// ornaments at the corners.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ts_rs::TS)]
pub struct Frame {
    /// The borders, e.g. a dark navy `#1f3a5f`.
    pub color: String,
    /// The ornaments and the thin inner line, e.g. a muted gold `#b08d3c`.
    pub accent: String,
}

/// One thing printed on the certificate, fitted into its box.
///
/// Text is shrunk from `size_pt` towards `min_size_pt` until it fits, then wrapped; it is
/// never cut off (see the module documentation of [`crate::certificate`]).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ts_rs::TS)]
#[ts(rename = "CertField")]
pub struct Field {
    /// What the field shows.
    pub kind: FieldKind,
    /// Left edge of the box, from the left edge of the page.
    pub x_mm: f32,
    /// Top edge of the box, from the top edge of the page.
    pub y_mm: f32,
    /// Width of the box.
    pub width_mm: f32,
    /// Height of the box.
    pub height_mm: f32,
    /// The face; characters it lacks are printed in DejaVu Sans.
    pub font: FontFace,
    /// The type size to use when the text fits, in points (6–120).
    pub size_pt: f32,
    /// The smallest size the text may shrink to before it wraps or overflows (6 up to
    /// `size_pt`).
    pub min_size_pt: f32,
    /// `#rrggbb`. For the QR code, the colour of its dark modules.
    pub color: String,
    /// Horizontal alignment within the box.
    pub align: Align,
    /// Vertical alignment of the text block within the box.
    #[serde(default)]
    pub valign: VAlign,
    /// Extra space between letters in points (0–20), e.g. for a spaced-out "SERTIFIKAT".
    #[serde(default)]
    pub letter_spacing_pt: f32,
    /// The wording, with placeholders (see [`PLACEHOLDERS`]); `None` uses the kind's
    /// default wording. Required for [`FieldKind::Text`]; ignored by
    /// [`FieldKind::Signatory`] and [`FieldKind::Qr`].
    #[serde(default)]
    pub text: Option<String>,
}

/// What a [`Field`] shows. The default wording of each kind is in brackets.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, ts_rs::TS,
)]
#[serde(rename_all = "snake_case", tag = "type", content = "index")]
pub enum FieldKind {
    /// The agency's letterhead lines, one per line (`{instansi}`).
    Agency,
    /// The document's title (`SERTIFIKAT`).
    Title,
    /// The certificate number (`Nomor: {nomor}`).
    Number,
    /// The words before the name (`diberikan kepada:`).
    GivenTo,
    /// The recipient's name (`{nama}`): one line shrunk to fit, else two lines.
    Name,
    /// The role wording (`{peran}`), e.g. "sebagai Peserta".
    RolePhrase,
    /// The event title (`{kegiatan}`).
    EventTitle,
    /// Dates and venue (`{rincian}`).
    EventDetail,
    /// The hours (`{jp}`), e.g. "16 JP"; nothing when the event has none.
    Jp,
    /// Place and date of issue (`{tempat_tanggal}`).
    PlaceDate,
    /// A signature block: position, room to sign, name (bold, underlined), rank, and
    /// "NIP. …". Index 0 is the signatory under the place and date; index 1 the second one
    /// (often "Mengetahui, …"). Nothing is printed when there is no such signatory.
    Signatory(u8),
    /// The verification QR code of [`super::Certificate::qr_payload`], as large as fits
    /// the box, on white, with its quiet zone.
    Qr,
    /// The verification code (`{kode}`), usually under the QR code.
    Code,
    /// The agency's logo (from its profile), as large as fits the box, its proportions
    /// kept, aligned in the box like text. Nothing when the agency has no logo.
    Logo,
    /// Free text with placeholders (`text` is required).
    Text,
}

impl FieldKind {
    /// The field's name in Indonesian, as the UI and the error messages call it.
    pub fn label(self) -> String {
        match self {
            FieldKind::Agency => "Instansi".into(),
            FieldKind::Title => "Judul".into(),
            FieldKind::Number => "Nomor".into(),
            FieldKind::GivenTo => "Diberikan kepada".into(),
            FieldKind::Name => "Nama".into(),
            FieldKind::RolePhrase => "Peran".into(),
            FieldKind::EventTitle => "Nama kegiatan".into(),
            FieldKind::EventDetail => "Waktu dan tempat".into(),
            FieldKind::Jp => "JP".into(),
            FieldKind::PlaceDate => "Tempat dan tanggal".into(),
            FieldKind::Signatory(i) => format!("Penanda tangan {}", u16::from(i) + 1),
            FieldKind::Qr => "QR".into(),
            FieldKind::Logo => "Logo instansi".into(),
            FieldKind::Code => "Kode verifikasi".into(),
            FieldKind::Text => "Teks".into(),
        }
    }

    /// The wording used when [`Field::text`] is `None`.
    pub fn default_text(self) -> &'static str {
        match self {
            FieldKind::Agency => "{instansi}",
            FieldKind::Title => "SERTIFIKAT",
            FieldKind::Number => "Nomor: {nomor}",
            FieldKind::GivenTo => "diberikan kepada:",
            FieldKind::Name => "{nama}",
            FieldKind::RolePhrase => "{peran}",
            FieldKind::EventTitle => "{kegiatan}",
            FieldKind::EventDetail => "{rincian}",
            FieldKind::Jp => "{jp}",
            FieldKind::PlaceDate => "{tempat_tanggal}",
            FieldKind::Code => "{kode}",
            FieldKind::Signatory(_) | FieldKind::Qr | FieldKind::Text | FieldKind::Logo => "",
        }
    }
}

/// The faces a field can use; see [`super::CertificateFonts`].
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, ts_rs::TS,
)]
#[serde(rename_all = "snake_case")]
pub enum FontFace {
    /// A plain sans serif.
    Sans,
    /// Its bold.
    SansBold,
    /// A book serif.
    Serif,
    /// Its bold.
    SerifBold,
    /// Its italic.
    SerifItalic,
    /// A formal script for names.
    Script,
}

impl FontFace {
    /// Every face, in a fixed order.
    pub const ALL: [FontFace; 6] = [
        FontFace::Sans,
        FontFace::SansBold,
        FontFace::Serif,
        FontFace::SerifBold,
        FontFace::SerifItalic,
        FontFace::Script,
    ];

    /// The face used for a signatory's name when the block is set in this face.
    pub(crate) fn bold(self) -> FontFace {
        match self {
            FontFace::Sans | FontFace::SansBold => FontFace::SansBold,
            FontFace::Serif | FontFace::SerifBold | FontFace::SerifItalic => FontFace::SerifBold,
            FontFace::Script => FontFace::Script,
        }
    }

    /// Whether characters missing from this face fall back to the bold fallback face.
    pub(crate) fn is_bold(self) -> bool {
        matches!(self, FontFace::SansBold | FontFace::SerifBold)
    }

    pub(crate) fn index(self) -> usize {
        match self {
            FontFace::Sans => 0,
            FontFace::SansBold => 1,
            FontFace::Serif => 2,
            FontFace::SerifBold => 3,
            FontFace::SerifItalic => 4,
            FontFace::Script => 5,
        }
    }
}

impl fmt::Display for FontFace {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            FontFace::Sans => "sans",
            FontFace::SansBold => "sans tebal",
            FontFace::Serif => "serif",
            FontFace::SerifBold => "serif tebal",
            FontFace::SerifItalic => "serif miring",
            FontFace::Script => "tulisan tangan (script)",
        })
    }
}

/// Horizontal alignment of a field's text in its box.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize, ts_rs::TS)]
#[serde(rename_all = "snake_case")]
pub enum Align {
    /// Flush left.
    Left,
    /// Centred.
    #[default]
    Center,
    /// Flush right.
    Right,
}

/// Vertical alignment of a field's text block in its box.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize, ts_rs::TS)]
#[serde(rename_all = "snake_case")]
pub enum VAlign {
    /// At the top of the box.
    Top,
    /// Centred in the box.
    #[default]
    Middle,
    /// At the bottom of the box.
    Bottom,
}

/// The placeholders a field's `text` may use, with what they stand for.
pub const PLACEHOLDERS: [(&str, &str); 9] = [
    ("instansi", "baris kop instansi"),
    ("nomor", "nomor sertifikat"),
    ("nama", "nama penerima"),
    ("peran", "frasa peran, misalnya \"sebagai Peserta\""),
    ("kegiatan", "nama kegiatan"),
    ("rincian", "waktu dan tempat kegiatan"),
    ("jp", "jumlah jam pelajaran, misalnya \"16 JP\""),
    ("tempat_tanggal", "tempat dan tanggal terbit"),
    ("kode", "kode verifikasi"),
];

/// One problem with a template, in Indonesian, naming the field it is about.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
pub struct TemplateError {
    /// Index in [`Template::fields`] of the field concerned; `None` for the template as a
    /// whole (its name, version or background).
    pub field: Option<usize>,
    /// E.g. "Kolom Nama: ukuran huruf harus antara 6 dan 120 pt".
    pub message: String,
}

impl fmt::Display for TemplateError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for TemplateError {}

/// Parses `#rrggbb` (or `rrggbb`, any case) into 0–1 components.
pub(crate) fn parse_color(s: &str) -> Option<[f32; 3]> {
    let hex = s.trim();
    let hex = hex.strip_prefix('#').unwrap_or(hex);
    if hex.len() != 6 || !hex.bytes().all(|b| b.is_ascii_hexdigit()) {
        return None;
    }
    let channel = |i: usize| u8::from_str_radix(&hex[i..i + 2], 16).ok();
    Some([
        f32::from(channel(0)?) / 255.0,
        f32::from(channel(2)?) / 255.0,
        f32::from(channel(4)?) / 255.0,
    ])
}

/// The placeholder names in `text` (`{name}`), or the index of the first brace that does
/// not belong to a well-formed placeholder.
pub(crate) fn placeholders(text: &str) -> Result<Vec<&str>, usize> {
    let mut out = Vec::new();
    let mut rest = text;
    let mut offset = 0;
    while let Some(open) = rest.find(['{', '}']) {
        if rest[open..].starts_with('}') {
            return Err(offset + open);
        }
        let after = &rest[open + 1..];
        let close = after.find(['{', '}']).ok_or(offset + open)?;
        if !after[close..].starts_with('}') {
            return Err(offset + open);
        }
        out.push(&after[..close]);
        let consumed = open + 1 + close + 1;
        rest = &rest[consumed..];
        offset += consumed;
    }
    Ok(out)
}

/// Checks a template before it is saved or used. Every problem is reported, each with an
/// Indonesian message naming the field, so that the UI can show them next to the fields.
pub fn validate_template(template: &Template) -> Result<(), Vec<TemplateError>> {
    let mut errors = Vec::new();
    let mut whole = |message: String| {
        errors.push(TemplateError {
            field: None,
            message,
        })
    };
    if template.version != TEMPLATE_VERSION {
        whole(format!(
            "Versi templat {} tidak dikenal (aplikasi ini memakai versi {}). Perbarui \
             aplikasi atau buat ulang templatnya.",
            template.version, TEMPLATE_VERSION
        ));
    }
    let name_chars = template.name.trim().chars().count();
    if name_chars == 0 {
        whole("Nama templat wajib diisi.".into());
    } else if has_control(&template.name) {
        whole(
            "Nama templat berisi karakter kendali (mis. NUL atau ESC) yang tidak diizinkan.".into(),
        );
    } else if name_chars > 100 {
        whole("Nama templat terlalu panjang: paling banyak 100 huruf.".into());
    }
    if let Some(bg) = &template.background {
        if let Err(reason) = background::inspect(bg) {
            whole(format!("Gambar latar tidak dapat dipakai: {reason}"));
        }
    }
    if let Some(frame) = &template.frame {
        if parse_color(&frame.color).is_none() || parse_color(&frame.accent).is_none() {
            whole("Bingkai: warna harus berupa kode #rrggbb, misalnya #1f3a5f.".to_string());
        }
    }
    if template.fields.len() > MAX_FIELDS {
        whole(format!(
            "Terlalu banyak kolom: {}, paling banyak {MAX_FIELDS}.",
            template.fields.len()
        ));
    }
    if !template.fields.iter().any(|f| f.kind == FieldKind::Name) {
        whole("Templat harus memuat kolom Nama.".into());
    }
    for (i, field) in template.fields.iter().enumerate().take(MAX_FIELDS) {
        let label = field_label(template, i);
        for message in field_problems(field, &label) {
            errors.push(TemplateError {
                field: Some(i),
                message,
            });
        }
    }
    if errors.is_empty() {
        Ok(())
    } else {
        Err(errors)
    }
}

/// "Nama", or "Teks (ke-2)" when the template has several fields of that kind.
fn field_label(template: &Template, index: usize) -> String {
    let kind = template.fields[index].kind;
    let label = kind.label();
    let same: Vec<usize> = template
        .fields
        .iter()
        .enumerate()
        .filter(|(_, f)| f.kind == kind)
        .map(|(i, _)| i)
        .collect();
    if same.len() > 1 {
        let nth = same.iter().position(|&i| i == index).unwrap_or(0) + 1;
        format!("{label} (ke-{nth})")
    } else {
        label
    }
}

/// A control character other than a line break or a tab: never meant in a template, and a
/// terminal escape when printed.
fn has_control(s: &str) -> bool {
    s.chars()
        .any(|c| c.is_control() && !matches!(c, '\n' | '\t' | '\r'))
}

/// The problems found in one field, each a sentence naming it.
struct Problems<'a> {
    label: &'a str,
    out: Vec<String>,
}

impl Problems<'_> {
    /// "Kolom Nama: …." for a rule.
    fn colon(&mut self, m: &str) {
        self.out.push(format!("Kolom {}: {m}.", self.label));
    }

    /// "Kolom QR …." for a statement about the field.
    fn plain(&mut self, m: &str) {
        self.out.push(format!("Kolom {} {m}.", self.label));
    }
}

/// What is wrong with one field, each a sentence naming the field, e.g. "Kolom Nama:
/// ukuran huruf harus antara 6 dan 120 pt." or "Kolom QR berada di luar halaman.".
fn field_problems(field: &Field, label: &str) -> Vec<String> {
    let mut p = Problems {
        label,
        out: Vec::new(),
    };
    let numbers = [
        field.x_mm,
        field.y_mm,
        field.width_mm,
        field.height_mm,
        field.size_pt,
        field.min_size_pt,
        field.letter_spacing_pt,
    ];
    if numbers.iter().any(|v| !v.is_finite()) {
        p.colon("posisi, ukuran atau jarak huruf bukan angka yang sah");
        return p.out;
    }
    box_problems(field, &mut p);
    size_problems(field, &mut p);
    color_problems(field, &mut p);
    kind_problems(field, &mut p);
    if let Some(text) = &field.text {
        text_problems(text, &mut p);
    }
    p.out
}

/// The box: at least 2 mm each way, on the page.
fn box_problems(field: &Field, p: &mut Problems<'_>) {
    if field.width_mm < 2.0 || field.height_mm < 2.0 {
        p.colon("lebar dan tinggi kotak paling sedikit 2 mm");
    }
    let slack = 0.01;
    if field.x_mm < -slack
        || field.y_mm < -slack
        || field.x_mm + field.width_mm > PAGE_WIDTH_MM + slack
        || field.y_mm + field.height_mm > PAGE_HEIGHT_MM + slack
    {
        p.plain("berada di luar halaman (297 × 210 mm)");
    }
}

/// Font size, smallest size and letter spacing within their bounds.
fn size_problems(field: &Field, p: &mut Problems<'_>) {
    if !(MIN_SIZE_PT..=MAX_SIZE_PT).contains(&field.size_pt) {
        p.colon(&format!(
            "ukuran huruf harus antara {} dan {} pt",
            MIN_SIZE_PT, MAX_SIZE_PT
        ));
    } else if !(MIN_SIZE_PT..=field.size_pt).contains(&field.min_size_pt) {
        p.colon(&format!(
            "ukuran huruf terkecil harus antara {} pt dan ukuran hurufnya ({} pt)",
            MIN_SIZE_PT,
            trim_number(field.size_pt)
        ));
    }
    if !(0.0..=20.0).contains(&field.letter_spacing_pt) {
        p.colon("jarak antarhuruf harus antara 0 dan 20 pt");
    }
}

/// A `#rrggbb` colour, dark enough for a QR code to scan.
fn color_problems(field: &Field, p: &mut Problems<'_>) {
    match parse_color(&field.color) {
        None => p.colon("warna harus berupa kode #rrggbb, misalnya #1a2b3c"),
        Some([r, g, b]) if field.kind == FieldKind::Qr => {
            let luminance = 0.2126 * r + 0.7152 * g + 0.0722 * b;
            if luminance > 0.45 {
                p.colon(
                    "warnanya terlalu terang untuk dipindai; pakai warna gelap, misalnya #000000",
                );
            }
        }
        Some(_) => {}
    }
}

/// What a kind of field needs: a QR big enough, signatory 1 or 2, a free text.
fn kind_problems(field: &Field, p: &mut Problems<'_>) {
    match field.kind {
        FieldKind::Qr if field.width_mm.min(field.height_mm) < MIN_QR_MM => {
            p.plain(&format!(
                "terlalu kecil untuk dipindai: sisi kotaknya paling sedikit {} mm",
                trim_number(MIN_QR_MM)
            ));
        }
        FieldKind::Signatory(i) if i > 1 => {
            p.colon("hanya ada penanda tangan 1 dan 2");
        }
        FieldKind::Text if field.text.as_deref().is_none_or(|t| t.trim().is_empty()) => {
            p.colon("teksnya wajib diisi");
        }
        _ => {}
    }
}

/// A field's own text: no control characters, not too long, known placeholders only.
fn text_problems(text: &str, p: &mut Problems<'_>) {
    if has_control(text) {
        p.colon("teks berisi karakter kendali (mis. NUL atau ESC) yang tidak diizinkan");
    }
    if text.chars().count() > MAX_TEXT_CHARS {
        p.colon(&format!(
            "teks terlalu panjang, paling banyak {} huruf",
            super::thousands(MAX_TEXT_CHARS)
        ));
    }
    match placeholders(text) {
        Err(_) => {
            p.colon("tanda kurung kurawal { } tidak berpasangan; penanda ditulis seperti {nama}")
        }
        Ok(names) => {
            let known: BTreeSet<&str> = PLACEHOLDERS.iter().map(|(n, _)| *n).collect();
            for name in names {
                if !known.contains(name) {
                    let list: Vec<String> = PLACEHOLDERS
                        .iter()
                        .map(|(n, _)| format!("{{{n}}}"))
                        .collect();
                    p.colon(&format!(
                        "penanda {{{name}}} tidak dikenal; yang dikenal: {}",
                        list.join(", ")
                    ));
                }
            }
        }
    }
}

/// `12` rather than `12.0`, `10.5` as `10,5`.
fn trim_number(v: f32) -> String {
    if v.fract() == 0.0 {
        format!("{}", v as i64)
    } else {
        format!("{v}").replace('.', ",")
    }
}

/// The template as a `.json` file's text (background as base64).
pub fn export_template(template: &Template) -> String {
    // Serializing plain data with string keys cannot fail.
    serde_json::to_string_pretty(template).unwrap_or_default()
}

/// Reads a template file made by [`export_template`] and validates it (including the
/// background image). Errors are Indonesian and ready to show.
pub fn import_template(bytes: &[u8]) -> Result<Template, Vec<TemplateError>> {
    let whole = |message: String| {
        vec![TemplateError {
            field: None,
            message,
        }]
    };
    if bytes.len() > MAX_TEMPLATE_FILE_BYTES {
        return Err(whole(format!(
            "Berkas templat terlalu besar: paling banyak {} MB.",
            MAX_TEMPLATE_FILE_BYTES / (1024 * 1024)
        )));
    }
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let template: Template = serde_json::from_slice(bytes).map_err(|e| {
        whole(format!(
            "Berkas ini bukan templat sertifikat yang sah (JSON tidak terbaca: baris {}, \
             kolom {}). Pilih berkas .json hasil ekspor templat.",
            e.line(),
            e.column()
        ))
    })?;
    validate_template(&template)?;
    // The header looked right; make sure the pixels decode too (a PNG is decoded here, a
    // JPEG was checked marker by marker), so a broken file is refused now, not at print.
    if let Some(bg) = &template.background {
        if let Err(reason) = background::prepare(bg) {
            return Err(whole(format!("Gambar latar tidak dapat dipakai: {reason}")));
        }
    }
    Ok(template)
}

/// The default certificate: no background; a navy double border with gold corner
/// ornaments; letterhead, "SERTIFIKAT", number, name, role, event, hours, place and date,
/// two signatories and the QR code laid out for A4 landscape, everything centred.
pub fn default_template() -> Template {
    let mut fields = default_body_fields();
    fields.extend(default_footer_fields());
    Template {
        version: TEMPLATE_VERSION,
        name: "Bawaan".into(),
        background: None,
        frame: Some(Frame {
            color: DEFAULT_NAVY.into(),
            accent: "#b08d3c".into(),
        }),
        fields,
    }
}

const DEFAULT_NAVY: &str = "#1f3a5f";
const DEFAULT_INK: &str = "#222222";

/// A field of the default template: centred both ways, no letter spacing, no text of
/// its own.
fn centred(
    kind: FieldKind,
    (x, y, w, h): (f32, f32, f32, f32),
    font: FontFace,
    (size, min): (f32, f32),
    color: &str,
) -> Field {
    Field {
        kind,
        x_mm: x,
        y_mm: y,
        width_mm: w,
        height_mm: h,
        font,
        size_pt: size,
        min_size_pt: min,
        color: color.into(),
        align: Align::Center,
        valign: VAlign::Middle,
        letter_spacing_pt: 0.0,
        text: None,
    }
}

/// A line of the default template's centred column, `y` and `h` in mm.
fn body_row(y: f32, h: f32) -> (f32, f32, f32, f32) {
    (30.0, y, 237.0, h)
}

/// The same field with its own text.
fn with_text(field: Field, text: &str) -> Field {
    Field {
        text: Some(text.into()),
        ..field
    }
}

/// The same field, set from its top.
fn at_top(field: Field) -> Field {
    Field {
        valign: VAlign::Top,
        ..field
    }
}

/// The default template's centred column: letterhead down to the hours.
fn default_body_fields() -> Vec<Field> {
    let (navy, ink) = (DEFAULT_NAVY, DEFAULT_INK);
    let title = Field {
        letter_spacing_pt: 7.0,
        ..centred(
            FieldKind::Title,
            body_row(40.0, 17.0),
            FontFace::SerifBold,
            (40.0, 24.0),
            navy,
        )
    };
    vec![
        centred(
            FieldKind::Agency,
            body_row(19.0, 17.0),
            FontFace::SerifBold,
            (13.0, 9.0),
            navy,
        ),
        title,
        centred(
            FieldKind::Number,
            body_row(57.0, 7.0),
            FontFace::Serif,
            (11.0, 8.0),
            ink,
        ),
        centred(
            FieldKind::GivenTo,
            body_row(67.0, 8.0),
            FontFace::SerifItalic,
            (14.0, 10.0),
            ink,
        ),
        centred(
            FieldKind::Name,
            body_row(75.0, 22.0),
            FontFace::Script,
            script_name_size(),
            navy,
        ),
        with_text(
            centred(
                FieldKind::RolePhrase,
                body_row(98.0, 8.0),
                FontFace::Serif,
                (14.0, 10.0),
                ink,
            ),
            "{peran} dalam kegiatan",
        ),
        centred(
            FieldKind::EventTitle,
            body_row(106.0, 16.0),
            FontFace::SerifBold,
            (16.0, 10.0),
            ink,
        ),
        centred(
            FieldKind::EventDetail,
            body_row(122.0, 6.5),
            FontFace::Serif,
            (12.0, 9.0),
            ink,
        ),
        with_text(
            centred(
                FieldKind::Jp,
                body_row(128.5, 6.5),
                FontFace::Serif,
                (12.0, 9.0),
                ink,
            ),
            "selama {jp}",
        ),
    ]
}

/// Great Vibes is small on its body (short x-height): set larger than the serif that
/// stands in for it in a build without the npm packages.
fn script_name_size() -> (f32, f32) {
    if cfg!(bintek_script_font) {
        (42.0, 20.0)
    } else {
        (34.0, 18.0)
    }
}

/// The default template's foot: place and date, two signatories, the QR and its code.
fn default_footer_fields() -> Vec<Field> {
    let ink = DEFAULT_INK;
    vec![
        at_top(centred(
            FieldKind::PlaceDate,
            (186.0, 143.0, 86.0, 7.0),
            FontFace::Serif,
            (11.5, 8.0),
            ink,
        )),
        at_top(centred(
            FieldKind::Signatory(0),
            (186.0, 150.0, 86.0, 45.0),
            FontFace::Serif,
            (11.0, 8.0),
            ink,
        )),
        // Starts level with the place and date, ends level with the first signatory: the
        // "Mengetahui," line and the names line up.
        at_top(centred(
            FieldKind::Signatory(1),
            (25.0, 143.0, 86.0, 52.0),
            FontFace::Serif,
            (11.0, 8.0),
            ink,
        )),
        centred(
            FieldKind::Qr,
            (133.5, 153.0, 30.0, 30.0),
            FontFace::Sans,
            (10.0, 10.0),
            "#000000",
        ),
        at_top(centred(
            FieldKind::Code,
            (118.5, 184.0, 60.0, 5.5),
            FontFace::Sans,
            (8.5, 6.0),
            ink,
        )),
    ]
}

/// Serde helpers: bytes as a base64 string.
pub(crate) mod base64_bytes {
    use base64::Engine;
    use serde::{Deserialize, Deserializer, Serializer};

    pub(crate) fn serialize<S: Serializer>(bytes: &[u8], s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&base64::engine::general_purpose::STANDARD.encode(bytes))
    }

    pub(crate) fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<u8>, D::Error> {
        let text = String::deserialize(d)?;
        // Tolerate line breaks that mail programs and editors insert into long base64.
        let compact: String = text.chars().filter(|c| !c.is_whitespace()).collect();
        base64::engine::general_purpose::STANDARD
            .decode(compact.as_bytes())
            .map_err(|_| serde::de::Error::custom("data gambar latar bukan base64 yang sah"))
    }
}

/// The back page as a template of plain text fields: the title and subtitle, a header
/// row, one row per materi (number, materi, narasumber, JP) and the total, sized so that
/// [`super::MAX_BACK_ROWS`] rows fit the page (rows beyond it are left out: the caller
/// refuses them first).
pub(crate) fn back_template(back: &super::BackPage) -> Template {
    let ink = DEFAULT_INK;
    let text =
        |t: &str, (x, y, w, h): (f32, f32, f32, f32), size: f32, bold: bool, align: Align| {
            Field {
                kind: FieldKind::Text,
                x_mm: x,
                y_mm: y,
                width_mm: w,
                height_mm: h,
                font: if bold {
                    FontFace::SansBold
                } else {
                    FontFace::Sans
                },
                size_pt: size,
                min_size_pt: (size - 3.0).max(MIN_SIZE_PT),
                color: ink.into(),
                align,
                valign: VAlign::Middle,
                letter_spacing_pt: 0.0,
                // Braces in a materi's title are not placeholders.
                text: Some(t.replace('{', "(").replace('}', ")")),
            }
        };
    let mut fields = vec![
        text(
            &back.title,
            (25.0, 16.0, 247.0, 10.0),
            16.0,
            true,
            Align::Center,
        ),
        text(
            &back.subtitle,
            (25.0, 26.0, 247.0, 8.0),
            11.0,
            false,
            Align::Center,
        ),
    ];
    let rows = back.rows.len().min(super::MAX_BACK_ROWS);
    let top = 40.0;
    let bottom = 190.0;
    let row_h = ((bottom - top) / (rows + 2) as f32).min(11.0);
    let size = if row_h >= 9.0 { 11.0 } else { 9.0 };
    let cols = [(25.0, 14.0), (39.0, 133.0), (172.0, 75.0), (247.0, 25.0)];
    let cell = |col: usize, row: usize| (cols[col].0, top + row as f32 * row_h, cols[col].1, row_h);
    for (col, label) in ["No", "Materi", "Narasumber", "JP"].iter().enumerate() {
        let align = if col == 1 || col == 2 {
            Align::Left
        } else {
            Align::Center
        };
        fields.push(text(label, cell(col, 0), size, true, align));
    }
    for (i, r) in back.rows.iter().take(rows).enumerate() {
        let row = i + 1;
        fields.push(text(
            &(i + 1).to_string(),
            cell(0, row),
            size,
            false,
            Align::Center,
        ));
        fields.push(text(&r.materi, cell(1, row), size, false, Align::Left));
        fields.push(text(&r.speaker, cell(2, row), size, false, Align::Left));
        fields.push(text(&r.jp, cell(3, row), size, false, Align::Center));
    }
    fields.push(text("Jumlah", cell(1, rows + 1), size, true, Align::Left));
    fields.push(text(
        &back.total_jp,
        cell(3, rows + 1),
        size,
        true,
        Align::Center,
    ));
    fields.retain(|f| f.text.as_deref().is_some_and(|t| !t.trim().is_empty()));
    Template {
        version: TEMPLATE_VERSION,
        name: "Halaman belakang".into(),
        background: None,
        frame: Some(Frame {
            color: DEFAULT_NAVY.into(),
            accent: "#b08d3c".into(),
        }),
        fields,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_template_is_valid() {
        assert_eq!(validate_template(&default_template()), Ok(()));
    }

    #[test]
    fn template_json_names_kinds_plainly() {
        let json = export_template(&default_template());
        assert!(
            json.contains("\"type\": \"signatory\",\n        \"index\": 1"),
            "{json}"
        );
        assert!(json.contains("\"type\": \"name\""), "{json}");
        assert!(json.contains("\"font\": \"serif_bold\""), "{json}");
        assert!(json.contains("\"background\": null"), "{json}");
    }

    #[test]
    fn colors_parse() {
        assert_eq!(parse_color("#000000"), Some([0.0, 0.0, 0.0]));
        assert_eq!(parse_color("FFffFF"), Some([1.0, 1.0, 1.0]));
        assert_eq!(parse_color("#12345"), None);
        assert_eq!(parse_color("#12345g"), None);
        assert_eq!(parse_color("#ééé"), None);
    }

    #[test]
    fn placeholders_are_found_and_broken_braces_refused() {
        assert_eq!(placeholders("a {nama} b {jp}"), Ok(vec!["nama", "jp"]));
        assert_eq!(placeholders("tanpa penanda"), Ok(vec![]));
        assert!(placeholders("{nama").is_err());
        assert!(placeholders("nama}").is_err());
        assert!(placeholders("{{nama}}").is_err());
        assert!(placeholders("{na{ma}").is_err());
    }

    #[test]
    fn labels_number_repeated_kinds() {
        let mut t = default_template();
        let mut text = t.fields[0].clone();
        text.kind = FieldKind::Text;
        text.text = Some("satu".into());
        t.fields.push(text.clone());
        t.fields.push(text);
        let n = t.fields.len();
        assert_eq!(field_label(&t, n - 1), "Teks (ke-2)");
        assert_eq!(field_label(&t, 0), "Instansi");
    }
}
