//! The badges PDF, checked from the outside with poppler-utils, and the QR codes with
//! `zbarimg` (package zbar-tools) when it is installed. Pages are also rendered to
//! `tests/e2e/output/badges-*.png` for a person to look at.

mod poppler;

use bintek_docs::badges::{render_badges, Badge, BadgeLayout, BadgesView, Fonts, MAX_BADGES};
use poppler::*;
use proptest::prelude::*;

const ALPHABET: &str = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ";

/// A deterministic 6-character check-in code.
fn code(i: usize) -> String {
    let alphabet: Vec<char> = ALPHABET.chars().collect();
    let mut x = (i as u64 + 7).wrapping_mul(0x9E37_79B9_7F4A_7C15);
    (0..6)
        .map(|_| {
            let c = alphabet[(x % 32) as usize];
            x /= 32;
            c
        })
        .collect()
}

const NAMES: [&str; 6] = [
    "Siti Aminah",
    "Bambang Sutrisno",
    "Dewi Lestari",
    "Rudi Hartono",
    "Agus Prasetyo",
    "Yohanes Krisna",
];

fn badges(n: usize) -> BadgesView {
    BadgesView {
        organizer: "PEMERINTAH KABUPATEN GROBOGAN".into(),
        event_title: "Bimbingan Teknis Pengelolaan Media Sosial sebagai Aset Digital \
                      Pemerintah Kabupaten Grobogan"
            .into(),
        subtitle: "Purwodadi, 17–18 September 2019".into(),
        badges: (0..n)
            .map(|i| Badge {
                name: format!("{} {i:02}", NAMES[i % NAMES.len()]),
                opd: "Dinas Komunikasi dan Informatika".into(),
                role: if i % 5 == 4 { "Narasumber" } else { "Peserta" }.into(),
                code: code(i),
            })
            .collect(),
    }
}

#[test]
fn eight_per_page_has_every_name_and_code_on_ceil_n_over_8_pages() {
    let fonts = Fonts::dejavu_sans();
    let dir = scratch("badges8");
    for n in [1, 8, 9, 21] {
        let view = badges(n);
        let bytes = render_badges(&view, BadgeLayout::EightPerPage, &fonts).expect("render");
        assert!(bytes.starts_with(b"%PDF-"));
        let pdf = write_pdf(&dir, &format!("kartu-{n}.pdf"), &bytes);
        assert_eq!(page_count(&pdf), n.div_ceil(8), "{n} badges");
        let (w, h) = page_size(&pdf);
        assert!(
            (w - 595.28).abs() < 1.0 && (h - 841.89).abs() < 1.0,
            "{w} x {h}"
        );
        let all = squeezed_text(&pdf, None);
        for b in &view.badges {
            assert!(all.contains(&squeeze(&b.name)), "{:?} missing", b.name);
            assert!(all.contains(&b.code), "{:?} missing", b.code);
        }
        assert_eq!(
            all.matches("NARASUMBER").count(),
            n / 5,
            "roles in capitals"
        );
        assert_eq!(all.matches("PEMERINTAHKABUPATENGROBOGAN").count(), n);
        if n == 21 {
            assert_fonts_embedded_and_subset(&pdf);
            render_pngs(&pdf, "badges-8", 1, 1);
        }
    }
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn one_per_page_has_n_pages() {
    let view = badges(5);
    let bytes =
        render_badges(&view, BadgeLayout::OnePerPage, &Fonts::dejavu_sans()).expect("render");
    let dir = scratch("badges1");
    let pdf = write_pdf(&dir, "kartu.pdf", &bytes);
    assert_eq!(page_count(&pdf), 5);
    for (i, b) in view.badges.iter().enumerate() {
        let page = squeezed_text(&pdf, Some(i + 1));
        assert!(page.contains(&squeeze(&b.name)), "page {}: {page}", i + 1);
        assert!(page.contains(&b.code), "page {}: {page}", i + 1);
    }
    assert_fonts_embedded_and_subset(&pdf);
    render_pngs(&pdf, "badges-1", 1, 1);
    let _ = std::fs::remove_dir_all(&dir);
}

/// The card columns of the eight-per-page layout, in points: 10 mm margins, 8 mm gap.
const LEFT_CARD: (f32, f32) = (28.35, 286.3);
const RIGHT_CARD: (f32, f32) = (309.0, 566.93);

#[test]
fn a_very_long_name_stays_inside_its_card() {
    let mut view = badges(8);
    view.badges[0].name = "Prof. Dr. Ir. Raden Mas Haryo Bagus Kusumawardhana Wicaksono \
                           Adiningrat, S.T., M.Eng., Ph.D., IPU., ASEAN Eng."
        .into();
    view.badges[1].name = "Dr. Ir. H. Bambang Sutrisno Wicaksono, S.T., M.Eng.".into();
    view.badges[2].name = "Muhammadabdurrahmanhidayatullahsyarifuddinnurcholismadjid".into();
    view.badges[3].opd = "Badan Perencanaan Pembangunan, Penelitian dan Pengembangan \
                          Daerah Kabupaten Grobogan Provinsi Jawa Tengah"
        .into();
    view.event_title = "Judul Kegiatan yang Sangat Panjang ".repeat(10);
    let dir = scratch("badges-long");
    for (layout, prefix) in [
        (BadgeLayout::EightPerPage, "badges-long-8"),
        (BadgeLayout::OnePerPage, "badges-long-1"),
    ] {
        let bytes = render_badges(&view, layout, &Fonts::dejavu_sans()).expect("render");
        let pdf = write_pdf(&dir, "panjang.pdf", &bytes);
        let words = word_boxes(&pdf);
        assert!(!words.is_empty());
        for (page, text, [x0, y0, x1, y1]) in &words {
            assert!(
                *y0 >= 28.0 && *y1 <= 841.89 - 28.0,
                "page {page}: {text:?} outside the page margins"
            );
            match layout {
                BadgeLayout::EightPerPage => {
                    let inside = |(l, r): (f32, f32)| *x0 >= l - 0.5 && *x1 <= r + 0.5;
                    assert!(
                        inside(LEFT_CARD) || inside(RIGHT_CARD),
                        "page {page}: {text:?} crosses a card edge ({x0}..{x1})"
                    );
                }
                BadgeLayout::OnePerPage => {
                    assert!(*x0 >= 28.0 && *x1 <= 595.28 - 28.0, "{text:?}");
                }
            }
        }
        let all = squeezed_text(&pdf, None);
        assert!(
            all.contains("Dr.Ir.H.BambangSutrisnoWicaksono,S.T.,M.Eng."),
            "{all}"
        );
        assert!(all.contains('…'), "the longest name is cut");
        render_pngs(&pdf, prefix, 1, 1);
    }
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn no_badges_is_one_page_saying_so() {
    let view = BadgesView {
        badges: Vec::new(),
        ..badges(0)
    };
    for layout in [BadgeLayout::EightPerPage, BadgeLayout::OnePerPage] {
        let bytes = render_badges(&view, layout, &Fonts::dejavu_sans()).expect("render");
        let dir = scratch("badges-empty");
        let pdf = write_pdf(&dir, "kosong.pdf", &bytes);
        assert_eq!(page_count(&pdf), 1);
        assert!(layout_text(&pdf, None).contains("Belum ada peserta."));
        let _ = std::fs::remove_dir_all(&dir);
    }
    let bytes = render_badges(
        &BadgesView::default(),
        BadgeLayout::EightPerPage,
        &Fonts::dejavu_sans(),
    )
    .expect("render");
    assert!(bytes.starts_with(b"%PDF-"));
}

#[test]
fn qr_code_on_page_one_decodes_to_the_first_code() {
    if zbar_missing() {
        return;
    }
    let view = badges(8);
    let dir = scratch("badges-qr");
    for layout in [BadgeLayout::EightPerPage, BadgeLayout::OnePerPage] {
        let bytes = render_badges(&view, layout, &Fonts::dejavu_sans()).expect("render");
        let pdf = write_pdf(&dir, "qr.pdf", &bytes);
        let decoded = qr_codes_on_page_one(&dir, &pdf);
        let decoded: Vec<&str> = decoded.iter().map(String::as_str).collect();
        assert!(
            decoded.contains(&view.badges[0].code.as_str()),
            "{layout:?}: {:?} not among {decoded:?}",
            view.badges[0].code
        );
        // Whatever was decoded is exactly one of the codes, nothing else.
        for d in &decoded {
            assert!(view.badges.iter().any(|b| b.code == *d), "{d:?}");
        }
    }
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn more_than_max_badges_is_an_error() {
    let view = BadgesView {
        badges: vec![Badge::default(); MAX_BADGES + 1],
        ..BadgesView::default()
    };
    let err =
        render_badges(&view, BadgeLayout::OnePerPage, &Fonts::dejavu_sans()).expect_err("too many");
    assert!(err.to_string().contains("paling banyak 20.000"), "{err}");
}

#[test]
fn two_hundred_badges_one_per_page_pass_the_agenda_page_limit_logic() {
    // One page per badge: the badge document's page limit is MAX_BADGES, not 1,000.
    let view = badges(200);
    let bytes =
        render_badges(&view, BadgeLayout::OnePerPage, &Fonts::dejavu_sans()).expect("render");
    let dir = scratch("badges-200");
    let pdf = write_pdf(&dir, "200.pdf", &bytes);
    assert_eq!(page_count(&pdf), 200);
    let _ = std::fs::remove_dir_all(&dir);
}

fn any_text() -> impl Strategy<Value = String> {
    prop_oneof![
        ".{0,40}",
        "[a-zA-Z .,–-]{0,200}",
        Just(String::new()),
        Just("\u{1F389}\u{200D}\u{FE0F}\n\r\t".to_string()),
        Just("W".repeat(300)),
    ]
}

fn any_badge() -> impl Strategy<Value = Badge> {
    (any_text(), any_text(), any_text(), any_text()).prop_map(|(name, opd, role, code)| Badge {
        name,
        opd,
        role,
        code,
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(16))]

    #[test]
    fn arbitrary_badges_never_panic(
        organizer in any_text(),
        event_title in any_text(),
        subtitle in any_text(),
        list in prop::collection::vec(any_badge(), 0..12),
        one in any::<bool>(),
    ) {
        let view = BadgesView { organizer, event_title, subtitle, badges: list };
        let layout = if one { BadgeLayout::OnePerPage } else { BadgeLayout::EightPerPage };
        let bytes = render_badges(&view, layout, &Fonts::dejavu_sans()).expect("render");
        prop_assert!(bytes.starts_with(b"%PDF-"));
    }
}
