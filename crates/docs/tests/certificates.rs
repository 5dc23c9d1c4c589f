//! Certificate PDFs checked from the outside with poppler-utils (`pdfinfo`, `pdftotext`,
//! `pdffonts`, `pdfimages`, `pdftoppm`) and the QR code with `zbarimg` (zbar-tools) when
//! it is installed; templates as files; Indonesian errors. Page 1 of a few documents is
//! rendered to `tests/e2e/output/certificate-*.png` for a person to look at.

mod poppler;

use std::ops::ControlFlow;

use bintek_docs::certificate::{
    default_template, export_template, import_template, render_batches,
    render_batches_with_progress, render_certificates, render_each, render_preview,
    sample_certificate, sample_common, validate_template, Align, Background, Batch, Certificate,
    CertificateCommon, CertificateFonts, Field, FieldKind, FontFace, PdfError, Template, VAlign,
    SCRIPT_FACE,
};
use poppler::*;
use proptest::prelude::*;

const LONG_NAME: &str = "Prof. Dr. Ir. H. Muhammad Abdurrahman Wicaksono Setyo Budi Hartono, \
                         S.T., M.Eng., Ph.D., IPU";
const VIETNAMESE: &str = "Nguyễn Thị Ngọc Ánh";
const NAMES: [&str; 6] = [
    "Siti Aminah",
    "Bambang Sutrisno",
    "Dewi Lestari, S.E.",
    "Rudi Hartono",
    "Drs. Agus Prasetyo, M.Si.",
    "Yohanes Krisna",
];

fn certs(n: usize) -> Vec<Certificate> {
    (0..n)
        .map(|i| Certificate {
            number: format!("{:03}/BIMTEK/DISKOMINFO/IX/2019", i + 1),
            name: format!("{} {i:02}", NAMES[i % NAMES.len()]),
            role_phrase: if i % 5 == 4 {
                "sebagai Narasumber"
            } else {
                "sebagai Peserta"
            }
            .into(),
            code: format!("KODE{i:04}"),
            qr_payload: format!("https://verifikasi.contoh.id/KODE{i:04}"),
        })
        .collect()
}

/// A deterministic JPEG of `w` × `h` pixels: a gradient with grain.
fn jpeg(w: u16, h: u16) -> Vec<u8> {
    let mut rgb = Vec::with_capacity(usize::from(w) * usize::from(h) * 3);
    let mut seed: u32 = 7;
    for y in 0..h {
        for x in 0..w {
            seed = seed.wrapping_mul(1_103_515_245).wrapping_add(12_345);
            let grain = ((seed >> 16) % 9) as u8;
            rgb.extend([
                230u8.saturating_sub((x / 8) as u8) + grain,
                240u8.saturating_sub((y / 8) as u8) + grain,
                220 + grain,
            ]);
        }
    }
    let mut out = Vec::new();
    jpeg_encoder::Encoder::new(&mut out, 80)
        .encode(&rgb, w, h, jpeg_encoder::ColorType::Rgb)
        .expect("jpeg");
    out
}

/// A deterministic RGBA PNG of 842 × 595 pixels, partly transparent.
fn png_rgba() -> Vec<u8> {
    let (w, h) = (842u32, 595u32);
    let mut data = Vec::with_capacity((w * h * 4) as usize);
    for y in 0..h {
        for x in 0..w {
            let edge = x < 40 || y < 40 || x >= w - 40 || y >= h - 40;
            data.extend(if edge {
                [20, 84, 95, 255]
            } else {
                [250, 246, 232, 200]
            });
        }
    }
    let mut out = Vec::new();
    {
        let mut enc = png::Encoder::new(&mut out, w, h);
        enc.set_color(png::ColorType::Rgba);
        enc.set_depth(png::BitDepth::Eight);
        let mut writer = enc.write_header().expect("png header");
        writer.write_image_data(&data).expect("png data");
    }
    out
}

fn with_background(mime: &str, data: Vec<u8>) -> Template {
    Template {
        name: "Dengan latar".into(),
        background: Some(Background {
            mime: mime.into(),
            data,
        }),
        frame: None,
        ..default_template()
    }
}

/// The distinct image objects of a PDF (`pdfimages -list` repeats a shared image on
/// every page that shows it, with the same object number).
/// Rows of `pdfimages -list`, split into columns.
fn image_rows(pdf: &str) -> Vec<Vec<String>> {
    poppler("pdfimages", &["-list", pdf])
        .lines()
        .skip(2)
        .map(|l| l.split_whitespace().map(str::to_string).collect::<Vec<_>>())
        .filter(|c| c.len() > 11)
        .collect()
}

/// A QR code's image: two colours (indexed), one bit per pixel.
fn is_qr_image(row: &[String]) -> bool {
    row[5] == "index" && row[7] == "1"
}

/// The background images: rows shown and distinct objects (QR codes left out).
fn image_objects(pdf: &str) -> (usize, std::collections::BTreeSet<String>) {
    let rows: Vec<Vec<String>> = image_rows(pdf)
        .into_iter()
        .filter(|r| !is_qr_image(r))
        .collect();
    let objects = rows.iter().map(|c| c[10].clone()).collect();
    (rows.len(), objects)
}

#[test]
fn one_page_per_certificate_with_every_name_and_number_and_subset_fonts() {
    let fonts = CertificateFonts::bundled();
    let dir = scratch("cert-pages");
    let mut list = certs(7);
    list[3].name = LONG_NAME.into();
    let bytes =
        render_certificates(&default_template(), &sample_common(), &list, &fonts).expect("pdf");
    assert!(bytes.starts_with(b"%PDF-"));
    let pdf = write_pdf(&dir, "sertifikat.pdf", &bytes);
    assert_eq!(page_count(&pdf), 7);
    let (w, h) = page_size(&pdf);
    assert!(
        (w - 841.89).abs() < 1.0 && (h - 595.28).abs() < 1.0,
        "{w} x {h}"
    );
    for (i, c) in list.iter().enumerate() {
        let page = squeezed_text(&pdf, Some(i + 1));
        assert!(page.contains(&squeeze(&c.name)), "page {}: {page}", i + 1);
        assert!(page.contains(&c.number), "page {}: {page}", i + 1);
        assert!(page.contains(&c.code), "page {}: {page}", i + 1);
        assert!(page.contains("SERTIFIKAT"), "page {}: {page}", i + 1);
        assert!(page.contains("diberikankepada"), "{page}");
        assert!(page.contains(&squeeze(&c.role_phrase)), "{page}");
        assert!(page.contains("selama16JP"), "{page}");
        assert!(page.contains("NIP.19650312199003"), "{page}");
        assert!(!page.contains('\u{FFFD}'), "{page}");
    }
    // There is no NIK field: no 16-digit number is printed anywhere.
    let all = layout_text(&pdf, None);
    assert!(
        !all.split_whitespace()
            .any(|w| w.len() == 16 && w.bytes().all(|b| b.is_ascii_digit())),
        "{all}"
    );
    let fonts = assert_all_fonts_embedded_and_subset(&pdf);
    // Names are set in the script face: Great Vibes from the npm packages. CI installs
    // them (scripts/setup.sh), so there a build without it is a failure.
    if std::env::var("CI").is_ok_and(|v| v == "true") {
        assert_eq!(SCRIPT_FACE, "Great Vibes", "run scripts/setup.sh (npm ci)");
    }
    let script = if SCRIPT_FACE == "Great Vibes" {
        "+GreatVibes-Regular"
    } else {
        "DejaVuSerif-BoldItalic"
    };
    assert!(fonts.iter().any(|f| f.contains(script)), "{fonts:?}");
    assert!(
        fonts.iter().any(|f| f.ends_with("+DejaVuSerif")),
        "{fonts:?}"
    );
    // The drawn frame is one form object that every page draws.
    let forms = bytes.windows(13).filter(|w| w == b"/Subtype/Form").count();
    assert_eq!(forms, 1, "frame form objects");
    // The drawn frame makes no image; each page has one QR image, sharp (not
    // interpolated), of whole modules (a multiple of four pixels).
    assert_eq!(image_objects(&pdf).0, 0);
    let qrs: Vec<Vec<String>> = image_rows(&pdf)
        .into_iter()
        .filter(|r| is_qr_image(r))
        .collect();
    let pages: Vec<&str> = qrs.iter().map(|r| r[0].as_str()).collect();
    assert_eq!(pages, ["1", "2", "3", "4", "5", "6", "7"], "{qrs:?}");
    for r in &qrs {
        assert_eq!(r[8], "image", "{r:?}");
        assert_eq!(r[9], "no", "interpolation: {r:?}");
        assert_eq!(r[3], r[4], "square: {r:?}");
        assert_eq!(r[3].parse::<usize>().expect("width") % 4, 0, "{r:?}");
    }
    render_pngs(&pdf, "certificate-default", 4, 4);
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn the_very_long_name_is_printed_whole_inside_the_page() {
    let dir = scratch("cert-long");
    let list = vec![Certificate {
        name: LONG_NAME.into(),
        ..sample_certificate()
    }];
    let bytes = render_certificates(
        &default_template(),
        &sample_common(),
        &list,
        &CertificateFonts::bundled(),
    )
    .expect("pdf");
    let pdf = write_pdf(&dir, "panjang.pdf", &bytes);
    assert!(squeezed_text(&pdf, None).contains(&squeeze(LONG_NAME)));
    assert!(!layout_text(&pdf, None).contains('…'), "nothing is cut");
    // Every word inside the inner border (12.6 mm = 35.7 pt from each edge).
    for (_, text, [x0, y0, x1, y1]) in word_boxes(&pdf) {
        assert!(
            x0 >= 35.0 && x1 <= 841.89 - 35.0 && y0 >= 35.0 && y1 <= 595.28 - 35.0,
            "{text:?} at {x0},{y0}..{x1},{y1}"
        );
    }
    let _ = std::fs::remove_dir_all(&dir);
}

/// DejaVu Serif Bold Italic cut down to printable ASCII: a "script" face that lacks every
/// Vietnamese letter, like many script fonts.
fn latin_only_face() -> Vec<u8> {
    use allsorts::binary::read::ReadScope;
    use allsorts::font_data::FontData;
    use allsorts::subset::{subset, CmapTarget, SubsetProfile};
    let bytes = dejavu::serif::bold_italic();
    let mut warnings = Vec::new();
    let parsed = printpdf::ParsedFont::from_bytes(bytes, 0, &mut warnings).expect("parse");
    let mut glyphs: Vec<u16> = vec![0];
    for c in ' '..='~' {
        if let Some(g) = parsed.lookup_glyph_index(u32::from(c)) {
            if !glyphs.contains(&g) {
                glyphs.push(g);
            }
        }
    }
    let scope = ReadScope::new(bytes);
    let font = scope.read::<FontData<'_>>().expect("font data");
    let provider = font.table_provider(0).expect("provider");
    subset(
        &provider,
        &glyphs,
        &SubsetProfile::Minimal,
        CmapTarget::Unicode,
    )
    .expect("subset")
}

#[test]
fn a_vietnamese_name_prints_whole_even_in_a_face_without_its_letters() {
    let dir = scratch("cert-vi");
    let list = vec![Certificate {
        name: VIETNAMESE.into(),
        ..sample_certificate()
    }];
    let latin_only = latin_only_face();
    for (label, fonts) in [
        ("bundled", CertificateFonts::bundled()),
        (
            "latin-only script",
            CertificateFonts::bundled().with_script(latin_only.clone()),
        ),
    ] {
        let bytes =
            render_certificates(&default_template(), &sample_common(), &list, &fonts).expect("pdf");
        let pdf = write_pdf(&dir, "vi.pdf", &bytes);
        let text = layout_text(&pdf, None);
        assert!(!text.contains('\u{FFFD}'), "{label}: {text}");
        assert!(
            squeeze(&text).contains(&squeeze(VIETNAMESE)),
            "{label}: {text}"
        );
        let fonts = assert_all_fonts_embedded_and_subset(&pdf);
        if label == "latin-only script" {
            // The ASCII letters come from the script face, the rest from DejaVu Sans.
            assert!(
                fonts.iter().any(|f| f.ends_with("+DejaVuSans")),
                "{fonts:?}"
            );
            render_pngs(&pdf, "certificate-vietnamese-fallback", 1, 1);
        }
    }
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_background_is_one_image_object_for_fifty_pages() {
    let dir = scratch("cert-bg");
    let list = certs(50);
    for (mime, data, enc) in [
        ("image/jpeg", jpeg(842, 596), "jpeg"),
        ("image/png", png_rgba(), "image"),
    ] {
        let template = with_background(mime, data);
        let bytes = render_certificates(
            &template,
            &sample_common(),
            &list,
            &CertificateFonts::bundled(),
        )
        .expect("pdf");
        let pdf = write_pdf(&dir, "latar.pdf", &bytes);
        assert_eq!(page_count(&pdf), 50);
        let (rows, objects) = image_objects(&pdf);
        let list_out = poppler("pdfimages", &["-list", &pdf]);
        // One image object shown on all 50 pages (plus its soft mask for the PNG).
        match mime {
            "image/jpeg" => {
                assert_eq!((rows, objects.len()), (50, 1), "{list_out}");
                assert!(list_out.contains(enc), "{list_out}");
            }
            _ => {
                // pdfimages lists the soft mask under its image's object number.
                assert_eq!((rows, objects.len()), (100, 1), "{list_out}");
                assert!(list_out.contains("smask"), "{list_out}");
            }
        }
        // Full size: not downscaled.
        let first = list_out.lines().nth(2).expect("a row");
        assert!(
            first.contains(" 842 ") || first.contains(" 842  "),
            "{first}"
        );
        assert!(
            squeezed_text(&pdf, Some(50)).contains(&squeeze(&list[49].name)),
            "{mime}"
        );
        if mime == "image/png" {
            render_pngs(&pdf, "certificate-background", 1, 1);
        }
    }
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn batches_with_their_own_templates_share_one_background() {
    let dir = scratch("cert-batches");
    let participants = with_background("image/jpeg", jpeg(842, 596));
    let mut speakers = participants.clone();
    speakers.name = "Narasumber".into();
    speakers.fields.push(Field {
        kind: FieldKind::Text,
        x_mm: 30.0,
        y_mm: 136.0,
        width_mm: 237.0,
        height_mm: 6.0,
        font: FontFace::SerifItalic,
        size_pt: 10.0,
        min_size_pt: 8.0,
        color: "#444444".into(),
        align: Align::Center,
        valign: VAlign::Middle,
        letter_spacing_pt: 0.0,
        text: Some("Terima kasih atas materi yang disampaikan, {nama}.".into()),
    });
    let a = certs(3);
    let b = certs(2);
    let bytes = render_batches(
        &[
            Batch {
                template: &participants,
                certificates: &a,
            },
            Batch {
                template: &speakers,
                certificates: &b,
            },
        ],
        &sample_common(),
        &CertificateFonts::bundled(),
    )
    .expect("pdf");
    let pdf = write_pdf(&dir, "campuran.pdf", &bytes);
    assert_eq!(page_count(&pdf), 5);
    assert_eq!(image_objects(&pdf).1.len(), 1);
    assert!(!squeezed_text(&pdf, Some(3)).contains("Terimakasih"));
    let page4 = squeezed_text(&pdf, Some(4));
    assert!(
        page4.contains(&squeeze(&format!(
            "Terima kasih atas materi yang disampaikan, {}.",
            b[0].name
        ))),
        "{page4}"
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn the_qr_code_on_page_one_decodes_to_its_payload() {
    if zbar_missing() {
        return;
    }
    let dir = scratch("cert-qr");
    let list = certs(3);
    for (name, template) in [
        ("default", default_template()),
        ("background", with_background("image/jpeg", jpeg(842, 596))),
    ] {
        let bytes = render_certificates(
            &template,
            &sample_common(),
            &list,
            &CertificateFonts::bundled(),
        )
        .expect("pdf");
        let pdf = write_pdf(&dir, "qr.pdf", &bytes);
        let decoded = qr_codes_on_page_one(&dir, &pdf);
        let decoded: Vec<&str> = decoded.iter().map(String::as_str).collect();
        assert_eq!(decoded, vec![list[0].qr_payload.as_str()], "{name}");
    }
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn one_pdf_reports_each_page_and_stops_when_cancelled() {
    let list = certs(9);
    let template = default_template();
    let batch = [Batch {
        template: &template,
        certificates: &list,
    }];
    let fonts = CertificateFonts::bundled();
    let mut seen = Vec::new();
    let bytes = render_batches_with_progress(&batch, &sample_common(), &fonts, |n| {
        seen.push(n);
        ControlFlow::Continue(())
    })
    .expect("pdf");
    assert!(bytes.starts_with(b"%PDF-"));
    assert_eq!(seen, (1..=9).collect::<Vec<_>>());

    let mut calls = 0;
    let result = render_batches_with_progress(&batch, &sample_common(), &fonts, |_| {
        calls += 1;
        if calls == 4 {
            ControlFlow::Break(())
        } else {
            ControlFlow::Continue(())
        }
    });
    assert!(matches!(result, Err(PdfError::Cancelled)), "{result:?}");
    assert_eq!(calls, 4, "no page after the cancel");
}

#[test]
fn one_pdf_per_person_in_order_and_cancellable() {
    let dir = scratch("cert-each");
    let list = certs(12);
    let template = with_background("image/jpeg", jpeg(842, 596));
    let fonts = CertificateFonts::bundled();
    let mut got = Vec::new();
    render_each(&template, &sample_common(), &list, &fonts, |i, pdf| {
        got.push((i, pdf));
        ControlFlow::Continue(())
    })
    .expect("render each");
    assert_eq!(
        got.iter().map(|(i, _)| *i).collect::<Vec<_>>(),
        (0..12).collect::<Vec<_>>()
    );
    for (i, bytes) in [&got[0], &got[11]] {
        let pdf = write_pdf(&dir, &format!("{i}.pdf"), bytes);
        assert_eq!(page_count(&pdf), 1);
        let text = squeezed_text(&pdf, None);
        assert!(text.contains(&squeeze(&list[*i].name)), "{text}");
        assert!(text.contains(&list[*i].number), "{text}");
        assert_eq!(image_objects(&pdf).1.len(), 1);
        assert_all_fonts_embedded_and_subset(&pdf);
    }
    let mut calls = 0;
    let result = render_each(&template, &sample_common(), &list, &fonts, |_, _| {
        calls += 1;
        if calls == 3 {
            ControlFlow::Break(())
        } else {
            ControlFlow::Continue(())
        }
    });
    assert_eq!(result, Err(PdfError::Cancelled));
    assert_eq!(calls, 3);
    assert_eq!(
        PdfError::Cancelled.to_string(),
        "Pembuatan dokumen dibatalkan."
    );
    let mut none = 0;
    render_each(&template, &sample_common(), &[], &fonts, |_, _| {
        none += 1;
        ControlFlow::Continue(())
    })
    .expect("empty");
    assert_eq!(none, 0);
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn no_certificates_is_one_page_saying_so_and_preview_uses_sample_data() {
    let dir = scratch("cert-empty");
    let fonts = CertificateFonts::bundled();
    let bytes =
        render_certificates(&default_template(), &sample_common(), &[], &fonts).expect("pdf");
    let pdf = write_pdf(&dir, "kosong.pdf", &bytes);
    assert_eq!(page_count(&pdf), 1);
    assert!(layout_text(&pdf, None).contains("Belum ada sertifikat."));
    // The preview renders even a template with mistakes in it.
    let mut template = default_template();
    template.fields[0].x_mm = 290.0;
    template.fields[1].size_pt = 500.0;
    assert!(validate_template(&template).is_err());
    let bytes = render_preview(&template, &sample_common(), &sample_certificate(), &fonts)
        .expect("preview");
    let pdf = write_pdf(&dir, "pratinjau.pdf", &bytes);
    assert_eq!(page_count(&pdf), 1);
    assert!(squeezed_text(&pdf, None).contains(&squeeze(&sample_certificate().name)));
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_template_file_round_trips_with_its_background() {
    let template = with_background("image/jpeg", jpeg(842, 596));
    let json = export_template(&template);
    assert!(
        json.contains("\"mime\": \"image/jpeg\""),
        "{}",
        &json[..300]
    );
    assert!(json.contains("\"data\": \"/9j/"), "base64 of a JPEG");
    let back = import_template(json.as_bytes()).expect("import");
    assert_eq!(back, template);
    let plain = default_template();
    assert_eq!(
        import_template(export_template(&plain).as_bytes()).expect("import"),
        plain
    );
    // A byte-order mark (Windows Notepad) is tolerated.
    let mut bom = b"\xEF\xBB\xBF".to_vec();
    bom.extend_from_slice(export_template(&plain).as_bytes());
    assert_eq!(import_template(&bom).expect("import"), plain);
}

fn messages(result: Result<Template, Vec<bintek_docs::certificate::TemplateError>>) -> String {
    result
        .expect_err("refused")
        .iter()
        .map(|e| e.message.clone())
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn invalid_templates_are_refused_with_indonesian_messages() {
    let mut t = default_template();
    let name = t
        .fields
        .iter()
        .position(|f| f.kind == FieldKind::Name)
        .expect("name");
    let qr = t
        .fields
        .iter()
        .position(|f| f.kind == FieldKind::Qr)
        .expect("qr");
    t.fields[name].size_pt = 200.0;
    t.fields[qr].x_mm = 280.0;
    t.fields[0].color = "biru".into();
    let mut text = t.fields[0].clone();
    text.kind = FieldKind::Text;
    text.text = Some("Halo {nama} dari {opd}".into());
    t.fields.push(text);
    let errors = validate_template(&t).expect_err("invalid");
    let all: Vec<&str> = errors.iter().map(|e| e.message.as_str()).collect();
    assert!(
        all.contains(&"Kolom Nama: ukuran huruf harus antara 6 dan 120 pt."),
        "{all:#?}"
    );
    assert!(
        all.contains(&"Kolom QR berada di luar halaman (297 × 210 mm)."),
        "{all:#?}"
    );
    assert!(
        all.iter()
            .any(|m| m.starts_with("Kolom Instansi: warna harus berupa kode #rrggbb")),
        "{all:#?}"
    );
    assert!(
        all.iter()
            .any(|m| m.starts_with("Kolom Teks: penanda {opd} tidak dikenal")),
        "{all:#?}"
    );
    let fields: Vec<Option<usize>> = errors.iter().map(|e| e.field).collect();
    assert!(fields.contains(&Some(name)) && fields.contains(&Some(qr)));
    // The same problems stop rendering, with the messages in the error.
    let err = render_certificates(
        &t,
        &sample_common(),
        &[sample_certificate()],
        &CertificateFonts::bundled(),
    )
    .expect_err("invalid template");
    let err = err.to_string();
    assert!(
        err.starts_with("Templat sertifikat tidak dapat dipakai. Kolom Instansi: warna"),
        "{err}"
    );
    assert!(err.contains(" Kolom Nama: ukuran huruf"), "{err}");

    let mut no_name = default_template();
    no_name.fields.retain(|f| f.kind != FieldKind::Name);
    no_name.name = " ".into();
    let m = messages(import_template(export_template(&no_name).as_bytes()));
    assert!(m.contains("Templat harus memuat kolom Nama."), "{m}");
    assert!(m.contains("Nama templat wajib diisi."), "{m}");

    let m = messages(import_template(b"{\"bukan\": \"templat\"}"));
    assert!(
        m.starts_with("Berkas ini bukan templat sertifikat yang sah"),
        "{m}"
    );
    let m = messages(import_template(b"\x89PNG\r\n\x1a\n"));
    assert!(m.contains("bukan templat sertifikat"), "{m}");
}

#[test]
fn backgrounds_that_are_not_usable_images_are_refused() {
    let cases: [(&str, Vec<u8>, &str); 5] = [
        (
            "image/png",
            b"%PDF-1.7 bukan gambar".to_vec(),
            "bukan gambar PNG atau JPEG",
        ),
        ("image/png", jpeg(842, 596), "tidak sesuai dengan isinya"),
        ("image/jpeg", jpeg(400, 283), "terlalu kecil"),
        ("image/jpeg", jpeg(800, 800), "A4 mendatar"),
        (
            "image/jpeg",
            {
                let mut j = jpeg(842, 596);
                j.truncate(j.len() / 2);
                j
            },
            "rusak atau terpotong",
        ),
    ];
    for (mime, data, expected) in cases {
        let template = with_background(mime, data);
        let m = messages(import_template(export_template(&template).as_bytes()));
        assert!(m.starts_with("Gambar latar tidak dapat dipakai: "), "{m}");
        assert!(m.contains(expected), "{expected}: {m}");
        let err = render_certificates(
            &template,
            &sample_common(),
            &[sample_certificate()],
            &CertificateFonts::bundled(),
        )
        .expect_err("refused");
        assert!(err.to_string().contains(expected), "{err}");
    }
    // Chunks intact, pixel data garbled: refused at import, and at print.
    let mut garbled = png_rgba();
    let middle = garbled.len() / 2;
    for b in &mut garbled[middle..middle + 64] {
        *b ^= 0x5A;
    }
    let template = with_background("image/png", garbled);
    let m = messages(import_template(export_template(&template).as_bytes()));
    assert!(m.contains("PNG-nya rusak"), "{m}");
    let err = render_certificates(
        &template,
        &sample_common(),
        &[sample_certificate()],
        &CertificateFonts::bundled(),
    )
    .expect_err("refused");
    assert!(matches!(err, PdfError::InvalidBackground { .. }), "{err}");
    let mut big = with_background("image/jpeg", jpeg(842, 596));
    if let Some(bg) = big.background.as_mut() {
        bg.data.resize(5 * 1024 * 1024 + 1, 0);
    }
    let m = messages(import_template(export_template(&big).as_bytes()));
    assert!(m.contains("paling besar 5 MB"), "{m}");
}

fn any_text() -> impl Strategy<Value = String> {
    prop_oneof![
        ".{0,30}",
        "[a-zA-Z .,–{}-]{0,160}",
        Just(String::new()),
        Just("\u{1F389}\u{200D}\u{FE0F}\n\r\tשלום Nguyễn".to_string()),
        Just("W".repeat(300)),
    ]
}

fn any_field() -> impl Strategy<Value = Field> {
    (
        0usize..14,
        (
            -20.0f32..320.0,
            -20.0f32..230.0,
            0.0f32..300.0,
            0.0f32..220.0,
        ),
        0usize..6,
        (0.0f32..150.0, 0.0f32..150.0, 0.0f32..30.0),
        prop::option::of(any_text()),
        any::<bool>(),
    )
        .prop_map(
            |(kind, (x, y, w, h), font, (size, min, spacing), text, left)| {
                let kinds = [
                    FieldKind::Agency,
                    FieldKind::Title,
                    FieldKind::Number,
                    FieldKind::GivenTo,
                    FieldKind::Name,
                    FieldKind::RolePhrase,
                    FieldKind::EventTitle,
                    FieldKind::EventDetail,
                    FieldKind::Jp,
                    FieldKind::PlaceDate,
                    FieldKind::Signatory((kind % 3) as u8),
                    FieldKind::Qr,
                    FieldKind::Code,
                    FieldKind::Text,
                ];
                Field {
                    kind: kinds[kind],
                    x_mm: x,
                    y_mm: y,
                    width_mm: w,
                    height_mm: h,
                    font: FontFace::ALL[font],
                    size_pt: size,
                    min_size_pt: min,
                    color: if left { "#123456" } else { "nonsense" }.into(),
                    align: if left { Align::Left } else { Align::Right },
                    valign: if left { VAlign::Bottom } else { VAlign::Top },
                    letter_spacing_pt: spacing,
                    text,
                }
            },
        )
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(12))]

    #[test]
    fn random_templates_and_texts_never_panic(
        fields in prop::collection::vec(any_field(), 0..10),
        name in any_text(),
        title in any_text(),
        position in any_text(),
        payload in any_text(),
    ) {
        let mut template = default_template();
        template.fields.extend(fields);
        let common = CertificateCommon {
            event_title: title,
            signatories: vec![bintek_docs::certificate::Signer {
                position,
                name: name.clone(),
                rank: String::new(),
                nip: payload.clone(),
            }],
            ..sample_common()
        };
        let cert = Certificate {
            name,
            qr_payload: payload,
            ..sample_certificate()
        };
        let fonts = CertificateFonts::bundled();
        // Any event data too: the preview shows what an event holds.
        let preview =
            render_preview(&template, &common, &cert, &fonts).expect("preview never fails");
        prop_assert!(preview.starts_with(b"%PDF-"));
        match render_certificates(&template, &common, &[cert], &fonts) {
            Ok(bytes) => prop_assert!(bytes.starts_with(b"%PDF-")),
            Err(e) => prop_assert!(matches!(e, PdfError::InvalidTemplate { .. }), "{e}"),
        }
    }
}

/// The font programs embedded in a PDF, by descriptor: (font name without its subset
/// tag, stream length, a hash of the stream).
fn font_programs(bytes: &[u8]) -> Vec<(String, usize, u64)> {
    use std::hash::{Hash, Hasher};
    let doc = lopdf::Document::load_mem(bytes).expect("lopdf reads it");
    let mut out = Vec::new();
    for object in doc.objects.values() {
        let Ok(dict) = object.as_dict() else { continue };
        if dict.get(b"Type").and_then(|t| t.as_name()).ok() != Some(b"FontDescriptor") {
            continue;
        }
        let name = String::from_utf8_lossy(
            dict.get(b"FontName")
                .and_then(|n| n.as_name())
                .expect("name"),
        );
        let name = name.split_once('+').map_or(&*name, |(_, n)| n).to_string();
        let file = dict
            .get(b"FontFile2")
            .or_else(|_| dict.get(b"FontFile3"))
            .and_then(|r| r.as_reference())
            .expect("embedded");
        let stream = doc
            .get_object(file)
            .and_then(|s| s.as_stream())
            .expect("stream");
        let mut hash = std::collections::hash_map::DefaultHasher::new();
        stream.content.hash(&mut hash);
        out.push((name, stream.content.len(), hash.finish()));
    }
    out.sort();
    out
}

/// One PDF per person: every document of the job embeds the same subset of each face
/// (made once for the whole job), still named and read as a subset, and every name —
/// a Vietnamese one too — prints and extracts as typed.
#[test]
fn one_pdf_per_person_shares_one_subset_of_each_face() {
    let dir = scratch("cert-each-fonts");
    let mut list = certs(12);
    list[7].name = VIETNAMESE.into();
    let template = default_template();
    let fonts = CertificateFonts::bundled();
    let mut got = Vec::new();
    render_each(&template, &sample_common(), &list, &fonts, |_, pdf| {
        got.push(pdf);
        ControlFlow::Continue(())
    })
    .expect("render each");
    let first = font_programs(&got[0]);
    assert!(
        first.len() >= 2,
        "{:?}",
        first.iter().map(|f| &f.0).collect::<Vec<_>>()
    );
    for (i, bytes) in got.iter().enumerate() {
        assert_eq!(
            font_programs(bytes),
            first,
            "document {i} embeds other font programs"
        );
        let pdf = write_pdf(&dir, &format!("{i}.pdf"), bytes);
        let names = assert_all_fonts_embedded_and_subset(&pdf);
        assert!(names.iter().all(|n| n.contains('+')), "{names:?}");
        let text = squeezed_text(&pdf, None);
        assert!(text.contains(&squeeze(&list[i].name)), "{i}: {text}");
        assert!(text.contains(&list[i].number), "{text}");
    }
    // The same document rendered alone (its faces subset to its own glyphs) reads the same.
    let alone =
        render_certificates(&template, &sample_common(), &list[7..8], &fonts).expect("alone");
    let alone = write_pdf(&dir, "alone.pdf", &alone);
    let each = format!("{}/7.pdf", dir.display());
    assert_eq!(squeezed_text(&each, None), squeezed_text(&alone, None));
    let drawn = |pdf: &str, prefix: &str| {
        let png = render_pngs(pdf, prefix, 1, 1);
        std::fs::read(&png[0]).expect("png")
    };
    assert!(
        drawn(&each, "cert-each-7") == drawn(&alone, "cert-alone-7"),
        "the page looks the same with the job's fonts"
    );
}

/// Names that together use more glyphs than a shared subset should hold (many scripts, or
/// a hostile list): each document is subset to its own glyphs again, and still prints.
#[test]
fn one_pdf_per_person_of_many_scripts_subsets_each_document() {
    let dir = scratch("cert-each-scripts");
    let ranges = [
        0x0100..0x0180,
        0x0391..0x03CA,
        0x0410..0x0450,
        0x1E00..0x1EFA,
    ];
    let all: Vec<char> = ranges
        .into_iter()
        .flatten()
        .filter_map(char::from_u32)
        .filter(|c| c.is_alphabetic())
        .collect();
    let mut list = certs(12);
    for (i, cert) in list.iter_mut().enumerate() {
        let first: String = all.iter().skip(i * 60).take(30).collect();
        let last: String = all.iter().skip(i * 60 + 30).take(30).collect();
        cert.name = format!("{first} {last}");
    }
    let fonts = CertificateFonts::bundled();
    let mut got = Vec::new();
    render_each(
        &default_template(),
        &sample_common(),
        &list,
        &fonts,
        |_, pdf| {
            got.push(pdf);
            ControlFlow::Continue(())
        },
    )
    .expect("render each");
    // A face both documents embed is a subset of its own in each.
    let (a, b) = (font_programs(&got[0]), font_programs(&got[1]));
    let shared: Vec<_> = a
        .iter()
        .filter_map(|x| b.iter().find(|y| y.0 == x.0).map(|y| (x, y)))
        .collect();
    assert!(!shared.is_empty(), "{a:?} {b:?}");
    assert!(shared.iter().any(|(x, y)| x != y), "{shared:?}");
    for i in [0, 11] {
        let pdf = write_pdf(&dir, &format!("{i}.pdf"), &got[i]);
        assert_all_fonts_embedded_and_subset(&pdf);
        let text = squeezed_text(&pdf, None);
        assert!(text.contains(&squeeze(&list[i].name)), "{i}: {text}");
    }
}
