//! The certificate's faces, and measuring text with a fallback face behind each of them.

use std::fmt;

use printpdf::PdfDocument;

use super::template::FontFace;
use crate::pdf::text::{Face, Metrics};
use crate::pdf::{FontRole, PdfError};

/// The TrueType bytes of the six faces a template can use, and of the two fallback faces
/// that print what a face has no glyph for (trap 9 of shared/notes/pdf.md: a PDF font has
/// no fallback of its own, so text is split into runs per face).
///
/// Only the faces a document actually uses are embedded, and those are subset.
#[derive(Clone, PartialEq, Eq)]
pub struct CertificateFonts {
    /// [`FontFace::Sans`].
    pub sans: Vec<u8>,
    /// [`FontFace::SansBold`].
    pub sans_bold: Vec<u8>,
    /// [`FontFace::Serif`].
    pub serif: Vec<u8>,
    /// [`FontFace::SerifBold`].
    pub serif_bold: Vec<u8>,
    /// [`FontFace::SerifItalic`].
    pub serif_italic: Vec<u8>,
    /// [`FontFace::Script`], for names.
    pub script: Vec<u8>,
    /// Prints characters missing from a regular or italic face (and from the script).
    pub fallback: Vec<u8>,
    /// Prints characters missing from a bold face.
    pub fallback_bold: Vec<u8>,
}

impl CertificateFonts {
    /// The faces that ship with the app:
    ///
    /// - sans: DejaVu Sans and DejaVu Sans Bold;
    /// - serif: DejaVu Serif, DejaVu Serif Bold and DejaVu Serif Italic;
    /// - script: Great Vibes ([`SCRIPT_FACE`]). No crate ships a script face, so it comes
    ///   through the npm manifest (`@expo-google-fonts/great-vibes`) and is compiled in by
    ///   this crate's build script; a build without the npm packages sets names in DejaVu
    ///   Serif Bold Italic instead;
    /// - fallback: DejaVu Sans and DejaVu Sans Bold.
    ///
    /// Licences: DejaVu fonts (the `dejavu` crate, DejaVu 2.37) are under the Bitstream
    /// Vera licence, Great Vibes under the SIL Open Font License 1.1; both allow embedding
    /// in documents, subset or whole. DejaVu covers Latin including Vietnamese, Greek and
    /// Cyrillic; Great Vibes covers Latin including Vietnamese, and whatever it lacks
    /// prints in the fallback face.
    pub fn bundled() -> Self {
        Self {
            sans: dejavu::sans::regular().to_vec(),
            sans_bold: dejavu::sans::bold().to_vec(),
            serif: dejavu::serif::regular().to_vec(),
            serif_bold: dejavu::serif::bold().to_vec(),
            serif_italic: dejavu::serif::italic().to_vec(),
            script: bundled_script().to_vec(),
            fallback: dejavu::sans::regular().to_vec(),
            fallback_bold: dejavu::sans::bold().to_vec(),
        }
    }

    /// The same fonts with another script face (TrueType/OpenType bytes, not a collection).
    pub fn with_script(mut self, script: Vec<u8>) -> Self {
        self.script = script;
        self
    }

    /// Replaces the bytes of the face in `slot`.
    pub(crate) fn set_bytes(&mut self, slot: usize, bytes: Vec<u8>) {
        match slot {
            0 => self.sans = bytes,
            1 => self.sans_bold = bytes,
            2 => self.serif = bytes,
            3 => self.serif_bold = bytes,
            4 => self.serif_italic = bytes,
            5 => self.script = bytes,
            FALLBACK => self.fallback = bytes,
            _ => self.fallback_bold = bytes,
        }
    }

    pub(crate) fn bytes(&self, slot: usize) -> &[u8] {
        match slot {
            0 => &self.sans,
            1 => &self.sans_bold,
            2 => &self.serif,
            3 => &self.serif_bold,
            4 => &self.serif_italic,
            5 => &self.script,
            FALLBACK => &self.fallback,
            _ => &self.fallback_bold,
        }
    }
}

/// The name of the script face this build prints names in: `"Great Vibes"`, or
/// `"DejaVu Serif Bold Italic"` when the build found no npm packages (see `build.rs`).
pub const SCRIPT_FACE: &str = if cfg!(bintek_script_font) {
    "Great Vibes"
} else {
    "DejaVu Serif Bold Italic"
};

#[cfg(bintek_script_font)]
fn bundled_script() -> &'static [u8] {
    include_bytes!(env!("BINTEK_SCRIPT_FONT"))
}

#[cfg(not(bintek_script_font))]
fn bundled_script() -> &'static [u8] {
    dejavu::serif::bold_italic()
}

impl fmt::Debug for CertificateFonts {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let size = |b: &Vec<u8>| format!("{} bytes", b.len());
        f.debug_struct("CertificateFonts")
            .field("sans", &size(&self.sans))
            .field("sans_bold", &size(&self.sans_bold))
            .field("serif", &size(&self.serif))
            .field("serif_bold", &size(&self.serif_bold))
            .field("serif_italic", &size(&self.serif_italic))
            .field("script", &size(&self.script))
            .field("fallback", &size(&self.fallback))
            .field("fallback_bold", &size(&self.fallback_bold))
            .finish()
    }
}

/// Slot of the regular fallback face in [`Faces`].
pub(crate) const FALLBACK: usize = 6;
/// Slot of the bold fallback face in [`Faces`].
pub(crate) const FALLBACK_BOLD: usize = 7;
pub(crate) const SLOTS: usize = 8;

fn slot_name(slot: usize) -> String {
    match slot {
        FALLBACK => "cadangan (biasa)".into(),
        FALLBACK_BOLD => "cadangan (tebal)".into(),
        i => FontFace::ALL
            .get(i)
            .map_or_else(|| "?".into(), ToString::to_string),
    }
}

/// All eight faces parsed and registered with one document. Faces that no text uses are
/// left out of the saved file by printpdf.
pub(crate) struct Faces {
    faces: Vec<Face>,
}

impl Faces {
    /// Parses every face and registers it with `doc`.
    pub(crate) fn load(doc: &mut PdfDocument, fonts: &CertificateFonts) -> Result<Self, PdfError> {
        let mut faces = Vec::with_capacity(SLOTS);
        for slot in 0..SLOTS {
            let face = Face::load(doc, fonts.bytes(slot), FontRole::Regular).map_err(|_| {
                PdfError::InvalidCertificateFont {
                    face: slot_name(slot),
                }
            })?;
            faces.push(face);
        }
        Ok(Self { faces })
    }

    /// The same parsed faces registered with another document (no re-parsing).
    pub(crate) fn register(&self, doc: &mut PdfDocument) -> Self {
        Self {
            faces: self.faces.iter().map(|f| f.register(doc)).collect(),
        }
    }

    pub(crate) fn slot(&self, slot: usize) -> &Face {
        &self.faces[slot.min(SLOTS - 1)]
    }

    /// `face` with its fallback behind it.
    pub(crate) fn chain(&self, face: FontFace) -> Chain<'_> {
        let [primary, fallback] = chain_slots(face);
        Chain {
            primary,
            fallback,
            faces: self,
        }
    }
}

/// The slots of `face` and of its fallback face.
pub(crate) fn chain_slots(face: FontFace) -> [usize; 2] {
    let fallback = if face.is_bold() {
        FALLBACK_BOLD
    } else {
        FALLBACK
    };
    [face.index(), fallback]
}

/// A face with a fallback face: a character is printed with the first of the two that has
/// a glyph for it.
#[derive(Clone, Copy)]
pub(crate) struct Chain<'a> {
    primary: usize,
    fallback: usize,
    faces: &'a Faces,
}

impl<'a> Chain<'a> {
    pub(crate) fn primary(&self) -> &'a Face {
        self.faces.slot(self.primary)
    }

    /// Line height in em: [`super::layout::LINE`], or the primary face's ascent plus
    /// descent where that is taller (a script face's swashes), so lines never overlap or
    /// leave their box.
    pub(crate) fn line(&self) -> f32 {
        let face = self.primary();
        super::layout::LINE.max(face.ascent(1.0) + face.descent(1.0))
    }

    fn fallback(&self) -> &'a Face {
        self.faces.slot(self.fallback)
    }

    /// Which slot prints `c` on its own.
    fn slot_for(&self, c: char) -> usize {
        if self.primary().has_glyph(c) || !self.fallback().has_glyph(c) {
            self.primary
        } else {
            self.fallback
        }
    }

    /// The face of each character of one segment (see [`segments`]): a word the primary
    /// face cannot print whole is printed whole in the fallback face when that can, so
    /// that "Nguyễn" is never set in two faces; otherwise character by character.
    fn assign(&self, segment: &str, mut each: impl FnMut(usize, char)) {
        let primary = self.primary();
        if segment.chars().all(|c| primary.has_glyph(c)) {
            segment.chars().for_each(|c| each(self.primary, c));
        } else if segment.chars().all(|c| self.fallback().has_glyph(c)) {
            segment.chars().for_each(|c| each(self.fallback, c));
        } else {
            segment.chars().for_each(|c| each(self.slot_for(c), c));
        }
    }

    /// Splits a clean line into runs of one face each: `(slot, text)`, choosing faces
    /// word by word exactly as [`Metrics::width`] measures them.
    pub(crate) fn runs(&self, line: &str) -> Vec<(usize, String)> {
        let mut runs: Vec<(usize, String)> = Vec::new();
        for segment in segments(line) {
            self.assign(segment, |slot, c| match runs.last_mut() {
                Some((s, text)) if *s == slot => text.push(c),
                _ => runs.push((slot, c.to_string())),
            });
        }
        runs
    }

    /// Width of one clean line at `size` with `spacing` points after each character but
    /// the last.
    pub(crate) fn line_width(&self, line: &str, size: f32, spacing: f32) -> f32 {
        let n = line.chars().count();
        self.width(line, size) + spacing * n.saturating_sub(1) as f32
    }
}

impl Metrics for Chain<'_> {
    fn has_glyph(&self, c: char) -> bool {
        self.primary().has_glyph(c) || self.fallback().has_glyph(c)
    }

    fn advance_em(&self, c: char) -> f32 {
        self.faces.slot(self.slot_for(c)).advance_em(c)
    }

    fn width(&self, text: &str, size: f32) -> f32 {
        let mut em = 0.0;
        for segment in segments(text) {
            self.assign(segment, |slot, c| em += self.faces.slot(slot).advance_em(c));
        }
        em * size
    }

    fn replacement(&self) -> char {
        if self.has_glyph('\u{FFFD}') {
            '\u{FFFD}'
        } else {
            self.primary().replacement()
        }
    }
}

/// The units in which faces are chosen: runs of whitespace, and words split after `-`,
/// `–`, `—` and `/` (where wrapping may break them, so that a piece measured alone while
/// wrapping gets the same face as when it is drawn).
fn segments(text: &str) -> impl Iterator<Item = &str> {
    let mut rest = text;
    std::iter::from_fn(move || {
        let first = rest.chars().next()?;
        let space = first.is_whitespace();
        let mut end = rest.len();
        for (i, c) in rest.char_indices().skip(1) {
            if c.is_whitespace() != space {
                end = i;
                break;
            }
            if !space {
                let prev = rest[..i].chars().next_back();
                if matches!(prev, Some('-' | '–' | '—' | '/')) {
                    end = i;
                    break;
                }
            }
        }
        let (segment, tail) = rest.split_at(end);
        rest = tail;
        Some(segment)
    })
}

#[cfg(test)]
mod tests {
    #[test]
    fn segments_split_at_spaces_and_after_break_marks() {
        let s: Vec<&str> = super::segments("Nguyễn  Thị-Ngọc a/b").collect();
        assert_eq!(s, vec!["Nguyễn", "  ", "Thị-", "Ngọc", " ", "a/", "b"]);
        assert_eq!(super::segments("").count(), 0);
    }
}
