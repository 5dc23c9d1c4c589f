//! Reading: format detection, calamine for XLSX/XLS/ODS, limits, and the Indonesian errors.

use std::io::Cursor;
use std::panic::{catch_unwind, AssertUnwindSafe};

use calamine::{
    open_workbook_from_rs, Data, ExcelDateTime, Ods, OdsError, Reader, SheetType, Xls, XlsError,
    Xlsx, XlsxError,
};

use super::detect::{self, Detected};
use super::ole::{self, OleContent};
use super::zipinfo::ZipInfo;
use super::{csv_in, ods, Cell, FileKind, Sheet, Workbook};

/// Largest file [`read_workbook`] accepts: 50 MB.
pub const MAX_FILE_BYTES: usize = 50 * 1024 * 1024;
/// Rows per sheet [`read_workbook`] accepts (a value in a later row is an error).
pub const MAX_ROWS: usize = 200_000;
/// Columns per sheet [`read_workbook`] accepts (a value in a later column is an error).
pub const MAX_COLUMNS: usize = 200;
/// Cell slots (including the empty ones padding rows out to their values) per workbook.
pub const MAX_CELLS: usize = 5_000_000;
/// Largest total a ZIP-based file may declare for its unpacked content.
const MAX_UNZIPPED_BYTES: u64 = 512 * 1024 * 1024;
/// Longest technical detail quoted in an error message.
const MAX_DETAIL_CHARS: usize = 200;

/// Why a file could not be read. `Display` gives an Indonesian message for the clerk that
/// says what went wrong and what to do.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum ReadError {
    /// The file has no bytes (or only whitespace).
    #[error("Berkas kosong. Pilih berkas yang berisi data.")]
    Empty,
    /// The file is larger than [`MAX_FILE_BYTES`].
    #[error(
        "Berkas terlalu besar ({size_mb} MB). Batas ukurannya {} MB: hapus data yang tidak \
         perlu atau pisahkan ke beberapa berkas, lalu coba lagi.",
        MAX_FILE_BYTES / (1024 * 1024)
    )]
    TooLarge {
        /// The file's size in MB, rounded up.
        size_mb: u64,
    },
    /// Not a spreadsheet: a PDF, an image, a Word document, an archive...
    #[error("Jenis berkas tidak didukung: gunakan .xlsx atau .csv.")]
    Unsupported,
    /// A spreadsheet-like format we do not read, which Excel can convert.
    #[error(
        "Jenis berkas tidak didukung: {found}. Buka berkas di Excel, pilih Simpan Sebagai \
         (Save As) dengan jenis Buku Kerja Excel (.xlsx), lalu coba lagi."
    )]
    NeedsResave {
        /// What the file turned out to be, in Indonesian.
        found: String,
    },
    /// The workbook is encrypted with a password.
    #[error(
        "Berkas dilindungi kata sandi sehingga tidak dapat dibaca. Buka di Excel, hapus kata \
         sandinya (File > Info > Proteksi Buku Kerja > Enkripsi dengan Kata Sandi), simpan, \
         lalu coba lagi."
    )]
    PasswordProtected,
    /// The file is of a known kind but damaged or incomplete.
    #[error("{}", corrupt_message(*kind, detail))]
    Corrupt {
        /// What the file looked like.
        kind: FileKind,
        /// Technical detail (from the parser, usually English), for support staff.
        detail: String,
    },
    /// The file was read but holds no value at all.
    #[error(
        "Berkas tidak berisi data: semua lembar kosong. Periksa apakah berkas yang dipilih \
         sudah benar."
    )]
    NoData,
    /// A sheet has a value beyond [`MAX_ROWS`].
    #[error(
        "Lembar \"{sheet}\" terlalu besar: lebih dari {} baris. Hapus baris yang tidak perlu \
         atau pisahkan ke beberapa berkas, lalu coba lagi.",
        thousands(MAX_ROWS)
    )]
    TooManyRows {
        /// The sheet's name.
        sheet: String,
    },
    /// A sheet has a value beyond [`MAX_COLUMNS`].
    #[error(
        "Lembar \"{sheet}\" memiliki lebih dari {} kolom. Hapus kolom yang tidak perlu, lalu \
         coba lagi.",
        MAX_COLUMNS
    )]
    TooManyColumns {
        /// The sheet's name.
        sheet: String,
    },
    /// The workbook as a whole is too big to hold in memory ([`MAX_CELLS`], or a ZIP whose
    /// content unpacks to more than 512 MB).
    #[error(
        "Berkas terlalu besar untuk dibaca (lebih dari {} sel atau isi lebih dari 512 MB). \
         Pisahkan data ke beberapa berkas, lalu coba lagi.",
        thousands(MAX_CELLS)
    )]
    TooManyCells,
}

fn corrupt_message(kind: FileKind, detail: &str) -> String {
    let what = match kind {
        FileKind::Xlsx => "Berkas Excel",
        FileKind::Xls => "Berkas Excel 97-2003 (.xls)",
        FileKind::Ods => "Berkas LibreOffice/OpenOffice (.ods)",
        FileKind::Csv => "Berkas CSV",
    };
    let fix = match kind {
        FileKind::Csv => "Simpan ulang sebagai CSV lalu coba lagi.",
        _ => "Simpan ulang sebagai .xlsx lalu coba lagi.",
    };
    let detail: String = detail.chars().take(MAX_DETAIL_CHARS).collect();
    format!("{what} tidak dapat dibaca: berkas rusak atau tidak lengkap (rincian: {detail}). {fix}")
}

/// `200000` as `200.000`, the Indonesian way.
fn thousands(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push('.');
        }
        out.push(c);
    }
    out
}

/// Reads a spreadsheet file from memory.
///
/// The format is detected from the content (ZIP → XLSX or ODS, OLE → XLS, anything else →
/// delimited text); `file_name` (a plain name or a Windows/Unix path) is only a hint, and
/// gives a CSV's sheet its name. Every worksheet is returned in workbook order, each cell at
/// its absolute position, with trailing empty cells and rows trimmed.
///
/// XLSX/XLS/ODS values keep their types (numbers, dates as ISO text, booleans, errors);
/// text that is empty or only whitespace reads as [`Cell::Empty`]. CSV values are always
/// [`Cell::Text`] (never converted to numbers) or [`Cell::Empty`].
///
/// Never panics, whatever the bytes; memory use is bounded by [`MAX_FILE_BYTES`],
/// [`MAX_ROWS`], [`MAX_COLUMNS`] and [`MAX_CELLS`].
pub fn read_workbook(bytes: &[u8], file_name: Option<&str>) -> Result<Workbook, ReadError> {
    if bytes.is_empty() {
        return Err(ReadError::Empty);
    }
    if bytes.len() > MAX_FILE_BYTES {
        let mb = (bytes.len() as u64).div_ceil(1024 * 1024);
        return Err(ReadError::TooLarge { size_mb: mb });
    }
    let ext = detect::extension(file_name);
    match detect::detect(bytes, ext.as_deref()) {
        Detected::Xlsx(info) => {
            check_unzipped(&info)?;
            guarded(FileKind::Xlsx, || read_xlsx(bytes))
        }
        Detected::Ods(info) => {
            check_unzipped(&info)?;
            guarded(FileKind::Ods, || {
                ods::check(bytes)?;
                read_ods(bytes)
            })
        }
        Detected::Ole => guarded(FileKind::Xls, || read_ole(bytes)),
        Detected::Xlsb => Err(ReadError::NeedsResave {
            found: "format Buku Kerja Biner Excel (.xlsb)".to_string(),
        }),
        Detected::Html => Err(ReadError::NeedsResave {
            found: "berkas ini sebenarnya halaman web (HTML), bukan berkas Excel asli".to_string(),
        }),
        Detected::SpreadsheetMl => Err(ReadError::NeedsResave {
            found: "format XML Spreadsheet 2003".to_string(),
        }),
        Detected::OtherZip | Detected::OtherBinary => Err(ReadError::Unsupported),
        Detected::Text => {
            let name = detect::stem(file_name).unwrap_or_else(|| "CSV".to_string());
            guarded(FileKind::Csv, || csv_in::read_csv(bytes, name))
        }
    }
}

/// Refuses ZIP files whose content unpacks to more than we are willing to hold.
fn check_unzipped(info: &ZipInfo) -> Result<(), ReadError> {
    if info.total_uncompressed > MAX_UNZIPPED_BYTES {
        return Err(ReadError::TooManyCells);
    }
    Ok(())
}

/// Runs a parser, turning a panic inside a third-party parser into a [`ReadError::Corrupt`].
/// Defense in depth: the parsers are meant not to panic, but they see hostile bytes.
fn guarded(
    kind: FileKind,
    parse: impl FnOnce() -> Result<Workbook, ReadError>,
) -> Result<Workbook, ReadError> {
    match catch_unwind(AssertUnwindSafe(parse)) {
        Ok(result) => result,
        Err(_) => Err(ReadError::Corrupt {
            kind,
            detail: "struktur berkas tidak dikenali".to_string(),
        }),
    }
}

fn corrupt(kind: FileKind, detail: impl std::fmt::Display) -> ReadError {
    ReadError::Corrupt {
        kind,
        detail: detail.to_string(),
    }
}

fn xlsx_error(e: XlsxError) -> ReadError {
    match e {
        XlsxError::Password => ReadError::PasswordProtected,
        e => corrupt(FileKind::Xlsx, e),
    }
}

fn xls_error(e: XlsError) -> ReadError {
    match e {
        XlsError::Password => ReadError::PasswordProtected,
        e => corrupt(FileKind::Xls, e),
    }
}

fn ods_error(e: OdsError) -> ReadError {
    match e {
        OdsError::Password => ReadError::PasswordProtected,
        OdsError::CellLimitExceeded { .. } => ReadError::TooManyCells,
        e => corrupt(FileKind::Ods, e),
    }
}

fn read_xlsx(bytes: &[u8]) -> Result<Workbook, ReadError> {
    let mut book: Xlsx<_> = open_workbook_from_rs(Cursor::new(bytes)).map_err(xlsx_error)?;
    let names = worksheet_names(&book);
    let mut sheets = Vec::with_capacity(names.len());
    let mut cells_used = 0;
    for name in names {
        // Stream the cells rather than asking for a `Range`: a range is allocated as a
        // dense rectangle, so one stray cell at XFD1048576 would ask for billions of cells.
        let mut reader = match book.worksheet_cells_reader(&name) {
            Ok(reader) => reader,
            Err(XlsxError::NotAWorksheet(_)) => continue,
            Err(e) => return Err(xlsx_error(e)),
        };
        let mut builder = SheetBuilder::new(name, cells_used);
        while let Some(cell) = reader.next_cell().map_err(xlsx_error)? {
            let (row, col) = cell.get_position();
            let value = convert(Data::from(cell.get_value().clone()));
            builder.put(to_usize(row), to_usize(col), value)?;
        }
        cells_used = builder.cells_used();
        sheets.push(builder.finish());
    }
    finish_workbook(FileKind::Xlsx, sheets)
}

fn read_ods(bytes: &[u8]) -> Result<Workbook, ReadError> {
    let book: Ods<_> = open_workbook_from_rs(Cursor::new(bytes)).map_err(ods_error)?;
    read_ranges(book, FileKind::Ods, ods_error)
}

/// An OLE file: Excel 97-2003, or a password-encrypted XLSX, or some other Office document.
fn read_ole(bytes: &[u8]) -> Result<Workbook, ReadError> {
    match ole::inspect(bytes)? {
        OleContent::Encrypted => Err(ReadError::PasswordProtected),
        OleContent::Other => Err(ReadError::Unsupported),
        OleContent::Workbook(streams) => {
            for stream in &streams {
                ole::check_workbook_stream(stream)?;
            }
            let book: Xls<_> = open_workbook_from_rs(Cursor::new(bytes)).map_err(xls_error)?;
            read_ranges(book, FileKind::Xls, xls_error)
        }
    }
}

/// The names of the worksheets (not chart/macro/dialog sheets), in workbook order.
fn worksheet_names<RS, R>(book: &R) -> Vec<String>
where
    RS: std::io::Read + std::io::Seek,
    R: Reader<RS>,
{
    book.sheets_metadata()
        .iter()
        .filter(|s| s.typ == SheetType::WorkSheet)
        .map(|s| s.name.clone())
        .collect()
}

/// Reads every worksheet through calamine's `Range` (XLS and ODS, whose readers parse the
/// whole file up front anyway and cap their own sizes).
fn read_ranges<RS, R>(
    mut book: R,
    kind: FileKind,
    map_error: impl Fn(R::Error) -> ReadError,
) -> Result<Workbook, ReadError>
where
    RS: std::io::Read + std::io::Seek,
    R: Reader<RS>,
{
    let names = worksheet_names(&book);
    let mut sheets = Vec::with_capacity(names.len());
    let mut cells_used = 0;
    for name in names {
        let range = book.worksheet_range(&name).map_err(&map_error)?;
        let (row0, col0) = range.start().unwrap_or((0, 0));
        let mut builder = SheetBuilder::new(name, cells_used);
        for (row, col, value) in range.used_cells() {
            builder.put(
                to_usize(row0).saturating_add(row),
                to_usize(col0).saturating_add(col),
                convert(value.clone()),
            )?;
        }
        cells_used = builder.cells_used();
        sheets.push(builder.finish());
    }
    finish_workbook(kind, sheets)
}

fn finish_workbook(kind: FileKind, sheets: Vec<Sheet>) -> Result<Workbook, ReadError> {
    if sheets.iter().all(|s| s.rows.is_empty()) {
        return Err(ReadError::NoData);
    }
    Ok(Workbook {
        kind,
        sheets,
        encoding: None,
        delimiter: None,
    })
}

fn to_usize(n: u32) -> usize {
    usize::try_from(n).unwrap_or(usize::MAX)
}

/// Maps a calamine value to a [`Cell`].
fn convert(value: Data) -> Cell {
    match value {
        Data::Empty => Cell::Empty,
        Data::String(s) | Data::DurationIso(s) => text_cell(s),
        Data::Float(f) => Cell::Number(f),
        // Precision loss above 2^53 is what Excel itself does with such numbers.
        #[allow(clippy::cast_precision_loss)]
        Data::Int(i) => Cell::Number(i as f64),
        Data::Bool(b) => Cell::Bool(b),
        Data::DateTime(dt) => excel_datetime(&dt),
        Data::DateTimeIso(s) => {
            if s.trim().is_empty() {
                Cell::Empty
            } else {
                Cell::DateTime(s)
            }
        }
        Data::Error(e) => Cell::Error(e.to_string()),
    }
}

fn text_cell(s: String) -> Cell {
    if s.trim().is_empty() {
        Cell::Empty
    } else {
        Cell::Text(s)
    }
}

/// Largest Excel serial date (9999-12-31).
const MAX_EXCEL_SERIAL: f64 = 2_958_466.0;

/// An Excel serial date/time as ISO 8601 text; a duration (`[h]:mm` format) as `H:MM:SS`.
fn excel_datetime(dt: &ExcelDateTime) -> Cell {
    let serial = dt.as_f64();
    if dt.is_duration() {
        return Cell::Text(duration_text(serial));
    }
    if !(0.0..MAX_EXCEL_SERIAL).contains(&serial) {
        // Excel cannot show it as a date either (it shows ####).
        return Cell::Number(serial);
    }
    let (year, month, day, hour, minute, second, milli) = dt.to_ymd_hms_milli();
    let time = if milli > 0 {
        format!("{hour:02}:{minute:02}:{second:02}.{milli:03}")
    } else {
        format!("{hour:02}:{minute:02}:{second:02}")
    };
    if serial < 1.0 {
        Cell::DateTime(time)
    } else if hour == 0 && minute == 0 && second == 0 && milli == 0 {
        Cell::DateTime(format!("{year:04}-{month:02}-{day:02}"))
    } else {
        Cell::DateTime(format!("{year:04}-{month:02}-{day:02}T{time}"))
    }
}

fn duration_text(days: f64) -> String {
    // Saturating float-to-int cast; NaN becomes 0.
    #[allow(clippy::cast_possible_truncation)]
    let total = (days * 86_400.0).round() as i64;
    let sign = if total < 0 { "-" } else { "" };
    let total = total.unsigned_abs();
    format!(
        "{sign}{}:{:02}:{:02}",
        total / 3600,
        (total / 60) % 60,
        total % 60
    )
}

/// Collects one sheet's cells at absolute positions, enforcing the limits.
pub(crate) struct SheetBuilder {
    name: String,
    rows: Vec<Vec<Cell>>,
    /// Cell and row slots allocated so far in the whole workbook.
    cells_used: usize,
}

impl SheetBuilder {
    /// A builder for sheet `name`; `cells_used` counts the slots earlier sheets took.
    pub(crate) fn new(name: String, cells_used: usize) -> Self {
        SheetBuilder {
            name,
            rows: Vec::new(),
            cells_used,
        }
    }

    /// The slots used so far, this sheet included.
    pub(crate) fn cells_used(&self) -> usize {
        self.cells_used
    }

    fn charge(&mut self, slots: usize) -> Result<(), ReadError> {
        self.cells_used = self.cells_used.saturating_add(slots);
        if self.cells_used > MAX_CELLS {
            return Err(ReadError::TooManyCells);
        }
        Ok(())
    }

    /// Puts `cell` at 0-based `row`, `col`. Empty cells are ignored wherever they are.
    pub(crate) fn put(&mut self, row: usize, col: usize, cell: Cell) -> Result<(), ReadError> {
        if cell.is_empty() {
            return Ok(());
        }
        if row >= MAX_ROWS {
            return Err(ReadError::TooManyRows {
                sheet: self.name.clone(),
            });
        }
        if col >= MAX_COLUMNS {
            return Err(ReadError::TooManyColumns {
                sheet: self.name.clone(),
            });
        }
        if self.rows.len() <= row {
            self.charge(row + 1 - self.rows.len())?;
            self.rows.resize_with(row + 1, Vec::new);
        }
        let missing = self
            .rows
            .get(row)
            .map_or(0, |r| (col + 1).saturating_sub(r.len()));
        if missing > 0 {
            self.charge(missing)?;
        }
        if let Some(r) = self.rows.get_mut(row) {
            if r.len() <= col {
                r.resize(col + 1, Cell::Empty);
            }
            if let Some(slot) = r.get_mut(col) {
                *slot = cell;
            }
        }
        Ok(())
    }

    /// The sheet, with trailing empty cells and trailing empty rows trimmed.
    pub(crate) fn finish(mut self) -> Sheet {
        for row in &mut self.rows {
            while row.last().is_some_and(Cell::is_empty) {
                row.pop();
            }
        }
        while self.rows.last().is_some_and(Vec::is_empty) {
            self.rows.pop();
        }
        Sheet {
            name: self.name,
            rows: self.rows,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use calamine::ExcelDateTimeType;

    fn dt(serial: f64) -> Cell {
        excel_datetime(&ExcelDateTime::new(
            serial,
            ExcelDateTimeType::DateTime,
            false,
        ))
    }

    #[test]
    fn datetimes() {
        assert_eq!(dt(43725.0), Cell::DateTime("2019-09-17".into()));
        assert_eq!(dt(43725.5), Cell::DateTime("2019-09-17T12:00:00".into()));
        assert_eq!(dt(1.0 / 3.0), Cell::DateTime("08:00:00".into()));
        assert_eq!(dt(-1.0), Cell::Number(-1.0));
        assert!(matches!(dt(f64::NAN), Cell::Number(n) if n.is_nan()));
        let d = ExcelDateTime::new(1.5, ExcelDateTimeType::TimeDelta, false);
        assert_eq!(excel_datetime(&d), Cell::Text("36:00:00".into()));
        assert_eq!(duration_text(-0.5), "-12:00:00");
    }

    #[test]
    fn numbers_in_messages() {
        assert_eq!(thousands(200_000), "200.000");
        assert_eq!(thousands(5_000_000), "5.000.000");
        assert_eq!(thousands(999), "999");
    }

    #[test]
    fn builder_limits() {
        let mut b = SheetBuilder::new("A".into(), 0);
        assert!(b.put(MAX_ROWS, 0, Cell::Text("x".into())).is_err());
        assert!(b.put(0, MAX_COLUMNS, Cell::Text("x".into())).is_err());
        // Empty values far away are ignored, not errors.
        assert!(b.put(MAX_ROWS + 5, MAX_COLUMNS + 5, Cell::Empty).is_ok());
        assert!(b.put(1, 1, Cell::Text("  ".into())).is_ok());
        b.put(2, 1, Cell::Number(1.0)).expect("in range");
        let s = b.finish();
        assert_eq!(
            s.rows,
            vec![vec![], vec![], vec![Cell::Empty, Cell::Number(1.0)]]
        );

        let mut b = SheetBuilder::new("B".into(), MAX_CELLS - 3);
        assert_eq!(
            b.put(5, 0, Cell::Text("x".into())),
            Err(ReadError::TooManyCells)
        );
    }
}
