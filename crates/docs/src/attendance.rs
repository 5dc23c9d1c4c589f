//! Attendance documents of a workshop, from plain structs: the sign-in sheet (*daftar
//! hadir*) and the attendance recap (*rekap kehadiran*).
//!
//! [`render_attendance_sheet`] lays out an A4 portrait document (20 mm left margin for
//! binding, 15 mm on the other sides):
//!
//! - page 1 starts with the *kop surat* (letterhead lines centred, the first one bold and
//!   larger, a thick and a thin rule under them), the title, the event title and the
//!   info lines ("Hari/Tanggal : Selasa, 17 September 2019"), labels aligned;
//! - a bordered table **No | Nama | NIP | Jabatan | OPD | Tanda Tangan** follows, every
//!   row at least 10 mm tall so that there is room to sign. The signature column is
//!   printed as two halves: odd row numbers get "1. ……" in the left half, even ones
//!   "2. ……" in the right half, the classic alternating layout that keeps neighbours'
//!   signatures apart. An empty NIP prints "-";
//! - `blank_rows` numbered empty rows (at most 200) follow the participants, for
//!   walk-ins;
//! - the *filled* variant adds a narrow **Hadir** column before the signatures with the
//!   check-in time, or "—" for who did not check in, and the line "Hadir: X dari Y
//!   peserta" after the table;
//! - the sign-off block ("Mengetahui," the position, room to sign, the name bold and
//!   underlined, "NIP. …") sits at the right after the table, or on the next page as a
//!   whole when it does not fit;
//! - a row is never split across pages; every following page starts with a one-line
//!   reminder of the title and the event and the repeated header row; every page ends
//!   with the footer text on the left and "Halaman N dari M" on the right.
//!
//! [`render_recap`] is the landscape recap: attendance per session, then per OPD and
//! session (see its documentation).
//!
//! Limits that keep absurd input printable: a cell shows at most five lines (the last
//! then ends with "…"), the event title four, a letterhead line and an info value three.
//! The sheet may have up to 3,000 pages (20,000 participants take about 850 to 1,700,
//! depending on how many lines their rows need; more is [`PdfError::TooManyPages`]), the
//! recap up to [`crate::pdf::MAX_PAGES`].
//!
//! Text that the fonts cannot show is replaced, not dropped: see [`Fonts`].

mod recap;

use serde::{Deserialize, Serialize};

use crate::pdf::canvas::{mm, Align, Document, Paper, Weight};
use crate::pdf::flow::{
    Cell, Flow, Geometry, Line, Row, Table, VAlign, CELL_PAD_X, HEADER_GREY, NOTE_GREY, TEXT_GREY,
};
pub use crate::pdf::{Fonts, PdfError};
pub use recap::render_recap;

/// The signature block at the end of a sheet or recap.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, ts_rs::TS)]
pub struct SignOff {
    /// E.g. "Purwodadi, 17 September 2019"; printed above "Mengetahui," (skipped when
    /// blank).
    pub place_date: String,
    /// E.g. "Kepala Dinas Komunikasi dan Informatika"; wraps.
    pub position: String,
    /// E.g. "Dr. Ir. H. Bambang Sutrisno, M.M.", printed bold and underlined.
    pub name: String,
    /// Already formatted, e.g. "19700101 199503 1 001"; blank means no "NIP." line.
    pub nip: String,
}

/// Everything printed on a sign-in sheet. Plain data: the caller formats and sorts.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, ts_rs::TS)]
pub struct SheetView {
    /// Kop surat lines, as in [`crate::agenda::AgendaView::letterhead`]; may be empty.
    pub letterhead: Vec<String>,
    /// As in [`crate::agenda::AgendaView::letterhead_details`].
    #[serde(default)]
    pub letterhead_details: Vec<String>,
    /// As in [`crate::agenda::AgendaView::letterhead_logo`].
    #[serde(default)]
    pub letterhead_logo: Option<crate::logo::Logo>,
    /// E.g. "DAFTAR HADIR PESERTA".
    pub title: String,
    /// The event title; wraps, at most four lines.
    pub event_title: String,
    /// Label/value lines under the title, e.g. `("Hari/Tanggal", "Selasa, 17 September
    /// 2019")`, `("Tempat", "Gedung Riptaloka")`.
    pub info: Vec<(String, String)>,
    /// The participants, in the order they are printed.
    pub rows: Vec<SheetRow>,
    /// Numbered empty rows after the list, for walk-ins; at most 200 are printed.
    pub blank_rows: usize,
    /// The filled variant: a "Hadir" column with the check-in times and a "Hadir: X dari
    /// Y peserta" line after the table.
    pub filled: bool,
    /// The "Mengetahui," block at the bottom right after the table.
    pub signoff: Option<SignOff>,
    /// Small print at the bottom left of every page (cut with "…" if it does not fit on
    /// one line). "Halaman N dari M" is always printed at the bottom right.
    pub footer: Option<String>,
}

/// One participant on a sign-in sheet.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, ts_rs::TS)]
pub struct SheetRow {
    /// The name with academic titles.
    pub name: String,
    /// Formatted NIP, or empty ("-" is printed).
    pub nip: String,
    /// Jabatan; may be empty.
    pub position: String,
    /// The participant's OPD.
    pub opd: String,
    /// Check-in time such as "08.12"; only printed on the filled variant. `None` or a
    /// blank text counts as not present.
    pub checked_in_at: Option<String>,
}

/// Everything printed on an attendance recap. Plain data: the caller counts and sorts.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, ts_rs::TS)]
pub struct RecapView {
    /// Kop surat lines, as in [`crate::agenda::AgendaView::letterhead`]; may be empty.
    pub letterhead: Vec<String>,
    /// As in [`crate::agenda::AgendaView::letterhead_details`].
    #[serde(default)]
    pub letterhead_details: Vec<String>,
    /// As in [`crate::agenda::AgendaView::letterhead_logo`].
    #[serde(default)]
    pub letterhead_logo: Option<crate::logo::Logo>,
    /// E.g. "REKAP KEHADIRAN PESERTA".
    pub title: String,
    /// The event title.
    pub event_title: String,
    /// Centred lines under the event title (venue, dates).
    pub subtitle: Vec<String>,
    /// The sessions where attendance was taken, in order.
    pub sessions: Vec<RecapSession>,
    /// One line per OPD, in the order they are printed.
    pub opds: Vec<RecapOpd>,
    /// The "Mengetahui," block after the tables.
    pub signoff: Option<SignOff>,
    /// Small print at the bottom left of every page.
    pub footer: Option<String>,
}

/// One session of a recap.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, ts_rs::TS)]
pub struct RecapSession {
    /// Short column label, e.g. "H1-S2".
    pub label: String,
    /// E.g. "Selasa, 17 Sep · 08.00–10.00 · Kebijakan Media Sosial Pemerintah".
    pub detail: String,
    /// Participants expected in the session.
    pub registered: u32,
    /// Participants present.
    pub present: u32,
}

/// One OPD's line of a recap.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, ts_rs::TS)]
pub struct RecapOpd {
    /// The OPD's name.
    pub name: String,
    /// Its registered participants.
    pub registered: u32,
    /// Present per session, in the order of [`RecapView::sessions`]; missing entries
    /// count as 0, extra ones are ignored.
    pub present: Vec<u32>,
}

/// Renders the sign-in sheet as PDF bytes (A4 portrait, fonts embedded and subset).
///
/// Never panics, whatever the text or the number of rows: long texts wrap and are cut with
/// "…" after five lines, an empty list prints "Belum ada peserta." (unless there are
/// blank rows), characters missing from the fonts are printed as `�`. Fails only when a
/// font cannot be read or the sheet would exceed 3,000 pages.
pub fn render_attendance_sheet(view: &SheetView, fonts: &Fonts) -> Result<Vec<u8>, PdfError> {
    render_sheet_with_warnings(view, fonts).map(|(bytes, _)| bytes)
}

/// [`render_attendance_sheet`], also returning printpdf's warnings.
fn render_sheet_with_warnings(
    view: &SheetView,
    fonts: &Fonts,
) -> Result<(Vec<u8>, Vec<String>), PdfError> {
    let mut document = Document::new(doc_title(&view.title, &view.event_title), fonts)?;
    let logo = crate::pdf::flow::add_logo(&mut document, view.letterhead_logo.as_ref())?;
    let pages = {
        let mut flow = Flow::new(document.fonts(), sheet_geometry(), SHEET_MAX_PAGES);
        flow.logo = logo;
        sheet(&mut flow, view)?;
        flow.finish(view.footer.as_deref())
    };
    document.finish(pages, Paper::A4Portrait, SHEET_MAX_PAGES)
}

fn doc_title<'a>(title: &'a str, event_title: &'a str) -> &'a str {
    if event_title.trim().is_empty() {
        title.trim()
    } else {
        event_title.trim()
    }
}

// ---- geometry and type sizes (points) -------------------------------------------------

/// 20,000 participants take about 850 (one-line rows) to 1,700 pages (five-line rows).
const SHEET_MAX_PAGES: usize = 3_000;
const MAX_BLANK_ROWS: usize = 200;
/// Lines a table cell shows at most; the last one then ends with "…".
const MAX_CELL_LINES: usize = 5;
const MAX_EVENT_LINES: usize = 4;
const MAX_INFO_LINES: usize = 3;

fn sheet_geometry() -> Geometry {
    Geometry::new(Paper::A4Portrait, (20.0, 15.0), 15.0, 20.0, 12.0)
}

const TITLE_SIZE: f32 = 14.0;
const EVENT_SIZE: f32 = 12.0;
const INFO_SIZE: f32 = 10.0;
const CELL_SIZE: f32 = 8.0;
const CONTINUED_SIZE: f32 = 8.0;
const SIGNOFF_SIZE: f32 = 10.0;
/// The minimum row height: 10 mm, room for a signature.
const SHEET_ROW_MM: f32 = 10.0;
/// Room for the signature in the sign-off block.
const SIGNATURE_MM: f32 = 20.0;
const SIGNOFF_WIDTH_MM: f32 = 80.0;
/// Space between a table and the sign-off block, and before the summary line.
const SIGNOFF_GAP: f32 = 16.0;
const SUMMARY_GAP: f32 = 8.0;

const EMPTY_SHEET: &str = "Belum ada peserta.";

/// Column indices of the sheet table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Cols {
    no: usize,
    name: usize,
    nip: usize,
    position: usize,
    opd: usize,
    present: Option<usize>,
    sig_left: usize,
    sig_right: usize,
}

impl Cols {
    fn new(filled: bool) -> Self {
        let present = filled.then_some(5);
        let sig_left = if filled { 6 } else { 5 };
        Self {
            no: 0,
            name: 1,
            nip: 2,
            position: 3,
            opd: 4,
            present,
            sig_left,
            sig_right: sig_left + 1,
        }
    }
}

/// The sheet table: column widths in millimetres adding up to the 175 mm between the
/// margins; the No column grows for long numbers, at the expense of Nama.
fn sheet_table(flow: &Flow<'_>, filled: bool, last_number: usize) -> (Table, Cols) {
    let cols = Cols::new(filled);
    let mut widths_mm: Vec<f32> = if filled {
        vec![9.0, 36.0, 24.0, 29.0, 32.0, 12.0, 16.5, 16.5]
    } else {
        vec![9.0, 40.0, 24.0, 32.0, 36.0, 17.0, 17.0]
    };
    let number = last_number.max(1).to_string();
    let need = flow.fonts.regular.width(&number, CELL_SIZE) + 2.0 * CELL_PAD_X + 1.0;
    let extra = (need - mm(widths_mm[cols.no])).max(0.0) * 25.4 / 72.0;
    widths_mm[cols.no] += extra;
    widths_mm[cols.name] -= extra;
    let scale = flow.geom.width() / mm(widths_mm.iter().sum());
    let widths: Vec<f32> = widths_mm.iter().map(|w| mm(*w) * scale).collect();
    let table = Table::new(flow.geom.left, &widths, vec![cols.sig_right]);
    (table, cols)
}

fn cell(first: usize, last: usize, align: Align, valign: VAlign, lines: Vec<Line>) -> Cell {
    Cell {
        first,
        last,
        align,
        valign,
        lines,
    }
}

/// A header row: bold, centred, shaded.
fn header_row(flow: &Flow<'_>, table: &Table, titles: &[(usize, usize, &str)]) -> Row {
    let cells = titles
        .iter()
        .map(|&(first, last, title)| {
            let width = table.text_width(first, last);
            let lines = flow.lines(title, Weight::Bold, CELL_SIZE, TEXT_GREY, width, 3);
            cell(first, last, Align::Center, VAlign::Middle, lines)
        })
        .collect();
    Row {
        cells,
        fill: Some(HEADER_GREY),
        min_height: 0.0,
    }
}

fn sheet_header(flow: &Flow<'_>, table: &Table, cols: Cols) -> Row {
    let mut titles = vec![
        (cols.no, cols.no, "No"),
        (cols.name, cols.name, "Nama"),
        (cols.nip, cols.nip, "NIP"),
        (cols.position, cols.position, "Jabatan"),
        (cols.opd, cols.opd, "OPD"),
    ];
    if let Some(present) = cols.present {
        titles.push((present, present, "Hadir"));
    }
    titles.push((cols.sig_left, cols.sig_right, "Tanda Tangan"));
    header_row(flow, table, &titles)
}

/// Lines of a plain body cell in column `col`.
fn body_lines(flow: &Flow<'_>, table: &Table, col: usize, text: &str) -> Vec<Line> {
    let width = table.text_width(col, col);
    flow.lines(
        text,
        Weight::Regular,
        CELL_SIZE,
        TEXT_GREY,
        width,
        MAX_CELL_LINES,
    )
}

/// A NIP that does not fit on one line breaks after its first group (the birth date),
/// never inside "1 001".
fn nip_lines(flow: &Flow<'_>, table: &Table, col: usize, nip: &str) -> Vec<Line> {
    let nip = nip.trim();
    if nip.is_empty() {
        return body_lines(flow, table, col, "-");
    }
    let width = table.text_width(col, col);
    let face = &flow.fonts.regular;
    let clean = face.clean(nip);
    if face.width(&clean, CELL_SIZE) <= width || !clean.contains(' ') {
        return body_lines(flow, table, col, nip);
    }
    let text = clean.replacen(' ', "\n", 1);
    flow.lines(&text, Weight::Regular, CELL_SIZE, TEXT_GREY, width, 3)
}

/// The signature half of row `number`: odd numbers in the left half, even ones in the
/// right half, "N. " followed by dots to the end of the half.
fn signature_cell(flow: &Flow<'_>, table: &Table, cols: Cols, number: usize) -> Cell {
    let col = if number % 2 == 1 {
        cols.sig_left
    } else {
        cols.sig_right
    };
    let width = table.text_width(col, col);
    let face = &flow.fonts.regular;
    let prefix = format!("{number}. ");
    let dot = face.width(".", CELL_SIZE).max(0.1);
    let room = width - face.width(&prefix, CELL_SIZE);
    let text = if room >= 3.0 * dot {
        // At most 200 dots, whatever the metrics.
        let dots = ((room / dot).floor() as usize).min(200);
        format!("{prefix}{}", ".".repeat(dots))
    } else {
        face.fit_one_line(prefix.trim_end(), CELL_SIZE, width)
    };
    let line = Line {
        text,
        weight: Weight::Regular,
        size: CELL_SIZE,
        grey: TEXT_GREY,
    };
    cell(col, col, Align::Left, VAlign::Bottom, vec![line])
}

fn number_cell(flow: &Flow<'_>, table: &Table, cols: Cols, number: usize) -> Cell {
    let lines = body_lines(flow, table, cols.no, &number.to_string());
    cell(cols.no, cols.no, Align::Center, VAlign::Middle, lines)
}

/// Whether a participant checked in: a time that is not blank.
fn checked_in(row: &SheetRow) -> Option<&str> {
    row.checked_in_at
        .as_deref()
        .map(str::trim)
        .filter(|t| !t.is_empty())
}

fn participant_row(
    flow: &Flow<'_>,
    table: &Table,
    cols: Cols,
    number: usize,
    row: &SheetRow,
) -> Row {
    let left = |col: usize, lines: Vec<Line>| cell(col, col, Align::Left, VAlign::Middle, lines);
    let mut cells = vec![
        number_cell(flow, table, cols, number),
        left(cols.name, body_lines(flow, table, cols.name, &row.name)),
        left(cols.nip, nip_lines(flow, table, cols.nip, &row.nip)),
        left(
            cols.position,
            body_lines(flow, table, cols.position, &row.position),
        ),
        left(cols.opd, body_lines(flow, table, cols.opd, &row.opd)),
    ];
    if let Some(col) = cols.present {
        let lines = match checked_in(row) {
            Some(time) => body_lines(flow, table, col, time),
            None => flow.lines(
                "—",
                Weight::Regular,
                CELL_SIZE,
                NOTE_GREY,
                table.text_width(col, col),
                1,
            ),
        };
        cells.push(cell(col, col, Align::Center, VAlign::Middle, lines));
    }
    cells.push(signature_cell(flow, table, cols, number));
    Row {
        cells,
        fill: None,
        min_height: mm(SHEET_ROW_MM),
    }
}

fn blank_row(flow: &Flow<'_>, table: &Table, cols: Cols, number: usize) -> Row {
    Row {
        cells: vec![
            number_cell(flow, table, cols, number),
            signature_cell(flow, table, cols, number),
        ],
        fill: None,
        min_height: mm(SHEET_ROW_MM),
    }
}

fn empty_row(flow: &Flow<'_>, table: &Table, text: &str) -> Row {
    let last = table.last_column();
    let width = table.text_width(0, last);
    let lines = flow.lines(text, Weight::Regular, CELL_SIZE, NOTE_GREY, width, 2);
    Row {
        cells: vec![cell(0, last, Align::Center, VAlign::Middle, lines)],
        fill: None,
        min_height: mm(SHEET_ROW_MM),
    }
}

/// The one-line reminder at the top of every page after the first: "TITLE — event".
fn continued_heading(flow: &mut Flow<'_>, title: &str, event_title: &str) {
    let parts: Vec<&str> = [title.trim(), event_title.trim()]
        .into_iter()
        .filter(|p| !p.is_empty())
        .collect();
    if parts.is_empty() {
        return;
    }
    let text =
        flow.fonts
            .regular
            .fit_one_line(&parts.join(" — "), CONTINUED_SIZE, flow.geom.width());
    let line = Line {
        text,
        weight: Weight::Regular,
        size: CONTINUED_SIZE,
        grey: NOTE_GREY,
    };
    let x = flow.geom.left;
    flow.put_line(x, Align::Left, &line);
    flow.y += 4.0;
}

/// Title and event title centred, with a gap after them if anything was printed.
fn titles(flow: &mut Flow<'_>, title: &str, event_title: &str) -> Result<(), PdfError> {
    let before = flow.y;
    if !title.trim().is_empty() {
        flow.centred(title, Weight::Bold, TITLE_SIZE, 3)?;
        flow.y += 3.0;
    }
    if !event_title.trim().is_empty() {
        flow.centred(event_title, Weight::Bold, EVENT_SIZE, MAX_EVENT_LINES)?;
        flow.y += 2.0;
    }
    if flow.y > before {
        flow.y += 6.0;
    }
    Ok(())
}

/// Label/value lines with the colons aligned: "Hari/Tanggal : Selasa, …".
fn info_lines(
    flow: &mut Flow<'_>,
    info: &[(String, String)],
    continued: &dyn Fn(&mut Flow<'_>) -> Result<(), PdfError>,
) -> Result<(), PdfError> {
    let info: Vec<&(String, String)> = info
        .iter()
        .filter(|(l, v)| !l.trim().is_empty() || !v.trim().is_empty())
        .collect();
    if info.is_empty() {
        return Ok(());
    }
    let face = &flow.fonts.regular;
    let max_label = flow.geom.width() * 0.3;
    let label_width = info
        .iter()
        .map(|(l, _)| face.width(&face.fit_one_line(l, INFO_SIZE, max_label), INFO_SIZE))
        .fold(0.0_f32, f32::max);
    let colon_x = flow.geom.left + label_width + 4.0;
    let value_x = colon_x + face.width(": ", INFO_SIZE) + 2.0;
    let value_width = (flow.geom.right - value_x).max(1.0);
    for (label, value) in info {
        let label = face.fit_one_line(label, INFO_SIZE, max_label);
        let mut values = flow.lines(
            value,
            Weight::Regular,
            INFO_SIZE,
            TEXT_GREY,
            value_width,
            MAX_INFO_LINES,
        );
        if values.is_empty() {
            values.push(Line {
                text: String::new(),
                weight: Weight::Regular,
                size: INFO_SIZE,
                grey: TEXT_GREY,
            });
        }
        let height: f32 = values.iter().map(Line::height).sum();
        flow.keep(0.0, height, continued)?;
        let top = flow.y;
        let label_line = Line {
            text: label,
            weight: Weight::Regular,
            size: INFO_SIZE,
            grey: TEXT_GREY,
        };
        let x = flow.geom.left;
        flow.put_line(x, Align::Left, &label_line);
        flow.y = top;
        let colon = Line {
            text: ":".into(),
            ..label_line
        };
        flow.put_line(colon_x, Align::Left, &colon);
        flow.y = top;
        for line in &values {
            flow.put_line(value_x, Align::Left, line);
        }
    }
    flow.y += 8.0;
    Ok(())
}

fn sheet(flow: &mut Flow<'_>, view: &SheetView) -> Result<(), PdfError> {
    let continued = |flow: &mut Flow<'_>| -> Result<(), PdfError> {
        continued_heading(flow, &view.title, &view.event_title);
        Ok(())
    };
    flow.letterhead(&view.letterhead, &view.letterhead_details)?;
    titles(flow, &view.title, &view.event_title)?;
    info_lines(flow, &view.info, &continued)?;

    let blank = view.blank_rows.min(MAX_BLANK_ROWS);
    let last_number = view.rows.len().saturating_add(blank);
    let (table, cols) = sheet_table(flow, view.filled, last_number);
    let header = sheet_header(flow, &table, cols);
    let mut rows: Vec<Row> = view
        .rows
        .iter()
        .enumerate()
        .map(|(i, r)| participant_row(flow, &table, cols, i + 1, r))
        .collect();
    rows.extend((view.rows.len() + 1..=last_number).map(|n| blank_row(flow, &table, cols, n)));
    if rows.is_empty() {
        rows.push(empty_row(flow, &table, EMPTY_SHEET));
    }
    let summary = view.filled.then(|| {
        let present = view.rows.iter().filter(|r| checked_in(r).is_some()).count();
        Line {
            text: format!("Hadir: {present} dari {} peserta", view.rows.len()),
            weight: Weight::Bold,
            size: INFO_SIZE,
            grey: TEXT_GREY,
        }
    });
    let tail = summary.as_ref().map_or(0.0, |l| SUMMARY_GAP + l.height())
        + view
            .signoff
            .as_ref()
            .map_or(0.0, |s| signoff_height(flow, s));
    flow.table(&table, &header, &rows, tail, &continued)?;

    if let Some(line) = summary {
        flow.keep(SUMMARY_GAP, line.height(), &continued)?;
        let x = flow.geom.left;
        flow.put_line(x, Align::Left, &line);
    }
    if let Some(signoff) = &view.signoff {
        signoff_block(flow, signoff, &continued)?;
    }
    Ok(())
}

// ---- the sign-off block ---------------------------------------------------------------

/// One line of the sign-off block, and what follows it.
#[derive(Debug, Clone)]
struct SignLine {
    line: Line,
    underline: bool,
    gap_after: f32,
}

fn signoff_lines(flow: &Flow<'_>, signoff: &SignOff, width: f32) -> Vec<SignLine> {
    let plain = |line: Line| SignLine {
        line,
        underline: false,
        gap_after: 0.0,
    };
    let regular = |text: &str, max: usize| {
        flow.lines(text, Weight::Regular, SIGNOFF_SIZE, TEXT_GREY, width, max)
    };
    let mut out: Vec<SignLine> = Vec::new();
    out.extend(regular(&signoff.place_date, 2).into_iter().map(plain));
    out.extend(regular("Mengetahui,", 1).into_iter().map(plain));
    out.extend(regular(&signoff.position, 4).into_iter().map(plain));
    if let Some(last) = out.last_mut() {
        last.gap_after = mm(SIGNATURE_MM);
    }
    let mut names: Vec<SignLine> = flow
        .lines(
            &signoff.name,
            Weight::Bold,
            SIGNOFF_SIZE,
            TEXT_GREY,
            width,
            2,
        )
        .into_iter()
        .map(|line| SignLine {
            line,
            underline: true,
            gap_after: 0.0,
        })
        .collect();
    if names.is_empty() {
        // Nobody named yet: a dotted line to write the name on.
        let dots =
            flow.fonts
                .regular
                .fit_one_line(&".".repeat(40), SIGNOFF_SIZE, width.min(mm(50.0)));
        names.push(plain(Line {
            text: dots,
            weight: Weight::Regular,
            size: SIGNOFF_SIZE,
            grey: TEXT_GREY,
        }));
    }
    out.extend(names);
    if !signoff.nip.trim().is_empty() {
        let nip = format!("NIP. {}", signoff.nip.trim());
        out.extend(regular(&nip, 1).into_iter().map(plain));
    }
    out
}

fn signoff_width(flow: &Flow<'_>) -> f32 {
    mm(SIGNOFF_WIDTH_MM).min(flow.geom.width())
}

/// Height of the sign-off block with the space above it.
fn signoff_height(flow: &Flow<'_>, signoff: &SignOff) -> f32 {
    let lines = signoff_lines(flow, signoff, signoff_width(flow));
    SIGNOFF_GAP
        + lines
            .iter()
            .map(|l| l.line.height() + l.gap_after)
            .sum::<f32>()
}

/// The sign-off block at the right, kept whole: on the next page if it does not fit.
fn signoff_block(
    flow: &mut Flow<'_>,
    signoff: &SignOff,
    continued: &dyn Fn(&mut Flow<'_>) -> Result<(), PdfError>,
) -> Result<(), PdfError> {
    let width = signoff_width(flow);
    let lines = signoff_lines(flow, signoff, width);
    let height: f32 = lines.iter().map(|l| l.line.height() + l.gap_after).sum();
    flow.keep(SIGNOFF_GAP, height, continued)?;
    let centre = flow.geom.right - width / 2.0;
    for l in &lines {
        let h = l.line.height();
        let baseline = flow.baseline(l.line.weight, l.line.size, flow.y, h);
        flow.put_line(centre, Align::Center, &l.line);
        if l.underline {
            let w = flow
                .fonts
                .face(l.line.weight)
                .width(&l.line.text, l.line.size);
            let y = baseline + l.line.size * 0.15;
            flow.page
                .line(centre - w / 2.0, y, centre + w / 2.0, y, 0.7, TEXT_GREY);
        }
        flow.y += l.gap_after;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn participant(i: usize) -> SheetRow {
        SheetRow {
            name: format!("Peserta Nomor {i}, S.Kom."),
            nip: "19700101 199503 1 001".into(),
            position: "Pranata Komputer".into(),
            opd: "Dinas Komunikasi dan Informatika".into(),
            checked_in_at: (i == 1).then(|| "08.12".to_string()),
        }
    }

    #[test]
    fn odd_numbers_sign_left_even_numbers_right() {
        let fonts = Fonts::dejavu_sans();
        let document = Document::new("t", &fonts).expect("fonts");
        let flow = Flow::new(document.fonts(), sheet_geometry(), SHEET_MAX_PAGES);
        for filled in [false, true] {
            let (table, cols) = sheet_table(&flow, filled, 12);
            let (left_x0, left_x1) = table.span(cols.sig_left, cols.sig_left);
            let (right_x0, right_x1) = table.span(cols.sig_right, cols.sig_right);
            assert!(left_x1 <= right_x0 + 0.01 && right_x1 <= table.right() + 0.01);
            for n in 1..=12 {
                let row = if n <= 10 {
                    participant_row(&flow, &table, cols, n, &participant(n))
                } else {
                    blank_row(&flow, &table, cols, n)
                };
                let sig: Vec<&Cell> = row
                    .cells
                    .iter()
                    .filter(|c| c.first == cols.sig_left || c.first == cols.sig_right)
                    .collect();
                assert_eq!(sig.len(), 1, "row {n}");
                let expected = if n % 2 == 1 {
                    cols.sig_left
                } else {
                    cols.sig_right
                };
                assert_eq!(sig[0].first, expected, "row {n}");
                assert_eq!(sig[0].last, expected, "row {n}");
                let text = &sig[0].lines[0].text;
                assert!(text.starts_with(&format!("{n}. ..")), "{text:?}");
                let width = document.fonts().regular.width(text, CELL_SIZE);
                let (x0, x1) = if n % 2 == 1 {
                    (left_x0, left_x1)
                } else {
                    (right_x0, right_x1)
                };
                assert!(width <= x1 - x0 - 2.0 * CELL_PAD_X + 0.01, "{text:?}");
                assert!(row.height() >= mm(SHEET_ROW_MM));
            }
        }
    }

    #[test]
    fn nip_breaks_after_the_birth_date() {
        let fonts = Fonts::dejavu_sans();
        let document = Document::new("t", &fonts).expect("fonts");
        let flow = Flow::new(document.fonts(), sheet_geometry(), SHEET_MAX_PAGES);
        let (table, cols) = sheet_table(&flow, true, 5);
        let lines = nip_lines(&flow, &table, cols.nip, "19700101 199503 1 001");
        let texts: Vec<&str> = lines.iter().map(|l| l.text.as_str()).collect();
        assert_eq!(texts, vec!["19700101", "199503 1 001"]);
        let lines = nip_lines(&flow, &table, cols.nip, "  ");
        assert_eq!(lines[0].text, "-");
    }

    #[test]
    fn huge_cells_are_capped_so_a_row_always_fits_a_page() {
        let fonts = Fonts::dejavu_sans();
        let document = Document::new("t", &fonts).expect("fonts");
        let flow = Flow::new(document.fonts(), sheet_geometry(), SHEET_MAX_PAGES);
        let (table, cols) = sheet_table(&flow, true, 20_200);
        let huge = SheetRow {
            name: "Nama ".repeat(5000),
            nip: "1".repeat(3000),
            position: "x".repeat(9000),
            opd: "OPD\n".repeat(300),
            checked_in_at: Some("08.12 ".repeat(100)),
        };
        let row = participant_row(&flow, &table, cols, 20_200, &huge);
        assert!(row.height() < flow.geom.height() / 4.0, "{}", row.height());
        for c in &row.cells {
            for l in &c.lines {
                let w = document.fonts().face(l.weight).width(&l.text, l.size);
                assert!(w <= table.text_width(c.first, c.last) + 0.01, "{l:?}");
            }
        }
    }

    #[test]
    fn printpdf_reports_no_warnings() {
        let view = SheetView {
            letterhead: vec!["PEMERINTAH KABUPATEN GROBOGAN".into()],
            letterhead_details: Vec::new(),
            letterhead_logo: None,
            title: "DAFTAR HADIR PESERTA".into(),
            event_title: "Bimbingan Teknis".into(),
            info: vec![("Tempat".into(), "Gedung Riptaloka".into())],
            rows: (1..=3).map(participant).collect(),
            blank_rows: 2,
            filled: true,
            signoff: Some(SignOff {
                place_date: "Purwodadi, 17 September 2019".into(),
                position: "Kepala Dinas".into(),
                name: "Dr. Bambang".into(),
                nip: "19700101 199503 1 001".into(),
            }),
            footer: Some("Dicetak dari Bintek".into()),
        };
        let (bytes, warnings) =
            render_sheet_with_warnings(&view, &Fonts::dejavu_sans()).expect("render");
        assert!(bytes.starts_with(b"%PDF-"));
        assert!(warnings.is_empty(), "{warnings:#?}");
    }
}
