//! Official letters (*naskah dinas*): the undangan, the permohonan narasumber and the
//! surat tugas, laid out as Indonesian letters are — the kop surat, the number block, the
//! addressee, the body, the signature at the right, a lampiran on its own page.
//!
//! A [`LetterDoc`] is plain data: a kop and sections of [`Block`]s. The same document is
//! written as a PDF ([`render_pdf`]) and as a DOCX that opens in Word and LibreOffice with
//! the same look ([`render_docx`]).

mod docx;
mod pdf;

use serde::{Deserialize, Serialize};

pub use docx::{render_docx, DocxError};

/// Files into one ZIP (deflated): the DOCX letters of one print, their participant lists.
pub fn zip_files(parts: &[(String, Vec<u8>)]) -> Result<Vec<u8>, DocxError> {
    docx::zip_parts(parts).map_err(|e| DocxError::Write(e.to_string()))
}
pub use pdf::render_pdf;

/// Most sections (letters and their lampiran) in one document: a letter with its
/// lampiran for each of 500 units (OPD, kecamatan, kelurahan) stays below it.
pub const MAX_SECTIONS: usize = 1_000;
/// Most pages of one letter document.
pub const MAX_PAGES: usize = 3_000;
/// Most rows of one table (a lampiran of names).
pub const MAX_TABLE_ROWS: usize = 5_000;

/// The kop surat: heading lines (government, agency) in bold capitals, details (address,
/// contacts) small, the logo at the left.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Kop {
    pub heading: Vec<String>,
    pub details: Vec<String>,
    pub logo: Option<crate::logo::Logo>,
}

/// How a paragraph's lines sit between the margins.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub enum TextAlign {
    /// Both edges straight except the last line (the body of a letter).
    #[default]
    Justify,
    Left,
    Center,
    Right,
}

/// The signature block at the right: place and date, the position (*jabatan*, may span
/// lines), room to sign, the name bold and underlined, the rank, the NIP.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Signature {
    /// "Purwodadi, 1 Desember 2026"; left out when blank.
    pub place_date: String,
    /// "KEPALA DINAS KOMUNIKASI DAN INFORMATIKA\nKABUPATEN GROBOGAN,"; `\n` breaks.
    pub position: String,
    pub name: String,
    /// "Pembina Utama Muda"; left out when blank.
    pub rank: String,
    /// Formatted NIP; no "NIP." line when blank.
    pub nip: String,
}

/// One piece of a letter, top to bottom.
#[derive(Debug, Clone, PartialEq)]
pub enum Block {
    /// A paragraph; `\n` breaks a line inside it. `indent` starts its first line 1.25 cm in.
    Text {
        text: String,
        align: TextAlign,
        bold: bool,
        indent: bool,
        /// Type size in points; `None` for the body size.
        size: Option<f32>,
    },
    /// "Nomor : …" lines: labels in a column, the colons aligned, values wrapping beside
    /// them. `indent` moves the block 1.25 cm in (the event's details in the body).
    Fields {
        rows: Vec<(String, String)>,
        indent: bool,
    },
    /// A bordered table with a header row repeated on every page, rows never split.
    /// `widths` are relative; `align` per column.
    Table {
        header: Vec<String>,
        widths: Vec<u16>,
        align: Vec<TextAlign>,
        rows: Vec<Vec<String>>,
        /// The last column is for signatures, as payment lists and the daftar hadir have
        /// it: rows are tall enough to sign, and the cells ("1. ……", "2. ……") sit at the
        /// left in odd rows and at the right in even ones, so neighbours never sign on
        /// top of each other.
        signing: bool,
        /// The last row is a total: bold.
        total: bool,
    },
    /// The signature block at the right, kept whole on one page.
    Signature(Signature),
    /// Empty space of about `lines` body lines.
    Gap(u8),
    /// A heading: level 1 (a chapter, *BAB*: centred, bold) or 2 (a part: bold, left).
    /// Headings make the table of contents.
    Heading { text: String, level: u8 },
    /// The table of contents: every heading of the document with its page.
    Toc,
    /// Photos with captions, two per row (three rows to an A4 page): indices into
    /// [`LetterDoc::images`].
    Photos(Vec<(usize, String)>),
    /// Signature blocks side by side ("Mengetahui" at the left, the maker at the right),
    /// kept whole on one page.
    Signatures(Vec<Signature>),
    /// A bar chart drawn in the document (not a picture): per row a label, a bar as long
    /// as `value / max` of its track, and a note at its right ("3 · 60%").
    Bars(Vec<Bar>),
}

/// One row of [`Block::Bars`].
#[derive(Debug, Clone, PartialEq)]
pub struct Bar {
    pub label: String,
    pub value: f64,
    pub max: f64,
    pub note: String,
    /// Drawn dark (a test question's right option); the others mid grey.
    pub strong: bool,
}

impl Bar {
    /// The bar's share of its track, 0–1 (0 for a zero, negative or missing maximum).
    pub fn share(&self) -> f32 {
        if self.max > 0.0 && self.value.is_finite() {
            (self.value / self.max).clamp(0.0, 1.0) as f32
        } else {
            0.0
        }
    }
}

impl Block {
    /// A justified body paragraph with its first line indented.
    pub fn para(text: impl Into<String>) -> Self {
        Block::Text {
            text: text.into(),
            align: TextAlign::Justify,
            bold: false,
            indent: true,
            size: None,
        }
    }

    /// Left-aligned lines (an addressee, a list), not indented.
    pub fn lines(text: impl Into<String>) -> Self {
        Block::Text {
            text: text.into(),
            align: TextAlign::Left,
            bold: false,
            indent: false,
            size: None,
        }
    }

    /// A centred bold title ("SURAT TUGAS", "LAMPIRAN").
    pub fn title(text: impl Into<String>, size: f32) -> Self {
        Block::Text {
            text: text.into(),
            align: TextAlign::Center,
            bold: true,
            indent: false,
            size: Some(size),
        }
    }

    /// Centred regular text ("Nomor: …" under a title).
    pub fn centred(text: impl Into<String>) -> Self {
        Block::Text {
            text: text.into(),
            align: TextAlign::Center,
            bold: false,
            indent: false,
            size: None,
        }
    }
}

/// One letter, or one lampiran: it starts on a new page, with the kop when `kop` is set.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Section {
    pub kop: bool,
    pub blocks: Vec<Block>,
}

/// A letter document: one or more letters (each a section, its lampiran another), or a
/// report (sections with headings, a table of contents, photos, numbered pages).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct LetterDoc {
    /// The PDF's and the DOCX's title.
    pub title: String,
    pub kop: Kop,
    pub sections: Vec<Section>,
    /// The photos [`Block::Photos`] shows.
    pub images: Vec<crate::photo::Photo>,
    /// "Halaman N dari M" at the foot of every page (a report; letters have none).
    pub numbered: bool,
    /// A4 landscape (a wide payment list). Only the PDF writer lays it out: the DOCX
    /// writer refuses such a document rather than squeeze it onto a portrait page.
    pub landscape: bool,
    /// Type size of table cells in points; `None` for the letters' 10 pt.
    pub table_size: Option<f32>,
}

/// Body type size in points.
pub(crate) const BODY_SIZE: f32 = 11.0;
/// The first-line indent of a body paragraph, in millimetres.
pub(crate) const INDENT_MM: f32 = 12.5;
/// Room left for the signature, in millimetres.
pub(crate) const SIGN_ROOM_MM: f32 = 22.0;
/// The signature block's width, in millimetres (at the right margin).
pub(crate) const SIGN_WIDTH_MM: f32 = 80.0;

/// Why a document cannot be made, before either writer starts: a check both share.
pub(crate) fn check(doc: &LetterDoc) -> Result<(), String> {
    if doc.sections.len() > MAX_SECTIONS {
        return Err(format!(
            "terlalu banyak surat dalam satu berkas ({}; paling banyak {MAX_SECTIONS})",
            doc.sections.len()
        ));
    }
    for block in doc.sections.iter().flat_map(|s| &s.blocks) {
        match block {
            Block::Table { rows, .. } if rows.len() > MAX_TABLE_ROWS => {
                return Err(format!(
                    "tabel terlalu panjang ({} baris; paling banyak {MAX_TABLE_ROWS})",
                    rows.len()
                ));
            }
            Block::Bars(bars) if bars.len() > MAX_TABLE_ROWS => {
                return Err(format!(
                    "grafik terlalu panjang ({} batang; paling banyak {MAX_TABLE_ROWS})",
                    bars.len()
                ));
            }
            Block::Photos(photos) if photos.iter().any(|(i, _)| *i >= doc.images.len()) => {
                return Err("foto yang dirujuk tidak ada".to_string());
            }
            _ => {}
        }
    }
    Ok(())
}

#[cfg(test)]
pub(crate) fn sample() -> LetterDoc {
    let kop = Kop {
        heading: vec![
            "PEMERINTAH KABUPATEN GROBOGAN".into(),
            "DINAS KOMUNIKASI DAN INFORMATIKA".into(),
        ],
        details: vec!["Jl. Gajah Mada No. 1 Purwodadi · Telepon (0292) 421 234".into()],
        logo: Some(crate::logo::sample_png()),
    };
    let letter = Section {
        kop: true,
        blocks: vec![
            Block::Text {
                text: "Purwodadi, 1 Desember 2026".into(),
                align: TextAlign::Right,
                bold: false,
                indent: false,
                size: None,
            },
            Block::Fields {
                rows: vec![
                    ("Nomor".into(), "001/UND/DISKOMINFO/XII/2026".into()),
                    ("Sifat".into(), "Biasa".into()),
                    ("Lampiran".into(), "1 (satu) lembar".into()),
                    (
                        "Perihal".into(),
                        "Undangan Bimbingan Teknis Keamanan Informasi bagi Aparatur".into(),
                    ),
                ],
                indent: false,
            },
            Block::Gap(1),
            Block::lines("Yth. Kepala Dinas Kesehatan\ndi\n     Tempat"),
            Block::para(
                "Dalam rangka meningkatkan kapasitas aparatur di bidang keamanan informasi, \
                 kami mengundang Saudara untuk mengirimkan 3 (tiga) orang pegawai sebagai \
                 peserta kegiatan yang akan dilaksanakan pada:",
            ),
            Block::Fields {
                rows: vec![
                    ("Hari, tanggal".into(), "Senin, 7 Desember 2026".into()),
                    ("Tempat".into(), "Aula Dinas & <Ruang> \"Rapat\"".into()),
                ],
                indent: true,
            },
            Block::para("Demikian, atas perhatian dan kerja samanya kami ucapkan terima kasih."),
            Block::Signature(Signature {
                place_date: String::new(),
                position: "KEPALA DINAS KOMUNIKASI DAN INFORMATIKA\nKABUPATEN GROBOGAN,".into(),
                name: "Dr. Bambang Sutrisno, M.M.".into(),
                rank: "Pembina Utama Muda".into(),
                nip: "19700101 199503 1 001".into(),
            }),
        ],
    };
    let lampiran = Section {
        kop: false,
        blocks: vec![
            Block::lines("Lampiran Surat\nNomor : 001/UND/DISKOMINFO/XII/2026"),
            Block::title("KUOTA PESERTA PER OPD", 11.0),
            Block::Table {
                header: vec!["No".into(), "OPD".into(), "Kuota".into()],
                widths: vec![1, 8, 2],
                align: vec![TextAlign::Center, TextAlign::Left, TextAlign::Center],
                rows: (1..=40)
                    .map(|i| vec![i.to_string(), format!("Dinas Nomor {i}"), "3".into()])
                    .collect(),
                signing: false,
                total: false,
            },
        ],
    };
    LetterDoc {
        title: "Undangan".into(),
        kop,
        sections: vec![letter, lampiran],
        ..Default::default()
    }
}

/// A short report with every block: a cover, the contents, headings, photos and two
/// signatures.
#[cfg(test)]
pub(crate) fn sample_report() -> LetterDoc {
    let mut doc = sample();
    doc.title = "Laporan".into();
    doc.numbered = true;
    doc.images = vec![
        crate::photo::import("image/jpeg", &crate::photo::sample_jpeg(640, 480, 1)).expect("photo"),
        crate::photo::import("image/jpeg", &crate::photo::sample_jpeg(480, 640, 2)).expect("photo"),
    ];
    let sign = |name: &str| Signature {
        place_date: String::new(),
        position: "Ketua Panitia,".into(),
        name: name.into(),
        rank: String::new(),
        nip: "19800101 200501 1 001".into(),
    };
    doc.sections = vec![
        Section {
            kop: false,
            blocks: vec![Block::title("LAPORAN PELAKSANAAN KEGIATAN", 16.0)],
        },
        Section {
            kop: false,
            blocks: vec![Block::title("DAFTAR ISI", 12.0), Block::Toc],
        },
        Section {
            kop: false,
            blocks: vec![
                Block::Heading {
                    text: "BAB I PENDAHULUAN".into(),
                    level: 1,
                },
                Block::Heading {
                    text: "A. Latar Belakang".into(),
                    level: 2,
                },
                Block::para("Kegiatan ini & itu <penting>."),
                Block::Signatures(vec![sign("Kiri"), sign("Kanan")]),
            ],
        },
        Section {
            kop: false,
            blocks: vec![
                Block::Heading {
                    text: "LAMPIRAN DOKUMENTASI".into(),
                    level: 1,
                },
                Block::Photos(vec![(0, "Pembukaan".into()), (1, "Sesi materi".into())]),
            ],
        },
    ];
    doc
}
