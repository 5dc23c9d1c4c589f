//! Spreadsheets in and out: XLSX, XLS, ODS and CSV in; XLSX and CSV out.
//!
//! Reading: [`read_workbook`] takes the bytes of an uploaded file and returns every sheet as
//! plain rows of [`Cell`]s, placed at their real spreadsheet positions. Errors are
//! [`ReadError`]s whose `Display` text is Indonesian and tells a clerk what to do.
//!
//! Writing: [`write_xlsx`] builds a workbook from [`OutSheet`]s, [`write_csv`] builds a CSV
//! the way Indonesian Excel expects it (UTF-8 BOM, `;`, CRLF).

use std::borrow::Cow;

use serde::{Deserialize, Serialize};

mod csv_in;
mod detect;
mod ods;
mod ole;
mod read;
mod write;
mod zipinfo;

pub use read::{read_workbook, ReadError, MAX_CELLS, MAX_COLUMNS, MAX_FILE_BYTES, MAX_ROWS};
pub use write::{guard_formula, write_csv, write_xlsx, OutCell, OutSheet, WriteError};

/// One cell as read. Numbers stay numbers so callers can tell an 18-digit NIP that Excel
/// stored as a (rounded) number from one stored as text.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ts_rs::TS)]
pub enum Cell {
    /// No value.
    Empty,
    /// Text, exactly as stored (not trimmed). Every CSV value is text.
    Text(String),
    /// A number (Excel stores integers as numbers too).
    Number(f64),
    /// A logical value (`TRUE`/`FALSE`, in Indonesian Excel `BENAR`/`SALAH`).
    Bool(bool),
    /// A date or date-time cell, as ISO 8601 text (`2019-09-17` or `2019-09-17T08:00:00`).
    /// A time of day without a date (an Excel serial below 1) is `08:00:00`.
    DateTime(String),
    /// An Excel error value such as `#N/A`.
    Error(String),
}

impl Cell {
    /// True for [`Cell::Empty`] and for text that is empty or only whitespace.
    pub fn is_empty(&self) -> bool {
        match self {
            Cell::Empty => true,
            Cell::Text(s) => s.trim().is_empty(),
            _ => false,
        }
    }

    /// The cell as display text, or `None` for [`Cell::Empty`].
    ///
    /// Numbers are written without exponent and without a trailing `.0` (`12`, `0.5`,
    /// `196503121990031000`), booleans as `TRUE`/`FALSE`, dates as their ISO text and
    /// errors as their Excel code.
    pub fn as_text(&self) -> Option<Cow<'_, str>> {
        match self {
            Cell::Empty => None,
            Cell::Text(s) | Cell::DateTime(s) | Cell::Error(s) => Some(Cow::Borrowed(s)),
            Cell::Number(n) => Some(Cow::Owned(format_number(*n))),
            Cell::Bool(true) => Some(Cow::Borrowed("TRUE")),
            Cell::Bool(false) => Some(Cow::Borrowed("FALSE")),
        }
    }
}

/// Formats a number for display: plain decimal, `-0` as `0`, no trailing `.0`.
pub(crate) fn format_number(n: f64) -> String {
    if n == 0.0 {
        // Also turns -0 into 0.
        return "0".to_string();
    }
    // `Display` for f64 never uses an exponent and prints integral values without `.0`.
    format!("{n}")
}

/// One sheet. `rows[i]` is the row the spreadsheet shows as number `i + 1`, and
/// `rows[i][j]` is column `j` (A = 0), whatever the sheet's used range starts at.
///
/// Rows may have different lengths: trailing empty cells of a row and trailing empty rows
/// are trimmed, so a cell past the end of its row is simply empty (see [`Sheet::cell`]).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ts_rs::TS)]
pub struct Sheet {
    /// The sheet's name as shown on its tab (for a CSV: the file name without extension).
    pub name: String,
    /// The rows, from spreadsheet row 1.
    pub rows: Vec<Vec<Cell>>,
}

/// The value every position outside a sheet's stored rows has.
static EMPTY_CELL: Cell = Cell::Empty;

impl Sheet {
    /// The cell at `row`, `col` (both 0-based, A1 = (0, 0)); [`Cell::Empty`] when outside
    /// the stored rows.
    pub fn cell(&self, row: usize, col: usize) -> &Cell {
        self.rows
            .get(row)
            .and_then(|r| r.get(col))
            .unwrap_or(&EMPTY_CELL)
    }

    /// The number of columns of the widest row.
    pub fn width(&self) -> usize {
        self.rows.iter().map(Vec::len).max().unwrap_or(0)
    }

    /// True when no cell of the sheet has a value (see [`Cell::is_empty`]).
    pub fn is_empty(&self) -> bool {
        self.rows.iter().all(|r| r.iter().all(Cell::is_empty))
    }
}

/// The kind of file a [`Workbook`] was read from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, ts_rs::TS)]
pub enum FileKind {
    /// Excel 2007+ workbook (`.xlsx`, `.xlsm`).
    Xlsx,
    /// Excel 97-2003 workbook (`.xls`).
    Xls,
    /// OpenDocument spreadsheet (`.ods`, LibreOffice).
    Ods,
    /// Delimited text (`.csv`, `.txt`, `.tsv`).
    Csv,
}

/// Everything read from one file.
#[derive(Debug, Clone, PartialEq, Serialize, ts_rs::TS)]
pub struct Workbook {
    /// What the content turned out to be (the file name is only a hint).
    pub kind: FileKind,
    /// Every worksheet, in workbook order (chart sheets are left out). A CSV has one.
    pub sheets: Vec<Sheet>,
    /// CSV only: the text encoding the bytes were decoded from: `"UTF-8"`,
    /// `"windows-1252"`, `"UTF-16LE"` or `"UTF-16BE"`.
    pub encoding: Option<String>,
    /// CSV only: the field delimiter that was used.
    pub delimiter: Option<char>,
}

/// The spreadsheet column name of 0-based column `col`: `A`..`Z`, `AA`, `AB`, ...
pub fn column_letter(col: usize) -> String {
    let mut n = col;
    let mut letters = Vec::new();
    loop {
        // n % 26 < 26, so the cast cannot truncate.
        letters.push(char::from(b'A' + (n % 26) as u8));
        if n < 26 {
            break;
        }
        n = n / 26 - 1;
    }
    letters.iter().rev().collect()
}

/// The A1-style reference of 0-based `row`, `col`: `cell_ref(2, 1)` is `"B3"`.
pub fn cell_ref(row: usize, col: usize) -> String {
    format!("{}{}", column_letter(col), row.saturating_add(1))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn column_letters() {
        assert_eq!(column_letter(0), "A");
        assert_eq!(column_letter(25), "Z");
        assert_eq!(column_letter(26), "AA");
        assert_eq!(column_letter(27), "AB");
        assert_eq!(column_letter(51), "AZ");
        assert_eq!(column_letter(52), "BA");
        assert_eq!(column_letter(701), "ZZ");
        assert_eq!(column_letter(702), "AAA");
        assert_eq!(column_letter(16383), "XFD");
        assert_eq!(cell_ref(2, 1), "B3");
        // Must not panic at the extreme.
        assert!(!column_letter(usize::MAX).is_empty());
    }

    #[test]
    fn cell_text() {
        assert_eq!(Cell::Number(12.0).as_text().as_deref(), Some("12"));
        assert_eq!(Cell::Number(0.5).as_text().as_deref(), Some("0.5"));
        assert_eq!(Cell::Number(-0.0).as_text().as_deref(), Some("0"));
        assert_eq!(
            Cell::Number(196503121990031005.0).as_text().as_deref(),
            Some("196503121990031000")
        );
        assert_eq!(Cell::Bool(true).as_text().as_deref(), Some("TRUE"));
        assert_eq!(Cell::Empty.as_text(), None);
        assert!(Cell::Text(" \t ".into()).is_empty());
        assert!(!Cell::Number(0.0).is_empty());
    }
}
