//! Renders 1,000 badges (eight per page, and one per page) and prints the time and size.
//!
//! `cargo run -p bintek-docs --release --example badges_timing [COUNT] [OUT.pdf]`
//!
//! The badges of a large workshop must print in well under a second; QR encoding is the
//! hot spot (see shared/notes/pdf.md).

use std::time::Instant;

use bintek_docs::badges::{render_badges, Badge, BadgeLayout, BadgesView, Fonts};

const ALPHABET: &[u8] = b"23456789ABCDEFGHJKLMNPQRSTUVWXYZ";
const FIRST: [&str; 8] = [
    "Siti", "Bambang", "Agus", "Dewi", "Rudi", "Sri", "Yohanes", "Lestari",
];
const LAST: [&str; 8] = [
    "Aminah",
    "Sutrisno Wicaksono",
    "Prasetyo Nugroho",
    "Handayani",
    "Hartono",
    "Wahyuningsih",
    "Krisna Aditya",
    "Purnamasari",
];
const TITLES: [(&str, &str); 4] = [
    ("", ""),
    ("Dr. ", ", M.Si."),
    ("Ir. H. ", ", S.T., M.Eng."),
    ("", ", S.Kom."),
];
const OPDS: [&str; 4] = [
    "Dinas Komunikasi dan Informatika",
    "Badan Perencanaan Pembangunan, Penelitian dan Pengembangan Daerah",
    "Kecamatan Purwodadi",
    "Dinas Kependudukan dan Pencatatan Sipil",
];

fn code(i: usize) -> String {
    // A deterministic spread over the check-in alphabet.
    let mut x = (i as u64 + 1).wrapping_mul(0x9E37_79B9_7F4A_7C15);
    (0..6)
        .map(|_| {
            let c = ALPHABET[(x % ALPHABET.len() as u64) as usize];
            x /= ALPHABET.len() as u64;
            c as char
        })
        .collect()
}

fn main() {
    let mut args = std::env::args().skip(1);
    let count: usize = args.next().and_then(|a| a.parse().ok()).unwrap_or(1_000);
    let out = args.next();
    let view = BadgesView {
        organizer: "PEMERINTAH KABUPATEN GROBOGAN".into(),
        event_title: "Bimbingan Teknis Pengelolaan Media Sosial sebagai Aset Digital Pemerintah"
            .into(),
        subtitle: "Purwodadi, 17–18 September 2019".into(),
        badges: (0..count)
            .map(|i| {
                let (pre, post) = TITLES[i % TITLES.len()];
                Badge {
                    name: format!(
                        "{pre}{} {}{post}",
                        FIRST[i % FIRST.len()],
                        LAST[(i / 8) % LAST.len()]
                    ),
                    opd: OPDS[i % OPDS.len()].into(),
                    role: if i % 50 == 0 { "NARASUMBER" } else { "PESERTA" }.into(),
                    code: code(i),
                }
            })
            .collect(),
    };
    let fonts = Fonts::dejavu_sans();
    for layout in [BadgeLayout::EightPerPage, BadgeLayout::OnePerPage] {
        let started = Instant::now();
        let bytes = render_badges(&view, layout, &fonts).expect("render badges");
        let elapsed = started.elapsed();
        println!(
            "{count} badges {layout:?}: {:.3} s, {:.1} KiB",
            elapsed.as_secs_f64(),
            bytes.len() as f64 / 1024.0
        );
        if let (Some(out), BadgeLayout::EightPerPage) = (&out, layout) {
            std::fs::write(out, &bytes).expect("write pdf");
        }
    }
}
