//! Spreadsheet reading and writing through the public API, with fixtures built in code.

mod common;

use bintek_docs::sheet::{
    guard_formula, read_workbook, write_csv, write_xlsx, Cell, FileKind, OutCell, OutSheet,
    ReadError, Sheet, Workbook, MAX_COLUMNS, MAX_FILE_BYTES, MAX_ROWS,
};
use common::{participants_xlsx, small_ods, stored_zip};

fn text(s: &str) -> Cell {
    Cell::Text(s.to_string())
}

fn read_ok(bytes: &[u8], name: Option<&str>) -> Workbook {
    match read_workbook(bytes, name) {
        Ok(wb) => wb,
        Err(e) => panic!("expected Ok, got {e:?}: {e}"),
    }
}

fn read_err(bytes: &[u8], name: Option<&str>) -> ReadError {
    match read_workbook(bytes, name) {
        Ok(wb) => panic!("expected Err, got {wb:?}"),
        Err(e) => e,
    }
}

fn only_sheet(wb: &Workbook) -> &Sheet {
    assert_eq!(wb.sheets.len(), 1, "{wb:?}");
    &wb.sheets[0]
}

// ---------------------------------------------------------------------------------------
// XLSX

#[test]
fn xlsx_cells_land_at_their_absolute_positions() {
    let wb = read_ok(&participants_xlsx(), Some("peserta.xlsx"));
    assert_eq!(wb.kind, FileKind::Xlsx);
    assert_eq!(wb.encoding, None);
    assert_eq!(wb.delimiter, None);
    let names: Vec<&str> = wb.sheets.iter().map(|s| s.name.as_str()).collect();
    assert_eq!(names, ["Peserta", "Jadwal", "Kosong"]);

    let s = &wb.sheets[0];
    // Title: merged A1:F1 keeps its value in A1 only; the rest is empty and trimmed.
    assert_eq!(s.rows[0], vec![text("DAFTAR PESERTA BIMTEK")]);
    assert_eq!(s.rows[1], vec![text("Angkatan I Tahun 2019")]);
    assert_eq!(s.rows[2], Vec::<Cell>::new());
    assert_eq!(
        s.rows[3],
        [
            "No",
            "Nama",
            "NIP (angka)",
            "NIP (teks)",
            "Tanggal",
            "Hadir"
        ]
        .map(text)
        .to_vec()
    );
    assert_eq!(s.rows[4][0], Cell::Number(1.0));
    assert_eq!(s.rows[4][1], text("Budi Santoso, S.Pd."));
    // An 18-digit NIP typed as a number is a (rounded) number; typed as text it is text.
    assert_eq!(s.rows[4][2], Cell::Number(196503121990031005.0));
    assert_eq!(s.rows[4][3], text("196503121990031005"));
    assert_eq!(s.rows[4][4], Cell::DateTime("2019-09-17".into()));
    assert_eq!(s.rows[4][5], Cell::DateTime("2019-09-17T08:30:00".into()));
    assert_eq!(s.rows[4][6], Cell::Bool(true));
    assert_eq!(s.rows[5], vec![Cell::Number(2.0), text("Siti Aminah")]);
    // The whitespace-only cell (row 20) and the formatted blank (row 40) are trimmed away.
    assert_eq!(s.rows.len(), 6);
    assert_eq!(s.cell(4, 1), &text("Budi Santoso, S.Pd."));
    assert_eq!(s.cell(100, 100), &Cell::Empty);
    assert_eq!(s.width(), 7);

    // Used range starting at C3.
    let j = &wb.sheets[1];
    assert_eq!(j.rows.len(), 4);
    assert!(j.rows[0].is_empty() && j.rows[1].is_empty());
    assert_eq!(j.rows[2], vec![Cell::Empty, Cell::Empty, text("Sesi 1")]);
    assert_eq!(j.rows[3][3], Cell::Number(7.5));

    assert!(wb.sheets[2].rows.is_empty());
}

#[test]
fn xlsx_is_detected_from_content_not_name() {
    let bytes = participants_xlsx();
    assert_eq!(read_ok(&bytes, Some("data.csv")).kind, FileKind::Xlsx);
    assert_eq!(read_ok(&bytes, None).kind, FileKind::Xlsx);
}

#[test]
fn xlsx_with_only_empty_sheets_has_no_data() {
    let mut wb = rust_xlsxwriter::Workbook::new();
    wb.add_worksheet();
    wb.add_worksheet()
        .write_string(3, 3, "  ")
        .expect("whitespace");
    let bytes = wb.save_to_buffer().expect("xlsx");
    let e = read_err(&bytes, Some("kosong.xlsx"));
    assert_eq!(e, ReadError::NoData);
    assert!(e.to_string().starts_with("Berkas tidak berisi data"), "{e}");
}

#[test]
fn xlsx_value_far_away_is_a_clear_error_not_an_allocation() {
    let mut wb = rust_xlsxwriter::Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name("Data").expect("name");
    ws.write_string(0, 0, "A1").expect("a1");
    ws.write_string(1_048_575, 16_383, "XFD1048576")
        .expect("last cell");
    let bytes = wb.save_to_buffer().expect("xlsx");
    let e = read_err(&bytes, None);
    assert_eq!(
        e,
        ReadError::TooManyRows {
            sheet: "Data".into()
        }
    );
    assert!(e.to_string().contains("lebih dari 200.000 baris"), "{e}");

    let mut wb = rust_xlsxwriter::Workbook::new();
    let ws = wb.add_worksheet();
    ws.write_string(0, MAX_COLUMNS as u16, "x").expect("col");
    let e = read_err(&wb.save_to_buffer().expect("xlsx"), None);
    assert!(matches!(e, ReadError::TooManyColumns { .. }), "{e:?}");
    assert!(e.to_string().contains("lebih dari 200 kolom"), "{e}");
}

#[test]
fn truncated_xlsx_is_reported_as_damaged_excel() {
    let bytes = participants_xlsx();
    let e = read_err(&bytes[..300], Some("peserta.xlsx"));
    assert!(
        matches!(
            e,
            ReadError::Corrupt {
                kind: FileKind::Xlsx,
                ..
            }
        ),
        "{e:?}"
    );
    let msg = e.to_string();
    assert!(
        msg.starts_with("Berkas Excel tidak dapat dibaca: "),
        "{msg}"
    );
    assert!(
        msg.ends_with("Simpan ulang sebagai .xlsx lalu coba lagi."),
        "{msg}"
    );
    // Without a name, too.
    let e = read_err(&bytes[..300], None);
    assert!(
        matches!(
            e,
            ReadError::Corrupt {
                kind: FileKind::Xlsx,
                ..
            }
        ),
        "{e:?}"
    );
    // Cut near the end (central directory gone).
    let e = read_err(&bytes[..bytes.len() - 10], None);
    assert!(
        matches!(
            e,
            ReadError::Corrupt {
                kind: FileKind::Xlsx,
                ..
            }
        ),
        "{e:?}"
    );
}

// ---------------------------------------------------------------------------------------
// ODS

#[test]
fn ods_cells_land_at_their_absolute_positions() {
    let wb = read_ok(&small_ods(), Some("peserta.ods"));
    assert_eq!(wb.kind, FileKind::Ods);
    let names: Vec<&str> = wb.sheets.iter().map(|s| s.name.as_str()).collect();
    assert_eq!(names, ["Peserta", "Lain"]);
    let s = &wb.sheets[0];
    assert_eq!(s.rows.len(), 4, "{s:?}");
    assert!(s.rows[0].is_empty() && s.rows[1].is_empty());
    assert_eq!(
        s.rows[2],
        vec![Cell::Empty, Cell::Empty, text("Nama"), Cell::Number(42.0)]
    );
    assert_eq!(s.rows[3][2], Cell::DateTime("2019-09-17".into()));
    assert_eq!(wb.sheets[1].rows, vec![vec![text("x")]]);
}

// ---------------------------------------------------------------------------------------
// CSV

#[test]
fn csv_semicolon_with_bom_and_crlf() {
    let bytes = b"\xEF\xBB\xBFNo;Nama;NIP;Alamat\r\n1;Budi Santoso, S.Pd.;196503121990031005;Jl. Merdeka, No. 5\r\n2;Siti;;\r\n";
    let wb = read_ok(bytes, Some("C:\\Users\\Panitia\\Peserta Bimtek.csv"));
    assert_eq!(wb.kind, FileKind::Csv);
    assert_eq!(wb.encoding.as_deref(), Some("UTF-8"));
    assert_eq!(wb.delimiter, Some(';'));
    let s = only_sheet(&wb);
    assert_eq!(s.name, "Peserta Bimtek");
    assert_eq!(
        s.rows[0],
        ["No", "Nama", "NIP", "Alamat"].map(text).to_vec()
    );
    assert_eq!(
        s.rows[1],
        [
            "1",
            "Budi Santoso, S.Pd.",
            "196503121990031005",
            "Jl. Merdeka, No. 5"
        ]
        .map(text)
        .to_vec()
    );
    // CSV numbers stay text; trailing empty fields are trimmed.
    assert_eq!(s.rows[2], vec![text("2"), text("Siti")]);
    assert_eq!(s.rows.len(), 3);
}

#[test]
fn csv_comma_without_bom() {
    let wb = read_ok(
        b"No,Nama,Kota\n1,Budi,Bogor\n2,\"Ani, S.Pd.\",Depok\n",
        None,
    );
    assert_eq!(wb.delimiter, Some(','));
    assert_eq!(wb.encoding.as_deref(), Some("UTF-8"));
    let s = only_sheet(&wb);
    assert_eq!(s.name, "CSV");
    assert_eq!(s.rows[2], ["2", "Ani, S.Pd.", "Depok"].map(text).to_vec());
}

#[test]
fn csv_windows_1252() {
    let wb = read_ok(
        b"Nama;Kota\r\nJos\xe9;Bogor\r\nAndr\xe9 \x96 Ketua;Bandung\r\n",
        Some("a.csv"),
    );
    assert_eq!(wb.encoding.as_deref(), Some("windows-1252"));
    let s = only_sheet(&wb);
    assert_eq!(s.rows[1][0], text("José"));
    assert_eq!(s.rows[2][0], text("André – Ketua"));
}

#[test]
fn csv_quoted_delimiters_and_newlines() {
    let bytes = b"No;Alamat;Catatan\r\n1;\"Jl. Merdeka; No. 5\";\"baris satu\r\nbaris dua\"\r\n2;\"kata \"\"kutip\"\"\";y\r\n";
    let wb = read_ok(bytes, None);
    assert_eq!(wb.delimiter, Some(';'));
    let s = only_sheet(&wb);
    assert_eq!(s.rows.len(), 3);
    assert_eq!(s.rows[1][1], text("Jl. Merdeka; No. 5"));
    // Line breaks inside a cell come back as LF, as Excel stores them.
    assert_eq!(s.rows[1][2], text("baris satu\nbaris dua"));
    assert_eq!(s.rows[2], ["2", "kata \"kutip\"", "y"].map(text).to_vec());
}

#[test]
fn csv_utf16le_tab_separated_with_bom() {
    let mut bytes = vec![0xFF, 0xFE];
    for unit in "Nama\tNIP\tKota\r\nJosé\t196503121990031005\tBogor\r\n".encode_utf16() {
        bytes.extend_from_slice(&unit.to_le_bytes());
    }
    let wb = read_ok(&bytes, Some("export.txt"));
    assert_eq!(wb.kind, FileKind::Csv);
    assert_eq!(wb.encoding.as_deref(), Some("UTF-16LE"));
    assert_eq!(wb.delimiter, Some('\t'));
    let s = only_sheet(&wb);
    assert_eq!(s.name, "export");
    assert_eq!(
        s.rows[1],
        ["José", "196503121990031005", "Bogor"].map(text).to_vec()
    );
}

#[test]
fn csv_ragged_rows_and_whitespace_cells() {
    let wb = read_ok(b"a;b;c\n1\n1;  ;3;\t;5\n   ;  \nx\n", None);
    let s = only_sheet(&wb);
    assert_eq!(s.rows[0].len(), 3);
    assert_eq!(s.rows[1], vec![text("1")]);
    assert_eq!(
        s.rows[2],
        vec![text("1"), Cell::Empty, text("3"), Cell::Empty, text("5")]
    );
    assert_eq!(s.rows[3], Vec::<Cell>::new());
    assert_eq!(s.rows[4], vec![text("x")]);
}

#[test]
fn csv_blank_lines_keep_row_numbers() {
    let bytes = b"DAFTAR HADIR\r\n\r\nNo;Nama;Catatan\r\n1;Budi;\"dua\r\nbaris\"\r\n\r\n\r\n2;Ani;x\r\n\r\n\r\n";
    let s = only_sheet(&read_ok(bytes, None)).clone();
    assert_eq!(s.rows.len(), 7, "{s:?}");
    assert_eq!(s.rows[0], vec![text("DAFTAR HADIR")]);
    assert!(s.rows[1].is_empty());
    assert_eq!(s.rows[2][0], text("No"));
    assert_eq!(s.rows[3][2], text("dua\nbaris"));
    assert!(s.rows[4].is_empty() && s.rows[5].is_empty());
    assert_eq!(s.rows[6], ["2", "Ani", "x"].map(text).to_vec());

    let s = only_sheet(&read_ok(b"\n\nNo;Nama\n1;Budi", None)).clone();
    assert_eq!(s.rows.len(), 4);
    assert_eq!(s.rows[2][1], text("Nama"));
    assert_eq!(s.rows[3][1], text("Budi"));
}

#[test]
fn csv_cr_only_line_endings_and_sep_line() {
    let s = only_sheet(&read_ok(b"a;b\rc;d\r", None)).clone();
    assert_eq!(
        s.rows,
        vec![vec![text("a"), text("b")], vec![text("c"), text("d")]]
    );

    let wb = read_ok(
        b"sep=,\r\nNama,Alamat; RT 01\r\nBudi,Jl. A; RT 02\r\n",
        None,
    );
    assert_eq!(wb.delimiter, Some(','));
    let s = only_sheet(&wb);
    assert_eq!(s.rows[0], vec![text("Nama"), text("Alamat; RT 01")]);
}

#[test]
fn csv_with_no_values_has_no_data() {
    assert_eq!(read_err(b";;;\r\n;  ;\r\n", None), ReadError::NoData);
    assert_eq!(read_err(b"\xEF\xBB\xBF", None), ReadError::NoData);
    assert_eq!(read_err(b"  \r\n ", None), ReadError::NoData);
}

#[test]
fn csv_limits() {
    let wide = vec!["x"; MAX_COLUMNS + 1].join(";");
    let e = read_err(wide.as_bytes(), Some("lebar.csv"));
    assert_eq!(
        e,
        ReadError::TooManyColumns {
            sheet: "lebar".into()
        }
    );

    let tall = "x\n".repeat(MAX_ROWS + 1);
    let e = read_err(tall.as_bytes(), Some("panjang.csv"));
    assert_eq!(
        e,
        ReadError::TooManyRows {
            sheet: "panjang".into()
        }
    );
    // Exactly at the limit is fine.
    let tall = "x\n".repeat(MAX_ROWS);
    assert_eq!(
        only_sheet(&read_ok(tall.as_bytes(), None)).rows.len(),
        MAX_ROWS
    );
}

// ---------------------------------------------------------------------------------------
// Errors

#[test]
fn empty_input() {
    let e = read_err(b"", Some("peserta.xlsx"));
    assert_eq!(e, ReadError::Empty);
    assert_eq!(
        e.to_string(),
        "Berkas kosong. Pilih berkas yang berisi data."
    );
}

#[test]
fn too_large_input() {
    let big = vec![b'a'; MAX_FILE_BYTES + 1];
    let e = read_err(&big, None);
    assert_eq!(e, ReadError::TooLarge { size_mb: 51 });
    assert!(
        e.to_string().starts_with("Berkas terlalu besar (51 MB)"),
        "{e}"
    );
}

#[test]
fn non_spreadsheets_are_unsupported() {
    const MSG: &str = "Jenis berkas tidak didukung: gunakan .xlsx atau .csv.";
    let pdf = b"%PDF-1.7\n%\xE2\xE3\xCF\xD3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n";
    let e = read_err(pdf, Some("undangan.pdf"));
    assert_eq!(e, ReadError::Unsupported);
    assert_eq!(e.to_string(), MSG);
    // A PDF renamed to .xlsx is still a PDF.
    assert_eq!(read_err(pdf, Some("peserta.xlsx")), ReadError::Unsupported);

    let png = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01";
    assert_eq!(read_err(png, Some("foto.png")).to_string(), MSG);

    let zip = stored_zip(&[("catatan.txt", b"halo")], None);
    assert_eq!(read_err(&zip, Some("arsip.zip")).to_string(), MSG);
    assert_eq!(read_err(&zip, None).to_string(), MSG);

    let docx = stored_zip(
        &[
            ("[Content_Types].xml", b"<Types/>"),
            ("word/document.xml", b"<w:document/>"),
        ],
        None,
    );
    assert_eq!(read_err(&docx, Some("surat.docx")).to_string(), MSG);

    let odt = stored_zip(
        &[("mimetype", b"application/vnd.oasis.opendocument.text")],
        None,
    );
    assert_eq!(read_err(&odt, Some("surat.odt")).to_string(), MSG);

    // Random binary junk that no magic number identifies.
    let junk: Vec<u8> = (0u32..2000)
        .map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8)
        .collect();
    assert_eq!(read_err(&junk, Some("x.dat")), ReadError::Unsupported);
}

#[test]
fn html_and_xml_spreadsheets_ask_for_resave() {
    let html = b"<html xmlns:x=\"urn:schemas-microsoft-com:office:excel\"><body><table><tr><td>No</td></tr></table></body></html>";
    let e = read_err(html, Some("laporan.xls"));
    assert!(matches!(e, ReadError::NeedsResave { .. }), "{e:?}");
    let msg = e.to_string();
    assert!(
        msg.starts_with("Jenis berkas tidak didukung: berkas ini sebenarnya halaman web"),
        "{msg}"
    );
    assert!(msg.contains("(.xlsx)"), "{msg}");

    let xml = b"<?xml version=\"1.0\"?>\r\n<?mso-application progid=\"Excel.Sheet\"?>\r\n<Workbook xmlns=\"urn:schemas-microsoft-com:office:spreadsheet\"></Workbook>";
    let e = read_err(xml, Some("laporan.xml"));
    assert!(e.to_string().contains("XML Spreadsheet 2003"), "{e}");
}

#[test]
fn zip_bomb_is_refused_before_unpacking() {
    let bomb = stored_zip(
        &[
            ("[Content_Types].xml", b"<Types/>"),
            ("xl/worksheets/sheet1.xml", b"<worksheet/>"),
        ],
        Some(0xFFFF_0000),
    );
    let e = read_err(&bomb, Some("bom.xlsx"));
    assert_eq!(e, ReadError::TooManyCells);
    assert!(e.to_string().contains("512 MB"), "{e}");
}

#[test]
fn damaged_ods_is_reported_as_damaged() {
    let ods = stored_zip(
        &[
            (
                "mimetype",
                b"application/vnd.oasis.opendocument.spreadsheet",
            ),
            ("content.xml", b"<office:document-content"),
        ],
        None,
    );
    let e = read_err(&ods, Some("x.ods"));
    assert!(
        matches!(
            e,
            ReadError::Corrupt {
                kind: FileKind::Ods,
                ..
            }
        ),
        "{e:?}"
    );
    assert!(e.to_string().contains("Simpan ulang sebagai .xlsx"), "{e}");
}

// ---------------------------------------------------------------------------------------
// Writing

fn out_text(s: &str) -> OutCell {
    OutCell::Text(s.to_string())
}

fn sample_sheets() -> Vec<OutSheet> {
    vec![
        OutSheet {
            name: "Peserta".into(),
            header: vec![
                "No".into(),
                "Nama".into(),
                "NIP".into(),
                "Nilai".into(),
                "Catatan".into(),
            ],
            rows: vec![
                vec![
                    OutCell::Number(1.0),
                    out_text("Budi Santoso, S.Pd."),
                    out_text("196503121990031005"),
                    OutCell::Number(87.5),
                    out_text("=1+1"),
                ],
                vec![
                    OutCell::Number(2.0),
                    out_text("+628123"),
                    out_text("-5"),
                    OutCell::Empty,
                    out_text("@SUM(A1)"),
                ],
                vec![
                    OutCell::Number(3.0),
                    out_text("=HYPERLINK(\"http://contoh.invalid\",\"klik\")"),
                    out_text("0812345678"),
                    OutCell::Number(-5.0),
                ],
            ],
            widths: vec![5.0],
        },
        OutSheet {
            name: "Jadwal 12/03: [Draft]".into(),
            header: vec![],
            rows: vec![vec![out_text("Sesi"), OutCell::Number(f64::NAN)]],
            widths: vec![],
        },
        OutSheet {
            name: "peserta".into(),
            header: vec!["A".into()],
            rows: vec![],
            widths: vec![],
        },
    ]
}

#[test]
fn xlsx_round_trip_keeps_text_as_text() {
    let bytes = write_xlsx(&sample_sheets()).expect("write");
    let wb = read_ok(&bytes, Some("ekspor.xlsx"));
    assert_eq!(wb.kind, FileKind::Xlsx);
    let names: Vec<&str> = wb.sheets.iter().map(|s| s.name.as_str()).collect();
    assert_eq!(names, ["Peserta", "Jadwal 12-03- (Draft)", "peserta (2)"]);

    let s = &wb.sheets[0];
    assert_eq!(
        s.rows[0],
        ["No", "Nama", "NIP", "Nilai", "Catatan"].map(text).to_vec()
    );
    assert_eq!(
        s.rows[1],
        vec![
            Cell::Number(1.0),
            text("Budi Santoso, S.Pd."),
            text("196503121990031005"),
            Cell::Number(87.5),
            text("=1+1"),
        ]
    );
    assert_eq!(
        s.rows[2],
        vec![
            Cell::Number(2.0),
            text("+628123"),
            text("-5"),
            Cell::Empty,
            text("@SUM(A1)"),
        ]
    );
    assert_eq!(
        s.rows[3],
        vec![
            Cell::Number(3.0),
            text("=HYPERLINK(\"http://contoh.invalid\",\"klik\")"),
            text("0812345678"),
            Cell::Number(-5.0),
        ]
    );
    // NaN is written as nothing.
    assert_eq!(wb.sheets[1].rows, vec![vec![text("Sesi")]]);
    assert_eq!(wb.sheets[2].rows, vec![vec![text("A")]]);
}

#[test]
fn xlsx_writing_edge_cases() {
    // No sheets: still a valid workbook (one empty sheet), which reads as "no data".
    let bytes = write_xlsx(&[]).expect("write");
    assert_eq!(read_err(&bytes, None), ReadError::NoData);

    // Text over Excel's cell limit is cut, not an error.
    let long = "x".repeat(40_000);
    let bytes = write_xlsx(&[OutSheet {
        name: String::new(),
        header: vec![],
        rows: vec![vec![OutCell::Text(long)]],
        widths: vec![f64::NAN, -1.0, 1e9],
    }])
    .expect("write");
    let wb = read_ok(&bytes, None);
    assert_eq!(wb.sheets[0].name, "Lembar1");
    assert_eq!(
        wb.sheets[0].rows[0][0].as_text().map(|t| t.len()),
        Some(32_767)
    );
}

#[test]
fn write_error_message_is_indonesian() {
    let rows = vec![vec![OutCell::Empty]; 1_048_576];
    let e = write_xlsx(&[OutSheet {
        name: "Besar".into(),
        header: vec!["A".into()],
        rows,
        widths: vec![],
    }])
    .expect_err("too many rows");
    assert!(
        e.to_string()
            .starts_with("Lembar \"Besar\" berisi terlalu banyak baris"),
        "{e}"
    );
}

#[test]
fn csv_output_for_indonesian_excel() {
    let sheets = sample_sheets();
    let bytes = write_csv(&sheets[0].header, &sheets[0].rows);
    assert!(bytes.starts_with(b"\xEF\xBB\xBF"));
    let text_out = std::str::from_utf8(&bytes[3..]).expect("utf-8");
    assert_eq!(text_out.matches('\n').count(), 4);
    assert_eq!(text_out.matches("\r\n").count(), 4);
    let lines: Vec<&str> = text_out.split("\r\n").collect();
    assert_eq!(lines[0], "No;Nama;NIP;Nilai;Catatan");
    assert_eq!(
        lines[1],
        "1;Budi Santoso, S.Pd.;196503121990031005;87,5;'=1+1"
    );
    assert_eq!(lines[2], "2;'+628123;'-5;;'@SUM(A1)");
    assert_eq!(
        lines[3],
        "3;\"'=HYPERLINK(\"\"http://contoh.invalid\"\",\"\"klik\"\")\";0812345678;-5;"
    );
    assert_eq!(lines[4], "");

    // Reading it back gives the guarded texts.
    let wb = read_ok(&bytes, Some("ekspor.csv"));
    assert_eq!(wb.delimiter, Some(';'));
    assert_eq!(wb.encoding.as_deref(), Some("UTF-8"));
    let s = only_sheet(&wb);
    assert_eq!(s.rows[1][4], text("'=1+1"));
    assert_eq!(s.rows[2][1], text("'+628123"));
    assert_eq!(s.rows[2][2], text("'-5"));
    assert_eq!(s.rows[2][4], text("'@SUM(A1)"));
    assert_eq!(s.rows[1][3], text("87,5"));
    assert_eq!(s.rows[3][3], text("-5"));
}

#[test]
fn csv_output_quotes_what_needs_quoting() {
    let header = vec!["Nama".to_string(), "=Catatan".to_string()];
    let rows = vec![vec![
        out_text("Ani; \"Ketua\""),
        out_text("baris satu\r\nbaris dua"),
    ]];
    let bytes = write_csv(&header, &rows);
    let s = only_sheet(&read_ok(&bytes, None)).clone();
    assert_eq!(s.rows[0], vec![text("Nama"), text("'=Catatan")]);
    assert_eq!(
        s.rows[1],
        vec![text("Ani; \"Ketua\""), text("baris satu\nbaris dua")]
    );
}

#[test]
fn guard_formula_prefixes_only_dangerous_starts() {
    for s in ["=1+1", "+62", "-5", "@A1", "\t=1", "\r=1"] {
        assert_eq!(guard_formula(s), format!("'{s}"));
    }
    for s in ["Budi", "1+1", " =1", "'=1", ""] {
        assert_eq!(guard_formula(s), s);
    }
}

// ---------------------------------------------------------------------------------------
// XLS (Excel 97-2003), built by hand: a BIFF8 stream in a compound file.

#[test]
fn xls_cells_land_at_their_absolute_positions() {
    for padded in [false, true] {
        let wb = read_ok(&common::small_xls(padded), Some("peserta.xls"));
        assert_eq!(wb.kind, FileKind::Xls);
        let names: Vec<&str> = wb.sheets.iter().map(|s| s.name.as_str()).collect();
        assert_eq!(names, ["Peserta", "Kosong"]);
        let s = &wb.sheets[0];
        assert_eq!(s.rows.len(), 4, "{s:?}");
        assert_eq!(s.rows[0], vec![text("DAFTAR PESERTA")]);
        assert!(s.rows[1].is_empty());
        assert_eq!(
            s.rows[2],
            vec![
                Cell::Empty,
                Cell::Empty,
                text("Nama"),
                Cell::Number(196503121990031005.0)
            ]
        );
        assert_eq!(s.rows[3][2], Cell::Bool(true));
        assert_eq!(s.rows[3][3], Cell::Number(7.5));
        assert!(wb.sheets[1].rows.is_empty());
    }
}

#[test]
fn xls_that_would_exhaust_memory_is_refused() {
    use common::{biff8_workbook, compound_file, XlsCell};
    // Two cells at A1 and IV65536: calamine would store a dense 65536 x 256 rectangle.
    let far = biff8_workbook(&[(
        "A",
        (0, 65_536, 0, 256),
        vec![
            XlsCell::Number(0, 0, 1.0),
            XlsCell::Number(65_535, 255, 2.0),
        ],
    )]);
    let e = read_err(&compound_file(&[("Workbook", &far)]), Some("x.xls"));
    assert_eq!(e, ReadError::TooManyCells);

    // A DIMENSIONS record claiming 4 billion rows (calamine would reserve them all).
    let dims = biff8_workbook(&[("A", (0, u32::MAX, 0, 10), vec![XlsCell::Number(0, 0, 1.0)])]);
    let e = read_err(&compound_file(&[("Workbook", &dims)]), Some("x.xls"));
    assert!(
        matches!(
            e,
            ReadError::Corrupt {
                kind: FileKind::Xls,
                ..
            }
        ),
        "{e:?}"
    );
    assert!(
        e.to_string()
            .starts_with("Berkas Excel 97-2003 (.xls) tidak dapat dibaca"),
        "{e}"
    );

    // First row after last row (calamine would underflow).
    let dims = biff8_workbook(&[("A", (9, 3, 0, 1), vec![])]);
    let e = read_err(&compound_file(&[("Workbook", &dims)]), Some("x.xls"));
    assert!(
        matches!(
            e,
            ReadError::Corrupt {
                kind: FileKind::Xls,
                ..
            }
        ),
        "{e:?}"
    );
}

#[test]
fn ole_files_that_are_not_workbooks() {
    let doc = compound_file_with(&[("WordDocument", b"not a workbook")]);
    assert_eq!(read_err(&doc, Some("surat.doc")), ReadError::Unsupported);

    let encrypted = compound_file_with(&[
        ("EncryptionInfo", b"\x04\x00\x04\x00"),
        ("EncryptedPackage", &[7u8; 5000]),
    ]);
    let e = read_err(&encrypted, Some("rahasia.xlsx"));
    assert_eq!(e, ReadError::PasswordProtected);
    assert!(
        e.to_string().starts_with("Berkas dilindungi kata sandi"),
        "{e}"
    );

    // Just the magic number: a damaged OLE file.
    let mut junk = vec![0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
    junk.resize(1536, 0);
    assert!(matches!(
        read_err(&junk, Some("x.xls")),
        ReadError::Corrupt {
            kind: FileKind::Xls,
            ..
        }
    ));
}

fn compound_file_with(streams: &[(&str, &[u8])]) -> Vec<u8> {
    common::compound_file(streams)
}

#[test]
fn ods_that_would_exhaust_memory_is_refused() {
    let content = r#"<?xml version="1.0" encoding="UTF-8"?>
<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" office:version="1.2"><office:body><office:spreadsheet><table:table table:name="Bom"><table:table-row table:number-rows-repeated="1000000"><table:table-cell table:number-columns-repeated="16384" office:value-type="float" office:value="1"/></table:table-row></table:table></office:spreadsheet></office:body></office:document-content>"#;
    let ods = stored_zip(
        &[
            (
                "mimetype",
                b"application/vnd.oasis.opendocument.spreadsheet",
            ),
            ("content.xml", content.as_bytes()),
        ],
        None,
    );
    assert_eq!(read_err(&ods, Some("bom.ods")), ReadError::TooManyCells);
}
