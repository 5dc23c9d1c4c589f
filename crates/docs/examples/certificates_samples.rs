//! Writes sample certificates to look at: the default template with a short and a very
//! long name, a Vietnamese name, and a template over a background image.
//!
//! `cargo run -p bintek-docs --example certificates_samples -- OUT_DIR [SCRIPT.ttf]`
//!
//! then e.g. `pdftoppm -r 60 -png OUT_DIR/default.pdf OUT_DIR/default`. Another script
//! face can be tried in place of the bundled Great Vibes.

use bintek_docs::certificate::{
    default_template, render_certificates, sample_certificate, sample_common, Align, Background,
    Certificate, CertificateFonts, Field, FieldKind, FontFace, Template, VAlign,
};

/// A 1754 × 1240 PNG "designer's certificate": cream paper, a wide teal band on the left
/// with a gold edge, and a thin gold frame.
fn background_png() -> Vec<u8> {
    let (w, h) = (1754u32, 1240u32);
    let mut rgb = Vec::with_capacity((w * h * 3) as usize);
    for y in 0..h {
        for x in 0..w {
            let (fx, fy) = (x as f32 / w as f32, y as f32 / h as f32);
            let gold = (0.16..0.168).contains(&fx)
                || (fy - 0.045).abs() < 0.002
                || (fy - 0.955).abs() < 0.002
                || (fx - 0.975).abs() < 0.0015;
            let px = if gold {
                [191.0, 155.0, 80.0]
            } else if fx < 0.16 {
                [20.0 + 30.0 * fy, 84.0 + 20.0 * fy, 96.0]
            } else {
                [252.0 - 6.0 * fx, 248.0 - 8.0 * fy, 236.0 - 10.0 * fx * fy]
            };
            rgb.extend(px.map(|v: f32| v.clamp(0.0, 255.0) as u8));
        }
    }
    let mut out = Vec::new();
    {
        let mut enc = png::Encoder::new(&mut out, w, h);
        enc.set_color(png::ColorType::Rgb);
        enc.set_depth(png::BitDepth::Eight);
        let mut writer = enc.write_header().expect("png header");
        writer.write_image_data(&rgb).expect("png data");
    }
    out
}

/// A template laid over [`background_png`]: text in the cream area, left-aligned.
fn custom_template() -> Template {
    let mut t = default_template();
    t.name = "Desain dengan latar".into();
    t.frame = None;
    t.background = Some(Background {
        mime: "image/png".into(),
        data: background_png(),
    });
    let left = 62.0;
    let width = 220.0;
    for f in &mut t.fields {
        match f.kind {
            FieldKind::Signatory(_) | FieldKind::PlaceDate | FieldKind::Qr | FieldKind::Code => {}
            _ => {
                f.x_mm = left;
                f.width_mm = width;
                f.align = Align::Left;
            }
        }
        if f.kind == FieldKind::Name {
            f.color = "#14545f".into();
        }
        if f.kind == FieldKind::Title {
            f.color = "#14545f".into();
            f.letter_spacing_pt = 4.0;
        }
    }
    // The QR code and its code go bottom left of the cream area; the second signatory is
    // dropped in this design.
    t.fields.retain(|f| f.kind != FieldKind::Signatory(1));
    for f in &mut t.fields {
        match f.kind {
            FieldKind::Qr => {
                f.x_mm = left;
                f.y_mm = 150.0;
                f.align = Align::Left;
            }
            FieldKind::Code => {
                f.x_mm = left;
                f.y_mm = 181.0;
                f.width_mm = 30.0;
            }
            _ => {}
        }
    }
    t.fields.push(Field {
        kind: FieldKind::Text,
        x_mm: 5.0,
        y_mm: 90.0,
        width_mm: 38.0,
        height_mm: 30.0,
        font: FontFace::SerifBold,
        size_pt: 20.0,
        min_size_pt: 10.0,
        color: "#f3e3b8".into(),
        align: Align::Center,
        valign: VAlign::Middle,
        letter_spacing_pt: 2.0,
        text: Some("BIMTEK\n2019".into()),
    });
    t
}

fn main() {
    let mut args = std::env::args().skip(1);
    let dir = std::path::PathBuf::from(args.next().unwrap_or_else(|| "/tmp/cert-samples".into()));
    std::fs::create_dir_all(&dir).expect("out dir");
    let mut fonts = CertificateFonts::bundled();
    if let Some(script) = args.next() {
        fonts = fonts.with_script(std::fs::read(script).expect("read script font"));
    }
    let common = sample_common();
    let short = sample_certificate();
    let long = Certificate {
        name: "Prof. Dr. Ir. H. Muhammad Abdurrahman Wicaksono Setyo Budi Hartono, S.T., \
               M.Eng., Ph.D., IPU"
            .into(),
        ..sample_certificate()
    };
    let vietnamese = Certificate {
        name: "Nguyễn Thị Ngọc Ánh".into(),
        role_phrase: "sebagai Narasumber".into(),
        ..sample_certificate()
    };
    let mut long_common = common.clone();
    long_common.event_title = "Bimbingan Teknis Penyusunan Rencana Kerja Perangkat Daerah, \
                               Pengelolaan Keuangan Daerah Berbasis Kinerja dan Penguatan \
                               Sistem Akuntabilitas Kinerja Instansi Pemerintah (SAKIP) bagi \
                               Aparatur Sipil Negara di Lingkungan Pemerintah Kabupaten Grobogan"
        .into();
    let jobs: [(&str, Template, &_, Vec<Certificate>); 4] = [
        ("default", default_template(), &common, vec![short.clone()]),
        ("default-long", default_template(), &long_common, vec![long]),
        ("default-vi", default_template(), &common, vec![vietnamese]),
        ("custom", custom_template(), &common, vec![short]),
    ];
    for (name, template, common, certs) in jobs {
        let bytes = render_certificates(&template, common, &certs, &fonts).expect("render");
        let path = dir.join(format!("{name}.pdf"));
        std::fs::write(&path, bytes).expect("write");
        println!("{}", path.display());
    }
}
