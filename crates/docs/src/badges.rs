//! Name badges (*kartu peserta*) with a check-in QR code, from plain structs.
//!
//! [`render_badges`] lays out A4 portrait pages:
//!
//! - [`BadgeLayout::EightPerPage`]: 2 columns × 4 rows of 91 × 63.25 mm cards inside
//!   10 mm margins, 8 mm apart, with cut marks (short thin lines at every card corner, in
//!   the margins and the gaps) and a very light card outline;
//! - [`BadgeLayout::OnePerPage`]: one card per page, the same card scaled up to the width
//!   between the margins (190 × 132 mm), centred on the page.
//!
//! A card shows, top to bottom: the organizer (small), the event title (bold, at most
//! three lines, then "…"), the subtitle, a thin rule; then the participant's name large
//! and bold with the OPD under it on the left, and the QR code of the check-in code with
//! the code printed under it on the right; and the role in capitals, white on a dark
//! band along the bottom edge.
//!
//! The name is sized to fit: one line as large as possible (up to 17 pt on the small
//! card); when one line would have to go below 12 pt, two lines are used if that allows
//! a larger size; at the minimum of 9 pt, a name longer than two lines is cut with "…".
//! A name never runs past its card. The OPD wraps on at most two lines.
//!
//! The QR code encodes exactly the [`Badge::code`] string, error correction level M, with
//! the 4-module quiet zone the standard asks for. Dark modules are drawn as filled
//! rectangles, one per run of equal runs in consecutive rows, to keep the file small.
//! The codes are encoded in parallel on all cores. An empty code prints no QR code.
//!
//! Text that the fonts cannot show is replaced, not dropped: see [`Fonts`].

use std::panic::{catch_unwind, AssertUnwindSafe};

use fast_qr::{QRBuilder, ECL};
use serde::{Deserialize, Serialize};

use crate::pdf::canvas::{
    mm, Align, Canvas, Document, FontSet, Paper, Weight, A4_HEIGHT, A4_WIDTH,
};
use crate::pdf::text::Face;
pub use crate::pdf::{Fonts, PdfError};

/// Everything printed on a set of badges. Plain data: the caller formats and sorts.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, ts_rs::TS)]
pub struct BadgesView {
    /// E.g. "PEMERINTAH KABUPATEN GROBOGAN"; may be empty. Cut with "…" to one line.
    pub organizer: String,
    /// The event title; wraps, at most three lines, then "…".
    pub event_title: String,
    /// E.g. "Purwodadi, 17–18 September 2019"; may be empty. Cut with "…" to one line.
    pub subtitle: String,
    /// One card per entry, in this order.
    pub badges: Vec<Badge>,
}

/// One participant's card.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, ts_rs::TS)]
pub struct Badge {
    /// The name with academic titles, e.g. "Dr. Ir. H. Bambang Sutrisno Wicaksono, S.T.,
    /// M.Eng.".
    pub name: String,
    /// E.g. "Dinas Komunikasi dan Informatika".
    pub opd: String,
    /// E.g. "PESERTA", "NARASUMBER", "PANITIA"; printed in capitals.
    pub role: String,
    /// The check-in code, e.g. "K7Q2MX": the QR code's exact content, also printed.
    pub code: String,
}

/// How cards are placed on A4 portrait pages.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[serde(rename_all = "snake_case")]
pub enum BadgeLayout {
    /// 2 × 4 cards of 91 × 63.25 mm per page, with cut marks.
    #[default]
    EightPerPage,
    /// One card of 190 × 132 mm per page, with cut marks.
    OnePerPage,
}

/// Most badges in one document; more is [`PdfError::TooManyBadges`].
pub const MAX_BADGES: usize = 20_000;

/// Renders the badges as PDF bytes (A4 portrait, fonts embedded and subset).
///
/// Never panics, whatever the text: names are shrunk, wrapped and cut to stay inside
/// their card, characters missing from the fonts are printed as `�`, a code too long for
/// a QR code prints without one. No badges give one page saying "Belum ada peserta.".
/// Fails only when a font cannot be read or there are more than [`MAX_BADGES`] badges.
pub fn render_badges(
    view: &BadgesView,
    layout: BadgeLayout,
    fonts: &Fonts,
) -> Result<Vec<u8>, PdfError> {
    render_badges_with_warnings(view, layout, fonts).map(|(bytes, _)| bytes)
}

/// [`render_badges`], also returning printpdf's warnings.
fn render_badges_with_warnings(
    view: &BadgesView,
    layout: BadgeLayout,
    fonts: &Fonts,
) -> Result<(Vec<u8>, Vec<String>), PdfError> {
    let count = view.badges.len();
    if count > MAX_BADGES {
        return Err(PdfError::TooManyBadges {
            count,
            max: MAX_BADGES,
        });
    }
    let title = if view.event_title.trim().is_empty() {
        "Kartu Peserta"
    } else {
        view.event_title.trim()
    };
    let document = Document::new(title, fonts)?;
    let qrs = encode_all(&view.badges);
    let pages = pages(document.fonts(), view, layout, &qrs);
    document.finish(pages, Paper::A4Portrait, MAX_BADGES)
}

// ---- geometry and type sizes ----------------------------------------------------------

const PAGE_MARGIN_MM: f32 = 10.0;
const GAP_MM: f32 = 8.0;
/// Cut marks start this far from the corner and are this long.
const MARK_OFFSET_MM: f32 = 1.0;
const MARK_LENGTH_MM: f32 = 2.5;
const MARK_WIDTH: f32 = 0.3;
const OUTLINE_GREY: f32 = 0.82;

// Sizes in points on the small card; the large card multiplies them by its scale.
const PAD: f32 = 9.0;
const ORGANIZER_SIZE: f32 = 6.5;
const TITLE_SIZE: f32 = 8.0;
const SUBTITLE_SIZE: f32 = 6.5;
const HEADER_LINE: f32 = 1.2;
const MAX_TITLE_LINES: usize = 3;
const NAME_MAX: f32 = 17.0;
const NAME_MIN: f32 = 9.0;
/// Below this a one-line name gives way to two larger lines.
const NAME_ONE_LINE_MIN: f32 = 12.0;
const NAME_LINE: f32 = 1.15;
const OPD_SIZE: f32 = 8.0;
const OPD_LINE: f32 = 1.25;
const MAX_OPD_LINES: usize = 2;
const QR_SIDE: f32 = 72.0;
const CODE_SIZE: f32 = 10.5;
const BAND_HEIGHT: f32 = 19.0;
const ROLE_SIZE: f32 = 10.0;
const BAND_GREY: f32 = 0.18;
const SOFT_GREY: f32 = 0.3;
const EMPTY: &str = "Belum ada peserta.";

/// A card's place on its page, in points from the top-left corner.
#[derive(Debug, Clone, Copy, PartialEq)]
struct CardBox {
    x: f32,
    y: f32,
    w: f32,
    h: f32,
}

impl CardBox {
    /// Size factor relative to the small (eight per page) card.
    fn scale(&self) -> f32 {
        self.w / small_card().0
    }
}

/// Width and height of the small card.
fn small_card() -> (f32, f32) {
    let w = (A4_WIDTH - 2.0 * mm(PAGE_MARGIN_MM) - mm(GAP_MM)) / 2.0;
    let h = (A4_HEIGHT - 2.0 * mm(PAGE_MARGIN_MM) - 3.0 * mm(GAP_MM)) / 4.0;
    (w, h)
}

/// Where the cards of one page go, in reading order.
fn slots(layout: BadgeLayout) -> Vec<CardBox> {
    let margin = mm(PAGE_MARGIN_MM);
    let (w, h) = small_card();
    match layout {
        BadgeLayout::EightPerPage => {
            let mut out = Vec::with_capacity(8);
            for row in 0..4 {
                for col in 0..2 {
                    out.push(CardBox {
                        x: margin + col as f32 * (w + mm(GAP_MM)),
                        y: margin + row as f32 * (h + mm(GAP_MM)),
                        w,
                        h,
                    });
                }
            }
            out
        }
        BadgeLayout::OnePerPage => {
            let big_w = A4_WIDTH - 2.0 * margin;
            let big_h = h * big_w / w;
            vec![CardBox {
                x: margin,
                y: (A4_HEIGHT - big_h) / 2.0,
                w: big_w,
                h: big_h,
            }]
        }
    }
}

// ---- QR codes -------------------------------------------------------------------------

/// Modules of white around a QR code, as the standard asks.
pub(crate) const QUIET_ZONE: usize = 4;

/// A rectangle of dark modules: `len` modules from `col`, on `height` rows from `row`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct QrRect {
    pub(crate) row: u8,
    pub(crate) col: u8,
    pub(crate) len: u8,
    pub(crate) height: u8,
}

/// A QR code as rectangles of dark modules, without the quiet zone.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Qr {
    /// Modules per side (21 for version 1, at most 177).
    pub(crate) size: usize,
    pub(crate) rects: Vec<QrRect>,
}

/// Encodes `code` (exactly, error correction M). `None` for an empty code, or one that
/// does not fit in a QR code.
pub(crate) fn encode(code: &str) -> Option<Qr> {
    if code.is_empty() {
        return None;
    }
    // fast_qr has `panic!`s for states it considers impossible; a badge without a QR
    // code is better than a crashed print.
    let qr = catch_unwind(AssertUnwindSafe(|| {
        QRBuilder::new(code.as_bytes()).ecl(ECL::M).build().ok()
    }))
    .ok()
    .flatten()?;
    let size = qr.size;
    if size == 0 || size > 177 || qr.data.len() < size * size {
        return None;
    }
    let dark = |row: usize, col: usize| qr.data[row * size + col].value();
    Some(Qr {
        size,
        rects: merge_runs(size, dark),
    })
}

/// Horizontal runs of dark modules, merged with identical runs on the rows below.
fn merge_runs(size: usize, dark: impl Fn(usize, usize) -> bool) -> Vec<QrRect> {
    let mut rects: Vec<QrRect> = Vec::new();
    // Indices in `rects` of the runs of the previous row.
    let mut open: Vec<usize> = Vec::new();
    for row in 0..size {
        let mut next_open = Vec::new();
        let mut col = 0;
        while col < size {
            if !dark(row, col) {
                col += 1;
                continue;
            }
            let start = col;
            while col < size && dark(row, col) {
                col += 1;
            }
            // size ≤ 177, so every coordinate fits in a u8.
            let (c, l) = (start as u8, (col - start) as u8);
            match open
                .iter()
                .copied()
                .find(|&i| rects[i].col == c && rects[i].len == l)
            {
                Some(i) => {
                    rects[i].height += 1;
                    next_open.push(i);
                }
                None => {
                    rects.push(QrRect {
                        row: row as u8,
                        col: c,
                        len: l,
                        height: 1,
                    });
                    next_open.push(rects.len() - 1);
                }
            }
        }
        open = next_open;
    }
    rects
}

/// Encodes every badge's code, spread over the available cores.
fn encode_all(badges: &[Badge]) -> Vec<Option<Qr>> {
    let codes: Vec<&str> = badges.iter().map(|b| b.code.as_str()).collect();
    encode_many(&codes)
}

/// [`encode`]s every text, spread over the available cores (up to 16), in order.
pub(crate) fn encode_many(codes: &[&str]) -> Vec<Option<Qr>> {
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get().min(16));
    if threads <= 1 || codes.len() < 64 {
        return codes.iter().map(|c| encode(c)).collect();
    }
    let chunk = codes.len().div_ceil(threads);
    std::thread::scope(|scope| {
        let handles: Vec<_> = codes
            .chunks(chunk)
            .map(|part| {
                let work = move || part.iter().map(|c| encode(c)).collect::<Vec<_>>();
                // A thread that cannot be started leaves its share to this one.
                (
                    part,
                    std::thread::Builder::new().spawn_scoped(scope, work).ok(),
                )
            })
            .collect();
        handles
            .into_iter()
            .flat_map(|(part, handle)| {
                handle
                    .and_then(|h| h.join().ok())
                    .unwrap_or_else(|| part.iter().map(|c| encode(c)).collect())
            })
            .collect()
    })
}

/// Draws `qr` with its quiet zone in the square at (`x`, `y`) of side `side`.
pub(crate) fn draw_qr(canvas: &mut Canvas, qr: &Qr, x: f32, y: f32, side: f32) {
    let modules = (qr.size + 2 * QUIET_ZONE) as f32;
    let m = side / modules;
    // A hair of overlap downwards hides the seams viewers show between touching rects.
    let overlap = m * 0.03;
    for r in &qr.rects {
        let rx = x + (usize::from(r.col) + QUIET_ZONE) as f32 * m;
        let ry = y + (usize::from(r.row) + QUIET_ZONE) as f32 * m;
        let h = f32::from(r.height) * m;
        let bottom_row = usize::from(r.row) + usize::from(r.height) >= qr.size;
        let h = if bottom_row { h } else { h + overlap };
        canvas.fill(rx, ry, f32::from(r.len) * m, h, 0.0);
    }
}

// ---- text -----------------------------------------------------------------------------

/// Baseline of a line of `size` points centred in a line box of `height` at `top`.
fn baseline(face: &Face, size: f32, top: f32, height: f32) -> f32 {
    let (ascent, descent) = (face.ascent(size), face.descent(size));
    top + (height - ascent - descent) / 2.0 + ascent
}

/// The name's size and lines for a column `width` points wide: one line as large as
/// possible up to `max`; below `one_line_min`, two lines when that is larger; at `min`,
/// at most two lines, the second cut with "…". Every line fits `width`.
fn fit_name(
    face: &Face,
    name: &str,
    width: f32,
    max: f32,
    min: f32,
    one_line_min: f32,
) -> (f32, Vec<String>) {
    let clean = face.clean(name).replace('\n', " ");
    let clean = clean.split_whitespace().collect::<Vec<_>>().join(" ");
    if clean.is_empty() || width <= 0.0 {
        return (max, Vec::new());
    }
    // Sizes are multiples of a quarter point, so that the search below is short.
    let quarter = |s: f32| (s * 4.0).floor() / 4.0;
    let em = face.width(&clean, 1.0);
    let one = if em > 0.0 {
        quarter((width / em).min(max))
    } else {
        max
    };
    if one >= one_line_min {
        return (one, vec![clean]);
    }
    let mut two = None;
    let mut size = max;
    while size >= min && size > one {
        if face.wrap(&clean, size, width).len() <= 2 {
            two = Some(size);
            break;
        }
        size -= 0.5;
    }
    match two {
        Some(size) => (size, face.wrap(&clean, size, width)),
        None if one >= min => (one, vec![clean]),
        None => (min, face.wrap_at_most(&clean, min, width, 2)),
    }
}

/// The header lines shared by every card of a document, at one scale.
struct Header {
    organizer: String,
    title: Vec<String>,
    subtitle: String,
}

impl Header {
    fn new(fonts: &FontSet, view: &BadgesView, card: CardBox) -> Self {
        let s = card.scale();
        let width = card.w - 2.0 * PAD * s;
        Self {
            organizer: fonts
                .regular
                .fit_one_line(&view.organizer, ORGANIZER_SIZE * s, width),
            title: fonts.bold.wrap_at_most(
                &view.event_title,
                TITLE_SIZE * s,
                width,
                MAX_TITLE_LINES,
            ),
            subtitle: fonts
                .regular
                .fit_one_line(&view.subtitle, SUBTITLE_SIZE * s, width),
        }
    }

    /// Draws the lines centred from `top`; returns where they end.
    fn draw(&self, canvas: &mut Canvas, fonts: &FontSet, card: CardBox, top: f32) -> f32 {
        let s = card.scale();
        let centre = card.x + card.w / 2.0;
        let mut y = top;
        let mut line = |canvas: &mut Canvas, text: &str, weight: Weight, size: f32, grey: f32| {
            if text.is_empty() {
                return;
            }
            let h = size * HEADER_LINE;
            let b = baseline(fonts.face(weight), size, y, h);
            canvas.text(fonts, centre, b, Align::Center, weight, size, grey, text);
            y += h;
        };
        line(
            canvas,
            &self.organizer,
            Weight::Regular,
            ORGANIZER_SIZE * s,
            SOFT_GREY,
        );
        for t in &self.title {
            line(canvas, t, Weight::Bold, TITLE_SIZE * s, 0.0);
        }
        line(
            canvas,
            &self.subtitle,
            Weight::Regular,
            SUBTITLE_SIZE * s,
            SOFT_GREY,
        );
        y
    }
}

// ---- cards and pages ------------------------------------------------------------------

/// Where the parts of a card go (for drawing, and for tests).
#[derive(Debug, Clone, PartialEq)]
struct CardLayout {
    /// Left edge, width and top of the name/OPD column.
    text_x: f32,
    text_width: f32,
    name_size: f32,
    name: Vec<String>,
    opd: Vec<String>,
    /// Top of the name block.
    name_top: f32,
    /// The QR square (with its quiet zone) and the code under it, if there is a code.
    qr: Option<(f32, f32, f32)>,
    code: String,
    band_top: f32,
    role: String,
}

fn card_layout(
    fonts: &FontSet,
    header_bottom: f32,
    card: CardBox,
    badge: &Badge,
    has_qr: bool,
) -> CardLayout {
    let s = card.scale();
    let band_top = card.y + card.h - BAND_HEIGHT * s;
    let body_top = header_bottom + 8.0 * s;
    let body_bottom = band_top - 5.0 * s;
    let body_h = (body_bottom - body_top).max(0.0);

    let code_h = CODE_SIZE * s * 1.3;
    let side = (QR_SIDE * s).min(body_h - code_h).max(0.0);
    let qr = (has_qr && side > 20.0 * s).then(|| {
        let x = card.x + card.w - 3.0 * s - side;
        let y = body_top + (body_h - side - code_h) / 2.0;
        (x, y, side)
    });
    let code = if has_qr || !badge.code.trim().is_empty() {
        let room = qr.map_or(card.w / 3.0, |(_, _, side)| side);
        fonts
            .bold
            .fit_one_line(badge.code.trim(), CODE_SIZE * s, room)
    } else {
        String::new()
    };

    let text_x = card.x + PAD * s;
    let text_right = match qr {
        Some((x, _, _)) => x,
        None if !code.is_empty() => card.x + card.w - PAD * s - card.w / 3.0,
        None => card.x + card.w - PAD * s,
    };
    let text_width = (text_right - text_x).max(1.0);
    let (name_size, name) = fit_name(
        &fonts.bold,
        &badge.name,
        text_width,
        NAME_MAX * s,
        NAME_MIN * s,
        NAME_ONE_LINE_MIN * s,
    );
    let opd = fonts
        .regular
        .wrap_at_most(&badge.opd, OPD_SIZE * s, text_width, MAX_OPD_LINES);
    let block = name.len() as f32 * name_size * NAME_LINE
        + if opd.is_empty() { 0.0 } else { 4.0 * s }
        + opd.len() as f32 * OPD_SIZE * s * OPD_LINE;
    let name_top = body_top + ((body_h - block) / 2.0).max(0.0);
    let role = fonts.bold.fit_one_line(
        &badge.role.trim().to_uppercase(),
        ROLE_SIZE * s,
        card.w - 2.0 * PAD * s,
    );
    CardLayout {
        text_x,
        text_width,
        name_size,
        name,
        opd,
        name_top,
        qr,
        code,
        band_top,
        role,
    }
}

fn draw_card(
    canvas: &mut Canvas,
    fonts: &FontSet,
    header: &Header,
    card: CardBox,
    badge: &Badge,
    qr: Option<&Qr>,
) {
    let s = card.scale();
    let header_bottom = header.draw(canvas, fonts, card, card.y + PAD * s);
    let rule_y = header_bottom + 3.0 * s;
    canvas.line(
        card.x + PAD * s,
        rule_y,
        card.x + card.w - PAD * s,
        rule_y,
        0.5 * s,
        0.6,
    );
    let layout = card_layout(fonts, header_bottom, card, badge, qr.is_some());
    draw_name_and_opd(canvas, fonts, card, &layout);
    draw_code(canvas, fonts, card, &layout, qr);
    draw_role_band(canvas, fonts, card, &layout);
    outline_and_marks(canvas, card);
}

/// The name lines, then the OPD lines under a small gap.
fn draw_name_and_opd(canvas: &mut Canvas, fonts: &FontSet, card: CardBox, layout: &CardLayout) {
    let s = card.scale();
    let mut y = layout.name_top;
    for line in &layout.name {
        let h = layout.name_size * NAME_LINE;
        let b = baseline(&fonts.bold, layout.name_size, y, h);
        canvas.text(
            fonts,
            layout.text_x,
            b,
            Align::Left,
            Weight::Bold,
            layout.name_size,
            0.0,
            line,
        );
        y += h;
    }
    if !layout.opd.is_empty() {
        y += 4.0 * s;
    }
    for line in &layout.opd {
        let size = OPD_SIZE * s;
        let h = size * OPD_LINE;
        let b = baseline(&fonts.regular, size, y, h);
        canvas.text(
            fonts,
            layout.text_x,
            b,
            Align::Left,
            Weight::Regular,
            size,
            0.15,
            line,
        );
        y += h;
    }
}

/// The QR with the check-in code under it; without a QR, the code alone at the top right.
fn draw_code(
    canvas: &mut Canvas,
    fonts: &FontSet,
    card: CardBox,
    layout: &CardLayout,
    qr: Option<&Qr>,
) {
    let size = CODE_SIZE * card.scale();
    if let (Some(qr), Some((x, y, side))) = (qr, layout.qr) {
        draw_qr(canvas, qr, x, y, side);
        let b = baseline(&fonts.bold, size, y + side, size * 1.3);
        canvas.text(
            fonts,
            x + side / 2.0,
            b,
            Align::Center,
            Weight::Bold,
            size,
            0.0,
            &layout.code,
        );
    } else if !layout.code.is_empty() {
        let x = card.x + card.w - PAD * card.scale();
        let b = baseline(&fonts.bold, size, layout.name_top, size * 1.3);
        canvas.text(
            fonts,
            x,
            b,
            Align::Right,
            Weight::Bold,
            size,
            0.0,
            &layout.code,
        );
    }
}

/// The grey band at the foot with the role in capitals.
fn draw_role_band(canvas: &mut Canvas, fonts: &FontSet, card: CardBox, layout: &CardLayout) {
    let s = card.scale();
    canvas.fill(
        card.x,
        layout.band_top,
        card.w,
        card.y + card.h - layout.band_top,
        BAND_GREY,
    );
    let size = ROLE_SIZE * s;
    let b = baseline(&fonts.bold, size, layout.band_top, BAND_HEIGHT * s);
    canvas.text(
        fonts,
        card.x + card.w / 2.0,
        b,
        Align::Center,
        Weight::Bold,
        size,
        1.0,
        &layout.role,
    );
}

/// A very light outline, and cut marks pointing away from every corner.
fn outline_and_marks(canvas: &mut Canvas, card: CardBox) {
    let (x0, y0, x1, y1) = (card.x, card.y, card.x + card.w, card.y + card.h);
    for (a, b, c, d) in [
        (x0, y0, x1, y0),
        (x1, y0, x1, y1),
        (x1, y1, x0, y1),
        (x0, y1, x0, y0),
    ] {
        canvas.line(a, b, c, d, 0.3, OUTLINE_GREY);
    }
    let (off, len) = (mm(MARK_OFFSET_MM), mm(MARK_LENGTH_MM));
    for (x, y, dx, dy) in [
        (x0, y0, -1.0, -1.0),
        (x1, y0, 1.0, -1.0),
        (x0, y1, -1.0, 1.0),
        (x1, y1, 1.0, 1.0),
    ] {
        // Along the horizontal edge, outwards; along the vertical edge, outwards.
        canvas.line(x + dx * off, y, x + dx * (off + len), y, MARK_WIDTH, 0.0);
        canvas.line(x, y + dy * off, x, y + dy * (off + len), MARK_WIDTH, 0.0);
    }
}

/// The page for an empty list: the event and "Belum ada peserta.".
fn empty_page(fonts: &FontSet, view: &BadgesView) -> Canvas {
    let mut canvas = Canvas::new();
    let card = slots(BadgeLayout::OnePerPage)[0];
    let header = Header::new(fonts, view, card);
    let bottom = header.draw(&mut canvas, fonts, card, mm(30.0));
    let size = 14.0;
    let b = baseline(&fonts.regular, size, bottom + 24.0, size * 1.3);
    canvas.text(
        fonts,
        A4_WIDTH / 2.0,
        b,
        Align::Center,
        Weight::Regular,
        size,
        0.0,
        EMPTY,
    );
    canvas
}

fn pages(
    fonts: &FontSet,
    view: &BadgesView,
    layout: BadgeLayout,
    qrs: &[Option<Qr>],
) -> Vec<Canvas> {
    if view.badges.is_empty() {
        return vec![empty_page(fonts, view)];
    }
    let slots = slots(layout);
    let header = match slots.first() {
        Some(&card) => Header::new(fonts, view, card),
        None => return vec![empty_page(fonts, view)],
    };
    view.badges
        .chunks(slots.len())
        .enumerate()
        .map(|(p, badges)| {
            let mut canvas = Canvas::new();
            for (i, (badge, &card)) in badges.iter().zip(&slots).enumerate() {
                let qr = qrs.get(p * slots.len() + i).and_then(Option::as_ref);
                draw_card(&mut canvas, fonts, &header, card, badge, qr);
            }
            canvas
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fontset() -> (Document, Fonts) {
        let fonts = Fonts::dejavu_sans();
        (Document::new("t", &fonts).expect("fonts"), fonts)
    }

    #[test]
    fn drawn_qr_modules_equal_fast_qr_matrix() {
        for code in [
            "K7Q2MX",
            "23456789ABCDEFGHJKLMNPQRSTUVWXYZ",
            "nama@contoh.go.id",
        ] {
            let reference = QRBuilder::new(code.as_bytes())
                .ecl(ECL::M)
                .build()
                .expect("qr");
            let n = reference.size;
            let qr = encode(code).expect("encoded");
            assert_eq!(qr.size, n);
            // Draw it with 1-point modules and read every module centre back.
            let mut canvas = Canvas::new();
            let side = (n + 2 * QUIET_ZONE) as f32;
            draw_qr(&mut canvas, &qr, 0.0, 0.0, side);
            let fills = canvas.fills();
            assert_eq!(fills.len(), qr.rects.len());
            let mut drawn_dark = 0;
            let mut expected_dark = 0;
            for row in 0..n {
                for col in 0..n {
                    let cx = (col + QUIET_ZONE) as f32 + 0.5;
                    let cy = (row + QUIET_ZONE) as f32 + 0.5;
                    let hits = fills
                        .iter()
                        .filter(|(x, y, w, h, _)| cx > *x && cx < x + w && cy > *y && cy < y + h)
                        .count();
                    assert!(hits <= 1, "module {row},{col} drawn {hits} times");
                    let dark = reference.data[row * n + col].value();
                    assert_eq!(hits == 1, dark, "{code}: module {row},{col}");
                    drawn_dark += hits;
                    expected_dark += usize::from(dark);
                }
            }
            assert_eq!(drawn_dark, expected_dark);
            // Nothing in the quiet zone, and fewer rectangles than dark modules.
            assert!(fills.iter().all(|(x, y, w, h, _)| *x >= QUIET_ZONE as f32
                && *y >= QUIET_ZONE as f32
                && x + w <= (n + QUIET_ZONE) as f32 + 0.01
                && y + h <= (n + QUIET_ZONE) as f32 + 0.5));
            assert!(
                qr.rects.len() * 2 < expected_dark,
                "{} rects",
                qr.rects.len()
            );
        }
    }

    #[test]
    fn odd_codes_encode_or_are_skipped_without_panic() {
        assert_eq!(encode(""), None);
        assert!(encode(" ").is_some());
        assert!(encode("kode-ä-🎉").is_some());
        assert!(encode(&"A".repeat(1000)).is_some());
        assert_eq!(
            encode(&"x".repeat(10_000)),
            None,
            "too long for any QR version"
        );
        let badges: Vec<Badge> = (0..200)
            .map(|i| Badge {
                code: format!("C{i:05}"),
                ..Badge::default()
            })
            .collect();
        let all = encode_all(&badges);
        assert_eq!(all.len(), 200);
        for (b, qr) in badges.iter().zip(&all) {
            assert_eq!(qr.as_ref(), encode(&b.code).as_ref(), "order kept");
        }
    }

    #[test]
    fn names_always_fit_their_column() {
        let (doc, _) = fontset();
        let bold = &doc.fonts().bold;
        let names = [
            "Siti Aminah",
            "Agus Prasetyo Nugroho, S.I.Kom.",
            "Dr. Ir. H. Bambang Sutrisno Wicaksono, S.T., M.Eng.",
            "Prof. Dr. Ir. Raden Mas Haryo Bagus Kusumawardhana Wicaksono Adiningrat, \
             S.T., M.Eng., Ph.D., IPU., ASEAN Eng.",
            "Muhammadabdurrahmanhidayatullahsyarifuddinnurcholismadjid",
            "W",
            "",
            "🎉🎉🎉",
        ];
        for card in [
            slots(BadgeLayout::EightPerPage)[0],
            slots(BadgeLayout::OnePerPage)[0],
        ] {
            let s = card.scale();
            for width in [40.0 * s, 120.0 * s, 160.0 * s] {
                for name in names {
                    let (size, lines) = fit_name(
                        bold,
                        name,
                        width,
                        NAME_MAX * s,
                        NAME_MIN * s,
                        NAME_ONE_LINE_MIN * s,
                    );
                    assert!(lines.len() <= 2, "{name}: {lines:?}");
                    assert!(size >= NAME_MIN * s - 0.01 && size <= NAME_MAX * s + 0.01);
                    for line in &lines {
                        assert!(
                            bold.width(line, size) <= width + 0.01,
                            "{line:?} at {size} wider than {width}"
                        );
                    }
                    if !name.is_empty() {
                        assert!(!lines.is_empty(), "{name}");
                    }
                }
            }
        }
        // Short names stay on one big line; long ones use two lines before shrinking.
        let (size, lines) = fit_name(bold, "Siti Aminah", 160.0, 17.0, 9.0, 12.0);
        assert_eq!((size, lines.len()), (17.0, 1));
        let (size, lines) = fit_name(
            bold,
            "Agus Prasetyo Nugroho, S.I.Kom.",
            160.0,
            17.0,
            9.0,
            12.0,
        );
        assert_eq!(lines.len(), 2);
        assert!(size > 12.0, "{size}");
        let (_, lines) = fit_name(bold, &"Panjang ".repeat(40), 160.0, 17.0, 9.0, 12.0);
        assert_eq!(lines.len(), 2);
        assert!(lines[1].ends_with('…'), "{lines:?}");
    }

    #[test]
    fn everything_on_a_card_stays_inside_it() {
        let (doc, _) = fontset();
        let fonts = doc.fonts();
        let view = BadgesView {
            organizer: "PEMERINTAH KABUPATEN GROBOGAN ".repeat(5),
            event_title: "Bimbingan Teknis Pengelolaan Media Sosial ".repeat(6),
            subtitle: "Purwodadi, 17–18 September 2019 ".repeat(4),
            badges: Vec::new(),
        };
        let badge = Badge {
            name: "Prof. Dr. Ir. Raden Mas Haryo Bagus Kusumawardhana Wicaksono Adiningrat, \
                   S.T., M.Eng., Ph.D."
                .into(),
            opd: "Dinas Kependudukan dan Pencatatan Sipil Kabupaten Grobogan ".repeat(4),
            role: "narasumber utama ".repeat(8),
            code: "K7Q2MX".into(),
        };
        let qr = encode(&badge.code);
        for layout in [BadgeLayout::EightPerPage, BadgeLayout::OnePerPage] {
            for card in slots(layout) {
                let header = Header::new(fonts, &view, card);
                assert_eq!(header.title.len(), MAX_TITLE_LINES);
                let mut canvas = Canvas::new();
                draw_card(&mut canvas, fonts, &header, card, &badge, qr.as_ref());
                for (x, baseline, weight, size, text) in canvas.texts() {
                    let w = fonts.face(weight).width(&text, size);
                    assert!(x >= card.x && x + w <= card.x + card.w + 0.01, "{text:?}");
                    assert!(
                        baseline - size >= card.y && baseline <= card.y + card.h,
                        "{text:?}"
                    );
                }
                for (x, y, w, h, _) in canvas.fills() {
                    assert!(x >= card.x - 0.01 && x + w <= card.x + card.w + 0.01);
                    assert!(y >= card.y - 0.01 && y + h <= card.y + card.h + 0.01);
                }
                let l = card_layout(fonts, card.y + 60.0 * card.scale(), card, &badge, true);
                let (qx, qy, side) = l.qr.expect("qr placed");
                assert!(
                    l.text_x + l.text_width <= qx + 0.01,
                    "name column left of the QR"
                );
                assert!(qy + side <= l.band_top, "QR above the band");
                let name_bottom = l.name_top + l.name.len() as f32 * l.name_size * NAME_LINE;
                assert!(name_bottom <= l.band_top, "name above the band");
            }
        }
    }

    #[test]
    fn eight_slots_tile_the_page_inside_the_margins() {
        let s = slots(BadgeLayout::EightPerPage);
        assert_eq!(s.len(), 8);
        let margin = mm(PAGE_MARGIN_MM);
        for c in &s {
            assert!(c.x >= margin - 0.01 && c.x + c.w <= A4_WIDTH - margin + 0.01);
            assert!(c.y >= margin - 0.01 && c.y + c.h <= A4_HEIGHT - margin + 0.01);
        }
        assert!((s[7].y + s[7].h - (A4_HEIGHT - margin)).abs() < 0.01);
        let big = slots(BadgeLayout::OnePerPage)[0];
        assert!((big.scale() - 190.0 / 91.0).abs() < 0.01, "{}", big.scale());
    }

    #[test]
    fn too_many_badges_is_an_indonesian_error() {
        let view = BadgesView {
            badges: vec![Badge::default(); MAX_BADGES + 1],
            ..BadgesView::default()
        };
        let err = render_badges(&view, BadgeLayout::EightPerPage, &Fonts::dejavu_sans())
            .expect_err("too many");
        assert_eq!(
            err,
            PdfError::TooManyBadges {
                count: MAX_BADGES + 1,
                max: MAX_BADGES
            }
        );
        assert!(
            err.to_string().contains("Terlalu banyak kartu peserta"),
            "{err}"
        );
    }

    #[test]
    fn printpdf_reports_no_warnings() {
        let view = BadgesView {
            organizer: "PEMERINTAH KABUPATEN GROBOGAN".into(),
            event_title: "Bimbingan Teknis".into(),
            subtitle: "Purwodadi".into(),
            badges: vec![Badge {
                name: "Siti Aminah".into(),
                opd: "Diskominfo".into(),
                role: "Peserta".into(),
                code: "K7Q2MX".into(),
            }],
        };
        for layout in [BadgeLayout::EightPerPage, BadgeLayout::OnePerPage] {
            let (bytes, warnings) =
                render_badges_with_warnings(&view, layout, &Fonts::dejavu_sans()).expect("render");
            assert!(bytes.starts_with(b"%PDF-"));
            assert!(warnings.is_empty(), "{warnings:#?}");
        }
    }
}
