//! A look inside OLE compound files (Excel 97-2003 `.xls`, encrypted `.xlsx`, `.doc`...)
//! before calamine parses them.
//!
//! calamine's XLS reader parses every sheet up front and stores each as a dense rectangle
//! spanning its cells, and reserves room for the rectangle a sheet's DIMENSIONS record
//! declares. A few hundred bytes can therefore make it ask for gigabytes, which aborts the
//! process rather than failing. So we read the compound file's directory ourselves, find the
//! workbook stream, walk its BIFF records the way calamine will, and refuse files whose
//! rectangles add up to more than [`MAX_CELLS`](super::MAX_CELLS).
//!
//! Reference: [MS-CFB] (compound file) and [MS-XLS] (BIFF8 records). Every read is
//! bounds-checked; anything malformed is an `Err`, never a panic.

use super::read::{ReadError, MAX_CELLS};
use super::FileKind;

/// What the compound file holds.
pub(crate) enum OleContent {
    /// The workbook stream(s) (`Workbook`, or `Book` for Excel 5), all of them.
    Workbook(Vec<Vec<u8>>),
    /// An encrypted OOXML package: a password-protected `.xlsx`.
    Encrypted,
    /// Something else: a Word, PowerPoint or Outlook file.
    Other,
}

const END_OF_CHAIN: u32 = 0xFFFF_FFFE;
const MINI_SECTOR: usize = 64;
const MINI_CUTOFF: u64 = 4096;

fn u16_at(b: &[u8], at: usize) -> Option<u16> {
    let s = b.get(at..at.checked_add(2)?)?;
    Some(u16::from_le_bytes([s[0], s[1]]))
}

fn u32_at(b: &[u8], at: usize) -> Option<u32> {
    let s = b.get(at..at.checked_add(4)?)?;
    Some(u32::from_le_bytes([s[0], s[1], s[2], s[3]]))
}

fn u64_at(b: &[u8], at: usize) -> Option<u64> {
    Some(u64::from(u32_at(b, at)?) | (u64::from(u32_at(b, at + 4)?) << 32))
}

fn damaged(detail: &str) -> ReadError {
    ReadError::Corrupt {
        kind: FileKind::Xls,
        detail: detail.to_string(),
    }
}

struct Compound<'a> {
    bytes: &'a [u8],
    sector_size: usize,
    fat: Vec<u32>,
    /// Upper bound on chain lengths (the number of sectors the file can hold).
    max_sectors: usize,
}

struct Entry {
    name: String,
    start: u32,
    size: u64,
}

impl Compound<'_> {
    fn sector(&self, id: u32) -> Option<&[u8]> {
        let index = usize::try_from(id).ok()?.checked_add(1)?;
        let start = index.checked_mul(self.sector_size)?;
        let end = start.checked_add(self.sector_size)?.min(self.bytes.len());
        self.bytes.get(start..end).filter(|s| !s.is_empty())
    }

    /// The sector ids of the chain starting at `start` in `table`.
    fn chain(&self, start: u32, table: &[u32]) -> Option<Vec<u32>> {
        let mut ids = Vec::new();
        let mut id = start;
        while id != END_OF_CHAIN {
            if ids.len() > self.max_sectors.max(table.len()) {
                return None; // a loop
            }
            ids.push(id);
            id = *table.get(usize::try_from(id).ok()?)?;
        }
        Some(ids)
    }

    /// The bytes of the regular-sector chain starting at `start`.
    fn read_chain(&self, start: u32) -> Option<Vec<u8>> {
        let mut out = Vec::new();
        for id in self.chain(start, &self.fat)? {
            out.extend_from_slice(self.sector(id)?);
        }
        Some(out)
    }
}

/// Sector ids at or above this are markers, not sectors.
const FIRST_MARKER: u32 = 0xFFFF_FFFA;
/// FAT sector ids at or above this are skipped (DIFSECT, FATSECT...), as calamine does.
const FIRST_SKIPPED_FAT_ID: u32 = 0xFFFF_FFFC;

/// Parses the header, FAT, directory and mini stream. Mirrors calamine's reader (which
/// allocates without bound on a looping chain) but fails on anything it cannot follow.
fn open(bytes: &[u8]) -> Option<Opened<'_>> {
    let sector_size = sector_size(bytes)?;
    let max_sectors = bytes.len() / sector_size + 1;
    let mut compound = Compound {
        bytes,
        sector_size,
        fat: Vec::new(),
        max_sectors,
    };
    compound.fat = read_fat(&compound, fat_sector_ids(&compound)?)?;
    let directory = compound.read_chain(u32_at(bytes, 0x30)?)?;
    let entries = directory_entries(&directory, sector_size);
    let root = entries.first()?;
    let (mini_stream, mini_fat) = read_mini(&compound, root)?;
    Some(Opened {
        compound,
        entries,
        mini_stream,
        mini_fat,
    })
}

/// The sector size the header declares (512 or 4096 bytes), if it is a compound file
/// header at all.
fn sector_size(bytes: &[u8]) -> Option<usize> {
    if bytes.len() < 512 {
        return None;
    }
    let sector_size = match u16_at(bytes, 0x1E)? {
        9 => 512,
        12 => 4096,
        _ => return None,
    };
    if u16_at(bytes, 0x20)? != 6 {
        return None;
    }
    Some(sector_size)
}

/// The FAT sectors: listed in the header (109) and then in the DIFAT chain, whose
/// sectors end with the id of the next one.
fn fat_sector_ids(compound: &Compound<'_>) -> Option<Vec<u32>> {
    let bytes = compound.bytes;
    let mut fat_sectors: Vec<u32> = (0..109)
        .filter_map(|i| u32_at(bytes, 0x4C + i * 4))
        .collect();
    let mut difat = u32_at(bytes, 0x44)?;
    let mut hops = 0;
    while difat < FIRST_MARKER {
        hops += 1;
        if hops > compound.max_sectors {
            return None;
        }
        let sector = compound.sector(difat)?;
        let per = sector.len() / 4;
        fat_sectors.extend((0..per).filter_map(|i| u32_at(sector, i * 4)));
        difat = fat_sectors.pop()?;
    }
    Some(fat_sectors)
}

/// The FAT read from its sectors, no longer than the file's sectors can use.
fn read_fat(compound: &Compound<'_>, fat_sectors: Vec<u32>) -> Option<Vec<u32>> {
    let mut fat = Vec::new();
    for id in fat_sectors
        .into_iter()
        .filter(|&id| id < FIRST_SKIPPED_FAT_ID)
    {
        let sector = compound.sector(id)?;
        fat.extend((0..sector.len() / 4).filter_map(|i| u32_at(sector, i * 4)));
        if fat.len() > compound.max_sectors.saturating_mul(2) + 1024 {
            break; // more FAT than the file has sectors: the rest is never reachable
        }
    }
    Some(fat)
}

/// The directory's 128-byte entries (a truncated one is left out).
fn directory_entries(directory: &[u8], sector_size: usize) -> Vec<Entry> {
    directory
        .chunks_exact(128)
        .filter_map(|e| {
            // Like calamine: the whole 64-byte name field, cut at the first NUL.
            let units: Vec<u16> = (0..32).filter_map(|i| u16_at(e, i * 2)).collect();
            let mut name = String::from_utf16_lossy(&units);
            if let Some(nul) = name.find('\0') {
                name.truncate(nul);
            }
            let size = if sector_size == 512 {
                u64::from(u32_at(e, 0x78)?)
            } else {
                u64_at(e, 0x78)?
            };
            Some(Entry {
                name,
                start: u32_at(e, 0x74)?,
                size,
            })
        })
        .collect()
}

/// The mini stream is the root entry's chain; the mini FAT has its own chain. calamine
/// reads both (unbounded on a loop) when the header says there is a mini FAT.
fn read_mini(compound: &Compound<'_>, root: &Entry) -> Option<(Vec<u8>, Vec<u32>)> {
    let bytes = compound.bytes;
    let mini_fat_sectors = u32_at(bytes, 0x40)?;
    if mini_fat_sectors == 0 {
        return Some((Vec::new(), Vec::new()));
    }
    let mut stream = compound.read_chain(root.start)?;
    stream.truncate(usize::try_from(root.size).unwrap_or(usize::MAX));
    let raw = compound.read_chain(u32_at(bytes, 0x3C)?)?;
    let table = (0..raw.len() / 4)
        .filter_map(|i| u32_at(&raw, i * 4))
        .collect();
    Some((stream, table))
}

/// A compound file's FAT, directory, mini stream and mini FAT.
struct Opened<'a> {
    compound: Compound<'a>,
    entries: Vec<Entry>,
    mini_stream: Vec<u8>,
    mini_fat: Vec<u32>,
}

fn read_stream(
    compound: &Compound<'_>,
    entry: &Entry,
    mini_stream: &[u8],
    mini_fat: &[u32],
) -> Option<Vec<u8>> {
    let size = usize::try_from(entry.size).ok()?;
    let mut data = if entry.size < MINI_CUTOFF {
        let mut out = Vec::new();
        if size > 0 {
            for id in compound.chain(entry.start, mini_fat)? {
                let start = usize::try_from(id).ok()?.checked_mul(MINI_SECTOR)?;
                let end = start.checked_add(MINI_SECTOR)?.min(mini_stream.len());
                out.extend_from_slice(mini_stream.get(start..end)?);
            }
        }
        out
    } else {
        compound.read_chain(entry.start)?
    };
    data.truncate(size);
    Some(data)
}

/// Reads the compound file's directory. `Err` when it cannot be read at all.
pub(crate) fn inspect(bytes: &[u8]) -> Result<OleContent, ReadError> {
    let Opened {
        compound,
        entries,
        mini_stream,
        mini_fat,
    } = open(bytes).ok_or_else(|| damaged("direktori OLE tidak terbaca"))?;
    // Like calamine: any entry with the name, whatever its type.
    let is_named = |e: &Entry, names: &[&str]| names.iter().any(|n| e.name.eq_ignore_ascii_case(n));
    let mut streams = Vec::new();
    for entry in entries
        .iter()
        .filter(|e| is_named(e, &["Workbook", "Book"]))
    {
        let data = read_stream(&compound, entry, &mini_stream, &mini_fat)
            .ok_or_else(|| damaged("aliran Workbook tidak terbaca"))?;
        streams.push(data);
    }
    if !streams.is_empty() {
        return Ok(OleContent::Workbook(streams));
    }
    if entries
        .iter()
        .any(|e| is_named(e, &["EncryptedPackage", "EncryptionInfo"]))
    {
        return Ok(OleContent::Encrypted);
    }
    Ok(OleContent::Other)
}

/// BIFF record iterator: (type, data). Stops at the first record that runs past the end,
/// as calamine does (it errors there).
fn records(stream: &[u8], from: usize) -> impl Iterator<Item = (u16, &[u8])> {
    let mut at = from;
    std::iter::from_fn(move || {
        let typ = u16_at(stream, at)?;
        let len = usize::from(u16_at(stream, at + 2)?);
        let data = stream.get(at + 4..at + 4 + len)?;
        at += 4 + len;
        Some((typ, data))
    })
}

const BOF: u16 = 0x0809;
const EOF: u16 = 0x000A;
const BOUNDSHEET: u16 = 0x0085;
const DIMENSIONS: u16 = 0x0200;
const FORMULA: u16 = 0x0006;
const STRING: u16 = 0x0207;
const MULRK: u16 = 0x00BD;
/// Records that calamine turns into one cell at (row, col) = (data[0..2], data[2..4]).
const CELL_RECORDS: [u16; 6] = [0x0203, 0x0204, 0x00D6, 0x0205, 0x027E, 0x00FD];

/// A bounding box of cell positions.
#[derive(Default)]
struct Bounds(Option<(u32, u32, u32, u32)>);

impl Bounds {
    fn add(&mut self, row: u32, col: u32) {
        self.0 = Some(match self.0 {
            None => (row, row, col, col),
            Some((r0, r1, c0, c1)) => (r0.min(row), r1.max(row), c0.min(col), c1.max(col)),
        });
    }

    fn area(&self) -> u64 {
        self.0.map_or(0, |(r0, r1, c0, c1)| {
            (u64::from(r1 - r0) + 1) * (u64::from(c1 - c0) + 1)
        })
    }
}

/// Checks a DIMENSIONS record the way calamine reads it: it reserves rows × columns.
fn dimensions_ok(data: &[u8]) -> bool {
    let (first_row, last_row_plus_1, first_col, last_col_plus_1) = match data.len() {
        10 => (
            u32::from(u16_at(data, 0).unwrap_or(0)),
            u32::from(u16_at(data, 2).unwrap_or(0)),
            u32::from(u16_at(data, 4).unwrap_or(0)),
            u32::from(u16_at(data, 6).unwrap_or(0)),
        ),
        14 | 16 => (
            u32_at(data, 0).unwrap_or(0),
            u32_at(data, 4).unwrap_or(0),
            u32::from(u16_at(data, 8).unwrap_or(0)),
            u32::from(u16_at(data, 10).unwrap_or(0)),
        ),
        // calamine rejects other lengths before reserving anything.
        _ => return true,
    };
    if last_row_plus_1 == 0 || last_col_plus_1 == 0 {
        return true; // calamine then uses a single cell
    }
    let first_col = if first_col > 0xFF || last_col_plus_1 < first_col {
        0
    } else {
        first_col
    };
    // Excel 97-2003 sheets have at most 65,536 rows and 256 columns.
    first_row < last_row_plus_1
        && last_row_plus_1 <= 65_536
        && first_col < last_col_plus_1
        && last_col_plus_1 <= 256
}

/// Walks the workbook stream like calamine does and refuses it when calamine would allocate
/// too much: an impossible DIMENSIONS record, or sheets whose cell rectangles add up to more
/// than [`MAX_CELLS`].
pub(crate) fn check_workbook_stream(stream: &[u8]) -> Result<(), ReadError> {
    let mut sheet_starts = Vec::new();
    for (typ, data) in records(stream, 0) {
        match typ {
            BOUNDSHEET => {
                let pos = u32_at(data, 0).and_then(|p| usize::try_from(p).ok());
                match pos {
                    Some(pos) if pos < stream.len() => sheet_starts.push(pos),
                    _ => return Err(damaged("posisi lembar di luar berkas")),
                }
            }
            EOF => break,
            _ => {}
        }
    }

    let mut total: u64 = 0;
    for start in sheet_starts {
        let mut bounds = Bounds::default();
        let mut seen_bof = false;
        let mut depth = 0usize;
        let mut formula_pos = (0u32, 0u32);
        for (typ, data) in records(stream, start) {
            if depth > 0 {
                match typ {
                    BOF => depth += 1,
                    EOF => depth -= 1,
                    _ => {}
                }
                continue;
            }
            let row = u32::from(u16_at(data, 0).unwrap_or(0));
            let col = u32::from(u16_at(data, 2).unwrap_or(0));
            match typ {
                BOF if seen_bof => depth += 1,
                BOF => seen_bof = true,
                EOF => break,
                DIMENSIONS if !dimensions_ok(data) => {
                    return Err(damaged("catatan DIMENSIONS tidak wajar"));
                }
                FORMULA if data.len() >= 20 => {
                    formula_pos = (row, col);
                    bounds.add(row, col);
                }
                STRING => bounds.add(formula_pos.0, formula_pos.1),
                MULRK if data.len() >= 6 => {
                    let last = u32::from(u16_at(data, data.len() - 2).unwrap_or(0));
                    bounds.add(row, col);
                    bounds.add(row, last.max(col));
                }
                t if CELL_RECORDS.contains(&t) && data.len() >= 4 => bounds.add(row, col),
                _ => {}
            }
        }
        total = total.saturating_add(bounds.area());
        if total > MAX_CELLS as u64 {
            return Err(ReadError::TooManyCells);
        }
    }
    Ok(())
}
