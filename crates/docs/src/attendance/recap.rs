//! The attendance recap (*rekap kehadiran*): A4 landscape, 15 mm margins.
//!
//! - page 1: kop surat, title, event title and subtitle lines centred;
//! - "Kehadiran per Sesi": **No | Sesi | Terdaftar | Hadir | %**, the session's label in
//!   bold before its detail;
//! - "Kehadiran per OPD": **No | OPD | Terdaftar | one column per session | Rata-rata**,
//!   each session cell "hadir (persen)" such as "5 (83%)", then a bold "Jumlah" row. More
//!   than eight sessions do not fit across the page at a readable size: the session
//!   columns are then split over several consecutive tables of at most eight, each
//!   repeating No, OPD and Terdaftar; the average over all sessions is in the last one;
//! - "Keterangan sesi": each label with its detail;
//! - the sign-off block, then on every page the footer and "Halaman N dari M".
//!
//! Percentages are whole numbers rounded half up ("83%"); nobody registered prints "–".
//! The average of an OPD is its attendance over all sessions: the sum of present counts
//! over (registered × sessions).

use super::{
    cell, continued_heading, empty_row, header_row, signoff_block, signoff_height, Cell, Flow,
    Geometry, Line, RecapOpd, RecapSession, RecapView, Row, Table, VAlign, CELL_SIZE, EVENT_SIZE,
    MAX_CELL_LINES, MAX_EVENT_LINES, TEXT_GREY, TITLE_SIZE,
};
use crate::pdf::canvas::{mm, Align, Document, Paper, Weight};
use crate::pdf::flow::NOTE_GREY;
use crate::pdf::{Fonts, PdfError, MAX_PAGES};

/// Renders the attendance recap as PDF bytes (A4 landscape, fonts embedded and subset).
///
/// Never panics, whatever the text or the counts: long texts wrap and are cut with "…"
/// after five lines, no sessions or no OPDs print "Belum ada sesi." / "Belum ada data
/// OPD.", a registered count of 0 prints "–" for the percentage. Fails only when a font
/// cannot be read or the recap would exceed [`MAX_PAGES`] pages.
pub fn render_recap(view: &RecapView, fonts: &Fonts) -> Result<Vec<u8>, PdfError> {
    render_recap_with_warnings(view, fonts).map(|(bytes, _)| bytes)
}

/// [`render_recap`], also returning printpdf's warnings.
fn render_recap_with_warnings(
    view: &RecapView,
    fonts: &Fonts,
) -> Result<(Vec<u8>, Vec<String>), PdfError> {
    let mut document = Document::new(super::doc_title(&view.title, &view.event_title), fonts)?;
    let logo = crate::pdf::flow::add_logo(&mut document, view.letterhead_logo.as_ref())?;
    let pages = {
        let mut flow = Flow::new(document.fonts(), recap_geometry(), MAX_PAGES);
        flow.logo = logo;
        recap(&mut flow, view)?;
        flow.finish(view.footer.as_deref())
    };
    document.finish(pages, Paper::A4Landscape, MAX_PAGES)
}

fn recap_geometry() -> Geometry {
    Geometry::new(Paper::A4Landscape, (15.0, 15.0), 15.0, 18.0, 10.0)
}

/// More session columns than this are split over several tables.
const MAX_SESSION_COLUMNS: usize = 8;
const SUBTITLE_SIZE: f32 = 10.0;
const SECTION_SIZE: f32 = 11.0;
const NOTE_SIZE: f32 = 8.0;
const TOTAL_GREY: f32 = 0.93;
/// Rows of the recap are not for signing: just a comfortable minimum.
const RECAP_ROW_MM: f32 = 7.0;

const NO_SESSIONS: &str = "Belum ada sesi.";
const NO_OPDS: &str = "Belum ada data OPD.";

// ---- numbers --------------------------------------------------------------------------

/// `present` out of `registered` as a whole percentage rounded half up; `None` when
/// nobody is registered.
pub(crate) fn percent(present: u64, registered: u64) -> Option<u64> {
    if registered == 0 {
        return None;
    }
    let (p, r) = (u128::from(present), u128::from(registered));
    let value = (p * 200 + r) / (r * 2);
    Some(u64::try_from(value).unwrap_or(u64::MAX))
}

/// "83%", or "–" when nobody is registered.
pub(crate) fn percent_text(present: u64, registered: u64) -> String {
    match percent(present, registered) {
        Some(p) => format!("{p}%"),
        None => "–".to_string(),
    }
}

/// "5 (83%)", or "5 (–)" when nobody is registered.
fn count_text(present: u64, registered: u64) -> String {
    format!("{present} ({})", percent_text(present, registered))
}

/// Present count of `opd` in session `index`; a missing entry is 0.
fn present_in(opd: &RecapOpd, index: usize) -> u64 {
    opd.present.get(index).copied().map_or(0, u64::from)
}

/// Splits `n` sessions into balanced runs of at most [`MAX_SESSION_COLUMNS`]: 12 gives
/// 6 + 6, 17 gives 6 + 6 + 5. No session gives one empty run.
pub(crate) fn session_parts(n: usize) -> Vec<std::ops::Range<usize>> {
    if n == 0 {
        // One part with no session column: the OPD table still prints.
        #[allow(clippy::single_range_in_vec_init)]
        return vec![0..0];
    }
    let parts = n.div_ceil(MAX_SESSION_COLUMNS);
    let base = n / parts;
    let extra = n % parts;
    let mut out = Vec::with_capacity(parts);
    let mut start = 0;
    for p in 0..parts {
        let len = base + usize::from(p < extra);
        out.push(start..start + len);
        start += len;
    }
    out
}

// ---- layout ---------------------------------------------------------------------------

fn recap(flow: &mut Flow<'_>, view: &RecapView) -> Result<(), PdfError> {
    let continued = |flow: &mut Flow<'_>| -> Result<(), PdfError> {
        continued_heading(flow, &view.title, &view.event_title);
        Ok(())
    };
    flow.letterhead(&view.letterhead, &view.letterhead_details)?;
    let before = flow.y;
    if !view.title.trim().is_empty() {
        flow.centred(&view.title, Weight::Bold, TITLE_SIZE, 3)?;
        flow.y += 3.0;
    }
    if !view.event_title.trim().is_empty() {
        flow.centred(&view.event_title, Weight::Bold, EVENT_SIZE, MAX_EVENT_LINES)?;
        flow.y += 2.0;
    }
    for line in &view.subtitle {
        flow.centred(line, Weight::Regular, SUBTITLE_SIZE, 3)?;
    }
    if flow.y > before {
        flow.y += 8.0;
    }

    // The sign-off keeps company: the legend, or without one the last table row.
    let tail = view
        .signoff
        .as_ref()
        .map_or(0.0, |s| signoff_height(flow, s));
    sessions_table(flow, view, &continued)?;
    let parts = session_parts(view.sessions.len());
    let count = parts.len();
    for (p, range) in parts.into_iter().enumerate() {
        let tail = if p + 1 == count && view.sessions.is_empty() {
            tail
        } else {
            0.0
        };
        opd_table(flow, view, range, p, count, tail, &continued)?;
    }
    legend(flow, view, tail, &continued)?;
    if let Some(signoff) = &view.signoff {
        signoff_block(flow, signoff, &continued)?;
    }
    Ok(())
}

/// A bold section heading (and an optional grey note under it), kept on the page with
/// the `following` height of what comes next.
fn section_heading(
    flow: &mut Flow<'_>,
    text: &str,
    note: Option<&str>,
    following: f32,
    continued: &dyn Fn(&mut Flow<'_>) -> Result<(), PdfError>,
) -> Result<(), PdfError> {
    let width = flow.geom.width();
    let mut lines = flow.lines(text, Weight::Bold, SECTION_SIZE, TEXT_GREY, width, 2);
    if let Some(note) = note {
        lines.extend(flow.lines(note, Weight::Regular, NOTE_SIZE, NOTE_GREY, width, 2));
    }
    let height: f32 = lines.iter().map(Line::height).sum::<f32>() + 4.0;
    flow.keep(14.0, height + following, continued)?;
    let x = flow.geom.left;
    for line in &lines {
        flow.put_line(x, Align::Left, line);
    }
    flow.y += 4.0;
    Ok(())
}

fn number_lines(
    flow: &Flow<'_>,
    table: &Table,
    col: usize,
    text: &str,
    weight: Weight,
) -> Vec<Line> {
    flow.lines(
        text,
        weight,
        CELL_SIZE,
        TEXT_GREY,
        table.text_width(col, col),
        MAX_CELL_LINES,
    )
}

fn centred_cell(flow: &Flow<'_>, table: &Table, col: usize, text: &str, weight: Weight) -> Cell {
    cell(
        col,
        col,
        Align::Center,
        VAlign::Middle,
        number_lines(flow, table, col, text, weight),
    )
}

fn left_cell(flow: &Flow<'_>, table: &Table, col: usize, text: &str, weight: Weight) -> Cell {
    cell(
        col,
        col,
        Align::Left,
        VAlign::Middle,
        number_lines(flow, table, col, text, weight),
    )
}

fn row(cells: Vec<Cell>, fill: Option<f32>) -> Row {
    Row {
        cells,
        fill,
        min_height: mm(RECAP_ROW_MM),
    }
}

/// Section 1: No | Sesi (label, detail) | Terdaftar | Hadir | %.
fn sessions_table(
    flow: &mut Flow<'_>,
    view: &RecapView,
    continued: &dyn Fn(&mut Flow<'_>) -> Result<(), PdfError>,
) -> Result<(), PdfError> {
    let fixed_mm = [10.0, 24.0, 0.0, 24.0, 24.0, 18.0];
    let detail = flow.geom.width() - mm(fixed_mm.iter().sum());
    let widths: Vec<f32> = fixed_mm
        .iter()
        .enumerate()
        .map(|(i, w)| if i == 2 { detail } else { mm(*w) })
        .collect();
    // The label and the detail are two columns without a line between them.
    let table = Table::new(flow.geom.left, &widths, vec![2]);
    let header = header_row(
        flow,
        &table,
        &[
            (0, 0, "No"),
            (1, 2, "Sesi"),
            (3, 3, "Terdaftar"),
            (4, 4, "Hadir"),
            (5, 5, "%"),
        ],
    );
    let mut rows: Vec<Row> = view
        .sessions
        .iter()
        .enumerate()
        .map(|(i, s)| {
            let (present, registered) = (u64::from(s.present), u64::from(s.registered));
            row(
                vec![
                    centred_cell(flow, &table, 0, &(i + 1).to_string(), Weight::Regular),
                    left_cell(flow, &table, 1, &s.label, Weight::Bold),
                    left_cell(flow, &table, 2, &s.detail, Weight::Regular),
                    centred_cell(flow, &table, 3, &registered.to_string(), Weight::Regular),
                    centred_cell(flow, &table, 4, &present.to_string(), Weight::Regular),
                    centred_cell(
                        flow,
                        &table,
                        5,
                        &percent_text(present, registered),
                        Weight::Regular,
                    ),
                ],
                None,
            )
        })
        .collect();
    if rows.is_empty() {
        rows.push(empty_row(flow, &table, NO_SESSIONS));
    }
    let following = header.height() + rows.first().map_or(0.0, Row::height);
    section_heading(flow, "Kehadiran per Sesi", None, following, continued)?;
    flow.table(&table, &header, &rows, 0.0, continued)
}

/// Section 2, part `part` of `parts`: the OPDs with the sessions in `range`.
fn opd_table(
    flow: &mut Flow<'_>,
    view: &RecapView,
    range: std::ops::Range<usize>,
    part: usize,
    parts: usize,
    tail: f32,
    continued: &dyn Fn(&mut Flow<'_>) -> Result<(), PdfError>,
) -> Result<(), PdfError> {
    let sessions = view.sessions.get(range.clone()).unwrap_or(&[]);
    let columns = OpdColumns::new(flow, view, range, part + 1 == parts);
    let header = columns.header(flow, sessions);
    let rows = columns.rows(flow, view);
    let heading = if parts > 1 {
        let first = sessions.first().map_or("", |s| s.label.trim());
        let last = sessions.last().map_or("", |s| s.label.trim());
        format!(
            "Kehadiran per OPD (bagian {} dari {parts}: sesi {first} s.d. {last})",
            part + 1
        )
    } else {
        "Kehadiran per OPD".to_string()
    };
    let note = (part == 0)
        .then_some("Isi kolom sesi: jumlah hadir (persentase terhadap peserta terdaftar OPD).");
    let following = header.height() + rows.first().map_or(0.0, Row::height);
    section_heading(flow, &heading, note, following, continued)?;
    flow.table(&columns.table, &header, &rows, tail, continued)
}

/// The columns of one part of the OPD table: No | OPD | Terdaftar | the sessions in
/// `range` | Rata-rata (last part only).
struct OpdColumns {
    table: Table,
    range: std::ops::Range<usize>,
    /// How many sessions the part shows (`range` cut to the sessions there are).
    shown: usize,
    /// All sessions of the event: the average is over these.
    all: u64,
    with_average: bool,
}

/// One line of the OPD table: an OPD, or the total (`number: None`).
struct OpdLine<'a> {
    number: Option<usize>,
    name: &'a str,
    registered: u64,
    present: &'a dyn Fn(usize) -> u64,
    total_present: u64,
    weight: Weight,
    fill: Option<f32>,
}

impl OpdColumns {
    const FIRST_SESSION: usize = 3;

    fn new(
        flow: &Flow<'_>,
        view: &RecapView,
        range: std::ops::Range<usize>,
        with_average: bool,
    ) -> OpdColumns {
        let k = view.sessions.get(range.clone()).map_or(0, <[_]>::len);
        let fixed = mm(10.0) + mm(20.0) + if with_average { mm(20.0) } else { 0.0 };
        let session_width = if k == 0 {
            0.0
        } else {
            mm(26.0).min((flow.geom.width() - fixed - mm(60.0)) / k as f32)
        };
        let opd_width = flow.geom.width() - fixed - session_width * k as f32;
        let mut widths = vec![mm(10.0), opd_width, mm(20.0)];
        widths.extend(std::iter::repeat_n(session_width, k));
        if with_average {
            widths.push(mm(20.0));
        }
        OpdColumns {
            table: Table::new(flow.geom.left, &widths, Vec::new()),
            range,
            shown: k,
            all: view.sessions.len() as u64,
            with_average,
        }
    }

    fn average_col(&self) -> usize {
        Self::FIRST_SESSION + self.shown
    }

    fn header(&self, flow: &Flow<'_>, sessions: &[RecapSession]) -> Row {
        let mut titles: Vec<(usize, usize, &str)> =
            vec![(0, 0, "No"), (1, 1, "OPD"), (2, 2, "Terdaftar")];
        for (j, s) in sessions.iter().enumerate() {
            let label = if s.label.trim().is_empty() {
                "-"
            } else {
                s.label.as_str()
            };
            let col = Self::FIRST_SESSION + j;
            titles.push((col, col, label));
        }
        if self.with_average {
            titles.push((self.average_col(), self.average_col(), "Rata-rata"));
        }
        header_row(flow, &self.table, &titles)
    }

    /// A row per OPD and the total row (or the empty row when there is no OPD).
    fn rows(&self, flow: &Flow<'_>, view: &RecapView) -> Vec<Row> {
        let mut rows: Vec<Row> = Vec::with_capacity(view.opds.len() + 1);
        for (i, opd) in view.opds.iter().enumerate() {
            let total: u64 = (0..view.sessions.len()).map(|j| present_in(opd, j)).sum();
            rows.push(self.line(
                flow,
                OpdLine {
                    number: Some(i + 1),
                    name: &opd.name,
                    registered: u64::from(opd.registered),
                    present: &|j| present_in(opd, j),
                    total_present: total,
                    weight: Weight::Regular,
                    fill: None,
                },
            ));
        }
        if rows.is_empty() {
            rows.push(empty_row(flow, &self.table, NO_OPDS));
        } else {
            let registered: u64 = view.opds.iter().map(|o| u64::from(o.registered)).sum();
            let column = |j: usize| -> u64 { view.opds.iter().map(|o| present_in(o, j)).sum() };
            let total: u64 = (0..view.sessions.len()).map(column).sum();
            rows.push(self.line(
                flow,
                OpdLine {
                    number: None,
                    name: "Jumlah",
                    registered,
                    present: &column,
                    total_present: total,
                    weight: Weight::Bold,
                    fill: Some(TOTAL_GREY),
                },
            ));
        }
        rows
    }

    fn line(&self, flow: &Flow<'_>, line: OpdLine<'_>) -> Row {
        let (table, weight) = (&self.table, line.weight);
        let mut cells = Vec::with_capacity(self.shown + 4);
        match line.number {
            Some(n) => {
                cells.push(centred_cell(flow, table, 0, &n.to_string(), weight));
                cells.push(left_cell(flow, table, 1, line.name, weight));
            }
            None => {
                let lines = flow.lines(
                    line.name,
                    weight,
                    CELL_SIZE,
                    TEXT_GREY,
                    table.text_width(0, 1),
                    1,
                );
                cells.push(cell(0, 1, Align::Left, VAlign::Middle, lines));
            }
        }
        let registered = line.registered;
        cells.push(centred_cell(
            flow,
            table,
            2,
            &registered.to_string(),
            weight,
        ));
        for j in 0..self.shown {
            let text = count_text((line.present)(self.range.start + j), registered);
            cells.push(centred_cell(
                flow,
                table,
                Self::FIRST_SESSION + j,
                &text,
                weight,
            ));
        }
        if self.with_average {
            let text = percent_text(line.total_present, registered.saturating_mul(self.all));
            cells.push(centred_cell(flow, table, self.average_col(), &text, weight));
        }
        row(cells, line.fill)
    }
}

/// "Keterangan sesi": every label with its detail, the colons aligned; kept together
/// with the `tail` points that follow (the sign-off) when they fit on one page.
fn legend(
    flow: &mut Flow<'_>,
    view: &RecapView,
    tail: f32,
    continued: &dyn Fn(&mut Flow<'_>) -> Result<(), PdfError>,
) -> Result<(), PdfError> {
    if view.sessions.is_empty() {
        return Ok(());
    }
    let columns = LegendColumns::new(flow, view);
    let items = legend_entries(flow, view, &columns);
    let height = |details: &[Line]| -> f32 { details.iter().map(Line::height).sum() };
    // The whole legend stays together when it fits on a page; else entry by entry.
    let total: f32 = items.iter().map(|(_, d)| height(d)).sum();
    let page = flow.geom.height() - 40.0;
    let following = if total + tail <= page {
        total + tail
    } else if total <= page {
        total
    } else {
        items.first().map_or(0.0, |(_, d)| height(d))
    };
    section_heading(flow, "Keterangan sesi", None, following, continued)?;
    for (label, details) in items {
        flow.keep(0.0, height(&details), continued)?;
        let top = flow.y;
        let x = flow.geom.left;
        flow.put_line(x, Align::Left, &label);
        flow.y = top;
        let colon = Line {
            text: ":".into(),
            weight: Weight::Regular,
            ..label
        };
        flow.put_line(columns.colon_x, Align::Left, &colon);
        flow.y = top;
        for line in &details {
            flow.put_line(columns.detail_x, Align::Left, line);
        }
    }
    Ok(())
}

/// Where the legend's colons and details go: after the widest label (at most 40 mm).
struct LegendColumns {
    max_label: f32,
    colon_x: f32,
    detail_x: f32,
    detail_width: f32,
}

impl LegendColumns {
    fn new(flow: &Flow<'_>, view: &RecapView) -> Self {
        let bold = &flow.fonts.bold;
        let max_label = mm(40.0);
        let label_width = view
            .sessions
            .iter()
            .map(|s| {
                bold.width(
                    &bold.fit_one_line(&s.label, NOTE_SIZE, max_label),
                    NOTE_SIZE,
                )
            })
            .fold(0.0_f32, f32::max);
        let colon_x = flow.geom.left + label_width + 4.0;
        let detail_x = colon_x + flow.fonts.regular.width(": ", NOTE_SIZE) + 2.0;
        LegendColumns {
            max_label,
            colon_x,
            detail_x,
            detail_width: (flow.geom.right - detail_x).max(1.0),
        }
    }
}

/// Each session's label (one line) and detail (at most three lines, at least one).
fn legend_entries(
    flow: &Flow<'_>,
    view: &RecapView,
    columns: &LegendColumns,
) -> Vec<(Line, Vec<Line>)> {
    let bold = &flow.fonts.bold;
    view.sessions
        .iter()
        .map(|s| {
            let label = Line {
                text: bold.fit_one_line(&s.label, NOTE_SIZE, columns.max_label),
                weight: Weight::Bold,
                size: NOTE_SIZE,
                grey: TEXT_GREY,
            };
            let mut details = flow.lines(
                &s.detail,
                Weight::Regular,
                NOTE_SIZE,
                TEXT_GREY,
                columns.detail_width,
                3,
            );
            if details.is_empty() {
                details.push(Line {
                    text: String::new(),
                    ..label.clone()
                });
            }
            (label, details)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::attendance::{RecapSession, SignOff};

    #[test]
    fn percent_rounds_half_up() {
        assert_eq!(percent(5, 6), Some(83));
        assert_eq!(percent(1, 8), Some(13)); // 12.5
        assert_eq!(percent(1, 200), Some(1)); // 0.5
        assert_eq!(percent(1, 201), Some(0));
        assert_eq!(percent(0, 7), Some(0));
        assert_eq!(percent(7, 7), Some(100));
        assert_eq!(percent(9, 7), Some(129));
        assert_eq!(percent(3, 0), None);
        assert_eq!(percent(u64::MAX, 1), Some(u64::MAX));
        assert_eq!(percent_text(5, 6), "83%");
        assert_eq!(percent_text(5, 0), "–");
        assert_eq!(count_text(5, 6), "5 (83%)");
    }

    #[test]
    fn sessions_are_split_into_balanced_parts() {
        let lens = |n| -> Vec<usize> { session_parts(n).iter().map(|r| r.len()).collect() };
        assert_eq!(lens(0), vec![0]);
        assert_eq!(lens(1), vec![1]);
        assert_eq!(lens(8), vec![8]);
        assert_eq!(lens(9), vec![5, 4]);
        assert_eq!(lens(12), vec![6, 6]);
        assert_eq!(lens(17), vec![6, 6, 5]);
        for n in 0..100 {
            let parts = session_parts(n);
            assert!(parts.iter().all(|r| r.len() <= MAX_SESSION_COLUMNS));
            assert_eq!(parts.iter().map(|r| r.len()).sum::<usize>(), n);
            assert!(parts.windows(2).all(|w| w[0].end == w[1].start));
        }
    }

    #[test]
    fn printpdf_reports_no_warnings() {
        let view = RecapView {
            letterhead: vec!["PEMERINTAH KABUPATEN GROBOGAN".into()],
            letterhead_details: Vec::new(),
            letterhead_logo: None,
            title: "REKAP KEHADIRAN PESERTA".into(),
            event_title: "Bimbingan Teknis".into(),
            subtitle: vec!["Gedung Riptaloka".into()],
            sessions: vec![RecapSession {
                label: "1.1".into(),
                detail: "Selasa".into(),
                registered: 6,
                present: 5,
            }],
            opds: vec![RecapOpd {
                name: "Diskominfo".into(),
                registered: 6,
                present: vec![5],
            }],
            signoff: Some(SignOff {
                name: "Dr. Bambang".into(),
                ..SignOff::default()
            }),
            footer: None,
        };
        let (bytes, warnings) =
            render_recap_with_warnings(&view, &Fonts::dejavu_sans()).expect("render");
        assert!(bytes.starts_with(b"%PDF-"));
        assert!(warnings.is_empty(), "{warnings:#?}");
    }
}
