//! Letters through the real `bintek` binary: the PDF read back with poppler, the DOCX files
//! opened by a real office suite (LibreOffice headless converts each to PDF, whose text is
//! read back), the participant list read as the import reads it. Tools installed by
//! scripts/setup.sh --test.

mod common;
use common::*;

use std::io::Read as _;
use std::path::Path;

use serde_json::json;

fn flat(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn pdf_text(pdf: &Path) -> String {
    flat(&tool_text("pdftotext", &[], pdf))
}

/// The files of a ZIP, by name.
fn unzip(file: &Path) -> Vec<(String, Vec<u8>)> {
    let bytes = std::fs::read(file).expect("zip");
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).expect("a ZIP");
    (0..zip.len())
        .map(|i| {
            let mut f = zip.by_index(i).expect("entry");
            let mut data = Vec::new();
            f.read_to_end(&mut data).expect("read");
            (f.name().expect("a UTF-8 name").to_string(), data)
        })
        .collect()
}

/// LibreOffice headless converts `docx` to PDF in `out_dir`; the PDF's text.
fn office_text(docx: &Path, out_dir: &Path) -> String {
    pdf_text(&office_convert(docx, out_dir, "pdf"))
}

#[test]
fn the_undangan_of_every_opd_as_one_pdf_and_as_word_files_an_office_suite_opens() {
    let dir = tempfile::tempdir().expect("temp dir");
    let (db, event) = demo(dir.path());
    call(
        &db,
        "letter_settings_set",
        json!({"event_id": event, "kind": "undangan", "letter_date": "2019-09-02",
               "dress_code": "Batik lengan panjang"}),
    );
    let quotas = call(&db, "quota_list", json!({"event_id": event}));
    let with_quota: Vec<String> = quotas
        .as_array()
        .expect("quotas")
        .iter()
        .filter(|q| q["quota"].as_i64().unwrap_or(0) > 0)
        .map(|q| q["opd"].as_str().expect("opd").to_string())
        .collect();
    assert!(with_quota.len() >= 3);

    let pdf = dir.path().join("undangan.pdf");
    bintek(&db)
        .args(["surat", "undangan", "--event", &event, "--out"])
        .arg(&pdf)
        .run()
        .success();
    assert_eq!(
        pages(&pdf),
        with_quota.len() * 2,
        "a letter and its lampiran per OPD"
    );
    let first = flat(&tool_text("pdftotext", &["-f", "1", "-l", "1"], &pdf));
    for want in [
        "PEMERINTAH KABUPATEN GROBOGAN",
        "Purwodadi, 2 September 2019",
        "Nomor : 001/UND/DISKOMINFO/IX/2019",
        "Sifat : Biasa",
        "Lampiran : 1 (satu) berkas",
        "Perihal : Undangan Bimbingan Teknis",
        &format!("Yth. Kepala {}", with_quota[0]),
        "6 (enam) orang pegawai",
        "Pakaian : Batik lengan panjang",
        "Drs. Moh. Sumarsono, M.Si.",
    ] {
        assert!(first.contains(want), "{want:?} not in {first}");
    }
    let lampiran = flat(&tool_text("pdftotext", &["-f", "2", "-l", "2"], &pdf));
    assert!(
        lampiran.contains("KUOTA PESERTA PER PERANGKAT DAERAH"),
        "{lampiran}"
    );
    assert!(lampiran.contains("Lampiran surat nomor : 001/UND/DISKOMINFO/IX/2019"));
    assert!(
        lampiran.contains(&format!("Jumlah {}", with_quota.len() * 6)),
        "{lampiran}"
    );
    let last = (with_quota.len() * 2 - 1).to_string();
    let last_letter = flat(&tool_text("pdftotext", &["-f", &last, "-l", &last], &pdf));
    assert!(
        last_letter.contains(&format!("{:03}/UND/DISKOMINFO/IX/2019", with_quota.len())),
        "{last_letter}"
    );

    // The same letters, numbers kept, as Word files with a participant list each.
    let zip = dir.path().join("undangan.zip");
    bintek(&db)
        .args([
            "surat",
            "undangan",
            "--event",
            &event,
            "--with-template",
            "--out",
        ])
        .arg(&zip)
        .run()
        .success();
    let files = unzip(&zip);
    assert_eq!(files.len(), with_quota.len() * 2);
    let (name, docx) = files
        .iter()
        .find(|(n, _)| n.ends_with(".docx") && n.contains(&with_quota[1]))
        .expect("the second OPD's letter");
    assert!(name.starts_with("02 "), "{name}");
    let docx_path = dir.path().join("surat.docx");
    std::fs::write(&docx_path, docx).expect("write");
    let text = office_text(&docx_path, dir.path());
    for want in [
        "002/UND/DISKOMINFO/IX/2019",
        &with_quota[1],
        "6 (enam) orang pegawai",
        "Drs. Moh. Sumarsono, M.Si.",
        "KUOTA PESERTA PER PERANGKAT DAERAH",
    ] {
        assert!(
            text.contains(want),
            "{want:?} not in the converted DOCX: {text}"
        );
    }
    let (_, sheet) = files
        .iter()
        .find(|(n, _)| n.ends_with(".xlsx") && n.contains(&with_quota[1]))
        .expect("the participant list");
    let book = bintek_docs::sheet::read_workbook(sheet, Some("peserta.xlsx")).expect("xlsx");
    let s = &book.sheets[0];
    let header: Vec<String> = (0..s.width())
        .map(|c| s.cell(0, c).as_text().unwrap_or_default().to_string())
        .collect();
    assert_eq!(header[..4], ["No", "Nama", "NIP", "NIK"]);
    assert_eq!(
        s.cell(1, 7).as_text().as_deref(),
        Some(with_quota[1].as_str())
    );
    assert_eq!(
        s.rows.len(),
        7,
        "the header and a row per seat of the quota"
    );
}

#[test]
fn the_narasumber_letters_and_the_surat_tugas() {
    let dir = tempfile::tempdir().expect("temp dir");
    let (db, event) = demo(dir.path());
    let pdf = dir.path().join("ns.pdf");
    bintek(&db)
        .args(["surat", "narasumber", "--event", &event, "--out"])
        .arg(&pdf)
        .run()
        .success();
    let text = pdf_text(&pdf);
    assert!(text.contains("/NS/DISKOMINFO/"), "{text}");
    assert!(text.contains("Perihal : Permohonan Narasumber"), "{text}");
    assert!(text.contains("Materi :"), "{text}");
    let st = dir.path().join("st.zip");
    bintek(&db)
        .args(["surat", "tugas", "--event", &event, "--out"])
        .arg(&st)
        .run()
        .success();
    let files = unzip(&st);
    assert_eq!(files.len(), 1);
    let docx = dir.path().join("tugas.docx");
    std::fs::write(&docx, &files[0].1).expect("write");
    let text = office_text(&docx, dir.path());
    for want in [
        "SURAT TUGAS",
        "001/ST/DISKOMINFO/",
        "MENUGASKAN",
        "Ketua",
        "Untuk",
    ] {
        assert!(text.contains(want), "{want:?} not in {text}");
    }
    let err = json_err(
        bintek(&db)
            .arg("--json")
            .args(["surat", "tugas", "--event", &event, "--out"])
            .arg(dir.path().join("st.odt")),
    );
    assert_eq!(err["error"]["field"], "out");
    assert!(
        err["error"]["message"]
            .as_str()
            .unwrap_or_default()
            .contains(".pdf atau .zip"),
        "{err}"
    );
}

#[test]
fn the_report_as_pdf_and_as_a_word_file_with_contents_photos_and_page_numbers() {
    let dir = tempfile::tempdir().expect("temp dir");
    let (db, event) = demo(dir.path());
    call(
        &db,
        "report_set",
        json!({"event_id": event,
               "hambatan": "Jaringan internet di ruang praktik sempat terputus selama 20 menit."}),
    );
    let pdf = dir.path().join("laporan.pdf");
    bintek(&db)
        .args(["laporan", "--event", &event, "--out"])
        .arg(&pdf)
        .run()
        .success();
    let n = pages(&pdf);
    assert!(n >= 8, "{n} pages");
    let cover = flat(&tool_text("pdftotext", &["-f", "1", "-l", "1"], &pdf));
    assert!(
        cover.contains("PEMERINTAH KABUPATEN GROBOGAN"),
        "the kop: {cover}"
    );
    assert!(cover.contains("LAPORAN PELAKSANAAN KEGIATAN"));
    assert!(cover.contains(&format!("Halaman 1 dari {n}")));
    let contents = flat(&tool_text("pdftotext", &["-f", "2", "-l", "2"], &pdf));
    assert!(contents.contains("DAFTAR ISI"));
    // "BAB I PENDAHULUAN . . . 3": the chapter's page as the contents say.
    let page_of = |title: &str| -> usize {
        let at = contents
            .find(title)
            .unwrap_or_else(|| panic!("{title} in {contents}"));
        contents[at + title.len()..]
            .split_whitespace()
            .find(|w| w.chars().all(|c| c.is_ascii_digit()))
            .and_then(|w| w.parse().ok())
            .expect("a page number")
    };
    for (title, says) in [
        ("BAB I PENDAHULUAN", "BAB I PENDAHULUAN"),
        ("BAB IV HAMBATAN", "BAB IV HAMBATAN"),
        (
            "LAMPIRAN I DOKUMENTASI KEGIATAN",
            "LAMPIRAN I DOKUMENTASI KEGIATAN",
        ),
    ] {
        let p = page_of(title).to_string();
        let text = flat(&tool_text("pdftotext", &["-f", &p, "-l", &p], &pdf));
        assert!(text.contains(says), "{title} is on page {p}: {text}");
    }
    let text = pdf_text(&pdf);
    for want in [
        "Jaringan internet di ruang praktik sempat terputus selama 20 menit.",
        "Pembukaan oleh Sekretaris Daerah Kabupaten Grobogan",
        "E. Notulen",
        // The demo's payments, as the keuangan computes them.
        "C. Realisasi Anggaran",
        "Honorarium narasumber",
        "Uang transport peserta",
        "Badan Kepegawaian dan Pengembangan Sumber Daya Manusia",
        "Mengetahui,",
        "Ketua Panitia,",
    ] {
        assert!(text.contains(want), "{want:?} not in the report");
    }
    let images = tool_text("pdfimages", &["-list"], &pdf);
    let kinds: Vec<(&str, &str)> = images
        .lines()
        .skip(2)
        .filter_map(|l| {
            let cols: Vec<&str> = l.split_whitespace().collect();
            Some((*cols.get(2)?, *cols.get(8)?))
        })
        .filter(|(kind, _)| *kind == "image")
        .collect();
    assert_eq!(
        kinds.iter().filter(|(_, enc)| *enc == "jpeg").count(),
        2,
        "two photos as JPEG: {images}"
    );
    assert_eq!(kinds.len(), 3, "and the logo: {images}");

    let docx = dir.path().join("laporan.docx");
    bintek(&db)
        .args(["laporan", "--event", &event, "--out"])
        .arg(&docx)
        .run()
        .success();
    let text = office_text(&docx, dir.path());
    for want in [
        "DAFTAR ISI",
        "BAB I PENDAHULUAN",
        "BAB III",
        "Jaringan internet di ruang praktik sempat terputus selama 20 menit.",
        "Peserta mengikuti materi Media Sosial sebagai Aset Digital",
        "Halaman",
    ] {
        assert!(
            text.contains(want),
            "{want:?} not in the converted DOCX: {text}"
        );
    }
}
