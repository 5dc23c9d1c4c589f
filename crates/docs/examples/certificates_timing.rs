//! Renders 1,000 certificates with QR codes over a ~500 KB JPEG background into one PDF,
//! then the same certificates as one PDF per person, and prints times and sizes.
//!
//! `cargo run -p bintek-docs --release --example certificates_timing [COUNT] [OUT.pdf] [BG.jpg]`
//!
//! (BG.jpg: where to write the generated background, e.g. for the reportlab script.)
//!
//! Target on a 2-core machine: one PDF of 1,000 in under 0.6 s and under 3 MB. The
//! background is generated, deterministically (`sample_background_jpeg`, the same as
//! `bintek bench` uses), so the run needs no files. The same job in Python with reportlab
//! is `examples/certificates_reportlab.py`.

use std::ops::ControlFlow;
use std::time::{Duration, Instant};

use bintek_docs::certificate::{
    default_template, render_certificates_timed, render_each, sample_background_jpeg, Background,
    Certificate, CertificateCommon, CertificateFonts, Signer, Template,
};

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
const ALPHABET: &[u8] = b"23456789ABCDEFGHJKLMNPQRSTUVWXYZ";

/// A deterministic verification code.
fn code(i: usize) -> String {
    let mut x = (i as u64 + 1).wrapping_mul(0x9E37_79B9_7F4A_7C15);
    (0..8)
        .map(|_| {
            let c = ALPHABET[(x % ALPHABET.len() as u64) as usize];
            x /= ALPHABET.len() as u64;
            c as char
        })
        .collect()
}

fn common() -> CertificateCommon {
    CertificateCommon {
        agency: vec![
            "PEMERINTAH KABUPATEN GROBOGAN".into(),
            "DINAS KOMUNIKASI DAN INFORMATIKA".into(),
        ],
        event_title: "Bimbingan Teknis Pengelolaan Media Sosial sebagai Sarana Komunikasi \
                      Publik Pemerintah Daerah"
            .into(),
        event_detail: "Purwodadi, 17–18 September 2019 · Gedung Riptaloka".into(),
        jp: Some("16 JP".into()),
        place_date: "Purwodadi, 18 September 2019".into(),
        signatories: vec![Signer {
            position: "Kepala Dinas Komunikasi dan Informatika\nKabupaten Grobogan".into(),
            name: "Drs. H. Moh. Sumarsono, M.Si.".into(),
            rank: "Pembina Utama Muda (IV/c)".into(),
            nip: "196503121990031005".into(),
        }],
        back_page: None,
        logo: None,
    }
}

fn certificates(count: usize) -> Vec<Certificate> {
    (0..count)
        .map(|i| {
            let (pre, post) = TITLES[i % TITLES.len()];
            let code = code(i);
            Certificate {
                number: format!("{:03}/BIMTEK/DISKOMINFO/IX/2019", i + 1),
                name: format!(
                    "{pre}{} {}{post}",
                    FIRST[i % FIRST.len()],
                    LAST[(i / 8) % LAST.len()]
                ),
                role_phrase: if i % 50 == 0 {
                    "sebagai Narasumber"
                } else {
                    "sebagai Peserta"
                }
                .into(),
                qr_payload: format!("https://verifikasi.contoh.id/{code}"),
                code,
            }
        })
        .collect()
}

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}

fn main() {
    let mut args = std::env::args().skip(1);
    let count: usize = args.next().and_then(|a| a.parse().ok()).unwrap_or(1_000);
    let out = args.next();
    let jpeg = sample_background_jpeg();
    if let Some(path) = args.next() {
        std::fs::write(path, &jpeg).expect("write background");
    }
    println!("background: JPEG {:.0} KiB", jpeg.len() as f64 / 1024.0);
    let template = Template {
        name: "Dengan latar".into(),
        background: Some(Background {
            mime: "image/jpeg".into(),
            data: jpeg,
        }),
        frame: None,
        ..default_template()
    };
    let common = common();
    let certs = certificates(count);
    let fonts = CertificateFonts::bundled();

    let mut walls = Vec::new();
    let mut last = None;
    for _ in 0..5 {
        let started = Instant::now();
        let (bytes, timings) =
            render_certificates_timed(&template, &common, &certs, &fonts).expect("render");
        walls.push(started.elapsed());
        last = Some((bytes, timings));
    }
    let (bytes, t) = last.expect("ran");
    println!(
        "{count} certificates, one PDF: {:.3} s median of 5 (setup {:.3}, QR {:.3}, layout \
         {:.3}, save {:.3} in the last run), {:.2} MB",
        median(walls).as_secs_f64(),
        t.setup.as_secs_f64(),
        t.qr.as_secs_f64(),
        t.layout.as_secs_f64(),
        t.save.as_secs_f64(),
        bytes.len() as f64 / 1_000_000.0
    );
    if let Some(out) = &out {
        std::fs::write(out, &bytes).expect("write pdf");
    }

    let started = Instant::now();
    let mut total = 0usize;
    let mut files = 0usize;
    render_each(&template, &common, &certs, &fonts, |_, pdf| {
        total += pdf.len();
        files += 1;
        ControlFlow::Continue(())
    })
    .expect("render each");
    println!(
        "{files} certificates, one PDF each: {:.3} s, {:.1} MB in all ({:.0} KiB each)",
        started.elapsed().as_secs_f64(),
        total as f64 / 1_000_000.0,
        total as f64 / files.max(1) as f64 / 1024.0
    );
}
