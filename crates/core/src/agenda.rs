//! Use-cases of the agenda: sessions, speakers and moderators, committee, signatories, and
//! cloning an event to new dates.

use crate::store::audit::Audit;
use crate::tx::Tx;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::api::{Api, Caller};
use crate::error::{ApiError, ErrorCode};
use crate::ids;
use crate::model::{Event, Role, Session, SessionKind, SessionRole, Signatory, SpeakerInfo};
use crate::participants::{
    clean_person, register, require_event, resolve_opd, upsert_person, PersonInput,
};
use crate::store::people::{self as pq, ParticipantFilter};
use crate::store::{self, agenda as q, events as eq};
use crate::validate::{self, Errors};
use rusqlite::Connection;

/// A session as the form and the CLI send it.
#[derive(Debug, Clone, Default, Deserialize, Serialize, ts_rs::TS)]
#[serde(deny_unknown_fields)]
#[ts(optional_fields = nullable)]
pub struct SessionInput {
    pub title: String,
    /// `YYYY-MM-DD`.
    pub date: String,
    /// `HH:MM` (a dot is accepted: `08.00`).
    pub start_time: String,
    pub end_time: String,
    pub room: Option<String>,
    pub jp: Option<i64>,
    /// opening, material (default), break, closing.
    pub kind: Option<String>,
    /// Default: yes, except for breaks.
    pub takes_attendance: Option<bool>,
    pub notes: Option<String>,
}

#[derive(Debug, Clone, Default, Deserialize, Serialize, ts_rs::TS)]
#[serde(deny_unknown_fields)]
#[ts(optional_fields = nullable)]
pub struct SessionAddArgs {
    pub event_id: String,
    #[serde(flatten)]
    pub session: SessionInput,
}

#[derive(Debug, Clone, Default, Deserialize, Serialize, ts_rs::TS)]
#[serde(deny_unknown_fields)]
#[ts(optional_fields = nullable)]
pub struct SessionUpdateArgs {
    pub id: String,
    #[serde(flatten)]
    pub session: SessionInput,
}

#[derive(Debug, Clone, Default, Deserialize, Serialize, ts_rs::TS)]
#[serde(deny_unknown_fields)]
#[ts(optional_fields = nullable)]
pub struct SessionIdArgs {
    pub id: String,
}

#[derive(Debug, Clone, Default, Deserialize, Serialize, ts_rs::TS)]
#[serde(deny_unknown_fields)]
#[ts(optional_fields = nullable)]
pub struct SessionAssignArgs {
    pub session_id: String,
    pub registration_id: String,
    /// `speaker` (default) or `moderator`.
    pub role: Option<String>,
}

#[derive(Debug, Clone, Default, Deserialize, Serialize, ts_rs::TS)]
#[serde(deny_unknown_fields)]
#[ts(optional_fields = nullable)]
pub struct SpeakerAddArgs {
    pub event_id: String,
    pub name: String,
    pub position: Option<String>,
    /// The speaker's agency. One of the OPDs (by name, short name, alias or a well-known
    /// abbreviation) links the person to it; anything else (ANRI, a university, a
    /// ministry) is kept as the person's institution and never becomes an OPD.
    pub institution: Option<String>,
    pub nip: Option<String>,
    pub phone: Option<String>,
    pub email: Option<String>,
    pub rank: Option<String>,
    /// Assign to this session right away.
    pub session_id: Option<String>,
    /// `speaker` (default) or `moderator`.
    #[serde(rename = "as")]
    pub as_role: Option<String>,
}

#[derive(Debug, Clone, Default, Deserialize, Serialize, ts_rs::TS)]
#[serde(deny_unknown_fields)]
#[ts(optional_fields = nullable)]
pub struct EventArgs {
    pub event_id: String,
}

/// `agenda_pdf`: the event, and the participants' page address to print as a QR code
/// under the agenda (the UI sends it while the page is open and phones can reach it).
#[derive(Debug, Clone, Default, Deserialize, Serialize, ts_rs::TS)]
#[serde(deny_unknown_fields)]
#[ts(optional_fields = nullable)]
pub struct AgendaPdfArgs {
    pub event_id: String,
    pub participant_url: Option<String>,
}

#[derive(Debug, Clone, Default, Deserialize, Serialize, ts_rs::TS)]
#[serde(default)]
pub struct SignatoryInput {
    pub name: String,
    pub nip: Option<String>,
    pub rank: Option<String>,
    pub position: String,
}

#[derive(Debug, Clone, Default, Deserialize, Serialize, ts_rs::TS)]
#[serde(deny_unknown_fields)]
#[ts(optional_fields = nullable)]
pub struct SignatorySetArgs {
    pub event_id: String,
    /// One or two, in signing order (left, right); empty removes them.
    #[serde(default)]
    #[ts(as = "Option<Vec<SignatoryInput>>", optional)]
    pub signatories: Vec<SignatoryInput>,
}

#[derive(Debug, Clone, Default, Deserialize, Serialize, ts_rs::TS)]
#[serde(deny_unknown_fields)]
#[ts(optional_fields = nullable)]
pub struct EventCloneArgs {
    pub id: String,
    /// The clone's first day; every session moves by the same number of days.
    pub start_date: String,
    /// Default: the original title.
    pub title: Option<String>,
}

/// `8.00`, `08:00`, `8:5` → `08:00` / `08:05`.
fn parse_time(errors: &mut Errors, field: &str, label: &str, value: &str) -> Option<String> {
    let v = value.trim().replace('.', ":");
    if v.is_empty() {
        errors.add(field, format!("{label} wajib diisi."));
        return None;
    }
    let parsed = v.split_once(':').and_then(|(h, m)| {
        let (h, m) = (h.trim().parse::<u32>().ok()?, m.trim().parse::<u32>().ok()?);
        (h < 24 && m < 60).then(|| format!("{h:02}:{m:02}"))
    });
    if parsed.is_none() {
        errors.add(
            field,
            format!(
                "{label} tidak valid: \"{}\". Gunakan JJ:MM, contoh 08:30.",
                validate::quote(value)
            ),
        );
    }
    parsed
}

struct CleanSession {
    title: String,
    date: String,
    start: String,
    end: String,
    room: Option<String>,
    jp: Option<i64>,
    kind: SessionKind,
    takes_attendance: bool,
    notes: Option<String>,
}

fn clean_session(
    conn: &Connection,
    event: &Event,
    input: SessionInput,
) -> Result<CleanSession, ApiError> {
    let mut errors = Errors::default();
    let title = validate::one_line(&input.title);
    if title.is_empty() {
        errors.add("title", "Judul sesi wajib diisi.");
    }
    validate::text(
        &mut errors,
        "title",
        "Judul sesi",
        Some(&title),
        validate::MAX_LINE,
    );
    let date = validate::date(&mut errors, "date", "Tanggal", &input.date);
    if let (Some(d), Ok(s), Ok(e)) = (
        date,
        NaiveDate::parse_from_str(&event.start_date, "%Y-%m-%d"),
        NaiveDate::parse_from_str(&event.end_date, "%Y-%m-%d"),
    ) {
        if d < s || d > e {
            errors.add(
                "date",
                format!(
                    "Tanggal sesi harus dalam rentang kegiatan ({}).",
                    crate::format::date_range(s, e)
                ),
            );
        }
    }
    let start = parse_time(&mut errors, "start_time", "Jam mulai", &input.start_time);
    let end = parse_time(&mut errors, "end_time", "Jam selesai", &input.end_time);
    if let (Some(s), Some(e)) = (&start, &end) {
        if e <= s {
            errors.add("end_time", "Jam selesai harus setelah jam mulai.");
        }
    }
    let kind = match input.kind.as_deref().map(str::trim).filter(|k| !k.is_empty()) {
        None => SessionKind::Material,
        Some(k) => SessionKind::parse(k).unwrap_or_else(|| {
            errors.add(
                "kind",
                format!(
                    "Jenis sesi \"{}\" tidak dikenal: pembukaan, materi, istirahat, atau penutupan.",
                    validate::quote(k)
                ),
            );
            SessionKind::Material
        }),
    };
    if let Some(jp) = input.jp {
        if !(0..=50).contains(&jp) {
            errors.add("jp", "JP sesi harus antara 0 dan 50.");
        }
    }
    let room = validate::opt_line(input.room);
    validate::text(&mut errors, "room", "Ruang", room.as_deref(), 200);
    let notes = validate::opt_text(input.notes);
    validate::text(
        &mut errors,
        "notes",
        "Catatan",
        notes.as_deref(),
        validate::MAX_NOTE,
    );
    if !errors.is_empty() {
        return Err(ApiError::validation(errors.0));
    }
    let (Some(date), Some(start), Some(end)) = (date, start, end) else {
        return Err(ApiError::validation(errors.0));
    };
    let _ = conn;
    Ok(CleanSession {
        title,
        date: date.format("%Y-%m-%d").to_string(),
        start,
        end,
        room,
        jp: input.jp,
        kind,
        takes_attendance: input.takes_attendance.unwrap_or(kind != SessionKind::Break),
        notes,
    })
}

fn check_overlap(
    conn: &Connection,
    event_id: &str,
    exclude: Option<&str>,
    c: &CleanSession,
) -> Result<(), ApiError> {
    let Some(room) = &c.room else {
        return Ok(());
    };
    if let Some(other) = q::overlapping(
        conn,
        event_id,
        exclude,
        &c.date,
        &c.start,
        &c.end,
        &q::room_key(room),
    )? {
        return Err(ApiError::field(
            "start_time",
            format!(
                "Bentrok dengan \"{}\" ({}–{}) di {} pada tanggal yang sama. Ubah jam atau ruang.",
                other.title,
                dotted(&other.start_time),
                dotted(&other.end_time),
                other.room.unwrap_or_default()
            ),
        )
        .with_code(ErrorCode::Conflict));
    }
    Ok(())
}

pub(crate) fn event_or_404(conn: &Connection, id: &str) -> Result<Event, ApiError> {
    eq::get_event(conn, id)?.ok_or_else(|| {
        ApiError::field("event_id", "Kegiatan tidak ditemukan.").with_code(ErrorCode::NotFound)
    })
}

/// An address of the participants' page to print: http or https, one short line.
fn participant_url(url: &str) -> Result<String, ApiError> {
    let ok = (url.starts_with("http://") || url.starts_with("https://"))
        && url.len() <= 200
        && !url.chars().any(|c| c.is_whitespace() || c.is_control());
    if ok {
        Ok(url.to_string())
    } else {
        Err(ApiError::field(
            "participant_url",
            "Alamat halaman peserta harus diawali http:// atau https://, tanpa spasi, paling \
             panjang 200 karakter.",
        ))
    }
}

pub(crate) fn session_or_404(conn: &Connection, id: &str) -> Result<Session, ApiError> {
    q::get_session(conn, id)?.ok_or_else(|| {
        ApiError::not_found(format!(
            "Sesi tidak ditemukan (id \"{}\").",
            validate::quote(id)
        ))
    })
}

/// The role on a session, `Speaker` or `Moderator`, from the words a form or the CLI
/// sends (English or Indonesian; none is a speaker).
fn staff_role(s: Option<&str>) -> Result<SessionRole, ApiError> {
    match s.map(|s| s.trim().to_lowercase()).as_deref() {
        None | Some("") | Some("speaker") | Some("narasumber") => Ok(SessionRole::Speaker),
        Some("moderator") => Ok(SessionRole::Moderator),
        Some(other) => Err(ApiError::field(
            "role",
            format!(
                "\"{}\" bukan peran sesi: gunakan narasumber atau moderator.",
                validate::quote(other)
            ),
        )),
    }
}

impl Api {
    pub(crate) fn session_list(
        &self,
        caller: &Caller,
        args: EventArgs,
    ) -> Result<Vec<Session>, ApiError> {
        let conn = self.read();
        crate::participants::require_desk_event(&conn, caller, &args.event_id)?;
        Ok(q::list_sessions(&conn, &args.event_id)?)
    }

    /// Speakers and moderators of an event with their sessions.
    pub(crate) fn speaker_list(
        &self,
        _caller: &Caller,
        args: EventArgs,
    ) -> Result<Vec<SpeakerInfo>, ApiError> {
        let conn = self.read();
        require_event(&conn, &args.event_id)?;
        let mut out = Vec::new();
        for role in ["speaker", "moderator"] {
            for p in pq::list_participants(
                &conn,
                &ParticipantFilter {
                    event_id: &args.event_id,
                    role: Some(role),
                    status: Some("registered"),
                    ..Default::default()
                },
            )? {
                let sessions = q::sessions_of(&conn, &p.id)?;
                out.push(SpeakerInfo {
                    participant: p,
                    sessions,
                });
            }
        }
        Ok(out)
    }

    pub(crate) fn signatory_list(
        &self,
        _caller: &Caller,
        args: EventArgs,
    ) -> Result<Vec<Signatory>, ApiError> {
        let conn = self.read();
        require_event(&conn, &args.event_id)?;
        Ok(q::list_signatories(&conn, &args.event_id)?)
    }
}

fn speaker_info(
    conn: &Connection,
    event_id: &str,
    registration_id: &str,
) -> Result<SpeakerInfo, ApiError> {
    let participant = pq::list_participants(
        conn,
        &ParticipantFilter {
            event_id,
            registration_id: Some(registration_id),
            ..Default::default()
        },
    )?
    .into_iter()
    .next()
    .ok_or_else(|| ApiError::not_found("Narasumber tidak ditemukan."))?;
    let sessions = q::sessions_of(conn, registration_id)?;
    Ok(SpeakerInfo {
        participant,
        sessions,
    })
}

/// `08:00` → `08.00`: times as Indonesian documents print them.
pub(crate) fn dotted(t: &str) -> String {
    t.replace(':', ".")
}

/// The kop surat from the event's organizer, where no agency profile applies
/// (`agency::Kop::of_event`): "Dinas Komunikasi dan Informatika Kabupaten Grobogan" → ["PEMERINTAH KABUPATEN GROBOGAN", "DINAS KOMUNIKASI
/// DAN INFORMATIKA"].
pub fn letterhead_from_organizer(organizer: Option<&str>) -> Vec<String> {
    let Some(org) = organizer.map(str::trim).filter(|o| !o.is_empty()) else {
        return Vec::new();
    };
    for region in ["Kabupaten ", "Kota ", "Provinsi "] {
        if let Some(i) = org.find(region) {
            let unit = org[..i].trim().trim_end_matches(',').trim();
            let place = org[i..].trim();
            if !unit.is_empty() {
                return vec![
                    format!("PEMERINTAH {}", place.to_uppercase()),
                    unit.to_uppercase(),
                ];
            }
        }
    }
    vec![org.to_uppercase()]
}

impl Api {
    /// The agenda (*jadwal acara*) as a PDF: A4 portrait, a day per section.
    pub(crate) fn agenda_pdf(
        &self,
        _caller: &Caller,
        args: AgendaPdfArgs,
    ) -> Result<crate::files::FilePayload, ApiError> {
        let participant_url = match args.participant_url.as_deref().map(str::trim) {
            Some(u) if !u.is_empty() => Some(participant_url(u)?),
            _ => None,
        };
        use bintek_docs::agenda::{render_agenda, AgendaDay, AgendaRow, AgendaView, RowKind};
        let (event, kop, sessions) = {
            let conn = self.read();
            let event = event_or_404(&conn, &args.event_id)?;
            let kop = crate::agency::Kop::read(&conn, &event)?;
            let sessions = q::list_sessions(&conn, &event.id)?;
            (event, kop, sessions)
        };
        if sessions.is_empty() {
            return Err(ApiError::field(
                "event_id",
                "Agenda masih kosong: tambahkan sesi terlebih dahulu.",
            ));
        }
        let parse = |s: &str| NaiveDate::parse_from_str(s, "%Y-%m-%d").ok();
        let mut days: Vec<AgendaDay> = Vec::new();
        let mut current = String::new();
        for s in &sessions {
            if s.date != current {
                current = s.date.clone();
                let n = match (parse(&event.start_date), parse(&s.date)) {
                    (Some(a), Some(b)) => (b - a).num_days() + 1,
                    _ => days.len() as i64 + 1,
                };
                let label = parse(&s.date)
                    .map(crate::format::date_with_day)
                    .unwrap_or_else(|| s.date.clone());
                days.push(AgendaDay {
                    heading: format!("Hari ke-{n} — {label}"),
                    rows: Vec::new(),
                });
            }
            let note = match (s.kind, s.jp) {
                (SessionKind::Material, Some(jp)) if jp > 0 => Some(format!("{jp} JP")),
                (SessionKind::Material | SessionKind::Break, _) => None,
                (k, _) => Some(k.label().to_string()),
            };
            if let Some(day) = days.last_mut() {
                day.rows.push(AgendaRow {
                    time: format!("{}–{}", dotted(&s.start_time), dotted(&s.end_time)),
                    topic: s.title.clone(),
                    note,
                    speakers: s.speakers.iter().map(|x| x.name.clone()).collect(),
                    moderators: s.moderators.iter().map(|x| x.name.clone()).collect(),
                    room: s.room.clone().unwrap_or_default(),
                    kind: match s.kind {
                        SessionKind::Opening => RowKind::Opening,
                        SessionKind::Material => RowKind::Material,
                        SessionKind::Break => RowKind::Break,
                        SessionKind::Closing => RowKind::Closing,
                    },
                });
            }
        }
        let mut subtitle = Vec::new();
        let place = [event.venue.as_deref(), event.city.as_deref()]
            .into_iter()
            .flatten()
            .collect::<Vec<_>>()
            .join(", ");
        if !place.is_empty() {
            subtitle.push(place);
        }
        if let Some(days) = crate::format::event_days(&event.start_date, &event.end_date) {
            subtitle.push(days);
        }
        let jp = event.total_jp.unwrap_or(event.sessions_jp);
        if jp > 0 {
            subtitle.push(format!("Jumlah {jp} JP"));
        }
        let today = crate::format::date_long(chrono::Local::now().date_naive());
        let view = AgendaView {
            letterhead: kop.heading,
            letterhead_details: kop.details,
            letterhead_logo: kop.logo,
            title: "JADWAL ACARA".to_string(),
            event_title: event.title.clone(),
            subtitle,
            days,
            footer: Some(format!("Dicetak dari Bintek, {today}")),
            participant_url,
        };
        let bytes = render_agenda(&view, &bintek_docs::pdf::Fonts::dejavu_sans())
            .map_err(|e| ApiError::new(ErrorCode::Internal, e.to_string()))?;
        let name: String = format!("jadwal-{}", event.title).chars().take(80).collect();
        Ok(crate::files::FilePayload::new(
            &format!("{name}.pdf"),
            &bytes,
        ))
    }
}

pub(crate) fn session_add(tx: &Tx, args: SessionAddArgs) -> Result<Session, ApiError> {
    let event = event_or_404(tx, &args.event_id)?;
    let c = clean_session(tx, &event, args.session)?;
    check_overlap(tx, &event.id, None, &c)?;
    let now = store::now();
    let s = Session {
        id: store::new_id(),
        event_id: event.id.clone(),
        date: c.date,
        start_time: c.start,
        end_time: c.end,
        title: c.title,
        room: c.room,
        jp: c.jp,
        kind: c.kind,
        takes_attendance: c.takes_attendance,
        notes: c.notes,
        speakers: Vec::new(),
        moderators: Vec::new(),
        created_at: now.clone(),
        updated_at: now,
    };
    q::insert_session(tx, &s)?;
    tx.audit(Audit::SessionCreate, Some(&s.id), None)?;
    Ok(s)
}

pub(crate) fn session_update(tx: &Tx, args: SessionUpdateArgs) -> Result<Session, ApiError> {
    let mut s = session_or_404(tx, &args.id)?;
    let event = event_or_404(tx, &s.event_id)?;
    let c = clean_session(tx, &event, args.session)?;
    check_overlap(tx, &event.id, Some(&s.id), &c)?;
    s.date = c.date;
    s.start_time = c.start;
    s.end_time = c.end;
    s.title = c.title;
    s.room = c.room;
    s.jp = c.jp;
    s.kind = c.kind;
    s.takes_attendance = c.takes_attendance;
    s.notes = c.notes;
    s.updated_at = store::now();
    q::update_session(tx, &s)?;
    tx.audit(Audit::SessionUpdate, Some(&s.id), None)?;
    Ok(s)
}

pub(crate) fn session_delete(tx: &Tx, args: SessionIdArgs) -> Result<Session, ApiError> {
    let s = session_or_404(tx, &args.id)?;
    q::delete_session(tx, &s.id)?;
    tx.audit(Audit::SessionDelete, Some(&s.id), Some(&s.title))?;
    Ok(s)
}

/// Puts a registered speaker or moderator on a session.
pub(crate) fn session_assign(tx: &Tx, args: SessionAssignArgs) -> Result<Session, ApiError> {
    let role = staff_role(args.role.as_deref())?;

    let s = session_or_404(tx, &args.session_id)?;
    let reg = pq::get_registration(tx, &args.registration_id)?
        .ok_or_else(|| ApiError::not_found("Narasumber atau moderator tidak ditemukan."))?;
    if reg.event_id != s.event_id {
        return Err(ApiError::field(
            "registration_id",
            "Orang ini terdaftar di kegiatan lain.",
        ));
    }
    if reg.status != "registered" {
        return Err(ApiError::field(
            "registration_id",
            "Pendaftaran orang ini sudah dibatalkan atau digantikan.",
        )
        .with_code(ErrorCode::Conflict));
    }
    q::assign(tx, &s.id, &reg.id, role.as_str(), &store::now())?;
    tx.audit(Audit::SessionAssign, Some(&s.id), Some(&reg.id))?;
    session_or_404(tx, &s.id)
}

pub(crate) fn session_unassign(tx: &Tx, args: SessionAssignArgs) -> Result<Session, ApiError> {
    let role = staff_role(args.role.as_deref())?;

    let s = session_or_404(tx, &args.session_id)?;
    q::unassign(tx, &s.id, &args.registration_id, role.as_str())?;
    tx.audit(
        Audit::SessionUnassign,
        Some(&s.id),
        Some(&args.registration_id),
    )?;
    session_or_404(tx, &s.id)
}

/// Registers a speaker or moderator (reusing the person when known) and optionally
/// assigns them to a session.
pub(crate) fn speaker_add(tx: &Tx, args: SpeakerAddArgs) -> Result<SpeakerInfo, ApiError> {
    let role = staff_role(args.as_role.as_deref())?;
    let (mut errors, mut warnings) = (Errors::default(), Errors::default());
    let clean = clean_person(
        PersonInput {
            name: args.name,
            nip: args.nip,
            rank: args.rank,
            position: args.position,
            opd: args.institution,
            phone: args.phone,
            email: args.email,
            ..Default::default()
        },
        &mut errors,
        &mut warnings,
    )
    .ok_or_else(|| {
        // The form calls the person's OPD "Instansi".
        let mut errors = errors.0;
        for e in &mut errors {
            if e.field == "opd" {
                e.field = "institution".to_string();
                e.message = e.message.replacen("OPD", "Instansi", 1);
            }
        }
        ApiError::validation(errors)
    })?;

    require_event(tx, &args.event_id)?;
    let now = store::now();
    let mut clean = clean.clone();
    let opd_id = match clean.opd.take() {
        Some(name) => match resolve_opd(tx, &name, false, &now) {
            Ok((id, _)) => Some(id),
            Err(e) if e.field.as_deref() == Some("opd") => {
                clean.institution = Some(name);
                None
            }
            Err(e) => return Err(e),
        },
        None => None,
    };
    let (person, _) = upsert_person(tx, &clean, opd_id.as_deref(), &now)?;
    let (reg, _) = register(
        tx,
        &args.event_id,
        &person.id,
        role.role(),
        None,
        &now,
        false,
    )?;
    if reg.role == "participant" {
        return Err(ApiError::field(
            "name",
            format!(
                "{} sudah terdaftar sebagai peserta kegiatan ini; ubah perannya di menu Peserta.",
                person.name
            ),
        )
        .with_code(ErrorCode::Conflict));
    }
    if let Some(session_id) = &args.session_id {
        let s = session_or_404(tx, session_id)?;
        if s.event_id != args.event_id {
            return Err(ApiError::field(
                "session_id",
                "Sesi ini milik kegiatan lain.",
            ));
        }
        q::assign(tx, &s.id, &reg.id, role.as_str(), &now)?;
    }
    tx.audit(Audit::Register, Some(&reg.id), Some(role.as_str()))?;
    speaker_info(tx, &args.event_id, &reg.id)
}

/// Sets the event's one or two signatories (name, NIP, position), in signing order.
pub(crate) fn signatory_set(tx: &Tx, args: SignatorySetArgs) -> Result<Vec<Signatory>, ApiError> {
    if args.signatories.len() > 2 {
        return Err(ApiError::field(
            "signatories",
            "Paling banyak dua penanda tangan.",
        ));
    }
    let mut errors = Errors::default();
    let mut list = Vec::new();
    for (i, s) in args.signatories.into_iter().enumerate() {
        let n = i + 1;
        let name = validate::one_line(&s.name);
        let position = validate::one_line(&s.position);
        if name.is_empty() {
            errors.add(
                &format!("signatories.{i}.name"),
                format!("Nama penanda tangan {n} wajib diisi."),
            );
        }
        if position.is_empty() {
            errors.add(
                &format!("signatories.{i}.position"),
                format!("Jabatan penanda tangan {n} wajib diisi."),
            );
        }
        let nip = match s.nip.as_deref().map(str::trim).filter(|v| !v.is_empty()) {
            None => None,
            Some(v) => match ids::parse_nip(v) {
                Ok(nip) => Some(nip.digits),
                Err(e) => {
                    errors.add(&format!("signatories.{i}.nip"), e);
                    None
                }
            },
        };
        let rank = validate::opt_line(s.rank);
        for (field, label, value, max) in [
            (
                "name",
                "Nama penanda tangan",
                Some(name.as_str()),
                crate::participants::MAX_NAME,
            ),
            (
                "position",
                "Jabatan penanda tangan",
                Some(position.as_str()),
                validate::MAX_LINE,
            ),
            (
                "rank",
                "Pangkat penanda tangan",
                rank.as_deref(),
                validate::MAX_LINE,
            ),
        ] {
            validate::text(
                &mut errors,
                &format!("signatories.{i}.{field}"),
                &format!("{label} {n}"),
                value,
                max,
            );
        }
        list.push(Signatory {
            ord: n as i64,
            name,
            nip,
            rank,
            position,
        });
    }
    if !errors.is_empty() {
        return Err(ApiError::validation(errors.0));
    }

    require_event(tx, &args.event_id)?;
    q::replace_signatories(tx, &args.event_id, &list, &store::now())?;
    tx.audit(Audit::Signatories, Some(&args.event_id), None)?;
    Ok(q::list_signatories(tx, &args.event_id)?)
}

/// Copies an event to new dates: the agenda (shifted by whole days), speakers,
/// moderators, committee and signatories. Participants and attendance stay behind.
pub(crate) fn event_clone(tx: &Tx, args: EventCloneArgs) -> Result<Event, ApiError> {
    let mut errors = Errors::default();
    let start = validate::date(&mut errors, "start_date", "Tanggal mulai", &args.start_date);
    let Some(start) = start else {
        return Err(ApiError::validation(errors.0));
    };
    let title = validate::opt_line(args.title);
    validate::check(
        "title",
        "Judul kegiatan",
        title.as_deref(),
        crate::events::MAX_TITLE,
    )?;

    let src = event_or_404(tx, &args.id)?;
    let (Ok(old_start), Ok(old_end)) = (
        NaiveDate::parse_from_str(&src.start_date, "%Y-%m-%d"),
        NaiveDate::parse_from_str(&src.end_date, "%Y-%m-%d"),
    ) else {
        return Err(ApiError::new(
            ErrorCode::Internal,
            "Tanggal kegiatan asal rusak.",
        ));
    };
    let shift = start - old_start;
    let now = store::now();
    let mut event = src.clone();
    event.id = store::new_id();
    event.title = title.clone().unwrap_or(src.title.clone());
    event.start_date = start.format("%Y-%m-%d").to_string();
    event.end_date = (old_end + shift).format("%Y-%m-%d").to_string();
    event.archived = false;
    event.archived_at = None;
    event.created_at = now.clone();
    event.updated_at = now.clone();
    eq::insert_event(tx, &event)?;

    // Speakers, moderators and committee: new registrations (new codes).
    let mut reg_map = std::collections::HashMap::new();
    for role in ["speaker", "moderator", "committee"] {
        for p in pq::list_participants(
            tx,
            &ParticipantFilter {
                event_id: &src.id,
                role: Some(role),
                status: Some("registered"),
                ..Default::default()
            },
        )? {
            let r = Role::parse(role).unwrap_or(Role::Speaker);
            let (mut reg, _) = register(tx, &event.id, &p.person_id, r, None, &now, false)?;
            if p.duty.is_some() {
                reg.duty = p.duty.clone();
                pq::update_registration(tx, &reg)?;
            }
            reg_map.insert(p.id.clone(), reg.id);
        }
    }
    for s in q::list_sessions(tx, &src.id)? {
        let date = NaiveDate::parse_from_str(&s.date, "%Y-%m-%d")
            .map(|d| (d + shift).format("%Y-%m-%d").to_string())
            .unwrap_or(s.date.clone());
        let copy = Session {
            id: store::new_id(),
            event_id: event.id.clone(),
            date,
            created_at: now.clone(),
            updated_at: now.clone(),
            ..s.clone()
        };
        q::insert_session(tx, &copy)?;
        for (staff, role) in s
            .speakers
            .iter()
            .map(|x| (x, "speaker"))
            .chain(s.moderators.iter().map(|x| (x, "moderator")))
        {
            if let Some(new_reg) = reg_map.get(&staff.registration_id) {
                q::assign(tx, &copy.id, new_reg, role, &now)?;
            }
        }
    }
    let signatories = q::list_signatories(tx, &src.id)?;
    q::replace_signatories(tx, &event.id, &signatories, &now)?;
    // The keuangan's coding, signatories and rules, for the new date: the budget year and
    // the documents' date follow the clone's own dates again.
    let mut finance = store::finance::get_settings(tx, &src.id)?;
    if finance != store::finance::SettingsRow::defaults() {
        finance.budget_year = None;
        finance.pay_date = None;
        store::finance::put_settings(tx, &event.id, &finance)?;
    }
    let detail = format!("salinan dari {}", src.id);
    tx.audit(Audit::EventClone, Some(&event.id), Some(&detail))?;
    event_or_404(tx, &event.id)
}

#[cfg(test)]
mod tests {
    use super::letterhead_from_organizer as kop;

    #[test]
    fn letterhead_splits_the_region_off() {
        assert_eq!(
            kop(Some("Dinas Komunikasi dan Informatika Kabupaten Grobogan")),
            [
                "PEMERINTAH KABUPATEN GROBOGAN",
                "DINAS KOMUNIKASI DAN INFORMATIKA"
            ]
        );
        assert_eq!(
            kop(Some("Bappeda Kota Semarang")),
            ["PEMERINTAH KOTA SEMARANG", "BAPPEDA"]
        );
        assert_eq!(kop(Some("Diskominfo")), ["DISKOMINFO"]);
        assert!(kop(None).is_empty());
    }
}
