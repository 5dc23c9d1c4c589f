//! The *laporan pelaksanaan kegiatan*: the report the PPTK files after the event, in the
//! usual government outline — Pendahuluan, Pelaksanaan, Hasil, Hambatan, Kesimpulan dan
//! Saran, Penutup, Lampiran. The parts that come from data fill themselves (the agenda
//! with its narasumber, participants per OPD invited and present per day, the committee,
//! attendance and certificates); the narrative is typed in Bintek and kept between visits
//! (blank parts print a default written from the event's data). Photos come in with a
//! caption, downscaled on import; each session can have its minutes (*notulen*). Written
//! as a PDF and a DOCX with the kop surat, a table of contents and page numbers.

use std::collections::{BTreeSet, HashMap};

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::agency::Kop;
use crate::agenda::{dotted, event_or_404};
use crate::api::{Api, Caller};
use crate::error::{ApiError, ErrorCode};
use crate::files::FilePayload;
use crate::format::{date_long, percent};
use crate::model::{Event, Participant, Role, Session, SessionKind, Signatory};
use crate::store::audit::Audit;
use crate::store::report::{self as db, MinutesRow, StoredReport};
use crate::tx::Tx;
use crate::validate::Errors;
use bintek_docs::letter::{Block, LetterDoc, Section, Signature, TextAlign};

/// Most photos of one report (five pages of six).
pub const MAX_PHOTOS: i64 = 30;
/// Longest narrative part or minutes field, in characters.
const MAX_TEXT: usize = 10_000;

/// The narrative parts: key, title in the report.
const PARTS: [(&str, &str); 7] = [
    ("latar_belakang", "Latar Belakang"),
    ("maksud_tujuan", "Maksud dan Tujuan"),
    ("ruang_lingkup", "Ruang Lingkup"),
    ("hambatan", "Hambatan"),
    ("kesimpulan", "Kesimpulan"),
    ("saran", "Saran"),
    ("penutup", "Penutup"),
];

// ---- arguments and answers -------------------------------------------------------------

/// Changes to the report: a field left out stays, an empty text returns to the default.
#[derive(Debug, Clone, Default, Deserialize, Serialize, ts_rs::TS)]
#[serde(deny_unknown_fields)]
#[ts(optional_fields = nullable)]
pub struct ReportSetArgs {
    pub event_id: String,
    pub latar_belakang: Option<String>,
    pub maksud_tujuan: Option<String>,
    pub ruang_lingkup: Option<String>,
    pub hambatan: Option<String>,
    pub kesimpulan: Option<String>,
    pub saran: Option<String>,
    pub penutup: Option<String>,
    pub place: Option<String>,
    /// `YYYY-MM-DD`; empty: the event's last day.
    pub report_date: Option<String>,
    pub signatory_ord: Option<i64>,
    pub attach_agenda: Option<bool>,
    pub attach_recap: Option<bool>,
    pub attach_attendance: Option<bool>,
}

/// A narrative part: what was typed (empty: nothing yet) and the default printed then.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
pub struct ReportPart {
    pub key: String,
    pub title: String,
    pub text: String,
    pub default_text: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
pub struct ReportPhoto {
    pub id: String,
    pub caption: String,
    pub width: i64,
    pub height: i64,
}

/// A session with its minutes as the report form shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
pub struct SessionMinutes {
    pub session_id: String,
    pub title: String,
    pub date: String,
    pub start_time: String,
    pub end_time: String,
    pub speakers: Vec<String>,
    pub moderators: Vec<String>,
    pub chair: String,
    pub topics: String,
    pub qa: String,
    pub conclusions: String,
}

/// The report of an event as the Laporan screen edits it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
pub struct ReportInfo {
    pub event_id: String,
    pub parts: Vec<ReportPart>,
    /// Set by the organizer; else the event's city.
    pub place: String,
    pub report_date: Option<String>,
    pub signatory_ord: i64,
    pub signatory: Option<Signatory>,
    /// The committee member whose duty is Ketua, who signs the report.
    pub chair: Option<String>,
    pub attach_agenda: bool,
    pub attach_recap: bool,
    pub attach_attendance: bool,
    pub photos: Vec<ReportPhoto>,
    pub minutes: Vec<SessionMinutes>,
    /// When the draft was last saved; none yet.
    pub updated_at: Option<String>,
}

#[derive(Debug, Clone, Deserialize, Serialize, ts_rs::TS)]
#[serde(deny_unknown_fields)]
#[ts(optional_fields = nullable)]
pub struct PhotoAddArgs {
    pub event_id: String,
    pub caption: String,
    /// `image/jpeg` or `image/png`.
    pub mime: String,
    /// The file, base64.
    pub data: String,
}

#[derive(Debug, Clone, Deserialize, Serialize, ts_rs::TS)]
#[serde(deny_unknown_fields)]
#[ts(optional_fields = nullable)]
pub struct PhotoUpdateArgs {
    pub id: String,
    pub caption: Option<String>,
    /// -1 moves the photo one place earlier, 1 one later.
    pub move_by: Option<i64>,
}

#[derive(Debug, Clone, Deserialize, Serialize, ts_rs::TS)]
#[serde(deny_unknown_fields)]
pub struct PhotoIdArgs {
    pub id: String,
}

#[derive(Debug, Clone, Deserialize, Serialize, ts_rs::TS)]
#[serde(deny_unknown_fields)]
#[ts(optional_fields = nullable)]
pub struct MinutesSetArgs {
    pub session_id: String,
    pub chair: Option<String>,
    pub topics: Option<String>,
    pub qa: Option<String>,
    pub conclusions: Option<String>,
}

#[derive(Debug, Clone, Deserialize, Serialize, ts_rs::TS)]
#[serde(deny_unknown_fields)]
#[ts(optional_fields = nullable)]
pub struct ReportPrintArgs {
    pub event_id: String,
    /// `pdf` or `docx`.
    pub format: Option<String>,
}

// ---- the data behind the report --------------------------------------------------------

/// The payments of the event by kind of work, as the keuangan computes them: honoraria
/// per kind, then the participants' transport money.
fn finance_rows(conn: &rusqlite::Connection, event_id: &str) -> Result<Vec<Spent>, ApiError> {
    use crate::finance::{FinanceDoc, RateKind};
    let c = crate::finance::compute(conn, event_id, true)?;
    let mut out = Vec::new();
    for (kind, doc) in [
        (RateKind::Narasumber, FinanceDoc::Nominatif),
        (RateKind::Moderator, FinanceDoc::Nominatif),
        (RateKind::PembawaAcara, FinanceDoc::Nominatif),
        (RateKind::Transport, FinanceDoc::Transport),
    ] {
        let lines: Vec<_> = c
            .lines(doc)
            .into_iter()
            .filter(|l| l.kind == kind)
            .collect();
        if lines.is_empty() {
            continue;
        }
        let what = match kind {
            RateKind::Transport => "Uang transport peserta".to_string(),
            k => format!("Honorarium {}", k.label().to_lowercase()),
        };
        out.push(Spent {
            what,
            people: lines.len() as i64,
            gross: lines.iter().map(|l| l.gross).sum(),
            tax: lines.iter().map(|l| l.tax).sum(),
            net: lines.iter().map(|l| l.net).sum(),
        });
    }
    Ok(out)
}

/// Everything the report prints, read at once.
struct Data {
    event: Event,
    kop: Kop,
    profile: Option<crate::agency::AgencyProfile>,
    stored: StoredReport,
    sessions: Vec<Session>,
    minutes: HashMap<String, MinutesRow>,
    quotas: Vec<crate::model::QuotaRow>,
    participants: Vec<Participant>,
    committee: Vec<Participant>,
    checkins: HashMap<(String, String), String>,
    signatories: Vec<Signatory>,
    certificates: Vec<crate::certificates::CertificateRow>,
    /// The keuangan's payments by kind of work; empty when there are none.
    finance: Vec<Spent>,
    /// The tests and evaluations; `None` when the event has no form.
    evaluation: Option<crate::forms::results::EvaluationSummary>,
}

/// What one kind of work was paid, in whole rupiah.
struct Spent {
    what: String,
    people: i64,
    gross: i64,
    tax: i64,
    net: i64,
}

/// "Hasil Evaluasi" of BAB III: each form's count, index and category, the narasumber
/// lowest first, and the pre/post means with the N-gain (the whole results are their own
/// document: `evaluation_print`).
fn evaluation_part(b: &mut Vec<Block>, letter: char, e: &crate::forms::results::EvaluationSummary) {
    let dec = crate::forms::decimal2;
    b.push(h2(&format!("{letter}. Hasil Evaluasi")));
    b.push(Block::para(
        "Peserta mengisi tes dan evaluasi melalui halaman peserta di ponselnya atau di atas \
         kertas. Indeks adalah rata-rata penilaian dibagi skala dikali 100, seperti konversi \
         Indeks Kepuasan Masyarakat.",
    ));
    b.push(table(
        &["Formulir", "Mengisi", "Indeks", "Kategori"],
        &[8, 3, 3, 4],
        &[
            TextAlign::Left,
            TextAlign::Center,
            TextAlign::Right,
            TextAlign::Left,
        ],
        e.forms
            .iter()
            .map(|f| {
                vec![
                    f.title.clone(),
                    format!("{} dari {}", f.respondents, f.expected),
                    dec(f.index),
                    f.category.clone().unwrap_or_else(|| "—".to_string()),
                ]
            })
            .collect(),
    ));
    if !e.speakers.is_empty() {
        b.push(Block::para(
            "Penilaian peserta atas narasumber, dari yang terendah:",
        ));
        b.push(table(
            &["Narasumber", "Sesi", "Indeks", "Kategori"],
            &[8, 2, 3, 4],
            &[
                TextAlign::Left,
                TextAlign::Center,
                TextAlign::Right,
                TextAlign::Left,
            ],
            e.speakers
                .iter()
                .map(|s| {
                    vec![
                        s.name.clone(),
                        s.sessions.to_string(),
                        dec(Some(s.index)),
                        s.category.clone(),
                    ]
                })
                .collect(),
        ));
    }
    if let Some(t) = e.tests.as_ref().filter(|t| t.paired > 0) {
        b.push(Block::para(format!(
            "Sebanyak {} peserta mengerjakan pre-test dan post-test. Nilai rata-rata naik dari \
             {} menjadi {} (kenaikan {}), dengan N-gain {}{}.",
            t.paired,
            dec(t.mean_pre),
            dec(t.mean_post),
            dec(t.mean_gain),
            dec(t.n_gain),
            t.n_gain_category
                .as_deref()
                .map(|c| format!(" (kategori {})", c.to_lowercase()))
                .unwrap_or_default()
        )));
    }
}

fn read_data(conn: &rusqlite::Connection, event_id: &str) -> Result<Data, ApiError> {
    let event = event_or_404(conn, event_id)?;
    let mut quotas = crate::store::opd::quota_rows(conn, &event.id)?;
    quotas.sort_by_cached_key(|q| q.opd.to_lowercase());
    Ok(Data {
        kop: Kop::read(conn, &event)?,
        profile: crate::store::agency::get_profile(conn)?,
        stored: db::get_report(conn, &event.id)?,
        sessions: crate::store::agenda::list_sessions(conn, &event.id)?,
        minutes: db::minutes_of_event(conn, &event.id)?,
        quotas,
        participants: crate::store::people::registered(conn, &event.id, "participant")?,
        committee: crate::store::people::registered(conn, &event.id, "committee")?,
        checkins: crate::store::attendance::event_checkins(conn, &event.id)?,
        signatories: crate::store::agenda::list_signatories(conn, &event.id)?,
        certificates: crate::store::certificates::list_certificates(conn, &event.id)?,
        finance: finance_rows(conn, &event.id)?,
        evaluation: {
            let e = crate::forms::results::summary(conn, &event.id)?;
            (!e.forms.is_empty()).then_some(e)
        },
        event,
    })
}

impl Data {
    fn organizer(&self) -> String {
        match (&self.profile, self.event.organizer.as_deref()) {
            (_, Some(o)) if !o.trim().is_empty() => o.trim().to_string(),
            (Some(p), _) => p.name.clone(),
            _ => "Panitia".to_string(),
        }
    }

    fn government(&self) -> String {
        self.profile
            .as_ref()
            .and_then(|p| p.parent.clone())
            .unwrap_or_else(|| "pemerintah daerah".to_string())
    }

    fn place(&self) -> String {
        [self.event.venue.as_deref(), self.event.city.as_deref()]
            .into_iter()
            .flatten()
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .collect::<Vec<_>>()
            .join(", ")
    }

    /// The event's days, in order.
    fn days(&self) -> Vec<NaiveDate> {
        let parse = |s: &str| NaiveDate::parse_from_str(s, "%Y-%m-%d").ok();
        match (parse(&self.event.start_date), parse(&self.event.end_date)) {
            (Some(a), Some(b)) if b >= a && (b - a).num_days() < 31 => {
                a.iter_days().take_while(|d| *d <= b).collect()
            }
            (Some(a), _) => vec![a],
            _ => Vec::new(),
        }
    }

    /// Who was present on `day` (a check-in in any of its sessions): registration ids.
    fn present_on(&self, day: NaiveDate) -> BTreeSet<&str> {
        let iso = day.format("%Y-%m-%d").to_string();
        let sessions: BTreeSet<&str> = self
            .sessions
            .iter()
            .filter(|s| s.date == iso && s.takes_attendance)
            .map(|s| s.id.as_str())
            .collect();
        self.checkins
            .keys()
            .filter(|(_, s)| sessions.contains(s.as_str()))
            .map(|(r, _)| r.as_str())
            .collect()
    }

    /// Participants present on at least one day.
    fn present_any(&self) -> usize {
        let ids: BTreeSet<&str> = self.participants.iter().map(|p| p.id.as_str()).collect();
        let came: BTreeSet<&str> = self
            .checkins
            .keys()
            .map(|(r, _)| r.as_str())
            .filter(|r| ids.contains(r))
            .collect();
        came.len()
    }

    fn chair(&self) -> Option<&Participant> {
        self.committee.iter().find(|p| {
            let d = p.duty.as_deref().unwrap_or("").to_lowercase();
            d.contains("ketua") && !d.contains("wakil")
        })
    }

    fn issued(&self, role: Role) -> usize {
        self.certificates
            .iter()
            .filter(|c| c.role == role && c.status == crate::model::CertificateStatus::Issued)
            .count()
    }

    fn default_text(&self, key: &str) -> String {
        let e = &self.event;
        let opds = self
            .quotas
            .iter()
            .filter(|q| q.quota.unwrap_or(0) > 0 || q.registered > 0)
            .count();
        let theme = e
            .theme
            .as_deref()
            .filter(|t| !t.trim().is_empty())
            .map(|t| format!(" dengan tema \u{201c}{}\u{201d}", t.trim()))
            .unwrap_or_default();
        let dates = crate::format::event_days(&e.start_date, &e.end_date)
            .unwrap_or_else(|| e.start_date.clone());
        match key {
            "latar_belakang" => format!(
                "Peningkatan kompetensi aparatur merupakan bagian dari upaya mewujudkan tata \
                 kelola pemerintahan yang baik di lingkungan {}. Untuk itu {} menyelenggarakan \
                 {}{theme}, yang diikuti oleh aparatur dari {opds} perangkat daerah.",
                self.government(),
                self.organizer(),
                e.title
            ),
            "maksud_tujuan" => format!(
                "Maksud kegiatan ini adalah memberikan bimbingan teknis kepada aparatur \
                 perangkat daerah melalui {}.\n\nTujuannya adalah meningkatkan pengetahuan dan \
                 keterampilan peserta sehingga dapat diterapkan dalam pelaksanaan tugas di \
                 perangkat daerah masing-masing.",
                e.title
            ),
            "ruang_lingkup" => "Ruang lingkup kegiatan meliputi penyampaian materi oleh \
                 narasumber, diskusi dan tanya jawab, serta praktik sesuai dengan jadwal acara \
                 sebagaimana diuraikan pada Bab II."
                .to_string(),
            "hambatan" => "Secara umum kegiatan berjalan lancar sesuai jadwal dan tidak \
                 terdapat hambatan yang berarti."
                .to_string(),
            "kesimpulan" => {
                let total = self.participants.len();
                let came = self.present_any();
                let pct = percent(came as i64, total as i64)
                    .map(|p| format!(" ({p}%)"))
                    .unwrap_or_default();
                let certificates = match self.issued(Role::Participant) {
                    0 => String::new(),
                    n => format!(
                        " Sebanyak {n} sertifikat telah diterbitkan bagi peserta yang memenuhi \
                         ketentuan kehadiran."
                    ),
                };
                format!(
                    "{} telah dilaksanakan pada {dates} di {}, diikuti oleh {came} dari {total} \
                     peserta terdaftar{pct}.{certificates}",
                    e.title,
                    self.place(),
                )
            }
            "saran" => "Kegiatan serupa perlu dilaksanakan secara berkala dan ditindaklanjuti \
                 dengan pendampingan, agar materi yang diperoleh dapat diterapkan di perangkat \
                 daerah masing-masing."
                .to_string(),
            "penutup" => format!(
                "Demikian laporan pelaksanaan {} ini disusun sebagai bahan pertanggungjawaban \
                 dan evaluasi. Atas perhatian dan dukungan semua pihak, kami ucapkan terima \
                 kasih.",
                e.title
            ),
            _ => String::new(),
        }
    }

    fn text(&self, key: &str) -> Option<&String> {
        let s = &self.stored;
        match key {
            "latar_belakang" => s.latar_belakang.as_ref(),
            "maksud_tujuan" => s.maksud_tujuan.as_ref(),
            "ruang_lingkup" => s.ruang_lingkup.as_ref(),
            "hambatan" => s.hambatan.as_ref(),
            "kesimpulan" => s.kesimpulan.as_ref(),
            "saran" => s.saran.as_ref(),
            "penutup" => s.penutup.as_ref(),
            _ => None,
        }
    }

    /// The typed text of a part, or its default.
    fn part(&self, key: &str) -> String {
        self.text(key)
            .cloned()
            .unwrap_or_else(|| self.default_text(key))
    }
}

fn info_of(data: &Data, photos: Vec<db::PhotoRow>) -> ReportInfo {
    let s = &data.stored;
    let ord = s.signatory_ord.unwrap_or(1);
    ReportInfo {
        event_id: data.event.id.clone(),
        parts: PARTS
            .iter()
            .map(|(key, title)| ReportPart {
                key: key.to_string(),
                title: title.to_string(),
                text: data.text(key).cloned().unwrap_or_default(),
                default_text: data.default_text(key),
            })
            .collect(),
        place: s
            .place
            .clone()
            .or_else(|| data.event.city.clone())
            .unwrap_or_default(),
        report_date: s.report_date.clone(),
        signatory_ord: ord,
        signatory: data.signatories.iter().find(|g| g.ord == ord).cloned(),
        chair: data.chair().map(|p| p.name.clone()),
        attach_agenda: s.attach_agenda,
        attach_recap: s.attach_recap,
        attach_attendance: s.attach_attendance,
        photos: photos
            .into_iter()
            .map(|p| ReportPhoto {
                id: p.id,
                caption: p.caption,
                width: p.width,
                height: p.height,
            })
            .collect(),
        minutes: data
            .sessions
            .iter()
            .filter(|s| s.kind != SessionKind::Break)
            .map(|s| {
                let m = data.minutes.get(&s.id).cloned().unwrap_or_default();
                SessionMinutes {
                    session_id: s.id.clone(),
                    title: s.title.clone(),
                    date: s.date.clone(),
                    start_time: s.start_time.clone(),
                    end_time: s.end_time.clone(),
                    speakers: s.speakers.iter().map(|p| p.name.clone()).collect(),
                    moderators: s.moderators.iter().map(|p| p.name.clone()).collect(),
                    chair: m.chair.unwrap_or_default(),
                    topics: m.topics.unwrap_or_default(),
                    qa: m.qa.unwrap_or_default(),
                    conclusions: m.conclusions.unwrap_or_default(),
                }
            })
            .collect(),
        updated_at: s.updated_at.clone(),
    }
}

// ---- writes ----------------------------------------------------------------------------

/// A narrative text from the form: line breaks kept, trailing blanks trimmed, checked.
fn long_text(
    errors: &mut Errors,
    field: &str,
    label: &str,
    value: Option<String>,
) -> Option<Option<String>> {
    let v = value?;
    let v = crate::validate::opt_text(Some(v));
    if let Some(t) = &v {
        crate::validate::text(errors, field, label, Some(t), MAX_TEXT);
    }
    Some(v)
}

pub(crate) fn report_set(tx: &Tx, args: ReportSetArgs) -> Result<ReportInfo, ApiError> {
    let event = event_or_404(tx, &args.event_id)?;
    let mut s = db::get_report(tx, &event.id)?;
    let mut errors = Errors::default();
    let parts = [
        (
            &mut s.latar_belakang,
            args.latar_belakang,
            "latar_belakang",
            "Latar belakang",
        ),
        (
            &mut s.maksud_tujuan,
            args.maksud_tujuan,
            "maksud_tujuan",
            "Maksud dan tujuan",
        ),
        (
            &mut s.ruang_lingkup,
            args.ruang_lingkup,
            "ruang_lingkup",
            "Ruang lingkup",
        ),
        (&mut s.hambatan, args.hambatan, "hambatan", "Hambatan"),
        (
            &mut s.kesimpulan,
            args.kesimpulan,
            "kesimpulan",
            "Kesimpulan",
        ),
        (&mut s.saran, args.saran, "saran", "Saran"),
        (&mut s.penutup, args.penutup, "penutup", "Penutup"),
    ];
    for (slot, value, field, label) in parts {
        if let Some(v) = long_text(&mut errors, field, label, value) {
            *slot = v;
        }
    }
    if let Some(p) = args.place {
        let p = crate::validate::one_line(&p);
        crate::validate::text(&mut errors, "place", "Tempat", Some(&p), 100);
        s.place = (!p.is_empty()).then_some(p);
    }
    if let Some(d) = args.report_date {
        let d = d.trim().to_string();
        if d.is_empty() {
            s.report_date = None;
        } else if crate::validate::date(&mut errors, "report_date", "Tanggal laporan", &d).is_some()
        {
            s.report_date = Some(d);
        }
    }
    if let Some(o) = args.signatory_ord {
        match o {
            1 | 2 => s.signatory_ord = Some(o),
            _ => errors.add(
                "signatory_ord",
                "Yang mengetahui: pilih penanda tangan 1 atau 2.",
            ),
        }
    }
    if let Some(v) = args.attach_agenda {
        s.attach_agenda = v;
    }
    if let Some(v) = args.attach_recap {
        s.attach_recap = v;
    }
    if let Some(v) = args.attach_attendance {
        s.attach_attendance = v;
    }
    if !errors.is_empty() {
        return Err(ApiError::validation(errors.0));
    }
    db::put_report(tx, &event.id, &s, &crate::store::now())?;
    tx.audit(Audit::Report, Some(&event.id), None)?;
    let data = read_data(tx, &event.id)?;
    Ok(info_of(&data, db::photos(tx, &event.id)?))
}

fn caption_of(caption: &str) -> Result<String, ApiError> {
    let c = crate::validate::one_line(caption);
    if c.is_empty() {
        return Err(ApiError::field(
            "caption",
            "Isi keterangan foto, misalnya \"Pembukaan oleh Sekretaris Daerah\".",
        ));
    }
    crate::validate::check("caption", "Keterangan foto", Some(&c), 300)?;
    Ok(c)
}

fn photo_or_404(conn: &rusqlite::Connection, id: &str) -> Result<db::PhotoRow, ApiError> {
    db::photo(conn, id)?.ok_or_else(|| {
        ApiError::field("id", "Foto tidak ditemukan.").with_code(ErrorCode::NotFound)
    })
}

pub(crate) fn report_photo_update(tx: &Tx, args: PhotoUpdateArgs) -> Result<ReportPhoto, ApiError> {
    let photo = photo_or_404(tx, &args.id)?;
    let caption = match &args.caption {
        Some(c) => caption_of(c)?,
        None => photo.caption.clone(),
    };
    let mut ord = photo.ord;
    if let Some(by) = args.move_by.filter(|b| *b != 0) {
        let all = db::photos(tx, &photo.event_id)?;
        let at = all.iter().position(|p| p.id == photo.id).unwrap_or(0) as i64;
        let to = (at + by.signum()).clamp(0, all.len() as i64 - 1);
        if to != at {
            // Number them 1… in order with this one moved, so that ties never stick.
            let mut ids: Vec<&str> = all.iter().map(|p| p.id.as_str()).collect();
            let id = ids.remove(at as usize);
            ids.insert(to as usize, id);
            for (i, id) in ids.iter().enumerate() {
                let p = all.iter().find(|p| p.id == *id).expect("listed");
                let c = if *id == photo.id {
                    &caption
                } else {
                    &p.caption
                };
                db::set_photo(tx, id, c, i as i64 + 1)?;
            }
            ord = to + 1;
        }
    }
    db::set_photo(tx, &photo.id, &caption, ord)?;
    tx.audit(
        Audit::ReportPhoto,
        Some(&photo.id),
        Some(&format!("ubah: {caption}")),
    )?;
    Ok(ReportPhoto {
        id: photo.id,
        caption,
        width: photo.width,
        height: photo.height,
    })
}

pub(crate) fn report_photo_delete(tx: &Tx, args: PhotoIdArgs) -> Result<ReportPhoto, ApiError> {
    let photo = photo_or_404(tx, &args.id)?;
    db::delete_photo(tx, &photo.id)?;
    tx.audit(
        Audit::ReportPhoto,
        Some(&photo.id),
        Some(&format!("hapus: {}", photo.caption)),
    )?;
    Ok(ReportPhoto {
        id: photo.id,
        caption: photo.caption,
        width: photo.width,
        height: photo.height,
    })
}

pub(crate) fn session_minutes_set(
    tx: &Tx,
    args: MinutesSetArgs,
) -> Result<SessionMinutes, ApiError> {
    let session = crate::store::agenda::get_session(tx, &args.session_id)?.ok_or_else(|| {
        ApiError::field("session_id", "Sesi tidak ditemukan.").with_code(ErrorCode::NotFound)
    })?;
    let mut m = db::minutes_of_event(tx, &session.event_id)?
        .remove(&session.id)
        .unwrap_or_default();
    let mut errors = Errors::default();
    if let Some(c) = args.chair {
        let c = crate::validate::one_line(&c);
        crate::validate::text(&mut errors, "chair", "Pemimpin sesi", Some(&c), 300);
        m.chair = (!c.is_empty()).then_some(c);
    }
    for (slot, value, field, label) in [
        (&mut m.topics, args.topics, "topics", "Pokok bahasan"),
        (&mut m.qa, args.qa, "qa", "Tanya jawab"),
        (
            &mut m.conclusions,
            args.conclusions,
            "conclusions",
            "Kesimpulan sesi",
        ),
    ] {
        if let Some(v) = long_text(&mut errors, field, label, value) {
            *slot = v;
        }
    }
    if !errors.is_empty() {
        return Err(ApiError::validation(errors.0));
    }
    db::put_minutes(tx, &session.id, &m, &crate::store::now())?;
    tx.audit(Audit::SessionMinutes, Some(&session.id), None)?;
    Ok(SessionMinutes {
        session_id: session.id.clone(),
        title: session.title.clone(),
        date: session.date.clone(),
        start_time: session.start_time.clone(),
        end_time: session.end_time.clone(),
        speakers: session.speakers.iter().map(|p| p.name.clone()).collect(),
        moderators: session.moderators.iter().map(|p| p.name.clone()).collect(),
        chair: m.chair.unwrap_or_default(),
        topics: m.topics.unwrap_or_default(),
        qa: m.qa.unwrap_or_default(),
        conclusions: m.conclusions.unwrap_or_default(),
    })
}

// ---- the document ----------------------------------------------------------------------

const ROMAN: [&str; 10] = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X"];

fn day_text(iso: &str) -> String {
    NaiveDate::parse_from_str(iso, "%Y-%m-%d")
        .map(crate::format::date_with_day)
        .unwrap_or_else(|_| iso.to_string())
}

fn h1(text: &str) -> Block {
    Block::Heading {
        text: text.to_string(),
        level: 1,
    }
}

fn h2(text: &str) -> Block {
    Block::Heading {
        text: text.to_string(),
        level: 2,
    }
}

fn narrative(text: &str) -> Vec<Block> {
    crate::letters::body_blocks(text, &[])
}

fn table(header: &[&str], widths: &[u16], align: &[TextAlign], rows: Vec<Vec<String>>) -> Block {
    Block::Table {
        header: header.iter().map(|s| s.to_string()).collect(),
        widths: widths.to_vec(),
        align: align.to_vec(),
        rows,
        signing: false,
        total: false,
    }
}

use TextAlign::{Center as C, Left as L};

fn agenda_table(data: &Data) -> Block {
    let rows = data
        .sessions
        .iter()
        .map(|s| {
            let mut who: Vec<String> = s.speakers.iter().map(|p| p.name.clone()).collect();
            who.extend(
                s.moderators
                    .iter()
                    .map(|p| format!("{} (moderator)", p.name)),
            );
            vec![
                day_text(&s.date),
                format!("{}–{}", dotted(&s.start_time), dotted(&s.end_time)),
                s.title.clone(),
                who.join("\n"),
            ]
        })
        .collect();
    table(
        &[
            "Hari, tanggal",
            "Waktu",
            "Acara / materi",
            "Narasumber / moderator",
        ],
        &[6, 3, 9, 8],
        &[L, C, L, L],
        rows,
    )
}

/// Participants per OPD: quota, registered, present each day.
fn opd_table(data: &Data) -> Block {
    let days = data.days();
    let present: Vec<BTreeSet<&str>> = days.iter().map(|d| data.present_on(*d)).collect();
    let mut header = vec!["No", "Perangkat daerah", "Kuota", "Terdaftar"];
    let labels: Vec<String> = (1..=days.len()).map(|i| format!("Hadir H{i}")).collect();
    header.extend(labels.iter().map(String::as_str));
    let mut widths = vec![2, 12, 3, 4];
    widths.extend(std::iter::repeat_n(3, days.len()));
    let mut align = vec![C, L, C, C];
    align.extend(std::iter::repeat_n(C, days.len()));
    let mut rows = Vec::new();
    let mut totals = vec![0usize; days.len()];
    let (mut quota_total, mut reg_total) = (0i64, 0usize);
    let mut opds: Vec<(Option<String>, String, Option<i64>)> = data
        .quotas
        .iter()
        .filter(|q| q.quota.unwrap_or(0) > 0 || q.registered > 0)
        .map(|q| (Some(q.opd_id.clone()), q.opd.clone(), q.quota))
        .collect();
    if data.participants.iter().any(|p| p.opd_id.is_none()) {
        opds.push((None, "(Tanpa OPD)".to_string(), None));
    }
    for (i, (id, name, quota)) in opds.iter().enumerate() {
        let people: Vec<&Participant> = data
            .participants
            .iter()
            .filter(|p| p.opd_id == *id)
            .collect();
        let mut row = vec![
            (i + 1).to_string(),
            name.clone(),
            quota.map_or("-".to_string(), |q| q.to_string()),
            people.len().to_string(),
        ];
        for (d, set) in present.iter().enumerate() {
            let n = people
                .iter()
                .filter(|p| set.contains(p.id.as_str()))
                .count();
            totals[d] += n;
            row.push(n.to_string());
        }
        quota_total += quota.unwrap_or(0);
        reg_total += people.len();
        rows.push(row);
    }
    let mut total = vec![
        String::new(),
        "Jumlah".to_string(),
        quota_total.to_string(),
        reg_total.to_string(),
    ];
    total.extend(totals.iter().map(usize::to_string));
    rows.push(total);
    table(&header, &widths, &align, rows)
}

fn attendance_by_day(data: &Data) -> Block {
    let total = data.participants.len();
    let ids: BTreeSet<&str> = data.participants.iter().map(|p| p.id.as_str()).collect();
    let rows = data
        .days()
        .iter()
        .enumerate()
        .map(|(i, d)| {
            let n = data
                .present_on(*d)
                .into_iter()
                .filter(|r| ids.contains(r))
                .count();
            vec![
                format!("Hari ke-{}", i + 1),
                crate::format::date_with_day(*d),
                total.to_string(),
                n.to_string(),
                percent(n as i64, total as i64).map_or("-".into(), |p| format!("{p}%")),
            ]
        })
        .collect();
    table(
        &["Hari", "Tanggal", "Terdaftar", "Hadir", "Persentase"],
        &[3, 7, 3, 3, 3],
        &[L, L, C, C, C],
        rows,
    )
}

fn committee_table(data: &Data) -> Block {
    table(
        &["No", "Nama / NIP", "Jabatan", "Tugas dalam panitia"],
        &[2, 10, 9, 7],
        &[C, L, L, L],
        data.committee
            .iter()
            .enumerate()
            .map(|(i, p)| {
                vec![
                    (i + 1).to_string(),
                    p.name_with_nip(),
                    p.position.clone().unwrap_or_default(),
                    p.duty.clone().unwrap_or_else(|| "Anggota".into()),
                ]
            })
            .collect(),
    )
}

fn minutes_blocks(data: &Data) -> Vec<Block> {
    let mut out = Vec::new();
    for s in data
        .sessions
        .iter()
        .filter(|s| s.kind != SessionKind::Break)
    {
        let Some(m) = data.minutes.get(&s.id) else {
            continue;
        };
        if [&m.chair, &m.topics, &m.qa, &m.conclusions]
            .iter()
            .all(|v| v.as_deref().is_none_or(|t| t.trim().is_empty()))
        {
            continue;
        }
        out.push(Block::Text {
            text: s.title.clone(),
            align: TextAlign::Left,
            bold: true,
            indent: false,
            size: None,
        });
        let mut rows = vec![(
            "Waktu".to_string(),
            format!(
                "{}, pukul {}–{}",
                day_text(&s.date),
                dotted(&s.start_time),
                dotted(&s.end_time)
            ),
        )];
        let chair = m
            .chair
            .clone()
            .or_else(|| s.moderators.first().map(|p| p.name.clone()))
            .unwrap_or_default();
        rows.push(("Pemimpin sesi".into(), chair));
        rows.push((
            "Narasumber".into(),
            s.speakers
                .iter()
                .map(|p| p.name.clone())
                .collect::<Vec<_>>()
                .join(", "),
        ));
        rows.retain(|(_, v)| !v.trim().is_empty());
        out.push(Block::Fields {
            rows,
            indent: false,
        });
        for (label, text) in [
            ("Pokok bahasan", &m.topics),
            ("Tanya jawab", &m.qa),
            ("Kesimpulan", &m.conclusions),
        ] {
            if let Some(t) = text.as_deref().filter(|t| !t.trim().is_empty()) {
                out.push(Block::Text {
                    text: format!("{label}:"),
                    align: TextAlign::Left,
                    bold: false,
                    indent: false,
                    size: None,
                });
                out.extend(narrative(t));
            }
        }
    }
    out
}

fn certificate_rows(data: &Data) -> Vec<(String, String)> {
    [
        (Role::Participant, "Peserta"),
        (Role::Speaker, "Narasumber"),
        (Role::Moderator, "Moderator"),
        (Role::Committee, "Panitia"),
    ]
    .iter()
    .map(|(role, label)| {
        (
            label.to_string(),
            format!("{} sertifikat", data.issued(*role)),
        )
    })
    .collect()
}

fn document(data: &Data, photos: Vec<(db::PhotoRow, Vec<u8>)>) -> LetterDoc {
    let e = &data.event;
    let s = &data.stored;
    let mut sections = Vec::new();
    // The cover.
    let mut cover = vec![
        Block::Gap(6),
        Block::title("LAPORAN PELAKSANAAN KEGIATAN", 16.0),
        Block::Gap(1),
        Block::title(e.title.to_uppercase(), 14.0),
    ];
    if let Some(theme) = e.theme.as_deref().filter(|t| !t.trim().is_empty()) {
        cover.push(Block::centred(format!("\u{201c}{}\u{201d}", theme.trim())));
    }
    cover.push(Block::Gap(2));
    cover.push(Block::centred(crate::format::event_place_dates(
        e.city.as_deref(),
        &e.start_date,
        &e.end_date,
    )));
    cover.push(Block::Gap(8));
    cover.push(Block::title(data.organizer().to_uppercase(), 12.0));
    cover.push(Block::title(
        e.start_date.chars().take(4).collect::<String>(),
        12.0,
    ));
    sections.push(Section {
        kop: true,
        blocks: cover,
    });
    sections.push(Section {
        kop: false,
        blocks: vec![Block::title("DAFTAR ISI", 12.0), Block::Gap(1), Block::Toc],
    });

    // BAB I.
    let mut b = vec![h1("BAB I\nPENDAHULUAN"), h2("A. Latar Belakang")];
    b.extend(narrative(&data.part("latar_belakang")));
    b.push(h2("B. Maksud dan Tujuan"));
    b.extend(narrative(&data.part("maksud_tujuan")));
    b.push(h2("C. Ruang Lingkup"));
    b.extend(narrative(&data.part("ruang_lingkup")));
    b.push(h2("D. Dasar Hukum"));
    let basis: Vec<&str> = e
        .legal_basis
        .as_deref()
        .unwrap_or("")
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect();
    if basis.is_empty() {
        b.push(Block::para(
            "Dokumen Pelaksanaan Anggaran (DPA) perangkat daerah penyelenggara tahun berjalan.",
        ));
    } else {
        b.push(Block::lines(
            basis
                .iter()
                .enumerate()
                .map(|(i, l)| format!("{}. {l}", i + 1))
                .collect::<Vec<_>>()
                .join("\n"),
        ));
    }
    sections.push(Section {
        kop: false,
        blocks: b,
    });

    // BAB II.
    let mut b = vec![h1("BAB II\nPELAKSANAAN"), h2("A. Waktu dan Tempat")];
    b.push(Block::Fields {
        rows: vec![
            (
                "Hari, tanggal".into(),
                crate::format::event_days(&e.start_date, &e.end_date)
                    .unwrap_or_else(|| e.start_date.clone()),
            ),
            (
                "Waktu".into(),
                match (data.sessions.first(), data.sessions.last()) {
                    (Some(a), Some(z)) => format!(
                        "pukul {} s.d. {}",
                        dotted(&a.start_time),
                        dotted(&z.end_time)
                    ),
                    _ => "-".into(),
                },
            ),
            ("Tempat".into(), data.place()),
            ("Penyelenggara".into(), data.organizer()),
        ]
        .into_iter()
        .filter(|(_, v)| !v.trim().is_empty())
        .collect(),
        indent: false,
    });
    b.push(h2("B. Agenda dan Narasumber"));
    if data.sessions.is_empty() {
        b.push(Block::para("Agenda belum diisi."));
    } else {
        b.push(agenda_table(data));
    }
    b.push(h2("C. Peserta"));
    b.push(Block::para(format!(
        "Peserta kegiatan adalah aparatur yang ditugaskan oleh perangkat daerah sesuai kuota \
         undangan. Jumlah peserta terdaftar {} orang; kehadirannya per perangkat daerah dan \
         per hari sebagai berikut.",
        data.participants.len()
    )));
    b.push(opd_table(data));
    b.push(h2("D. Panitia"));
    if data.committee.is_empty() {
        b.push(Block::para("Susunan panitia belum diisi."));
    } else {
        b.push(committee_table(data));
    }
    let minutes = minutes_blocks(data);
    if !minutes.is_empty() {
        b.push(h2("E. Notulen"));
        b.extend(minutes);
    }
    sections.push(Section {
        kop: false,
        blocks: b,
    });

    // BAB III.
    let total = data.participants.len();
    let came = data.present_any();
    let mut b = vec![h1("BAB III\nHASIL KEGIATAN"), h2("A. Kehadiran")];
    b.push(Block::para(format!(
        "Dari {total} peserta terdaftar, {came} orang hadir sekurang-kurangnya satu sesi{}. \
         Kehadiran per hari sebagai berikut.",
        percent(came as i64, total as i64)
            .map(|p| format!(" ({p}%)"))
            .unwrap_or_default()
    )));
    b.push(attendance_by_day(data));
    b.push(h2("B. Sertifikat"));
    b.push(Block::para(
        "Sertifikat diterbitkan dengan nomor dan kode QR yang dapat diverifikasi keasliannya:",
    ));
    b.push(Block::Fields {
        rows: certificate_rows(data),
        indent: true,
    });
    if !data.finance.is_empty() {
        b.push(h2("C. Realisasi Anggaran"));
        b.push(Block::para(
            "Pembayaran honorarium dan uang transport menurut daftar nominatif dan daftar \
             penerimaan:",
        ));
        let money = crate::format::rupiah;
        let mut rows: Vec<Vec<String>> = data
            .finance
            .iter()
            .map(|r| {
                vec![
                    r.what.clone(),
                    r.people.to_string(),
                    money(r.gross),
                    money(r.tax),
                    money(r.net),
                ]
            })
            .collect();
        let sum = |f: fn(&Spent) -> i64| data.finance.iter().map(f).sum();
        rows.push(vec![
            "Jumlah".to_string(),
            String::new(),
            money(sum(|r| r.gross)),
            money(sum(|r| r.tax)),
            money(sum(|r| r.net)),
        ]);
        let mut t = table(
            &["Uraian", "Orang", "Bruto (Rp)", "PPh 21 (Rp)", "Netto (Rp)"],
            &[8, 2, 4, 4, 4],
            &[
                TextAlign::Left,
                TextAlign::Center,
                TextAlign::Right,
                TextAlign::Right,
                TextAlign::Right,
            ],
            rows,
        );
        if let Block::Table { total, .. } = &mut t {
            *total = true;
        }
        b.push(t);
    }
    if let Some(e) = &data.evaluation {
        let letter = if data.finance.is_empty() { 'C' } else { 'D' };
        evaluation_part(&mut b, letter, e);
    }
    sections.push(Section {
        kop: false,
        blocks: b,
    });

    // BAB IV–VI.
    let mut b = vec![h1("BAB IV\nHAMBATAN")];
    b.extend(narrative(&data.part("hambatan")));
    b.push(h1("BAB V\nKESIMPULAN DAN SARAN"));
    b.push(h2("A. Kesimpulan"));
    b.extend(narrative(&data.part("kesimpulan")));
    b.push(h2("B. Saran"));
    b.extend(narrative(&data.part("saran")));
    b.push(h1("BAB VI\nPENUTUP"));
    b.extend(narrative(&data.part("penutup")));
    let date = s.report_date.clone().unwrap_or_else(|| e.end_date.clone());
    let date = NaiveDate::parse_from_str(&date, "%Y-%m-%d")
        .map(date_long)
        .unwrap_or(date);
    let place = s
        .place
        .clone()
        .or_else(|| e.city.clone())
        .unwrap_or_default();
    let ord = s.signatory_ord.unwrap_or(1);
    let knows = data.signatories.iter().find(|g| g.ord == ord);
    let chair = data.chair();
    let mut signs = Vec::new();
    if let Some(g) = knows {
        signs.push(Signature {
            place_date: String::new(),
            position: format!("Mengetahui,\n{},", g.position.trim()),
            name: g.name.clone(),
            rank: g.rank.clone().unwrap_or_default(),
            nip: g
                .nip
                .as_deref()
                .map(crate::ids::format_nip)
                .unwrap_or_default(),
        });
    }
    signs.push(Signature {
        place_date: if place.is_empty() {
            date
        } else {
            format!("{place}, {date}")
        },
        position: "Ketua Panitia,".into(),
        name: chair.map(|p| p.name.clone()).unwrap_or_default(),
        rank: String::new(),
        nip: chair
            .and_then(|p| p.nip.as_deref())
            .map(crate::ids::format_nip)
            .unwrap_or_default(),
    });
    b.push(Block::Signatures(signs));
    sections.push(Section {
        kop: false,
        blocks: b,
    });

    // Lampiran.
    let mut n = 0;
    let mut lampiran = |title: &str, blocks: Vec<Block>, sections: &mut Vec<Section>| {
        let mut all = vec![h1(&format!("LAMPIRAN {}\n{title}", ROMAN[n.min(9)]))];
        n += 1;
        all.extend(blocks);
        sections.push(Section {
            kop: false,
            blocks: all,
        });
    };
    let mut images = Vec::new();
    if !photos.is_empty() {
        let list = photos
            .iter()
            .enumerate()
            .map(|(i, (p, _))| (i, p.caption.clone()))
            .collect();
        images = photos
            .into_iter()
            .map(|(p, jpeg)| bintek_docs::photo::Photo {
                jpeg,
                width: p.width.max(1) as u32,
                height: p.height.max(1) as u32,
            })
            .collect();
        lampiran(
            "DOKUMENTASI KEGIATAN",
            vec![Block::Photos(list)],
            &mut sections,
        );
    }
    if s.attach_agenda && !data.sessions.is_empty() {
        lampiran("JADWAL ACARA", vec![agenda_table(data)], &mut sections);
    }
    if s.attach_recap {
        let rows = data
            .sessions
            .iter()
            .filter(|s| s.takes_attendance)
            .map(|s| {
                let n = data
                    .participants
                    .iter()
                    .filter(|p| data.checkins.contains_key(&(p.id.clone(), s.id.clone())))
                    .count();
                vec![
                    day_text(&s.date),
                    format!("{}–{}", dotted(&s.start_time), dotted(&s.end_time)),
                    s.title.clone(),
                    total.to_string(),
                    n.to_string(),
                    percent(n as i64, total as i64).map_or("-".into(), |p| format!("{p}%")),
                ]
            })
            .collect();
        lampiran(
            "REKAP KEHADIRAN PER SESI",
            vec![table(
                &["Hari, tanggal", "Waktu", "Sesi", "Terdaftar", "Hadir", "%"],
                &[6, 3, 9, 4, 3, 3],
                &[L, C, L, C, C, C],
                rows,
            )],
            &mut sections,
        );
    }
    if s.attach_attendance {
        let days = data.days();
        let present: Vec<BTreeSet<&str>> = days.iter().map(|d| data.present_on(*d)).collect();
        let mut people: Vec<&Participant> = data.participants.iter().collect();
        people.sort_by_cached_key(|p| (p.opd.clone().unwrap_or_default(), p.name.to_lowercase()));
        let mut header = vec!["No", "Nama / NIP", "Perangkat daerah"];
        let labels: Vec<String> = (1..=days.len()).map(|i| format!("H{i}")).collect();
        header.extend(labels.iter().map(String::as_str));
        let mut widths = vec![2, 10, 9];
        widths.extend(std::iter::repeat_n(2, days.len()));
        let mut align = vec![C, L, L];
        align.extend(std::iter::repeat_n(C, days.len()));
        let rows = people
            .iter()
            .enumerate()
            .map(|(i, p)| {
                let mut r = vec![(i + 1).to_string(), p.name_with_nip(), p.agency()];
                r.extend(present.iter().map(|set| {
                    if set.contains(p.id.as_str()) {
                        "Hadir".to_string()
                    } else {
                        "-".to_string()
                    }
                }));
                r
            })
            .collect();
        lampiran(
            "DAFTAR HADIR PESERTA",
            vec![table(&header, &widths, &align, rows)],
            &mut sections,
        );
    }
    LetterDoc {
        title: format!("Laporan Pelaksanaan {}", e.title),
        kop: data.kop.to_docs(),
        sections,
        images,
        numbered: true,
        ..Default::default()
    }
}

impl Api {
    pub(crate) fn report_get(
        &self,
        _caller: &Caller,
        args: crate::agenda::EventArgs,
    ) -> Result<ReportInfo, ApiError> {
        let conn = self.read();
        let data = read_data(&conn, &args.event_id)?;
        let photos = db::photos(&conn, &data.event.id)?;
        Ok(info_of(&data, photos))
    }

    /// Checks and downscales the photo first (no transaction held), then stores it in a
    /// short write.
    pub(crate) fn report_photo_add(
        &self,
        caller: &Caller,
        args: PhotoAddArgs,
    ) -> Result<ReportPhoto, ApiError> {
        let caption = caption_of(&args.caption)?;
        let mime = args.mime.trim().to_lowercase();
        if mime != "image/jpeg" && mime != "image/png" {
            return Err(ApiError::field(
                "mime",
                "Foto harus berkas JPEG atau PNG (misalnya foto dari ponsel).",
            ));
        }
        {
            let conn = self.read();
            event_or_404(&conn, &args.event_id)?;
            if db::count_photos(&conn, &args.event_id)? >= MAX_PHOTOS {
                return Err(ApiError::field(
                    "data",
                    format!(
                        "Laporan sudah memuat {MAX_PHOTOS} foto, batas satu laporan. Hapus foto \
                         yang kurang penting terlebih dahulu."
                    ),
                ));
            }
        }
        let bytes = crate::files::decode_base64("data", &args.data)?;
        let photo = bintek_docs::photo::import(&mime, &bytes).map_err(|reason| {
            ApiError::field("data", format!("Foto tidak dapat dipakai: {reason}"))
        })?;
        let id = crate::store::new_id();
        let event_id = args.event_id.clone();
        let out = ReportPhoto {
            id: id.clone(),
            caption: caption.clone(),
            width: i64::from(photo.width),
            height: i64::from(photo.height),
        };
        self.write_as(caller, move |tx| {
            event_or_404(tx, &event_id)?;
            if db::count_photos(tx, &event_id)? >= MAX_PHOTOS {
                return Err(ApiError::field(
                    "data",
                    format!("Laporan sudah memuat {MAX_PHOTOS} foto, batas satu laporan."),
                ));
            }
            db::insert_photo(
                tx,
                &id,
                &event_id,
                &caption,
                &photo.jpeg,
                photo.width,
                photo.height,
                &crate::store::now(),
            )?;
            tx.audit(
                Audit::ReportPhoto,
                Some(&id),
                Some(&format!("tambah: {caption}")),
            )?;
            Ok(())
        })?;
        Ok(out)
    }

    pub(crate) fn report_photo_get(
        &self,
        _caller: &Caller,
        args: PhotoIdArgs,
    ) -> Result<FilePayload, ApiError> {
        let conn = self.read();
        let jpeg = db::photo_jpeg(&conn, &args.id)?.ok_or_else(|| {
            ApiError::field("id", "Foto tidak ditemukan.").with_code(ErrorCode::NotFound)
        })?;
        Ok(FilePayload::new("foto.jpg", &jpeg))
    }

    pub(crate) fn report_print(
        &self,
        _caller: &Caller,
        args: ReportPrintArgs,
    ) -> Result<FilePayload, ApiError> {
        let docx = match args.format.as_deref().map(str::trim) {
            None | Some("") | Some("pdf") => false,
            Some("docx") => true,
            Some(_) => {
                return Err(ApiError::field(
                    "format",
                    "Format tidak dikenal: pilih \"pdf\" atau \"docx\" (Word).",
                ))
            }
        };
        let (data, photos) = {
            let conn = self.read();
            let data = read_data(&conn, &args.event_id)?;
            let photos = db::photo_files(&conn, &data.event.id)?;
            (data, photos)
        };
        let doc = document(&data, photos);
        let stem = crate::files::safe_file_name(&format!("Laporan {}", data.event.title));
        let stem: String = stem.chars().take(80).collect();
        if docx {
            let bytes = bintek_docs::letter::render_docx(&doc)
                .map_err(|e| ApiError::new(ErrorCode::Validation, e.to_string()))?;
            Ok(FilePayload::new(&format!("{stem}.docx"), &bytes))
        } else {
            let bytes =
                bintek_docs::letter::render_pdf(&doc, &bintek_docs::pdf::Fonts::dejavu_sans())
                    .map_err(crate::prints::pdf_error)?;
            Ok(FilePayload::new(&format!("{stem}.pdf"), &bytes))
        }
    }
}
