//! Layout-level tests: what lands where, before any PDF is written.

use fast_qr::{QRBuilder, ECL};
use printpdf::PdfDocument;

use super::fonts::{Faces, FALLBACK, FALLBACK_BOLD};
use super::layout::{
    fit_block, fit_name, format_nip, layout_field, qr_bitmap, varies_per_certificate, Bounds,
    Items, Values, LINE,
};
use super::*;
use crate::badges::{encode, QUIET_ZONE};

fn faces() -> (PdfDocument, Faces) {
    let mut doc = PdfDocument::new("t");
    let faces = Faces::load(&mut doc, &CertificateFonts::bundled()).expect("fonts");
    (doc, faces)
}

fn field(template: &Template, kind: FieldKind) -> Field {
    template
        .fields
        .iter()
        .find(|f| f.kind == kind)
        .cloned()
        .expect("field in the default template")
}

const LONG_NAME: &str = "Prof. Dr. Ir. H. Muhammad Abdurrahman Wicaksono Setyo Budi Hartono, \
                         S.T., M.Eng., Ph.D., IPU";

/// Every run of `items` lies inside `b` (ascent to descent, start to end).
fn assert_inside(items: &Items, faces: &Faces, b: Bounds, what: &str) {
    assert!(!items.runs.is_empty(), "{what}: nothing drawn");
    for run in &items.runs {
        let face = faces.slot(run.slot);
        let width = face.width(&run.text, run.size)
            + run.spacing * run.text.chars().count().saturating_sub(1) as f32;
        assert!(
            run.x >= b.x - 0.05 && run.x + width <= b.x + b.w + 0.05,
            "{what}: {:?} from {} to {} outside {}..{}",
            run.text,
            run.x,
            run.x + width,
            b.x,
            b.x + b.w
        );
        assert!(
            run.baseline - face.ascent(run.size) >= b.y - 0.05
                && run.baseline + face.descent(run.size) <= b.y + b.h + 0.05,
            "{what}: {:?} at baseline {} outside {}..{}",
            run.text,
            run.baseline,
            b.y,
            b.y + b.h
        );
    }
}

fn joined(items: &Items) -> String {
    let mut lines: Vec<(u32, String)> = Vec::new();
    for run in &items.runs {
        match lines.last_mut() {
            Some((y, text)) if *y == run.baseline.to_bits() => text.push_str(&run.text),
            _ => lines.push((run.baseline.to_bits(), run.text.clone())),
        }
    }
    lines
        .into_iter()
        .map(|(_, t)| t)
        .collect::<Vec<_>>()
        .join(" ")
}

#[test]
fn a_very_long_name_stays_inside_its_box_on_two_lines() {
    let (_doc, faces) = faces();
    let template = default_template();
    let name = field(&template, FieldKind::Name);
    let common = sample_common();
    for text in [
        LONG_NAME,
        "Siti Aminah",
        "W",
        "Raden Mas Haryo Bagus Kusumawardhana Wicaksono Adiningrat",
    ] {
        let cert = Certificate {
            name: text.into(),
            ..sample_certificate()
        };
        let mut items = Items::default();
        layout_field(
            &faces,
            &name,
            &Values::new(&common, Some(&cert)),
            None,
            &mut items,
        );
        assert_inside(&items, &faces, Bounds::of(&name), text);
        assert_eq!(joined(&items), text, "the whole name, in order");
        let sizes: Vec<f32> = items.runs.iter().map(|r| r.size).collect();
        assert!(sizes
            .iter()
            .all(|&s| s >= name.min_size_pt && s <= name.size_pt));
    }
    // The long name takes two lines of about equal length, larger than the minimum.
    let chain = faces.chain(name.font);
    let b = Bounds::of(&name);
    let (size, lines) = fit_name(
        chain,
        LONG_NAME,
        b.w,
        b.h,
        name.size_pt,
        name.min_size_pt,
        0.0,
    );
    assert_eq!(lines.len(), 2, "{lines:?}");
    assert!(size > name.min_size_pt, "{size}");
    let (a, c) = (
        chain.line_width(&lines[0], 1.0, 0.0),
        chain.line_width(&lines[1], 1.0, 0.0),
    );
    assert!((a - c).abs() / a.max(c) < 0.35, "balanced: {lines:?}");
    // A short name stays on one line at full size.
    let (size, lines) = fit_name(chain, "Siti Aminah", b.w, b.h, 34.0, 18.0, 0.0);
    assert_eq!((size, lines.len()), (34.0, 1));
}

#[test]
fn a_name_too_long_for_two_lines_wraps_further_and_is_never_cut() {
    let (_doc, faces) = faces();
    let chain = faces.chain(FontFace::Script);
    let name = "Raden Mas Haryo Bagus Kusumawardhana Wicaksono Adiningrat ".repeat(6);
    let (size, lines) = fit_name(chain, &name, 300.0, 60.0, 34.0, 18.0, 0.0);
    assert_eq!(size, 18.0);
    assert!(lines.len() > 2, "{lines:?}");
    assert_eq!(
        lines.join(" "),
        name.split_whitespace().collect::<Vec<_>>().join(" ")
    );
    assert!(lines
        .iter()
        .all(|l| chain.line_width(l, size, 0.0) <= 300.01));
}

#[test]
fn titles_shrink_then_wrap_and_keep_every_word() {
    let (_doc, faces) = faces();
    let chain = faces.chain(FontFace::SerifBold);
    let title = "Bimbingan Teknis Penyusunan Rencana Kerja Perangkat Daerah, Pengelolaan \
                 Keuangan Daerah Berbasis Kinerja dan Penguatan SAKIP";
    let (size, lines) = fit_block(chain, title, 600.0, 45.0, 16.0, 10.0, 0.0);
    assert!((10.0..16.0).contains(&size), "{size}");
    assert!(lines.len() as f32 * size * LINE <= 45.01);
    assert_eq!(
        lines.join(" ").split_whitespace().collect::<Vec<_>>(),
        title.split_whitespace().collect::<Vec<_>>()
    );
    // Far too long for the box: the minimum size, every word still there (past the box).
    let huge = title.repeat(8);
    let (size, lines) = fit_block(chain, &huge, 600.0, 45.0, 16.0, 10.0, 0.0);
    assert_eq!(size, 10.0);
    assert_eq!(
        lines.join(" ").split_whitespace().count(),
        huge.split_whitespace().count()
    );
    // Letter spacing counts: a spaced word that fits is not broken.
    let (size, lines) = fit_block(chain, "BIMTEK 2019", 100.0, 90.0, 20.0, 8.0, 2.0);
    assert_eq!(lines, vec!["BIMTEK", "2019"], "at {size}");
}

#[test]
fn missing_glyphs_switch_to_the_fallback_face_per_run() {
    let (_doc, faces) = faces();
    let serif = faces.chain(FontFace::Serif);
    // DejaVu Serif has no Hebrew; DejaVu Sans does.
    let runs = serif.runs("Dr. שלום Cohen");
    let slots: Vec<usize> = runs.iter().map(|(s, _)| *s).collect();
    assert_eq!(
        slots,
        vec![FontFace::Serif.index(), FALLBACK, FontFace::Serif.index()],
        "{runs:?}"
    );
    assert_eq!(runs[1].1, "שלום");
    // A word the face cannot print whole goes whole to the fallback, not letter by letter.
    assert_eq!(
        serif.runs("xשy z"),
        vec![
            (FALLBACK, "xשy".to_string()),
            (FontFace::Serif.index(), " z".to_string())
        ]
    );
    let bold = faces.chain(FontFace::SerifBold);
    assert_eq!(bold.runs("שלום")[0].0, FALLBACK_BOLD);
    // Vietnamese is in DejaVu Serif itself: one run.
    assert_eq!(serif.runs("Nguyễn Thị Ngọc Ánh").len(), 1);
    // Nothing is replaced when the fallback has the glyph; emoji are.
    let clean = crate::pdf::text::clean(&serif, "שלום 🎉");
    assert_eq!(clean, "שלום \u{FFFD}");
}

#[test]
fn signature_blocks_underline_the_name_and_group_the_nip() {
    assert_eq!(format_nip("196503121990031005"), "19650312 199003 1 005");
    assert_eq!(
        format_nip("NIP. 19650312 199003 1 005"),
        "19650312 199003 1 005"
    );
    assert_eq!(format_nip("-"), "-");
    let (_doc, faces) = faces();
    let template = default_template();
    let common = sample_common();
    for i in 0..2u8 {
        let f = field(&template, FieldKind::Signatory(i));
        let mut items = Items::default();
        layout_field(&faces, &f, &Values::new(&common, None), None, &mut items);
        assert_inside(&items, &faces, Bounds::of(&f), "signatory");
        let text = joined(&items);
        let signer = &common.signatories[usize::from(i)];
        assert!(text.contains(&signer.name), "{text}");
        assert!(text.contains("NIP. 19"), "{text}");
        assert_eq!(items.rules.len(), 1, "one underline");
        let name_run = items
            .runs
            .iter()
            .find(|r| r.text == signer.name)
            .expect("name run");
        assert_eq!(name_run.slot, FontFace::SerifBold.index());
        let rule = items.rules[0];
        assert!(rule.y > name_run.baseline && rule.y < name_run.baseline + 4.0);
    }
    // The names of both blocks sit on one baseline (their boxes end level).
    let baseline = |i: u8| {
        let f = field(&template, FieldKind::Signatory(i));
        let mut items = Items::default();
        layout_field(&faces, &f, &Values::new(&common, None), None, &mut items);
        items.rules[0].y
    };
    assert!((baseline(0) - baseline(1)).abs() < 0.01);
    // No second signatory: nothing.
    let one = CertificateCommon {
        signatories: common.signatories[..1].to_vec(),
        ..common.clone()
    };
    let mut items = Items::default();
    let f = field(&template, FieldKind::Signatory(1));
    layout_field(&faces, &f, &Values::new(&one, None), None, &mut items);
    assert!(items.runs.is_empty() && items.rules.is_empty());
}

#[test]
fn empty_values_print_nothing_and_placeholders_are_filled() {
    let (_doc, faces) = faces();
    let template = default_template();
    let common = CertificateCommon {
        jp: None,
        ..sample_common()
    };
    let cert = Certificate {
        number: String::new(),
        ..sample_certificate()
    };
    let values = Values::new(&common, Some(&cert));
    for kind in [FieldKind::Jp, FieldKind::Number] {
        let mut items = Items::default();
        layout_field(&faces, &field(&template, kind), &values, None, &mut items);
        assert!(items.runs.is_empty(), "{kind:?}: {:?}", items.runs);
    }
    assert_eq!(
        values.substitute("{peran} dalam {kegiatan} {x} {jp}"),
        format!("sebagai Peserta dalam {} {{x}} ", common.event_title.trim())
    );
    let mut items = Items::default();
    let role = field(&template, FieldKind::RolePhrase);
    layout_field(&faces, &role, &values, None, &mut items);
    assert_eq!(joined(&items), "sebagai Peserta dalam kegiatan");
    // What varies per certificate is laid out per page; the rest once.
    assert!(varies_per_certificate(&field(&template, FieldKind::Name)));
    assert!(varies_per_certificate(&field(&template, FieldKind::Qr)));
    assert!(!varies_per_certificate(&field(
        &template,
        FieldKind::EventTitle
    )));
    let mut text = field(&template, FieldKind::EventTitle);
    text.kind = FieldKind::Text;
    text.text = Some("Untuk {nama}".into());
    assert!(varies_per_certificate(&text));
}

#[test]
fn qr_image_holds_exactly_the_modules_of_fast_qr() {
    for payload in ["K7Q2-MX4P", "https://verifikasi.contoh.id/K7Q2-MX4P"] {
        let reference = QRBuilder::new(payload.as_bytes())
            .ecl(ECL::M)
            .build()
            .expect("qr");
        let n = reference.size;
        let qr = encode(payload).expect("encoded");
        let bits = qr_bitmap(&qr);
        let total = n + 2 * QUIET_ZONE;
        let stride = total.div_ceil(8);
        assert_eq!(bits.len(), stride * total);
        let bit = |y: usize, x: usize| bits[y * stride + x / 8] & (0x80 >> (x % 8)) != 0;
        for y in 0..total {
            for x in 0..total {
                let inside = (QUIET_ZONE..QUIET_ZONE + n).contains(&y)
                    && (QUIET_ZONE..QUIET_ZONE + n).contains(&x);
                let dark = inside && reference.data[(y - QUIET_ZONE) * n + x - QUIET_ZONE].value();
                assert_eq!(bit(y, x), dark, "{payload}: module {y},{x}");
            }
        }
        // Padding bits at the end of each row stay clear.
        for y in 0..total {
            for x in total..stride * 8 {
                assert!(!bit(y, x), "{payload}: padding {y},{x}");
            }
        }
    }
}

#[test]
fn rendering_the_default_template_gives_no_printpdf_warnings() {
    let cert = sample_certificate();
    let batch = Batch {
        template: &default_template(),
        certificates: std::slice::from_ref(&cert),
    };
    let (bytes, warnings, _) = render::render_batches(
        &[batch],
        &sample_common(),
        &CertificateFonts::bundled(),
        true,
        &mut |_| std::ops::ControlFlow::Continue(()),
    )
    .expect("render");
    assert!(bytes.starts_with(b"%PDF-"));
    assert!(warnings.is_empty(), "{warnings:#?}");
}

#[test]
fn invalid_fonts_and_too_many_certificates_are_indonesian_errors() {
    let fonts = CertificateFonts {
        serif_bold: b"bukan huruf".to_vec(),
        ..CertificateFonts::bundled()
    };
    let err = render_certificates(
        &default_template(),
        &sample_common(),
        &[sample_certificate()],
        &fonts,
    )
    .expect_err("bad font");
    assert!(
        err.to_string()
            .contains("\"serif tebal\" tidak dapat dibaca"),
        "{err}"
    );
    let many = vec![Certificate::default(); MAX_CERTIFICATES + 1];
    let err = render_certificates(
        &default_template(),
        &sample_common(),
        &many,
        &CertificateFonts::bundled(),
    )
    .expect_err("too many");
    assert!(
        err.to_string()
            .contains("Terlalu banyak sertifikat dalam satu dokumen: 5.001, paling banyak 5.000"),
        "{err}"
    );
}
