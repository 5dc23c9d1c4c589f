//! A [`LetterDoc`] as an A4 PDF: 2.5 cm left margin for binding, the kop on each letter's
//! first page, justified body text, no page numbers (a letter's pages are not numbered in
//! the tata naskah dinas; a lampiran says whose lampiran it is).

use super::{
    check, Block, LetterDoc, Section, Signature, TextAlign, BODY_SIZE, INDENT_MM, MAX_PAGES,
    SIGN_ROOM_MM, SIGN_WIDTH_MM,
};
use crate::pdf::canvas::{mm, Align, Document, Paper, Weight};
use crate::pdf::flow::{
    add_logo, Cell, Flow, Geometry, Line, Row, Table, VAlign, HEADER_GREY, LINE_FACTOR, TEXT_GREY,
};
use crate::pdf::{Fonts, PdfError};

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
    let pages = {
        let geom = Geometry::new(Paper::A4Portrait, (25.0, 20.0), 15.0, 20.0, 10.0);
        let mut flow = Flow::new(document.fonts(), geom, MAX_PAGES);
        flow.logo = logo;
        for (i, section) in doc.sections.iter().enumerate() {
            if i > 0 {
                flow.new_page()?;
            }
            write_section(&mut flow, doc, section)?;
        }
        flow.finish_unnumbered()
    };
    document.finish(pages, Paper::A4Portrait, MAX_PAGES)
}

fn write_section(flow: &mut Flow<'_>, doc: &LetterDoc, section: &Section) -> Result<(), PdfError> {
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
            } => table(flow, header, widths, align, rows)?,
            Block::Signature(s) => signature(flow, s)?,
            Block::Gap(lines) => {
                flow.y += f32::from(*lines) * BODY_SIZE * LINE_FACTOR;
                if flow.y > flow.geom.bottom {
                    flow.new_page()?;
                }
            }
        }
    }
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

fn table(
    flow: &mut Flow<'_>,
    header: &[String],
    widths: &[u16],
    align: &[TextAlign],
    rows: &[Vec<String>],
) -> Result<(), PdfError> {
    let columns = header.len().max(1);
    let total: f32 = (0..columns)
        .map(|i| f32::from(widths.get(i).copied().unwrap_or(1).max(1)))
        .sum();
    let widths: Vec<f32> = (0..columns)
        .map(|i| flow.geom.width() * f32::from(widths.get(i).copied().unwrap_or(1).max(1)) / total)
        .collect();
    let t = Table::new(flow.geom.left, &widths, Vec::new());
    let row = |flow: &Flow<'_>, cells: &[String], weight: Weight, header: bool| Row {
        cells: (0..columns)
            .map(|i| Cell {
                first: i,
                last: i,
                align: if header {
                    Align::Center
                } else {
                    pdf_align(align.get(i).copied().unwrap_or(TextAlign::Left))
                },
                valign: VAlign::Middle,
                lines: flow.lines(
                    cells.get(i).map(String::as_str).unwrap_or(""),
                    weight,
                    TABLE_SIZE,
                    TEXT_GREY,
                    t.text_width(i, i),
                    CELL_LINES,
                ),
            })
            .collect(),
        fill: header.then_some(HEADER_GREY),
        min_height: 0.0,
    };
    let head = row(flow, header, Weight::Bold, true);
    let body: Vec<Row> = rows
        .iter()
        .map(|r| row(flow, r, Weight::Regular, false))
        .collect();
    flow.table(&t, &head, &body, 0.0, &no_heading)?;
    flow.y += PARA_GAP * 2.0;
    Ok(())
}

fn signature(flow: &mut Flow<'_>, s: &Signature) -> Result<(), PdfError> {
    let size = BODY_SIZE;
    let width = mm(SIGN_WIDTH_MM).min(flow.geom.right - flow.geom.left);
    let left = (flow.geom.right - width).max(flow.geom.left);
    let mut lines: Vec<(Line, bool, f32)> = Vec::new();
    let regular = |flow: &Flow<'_>, text: &str| {
        let mut out = Vec::new();
        for part in text.split('\n') {
            out.extend(flow.lines(part, Weight::Regular, size, TEXT_GREY, width, 3));
        }
        out
    };
    if !s.place_date.trim().is_empty() {
        lines.extend(
            regular(flow, &s.place_date)
                .into_iter()
                .map(|l| (l, false, 0.0)),
        );
    }
    lines.extend(
        regular(flow, &s.position)
            .into_iter()
            .map(|l| (l, false, 0.0)),
    );
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
        lines.extend(regular(flow, &s.rank).into_iter().map(|l| (l, false, 0.0)));
    }
    if !s.nip.trim().is_empty() {
        lines.extend(
            regular(flow, &format!("NIP. {}", s.nip.trim()))
                .into_iter()
                .map(|l| (l, false, 0.0)),
        );
    }
    let height: f32 = lines.iter().map(|(l, _, gap)| l.height() + gap).sum();
    flow.keep(PARA_GAP, height, &no_heading)?;
    let centre = left + width / 2.0;
    for (line, underline, gap) in &lines {
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
    flow.y += PARA_GAP;
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
    fn too_many_sections_is_refused_before_layout() {
        let mut doc = super::super::sample();
        let one = doc.sections[0].clone();
        doc.sections = vec![one; super::super::MAX_SECTIONS + 1];
        let err = render_pdf(&doc, &Fonts::dejavu_sans()).unwrap_err();
        assert!(err.to_string().contains("terlalu banyak surat"), "{err}");
    }
}
