//! The sign-in sheet and the attendance recap, checked from the outside with
//! poppler-utils. Pages are also rendered to `tests/e2e/output/{hadir,rekap}-*.png` for a
//! person to look at.

mod poppler;

use bintek_docs::attendance::{
    render_attendance_sheet, render_recap, Fonts, PdfError, RecapOpd, RecapSession, RecapView,
    SheetRow, SheetView, SignOff,
};
use poppler::*;
use proptest::prelude::*;

// ---- fixtures -------------------------------------------------------------------------

fn letterhead() -> Vec<String> {
    vec![
        "PEMERINTAH KABUPATEN GROBOGAN".into(),
        "DINAS KOMUNIKASI DAN INFORMATIKA".into(),
        "Jl. Gajah Mada No. 1, Purwodadi 58111, Telp. (0292) 421345".into(),
    ]
}

fn signoff() -> SignOff {
    SignOff {
        place_date: "Purwodadi, 17 September 2019".into(),
        position: "Kepala Dinas Komunikasi dan Informatika Kabupaten Grobogan".into(),
        name: "Dr. Ir. H. Bambang Sutrisno, M.M.".into(),
        nip: "19700101 199503 1 001".into(),
    }
}

const OPDS: [&str; 5] = [
    "Dinas Komunikasi dan Informatika",
    "Badan Perencanaan Pembangunan, Penelitian dan Pengembangan Daerah",
    "Kecamatan Purwodadi",
    "Dinas Kependudukan dan Pencatatan Sipil",
    "Sekretariat Daerah",
];

fn participant_name(i: usize) -> String {
    const FIRST: [&str; 6] = ["Siti", "Bambang", "Dewi", "Rudi", "Agus", "Yohanes"];
    const LAST: [&str; 5] = [
        "Aminah, S.Pd.",
        "Wicaksono, S.T., M.Eng.",
        "Lestari",
        "Hartono, S.E.",
        "Prasetyo Nugroho, S.I.Kom.",
    ];
    format!("{} {} {i:03}", FIRST[i % 6], LAST[i % 5])
}

fn sheet(rows: usize, blank: usize, filled: bool) -> SheetView {
    SheetView {
        letterhead: letterhead(),
        letterhead_details: Vec::new(),
        letterhead_logo: None,
        title: "DAFTAR HADIR PESERTA".into(),
        event_title: "Bimbingan Teknis Pengelolaan Media Sosial sebagai Aset Digital \
                      Pemerintah Kabupaten Grobogan"
            .into(),
        info: vec![
            ("Hari/Tanggal".into(), "Selasa, 17 September 2019".into()),
            (
                "Sesi".into(),
                "08.00–10.00 · Kebijakan Pengelolaan Media Sosial Instansi Pemerintah".into(),
            ),
            ("Tempat".into(), "Gedung Riptaloka, Purwodadi".into()),
        ],
        rows: (1..=rows)
            .map(|i| SheetRow {
                name: participant_name(i),
                nip: if i % 7 == 0 {
                    String::new()
                } else {
                    format!("1970{:04} 199503 1 {:03}", 100 + i % 1200, i % 1000)
                },
                position: if i % 3 == 0 {
                    String::new()
                } else {
                    "Pranata Hubungan Masyarakat Ahli Muda".into()
                },
                opd: OPDS[i % OPDS.len()].into(),
                checked_in_at: (i == 1).then(|| "08.12".to_string()),
            })
            .collect(),
        blank_rows: blank,
        filled,
        signoff: Some(signoff()),
        footer: Some("Dicetak dari Bintek, 26 November 2026".into()),
    }
}

/// No text outside the margins (`left`, and `other` on the right and at the top, `bottom`
/// at the bottom), except the footer line in the bottom margin.
fn assert_text_inside(pdf: &str, (page_w, page_h): (f32, f32), left: f32, other: f32, bottom: f32) {
    for (page, text, [x0, y0, x1, y1]) in word_boxes(pdf) {
        let footer = y0 >= page_h - bottom && y1 <= page_h - 20.0;
        assert!(
            x0 >= left - 1.0 && x1 <= page_w - other + 1.0,
            "page {page}: {text:?} outside the side margins ({x0}..{x1})"
        );
        assert!(
            y0 >= other - 1.0 && (y1 <= page_h - bottom + 1.0 || footer),
            "page {page}: {text:?} outside the top/bottom margins ({y0}..{y1})"
        );
    }
}

// ---- the sign-in sheet ----------------------------------------------------------------

#[test]
fn sheet_of_60_has_every_name_header_on_every_page_and_the_signoff() {
    let view = sheet(60, 5, false);
    let bytes = render_attendance_sheet(&view, &Fonts::dejavu_sans()).expect("render");
    assert!(bytes.starts_with(b"%PDF-"));
    let dir = scratch("hadir60");
    let pdf = write_pdf(&dir, "hadir.pdf", &bytes);
    let pages = page_count(&pdf);
    assert!(pages > 1, "60 rows on {pages} page");

    let all = squeezed_text(&pdf, None);
    for r in &view.rows {
        assert_eq!(
            all.matches(&squeeze(&r.name)).count(),
            1,
            "{:?} not exactly once",
            r.name
        );
    }
    let layout = layout_text(&pdf, None);
    for needle in [
        "PEMERINTAH KABUPATEN GROBOGAN",
        "DAFTAR HADIR PESERTA",
        "Hari/Tanggal",
        "Selasa, 17 September 2019",
        "Gedung Riptaloka, Purwodadi",
        "Mengetahui,",
        "Purwodadi, 17 September 2019",
        "Dr. Ir. H. Bambang Sutrisno, M.M.",
        "NIP. 19700101 199503 1 001",
        "Dicetak dari Bintek, 26 November 2026",
    ] {
        assert!(layout.contains(needle), "{needle:?} missing");
    }
    assert!(
        !layout.contains("Hadir:"),
        "no summary on the blank variant"
    );
    // Every page: the header row and its page number; later pages: the reminder line.
    for page in 1..=pages {
        let text = layout_text(&pdf, Some(page));
        for needle in ["No", "Nama", "NIP", "Jabatan", "OPD", "Tanda Tangan"] {
            assert!(text.contains(needle), "page {page}: no {needle:?}:\n{text}");
        }
        assert!(
            text.contains(&format!("Halaman {page} dari {pages}")),
            "page {page}"
        );
        if page > 1 {
            assert!(
                text.contains("DAFTAR HADIR PESERTA — Bimbingan Teknis"),
                "page {page}"
            );
        }
    }
    // Numbering continues through the five blank rows, in the signature halves too.
    let raw = poppler("pdftotext", &["-raw", &pdf, "-"]);
    for n in 1..=65 {
        assert!(raw.contains(&format!("{n}. ....")), "signature {n} missing");
    }
    assert!(!raw.contains("66. ..."));
    // An empty NIP prints "-".
    assert!(raw.lines().any(|l| l.split_whitespace().any(|w| w == "-")));
    // The sign-off is on the last page, whole.
    let last = layout_text(&pdf, Some(pages));
    assert!(last.contains("Mengetahui,") && last.contains("NIP. 19700101"));
    assert_fonts_embedded_and_subset(&pdf);
    assert_text_inside(&pdf, (595.28, 841.89), 56.69, 42.52, 56.69);
    std::fs::write(png_dir().join("hadir.pdf"), &bytes).expect("copy pdf for review");
    render_pngs(&pdf, "hadir", 1, pages);
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn filled_sheet_shows_times_dashes_and_the_summary() {
    let view = sheet(60, 0, true);
    let bytes = render_attendance_sheet(&view, &Fonts::dejavu_sans()).expect("render");
    let dir = scratch("hadir-isi");
    let pdf = write_pdf(&dir, "terisi.pdf", &bytes);
    let pages = page_count(&pdf);
    let layout = layout_text(&pdf, None);
    assert!(layout.contains("08.12"));
    assert!(layout.contains("Hadir: 1 dari 60 peserta"), "{layout}");
    assert_eq!(
        layout.matches('—').count() - layout.matches("— Bimbingan").count(),
        59
    );
    std::fs::write(png_dir().join("hadir-terisi.pdf"), &bytes).expect("copy pdf for review");
    for page in 1..=pages {
        let text = layout_text(&pdf, Some(page));
        let only_signoff = page == pages && !text.contains("S.Pd.") && !text.contains("S.E.");
        assert!(
            only_signoff || (text.contains("Hadir") && text.contains("Tanda Tangan")),
            "page {page}:\n{text}"
        );
    }
    // The summary comes after the last row, before the sign-off.
    let summary = layout.find("Hadir: 1 dari 60").expect("summary");
    let last_name = layout.find("Agus Prasetyo Nugroho, S.I.Kom. 060");
    let mengetahui = layout.rfind("Mengetahui,").expect("sign-off");
    assert!(
        last_name.is_none_or(|n| n < summary),
        "summary after the table"
    );
    assert!(summary < mengetahui);
    assert_text_inside(&pdf, (595.28, 841.89), 56.69, 42.52, 56.69);
    render_pngs(&pdf, "hadir-terisi", 1, pages);
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_row_is_never_split_and_the_signoff_never_stands_alone() {
    // Lengths around the page break, where the sign-off stops fitting after the table.
    let dir = scratch("hadir-split");
    let mut moved_with_last_row = false;
    for rows in 14..40 {
        let view = sheet(rows, 0, rows % 2 == 0);
        let bytes = render_attendance_sheet(&view, &Fonts::dejavu_sans()).expect("render");
        let pdf = write_pdf(&dir, "x.pdf", &bytes);
        let pages = page_count(&pdf);
        let mut seen = 0;
        let mut on_last = 0;
        for page in 1..=pages {
            let text = squeezed_text(&pdf, Some(page));
            let here = view
                .rows
                .iter()
                .filter(|r| text.contains(&squeeze(&r.name)))
                .count();
            seen += here;
            if page == pages {
                on_last = here;
            }
        }
        assert_eq!(
            seen, rows,
            "{rows} rows: every name whole on exactly one page"
        );
        let last = layout_text(&pdf, Some(pages));
        assert!(
            last.contains("Purwodadi, 17 September 2019")
                && last.contains("Mengetahui,")
                && last.contains("NIP. 19700101"),
            "{rows} rows: the sign-off is whole on the last page"
        );
        assert!(
            on_last >= 1,
            "{rows} rows: the sign-off alone on page {pages}"
        );
        if pages > 1 && on_last == 1 {
            moved_with_last_row = true;
            assert!(
                last.contains("Tanda Tangan"),
                "header repeated above the row"
            );
        }
    }
    assert!(
        moved_with_last_row,
        "some length should carry just the last row over with the sign-off"
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn empty_and_degenerate_sheets_render() {
    let dir = scratch("hadir-kosong");
    let mut view = sheet(0, 0, false);
    let bytes = render_attendance_sheet(&view, &Fonts::dejavu_sans()).expect("render");
    let pdf = write_pdf(&dir, "kosong.pdf", &bytes);
    assert_eq!(page_count(&pdf), 1);
    assert!(layout_text(&pdf, None).contains("Belum ada peserta."));

    view.blank_rows = 100_000;
    let bytes = render_attendance_sheet(&view, &Fonts::dejavu_sans()).expect("render");
    let pdf = write_pdf(&dir, "kosong.pdf", &bytes);
    let raw = poppler("pdftotext", &["-raw", &pdf, "-"]);
    assert!(raw.contains("200. ...."), "blank rows are capped at 200");
    assert!(!raw.contains("201. ."));
    assert!(!raw.contains("Belum ada peserta."));

    let bytes =
        render_attendance_sheet(&SheetView::default(), &Fonts::dejavu_sans()).expect("render");
    let pdf = write_pdf(&dir, "default.pdf", &bytes);
    assert_eq!(page_count(&pdf), 1);
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn huge_texts_stay_inside_their_cells() {
    let mut view = sheet(3, 0, true);
    view.rows[0].name = "Nama ".repeat(400);
    view.rows[1].nip = "1".repeat(500);
    view.rows[2].opd = "x".repeat(5000);
    view.rows[2].checked_in_at = Some("08.12 ".repeat(50));
    view.info.push(("Label ".repeat(50), "Nilai ".repeat(500)));
    view.signoff = Some(SignOff {
        position: "Jabatan ".repeat(100),
        name: "Nama ".repeat(100),
        ..signoff()
    });
    let bytes = render_attendance_sheet(&view, &Fonts::dejavu_sans()).expect("render");
    let dir = scratch("hadir-besar");
    let pdf = write_pdf(&dir, "besar.pdf", &bytes);
    assert_text_inside(&pdf, (595.28, 841.89), 56.69, 42.52, 56.69);
    let all = squeezed_text(&pdf, None);
    assert!(all.contains('…'));
    render_pngs(&pdf, "hadir-besar", 1, 1);
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn three_thousand_rows_fit_the_page_limit() {
    let view = sheet(3_000, 0, false);
    let bytes = render_attendance_sheet(&view, &Fonts::dejavu_sans()).expect("render");
    let dir = scratch("hadir-3000");
    let pdf = write_pdf(&dir, "3000.pdf", &bytes);
    let pages = page_count(&pdf);
    // About 15 rows of two or three lines per page: 20,000 would stay under 3,000 pages.
    assert!(pages > 100 && pages < 250, "{pages}");
    let last = layout_text(&pdf, Some(pages));
    assert!(last.contains(&format!("Halaman {pages} dari {pages}")));
    let _ = std::fs::remove_dir_all(&dir);
}

// ---- the recap ------------------------------------------------------------------------

fn recap(sessions: usize, opds: usize) -> RecapView {
    let days = ["Selasa, 17 Sep", "Rabu, 18 Sep", "Kamis, 19 Sep"];
    let topics = [
        "Kebijakan Media Sosial Pemerintah",
        "Strategi Konten dan Penulisan Berita untuk Kanal Digital Pemerintah",
        "Praktik Fotografi dan Videografi dengan Telepon Genggam",
        "Keamanan Akun dan Penanganan Hoaks",
    ];
    RecapView {
        letterhead: letterhead(),
        letterhead_details: Vec::new(),
        letterhead_logo: None,
        title: "REKAP KEHADIRAN PESERTA".into(),
        event_title: "Bimbingan Teknis Pengelolaan Media Sosial sebagai Aset Digital".into(),
        subtitle: vec![
            "Gedung Riptaloka, Purwodadi".into(),
            "Selasa–Kamis, 17–19 September 2019".into(),
        ],
        sessions: (0..sessions)
            .map(|s| RecapSession {
                label: format!("H{}-S{}", s / 4 + 1, s % 4 + 1),
                detail: format!(
                    "{} · {} · {}",
                    days[(s / 4) % 3],
                    ["08.00–10.00", "10.15–12.00", "13.00–15.00", "15.15–16.30"][s % 4],
                    topics[s % 4]
                ),
                registered: 60,
                present: 60 - (s as u32 % 7),
            })
            .collect(),
        opds: (0..opds)
            .map(|i| RecapOpd {
                name: if i < OPDS.len() {
                    OPDS[i].to_string()
                } else {
                    format!("Kecamatan Nomor {i:03}")
                },
                registered: 6,
                // OPD 0 has 5 of 6 everywhere: 83%.
                present: (0..sessions)
                    .map(|s| {
                        if i == 0 {
                            5
                        } else {
                            ((i + s) % 7).min(6) as u32
                        }
                    })
                    .collect(),
            })
            .collect(),
        signoff: Some(signoff()),
        footer: Some("Dicetak dari Bintek, 26 November 2026".into()),
    }
}

#[test]
fn recap_is_landscape_with_percentages_and_totals() {
    let mut view = recap(4, 5);
    // A shorter present list counts the missing sessions as 0; an OPD with nobody
    // registered prints "–".
    view.opds[3].present.truncate(2);
    view.opds[4].registered = 0;
    let bytes = render_recap(&view, &Fonts::dejavu_sans()).expect("render");
    let dir = scratch("rekap");
    let pdf = write_pdf(&dir, "rekap.pdf", &bytes);
    let (w, h) = page_size(&pdf);
    assert!(
        (w - 841.89).abs() < 1.0 && (h - 595.28).abs() < 1.0,
        "{w} x {h}"
    );
    let layout = layout_text(&pdf, None);
    for needle in [
        "REKAP KEHADIRAN PESERTA",
        "Selasa–Kamis, 17–19 September 2019",
        "Kehadiran per Sesi",
        "Kehadiran per OPD",
        "Keterangan sesi",
        "Terdaftar",
        "Rata-rata",
        "Jumlah",
        "H1-S1",
        "H1-S4",
        "Mengetahui,",
        "NIP. 19700101 199503 1 001",
        "5 (83%)",
        "83%",
        "(–)",
        "Halaman 1 dari",
    ] {
        assert!(layout.contains(needle), "{needle:?} missing:\n{layout}");
    }
    let all = squeezed_text(&pdf, None);
    for opd in &view.opds {
        assert!(all.contains(&squeeze(&opd.name)), "{:?}", opd.name);
    }
    // Session 1: 60 of 60; session 2: 59 of 60 = 98%.
    assert!(layout.contains("100%") && layout.contains("98%"));
    // Totals: OPDs 0..3 registered 24 (OPD 4 has 0); session 1 present 5+1+2+3+4 = 15.
    assert!(layout.contains("15 (63%)"), "{layout}");
    assert!(!layout.contains("bagian"), "4 sessions fit one table");
    assert_fonts_embedded_and_subset(&pdf);
    assert_text_inside(&pdf, (841.89, 595.28), 42.52, 42.52, 51.02);
    render_pngs(&pdf, "rekap", 1, page_count(&pdf));
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn twelve_sessions_split_into_two_tables_and_headers_repeat() {
    let view = recap(12, 40);
    let bytes = render_recap(&view, &Fonts::dejavu_sans()).expect("render");
    let dir = scratch("rekap12");
    let pdf = write_pdf(&dir, "rekap12.pdf", &bytes);
    let pages = page_count(&pdf);
    assert!(pages >= 3, "{pages}");
    let layout = layout_text(&pdf, None);
    assert!(
        layout.contains("bagian 1 dari 2: sesi H1-S1 s.d. H2-S2"),
        "{layout}"
    );
    assert!(
        layout.contains("bagian 2 dari 2: sesi H2-S3 s.d. H3-S4"),
        "{layout}"
    );
    assert_eq!(layout.matches("Jumlah").count(), 2, "a total row per part");
    // The average over all sessions is only in the last part.
    let part2 = layout.find("bagian 2 dari 2").expect("part 2");
    assert!(layout.find("Rata-rata").is_some_and(|i| i > part2));
    assert!(pages_with(&pdf, pages, "Rata-rata") >= 1);
    // Every OPD is in both parts (the first OPD is also in the sign-off's position).
    let all = squeezed_text(&pdf, None);
    for opd in &view.opds[1..] {
        assert_eq!(
            all.matches(&squeeze(&opd.name)).count(),
            2,
            "{:?}",
            opd.name
        );
    }
    for page in 2..=pages {
        let text = layout_text(&pdf, Some(page));
        assert!(
            text.contains("REKAP KEHADIRAN PESERTA — Bimbingan"),
            "page {page}"
        );
        assert!(text.contains(&format!("Halaman {page} dari {pages}")));
    }
    assert_text_inside(&pdf, (841.89, 595.28), 42.52, 42.52, 51.02);
    render_pngs(&pdf, "rekap-12", 1, pages);
    let _ = std::fs::remove_dir_all(&dir);
}

/// How many pages contain `needle`.
fn pages_with(pdf: &str, pages: usize, needle: &str) -> usize {
    (1..=pages)
        .filter(|&p| layout_text(pdf, Some(p)).contains(needle))
        .count()
}

#[test]
fn empty_recap_renders() {
    let bytes = render_recap(&RecapView::default(), &Fonts::dejavu_sans()).expect("render");
    let dir = scratch("rekap-kosong");
    let pdf = write_pdf(&dir, "kosong.pdf", &bytes);
    assert_eq!(page_count(&pdf), 1);
    let text = layout_text(&pdf, None);
    assert!(text.contains("Belum ada sesi.") && text.contains("Belum ada data OPD."));
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn unreadable_fonts_give_an_indonesian_error() {
    let fonts = Fonts {
        regular: vec![1, 2, 3],
        bold: Fonts::dejavu_sans().bold,
    };
    let err = render_recap(&recap(1, 1), &fonts).expect_err("bad font");
    assert!(matches!(err, PdfError::InvalidFont { .. }));
    assert!(err.to_string().contains("Huruf biasa"), "{err}");
    let err = render_attendance_sheet(&sheet(1, 0, false), &fonts).expect_err("bad font");
    assert!(err.to_string().contains("Huruf biasa"), "{err}");
}

// ---- never panics ---------------------------------------------------------------------

fn any_text() -> impl Strategy<Value = String> {
    prop_oneof![
        ".{0,40}",
        "[a-zA-Z .,–-]{0,200}",
        Just(String::new()),
        Just("\u{1F389}\u{200D}\u{FE0F}\n\r\t".to_string()),
    ]
}

fn any_row() -> impl Strategy<Value = SheetRow> {
    (
        any_text(),
        any_text(),
        any_text(),
        any_text(),
        prop::option::of(any_text()),
    )
        .prop_map(|(name, nip, position, opd, checked_in_at)| SheetRow {
            name,
            nip,
            position,
            opd,
            checked_in_at,
        })
}

fn any_signoff() -> impl Strategy<Value = Option<SignOff>> {
    prop::option::of((any_text(), any_text(), any_text(), any_text()).prop_map(
        |(place_date, position, name, nip)| SignOff {
            place_date,
            position,
            name,
            nip,
        },
    ))
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(16))]

    #[test]
    fn arbitrary_sheets_never_panic(
        letterhead in prop::collection::vec(any_text(), 0..3),
        title in any_text(),
        info in prop::collection::vec((any_text(), any_text()), 0..4),
        rows in prop::collection::vec(any_row(), 0..30),
        blank_rows in 0..300_usize,
        filled in any::<bool>(),
        signoff in any_signoff(),
        footer in prop::option::of(any_text()),
    ) {
        let view = SheetView {
            letterhead,
            letterhead_details: Vec::new(),
            letterhead_logo: None,
            title: title.clone(),
            event_title: title,
            info,
            rows,
            blank_rows,
            filled,
            signoff,
            footer,
        };
        let bytes = render_attendance_sheet(&view, &Fonts::dejavu_sans()).expect("render");
        prop_assert!(bytes.starts_with(b"%PDF-"));
    }

    #[test]
    fn arbitrary_recaps_never_panic(
        title in any_text(),
        sessions in prop::collection::vec(
            (any_text(), any_text(), any::<u32>(), any::<u32>()), 0..20),
        opds in prop::collection::vec(
            (any_text(), any::<u32>(), prop::collection::vec(any::<u32>(), 0..25)), 0..15),
        signoff in any_signoff(),
    ) {
        let view = RecapView {
            letterhead: vec![title.clone()],
            letterhead_details: Vec::new(),
            letterhead_logo: None,
            title: title.clone(),
            event_title: title.clone(),
            subtitle: vec![title],
            sessions: sessions
                .into_iter()
                .map(|(label, detail, registered, present)| RecapSession {
                    label, detail, registered, present,
                })
                .collect(),
            opds: opds
                .into_iter()
                .map(|(name, registered, present)| RecapOpd { name, registered, present })
                .collect(),
            signoff,
            footer: None,
        };
        let bytes = render_recap(&view, &Fonts::dejavu_sans()).expect("render");
        prop_assert!(bytes.starts_with(b"%PDF-"));
    }
}
