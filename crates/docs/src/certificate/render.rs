//! From templates and certificates to PDF bytes.
//!
//! What is the same on every page of a template (frame, letterhead, event, signatories) is
//! laid out once; per page only the name, number, role, code and QR code are laid out. QR
//! codes are encoded on all cores first (the hot spot, see shared/notes/pdf.md).

use std::collections::{BTreeMap, BTreeSet, HashSet};
use std::ops::ControlFlow;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use printpdf::{
    Color, DictItem, ExternalStream, ExternalXObject, ImageCompression, ImageOptimizationOptions,
    Mm, Op, PdfDocument, PdfFontHandle, PdfPage, PdfSaveOptions, Pt, Rgb, TextItem, TextMatrix,
    XObjectId, XObjectTransform,
};

use super::background::{self, Prepared};
use super::fonts::{chain_slots, CertificateFonts, Faces, SLOTS};
use super::frame::frame_content;
use super::layout::{field_text, layout_field, varies_per_certificate, Items, QrForm, Values};
use super::template::{Background, Template, PAGE_HEIGHT_MM, PAGE_WIDTH_MM};
use super::{Batch, Certificate, CertificateCommon, MAX_CERTIFICATES};
use crate::badges::{encode, encode_many, Qr};
use crate::pdf::canvas::{mm, new_pdf_document};
use crate::pdf::save::Fonts;
use crate::pdf::PdfError;

/// Page size in points.
fn page_size() -> (f32, f32) {
    (mm(PAGE_WIDTH_MM), mm(PAGE_HEIGHT_MM))
}

/// Where the time of one render went (for the timing example).
#[doc(hidden)]
#[derive(Debug, Clone, Copy, Default)]
pub struct RenderTimings {
    /// Parsing fonts, preparing backgrounds, laying out what is the same on every page.
    pub setup: Duration,
    /// Encoding the QR codes (on all cores).
    pub qr: Duration,
    /// Laying out and building every page.
    pub layout: Duration,
    /// printpdf's save: font subsetting, serialising, compressing.
    pub save: Duration,
}

/// One template ready to draw: its background and frame, and what it prints identically on
/// every page.
struct Plan<'a> {
    template: &'a Template,
    background: Option<Prepared>,
    /// The frame's content stream, drawn on every page through one form XObject.
    frame: Option<Vec<u8>>,
    fixed: Items,
}

impl<'a> Plan<'a> {
    fn new(
        template: &'a Template,
        faces: &Faces,
        common: &CertificateCommon,
    ) -> Result<Self, PdfError> {
        let background = template
            .background
            .as_ref()
            .map(prepare_background)
            .transpose()?;
        let (width, height) = page_size();
        let frame = template
            .frame
            .as_ref()
            .map(|f| frame_content(f, width, height));
        let values = Values::new(common, None);
        let mut fixed = Items::default();
        for field in &template.fields {
            if !varies_per_certificate(field) {
                layout_field(faces, field, &values, None, &mut fixed);
            }
        }
        Ok(Self {
            template,
            background,
            frame,
            fixed,
        })
    }

    /// What this template prints for one certificate, beyond [`Plan::fixed`].
    fn varying(
        &self,
        faces: &Faces,
        common: &CertificateCommon,
        cert: &Certificate,
        qr: Option<&Qr>,
    ) -> Items {
        let values = Values::new(common, Some(cert));
        let mut items = Items::default();
        for field in &self.template.fields {
            if varies_per_certificate(field) {
                layout_field(faces, field, &values, qr, &mut items);
            }
        }
        items
    }
}

fn prepare_background(bg: &Background) -> Result<Prepared, PdfError> {
    background::prepare(bg).map_err(|reason| PdfError::InvalidBackground { reason })
}

/// Ops of a set of items, in three layers: pictures (QR codes), text, rules.
struct Layers {
    pictures: Vec<Op>,
    text: Vec<Op>,
    rules: Vec<Op>,
}

fn rgb([r, g, b]: [f32; 3]) -> Color {
    // Three decimals are finer than 8-bit colour and keep the content streams short.
    let channel = |v: f32| (v.clamp(0.0, 1.0) * 1000.0).round() / 1000.0;
    Color::Rgb(Rgb {
        r: channel(r),
        g: channel(g),
        b: channel(b),
        icc_profile: None,
    })
}

/// A coordinate rounded to 1/100 point (0.0035 mm): invisible, and much shorter in the
/// content stream than f32's full precision.
fn round(v: f32) -> f32 {
    (v * 100.0).round() / 100.0
}

/// Image pixels per QR module side. Renderers interpolate images they enlarge less than
/// about four times (poppler at 150 dpi: a 30 mm code of 57 modules is 3 pixels per
/// module), which blurs a one-pixel-per-module code beyond what a scanner reads; with
/// four pixels per module the blur stays within a quarter of a module. The repeated rows
/// cost almost nothing under the PNG "Up" predictor.
const QR_PIXELS: usize = 4;

/// A QR code's image XObject: indexed into white and the code's colour, one bit per
/// pixel, [`QR_PIXELS`] pixels per module, not interpolated.
fn qr_xobject(form: &QrForm) -> ExternalXObject {
    let n = form.modules;
    let stride = n.div_ceil(8);
    let width = n * QR_PIXELS;
    let row_bytes = width.div_ceil(8);
    let mut samples = Vec::with_capacity((row_bytes + 1) * width);
    for module_row in form.bitmap.chunks(stride) {
        // PNG predictor rows: a filter byte, then the samples. The first row of a module
        // is written out (filter 0), the rows repeating it are all zero under "Up" (2).
        samples.push(0);
        let start = samples.len();
        samples.resize(start + row_bytes, 0);
        for x in 0..width {
            let module = x / QR_PIXELS;
            if module_row[module / 8] & (0x80 >> (module % 8)) != 0 {
                samples[start + x / 8] |= 0x80 >> (x % 8);
            }
        }
        for _ in 1..QR_PIXELS {
            samples.push(2);
            samples.resize(samples.len() + row_bytes, 0);
        }
    }
    let mut dict = BTreeMap::new();
    let name = |s: &str| DictItem::Name(s.as_bytes().to_vec());
    let byte = |v: f32| (v.clamp(0.0, 1.0) * 255.0).round() as u8;
    let [r, g, b] = form.color;
    let side = width as i64;
    dict.insert("Type".to_string(), name("XObject"));
    dict.insert("Subtype".to_string(), name("Image"));
    dict.insert("Width".to_string(), DictItem::Int(side));
    dict.insert("Height".to_string(), DictItem::Int(side));
    dict.insert("BitsPerComponent".to_string(), DictItem::Int(1));
    dict.insert(
        "ColorSpace".to_string(),
        DictItem::Array(vec![
            name("Indexed"),
            name("DeviceRGB"),
            DictItem::Int(1),
            DictItem::String {
                data: vec![255, 255, 255, byte(r), byte(g), byte(b)],
                literal: false,
            },
        ]),
    );
    dict.insert("Interpolate".to_string(), DictItem::Bool(false));
    let mut parms = BTreeMap::new();
    parms.insert("Predictor".to_string(), DictItem::Int(15));
    parms.insert("Colors".to_string(), DictItem::Int(1));
    parms.insert("BitsPerComponent".to_string(), DictItem::Int(1));
    parms.insert("Columns".to_string(), DictItem::Int(side));
    dict.insert("DecodeParms".to_string(), DictItem::Dict { map: parms });
    ExternalXObject {
        stream: ExternalStream {
            dict,
            content: samples,
            compress: true,
        },
        width: None,
        height: None,
        dpi: None,
    }
}

/// The frame's form XObject: a page-sized form of paths only (no resources).
fn frame_xobject(content: &[u8]) -> ExternalXObject {
    let (width, height) = page_size();
    let mut dict = BTreeMap::new();
    let name = |s: &str| DictItem::Name(s.as_bytes().to_vec());
    dict.insert("Type".to_string(), name("XObject"));
    dict.insert("Subtype".to_string(), name("Form"));
    dict.insert(
        "BBox".to_string(),
        DictItem::Array(vec![
            DictItem::Int(0),
            DictItem::Int(0),
            DictItem::Real(width),
            DictItem::Real(height),
        ]),
    );
    dict.insert(
        "Resources".to_string(),
        DictItem::Dict {
            map: BTreeMap::new(),
        },
    );
    ExternalXObject {
        stream: ExternalStream {
            dict,
            content: content.to_vec(),
            compress: true,
        },
        width: None,
        height: None,
        dpi: None,
    }
}

fn layers(
    items: &Items,
    faces: &Faces,
    common: &CertificateCommon,
    doc: &mut PdfDocument,
) -> Layers {
    let mut pictures = picture_ops(items, doc);
    pictures.extend(logo_ops(items, common, doc));
    Layers {
        pictures,
        text: text_ops(items, faces),
        rules: rule_ops(items),
    }
}

/// The agency's logo in every logo box of `items`: one image object for them all.
fn logo_ops(items: &Items, common: &CertificateCommon, doc: &mut PdfDocument) -> Vec<Op> {
    let Some(logo) = common.logo.as_ref().filter(|_| !items.logos.is_empty()) else {
        return Vec::new();
    };
    // The logo is checked when the profile is saved; one that fails here prints nothing.
    let Ok((prepared, _)) = crate::logo::prepare(logo) else {
        return Vec::new();
    };
    let id = doc.add_xobject(&prepared.xobject);
    let (_, height) = page_size();
    items
        .logos
        .iter()
        .map(|&(x, y, w, h)| Op::UseXobject {
            id: id.clone(),
            transform: XObjectTransform {
                translate_x: Some(Pt(x)),
                translate_y: Some(Pt(height - (y + h))),
                rotate: None,
                scale_x: Some(w),
                scale_y: Some(h),
                dpi: None,
                // The image's unit square scaled to the box (trap 5).
                no_auto_scale: true,
            },
        })
        .collect()
}

/// Each QR code as its own image object, placed.
fn picture_ops(items: &Items, doc: &mut PdfDocument) -> Vec<Op> {
    let (_, height) = page_size();
    let mut pictures = Vec::with_capacity(items.qrs.len());
    for form in &items.qrs {
        let id = doc.add_xobject(&qr_xobject(form));
        // The image's unit square scaled to the code's side (trap 5).
        let scale = form.side;
        pictures.push(Op::UseXobject {
            id,
            transform: XObjectTransform {
                translate_x: Some(Pt(form.x)),
                translate_y: Some(Pt(height - (form.y + form.side))),
                rotate: None,
                scale_x: Some(scale),
                scale_y: Some(scale),
                dpi: None,
                no_auto_scale: true,
            },
        });
    }
    pictures
}

/// The text runs, setting font, colour and spacing only when they change.
fn text_ops(items: &Items, faces: &Faces) -> Vec<Op> {
    let (_, height) = page_size();
    let mut text = Vec::with_capacity(items.runs.len() * 3);
    let (mut font, mut color, mut spacing) = (None, None, None);
    for run in &items.runs {
        if font != Some((run.slot, run.size.to_bits())) {
            text.push(Op::SetFont {
                font: PdfFontHandle::External(faces.slot(run.slot).id().clone()),
                size: Pt(run.size),
            });
            font = Some((run.slot, run.size.to_bits()));
        }
        if color != Some(run.color) {
            text.push(Op::SetFillColor {
                col: rgb(run.color),
            });
            color = Some(run.color);
        }
        if spacing != Some(run.spacing.to_bits()) {
            text.push(Op::SetCharacterSpacing {
                multiplier: run.spacing,
            });
            spacing = Some(run.spacing.to_bits());
        }
        text.push(Op::SetTextMatrix {
            matrix: TextMatrix::Translate(Pt(round(run.x)), Pt(round(height - run.baseline))),
        });
        text.push(Op::ShowText {
            items: vec![TextItem::Text(run.text.clone())],
        });
    }
    text
}

/// The horizontal rules (underlines), each with its colour and width.
fn rule_ops(items: &Items) -> Vec<Op> {
    let (_, height) = page_size();
    let point = |x: f32, y: f32| printpdf::LinePoint {
        p: printpdf::Point {
            x: Pt(x),
            y: Pt(height - y),
        },
        bezier: false,
    };
    let mut rules = Vec::with_capacity(items.rules.len() * 3);
    for rule in &items.rules {
        rules.push(Op::SetOutlineColor {
            col: rgb(rule.color),
        });
        rules.push(Op::SetOutlineThickness { pt: Pt(rule.width) });
        rules.push(Op::DrawLine {
            line: printpdf::Line {
                points: vec![point(rule.x1, rule.y), point(rule.x2, rule.y)],
                is_closed: false,
            },
        });
    }
    rules
}

/// The ops of one page: background, frame, pictures, text, rules.
fn page_ops(
    background: Option<&XObjectId>,
    frame: Option<&XObjectId>,
    fixed: &Layers,
    own: &Layers,
) -> Vec<Op> {
    let (width, height) = page_size();
    let mut ops = Vec::with_capacity(
        fixed.pictures.len()
            + fixed.text.len()
            + fixed.rules.len()
            + own.pictures.len()
            + own.text.len()
            + own.rules.len()
            + 4,
    );
    if let Some(id) = background {
        ops.push(Op::UseXobject {
            id: id.clone(),
            transform: XObjectTransform {
                translate_x: Some(Pt(0.0)),
                translate_y: Some(Pt(0.0)),
                rotate: None,
                scale_x: Some(width),
                scale_y: Some(height),
                dpi: None,
                // The image's unit square scaled straight to the page (trap 5).
                no_auto_scale: true,
            },
        });
    }
    if let Some(id) = frame {
        ops.push(Op::UseXobject {
            id: id.clone(),
            transform: XObjectTransform {
                translate_x: Some(Pt(0.0)),
                translate_y: Some(Pt(0.0)),
                rotate: None,
                scale_x: Some(1.0),
                scale_y: Some(1.0),
                dpi: None,
                no_auto_scale: true,
            },
        });
    }
    ops.extend_from_slice(&fixed.pictures);
    ops.extend_from_slice(&own.pictures);
    if !fixed.text.is_empty() || !own.text.is_empty() {
        ops.push(Op::StartTextSection);
        ops.extend_from_slice(&fixed.text);
        ops.extend_from_slice(&own.text);
        ops.push(Op::EndTextSection);
    }
    ops.extend_from_slice(&fixed.rules);
    ops.extend_from_slice(&own.rules);
    ops
}

fn new_page(ops: Vec<Op>) -> PdfPage {
    PdfPage::new(Mm(PAGE_WIDTH_MM), Mm(PAGE_HEIGHT_MM), ops)
}

fn save(doc: &PdfDocument) -> (Vec<u8>, Vec<String>) {
    save_fonts(doc, Fonts::AsOptions)
}

fn save_fonts(doc: &PdfDocument, fonts: Fonts) -> (Vec<u8>, Vec<String>) {
    let opts = PdfSaveOptions {
        // Compressed by `save::write`, at its level.
        optimize: false,
        subset_fonts: true,
        secure: true,
        // Our images are prepared streams that printpdf passes through; should a raw image
        // ever go through printpdf, it must not be silently downscaled (trap 3).
        image_optimization: Some(ImageOptimizationOptions {
            quality: Some(0.9),
            max_image_size: None,
            dither_greyscale: None,
            convert_to_greyscale: Some(false),
            auto_optimize: Some(false),
            format: Some(ImageCompression::Flate),
        }),
    };
    let (bytes, warnings) = crate::pdf::save::write_fonts(doc, &opts, fonts);
    let warnings = warnings
        .into_iter()
        .filter(|w| !matches!(w.severity, printpdf::PdfParseErrorSeverity::Info))
        .map(|w| {
            format!(
                "{:?} (page {}, op {}): {}",
                w.severity, w.page, w.op_id, w.msg
            )
        })
        .collect();
    (bytes, warnings)
}

fn check_templates<'a>(templates: impl Iterator<Item = &'a Template>) -> Result<(), PdfError> {
    for template in templates {
        if let Err(errors) = super::template::validate_template(template) {
            let message = errors
                .iter()
                .map(|e| {
                    let m = e.message.trim_end_matches('.');
                    format!("{m}.")
                })
                .collect::<Vec<_>>()
                .join(" ");
            return Err(PdfError::InvalidTemplate { message });
        }
    }
    Ok(())
}

fn document_title(common: &CertificateCommon) -> String {
    let title = common.event_title.trim();
    if title.is_empty() {
        "Sertifikat".into()
    } else {
        format!("Sertifikat – {title}")
    }
}

/// The page for an empty list.
fn empty_page(faces: &Faces, doc: &mut PdfDocument) -> PdfPage {
    let (width, height) = page_size();
    let chain = faces.chain(super::FontFace::Sans);
    let text = "Belum ada sertifikat.";
    let size = 14.0;
    let w = chain.line_width(text, size, 0.0);
    let mut items = Items::default();
    items.runs.push(super::layout::Run {
        slot: super::FontFace::Sans.index(),
        x: (width - w) / 2.0,
        baseline: height / 2.0,
        size,
        color: [0.3, 0.3, 0.3],
        spacing: 0.0,
        text: text.into(),
    });
    let empty = Layers {
        pictures: Vec::new(),
        text: Vec::new(),
        rules: Vec::new(),
    };
    new_page(page_ops(
        None,
        None,
        &layers(&items, faces, &CertificateCommon::default(), doc),
        &empty,
    ))
}

/// One PDF of all batches. `validate` is false only for the preview. `progress` is told
/// how many pages are laid out after each page; [`ControlFlow::Break`] cancels
/// ([`PdfError::Cancelled`]).
pub(crate) fn render_batches(
    batches: &[Batch<'_>],
    common: &CertificateCommon,
    fonts: &CertificateFonts,
    validate: bool,
    progress: &mut dyn FnMut(usize) -> ControlFlow<()>,
) -> Result<(Vec<u8>, Vec<String>, RenderTimings), PdfError> {
    let started = Instant::now();
    let count = checked_count(batches, validate)?;
    let mut doc = new_pdf_document(&document_title(common));
    let faces = Faces::load(&mut doc, fonts)?;
    let mut timings = RenderTimings::default();
    if count == 0 {
        let page = empty_page(&faces, &mut doc);
        doc.with_pages(vec![page]);
        let (bytes, warnings) = save(&doc);
        return Ok((bytes, warnings, timings));
    }
    let planned = Planned::new(batches, &faces, common)?;
    let objects = SharedObjects::add(&planned.plans, &faces, common, &mut doc);
    let back_template = common
        .back_page
        .as_ref()
        .map(super::template::back_template);
    let back_plan = match &back_template {
        Some(t) => Some(Plan::new(t, &faces, common)?),
        None => None,
    };
    let back = back_plan.as_ref().map(|plan| BackObjects {
        frame: plan
            .frame
            .as_ref()
            .map(|content| doc.add_xobject(&frame_xobject(content))),
        fixed: layers(&plan.fixed, &faces, common, &mut doc),
    });
    timings.setup = started.elapsed();

    let started = Instant::now();
    let qrs = qr_codes(batches, &planned.plans);
    timings.qr = started.elapsed();

    let started = Instant::now();
    let job = PageJob {
        batches,
        common,
        faces: &faces,
        planned: &planned,
        objects: &objects,
        qrs: &qrs,
        back: back.as_ref(),
    };
    let pages = job.pages(&mut doc, count, progress)?;
    doc.with_pages(pages);
    timings.layout = started.elapsed();

    let started = Instant::now();
    let (bytes, warnings) = save(&doc);
    timings.save = started.elapsed();
    Ok((bytes, warnings, timings))
}

/// How many certificates the batches hold, refused over [`MAX_CERTIFICATES`]; with
/// `validate`, every template must pass [`super::template::validate_template`].
fn checked_count(batches: &[Batch<'_>], validate: bool) -> Result<usize, PdfError> {
    let count: usize = batches.iter().map(|b| b.certificates.len()).sum();
    if count > MAX_CERTIFICATES {
        return Err(PdfError::TooManyCertificates {
            count,
            max: MAX_CERTIFICATES,
        });
    }
    if validate {
        check_templates(batches.iter().map(|b| b.template))?;
    }
    Ok(count)
}

/// One plan per distinct template, and which plan each non-empty batch uses.
struct Planned<'a> {
    plans: Vec<Plan<'a>>,
    plan_of: Vec<usize>,
}

impl<'a> Planned<'a> {
    fn new(
        batches: &[Batch<'a>],
        faces: &Faces,
        common: &CertificateCommon,
    ) -> Result<Self, PdfError> {
        let mut plans: Vec<Plan<'a>> = Vec::new();
        let mut plan_of = Vec::with_capacity(batches.len());
        for batch in batches.iter().filter(|b| !b.certificates.is_empty()) {
            let index = match plans.iter().position(|p| {
                std::ptr::eq(p.template, batch.template) || p.template == batch.template
            }) {
                Some(i) => i,
                None => {
                    plans.push(Plan::new(batch.template, faces, common)?);
                    plans.len() - 1
                }
            };
            plan_of.push(index);
        }
        Ok(Planned { plans, plan_of })
    }
}

/// What the pages of a plan share, added to the document once: one image object per
/// distinct background, one form per distinct frame, the fixed layers per plan.
struct SharedObjects {
    image_ids: Vec<Option<XObjectId>>,
    frame_ids: Vec<Option<XObjectId>>,
    fixed: Vec<Layers>,
}

impl SharedObjects {
    fn add(
        plans: &[Plan<'_>],
        faces: &Faces,
        common: &CertificateCommon,
        doc: &mut PdfDocument,
    ) -> Self {
        let mut image_ids: Vec<Option<XObjectId>> = Vec::with_capacity(plans.len());
        for (i, plan) in plans.iter().enumerate() {
            let shared = plans[..i]
                .iter()
                .position(|p| p.template.background == plan.template.background)
                .and_then(|j| image_ids[j].clone());
            let id = match (&plan.background, shared) {
                (Some(_), Some(id)) => Some(id),
                (Some(bg), None) => Some(doc.add_xobject(&bg.xobject)),
                (None, _) => None,
            };
            image_ids.push(id);
        }
        let mut frame_ids: Vec<Option<XObjectId>> = Vec::with_capacity(plans.len());
        for (i, plan) in plans.iter().enumerate() {
            let shared = plans[..i]
                .iter()
                .position(|p| p.frame == plan.frame)
                .and_then(|j| frame_ids[j].clone());
            let id = match (&plan.frame, shared) {
                (Some(_), Some(id)) => Some(id),
                (Some(content), None) => Some(doc.add_xobject(&frame_xobject(content))),
                (None, _) => None,
            };
            frame_ids.push(id);
        }
        let fixed = plans
            .iter()
            .map(|p| layers(&p.fixed, faces, common, doc))
            .collect();
        SharedObjects {
            image_ids,
            frame_ids,
            fixed,
        }
    }
}

/// The QR code of every certificate in order (on all cores), none when no template
/// prints one.
fn qr_codes(batches: &[Batch<'_>], plans: &[Plan<'_>]) -> Vec<Option<Qr>> {
    let payloads: Vec<&str> = batches
        .iter()
        .flat_map(|b| b.certificates.iter())
        .map(|c| c.qr_payload.as_str())
        .collect();
    let needs_qr = plans.iter().any(|p| {
        p.template
            .fields
            .iter()
            .any(|f| f.kind == super::FieldKind::Qr)
    });
    if needs_qr {
        encode_many(&payloads)
    } else {
        vec![None; payloads.len()]
    }
}

/// The back page, the same after every certificate: its frame and its text.
struct BackObjects {
    frame: Option<XObjectId>,
    fixed: Layers,
}

/// Layers with nothing in them.
fn no_layers() -> Layers {
    Layers {
        pictures: Vec::new(),
        text: Vec::new(),
        rules: Vec::new(),
    }
}

/// Everything the pages are laid out from.
struct PageJob<'j, 'a> {
    batches: &'j [Batch<'a>],
    common: &'j CertificateCommon,
    faces: &'j Faces,
    planned: &'j Planned<'a>,
    objects: &'j SharedObjects,
    qrs: &'j [Option<Qr>],
    back: Option<&'j BackObjects>,
}

impl PageJob<'_, '_> {
    /// One page per certificate, in order, telling `progress` after each.
    fn pages(
        &self,
        doc: &mut PdfDocument,
        count: usize,
        progress: &mut dyn FnMut(usize) -> ControlFlow<()>,
    ) -> Result<Vec<PdfPage>, PdfError> {
        let objects = self.objects;
        let mut pages = Vec::with_capacity(count);
        let mut n = 0;
        for (batch, &p) in self
            .batches
            .iter()
            .filter(|b| !b.certificates.is_empty())
            .zip(&self.planned.plan_of)
        {
            let plan = &self.planned.plans[p];
            for cert in batch.certificates {
                let qr = self.qrs.get(n).and_then(Option::as_ref);
                let own = plan.varying(self.faces, self.common, cert, qr);
                n += 1;
                if progress(n).is_break() {
                    return Err(PdfError::Cancelled);
                }
                let own = layers(&own, self.faces, self.common, doc);
                pages.push(new_page(page_ops(
                    objects.image_ids[p].as_ref(),
                    objects.frame_ids[p].as_ref(),
                    &objects.fixed[p],
                    &own,
                )));
                if let Some(back) = self.back {
                    pages.push(new_page(page_ops(
                        None,
                        back.frame.as_ref(),
                        &back.fixed,
                        &no_layers(),
                    )));
                }
            }
        }
        Ok(pages)
    }
}

/// One single-page PDF per certificate, made on all cores and handed to `each` in order.
pub(crate) fn render_each(
    template: &Template,
    common: &CertificateCommon,
    certificates: &[Certificate],
    fonts: &CertificateFonts,
    mut each: impl FnMut(usize, Vec<u8>) -> ControlFlow<()>,
) -> Result<(), PdfError> {
    let count = certificates.len();
    if count > MAX_CERTIFICATES {
        return Err(PdfError::TooManyCertificates {
            count,
            max: MAX_CERTIFICATES,
        });
    }
    check_templates(std::iter::once(template))?;
    if count == 0 {
        return Ok(());
    }
    // What every document shares is prepared once: the background stream, the frame and
    // the fixed layout (positions only; font handles differ per document).
    let mut scratch = PdfDocument::new("");
    let faces = Faces::load(&mut scratch, fonts)?;
    let plan = Plan::new(template, &faces, common)?;
    let back_template = common
        .back_page
        .as_ref()
        .map(super::template::back_template);
    let back = match &back_template {
        Some(t) => Some(Plan::new(t, &faces, common)?),
        None => None,
    };
    let has_qr = template
        .fields
        .iter()
        .any(|f| f.kind == super::FieldKind::Qr);
    let subset = job_fonts(&plan, back.as_ref(), &faces, common, certificates, fonts);
    let job = Job {
        plan: &plan,
        back: back.as_ref(),
        common,
        fonts,
        subset: subset.as_ref(),
        has_qr,
    };

    let threads = std::thread::available_parallelism()
        .map_or(1, |n| n.get().min(16))
        .min(count);
    if threads > 1 {
        if let Some(result) = render_each_parallel(job, certificates, threads, &mut each) {
            return result;
        }
    }
    // One core, or no thread could be started: one after the other, here.
    let mut renderer = Renderer::new(job)?;
    for (i, cert) in certificates.iter().enumerate() {
        if each(i, renderer.render(cert)?).is_break() {
            return Err(PdfError::Cancelled);
        }
    }
    Ok(())
}

/// Fonts subset once for all the documents of a job, and the characters each slot's
/// face covers.
struct JobFonts {
    fonts: CertificateFonts,
    chars: Vec<HashSet<char>>,
}

/// What the layout may print beyond a job's texts (the replacement character, an
/// ellipsis), and what loading a face checks for.
const ALWAYS_COVERED: &str = "a ?\u{FFFD}\u{2026}";

/// The most glyphs a face subset for a whole job may hold. Names in Latin script need
/// about 80; a list whose names together use far more (many scripts, or a hostile list)
/// would put a large font into every document, so its documents are subset one by one.
const MAX_JOB_GLYPHS: usize = 512;

/// One subset of every face for a whole per-person job, to the glyphs of every character
/// of every document (its texts as given and NFC-composed, as the layout prints them).
/// Every document then embeds the same font programs, which printpdf does not subset
/// again and `pdf::save` compresses once, instead of subsetting and compressing each
/// face in each document. `None` when a subset face would measure any of those characters
/// differently from the whole face, or cannot be made: the documents are then subset one
/// by one, as a single document is.
fn job_fonts(
    plan: &Plan<'_>,
    back: Option<&Plan<'_>>,
    faces: &Faces,
    common: &CertificateCommon,
    certificates: &[Certificate],
    fonts: &CertificateFonts,
) -> Option<JobFonts> {
    use unicode_normalization::UnicodeNormalization;
    // The characters of each slot: what the fixed runs print in it, and every character
    // of a varying field for both faces of the field's chain.
    let mut chars: Vec<BTreeSet<char>> = vec![ALWAYS_COVERED.chars().collect(); SLOTS];
    for run in plan
        .fixed
        .runs
        .iter()
        .chain(back.into_iter().flat_map(|b| b.fixed.runs.iter()))
    {
        chars[run.slot.min(SLOTS - 1)].extend(run.text.chars());
    }
    let varying: Vec<_> = plan
        .template
        .fields
        .iter()
        .filter(|f| varies_per_certificate(f))
        .collect();
    for cert in certificates {
        let values = Values::new(common, Some(cert));
        for field in &varying {
            if let Some(text) = field_text(field, &values) {
                for slot in chain_slots(field.font) {
                    chars[slot].extend(text.chars());
                    chars[slot].extend(text.nfc());
                }
            }
        }
    }
    // Slots of the same face (the fallback faces are usually the sans faces again) share
    // one subset, of all their characters.
    let same_as = |slot: usize| (0..slot).find(|&s| fonts.bytes(s) == fonts.bytes(slot));
    for slot in 0..SLOTS {
        if let Some(first) = same_as(slot) {
            let mine = std::mem::take(&mut chars[slot]);
            chars[first].extend(mine);
        }
    }
    let mut subset = fonts.clone();
    for slot in 0..SLOTS {
        if let Some(first) = same_as(slot) {
            chars[slot] = chars[first].clone();
            let bytes = subset.bytes(first).to_vec();
            subset.set_bytes(slot, bytes);
            continue;
        }
        let face = faces.slot(slot);
        let glyphs: BTreeMap<u16, String> = chars[slot]
            .iter()
            .filter_map(|&c| face.glyph(c).map(|gid| (gid, c.to_string())))
            .collect();
        if glyphs.len() > MAX_JOB_GLYPHS {
            return None;
        }
        let bytes = printpdf::subset_font(face.font(), &glyphs).ok()?.bytes;
        subset.set_bytes(slot, bytes);
    }
    let mut scratch = PdfDocument::new("");
    let subset_faces = Faces::load(&mut scratch, &subset).ok()?;
    let same = (0..SLOTS).all(|slot| {
        let (whole, part) = (faces.slot(slot), subset_faces.slot(slot));
        chars[slot].iter().all(|&c| whole.measures_like(part, c))
    });
    same.then(|| JobFonts {
        fonts: subset,
        chars: chars
            .into_iter()
            .map(|set| set.into_iter().collect())
            .collect(),
    })
}

/// What every document of a per-person job shares.
#[derive(Clone, Copy)]
struct Job<'p, 'a> {
    plan: &'p Plan<'a>,
    /// The back page after every certificate.
    back: Option<&'p Plan<'a>>,
    common: &'p CertificateCommon,
    fonts: &'p CertificateFonts,
    subset: Option<&'p JobFonts>,
    has_qr: bool,
}

/// Renders the documents of a per-person job on one thread: with the job's subset fonts
/// when there are, with the whole faces for a document that prints a character they lack.
struct Renderer<'p, 'a> {
    job: Job<'p, 'a>,
    subset: Option<Faces>,
    whole: Option<Faces>,
}

impl<'p, 'a> Renderer<'p, 'a> {
    fn new(job: Job<'p, 'a>) -> Result<Self, PdfError> {
        let subset = match job.subset {
            Some(s) => Some(Faces::load(&mut PdfDocument::new(""), &s.fonts)?),
            None => None,
        };
        Ok(Self {
            job,
            subset,
            whole: None,
        })
    }

    fn render(&mut self, cert: &Certificate) -> Result<Vec<u8>, PdfError> {
        let Job {
            plan,
            back,
            common,
            fonts,
            subset,
            has_qr,
        } = self.job;
        let plans = (plan, back);
        if let (Some(faces), Some(subset)) = (&self.subset, subset) {
            if let Some(bytes) =
                render_one(plans, faces, common, cert, has_qr, Some(&subset.chars[..]))
            {
                return Ok(bytes);
            }
        }
        let whole = match &mut self.whole {
            Some(faces) => faces,
            none => none.insert(Faces::load(&mut PdfDocument::new(""), fonts)?),
        };
        Ok(render_one(plans, whole, common, cert, has_qr, None).unwrap_or_default())
    }
}

/// The workers of [`render_each`]: each takes the next certificate, renders it and sends
/// it back; this thread hands the PDFs to `each` in order. `None` when no worker thread
/// could be started.
fn render_each_parallel(
    job: Job<'_, '_>,
    certificates: &[Certificate],
    threads: usize,
    each: &mut impl FnMut(usize, Vec<u8>) -> ControlFlow<()>,
) -> Option<Result<(), PdfError>> {
    type Message = (usize, Result<Vec<u8>, PdfError>);
    let next = AtomicUsize::new(0);
    let stop = AtomicBool::new(false);
    let (tx, rx) = mpsc::sync_channel::<Message>(threads * 4);
    let worker = |tx: mpsc::SyncSender<Message>| {
        // Each thread parses the fonts once, then registers them with every document.
        let mut renderer = match Renderer::new(job) {
            Ok(r) => r,
            Err(e) => {
                let _ = tx.send((usize::MAX, Err(e)));
                return;
            }
        };
        while !stop.load(Ordering::Relaxed) {
            let i = next.fetch_add(1, Ordering::Relaxed);
            let Some(cert) = certificates.get(i) else {
                return;
            };
            if tx.send((i, renderer.render(cert))).is_err() {
                return;
            }
        }
    };
    std::thread::scope(|scope| {
        let mut spawned = 0;
        for _ in 0..threads {
            let tx = tx.clone();
            let worker = &worker;
            if std::thread::Builder::new()
                .spawn_scoped(scope, move || worker(tx))
                .is_ok()
            {
                spawned += 1;
            }
        }
        drop(tx);
        if spawned == 0 {
            return None;
        }
        let mut pending: BTreeMap<usize, Vec<u8>> = BTreeMap::new();
        let mut expected = 0;
        let mut result = Ok(());
        'receive: for (i, bytes) in rx.iter() {
            match bytes {
                Err(e) => {
                    result = Err(e);
                    break;
                }
                Ok(bytes) => {
                    pending.insert(i, bytes);
                }
            }
            while let Some(bytes) = pending.remove(&expected) {
                if each(expected, bytes).is_break() {
                    result = Err(PdfError::Cancelled);
                    break 'receive;
                }
                expected += 1;
            }
        }
        stop.store(true, Ordering::Relaxed);
        // Unblock workers waiting to send; the scope then joins them.
        drop(rx);
        Some(result)
    })
}

/// A single-page PDF for one certificate. With `covered`, the faces are a job's subset
/// fonts that cover those characters (per slot): `None` when the certificate prints
/// another.
fn render_one(
    (plan, back): (&Plan<'_>, Option<&Plan<'_>>),
    parsed: &Faces,
    common: &CertificateCommon,
    cert: &Certificate,
    has_qr: bool,
    covered: Option<&[HashSet<char>]>,
) -> Option<Vec<u8>> {
    let title = format!("Sertifikat – {}", cert.name.trim());
    let mut doc = new_pdf_document(&title);
    let faces = parsed.register(&mut doc);
    let image = plan
        .background
        .as_ref()
        .map(|bg| doc.add_xobject(&bg.xobject));
    let frame = plan
        .frame
        .as_ref()
        .map(|content| doc.add_xobject(&frame_xobject(content)));
    let qr = if has_qr {
        encode(&cert.qr_payload)
    } else {
        None
    };
    let own = plan.varying(&faces, common, cert, qr.as_ref());
    if let Some(chars) = covered {
        let fits = |r: &super::layout::Run| {
            chars
                .get(r.slot)
                .is_some_and(|set| r.text.chars().all(|c| set.contains(&c)))
        };
        if !own.runs.iter().all(fits) {
            return None;
        }
    }
    let fixed = layers(&plan.fixed, &faces, common, &mut doc);
    let own = layers(&own, &faces, common, &mut doc);
    let mut pages = vec![new_page(page_ops(
        image.as_ref(),
        frame.as_ref(),
        &fixed,
        &own,
    ))];
    if let Some(back) = back {
        let frame = back
            .frame
            .as_ref()
            .map(|content| doc.add_xobject(&frame_xobject(content)));
        let fixed = layers(&back.fixed, &faces, common, &mut doc);
        pages.push(new_page(page_ops(
            None,
            frame.as_ref(),
            &fixed,
            &no_layers(),
        )));
    }
    doc.with_pages(pages);
    let fonts = match covered {
        Some(_) => Fonts::SubsetBefore,
        None => Fonts::AsOptions,
    };
    Some(save_fonts(&doc, fonts).0)
}
