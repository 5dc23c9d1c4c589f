//! Writing: XLSX through rust_xlsxwriter, CSV for Indonesian Excel.

use std::borrow::Cow;
use std::collections::HashSet;

use rust_xlsxwriter::{Color, Format, FormatAlign, FormatBorder, XlsxError};
use serde::{Deserialize, Serialize};

use super::format_number;

/// One sheet to write: a header row, then data rows.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ts_rs::TS)]
pub struct OutSheet {
    /// Tab name. Made valid for Excel by [`write_xlsx`] (at most 31 characters, none of
    /// `[]:*?/\`, unique within the workbook).
    pub name: String,
    /// Column headings for row 1 (bold, shaded, frozen, with an autofilter). May be empty.
    pub header: Vec<String>,
    /// Data rows, from row 2 (from row 1 when `header` is empty). Rows may have different
    /// lengths.
    pub rows: Vec<Vec<OutCell>>,
    /// Column widths in characters; a missing, zero or negative entry means "guess from the
    /// content". Empty = guess them all.
    pub widths: Vec<f64>,
}

/// One cell to write.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ts_rs::TS)]
pub enum OutCell {
    /// Nothing.
    Empty,
    /// Text, always stored as text: `=1+1`, `+628123`, `0812...` and an 18-digit NIP stay
    /// exactly as given in XLSX.
    Text(String),
    /// A number. NaN and infinities are written as empty cells.
    Number(f64),
}

/// Why an XLSX could not be built. `Display` is Indonesian.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum WriteError {
    /// An error from rust_xlsxwriter.
    #[error(
        "Berkas Excel tidak dapat dibuat: {0}. Coba lagi; bila tetap gagal, gunakan ekspor CSV."
    )]
    Xlsx(#[from] XlsxError),
    /// More data rows than an Excel sheet holds.
    #[error(
        "Lembar \"{sheet}\" berisi terlalu banyak baris untuk Excel (paling banyak 1.048.575 \
         baris data). Saring datanya atau gunakan ekspor CSV."
    )]
    TooManyRows {
        /// The sheet's name as given.
        sheet: String,
    },
    /// More columns than an Excel sheet holds.
    #[error(
        "Lembar \"{sheet}\" berisi terlalu banyak kolom untuk Excel (paling banyak 16.384 \
         kolom). Kurangi kolomnya atau gunakan ekspor CSV."
    )]
    TooManyColumns {
        /// The sheet's name as given.
        sheet: String,
    },
}

/// Excel's limits.
const EXCEL_ROWS: usize = 1_048_576;
const EXCEL_COLUMNS: usize = 16_384;
const EXCEL_SHEET_NAME_UTF16: usize = 31;
const EXCEL_STRING_UTF16: usize = 32_767;
/// Guessed column widths stay within these (characters).
const MIN_GUESSED_WIDTH: f64 = 6.0;
const MAX_GUESSED_WIDTH: f64 = 60.0;
/// Excel's own maximum column width.
const MAX_WIDTH: f64 = 255.0;
/// Rows looked at when guessing widths.
const WIDTH_SAMPLE_ROWS: usize = 2_000;

/// Builds an XLSX workbook with one worksheet per [`OutSheet`], in order.
///
/// Row 1 holds the header in bold on a light fill, frozen, with an autofilter over the data
/// (a sheet with an empty header starts its data in row 1, without these).
/// Text is always written as text (never as a formula or number) with the Text (`@`) number
/// format, numbers as numbers. Column widths come from [`OutSheet::widths`] or are guessed
/// from the content. Text longer than Excel's 32,767-character cell limit is cut to fit.
/// With no sheets, the workbook has one empty sheet.
pub fn write_xlsx(sheets: &[OutSheet]) -> Result<Vec<u8>, WriteError> {
    let mut book = rust_xlsxwriter::Workbook::new();
    let header_format = Format::new()
        .set_bold()
        .set_background_color(Color::RGB(0xDD_EB_F7))
        .set_border(FormatBorder::Thin)
        .set_align(FormatAlign::VerticalCenter)
        .set_text_wrap();
    let text_format = Format::new().set_num_format("@");

    let mut used_names = HashSet::new();
    for (index, sheet) in sheets.iter().enumerate() {
        let columns = checked_columns(sheet)?;
        let ws = book.add_worksheet();
        ws.set_name(unique_sheet_name(&sheet.name, index, &mut used_names))?;
        write_header(ws, sheet, &header_format)?;
        write_rows(ws, sheet, &text_format)?;
        if !sheet.header.is_empty() {
            ws.set_freeze_panes(1, 0)?;
            let last_row = u32::try_from(sheet.rows.len()).unwrap_or(u32::MAX);
            ws.autofilter(0, 0, last_row, col_num(columns.saturating_sub(1))?)?;
        }
        for col in 0..columns {
            let width = match sheet.widths.get(col) {
                Some(&w) if w.is_finite() && w > 0.0 => w.min(MAX_WIDTH),
                _ => guess_width(sheet, col),
            };
            ws.set_column_width(col_num(col)?, width)?;
        }
    }
    Ok(book.save_to_buffer()?)
}

/// How many columns the sheet uses; refused over Excel's rows or columns.
fn checked_columns(sheet: &OutSheet) -> Result<usize, WriteError> {
    let columns = sheet
        .rows
        .iter()
        .map(Vec::len)
        .chain(std::iter::once(sheet.header.len()))
        .max()
        .unwrap_or(0);
    if sheet.rows.len() >= EXCEL_ROWS {
        return Err(WriteError::TooManyRows {
            sheet: sheet.name.clone(),
        });
    }
    if columns > EXCEL_COLUMNS {
        return Err(WriteError::TooManyColumns {
            sheet: sheet.name.clone(),
        });
    }
    Ok(columns)
}

/// Row 1: the header titles (an empty title is a blank header cell).
fn write_header(
    ws: &mut rust_xlsxwriter::Worksheet,
    sheet: &OutSheet,
    header_format: &Format,
) -> Result<(), WriteError> {
    for (col, title) in sheet.header.iter().enumerate() {
        let col = col_num(col)?;
        if title.is_empty() {
            ws.write_blank(0, col, header_format)?;
        } else {
            ws.write_string_with_format(0, col, fit_cell(title), header_format)?;
        }
    }
    Ok(())
}

/// The data rows under the header (from row 1 without one): text as text, finite
/// numbers as numbers, empty cells left out.
fn write_rows(
    ws: &mut rust_xlsxwriter::Worksheet,
    sheet: &OutSheet,
    text_format: &Format,
) -> Result<(), WriteError> {
    let first_data_row = usize::from(!sheet.header.is_empty());
    for (r, row) in sheet.rows.iter().enumerate() {
        let row_num = u32::try_from(r + first_data_row).map_err(|_| WriteError::TooManyRows {
            sheet: sheet.name.clone(),
        })?;
        for (col, cell) in row.iter().enumerate() {
            let col = col_num(col)?;
            match cell {
                OutCell::Empty => {}
                OutCell::Text(text) => {
                    if !text.is_empty() {
                        ws.write_string_with_format(row_num, col, fit_cell(text), text_format)?;
                    }
                }
                OutCell::Number(n) => {
                    if n.is_finite() {
                        ws.write_number(row_num, col, *n)?;
                    }
                }
            }
        }
    }
    Ok(())
}

fn col_num(col: usize) -> Result<u16, WriteError> {
    u16::try_from(col).map_err(|_| WriteError::Xlsx(XlsxError::RowColumnLimitError))
}

/// `text`, cut to Excel's cell limit (counted in UTF-16 units, as Excel does).
fn fit_cell(text: &str) -> &str {
    cut_utf16(text, EXCEL_STRING_UTF16)
}

/// The longest prefix of `text` of at most `max` UTF-16 units, on a char boundary.
fn cut_utf16(text: &str, max: usize) -> &str {
    let mut units = 0;
    for (i, c) in text.char_indices() {
        units += c.len_utf16();
        if units > max {
            return text.get(..i).unwrap_or(text);
        }
    }
    text
}

/// Width in characters that shows the widest value of column `col` (first rows only).
fn guess_width(sheet: &OutSheet, col: usize) -> f64 {
    let header = sheet.header.get(col).map_or(0, |h| display_width(h) + 2);
    let cells = sheet
        .rows
        .iter()
        .take(WIDTH_SAMPLE_ROWS)
        .filter_map(|r| r.get(col))
        .map(|c| match c {
            OutCell::Empty => 0,
            OutCell::Text(t) => display_width(t),
            OutCell::Number(n) => format_number(*n).chars().count(),
        })
        .max()
        .unwrap_or(0);
    // Counts are small (a few hundred at most), so the cast is exact.
    #[allow(clippy::cast_precision_loss)]
    let chars = header.max(cells) as f64;
    (chars + 1.0).clamp(MIN_GUESSED_WIDTH, MAX_GUESSED_WIDTH)
}

/// Characters on the longest line of `text` (capped, so long text stays cheap).
fn display_width(text: &str) -> usize {
    text.lines()
        .map(|l| l.chars().take(200).count())
        .max()
        .unwrap_or(0)
}

/// A valid, unique (case-insensitively) Excel sheet name for `name`.
fn unique_sheet_name(name: &str, index: usize, used: &mut HashSet<String>) -> String {
    let mut base = clean_sheet_name(name);
    if base.is_empty() {
        base = format!("Lembar{}", index + 1);
    }
    if base.eq_ignore_ascii_case("history") {
        // Excel reserves "History".
        base.push('_');
    }
    let mut candidate = base.clone();
    let mut n = 2usize;
    while used.contains(&candidate.to_lowercase()) {
        let suffix = format!(" ({n})");
        let room = EXCEL_SHEET_NAME_UTF16.saturating_sub(suffix.len());
        let stem = trim_sheet_name(cut_utf16(&base, room));
        candidate = format!("{stem}{suffix}");
        n += 1;
    }
    used.insert(candidate.to_lowercase());
    candidate
}

/// Replaces the characters Excel forbids, trims, and cuts to 31 UTF-16 units.
fn clean_sheet_name(name: &str) -> String {
    let replaced: String = name
        .chars()
        .map(|c| match c {
            '/' | '\\' | ':' => '-',
            '[' => '(',
            ']' => ')',
            '*' | '?' => '_',
            c if c.is_control() => ' ',
            c => c,
        })
        .collect();
    let trimmed = trim_sheet_name(&replaced);
    trim_sheet_name(cut_utf16(trimmed, EXCEL_SHEET_NAME_UTF16)).to_string()
}

/// Without leading/trailing whitespace and apostrophes (Excel forbids them at the ends).
fn trim_sheet_name(name: &str) -> &str {
    name.trim_matches(|c: char| c.is_whitespace() || c == '\'')
}

/// Makes text safe from CSV formula injection: prefixes `'` when it starts with `=`, `+`,
/// `-`, `@`, a tab or a carriage return, which a spreadsheet would run as a formula.
pub fn guard_formula(s: &str) -> Cow<'_, str> {
    if s.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        Cow::Owned(format!("'{s}"))
    } else {
        Cow::Borrowed(s)
    }
}

/// Builds a CSV the way Indonesian Excel opens it with a double-click: UTF-8 with BOM, `;`
/// between fields, CRLF line ends, fields quoted only where needed, decimal comma in
/// numbers (`1,5`). Every text cell and header goes through [`guard_formula`]. Rows are
/// padded to the widest row so every line has the same number of fields. An empty
/// `header` writes no header line.
pub fn write_csv(header: &[String], rows: &[Vec<OutCell>]) -> Vec<u8> {
    let width = rows
        .iter()
        .map(Vec::len)
        .chain(std::iter::once(header.len()))
        .max()
        .unwrap_or(0);
    // Writing to a Vec cannot fail, so the Err arm never runs.
    csv_bytes(header, rows, width).unwrap_or_default()
}

fn csv_bytes(header: &[String], rows: &[Vec<OutCell>], width: usize) -> csv::Result<Vec<u8>> {
    let mut writer = csv::WriterBuilder::new()
        .delimiter(b';')
        .terminator(csv::Terminator::CRLF)
        .quote_style(csv::QuoteStyle::Necessary)
        .flexible(true)
        .from_writer(b"\xEF\xBB\xBF".to_vec());
    if !header.is_empty() {
        let mut fields: Vec<Cow<'_, str>> = header.iter().map(|h| guard_formula(h)).collect();
        fields.resize(width, Cow::Borrowed(""));
        writer.write_record(fields.iter().map(|f| f.as_bytes()))?;
    }
    for row in rows {
        let mut fields: Vec<Cow<'_, str>> = row
            .iter()
            .map(|cell| match cell {
                OutCell::Empty => Cow::Borrowed(""),
                OutCell::Text(t) => guard_formula(t),
                OutCell::Number(n) if n.is_finite() => {
                    Cow::Owned(format_number(*n).replace('.', ","))
                }
                OutCell::Number(_) => Cow::Borrowed(""),
            })
            .collect();
        fields.resize(width, Cow::Borrowed(""));
        writer.write_record(fields.iter().map(|f| f.as_bytes()))?;
    }
    writer
        .into_inner()
        .map_err(|e| csv::Error::from(e.into_error()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn guard() {
        assert_eq!(guard_formula("=1+1"), "'=1+1");
        assert_eq!(guard_formula("+62812"), "'+62812");
        assert_eq!(guard_formula("-5"), "'-5");
        assert_eq!(guard_formula("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(guard_formula("\tx"), "'\tx");
        assert_eq!(guard_formula("\rx"), "'\rx");
        assert!(matches!(guard_formula("Budi"), Cow::Borrowed("Budi")));
        assert_eq!(guard_formula(""), "");
    }

    #[test]
    fn sheet_names() {
        let mut used = HashSet::new();
        assert_eq!(unique_sheet_name("Peserta", 0, &mut used), "Peserta");
        assert_eq!(unique_sheet_name("peserta", 1, &mut used), "peserta (2)");
        assert_eq!(unique_sheet_name("PESERTA", 2, &mut used), "PESERTA (3)");
        assert_eq!(
            unique_sheet_name("Jadwal 12/03: [Draft]*?", 3, &mut used),
            "Jadwal 12-03- (Draft)__"
        );
        assert_eq!(unique_sheet_name("  ''  ", 4, &mut used), "Lembar5");
        assert_eq!(unique_sheet_name("History", 5, &mut used), "History_");
        let long = "Daftar Hadir Peserta Bimbingan Teknis Angkatan I";
        let a = unique_sheet_name(long, 6, &mut used);
        assert_eq!(a, "Daftar Hadir Peserta Bimbingan");
        let b = unique_sheet_name(long, 7, &mut used);
        assert!(b.ends_with(" (2)"), "{b}");
        assert!(b.encode_utf16().count() <= 31);
        // Emoji are two UTF-16 units each.
        let c = unique_sheet_name(&"😀".repeat(40), 8, &mut used);
        assert_eq!(c.encode_utf16().count(), 30);
    }

    #[test]
    fn cutting() {
        assert_eq!(cut_utf16("abc", 2), "ab");
        assert_eq!(cut_utf16("a😀b", 2), "a");
        assert_eq!(cut_utf16("a😀b", 3), "a😀");
        assert_eq!(cut_utf16("", 3), "");
    }

    #[test]
    fn csv_shape() {
        let bytes = write_csv(
            &["No".into(), "Nama".into()],
            &[
                vec![OutCell::Number(1.5), OutCell::Text("Budi; S.Pd".into())],
                vec![OutCell::Text("x".into())],
            ],
        );
        assert_eq!(
            String::from_utf8(bytes).expect("utf-8"),
            "\u{feff}No;Nama\r\n1,5;\"Budi; S.Pd\"\r\nx;\r\n"
        );
        assert_eq!(write_csv(&[], &[]), b"\xEF\xBB\xBF");
    }
}
