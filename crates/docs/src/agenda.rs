//! The agenda PDF (*jadwal acara*) of a workshop, from plain structs.
//!
//! [`render_agenda`] lays out an A4 portrait document with 20 mm margins:
//!
//! - page 1 starts with the *kop surat* (letterhead lines centred, the first one bold and
//!   larger, a thick and a thin rule under them), then the title, the event title and
//!   the subtitle lines, all centred and wrapping;
//! - each day gets a bold heading and a table **Waktu | Acara / Materi | Narasumber |
//!   Moderator | Tempat** with borders; text wraps inside its cell; a break row is shaded
//!   light grey and its topic spans the Acara, Narasumber and Moderator columns;
//! - a row is never split across pages: it moves to the next page, which starts with the
//!   day heading plus "(lanjutan)" and the table header again. Only a row taller than a
//!   whole page is split, because it cannot fit anywhere;
//! - every page ends with the footer text on the left and "Halaman N dari M" on the right.
//!
//! Limits that keep absurd input printable: a day heading is cut with "…" after three
//! lines, the footer after one; front matter longer than a page goes on on the next page.
//!
//! Text that the fonts cannot show is replaced, not dropped: see [`Fonts`].

use serde::{Deserialize, Serialize};

use crate::pdf::canvas::{
    mm, Align, Canvas, Document, FontSet, Paper, Weight, A4_HEIGHT, A4_WIDTH,
};
use crate::pdf::MAX_PAGES;
pub use crate::pdf::{Fonts, PdfError};

/// Everything printed on an agenda. Plain data: the caller formats dates and times.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, ts_rs::TS)]
pub struct AgendaView {
    /// Kop surat heading lines in bold capitals, e.g. `["PEMERINTAH KABUPATEN GROBOGAN",
    /// "DINAS KOMUNIKASI DAN INFORMATIKA"]`; may be empty (then no rule is drawn either).
    pub letterhead: Vec<String>,
    /// The kop's small lines under them: address, telephone, e-mail, website.
    #[serde(default)]
    pub letterhead_details: Vec<String>,
    /// The agency's logo, left of the kop's lines.
    #[serde(default)]
    pub letterhead_logo: Option<crate::logo::Logo>,
    /// E.g. "JADWAL ACARA".
    pub title: String,
    /// The event title, e.g. "Bimbingan Teknis Pengelolaan Media Sosial sebagai Aset
    /// Digital".
    pub event_title: String,
    /// E.g. `["Gedung Riptaloka, Purwodadi", "Selasa–Rabu, 17–18 September 2019"]`.
    pub subtitle: Vec<String>,
    /// The days, in order. A day without rows prints "Belum ada acara."
    pub days: Vec<AgendaDay>,
    /// The participants' page (its LAN address): printed after the table as a QR code
    /// with the address under it, for participants to open on their phones.
    #[serde(default)]
    pub participant_url: Option<String>,
    /// Small print at the bottom left of every page, e.g. "Dicetak dari Bintek, 26 November
    /// 2026" (cut with "…" if it does not fit on one line). Page numbers are always printed.
    pub footer: Option<String>,
}

/// One day of the agenda.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, ts_rs::TS)]
pub struct AgendaDay {
    /// E.g. "Hari ke-1 — Selasa, 17 September 2019".
    pub heading: String,
    /// The sessions, in order.
    pub rows: Vec<AgendaRow>,
}

/// One line of the schedule.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, ts_rs::TS)]
pub struct AgendaRow {
    /// E.g. "08.00–09.00" (Indonesian writes times with a dot).
    pub time: String,
    /// The session; may be long, it wraps.
    pub topic: String,
    /// Smaller grey text under the topic, e.g. "2 JP" or "Pembukaan".
    pub note: Option<String>,
    /// Names with their titles, one entry per person.
    pub speakers: Vec<String>,
    /// Names with their titles, one entry per person.
    pub moderators: Vec<String>,
    /// E.g. "Gedung Riptaloka".
    pub room: String,
    /// What kind of session this is.
    pub kind: RowKind,
}

/// What kind of session a row is.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
pub enum RowKind {
    /// Opening (*pembukaan*).
    Opening,
    /// A material session (*materi*).
    #[default]
    Material,
    /// A break (*istirahat*, *ISHOMA*): shaded, topic across the speaker/moderator columns.
    Break,
    /// Closing (*penutupan*).
    Closing,
}

/// Renders the agenda as PDF bytes (A4 portrait, fonts embedded and subset).
///
/// Never panics, whatever the text: long texts wrap (overlong words are broken), empty days
/// and an empty agenda print "Belum ada acara.", characters missing from the fonts are
/// printed as `�`. Fails only when a font cannot be read or the document would exceed
/// [`crate::pdf::MAX_PAGES`] pages.
pub fn render_agenda(view: &AgendaView, fonts: &Fonts) -> Result<Vec<u8>, PdfError> {
    render_agenda_with_warnings(view, fonts).map(|(bytes, _)| bytes)
}

/// [`render_agenda`], also returning printpdf's warnings.
fn render_agenda_with_warnings(
    view: &AgendaView,
    fonts: &Fonts,
) -> Result<(Vec<u8>, Vec<String>), PdfError> {
    let doc_title = if view.event_title.trim().is_empty() {
        view.title.trim()
    } else {
        view.event_title.trim()
    };
    let mut document = Document::new(doc_title, fonts)?;
    let logo = crate::pdf::flow::add_logo(&mut document, view.letterhead_logo.as_ref())?;
    let pages = {
        let mut layout = Layout::new(document.fonts());
        layout.logo = logo;
        layout.document(view)?;
        layout.finish(view.footer.as_deref())
    };
    document.finish(pages, Paper::A4Portrait, MAX_PAGES)
}

// ---- geometry and type sizes (points) -------------------------------------------------

const MARGIN: f32 = 56.692_91; // 20 mm
const CONTENT_WIDTH: f32 = A4_WIDTH - 2.0 * MARGIN;
const TOP: f32 = MARGIN;
const BOTTOM: f32 = A4_HEIGHT - MARGIN;
/// Footer baseline: 13 mm above the bottom edge, inside the bottom margin.
const FOOTER_BASELINE: f32 = A4_HEIGHT - 36.850_39;

const LINE_FACTOR: f32 = 1.25;
const TITLE_SIZE: f32 = 14.0;
const EVENT_SIZE: f32 = 12.0;
const SUBTITLE_SIZE: f32 = 10.0;
const DAY_SIZE: f32 = 10.5;
const CELL_SIZE: f32 = 9.0;
const NOTE_SIZE: f32 = 7.5;
const FOOTER_SIZE: f32 = 7.5;

const CELL_PAD_X: f32 = 3.5;
const CELL_PAD_Y: f32 = 3.5;
/// Space between two names in a cell, and between a topic and its note.
const ENTRY_GAP: f32 = 2.5;
const DAY_GAP: f32 = 14.0;
/// A heading is not left at the bottom of a page without this much of its first row.
const MIN_FIRST_ROW: f32 = 40.0;
/// An oversize row is split only where at least this much room is left on the page.
const MIN_SPLIT_ROOM: f32 = 40.0;

const BORDER_WIDTH: f32 = 0.6;
const BORDER_GREY: f32 = 0.25;
const HEADER_GREY: f32 = 0.86;
const BREAK_GREY: f32 = 0.94;
const NOTE_GREY: f32 = 0.35;
const TEXT_GREY: f32 = 0.0;

/// Column widths in millimetres; they add up to the 170 mm between the margins.
const COLUMN_MM: [f32; 5] = [23.0, 56.0, 36.0, 30.0, 25.0];
const HEADERS: [&str; 5] = [
    "Waktu",
    "Acara / Materi",
    "Narasumber",
    "Moderator",
    "Tempat",
];
const EMPTY_DAY: &str = "Belum ada acara.";
/// The side of the participants' page QR code, quiet zone included.
const QR_MM: f32 = 32.0;
const QR_TEXT: &str = "Pindai kode QR ini dengan kamera ponsel (Wi-Fi tempat kegiatan), lalu \
                       masukkan kode pada kartu peserta Anda: jadwal dan kehadiran Anda, tes dan \
                       evaluasi, bahan tayang, dan sertifikat Anda.";
/// A day heading longer than this is cut with "…" (it is repeated on every page).
const MAX_HEADING_LINES: usize = 3;

/// Left edges of the five columns, and the right edge of the table.
fn column_edges() -> [f32; 6] {
    let mut edges = [MARGIN; 6];
    for i in 0..5 {
        edges[i + 1] = edges[i] + mm(COLUMN_MM[i]);
    }
    // Absorb rounding so the table ends exactly at the right margin.
    edges[5] = MARGIN + CONTENT_WIDTH;
    edges
}

// ---- cells and rows -------------------------------------------------------------------

/// One line inside a cell; an empty `text` is a vertical gap of `height`.
#[derive(Debug, Clone)]
struct CellLine {
    text: String,
    weight: Weight,
    size: f32,
    grey: f32,
    height: f32,
}

/// A cell spanning the columns `first..=last`.
#[derive(Debug, Clone)]
struct Cell {
    first: usize,
    last: usize,
    align: Align,
    lines: Vec<CellLine>,
}

impl Cell {
    fn content_height(&self) -> f32 {
        self.lines.iter().map(|l| l.height).sum()
    }
}

#[derive(Debug, Clone)]
struct Row {
    cells: Vec<Cell>,
    fill: Option<f32>,
    /// Header rows centre their text vertically; body rows are top-aligned.
    middle: bool,
}

impl Row {
    fn height(&self) -> f32 {
        let content = self
            .cells
            .iter()
            .map(Cell::content_height)
            .fold(0.0_f32, f32::max);
        content + 2.0 * CELL_PAD_Y
    }

    /// Splits off a first part at most `room` tall; the rest (if any) is returned second.
    /// Always moves at least one line, so repeated splitting ends.
    fn split(mut self, room: f32) -> (Row, Option<Row>) {
        let budget = room - 2.0 * CELL_PAD_Y;
        let mut rest_cells = Vec::with_capacity(self.cells.len());
        let mut moved_any = false;
        for cell in &mut self.cells {
            let mut used = 0.0;
            let mut take = 0;
            for line in &cell.lines {
                if used + line.height > budget {
                    break;
                }
                used += line.height;
                take += 1;
            }
            moved_any |= take > 0;
            let rest = cell.lines.split_off(take);
            rest_cells.push(Cell {
                lines: rest,
                ..cell.clone()
            });
        }
        if !moved_any {
            // Not even one line fits: force one line of each cell onto this part.
            for (cell, rest) in self.cells.iter_mut().zip(rest_cells.iter_mut()) {
                if !rest.lines.is_empty() {
                    cell.lines.push(rest.lines.remove(0));
                }
            }
        }
        // A continuation part should not start with a gap.
        for rest in &mut rest_cells {
            while rest.lines.first().is_some_and(|l| l.text.is_empty()) {
                rest.lines.remove(0);
            }
        }
        let rest = if rest_cells.iter().any(|c| !c.lines.is_empty()) {
            Some(Row {
                cells: rest_cells,
                fill: self.fill,
                middle: self.middle,
            })
        } else {
            None
        };
        (self, rest)
    }
}

// ---- layout ---------------------------------------------------------------------------

struct Layout<'f> {
    fonts: &'f FontSet,
    edges: [f32; 6],
    done: Vec<Canvas>,
    page: Canvas,
    y: f32,
    /// The logo's width/height ratio, drawn left of the kop.
    logo: Option<f32>,
}

impl<'f> Layout<'f> {
    fn new(fonts: &'f FontSet) -> Self {
        Self {
            fonts,
            edges: column_edges(),
            done: Vec::new(),
            page: Canvas::new(),
            y: TOP,
            logo: None,
        }
    }

    fn new_page(&mut self) -> Result<(), PdfError> {
        if self.done.len() + 1 >= MAX_PAGES {
            return Err(PdfError::TooManyPages { max: MAX_PAGES });
        }
        self.done.push(std::mem::take(&mut self.page));
        self.y = TOP;
        Ok(())
    }

    fn at_page_top(&self) -> bool {
        self.y <= TOP
    }

    fn line_height(size: f32) -> f32 {
        size * LINE_FACTOR
    }

    /// Baseline of a line of `size` points in a line box of `height` starting at `top`.
    fn baseline(&self, weight: Weight, size: f32, top: f32, height: f32) -> f32 {
        let face = self.fonts.face(weight);
        let (ascent, descent) = (face.ascent(size), face.descent(size));
        top + (height - ascent - descent) / 2.0 + ascent
    }

    /// Centred, wrapping text across the content width; advances `y`, and goes on on a
    /// new page if it is that long.
    fn centred(&mut self, text: &str, weight: Weight, size: f32) -> Result<(), PdfError> {
        self.centred_within(text, weight, size, CONTENT_WIDTH)
    }

    /// [`Self::centred`], wrapping at `width` (the kop keeps clear of its logo).
    fn centred_within(
        &mut self,
        text: &str,
        weight: Weight,
        size: f32,
        width: f32,
    ) -> Result<(), PdfError> {
        let lines = self.fonts.face(weight).wrap(text, size, width);
        let height = Self::line_height(size);
        let centre = MARGIN + CONTENT_WIDTH / 2.0;
        for line in lines {
            if self.y + height > BOTTOM && !self.at_page_top() {
                self.new_page()?;
            }
            let baseline = self.baseline(weight, size, self.y, height);
            self.page.text(
                self.fonts,
                centre,
                baseline,
                Align::Center,
                weight,
                size,
                TEXT_GREY,
                &line,
            );
            self.y += height;
        }
        Ok(())
    }

    fn document(&mut self, view: &AgendaView) -> Result<(), PdfError> {
        self.front_matter(view)?;
        if view.days.is_empty() {
            self.y += 6.0;
            self.centred(EMPTY_DAY, Weight::Regular, SUBTITLE_SIZE)?;
        }
        for day in &view.days {
            self.day(day)?;
        }
        if let Some(url) = view.participant_url.as_deref().filter(|u| !u.is_empty()) {
            self.participant_qr(url)?;
        }
        Ok(())
    }

    /// The participants' page: a QR code of `url` at the left, what it is for beside it,
    /// and the address under that for those who type it. Kept whole on one page.
    fn participant_qr(&mut self, url: &str) -> Result<(), PdfError> {
        let Some(qr) = crate::badges::encode(url) else {
            return Ok(());
        };
        let side = mm(QR_MM);
        if self.y + DAY_GAP + side > BOTTOM {
            self.new_page()?;
        } else {
            self.y += DAY_GAP;
        }
        let top = self.y;
        crate::badges::draw_qr(&mut self.page, &qr, MARGIN, top, side);
        let left = MARGIN + side + 8.0;
        let width = CONTENT_WIDTH - side - 8.0;
        let mut y = top + mm(4.0);
        for (text, weight, size) in [
            ("Halaman Peserta", Weight::Bold, DAY_SIZE),
            (QR_TEXT, Weight::Regular, CELL_SIZE),
            (url, Weight::Bold, CELL_SIZE),
        ] {
            let height = Self::line_height(size);
            for line in self.fonts.face(weight).wrap(text, size, width) {
                let baseline = self.baseline(weight, size, y, height);
                self.page.text(
                    self.fonts,
                    left,
                    baseline,
                    Align::Left,
                    weight,
                    size,
                    TEXT_GREY,
                    &line,
                );
                y += height;
            }
            y += ENTRY_GAP;
        }
        self.y = (top + side).max(y);
        Ok(())
    }

    fn front_matter(&mut self, view: &AgendaView) -> Result<(), PdfError> {
        let letterhead = crate::pdf::flow::kop_lines(&view.letterhead, &view.letterhead_details);
        if !letterhead.is_empty() {
            let top = self.y;
            let (logo_w, logo_h) = self
                .logo
                .map(crate::pdf::flow::logo_box)
                .unwrap_or((0.0, 0.0));
            let inset = if self.logo.is_some() {
                logo_w + crate::pdf::flow::LOGO_GAP
            } else {
                0.0
            };
            for (line, weight, size) in &letterhead {
                self.centred_within(line, *weight, *size, CONTENT_WIDTH - 2.0 * inset)?;
            }
            if self.logo.is_some() {
                let y = top + ((self.y - top - logo_h) / 2.0).max(0.0);
                self.page.image(MARGIN, y, logo_w, logo_h);
                self.y = self.y.max(y + logo_h);
            }
            // The kop surat double rule: thick, then thin.
            if self.y + 8.0 > BOTTOM {
                self.new_page()?;
            }
            self.y += 4.0;
            let (left, right) = (MARGIN, MARGIN + CONTENT_WIDTH);
            self.page.line(left, self.y, right, self.y, 1.8, 0.0);
            self.page
                .line(left, self.y + 2.8, right, self.y + 2.8, 0.6, 0.0);
            self.y += 2.8 + 16.0;
        }
        let before = self.y;
        if !view.title.trim().is_empty() {
            self.centred(&view.title, Weight::Bold, TITLE_SIZE)?;
            self.y += 3.0;
        }
        if !view.event_title.trim().is_empty() {
            self.centred(&view.event_title, Weight::Bold, EVENT_SIZE)?;
            self.y += 2.0;
        }
        for line in &view.subtitle {
            self.centred(line, Weight::Regular, SUBTITLE_SIZE)?;
        }
        if self.y > before {
            self.y += 10.0;
        }
        Ok(())
    }

    /// The wrapped lines of a day heading, at most [`MAX_HEADING_LINES`]; a continued
    /// heading always keeps its "(lanjutan)".
    fn heading_lines(&self, heading: &str, continued: bool) -> Vec<String> {
        const CONTINUED: &str = "(lanjutan)";
        let face = &self.fonts.bold;
        let mut lines = face.wrap_at_most(heading, DAY_SIZE, CONTENT_WIDTH, MAX_HEADING_LINES);
        if !continued {
            return lines;
        }
        let Some(last) = lines.pop() else {
            return vec![CONTINUED.to_string()];
        };
        let joined = format!("{last} {CONTINUED}");
        if face.width(&joined, DAY_SIZE) <= CONTENT_WIDTH {
            lines.push(joined);
        } else if lines.len() + 2 <= MAX_HEADING_LINES {
            lines.push(last);
            lines.push(CONTINUED.to_string());
        } else {
            let room = CONTENT_WIDTH - face.width(&format!(" {CONTINUED}"), DAY_SIZE);
            let cut = face.fit_one_line_cut(&last, DAY_SIZE, room);
            lines.push(format!("{cut} {CONTINUED}"));
        }
        lines
    }

    fn day_heading(&mut self, heading: &str, continued: bool) {
        let lines = self.heading_lines(heading, continued);
        if lines.is_empty() {
            return;
        }
        let size = DAY_SIZE;
        let height = Self::line_height(size);
        for line in lines {
            let baseline = self.baseline(Weight::Bold, size, self.y, height);
            self.page.text(
                self.fonts,
                MARGIN,
                baseline,
                Align::Left,
                Weight::Bold,
                size,
                TEXT_GREY,
                &line,
            );
            self.y += height;
        }
        self.y += 4.0;
    }

    fn day_heading_height(&self, heading: &str, continued: bool) -> f32 {
        let lines = self.heading_lines(heading, continued).len();
        if lines == 0 {
            return 0.0;
        }
        lines as f32 * Self::line_height(DAY_SIZE) + 4.0
    }

    fn day(&mut self, day: &AgendaDay) -> Result<(), PdfError> {
        let header = self.header_row();
        let mut rows: Vec<Row> = day.rows.iter().map(|r| self.body_row(r)).collect();
        if rows.is_empty() {
            rows.push(self.empty_row());
        }

        // Keep the heading with the table header and the start of the first row.
        if !self.at_page_top() {
            self.y += DAY_GAP;
        }
        let first = rows.first().map_or(0.0, Row::height).min(MIN_FIRST_ROW);
        let need = self.day_heading_height(&day.heading, false) + header.height() + first;
        if !self.at_page_top() && self.y + need > BOTTOM {
            self.new_page()?;
        }
        self.day_heading(&day.heading, false);
        self.draw_row(&header);

        // Room on a page that starts with the continued heading and the table header.
        let fresh_room =
            BOTTOM - TOP - self.day_heading_height(&day.heading, true) - header.height();

        for row in rows {
            let height = row.height();
            if self.y + height <= BOTTOM {
                self.draw_row(&row);
                continue;
            }
            if height <= fresh_room {
                self.continue_day(&day.heading, &header)?;
                self.draw_row(&row);
                continue;
            }
            // Taller than any page: split it, starting here if there is room enough.
            let mut rest = Some(row);
            while let Some(row) = rest.take() {
                if BOTTOM - self.y < MIN_SPLIT_ROOM.min(row.height()) {
                    self.continue_day(&day.heading, &header)?;
                }
                let (part, more) = row.split(BOTTOM - self.y);
                self.draw_row(&part);
                if more.is_some() {
                    self.continue_day(&day.heading, &header)?;
                }
                rest = more;
            }
        }
        Ok(())
    }

    fn continue_day(&mut self, heading: &str, header: &Row) -> Result<(), PdfError> {
        self.new_page()?;
        self.day_heading(heading, true);
        self.draw_row(header);
        Ok(())
    }

    fn cell_width(&self, first: usize, last: usize) -> f32 {
        self.edges[last + 1] - self.edges[first] - 2.0 * CELL_PAD_X
    }

    /// Wrapped lines of `text` for a cell of columns `first..=last`.
    fn lines(
        &self,
        text: &str,
        first: usize,
        last: usize,
        weight: Weight,
        size: f32,
        grey: f32,
    ) -> Vec<CellLine> {
        let width = self.cell_width(first, last);
        self.fonts
            .face(weight)
            .wrap(text, size, width)
            .into_iter()
            .map(|text| CellLine {
                text,
                weight,
                size,
                grey,
                height: Self::line_height(size),
            })
            .collect()
    }

    fn gap(height: f32) -> CellLine {
        CellLine {
            text: String::new(),
            weight: Weight::Regular,
            size: CELL_SIZE,
            grey: TEXT_GREY,
            height,
        }
    }

    /// Lines for a list of names: each name wraps on its own, with a gap between names.
    fn name_lines(&self, names: &[String], first: usize, last: usize) -> Vec<CellLine> {
        let mut out = Vec::new();
        for name in names {
            let lines = self.lines(name, first, last, Weight::Regular, CELL_SIZE, TEXT_GREY);
            if lines.is_empty() {
                continue;
            }
            if !out.is_empty() {
                out.push(Self::gap(ENTRY_GAP));
            }
            out.extend(lines);
        }
        out
    }

    fn header_row(&self) -> Row {
        let cells = HEADERS
            .iter()
            .enumerate()
            .map(|(i, title)| Cell {
                first: i,
                last: i,
                align: Align::Center,
                lines: self.lines(title, i, i, Weight::Bold, CELL_SIZE, TEXT_GREY),
            })
            .collect();
        Row {
            cells,
            fill: Some(HEADER_GREY),
            middle: true,
        }
    }

    fn empty_row(&self) -> Row {
        Row {
            cells: vec![Cell {
                first: 0,
                last: 4,
                align: Align::Center,
                lines: self.lines(EMPTY_DAY, 0, 4, Weight::Regular, CELL_SIZE, NOTE_GREY),
            }],
            fill: None,
            middle: false,
        }
    }

    fn body_row(&self, row: &AgendaRow) -> Row {
        let is_break = row.kind == RowKind::Break;
        let (topic_last, align) = if is_break {
            (3, Align::Center)
        } else {
            (1, Align::Left)
        };
        let mut topic = self.topic_lines(row, topic_last);
        let time = self.text_cell(&row.time, 0);
        let room = self.text_cell(&row.room, 4);
        let cells = if is_break {
            self.break_names(row, &mut topic);
            vec![
                time,
                Cell {
                    first: 1,
                    last: 3,
                    align,
                    lines: topic,
                },
                room,
            ]
        } else {
            vec![
                time,
                Cell {
                    first: 1,
                    last: 1,
                    align,
                    lines: topic,
                },
                Cell {
                    first: 2,
                    last: 2,
                    align: Align::Left,
                    lines: self.name_lines(&row.speakers, 2, 2),
                },
                Cell {
                    first: 3,
                    last: 3,
                    align: Align::Left,
                    lines: self.name_lines(&row.moderators, 3, 3),
                },
                room,
            ]
        };
        Row {
            cells,
            fill: is_break.then_some(BREAK_GREY),
            middle: false,
        }
    }

    /// The topic, and its note in small grey type under it.
    fn topic_lines(&self, row: &AgendaRow, topic_last: usize) -> Vec<CellLine> {
        let mut topic = self.lines(
            &row.topic,
            1,
            topic_last,
            Weight::Regular,
            CELL_SIZE,
            TEXT_GREY,
        );
        if let Some(note) = row.note.as_deref() {
            let note = self.lines(note, 1, topic_last, Weight::Regular, NOTE_SIZE, NOTE_GREY);
            if !note.is_empty() && !topic.is_empty() {
                topic.push(Self::gap(1.0));
            }
            topic.extend(note);
        }
        topic
    }

    /// A left-aligned cell of one column in regular type.
    fn text_cell(&self, text: &str, column: usize) -> Cell {
        Cell {
            first: column,
            last: column,
            align: Align::Left,
            lines: self.lines(text, column, column, Weight::Regular, CELL_SIZE, TEXT_GREY),
        }
    }

    /// Names on a break row are unusual, but they are printed under the topic, not
    /// dropped.
    fn break_names(&self, row: &AgendaRow, topic: &mut Vec<CellLine>) {
        for (label, names) in [
            ("Narasumber", &row.speakers),
            ("Moderator", &row.moderators),
        ] {
            let names: Vec<&str> = names
                .iter()
                .map(|n| n.trim())
                .filter(|n| !n.is_empty())
                .collect();
            if !names.is_empty() {
                let text = format!("{label}: {}", names.join("; "));
                topic.push(Self::gap(1.0));
                topic.extend(self.lines(&text, 1, 3, Weight::Regular, NOTE_SIZE, NOTE_GREY));
            }
        }
    }

    /// Draws `row` at `y` (fill, text, borders) and advances `y`.
    fn draw_row(&mut self, row: &Row) {
        let top = self.y;
        let height = row.height();
        let bottom = top + height;
        let (left, right) = (self.edges[0], self.edges[5]);
        if let Some(grey) = row.fill {
            self.page.fill(left, top, right - left, height, grey);
        }
        for cell in &row.cells {
            let x0 = self.edges[cell.first];
            let x1 = self.edges[cell.last + 1];
            let mut line_top = top + CELL_PAD_Y;
            if row.middle {
                line_top += (height - 2.0 * CELL_PAD_Y - cell.content_height()) / 2.0;
            }
            for line in &cell.lines {
                if !line.text.is_empty() {
                    let baseline = self.baseline(line.weight, line.size, line_top, line.height);
                    let x = match cell.align {
                        Align::Left => x0 + CELL_PAD_X,
                        Align::Center => (x0 + x1) / 2.0,
                        Align::Right => x1 - CELL_PAD_X,
                    };
                    self.page.text(
                        self.fonts,
                        x,
                        baseline,
                        cell.align,
                        line.weight,
                        line.size,
                        line.grey,
                        &line.text,
                    );
                }
                line_top += line.height;
            }
        }
        // Borders: top, bottom, the outer edges and every edge not inside a cell.
        self.page
            .line(left, top, right, top, BORDER_WIDTH, BORDER_GREY);
        self.page
            .line(left, bottom, right, bottom, BORDER_WIDTH, BORDER_GREY);
        for (i, &x) in self.edges.iter().enumerate() {
            let inside = row.cells.iter().any(|c| c.first < i && i <= c.last);
            if !inside {
                self.page.line(x, top, x, bottom, BORDER_WIDTH, BORDER_GREY);
            }
        }
        self.y = bottom;
    }

    /// Adds the footer and "Halaman N dari M" to every page and returns the pages.
    fn finish(mut self, footer: Option<&str>) -> Vec<Canvas> {
        self.done.push(std::mem::take(&mut self.page));
        let total = self.done.len();
        let fonts = self.fonts;
        let right = MARGIN + CONTENT_WIDTH;
        for (i, page) in self.done.iter_mut().enumerate() {
            let label = format!("Halaman {} dari {}", i + 1, total);
            let label_width = fonts.regular.width(&label, FOOTER_SIZE);
            page.text(
                fonts,
                right,
                FOOTER_BASELINE,
                Align::Right,
                Weight::Regular,
                FOOTER_SIZE,
                NOTE_GREY,
                &label,
            );
            if let Some(footer) = footer {
                let room = CONTENT_WIDTH - label_width - 12.0;
                let text = fonts.regular.fit_one_line(footer, FOOTER_SIZE, room);
                page.text(
                    fonts,
                    MARGIN,
                    FOOTER_BASELINE,
                    Align::Left,
                    Weight::Regular,
                    FOOTER_SIZE,
                    NOTE_GREY,
                    &text,
                );
            }
        }
        self.done
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(topic: &str, kind: RowKind) -> AgendaRow {
        AgendaRow {
            time: "08.00–09.00".into(),
            topic: topic.into(),
            note: Some("2 JP".into()),
            speakers: vec!["Enrico Adrian Ramandha, S.Kom.".into()],
            moderators: vec!["Dra. Sri Wahyuni, M.Si.".into()],
            room: "Gedung Riptaloka".into(),
            kind,
        }
    }

    #[test]
    fn printpdf_reports_no_warnings() {
        let view = AgendaView {
            letterhead: vec!["PEMERINTAH KABUPATEN GROBOGAN".into()],
            letterhead_details: Vec::new(),
            letterhead_logo: None,
            title: "JADWAL ACARA".into(),
            event_title: "Bimbingan Teknis".into(),
            subtitle: vec!["Gedung Riptaloka".into()],
            days: vec![AgendaDay {
                heading: "Hari ke-1".into(),
                rows: vec![
                    row("Pembukaan", RowKind::Opening),
                    row("Istirahat", RowKind::Break),
                ],
            }],
            footer: Some("Dicetak dari Bintek".into()),
            participant_url: Some("http://192.168.1.5:7878/p/".into()),
        };
        let (bytes, warnings) =
            render_agenda_with_warnings(&view, &Fonts::dejavu_sans()).expect("render");
        assert!(bytes.starts_with(b"%PDF-"));
        assert!(warnings.is_empty(), "{warnings:#?}");
    }

    #[test]
    fn oversize_row_is_split_without_losing_lines() {
        let fonts = Fonts::dejavu_sans();
        let document = Document::new("t", &fonts).expect("fonts");
        let layout = Layout::new(document.fonts());
        let long = "kata ".repeat(3000);
        let r = layout.body_row(&row(&long, RowKind::Material));
        let text_lines = |r: &Row| -> usize {
            r.cells
                .iter()
                .map(|c| c.lines.iter().filter(|l| !l.text.is_empty()).count())
                .sum()
        };
        let total = text_lines(&r);
        let mut parts = 0;
        let mut seen = 0;
        let mut rest = Some(r);
        while let Some(r) = rest.take() {
            let (part, more) = r.split(300.0);
            assert!(part.height() <= 300.0 + 0.01);
            seen += text_lines(&part);
            parts += 1;
            rest = more;
        }
        assert!(parts > 3);
        assert_eq!(seen, total);
        // A budget smaller than one line still makes progress.
        let r = layout.body_row(&row("a b c", RowKind::Material));
        let (part, _) = r.split(1.0);
        assert!(part.cells.iter().any(|c| !c.lines.is_empty()));
    }

    #[test]
    fn bad_fonts_are_errors() {
        let fonts = Fonts {
            regular: b"not a font".to_vec(),
            bold: Vec::new(),
        };
        let err = render_agenda(&AgendaView::default(), &fonts).unwrap_err();
        assert!(err.to_string().contains("Huruf biasa"), "{err}");
    }
}
