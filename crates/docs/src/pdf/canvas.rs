//! A page canvas in top-down points, and the document that turns canvases into a PDF.
//!
//! Layout code pushes fills, lines and text runs onto a [`Canvas`] in any order; when the
//! document is written each page is emitted as fills first, then all text in one text
//! object, then lines, so that borders are never hidden under a shaded cell.
//!
//! printpdf traps this avoids (see shared/notes/pdf.md): text is placed with an absolute
//! text matrix (`Tm`), never with the relative `SetTextCursor`; rectangles always carry a
//! paint mode.

use printpdf::{
    Color, Greyscale, Line, LineCapStyle, LinePoint, Mm, Op, PaintMode, PdfDocument, PdfFontHandle,
    PdfPage, PdfSaveOptions, Point, Pt, Rect, TextItem, TextMatrix, XObjectId, XObjectTransform,
};

use super::text::Face;
use super::{FontRole, Fonts, PdfError};

/// Millimetres to points.
pub(crate) fn mm(v: f32) -> f32 {
    v * 72.0 / 25.4
}

/// A4 portrait width in points.
pub(crate) const A4_WIDTH: f32 = 595.2756;
/// A4 portrait height in points.
pub(crate) const A4_HEIGHT: f32 = 841.8898;

/// The paper a document is printed on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Paper {
    /// 210 × 297 mm.
    A4Portrait,
    /// 297 × 210 mm (841.89 × 595.28 pt).
    A4Landscape,
}

impl Paper {
    /// Width and height in points.
    pub(crate) fn size(self) -> (f32, f32) {
        match self {
            Paper::A4Portrait => (A4_WIDTH, A4_HEIGHT),
            Paper::A4Landscape => (A4_HEIGHT, A4_WIDTH),
        }
    }

    /// Width and height in millimetres, as `PdfPage::new` wants them.
    fn mm(self) -> (Mm, Mm) {
        match self {
            Paper::A4Portrait => (Mm(210.0), Mm(297.0)),
            Paper::A4Landscape => (Mm(297.0), Mm(210.0)),
        }
    }
}

/// Which face a run of text uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Weight {
    Regular,
    Bold,
}

/// The regular and bold faces of a document.
pub(crate) struct FontSet {
    pub(crate) regular: Face,
    pub(crate) bold: Face,
}

impl FontSet {
    pub(crate) fn face(&self, weight: Weight) -> &Face {
        match weight {
            Weight::Regular => &self.regular,
            Weight::Bold => &self.bold,
        }
    }
}

/// Horizontal alignment of a text run relative to its `x`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Align {
    Left,
    Center,
    Right,
}

#[derive(Debug, Clone)]
enum Shape {
    Fill {
        x: f32,
        y: f32,
        w: f32,
        h: f32,
        grey: f32,
    },
    Line {
        x1: f32,
        y1: f32,
        x2: f32,
        y2: f32,
        width: f32,
        grey: f32,
    },
    Text {
        x: f32,
        baseline: f32,
        weight: Weight,
        size: f32,
        grey: f32,
        text: String,
    },
    /// The document's image number `index` (the kop's logo is the first) in this box.
    Image {
        index: usize,
        x: f32,
        y: f32,
        w: f32,
        h: f32,
    },
}

/// One page's content in top-down points (`y` grows downwards from the top edge).
#[derive(Debug, Clone, Default)]
pub(crate) struct Canvas {
    shapes: Vec<Shape>,
}

impl Canvas {
    pub(crate) fn new() -> Self {
        Self::default()
    }

    /// The document's first image ([`Document::set_image`], the kop's logo) in the box at
    /// `x`, `y` (top-left) of `w` × `h`; nothing when the document has none.
    pub(crate) fn image(&mut self, x: f32, y: f32, w: f32, h: f32) {
        self.image_at(0, x, y, w, h);
    }

    /// The document's image number `index` ([`Document::add_image`]) in the box.
    pub(crate) fn image_at(&mut self, index: usize, x: f32, y: f32, w: f32, h: f32) {
        self.shapes.push(Shape::Image { index, x, y, w, h });
    }

    /// A filled rectangle; `grey` is 0.0 (black) to 1.0 (white).
    pub(crate) fn fill(&mut self, x: f32, y: f32, w: f32, h: f32, grey: f32) {
        self.shapes.push(Shape::Fill { x, y, w, h, grey });
    }

    /// The filled rectangles pushed so far, as `(x, y, w, h, grey)` (for tests).
    #[cfg(test)]
    pub(crate) fn fills(&self) -> Vec<(f32, f32, f32, f32, f32)> {
        self.shapes
            .iter()
            .filter_map(|s| match *s {
                Shape::Fill { x, y, w, h, grey } => Some((x, y, w, h, grey)),
                _ => None,
            })
            .collect()
    }

    /// The text runs pushed so far, as `(x, baseline, weight, size, text)` (for tests).
    #[cfg(test)]
    pub(crate) fn texts(&self) -> Vec<(f32, f32, Weight, f32, String)> {
        self.shapes
            .iter()
            .filter_map(|s| match s {
                Shape::Text {
                    x,
                    baseline,
                    weight,
                    size,
                    text,
                    ..
                } => Some((*x, *baseline, *weight, *size, text.clone())),
                _ => None,
            })
            .collect()
    }

    /// A straight line of `width` points.
    pub(crate) fn line(&mut self, x1: f32, y1: f32, x2: f32, y2: f32, width: f32, grey: f32) {
        self.shapes.push(Shape::Line {
            x1,
            y1,
            x2,
            y2,
            width,
            grey,
        });
    }

    /// One line of text whose baseline is at `baseline`. The text must already be clean
    /// for the face (it is, when it comes out of [`Face::wrap`] or [`Face::fit_one_line`]);
    /// `fonts` is only needed for `Align::Center`/`Align::Right`.
    #[allow(clippy::too_many_arguments)]
    pub(crate) fn text(
        &mut self,
        fonts: &FontSet,
        x: f32,
        baseline: f32,
        align: Align,
        weight: Weight,
        size: f32,
        grey: f32,
        text: &str,
    ) {
        if text.is_empty() {
            return;
        }
        let x = match align {
            Align::Left => x,
            Align::Center => x - fonts.face(weight).width(text, size) / 2.0,
            Align::Right => x - fonts.face(weight).width(text, size),
        };
        self.shapes.push(Shape::Text {
            x,
            baseline,
            weight,
            size,
            grey,
            text: text.to_string(),
        });
    }

    fn into_ops(self, fonts: &FontSet, page_height: f32, images: &[XObjectId]) -> Vec<Op> {
        let mut fills = Vec::new();
        let mut texts = Vec::new();
        let mut lines = Vec::new();
        let mut ops = Vec::new();
        for shape in self.shapes {
            match shape {
                Shape::Fill { x, y, w, h, grey } => fills.push((x, y, w, h, grey)),
                Shape::Line { .. } => lines.push(shape),
                Shape::Text { .. } => texts.push(shape),
                Shape::Image { index, x, y, w, h } => {
                    if let Some(id) = images.get(index) {
                        ops.push(Op::UseXobject {
                            id: id.clone(),
                            transform: XObjectTransform {
                                translate_x: Some(Pt(x)),
                                translate_y: Some(Pt(page_height - (y + h))),
                                rotate: None,
                                scale_x: Some(w),
                                scale_y: Some(h),
                                dpi: None,
                                // The image's unit square scaled to the box (pdf.md, trap 5).
                                no_auto_scale: true,
                            },
                        });
                    }
                }
            }
        }
        let mut current_grey = None;
        for (x, y, w, h, grey) in fills {
            set_fill_grey(&mut ops, &mut current_grey, grey);
            ops.push(Op::DrawRectangle {
                rectangle: Rect {
                    x: Pt(x),
                    y: Pt(page_height - (y + h)),
                    width: Pt(w),
                    height: Pt(h),
                    mode: Some(PaintMode::Fill),
                    winding_order: None,
                },
            });
        }
        if !texts.is_empty() {
            text_ops(&mut ops, texts, fonts, page_height, &mut current_grey);
        }
        if !lines.is_empty() {
            line_ops(&mut ops, lines, page_height);
        }
        ops
    }
}

/// Sets the fill colour unless it is already `grey`.
fn set_fill_grey(ops: &mut Vec<Op>, current: &mut Option<f32>, grey: f32) {
    if *current != Some(grey) {
        ops.push(Op::SetFillColor {
            col: grey_color(grey),
        });
        *current = Some(grey);
    }
}

/// One text section with every text shape, setting font and colour only on change.
fn text_ops(
    ops: &mut Vec<Op>,
    texts: Vec<Shape>,
    fonts: &FontSet,
    page_height: f32,
    current_grey: &mut Option<f32>,
) {
    ops.push(Op::StartTextSection);
    let mut current_font = None;
    for shape in texts {
        let Shape::Text {
            x,
            baseline,
            weight,
            size,
            grey,
            text,
        } = shape
        else {
            continue;
        };
        if current_font != Some((weight, size.to_bits())) {
            ops.push(Op::SetFont {
                font: PdfFontHandle::External(fonts.face(weight).id().clone()),
                size: Pt(size),
            });
            current_font = Some((weight, size.to_bits()));
        }
        set_fill_grey(ops, current_grey, grey);
        ops.push(Op::SetTextMatrix {
            matrix: TextMatrix::Translate(Pt(x), Pt(page_height - baseline)),
        });
        ops.push(Op::ShowText {
            items: vec![TextItem::Text(text)],
        });
    }
    ops.push(Op::EndTextSection);
}

/// Every line shape, with square caps, setting width and colour only on change.
fn line_ops(ops: &mut Vec<Op>, lines: Vec<Shape>, page_height: f32) {
    ops.push(Op::SetLineCapStyle {
        cap: LineCapStyle::ProjectingSquare,
    });
    let point = |x: f32, y: f32| LinePoint {
        p: Point {
            x: Pt(x),
            y: Pt(page_height - y),
        },
        bezier: false,
    };
    let mut current_stroke = None;
    for shape in lines {
        let Shape::Line {
            x1,
            y1,
            x2,
            y2,
            width,
            grey,
        } = shape
        else {
            continue;
        };
        if current_stroke != Some((width.to_bits(), grey.to_bits())) {
            ops.push(Op::SetOutlineThickness { pt: Pt(width) });
            ops.push(Op::SetOutlineColor {
                col: grey_color(grey),
            });
            current_stroke = Some((width.to_bits(), grey.to_bits()));
        }
        ops.push(Op::DrawLine {
            line: Line {
                points: vec![point(x1, y1), point(x2, y2)],
                is_closed: false,
            },
        });
    }
}

fn grey_color(grey: f32) -> Color {
    Color::Greyscale(Greyscale {
        percent: grey.clamp(0.0, 1.0),
        icc_profile: None,
    })
}

/// An empty printpdf document with Bintek's metadata and the current date.
pub(crate) fn new_pdf_document(title: &str) -> PdfDocument {
    let mut doc = PdfDocument::new(title);
    doc.metadata.info.creator = "Bintek".to_string();
    doc.metadata.info.producer = "Bintek (printpdf)".to_string();
    // printpdf's default dates are 1 January 1970.
    let now = printpdf::OffsetDateTime::now_utc();
    doc.metadata.info.creation_date = now;
    doc.metadata.info.modification_date = now;
    doc.metadata.info.metadata_date = now;
    doc
}

/// A PDF under construction: the document with both faces registered.
pub(crate) struct Document {
    doc: PdfDocument,
    fonts: FontSet,
    images: Vec<XObjectId>,
}

impl Document {
    /// Parses and registers `fonts`; `title` goes into the PDF's metadata.
    pub(crate) fn new(title: &str, fonts: &Fonts) -> Result<Self, PdfError> {
        let mut doc = new_pdf_document(title);
        let regular = Face::load(&mut doc, &fonts.regular, FontRole::Regular)?;
        let bold = Face::load(&mut doc, &fonts.bold, FontRole::Bold)?;
        Ok(Self {
            doc,
            fonts: FontSet { regular, bold },
            images: Vec::new(),
        })
    }

    /// Adds the image the pages draw with [`Canvas::image`] (the first one added).
    pub(crate) fn set_image(&mut self, xobject: &printpdf::ExternalXObject) {
        self.add_image(xobject);
    }

    /// Adds an image the pages may draw ([`Canvas::image_at`]); its index.
    pub(crate) fn add_image(&mut self, xobject: &printpdf::ExternalXObject) -> usize {
        self.images.push(self.doc.add_xobject(xobject));
        self.images.len() - 1
    }

    pub(crate) fn fonts(&self) -> &FontSet {
        &self.fonts
    }

    /// Writes the pages on `paper`, fonts embedded and subset; more than `max_pages`
    /// canvases is [`PdfError::TooManyPages`]. Also returns printpdf's warnings as text
    /// (tests check that there are none).
    pub(crate) fn finish(
        mut self,
        canvases: Vec<Canvas>,
        paper: Paper,
        max_pages: usize,
    ) -> Result<(Vec<u8>, Vec<String>), PdfError> {
        if canvases.len() > max_pages {
            return Err(PdfError::TooManyPages { max: max_pages });
        }
        let (width, height) = paper.mm();
        let (_, height_pt) = paper.size();
        let pages = canvases
            .into_iter()
            .map(|c| {
                PdfPage::new(
                    width,
                    height,
                    c.into_ops(&self.fonts, height_pt, &self.images),
                )
            })
            .collect();
        self.doc.with_pages(pages);
        let opts = PdfSaveOptions {
            subset_fonts: true,
            ..PdfSaveOptions::default()
        };
        let (bytes, warnings) = super::save::write(&self.doc, &opts);
        let warnings = warnings
            .into_iter()
            .map(|w| {
                format!(
                    "{:?} (page {}, op {}): {}",
                    w.severity, w.page, w.op_id, w.msg
                )
            })
            .collect();
        Ok((bytes, warnings))
    }
}
