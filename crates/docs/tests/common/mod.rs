//! Fixtures built in code: XLSX files with rust_xlsxwriter, ZIP files by hand.

#![allow(dead_code)]

use rust_xlsxwriter::{ExcelDateTime, Format, Workbook};

/// A workbook shaped like a real participant list, plus two more sheets:
///
/// - "Peserta": A1 title merged over A1:F1, A2 subtitle, row 3 blank, header in row 4,
///   data from row 5 (NIP as a number in C, as text in D, a date in E, a date-time in F,
///   a boolean in G), a whitespace-only cell in row 20 and a formatted blank in row 40.
/// - "Jadwal": used range starting at C3.
/// - "Kosong": nothing at all.
pub fn participants_xlsx() -> Vec<u8> {
    let mut wb = Workbook::new();
    let bold = Format::new().set_bold();
    let date = Format::new().set_num_format("yyyy-mm-dd");
    let datetime = Format::new().set_num_format("yyyy-mm-dd hh:mm");

    let ws = wb.add_worksheet();
    ws.set_name("Peserta").expect("name");
    ws.merge_range(0, 0, 0, 5, "DAFTAR PESERTA BIMTEK", &bold)
        .expect("merge");
    ws.write_string(1, 0, "Angkatan I Tahun 2019")
        .expect("subtitle");
    for (col, title) in [
        "No",
        "Nama",
        "NIP (angka)",
        "NIP (teks)",
        "Tanggal",
        "Hadir",
    ]
    .iter()
    .enumerate()
    {
        ws.write_string_with_format(3, col as u16, *title, &bold)
            .expect("header");
    }
    ws.write_number(4, 0, 1).expect("no");
    ws.write_string(4, 1, "Budi Santoso, S.Pd.").expect("nama");
    ws.write_number(4, 2, 196503121990031005.0)
        .expect("nip number");
    ws.write_string(4, 3, "196503121990031005")
        .expect("nip text");
    let day = ExcelDateTime::from_ymd(2019, 9, 17).expect("date");
    ws.write_datetime_with_format(4, 4, &day, &date)
        .expect("date cell");
    let when = ExcelDateTime::from_ymd(2019, 9, 17)
        .expect("date")
        .and_hms(8, 30, 0)
        .expect("time");
    ws.write_datetime_with_format(4, 5, &when, &datetime)
        .expect("datetime cell");
    ws.write_boolean(4, 6, true).expect("bool");
    ws.write_number(5, 0, 2).expect("no");
    ws.write_string(5, 1, "Siti Aminah").expect("nama");
    ws.write_string(19, 3, "   ").expect("whitespace");
    ws.write_blank(39, 1, &bold).expect("formatted blank");

    let ws = wb.add_worksheet();
    ws.set_name("Jadwal").expect("name");
    ws.write_string(2, 2, "Sesi 1").expect("c3");
    ws.write_number(3, 3, 7.5).expect("d4");

    let ws = wb.add_worksheet();
    ws.set_name("Kosong").expect("name");

    wb.save_to_buffer().expect("xlsx")
}

/// CRC-32 (IEEE), as ZIP needs it.
pub fn crc32(data: &[u8]) -> u32 {
    let mut crc = 0xFFFF_FFFFu32;
    for &b in data {
        crc ^= u32::from(b);
        for _ in 0..8 {
            let mask = (crc & 1).wrapping_neg();
            crc = (crc >> 1) ^ (0xEDB8_8320 & mask);
        }
    }
    !crc
}

/// A ZIP of stored (uncompressed) entries. `declared` overrides the uncompressed size
/// written in the central directory of an entry (to fake a ZIP bomb).
pub fn stored_zip(entries: &[(&str, &[u8])], declared: Option<u32>) -> Vec<u8> {
    let mut out = Vec::new();
    let mut central = Vec::new();
    for (name, data) in entries {
        let offset = out.len() as u32;
        let crc = crc32(data);
        let size = data.len() as u32;
        out.extend_from_slice(&0x0403_4b50u32.to_le_bytes());
        out.extend_from_slice(&20u16.to_le_bytes()); // version needed
        out.extend_from_slice(&0u16.to_le_bytes()); // flags
        out.extend_from_slice(&0u16.to_le_bytes()); // stored
        out.extend_from_slice(&0u16.to_le_bytes()); // time
        out.extend_from_slice(&0x21u16.to_le_bytes()); // date 1980-01-01
        out.extend_from_slice(&crc.to_le_bytes());
        out.extend_from_slice(&size.to_le_bytes());
        out.extend_from_slice(&size.to_le_bytes());
        out.extend_from_slice(&(name.len() as u16).to_le_bytes());
        out.extend_from_slice(&0u16.to_le_bytes());
        out.extend_from_slice(name.as_bytes());
        out.extend_from_slice(data);

        central.extend_from_slice(&0x0201_4b50u32.to_le_bytes());
        central.extend_from_slice(&20u16.to_le_bytes()); // version made by
        central.extend_from_slice(&20u16.to_le_bytes()); // version needed
        central.extend_from_slice(&0u16.to_le_bytes());
        central.extend_from_slice(&0u16.to_le_bytes());
        central.extend_from_slice(&0u16.to_le_bytes());
        central.extend_from_slice(&0x21u16.to_le_bytes());
        central.extend_from_slice(&crc.to_le_bytes());
        central.extend_from_slice(&size.to_le_bytes());
        central.extend_from_slice(&declared.unwrap_or(size).to_le_bytes());
        central.extend_from_slice(&(name.len() as u16).to_le_bytes());
        central.extend_from_slice(&0u16.to_le_bytes()); // extra
        central.extend_from_slice(&0u16.to_le_bytes()); // comment
        central.extend_from_slice(&0u16.to_le_bytes()); // disk
        central.extend_from_slice(&0u16.to_le_bytes()); // internal attrs
        central.extend_from_slice(&0u32.to_le_bytes()); // external attrs
        central.extend_from_slice(&offset.to_le_bytes());
        central.extend_from_slice(name.as_bytes());
    }
    let cd_offset = out.len() as u32;
    out.extend_from_slice(&central);
    out.extend_from_slice(&0x0605_4b50u32.to_le_bytes());
    out.extend_from_slice(&0u16.to_le_bytes());
    out.extend_from_slice(&0u16.to_le_bytes());
    out.extend_from_slice(&(entries.len() as u16).to_le_bytes());
    out.extend_from_slice(&(entries.len() as u16).to_le_bytes());
    out.extend_from_slice(&(central.len() as u32).to_le_bytes());
    out.extend_from_slice(&cd_offset.to_le_bytes());
    out.extend_from_slice(&0u16.to_le_bytes());
    out
}

/// A minimal OpenDocument spreadsheet: two leading empty rows, then values from C3.
pub fn small_ods() -> Vec<u8> {
    let content = r#"<?xml version="1.0" encoding="UTF-8"?>
<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2">
<office:body><office:spreadsheet>
<table:table table:name="Peserta">
<table:table-column table:number-columns-repeated="4"/>
<table:table-row table:number-rows-repeated="2"><table:table-cell table:number-columns-repeated="4"/></table:table-row>
<table:table-row><table:table-cell table:number-columns-repeated="2"/><table:table-cell office:value-type="string"><text:p>Nama</text:p></table:table-cell><table:table-cell office:value-type="float" office:value="42"><text:p>42</text:p></table:table-cell></table:table-row>
<table:table-row><table:table-cell table:number-columns-repeated="2"/><table:table-cell office:value-type="date" office:date-value="2019-09-17"><text:p>17/09/2019</text:p></table:table-cell></table:table-row>
</table:table>
<table:table table:name="Lain">
<table:table-row><table:table-cell office:value-type="string"><text:p>x</text:p></table:table-cell></table:table-row>
</table:table>
</office:spreadsheet></office:body></office:document-content>"#;
    let manifest = r#"<?xml version="1.0" encoding="UTF-8"?>
<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2">
 <manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>
 <manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>
</manifest:manifest>"#;
    stored_zip(
        &[
            (
                "mimetype",
                b"application/vnd.oasis.opendocument.spreadsheet",
            ),
            ("content.xml", content.as_bytes()),
            ("META-INF/manifest.xml", manifest.as_bytes()),
        ],
        None,
    )
}

const CFB_END: u32 = 0xFFFF_FFFE;
const CFB_FREE: u32 = 0xFFFF_FFFF;
const CFB_FATSECT: u32 = 0xFFFF_FFFD;

/// Appends a chain of `count` sectors to `fat` (each pointing to the next, the last
/// ending it); its first sector, or the end mark for none.
fn chain(fat: &mut Vec<u32>, count: usize) -> u32 {
    if count == 0 {
        return CFB_END;
    }
    let first = fat.len() as u32;
    for i in 0..count {
        fat.push(if i + 1 == count {
            CFB_END
        } else {
            first + i as u32 + 1
        });
    }
    first
}

/// The mini stream of a compound file: the small streams in 64-byte mini sectors, its
/// mini FAT, and where each stream starts in it (`None` for a big or empty stream).
struct MiniStream {
    bytes: Vec<u8>,
    fat: Vec<u32>,
    start: Vec<Option<u32>>,
}

fn mini_stream(streams: &[(&str, &[u8])]) -> MiniStream {
    let mut mini = MiniStream {
        bytes: Vec::new(),
        fat: Vec::new(),
        start: Vec::new(),
    };
    for (_, data) in streams {
        if data.len() >= 4096 || data.is_empty() {
            mini.start.push(None);
            continue;
        }
        let first = chain(&mut mini.fat, data.len().div_ceil(64));
        mini.start.push(Some(first));
        mini.bytes.extend_from_slice(data);
        mini.bytes.resize(mini.bytes.len().next_multiple_of(64), 0);
    }
    mini
}

/// The 512-byte header of a version 3 compound file.
fn cfb_header(
    fat_sectors: usize,
    dir_start: u32,
    mini_fat_start: u32,
    mini_fat_sectors: usize,
) -> Vec<u8> {
    let mut out = Vec::new();
    out.extend_from_slice(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]);
    out.extend_from_slice(&[0; 16]); // CLSID
    out.extend_from_slice(&0x003Eu16.to_le_bytes()); // minor version
    out.extend_from_slice(&3u16.to_le_bytes()); // major version
    out.extend_from_slice(&0xFFFEu16.to_le_bytes()); // byte order
    out.extend_from_slice(&9u16.to_le_bytes()); // sector shift
    out.extend_from_slice(&6u16.to_le_bytes()); // mini sector shift
    out.extend_from_slice(&[0; 6]);
    out.extend_from_slice(&0u32.to_le_bytes()); // directory sectors (v3: 0)
    out.extend_from_slice(&(fat_sectors as u32).to_le_bytes());
    out.extend_from_slice(&dir_start.to_le_bytes());
    out.extend_from_slice(&0u32.to_le_bytes()); // transaction
    out.extend_from_slice(&4096u32.to_le_bytes()); // mini stream cutoff
    out.extend_from_slice(&mini_fat_start.to_le_bytes());
    out.extend_from_slice(&(mini_fat_sectors as u32).to_le_bytes());
    out.extend_from_slice(&CFB_END.to_le_bytes()); // first DIFAT sector
    out.extend_from_slice(&0u32.to_le_bytes()); // DIFAT sectors
    for i in 0..109u32 {
        let id = if (i as usize) < fat_sectors {
            i
        } else {
            CFB_FREE
        };
        out.extend_from_slice(&id.to_le_bytes());
    }
    assert_eq!(out.len(), 512);
    out
}

/// One 128-byte directory entry.
fn dir_entry(name: &str, kind: u8, child: u32, right: u32, start: u32, size: u32) -> Vec<u8> {
    let mut e = vec![0u8; 128];
    let units: Vec<u16> = name.encode_utf16().collect();
    for (i, u) in units.iter().enumerate() {
        e[i * 2..i * 2 + 2].copy_from_slice(&u.to_le_bytes());
    }
    e[0x40..0x42].copy_from_slice(&(((units.len() + 1) * 2) as u16).to_le_bytes());
    e[0x42] = kind;
    e[0x43] = 1; // black
    e[0x44..0x48].copy_from_slice(&CFB_FREE.to_le_bytes()); // left sibling
    e[0x48..0x4C].copy_from_slice(&right.to_le_bytes());
    e[0x4C..0x50].copy_from_slice(&child.to_le_bytes());
    e[0x74..0x78].copy_from_slice(&start.to_le_bytes());
    e[0x78..0x7C].copy_from_slice(&size.to_le_bytes());
    e
}

/// The directory: the root entry (owning the mini stream) and the streams as a chain of
/// right siblings, padded to `dir_sectors`.
fn cfb_directory(
    streams: &[(&str, &[u8])],
    mini: &MiniStream,
    mini_stream_start: u32,
    big_start: &[u32],
    dir_sectors: usize,
) -> Vec<u8> {
    let mut dir = dir_entry(
        "Root Entry",
        5,
        if streams.is_empty() { CFB_FREE } else { 1 },
        CFB_FREE,
        mini_stream_start,
        mini.bytes.len() as u32,
    );
    for (i, (name, data)) in streams.iter().enumerate() {
        let right = if i + 1 < streams.len() {
            i as u32 + 2
        } else {
            CFB_FREE
        };
        let start = match mini.start[i] {
            Some(s) => s,
            None => big_start[i],
        };
        dir.extend(dir_entry(
            name,
            2,
            CFB_FREE,
            right,
            start,
            data.len() as u32,
        ));
    }
    dir.resize(dir_sectors * 512, 0);
    dir
}

/// A compound file (MS-CFB version 3, 512-byte sectors) holding `streams`. Streams under
/// 4096 bytes go to the mini stream, as the format requires.
pub fn compound_file(streams: &[(&str, &[u8])]) -> Vec<u8> {
    let mini = mini_stream(streams);
    let dir_sectors = ((streams.len() + 1) * 128).div_ceil(512);
    let big_sectors: Vec<usize> = streams
        .iter()
        .map(|(_, d)| {
            if d.len() >= 4096 {
                d.len().div_ceil(512)
            } else {
                0
            }
        })
        .collect();
    let mini_stream_sectors = mini.bytes.len().div_ceil(512);
    let mini_fat_sectors = (mini.fat.len() * 4).div_ceil(512);
    let other =
        dir_sectors + big_sectors.iter().sum::<usize>() + mini_stream_sectors + mini_fat_sectors;
    let mut fat_sectors = 1;
    while other + fat_sectors > fat_sectors * 128 {
        fat_sectors += 1;
    }
    assert!(fat_sectors <= 109, "fixture too big");

    // Sector layout: FAT, directory, big streams, mini stream, mini FAT.
    let mut fat: Vec<u32> = vec![CFB_FATSECT; fat_sectors];
    let dir_start = chain(&mut fat, dir_sectors);
    let big_start: Vec<u32> = big_sectors.iter().map(|&n| chain(&mut fat, n)).collect();
    let mini_stream_start = chain(&mut fat, mini_stream_sectors);
    let mini_fat_start = chain(&mut fat, mini_fat_sectors);
    let total_sectors = fat.len();
    fat.resize(fat_sectors * 128, CFB_FREE);

    let mut out = cfb_header(fat_sectors, dir_start, mini_fat_start, mini_fat_sectors);
    for id in &fat {
        out.extend_from_slice(&id.to_le_bytes());
    }
    out.extend(cfb_directory(
        streams,
        &mini,
        mini_stream_start,
        &big_start,
        dir_sectors,
    ));
    for (_, data) in streams {
        if data.len() >= 4096 {
            out.extend_from_slice(data);
            out.resize(out.len().next_multiple_of(512), 0);
        }
    }
    out.extend_from_slice(&mini.bytes);
    out.resize(out.len().next_multiple_of(512), 0);
    let mut mf = Vec::new();
    for id in &mini.fat {
        mf.extend_from_slice(&id.to_le_bytes());
    }
    mf.resize(mini_fat_sectors * 512, 0xFF);
    out.extend_from_slice(&mf);
    assert_eq!(out.len(), 512 * (total_sectors + 1));
    out
}

/// A cell for [`biff8_workbook`].
pub enum XlsCell {
    Number(u16, u16, f64),
    Label(u16, u16, &'static str),
    Bool(u16, u16, bool),
}

fn record(out: &mut Vec<u8>, typ: u16, data: &[u8]) {
    out.extend_from_slice(&typ.to_le_bytes());
    out.extend_from_slice(&(data.len() as u16).to_le_bytes());
    out.extend_from_slice(data);
}

/// A DIMENSIONS record's (first row, last row + 1, first col, last col + 1).
pub type Dimensions = (u32, u32, u16, u16);

/// A BIFF8 workbook stream with one worksheet per `(name, dimensions, cells)`.
pub fn biff8_workbook(sheets: &[(&str, Dimensions, Vec<XlsCell>)]) -> Vec<u8> {
    let bof = |dt: u16| {
        let mut d = Vec::new();
        d.extend_from_slice(&0x0600u16.to_le_bytes());
        d.extend_from_slice(&dt.to_le_bytes());
        d.extend_from_slice(&[0; 12]);
        d
    };
    let mut out = Vec::new();
    record(&mut out, 0x0809, &bof(0x0005));
    let mut patch = Vec::new();
    for (name, _, _) in sheets {
        let mut d = vec![0, 0, 0, 0, 0, 0];
        d.push(name.len() as u8);
        d.push(0); // 8-bit characters
        d.extend_from_slice(name.as_bytes());
        patch.push(out.len() + 4);
        record(&mut out, 0x0085, &d);
    }
    record(&mut out, 0x000A, &[]);
    for (i, (_, (r0, r1, c0, c1), cells)) in sheets.iter().enumerate() {
        let pos = out.len() as u32;
        out[patch[i]..patch[i] + 4].copy_from_slice(&pos.to_le_bytes());
        record(&mut out, 0x0809, &bof(0x0010));
        let mut d = Vec::new();
        d.extend_from_slice(&r0.to_le_bytes());
        d.extend_from_slice(&r1.to_le_bytes());
        d.extend_from_slice(&c0.to_le_bytes());
        d.extend_from_slice(&c1.to_le_bytes());
        d.extend_from_slice(&[0, 0]);
        record(&mut out, 0x0200, &d);
        for cell in cells {
            let mut d = Vec::new();
            match cell {
                XlsCell::Number(r, c, v) => {
                    d.extend_from_slice(&r.to_le_bytes());
                    d.extend_from_slice(&c.to_le_bytes());
                    d.extend_from_slice(&0u16.to_le_bytes());
                    d.extend_from_slice(&v.to_le_bytes());
                    record(&mut out, 0x0203, &d);
                }
                XlsCell::Label(r, c, s) => {
                    d.extend_from_slice(&r.to_le_bytes());
                    d.extend_from_slice(&c.to_le_bytes());
                    d.extend_from_slice(&0u16.to_le_bytes());
                    d.extend_from_slice(&(s.len() as u16).to_le_bytes());
                    d.push(0);
                    d.extend_from_slice(s.as_bytes());
                    record(&mut out, 0x0204, &d);
                }
                XlsCell::Bool(r, c, b) => {
                    d.extend_from_slice(&r.to_le_bytes());
                    d.extend_from_slice(&c.to_le_bytes());
                    d.extend_from_slice(&0u16.to_le_bytes());
                    d.push(u8::from(*b));
                    d.push(0);
                    record(&mut out, 0x0205, &d);
                }
            }
        }
        record(&mut out, 0x000A, &[]);
    }
    out
}

/// A small `.xls`: "Peserta" with a title in A1 and data from C3, and an empty "Kosong".
pub fn small_xls(pad_to_regular_sectors: bool) -> Vec<u8> {
    let mut stream = biff8_workbook(&[
        (
            "Peserta",
            (0, 4, 0, 4),
            vec![
                XlsCell::Label(0, 0, "DAFTAR PESERTA"),
                XlsCell::Label(2, 2, "Nama"),
                XlsCell::Number(2, 3, 196503121990031005.0),
                XlsCell::Bool(3, 2, true),
                XlsCell::Number(3, 3, 7.5),
            ],
        ),
        ("Kosong", (0, 0, 0, 0), vec![]),
    ]);
    if pad_to_regular_sectors {
        // Bytes after the last sheet's EOF record are never read.
        stream.resize(5000, 0);
    }
    compound_file(&[("Workbook", &stream)])
}
