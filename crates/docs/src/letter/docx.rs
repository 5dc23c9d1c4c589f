//! A [`LetterDoc`] as a Word document (Office Open XML, `.docx`): the same A4 page,
//! margins, kop, blocks and signature as the PDF, in plain WordprocessingML that Word and
//! LibreOffice both open and that the organizer can edit. Arial 11 pt (Word on an office
//! PC has it; LibreOffice substitutes the metric-compatible Liberation Sans).
//!
//! Every string goes through [`esc`]: XML-escaped, and characters XML 1.0 forbids
//! dropped, so no data can break out of its element.

use std::io::Write as _;

use super::{
    check, Block, LetterDoc, Signature, TextAlign, INDENT_MM, SIGN_ROOM_MM, SIGN_WIDTH_MM,
};
use crate::pdf::flow::logo_box;

/// Why a DOCX could not be made; `Display` is Indonesian.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DocxError {
    #[error("Dokumen tidak dapat dibuat: {0}. Bagi menjadi beberapa dokumen.")]
    TooLarge(String),
    #[error(
        "Logo instansi tidak dapat dipakai: {0} Ganti logonya di Pengaturan → Profil instansi."
    )]
    InvalidLogo(String),
    #[error("Berkas DOCX tidak dapat ditulis: {0}")]
    Write(String),
}

/// Twentieths of a point per millimetre.
const TWIPS_PER_MM: f32 = 56.692_913;
/// English Metric Units per point (images).
const EMU_PER_PT: f32 = 12_700.0;
const PAGE_W: u32 = 11_906;
const PAGE_H: u32 = 16_838;
const MARGIN_LEFT_MM: f32 = 25.0;
const MARGIN_RIGHT_MM: f32 = 20.0;
const MARGIN_TOP_MM: f32 = 15.0;
const MARGIN_BOTTOM_MM: f32 = 20.0;
/// Half-points.
const BODY_HALF_PT: u32 = 22;
const TABLE_HALF_PT: u32 = 20;

fn twips(mm: f32) -> u32 {
    (mm * TWIPS_PER_MM).round() as u32
}

fn text_width() -> u32 {
    PAGE_W - twips(MARGIN_LEFT_MM) - twips(MARGIN_RIGHT_MM)
}

/// `s` escaped for XML text and attributes, without the characters XML 1.0 forbids.
pub(crate) fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\t' => out.push(' '),
            c if (c as u32) < 0x20 || c == '\u{FFFE}' || c == '\u{FFFF}' => {}
            c => out.push(c),
        }
    }
    out
}

fn jc(align: TextAlign) -> &'static str {
    match align {
        TextAlign::Justify => "both",
        TextAlign::Left => "left",
        TextAlign::Center => "center",
        TextAlign::Right => "right",
    }
}

/// Run properties: bold, underline, size in half-points.
fn rpr(bold: bool, underline: bool, half_pt: u32) -> String {
    let mut s = String::from("<w:rPr>");
    if bold {
        s.push_str("<w:b/>");
    }
    if underline {
        s.push_str("<w:u w:val=\"single\"/>");
    }
    if half_pt != BODY_HALF_PT {
        s.push_str(&format!(
            "<w:sz w:val=\"{half_pt}\"/><w:szCs w:val=\"{half_pt}\"/>"
        ));
    }
    s.push_str("</w:rPr>");
    s
}

/// Runs for `text`, a `<w:br/>` for every `\n`.
fn runs(text: &str, props: &str) -> String {
    let mut out = String::new();
    for (i, line) in text.split('\n').enumerate() {
        if i > 0 {
            out.push_str(&format!("<w:r>{props}<w:br/></w:r>"));
        }
        if !line.is_empty() {
            out.push_str(&format!(
                "<w:r>{props}<w:t xml:space=\"preserve\">{}</w:t></w:r>",
                esc(line)
            ));
        }
    }
    out
}

struct Para<'a> {
    text: &'a str,
    align: TextAlign,
    bold: bool,
    underline: bool,
    half_pt: u32,
    first_line: u32,
    left: u32,
    after: u32,
    keep_next: bool,
}

impl Para<'_> {
    fn xml(&self) -> String {
        let mut p = String::from("<w:p><w:pPr>");
        if self.keep_next {
            p.push_str("<w:keepNext/>");
        }
        p.push_str(&format!(
            "<w:spacing w:before=\"0\" w:after=\"{}\" w:line=\"264\" w:lineRule=\"auto\"/>",
            self.after
        ));
        if self.first_line > 0 || self.left > 0 {
            p.push_str(&format!(
                "<w:ind w:left=\"{}\" w:firstLine=\"{}\"/>",
                self.left, self.first_line
            ));
        }
        p.push_str(&format!("<w:jc w:val=\"{}\"/>", jc(self.align)));
        let props = rpr(self.bold, self.underline, self.half_pt);
        p.push_str(&props);
        p.push_str("</w:pPr>");
        p.push_str(&runs(self.text, &props));
        p.push_str("</w:p>");
        p
    }
}

fn para(text: &str, align: TextAlign) -> Para<'_> {
    Para {
        text,
        align,
        bold: false,
        underline: false,
        half_pt: BODY_HALF_PT,
        first_line: 0,
        left: 0,
        after: 100,
        keep_next: false,
    }
}

const NO_BORDERS: &str = "<w:tblBorders><w:top w:val=\"nil\"/><w:left w:val=\"nil\"/>\
<w:bottom w:val=\"nil\"/><w:right w:val=\"nil\"/><w:insideH w:val=\"nil\"/>\
<w:insideV w:val=\"nil\"/></w:tblBorders>";

const BORDERS: &str = "<w:tblBorders><w:top w:val=\"single\" w:sz=\"4\" w:color=\"404040\"/>\
<w:left w:val=\"single\" w:sz=\"4\" w:color=\"404040\"/>\
<w:bottom w:val=\"single\" w:sz=\"4\" w:color=\"404040\"/>\
<w:right w:val=\"single\" w:sz=\"4\" w:color=\"404040\"/>\
<w:insideH w:val=\"single\" w:sz=\"4\" w:color=\"404040\"/>\
<w:insideV w:val=\"single\" w:sz=\"4\" w:color=\"404040\"/></w:tblBorders>";

/// A table with fixed column widths (twips), `indent` from the left margin.
fn table_open(widths: &[u32], borders: &str, indent: u32) -> String {
    let total: u32 = widths.iter().sum();
    let mut s = format!(
        "<w:tbl><w:tblPr><w:tblW w:w=\"{total}\" w:type=\"dxa\"/><w:tblInd w:w=\"{indent}\" \
         w:type=\"dxa\"/>{borders}<w:tblLayout w:type=\"fixed\"/><w:tblCellMar>\
         <w:left w:w=\"70\" w:type=\"dxa\"/><w:right w:w=\"70\" w:type=\"dxa\"/>\
         </w:tblCellMar></w:tblPr><w:tblGrid>"
    );
    for w in widths {
        s.push_str(&format!("<w:gridCol w:w=\"{w}\"/>"));
    }
    s.push_str("</w:tblGrid>");
    s
}

fn cell(width: u32, fill: Option<&str>, content: &str) -> String {
    let shade = fill
        .map(|f| format!("<w:shd w:val=\"clear\" w:color=\"auto\" w:fill=\"{f}\"/>"))
        .unwrap_or_default();
    format!(
        "<w:tc><w:tcPr><w:tcW w:w=\"{width}\" w:type=\"dxa\"/>{shade}<w:vAlign w:val=\"center\"/>\
         </w:tcPr>{content}</w:tc>"
    )
}

fn logo_drawing(width_pt: f32, height_pt: f32) -> String {
    drawing("rIdLogo", 1, "Logo", width_pt, height_pt)
}

/// An inline picture of `width_pt` × `height_pt` from the part `rel`; `id` unique in the
/// document.
fn drawing(rel: &str, id: usize, name: &str, width_pt: f32, height_pt: f32) -> String {
    let (cx, cy) = (
        (width_pt * EMU_PER_PT).round() as u64,
        (height_pt * EMU_PER_PT).round() as u64,
    );
    format!(
        "<w:r><w:drawing><wp:inline distT=\"0\" distB=\"0\" distL=\"0\" distR=\"0\">\
         <wp:extent cx=\"{cx}\" cy=\"{cy}\"/><wp:docPr id=\"{id}\" name=\"{name}\"/>\
         <a:graphic><a:graphicData uri=\"http://schemas.openxmlformats.org/drawingml/2006/picture\">\
         <pic:pic><pic:nvPicPr><pic:cNvPr id=\"{id}\" name=\"{name}\"/><pic:cNvPicPr/></pic:nvPicPr>\
         <pic:blipFill><a:blip r:embed=\"{rel}\"/><a:stretch><a:fillRect/></a:stretch></pic:blipFill>\
         <pic:spPr><a:xfrm><a:off x=\"0\" y=\"0\"/><a:ext cx=\"{cx}\" cy=\"{cy}\"/></a:xfrm>\
         <a:prstGeom prst=\"rect\"><a:avLst/></a:prstGeom></pic:spPr></pic:pic>\
         </a:graphicData></a:graphic></wp:inline></w:drawing></w:r>"
    )
}

/// The kop: logo | centred lines | an empty column as wide as the logo's (so the lines
/// stay centred on the page), then the thick-thin double rule.
fn kop(doc: &LetterDoc, logo_ratio: Option<f32>) -> String {
    let lines = crate::pdf::flow::kop_lines(&doc.kop.heading, &doc.kop.details);
    if lines.is_empty() {
        return String::new();
    }
    let mut text = String::new();
    for (line, weight, size) in &lines {
        let mut p = para(line, TextAlign::Center);
        p.bold = matches!(weight, crate::pdf::canvas::Weight::Bold);
        p.half_pt = (size * 2.0).round() as u32;
        p.after = 0;
        text.push_str(&p.xml());
    }
    let mut out = String::new();
    match logo_ratio {
        Some(ratio) => {
            let (w, h) = logo_box(ratio);
            let side = twips(30.0);
            let middle = text_width() - 2 * side;
            out.push_str(&table_open(&[side, middle, side], NO_BORDERS, 0));
            out.push_str("<w:tr>");
            let image = format!(
                "<w:p><w:pPr><w:spacing w:after=\"0\"/><w:jc w:val=\"left\"/></w:pPr>{}</w:p>",
                logo_drawing(w, h)
            );
            out.push_str(&cell(side, None, &image));
            out.push_str(&cell(middle, None, &text));
            out.push_str(&cell(side, None, "<w:p/>"));
            out.push_str("</w:tr></w:tbl>");
        }
        None => out.push_str(&text),
    }
    out.push_str(
        "<w:p><w:pPr><w:pBdr><w:bottom w:val=\"thickThinSmallGap\" w:sz=\"24\" w:space=\"1\" \
         w:color=\"000000\"/></w:pBdr><w:spacing w:before=\"60\" w:after=\"280\"/>\
         <w:rPr><w:sz w:val=\"4\"/></w:rPr></w:pPr></w:p>",
    );
    out
}

fn fields(rows: &[(String, String)], indent: bool) -> String {
    let longest = rows
        .iter()
        .map(|(l, _)| l.chars().count())
        .max()
        .unwrap_or(0)
        .clamp(4, 24) as u32;
    // About 0.55 em per character of Arial 11 pt, plus a little air.
    let label = longest * 125 + 120;
    let colon = 220;
    let left = if indent { twips(INDENT_MM) } else { 0 };
    let value = text_width().saturating_sub(left + label + colon).max(1_000);
    let mut out = table_open(&[label, colon, value], NO_BORDERS, left);
    for (l, v) in rows {
        out.push_str("<w:tr><w:trPr><w:cantSplit/></w:trPr>");
        let p = |text: &str| {
            let mut p = para(text, TextAlign::Left);
            p.after = 0;
            p.xml()
        };
        out.push_str(&cell(label, None, &p(l)));
        out.push_str(&cell(colon, None, &p(":")));
        out.push_str(&cell(value, None, &p(v)));
        out.push_str("</w:tr>");
    }
    out.push_str("</w:tbl>");
    out.push_str(&spacer(100));
    out
}

fn spacer(after: u32) -> String {
    format!(
        "<w:p><w:pPr><w:spacing w:before=\"0\" w:after=\"{after}\" w:line=\"240\" \
         w:lineRule=\"auto\"/><w:rPr><w:sz w:val=\"4\"/></w:rPr></w:pPr></w:p>"
    )
}

fn table(
    header: &[String],
    widths: &[u16],
    align: &[TextAlign],
    rows: &[Vec<String>],
    (signing, total, half_pt): (bool, bool, u32),
) -> String {
    let columns = header.len().max(1);
    let weights: Vec<u32> = (0..columns)
        .map(|i| u32::from(widths.get(i).copied().unwrap_or(1).max(1)))
        .collect();
    let weight_sum: u32 = weights.iter().sum();
    let widths: Vec<u32> = weights
        .iter()
        .map(|w| text_width() * w / weight_sum)
        .collect();
    let mut out = table_open(&widths, BORDERS, 0);
    // `number`: a body row's index from 0; `None` for the header and a total.
    let row = |cells: &[String], head: bool, number: Option<usize>| {
        let mut r = String::from("<w:tr><w:trPr><w:cantSplit/>");
        if head {
            r.push_str("<w:tblHeader/>");
        }
        if signing && number.is_some() {
            // 10 mm to sign in.
            r.push_str(&format!("<w:trHeight w:val=\"{}\"/>", twips(10.0)));
        }
        r.push_str("</w:trPr>");
        for (i, w) in widths.iter().enumerate() {
            let a = match number {
                _ if head => TextAlign::Center,
                Some(n) if signing && i + 1 == columns => {
                    if n % 2 == 0 {
                        TextAlign::Left
                    } else {
                        TextAlign::Right
                    }
                }
                _ => align.get(i).copied().unwrap_or(TextAlign::Left),
            };
            let a = if a == TextAlign::Justify {
                TextAlign::Left
            } else {
                a
            };
            let mut p = para(cells.get(i).map(String::as_str).unwrap_or(""), a);
            p.bold = head || number.is_none();
            p.half_pt = half_pt;
            p.after = 0;
            r.push_str(&cell(*w, head.then_some("DBDBDB"), &p.xml()));
        }
        r.push_str("</w:tr>");
        r
    };
    out.push_str(&row(header, true, None));
    for (n, r) in rows.iter().enumerate() {
        let number = (!(total && n + 1 == rows.len())).then_some(n);
        out.push_str(&row(r, false, number));
    }
    out.push_str("</w:tbl>");
    out.push_str(&spacer(200));
    out
}

/// A signature's paragraphs, centred in `width` twips from `left`, `pad` empty lines
/// above (so that names side by side line up).
fn signature_paras(s: &Signature, left: u32, pad: usize) -> String {
    let mut lines: Vec<(String, bool, u32)> = vec![(String::new(), false, 0); pad];
    if !s.place_date.trim().is_empty() {
        lines.push((s.place_date.clone(), false, 0));
    }
    lines.push((s.position.clone(), false, twips(SIGN_ROOM_MM)));
    let name = if s.name.trim().is_empty() {
        ".".repeat(40)
    } else {
        s.name.clone()
    };
    lines.push((name, !s.name.trim().is_empty(), 0));
    if !s.rank.trim().is_empty() {
        lines.push((s.rank.clone(), false, 0));
    }
    if !s.nip.trim().is_empty() {
        lines.push((format!("NIP. {}", s.nip.trim()), false, 0));
    }
    let n = lines.len();
    let mut out = String::new();
    for (i, (text, named, after)) in lines.iter().enumerate() {
        let mut p = para(text, TextAlign::Center);
        p.left = left;
        p.bold = *named;
        p.underline = *named;
        p.after = *after;
        p.keep_next = i + 1 < n;
        out.push_str(&p.xml());
    }
    out
}

/// Lines above the name: the place and date, the position's lines.
fn lines_above_name(s: &Signature) -> usize {
    usize::from(!s.place_date.trim().is_empty()) + s.position.split('\n').count()
}

fn signatures(all: &[Signature]) -> String {
    let mut out = spacer(120);
    if let [s] = all {
        let width = twips(SIGN_WIDTH_MM).min(text_width());
        out.push_str(&signature_paras(s, text_width() - width, 0));
        return out;
    }
    let n = all.len().max(1) as u32;
    let width = text_width() / n;
    let most = all.iter().map(lines_above_name).max().unwrap_or(0);
    out.push_str(&table_open(&vec![width; all.len()], NO_BORDERS, 0));
    out.push_str("<w:tr><w:trPr><w:cantSplit/></w:trPr>");
    for s in all {
        let content = signature_paras(s, 0, most - lines_above_name(s));
        out.push_str(&format!(
            "<w:tc><w:tcPr><w:tcW w:w=\"{width}\" w:type=\"dxa\"/></w:tcPr>{content}</w:tc>"
        ));
    }
    out.push_str("</w:tr></w:tbl>");
    out
}

fn heading(text: &str, level: u8) -> String {
    let style = if level <= 1 { "Heading1" } else { "Heading2" };
    format!(
        "<w:p><w:pPr><w:pStyle w:val=\"{style}\"/></w:pPr>{}</w:p>",
        runs(text, "")
    )
}

/// The contents as a Word TOC field whose shown result lists every heading with the page
/// the PDF puts it on; Word's "Update field" recounts them for its own layout.
fn contents(doc: &LetterDoc, pages: &[usize]) -> String {
    let right = text_width();
    let mut out = String::from(
        "<w:p><w:pPr><w:spacing w:after=\"0\"/></w:pPr><w:r><w:fldChar w:fldCharType=\"begin\"/></w:r>\
         <w:r><w:instrText xml:space=\"preserve\"> TOC \\o \"1-2\" \\u </w:instrText></w:r>\
         <w:r><w:fldChar w:fldCharType=\"separate\"/></w:r></w:p>",
    );
    let headings = doc
        .sections
        .iter()
        .flat_map(|s| &s.blocks)
        .filter_map(|b| match b {
            Block::Heading { text, level } => Some((text, *level)),
            _ => None,
        });
    for (i, (text, level)) in headings.enumerate() {
        let page = pages.get(i).map_or(String::new(), |p| (p + 1).to_string());
        let (indent, bold) = if level <= 1 { (0, "<w:b/>") } else { (454, "") };
        out.push_str(&format!(
            "<w:p><w:pPr><w:tabs><w:tab w:val=\"right\" w:leader=\"dot\" w:pos=\"{right}\"/></w:tabs>\
             <w:spacing w:after=\"60\"/><w:ind w:left=\"{indent}\"/></w:pPr>\
             <w:r><w:rPr>{bold}</w:rPr><w:t xml:space=\"preserve\">{}</w:t></w:r><w:r><w:tab/></w:r>\
             <w:r><w:t>{page}</w:t></w:r></w:p>",
            esc(&text.replace('\n', " "))
        ));
    }
    out.push_str("<w:p><w:r><w:fldChar w:fldCharType=\"end\"/></w:r></w:p>");
    out
}

/// Two photos a row, three rows a page, each with its caption.
fn photos(doc: &LetterDoc, list: &[(usize, String)], next_id: &mut usize) -> String {
    let col = (text_width() - twips(8.0)) / 2;
    let gap = text_width() - 2 * col;
    let box_w_pt = col as f32 / 20.0 - 6.0;
    let box_h_pt = box_w_pt * 0.75;
    let mut out = String::new();
    for (page, rows) in list.chunks(6).enumerate() {
        if page > 0 {
            out.push_str(
                "<w:p><w:pPr><w:pageBreakBefore/><w:spacing w:after=\"0\"/></w:pPr></w:p>",
            );
        }
        out.push_str(&table_open(&[col, gap, col], NO_BORDERS, 0));
        for row in rows.chunks(2) {
            out.push_str("<w:tr><w:trPr><w:cantSplit/></w:trPr>");
            for slot in 0..2 {
                if slot == 1 {
                    out.push_str(&cell(gap, None, "<w:p/>"));
                }
                let content = match row.get(slot) {
                    Some((index, caption)) => {
                        let (w, h) = doc
                            .images
                            .get(*index)
                            .map_or((4, 3), |p| (p.width, p.height));
                        let ratio = w as f32 / h.max(1) as f32;
                        let (iw, ih) = if box_h_pt * ratio <= box_w_pt {
                            (box_h_pt * ratio, box_h_pt)
                        } else {
                            (box_w_pt, box_w_pt / ratio)
                        };
                        *next_id += 1;
                        let mut cap = para(caption, TextAlign::Center);
                        cap.half_pt = 19;
                        cap.after = 240;
                        format!(
                            "<w:p><w:pPr><w:spacing w:after=\"60\"/><w:jc w:val=\"center\"/></w:pPr>{}</w:p>{}",
                            drawing(&format!("rIdImg{index}"), *next_id, "Foto", iw, ih),
                            cap.xml()
                        )
                    }
                    None => "<w:p/>".to_string(),
                };
                out.push_str(&cell(col, None, &content));
            }
            out.push_str("</w:tr>");
        }
        out.push_str("</w:tbl>");
    }
    out.push_str(&spacer(120));
    out
}

fn body(doc: &LetterDoc, logo_ratio: Option<f32>, pages: &[usize]) -> String {
    let mut out = String::new();
    let mut next_id = 1;
    for (i, section) in doc.sections.iter().enumerate() {
        if i > 0 {
            out.push_str(
                "<w:p><w:pPr><w:pageBreakBefore/><w:spacing w:before=\"0\" w:after=\"0\"/>\
                 <w:rPr><w:sz w:val=\"4\"/></w:rPr></w:pPr></w:p>",
            );
        }
        if section.kop {
            out.push_str(&kop(doc, logo_ratio));
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
                    let mut p = para(text, *align);
                    p.bold = *bold;
                    p.first_line = if *indent { twips(INDENT_MM) } else { 0 };
                    p.half_pt = size.map_or(BODY_HALF_PT, |s| (s * 2.0).round() as u32);
                    out.push_str(&p.xml());
                }
                Block::Fields { rows, indent } => out.push_str(&fields(rows, *indent)),
                Block::Table {
                    header,
                    widths,
                    align,
                    rows,
                    signing,
                    total,
                } => out.push_str(&table(
                    header,
                    widths,
                    align,
                    rows,
                    (
                        *signing,
                        *total,
                        doc.table_size
                            .map_or(TABLE_HALF_PT, |s| (s * 2.0).round() as u32),
                    ),
                )),
                Block::Signature(s) => out.push_str(&signatures(std::slice::from_ref(s))),
                Block::Signatures(s) => out.push_str(&signatures(s)),
                Block::Heading { text, level } => out.push_str(&heading(text, *level)),
                Block::Toc => out.push_str(&contents(doc, pages)),
                Block::Photos(list) => out.push_str(&photos(doc, list, &mut next_id)),
                // Word gets the figures as a table: the label, the note, and the bar as
                // a row of blocks.
                Block::Bars(bars) => {
                    let rows: Vec<Vec<String>> = bars
                        .iter()
                        .map(|b| {
                            vec![
                                b.label.clone(),
                                "\u{2588}".repeat((b.share() * 20.0).round() as usize),
                                b.note.clone(),
                            ]
                        })
                        .collect();
                    out.push_str(&table(
                        &[
                            "Uraian".to_string(),
                            "Grafik".to_string(),
                            "Jumlah".to_string(),
                        ],
                        &[45, 35, 20],
                        &[TextAlign::Left, TextAlign::Left, TextAlign::Right],
                        &rows,
                        (false, false, TABLE_HALF_PT),
                    ));
                }
                Block::Gap(lines) => {
                    for _ in 0..*lines {
                        out.push_str(&para("", TextAlign::Left).xml());
                    }
                }
            }
        }
    }
    out
}

const CONTENT_TYPES: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Default Extension="png" ContentType="image/png"/><Default Extension="jpeg" ContentType="image/jpeg"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/><Override PartName="/word/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/><Override PartName="/word/settings.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.settings+xml"/><Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/><Override PartName="/docProps/app.xml" ContentType="application/vnd.openxmlformats-officedocument.extended-properties+xml"/><Override PartName="/word/footer1.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.footer+xml"/></Types>"#;

/// "Halaman N dari M" at the right of every page's foot (a report).
const FOOTER: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:ftr xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:p><w:pPr><w:jc w:val="right"/></w:pPr><w:r><w:rPr><w:sz w:val="16"/></w:rPr><w:t xml:space="preserve">Halaman </w:t></w:r><w:r><w:rPr><w:sz w:val="16"/></w:rPr><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:rPr><w:sz w:val="16"/></w:rPr><w:instrText xml:space="preserve"> PAGE </w:instrText></w:r><w:r><w:rPr><w:sz w:val="16"/></w:rPr><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:rPr><w:sz w:val="16"/></w:rPr><w:t>1</w:t></w:r><w:r><w:rPr><w:sz w:val="16"/></w:rPr><w:fldChar w:fldCharType="end"/></w:r><w:r><w:rPr><w:sz w:val="16"/></w:rPr><w:t xml:space="preserve"> dari </w:t></w:r><w:r><w:rPr><w:sz w:val="16"/></w:rPr><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:rPr><w:sz w:val="16"/></w:rPr><w:instrText xml:space="preserve"> NUMPAGES </w:instrText></w:r><w:r><w:rPr><w:sz w:val="16"/></w:rPr><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:rPr><w:sz w:val="16"/></w:rPr><w:t>1</w:t></w:r><w:r><w:rPr><w:sz w:val="16"/></w:rPr><w:fldChar w:fldCharType="end"/></w:r></w:p></w:ftr>"#;

const ROOT_RELS: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/><Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/extended-properties" Target="docProps/app.xml"/></Relationships>"#;

const STYLES: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:styles xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:docDefaults><w:rPrDefault><w:rPr><w:rFonts w:ascii="Arial" w:hAnsi="Arial" w:eastAsia="Arial" w:cs="Arial"/><w:sz w:val="22"/><w:szCs w:val="22"/><w:lang w:val="id-ID" w:eastAsia="id-ID" w:bidi="ar-SA"/></w:rPr></w:rPrDefault><w:pPrDefault><w:pPr><w:spacing w:after="0" w:line="264" w:lineRule="auto"/></w:pPr></w:pPrDefault></w:docDefaults><w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/><w:qFormat/></w:style><w:style w:type="paragraph" w:styleId="Heading1"><w:name w:val="heading 1"/><w:basedOn w:val="Normal"/><w:next w:val="Normal"/><w:qFormat/><w:pPr><w:keepNext/><w:spacing w:before="240" w:after="240"/><w:jc w:val="center"/><w:outlineLvl w:val="0"/></w:pPr><w:rPr><w:b/><w:sz w:val="25"/><w:szCs w:val="25"/></w:rPr></w:style><w:style w:type="paragraph" w:styleId="Heading2"><w:name w:val="heading 2"/><w:basedOn w:val="Normal"/><w:next w:val="Normal"/><w:qFormat/><w:pPr><w:keepNext/><w:spacing w:before="160" w:after="100"/><w:outlineLvl w:val="1"/></w:pPr><w:rPr><w:b/></w:rPr></w:style><w:style w:type="table" w:default="1" w:styleId="TableNormal"><w:name w:val="Normal Table"/><w:tblPr><w:tblInd w:w="0" w:type="dxa"/><w:tblCellMar><w:top w:w="0" w:type="dxa"/><w:left w:w="108" w:type="dxa"/><w:bottom w:w="0" w:type="dxa"/><w:right w:w="108" w:type="dxa"/></w:tblCellMar></w:tblPr></w:style></w:styles>"#;

const SETTINGS: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:settings xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:defaultTabStop w:val="720"/><w:characterSpacingControl w:val="doNotCompress"/><w:compat><w:compatSetting w:name="compatibilityMode" w:uri="http://schemas.microsoft.com/office/word" w:val="15"/></w:compat></w:settings>"#;

const APP: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"><Application>Bintek</Application></Properties>"#;

/// The document as `.docx` bytes.
pub fn render_docx(doc: &LetterDoc) -> Result<Vec<u8>, DocxError> {
    check(doc).map_err(DocxError::TooLarge)?;
    if doc.landscape {
        return Err(DocxError::Write(
            "dokumen lanskap hanya dapat dibuat sebagai PDF".to_string(),
        ));
    }
    let logo = match &doc.kop.logo {
        Some(logo) => {
            let (w, h) =
                crate::logo::check(&logo.mime, &logo.data).map_err(DocxError::InvalidLogo)?;
            let ext = if logo.mime == "image/png" {
                "png"
            } else {
                "jpeg"
            };
            Some((logo, w as f32 / h as f32, ext))
        }
        None => None,
    };
    let mut xml = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<w:document \
         xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\" \
         xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\" \
         xmlns:wp=\"http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing\" \
         xmlns:a=\"http://schemas.openxmlformats.org/drawingml/2006/main\" \
         xmlns:pic=\"http://schemas.openxmlformats.org/drawingml/2006/picture\"><w:body>",
    );
    let has_toc = doc
        .sections
        .iter()
        .flat_map(|s| &s.blocks)
        .any(|b| *b == Block::Toc);
    let pages = if has_toc {
        super::pdf::heading_pages(doc).map_err(|e| DocxError::TooLarge(e.to_string()))?
    } else {
        Vec::new()
    };
    xml.push_str(&body(doc, logo.as_ref().map(|l| l.1), &pages));
    let footer = if doc.numbered {
        "<w:footerReference w:type=\"default\" r:id=\"rIdFooter\"/>"
    } else {
        ""
    };
    xml.push_str(&format!(
        "<w:sectPr>{footer}<w:pgSz w:w=\"{PAGE_W}\" w:h=\"{PAGE_H}\"/><w:pgMar w:top=\"{}\" \
         w:right=\"{}\" w:bottom=\"{}\" w:left=\"{}\" w:header=\"567\" w:footer=\"567\" \
         w:gutter=\"0\"/></w:sectPr></w:body></w:document>",
        twips(MARGIN_TOP_MM),
        twips(MARGIN_RIGHT_MM),
        twips(MARGIN_BOTTOM_MM),
        twips(MARGIN_LEFT_MM)
    ));
    let mut rels = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<Relationships \
         xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">\
         <Relationship Id=\"rIdStyles\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles\" Target=\"styles.xml\"/>\
         <Relationship Id=\"rIdSettings\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/settings\" Target=\"settings.xml\"/>",
    );
    if let Some((_, _, ext)) = &logo {
        rels.push_str(&format!(
            "<Relationship Id=\"rIdLogo\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/image\" Target=\"media/logo.{ext}\"/>"
        ));
    }
    for i in 0..doc.images.len() {
        rels.push_str(&format!(
            "<Relationship Id=\"rIdImg{i}\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/image\" Target=\"media/foto{i}.jpeg\"/>"
        ));
    }
    if doc.numbered {
        rels.push_str(
            "<Relationship Id=\"rIdFooter\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/footer\" Target=\"footer1.xml\"/>",
        );
    }
    rels.push_str("</Relationships>");
    let core = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<cp:coreProperties \
         xmlns:cp=\"http://schemas.openxmlformats.org/package/2006/metadata/core-properties\" \
         xmlns:dc=\"http://purl.org/dc/elements/1.1/\"><dc:title>{}</dc:title>\
         <dc:creator>Bintek</dc:creator></cp:coreProperties>",
        esc(&doc.title)
    );
    let mut parts: Vec<(String, Vec<u8>)> = vec![
        (
            "[Content_Types].xml".into(),
            CONTENT_TYPES.as_bytes().to_vec(),
        ),
        ("_rels/.rels".into(), ROOT_RELS.as_bytes().to_vec()),
        ("docProps/core.xml".into(), core.into_bytes()),
        ("docProps/app.xml".into(), APP.as_bytes().to_vec()),
        ("word/document.xml".into(), xml.into_bytes()),
        ("word/styles.xml".into(), STYLES.as_bytes().to_vec()),
        ("word/settings.xml".into(), SETTINGS.as_bytes().to_vec()),
        ("word/_rels/document.xml.rels".into(), rels.into_bytes()),
    ];
    if let Some((l, _, ext)) = &logo {
        parts.push((format!("word/media/logo.{ext}"), l.data.clone()));
    }
    for (i, photo) in doc.images.iter().enumerate() {
        parts.push((format!("word/media/foto{i}.jpeg"), photo.jpeg.clone()));
    }
    if doc.numbered {
        parts.push(("word/footer1.xml".into(), FOOTER.as_bytes().to_vec()));
    }
    zip_parts(&parts).map_err(|e| DocxError::Write(e.to_string()))
}

/// Parts into one ZIP (deflated).
pub(crate) fn zip_parts(parts: &[(String, Vec<u8>)]) -> Result<Vec<u8>, zip::result::ZipError> {
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    // Entries dated now (UTC), not 1980: Explorer shows the date.
    let now = printpdf::OffsetDateTime::now_utc();
    let mut options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    if let Ok(at) = zip::DateTime::from_date_and_time(
        now.year().clamp(1980, 2107) as u16,
        u8::from(now.month()),
        now.day(),
        now.hour(),
        now.minute(),
        now.second(),
    ) {
        options = options.last_modified_time(at);
    }
    for (name, bytes) in parts {
        zip.start_file(name.as_str(), options)?;
        zip.write_all(bytes)?;
    }
    Ok(zip.finish()?.into_inner())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Read as _;

    fn part(bytes: &[u8], name: &str) -> String {
        let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).expect("zip");
        let mut s = String::new();
        zip.by_name(name)
            .expect("part")
            .read_to_string(&mut s)
            .expect("utf-8");
        s
    }

    #[test]
    fn a_letter_is_a_word_package_with_its_text_escaped() {
        let doc = super::super::sample();
        let bytes = render_docx(&doc).expect("docx");
        let xml = part(&bytes, "word/document.xml");
        assert!(xml.contains("001/UND/DISKOMINFO/XII/2026"));
        assert!(
            xml.contains("Aula Dinas &amp; &lt;Ruang&gt; &quot;Rapat&quot;"),
            "markup in data stays text"
        );
        assert!(
            xml.contains("<w:tblHeader/>"),
            "the lampiran's header repeats"
        );
        assert!(xml.contains("r:embed=\"rIdLogo\""));
        assert!(part(&bytes, "word/_rels/document.xml.rels").contains("media/logo.png"));
        let mut zip = zip::ZipArchive::new(std::io::Cursor::new(&bytes[..])).expect("zip");
        assert!(zip.by_name("word/media/logo.png").is_ok());
    }

    #[test]
    fn a_report_has_headings_contents_photos_and_page_numbers() {
        let doc = super::super::sample_report();
        let bytes = render_docx(&doc).expect("docx");
        let xml = part(&bytes, "word/document.xml");
        assert!(xml.contains("<w:pStyle w:val=\"Heading1\"/>"));
        assert!(xml.contains(" TOC \\o \"1-2\" \\u "), "the contents field");
        assert!(xml.contains("r:embed=\"rIdImg1\""));
        assert!(xml.contains("r:id=\"rIdFooter\""));
        assert!(xml.contains("Kegiatan ini &amp; itu &lt;penting&gt;."));
        assert!(part(&bytes, "word/footer1.xml").contains(" PAGE "));
        let mut zip = zip::ZipArchive::new(std::io::Cursor::new(&bytes[..])).expect("zip");
        assert!(zip.by_name("word/media/foto1.jpeg").is_ok());
    }

    #[test]
    fn control_characters_never_reach_the_xml() {
        assert_eq!(esc("a\u{1}b\u{FFFF}c\td"), "abc d");
        assert_eq!(esc("<w:t>"), "&lt;w:t&gt;");
    }
}
