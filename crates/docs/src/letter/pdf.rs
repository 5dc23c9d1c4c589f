//! A [`LetterDoc`] as an A4 PDF: 2.5 cm left margin for binding, the kop on each letter's
//! first page, justified body text, no page numbers (a letter's pages are not numbered in
//! the tata naskah dinas; a lampiran says whose lampiran it is).

use super::{
    check, Block, LetterDoc, Section, Signature, TextAlign, BODY_SIZE, INDENT_MM, MAX_PAGES,
    SIGN_ROOM_MM, SIGN_WIDTH_MM,
};
use crate::certificate::background;
use crate::pdf::canvas::{mm, Align, Document, Paper, Weight};
use crate::pdf::flow::{
    add_logo, Cell, Flow, Geometry, Line, Row, Table, VAlign, HEADER_GREY, LINE_FACTOR, TEXT_GREY,
};
use crate::pdf::{Fonts, PdfError};
use crate::photo::MAX_PHOTO_BYTES;

/// Space after a paragraph, in points.
const PARA_GAP: f32 = 5.0;
/// Type size of table cells.
const TABLE_SIZE: f32 = 10.0;
/// Most lines of one table cell (a long name, an OPD's full name).
const CELL_LINES: usize = 6;

/// The document as PDF bytes.
pub fn render_pdf(doc: &LetterDoc, fonts: &Fonts) -> Result<Vec<u8>, PdfError> {
    let (bytes, _warnings) = render_with_warnings(doc, fonts)?;
    Ok(bytes)
}

pub(crate) fn render_with_warnings(
    doc: &LetterDoc,
    fonts: &Fonts,
) -> Result<(Vec<u8>, Vec<String>), PdfError> {
    check(doc).map_err(|reason| PdfError::TooLarge { reason })?;
    let mut document = Document::new(&doc.title, fonts)?;
    let logo = add_logo(&mut document, doc.kop.logo.as_ref())?;
    let mut images = Vec::with_capacity(doc.images.len());
    for photo in &doc.images {
        let info = background::inspect_bytes(&photo.jpeg, "image/jpeg", MAX_PHOTO_BYTES)
            .map_err(|reason| PdfError::TooLarge { reason })?;
        let prepared = background::prepare_checked(&photo.jpeg, info)
            .map_err(|reason| PdfError::TooLarge { reason })?;
        images.push((
            document.add_image(&prepared.xobject),
            photo.width,
            photo.height,
        ));
    }
    let geom = geometry(doc.landscape);
    // The contents need every heading's page: lay out once to learn them (the contents'
    // own lines take the same room whatever their page numbers), then again.
    let (mut pages, headings) = layout(document.fonts(), geom, logo, doc, &images, None)?;
    if doc
        .sections
        .iter()
        .flat_map(|s| &s.blocks)
        .any(|b| *b == Block::Toc)
    {
        pages = layout(document.fonts(), geom, logo, doc, &images, Some(&headings))?.0;
    }
    document.finish(pages, paper(doc.landscape), MAX_PAGES)
}

/// The page index of every heading of `doc` as the PDF lays it out (the DOCX's contents
/// show them).
pub(crate) fn heading_pages(doc: &LetterDoc) -> Result<Vec<usize>, PdfError> {
    let fonts = Fonts::dejavu_sans();
    let mut document = Document::new(&doc.title, &fonts)?;
    let logo = add_logo(&mut document, doc.kop.logo.as_ref())?;
    let images: Vec<(usize, u32, u32)> = doc
        .images
        .iter()
        .enumerate()
        .map(|(i, p)| (i, p.width, p.height))
        .collect();
    let geom = geometry(doc.landscape);
    let (_, headings) = layout(document.fonts(), geom, logo, doc, &images, None)?;
    Ok(headings.into_iter().map(|h| h.2).collect())
}

/// A4 with 2.5 cm at the left for binding, 2 cm at the right and foot, 1.5 cm at the top
/// (the kop is tall).
/// Landscape (a wide payment list): 2 cm at the left and right, 1.5 cm at the top and
/// foot.
fn geometry(landscape: bool) -> Geometry {
    if landscape {
        Geometry::new(Paper::A4Landscape, (20.0, 20.0), 15.0, 15.0, 10.0)
    } else {
        Geometry::new(Paper::A4Portrait, (25.0, 20.0), 15.0, 20.0, 10.0)
    }
}

fn paper(landscape: bool) -> Paper {
    if landscape {
        Paper::A4Landscape
    } else {
        Paper::A4Portrait
    }
}

/// A heading as the contents list it: its text, level and page index.
type Heading = (String, u8, usize);

struct Ctx<'a> {
    doc: &'a LetterDoc,
    /// Per photo: its image index in the document and its pixel size.
    images: &'a [(usize, u32, u32)],
    /// The headings' pages from the first layout, for the contents.
    toc: Option<&'a [Heading]>,
    headings: Vec<Heading>,
}

fn layout(
    fonts: &crate::pdf::canvas::FontSet,
    geom: Geometry,
    logo: Option<f32>,
    doc: &LetterDoc,
    images: &[(usize, u32, u32)],
    toc: Option<&[Heading]>,
) -> Result<(Vec<crate::pdf::canvas::Canvas>, Vec<Heading>), PdfError> {
    let mut flow = Flow::new(fonts, geom, MAX_PAGES);
    flow.logo = logo;
    let mut ctx = Ctx {
        doc,
        images,
        toc,
        headings: Vec::new(),
    };
    for (i, section) in doc.sections.iter().enumerate() {
        if i > 0 {
            flow.new_page()?;
        }
        write_section(&mut flow, &mut ctx, section)?;
    }
    let pages = if doc.numbered {
        flow.finish(Some(&doc.title))
    } else {
        flow.finish_unnumbered()
    };
    Ok((pages, ctx.headings))
}

fn write_section(
    flow: &mut Flow<'_>,
    ctx: &mut Ctx<'_>,
    section: &Section,
) -> Result<(), PdfError> {
    let doc = ctx.doc;
    if section.kop {
        flow.letterhead(&doc.kop.heading, &doc.kop.details)?;
    }
    for block in &section.blocks {
        match block {
            Block::Text {
                text,
                align,
                bold,
                indent,
                size,
            } => {
                let weight = if *bold { Weight::Bold } else { Weight::Regular };
                paragraph(
                    flow,
                    text,
                    *align,
                    weight,
                    size.unwrap_or(BODY_SIZE),
                    *indent,
                )?;
            }
            Block::Fields { rows, indent } => fields(flow, rows, *indent)?,
            Block::Table {
                header,
                widths,
                align,
                rows,
                signing,
                total,
            } => table(
                flow,
                &TableSpec {
                    header,
                    widths,
                    align,
                    rows,
                    signing: *signing,
                    total: *total,
                    size: doc.table_size.unwrap_or(TABLE_SIZE),
                },
            )?,
            Block::Signature(s) => signatures(flow, std::slice::from_ref(s))?,
            Block::Signatures(s) => signatures(flow, s)?,
            Block::Gap(lines) => {
                flow.y += f32::from(*lines) * BODY_SIZE * LINE_FACTOR;
                if flow.y > flow.geom.bottom {
                    flow.new_page()?;
                }
            }
            Block::Heading { text, level } => {
                heading(flow, text, *level)?;
                ctx.headings.push((text.clone(), *level, flow.page_index()));
            }
            Block::Toc => contents(flow, doc, ctx.toc)?,
            Block::Photos(photos) => photo_grid(flow, ctx.images, photos)?,
            Block::Bars(bars) => bar_chart(flow, bars)?,
        }
    }
    Ok(())
}

fn heading(flow: &mut Flow<'_>, text: &str, level: u8) -> Result<(), PdfError> {
    let (size, align) = if level <= 1 {
        (12.5, TextAlign::Center)
    } else {
        (11.0, TextAlign::Left)
    };
    // A heading never ends a page: it keeps a few lines of what follows.
    let lines = flow
        .fonts
        .bold
        .wrap(text, size, flow.geom.width())
        .len()
        .max(1);
    let need = lines as f32 * size * LINE_FACTOR + 4.0 * BODY_SIZE * LINE_FACTOR;
    if !flow.at_page_top() && flow.y + need > flow.geom.bottom {
        flow.new_page()?;
    }
    if !flow.at_page_top() {
        flow.y += if level <= 1 { 10.0 } else { 4.0 };
    }
    paragraph(flow, text, align, Weight::Bold, size, false)?;
    if level <= 1 {
        flow.y += 6.0;
    }
    Ok(())
}

/// Every heading of `doc` with its page ("0" before the pages are known), a dot leader
/// between.
fn contents(
    flow: &mut Flow<'_>,
    doc: &LetterDoc,
    pages: Option<&[Heading]>,
) -> Result<(), PdfError> {
    let all: Vec<(&String, u8)> = doc
        .sections
        .iter()
        .flat_map(|s| &s.blocks)
        .filter_map(|b| match b {
            Block::Heading { text, level } => Some((text, *level)),
            _ => None,
        })
        .collect();
    let size = BODY_SIZE;
    let height = size * LINE_FACTOR * 1.15;
    for (i, (text, level)) in all.iter().enumerate() {
        if flow.y + height > flow.geom.bottom {
            flow.new_page()?;
        }
        let page = pages
            .and_then(|p| p.get(i))
            .map_or("0".to_string(), |h| (h.2 + 1).to_string());
        let weight = if *level <= 1 {
            Weight::Bold
        } else {
            Weight::Regular
        };
        let face = flow.fonts.face(weight);
        let indent = if *level <= 1 { 0.0 } else { mm(8.0) };
        let number_w = flow.fonts.regular.width(&page, size);
        let room = flow.geom.width() - indent - number_w - 24.0;
        let label = face.fit_one_line(text, size, room);
        let baseline = flow.baseline(weight, size, flow.y, height);
        let x = flow.geom.left + indent;
        flow.page.text(
            flow.fonts,
            x,
            baseline,
            Align::Left,
            weight,
            size,
            TEXT_GREY,
            &label,
        );
        let start = x + face.width(&label, size) + 6.0;
        let end = flow.geom.right - number_w - 6.0;
        let dot = flow.fonts.regular.width(".", size).max(1.0);
        let dots = ((end - start) / (dot * 1.6)).floor().max(0.0) as usize;
        if dots > 0 {
            let leader = ". ".repeat(dots);
            let leader = flow
                .fonts
                .regular
                .fit_one_line(leader.trim_end(), size, end - start);
            flow.page.text(
                flow.fonts,
                end,
                baseline,
                Align::Right,
                Weight::Regular,
                size,
                TEXT_GREY,
                &leader,
            );
        }
        flow.page.text(
            flow.fonts,
            flow.geom.right,
            baseline,
            Align::Right,
            Weight::Regular,
            size,
            TEXT_GREY,
            &page,
        );
        flow.y += height;
    }
    flow.y += PARA_GAP;
    Ok(())
}

/// Two photos per row, each in a box 4:3 of half the width, its caption under it; rows
/// never split.
fn photo_grid(
    flow: &mut Flow<'_>,
    images: &[(usize, u32, u32)],
    photos: &[(usize, String)],
) -> Result<(), PdfError> {
    let gap = mm(8.0);
    let cell_w = (flow.geom.width() - gap) / 2.0;
    let box_h = cell_w * 0.75;
    let caption_size = 9.5;
    for row in photos.chunks(2) {
        let captions: Vec<Vec<Line>> = row
            .iter()
            .map(|(_, c)| flow.lines(c, Weight::Regular, caption_size, TEXT_GREY, cell_w, 3))
            .collect();
        let caption_h = captions
            .iter()
            .map(|l| l.iter().map(Line::height).sum::<f32>())
            .fold(0.0_f32, f32::max);
        let row_h = box_h + 4.0 + caption_h + mm(6.0);
        if !flow.at_page_top() && flow.y + row_h > flow.geom.bottom {
            flow.new_page()?;
        }
        let top = flow.y;
        for (col, ((index, _), lines)) in row.iter().zip(&captions).enumerate() {
            let x0 = flow.geom.left + col as f32 * (cell_w + gap);
            if let Some(&(image, w, h)) = images.get(*index) {
                let ratio = w as f32 / h.max(1) as f32;
                let (iw, ih) = if box_h * ratio <= cell_w {
                    (box_h * ratio, box_h)
                } else {
                    (cell_w, cell_w / ratio)
                };
                let (ix, iy) = (x0 + (cell_w - iw) / 2.0, top + (box_h - ih) / 2.0);
                flow.page.image_at(image, ix, iy, iw, ih);
            }
            let mut y = top + box_h + 4.0;
            for l in lines {
                let h = l.height();
                let b = flow.baseline(l.weight, l.size, y, h);
                flow.page.text(
                    flow.fonts,
                    x0 + cell_w / 2.0,
                    b,
                    Align::Center,
                    l.weight,
                    l.size,
                    l.grey,
                    &l.text,
                );
                y += h;
            }
        }
        flow.y = top + row_h;
    }
    Ok(())
}

/// Rows of a label (at most three lines), a bar in its light track, and a note.
fn bar_chart(flow: &mut Flow<'_>, bars: &[super::Bar]) -> Result<(), PdfError> {
    let size = 9.5;
    let width = flow.geom.width();
    let label_w = width * 0.42;
    let gap = mm(3.0);
    let note_w = mm(24.0);
    let track_w = width - label_w - note_w - 2.0 * gap;
    let bar_h = size * 0.95;
    for bar in bars {
        let lines = flow.lines(&bar.label, Weight::Regular, size, TEXT_GREY, label_w, 3);
        let text_h: f32 = lines.iter().map(Line::height).sum();
        let row_h = text_h.max(bar_h) + 3.0;
        if !flow.at_page_top() && flow.y + row_h > flow.geom.bottom {
            flow.new_page()?;
        }
        let top = flow.y;
        let mut y = top;
        for l in &lines {
            let h = l.height();
            let b = flow.baseline(l.weight, l.size, y, h);
            flow.page.text(
                flow.fonts,
                flow.geom.left,
                b,
                Align::Left,
                l.weight,
                l.size,
                l.grey,
                &l.text,
            );
            y += h;
        }
        let first_h = lines.first().map_or(bar_h, Line::height);
        let bar_top = top + (first_h - bar_h) / 2.0;
        let x = flow.geom.left + label_w + gap;
        flow.page.fill(x, bar_top, track_w, bar_h, 0.93);
        let w = track_w * bar.share();
        if w > 0.0 {
            flow.page
                .fill(x, bar_top, w, bar_h, if bar.strong { 0.12 } else { 0.45 });
        }
        let weight = if bar.strong {
            Weight::Bold
        } else {
            Weight::Regular
        };
        let b = flow.baseline(weight, size, top, first_h);
        flow.page.text(
            flow.fonts,
            flow.geom.left + width,
            b,
            Align::Right,
            weight,
            size,
            TEXT_GREY,
            &bar.note,
        );
        flow.y = top + row_h;
    }
    flow.y += 4.0;
    Ok(())
}

fn no_heading(_: &mut Flow<'_>) -> Result<(), PdfError> {
    Ok(())
}

/// Greedy word wrap where the first line is `first` wide and the rest `rest` wide.
/// Returns the lines and, per line, whether it ends its paragraph line (a `\n` or the
/// end), which a justified paragraph leaves ragged.
fn wrap_words(
    flow: &Flow<'_>,
    weight: Weight,
    size: f32,
    text: &str,
    first: f32,
    rest: f32,
) -> Vec<(String, bool)> {
    let face = flow.fonts.face(weight);
    let mut out: Vec<(String, bool)> = Vec::new();
    for (n, hard_line) in text.split('\n').enumerate() {
        let clean = face.clean(hard_line.trim_end());
        let mut line = String::new();
        let width_of = |out: &Vec<(String, bool)>| {
            if n == 0 && out.is_empty() {
                first
            } else {
                rest
            }
        };
        // Leading spaces are kept (an indented "Tempat" under "di").
        let lead: String = clean.chars().take_while(|c| *c == ' ').collect();
        line.push_str(&lead);
        for word in clean.split_whitespace() {
            let width = width_of(&out);
            let candidate = if line.trim().is_empty() {
                format!("{line}{word}")
            } else {
                format!("{line} {word}")
            };
            if face.width(&candidate, size) <= width {
                line = candidate;
                continue;
            }
            if !line.trim().is_empty() {
                out.push((std::mem::take(&mut line), false));
            }
            let width = width_of(&out);
            if face.width(word, size) <= width {
                line = word.to_string();
            } else {
                // A word wider than the line (a long URL): cut it.
                let mut pieces = face.wrap(word, size, width);
                let last = pieces.pop().unwrap_or_default();
                out.extend(pieces.into_iter().map(|p| (p, false)));
                line = last;
            }
        }
        out.push((line, true));
    }
    out
}

fn paragraph(
    flow: &mut Flow<'_>,
    text: &str,
    align: TextAlign,
    weight: Weight,
    size: f32,
    indent: bool,
) -> Result<(), PdfError> {
    let width = flow.geom.width();
    let indent = if indent { mm(INDENT_MM) } else { 0.0 };
    let lines = wrap_words(flow, weight, size, text, width - indent, width);
    let height = size * LINE_FACTOR;
    for (i, (line, ends)) in lines.iter().enumerate() {
        if flow.y + height > flow.geom.bottom {
            flow.new_page()?;
        }
        let x0 = flow.geom.left + if i == 0 { indent } else { 0.0 };
        let room = flow.geom.right - x0;
        let baseline = flow.baseline(weight, size, flow.y, height);
        let face = flow.fonts.face(weight);
        match align {
            TextAlign::Justify if !ends && line.split_whitespace().count() > 1 => {
                let words: Vec<&str> = line.split_whitespace().collect();
                let used: f32 = words.iter().map(|w| face.width(w, size)).sum();
                let gap = (room - used) / (words.len() - 1) as f32;
                let mut x = x0;
                for w in words {
                    let ww = face.width(w, size);
                    flow.page.text(
                        flow.fonts,
                        x,
                        baseline,
                        Align::Left,
                        weight,
                        size,
                        TEXT_GREY,
                        w,
                    );
                    x += ww + gap;
                }
            }
            TextAlign::Justify | TextAlign::Left => {
                flow.page.text(
                    flow.fonts,
                    x0,
                    baseline,
                    Align::Left,
                    weight,
                    size,
                    TEXT_GREY,
                    line,
                );
            }
            TextAlign::Center => flow.page.text(
                flow.fonts,
                (flow.geom.left + flow.geom.right) / 2.0,
                baseline,
                Align::Center,
                weight,
                size,
                TEXT_GREY,
                line.trim(),
            ),
            TextAlign::Right => flow.page.text(
                flow.fonts,
                flow.geom.right,
                baseline,
                Align::Right,
                weight,
                size,
                TEXT_GREY,
                line.trim(),
            ),
        }
        flow.y += height;
    }
    flow.y += PARA_GAP;
    Ok(())
}

fn fields(flow: &mut Flow<'_>, rows: &[(String, String)], indent: bool) -> Result<(), PdfError> {
    let size = BODY_SIZE;
    let face = flow.fonts.face(Weight::Regular);
    let left = flow.geom.left + if indent { mm(INDENT_MM) } else { 0.0 };
    let label_w = rows
        .iter()
        .map(|(l, _)| face.width(&face.clean(l), size))
        .fold(0.0_f32, f32::max)
        .min(flow.geom.width() / 3.0);
    let colon_x = left + label_w + 6.0;
    let value_x = colon_x + face.width(":", size) + 6.0;
    let value_w = (flow.geom.right - value_x).max(20.0);
    let height = size * LINE_FACTOR;
    for (label, value) in rows {
        let label_lines = flow.lines(label, Weight::Regular, size, TEXT_GREY, label_w, 3);
        let mut value_lines = Vec::new();
        for part in value.split('\n') {
            value_lines.extend(flow.lines(part, Weight::Regular, size, TEXT_GREY, value_w, 8));
        }
        let n = label_lines.len().max(value_lines.len()).max(1);
        if flow.y + n as f32 * height > flow.geom.bottom {
            flow.new_page()?;
        }
        let top = flow.y;
        let baseline = |flow: &Flow<'_>, i: usize| {
            flow.baseline(Weight::Regular, size, top + i as f32 * height, height)
        };
        for (i, l) in label_lines.iter().enumerate() {
            let b = baseline(flow, i);
            flow.page.text(
                flow.fonts,
                left,
                b,
                Align::Left,
                l.weight,
                size,
                TEXT_GREY,
                &l.text,
            );
        }
        let b = baseline(flow, 0);
        flow.page.text(
            flow.fonts,
            colon_x,
            b,
            Align::Left,
            Weight::Regular,
            size,
            TEXT_GREY,
            ":",
        );
        for (i, l) in value_lines.iter().enumerate() {
            let b = baseline(flow, i);
            flow.page.text(
                flow.fonts,
                value_x,
                b,
                Align::Left,
                l.weight,
                size,
                TEXT_GREY,
                &l.text,
            );
        }
        flow.y = top + n as f32 * height;
    }
    flow.y += PARA_GAP;
    Ok(())
}

fn pdf_align(a: TextAlign) -> Align {
    match a {
        TextAlign::Center => Align::Center,
        TextAlign::Right => Align::Right,
        TextAlign::Justify | TextAlign::Left => Align::Left,
    }
}

/// A [`Block::Table`] as [`table`] lays it out.
struct TableSpec<'a> {
    header: &'a [String],
    widths: &'a [u16],
    align: &'a [TextAlign],
    rows: &'a [Vec<String>],
    signing: bool,
    total: bool,
    size: f32,
}

/// Which row of a table: the header, a body row (its index from 0), the total.
#[derive(Clone, Copy)]
enum RowKind {
    Head,
    Body(usize),
    Total,
}

/// Height of a row to sign in, in millimetres.
const SIGN_ROW_MM: f32 = 10.0;

fn table(flow: &mut Flow<'_>, spec: &TableSpec<'_>) -> Result<(), PdfError> {
    let TableSpec {
        header,
        widths,
        align,
        rows,
        signing,
        total,
        size,
    } = *spec;
    let columns = header.len().max(1);
    // Small type (a wide payment list) leaves room for more lines in a cell.
    let cell_lines = if size < TABLE_SIZE {
        CELL_LINES * 2
    } else {
        CELL_LINES
    };
    let weight_sum: f32 = (0..columns)
        .map(|i| f32::from(widths.get(i).copied().unwrap_or(1).max(1)))
        .sum();
    let widths: Vec<f32> = (0..columns)
        .map(|i| {
            flow.geom.width() * f32::from(widths.get(i).copied().unwrap_or(1).max(1)) / weight_sum
        })
        .collect();
    let t = Table::new(flow.geom.left, &widths, Vec::new());
    let row = |flow: &Flow<'_>, cells: &[String], kind: RowKind| Row {
        cells: (0..columns)
            .map(|i| Cell {
                first: i,
                last: i,
                align: match kind {
                    RowKind::Head => Align::Center,
                    RowKind::Body(n) if signing && i + 1 == columns => {
                        if n % 2 == 0 {
                            Align::Left
                        } else {
                            Align::Right
                        }
                    }
                    _ => pdf_align(align.get(i).copied().unwrap_or(TextAlign::Left)),
                },
                valign: VAlign::Middle,
                lines: flow.lines(
                    cells.get(i).map(String::as_str).unwrap_or(""),
                    if matches!(kind, RowKind::Body(_)) {
                        Weight::Regular
                    } else {
                        Weight::Bold
                    },
                    size,
                    TEXT_GREY,
                    t.text_width(i, i),
                    cell_lines,
                ),
            })
            .collect(),
        fill: matches!(kind, RowKind::Head).then_some(HEADER_GREY),
        min_height: if signing && matches!(kind, RowKind::Body(_)) {
            mm(SIGN_ROW_MM)
        } else {
            0.0
        },
    };
    let head = row(flow, header, RowKind::Head);
    let body: Vec<Row> = rows
        .iter()
        .enumerate()
        .map(|(n, r)| {
            let kind = if total && n + 1 == rows.len() {
                RowKind::Total
            } else {
                RowKind::Body(n)
            };
            row(flow, r, kind)
        })
        .collect();
    flow.table(&t, &head, &body, 0.0, &no_heading)?;
    flow.y += PARA_GAP * 2.0;
    Ok(())
}

/// The lines of one signature block `width` wide: each line, whether it is underlined
/// (the name), and the room after it (to sign in, after the position).
fn signature_lines(flow: &Flow<'_>, s: &Signature, width: f32) -> Vec<(Line, bool, f32)> {
    let size = BODY_SIZE;
    let mut lines: Vec<(Line, bool, f32)> = Vec::new();
    let regular = |text: &str| {
        let mut out = Vec::new();
        for part in text.split('\n') {
            out.extend(flow.lines(part, Weight::Regular, size, TEXT_GREY, width, 3));
        }
        out
    };
    if !s.place_date.trim().is_empty() {
        lines.extend(regular(&s.place_date).into_iter().map(|l| (l, false, 0.0)));
    }
    lines.extend(regular(&s.position).into_iter().map(|l| (l, false, 0.0)));
    if let Some(last) = lines.last_mut() {
        last.2 = mm(SIGN_ROOM_MM);
    }
    let names = flow.lines(&s.name, Weight::Bold, size, TEXT_GREY, width, 2);
    if names.is_empty() {
        let dots = flow
            .fonts
            .regular
            .fit_one_line(&".".repeat(40), size, width.min(mm(55.0)));
        lines.push((
            Line {
                text: dots,
                weight: Weight::Regular,
                size,
                grey: TEXT_GREY,
            },
            false,
            0.0,
        ));
    }
    lines.extend(names.into_iter().map(|l| (l, true, 0.0)));
    if !s.rank.trim().is_empty() {
        lines.extend(regular(&s.rank).into_iter().map(|l| (l, false, 0.0)));
    }
    if !s.nip.trim().is_empty() {
        lines.extend(
            regular(&format!("NIP. {}", s.nip.trim()))
                .into_iter()
                .map(|l| (l, false, 0.0)),
        );
    }
    lines
}

/// Signature blocks side by side, kept whole on one page: one sits at the right margin
/// (a letter's), two split the width ("Mengetahui" left, the maker right).
fn signatures(flow: &mut Flow<'_>, all: &[Signature]) -> Result<(), PdfError> {
    if all.is_empty() {
        return Ok(());
    }
    let n = all.len() as f32;
    let width = if all.len() == 1 {
        mm(SIGN_WIDTH_MM).min(flow.geom.width())
    } else {
        (flow.geom.width() / n - mm(4.0)).max(40.0)
    };
    let blocks: Vec<Vec<(Line, bool, f32)>> = all
        .iter()
        .map(|s| signature_lines(flow, s, width))
        .collect();
    // Blocks line up on their names: the one with fewer lines above starts lower.
    let above = |b: &Vec<(Line, bool, f32)>| -> f32 {
        b.iter()
            .take_while(|(_, named, _)| !named)
            .map(|(l, _, gap)| l.height() + gap)
            .sum()
    };
    let top_room = blocks.iter().map(above).fold(0.0_f32, f32::max);
    let height = blocks
        .iter()
        .map(|b| top_room - above(b) + b.iter().map(|(l, _, gap)| l.height() + gap).sum::<f32>())
        .fold(0.0_f32, f32::max);
    flow.keep(PARA_GAP, height, &no_heading)?;
    let start = flow.y;
    for (i, lines) in blocks.iter().enumerate() {
        let centre = if all.len() == 1 {
            flow.geom.right - width / 2.0
        } else {
            flow.geom.left + flow.geom.width() / n * (i as f32 + 0.5)
        };
        flow.y = start + top_room - above(lines);
        for (line, underline, gap) in lines {
            let h = line.height();
            let baseline = flow.baseline(line.weight, line.size, flow.y, h);
            flow.put_line(centre, Align::Center, line);
            if *underline {
                let w = flow.fonts.face(line.weight).width(&line.text, line.size);
                let y = baseline + line.size * 0.15;
                flow.page
                    .line(centre - w / 2.0, y, centre + w / 2.0, y, 0.7, TEXT_GREY);
            }
            flow.y += gap;
        }
    }
    flow.y = start + height + PARA_GAP;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_letter_and_its_lampiran_render_without_warnings() {
        let doc = super::super::sample();
        let (bytes, warnings) = render_with_warnings(&doc, &Fonts::dejavu_sans()).expect("pdf");
        assert!(warnings.is_empty(), "{warnings:?}");
        assert!(bytes.starts_with(b"%PDF"));
    }

    #[test]
    fn a_report_has_its_contents_photos_and_page_numbers() {
        let doc = super::super::sample_report();
        let (bytes, warnings) = render_with_warnings(&doc, &Fonts::dejavu_sans()).expect("pdf");
        assert!(warnings.is_empty(), "{warnings:?}");
        let fonts = Fonts::dejavu_sans();
        let document = Document::new("t", &fonts).expect("fonts");
        let geom = geometry(false);
        let images = [(0, 640, 480), (1, 480, 640)];
        let (pages, headings) =
            layout(document.fonts(), geom, None, &doc, &images, None).expect("layout");
        assert_eq!(pages.len(), 4);
        assert_eq!(
            headings,
            [
                ("BAB I PENDAHULUAN".to_string(), 1, 2),
                ("A. Latar Belakang".to_string(), 2, 2),
                ("LAMPIRAN DOKUMENTASI".to_string(), 1, 3)
            ]
        );
        let (pages, _) =
            layout(document.fonts(), geom, None, &doc, &images, Some(&headings)).expect("layout");
        let toc: Vec<String> = pages[1].texts().into_iter().map(|t| t.4).collect();
        assert!(toc.contains(&"BAB I PENDAHULUAN".to_string()), "{toc:?}");
        assert!(
            toc.contains(&"3".to_string()) && toc.contains(&"4".to_string()),
            "{toc:?}"
        );
        assert!(toc.iter().any(|t| t == "Halaman 2 dari 4"), "{toc:?}");
        assert!(bytes.starts_with(b"%PDF"));
    }

    #[test]
    fn too_many_sections_is_refused_before_layout() {
        let mut doc = super::super::sample();
        let one = doc.sections[0].clone();
        doc.sections = vec![one; super::super::MAX_SECTIONS + 1];
        let err = render_pdf(&doc, &Fonts::dejavu_sans()).unwrap_err();
        assert!(err.to_string().contains("terlalu banyak surat"), "{err}");
    }
}
