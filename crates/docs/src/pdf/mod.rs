//! Shared building blocks for Bintek's printed PDFs (agenda, badges, attendance sheets,
//! recaps and certificates), on top of printpdf's low-level `Op` API.
//!
//! - [`Fonts`]: the TrueType bytes the caller chooses (the app decides where fonts come
//!   from); [`Fonts::dejavu_sans`] gives the bundled DejaVu Sans pair. Fonts are embedded
//!   and subset, so a PDF prints the same on a Windows machine without those fonts.
//! - [`PdfError`]: what can go wrong, with an Indonesian `Display` text for the clerk.
//! - Crate-internal: text clean-up, measuring and wrapping (`text`), a top-down page
//!   canvas that turns shapes and text into printpdf pages (`canvas`), and a page flow
//!   with bordered tables whose header repeats on every page (`flow`).
//!
//! Coordinates inside this module are points (1/72 inch) measured from the **top-left**
//! corner of the page; the canvas flips them to PDF's bottom-left origin when it writes.

pub(crate) mod canvas;
pub(crate) mod flow;
pub(crate) mod save;
pub(crate) mod text;

use std::fmt;

/// The two faces a document uses: regular and bold, as TrueType/OpenType file bytes
/// (`.ttf`/`.otf`, not a collection).
///
/// Characters that a face has no glyph for are printed as `�` (or `?` when the face lacks
/// that too): they are replaced, never silently dropped; an emoji sequence joined with
/// U+200D (a family, a profession) becomes a single `�`. Invisible format characters
/// (zero-width spaces and joiners, variation selectors, byte-order marks, soft hyphens,
/// bidi controls, emoji skin-tone modifiers) are removed, because they would otherwise
/// print as replacement marks. Text is drawn left to right without shaping: Latin (with
/// Vietnamese), Greek and Cyrillic print correctly; Arabic or Hebrew letters would print
/// unjoined and in stored order.
#[derive(Clone, PartialEq, Eq)]
pub struct Fonts {
    /// Regular face, e.g. `DejaVuSans.ttf`.
    pub regular: Vec<u8>,
    /// Bold face, e.g. `DejaVuSans-Bold.ttf`.
    pub bold: Vec<u8>,
}

impl Fonts {
    /// DejaVu Sans 2.37 (Bitstream Vera licence, free to embed), bundled through the
    /// `dejavu` crate. It covers Latin including Vietnamese, Greek and Cyrillic; no emoji.
    pub fn dejavu_sans() -> Self {
        Self {
            regular: dejavu::sans::regular().to_vec(),
            bold: dejavu::sans::bold().to_vec(),
        }
    }
}

impl fmt::Debug for Fonts {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Fonts")
            .field("regular", &format_args!("{} bytes", self.regular.len()))
            .field("bold", &format_args!("{} bytes", self.bold.len()))
            .finish()
    }
}

/// Which face of [`Fonts`] an error is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FontRole {
    /// [`Fonts::regular`].
    Regular,
    /// [`Fonts::bold`].
    Bold,
}

impl fmt::Display for FontRole {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            FontRole::Regular => "biasa (regular)",
            FontRole::Bold => "tebal (bold)",
        })
    }
}

/// Why a PDF could not be made. `Display` is Indonesian and tells the clerk what to do.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PdfError {
    /// The font bytes are not a usable TrueType/OpenType font.
    #[error(
        "Huruf {role} untuk PDF tidak dapat dibaca: berkasnya bukan huruf TrueType/OpenType \
         yang sah. Pasang ulang aplikasi atau pilih berkas huruf .ttf yang lain."
    )]
    InvalidFont {
        /// Which face.
        role: FontRole,
    },
    /// The document would have more pages than its limit: [`MAX_PAGES`] for most
    /// documents, more for those that are long by nature (one badge per page, the
    /// attendance sheet of a very large event).
    #[error(
        "Dokumen terlalu panjang: lebih dari {max} halaman. Perpendek teksnya atau bagi \
         menjadi beberapa dokumen."
    )]
    TooManyPages {
        /// The limit that was hit.
        max: usize,
    },
    /// More badges were asked for than [`crate::badges::MAX_BADGES`] in one document.
    #[error(
        "Terlalu banyak kartu peserta dalam satu dokumen: {}, paling banyak {}. \
         Cetak per kelompok, misalnya per OPD atau per angkatan.",
        thousands(*count),
        thousands(*max)
    )]
    TooManyBadges {
        /// How many were asked for.
        count: usize,
        /// The limit, [`crate::badges::MAX_BADGES`].
        max: usize,
    },
    /// A certificate face (see [`crate::certificate::CertificateFonts`]) is not a usable
    /// TrueType/OpenType font.
    #[error(
        "Huruf sertifikat \"{face}\" tidak dapat dibaca: berkasnya bukan huruf \
         TrueType/OpenType yang sah. Pasang ulang aplikasi atau pilih berkas huruf .ttf yang \
         lain."
    )]
    InvalidCertificateFont {
        /// Which face, in Indonesian (e.g. "serif tebal").
        face: String,
    },
    /// The certificate template does not pass
    /// [`crate::certificate::validate_template`].
    #[error(
        "Templat sertifikat tidak dapat dipakai. {message} Perbaiki templatnya lalu coba lagi."
    )]
    InvalidTemplate {
        /// The validation messages, joined.
        message: String,
    },
    /// The kop's logo cannot be read (it is checked when the profile is saved).
    #[error(
        "Logo instansi tidak dapat dipakai: {reason} Ganti logonya di Pengaturan → Profil \
         instansi."
    )]
    InvalidLogo {
        /// Why, in Indonesian.
        reason: String,
    },
    /// The template's background image cannot be read.
    #[error(
        "Gambar latar templat tidak dapat dipakai: {reason} Ganti gambar latarnya dengan \
         berkas PNG atau JPEG yang lain."
    )]
    InvalidBackground {
        /// What is wrong with it, in Indonesian.
        reason: String,
    },
    /// More certificates were asked for than
    /// [`crate::certificate::MAX_CERTIFICATES`] in one document.
    #[error(
        "Terlalu banyak sertifikat dalam satu dokumen: {}, paling banyak {}. Cetak per \
         kelompok, misalnya per peran atau per OPD.",
        thousands(*count),
        thousands(*max)
    )]
    TooManyCertificates {
        /// How many were asked for.
        count: usize,
        /// The limit.
        max: usize,
    },
    /// The caller stopped a long job (e.g. one PDF per person) before it finished.
    #[error("Pembuatan dokumen dibatalkan.")]
    Cancelled,
    /// A document is larger than its limits allow (too many letters, a table too long).
    #[error("Dokumen tidak dapat dibuat: {reason}. Bagi menjadi beberapa dokumen.")]
    TooLarge {
        /// What is too large, in Indonesian.
        reason: String,
    },
}

/// `20000` as Indonesian writes it: `20.000`.
pub(crate) fn thousands(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push('.');
        }
        out.push(c);
    }
    out
}

/// Upper bound on the pages of one document, so that absurd input ends in an error rather
/// than in minutes of work and a huge file.
pub const MAX_PAGES: usize = 1_000;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn badge_limit_message_groups_thousands_the_indonesian_way() {
        assert_eq!(thousands(0), "0");
        assert_eq!(thousands(999), "999");
        assert_eq!(thousands(1000), "1.000");
        assert_eq!(thousands(20_001), "20.001");
        assert_eq!(thousands(1_234_567), "1.234.567");
        let err = PdfError::TooManyBadges {
            count: 20_001,
            max: 20_000,
        };
        assert!(
            err.to_string().contains(": 20.001, paling banyak 20.000."),
            "{err}"
        );
    }
}
