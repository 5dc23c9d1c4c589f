//! A top-down page flow with bordered tables, shared by the attendance sheet and the recap.
//!
//! [`Flow`] keeps the current page and a `y` cursor; layout code asks it for room, draws
//! centred text, the kop surat and table rows, and calls [`Flow::new_page`] when a thing
//! does not fit. Rows of a [`Table`] are never split across pages: when a row does not
//! fit, the flow starts a new page, lets the caller draw its continuation heading, repeats
//! the header row and then draws the row. Callers cap the lines of every cell so that a
//! row is always shorter than a page.
//!
//! Every page gets the footer text at the bottom left and "Halaman N dari M" at the bottom
//! right in [`Flow::finish`].

use super::canvas::{mm, Align, Canvas, FontSet, Paper, Weight};
use super::PdfError;

/// Line height as a multiple of the type size.
pub(crate) const LINE_FACTOR: f32 = 1.25;
/// Horizontal padding inside a table cell.
pub(crate) const CELL_PAD_X: f32 = 3.0;
/// Vertical padding inside a table cell.
pub(crate) const CELL_PAD_Y: f32 = 3.0;

pub(crate) const BORDER_WIDTH: f32 = 0.6;
pub(crate) const BORDER_GREY: f32 = 0.25;
pub(crate) const HEADER_GREY: f32 = 0.86;
pub(crate) const NOTE_GREY: f32 = 0.35;
pub(crate) const TEXT_GREY: f32 = 0.0;
const FOOTER_SIZE: f32 = 7.5;
/// The logo's box on the kop, in points: at most 2 cm high and 2.8 cm wide, its
/// proportions kept.
pub(crate) fn logo_box(ratio: f32) -> (f32, f32) {
    let (max_w, max_h) = (mm(28.0), mm(20.0));
    let ratio = if ratio.is_finite() && ratio > 0.0 {
        ratio
    } else {
        1.0
    };
    if max_h * ratio <= max_w {
        (max_h * ratio, max_h)
    } else {
        (max_w, max_w / ratio)
    }
}

/// Space between the logo and the kop's text.
pub(crate) const LOGO_GAP: f32 = 8.0;

/// The kop surat as Indonesian letterheads print it: the government and the agency in bold
/// capitals (the agency, when there are both, the larger), then the address and contacts
/// small. Each line's text, weight and size; blank lines left out.
pub(crate) fn kop_lines(heading: &[String], details: &[String]) -> Vec<(String, Weight, f32)> {
    let heading: Vec<&String> = heading.iter().filter(|l| !l.trim().is_empty()).collect();
    let mut out: Vec<(String, Weight, f32)> = heading
        .iter()
        .enumerate()
        .map(|(i, l)| {
            let size = match (i, heading.len()) {
                (_, 1) => 14.0,
                (0, _) => 12.5,
                _ => 14.5,
            };
            (l.to_string(), Weight::Bold, size)
        })
        .collect();
    out.extend(
        details
            .iter()
            .filter(|l| !l.trim().is_empty())
            .map(|l| (l.to_string(), Weight::Regular, 9.0)),
    );
    out
}

/// Paper and margins, in points from the top-left corner.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Geometry {
    /// The left margin's x.
    pub(crate) left: f32,
    /// The right margin's x.
    pub(crate) right: f32,
    /// Where content starts.
    pub(crate) top: f32,
    /// Where content must end.
    pub(crate) bottom: f32,
    /// Baseline of the footer line, inside the bottom margin.
    pub(crate) footer_baseline: f32,
}

impl Geometry {
    /// Margins in millimetres; the footer baseline is `footer_mm` above the bottom edge.
    pub(crate) fn new(
        paper: Paper,
        side_mm: (f32, f32),
        top_mm: f32,
        bottom_mm: f32,
        footer_mm: f32,
    ) -> Self {
        let (width, height) = paper.size();
        Self {
            left: mm(side_mm.0),
            right: width - mm(side_mm.1),
            top: mm(top_mm),
            bottom: height - mm(bottom_mm),
            footer_baseline: height - mm(footer_mm),
        }
    }

    /// Width between the side margins.
    pub(crate) fn width(&self) -> f32 {
        self.right - self.left
    }

    /// Height between the top and bottom margins.
    pub(crate) fn height(&self) -> f32 {
        self.bottom - self.top
    }
}

/// Vertical alignment of a cell's lines inside its row.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum VAlign {
    Middle,
    Bottom,
}

/// One line of text, already clean and no wider than where it goes.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Line {
    pub(crate) text: String,
    pub(crate) weight: Weight,
    pub(crate) size: f32,
    pub(crate) grey: f32,
}

impl Line {
    pub(crate) fn height(&self) -> f32 {
        self.size * LINE_FACTOR
    }
}

/// A cell spanning the columns `first..=last` of its table.
#[derive(Debug, Clone)]
pub(crate) struct Cell {
    pub(crate) first: usize,
    pub(crate) last: usize,
    pub(crate) align: Align,
    pub(crate) valign: VAlign,
    pub(crate) lines: Vec<Line>,
}

impl Cell {
    pub(crate) fn content_height(&self) -> f32 {
        self.lines.iter().map(Line::height).sum()
    }
}

/// One table row. Its height is the tallest cell plus padding, at least `min_height`.
#[derive(Debug, Clone, Default)]
pub(crate) struct Row {
    pub(crate) cells: Vec<Cell>,
    pub(crate) fill: Option<f32>,
    pub(crate) min_height: f32,
}

impl Row {
    pub(crate) fn height(&self) -> f32 {
        let content = self
            .cells
            .iter()
            .map(Cell::content_height)
            .fold(0.0_f32, f32::max);
        (content + 2.0 * CELL_PAD_Y).max(self.min_height)
    }
}

/// Column edges of a table, left to right, and the edges that are never drawn (the
/// line inside a column printed as two halves).
#[derive(Debug, Clone)]
pub(crate) struct Table {
    edges: Vec<f32>,
    hidden: Vec<usize>,
}

impl Table {
    /// Columns of `widths` points starting at `left`. `hidden` lists edge indices (edge
    /// `i` is the left edge of column `i`) that no row draws.
    pub(crate) fn new(left: f32, widths: &[f32], hidden: Vec<usize>) -> Self {
        let mut edges = Vec::with_capacity(widths.len() + 1);
        let mut x = left;
        edges.push(x);
        for w in widths {
            x += w.max(0.0);
            edges.push(x);
        }
        Self { edges, hidden }
    }

    pub(crate) fn left(&self) -> f32 {
        self.edges.first().copied().unwrap_or(0.0)
    }

    pub(crate) fn right(&self) -> f32 {
        self.edges.last().copied().unwrap_or(0.0)
    }

    /// The last column's index.
    pub(crate) fn last_column(&self) -> usize {
        self.edges.len().saturating_sub(2)
    }

    fn edge(&self, i: usize) -> f32 {
        self.edges
            .get(i)
            .or(self.edges.last())
            .copied()
            .unwrap_or(0.0)
    }

    /// Left and right x of the columns `first..=last`.
    pub(crate) fn span(&self, first: usize, last: usize) -> (f32, f32) {
        (self.edge(first), self.edge(last.max(first) + 1))
    }

    /// Room for text in the columns `first..=last`, inside the padding.
    pub(crate) fn text_width(&self, first: usize, last: usize) -> f32 {
        let (x0, x1) = self.span(first, last);
        (x1 - x0 - 2.0 * CELL_PAD_X).max(1.0)
    }
}

/// The pages of one document as they are laid out.
pub(crate) struct Flow<'f> {
    pub(crate) fonts: &'f FontSet,
    pub(crate) geom: Geometry,
    done: Vec<Canvas>,
    pub(crate) page: Canvas,
    pub(crate) y: f32,
    max_pages: usize,
    /// The width/height ratio of the document's logo ([`add_logo`]), drawn in the kop.
    pub(crate) logo: Option<f32>,
}

/// Adds `logo` to `document` as its one image; the ratio for [`Flow::logo`].
pub(crate) fn add_logo(
    document: &mut super::canvas::Document,
    logo: Option<&crate::logo::Logo>,
) -> Result<Option<f32>, PdfError> {
    let Some(logo) = logo else {
        return Ok(None);
    };
    let (prepared, ratio) =
        crate::logo::prepare(logo).map_err(|reason| PdfError::InvalidLogo { reason })?;
    document.set_image(&prepared.xobject);
    Ok(Some(ratio))
}

impl<'f> Flow<'f> {
    pub(crate) fn new(fonts: &'f FontSet, geom: Geometry, max_pages: usize) -> Self {
        Self {
            fonts,
            geom,
            done: Vec::new(),
            page: Canvas::new(),
            y: geom.top,
            max_pages,
            logo: None,
        }
    }

    /// Starts a new page; fails once the document would exceed its page limit.
    pub(crate) fn new_page(&mut self) -> Result<(), PdfError> {
        if self.done.len() + 1 >= self.max_pages {
            return Err(PdfError::TooManyPages {
                max: self.max_pages,
            });
        }
        self.done.push(std::mem::take(&mut self.page));
        self.y = self.geom.top;
        Ok(())
    }

    /// The current page's index (0 for the first page).
    pub(crate) fn page_index(&self) -> usize {
        self.done.len()
    }

    pub(crate) fn at_page_top(&self) -> bool {
        self.y <= self.geom.top + 0.01
    }

    /// Baseline of a line of `size` points centred in a line box of `height` at `top`.
    pub(crate) fn baseline(&self, weight: Weight, size: f32, top: f32, height: f32) -> f32 {
        let face = self.fonts.face(weight);
        let (ascent, descent) = (face.ascent(size), face.descent(size));
        top + (height - ascent - descent) / 2.0 + ascent
    }

    /// `text` wrapped to `width`, at most `max_lines` lines (the last one then ends with
    /// "…").
    pub(crate) fn lines(
        &self,
        text: &str,
        weight: Weight,
        size: f32,
        grey: f32,
        width: f32,
        max_lines: usize,
    ) -> Vec<Line> {
        self.fonts
            .face(weight)
            .wrap_at_most(text, size, width, max_lines)
            .into_iter()
            .map(|text| Line {
                text,
                weight,
                size,
                grey,
            })
            .collect()
    }

    /// Draws `line` in a line box at the cursor, anchored at `x` by `align`; moves down.
    pub(crate) fn put_line(&mut self, x: f32, align: Align, line: &Line) {
        let height = line.height();
        let baseline = self.baseline(line.weight, line.size, self.y, height);
        self.page.text(
            self.fonts,
            x,
            baseline,
            align,
            line.weight,
            line.size,
            line.grey,
            &line.text,
        );
        self.y += height;
    }

    /// Centred text wrapping across the content width, at most `max_lines` lines; goes
    /// on on a new page if it is that long.
    pub(crate) fn centred(
        &mut self,
        text: &str,
        weight: Weight,
        size: f32,
        max_lines: usize,
    ) -> Result<(), PdfError> {
        let lines = self.lines(text, weight, size, TEXT_GREY, self.geom.width(), max_lines);
        let centre = (self.geom.left + self.geom.right) / 2.0;
        for line in lines {
            if self.y + line.height() > self.geom.bottom && !self.at_page_top() {
                self.new_page()?;
            }
            self.put_line(centre, Align::Center, &line);
        }
        Ok(())
    }

    /// The kop surat ([`kop_lines`]) centred, the logo ([`Flow::logo`]) at the left, then
    /// a thick and a thin rule. Blank lines are skipped; no line at all draws no rule
    /// either. The kop is the first thing on a page: it never breaks.
    pub(crate) fn letterhead(
        &mut self,
        heading: &[String],
        details: &[String],
    ) -> Result<(), PdfError> {
        let logo = self.logo;
        let lines = kop_lines(heading, details);
        if lines.is_empty() {
            return Ok(());
        }
        let top = self.y;
        // The text keeps clear of the logo on both sides, so it stays centred on the page.
        let (logo_w, logo_h) = logo.map(logo_box).unwrap_or((0.0, 0.0));
        let inset = if logo.is_some() {
            logo_w + LOGO_GAP
        } else {
            0.0
        };
        let width = self.geom.width() - 2.0 * inset;
        let centre = (self.geom.left + self.geom.right) / 2.0;
        for (line, weight, size) in &lines {
            for l in self.lines(line, *weight, *size, TEXT_GREY, width, 3) {
                self.put_line(centre, Align::Center, &l);
            }
        }
        if logo.is_some() {
            let text_h = self.y - top;
            let y = top + ((text_h - logo_h) / 2.0).max(0.0);
            self.page.image(self.geom.left, y, logo_w, logo_h);
            self.y = self.y.max(y + logo_h);
        }
        if self.y + 8.0 > self.geom.bottom {
            self.new_page()?;
        }
        self.y += 4.0;
        let (left, right) = (self.geom.left, self.geom.right);
        self.page.line(left, self.y, right, self.y, 1.8, 0.0);
        self.page
            .line(left, self.y + 2.8, right, self.y + 2.8, 0.6, 0.0);
        self.y += 2.8 + 14.0;
        Ok(())
    }

    /// Draws `row` at the cursor (fill, text, borders) and moves below it.
    pub(crate) fn draw_row(&mut self, table: &Table, row: &Row) {
        let top = self.y;
        let height = row.height();
        let bottom = top + height;
        let (left, right) = (table.left(), table.right());
        if let Some(grey) = row.fill {
            self.page.fill(left, top, right - left, height, grey);
        }
        for cell in &row.cells {
            let (x0, x1) = table.span(cell.first, cell.last);
            let content = cell.content_height();
            let mut line_top = match cell.valign {
                VAlign::Middle => top + (height - content) / 2.0,
                VAlign::Bottom => bottom - CELL_PAD_Y - content,
            };
            for line in &cell.lines {
                let h = line.height();
                if !line.text.is_empty() {
                    let baseline = self.baseline(line.weight, line.size, line_top, h);
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
                line_top += h;
            }
        }
        self.page
            .line(left, top, right, top, BORDER_WIDTH, BORDER_GREY);
        self.page
            .line(left, bottom, right, bottom, BORDER_WIDTH, BORDER_GREY);
        for (i, &x) in table.edges.iter().enumerate() {
            let inside = row.cells.iter().any(|c| c.first < i && i <= c.last);
            let outer = i == 0 || i + 1 == table.edges.len();
            if outer || (!inside && !table.hidden.contains(&i)) {
                self.page.line(x, top, x, bottom, BORDER_WIDTH, BORDER_GREY);
            }
        }
        self.y = bottom;
    }

    /// Draws a whole table: the header row, then `rows`, never splitting a row. When a
    /// row does not fit, a new page starts, `continued` draws what goes above the table
    /// there, and the header is repeated. The header is kept with the first row, and the
    /// last row with the `tail` points of what follows the table (a sign-off block), so
    /// that what follows never stands alone on a page when it can have company.
    pub(crate) fn table(
        &mut self,
        table: &Table,
        header: &Row,
        rows: &[Row],
        tail: f32,
        continued: &dyn Fn(&mut Flow<'_>) -> Result<(), PdfError>,
    ) -> Result<(), PdfError> {
        let first = rows.first().map_or(0.0, Row::height);
        if !self.at_page_top() && self.y + header.height() + first > self.geom.bottom {
            self.new_page()?;
            continued(self)?;
        }
        self.draw_row(table, header);
        // Room under a repeated header, less a generous allowance for `continued`.
        let fresh_room = self.geom.height() - header.height() - 30.0;
        let mut fresh = true;
        for (i, row) in rows.iter().enumerate() {
            let h = row.height();
            let last = i + 1 == rows.len();
            // A row taller than a whole page (callers prevent it) is drawn anyway rather
            // than looping over new pages.
            let overflows = self.y + h > self.geom.bottom;
            let strands_tail = last
                && tail > 0.0
                && self.y + h + tail > self.geom.bottom
                && h + tail <= fresh_room;
            if !fresh && (overflows || strands_tail) {
                self.new_page()?;
                continued(self)?;
                self.draw_row(table, header);
            }
            self.draw_row(table, row);
            fresh = false;
        }
        Ok(())
    }

    /// Makes sure `height` fits below the cursor (after `gap`), else starts a new page
    /// and calls `continued`. Returns whether a new page was started.
    pub(crate) fn keep(
        &mut self,
        gap: f32,
        height: f32,
        continued: &dyn Fn(&mut Flow<'_>) -> Result<(), PdfError>,
    ) -> Result<bool, PdfError> {
        if self.y + gap + height <= self.geom.bottom || self.at_page_top() {
            if !self.at_page_top() {
                self.y += gap;
            }
            return Ok(false);
        }
        self.new_page()?;
        continued(self)?;
        Ok(true)
    }

    /// The pages as they are, with no footer or page number (letters).
    pub(crate) fn finish_unnumbered(mut self) -> Vec<Canvas> {
        self.done.push(std::mem::take(&mut self.page));
        self.done
    }

    /// Adds the footer and "Halaman N dari M" to every page and returns the pages.
    pub(crate) fn finish(mut self, footer: Option<&str>) -> Vec<Canvas> {
        self.done.push(std::mem::take(&mut self.page));
        let total = self.done.len();
        let fonts = self.fonts;
        let geom = self.geom;
        for (i, page) in self.done.iter_mut().enumerate() {
            let label = format!("Halaman {} dari {}", i + 1, total);
            let label_width = fonts.regular.width(&label, FOOTER_SIZE);
            page.text(
                fonts,
                geom.right,
                geom.footer_baseline,
                Align::Right,
                Weight::Regular,
                FOOTER_SIZE,
                NOTE_GREY,
                &label,
            );
            if let Some(footer) = footer {
                let room = geom.width() - label_width - 12.0;
                let text = fonts.regular.fit_one_line(footer, FOOTER_SIZE, room);
                page.text(
                    fonts,
                    geom.left,
                    geom.footer_baseline,
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
    use crate::pdf::canvas::Document;
    use crate::pdf::Fonts;

    fn row(flow: &Flow<'_>, table: &Table, text: &str, min_height: f32) -> Row {
        let lines = flow.lines(
            text,
            Weight::Regular,
            9.0,
            TEXT_GREY,
            table.text_width(0, 1),
            3,
        );
        Row {
            cells: vec![Cell {
                first: 0,
                last: 1,
                align: Align::Left,
                valign: VAlign::Middle,
                lines,
            }],
            fill: None,
            min_height,
        }
    }

    #[test]
    fn table_repeats_the_header_and_respects_the_page_limit() {
        let fonts = Fonts::dejavu_sans();
        let document = Document::new("t", &fonts).expect("fonts");
        let geom = Geometry::new(Paper::A4Portrait, (20.0, 20.0), 20.0, 20.0, 12.0);
        let calls = std::cell::Cell::new(0);
        let count_pages = |rows: usize, max: usize| -> Result<Vec<Canvas>, PdfError> {
            calls.set(0);
            let mut flow = Flow::new(document.fonts(), geom, max);
            let table = Table::new(geom.left, &[100.0, geom.width() - 100.0], vec![1]);
            let header = row(&flow, &table, "Kepala", 20.0);
            let body: Vec<Row> = (0..rows)
                .map(|i| row(&flow, &table, &format!("Baris {i}"), 50.0))
                .collect();
            let continued = |_: &mut Flow<'_>| -> Result<(), PdfError> {
                calls.set(calls.get() + 1);
                Ok(())
            };
            flow.table(&table, &header, &body, 0.0, &continued)?;
            Ok(flow.finish(None))
        };
        // 20 mm margins leave 728 pt: the header (20) and 14 rows of 50 per page.
        let pages = count_pages(14, 10).expect("one page");
        assert_eq!(pages.len(), 1);
        assert_eq!(calls.get(), 0);
        let pages = count_pages(15, 10).expect("two pages");
        assert_eq!(pages.len(), 2);
        assert_eq!(calls.get(), 1, "continued once, on page 2");
        let texts = pages[1].texts();
        assert_eq!(texts[0].4, "Kepala", "header first on the new page");
        assert!(texts.iter().any(|t| t.4 == "Baris 14"));
        assert!(texts.iter().any(|t| t.4.starts_with("Halaman 2 dari 2")));
        let err = count_pages(14 * 3 + 1, 3).err();
        assert_eq!(err, Some(PdfError::TooManyPages { max: 3 }));
        assert_eq!(count_pages(14 * 3, 3).map(|p| p.len()).ok(), Some(3));
    }

    #[test]
    fn spans_clamp_out_of_range_columns() {
        let table = Table::new(10.0, &[10.0, 20.0, 30.0], vec![2]);
        assert_eq!(table.span(0, 0), (10.0, 20.0));
        assert_eq!(table.span(1, 2), (20.0, 70.0));
        assert_eq!(
            table.span(5, 9),
            (70.0, 70.0),
            "out of range clamps, no panic"
        );
        assert_eq!(table.last_column(), 2);
        assert!(table.text_width(5, 9) >= 1.0);
    }
}
