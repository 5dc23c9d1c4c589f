//! Fitting each field's content into its box: sizes, lines, runs per face, QR modules.
//!
//! Everything here is in points from the top-left corner of the page; the renderer flips
//! to PDF coordinates when it writes.

use super::fonts::{Chain, Faces};
use super::template::{parse_color, Align, Field, FieldKind, VAlign};
use super::{Certificate, CertificateCommon};
use crate::badges::{Qr, QUIET_ZONE};
use crate::pdf::canvas::mm;
use crate::pdf::text::{self, Metrics};

/// Line height as a multiple of the type size.
pub(crate) const LINE: f32 = 1.22;
/// Slack for float comparisons, in points.
const EPSILON: f32 = 0.01;
/// The smallest room left for a handwritten signature.
const SIGNATURE_MIN_MM: f32 = 12.0;

/// One run of text in one face.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Run {
    /// Face slot in [`Faces`].
    pub(crate) slot: usize,
    pub(crate) x: f32,
    pub(crate) baseline: f32,
    pub(crate) size: f32,
    pub(crate) color: [f32; 3],
    /// Extra points after each character (PDF `Tc`).
    pub(crate) spacing: f32,
    pub(crate) text: String,
}

/// A horizontal rule (the underline of a signatory's name).
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Rule {
    pub(crate) x1: f32,
    pub(crate) x2: f32,
    pub(crate) y: f32,
    pub(crate) width: f32,
    pub(crate) color: [f32; 3],
}

/// What a page (or the part of it that is the same on every page) draws.
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct Items {
    pub(crate) runs: Vec<Run>,
    pub(crate) rules: Vec<Rule>,
    pub(crate) qrs: Vec<QrForm>,
    /// The agency's logo in these boxes (`x`, `y` top, width, height in points).
    pub(crate) logos: Vec<(f32, f32, f32, f32)>,
}

/// The values the placeholders stand for.
pub(crate) struct Values<'a> {
    agency: String,
    common: &'a CertificateCommon,
    cert: Option<&'a Certificate>,
}

impl<'a> Values<'a> {
    pub(crate) fn new(common: &'a CertificateCommon, cert: Option<&'a Certificate>) -> Self {
        let agency = common
            .agency
            .iter()
            .map(|l| l.trim())
            .filter(|l| !l.is_empty())
            .collect::<Vec<_>>()
            .join("\n");
        Self {
            agency,
            common,
            cert,
        }
    }

    fn get(&self, name: &str) -> &str {
        let cert = |f: fn(&'a Certificate) -> &'a str| self.cert.map_or("", f);
        match name {
            "instansi" => &self.agency,
            "nomor" => cert(|c| &c.number),
            "nama" => cert(|c| &c.name),
            "peran" => cert(|c| &c.role_phrase),
            "kode" => cert(|c| &c.code),
            "kegiatan" => &self.common.event_title,
            "rincian" => &self.common.event_detail,
            "jp" => self.common.jp.as_deref().unwrap_or(""),
            "tempat_tanggal" => &self.common.place_date,
            _ => "",
        }
        .trim()
    }

    /// `text` with every known `{placeholder}` replaced; anything else is left as written.
    pub(crate) fn substitute(&self, text: &str) -> String {
        let mut out = String::with_capacity(text.len() + 32);
        let mut rest = text;
        while let Some(open) = rest.find('{') {
            out.push_str(&rest[..open]);
            let after = &rest[open + 1..];
            match after.find('}') {
                Some(close) if is_placeholder(&after[..close]) => {
                    out.push_str(self.get(&after[..close]));
                    rest = &after[close + 1..];
                }
                _ => {
                    out.push('{');
                    rest = after;
                }
            }
        }
        out.push_str(rest);
        out
    }
}

fn is_placeholder(name: &str) -> bool {
    super::template::PLACEHOLDERS
        .iter()
        .any(|(known, _)| *known == name)
}

/// The placeholder that a field kind is about: when it is empty the field prints nothing
/// (no "Nomor: " without a number, no "selama " without hours).
fn own_value(kind: FieldKind) -> Option<&'static str> {
    match kind {
        FieldKind::Agency => Some("instansi"),
        FieldKind::Number => Some("nomor"),
        FieldKind::Name => Some("nama"),
        FieldKind::RolePhrase => Some("peran"),
        FieldKind::EventTitle => Some("kegiatan"),
        FieldKind::EventDetail => Some("rincian"),
        FieldKind::Jp => Some("jp"),
        FieldKind::PlaceDate => Some("tempat_tanggal"),
        FieldKind::Code => Some("kode"),
        _ => None,
    }
}

/// Whether a field prints something that differs from one certificate to the next (so it
/// cannot be laid out once for the whole document).
pub(crate) fn varies_per_certificate(field: &Field) -> bool {
    match field.kind {
        FieldKind::Name
        | FieldKind::Number
        | FieldKind::RolePhrase
        | FieldKind::Qr
        | FieldKind::Code => true,
        FieldKind::Signatory(_) => false,
        _ => {
            let text = field.text.as_deref().unwrap_or(field.kind.default_text());
            ["{nama}", "{nomor}", "{peran}", "{kode}"]
                .iter()
                .any(|p| text.contains(p))
        }
    }
}

/// A field's box in points.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Bounds {
    pub(crate) x: f32,
    pub(crate) y: f32,
    pub(crate) w: f32,
    pub(crate) h: f32,
}

impl Bounds {
    pub(crate) fn of(field: &Field) -> Self {
        let finite = |v: f32| if v.is_finite() { v } else { 0.0 };
        Self {
            x: mm(finite(field.x_mm)),
            y: mm(finite(field.y_mm)),
            w: mm(finite(field.width_mm)).max(1.0),
            h: mm(finite(field.height_mm)).max(1.0),
        }
    }
}

/// Size limits of a field, made sane whatever the template says.
fn sizes(field: &Field) -> (f32, f32) {
    let clamp = |v: f32, lo: f32, hi: f32| if v.is_finite() { v.clamp(lo, hi) } else { lo };
    let max = clamp(field.size_pt, 1.0, 300.0);
    let min = clamp(field.min_size_pt, 1.0, max);
    (max, min)
}

fn spacing(field: &Field) -> f32 {
    if field.letter_spacing_pt.is_finite() {
        field.letter_spacing_pt.clamp(0.0, 50.0)
    } else {
        0.0
    }
}

fn color(field: &Field) -> [f32; 3] {
    parse_color(&field.color).unwrap_or([0.0, 0.0, 0.0])
}

/// Measures with letter spacing: each character's advance plus the spacing (in em at the
/// size being tried), so that wrapping accounts for it.
struct Spaced<'a> {
    chain: Chain<'a>,
    spacing_em: f32,
}

impl Metrics for Spaced<'_> {
    fn has_glyph(&self, c: char) -> bool {
        self.chain.has_glyph(c)
    }

    fn advance_em(&self, c: char) -> f32 {
        self.chain.advance_em(c) + self.spacing_em
    }

    fn replacement(&self) -> char {
        self.chain.replacement()
    }
}

fn spaced(chain: Chain<'_>, spacing: f32, size: f32) -> Spaced<'_> {
    Spaced {
        chain,
        spacing_em: if size > 0.0 { spacing / size } else { 0.0 },
    }
}

/// Rounds a size down to a quarter point.
fn quarter(size: f32) -> f32 {
    (size * 4.0).floor() / 4.0
}

/// The two halves of `text` split at the space that makes the longer half shortest.
fn balanced_split(chain: Chain<'_>, text: &str, spacing: f32) -> Option<(String, String)> {
    let mut best: Option<(f32, usize)> = None;
    for (i, c) in text.char_indices() {
        if c != ' ' {
            continue;
        }
        let (a, b) = (text[..i].trim_end(), text[i + 1..].trim_start());
        if a.is_empty() || b.is_empty() {
            continue;
        }
        let longer = chain
            .line_width(a, 1.0, spacing)
            .max(chain.line_width(b, 1.0, spacing));
        if best.is_none_or(|(w, _)| longer < w) {
            best = Some((longer, i));
        }
    }
    best.map(|(_, i)| {
        (
            text[..i].trim_end().to_string(),
            text[i + 1..].trim_start().to_string(),
        )
    })
}

/// The largest size up to `max` at which `lines` (one below the other) fit `w` × `h`.
fn largest_fitting(
    chain: Chain<'_>,
    lines: &[&str],
    spacing: f32,
    w: f32,
    h: f32,
    max: f32,
) -> f32 {
    let mut size = max;
    for line in lines {
        let em = chain.width(line, 1.0);
        let gaps = spacing * line.chars().count().saturating_sub(1) as f32;
        if em > 0.0 {
            size = size.min((w - gaps) / em);
        }
    }
    let n = lines.len().max(1) as f32;
    quarter(size.min(h / (n * chain.line())))
}

/// A name: one line as large as fits (from `size_pt` down to `min_size_pt`), else two
/// balanced lines as large as fit, else wrapped at the minimum size. Nothing is cut.
pub(crate) fn fit_name(
    chain: Chain<'_>,
    name: &str,
    w: f32,
    h: f32,
    max: f32,
    min: f32,
    spacing: f32,
) -> (f32, Vec<String>) {
    let clean = text::clean(&chain, name);
    let clean = clean.split_whitespace().collect::<Vec<_>>().join(" ");
    if clean.is_empty() {
        return (max, Vec::new());
    }
    let one = largest_fitting(chain, &[&clean], spacing, w, h, max);
    if one >= min {
        return (one, vec![clean]);
    }
    if let Some((a, b)) = balanced_split(chain, &clean, spacing) {
        let two = largest_fitting(chain, &[&a, &b], spacing, w, h, max);
        if two >= min {
            return (two, vec![a, b]);
        }
        if chain.line_width(&a, min, spacing) <= w + EPSILON
            && chain.line_width(&b, min, spacing) <= w + EPSILON
        {
            return (min, vec![a, b]);
        }
    }
    let lines = text::wrap_clean(&spaced(chain, spacing, min), &clean, min, w);
    (min, lines)
}

/// Any other text: wrapped to the box width, shrunk from `size_pt` in half points until
/// the lines fit the box (and no word has to be broken), at most down to `min_size_pt`;
/// at the minimum it may run past the bottom of the box rather than be cut.
pub(crate) fn fit_block(
    chain: Chain<'_>,
    text: &str,
    w: f32,
    h: f32,
    max: f32,
    min: f32,
    spacing: f32,
) -> (f32, Vec<String>) {
    let clean = text::clean(&chain, text);
    let words: Vec<(f32, f32)> = clean
        .split_whitespace()
        .map(|word| (chain.width(word, 1.0), word.chars().count() as f32))
        .collect();
    let mut size = max;
    loop {
        let lines = text::wrap_clean(&spaced(chain, spacing, size), &clean, size, w);
        let tall = lines.len() as f32 * size * chain.line();
        // Measured like the wrapping measures (spacing after every character), so that a
        // word that "fits" here is never broken by the wrap.
        let words_fit = words
            .iter()
            .all(|(em, chars)| em * size + spacing * chars <= w + EPSILON);
        if (tall <= h + EPSILON && words_fit) || size <= min {
            return (size, lines);
        }
        size = (size - 0.5).max(min);
    }
}

/// Places fitted lines in the box: block aligned vertically, each line horizontally, each
/// line split into runs per face.
#[allow(clippy::too_many_arguments)]
fn place_lines(
    items: &mut Items,
    chain: Chain<'_>,
    lines: &[String],
    size: f32,
    spacing: f32,
    bounds: Bounds,
    align: Align,
    valign: VAlign,
    color: [f32; 3],
    top_override: Option<f32>,
) -> f32 {
    let line_h = size * chain.line();
    let block = lines.len() as f32 * line_h;
    let top = top_override.unwrap_or_else(|| block_top(bounds, block, valign));
    let face = chain.primary();
    let (ascent, descent) = (face.ascent(size), face.descent(size));
    for (i, line) in lines.iter().enumerate() {
        if line.is_empty() {
            continue;
        }
        let width = chain.line_width(line, size, spacing);
        let mut x = match align {
            Align::Left => bounds.x,
            Align::Center => bounds.x + (bounds.w - width) / 2.0,
            Align::Right => bounds.x + bounds.w - width,
        };
        let baseline = top + i as f32 * line_h + (line_h - ascent - descent) / 2.0 + ascent;
        for (slot, run) in chain.runs(line) {
            let run_width = chain.width(&run, size) + spacing * run.chars().count() as f32;
            items.runs.push(Run {
                slot,
                x,
                baseline,
                size,
                color,
                spacing,
                text: run,
            });
            x += run_width;
        }
    }
    top + block
}

/// Top of a block of height `block` in the box; a block taller than its box starts at the
/// top (or ends at the bottom, for `Bottom`) and runs past the other edge.
fn block_top(bounds: Bounds, block: f32, valign: VAlign) -> f32 {
    let room = bounds.h - block;
    match valign {
        VAlign::Top => bounds.y,
        VAlign::Middle if room >= 0.0 => bounds.y + room / 2.0,
        VAlign::Middle => bounds.y,
        VAlign::Bottom => bounds.y + room,
    }
}

/// Lays out one field into `items`. `qr` is the certificate's encoded QR code.
pub(crate) fn layout_field(
    faces: &Faces,
    field: &Field,
    values: &Values<'_>,
    qr: Option<&Qr>,
    items: &mut Items,
) {
    let bounds = Bounds::of(field);
    match field.kind {
        FieldKind::Qr => {
            if let Some(qr) = qr {
                draw_qr(items, qr, field, bounds);
            }
        }
        FieldKind::Signatory(i) => {
            if let Some(signer) = values.common.signatories.get(usize::from(i)) {
                signature_block(items, faces, field, bounds, signer);
            }
        }
        FieldKind::Logo => {
            let ratio = values
                .common
                .logo
                .as_ref()
                .and_then(|l| crate::logo::check(&l.mime, &l.data).ok())
                .map(|(w, h)| w as f32 / h.max(1) as f32);
            if let Some(ratio) = ratio {
                let (w, h) = if bounds.h * ratio <= bounds.w {
                    (bounds.h * ratio, bounds.h)
                } else {
                    (bounds.w, bounds.w / ratio)
                };
                let x = match field.align {
                    Align::Left => bounds.x,
                    Align::Center => bounds.x + (bounds.w - w) / 2.0,
                    Align::Right => bounds.x + bounds.w - w,
                };
                items
                    .logos
                    .push((x, block_top(bounds, h, field.valign), w, h));
            }
        }
        kind => {
            let Some(text) = field_text(field, values) else {
                return;
            };
            let chain = faces.chain(field.font);
            let (max, min) = sizes(field);
            let spacing = spacing(field);
            let (size, lines) = if kind == FieldKind::Name {
                fit_name(chain, &text, bounds.w, bounds.h, max, min, spacing)
            } else {
                fit_block(chain, &text, bounds.w, bounds.h, max, min, spacing)
            };
            place_lines(
                items,
                chain,
                &lines,
                size,
                spacing,
                bounds,
                field.align,
                field.valign,
                color(field),
                None,
            );
        }
    }
}

/// What a text field prints for `values`, before it is cleaned and fitted; `None` for a
/// QR code, a signatory block, or a text with nothing to print.
pub(crate) fn field_text(field: &Field, values: &Values<'_>) -> Option<String> {
    if matches!(
        field.kind,
        FieldKind::Qr | FieldKind::Signatory(_) | FieldKind::Logo
    ) || own_value(field.kind).is_some_and(|name| values.get(name).is_empty())
    {
        return None;
    }
    let wording = field.text.as_deref().unwrap_or(field.kind.default_text());
    let text = values.substitute(wording);
    (!text.trim().is_empty()).then_some(text)
}

/// `19650312 199003 1 005` for an 18-digit NIP; anything else as written.
pub(crate) fn format_nip(nip: &str) -> String {
    let nip = nip.trim();
    let nip = nip
        .strip_prefix("NIP.")
        .or_else(|| nip.strip_prefix("NIP"))
        .unwrap_or(nip)
        .trim();
    let digits: String = nip.chars().filter(|c| !c.is_whitespace()).collect();
    if digits.len() == 18 && digits.bytes().all(|b| b.is_ascii_digit()) {
        format!(
            "{} {} {} {}",
            &digits[..8],
            &digits[8..14],
            &digits[14..15],
            &digits[15..]
        )
    } else {
        nip.to_string()
    }
}

/// Position (wrapped), room to sign, name (bold, underlined), rank, "NIP. …". The room
/// to sign is what the box leaves (at least 12 mm; the type shrinks to keep it), so two
/// blocks whose boxes end at the same height have their names on one line.
fn signature_block(
    items: &mut Items,
    faces: &Faces,
    field: &Field,
    bounds: Bounds,
    signer: &super::Signer,
) {
    let regular = faces.chain(field.font);
    let bold = faces.chain(field.font.bold());
    let lines = fit_signature(regular, bold, field, bounds, signer);
    // The room to sign is whatever the box leaves: the designer sizes it with the box.
    let gap = (bounds.h - lines.text_h).max(lines.gap_min);
    let top = block_top(bounds, lines.text_h + gap, field.valign);
    let (size, spacing, color) = (lines.size, spacing(field), color(field));
    let place = |items: &mut Items, chain: Chain<'_>, text: &[String], size: f32, y: f32| {
        place_lines(
            items,
            chain,
            text,
            size,
            spacing,
            bounds,
            field.align,
            field.valign,
            color,
            Some(y),
        )
    };
    let mut y = place(items, regular, &lines.position, size, top);
    y += gap;
    let name_start = items.runs.len();
    y = place(items, bold, &lines.name, lines.name_size, y);
    underline(items, bold, name_start, lines.name_size, color);
    y = place(items, regular, &lines.rank, size, y);
    place(items, regular, &lines.nip, size, y);
}

/// A signature block's lines at the size they fit (or the smallest size).
struct SignatureLines {
    size: f32,
    name_size: f32,
    position: Vec<String>,
    name: Vec<String>,
    rank: Vec<String>,
    nip: Vec<String>,
    /// Height of all the text.
    text_h: f32,
    /// The least room to sign.
    gap_min: f32,
}

/// The largest size, in half points down to the field's smallest, at which the text
/// and the least room to sign fit the box.
fn fit_signature(
    regular: Chain<'_>,
    bold: Chain<'_>,
    field: &Field,
    bounds: Bounds,
    signer: &super::Signer,
) -> SignatureLines {
    let (max, min) = sizes(field);
    let spacing = spacing(field);
    let nip = format_nip(&signer.nip);
    let nip = if nip.is_empty() {
        String::new()
    } else {
        format!("NIP. {nip}")
    };
    let mut size = max;
    loop {
        let wrap = |text: &str| text::wrap(&spaced(regular, spacing, size), text, size, bounds.w);
        let position = wrap(&signer.position);
        let (name_size, name) = fit_name(
            bold,
            &signer.name,
            bounds.w,
            f32::INFINITY,
            size,
            min.min(size),
            spacing,
        );
        let rank = wrap(&signer.rank);
        let nip_lines = wrap(&nip);
        let text_h = (position.len() + rank.len() + nip_lines.len()) as f32 * size * regular.line()
            + name.len() as f32 * name_size * bold.line();
        let gap_min = mm(SIGNATURE_MIN_MM).max(size * 2.5);
        let fits = text_h + gap_min <= bounds.h + EPSILON;
        if !fits && size > min {
            size = (size - 0.5).max(min);
            continue;
        }
        return SignatureLines {
            size,
            name_size,
            position,
            name,
            rank,
            nip: nip_lines,
            text_h,
            gap_min,
        };
    }
}

/// Underlines the runs pushed since `from`, one rule per baseline.
fn underline(items: &mut Items, chain: Chain<'_>, from: usize, size: f32, color: [f32; 3]) {
    let mut lines: Vec<(f32, f32, f32)> = Vec::new();
    for run in &items.runs[from..] {
        let right = run.x
            + chain.width(&run.text, run.size)
            + run.spacing * run.text.chars().count().saturating_sub(1) as f32;
        match lines.iter_mut().find(|l| (l.0 - run.baseline).abs() < 0.01) {
            Some(l) => {
                l.1 = l.1.min(run.x);
                l.2 = l.2.max(right);
            }
            None => lines.push((run.baseline, run.x, right)),
        }
    }
    let width = (size * 0.06).max(0.5);
    for (baseline, x1, x2) in lines {
        items.rules.push(Rule {
            x1,
            x2,
            y: baseline + size * 0.14,
            width,
            color,
        });
    }
}

/// A QR code drawn as a two-colour image (one bit per module, white and the field's
/// colour) placed on the page: `x`, `y` (top) and `side` in points.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct QrForm {
    pub(crate) x: f32,
    pub(crate) y: f32,
    pub(crate) side: f32,
    /// Modules per side, quiet zone included: the image's width and height in pixels.
    pub(crate) modules: usize,
    /// The dark modules' colour.
    pub(crate) color: [f32; 3],
    /// The image's samples: rows from the top, one bit per module (1 = dark), each row
    /// padded to a whole byte.
    pub(crate) bitmap: Vec<u8>,
}

/// The QR code as large as fits the box, on a white square (its quiet zone included),
/// aligned in the box like text.
///
/// The code is an image of one bit per module rather than vector rectangles: a
/// version-10 code of a signed payload is about 450 bytes this way against about 1,700
/// compressed bytes of rectangles, which decided the 3 MB target for 1,000 certificates.
/// The image is drawn without interpolation, so its modules stay sharp at any zoom and on
/// paper.
fn draw_qr(items: &mut Items, qr: &Qr, field: &Field, bounds: Bounds) {
    let side = bounds.w.min(bounds.h);
    let x = match field.align {
        Align::Left => bounds.x,
        Align::Center => bounds.x + (bounds.w - side) / 2.0,
        Align::Right => bounds.x + bounds.w - side,
    };
    let y = block_top(bounds, side, field.valign);
    items.qrs.push(QrForm {
        x,
        y,
        side,
        modules: qr.size + 2 * QUIET_ZONE,
        color: color(field),
        bitmap: qr_bitmap(qr),
    });
}

/// The QR code's modules with its quiet zone as packed rows of bits, top row first,
/// 1 for a dark module.
pub(crate) fn qr_bitmap(qr: &Qr) -> Vec<u8> {
    let n = qr.size + 2 * QUIET_ZONE;
    let stride = n.div_ceil(8);
    let mut bits = vec![0u8; stride * n];
    for rect in &qr.rects {
        for row in 0..usize::from(rect.height) {
            let y = usize::from(rect.row) + row + QUIET_ZONE;
            for col in 0..usize::from(rect.len) {
                let x = usize::from(rect.col) + col + QUIET_ZONE;
                bits[y * stride + x / 8] |= 0x80 >> (x % 8);
            }
        }
    }
    bits
}
