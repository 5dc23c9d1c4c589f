//! Official letters of an event (*naskah dinas*): the **undangan** to every OPD with a
//! quota, the **permohonan narasumber** to each speaker and the committee's **surat tugas**.
//!
//! Each kind has settings per event (number pattern, date, place, *sifat*, *perihal*, the
//! lampiran, the dress code, the signatory) and a text the organizer may edit: plain text
//! with named fields (`{nama_kegiatan}`), paragraphs separated by a blank line, a paragraph
//! of `Label : value` lines printed as aligned details. Unknown fields are refused when
//! the text is saved, naming the valid ones.
//!
//! A letter's number is given the first time the letter is printed and kept: printing
//! again prints the same number and date, and a number is never given twice in its scope
//! (the kind and the year), whatever the pattern says. Letters come as one PDF (a letter
//! per addressee, each with its lampiran) or a ZIP of DOCX files that Word opens.

use std::collections::BTreeSet;

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

use crate::agency::Kop;
use crate::agenda::{dotted, event_or_404};
use crate::api::{Api, Caller};
use crate::certificates::{check_pattern, format_number, org_from};
use crate::error::{ApiError, ErrorCode};
use crate::files::FilePayload;
use crate::format::{count_words, date_long};
use crate::model::{Event, Participant, QuotaRow, Signatory};
use crate::store::audit::Audit;
use crate::store::letters::{self as db, StoredSettings};
use crate::tx::Tx;
use crate::validate::Errors;
use bintek_docs::letter::{Block, LetterDoc, Section, Signature, TextAlign};

/// The kinds of letters.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[serde(rename_all = "snake_case")]
pub enum LetterKind {
    /// The invitation to each OPD to send its quota of participants.
    Undangan,
    /// The request to each narasumber.
    Narasumber,
    /// The committee's assignment, one letter for all.
    Tugas,
}

impl LetterKind {
    pub fn as_str(self) -> &'static str {
        match self {
            LetterKind::Undangan => "undangan",
            LetterKind::Narasumber => "narasumber",
            LetterKind::Tugas => "tugas",
        }
    }

    /// "Undangan", as file names and messages say it.
    pub fn label(self) -> &'static str {
        match self {
            LetterKind::Undangan => "Undangan",
            LetterKind::Narasumber => "Permohonan narasumber",
            LetterKind::Tugas => "Surat tugas",
        }
    }

    fn default_pattern(self) -> &'static str {
        match self {
            LetterKind::Undangan => "{seq:3}/UND/{org}/{roman_month}/{year}",
            LetterKind::Narasumber => "{seq:3}/NS/{org}/{roman_month}/{year}",
            LetterKind::Tugas => "{seq:3}/ST/{org}/{roman_month}/{year}",
        }
    }

    fn default_perihal(self) -> &'static str {
        match self {
            LetterKind::Undangan => "Undangan {nama_kegiatan}",
            LetterKind::Narasumber => "Permohonan Narasumber {nama_kegiatan}",
            LetterKind::Tugas => "",
        }
    }

    /// The shipped text, in formal Indonesian.
    pub fn default_body(self) -> &'static str {
        match self {
            LetterKind::Undangan => DEFAULT_UNDANGAN,
            LetterKind::Narasumber => DEFAULT_NARASUMBER,
            LetterKind::Tugas => DEFAULT_TUGAS,
        }
    }

    /// The fields its text may use.
    fn fields(self) -> Vec<(&'static str, &'static str)> {
        let mut out = COMMON_FIELDS.to_vec();
        out.extend_from_slice(match self {
            LetterKind::Undangan => UNDANGAN_FIELDS,
            LetterKind::Narasumber => NARASUMBER_FIELDS,
            LetterKind::Tugas => TUGAS_FIELDS,
        });
        out
    }
}

const DEFAULT_UNDANGAN: &str = "\
Dalam rangka meningkatkan kompetensi aparatur di lingkungan {pemerintah}, {penyelenggara} \
akan menyelenggarakan {nama_kegiatan} yang akan dilaksanakan pada:

Hari, tanggal : {hari_tanggal}
Waktu : {waktu}
Tempat : {tempat}
Pakaian : {pakaian}

Sehubungan dengan hal tersebut, kami mohon kiranya Saudara berkenan menugaskan {kuota} \
pegawai di lingkungan {opd} untuk mengikuti kegiatan dimaksud, dengan mengisi daftar peserta \
terlampir dan menyampaikannya kepada panitia paling lambat 3 (tiga) hari sebelum kegiatan \
dilaksanakan.

Demikian undangan ini kami sampaikan. Atas perhatian dan kerja sama Saudara, kami ucapkan \
terima kasih.";

const DEFAULT_NARASUMBER: &str = "\
Dalam rangka pelaksanaan {nama_kegiatan} yang diselenggarakan oleh {penyelenggara} pada \
{hari_tanggal} di {tempat}, dengan hormat kami mohon kesediaan Saudara untuk menjadi \
narasumber dengan ketentuan sebagai berikut:

Materi : {materi}
Jadwal : {jadwal}
Tempat : {tempat}

Bahan tayang kiranya dapat disampaikan kepada panitia paling lambat 2 (dua) hari sebelum \
pelaksanaan. Untuk koordinasi lebih lanjut, Saudara dapat menghubungi panitia melalui \
{kontak}.

Demikian permohonan ini kami sampaikan. Atas perhatian dan kesediaan Saudara, kami ucapkan \
terima kasih.";

const DEFAULT_TUGAS: &str = "\
1. Melaksanakan tugas sebagai panitia {nama_kegiatan} yang diselenggarakan pada \
{hari_tanggal} bertempat di {tempat}, sesuai dengan pembagian tugas sebagaimana tersebut di \
atas;
2. Melaporkan hasil pelaksanaan tugas kepada pejabat pemberi tugas;
3. Melaksanakan tugas ini dengan penuh tanggung jawab.";

const COMMON_FIELDS: &[(&str, &str)] = &[
    ("nama_kegiatan", "Nama kegiatan"),
    ("tema", "Tema kegiatan"),
    ("penyelenggara", "Instansi penyelenggara"),
    ("pemerintah", "Pemerintah daerah (Pemerintah Kabupaten …)"),
    ("hari_tanggal", "Hari dan tanggal kegiatan"),
    ("tanggal", "Tanggal kegiatan"),
    ("waktu", "Jam mulai kegiatan (dari agenda) dan zona waktu"),
    ("tempat", "Tempat dan kota kegiatan"),
    ("pakaian", "Pakaian (dari pengaturan surat)"),
    ("jumlah_hari", "Lama kegiatan dalam hari"),
    ("tahun", "Tahun kegiatan"),
    ("kontak", "Telepon/email instansi (profil instansi)"),
];
const UNDANGAN_FIELDS: &[(&str, &str)] = &[
    ("opd", "Nama OPD yang diundang"),
    ("kuota", "Kuota peserta OPD itu, mis. 3 (tiga) orang"),
];
const NARASUMBER_FIELDS: &[(&str, &str)] = &[
    ("nama", "Nama narasumber"),
    ("instansi", "Instansi narasumber"),
    ("materi", "Judul materi (sesi) narasumber"),
    ("jadwal", "Hari, tanggal dan jam sesi narasumber"),
];
const TUGAS_FIELDS: &[(&str, &str)] = &[("jumlah_panitia", "Jumlah panitia")];

/// Longest letter text, in characters.
const MAX_BODY: usize = 8_000;
/// Most paragraphs of a letter text.
const MAX_PARAGRAPHS: usize = 40;
/// Longest label of a `Label : value` line.
const MAX_LABEL: usize = 30;

// ---- arguments and answers -------------------------------------------------------------

#[derive(Debug, Clone, Deserialize, Serialize, ts_rs::TS)]
#[serde(deny_unknown_fields)]
#[ts(optional_fields = nullable)]
pub struct LetterKindArgs {
    pub event_id: String,
    pub kind: LetterKind,
}

/// Changes to one kind of letter's settings: a field left out stays as it is, an empty
/// text (or 0 for `next_seq`) returns it to its default.
#[derive(Debug, Clone, Deserialize, Serialize, ts_rs::TS)]
#[serde(deny_unknown_fields)]
#[ts(optional_fields = nullable)]
pub struct LetterSettingsArgs {
    pub event_id: String,
    pub kind: LetterKind,
    pub number_pattern: Option<String>,
    pub org_code: Option<String>,
    pub place: Option<String>,
    /// `YYYY-MM-DD`; empty: the date each letter is numbered.
    pub letter_date: Option<String>,
    pub sifat: Option<String>,
    pub perihal: Option<String>,
    /// `none`, `quota` (the quota of every OPD) or `names` (the OPD's registered names).
    pub attachment: Option<String>,
    pub dress_code: Option<String>,
    /// `WIB`, `WITA` or `WIT`.
    pub time_zone: Option<String>,
    pub body: Option<String>,
    pub signatory_ord: Option<i64>,
    /// The next number of the agency's register when it is ahead of Bintek's.
    pub next_seq: Option<i64>,
}

/// A field a letter text may use, with its value for the first addressee.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
pub struct LetterField {
    pub name: String,
    pub description: String,
    pub example: String,
}

/// Who gets a letter of this kind, with the number once given.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
pub struct LetterAddressee {
    /// The OPD's id, the registration's id, or "" for the one surat tugas.
    pub key: String,
    pub name: String,
    /// "Kuota 3 orang", the speaker's sessions, the number of committee members.
    pub detail: String,
    pub number: Option<String>,
}

/// A number given, also to an addressee who no longer gets a letter.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
pub struct IssuedLetter {
    pub addressee: String,
    pub number: String,
    pub letter_date: String,
    pub issued_at: String,
}

/// One kind of letter of an event: its settings as they apply (defaults filled in), the
/// text and its fields, who gets a letter, and the numbers given.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
pub struct LetterSettings {
    pub event_id: String,
    pub kind: LetterKind,
    pub number_pattern: String,
    pub org_code: String,
    pub place: String,
    /// Set by the organizer; else each letter carries the date it was numbered.
    pub letter_date: Option<String>,
    pub sifat: String,
    pub perihal: String,
    pub attachment: String,
    pub dress_code: Option<String>,
    pub time_zone: String,
    pub body: String,
    pub body_is_default: bool,
    pub default_body: String,
    pub signatory_ord: i64,
    /// The event's signatory of that order; none yet means a dotted line to sign on.
    pub signatory: Option<Signatory>,
    pub next_seq: Option<i64>,
    /// The number the next new letter gets.
    pub next_number: String,
    pub fields: Vec<LetterField>,
    pub addressees: Vec<LetterAddressee>,
    pub issued: Vec<IssuedLetter>,
}

#[derive(Debug, Clone, Deserialize, Serialize, ts_rs::TS)]
#[serde(deny_unknown_fields)]
#[ts(optional_fields = nullable)]
pub struct LetterPrintArgs {
    pub event_id: String,
    pub kind: LetterKind,
    /// `pdf` (one file, a letter per addressee) or `zip` (a DOCX per addressee).
    pub format: Option<String>,
    /// Only these addressees (`LetterAddressee::key`); all when left out.
    pub keys: Option<Vec<String>>,
    /// With each undangan in the ZIP, a participant list to fill in (XLSX with the
    /// headers the import reads best).
    pub with_template: Option<bool>,
}

// ---- settings --------------------------------------------------------------------------

/// The settings with the defaults filled in.
struct Effective {
    pattern: String,
    org: String,
    place: String,
    letter_date: Option<NaiveDate>,
    sifat: String,
    perihal: String,
    attachment: String,
    dress_code: Option<String>,
    time_zone: String,
    body: String,
    signatory_ord: i64,
    next_seq: Option<i64>,
}

fn effective(
    conn: &rusqlite::Connection,
    event: &Event,
    kind: LetterKind,
    s: &StoredSettings,
) -> Result<Effective, ApiError> {
    let profile = crate::store::agency::get_profile(conn)?;
    let org = match s.org_code.clone() {
        Some(o) => o,
        None => match crate::certificates::load_settings(conn, &event.id)?.org_code {
            Some(o) => o,
            None => {
                let mut e = event.clone();
                if e.organizer.as_deref().is_none_or(|o| o.trim().is_empty()) {
                    e.organizer = profile.as_ref().map(|p| p.name.clone());
                }
                org_from(&e)
            }
        },
    };
    Ok(Effective {
        pattern: s
            .number_pattern
            .clone()
            .unwrap_or_else(|| kind.default_pattern().to_string()),
        org,
        place: s
            .place
            .clone()
            .or_else(|| event.city.clone())
            .unwrap_or_default(),
        letter_date: s
            .letter_date
            .as_deref()
            .and_then(|d| NaiveDate::parse_from_str(d, "%Y-%m-%d").ok()),
        sifat: s.sifat.clone().unwrap_or_else(|| "Biasa".to_string()),
        perihal: s
            .perihal
            .clone()
            .unwrap_or_else(|| kind.default_perihal().to_string()),
        attachment: s.attachment.clone().unwrap_or_else(|| {
            if kind == LetterKind::Undangan {
                "quota".to_string()
            } else {
                "none".to_string()
            }
        }),
        dress_code: s.dress_code.clone(),
        time_zone: s.time_zone.clone().unwrap_or_else(|| "WIB".to_string()),
        body: s
            .body
            .clone()
            .unwrap_or_else(|| kind.default_body().to_string()),
        signatory_ord: s.signatory_ord.unwrap_or(1),
        next_seq: s.next_seq,
    })
}

/// Checks a letter text (or a *perihal*): every `{field}` known for `kind`, braces closed.
/// The message names the valid fields.
pub fn check_template(kind: LetterKind, text: &str) -> Result<(), String> {
    let valid = kind.fields();
    let list = || {
        valid
            .iter()
            .map(|(n, _)| format!("{{{n}}}"))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let mut rest = text;
    while let Some(open) = rest.find(['{', '}']) {
        if rest[open..].starts_with('}') {
            return Err("ada \"}\" tanpa \"{\" di depannya.".to_string());
        }
        let Some(close) = rest[open + 1..].find(['}', '{', '\n']) else {
            return Err("ada \"{\" tanpa \"}\".".to_string());
        };
        let close = open + 1 + close;
        if !rest[close..].starts_with('}') {
            return Err("ada \"{\" tanpa \"}\".".to_string());
        }
        let name = rest[open + 1..close].trim();
        if !valid.iter().any(|(n, _)| *n == name) {
            return Err(format!(
                "isian {{{}}} tidak dikenal. Yang dapat dipakai: {}.",
                crate::validate::shorten(name, 30),
                list()
            ));
        }
        rest = &rest[close + 1..];
    }
    Ok(())
}

/// `text` with its fields filled from `values` (checked texts only name known fields).
fn fill(text: &str, values: &[(&str, String)]) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let Some(close) = rest[open..].find('}').map(|c| open + c) else {
            out.push_str(&rest[open..]);
            return out;
        };
        let name = rest[open + 1..close].trim();
        match values.iter().find(|(n, _)| *n == name) {
            Some((_, v)) => out.push_str(v),
            None => out.push_str(&rest[open..=close]),
        }
        rest = &rest[close + 1..];
    }
    out.push_str(rest);
    out
}

fn text_setting(
    errors: &mut Errors,
    field: &str,
    label: &str,
    value: Option<String>,
    max: usize,
    slot: &mut Option<String>,
) {
    if let Some(v) = value {
        let v = crate::validate::one_line(&v);
        crate::validate::text(errors, field, label, Some(&v), max);
        *slot = (!v.is_empty()).then_some(v);
    }
}

pub(crate) fn letter_settings_set(
    tx: &Tx,
    args: LetterSettingsArgs,
) -> Result<LetterSettings, ApiError> {
    let event = event_or_404(tx, &args.event_id)?;
    let kind = args.kind;
    let mut s = db::get_settings(tx, &event.id, kind.as_str())?;
    let mut errors = Errors::default();
    if let Some(p) = args.number_pattern {
        let p = p.trim().to_string();
        if p.is_empty() {
            s.number_pattern = None;
        } else {
            match check_pattern(&p) {
                Ok(()) => s.number_pattern = Some(p),
                Err(m) => errors.add("number_pattern", m),
            }
        }
    }
    text_setting(
        &mut errors,
        "org_code",
        "Kode instansi",
        args.org_code,
        40,
        &mut s.org_code,
    );
    text_setting(
        &mut errors,
        "place",
        "Tempat surat",
        args.place,
        100,
        &mut s.place,
    );
    if let Some(d) = args.letter_date {
        let d = d.trim().to_string();
        if d.is_empty() {
            s.letter_date = None;
        } else if crate::validate::date(&mut errors, "letter_date", "Tanggal surat", &d).is_some() {
            s.letter_date = Some(d);
        }
    }
    text_setting(&mut errors, "sifat", "Sifat", args.sifat, 40, &mut s.sifat);
    if let Some(p) = args.perihal {
        let p = crate::validate::one_line(&p);
        crate::validate::text(&mut errors, "perihal", "Perihal", Some(&p), 300);
        if let Err(m) = check_template(kind, &p) {
            errors.add("perihal", format!("Perihal: {m}"));
        }
        s.perihal = (!p.is_empty()).then_some(p);
    }
    if let Some(a) = args.attachment {
        match a.trim() {
            "" => s.attachment = None,
            "none" | "quota" | "names" if kind == LetterKind::Undangan || a.trim() == "none" => {
                s.attachment = Some(a.trim().to_string())
            }
            "quota" | "names" => errors.add(
                "attachment",
                "Lampiran kuota atau nama hanya untuk surat undangan.",
            ),
            _ => errors.add(
                "attachment",
                "Lampiran tidak dikenal: pilih \"none\" (tanpa lampiran), \"quota\" (kuota per \
                 OPD) atau \"names\" (nama peserta OPD).",
            ),
        }
    }
    text_setting(
        &mut errors,
        "dress_code",
        "Pakaian",
        args.dress_code,
        200,
        &mut s.dress_code,
    );
    if let Some(z) = args.time_zone {
        match z.trim().to_uppercase().as_str() {
            "" => s.time_zone = None,
            z @ ("WIB" | "WITA" | "WIT") => s.time_zone = Some(z.to_string()),
            _ => errors.add("time_zone", "Zona waktu: pilih WIB, WITA atau WIT."),
        }
    }
    if let Some(b) = args.body {
        let b = crate::validate::opt_text(Some(b)).unwrap_or_default();
        let n = b.chars().count();
        if n > MAX_BODY {
            errors.add(
                "body",
                format!("Isi surat terlalu panjang ({n} karakter; paling banyak {MAX_BODY})."),
            );
        } else if paragraphs(&b).len() > MAX_PARAGRAPHS {
            errors.add(
                "body",
                format!("Isi surat paling banyak {MAX_PARAGRAPHS} paragraf."),
            );
        } else if let Err(m) = check_template(kind, &b) {
            errors.add("body", format!("Isi surat: {m}"));
        } else if let Some(line) = long_label(&b) {
            errors.add(
                "body",
                format!(
                    "Isi surat: keterangan \"{}\" sebelum \":\" terlalu panjang (paling \
                     banyak {MAX_LABEL} karakter); tulis sebagai kalimat biasa atau \
                     persingkat.",
                    crate::validate::quote(&line)
                ),
            );
        }
        s.body = (!b.is_empty() && b != kind.default_body()).then_some(b);
    }
    if let Some(o) = args.signatory_ord {
        match o {
            0 => s.signatory_ord = None,
            1 | 2 => s.signatory_ord = Some(o),
            _ => errors.add(
                "signatory_ord",
                "Penanda tangan: pilih 1 (pertama) atau 2 (kedua).",
            ),
        }
    }
    if let Some(n) = args.next_seq {
        match n {
            0 => s.next_seq = None,
            1..=99_999_999 => s.next_seq = Some(n),
            _ => errors.add(
                "next_seq",
                "Nomor urut berikutnya harus 1 sampai 99.999.999 (0 untuk melanjutkan nomor \
                 Bintek).",
            ),
        }
    }
    if !errors.is_empty() {
        return Err(ApiError::validation(errors.0));
    }
    db::put_settings(tx, &event.id, kind.as_str(), &s, &crate::store::now())?;
    tx.audit(Audit::LetterSettings, Some(&event.id), Some(kind.as_str()))?;
    settings_of(tx, &event, kind)
}

/// A `Label : value` line whose label is too long to stand in the label column.
fn long_label(body: &str) -> Option<String> {
    paragraphs(body)
        .into_iter()
        .filter(|p| detail_rows(p).is_some())
        .flat_map(|p| detail_rows(&p).unwrap_or_default())
        .map(|(l, _)| l)
        .find(|l| l.chars().count() > MAX_LABEL)
}

fn paragraphs(body: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut current: Vec<&str> = Vec::new();
    for line in body.lines() {
        if line.trim().is_empty() {
            if !current.is_empty() {
                out.push(current.join("\n"));
                current.clear();
            }
        } else {
            current.push(line.trim_end());
        }
    }
    if !current.is_empty() {
        out.push(current.join("\n"));
    }
    out
}

/// A paragraph whose every line is `Label : value` (the colon after a space, so "pukul
/// 08:00" stays a sentence): its rows.
fn detail_rows(paragraph: &str) -> Option<Vec<(String, String)>> {
    paragraph
        .lines()
        .map(|line| {
            let at = line.find(" :")?;
            let label = line[..at].trim();
            let value = line[at + 2..].trim();
            (!label.is_empty() && !label.ends_with(['.', ',']))
                .then(|| (label.to_string(), value.to_string()))
        })
        .collect()
}

/// The letter text as blocks, fields filled: details as aligned rows (a row whose value is
/// empty is left out), the rest as justified paragraphs.
pub(crate) fn body_blocks(body: &str, values: &[(&str, String)]) -> Vec<Block> {
    paragraphs(body)
        .iter()
        .map(|p| match detail_rows(p) {
            Some(rows) => Block::Fields {
                rows: rows
                    .into_iter()
                    .map(|(l, v)| (fill(&l, values), fill(&v, values)))
                    .filter(|(_, v)| !v.trim().is_empty())
                    .collect(),
                indent: true,
            },
            None if p.lines().all(starts_numbered) => Block::Text {
                text: fill(p, values),
                align: TextAlign::Left,
                bold: false,
                indent: false,
                size: None,
            },
            None => Block::para(fill(&p.replace('\n', " "), values)),
        })
        .collect()
}

fn starts_numbered(line: &str) -> bool {
    let t = line.trim_start();
    let digits = t.chars().take_while(char::is_ascii_digit).count();
    (digits > 0 && t[digits..].starts_with(['.', ')'])) || t.starts_with("- ")
}

// ---- the data of a letter --------------------------------------------------------------

/// What every letter of an event shares.
struct Common {
    event: Event,
    kop: Kop,
    profile: Option<crate::agency::AgencyProfile>,
    settings: Effective,
    signatory: Option<Signatory>,
    first_start: Option<String>,
}

fn common_values(c: &Common) -> Vec<(&'static str, String)> {
    let e = &c.event;
    let penyelenggara = match (&c.profile, e.organizer.as_deref()) {
        (_, Some(o)) if !o.trim().is_empty() => o.trim().to_string(),
        (Some(p), _) => p.name.clone(),
        _ => String::new(),
    };
    let pemerintah = c
        .profile
        .as_ref()
        .and_then(|p| p.parent.clone())
        .or_else(|| {
            crate::agenda::letterhead_from_organizer(e.organizer.as_deref())
                .first()
                .filter(|l| l.starts_with("PEMERINTAH "))
                .map(|l| title_case(l))
        })
        .unwrap_or_else(|| "pemerintah daerah".to_string());
    let place = [e.venue.as_deref(), e.city.as_deref()]
        .into_iter()
        .flatten()
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .collect::<Vec<_>>()
        .join(", ");
    let days = match (
        NaiveDate::parse_from_str(&e.start_date, "%Y-%m-%d"),
        NaiveDate::parse_from_str(&e.end_date, "%Y-%m-%d"),
    ) {
        (Ok(a), Ok(b)) => (b - a).num_days() + 1,
        _ => 1,
    };
    let contact = c
        .profile
        .as_ref()
        .map(|p| {
            [p.phone.as_deref(), p.email.as_deref()]
                .into_iter()
                .flatten()
                .collect::<Vec<_>>()
                .join(" atau ")
        })
        .filter(|s| !s.is_empty())
        .unwrap_or_else(|| "sekretariat panitia".to_string());
    let waktu = match &c.first_start {
        Some(t) => format!("pukul {} {} s.d. selesai", dotted(t), c.settings.time_zone),
        None => "sesuai jadwal acara".to_string(),
    };
    vec![
        ("nama_kegiatan", e.title.clone()),
        ("tema", e.theme.clone().unwrap_or_default()),
        ("penyelenggara", penyelenggara),
        ("pemerintah", pemerintah),
        (
            "hari_tanggal",
            crate::format::event_days(&e.start_date, &e.end_date)
                .unwrap_or_else(|| e.start_date.clone()),
        ),
        (
            "tanggal",
            crate::format::event_dates(&e.start_date, &e.end_date),
        ),
        ("waktu", waktu),
        ("tempat", place),
        ("pakaian", c.settings.dress_code.clone().unwrap_or_default()),
        ("jumlah_hari", format!("{} hari", count_words(days as u64))),
        ("tahun", e.start_date.chars().take(4).collect()),
        ("kontak", contact),
    ]
}

/// "PEMERINTAH KABUPATEN GROBOGAN" → "Pemerintah Kabupaten Grobogan".
fn title_case(s: &str) -> String {
    s.split_whitespace()
        .map(|w| {
            let lower = w.to_lowercase();
            let mut c = lower.chars();
            match c.next() {
                Some(f) => f.to_uppercase().collect::<String>() + c.as_str(),
                None => String::new(),
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// The head of an OPD as letters address it: "Kepala Dinas Kesehatan", "Camat Godong",
/// "Sekretaris Daerah", "Inspektur", "Direktur RSUD …".
fn head_of(opd: &str) -> String {
    let o = opd.trim();
    let lower = o.to_lowercase();
    if let Some(rest) = strip_word(o, "Kecamatan") {
        format!("Camat {rest}")
    } else if let Some(rest) = strip_word(o, "Kelurahan") {
        format!("Lurah {rest}")
    } else if lower.starts_with("sekretariat daerah") {
        "Sekretaris Daerah".to_string()
    } else if let Some(rest) = strip_word(o, "Sekretariat") {
        format!("Sekretaris {rest}")
    } else if lower == "inspektorat" || lower.starts_with("inspektorat ") {
        "Inspektur".to_string()
    } else if lower.starts_with("rsud") || lower.starts_with("rumah sakit") {
        format!("Direktur {o}")
    } else {
        format!("Kepala {o}")
    }
}

fn strip_word<'a>(s: &'a str, word: &str) -> Option<&'a str> {
    let head = s.get(..word.len())?;
    let rest = s.get(word.len()..)?;
    (head.eq_ignore_ascii_case(word) && rest.starts_with(' ')).then(|| rest.trim())
}

/// One letter to write: the addressee's key and name, the lines of "Yth.", the values of
/// its fields, and what goes with it.
struct Addressed {
    key: String,
    name: String,
    detail: String,
    yth: String,
    values: Vec<(&'static str, String)>,
    /// Undangan: the OPD's registered participants (for a lampiran of names) and quota.
    people: Vec<Participant>,
    quota: i64,
}

struct Plan {
    common: Common,
    kind: LetterKind,
    addressees: Vec<Addressed>,
    quotas: Vec<QuotaRow>,
    /// Tugas: the committee.
    committee: Vec<Participant>,
}

fn plan(conn: &rusqlite::Connection, event_id: &str, kind: LetterKind) -> Result<Plan, ApiError> {
    let event = event_or_404(conn, event_id)?;
    let stored = db::get_settings(conn, &event.id, kind.as_str())?;
    let settings = effective(conn, &event, kind, &stored)?;
    let kop = Kop::read(conn, &event)?;
    let profile = crate::store::agency::get_profile(conn)?;
    let signatory = crate::store::agenda::list_signatories(conn, &event.id)?
        .into_iter()
        .find(|s| s.ord == settings.signatory_ord);
    let sessions = crate::store::agenda::list_sessions(conn, &event.id)?;
    let first_start = sessions.first().map(|s| s.start_time.clone());
    let common = Common {
        event,
        kop,
        profile,
        settings,
        signatory,
        first_start,
    };
    let base = common_values(&common);
    let with = |extra: Vec<(&'static str, String)>| {
        let mut v = base.clone();
        v.extend(extra);
        v
    };
    let mut quotas = Vec::new();
    let mut committee = Vec::new();
    let addressees = match kind {
        LetterKind::Undangan => {
            quotas = crate::store::opd::quota_rows(conn, &common.event.id)?
                .into_iter()
                .filter(|q| q.quota.unwrap_or(0) > 0)
                .collect();
            quotas.sort_by_cached_key(|q| q.opd.to_lowercase());
            let people = crate::store::people::registered(conn, &common.event.id, "participant")?;
            quotas
                .iter()
                .map(|q| {
                    let quota = q.quota.unwrap_or(0);
                    let head = head_of(&q.opd);
                    Addressed {
                        key: q.opd_id.clone(),
                        name: q.opd.clone(),
                        detail: format!("Kuota {quota} orang, terdaftar {}", q.registered),
                        yth: format!("Yth. {head}\ndi\n     Tempat"),
                        values: with(vec![
                            ("opd", q.opd.clone()),
                            ("kuota", format!("{} orang", count_words(quota as u64))),
                        ]),
                        people: people
                            .iter()
                            .filter(|p| p.opd_id.as_deref() == Some(q.opd_id.as_str()))
                            .cloned()
                            .collect(),
                        quota,
                    }
                })
                .collect()
        }
        LetterKind::Narasumber => {
            let mut out = Vec::new();
            for p in crate::store::people::registered(conn, &common.event.id, "speaker")? {
                let sessions: Vec<_> = crate::store::agenda::sessions_of(conn, &p.id)?
                    .into_iter()
                    .filter(|s| s.role == crate::model::SessionRole::Speaker)
                    .collect();
                let materi = sessions
                    .iter()
                    .map(|s| s.title.clone())
                    .collect::<Vec<_>>()
                    .join("; ");
                let jadwal = sessions
                    .iter()
                    .map(|s| {
                        let day = NaiveDate::parse_from_str(&s.date, "%Y-%m-%d")
                            .map(crate::format::date_with_day)
                            .unwrap_or_else(|_| s.date.clone());
                        format!(
                            "{day}, pukul {}–{} {}",
                            dotted(&s.start_time),
                            dotted(&s.end_time),
                            common.settings.time_zone
                        )
                    })
                    .collect::<Vec<_>>()
                    .join("\n");
                let instansi = p.agency();
                let mut yth = format!("Yth. {}", p.name);
                if !instansi.is_empty() {
                    yth.push('\n');
                    yth.push_str(&instansi);
                }
                yth.push_str("\ndi\n     Tempat");
                out.push(Addressed {
                    key: p.id.clone(),
                    name: p.name.clone(),
                    detail: if materi.is_empty() {
                        "Belum ada sesi di agenda".to_string()
                    } else {
                        materi.clone()
                    },
                    yth,
                    values: with(vec![
                        ("nama", p.name.clone()),
                        ("instansi", instansi),
                        ("materi", materi),
                        ("jadwal", jadwal),
                    ]),
                    people: Vec::new(),
                    quota: 0,
                });
            }
            out
        }
        LetterKind::Tugas => {
            committee = crate::store::people::registered(conn, &common.event.id, "committee")?;
            if committee.is_empty() {
                Vec::new()
            } else {
                vec![Addressed {
                    key: String::new(),
                    name: "Panitia".to_string(),
                    detail: format!("{} orang panitia", committee.len()),
                    yth: String::new(),
                    values: with(vec![(
                        "jumlah_panitia",
                        format!("{} orang", count_words(committee.len() as u64)),
                    )]),
                    people: Vec::new(),
                    quota: 0,
                }]
            }
        }
    };
    Ok(Plan {
        common,
        kind,
        addressees,
        quotas,
        committee,
    })
}

fn today() -> NaiveDate {
    chrono::Local::now().date_naive()
}

fn scope(kind: LetterKind, date: NaiveDate) -> String {
    format!("{}:{}", kind.as_str(), date.year())
}

/// The number the next new letter of `kind` gets, its sequence and date.
fn next_number(
    conn: &rusqlite::Connection,
    kind: LetterKind,
    s: &Effective,
) -> Result<(i64, String, NaiveDate), ApiError> {
    let date = s.letter_date.unwrap_or_else(today);
    let mut seq = (db::max_seq(conn, &scope(kind, date))? + 1).max(s.next_seq.unwrap_or(1));
    let mut number = format_number(&s.pattern, seq, &s.org, date);
    // A pattern without the year (or changed meanwhile) could print a number already
    // given in another scope: skip it.
    while db::number_taken(conn, &number)? {
        seq += 1;
        number = format_number(&s.pattern, seq, &s.org, date);
    }
    Ok((seq, number, date))
}

fn settings_of(
    conn: &rusqlite::Connection,
    event: &Event,
    kind: LetterKind,
) -> Result<LetterSettings, ApiError> {
    let plan = plan(conn, &event.id, kind)?;
    let issued = db::issued(conn, &event.id, kind.as_str())?;
    let s = &plan.common.settings;
    let (_, next, _) = next_number(conn, kind, s)?;
    let example = plan
        .addressees
        .first()
        .map(|a| a.values.clone())
        .unwrap_or_else(|| common_values(&plan.common));
    let fields = kind
        .fields()
        .into_iter()
        .map(|(name, description)| LetterField {
            name: name.to_string(),
            description: description.to_string(),
            example: example
                .iter()
                .find(|(n, _)| *n == name)
                .map(|(_, v)| v.clone())
                .unwrap_or_default(),
        })
        .collect();
    let stored = db::get_settings(conn, &event.id, kind.as_str())?;
    Ok(LetterSettings {
        event_id: event.id.clone(),
        kind,
        number_pattern: s.pattern.clone(),
        org_code: s.org.clone(),
        place: s.place.clone(),
        letter_date: stored.letter_date.clone(),
        sifat: s.sifat.clone(),
        perihal: s.perihal.clone(),
        attachment: s.attachment.clone(),
        dress_code: s.dress_code.clone(),
        time_zone: s.time_zone.clone(),
        body: s.body.clone(),
        body_is_default: stored.body.is_none(),
        default_body: kind.default_body().to_string(),
        signatory_ord: s.signatory_ord,
        signatory: plan.common.signatory.clone(),
        next_seq: s.next_seq,
        next_number: next,
        fields,
        addressees: plan
            .addressees
            .iter()
            .map(|a| LetterAddressee {
                key: a.key.clone(),
                name: a.name.clone(),
                detail: a.detail.clone(),
                number: issued
                    .iter()
                    .find(|i| i.addressee_key == a.key)
                    .map(|i| i.number.clone()),
            })
            .collect(),
        issued: issued
            .into_iter()
            .map(|i| IssuedLetter {
                addressee: i.addressee,
                number: i.number,
                letter_date: i.letter_date,
                issued_at: i.issued_at,
            })
            .collect(),
    })
}

// ---- printing --------------------------------------------------------------------------

fn no_one(kind: LetterKind) -> ApiError {
    ApiError::field(
        "event_id",
        match kind {
            LetterKind::Undangan => {
                "Belum ada OPD dengan kuota: atur kuota OPD di Peserta → Kuota, lalu buat undangan."
            }
            LetterKind::Narasumber => {
                "Belum ada narasumber: tambahkan narasumber di Agenda, lalu buat surat permohonan."
            }
            LetterKind::Tugas => {
                "Belum ada panitia: daftarkan panitia (peran Panitia) di Peserta, lalu buat surat tugas."
            }
        },
    )
}

/// Gives a number to every addressee in `keys` that has none, in one transaction.
fn issue_numbers(
    tx: &Tx,
    event_id: &str,
    kind: LetterKind,
    keys: &[(String, String)],
) -> Result<usize, ApiError> {
    let event = event_or_404(tx, event_id)?;
    let stored = db::get_settings(tx, event_id, kind.as_str())?;
    let s = effective(tx, &event, kind, &stored)?;
    let have: BTreeSet<String> = db::issued(tx, event_id, kind.as_str())?
        .into_iter()
        .map(|i| i.addressee_key)
        .collect();
    let now = crate::store::now();
    let mut given = Vec::new();
    for (key, name) in keys.iter().filter(|(k, _)| !have.contains(k)) {
        let (seq, number, date) = next_number(tx, kind, &s)?;
        db::insert_letter(
            tx,
            event_id,
            kind.as_str(),
            key,
            name,
            &scope(kind, date),
            seq,
            &number,
            &date.format("%Y-%m-%d").to_string(),
            &now,
        )?;
        given.push(number);
    }
    if !given.is_empty() {
        tx.audit(
            Audit::LetterIssue,
            Some(event_id),
            Some(&format!("{}: {}", kind.label(), given.join(", "))),
        )?;
    }
    Ok(given.len())
}

fn signature(c: &Common, place_date: String) -> Signature {
    match &c.signatory {
        Some(s) => {
            let mut position = s.position.trim().to_uppercase();
            if !position.ends_with(',') {
                position.push(',');
            }
            Signature {
                place_date,
                position,
                name: s.name.clone(),
                rank: s.rank.clone().unwrap_or_default(),
                nip: s
                    .nip
                    .as_deref()
                    .map(crate::ids::format_nip)
                    .unwrap_or_default(),
            }
        }
        None => Signature {
            place_date,
            position: c
                .profile
                .as_ref()
                .map(|p| format!("KEPALA {},", p.name.to_uppercase()))
                .unwrap_or_default(),
            ..Default::default()
        },
    }
}

fn place_date(c: &Common, date: &str) -> String {
    let d = NaiveDate::parse_from_str(date, "%Y-%m-%d")
        .map(date_long)
        .unwrap_or_else(|_| date.to_string());
    if c.settings.place.trim().is_empty() {
        d
    } else {
        format!("{}, {d}", c.settings.place.trim())
    }
}

fn lampiran_value(attachment: &str) -> String {
    if attachment == "none" {
        "-".to_string()
    } else {
        "1 (satu) berkas".to_string()
    }
}

/// The sections of one letter (the letter, then its lampiran).
fn letter_sections(plan: &Plan, a: &Addressed, number: &str, date: &str) -> Vec<Section> {
    let c = &plan.common;
    let s = &c.settings;
    let mut sections = Vec::new();
    match plan.kind {
        LetterKind::Undangan | LetterKind::Narasumber => {
            let mut blocks = vec![
                Block::Text {
                    text: place_date(c, date),
                    align: TextAlign::Right,
                    bold: false,
                    indent: false,
                    size: None,
                },
                Block::Fields {
                    rows: vec![
                        ("Nomor".into(), number.to_string()),
                        ("Sifat".into(), s.sifat.clone()),
                        ("Lampiran".into(), lampiran_value(&s.attachment)),
                        ("Perihal".into(), fill(&s.perihal, &a.values)),
                    ],
                    indent: false,
                },
                Block::Gap(1),
                Block::lines(a.yth.clone()),
                Block::Gap(1),
            ];
            blocks.extend(body_blocks(&s.body, &a.values));
            blocks.push(Block::Signature(signature(c, String::new())));
            sections.push(Section { kop: true, blocks });
            if plan.kind == LetterKind::Undangan && s.attachment != "none" {
                sections.push(undangan_lampiran(plan, a, number, date));
            }
        }
        LetterKind::Tugas => {
            let basis: Vec<String> = c
                .event
                .legal_basis
                .as_deref()
                .unwrap_or("")
                .lines()
                .map(str::trim)
                .filter(|l| !l.is_empty())
                .map(String::from)
                .collect();
            let basis = if basis.is_empty() {
                format!(
                    "Dokumen Pelaksanaan Anggaran {} Tahun Anggaran {}.",
                    a.values
                        .iter()
                        .find(|(n, _)| *n == "penyelenggara")
                        .map(|(_, v)| v.clone())
                        .unwrap_or_default(),
                    c.event.start_date.chars().take(4).collect::<String>()
                )
            } else if basis.len() == 1 {
                basis[0].clone()
            } else {
                basis
                    .iter()
                    .enumerate()
                    .map(|(i, l)| format!("{}. {l}", i + 1))
                    .collect::<Vec<_>>()
                    .join("\n")
            };
            let untuk = fill(&s.body, &a.values);
            let mut blocks = vec![
                Block::Text {
                    text: "SURAT TUGAS".into(),
                    align: TextAlign::Center,
                    bold: true,
                    indent: false,
                    size: Some(13.0),
                },
                Block::centred(format!("Nomor: {number}")),
                Block::Gap(1),
                Block::Fields {
                    rows: vec![("Dasar".into(), basis)],
                    indent: false,
                },
                Block::title("MENUGASKAN:", 11.0),
                Block::Fields {
                    rows: vec![(
                        "Kepada".into(),
                        "nama-nama sebagaimana tersebut di bawah ini:".into(),
                    )],
                    indent: false,
                },
                Block::Table {
                    header: vec![
                        "No".into(),
                        "Nama / NIP".into(),
                        "Pangkat/Gol.".into(),
                        "Jabatan".into(),
                        "Tugas dalam Panitia".into(),
                    ],
                    widths: vec![2, 10, 6, 8, 7],
                    align: vec![
                        TextAlign::Center,
                        TextAlign::Left,
                        TextAlign::Left,
                        TextAlign::Left,
                        TextAlign::Left,
                    ],
                    rows: plan
                        .committee
                        .iter()
                        .enumerate()
                        .map(|(i, p)| {
                            vec![
                                (i + 1).to_string(),
                                p.name_with_nip(),
                                p.rank.clone().unwrap_or_default(),
                                p.position.clone().unwrap_or_default(),
                                p.duty.clone().unwrap_or_else(|| "Anggota".into()),
                            ]
                        })
                        .collect(),
                    signing: false,
                    total: false,
                },
                Block::Fields {
                    rows: vec![("Untuk".into(), untuk)],
                    indent: false,
                },
            ];
            blocks.push(Block::Signature(signature(c, place_date(c, date))));
            sections.push(Section { kop: true, blocks });
        }
    }
    sections
}

fn undangan_lampiran(plan: &Plan, a: &Addressed, number: &str, date: &str) -> Section {
    let c = &plan.common;
    let mut blocks = vec![
        Block::Fields {
            rows: vec![
                ("Lampiran surat nomor".into(), number.to_string()),
                (
                    "Tanggal".into(),
                    NaiveDate::parse_from_str(date, "%Y-%m-%d")
                        .map(date_long)
                        .unwrap_or_else(|_| date.to_string()),
                ),
                ("Perihal".into(), fill(&c.settings.perihal, &a.values)),
            ],
            indent: false,
        },
        Block::Gap(1),
    ];
    if c.settings.attachment == "names" {
        blocks.push(Block::title(
            format!(
                "DAFTAR PESERTA {}\n{}",
                c.event.title.to_uppercase(),
                a.name.to_uppercase()
            ),
            11.0,
        ));
        let mut rows: Vec<Vec<String>> = a
            .people
            .iter()
            .map(|p| {
                vec![
                    String::new(),
                    p.name.clone(),
                    p.nip
                        .as_deref()
                        .map(crate::ids::format_nip)
                        .unwrap_or_default(),
                    p.rank.clone().unwrap_or_default(),
                    p.position.clone().unwrap_or_default(),
                ]
            })
            .collect();
        // Rows to fill in up to the quota.
        while (rows.len() as i64) < a.quota {
            rows.push(vec![String::new(); 5]);
        }
        for (i, r) in rows.iter_mut().enumerate() {
            r[0] = (i + 1).to_string();
        }
        blocks.push(Block::Table {
            header: vec![
                "No".into(),
                "Nama".into(),
                "NIP".into(),
                "Pangkat/Gol.".into(),
                "Jabatan".into(),
            ],
            widths: vec![2, 10, 8, 6, 8],
            align: vec![
                TextAlign::Center,
                TextAlign::Left,
                TextAlign::Left,
                TextAlign::Left,
                TextAlign::Left,
            ],
            rows,
            signing: false,
            total: false,
        });
    } else {
        blocks.push(Block::title(
            format!(
                "KUOTA PESERTA PER PERANGKAT DAERAH\n{}",
                c.event.title.to_uppercase()
            ),
            11.0,
        ));
        let mut rows: Vec<Vec<String>> = plan
            .quotas
            .iter()
            .enumerate()
            .map(|(i, q)| {
                vec![
                    (i + 1).to_string(),
                    q.opd.clone(),
                    q.quota.unwrap_or(0).to_string(),
                ]
            })
            .collect();
        let total: i64 = plan.quotas.iter().map(|q| q.quota.unwrap_or(0)).sum();
        rows.push(vec![String::new(), "Jumlah".into(), total.to_string()]);
        blocks.push(Block::Table {
            header: vec!["No".into(), "Perangkat Daerah".into(), "Kuota".into()],
            widths: vec![1, 9, 2],
            align: vec![TextAlign::Center, TextAlign::Left, TextAlign::Center],
            rows,
            signing: false,
            total: false,
        });
    }
    blocks.push(Block::Signature(signature(c, String::new())));
    Section { kop: false, blocks }
}

/// The participant list an OPD fills in and sends back: the columns of the participant
/// export (which the import reads back) less those Bintek fills in itself (check-in code,
/// role, status), the OPD filled in, a numbered row per seat of its quota.
fn participant_template(opd: &str, quota: i64) -> Result<Vec<u8>, ApiError> {
    use bintek_docs::sheet::{write_xlsx, OutCell, OutSheet};
    let header: Vec<&str> = crate::import::EXPORT_HEADER
        .iter()
        .copied()
        .filter(|h| !matches!(*h, "Kode" | "Peran" | "Status"))
        .collect();
    let rows = (1..=quota.max(1))
        .map(|i| {
            header
                .iter()
                .map(|h| match *h {
                    "No" => OutCell::Number(i as f64),
                    "OPD" => OutCell::Text(opd.to_string()),
                    _ => OutCell::Empty,
                })
                .collect()
        })
        .collect();
    let widths = header
        .iter()
        .map(|h| match *h {
            "No" | "L/P" => 5.0,
            "Nama" => 32.0,
            "NIP" => 22.0,
            "NIK" => 20.0,
            "Pangkat/Golongan" => 18.0,
            "Jabatan" => 28.0,
            "OPD" => 36.0,
            "No. HP" => 16.0,
            _ => 26.0,
        })
        .collect();
    write_xlsx(&[OutSheet {
        name: "Peserta".into(),
        header: header.iter().map(|h| h.to_string()).collect(),
        rows,
        widths,
    }])
    .map_err(|e| ApiError::new(ErrorCode::Internal, e.to_string()))
}

impl Api {
    pub(crate) fn letter_settings_get(
        &self,
        _caller: &Caller,
        args: LetterKindArgs,
    ) -> Result<LetterSettings, ApiError> {
        let conn = self.read();
        let event = event_or_404(&conn, &args.event_id)?;
        settings_of(&conn, &event, args.kind)
    }

    /// Numbers the letters that have none (one short write), then writes them as one PDF
    /// or a ZIP of DOCX files on a reader.
    pub(crate) fn letter_print(
        &self,
        caller: &Caller,
        args: LetterPrintArgs,
    ) -> Result<FilePayload, ApiError> {
        let format = match args.format.as_deref().map(str::trim) {
            None | Some("") | Some("pdf") => "pdf",
            Some("zip") | Some("docx") => "zip",
            Some(_) => {
                return Err(ApiError::field(
                    "format",
                    "Format tidak dikenal: pilih \"pdf\" atau \"zip\" (berkas Word).",
                ))
            }
        };
        let kind = args.kind;
        // The letters are written from this reading; only the numbers given below are
        // read again.
        let (plan, wanted): (Plan, Vec<(String, String)>) = {
            let conn = self.read();
            let plan = plan(&conn, &args.event_id, kind)?;
            if plan.addressees.is_empty() {
                return Err(no_one(kind));
            }
            if let Some(keys) = &args.keys {
                if let Some(unknown) = keys
                    .iter()
                    .find(|k| !plan.addressees.iter().any(|a| &a.key == *k))
                {
                    return Err(ApiError::field(
                        "keys",
                        format!(
                            "{} tidak termasuk penerima surat ini.",
                            crate::validate::quote(unknown)
                        ),
                    )
                    .with_code(ErrorCode::NotFound));
                }
            }
            let wanted = plan
                .addressees
                .iter()
                .filter(|a| args.keys.as_ref().is_none_or(|k| k.contains(&a.key)))
                .map(|a| (a.key.clone(), a.name.clone()))
                .collect();
            (plan, wanted)
        };
        if wanted.is_empty() {
            return Err(ApiError::field(
                "keys",
                "Pilih paling sedikit satu penerima.",
            ));
        }
        let event_id = args.event_id.clone();
        let to_number = wanted.clone();
        self.write_as(caller, move |tx| {
            issue_numbers(tx, &event_id, kind, &to_number)
        })?;
        let issued = db::issued(&self.read(), &args.event_id, kind.as_str())?;
        let fixed_date = plan
            .common
            .settings
            .letter_date
            .map(|d| d.format("%Y-%m-%d").to_string());
        let mut letters: Vec<(&Addressed, Vec<Section>)> = Vec::new();
        for a in plan
            .addressees
            .iter()
            .filter(|a| wanted.iter().any(|(k, _)| k == &a.key))
        {
            let Some(row) = issued.iter().find(|i| i.addressee_key == a.key) else {
                continue;
            };
            let date = fixed_date
                .clone()
                .unwrap_or_else(|| row.letter_date.clone());
            letters.push((a, letter_sections(&plan, a, &row.number, &date)));
        }
        let kop = plan.common.kop.to_docs();
        let title = format!("{} — {}", kind.label(), plan.common.event.title);
        let stem =
            crate::files::safe_file_name(&format!("{} {}", kind.label(), plan.common.event.title));
        let stem: String = stem.chars().take(80).collect();
        if format == "pdf" {
            let doc = LetterDoc {
                title,
                kop,
                sections: letters.into_iter().flat_map(|(_, s)| s).collect(),
                ..Default::default()
            };
            let bytes =
                bintek_docs::letter::render_pdf(&doc, &bintek_docs::pdf::Fonts::dejavu_sans())
                    .map_err(crate::prints::pdf_error)?;
            return Ok(FilePayload::new(&format!("{stem}.pdf"), &bytes));
        }
        let mut parts: Vec<(String, Vec<u8>)> = Vec::new();
        let width = letters.len().to_string().len().max(2);
        for (i, (a, sections)) in letters.into_iter().enumerate() {
            let doc = LetterDoc {
                title: format!("{} — {}", kind.label(), a.name),
                kop: kop.clone(),
                sections,
                ..Default::default()
            };
            let bytes = bintek_docs::letter::render_docx(&doc)
                .map_err(|e| ApiError::new(ErrorCode::Validation, e.to_string()))?;
            let name = crate::files::safe_file_name(&format!("{} - {}", kind.label(), a.name));
            let name: String = name.chars().take(80).collect();
            parts.push((format!("{:0width$} {name}.docx", i + 1), bytes));
            if kind == LetterKind::Undangan && args.with_template.unwrap_or(false) {
                let sheet = crate::files::safe_file_name(&format!("Daftar peserta - {}", a.name));
                let sheet: String = sheet.chars().take(80).collect();
                parts.push((
                    format!("{:0width$} {sheet}.xlsx", i + 1),
                    participant_template(&a.name, a.quota)?,
                ));
            }
        }
        let bytes = bintek_docs::letter::zip_files(&parts)
            .map_err(|e| ApiError::new(ErrorCode::Internal, e.to_string()))?;
        Ok(FilePayload::new(&format!("{stem}.zip"), &bytes))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn texts_name_only_known_fields() {
        assert!(check_template(LetterKind::Undangan, DEFAULT_UNDANGAN).is_ok());
        assert!(check_template(LetterKind::Narasumber, DEFAULT_NARASUMBER).is_ok());
        assert!(check_template(LetterKind::Tugas, DEFAULT_TUGAS).is_ok());
        let err = check_template(LetterKind::Undangan, "Hadir {tanggal} di {lokasi}.").unwrap_err();
        assert!(err.contains("{lokasi} tidak dikenal"), "{err}");
        assert!(
            err.contains("{nama_kegiatan}") && err.contains("{kuota}"),
            "{err}"
        );
        assert!(
            check_template(LetterKind::Tugas, "{kuota}").is_err(),
            "the quota is the undangan's"
        );
        assert!(check_template(LetterKind::Undangan, "a {tanggal").is_err());
        assert!(check_template(LetterKind::Undangan, "a } b").is_err());
        assert!(check_template(LetterKind::Undangan, "{tanggal\n}").is_err());
    }

    #[test]
    fn details_paragraphs_and_lists_become_their_blocks() {
        let values = vec![("tempat", "Aula".to_string()), ("pakaian", String::new())];
        let blocks = body_blocks(
            "Kalimat pertama\nberlanjut.\n\nTempat : {tempat}\nPakaian : {pakaian}\n\n1. satu\n2. dua\n\nPukul 08:00 mulai.",
            &values,
        );
        assert_eq!(blocks.len(), 4);
        assert!(
            matches!(&blocks[0], Block::Text { text, .. } if text == "Kalimat pertama berlanjut.")
        );
        assert!(
            matches!(&blocks[1], Block::Fields { rows, .. } if rows == &vec![("Tempat".to_string(), "Aula".to_string())]),
            "an empty value's row is left out: {:?}",
            blocks[1]
        );
        assert!(
            matches!(&blocks[2], Block::Text { text, align: TextAlign::Left, .. } if text == "1. satu\n2. dua")
        );
        assert!(matches!(&blocks[3], Block::Text { .. }));
    }

    #[test]
    fn heads_of_opds() {
        assert_eq!(head_of("Dinas Kesehatan"), "Kepala Dinas Kesehatan");
        assert_eq!(head_of("Kecamatan Godong"), "Camat Godong");
        assert_eq!(head_of("Sekretariat Daerah"), "Sekretaris Daerah");
        assert_eq!(head_of("Sekretariat DPRD"), "Sekretaris DPRD");
        assert_eq!(head_of("Inspektorat"), "Inspektur");
        assert_eq!(
            head_of("RSUD dr. R. Soedjati Soemodiardjo"),
            "Direktur RSUD dr. R. Soedjati Soemodiardjo"
        );
    }
}
