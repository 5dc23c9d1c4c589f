//! Importing the participant lists OPDs send (XLSX or CSV), and exporting participants.
//!
//! Two steps share one code path: a preview (`dry_run`) decides every row against a read
//! snapshot plus what the rows before it did (see `target`), so its counts are exactly
//! what a commit would do; the commit decides them again on the database as it writes.
//! Rows are reported by the number the spreadsheet shows (1-based), with the column's
//! header as written in the file.

use crate::store::audit::Audit;
use std::collections::{BTreeMap, HashMap, HashSet};

use bintek_docs::sheet::{self as docs, Cell, OutCell, OutSheet, Sheet};
use rusqlite::TransactionBehavior;
use serde::{Deserialize, Serialize};

use crate::api::{Api, Caller};
use crate::error::{ApiError, ErrorCode};
use crate::files::{decode_base64, FilePayload};
use crate::ids;
use crate::model::Role;
use crate::participants::{
    clean_person, match_opd, new_opd_short_name, plan_person, require_event, CleanPerson, OpdFound,
    Outcome, PersonChange, PersonInput,
};
use crate::store::people::{self as pq, ParticipantFilter, PersonRow};
use crate::store::{self, audit, opd as oq};
use crate::validate::{one_line, Errors};

mod target;
use target::{OpdPlan, RowPlan, Target};

/// A column of an import file can feed one of these fields.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, ts_rs::TS,
)]
#[ts(rename = "ImportField")]
#[serde(rename_all = "snake_case")]
pub enum Field {
    Name,
    Nip,
    Nik,
    Gender,
    Rank,
    Position,
    Opd,
    Phone,
    Email,
    Role,
}

impl Field {
    pub const ALL: [Field; 10] = [
        Field::Name,
        Field::Nip,
        Field::Nik,
        Field::Gender,
        Field::Rank,
        Field::Position,
        Field::Opd,
        Field::Phone,
        Field::Email,
        Field::Role,
    ];

    pub fn key(self) -> &'static str {
        match self {
            Field::Name => "name",
            Field::Nip => "nip",
            Field::Nik => "nik",
            Field::Gender => "gender",
            Field::Rank => "rank",
            Field::Position => "position",
            Field::Opd => "opd",
            Field::Phone => "phone",
            Field::Email => "email",
            Field::Role => "role",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Field::Name => "Nama",
            Field::Nip => "NIP",
            Field::Nik => "NIK",
            Field::Gender => "Jenis kelamin (L/P)",
            Field::Rank => "Pangkat/golongan",
            Field::Position => "Jabatan",
            Field::Opd => "OPD / unit kerja",
            Field::Phone => "No. HP/WA",
            Field::Email => "Email",
            Field::Role => "Peran",
        }
    }

    fn from_key(s: &str) -> Option<Field> {
        Field::ALL.into_iter().find(|f| f.key() == s)
    }
}

/// Lower case, punctuation as spaces, whitespace collapsed: `No. HP/WA` → `no hp wa`.
fn norm(s: &str) -> String {
    let spaced: String = s
        .to_lowercase()
        .chars()
        .map(|c| if c.is_alphanumeric() { c } else { ' ' })
        .collect();
    one_line(&spaced)
}

/// Which field a header means, by the synonyms Indonesian lists use.
pub fn field_for_header(header: &str) -> Option<Field> {
    let k = norm(header);
    if k.is_empty() {
        return None;
    }
    let words: Vec<&str> = k.split(' ').collect();
    let has = |w: &str| words.contains(&w);
    let phrase = |p: &str| k.contains(p);
    if matches!(
        k.as_str(),
        "no" | "no urut"
            | "nomor"
            | "nomor urut"
            | "ttd"
            | "tanda tangan"
            | "paraf"
            | "ket"
            | "keterangan"
    ) {
        return None;
    }
    if has("email") || phrase("e mail") || has("surel") {
        return Some(Field::Email);
    }
    // "Nama / NIP": one column with the name and, on the next line, the NIP.
    if has("nama") && has("nip") {
        return Some(Field::Name);
    }
    if has("nip") || phrase("nomor induk pegawai") {
        return Some(Field::Nip);
    }
    if has("nik") || has("ktp") || phrase("nomor induk kependudukan") {
        return Some(Field::Nik);
    }
    if has("hp")
        || has("wa")
        || has("telp")
        || has("telepon")
        || has("tlp")
        || has("whatsapp")
        || has("handphone")
        || has("kontak")
        || has("ponsel")
    {
        return Some(Field::Phone);
    }
    if has("kelamin") || matches!(k.as_str(), "l p" | "lp" | "jk" | "gender" | "p l") {
        return Some(Field::Gender);
    }
    if has("pangkat") || has("gol") || has("golongan") {
        return Some(Field::Rank);
    }
    if has("jabatan") {
        return Some(Field::Position);
    }
    if phrase("unit kerja")
        || has("instansi")
        || has("opd")
        || has("skpd")
        || phrase("perangkat daerah")
        || phrase("satuan kerja")
        || has("satker")
        || has("dinas")
        || k == "asal"
    {
        return Some(Field::Opd);
    }
    if has("peran") || k == "sebagai" || k == "status peserta" {
        return Some(Field::Role);
    }
    if has("nama") {
        return Some(Field::Name);
    }
    None
}

/// `0` → `A`, `25` → `Z`, `26` → `AA`.
pub fn column_letter(mut i: usize) -> String {
    let mut s = Vec::new();
    loop {
        s.push(b'A' + (i % 26) as u8);
        if i < 26 {
            break;
        }
        i = i / 26 - 1;
    }
    s.reverse();
    String::from_utf8(s).unwrap_or_default()
}

fn column_index(letter: &str) -> Option<usize> {
    let l = letter.trim().to_ascii_uppercase();
    if l.is_empty() || l.len() > 3 || !l.bytes().all(|b| b.is_ascii_uppercase()) {
        return None;
    }
    let mut n = 0usize;
    for b in l.bytes() {
        n = n * 26 + (b - b'A' + 1) as usize;
    }
    Some(n - 1)
}

/// A cell as text for display and for the rejected-rows file.
fn cell_text(c: &Cell) -> String {
    match c {
        Cell::Empty => String::new(),
        Cell::Text(s) => s.trim().to_string(),
        Cell::Number(f) => number_text(*f),
        Cell::Bool(b) => if *b { "Ya" } else { "Tidak" }.to_string(),
        Cell::DateTime(s) => s.clone(),
        Cell::Error(e) => e.clone(),
    }
}

fn number_text(f: f64) -> String {
    if f.fract() == 0.0 && f.abs() < 1e15 {
        format!("{}", f as i64)
    } else if f.fract() == 0.0 {
        // What Excel shows for a long number: the digits are already gone.
        format!("{f:E}").replace('E', "E+")
    } else {
        f.to_string()
    }
}

fn is_blank(c: &Cell) -> bool {
    match c {
        Cell::Empty => true,
        Cell::Text(s) => s.trim().is_empty(),
        _ => false,
    }
}

/// How sure a cell is to start the closing part of a list.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Marker {
    /// Totals, "Mengetahui", "a.n.", a place-and-date line: never data.
    Strong,
    /// "Kepala …", "Sekretaris …": a sign-off title, but also a position (jabatan).
    Weak,
}

fn marker_of(cell: &Cell) -> Option<Marker> {
    let Cell::Text(t) = cell else { return None };
    // Every marker begins with one of these letters or holds a comma (a place and date):
    // the rest of a list's cells (every data row's) are passed over without copying.
    let initial = t
        .chars()
        .find(|c| c.is_alphanumeric())
        .and_then(|c| c.to_lowercase().next());
    if !matches!(initial, Some('j' | 't' | 'm' | 'a' | 'k' | 's')) && !t.contains(',') {
        return None;
    }
    let lower = t.trim().to_lowercase();
    let k = norm(t);
    let first = k.split(' ').next().unwrap_or("");
    if matches!(first, "jumlah" | "total" | "mengetahui" | "ttd")
        || lower.starts_with("a.n.")
        || lower.starts_with("a.n ")
        || lower.starts_with("an.")
        || is_place_date(t)
    {
        Some(Marker::Strong)
    } else if k.starts_with("kepala ") || k.starts_with("sekretaris ") || k == "kepala" {
        Some(Marker::Weak)
    } else {
        None
    }
}

/// Whether a row starts the list's closing part. Strong markers count anywhere; weak ones
/// only outside the columns that carry data other than the name.
fn is_footer(row: &[Cell], data_columns: &HashSet<usize>) -> bool {
    row.iter().enumerate().any(|(i, c)| match marker_of(c) {
        Some(Marker::Strong) => true,
        Some(Marker::Weak) => !data_columns.contains(&i),
        None => false,
    })
}

/// `Purwodadi, 10 September 2019`.
fn is_place_date(t: &str) -> bool {
    let Some((place, date)) = t.split_once(',') else {
        return false;
    };
    let place = place.trim();
    let parts: Vec<&str> = date.split_whitespace().collect();
    !place.is_empty()
        && place
            .chars()
            .all(|c| c.is_alphabetic() || c == ' ' || c == '.')
        && parts.len() == 3
        && parts[0].parse::<u32>().is_ok_and(|d| (1..=31).contains(&d))
        && crate::format::MONTHS
            .iter()
            .any(|m| m.eq_ignore_ascii_case(parts[1]))
        && parts[2].len() == 4
        && parts[2].parse::<u32>().is_ok()
}

/// A row of column numbers under the header (`1 2 3 4 5 6`), common in official tables.
fn numbering_row(row: &[Cell]) -> bool {
    let values: Vec<f64> = row
        .iter()
        .filter(|c| !is_blank(c))
        .map(|c| match c {
            Cell::Number(f) => *f,
            Cell::Text(t) => t.trim().trim_end_matches('.').parse().unwrap_or(-1.0),
            _ => -1.0,
        })
        .collect();
    values.len() >= 3 && values.iter().enumerate().all(|(i, v)| *v == (i + 1) as f64)
}

/// Picks the header row: the row in the first 30 with the most recognised columns, one of
/// them a name column.
fn detect_header(sheet: &Sheet) -> Option<usize> {
    let mut best: Option<(usize, usize)> = None;
    for (i, row) in sheet.rows.iter().take(30).enumerate() {
        let fields: HashSet<Field> = row
            .iter()
            .filter_map(|c| match c {
                Cell::Text(t) => field_for_header(t),
                _ => None,
            })
            .collect();
        if fields.contains(&Field::Name)
            && fields.len() >= 2
            && best.is_none_or(|(_, n)| fields.len() > n)
        {
            best = Some((i, fields.len()));
        }
    }
    best.map(|(i, _)| i)
}

/// How much of a cell, a header or a sheet name an import report shows: a crafted file
/// may hold 40 MB in one cell, and a message must not echo it.
pub const MAX_SHOWN_CELL: usize = 100;

/// Cuts every value from the file that the report shows back (see [`MAX_SHOWN_CELL`]).
fn shorten_report(report: &mut ImportReport) {
    let cut = |s: &mut String| {
        if s.chars().nth(MAX_SHOWN_CELL).is_some() || crate::validate::has_control(s) {
            *s = crate::validate::shorten(s, MAX_SHOWN_CELL);
        }
    };
    for issue in report.errors.iter_mut().chain(report.warnings.iter_mut()) {
        cut(&mut issue.value);
        cut(&mut issue.column);
    }
    for c in &mut report.columns {
        cut(&mut c.header);
    }
    cut(&mut report.sheet);
    report.sheets.iter_mut().for_each(cut);
    cut(&mut report.file_name);
}

#[derive(Debug, Clone, Default, Deserialize, Serialize, ts_rs::TS)]
#[serde(deny_unknown_fields)]
#[ts(optional_fields = nullable)]
pub struct ImportArgs {
    pub event_id: String,
    pub file_name: String,
    /// The file's bytes, base64-encoded.
    pub data: String,
    /// Preview only: nothing is written.
    #[serde(default)]
    #[ts(as = "Option<bool>", optional)]
    pub dry_run: bool,
    /// Which sheet (index); default: the first with a recognisable header.
    pub sheet: Option<usize>,
    /// The header row as the spreadsheet numbers it (1-based); default: detected.
    pub header_row: Option<usize>,
    /// Column letter → field key (`"B": "name"`), `""` to ignore a column. Overrides the
    /// detected mapping for the columns it names.
    pub mapping: Option<BTreeMap<String, String>>,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq, ts_rs::TS)]
pub struct ColumnInfo {
    pub column: String,
    pub header: String,
    pub field: Option<Field>,
}

#[derive(Debug, Clone, Serialize, Deserialize, ts_rs::TS)]
pub struct FieldInfo {
    pub field: Field,
    pub label: String,
}

/// One problem of one row, named as the spreadsheet shows it.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq, ts_rs::TS)]
pub struct RowIssue {
    pub row: usize,
    pub column: String,
    pub value: String,
    pub message: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, ts_rs::TS)]
pub struct ImportReport {
    pub dry_run: bool,
    pub file_name: String,
    pub sheet: String,
    pub sheets: Vec<String>,
    pub header_row: usize,
    pub columns: Vec<ColumnInfo>,
    pub fields: Vec<FieldInfo>,
    /// Data rows read (after the header, before the footer, not counting empty rows).
    pub rows_read: usize,
    /// New registrations in this event.
    pub imported: usize,
    /// Already registered, and the person's data changed.
    pub updated: usize,
    /// Already registered with the same data.
    pub unchanged: usize,
    /// The same person again in this file.
    pub duplicates: usize,
    /// Empty rows and column-number rows.
    pub skipped: usize,
    /// Rows refused (each listed in `errors`, possibly more than once).
    pub rejected: usize,
    pub errors: Vec<RowIssue>,
    pub warnings: Vec<RowIssue>,
    pub opds_created: Vec<String>,
    pub quota_warnings: Vec<String>,
    /// Where the list's closing part (totals, sign-off) starts; ignored from there on.
    pub ignored_from_row: Option<usize>,
}

/// A row ready for the database.
#[derive(Clone)]
struct GoodRow {
    row: usize,
    clean: CleanPerson,
    role: Role,
    /// Column header per field key, for messages.
    columns: HashMap<&'static str, String>,
}

/// The last parsed import, keyed by a hash of everything `parse` reads.
#[derive(Default)]
pub(crate) struct ParseCache(std::sync::Mutex<Option<(u64, std::sync::Arc<Parsed>)>>);

impl ParseCache {
    fn key(args: &ImportArgs) -> u64 {
        use std::hash::{Hash, Hasher};
        let mut h = std::collections::hash_map::DefaultHasher::new();
        (
            &args.file_name,
            &args.data,
            args.sheet,
            args.header_row,
            &args.mapping,
        )
            .hash(&mut h);
        h.finish()
    }

    /// Parses `args`, or returns the result of the same file and options parsed last.
    fn get(&self, args: &ImportArgs) -> Result<std::sync::Arc<Parsed>, ApiError> {
        let key = Self::key(args);
        if let Some((k, p)) = self.0.lock().unwrap_or_else(|e| e.into_inner()).as_ref() {
            if *k == key {
                return Ok(p.clone());
            }
        }
        let parsed = std::sync::Arc::new(parse(args)?);
        *self.0.lock().unwrap_or_else(|e| e.into_inner()) = Some((key, parsed.clone()));
        Ok(parsed)
    }
}

#[derive(Clone)]
struct Parsed {
    report: ImportReport,
    good: Vec<GoodRow>,
    /// Rejected rows: (row number, original cells, reasons).
    rejected: Vec<(usize, Vec<String>, Vec<String>)>,
    header_cells: Vec<String>,
}

fn read_error(e: impl std::fmt::Display) -> ApiError {
    ApiError::field("file", e.to_string())
}

/// Reads the file and validates every row, without touching the database: read the
/// workbook, find the header, map its columns, then read and classify each row below it.
fn parse(args: &ImportArgs) -> Result<Parsed, ApiError> {
    let workbook = read_file(args)?;
    let at = locate_header(args, &workbook)?;
    let sheet = &workbook.sheets[at.sheet];
    let header = read_header(args, sheet, at.row)?;
    let mut parsing = Parsing {
        report: new_report(args, &workbook, sheet, &header),
        good: Vec::new(),
        rejected: Vec::new(),
        seen: HashMap::new(),
    };
    for (idx, row) in sheet.rows.iter().enumerate().skip(at.row + 1) {
        let row_no = idx + 1;
        match row_kind(&header, row, idx == at.row + 1) {
            RowKind::Closing => {
                parsing.report.ignored_from_row = Some(row_no);
                break;
            }
            RowKind::Skipped => {
                parsing.report.skipped += 1;
                continue;
            }
            RowKind::Data => {}
        }
        parsing.report.rows_read += 1;
        let cells = read_row(&header, row_no, row);
        let checked = check_row(cells);
        parsing.classify(checked, row);
    }
    let mut report = parsing.report;
    shorten_report(&mut report);
    Ok(Parsed {
        report,
        good: parsing.good,
        rejected: parsing.rejected,
        header_cells: header.cells,
    })
}

/// Step 1: the file's bytes, read into sheets of cells.
fn read_file(args: &ImportArgs) -> Result<docs::Workbook, ApiError> {
    let bytes = decode_base64("data", &args.data)?;
    let name = args.file_name.trim();
    let workbook =
        docs::read_workbook(&bytes, (!name.is_empty()).then_some(name)).map_err(read_error)?;
    if workbook.sheets.is_empty() {
        return Err(read_error("Berkas tidak berisi lembar kerja."));
    }
    Ok(workbook)
}

/// Where the list's header is: a sheet and a row index, both checked to exist.
struct HeaderAt {
    sheet: usize,
    row: usize,
}

/// Step 2: the sheet and header row the user chose, else the first sheet with a
/// recognisable header and the row detected in it.
fn locate_header(args: &ImportArgs, workbook: &docs::Workbook) -> Result<HeaderAt, ApiError> {
    let sheets = &workbook.sheets;
    let (sheet, row) = match (args.sheet, args.header_row) {
        (Some(s), _) if s >= sheets.len() => {
            return Err(ApiError::field(
                "sheet",
                format!(
                    "Lembar ke-{} tidak ada; berkas ini punya {} lembar.",
                    s + 1,
                    sheets.len()
                ),
            ))
        }
        (Some(s), Some(h)) => (s, h.checked_sub(1)),
        (Some(s), None) => (s, detect_header(&sheets[s])),
        (None, h) => {
            let found = sheets
                .iter()
                .enumerate()
                .find_map(|(i, s)| detect_header(s).map(|_| i))
                .unwrap_or(0);
            match h {
                Some(h) => (found, h.checked_sub(1)),
                None => (found, detect_header(&sheets[found])),
            }
        }
    };
    let Some(row) = row else {
        return Err(ApiError::field(
            "header_row",
            "Baris judul kolom tidak ditemukan: pastikan ada kolom Nama (dan NIP atau Unit Kerja) \
             di 30 baris pertama, atau isi nomor baris judul kolom.",
        ));
    };
    let rows = sheets[sheet].rows.len();
    if row >= rows {
        return Err(ApiError::field(
            "header_row",
            format!(
                "Baris judul {} melewati akhir lembar ({} baris).",
                row + 1,
                rows
            ),
        ));
    }
    Ok(HeaderAt { sheet, row })
}

/// The header row and what each column feeds.
struct Header {
    /// The header row's cells as text.
    cells: Vec<String>,
    /// Column index → field: detected from the header, then the user's overrides.
    mapping: BTreeMap<usize, Field>,
    /// The columns the report shows: those with a header or a field.
    columns: Vec<ColumnInfo>,
    name_column: usize,
    /// The mapped columns other than the name's (see [`is_footer`]).
    data_columns: HashSet<usize>,
    header_row: usize,
}

impl Header {
    /// A column as messages name it: its header, else `Kolom B`.
    fn column_name(&self, i: usize) -> String {
        self.cells
            .get(i)
            .filter(|h| !h.is_empty())
            .cloned()
            .unwrap_or_else(|| format!("Kolom {}", column_letter(i)))
    }
}

/// Step 3: the header row at `index` of `sheet`, its columns mapped to fields.
fn read_header(args: &ImportArgs, sheet: &Sheet, index: usize) -> Result<Header, ApiError> {
    let cells: Vec<String> = sheet.rows[index].iter().map(cell_text).collect();
    let mut mapping = detected_mapping(&cells);
    if let Some(overrides) = &args.mapping {
        override_mapping(&mut mapping, overrides)?;
    }
    if !mapping.values().any(|f| *f == Field::Name) {
        return Err(ApiError::field(
            "mapping",
            "Kolom Nama belum ditentukan: pilih kolom yang berisi nama peserta.",
        ));
    }
    let width = cells.len().max(mapping.keys().max().map_or(0, |m| m + 1));
    let columns: Vec<ColumnInfo> = (0..width)
        .filter(|i| cells.get(*i).is_some_and(|h| !h.is_empty()) || mapping.contains_key(i))
        .map(|i| ColumnInfo {
            column: column_letter(i),
            header: cells.get(i).cloned().unwrap_or_default(),
            field: mapping.get(&i).copied(),
        })
        .collect();
    let name_column = mapping
        .iter()
        .find(|(_, f)| **f == Field::Name)
        .map(|(c, _)| *c)
        .unwrap_or(0);
    let data_columns = mapping
        .iter()
        .filter(|(_, f)| **f != Field::Name)
        .map(|(c, _)| *c)
        .collect();
    Ok(Header {
        cells,
        mapping,
        columns,
        name_column,
        data_columns,
        header_row: index + 1,
    })
}

/// Each header's field, the first column of a field winning.
fn detected_mapping(cells: &[String]) -> BTreeMap<usize, Field> {
    let mut mapping = BTreeMap::new();
    let mut taken: HashSet<Field> = HashSet::new();
    for (i, h) in cells.iter().enumerate() {
        if let Some(f) = field_for_header(h) {
            if taken.insert(f) {
                mapping.insert(i, f);
            }
        }
    }
    mapping
}

/// The user's choices (column letter → field key, empty or `ignore` to drop a column):
/// a field chosen for one column leaves the column it was detected in.
fn override_mapping(
    mapping: &mut BTreeMap<usize, Field>,
    overrides: &BTreeMap<String, String>,
) -> Result<(), ApiError> {
    for (letter, key) in overrides {
        let col = column_index(letter).ok_or_else(|| {
            ApiError::field(
                "mapping",
                format!("Kolom \"{}\" tidak valid.", crate::validate::quote(letter)),
            )
            .with_code(ErrorCode::InvalidArgument)
        })?;
        let key = key.trim();
        if key.is_empty() || key == "ignore" {
            mapping.remove(&col);
            continue;
        }
        let f = Field::from_key(key).ok_or_else(|| {
            ApiError::field(
                "mapping",
                format!("Isian \"{}\" tidak dikenal.", crate::validate::quote(key)),
            )
            .with_code(ErrorCode::InvalidArgument)
        })?;
        mapping.retain(|_, v| *v != f);
        mapping.insert(col, f);
    }
    Ok(())
}

/// The report before any row is read.
fn new_report(
    args: &ImportArgs,
    workbook: &docs::Workbook,
    sheet: &Sheet,
    header: &Header,
) -> ImportReport {
    ImportReport {
        dry_run: args.dry_run,
        file_name: args.file_name.trim().to_string(),
        sheet: sheet.name.clone(),
        sheets: workbook.sheets.iter().map(|s| s.name.clone()).collect(),
        header_row: header.header_row,
        columns: header.columns.clone(),
        fields: Field::ALL
            .into_iter()
            .map(|f| FieldInfo {
                field: f,
                label: f.label().to_string(),
            })
            .collect(),
        rows_read: 0,
        imported: 0,
        updated: 0,
        unchanged: 0,
        duplicates: 0,
        skipped: 0,
        rejected: 0,
        errors: Vec::new(),
        warnings: Vec::new(),
        opds_created: Vec::new(),
        quota_warnings: Vec::new(),
        ignored_from_row: None,
    }
}

/// What a row under the header is.
enum RowKind {
    /// The list's closing part (totals, sign-off) starts here: it and the rest are ignored.
    Closing,
    /// An empty row, or the column-number row right under the header.
    Skipped,
    Data,
}

/// Step 4: what the row `row` is; `first` when it is right under the header.
fn row_kind(header: &Header, row: &[Cell], first: bool) -> RowKind {
    let name_blank = row.get(header.name_column).is_none_or(is_blank);
    if name_blank {
        if is_footer(row, &header.data_columns) {
            return RowKind::Closing;
        }
        if header
            .mapping
            .keys()
            .all(|c| row.get(*c).is_none_or(is_blank))
        {
            return RowKind::Skipped;
        }
    } else if row.get(header.name_column).and_then(marker_of).is_some()
        || row.iter().any(|c| marker_of(c) == Some(Marker::Strong))
    {
        // "JUMLAH" with a total in the name column, or a sign-off written there.
        return RowKind::Closing;
    }
    if first && numbering_row(row) {
        return RowKind::Skipped;
    }
    RowKind::Data
}

/// A data row as read by column: the person's fields as typed, the role, and the
/// problems of single cells.
struct RowCells {
    row: usize,
    input: PersonInput,
    role: Role,
    /// Column header per field key, for messages.
    columns: HashMap<&'static str, String>,
    issues: Vec<RowIssue>,
}

impl RowCells {
    /// The value of a field as the row gave it, for messages.
    fn value(&self, field: &str) -> String {
        let input = &self.input;
        match field {
            "name" => Some(input.name.clone()),
            "nip" => input.nip.clone(),
            "nik" => input.nik.clone(),
            "gender" => input.gender.clone(),
            "rank" => input.rank.clone(),
            "position" => input.position.clone(),
            "opd" => input.opd.clone(),
            "phone" => input.phone.clone(),
            "email" => input.email.clone(),
            _ => None,
        }
        .unwrap_or_default()
    }

    /// A field's column as the file heads it, else the field's label.
    fn column_name(&self, field: &str) -> String {
        self.columns.get(field).cloned().unwrap_or_else(|| {
            Field::from_key(field)
                .map(|f| f.label().to_string())
                .unwrap_or_else(|| field.to_string())
        })
    }

    fn issue(&self, field: &str, message: String) -> RowIssue {
        RowIssue {
            row: self.row,
            column: self.column_name(field),
            value: self.value(field),
            message,
        }
    }
}

/// Step 5: the cells of a data row, each into its field.
fn read_row(header: &Header, row_no: usize, row: &[Cell]) -> RowCells {
    let mut cells = RowCells {
        row: row_no,
        input: PersonInput::default(),
        role: Role::Participant,
        columns: HashMap::new(),
        issues: Vec::new(),
    };
    for (col, field) in &header.mapping {
        let cell = row.get(*col).unwrap_or(&Cell::Empty);
        cells.columns.insert(field.key(), header.column_name(*col));
        read_cell(&mut cells, header.column_name(*col), *field, cell);
    }
    split_name_and_nip(&mut cells.input);
    cells
}

/// One cell into its field; an Excel error, a rounded NIP/NIK or an unknown role is an
/// issue of the row.
fn read_cell(cells: &mut RowCells, column: String, field: Field, cell: &Cell) {
    let row = cells.row;
    if let Cell::Error(e) = cell {
        cells.issues.push(RowIssue {
            row,
            column,
            value: e.clone(),
            message: format!("Sel berisi galat Excel ({e}); isi dengan nilai yang benar."),
        });
        return;
    }
    // A long ID that arrived as a number has lost its last digits already.
    if let (Cell::Number(n), Field::Nip | Field::Nik) = (cell, field) {
        if n.abs() >= 1e15 {
            let label = if field == Field::Nip { "NIP" } else { "NIK" };
            cells.issues.push(RowIssue {
                row,
                column,
                value: number_text(*n),
                message: ids::rounded_number_message(label, &number_text(*n)),
            });
            return;
        }
    }
    let text = cell_text(cell);
    if text.is_empty() {
        return;
    }
    let input = &mut cells.input;
    match field {
        Field::Name => input.name = text,
        Field::Nip => input.nip = Some(text),
        Field::Nik => input.nik = Some(text),
        Field::Gender => input.gender = Some(text),
        Field::Rank => input.rank = Some(text),
        Field::Position => input.position = Some(text),
        Field::Opd => input.opd = Some(text),
        Field::Phone => input.phone = Some(text),
        Field::Email => input.email = Some(text),
        Field::Role => match Role::parse(&text) {
            Some(r) => cells.role = r,
            None => cells.issues.push(RowIssue {
                row,
                column,
                value: text.clone(),
                message: format!(
                    "Peran \"{}\" tidak dikenal: gunakan Peserta, Narasumber, Moderator, atau Panitia.",
                    crate::validate::quote(&text)
                ),
            }),
        },
    }
}

/// "Nama / NIP" in one cell: name on the first line, NIP on the next.
fn split_name_and_nip(input: &mut PersonInput) {
    if input.nip.is_some() || !input.name.contains('\n') {
        return;
    }
    let mut lines = input.name.lines().map(str::trim).filter(|l| !l.is_empty());
    let first = lines.next().unwrap_or("").to_string();
    let rest: Vec<&str> = lines.collect();
    if let Some(nip_line) = rest
        .iter()
        .find(|l| l.to_uppercase().starts_with("NIP") || ids::parse_nip(l).is_ok())
    {
        input.nip = Some(nip_line.to_string());
        input.name = first;
    }
}

/// A data row after the checks a typed person gets.
struct CheckedRow {
    cells: RowCells,
    /// The cleaned person, when the row has no issue at all.
    clean: Option<CleanPerson>,
    warnings: Vec<RowIssue>,
}

/// Step 6: the person checks (`clean_person`); their errors join the row's issues.
fn check_row(mut cells: RowCells) -> CheckedRow {
    let mut errors = Errors::default();
    let mut warnings = Errors::default();
    let cleaned = clean_person(cells.input.clone(), &mut errors, &mut warnings);
    for e in errors.0 {
        let issue = cells.issue(&e.field, e.message);
        cells.issues.push(issue);
    }
    let warnings = warnings
        .0
        .into_iter()
        .map(|w| cells.issue(&w.field, w.message))
        .collect();
    CheckedRow {
        clean: cleaned.filter(|_| cells.issues.is_empty()),
        cells,
        warnings,
    }
}

/// The rows parsed so far.
struct Parsing {
    report: ImportReport,
    good: Vec<GoodRow>,
    rejected: Vec<(usize, Vec<String>, Vec<String>)>,
    /// Identity key of each person taken → the row they came from.
    seen: HashMap<String, usize>,
}

impl Parsing {
    /// Step 7: a checked row becomes a good row, a duplicate of an earlier one, or a
    /// rejected row (with its original cells, for the rejected-rows file).
    fn classify(&mut self, checked: CheckedRow, row: &[Cell]) {
        let CheckedRow {
            cells,
            clean,
            warnings,
        } = checked;
        self.report.warnings.extend(warnings);
        let Some(clean) = clean else {
            let reasons = cells
                .issues
                .iter()
                .map(|i| format!("{}: {}", i.column, i.message))
                .collect();
            let original = row.iter().map(cell_text).collect();
            self.rejected.push((cells.row, original, reasons));
            self.report.errors.extend(cells.issues);
            return;
        };
        let key = identity_key(&clean);
        if let Some(first) = self.seen.get(&key) {
            self.report.duplicates += 1;
            self.report.warnings.push(RowIssue {
                row: cells.row,
                column: cells.column_name("name"),
                value: clean.name.clone(),
                message: format!("Orang yang sama dengan baris {first}; tidak diimpor dua kali."),
            });
            return;
        }
        self.seen.insert(key, cells.row);
        self.good.push(GoodRow {
            row: cells.row,
            clean,
            role: cells.role,
            columns: cells.columns,
        });
    }
}

/// Who a row is, to find the same person twice in a file: NIP, else NIK, else name and OPD.
fn identity_key(clean: &CleanPerson) -> String {
    match (&clean.nip, &clean.nik) {
        (Some(nip), _) => format!("nip:{nip}"),
        (None, Some(nik)) => format!("nik:{nik}"),
        _ => format!(
            "name:{}|{}",
            pq::name_key(&clean.name),
            clean.opd.as_deref().map(oq::opd_key).unwrap_or_default()
        ),
    }
}

/// How long one chunk of an import's commit may hold the write lock. A desk's check-in
/// waits at most about this long (plus the check-ins queued before it).
const CHUNK: std::time::Duration = std::time::Duration::from_millis(25);
/// The pause between two chunks, in which another process (the app beside a CLI import)
/// takes the write lock: its busy handler asks every millisecond. When the next chunk had
/// to wait for the lock, others are writing: the pause after it is twice that wait (at
/// most a chunk), so a queue of desks in another process gets through, not one a gap.
const CHUNK_GAP: std::time::Duration = std::time::Duration::from_millis(2);

/// The OPD of an imported row: its key, its id, and whether the import added it.
struct RowOpd {
    key: String,
    id: String,
    created: bool,
}

/// What one imported row wrote.
struct RowWritten {
    opd: Option<RowOpd>,
    registration_outcome: Outcome,
    person_outcome: Outcome,
    person_id: String,
    /// For a person changed: the row as it was, and their search-index entry then.
    before: Option<(PersonRow, Option<pq::SearchEntry>)>,
    registration_id: String,
    status: String,
    name: String,
}

/// One import's progress through its rows: the report so far, the OPDs it resolved, and
/// what it wrote (to take back if a later chunk of the commit fails).
struct ImportRun {
    report: ImportReport,
    opd_ids: HashMap<String, String>,
    touched_opds: Vec<String>,
    undo: pq::ImportUndo,
    /// People the current chunk created or changed while the search index was paused,
    /// with the index entry each had before (see [`ImportRun::reindex`]).
    unindexed: Vec<(String, Option<pq::SearchEntry>)>,
}

impl ImportRun {
    fn new(parsed: &Parsed, dry_run: bool) -> ImportRun {
        let mut report = parsed.report.clone();
        report.dry_run = dry_run;
        ImportRun {
            report,
            opd_ids: HashMap::new(),
            touched_opds: Vec::new(),
            undo: pq::ImportUndo::default(),
            unindexed: Vec::new(),
        }
    }

    /// Imports one row into `target`: every way the row can be refused is checked before
    /// it writes anything, so a refused row leaves nothing of itself and becomes a row
    /// error. An `Err` is a failure of the whole import (the database itself), not of the
    /// row.
    fn row(
        &mut self,
        target: &mut impl Target,
        event_id: &str,
        g: &GoodRow,
        now: &str,
    ) -> Result<(), ApiError> {
        match self.plan_row(target, event_id, g, now) {
            Ok(plan) => {
                let applied = target.apply(event_id, &plan, now)?;
                let person = plan.person.row();
                let written = RowWritten {
                    opd: plan.opd.map(|o| RowOpd {
                        key: o.key,
                        created: o.new.is_some(),
                        id: o.id,
                    }),
                    registration_outcome: if plan.registered.is_some() {
                        Outcome::Unchanged
                    } else {
                        Outcome::Created
                    },
                    person_outcome: plan.person.outcome(),
                    person_id: person.id.clone(),
                    name: person.name.clone(),
                    before: match plan.person {
                        PersonChange::Update { old, .. } => Some((*old, applied.indexed)),
                        _ => None,
                    },
                    registration_id: applied.registration_id,
                    status: applied.status,
                };
                self.kept(g, written);
            }
            Err(e) => self.refused(g, e),
        }
        Ok(())
    }

    /// What one row will write: its OPD (resolved once per import), the person, the
    /// registration; or why the row is refused.
    fn plan_row(
        &self,
        target: &mut impl Target,
        event_id: &str,
        g: &GoodRow,
        now: &str,
    ) -> Result<RowPlan, ApiError> {
        let clean = &g.clean;
        let opd = match &clean.opd {
            Some(name) => {
                let key = oq::opd_key(name);
                let plan = match self.opd_ids.get(&key) {
                    Some(id) => OpdPlan {
                        key,
                        id: id.clone(),
                        new: None,
                    },
                    // A list from an OPD is authoritative: a name that matches
                    // no OPD is added (and reported in `opds_created`).
                    None => match match_opd(name, target.opds()?, true)? {
                        OpdFound::Existing(id) => OpdPlan { key, id, new: None },
                        OpdFound::New => OpdPlan {
                            key,
                            id: store::new_id(),
                            new: Some((
                                name.clone(),
                                new_opd_short_name(name, |k| target.opd_key_taken(k))?,
                            )),
                        },
                    },
                };
                Some(plan)
            }
            None => None,
        };
        let opd_id = opd.as_ref().map(|o| o.id.as_str());
        let person = plan_person(target, clean, opd_id, now)?;
        let registered = match &person {
            PersonChange::Create(_) => None,
            other => target.registration(event_id, &other.row().id)?,
        };
        Ok(RowPlan {
            opd,
            person,
            registered,
            role: g.role,
        })
    }

    /// A row written: counted, its new rows noted for an undo, and a warning when the
    /// person's registration is cancelled or replaced.
    fn kept(&mut self, g: &GoodRow, done: RowWritten) {
        let report = &mut self.report;
        if let Some(RowOpd { key, id, created }) = done.opd {
            if created {
                report
                    .opds_created
                    .push(g.clean.opd.clone().unwrap_or_default());
                self.undo.opds.push(id.clone());
            }
            if !self.touched_opds.contains(&id) {
                self.touched_opds.push(id.clone());
            }
            self.opd_ids.insert(key, id);
        }
        match (done.person_outcome, done.before) {
            (Outcome::Created, _) => {
                self.unindexed.push((done.person_id.clone(), None));
                self.undo.people_created.push(done.person_id);
            }
            (_, Some((row, indexed))) => {
                self.unindexed.push((done.person_id, indexed));
                self.undo.people_before.push(row);
            }
            _ => {}
        }
        if done.registration_outcome == Outcome::Created {
            self.undo.registrations.push(done.registration_id);
        }
        match (done.registration_outcome, done.person_outcome) {
            (Outcome::Created, _) => report.imported += 1,
            (_, Outcome::Updated) => report.updated += 1,
            _ => report.unchanged += 1,
        }
        if done.status != "registered" {
            let status = if done.status == "cancelled" {
                "dibatalkan"
            } else {
                "sudah digantikan"
            };
            report.warnings.push(RowIssue {
                row: g.row,
                column: g.columns.get("name").cloned().unwrap_or_default(),
                value: done.name,
                message: format!(
                    "Sudah terdaftar dengan status {status}; status tidak diubah oleh impor."
                ),
            });
        }
    }

    /// The search index of one chunk's people, written once at its end (FTS5 writes its
    /// pending index at every savepoint, and every insert of a row with triggers opens a
    /// statement savepoint): each person's
    /// old entry, if they had one before the chunk, is removed and the row as it is now
    /// added, once per person.
    fn reindex(&mut self, tx: &rusqlite::Connection) -> Result<(), ApiError> {
        let mut done = std::collections::HashSet::new();
        let (mut old, mut ids) = (Vec::new(), Vec::new());
        for (id, entry) in self.unindexed.drain(..) {
            // The first sighting in the chunk holds the entry the index has.
            if done.insert(id.clone()) {
                old.extend(entry);
                ids.push(id);
            }
        }
        pq::reindex_people(tx, &old, &ids)?;
        Ok(())
    }

    /// A row the database refused: an error of the row, named by its field's column.
    fn refused(&mut self, g: &GoodRow, e: ApiError) {
        let clean = &g.clean;
        let field = e.field.clone().unwrap_or_else(|| "name".to_string());
        let value = match field.as_str() {
            "nip" => clean.nip.clone(),
            "nik" => clean.nik.clone(),
            "opd" => clean.opd.clone(),
            _ => Some(clean.name.clone()),
        }
        .unwrap_or_default();
        self.report.errors.push(RowIssue {
            row: g.row,
            column: g
                .columns
                .get(field.as_str())
                .cloned()
                .unwrap_or_else(|| field.clone()),
            value,
            message: e.message,
        });
    }

    /// The end of the run, inside the last transaction: quota warnings for the OPDs the
    /// list touched, and the rows in order.
    fn finish(&mut self, target: &impl Target, event_id: &str) -> Result<(), ApiError> {
        let report = &mut self.report;
        if !self.touched_opds.is_empty() {
            let rows = target.quota_rows(event_id, &self.touched_opds)?;
            for opd_id in &self.touched_opds {
                if let Some(row) = rows.iter().find(|r| &r.opd_id == opd_id && r.over) {
                    report.quota_warnings.push(format!(
                        "{} melebihi kuota: {} peserta terdaftar, kuota {}.",
                        row.opd,
                        row.registered,
                        row.quota.unwrap_or(0)
                    ));
                }
            }
        }
        shorten_report(report);
        report.errors.sort_by_key(|e| e.row);
        let mut rejected_rows: Vec<usize> = report.errors.iter().map(|e| e.row).collect();
        rejected_rows.dedup();
        report.rejected = rejected_rows.len();
        report.warnings.sort_by_key(|e| e.row);
        Ok(())
    }
}

impl Api {
    /// Imports (or, with `dry_run`, previews) a participant list for an event.
    ///
    /// The preview is a read: it decides every row with the very same code against one
    /// snapshot and writes nothing, so its counts are exact and no desk waits for it. The
    /// commit runs in chunks of about [`CHUNK`] each, letting waiting check-ins go in
    /// between; if a chunk fails, what the earlier ones wrote is taken back, so the user
    /// sees all of the import or none of it.
    pub(crate) fn participant_import(
        &self,
        caller: &Caller,
        args: ImportArgs,
    ) -> Result<ImportReport, ApiError> {
        self.ensure_writable()?;
        crate::files::check_file_name(&args.file_name)?;
        let parsed = self.import_cache.get(&args)?;
        let mut run = ImportRun::new(&parsed, args.dry_run);
        let now = store::now();
        if args.dry_run {
            // A reading connection, in one read transaction: one snapshot, and no desk
            // waits for the preview.
            let mut conn = self.read();
            let tx = conn.transaction_with_behavior(TransactionBehavior::Deferred)?;
            require_event(&tx, &args.event_id)?;
            let mut view = target::Preview::new(&tx);
            for g in &parsed.good {
                run.row(&mut view, &args.event_id, g, &now)?;
            }
            run.finish(&view, &args.event_id)?;
            return Ok(run.report);
        }
        let committed = self.import_in_chunks(caller, &args, &parsed, &mut run, &now);
        if let Err(e) = committed {
            let undo = &run.undo;
            if !undo.is_empty() {
                let mut conn = self.conn();
                let taken_back = store::with_tx(&mut conn, |tx| pq::undo_import(tx, undo));
                self.backups.note_write();
                return Err(match taken_back {
                    Ok(0) => e,
                    Ok(stayed) => ApiError::new(
                        e.code,
                        format!(
                            "{} Impor dibatalkan; {stayed} data yang sudah dipakai meja registrasi tetap tersimpan.",
                            e.message
                        ),
                    ),
                    Err(undo_error) => ApiError::new(
                        e.code,
                        format!(
                            "{} Sebagian impor sudah tersimpan dan tidak dapat dibatalkan ({undo_error}); \
                             impor berkas yang sama sekali lagi: baris yang sudah masuk tidak akan terduplikasi.",
                            e.message
                        ),
                    ),
                });
            }
            return Err(e);
        }
        self.backups.note_write();
        Ok(run.report)
    }

    /// The commit of an import: rows in short IMMEDIATE transactions; between two, those
    /// waiting for the connection go first and other processes get a gap.
    fn import_in_chunks(
        &self,
        caller: &Caller,
        args: &ImportArgs,
        parsed: &Parsed,
        run: &mut ImportRun,
        now: &str,
    ) -> Result<(), ApiError> {
        let good = &parsed.good;
        let mut next = 0;
        let mut gap = CHUNK_GAP;
        loop {
            let mut conn = if next == 0 {
                self.conn()
            } else {
                std::thread::sleep(gap);
                self.conn_after_others()
            };
            let asked = std::time::Instant::now();
            let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
            gap = (asked.elapsed() * 2).clamp(CHUNK_GAP, CHUNK);
            if next == 0 {
                require_event(&tx, &args.event_id)?;
            }
            let started = std::time::Instant::now();
            pq::pause_search_index(&tx, now)?;
            let mut db = target::Db::new(&tx);
            while next < good.len() && started.elapsed() < CHUNK {
                run.row(&mut db, &args.event_id, &good[next], now)?;
                next += 1;
            }
            run.reindex(&tx)?;
            pq::resume_search_index(&tx)?;
            if next == good.len() {
                run.finish(&db, &args.event_id)?;
                let report = &run.report;
                let detail = format!(
                    "{}: {} baru, {} diperbarui, {} ditolak",
                    report.file_name,
                    report.imported,
                    report.updated,
                    report.errors.len()
                );
                audit::insert_audit(
                    &tx,
                    &caller.actor,
                    Audit::Import,
                    Some(&args.event_id),
                    Some(&detail),
                )?;
                tx.commit()?;
                return Ok(());
            }
            tx.commit()?;
        }
    }

    /// The rejected rows of an import as an XLSX with a reason column, for the OPD to fix.
    pub(crate) fn participant_import_rejects(
        &self,
        _caller: &Caller,
        args: ImportArgs,
    ) -> Result<FilePayload, ApiError> {
        let mut preview = args.clone();
        preview.dry_run = true;
        let report = self.participant_import(&Caller::admin("preview"), preview)?;
        let parsed = self.import_cache.get(&args)?;
        // Rows refused by the database step (an NIP already used by someone else) too.
        let mut reasons: BTreeMap<usize, Vec<String>> = BTreeMap::new();
        for e in &report.errors {
            reasons
                .entry(e.row)
                .or_default()
                .push(format!("{}: {}", e.column, e.message));
        }
        let sheet = &docs::read_workbook(
            &decode_base64("data", &args.data)?,
            Some(args.file_name.as_str()),
        )
        .map_err(read_error)?
        .sheets;
        let rows_src = sheet
            .iter()
            .find(|s| s.name == report.sheet)
            .map(|s| &s.rows);
        let mut rows = Vec::new();
        for (row_no, why) in &reasons {
            let original: Vec<String> = parsed
                .rejected
                .iter()
                .find(|(r, _, _)| r == row_no)
                .map(|(_, cells, _)| cells.clone())
                .or_else(|| {
                    rows_src
                        .and_then(|r| r.get(row_no - 1))
                        .map(|cells| cells.iter().map(cell_text).collect())
                })
                .unwrap_or_default();
            let mut out: Vec<OutCell> = vec![OutCell::Number(*row_no as f64)];
            for i in 0..parsed.header_cells.len().max(original.len()) {
                let v = original.get(i).cloned().unwrap_or_default();
                out.push(if v.is_empty() {
                    OutCell::Empty
                } else {
                    OutCell::Text(v)
                });
            }
            out.push(OutCell::Text(why.join("; ")));
            rows.push(out);
        }
        let mut header = vec!["Baris".to_string()];
        header.extend(parsed.header_cells.iter().cloned());
        header.push("Alasan ditolak".to_string());
        let bytes = docs::write_xlsx(&[OutSheet {
            name: "Ditolak".to_string(),
            header,
            rows,
            widths: Vec::new(),
        }])
        .map_err(|e| ApiError::new(ErrorCode::Internal, e.to_string()))?;
        let stem = args
            .file_name
            .rsplit_once('.')
            .map(|(s, _)| s)
            .unwrap_or(&args.file_name);
        let stem = if stem.trim().is_empty() {
            "impor"
        } else {
            stem
        };
        Ok(FilePayload::new(&format!("{stem}-ditolak.xlsx"), &bytes))
    }

    /// Participants of an event as XLSX or CSV (`;` + BOM); NIK masked unless asked.
    pub(crate) fn participant_export(
        &self,
        _caller: &Caller,
        args: ExportArgs,
    ) -> Result<FilePayload, ApiError> {
        let conn = self.read();
        require_event(&conn, &args.event_id)?;
        let event = crate::store::events::get_event(&conn, &args.event_id)?
            .ok_or_else(|| ApiError::not_found("Kegiatan tidak ditemukan."))?;
        let people = pq::list_participants(
            &conn,
            &ParticipantFilter {
                event_id: &args.event_id,
                reveal_nik: args.reveal_nik,
                ..Default::default()
            },
        )?;
        drop(conn);
        let header: Vec<String> = EXPORT_HEADER.iter().map(|s| s.to_string()).collect();
        let rows: Vec<Vec<OutCell>> = people
            .iter()
            .enumerate()
            .map(|(i, p)| export_row(i + 1, p))
            .collect();
        let stem = format!("peserta-{}", crate::files::safe_file_name(&event.title));
        let stem: String = stem.chars().take(80).collect();
        match args.format.as_str() {
            "csv" => Ok(FilePayload::new(
                &format!("{stem}.csv"),
                &docs::write_csv(&header, &rows),
            )),
            "xlsx" | "" => {
                let bytes = docs::write_xlsx(&[OutSheet {
                    name: "Peserta".to_string(),
                    header,
                    rows,
                    widths: Vec::new(),
                }])
                .map_err(|e| ApiError::new(ErrorCode::Internal, e.to_string()))?;
                Ok(FilePayload::new(&format!("{stem}.xlsx"), &bytes))
            }
            other => Err(ApiError::field(
                "format",
                format!(
                    "Format \"{}\" tidak didukung: gunakan xlsx atau csv.",
                    crate::validate::quote(other)
                ),
            )),
        }
    }
}

/// The columns of a participant export.
pub(crate) const EXPORT_HEADER: [&str; 13] = [
    "No",
    "Kode",
    "Nama",
    "NIP",
    "NIK",
    "L/P",
    "Pangkat/Golongan",
    "Jabatan",
    "OPD",
    "No. HP",
    "Email",
    "Peran",
    "Status",
];

/// One participant as a row of the export under [`EXPORT_HEADER`], numbered `no`.
fn export_row(no: usize, p: &crate::model::Participant) -> Vec<OutCell> {
    let text = |v: &Option<String>| match v {
        Some(s) if !s.is_empty() => OutCell::Text(s.clone()),
        _ => OutCell::Empty,
    };
    vec![
        OutCell::Number(no as f64),
        OutCell::Text(p.code.clone()),
        OutCell::Text(p.name.clone()),
        text(&p.nip),
        text(&p.nik),
        text(&p.gender.map(|g| g.as_str().to_string())),
        text(&p.rank),
        text(&p.position),
        text(&p.opd.clone().or_else(|| p.institution.clone())),
        text(&p.phone),
        text(&p.email),
        OutCell::Text(p.role.label().to_string()),
        OutCell::Text(
            match p.status.as_str() {
                "registered" => "Terdaftar",
                "cancelled" => "Dibatalkan",
                _ => "Digantikan",
            }
            .to_string(),
        ),
    ]
}

#[derive(Debug, Clone, Default, Deserialize, Serialize, ts_rs::TS)]
#[serde(deny_unknown_fields)]
#[ts(optional_fields = nullable)]
pub struct ExportArgs {
    pub event_id: String,
    /// `xlsx` (default) or `csv`.
    pub format: String,
    /// Write NIK in full (personal data: only when the user asks explicitly).
    #[serde(default)]
    #[ts(as = "Option<bool>", optional)]
    pub reveal_nik: bool,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headers_map_by_synonyms() {
        for (h, f) in [
            ("Nama", Field::Name),
            ("NAMA LENGKAP", Field::Name),
            ("Nama Peserta", Field::Name),
            ("NIP", Field::Nip),
            ("N I K", Field::Name),
            ("NIK", Field::Nik),
            ("No. KTP", Field::Nik),
            ("Pangkat / Gol.", Field::Rank),
            ("Gol", Field::Rank),
            ("Jabatan", Field::Position),
            ("Nama Jabatan", Field::Position),
            ("Unit Kerja", Field::Opd),
            ("Instansi", Field::Opd),
            ("SKPD", Field::Opd),
            ("Asal OPD", Field::Opd),
            ("No HP / WA", Field::Phone),
            ("Telp", Field::Phone),
            ("E-mail", Field::Email),
            ("L/P", Field::Gender),
            ("Jenis Kelamin", Field::Gender),
        ] {
            assert_eq!(field_for_header(h), Some(f).filter(|_| h != "N I K"), "{h}");
        }
        assert_eq!(field_for_header("No"), None);
        assert_eq!(field_for_header("Tanda Tangan"), None);
    }

    #[test]
    fn column_letters_round_trip() {
        for (i, l) in [
            (0, "A"),
            (25, "Z"),
            (26, "AA"),
            (27, "AB"),
            (701, "ZZ"),
            (702, "AAA"),
        ] {
            assert_eq!(column_letter(i), l);
            assert_eq!(column_index(l), Some(i));
        }
    }

    #[test]
    fn footers_are_recognised() {
        let row = |s: &str| vec![Cell::Empty, Cell::Text(s.to_string())];
        let none = HashSet::new();
        assert!(is_footer(&row("JUMLAH"), &none));
        assert!(is_footer(&row("Mengetahui,"), &none));
        assert!(is_footer(
            &row("Kepala Dinas Komunikasi dan Informatika"),
            &none
        ));
        assert!(is_footer(&row("Purwodadi, 10 September 2019"), &none));
        assert!(is_footer(&row("a.n. Bupati Grobogan"), &none));
        assert!(!is_footer(&row("Budi Santoso"), &none));
        assert!(!is_footer(&row("An Nisa Rahmawati"), &none));
        // "Kepala Seksi" in the position column is data, not a sign-off.
        let jabatan: HashSet<usize> = [1].into_iter().collect();
        assert!(!is_footer(&row("Kepala Seksi Pelayanan"), &jabatan));
        assert!(is_footer(&row("Jumlah"), &jabatan));
    }
}
