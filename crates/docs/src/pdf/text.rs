//! Text clean-up, measuring and line wrapping against one embedded face.
//!
//! printpdf has no text-measuring helper for the `Op` path, so widths are the sum of the
//! glyphs' horizontal advances (`hmtx`), without kerning, which is also exactly how the
//! text is then drawn (one `Tj` per line, no kerning either).

use printpdf::{FontId, ParsedFont, PdfDocument};
use unicode_normalization::UnicodeNormalization;

use super::{FontRole, PdfError};

/// One embedded face plus what the layout needs to know about it.
pub(crate) struct Face {
    font: ParsedFont,
    id: FontId,
    units_per_em: f32,
    /// Ascent above the baseline, in em (positive).
    ascent: f32,
    /// Descent below the baseline, in em (positive).
    descent: f32,
    /// Printed instead of a character the face has no glyph for.
    replacement: char,
}

impl Face {
    /// Parses `bytes` and registers the face with `doc` (embedded and subset on save).
    pub(crate) fn load(
        doc: &mut PdfDocument,
        bytes: &[u8],
        role: FontRole,
    ) -> Result<Face, PdfError> {
        let invalid = PdfError::InvalidFont { role };
        let mut warnings = Vec::new();
        let font = ParsedFont::from_bytes(bytes, 0, &mut warnings).ok_or(invalid.clone())?;
        let metrics = font.pdf_font_metrics;
        if metrics.units_per_em == 0 || font.num_glyphs == 0 {
            return Err(invalid);
        }
        let units_per_em = f32::from(metrics.units_per_em);
        let mut ascent = f32::from(metrics.ascender) / units_per_em;
        let mut descent = -f32::from(metrics.descender) / units_per_em;
        // Nonsense metrics must not produce overlapping or NaN layouts.
        if !(0.3..=2.0).contains(&ascent) {
            ascent = 0.9;
        }
        if !(0.0..=1.0).contains(&descent) {
            descent = 0.25;
        }
        let mut face = Face {
            id: doc.add_font(&font),
            font,
            units_per_em,
            ascent,
            descent,
            replacement: '?',
        };
        if face.glyph('a').is_none() || face.glyph(' ').is_none() {
            // A symbol font or an empty cmap: every name would come out as marks.
            return Err(invalid);
        }
        if face.glyph('\u{FFFD}').is_some() {
            face.replacement = '\u{FFFD}';
        } else if face.glyph('?').is_none() {
            face.replacement = 'a';
        }
        Ok(face)
    }

    /// The printpdf handle of this face.
    pub(crate) fn id(&self) -> &FontId {
        &self.id
    }

    pub(crate) fn glyph(&self, c: char) -> Option<u16> {
        self.font
            .lookup_glyph_index(u32::from(c))
            .filter(|&gid| gid != 0)
    }

    /// The parsed font.
    pub(crate) fn font(&self) -> &ParsedFont {
        &self.font
    }

    /// Whether `other` lays out `c` as this face does: same metrics, same glyph or none,
    /// same advance.
    pub(crate) fn measures_like(&self, other: &Face, c: char) -> bool {
        self.units_per_em == other.units_per_em
            && self.ascent == other.ascent
            && self.descent == other.descent
            && self.replacement == other.replacement
            && self.glyph(c).is_some() == other.glyph(c).is_some()
            && self.advance_em(c) == other.advance_em(c)
    }

    /// The same face registered with another document, without parsing it again.
    pub(crate) fn register(&self, doc: &mut PdfDocument) -> Face {
        Face {
            id: doc.add_font(&self.font),
            font: self.font.clone(),
            units_per_em: self.units_per_em,
            ascent: self.ascent,
            descent: self.descent,
            replacement: self.replacement,
        }
    }

    /// Ascent in points at `size`.
    pub(crate) fn ascent(&self, size: f32) -> f32 {
        self.ascent * size
    }

    /// Descent (positive) in points at `size`.
    pub(crate) fn descent(&self, size: f32) -> f32 {
        self.descent * size
    }

    /// Horizontal advance of `c` in em; 0 when the face has no glyph for it.
    pub(crate) fn advance_em(&self, c: char) -> f32 {
        match self.glyph(c) {
            Some(gid) => f32::from(self.font.get_horizontal_advance(gid)) / self.units_per_em,
            None => 0.0,
        }
    }

    /// Width in points of `text` at `size`. `text` should have gone through [`Face::clean`].
    pub(crate) fn width(&self, text: &str, size: f32) -> f32 {
        Metrics::width(self, text, size)
    }

    /// Makes `text` printable with this face: NFC-composes it (so a decomposed `ễ` becomes
    /// one glyph), turns CR/LF, CRLF and the Unicode line/paragraph separators into `\n`,
    /// tabs and other blanks into spaces, removes invisible format characters (zero-width
    /// spaces and joiners, variation selectors, BOM, soft hyphen, emoji skin-tone
    /// modifiers), and replaces every other character the face lacks (emoji, control
    /// characters, scripts the font does not cover) with `�`, one `�` for a whole
    /// ZWJ-joined emoji sequence. Nothing visible is dropped.
    pub(crate) fn clean(&self, text: &str) -> String {
        clean(self, text)
    }

    /// [`Face::clean`]s `text`, then wraps it into lines no wider than `max_width` points at
    /// `size`. Breaks at spaces, after `-`, `–`, `—` and `/`, and at `\n`; a word wider than
    /// a line is broken between characters. Runs of spaces collapse to one; blank text gives
    /// no lines. Never returns an empty line except for a blank line inside the text.
    pub(crate) fn wrap(&self, text: &str, size: f32, max_width: f32) -> Vec<String> {
        wrap(self, text, size, max_width)
    }

    /// [`Face::wrap`], keeping at most `max_lines` lines; the last kept line then ends
    /// with `…`.
    pub(crate) fn wrap_at_most(
        &self,
        text: &str,
        size: f32,
        max_width: f32,
        max_lines: usize,
    ) -> Vec<String> {
        let mut lines = self.wrap(text, size, max_width);
        if lines.len() > max_lines.max(1) {
            let rest = lines.split_off(max_lines.max(1) - 1).join(" ");
            lines.push(self.fit_one_line_cut(&rest, size, max_width));
        }
        lines
    }

    /// [`Face::fit_one_line`] that always ends with `…`, for text known to go on.
    pub(crate) fn fit_one_line_cut(&self, text: &str, size: f32, max_width: f32) -> String {
        let line = self.fit_one_line(text, size, max_width);
        if line.ends_with('…') || line.ends_with("...") {
            return line;
        }
        let ellipsis = if self.glyph('…').is_some() {
            "…"
        } else {
            "..."
        };
        let with = format!("{line}{ellipsis}");
        if self.width(&with, size) <= max_width + EPSILON {
            with
        } else {
            self.fit_one_line(&format!("{line}{ellipsis}{ellipsis}"), size, max_width)
        }
    }

    /// Like [`Face::wrap`] but keeps only the first line, ending it with `…` if anything
    /// was cut.
    pub(crate) fn fit_one_line(&self, text: &str, size: f32, max_width: f32) -> String {
        let clean = self.clean(text).replace('\n', " ");
        let clean = clean.trim();
        if self.width(clean, size) <= max_width + EPSILON {
            return clean.to_string();
        }
        let ellipsis = if self.glyph('…').is_some() {
            "…"
        } else {
            "..."
        };
        let budget = max_width - self.width(ellipsis, size);
        let mut out = String::new();
        let mut used = 0.0;
        for c in clean.chars() {
            let w = self.advance_em(c) * size;
            if used + w > budget {
                // Cut at a word boundary when there is one, not inside a word.
                if !c.is_whitespace() {
                    if let Some(space) = out.rfind(' ').filter(|&i| i > 0) {
                        out.truncate(space);
                    }
                }
                break;
            }
            used += w;
            out.push(c);
        }
        let mut out = out.trim_end().to_string();
        out.push_str(ellipsis);
        out
    }
}

/// What cleaning, measuring and wrapping need to know about the glyphs of a face (or of a
/// face with a fallback face behind it).
pub(crate) trait Metrics {
    /// Whether a glyph exists for `c`.
    fn has_glyph(&self, c: char) -> bool;
    /// Horizontal advance of `c` in em; 0 when there is no glyph.
    fn advance_em(&self, c: char) -> f32;
    /// Printed instead of a character that has no glyph.
    fn replacement(&self) -> char;
    /// Width in points of clean `text` at `size`.
    fn width(&self, text: &str, size: f32) -> f32 {
        text.chars().map(|c| self.advance_em(c)).sum::<f32>() * size
    }
}

impl Metrics for Face {
    fn has_glyph(&self, c: char) -> bool {
        self.glyph(c).is_some()
    }

    fn advance_em(&self, c: char) -> f32 {
        Face::advance_em(self, c)
    }

    fn replacement(&self) -> char {
        self.replacement
    }
}

/// [`Face::clean`] for any [`Metrics`]: a character counts as printable when
/// [`Metrics::has_glyph`] says so.
pub(crate) fn clean<M: Metrics + ?Sized>(m: &M, text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.nfc().peekable();
    // After a replaced character joined by U+200D (an emoji sequence such as a family),
    // the joined character is part of the same picture: one `�` stands for the whole.
    let mut last_replaced = false;
    let mut joined = false;
    while let Some(c) = chars.next() {
        let was_joined = std::mem::take(&mut joined);
        let replaced = last_replaced;
        last_replaced = false;
        match c {
            '\u{200D}' => {
                joined = replaced;
                last_replaced = replaced;
            }
            '\r' => {
                if chars.peek() == Some(&'\n') {
                    chars.next();
                }
                out.push('\n');
            }
            '\n' | '\u{2028}' | '\u{2029}' | '\u{0085}' => out.push('\n'),
            c if is_ignorable(c) => {
                // Invisible: the state passes through (e.g. a skin tone before a ZWJ).
                last_replaced = replaced;
                joined = was_joined;
            }
            c if c.is_whitespace() => {
                if !is_no_break_space(c) {
                    out.push(' ');
                } else if m.has_glyph(c) {
                    out.push(c);
                } else if m.has_glyph('\u{00A0}') {
                    out.push('\u{00A0}');
                } else {
                    out.push(' ');
                }
            }
            c if m.has_glyph(c) => out.push(c),
            _ => {
                if !was_joined {
                    out.push(m.replacement());
                }
                last_replaced = true;
            }
        }
    }
    out
}

/// [`Face::wrap`] for any [`Metrics`].
pub(crate) fn wrap<M: Metrics + ?Sized>(
    m: &M,
    text: &str,
    size: f32,
    max_width: f32,
) -> Vec<String> {
    let clean = clean(m, text);
    wrap_clean(m, &clean, size, max_width)
}

/// Wraps text that is already clean for `m` (see [`clean`]).
pub(crate) fn wrap_clean<M: Metrics + ?Sized>(
    m: &M,
    clean: &str,
    size: f32,
    max_width: f32,
) -> Vec<String> {
    let mut lines = Vec::new();
    let trimmed = clean.trim_matches(|c: char| c.is_whitespace() && !is_no_break_space(c));
    if trimmed.is_empty() {
        return lines;
    }
    for paragraph in trimmed.split('\n') {
        wrap_paragraph(m, paragraph, size, max_width, &mut lines);
    }
    lines
}

fn wrap_paragraph<M: Metrics + ?Sized>(
    m: &M,
    paragraph: &str,
    size: f32,
    max_width: f32,
    lines: &mut Vec<String>,
) {
    let space = m.width(" ", size);
    let mut line = String::new();
    let mut line_width = 0.0_f32;
    let words = paragraph
        .split(|c: char| c.is_whitespace() && !is_no_break_space(c))
        .filter(|w| !w.is_empty());
    let mut any = false;
    for word in words {
        any = true;
        for (k, piece) in split_after_breaks(word).into_iter().enumerate() {
            let piece_width = m.width(piece, size);
            if !line.is_empty() {
                let gap = if k == 0 { space } else { 0.0 };
                if line_width + gap + piece_width <= max_width + EPSILON {
                    if k == 0 {
                        line.push(' ');
                    }
                    line.push_str(piece);
                    line_width += gap + piece_width;
                    continue;
                }
                lines.push(std::mem::take(&mut line));
                line_width = 0.0;
            }
            if piece_width <= max_width + EPSILON {
                line.push_str(piece);
                line_width = piece_width;
            } else {
                break_chars(m, piece, size, max_width, lines, &mut line, &mut line_width);
            }
        }
    }
    if !line.is_empty() || !any {
        lines.push(line);
    }
}

/// Breaks `text` between characters; full lines go to `lines`, the rest stays in
/// `line`. At least one character goes on each line, however narrow the column.
fn break_chars<M: Metrics + ?Sized>(
    m: &M,
    text: &str,
    size: f32,
    max_width: f32,
    lines: &mut Vec<String>,
    line: &mut String,
    line_width: &mut f32,
) {
    for c in text.chars() {
        let w = m.advance_em(c) * size;
        if !line.is_empty() && *line_width + w > max_width + EPSILON {
            lines.push(std::mem::take(line));
            *line_width = 0.0;
        }
        line.push(c);
        *line_width += w;
    }
}

/// Slack for float comparisons, in points.
const EPSILON: f32 = 0.01;

/// Splits a word after each `-`, `–`, `—` and `/`, keeping the mark at the end of a piece.
fn split_after_breaks(word: &str) -> Vec<&str> {
    let mut pieces = Vec::new();
    let mut start = 0;
    for (i, c) in word.char_indices() {
        if matches!(c, '-' | '–' | '—' | '/') {
            let end = i + c.len_utf8();
            pieces.push(&word[start..end]);
            start = end;
        }
    }
    if start < word.len() {
        pieces.push(&word[start..]);
    }
    pieces
}

fn is_no_break_space(c: char) -> bool {
    matches!(c, '\u{00A0}' | '\u{2007}' | '\u{202F}')
}

/// Default-ignorable and invisible formatting code points, plus emoji skin-tone modifiers
/// (they only modify the emoji before them, which is itself replaced).
fn is_ignorable(c: char) -> bool {
    matches!(
        c,
        '\u{00AD}'
            | '\u{034F}'
            | '\u{061C}'
            | '\u{115F}'..='\u{1160}'
            | '\u{17B4}'..='\u{17B5}'
            | '\u{180B}'..='\u{180F}'
            | '\u{200B}'..='\u{200F}'
            | '\u{202A}'..='\u{202E}'
            | '\u{2060}'..='\u{206F}'
            | '\u{3164}'
            | '\u{FE00}'..='\u{FE0F}'
            | '\u{FEFF}'
            | '\u{FFA0}'
            | '\u{FFF0}'..='\u{FFF8}'
            | '\u{1BCA0}'..='\u{1BCA3}'
            | '\u{1D173}'..='\u{1D17A}'
            | '\u{1F3FB}'..='\u{1F3FF}'
            | '\u{E0000}'..='\u{E0FFF}'
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn face() -> (PdfDocument, Face) {
        let mut doc = PdfDocument::new("t");
        let fonts = crate::pdf::Fonts::dejavu_sans();
        let face = Face::load(&mut doc, &fonts.regular, FontRole::Regular).expect("font");
        (doc, face)
    }

    #[test]
    fn clean_replaces_and_removes() {
        let (_doc, f) = face();
        assert_eq!(f.clean("Nguye\u{0302}\u{0303}n"), "Nguyễn");
        assert_eq!(f.clean("a\u{200B}b\u{FE0F}"), "ab");
        assert_eq!(f.clean("x🎉y"), "x\u{FFFD}y");
        assert_eq!(f.clean("👍🏽"), "\u{FFFD}");
        assert_eq!(
            f.clean("👨\u{200D}👩\u{200D}👧 ok 🎉🎉"),
            "\u{FFFD} ok \u{FFFD}\u{FFFD}"
        );
        assert_eq!(f.clean("👩🏽\u{200D}💻\u{FE0F}!"), "\u{FFFD}!");
        assert_eq!(f.clean("a\u{200D}b"), "ab");
        assert_eq!(f.clean("a\r\nb\rc\td\u{0007}"), "a\nb\nc d\u{FFFD}");
    }

    #[test]
    fn wrap_fits_and_keeps_all_text() {
        let (_doc, f) = face();
        let text = "Kebijakan Pemerintah Daerah dalam Pengelolaan Media Sosial 08.00–09.00 \
                    https://diskominfo.grobogan.go.id/berita/sangat/panjang/sekali";
        for max in [5.0, 30.0, 80.0, 160.0, 1000.0] {
            let lines = f.wrap(text, 9.0, max);
            for line in &lines {
                assert!(
                    f.width(line, 9.0) <= max + 0.1 || line.chars().count() == 1,
                    "{line:?} too wide for {max}"
                );
            }
            let joined: String = lines.concat().chars().filter(|c| *c != ' ').collect();
            let original: String = text.chars().filter(|c| *c != ' ').collect();
            assert_eq!(joined, original, "max {max}");
        }
        assert!(f.wrap("   \n  ", 9.0, 100.0).is_empty());
        assert_eq!(f.wrap("a\n\nb", 9.0, 100.0), vec!["a", "", "b"]);
    }

    #[test]
    fn fit_one_line_cuts_with_ellipsis() {
        let (_doc, f) = face();
        let s = f.fit_one_line(&"panjang ".repeat(50), 8.0, 100.0);
        assert!(s.ends_with('…'));
        assert!(f.width(&s, 8.0) <= 100.0);
        assert_eq!(f.fit_one_line("pendek", 8.0, 100.0), "pendek");
        let lines = f.wrap_at_most(&"judul panjang ".repeat(100), 10.0, 200.0, 3);
        assert_eq!(lines.len(), 3);
        assert!(lines[2].ends_with('…'), "{lines:?}");
        assert!(lines.iter().all(|l| f.width(l, 10.0) <= 200.01));
        assert_eq!(f.wrap_at_most("a b", 10.0, 200.0, 3), vec!["a b"]);
    }
}
