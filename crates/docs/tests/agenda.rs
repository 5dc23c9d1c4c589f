//! The agenda PDF, checked from the outside with poppler-utils (`pdftotext`, `pdffonts`,
//! `pdfinfo`, `pdftoppm`), which CI must install. The 2-day agenda is also rendered to
//! `tests/e2e/output/agenda-*.png` for a person to look at.

mod poppler;

use bintek_docs::agenda::{render_agenda, AgendaDay, AgendaRow, AgendaView, Fonts, RowKind};
use bintek_docs::pdf::{PdfError, MAX_PAGES};
use poppler::*;
use proptest::prelude::*;

/// No text outside the 20 mm margins, except the footer line in the bottom margin.
fn assert_text_inside_margins(pdf: &str) {
    const MARGIN: f32 = 56.69;
    const PAGE_W: f32 = 595.28;
    const PAGE_H: f32 = 841.89;
    let words = word_boxes(pdf);
    assert!(!words.is_empty(), "no words found in {pdf}");
    for (page, text, [x0, y0, x1, y1]) in words {
        let footer = y0 >= PAGE_H - MARGIN && y1 <= PAGE_H - 28.0;
        assert!(
            x0 >= MARGIN - 1.0 && x1 <= PAGE_W - MARGIN + 1.0,
            "page {page}: {text:?} outside the side margins ({x0}..{x1})"
        );
        assert!(
            y0 >= MARGIN - 1.0 && (y1 <= PAGE_H - MARGIN + 1.5 || footer),
            "page {page}: {text:?} outside the top/bottom margins ({y0}..{y1})"
        );
    }
}

// ---- fixtures -------------------------------------------------------------------------

fn row(time: &str, topic: &str, kind: RowKind) -> AgendaRow {
    AgendaRow {
        time: time.into(),
        topic: topic.into(),
        note: None,
        speakers: Vec::new(),
        moderators: Vec::new(),
        room: "Gedung Riptaloka".into(),
        kind,
    }
}

fn session(
    time: &str,
    topic: &str,
    note: &str,
    speakers: &[&str],
    moderators: &[&str],
) -> AgendaRow {
    AgendaRow {
        note: Some(note.into()),
        speakers: speakers.iter().map(|s| s.to_string()).collect(),
        moderators: moderators.iter().map(|s| s.to_string()).collect(),
        ..row(time, topic, RowKind::Material)
    }
}

/// The seed story: Diskominfo Kabupaten Grobogan, Gedung Riptaloka, 17–18 September 2019.
fn grobogan() -> AgendaView {
    let ishoma = || {
        row(
            "12.00–13.00",
            "Istirahat, Sholat dan Makan Siang",
            RowKind::Break,
        )
    };
    AgendaView {
        letterhead: vec![
            "PEMERINTAH KABUPATEN GROBOGAN".into(),
            "DINAS KOMUNIKASI DAN INFORMATIKA".into(),
        ],
        letterhead_details: vec![
            "Jl. Gajah Mada No. 1, Purwodadi 58111, Telp. (0292) 421345".into()
        ],
        letterhead_logo: Some(bintek_docs::logo::sample_png()),
        title: "JADWAL ACARA".into(),
        event_title: "Bimbingan Teknis Pengelolaan Media Sosial sebagai Aset Digital \
                      Pemerintah Kabupaten Grobogan"
            .into(),
        subtitle: vec![
            "Gedung Riptaloka, Purwodadi".into(),
            "Selasa–Rabu, 17–18 September 2019".into(),
        ],
        days: vec![
            AgendaDay {
                heading: "Hari ke-1 — Selasa, 17 September 2019".into(),
                rows: vec![
                    row("07.30–08.00", "Registrasi Peserta", RowKind::Opening),
                    AgendaRow {
                        note: Some("Pembukaan".into()),
                        speakers: vec!["Drs. H. Moh. Sumarsono, M.Si.".into()],
                        moderators: vec!["Pembawa Acara".into()],
                        ..row(
                            "08.00–09.00",
                            "Pembukaan dan Arahan Sekretaris Daerah Kabupaten Grobogan",
                            RowKind::Opening,
                        )
                    },
                    session(
                        "09.00–10.30",
                        "Kebijakan Pengelolaan Media Sosial Instansi Pemerintah",
                        "2 JP",
                        &["Enrico Adrian Ramandha, S.Kom. (Diskominfo Provinsi Jawa Tengah)"],
                        &["Dra. Sri Wahyuningsih, M.M."],
                    ),
                    row("10.30–10.45", "Rehat Kopi", RowKind::Break),
                    session(
                        "10.45–12.00",
                        "Strategi Konten dan Penulisan Berita untuk Kanal Digital Pemerintah",
                        "2 JP",
                        &[
                            "Enrico Adrian Ramandha, S.Kom.",
                            "Agus Prasetyo Nugroho, S.I.Kom., M.I.Kom.",
                        ],
                        &["Bambang Wicaksono, S.Sos."],
                    ),
                    ishoma(),
                    session(
                        "13.00–15.00",
                        "Praktik: Fotografi dan Videografi dengan Telepon Genggam",
                        "3 JP",
                        &["Yohanes Krisna Aditya, S.Sn."],
                        &["Bambang Wicaksono, S.Sos."],
                    ),
                ],
            },
            AgendaDay {
                heading: "Hari ke-2 — Rabu, 18 September 2019".into(),
                rows: vec![
                    session(
                        "08.00–10.00",
                        "Keamanan Akun dan Penanganan Hoaks di Media Sosial",
                        "3 JP",
                        &["Enrico Adrian Ramandha, S.Kom."],
                        &["Dra. Sri Wahyuningsih, M.M."],
                    ),
                    session(
                        "10.00–12.00",
                        "Analitik Media Sosial dan Pelaporan Kinerja Kehumasan",
                        "2 JP",
                        &["Ir. Lestari Handayani, M.T."],
                        &["Rudi Hartono, S.E."],
                    ),
                    ishoma(),
                    AgendaRow {
                        note: Some("Penutupan".into()),
                        speakers: vec![
                            "Kepala Dinas Komunikasi dan Informatika Kabupaten Grobogan".into(),
                        ],
                        ..row(
                            "13.00–14.00",
                            "Evaluasi, Rencana Tindak Lanjut dan Penutupan",
                            RowKind::Closing,
                        )
                    },
                ],
            },
        ],
        footer: Some("Dicetak dari Bintek, 26 November 2026".into()),
        participant_url: None,
    }
}

fn long_topic(i: usize) -> String {
    format!(
        "Sesi {i:03}: Penguatan kapasitas aparatur sipil negara dalam pengelolaan kanal \
         media sosial dan situs web pemerintah daerah, bagian {i:03} dari rangkaian materi"
    )
}

fn long_agenda(rows: usize) -> AgendaView {
    let mut view = grobogan();
    view.days = (0..3)
        .map(|d| AgendaDay {
            heading: format!("Hari ke-{} — Kamis, {} September 2019", d + 1, 19 + d),
            rows: (0..rows / 3)
                .map(|k| {
                    let i = d * (rows / 3) + k;
                    let mut r = session(
                        "08.00–09.00",
                        &long_topic(i),
                        "2 JP",
                        &[
                            "Enrico Adrian Ramandha, S.Kom.",
                            "Drs. H. Moh. Sumarsono, M.Si.",
                        ],
                        &["Dra. Sri Wahyuningsih, M.M."],
                    );
                    if i % 7 == 3 {
                        r.kind = RowKind::Break;
                    }
                    r
                })
                .collect(),
        })
        .collect();
    view
}

// ---- tests ----------------------------------------------------------------------------

#[test]
fn two_day_agenda_has_all_text_embedded_fonts_and_pngs() {
    let view = grobogan();
    let bytes = render_agenda(&view, &Fonts::dejavu_sans()).expect("render");
    assert!(bytes.starts_with(b"%PDF-"));
    let dir = scratch("grobogan");
    let pdf = write_pdf(&dir, "jadwal.pdf", &bytes);

    let pages = page_count(&pdf);
    assert!((1..=2).contains(&pages), "2-day agenda on {pages} pages");

    let layout = layout_text(&pdf, None);
    for needle in [
        "PEMERINTAH KABUPATEN GROBOGAN",
        "DINAS KOMUNIKASI DAN INFORMATIKA",
        "JADWAL ACARA",
        "Gedung Riptaloka, Purwodadi",
        "Selasa–Rabu, 17–18 September 2019",
        "Hari ke-1 — Selasa, 17 September 2019",
        "Hari ke-2 — Rabu, 18 September 2019",
        "Waktu",
        "Acara / Materi",
        "Narasumber",
        "Moderator",
        "Tempat",
        "Istirahat, Sholat dan Makan Siang",
        "Dicetak dari Bintek, 26 November 2026",
        "Halaman 1 dari",
    ] {
        assert!(
            layout.contains(needle),
            "{needle:?} missing from:\n{layout}"
        );
    }
    assert!(layout.contains(&format!("Halaman {pages} dari {pages}")));

    // Every session title, note, speaker and moderator, even where it wraps in its cell.
    let all = squeezed_text(&pdf, None);
    for day in &view.days {
        for r in &day.rows {
            let mut needles = vec![r.topic.as_str(), r.time.as_str(), r.room.as_str()];
            needles.extend(r.note.as_deref());
            needles.extend(r.speakers.iter().map(String::as_str));
            needles.extend(r.moderators.iter().map(String::as_str));
            for needle in needles {
                assert!(
                    all.contains(&squeeze(needle)),
                    "{needle:?} missing from:\n{all}"
                );
            }
        }
    }
    assert!(all.contains(&squeeze(
        "Enrico Adrian Ramandha, S.Kom. (Diskominfo Provinsi Jawa Tengah)"
    )));
    assert!(all.contains(&squeeze("Drs. H. Moh. Sumarsono, M.Si.")));

    // Both faces embedded and subset.
    assert_fonts_embedded_and_subset(&pdf);
    assert!(
        bytes.len() < 200_000,
        "subset PDF unexpectedly large: {}",
        bytes.len()
    );

    assert_text_inside_margins(&pdf);
    std::fs::write(png_dir().join("agenda.pdf"), &bytes).expect("copy pdf for review");
    let pngs = render_pngs(&pdf, "agenda", 1, page_count(&pdf));
    assert_eq!(pngs.len(), pages, "{pngs:?}");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn long_agenda_repeats_header_and_never_loses_or_splits_a_row() {
    let view = long_agenda(120);
    let bytes = render_agenda(&view, &Fonts::dejavu_sans()).expect("render");
    let dir = scratch("long");
    let pdf = write_pdf(&dir, "panjang.pdf", &bytes);
    let pages = page_count(&pdf);
    assert!(pages >= 5, "120 long rows on only {pages} pages");

    let mut found = vec![0_usize; 120];
    for page in 1..=pages {
        let layout = layout_text(&pdf, Some(page));
        for needle in [
            "Waktu",
            "Acara / Materi",
            "Narasumber",
            "Moderator",
            "Tempat",
        ] {
            assert!(
                layout.contains(needle),
                "page {page}: no {needle:?} header:\n{layout}"
            );
        }
        let label = format!("Halaman {page} dari {pages}");
        assert!(
            layout.contains(&label),
            "page {page}: no {label:?}:\n{layout}"
        );
        if page > 1 {
            assert!(
                layout.contains("(lanjutan)") || layout.contains("Hari ke-"),
                "page {page}"
            );
        }
        // A topic found whole on a page was not split across pages.
        let text = squeezed_text(&pdf, Some(page));
        for (i, count) in found.iter_mut().enumerate() {
            *count += text.matches(&squeeze(&long_topic(i))).count();
        }
    }
    for (i, count) in found.iter().enumerate() {
        assert_eq!(*count, 1, "topic {i:03} found {count} times");
    }
    let all = squeezed_text(&pdf, None);
    assert_eq!(all.matches("Sesi").count(), 120, "every topic exactly once");
    assert_text_inside_margins(&pdf);
    let _ = render_pngs(&pdf, "agenda-long", 1, page_count(&pdf));
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn five_hundred_rows_and_a_row_taller_than_a_page() {
    let mut view = long_agenda(501);
    let giant = "Kalimat ".repeat(4000);
    view.days[1].rows[5].topic = giant;
    view.days[2].rows[0].speakers = (0..200).map(|i| format!("Narasumber ke-{i}")).collect();
    let bytes = render_agenda(&view, &Fonts::dejavu_sans()).expect("render");
    let dir = scratch("500");
    let pdf = write_pdf(&dir, "500.pdf", &bytes);
    let pages = page_count(&pdf);
    assert!(pages > 30, "{pages}");
    let last = layout_text(&pdf, Some(pages));
    assert!(
        last.contains(&format!("Halaman {pages} dari {pages}")),
        "{last}"
    );
    let all = squeezed_text(&pdf, None);
    assert!(all.contains("Narasumberke-199"));
    assert_eq!(all.matches("Kalimat").count(), 4000);
    assert_text_inside_margins(&pdf);
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn markup_and_odd_characters_are_printed_or_replaced_without_panic() {
    let mut view = grobogan();
    view.letterhead.clear();
    view.days[0].rows[2].speakers = vec![
        "<img src=x onerror=alert(1)>".into(),
        "Nguyễn Văn Thành".into(),
        "Nguye\u{0302}\u{0303}n (decomposed)".into(),
        "Budi 🎉 Santoso".into(),
        "👨‍👩‍👧 Keluarga".into(),
        "عبد الله".into(),
        "\u{0000}\u{0007}\t\r\n".into(),
        String::new(),
        "x".repeat(5000),
    ];
    view.days[0].rows[2].moderators = vec!["  ".into(), "Siti\u{200B}Aminah\u{FEFF}".into()];
    view.days[0].heading = "\u{202E}terbalik & <b>tebal</b>".into();
    view.days.push(AgendaDay {
        heading: String::new(),
        rows: Vec::new(),
    });
    view.days.push(AgendaDay {
        heading: "Hari kosong".into(),
        rows: Vec::new(),
    });
    view.footer = Some("kaki ".repeat(500));
    let bytes = render_agenda(&view, &Fonts::dejavu_sans()).expect("render");
    let dir = scratch("odd");
    let pdf = write_pdf(&dir, "aneh.pdf", &bytes);
    let all = squeezed_text(&pdf, None);
    for needle in [
        "<img src=x onerror=alert(1)>",
        "Nguyễn Văn Thành",
        "Nguyễn (decomposed)",
        "Budi \u{FFFD} Santoso",
        "SitiAminah",
        "<b>tebal</b>",
        "Belum ada acara.",
    ] {
        assert!(
            all.contains(&squeeze(needle)),
            "{needle:?} missing from:\n{all}"
        );
    }
    let layout = layout_text(&pdf, None);
    assert!(layout.contains('…'), "long footer is cut with an ellipsis");
    assert_text_inside_margins(&pdf);
    let _ = render_pngs(&pdf, "agenda-odd", 1, page_count(&pdf));

    // Degenerate views.
    for view in [
        AgendaView::default(),
        AgendaView {
            days: vec![AgendaDay::default(); 3],
            ..AgendaView::default()
        },
        AgendaView {
            days: vec![AgendaDay {
                heading: "H".into(),
                rows: vec![AgendaRow::default(); 3],
            }],
            ..AgendaView::default()
        },
    ] {
        let bytes = render_agenda(&view, &Fonts::dejavu_sans()).expect("render");
        let pdf = write_pdf(&dir, "kosong.pdf", &bytes);
        assert_eq!(page_count(&pdf), 1);
        assert!(layout_text(&pdf, None).contains("Halaman 1 dari 1"));
    }
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn huge_front_matter_and_headings_stay_on_the_paper() {
    let mut view = grobogan();
    view.letterhead = vec!["KOP ".repeat(2000)];
    view.event_title = "Judul ".repeat(1500);
    view.days[0].heading = "Hari ".repeat(2000);
    view.days[1].heading = "x".repeat(3000);
    let bytes = render_agenda(&view, &Fonts::dejavu_sans()).expect("render");
    let dir = scratch("huge");
    let pdf = write_pdf(&dir, "besar.pdf", &bytes);
    let pages = page_count(&pdf);
    assert!(pages >= 3, "{pages}");
    let all = squeezed_text(&pdf, None);
    assert_eq!(
        all.matches("KOP").count(),
        2000,
        "front matter is paginated, not cut"
    );
    assert_eq!(all.matches("Judul").count(), 1500);
    assert!(
        all.contains("Hari…") || all.contains("Hari(lanjutan)"),
        "heading cut"
    );
    for page in 1..=pages {
        let text = layout_text(&pdf, Some(page));
        assert!(
            text.contains(&format!("Halaman {page} dari {pages}")),
            "{text}"
        );
    }
    assert_text_inside_margins(&pdf);
    let _ = render_pngs(&pdf, "agenda-huge", 1, page_count(&pdf));
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn system_dejavu_files_work_as_caller_supplied_fonts() {
    let regular = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf";
    let bold = "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf";
    let (Ok(regular), Ok(bold)) = (std::fs::read(regular), std::fs::read(bold)) else {
        eprintln!("skipped: fonts-dejavu-core is not installed");
        return;
    };
    let bytes = render_agenda(&grobogan(), &Fonts { regular, bold }).expect("render");
    assert!(bytes.starts_with(b"%PDF-"));
}

#[test]
fn absurdly_long_text_is_an_error_not_a_thousand_pages() {
    let mut view = grobogan();
    view.days[0].rows[2].speakers = vec!["x".repeat(1_500_000)];
    let started = std::time::Instant::now();
    let err = render_agenda(&view, &Fonts::dejavu_sans()).expect_err("too long");
    assert_eq!(err, PdfError::TooManyPages { max: MAX_PAGES });
    assert!(err.to_string().contains("lebih dari 1000 halaman"), "{err}");
    assert!(started.elapsed().as_secs() < 30, "{:?}", started.elapsed());
}

#[test]
fn unreadable_fonts_give_an_indonesian_error() {
    let fonts = Fonts {
        regular: Fonts::dejavu_sans().regular,
        bold: vec![0; 100],
    };
    let err = render_agenda(&grobogan(), &fonts).expect_err("bad bold font");
    assert!(err.to_string().contains("tebal"), "{err}");
}

fn any_text() -> impl Strategy<Value = String> {
    prop_oneof![
        ".{0,40}",
        "[a-zA-Z .,–-]{0,300}",
        Just(String::new()),
        Just("\u{1F389}\u{200D}\u{FE0F}\n\r\t".to_string()),
    ]
}

fn any_row() -> impl Strategy<Value = AgendaRow> {
    (
        any_text(),
        any_text(),
        prop::option::of(any_text()),
        prop::collection::vec(any_text(), 0..3),
        prop::collection::vec(any_text(), 0..3),
        any_text(),
        0..4_u8,
    )
        .prop_map(
            |(time, topic, note, speakers, moderators, room, kind)| AgendaRow {
                time,
                topic,
                note,
                speakers,
                moderators,
                room,
                kind: match kind {
                    0 => RowKind::Opening,
                    1 => RowKind::Material,
                    2 => RowKind::Break,
                    _ => RowKind::Closing,
                },
            },
        )
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(24))]

    #[test]
    fn arbitrary_text_never_panics(
        letterhead in prop::collection::vec(any_text(), 0..3),
        title in any_text(),
        heading in any_text(),
        rows in prop::collection::vec(any_row(), 0..12),
        footer in prop::option::of(any_text()),
        participant_url in prop::option::of(any_text()),
    ) {
        let view = AgendaView {
            letterhead,
            letterhead_details: Vec::new(),
            letterhead_logo: None,
            title: title.clone(),
            event_title: title,
            subtitle: vec![heading.clone()],
            days: vec![AgendaDay { heading, rows }],
            footer,
            participant_url,
        };
        let bytes = render_agenda(&view, &Fonts::dejavu_sans()).expect("render");
        prop_assert!(bytes.starts_with(b"%PDF-"));
    }
}
