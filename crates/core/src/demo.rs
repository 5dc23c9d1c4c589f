//! `bintek demo`: the seed story (a bintek of Diskominfo Kabupaten Grobogan, September
//! 2019) as a realistic demo database. Seeding twice changes nothing.

use crate::agenda::{
    SessionAddArgs, SessionAssignArgs, SessionInput, SignatoryInput, SignatorySetArgs,
    SpeakerAddArgs,
};
use std::collections::HashSet;

use serde::{Deserialize, Serialize};

use crate::agency::AgencyProfileArgs;
use crate::api::{Api, Caller, NoArgs};
use crate::commands::{self as cmd, run};
use crate::error::ApiError;
use crate::events::EventInput;
use crate::model::Event;
use crate::participants::{OpdCreateArgs, ParticipantAddArgs, PersonInput, QuotaSetArgs};
use crate::store::audit::Audit;
use crate::store::events as q;
use crate::tx::Tx;

pub const DEMO_TITLE: &str = "Bimbingan Teknis Pengelolaan Media Sosial sebagai Aset Digital";
pub const DEMO_START: &str = "2019-09-17";

/// What the demo added beside its event, so that removing it takes exactly that: the
/// OPDs it created and whether it set the agency profile. Kept in `settings`.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
struct Marker {
    event_id: String,
    #[serde(default)]
    opd_ids: Vec<String>,
    #[serde(default)]
    profile: bool,
    /// The budget year whose rate table the demo filled with the shipped examples.
    #[serde(default)]
    rate_year: Option<i64>,
}

fn marker(conn: &rusqlite::Connection) -> Result<Option<Marker>, ApiError> {
    Ok(crate::store::demo::get_marker(conn)?.and_then(|m| serde_json::from_str(&m).ok()))
}

fn put_marker(api: &Api, marker: &Marker) -> Result<(), ApiError> {
    let json = serde_json::to_string(marker)
        .map_err(|e| ApiError::new(crate::error::ErrorCode::Internal, e.to_string()))?;
    api.write(|tx| {
        Ok(crate::store::demo::put_marker(
            tx,
            &json,
            &crate::store::now(),
        )?)
    })
}

/// Seeds the demo and returns its event; an existing demo event is returned as it is.
pub fn seed(api: &Api) -> Result<Event, ApiError> {
    let existing = q::find_event_by_title_and_start(&api.conn(), DEMO_TITLE, DEMO_START)?;
    if let Some(e) = existing {
        // A demo seeded before the marker existed is still the demo.
        if marker(&api.read())?.is_none() {
            put_marker(
                api,
                &Marker {
                    event_id: e.id.clone(),
                    ..Default::default()
                },
            )?;
        }
        return Ok(e);
    }
    let opds_before: HashSet<String> = crate::store::demo::opd_ids(&api.read())?
        .into_iter()
        .collect();
    let profile = crate::store::agency::get_profile(&api.read())?.is_none();
    if profile {
        run::<cmd::AgencyProfileSet>(api, &Caller::admin("demo"), demo_profile())?;
    }
    let event = create_event(api)?;
    seed_participants(api, &event.id)?;
    seed_agenda(api, &event.id)?;
    seed_checkins(api, &event.id)?;
    seed_evaluation(api, &event.id)?;
    seed_report(api, &event.id)?;
    let rate_year = seed_finance(api, &event.id)?;
    let opd_ids = crate::store::demo::opd_ids(&api.read())?
        .into_iter()
        .filter(|id| !opds_before.contains(id))
        .collect();
    put_marker(
        api,
        &Marker {
            event_id: event.id.clone(),
            opd_ids,
            profile,
            rate_year,
        },
    )?;
    Ok(event)
}

/// The keuangan of the demo: the budget coding and who signs, the example rates of 2019
/// (when that year has none: the year it filled is returned), the speakers' status,
/// golongan, level, NPWP and bank account, so the payment documents show filled.
fn seed_finance(api: &Api, event_id: &str) -> Result<Option<i64>, ApiError> {
    use crate::finance::{FinanceSettingsArgs, RateCopyArgs, RecipientSetArgs};
    let caller = Caller::admin("demo");
    let filled = if crate::store::finance::rates(&api.read(), 2019)?.is_empty() {
        run::<cmd::FinanceRatesCopy>(
            api,
            &caller,
            RateCopyArgs {
                year: 2019,
                from_year: None,
            },
        )?;
        Some(2019)
    } else {
        None
    };
    let text = |s: &str| Some(s.to_string());
    run::<cmd::FinanceSettingsSet>(
        api,
        &caller,
        FinanceSettingsArgs {
            event_id: event_id.to_string(),
            program: text("Program Informasi dan Komunikasi Publik"),
            kegiatan: text(
                "Pengelolaan Informasi dan Komunikasi Publik Pemerintah Daerah Kabupaten/Kota",
            ),
            sub_kegiatan: text("Peningkatan Kapasitas Sumber Daya Komunikasi Publik"),
            account_honor: text("5.1.02.02.01.0003"),
            account_transport: text("5.1.02.04.01.0003"),
            pa_name: text("Wiku Handoyo, S.Sos., M.Si."),
            pa_nip: text("196801011990031010"),
            pa_title: text("Pengguna Anggaran"),
            pptk_name: text("Bambang Setiawan, S.Kom."),
            pptk_nip: text("197804122005011004"),
            bendahara_name: text("Siti Aminah, S.E."),
            bendahara_nip: text("198203152009012006"),
            ..Default::default()
        },
    )?;
    let people = run::<cmd::ParticipantList>(
        api,
        &caller,
        crate::participants::ParticipantListArgs {
            event_id: event_id.to_string(),
            ..Default::default()
        },
    )?;
    // (name, status, golongan, level, NPWP, bank, account, from the organizing agency)
    let details: [(&str, &str, &str, &str, &str, &str, bool); 5] = [
        (
            SPEAKERS[SEKDA].name,
            "pns",
            "IV/d",
            "eselon_2",
            "1234567890",
            "",
            false,
        ),
        (
            SPEAKERS[ENRICO].name,
            "pns",
            "III/d",
            "eselon_3",
            "2345678901",
            "09.254.294.3-407.000",
            false,
        ),
        (
            SPEAKERS[WIKU].name,
            "pns",
            "IV/c",
            "eselon_2",
            "3456789012",
            "",
            true,
        ),
        (
            SPEAKERS[RINA].name,
            "pppk",
            "IX",
            "",
            "4567890123",
            "15.432.876.5-512.000",
            true,
        ),
        (COMMITTEE[2].0, "pns", "II/c", "", "5678901234", "", true),
    ];
    for (name, status, golongan, level, account, npwp, internal) in details {
        let Some(p) = people.iter().find(|p| p.name == name) else {
            continue;
        };
        run::<cmd::FinanceRecipientSet>(
            api,
            &caller,
            RecipientSetArgs {
                registration_id: p.id.clone(),
                status: text(status),
                golongan: text(golongan),
                level: (!level.is_empty()).then(|| level.to_string()),
                npwp: (!npwp.is_empty()).then(|| npwp.to_string()),
                bank: text("Bank Jateng"),
                account_no: text(account),
                account_name: text(name),
                internal: Some(internal),
                ..Default::default()
            },
        )?;
    }
    Ok(filled)
}

/// The tests and the evaluation of the demo, entered as paper forms by those who came:
/// a pre-test and a post-test on five questions (everyone gains), and the evaluasi
/// penyelenggaraan, with Konsumsi rated lowest and a few who did not fill it in. Each
/// form was open during the event (2019), so it shows closed, with its results.
fn seed_evaluation(api: &Api, event_id: &str) -> Result<(), ApiError> {
    use crate::forms::{
        AnswerInput, EntryArgs, FormCreateArgs, FormKind, FormScheduleArgs, FormUpdateArgs,
        QuestionInput, QuestionKind,
    };
    let caller = Caller::admin("demo");
    let people = crate::store::forms::expected_participants(&api.read(), event_id)?;
    let bank: [(&str, [&str; 4], i64); 5] = [
        (
            "Akun media sosial resmi instansi sebaiknya didaftarkan dengan email …",
            [
                "pribadi admin yang mengelola",
                "resmi milik instansi",
                "pimpinan instansi",
                "pihak ketiga penyedia jasa",
            ],
            1,
        ),
        (
            "Pengamanan akun yang paling dianjurkan untuk mencegah pengambilalihan adalah …",
            [
                "kata sandi yang mudah diingat",
                "berbagi kata sandi dengan seluruh staf",
                "verifikasi dua langkah",
                "mengganti nama akun secara berkala",
            ],
            2,
        ),
        (
            "Dasar hukum keterbukaan informasi publik adalah …",
            [
                "UU Nomor 14 Tahun 2008",
                "UU Nomor 11 Tahun 2008",
                "UU Nomor 25 Tahun 2009",
                "UU Nomor 23 Tahun 2014",
            ],
            0,
        ),
        (
            "Rencana konten (content calendar) berguna untuk …",
            [
                "menambah jumlah akun instansi",
                "mengatur jadwal dan tema unggahan",
                "menghapus komentar negatif",
                "membeli pengikut",
            ],
            1,
        ),
        (
            "Ukuran keberhasilan konten yang paling tepat adalah …",
            [
                "jumlah unggahan per hari",
                "panjang keterangan unggahan",
                "jangkauan dan interaksi audiens",
                "jumlah akun yang diikuti",
            ],
            2,
        ),
    ];
    let create = |kind: FormKind| {
        run::<cmd::FormCreate>(
            api,
            &caller,
            FormCreateArgs {
                event_id: event_id.to_string(),
                kind,
                session_id: None,
                title: None,
            },
        )
    };
    let schedule = |id: &str, opens: &str, closes: &str| {
        run::<cmd::FormSchedule>(
            api,
            &caller,
            FormScheduleArgs {
                id: id.to_string(),
                opens_at: Some(opens.to_string()),
                closes_at: Some(closes.to_string()),
            },
        )
    };
    let pre = create(FormKind::Pretest)?;
    let pre = run::<cmd::FormUpdate>(
        api,
        &caller,
        FormUpdateArgs {
            id: pre.id,
            time_limit_min: Some(15),
            questions: Some(
                bank.iter()
                    .map(|(text, options, answer)| QuestionInput {
                        kind: Some(QuestionKind::Choice),
                        text: text.to_string(),
                        options: Some(options.iter().map(|o| o.to_string()).collect()),
                        answer: Some(*answer),
                        ..Default::default()
                    })
                    .collect(),
            ),
            ..Default::default()
        },
    )?;
    schedule(&pre.id, "2019-09-17T08:30", "2019-09-17T09:00")?;
    let post = create(FormKind::Posttest)?;
    schedule(&post.id, "2019-09-18T11:30", "2019-09-18T12:00")?;
    let eval = create(FormKind::Penyelenggaraan)?;
    schedule(&eval.id, "2019-09-18T11:30", "2019-09-18T12:30")?;
    // Those who came (the demo's check-ins leave every ninth person out).
    for (i, p) in people.iter().enumerate().filter(|(i, _)| i % 9 != 4) {
        let answer = |form: &crate::forms::Form, right: usize| -> Vec<AnswerInput> {
            form.questions
                .iter()
                .enumerate()
                .map(|(k, q)| {
                    let key = q.answer.unwrap_or(0);
                    AnswerInput {
                        question_id: q.id.clone(),
                        choice: Some(if k < right { key } else { (key + 1) % 4 }),
                        ..Default::default()
                    }
                })
                .collect()
        };
        let right_before = 1 + i % 3;
        let right_after = (right_before + 2 + i % 2).min(5);
        let mut entries = vec![
            (&pre, answer(&pre, right_before)),
            (&post, answer(&post, right_after)),
        ];
        if i % 6 != 5 {
            let ratings = eval
                .questions
                .iter()
                .map(|q| match q.kind {
                    QuestionKind::Likert => AnswerInput {
                        question_id: q.id.clone(),
                        value: Some(match q.aspect.as_deref() {
                            Some("Konsumsi") => 2 + (i % 3 == 0) as i64,
                            Some("Fasilitas") => 3,
                            _ => 3 + (i % 2) as i64,
                        }),
                        ..Default::default()
                    },
                    _ => AnswerInput {
                        question_id: q.id.clone(),
                        text: (i % 4 == 0)
                            .then(|| "Konsumsi siang agar lebih tepat waktu.".to_string()),
                        ..Default::default()
                    },
                })
                .collect();
            entries.push((&eval, ratings));
        }
        for (n, (form, answers)) in entries.into_iter().enumerate() {
            run::<cmd::FormEntry>(
                api,
                &caller,
                EntryArgs {
                    form_id: form.id.clone(),
                    registration_id: p.registration_id.clone(),
                    submission_id: format!("demo-{i:04}-{n}"),
                    answers,
                },
            )?;
        }
    }
    Ok(())
}

/// The report's documentation (two generated photos) and the minutes of the first
/// material session, so that the Laporan shows filled.
fn seed_report(api: &Api, event_id: &str) -> Result<(), ApiError> {
    use crate::report::{MinutesSetArgs, PhotoAddArgs};
    use base64::Engine;
    let caller = Caller::admin("demo");
    for (seed, caption) in [
        (1, "Pembukaan oleh Sekretaris Daerah Kabupaten Grobogan"),
        (
            2,
            "Peserta mengikuti materi Media Sosial sebagai Aset Digital",
        ),
    ] {
        let jpeg = bintek_docs::photo::sample_jpeg(960, 640, seed);
        run::<cmd::ReportPhotoAdd>(
            api,
            &caller,
            PhotoAddArgs {
                event_id: event_id.to_string(),
                caption: caption.to_string(),
                mime: "image/jpeg".to_string(),
                data: base64::engine::general_purpose::STANDARD.encode(jpeg),
            },
        )?;
    }
    let sessions = crate::store::agenda::list_sessions(&api.read(), event_id)?;
    if let Some(s) = sessions
        .iter()
        .find(|s| s.title == "Media Sosial sebagai Aset Digital Pemerintah Daerah")
    {
        run::<cmd::SessionMinutesSet>(
            api,
            &caller,
            MinutesSetArgs {
                session_id: s.id.clone(),
                chair: None,
                topics: Some(
                    "1. Akun media sosial instansi sebagai aset digital yang harus dikelola.\n\
                     2. Kebijakan, pengelola, dan kata sandi akun resmi.\n\
                     3. Rencana konten dan pengukuran kinerjanya."
                        .to_string(),
                ),
                qa: Some(
                    "Peserta dari Dinas Kesehatan menanyakan cara memulihkan akun yang diretas; \
                     narasumber menjelaskan pentingnya verifikasi dua langkah dan email pemulihan \
                     milik instansi."
                        .to_string(),
                ),
                conclusions: Some(
                    "Setiap perangkat daerah perlu mendata akun media sosialnya dan menetapkan \
                     pengelola resmi."
                        .to_string(),
                ),
            },
        )?;
    }
    Ok(())
}

/// The agency of the demo's story.
fn demo_profile() -> AgencyProfileArgs {
    AgencyProfileArgs {
        name: "Dinas Komunikasi dan Informatika".to_string(),
        parent: Some("Pemerintah Kabupaten Grobogan".to_string()),
        address: Some("Jl. Gatot Subroto No. 6, Purwodadi, Grobogan 58111".to_string()),
        phone: Some("(0292) 421233".to_string()),
        email: Some("diskominfo@grobogan.go.id".to_string()),
        website: Some("diskominfo.grobogan.go.id".to_string()),
        logo: Some(bintek_docs::logo::sample_png()),
        remove_logo: false,
    }
}

/// Command `demo_info`'s answer.
#[derive(Debug, Clone, Serialize, Deserialize, ts_rs::TS)]
pub struct DemoInfo {
    /// The demo event, while it exists.
    pub event_id: Option<String>,
}

/// Command `demo_remove`'s answer.
#[derive(Debug, Clone, Serialize, Deserialize, ts_rs::TS)]
pub struct DemoRemoved {
    pub title: String,
    pub registrations: i64,
    pub people: i64,
    pub opds: i64,
    /// What was removed, in Bahasa Indonesia.
    pub message: String,
}

impl Api {
    /// Command `demo_info`: which event is the demo.
    pub(crate) fn demo_info(&self, _caller: &Caller, _args: NoArgs) -> Result<DemoInfo, ApiError> {
        let conn = self.read();
        let found = || -> Result<Option<String>, ApiError> {
            Ok(match marker(&conn)? {
                Some(m) if q::get_event(&conn, &m.event_id)?.is_some() => Some(m.event_id),
                _ => None,
            })
        };
        match found() {
            Ok(event_id) => Ok(DemoInfo { event_id }),
            // A damaged database (opened read-only) is shown to be restored, not to be
            // told apart from the demo: a broken page under the marker is no error here.
            Err(_) if self.is_read_only() => Ok(DemoInfo { event_id: None }),
            Err(e) => Err(e),
        }
    }

    /// Command `demo_open`: seeds the demo (once) and answers its event.
    pub(crate) fn demo_open(&self, _caller: &Caller, _args: NoArgs) -> Result<Event, ApiError> {
        seed(self)
    }
}

/// Command `demo_remove`: deletes the demo event with its people, agenda, attendance and
/// certificates, the OPDs it created that nothing else uses, and the agency profile when
/// the demo set it. In one transaction.
pub(crate) fn demo_remove(tx: &Tx, _args: NoArgs) -> Result<DemoRemoved, ApiError> {
    let Some(m) = marker(tx)? else {
        return Err(ApiError::not_found(
            "Tidak ada data contoh (demo) untuk dihapus.",
        ));
    };
    let Some(event) = q::get_event(tx, &m.event_id)? else {
        crate::store::demo::delete_marker(tx)?;
        return Err(ApiError::not_found(
            "Kegiatan contoh (demo) sudah tidak ada.",
        ));
    };
    let removed = crate::store::demo::delete_event(tx, &event.id)?;
    let opds = crate::store::demo::delete_unused_opds(tx, &m.opd_ids)?;
    if m.profile {
        crate::store::demo::delete_profile(tx)?;
    }
    if let Some(year) = m.rate_year {
        crate::store::demo::delete_example_rates(tx, year)?;
    }
    crate::store::demo::delete_marker(tx)?;
    tx.audit(Audit::DemoRemove, Some(&event.id), Some(&event.title))?;
    Ok(DemoRemoved {
        message: format!(
            "Data contoh dihapus: kegiatan \"{}\", {} pendaftaran, {} orang, {} OPD.",
            event.title, removed.registrations, removed.people, opds
        ),
        title: event.title,
        registrations: removed.registrations as i64,
        people: removed.people as i64,
        opds: opds as i64,
    })
}

/// Attendance of both days at two desks: most participants at every session that takes
/// it; some never come, a few miss one session (still eligible for a certificate), and
/// some leave early on the second day (not eligible).
fn seed_checkins(api: &Api, event_id: &str) -> Result<(), ApiError> {
    let caller = Caller::admin("demo");
    let people = run::<cmd::ParticipantList>(
        api,
        &caller,
        crate::participants::ParticipantListArgs {
            event_id: event_id.to_string(),
            role: Some("participant".to_string()),
            ..Default::default()
        },
    )?;
    let sessions = run::<cmd::SessionList>(
        api,
        &caller,
        crate::agenda::EventArgs {
            event_id: event_id.to_string(),
        },
    )?;
    for (n, s) in sessions.iter().filter(|s| s.takes_attendance).enumerate() {
        let second_day = s.date != DEMO_START;
        for (i, p) in people.iter().enumerate() {
            // Some never come; a few more miss one session each; some leave the second
            // day after its first session.
            let left_early = second_day && i % 7 == 3 && !s.start_time.starts_with("08");
            if i % 9 == 4 || (i + n) % 13 == 0 || left_early {
                continue;
            }
            run::<cmd::Checkin>(
                api,
                &caller,
                crate::checkin::CheckinArgs {
                    event_id: event_id.to_string(),
                    session_id: Some(s.id.clone()),
                    code: p.code.clone(),
                    desk: Some(format!("Meja {}", 1 + i % 2)),
                    nonce: None,
                    method: Some(crate::model::CheckinMethod::Scan),
                },
            )?;
        }
    }
    // Check-ins are stamped when they are made; the demo's belong to its 2019 sessions,
    // whose times are this PC's wall-clock times (as the desk and the prints read them).
    let offset = chrono::Local::now().offset().local_minus_utc();
    api.write(|tx| {
        Ok(crate::store::attendance::stamp_arrivals(
            tx, event_id, offset,
        )?)
    })?;
    Ok(())
}

/// A speaker or moderator of the demo, added through `speaker_add`.
struct DemoSpeaker {
    name: &'static str,
    position: &'static str,
    institution: &'static str,
    nip: Option<&'static str>,
    role: &'static str,
}

/// The demo's speakers and moderator, in the order they are added; sessions name them by
/// their place here.
const SPEAKERS: [DemoSpeaker; 4] = [
    DemoSpeaker {
        name: "Drs. Moh. Sumarsono, M.Si.",
        position: "Sekretaris Daerah Kabupaten Grobogan",
        institution: "Sekretariat Daerah",
        nip: Some("196503121990031005"),
        role: "speaker",
    },
    DemoSpeaker {
        name: "Enrico Adrian Ramandha, S.Kom.",
        position: "Kepala Seksi Hubungan Media Komunikasi Publik",
        institution: "Diskominfo Provinsi Jawa Tengah",
        nip: None,
        role: "speaker",
    },
    DemoSpeaker {
        name: "Wiku Handoyo, S.Sos., M.Si.",
        position: "Kepala Dinas Komunikasi dan Informatika",
        institution: "Dinas Komunikasi dan Informatika",
        nip: Some("196801011990031010"),
        role: "speaker",
    },
    DemoSpeaker {
        name: "Rina Kusumawati, S.I.Kom.",
        position: "Pranata Hubungan Masyarakat Ahli Muda",
        institution: "Dinas Komunikasi dan Informatika",
        nip: None,
        role: "moderator",
    },
];
const SEKDA: usize = 0;
const ENRICO: usize = 1;
const WIKU: usize = 2;
const RINA: usize = 3;

/// One session of the demo's agenda; speakers and moderators by their place in [`SPEAKERS`].
struct DemoSession {
    date: &'static str,
    start: &'static str,
    end: &'static str,
    title: &'static str,
    kind: &'static str,
    jp: Option<i64>,
    speakers: &'static [usize],
    moderators: &'static [usize],
}

const fn session(
    date: &'static str,
    (start, end): (&'static str, &'static str),
    title: &'static str,
    kind: &'static str,
    jp: Option<i64>,
    speakers: &'static [usize],
    moderators: &'static [usize],
) -> DemoSession {
    DemoSession {
        date,
        start,
        end,
        title,
        kind,
        jp,
        speakers,
        moderators,
    }
}

const DAY_1: &str = DEMO_START;
const DAY_2: &str = "2019-09-18";
const ROOM: &str = "Ruang Utama Gedung Riptaloka";

/// The two days of the demo's agenda, in the order they are added.
const AGENDA: [DemoSession; 11] = [
    session(
        DAY_1,
        ("07:30", "08:00"),
        "Registrasi Peserta",
        "break",
        None,
        &[],
        &[],
    ),
    session(
        DAY_1,
        ("08:00", "08:45"),
        "Pembukaan dan Arahan Sekretaris Daerah Kabupaten Grobogan",
        "opening",
        None,
        &[SEKDA],
        &[],
    ),
    session(
        DAY_1,
        ("08:45", "10:15"),
        "Media Sosial sebagai Aset Digital Pemerintah Daerah",
        "material",
        Some(2),
        &[ENRICO],
        &[RINA],
    ),
    session(
        DAY_1,
        ("10:15", "10:30"),
        "Rehat Kopi",
        "break",
        None,
        &[],
        &[],
    ),
    session(
        DAY_1,
        ("10:30", "12:00"),
        "Keterbukaan Informasi Publik dan Komunikasi Publik (UU 14/2008, Inpres 9/2015)",
        "material",
        Some(2),
        &[WIKU],
        &[RINA],
    ),
    session(
        DAY_1,
        ("12:00", "13:00"),
        "Istirahat, Sholat dan Makan Siang",
        "break",
        None,
        &[],
        &[],
    ),
    session(
        DAY_1,
        ("13:00", "15:15"),
        "Praktik: Perencanaan Konten dan Kalender Unggahan OPD",
        "material",
        Some(3),
        &[ENRICO],
        &[RINA],
    ),
    session(
        DAY_2,
        ("08:00", "10:15"),
        "Praktik: Produksi Konten Foto dan Video dengan Ponsel",
        "material",
        Some(3),
        &[ENRICO],
        &[RINA],
    ),
    session(
        DAY_2,
        ("10:15", "10:30"),
        "Rehat Kopi",
        "break",
        None,
        &[],
        &[],
    ),
    session(
        DAY_2,
        ("10:30", "12:00"),
        "Pengelolaan Akun, Keamanan, dan Penanganan Komentar",
        "material",
        Some(2),
        &[ENRICO],
        &[RINA],
    ),
    session(
        DAY_2,
        ("12:00", "12:30"),
        "Penutupan dan Rencana Tindak Lanjut OPD",
        "closing",
        None,
        &[WIKU],
        &[],
    ),
];

/// The demo's committee: (name, duty, position), all of Diskominfo.
const COMMITTEE: [(&str, &str, &str); 3] = [
    (
        "Bambang Setiawan, S.Kom.",
        "Ketua",
        "Kepala Bidang Informasi dan Komunikasi Publik",
    ),
    (
        "Dwi Puspitasari, A.Md.",
        "Sekretaris",
        "Pengelola Data dan Informasi",
    ),
    (
        "Yusuf Firmansyah",
        "Seksi Acara / Pembawa Acara",
        "Pranata Komputer Terampil",
    ),
];

/// Two days of agenda with the seed story's people: the Sekda opens, the provincial
/// speaker teaches, the Kepala Diskominfo closes; a moderator; committee; signatories.
fn seed_agenda(api: &Api, event_id: &str) -> Result<(), ApiError> {
    let caller = Caller::admin("demo");
    let speakers = add_speakers(api, &caller, event_id)?;
    for s in &AGENDA {
        add_session(api, &caller, event_id, s, &speakers)?;
    }
    add_committee(api, &caller, event_id)?;
    set_signatories(api, &caller, event_id)?;
    set_letters(api, &caller, event_id)
}

/// The letters' dates (two weeks before the event for the invitations and requests, the
/// week before for the assignment) and the dress code; the texts are the shipped ones.
fn set_letters(api: &Api, caller: &Caller, event_id: &str) -> Result<(), ApiError> {
    use crate::letters::{LetterKind, LetterSettingsArgs};
    for (kind, date) in [
        (LetterKind::Undangan, "2019-09-02"),
        (LetterKind::Narasumber, "2019-09-02"),
        (LetterKind::Tugas, "2019-09-10"),
    ] {
        run::<cmd::LetterSettingsSet>(
            api,
            caller,
            LetterSettingsArgs {
                event_id: event_id.to_string(),
                kind,
                number_pattern: None,
                org_code: None,
                place: None,
                letter_date: Some(date.to_string()),
                sifat: None,
                perihal: None,
                attachment: None,
                dress_code: (kind == LetterKind::Undangan)
                    .then(|| "Batik lengan panjang".to_string()),
                time_zone: None,
                body: None,
                signatory_ord: None,
                next_seq: None,
            },
        )?;
    }
    Ok(())
}

/// Adds [`SPEAKERS`] and returns their registration ids, in the same order.
fn add_speakers(api: &Api, caller: &Caller, event_id: &str) -> Result<Vec<String>, ApiError> {
    SPEAKERS
        .iter()
        .map(|s| {
            run::<cmd::SpeakerAdd>(
                api,
                caller,
                SpeakerAddArgs {
                    event_id: event_id.to_string(),
                    name: s.name.to_string(),
                    position: Some(s.position.to_string()),
                    institution: Some(s.institution.to_string()),
                    nip: s.nip.map(str::to_string),
                    as_role: Some(s.role.to_string()),
                    ..Default::default()
                },
            )
            .map(|s| s.participant.id)
        })
        .collect()
}

/// Adds one session of [`AGENDA`] and assigns its speakers, then its moderators.
fn add_session(
    api: &Api,
    caller: &Caller,
    event_id: &str,
    s: &DemoSession,
    speakers: &[String],
) -> Result<(), ApiError> {
    let added = run::<cmd::SessionAdd>(
        api,
        caller,
        SessionAddArgs {
            event_id: event_id.to_string(),
            session: SessionInput {
                title: s.title.to_string(),
                date: s.date.to_string(),
                start_time: s.start.to_string(),
                end_time: s.end.to_string(),
                room: Some(ROOM.to_string()),
                jp: s.jp,
                kind: Some(s.kind.to_string()),
                ..Default::default()
            },
        },
    )?;
    for (places, role) in [(s.speakers, "speaker"), (s.moderators, "moderator")] {
        for &place in places {
            run::<cmd::SessionAssign>(
                api,
                caller,
                SessionAssignArgs {
                    session_id: added.id.clone(),
                    registration_id: speakers[place].clone(),
                    role: Some(role.to_string()),
                },
            )?;
        }
    }
    Ok(())
}

/// Registers [`COMMITTEE`] with their duties.
fn add_committee(api: &Api, caller: &Caller, event_id: &str) -> Result<(), ApiError> {
    for (name, duty, position) in COMMITTEE {
        run::<cmd::ParticipantAdd>(
            api,
            caller,
            ParticipantAddArgs {
                event_id: event_id.to_string(),
                person: PersonInput {
                    name: name.to_string(),
                    position: Some(position.to_string()),
                    opd: Some("Dinas Komunikasi dan Informatika".to_string()),
                    ..Default::default()
                },
                role: Some("committee".to_string()),
                note: None,
                duty: Some(duty.to_string()),
                create_opd: true,
            },
        )?;
    }
    Ok(())
}

/// The two signatories of the demo's prints: the Sekda and the Kepala Diskominfo.
fn set_signatories(api: &Api, caller: &Caller, event_id: &str) -> Result<(), ApiError> {
    run::<cmd::SignatorySet>(
        api,
        caller,
        SignatorySetArgs {
            event_id: event_id.to_string(),
            signatories: vec![
                SignatoryInput {
                    name: "Drs. Moh. Sumarsono, M.Si.".to_string(),
                    nip: Some("19650312 199003 1 005".to_string()),
                    rank: Some("Pembina Utama Muda".to_string()),
                    position: "Sekretaris Daerah Kabupaten Grobogan".to_string(),
                },
                SignatoryInput {
                    name: "Wiku Handoyo, S.Sos., M.Si.".to_string(),
                    nip: Some("19680101 199003 1 010".to_string()),
                    rank: Some("Pembina Tingkat I".to_string()),
                    position: "Kepala Dinas Komunikasi dan Informatika Kabupaten Grobogan"
                        .to_string(),
                },
            ],
        },
    )?;
    Ok(())
}

fn create_event(api: &Api) -> Result<Event, ApiError> {
    run::<cmd::EventCreate>(
        api,
        &Caller::admin("demo"),
        EventInput {
            title: DEMO_TITLE.to_string(),
            theme: Some("Media sosial sebagai aset digital pemerintah daerah".to_string()),
            organizer: Some("Dinas Komunikasi dan Informatika Kabupaten Grobogan".to_string()),
            venue: Some("Gedung Riptaloka".to_string()),
            city: Some("Purwodadi".to_string()),
            start_date: DEMO_START.to_string(),
            end_date: Some("2019-09-18".to_string()),
            legal_basis: Some(
                "Pasal 7 Undang-Undang Nomor 14 Tahun 2008 tentang Keterbukaan Informasi Publik\n\
                 Instruksi Presiden Nomor 9 Tahun 2015 tentang Pengelolaan Komunikasi Publik"
                    .to_string(),
            ),
            total_jp: Some(12),
            notes: Some(
                "Dibuka oleh Sekretaris Daerah Kabupaten Grobogan. Setiap OPD diharapkan \
                 memiliki dan mengelola akun media sosial sendiri."
                    .to_string(),
            ),
        },
    )
}

/// The OPDs of the demo: (name, short name).
pub const DEMO_OPDS: &[(&str, &str)] = &[
    ("Sekretariat Daerah", "Setda"),
    ("Sekretariat DPRD", "Setwan"),
    ("Inspektorat Daerah", "Inspektorat"),
    ("Badan Perencanaan Pembangunan Daerah", "Bappeda"),
    ("Badan Pengelolaan Keuangan dan Aset Daerah", "BPKAD"),
    (
        "Badan Kepegawaian dan Pengembangan Sumber Daya Manusia",
        "BKPSDM",
    ),
    ("Dinas Komunikasi dan Informatika", "Diskominfo"),
    ("Dinas Pendidikan", "Disdik"),
    ("Dinas Kesehatan", "Dinkes"),
    ("Dinas Pekerjaan Umum dan Penataan Ruang", "DPUPR"),
    ("Dinas Sosial", "Dinsos"),
    ("Dinas Kependudukan dan Pencatatan Sipil", "Disdukcapil"),
    ("Dinas Perhubungan", "Dishub"),
    ("Dinas Lingkungan Hidup", "DLH"),
    ("Dinas Pertanian", "Distan"),
    ("Dinas Kepemudaan, Olahraga dan Pariwisata", "Disporapar"),
    (
        "Dinas Penanaman Modal dan Pelayanan Terpadu Satu Pintu",
        "DPMPTSP",
    ),
    ("Badan Penanggulangan Bencana Daerah", "BPBD"),
    ("Satuan Polisi Pamong Praja", "Satpol PP"),
    ("Dinas Perindustrian dan Perdagangan", "Disperindag"),
];

const MEN: &[&str] = &[
    "Agus", "Budi", "Joko", "Slamet", "Bambang", "Hadi", "Eko", "Teguh", "Wahyu", "Arif", "Dwi",
    "Yusuf", "Heru", "Rudi", "Andri", "Fajar", "Imam", "Sigit", "Bayu", "Dimas",
];
const WOMEN: &[&str] = &[
    "Sri", "Siti", "Dewi", "Rina", "Endang", "Ratna", "Nur", "Yuliana", "Fitri", "Lestari", "Ayu",
    "Indah", "Novita", "Puji", "Wulan", "Retno", "Anik", "Dyah", "Eka", "Tri",
];
const MEN_LAST: &[&str] = &[
    "Santoso",
    "Wibowo",
    "Setiawan",
    "Prasetyo",
    "Hidayat",
    "Nugroho",
    "Purnomo",
    "Kurniawan",
    "Saputra",
    "Utomo",
    "Sulistyo",
    "Pratama",
    "Hartono",
    "Firmansyah",
];
const WOMEN_LAST: &[&str] = &[
    "Susanti",
    "Rahayu",
    "Wijayanti",
    "Handayani",
    "Lestari",
    "Mulyani",
    "Suryani",
    "Wulandari",
    "Puspitasari",
    "Kusumawati",
    "Rahmawati",
    "Anggraini",
];
const DEGREES: &[&str] = &[
    "", "S.Kom.", "S.E.", "", "S.Sos.", "S.H.", "", "A.Md.", "S.I.Kom.", "",
];
const POSITIONS: &[&str] = &[
    "Pranata Komputer Ahli Pertama",
    "Pranata Hubungan Masyarakat Ahli Muda",
    "Analis Kebijakan Ahli Pertama",
    "Pengelola Data dan Informasi",
    "Kepala Subbagian Umum dan Kepegawaian",
    "Pengadministrasi Perkantoran",
    "Penyusun Program dan Anggaran",
    "Pranata Komputer Terampil",
];
const RANKS: &[&str] = &[
    "Penata Muda / III/a",
    "Penata Muda Tk. I / III/b",
    "Penata / III/c",
    "Penata Tk. I / III/d",
    "Pengatur / II/c",
    "Pembina / IV/a",
];

/// A small deterministic generator: the demo is the same on every machine.
struct Lcg(u64);

impl Lcg {
    fn next(&mut self, n: usize) -> usize {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        ((self.0 >> 33) % n as u64) as usize
    }
}

/// Six participants from each demo OPD (120 in all), with valid NIPs and phones, and a
/// quota of six per OPD.
fn seed_participants(api: &Api, event_id: &str) -> Result<(), ApiError> {
    let caller = Caller::admin("demo");
    let mut rng = Lcg(17_092_019);
    let mut seq = 0usize;
    for (opd, short) in DEMO_OPDS {
        // An OPD the organizer already has is used as it is.
        let known =
            crate::store::opd::find_opd_by_key(&api.read(), &crate::store::opd::opd_key(opd))?;
        let opd_id = match known {
            Some(id) => id,
            None => {
                run::<cmd::OpdCreate>(
                    api,
                    &caller,
                    OpdCreateArgs {
                        name: opd.to_string(),
                        short_name: Some(short.to_string()),
                        aliases: Vec::new(),
                    },
                )?
                .id
            }
        };
        run::<cmd::QuotaSet>(
            api,
            &caller,
            QuotaSetArgs {
                event_id: event_id.to_string(),
                opd_id,
                quota: Some(6),
            },
        )?;
        for _ in 0..6 {
            seq += 1;
            let woman = rng.next(2) == 1;
            let first = if woman {
                WOMEN[rng.next(WOMEN.len())]
            } else {
                MEN[rng.next(MEN.len())]
            };
            let last = if woman { WOMEN_LAST } else { MEN_LAST };
            let family = last[rng.next(last.len())];
            let degree = DEGREES[rng.next(DEGREES.len())];
            let name = if degree.is_empty() {
                format!("{first} {family}")
            } else {
                format!("{first} {family}, {degree}")
            };
            let year = 1970 + rng.next(26);
            let birth = format!("{year}{:02}{:02}", 1 + rng.next(12), 1 + rng.next(28));
            let appointed = format!("{}{:02}", year + 23 + rng.next(5), 1 + rng.next(12));
            let nip = format!("{birth}{appointed}{}{:03}", if woman { 2 } else { 1 }, seq);
            let phone = format!("08{:02}{:08}", 11 + rng.next(88), seq * 7919 % 100_000_000);
            run::<cmd::ParticipantAdd>(
                api,
                &caller,
                ParticipantAddArgs {
                    event_id: event_id.to_string(),
                    person: PersonInput {
                        name,
                        nip: Some(nip),
                        gender: None,
                        rank: Some(RANKS[rng.next(RANKS.len())].to_string()),
                        position: Some(POSITIONS[rng.next(POSITIONS.len())].to_string()),
                        opd: Some(opd.to_string()),
                        phone: Some(phone),
                        ..Default::default()
                    },
                    role: None,
                    note: None,
                    duty: None,
                    create_opd: false,
                },
            )?;
        }
    }
    Ok(())
}
